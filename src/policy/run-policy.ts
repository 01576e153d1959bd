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
import { IMAGEGATE_VERSION } from '../version.js'
import { readBaselineFile, type Baseline } from './baseline.js'
import { loadExceptions, type Exceptions } from './exceptions.js'
import {
  findingsFile,
  type FindingsFile,
  type FindingsFileImage,
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
 * The findings of the digest deployed in the environment, from the scan attestation attached to it (the
 * trust chain's `vuln` attestation). The seam the trust-chain work fills; until then it finds nothing and
 * the `baseline` input is the source.
 */
export type AttestationBaselineSource = (o: {
  /** Per image: the repository and the environment's current tag whose digest is deployed. */
  images: readonly { name: string; repository: string; tag: string }[]
}) => Promise<Baseline | undefined>

/**
 * The baseline, in order: the scan attestation of the deployed digest (when a source is wired), else the
 * `baseline` input. Undefined when neither is configured (gate mode new then fails with that reason).
 */
export async function resolveBaseline(o: {
  input: string
  workspace: string
  plan: Plan
  attestations?: AttestationBaselineSource
}): Promise<Baseline | undefined> {
  if (o.attestations) {
    const images = o.plan.images.map(i => ({
      name: i.name,
      repository: i.repository,
      tag: i.tags[0]?.tag ?? ''
    }))
    const attested = await o.attestations({ images }).catch((err: unknown): Baseline => ({
      available: false,
      source: 'scan attestation of the deployed digest',
      reason: err instanceof Error ? err.message : String(err)
    }))
    if (attested?.available || !o.input) return attested
  }
  return o.input ? readBaselineFile(o.input, o.workspace) : undefined
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
  baseline?: Baseline
}): VerdictProvenance {
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
      ...(o.baseline ? { baseline: o.baseline.source } : {})
    }
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
