// Sigstore bundles made in process with @sigstore/sign: a DSSEBundleBuilder with a key signer, or
// keyless with one Fulcio certificate per run and a Rekor entry or signed timestamps (bundle.ts checks
// them). Loaded only by a run that signs: @sigstore/sign brings its own HTTP client.
import { bundleToJSON } from '@sigstore/bundle'
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
import * as crypto from 'node:crypto'
import { BundleError } from './bundle.js'
import { IN_TOTO_PAYLOAD_TYPE, type Statement } from './statements.js'

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
