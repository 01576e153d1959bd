// The vulnerability scan records of a digest as promotion and the deployed baseline judge them again,
// read through any Verifier. Apart from verifier.ts so that what only reads them (policy/deployed.ts,
// loaded with the pipeline) does not load the Sigstore libraries.
import { vulnAttestationOf, type VulnAttestation } from './cosign/verify.js'
import { VULN_PREDICATE_TYPE } from './statements.js'
import type { Verifier } from './trust.js'

export type { VulnAttestation }

/**
 * The vulnerability scan records on `digest` by the accepted signer (promotion and the deployed
 * baseline judge them again); a record that is not a cosign vuln predicate is an error naming it.
 */
export async function scanAttestations(
  verifier: Verifier,
  repository: string,
  digest: string
): Promise<VulnAttestation[]> {
  const found = await verifier.attestations(repository, digest, VULN_PREDICATE_TYPE)
  return found.map((a, i) => {
    const scan = vulnAttestationOf(a.statement, `${repository}@${digest} scan attestation ${i + 1}`)
    if (!scan.platform && a.platform) scan.platform = a.platform
    return scan
  })
}
