// The build run as a job summary and as annotations. Rendering is pure (returns markdown).
import * as core from '../runner/core.js'
import type { GateResult } from '../gate/gate.js'
import { describeFinding } from '../gate/gate.js'
import type { Plan } from '../plan/plan.js'
import type { Severity } from '../trivy/report.js'
import { dbAgeDays } from '../trivy/scan.js'
import type { VerdictProvenance } from '../policy/findings-file.js'
import { policySummaryLines, type ImageBaseAges } from './policy-summary.js'

export interface ImageReport {
  name: string
  repository: string
  platforms: string[]
  digest?: string
  tags: string[]
  counts: Record<Severity, number>
  passed: boolean
  reasons: string[]
  pushedRefs: string[]
  reportFiles: string[]
  sboms: { file: string; format: string; packages: number }[]
  error?: string
}

const code = (s: string): string => `\`${s}\``
const MAX_BLOCKING_ROWS = 50

export function runSummaryMarkdown(
  plan: Plan,
  reports: readonly ImageReport[],
  verdict: GateResult,
  o: {
    push: boolean
    passed: boolean
    /** the Trivy DB's UpdatedAt ('' unknown) */
    dbUpdatedAt?: string
    /** What judged the findings (scanner, DB, policy): printed so the verdict can be reproduced. */
    provenance?: VerdictProvenance
    baseAges?: readonly ImageBaseAges[]
  },
  now: Date = new Date()
): string {
  const rows = reports.map(r => {
    const c = r.counts
    const findings = `${c.CRITICAL} / ${c.HIGH} / ${c.MEDIUM} / ${c.LOW}`
    const pushed = r.pushedRefs.length > 0 ? 'yes' : o.push ? 'no' : 'no (push: false)'
    const spdx = r.sboms.filter(b => b.format === 'spdx-json')
    const packages = spdx.length > 0 ? spdx.map(b => b.packages).join(' / ') : '-'
    return `| ${r.name} | ${r.platforms.map(code).join(' ')} | ${r.digest ? code(r.digest.slice(0, 19)) : '-'} | ${r.tags.map(code).join(' ')} | ${findings} | ${r.passed ? 'passed' : '**failed**'} | ${pushed} | ${packages} |`
  })
  const blocking = verdict.images.flatMap(i => i.blocking)
  const errors = reports.filter(r => r.error)
  const lines = [
    `## imagegate: ${o.passed ? 'passed' : 'failed'} (${plan.environment})`,
    '',
    '| Image | Platforms | Digest | Tags | Critical / High / Medium / Low | Gate | Pushed | SBOM packages |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    ''
  ]
  if (o.dbUpdatedAt !== undefined) {
    const age = dbAgeDays(o.dbUpdatedAt, now)
    lines.push(
      age === undefined
        ? 'Trivy DB: build date unknown.'
        : `Trivy DB: built ${o.dbUpdatedAt} (${age === 0 ? 'less than a day' : age === 1 ? '1 day' : `${age} days`} old).`,
      ''
    )
  }
  lines.push(...policySummaryLines(verdict, o))
  if (errors.length > 0) {
    lines.push('### Errors', '')
    for (const r of errors) lines.push(`- **${r.name}**: ${(r.error ?? '').split('\n')[0]}`)
    lines.push('')
  }
  const failedChecks = verdict.images.flatMap(i => i.failedChecks)
  const warnings = verdict.images.flatMap(i => i.warnings)
  if (failedChecks.length > 0 || warnings.length > 0) {
    lines.push('### Hardening and contract checks', '', '| Rule | Verdict | Message |', '| --- | --- | --- |')
    for (const c of failedChecks) lines.push(`| ${c.rule} | **failed** | ${c.message.split('\n')[0]} |`)
    for (const c of warnings) lines.push(`| ${c.rule} | warning | ${c.message.split('\n')[0]} |`)
    lines.push('')
  }
  if (blocking.length > 0) {
    lines.push(`### Blocking findings (${blocking.length})`, '')
    lines.push(
      '| Image | Platform | Package | Installed | Fixed | ID | Severity |',
      '| --- | --- | --- | --- | --- | --- | --- |'
    )
    for (const f of blocking.slice(0, MAX_BLOCKING_ROWS)) {
      lines.push(
        `| ${f.image} | ${f.platform} | ${f.pkg} | ${f.installed ?? ''} | ${f.fixed ?? ''} | ${f.id} | ${f.severity} |`
      )
    }
    if (blocking.length > MAX_BLOCKING_ROWS)
      lines.push('', `... and ${blocking.length - MAX_BLOCKING_ROWS} more.`)
    lines.push('')
  }
  return lines.join('\n')
}

/** One error annotation per blocking finding and failed enforced check; a warning per warned check. */
export function annotate(verdict: GateResult): void {
  for (const f of verdict.images.flatMap(i => i.blocking)) {
    core.error(describeFinding(f), { title: `imagegate: ${f.id}` })
  }
  for (const c of verdict.images.flatMap(i => i.failedChecks))
    core.error(c.message, { title: `imagegate: ${c.rule}` })
  for (const c of verdict.images.flatMap(i => i.warnings))
    core.warning(c.message, { title: `imagegate: ${c.rule}` })
}
