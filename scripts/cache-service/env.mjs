// The environment a job on GitHub's runner gives @actions/cache, pointed at the loopback cache service
// (server.mjs): the artifact service's (../artifact-service/env.mjs: the runtime token, ACTIONS_RESULTS_URL,
// a GITHUB_SERVER_URL that is not GHES) plus ACTIONS_CACHE_SERVICE_V2, which GitHub's runners set and
// without which @actions/cache 6 speaks the legacy v1 protocol to ACTIONS_CACHE_URL.
import { artifactServiceEnv } from '../artifact-service/env.mjs'

/** The variables of a job whose cache service is the loopback one at `resultsUrl`. */
export function cacheServiceEnv(options) {
  return { ...artifactServiceEnv(options), ACTIONS_CACHE_SERVICE_V2: 'True' }
}
