// SBOMs with Trivy, from a platform's OCI layout (the real SBOM path on the test bed).
import * as fs from 'node:fs'
import * as path from 'node:path'
import { tail, type Limit } from '../exec.js'
import { runTrivy } from './env.js'
import type { SbomFormat } from '../sbom/sbom.js'
import { settingsArgs } from './options.js'
import { trivyTimeout, type ScanFlags, type TrivyVersion } from './scan.js'

export function trivySbomArgs(o: {
  input: string
  output: string
  format: SbomFormat
  cacheDir: string
  version: TrivyVersion
  /** scan-timeout: Trivy's own --timeout is set past it (trivyTimeout) */
  limit?: Limit
  /** The scanner options: the SBOM lists what the scan read, no more */
  settings?: ScanFlags
}): string[] {
  return [
    'image',
    '--input',
    o.input,
    ...(o.settings ? settingsArgs(o.settings, o.version) : []),
    '--format',
    o.format === 'spdx-json' ? 'spdx-json' : 'cyclonedx',
    '--output',
    o.output,
    '--cache-dir',
    o.cacheDir,
    '--skip-db-update',
    '--skip-java-db-update',
    o.version.skipChecksFlag,
    '--timeout',
    trivyTimeout(o.limit),
    '--quiet'
  ]
}

export async function trivySbom(
  trivy: string,
  o: {
    input: string
    output: string
    format: SbomFormat
    cacheDir: string
    version: TrivyVersion
    /** scan-timeout */
    limit?: Limit
    settings?: ScanFlags
  },
  what: string
): Promise<void> {
  fs.mkdirSync(path.dirname(o.output), { recursive: true })
  const r = await runTrivy(trivy, trivySbomArgs(o), { stage: 'sbom', limit: o.limit, subject: what })
  if (r.exitCode !== 0)
    throw new Error(
      `the SBOM of ${what} failed: trivy exited ${r.exitCode}: ${tail(r.stderr || r.stdout, 8)}`
    )
}
