// The Trivy DB across jobs, end to end: the bundled action on the real engine, registry and Trivy, with
// @actions/cache talking to a loopback cache service (scripts/cache-service/, over Azurite) and the DB
// downloaded from a mirror in the bed's registry behind a proxy that counts every request. The first job
// misses, downloads and saves; the next one restores and asks the mirror nothing. The cache service
// failing, or a broken DB restored, costs a download and a warning, never the job.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { type ChildProcessWithoutNullStreams } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { dbCachePrefix } from '../../src/trivy/db.js'
import {
  cacheEnv,
  cacheState,
  seedEntry,
  setFaults,
  startCacheBed,
  startDbMirror,
  type CacheBed,
  type DbMirror
} from './cache-bed.js'
import { plainLog, type RunResult } from './runner.js'
import { bedRun, FIXTURES, testbed, trivyCache, uniqueOrg, workspace } from './testbed.js'

const bed = testbed()
const FIXTURE_DB = path.join(FIXTURES, 'trivy-db', 'db')
/** The fixture DB's build time (its metadata's UpdatedAt): the key a download of it is saved under. */
const BUILT = '2026-11-01T00:00:00Z'

let starter: ChildProcessWithoutNullStreams | undefined
let cache: CacheBed
let env: Record<string, string>
const mirrors: DbMirror[] = []
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-db-cache-e2e-'))
const ws = workspace([{ name: 'api', trees: ['alpine-clean'], platforms: ['linux/amd64'] }])

beforeAll(async () => {
  const started = await startCacheBed()
  starter = started.child
  cache = started.bed
  env = await cacheEnv(cache)
})

afterAll(async () => {
  for (const m of mirrors) await m.close()
  starter?.stdin.end()
  fs.rmSync(tmp, { recursive: true, force: true })
  fs.rmSync(ws, { recursive: true, force: true })
})

async function mirror(): Promise<DbMirror> {
  const m = await startDbMirror(bed.REGISTRY, `${uniqueOrg('dbmirror')}/trivy-db`, FIXTURE_DB)
  mirrors.push(m)
  return m
}

interface TrivyDbOutput {
  downloaded: boolean
  cache?: { status: string; restored?: string; saved?: string; notSaved?: string; problem?: string }
}

/**
 * One job on a fresh runner: Trivy's cache directory `trivyDir` emptied first (the same path in every
 * job, as a runner's home is), the DB from `from`, the evidence not uploaded (the loopback service at
 * ACTIONS_RESULTS_URL is the cache's only).
 */
async function job(
  trivyDir: string,
  from: DbMirror,
  o: { inputs?: Record<string, string>; env?: Record<string, string> } = {}
): Promise<{ r: RunResult; trivyDb: TrivyDbOutput; digest: string | undefined }> {
  fs.rmSync(trivyDir, { recursive: true, force: true })
  const { r } = await bedRun(ws, {
    prefix: 'dbcache',
    inputs: {
      'offline-db': 'false',
      'db-repository': from.repository,
      'upload-artifacts': 'false',
      push: 'false',
      ...o.inputs
    },
    env: { ...env, TRIVY_CACHE_DIR: trivyDir, ...o.env }
  })
  if (r.exitCode !== 0) throw new Error(`the job failed (${r.exitCode}):\n${plainLog(r.log).slice(-6000)}`)
  const metadata = JSON.parse(r.outputs.metadata ?? '{}') as {
    trivyDb: TrivyDbOutput
    verdict?: { db: { digest?: string } }
  }
  return { r, trivyDb: metadata.trivyDb, digest: metadata.verdict?.db.digest }
}

const callsSince = async (n: number) => (await cacheState(cache)).calls.slice(n)

describe('the Trivy DB across jobs through the Actions cache', () => {
  test('the first job misses, downloads and saves; the next restores and downloads nothing', async () => {
    const db = await mirror()
    const trivyDir = path.join(tmp, 'across-jobs', 'trivy')
    const key = `${dbCachePrefix(db.repository)}${BUILT}`

    const first = await job(trivyDir, db)
    expect(db.requests.some(r => /^GET \/v2\/.+\/manifests\/2$/.test(r))).toBe(true)
    expect(db.requests.some(r => /^GET \/v2\/.+\/blobs\/sha256:/.test(r))).toBe(true)
    expect(first.trivyDb).toEqual({
      updatedAt: BUILT,
      downloaded: true,
      preparations: 1,
      cache: { status: 'miss', saved: key }
    })
    expect(first.r.summary).toContain(`Actions cache: **miss**; downloaded, saved as \`${key}\`.`)
    let state = await cacheState(cache)
    expect(state.entries.filter(e => e.key === key)).toEqual([
      expect.objectContaining({ state: 'finalized', restores: 0 })
    ])
    expect(state.calls.map(c => `${c.method} ${c.status}`)).toEqual([
      'GetCacheEntryDownloadURL 200',
      'CreateCacheEntry 200',
      'FinalizeCacheEntryUpload 200'
    ])

    const asked = db.requests.length
    const second = await job(trivyDir, db)
    expect(db.requests.slice(asked)).toEqual([]) // nothing asked of the mirror
    expect(second.trivyDb).toEqual({
      updatedAt: BUILT,
      downloaded: false,
      preparations: 1,
      cache: { status: 'hit', restored: key }
    })
    expect(second.r.summary).toContain(`Actions cache: **hit** (\`${key}\`); nothing downloaded.`)
    expect(second.digest).toBeDefined()
    expect(second.digest).toBe(first.digest) // the very DB the first job downloaded
    state = await cacheState(cache)
    expect(state.calls.slice(3).map(c => `${c.method} ${c.status} ${c.matched ?? ''}`)).toEqual([
      `GetCacheEntryDownloadURL 200 ${key}`
    ])

    // offline-db keeps its meaning: the DB on the runner, the cache not asked, the mirror neither
    const before = state.calls.length
    const offline = await job(trivyDir, db, {
      inputs: { 'offline-db': 'true' },
      env: { TRIVY_CACHE_DIR: trivyCache() }
    })
    expect(offline.trivyDb).toEqual({
      updatedAt: BUILT,
      downloaded: false,
      preparations: 1,
      cache: { status: 'offline' }
    })
    expect(offline.r.summary).toContain('(offline-db); the Actions cache is not read.')
    // db-cache: false: the mirror is asked, the cache is not
    const off = await job(trivyDir, db, { inputs: { 'db-cache': 'false' } })
    expect(off.trivyDb).toMatchObject({ downloaded: true, cache: { status: 'off' } })
    expect(db.requests.length).toBeGreaterThan(asked)
    expect(await callsSince(before)).toEqual([])
  })

  test('the cache service failing on restore and on save: warnings, a download, a green job', async () => {
    const db = await mirror()
    const trivyDir = path.join(tmp, 'faults', 'trivy')
    const before = (await cacheState(cache)).calls.length
    await setFaults(cache, {
      GetCacheEntryDownloadURL: { status: 500 },
      CreateCacheEntry: { status: 500 }
    })
    try {
      const { r, trivyDb } = await job(trivyDir, db)
      expect(db.requests.length).toBeGreaterThan(0)
      expect(trivyDb).toMatchObject({ downloaded: true, cache: { status: 'miss' } })
      expect(trivyDb.cache?.notSaved).toMatch(
        /^the save of imagegate-trivy-db-v2-\S+ failed \(see the log\)$/
      )
      expect(r.warnings.some(w => w.includes('Failed to restore: Failed to GetCacheEntryDownloadURL'))).toBe(
        true
      )
      expect(
        r.warnings.some(w => w.includes('Trivy DB: not saved to the Actions cache as imagegate-trivy-db-v2-'))
      ).toBe(true)
      expect(r.log).toContain('Failed to save: Unable to reserve cache with key')
      expect(r.errors).toEqual([])
      expect(r.summary).toContain('Actions cache: **miss**; downloaded, not saved: the save of')
      // @actions/cache retries a 500 (5 attempts) before giving up
      const calls = await callsSince(before)
      expect(calls.filter(c => c.method === 'GetCacheEntryDownloadURL' && c.injected)).toHaveLength(5)
      expect(calls.filter(c => c.method === 'CreateCacheEntry' && c.injected)).toHaveLength(5)
      expect(calls.filter(c => !c.injected)).toEqual([])
    } finally {
      await setFaults(cache, {})
    }
  })

  test('a truncated DB restored is not used: downloaded, said so, and a newer entry supersedes it', async () => {
    const db = await mirror()
    const trivyDir = path.join(tmp, 'corrupt', 'trivy')
    const key = `${dbCachePrefix(db.repository)}${BUILT}`
    // what a job whose DB was cut short would have saved: the fixture's metadata, 1000 bytes of trivy.db
    fs.mkdirSync(path.join(trivyDir, 'db'), { recursive: true })
    fs.copyFileSync(path.join(FIXTURE_DB, 'metadata.json'), path.join(trivyDir, 'db', 'metadata.json'))
    fs.writeFileSync(path.join(trivyDir, 'db', 'trivy.db'), Buffer.alloc(1000))
    await seedEntry(cache, env, { key, dir: path.join(trivyDir, 'db'), workspace: ws })

    const { r, trivyDb } = await job(trivyDir, db)
    expect(r.warnings.join('\n')).toContain(
      `the Trivy DB restored from the Actions cache (${key}) has a trivy.db of 1000 bytes: empty or truncated: downloading it instead`
    )
    expect(db.requests.length).toBeGreaterThan(0)
    expect(trivyDb.cache).toMatchObject({ status: 'unusable', restored: key })
    const repaired = trivyDb.cache?.saved ?? ''
    expect(repaired.startsWith(`${key}-`) && /-\d+$/.test(repaired)).toBe(true)
    expect(r.summary).toContain(`**unusable** (it has a trivy.db of 1000 bytes: empty or truncated)`)

    const asked = db.requests.length
    const next = await job(trivyDir, db)
    expect(db.requests.slice(asked)).toEqual([])
    expect(next.trivyDb.cache).toEqual({ status: 'hit', restored: repaired })
  })
})
