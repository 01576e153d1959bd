// GitHub's attestation store: every bundle of a keyless run also recorded in the repository's
// attestations, as @actions/attest's writeAttestation does (`POST {GITHUB_API_URL}/repos/{owner}/{repo}/
// attestations` with `{bundle}`, the bundle's JSON as it is), so that the attestations page and
// `gh attestation verify oci://IMAGE --owner OWNER` find them. GitHub verifies only bundles of its own
// trust roots (Sigstore's public good and GitHub's), so key-signed bundles are never sent. One call per
// bundle: the API takes one. Bounded: 15 s per attempt, one retry on 5xx, 429 or a dropped connection
// (@actions/attest retries 5 times with octokit's plugin; a run that waits on GitHub holds every tag).

export const ATTESTATION_TIMEOUT_MS = 15_000
const RETRIES = 1
const RETRY_AFTER_MS = 1000
const API_VERSION = '2022-11-28'

export class AttestationStoreError extends Error {
  override name = 'AttestationStoreError'
}

export interface AttestationStore {
  /** Records one bundle (its JSON bytes); throws an AttestationStoreError saying why not. */
  record(bundle: Buffer, about: string): Promise<void>
  /** Where the bundles go, for the log. */
  readonly describe: string
}

export interface GitHubStoreOptions {
  token: string
  /** `owner/repo` (GITHUB_REPOSITORY). */
  repository: string
  /** GITHUB_API_URL, e.g. https://api.github.com. */
  apiUrl: string
  timeoutMs?: number
}

/** GitHub's message from an error answer (`{"message": ...}`), else the start of the text. */
function messageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown }
    if (typeof parsed.message === 'string') return parsed.message
  } catch {
    // not JSON
  }
  return body.slice(0, 200)
}

export function gitHubAttestationStore(o: GitHubStoreOptions): AttestationStore {
  const url = `${o.apiUrl.replace(/\/+$/, '')}/repos/${o.repository}/attestations`
  const timeoutMs = o.timeoutMs ?? ATTESTATION_TIMEOUT_MS
  return {
    describe: `GitHub's attestations of ${o.repository}`,
    record: async (bundle, about) => {
      const body = `{"bundle":${bundle.toString('utf8')}}`
      let last = ''
      for (let attempt = 0; attempt <= RETRIES; attempt++) {
        if (attempt > 0) await new Promise(resolve => setTimeout(resolve, RETRY_AFTER_MS))
        let response: Response
        try {
          response = await fetch(url, {
            method: 'POST',
            headers: {
              Accept: 'application/vnd.github+json',
              Authorization: `Bearer ${o.token}`,
              'Content-Type': 'application/json',
              'User-Agent': 'imagegate',
              'X-GitHub-Api-Version': API_VERSION
            },
            body,
            signal: AbortSignal.timeout(timeoutMs)
          })
        } catch (err) {
          const e = err as Error
          if (e.name === 'TimeoutError') {
            last = `no answer within ${timeoutMs / 1000} s`
            break
          }
          last = `could not be reached (${(e.cause as Error | undefined)?.message ?? e.message})`
          continue
        }
        const text = await response.text()
        if (response.ok) return
        last = `HTTP ${response.status} (${messageOf(text)})`
        if (response.status === 403 || response.status === 401) {
          last +=
            ': give the job `permissions: attestations: write` (and a github-token that has it), or set github-attestations: false'
          break
        }
        if (response.status < 500 && response.status !== 429) break
      }
      throw new AttestationStoreError(
        `the attestation of ${about} could not be recorded in GitHub's attestations (POST ${url}): ${last}`
      )
    }
  }
}
