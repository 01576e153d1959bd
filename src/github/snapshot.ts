// A platform image's packages as a snapshot of GitHub's dependency submission API (`POST /repos/{owner}/
// {repo}/dependency-graph/snapshots`, the `snapshot` schema of GitHub's REST description): pure.
//
// One snapshot per image and platform, as anchore/sbom-action submits one per SBOM. Its correlator is
// GITHUB_WORKFLOW and GITHUB_JOB (GitHub's suggestion, sbom-action's `<workflow>_<job>`) plus the image and
// the platform: GitHub keeps only the latest snapshot of each correlator and detector, so the next run
// replaces an image platform's packages instead of adding to them, one image never replaces another, and
// the jobs of a distributed build (one job id, one job per image and platform) do not either.
//
// Each snapshot holds one manifest: the image platform, its file the image's Dockerfile (a path in the
// repository, where GitHub can point). What the SBOM cannot say is left out rather than guessed:
// `relationship` (direct or indirect) is omitted, which the API allows: an image's SBOM does not tell a
// package the Dockerfile asked for from one pulled in by another (Trivy's SPDX CONTAINS means "no parent in
// the graph", not "direct"; syft's submitter calls every package direct). The dependency graph is kept:
// each package lists the purls it DEPENDS_ON. `scope` is runtime: every package listed ships in the image.
import { IMAGEGATE_VERSION } from '../version.js'
import type { PackageUrl } from '../sbom/spdx.js'

export const DETECTOR = {
  name: 'imagegate',
  version: IMAGEGATE_VERSION,
  url: 'https://github.com/imagegate/imagegate'
} as const

/** The `snapshot` request body (GitHub's REST description, `components.schemas.snapshot`). */
export interface DependencySnapshot {
  version: number
  job: { correlator: string; id: string; html_url?: string }
  sha: string
  ref: string
  detector: { name: string; version: string; url: string }
  metadata?: Record<string, string | number | boolean>
  manifests: Record<string, SnapshotManifest>
  scanned: string
}

export interface SnapshotManifest {
  name: string
  file?: { source_location?: string }
  /** At most 8 keys with scalar values (the API's limit). */
  metadata?: Record<string, string | number | boolean>
  resolved: Record<string, SnapshotDependency>
}

export interface SnapshotDependency {
  package_url: string
  relationship?: 'direct' | 'indirect'
  scope?: 'runtime' | 'development'
  dependencies?: string[]
}

/** What a snapshot says about the run that made it (from the runner's environment). */
export interface SnapshotRun {
  workflow: string
  job: string
  runId: string
  /** The run's page: `{server}/{repository}/actions/runs/{id}`. */
  runUrl: string
  sha: string
  ref: string
}

/**
 * GitHub's dependency review reads snapshots of a pull request's head commit; GITHUB_SHA of a pull_request
 * run is the merge commit (as sbom-action and dependency-submission-toolkit read it). pull_request_target
 * runs on the base commit: its GITHUB_SHA is the commit it built.
 */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment'])

/** The run as a snapshot names it, or what in the environment is missing. */
export function snapshotRun(
  env: NodeJS.ProcessEnv,
  payload: Record<string, unknown>
): SnapshotRun | { problem: string } {
  const head = (payload.pull_request as { head?: { sha?: unknown } } | undefined)?.head?.sha
  const sha =
    PULL_REQUEST_EVENTS.has(env.GITHUB_EVENT_NAME ?? '') && typeof head === 'string' ? head : env.GITHUB_SHA
  const missing = [
    ['GITHUB_REPOSITORY', env.GITHUB_REPOSITORY],
    ['GITHUB_WORKFLOW', env.GITHUB_WORKFLOW],
    ['GITHUB_JOB', env.GITHUB_JOB],
    ['GITHUB_RUN_ID', env.GITHUB_RUN_ID]
  ].flatMap(([name, value]) => (value ? [] : [name]))
  if (missing.length > 0) return { problem: `${missing.join(', ')} not set (the runner sets them)` }
  if (!sha || !/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(sha))
    return { problem: `the commit ${sha ? `"${sha}"` : '(GITHUB_SHA not set)'} is not a commit id` }
  const ref = env.GITHUB_REF ?? ''
  if (!ref.startsWith('refs/')) return { problem: `GITHUB_REF ${ref ? `"${ref}"` : 'not set'} is not a ref` }
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  return {
    workflow: env.GITHUB_WORKFLOW as string,
    job: env.GITHUB_JOB as string,
    runId: env.GITHUB_RUN_ID as string,
    runUrl: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`,
    sha,
    ref
  }
}

/** `<workflow>_<job>_<image>_<platform>`: one snapshot per image and platform, replaced by the next run's. */
export function snapshotCorrelator(
  run: Pick<SnapshotRun, 'workflow' | 'job'>,
  image: string,
  platform: string
) {
  return `${run.workflow}_${run.job}_${image}_${platform}`
}

/** The image platform a snapshot is of. */
export interface SnapshotSubject {
  image: string
  platform: string
  /** The Dockerfile, relative to the repository root (the workspace). */
  dockerfile: string
  /** `<registry>/<org>/<name>` */
  repository: string
  /** The platform manifest's digest: the bytes whose SBOM this is. */
  manifest?: string
  environment: string
}

/** The manifest's name: the image and the platform, as the log names them. */
export const manifestName = (subject: Pick<SnapshotSubject, 'image' | 'platform'>): string =>
  `${subject.image} ${subject.platform}`

/**
 * The snapshot of one image platform. `scanned`: when it is submitted, not when the SBOM was written (a
 * reused SBOM may be older than the snapshot it replaces, and GitHub keeps the latest).
 */
export function dependencySnapshot(
  run: SnapshotRun,
  subject: SnapshotSubject,
  packages: readonly PackageUrl[],
  scanned: Date
): DependencySnapshot {
  const resolved: Record<string, SnapshotDependency> = {}
  for (const p of packages) {
    resolved[p.purl] = {
      package_url: p.purl,
      scope: 'runtime',
      ...(p.dependsOn.length > 0 ? { dependencies: p.dependsOn } : {})
    }
  }
  const name = manifestName(subject)
  return {
    version: 0,
    job: {
      correlator: snapshotCorrelator(run, subject.image, subject.platform),
      id: run.runId,
      html_url: run.runUrl
    },
    sha: run.sha,
    ref: run.ref,
    detector: { ...DETECTOR },
    manifests: {
      [name]: {
        name,
        file: { source_location: subject.dockerfile },
        metadata: {
          'imagegate:image': subject.image,
          'imagegate:platform': subject.platform,
          'imagegate:repository': subject.repository,
          'imagegate:environment': subject.environment,
          ...(subject.manifest ? { 'imagegate:manifest': subject.manifest } : {})
        },
        resolved
      }
    },
    scanned: scanned.toISOString()
  }
}
