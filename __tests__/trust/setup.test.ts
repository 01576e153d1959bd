// The Signer and the Verifier from the inputs: which kind each input makes, and every bad input refused
// naming the input, before anything is uploaded (no registry, no cosign is asked here).
import { describe, expect, test } from '@jest/globals'
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { RegistryClient } from '../../src/registry/client.js'
import { keylessEndpoints, makeSigner, makeVerifier, type TrustInputs } from '../../src/trust/setup.js'

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-trust-setup-'))
const inputs = (o: Partial<TrustInputs> = {}): TrustInputs => ({
  'cosign-key': '',
  'cosign-password': '',
  'certificate-identity': '',
  'certificate-oidc-issuer': '',
  'fulcio-url': '',
  'rekor-url': '',
  'tsa-url': '',
  'trusted-root': '',
  'legacy-signatures': false,
  username: '',
  password: '',
  ...o
})
const noCosign = async (): Promise<string> => {
  throw new Error('cosign must not be needed here')
}
const ctx = (o: Partial<TrustInputs>, env: NodeJS.ProcessEnv = {}) => ({
  inputs: inputs(o),
  workspace,
  workDir: path.join(workspace, '.trust'),
  clientFor: (): RegistryClient => {
    throw new Error('no registry is asked while setting up')
  },
  registries: [],
  cosign: noCosign,
  env
})

const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
const PRIVATE = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const PUBLIC = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString()
const ED25519 = crypto
  .generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString()
const GITHUB = {
  GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/images.yml@refs/heads/main',
  GITHUB_SERVER_URL: 'https://github.com'
}

describe('makeSigner', () => {
  test('a PEM key signs in process (bundles), named by its fingerprint; no cosign', async () => {
    const signer = await makeSigner(ctx({ 'cosign-key': PRIVATE }))
    expect(signer.identity.kind).toBe('key')
    expect(signer.identity.who).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
  })

  test.each<[string, Partial<TrustInputs>, RegExp]>([
    ['a public key', { 'cosign-key': PUBLIC }, /^input cosign-key: holds a PUBLIC key/],
    ['an Ed25519 key', { 'cosign-key': ED25519 }, /^input cosign-key: .*accepted keys are ECDSA P-256/],
    ['not a key', { 'cosign-key': 'no-such-file.key' }, /^input cosign-key: /],
    [
      'a key and a Fulcio',
      { 'cosign-key': PRIVATE, 'fulcio-url': 'https://fulcio.example' },
      /^inputs cosign-key and fulcio-url: a key signature needs no certificate/
    ],
    [
      'a key and a timestamp authority',
      { 'cosign-key': PRIVATE, 'tsa-url': 'https://tsa.example' },
      /^inputs cosign-key and tsa-url/
    ]
  ])('%s: refused naming the input', async (_what, given, message) => {
    await expect(makeSigner(ctx(given))).rejects.toThrow(message)
  })

  test('a password never appears in the error of a key it does not open', async () => {
    const encrypted = ec.privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right-one' })
      .toString()
    const err = await makeSigner(
      ctx({ 'cosign-key': encrypted, 'cosign-password': 'wrong-secret-77' })
    ).catch((e: Error) => e)
    expect(String(err)).toMatch(/input cosign-password/)
    expect(String(err)).not.toContain('wrong-secret-77')
  })

  test('keyless outside a workflow, or without id-token: write, says what is missing', async () => {
    await expect(makeSigner(ctx({}))).rejects.toThrow(/GITHUB_WORKFLOW_REF/)
    await expect(makeSigner(ctx({}, GITHUB))).rejects.toThrow(/id-token: write/)
  })

  test('keyless in a workflow that may ask for a token: the certificate identity is the workflow', async () => {
    const signer = await makeSigner(
      ctx(
        {},
        {
          ...GITHUB,
          ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token',
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't'
        }
      )
    )
    expect(signer.identity).toMatchObject({
      kind: 'keyless',
      who: 'https://github.com/acme/shop/.github/workflows/images.yml@refs/heads/main',
      issuer: 'https://token.actions.githubusercontent.com'
    })
  })
})

describe('keylessEndpoints', () => {
  const event = (repository: Record<string, unknown>): NodeJS.ProcessEnv => {
    const file = path.join(workspace, `event-${crypto.randomUUID()}.json`)
    fs.writeFileSync(file, JSON.stringify({ repository }))
    return { GITHUB_EVENT_PATH: file }
  }
  test('a public repository: public-good Fulcio and Rekor, no timestamp authority', () => {
    expect(keylessEndpoints(inputs(), event({ visibility: 'public' }))).toEqual({
      public: true,
      fulcioUrl: 'https://fulcio.sigstore.dev',
      rekorUrl: 'https://rekor.sigstore.dev'
    })
  })
  test.each([
    ['private', { visibility: 'private' }],
    ['internal', { visibility: 'internal' }],
    ['unknown (no event)', undefined]
  ])("a %s repository: GitHub's Fulcio and timestamps, never the public log", (_what, repository) => {
    const env = repository ? event(repository) : {}
    expect(keylessEndpoints(inputs(), env)).toEqual({
      public: false,
      fulcioUrl: 'https://fulcio.githubapp.com',
      tsaUrl: 'https://timestamp.githubapp.com'
    })
  })
  test('a private repository logs to Rekor only when rekor-url is given; every endpoint can be overridden', () => {
    expect(
      keylessEndpoints(
        inputs({
          'fulcio-url': 'https://fulcio.corp',
          'rekor-url': 'https://rekor.corp',
          'tsa-url': 'https://tsa.corp'
        }),
        event({ visibility: 'private' })
      )
    ).toEqual({
      public: false,
      fulcioUrl: 'https://fulcio.corp',
      rekorUrl: 'https://rekor.corp',
      tsaUrl: 'https://tsa.corp'
    })
  })
})

describe('makeVerifier', () => {
  test('a public key, or the public half of a private key, names the key by fingerprint', async () => {
    const byPublic = await makeVerifier(ctx({ 'cosign-key': PUBLIC }), true)
    const byPrivate = await makeVerifier(ctx({ 'cosign-key': PRIVATE }), true)
    expect(byPublic?.describe).toMatch(/^the key SHA256:/)
    expect(byPrivate?.describe).toBe(byPublic?.describe)
  })

  test('a trusted root beside a key is not read, and the job is told so', async () => {
    const warnings: string[] = []
    const write = process.stdout.write.bind(process.stdout)
    process.stdout.write = ((chunk: string | Uint8Array): boolean => {
      warnings.push(String(chunk))
      return true
    }) as typeof process.stdout.write
    try {
      const verifier = await makeVerifier(ctx({ 'cosign-key': PUBLIC, 'trusted-root': 'not-json.txt' }), true)
      expect(verifier?.describe).toMatch(/^the key SHA256:/)
    } finally {
      process.stdout.write = write
    }
    expect(warnings.join('')).toContain(
      '::warning::input trusted-root: not read: a key (cosign-key) verifies'
    )
  })

  test('no signer: undefined, or refused when one is required', async () => {
    expect(await makeVerifier(ctx({}), false)).toBeUndefined()
    await expect(makeVerifier(ctx({}), true)).rejects.toThrow(/no signer to verify: set cosign-key/)
  })

  test.each<[string, Partial<TrustInputs>, RegExp]>([
    [
      'a key and an identity',
      { 'cosign-key': PUBLIC, 'certificate-identity': 'x' },
      /^inputs cosign-key and certificate-identity/
    ],
    ['an identity without issuer', { 'certificate-identity': 'x' }, /^input certificate-oidc-issuer: /],
    ['an issuer without identity', { 'certificate-oidc-issuer': 'x' }, /^input certificate-identity: /],
    [
      'an unreadable trusted root',
      { 'certificate-identity': 'x', 'certificate-oidc-issuer': 'y', 'trusted-root': 'missing.json' },
      /^input trusted-root: missing.json is not a readable trusted root/
    ]
  ])('%s: refused naming the input', async (_what, given, message) => {
    await expect(makeVerifier(ctx(given), true)).rejects.toThrow(message)
  })

  test("keyless without a trusted root file, where Sigstore's root cannot be had through TUF: says so and names input trusted-root", async () => {
    // the TUF cache cannot be made (RUNNER_TEMP is a file): the same failure as an unreachable TUF
    // repository, without the network
    const notADir = path.join(workspace, 'runner-temp-file')
    fs.writeFileSync(notADir, '')
    await expect(
      makeVerifier(
        ctx({ 'certificate-identity': 'x', 'certificate-oidc-issuer': 'y' }, { RUNNER_TEMP: notADir }),
        true
      )
    ).rejects.toThrow(
      /^keyless verification \(certificate-identity\): Sigstore's public-good trusted root could not be fetched through TUF \(.+\); .*\(input trusted-root\)$/
    )
  })

  test('a trusted root without a certificate authority: refused', async () => {
    fs.writeFileSync(
      path.join(workspace, 'empty-root.json'),
      JSON.stringify({ mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1' })
    )
    await expect(
      makeVerifier(
        ctx({
          'certificate-identity': 'x',
          'certificate-oidc-issuer': 'y',
          'trusted-root': 'empty-root.json'
        }),
        true
      )
    ).rejects.toThrow(
      /input trusted-root: empty-root.json is not a Sigstore trusted root \(it names no certificate authority\)/
    )
  })
})
