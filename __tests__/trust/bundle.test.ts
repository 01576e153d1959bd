// Sigstore bundles made with a key and checked in process: the statement comes back only from a bundle
// the key signed, untouched; another key, a changed payload, a bundle of another shape are refused.
import { describe, expect, test } from '@jest/globals'
import * as crypto from 'node:crypto'
import { BUNDLE_V03_MEDIA_TYPE, BundleError, verifyBundle, type BundleTrust } from '../../src/trust/bundle.js'
import { bundleBuilder, keySigner, makeBundle, type BundleKey } from '../../src/trust/bundle-sign.js'
import { SIGN_PREDICATE_TYPE, statementFor, subjectDigests } from '../../src/trust/statements.js'

function key(): BundleKey & { publicKey: crypto.KeyObject } {
  const pair = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return {
    publicKey: pair.publicKey,
    publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: data => crypto.sign('sha256', data, pair.privateKey)
  }
}

const DIGEST = `sha256:${'c'.repeat(64)}`
const trustOf = (k: { publicKey: crypto.KeyObject }): BundleTrust => ({
  kind: 'key',
  publicKey: k.publicKey,
  describe: 'the test key'
})

async function signed(k: BundleKey, predicate: unknown = {}): Promise<Buffer> {
  return await makeBundle(
    bundleBuilder(keySigner(k)),
    statementFor({ repository: '127.0.0.1:5000/app/api', digest: DIGEST }, SIGN_PREDICATE_TYPE, predicate)
  )
}

describe('a key bundle', () => {
  test('is a v0.3 bundle with a DSSE envelope (no key hint, no keyid: cosign 2.5 skips a keyid it does not derive) that verifies with the key', async () => {
    const k = key()
    const bytes = await signed(k, { note: 'x' })
    const json = JSON.parse(bytes.toString()) as {
      mediaType: string
      verificationMaterial: { publicKey: { hint: string } }
      dsseEnvelope: { payloadType: string; signatures: { keyid: string }[] }
    }
    expect(json.mediaType).toBe(BUNDLE_V03_MEDIA_TYPE)
    expect(json.verificationMaterial.publicKey.hint ?? '').toBe('')
    expect(json.dsseEnvelope.signatures.map(sig => sig.keyid ?? '')).toEqual([''])
    expect(json.dsseEnvelope.payloadType).toBe('application/vnd.in-toto+json')
    const verified = verifyBundle(bytes, trustOf(k), 'test')
    expect(verified.statement.predicateType).toBe(SIGN_PREDICATE_TYPE)
    expect(verified.statement.predicate).toEqual({ note: 'x' })
    expect(subjectDigests(verified.statement)).toEqual([DIGEST])
    expect(verified.statement.subject[0]?.name).toBe('127.0.0.1:5000/app/api')
    expect(verified.tlogIndexes).toEqual([])
  })

  test('another key: refused, naming who was expected', async () => {
    const bytes = await signed(key())
    expect(() => verifyBundle(bytes, trustOf(key()), 'api bundle')).toThrow(
      /^api bundle: not signed by the test key/
    )
  })

  test('a changed payload: refused', async () => {
    const k = key()
    const json = JSON.parse((await signed(k)).toString()) as { dsseEnvelope: { payload: string } }
    const statement = JSON.parse(Buffer.from(json.dsseEnvelope.payload, 'base64').toString()) as {
      subject: { digest: { sha256: string } }[]
    }
    ;(statement.subject[0] as { digest: { sha256: string } }).digest.sha256 = 'd'.repeat(64)
    json.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64')
    expect(() => verifyBundle(Buffer.from(JSON.stringify(json)), trustOf(k), 't')).toThrow(BundleError)
  })

  test.each([
    ['not JSON', Buffer.from('{nope'), /t: not JSON/],
    ['not a bundle', Buffer.from('{"mediaType":"x"}'), /t: not a Sigstore bundle/]
  ])('%s: refused', (_what, bytes, message) => {
    expect(() => verifyBundle(bytes, trustOf(key()), 't')).toThrow(message)
  })

  test('a payload that is not in-toto: refused before the signature is looked at', async () => {
    const k = key()
    const json = JSON.parse((await signed(k)).toString()) as { dsseEnvelope: { payloadType: string } }
    json.dsseEnvelope.payloadType = 'text/plain'
    expect(() => verifyBundle(Buffer.from(JSON.stringify(json)), trustOf(k), 't')).toThrow(
      /not an in-toto statement/
    )
  })
})
