// GitHub's attestation store: every bundle of a keyless run also recorded in the repository's
// attestations, as @actions/attest's writeAttestation does (`POST {GITHUB_API_URL}/repos/{owner}/{repo}/
// attestations` with `{bundle}`, the bundle's JSON as it is), so that the attestations page and
// `gh attestation verify oci://IMAGE --owner OWNER` find them. GitHub verifies only bundles of its own
// trust roots (Sigstore's public good and GitHub's), so key-signed bundles are never sent. One call per
// bundle: the API takes one. Bounded (github/rest.ts): 15 s per attempt, one retry on 5xx, 429 or a
// dropped connection (@actions/attest retries 5 times with octokit's plugin; a run that waits on GitHub
// holds every tag).

import { describeOutcome, postJson, REST_TIMEOUT_MS } from '../github/rest.js'

export const ATTESTATION_TIMEOUT_MS = REST_TIMEOUT_MS

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

export function gitHubAttestationStore(o: GitHubStoreOptions): AttestationStore {
  const url = `${o.apiUrl.replace(/\/+$/, '')}/repos/${o.repository}/attestations`
  const timeoutMs = o.timeoutMs ?? ATTESTATION_TIMEOUT_MS
  return {
    describe: `GitHub's attestations of ${o.repository}`,
    record: async (bundle, about) => {
      const outcome = await postJson({
        url,
        token: o.token,
        body: `{"bundle":${bundle.toString('utf8')}}`,
        timeoutMs
      })
      if (outcome.answered && outcome.ok) return
      let last = describeOutcome(outcome)
      if (outcome.answered && (outcome.status === 403 || outcome.status === 401))
        last +=
          ': give the job `permissions: attestations: write` (and a github-token that has it), or set github-attestations: false'
      throw new AttestationStoreError(
        `the attestation of ${about} could not be recorded in GitHub's attestations (POST ${url}): ${last}`
      )
    }
  }
}
