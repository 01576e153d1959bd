// Verifying what cosign signed and attested, before an image is promoted: `cosign verify` and
// `cosign verify-attestation --type vuln`, with a public key (transparency log off, as imagegate signs)
// or keyless (the expected certificate identity and OIDC issuer). Pure argv builders and output parsers
// first; the calls go through the exec seam and write their JSON to a file (`--output-file`). The
// signatures of several images are verified in one process (cosign takes several images), each image
// on its own only when that failed, so a refusal names its own reason.
import { randomUUID } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { z } from 'zod'
import { exec, tail } from '../../exec.js'
import { parseJson } from '../../json.js'
import { SLSA_PROVENANCE_V1, VULN_PREDICATE_TYPE } from '../predicates.js'
import { parseStatement, SPDX_PREDICATE_TYPE, subjectDigests, type Statement } from '../statements.js'
import { VerifyError } from '../trust.js'

export { VerifyError }

/** Who must have signed: a public key (a file or a KMS URI), or a keyless certificate identity. */
export type SignerIdentity =
  | { kind: 'key'; key: string }
  | {
      kind: 'keyless'
      /** Exact certificate identity (SAN), or a regular expression of it. */
      identity?: string
      identityRegexp?: string
      /** Exact OIDC issuer, or a regular expression of it. */
      issuer?: string
      issuerRegexp?: string
    }

export function identityArgs(identity: SignerIdentity): string[] {
  if (identity.kind === 'key') return ['--key', identity.key, '--insecure-ignore-tlog']
  const args: string[] = []
  if (identity.identity) args.push('--certificate-identity', identity.identity)
  else if (identity.identityRegexp) args.push('--certificate-identity-regexp', identity.identityRegexp)
  else throw new Error('keyless verification needs a certificate identity (or its regular expression)')
  if (identity.issuer) args.push('--certificate-oidc-issuer', identity.issuer)
  else if (identity.issuerRegexp) args.push('--certificate-oidc-issuer-regexp', identity.issuerRegexp)
  else throw new Error('keyless verification needs a certificate OIDC issuer (or its regular expression)')
  return args
}

/** `cosign verify` of `ref` (`host/name@sha256:...`), its JSON written to `outputFile`. */
export function verifyArgs(ref: string, identity: SignerIdentity, outputFile: string): string[] {
  return ['verify', ...identityArgs(identity), '--output', 'json', '--output-file', outputFile, ref]
}

/** `cosign verify-attestation --type <type>` of `ref`, one DSSE envelope per line in `outputFile`. */
export function verifyAttestationArgs(
  ref: string,
  identity: SignerIdentity,
  outputFile: string,
  type = 'vuln'
): string[] {
  return ['verify-attestation', ...identityArgs(identity), '--type', type, '--output-file', outputFile, ref]
}

// --- output ----------------------------------------------------------------------------------

const SignaturePayloadSchema = z.looseObject({
  critical: z.looseObject({
    identity: z.looseObject({ 'docker-reference': z.string().optional() }).optional(),
    image: z.looseObject({ 'docker-manifest-digest': z.string() }),
    type: z.string()
  }),
  optional: z.record(z.string(), z.unknown()).nullish()
})
const VerifyOutputSchema = z.array(SignaturePayloadSchema)

export interface VerifiedSignature {
  /** The digest the signature's payload names. */
  digest: string
  /** Keyless: the certificate's subject and issuer, as cosign reports them. */
  subject?: string
  issuer?: string
}

export function parseVerifyOutput(text: string, file: string): VerifiedSignature[] {
  const json = parseJson(text, reason => `cosign verify's output ${file} is not JSON (${reason})`)
  const parsed = VerifyOutputSchema.safeParse(json)
  if (!parsed.success) {
    throw new Error(
      `cosign verify's output ${file} is not a list of signatures: ${z.prettifyError(parsed.error)}`
    )
  }
  return parsed.data.map(p => {
    const out: VerifiedSignature = { digest: p.critical.image['docker-manifest-digest'] }
    const subject = p.optional?.Subject
    const issuer = p.optional?.Issuer
    if (typeof subject === 'string' && subject) out.subject = subject
    if (typeof issuer === 'string' && issuer) out.issuer = issuer
    return out
  })
}

const EnvelopeSchema = z.looseObject({ payloadType: z.string(), payload: z.string() })
const VulnPredicateSchema = z.looseObject({
  // imagegate's own attestations name the platform here (cosign keeps `parameters` as any JSON)
  invocation: z.looseObject({ parameters: z.unknown() }).optional(),
  scanner: z.looseObject({
    uri: z.string().optional(),
    version: z.string().optional(),
    result: z.unknown()
  }),
  metadata: z
    .looseObject({ scanStartedOn: z.string().optional(), scanFinishedOn: z.string().optional() })
    .optional()
})

export interface VulnAttestation {
  /** Digests the statement's subject names (`sha256:...`). */
  subjects: string[]
  scanner: string
  finishedOn?: string
  /** `invocation.parameters.platform`, when the attesting tool wrote one (imagegate does). */
  platform?: string
  /** The scanner's own report (Trivy's JSON report for Trivy's `cosign-vuln` format). */
  result: unknown
}

/** `cosign verify-attestation` output: one DSSE envelope per line, the in-toto statement in base64. */
export function parseAttestationStatements(text: string, file: string): Statement[] {
  const lines = text.split('\n').filter(l => l.trim() !== '')
  return lines.map((line, i) => {
    const where = `${file} line ${i + 1}`
    const envelope = EnvelopeSchema.safeParse(parseJson(line, r => `${where} is not JSON (${r})`))
    if (!envelope.success)
      throw new Error(`${where} is not a DSSE envelope: ${z.prettifyError(envelope.error)}`)
    return parseStatement(Buffer.from(envelope.data.payload, 'base64'), where)
  })
}

/** A vulnerability scan record read from a verified statement (cosign's vuln predicate). */
export function vulnAttestationOf(statement: Statement, where: string): VulnAttestation {
  const predicate = VulnPredicateSchema.safeParse(statement.predicate)
  if (!predicate.success) {
    throw new Error(`${where}: not a cosign vuln predicate: ${z.prettifyError(predicate.error)}`)
  }
  const scanner = predicate.data.scanner
  const parameters = predicate.data.invocation?.parameters
  const platform =
    typeof parameters === 'object' && parameters !== null && 'platform' in parameters
      ? (parameters as { platform?: unknown }).platform
      : undefined
  const attestation: VulnAttestation = {
    subjects: subjectDigests(statement),
    scanner: [scanner.uri, scanner.version].filter(Boolean).join(' ') || 'unknown scanner',
    finishedOn: predicate.data.metadata?.scanFinishedOn,
    result: scanner.result
  }
  if (typeof platform === 'string' && platform) attestation.platform = platform
  return attestation
}

export type CosignFailure =
  'unsigned' | 'wrong-signer' | 'digest-mismatch' | 'no-attestation' | 'registry' | 'failed'

/** What a failed `cosign verify[-attestation]` means, from its error text. */
export function classifyFailure(stderr: string): CosignFailure {
  if (/no signatures found/i.test(stderr)) return 'unsigned'
  if (/digest in claim/i.test(stderr)) return 'digest-mismatch'
  if (/no matching attestations|none of the attestations matched/i.test(stderr)) return 'no-attestation'
  if (/UNAUTHORIZED|DENIED|authentication required|status code 40[13]/i.test(stderr)) return 'registry'
  if (/no matching signatures|invalid signature|certificate|expected identity|issuer/i.test(stderr)) {
    return 'wrong-signer'
  }
  return 'failed'
}

/** cosign's own error line (`Error: ...`), else the last lines of its output. */
export function cosignError(stderr: string): string {
  const line = stderr.split('\n').find(l => l.startsWith('Error: '))
  return line ? line.slice('Error: '.length).trim() : tail(stderr, 3)
}

// --- runs ------------------------------------------------------------------------------------

export interface CosignRun {
  /** The cosign executable. */
  cosign: string
  /** Where the output files go. */
  workDir: string
  /** cosign's environment (DOCKER_CONFIG for registry credentials). */
  env?: NodeJS.ProcessEnv
  /** Values never to be printed. */
  secrets?: string[]
}

/** A file of this verification's own (no module counter: verifications run side by side). */
function outputFile(run: CosignRun, what: string): string {
  fs.mkdirSync(run.workDir, { recursive: true })
  return path.join(run.workDir, `cosign-${what}-${randomUUID()}.json`)
}

/** One cosign verification, its JSON written to a file of the run's own. */
async function runVerify(
  run: CosignRun,
  what: string,
  args: (outputFile: string) => string[]
): Promise<{ file: string; stderr: string; failed: boolean }> {
  const file = outputFile(run, what)
  const r = await exec(run.cosign, args(file), {
    env: run.env,
    secrets: run.secrets,
    stage: 'verify',
    timeoutMs: 300_000
  })
  return { file, stderr: r.stderr, failed: r.exitCode !== 0 }
}

/**
 * Runs `cosign verify` on `ref@digest`; every verified signature must name `digest`. Throws a
 * VerifyError saying why (unsigned, another signer, a registry error) otherwise.
 */
export async function verifySignature(
  run: CosignRun,
  ref: string,
  digest: string,
  identity: SignerIdentity
): Promise<VerifiedSignature[]> {
  const { file, stderr, failed } = await runVerify(run, 'verify', file =>
    verifyArgs(`${ref}@${digest}`, identity, file)
  )
  if (failed) {
    const failure = classifyFailure(stderr)
    const why = cosignError(stderr)
    const claimed = /digest in claim: (sha256:[a-f0-9]{64})/.exec(stderr)?.[1]
    const message =
      failure === 'unsigned'
        ? `not signed (cosign: ${why})`
        : failure === 'digest-mismatch'
          ? `the signature is for ${claimed ?? 'another digest'}, not for the resolved digest ${digest} (cosign: ${why})`
          : failure === 'wrong-signer'
            ? `no signature by ${describeIdentity(identity)} (cosign: ${why})`
            : `signature check failed (cosign: ${why})`
    throw new VerifyError(message, failure)
  }
  const signatures = parseVerifyOutput(fs.readFileSync(file, 'utf8'), file)
  if (signatures.length === 0) throw new VerifyError('cosign verified no signature', 'unsigned')
  const other = signatures.find(s => s.digest !== digest)
  if (other) {
    throw new VerifyError(
      `the signature is for ${other.digest}, not for the resolved digest ${digest}`,
      'digest-mismatch'
    )
  }
  return signatures
}

/** cosign's `--type` for a predicate type (its own names where it has one, else the URI). */
export function cosignType(predicateType: string): string {
  if (predicateType === VULN_PREDICATE_TYPE) return 'vuln'
  if (predicateType === SPDX_PREDICATE_TYPE) return 'spdxjson'
  if (predicateType === SLSA_PROVENANCE_V1) return 'slsaprovenance1'
  return predicateType
}

/**
 * `cosign verify-attestation --type` of any predicate type on `ref@digest` (cosign 2's `.att` tag): the
 * statements of that type, each about `digest`; none found is an empty list.
 */
export async function verifyAttestationStatements(
  run: CosignRun,
  ref: string,
  digest: string,
  identity: SignerIdentity,
  predicateType: string
): Promise<Statement[]> {
  const { file, stderr, failed } = await runVerify(run, 'attestation', file =>
    verifyAttestationArgs(`${ref}@${digest}`, identity, file, cosignType(predicateType))
  )
  if (failed) {
    const failure = classifyFailure(stderr)
    if (failure === 'no-attestation' || failure === 'unsigned') return []
    throw new VerifyError(`attestation check failed (cosign: ${cosignError(stderr)})`, failure)
  }
  const statements = parseAttestationStatements(fs.readFileSync(file, 'utf8'), file).filter(
    s => s.predicateType === predicateType
  )
  const other = statements.find(s => !subjectDigests(s).includes(digest))
  if (other) {
    throw new VerifyError(
      `an attestation (${predicateType}) is for ${subjectDigests(other).join(', ') || 'no digest'}, not for ${digest}`,
      'digest-mismatch'
    )
  }
  return statements
}

export function describeIdentity(identity: SignerIdentity): string {
  if (identity.kind === 'key') return 'the given key'
  const who = identity.identity ?? `/${identity.identityRegexp ?? ''}/`
  const issuer = identity.issuer ?? `/${identity.issuerRegexp ?? ''}/`
  return `${who} (issuer ${issuer})`
}
