// The trust seam: what the pipeline, the merge and the promotion ask of signing and verifying, with no
// key, password, token or tool flag in sight. Implementations: signer.ts (Sigstore bundles made in
// process; cosign 2 for KMS keys and for the legacy `.sig` users ask for) and verifier.ts (bundles
// verified in process; cosign 2's `.sig`/`.att` when an image has no bundle). setup.ts builds them from
// the action's inputs and is the only reader of keys, passwords and identities.
import type { EvidenceKind, Statement } from './statements.js'

/** An image in the registry by digest: what a signature or an attestation is about. */
export interface SubjectImage {
  name: string
  /** `host/path`, no tag. */
  repository: string
  digest: string
  mediaType: string
  size: number
}

/** One attestation to make: an in-toto predicate about the image, for one platform or the whole index. */
export interface AttestationRequest {
  kind: Exclude<EvidenceKind, 'signature'>
  predicateType: string
  /** The predicate itself, or the path of a JSON file holding it (an SBOM as the scanner wrote it). */
  predicate: unknown
  platform?: string
}

/** Something the run attached to an image: a bundle referrer (its manifest digest) or a cosign 2 tag. */
export interface Attached {
  kind: EvidenceKind
  predicateType: string
  platform?: string
  /** `bundle` (an OCI 1.1 referrer holding a Sigstore bundle) or `cosign2` (a `.sig`/`.att` tag). */
  format: 'bundle' | 'cosign2'
  /** The referrer's manifest digest (bundles), or the tag (cosign 2). */
  where: string
}

/** Who signs, for logs and summaries: a key's fingerprint, or a keyless certificate identity. */
export interface SignerIdentityDescription {
  kind: 'key' | 'kms' | 'keyless'
  /** `SHA256:...` of the public key (key), the KMS URI (kms), the certificate identity (keyless). */
  who: string
  issuer?: string
  /** Where keyless signatures are logged or timestamped. */
  transparency?: string
}

export interface Signer {
  readonly identity: SignerIdentityDescription
  /**
   * Signs each image's digest (its platform manifests too); throws when any could not be signed. Called
   * once for all images when `signsAtOnce` (one cosign process reads the key once), else per image as
   * soon as it is uploaded.
   */
  sign(images: readonly SubjectImage[]): Promise<void>
  /** Its signatures are best made all in one call (a cosign process), after every upload. */
  readonly signsAtOnce: boolean
  /**
   * Signs the image and makes its attestations in one go, the index's signature and attestations in
   * one referrers update (signers that make bundles in process).
   */
  signAndAttest?(image: SubjectImage, attestations: readonly AttestationRequest[]): Promise<void>
  /** Makes and attaches the image's attestations; throws when one could not be made or attached. */
  attest(image: SubjectImage, attestations: readonly AttestationRequest[]): Promise<void>
  /** Takes back what this run attached to the image (a publish that did not tag it). */
  withdraw(image: SubjectImage): Promise<void>
  /** What this run attached to the image, in the order it was made. */
  attached(image: SubjectImage): Attached[]
  /** Removes the files the signer wrote (key files, docker configs). */
  dispose(): void
}

export type TrustFailure =
  'unsigned' | 'wrong-signer' | 'digest-mismatch' | 'no-attestation' | 'invalid' | 'registry' | 'failed'

export class VerifyError extends Error {
  readonly failure: TrustFailure
  constructor(message: string, failure: TrustFailure) {
    super(message)
    this.name = 'VerifyError'
    this.failure = failure
  }
}

/** A signature that verified: the digest it names, and who made it. */
export interface VerifiedSignature {
  digest: string
  format: 'bundle' | 'cosign2'
  /** Keyless: the certificate's subject and issuer. */
  subject?: string
  issuer?: string
  /** Transparency log indexes, when the bundle carries entries. */
  tlogIndexes?: string[]
  /** Signed timestamps (RFC 3161) the bundle carries. */
  timestamps?: number
  /** The bundle referrer's manifest digest. */
  referrer?: string
}

/** An attestation that verified: its statement, and where it was found. */
export interface VerifiedAttestation {
  statement: Statement
  format: 'bundle' | 'cosign2'
  /** The platform the referrer names (imagegate writes it), when it names one. */
  platform?: string
  subject?: string
  issuer?: string
  /** The bundle referrer's manifest digest. */
  referrer?: string
}

export interface Verifier {
  /** The signer accepted: `the key SHA256:...`, or `IDENTITY (issuer ISSUER)`. */
  readonly describe: string
  /** The image's signatures by the accepted signer, each on `digest`; throws a VerifyError otherwise. */
  signature(repository: string, digest: string): Promise<VerifiedSignature[]>
  /**
   * The attestations of `predicateType` on `digest` by the accepted signer: none is an empty list; an
   * attestation that does not verify, or names another digest, throws a VerifyError.
   */
  attestations(repository: string, digest: string, predicateType: string): Promise<VerifiedAttestation[]>
}
