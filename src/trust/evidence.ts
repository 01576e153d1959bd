// What is signed and attested for each uploaded image, and with which predicates, as the publish's
// hooks over the run's Signer. Signing: the index digest and each platform manifest, every image of the
// run at once. Attestations, all on the index digest (what a tag resolves to): SLSA provenance once,
// then per platform the SPDX SBOM and the vulnerability scan record. An image the publish did not tag
// has its signatures and attestations withdrawn.
import * as fs from 'node:fs'
import { parseJson } from '../json.js'
import type { AppliedException, ScannerPolicy, VerdictProvenance } from '../policy/findings-file.js'
import type { PublishOptions, UploadedImage } from '../publish/publish.js'
import {
  runIdentity,
  SLSA_PROVENANCE_V1,
  slsaPredicate,
  VULN_PREDICATE_TYPE,
  vulnPredicate
} from './predicates.js'
import { SPDX_PREDICATE_TYPE } from './statements.js'
import type { AttestationRequest, Signer, SubjectImage } from './trust.js'

export interface PlatformEvidence {
  platform: string
  /** The Trivy JSON report of this platform. */
  reportFile: string
  /** The SPDX JSON SBOM of this platform (absent when only CycloneDX was asked for). */
  spdxFile?: string
}

/** What the run knows about one image, for its predicates. */
export interface ImageEvidence {
  name: string
  context: string
  file: string
  target?: string
  platforms: PlatformEvidence[]
  buildArgs: Record<string, string>
  /** Base images as the FROM lines resolve (`host/path@sha256:...` when pinned). */
  baseImages: string[]
  /** The gate's verdict on this image. */
  passed: boolean
}

export interface TrustOptions {
  signer: Signer
  sign: boolean
  attest: boolean
  /** The evidence of an image, by name. */
  evidence: (name: string) => ImageEvidence
  scanner: { trivyVersion: string; dbRepository: string; dbUpdatedAt: string }
  policy: { severities: readonly string[]; ignoreUnfixed: boolean; ignoreFiles: readonly string[] }
  /** The run's verdict provenance: each vuln attestation names its image's gate mode, the exceptions
   * file and its digest, the baseline and the DB's digest. */
  provenance?: VerdictProvenance
  /** GITHUB_SHA */
  commit: string
  environment: string
  /** When the run started (the provenance's startedOn, the scans' start). */
  startedOn: Date
  env?: NodeJS.ProcessEnv
  now?: () => Date
}

/** An uploaded image as the trust seam names it. */
export function subjectOf(image: UploadedImage): SubjectImage {
  return {
    name: image.name,
    repository: image.repository,
    digest: image.digest,
    mediaType: image.mediaType,
    size: image.size
  }
}

/**
 * An image's attestations: SLSA provenance once, then per platform the SPDX SBOM (the file the
 * pipeline wrote, as it is) and the vulnerability scan record; all about the index digest (what a tag
 * resolves to), each platform's named.
 */
export function imageAttestations(o: TrustOptions, e: ImageEvidence): AttestationRequest[] {
  const env = o.env ?? process.env
  const startedOn = o.startedOn.toISOString()
  const finishedOn = (o.now?.() ?? new Date()).toISOString()
  const out: AttestationRequest[] = [
    {
      kind: 'provenance',
      predicateType: SLSA_PROVENANCE_V1,
      predicate: slsaPredicate({
        image: {
          name: e.name,
          context: e.context,
          file: e.file,
          target: e.target,
          platforms: e.platforms.map(p => p.platform)
        },
        buildArgs: e.buildArgs,
        baseImages: e.baseImages,
        env,
        commit: o.commit,
        environment: o.environment,
        startedOn,
        finishedOn
      })
    }
  ]
  for (const p of e.platforms) {
    if (p.spdxFile) {
      out.push({
        kind: 'sbom',
        predicateType: SPDX_PREDICATE_TYPE,
        predicate: p.spdxFile,
        platform: p.platform
      })
    }
    const report = parseJson(
      fs.readFileSync(p.reportFile, 'utf8'),
      reason => `${e.name} ${p.platform}: the scan report ${p.reportFile} is not JSON: ${reason}`
    )
    out.push({
      kind: 'vuln',
      predicateType: VULN_PREDICATE_TYPE,
      platform: p.platform,
      predicate: vulnPredicate({
        platform: p.platform,
        report,
        trivyVersion: o.scanner.trivyVersion,
        dbRepository: o.scanner.dbRepository,
        dbUpdatedAt: o.scanner.dbUpdatedAt,
        ...o.policy,
        passed: e.passed,
        ...(o.provenance ? { verdict: verdictOf(o.provenance, e.name) } : {}),
        run: runIdentity(env),
        startedOn,
        finishedOn
      })
    })
  }
  return out
}

type TrustHooks = Pick<PublishOptions, 'sign' | 'signMany' | 'attest' | 'signAndAttest' | 'withdraw'>

/**
 * The hooks for publishImages: signatures, attestations and their withdrawal, through the Signer. A
 * signer that signs best all at once (a cosign process) signs every image in one call after the
 * uploads; any other signs each image as soon as it is uploaded, in the same referrers update as its
 * attestations when it can.
 */
export function trustHooks(o: TrustOptions): TrustHooks {
  const { signer } = o
  const hooks: TrustHooks = {
    withdraw: async (image: UploadedImage) => await signer.withdraw(subjectOf(image))
  }
  const attestations = (image: UploadedImage): AttestationRequest[] =>
    imageAttestations(o, o.evidence(image.name))
  if (o.sign && o.attest && !signer.signsAtOnce && signer.signAndAttest) {
    const both = signer.signAndAttest.bind(signer)
    hooks.signAndAttest = async image => await both(subjectOf(image), attestations(image))
    return hooks
  }
  if (o.sign && signer.signsAtOnce) hooks.signMany = async images => await signer.sign(images.map(subjectOf))
  else if (o.sign) hooks.sign = async image => await signer.sign([subjectOf(image)])
  if (o.attest) hooks.attest = async image => await signer.attest(subjectOf(image), attestations(image))
  return hooks
}

/** What a vuln predicate adds from the run's verdict provenance, for one image. */
export function verdictOf(
  provenance: VerdictProvenance,
  image: string
): {
  mode?: string
  exceptions?: { file: string; digest: string }
  applied?: AppliedException[]
  baseline?: string
  dbDigest?: string
  scanner?: ScannerPolicy
} {
  const mode = provenance.policy.modes[image]
  const applied = provenance.policy.applied?.[image]
  return {
    ...(mode ? { mode } : {}),
    ...(provenance.policy.scanner ? { scanner: provenance.policy.scanner } : {}),
    ...(provenance.policy.exceptions ? { exceptions: provenance.policy.exceptions } : {}),
    ...(applied && applied.length > 0 ? { applied } : {}),
    ...(provenance.policy.baseline ? { baseline: provenance.policy.baseline } : {}),
    ...(provenance.db.digest ? { dbDigest: provenance.db.digest } : {})
  }
}
