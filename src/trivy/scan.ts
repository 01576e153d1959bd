// Trivy: the version found, the argv of a scan (pure) and running a scan (the DB it reads: db.ts).
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { z } from 'zod'
import { formatDuration, tail, type Limit } from '../exec.js'
import { runTrivy } from './env.js'
import { scannersArg, settingsArgs, type GatedScanner, type ScanSettings } from './options.js'
import { findingsOf, parseReport, SEVERITIES, type Finding, type TrivyReport } from './report.js'

export interface TrivyVersion {
  /** `0.44.1`, or what the binary says (`dev` for some builds). */
  version: string
  /** The flag that keeps Trivy from fetching its checks: renamed in v0.52. */
  skipChecksFlag: '--skip-policy-update' | '--skip-check-update'
  /** An unnumbered build's package-type flag, from its help text (a numbered one's is known: pkgTypesFlag). */
  pkgTypesFlag?: '--pkg-types' | '--vuln-type'
}

/** A TrivyVersion read back from the results cache. */
export const TrivyVersionSchema = z.object({
  version: z.string().min(1),
  skipChecksFlag: z.enum(['--skip-policy-update', '--skip-check-update']),
  pkgTypesFlag: z.enum(['--pkg-types', '--vuln-type']).optional()
})

/** The version line of `trivy --version`. */
export function parseTrivyVersion(text: string): string | undefined {
  return /^Version:\s*v?(\S+)/m.exec(text)?.[1]
}

/**
 * Trivy renamed --skip-policy-update to --skip-check-update (v0.52). The version is not always a number
 * (some builds say `dev`), so the flag is read from `trivy image --help`, with the version as fallback.
 */
export function skipChecksFlag(help: string, version: string | undefined): TrivyVersion['skipChecksFlag'] {
  if (help.includes('--skip-check-update')) return '--skip-check-update'
  if (help.includes('--skip-policy-update')) return '--skip-policy-update'
  const m = /^(\d+)\.(\d+)\./.exec(version ?? '')
  return m && (Number(m[1]) > 0 || Number(m[2]) >= 52) ? '--skip-check-update' : '--skip-policy-update'
}

export interface ScanOpts {
  trivy: string
  version: TrivyVersion
  /** The OCI layout of one platform. */
  input: string
  /** Its config digest: the report must name it (Metadata.ImageID), or it is of another image. */
  imageId?: string
  output: string
  cacheDir: string
  ignoreUnfixed: boolean
  ignoreFile?: string
  /** Secret scanning of the image's files, beside vulnerabilities. */
  secrets: boolean
  /** The scanner options (skip-dirs, skip-files, pkg-types, trivy-config as an absolute path). */
  settings?: ScanFlags
  /** Every package in the report (`--list-all-pkgs`), not only vulnerable ones: the SBOM is written from it. */
  listAllPkgs?: boolean
  /** Trivy's own --timeout (trivyTimeout). */
  timeout: string
  /** scan-timeout: the process is stopped when it expires. */
  limit?: Limit
}

/**
 * Trivy's own --timeout: a minute past scan-timeout, so that imagegate's limit, named in the error, is the
 * one that stops a hung scan; without a limit, GitHub's 6-hour job limit (Trivy has no "no timeout").
 */
export function trivyTimeout(limit: Limit | undefined): string {
  return limit ? formatDuration(limit.ms + 60_000) : '6h'
}

/** The scanner options as a scan's argv takes them: the trivy.yaml as an absolute path. */
export type ScanFlags = Pick<ScanSettings, 'skipDirs' | 'skipFiles' | 'pkgTypes'> & { trivyConfig?: string }

/**
 * Pure: the argv of a platform's scan. `--exit-code 0` (Trivy's default, over any trivy.yaml): findings
 * are read from the report, so every non-zero exit means "Trivy failed" (some builds exit 1 for any
 * non-zero --exit-code, which would make findings and a crash one code).
 */
export function scanArgs(o: ScanOpts): string[] {
  const args = ['image', '--input', o.input, '--format', 'json', '--output', o.output]
  // the user's trivy.yaml and skips first: every flag below is imagegate's and wins over the file
  if (o.settings) args.push(...settingsArgs(o.settings, o.version))
  // every severity is reported; the gate decides which ones block
  args.push('--severity', SEVERITIES.join(','))
  const scanners: GatedScanner[] = o.secrets ? ['vuln', 'secret'] : ['vuln']
  args.push('--scanners', scannersArg(scanners))
  if (o.listAllPkgs) args.push('--list-all-pkgs')
  args.push('--cache-dir', o.cacheDir, '--skip-db-update', '--skip-java-db-update', o.version.skipChecksFlag)
  // the policy is imagegate's, said on the command line so that neither a trivy.yaml (exit-code,
  // ignore-unfixed, ignorefile) nor a .trivyignore in the working directory (Trivy's default
  // --ignorefile) changes it unrecorded: the exit code is Trivy's default, unfixed findings count unless
  // the input says otherwise, and the only ignore file is the trivyignores input's
  args.push('--exit-code', '0')
  args.push(o.ignoreUnfixed ? '--ignore-unfixed' : '--ignore-unfixed=false')
  args.push('--ignorefile', o.ignoreFile ?? os.devNull)
  args.push('--timeout', o.timeout, '--quiet')
  return args
}

export interface ScanResult {
  report: TrivyReport
  findings: Finding[]
  reportFile: string
  ms: number
}

export async function scan(o: ScanOpts, what: string): Promise<ScanResult> {
  fs.mkdirSync(path.dirname(o.output), { recursive: true })
  fs.rmSync(o.output, { force: true })
  const r = await runTrivy(o.trivy, scanArgs(o), { stage: 'scan', limit: o.limit, subject: what })
  if (r.exitCode !== 0) {
    const why = r.timedOut ? 'timed out' : `exited ${r.exitCode}`
    const said =
      tail(r.stderr || r.stdout, 12) ||
      '(no message: Trivy says nothing on some failures, e.g. an unreadable DB)'
    throw new ScannerError(`the scanner failed on ${what}: trivy ${why}\n${said}`)
  }
  // exit 0 is no verdict by itself: only a complete report says what was found
  if (!fs.existsSync(o.output)) throw new ScannerError(`the scanner failed on ${what}: trivy wrote no report`)
  let report: TrivyReport
  try {
    report = parseReport(fs.readFileSync(o.output, 'utf8'), o.output)
  } catch (err) {
    throw new ScannerError(`the scanner failed on ${what}: ${(err as Error).message}`, { cause: err })
  }
  // a report is a verdict only on the image it is of (Trivy names the config it read: its ImageID)
  const of = report.Metadata?.ImageID
  if (o.imageId && of !== o.imageId)
    throw new ScannerError(
      `the scanner failed on ${what}: its report is of ${of ? `the image ${of}` : 'no image (it has no Metadata.ImageID)'}, not of the scanned one (${o.imageId})`
    )
  return { report, findings: findingsOf(report), reportFile: o.output, ms: r.ms }
}

export class ScannerError extends Error {
  override name = 'ScannerError'
}

/**
 * The version and the skip flag. `known` is the version the installer already read (its own `--version`
 * call): then a numbered version costs no process at all, and an unnumbered one (`dev`) one `image --help`.
 */
export async function trivyVersion(trivy: string, known?: string): Promise<TrivyVersion> {
  const numbered = (v: string | undefined) => v !== undefined && /^\d+\.\d+\./.test(v)
  let version = known
  if (version === undefined) {
    const v = await runTrivy(trivy, ['--version'], { stage: 'tools', timeoutMs: 60_000 })
    version = parseTrivyVersion(v.stdout + v.stderr)
    if (v.exitCode !== 0 || !version) {
      throw new ScannerError(
        `${trivy} --version failed (exit ${v.exitCode}): ${tail(v.stderr || v.stdout, 5)}`
      )
    }
  }
  if (numbered(version)) return { version, skipChecksFlag: skipChecksFlag('', version) }
  // an unnumbered build (`dev`: a release's source built without its version stamp) is of unknown age:
  // its flags are read from its own help, never guessed from the name
  const help = await runTrivy(trivy, ['image', '--help'], { stage: 'tools', timeoutMs: 60_000 })
  if (help.exitCode !== 0) {
    throw new ScannerError(
      `${trivy} image --help failed (exit ${help.exitCode}): ${tail(help.stderr || help.stdout, 5)}`
    )
  }
  const text = help.stdout + help.stderr
  return {
    version,
    skipChecksFlag: skipChecksFlag(text, version),
    pkgTypesFlag: text.includes('--pkg-types') ? '--pkg-types' : '--vuln-type'
  }
}
