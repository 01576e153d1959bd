// Promotion: moves images from one of the catalog's environments to another without rebuilding.
// Two phases, as publishing: every image is resolved and verified first (signature, scan attestation
// at the target's policy, tag rules); only when all passed (or, with `per-image`, each that passed) are
// they copied by digest with every signature and attestation attached to them, and only after every
// copy are tags put.
import { runCancellation } from '../cancel.js'
import * as core from '@actions/core'
import type { Catalog } from '../catalog/schema.js'
import { CatalogError } from '../catalog/errors.js'
import { mapSettled } from '../concurrency.js'
import { VerifyError, type Verifier } from '../trust/trust.js'
import type { VulnAttestation } from '../trust/scans.js'
import { platformImages, verifyDigest, type DigestEvidence } from '../verify/trusted.js'
import type { PushStrategy } from '../gate/gate.js'
import type { GitContext } from '../plan/git.js'
import { buildPlan, type Plan, type PlanOptions } from '../plan/plan.js'
import { RegistryClient, RegistryError } from '../registry/client.js'
import {
  copyAttached,
  copyTree,
  emptyCounts,
  putTag,
  type BlobCopies,
  type CopyCounts,
  type Repository
} from '../registry/copy.js'
import { parseReference } from '../registry/reference.js'
import {
  judgeScans,
  parseVersion,
  immutableTagConflicts,
  targetTags,
  versionRefusals,
  type PlatformImage,
  type PromotionVersion,
  type ScanPolicy
} from './policy.js'

/** Images copied (and tagged) at once at least: the copy waits on the registry, not on this machine's cores. */
const COPY_IMAGES = 4

export interface PromoteInput {
  catalog: Catalog
  /** The catalog file, for messages. */
  file: string
  source: string
  target: string
  /** A tag of every source repository, or a digest. */
  version: string
  /** Only these catalog images; empty: all. */
  only: string[]
  /** Overrides the first-party org in both environments. */
  org?: string
  /** Extra target tags (the `tags` input). */
  tags: string[]
  semverAliases: boolean
  /** The target environment's gate. */
  policy: ScanPolicy
  strategy: PushStrategy
  /** Who must have signed (the trust seam: bundles in process, cosign 2's tags as a fallback). */
  verifier: Verifier
  git: GitContext
  /** Registry credentials used for every registry that asks; else the docker config. */
  username?: string
  password?: string
  /** Images verified at once. */
  parallel: number
  /** A client per registry host (tests); default: a RegistryClient with the credentials above. */
  client?: (registry: string) => RegistryClient
}

export type PromotionStatus = 'promoted' | 'unchanged' | 'refused' | 'not-moved' | 'failed'

export interface ImagePromotion {
  name: string
  /** `host/org/name` in the source and target environments. */
  source: string
  target: string
  /** The digest the version resolved to in the source. */
  digest?: string
  /** `host/org/name:tag` for each target tag, then `host/org/name@digest`. */
  refs: string[]
  /** What was checked, one line each (signature, scan per platform, tags). */
  verified: string[]
  status: PromotionStatus
  /** Why the image was refused or failed (each line names the image). */
  reasons: string[]
  copy?: CopyCounts
}

export interface PromoteResult {
  source: string
  target: string
  production: boolean
  version: string
  passed: boolean
  images: ImagePromotion[]
}

interface Verified {
  result: ImagePromotion
  sourceRepo: Repository
  targetRepo: Repository
  tags: string[]
  /** Tags already at the digest: nothing to put. */
  unchangedTags: Set<string>
}

function planFor(input: PromoteInput, environment: string, tags: string[]): Plan {
  const options: PlanOptions = {
    environment,
    org: input.org,
    tags,
    labels: {},
    buildArgs: {},
    cacheFrom: [],
    cacheTo: [],
    only: input.only,
    semverAliases: input.semverAliases,
    rules: 'off'
  }
  return buildPlan(input.catalog, input.file, options, input.git)
}

export async function promote(input: PromoteInput): Promise<PromoteResult> {
  const environments = Object.keys(input.catalog.environments ?? {})
  for (const [name, environment] of [
    ['source-environment', input.source],
    ['environment', input.target]
  ] as const) {
    if (!environments.includes(environment)) {
      throw new CatalogError([
        {
          file: input.file,
          path: ['environments'],
          message: `the environment "${environment}" (input ${name}) is not in the catalog (${environments.join(', ') || 'none'})`
        }
      ])
    }
  }
  if (input.source === input.target) {
    throw new Error(`input source-environment: "${input.source}" is also the target environment`)
  }
  const version = parseVersion(input.version)
  // the target plan checks the extra tags against the target's tag policy (latest, -debug)
  const sourcePlan = planFor(input, input.source, [])
  const targetPlan = planFor(input, input.target, input.tags)
  const clients = new Map<string, RegistryClient>()
  const clientFor = (registry: string): RegistryClient => {
    let client = clients.get(registry)
    if (!client) {
      client =
        input.client?.(registry) ??
        new RegistryClient({
          registry,
          username: input.username || undefined,
          password: input.password || undefined
        })
      clients.set(registry, client)
    }
    return client
  }
  const repository = (full: string): Repository => {
    const ref = parseReference(full)
    return { client: clientFor(ref.registry), name: ref.repository }
  }

  // phase 1: resolve and verify every image; nothing is written anywhere
  const resolved = await mapSettled(sourcePlan.images, input.parallel, async image => {
    const targetImage = targetPlan.images.find(i => i.name === image.name)
    if (!targetImage) throw new Error(`${image.name} is not in the target plan`)
    return await resolveImage(
      input,
      version,
      targetPlan,
      image.repository,
      targetImage.repository,
      image.name,
      repository
    )
  })
  // the signature and the scan attestations of every resolved image, verified side by side
  const verified = await mapSettled(resolved, input.parallel, async settled => {
    if (settled.status === 'rejected') throw settled.reason
    return await checkImage(input, settled.value)
  })
  const checked: Verified[] = verified.map((settled, i) => {
    if (settled.status === 'fulfilled') return settled.value
    const name = sourcePlan.images[i]?.name ?? '?'
    const targetImage = targetPlan.images.find(t => t.name === name)
    return {
      result: {
        name,
        source: sourcePlan.images[i]?.repository ?? '',
        target: targetImage?.repository ?? '',
        refs: [],
        verified: [],
        status: 'failed',
        reasons: [`${name}: ${(settled.reason as Error).message ?? String(settled.reason)}`]
      },
      sourceRepo: repository(sourcePlan.images[i]?.repository ?? ''),
      targetRepo: repository(targetImage?.repository ?? ''),
      tags: [],
      unchangedTags: new Set()
    }
  })
  const allPassed = checked.every(c => c.result.status !== 'refused' && c.result.status !== 'failed')
  const movable = checked.filter(
    c =>
      c.result.status !== 'refused' &&
      c.result.status !== 'failed' &&
      (allPassed || input.strategy === 'per-image')
  )
  for (const c of checked)
    if (!movable.includes(c) && c.result.status !== 'refused' && c.result.status !== 'failed') {
      c.result.status = 'not-moved'
    }

  // phase 2: copy every movable image by digest, with its signatures and attestations; no tag yet.
  // Registry requests, not local work: at least COPY_IMAGES images at once whatever max-parallel is
  const copyLimit = Math.max(input.parallel, COPY_IMAGES)
  const copied = await mapSettled(movable, copyLimit, async c => {
    const digest = c.result.digest as string
    runCancellation.throwIfCancelled(`${c.result.name}: copy to ${c.result.target}`)
    const counts = emptyCounts()
    const blobs: BlobCopies = new Map()
    const digests = await copyTree(c.sourceRepo, c.targetRepo, digest, counts, blobs)
    await copyAttached(c.sourceRepo, c.targetRepo, digests, counts, blobs)
    c.result.copy = counts
  })
  const copyFailed = copied.some(s => s.status === 'rejected')
  copied.forEach((settled, i) => {
    const c = movable[i] as Verified
    if (settled.status === 'rejected') {
      c.result.status = 'failed'
      c.result.reasons.push(
        `${c.result.name}: copy to ${c.result.target} failed: ${(settled.reason as Error).message}`
      )
    }
  })

  // phase 3: tags, only when every copy succeeded (or per image); images side by side, each its tags in order
  await mapSettled(movable, copyLimit, async c => {
    if (c.result.status === 'failed') return
    if (copyFailed && input.strategy !== 'per-image') {
      c.result.status = 'not-moved'
      return
    }
    const digest = c.result.digest as string
    try {
      for (const tag of c.tags) {
        runCancellation.throwIfCancelled(`${c.result.name}: tag ${tag}`)
        if (!c.unchangedTags.has(tag)) await putTag(c.targetRepo, tag, digest, c.sourceRepo)
        c.result.refs.push(`${c.result.target}:${tag}`)
      }
      c.result.refs.push(`${c.result.target}@${digest}`)
      const nothingNew = c.tags.every(t => c.unchangedTags.has(t)) && (c.result.copy?.manifests ?? 0) === 0
      c.result.status = nothingNew ? 'unchanged' : 'promoted'
    } catch (err) {
      c.result.status = 'failed'
      c.result.reasons.push(
        `${c.result.name}: tagging in ${c.result.target} failed: ${(err as Error).message}`
      )
    }
  })
  const images = checked.map(c => c.result)
  return {
    source: input.source,
    target: input.target,
    production: targetPlan.production,
    version: input.version,
    passed: images.every(i => i.status === 'promoted' || i.status === 'unchanged'),
    images
  }
}

/** An image resolved in the source, before verification: the root manifest and its platforms, unless refused. */
interface Resolved {
  out: Verified
  root?: { digest: string }
  platforms: PlatformImage[]
}

/** The tag rules, then the source digest and its platforms (registry reads only). */
async function resolveImage(
  input: PromoteInput,
  version: PromotionVersion,
  targetPlan: Plan,
  sourceName: string,
  targetName: string,
  name: string,
  repository: (full: string) => Repository
): Promise<Resolved> {
  const result: ImagePromotion = {
    name,
    source: sourceName,
    target: targetName,
    refs: [],
    verified: [],
    status: 'refused',
    reasons: []
  }
  const sourceRepo = repository(sourceName)
  const targetRepo = repository(targetName)
  const tags = targetTags(version, { semverAliases: input.semverAliases, extra: input.tags })
  const out: Verified = { result, sourceRepo, targetRepo, tags, unchangedTags: new Set() }
  const refused = (reason: string): Resolved => {
    result.reasons.push(`${name}: ${reason}`)
    return { out, platforms: [] }
  }
  const refusals = versionRefusals({
    image: name,
    version,
    tags,
    target: { environment: targetPlan.environment, production: targetPlan.production }
  })
  if (refusals.length > 0) {
    for (const r of refusals) result.reasons.push(`${name}: ${r}`)
    return { out, platforms: [] }
  }

  // the source digest
  const reference = version.kind === 'tag' ? version.tag : version.digest
  let root
  try {
    root = await sourceRepo.client.getManifest(sourceRepo.name, reference)
  } catch (err) {
    if (err instanceof RegistryError && err.status === 404) {
      return refused(
        version.kind === 'tag'
          ? `the tag "${version.tag}" does not exist in ${sourceName}`
          : `the digest ${version.digest} does not exist in ${sourceName}`
      )
    }
    throw err
  }
  result.digest = root.digest
  const platforms = await platformImages(sourceRepo, root.digest, root.bytes, root.mediaType)
  return { out, root: { digest: root.digest }, platforms }
}

/**
 * The signature, then the scan attestations (on the index, else on each platform manifest) judged again
 * at the target's policy, then the target's tags.
 */
async function checkImage(input: PromoteInput, resolved: Resolved): Promise<Verified> {
  const { out, root, platforms } = resolved
  if (!root) return out
  const { result, targetRepo, tags } = out
  const { name, source: sourceName, target: targetName } = result
  const refuse = (reason: string): Verified => {
    result.reasons.push(`${name}: ${reason}`)
    return out
  }
  const { verifier } = input
  let evidence: DigestEvidence
  try {
    evidence = await verifyDigest({ verifier, repository: sourceName, digest: root.digest, platforms })
  } catch (err) {
    if (err instanceof VerifyError) return refuse(err.message)
    throw err
  }
  const signatures = evidence.signatures
  const who = signatures.find(s => s.subject)
  const formats = [
    ...new Set(signatures.map(s => (s.format === 'bundle' ? 'Sigstore bundle' : 'cosign 2 .sig')))
  ]
  result.verified.push(
    `signature on ${root.digest} by ${verifier.describe} (${formats.join(', ')})${who ? ` (${who.subject}, ${who.issuer ?? 'no issuer'})` : ''}`
  )

  // the scan attestations, judged again at the target's policy
  const attestations: VulnAttestation[] = evidence.scans
  const scan = judgeScans(name, attestations, platforms, input.policy)
  if (!scan.passed) {
    for (const r of scan.reasons) refuse(r)
    return out
  }
  for (const s of scan.scans) {
    result.verified.push(
      `scan attestation ${s.platform}: ${s.scanner}${s.finishedOn ? ` at ${s.finishedOn}` : ''}, nothing at ${input.policy.severity.join(',')}${input.policy.ignoreUnfixed ? ' (unfixed ignored)' : ''}`
    )
  }

  // tags in the target: SemVer and sha-<7> never move
  const existing = new Map<string, string | undefined>()
  for (const tag of tags) {
    const head = await targetRepo.client.headManifest(targetRepo.name, tag)
    existing.set(
      tag,
      head ? head.digest || (await targetRepo.client.getManifest(targetRepo.name, tag)).digest : undefined
    )
  }
  const conflicts = immutableTagConflicts(root.digest, existing, targetName)
  if (conflicts.length > 0) {
    for (const c of conflicts) refuse(c)
    return out
  }
  for (const [tag, digest] of existing) if (digest === root.digest) out.unchangedTags.add(tag)
  result.verified.push(
    tags.length > 0
      ? `target tags ${tags.join(', ')}: ${out.unchangedTags.size} already at this digest`
      : 'no target tag (promoted by digest)'
  )
  result.status = 'promoted'
  core.info(`${name}: ${sourceName}@${root.digest} verified for ${targetName}`)
  return out
}
