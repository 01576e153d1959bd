// What a run signed and attested, per image, and the commands that verify it: the `attestations` and
// `verify-commands` outputs and the job summary's trust section. Pure.
import type { Attached, SignerIdentityDescription } from '../trust/trust.js'
import { SIGN_PREDICATE_TYPE } from '../trust/statements.js'

export interface TrustedImage {
  name: string
  repository: string
  digest: string
  attached: readonly Attached[]
}

const COSIGN_TYPE: Record<string, string> = {
  sbom: 'spdxjson',
  vuln: 'vuln',
  provenance: 'slsaprovenance1'
}

/** The verify commands of one image, for the signer that made its evidence. */
export function verifyCommands(image: TrustedImage, signer: SignerIdentityDescription): string[] {
  const ref = `${image.repository}@${image.digest}`
  const kinds = [...new Set(image.attached.map(a => a.kind))]
  const bundles = image.attached.some(a => a.format === 'bundle')
  const legacy = image.attached.some(a => a.format === 'cosign2')
  const who =
    signer.kind === 'keyless'
      ? `--certificate-identity '${signer.who}' --certificate-oidc-issuer '${signer.issuer ?? ''}'`
      : signer.kind === 'kms'
        ? `--key '${signer.who}'`
        : '--key cosign.pub'
  // a key signature has no transparency-log entry to look for
  const tlog = signer.kind === 'keyless' ? '' : ' --insecure-ignore-tlog=true'
  const out: string[] = []
  if (bundles) {
    if (kinds.includes('signature')) {
      out.push(`cosign verify ${who}${tlog} ${ref}`)
      out.push(
        `cosign verify-attestation --new-bundle-format ${who}${tlog} --type ${SIGN_PREDICATE_TYPE} ${ref}`
      )
    }
    for (const kind of kinds.filter(k => k !== 'signature')) {
      out.push(
        `cosign verify-attestation --new-bundle-format ${who}${tlog} --type ${COSIGN_TYPE[kind] ?? kind} ${ref}`
      )
    }
    if (signer.kind === 'keyless') {
      const owner = image.repository.split('/')[1] ?? 'OWNER'
      out.push(`gh attestation verify oci://${ref} --bundle-from-oci --owner ${owner}`)
    }
  }
  if (legacy) {
    if (kinds.includes('signature')) out.push(`cosign verify ${who}${tlog} ${ref}`)
    for (const kind of kinds.filter(k => k !== 'signature')) {
      out.push(`cosign verify-attestation ${who}${tlog} --type ${COSIGN_TYPE[kind] ?? kind} ${ref}`)
    }
  }
  return [...new Set(out)]
}

/** The job summary's trust section: who signed, then per image what was attached and how to verify it. */
export function trustSummaryMarkdown(
  images: readonly TrustedImage[],
  signer: SignerIdentityDescription
): string {
  const made = images.filter(i => i.attached.length > 0)
  if (made.length === 0) return ''
  const by =
    signer.kind === 'keyless'
      ? `keyless as \`${signer.who}\` (issuer \`${signer.issuer ?? ''}\`; ${signer.transparency ?? ''})`
      : signer.kind === 'kms'
        ? `the KMS key \`${signer.who}\``
        : `the key \`${signer.who}\``
  const lines = ['### Signatures and attestations', '', `Signed by ${by}.`, '']
  lines.push('| Image | Evidence | Format | Where |', '| --- | --- | --- | --- |')
  for (const image of made) {
    for (const a of image.attached) {
      const what = a.platform ? `${a.kind} (${a.platform})` : a.kind
      const format = a.format === 'bundle' ? 'Sigstore bundle (OCI referrer)' : 'cosign 2 tag'
      lines.push(`| ${image.name} | ${what} | ${format} | \`${a.where}\` |`)
    }
  }
  lines.push('', '<details><summary>Verify</summary>', '')
  for (const image of made) {
    lines.push(`**${image.name}**`, '', '```sh', ...verifyCommands(image, signer), '```', '')
  }
  lines.push(
    'cosign 2.5 needs `--trusted-root FILE` offline (an empty trusted root will do for a key); `cosign verify --new-bundle-format` of cosign 2.5 does not find an image signature through the referrers tag a registry without the referrers API keeps: use `verify-attestation --type ' +
      SIGN_PREDICATE_TYPE +
      '`, or `legacy-signatures: true`.',
    '',
    '</details>',
    ''
  )
  return lines.join('\n')
}
