// The build run as a job summary and as annotations. Rendering is pure (returns markdown).
import * as core from '@actions/core'
import { describeFinding, type BlockingFinding, type Check, type GateResult } from '../gate/gate.js'
import { describeCache, seconds } from './log.js'
import { severityRank } from './table.js'
import type { Plan } from '../plan/plan.js'
import type { Finding, Severity } from '../trivy/report.js'
import { dbAgeDays, type DbCacheResult } from '../trivy/db.js'
import type { VerdictProvenance } from '../policy/findings-file.js'
import { exceptionAnnotations, policySummaryLines, type ImageBaseAges } from './policy-summary.js'
import type { SubmissionResult } from '../github/dependency-submission.js'

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
  /** What the Actions cache did for the DB (db-cache). */
  dbCache?: DbCacheResult
  /** The evidence artifact (name, and its URL when the artifact service gave one). */
  artifact?: { name: string; url?: string }
  /** Per stage: processes, their summed time and the wall time they covered. */
  stages?: Record<string, { count: number; sumMs: number; wallMs: number }>
  wallMs?: number
  /** What judged the findings (scanner, DB, policy): printed so the verdict can be reproduced. */
  provenance?: VerdictProvenance
  /** The base-age rule's reads per image (when base-max-age is set). */
  baseAges?: readonly ImageBaseAges[]
  /** The dependency snapshots submitted (dependency-snapshot: true). */
  snapshots?: readonly SubmissionResult[]
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
      // the digest as built and scanned; a registry reference only where it was pushed
      lines.push(
        r.pushedRefs.length > 0
          ? `- **${r.name}**: ${code(`${r.repository}@${r.digest ?? ''}`)}`
          : `- **${r.name}**: ${code(r.digest ?? '')} (built and scanned, not pushed)`
      )
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
    const built =
      age === undefined
        ? 'Trivy DB: build date unknown.'
        : `Trivy DB: built ${o.dbUpdatedAt} (${age === 0 ? 'less than a day' : age === 1 ? '1 day' : `${age} days`} old).`
    lines.push(o.dbCache ? `${built} ${dbCacheSentence(o.dbCache)}` : built, '')
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
  if (o.snapshots && o.snapshots.length > 0) lines.push(...snapshotLines(o.snapshots))
  lines.push(...policySummaryLines(verdict, o))
  if (errors.length > 0) {
    lines.push('### Errors', '')
    for (const r of errors) lines.push(...errorItem(r.name, r.error ?? ''))
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
    lines.push(`### Blocking findings (${blocking.length})`, '', ...findingsTable(blocking), '')
  }
  const open = verdict.images.flatMap(i => [...(i.reported ?? []), ...(i.known ?? [])])
  if (open.length > 0) {
    lines.push(
      `### Findings at the gated severities that did not block (${open.length})`,
      '',
      ...findingsTable(open, verdict),
      ''
    )
  }
  return lines.join('\n')
}

/** What the Actions cache did for the DB, as one sentence of the summary (verify's too). */
export function dbCacheSentence(c: DbCacheResult): string {
  const saved = c.saved ? `saved as ${code(c.saved)}` : `not saved: ${c.notSaved ?? 'unknown'}`
  switch (c.status) {
    case 'off':
      return 'Actions cache: off (db-cache is false); downloaded.'
    case 'offline':
      return 'The DB already on the runner (offline-db); the Actions cache is not read.'
    case 'unavailable':
      return 'Actions cache: not available on this runner; downloaded.'
    case 'local':
      return 'Actions cache: not read (the DB on the runner is current); nothing downloaded.'
    case 'hit':
      return `Actions cache: **hit** (${code(c.restored ?? '')}); nothing downloaded.`
    case 'miss':
      return `Actions cache: **miss**; downloaded, ${saved}.`
    case 'stale':
    case 'unusable':
      return `Actions cache: restored ${code(c.restored ?? '')}, ${c.status === 'stale' ? 'stale' : '**unusable**'} (it ${c.problem ?? 'could not be used'}); downloaded, ${saved}.`
  }
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')

/** The dependency snapshots, one row per image platform: what GitHub answered, or why none was sent. */
function snapshotLines(snapshots: readonly SubmissionResult[]): string[] {
  const sent = snapshots.filter(s => s.id !== undefined).length
  const lines = [
    `<details${sent < snapshots.length ? ' open' : ''}><summary>Dependency snapshots: ${sent} of ${snapshots.length} submitted</summary>`,
    '',
    '| Image | Platform | Packages | Snapshot | Correlator |',
    '| --- | --- | --- | --- | --- |'
  ]
  for (const s of snapshots) {
    const snapshot =
      s.id === undefined
        ? `**not submitted**: ${cell(s.error ?? '')}`
        : `${s.id} (${s.result ?? 'created'})${s.error ? `: ${cell(s.error)}` : ''}`
    lines.push(
      `| ${cell(s.image)} | ${code(s.platform)} | ${s.packages ?? '-'} | ${snapshot} | ${code(s.correlator)} |`
    )
  }
  lines.push('', '</details>', '')
  return lines
}

/**
 * Findings as table rows, most severe first: image, platform, the ID linked to its advisory, severity,
 * package, installed and fixed version (and, given the verdict, why it did not block). At most
 * MAX_BLOCKING_ROWS rows, then a count of the rest.
 */
function findingsTable(list: readonly BlockingFinding[], verdict?: GateResult): string[] {
  const reported = new Set(verdict?.images.flatMap(i => i.reported ?? []))
  const status = (f: BlockingFinding): string =>
    reported.has(f) ? 'reported (gate mode report)' : 'known (baseline)'
  const lines = [
    `| Image | Platform | ID | Severity | Package | Installed | Fixed |${verdict ? ' Status |' : ''}`,
    `| --- | --- | --- | --- | --- | --- | --- |${verdict ? ' --- |' : ''}`
  ]
  const sorted = bySeverity(list)
  for (const f of sorted.slice(0, MAX_BLOCKING_ROWS)) {
    const link = advisoryUrl(f)
    const id = link ? `[${cell(f.id)}](${link.replace(/\(/g, '%28').replace(/\)/g, '%29')})` : cell(f.id)
    lines.push(
      `| ${cell(f.image)} | ${f.platform} | ${id} | ${f.severity} | ${cell(f.pkg)} | ${cell(f.installed ?? '')} | ${cell(f.fixed ?? '')} |${verdict ? ` ${status(f)} |` : ''}`
    )
  }
  if (sorted.length > MAX_BLOCKING_ROWS) lines.push('', `... and ${sorted.length - MAX_BLOCKING_ROWS} more.`)
  return lines
}

/** Findings annotated per image; the rest are counted in one more annotation and listed in the summary. */
export const FINDING_ANNOTATIONS_PER_IMAGE = 5

/** GitHub shows at most this many error and this many warning annotations of a step. */
export const ANNOTATIONS_PER_LEVEL = 10

/** Where every finding is, for the annotation that counts the ones left out. */
const FULL_LIST = 'the job summary, the findings file and the SARIF file'

/** Lines of a failure's output the summary shows under its first line (a build's ERROR lines). */
const ERROR_DETAIL_LINES = 12

/** A failure as a list item: its first line, then the lines after it (the tool's own words) in a code block. */
function failureItem(head: string, text: string): string[] {
  const [first = '', ...rest] = text.split(/\r?\n/)
  const detail = rest.filter(l => l.trim() !== '').slice(-ERROR_DETAIL_LINES)
  const item = [`- ${head}${first}`]
  if (detail.length > 0)
    item.push('', '  ```text', ...detail.map(l => `  ${l.replace(/```/g, "'''")}`), '  ```')
  return item
}

/**
 * An image's error as a list item: its first line (without the image's name again), then the lines after
 * it (buildx's `ERROR: failed to solve: ...`) in a code block under it.
 */
export function errorItem(name: string, error: string): string[] {
  let text = error
  while (text.startsWith(`${name}: `)) text = text.slice(name.length + 2)
  return failureItem(`**${name}**: `, text)
}

/**
 * Annotations in the order GitHub keeps them, at most ANNOTATIONS_PER_LEVEL of each level (the last one
 * of a level counting what was left out, and saying where the full list is). Errors: failed enforced
 * checks first, on their file and line where they have one; then at most FINDING_ANNOTATIONS_PER_IMAGE
 * blocking findings per image, most severe first, and a count of the rest. Warnings: failed checks in
 * warn mode, exceptions that expired or match nothing, then every finding at the gated severities that
 * did not block (gate mode report, or known from the baseline in gate mode new), most severe first.
 */
export function annotations(verdict: GateResult, o: { fullList?: string } = {}): Annotation[] {
  const fullList = o.fullList ?? FULL_LIST
  const errors: Annotation[] = []
  const at = (c: Check) => (c.file ? { file: c.file, ...(c.line ? { startLine: c.line } : {}) } : {})
  for (const c of verdict.images.flatMap(i => i.failedChecks)) {
    errors.push({
      level: 'error',
      message: c.message,
      properties: { title: `imagegate: ${c.rule}`, ...at(c) }
    })
  }
  for (const image of verdict.images) {
    const sorted = bySeverity(image.blocking)
    for (const f of sorted.slice(0, FINDING_ANNOTATIONS_PER_IMAGE)) {
      errors.push({
        level: 'error',
        message: describeFinding(f),
        properties: { title: `imagegate: ${f.id}` }
      })
    }
    const rest = sorted.length - FINDING_ANNOTATIONS_PER_IMAGE
    if (rest > 0) {
      errors.push({
        level: 'error',
        message: `${image.name}: ${rest} more blocking finding${rest === 1 ? '' : 's'} (see the job summary and the SARIF file)`,
        properties: { title: 'imagegate: more findings' }
      })
    }
  }
  const warnings: Annotation[] = verdict.images
    .flatMap(i => i.warnings)
    .map(c => ({
      level: 'warning',
      message: c.message,
      properties: { title: `imagegate: ${c.rule}`, ...at(c) }
    }))
  warnings.push(...exceptionAnnotations(verdict))
  const open = verdict.images.flatMap(i => [
    ...(i.reported ?? []).map(f => ({ f, why: 'reported, not blocking (gate mode report)' })),
    ...(i.known ?? []).map(f => ({ f, why: 'known from the baseline, not blocking (gate mode new)' }))
  ])
  open.sort((a, b) => severityRank(a.f.severity) - severityRank(b.f.severity))
  for (const { f, why } of open) {
    const link = advisoryUrl(f)
    warnings.push({
      level: 'warning',
      message: `${describeFinding(f)}: ${why}${link ? ` ${link}` : ''}`,
      properties: { title: `imagegate: ${f.id}` }
    })
  }
  return [...capped(errors, 'error', fullList), ...capped(warnings, 'warning', fullList)]
}

function bySeverity<T extends { severity: Severity }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => severityRank(a.severity) - severityRank(b.severity))
}

/** The first ones GitHub will show, the last of them counting the rest. */
function capped(list: Annotation[], level: Annotation['level'], fullList: string): Annotation[] {
  if (list.length <= ANNOTATIONS_PER_LEVEL) return list
  const shown = list.slice(0, ANNOTATIONS_PER_LEVEL - 1)
  const rest = list.length - shown.length
  return [
    ...shown,
    {
      level,
      message: `${rest} more ${level === 'error' ? 'errors' : 'warnings'} not annotated (GitHub shows ${ANNOTATIONS_PER_LEVEL} a step): every finding and check is in ${fullList}`,
      properties: { title: `imagegate: ${rest} more ${level}s` }
    }
  ]
}

/**
 * The advisory of a vulnerability: Trivy's PrimaryURL when it is a web address, else Aqua's page for
 * the ID; none for a secret (its ID is a rule of Trivy's, not an advisory).
 */
export function advisoryUrl(f: Pick<Finding, 'kind' | 'id' | 'url'>): string | undefined {
  if (f.kind !== 'vulnerability') return undefined
  if (f.url && /^https?:\/\/[^\s]+$/.test(f.url)) return f.url
  return `https://avd.aquasec.com/nvd/${encodeURIComponent(f.id.toLowerCase())}`
}

export interface Annotation {
  level: 'error' | 'warning'
  message: string
  properties: core.AnnotationProperties
}

export function annotate(verdict: GateResult, o: { fullList?: string } = {}): void {
  for (const a of annotations(verdict, o)) {
    if (a.level === 'error') core.error(a.message, a.properties)
    else core.warning(a.message, a.properties)
  }
}

/** Appends markdown to the job summary; nothing outside a runner (no GITHUB_STEP_SUMMARY). */
export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary.addRaw(markdown).write()
}

/**
 * The job summary of a run that stopped on an error thrown out of it (a catalog or an input that does not
 * check, a missing tool, a signer that cannot be made): what stopped it, one item per problem. Without it
 * the summary page is empty, or says nothing of the error.
 */
export function stoppedSummaryMarkdown(problems: readonly string[]): string {
  const lines = ['## imagegate: failed', '']
  lines.push(problems.length === 1 ? 'The run stopped:' : `The run stopped: ${problems.length} problems.`, '')
  for (const p of problems) lines.push(...failureItem('', p))
  lines.push('')
  return lines.join('\n')
}
