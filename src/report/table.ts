// Findings of one image and platform as a plain text table (artifacts/scans/<image>-<os>-<arch>.txt):
// a header line (image, platform, counts by severity), then one row per finding, most severe first.
// Pure: returns the text.
import { platformSlug } from '../plan/grammar.js'
import { countBySeverity, type Finding, type Severity } from '../trivy/report.js'

/** Most severe first: the order of the table, of SARIF results, and of what is kept when cutting. */
export const SEVERITY_ORDER: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN']

export function severityRank(s: Severity): number {
  return SEVERITY_ORDER.indexOf(s)
}

/** Compares digit runs as numbers (CVE-2024-9999 before CVE-2024-10000), the rest by code unit. */
export function compareNatural(a: string, b: string): number {
  const x = a.split(/(\d+)/)
  const y = b.split(/(\d+)/)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i] as string
    const q = y[i] as string
    if (p === q) continue
    if (i % 2 === 1) {
      // digit runs: by value, then the shorter (fewer leading zeros) first
      const d = BigInt(p) - BigInt(q)
      if (d !== 0n) return d < 0n ? -1 : 1
      return p.length - q.length
    }
    return p < q ? -1 : 1
  }
  return x.length - y.length
}

/** Severity (critical first), then id, package, installed version and target: a total, stable order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    compareNatural(a.id, b.id) ||
    compareNatural(a.pkg, b.pkg) ||
    compareNatural(a.installed ?? '', b.installed ?? '') ||
    compareNatural(a.target, b.target) ||
    (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)
  )
}

/** artifacts/scans/<this>: `<image>-<os>-<arch>[-<variant>].txt`, beside `<image>-<os>-<arch>.trivy.json`. */
export function tableFileName(image: string, platform: string): string {
  return `${image}-${platformSlug(platform)}.txt`
}

const HEADERS = ['SEVERITY', 'ID', 'PACKAGE', 'INSTALLED', 'FIXED', 'TITLE'] as const

/** One line per cell: a title with line breaks or tabs would break the columns. */
const cell = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim() || '-'

export function findingsTable(image: string, platform: string, findings: readonly Finding[]): string {
  const counts = countBySeverity(findings)
  const header =
    `${image} ${platform}: ${findings.length} finding${findings.length === 1 ? '' : 's'} ` +
    `(${SEVERITY_ORDER.map(s => `${s} ${counts[s]}`).join(', ')})`
  if (findings.length === 0) return `${header}\n`
  const rows = [...findings].sort(compareFindings).map(f => [
    f.severity,
    f.id,
    // a secret's "package" is its file: the target adds the line
    f.kind === 'secret' ? cell(f.target) : cell(f.pkg),
    cell(f.kind === 'secret' ? undefined : f.installed),
    cell(f.kind === 'secret' ? undefined : f.fixed),
    cell(f.title)
  ])
  const all = [[...HEADERS], ...rows]
  const widths = HEADERS.map((_, i) => Math.max(...all.map(r => (r[i] as string).length)))
  const line = (r: string[]): string =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd()
  return [header, '', ...all.map(line), ''].join('\n')
}
