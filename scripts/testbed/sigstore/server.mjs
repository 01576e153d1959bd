// A loopback Sigstore for the test bed: Fulcio, Rekor and a timestamp authority (@sigstore/mock's
// handlers with the fix-ups of services.mjs) and a stand-in for the runner's OIDC token endpoint
// (oidc.mjs), each on its own port of 127.0.0.1, plus an admin port for tests. All of it is a stand-in;
// the clients and verifiers that talk to it are the real ones (docs/testbed-sigstore.md).
//
//   node scripts/testbed/sigstore/server.mjs --state DIR/state.json [--root DIR/trusted-root.json]
//     [--host 127.0.0.1] [--fulcio-port N --rekor-port N --tsa-port N --oidc-port N --admin-port N]
//     [--repository OWNER/REPO] [--workflow .github/workflows/FILE] [--ref REF] [--sha SHA]
//     [--visibility public|private|internal] [--request-token T] [--stop-on-stdin-close]
//
// Ports default to 0 (free ports). Once every port answers, it writes the trusted root and then the
// state file (JSON: pid, urls, ports, oidc {url, requestToken, identity, issuer}, trustedRoot), and
// prints the state as one line on stdout. SIGTERM / SIGINT stop it.
//
// Admin API (admin port; loopback only, for tests):
//   GET  /_health             {"ok":true,"pid":N}
//   GET  /_state              the state file's content
//   GET  /_faults             {"fulcio":"ok",...}
//   POST /_faults             {"fulcio":"500"|"hang"|"down"|"ok", "rekor":..., "tsa":..., "oidc":...}
//                             500: every request answered 500 (retryable: clients retry);
//                             hang: requests are read and never answered; down: the port is closed
//                             (connection refused) and open connections are dropped; ok: normal again
//                             (hanging requests are dropped). Answers the faults now in force.
//   GET  /_requests           {"fulcio":{"count":N,"requests":[{at,method,path,status,ms,detail}]},...}
//                             status is a number, or "hang" for a request held open
//   POST /_reset              faults back to ok, request logs emptied
import { Buffer } from 'node:buffer'
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createIssuer, GITHUB_ISSUER } from './oidc.mjs'
import { createServices } from './services.mjs'

const SERVICES = ['fulcio', 'rekor', 'tsa', 'oidc']
const MODES = ['ok', '500', 'hang', 'down']
const MAX_BODY = 4 * 1024 * 1024
const MAX_LOG = 2000

function parseArgs(argv) {
  const options = {
    host: '127.0.0.1',
    ports: { fulcio: 0, rekor: 0, tsa: 0, oidc: 0, admin: 0 },
    repository: 'imagegate-test/example',
    workflow: '.github/workflows/release.yml',
    ref: 'refs/heads/main',
    sha: '0123456789abcdef0123456789abcdef01234567',
    visibility: 'public',
    requestToken: '',
    state: '',
    root: '',
    stopOnStdinClose: false
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${arg} needs a value`)
      return v
    }
    const port = /^--(fulcio|rekor|tsa|oidc|admin)-port$/.exec(arg)
    if (port) {
      const n = Number(value())
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${arg}: not a port: ${argv[i]}`)
      options.ports[port[1]] = n
    } else if (arg === '--host') options.host = value()
    else if (arg === '--repository') options.repository = value()
    else if (arg === '--workflow') options.workflow = value()
    else if (arg === '--ref') options.ref = value()
    else if (arg === '--sha') options.sha = value()
    else if (arg === '--visibility') options.visibility = value()
    else if (arg === '--request-token') options.requestToken = value()
    else if (arg === '--state') options.state = path.resolve(value())
    else if (arg === '--root') options.root = path.resolve(value())
    else if (arg === '--stop-on-stdin-close') options.stopOnStdinClose = true
    else throw new Error(`unknown argument ${arg}`)
  }
  if (!options.state) throw new Error('--state FILE is required')
  if (!/^[^/\s]+\/[^/\s]+$/.test(options.repository))
    throw new Error(`--repository: not OWNER/REPO: ${options.repository}`)
  options.root ||= path.join(path.dirname(options.state), 'trusted-root.json')
  return options
}

const readBody = request =>
  new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    request.on('data', chunk => {
      size += chunk.length
      if (size > MAX_BODY) {
        reject(new Error('request body too large'))
        request.destroy()
      } else chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })

const sendJson = (response, status, body) => {
  response.writeHead(status, { 'Content-Type': 'application/json' })
  response.end(JSON.stringify(body))
}

/** One service on its own port: its fault mode, its request log, the sockets to drop when asked. */
class Endpoint {
  constructor(name, host, port, handle, { logged = true } = {}) {
    this.name = name
    this.host = host
    this.port = port
    this.logged = logged
    this.mode = 'ok'
    this.requests = []
    this.sockets = new Set()
    this.held = new Set()
    this.server = http.createServer((request, response) => this.serve(request, response, handle))
    this.server.keepAliveTimeout = 5000
    this.server.on('connection', socket => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
  }

  async listen() {
    await new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    this.port = this.server.address().port
  }

  get url() {
    return `http://${this.host}:${this.port}`
  }

  log(entry) {
    if (!this.logged) return entry
    this.requests.push(entry)
    if (this.requests.length > MAX_LOG) this.requests.shift()
    return entry
  }

  async serve(request, response, handle) {
    const started = Date.now()
    const entry = this.log({
      at: new Date(started).toISOString(),
      method: request.method,
      path: request.url,
      status: 0,
      ms: 0
    })
    let body
    try {
      body = await readBody(request)
    } catch (err) {
      entry.status = 400
      return sendJson(response, 400, { message: err.message })
    }
    if (this.mode === 'hang') {
      entry.status = 'hang'
      this.held.add(response.socket)
      response.socket?.once('close', () => this.held.delete(response.socket))
      return
    }
    if (this.mode === '500') {
      entry.status = 500
      entry.ms = Date.now() - started
      return sendJson(response, 500, { code: 13, message: `injected fault: ${this.name} answers 500` })
    }
    try {
      const answer = await handle(request, body)
      entry.status = answer.status
      if (answer.detail) entry.detail = answer.detail
      response.writeHead(answer.status, { 'Content-Type': answer.contentType || 'application/json' })
      response.end(answer.body)
    } catch (err) {
      entry.status = 500
      entry.detail = { error: err.message }
      sendJson(response, 500, { message: `${this.name} stand-in failed: ${err.message}` })
    }
    entry.ms = Date.now() - started
  }

  async setMode(mode) {
    const was = this.mode
    this.mode = mode
    if (was === 'hang' && mode !== 'hang') for (const socket of this.held) socket.destroy()
    if (mode === 'down' && was !== 'down') {
      const closed = new Promise(resolve => this.server.close(() => resolve()))
      for (const socket of this.sockets) socket.destroy()
      await closed
    } else if (was === 'down' && mode !== 'down') {
      await this.listen()
    }
  }

  async close() {
    for (const socket of this.sockets) socket.destroy()
    if (this.server.listening) await new Promise(resolve => this.server.close(() => resolve()))
  }
}

/** A Sigstore service's handler as an HTTP answer: POST to the service's one path. */
function sigstoreHandler(pathname, fn) {
  return async (request, body) => {
    const { pathname: asked } = new URL(request.url, 'http://loopback')
    if (request.method !== 'POST' || asked !== pathname) {
      return {
        status: 404,
        body: JSON.stringify({ message: `${request.method} ${asked}: not found (POST ${pathname})` })
      }
    }
    const answer = await fn(body.toString('utf8'))
    const raw = answer.response
    return {
      status: answer.statusCode,
      contentType: answer.contentType || 'text/plain',
      body: typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength),
      detail: answer.detail
    }
  }
}

/** The admin API (the header above): faults, request logs, state. */
function adminHandler(endpoints, stateOf) {
  return async (request, body) => {
    const url = new URL(request.url, 'http://loopback')
    const route = `${request.method} ${url.pathname}`
    const ok = value => ({ status: 200, body: JSON.stringify(value) })
    const faults = () => Object.fromEntries(SERVICES.map(name => [name, endpoints[name].mode]))
    switch (route) {
      case 'GET /_health':
        return ok({ ok: true, pid: process.pid })
      case 'GET /_state':
        return ok(stateOf())
      case 'GET /_faults':
        return ok(faults())
      case 'POST /_faults': {
        let asked
        try {
          asked = JSON.parse(body.toString('utf8') || '{}')
        } catch {
          return { status: 400, body: JSON.stringify({ message: 'the body is not JSON' }) }
        }
        for (const [name, mode] of Object.entries(asked ?? {})) {
          if (!SERVICES.includes(name)) {
            return {
              status: 400,
              body: JSON.stringify({ message: `unknown service ${name} (${SERVICES.join(', ')})` })
            }
          }
          if (!MODES.includes(String(mode))) {
            return {
              status: 400,
              body: JSON.stringify({ message: `${name}: unknown fault ${mode} (${MODES.join(', ')})` })
            }
          }
        }
        for (const [name, mode] of Object.entries(asked ?? {})) await endpoints[name].setMode(String(mode))
        return ok(faults())
      }
      case 'GET /_requests':
        return ok(
          Object.fromEntries(
            SERVICES.map(name => [
              name,
              { count: endpoints[name].requests.length, requests: endpoints[name].requests }
            ])
          )
        )
      case 'POST /_reset':
        for (const name of SERVICES) {
          await endpoints[name].setMode('ok')
          endpoints[name].requests = []
        }
        return ok(faults())
      default:
        return { status: 404, body: JSON.stringify({ message: `${route}: not found` }) }
    }
  }
}

export async function start(options) {
  const run = {
    repository: options.repository,
    workflow: options.workflow,
    ref: options.ref,
    sha: options.sha,
    visibility: options.visibility,
    runId: String(Date.now() % 1e10),
    issuer: GITHUB_ISSUER
  }
  const issuer = createIssuer({ requestToken: options.requestToken, run })
  let services
  const endpoints = {}
  endpoints.fulcio = new Endpoint('fulcio', options.host, options.ports.fulcio, (q, b) =>
    services.handle.fulcio(q, b)
  )
  endpoints.rekor = new Endpoint('rekor', options.host, options.ports.rekor, (q, b) =>
    services.handle.rekor(q, b)
  )
  endpoints.tsa = new Endpoint('tsa', options.host, options.ports.tsa, (q, b) => services.handle.tsa(q, b))
  endpoints.oidc = new Endpoint('oidc', options.host, options.ports.oidc, async request => {
    const url = new URL(request.url, 'http://loopback')
    if (request.method !== 'GET' || url.pathname !== '/token') {
      return {
        status: 404,
        body: JSON.stringify({ message: `${request.method} ${url.pathname}: not found (GET /token)` })
      }
    }
    const answer = issuer.answer(url, request.headers.authorization)
    return { status: answer.status, body: JSON.stringify(answer.body), detail: answer.detail }
  })
  for (const endpoint of Object.values(endpoints)) await endpoint.listen()

  const urls = {
    fulcio: endpoints.fulcio.url,
    rekor: endpoints.rekor.url,
    tsa: endpoints.tsa.url,
    // the CT log lives inside the mock Fulcio: a label in the trusted root, never fetched
    ctlog: `${endpoints.fulcio.url}/ct`
  }
  const made = await createServices({ issuer, urls })
  services = {
    handle: {
      fulcio: sigstoreHandler(made.paths.fulcio, made.fulcio),
      rekor: sigstoreHandler(made.paths.rekor, made.rekor),
      tsa: sigstoreHandler(made.paths.tsa, made.tsa)
    }
  }
  fs.mkdirSync(path.dirname(options.root), { recursive: true })
  writeAtomic(options.root, `${JSON.stringify(made.trustedRoot(), null, 2)}\n`)

  let state
  // the admin port logs nothing: tests read the services' logs through it
  const admin = new Endpoint(
    'admin',
    options.host,
    options.ports.admin,
    adminHandler(endpoints, () => state),
    {
      logged: false
    }
  )
  await admin.listen()

  state = {
    pid: process.pid,
    host: options.host,
    urls: { fulcio: urls.fulcio, rekor: urls.rekor, tsa: urls.tsa, admin: admin.url },
    ports: Object.fromEntries([...SERVICES, 'admin'].map(name => [name, (endpoints[name] ?? admin).port])),
    oidc: {
      url: `${endpoints.oidc.url}/token?api-version=2.0`,
      requestToken: issuer.requestToken,
      issuer: GITHUB_ISSUER,
      identity: `https://github.com/${run.repository}/${run.workflow}@${run.ref}`,
      repository: run.repository,
      workflowRef: `${run.repository}/${run.workflow}@${run.ref}`,
      visibility: run.visibility
    },
    trustedRoot: options.root
  }
  writeAtomic(options.state, `${JSON.stringify(state, null, 2)}\n`)

  const stop = async () => {
    await Promise.all([...Object.values(endpoints), admin].map(endpoint => endpoint.close()))
  }
  return { state, stop }
}

function writeAtomic(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, text, { mode: 0o600 })
  fs.renameSync(tmp, file)
}

async function main() {
  let options
  try {
    options = parseArgs(process.argv.slice(2))
  } catch (err) {
    console.error(`sigstore stand-in: ${err.message}`)
    process.exit(2)
  }
  const { state, stop } = await start(options)
  let stopping = false
  const shutdown = async () => {
    if (stopping) return
    stopping = true
    await stop()
    process.exit(0)
  }
  process.on('SIGTERM', shutdown)
  process.on('SIGINT', shutdown)
  if (options.stopOnStdinClose) {
    process.stdin.on('end', shutdown)
    process.stdin.on('close', shutdown)
    process.stdin.resume()
  }
  process.stdout.write(`${JSON.stringify(state)}\n`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch(err => {
    console.error(`sigstore stand-in: ${err.stack || err.message}`)
    process.exit(1)
  })
}
