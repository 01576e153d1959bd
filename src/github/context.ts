// The runner's GitHub context (environment variables and the event payload), as the plan's GitContext.
import * as fs from 'node:fs'
import type { GitContext } from '../plan/git.js'

/** The event payload the runner wrote (GITHUB_EVENT_PATH); empty when there is none. */
export function readEventPayload(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const eventPath = env.GITHUB_EVENT_PATH
  if (!eventPath || !fs.existsSync(eventPath)) return {}
  try {
    return JSON.parse(fs.readFileSync(eventPath, 'utf8')) as Record<string, unknown>
  } catch (err) {
    throw new Error(`GITHUB_EVENT_PATH ${eventPath} is not valid JSON: ${(err as Error).message}`, {
      cause: err
    })
  }
}

export function readGitContext(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): GitContext {
  const payload = readEventPayload(env)
  const repository = payload.repository as { default_branch?: string } | undefined
  const pullRequest = payload.pull_request as { number?: number } | undefined
  const sha = env.GITHUB_SHA ?? ''
  if (!/^[0-9a-f]{40}$/.test(sha)) {
    throw new Error(
      `GITHUB_SHA is ${sha ? `"${sha}", not a 40-hex commit id` : 'not set'} (the sha-<short> tag needs it)`
    )
  }
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com'
  // SOURCE_DATE_EPOCH makes `created` (and the date tag) reproducible, as buildx does.
  const epoch = env.SOURCE_DATE_EPOCH
  return {
    eventName: env.GITHUB_EVENT_NAME ?? 'push',
    ref: env.GITHUB_REF ?? '',
    sha,
    defaultBranch: repository?.default_branch,
    pullRequest: pullRequest?.number,
    repositoryUrl: env.GITHUB_REPOSITORY ? `${server}/${env.GITHUB_REPOSITORY}` : undefined,
    now: epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : now
  }
}
