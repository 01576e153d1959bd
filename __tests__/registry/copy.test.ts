// Copying blobs between repositories with a fake fetch: which requests each case makes (a mount within
// one registry, the bytes when the registry declines the mount or across registries, nothing when the
// target has the blob), and cosign's tags beside the digest.
import { describe, expect, test } from '@jest/globals'
import type { FetchLike } from '../../src/registry/auth.js'
import { RegistryClient } from '../../src/registry/client.js'
import { copyAttached, copyTree, cosignTag, emptyCounts } from '../../src/registry/copy.js'
import { sha256 } from '../../src/oci/layout.js'

interface Call {
  method: string
  url: string
  body?: string
}

/** A registry in memory per host: blobs and manifests by repository, answering the few routes the copy uses. */
function fakeRegistries(): {
  fetch: FetchLike
  calls: Call[]
  blobs: Map<string, Buffer>
  manifests: Map<string, { bytes: Buffer; type: string }>
  mountable: { value: boolean }
  /** Answer tags/list (as distribution does: NAME_UNKNOWN for a repository it has never seen). */
  listsTags: { value: boolean }
} {
  const calls: Call[] = []
  const blobs = new Map<string, Buffer>() // host/name@digest
  const manifests = new Map<string, { bytes: Buffer; type: string }>() // host/name@ref
  const mountable = { value: true }
  const listsTags = { value: false }
  const fetch: FetchLike = async (url, init) => {
    const u = new URL(url)
    const method = init.method ?? 'GET'
    let body: Buffer | undefined
    if (init.body instanceof ReadableStream) body = Buffer.from(await new Response(init.body).arrayBuffer())
    else if (init.body) body = Buffer.from(init.body as Uint8Array)
    calls.push({ method, url: `${u.host}${u.pathname}${u.search}` })
    const list = /^\/v2\/(.+)\/tags\/list$/.exec(u.pathname)
    if (list && listsTags.value) {
      const prefix = `${u.host}/${list[1]}@`
      const tags = [...manifests.keys()]
        .filter(k => k.startsWith(prefix) && !k.slice(prefix.length).startsWith('sha256:'))
        .map(k => k.slice(prefix.length))
      if (tags.length === 0)
        return new Response(
          '{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}',
          {
            status: 404
          }
        )
      return Response.json({ name: list[1], tags })
    }
    const m = /^\/v2\/(.+)\/(blobs|manifests|referrers)\/(.*)$/.exec(u.pathname)
    if (!m) return new Response(null, { status: 404 })
    const [, name, kind, rest] = m as unknown as [string, string, string, string]
    const key = (ref: string): string => `${u.host}/${name}@${ref}`
    if (kind === 'blobs' && rest === 'uploads/' && method === 'POST') {
      const mount = u.searchParams.get('mount')
      const from = u.searchParams.get('from')
      if (mount && from && mountable.value && blobs.has(`${u.host}/${from}@${mount}`)) {
        blobs.set(key(mount), blobs.get(`${u.host}/${from}@${mount}`) as Buffer)
        return new Response(null, { status: 201 })
      }
      return new Response(null, { status: 202, headers: { location: `/v2/${name}/blobs/uploads/session-1` } })
    }
    if (kind === 'blobs' && rest.startsWith('uploads/') && method === 'PUT') {
      const digest = u.searchParams.get('digest') as string
      if (!body || sha256(body) !== digest)
        return new Response('{"errors":[{"code":"DIGEST_INVALID"}]}', { status: 400 })
      blobs.set(key(digest), body)
      return new Response(null, { status: 201, headers: { 'docker-content-digest': digest } })
    }
    if (kind === 'blobs') {
      const blob = blobs.get(key(rest))
      if (!blob) return new Response(null, { status: 404 })
      return new Response(method === 'HEAD' ? null : blob, { status: 200 })
    }
    if (kind === 'referrers') return new Response('404 page not found', { status: 404 })
    if (method === 'PUT') {
      const bytes = body as Buffer
      const digest = sha256(bytes)
      const type = (init.headers as Record<string, string>)['content-type'] ?? ''
      manifests.set(key(rest), { bytes, type })
      manifests.set(key(digest), { bytes, type })
      return new Response(null, { status: 201, headers: { 'docker-content-digest': digest } })
    }
    const manifest = manifests.get(key(rest))
    if (!manifest) return new Response(null, { status: 404 })
    const headers = { 'content-type': manifest.type, 'docker-content-digest': sha256(manifest.bytes) }
    return new Response(method === 'HEAD' ? null : manifest.bytes, { status: 200, headers })
  }
  return { fetch, calls, blobs, manifests, mountable, listsTags }
}

const client = (registry: string, fetch: FetchLike): RegistryClient =>
  new RegistryClient({ registry, fetch, dockerConfig: false, sleep: async () => undefined })

const LAYER = Buffer.from('layer bytes')
const CONFIG = Buffer.from('{"architecture":"amd64","os":"linux"}')
const MANIFEST = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256(CONFIG),
      size: CONFIG.length
    },
    layers: [
      { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(LAYER), size: LAYER.length }
    ]
  })
)
const INDEX = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: sha256(MANIFEST),
        size: MANIFEST.length,
        platform: { os: 'linux', architecture: 'amd64' }
      }
    ]
  })
)
const SIG_LAYER = Buffer.from('{"critical":{}}')
const SIG = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256(CONFIG),
      size: CONFIG.length
    },
    layers: [
      {
        mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
        digest: sha256(SIG_LAYER),
        size: SIG_LAYER.length
      }
    ]
  })
)

function seed(reg: ReturnType<typeof fakeRegistries>, at: string): void {
  for (const blob of [LAYER, CONFIG, SIG_LAYER]) reg.blobs.set(`${at}@${sha256(blob)}`, blob)
  const oci = (bytes: Buffer, type: string) => ({ bytes, type })
  reg.manifests.set(`${at}@${sha256(MANIFEST)}`, oci(MANIFEST, 'application/vnd.oci.image.manifest.v1+json'))
  reg.manifests.set(`${at}@${sha256(INDEX)}`, oci(INDEX, 'application/vnd.oci.image.index.v1+json'))
  reg.manifests.set(`${at}@1.3.0`, oci(INDEX, 'application/vnd.oci.image.index.v1+json'))
  reg.manifests.set(`${at}@${sha256(SIG)}`, oci(SIG, 'application/vnd.oci.image.manifest.v1+json'))
  reg.manifests.set(
    `${at}@${cosignTag(sha256(INDEX), 'sig')}`,
    oci(SIG, 'application/vnd.oci.image.manifest.v1+json')
  )
}

describe('copyTree and copyAttached', () => {
  test('within one registry: every blob mounted with no HEAD first, no byte uploaded; the .sig tag comes along', async () => {
    const reg = fakeRegistries()
    seed(reg, 'reg:5000/dev/app/api')
    const registry = client('reg:5000', reg.fetch)
    const source = { client: registry, name: 'dev/app/api' }
    const target = { client: registry, name: 'stage/app/api' }
    const counts = emptyCounts()
    const digests = await copyTree(source, target, sha256(INDEX), counts)
    await copyAttached(source, target, digests, counts)
    expect(digests).toEqual([sha256(INDEX), sha256(MANIFEST)])
    // the signature's config is the image's: mounted again (a copyAttached of its own, no shared map)
    expect(counts).toMatchObject({
      mountedBlobs: 4,
      uploadedBlobs: 0,
      uploadedBytes: 0,
      presentBlobs: 0,
      manifests: 3
    })
    expect(counts.attached).toEqual([cosignTag(sha256(INDEX), 'sig')])
    expect(reg.calls.filter(c => c.method === 'PUT' && c.url.includes('/blobs/'))).toEqual([])
    expect(reg.calls.filter(c => c.method === 'HEAD' && c.url.includes('/blobs/'))).toEqual([])
    expect(reg.manifests.get(`reg:5000/stage/app/api@${cosignTag(sha256(INDEX), 'sig')}`)?.bytes).toEqual(SIG)
  })

  test('a registry that lists tags: one listing per repository, no HEAD of a cosign tag or a referrers tag that is not there', async () => {
    const reg = fakeRegistries()
    reg.listsTags.value = true
    seed(reg, 'reg:5000/dev/app/api')
    const registry = client('reg:5000', reg.fetch)
    const source = { client: registry, name: 'dev/app/api' }
    const target = { client: registry, name: 'stage/app/api' }
    const counts = emptyCounts()
    const digests = await copyTree(source, target, sha256(INDEX), counts)
    await copyAttached(source, target, digests, counts)
    expect(counts.attached).toEqual([cosignTag(sha256(INDEX), 'sig')])
    expect(reg.manifests.get(`reg:5000/stage/app/api@${cosignTag(sha256(INDEX), 'sig')}`)?.bytes).toEqual(SIG)
    const asked = reg.calls
      .filter(c => c.method !== 'POST')
      .map(c => `${c.method} ${c.url.replace(/sha256[:-]([0-9a-f]{6})[0-9a-f]+/g, '$1')}`)
    // the .sig tag the listing names is read; no .att/.sbom tag and no referrers tag (sha256-<hex>) is asked for
    expect(asked.filter(a => /\.(att|sbom)$/.test(a))).toEqual([])
    expect(
      asked.filter(a => /manifests\/[0-9a-f]{6}$/.test(a) && a.startsWith('GET reg:5000/v2/dev'))
    ).toEqual([
      expect.stringMatching(
        new RegExp(`GET reg:5000/v2/dev/app/api/manifests/${sha256(INDEX).slice(7, 13)}$`)
      ),
      expect.stringMatching(
        new RegExp(`GET reg:5000/v2/dev/app/api/manifests/${sha256(MANIFEST).slice(7, 13)}$`)
      ),
      expect.stringMatching(new RegExp(`GET reg:5000/v2/dev/app/api/manifests/${sha256(SIG).slice(7, 13)}$`))
    ])
    expect(asked.filter(a => a.includes('/tags/list'))).toEqual([
      'GET reg:5000/v2/dev/app/api/tags/list?n=1000',
      'GET reg:5000/v2/stage/app/api/tags/list?n=1000'
    ])
    // a second copy: the target lists the tag already, nothing is put
    const again = emptyCounts()
    await copyAttached(source, target, digests, again)
    expect(again.attached).toEqual([])
    expect(again.manifests).toBe(0)
  })

  test('one map of blob copies: a blob two manifests share is mounted once, then counted present', async () => {
    const reg = fakeRegistries()
    seed(reg, 'reg:5000/dev/app/api')
    const registry = client('reg:5000', reg.fetch)
    const source = { client: registry, name: 'dev/app/api' }
    const target = { client: registry, name: 'stage/app/api' }
    const counts = emptyCounts()
    const blobs = new Map()
    const digests = await copyTree(source, target, sha256(INDEX), counts, blobs)
    await copyAttached(source, target, digests, counts, blobs)
    expect(counts).toMatchObject({ mountedBlobs: 3, presentBlobs: 1, uploadedBlobs: 0 })
    expect(reg.calls.filter(c => c.url.includes(`mount=${encodeURIComponent(sha256(CONFIG))}`))).toHaveLength(
      1
    )
  })

  test('a declined mount of a blob the target has: found by HEAD then, no bytes move', async () => {
    const reg = fakeRegistries()
    reg.mountable.value = false
    seed(reg, 'reg:5000/dev/app/api')
    reg.blobs.set(`reg:5000/stage/app/api@${sha256(LAYER)}`, LAYER)
    const registry = client('reg:5000', reg.fetch)
    const counts = emptyCounts()
    await copyTree(
      { client: registry, name: 'dev/app/api' },
      { client: registry, name: 'stage/app/api' },
      sha256(INDEX),
      counts
    )
    expect(counts).toMatchObject({
      mountedBlobs: 0,
      presentBlobs: 1,
      uploadedBlobs: 1,
      uploadedBytes: CONFIG.length
    })
  })

  test('a registry that declines the mount gets the bytes, checked against the digest', async () => {
    const reg = fakeRegistries()
    reg.mountable.value = false
    seed(reg, 'reg:5000/dev/app/api')
    const registry = client('reg:5000', reg.fetch)
    const counts = emptyCounts()
    await copyTree(
      { client: registry, name: 'dev/app/api' },
      { client: registry, name: 'stage/app/api' },
      sha256(INDEX),
      counts
    )
    expect(counts).toMatchObject({
      mountedBlobs: 0,
      uploadedBlobs: 2,
      uploadedBytes: LAYER.length + CONFIG.length
    })
    expect(reg.blobs.get(`reg:5000/stage/app/api@${sha256(LAYER)}`)).toEqual(LAYER)
  })

  test('across registries: no mount is asked for, the bytes are streamed; a second copy moves nothing', async () => {
    const reg = fakeRegistries()
    seed(reg, 'reg:5000/dev/app/api')
    const source = { client: client('reg:5000', reg.fetch), name: 'dev/app/api' }
    const target = { client: client('prod:5001', reg.fetch), name: 'app/api' }
    const counts = emptyCounts()
    await copyTree(source, target, sha256(INDEX), counts)
    expect(reg.calls.some(c => c.url.includes('mount='))).toBe(false)
    expect(counts).toMatchObject({ uploadedBlobs: 2, manifests: 2 })
    expect(reg.manifests.get(`prod:5001/app/api@${sha256(INDEX)}`)?.bytes).toEqual(INDEX)
    const again = emptyCounts()
    const before = reg.calls.length
    expect(await copyTree(source, target, sha256(INDEX), again)).toEqual([sha256(INDEX), sha256(MANIFEST)])
    expect(again).toMatchObject({ uploadedBlobs: 0, mountedBlobs: 0, presentBlobs: 0, manifests: 0 })
    // the target has the index, so it has everything below it: no blob is even asked about
    expect(reg.calls.slice(before).filter(c => c.url.includes('/blobs/'))).toEqual([])
  })
})
