// A run's `trivy fs` processes: the misconfiguration scan of the catalog's Dockerfiles (config.ts), started
// with the run, and the secret scan of the run's hidden files (hidden-files.ts), once every platform has
// given its own. They were one process while a Trivy start cost about a second of CPU (v0.44 compiled
// every rego check at start); from v0.55 on Trivy loads its checks only for a misconfiguration scan, so
// the secret scan starts in 0.05 s and the Dockerfile checks no longer wait for the last build.
import * as fs from 'node:fs'
import { tail, type Limit } from '../exec.js'
import { runTrivy } from './env.js'
import { trivyTimeout, type TrivyVersion } from './scan.js'

/** The Trivy a run's file scan runs: the run's scanner. */
export interface TrivyRun {
  trivy: string
  version: TrivyVersion
  cacheDir: string
  /** scan-timeout: the Trivy process is stopped when it expires */
  limit?: Limit
}

/** What the scan looks for: secrets (in the hidden files), misconfigurations (in the Dockerfiles). */
export interface FsScanners {
  secret: boolean
  misconfig: boolean
}

/**
 * `--misconfig-scanners` (Trivy v0.48): only the Dockerfile checks run, so a hidden YAML or JSON file
 * costs no Kubernetes or CloudFormation check. An unnumbered build has it when it has the v0.52 skip flag.
 */
export function hasMisconfigScanners(version: TrivyVersion): boolean {
  const m = /^(\d+)\.(\d+)\./.exec(version.version)
  if (m) return Number(m[1]) > 0 || Number(m[2]) >= 48
  return version.skipChecksFlag === '--skip-check-update'
}

/**
 * Pure: the argv of the run's `trivy fs` (`trivy config` is this very scan with misconfig only). The
 * misconfiguration scanner is `misconfig` from v0.48 on, where `config` is a deprecated alias; before it,
 * `config` is its only name.
 */
export function fsScanArgs(o: TrivyRun & FsScanners & { dir: string; output: string }): string[] {
  const current = hasMisconfigScanners(o.version)
  const scanners = [
    ...(o.secret ? ['secret'] : []),
    ...(o.misconfig ? [current ? 'misconfig' : 'config'] : [])
  ]
  return [
    'fs',
    '--scanners',
    scanners.join(','),
    ...(o.misconfig && current ? ['--misconfig-scanners', 'dockerfile'] : []),
    '--format',
    'json',
    '--output',
    o.output,
    '--cache-dir',
    o.cacheDir,
    '--skip-db-update',
    o.version.skipChecksFlag,
    '--timeout',
    trivyTimeout(o.limit),
    '--quiet',
    o.dir
  ]
}

/**
 * Runs the scan of `dir` and returns its JSON report's text (each part parses its own results from it).
 * `subject` names what it reads (in a timeout's error). No `--exit-code`: a Trivy that exits non-zero, or
 * exits 0 without a report, failed: an FsScanError, which each part words as its own failure.
 */
export async function runFsScan(
  o: TrivyRun & FsScanners & { dir: string; output: string; subject: string }
): Promise<string> {
  fs.rmSync(o.output, { force: true })
  const r = await runTrivy(o.trivy, fsScanArgs(o), { stage: 'scan', limit: o.limit, subject: o.subject })
  if (r.exitCode !== 0) {
    const said = tail(r.stderr || r.stdout, 5) || '(no message: Trivy says nothing on some failures)'
    throw new FsScanError(`trivy exited ${r.exitCode}: ${said}`)
  }
  if (!fs.existsSync(o.output)) throw new FsScanError('trivy exited 0 but wrote no report')
  return fs.readFileSync(o.output, 'utf8')
}

/** A Trivy that failed (a non-zero exit, no report): each part words its own error from it. */
export class FsScanError extends Error {
  override name = 'FsScanError'
}

/** A report's result's top-level folder below the scanned root (Trivy's targets are relative to it). */
export function topFolder(target: string): { folder: string; rest: string } {
  const rel = target.replace(/^\/+/, '')
  const slash = rel.indexOf('/')
  return slash < 0 ? { folder: rel, rest: '' } : { folder: rel.slice(0, slash), rest: rel.slice(slash + 1) }
}
