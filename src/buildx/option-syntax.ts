// The syntax of build-push-action's build options (annotation keys, ssh entries, named contexts): pure,
// without imports, so that the catalog's schema and the inputs read them without a cycle.

/** The annotation types buildx takes before `:` (manifest when none is given). */
export const ANNOTATION_TYPES = ['manifest', 'index', 'manifest-descriptor', 'index-descriptor'] as const

/**
 * Why an annotation key (what comes before `=`, with its optional type) is refused, said after the key,
 * or undefined. `index:org.opencontainers.image.description`, `manifest[linux/amd64]:com.example.x`, a bare key.
 */
export function annotationKeyProblem(key: string): string | undefined {
  const m = /^(?:([a-z-]+)(?:\[([^\]]+)\])?:)?([^:=\s][^=\s]*)$/.exec(key)
  if (!m)
    return 'is not an annotation key ([type[platform]:]key, e.g. index:org.opencontainers.image.description)'
  const [, type, platform] = m
  if (type && !(ANNOTATION_TYPES as readonly string[]).includes(type))
    return `has the type ${JSON.stringify(type)}, not one of ${ANNOTATION_TYPES.join(', ')}`
  if (platform !== undefined && !/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(platform))
    return `names ${JSON.stringify(platform)}, not a platform (os/arch[/variant])`
  return undefined
}

/** A named context's name: what `FROM` and `COPY --from` may say (a lowercase image-like name). */
export const CONTEXT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_./-]*$/

/** What a build context value is: only a local path is a folder that must exist. */
export function contextKind(value: string): 'image' | 'layout' | 'url' | 'target' | 'path' {
  if (value.startsWith('docker-image://')) return 'image'
  if (value.startsWith('oci-layout://')) return 'layout'
  if (value.startsWith('target:')) return 'target'
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^git@/.test(value)) return 'url'
  return 'path'
}

/** `name=value` entries (the build-contexts and annotations inputs) as a mapping; malformed ones named. */
export function keyedEntries(entries: readonly string[]): { map: Record<string, string>; bad: string[] } {
  const map: Record<string, string> = {}
  const bad: string[] = []
  for (const entry of entries) {
    const eq = entry.indexOf('=')
    if (eq <= 0) bad.push(entry)
    else map[entry.slice(0, eq).trim()] = entry.slice(eq + 1)
  }
  return { map, bad }
}

/** The id of an ssh entry (`default`, or what comes before `=`): entries merge by it. */
export function sshId(entry: string): string {
  const eq = entry.indexOf('=')
  return eq < 0 ? entry : entry.slice(0, eq)
}

/** Why an ssh entry's syntax is refused, or undefined. */
export function sshSyntaxProblem(entry: string): string | undefined {
  const id = sshId(entry)
  if (!/^[A-Za-z0-9_.-]+$/.test(id))
    return `${JSON.stringify(entry)} is not default or <id>[=<socket>|<key>[,<key>]]`
  if (
    entry.includes('=') &&
    entry
      .slice(id.length + 1)
      .split(',')
      .some(p => p.trim() === '')
  )
    return `${JSON.stringify(entry)} names an empty socket or key path`
  return undefined
}

/** The cache backends buildx knows (`--cache-from` / `--cache-to` type=). */
const CACHE_TYPES = ['registry', 'local', 'inline', 'gha', 's3', 'azblob']

/**
 * Why a cache entry (`type=gha,mode=max`, or a bare registry reference) is refused, said after the entry,
 * or undefined: `key=value` pairs without type= (what a YAML flow list makes of `[type=gha,mode=max]`), or
 * a type buildx has no backend for.
 */
export function cacheEntryProblem(entry: string): string | undefined {
  if (!entry.includes('=')) return undefined // a registry reference: buildx reads it as type=registry,ref=
  const type = /(?:^|,)\s*type\s*=\s*([^,]*)/.exec(entry)?.[1]?.trim()
  if (type === undefined)
    return 'has no type= (a YAML flow list splits at commas: quote the entry, ["type=gha,mode=max"])'
  if (!CACHE_TYPES.includes(type)) return `has type=${type}, not a cache backend (${CACHE_TYPES.join(', ')})`
  return undefined
}

/**
 * Why a `provenance` value (buildx --provenance) is refused, or undefined: true/false, or key=value
 * attributes (mode=min|max, builder-id=..., version=...).
 */
export function provenanceProblem(value: string): string | undefined {
  const v = value.trim()
  if (v === '' || /^(true|false|1|0)$/i.test(v)) return undefined
  for (const part of v.split(',')) {
    const m = /^\s*([a-z][a-z0-9-]*)\s*=\s*(.*?)\s*$/i.exec(part)
    if (!m) return `"${v}" is neither true/false nor key=value attributes (e.g. mode=max)`
    const [, key, val] = m
    if (key === 'mode' && val !== 'min' && val !== 'max') return `mode=${val ?? ''} is not min or max`
    if (key === 'disabled' && !/^(true|false)$/i.test(val ?? ''))
      return `disabled=${val ?? ''} is not true or false`
  }
  return undefined
}
