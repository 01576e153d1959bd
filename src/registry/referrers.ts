// OCI 1.1 artifacts attached to an image by `subject` (cosign's specs/BUNDLE_SPEC.md layout: an image
// manifest with `artifactType`, the empty config and one layer), stored, listed, read and removed. A
// registry with the referrers API indexes them itself; one without it (distribution 2.8 answers 404)
// gets the distribution spec's referrers tag schema: an image index tagged `sha256-<hex of subject>`,
// kept up to date here. Bytes with an artifact type only: what the blob says is its caller's business.
import { DIGEST } from '../plan/grammar.js'
import { parseJson } from '../json.js'
import {
  INDEX_TYPES,
  MANIFEST_TYPES,
  MEDIA,
  sha256,
  type Descriptor,
  type ImageManifest
} from '../oci/layout.js'
import { MANIFEST_ACCEPT, RegistryError } from './client.js'
import type { Repository } from './copy.js'

/** The OCI empty descriptor's blob (`{}`), the config of an artifact that needs none. */
export const EMPTY_JSON: Buffer = Buffer.from('{}')

export const EMPTY_CONFIG: Descriptor = {
  mediaType: 'application/vnd.oci.empty.v1+json',
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2
}

const TITLE = 'org.opencontainers.image.title'

/** An artifact manifest as `attachArtifacts` writes it and `fetchArtifactBlob` returns it. */
export interface ArtifactManifest extends ImageManifest {
  artifactType: string
  subject: Descriptor
}

export interface Artifact {
  /** The manifest's `artifactType`, e.g. `application/vnd.dev.sigstore.bundle.v0.3+json`. */
  artifactType: string
  /** The one layer's bytes. */
  blob: Uint8Array
  blobMediaType: string
  /** The manifest's annotations (copied into the referrers list). */
  annotations?: Record<string, string>
  /** The layer's `org.opencontainers.image.title`; default cosign's bundle name `sha256-<hex>.sigstore.json`. */
  title?: string
}

export interface DetachResult {
  /** Artifact manifests deleted (or already gone). */
  deleted: string[]
  /** Artifact manifests the registry does not delete (405/400 UNSUPPORTED): unlisted, still stored. */
  kept: string[]
}

/** Tries of a referrers tag update before giving up on a writer that keeps replacing it. */
const TAG_UPDATE_ROUNDS = 10
/** Least wait between a tag PUT and the read that checks it, and the random part added to it. */
const SETTLE_MS = 25
const JITTER_MS = 40

/**
 * The referrers tag schema's tag for `digest`: the algorithm (32 characters at most), `-`, the encoded
 * part (64 at most), any character a tag cannot hold replaced with `-`.
 */
export function referrersTag(digest: string): string {
  const colon = digest.indexOf(':')
  if (colon <= 0) throw new Error(`referrersTag: "${digest}" is not a digest (algorithm:encoded)`)
  const tag = `${digest.slice(0, colon).slice(0, 32)}-${digest.slice(colon + 1).slice(0, 64)}`
  return tag.replace(/[^\w.-]/g, '-')
}

function checkDigest(digest: string, what: string): void {
  if (!DIGEST.test(digest)) throw new Error(`${what}: "${digest}" is not a sha256 digest (sha256:<64 hex>)`)
}

function where(repo: Repository, reference: string): string {
  const sep = reference.startsWith('sha256:') ? '@' : ':'
  return `${repo.client.registry}/${repo.name}${sep}${reference}`
}

/** What the referrers tag holds: its index (kept whole for a rewrite), or nothing (404). */
interface TagIndex {
  /** The index manifest's digest (to delete it when it empties). */
  digest: string
  index: { schemaVersion: number; mediaType?: string; manifests: Descriptor[]; [field: string]: unknown }
}

/** Reads the referrers tag of `subjectDigest`: undefined when there is none (404). */
async function readTag(repo: Repository, subjectDigest: string): Promise<TagIndex | undefined> {
  const tag = referrersTag(subjectDigest)
  let got
  try {
    got = await repo.client.getManifest(repo.name, tag, MANIFEST_ACCEPT)
  } catch (err) {
    if (err instanceof RegistryError && err.status === 404) return undefined
    throw err
  }
  const index = parseJson(
    got.bytes.toString('utf8'),
    reason => `${where(repo, tag)} (the referrers list of ${subjectDigest}) is not JSON: ${reason}`
  ) as TagIndex['index']
  const mediaType = got.mediaType || index.mediaType
  if (mediaType !== MEDIA.ociIndex || !Array.isArray(index.manifests)) {
    throw new Error(
      `${where(repo, tag)} should be the OCI image index listing the referrers of ${subjectDigest} ` +
        `(referrers tag schema), but it is ${mediaType || 'a manifest without a media type'}; left as it is`
    )
  }
  return { digest: got.digest, index }
}

function listed(tag: TagIndex | undefined): Descriptor[] {
  return (tag?.index.manifests ?? []).filter(d => typeof d?.digest === 'string')
}

function isUnsupported(err: unknown): boolean {
  return (
    err instanceof RegistryError &&
    (err.status === 405 || (err.status === 400 && /UNSUPPORTED/.test(err.message)))
  )
}

/**
 * Adds `change.add` (those not listed yet) to, and removes `change.remove` from, the referrers tag of
 * `subjectDigest`, keeping every other entry. The registry has no conditional PUT, so another job may
 * replace the tag with an index it read before this PUT: after each PUT the tag is read again, once a
 * writer that read before it has had time to PUT (at least twice this round's own read-to-PUT time),
 * and the change is made again until the read shows it, TAG_UPDATE_ROUNDS times at most. Updates of one
 * tag by one client (one run) queue behind each other. An index left empty is deleted (the registry's
 * delete by digest drops the tag with it), or PUT empty where the registry does not delete.
 */
export async function updateReferrersTag(
  repo: Repository,
  subjectDigest: string,
  change: { add?: readonly Descriptor[]; remove?: readonly string[] }
): Promise<void> {
  checkDigest(subjectDigest, 'updateReferrersTag')
  const add = change.add ?? []
  const remove = new Set(change.remove ?? [])
  const tag = referrersTag(subjectDigest)
  const done = (entries: Descriptor[]): boolean =>
    add.every(d => entries.some(e => e.digest === d.digest)) && !entries.some(e => remove.has(e.digest))
  await repo.client.exclusive(`referrers tag ${repo.name}:${tag}`, async () => {
    for (let round = 1; ; round++) {
      const started = Date.now()
      const current = await readTag(repo, subjectDigest)
      const entries = listed(current)
      if (done(entries)) return
      if (round > TAG_UPDATE_ROUNDS) {
        const missing = add.filter(d => !entries.some(e => e.digest === d.digest)).map(d => d.digest)
        const back = entries.filter(e => remove.has(e.digest)).map(e => e.digest)
        throw new Error(
          `${where(repo, tag)}: the referrers list of ${subjectDigest} was replaced by another writer ` +
            `${TAG_UPDATE_ROUNDS} times in a row` +
            (missing.length ? `; still missing ${missing.join(', ')}` : '') +
            (back.length ? `; still listing ${back.join(', ')}` : '') +
            ' (this registry has no referrers API and no conditional PUT: retry the run)'
        )
      }
      const manifests = [
        ...(current?.index.manifests ?? []).filter(d => !remove.has(d?.digest)),
        ...add.filter(d => !entries.some(e => e.digest === d.digest))
      ]
      const index = { ...(current?.index ?? {}), schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests }
      let deleted = false
      if (manifests.length === 0 && current) {
        try {
          await repo.client.deleteManifest(repo.name, current.digest)
          deleted = true
        } catch (err) {
          if (err instanceof RegistryError && err.status === 404) deleted = true
          else if (!isUnsupported(err)) throw err
        }
      }
      if (!deleted) {
        const bytes = Buffer.from(JSON.stringify(index))
        const stored = await repo.client.putManifest(repo.name, tag, bytes, MEDIA.ociIndex)
        if (stored !== sha256(bytes)) {
          throw new Error(
            `${where(repo, tag)} was stored with digest ${stored}, its bytes are ${sha256(bytes)}`
          )
        }
      }
      const readToPut = Date.now() - started
      await repo.client.wait(Math.max(SETTLE_MS, 2 * readToPut) + Math.floor(Math.random() * JITTER_MS))
    }
  })
}

/** The descriptor a referrers list holds for an artifact manifest (as the referrers API gives it). */
function referrerDescriptor(manifest: ArtifactManifest, bytes: Buffer): Descriptor {
  const descriptor: Descriptor = {
    mediaType: MEDIA.ociManifest,
    digest: sha256(bytes),
    size: bytes.length,
    artifactType: manifest.artifactType
  }
  if (manifest.annotations && Object.keys(manifest.annotations).length > 0) {
    descriptor.annotations = { ...manifest.annotations }
  }
  return descriptor
}

/**
 * Makes `descriptors` (artifact manifests already in `repo`, each with `subject` `subjectDigest`) show
 * in the referrers of `subjectDigest`: nothing to do where the registry has the referrers API (it
 * indexed them when they were PUT), else merged into the referrers tag.
 */
export async function registerReferrers(
  repo: Repository,
  subjectDigest: string,
  descriptors: readonly Descriptor[]
): Promise<'api' | 'tag'> {
  if ((await repo.client.referrers(repo.name, subjectDigest)) !== undefined) return 'api'
  await updateReferrersTag(repo, subjectDigest, { add: descriptors })
  return 'tag'
}

/**
 * Attaches several artifacts to one `subject`: each stored at once, then one update of the referrers
 * tag for all of them (one read-modify-write instead of one per artifact: the tag's updates to a
 * subject queue one after another). Descriptors in the order of `artifacts`.
 */
export async function attachArtifacts(
  repo: Repository,
  subject: Descriptor,
  artifacts: readonly Artifact[]
): Promise<Descriptor[]> {
  checkDigest(subject.digest, 'attachArtifact subject.digest')
  if (![...INDEX_TYPES, ...MANIFEST_TYPES].includes(subject.mediaType)) {
    throw new Error(
      `attachArtifact subject.mediaType: "${subject.mediaType}" is not an image manifest or index media type`
    )
  }
  if (!Number.isSafeInteger(subject.size) || subject.size <= 0) {
    throw new Error(`attachArtifact subject.size: ${subject.size} is not the size of a manifest in bytes`)
  }
  for (const artifact of artifacts) {
    if (!artifact.artifactType) throw new Error('attachArtifact artifact.artifactType: is required')
    if (!artifact.blobMediaType) throw new Error('attachArtifact artifact.blobMediaType: is required')
  }
  if (artifacts.length === 0) return []
  const { client, name } = repo
  const config = client.ensureBlob(name, EMPTY_CONFIG.digest, EMPTY_JSON)
  const stored = await Promise.all(
    artifacts.map(async artifact => {
      const blobDigest = sha256(artifact.blob)
      await Promise.all([client.uploadBlob(name, blobDigest, artifact.blob), config])
      const manifest: ArtifactManifest = {
        schemaVersion: 2,
        mediaType: MEDIA.ociManifest,
        artifactType: artifact.artifactType,
        config: EMPTY_CONFIG,
        layers: [
          {
            mediaType: artifact.blobMediaType,
            digest: blobDigest,
            size: artifact.blob.length,
            annotations: { [TITLE]: artifact.title ?? `${blobDigest.replace(':', '-')}.sigstore.json` }
          }
        ],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size }
      }
      if (artifact.annotations && Object.keys(artifact.annotations).length > 0) {
        manifest.annotations = { ...artifact.annotations }
      }
      const bytes = Buffer.from(JSON.stringify(manifest))
      const descriptor = referrerDescriptor(manifest, bytes)
      const answer = await client.putManifestAnswer(name, descriptor.digest, bytes, MEDIA.ociManifest)
      if (answer.digest !== descriptor.digest) {
        throw new Error(
          `${where(repo, descriptor.digest)}: the artifact manifest was stored with digest ${answer.digest}`
        )
      }
      return { descriptor, indexed: answer.ociSubject === subject.digest }
    })
  )
  const unindexed = stored.filter(s => !s.indexed).map(s => s.descriptor)
  if (unindexed.length > 0) await registerReferrers(repo, subject.digest, unindexed)
  return stored.map(s => s.descriptor)
}

/**
 * The artifacts attached to `subjectDigest` in `repo`: the referrers API's list where the registry
 * has one, else the referrers tag (none when it is absent), filtered by `artifactType` here whether or
 * not the registry filtered.
 */
export async function listArtifacts(
  repo: Repository,
  subjectDigest: string,
  filter: { artifactType?: string } = {},
  /** The repository's tags (`allTags`), when the caller listed them: no referrers tag read that is not there. */
  tags?: ReadonlySet<string>
): Promise<Descriptor[]> {
  checkDigest(subjectDigest, 'listArtifacts')
  const api = await repo.client.referrers(repo.name, subjectDigest, filter)
  const all =
    api ?? (tags && !tags.has(referrersTag(subjectDigest)) ? [] : listed(await readTag(repo, subjectDigest)))
  return filter.artifactType ? all.filter(d => d.artifactType === filter.artifactType) : all
}

/**
 * An attached artifact's manifest, checked (an OCI image manifest of `expect.artifactType` with exactly
 * one layer), and that layer's bytes (their digest checked).
 */
export async function fetchArtifactBlob(
  repo: Repository,
  artifactDigest: string,
  expect: { artifactType: string }
): Promise<{ manifest: ArtifactManifest; digest: string; blob: Buffer }> {
  checkDigest(artifactDigest, 'fetchArtifactBlob')
  const at = where(repo, artifactDigest)
  const got = await repo.client.getManifest(repo.name, artifactDigest, [MEDIA.ociManifest])
  const manifest = parseJson(
    got.bytes.toString('utf8'),
    reason => `${at} is not a JSON manifest: ${reason}`
  ) as Partial<ArtifactManifest> | null
  const mediaType = got.mediaType || manifest?.mediaType
  if (!manifest || mediaType !== MEDIA.ociManifest) {
    throw new Error(`${at} is not an OCI image manifest (${mediaType || 'no media type'})`)
  }
  if (manifest.artifactType !== expect.artifactType) {
    throw new Error(
      `${at} has artifactType ${manifest.artifactType ?? '(none)'}, expected ${expect.artifactType}`
    )
  }
  const layers = Array.isArray(manifest.layers) ? manifest.layers : []
  const layer = layers[0]
  if (layers.length !== 1 || !layer || typeof layer.digest !== 'string') {
    throw new Error(`${at} should have exactly one layer (the artifact), it has ${layers.length}`)
  }
  const blob = await repo.client.getBlob(repo.name, layer.digest)
  if (blob.length !== layer.size) {
    throw new Error(
      `${at}: its layer ${layer.digest} is ${blob.length} bytes, the manifest says ${layer.size}`
    )
  }
  return { manifest: manifest as ArtifactManifest, digest: got.digest, blob }
}

/**
 * Removes the artifacts `digests` from `subjectDigest` in `repo`: out of the referrers tag (where the
 * registry has no referrers API; the same safe update as an attach), then their manifests deleted.
 * A registry that does not delete (405, 400 UNSUPPORTED) keeps them, unlisted: not an error.
 */
export async function detachArtifacts(
  repo: Repository,
  subjectDigest: string,
  digests: readonly string[]
): Promise<DetachResult> {
  checkDigest(subjectDigest, 'detachArtifacts')
  for (const digest of digests) checkDigest(digest, 'detachArtifacts digests')
  const result: DetachResult = { deleted: [], kept: [] }
  if (digests.length === 0) return result
  if ((await repo.client.referrers(repo.name, subjectDigest)) === undefined) {
    await updateReferrersTag(repo, subjectDigest, { remove: digests })
  }
  for (const digest of digests) {
    try {
      await repo.client.deleteManifest(repo.name, digest)
      result.deleted.push(digest)
    } catch (err) {
      if (err instanceof RegistryError && err.status === 404) result.deleted.push(digest)
      else if (isUnsupported(err)) result.kept.push(digest)
      else throw err
    }
  }
  return result
}
