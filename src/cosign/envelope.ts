// Signed in-toto attestations made in process with a cosign key pair, for `cosign attach attestation`:
// every `cosign attest` process decrypts the key again (scrypt, N=65536: about 0.2 s of CPU each, most
// of the call), so an image's attestations are signed here with the key decrypted once per run, then
// attached by one cosign call per image. The envelope is DSSE (PAE from @sigstore/core) over an in-toto
// statement, exactly what `cosign attest` produces and `cosign verify-attestation` checks.
import * as crypto from 'node:crypto'
import { dsse } from '@sigstore/core'
import nacl from 'tweetnacl'
import { z } from 'zod'
import { VULN_PREDICATE_TYPE } from './predicates.js'
import { SLSA_PROVENANCE_V1, type AttestationType } from './args.js'

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json'
/** The statement version `cosign attest` 2.x writes. */
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v0.1'

/** What cosign's `--type` names stand for, as the statement's predicateType. */
export const PREDICATE_TYPES: Record<AttestationType, string> = {
  spdxjson: 'https://spdx.dev/Document',
  vuln: VULN_PREDICATE_TYPE,
  [SLSA_PROVENANCE_V1]: SLSA_PROVENANCE_V1
}

// cosign's encrypted private key (sigstore/sigstore `encrypted`): scrypt, then NaCl secretbox.
const EncryptedKeySchema = z.object({
  kdf: z.object({
    name: z.literal('scrypt'),
    params: z.object({
      N: z.number().int().positive(),
      r: z.number().int().positive(),
      p: z.number().int().positive()
    }),
    salt: z.base64()
  }),
  cipher: z.object({ name: z.literal('nacl/secretbox'), nonce: z.base64() }),
  ciphertext: z.base64()
})

const PEM =
  /^-----BEGIN (ENCRYPTED (?:SIGSTORE|COSIGN) PRIVATE KEY)-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END \1-----\s*$/

export class KeyError extends Error {
  override name = 'KeyError'
}

/** The private key of a cosign key file (its text) and its password; errors never include either. */
export async function decryptKey(text: string, password: string): Promise<crypto.KeyObject> {
  const m = PEM.exec(text.trim())
  if (!m)
    throw new KeyError(
      'input cosign-key: not an encrypted cosign private key (ENCRYPTED SIGSTORE PRIVATE KEY)'
    )
  let parsed: z.infer<typeof EncryptedKeySchema>
  try {
    parsed = EncryptedKeySchema.parse(
      JSON.parse(Buffer.from((m[2] ?? '').replace(/\s+/g, ''), 'base64').toString())
    )
  } catch {
    throw new KeyError(
      'input cosign-key: the key is not in the format cosign writes (scrypt + nacl/secretbox)'
    )
  }
  const { N, r, p } = parsed.kdf.params
  const secret = await new Promise<Buffer>((resolve, reject) =>
    crypto.scrypt(
      Buffer.from(password),
      Buffer.from(parsed.kdf.salt, 'base64'),
      nacl.secretbox.keyLength,
      { N, r, p, maxmem: 256 * N * r + 16 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key))
    )
  )
  const plain = nacl.secretbox.open(
    new Uint8Array(Buffer.from(parsed.ciphertext, 'base64')),
    new Uint8Array(Buffer.from(parsed.cipher.nonce, 'base64')),
    new Uint8Array(secret)
  )
  if (!plain) throw new KeyError('input cosign-password: it does not decrypt the key in cosign-key')
  return crypto.createPrivateKey({ key: Buffer.from(plain), format: 'der', type: 'pkcs8' })
}

export interface Statement {
  _type: string
  predicateType: string
  subject: { name: string; digest: Record<string, string> }[]
  predicate: unknown
}

/** The in-toto statement about `ref` (`host/path@sha256:...`), as `cosign attest` writes it. */
export function statement(ref: string, type: AttestationType, predicate: unknown): Statement {
  const at = ref.lastIndexOf('@sha256:')
  if (at < 0) throw new Error(`attestation: "${ref}" is not a reference by digest`)
  return {
    _type: STATEMENT_TYPE,
    predicateType: PREDICATE_TYPES[type],
    subject: [{ name: ref.slice(0, at), digest: { sha256: ref.slice(at + '@sha256:'.length) } }],
    predicate
  }
}

export interface Envelope {
  payloadType: string
  payload: string
  signatures: { keyid: string; sig: string }[]
}

/** A DSSE envelope of the statement, signed with the key (ECDSA over the pre-authentication encoding). */
export function envelope(subject: Statement, key: crypto.KeyObject): Envelope {
  const payload = Buffer.from(JSON.stringify(subject))
  // ECDSA keys (cosign's default) sign a SHA-256 digest; Ed25519 signs the message itself
  const algorithm = key.asymmetricKeyType === 'ed25519' ? null : 'sha256'
  const signature = crypto.sign(algorithm, dsse.preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload), key)
  return {
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: payload.toString('base64'),
    signatures: [{ keyid: '', sig: signature.toString('base64') }]
  }
}
