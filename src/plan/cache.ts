// buildx cache entries (`--cache-from` / `--cache-to` values such as `type=gha,mode=max`). Pure.
import { parse } from 'csv-parse/sync'

/**
 * Each GitHub Actions cache entry (`type=gha`) without a `scope` gets `scope=<image>`: buildx's default
 * scope is one for the whole repository, so the images of a catalog would overwrite each other's cache.
 * A scope the user set, and every other cache type, is left as written.
 */
export function withCacheScope(entries: readonly string[], image: string): string[] {
  return entries.map(entry => {
    const fields = cacheFields(entry)
    if (!fields || fields.get('type')?.toLowerCase() !== 'gha' || fields.has('scope')) return entry
    return `${entry},scope=${image}`
  })
}

/** `type=gha,mode=max` as key -> value (keys lowercased, as buildx reads them), or undefined if unreadable. */
function cacheFields(entry: string): Map<string, string> | undefined {
  let records: string[][]
  try {
    records = parse(entry, { relaxQuotes: true, relaxColumnCount: true, skipEmptyLines: true, trim: true })
  } catch {
    return undefined // buildx will say what is wrong with it
  }
  const fields = new Map<string, string>()
  for (const field of records.flat()) {
    const eq = field.indexOf('=')
    if (eq > 0) fields.set(field.slice(0, eq).trim().toLowerCase(), field.slice(eq + 1).trim())
  }
  return fields
}
