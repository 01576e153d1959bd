// The policy part of the job summary: how the verdict was reached (scanner, DB, policy), the baseline
// split (new / known / fixed), exceptions (active with days left, expired, stale) and base image ages.
// Pure: returns markdown lines.
import type { GateResult } from '../gate/gate.js'
import type { Annotation } from './run-summary.js'
import type { BaseAgeRow } from '../policy/base-age.js'
import type { VerdictProvenance } from '../policy/findings-file.js'

export interface ImageBaseAges {
  image: string
  rows: BaseAgeRow[]
  maxAgeDays?: number
}

const code = (s: string): string => `\`${s}\``
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
const short = (digest: string | undefined): string => (digest ? code(digest.slice(0, 19)) : '-')
const days = (n: number): string => `${n} day${n === 1 ? '' : 's'}`

export function policySummaryLines(
  verdict: GateResult,
  o: { provenance?: VerdictProvenance; baseAges?: readonly ImageBaseAges[] }
): string[] {
  const lines: string[] = []
  const p = o.provenance
  if (p) {
    const modes = [...new Set(Object.values(p.policy.modes))]
    const modeText =
      modes.length === 1
        ? code(modes[0] as string)
        : Object.entries(p.policy.modes)
            .map(([image, mode]) => `${image} ${code(mode)}`)
            .join(', ')
    lines.push(
      `Verdict: Trivy ${p.trivy.version}, DB built ${p.db.updatedAt ?? '(unknown)'} (${p.db.digest ? code(p.db.digest) : 'digest unknown'}); gate mode ${modeText}, severities ${p.policy.severities.join(', ')}` +
        (p.policy.exceptions
          ? `; exceptions ${code(p.policy.exceptions.file)} ${code(p.policy.exceptions.digest)}`
          : '; no exceptions file') +
        (p.policy.baseline ? `; baseline: ${p.policy.baseline}` : '') +
        '.',
      ''
    )
  }

  if (verdict.baseline && !verdict.baseline.available) {
    lines.push(`**Baseline unavailable** (${verdict.baseline.source}): ${verdict.baseline.reason ?? ''}`, '')
  }
  const diffed = verdict.images.filter(i => i.diff)
  if (diffed.length > 0) {
    lines.push(
      '### Against the baseline',
      '',
      '| Image | Gate mode | New | Already known | Fixed since the baseline |',
      '| --- | --- | --- | --- | --- |'
    )
    for (const i of diffed) {
      const d = i.diff as NonNullable<typeof i.diff>
      lines.push(`| ${i.name} | ${i.mode ?? 'all'} | ${d.added} | ${d.known} | ${d.fixed.length} |`)
    }
    lines.push('')
    const fixed = diffed.flatMap(i => i.diff?.fixed ?? [])
    if (fixed.length > 0) {
      lines.push(
        `Fixed since the baseline: ${fixed
          .slice(0, 20)
          .map(f => `${f.image} ${f.platform} ${f.id} (${f.pkg})`)
          .join('; ')}${fixed.length > 20 ? `; and ${fixed.length - 20} more` : ''}.`,
        ''
      )
    }
  }
  const known = verdict.images.flatMap(i => i.known ?? [])
  if (known.length > 0) {
    lines.push(
      `Known findings at the gated severities (in the baseline, not blocking in gate mode new): ${known.length}.`,
      ''
    )
  }
  const reported = verdict.images.flatMap(i => i.reported ?? [])
  if (reported.length > 0) {
    lines.push(
      `Reported, not blocking (gate mode report): ${reported.length} finding${reported.length === 1 ? '' : 's'} at the gated severities.`,
      ''
    )
  }

  const ex = verdict.exceptions
  if (ex && (ex.active.length || ex.expired.length || ex.stale.length)) {
    lines.push(
      `### Exceptions (${code(ex.file)})`,
      '',
      '| Finding | Images | Owner | Expires | State | Findings covered | Reason |',
      '| --- | --- | --- | --- | --- | --- | --- |'
    )
    const row = (u: (typeof ex.active)[number], state: string): string =>
      `| ${u.entry.id}${u.entry.package ? ` (${cell(u.entry.package)})` : ''} | ${cell(u.entry.images.join(', '))} | ${cell(u.entry.owner)} | ${u.entry.expires} | ${state} | ${u.matches} | ${cell(u.entry.reason)} |`
    for (const u of ex.active) lines.push(row(u, `active, ${days(u.daysLeft)} left`))
    for (const u of ex.expired) lines.push(row(u, `**expired** ${days(-u.daysLeft)} ago`))
    for (const u of ex.stale) lines.push(row(u, 'stale: matches no finding'))
    lines.push('')
  }

  const rows = (o.baseAges ?? []).flatMap(b => b.rows.map(r => ({ ...r, image: b.image, max: b.maxAgeDays })))
  if (rows.length > 0) {
    lines.push(
      '### Base images',
      '',
      '| Image | Platform | FROM | Platform manifest | Built | Age |',
      '| --- | --- | --- | --- | --- | --- |'
    )
    for (const r of rows) {
      const age = r.error
        ? `unreadable: ${cell(r.error)}`
        : r.ageDays === undefined
          ? '**unknown**'
          : `${r.ageDays === 0 ? 'less than a day' : days(r.ageDays)}${r.max !== undefined && (r.ageMs ?? 0) > r.max * 86_400_000 ? ` (**over ${days(r.max)}**)` : ''}`
      lines.push(
        `| ${r.image} | ${r.platform} | ${cell(r.at)} ${code(r.ref)} | ${short(r.manifest ?? r.digest)} | ${r.created ?? '-'} | ${age} |`
      )
    }
    lines.push('')
  }
  return lines
}

/** Warnings for exceptions that matched nothing (stale) or expired; the expired findings' errors are the gate's. */
export function exceptionAnnotations(verdict: GateResult): Annotation[] {
  const ex = verdict.exceptions
  if (!ex) return []
  const at = (u: (typeof ex.stale)[number]) => ({
    file: ex.file,
    startLine: Number(u.entry.at.split(':').pop()) || undefined
  })
  return [
    ...ex.stale.map(u => ({
      level: 'warning' as const,
      message: `exception ${u.entry.id} (${u.entry.images.join(', ')}, owner ${u.entry.owner}) matches no finding: remove it or fix its id/images`,
      properties: { title: 'imagegate: stale exception', ...at(u) }
    })),
    ...ex.expired.map(u => ({
      level: 'warning' as const,
      message: `exception ${u.entry.id} expired on ${u.entry.expires} (owner ${u.entry.owner}): its ${u.matches} finding${u.matches === 1 ? '' : 's'} block again`,
      properties: { title: 'imagegate: expired exception', ...at(u) }
    }))
  ]
}
