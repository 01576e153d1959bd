// The one place that reads signing keys and their passwords: the `cosign-key` input (PEM contents, a
// KMS URI, or a key file in the workspace) and `cosign-password`. A key held in this process becomes
// a SigningKey (it signs, and names its public half the way a Sigstore bundle does); a KMS URI stays a
// reference that only cosign resolves. Every error names the input and never echoes the key or the
// password.
//
// Which keys are accepted, and why. A signature must pass every verifier an imagegate signature meets:
// @sigstore/verify checks a DSSE envelope with `crypto.verify(undefined, pae, key, sig)` (Node's
// default digest for the key: SHA-256 for every ECDSA curve and for RSA) and a message signature with
// the bundle's digest algorithm (`crypto.verify('sha256', ...)`); cosign 2.5 `verify-blob --key` and
// `verify --key` load the key with `signature.LoadVerifier(pub, crypto.SHA256)` (sigstore/sigstore
// pkg/signature/verifier.go): ECDSA of any curve with SHA-256, RSA PKCS#1 v1.5 with SHA-256, Ed25519
// pure. So `sign` hashes with SHA-256 and the accepted keys are those for which SHA-256 is also what
// Sigstore's algorithm registry pairs with the key (sigstore/sigstore GetDefaultPublicKeyDetails):
// - ECDSA P-256 (PKIX_ECDSA_P256_SHA_256): what `cosign generate-key-pair` makes.
// - RSA 2048, 3072 or 4096 bits, PKCS#1 v1.5 (PKIX_RSA_PKCS1V15_*_SHA256).
// Refused: P-384 and P-521 (the registry pairs them with SHA-384 and SHA-512 and marks the SHA-256
// pairing deprecated, while the verifiers above check SHA-256: no one signature satisfies both);
// Ed25519 (cosign signs Ed25519ph, and @sigstore/verify cannot check an Ed25519 message signature:
// Node refuses a digest with an Ed25519 key); RSA-PSS keys and other RSA sizes (not in the registry
// for PKCS#1 v1.5); anything else.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  scrypt,
  sign as signData,
  type KeyObject
} from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { xsalsa20poly1305 } from '@noble/ciphers/salsa.js'

/** A key that lives in a KMS (or a PKCS#11 token, or a Kubernetes secret): only cosign reads it. */
export interface KmsKey {
  kind: 'kms'
  uri: string
}

/** Sigstore's name (protobuf-specs PublicKeyDetails) of each accepted key and signature scheme. */
export type KeyAlgorithm =
  | 'PKIX_ECDSA_P256_SHA_256'
  | 'PKIX_RSA_PKCS1V15_2048_SHA256'
  | 'PKIX_RSA_PKCS1V15_3072_SHA256'
  | 'PKIX_RSA_PKCS1V15_4096_SHA256'

/** A public key to verify signatures with. */
export interface VerificationKey {
  kind: 'key'
  publicKey: KeyObject
  /** SPKI PEM, as `cosign.pub` holds it. */
  publicKeyPem: string
  /** Hex SHA-256 of the SPKI DER: a bundle's `verificationMaterial.publicKey.hint`. */
  hint: string
  /** `SHA256:` + unpadded base64 of the SHA-256 of the SPKI DER, as ssh-keygen prints: for summaries. */
  fingerprint: string
  algorithm: KeyAlgorithm
}

/** A private key held in this process, and its public half. */
export interface SigningKey extends VerificationKey {
  privateKey: KeyObject
  /** Signs `data` (a DSSE PAE, or an artifact) with SHA-256: ECDSA as ASN.1 DER, RSA PKCS#1 v1.5. */
  sign(data: Buffer): Buffer
}

/** A key input that cannot be used; `input` is the action input to fix. */
export class KeyError extends Error {
  readonly input: 'cosign-key' | 'cosign-password'
  constructor(input: 'cosign-key' | 'cosign-password', message: string) {
    super(`input ${input}: ${message}`)
    this.name = 'KeyError'
    this.input = input
  }
}

const ACCEPTED =
  'accepted keys are ECDSA P-256 (what `cosign generate-key-pair` makes) and RSA of 2048, 3072 or 4096 bits; make one with `cosign generate-key-pair`'

const KMS_URI = /^(awskms|gcpkms|azurekms|hashivault|k8s):\/\/|^pkcs11:/

/** Key files are small; a large file is a wrong path, not a key. */
const MAX_KEY_FILE_BYTES = 64 * 1024

/**
 * The private key `cosign-key` holds (its password in `cosign-password`), or the KMS URI it names.
 * A file is resolved against the workspace, as cosign was given it.
 */
export async function loadSigningKey(input: {
  value: string
  password: string
  workspace: string
}): Promise<SigningKey | KmsKey> {
  const source = keySource(input.value, input.workspace)
  if (source.kind === 'kms') return source
  const block = firstPemBlock(source.text, source.where)
  if (block.type === 'PUBLIC KEY') {
    throw new KeyError(
      'cosign-key',
      `holds a PUBLIC key${source.where}; signing needs the private key (cosign.key), the public key (cosign.pub) is for verifying`
    )
  }
  const privateKey = await privateKeyOf(block, input.password, source.where)
  const publicKey = createPublicKey(privateKey)
  const details = verificationKey(publicKey, source.where)
  return {
    ...details,
    privateKey,
    sign: (data: Buffer): Buffer => signData('sha256', data, privateKey)
  }
}

/**
 * The public key to verify with: `PUBLIC KEY` PEM contents or file, or the public half of a private
 * key (any format `loadSigningKey` reads, with its password), or the KMS URI it names.
 */
export async function loadPublicKey(input: {
  value: string
  workspace: string
  password?: string
}): Promise<VerificationKey | KmsKey> {
  const source = keySource(input.value, input.workspace)
  if (source.kind === 'kms') return source
  const block = firstPemBlock(source.text, source.where, 'public')
  if (block.type === 'PUBLIC KEY') {
    let publicKey: KeyObject
    try {
      publicKey = createPublicKey({ key: block.der, format: 'der', type: 'spki' })
    } catch {
      throw new KeyError(
        'cosign-key',
        `holds a PUBLIC KEY block that is not a valid public key${source.where}`
      )
    }
    return verificationKey(publicKey, source.where)
  }
  return verificationKey(
    createPublicKey(await privateKeyOf(block, input.password ?? '', source.where)),
    source.where
  )
}

// --- where the key is ------------------------------------------------------------------------

type KeySource = KmsKey | { kind: 'text'; text: string; where: string }

function keySource(value: string, workspace: string): KeySource {
  const trimmed = value.trim()
  if (!trimmed) throw new KeyError('cosign-key', 'is empty')
  if (trimmed.startsWith('-----BEGIN')) return { kind: 'text', text: trimmed, where: '' }
  if (KMS_URI.test(trimmed)) return { kind: 'kms', uri: trimmed }
  const shown = shownPath(trimmed)
  const where = shown ? ` (file "${shown}")` : ' (a file in the workspace)'
  const file = path.resolve(workspace, trimmed)
  let text: string
  try {
    const stat = fs.statSync(file)
    if (stat.isDirectory()) throw new KeyError('cosign-key', `names a directory, not a key file${where}`)
    if (stat.size > MAX_KEY_FILE_BYTES) {
      throw new KeyError('cosign-key', `names a file of ${stat.size} bytes, too large for a key${where}`)
    }
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    if (error instanceof KeyError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new KeyError(
        'cosign-key',
        `is neither PEM contents (-----BEGIN ...), a KMS URI (awskms://, gcpkms://, azurekms://, hashivault://, k8s://, pkcs11:) nor a key file in the workspace: no such file${where}`
      )
    }
    throw new KeyError('cosign-key', `the key file cannot be read (${code ?? 'unknown error'})${where}`)
  }
  return { kind: 'text', text, where }
}

/**
 * The path as an error may show it: a value that looks like key material (several lines, or a long
 * run of base64 alone) is not repeated, in case a key lost its PEM armour on the way.
 */
function shownPath(value: string): string | undefined {
  if (/\s/.test(value) || value.length > 200) return undefined
  if (value.length >= 40 && /^[A-Za-z0-9+/=]+$/.test(value)) return undefined
  return value
}

// --- PEM -------------------------------------------------------------------------------------

interface PemBlock {
  type: string
  /** RFC 1421 headers (`Proc-Type: 4,ENCRYPTED` of a traditionally encrypted key). */
  headers: string[]
  der: Buffer
}

/** The first PEM block of `text`, as cosign (Go's pem.Decode) takes it; text around it is ignored. */
function firstPemBlock(text: string, where: string, expected: 'private' | 'public' = 'private'): PemBlock {
  const begin = /-----BEGIN ([A-Z0-9 ]{1,64})-----/.exec(text)
  const kinds =
    expected === 'private'
      ? '-----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----, as cosign.key'
      : '-----BEGIN PUBLIC KEY-----, as cosign.pub, or the private key whose public half it is'
  const notPem = `holds no PEM key (${kinds})${where}`
  if (!begin) throw new KeyError('cosign-key', notPem)
  const type = begin[1] as string
  const bodyStart = begin.index + begin[0].length
  const end = text.indexOf(`-----END ${type}-----`, bodyStart)
  if (end < 0) throw new KeyError('cosign-key', `has no -----END ${type}----- line${where}`)
  const headers: string[] = []
  const body: string[] = []
  for (const line of text.slice(bodyStart, end).split(/\r?\n/)) {
    const trimmed = line.trim()
    if (/^[A-Za-z][A-Za-z0-9-]*:/.test(trimmed)) headers.push(trimmed)
    else body.push(trimmed.replace(/\s+/g, ''))
  }
  const base64 = body.join('')
  if (!base64 || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    throw new KeyError('cosign-key', `its ${type} block is not valid base64${where}`)
  }
  return { type, headers, der: Buffer.from(base64, 'base64') }
}

function pemText(block: PemBlock): string {
  const lines = block.der.toString('base64').match(/.{1,64}/g) ?? []
  const headers = block.headers.length > 0 ? `${block.headers.join('\n')}\n\n` : ''
  return `-----BEGIN ${block.type}-----\n${headers}${lines.join('\n')}\n-----END ${block.type}-----\n`
}

// --- private keys ----------------------------------------------------------------------------

/** PEM types node:crypto reads: PKCS#8 (plain or encrypted), SEC1 and PKCS#1 (plain or traditionally encrypted). */
const NODE_PRIVATE_TYPES = new Set([
  'PRIVATE KEY',
  'ENCRYPTED PRIVATE KEY',
  'EC PRIVATE KEY',
  'RSA PRIVATE KEY'
])
/** cosign's own encrypted key: SIGSTORE since cosign 2, COSIGN before (pkg/cosign/keys.go). */
const COSIGN_TYPES = new Set(['ENCRYPTED SIGSTORE PRIVATE KEY', 'ENCRYPTED COSIGN PRIVATE KEY'])

async function privateKeyOf(block: PemBlock, password: string, where: string): Promise<KeyObject> {
  if (COSIGN_TYPES.has(block.type)) {
    const der = await openCosignEnvelope(block.der, password, where)
    try {
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
    } catch {
      throw new KeyError('cosign-key', `decrypts, but not to a PKCS#8 private key${where}`)
    } finally {
      der.fill(0)
    }
  }
  if (NODE_PRIVATE_TYPES.has(block.type)) {
    const encrypted =
      block.type === 'ENCRYPTED PRIVATE KEY' || block.headers.some(h => /^Proc-Type:.*ENCRYPTED/i.test(h))
    if (encrypted && password === '') {
      throw new KeyError(
        'cosign-password',
        `is empty, but cosign-key is an encrypted private key: give its password${where}`
      )
    }
    try {
      return createPrivateKey({
        key: pemText(block),
        format: 'pem',
        passphrase: encrypted ? password : undefined
      })
    } catch {
      // a wrong password can also "decrypt" to bytes that are no key: both mean the password is wrong
      if (encrypted) throw new KeyError('cosign-password', `does not decrypt cosign-key${where}`)
      throw new KeyError('cosign-key', `its ${block.type} block is not a valid private key${where}`)
    }
  }
  if (block.type === 'CERTIFICATE') {
    throw new KeyError('cosign-key', `holds a certificate, not a key${where}`)
  }
  throw new KeyError(
    'cosign-key',
    `holds a "${block.type}" PEM block, not a private key cosign reads (PRIVATE KEY, ENCRYPTED PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY, ENCRYPTED SIGSTORE PRIVATE KEY)${where}`
  )
}

// cosign's encrypted key (`cosign generate-key-pair`, pkg/cosign/keys.go marshalKeyPair): the PEM body
// is the JSON that go-securesystemslib's `encrypted.Encrypt` writes (encrypted/encrypted.go):
//   {"kdf":{"name":"scrypt","params":{"N":65536,"r":8,"p":1},"salt":"<base64>"},
//    "cipher":{"name":"nacl/secretbox","nonce":"<base64, 24 bytes>"},"ciphertext":"<base64>"}
// key = scrypt(password, salt, N, r, p, 32 bytes); plaintext = secretbox.Open(ciphertext, nonce, key)
// (XSalsa20-Poly1305) = the PKCS#8 DER of the private key. An empty password is a real password here:
// cosign encrypts with it too. Decrypt (encrypted.go CheckParams) refuses any scrypt parameters but the
// three sets it writes, so that a tampered file cannot make it spend memory and time; so does this.
const SCRYPT_PARAMS = [
  { N: 32768, r: 8, p: 1 },
  { N: 65536, r: 8, p: 1 },
  { N: 131072, r: 8, p: 1 }
]
const SECRETBOX_NONCE_BYTES = 24
const SECRETBOX_TAG_BYTES = 16

async function openCosignEnvelope(body: Buffer, password: string, where: string): Promise<Buffer> {
  const malformed = (what: string): KeyError =>
    new KeyError('cosign-key', `is not a cosign key envelope cosign can read: ${what}${where}`)
  let envelope: unknown
  try {
    envelope = JSON.parse(body.toString('utf8'))
  } catch {
    throw malformed('its body is not JSON')
  }
  const kdf = field(envelope, 'kdf')
  const cipher = field(envelope, 'cipher')
  if (field(kdf, 'name') !== 'scrypt')
    throw malformed(`its kdf is ${shortName(field(kdf, 'name'))}, not scrypt`)
  if (field(cipher, 'name') !== 'nacl/secretbox') {
    throw malformed(`its cipher is ${shortName(field(cipher, 'name'))}, not nacl/secretbox`)
  }
  const params = field(kdf, 'params')
  const [N, r, p] = [field(params, 'N'), field(params, 'r'), field(params, 'p')]
  if (!SCRYPT_PARAMS.some(known => known.N === N && known.r === r && known.p === p)) {
    throw malformed(
      `its scrypt parameters (N=${shortName(N)}, r=${shortName(r)}, p=${shortName(p)}) are not ones cosign writes (N 32768, 65536 or 131072, r 8, p 1)`
    )
  }
  const salt = base64Field(field(kdf, 'salt'))
  const nonce = base64Field(field(cipher, 'nonce'))
  const ciphertext = base64Field(field(envelope, 'ciphertext'))
  if (!salt || salt.length === 0) throw malformed('its kdf salt is missing')
  if (!nonce || nonce.length !== SECRETBOX_NONCE_BYTES) throw malformed('its cipher nonce is not 24 bytes')
  if (!ciphertext || ciphertext.length <= SECRETBOX_TAG_BYTES) throw malformed('its ciphertext is missing')

  const cost = { N: N as number, r: r as number, p: p as number }
  // node's scrypt needs about 128 * N * r bytes (128 MiB for N = 131072, r = 8); its default cap is 32 MiB.
  // Asynchronous: a third of a second of CPU in libuv's thread pool, while the builds start
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r }, (err, derived) =>
      err ? reject(err) : resolve(derived)
    )
  )
  try {
    return Buffer.from(xsalsa20poly1305(key, nonce).decrypt(ciphertext))
  } catch {
    throw new KeyError(
      'cosign-password',
      password === ''
        ? `is empty and does not decrypt cosign-key: give the password the key was made with${where}`
        : `does not decrypt cosign-key${where}`
    )
  } finally {
    key.fill(0)
  }
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined
}

/** A name from the envelope, cut short: it is shown in an error. */
function shortName(value: unknown): string {
  if (value === undefined) return 'missing'
  return JSON.stringify(value).slice(0, 32)
}

/** Go's encoding/json writes a []byte as padded standard base64. */
function base64Field(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
    return undefined
  return Buffer.from(value, 'base64')
}

// --- key types -------------------------------------------------------------------------------

function verificationKey(publicKey: KeyObject, where: string): VerificationKey {
  const algorithm = algorithmOf(publicKey, where)
  const der = publicKey.export({ type: 'spki', format: 'der' })
  const digest = createHash('sha256').update(der).digest()
  return {
    kind: 'key',
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    hint: digest.toString('hex'),
    fingerprint: `SHA256:${digest.toString('base64').replace(/=+$/, '')}`,
    algorithm
  }
}

function algorithmOf(publicKey: KeyObject, where: string): KeyAlgorithm {
  const details = publicKey.asymmetricKeyDetails ?? {}
  switch (publicKey.asymmetricKeyType) {
    case 'ec':
      if (details.namedCurve === 'prime256v1') return 'PKIX_ECDSA_P256_SHA_256'
      break
    case 'rsa':
      if (details.modulusLength === 2048) return 'PKIX_RSA_PKCS1V15_2048_SHA256'
      if (details.modulusLength === 3072) return 'PKIX_RSA_PKCS1V15_3072_SHA256'
      if (details.modulusLength === 4096) return 'PKIX_RSA_PKCS1V15_4096_SHA256'
      break
  }
  throw new KeyError(
    'cosign-key',
    `holds a key of type ${keyTypeName(publicKey)}${where}, which is not accepted: ${ACCEPTED}`
  )
}

const CURVE_NAMES: Record<string, string> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
  secp256k1: 'secp256k1'
}

/** "ECDSA P-384", "RSA 1024-bit", "Ed25519". */
function keyTypeName(publicKey: KeyObject): string {
  const details = publicKey.asymmetricKeyDetails ?? {}
  switch (publicKey.asymmetricKeyType) {
    case 'ec':
      return `ECDSA ${CURVE_NAMES[details.namedCurve ?? ''] ?? details.namedCurve ?? 'of an unknown curve'}`
    case 'rsa':
      return `RSA ${details.modulusLength ?? '?'}-bit`
    case 'rsa-pss':
      return `RSA-PSS ${details.modulusLength ?? '?'}-bit`
    case 'ed25519':
      return 'Ed25519'
    case 'ed448':
      return 'Ed448'
    default:
      return publicKey.asymmetricKeyType ?? 'unknown'
  }
}
