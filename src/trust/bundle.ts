// Sigstore bundles (v0.3, a DSSE envelope holding an in-toto statement), checked in process with
// @sigstore/verify against a public key or a trusted root; made by bundle-sign.ts. imagegate decides
// whose signature counts; the libraries own the formats and the cryptography. Nothing here loads
// @sigstore/sign (and its HTTP stack): a promotion or a verify run only verifies.
import { bundleFromJSON, BUNDLE_V03_MEDIA_TYPE, type SerializedBundle } from '@sigstore/bundle'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { toSignedEntity, toTrustMaterial, Verifier, type TrustMaterial } from '@sigstore/verify'
import * as crypto from 'node:crypto'
import { IN_TOTO_PAYLOAD_TYPE, parseStatement, type Statement } from './statements.js'

export { BUNDLE_V03_MEDIA_TYPE }

/** Whose signature counts: a public key, or a certificate identity from a trusted root. */
export type BundleTrust =
  | { kind: 'key'; publicKey: crypto.KeyObject; describe: string }
  | {
      kind: 'keyless'
      root: TrustedRoot
      /** The certificate's subject (SAN): exact (a string, as cosign's --certificate-identity), or a regular expression. */
      identity: string | RegExp
      /** The OIDC issuer, exact (the certificate's issuer extension). */
      issuer: string
      describe: string
    }

/** A trusted root file (`application/vnd.dev.sigstore.trustedroot+json`), parsed. */
export function parseTrustedRoot(json: unknown): TrustedRoot {
  return TrustedRoot.fromJSON(json)
}

const EMPTY_ROOT = TrustedRoot.fromJSON({
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: []
})

/**
 * The certificate policy for @sigstore/verify. It matches a SAN given as a string as a regular expression,
 * unanchored (String.prototype.match), so `...@refs/heads/main` would let `...@refs/heads/main-evil` in:
 * an exact identity is left out of its policy and compared here (exactIdentity), a RegExp goes as it is.
 */
function certificatePolicy(trust: Extract<BundleTrust, { kind: 'keyless' }>): {
  subjectAlternativeName?: RegExp
  extensions: { issuer: string }
} {
  return {
    ...(trust.identity instanceof RegExp ? { subjectAlternativeName: trust.identity } : {}),
    extensions: { issuer: trust.issuer }
  }
}

/** An exact identity equals the certificate's SAN, or the bundle is refused (worded as @sigstore/verify words it). */
function exactIdentity(
  trust: Extract<BundleTrust, { kind: 'keyless' }>,
  san: string | undefined,
  where: string
): void {
  if (typeof trust.identity === 'string' && san !== trust.identity)
    throw new BundleError(
      `${where}: not signed by ${trust.describe} (certificate identity error - expected ${trust.identity}, got ${san ?? 'no identity'})`
    )
}

function trustMaterial(trust: BundleTrust): TrustMaterial {
  if (trust.kind === 'key') {
    // the key is given, not found: any hint (or none) is answered with it, and the signature decides
    return toTrustMaterial(EMPTY_ROOT, () => ({ publicKey: trust.publicKey, validFor: () => true }))
  }
  return toTrustMaterial(trust.root)
}

export interface VerifiedBundle {
  statement: Statement
  /** Keyless: the certificate's subject and issuer. */
  identity?: string
  issuer?: string
  /** Transparency log entries (log index) and signed timestamps the bundle carries. */
  tlogIndexes: string[]
  timestamps: number
}

export class BundleError extends Error {
  override name = 'BundleError'
}

/**
 * Checks a stored bundle (its JSON bytes): the format, the DSSE signature against the key or the
 * certificate chain of the trusted root with its identity and issuer, the log entry or timestamp a
 * keyless one needs; then reads its in-toto statement. Throws a BundleError saying why.
 */
export function verifyBundle(bytes: Buffer, trust: BundleTrust, where: string): VerifiedBundle {
  let serialized: SerializedBundle
  try {
    serialized = JSON.parse(bytes.toString('utf8')) as SerializedBundle
  } catch (err) {
    throw new BundleError(`${where}: not JSON (${(err as Error).message})`)
  }
  let bundle
  try {
    bundle = bundleFromJSON(serialized)
  } catch (err) {
    throw new BundleError(`${where}: not a Sigstore bundle (${(err as Error).message})`)
  }
  if (bundle.content.$case !== 'dsseEnvelope') {
    throw new BundleError(`${where}: holds a ${bundle.content.$case}, not a DSSE envelope`)
  }
  const envelope = bundle.content.dsseEnvelope
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new BundleError(`${where}: its payload is ${envelope.payloadType}, not an in-toto statement`)
  }
  const keyless = trust.kind === 'keyless'
  const verifier = new Verifier(trustMaterial(trust), {
    tlogThreshold: 0,
    ctlogThreshold: keyless ? 1 : 0,
    // keyless: the certificate must have been valid when the signature was made, so a time is needed
    timestampThreshold: keyless ? 1 : 0
  })
  let signer
  try {
    signer = verifier.verify(
      toSignedEntity(bundle),
      trust.kind === 'keyless' ? certificatePolicy(trust) : undefined
    )
  } catch (err) {
    throw new BundleError(`${where}: not signed by ${trust.describe} (${(err as Error).message})`)
  }
  if (trust.kind === 'keyless') exactIdentity(trust, signer.identity?.subjectAlternativeName, where)
  const statement = parseStatement(envelope.payload, where)
  return {
    statement,
    ...(signer.identity?.subjectAlternativeName ? { identity: signer.identity.subjectAlternativeName } : {}),
    ...(signer.identity?.extensions?.issuer ? { issuer: signer.identity.extensions.issuer } : {}),
    tlogIndexes: bundle.verificationMaterial.tlogEntries.map(e => e.logIndex),
    timestamps: bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.length ?? 0
  }
}

/** Who signed a file (a blob, as `cosign sign-blob --bundle` signs one), and where that is logged. */
export interface VerifiedBlob {
  identity?: string
  issuer?: string
  tlogIndexes: string[]
  timestamps: number
}

/**
 * Checks a bundle over a file's bytes, as `cosign sign-blob --bundle` makes one (a message signature
 * over the file's SHA-256): the signature, the certificate chain of the trusted root with its identity
 * and issuer, and a transparency log entry (a public release is logged; its time proves the short-lived
 * certificate was valid). Throws a BundleError saying why not.
 */
export function verifyBlobBundle(
  bytes: Buffer,
  artifact: Buffer,
  trust: Extract<BundleTrust, { kind: 'keyless' }>,
  where: string
): VerifiedBlob {
  let bundle
  try {
    bundle = bundleFromJSON(JSON.parse(bytes.toString('utf8')) as SerializedBundle)
  } catch (err) {
    throw new BundleError(`${where}: not a Sigstore bundle (${(err as Error).message})`)
  }
  if (bundle.content.$case !== 'messageSignature') {
    throw new BundleError(`${where}: holds a ${bundle.content.$case}, not a signature over a file`)
  }
  const verifier = new Verifier(toTrustMaterial(trust.root), {
    tlogThreshold: 1,
    ctlogThreshold: 1,
    timestampThreshold: 1
  })
  let signer
  try {
    signer = verifier.verify(toSignedEntity(bundle, artifact), certificatePolicy(trust))
  } catch (err) {
    throw new BundleError(`${where}: not signed by ${trust.describe} (${(err as Error).message})`)
  }
  exactIdentity(trust, signer.identity?.subjectAlternativeName, where)
  return {
    ...(signer.identity?.subjectAlternativeName ? { identity: signer.identity.subjectAlternativeName } : {}),
    ...(signer.identity?.extensions?.issuer ? { issuer: signer.identity.extensions.issuer } : {}),
    tlogIndexes: bundle.verificationMaterial.tlogEntries.map(e => e.logIndex),
    timestamps: bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.length ?? 0
  }
}
