// Sigstore bundles in an OCI registry, as cosign's specs/BUNDLE_SPEC.md lays them out: the bundle's JSON
// as a blob, an artifact manifest (artifactType = the bundle media type, an empty config, one layer) whose
// `subject` is the image, found through the referrers API or, on a registry without it, the
// `sha256-<hex>` referrers tag. The registry verbs are src/registry/referrers.ts; this module names what
// a bundle referrer carries (its annotations) and which referrers are bundles.
import type { Descriptor } from '../oci/layout.js'
import type { RegistryClient } from '../registry/client.js'
import { attachArtifacts, detachArtifacts, fetchArtifactBlob, listArtifacts } from '../registry/referrers.js'
import { BUNDLE_V03_MEDIA_TYPE } from './bundle.js'
import type { SubjectImage } from './trust.js'

export const BUNDLE_ARTIFACT_TYPE = BUNDLE_V03_MEDIA_TYPE
const CONTENT = 'dev.sigstore.bundle.content'
const PREDICATE_TYPE = 'dev.sigstore.bundle.predicateType'
const CREATED = 'org.opencontainers.image.created'
/** imagegate's own: the platform an SBOM or a scan record is of (the subject is the index). */
export const PLATFORM_ANNOTATION = 'dev.imagegate.platform'

export interface Repository {
  client: RegistryClient
  /** The repository path inside the client's registry. */
  name: string
}

/** A bundle referrer of an image, as its descriptor in the referrers list says. */
export interface BundleReferrer {
  digest: string
  predicateType?: string
  platform?: string
  created?: string
}

/** One bundle to attach, and what its referrer says of it. */
export interface BundleToAttach {
  bundle: Buffer
  predicateType: string
  platform?: string
}

/** Attaches bundles to `subject` (one referrers-tag update for all); their referrers' manifest digests. */
export async function attachBundles(
  repo: Repository,
  subject: Pick<SubjectImage, 'digest' | 'mediaType' | 'size'>,
  bundles: readonly BundleToAttach[],
  created: string
): Promise<string[]> {
  const attached = await attachArtifacts(
    repo,
    { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    bundles.map(b => ({
      artifactType: BUNDLE_ARTIFACT_TYPE,
      blob: b.bundle,
      blobMediaType: BUNDLE_ARTIFACT_TYPE,
      annotations: {
        [CONTENT]: 'dsse-envelope',
        [PREDICATE_TYPE]: b.predicateType,
        [CREATED]: created,
        ...(b.platform ? { [PLATFORM_ANNOTATION]: b.platform } : {})
      }
    }))
  )
  return attached.map(d => d.digest)
}

/** The bundle referrers of `digest` (none on an image nothing was attached to). */
export async function listBundles(repo: Repository, digest: string): Promise<BundleReferrer[]> {
  const found = await listArtifacts(repo, digest, { artifactType: BUNDLE_ARTIFACT_TYPE })
  return found.map((d: Descriptor & { annotations?: Record<string, string> }) => {
    const a = d.annotations ?? {}
    return {
      digest: d.digest,
      ...(a[PREDICATE_TYPE] ? { predicateType: a[PREDICATE_TYPE] } : {}),
      ...(a[PLATFORM_ANNOTATION] ? { platform: a[PLATFORM_ANNOTATION] } : {}),
      ...(a[CREATED] ? { created: a[CREATED] } : {})
    }
  })
}

/** The bundle's JSON bytes, from a referrer's manifest digest (the blob's digest checked). */
export async function readBundle(repo: Repository, referrer: string): Promise<Buffer> {
  const { blob } = await fetchArtifactBlob(repo, referrer, { artifactType: BUNDLE_ARTIFACT_TYPE })
  return blob
}

/** Takes the referrers back from `subjectDigest` (a run that did not tag the image). */
export async function withdrawBundles(
  repo: Repository,
  subjectDigest: string,
  referrers: readonly string[]
): Promise<void> {
  if (referrers.length > 0) await detachArtifacts(repo, subjectDigest, [...referrers])
}
