// The vulnerability DB every scan of a run reads, prepared once per run: restored from the Actions cache
// (db-cache), else downloaded from its repository (db-repository), or, with offline-db, the one already in
// Trivy's cache directory; then checked (complete, dated, within db-max-age) and, after a download, saved
// to the Actions cache for the next job.
//
// The cache key names the DB's schema, the repository it came from and the DB's own build time (its
// metadata's UpdatedAt), e.g. `imagegate-trivy-db-v2-1a2b3c4d5e6f-2026-12-07T06:01:23Z`. Before the
// download that time is unknown, so the restore asks for a DB built today (`...-2026-12-07`, a prefix of
// every key of a build of that day; the newest entry wins), then for the newest entry of any day
// (`...-`). A restored DB is used without asking its repository when Trivy itself would not download
// it (its NextUpdate is ahead, or it was downloaded less than an hour ago), it is complete and within
// db-max-age. Otherwise it is removed and downloaded, and the download is saved under its build's key,
// unless that is the entry restored (an entry cannot be replaced).
//
// Only the vulnerability DB: no scan reads the Java DB (every scan passes --skip-java-db-update and
// --download-db-only fetches the vulnerability DB alone), so there is none to cache.
import * as core from '@actions/core'
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { ActionsCache } from '../cache/actions-cache.js'
import { recordTiming, tail } from '../exec.js'
import { runTrivy } from './env.js'
import { ScannerError } from './scan.js'

/** Smaller than this, a Trivy DB holds no advisories (an empty bolt file is 16 KiB). */
export const MIN_DB_BYTES = 32 * 1024

/** The DB schema every supported Trivy reads (trivy-db v2): part of the cache key. */
export const DB_SCHEMA = 2

/** Trivy downloads no DB it downloaded less than this long ago, whatever its NextUpdate says. */
const TRIVY_REDOWNLOAD_MS = 3_600_000

export interface DbOpts {
  trivy: string
  cacheDir: string
  offline: boolean
  repository?: string
  /** Days: an older DB (by its metadata's UpdatedAt) is refused. */
  maxAgeDays?: number
  /** The Actions cache to restore the DB from and save it to (input db-cache); undefined: off. */
  cache?: ActionsCache
  now?: Date
}

/**
 * What the Actions cache did for the DB. `off`: db-cache is false; `offline`: offline-db (the cache is
 * not read); `unavailable`: the runner has no cache service; `local`: the cache directory already held
 * a DB Trivy would not download again; `hit`: restored and used, nothing downloaded; `stale`: restored,
 * but Trivy would download it (or it is older than db-max-age), so it was; `unusable`: restored,
 * incomplete or unreadable, so downloaded instead; `miss`: nothing restored, downloaded.
 */
export type DbCacheStatus =
  'off' | 'offline' | 'unavailable' | 'local' | 'hit' | 'stale' | 'unusable' | 'miss'

export interface DbCacheReport {
  status: DbCacheStatus
  /** The key of the entry restored. */
  restored?: string
  /** Why the restored DB was not used. */
  problem?: string
  /** The downloaded DB's save: its key, and true once saved (it runs beside the scans). */
  save?: { key: string; done: Promise<boolean> }
  /** Why the downloaded DB is not saved. */
  notSaved?: string
}

/** A DbCacheReport once its save has ended: what the summary and the metadata output say. */
export interface DbCacheResult {
  status: DbCacheStatus
  restored?: string
  problem?: string
  /** The key saved under. */
  saved?: string
  /** Why the DB was not saved after a download. */
  notSaved?: string
}

export interface DbInfo {
  cacheDir: string
  /** When the DB was built (metadata.json UpdatedAt), if known. */
  updatedAt?: string
  downloaded: boolean
  /** What the Actions cache did (absent where no DB was prepared, e.g. a test's fake scanner). */
  cache?: DbCacheReport
}

/** metadata.json beside trivy.db: what Trivy itself reads to decide on a download. */
export interface DbMetadata {
  Version?: number
  UpdatedAt?: string
  NextUpdate?: string
  DownloadedAt?: string
}

/** Whole days since the DB was built; undefined when its date is unknown or not a date. */
export function dbAgeDays(updatedAt: string | undefined, now: Date): number | undefined {
  const t = updatedAt ? Date.parse(updatedAt) : NaN
  return Number.isNaN(t) ? undefined : Math.max(0, Math.floor((now.getTime() - t) / 86_400_000))
}

/** The db-max-age check: a DB older than the limit, or of unknown age when a limit is set, is refused. */
export function checkDbAge(updatedAt: string | undefined, maxAgeDays: number | undefined, now: Date): void {
  if (maxAgeDays === undefined) return
  const age = dbAgeDays(updatedAt, now)
  if (age === undefined)
    throw new ScannerError(
      `the Trivy DB's build date is unknown (UpdatedAt: ${updatedAt ?? 'missing'}): db-max-age is ${maxAgeDays} day${maxAgeDays === 1 ? '' : 's'}`
    )
  if (age > maxAgeDays)
    throw new ScannerError(
      `the Trivy DB was built ${updatedAt} (${age} days ago), older than db-max-age (${maxAgeDays} day${maxAgeDays === 1 ? '' : 's'}): update it or mirror a fresh one (db-repository)`
    )
}

/** The cache keys of one DB repository start with this (an empty repository: Trivy's default ones). */
export function dbCachePrefix(repository: string | undefined): string {
  const repo = crypto
    .createHash('sha256')
    .update(repository || 'default')
    .digest('hex')
    .slice(0, 12)
  return `imagegate-trivy-db-v${DB_SCHEMA}-${repo}-`
}

/** What the restore asks for: a DB built today (UTC), else the newest entry of the repository. */
export function dbRestoreKeys(prefix: string, now: Date): { key: string; restoreKeys: string[] } {
  return { key: `${prefix}${now.toISOString().slice(0, 10)}`, restoreKeys: [prefix] }
}

/** The key of a DB: its build time to the second (UTC); undefined when the metadata has none. */
export function dbSaveKey(prefix: string, meta: DbMetadata): string | undefined {
  const t = meta.UpdatedAt ? Date.parse(meta.UpdatedAt) : NaN
  if (Number.isNaN(t)) return undefined
  return `${prefix}${new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')}`
}

/**
 * Trivy's own rule (pkg/db: the DB is "the latest"): no download while NextUpdate is ahead, nor within
 * an hour of the last download.
 */
export function trivyWouldKeep(meta: DbMetadata, now: Date): boolean {
  const next = meta.NextUpdate ? Date.parse(meta.NextUpdate) : NaN
  const downloaded = meta.DownloadedAt ? Date.parse(meta.DownloadedAt) : NaN
  return now.getTime() < next || now.getTime() < downloaded + TRIVY_REDOWNLOAD_MS
}

/** The DB's metadata; undefined when there is none; throws when it is not a JSON object. */
function readMetadata(dir: string): DbMetadata | undefined {
  const file = path.join(dir, 'metadata.json')
  if (!fs.existsSync(file)) return undefined
  const value = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object')
  return value as DbMetadata
}

/**
 * Why the DB in `dir` cannot be scanned with as it is, without asking its repository: `incomplete` (a
 * file missing, truncated, unreadable, another schema), or only `stale` (Trivy would download a newer
 * one, or it is older than db-max-age); undefined when it can.
 */
export function dbProblem(
  dir: string,
  now: Date,
  maxAgeDays: number | undefined
): { kind: 'incomplete' | 'stale'; text: string } | undefined {
  const dbFile = path.join(dir, 'trivy.db')
  if (!fs.existsSync(dbFile)) return { kind: 'incomplete', text: 'has no trivy.db' }
  const size = fs.statSync(dbFile).size
  if (size < MIN_DB_BYTES)
    return { kind: 'incomplete', text: `has a trivy.db of ${size} bytes: empty or truncated` }
  let meta: DbMetadata | undefined
  try {
    meta = readMetadata(dir)
  } catch {
    return { kind: 'incomplete', text: 'has a metadata.json that is not JSON' }
  }
  if (!meta) return { kind: 'incomplete', text: 'has no metadata.json' }
  if (meta.Version !== DB_SCHEMA)
    return { kind: 'incomplete', text: `is of schema ${String(meta.Version)}, not ${DB_SCHEMA}` }
  if (maxAgeDays !== undefined) {
    const age = dbAgeDays(meta.UpdatedAt, now)
    if (age === undefined)
      return { kind: 'stale', text: 'has no build date (UpdatedAt), and db-max-age is set' }
    if (age > maxAgeDays)
      return { kind: 'stale', text: `was built ${meta.UpdatedAt} (${age} days ago), older than db-max-age` }
  }
  if (!trivyWouldKeep(meta, now))
    return { kind: 'stale', text: `is due for an update (NextUpdate ${meta.NextUpdate ?? 'missing'})` }
  return undefined
}

/** The run's timing of each DB preparation: one per run, whatever the catalog's size (the metadata counts them). */
export const DB_PREPARATION = 'prepare the DB'

/** Once per run: the vulnerability DB every scan of the catalog reads. */
export async function prepareDb(o: DbOpts): Promise<DbInfo> {
  const start = Date.now()
  try {
    return await readyDb(o)
  } finally {
    recordTiming('db', DB_PREPARATION, start)
  }
}

async function readyDb(o: DbOpts): Promise<DbInfo> {
  const dir = path.join(o.cacheDir, 'db')
  const now = o.now ?? new Date()
  const cache: DbCacheReport = o.offline ? { status: 'offline' } : await restoreDb(o, dir, now)
  const downloaded = !o.offline && cache.status !== 'hit' && cache.status !== 'local'
  if (downloaded) await downloadDb(o)
  const updatedAt = checkDb(dir, o, now)
  if (
    downloaded &&
    o.cache &&
    (cache.status === 'miss' || cache.status === 'stale' || cache.status === 'unusable')
  )
    saveDb(o.cache, dir, cache, o.repository, now)
  return { cacheDir: o.cacheDir, updatedAt, downloaded, cache }
}

/** The DB restored from the Actions cache into `dir`, and whether it can be used as it is. */
async function restoreDb(o: DbOpts, dir: string, now: Date): Promise<DbCacheReport> {
  const cache = o.cache
  if (!cache) return { status: 'off' }
  let available: boolean
  try {
    available = await cache.available()
  } catch (err) {
    core.warning(`Trivy DB: the Actions cache cannot be used: ${(err as Error).message}`)
    available = false
  }
  if (!available) return { status: 'unavailable' }
  // a DB already here that Trivy would keep (a self-hosted runner's cache) is not replaced by an older one
  if (dbProblem(dir, now, o.maxAgeDays) === undefined) return { status: 'local' }
  const { key, restoreKeys } = dbRestoreKeys(dbCachePrefix(o.repository), now)
  const restored = await cache.restore([dir], key, restoreKeys)
  if (restored === undefined) {
    core.info(
      `Trivy DB: nothing in the Actions cache for ${key} or ${restoreKeys.join(', ')}: downloading it`
    )
    return { status: 'miss' }
  }
  const problem = dbProblem(dir, now, o.maxAgeDays)
  if (problem === undefined) {
    core.info(`Trivy DB: restored from the Actions cache (${restored}); nothing downloaded`)
    return { status: 'hit', restored }
  }
  // removed, so that Trivy downloads it whatever the restored metadata says
  for (const name of ['trivy.db', 'metadata.json']) fs.rmSync(path.join(dir, name), { force: true })
  const text = `the Trivy DB restored from the Actions cache (${restored}) ${problem.text}: downloading it instead`
  if (problem.kind === 'incomplete') core.warning(text)
  else core.info(text)
  return { status: problem.kind === 'incomplete' ? 'unusable' : 'stale', restored, problem: problem.text }
}

async function downloadDb(o: DbOpts): Promise<void> {
  const args = ['image', '--download-db-only', '--cache-dir', o.cacheDir, '--quiet']
  if (o.repository) args.push('--db-repository', o.repository)
  const r = await runTrivy(o.trivy, args, { timeoutMs: 10 * 60_000, stage: 'db' })
  if (r.exitCode !== 0) {
    throw new ScannerError(
      `the Trivy DB download failed (exit ${r.exitCode})${o.repository ? ` from ${o.repository}` : ''}: ${tail(r.stderr || r.stdout, 8)}`
    )
  }
}

/** The DB is there, complete and dated within db-max-age; its UpdatedAt. */
function checkDb(dir: string, o: DbOpts, now: Date): string | undefined {
  const dbFile = path.join(dir, 'trivy.db')
  const metaFile = path.join(dir, 'metadata.json')
  if (!fs.existsSync(dbFile) || !fs.existsSync(metaFile)) {
    throw new ScannerError(
      `no Trivy DB in ${dir} (${o.offline ? 'offline-db is set: the DB must already be there' : 'the download wrote none'})`
    )
  }
  // Trivy scans with an empty or truncated DB without a word (exit 0, no findings): a DB smaller than
  // any real one (a fresh empty bolt file is 16 KiB) is refused here, never taken for a clean result.
  const size = fs.statSync(dbFile).size
  if (size < MIN_DB_BYTES) {
    throw new ScannerError(
      `the Trivy DB ${dbFile} is ${size} bytes: empty or truncated, refusing to scan with it`
    )
  }
  let updatedAt: string | undefined
  try {
    updatedAt = readMetadata(dir)?.UpdatedAt
  } catch {
    throw new ScannerError(`the Trivy DB metadata ${metaFile} is not JSON`)
  }
  checkDbAge(updatedAt, o.maxAgeDays, now)
  return updatedAt
}

/**
 * Starts saving the downloaded DB under its build's key; the save runs beside the scans (it only reads
 * the DB) and `settleDbCache` waits for it. A failed save is a warning, never the run's failure.
 */
function saveDb(
  cache: ActionsCache,
  dir: string,
  report: DbCacheReport,
  repository: string | undefined,
  now: Date
): void {
  let meta: DbMetadata | undefined
  try {
    meta = readMetadata(dir)
  } catch {
    meta = undefined // checkDb read it a moment ago
  }
  let key = meta && dbSaveKey(dbCachePrefix(repository), meta)
  if (key === undefined) {
    report.notSaved = "the DB's build time (UpdatedAt) is unknown"
    return
  }
  if (key === report.restored) {
    if (report.status !== 'unusable') {
      report.notSaved = `the entry restored holds this build already (${key})`
      return
    }
    // the restored entry of this build is broken and cannot be replaced: a newer entry supersedes it
    // (a restore takes the newest entry its key is a prefix of)
    key = `${key}-${Math.floor(now.getTime() / 1000)}`
  }
  core.info(`Trivy DB: saving it to the Actions cache as ${key} (beside the scans)`)
  const saved = key
  const done = cache
    .save([dir], key)
    .catch(() => false)
    .then(ok => {
      if (!ok)
        core.warning(
          `Trivy DB: not saved to the Actions cache as ${saved} (the log above says why; when another job saved this build first, nothing is lost): the scans are not affected`
        )
      return ok
    })
  report.save = { key, done }
}

/** The cache report once its save (if any) has ended. */
export async function settleDbCache(report: DbCacheReport | undefined): Promise<DbCacheResult | undefined> {
  if (!report) return undefined
  const { save, ...rest } = report
  if (!save) return rest
  const saved = await save.done
  return saved
    ? { ...rest, saved: save.key }
    : { ...rest, notSaved: `the save of ${save.key} failed (see the log)` }
}
