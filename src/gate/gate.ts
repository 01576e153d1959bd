// The gate. Pure: per image and platform, findings and rule verdicts, under the policy (gate mode per
// image, baseline, exceptions) -> what blocks, per image and for the catalog; and which images may be
// pushed under the push strategy.
import type { GateModeT } from '../catalog/schema.js'
import {
  diffImage,
  findingKey,
  type Baseline,
  type BaselineFinding,
  type FindingsDiff
} from '../policy/baseline.js'
import {
  exceptionFor,
  exceptionsReport,
  type ExceptionEntry,
  type Exceptions,
  type ExceptionsReport
} from '../policy/exceptions.js'
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

/** How this run's gate judged one finding. */
export type FindingStatus =
  /** at a gated severity and it blocks */
  | 'blocking'
  /** at a gated severity, in the baseline (`new` mode): it does not block */
  | 'known'
  /** at a gated severity, covered by an active exception */
  | 'excepted'
  /** at a gated severity, `report` mode: reported, never blocking */
  | 'reported'
  /** below the gated severities */
  | 'below'

export interface ExceptedFinding extends BlockingFinding {
  exception: ExceptionEntry
}

export interface ImageVerdict {
  name: string
  passed: boolean
  blocking: BlockingFinding[]
  // The policy's view (optional, so verdicts written by hand elsewhere stay valid): gate() sets them all.
  /** The gate mode the image was judged in (all when unset). */
  mode?: GateModeT
  /** Findings at the gated severities that did not block: known (new mode), excepted, reported (report mode). */
  known?: BlockingFinding[]
  excepted?: ExceptedFinding[]
  reported?: BlockingFinding[]
  /** Status of every finding, per platform, in the order of `outcome.scans[].findings`. */
  statuses?: FindingStatus[][]
  /** Against the baseline, when one is available for the image: new / known / fixed counts (all severities). */
  diff?: { added: number; known: number; fixed: BaselineFinding[] }
  /** Enforced checks that failed (they block) and warnings (they do not). */
  failedChecks: Check[]
  warnings: Check[]
  /** Why the image failed, one line each (errors first, then findings). */
  reasons: string[]
}

export interface GateResult {
  passed: boolean
  images: ImageVerdict[]
  /** What each exception did in this run (when an exceptions file was given). */
  exceptions?: ExceptionsReport
  /** The baseline used (or why none could be). */
  baseline?: { source: string; available: boolean; reason?: string }
}

/** The policy findings are judged by; without one, every image is `all` (every gated finding blocks). */
export interface GatePolicy {
  /** Gate mode per image name (default `all`). */
  modes?: Readonly<Record<string, GateModeT>>
  /** Needed by `new` mode; when given, the summary splits findings into new / known / fixed. */
  baseline?: Baseline
  exceptions?: Exceptions
  now?: Date
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

export function gate(
  outcomes: readonly ImageOutcome[],
  failOn: readonly string[],
  policy: GatePolicy = {}
): GateResult {
  const blockingSeverities = new Set<Severity>(failOn as Severity[])
  const now = policy.now ?? new Date()
  const baseline = policy.baseline
  const matched = new Map<number, number>()
  const images = outcomes.map(o => {
    const mode = policy.modes?.[o.name] ?? 'all'
    const diff: FindingsDiff | undefined =
      baseline?.available && baseline.images.has(o.name) ? diffImage(o.name, o.scans, baseline) : undefined
    // `new` mode without a baseline for the image: red, with the reason (never "all known" nor "all new")
    const noBaseline =
      mode !== 'new' || diff
        ? undefined
        : !baseline
          ? 'gate mode new needs a baseline: none was given (input baseline)'
          : !baseline.available
            ? `the baseline is unavailable (${baseline.source}): ${baseline.reason}`
            : `the baseline (${baseline.source}) holds no findings of ${o.name} (a new image? judge it in gate mode all first)`
    const blocking: BlockingFinding[] = []
    const known: BlockingFinding[] = []
    const excepted: ExceptedFinding[] = []
    const reported: BlockingFinding[] = []
    /** Why a blocking finding blocks when an expired exception covered it. */
    const expiredReasons = new Map<BlockingFinding, string>()
    const statuses: FindingStatus[][] = []
    for (const s of o.scans) {
      const row: FindingStatus[] = []
      for (const f of s.findings) {
        const found: BlockingFinding = { ...f, image: o.name, platform: s.platform }
        const exception = exceptionFor(policy.exceptions, o.name, f, now)
        if (exception) matched.set(exception.entry.index, (matched.get(exception.entry.index) ?? 0) + 1)
        let status: FindingStatus
        if (!blockingSeverities.has(f.severity)) status = 'below'
        else if (exception && !exception.expired) status = 'excepted'
        else if (mode === 'report') status = 'reported'
        else if (exception?.expired) {
          // an exception that ran out makes its finding block again, known or not
          status = 'blocking'
          const e = exception.entry
          expiredReasons.set(
            found,
            `${describeFinding(found)}: its exception expired on ${e.expires} (owner ${e.owner}, ${e.at})`
          )
        } else if (mode === 'new' && diff?.known.has(findingKey(o.name, s.platform, f))) status = 'known'
        else status = 'blocking'
        row.push(status)
        if (status === 'blocking') blocking.push(found)
        else if (status === 'known') known.push(found)
        else if (status === 'reported') reported.push(found)
        else if (status === 'excepted' && exception) excepted.push({ ...found, exception: exception.entry })
      }
      statuses.push(row)
    }
    const failedChecks = (o.checks ?? []).filter(c => !c.passed && c.mode === 'enforce')
    const warnings = (o.checks ?? []).filter(c => !c.passed && c.mode === 'warn')
    const reasons = [
      ...(o.error ? [`${o.name}: ${o.error}`] : []),
      ...(noBaseline ? [`${o.name}: ${noBaseline}`] : []),
      ...blocking.map(f => expiredReasons.get(f) ?? describeFinding(f)),
      ...failedChecks.map(c => c.message)
    ]
    return {
      name: o.name,
      passed: !o.error && !noBaseline && blocking.length === 0 && failedChecks.length === 0,
      mode,
      blocking,
      known,
      excepted,
      reported,
      statuses,
      ...(diff ? { diff: { added: diff.added.size, known: diff.known.size, fixed: diff.fixed } } : {}),
      failedChecks,
      warnings,
      reasons
    }
  })
  const result: GateResult = { passed: images.every(i => i.passed), images }
  if (policy.exceptions) {
    result.exceptions = exceptionsReport(
      policy.exceptions,
      matched,
      outcomes.map(o => o.name),
      now
    )
  }
  if (baseline) {
    result.baseline = {
      source: baseline.source,
      available: baseline.available,
      ...(baseline.available ? {} : { reason: baseline.reason })
    }
  }
  return result
}

export type PushStrategy = 'all-or-nothing' | 'per-image'

/** The images that may be pushed: all of them only when all passed, or each one that passed. */
export function pushable(result: GateResult, strategy: PushStrategy): string[] {
  if (strategy === 'all-or-nothing') return result.passed ? result.images.map(i => i.name) : []
  return result.images.filter(i => i.passed).map(i => i.name)
}
