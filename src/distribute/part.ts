// A platform job of a distributed build (push-by-digest): what it uploads and the record it leaves.
// Only the images the gate and the strategy let through are uploaded, and of them only the platform
// manifests (and buildx's attestation manifests) with their blobs, by digest: no index, no tag. The
// merge (distribute/merge.ts) assembles, checks and tags. The record is written whatever the verdict, so
// the merge can say which platform of which image failed and why.
import * as core from '@actions/core'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { runCancellation } from '../cancel.js'
import { mapSettled } from '../concurrency.js'
import { recordTiming } from '../exec.js'
import { pushable, type GateResult } from '../gate/gate.js'
import {
  formatPlatform,
  isAttestation,
  readLayout,
  type Descriptor,
  type ImageManifest,
  type Layout
} from '../oci/layout.js'
import type { ImageRun } from '../pipeline/image.js'
import type { Scanner } from '../pipeline/platform.js'
import type { Published } from '../pipeline/publish.js'
import { platformSlug } from '../plan/grammar.js'
import { planPlatforms } from '../plan/plan.js'
import type { RunContext } from '../run-context.js'
import { countBySeverity } from '../trivy/report.js'
import {
  RECORD_PREFIX,
  RECORD_SCHEMA,
  type PlatformRecord,
  type RecordDescriptor,
  type RecordImage,
  type RecordPlatform
} from './record.js'

/** Uploads the platform manifests of the images allowed, by digest; nothing when the gate stops them. */
export async function uploadPlatforms(
  ctx: RunContext,
  images: readonly ImageRun[],
  verdict: GateResult
): Promise<Published> {
  const { inputs } = ctx
  const out: Published = { pushed: new Map(), errors: new Map() }
  if (runCancellation.cancelled) {
    core.info(`${runCancellation.reason}: nothing is uploaded`)
    return out
  }
  const allowed = new Set(pushable(verdict, inputs['push-strategy']))
  const candidates = images.filter(i => allowed.has(i.plan.name) && i.layoutDir && i.digest)
  if (candidates.length === 0) {
    core.info('the gate failed: no platform manifest is uploaded')
    return out
  }
  if (inputs.sign || inputs.attest) core.info('push-by-digest: signing and attesting happen in the merge')
  const clientFor = ctx.registry
  await mapSettled(candidates, inputs['max-parallel'], async image => {
    const repo = image.plan.repository
    const start = Date.now()
    try {
      runCancellation.throwIfCancelled(`the upload to ${repo}`)
      const up = await clientFor(repo).uploadLayout(image.layoutDir as string, repo, { index: false })
      const manifests = [...(image.manifests?.values() ?? [])]
      out.pushed.set(image.plan.name, {
        digest: up.digest,
        mediaType: up.mediaType,
        uploadedBlobs: up.uploadedBlobs,
        uploadedBytes: up.uploadedBytes,
        skippedBlobs: up.skippedBlobs,
        skippedBytes: up.skippedBytes,
        mountedBlobs: up.mountedBlobs,
        refs: manifests.map(m => `${repo}@${m}`)
      })
      core.info(
        `${image.plan.name}: ${manifests.length} platform manifest${manifests.length === 1 ? '' : 's'} uploaded to ${repo} by digest (${up.uploadedBlobs} blobs uploaded, ${up.skippedBlobs} already there); no tag, no index: the merge publishes`
      )
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err)
      out.errors.set(image.plan.name, `${image.plan.name}: upload by digest failed: ${why}`)
    } finally {
      recordTiming('push', `upload ${repo} by digest`, start)
    }
  })
  return out
}

/** The platform manifests of a layout, each with its descriptor, config digest and attestation manifests. */
export function layoutPlatforms(
  layout: Layout
): { platform: string; manifest: Descriptor; config: string; attestations: Descriptor[] }[] {
  const configOf = (d: Descriptor): string => {
    const m =
      layout.root.digest === d.digest
        ? layout.rootManifest
        : layout.children.find(c => c.descriptor.digest === d.digest)?.manifest
    const config = (m as ImageManifest | undefined)?.config?.digest
    if (!config) throw new Error(`${layout.dir}: manifest ${d.digest} has no config`)
    return config
  }
  if (layout.kind === 'manifest') {
    const p = layout.rootPlatform
    if (!p) return []
    const platform = [p.os, p.architecture, p.variant].filter(Boolean).join('/')
    return [
      { platform, manifest: { ...layout.root, platform: p }, config: configOf(layout.root), attestations: [] }
    ]
  }
  const index = layout.rootManifest as { manifests: Descriptor[] }
  const attestations = index.manifests.filter(isAttestation)
  return index.manifests
    .filter(d => d.platform && !isAttestation(d))
    .map(d => {
      const p = d.platform as NonNullable<Descriptor['platform']>
      return {
        platform: formatPlatform(p),
        manifest: d,
        config: configOf(d),
        attestations: attestations.filter(a => a.annotations?.['vnd.docker.reference.digest'] === d.digest)
      }
    })
}

/** The record file's name: the environment, the platforms and a hash of the run's images and job. */
export function recordFileName(ctx: RunContext): string {
  const platforms = planPlatforms(ctx.plan)
  const hash = createHash('sha256')
    .update(
      JSON.stringify({
        images: ctx.plan.images.map(i => i.name).sort(),
        platforms,
        job: process.env.GITHUB_JOB ?? '',
        attempt: process.env.GITHUB_RUN_ATTEMPT ?? ''
      })
    )
    .digest('hex')
    .slice(0, 12)
  return `${RECORD_PREFIX}${ctx.plan.environment}-${platforms.map(platformSlug).join('+')}-${hash}.json`
}

/** Writes the run's record (outputs record and record-file); returns its path. */
export function writeRecord(
  ctx: RunContext,
  run: {
    images: readonly ImageRun[]
    verdict: GateResult
    published: Published
    scanner: Scanner | undefined
  }
): string {
  const { plan, files } = ctx
  const file = files.recordFile(recordFileName(ctx))
  const dir = path.dirname(file)
  const relative = (f: string): string | undefined =>
    fs.existsSync(f) ? path.relative(dir, f).split(path.sep).join('/') : undefined
  const images = run.images.map((image): RecordImage => {
    const v = run.verdict.images.find(i => i.name === image.plan.name)
    const reasons = [...(v?.reasons ?? [])]
    if (image.outcome.error && !reasons.includes(image.outcome.error)) reasons.push(image.outcome.error)
    const uploadError = run.published.errors.get(image.plan.name)
    let platforms: RecordPlatform[] = []
    if (image.layoutDir && image.digest && fs.existsSync(image.layoutDir)) {
      const scans = image.outcome.scans
      platforms = layoutPlatforms(readLayout(image.layoutDir)).map(p => {
        const findings = scans.find(s => s.platform === p.platform)?.findings ?? []
        const report = relative(files.scanReport(image.plan.name, p.platform))
        const sboms = image.sboms
          .filter(
            b =>
              b.file ===
              files.sbomFile(image.plan.name, plan.git.shortSha, p.platform, scans.length, b.format)
          )
          .flatMap(b => {
            const f = relative(b.file)
            return f ? [{ format: b.format, file: f }] : []
          })
        return {
          platform: p.platform,
          manifest: p.manifest as RecordDescriptor,
          config: p.config,
          attestations: p.attestations as RecordDescriptor[],
          findings: countBySeverity(findings),
          ...(report ? { report } : {}),
          sboms
        }
      })
    }
    return {
      name: image.plan.name,
      repository: image.plan.repository,
      passed: v?.passed ?? false,
      reasons,
      uploaded: run.published.pushed.has(image.plan.name),
      ...(uploadError ? { uploadError } : {}),
      platforms
    }
  })
  const env = process.env
  const record: PlatformRecord = {
    schema: RECORD_SCHEMA,
    commit: plan.git.sha,
    ref: plan.git.ref,
    environment: plan.environment,
    platforms: planPlatforms(ctx.plan),
    run: {
      repository: env.GITHUB_REPOSITORY ?? '',
      id: env.GITHUB_RUN_ID ?? '',
      attempt: env.GITHUB_RUN_ATTEMPT ?? '',
      job: env.GITHUB_JOB ?? ''
    },
    scanner: {
      trivyVersion: run.scanner?.version.version ?? 'unknown',
      dbUpdatedAt: run.scanner?.db.updatedAt ?? ''
    },
    created: new Date().toISOString(),
    images
  }
  fs.mkdirSync(dir, { recursive: true })
  const text = JSON.stringify(record, null, 2) + '\n'
  fs.writeFileSync(file, text)
  core.setOutput('record', JSON.stringify(record))
  core.setOutput('record-file', file)
  core.info(`record of this platform job written to ${file}`)
  return file
}
