// `dependency-snapshot: true`: every platform image's SPDX SBOM submitted to the repository's dependency
// graph (github/snapshot.ts says what a snapshot holds), so that Dependabot alerts on the packages the images
// ship. One POST per snapshot, one after another (GitHub asks for mutating requests in series), each bounded
// (github/rest.ts: 15 s, one retry of a 5xx, a 429 or a dropped connection).
//
// A submission that fails is a warning naming the image, the platform, GitHub's answer and what to change,
// never a red job: it runs after the images were built, judged and pushed, and what it feeds (Dependabot)
// is advice about images that already passed or failed on their own findings; the SBOMs themselves are in
// the evidence artifact either way. This is what the workflow does with a SARIF that code scanning refuses,
// and what anchore/sbom-action does with a snapshot GitHub refuses. An answer that would be the same for
// every snapshot (the token refused, the repository not found, the API down) stops the submissions there.
import * as core from '@actions/core'
import * as fs from 'node:fs'
import type { InputsOf } from '../inputs.js'
import { parseJson } from '../json.js'
import { spdxPackageUrls } from '../sbom/spdx.js'
import { describeOutcome, postJson } from './rest.js'
import {
  dependencySnapshot,
  manifestName,
  snapshotCorrelator,
  snapshotRun,
  type SnapshotRun,
  type SnapshotSubject
} from './snapshot.js'

/** One platform image whose SBOM is submitted. */
export interface SnapshotTarget extends SnapshotSubject {
  /** Its SPDX JSON SBOM. */
  spdxFile: string
}

export interface SubmissionResult {
  image: string
  platform: string
  correlator: string
  /** The snapshot GitHub created (201). */
  id?: number
  /** GitHub's `result`: SUCCESS, ACCEPTED (created, the dependencies not updated) or INVALID. */
  result?: string
  /** Packages submitted (with a purl). */
  packages?: number
  /** Why it was not submitted, or GitHub's message with an INVALID result. */
  error?: string
}

export interface SubmissionOptions {
  run: SnapshotRun
  /** `owner/repo` (GITHUB_REPOSITORY). */
  repository: string
  /** GITHUB_API_URL, e.g. https://api.github.com. */
  apiUrl: string
  token: string
  now?: () => Date
  timeoutMs?: number
  retryAfterMs?: number
}

const TITLE = 'imagegate dependency snapshot'

/**
 * The submissions' settings from the inputs and the runner's environment (undefined: dependency-snapshot
 * is off), or why they cannot be made: checked before anything is built, since a snapshot asked for and
 * impossible from the start (no token, no SPDX SBOM, not a GitHub Actions run) is a mistake in the inputs.
 * The token is masked here.
 */
export function submissionOptions(
  inputs: InputsOf<'dependency-snapshot' | 'sbom-format' | 'github-token'>,
  env: NodeJS.ProcessEnv,
  payload: Record<string, unknown>
): SubmissionOptions | { problem: string } | undefined {
  if (!inputs['dependency-snapshot']) return undefined
  const problem = (why: string) => ({ problem: `input dependency-snapshot: ${why}` })
  if (!inputs['sbom-format'].includes('spdx-json'))
    return problem('needs spdx-json in sbom-format (the snapshot is read from the SPDX SBOM)')
  const token = inputs['github-token'].trim()
  if (!token)
    return problem('needs github-token (its default, the job token, with `permissions: contents: write`)')
  core.setSecret(token)
  const repository = env.GITHUB_REPOSITORY ?? ''
  if (repository && !/^[^/\s]+\/[^/\s]+$/.test(repository))
    return problem(`GITHUB_REPOSITORY "${repository}" is not owner/name`)
  const run = snapshotRun(env, payload)
  if ('problem' in run) return problem(run.problem)
  return { run, repository, apiUrl: env.GITHUB_API_URL || 'https://api.github.com', token }
}

/** What to change for an answer that every snapshot would get. */
function remedy(status: number, repository: string): string | undefined {
  if (status === 401 || status === 403)
    return 'give the job `permissions: contents: write` (the dependency submission API needs it) and a github-token that has it, or set dependency-snapshot: false'
  if (status === 404)
    return `GitHub does not find ${repository} for this token (GITHUB_REPOSITORY, GITHUB_API_URL, a token of another repository)`
  return undefined
}

/** Submits one snapshot per target, in order; never throws: each result says what happened. */
export async function submitDependencySnapshots(
  targets: readonly SnapshotTarget[],
  o: SubmissionOptions
): Promise<SubmissionResult[]> {
  core.setSecret(o.token)
  const url = `${o.apiUrl.replace(/\/+$/, '')}/repos/${o.repository}/dependency-graph/snapshots`
  const now = o.now ?? (() => new Date())
  const results: SubmissionResult[] = []
  let stopped: string | undefined
  const missed: string[] = []
  for (const target of targets) {
    const about = manifestName(target)
    const result: SubmissionResult = {
      image: target.image,
      platform: target.platform,
      correlator: snapshotCorrelator(o.run, target.image, target.platform)
    }
    results.push(result)
    if (stopped) {
      result.error = `not submitted: ${stopped}`
      missed.push(about)
      continue
    }
    let body: string
    try {
      const read = spdxPackageUrls(
        parseJson(fs.readFileSync(target.spdxFile, 'utf8'), r => `SBOM ${target.spdxFile} is not JSON: ${r}`),
        target.spdxFile
      )
      result.packages = read.packages.length
      body = JSON.stringify(dependencySnapshot(o.run, target, read.packages, now()))
      if (read.withoutPurl > 0)
        core.info(`${about}: ${read.withoutPurl} SBOM packages without a package URL are not in its snapshot`)
    } catch (err) {
      result.error = err instanceof Error ? err.message : String(err)
      core.warning(`${about}: no dependency snapshot: ${result.error}`, { title: TITLE })
      continue
    }
    const outcome = await postJson({
      url,
      token: o.token,
      body,
      timeoutMs: o.timeoutMs,
      retryAfterMs: o.retryAfterMs
    })
    if (outcome.answered && outcome.ok) {
      const answer = parseAnswer(outcome.body)
      result.id = answer.id
      result.result = answer.result
      if (answer.result === 'INVALID') {
        result.error = `GitHub found the snapshot invalid: ${answer.message ?? '(no message)'}`
        core.warning(`${about}: ${result.error}`, { title: TITLE })
      } else {
        core.info(
          `${about}: dependency snapshot ${answer.id ?? '?'} ${answer.result ?? 'created'} (${result.packages} packages, correlator ${result.correlator})${answer.message ? `: ${answer.message}` : ''}`
        )
      }
      continue
    }
    const why = `POST ${url}: ${describeOutcome(outcome)}`
    result.error = why
    // a 400 or 422 is about this snapshot's body; anything else every other snapshot would get too
    if (outcome.answered && (outcome.status === 400 || outcome.status === 422)) {
      core.warning(`${about}: the dependency snapshot was refused: ${why}`, { title: TITLE })
      continue
    }
    const hint = outcome.answered ? remedy(outcome.status, o.repository) : undefined
    stopped = hint ? `${why}: ${hint}` : why
    result.error = stopped
    missed.push(about)
  }
  if (stopped) {
    core.warning(`dependency snapshots not submitted for ${missed.join(', ')}: ${stopped}`, { title: TITLE })
  }
  return results
}

/** The 201 answer: `{id, created_at, result, message}`. */
function parseAnswer(body: string): { id?: number; result?: string; message?: string } {
  try {
    const a = JSON.parse(body) as { id?: unknown; result?: unknown; message?: unknown }
    return {
      ...(typeof a.id === 'number' ? { id: a.id } : {}),
      ...(typeof a.result === 'string' ? { result: a.result } : {}),
      ...(typeof a.message === 'string' && a.message ? { message: a.message } : {})
    }
  } catch {
    return {}
  }
}
