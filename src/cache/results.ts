// Results of work on content-addressed inputs (a platform image's manifest digest), kept on the runner so
// an unchanged re-run reuses them instead of starting Trivy again. An entry is a directory of files,
// written under a temporary name and renamed into place, so a reader sees a complete entry or none.
import * as core from '@actions/core'
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'

/** Bumped whenever what an entry holds, or how it was produced, changes. */
export const RESULTS_FORMAT = 1

/** A key from everything the result depends on (canonical JSON: object keys sorted). */
export function resultKey(parts: Record<string, unknown>): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map(k => [k, canonical((v as Record<string, unknown>)[k])])
          )
        : v
  const text = JSON.stringify(canonical({ format: RESULTS_FORMAT, ...parts }))
  return crypto.createHash('sha256').update(text).digest('hex')
}

/** What identifies a file without reading it all (a 200 MB scanner, a DB): path, size, mtime. */
export function fileIdentity(file: string): string {
  try {
    const real = fs.realpathSync(file)
    const st = fs.statSync(real)
    return `${real}:${st.size}:${st.mtimeMs}`
  } catch {
    return `${file}:missing`
  }
}

export function fileSize(file: string): number | undefined {
  try {
    return fs.statSync(file).size
  } catch {
    return undefined
  }
}

/** A short digest of a file's content (small files: an ignore list, DB metadata). */
export function fileDigest(file: string | undefined): string | undefined {
  if (file === undefined || !fs.existsSync(file)) return undefined
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}

export class ResultCache {
  constructor(readonly dir: string) {}

  private entry(key: string): string {
    if (!/^[a-f0-9]{64}$/.test(key)) throw new Error(`not a result key: ${key}`)
    return path.join(this.dir, key)
  }

  /** The entry's files by name, when every one of `names` is there; undefined otherwise. */
  get(key: string, names: readonly string[]): Map<string, string> | undefined {
    const dir = this.entry(key)
    const files = new Map(names.map(n => [n, path.join(dir, n)]))
    for (const f of files.values()) if (!fs.existsSync(f)) return undefined
    return files
  }

  /** A small JSON value stored alone in an entry (undefined when absent or unreadable). */
  getJson(key: string, name: string): unknown {
    const hit = this.get(key, [name])
    if (!hit) return undefined
    try {
      return JSON.parse(fs.readFileSync(hit.get(name) as string, 'utf8')) as unknown
    } catch {
      return undefined
    }
  }

  putJson(key: string, name: string, value: unknown): boolean {
    const tmp = path.join(this.dir, `.${key}-${process.pid}-${crypto.randomUUID()}.json`)
    try {
      fs.mkdirSync(this.dir, { recursive: true })
      fs.writeFileSync(tmp, JSON.stringify(value))
      return this.put(key, new Map([[name, tmp]]))
    } catch {
      return false
    } finally {
      fs.rmSync(tmp, { force: true })
    }
  }

  /** Stores copies of `files` (name -> path) as one entry; a failure only loses the entry. */
  put(key: string, files: ReadonlyMap<string, string>): boolean {
    const dir = this.entry(key)
    const tmp = `${dir}.tmp-${process.pid}-${crypto.randomUUID()}`
    try {
      fs.mkdirSync(tmp, { recursive: true })
      for (const [name, file] of files) {
        if (name !== path.basename(name) || name.startsWith('.')) throw new Error(`not a file name: ${name}`)
        fs.copyFileSync(file, path.join(tmp, name))
      }
      fs.rmSync(dir, { recursive: true, force: true })
      fs.renameSync(tmp, dir)
      return true
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true })
      return false
    }
  }
}

/** How one kind of work is read from, and kept in, the results cache. */
export interface CachedStep<T> {
  /** The entry's file names that must all be there for a hit. */
  names: readonly string[]
  /** The value from a hit's files (name -> path); a throw means the entry is unusable: computed again. */
  restore: (hit: ReadonlyMap<string, string>) => T
  compute: () => Promise<T>
  /** Keeps a computed value under the key (or decides not to, e.g. a failed test). */
  store: (value: T, cache: ResultCache, key: string) => void
  /** Names the work in the message about an unusable entry. */
  what: string
}

/** Cache-through: the cached value when `key` has a usable entry, else the computed one, then kept. */
export async function throughCache<T>(
  cache: ResultCache | undefined,
  key: string | undefined,
  step: CachedStep<T>
): Promise<{ value: T; reused: boolean }> {
  const hit = cache && key ? cache.get(key, step.names) : undefined
  if (hit) {
    try {
      return { value: step.restore(hit), reused: true }
    } catch (err) {
      core.info(`${step.what}: the cached results are unusable (${(err as Error).message}): running again`)
    }
  }
  const value = await step.compute()
  if (cache && key) step.store(value, cache, key)
  return { value, reused: false }
}
