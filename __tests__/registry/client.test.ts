// The client's HTTP policy with a fake fetch: retries, errors, auth handshakes, Location handling.
import { describe, expect, test } from '@jest/globals'
import type { FetchLike } from '../../src/registry/auth.js'
import { RegistryClient, RegistryError } from '../../src/registry/client.js'
import { sha256 } from '../../src/oci/layout.js'

interface Call {
  method: string
  url: string
  headers: Record<string, string>
}

/** A fake fetch answering from a list of handlers, recording every call. */
function fakeFetch(answer: (call: Call, n: number) => Response | Error): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = []
  const fetch: FetchLike = async (url, init) => {
    const call = {
      method: init.method ?? 'GET',
      url,
      headers: { ...(init.headers as Record<string, string>) }
    }
    calls.push(call)
    const r = answer(call, calls.length)
    if (r instanceof Error) throw r
    return r
  }
  return { fetch, calls }
}

function client(fetch: FetchLike, delays: number[] = [], extra: object = {}): RegistryClient {
  return new RegistryClient({
    registry: '127.0.0.1:5001',
    fetch,
    dockerConfig: false,
    sleep: async ms => {
      delays.push(ms)
    },
    ...extra
  })
}

const BYTES = Buffer.from('{"schemaVersion":2}')
const DIGEST = sha256(BYTES)

describe('retry policy', () => {
  test('a transient 500 is retried with exponential backoff', async () => {
    const delays: number[] = []
    const { fetch, calls } = fakeFetch((_c, n) =>
      n < 3 ? new Response('oops', { status: 500 }) : new Response(null, { status: 200 })
    )
    expect(await client(fetch, delays).headBlob('app/api', DIGEST)).toBe(true)
    expect(calls).toHaveLength(3)
    expect(delays).toEqual([500, 1000])
  })

  test('network errors and 429 are retried; Retry-After is honoured', async () => {
    const delays: number[] = []
    const { fetch, calls } = fakeFetch((_c, n) => {
      if (n === 1) return new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })
      if (n === 2) return new Response(null, { status: 429, headers: { 'retry-after': '3' } })
      return new Response(null, { status: 404 })
    })
    expect(await client(fetch, delays).headBlob('app/api', DIGEST)).toBe(false)
    expect(calls).toHaveLength(3)
    expect(delays).toEqual([500, 3000])
  })

  test('gives up after 4 attempts, saying so', async () => {
    const delays: number[] = []
    const { fetch, calls } = fakeFetch(() => new Response('{"errors":[{"code":"UNKNOWN"}]}', { status: 503 }))
    const err = await client(fetch, delays)
      .getManifest('app/api', 'v1')
      .catch(e => e as RegistryError)
    expect(calls).toHaveLength(4)
    expect(delays).toEqual([500, 1000, 2000])
    expect(err).toBeInstanceOf(RegistryError)
    expect((err as Error).message).toBe(
      '127.0.0.1:5001: GET manifest v1 in 127.0.0.1:5001/app/api answered HTTP 503 (UNKNOWN) (gave up after 4 attempts)'
    )
  })

  test.each([400, 403, 404])('%s is not retried', async status => {
    const { fetch, calls } = fakeFetch(() => new Response(null, { status }))
    const err = await client(fetch)
      .getManifest('app/api', 'v1')
      .catch(e => e as RegistryError)
    expect(calls).toHaveLength(1)
    expect((err as RegistryError).status).toBe(status)
    expect((err as Error).message).toContain(`127.0.0.1:5001/app/api answered HTTP ${status}`)
  })

  test('a 401 is answered once with the credentials, then is an error naming the user, never the password', async () => {
    const { fetch, calls } = fakeFetch(
      () =>
        new Response('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}', {
          status: 401,
          headers: { 'www-authenticate': 'Basic realm="basic-realm"' }
        })
    )
    const c = client(fetch, [], { username: 'alice', password: 'hunter2' })
    const err = await c.headBlob('app/api', DIGEST).catch(e => e as RegistryError)
    expect(calls).toHaveLength(2)
    expect(calls[0]?.headers.authorization).toBeUndefined()
    expect(calls[1]?.headers.authorization).toBe(`Basic ${Buffer.from('alice:hunter2').toString('base64')}`)
    expect((err as RegistryError).status).toBe(401)
    expect((err as Error).message).toMatch(
      /^authentication failed for 127\.0\.0\.1:5001 \(user alice\): HEAD blob/
    )
    expect((err as Error).message).not.toContain('hunter2')
  })

  test('a 401 without credentials says so', async () => {
    const { fetch } = fakeFetch(
      () => new Response(null, { status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } })
    )
    await expect(client(fetch).headBlob('app/api', DIGEST)).rejects.toThrow(
      'authentication failed for 127.0.0.1:5001 (no credentials)'
    )
  })
})

describe('requests', () => {
  test('plain HTTP on loopback, HTTPS elsewhere, or as forced', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 404 }))
    await client(fetch).headBlob('a', DIGEST)
    await new RegistryClient({ registry: 'ghcr.io', fetch }).headBlob('a', DIGEST)
    await new RegistryClient({ registry: 'localhost:5000', fetch, protocol: 'https' }).headBlob('a', DIGEST)
    expect(calls.map(c => c.url)).toEqual([
      `http://127.0.0.1:5001/v2/a/blobs/${DIGEST}`,
      `https://ghcr.io/v2/a/blobs/${DIGEST}`,
      `https://localhost:5000/v2/a/blobs/${DIGEST}`
    ])
  })

  test.each([
    [
      '/v2/app/api/blobs/uploads/u1?_state=abc',
      'http://127.0.0.1:5001/v2/app/api/blobs/uploads/u1?_state=abc'
    ],
    [
      'http://127.0.0.1:5001/v2/app/api/blobs/uploads/u1',
      'http://127.0.0.1:5001/v2/app/api/blobs/uploads/u1'
    ],
    ['u1', 'http://127.0.0.1:5001/v2/app/api/blobs/uploads/u1']
  ])('upload Location %s', async (location, base) => {
    const { fetch, calls } = fakeFetch(c =>
      c.method === 'POST'
        ? new Response(null, { status: 202, headers: { location } })
        : new Response(null, { status: 201, headers: { 'docker-content-digest': DIGEST } })
    )
    expect(await client(fetch).uploadBlob('app/api', DIGEST, BYTES)).toBe('uploaded')
    const put = new URL(calls[1]?.url ?? '')
    expect(put.searchParams.get('digest')).toBe(DIGEST)
    expect(`${put.origin}${put.pathname}`).toBe(base.split('?')[0])
    if (location.includes('_state')) expect(put.searchParams.get('_state')).toBe('abc')
    expect(calls[1]?.headers['content-length']).toBe(String(BYTES.length))
  })

  test('a failed PUT retries the whole upload (a new session)', async () => {
    const { fetch, calls } = fakeFetch((c, n) => {
      if (c.method === 'POST') return new Response(null, { status: 202, headers: { location: `/s${n}` } })
      return n === 2 ? new Response(null, { status: 502 }) : new Response(null, { status: 201 })
    })
    await client(fetch).uploadBlob('app/api', DIGEST, BYTES)
    expect(calls.map(c => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
      'POST /v2/app/api/blobs/uploads/',
      'PUT /s1',
      'POST /v2/app/api/blobs/uploads/',
      'PUT /s3'
    ])
  })

  test('ensureBlob: callers at once make one HEAD and one upload per repository; a failure is asked again', async () => {
    let failHead = true
    const { fetch, calls } = fakeFetch(c => {
      if (c.method === 'HEAD') {
        if (failHead && new URL(c.url).pathname.startsWith('/v2/app/web/'))
          return new Response(null, { status: 400 })
        return new Response(null, { status: 404 })
      }
      if (c.method === 'POST') return new Response(null, { status: 202, headers: { location: '/upload' } })
      return new Response(null, { status: 201 })
    })
    const registry = client(fetch)
    await Promise.all(
      Array.from({ length: 6 }, async () => await registry.ensureBlob('app/api', DIGEST, BYTES))
    )
    await registry.ensureBlob('app/api', DIGEST, BYTES)
    const api = calls.filter(
      c => new URL(c.url).pathname.startsWith('/v2/app/api/') || c.url.includes('/upload')
    )
    expect(api.map(c => c.method)).toEqual(['HEAD', 'POST', 'PUT'])
    // another repository is its own; a failed check is not remembered
    await expect(registry.ensureBlob('app/web', DIGEST, BYTES)).rejects.toThrow(/400/)
    failHead = false
    await registry.ensureBlob('app/web', DIGEST, BYTES)
    expect(calls.filter(c => c.url.includes('/v2/app/web/')).map(c => c.method)).toEqual([
      'HEAD',
      'HEAD',
      'POST'
    ])
  })

  test('cross-repository mount: 201 means the blob is there', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 201 }))
    expect(await client(fetch).uploadBlob('app/api', DIGEST, BYTES, { mountFrom: 'base/img' })).toBe(
      'mounted'
    )
    const url = new URL(calls[0]?.url ?? '')
    expect(url.searchParams.get('mount')).toBe(DIGEST)
    expect(url.searchParams.get('from')).toBe('base/img')
    expect(calls).toHaveLength(1)
  })

  test('bearer: a token for repository:<path>:pull,push, cached and sent', async () => {
    const { fetch, calls } = fakeFetch(c => {
      if (c.url.startsWith('https://auth.example.com/')) return Response.json({ token: 'T0K' })
      if (c.headers.authorization === 'Bearer T0K') return new Response(null, { status: 200 })
      return new Response(null, {
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="https://auth.example.com/token",service="reg"' }
      })
    })
    const c = client(fetch, [], { username: 'alice', password: 'pw' })
    await c.headBlob('app/api', DIGEST)
    await c.headBlob('app/api', DIGEST)
    expect(calls).toHaveLength(4)
    const token = new URL(calls[1]?.url ?? '')
    expect(token.searchParams.get('scope')).toBe('repository:app/api:pull,push')
    expect(token.searchParams.get('service')).toBe('reg')
    expect(calls[3]?.headers.authorization).toBe('Bearer T0K')
  })

  test('putManifest returns Docker-Content-Digest; getManifest checks bytes against a digest reference', async () => {
    const { fetch } = fakeFetch(c =>
      c.method === 'PUT'
        ? new Response(null, { status: 201, headers: { 'docker-content-digest': DIGEST } })
        : new Response('{"tampered":1}', { status: 200, headers: { 'content-type': 'application/json' } })
    )
    const c = client(fetch)
    expect(await c.putManifest('app/api', 'v1', BYTES, 'application/vnd.oci.image.manifest.v1+json')).toBe(
      DIGEST
    )
    await expect(c.getManifest('app/api', DIGEST)).rejects.toThrow(`manifest ${DIGEST} came back with digest`)
  })

  test('a manifest read by digest is asked once, whatever the next caller accepts, unless it does not accept its type', async () => {
    const OCI = 'application/vnd.oci.image.manifest.v1+json'
    const { fetch, calls } = fakeFetch(
      () => new Response(BYTES, { status: 200, headers: { 'content-type': OCI } })
    )
    const c = client(fetch)
    const [a, b] = await Promise.all([
      c.getManifest('app/api', DIGEST, [OCI]),
      c.getManifest('app/api', DIGEST)
    ])
    expect(a.digest).toBe(DIGEST)
    expect(b.bytes.equals(BYTES)).toBe(true)
    expect(calls).toHaveLength(1)
    // another repository's copy is its own read; a caller that does not take the stored type asks again
    await c.getManifest('app/web', DIGEST)
    expect(calls).toHaveLength(2)
    await c.getManifest('app/api', DIGEST, ['application/vnd.docker.distribution.manifest.v2+json'])
    expect(calls).toHaveLength(3)
    expect(calls[2]?.headers.accept).toBe('application/vnd.docker.distribution.manifest.v2+json')
  })
})
