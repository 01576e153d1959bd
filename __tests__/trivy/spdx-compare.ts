// What an SPDX document imagegate writes from a scan report and the SPDX Trivy writes itself for the
// same image must agree on (used by the unit test on stored documents and by the e2e test on live ones).

export interface AnyPackage {
  name: string
  SPDXID: string
  versionInfo?: string
  sourceInfo?: string
  checksums?: unknown
  licenseConcluded?: string
  externalRefs?: { referenceLocator: string }[]
  attributionTexts?: string[]
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
      // the OS packages' source; Trivy v0.44 writes no source for a language package (we: its file)
      builtFrom: p.sourceInfo?.startsWith('built package from') ? p.sourceInfo : undefined,
      appTarget: p.primaryPackagePurpose === 'APPLICATION' ? p.sourceInfo : undefined,
      attributions: p.attributionTexts ?? []
    }))
  const relationships = doc.relationships
    .filter(r => !r.relatedSpdxElement.startsWith('SPDXRef-File-')) // file elements: not written by us
    .map(r => `${byId.get(r.spdxElementId)} ${r.relationshipType} ${byId.get(r.relatedSpdxElement)}`)
    .sort()
  return { packages, relationships }
}
