// SBOMs with Trivy's own writers (`trivy convert`), from the platform's scan report: the packages the gate
// judged are the packages the SBOM lists, and the layout is read once.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { tail, type Limit } from '../exec.js'
import { parseJson } from '../json.js'
import { runTrivy } from './env.js'
import type { SbomFormat } from '../sbom/sbom.js'

/** The image a platform's report is of, as it is pushed. */
export interface ReportImage {
  /** `<registry>/<org>/<name>` */
  repository: string
  /** The platform image's manifest digest: the bytes that were scanned. */
  manifest: string
}

/**
 * Pure: the scan report named as the pushed image rather than the local layout it was read from (Trivy
 * names the document and its root package after ArtifactName, and writes the image's purl from its
 * RepoDigests), as a scan of `<repository>@<manifest>` from the registry would have it.
 */
export function namedReport(text: string, file: string, image: ReportImage): string {
  const report = parseJson(text, () => `Trivy report ${file} is not JSON`) as Record<string, unknown>
  const metadata = (report.Metadata ?? {}) as Record<string, unknown>
  const ref = `${image.repository}@${image.manifest}`
  return JSON.stringify({ ...report, ArtifactName: ref, Metadata: { ...metadata, RepoDigests: [ref] } })
}

/** Pure: the argv of Trivy's conversion of a JSON report (`--list-all-pkgs`) to an SBOM format. */
export function trivyConvertArgs(o: { report: string; output: string; format: SbomFormat }): string[] {
  return [
    'convert',
    '--format',
    o.format === 'spdx-json' ? 'spdx-json' : 'cyclonedx',
    '--output',
    o.output,
    '--quiet',
    o.report
  ]
}

/**
 * Writes the SBOM of a scanned platform from its report with Trivy's own writer. `work`: where the named
 * copy of the report goes (the report itself is evidence, kept as Trivy wrote it).
 */
export async function trivySbom(
  trivy: string,
  o: {
    reportFile: string
    image: ReportImage
    output: string
    format: SbomFormat
    work: string
    /** scan-timeout */
    limit?: Limit
  },
  what: string
): Promise<void> {
  const report = path.join(o.work, `${path.basename(o.output)}.report.json`)
  fs.mkdirSync(o.work, { recursive: true })
  fs.writeFileSync(report, namedReport(fs.readFileSync(o.reportFile, 'utf8'), o.reportFile, o.image))
  fs.mkdirSync(path.dirname(o.output), { recursive: true })
  fs.rmSync(o.output, { force: true })
  const r = await runTrivy(trivy, trivyConvertArgs({ report, output: o.output, format: o.format }), {
    stage: 'sbom',
    limit: o.limit,
    subject: what
  })
  if (r.exitCode !== 0)
    throw new Error(
      `the SBOM of ${what} failed: trivy exited ${r.exitCode}: ${tail(r.stderr || r.stdout, 8) || '(no message)'}`
    )
  // the caller validates the document; a missing one is Trivy's failure, not a malformed SBOM
  if (!fs.existsSync(o.output))
    throw new Error(`the SBOM of ${what} failed: trivy exited 0 but wrote no SBOM`)
}
