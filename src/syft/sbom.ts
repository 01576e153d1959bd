// SBOMs with syft (the default generator on GitHub runners), from a platform's OCI layout.
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import { exec, tail, type Limit } from '../exec.js'
import type { SbomFormat } from '../sbom/sbom.js'

export function syftArgs(o: { input: string; output: string; format: SbomFormat; name: string }): string[] {
  const format = o.format === 'spdx-json' ? 'spdx-json' : 'cyclonedx-json'
  return [
    'scan',
    `oci-dir:${o.input}`,
    '--output',
    `${format}=${o.output}`,
    '--source-name',
    o.name,
    '--quiet'
  ]
}

export async function syftSbom(
  syft: string,
  o: {
    input: string
    output: string
    format: SbomFormat
    name: string
    /** scan-timeout */
    limit?: Limit
  },
  what: string
): Promise<void> {
  fs.mkdirSync(path.dirname(o.output), { recursive: true })
  const r = await exec(syft, syftArgs(o), { stage: 'sbom', limit: o.limit, subject: what })
  if (r.exitCode !== 0)
    throw new Error(`the SBOM of ${what} failed: syft exited ${r.exitCode}: ${tail(r.stderr || r.stdout, 8)}`)
  // what syft says on stderr even when it succeeds (warnings; a stand-in saying it is one)
  if (r.stderr.trim()) core.info(`syft (${what}): ${tail(r.stderr, 5)}`)
}
