// Reading a base image's age from its registry (a fake registry answering real OCI documents): index ->
// the platform's manifest -> the config's `created`; what cannot be read is a fact for the rule, never a throw.
import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { apiHost, BaseAgeReader, readBase } from '../../src/pipeline/base-age.js'
import { RegistryClient } from '../../src/registry/client.js'
import type { FetchLike } from '../../src/registry/auth.js'

const digest = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`
const json = (o: unknown): Buffer => Buffer.from(JSON.stringify(o))

/** A registry holding one two-platform image whose amd64 config has `created`. */
function registry(created: string | undefined) {
  const config = json(created === undefined ? { architecture: 'amd64' } : { created, architecture: 'amd64' })
  const manifest = json({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: digest(config),
      size: config.length
    },
    layers: []
  })
  const index = json({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: digest(manifest),
        size: manifest.length,
        platform: { os: 'linux', architecture: 'amd64' }
      }
    ]
  })
  const blobs = new Map<string, [Buffer, string]>([
    [digest(index), [index, 'application/vnd.oci.image.index.v1+json']],
    ['1', [index, 'application/vnd.oci.image.index.v1+json']],
    [digest(manifest), [manifest, 'application/vnd.oci.image.manifest.v1+json']],
    [digest(config), [config, 'application/octet-stream']]
  ])
  const calls: string[] = []
  const fetch: FetchLike = async url => {
    const path = new URL(url).pathname
    calls.push(path)
    const ref = path.split('/').pop() as string
    const hit = path.startsWith('/v2/base/busybox/') ? blobs.get(ref) : undefined
    return hit
      ? new Response(new Uint8Array(hit[0]), { status: 200, headers: { 'content-type': hit[1] } })
      : new Response('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}', { status: 404 })
  }
  return { fetch, calls, index: digest(index), manifest: digest(manifest) }
}
const client = (fetch: FetchLike) =>
  new RegistryClient({ registry: '127.0.0.1:5000', fetch, attempts: 1, dockerConfig: false })

describe('base image age from the registry', () => {
  test('index -> platform manifest -> config created', async () => {
    const r = registry('2026-11-01T00:00:00Z')
    const read = await readBase(client(r.fetch), `127.0.0.1:5000/base/busybox@${r.index}`, 'linux/amd64')
    expect(read).toEqual({
      ref: `127.0.0.1:5000/base/busybox@${r.index}`,
      digest: r.index,
      manifest: r.manifest,
      created: '2026-11-01T00:00:00Z'
    })
  })

  test.each([
    ['a platform the base lacks', 'linux/arm64', '2026-11-01T00:00:00Z', /has no linux\/arm64 image/],
    ['a missing image', 'linux/amd64', '2026-11-01T00:00:00Z', /HTTP 404/]
  ])('%s: an error for the rule', async (what, platform, created, error) => {
    const r = registry(created)
    const ref = what === 'a missing image' ? '127.0.0.1:5000/base/other:1' : '127.0.0.1:5000/base/busybox:1'
    const read = await readBase(client(r.fetch), ref, platform)
    expect(read.error).toMatch(error)
  })

  test('no created, or the epoch: red as an unknown build time; one read per base and platform', async () => {
    for (const created of [undefined, '1970-01-01T00:00:00Z']) {
      const r = registry(created)
      const reader = new BaseAgeReader({}, () => client(r.fetch))
      const dockerfile = 'ARG BASE\nFROM ${BASE}\nFROM ${BASE} AS second\n'
      const { rows, checks } = await reader.forImage({
        image: 'web',
        file: 'Dockerfile',
        dockerfile,
        buildArgs: { BASE: '127.0.0.1:5000/base/busybox:1' },
        platforms: ['linux/amd64'],
        maxAgeDays: 30
      })
      expect(rows.map(row => row.at)).toEqual(['Dockerfile:2', 'Dockerfile:3'])
      expect(checks.map(c => c.passed)).toEqual([false, false])
      expect(checks[0]?.message).toMatch(/build time unknown \(created: (missing|"1970-01-01T00:00:00Z")\)/)
      // the same base on the same platform is read once
      expect(r.calls.filter(c => c.endsWith('/manifests/1'))).toHaveLength(1)
    }
  })

  test.each([
    ['docker.io', 'registry-1.docker.io'],
    ['ghcr.io', 'ghcr.io'],
    ['127.0.0.1:5000', '127.0.0.1:5000']
  ])('the API host of %s is %s', (registry, host) => {
    expect(apiHost(registry)).toBe(host)
  })
})
