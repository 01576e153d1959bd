// What a build run leaves behind, whatever its verdict: the SARIF file, the evidence artifact, the step's
// outputs, and the message that turns the job red.
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { coveredMs, stageTimings } from '../exec.js'
import type { GateResult } from '../gate/gate.js'
import type { ImageRun } from '../pipeline/image.js'
import type { Published } from '../pipeline/publish.js'
import { planPlatforms } from '../plan/plan.js'
import type { RunContext } from '../run-context.js'
import { DOWNLOAD } from '../tools/install.js'
import { countBySeverity } from '../trivy/report.js'
import { DB_PREPARATION, settleDbCache, type DbCacheResult, type DbInfo } from '../trivy/db.js'
import { artifactName, uploadEvidence } from './artifact.js'
import type { ImageReport } from './run-summary.js'
import { describeTruncation, stampVerdict, toSarif } from './sarif.js'
import type { VerdictProvenance } from '../policy/findings-file.js'
import { writeFindingsFile } from '../policy/run-policy.js'
import type { Scanner } from '../pipeline/platform.js'
import { annotate, runSummaryMarkdown, writeJobSummary } from './run-summary.js'
import { trustSummaryMarkdown, verifyCommands, type TrustedImage } from './trust-summary.js'
import type { SubmissionResult } from '../github/dependency-submission.js'

/** One SARIF file for github/codeql-action/upload-sarif: a run per image and platform, the gate's severities. */
export function writeSarif(
  ctx: RunContext,
  images: readonly ImageRun[],
  trivyVersion: string,
  /** What judged the findings: stamped on every run with the digests scanned. */
  provenance?: VerdictProvenance
): void {
  const runs = images.flatMap(i =>
    i.outcome.scans.map(s => ({ image: i.plan.name, platform: s.platform, findings: s.findings }))
  )
  const { sarif, truncated } = toSarif(runs, { severities: ctx.inputs.severity, toolVersion: trivyVersion })
  if (provenance) {
    stampVerdict(sarif, (image, platform) => {
      const run = images.find(i => i.plan.name === image)
      return { ...provenance, digest: run?.digest, manifest: run?.manifests?.get(platform) }
    })
  }
  const file = ctx.files.sarifFile
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify(sarif, null, 2))
  core.setOutput('sarif', file)
  const cut = describeTruncation(truncated)
  if (cut) core.warning(cut, { title: 'imagegate: SARIF cut to GitHub limits' })
}

function listFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).map(f => path.join(dir, f)) : []
}

/** SBOMs, reports and the plan as one workflow artifact: also (above all) when the gate failed. */
export async function uploadEvidenceFiles(
  ctx: RunContext,
  reports: readonly ImageReport[],
  /** Files beyond the plan, reports and SBOMs (a platform job's record). */
  extra: readonly string[] = []
): Promise<{ error?: string; artifact?: { name: string; url?: string } }> {
  const { plan, inputs, files: layout } = ctx
  const out = layout.out
  const files = [
    layout.planFile,
    layout.sarifFile,
    layout.findingsFile,
    ...reports.flatMap(r => [...r.reportFiles, ...r.sboms.map(b => b.file)]),
    ...listFiles(layout.scansDir), // also the Dockerfile scan reports
    ...extra
  ]
    .filter(f => fs.existsSync(f))
    .filter((f, i, all) => all.indexOf(f) === i)
  if (!inputs['upload-artifacts']) {
    core.info(`upload-artifacts is false: the evidence stays in ${out}`)
    return {}
  }
  const name = artifactName({
    job: process.env.GITHUB_JOB,
    runAttempt: process.env.GITHUB_RUN_ATTEMPT,
    // the jobs of a distributed build run the same images on different platforms
    matrixKey: inputs['push-by-digest']
      ? [plan.environment, ...planPlatforms(plan)].join('-')
      : plan.environment,
    images: plan.images.map(i => i.name)
  })
  try {
    const r = await uploadEvidence(files, out, { name, retentionDays: inputs['retention-days'] })
    if (!r.uploaded) {
      core.info(`evidence not uploaded: ${r.reason ?? ''}`)
      return {}
    }
    core.info(
      `evidence uploaded as artifact ${name} (id ${r.id}, ${files.length} files, kept ${inputs['retention-days']} days)`
    )
    if (r.id !== undefined) core.setOutput('artifact-id', String(r.id))
    if (r.url) core.setOutput('artifact-url', r.url)
    return { artifact: { name, url: r.url } }
  } catch (err) {
    return { error: `the evidence upload failed: ${err instanceof Error ? err.message : String(err)}` }
  }
}

/** What the signer attached to each published image (none when nothing was signed or attested). */
export function trustedImages(published: Published): TrustedImage[] {
  const signer = published.signer
  if (!signer || !published.result) return []
  return published.result.images.flatMap(r =>
    r.digest && r.upload
      ? [
          {
            name: r.name,
            repository: r.repository,
            digest: r.digest,
            attached: signer.attached({
              name: r.name,
              repository: r.repository,
              digest: r.digest,
              mediaType: r.upload.mediaType,
              size: r.upload.size
            })
          }
        ]
      : []
  )
}

export function toReport(image: ImageRun, verdict: GateResult, published: Published): ImageReport {
  const v = verdict.images.find(i => i.name === image.plan.name)
  const pushError = published.errors.get(image.plan.name)
  const findings = image.outcome.scans.flatMap(s => s.findings)
  return {
    name: image.plan.name,
    repository: image.plan.repository,
    platforms: image.outcome.scans.map(s => s.platform),
    digest: image.digest,
    tags: image.plan.tags.map(t => t.tag),
    counts: countBySeverity(findings),
    passed: v?.passed ?? false,
    reasons: v?.reasons ?? [],
    pushedRefs: published.pushed.get(image.plan.name)?.refs ?? [],
    reportFiles: image.reportFiles,
    sboms: image.sboms.map(b => ({ file: b.file, format: b.format, packages: b.packages.length })),
    error: image.outcome.error ?? pushError,
    buildMs: image.buildMs,
    cache: image.cache
  }
}

/**
 * The `digest` output: the one image's digest when the run has exactly one image (what a later step of a
 * one-image repository passes on, as docker/build-push-action's `digest`), else empty: with several, the
 * `digests` map says which is which.
 */
export function singleDigest(digests: readonly (string | null | undefined)[]): string {
  return digests.length === 1 ? (digests[0] ?? '') : ''
}

export function setRunOutputs(
  ctx: RunContext,
  reports: readonly ImageReport[],
  passed: boolean,
  db: DbInfo | undefined,
  /** What the Actions cache did for the DB, once its save ended (settleDbCache). */
  dbCache: DbCacheResult | undefined,
  reusedPlatforms: number,
  /** What judged the findings (scanner, DB, policy): in the metadata output as `verdict`. */
  verdict?: VerdictProvenance,
  /** The dependency snapshots (dependency-snapshot: true): in the metadata output as `dependencySnapshots`. */
  snapshots?: readonly SubmissionResult[]
): void {
  const { plan, started } = ctx
  const obj = <T>(f: (r: ImageReport) => T): Record<string, T> =>
    Object.fromEntries(reports.map(r => [r.name, f(r)]))
  core.setOutput('digests', JSON.stringify(obj(r => r.digest ?? null)))
  core.setOutput('digest', singleDigest(reports.map(r => r.digest)))
  core.setOutput('refs', JSON.stringify(obj(r => r.pushedRefs)))
  core.setOutput('findings', JSON.stringify(obj(r => r.counts)))
  core.setOutput('report-paths', reports.flatMap(r => r.reportFiles).join('\n'))
  core.setOutput('sbom-paths', reports.flatMap(r => r.sboms.map(b => b.file)).join('\n'))
  const wall = Date.now() - started
  const { timings } = ctx
  const outside = wall - coveredMs(timings)
  core.setOutput(
    'metadata',
    JSON.stringify({
      environment: plan.environment,
      passed,
      images: reports,
      trivyDb: {
        updatedAt: db?.updatedAt,
        downloaded: db?.downloaded ?? false,
        ...(dbCache ? { cache: dbCache } : {}),
        preparations: timings.filter(t => t.stage === 'db' && t.label === DB_PREPARATION).length
      },
      toolDownloads: timings.filter(t => t.stage === 'tools' && t.label.startsWith(DOWNLOAD)).length,
      reusedPlatforms,
      ...(verdict ? { verdict } : {}),
      ...(snapshots ? { dependencySnapshots: snapshots } : {}),
      timings: {
        wallMs: wall,
        // the action's own time: wall time when no child process or push was running
        ownMs: outside,
        stages: stageTimings(timings),
        children: timings.map(t => ({ stage: t.stage, label: t.label, startMs: t.start - started, ms: t.ms }))
      }
    })
  )
}

export function failureMessage(verdict: GateResult, published: Published): string | undefined {
  const pushErrors = [...published.errors.values()]
  if (verdict.passed && pushErrors.length === 0) return undefined
  const failed = verdict.images.filter(i => !i.passed)
  const lines = [...failed.flatMap(i => i.reasons), ...pushErrors]
  const shown = lines.slice(0, 20)
  const more =
    lines.length > shown.length ? [`... and ${lines.length - shown.length} more (see the job summary)`] : []
  const pushedNames = [...published.pushed.keys()]
  const head = verdict.passed
    ? `imagegate: ${pushErrors.length} of ${verdict.images.length} images could not be pushed`
    : `imagegate: ${failed.length} of ${verdict.images.length} images failed the gate`
  // an image with an error and some tags moved (a tag the registry refused) is not "pushed"
  const whole = pushedNames.filter(n => !published.errors.has(n))
  const partly = pushedNames.filter(n => published.errors.has(n))
  const notes = [
    ...(whole.length > 0 ? [`pushed: ${whole.join(', ')}`] : []),
    ...(partly.length > 0 ? [`partly pushed, some tags not moved: ${partly.join(', ')}`] : [])
  ]
  const pushedNote = notes.length > 0 ? ` (${notes.join('; ')})` : '; nothing was pushed'
  return [head + pushedNote, ...shown, ...more].join('\n')
}

/** What the run leaves behind, whatever its verdict, then why it fails (undefined: it passed). */
export async function reportRun(
  ctx: RunContext,
  run: {
    images: readonly ImageRun[]
    verdict: GateResult
    published: Published
    /** undefined when the scanner never got ready (a failed tool install) */
    scanner: Scanner | undefined
    provenance: VerdictProvenance
    /** A platform job's record file (push-by-digest), uploaded with the evidence. */
    record?: string
    /** The dependency snapshots (dependency-snapshot: true): warnings, never the red status. */
    snapshots?: readonly SubmissionResult[]
  }
): Promise<string | undefined> {
  const { plan, inputs } = ctx
  const { images, verdict, published, provenance } = run
  const ready = run.scanner
  const reports = images.map(i => toReport(i, verdict, published))
  writeFindingsFile({
    file: ctx.files.findingsFile,
    plan,
    images: images.map(i => ({
      outcome: i.outcome,
      repository: i.plan.repository,
      digest: i.digest,
      manifests: i.manifests
    })),
    verdict,
    provenance
  })
  writeSarif(ctx, images, ready?.version.version ?? 'unknown', provenance)
  const evidence = await uploadEvidenceFiles(ctx, reports, run.record ? [run.record] : [])
  const passed = verdict.passed && published.errors.size === 0 && !evidence.error
  // the DB's save to the Actions cache ran beside the scans: its outcome is in the outputs and summary
  const dbCache = await settleDbCache(ready?.db.cache)
  setRunOutputs(
    ctx,
    reports,
    passed,
    ready?.db,
    dbCache,
    images.reduce((n, i) => n + i.reused, 0),
    provenance,
    run.snapshots
  )
  // the annotation counting what GitHub would not show points at the files that list everything
  const listed = [ctx.files.findingsFile, ctx.files.sarifFile].map(f => path.relative(ctx.workspace, f))
  annotate(verdict, {
    fullList: `the job summary, ${listed.join(' and ')}${evidence.artifact ? ` (artifact ${evidence.artifact.name})` : ''}`
  })
  const trusted = trustedImages(published)
  if (published.signer) {
    const signer = published.signer.identity
    core.setOutput('attestations', JSON.stringify(Object.fromEntries(trusted.map(i => [i.name, i.attached]))))
    core.setOutput(
      'verify-commands',
      JSON.stringify(Object.fromEntries(trusted.map(i => [i.name, verifyCommands(i, signer)])))
    )
  }
  await writeJobSummary(
    runSummaryMarkdown(plan, reports, verdict, {
      push: inputs.push,
      passed,
      dbUpdatedAt: ready?.db.updatedAt ?? '',
      ...(dbCache ? { dbCache } : {}),
      artifact: evidence.artifact,
      stages: stageTimings(ctx.timings),
      wallMs: Date.now() - ctx.started,
      provenance,
      baseAges: images
        .filter(i => i.baseAges)
        .map(i => ({ image: i.plan.name, rows: i.baseAges ?? [], maxAgeDays: i.plan.baseMaxAge })),
      snapshots: run.snapshots
    }) + (published.signer ? trustSummaryMarkdown(trusted, published.signer.identity) : '')
  )
  const failure = failureMessage(verdict, published)
  return evidence.error ? [failure, evidence.error].filter(Boolean).join('\n') : failure
}
