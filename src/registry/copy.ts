// Copying an image between repositories by digest, byte for byte: every manifest of the tree (all
// platforms, buildx's attestation manifests), every blob (a cross-repository mount when both are on one
// registry), and what was attached to each digest (cosign's `sha256-<hex>.sig|.att|.sbom` tags and OCI
// 1.1 referrers, through the referrers API or its `sha256-<hex>` tag), so `cosign verify` works against
// the target. Tags are put apart (`putTag`), after every
// image of a catalog was copied.
import * as core from '@actions/core'
import { parseJson } from '../json.js'
import { mapLimit, RegistryError, type RegistryClient } from './client.js'
import type { Descriptor } from '../oci/layout.js'
import { listArtifacts, registerReferrers } from './referrers.js'

export interface Repository {
  client: RegistryClient
  /** The repository path inside the client's registry (`app/backend`). */
  name: string
}

export interface CopyCounts {
  /**
   * Blobs the target took by a cross-repository mount: no bytes moved. Within one registry every
   * blob is mounted without asking first, so this counts blobs the target already had too.
   */
  mountedBlobs: number
  /** Blobs streamed from the source registry, and their bytes. */
  uploadedBlobs: number
  uploadedBytes: number
  /**
   * Blobs not copied: across registries, those the target already had (HEAD); in any copy, a blob
   * another manifest of the same copy brought; within one registry, a declined mount's blob found there.
   */
  presentBlobs: number
  /** Manifests put by digest (those the target already had are not counted). */
  manifests: number
  /** cosign's tags (`.sig`, `.att`, `.sbom`) and referrers copied, e.g. `sha256-ab12….sig`. */
  attached: string[]
}

export function emptyCounts(): CopyCounts {
  return { mountedBlobs: 0, uploadedBlobs: 0, uploadedBytes: 0, presentBlobs: 0, manifests: 0, attached: [] }
}

/** The tag under which cosign stores a digest's signatures (`sig`), attestations (`att`) or SBOM. */
export function cosignTag(digest: string, kind: 'sig' | 'att' | 'sbom'): string {
  return `${digest.replace(':', '-')}.${kind}`
}

export const COSIGN_KINDS = ['sig', 'att', 'sbom'] as const

/** Requests in flight per image copy (blobs, child manifests, cosign's tags). */
const COPY_CONCURRENCY = 4

interface ParsedManifest {
  manifests?: Descriptor[]
  config?: Descriptor
  layers?: Descriptor[]
}

/** Layers a registry must not be asked to hold (Windows foreign layers): referenced by URL. */
function isDistributable(blob: Descriptor): boolean {
  return !/nondistributable|foreign/.test(blob.mediaType) && !(blob.urls && blob.urls.length > 0)
}

/**
 * The blob copies of one image's copy, by digest: a blob that several manifests share (a layer both
 * platforms have) is copied once. Two mounts of one blob at once rewrite the repository's link to it
 * while a manifest PUT may read it, and distribution then refuses the manifest (MANIFEST_BLOB_UNKNOWN).
 */
export type BlobCopies = Map<string, Promise<'present' | 'mounted' | 'uploaded'>>

/**
 * Copies the manifest `digest` of `source` (and, for an index, every child first) into `target` by
 * digest. Returns every manifest digest of the tree (root first). A manifest the target already has is
 * neither put again nor walked: the registry accepted it only with everything it references.
 */
export async function copyTree(
  source: Repository,
  target: Repository,
  digest: string,
  counts: CopyCounts,
  inFlight: BlobCopies = new Map(),
  /**
   * The target is known not to hold this manifest (its index was not there, or its referrers list
   * lacks it): no HEAD first. Were it there after all, its blobs are mounted and it is put again, which
   * changes nothing.
   */
  absent = false
): Promise<string[]> {
  const manifest = await source.client.getManifest(source.name, digest)
  const parsed = parseJson(
    manifest.bytes.toString('utf8'),
    () => `${source.client.registry}/${source.name}@${digest} is not a JSON manifest`
  ) as ParsedManifest
  const digests = [digest]
  // a registry only stores a manifest whose blobs and child manifests it has: the tree is all there
  if (!absent && (await target.client.headManifest(target.name, digest))) {
    return [...digests, ...(parsed.manifests ?? []).map(child => child.digest)]
  }
  if (Array.isArray(parsed.manifests)) {
    const children = parsed.manifests
    const trees: string[][] = children.map(() => [])
    await mapLimit([...children.keys()], COPY_CONCURRENCY, async i => {
      trees[i] = await copyTree(source, target, (children[i] as Descriptor).digest, counts, inFlight, true)
    })
    for (const tree of trees) digests.push(...tree)
  } else {
    const blobs = [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])]
    await mapLimit(blobs.filter(isDistributable), COPY_CONCURRENCY, async blob => {
      const copying = inFlight.get(blob.digest)
      if (copying) {
        await copying
        counts.presentBlobs++
        return
      }
      const copy = target.client.copyBlob(source, target.name, blob)
      inFlight.set(blob.digest, copy)
      const how = await copy
      if (how === 'mounted') counts.mountedBlobs++
      else if (how === 'present') counts.presentBlobs++
      else {
        counts.uploadedBlobs++
        counts.uploadedBytes += blob.size
      }
    })
  }
  const stored = await target.client.putManifest(target.name, digest, manifest.bytes, manifest.mediaType)
  if (stored !== digest) {
    throw new Error(
      `${target.client.registry}/${target.name}: manifest ${digest} was stored with digest ${stored}`
    )
  }
  counts.manifests++
  return digests
}

/**
 * Copies what was attached to each of `digests` in `source`: cosign's `.sig`, `.att` and `.sbom` tags
 * (their manifests and blobs, then the tag) and the OCI 1.1 referrers, found through the referrers API
 * or the referrers tag (`sha256-<hex>`). A target tag that already points elsewhere (signatures added
 * in the target) is kept, with a warning: cosign's signature manifests cannot be merged without
 * re-signing. Referrers are copied by digest and then registered in the target: its referrers API
 * indexes them by itself, else they are merged into its referrers tag, which keeps every entry the
 * target had (the source's referrers tag is never copied over it).
 */
export async function copyAttached(
  source: Repository,
  target: Repository,
  digests: readonly string[],
  counts: CopyCounts,
  inFlight: BlobCopies = new Map()
): Promise<void> {
  // both repositories' tags, one listing each (when the registries list them): cosign's tags and the
  // referrers tags that are not there are not asked for one by one
  const [sourceTags, targetTags] = await Promise.all([
    source.client.allTags(source.name),
    target.client.allTags(target.name)
  ])
  const tags = digests
    .flatMap(digest => COSIGN_KINDS.map(kind => ({ kind, tag: cosignTag(digest, kind) })))
    .filter(({ tag }) => !sourceTags || sourceTags.has(tag))
  await mapLimit(tags, COPY_CONCURRENCY, async ({ kind, tag }) => {
    const found = await source.client.headManifest(source.name, tag)
    if (!found) return
    const attachedDigest = found.digest || (await source.client.getManifest(source.name, tag)).digest
    await copyTree(source, target, attachedDigest, counts, inFlight)
    const existing =
      targetTags && !targetTags.has(tag) ? undefined : await target.client.headManifest(target.name, tag)
    if (existing && existing.digest === attachedDigest) return
    if (existing) {
      core.warning(
        `${target.client.registry}/${target.name}:${tag} already holds other ${kind} data (${existing.digest}); kept as it is`
      )
      return
    }
    await putTag(target, tag, attachedDigest, source)
    counts.attached.push(tag)
  })
  await mapLimit(digests, COPY_CONCURRENCY, async digest => {
    const [listed, there] = await Promise.all([
      listArtifacts(source, digest, {}, sourceTags),
      listArtifacts(target, digest, {}, targetTags)
    ])
    // a referrer the target already lists was copied and registered there before (a promotion again)
    const present = new Set(there.map(d => d.digest))
    const copied = new Set<string>()
    await mapLimit(
      listed.filter(referrer => !present.has(referrer.digest)),
      COPY_CONCURRENCY,
      async referrer => {
        try {
          await copyTree(source, target, referrer.digest, counts, inFlight, true)
        } catch (err) {
          // a list may name a manifest that is gone (deleted without updating the referrers tag)
          if (!(err instanceof RegistryError && err.status === 404)) throw err
          core.warning(
            `${source.client.registry}/${source.name}: referrer ${referrer.digest} of ${digest} is listed but cannot be read (${err.message}); not copied`
          )
          return
        }
        copied.add(referrer.digest)
        counts.attached.push(`referrer ${referrer.digest}`)
      }
    )
    const register = listed.filter(referrer => copied.has(referrer.digest))
    if (register.length > 0) await registerReferrers(target, digest, register)
  })
  counts.attached.sort()
}

/** Points `tag` of `target` at `digest` (a manifest already there), with the manifest's exact bytes. */
export async function putTag(
  target: Repository,
  tag: string,
  digest: string,
  from: Repository = target
): Promise<void> {
  const manifest = await from.client.getManifest(from.name, digest)
  const stored = await target.client.putManifest(target.name, tag, manifest.bytes, manifest.mediaType)
  if (stored !== digest) {
    throw new Error(
      `${target.client.registry}/${target.name}:${tag} was stored with digest ${stored}, not ${digest}`
    )
  }
}
