// "Is this digest trustworthy": the one check promotion and verification both make, through the trust
// seam only. The signature on the digest, then its attestations by the same signer: the vulnerability
// scan records (on the index, else on each platform manifest), and, when asked, the SLSA provenance and
// each platform's SPDX SBOM. Every attestation's subject is the digest (the Verifier refuses another).
// No policy here: promotion judges the scans again at the target's policy, verification tells the story.
import { configPlatform, formatPlatform, INDEX_TYPES } from '../oci/layout.js'
import type { PlatformImage } from '../promote/policy.js'
import type { RegistryClient } from '../registry/client.js'
import { vulnAttestationOf, type VulnAttestation } from '../trust/cosign/verify.js'
import {
  SLSA_PROVENANCE_V1,
  SPDX_PREDICATE_TYPE,
  VULN_PREDICATE_TYPE,
  type Statement
} from '../trust/statements.js'
import {
  VerifyError,
  type VerifiedAttestation,
  type VerifiedSignature,
  type Verifier
} from '../trust/trust.js'

export type { PlatformImage }

/** A scan record that verified: what promotion judges, and the statement the story reads. */
export interface VerifiedScan extends VulnAttestation {
  statement: Statement
}

/** A platform's SPDX SBOM attestation that verified and parses. */
export interface VerifiedSbom {
  platform: string
  statement: Statement
  /** The bundle referrer (its manifest digest) or cosign 2's `.att` form. */
  format: VerifiedAttestation['format']
  referrer?: string
  packages: number
  spdxVersion: string
}

export interface DigestEvidence {
  signatures: VerifiedSignature[]
  scans: VerifiedScan[]
  /** Only when asked (`provenance`). */
  provenance: VerifiedAttestation[]
  /** Only when asked (`sbom`): one per platform. */
  sboms: VerifiedSbom[]
}

export interface DigestQuestion {
  verifier: Verifier
  /** `host/path`, no tag. */
  repository: string
  digest: string
  /** The digest's platform images (a promise: they are read while the digest's referrers are). */
  platforms: readonly PlatformImage[] | Promise<readonly PlatformImage[]>
  /** The attestations required beside the signature and the scan records. */
  require?: { provenance?: boolean; sbom?: boolean }
}

/**
 * The digest's signature and attestations by the verifier's signer; a VerifyError naming what is
 * missing, invalid or signed by someone else otherwise.
 */
export async function verifyDigest(question: DigestQuestion): Promise<DigestEvidence> {
  const { verifier, repository, digest } = question
  // the reads of the attestations start beside the signature's; its refusal is the one reported first
  const onIndex = scansOn(verifier, repository, digest)
  const provenance = question.require?.provenance
    ? verifier.attestations(repository, digest, SLSA_PROVENANCE_V1)
    : Promise.resolve([])
  const sboms = question.require?.sbom
    ? verifier.attestations(repository, digest, SPDX_PREDICATE_TYPE)
    : Promise.resolve([])
  for (const p of [onIndex, provenance, sboms]) p.catch(() => undefined)
  const signatures = await verifier.signature(repository, digest)

  const platforms = await question.platforms
  const scans = await onIndex
  if (scans.length === 0) {
    const none = `no scan attestation (vuln) signed by ${verifier.describe}`
    // attestations may be on each platform's manifest instead of the index
    if (platforms.length === 1 && platforms[0]?.manifestDigest === digest)
      throw new VerifyError(none, 'no-attestation')
    for (const platform of platforms) {
      const found = await scansOn(verifier, repository, platform.manifestDigest)
      if (found.length === 0) {
        throw new VerifyError(
          `${none} on ${digest}; none on the ${platform.platform} image either`,
          'no-attestation'
        )
      }
      scans.push(...found)
    }
  }
  const evidence: DigestEvidence = { signatures, scans, provenance: await provenance, sboms: [] }
  if (question.require?.provenance && evidence.provenance.length === 0) {
    throw new VerifyError(
      `no provenance attestation (${SLSA_PROVENANCE_V1}) signed by ${verifier.describe} on ${digest}`,
      'no-attestation'
    )
  }
  if (question.require?.sbom) evidence.sboms = platformSboms(await sboms, platforms, digest, verifier)
  return evidence
}

async function scansOn(verifier: Verifier, repository: string, digest: string): Promise<VerifiedScan[]> {
  const found = await verifier.attestations(repository, digest, VULN_PREDICATE_TYPE)
  return found.map((a, i) => {
    const scan = vulnAttestationOf(a.statement, `${repository}@${digest} scan attestation ${i + 1}`)
    if (!scan.platform && a.platform) scan.platform = a.platform
    return { ...scan, statement: a.statement }
  })
}

/** The SPDX SBOM of each platform: one whose referrer names it, or one of a one-platform image. */
function platformSboms(
  found: readonly VerifiedAttestation[],
  platforms: readonly PlatformImage[],
  digest: string,
  verifier: Verifier
): VerifiedSbom[] {
  const out: VerifiedSbom[] = []
  for (const platform of platforms) {
    // a one-platform image: any SBOM attestation of its digest by this signer (a re-run of the same
    // build attests the same digest again; older ones name no platform)
    const match =
      found.find(a => a.platform === platform.platform) ??
      (platforms.length === 1 ? (found.find(a => !a.platform) ?? found[0]) : undefined)
    if (!match) {
      throw new VerifyError(
        `no SBOM attestation (${SPDX_PREDICATE_TYPE}) for ${platform.platform} signed by ${verifier.describe} on ${digest}${found.length > 0 ? ` (found for ${found.map(a => a.platform ?? 'no platform').join(', ')})` : ''}`,
        'no-attestation'
      )
    }
    const document = spdxDocument(match.statement.predicate)
    if (typeof document === 'string') {
      throw new VerifyError(
        `the SBOM attestation of ${platform.platform} on ${digest} is not an SPDX JSON document: ${document}`,
        'invalid'
      )
    }
    out.push({
      platform: platform.platform,
      statement: match.statement,
      format: match.format,
      ...(match.referrer ? { referrer: match.referrer } : {}),
      packages: document.packages,
      spdxVersion: document.spdxVersion
    })
  }
  return out
}

/** An SPDX JSON document's version and package count, or why the predicate is none. */
export function spdxDocument(predicate: unknown): { spdxVersion: string; packages: number } | string {
  if (typeof predicate !== 'object' || predicate === null || Array.isArray(predicate))
    return 'the predicate is not a JSON object'
  const doc = predicate as { spdxVersion?: unknown; packages?: unknown }
  if (typeof doc.spdxVersion !== 'string' || !doc.spdxVersion.startsWith('SPDX-'))
    return 'it has no spdxVersion'
  if (!Array.isArray(doc.packages)) return 'it has no packages list'
  return { spdxVersion: doc.spdxVersion, packages: doc.packages.length }
}

/** `os/architecture[/variant]` from an image config in the registry; 'the image' when it does not say. */
async function platformName(
  repo: { client: RegistryClient; name: string },
  configDigest: string
): Promise<string> {
  if (!configDigest) return 'the image'
  try {
    const platform = configPlatform(
      JSON.parse((await repo.client.getBlob(repo.name, configDigest)).toString('utf8'))
    )
    return platform ? formatPlatform(platform) : 'the image'
  } catch {
    return 'the image' // the signature and attestations decide; the name is only what the story calls it
  }
}

/** The platform images of a root manifest: an index's children (buildx's attestation manifests left out), or itself. */
export async function platformImages(
  repo: { client: RegistryClient; name: string },
  digest: string,
  bytes: Buffer,
  mediaType: string
): Promise<PlatformImage[]> {
  const parsed = JSON.parse(bytes.toString('utf8')) as {
    mediaType?: string
    manifests?: { digest: string; platform?: { os?: string; architecture?: string; variant?: string } }[]
    config?: { digest: string }
  }
  const isIndex =
    INDEX_TYPES.includes(mediaType) || INDEX_TYPES.includes(parsed.mediaType ?? '') || !!parsed.manifests
  if (!isIndex) {
    // one manifest: its platform is in its config (what the scan and SBOM attestations name)
    const configDigest = parsed.config?.digest ?? ''
    return [{ platform: await platformName(repo, configDigest), manifestDigest: digest, configDigest }]
  }
  // every platform's manifest at once, in the index's order
  const children = (parsed.manifests ?? []).filter(c => c.platform?.os && c.platform.os !== 'unknown')
  return await Promise.all(
    children.map(async (child): Promise<PlatformImage> => {
      const p = child.platform as NonNullable<typeof child.platform>
      const manifest = await repo.client.getManifest(repo.name, child.digest)
      const body = JSON.parse(manifest.bytes.toString('utf8')) as { config?: { digest: string } }
      return {
        platform: formatPlatform({
          os: p.os ?? '',
          architecture: p.architecture ?? '',
          ...(p.variant ? { variant: p.variant } : {})
        }),
        manifestDigest: child.digest,
        configDigest: body.config?.digest ?? ''
      }
    })
  )
}
