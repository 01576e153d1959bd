// For the end-to-end tests of the Trivy DB across jobs: Azurite + the loopback cache service
// (scripts/cache-service/start.mjs), and a DB mirror that counts what Trivy asks of it (the fixture DB
// pushed to the bed's registry as the OCI artifact Trivy downloads, behind a counting HTTP proxy).
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as os from 'node:os'
import * as path from 'node:path'
import { ROOT } from './runner.js'

export const CACHE_SCRIPTS = path.join(ROOT, 'scripts', 'cache-service')

export interface CacheBed {
  azurite: { pid: number; port: number; url: string }
  service: { pid: number; port: number; url: string }
  dir: string
}

export interface CacheState {
  entries: { id: number; key: string; version: string; state: string; size: number; restores: number }[]
  calls: {
    method: string
    status: number
    key?: string
    matched?: string
    error?: string
    injected?: boolean
  }[]
}

/** Starts start.mjs and reads its first line; it stops Azurite and the service when its stdin closes. */
export function startCacheBed(): Promise<{ bed: CacheBed; child: ChildProcessWithoutNullStreams }> {
  const child = spawn(process.execPath, [path.join(CACHE_SCRIPTS, 'start.mjs'), '--stop-on-stdin-close'], {
    stdio: ['pipe', 'pipe', 'pipe']
  })
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const onData = (d: Buffer): void => {
      out += d.toString()
      const nl = out.indexOf('\n')
      if (nl < 0) return
      child.stdout.off('data', onData)
      child.stdout.resume()
      try {
        resolve({ bed: JSON.parse(out.slice(0, nl)) as CacheBed, child })
      } catch (e) {
        reject(new Error(`start.mjs printed ${out.slice(0, nl)}: ${(e as Error).message}`))
      }
    }
    child.stdout.on('data', onData)
    child.on('exit', code => reject(new Error(`start.mjs exited with ${code} before it was ready:\n${err}`)))
  })
}

export async function cacheState(bed: CacheBed): Promise<CacheState> {
  const res = await fetch(`${bed.service.url}/_state`)
  return (await res.json()) as CacheState
}

/** The next calls of each method answer `status` (`times` absent: every call); {} clears them. */
export async function setFaults(
  bed: CacheBed,
  faults: Record<string, { status: number; times?: number }>
): Promise<void> {
  const res = await fetch(`${bed.service.url}/_faults`, { method: 'POST', body: JSON.stringify(faults) })
  if (!res.ok) throw new Error(`POST /_faults: HTTP ${res.status}`)
}

/** A job's environment for the loopback cache service (scripts/cache-service/env.mjs). */
export async function cacheEnv(bed: CacheBed, job = 'images'): Promise<Record<string, string>> {
  const { cacheServiceEnv } = (await import(path.join(CACHE_SCRIPTS, 'env.mjs'))) as {
    cacheServiceEnv: (o: { resultsUrl: string; job?: string }) => Record<string, string>
  }
  return cacheServiceEnv({ resultsUrl: bed.service.url, job })
}

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`

/** Pushes a DB folder (trivy.db, metadata.json) as Trivy's DB artifact, tag 2 (the schema Trivy asks for). */
async function pushDb(registry: string, name: string, dbDir: string): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-db-mirror-'))
  try {
    const tgz = path.join(tmp, 'db.tar.gz')
    const tar = spawnSync('tar', ['-czf', tgz, '-C', dbDir, 'trivy.db', 'metadata.json'], {
      encoding: 'utf8'
    })
    if (tar.status !== 0) throw new Error(`tar: ${tar.stderr}`)
    const layer = fs.readFileSync(tgz)
    const config = Buffer.from('{}')
    for (const blob of [layer, config]) {
      const start = await fetch(`http://${registry}/v2/${name}/blobs/uploads/`, { method: 'POST' })
      if (start.status !== 202) throw new Error(`start of a blob upload to ${name}: HTTP ${start.status}`)
      const location = new URL(start.headers.get('location') ?? '', `http://${registry}`)
      location.searchParams.set('digest', sha256(blob))
      const put = await fetch(location, {
        method: 'PUT',
        body: blob,
        headers: { 'content-type': 'application/octet-stream' }
      })
      if (put.status !== 201) throw new Error(`blob upload to ${name}: HTTP ${put.status}`)
    }
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.aquasec.trivy.config.v1+json',
        digest: sha256(config),
        size: config.length
      },
      layers: [
        {
          mediaType: 'application/vnd.aquasec.trivy.db.layer.v1.tar+gzip',
          digest: sha256(layer),
          size: layer.length,
          annotations: { 'org.opencontainers.image.title': 'db.tar.gz' }
        }
      ]
    })
    const res = await fetch(`http://${registry}/v2/${name}/manifests/2`, {
      method: 'PUT',
      body: manifest,
      headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }
    })
    if (res.status !== 201) throw new Error(`manifest of ${name}: HTTP ${res.status}`)
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

export interface DbMirror {
  /** The db-repository input: the proxy's address and the repository. */
  repository: string
  /** Every request that reached the mirror, `METHOD path`. */
  requests: string[]
  close(): Promise<void>
}

/**
 * The DB in `dbDir` pushed to the bed's registry as `name`, served through a proxy on 127.0.0.1 that
 * records every request (Trivy speaks plain HTTP to a loopback registry).
 */
export async function startDbMirror(registry: string, name: string, dbDir: string): Promise<DbMirror> {
  await pushDb(registry, name, dbDir)
  const [host, port] = registry.split(':')
  const requests: string[] = []
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`)
    const upstream = http.request(
      {
        host,
        port: Number(port),
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: registry }
      },
      up => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      }
    )
    upstream.on('error', err => {
      res.writeHead(502)
      res.end(String(err))
    })
    req.pipe(upstream)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const proxyPort = typeof address === 'object' && address ? address.port : 0
  return {
    repository: `127.0.0.1:${proxyPort}/${name}`,
    requests,
    close: () =>
      new Promise(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

/**
 * An entry saved the way @actions/cache 6 saves one, through the service's own protocol: `dir` archived
 * with tar --posix -P relative to the job's `workspace`, through zstdmt (what it does when zstd is on
 * PATH), under the version sha256(`dir|zstd-without-long|1.0`); CreateCacheEntry, the blob uploaded
 * to the signed URL, FinalizeCacheEntryUpload.
 */
export async function seedEntry(
  bed: CacheBed,
  env: Record<string, string>,
  o: { key: string; dir: string; workspace: string }
): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-cache-seed-'))
  try {
    const archive = path.join(tmp, 'cache.tzst')
    fs.writeFileSync(path.join(tmp, 'manifest.txt'), path.relative(o.workspace, o.dir))
    const tar = spawnSync(
      'tar',
      [
        '--posix',
        '-cf',
        archive,
        '-P',
        '-C',
        o.workspace,
        '--files-from',
        path.join(tmp, 'manifest.txt'),
        '--use-compress-program',
        'zstdmt'
      ],
      { encoding: 'utf8' }
    )
    if (tar.status !== 0) throw new Error(`tar: ${tar.stderr}`)
    const version = createHash('sha256').update([o.dir, 'zstd-without-long', '1.0'].join('|')).digest('hex')
    const twirp = async (method: string, body: Record<string, string>): Promise<Record<string, string>> => {
      const res = await fetch(
        `${bed.service.url}/twirp/github.actions.results.api.v1.CacheService/${method}`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${env.ACTIONS_RUNTIME_TOKEN}`
          },
          body: JSON.stringify(body)
        }
      )
      const out = (await res.json()) as Record<string, string>
      if (!res.ok) throw new Error(`${method}: HTTP ${res.status} ${JSON.stringify(out)}`)
      return out
    }
    const created = await twirp('CreateCacheEntry', { key: o.key, version })
    const bytes = fs.readFileSync(archive)
    const put = await fetch(created.signed_upload_url ?? '', {
      method: 'PUT',
      body: bytes,
      headers: { 'x-ms-blob-type': 'BlockBlob', 'x-ms-version': '2023-11-03' }
    })
    if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${await put.text()}`)
    await twirp('FinalizeCacheEntryUpload', { key: o.key, version, size_bytes: String(bytes.length) })
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}
