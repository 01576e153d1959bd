import { describe, expect, test } from '@jest/globals'
import type { VulnAttestation } from '../../src/trust/scans.js'
import {
  isSemverTag,
  judgeScans,
  parseVersion,
  immutableTagConflicts,
  targetTags,
  versionRefusals,
  type PlatformImage
} from '../../src/promote/policy.js'

const A = 'sha256:' + 'a'.repeat(64)
const B = 'sha256:' + 'b'.repeat(64)
const CONFIG_AMD = 'sha256:' + '1'.repeat(64)
const CONFIG_ARM = 'sha256:' + '2'.repeat(64)

describe('parseVersion', () => {
  test.each([
    ['sha-9f2c1ab', { kind: 'tag', tag: 'sha-9f2c1ab' }],
    ['1.3.0', { kind: 'tag', tag: '1.3.0' }],
    [` ${A} `, { kind: 'digest', digest: A }]
  ])('%s', (input, version) => {
    expect(parseVersion(input)).toEqual(version)
  })
  test.each([
    ['sha256:abc', /input version: "sha256:abc" is not a sha256 digest/],
    ['no spaces allowed', /input version: "no spaces allowed" is neither a tag nor a sha256: digest/]
  ])('%s is refused', (input, message) => {
    expect(() => parseVersion(input)).toThrow(message)
  })
})

describe('isSemverTag', () => {
  test.each([
    ['1.3.0', true],
    ['2.0.0-rc.1', true],
    ['v1.3.0', false],
    ['1.3', false],
    ['sha-9f2c1ab', false],
    ['latest', false]
  ])('%s -> %s', (tag, semver) => {
    expect(isSemverTag(tag)).toBe(semver)
  })
})

describe('targetTags', () => {
  test.each<[string, string, boolean, string[], string[]]>([
    ['a release with aliases', '1.3.0', true, [], ['1.3.0', '1.3', '1']],
    ['a release without aliases', '1.3.0', false, [], ['1.3.0']],
    ['major version zero: no 0 alias', '0.4.1', true, [], ['0.4.1', '0.4']],
    ['a pre-release: no aliases', '2.0.0-rc.1', true, [], ['2.0.0-rc.1']],
    ['a sha tag and an extra tag', 'sha-9f2c1ab', true, ['candidate'], ['sha-9f2c1ab', 'candidate']],
    ['a digest: the extra tags only', A, true, ['approved'], ['approved']]
  ])('%s', (_what, version, semverAliases, extra, tags) => {
    expect(targetTags(parseVersion(version), { semverAliases, extra })).toEqual(tags)
  })
})

describe('versionRefusals', () => {
  const prod = { environment: 'prod', production: true }
  const stage = { environment: 'stage', production: false }
  test.each<[string, string, string, string[], { environment: string; production: boolean }, RegExp[]]>([
    ['latest, anywhere', 'api', 'latest', ['latest'], stage, [/"latest" is never promoted/]],
    [
      'a -debug image into production',
      'api-debug',
      '1.3.0',
      ['1.3.0'],
      prod,
      [/-debug images never go to a production environment \(prod\)/]
    ],
    [
      'a -debug tag into production',
      'api',
      'sha-9f2c1ab',
      ['sha-9f2c1ab', 'x-debug'],
      prod,
      [/"x-debug": -debug tags never go/]
    ],
    ['a -debug image into stage is fine', 'api-debug', '1.3.0', ['1.3.0'], stage, []],
    [
      'a branch tag out of dev',
      'api',
      'dev-main',
      ['dev-main'],
      stage,
      [/"dev-main" is a dev-only tag \(dev-<branch>, pr-<number>\), never promoted to stage/]
    ],
    ['a pull request tag into production', 'api', 'pr-42', ['pr-42'], prod, [/"pr-42" is a dev-only tag/]],
    [
      'a branch tag into dev is fine',
      'api',
      'dev-main',
      ['dev-main'],
      { environment: 'dev', production: false },
      []
    ],
    ['a tag that only looks like one is fine', 'api', 'pr-final', ['pr-final'], prod, []],
    ['a release into production is fine', 'api', '1.3.0', ['1.3.0', '1.3', '1'], prod, []]
  ])('%s', (_what, image, version, tags, target, reasons) => {
    const out = versionRefusals({ image, version: parseVersion(version), tags, target })
    expect(out).toHaveLength(reasons.length)
    reasons.forEach((r, i) => expect(out[i]).toMatch(r))
  })
})

describe('immutableTagConflicts', () => {
  test('a SemVer or sha-<7> tag at another digest is an error; at the same digest, or an alias or date tag elsewhere, is not', () => {
    const existing = new Map<string, string | undefined>([
      ['1.3.0', B],
      ['1.3', B],
      ['sha-9f2c1ab', B],
      ['2026-12-08', B],
      ['sha-1111111', A],
      ['1.2.0', A],
      ['2.0.0', undefined]
    ])
    expect(immutableTagConflicts(A, existing, 'reg/app/api')).toEqual([
      `reg/app/api:1.3.0 already points to ${B}; SemVer tags are immutable (the promoted digest is ${A})`,
      `reg/app/api:sha-9f2c1ab already points to ${B}; sha-<7> tags are immutable (the promoted digest is ${A})`
    ])
  })
})

const report = (imageId: string | undefined, vulns: { id: string; severity: string; fixed?: string }[]) => ({
  SchemaVersion: 2,
  Metadata: imageId ? { ImageID: imageId } : {},
  Results: [
    {
      Target: 'x (alpine 3.18)',
      Vulnerabilities: vulns.map(v => ({
        VulnerabilityID: v.id,
        PkgName: 'openssl',
        InstalledVersion: '3.1.3-r0',
        FixedVersion: v.fixed,
        Severity: v.severity
      }))
    }
  ]
})
const attestation = (result: unknown): VulnAttestation => ({
  subjects: [A],
  scanner: 'pkg:github/aquasecurity/trivy@0.44.1 0.44.1',
  finishedOn: '2026-11-29T10:00:05Z',
  result
})
const amd: PlatformImage = {
  platform: 'linux/amd64',
  manifestDigest: 'sha256:' + 'd'.repeat(64),
  configDigest: CONFIG_AMD
}
const arm: PlatformImage = {
  platform: 'linux/arm64',
  manifestDigest: 'sha256:' + 'e'.repeat(64),
  configDigest: CONFIG_ARM
}
const policy = { severity: ['HIGH', 'CRITICAL'], ignoreUnfixed: false }

describe('judgeScans', () => {
  test('every platform scanned, nothing at the target severities: passed', () => {
    const out = judgeScans(
      'api',
      [
        attestation(report(CONFIG_AMD, [{ id: 'CVE-1', severity: 'MEDIUM', fixed: '1' }])),
        attestation(report(CONFIG_ARM, []))
      ],
      [amd, arm],
      policy
    )
    expect(out.passed).toBe(true)
    expect(out.scans.map(s => [s.platform, s.findings])).toEqual([
      ['linux/amd64', 1],
      ['linux/arm64', 0]
    ])
  })

  test('the same report fails a stricter target policy', () => {
    const out = judgeScans(
      'api',
      [attestation(report(CONFIG_AMD, [{ id: 'CVE-1', severity: 'MEDIUM', fixed: '1' }]))],
      [amd],
      {
        severity: ['MEDIUM', 'HIGH', 'CRITICAL'],
        ignoreUnfixed: false
      }
    )
    expect(out.passed).toBe(false)
    expect(out.reasons).toEqual([
      'scan attestation: api linux/amd64: MEDIUM CVE-1 in openssl 3.1.3-r0 (fixed in 1)'
    ])
  })

  test('ignore-unfixed leaves out findings without a fix', () => {
    const scans = [attestation(report(CONFIG_AMD, [{ id: 'CVE-2', severity: 'CRITICAL' }]))]
    expect(judgeScans('api', scans, [amd], policy).passed).toBe(false)
    expect(judgeScans('api', scans, [amd], { ...policy, ignoreUnfixed: true }).passed).toBe(true)
  })

  test('a platform no attestation covers fails', () => {
    const out = judgeScans('api', [attestation(report(CONFIG_AMD, []))], [amd, arm], policy)
    expect(out.passed).toBe(false)
    expect(out.reasons).toEqual([`no scan attestation covers linux/arm64 (image config ${CONFIG_ARM})`])
  })

  test('one platform and one report without an ImageID match', () => {
    expect(judgeScans('api', [attestation(report(undefined, []))], [amd], policy).passed).toBe(true)
    expect(judgeScans('api', [attestation(report(undefined, []))], [amd, arm], policy).passed).toBe(false)
  })

  test('a report without an ImageID matches by the platform its predicate names', () => {
    const named = (platform: string): VulnAttestation => ({ ...attestation(report(undefined, [])), platform })
    expect(judgeScans('api', [named('linux/amd64'), named('linux/arm64')], [amd, arm], policy).passed).toBe(
      true
    )
    expect(
      judgeScans('api', [named('linux/amd64'), named('linux/amd64')], [amd, arm], policy).reasons
    ).toEqual([`no scan attestation covers linux/arm64 (image config ${CONFIG_ARM})`])
  })

  test('a result that is no Trivy report fails', () => {
    const out = judgeScans('api', [attestation({ runs: [] })], [amd], policy)
    expect(out.passed).toBe(false)
    expect(out.reasons[0]).toMatch(/holds no Trivy JSON report/)
  })

  test('no attestation at all fails', () => {
    expect(judgeScans('api', [], [amd], policy).passed).toBe(false)
  })
})
