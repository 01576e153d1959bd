// SBOM files: where they go, and checking what a generator wrote before it is uploaded. Pure but for
// reading the file.
import { platformSlug } from '../plan/grammar.js'
import * as fs from 'node:fs'
import { z } from 'zod'
import { parseJson } from '../json.js'

export type SbomFormat = 'spdx-json' | 'cyclonedx'

/** `sbom/<image>-<sha>[-<os>-<arch>].spdx.json`: the platform suffix only when the image has several. */
export function sbomFileName(
  image: string,
  shortSha: string,
  platform: string,
  platforms: number,
  format: SbomFormat
): string {
  const suffix = platforms > 1 ? `-${platformSlug(platform)}` : ''
  return `${image}-${shortSha}${suffix}.${format === 'spdx-json' ? 'spdx.json' : 'cdx.json'}`
}

const SpdxSchema = z.looseObject({
  spdxVersion: z.string().regex(/^SPDX-2\.\d$/, { error: 'spdxVersion is not SPDX-2.x' }),
  SPDXID: z.literal('SPDXRef-DOCUMENT', { error: 'SPDXID is not SPDXRef-DOCUMENT' }),
  name: z.string().min(1, { error: 'the document has no name' }),
  creationInfo: z.looseObject({ creators: z.array(z.string()).min(1) }),
  packages: z
    .array(z.looseObject({ name: z.string(), SPDXID: z.string(), versionInfo: z.string().optional() }))
    .default([])
})

const CycloneDxSchema = z.looseObject({
  bomFormat: z.literal('CycloneDX'),
  specVersion: z.string(),
  components: z.array(z.looseObject({ name: z.string(), version: z.string().optional() })).default([])
})

export interface SbomSummary {
  file: string
  format: SbomFormat
  documentName: string
  version: string
  /** Packages (SPDX) or components (CycloneDX) other than the document's own root. */
  packages: { name: string; version?: string }[]
  creators: string[]
}

/** Parses and checks an SBOM file: parseable, the format's version, a document name, packages. */
export function validateSbom(file: string, format: SbomFormat): SbomSummary {
  const json = parseJson(
    fs.readFileSync(file, 'utf8'),
    reason => `SBOM ${file} is not readable JSON: ${reason}`
  )
  if (format === 'spdx-json') {
    const r = SpdxSchema.safeParse(json)
    if (!r.success)
      throw new Error(
        `SBOM ${file} is not a valid SPDX JSON document: ${r.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`
      )
    return {
      file,
      format,
      documentName: r.data.name,
      version: r.data.spdxVersion,
      packages: r.data.packages
        .filter(p => p.SPDXID !== 'SPDXRef-DOCUMENT')
        .map(p => ({ name: p.name, version: p.versionInfo })),
      creators: r.data.creationInfo.creators
    }
  }
  const r = CycloneDxSchema.safeParse(json)
  if (!r.success) throw new Error(`SBOM ${file} is not a valid CycloneDX JSON document`)
  return {
    file,
    format,
    documentName: String(
      (r.data.metadata as { component?: { name?: string } } | undefined)?.component?.name ?? ''
    ),
    version: r.data.specVersion,
    packages: r.data.components.map(c => ({ name: c.name, version: c.version })),
    creators: []
  }
}
