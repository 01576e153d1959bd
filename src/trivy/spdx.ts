// An SPDX 2.3 JSON SBOM from the packages of a Trivy scan report (`--list-all-pkgs`): the packages the
// gate judged are the packages the SBOM lists, and one Trivy process per platform does both (each Trivy
// start costs about a second of CPU). The document follows the shape of Trivy's own SPDX writer: the
// image, its OS, the OS packages, one application per language result and its packages, with the same
// purls, versions, source info and layer attributions. Pure.
import { createHash } from 'node:crypto'
import { formatPurl, imagePurl, packagePurl } from './purl.js'

/** The fields of a report's package that the SBOM uses (Trivy's JSON, `--list-all-pkgs`). */
export interface ReportPackage {
  ID?: string
  Name: string
  Version?: string
  Release?: string
  Epoch?: number
  Arch?: string
  SrcName?: string
  SrcVersion?: string
  SrcRelease?: string
  SrcEpoch?: number
  Modularitylabel?: string
  Licenses?: string[] | null
  FilePath?: string
  /** `sha1:<hex>` (OS packages' checksums). */
  Digest?: string
  Layer?: { Digest?: string; DiffID?: string }
}

export interface SbomReport {
  SchemaVersion: number
  Metadata?: {
    OS?: { Family: string; Name?: string } | null
    ImageID?: string
    DiffIDs?: string[] | null
  }
  Results?: { Target: string; Class?: string; Type?: string; Packages?: ReportPackage[] | null }[] | null
}

export interface SpdxOptions {
  /** `<registry>/<org>/<name>`: the image package's name. */
  repository: string
  platform: string
  /** The platform image's manifest digest. */
  manifest: string
  /** RFC 3339, seconds. */
  created: string
  /** A random UUID: the document namespace's unique part. */
  uuid: string
  imagegateVersion: string
  trivyVersion: string
}

interface SpdxPackage {
  name: string
  SPDXID: string
  versionInfo?: string
  supplier?: string
  downloadLocation: 'NONE'
  checksums?: { algorithm: string; checksumValue: string }[]
  sourceInfo?: string
  licenseConcluded?: string
  licenseDeclared?: string
  copyrightText: ''
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[]
  attributionTexts?: string[]
  primaryPackagePurpose: 'CONTAINER' | 'OPERATING-SYSTEM' | 'APPLICATION' | 'LIBRARY'
}

export interface SpdxDocument {
  spdxVersion: 'SPDX-2.3'
  dataLicense: 'CC0-1.0'
  SPDXID: 'SPDXRef-DOCUMENT'
  name: string
  documentNamespace: string
  creationInfo: { creators: string[]; created: string; comment: string }
  packages: SpdxPackage[]
  relationships: { spdxElementId: string; relatedSpdxElement: string; relationshipType: string }[]
  hasExtractedLicensingInfos?: { licenseId: string; extractedText: string; name: string }[]
}

const hex16 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16)

/** `epoch:version-release`, as Trivy prints a package's version. */
export function formatVersion(
  epoch: number | undefined,
  version: string | undefined,
  release?: string
): string {
  let v = version ?? ''
  if (release) v = `${v}-${release}`
  if (epoch) v = `${epoch}:${v}`
  return v
}

const LICENSE_ID = /^[A-Za-z0-9.-]+\+?$/

/**
 * Trivy's license list as one SPDX expression: ids joined with AND (Trivy splits `A WITH B` into three
 * entries: joined again), anything that is not an SPDX id a `LicenseRef-` with its text extracted.
 */
export function licenseExpression(licenses: readonly string[]): {
  expression: string
  extracted: { licenseId: string; extractedText: string; name: string }[]
} {
  const items: string[] = []
  for (let i = 0; i < licenses.length; i++) {
    const l = (licenses[i] ?? '').trim()
    const next = licenses[i + 1]
    if (l === 'WITH' && items.length > 0 && next !== undefined) {
      items[items.length - 1] = `${items[items.length - 1]} WITH ${next.trim()}`
      i++
    } else if (l && l !== 'AND' && l !== 'OR') items.push(l)
  }
  if (items.length === 0) return { expression: 'NOASSERTION', extracted: [] }
  const extracted: { licenseId: string; extractedText: string; name: string }[] = []
  const terms = items.map(item => {
    if (item.split(' WITH ').every(part => LICENSE_ID.test(part))) return item
    const licenseId = `LicenseRef-${hex16(item)}`
    extracted.push({ licenseId, extractedText: `This component is licensed under "${item}"`, name: item })
    return licenseId
  })
  return { expression: terms.join(' AND '), extracted }
}

const CHECKSUM_ALGORITHMS: Record<string, string> = { sha1: 'SHA1', sha256: 'SHA256', md5: 'MD5' }

export function spdxFromReport(report: SbomReport, o: SpdxOptions): SpdxDocument {
  const meta = report.Metadata ?? {}
  const os = meta.OS ?? undefined
  const [, arch = '', variant] = o.platform.split('/')
  const name = `${o.repository}@${o.platform}`
  const used = new Set<string>()
  /** A document-unique SPDX id from what identifies the element (a counter separates true twins). */
  const spdxId = (kind: string, ...what: (string | number | undefined)[]) => {
    const base = `SPDXRef-${kind}-${hex16(JSON.stringify([kind, ...what]))}`
    let id = base
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`
    used.add(id)
    return id
  }
  /** Every package but the image's own (which comes first). */
  const packages: SpdxPackage[] = []
  const relationships: SpdxDocument['relationships'] = []
  const rel = (a: string, b: string, type: 'DESCRIBES' | 'CONTAINS') =>
    relationships.push({ spdxElementId: a, relatedSpdxElement: b, relationshipType: type })
  const licenseRefs = new Map<string, { licenseId: string; extractedText: string; name: string }>()

  const root: SpdxPackage = {
    name: o.repository,
    SPDXID: spdxId('ContainerImage', o.repository, o.manifest),
    downloadLocation: 'NONE',
    copyrightText: '',
    externalRefs: [
      {
        referenceCategory: 'PACKAGE-MANAGER',
        referenceType: 'purl',
        referenceLocator: imagePurl(o.repository, o.manifest, arch, variant)
      }
    ],
    attributionTexts: [
      `SchemaVersion: ${report.SchemaVersion}`,
      ...(meta.ImageID ? [`ImageID: ${meta.ImageID}`] : []),
      `ManifestDigest: ${o.manifest}`,
      ...(meta.DiffIDs ?? []).map(d => `DiffID: ${d}`)
    ],
    primaryPackagePurpose: 'CONTAINER'
  }
  rel('SPDXRef-DOCUMENT', root.SPDXID, 'DESCRIBES')

  let osId: string | undefined
  if (os) {
    osId = spdxId('OperatingSystem', os.Family, os.Name)
    packages.push({
      name: os.Family,
      SPDXID: osId,
      versionInfo: os.Name,
      downloadLocation: 'NONE',
      copyrightText: '',
      primaryPackagePurpose: 'OPERATING-SYSTEM'
    })
    rel(root.SPDXID, osId, 'CONTAINS')
  }

  for (const result of report.Results ?? []) {
    const pkgs = result.Packages ?? []
    if (pkgs.length === 0) continue
    let parent: string
    if (result.Class === 'os-pkgs') parent = osId ?? root.SPDXID
    else {
      parent = spdxId('Application', result.Type, result.Target)
      packages.push({
        name: result.Type ?? result.Target,
        SPDXID: parent,
        downloadLocation: 'NONE',
        sourceInfo: result.Target,
        copyrightText: '',
        primaryPackagePurpose: 'APPLICATION'
      })
      rel(root.SPDXID, parent, 'CONTAINS')
    }
    for (const p of pkgs) {
      const { expression, extracted } = licenseExpression(p.Licenses ?? [])
      for (const e of extracted) licenseRefs.set(e.licenseId, e)
      const [algo, value] = (p.Digest ?? '').split(':')
      const checksum = algo && value ? CHECKSUM_ALGORITHMS[algo] : undefined
      const sourceInfo = p.SrcName
        ? `built package from: ${p.SrcName} ${formatVersion(p.SrcEpoch, p.SrcVersion, p.SrcRelease)}`
        : p.FilePath
          ? `package found in: ${p.FilePath}`
          : undefined
      const id = spdxId(
        'Package',
        result.Target,
        p.ID,
        p.Name,
        p.Version,
        p.Release,
        p.Epoch,
        p.Arch,
        p.FilePath
      )
      packages.push({
        name: p.Name,
        SPDXID: id,
        versionInfo: formatVersion(p.Epoch, p.Version, p.Release),
        supplier: 'NOASSERTION',
        downloadLocation: 'NONE',
        ...(checksum && value ? { checksums: [{ algorithm: checksum, checksumValue: value }] } : {}),
        ...(sourceInfo ? { sourceInfo } : {}),
        licenseConcluded: expression,
        licenseDeclared: expression,
        copyrightText: '',
        externalRefs: [
          {
            referenceCategory: 'PACKAGE-MANAGER',
            referenceType: 'purl',
            referenceLocator: formatPurl(packagePurl(result.Type ?? '', os, p))
          }
        ],
        attributionTexts: [
          ...(p.ID ? [`PkgID: ${p.ID}`] : []),
          ...(p.Layer?.Digest ? [`LayerDigest: ${p.Layer.Digest}`] : []),
          ...(p.Layer?.DiffID ? [`LayerDiffID: ${p.Layer.DiffID}`] : [])
        ],
        primaryPackagePurpose: 'LIBRARY'
      })
      rel(parent, id, 'CONTAINS')
    }
  }

  // Trivy's order: by name, the image first
  // Trivy's order: the image, then by name
  packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.SPDXID < b.SPDXID ? -1 : 1))
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: `https://spdx.org/spdxdocs/imagegate/${encodeURIComponent(name)}-${o.uuid}`,
    creationInfo: {
      creators: [`Tool: imagegate-${o.imagegateVersion}`, `Tool: trivy-${o.trivyVersion}`],
      created: o.created,
      comment: `The packages Trivy ${o.trivyVersion} found in ${o.manifest} while scanning it for vulnerabilities, written as SPDX by imagegate`
    },
    packages: [root, ...packages],
    relationships,
    ...(licenseRefs.size > 0 ? { hasExtractedLicensingInfos: [...licenseRefs.values()] } : {})
  }
}
