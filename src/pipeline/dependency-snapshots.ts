// The run's dependency snapshots (dependency-snapshot: true): one per platform image whose SPDX SBOM this
// run wrote, whatever its verdict (a failed image's packages are what Dependabot should know about), sent
// to GitHub's dependency graph (github/dependency-submission.ts). A platform job of a distributed build
// sends its own platforms: each snapshot is one image platform, so the merge has none left to send.
import * as core from '@actions/core'
import {
  submitDependencySnapshots,
  type SnapshotTarget,
  type SubmissionResult
} from '../github/dependency-submission.js'
import type { RunContext } from '../run-context.js'
import type { ImageRun } from './image.js'

/** The platform images with an SPDX SBOM, in the plan's order; an image without one is said in the log. */
export function snapshotTargets(ctx: Pick<RunContext, 'plan' | 'files'>, images: readonly ImageRun[]) {
  const { plan, files } = ctx
  const targets: SnapshotTarget[] = []
  const without: string[] = []
  for (const run of images) {
    const platforms = run.outcome.scans.map(s => s.platform)
    for (const platform of platforms) {
      const spdxFile = files.sbomFile(
        run.plan.name,
        plan.git.shortSha,
        platform,
        platforms.length,
        'spdx-json'
      )
      if (!run.sboms.some(s => s.file === spdxFile)) {
        without.push(`${run.plan.name} ${platform}`)
        continue
      }
      targets.push({
        image: run.plan.name,
        platform,
        dockerfile: run.plan.file,
        repository: run.plan.repository,
        manifest: run.manifests?.get(platform),
        environment: plan.environment,
        spdxFile
      })
    }
    if (platforms.length === 0) without.push(run.plan.name) // its build or scan failed: its own error
  }
  return { targets, without }
}

/** The snapshots of the run's SBOMs; undefined when dependency-snapshot is off. Never throws. */
export async function submitSnapshots(
  ctx: RunContext,
  images: readonly ImageRun[]
): Promise<SubmissionResult[] | undefined> {
  const options = ctx.dependencySnapshots
  if (!options) return undefined
  const { targets, without } = snapshotTargets(ctx, images)
  if (without.length > 0) core.info(`no SPDX SBOM, no dependency snapshot: ${without.join(', ')}`)
  if (targets.length === 0) return []
  core.info(
    `dependency snapshots: ${targets.length} to ${options.repository}'s dependency graph (one per image and platform)`
  )
  return await submitDependencySnapshots(targets, options)
}
