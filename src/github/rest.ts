// GitHub's REST API as the action calls it: a JSON POST with a token, GitHub's media type and API version
// (`Accept: application/vnd.github+json`, `X-GitHub-Api-Version`), bounded in time. Node's fetch with an
// AbortSignal rather than @actions/http-client, whose only bound is a 3-minute socket timeout (a request
// still open keeps the action's process alive; see trust/oidc.ts). Transport only: what an answer means
// is the caller's (trust/github-store.ts, github/dependency-submission.ts).

export const GITHUB_API_VERSION = '2022-11-28'
/** One attempt's limit; a second attempt follows a 5xx, a 429 or a dropped connection, never a timeout. */
export const REST_TIMEOUT_MS = 15_000
const RETRIES = 1
const RETRY_AFTER_MS = 1000

/** How a POST ended: GitHub's answer (any status), or why there was none. */
export type PostOutcome =
  | { answered: true; status: number; ok: boolean; body: string; attempts: number }
  | { answered: false; reason: string; attempts: number }

export interface PostOptions {
  /** The whole URL, `{GITHUB_API_URL}/repos/...`. */
  url: string
  token: string
  /** The JSON text of the body. */
  body: string
  timeoutMs?: number
  retryAfterMs?: number
}

/**
 * POSTs `body`; answers the last response (2xx or not), after one retry of a 5xx, a 429 or a dropped
 * connection. A timeout is not retried: an API that does not answer in 15 s is not waited on twice.
 */
export async function postJson(o: PostOptions): Promise<PostOutcome> {
  const timeoutMs = o.timeoutMs ?? REST_TIMEOUT_MS
  let last: PostOutcome = { answered: false, reason: 'not sent', attempts: 0 }
  for (let attempt = 1; attempt <= RETRIES + 1; attempt++) {
    if (attempt > 1) await new Promise(resolve => setTimeout(resolve, o.retryAfterMs ?? RETRY_AFTER_MS))
    let response: Response
    try {
      response = await fetch(o.url, {
        method: 'POST',
        headers: {
          Accept: 'application/vnd.github+json',
          Authorization: `Bearer ${o.token}`,
          'Content-Type': 'application/json',
          'User-Agent': 'imagegate',
          'X-GitHub-Api-Version': GITHUB_API_VERSION
        },
        body: o.body,
        signal: AbortSignal.timeout(timeoutMs)
      })
    } catch (err) {
      const e = err as Error
      if (e.name === 'TimeoutError')
        return { answered: false, reason: `no answer within ${timeoutMs / 1000} s`, attempts: attempt }
      last = {
        answered: false,
        reason: `could not be reached (${(e.cause as Error | undefined)?.message ?? e.message})`,
        attempts: attempt
      }
      continue
    }
    const body = await response.text()
    last = { answered: true, status: response.status, ok: response.ok, body, attempts: attempt }
    if (response.ok || (response.status < 500 && response.status !== 429)) return last
  }
  return last
}

/** GitHub's message from an error answer (`{"message": ...}`), else the start of the text. */
export function messageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown }
    if (typeof parsed.message === 'string') return parsed.message
  } catch {
    // not JSON
  }
  return body.slice(0, 200)
}

/** `HTTP 403 (Resource not accessible by integration)`, or why there was no answer. */
export function describeOutcome(outcome: PostOutcome): string {
  return outcome.answered ? `HTTP ${outcome.status} (${messageOf(outcome.body)})` : outcome.reason
}
