// The baseline from what is deployed: the environment's `baseline-tag` resolved to a digest in each
// image's repository, that digest's `vuln` attestations verified through the trust seam (the signer's
// public key or keyless identity) and their Trivy reports turned into a baseline. Pure rules first (which
// tag, which signer, how per-image answers combine with the `baseline` input); then the registry reads.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { keyKind } from '../trust/cosign/args.js'
import type { SignerIdentity } from '../trust/cosign/verify.js'
import type { Verifier } from '../trust/trust.js'
import { scanAttestations, type VulnAttestation } from '../trust/scans.js'
import { DEV_ENVIRONMENT } from '../plan/tags.js'
import { RegistryClient } from '../registry/client.js'
import { parseReference } from '../registry/reference.js'
import { findingsOf, ReportSchema, type Finding } from '../trivy/report.js'
import { baselineFromScans, type Baseline } from './baseline.js'

/**
 * The tag that names what is deployed in the environment: the `baseline-tag` input, else `latest` in a
 * (non-production) dev environment, the only moving tag imagegate writes itself; elsewhere none (the
 * workflow names the tag it moves on deploy, or gives the `baseline` input).
 */
export function deployedTag(o: {
  input: string
  environment: string
  production: boolean
}): string | undefined {
  if (o.input) return o.input
  return o.environment === DEV_ENVIRONMENT && !o.production ? 'latest' : undefined
}

/** How the signer of the deployed attestations is known, before anything is run. */
export type VerifierPlan =
  | { kind: 'identity'; identity: SignerIdentity }
  /** PEM contents (of `cosign-key` or its file): a private key's public half is derived in process. */
  | { kind: 'pem'; pem: string; private: boolean }
  | { kind: 'none'; why: string }

/**
 * The signer the deployed digest's attestations must carry: `certificate-identity` and
 * `certificate-oidc-issuer` (keyless), else `cosign-key` (what signs this run: a KMS URI, or a private
 * key whose public half is derived; a public key is accepted too), else none.
 */
export function verifierPlan(o: {
  key: string
  identity: string
  issuer: string
  workspace: string
}): VerifierPlan {
  if (o.identity || o.issuer) {
    if (!o.identity || !o.issuer) {
      return {
        kind: 'none',
        why: 'certificate-identity and certificate-oidc-issuer must be given together'
      }
    }
    return { kind: 'identity', identity: { kind: 'keyless', identity: o.identity, issuer: o.issuer } }
  }
  const key = o.key.trim()
  if (!key) {
    return { kind: 'none', why: 'no cosign-key nor certificate-identity to verify its scan attestation with' }
  }
  const kind = keyKind(key)
  if (kind === 'kms') return { kind: 'identity', identity: { kind: 'key', key } }
  const text = kind === 'pem' ? key : readIfFile(path.resolve(o.workspace, key))
  if (text === undefined) return { kind: 'none', why: `cosign-key: "${key}" is not a file in the workspace` }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return { kind: 'pem', pem: text, private: true }
  if (/-----BEGIN PUBLIC KEY-----/.test(text)) return { kind: 'pem', pem: text, private: false }
  return { kind: 'none', why: 'cosign-key holds neither a private nor a public key' }
}

function readIfFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

/** What the deployed tag of one image gave. */
export type DeployedScan =
  | {
      name: string
      kind: 'attested'
      /** `host/org/name@sha256:...` */
      ref: string
      platforms: { platform: string; findings: Finding[] }[]
    }
  /** The tag does not exist: nothing deployed yet (a first deploy). */
  | { name: string; kind: 'absent'; ref: string }
  /** The tag exists, its scan attestation cannot be had: the reason says why. */
  | { name: string; kind: 'unavailable'; ref: string; reason: string }

/**
 * The platforms' findings from an image's verified vuln attestations: one per platform (imagegate names
 * it in `invocation.parameters.platform`; the latest scan wins when a digest was attested twice). Throws
 * when an attestation holds no Trivy report or names no platform.
 */
export function platformsOf(attestations: readonly VulnAttestation[]): DeployedPlatforms {
  const latest = new Map<string, { finishedOn: string; findings: Finding[] }>()
  for (const a of attestations) {
    if (!a.platform) throw new Error(`a scan attestation (${a.scanner}) names no platform (not imagegate's)`)
    const report = ReportSchema.safeParse(a.result)
    if (!report.success) throw new Error(`the ${a.platform} scan attestation holds no Trivy JSON report`)
    const finishedOn = a.finishedOn ?? ''
    const seen = latest.get(a.platform)
    if (!seen || finishedOn > seen.finishedOn) {
      latest.set(a.platform, { finishedOn, findings: findingsOf(report.data) })
    }
  }
  return [...latest.entries()].map(([platform, v]) => ({ platform, findings: v.findings }))
}
type DeployedPlatforms = { platform: string; findings: Finding[] }[]

/**
 * One baseline from the per-image answers and the `baseline` input (read only when needed): attested
 * images from their attestations; absent tags (first deploy) from the `baseline` input; any image whose
 * tag exists without a usable attestation makes the baseline unavailable, naming why (never "no
 * baseline"). Undefined when no image had a tag and there is no input file (gate mode new then says so).
 */
export function combineDeployed(
  scans: readonly DeployedScan[],
  file: (() => Baseline) | undefined
): Baseline | undefined {
  const attested = scans.filter(s => s.kind === 'attested')
  const absent = scans.filter(s => s.kind === 'absent')
  const unavailable = scans.filter(s => s.kind === 'unavailable')
  const attestedSource =
    attested.length > 0 ? `scan attestation of ${attested.map(s => s.ref).join(', ')}` : undefined
  if (unavailable.length > 0) {
    return {
      available: false,
      source: `scan attestation of ${unavailable.map(s => s.ref).join(', ')}`,
      reason: unavailable.map(s => `${s.name}: ${s.reason}`).join('; ')
    }
  }
  const fromFile = absent.length > 0 && file ? file() : undefined
  if (!attestedSource) {
    if (fromFile) return fromFile
    if (absent.length === 0) return undefined
    return {
      available: false,
      source: `deployed tag ${absent.map(s => s.ref).join(', ')}`,
      reason: `${absent.length > 1 ? 'these tags do' : 'the tag does'} not exist (nothing deployed yet?) and no baseline input was given`
    }
  }
  const fromAttestations = baselineFromScans(
    attested.map(s => ({ name: s.name, platforms: s.platforms })),
    attestedSource
  )
  if (!fromFile) return fromAttestations
  if (!fromFile.available || !fromAttestations.available) return fromFile
  // absent images judged against the input file, attested ones against their attestation
  const absentNames = new Set(absent.map(s => s.name))
  const findings = new Map(fromAttestations.findings)
  for (const [key, f] of fromFile.findings) if (absentNames.has(f.image)) findings.set(key, f)
  return {
    available: true,
    source: `${attestedSource}; ${fromFile.source} (${[...absentNames].join(', ')})`,
    findings,
    images: new Set([
      ...fromAttestations.images,
      ...[...fromFile.images].filter(name => absentNames.has(name))
    ]),
    ...(fromFile.environment ? { environment: fromFile.environment } : {})
  }
}

// --- runs ----------------------------------------------------------------------------------

/** The deployed tag of one image: its digest, then that digest's verified scan attestations. */
export async function deployedScan(o: {
  name: string
  repository: string
  tag: string
  client: Pick<RegistryClient, 'headManifest' | 'getManifest'>
  verifier: Verifier
}): Promise<DeployedScan> {
  const ref = parseReference(o.repository)
  const tagged = `${o.repository}:${o.tag}`
  let digest: string
  try {
    const head = await o.client.headManifest(ref.repository, o.tag)
    if (!head) return { name: o.name, kind: 'absent', ref: tagged }
    digest = head.digest || (await o.client.getManifest(ref.repository, o.tag)).digest
  } catch (err) {
    return {
      name: o.name,
      kind: 'unavailable',
      ref: tagged,
      reason: `cannot resolve ${tagged}: ${(err as Error).message}`
    }
  }
  const pinned = `${o.repository}@${digest}`
  try {
    const attestations = await scanAttestations(o.verifier, o.repository, digest)
    if (attestations.length === 0) throw new Error(`no scan attestation signed by ${o.verifier.describe}`)
    return { name: o.name, kind: 'attested', ref: pinned, platforms: platformsOf(attestations) }
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    return { name: o.name, kind: 'unavailable', ref: pinned, reason: `${tagged} is ${digest}: ${why}` }
  }
}
