// Registry credentials and the two challenges a registry answers 401 with (Basic, Bearer).
// Credentials come from the caller, else from the docker config (`auths`, `credHelpers`, `credsStore`).
// Secrets never reach the log: every password, identity token and bearer token is core.setSecret'd.
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { exec } from '../exec.js'

export type Credential =
  | { kind: 'basic'; username: string; password: string }
  /** An OAuth2 refresh token (docker config `identitytoken`, or a helper's `<token>` user). */
  | { kind: 'identity-token'; token: string }

/** Who we are, for error messages: never a secret. */
export function describeCredential(c: Credential | undefined): string {
  if (!c) return 'no credentials'
  return c.kind === 'basic' ? `user ${c.username}` : 'identity token'
}

export interface Challenge {
  scheme: 'basic' | 'bearer'
  params: Record<string, string>
}

/**
 * Parses `WWW-Authenticate` (RFC 7235): one or more challenges, each a scheme and `key=value` or
 * `key="quoted, value"` parameters. Unknown schemes are dropped.
 */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = []
  let current: { scheme: string; params: Record<string, string> } | undefined
  let i = 0
  const skip = (re: RegExp): void => {
    while (i < header.length && re.test(header.charAt(i))) i++
  }
  const token = (): string => {
    const start = i
    while (i < header.length && /[^\s,=]/.test(header.charAt(i))) i++
    return header.slice(start, i)
  }
  while (i < header.length) {
    skip(/[\s,]/)
    const word = token()
    if (!word) break
    skip(/\s/)
    if (header.charAt(i) === '=' && current) {
      i++
      skip(/\s/)
      let value = ''
      if (header.charAt(i) === '"') {
        i++
        while (i < header.length && header.charAt(i) !== '"') {
          if (header.charAt(i) === '\\') i++
          value += header.charAt(i)
          i++
        }
        i++
      } else {
        value = token()
      }
      current.params[word.toLowerCase()] = value
    } else {
      current = { scheme: word.toLowerCase(), params: {} }
      out.push(current as Challenge)
    }
  }
  return out.filter(c => c.scheme === 'basic' || c.scheme === 'bearer')
}

export function basicHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
}

// --- docker config ---------------------------------------------------------------------------

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>
  credHelpers?: Record<string, string>
  credsStore?: string
}

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker')
  return path.join(dir, 'config.json')
}

/** `https://127.0.0.1:5001/v1/` -> `127.0.0.1:5001`; docker.io's many names -> `docker.io`. */
export function normalizeHost(key: string): string {
  const host = key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase()
  return ['index.docker.io', 'registry-1.docker.io'].includes(host) ? 'docker.io' : host
}

/** The name docker uses for a registry in its config and when asking a credential helper. */
function serverName(host: string): string {
  return host === 'docker.io' ? 'https://index.docker.io/v1/' : host
}

async function fromHelper(
  helper: string,
  host: string,
  env: NodeJS.ProcessEnv
): Promise<Credential | undefined> {
  const command = `docker-credential-${helper}`
  const r = await exec(command, ['get'], { input: serverName(host), env, timeoutMs: 60_000 })
  if (r.exitCode !== 0) {
    if (/credentials not found/i.test(r.stdout + r.stderr)) return undefined
    throw new Error(
      `${command} get ${host} failed (exit ${r.exitCode}): ${r.stderr.trim() || r.stdout.trim()}`
    )
  }
  let answer: { Username?: unknown; Secret?: unknown }
  try {
    answer = JSON.parse(r.stdout) as { Username?: unknown; Secret?: unknown }
  } catch {
    throw new Error(`${command} get ${host} did not answer JSON`)
  }
  const secret = typeof answer.Secret === 'string' ? answer.Secret : ''
  const username = typeof answer.Username === 'string' ? answer.Username : ''
  if (!secret) return undefined
  core.setSecret(secret)
  return username === '<token>' || !username
    ? { kind: 'identity-token', token: secret }
    : { kind: 'basic', username, password: secret }
}

/**
 * The credential docker would use for `host`: `credHelpers[host]`, else `auths[host]`, else
 * `credsStore`. Undefined when there is none (anonymous access).
 */
export async function dockerCredential(
  host: string,
  env: NodeJS.ProcessEnv = process.env
): Promise<Credential | undefined> {
  const file = dockerConfigPath(env)
  if (!fs.existsSync(file)) return undefined
  let config: DockerConfig
  try {
    config = JSON.parse(fs.readFileSync(file, 'utf8')) as DockerConfig
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`, { cause: err })
  }
  const want = normalizeHost(host)
  const helper = Object.entries(config.credHelpers ?? {}).find(([k]) => normalizeHost(k) === want)?.[1]
  if (helper) return await fromHelper(helper, want, env)
  const entry = Object.entries(config.auths ?? {}).find(([k]) => normalizeHost(k) === want)?.[1]
  if (entry?.identitytoken) {
    core.setSecret(entry.identitytoken)
    return { kind: 'identity-token', token: entry.identitytoken }
  }
  if (entry?.auth) {
    const text = Buffer.from(entry.auth, 'base64').toString('utf8')
    const colon = text.indexOf(':')
    if (colon < 0) throw new Error(`${file}: auths["${host}"].auth is not base64 of user:password`)
    const password = text.slice(colon + 1)
    core.setSecret(password)
    return { kind: 'basic', username: text.slice(0, colon), password }
  }
  if (entry?.username && entry.password) {
    core.setSecret(entry.password)
    return { kind: 'basic', username: entry.username, password: entry.password }
  }
  if (config.credsStore) return await fromHelper(config.credsStore, want, env)
  return undefined
}

/** Explicit username/password win; else the docker config. */
export async function resolveCredential(
  host: string,
  explicit?: { username?: string; password?: string },
  env: NodeJS.ProcessEnv = process.env
): Promise<Credential | undefined> {
  if (explicit?.username || explicit?.password) {
    if (!explicit.username || !explicit.password) {
      throw new Error(`credentials for ${host}: both a username and a password are needed`)
    }
    core.setSecret(explicit.password)
    return { kind: 'basic', username: explicit.username, password: explicit.password }
  }
  return await dockerCredential(host, env)
}

// --- bearer tokens ---------------------------------------------------------------------------

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

export class AuthError extends Error {
  readonly status: number | undefined
  /** The token endpoint was unreachable or answered 429/5xx: worth another try. */
  readonly retryable: boolean
  constructor(message: string, o: { status?: number; retryable?: boolean } = {}) {
    super(message)
    this.name = 'AuthError'
    this.status = o.status
    this.retryable = o.retryable ?? false
  }
}

/**
 * Asks the challenge's token endpoint for a bearer token: GET with basic auth (or anonymous), or,
 * for an identity token, the OAuth2 refresh-token POST. Answers `token` or `access_token`.
 */
export async function fetchToken(
  fetchFn: FetchLike,
  registry: string,
  challenge: Challenge,
  scopes: string[],
  credential: Credential | undefined
): Promise<string> {
  const realm = challenge.params.realm
  if (!realm) throw new AuthError(`${registry} asked for a bearer token without a realm`)
  const service = challenge.params.service
  const url = new URL(realm)
  const endpoint = `the token endpoint ${url.origin}${url.pathname}`
  let init: RequestInit
  if (credential?.kind === 'identity-token') {
    const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: 'imagegate' })
    form.set('refresh_token', credential.token)
    if (service) form.set('service', service)
    form.set('scope', scopes.join(' '))
    init = { method: 'POST', body: form }
  } else {
    if (service) url.searchParams.set('service', service)
    for (const s of scopes) url.searchParams.append('scope', s)
    const headers: Record<string, string> = {}
    if (credential) headers.authorization = basicHeader(credential.username, credential.password)
    init = { headers }
  }
  let res: Response
  try {
    res = await fetchFn(url.href, { ...init, signal: AbortSignal.timeout(60_000) })
  } catch (err) {
    const cause = (err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message
    throw new AuthError(`${registry}: cannot reach ${endpoint} (${cause})`, { retryable: true })
  }
  if (!res.ok) {
    await res.body?.cancel()
    const status = res.status
    const who = describeCredential(credential)
    throw new AuthError(
      status === 401 || status === 403
        ? `authentication failed for ${registry} (${who}): ${endpoint} answered ${status}`
        : `${registry}: ${endpoint} answered ${status}`,
      { status, retryable: status === 429 || status >= 500 }
    )
  }
  const body = (await res.json()) as { token?: unknown; access_token?: unknown }
  const token = typeof body.token === 'string' ? body.token : body.access_token
  if (typeof token !== 'string' || !token) {
    throw new AuthError(`${registry}: the token endpoint answered without a token`)
  }
  core.setSecret(token)
  return token
}
