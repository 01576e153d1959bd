import { describe, expect, test } from '@jest/globals'
import type { GitContext } from '../../src/plan/git.js'
import { parseSemver } from '../../src/plan/git.js'
import { sanitizeTag } from '../../src/plan/grammar.js'
import { computeTags } from '../../src/plan/tags.js'

const SHA = '9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3'
const NOW = new Date('2024-05-30T02:15:00Z')

function git(eventName: string, ref: string, extra: Partial<GitContext> = {}): GitContext {
  return { eventName, ref, sha: SHA, defaultBranch: 'main', now: NOW, ...extra }
}

const tags = (g: GitContext, environment: string, extra: string[] = [], semverAliases = true): string[] =>
  computeTags(g, { environment, production: environment === 'prod', semverAliases, extra }).tags.map(
    t => t.tag
  )

describe('tag policy', () => {
  test.each([
    // event, ref, environment, expected tags (in priority order)
    ['push', 'refs/heads/main', 'dev', ['dev-main', 'latest', 'sha-9f2c1ab']],
    ['push', 'refs/heads/main', 'stage', ['sha-9f2c1ab']],
    ['push', 'refs/heads/main', 'prod', ['sha-9f2c1ab']],
    ['push', 'refs/heads/feature/login-form', 'dev', ['dev-feature-login-form', 'sha-9f2c1ab']],
    ['push', 'refs/heads/feature/login-form', 'stage', ['sha-9f2c1ab']],
    ['push', 'refs/tags/v1.2.3', 'dev', ['1.2.3', '1.2', '1', 'latest', 'sha-9f2c1ab']],
    ['push', 'refs/tags/v1.2.3', 'stage', ['1.2.3', '1.2', '1', 'sha-9f2c1ab']],
    ['push', 'refs/tags/v1.2.3', 'prod', ['1.2.3', '1.2', '1', 'sha-9f2c1ab']],
    ['push', 'refs/tags/v1.2.3-rc.1', 'prod', ['1.2.3-rc.1', 'sha-9f2c1ab']],
    ['push', 'refs/tags/v1.2.3-rc.1', 'dev', ['1.2.3-rc.1', 'sha-9f2c1ab']],
    ['push', 'refs/tags/v0.4.1', 'prod', ['0.4.1', '0.4', 'sha-9f2c1ab']],
    ['push', 'refs/tags/v2.0.0+build.7', 'prod', ['2.0.0', '2.0', '2', 'sha-9f2c1ab']],
    ['push', 'refs/tags/release-7', 'prod', ['sha-9f2c1ab']],
    ['schedule', 'refs/heads/main', 'dev', ['2024-05-30', 'dev-main', 'latest', 'sha-9f2c1ab']],
    ['schedule', 'refs/heads/main', 'prod', ['2024-05-30', 'sha-9f2c1ab']],
    ['pull_request', 'refs/pull/42/merge', 'dev', ['pr-42', 'sha-9f2c1ab']],
    ['pull_request', 'refs/pull/42/merge', 'stage', ['sha-9f2c1ab']],
    ['workflow_dispatch', 'refs/heads/main', 'dev', ['dev-main', 'latest', 'sha-9f2c1ab']],
    ['workflow_dispatch', 'refs/heads/hotfix', 'prod', ['sha-9f2c1ab']],
    ['workflow_dispatch', 'refs/tags/v3.1.0', 'prod', ['3.1.0', '3.1', '3', 'sha-9f2c1ab']]
  ])('%s %s in %s', (event, ref, environment, expected) => {
    expect(tags(git(event, ref), environment)).toEqual(expected)
  })

  test.each<[string, 'version' | 'git-tag' | undefined, string[]]>([
    // docker/metadata-action's {{version}} is the default
    ['refs/tags/v1.3.0', undefined, ['1.3.0', '1.3', '1', 'sha-9f2c1ab']],
    ['refs/tags/v1.3.0', 'version', ['1.3.0', '1.3', '1', 'sha-9f2c1ab']],
    // the design doc's form: the git tag itself, aliases spelled alike ({{raw}}, v{{major}}.{{minor}}, v{{major}})
    ['refs/tags/v1.3.0', 'git-tag', ['v1.3.0', 'v1.3', 'v1', 'sha-9f2c1ab']],
    ['refs/tags/1.3.0', 'git-tag', ['1.3.0', '1.3', '1', 'sha-9f2c1ab']],
    ['refs/tags/v0.4.1', 'git-tag', ['v0.4.1', 'v0.4', 'sha-9f2c1ab']],
    ['refs/tags/v1.3.0-rc.1', 'git-tag', ['v1.3.0-rc.1', 'sha-9f2c1ab']],
    // a tag cannot hold `+`: sanitised as docker/metadata-action does
    ['refs/tags/v2.0.0+build.7', 'git-tag', ['v2.0.0-build.7', 'v2.0', 'v2', 'sha-9f2c1ab']]
  ])('SemVer tag form: %s as %s', (ref, semverTag, expected) => {
    const result = computeTags(git('push', ref), {
      environment: 'prod',
      production: true,
      semverAliases: true,
      semverTag,
      extra: []
    })
    expect(result.tags.map(t => t.tag)).toEqual(expected)
  })

  test('semver aliases can be turned off', () => {
    expect(tags(git('push', 'refs/tags/v1.2.3'), 'prod', [], false)).toEqual(['1.2.3', 'sha-9f2c1ab'])
  })

  test('a branch build is not latest when the default branch is unknown', () => {
    expect(tags(git('push', 'refs/heads/main', { defaultBranch: undefined }), 'dev')).toEqual([
      'dev-main',
      'sha-9f2c1ab'
    ])
  })

  test('pull request number from the payload when the ref does not carry it', () => {
    expect(tags(git('pull_request_target', 'refs/heads/main', { pullRequest: 7 }), 'dev')).toEqual([
      'pr-7',
      'sha-9f2c1ab'
    ])
  })

  test('the date tag is the UTC date', () => {
    const late = git('schedule', 'refs/heads/main', { now: new Date('2024-05-30T23:59:59-05:00') })
    expect(tags(late, 'prod')[0]).toBe('2024-05-31')
  })

  test('extra tags are added once, after the policy tags', () => {
    expect(tags(git('push', 'refs/heads/main'), 'stage', ['candidate', 'sha-9f2c1ab'])).toEqual([
      'sha-9f2c1ab',
      'candidate'
    ])
  })

  test.each([
    ['stage', 'latest', '"latest" is only for the dev environment, never stage'],
    ['prod', 'latest', '"latest" is only for the dev environment, never prod'],
    ['prod', 'hotfix-debug', '"hotfix-debug": -debug tags never go to a production registry (prod)'],
    ['dev', '-bad', '"-bad" is not a valid tag']
  ])('in %s the extra tag %s is refused', (environment, tag, reason) => {
    const r = computeTags(git('push', 'refs/heads/main'), {
      environment,
      production: environment === 'prod',
      semverAliases: true,
      extra: [tag]
    })
    expect(r.refused).toEqual([{ tag, reason }])
    expect(r.tags.map(t => t.tag)).not.toContain(tag)
  })

  test('-debug tags are allowed outside production', () => {
    expect(tags(git('push', 'refs/heads/main'), 'stage', ['x-debug'])).toContain('x-debug')
  })
})

describe('semver and sanitising', () => {
  test.each([
    ['v1.2.3', '1.2.3'],
    ['1.2.3', '1.2.3'],
    ['v1.2.3-beta.2', '1.2.3-beta.2'],
    ['v10.20.30+meta', '10.20.30'],
    ['v1.2', undefined],
    ['v01.2.3', undefined],
    ['latest', undefined]
  ])('%s -> %s', (tag, version) => {
    expect(parseSemver(tag)?.version).toBe(version)
  })

  test.each([
    ['dev-feature/x', 'dev-feature-x'],
    ['dev-Feature_Y', 'dev-Feature_Y'],
    ['dev-a//b@@c', 'dev-a-b-c'],
    ['dev-trailing.', 'dev-trailing'],
    ['dev-' + 'x'.repeat(200), 'dev-' + 'x'.repeat(124)]
  ])('sanitizeTag(%s)', (input, out) => {
    expect(sanitizeTag(input)).toBe(out)
  })
})
