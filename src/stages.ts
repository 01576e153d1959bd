// Everything after the builds start, in order: scanner (while the images build) -> each image inspected
// (pipeline/image.ts; the Dockerfiles scanned beside the builds, every hidden file in one trivy fs) -> gate -> publish
// (beside it, the dependency snapshots) -> evidence, outputs, summary. Only
// sequences: the work sits in the modules it calls. Loaded by main.ts (import()) while the first images
// build, so Node compiles none of it before the first child process starts.
import * as path from 'node:path'
import type { BuildResult } from './buildx/build.js'
import { cacheDir } from './run-dir.js'
import { mapSettled, Semaphore } from './concurrency.js'
import { gate } from './gate/gate.js'
import { ResultCache } from './cache/results.js'
import { dockerfileEvidence } from './pipeline/dockerfiles.js'
import { inspectImage, type ImageRun } from './pipeline/image.js'
import type { Scanner } from './pipeline/platform.js'
import { deployedBaseline } from './pipeline/deployed-baseline.js'
import { publish } from './pipeline/publish.js'
import { uploadPlatforms, writeRecord } from './distribute/part.js'
import { submitSnapshots } from './pipeline/dependency-snapshots.js'
import { prepareScanner } from './pipeline/scanner.js'
import { reportRun } from './report/outputs.js'
import type { RunContext } from './run-context.js'
import type { Misconfiguration } from './trivy/config.js'
import { HiddenFileScan } from './trivy/hidden-files.js'
import { BaseAgeReader } from './pipeline/base-age.js'
import {
  dbDigest,
  gateModes,
  resolveBaseline,
  scannerPolicy,
  verdictProvenance,
  type PolicyFiles
} from './policy/run-policy.js'
import { checkIgnoreFileSupport } from './policy/trivyignore.js'
import { parseReference } from './registry/reference.js'
import { withHeartbeat } from './report/heartbeat.js'
import { smokeCleanups } from './docker/smoke.js'

/**
 * The stages after the builds; returns why the job fails, or undefined when it passes. The smoke tests'
 * containers and images are removed beside the gate, the push and the report, and gone when it returns.
 */
export async function runStages(
  ...args: Parameters<typeof stages>
): Promise<Awaited<ReturnType<typeof stages>>> {
  try {
    return await stages(...args)
  } finally {
    await smokeCleanups()
  }
}

async function stages(
  ctx: RunContext,
  builds: ReadonlyMap<string, Promise<BuildResult>>,
  ignoreFile: string | undefined,
  /** The exceptions file (loaded before the builds) and the baseline input. */
  policy?: PolicyFiles
): Promise<string | undefined> {
  const { plan, inputs } = ctx
  // The tools and the DB get ready while the images build (neither needs the other).
  const scanner = prepareScanner(inputs, new ResultCache(cacheDir('imagegate-tools'))).then(sc => {
    checkIgnoreFileSupport(ignoreFile, sc.version.version)
    return sc
  })
  const dbSum = scanner.then(sc => dbDigest(sc.db.cacheDir)).catch(() => undefined)
  // the baseline (the deployed digest's scan attestation, a previous run's findings file) is read while
  // the images build
  const baseline = resolveBaseline({
    input: policy?.baselineInput ?? inputs.baseline,
    workspace: ctx.workspace,
    plan,
    ...deployedBaseline(ctx)
  })
  baseline.catch(() => undefined)
  const baseAges = new BaseAgeReader({
    registry: parseReference(plan.images[0]?.repository ?? plan.registry).registry,
    username: inputs.username,
    password: inputs.password
  })
  // the secret scan of every platform's hidden files, once all have given theirs
  const hidden = new HiddenFileScan({ work: ctx.files.hiddenFilesWork, images: plan.images.map(i => i.name) })
  // the Dockerfiles' misconfigurations as soon as Trivy is ready: beside the builds
  const dockerfiles = scanner.then(sc => dockerfileFindings(ctx, sc))
  for (const p of [scanner, dockerfiles]) p.catch(() => undefined) // awaited below and by every image
  // scans bounded by max-parallel apart from the builds: an image builds while earlier ones are scanned
  const scans = new Semaphore(inputs['max-parallel'])
  const settled = await mapSettled(plan.images, plan.images.length, image =>
    inspectImage(ctx, image, {
      build: builds.get(image.name),
      scanner,
      dockerfiles,
      scans,
      hidden,
      ignoreFile,
      baseAges
    })
  )
  const images: ImageRun[] = settled.map((s, i) => {
    if (s.status === 'fulfilled') return s.value
    const image = plan.images[i] as (typeof plan.images)[number]
    return {
      plan: image,
      outcome: { name: image.name, scans: [], error: String(s.reason) },
      reportFiles: [],
      sboms: [],
      reused: 0
    }
  })
  // the SBOMs to the dependency graph while the gate judges and the publish pushes (GitHub's API is
  // neither's wait)
  const snapshots = submitSnapshots(ctx, images)
  snapshots.catch(() => undefined)
  const modes = gateModes(plan)
  const exceptions = policy?.exceptions
  const base = await baseline
  const verdict = gate(
    images.map(i => i.outcome),
    inputs.severity,
    { modes, exceptions, baseline: base }
  )
  // a scanner that never got ready (a failed tool download) is every image's error already: the report
  // is still written, with what is known
  const ready = await scanner.catch(() => undefined)
  const provenance = verdictProvenance({
    trivyVersion: ready?.version.version ?? 'unknown',
    db: { updatedAt: ready?.db.updatedAt, digest: await dbSum },
    severities: inputs.severity,
    modes,
    exceptions,
    verdict,
    baseline: base,
    ...(plan.scan ? { scanner: scannerPolicy(plan.scan, ctx.workspace) } : {})
  })
  // a platform job of a distributed build uploads its platform manifests by digest and leaves a record
  const part = inputs['push-by-digest']
  const published = await withHeartbeat(
    () => pushWait(ctx, part),
    part ? uploadPlatforms(ctx, images, verdict) : publish(ctx, images, verdict, scanner, provenance)
  )
  const record = part ? writeRecord(ctx, { images, verdict, published, scanner: ready }) : undefined

  // Fail late: outputs, annotations and the summary first, then the red status.
  return await reportRun(ctx, {
    images,
    verdict,
    published,
    scanner: ready,
    provenance,
    record,
    snapshots: await snapshots
  })
}

/** What a long push waits for: the registries it talks to. */
function pushWait(ctx: RunContext, byDigest: boolean): string {
  const registries = [...new Set(ctx.plan.images.map(i => parseReference(i.repository).registry))]
  const what = byDigest ? 'uploading platform manifests by digest' : 'publishing (uploads, then tags)'
  return `${what}: waiting for ${registries.join(', ')}`
}

/** Trivy's Dockerfile misconfiguration scan, one `trivy fs` for every image whose rule is on. */
async function dockerfileFindings(
  ctx: RunContext,
  scanner: Scanner
): Promise<Map<string, Misconfiguration[]>> {
  const on = ctx.plan.images.filter(i => i.rules['dockerfile-config'] !== 'off')
  return await dockerfileEvidence(
    {
      dockerfiles: new Map(on.map(i => [i.name, path.resolve(ctx.workspace, i.file)])),
      outputFor: name => ctx.files.dockerfileReport(name),
      work: ctx.files.dockerfileScanWork
    },
    scanner,
    ctx.results
  )
}
