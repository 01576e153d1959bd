// What the SPDX imagegate has Trivy convert from a scan report and the SPDX Trivy writes when it scans the
// same image itself must agree on (the e2e SBOM test).

export interface AnyPackage {
  name: string
  SPDXID: string
  versionInfo?: string
  sourceInfo?: string
  checksums?: unknown
  licenseConcluded?: string
  externalRefs?: { referenceLocator: string }[]
  attributionTexts?: string[]
  /** Where Trivy (v0.50 on) puts what it wrote as attribution texts before, each with a date. */
  annotations?: { comment: string }[]
  primaryPackagePurpose?: string
}
export interface AnyDocument {
  packages: AnyPackage[]
  relationships: { spdxElementId: string; relatedSpdxElement: string; relationshipType: string }[]
}

/** What both documents must agree on, with element ids replaced by what they name. */
export function comparable(doc: AnyDocument) {
  const byId = new Map<string, string>([['SPDXRef-DOCUMENT', 'DOCUMENT']])
  const root = doc.packages.find(p => p.primaryPackagePurpose === 'CONTAINER') as AnyPackage
  for (const p of doc.packages)
    byId.set(p.SPDXID, p === root ? 'IMAGE' : `${p.primaryPackagePurpose} ${p.name} ${p.versionInfo ?? ''}`)
  const packages = doc.packages
    .filter(p => p !== root)
    .map(p => ({
      name: p.name,
      versionInfo: p.versionInfo,
      purpose: p.primaryPackagePurpose,
      purls: (p.externalRefs ?? []).map(r => r.referenceLocator),
      checksums: p.checksums,
      builtFrom: p.sourceInfo?.startsWith('built package from') ? p.sourceInfo : undefined,
      appTarget: p.primaryPackagePurpose === 'APPLICATION' ? p.sourceInfo : undefined,
      // the package's id, type and layer (the dates differ: each document has its own)
      attributions: [...(p.attributionTexts ?? []), ...(p.annotations ?? []).map(a => a.comment)].sort()
    }))
  const relationships = doc.relationships
    .filter(r => !r.relatedSpdxElement.startsWith('SPDXRef-File-')) // file elements: not written by us
    .map(r => `${byId.get(r.spdxElementId)} ${r.relationshipType} ${byId.get(r.relatedSpdxElement)}`)
    .sort()
  return { packages, relationships }
}
