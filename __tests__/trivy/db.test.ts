import { afterAll, beforeEach, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { ActionsCache } from '../../src/cache/actions-cache.js'
import {
  checkDbAge,
  dbAgeDays,
  dbCachePrefix,
  dbProblem,
  dbRestoreKeys,
  dbSaveKey,
  MIN_DB_BYTES,
  prepareDb,
  settleDbCache,
  trivyWouldKeep,
  type DbMetadata
} from '../../src/trivy/db.js'

const FIXTURE = path.join(process.cwd(), '__tests__', 'fixtures', 'trivy-db', 'db')
const NOW = new Date('2026-12-07T10:00:00Z')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-db-test-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

let n = 0
const fresh = (name: string): string => fs.mkdtempSync(path.join(tmp, `${name}-${n++}-`))

/** A DB folder: the fixture's trivy.db (or `bytes` of zeros) and this metadata. */
function writeDb(dir: string, meta: DbMetadata | string, bytes?: number): string {
  fs.mkdirSync(dir, { recursive: true })
  if (bytes === undefined) fs.copyFileSync(path.join(FIXTURE, 'trivy.db'), path.join(dir, 'trivy.db'))
  else fs.writeFileSync(path.join(dir, 'trivy.db'), Buffer.alloc(bytes))
  fs.writeFileSync(path.join(dir, 'metadata.json'), typeof meta === 'string' ? meta : JSON.stringify(meta))
  return dir
}

const FIXTURE_META: DbMetadata = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'metadata.json'), 'utf8'))
const STALE: DbMetadata = {
  Version: 2,
  UpdatedAt: '2026-12-06T00:00:00Z',
  NextUpdate: '2026-12-07T00:00:00Z',
  DownloadedAt: '2026-12-06T01:00:00Z'
}

/**
 * A stand-in Trivy whose `--download-db-only` writes the fixture DB into its --cache-dir (as the real one
 * unpacks its download), counting its calls in `<script>.calls`.
 */
function fakeTrivy(): { trivy: string; calls: () => number } {
  const trivy = path.join(fresh('trivy'), 'trivy')
  fs.writeFileSync(
    trivy,
    [
      '#!/bin/sh',
      `echo "$@" >> "${trivy}.calls"`,
      'while [ $# -gt 0 ]; do [ "$1" = --cache-dir ] && dir="$2"; shift; done',
      'mkdir -p "$dir/db"',
      `cp "${FIXTURE}/trivy.db" "${FIXTURE}/metadata.json" "$dir/db/"`,
      ''
    ].join('\n'),
    { mode: 0o755 }
  )
  return {
    trivy,
    calls: () =>
      fs.existsSync(`${trivy}.calls`)
        ? fs.readFileSync(`${trivy}.calls`, 'utf8').trim().split('\n').length
        : 0
  }
}

/** The Actions cache in memory: entries are folder copies; a lookup as GitHub's (exact, then newest prefix). */
class FakeCache implements ActionsCache {
  readonly entries = new Map<string, string>()
  readonly calls: string[] = []
  constructor(private readonly o: { available?: boolean; saves?: boolean } = {}) {}
  available(): Promise<boolean> {
    return Promise.resolve(this.o.available ?? true)
  }
  restore(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined> {
    this.calls.push(`restore ${key} | ${restoreKeys.join(' ')}`)
    const keys = [...this.entries.keys()]
    const matched = this.entries.has(key)
      ? key
      : [key, ...restoreKeys].map(prefix => keys.filter(k => k.startsWith(prefix)).pop()).find(k => k)
    if (matched) fs.cpSync(this.entries.get(matched) as string, paths[0] as string, { recursive: true })
    return Promise.resolve(matched)
  }
  save(paths: string[], key: string): Promise<boolean> {
    this.calls.push(`save ${key}`)
    if (this.o.saves === false || this.entries.has(key)) return Promise.resolve(false)
    const copy = fresh('entry')
    fs.cpSync(paths[0] as string, copy, { recursive: true })
    this.entries.set(key, copy)
    return Promise.resolve(true)
  }
  /** An entry as a previous job would have left it. */
  seed(key: string, meta: DbMetadata | string, bytes?: number): void {
    this.entries.set(key, writeDb(fresh('seed'), meta, bytes))
  }
}

const PREFIX = dbCachePrefix(undefined)
const FIXTURE_KEY = `${PREFIX}2026-11-01T00:00:00Z`

describe('db-max-age', () => {
  const now = new Date('2026-11-23T10:00:00Z')
  test('the age in whole days; unknown for a missing or unparseable date', () => {
    expect(dbAgeDays('2026-11-01T00:00:00Z', now)).toBe(22)
    expect(dbAgeDays(undefined, now)).toBeUndefined()
    expect(dbAgeDays('yesterday', now)).toBeUndefined()
  })
  test('no limit: any DB; a limit: older or undated DBs are refused with their age', () => {
    expect(() => checkDbAge('2020-01-01T00:00:00Z', undefined, now)).not.toThrow()
    expect(() => checkDbAge('2026-11-20T00:00:00Z', 7, now)).not.toThrow()
    expect(() => checkDbAge('2026-11-01T00:00:00Z', 7, now)).toThrow(
      'the Trivy DB was built 2026-11-01T00:00:00Z (22 days ago), older than db-max-age (7 days)'
    )
    expect(() => checkDbAge(undefined, 7, now)).toThrow("the Trivy DB's build date is unknown")
  })
})

describe('the cache key: schema, repository, build time', () => {
  test('one prefix per repository, Trivy’s default repositories apart from any mirror', () => {
    expect(PREFIX).toMatch(/^imagegate-trivy-db-v2-[0-9a-f]{12}-$/)
    expect(dbCachePrefix('')).toBe(PREFIX)
    expect(dbCachePrefix('127.0.0.1:5000/mirror/trivy-db')).not.toBe(PREFIX)
    expect(dbCachePrefix('127.0.0.1:5000/mirror/trivy-db')).toBe(
      dbCachePrefix('127.0.0.1:5000/mirror/trivy-db')
    )
  })
  test('the restore asks for a build of today, then the newest of any day', () => {
    expect(dbRestoreKeys(PREFIX, NOW)).toEqual({ key: `${PREFIX}2026-12-07`, restoreKeys: [PREFIX] })
  })
  test.each([
    ['2026-12-07T06:01:23.456789Z', `${PREFIX}2026-12-07T06:01:23Z`],
    ['2026-11-01T00:00:00Z', FIXTURE_KEY],
    ['2026-12-07T07:00:00+01:00', `${PREFIX}2026-12-07T06:00:00Z`],
    ['yesterday', undefined],
    [undefined, undefined]
  ])('a DB built %s is saved as %s', (updatedAt, key) => {
    expect(dbSaveKey(PREFIX, { Version: 2, ...(updatedAt ? { UpdatedAt: updatedAt } : {}) })).toBe(key)
  })
})

describe("Trivy's own rule, and what makes a DB unusable as it is", () => {
  test.each([
    [{ NextUpdate: '2026-12-08T00:00:00Z' }, true],
    [{ NextUpdate: '2026-12-07T09:00:00Z', DownloadedAt: '2026-12-07T09:30:00Z' }, true],
    [{ NextUpdate: '2026-12-07T09:00:00Z', DownloadedAt: '2026-12-07T08:30:00Z' }, false],
    [{}, false]
  ])('%j: Trivy keeps it: %s', (meta, keeps) => {
    expect(trivyWouldKeep(meta, NOW)).toBe(keeps)
  })

  test.each<[string, DbMetadata | string, number | undefined, number | undefined, string | undefined]>([
    ['the fixture', FIXTURE_META, undefined, undefined, undefined],
    [
      'a truncated trivy.db',
      FIXTURE_META,
      MIN_DB_BYTES - 1,
      undefined,
      `incomplete: has a trivy.db of ${MIN_DB_BYTES - 1} bytes: empty or truncated`
    ],
    [
      'metadata that is not JSON',
      '{"Version":',
      undefined,
      undefined,
      'incomplete: has a metadata.json that is not JSON'
    ],
    [
      'another schema',
      { ...FIXTURE_META, Version: 1 },
      undefined,
      undefined,
      'incomplete: is of schema 1, not 2'
    ],
    [
      'due for an update',
      STALE,
      undefined,
      undefined,
      'stale: is due for an update (NextUpdate 2026-12-07T00:00:00Z)'
    ],
    [
      'older than db-max-age',
      FIXTURE_META,
      undefined,
      7,
      'stale: was built 2026-11-01T00:00:00Z (36 days ago), older than db-max-age'
    ]
  ])('%s', (_, meta, bytes, maxAge, problem) => {
    const dir = writeDb(path.join(fresh('db'), 'db'), meta, bytes)
    const found = dbProblem(dir, NOW, maxAge)
    expect(found && `${found.kind}: ${found.text}`).toBe(problem)
  })

  test('no DB at all', () => {
    expect(dbProblem(path.join(fresh('none'), 'db'), NOW, undefined)).toEqual({
      kind: 'incomplete',
      text: 'has no trivy.db'
    })
  })
})

describe('prepareDb with the Actions cache', () => {
  let cacheDir: string
  beforeEach(() => {
    cacheDir = fresh('cache-dir')
  })
  const prepare = (cache: ActionsCache | undefined, trivy = '/nonexistent/trivy', extra = {}) =>
    prepareDb({ trivy, cacheDir, offline: false, now: NOW, ...(cache ? { cache } : {}), ...extra })

  test('a miss: downloaded, then saved under the build of the DB downloaded', async () => {
    const cache = new FakeCache()
    const { trivy, calls } = fakeTrivy()
    const db = await prepare(cache, trivy)
    expect(calls()).toBe(1)
    expect(db).toMatchObject({ downloaded: true, updatedAt: '2026-11-01T00:00:00Z' })
    expect(await settleDbCache(db.cache)).toEqual({ status: 'miss', saved: FIXTURE_KEY })
    expect(cache.calls).toEqual([`restore ${PREFIX}2026-12-07 | ${PREFIX}`, `save ${FIXTURE_KEY}`])
    expect(fs.readdirSync(cache.entries.get(FIXTURE_KEY) as string).sort()).toEqual([
      'metadata.json',
      'trivy.db'
    ])
  })

  test('a hit: restored and used, Trivy never started (nothing downloaded), nothing saved', async () => {
    const cache = new FakeCache()
    cache.seed(FIXTURE_KEY, FIXTURE_META)
    const db = await prepare(cache) // a Trivy that is not there: any download would fail
    expect(db).toMatchObject({ downloaded: false, updatedAt: '2026-11-01T00:00:00Z' })
    expect(await settleDbCache(db.cache)).toEqual({ status: 'hit', restored: FIXTURE_KEY })
    expect(cache.calls).toEqual([`restore ${PREFIX}2026-12-07 | ${PREFIX}`])
  })

  test('a truncated DB restored is not used: downloaded instead, and saved as a newer entry of its build', async () => {
    const cache = new FakeCache()
    cache.seed(FIXTURE_KEY, FIXTURE_META, 1000)
    const { trivy, calls } = fakeTrivy()
    const db = await prepare(cache, trivy)
    expect(calls()).toBe(1)
    expect(fs.statSync(path.join(cacheDir, 'db', 'trivy.db')).size).toBeGreaterThanOrEqual(MIN_DB_BYTES)
    const repaired = `${FIXTURE_KEY}-${Math.floor(NOW.getTime() / 1000)}`
    expect(await settleDbCache(db.cache)).toEqual({
      status: 'unusable',
      restored: FIXTURE_KEY,
      problem: 'has a trivy.db of 1000 bytes: empty or truncated',
      saved: repaired
    })
    // the next job restores the newest entry of the prefix: the repaired one
    const next = await prepareDb({
      trivy: '/nonexistent/trivy',
      cacheDir: fresh('next'),
      offline: false,
      now: NOW,
      cache
    })
    expect(await settleDbCache(next.cache)).toEqual({ status: 'hit', restored: repaired })
  })

  test('a stale DB restored: downloaded; the same build again is not saved twice', async () => {
    const cache = new FakeCache()
    const staleKey = `${PREFIX}2026-11-01T00:00:00Z`
    cache.seed(staleKey, { ...STALE, UpdatedAt: '2026-11-01T00:00:00Z' })
    const { trivy, calls } = fakeTrivy()
    const db = await prepare(cache, trivy)
    expect(calls()).toBe(1)
    expect(await settleDbCache(db.cache)).toEqual({
      status: 'stale',
      restored: staleKey,
      problem: 'is due for an update (NextUpdate 2026-12-07T00:00:00Z)',
      notSaved: `the entry restored holds this build already (${staleKey})`
    })
  })

  test('a stale DB restored, a newer build downloaded: saved under the new build', async () => {
    const cache = new FakeCache()
    cache.seed(`${PREFIX}2026-10-01T00:00:00Z`, { ...STALE, UpdatedAt: '2026-10-01T00:00:00Z' })
    const db = await prepare(cache, fakeTrivy().trivy)
    expect(await settleDbCache(db.cache)).toMatchObject({ status: 'stale', saved: FIXTURE_KEY })
  })

  test('a failed save is reported, never thrown', async () => {
    const db = await prepare(new FakeCache({ saves: false }), fakeTrivy().trivy)
    expect(await settleDbCache(db.cache)).toEqual({
      status: 'miss',
      notSaved: `the save of ${FIXTURE_KEY} failed (see the log)`
    })
  })

  test('off, no cache service, offline-db: the cache is not read, Trivy decides as before', async () => {
    const off = fakeTrivy()
    expect((await prepare(undefined, off.trivy)).cache).toEqual({ status: 'off' })
    expect(off.calls()).toBe(1)
    const none = new FakeCache({ available: false })
    const unavailable = fakeTrivy()
    expect((await prepare(none, unavailable.trivy)).cache).toEqual({ status: 'unavailable' })
    expect(unavailable.calls()).toBe(1)
    expect(none.calls).toEqual([])
    const offlineCache = new FakeCache()
    writeDb(path.join(cacheDir, 'db'), FIXTURE_META)
    const offline = await prepareDb({
      trivy: '/nonexistent/trivy',
      cacheDir,
      offline: true,
      now: NOW,
      cache: offlineCache
    })
    expect(offline).toMatchObject({ downloaded: false, cache: { status: 'offline' } })
    expect(offlineCache.calls).toEqual([])
  })

  test('a DB on the runner Trivy would keep is not replaced from the cache', async () => {
    const cache = new FakeCache()
    cache.seed(FIXTURE_KEY, FIXTURE_META, 1000)
    writeDb(path.join(cacheDir, 'db'), FIXTURE_META)
    const db = await prepare(cache)
    expect(db).toMatchObject({ downloaded: false, cache: { status: 'local' } })
    expect(cache.calls).toEqual([])
  })

  test('offline-db with no DB: refused, with the reason', async () => {
    await expect(
      prepareDb({ trivy: '/nonexistent/trivy', cacheDir, offline: true, now: NOW })
    ).rejects.toThrow('offline-db is set: the DB must already be there')
  })
})
