// The push of a run: the scanned layouts of the images the gate and the strategy allow, when push is on,
// through the two-phase publish (publish/publish.ts): every image uploaded by digest, signed and
// attested when asked, and only then the tags moved. The registry's digest must be the scanned one.
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { runCancellation } from '../cancel.js'
import { cacheDir } from '../run-dir.js'
import { ResultCache } from '../cache/results.js'
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
import { trustHooks, type ImageEvidence, type PlatformEvidence } from '../trust/evidence.js'
import { makeSigner, registriesOf } from '../trust/setup.js'
import type { Signer, SignerIdentityDescription } from '../trust/trust.js'
import type { PushResult, RegistryClient, UploadResult } from '../registry/client.js'
import type { BuildInputs, MergeInputs } from '../inputs.js'
import type { ImagePlan } from '../plan/plan.js'
import type { RunContext } from '../run-context.js'
import { installTool } from '../tools/install.js'
import type { ImageRun } from './image.js'
import type { Scanner } from './platform.js'
import { toolSpec } from './scanner.js'

/** Images uploaded or tagged at once at least (the uploads wait on the registry, not on the cores). */
const UPLOADS = 4

/** Trivy's default DB repository (what the vulnerability record names when `db-repository` is empty). */
const TRIVY_DB_REPOSITORY = 'ghcr.io/aquasecurity/trivy-db'

export interface Published {
  /** Images whose tags all moved (or that have none), by name: the digest and the refs now pointing at it. */
  pushed: Map<string, PushResult>
  /** Why an image, or some of its tags, was not published (a registry that refused, bad credentials...). */
  errors: Map<string, string>
  /** The two phases, image by image; undefined when nothing was tried. */
  result?: PublishResult
  /** Who signed, and what was attached to each image (when signing or attesting was on). */
  signer?: Signer
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
  const clientFor = timedClients(ctx.registry, (client, layoutDir, repo) =>
    client.uploadLayout(layoutDir, repo)
  )
  const toPublish: PublishImage[] = candidates.map(i => ({
    name: i.plan.name,
    repository: i.plan.repository,
    layoutDir: i.layoutDir as string,
    digest: i.digest as string,
    tags: i.plan.tags.map(t => t.tag)
  }))
  let signer: Signer | undefined
  try {
    const hooks =
      inputs.sign || attest ? await trust(ctx, images, verdict, await scanner, attest, provenance) : undefined
    signer = hooks?.signer
    const result = await publishImages(toPublish, {
      strategy: inputs['push-strategy'],
      clientFor,
      concurrency: inputs['max-parallel'],
      // registry round trips, not CPU: at least UPLOADS images at once whatever the cores
      uploadConcurrency: Math.max(inputs['max-parallel'], UPLOADS),
      // bundles made in process wait on the registry (and Sigstore) too; cosign processes on the cores
      ...(signer && !signer.signsAtOnce
        ? { trustConcurrency: Math.max(inputs['max-parallel'], UPLOADS) }
        : {}),
      ...hooks?.hooks
    })
    out.result = result
    out.signer = signer
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
    // before any upload: the key, the keyless identity, the tool could not be found
    const why = err instanceof Error ? err.message : String(err)
    for (const image of toPublish) out.errors.set(image.name, `${image.name}: nothing pushed: ${why}`)
  } finally {
    // the run's own Signer (made before the builds) is disposed by main.ts
    if (signer !== ctx.signer) signer?.dispose()
  }
  return out
}

/**
 * The publish's registry verbs over a run's clients, phase 1 being `upload` (a layout's upload, or a
 * merge's index): the registry's time in the run's timings (signing is timed by timedHooks),
 * and after a cancellation no upload starts and no tag moves.
 */
export function timedClients(
  registryFor: (repository: string) => RegistryClient,
  upload: (client: RegistryClient, layoutDir: string, repository: string) => Promise<UploadResult>
): (repository: string) => PublishClient {
  return repository => ({
    uploadLayout: async (layoutDir, repo) => {
      runCancellation.throwIfCancelled(`the upload to ${repo}`)
      const start = Date.now()
      try {
        return await upload(registryFor(repository), layoutDir, repo)
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
}

/** The run's Signer, and the evidence each image's attestations are made of. */
async function trust(
  ctx: RunContext,
  images: readonly ImageRun[],
  verdict: GateResult,
  scanner: Scanner,
  attest: boolean,
  provenance: VerdictProvenance | undefined
): Promise<{ signer: Signer; hooks: ReturnType<typeof trustHooks> }> {
  const { plan } = ctx
  return await prepareTrust({
    ...(ctx.signer ? { signer: ctx.signer } : {}),
    inputs: ctx.inputs,
    workspace: ctx.workspace,
    workDir: path.join(ctx.files.work, '.trust'),
    clientFor: ctx.registry,
    repositories: images.map(i => i.plan.repository),
    attest,
    evidence: name => {
      const run = images.find(i => i.plan.name === name)
      if (!run) throw new Error(`${name}: no evidence for this image`)
      const platforms = run.outcome.scans.map(s => s.platform)
      const passed = verdict.images.find(v => v.name === name)?.passed ?? false
      return imageEvidence(
        ctx.workspace,
        run.plan,
        passed,
        platforms.map(platform => {
          const spdx = ctx.files.sbomFile(name, plan.git.shortSha, platform, platforms.length, 'spdx-json')
          return {
            platform,
            reportFile: ctx.files.scanReport(name, platform),
            spdxFile: run.sboms.some(s => s.file === spdx) ? spdx : undefined
          }
        })
      )
    },
    scanner: { trivyVersion: scanner.version.version, dbUpdatedAt: scanner.db.updatedAt ?? '' },
    provenance,
    commit: plan.git.sha,
    environment: plan.environment,
    startedOn: new Date(ctx.started)
  })
}

/** An image's evidence from its plan and Dockerfile (the base images as its FROM lines resolve). */
export function imageEvidence(
  workspace: string,
  image: ImagePlan,
  passed: boolean,
  platforms: PlatformEvidence[]
): ImageEvidence {
  const dockerfile = fs.readFileSync(path.resolve(workspace, image.file), 'utf8')
  return {
    name: image.name,
    context: image.context,
    file: image.file,
    target: image.target,
    buildArgs: image.buildArgs,
    baseImages: checkBasePinned(dockerfile, image.file, image.buildArgs)
      .filter(b => b.kind === 'image' && b.ref)
      .map(b => b.ref),
    passed,
    platforms
  }
}

/** What a run's signing and attesting need (a build's publish, or a merge). */
export interface TrustSetup {
  /** The run's Signer when it was made already (before the builds); else made from the inputs. */
  signer?: Signer
  inputs: BuildInputs | MergeInputs
  workspace: string
  /** The signer's scratch directory (cosign's key file and docker config, when cosign runs). */
  workDir: string
  /** The run's registry clients. */
  clientFor: (repository: string) => RegistryClient
  /** The repositories signed into: their hosts get the explicit credentials. */
  repositories: readonly string[]
  attest: boolean
  evidence: (name: string) => ImageEvidence
  /** The scanner that judged the images (each vuln attestation names it). */
  scanner: { trivyVersion: string; dbUpdatedAt: string }
  provenance?: VerdictProvenance
  commit: string
  environment: string
  startedOn: Date
}

async function installCosign(inputs: BuildInputs | MergeInputs): Promise<string> {
  const cache = new ResultCache(cacheDir('imagegate-tools'))
  return (await installTool(toolSpec(inputs, 'cosign', inputs['cosign-version'], cache))).path
}

/**
 * The Signer of a build run that will sign what it pushes, made before the first build: a key that does
 * not open, a public key given to sign, keyless without `id-token: write` are red before anything is
 * built, and the key is read once.
 */
export async function runSigner(ctx: RunContext): Promise<Signer> {
  return await makeSigner({
    inputs: ctx.inputs,
    workspace: ctx.workspace,
    workDir: path.join(ctx.files.work, '.trust'),
    clientFor: ctx.registry,
    registries: registriesOf(ctx.plan.images.map(i => i.repository)),
    cosign: async () => await installCosign(ctx.inputs)
  })
}

/** Who signs, in one log line. */
export function signerLine(identity: SignerIdentityDescription): string {
  switch (identity.kind) {
    case 'key':
      return `signing in process with the key ${identity.who} (Sigstore bundles)`
    case 'kms':
      return `signing with cosign and the KMS key ${identity.who} (cosign 2 signatures)`
    case 'keyless':
      return `signing keyless as ${identity.who} (issuer ${identity.issuer ?? ''}; ${identity.transparency ?? ''})`
  }
}

/** The run's Signer from the inputs, and the publish's sign/attest/withdraw hooks over it. */
export async function prepareTrust(
  o: TrustSetup
): Promise<{ signer: Signer; hooks: ReturnType<typeof trustHooks> }> {
  const { inputs } = o
  const signer =
    o.signer ??
    (await makeSigner({
      inputs,
      workspace: o.workspace,
      workDir: o.workDir,
      clientFor: o.clientFor,
      registries: registriesOf(o.repositories),
      cosign: async () => await installCosign(inputs)
    }))
  core.info(signerLine(signer.identity))
  const hooks = trustHooks({
    signer,
    sign: inputs.sign,
    attest: o.attest,
    evidence: o.evidence,
    scanner: {
      trivyVersion: o.scanner.trivyVersion,
      dbRepository: inputs['db-repository'] || TRIVY_DB_REPOSITORY,
      dbUpdatedAt: o.scanner.dbUpdatedAt
    },
    policy: {
      severities: inputs.severity,
      ignoreUnfixed: inputs['ignore-unfixed'],
      ignoreFiles: inputs.trivyignores
    },
    ...(o.provenance ? { provenance: o.provenance } : {}),
    commit: o.commit,
    environment: o.environment,
    startedOn: o.startedOn
  })
  return { signer, hooks: timedHooks(hooks) }
}

/** The trust hooks with their wall time in the run's timings (stage sign), as the registry's are. */
function timedHooks(hooks: ReturnType<typeof trustHooks>): ReturnType<typeof trustHooks> {
  const timed = <A extends unknown[]>(
    label: (...args: A) => string,
    fn: ((...args: A) => Promise<void>) | undefined
  ) =>
    fn &&
    (async (...args: A): Promise<void> => {
      runCancellation.throwIfCancelled(label(...args))
      const start = Date.now()
      try {
        await fn(...args)
      } finally {
        recordTiming('sign', label(...args), start)
      }
    })
  return {
    ...(hooks.signMany
      ? { signMany: timed(images => `sign ${images.map(i => i.name).join(' ')}`, hooks.signMany) }
      : {}),
    ...(hooks.sign ? { sign: timed(image => `sign ${image.name}`, hooks.sign) } : {}),
    ...(hooks.attest ? { attest: timed(image => `attest ${image.name}`, hooks.attest) } : {}),
    ...(hooks.signAndAttest
      ? { signAndAttest: timed(image => `sign and attest ${image.name}`, hooks.signAndAttest) }
      : {}),
    ...(hooks.withdraw ? { withdraw: timed(image => `withdraw ${image.name}`, hooks.withdraw) } : {})
  }
}
