// Re-judged today: the attested SPDX SBOM of every platform scanned again with this run's Trivy and DB
// (`trivy sbom`: no image pulled, nothing rebuilt), and the findings judged at this run's policy
// (severities, gate mode, baseline, exceptions) by the gate the build uses.
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { GateModeT } from '../catalog/schema.js'
import { tail } from '../exec.js'
import { gate } from '../gate/gate.js'
import type { Scanner } from '../pipeline/platform.js'
import type { Baseline } from '../policy/baseline.js'
import type { Exceptions } from '../policy/exceptions.js'
import type { SarifRunInput } from '../report/sarif.js'
import { runTrivy } from '../trivy/env.js'
import { countBySeverity, findingsOf, parseReport, SEVERITIES, type Finding } from '../trivy/report.js'
import { ScannerError, trivyTimeout } from '../trivy/scan.js'
import type { Rescan } from './verify.js'

export interface SbomScanOpts {
  sbom: string
  output: string
  cacheDir: string
  ignoreUnfixed: boolean
  ignoreFile?: string
  timeout: string
}

/**
 * Pure: the argv of one SBOM's scan, offline as the image scans are (scan.ts scanArgs). `trivy sbom`
 * runs no checks, so it takes no checks-update flag (it refuses one).
 */
export function sbomScanArgs(o: SbomScanOpts): string[] {
  const args = ['sbom', o.sbom, '--format', 'json', '--output', o.output]
  args.push('--severity', SEVERITIES.join(','))
  args.push('--cache-dir', o.cacheDir, '--skip-db-update', '--skip-java-db-update')
  if (o.ignoreUnfixed) args.push('--ignore-unfixed')
  if (o.ignoreFile) args.push('--ignorefile', o.ignoreFile)
  args.push('--timeout', o.timeout, '--quiet')
  return args
}

export interface RescanPolicy {
  severity: readonly string[]
  ignoreUnfixed: boolean
  ignoreFile?: string
  /** Gate mode per image (this run's gate-mode input over the catalog's). */
  modes: Readonly<Record<string, GateModeT>>
  exceptions?: Exceptions
  baseline?: Baseline
}

export interface RescanSetup {
  scanner: Scanner
  /** Where the SBOMs and the reports are written. */
  work: string
  policy: RescanPolicy
  dbDigest?: string
}

/** The re-scan of every image, and the SARIF runs of every platform it scanned. */
export function sbomRescan(setup: RescanSetup): { rescan: Rescan; sarifRuns: SarifRunInput[] } {
  const sarifRuns: SarifRunInput[] = []
  const rescan: Rescan = async ({ name, evidence }) => {
    const scans: { platform: string; findings: Finding[] }[] = []
    for (const sbom of evidence.sboms) {
      const slug = `${name}-${sbom.platform.replace(/[^a-z0-9]+/gi, '-')}`
      const sbomFile = path.join(setup.work, `${slug}.spdx.json`)
      const output = path.join(setup.work, `${slug}.trivy.json`)
      fs.mkdirSync(setup.work, { recursive: true })
      fs.writeFileSync(sbomFile, JSON.stringify(sbom.statement.predicate))
      fs.rmSync(output, { force: true })
      const what = `${name} ${sbom.platform} (attested SBOM)`
      const r = await runTrivy(
        setup.scanner.trivy,
        sbomScanArgs({
          sbom: sbomFile,
          output,
          cacheDir: setup.scanner.db.cacheDir,
          ignoreUnfixed: setup.policy.ignoreUnfixed,
          ...(setup.policy.ignoreFile ? { ignoreFile: setup.policy.ignoreFile } : {}),
          timeout: trivyTimeout(setup.scanner.timeout)
        }),
        { stage: 'scan', limit: setup.scanner.timeout, subject: what }
      )
      if (r.exitCode !== 0 || !fs.existsSync(output)) {
        throw new ScannerError(
          `the re-scan of ${what} failed: trivy ${r.timedOut ? 'timed out' : `exited ${r.exitCode}`}\n${tail(r.stderr || r.stdout, 12)}`
        )
      }
      const findings = findingsOf(parseReport(fs.readFileSync(output, 'utf8'), output))
      scans.push({ platform: sbom.platform, findings })
      sarifRuns.push({ image: name, platform: sbom.platform, findings })
    }
    const verdict = gate([{ name, scans }], setup.policy.severity, {
      modes: setup.policy.modes,
      ...(setup.policy.exceptions ? { exceptions: setup.policy.exceptions } : {}),
      ...(setup.policy.baseline ? { baseline: setup.policy.baseline } : {})
    }).images[0]
    return {
      trivyVersion: setup.scanner.version.version,
      db: {
        ...(setup.scanner.db.updatedAt ? { updatedAt: setup.scanner.db.updatedAt } : {}),
        ...(setup.dbDigest ? { digest: setup.dbDigest } : {})
      },
      passed: verdict?.passed ?? false,
      reasons: verdict?.reasons ?? [`${name}: the gate gave no verdict`],
      platforms: scans.map(s => ({
        platform: s.platform,
        findings: countBySeverity(s.findings),
        blocking: (verdict?.blocking ?? [])
          .filter(f => f.platform === s.platform)
          .map(f => ({
            id: f.id,
            severity: f.severity,
            pkg: f.pkg,
            ...(f.installed ? { installed: f.installed } : {}),
            ...(f.fixed ? { fixed: f.fixed } : {})
          }))
      }))
    }
  }
  return { rescan, sarifRuns }
}
