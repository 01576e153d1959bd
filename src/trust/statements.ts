// The in-toto statements imagegate signs, each the payload of one DSSE envelope in one Sigstore bundle:
// the image signature as cosign 3 makes it (predicate type https://sigstore.dev/cosign/sign/v1, an
// empty predicate), the SPDX SBOM, the vulnerability scan record and SLSA provenance v1. Pure.
import { z } from 'zod'
import { parseJson } from '../json.js'
import { SLSA_PROVENANCE_V1, VULN_PREDICATE_TYPE } from './predicates.js'

export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1'
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json'
/** What cosign 3 signs for an image: a statement about the manifest digest with an empty predicate. */
export const SIGN_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1'
export const SPDX_PREDICATE_TYPE = 'https://spdx.dev/Document'
export { SLSA_PROVENANCE_V1, VULN_PREDICATE_TYPE }

/** The kinds of evidence imagegate attaches, by the name a person uses for them. */
export type EvidenceKind = 'signature' | 'sbom' | 'vuln' | 'provenance'

const StatementSchema = z.looseObject({
  _type: z.string(),
  subject: z
    .array(z.looseObject({ name: z.string().optional(), digest: z.record(z.string(), z.string()) }))
    .min(1),
  predicateType: z.string().min(1),
  predicate: z.unknown()
})
export type Statement = z.infer<typeof StatementSchema>

/** A statement about one image digest (`sha256:...`) of `repository` (`host/path`). */
export function statementFor(
  subject: { repository: string; digest: string },
  predicateType: string,
  predicate: unknown
): Statement {
  const [algorithm, hex] = subject.digest.split(':')
  if (algorithm !== 'sha256' || !/^[0-9a-f]{64}$/.test(hex ?? ''))
    throw new Error(`a statement needs a sha256 digest, not "${subject.digest}"`)
  return {
    _type: IN_TOTO_STATEMENT_V1,
    subject: [{ name: subject.repository, digest: { sha256: hex as string } }],
    predicateType,
    predicate: predicate ?? {}
  }
}

/** A DSSE payload read back as an in-toto statement; throws naming `where` otherwise. */
export function parseStatement(payload: Buffer, where: string): Statement {
  const json = parseJson(payload.toString('utf8'), reason => `${where}: the payload is not JSON (${reason})`)
  const parsed = StatementSchema.safeParse(json)
  if (!parsed.success)
    throw new Error(`${where}: the payload is not an in-toto statement: ${z.prettifyError(parsed.error)}`)
  return parsed.data
}

/** The `sha256:...` digests a statement is about. */
export function subjectDigests(statement: Statement): string[] {
  return statement.subject.flatMap(s => (s.digest.sha256 ? [`sha256:${s.digest.sha256}`] : []))
}
