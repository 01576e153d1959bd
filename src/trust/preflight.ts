// What a run that signs can know of its signer before anything is built, without I/O beyond the
// event payload: a key given with a certificate or timestamp authority, keyless without an OIDC token
// (no `id-token: write`) or outside GitHub Actions, a private repository asked to log publicly. The
// Signer itself (setup.ts) asks the same questions; the run asks them first, before its first build.
import * as fs from 'node:fs'
import type { KeylessEndpoints } from './bundle-sign.js'
import {
  DEFAULT_FULCIO_URL,
  DEFAULT_REKOR_URL,
  keylessIdentity,
  type KeylessIdentity
} from './cosign/args.js'
import type { InputsOf } from '../inputs.js'

/** GitHub's own Sigstore instance: what a private repository's keyless signatures use (no public log). */
export const GITHUB_FULCIO_URL = 'https://fulcio.githubapp.com'
export const GITHUB_TSA_URL = 'https://timestamp.githubapp.com'

export class TrustSetupError extends Error {
  override name = 'TrustSetupError'
}

/** What the preflight reads. */
export type PreflightInputs = InputsOf<'cosign-key' | 'fulcio-url' | 'rekor-url' | 'tsa-url'> &
  Partial<InputsOf<'public-log'>>

/** How the run will sign, as far as the inputs and the environment tell; throws a TrustSetupError naming the input. */
export function signerPreflight(
  inputs: PreflightInputs,
  env: NodeJS.ProcessEnv
):
  | { kind: 'key' }
  | { kind: 'keyless'; who: KeylessIdentity; endpoints: KeylessEndpoints & { public: boolean } } {
  if (inputs['cosign-key'].trim()) {
    for (const name of ['fulcio-url', 'tsa-url'] as const) {
      if (inputs[name]) {
        throw new TrustSetupError(
          `inputs cosign-key and ${name}: a key signature needs no certificate or timestamp authority; give cosign-key, or leave it empty to sign keyless`
        )
      }
    }
    return { kind: 'key' }
  }
  let who
  try {
    who = keylessIdentity(env)
  } catch (err) {
    throw new TrustSetupError((err as Error).message)
  }
  return { kind: 'keyless', who, endpoints: keylessEndpoints(inputs, env) }
}

/**
 * Keyless endpoints: a public repository's signatures go to the public-good Fulcio and Rekor; a private
 * repository's to GitHub's Fulcio with signed timestamps and no public log entry (as @actions/attest
 * decides it). Each can be given (a private Sigstore deployment); a private repository writes to Rekor
 * only when `rekor-url` is given, and to the public-good Rekor only with `public-log: true` (its
 * entries, and the workflow and repository names in them, are public for good).
 */
export function keylessEndpoints(
  inputs: Omit<PreflightInputs, 'cosign-key'>,
  env: NodeJS.ProcessEnv
): KeylessEndpoints & { public: boolean } {
  const visibility = repositoryVisibility(env)
  const publicLog = inputs['public-log'] ?? false
  const isPublic = visibility === 'public' || publicLog
  const rekorUrl: string = inputs['rekor-url'] || (isPublic ? DEFAULT_REKOR_URL : '')
  if (!isPublic && rekorUrl && isPublicGoodRekor(rekorUrl)) {
    throw new TrustSetupError(
      `input rekor-url: ${rekorUrl} is Sigstore's public transparency log, and this repository is ${visibility === 'unknown' ? 'not known to be public' : visibility}: its workflow and repository names would be public for good; set public-log: true to log there anyway, or leave rekor-url empty (signed timestamps from GitHub's Sigstore)`
    )
  }
  const tsaUrl: string = inputs['tsa-url'] || (isPublic ? '' : GITHUB_TSA_URL)
  return {
    public: isPublic,
    fulcioUrl: inputs['fulcio-url'] || (isPublic ? DEFAULT_FULCIO_URL : GITHUB_FULCIO_URL),
    ...(rekorUrl ? { rekorUrl } : {}),
    ...(tsaUrl ? { tsaUrl } : {})
  }
}

function isPublicGoodRekor(url: string): boolean {
  try {
    return new URL(url).hostname === new URL(DEFAULT_REKOR_URL).hostname
  } catch {
    return false
  }
}

/** The repository's visibility from the workflow's event payload (`repository.visibility`). */
function repositoryVisibility(env: NodeJS.ProcessEnv): string {
  const file = env.GITHUB_EVENT_PATH
  if (!file || !fs.existsSync(file)) return 'unknown'
  try {
    const event = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      repository?: { visibility?: string; private?: boolean }
    }
    if (event.repository?.visibility) return event.repository.visibility
    if (event.repository?.private === false) return 'public'
  } catch {
    // an unreadable event: treated as private, so nothing reaches the public log unasked
  }
  return 'unknown'
}
