// The build run as a job summary and as annotations. Rendering is pure (returns markdown).
import * as core from '@actions/core'
import type { GateResult } from '../gate/gate.js'
import { describeFinding } from '../gate/gate.js'
import type { Plan } from '../plan/plan.js'
import type { Severity } from '../trivy/report.js'

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
  o: { push: boolean; passed: boolean }
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
  if (errors.length > 0) {
    lines.push('### Errors', '')
    for (const r of errors) lines.push(`- **${r.name}**: ${(r.error ?? '').split('\n')[0]}`)
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

/** One error annotation per blocking finding. */
export function annotateFindings(verdict: GateResult): void {
  for (const f of verdict.images.flatMap(i => i.blocking)) {
    core.error(describeFinding(f), { title: `imagegate: ${f.id}` })
  }
}
