import { describe, expect, test } from '@jest/globals'
import {
  classifyFailure,
  cosignError,
  parseAttestationStatements,
  parseVerifyOutput,
  verifyArgs,
  verifyAttestationArgs,
  vulnAttestationOf,
  type SignerIdentity
} from '../../../src/trust/cosign/verify.js'
import { VULN_PREDICATE_TYPE } from '../../../src/trust/predicates.js'

const REF = '127.0.0.1:5000/app/api@sha256:' + 'a'.repeat(64)
const DIGEST = 'sha256:' + 'a'.repeat(64)

describe('verifyArgs', () => {
  test.each<[string, SignerIdentity, string[]]>([
    [
      'a key: tlog off',
      { kind: 'key', key: '/tmp/cosign.pub' },
      [
        'verify',
        '--key',
        '/tmp/cosign.pub',
        '--insecure-ignore-tlog',
        '--output',
        'json',
        '--output-file',
        'out.json',
        REF
      ]
    ],
    [
      'keyless: exact identity and issuer',
      {
        kind: 'keyless',
        identity: 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.3.0',
        issuer: 'https://token.actions.githubusercontent.com'
      },
      [
        'verify',
        '--certificate-identity',
        'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.3.0',
        '--certificate-oidc-issuer',
        'https://token.actions.githubusercontent.com',
        '--output',
        'json',
        '--output-file',
        'out.json',
        REF
      ]
    ],
    [
      'keyless: regular expressions',
      { kind: 'keyless', identityRegexp: '^https://github.com/acme/', issuerRegexp: 'githubusercontent' },
      [
        'verify',
        '--certificate-identity-regexp',
        '^https://github.com/acme/',
        '--certificate-oidc-issuer-regexp',
        'githubusercontent',
        '--output',
        'json',
        '--output-file',
        'out.json',
        REF
      ]
    ]
  ])('%s', (_what, identity, argv) => {
    expect(verifyArgs(REF, identity, 'out.json')).toEqual(argv)
  })

  test.each<[string, SignerIdentity, RegExp]>([
    ['no identity', { kind: 'keyless', issuer: 'https://issuer' }, /certificate identity/],
    ['no issuer', { kind: 'keyless', identity: 'me' }, /OIDC issuer/]
  ])('keyless without %s is refused', (_what, identity, message) => {
    expect(() => verifyArgs(REF, identity, 'out.json')).toThrow(message)
  })
})

describe('verifyAttestationArgs', () => {
  test('vuln attestations with a key', () => {
    expect(verifyAttestationArgs(REF, { kind: 'key', key: 'k.pub' }, 'att.json')).toEqual([
      'verify-attestation',
      '--key',
      'k.pub',
      '--insecure-ignore-tlog',
      '--type',
      'vuln',
      '--output-file',
      'att.json',
      REF
    ])
  })
})

describe('parseVerifyOutput', () => {
  test('the digest each signature names, and a keyless signer', () => {
    const text = JSON.stringify([
      {
        critical: {
          identity: { 'docker-reference': '127.0.0.1:5000/app/api' },
          image: { 'docker-manifest-digest': DIGEST },
          type: 'cosign container image signature'
        },
        optional: null
      },
      {
        critical: {
          identity: {},
          image: { 'docker-manifest-digest': DIGEST },
          type: 'cosign container image signature'
        },
        optional: {
          Subject: 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.3.0',
          Issuer: 'https://token.actions.githubusercontent.com'
        }
      }
    ])
    expect(parseVerifyOutput(text, 'out.json')).toEqual([
      { digest: DIGEST },
      {
        digest: DIGEST,
        subject: 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.3.0',
        issuer: 'https://token.actions.githubusercontent.com'
      }
    ])
  })

  test.each([
    ['not JSON', 'Verification for ...', /out.json is not JSON/],
    ['not a list of signatures', '{"critical":{}}', /out.json is not a list of signatures/],
    ['a signature without a digest', '[{"critical":{"image":{},"type":"x"}}]', /docker-manifest-digest/]
  ])('%s is an error', (_what, text, message) => {
    expect(() => parseVerifyOutput(text, 'out.json')).toThrow(message)
  })
})

const envelope = (statement: unknown): string =>
  JSON.stringify({
    payloadType: 'application/vnd.in-toto+json',
    payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
    signatures: [{ keyid: '', sig: 'MEUC' }]
  })

/** What the cosign 2 fallback reads of `cosign verify-attestation` output: the vuln records in it. */
const parseAttestationOutput = (text: string, file: string) =>
  parseAttestationStatements(text, file)
    .filter(s => s.predicateType === VULN_PREDICATE_TYPE)
    .map((s, i) => vulnAttestationOf(s, `${file} statement ${i + 1}`))

describe('parseAttestationStatements and vulnAttestationOf', () => {
  const report = { SchemaVersion: 2, Metadata: { ImageID: 'sha256:' + 'c'.repeat(64) }, Results: [] }
  const vuln = {
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: VULN_PREDICATE_TYPE,
    subject: [{ name: '127.0.0.1:5000/app/api', digest: { sha256: 'a'.repeat(64) } }],
    predicate: {
      invocation: { parameters: { platform: 'linux/arm64' }, uri: '', event_id: '', 'builder.id': '' },
      scanner: {
        uri: 'pkg:github/aquasecurity/trivy@0.44.1',
        version: '0.44.1',
        db: { uri: '', version: '' },
        result: report
      },
      metadata: { scanStartedOn: '2026-11-29T10:00:00Z', scanFinishedOn: '2026-11-29T10:00:05Z' }
    }
  }

  test('one envelope per line; other predicate types are left out', () => {
    const other = { ...vuln, predicateType: 'https://spdx.dev/Document' }
    const text = [envelope(vuln), envelope(other), ''].join('\n')
    expect(parseAttestationOutput(text, 'att.json')).toEqual([
      {
        subjects: [DIGEST],
        scanner: 'pkg:github/aquasecurity/trivy@0.44.1 0.44.1',
        finishedOn: '2026-11-29T10:00:05Z',
        platform: 'linux/arm64',
        result: report
      }
    ])
  })

  test.each([
    ['a line that is not JSON', 'oops', /att.json line 1 is not JSON/],
    ['an envelope without a payload', '{"payloadType":"x"}', /att.json line 1 is not a DSSE envelope/],
    ['a payload that is no statement', envelope({ hello: 1 }), /not an in-toto statement/],
    [
      'a vuln statement without a scanner',
      envelope({ ...vuln, predicate: {} }),
      /not a cosign vuln predicate/
    ]
  ])('%s is an error', (_what, text, message) => {
    expect(() => parseAttestationOutput(text, 'att.json')).toThrow(message)
  })
})

describe('classifyFailure', () => {
  // cosign 2.5's own words (Debian's cosign 2.5.0)
  test.each([
    ['Error: no signatures found\nerror during command execution: no signatures found', 'unsigned'],
    [
      'Error: no matching signatures: invalid signature when validating ASN.1 encoded signature',
      'wrong-signer'
    ],
    ['Error: no matching signatures: expected identity not found in certificate', 'wrong-signer'],
    [
      'Error: no matching signatures: invalid or missing digest in claim: sha256:ecd572d25abfd891adbf69f35337e689cef25a7542abea25145573bf10a3feca',
      'digest-mismatch'
    ],
    ['Error: no matching attestations: ', 'no-attestation'],
    [
      'Error: none of the attestations matched the predicate type: vuln, found: https://spdx.dev/Document',
      'no-attestation'
    ],
    [
      'Error: GET http://127.0.0.1:5001/v2/base/busybox/manifests/sha256-ec.sig: UNAUTHORIZED: authentication required',
      'registry'
    ],
    ['Error: something else entirely', 'failed']
  ])('%s', (stderr, failure) => {
    expect(classifyFailure(stderr)).toBe(failure)
  })

  test('cosignError takes the Error: line', () => {
    expect(cosignError('WARNING: tlog\nError: no signatures found\nerror during command execution: x')).toBe(
      'no signatures found'
    )
  })
})
