// What the tag policy needs to know about the run: pure data, read from the runner's environment elsewhere.

export interface GitContext {
  /** GITHUB_EVENT_NAME: push, pull_request, schedule, workflow_dispatch, release... */
  eventName: string
  /** GITHUB_REF: refs/heads/main, refs/tags/v1.2.3, refs/pull/12/merge */
  ref: string
  /** GITHUB_SHA (40 hex). */
  sha: string
  /** The repository's default branch, from the event payload; undefined when unknown. */
  defaultBranch?: string
  /** The pull request number, from the event payload. */
  pullRequest?: number
  /** https://github.com/owner/repo, for org.opencontainers.image.source. */
  repositoryUrl?: string
  /** When the run started (the date tag and org.opencontainers.image.created). */
  now: Date
}

export type RefKind =
  | { type: 'branch'; name: string }
  | { type: 'tag'; name: string }
  | { type: 'pull'; number: number }
  | { type: 'other'; name: string }

export function parseRef(ref: string): RefKind {
  if (ref.startsWith('refs/heads/')) return { type: 'branch', name: ref.slice('refs/heads/'.length) }
  if (ref.startsWith('refs/tags/')) return { type: 'tag', name: ref.slice('refs/tags/'.length) }
  const pr = /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(ref)
  if (pr) return { type: 'pull', number: Number(pr[1]) }
  return { type: 'other', name: ref }
}

export interface SemVer {
  major: number
  minor: number
  patch: number
  prerelease?: string
  /** major.minor.patch[-prerelease]: build metadata dropped, as docker/metadata-action's {{version}}. */
  version: string
}

const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/

/** A git tag `vX.Y.Z[-pre][+build]` (the `v` optional) as SemVer, or undefined. */
export function parseSemver(tag: string): SemVer | undefined {
  const m = SEMVER.exec(tag)
  if (!m) return undefined
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const prerelease = m[4]
  return {
    major,
    minor,
    patch,
    prerelease,
    version: `${major}.${minor}.${patch}${prerelease ? `-${prerelease}` : ''}`
  }
}

/** The release version when the ref is a SemVer git tag. */
export function releaseVersion(ref: string): SemVer | undefined {
  const kind = parseRef(ref)
  return kind.type === 'tag' ? parseSemver(kind.name) : undefined
}
