// The job summary rendered from REAL Trivy reports (scripts/trivy/reports.sh), through the real gate.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { gate } from '../../src/gate/gate.js'
import type { Plan } from '../../src/plan/plan.js'
import { runSummaryMarkdown, type ImageReport } from '../../src/report/run-summary.js'
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
    sboms: [{ file: `${name}.spdx.json`, format: 'spdx-json', packages: 3 }]
  }
}
const reports = [report('api', true), report('vuln', false)]
const NOW = new Date('2026-11-23T10:00:00Z')

describe('run summary', () => {
  test('a row per image, and the blocking findings with package, versions, ID and severity', () => {
    const md = runSummaryMarkdown(plan, reports, verdict, { push: true, passed: false }, NOW)
    expect(md).toContain('## imagegate: failed (dev)')
    expect(md).toContain(
      '| api | `linux/amd64` | `sha256:abababababab` | `sha-9f2c1ab` | 0 / 0 / 0 / 0 | passed | no | 3 |'
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
})
