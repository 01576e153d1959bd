// The environment a job on GitHub's runner gives @actions/artifact, pointed at the loopback artifact
// service (server.mjs). What @actions/artifact 6 reads, each at call time (lib/internal/shared/config.js
// and util.js), not when the module is loaded:
// - ACTIONS_RUNTIME_TOKEN: a JWT it decodes but never verifies; its `scp` claim (space separated scopes)
//   must hold `Actions.Results:<workflowRunBackendId>:<workflowJobRunBackendId>`.
// - ACTIONS_RESULTS_URL: only its origin is used; requests go to <origin>/twirp/<service>/<method>.
// - GITHUB_SERVER_URL: github.com, *.ghe.com or *.localhost; any other host counts as GHES, which
//   @actions/artifact 2+ refuses. Nothing here ever contacts it.
// - GITHUB_WORKSPACE: where downloadArtifact writes when no path is given.
// - GITHUB_RETENTION_DAYS: the repository's maximum retention; a longer request is cut to it.
import { randomUUID } from 'node:crypto'
import { Buffer } from 'node:buffer'

const b64url = value => Buffer.from(JSON.stringify(value)).toString('base64url')

/** An unsigned JWT (`alg: none`, empty signature) carrying the Actions.Results scope. */
export function fakeRuntimeToken({ runBackendId, jobBackendId, ttlSeconds = 6 * 3600 }) {
  const now = Math.floor(Date.now() / 1000)
  const claims = {
    iss: 'imagegate-loopback',
    aud: 'vso:loopback',
    nbf: now - 60,
    iat: now,
    exp: now + ttlSeconds,
    scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${runBackendId}:${jobBackendId}`
  }
  return `${b64url({ typ: 'JWT', alg: 'none' })}.${b64url(claims)}.`
}

/** True for the server URLs @actions/artifact accepts (its isGhes() is false). */
export function acceptedServerUrl(serverUrl) {
  const host = new URL(serverUrl).hostname.toUpperCase()
  return host === 'GITHUB.COM' || host.endsWith('.GHE.COM') || host.endsWith('.LOCALHOST')
}

/**
 * The variables a test sets (on process.env, before calling @actions/artifact) to run against the
 * loopback service at `resultsUrl`. Backend ids are fresh UUIDs unless given; one run id shared by
 * several calls with different job ids stands for several jobs of one workflow run.
 */
export function artifactServiceEnv({
  resultsUrl,
  runBackendId = randomUUID(),
  jobBackendId = randomUUID(),
  serverUrl = 'https://github.com',
  repository = 'acme/platform',
  runId = '4242',
  runAttempt = '1',
  job = 'images',
  workspace,
  maxRetentionDays = 90
}) {
  if (!resultsUrl)
    throw new Error('resultsUrl (the loopback artifact service, http://127.0.0.1:<port>) is required')
  if (!acceptedServerUrl(serverUrl)) {
    throw new Error(
      `GITHUB_SERVER_URL ${serverUrl} would count as GHES, which @actions/artifact refuses: use github.com, *.ghe.com or *.localhost`
    )
  }
  const env = {
    GITHUB_ACTIONS: 'true',
    ACTIONS_RUNTIME_TOKEN: fakeRuntimeToken({ runBackendId, jobBackendId }),
    ACTIONS_RESULTS_URL: `${resultsUrl.replace(/\/+$/, '')}/`,
    GITHUB_SERVER_URL: serverUrl,
    GITHUB_REPOSITORY: repository,
    GITHUB_RUN_ID: String(runId),
    GITHUB_RUN_ATTEMPT: String(runAttempt),
    GITHUB_JOB: job,
    GITHUB_RETENTION_DAYS: String(maxRetentionDays)
  }
  if (workspace) env.GITHUB_WORKSPACE = workspace
  return env
}
