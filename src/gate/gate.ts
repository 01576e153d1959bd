// The gate. Pure: per image and platform, findings (and, later, rule verdicts) -> what blocks, per image
// and for the catalog; and which images may be pushed under the push strategy.
import type { Finding, Severity } from '../trivy/report.js'

export interface PlatformScan {
  platform: string
  findings: Finding[]
}

export interface ImageOutcome {
  name: string
  /** Set when the image could not be built or scanned: it blocks like a finding. */
  error?: string
  scans: PlatformScan[]
}

export interface BlockingFinding extends Finding {
  image: string
  platform: string
}

export interface ImageVerdict {
  name: string
  passed: boolean
  blocking: BlockingFinding[]
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
    const reasons = [...(o.error ? [`${o.name}: ${o.error}`] : []), ...blocking.map(describeFinding)]
    return { name: o.name, passed: !o.error && blocking.length === 0, blocking, reasons }
  })
  return { passed: images.every(i => i.passed), images }
}

export type PushStrategy = 'all-or-nothing' | 'per-image'

/** The images that may be pushed: all of them only when all passed, or each one that passed. */
export function pushable(result: GateResult, strategy: PushStrategy): string[] {
  if (strategy === 'all-or-nothing') return result.passed ? result.images.map(i => i.name) : []
  return result.images.filter(i => i.passed).map(i => i.name)
}
