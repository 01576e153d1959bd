// The baseline from the deployed digest: which tag, which signer, the platforms of verified
// attestations, how per-image answers combine with the `baseline` input, and resolveBaseline's order.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Verifier } from '../../src/trust/trust.js'
import type { VulnAttestation } from '../../src/trust/scans.js'
import { baselineFromScans, type Baseline } from '../../src/policy/baseline.js'
import {
  combineDeployed,
  deployedScan,
  deployedTag,
  platformsOf,
  verifierPlan,
  type DeployedScan
} from '../../src/policy/deployed.js'
import { resolveBaseline } from '../../src/policy/run-policy.js'
import type { Plan } from '../../src/plan/plan.js'
import { RegistryError } from '../../src/registry/client.js'
import type { Finding } from '../../src/trivy/report.js'

const PRIVATE =
  '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nabc\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----'
const PUBLIC = '-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----'
const D1 = 'sha256:' + '1'.repeat(64)
const ZLIB: Finding = {
  kind: 'vulnerability',
  id: 'CVE-2099-0002',
  severity: 'HIGH',
  pkg: 'zlib',
  target: 'alpine'
}
const LODASH: Finding = {
  kind: 'vulnerability',
  id: 'CVE-2099-0004',
  severity: 'HIGH',
  pkg: 'lodash',
  target: 'npm'
}
const report = (findings: Finding[]): unknown => ({
  SchemaVersion: 2,
  Results: [
    {
      Target: 'alpine',
      Vulnerabilities: findings.map(f => ({ VulnerabilityID: f.id, PkgName: f.pkg, Severity: f.severity }))
    }
  ]
})

describe('deployedTag', () => {
  test.each([
    ['the input wins', { input: 'stable', environment: 'prod', production: true }, 'stable'],
    ['dev: latest', { input: '', environment: 'dev', production: false }, 'latest'],
    ['a production dev: none', { input: '', environment: 'dev', production: true }, undefined],
    ['prod: none', { input: '', environment: 'prod', production: true }, undefined],
    ['stage: none', { input: '', environment: 'stage', production: false }, undefined]
  ])('%s', (_name, o, want) => {
    expect(deployedTag(o)).toBe(want)
  })
})

describe('verifierPlan', () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-verifier-'))
  fs.writeFileSync(path.join(ws, 'cosign.key'), PRIVATE)
  fs.writeFileSync(path.join(ws, 'cosign.pub'), PUBLIC)
  fs.writeFileSync(path.join(ws, 'notes.txt'), 'hello')
  const none = { key: '', identity: '', issuer: '', workspace: ws }
  test.each([
    [
      'nothing',
      none,
      { kind: 'none', why: expect.stringContaining('no cosign-key nor certificate-identity') }
    ],
    [
      'keyless identity',
      {
        ...none,
        identity: 'https://github.com/a/b/.github/workflows/x.yml@refs/heads/main',
        issuer: 'https://i'
      },
      {
        kind: 'identity',
        identity: {
          kind: 'keyless',
          identity: 'https://github.com/a/b/.github/workflows/x.yml@refs/heads/main',
          issuer: 'https://i'
        }
      }
    ],
    [
      'identity without issuer',
      { ...none, identity: 'x' },
      { kind: 'none', why: expect.stringContaining('together') }
    ],
    [
      'a KMS URI',
      { ...none, key: 'awskms://alias/k' },
      { kind: 'identity', identity: { kind: 'key', key: 'awskms://alias/k' } }
    ],
    ['private PEM contents', { ...none, key: PRIVATE }, { kind: 'pem', pem: PRIVATE, private: true }],
    ['public PEM contents', { ...none, key: PUBLIC }, { kind: 'pem', pem: PUBLIC, private: false }],
    ['a private key file', { ...none, key: 'cosign.key' }, { kind: 'pem', pem: PRIVATE, private: true }],
    ['a public key file', { ...none, key: 'cosign.pub' }, { kind: 'pem', pem: PUBLIC, private: false }],
    [
      'a missing file',
      { ...none, key: 'nope.key' },
      { kind: 'none', why: expect.stringContaining('not a file') }
    ],
    [
      'a file with no key',
      { ...none, key: 'notes.txt' },
      { kind: 'none', why: expect.stringContaining('neither') }
    ]
  ])('%s', (_name, o, want) => {
    expect(verifierPlan(o)).toEqual(want)
  })
})

describe('platformsOf', () => {
  const att = (platform: string | undefined, findings: Finding[], finishedOn?: string): VulnAttestation => ({
    subjects: [D1],
    scanner: 'trivy 0.56.2',
    ...(platform ? { platform } : {}),
    ...(finishedOn ? { finishedOn } : {}),
    result: report(findings)
  })
  test('one entry per platform, the latest scan of a platform attested twice', () => {
    const got = platformsOf([
      att('linux/amd64', [ZLIB], '2026-11-01T00:00:00Z'),
      att('linux/amd64', [ZLIB, LODASH], '2026-11-02T00:00:00Z'),
      att('linux/arm64', [], '2026-11-01T00:00:00Z')
    ])
    expect(got.map(p => [p.platform, p.findings.map(f => f.id)])).toEqual([
      ['linux/amd64', ['CVE-2099-0002', 'CVE-2099-0004']],
      ['linux/arm64', []]
    ])
  })
  test.each([
    ['no platform', [att(undefined, [])], /names no platform/],
    ['no Trivy report', [{ ...att('linux/amd64', []), result: { hello: 1 } }], /holds no Trivy JSON report/]
  ])('refused: %s', (_name, attestations, message) => {
    expect(() => platformsOf(attestations)).toThrow(message)
  })
})

describe('combineDeployed', () => {
  const attested = (name: string, findings: Finding[]): DeployedScan => ({
    name,
    kind: 'attested',
    ref: `r/o/${name}@${D1}`,
    platforms: [{ platform: 'linux/amd64', findings }]
  })
  const absent = (name: string): DeployedScan => ({ name, kind: 'absent', ref: `r/o/${name}:latest` })
  const file = (): Baseline =>
    baselineFromScans(
      [{ name: 'worker', platforms: [{ platform: 'linux/amd64', findings: [LODASH] }] }],
      'baseline file prev'
    )
  const summary = (b: Baseline | undefined): unknown =>
    b === undefined
      ? undefined
      : b.available
        ? { source: b.source, images: [...b.images].sort(), findings: b.findings.size }
        : { source: b.source, reason: b.reason }
  test.each([
    [
      'attested only',
      [attested('web', [ZLIB])],
      file,
      { source: `scan attestation of r/o/web@${D1}`, images: ['web'], findings: 1 }
    ],
    [
      'nothing deployed, no input',
      [absent('web')],
      undefined,
      {
        source: 'deployed tag r/o/web:latest',
        reason: 'the tag does not exist (nothing deployed yet?) and no baseline input was given'
      }
    ],
    [
      'nothing deployed: the input file',
      [absent('worker')],
      file,
      { source: 'baseline file prev', images: ['worker'], findings: 1 }
    ],
    [
      'one attested, one not deployed: merged',
      [attested('web', [ZLIB]), absent('worker')],
      file,
      {
        source: `scan attestation of r/o/web@${D1}; baseline file prev (worker)`,
        images: ['web', 'worker'],
        findings: 2
      }
    ],
    [
      'a tag without attestation: unavailable, never "no baseline"',
      [
        attested('web', [ZLIB]),
        { name: 'worker', kind: 'unavailable', ref: `r/o/worker@${D1}`, reason: 'no scan attestation' }
      ],
      file,
      { source: `scan attestation of r/o/worker@${D1}`, reason: 'worker: no scan attestation' }
    ],
    ['no image asked', [], undefined, undefined]
  ] as [string, DeployedScan[], (() => Baseline) | undefined, unknown][])(
    '%s',
    (_name, scans, input, want) => {
      expect(summary(combineDeployed(scans, input))).toEqual(want)
    }
  )
})

describe('deployedScan', () => {
  // never asked: the tag resolves to nothing, or its registry fails, before any verification
  const verifier: Verifier = {
    describe: 'the key SHA256:test',
    signature: async () => {
      throw new Error('not asked')
    },
    attestations: async () => {
      throw new Error('not asked')
    }
  }
  const base = { name: 'web', repository: 'r.example/o/web', tag: 'latest', verifier }
  test('a tag that does not exist: absent', async () => {
    const client = { headManifest: async () => undefined, getManifest: async () => ({}) as never }
    expect(await deployedScan({ ...base, client })).toEqual({
      name: 'web',
      kind: 'absent',
      ref: 'r.example/o/web:latest'
    })
  })
  test('a registry that fails: unavailable, naming it', async () => {
    const client = {
      headManifest: async () => {
        throw new RegistryError('HEAD manifest latest: HTTP 503', { status: 503, retryable: false })
      },
      getManifest: async () => ({}) as never
    }
    expect(await deployedScan({ ...base, client })).toEqual({
      name: 'web',
      kind: 'unavailable',
      ref: 'r.example/o/web:latest',
      reason: 'cannot resolve r.example/o/web:latest: HEAD manifest latest: HTTP 503'
    })
  })
})

describe('resolveBaseline', () => {
  const plan = (gate: 'new' | 'all'): Plan =>
    ({ environment: 'dev', images: [{ name: 'web', repository: 'r/o/web', gate }] }) as unknown as Plan
  const source = async (): Promise<DeployedScan[]> => [
    {
      name: 'web',
      kind: 'attested',
      ref: `r/o/web@${D1}`,
      platforms: [{ platform: 'linux/amd64', findings: [ZLIB] }]
    }
  ]
  test('gate mode new: the attestation first', async () => {
    const b = await resolveBaseline({
      input: '',
      workspace: '/',
      plan: plan('new'),
      tag: 'latest',
      attestations: source
    })
    expect(b?.source).toBe(`scan attestation of r/o/web@${D1}`)
  })
  test('no image in gate mode new: the attestation is not asked', async () => {
    let asked = false
    const b = await resolveBaseline({
      input: '',
      workspace: '/',
      plan: plan('all'),
      tag: 'latest',
      attestations: async () => {
        asked = true
        return []
      }
    })
    expect([b, asked]).toEqual([undefined, false])
  })
  test('no source and no input: unavailable with why', async () => {
    const b = await resolveBaseline({
      input: '',
      workspace: '/',
      plan: plan('new'),
      attestationsOff: 'prod has no deployed tag'
    })
    expect(b).toEqual({
      available: false,
      source: 'scan attestation of the deployed digest',
      reason: 'prod has no deployed tag, and no baseline input was given'
    })
  })
  test('a source that throws: unavailable for every image, with the reason', async () => {
    const b = await resolveBaseline({
      input: '',
      workspace: '/',
      plan: plan('new'),
      tag: 'latest',
      attestations: async () => {
        throw new Error('cosign not found')
      }
    })
    expect(b).toEqual({
      available: false,
      source: 'scan attestation of r/o/web:latest',
      reason: 'web: cosign not found'
    })
  })
})
