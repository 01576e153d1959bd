// The tag policy. Pure: (git context, environment, options) -> ordered tags, each with why it is there.
import { parseRef, releaseVersion, type GitContext, type SemVer } from './git.js'
import type { SemverTagForm } from '../catalog/schema.js'
import { isTag, sanitizeTag } from './grammar.js'

export interface TagPolicyOptions {
  /** The environment the run publishes to (dev, stage, prod...). */
  environment: string
  /** Whether that environment is a production registry (no -debug, no latest). */
  production: boolean
  /** X.Y and X aliases on releases (default true). */
  semverAliases: boolean
  /** `version` (default): `1.3.0` from git tag `v1.3.0`; `git-tag`: `v1.3.0`, `v1.3`, `v1`. */
  semverTag?: SemverTagForm
  /** Extra tags from the catalog and the action's `tags` input. */
  extra: readonly string[]
}

export type TagSource =
  'semver' | 'semver-alias' | 'date' | 'branch' | 'pull-request' | 'latest' | 'sha' | 'extra'

export interface PlannedTag {
  tag: string
  source: TagSource
}

export interface TagPolicyResult {
  tags: PlannedTag[]
  /** The release version (from a SemVer git tag), if any. */
  semver?: SemVer
  /** Tags refused by the policy, with the reason (become catalog/input errors). */
  refused: { tag: string; reason: string }[]
}

export const DEV_ENVIRONMENT = 'dev'

export function shortSha(sha: string): string {
  return sha.slice(0, 7)
}

/** `YYYY-MM-DD` in UTC. */
export function dateTag(now: Date): string {
  return now.toISOString().slice(0, 10)
}

export function computeTags(git: GitContext, opts: TagPolicyOptions): TagPolicyResult {
  const tags: PlannedTag[] = []
  const refused: TagPolicyResult['refused'] = []
  const add = (tag: string, source: TagSource): void => {
    if (!tags.some(t => t.tag === tag)) tags.push({ tag, source })
  }
  const isDev = opts.environment === DEV_ENVIRONMENT && !opts.production
  const ref = parseRef(git.ref)
  const isPullRequest = git.eventName.startsWith('pull_request') || ref.type === 'pull'

  const semver = releaseVersion(git.ref)
  if (semver) {
    // git-tag: the tag as docker/metadata-action's {{raw}} spells it (build metadata's `+` becomes `-`)
    const gitTag = opts.semverTag === 'git-tag' && ref.type === 'tag'
    const prefix = gitTag && ref.name.startsWith('v') ? 'v' : ''
    add(gitTag ? sanitizeTag(ref.name) : semver.version, 'semver')
    if (!semver.prerelease && opts.semverAliases) {
      add(`${prefix}${semver.major}.${semver.minor}`, 'semver-alias')
      // no `0` alias for major version zero (0.y.z is not stable): docker/metadata-action's README
      // advises it, its default still tags `0`
      if (semver.major > 0) add(`${prefix}${semver.major}`, 'semver-alias')
    }
  }
  if (git.eventName === 'schedule') add(dateTag(git.now), 'date')
  if (isDev && ref.type === 'branch' && !isPullRequest) {
    const branch = sanitizeTag(`dev-${ref.name}`)
    if (isTag(branch)) add(branch, 'branch')
  }
  if (isDev && isPullRequest) {
    const number = ref.type === 'pull' ? ref.number : git.pullRequest
    if (number !== undefined) add(`pr-${number}`, 'pull-request')
  }
  const onDefaultBranch =
    ref.type === 'branch' && git.defaultBranch !== undefined && ref.name === git.defaultBranch
  if (isDev && !isPullRequest && (onDefaultBranch || (semver !== undefined && !semver.prerelease))) {
    add('latest', 'latest')
  }
  add(`sha-${shortSha(git.sha)}`, 'sha')

  for (const tag of new Set(opts.extra)) {
    if (tag === 'latest' && !isDev) {
      refused.push({ tag, reason: `"latest" is only for the dev environment, never ${opts.environment}` })
    } else if (opts.production && /-debug$/.test(tag)) {
      refused.push({
        tag,
        reason: `"${tag}": -debug tags never go to a production registry (${opts.environment})`
      })
    } else if (!isTag(tag)) {
      refused.push({ tag, reason: `"${tag}" is not a valid tag` })
    } else {
      add(tag, 'extra')
    }
  }
  return { tags, semver, refused }
}
