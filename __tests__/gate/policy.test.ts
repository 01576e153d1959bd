// The gate under a policy: gate modes, the baseline (new / known / fixed) and exceptions (active, expired,
// stale), each case a row.
import { describe, expect, test } from '@jest/globals'
import type { GateModeT } from '../../src/catalog/schema.js'
import { gate, type GatePolicy, type ImageOutcome } from '../../src/gate/gate.js'
import { baselineFromFile, type Baseline } from '../../src/policy/baseline.js'
import { parseExceptions } from '../../src/policy/exceptions.js'
import { findingsFile } from '../../src/policy/findings-file.js'
import type { Finding } from '../../src/trivy/report.js'

const vuln = (id: string, pkg: string, severity: Finding['severity'] = 'HIGH'): Finding => ({
  kind: 'vulnerability',
  id,
  severity,
  pkg,
  installed: '1.0',
  target: 'alpine 3.18'
})
const OPENSSL = vuln('CVE-2099-0001', 'openssl', 'CRITICAL')
const ZLIB = vuln('CVE-2099-0002', 'zlib')
const BUSYBOX = vuln('CVE-2099-0003', 'busybox', 'MEDIUM')
const LODASH = vuln('CVE-2099-0004', 'lodash')

const web = (...findings: Finding[]): ImageOutcome => ({
  name: 'web',
  scans: [{ platform: 'linux/amd64', findings }]
})

/** The first run: web with openssl, zlib and busybox. */
const baseline: Baseline = baselineFromFile(
  findingsFile({
    environment: 'dev',
    created: '2026-11-28T00:00:00Z',
    images: [{ name: 'web', platforms: [{ platform: 'linux/amd64', findings: [OPENSSL, ZLIB, BUSYBOX] }] }]
  }),
  'baseline file prev.json'
)
const NOW = new Date('2026-11-29T10:00:00Z')
const exceptions = (expires: string, id = 'CVE-2099-0002') =>
  parseExceptions(
    `exceptions:\n  - id: ${id}\n    images: [web]\n    reason: no fix upstream\n    owner: "@acme/web"\n    expires: ${expires}\n`,
    '.github/imagegate-exceptions.yml',
    ['web', 'api']
  )
const SEV = ['HIGH', 'CRITICAL']
const run = (outcome: ImageOutcome, policy: GatePolicy) => gate([outcome], SEV, { now: NOW, ...policy })

describe('gate modes', () => {
  test.each<[GateModeT, Finding[], boolean, boolean, string[]]>([
    // mode, findings, baseline?, passed, blocking ids
    ['all', [OPENSSL, ZLIB, LODASH], true, false, ['CVE-2099-0001', 'CVE-2099-0002', 'CVE-2099-0004']],
    ['new', [OPENSSL, ZLIB, BUSYBOX, LODASH], true, false, ['CVE-2099-0004']],
    ['new', [OPENSSL, ZLIB], true, true, []],
    ['report', [OPENSSL, ZLIB, LODASH], true, true, []],
    ['report', [OPENSSL, LODASH], false, true, []]
  ])('%s mode, row %#', (mode, findings, withBaseline, passed, blocking) => {
    const r = run(web(...findings), { modes: { web: mode }, ...(withBaseline ? { baseline } : {}) })
    expect(r.passed).toBe(passed)
    expect(r.images[0]?.blocking.map(f => f.id)).toEqual(blocking)
    expect(r.images[0]?.mode).toBe(mode)
  })

  test('new mode: the reason names only the new finding; known and fixed counted', () => {
    const r = run(web(OPENSSL, ZLIB, LODASH), { modes: { web: 'new' }, baseline })
    expect(r.images[0]?.reasons).toEqual(['web linux/amd64: HIGH CVE-2099-0004 in lodash 1.0 (no fix yet)'])
    expect(r.images[0]?.known?.map(f => f.id)).toEqual(['CVE-2099-0001', 'CVE-2099-0002'])
    expect(r.images[0]?.diff).toEqual({
      added: 1,
      known: 2,
      fixed: [expect.objectContaining({ id: 'CVE-2099-0003', pkg: 'busybox', image: 'web' })]
    })
    expect(r.images[0]?.statuses).toEqual([['known', 'known', 'blocking']])
  })

  test('identity is image, platform, id and package: the same id in another package or platform is new', () => {
    const otherPkg = vuln('CVE-2099-0002', 'zlib-ng')
    const r = gate(
      [
        {
          name: 'web',
          scans: [
            { platform: 'linux/amd64', findings: [otherPkg, ZLIB] },
            { platform: 'linux/arm64', findings: [ZLIB] }
          ]
        }
      ],
      SEV,
      { modes: { web: 'new' }, baseline, now: NOW }
    )
    expect(r.images[0]?.blocking.map(f => `${f.platform} ${f.pkg}`)).toEqual([
      'linux/amd64 zlib-ng',
      'linux/arm64 zlib'
    ])
  })

  test.each([
    ['none given', undefined, 'gate mode new needs a baseline: none was given (input baseline)'],
    [
      'unreadable',
      {
        available: false,
        source: 'baseline file x.json',
        reason: 'cannot read x.json: file not found'
      } as Baseline,
      'the baseline is unavailable (baseline file x.json): cannot read x.json: file not found'
    ]
  ])('new mode without a baseline (%s): red with the reason, even without findings', (_, b, reason) => {
    const r = run(web(), { modes: { web: 'new' }, ...(b ? { baseline: b } : {}) })
    expect(r.passed).toBe(false)
    expect(r.images[0]?.reasons).toEqual([`web: ${reason}`])
  })

  test('new mode: an image the baseline does not hold is red, not "all new" nor "all known"', () => {
    const r = gate([{ name: 'api', scans: [{ platform: 'linux/amd64', findings: [] }] }], SEV, {
      modes: { api: 'new' },
      baseline,
      now: NOW
    })
    expect(r.passed).toBe(false)
    expect(r.images[0]?.reasons[0]).toMatch(
      /^api: the baseline \(baseline file prev.json\) holds no findings of api/
    )
  })

  test('report mode still fails on enforced hardening checks and on errors', () => {
    const r = run(
      {
        ...web(OPENSSL),
        checks: [
          { rule: 'non-root', mode: 'enforce', passed: false, message: 'web linux/amd64: runs as root' }
        ]
      },
      { modes: { web: 'report' } }
    )
    expect(r.passed).toBe(false)
    expect(r.images[0]?.reasons).toEqual(['web linux/amd64: runs as root'])
    expect(r.images[0]?.reported?.map(f => f.id)).toEqual(['CVE-2099-0001'])
  })
})

describe('exceptions in the gate', () => {
  test.each<[string, GateModeT, boolean, 'active' | 'expired']>([
    // expires, mode, passed, state
    ['2026-12-31', 'all', true, 'active'],
    ['2026-11-29', 'all', true, 'active'], // the last day still counts
    ['2026-11-28', 'all', false, 'expired'],
    ['2026-11-28', 'new', false, 'expired'], // known, but its exception ran out: red again
    ['2026-11-28', 'report', true, 'expired']
  ])('exception expiring %s, mode %s: passed %s (%s)', (expires, mode, passed, state) => {
    const r = run(web(ZLIB), { modes: { web: mode }, baseline, exceptions: exceptions(expires) })
    expect(r.passed).toBe(passed)
    const ex = r.exceptions
    expect(ex?.[state].map(u => u.entry.id)).toEqual(['CVE-2099-0002'])
    if (state === 'active') {
      expect(r.images[0]?.excepted?.map(f => f.exception.owner)).toEqual(['@acme/web'])
      expect(ex?.active[0]?.daysLeft).toBe(expires === '2026-12-31' ? 32 : 0)
    }
    if (state === 'expired' && mode !== 'report') {
      expect(r.images[0]?.reasons).toEqual([
        'web linux/amd64: HIGH CVE-2099-0002 in zlib 1.0 (no fix yet): its exception expired on 2026-11-28 (owner @acme/web, .github/imagegate-exceptions.yml:2)'
      ])
    }
  })

  test('an exception that matches no finding is stale; one for an image not in this run is not judged', () => {
    const file = parseExceptions(
      [
        'exceptions:',
        '  - { id: CVE-2099-0009, images: [web], reason: r, owner: o, expires: 2030-01-01 }',
        '  - { id: CVE-2099-0002, images: [api], reason: r, owner: o, expires: 2030-01-01 }'
      ].join('\n'),
      'x.yml',
      ['web', 'api']
    )
    const r = run(web(ZLIB), { exceptions: file })
    expect(r.passed).toBe(false)
    expect(r.exceptions?.stale.map(u => u.entry.id)).toEqual(['CVE-2099-0009'])
    expect(r.exceptions?.elsewhere.map(e => e.images)).toEqual([['api']])
  })

  test('a glob and a package narrow what an exception covers', () => {
    const file = parseExceptions(
      'exceptions:\n  - { id: cve-2099-0002, images: ["w*"], package: zlib, reason: r, owner: o, expires: 2030-01-01 }\n',
      'x.yml',
      ['web']
    )
    const r = run(web(ZLIB, vuln('CVE-2099-0002', 'zlib-ng')), { exceptions: file })
    expect(r.images[0]?.excepted?.map(f => f.pkg)).toEqual(['zlib'])
    expect(r.images[0]?.blocking.map(f => f.pkg)).toEqual(['zlib-ng'])
  })
})
