// The registry client's HTTP: node:http and node:https over keep-alive agents, answering with a
// standard Response, so the client and its tests keep speaking fetch's types (FetchLike).
//
// Why not fetch itself: a run is a short-lived process, and the first hundred requests of one cost
// fetch about twice the CPU and wall that node:http needs for the same requests (measured cold, 100
// GETs, 8 at a time, against the test bed's registry: fetch 164-206 ms wall / 206-278 ms of CPU,
// node:http wrapped in a Response 119-131 ms / 138-153 ms). A verify or promotion run is about 100 and
// 250 such requests. What fetch does that the client relies on is kept: redirects followed (an
// authorization header is not sent to another origin; 303, and 301/302 after a POST, become a GET),
// an AbortSignal that ends the request and its body with the signal's reason, network errors as a
// `TypeError('fetch failed')` whose `cause` carries the system error's code, form and byte bodies with
// their content type and length, streamed bodies (web or Node streams).
//
// Why not undici's `request` (the client fetch is built on, already in the bundle through
// @actions/core): wrapped in a Response it cost as much as fetch in the same measurement (Node 24,
// 100 GETs: 183-213 ms of CPU against 134-155 ms here; its wasm HTTP parser and per-request timers are
// paid again by every short-lived run), and the client would have to give up fetch's types to avoid
// the wrapping.
import * as http from 'node:http'
import * as https from 'node:https'
import { Readable } from 'node:stream'
import type { FetchLike } from './auth.js'

// Proxies as Node's fetch takes them: HTTP_PROXY, HTTPS_PROXY and NO_PROXY when NODE_USE_ENV_PROXY=1
// (Node 24's agents read them through `proxyEnv`), else none.
const proxy = process.env.NODE_USE_ENV_PROXY === '1' ? { proxyEnv: { ...process.env } } : {}
const agents: Record<string, http.Agent> = {
  'http:': new http.Agent({ keepAlive: true, ...proxy }),
  'https:': new https.Agent({ keepAlive: true, ...proxy })
}

const REDIRECT = new Set([301, 302, 303, 307, 308])
const NULL_BODY = new Set([204, 205, 304])
const MAX_REDIRECTS = 20

type Payload = Buffer | Readable | undefined

function failed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause })
}

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  new Headers(headers).forEach((value, key) => {
    out[key] = value
  })
  return out
}

/** The request body as bytes (replayable) or a stream, and the content type fetch would give it. */
function payload(body: RequestInit['body']): { data: Payload; type?: string; length?: number } {
  if (body === undefined || body === null) return { data: undefined }
  if (typeof body === 'string') return { data: Buffer.from(body), type: 'text/plain;charset=UTF-8' }
  if (body instanceof URLSearchParams)
    return { data: Buffer.from(body.toString()), type: 'application/x-www-form-urlencoded;charset=UTF-8' }
  if (body instanceof ArrayBuffer) return { data: Buffer.from(body) }
  if (ArrayBuffer.isView(body)) return { data: Buffer.from(body.buffer, body.byteOffset, body.byteLength) }
  if (body instanceof ReadableStream)
    return { data: Readable.fromWeb(body as import('node:stream/web').ReadableStream) }
  if (body instanceof Readable) return { data: body }
  if (body instanceof Blob)
    return {
      data: Readable.fromWeb(body.stream() as import('node:stream/web').ReadableStream),
      ...(body.type ? { type: body.type } : {}),
      length: body.size
    }
  const iterable = body as unknown as AsyncIterable<unknown>
  if (typeof iterable[Symbol.asyncIterator] === 'function') return { data: Readable.from(iterable) }
  throw new TypeError(`a request body of type ${Object.prototype.toString.call(body)} is not supported`)
}

/** One request, no redirect: resolves with the answer's head (its body still to be read). */
function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  data: Payload,
  signal: AbortSignal | undefined,
  fresh = false
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason)
      return
    }
    const mod = url.protocol === 'https:' ? https : http
    const agent = agents[url.protocol]
    if (!agent) {
      reject(failed(new Error(`unsupported protocol ${url.protocol}`)))
      return
    }
    const req = mod.request(url, { method, headers, agent: fresh ? false : agent })
    let settled = false
    const onAbort = (): void => {
      req.destroy()
      if (!settled) {
        settled = true
        reject(signal?.reason)
      }
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    req.on('error', err => {
      signal?.removeEventListener('abort', onAbort)
      if (settled) return
      settled = true
      reject(Object.assign(failed(err), { reusedSocket: req.reusedSocket }))
    })
    req.on('response', res => {
      signal?.removeEventListener('abort', onAbort)
      if (settled) {
        res.destroy()
        return
      }
      settled = true
      if (signal) {
        // the body is read later: the signal still ends it, with its reason
        const onBodyAbort = (): void => {
          res.destroy(signal.reason as Error)
        }
        signal.addEventListener('abort', onBodyAbort, { once: true })
        res.once('close', () => signal.removeEventListener('abort', onBodyAbort))
      }
      resolve(res)
    })
    if (data instanceof Readable) {
      data.once('error', err => req.destroy(err))
      data.pipe(req)
    } else {
      req.end(data)
    }
  })
}

function toResponse(res: http.IncomingMessage, method: string): Response {
  const status = res.statusCode ?? 0
  if (status < 200 || status > 599) {
    res.destroy()
    throw failed(new Error(`the server answered HTTP status ${status}`))
  }
  const headers = new Headers()
  const raw = res.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i] ?? '', raw[i + 1] ?? '')
    } catch {
      // a header fetch would refuse too: left out
    }
  }
  let body: ReadableStream | null = null
  if (method === 'HEAD' || NULL_BODY.has(status)) res.resume()
  else body = Readable.toWeb(res) as ReadableStream
  return new Response(body, { status, statusText: res.statusMessage ?? '', headers })
}

/** fetch's contract, as the registry client uses it, over node:http and node:https. */
export const httpFetch: FetchLike = async (input, init = {}) => {
  let url = new URL(input)
  let method = (init.method ?? 'GET').toUpperCase()
  const headers = headerRecord(init.headers)
  const body = payload(init.body)
  let data = body.data
  if (body.type && !('content-type' in headers)) headers['content-type'] = body.type
  const signal = init.signal ?? undefined
  for (let hop = 0; ; hop++) {
    const sent = { ...headers }
    if (Buffer.isBuffer(data)) sent['content-length'] ??= String(data.length)
    else if (data !== undefined && body.length !== undefined) sent['content-length'] ??= String(body.length)
    else if (data === undefined && (method === 'POST' || method === 'PUT')) sent['content-length'] = '0'
    let res: http.IncomingMessage
    try {
      res = await exchange(url, method, sent, data, signal)
    } catch (err) {
      // a kept-alive connection the server had closed: once more on a new connection, when the body
      // allows it (what a browser's fetch does too)
      const reused = (err as { reusedSocket?: boolean }).reusedSocket === true
      const code = ((err as { cause?: { code?: string } }).cause ?? {}).code
      if (!reused || code !== 'ECONNRESET' || data instanceof Readable) throw err
      res = await exchange(url, method, sent, data, signal, true)
    }
    const status = res.statusCode ?? 0
    const location = res.headers.location
    if (init.redirect === 'manual' || !REDIRECT.has(status) || !location) return toResponse(res, method)
    res.resume()
    if (init.redirect === 'error') throw failed(new Error(`redirected to ${location}`))
    if (hop >= MAX_REDIRECTS) throw failed(new Error('redirect count exceeded'))
    const next = new URL(location, url)
    if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
      if (method !== 'HEAD') method = 'GET'
      data = undefined
      for (const h of [
        'content-type',
        'content-length',
        'content-encoding',
        'content-language',
        'content-location'
      ])
        delete headers[h]
    } else if (data instanceof Readable) {
      throw failed(new Error(`cannot follow a redirect (HTTP ${status}) with a streamed request body`))
    }
    if (next.origin !== url.origin) {
      delete headers.authorization
      delete headers['proxy-authorization']
      delete headers.cookie
    }
    url = next
  }
}
