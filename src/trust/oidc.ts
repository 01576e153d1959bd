// The runner's OIDC token for Fulcio, asked as @actions/core's getIDToken asks it (GET
// `$ACTIONS_ID_TOKEN_REQUEST_URL&audience=sigstore` with the request token as bearer, the JWT in `value`)
// but bounded in time: getIDToken's only bound is @actions/http-client's 3-minute socket timeout, and
// a request still open after a Promise.race keeps the action's process alive. fetch with an
// AbortSignal closes the connection when the time is up.
import * as core from '@actions/core'

/** One attempt; a second one follows an answer of 5xx or a dropped connection. */
export const OIDC_TIMEOUT_MS = 15_000
const RETRY_AFTER_MS = 1000

export class OidcError extends Error {
  override name = 'OidcError'
}

/** Why the token request failed, in words a workflow author can act on. */
function refusal(status: number, body: string): string {
  let message = body.slice(0, 200)
  try {
    const parsed = JSON.parse(body) as { message?: unknown }
    if (typeof parsed.message === 'string') message = parsed.message
  } catch {
    // not JSON: the text as it came
  }
  return `the runner's OIDC endpoint answered HTTP ${status}${message ? ` (${message})` : ''}`
}

/** The runner's OIDC token for `audience`, masked in the log; throws an OidcError saying why not. */
export async function runnerIdToken(
  env: NodeJS.ProcessEnv,
  audience: string,
  timeoutMs = OIDC_TIMEOUT_MS
): Promise<string> {
  const base = env.ACTIONS_ID_TOKEN_REQUEST_URL
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  if (!base || !requestToken) {
    throw new OidcError(
      'keyless signing needs an OIDC token: give the job `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL is not set)'
    )
  }
  const url = `${base}${base.includes('?') ? '&' : '?'}audience=${encodeURIComponent(audience)}`
  let last = ''
  for (let attempt = 1; attempt <= 2; attempt++) {
    let response: Response
    try {
      response = await fetch(url, {
        headers: { Accept: 'application/json', Authorization: `Bearer ${requestToken}` },
        signal: AbortSignal.timeout(timeoutMs)
      })
    } catch (err) {
      const e = err as Error
      last =
        e.name === 'TimeoutError'
          ? `the runner's OIDC endpoint did not answer within ${timeoutMs / 1000} s`
          : `the runner's OIDC endpoint could not be reached (${(e.cause as Error | undefined)?.message ?? e.message})`
      if (e.name === 'TimeoutError') break
      await new Promise(resolve => setTimeout(resolve, RETRY_AFTER_MS))
      continue
    }
    const body = await response.text()
    if (response.ok) {
      let value: unknown
      try {
        value = (JSON.parse(body) as { value?: unknown }).value
      } catch {
        value = undefined
      }
      if (typeof value !== 'string' || value === '') {
        throw new OidcError("the runner's OIDC endpoint answered without a token (no `value`)")
      }
      core.setSecret(value)
      return value
    }
    last = refusal(response.status, body)
    if (response.status < 500) break
    if (attempt < 2) await new Promise(resolve => setTimeout(resolve, RETRY_AFTER_MS))
  }
  throw new OidcError(last)
}
