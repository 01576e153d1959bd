// The push of a run: the scanned layouts of the images the gate and the strategy allow, when push is on,
// through the two-phase publish (publish/publish.ts): every image uploaded by digest, signed and
// attested when asked, and only then the tags moved. The registry's digest must be the scanned one.
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { runCancellation } from '../cancel.js'
import { cacheDir } from '../run-dir.js'
import { ResultCache } from '../cache/results.js'
import { Cosign } from '../cosign/cosign.js'
import { recordTiming } from '../exec.js'
import { pushable, type GateResult } from '../gate/gate.js'
import { checkBasePinned } from '../hardening/dockerfile.js'
import type { VerdictProvenance } from '../policy/findings-file.js'
import {
  phaseLine,
  publishImages,
  publishLines,
  type PublishClient,
  type PublishImage,
  type PublishResult
} from '../publish/publish.js'
import { trustHooks, type ImageEvidence } from '../publish/trust.js'
import { RegistryClient, type PushResult } from '../registry/client.js'
import { parseReference } from '../registry/reference.js'
import type { RunContext } from '../run-context.js'
import { installTool } from '../tools/install.js'
import type { ImageRun } from './image.js'
import type { Scanner } from './platform.js'
import { toolSpec } from './scanner.js'

/** Trivy's default DB repository (what the vulnerability record names when `db-repository` is empty). */
const TRIVY_DB_REPOSITORY = 'ghcr.io/aquasecurity/trivy-db'

export interface Published {
  /** Images whose tags all moved (or that have none), by name: the digest and the refs now pointing at it. */
  pushed: Map<string, PushResult>
  /** Why an image, or some of its tags, was not published (a registry that refused, bad credentials...). */
  errors: Map<string, string>
  /** The two phases, image by image; undefined when nothing was tried. */
  result?: PublishResult
}

/** Publishes the scanned layouts, only those the gate and the strategy allow, only when push is on. */
export async function publish(
  ctx: RunContext,
  images: ImageRun[],
  verdict: GateResult,
  scanner: Promise<Scanner>,
  /** What judged the verdict: named by every vuln attestation. */
  provenance?: VerdictProvenance
): Promise<Published> {
  const { inputs } = ctx
  const out: Published = { pushed: new Map(), errors: new Map() }
  const attest = inputs.attest ?? inputs.sign
  if (!inputs.push) {
    core.info(`push is false: nothing is pushed${inputs.sign || attest ? ', signed or attested' : ''}`)
    return out
  }
  if (runCancellation.cancelled) {
    core.info(`${runCancellation.reason}: nothing is pushed`)
    return out
  }
  const allowed = new Set(pushable(verdict, inputs['push-strategy']))
  const candidates = images.filter(i => allowed.has(i.plan.name) && i.layoutDir && i.digest)
  if (candidates.length === 0) {
    core.info('the gate failed: nothing is pushed')
    return out
  }
  const clients = new Map<string, RegistryClient>()
  const registryFor = (repository: string): RegistryClient => {
    const host = parseReference(repository).registry
    let client = clients.get(host)
    if (!client) {
      client = new RegistryClient({
        registry: host,
        username: inputs.username || undefined,
        password: inputs.password || undefined
      })
      clients.set(host, client)
    }
    return client
  }
  // the registry's time in the run's timings (signing is timed by its cosign processes); after a
  // cancellation no upload starts and no tag moves
  const clientFor = (repository: string): PublishClient => ({
    uploadLayout: async (layoutDir, repo) => {
      runCancellation.throwIfCancelled(`the upload to ${repo}`)
      const start = Date.now()
      try {
        return await registryFor(repository).uploadLayout(layoutDir, repo)
      } finally {
        recordTiming('push', `upload ${repo}`, start)
      }
    },
    tag: async (repo, digest, tags) => {
      runCancellation.throwIfCancelled(`the tags of ${repo}`)
      const start = Date.now()
      try {
        return await registryFor(repository).tag(repo, digest, tags)
      } finally {
        recordTiming('push', `tag ${repo}`, start)
      }
    }
  })
  const toPublish: PublishImage[] = candidates.map(i => ({
    name: i.plan.name,
    repository: i.plan.repository,
    layoutDir: i.layoutDir as string,
    digest: i.digest as string,
    tags: i.plan.tags.map(t => t.tag)
  }))
  let cosign: Cosign | undefined
  try {
    const hooks =
      inputs.sign || attest ? await trust(ctx, images, verdict, await scanner, attest, provenance) : undefined
    cosign = hooks?.cosign
    const result = await publishImages(toPublish, {
      strategy: inputs['push-strategy'],
      clientFor,
      concurrency: inputs['max-parallel'],
      ...hooks?.hooks
    })
    out.result = result
    core.info(phaseLine(result))
    for (const line of publishLines(result)) core.info(line)
    for (const r of result.images) {
      if (r.errors.length > 0) out.errors.set(r.name, r.errors.join('\n'))
      // what the refs output names: the tags that moved, then the digest (partly moved tags included)
      const tagged = r.tagsMoved.length > 0 || (r.tagsNotMoved.length === 0 && r.errors.length === 0)
      if (r.digest && r.upload && tagged) {
        out.pushed.set(r.name, {
          digest: r.digest,
          ...r.upload,
          refs: [...r.refs.slice(1), r.refs[0] as string]
        })
      }
    }
  } catch (err) {
    // before any upload: the cosign key, the keyless identity, the tool could not be found
    const why = err instanceof Error ? err.message : String(err)
    for (const image of toPublish) out.errors.set(image.name, `${image.name}: nothing pushed: ${why}`)
  } finally {
    cosign?.dispose()
  }
  return out
}

/** cosign, ready to sign by digest, and the evidence each image's attestations are made of. */
async function trust(
  ctx: RunContext,
  images: readonly ImageRun[],
  verdict: GateResult,
  scanner: Scanner,
  attest: boolean,
  provenance: VerdictProvenance | undefined
): Promise<{ cosign: Cosign; hooks: ReturnType<typeof trustHooks> }> {
  const { inputs, plan } = ctx
  const tool = await installTool(
    toolSpec(inputs, 'cosign', inputs['cosign-version'], new ResultCache(cacheDir('imagegate-tools')))
  )
  const cosign = new Cosign({
    cosign: tool.path,
    key: inputs['cosign-key'],
    password: inputs['cosign-password'],
    workspace: ctx.workspace,
    workDir: path.join(ctx.files.work, '.cosign'),
    registryAuth: inputs.username
      ? {
          registries: images.map(i => parseReference(i.plan.repository).registry),
          username: inputs.username,
          password: inputs.password
        }
      : undefined,
    fulcioUrl: inputs['fulcio-url'],
    rekorUrl: inputs['rekor-url']
  })
  core.info(
    cosign.identity
      ? `signing keyless as ${cosign.identity} (cosign ${tool.version ?? ''})`.trim()
      : `signing with the key from cosign-key (cosign ${tool.version ?? ''})`
  )
  const evidence = (name: string): ImageEvidence => {
    const run = images.find(i => i.plan.name === name)
    if (!run) throw new Error(`${name}: no evidence for this image`)
    const image = run.plan
    const platforms = run.outcome.scans.map(s => s.platform)
    const dockerfile = fs.readFileSync(path.resolve(ctx.workspace, image.file), 'utf8')
    return {
      name,
      context: image.context,
      file: image.file,
      target: image.target,
      buildArgs: image.buildArgs,
      baseImages: checkBasePinned(dockerfile, image.file, image.buildArgs)
        .filter(b => b.kind === 'image' && b.ref)
        .map(b => b.ref),
      passed: verdict.images.find(v => v.name === name)?.passed ?? false,
      platforms: platforms.map(platform => {
        const spdx = ctx.files.sbomFile(name, plan.git.shortSha, platform, platforms.length, 'spdx-json')
        return {
          platform,
          reportFile: ctx.files.scanReport(name, platform),
          spdxFile: run.sboms.some(s => s.file === spdx) ? spdx : undefined
        }
      })
    }
  }
  const hooks = trustHooks({
    cosign,
    sign: inputs.sign,
    attest,
    evidence,
    scanner: {
      trivyVersion: scanner.version.version,
      dbRepository: inputs['db-repository'] || TRIVY_DB_REPOSITORY,
      dbUpdatedAt: scanner.db.updatedAt ?? ''
    },
    policy: {
      severities: inputs.severity,
      ignoreUnfixed: inputs['ignore-unfixed'],
      ignoreFiles: inputs.trivyignores
    },
    ...(provenance ? { provenance } : {}),
    commit: plan.git.sha,
    environment: plan.environment,
    startedOn: new Date(ctx.started)
  })
  return { cosign, hooks }
}
