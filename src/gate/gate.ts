// The gate. Pure: per image and platform, findings (and, later, rule verdicts) -> what blocks, per image
// and for the catalog; and which images may be pushed under the push strategy.
import type { Finding, Severity } from '../trivy/report.js'

export interface PlatformScan {
  platform: string
  findings: Finding[]
}

/** A hardening rule or the smoke test, on one image (and platform). */
export interface Check {
  rule: string
  mode: 'warn' | 'enforce'
  passed: boolean
  message: string
  /** Where the check points in the workspace (a Dockerfile line): its annotation lands there. */
  file?: string
  line?: number
}

export interface ImageOutcome {
  name: string
  /** Set when the image could not be built or scanned: it blocks like a finding. */
  error?: string
  scans: PlatformScan[]
  /** Hardening rules and the smoke test: an enforced one that failed blocks like a finding. */
  checks?: Check[]
}

export interface BlockingFinding extends Finding {
  image: string
  platform: string
}

export interface ImageVerdict {
  name: string
  passed: boolean
  blocking: BlockingFinding[]
  /** Enforced checks that failed (they block) and warnings (they do not). */
  failedChecks: Check[]
  warnings: Check[]
  /** Why the image failed, one line each (errors first, then findings). */
  reasons: string[]
}

export interface GateResult {
  passed: boolean
  images: ImageVerdict[]
}

export function describeFinding(f: BlockingFinding): string {
  if (f.kind === 'secret') {
    return `${f.image} ${f.platform}: ${f.severity} secret ${f.id} (${f.title ?? 'secret'}) in ${f.target}`
  }
  const fix = f.fixed ? `fixed in ${f.fixed}` : 'no fix yet'
  return `${f.image} ${f.platform}: ${f.severity} ${f.id} in ${f.pkg} ${f.installed ?? ''} (${fix})`.replace(
    '  ',
    ' '
  )
}

export function gate(outcomes: readonly ImageOutcome[], failOn: readonly string[]): GateResult {
  const blockingSeverities = new Set<Severity>(failOn as Severity[])
  const images = outcomes.map(o => {
    const blocking: BlockingFinding[] = []
    for (const s of o.scans) {
      for (const f of s.findings) {
        if (blockingSeverities.has(f.severity)) blocking.push({ ...f, image: o.name, platform: s.platform })
      }
    }
    const failedChecks = (o.checks ?? []).filter(c => !c.passed && c.mode === 'enforce')
    const warnings = (o.checks ?? []).filter(c => !c.passed && c.mode === 'warn')
    const reasons = [
      ...(o.error ? [`${o.name}: ${o.error}`] : []),
      ...blocking.map(describeFinding),
      ...failedChecks.map(c => c.message)
    ]
    return {
      name: o.name,
      passed: !o.error && blocking.length === 0 && failedChecks.length === 0,
      blocking,
      failedChecks,
      warnings,
      reasons
    }
  })
  return { passed: images.every(i => i.passed), images }
}

export type PushStrategy = 'all-or-nothing' | 'per-image'

/** The images that may be pushed: all of them only when all passed, or each one that passed. */
export function pushable(result: GateResult, strategy: PushStrategy): string[] {
  if (strategy === 'all-or-nothing') return result.passed ? result.images.map(i => i.name) : []
  return result.images.filter(i => i.passed).map(i => i.name)
}
