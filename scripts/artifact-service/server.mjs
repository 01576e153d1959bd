// A loopback implementation of GitHub's artifact service, the Twirp service
// `github.actions.results.api.v1.ArtifactService`, as @actions/artifact 6 calls it, backed by Azurite
// (a real Azure blob server). Plain Node, no dependencies; state lives in memory.
//
//   AZURITE_BLOB_URL=http://127.0.0.1:10000 ARTIFACT_SERVICE_PORT=0 node scripts/artifact-service/server.mjs
//
// The first line on stdout is JSON: {"port":N,"url":"http://127.0.0.1:N","blobUrl":...}.
// GET /_state (not part of GitHub's API) returns what the service recorded, for tests.
//
// Protocol facts, read from @actions/artifact 6.2.1 (lib/generated/results/api/v1/artifact*.js and
// lib/internal/shared/artifact-twirp-client.js):
// - POST /twirp/github.actions.results.api.v1.ArtifactService/<Method>, Content-Type application/json,
//   `Authorization: Bearer <ACTIONS_RUNTIME_TOKEN>`; bodies are protobuf JSON with the proto field
//   names (snake_case), default values left out (so `size: 0` is absent), int64 as strings,
//   google.protobuf.Timestamp as an RFC 3339 string, StringValue / Int64Value wrappers as bare values.
// - Errors are Twirp JSON `{"code","msg"}` with the matching HTTP status; the client retries 429, 500,
//   502, 503 and 504 and reports any other status at once as "Failed request: (<status>) <reason>: <msg>".
// - Upload: CreateArtifact -> signed_upload_url (a blob SAS URL); the client then uploads a block blob
//   with @azure/storage-blob's BlockBlobClient.uploadStream (Put Block per 8 MiB chunk, then Put Block
//   List, content type application/zip) and calls FinalizeArtifact with the byte count and
//   `sha256:<hex>` of what it sent.
// - Download: ListArtifacts (id_filter / name_filter) then GetSignedArtifactURL; the client GETs the
//   URL and unzips it when the content type is application/zip or the URL path ends in .zip.
import { createHash, createHmac } from 'node:crypto'
import * as http from 'node:http'
import { Buffer } from 'node:buffer'
import { pathToFileURL, URLSearchParams } from 'node:url'

export const SERVICE = 'github.actions.results.api.v1.ArtifactService'
/** Azurite's well-known development account (the same for every Azurite install). */
export const DEV_ACCOUNT = 'devstoreaccount1'
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
/** The container GitHub's own service uploads artifacts into. */
export const DEFAULT_CONTAINER = 'actions-results'
/** The SAS version signed here: every version since 2020-12-06 shares one string-to-sign. */
const SAS_VERSION = '2023-11-03'
/** What the real service keeps an artifact for when the upload names no expiry. */
const DEFAULT_RETENTION_DAYS = 90
const DAY_MS = 86_400_000
const MAX_BODY = 1024 * 1024
/** The characters @actions/artifact (and the service) refuse in an artifact name. */
const FORBIDDEN_NAME_CHARS = ['"', ':', '<', '>', '|', '*', '?', '\r', '\n', '\\', '/']

/** Twirp error codes and the HTTP status each travels with (twitchtv/twirp PROTOCOL.md). */
export const TWIRP_STATUS = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  bad_route: 404,
  not_found: 404,
  already_exists: 409,
  failed_precondition: 412,
  internal: 500,
  unavailable: 503
}

export class TwirpError extends Error {
  constructor(code, msg) {
    super(msg)
    this.code = code
  }
}

// ---- Azure blob SAS, signed with the account key (what Azurite checks) ---------------------------

const isoSeconds = date => date.toISOString().replace(/\.\d{3}Z$/, 'Z')

/**
 * A service SAS for one blob (`sr=b`), string-to-sign of versions 2020-12-06 and later:
 * sp, st, se, /blob/<account>/<container>/<blob>, si, sip, spr, sv, sr, snapshot time, ses,
 * rscc, rscd, rsce, rscl, rsct, joined by newlines, HMAC-SHA256 with the decoded account key.
 */
export function blobSas({ account, key, container, blob, permissions, expiresOn, contentDisposition = '' }) {
  const se = isoSeconds(expiresOn)
  const toSign = [
    permissions,
    '',
    se,
    `/blob/${account}/${container}/${blob}`,
    '',
    '',
    '',
    SAS_VERSION,
    'b',
    '',
    '',
    '',
    contentDisposition,
    '',
    '',
    ''
  ].join('\n')
  const sig = createHmac('sha256', Buffer.from(key, 'base64')).update(toSign, 'utf8').digest('base64')
  const q = new URLSearchParams({ sv: SAS_VERSION, sr: 'b', sp: permissions, se })
  if (contentDisposition) q.set('rscd', contentDisposition)
  q.set('sig', sig)
  return q.toString()
}

/** An account SAS (blob service, all resource types): accountname, sp, ss, srt, st, se, sip, spr, sv, ses, "". */
export function accountSas({ account, key, permissions, expiresOn }) {
  const se = isoSeconds(expiresOn)
  const toSign = [account, permissions, 'b', 'sco', '', se, '', '', SAS_VERSION, '', ''].join('\n')
  const sig = createHmac('sha256', Buffer.from(key, 'base64')).update(toSign, 'utf8').digest('base64')
  return new URLSearchParams({ sv: SAS_VERSION, ss: 'b', srt: 'sco', sp: permissions, se, sig }).toString()
}

/** One request to the blob server; resolves with status, headers and (unless `stream`) the body. */
export function blobRequest(method, url, { headers = {}, onData } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { 'x-ms-version': SAS_VERSION, ...headers } }, res => {
      const chunks = []
      res.on('data', chunk => (onData ? onData(chunk) : chunks.push(chunk)))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() })
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

// ---- the runtime token ---------------------------------------------------------------------------

/**
 * The backend ids a runtime token grants, as @actions/artifact reads them: a JWT whose `scp` claim
 * (space separated) holds `Actions.Results:<workflowRunBackendId>:<workflowJobRunBackendId>`.
 * The signature is not verified (there is no key to verify it with here); `exp` is honoured.
 */
function tokenScope(authorization) {
  const claims = bearerClaims(authorization)
  for (const scope of String(claims.scp ?? '').split(' ')) {
    const p = scope.split(':')
    if (p[0] === 'Actions.Results' && p.length === 3 && p[1] && p[2]) return { runId: p[1], jobId: p[2] }
  }
  throw new TwirpError('permission_denied', 'the token has no Actions.Results scope')
}

/** The claims of the bearer JWT (decoded, not verified); an expired one is refused. */
export function bearerClaims(authorization) {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')
  if (!m) throw new TwirpError('unauthenticated', 'missing bearer token')
  const parts = m[1].split('.')
  let claims
  try {
    claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'))
  } catch {
    throw new TwirpError('unauthenticated', 'the bearer token is not a JWT')
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) {
    throw new TwirpError('unauthenticated', 'the bearer token has expired')
  }
  return claims
}

// ---- protobuf JSON fields ------------------------------------------------------------------------

/** A field by its proto name or its lowerCamelCase JSON name (protojson accepts both). */
export function field(body, protoName) {
  if (body[protoName] !== undefined) return body[protoName]
  return body[protoName.replace(/_([a-z])/g, (_, c) => c.toUpperCase())]
}

export function str(body, name, { required = false } = {}) {
  const v = field(body, name)
  if (v === undefined || v === null || v === '') {
    if (required) throw new TwirpError('invalid_argument', `${name} is required`)
    return ''
  }
  if (typeof v !== 'string') throw new TwirpError('malformed', `${name} must be a string`)
  return v
}

export function int64(body, name) {
  const v = field(body, name)
  if (v === undefined || v === null) return undefined
  const s = String(v)
  if (!/^-?\d+$/.test(s)) throw new TwirpError('malformed', `${name} must be an int64`)
  return BigInt(s)
}

function timestamp(body, name) {
  const v = field(body, name)
  if (v === undefined || v === null) return undefined
  const t = typeof v === 'string' ? Date.parse(v) : NaN
  if (Number.isNaN(t)) throw new TwirpError('malformed', `${name} must be an RFC 3339 timestamp`)
  return new Date(t)
}

// ---- the service ---------------------------------------------------------------------------------

/** Path segment for an id: kept when it is a plain UUID-like token, else its hash. */
const slug = id =>
  /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : createHash('sha256').update(id).digest('hex').slice(0, 32)

/**
 * Starts the service. `blobUrl` is Azurite's blob endpoint (http://127.0.0.1:<port>); the container is
 * created there first. Returns { port, url, state, close }.
 */
export async function startArtifactService({
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
  const sasExpiry = minutes => new Date(Date.now() + minutes * 60_000)
  const blobEndpoint = blob => `${blobBase}/${account}/${container}/${blob}`
  const signed = (blob, permissions, minutes, contentDisposition) =>
    `${blobEndpoint(blob)}?${blobSas({ account, key: accountKey, container, blob, permissions, expiresOn: sasExpiry(minutes), contentDisposition })}`

  // The container every artifact blob goes into (201 created, 409 already there).
  const create = await blobRequest(
    'PUT',
    `${blobBase}/${account}/${container}?restype=container&${accountSas({ account, key: accountKey, permissions: 'rwdlc', expiresOn: sasExpiry(10) })}`,
    { headers: { 'content-length': '0' } }
  ).catch(err => {
    throw new Error(`Azurite at ${blobBase} does not answer: ${err.message}`, { cause: err })
  })
  if (create.status !== 201 && create.status !== 409) {
    throw new Error(
      `Azurite refused to create container ${container}: ${create.status} ${create.body.slice(0, 300)}`
    )
  }

  /** Every artifact ever created, finalized or not; ids count up from 1 as database ids do. */
  const artifacts = []
  const calls = []
  let nextId = 1

  const live = a => a.state === 'finalized' && a.expiresAt.getTime() > Date.now()
  const find = (runId, name, pred = live) =>
    artifacts.find(a => a.runId === runId && a.name === name && pred(a))

  function checkName(name) {
    const bad = FORBIDDEN_NAME_CHARS.find(c => name.includes(c))
    if (bad)
      throw new TwirpError(
        'invalid_argument',
        `artifact name contains a forbidden character: ${JSON.stringify(bad)}`
      )
  }

  /** The token must be for this run (and, for writes, this job). */
  function authorize(scope, body, { job }) {
    const runId = str(body, 'workflow_run_backend_id', { required: true })
    const jobId = str(body, 'workflow_job_run_backend_id', { required: true })
    if (runId !== scope.runId)
      throw new TwirpError('permission_denied', 'the token is for another workflow run')
    if (job && jobId !== scope.jobId)
      throw new TwirpError('permission_denied', 'the token is for another job')
    return { runId, jobId }
  }

  const methods = {
    CreateArtifact(body, scope) {
      const { runId, jobId } = authorize(scope, body, { job: true })
      const name = str(body, 'name', { required: true })
      checkName(name)
      if (find(runId, name, a => a.state === 'finalized')) {
        throw new TwirpError(
          'already_exists',
          'an artifact with this name already exists on the workflow run'
        )
      }
      const createdAt = new Date()
      const requested = timestamp(body, 'expires_at')
      if (requested && requested.getTime() <= createdAt.getTime()) {
        throw new TwirpError('invalid_argument', 'expires_at must be in the future')
      }
      const expiresAt = requested ?? new Date(createdAt.getTime() + DEFAULT_RETENTION_DAYS * DAY_MS)
      const mimeType = str(body, 'mime_type') || 'application/zip'
      const zip = mimeType === 'application/zip'
      const key = createHash('sha256').update(`${runId}\n${name}`).digest('hex')
      const blob = `${slug(runId)}/workflow-job-run-${slug(jobId)}/artifacts/${key}${zip ? '.zip' : ''}`
      // The same job creating a name again before finalizing it (a retried upload) starts over; another
      // job's upload of that name in progress is a conflict.
      const pending = artifacts.findIndex(a => a.runId === runId && a.name === name && a.state === 'pending')
      if (pending >= 0 && artifacts[pending].jobId !== jobId) {
        throw new TwirpError('already_exists', 'an artifact with this name is being uploaded by another job')
      }
      if (pending >= 0) artifacts.splice(pending, 1)
      const version = field(body, 'version')
      artifacts.push({
        id: nextId++,
        runId,
        jobId,
        name,
        blob,
        mimeType,
        version: typeof version === 'number' ? version : Number(version ?? 0),
        createdAt,
        expiresAt,
        retentionDays: requested ? Math.round((requested.getTime() - createdAt.getTime()) / DAY_MS) : null,
        state: 'pending',
        size: 0,
        digest: undefined
      })
      return { ok: true, signed_upload_url: signed(blob, 'cw', 360) }
    },

    async FinalizeArtifact(body, scope) {
      const { runId, jobId } = authorize(scope, body, { job: true })
      const name = str(body, 'name', { required: true })
      const artifact = find(runId, name, a => a.state === 'pending' && a.jobId === jobId)
      if (!artifact) {
        if (find(runId, name, a => a.state === 'finalized')) {
          throw new TwirpError(
            'already_exists',
            'an artifact with this name already exists on the workflow run'
          )
        }
        throw new TwirpError('not_found', 'no artifact with this name was created by this job')
      }
      // Read back what reached the blob server: its size and sha256.
      const hash = createHash('sha256')
      let size = 0
      const res = await blobRequest('GET', signed(artifact.blob, 'r', 5), {
        onData: chunk => {
          size += chunk.length
          hash.update(chunk)
        }
      })
      if (res.status === 404)
        throw new TwirpError('failed_precondition', 'no content was uploaded for this artifact')
      if (res.status !== 200)
        throw new TwirpError('internal', `blob storage answered ${res.status} reading the upload`)
      const digest = `sha256:${hash.digest('hex')}`
      const claimedSize = int64(body, 'size')
      if (claimedSize !== undefined && claimedSize !== BigInt(size)) {
        throw new TwirpError(
          'invalid_argument',
          `size ${claimedSize} does not match the ${size} bytes uploaded`
        )
      }
      const claimedHash = field(body, 'hash')
      if (claimedHash !== undefined && claimedHash !== null) {
        if (typeof claimedHash !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(claimedHash)) {
          throw new TwirpError('invalid_argument', 'hash must be sha256:<64 hex>')
        }
        if (claimedHash !== digest) {
          throw new TwirpError(
            'invalid_argument',
            `hash ${claimedHash} does not match the uploaded content (${digest})`
          )
        }
      }
      Object.assign(artifact, { state: 'finalized', size, digest, finalizedAt: new Date() })
      return { ok: true, artifact_id: String(artifact.id) }
    },

    ListArtifacts(body, scope) {
      const { runId } = authorize(scope, body, { job: false })
      const nameFilter = field(body, 'name_filter')
      const idFilter = int64(body, 'id_filter')
      const found = artifacts.filter(
        a =>
          a.runId === runId &&
          live(a) &&
          (nameFilter === undefined || nameFilter === null || a.name === nameFilter) &&
          (idFilter === undefined || BigInt(a.id) === idFilter)
      )
      return {
        artifacts: found.map(a => ({
          workflow_run_backend_id: a.runId,
          workflow_job_run_backend_id: a.jobId,
          database_id: String(a.id),
          name: a.name,
          size: String(a.size),
          created_at: a.createdAt.toISOString(),
          ...(a.digest ? { digest: a.digest } : {})
        }))
      }
    },

    GetSignedArtifactURL(body, scope) {
      const { runId } = authorize(scope, body, { job: false })
      const name = str(body, 'name', { required: true })
      const artifact = find(runId, name)
      if (!artifact) throw new TwirpError('not_found', 'artifact not found')
      // A raw (skipArchive) upload downloads under its own file name, as the real URL's disposition says.
      const disposition = artifact.mimeType === 'application/zip' ? '' : `attachment; filename="${name}"`
      return { signed_url: signed(artifact.blob, 'r', 60, disposition) }
    },

    async DeleteArtifact(body, scope) {
      const { runId } = authorize(scope, body, { job: false })
      const name = str(body, 'name', { required: true })
      const artifact = find(runId, name)
      if (!artifact) throw new TwirpError('not_found', 'artifact not found')
      const res = await blobRequest('DELETE', signed(artifact.blob, 'd', 5))
      if (res.status !== 202 && res.status !== 404) {
        throw new TwirpError('internal', `blob storage answered ${res.status} deleting the artifact`)
      }
      artifact.state = 'deleted'
      return { ok: true, artifact_id: String(artifact.id) }
    }
  }

  const prefix = `/twirp/${SERVICE}/`

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (req.method === 'GET' && url.pathname === '/_state') {
      const view = artifacts.map(a => ({
        ...a,
        createdAt: a.createdAt.toISOString(),
        expiresAt: a.expiresAt.toISOString(),
        finalizedAt: a.finalizedAt?.toISOString()
      }))
      return send(res, 200, { artifacts: view, calls })
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
      const scope = tokenScope(req.headers.authorization)
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
      call.name = field(body, 'name') ?? field(body, 'name_filter')
      const out = await methods[method](body, scope)
      call.status = 200
      send(res, 200, out)
    } catch (err) {
      const e = err instanceof TwirpError ? err : new TwirpError('internal', err?.message ?? String(err))
      call.status = TWIRP_STATUS[e.code] ?? 500
      call.error = e.message
      send(res, call.status, { code: e.code, msg: e.message })
    } finally {
      calls.push(call)
      log(
        `${call.method} ${call.status}${call.name ? ` ${JSON.stringify(call.name)}` : ''}${call.error ? `: ${call.error}` : ''}`
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
    state: { artifacts, calls },
    close: () =>
      new Promise(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

export function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    req.on('data', chunk => {
      size += chunk.length
      if (size > MAX_BODY) {
        reject(new TwirpError('malformed', `request body larger than ${MAX_BODY} bytes`))
        req.destroy()
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export function send(res, status, body) {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

async function main() {
  const blobUrl = process.env.AZURITE_BLOB_URL
  if (!blobUrl) {
    console.error('AZURITE_BLOB_URL is not set (the Azurite blob endpoint, e.g. http://127.0.0.1:10000)')
    process.exit(2)
  }
  const service = await startArtifactService({
    port: Number(process.env.ARTIFACT_SERVICE_PORT ?? 0),
    blobUrl,
    container: process.env.ARTIFACT_SERVICE_CONTAINER || DEFAULT_CONTAINER,
    log: line => console.error(`[artifact-service] ${line}`)
  })
  console.log(JSON.stringify({ port: service.port, url: service.url, blobUrl: service.blobUrl }))
  const stop = () => service.close().then(() => process.exit(0))
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch(err => {
    console.error(`[artifact-service] ${err.message}`)
    process.exit(1)
  })
}
