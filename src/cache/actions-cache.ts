// GitHub's Actions cache (the cache service of the runner, through @actions/cache): the seam the DB
// preparation restores from and saves to. Tests pass a fake of ActionsCache instead.
//
// @actions/cache never throws on a service failure (only a ValidationError for a bad key): a failed
// restore is logged as a warning and returns no key, a failed save is logged and returns -1. It archives
// with tar (zstd when it is on PATH, else gzip), run through @actions/exec with an argv (no shell).
import * as core from '@actions/core'
import { recordTiming } from '../exec.js'

export interface ActionsCache {
  /** Whether this runner has a cache service at all (none outside GitHub's runners). */
  available(): Promise<boolean>
  /**
   * Restores the entry of `key` (or the newest one a restore key is a prefix of) into `paths`; the key of
   * the entry restored, or undefined: none matched, or the service failed (@actions/cache warned).
   */
  restore(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined>
  /** Saves `paths` under `key`; false when it was not saved (the reason is in the log). Never throws. */
  save(paths: string[], key: string): Promise<boolean>
}

/** The timings of the cache's transfers (stage db): they sit on the path to the first scan or beside it. */
export const CACHE_RESTORE = 'restore from the Actions cache'
export const CACHE_SAVE = 'save to the Actions cache'

/** The runner's cache service, through @actions/cache (loaded on first use). */
export const actionsCache: ActionsCache = {
  async available() {
    const cache = await import('@actions/cache')
    return cache.isFeatureAvailable()
  },
  async restore(paths, key, restoreKeys) {
    const start = Date.now()
    try {
      const cache = await import('@actions/cache')
      return await cache.restoreCache(paths, key, restoreKeys)
    } catch (err) {
      core.warning(`Actions cache: restore of ${key} failed: ${(err as Error).message}`)
      return undefined
    } finally {
      recordTiming('db', CACHE_RESTORE, start)
    }
  },
  async save(paths, key) {
    const start = Date.now()
    try {
      const cache = await import('@actions/cache')
      return (await cache.saveCache(paths, key)) > 0
    } catch (err) {
      core.info(`Actions cache: save of ${key} failed: ${(err as Error).message}`)
      return false
    } finally {
      recordTiming('db', CACHE_SAVE, start)
    }
  }
}
