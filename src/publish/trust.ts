// The sign and attest hooks of the publish: what is signed and attested for each uploaded image, and
// with which predicates. Signing: the index digest, recursively (each platform manifest too), every
// image of the run in one cosign process when publishImages asks for several at once.
// Attestations, all on the index digest (what a tag resolves to): SLSA provenance once, then per
// platform the SPDX SBOM and the vulnerability scan record.
import * as fs from 'node:fs'
import { SLSA_PROVENANCE_V1 } from '../cosign/args.js'
import type { Cosign } from '../cosign/cosign.js'
import { runIdentity, slsaPredicate, vulnPredicate } from '../cosign/predicates.js'
import { parseJson } from '../json.js'
import type { VerdictProvenance } from '../policy/findings-file.js'
import type { PublishOptions, UploadedImage } from './publish.js'

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
  cosign: Cosign
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

/** The hooks for publishImages; none when neither signing nor attesting is on. */
export function trustHooks(o: TrustOptions): Pick<PublishOptions, 'sign' | 'signMany' | 'attest'> {
  const env = o.env ?? process.env
  const now = (): string => (o.now?.() ?? new Date()).toISOString()
  const startedOn = o.startedOn.toISOString()
  const hooks: Pick<PublishOptions, 'sign' | 'signMany' | 'attest'> = {}
  if (o.sign) {
    hooks.sign = async (image: UploadedImage) => await o.cosign.sign(image.ref, true)
    hooks.signMany = async (images: readonly UploadedImage[]) =>
      await o.cosign.signMany(
        images.map(i => i.ref),
        true
      )
  }
  if (o.attest) {
    hooks.attest = async (image: UploadedImage) => {
      const e = o.evidence(image.name)
      const finishedOn = now()
      const provenance = slsaPredicate({
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
      await o.cosign.attest(image.ref, SLSA_PROVENANCE_V1, provenance, `${e.name}-provenance`)
      for (const p of e.platforms) {
        const slug = `${e.name}-${p.platform.replace(/\//g, '-')}`
        if (p.spdxFile) await o.cosign.attest(image.ref, 'spdxjson', p.spdxFile, `${slug}-sbom`)
        const report = parseJson(
          fs.readFileSync(p.reportFile, 'utf8'),
          reason => `${e.name} ${p.platform}: the scan report ${p.reportFile} is not JSON: ${reason}`
        )
        const vuln = vulnPredicate({
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
        await o.cosign.attest(image.ref, 'vuln', vuln, `${slug}-vuln`)
      }
    }
  }
  return hooks
}

/** What a vuln predicate adds from the run's verdict provenance, for one image. */
export function verdictOf(
  provenance: VerdictProvenance,
  image: string
): { mode?: string; exceptions?: { file: string; digest: string }; baseline?: string; dbDigest?: string } {
  const mode = provenance.policy.modes[image]
  return {
    ...(mode ? { mode } : {}),
    ...(provenance.policy.exceptions ? { exceptions: provenance.policy.exceptions } : {}),
    ...(provenance.policy.baseline ? { baseline: provenance.policy.baseline } : {}),
    ...(provenance.db.digest ? { dbDigest: provenance.db.digest } : {})
  }
}
