// Promotion policy. Pure: which version may move where, under which tags, and whether an image's scan
// attestations pass the target environment's gate. No I/O: the registry and cosign answers come in.
import type { VulnAttestation } from '../trust/scans.js'
import { gate } from '../gate/gate.js'
import { parseSemver } from '../plan/git.js'
import { DIGEST, TAG } from '../plan/grammar.js'
import { DEV_ENVIRONMENT } from '../plan/tags.js'
import { findingsOf, ReportSchema, type Finding } from '../trivy/report.js'

export type PromotionVersion = { kind: 'tag'; tag: string } | { kind: 'digest'; digest: string }

/** The `version` input: a tag of the source repository (`sha-9f2c1ab`, `1.3.0`) or a `sha256:` digest. */
export function parseVersion(version: string): PromotionVersion {
  const value = version.trim()
  if (value.startsWith('sha256:')) {
    if (!DIGEST.test(value))
      throw new Error(`input version: "${value}" is not a sha256 digest (sha256:<64 hex>)`)
    return { kind: 'digest', digest: value }
  }
  if (!TAG.test(value)) throw new Error(`input version: "${value}" is neither a tag nor a sha256: digest`)
  return { kind: 'tag', tag: value }
}

/** A full SemVer version tag (`1.3.0`, `2.0.0-rc.1`): immutable once in a repository. */
export function isSemverTag(tag: string): boolean {
  return !tag.startsWith('v') && parseSemver(tag)?.version === tag
}

export interface TargetTagOptions {
  /** X.Y and X beside a released X.Y.Z (the `semver-aliases` input). */
  semverAliases: boolean
  /** Extra tags (the `tags` input), already checked by the target environment's tag policy. */
  extra: readonly string[]
}

/** The tags the promoted image gets in the target: the version's own tag (and its aliases), then extra tags. */
export function targetTags(version: PromotionVersion, o: TargetTagOptions): string[] {
  const tags: string[] = []
  const add = (tag: string): void => {
    if (!tags.includes(tag)) tags.push(tag)
  }
  if (version.kind === 'tag') {
    add(version.tag)
    const semver = isSemverTag(version.tag) ? parseSemver(version.tag) : undefined
    if (semver && !semver.prerelease && o.semverAliases) {
      add(`${semver.major}.${semver.minor}`)
      // as the build's tag policy: no `0` alias for major version zero
      if (semver.major > 0) add(String(semver.major))
    }
  }
  for (const tag of o.extra) add(tag)
  return tags
}

export interface VersionRuleInput {
  image: string
  version: PromotionVersion
  tags: readonly string[]
  target: { environment: string; production: boolean }
}

/** A tag the build gives in dev only (docs/tags.md): `dev-<branch>`, `pr-<number>`. */
export function isDevOnlyTag(tag: string): boolean {
  return /^dev-./.test(tag) || /^pr-\d+$/.test(tag)
}

/**
 * Why this promotion is refused before any registry is asked (latest; a dev-only tag out of dev; -debug
 * into production).
 */
export function versionRefusals(o: VersionRuleInput): string[] {
  const out: string[] = []
  if (o.version.kind === 'tag' && o.version.tag === 'latest') {
    out.push('"latest" is never promoted: give a sha-<7> or SemVer tag, or a digest')
  } else if (
    o.version.kind === 'tag' &&
    isDevOnlyTag(o.version.tag) &&
    (o.target.environment !== DEV_ENVIRONMENT || o.target.production)
  ) {
    out.push(
      `"${o.version.tag}" is a dev-only tag (dev-<branch>, pr-<number>), never promoted to ${o.target.environment}: give a sha-<7> or SemVer tag, or a digest`
    )
  }
  if (o.target.production) {
    if (/-debug$/.test(o.image)) {
      out.push(`-debug images never go to a production environment (${o.target.environment})`)
    }
    for (const tag of o.tags) {
      if (/-debug$/.test(tag)) {
        out.push(`"${tag}": -debug tags never go to a production environment (${o.target.environment})`)
      }
    }
  }
  return out
}

/** A tag that never moves once in a repository: a full SemVer version, or the commit's `sha-<7 hex>`. */
export function isImmutableTag(tag: string): boolean {
  return isSemverTag(tag) || /^sha-[0-9a-f]{7}$/.test(tag)
}

/**
 * SemVer and sha-<7> tags are immutable: a target tag already at another digest is an error (another
 * build of that version or commit); at this digest, a no-op. `existing` is what the target answers for
 * each tag (undefined: no such tag).
 */
export function immutableTagConflicts(
  digest: string,
  existing: ReadonlyMap<string, string | undefined>,
  targetRepository: string
): string[] {
  const out: string[] = []
  for (const [tag, current] of existing) {
    if (current && current !== digest && isImmutableTag(tag)) {
      out.push(
        `${targetRepository}:${tag} already points to ${current}; ${isSemverTag(tag) ? 'SemVer' : 'sha-<7>'} tags are immutable (the promoted digest is ${digest})`
      )
    }
  }
  return out
}

/** One platform image of the promoted digest: what a scan attestation must cover. */
export interface PlatformImage {
  /** `linux/amd64` */
  platform: string
  manifestDigest: string
  /** The image config's digest: Trivy's `Metadata.ImageID` for that image. */
  configDigest: string
}

export interface ScanPolicy {
  /** Severities that fail the target environment's gate. */
  severity: readonly string[]
  ignoreUnfixed: boolean
}

export interface ScanJudgement {
  passed: boolean
  /** Why not, one line each (a platform without a scan, a blocking finding, a result that is no report). */
  reasons: string[]
  /** Per platform: the scanner and when it finished, for the summary. */
  scans: { platform: string; scanner: string; finishedOn?: string; findings: number }[]
}

/**
 * Judges the attested scans again at the target's policy: every platform needs an attestation whose
 * Trivy report is of that platform's image (`Metadata.ImageID` = its config digest; a report without an
 * ImageID matches by the predicate's `invocation.parameters.platform`, or when it is the only one of a
 * one-platform image), and no finding at the target's severities.
 */
export function judgeScans(
  image: string,
  attestations: readonly VulnAttestation[],
  platforms: readonly PlatformImage[],
  policy: ScanPolicy
): ScanJudgement {
  const reasons: string[] = []
  const reports: { attestation: VulnAttestation; imageId?: string; findings: Finding[] }[] = []
  for (const attestation of attestations) {
    const report = ReportSchema.safeParse(attestation.result)
    if (!report.success) {
      reasons.push(`a scan attestation (${attestation.scanner}) holds no Trivy JSON report`)
      continue
    }
    let findings = findingsOf(report.data)
    if (policy.ignoreUnfixed) findings = findings.filter(f => f.kind !== 'vulnerability' || f.fixed)
    reports.push({ attestation, imageId: report.data.Metadata?.ImageID, findings })
  }
  const scans: ScanJudgement['scans'] = []
  const outcomes = []
  for (const platform of platforms) {
    const match =
      reports.find(r => r.imageId === platform.configDigest) ??
      reports.find(r => !r.imageId && r.attestation.platform === platform.platform) ??
      (platforms.length === 1 && reports.length === 1 && !reports[0]?.imageId ? reports[0] : undefined)
    if (!match) {
      reasons.push(`no scan attestation covers ${platform.platform} (image config ${platform.configDigest})`)
      continue
    }
    scans.push({
      platform: platform.platform,
      scanner: match.attestation.scanner,
      finishedOn: match.attestation.finishedOn,
      findings: match.findings.length
    })
    outcomes.push({ platform: platform.platform, findings: match.findings })
  }
  const verdict = gate([{ name: image, scans: outcomes }], policy.severity).images[0]
  for (const reason of verdict?.reasons ?? []) reasons.push(`scan attestation: ${reason}`)
  return { passed: reasons.length === 0, reasons, scans }
}
