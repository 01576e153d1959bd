// `artifacts/imagegate-findings.json`: every finding of a run with what identifies it (image, platform,
// id, package) and what judged it (scanner, DB, policy). Written by every run into the evidence; read back
// as the next run's baseline (input `baseline`). Pure: objects in, objects (or problems) out.
import { z } from 'zod'
import type { Finding } from '../trivy/report.js'
import { SEVERITIES } from '../trivy/report.js'

export const FINDINGS_FILE = 'imagegate-findings.json'
export const FINDINGS_SCHEMA = 'imagegate-findings/v1'

const RecordedFinding = z.object({
  kind: z.enum(['vulnerability', 'secret']),
  id: z.string().min(1),
  /** The package name (vulnerability) or the file (secret): part of the identity. */
  pkg: z.string(),
  severity: z.enum(SEVERITIES).catch('UNKNOWN'),
  installed: z.string().optional(),
  fixed: z.string().optional(),
  title: z.string().optional(),
  target: z.string().optional(),
  /** How this run's gate judged it: blocking, known (in the baseline), excepted, reported, below. */
  status: z.string().optional()
})

/** The scanner options of a verdict: what Trivy was told to skip and look for, and its config file. */
export const ScannerPolicySchema = z.object({
  skipDirs: z.array(z.string()),
  skipFiles: z.array(z.string()),
  /** Absent: Trivy's default (os,library). */
  pkgTypes: z.array(z.string()).optional(),
  scanners: z.array(z.string()),
  /** The trivy.yaml (workspace-relative) and its sha256. */
  config: z.object({ file: z.string(), digest: z.string() }).optional()
})
export type ScannerPolicy = z.infer<typeof ScannerPolicySchema>

/** An exception that covered at least one of an image's findings in the verdict, with its expiry. */
export const AppliedExceptionSchema = z.object({
  id: z.string(),
  package: z.string().optional(),
  /** YYYY-MM-DD, the last day it holds. */
  expires: z.string(),
  owner: z.string(),
  reason: z.string(),
  /** Where it is written: `file:line`. */
  at: z.string()
})
export type AppliedException = z.infer<typeof AppliedExceptionSchema>

/** What judged the findings: enough to reproduce the verdict later. */
export const VerdictProvenanceSchema = z.object({
  imagegate: z.string(),
  trivy: z.object({ version: z.string() }),
  db: z.object({ updatedAt: z.string().optional(), digest: z.string().optional() }),
  policy: z.object({
    severities: z.array(z.string()),
    /** Gate mode per image. */
    modes: z.record(z.string(), z.string()),
    exceptions: z.object({ file: z.string(), digest: z.string() }).optional(),
    /** Per image, the exceptions that covered its findings (each once), with their expiry. */
    applied: z.record(z.string(), z.array(AppliedExceptionSchema)).optional(),
    baseline: z.string().optional(),
    /** The scanner options every image scan read (skip-dirs, skip-files, pkg-types, scanners, trivy-config). */
    scanner: ScannerPolicySchema.optional()
  })
})
export type VerdictProvenance = z.infer<typeof VerdictProvenanceSchema>

export const FindingsFileSchema = z.object({
  schema: z.literal(FINDINGS_SCHEMA),
  environment: z.string(),
  created: z.string(),
  provenance: VerdictProvenanceSchema.optional(),
  images: z.array(
    z.object({
      name: z.string().min(1),
      repository: z.string().optional(),
      /** The index digest that was scanned. */
      digest: z.string().optional(),
      platforms: z.array(
        z.object({
          platform: z.string().min(1),
          /** The platform manifest's digest: the exact bytes scanned. */
          manifest: z.string().optional(),
          findings: z.array(RecordedFinding)
        })
      )
    })
  )
})
export type FindingsFile = z.infer<typeof FindingsFileSchema>
export type RecordedFindingT = z.infer<typeof RecordedFinding>

export interface FindingsFileImage {
  name: string
  repository?: string
  digest?: string
  platforms: {
    platform: string
    manifest?: string
    findings: readonly Finding[]
    /** Status by finding (same order), from the gate. */
    status?: readonly string[]
  }[]
}

export function findingsFile(o: {
  environment: string
  created: string
  provenance?: VerdictProvenance
  images: readonly FindingsFileImage[]
}): FindingsFile {
  return {
    schema: FINDINGS_SCHEMA,
    environment: o.environment,
    created: o.created,
    ...(o.provenance ? { provenance: o.provenance } : {}),
    images: o.images.map(i => ({
      name: i.name,
      ...(i.repository ? { repository: i.repository } : {}),
      ...(i.digest ? { digest: i.digest } : {}),
      platforms: i.platforms.map(p => ({
        platform: p.platform,
        ...(p.manifest ? { manifest: p.manifest } : {}),
        findings: p.findings.map((f, n) => ({
          kind: f.kind,
          id: f.id,
          pkg: f.pkg,
          severity: f.severity,
          ...(f.installed ? { installed: f.installed } : {}),
          ...(f.fixed ? { fixed: f.fixed } : {}),
          ...(f.title ? { title: f.title } : {}),
          target: f.target,
          ...(p.status?.[n] ? { status: p.status[n] } : {})
        }))
      }))
    }))
  }
}

/** A findings file read back, or why it cannot be used (never thrown: the gate says it). */
export function parseFindingsFile(
  text: string,
  file: string
): { ok: true; data: FindingsFile } | { ok: false; reason: string } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    return { ok: false, reason: `${file} is not JSON (${(err as Error).message})` }
  }
  const r = FindingsFileSchema.safeParse(json)
  if (!r.success) {
    const issue = r.error.issues[0]
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : ''
    return {
      ok: false,
      reason: `${file} is not an imagegate findings file (${FINDINGS_SCHEMA})${where}: ${issue?.message ?? ''}`
    }
  }
  return { ok: true, data: r.data }
}
