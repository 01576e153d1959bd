// The policy of one run, as the orchestrator uses it: the exceptions file (loaded before any build, so a
// bad file fails like a bad catalog), the baseline (a previous run's findings file, or the attestation of
// the digest deployed in the environment), the verdict's provenance and the findings file written into
// the evidence.
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { loadCatalog } from '../catalog/load.js'
import type { GateModeT } from '../catalog/schema.js'
import type { GateResult, ImageOutcome } from '../gate/gate.js'
import type { Plan } from '../plan/plan.js'
import type { ScanSettings } from '../trivy/options.js'
import { IMAGEGATE_VERSION } from '../version.js'
import { readBaselineFile, type Baseline } from './baseline.js'
import { combineDeployed, type DeployedScan } from './deployed.js'
import { loadExceptions, type ExceptionEntry, type Exceptions } from './exceptions.js'
import {
  findingsFile,
  type AppliedException,
  type FindingsFile,
  type FindingsFileImage,
  type ScannerPolicy,
  type VerdictProvenance
} from './findings-file.js'

export interface PolicyFiles {
  exceptions?: Exceptions
  /** The `baseline` input as given ('' when none). */
  baselineInput: string
}

/**
 * Before any build: the exceptions file, validated against every image of the catalog (not only this
 * run's). Throws a CatalogError (file:line problems) on a bad file.
 */
export function loadPolicyFiles(o: {
  catalog: string
  exceptions: string
  baseline: string
  workspace: string
}): PolicyFiles {
  const names = (): string[] => loadCatalog(o.catalog, o.workspace).catalog.images.map(i => i.name)
  const exceptions = loadExceptions(o.exceptions, o.workspace, names)
  return { ...(exceptions ? { exceptions } : {}), baselineInput: o.baseline }
}

/**
 * The findings of the digests deployed in the environment: per image, the environment's deployed tag
 * resolved in its repository and the `vuln` attestations of that digest, verified (policy/deployed.ts).
 */
export type AttestationBaselineSource = (o: {
  /** Per image: the repository and the environment's tag whose digest is deployed. */
  images: readonly { name: string; repository: string; tag: string }[]
}) => Promise<DeployedScan[]>

/**
 * The baseline, for the images in gate mode new: the scan attestation of the deployed digest (when the
 * deployed tag and a signer to verify with are known), the `baseline` input for images not deployed yet
 * (or for all, without an attestation source). Undefined when nothing is configured (gate mode new then
 * fails with that reason); without any image in gate mode new, only the `baseline` input is read (for
 * the summary's new / known / fixed split).
 */
export async function resolveBaseline(o: {
  input: string
  workspace: string
  plan: Plan
  /** The deployed tag (`deployedTag`); undefined: no attestation source. */
  tag?: string
  attestations?: AttestationBaselineSource
  /** Why there is no attestation source (no tag, no signer to verify with), for gate mode new. */
  attestationsOff?: string
}): Promise<Baseline | undefined> {
  const file = o.input ? (): Baseline => readBaselineFile(o.input, o.workspace) : undefined
  const gated = o.plan.images.filter(i => i.gate === 'new')
  if (gated.length === 0) return file?.()
  if (!o.attestations || !o.tag) {
    if (file) return file()
    return o.attestationsOff
      ? {
          available: false,
          source: 'scan attestation of the deployed digest',
          reason: `${o.attestationsOff}, and no baseline input was given`
        }
      : undefined
  }
  const tag = o.tag
  const scans = await o
    .attestations({
      images: gated.map(i => ({ name: i.name, repository: i.repository, tag }))
    })
    .catch((err: unknown): DeployedScan[] =>
      gated.map(i => ({
        name: i.name,
        kind: 'unavailable',
        ref: `${i.repository}:${tag}`,
        reason: err instanceof Error ? err.message : String(err)
      }))
    )
  return combineDeployed(scans, file)
}

/** The gate mode of every image of the plan. */
export function gateModes(plan: Plan): Record<string, GateModeT> {
  return Object.fromEntries(plan.images.map(i => [i.name, i.gate ?? 'all']))
}

/** sha256 of the Trivy DB file, streamed (a real DB is hundreds of MB): part of a reproducible verdict. */
export async function dbDigest(cacheDir: string): Promise<string | undefined> {
  const file = path.join(cacheDir, 'db', 'trivy.db')
  if (!fs.existsSync(file)) return undefined
  const hash = createHash('sha256')
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
  return `sha256:${hash.digest('hex')}`
}

export function verdictProvenance(o: {
  trivyVersion: string
  db: { updatedAt?: string; digest?: string }
  severities: readonly string[]
  modes: Record<string, GateModeT>
  exceptions?: Exceptions
  /** The gate's verdict: which exceptions covered each image's findings. */
  verdict?: { images: readonly { name: string; excepted?: readonly { exception: ExceptionEntry }[] }[] }
  baseline?: Baseline
  scanner?: ScannerPolicy
}): VerdictProvenance {
  const applied: Record<string, AppliedException[]> = {}
  for (const image of o.verdict?.images ?? []) {
    const seen = new Map<number, AppliedException>()
    for (const { exception: e } of image.excepted ?? []) {
      if (seen.has(e.index)) continue
      seen.set(e.index, {
        id: e.id,
        ...(e.package ? { package: e.package } : {}),
        expires: e.expires,
        owner: e.owner,
        reason: e.reason,
        at: e.at
      })
    }
    if (seen.size > 0) applied[image.name] = [...seen.values()]
  }
  return {
    imagegate: IMAGEGATE_VERSION,
    trivy: { version: o.trivyVersion },
    db: {
      ...(o.db.updatedAt ? { updatedAt: o.db.updatedAt } : {}),
      ...(o.db.digest ? { digest: o.db.digest } : {})
    },
    policy: {
      severities: [...o.severities],
      modes: o.modes,
      ...(o.exceptions ? { exceptions: { file: o.exceptions.file, digest: o.exceptions.digest } } : {}),
      ...(Object.keys(applied).length > 0 ? { applied } : {}),
      ...(o.baseline ? { baseline: o.baseline.source } : {}),
      ...(o.scanner ? { scanner: o.scanner } : {})
    }
  }
}

/** The scanner options as the verdict records them: the trivy.yaml by its path and sha256. */
export function scannerPolicy(scan: ScanSettings, workspace: string): ScannerPolicy {
  const { trivyConfig, ...rest } = scan
  const digest = trivyConfig ? fileSha256(path.resolve(workspace, trivyConfig)) : undefined
  return {
    skipDirs: [...rest.skipDirs],
    skipFiles: [...rest.skipFiles],
    ...(rest.pkgTypes ? { pkgTypes: [...rest.pkgTypes] } : {}),
    scanners: [...rest.scanners],
    ...(trivyConfig && digest ? { config: { file: trivyConfig, digest } } : {})
  }
}

function fileSha256(file: string): string | undefined {
  try {
    return `sha256:${createHash('sha256').update(fs.readFileSync(file)).digest('hex')}`
  } catch {
    return undefined
  }
}

/** `artifacts/imagegate-findings.json`: every finding with its identity and this run's status. */
export function writeFindingsFile(o: {
  /** OutputLayout.findingsFile */
  file: string
  plan: Plan
  images: readonly {
    outcome: ImageOutcome
    repository: string
    digest?: string
    /** Manifest digest per platform. */
    manifests?: ReadonlyMap<string, string>
  }[]
  verdict: GateResult
  provenance: VerdictProvenance
  now?: Date
}): { file: string; data: FindingsFile } {
  const images: FindingsFileImage[] = o.images.map(i => {
    const v = o.verdict.images.find(x => x.name === i.outcome.name)
    return {
      name: i.outcome.name,
      repository: i.repository,
      ...(i.digest ? { digest: i.digest } : {}),
      platforms: i.outcome.scans.map((s, n) => ({
        platform: s.platform,
        ...(i.manifests?.get(s.platform) ? { manifest: i.manifests.get(s.platform) } : {}),
        findings: s.findings,
        ...(v?.statuses?.[n] ? { status: v.statuses[n] } : {})
      }))
    }
  })
  const data = findingsFile({
    environment: o.plan.environment,
    created: (o.now ?? new Date()).toISOString(),
    provenance: o.provenance,
    images
  })
  fs.mkdirSync(path.dirname(o.file), { recursive: true })
  fs.writeFileSync(o.file, `${JSON.stringify(data, null, 2)}\n`)
  return { file: o.file, data }
}
