// The registry client against the real test bed registries (scripts/testbed/up.sh): an open one
// (REGISTRY) and one with htpasswd basic auth (AUTH_REGISTRY, AUTH_USER, AUTH_PASSWORD).
// Layouts are built from bytes here, shaped as buildx writes them, so no docker is needed.
import { beforeAll, describe, expect, test } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { FetchLike } from '../../src/registry/auth.js'
import { RegistryClient, RegistryError } from '../../src/registry/client.js'
import { blobPath, sha256 } from '../../src/oci/layout.js'
import { attachArtifacts, listArtifacts, referrersTag } from '../../src/registry/referrers.js'
import { httpFetch } from '../../src/registry/transport.js'
import { writeFixture, type Fixture } from '../oci/oci-fixture.js'
import { ROOT } from './runner.js'

const ENV_FILE = path.join(ROOT, '.testbed', 'env')
const bed: Record<string, string> = {}

function need(key: string): string {
  const v = bed[key]
  if (!v) throw new Error(`${ENV_FILE} has no ${key}: run scripts/testbed/up.sh`)
  return v
}

beforeAll(() => {
  if (!fs.existsSync(ENV_FILE)) throw new Error(`${ENV_FILE} is missing: run scripts/testbed/up.sh`)
  for (const line of fs.readFileSync(ENV_FILE, 'utf8').split('\n')) {
    const m = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line)
    if (m?.[1]) bed[m[1]] = (m[2] ?? '').trim().replace(/^(['"])(.*)\1$/, '$2')
  }
})

const nonce = (): string => `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`
const fixture = (o: Parameters<typeof writeFixture>[1] = {}): Fixture =>
  writeFixture(fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-oci-')), { nonce: nonce(), ...o })
const INDEX = 'application/vnd.oci.image.index.v1+json'
const ACCEPT = [
  INDEX,
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

/** What the registry itself says about a tag, asked without the client. */
async function registryDigest(
  registry: string,
  name: string,
  ref: string,
  auth?: string
): Promise<string | null> {
  const headers: Record<string, string> = { accept: ACCEPT }
  if (auth) headers.authorization = auth
  const res = await fetch(`http://${registry}/v2/${name}/manifests/${ref}`, { method: 'HEAD', headers })
  if (res.status !== 200) return null
  return res.headers.get('docker-content-digest')
}

/** The client's own HTTP (httpFetch), counting calls and optionally failing some of them. */
function countingFetch(fail?: (url: string, init: RequestInit) => Response | undefined): {
  fetch: FetchLike
  calls: string[]
} {
  const calls: string[] = []
  const wrapped: FetchLike = async (url, init) => {
    calls.push(`${init.method ?? 'GET'} ${new URL(url).pathname}`)
    return fail?.(url, init) ?? (await httpFetch(url, init))
  }
  return { fetch: wrapped, calls }
}

describe('pushing an OCI layout to the open registry', () => {
  const repo = `imagegate-test/push-${nonce()}`
  let fx: Fixture

  test('first push: every blob uploaded, every tag resolves to the layout index digest', async () => {
    fx = fixture()
    const registry = need('REGISTRY')
    const client = new RegistryClient({ registry, dockerConfig: false })
    const r = await client.pushLayout(fx.dir, `${registry}/${repo}`, ['1.0.0', 'latest'])
    expect(r.digest).toBe(fx.root.digest)
    expect(r.mediaType).toBe(INDEX)
    expect(r.refs).toEqual([
      `${registry}/${repo}:1.0.0`,
      `${registry}/${repo}:latest`,
      `${registry}/${repo}@${fx.root.digest}`
    ])
    expect(r.uploadedBlobs).toBe(fx.blobs.length)
    expect(r.uploadedBytes).toBe(fx.blobs.reduce((n, b) => n + b.size, 0))
    expect(r.skippedBlobs).toBe(0)
    for (const tag of ['1.0.0', 'latest']) {
      expect(await registryDigest(registry, repo, tag)).toBe(fx.root.digest)
      const got = await client.getManifest(repo, tag)
      expect(got.digest).toBe(fx.root.digest)
      expect(got.mediaType).toBe(INDEX)
      expect(got.bytes.equals(fs.readFileSync(blobPath(fx.dir, fx.root.digest)))).toBe(true)
    }
    // Every platform manifest and the attestation manifest are in the registry, byte for byte.
    for (const m of fx.manifests) {
      expect(await registryDigest(registry, repo, m.digest)).toBe(m.digest)
    }
    for (const b of fx.blobs) {
      const res = await fetch(`http://${registry}/v2/${repo}/blobs/${b.digest}`)
      expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(blobPath(fx.dir, b.digest)))).toBe(
        true
      )
    }
  })

  test('second push: nothing uploaded, every blob skipped after HEAD', async () => {
    const registry = need('REGISTRY')
    const client = new RegistryClient({ registry, dockerConfig: false })
    const r = await client.pushLayout(fx.dir, `${registry}/${repo}`, ['1.0.0', 'sha-abc1234'])
    expect(r.digest).toBe(fx.root.digest)
    expect(r.uploadedBlobs).toBe(0)
    expect(r.uploadedBytes).toBe(0)
    expect(r.skippedBlobs).toBe(fx.blobs.length)
    expect(await registryDigest(registry, repo, 'sha-abc1234')).toBe(fx.root.digest)
  })

  test('cross-repository mount: the blobs come from the first repository', async () => {
    const registry = need('REGISTRY')
    const client = new RegistryClient({ registry, dockerConfig: false })
    const other = `${repo}-copy`
    const r = await client.pushLayout(fx.dir, `${registry}/${other}`, ['v1'], { mountFrom: repo })
    expect(r.mountedBlobs).toBe(fx.blobs.length)
    expect(r.uploadedBlobs).toBe(0)
    expect(await registryDigest(registry, other, 'v1')).toBe(fx.root.digest)
  })

  test('deleteManifest removes the index', async () => {
    const registry = need('REGISTRY')
    const client = new RegistryClient({ registry, dockerConfig: false })
    await client.deleteManifest(repo, fx.root.digest)
    expect(await client.headManifest(repo, fx.root.digest)).toBeUndefined()
    await expect(client.getManifest(repo, '1.0.0')).rejects.toMatchObject({ status: 404 })
  })

  test('a single-platform layout (index.json -> manifest) is pushed as that manifest', async () => {
    const registry = need('REGISTRY')
    const single = fixture({ platforms: ['linux/arm64'], single: true })
    const client = new RegistryClient({ registry, dockerConfig: false })
    const r = await client.pushLayout(single.dir, `${registry}/${repo}-single`, ['arm'])
    expect(r.digest).toBe(single.root.digest)
    expect(r.mediaType).toBe('application/vnd.oci.image.manifest.v1+json')
    expect(r.uploadedBlobs).toBe(2)
    expect(await registryDigest(registry, `${repo}-single`, 'arm')).toBe(single.root.digest)
  })

  test('a transient 500 on a blob upload is retried (a new upload session), and the push completes', async () => {
    const registry = need('REGISTRY')
    let failed = 0
    const { fetch, calls } = countingFetch((_url, init) => {
      if (init.method === 'PUT' && failed === 0) {
        failed++
        return new Response('{"errors":[{"code":"UNKNOWN","message":"injected"}]}', { status: 500 })
      }
      return undefined
    })
    const delays: number[] = []
    const client = new RegistryClient({
      registry,
      fetch,
      dockerConfig: false,
      concurrency: 1,
      sleep: async ms => {
        delays.push(ms)
      }
    })
    const f = fixture()
    const r = await client.pushLayout(f.dir, `${registry}/${repo}-retry`, ['t'])
    expect(failed).toBe(1)
    expect(delays).toEqual([500])
    expect(r.uploadedBlobs).toBe(f.blobs.length)
    expect(calls.filter(c => c.startsWith('POST'))).toHaveLength(f.blobs.length + 1)
    expect(await registryDigest(registry, `${repo}-retry`, 't')).toBe(f.root.digest)
  })
})

describe('the registry with basic auth', () => {
  const repo = `imagegate-test/auth-${nonce()}`

  test('the right credentials push; the tag holds the index digest', async () => {
    const registry = need('AUTH_REGISTRY')
    const [username, password] = [need('AUTH_USER'), need('AUTH_PASSWORD')]
    const fx = fixture()
    const client = new RegistryClient({ registry, username, password, dockerConfig: false })
    const r = await client.pushLayout(fx.dir, `${registry}/${repo}`, ['v1'])
    expect(r.digest).toBe(fx.root.digest)
    expect(r.uploadedBlobs).toBe(fx.blobs.length)
    const basic = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
    expect(await registryDigest(registry, repo, 'v1', basic)).toBe(fx.root.digest)
    expect(await registryDigest(registry, repo, 'v1')).toBeNull()
  })

  test('credentials from a docker config (DOCKER_CONFIG)', async () => {
    const registry = need('AUTH_REGISTRY')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-dockercfg-'))
    const auth = Buffer.from(`${need('AUTH_USER')}:${need('AUTH_PASSWORD')}`).toString('base64')
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: { [registry]: { auth } } }))
    const client = new RegistryClient({ registry, env: { DOCKER_CONFIG: dir } })
    const fx = fixture()
    const r = await client.pushLayout(fx.dir, `${registry}/${repo}`, ['from-config'])
    expect(r.digest).toBe(fx.root.digest)
  })

  test('a wrong password: a clear 401 error, not retried, without the password', async () => {
    const registry = need('AUTH_REGISTRY')
    const user = need('AUTH_USER')
    const wrong = `not-${need('AUTH_PASSWORD')}-${nonce()}`
    const { fetch, calls } = countingFetch()
    const client = new RegistryClient({
      registry,
      username: user,
      password: wrong,
      fetch,
      dockerConfig: false
    })
    const err = await client.pushLayout(fixture().dir, `${registry}/${repo}`, ['v2']).then(
      () => undefined,
      (e: unknown) => e
    )
    if (!(err instanceof RegistryError)) throw new Error(`expected a RegistryError, got ${String(err)}`)
    expect(err.status).toBe(401)
    expect(err.message).toContain(`authentication failed for ${registry} (user ${user})`)
    expect(err.message).toContain(`${registry}/${repo}`)
    expect(err.message).not.toContain(wrong)
    expect(err.message).not.toContain(Buffer.from(`${user}:${wrong}`).toString('base64'))
    // Per blob: the anonymous try and the one with credentials; no retries. With 4 blobs checked at
    // once, the first refusal stops the push.
    expect(calls.length).toBeLessThanOrEqual(8)
    expect(calls.every(c => c.startsWith('HEAD'))).toBe(true)
  })

  test('no credentials at all', async () => {
    const registry = need('AUTH_REGISTRY')
    const client = new RegistryClient({ registry, env: { DOCKER_CONFIG: '/nonexistent' } })
    await expect(client.pushLayout(fixture().dir, `${registry}/${repo}`, ['v3'])).rejects.toThrow(
      `authentication failed for ${registry} (no credentials)`
    )
  })
})

describe('two jobs attach to one digest at once (distribution 2.8: no referrers API, the referrers tag)', () => {
  test('every artifact of both jobs stays listed, whatever the interleaving of their tag updates', async () => {
    const registry = need('REGISTRY')
    const name = `imagegate-test/referrers-${nonce()}`
    const fx = fixture()
    await new RegistryClient({ registry, dockerConfig: false }).pushLayout(fx.dir, `${registry}/${name}`, [
      'v1'
    ])
    const subject = { mediaType: INDEX, digest: fx.root.digest, size: fx.root.size }
    // two runs: a client each (their own queues, as two jobs have), three rounds of attaches at once
    const jobs = ['a', 'b'].map(job => ({
      job,
      repo: { client: new RegistryClient({ registry, dockerConfig: false }), name }
    }))
    const attached: string[] = []
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(
        jobs.map(({ job, repo }) =>
          attachArtifacts(repo, subject, [
            {
              artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
              blob: Buffer.from(JSON.stringify({ job, round, n: nonce() })),
              blobMediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json'
            }
          ])
        )
      )
      attached.push(...results.flat().map(d => d.digest))
    }
    expect(new Set(attached).size).toBe(6)
    const reader = { client: new RegistryClient({ registry, dockerConfig: false }), name }
    const listed = (await listArtifacts(reader, subject.digest)).map(d => d.digest)
    expect([...listed].sort()).toEqual([...attached].sort())
    // the list is the referrers tag itself, an OCI index, as the registry holds it
    const res = await fetch(`http://${registry}/v2/${name}/manifests/${referrersTag(subject.digest)}`, {
      headers: { accept: INDEX }
    })
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(res.headers.get('docker-content-digest')).toBe(sha256(bytes))
    const index = JSON.parse(bytes.toString('utf8')) as { mediaType: string; manifests: { digest: string }[] }
    expect(index.mediaType).toBe(INDEX)
    expect(index.manifests.map(m => m.digest).sort()).toEqual([...attached].sort())
  })
})
