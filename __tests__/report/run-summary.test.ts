// The job summary rendered from REAL Trivy reports (scripts/trivy/reports.sh), through the real gate.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { gate } from '../../src/gate/gate.js'
import type { Plan } from '../../src/plan/plan.js'
import {
  annotations,
  FINDING_ANNOTATIONS_PER_IMAGE,
  runSummaryMarkdown,
  type ImageReport
} from '../../src/report/run-summary.js'
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
  test('a row per image, and the blocking findings with package, versions, ID and severity', () => {
    const md = runSummaryMarkdown(plan, reports, verdict, { push: true, passed: false }, NOW)
    expect(md).toContain('## imagegate: failed (dev)')
    expect(md).toContain(
      '| api | `linux/amd64` | 12.3 s, 4/6 steps cached (67 %) | `sha-9f2c1ab` | 0 / 0 / 0 / 0 | passed | no | 3 |'
    )
    expect(md).toMatch(/\| vuln \| `linux\/arm64` \| .* \| 1 \/ 1 \/ 1 \/ 0 \| \*\*failed\*\* \| no \| 3 \|/)
    expect(md).toContain('| vuln | linux/arm64 | openssl | 3.1.3-r0 | 3.1.4-r1 | CVE-2099-0001 | CRITICAL |')
    expect(md).not.toContain('CVE-2099-0003') // MEDIUM: counted, never blocking
  })

  test("the Trivy DB's age, from its metadata's UpdatedAt", () => {
    const md = (dbUpdatedAt: string) =>
      runSummaryMarkdown(plan, reports, verdict, { push: true, passed: false, dbUpdatedAt }, NOW)
    expect(md('2026-11-01T00:00:00Z')).toContain('Trivy DB: built 2026-11-01T00:00:00Z (22 days old).')
    expect(md('2026-11-23T01:00:00Z')).toContain('(less than a day old)')
    expect(md('')).toContain('Trivy DB: build date unknown.')
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
