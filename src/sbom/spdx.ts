// An SPDX 2.x JSON SBOM read as package URLs: every package named by a purl (its `externalRefs` entry of
// `referenceType: purl`), with the purls it depends on (DEPENDS_ON, and DEPENDENCY_OF read the other
// way). Pure. The document's own subject (what it DESCRIBES: the image, for Trivy and syft) is not one of
// its packages; a package without a purl (Trivy's operating system and application components, a package
// its generator could not name) has no name another tool can look up, and is left out and counted.
import { z } from 'zod'

const SpdxSchema = z.looseObject({
  SPDXID: z.string(),
  documentDescribes: z.array(z.string()).optional(),
  packages: z
    .array(
      z.looseObject({
        SPDXID: z.string(),
        externalRefs: z
          .array(z.looseObject({ referenceType: z.string(), referenceLocator: z.string() }))
          .optional()
      })
    )
    .default([]),
  relationships: z
    .array(
      z.looseObject({
        spdxElementId: z.string(),
        relatedSpdxElement: z.string(),
        relationshipType: z.string()
      })
    )
    .default([])
})

export interface PackageUrl {
  purl: string
  /** The purls of the packages it depends on directly, sorted; none when the SBOM says none. */
  dependsOn: string[]
}

export interface SpdxPackageUrls {
  /** One entry per purl (a package found twice in the image is one entry), sorted by purl. */
  packages: PackageUrl[]
  /** Packages left out for want of a purl (the document's subject not counted). */
  withoutPurl: number
}

/** A purl as the purl spec writes one: `pkg:<type>/...`. */
const PURL = /^pkg:[A-Za-z.+-][A-Za-z0-9.+-]*\/\S+$/

/** The packages of a parsed SPDX JSON document as purls; throws naming `file` when it is not SPDX. */
export function spdxPackageUrls(json: unknown, file: string): SpdxPackageUrls {
  const parsed = SpdxSchema.safeParse(json)
  if (!parsed.success)
    throw new Error(
      `SBOM ${file} is not an SPDX JSON document: ${parsed.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`
    )
  const doc = parsed.data
  const subjects = new Set(doc.documentDescribes ?? [])
  for (const r of doc.relationships) {
    if (r.relationshipType === 'DESCRIBES' && r.spdxElementId === doc.SPDXID)
      subjects.add(r.relatedSpdxElement)
    if (r.relationshipType === 'DESCRIBED_BY' && r.relatedSpdxElement === doc.SPDXID)
      subjects.add(r.spdxElementId)
  }
  const purlOf = new Map<string, string>()
  let withoutPurl = 0
  for (const p of doc.packages) {
    if (subjects.has(p.SPDXID)) continue
    const purl = p.externalRefs?.find(
      ref => ref.referenceType === 'purl' && PURL.test(ref.referenceLocator)
    )?.referenceLocator
    if (purl) purlOf.set(p.SPDXID, purl)
    else withoutPurl++
  }
  const dependsOn = new Map<string, Set<string>>([...new Set(purlOf.values())].map(purl => [purl, new Set()]))
  const edge = (from: string, to: string): void => {
    const a = purlOf.get(from)
    const b = purlOf.get(to)
    if (a && b && a !== b) dependsOn.get(a)?.add(b)
  }
  for (const r of doc.relationships) {
    if (r.relationshipType === 'DEPENDS_ON') edge(r.spdxElementId, r.relatedSpdxElement)
    else if (r.relationshipType === 'DEPENDENCY_OF') edge(r.relatedSpdxElement, r.spdxElementId)
  }
  return {
    packages: [...dependsOn]
      .map(([purl, deps]) => ({ purl, dependsOn: [...deps].sort() }))
      .sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0)),
    withoutPurl
  }
}
