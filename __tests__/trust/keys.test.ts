// Reading cosign-key and cosign-password: keys made by the real cosign (and by node:crypto), signatures
// checked by the real cosign and by @sigstore/verify, every refusal naming its input without the key
// or the password.
import { beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { xsalsa20poly1305 } from '@noble/ciphers/salsa.js'
import { toDSSEBundle, toMessageSignatureBundle } from '@sigstore/bundle'
import { dsse } from '@sigstore/core'
import { toSignedEntity, Verifier, type TrustMaterial } from '@sigstore/verify'
import {
  KeyError,
  loadPublicKey,
  loadSigningKey,
  type KmsKey,
  type SigningKey,
  type VerificationKey
} from '../../src/trust/keys.js'

const ROOT = path.resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..')

function cosignBin(): string {
  if (process.env.COSIGN_BIN) return process.env.COSIGN_BIN
  try {
    const env = fs.readFileSync(path.join(ROOT, '.testbed', 'env'), 'utf8')
    const line = /^COSIGN_BIN=(.+)$/m.exec(env)
    if (line?.[1]) return line[1]
  } catch {
    // no test bed file: cosign where the test bed installs it
  }
  return '/usr/bin/cosign'
}

const COSIGN = cosignBin()
const PASSWORD = `pw-${crypto.randomBytes(6).toString('hex')}`
const BLOB = Buffer.from('imagegate keys test blob\n')

function cosign(args: string[], cwd: string, password = ''): SpawnSyncReturns<string> {
  const run = spawnSync(COSIGN, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, COSIGN_PASSWORD: password },
    timeout: 120_000
  })
  if (run.error) throw run.error
  return run
}

/** `cosign verify-blob --key PUB --signature SIG --insecure-ignore-tlog=true BLOB`: its exit code. */
function cosignVerifies(dir: string, publicKeyPem: string, signature: Buffer, blob = BLOB): number | null {
  const name = crypto.randomBytes(4).toString('hex')
  fs.writeFileSync(path.join(dir, `${name}.pub`), publicKeyPem)
  fs.writeFileSync(path.join(dir, `${name}.sig`), signature.toString('base64'))
  fs.writeFileSync(path.join(dir, `${name}.blob`), blob)
  const run = cosign(
    [
      'verify-blob',
      '--key',
      `${name}.pub`,
      '--signature',
      `${name}.sig`,
      '--insecure-ignore-tlog=true',
      `${name}.blob`
    ],
    dir
  )
  return run.status
}

/**
 * A Sigstore bundle signed with `key` (what is signed as @sigstore/sign's bundle builders sign it: the
 * DSSE PAE, or the artifact itself; assembled by @sigstore/bundle), verified by @sigstore/verify
 * against `trusted`. @sigstore/sign itself cannot be loaded under jest's ESM runtime (make-fetch-happen
 * requires the ESM-only http-proxy-agent).
 */
async function sigstoreVerifies(
  kind: 'dsse' | 'message',
  key: SigningKey,
  trusted: crypto.KeyObject = key.publicKey
): Promise<boolean> {
  const type = 'application/vnd.in-toto+json'
  const bundle =
    kind === 'dsse'
      ? toDSSEBundle({
          artifact: BLOB,
          artifactType: type,
          signature: key.sign(dsse.preAuthEncoding(type, BLOB)),
          keyHint: key.hint
        })
      : toMessageSignatureBundle({
          digest: crypto.createHash('sha256').update(BLOB).digest(),
          signature: key.sign(BLOB),
          keyHint: key.hint
        })
  const content = bundle.verificationMaterial.content
  expect(content.$case === 'publicKey' && content.publicKey.hint).toBe(key.hint)
  const trust: TrustMaterial = {
    certificateAuthorities: [],
    timestampAuthorities: [],
    tlogs: [],
    ctlogs: [],
    publicKey: hint => {
      if (hint !== key.hint) throw new Error(`no trusted key ${hint}`)
      return { publicKey: trusted, validFor: () => true }
    }
  }
  const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 })
  try {
    verifier.verify(toSignedEntity(bundle, kind === 'message' ? BLOB : undefined))
    return true
  } catch {
    return false
  }
}

function spkiDer(pem: string): Buffer {
  return crypto.createPublicKey(pem).export({ type: 'spki', format: 'der' })
}

function asKey(loaded: SigningKey | KmsKey): SigningKey {
  if (loaded.kind !== 'key') throw new Error('expected a key held in process, got a KMS reference')
  return loaded
}

function asPublic(loaded: VerificationKey | KmsKey): VerificationKey {
  if (loaded.kind !== 'key') throw new Error('expected a key held in process, got a KMS reference')
  return loaded
}

/** The base64 lines of a PEM text: none of them may appear in an error. */
function bodyLines(pem: string): string[] {
  return pem.split('\n').filter(line => /^[A-Za-z0-9+/=]{16,}$/.test(line.trim()))
}

/** `load` throws a KeyError naming `input`, free of the password and of every line of the key. */
async function expectKeyError(
  load: () => Promise<unknown>,
  input: 'cosign-key' | 'cosign-password',
  says: string | RegExp,
  secrets: string[] = []
): Promise<string> {
  let caught: unknown
  try {
    await load()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(KeyError)
  const error = caught as KeyError
  expect(error.input).toBe(input)
  expect(error.message.startsWith(`input ${input}: `)).toBe(true)
  if (typeof says === 'string') expect(error.message).toContain(says)
  else expect(error.message).toMatch(says)
  for (const secret of [PASSWORD, ...secrets]) {
    if (secret) expect(error.message).not.toContain(secret)
  }
  return error.message
}

/** cosign's envelope around `der`, with the given scrypt parameters (cosign itself writes N = 65536 only). */
function sealEnvelope(der: Buffer, password: string, params: { N: number; r: number; p: number }): string {
  const salt = crypto.randomBytes(32)
  const nonce = crypto.randomBytes(24)
  const key = crypto.scryptSync(password, salt, 32, { ...params, maxmem: 256 * params.N * params.r })
  const ciphertext = Buffer.from(xsalsa20poly1305(key, nonce).encrypt(der))
  return armour('ENCRYPTED SIGSTORE PRIVATE KEY', envelopeJson({ params, salt, nonce, ciphertext }))
}

function envelopeJson(o: {
  params: unknown
  salt: Buffer
  nonce: Buffer
  ciphertext: Buffer
  kdf?: string
  cipher?: string
}): string {
  return JSON.stringify({
    kdf: { name: o.kdf ?? 'scrypt', params: o.params, salt: o.salt.toString('base64') },
    cipher: { name: o.cipher ?? 'nacl/secretbox', nonce: o.nonce.toString('base64') },
    ciphertext: o.ciphertext.toString('base64')
  })
}

function armour(type: string, body: string | Buffer): string {
  const lines =
    Buffer.from(body)
      .toString('base64')
      .match(/.{1,64}/g) ?? []
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`
}

const SIGSTORE_HEADER = 'ENCRYPTED SIGSTORE PRIVATE KEY'

let work: string
/** `cosign generate-key-pair` with COSIGN_PASSWORD=PASSWORD, in work/pw. */
let pwKey: { key: string; pub: string }
/** `cosign generate-key-pair` with an empty COSIGN_PASSWORD, in work/empty. */
let emptyKey: { key: string; pub: string }

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-keys-'))
  const generate = (dir: string, password: string): { key: string; pub: string } => {
    fs.mkdirSync(path.join(work, dir))
    const run = cosign(['generate-key-pair'], path.join(work, dir), password)
    if (run.status !== 0) throw new Error(`cosign generate-key-pair failed: ${run.stderr}`)
    return {
      key: fs.readFileSync(path.join(work, dir, 'cosign.key'), 'utf8'),
      pub: fs.readFileSync(path.join(work, dir, 'cosign.pub'), 'utf8')
    }
  }
  pwKey = generate('pw', PASSWORD)
  emptyKey = generate('empty', '')
})

describe('keys cosign generate-key-pair makes', () => {
  test('with a password, from a file in the workspace: cosign verify-blob accepts what sign signs, and only with its own key', async () => {
    expect(pwKey.key).toContain(`-----BEGIN ${SIGSTORE_HEADER}-----`)
    const key = asKey(
      await loadSigningKey({ value: ' pw/cosign.key\n', password: PASSWORD, workspace: work })
    )
    expect(key.algorithm).toBe('PKIX_ECDSA_P256_SHA_256')
    expect(spkiDer(key.publicKeyPem).equals(spkiDer(pwKey.pub))).toBe(true)
    const der = spkiDer(pwKey.pub)
    const digest = crypto.createHash('sha256').update(der).digest()
    expect(key.hint).toBe(digest.toString('hex'))
    expect(key.fingerprint).toBe(`SHA256:${digest.toString('base64').replace(/=+$/, '')}`)
    expect(key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)

    const signature = key.sign(BLOB)
    expect(cosignVerifies(work, pwKey.pub, signature)).toBe(0)
    expect(cosignVerifies(work, emptyKey.pub, signature)).not.toBe(0)
    expect(cosignVerifies(work, pwKey.pub, signature, Buffer.from('another blob'))).not.toBe(0)
  })

  test('with an empty password, as PEM contents: loads with an empty cosign-password', async () => {
    const key = asKey(await loadSigningKey({ value: emptyKey.key, password: '', workspace: work }))
    expect(spkiDer(key.publicKeyPem).equals(spkiDer(emptyKey.pub))).toBe(true)
    const signature = key.sign(BLOB)
    expect(cosignVerifies(work, emptyKey.pub, signature)).toBe(0)
    expect(cosignVerifies(work, pwKey.pub, signature)).not.toBe(0)
  })

  test('the older ENCRYPTED COSIGN PRIVATE KEY armour holds the same envelope', async () => {
    const older = pwKey.key.replaceAll(SIGSTORE_HEADER, 'ENCRYPTED COSIGN PRIVATE KEY')
    const key = asKey(await loadSigningKey({ value: older, password: PASSWORD, workspace: work }))
    expect(spkiDer(key.publicKeyPem).equals(spkiDer(pwKey.pub))).toBe(true)
    expect(cosignVerifies(work, pwKey.pub, key.sign(BLOB))).toBe(0)
  })

  test('Sigstore bundles (DSSE and message signature) made with the key pass @sigstore/verify, and fail with another key', async () => {
    const key = asKey(await loadSigningKey({ value: pwKey.key, password: PASSWORD, workspace: work }))
    const other = asPublic(await loadPublicKey({ value: emptyKey.pub, workspace: work }))
    expect(await sigstoreVerifies('dsse', key)).toBe(true)
    expect(await sigstoreVerifies('message', key)).toBe(true)
    expect(await sigstoreVerifies('dsse', key, other.publicKey)).toBe(false)
    expect(await sigstoreVerifies('message', key, other.publicKey)).toBe(false)
  })

  test('loadPublicKey: cosign.pub, and the public half of cosign.key with its password, are the same key', async () => {
    const fromPub = asPublic(await loadPublicKey({ value: 'pw/cosign.pub', workspace: work }))
    const fromPrivate = asPublic(
      await loadPublicKey({ value: pwKey.key, workspace: work, password: PASSWORD })
    )
    const fromPemContents = asPublic(await loadPublicKey({ value: pwKey.pub, workspace: work }))
    expect(fromPub.hint).toBe(fromPrivate.hint)
    expect(fromPemContents.hint).toBe(fromPub.hint)
    expect(fromPub.algorithm).toBe('PKIX_ECDSA_P256_SHA_256')
    expect(spkiDer(fromPub.publicKeyPem).equals(spkiDer(pwKey.pub))).toBe(true)
    expect(fromPub).not.toHaveProperty('privateKey')
    expect(fromPrivate).not.toHaveProperty('privateKey')
  })

  test('envelopes with the other scrypt parameters cosign reads (N 32768 and 131072): cosign reads them, so does loadSigningKey', async () => {
    const original = asKey(await loadSigningKey({ value: pwKey.key, password: PASSWORD, workspace: work }))
    const der = original.privateKey.export({ type: 'pkcs8', format: 'der' })
    for (const N of [32768, 131072]) {
      const sealed = sealEnvelope(der, PASSWORD, { N, r: 8, p: 1 })
      const dir = fs.mkdtempSync(path.join(work, `n${N}-`))
      fs.writeFileSync(path.join(dir, 'sealed.key'), sealed)
      // cosign is the judge that the envelope is cosign's own
      const derived = cosign(['public-key', '--key', 'sealed.key', '--outfile', 'sealed.pub'], dir, PASSWORD)
      expect(derived.status).toBe(0)
      expect(spkiDer(fs.readFileSync(path.join(dir, 'sealed.pub'), 'utf8')).equals(spkiDer(pwKey.pub))).toBe(
        true
      )
      const key = asKey(await loadSigningKey({ value: sealed, password: PASSWORD, workspace: work }))
      expect(key.hint).toBe(original.hint)
    }
  })
})

describe('KMS URIs stay with cosign', () => {
  test.each([
    'awskms:///arn:aws:kms:us-east-1:123:key/abc',
    'gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k',
    'azurekms://vault.vault.azure.net/key',
    'hashivault://transit-key',
    'k8s://namespace/secret',
    'pkcs11:token=t;object=o'
  ])('%s', async uri => {
    expect(await loadSigningKey({ value: ` ${uri}\n`, password: PASSWORD, workspace: work })).toEqual({
      kind: 'kms',
      uri
    })
    expect(await loadPublicKey({ value: uri, workspace: work })).toEqual({ kind: 'kms', uri })
  })
})

describe('PEM formats node:crypto reads', () => {
  const ec = (): crypto.KeyPairKeyObjectResult => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })

  async function signsAndVerifies(
    value: string,
    password: string,
    expected: crypto.KeyObject
  ): Promise<void> {
    const key = asKey(await loadSigningKey({ value, password, workspace: work }))
    const signature = key.sign(BLOB)
    expect(crypto.verify('sha256', BLOB, expected, signature)).toBe(true)
    expect(crypto.verify('sha256', Buffer.from('other'), expected, signature)).toBe(false)
    expect(spkiDer(key.publicKeyPem).equals(expected.export({ type: 'spki', format: 'der' }))).toBe(true)
  }

  test('PKCS#8 plain (-----BEGIN PRIVATE KEY-----)', async () => {
    const pair = ec()
    const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    expect(pem).toContain('-----BEGIN PRIVATE KEY-----')
    await signsAndVerifies(pem, '', pair.publicKey)
    // a password given for a key that has none is not used
    await signsAndVerifies(pem, PASSWORD, pair.publicKey)
  })

  test('PKCS#8 encrypted (aes-256-cbc), from a file', async () => {
    const pair = ec()
    const pem = pair.privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSWORD })
      .toString()
    expect(pem).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----')
    fs.writeFileSync(path.join(work, 'encrypted-pkcs8.pem'), pem)
    await signsAndVerifies('encrypted-pkcs8.pem', PASSWORD, pair.publicKey)
  })

  test('SEC1 (-----BEGIN EC PRIVATE KEY-----), plain and with a traditional Proc-Type encryption', async () => {
    const pair = ec()
    const plain = pair.privateKey.export({ type: 'sec1', format: 'pem' }).toString()
    expect(plain).toContain('-----BEGIN EC PRIVATE KEY-----')
    await signsAndVerifies(plain, '', pair.publicKey)
    const encrypted = pair.privateKey
      .export({ type: 'sec1', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSWORD })
      .toString()
    expect(encrypted).toContain('Proc-Type: 4,ENCRYPTED')
    await signsAndVerifies(encrypted, PASSWORD, pair.publicKey)
    await expectKeyError(
      () => loadSigningKey({ value: encrypted, password: 'wrong', workspace: work }),
      'cosign-password',
      'does not decrypt cosign-key'
    )
  })

  test('text around the PEM block, and CRLF line ends, are ignored (as cosign does)', async () => {
    const pair = ec()
    const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    fs.writeFileSync(
      path.join(work, 'commented.pem'),
      `# signing key\r\n${pem.replaceAll('\n', '\r\n')}trailer\r\n`
    )
    await signsAndVerifies('commented.pem', '', pair.publicKey)
  })
})

describe('which key types are accepted', () => {
  type Generate = () => crypto.KeyPairKeyObjectResult
  const accepted: [string, Generate, string][] = [
    [
      'ECDSA P-256',
      () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }),
      'PKIX_ECDSA_P256_SHA_256'
    ],
    [
      'RSA 2048',
      () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }),
      'PKIX_RSA_PKCS1V15_2048_SHA256'
    ],
    [
      'RSA 3072',
      () => crypto.generateKeyPairSync('rsa', { modulusLength: 3072 }),
      'PKIX_RSA_PKCS1V15_3072_SHA256'
    ],
    [
      'RSA 4096',
      () => crypto.generateKeyPairSync('rsa', { modulusLength: 4096 }),
      'PKIX_RSA_PKCS1V15_4096_SHA256'
    ]
  ]

  test.each(accepted)(
    '%s: accepted; cosign verify-blob and @sigstore/verify (DSSE and message signature) accept what sign signs',
    async (_name, generate, algorithm) => {
      const pair = generate()
      const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
      const key = asKey(await loadSigningKey({ value: pem, password: '', workspace: work }))
      expect(key.algorithm).toBe(algorithm)
      expect(asPublic(await loadPublicKey({ value: key.publicKeyPem, workspace: work })).algorithm).toBe(
        algorithm
      )
      const signature = key.sign(BLOB)
      expect(cosignVerifies(work, key.publicKeyPem, signature)).toBe(0)
      expect(cosignVerifies(work, key.publicKeyPem, signature, Buffer.from('tampered'))).not.toBe(0)
      expect(await sigstoreVerifies('dsse', key)).toBe(true)
      expect(await sigstoreVerifies('message', key)).toBe(true)
    }
  )

  // (`cosign import-key-pair` would be the natural maker, but Debian's cosign 2.5 refuses to import
  // any key: "error validating ... key: unsupported public key type")
  test('an RSA key in a cosign envelope: cosign reads it, so does loadSigningKey', async () => {
    const pair = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
    const sealed = sealEnvelope(pair.privateKey.export({ type: 'pkcs8', format: 'der' }), PASSWORD, {
      N: 65536,
      r: 8,
      p: 1
    })
    const dir = fs.mkdtempSync(path.join(work, 'rsa-envelope-'))
    fs.writeFileSync(path.join(dir, 'rsa.key'), sealed)
    const derived = cosign(['public-key', '--key', 'rsa.key', '--outfile', 'rsa.pub'], dir, PASSWORD)
    expect(derived.status).toBe(0)
    const cosignPub = fs.readFileSync(path.join(dir, 'rsa.pub'), 'utf8')
    const key = asKey(await loadSigningKey({ value: 'rsa.key', password: PASSWORD, workspace: dir }))
    expect(key.algorithm).toBe('PKIX_RSA_PKCS1V15_2048_SHA256')
    expect(spkiDer(key.publicKeyPem).equals(spkiDer(cosignPub))).toBe(true)
    expect(cosignVerifies(work, cosignPub, key.sign(BLOB))).toBe(0)
  })

  const refused: [string, Generate, string][] = [
    ['ECDSA P-384', () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' }), 'ECDSA P-384'],
    ['ECDSA P-521', () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-521' }), 'ECDSA P-521'],
    [
      'ECDSA secp256k1',
      () => crypto.generateKeyPairSync('ec', { namedCurve: 'secp256k1' }),
      'ECDSA secp256k1'
    ],
    ['Ed25519', () => crypto.generateKeyPairSync('ed25519'), 'Ed25519'],
    ['Ed448', () => crypto.generateKeyPairSync('ed448'), 'Ed448'],
    ['X25519', () => crypto.generateKeyPairSync('x25519'), 'x25519'],
    ['RSA 1024', () => crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }), 'RSA 1024-bit'],
    ['RSA-PSS 2048', () => crypto.generateKeyPairSync('rsa-pss', { modulusLength: 2048 }), 'RSA-PSS 2048-bit']
  ]

  test.each(refused)(
    '%s: refused, for signing and for verifying, saying what is accepted',
    async (_name, generate, named) => {
      const pair = generate()
      const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
      const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()
      for (const load of [
        () => loadSigningKey({ value: pem, password: '', workspace: work }),
        () => loadPublicKey({ value: publicPem, workspace: work }),
        () => loadPublicKey({ value: pem, workspace: work })
      ]) {
        const message = await expectKeyError(
          load,
          'cosign-key',
          `holds a key of type ${named}`,
          bodyLines(pem)
        )
        expect(message).toContain('accepted keys are ECDSA P-256')
        expect(message).toContain('cosign generate-key-pair')
      }
    }
  )

  // Why P-384 is refused: Sigstore's registry pairs it with SHA-384 (PKIX_ECDSA_P384_SHA_384), but
  // both verifiers here check SHA-256, so a signature made as the registry says fails them.
  test('P-384 signed with SHA-384, as the registry pairs it: @sigstore/verify (DSSE) and cosign verify-blob refuse it', async () => {
    const pair = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' })
    const publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()
    const hint = crypto.createHash('sha256').update(spkiDer(publicKeyPem)).digest('hex')
    const sha384: SigningKey = {
      kind: 'key',
      privateKey: pair.privateKey,
      publicKey: pair.publicKey,
      publicKeyPem,
      hint,
      fingerprint: '',
      algorithm: 'PKIX_ECDSA_P256_SHA_256',
      sign: data => crypto.sign('sha384', data, pair.privateKey)
    }
    expect(cosignVerifies(work, publicKeyPem, sha384.sign(BLOB))).not.toBe(0)
    expect(await sigstoreVerifies('dsse', sha384)).toBe(false)
    const sha256 = { ...sha384, sign: (data: Buffer) => crypto.sign('sha256', data, pair.privateKey) }
    expect(await sigstoreVerifies('dsse', sha256)).toBe(true)
  })

  // Why Ed25519 is refused: @sigstore/verify checks a message signature with the bundle's digest,
  // which node:crypto refuses for an Ed25519 key.
  test('Ed25519: @sigstore/verify refuses a message-signature bundle even when the signature is right', async () => {
    const pair = crypto.generateKeyPairSync('ed25519')
    const publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()
    const ed: SigningKey = {
      kind: 'key',
      privateKey: pair.privateKey,
      publicKey: pair.publicKey,
      publicKeyPem,
      hint: crypto.createHash('sha256').update(spkiDer(publicKeyPem)).digest('hex'),
      fingerprint: '',
      algorithm: 'PKIX_ECDSA_P256_SHA_256',
      sign: data => crypto.sign(null, data, pair.privateKey)
    }
    expect(crypto.verify(null, BLOB, pair.publicKey, ed.sign(BLOB))).toBe(true)
    expect(await sigstoreVerifies('message', ed)).toBe(false)
  })
})

describe('refusals name the input and leak neither key nor password', () => {
  test('not a PEM key at all: a file of text, PEM armour without a body, bad base64, a PEM of no key type', async () => {
    fs.writeFileSync(path.join(work, 'notes.txt'), 'this is not a key\n')
    await expectKeyError(
      () => loadSigningKey({ value: 'notes.txt', password: PASSWORD, workspace: work }),
      'cosign-key',
      'holds no PEM key (-----BEGIN PRIVATE KEY-----'
    )
    // to verify with: the public key is what it asks for
    await expectKeyError(
      () => loadPublicKey({ value: 'notes.txt', workspace: work }),
      'cosign-key',
      'holds no PEM key (-----BEGIN PUBLIC KEY-----, as cosign.pub, or the private key whose public half it is)'
    )
    await expectKeyError(
      () =>
        loadSigningKey({
          value: '-----BEGIN PRIVATE KEY-----\nnot*base64!\n-----END PRIVATE KEY-----',
          password: '',
          workspace: work
        }),
      'cosign-key',
      'its PRIVATE KEY block is not valid base64'
    )
    await expectKeyError(
      () =>
        loadSigningKey({
          value: '-----BEGIN PRIVATE KEY-----\nnot*base64!\n',
          password: '',
          workspace: work
        }),
      'cosign-key',
      'has no -----END PRIVATE KEY----- line'
    )
    const garbage = armour('PRIVATE KEY', crypto.randomBytes(48))
    await expectKeyError(
      () => loadSigningKey({ value: garbage, password: '', workspace: work }),
      'cosign-key',
      'its PRIVATE KEY block is not a valid private key',
      bodyLines(garbage)
    )
    const openssh = armour('OPENSSH PRIVATE KEY', crypto.randomBytes(48))
    await expectKeyError(
      () => loadSigningKey({ value: openssh, password: '', workspace: work }),
      'cosign-key',
      'holds a "OPENSSH PRIVATE KEY" PEM block, not a private key cosign reads',
      bodyLines(openssh)
    )
  })

  test('a PUBLIC key where the private one is needed', async () => {
    await expectKeyError(
      () => loadSigningKey({ value: pwKey.pub, password: PASSWORD, workspace: work }),
      'cosign-key',
      'holds a PUBLIC key; signing needs the private key (cosign.key)',
      bodyLines(pwKey.pub)
    )
    await expectKeyError(
      () => loadSigningKey({ value: 'pw/cosign.pub', password: PASSWORD, workspace: work }),
      'cosign-key',
      'holds a PUBLIC key (file "pw/cosign.pub")'
    )
  })

  test('an encrypted key without its password', async () => {
    const pem = crypto
      .generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSWORD })
      .toString()
    for (const load of [
      () => loadSigningKey({ value: pem, password: '', workspace: work }),
      () => loadPublicKey({ value: pem, workspace: work })
    ]) {
      await expectKeyError(
        load,
        'cosign-password',
        'is empty, but cosign-key is an encrypted private key',
        bodyLines(pem)
      )
    }
    // a cosign key made with a password, given none
    await expectKeyError(
      () => loadSigningKey({ value: pwKey.key, password: '', workspace: work }),
      'cosign-password',
      'is empty and does not decrypt cosign-key',
      bodyLines(pwKey.key)
    )
  })

  test('a wrong password: PKCS#8 and the cosign envelope both say it does not decrypt cosign-key', async () => {
    const pem = crypto
      .generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'the-right-one' })
      .toString()
    const message = await expectKeyError(
      () => loadSigningKey({ value: pem, password: PASSWORD, workspace: work }),
      'cosign-password',
      'does not decrypt cosign-key',
      bodyLines(pem)
    )
    expect(message).toBe('input cosign-password: does not decrypt cosign-key')
    await expectKeyError(
      () => loadSigningKey({ value: 'pw/cosign.key', password: `${PASSWORD}x`, workspace: work }),
      'cosign-password',
      'does not decrypt cosign-key (file "pw/cosign.key")',
      [`${PASSWORD}x`, ...bodyLines(pwKey.key)]
    )
    // the empty-password key, given a password
    await expectKeyError(
      () => loadPublicKey({ value: emptyKey.key, workspace: work, password: PASSWORD }),
      'cosign-password',
      'does not decrypt cosign-key',
      bodyLines(emptyKey.key)
    )
  })

  describe('a malformed cosign envelope', () => {
    const salt = Buffer.alloc(32, 1)
    const nonce = Buffer.alloc(24, 2)
    const ciphertext = Buffer.alloc(64, 3)
    const standard = { N: 65536, r: 8, p: 1 }
    test.each([
      ['a body that is not JSON', armour(SIGSTORE_HEADER, 'not json {'), 'its body is not JSON'],
      [
        'an unknown kdf',
        armour(SIGSTORE_HEADER, envelopeJson({ params: standard, salt, nonce, ciphertext, kdf: 'argon2id' })),
        'its kdf is "argon2id", not scrypt'
      ],
      [
        'an unknown cipher',
        armour(
          SIGSTORE_HEADER,
          envelopeJson({ params: standard, salt, nonce, ciphertext, cipher: 'aes-gcm' })
        ),
        'its cipher is "aes-gcm", not nacl/secretbox'
      ],
      [
        'no kdf at all',
        armour(SIGSTORE_HEADER, JSON.stringify({ cipher: {}, ciphertext: '' })),
        'its kdf is missing, not scrypt'
      ],
      [
        'an absurd N',
        armour(
          SIGSTORE_HEADER,
          envelopeJson({ params: { N: 2 ** 30, r: 8, p: 1 }, salt, nonce, ciphertext })
        ),
        'its scrypt parameters (N=1073741824, r=8, p=1) are not ones cosign writes'
      ],
      [
        'a tiny N',
        armour(SIGSTORE_HEADER, envelopeJson({ params: { N: 2, r: 1, p: 1 }, salt, nonce, ciphertext })),
        'its scrypt parameters (N=2, r=1, p=1)'
      ],
      [
        'N as a string',
        armour(
          SIGSTORE_HEADER,
          envelopeJson({ params: { N: '65536', r: 8, p: 1 }, salt, nonce, ciphertext })
        ),
        'its scrypt parameters (N="65536", r=8, p=1)'
      ],
      [
        'a short nonce',
        armour(
          SIGSTORE_HEADER,
          envelopeJson({ params: standard, salt, nonce: Buffer.alloc(12), ciphertext })
        ),
        'its cipher nonce is not 24 bytes'
      ],
      [
        'no ciphertext',
        armour(SIGSTORE_HEADER, envelopeJson({ params: standard, salt, nonce, ciphertext: Buffer.alloc(0) })),
        'its ciphertext is missing'
      ]
    ])('%s', async (_case, pem, says) => {
      await expectKeyError(
        () => loadSigningKey({ value: pem, password: PASSWORD, workspace: work }),
        'cosign-key',
        says,
        bodyLines(pem)
      )
    })

    test('an envelope that decrypts to something that is no key', async () => {
      const sealed = sealEnvelope(Buffer.from('not a pkcs8 key'), PASSWORD, standard)
      await expectKeyError(
        () => loadSigningKey({ value: sealed, password: PASSWORD, workspace: work }),
        'cosign-key',
        'decrypts, but not to a PKCS#8 private key',
        bodyLines(sealed)
      )
    })
  })

  test('a missing file, a directory, a file too large for a key', async () => {
    await expectKeyError(
      () => loadSigningKey({ value: 'keys/missing.key', password: PASSWORD, workspace: work }),
      'cosign-key',
      'nor a key file in the workspace: no such file (file "keys/missing.key")'
    )
    await expectKeyError(
      () => loadPublicKey({ value: '../elsewhere/cosign.pub', workspace: work }),
      'cosign-key',
      'no such file (file "../elsewhere/cosign.pub")'
    )
    await expectKeyError(
      () => loadSigningKey({ value: 'pw', password: PASSWORD, workspace: work }),
      'cosign-key',
      'names a directory, not a key file'
    )
    fs.writeFileSync(path.join(work, 'big.bin'), Buffer.alloc(100_000))
    await expectKeyError(
      () => loadSigningKey({ value: 'big.bin', password: PASSWORD, workspace: work }),
      'cosign-key',
      'names a file of 100000 bytes, too large for a key'
    )
    await expectKeyError(
      () => loadSigningKey({ value: '  \n', password: PASSWORD, workspace: work }),
      'cosign-key',
      'is empty'
    )
  })

  test('a key body that lost its armour is not echoed back as a file name', async () => {
    const pem = crypto
      .generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString()
    const body = bodyLines(pem).join('')
    const multiline = bodyLines(pem).join('\n')
    for (const value of [body, multiline]) {
      await expectKeyError(
        () => loadSigningKey({ value, password: PASSWORD, workspace: work }),
        'cosign-key',
        'no such file (a file in the workspace)',
        bodyLines(pem)
      )
    }
  })
})
