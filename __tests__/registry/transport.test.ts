// The registry client's HTTP (node:http behind fetch's types) against real loopback servers: what it
// sends, the answers it gives back, redirects, time limits, dropped connections and stream bodies.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { httpFetch as fetchLike } from '../../src/registry/transport.js'

const httpFetch = (url: string, init: RequestInit = {}): Promise<Response> => fetchLike(url, init)

/** What a request that must fail rejected with. */
async function rejection(
  p: Promise<Response>
): Promise<Error & { cause?: { code?: string; message?: string } }> {
  try {
    await p
  } catch (err) {
    return err as Error & { cause?: { code?: string; message?: string } }
  }
  throw new Error('the request did not fail')
}

interface Seen {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void

/** A loopback server answering every request with `handler`, recording what it received. */
async function serve(handler: Handler): Promise<{ base: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      handler(req, res, body)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    seen,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}

describe('httpFetch', () => {
  let main: Awaited<ReturnType<typeof serve>>
  let other: Awaited<ReturnType<typeof serve>>
  beforeAll(async () => {
    other = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end(`other ${req.method} ${req.url}`)
    })
    main = await serve((req, res, body) => {
      const url = new URL(req.url ?? '/', 'http://x')
      switch (url.pathname) {
        case '/json':
          res.writeHead(200, { 'content-type': 'application/json', 'docker-content-digest': 'sha256:ab' })
          res.end(JSON.stringify({ ok: true, method: req.method }))
          return
        case '/echo':
          res.writeHead(201, { location: '/v2/x/blobs/uploads/1?state=a' })
          res.end(body)
          return
        case '/empty':
          res.writeHead(204)
          res.end()
          return
        case '/to-other':
          res.writeHead(307, { location: `${other.base}/landed` })
          res.end()
          return
        case '/see-other':
          res.writeHead(303, { location: '/json' })
          res.end()
          return
        case '/keep-method':
          res.writeHead(307, { location: '/echo' })
          res.end()
          return
        case '/loop':
          res.writeHead(302, { location: '/loop' })
          res.end()
          return
        case '/hang':
          return // never answers
        case '/slow-body':
          res.writeHead(200, { 'content-type': 'application/octet-stream' })
          res.write('first part')
          return // the rest never comes
        case '/drop':
          req.socket.destroy()
          return
        default:
          res.writeHead(404, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN' }] }))
      }
    })
  })
  afterAll(async () => {
    await main.close()
    await other.close()
  })

  test('a GET answers status, headers and a body read as JSON; the headers sent arrive', async () => {
    const res = await httpFetch(`${main.base}/json`, { headers: { accept: 'application/json', 'x-a': 'b' } })
    expect(res.status).toBe(200)
    expect(res.ok).toBe(true)
    expect(res.headers.get('Docker-Content-Digest')).toBe('sha256:ab')
    expect(await res.json()).toEqual({ ok: true, method: 'GET' })
    const seen = main.seen.at(-1)
    expect(seen?.headers.accept).toBe('application/json')
    expect(seen?.headers['x-a']).toBe('b')
  })

  test('a HEAD and a 204 have no body; an error status is an answer, not a throw', async () => {
    const head = await httpFetch(`${main.base}/json`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body).toBeNull()
    const empty = await httpFetch(`${main.base}/empty`, { method: 'DELETE' })
    expect(empty.status).toBe(204)
    expect(await empty.text()).toBe('')
    const missing = await httpFetch(`${main.base}/nothing`)
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('NAME_UNKNOWN')
  })

  test('bodies: bytes, a form, a Node stream and a web stream arrive whole, with type and length', async () => {
    await (
      await httpFetch(`${main.base}/echo`, { method: 'PUT', body: new TextEncoder().encode('bytes!') })
    ).text()
    let seen = main.seen.at(-1)
    expect(seen?.body).toBe('bytes!')
    expect(seen?.headers['content-length']).toBe('6')

    await (
      await httpFetch(`${main.base}/echo`, {
        method: 'POST',
        body: new URLSearchParams({ a: '1', b: 'x y' })
      })
    ).text()
    seen = main.seen.at(-1)
    expect(seen?.body).toBe('a=1&b=x+y')
    expect(seen?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8')

    const node = Readable.from([Buffer.from('str'), Buffer.from('eam')])
    const put = await httpFetch(`${main.base}/echo`, {
      method: 'PUT',
      headers: { 'content-length': '6' },
      body: node as unknown as RequestInit['body']
    })
    expect(put.status).toBe(201)
    expect(put.headers.get('location')).toBe('/v2/x/blobs/uploads/1?state=a')
    expect(await put.text()).toBe('stream')

    const web = new Blob(['web ', 'stream']).stream()
    await (await httpFetch(`${main.base}/echo`, { method: 'PUT', body: web })).text()
    expect(main.seen.at(-1)?.body).toBe('web stream')

    await (await httpFetch(`${main.base}/echo`, { method: 'POST' })).text()
    expect(main.seen.at(-1)?.headers['content-length']).toBe('0')
  })

  test('a redirect to another origin is followed without the authorization header', async () => {
    const res = await httpFetch(`${main.base}/to-other`, { headers: { authorization: 'Bearer secret' } })
    expect(await res.text()).toBe('other GET /landed')
    expect(main.seen.at(-1)?.headers.authorization).toBe('Bearer secret')
    expect(other.seen.at(-1)?.headers.authorization).toBeUndefined()
  })

  test('303 becomes a GET without the body; 307 keeps the method and the bytes; a loop stops', async () => {
    const see = await httpFetch(`${main.base}/see-other`, { method: 'POST', body: 'x' })
    expect(await see.json()).toEqual({ ok: true, method: 'GET' })
    const keep = await httpFetch(`${main.base}/keep-method`, { method: 'PUT', body: 'kept' })
    expect(keep.status).toBe(201)
    expect(await keep.text()).toBe('kept')
    await expect(httpFetch(`${main.base}/loop`)).rejects.toThrow('fetch failed')
    const manual = await httpFetch(`${main.base}/loop`, { redirect: 'manual' })
    expect(manual.status).toBe(302)
  })

  test('a streamed body is not replayed on a redirect: a clear failure', async () => {
    const err = await rejection(
      httpFetch(`${main.base}/keep-method`, {
        method: 'PUT',
        body: Readable.from([Buffer.from('once')]) as unknown as RequestInit['body']
      })
    )
    expect(err).toBeInstanceOf(TypeError)
    expect(err.cause?.message).toContain('streamed request body')
  })

  test('a time limit ends a request that is never answered, and a body that never ends', async () => {
    const started = Date.now()
    const err = await rejection(httpFetch(`${main.base}/hang`, { signal: AbortSignal.timeout(200) }))
    expect(err.name).toBe('TimeoutError')
    expect(Date.now() - started).toBeLessThan(5000)

    const res = await httpFetch(`${main.base}/slow-body`, { signal: AbortSignal.timeout(300) })
    expect(res.status).toBe(200)
    await expect(res.text()).rejects.toMatchObject({ name: 'TimeoutError' })

    const aborted = new AbortController()
    aborted.abort(new Error('stopped'))
    await expect(httpFetch(`${main.base}/json`, { signal: aborted.signal })).rejects.toThrow('stopped')
  })

  test('network failures reject like fetch: TypeError with the system error as cause', async () => {
    const dropped = await rejection(httpFetch(`${main.base}/drop`))
    expect(dropped).toBeInstanceOf(TypeError)
    expect(dropped.cause?.code).toBe('ECONNRESET')

    const closed = await serve(() => undefined)
    const url = closed.base
    await closed.close()
    const refused = await rejection(httpFetch(`${url}/v2/`))
    expect(refused).toBeInstanceOf(TypeError)
    expect(refused.cause?.code).toBe('ECONNREFUSED')
  })

  test('a kept-alive connection the server closed is replaced, not reported', async () => {
    // the server drops a connection when a second request comes on it (a registry's idle timeout that
    // struck as the request was sent): a new connection answers
    const served = new WeakSet<object>()
    let n = 0
    const flaky = await serve((req, res) => {
      if (served.has(req.socket)) {
        req.socket.destroy()
        return
      }
      served.add(req.socket)
      n++
      res.writeHead(200, { 'content-type': 'text/plain', connection: 'keep-alive' })
      res.end(`answer ${n}`)
    })
    try {
      expect(await (await httpFetch(`${flaky.base}/a`)).text()).toBe('answer 1')
      await new Promise(resolve => setTimeout(resolve, 20)) // the connection back in the agent's pool
      expect(await (await httpFetch(`${flaky.base}/b`)).text()).toBe('answer 2')
      expect(flaky.seen.map(s => s.url)).toEqual(['/a', '/b', '/b'])
    } finally {
      await flaky.close()
    }
  })
})
