// The predicates imagegate attests, built by pure functions and checked with zod before cosign wraps
// them in an in-toto statement: cosign's vulnerability scan record
// (https://cosign.sigstore.dev/attestation/vuln/v1) and SLSA provenance v1 (https://slsa.dev/provenance/v1).
// The SPDX SBOM is the file the pipeline already wrote, attested as it is.
import { z } from 'zod'
import {
  AppliedExceptionSchema,
  ScannerPolicySchema,
  type AppliedException,
  type ScannerPolicy
} from '../policy/findings-file.js'

export const VULN_PREDICATE_TYPE = 'https://cosign.sigstore.dev/attestation/vuln/v1'
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1'
/** What an imagegate build is: the fields of externalParameters below (documented in the README). */
export const BUILD_TYPE = 'https://github.com/imagegate/imagegate/blob/v1/docs/build-type.md'

// --- vulnerability scan record ------------------------------------------------------------------

const Time = z.iso.datetime({ offset: true })

export const VulnPredicateSchema = z.object({
  invocation: z.object({
    // cosign keeps `parameters` as any JSON: the policy that judged the result goes there, and the DB
    // file's sha256 (cosign re-encodes `scanner.db` with only `uri` and `version`, dropping any other field)
    parameters: z.object({
      platform: z.string(),
      db: z.object({ digest: z.string() }).optional(),
      policy: z.object({
        severities: z.array(z.string()),
        ignoreUnfixed: z.boolean(),
        ignoreFiles: z.array(z.string()),
        passed: z.boolean(),
        /** The image's gate mode (report, new, all). */
        mode: z.string().optional(),
        /** The exceptions file and its sha256. */
        exceptions: z.object({ file: z.string(), digest: z.string() }).optional(),
        /** The exceptions that covered this image's findings, with their expiry. */
        exceptionsApplied: z.array(AppliedExceptionSchema).optional(),
        /** Where the baseline of gate mode new came from (or why none). */
        baseline: z.string().optional(),
        /** The scanner options (skip-dirs, skip-files, pkg-types, scanners, trivy-config and its sha256). */
        scanner: ScannerPolicySchema.optional()
      })
    }),
    uri: z.string(),
    event_id: z.string(),
    'builder.id': z.string()
  }),
  scanner: z.object({
    uri: z.string().min(1),
    version: z.string().min(1),
    db: z.object({ uri: z.string(), version: z.string() }),
    result: z.looseObject({ SchemaVersion: z.number() })
  }),
  metadata: z.object({ scanStartedOn: Time, scanFinishedOn: Time })
})
export type VulnPredicate = z.infer<typeof VulnPredicateSchema>

export interface RunIdentity {
  /** `https://github.com/OWNER/REPO/.github/workflows/FILE@REF`, the builder. */
  builderId: string
  /** `https://github.com/OWNER/REPO/actions/runs/ID/attempts/N`, this run. */
  invocationUri: string
  runId: string
}

/** The run's identity from the runner's variables (blank fields outside Actions). */
export function runIdentity(env: NodeJS.ProcessEnv): RunIdentity {
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  const repo = env.GITHUB_REPOSITORY ?? ''
  const runId = env.GITHUB_RUN_ID ?? ''
  return {
    builderId: env.GITHUB_WORKFLOW_REF ? `${server}/${env.GITHUB_WORKFLOW_REF}` : '',
    invocationUri:
      repo && runId
        ? `${server}/${repo}/actions/runs/${runId}/attempts/${env.GITHUB_RUN_ATTEMPT || '1'}`
        : '',
    runId
  }
}

export function vulnPredicate(o: {
  platform: string
  /** The Trivy JSON report, as Trivy wrote it. */
  report: unknown
  trivyVersion: string
  /** Where the DB came from (`db-repository`, else Trivy's default). */
  dbRepository: string
  /** The DB's build time (metadata.json UpdatedAt). */
  dbUpdatedAt: string
  severities: readonly string[]
  ignoreUnfixed: boolean
  ignoreFiles: readonly string[]
  passed: boolean
  /** The rest of the verdict's provenance (gate mode, exceptions file, baseline, DB digest). */
  verdict?: {
    mode?: string
    exceptions?: { file: string; digest: string }
    applied?: AppliedException[]
    baseline?: string
    dbDigest?: string
    scanner?: ScannerPolicy
  }
  run: RunIdentity
  startedOn: string
  finishedOn: string
}): VulnPredicate {
  const version = o.trivyVersion.replace(/^v/, '')
  return VulnPredicateSchema.parse({
    invocation: {
      parameters: {
        platform: o.platform,
        ...(o.verdict?.dbDigest ? { db: { digest: o.verdict.dbDigest } } : {}),
        policy: {
          severities: [...o.severities],
          ignoreUnfixed: o.ignoreUnfixed,
          ignoreFiles: [...o.ignoreFiles],
          passed: o.passed,
          ...(o.verdict?.mode ? { mode: o.verdict.mode } : {}),
          ...(o.verdict?.exceptions ? { exceptions: { ...o.verdict.exceptions } } : {}),
          ...(o.verdict?.applied ? { exceptionsApplied: o.verdict.applied.map(a => ({ ...a })) } : {}),
          ...(o.verdict?.baseline ? { baseline: o.verdict.baseline } : {}),
          ...(o.verdict?.scanner ? { scanner: o.verdict.scanner } : {})
        }
      },
      uri: o.run.invocationUri,
      event_id: o.run.runId,
      'builder.id': o.run.builderId
    },
    scanner: {
      // a release is tagged v0.44.1; a build without a number (`dev`) is named as it says
      uri: `pkg:github/aquasecurity/trivy@${/^\d/.test(version) ? `v${version}` : version}`,
      version,
      db: {
        uri: `pkg:oci/trivy-db?repository_url=${encodeURIComponent(o.dbRepository)}`,
        version: o.dbUpdatedAt
      },
      result: o.report
    },
    metadata: { scanStartedOn: o.startedOn, scanFinishedOn: o.finishedOn }
  })
}

// --- SLSA provenance v1 -------------------------------------------------------------------------

const ResourceDescriptor = z.object({
  uri: z.string().min(1),
  digest: z.record(z.string(), z.string()).optional(),
  name: z.string().optional(),
  annotations: z.record(z.string(), z.string()).optional()
})

export const SlsaPredicateSchema = z.object({
  buildDefinition: z.object({
    buildType: z.url(),
    externalParameters: z.object({
      workflow: z.object({ ref: z.string(), repository: z.string(), path: z.string() }),
      source: z.object({ repository: z.string(), commit: z.string().regex(/^[0-9a-f]{40}$/) }),
      image: z.object({
        name: z.string(),
        context: z.string(),
        file: z.string(),
        target: z.string().optional(),
        platforms: z.array(z.string())
      }),
      buildArgs: z.record(z.string(), z.string()),
      /** Build args whose names look secret: listed, never their values. */
      redactedBuildArgs: z.array(z.string())
    }),
    internalParameters: z.object({ environment: z.string(), event: z.string() }),
    resolvedDependencies: z.array(ResourceDescriptor)
  }),
  runDetails: z.object({
    builder: z.object({ id: z.string().min(1) }),
    metadata: z.object({ invocationId: z.string(), startedOn: Time, finishedOn: Time })
  })
})
export type SlsaPredicate = z.infer<typeof SlsaPredicateSchema>

const SECRET_NAME = /secret|token|passw(or)?d|pwd|credential|private|(^|_)key($|_)|api_?key|auth/i

/** Build args a provenance may show; the others are named only. */
export function splitBuildArgs(args: Record<string, string>): {
  shown: Record<string, string>
  redacted: string[]
} {
  const shown: Record<string, string> = {}
  const redacted: string[] = []
  for (const [name, value] of Object.entries(args)) {
    if (SECRET_NAME.test(name)) redacted.push(name)
    else shown[name] = value
  }
  return { shown, redacted: redacted.sort() }
}

/** `host/path@sha256:...` -> a resource descriptor with its digest; a ref without one keeps only its uri. */
export function baseImageDependency(ref: string): z.infer<typeof ResourceDescriptor> {
  const at = ref.indexOf('@')
  if (at < 0) return { uri: `pkg:docker/${ref}`, annotations: { pinned: 'false' } }
  const [algorithm, hex] = ref.slice(at + 1).split(':')
  return { uri: `pkg:docker/${ref.slice(0, at)}`, digest: { [algorithm ?? 'sha256']: hex ?? '' } }
}

export function slsaPredicate(o: {
  image: { name: string; context: string; file: string; target?: string; platforms: readonly string[] }
  buildArgs: Record<string, string>
  /** Base images as the Dockerfile's FROM lines resolve (registry images only). */
  baseImages: readonly string[]
  env: NodeJS.ProcessEnv
  /** The commit that was built (GITHUB_SHA). */
  commit: string
  environment: string
  startedOn: string
  finishedOn: string
}): SlsaPredicate {
  const server = (o.env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  const repository = o.env.GITHUB_REPOSITORY ?? ''
  const workflowRef = o.env.GITHUB_WORKFLOW_REF ?? ''
  const [workflowPath = '', ref = o.env.GITHUB_REF ?? ''] = workflowRef
    .replace(`${repository}/`, '')
    .split('@')
  const source = repository ? `git+${server}/${repository}` : ''
  const run = runIdentity(o.env)
  const args = splitBuildArgs(o.buildArgs)
  const dependencies = [
    ...(source ? [{ uri: `${source}@${o.env.GITHUB_REF ?? ref}`, digest: { gitCommit: o.commit } }] : []),
    ...[...new Set(o.baseImages)].map(baseImageDependency)
  ]
  return SlsaPredicateSchema.parse({
    buildDefinition: {
      buildType: BUILD_TYPE,
      externalParameters: {
        workflow: { ref, repository: repository ? `${server}/${repository}` : '', path: workflowPath },
        source: { repository: repository ? `${server}/${repository}` : '', commit: o.commit },
        image: {
          name: o.image.name,
          context: o.image.context,
          file: o.image.file,
          ...(o.image.target ? { target: o.image.target } : {}),
          platforms: [...o.image.platforms]
        },
        buildArgs: args.shown,
        redactedBuildArgs: args.redacted
      },
      internalParameters: { environment: o.environment, event: o.env.GITHUB_EVENT_NAME ?? '' },
      resolvedDependencies: dependencies
    },
    runDetails: {
      builder: { id: run.builderId || `${server}/${repository || 'unknown'}` },
      metadata: { invocationId: run.invocationUri, startedOn: o.startedOn, finishedOn: o.finishedOn }
    }
  })
}
