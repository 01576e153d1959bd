// Findings as SARIF 2.1.0 for github/codeql-action/upload-sarif. Pure: returns the document and what was
// cut to stay within GitHub's limits.
//
// What trivy-action users trip over, and how this file avoids it:
// - The SARIF holds only the gate's severities (trivy-action's SARIF holds every severity whatever
//   `severity` says), so Code Scanning shows what failed the job, not more.
// - One run per image and platform, each with its own category (`automationDetails.id`
//   `imagegate/<image>/<os>-<arch>/`): GitHub rejects several runs of one tool with one category in an
//   upload, and an image's alerts are closed only by a later run of the same category. (Leave
//   upload-sarif's `category` input unset: the file's own categories are used.)
// - GitHub's limits (docs.github.com, "SARIF results exceed one or more limits"): 25,000 results per run
//   and 20 runs per file are hard limits (the upload is rejected). Cut deterministically, most severe
//   kept, and reported in `truncated`.
//
// Levels and security-severity are Trivy's own (pkg/report/sarif.go: toSarifErrorLevel,
// severityToScore): CRITICAL/HIGH error, MEDIUM warning, LOW/UNKNOWN note; 9.5, 8.0, 5.5, 2.0, 0.0.
// (Trivy's writer prefers a vendor CVSS v3 score for vulnerabilities when it has one; a Finding carries
// none, so the score is always the severity's.)
import { platformSlug } from '../plan/grammar.js'
import { createHash } from 'node:crypto'
import { describeFinding } from '../gate/gate.js'
import { IMAGE_CONFIG, SEVERITIES, type Finding, type Severity } from '../trivy/report.js'
import { compareFindings, compareNatural, severityRank } from './table.js'

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'
export const SARIF_VERSION = '2.1.0'
export const TOOL_NAME = 'imagegate (Trivy)'
/** GitHub's hard limits: above them the whole upload is rejected. */
export const MAX_RESULTS_PER_RUN = 25000
export const MAX_RUNS = 20
/** partialFingerprints key: versioned, so a change of what is hashed can never match old alerts. */
export const FINGERPRINT_KEY = 'imagegateFinding/v1'

export const SARIF_LEVEL: Readonly<Record<Severity, SarifLevel>> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  UNKNOWN: 'note'
}

/** GitHub: over 9.0 critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, 3.9 or less low. */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '2.0',
  UNKNOWN: '0.0'
}

export type SarifLevel = 'error' | 'warning' | 'note' | 'none'

export interface SarifMessage {
  text: string
  markdown?: string
}

export interface SarifRule {
  id: string
  name: string
  shortDescription: SarifMessage
  fullDescription: SarifMessage
  helpUri?: string
  help: SarifMessage
  defaultConfiguration: { level: SarifLevel }
  properties: { tags: string[]; precision: 'very-high'; 'security-severity': string }
}

export interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string }
    region: { startLine: number; endLine: number }
  }
  message: { text: string }
}

export interface SarifResult {
  ruleId: string
  ruleIndex: number
  level: SarifLevel
  message: { text: string }
  locations: SarifLocation[]
  partialFingerprints: Record<string, string>
  properties: { image: string; platform: string; severity: Severity; package: string }
}

export interface SarifRun {
  tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } }
  automationDetails: { id: string }
  columnKind: 'utf16CodeUnits'
  results: SarifResult[]
  properties: {
    image: string
    platform: string
    severities: Severity[]
    resultsDropped: number
    /** What judged the run's findings (scanner, DB, policy, the manifest digest scanned): stampVerdict. */
    verdict?: Record<string, unknown>
  }
}

export interface SarifLog {
  $schema: string
  version: typeof SARIF_VERSION
  runs: SarifRun[]
}

export interface SarifRunInput {
  /** The catalog's image name. */
  image: string
  /** os/arch[/variant], e.g. linux/amd64. */
  platform: string
  findings: Finding[]
  /**
   * The path Trivy scanned (its report's ArtifactName, e.g. the platform's OCI layout directory). An OS
   * package target that starts with it is located at the image: no temporary path reaches the SARIF.
   */
  reportTarget?: string
}

export interface SarifOptions {
  /** The gate's severities: the only ones the SARIF holds. */
  severities: readonly string[]
  /** tool.driver.version. */
  toolVersion: string
  maxResultsPerRun?: number
  maxRuns?: number
}

export interface SarifTruncation {
  /** Runs left out (more than maxRuns image/platform pairs): the least severe ones. */
  runsDropped: number
  /** Results at the gate's severities not in the file: past maxResultsPerRun in a run kept, or in a run left out. */
  resultsDropped: number
  /** The categories of the runs left out. */
  droppedCategories: string[]
}

/** `imagegate/<image>/<os>-<arch>[-<variant>]/`: the trailing slash makes it the whole category. */
export function sarifCategory(image: string, platform: string): string {
  return `imagegate/${image}/${platformSlug(platform)}/`
}

/** `node_modules/@scope/x` stays readable; what a relative URI cannot hold (`:`, `#`, `?`, spaces) is escaped. */
function toUri(path: string): string {
  const segments = path
    .replace(/\\/g, '/')
    .split('/')
    .filter(s => s !== '' && s !== '.')
  return segments.map(s => encodeURIComponent(s).replace(/%40/g, '@')).join('/') || '.'
}

/**
 * Where GitHub shows an image: its repository path without registry, tag or digest, as Trivy's own
 * SARIF writer does (pkg/report/sarif.go ToPathUri): `ghcr.io/org/api:1.2` -> `org/api`.
 */
export function imageUri(image: string): string {
  let ref = image.split('@')[0] as string
  const slash = ref.lastIndexOf('/')
  const colon = ref.lastIndexOf(':')
  if (colon > slash) ref = ref.slice(0, colon)
  const parts = ref.split('/')
  const first = parts[0] as string
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) parts.shift()
  return toUri(parts.join('/'))
}

interface Located {
  uri: string
  line?: number
  /** An OS package (located at the image) rather than a file in it. */
  atImage: boolean
}

/** Trivy's OS target `<path> (alpine 3.18.4)`; also a hidden file's `/etc/x (deleted, still in layer 2)`. */
const PAREN_SUFFIX = /^(.+?)\s+\([^)]*\)$/

function locate(f: Finding, atImageUri: string, reportTarget: string | undefined): Located {
  if (f.kind === 'secret') {
    // in the image config (its history, ENTRYPOINT, ENV): located at the image, as an OS package is
    if (f.pkg === IMAGE_CONFIG) return { uri: atImageUri, atImage: true }
    // findingsOf: target is `<file>:<line>` when Trivy knew the line, else the file (pkg)
    const m = f.target.startsWith(`${f.pkg}:`) ? /^(\d+)$/.exec(f.target.slice(f.pkg.length + 1)) : null
    const file = PAREN_SUFFIX.exec(f.pkg)?.[1] ?? f.pkg
    return { uri: toUri(stripRoot(file, reportTarget)), line: m ? Number(m[1]) : undefined, atImage: false }
  }
  const t = f.target
  const atImage =
    (reportTarget !== undefined &&
      reportTarget !== '' &&
      (t === reportTarget || t.startsWith(`${reportTarget} (`))) ||
    PAREN_SUFFIX.test(t)
  if (atImage) return { uri: atImageUri, atImage: true }
  return { uri: toUri(stripRoot(t, reportTarget)), atImage: false }
}

function stripRoot(path: string, root: string | undefined): string {
  if (root && path.startsWith(`${root}/`)) return path.slice(root.length + 1)
  return path
}

function fingerprint(parts: readonly (string | number | undefined)[]): string {
  return createHash('sha256')
    .update(parts.map(p => String(p ?? '')).join('\0'))
    .digest('hex')
}

interface Prepared {
  category: string
  image: string
  platform: string
  findings: Finding[]
  reportTarget?: string
}

function ruleFor(f: Finding, at: Located, severity: Severity): SarifRule {
  const title = (f.title ?? '').trim() || f.id
  const name =
    f.kind === 'secret'
      ? 'Secret'
      : at.atImage
        ? 'OsPackageVulnerability'
        : 'LanguageSpecificPackageVulnerability'
  const what = f.kind === 'secret' ? 'Secret' : 'Vulnerability'
  const link = f.url ? `\nLink: [${f.id}](${f.url})` : ''
  return {
    id: f.id,
    name,
    shortDescription: { text: title },
    fullDescription: { text: title },
    ...(f.url ? { helpUri: f.url } : {}),
    help: {
      text: `${what} ${f.id}\nSeverity: ${severity}\n${title}${link}`,
      markdown: `**${what} ${f.id}**\n\n| Severity | Title |\n| --- | --- |\n| ${severity} | ${title.replace(/\|/g, '\\|')} |\n${f.url ? `\n[${f.id}](${f.url})\n` : ''}`
    },
    defaultConfiguration: { level: SARIF_LEVEL[severity] },
    properties: {
      tags: [f.kind, 'security', severity],
      precision: 'very-high',
      'security-severity': SECURITY_SEVERITY[severity]
    }
  }
}

function buildRun(
  p: Prepared,
  severities: Severity[],
  toolVersion: string,
  max: number
): { run: SarifRun; dropped: number } {
  const kept = p.findings.slice(0, max)
  const rules = new Map<string, { rule: SarifRule; severity: Severity }>()
  const atImageUri = imageUri(p.image)
  const located = kept.map(f => {
    const at = locate(f, atImageUri, p.reportTarget)
    const known = rules.get(f.id)
    // a rule's severity is its most severe finding's (one CVE can be rated per package source)
    if (!known || severityRank(f.severity) < severityRank(known.severity)) {
      rules.set(f.id, { rule: ruleFor(f, at, f.severity), severity: f.severity })
    }
    return { f, at }
  })
  const ruleList = [...rules.values()].map(r => r.rule).sort((a, b) => compareNatural(a.id, b.id))
  const index = new Map(ruleList.map((r, i) => [r.id, i]))
  const results = located.map(({ f, at }): SarifResult => {
    const line = at.line ?? 1
    const where = f.kind === 'secret' ? f.target : at.atImage ? `${p.image} (${p.platform})` : f.target
    // describeFinding names a secret's title already; a vulnerability's follows it
    const title = f.kind === 'vulnerability' ? f.title?.trim() : undefined
    return {
      ruleId: f.id,
      ruleIndex: index.get(f.id) as number,
      level: SARIF_LEVEL[f.severity],
      message: {
        text: describeFinding({ ...f, image: p.image, platform: p.platform }) + (title ? `: ${title}` : '')
      },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: at.uri }, region: { startLine: line, endLine: line } },
          message: { text: f.kind === 'secret' ? where : `${where}: ${f.pkg}@${f.installed ?? ''}` }
        }
      ],
      // stable across runs: no version (an upgrade that does not fix keeps the alert), no scan path
      partialFingerprints: {
        [FINGERPRINT_KEY]: fingerprint([
          f.kind,
          f.id,
          f.pkg,
          at.uri,
          f.kind === 'secret' ? at.line : undefined
        ])
      },
      properties: { image: p.image, platform: p.platform, severity: f.severity, package: f.pkg }
    }
  })
  return {
    run: {
      tool: {
        driver: {
          name: TOOL_NAME,
          version: toolVersion,
          informationUri: 'https://github.com/aquasecurity/trivy',
          rules: ruleList
        }
      },
      automationDetails: { id: p.category },
      columnKind: 'utf16CodeUnits',
      results,
      properties: {
        image: p.image,
        platform: p.platform,
        severities,
        resultsDropped: p.findings.length - kept.length
      }
    },
    dropped: p.findings.length - kept.length
  }
}

/**
 * One SARIF run per image and platform, with only the findings at the gate's severities. Deterministic
 * whatever the input order: runs come out in category order, results most severe first (then id,
 * package, target), rules by id.
 *
 * Cutting, when GitHub's limits are exceeded:
 * - results: a run keeps its first maxResultsPerRun results in that order (the most severe);
 * - runs: the maxRuns runs kept are those with the most severe results (then the most results, then
 *   the category); the others are left out whole. A clean run ranks last: it only closes old alerts.
 * Inputs with the same image and platform are one run (GitHub rejects a repeated category).
 */
export function toSarif(
  runs: readonly SarifRunInput[],
  o: SarifOptions
): { sarif: SarifLog; truncated: SarifTruncation } {
  const maxResults = o.maxResultsPerRun ?? MAX_RESULTS_PER_RUN
  const maxRuns = o.maxRuns ?? MAX_RUNS
  const wanted = new Set(o.severities.map(s => s.trim().toUpperCase()))
  const severities = SEVERITIES.filter(s => wanted.has(s)).sort((a, b) => severityRank(a) - severityRank(b))
  const gated = new Set<Severity>(severities)

  const byCategory = new Map<string, Prepared>()
  for (const r of runs) {
    const category = sarifCategory(r.image, r.platform)
    const p = byCategory.get(category) ?? {
      category,
      image: r.image,
      platform: r.platform,
      findings: [],
      reportTarget: r.reportTarget
    }
    p.findings.push(...r.findings.filter(f => gated.has(f.severity)))
    byCategory.set(category, p)
  }
  const prepared = [...byCategory.values()]
  for (const p of prepared) p.findings.sort(compareFindings)

  const worst = (p: Prepared): number =>
    p.findings[0] ? severityRank(p.findings[0].severity) : SEVERITIES.length
  const ranked = [...prepared].sort(
    (a, b) =>
      worst(a) - worst(b) || b.findings.length - a.findings.length || compareNatural(a.category, b.category)
  )
  const keptRuns = ranked.slice(0, Math.max(0, maxRuns))
  const droppedRuns = ranked.slice(keptRuns.length)

  let resultsDropped = droppedRuns.reduce((n, p) => n + p.findings.length, 0)
  const out: SarifRun[] = []
  for (const p of keptRuns.sort((a, b) => compareNatural(a.category, b.category))) {
    const { run, dropped } = buildRun(p, severities, o.toolVersion, Math.max(0, maxResults))
    resultsDropped += dropped
    out.push(run)
  }
  return {
    sarif: { $schema: SARIF_SCHEMA, version: SARIF_VERSION, runs: out },
    truncated: {
      runsDropped: droppedRuns.length,
      resultsDropped,
      droppedCategories: droppedRuns.map(p => p.category).sort(compareNatural)
    }
  }
}

/** A line for the log and the summary when something was cut; undefined when nothing was. */
export function describeTruncation(
  t: SarifTruncation,
  o?: { maxResultsPerRun?: number; maxRuns?: number }
): string | undefined {
  if (t.runsDropped === 0 && t.resultsDropped === 0) return undefined
  const maxResults = (o?.maxResultsPerRun ?? MAX_RESULTS_PER_RUN).toLocaleString('en-US')
  const maxRuns = o?.maxRuns ?? MAX_RUNS
  const parts = []
  if (t.runsDropped > 0)
    parts.push(`${t.runsDropped} image/platform run(s) left out (${t.droppedCategories.join(', ')})`)
  parts.push(`${t.resultsDropped} result(s) not in the file`)
  return (
    `SARIF cut to GitHub's limits (${maxRuns} runs per file, ${maxResults} results per run): ` +
    `${parts.join('; ')}. The most severe findings were kept; the Trivy JSON reports hold every finding.`
  )
}

/** Names in every run what judged it, so a verdict can be reproduced from the SARIF file alone. */
export function stampVerdict(
  sarif: SarifLog,
  verdictOf: (image: string, platform: string) => Record<string, unknown>
): SarifLog {
  for (const run of sarif.runs)
    run.properties.verdict = verdictOf(run.properties.image, run.properties.platform)
  return sarif
}
