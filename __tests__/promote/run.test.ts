import { afterAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Inputs } from '../../src/inputs.js'
import { promoteSummaryMarkdown, signerIdentity } from '../../src/promote/run.js'

const PUBLIC = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----'
const PRIVATE =
  '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nabc\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----'

const inputs = (
  o: Partial<Record<'cosign-key' | 'certificate-identity' | 'certificate-oidc-issuer', string>>
): Inputs =>
  ({ 'cosign-key': '', 'certificate-identity': '', 'certificate-oidc-issuer': '', ...o }) as unknown as Inputs

describe('signerIdentity', () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-promote-ws-'))
  const work = path.join(workspace, 'work')
  fs.writeFileSync(path.join(workspace, 'cosign.pub'), PUBLIC)
  afterAll(() => fs.rmSync(workspace, { recursive: true, force: true }))

  test('a PEM public key is written to a file cosign reads', () => {
    const identity = signerIdentity(inputs({ 'cosign-key': PUBLIC }), workspace, work)
    expect(identity.kind).toBe('key')
    const file = (identity as { key: string }).key
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(PUBLIC)
  })

  test.each([
    ['a file in the workspace', 'cosign.pub', { kind: 'key', key: '' }],
    ['a KMS URI', 'awskms:///alias/imagegate', { kind: 'key', key: 'awskms:///alias/imagegate' }]
  ])('%s', (_what, key, expected) => {
    const identity = signerIdentity(inputs({ 'cosign-key': key }), workspace, work)
    expect(identity).toEqual(
      expected.key ? expected : { kind: 'key', key: path.join(workspace, 'cosign.pub') }
    )
  })

  test('keyless: the identity and the issuer', () => {
    expect(
      signerIdentity(
        inputs({
          'certificate-identity': 'https://github.com/acme/app/.github/workflows/images.yml@refs/tags/v1.3.0',
          'certificate-oidc-issuer': 'https://token.actions.githubusercontent.com'
        }),
        workspace,
        work
      )
    ).toEqual({
      kind: 'keyless',
      identity: 'https://github.com/acme/app/.github/workflows/images.yml@refs/tags/v1.3.0',
      issuer: 'https://token.actions.githubusercontent.com'
    })
  })

  test.each<[string, Parameters<typeof inputs>[0], RegExp]>([
    [
      'a private key',
      { 'cosign-key': PRIVATE },
      /input cosign-key: mode promote verifies with the PUBLIC key/
    ],
    [
      'a key file that does not exist',
      { 'cosign-key': 'keys/none.pub' },
      /input cosign-key: "keys\/none.pub" is neither/
    ],
    [
      'a key and an identity',
      { 'cosign-key': PUBLIC, 'certificate-identity': 'me' },
      /give one way to verify/
    ],
    [
      'an identity without an issuer',
      { 'certificate-identity': 'me' },
      /set cosign-key .* or certificate-identity and certificate-oidc-issuer/
    ],
    ['nothing', {}, /mode promote verifies signatures/]
  ])('refused: %s', (_what, given, message) => {
    expect(() => signerIdentity(inputs(given), workspace, work)).toThrow(message)
  })
})

describe('promoteSummaryMarkdown', () => {
  test('one row per image: source digest, target refs, what was verified, the result', () => {
    const digest = 'sha256:' + 'a'.repeat(64)
    const md = promoteSummaryMarkdown({
      source: 'dev',
      target: 'prod',
      production: true,
      version: '1.3.0',
      passed: false,
      images: [
        {
          name: 'api',
          source: 'reg/dev/app/api',
          target: 'reg/app/api',
          digest,
          refs: ['reg/app/api:1.3.0', `reg/app/api@${digest}`],
          verified: ['signature on x by the given key'],
          status: 'promoted',
          reasons: [],
          copy: {
            mountedBlobs: 3,
            uploadedBlobs: 0,
            uploadedBytes: 0,
            presentBlobs: 1,
            manifests: 3,
            attached: []
          }
        },
        {
          name: 'worker',
          source: 'reg/dev/app/worker',
          target: 'reg/app/worker',
          refs: [],
          verified: [],
          status: 'refused',
          reasons: ['worker: not signed']
        }
      ]
    })
    expect(md).toContain('## imagegate promote: dev -> prod (production), version `1.3.0`')
    expect(md).toContain(
      `| api | \`${digest}\` | \`reg/app/api:1.3.0\`<br>\`reg/app/api@${digest}\` | signature on x by the given key | promoted (3 blobs mounted, 0 uploaded, 1 present) |`
    )
    expect(md).toContain('| worker | - | - | - | refused |')
    expect(md).toContain('- worker: not signed')
  })
})
