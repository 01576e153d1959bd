// The build run as a job summary and as annotations. Rendering is pure (returns markdown).
import * as core from '@actions/core'
import { describeFinding, type Check, type GateResult } from '../gate/gate.js'
import { describeCache, seconds } from './log.js'
import { SEVERITY_ORDER } from './table.js'
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
  buildMs?: number
  cache?: { steps: number; cached: number }
}

export interface SummaryOptions {
  push: boolean
  passed: boolean
  /** the Trivy DB's UpdatedAt ('' unknown) */
  dbUpdatedAt?: string
  /** The evidence artifact (name, and its URL when the artifact service gave one). */
  artifact?: { name: string; url?: string }
  /** Per stage: processes, their summed time and the wall time they covered. */
  stages?: Record<string, { count: number; sumMs: number; wallMs: number }>
  wallMs?: number
  /** What judged the findings (scanner, DB, policy): printed so the verdict can be reproduced. */
  provenance?: VerdictProvenance
  /** The base-age rule's reads per image (when base-max-age is set). */
  baseAges?: readonly ImageBaseAges[]
}

const code = (s: string): string => `\`${s}\``
const MAX_BLOCKING_ROWS = 50

export function runSummaryMarkdown(
  plan: Plan,
  reports: readonly ImageReport[],
  verdict: GateResult,
  o: SummaryOptions,
  now: Date = new Date()
): string {
  const rows = reports.map(r => {
    const c = r.counts
    const findings = `${c.CRITICAL} / ${c.HIGH} / ${c.MEDIUM} / ${c.LOW}`
    const pushed = r.pushedRefs.length > 0 ? 'yes' : o.push ? 'no' : 'no (push: false)'
    const spdx = r.sboms.filter(b => b.format === 'spdx-json')
    const packages = spdx.length > 0 ? spdx.map(b => b.packages).join(' / ') : '-'
    const built =
      r.buildMs !== undefined ? `${seconds(r.buildMs)}${r.cache ? `, ${describeCache(r.cache)}` : ''}` : '-'
    return `| ${r.name} | ${r.platforms.map(code).join(' ')} | ${built} | ${r.tags.map(code).join(' ')} | ${findings} | ${r.passed ? 'passed' : '**failed**'} | ${pushed} | ${packages} |`
  })
  const blocking = verdict.images.flatMap(i => i.blocking)
  const errors = reports.filter(r => r.error)
  const lines = [
    `## imagegate: ${o.passed ? 'passed' : 'failed'} (${plan.environment})`,
    '',
    '| Image | Platforms | Build | Tags | Critical / High / Medium / Low | Gate | Pushed | SBOM packages |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    ''
  ]
  const digests = reports.filter(r => r.digest)
  if (digests.length > 0) {
    lines.push('<details><summary>Digests and references</summary>', '')
    for (const r of digests) {
      lines.push(`- **${r.name}**: ${code(`${r.repository}@${r.digest ?? ''}`)}`)
      for (const ref of r.pushedRefs) lines.push(`  - pushed ${code(ref)}`)
    }
    lines.push('', '</details>', '')
  }
  if (o.artifact) {
    lines.push(
      o.artifact.url
        ? `Evidence (SBOMs, reports, SARIF, plan): [${o.artifact.name}](${o.artifact.url}).`
        : `Evidence (SBOMs, reports, SARIF, plan): artifact ${code(o.artifact.name)}.`,
      ''
    )
  }
  if (o.dbUpdatedAt !== undefined) {
    const age = dbAgeDays(o.dbUpdatedAt, now)
    lines.push(
      age === undefined
        ? 'Trivy DB: build date unknown.'
        : `Trivy DB: built ${o.dbUpdatedAt} (${age === 0 ? 'less than a day' : age === 1 ? '1 day' : `${age} days`} old).`,
      ''
    )
  }
  if (o.stages && Object.keys(o.stages).length > 0) {
    lines.push(
      `<details><summary>Timings${o.wallMs !== undefined ? `: ${seconds(o.wallMs)} in all` : ''}</summary>`,
      '',
      '| Stage | Processes | Wall time | Summed |',
      '| --- | --- | --- | --- |'
    )
    for (const [stage, t] of Object.entries(o.stages)) {
      lines.push(`| ${stage} | ${t.count} | ${seconds(t.wallMs)} | ${seconds(t.sumMs)} |`)
    }
    lines.push('', '</details>', '')
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

/** Findings annotated per image; the rest are counted in one more annotation and listed in the summary. */
export const FINDING_ANNOTATIONS_PER_IMAGE = 5

/**
 * Annotations in the order GitHub keeps them (it shows the first 10 errors of a step): failed enforced
 * checks first, on their file and line where they have one; then at most FINDING_ANNOTATIONS_PER_IMAGE
 * blocking findings per image, most severe first, and a count of the rest; then warnings.
 */
export function annotations(verdict: GateResult): Annotation[] {
  const out: Annotation[] = []
  const at = (c: Check) => (c.file ? { file: c.file, ...(c.line ? { startLine: c.line } : {}) } : {})
  for (const c of verdict.images.flatMap(i => i.failedChecks)) {
    out.push({ level: 'error', message: c.message, properties: { title: `imagegate: ${c.rule}`, ...at(c) } })
  }
  for (const image of verdict.images) {
    const sorted = [...image.blocking].sort(
      (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity)
    )
    for (const f of sorted.slice(0, FINDING_ANNOTATIONS_PER_IMAGE)) {
      out.push({ level: 'error', message: describeFinding(f), properties: { title: `imagegate: ${f.id}` } })
    }
    const rest = sorted.length - FINDING_ANNOTATIONS_PER_IMAGE
    if (rest > 0) {
      out.push({
        level: 'error',
        message: `${image.name}: ${rest} more blocking finding${rest === 1 ? '' : 's'} (see the job summary and the SARIF file)`,
        properties: { title: 'imagegate: more findings' }
      })
    }
  }
  for (const c of verdict.images.flatMap(i => i.warnings)) {
    out.push({
      level: 'warning',
      message: c.message,
      properties: { title: `imagegate: ${c.rule}`, ...at(c) }
    })
  }
  return out
}

export interface Annotation {
  level: 'error' | 'warning'
  message: string
  properties: core.AnnotationProperties
}

export function annotate(verdict: GateResult): void {
  for (const a of annotations(verdict)) {
    if (a.level === 'error') core.error(a.message, a.properties)
    else core.warning(a.message, a.properties)
  }
}

/** Appends markdown to the job summary; nothing outside a runner (no GITHUB_STEP_SUMMARY). */
export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary.addRaw(markdown).write()
}
