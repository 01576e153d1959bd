import { describe, expect, test } from '@jest/globals'
import {
  DETECTOR,
  dependencySnapshot,
  snapshotCorrelator,
  snapshotRun,
  type SnapshotRun
} from '../../src/github/snapshot.js'
import { IMAGEGATE_VERSION } from '../../src/version.js'
import { SnapshotSchema } from '../e2e/dependency-graph-api.js'

const SHA = '9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3'
const HEAD = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const ENV = {
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_WORKFLOW: 'images',
  GITHUB_JOB: 'build',
  GITHUB_RUN_ID: '42',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_SHA: SHA,
  GITHUB_REF: 'refs/heads/main',
  GITHUB_EVENT_NAME: 'push'
}
const PR = { pull_request: { number: 7, head: { sha: HEAD } } }

describe('snapshotRun: the commit, ref and job a snapshot names', () => {
  test.each<
    [string, Record<string, string | undefined>, Record<string, unknown>, Partial<SnapshotRun> | string]
  >([
    ['a push: GITHUB_SHA and GITHUB_REF', {}, {}, { sha: SHA, ref: 'refs/heads/main' }],
    [
      'a pull request: the head commit (GITHUB_SHA is the merge commit), the merge ref',
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/7/merge' },
      PR,
      { sha: HEAD, ref: 'refs/pull/7/merge' }
    ],
    [
      'pull_request_target runs on the base commit: GITHUB_SHA',
      { GITHUB_EVENT_NAME: 'pull_request_target' },
      PR,
      { sha: SHA }
    ],
    ['a tag', { GITHUB_REF: 'refs/tags/v1.2.0' }, {}, { ref: 'refs/tags/v1.2.0' }],
    [
      'the job and its run page',
      { GITHUB_SERVER_URL: 'https://ghe.example.com/' },
      {},
      {
        workflow: 'images',
        job: 'build',
        runId: '42',
        runUrl: 'https://ghe.example.com/acme/shop/actions/runs/42'
      }
    ],
    ['a SHA-256 repository', { GITHUB_SHA: 'b'.repeat(64) }, {}, { sha: 'b'.repeat(64) }],
    [
      'outside a run',
      { GITHUB_WORKFLOW: undefined, GITHUB_RUN_ID: undefined },
      {},
      'GITHUB_WORKFLOW, GITHUB_RUN_ID not set (the runner sets them)'
    ],
    ['no commit', { GITHUB_SHA: 'main' }, {}, 'the commit "main" is not a commit id'],
    ['no ref', { GITHUB_REF: '' }, {}, 'GITHUB_REF not set is not a ref']
  ])('%s', (_what, env, payload, expected) => {
    const run = snapshotRun({ ...ENV, ...env }, payload)
    if (typeof expected === 'string') expect(run).toEqual({ problem: expected })
    else expect(run).toMatchObject(expected)
  })
})

describe('dependencySnapshot: one image platform as the API takes it', () => {
  const run = snapshotRun(ENV, {}) as SnapshotRun
  const subject = {
    image: 'web',
    platform: 'linux/arm64',
    dockerfile: 'services/web/Dockerfile',
    repository: 'ghcr.io/acme/web',
    manifest: `sha256:${'c'.repeat(64)}`,
    environment: 'dev'
  }
  const packages = [
    { purl: 'pkg:npm/express@4.18.2', dependsOn: ['pkg:npm/lodash@4.17.20'] },
    { purl: 'pkg:npm/lodash@4.17.20', dependsOn: [] }
  ]
  const scanned = new Date('2026-12-07T10:00:00Z')

  test('the body: job, commit, detector, one manifest (the Dockerfile), the packages with their dependencies', () => {
    expect(dependencySnapshot(run, subject, packages, scanned)).toEqual({
      version: 0,
      job: {
        correlator: 'images_build_web_linux/arm64',
        id: '42',
        html_url: 'https://github.com/acme/shop/actions/runs/42'
      },
      sha: SHA,
      ref: 'refs/heads/main',
      detector: {
        name: 'imagegate',
        version: IMAGEGATE_VERSION,
        url: 'https://github.com/imagegate/imagegate'
      },
      manifests: {
        'web linux/arm64': {
          name: 'web linux/arm64',
          file: { source_location: 'services/web/Dockerfile' },
          metadata: {
            'imagegate:image': 'web',
            'imagegate:platform': 'linux/arm64',
            'imagegate:repository': 'ghcr.io/acme/web',
            'imagegate:environment': 'dev',
            'imagegate:manifest': `sha256:${'c'.repeat(64)}`
          },
          resolved: {
            'pkg:npm/express@4.18.2': {
              package_url: 'pkg:npm/express@4.18.2',
              scope: 'runtime',
              dependencies: ['pkg:npm/lodash@4.17.20']
            },
            'pkg:npm/lodash@4.17.20': { package_url: 'pkg:npm/lodash@4.17.20', scope: 'runtime' }
          }
        }
      },
      scanned: '2026-12-07T10:00:00.000Z'
    })
  })

  test("GitHub's schema takes it (closed objects, metadata at most 8 scalars), with and without packages", () => {
    for (const list of [packages, []]) {
      const r = SnapshotSchema.safeParse(dependencySnapshot(run, subject, list, scanned))
      expect(r.error?.issues ?? []).toEqual([])
    }
    const noManifest = { ...subject, manifest: undefined }
    const body = dependencySnapshot(run, noManifest, packages, scanned)
    expect(body.manifests['web linux/arm64']?.metadata).not.toHaveProperty('imagegate:manifest')
    expect(SnapshotSchema.safeParse(body).success).toBe(true)
  })

  test('no relationship is claimed: an SBOM does not say direct or indirect', () => {
    const body = dependencySnapshot(run, subject, packages, scanned)
    for (const dep of Object.values(body.manifests['web linux/arm64']?.resolved ?? {}))
      expect(dep).not.toHaveProperty('relationship')
  })

  test.each([
    ['web', 'linux/amd64', 'images_build_web_linux/amd64'],
    ['web', 'linux/arm/v7', 'images_build_web_linux/arm/v7'],
    ['api', 'linux/amd64', 'images_build_api_linux/amd64']
  ])('the correlator of %s %s: %s (one per image and platform)', (image, platform, correlator) => {
    expect(snapshotCorrelator(run, image, platform)).toBe(correlator)
  })

  test('the detector is imagegate at its version', () => {
    expect(DETECTOR).toEqual({
      name: 'imagegate',
      version: IMAGEGATE_VERSION,
      url: 'https://github.com/imagegate/imagegate'
    })
  })
})
