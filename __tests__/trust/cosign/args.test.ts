// cosign's argv for signing and attesting, the keyless identity checks, the key input's kinds.
import { describe, expect, test } from '@jest/globals'
import {
  attestArgs,
  dockerConfigJson,
  GITHUB_OIDC_ISSUER,
  keyKind,
  keylessIdentity,
  signArgs,
  type AttestationType,
  type SignMode
} from '../../../src/trust/cosign/args.js'
import { SLSA_PROVENANCE_V1 } from '../../../src/trust/predicates.js'

const DIGEST = `sha256:${'a'.repeat(64)}`
const REF = `127.0.0.1:5000/app/api@${DIGEST}`
const KEY: SignMode = { kind: 'key', key: '/tmp/k/cosign.key' }
const KEYLESS: SignMode = {
  kind: 'keyless',
  fulcioUrl: 'https://fulcio.sigstore.dev',
  rekorUrl: 'https://rekor.sigstore.dev',
  oidc: 'github-actions'
}
const KEYLESS_TOKEN: SignMode = {
  kind: 'keyless',
  fulcioUrl: 'http://127.0.0.1:5555',
  rekorUrl: 'http://127.0.0.1:3000',
  oidc: 'token'
}

describe('signArgs', () => {
  test.each([
    [
      'key, recursive',
      KEY,
      true,
      ['sign', '--yes', '--key', '/tmp/k/cosign.key', '--tlog-upload=false', '--recursive', REF]
    ],
    [
      'key, the index only',
      KEY,
      false,
      ['sign', '--yes', '--key', '/tmp/k/cosign.key', '--tlog-upload=false', REF]
    ],
    [
      'keyless through GitHub OIDC',
      KEYLESS,
      true,
      [
        'sign',
        '--yes',
        '--fulcio-url=https://fulcio.sigstore.dev',
        '--rekor-url=https://rekor.sigstore.dev',
        '--oidc-provider=github-actions',
        '--recursive',
        REF
      ]
    ],
    [
      'keyless with SIGSTORE_ID_TOKEN and private Fulcio/Rekor',
      KEYLESS_TOKEN,
      false,
      ['sign', '--yes', '--fulcio-url=http://127.0.0.1:5555', '--rekor-url=http://127.0.0.1:3000', REF]
    ]
  ])('%s', (_name, mode, recursive, want) => {
    expect(signArgs({ ref: REF, mode, recursive })).toEqual(want)
  })

  test.each([
    '127.0.0.1:5000/app/api:1.0.0',
    '127.0.0.1:5000/app/api',
    `127.0.0.1:5000/app/api@sha256:${'a'.repeat(63)}`,
    `127.0.0.1:5000/app/api:1.0@${DIGEST} --key x`
  ])('never by tag: %s is refused', ref => {
    expect(() => signArgs({ ref, mode: KEY, recursive: true })).toThrow('is not a reference by digest')
  })

  test('several digests in one cosign sign (the key is read once), each by digest', () => {
    const other = `127.0.0.1:5000/app/web@${DIGEST}`
    expect(signArgs({ ref: [REF, other], mode: KEY, recursive: true })).toEqual([
      'sign',
      '--yes',
      '--key',
      '/tmp/k/cosign.key',
      '--tlog-upload=false',
      '--recursive',
      REF,
      other
    ])
    expect(() =>
      signArgs({ ref: [REF, '127.0.0.1:5000/app/web:1.0.0'], mode: KEY, recursive: true })
    ).toThrow('is not a reference by digest')
    expect(() => signArgs({ ref: [], mode: KEY, recursive: true })).toThrow('nothing to sign')
  })
})

describe('attestArgs', () => {
  test.each([
    ['spdxjson', KEY, '/w/sbom.spdx.json', ['--key', '/tmp/k/cosign.key', '--tlog-upload=false']],
    ['vuln', KEY, '/w/vuln.json', ['--key', '/tmp/k/cosign.key', '--tlog-upload=false']],
    [
      SLSA_PROVENANCE_V1,
      KEYLESS,
      '/w/slsa.json',
      [
        '--fulcio-url=https://fulcio.sigstore.dev',
        '--rekor-url=https://rekor.sigstore.dev',
        '--oidc-provider=github-actions'
      ]
    ]
  ] as [AttestationType, SignMode, string, string[]][])('--type %s', (type, mode, file, modeArgs) => {
    expect(attestArgs({ ref: REF, mode, type, predicateFile: file })).toEqual([
      'attest',
      '--yes',
      ...modeArgs,
      '--type',
      type,
      '--predicate',
      file,
      REF
    ])
  })
})

describe('keyKind', () => {
  test.each([
    [
      '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nabc\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----',
      'pem'
    ],
    ['  -----BEGIN EC PRIVATE KEY-----\n', 'pem'],
    ['awskms:///arn:aws:kms:us-east-1:1:key/x', 'kms'],
    ['gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k', 'kms'],
    ['azurekms://vault.vault.azure.net/key', 'kms'],
    ['hashivault://transit-key', 'kms'],
    ['k8s://ns/secret', 'kms'],
    ['pkcs11:token-label=x', 'kms'],
    ['.github/cosign.key', 'file'],
    ['awskms-not-a-uri', 'file']
  ])('%j is %s', (value, kind) => {
    expect(keyKind(value)).toBe(kind)
  })
})

describe('keylessIdentity', () => {
  const ACTIONS = {
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/images.yml@refs/heads/main'
  }
  const TOKEN_REQUEST = {
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x/token',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't'
  }

  test.each([
    [
      'id-token: write on github.com',
      { ...ACTIONS, ...TOKEN_REQUEST },
      {
        identity: 'https://github.com/acme/shop/.github/workflows/images.yml@refs/heads/main',
        issuer: GITHUB_OIDC_ISSUER,
        oidc: 'github-actions'
      }
    ],
    [
      'a tag ref on GitHub Enterprise Server (trailing slash dropped)',
      {
        ...TOKEN_REQUEST,
        GITHUB_SERVER_URL: 'https://ghe.example.com/',
        GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/release.yml@refs/tags/v1.2.3'
      },
      {
        identity: 'https://ghe.example.com/acme/shop/.github/workflows/release.yml@refs/tags/v1.2.3',
        issuer: GITHUB_OIDC_ISSUER,
        oidc: 'github-actions'
      }
    ],
    [
      'a token from an earlier step wins',
      { ...ACTIONS, ...TOKEN_REQUEST, SIGSTORE_ID_TOKEN: 'eyJ...' },
      {
        identity: 'https://github.com/acme/shop/.github/workflows/images.yml@refs/heads/main',
        issuer: GITHUB_OIDC_ISSUER,
        oidc: 'token'
      }
    ]
  ])('%s', (_name, env, want) => {
    expect(keylessIdentity(env)).toEqual(want)
  })

  test.each([
    ['outside Actions', {}, 'keyless signing needs a GitHub Actions run (GITHUB_WORKFLOW_REF is not set)'],
    [
      'a malformed workflow ref',
      { ...TOKEN_REQUEST, GITHUB_WORKFLOW_REF: 'images.yml' },
      'GITHUB_WORKFLOW_REF is "images.yml"'
    ],
    ['no id-token permission', ACTIONS, 'give the job `permissions: id-token: write`'],
    [
      'only half of the token request variables',
      { ...ACTIONS, ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x/token' },
      'id-token: write'
    ]
  ])('%s: refused', (_name, env, message) => {
    expect(() => keylessIdentity(env)).toThrow(message)
  })
})

test('dockerConfigJson: one auth per registry, as the docker CLI writes it', () => {
  const json = JSON.parse(dockerConfigJson(['127.0.0.1:5001', 'ghcr.io'], 'u', 'p:w')) as {
    auths: Record<string, { auth: string }>
  }
  expect(Object.keys(json.auths)).toEqual(['127.0.0.1:5001', 'ghcr.io'])
  expect(Buffer.from(json.auths['ghcr.io']?.auth ?? '', 'base64').toString()).toBe('u:p:w')
})
