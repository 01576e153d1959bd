// The job summary rendered from REAL Trivy reports (scripts/trivy/reports.sh), through the real gate.
import { describe, expect, jest, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { gate } from '../../src/gate/gate.js'
import { baselineFromScans } from '../../src/policy/baseline.js'
import type { Plan } from '../../src/plan/plan.js'
import {
  advisoryUrl,
  annotate,
  annotations,
  ANNOTATIONS_PER_LEVEL,
  FINDING_ANNOTATIONS_PER_IMAGE,
  errorItem,
  runSummaryMarkdown,
  stoppedSummaryMarkdown,
  type ImageReport
} from '../../src/report/run-summary.js'
import type { DbCacheResult } from '../../src/trivy/db.js'
import { countBySeverity, findingsOf, parseReport } from '../../src/trivy/report.js'

const REPORTS = path.resolve(
  import.meta.dirname ?? new URL('.', import.meta.url).pathname,
  '..',
  'fixtures',
  'trivy-reports'
)
const findings = (name: string) => {
  const file = path.join(REPORTS, `${name}.json`)
  return findingsOf(parseReport(fs.readFileSync(file, 'utf8'), file))
}

const plan = { environment: 'dev' } as Plan
const outcomes = [
  { name: 'api', scans: [{ platform: 'linux/amd64', findings: findings('alpine-clean') }] },
  { name: 'vuln', scans: [{ platform: 'linux/arm64', findings: findings('alpine-vuln') }] }
]
const verdict = gate(outcomes, ['HIGH', 'CRITICAL'])
const report = (name: string, passed: boolean): ImageReport => {
  const all = outcomes.find(o => o.name === name)?.scans.flatMap(s => s.findings) ?? []
  return {
    name,
    repository: `127.0.0.1:5000/app/${name}`,
    platforms: outcomes.find(o => o.name === name)?.scans.map(s => s.platform) ?? [],
    digest: `sha256:${'ab'.repeat(32)}`,
    tags: ['sha-9f2c1ab'],
    counts: countBySeverity(all),
    passed,
    reasons: [],
    pushedRefs: [],
    reportFiles: [],
    sboms: [{ file: `${name}.spdx.json`, format: 'spdx-json', packages: 3 }],
    buildMs: 12_300,
    cache: { steps: 6, cached: 4 }
  }
}
const reports = [report('api', true), report('vuln', false)]
const NOW = new Date('2026-11-23T10:00:00Z')

describe('run summary', () => {
  test('the dependency snapshots: a row per image platform, what GitHub answered or why none was sent', () => {
    const snapshots = [
      {
        image: 'api',
        platform: 'linux/amd64',
        correlator: 'images_build_api_linux/amd64',
        id: 7,
        result: 'SUCCESS',
        packages: 12
      },
      {
        image: 'vuln',
        platform: 'linux/arm64',
        correlator: 'images_build_vuln_linux/arm64',
        error:
          'POST https://api.github.com/repos/acme/shop/dependency-graph/snapshots: HTTP 403 (Resource | not accessible)'
      }
    ]
    const md = runSummaryMarkdown(plan, reports, verdict, { push: true, passed: false, snapshots }, NOW)
    expect(md).toContain('<details open><summary>Dependency snapshots: 1 of 2 submitted</summary>')
    expect(md).toContain('| api | `linux/amd64` | 12 | 7 (SUCCESS) | `images_build_api_linux/amd64` |')
    expect(md).toContain(
      '| vuln | `linux/arm64` | - | **not submitted**: POST https://api.github.com/repos/acme/shop/dependency-graph/snapshots: HTTP 403 (Resource \\| not accessible) | `images_build_vuln_linux/arm64` |'
    )
    const all = runSummaryMarkdown(
      plan,
      reports,
      verdict,
      { push: true, passed: false, snapshots: snapshots.slice(0, 1) },
      NOW
    )
    expect(all).toContain('<details><summary>Dependency snapshots: 1 of 1 submitted</summary>')
    expect(runSummaryMarkdown(plan, reports, verdict, { push: true, passed: false }, NOW)).not.toContain(
      'Dependency snapshots'
    )
  })

  test('a row per image, and the blocking findings with package, versions, ID and severity', () => {
    const md = runSummaryMarkdown(plan, reports, verdict, { push: true, passed: false }, NOW)
    expect(md).toContain('## imagegate: failed (dev)')
    expect(md).toContain(
      '| api | `linux/amd64` | 12.3 s, 4/6 steps cached (67 %) | `sha-9f2c1ab` | 0 / 0 / 0 / 0 | passed | no | 3 |'
    )
    expect(md).toMatch(/\| vuln \| `linux\/arm64` \| .* \| 1 \/ 1 \/ 1 \/ 0 \| \*\*failed\*\* \| no \| 3 \|/)
    expect(md).toContain('### Blocking findings (2)')
    expect(md).toContain(
      '| vuln | linux/arm64 | [CVE-2099-0001](https://avd.aquasec.com/nvd/cve-2099-0001) | CRITICAL | openssl | 3.1.3-r0 | 3.1.4-r1 |'
    )
    expect(md).not.toContain('CVE-2099-0003') // MEDIUM: counted, never blocking
    expect(md).not.toContain('did not block')
  })

  test("the Trivy DB's age, from its metadata's UpdatedAt", () => {
    const md = (dbUpdatedAt: string) =>
      runSummaryMarkdown(plan, reports, verdict, { push: true, passed: false, dbUpdatedAt }, NOW)
    expect(md('2026-11-01T00:00:00Z')).toContain('Trivy DB: built 2026-11-01T00:00:00Z (22 days old).')
    expect(md('2026-11-23T01:00:00Z')).toContain('(less than a day old)')
    expect(md('')).toContain('Trivy DB: build date unknown.')
  })

  test('what the Actions cache did for the DB follows its age: a hit, a miss and its save', () => {
    const md = (dbCache: DbCacheResult) =>
      runSummaryMarkdown(
        plan,
        reports,
        verdict,
        { push: true, passed: false, dbUpdatedAt: '2026-11-01T00:00:00Z', dbCache },
        NOW
      )
    const KEY = 'imagegate-trivy-db-v2-37a8eec1ce19-2026-11-01T00:00:00Z'
    expect(md({ status: 'hit', restored: KEY })).toContain(
      `Trivy DB: built 2026-11-01T00:00:00Z (22 days old). Actions cache: **hit** (\`${KEY}\`); nothing downloaded.`
    )
    expect(md({ status: 'miss', saved: KEY })).toContain(
      `Actions cache: **miss**; downloaded, saved as \`${KEY}\`.`
    )
    expect(md({ status: 'miss', notSaved: `the save of ${KEY} failed (see the log)` })).toContain(
      `Actions cache: **miss**; downloaded, not saved: the save of ${KEY} failed (see the log).`
    )
    expect(
      md({
        status: 'unusable',
        restored: KEY,
        problem: 'has a trivy.db of 1000 bytes: empty or truncated',
        saved: `${KEY}-1`
      })
    ).toContain(
      `Actions cache: restored \`${KEY}\`, **unusable** (it has a trivy.db of 1000 bytes: empty or truncated); downloaded, saved as \`${KEY}-1\`.`
    )
    expect(md({ status: 'offline' })).toContain(
      'The DB already on the runner (offline-db); the Actions cache is not read.'
    )
    expect(md({ status: 'off' })).toContain('Actions cache: off (db-cache is false); downloaded.')
  })

  test('full digests, the evidence link and the stage timings', () => {
    const md = runSummaryMarkdown(
      plan,
      [{ ...report('api', true), pushedRefs: ['127.0.0.1:5000/app/api:sha-9f2c1ab'] }],
      verdict,
      {
        push: true,
        passed: true,
        artifact: {
          name: 'imagegate-evidence-dev',
          url: 'https://github.com/o/r/actions/runs/1/artifacts/7'
        },
        stages: {
          build: { count: 2, sumMs: 9000, wallMs: 5000 },
          scan: { count: 4, sumMs: 800, wallMs: 450 }
        },
        wallMs: 14_000
      },
      NOW
    )
    expect(md).toContain(`- **api**: \`127.0.0.1:5000/app/api@sha256:${'ab'.repeat(32)}\``)
    expect(md).toContain('  - pushed `127.0.0.1:5000/app/api:sha-9f2c1ab`')
    expect(md).toContain('[imagegate-evidence-dev](https://github.com/o/r/actions/runs/1/artifacts/7)')
    expect(md).toContain('<details><summary>Timings: 14.0 s in all</summary>')
    expect(md).toContain('| build | 2 | 5.0 s | 9.0 s |')
    expect(md).toContain('| scan | 4 | 450 ms | 800 ms |')
  })
})

describe('annotations', () => {
  const finding = (id: string, severity: 'CRITICAL' | 'HIGH') => ({
    kind: 'vulnerability' as const,
    id,
    severity,
    pkg: 'openssl',
    installed: '1',
    fixed: '2',
    target: 't'
  })
  test('failed checks first, on their file and line; findings capped per image, most severe first', () => {
    const many = [
      ...Array.from({ length: 7 }, (_, i) => finding(`CVE-H-${i}`, 'HIGH')),
      finding('CVE-C-0', 'CRITICAL')
    ]
    const result = gate(
      [
        {
          name: 'web',
          scans: [{ platform: 'linux/amd64', findings: many }],
          checks: [
            { rule: 'non-root', mode: 'enforce', passed: false, message: 'web: runs as root' },
            {
              rule: 'dockerfile-config',
              mode: 'enforce',
              passed: false,
              message: 'web: Dockerfile:3 HIGH DS002',
              file: 'web/Dockerfile',
              line: 3
            },
            { rule: 'size', mode: 'warn', passed: false, message: 'web: too big' }
          ]
        }
      ],
      ['HIGH', 'CRITICAL']
    )
    const list = annotations(result)
    expect(list.slice(0, 2).map(a => a.message)).toEqual([
      'web: runs as root',
      'web: Dockerfile:3 HIGH DS002'
    ])
    expect(list[1]?.properties).toMatchObject({ file: 'web/Dockerfile', startLine: 3 })
    const findingsAnnotated = list.filter(a => a.properties.title?.startsWith('imagegate: CVE-'))
    expect(findingsAnnotated).toHaveLength(FINDING_ANNOTATIONS_PER_IMAGE)
    expect(findingsAnnotated[0]?.message).toContain('CVE-C-0')
    expect(list.find(a => a.properties.title === 'imagegate: more findings')?.message).toBe(
      `web: ${8 - FINDING_ANNOTATIONS_PER_IMAGE} more blocking findings (see the job summary and the SARIF file)`
    )
    expect(list[list.length - 1]).toMatchObject({ level: 'warning', message: 'web: too big' })
  })
})

/** What core's workflow commands wrote to stdout, line by line. */
function commands(fn: () => void): string[] {
  const chunks: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    chunks.push(String(chunk))
    return true
  })
  try {
    fn()
  } finally {
    spy.mockRestore()
  }
  return chunks
    .join('')
    .split('\n')
    .filter(l => l !== '')
}

describe('findings named in gate mode report', () => {
  const reportMode = gate(outcomes, ['HIGH', 'CRITICAL'], { modes: { api: 'report', vuln: 'report' } })

  test('each finding at the gated severities is a warning annotation, most severe first, with its advisory', () => {
    expect(reportMode.passed).toBe(true)
    expect(commands(() => annotate(reportMode))).toEqual([
      '::warning title=imagegate%3A CVE-2099-0001::vuln linux/arm64: CRITICAL CVE-2099-0001 in openssl 3.1.3-r0 (fixed in 3.1.4-r1): reported, not blocking (gate mode report) https://avd.aquasec.com/nvd/cve-2099-0001',
      '::warning title=imagegate%3A CVE-2099-0002::vuln linux/arm64: HIGH CVE-2099-0002 in zlib 1.2.13-r1 (no fix yet): reported, not blocking (gate mode report) https://avd.aquasec.com/nvd/cve-2099-0002'
    ])
  })

  test('and a row of the summary: image, platform, linked ID, severity, package, installed, fixed, why it did not block', () => {
    const md = runSummaryMarkdown(plan, reports, reportMode, { push: true, passed: true }, NOW)
    expect(md).not.toContain('### Blocking findings')
    const table = md
      .split('### Findings at the gated severities that did not block (2)\n\n')[1]
      ?.split('\n\n')[0]
    expect(table?.split('\n').filter(l => l !== '')).toEqual([
      '| Image | Platform | ID | Severity | Package | Installed | Fixed | Status |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      '| vuln | linux/arm64 | [CVE-2099-0001](https://avd.aquasec.com/nvd/cve-2099-0001) | CRITICAL | openssl | 3.1.3-r0 | 3.1.4-r1 | reported (gate mode report) |',
      '| vuln | linux/arm64 | [CVE-2099-0002](https://avd.aquasec.com/nvd/cve-2099-0002) | HIGH | zlib | 1.2.13-r1 |  | reported (gate mode report) |'
    ])
  })

  test("below GitHub's 10 warnings a step: 9 shown, the last one counts the rest and says where they all are", () => {
    const many = Array.from({ length: 14 }, (_, i) => ({
      kind: 'vulnerability' as const,
      id: `CVE-2099-${1000 + i}`,
      severity: i === 13 ? ('CRITICAL' as const) : ('HIGH' as const),
      pkg: 'openssl',
      installed: '1',
      target: 't'
    }))
    const verdict = gate(
      [
        {
          name: 'web',
          scans: [{ platform: 'linux/amd64', findings: many }],
          checks: [{ rule: 'healthcheck', mode: 'warn', passed: false, message: 'web: no HEALTHCHECK' }]
        }
      ],
      ['HIGH', 'CRITICAL'],
      { modes: { web: 'report' } }
    )
    const lines = commands(() =>
      annotate(verdict, { fullList: 'the job summary and artifacts/imagegate-findings.json' })
    )
    expect(lines).toHaveLength(ANNOTATIONS_PER_LEVEL)
    expect(lines[0]).toBe('::warning title=imagegate%3A healthcheck::web: no HEALTHCHECK')
    // the CRITICAL one first among the findings, then the HIGH ones in scan order
    expect(lines[1]).toBe(
      '::warning title=imagegate%3A CVE-2099-1013::web linux/amd64: CRITICAL CVE-2099-1013 in openssl 1 (no fix yet): reported, not blocking (gate mode report) https://avd.aquasec.com/nvd/cve-2099-1013'
    )
    expect(lines[8]).toContain('CVE-2099-1006')
    expect(lines[9]).toBe(
      '::warning title=imagegate%3A 6 more warnings::6 more warnings not annotated (GitHub shows 10 a step): every finding and check is in the job summary and artifacts/imagegate-findings.json'
    )
  })

  test('errors are capped the same way, failed checks first', () => {
    const checks = Array.from({ length: 12 }, (_, i) => ({
      rule: 'size',
      mode: 'enforce' as const,
      passed: false,
      message: `web: check ${i}`
    }))
    const list = annotations(gate([{ name: 'web', scans: [], checks }], ['HIGH']))
    expect(list.map(a => a.message)).toEqual([
      ...checks.slice(0, 9).map(c => c.message),
      '3 more errors not annotated (GitHub shows 10 a step): every finding and check is in the job summary, the findings file and the SARIF file'
    ])
    expect(list.every(a => a.level === 'error')).toBe(true)
  })

  test('known findings of gate mode new are warnings too; findings below the gated severities never', () => {
    const finding = {
      kind: 'vulnerability' as const,
      id: 'CVE-2099-0002',
      severity: 'HIGH' as const,
      pkg: 'zlib',
      installed: '1',
      target: 't'
    }
    const low = { ...finding, id: 'CVE-2099-0009', severity: 'LOW' as const }
    const verdict = gate(
      [{ name: 'web', scans: [{ platform: 'linux/amd64', findings: [finding, low] }] }],
      ['HIGH'],
      {
        modes: { web: 'new' },
        baseline: baselineFromScans(
          [{ name: 'web', platforms: [{ platform: 'linux/amd64', findings: [finding] }] }],
          'baseline file prev'
        )
      }
    )
    expect(verdict.images[0]?.known).toHaveLength(1)
    expect(annotations(verdict).map(a => `${a.level} ${a.message}`)).toEqual([
      'warning web linux/amd64: HIGH CVE-2099-0002 in zlib 1 (no fix yet): known from the baseline, not blocking (gate mode new) https://avd.aquasec.com/nvd/cve-2099-0002'
    ])
  })
})

test.each<[{ kind: 'vulnerability' | 'secret'; id: string; url?: string }, string | undefined]>([
  [
    { kind: 'vulnerability', id: 'CVE-2024-1234', url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-1234' },
    'https://nvd.nist.gov/vuln/detail/CVE-2024-1234'
  ],
  [{ kind: 'vulnerability', id: 'GHSA-abcd-1234' }, 'https://avd.aquasec.com/nvd/ghsa-abcd-1234'],
  [
    { kind: 'vulnerability', id: 'CVE-2024-1', url: 'javascript:alert(1)' },
    'https://avd.aquasec.com/nvd/cve-2024-1'
  ],
  [{ kind: 'secret', id: 'aws-access-key-id' }, undefined]
])('advisoryUrl(%j) = %s', (finding, url) => expect(advisoryUrl(finding)).toBe(url))

describe('errors in the summary', () => {
  test("an image's error keeps the tool's own lines (buildx's ERROR) under its first line, without the name twice", () => {
    const error = [
      'api: docker buildx build failed (exit 1):',
      '#5 [2/2] RUN false',
      'ERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1'
    ].join('\n')
    expect(errorItem('api', error)).toEqual([
      '- **api**: docker buildx build failed (exit 1):',
      '',
      '  ```text',
      '  #5 [2/2] RUN false',
      '  ERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1',
      '  ```'
    ])
    expect(errorItem('api', 'api: api: the layout is gone')).toEqual(['- **api**: the layout is gone'])
  })

  test('a run stopped before its work began: every problem, one item each', () => {
    const md = stoppedSummaryMarkdown([
      'input severity: "HUGE" is not a severity',
      'images.yml:3 images[0].name: required'
    ])
    expect(md).toContain('## imagegate: failed')
    expect(md).toContain('The run stopped: 2 problems.')
    expect(md).toContain(
      '- input severity: "HUGE" is not a severity\n- images.yml:3 images[0].name: required'
    )
  })
})
