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

/** A request to a Sigstore service: bounded in time, a few retries (make-fetch-happen's options). */
const FETCH = { timeout: 30_000, retry: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000 } }

/** A certificate lives 10 minutes: a run's bundles share one until it is this old. */
const CERTIFICATE_REUSE_MS = 8 * 60_000

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
 */
export class OneCertificateSigner implements SigstoreSigner {
  private readonly privateKey: crypto.KeyObject
  private readonly holder: SigstoreSigner
  private readonly fulcio: FulcioSigner
  private readonly now: () => number
  private certificate?: Promise<{ pem: string; at: number }>

  constructor(o: { fulcioUrl: string; identity: IdentityProvider; now?: () => number }) {
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
  }

  async sign(data: Buffer): Promise<Signature> {
    const current = await this.certificate?.catch(() => undefined)
    if (current && this.now() - current.at < CERTIFICATE_REUSE_MS) {
      const signature = await this.holder.sign(data)
      return { signature: signature.signature, key: { $case: 'x509Certificate', certificate: current.pem } }
    }
    const first = this.fulcio.sign(data)
    this.certificate = first.then(s => {
      if (s.key.$case !== 'x509Certificate') throw new Error('Fulcio gave no certificate')
      return { pem: s.key.certificate, at: this.now() }
    })
    return await first
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
  const bundle = await builder.create({
    data: Buffer.from(JSON.stringify(statement)),
    type: IN_TOTO_PAYLOAD_TYPE
  })
  return Buffer.from(JSON.stringify(bundleToJSON(bundle)))
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
