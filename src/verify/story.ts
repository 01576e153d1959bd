// The story of one digest, told from what verified (trusted.ts): built by, from, contains, scanned,
// signed by, stands in, and re-judged today. Pure: the registry's and Trivy's answers come in. The
// schema is the `story` output's (documented in docs/verify.md).
import { z } from 'zod'
import { SlsaPredicateSchema, VulnPredicateSchema } from '../trust/predicates.js'
import { SPDX_PREDICATE_TYPE } from '../trust/statements.js'
import { countBySeverity, findingsOf, ReportSchema, SEVERITIES } from '../trivy/report.js'
import { daysLeft } from '../policy/exceptions.js'
import type { DigestEvidence } from './trusted.js'

const Counts = z.object(
  Object.fromEntries(SEVERITIES.map(s => [s, z.number().int().min(0)])) as Record<
    (typeof SEVERITIES)[number],
    z.ZodNumber
  >
)

const FindingSchema = z.object({
  id: z.string(),
  severity: z.enum(SEVERITIES),
  pkg: z.string(),
  installed: z.string().optional(),
  fixed: z.string().optional()
})

export const ImageStorySchema = z.object({
  name: z.string(),
  /** `host/path`, no tag. */
  repository: z.string(),
  /** The version asked for: a tag or a digest. */
  version: z.string(),
  digest: z.string().optional(),
  passed: z.boolean(),
  /** Why not, one line each, naming the image. */
  reasons: z.array(z.string()),
  platforms: z.array(z.string()),
  builtBy: z
    .object({
      workflow: z.object({ repository: z.string(), path: z.string(), ref: z.string() }),
      repository: z.string(),
      commit: z.string(),
      /** The run that built it (SLSA runDetails.metadata.invocationId). */
      run: z.string(),
      builder: z.string(),
      buildType: z.string(),
      startedOn: z.string(),
      finishedOn: z.string()
    })
    .optional(),
  /** The base images (and the source) as the provenance's resolvedDependencies name them. */
  from: z
    .array(z.object({ uri: z.string(), digest: z.record(z.string(), z.string()).optional() }))
    .optional(),
  contains: z
    .array(
      z.object({
        platform: z.string(),
        spdxVersion: z.string(),
        packages: z.number().int().min(0),
        /** The bundle referrer holding the SBOM (a manifest digest in the image's repository). */
        referrer: z.string().optional(),
        /** A command that fetches and verifies it. */
        get: z.string()
      })
    )
    .optional(),
  scanned: z
    .array(
      z.object({
        platform: z.string(),
        scanner: z.string(),
        trivyVersion: z.string(),
        db: z.object({ repository: z.string(), updatedAt: z.string(), digest: z.string().optional() }),
        finishedOn: z.string(),
        findings: Counts,
        policy: z.object({
          severities: z.array(z.string()),
          ignoreUnfixed: z.boolean(),
          ignoreFiles: z.array(z.string()),
          mode: z.string().optional(),
          baseline: z.string().optional(),
          /** The exceptions file and its sha256. */
          exceptions: z.object({ file: z.string(), digest: z.string() }).optional(),
          /** The exceptions that covered this platform's findings then, with their expiry and owner. */
          exceptionsApplied: z
            .array(
              z.object({
                id: z.string(),
                package: z.string().optional(),
                expires: z.string(),
                owner: z.string(),
                reason: z.string(),
                at: z.string(),
                /** The expiry has passed on the day of this verify run: the finding blocks again. */
                expired: z.boolean()
              })
            )
            .optional()
        }),
        /** The verdict then. */
        passed: z.boolean()
      })
    )
    .optional(),
  signedBy: z
    .object({
      /** `the key SHA256:...`, or `IDENTITY (issuer ISSUER)`. */
      signer: z.string(),
      identity: z.string().optional(),
      issuer: z.string().optional(),
      formats: z.array(z.enum(['bundle', 'cosign2'])),
      tlogIndexes: z.array(z.string()),
      timestamps: z.number().int().min(0)
    })
    .optional(),
  standsIn: z
    .array(
      z.object({
        environment: z.string(),
        repository: z.string(),
        /** Tags of the repository that resolve to this digest. */
        tags: z.array(z.string()),
        /** Present by digest (tags aside). */
        present: z.boolean(),
        /** More tags than were looked at (the bound). */
        truncated: z.boolean(),
        /** Why the environment's registry could not be read (then nothing is known of it). */
        unreadable: z.string().optional()
      })
    )
    .optional(),
  rescan: z
    .object({
      trivyVersion: z.string(),
      db: z.object({ updatedAt: z.string().optional(), digest: z.string().optional() }),
      passed: z.boolean(),
      /** Why it fails today, one line each (image, platform, finding, fixed version). */
      reasons: z.array(z.string()),
      platforms: z.array(
        z.object({ platform: z.string(), findings: Counts, blocking: z.array(FindingSchema) })
      )
    })
    .optional()
})
export type ImageStory = z.infer<typeof ImageStorySchema>

export const StorySchema = z.object({
  environment: z.string(),
  version: z.string(),
  passed: z.boolean(),
  images: z.array(ImageStorySchema)
})
export type Story = z.infer<typeof StorySchema>

/** The story parts the verified evidence tells (everything but stands-in and the re-scan). */
export function evidenceStory(o: {
  evidence: DigestEvidence
  signer: string
  repository: string
  digest: string
  /** Today, for the expiry of the exceptions that applied then. */
  now?: Date
}): Pick<ImageStory, 'builtBy' | 'from' | 'contains' | 'scanned' | 'signedBy'> {
  const { evidence } = o
  const now = o.now ?? new Date()
  const out: Pick<ImageStory, 'builtBy' | 'from' | 'contains' | 'scanned' | 'signedBy'> = {}
  const provenance = evidence.provenance
    .map(a => SlsaPredicateSchema.safeParse(a.statement.predicate))
    .find(p => p.success)?.data
  if (provenance) {
    const external = provenance.buildDefinition.externalParameters
    out.builtBy = {
      workflow: external.workflow,
      repository: external.source.repository,
      commit: external.source.commit,
      run: provenance.runDetails.metadata.invocationId,
      builder: provenance.runDetails.builder.id,
      buildType: provenance.buildDefinition.buildType,
      startedOn: provenance.runDetails.metadata.startedOn,
      finishedOn: provenance.runDetails.metadata.finishedOn
    }
    out.from = provenance.buildDefinition.resolvedDependencies.map(d => ({
      uri: d.uri,
      ...(d.digest ? { digest: d.digest } : {})
    }))
  }
  if (evidence.sboms.length > 0) {
    out.contains = evidence.sboms.map(s => ({
      platform: s.platform,
      spdxVersion: s.spdxVersion,
      packages: s.packages,
      ...(s.referrer ? { referrer: s.referrer } : {}),
      get: `cosign verify-attestation --new-bundle-format --type ${SPDX_PREDICATE_TYPE} ${o.repository}@${o.digest}`
    }))
  }
  out.scanned = evidence.scans.map(scan => {
    const predicate = VulnPredicateSchema.safeParse(scan.statement.predicate)
    const report = ReportSchema.safeParse(scan.result)
    const findings = countBySeverity(report.success ? findingsOf(report.data) : [])
    const p = predicate.success ? predicate.data : undefined
    const policy = p?.invocation.parameters.policy
    const dbRepository = decodeURIComponent(/repository_url=([^&]*)/.exec(p?.scanner.db.uri ?? '')?.[1] ?? '')
    return {
      platform: scan.platform ?? 'the image',
      scanner: scan.scanner,
      trivyVersion: p?.scanner.version ?? 'unknown',
      db: {
        repository: dbRepository,
        updatedAt: p?.scanner.db.version ?? 'unknown',
        ...(p?.invocation.parameters.db?.digest ? { digest: p.invocation.parameters.db.digest } : {})
      },
      finishedOn: scan.finishedOn ?? 'unknown',
      findings,
      policy: {
        severities: policy?.severities ?? [],
        ignoreUnfixed: policy?.ignoreUnfixed ?? false,
        ignoreFiles: policy?.ignoreFiles ?? [],
        ...(policy?.mode ? { mode: policy.mode } : {}),
        ...(policy?.baseline ? { baseline: policy.baseline } : {}),
        ...(policy?.exceptions ? { exceptions: policy.exceptions } : {}),
        ...(policy?.exceptionsApplied && policy.exceptionsApplied.length > 0
          ? {
              exceptionsApplied: policy.exceptionsApplied.map(a => ({
                ...a,
                expired: daysLeft(a.expires, now) < 0
              }))
            }
          : {})
      },
      passed: policy?.passed ?? false
    }
  })
  const first = evidence.signatures.find(s => s.subject) ?? evidence.signatures[0]
  out.signedBy = {
    signer: o.signer,
    ...(first?.subject ? { identity: first.subject } : {}),
    ...(first?.issuer ? { issuer: first.issuer } : {}),
    formats: [...new Set(evidence.signatures.map(s => s.format))],
    tlogIndexes: [...new Set(evidence.signatures.flatMap(s => s.tlogIndexes ?? []))],
    timestamps: evidence.signatures.reduce((n, s) => n + (s.timestamps ?? 0), 0)
  }
  return out
}

const code = (s: string): string => `\`${s}\``

/** One image's job summary page. */
export function storyMarkdown(story: ImageStory, environment: string): string {
  const lines = [
    `## ${story.name} ${story.passed ? 'verified' : '**refused**'} in ${environment}: ${code(story.version)}`,
    '',
    `${code(`${story.repository}@${story.digest ?? '?'}`)}${story.platforms.length > 0 ? ` (${story.platforms.join(', ')})` : ''}`,
    ''
  ]
  if (story.reasons.length > 0) lines.push('### Why', '', ...story.reasons.map(r => `- ${r}`), '')
  const rows: [string, string][] = []
  if (story.builtBy) {
    const b = story.builtBy
    rows.push([
      'built by',
      `${b.workflow.path || '?'}@${b.workflow.ref || '?'} of ${b.repository || '?'}, commit ${code(b.commit)}, run ${b.run || '?'}, builder ${b.builder}`
    ])
  }
  if (story.from)
    rows.push([
      'from',
      story.from
        .map(
          d =>
            `${code(d.uri)}${
              d.digest
                ? ` ${Object.entries(d.digest)
                    .map(([k, v]) => `${k}:${v}`)
                    .join(' ')}`
                : ''
            }`
        )
        .join('<br>') || '-'
    ])
  if (story.contains)
    rows.push([
      'contains',
      story.contains
        .map(
          c =>
            `${c.platform}: ${c.packages} packages (${c.spdxVersion}${c.referrer ? `, referrer ${code(c.referrer)}` : ''})`
        )
        .join('<br>')
    ])
  if (story.scanned)
    rows.push([
      'scanned',
      story.scanned
        .map(s => {
          const counts = SEVERITIES.filter(k => s.findings[k] > 0)
            .map(k => `${s.findings[k]} ${k}`)
            .join(', ')
          const applied = (s.policy.exceptionsApplied ?? [])
            .map(
              a =>
                `${a.id}${a.package ? ` (${a.package})` : ''} until ${a.expires}${a.expired ? ', expired' : ''}`
            )
            .join('; ')
          const exceptions = s.policy.exceptions
            ? `, exceptions ${s.policy.exceptions.file}${applied ? ` (applied: ${applied})` : ''}`
            : ''
          return `${s.platform}: Trivy ${s.trivyVersion}, DB ${s.db.updatedAt}${s.db.digest ? ` (${s.db.digest.slice(0, 19)})` : ''}, ${counts || 'no findings'}; policy ${s.policy.severities.join(',')}${s.policy.mode ? ` mode ${s.policy.mode}` : ''}${exceptions}: ${s.passed ? 'passed' : 'failed'} at ${s.finishedOn}`
        })
        .join('<br>')
    ])
  if (story.signedBy) {
    const s = story.signedBy
    const log = s.tlogIndexes.length > 0 ? `, Rekor index ${s.tlogIndexes.join(', ')}` : ''
    const stamps = s.timestamps > 0 ? `, ${s.timestamps} signed timestamp(s)` : ''
    // keyless: the certificate's own identity and issuer (what the policy matched), else the key
    const who = s.identity ? `${s.identity} (issuer ${s.issuer ?? 'not stated'})` : s.signer
    rows.push(['signed by', `${who} (${s.formats.join(', ')}${log}${stamps})`])
  }
  if (story.standsIn)
    rows.push([
      'stands in',
      story.standsIn
        .filter(e => e.present || e.tags.length > 0 || e.unreadable)
        .map(e =>
          e.unreadable
            ? `${e.environment}: not known (${e.repository} could not be read)`
            : `${e.environment}: ${e.tags.map(code).join(', ') || 'by digest only'}${e.truncated ? ' (more tags than looked at)' : ''}`
        )
        .join('<br>') || 'no environment'
    ])
  if (story.rescan) {
    const r = story.rescan
    rows.push([
      're-judged today',
      `Trivy ${r.trivyVersion}, DB ${r.db.updatedAt ?? '?'}: ${r.passed ? 'passed' : 'failed'}${r.platforms
        .flatMap(p =>
          p.blocking.map(
            f =>
              `<br>${p.platform}: ${f.severity} ${f.id} in ${f.pkg} ${f.installed ?? ''} (${f.fixed ? `fixed in ${f.fixed}` : 'no fix yet'})`
          )
        )
        .join('')}`
    ])
  }
  if (rows.length > 0) lines.push('| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`))
  return lines.join('\n') + '\n'
}
