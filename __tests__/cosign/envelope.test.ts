// Attestations signed in process: the cosign key decrypted, the statement and DSSE envelope cosign writes.
import { describe, expect, test } from '@jest/globals'
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { dsse } from '@sigstore/core'
import { SLSA_PROVENANCE_V1, type AttestationType } from '../../src/cosign/args.js'
import { decryptKey, envelope, IN_TOTO_PAYLOAD_TYPE, statement } from '../../src/cosign/envelope.js'

const DIR = path.join(
  import.meta.dirname ?? new URL('.', import.meta.url).pathname,
  '..',
  'fixtures',
  'cosign'
)
const KEY = fs.readFileSync(path.join(DIR, 'cosign.key'), 'utf8')
const PUB = fs.readFileSync(path.join(DIR, 'cosign.pub'), 'utf8')
const PASSWORD = 'imagegate-fixture-password'
const HEX = 'c'.repeat(64)
const REF = `127.0.0.1:5001/app/api@sha256:${HEX}`

describe('decryptKey', () => {
  test('the key cosign wrote: its public half is cosign.pub', async () => {
    const key = await decryptKey(KEY, PASSWORD)
    const pub = crypto.createPublicKey(key).export({ type: 'spki', format: 'pem' })
    expect(pub.toString().trim()).toBe(PUB.trim())
  })

  test.each([
    ['a wrong password', KEY, 'wrong', 'input cosign-password: it does not decrypt the key in cosign-key'],
    ['not a PEM', 'hello', PASSWORD, 'input cosign-key: not an encrypted cosign private key'],
    [
      'a PEM of another kind',
      '-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----',
      PASSWORD,
      'not an encrypted cosign private key'
    ],
    [
      'a body that is not cosign JSON',
      `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n${Buffer.from('{"kdf":{}}').toString('base64')}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----`,
      PASSWORD,
      'not in the format cosign writes'
    ]
  ])('%s: refused without the secret', async (_name, text, password, message) => {
    const err = await decryptKey(text, password).then(
      () => undefined,
      (e: unknown) => e as Error
    )
    expect(err?.message).toContain(message)
    expect(err?.message).not.toContain(PASSWORD)
  })
})

describe('statement', () => {
  test.each([
    ['spdxjson', 'https://spdx.dev/Document'],
    ['vuln', 'https://cosign.sigstore.dev/attestation/vuln/v1'],
    [SLSA_PROVENANCE_V1, 'https://slsa.dev/provenance/v1']
  ] as [AttestationType, string][])(
    '--type %s is predicateType %s; the subject is the digest',
    (type, predicateType) => {
      expect(statement(REF, type, { a: 1 })).toEqual({
        _type: 'https://in-toto.io/Statement/v0.1',
        predicateType,
        subject: [{ name: '127.0.0.1:5001/app/api', digest: { sha256: HEX } }],
        predicate: { a: 1 }
      })
    }
  )

  test('never by tag', () => {
    expect(() => statement('127.0.0.1:5001/app/api:1.0', 'vuln', {})).toThrow('not a reference by digest')
  })
})

test('envelope: DSSE over the statement, verifiable with the public key and nothing else', async () => {
  const key = await decryptKey(KEY, PASSWORD)
  const subject = statement(REF, 'vuln', { scanner: { uri: 'x' } })
  const env = envelope(subject, key)
  expect(env.payloadType).toBe(IN_TOTO_PAYLOAD_TYPE)
  expect(JSON.parse(Buffer.from(env.payload, 'base64').toString())).toEqual(subject)
  const pae = dsse.preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, Buffer.from(env.payload, 'base64'))
  const sig = Buffer.from(env.signatures[0]?.sig ?? '', 'base64')
  expect(crypto.verify('sha256', pae, crypto.createPublicKey(PUB), sig)).toBe(true)
  const other = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
  expect(crypto.verify('sha256', pae, other, sig)).toBe(false)
})
