// A loopback implementation of GitHub's cache service v2, the Twirp service
// `github.actions.results.api.v1.CacheService`, as @actions/cache 6 calls it, backed by Azurite (a real
// Azure blob server). Plain Node, no dependencies beyond the artifact service's helpers; state in memory.
//
//   AZURITE_BLOB_URL=http://127.0.0.1:10000 CACHE_SERVICE_PORT=0 node scripts/cache-service/server.mjs
//
// The first line on stdout is JSON: {"port":N,"url":"http://127.0.0.1:N","blobUrl":...}.
// Not part of GitHub's API, for tests: GET /_state returns the entries and every call; POST /_faults
// with {"<Method>": {"status": 500, "times": 3}} makes the next `times` calls of a method answer that
// status with a Twirp error (times absent: every call); {} clears them. The archives themselves go
// straight to Azurite over the signed URLs, as they go to Azure from a runner.
//
// Protocol facts, read from @actions/cache 6.3.0 (lib/cache.js, lib/internal/config.js,
// lib/internal/cacheUtils.js, lib/internal/shared/cacheTwirpClient.js, lib/internal/cacheHttpClient.js,
// lib/internal/uploadUtils.js, lib/internal/downloadUtils.js, lib/generated/results/api/v1/cache.js):
// - v2 is used when ACTIONS_CACHE_SERVICE_V2 is set and GITHUB_SERVER_URL is github.com, *.ghe.com or
//   *.localhost (else v1, ACTIONS_CACHE_URL); isFeatureAvailable() then needs ACTIONS_RESULTS_URL.
//   ACTIONS_CACHE_MODE (none, read, write, write-only) may forbid reads or writes; unset allows both.
// - POST <ACTIONS_RESULTS_URL>/twirp/github.actions.results.api.v1.CacheService/<Method>, Content-Type
//   application/json, `Authorization: Bearer <ACTIONS_RUNTIME_TOKEN>` (the client never decodes it);
//   request bodies are protobuf JSON with proto field names and default values left out, int64 as a
//   string. Responses are read with unknown fields ignored.
// - The client retries 500, 502, 503 and 504 (5 attempts, 3 s then x1.5 apart), fails 429 at once
//   (a warning when Retry-After is given) and any other status at once, as
//   "Failed to <Method>: Received non-retryable error: Failed request: (<status>) <reason>: <msg>".
// - GetCacheEntryDownloadURL {key, restore_keys[], version} -> {ok, signed_download_url, matched_key};
//   ok false is a miss. `version` is sha256 of the paths as given, the compression method
//   ("zstd-without-long" when `zstd` is on PATH, else "gzip") and the salt "1.0", joined with "|": an
//   entry of other paths or another compression is never matched. The archive is then fetched with a
//   plain GET (the Azure SDK only for *.blob.core.windows.net hosts); a Content-Length that does not
//   match fails it.
// - CreateCacheEntry {key, version} -> {ok, signed_upload_url, message}; ok false or an error means
//   "not saved" (a message starting "cache write denied:" is a policy denial). The archive (tar with
//   -P, paths relative to GITHUB_WORKSPACE, through zstdmt or gzip) is uploaded with @azure/storage-blob
//   BlockBlobClient.uploadFile (one Put Blob up to 128 MiB, else Put Block x 64 MiB + Put Block List).
// - FinalizeCacheEntryUpload {key, version, size_bytes} -> {ok, entry_id, message}.
// - The key: at most 512 characters, no commas; at most 10 keys in a restore.
// What the service itself does (GitHub's documentation of key matching and the messages its users
// report, not the package): a lookup takes an exact key match, else the newest entry the key is a
// prefix of, else, for each restore key in order, the newest entry it is a prefix of; always of the
// same version, and only finalized entries. An entry cannot be replaced: creating a key and version
// that exist answers 409 already_exists "cache entry with the same key, version, and scope already
// exists". Branch scopes are modelled from the token's `ac` claim (JSON [{"Scope","Permission"}],
// Permission 1 read, 2 write): lookups search the readable scopes in order, entries go to the first
// writable one; a token without `ac` has one read-write scope.
import { createHash } from 'node:crypto'
import * as http from 'node:http'
import { pathToFileURL } from 'node:url'
import {
  accountSas,
  bearerClaims,
  blobRequest,
  blobSas,
  DEV_ACCOUNT,
  DEV_ACCOUNT_KEY,
  field,
  int64,
  readBody,
  send,
  str,
  TWIRP_STATUS,
  TwirpError
} from '../artifact-service/server.mjs'

export const SERVICE = 'github.actions.results.api.v1.CacheService'
/** Where the cache archives go in Azurite (the artifact service uses actions-results). */
export const DEFAULT_CONTAINER = 'actions-cache'
const MAX_KEY_LENGTH = 512
const READ = 1
const WRITE = 2

/** The token's cache scopes, in the order a lookup searches them. */
function cacheScopes(authorization) {
  const claims = bearerClaims(authorization)
  if (claims.ac === undefined) return [{ scope: 'default', permission: READ | WRITE }]
  let list
  try {
    list = typeof claims.ac === 'string' ? JSON.parse(claims.ac) : claims.ac
  } catch {
    throw new TwirpError('unauthenticated', 'the token\'s "ac" claim is not JSON')
  }
  if (!Array.isArray(list)) throw new TwirpError('unauthenticated', 'the token\'s "ac" claim is not a list')
  return list.map(e => ({ scope: String(e.Scope ?? ''), permission: Number(e.Permission ?? 0) }))
}

function checkKey(key, name) {
  if (key.length > MAX_KEY_LENGTH)
    throw new TwirpError('invalid_argument', `${name} is longer than ${MAX_KEY_LENGTH} characters`)
  if (key.includes(',')) throw new TwirpError('invalid_argument', `${name} contains a comma`)
}

/**
 * Starts the service. `blobUrl` is Azurite's blob endpoint; the container is created there first.
 * Returns { port, url, state, close }.
 */
export async function startCacheService({
  port = 0,
  blobUrl,
  account = DEV_ACCOUNT,
  accountKey = DEV_ACCOUNT_KEY,
  container = DEFAULT_CONTAINER,
  log = () => {}
}) {
  if (!blobUrl)
    throw new Error('blobUrl (the Azurite blob endpoint, e.g. http://127.0.0.1:10000) is required')
  const blobBase = blobUrl.replace(/\/+$/, '')
  const expiry = minutes => new Date(Date.now() + minutes * 60_000)
  const signed = (blob, permissions, minutes) =>
    `${blobBase}/${account}/${container}/${blob}?${blobSas({ account, key: accountKey, container, blob, permissions, expiresOn: expiry(minutes) })}`

  const create = await blobRequest(
    'PUT',
    `${blobBase}/${account}/${container}?restype=container&${accountSas({ account, key: accountKey, permissions: 'rwdlc', expiresOn: expiry(10) })}`,
    { headers: { 'content-length': '0' } }
  ).catch(err => {
    throw new Error(`Azurite at ${blobBase} does not answer: ${err.message}`, { cause: err })
  })
  if (create.status !== 201 && create.status !== 409) {
    throw new Error(
      `Azurite refused to create container ${container}: ${create.status} ${create.body.slice(0, 300)}`
    )
  }

  /** Every entry ever created, pending or finalized; ids count up from 1. */
  const entries = []
  const calls = []
  /** Injected faults by method name: { status, times? }. */
  let faults = {}
  let nextId = 1

  const writable = scopes => scopes.find(s => s.permission & WRITE)
  const readable = scopes => scopes.filter(s => s.permission & READ)
  const newest = list =>
    list.reduce((a, b) => (b.createdAt > a.createdAt || (b.createdAt === a.createdAt && b.id > a.id) ? b : a))

  /** GitHub's matching in one scope: exact key, then prefix of the key, then each restore key as a prefix. */
  function lookup(scope, key, restoreKeys, version) {
    const live = entries.filter(e => e.scope === scope && e.version === version && e.state === 'finalized')
    const exact = live.find(e => e.key === key)
    if (exact) return exact
    for (const prefix of [key, ...restoreKeys]) {
      const matched = live.filter(e => e.key.startsWith(prefix))
      if (matched.length > 0) return newest(matched)
    }
    return undefined
  }

  /** A fault of `name` due now (counted down), or undefined. */
  function fault(name) {
    const f = faults[name]
    if (!f) return undefined
    if (typeof f.times === 'number') {
      if (f.times <= 0) return undefined
      f.times -= 1
    }
    return f
  }

  const methods = {
    GetCacheEntryDownloadURL(body, scopes) {
      const key = str(body, 'key', { required: true })
      const version = str(body, 'version', { required: true })
      const restoreKeys = field(body, 'restore_keys') ?? []
      if (!Array.isArray(restoreKeys) || restoreKeys.some(k => typeof k !== 'string'))
        throw new TwirpError('malformed', 'restore_keys must be a list of strings')
      for (const k of [key, ...restoreKeys]) checkKey(k, 'a key')
      const search = readable(scopes)
      if (search.length === 0)
        throw new TwirpError('permission_denied', 'cache read denied: the token has no readable cache scope')
      for (const { scope } of search) {
        const entry = lookup(scope, key, restoreKeys, version)
        if (entry) {
          entry.restores += 1
          return { ok: true, signed_download_url: signed(entry.blob, 'r', 10), matched_key: entry.key }
        }
      }
      return { ok: false, signed_download_url: '', matched_key: '' }
    },

    CreateCacheEntry(body, scopes) {
      const key = str(body, 'key', { required: true })
      const version = str(body, 'version', { required: true })
      checkKey(key, 'key')
      const target = writable(scopes)
      if (!target)
        return {
          ok: false,
          signed_upload_url: '',
          message: 'cache write denied: the token has no writable cache scope'
        }
      const same = entries.filter(e => e.scope === target.scope && e.key === key && e.version === version)
      if (same.some(e => e.state === 'finalized' || e.state === 'pending'))
        throw new TwirpError(
          'already_exists',
          'cache entry with the same key, version, and scope already exists'
        )
      const id = nextId++
      const blob = `${createHash('sha256').update(target.scope).digest('hex').slice(0, 16)}/${id}`
      entries.push({
        id,
        scope: target.scope,
        key,
        version,
        blob,
        state: 'pending',
        size: 0,
        createdAt: Date.now(),
        restores: 0
      })
      return { ok: true, signed_upload_url: signed(blob, 'cw', 360), message: '' }
    },

    async FinalizeCacheEntryUpload(body, scopes) {
      const key = str(body, 'key', { required: true })
      const version = str(body, 'version', { required: true })
      const target = writable(scopes)
      const entry = entries.find(
        e => e.scope === target?.scope && e.key === key && e.version === version && e.state === 'pending'
      )
      if (!entry)
        throw new TwirpError('not_found', 'no cache entry of this key and version is being uploaded')
      // what reached the blob server: its size
      let size = 0
      const res = await blobRequest('GET', signed(entry.blob, 'r', 5), {
        onData: chunk => (size += chunk.length)
      })
      if (res.status === 404)
        throw new TwirpError('failed_precondition', 'no content was uploaded for this cache entry')
      if (res.status !== 200)
        throw new TwirpError('internal', `blob storage answered ${res.status} reading the upload`)
      const claimed = int64(body, 'size_bytes')
      if (claimed !== undefined && claimed !== BigInt(size))
        throw new TwirpError(
          'invalid_argument',
          `size_bytes ${claimed} does not match the ${size} bytes uploaded`
        )
      Object.assign(entry, { state: 'finalized', size, finalizedAt: Date.now() })
      return { ok: true, entry_id: String(entry.id), message: '' }
    }
  }

  const prefix = `/twirp/${SERVICE}/`

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (req.method === 'GET' && url.pathname === '/_state') {
      const view = entries.map(e => ({
        ...e,
        createdAt: new Date(e.createdAt).toISOString(),
        finalizedAt: e.finalizedAt ? new Date(e.finalizedAt).toISOString() : undefined
      }))
      return send(res, 200, { entries: view, calls })
    }
    if (req.method === 'POST' && url.pathname === '/_faults') {
      const raw = await readBody(req)
      faults = raw ? JSON.parse(raw) : {}
      return send(res, 200, { faults })
    }
    const method = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : undefined
    const call = { method: method ?? url.pathname, status: 0 }
    try {
      if (req.method !== 'POST')
        throw new TwirpError('bad_route', `unsupported method ${req.method} (only POST is allowed)`)
      if (!method || !Object.hasOwn(methods, method))
        throw new TwirpError('bad_route', `no handler for path ${url.pathname}`)
      const type = String(req.headers['content-type'] ?? '')
        .split(';')[0]
        .trim()
        .toLowerCase()
      if (type !== 'application/json') {
        throw new TwirpError(
          'bad_route',
          `unexpected Content-Type: ${JSON.stringify(type)} (this service speaks application/json)`
        )
      }
      const scopes = cacheScopes(req.headers.authorization)
      const raw = await readBody(req)
      let body
      try {
        body = raw.length ? JSON.parse(raw) : {}
      } catch {
        throw new TwirpError('malformed', 'the request body is not valid JSON')
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new TwirpError('malformed', 'the request body must be a JSON object')
      }
      call.key = field(body, 'key')
      const injected = fault(method)
      if (injected) {
        call.injected = true
        throw Object.assign(new TwirpError('internal', `injected fault (${injected.status})`), {
          status: injected.status
        })
      }
      const out = await methods[method](body, scopes)
      call.status = 200
      if (method === 'GetCacheEntryDownloadURL') call.matched = out.matched_key || undefined
      send(res, 200, out)
    } catch (err) {
      const e = err instanceof TwirpError ? err : new TwirpError('internal', err?.message ?? String(err))
      call.status = e.status ?? TWIRP_STATUS[e.code] ?? 500
      call.error = e.message
      send(res, call.status, { code: e.code, msg: e.message })
    } finally {
      calls.push(call)
      log(
        `${call.method} ${call.status}${call.key ? ` ${JSON.stringify(call.key)}` : ''}${call.error ? `: ${call.error}` : ''}`
      )
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(err => {
      if (!res.headersSent) send(res, 500, { code: 'internal', msg: String(err?.message ?? err) })
    })
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  const address = server.address()
  const actual = typeof address === 'object' && address ? address.port : port
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    blobUrl: blobBase,
    state: { entries, calls },
    close: () =>
      new Promise(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

async function main() {
  const blobUrl = process.env.AZURITE_BLOB_URL
  if (!blobUrl) {
    console.error('AZURITE_BLOB_URL is not set (the Azurite blob endpoint, e.g. http://127.0.0.1:10000)')
    process.exit(2)
  }
  const service = await startCacheService({
    port: Number(process.env.CACHE_SERVICE_PORT ?? 0),
    blobUrl,
    container: process.env.CACHE_SERVICE_CONTAINER || DEFAULT_CONTAINER,
    log: line => console.error(`[cache-service] ${line}`)
  })
  console.log(JSON.stringify({ port: service.port, url: service.url, blobUrl: service.blobUrl }))
  const stop = () => service.close().then(() => process.exit(0))
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch(err => {
    console.error(`[cache-service] ${err.message}`)
    process.exit(1)
  })
}
