// Sigstore bundles (v0.3, a DSSE envelope holding an in-toto statement), made and checked in process
// with sigstore-js: @sigstore/sign's DSSEBundleBuilder with a key signer, or keyless with a Fulcio
// certificate and a Rekor entry or signed timestamps; @sigstore/verify against a public key or a
// trusted root. imagegate decides what is signed and whose signature counts; the libraries own the
// formats and the cryptography.
import { bundleFromJSON, bundleToJSON, BUNDLE_V03_MEDIA_TYPE, type SerializedBundle } from '@sigstore/bundle'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import {
  DSSEBundleBuilder,
  FulcioSigner,
  RekorWitness,
  TSAWitness,
  type IdentityProvider,
  type Signature,
  type Signer as SigstoreSigner,
  type Witness
} from '@sigstore/sign'
import { toSignedEntity, toTrustMaterial, Verifier, type TrustMaterial } from '@sigstore/verify'
import * as crypto from 'node:crypto'
import { IN_TOTO_PAYLOAD_TYPE, parseStatement, type Statement } from './statements.js'

export { BUNDLE_V03_MEDIA_TYPE }

/** A key the run signs with: what keys.ts gives for a PEM or cosign key. */
export interface BundleKey {
  publicKeyPem: string
  sign(data: Buffer): Buffer
}

/** Where keyless signatures get their certificate and their proof of time. */
export interface KeylessEndpoints {
  fulcioUrl: string
  /** Rekor: the public transparency log (public repositories). */
  rekorUrl?: string
  /** A timestamp authority: signed timestamps instead of, or beside, a log entry. */
  tsaUrl?: string
}

/**
 * A request to a Sigstore service (make-fetch-happen's options): 15 s per attempt and one retry 1 s
 * later, so a service that hangs costs about 31 s and one that answers 500 or is down about 1 s, where
 * the libraries' own 30 s x 3 would cost about 92 s of a hang.
 */
export const FETCH = { timeout: 15_000, retry: { retries: 1, factor: 2, minTimeout: 1000, maxTimeout: 1000 } }

/** A certificate lives 10 minutes: a run's bundles share one until it is this old. */
const CERTIFICATE_REUSE_MS = 8 * 60_000

/**
 * The whole of a run's keyless signing, from its first signature: no new signature starts later than
 * this (one already asked of a service still ends within FETCH's bound).
 */
export const KEYLESS_SIGNING_LIMIT_MS = 5 * 60_000

/**
 * Signs with a key; the verifier brings the key. The bundle names no key hint: sigstore-js writes the
 * hint as the DSSE signature's keyid too, and cosign 2.5 then skips the signature as made by another
 * key (measured: "accepted signatures do not match threshold, Found: 0") while it takes the same bundle
 * without one.
 */
export function keySigner(key: BundleKey): SigstoreSigner {
  return {
    sign: async (data: Buffer): Promise<Signature> => ({
      signature: key.sign(data),
      key: { $case: 'publicKey', publicKey: key.publicKeyPem }
    })
  }
}

/**
 * Keyless: one ephemeral key and one Fulcio certificate for all bundles of a run (a certificate per
 * bundle would ask Fulcio, and the OIDC provider, once per bundle), renewed when it is about to expire.
 * Bundles made at once wait for the same request; a request that failed is not asked again within the
 * run (every later bundle fails at once with its reason, instead of waiting on a broken service again).
 */
export class OneCertificateSigner implements SigstoreSigner {
  private readonly privateKey: crypto.KeyObject
  private readonly holder: SigstoreSigner
  private readonly fulcio: FulcioSigner
  private readonly now: () => number
  private readonly limitMs: number
  private started?: number
  private current?: { at: number; pem: Promise<string> }

  constructor(o: { fulcioUrl: string; identity: IdentityProvider; now?: () => number; limitMs?: number }) {
    const pair = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
    this.privateKey = pair.privateKey
    const publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()
    this.holder = {
      sign: async data => ({
        signature: crypto.sign('sha256', data, this.privateKey),
        key: { $case: 'publicKey', publicKey }
      })
    }
    this.fulcio = new FulcioSigner({
      fulcioBaseURL: o.fulcioUrl,
      identityProvider: o.identity,
      keyHolder: this.holder,
      ...FETCH
    })
    this.now = o.now ?? Date.now
    this.limitMs = o.limitMs ?? KEYLESS_SIGNING_LIMIT_MS
  }

  private certificate(): Promise<string> {
    const now = this.now()
    if (!this.current || now - this.current.at >= CERTIFICATE_REUSE_MS) {
      // FulcioSigner proves possession of the key with the token's subject; the data it signs is not kept
      const pem = this.fulcio.sign(Buffer.from('imagegate keyless certificate')).then(s => {
        if (s.key.$case !== 'x509Certificate') throw new Error('Fulcio gave no certificate')
        return s.key.certificate
      })
      pem.catch(() => undefined) // awaited by every signature; an unawaited rejection must not end the run
      this.current = { at: now, pem }
    }
    return this.current.pem
  }

  async sign(data: Buffer): Promise<Signature> {
    this.started ??= this.now()
    if (this.now() - this.started > this.limitMs) {
      throw new BundleError(
        `keyless signing ran past its time limit of ${Math.round(this.limitMs / 1000)} s: no further signature is made`
      )
    }
    const certificate = await this.certificate()
    const signature = await this.holder.sign(data)
    return { signature: signature.signature, key: { $case: 'x509Certificate', certificate } }
  }
}

/** A bundle builder: with a key, no witness (a key signature needs no log); keyless, Rekor and/or a TSA. */
export function bundleBuilder(signer: SigstoreSigner, keyless?: KeylessEndpoints): DSSEBundleBuilder {
  const witnesses: Witness[] = []
  if (keyless?.rekorUrl) witnesses.push(new RekorWitness({ rekorBaseURL: keyless.rekorUrl, ...FETCH }))
  if (keyless?.tsaUrl) witnesses.push(new TSAWitness({ tsaBaseURL: keyless.tsaUrl, ...FETCH }))
  return new DSSEBundleBuilder({ signer, witnesses })
}

/** One statement in one bundle, serialized as it is stored (the bundle's JSON bytes). */
export async function makeBundle(builder: DSSEBundleBuilder, statement: Statement): Promise<Buffer> {
  let bundle
  try {
    bundle = await builder.create({
      data: Buffer.from(JSON.stringify(statement)),
      type: IN_TOTO_PAYLOAD_TYPE
    })
  } catch (err) {
    throw new BundleError(sigstoreFailure(err))
  }
  return Buffer.from(JSON.stringify(bundleToJSON(bundle)))
}

/** The service each of @sigstore/sign's error codes is about. */
const SERVICE_OF_CODE: Record<string, string> = {
  IDENTITY_TOKEN_READ_ERROR: 'the OIDC token',
  IDENTITY_TOKEN_PARSE_ERROR: 'the OIDC token',
  CA_CREATE_SIGNING_CERTIFICATE_ERROR: 'Fulcio',
  TLOG_CREATE_ENTRY_ERROR: 'Rekor',
  TSA_CREATE_TIMESTAMP_ERROR: 'the timestamp authority'
}

/**
 * A signing failure in one line, the service first and every cause after it: @sigstore/sign's own
 * message ("error creating signing certificate") says what failed, its causes say why.
 */
export function sigstoreFailure(err: unknown): string {
  const parts: string[] = []
  let service: string | undefined
  let at: unknown = err
  for (let depth = 0; at instanceof Error && depth < 5; depth++) {
    const code = (at as Error & { code?: unknown }).code
    if (!service && typeof code === 'string') service = SERVICE_OF_CODE[code]
    if (at.message && !parts.some(p => p.includes(at instanceof Error ? at.message : '')))
      parts.push(at.message)
    at = (at as Error & { cause?: unknown }).cause
  }
  if (parts.length === 0) parts.push(String(err))
  return `${service ? `${service}: ` : ''}${parts.join(': ')}`
}

// --- verification --------------------------------------------------------------------------------

/** Whose signature counts: a public key, or a certificate identity from a trusted root. */
export type BundleTrust =
  | { kind: 'key'; publicKey: crypto.KeyObject; describe: string }
  | {
      kind: 'keyless'
      root: TrustedRoot
      /** The certificate's subject (SAN): exact, or a regular expression. */
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
      keyless ? { subjectAlternativeName: trust.identity, extensions: { issuer: trust.issuer } } : undefined
    )
  } catch (err) {
    throw new BundleError(`${where}: not signed by ${trust.describe} (${(err as Error).message})`)
  }
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
    signer = verifier.verify(toSignedEntity(bundle, artifact), {
      subjectAlternativeName: trust.identity,
      extensions: { issuer: trust.issuer }
    })
  } catch (err) {
    throw new BundleError(`${where}: not signed by ${trust.describe} (${(err as Error).message})`)
  }
  return {
    ...(signer.identity?.subjectAlternativeName ? { identity: signer.identity.subjectAlternativeName } : {}),
    ...(signer.identity?.extensions?.issuer ? { issuer: signer.identity.extensions.issuer } : {}),
    tlogIndexes: bundle.verificationMaterial.tlogEntries.map(e => e.logIndex),
    timestamps: bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.length ?? 0
  }
}
