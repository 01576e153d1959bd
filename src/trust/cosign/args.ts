// cosign's argv for signing and attesting by digest, and the keyless identity a GitHub workflow gets.
// Pure: no process, no file. Secrets never appear here: the key's password goes in COSIGN_PASSWORD,
// registry credentials in a DOCKER_CONFIG the runner writes, an OIDC token in SIGSTORE_ID_TOKEN.
import { SLSA_PROVENANCE_V1 } from '../predicates.js'

/** The issuer of GitHub Actions' OIDC tokens (what Fulcio writes in the certificate). */
export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com'
export const DEFAULT_FULCIO_URL = 'https://fulcio.sigstore.dev'
export const DEFAULT_REKOR_URL = 'https://rekor.sigstore.dev'

/** How cosign signs: with a key (a file or a KMS URI), or keyless through Fulcio and Rekor. */
export type SignMode =
  | { kind: 'key'; key: string }
  | { kind: 'keyless'; fulcioUrl: string; rekorUrl: string; oidc: 'github-actions' | 'token' }

/**
 * The predicate types imagegate attaches: cosign's `--type` names, and SLSA provenance v1 by its URI
 * (cosign's `slsaprovenance1` re-encodes the predicate and writes `invocationID` for the spec's
 * `invocationId`; by URI the predicate is kept as written, and `verify-attestation --type
 * slsaprovenance1` still finds it).
 */
export type AttestationType = 'spdxjson' | 'vuln' | typeof SLSA_PROVENANCE_V1

const DIGEST_REF = /^[^@\s]+@sha256:[0-9a-f]{64}$/

function byDigest(ref: string): string {
  if (!DIGEST_REF.test(ref))
    throw new Error(`cosign: "${ref}" is not a reference by digest (repo@sha256:...)`)
  return ref
}

function modeArgs(mode: SignMode): string[] {
  if (mode.kind === 'key') {
    // a key signature is checked with the public key; no entry in a public transparency log
    return ['--key', mode.key, '--tlog-upload=false']
  }
  return [
    `--fulcio-url=${mode.fulcioUrl}`,
    `--rekor-url=${mode.rekorUrl}`,
    ...(mode.oidc === 'github-actions' ? ['--oidc-provider=github-actions'] : [])
  ]
}

/**
 * `cosign sign` of one digest, or of several in one process (cosign signs each argument in turn with
 * the key it read once); `recursive` also signs each manifest of an index (the platforms), still by
 * digest, never by tag.
 */
export function signArgs(o: {
  ref: string | readonly string[]
  mode: SignMode
  recursive: boolean
}): string[] {
  const refs = typeof o.ref === 'string' ? [o.ref] : o.ref
  if (refs.length === 0) throw new Error('cosign: nothing to sign')
  return [
    'sign',
    '--yes',
    ...modeArgs(o.mode),
    ...(o.recursive ? ['--recursive'] : []),
    ...refs.map(byDigest)
  ]
}

/** `cosign attest` of one predicate file on one digest. */
export function attestArgs(o: {
  ref: string
  mode: SignMode
  type: AttestationType
  predicateFile: string
}): string[] {
  return [
    'attest',
    '--yes',
    ...modeArgs(o.mode),
    '--type',
    o.type,
    '--predicate',
    o.predicateFile,
    byDigest(o.ref)
  ]
}

const KMS_URI = /^(awskms|gcpkms|azurekms|hashivault|k8s):\/\/|^pkcs11:/

/** What the `cosign-key` input holds: PEM contents, a KMS URI, or a key file in the workspace. */
export function keyKind(value: string): 'pem' | 'kms' | 'file' {
  const v = value.trim()
  if (v.startsWith('-----BEGIN')) return 'pem'
  if (KMS_URI.test(v)) return 'kms'
  return 'file'
}

export interface KeylessIdentity {
  /** The certificate's subject: `https://github.com/OWNER/REPO/.github/workflows/FILE@REF`. */
  identity: string
  issuer: string
  /** Where cosign gets the OIDC token. */
  oidc: 'github-actions' | 'token'
}

/**
 * The identity Fulcio will certify for this run, or an error saying what is missing: GitHub issues
 * the token only to a job with `permissions: id-token: write` (the runner then sets
 * ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN); SIGSTORE_ID_TOKEN is a token
 * fetched by an earlier step.
 */
export function keylessIdentity(env: NodeJS.ProcessEnv): KeylessIdentity {
  const workflowRef = env.GITHUB_WORKFLOW_REF ?? ''
  if (!/^[^/\s]+\/[^/\s]+\/.+@.+$/.test(workflowRef)) {
    throw new Error(
      `input sign: keyless signing needs a GitHub Actions run (GITHUB_WORKFLOW_REF is ${workflowRef ? `"${workflowRef}"` : 'not set'}); give cosign-key to sign with a key`
    )
  }
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  const identity = `${server}/${workflowRef}`
  if (env.SIGSTORE_ID_TOKEN) return { identity, issuer: GITHUB_OIDC_ISSUER, oidc: 'token' }
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    return { identity, issuer: GITHUB_OIDC_ISSUER, oidc: 'github-actions' }
  }
  throw new Error(
    'input sign: keyless signing needs an OIDC token: give the job `permissions: id-token: write` (and `packages: write` for GHCR), or give cosign-key to sign with a key'
  )
}

/** A docker config holding basic credentials for each registry, for cosign's own registry client. */
export function dockerConfigJson(registries: readonly string[], username: string, password: string): string {
  const auth = Buffer.from(`${username}:${password}`).toString('base64')
  return JSON.stringify({ auths: Object.fromEntries(registries.map(registry => [registry, { auth }])) })
}

/**
 * Whether a run that signs starts cosign: for a KMS key (cosign speaks to the KMS), or for the cosign 2
 * `.sig` that `legacy-signatures` asks for. A PEM or cosign key and keyless sign in process.
 */
export function signsWithCosign(o: { 'cosign-key': string; 'legacy-signatures': boolean }): boolean {
  return o['legacy-signatures'] || (o['cosign-key'].trim() !== '' && keyKind(o['cosign-key']) === 'kms')
}
