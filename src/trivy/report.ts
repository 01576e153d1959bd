// Trivy's JSON report (schema version 2), validated before use. Only the fields imagegate reads.
import { z } from 'zod'
import { parseJson } from '../json.js'

export const SEVERITIES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const
export type Severity = (typeof SEVERITIES)[number]
/**
 * Trivy's severity of a finding, in any case; anything else makes the report unusable (a scanner failure),
 * never a finding that counts at no severity and lets the image pass.
 */
const SeveritySchema = z.preprocess(
  v => (typeof v === 'string' ? v.toUpperCase() : v),
  z.enum(SEVERITIES, {
    error: iss => `${JSON.stringify(iss.input)} is not one of Trivy's severities (${SEVERITIES.join(', ')})`
  })
)

const VulnerabilitySchema = z.looseObject({
  VulnerabilityID: z.string(),
  PkgName: z.string(),
  PkgPath: z.string().optional(),
  InstalledVersion: z.string().default(''),
  FixedVersion: z.string().optional(),
  Severity: SeveritySchema,
  Title: z.string().optional(),
  Description: z.string().optional(),
  PrimaryURL: z.string().optional()
})

const SecretSchema = z.looseObject({
  RuleID: z.string(),
  Category: z.string().optional(),
  Severity: SeveritySchema,
  Title: z.string().optional(),
  StartLine: z.number().optional(),
  EndLine: z.number().optional(),
  Match: z.string().optional()
})

/** A package of the image (`--list-all-pkgs`): what the SBOM written from the report lists. */
const PackageSchema = z.looseObject({
  ID: z.string().optional(),
  Name: z.string(),
  Version: z.string().optional(),
  Release: z.string().optional(),
  Epoch: z.number().optional(),
  Arch: z.string().optional(),
  SrcName: z.string().optional(),
  SrcVersion: z.string().optional(),
  SrcRelease: z.string().optional(),
  SrcEpoch: z.number().optional(),
  Modularitylabel: z.string().optional(),
  Licenses: z.array(z.string()).nullish(),
  FilePath: z.string().optional(),
  Digest: z.string().optional(),
  Layer: z.looseObject({ Digest: z.string().optional(), DiffID: z.string().optional() }).optional()
})

const ResultSchema = z.looseObject({
  Target: z.string(),
  Class: z.string().optional(),
  Type: z.string().optional(),
  Packages: z.array(PackageSchema).nullish(),
  Vulnerabilities: z.array(VulnerabilitySchema).nullish(),
  Secrets: z.array(SecretSchema).nullish()
})

export const ReportSchema = z.looseObject({
  SchemaVersion: z.number(),
  ArtifactName: z.string().optional(),
  ArtifactType: z.string().optional(),
  Metadata: z
    .looseObject({
      OS: z.looseObject({ Family: z.string(), Name: z.string().optional() }).nullish(),
      ImageID: z.string().optional(),
      DiffIDs: z.array(z.string()).nullish(),
      RepoDigests: z.array(z.string()).nullish()
    })
    .optional(),
  Results: z.array(ResultSchema).nullish()
})

export type TrivyReport = z.infer<typeof ReportSchema>
export type TrivyVulnerability = z.infer<typeof VulnerabilitySchema>
export type TrivySecret = z.infer<typeof SecretSchema>

export function parseReport(text: string, file: string): TrivyReport {
  const json = parseJson(
    text,
    () => `Trivy report ${file} is not JSON (the scanner did not finish writing it)`
  )
  const r = ReportSchema.safeParse(json)
  if (!r.success) {
    throw new Error(`Trivy report ${file} is not a Trivy JSON report: ${r.error.issues[0]?.message ?? ''}`)
  }
  return r.data
}

/** One finding, flattened: what the gate, the summary, annotations and SARIF need. */
export interface Finding {
  kind: 'vulnerability' | 'secret'
  id: string
  severity: Severity
  /** Package name (vulnerability) or the file the secret is in. */
  pkg: string
  installed?: string
  fixed?: string
  title?: string
  target: string
  url?: string
}

/** Where a secret in the image's config is (Trivy's target for it is the scanned artifact itself). */
export const IMAGE_CONFIG = 'the image config'

export function findingsOf(report: TrivyReport): Finding[] {
  const out: Finding[] = []
  for (const r of report.Results ?? []) {
    for (const v of r.Vulnerabilities ?? []) {
      out.push({
        kind: 'vulnerability',
        id: v.VulnerabilityID,
        severity: v.Severity,
        pkg: v.PkgName,
        installed: v.InstalledVersion,
        fixed: v.FixedVersion || undefined,
        title: v.Title,
        target: v.PkgPath || r.Target,
        url: v.PrimaryURL
      })
    }
    // Trivy names a secret of the image config (its history, ENTRYPOINT, ENV) by the artifact: for an OCI
    // layout, a path in the runner's temp directory that says nothing to the reader
    const inConfig = report.ArtifactName !== undefined && r.Target === report.ArtifactName
    for (const s of r.Secrets ?? []) {
      const where = inConfig ? IMAGE_CONFIG : r.Target
      out.push({
        kind: 'secret',
        id: s.RuleID,
        severity: s.Severity,
        pkg: where,
        title: s.Title,
        target:
          s.StartLine === undefined
            ? where
            : inConfig
              ? `${where} (line ${s.StartLine} of its JSON)`
              : `${r.Target}:${s.StartLine}`
      })
    }
  }
  return out
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = { UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 }
  for (const f of findings) counts[f.severity]++
  return counts
}
