// Image references: `host[:port]/path[:tag][@sha256:...]`. Pure: no I/O.
import { DIGEST, PATH_COMPONENT, REGISTRY_HOST, TAG } from '../plan/grammar.js'

export interface ImageReference {
  /** `127.0.0.1:5000`, `ghcr.io`, `docker.io`. */
  registry: string
  /** The repository path inside the registry: `app/backend`. */
  repository: string
  tag?: string
  digest?: string
}

/** docker's rule: the first component is a host when it has a dot or a colon, or is `localhost`. */
function isHost(part: string): boolean {
  return part.includes('.') || part.includes(':') || part === 'localhost'
}

export function parseReference(ref: string): ImageReference {
  const bad = (why: string): Error => new Error(`invalid image reference "${ref}": ${why}`)
  let rest = ref.trim()
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!DIGEST.test(digest)) throw bad(`"${digest}" is not a sha256 digest`)
  }
  let tag: string | undefined
  const slash = rest.lastIndexOf('/')
  const colon = rest.lastIndexOf(':')
  if (colon > slash) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG.test(tag)) throw bad(`"${tag}" is not a valid tag`)
  }
  const parts = rest.split('/')
  let registry = 'docker.io'
  if (parts.length > 1 && isHost(parts[0] ?? '')) {
    registry = parts.shift() ?? ''
    if (!REGISTRY_HOST.test(registry)) throw bad(`"${registry}" is not a valid registry host`)
  } else if (parts.length === 1) {
    parts.unshift('library')
  }
  for (const part of parts) {
    if (!PATH_COMPONENT.test(part)) throw bad(`"${part}" is not a valid lower-case path component`)
  }
  const out: ImageReference = { registry, repository: parts.join('/') }
  if (tag !== undefined) out.tag = tag
  if (digest !== undefined) out.digest = digest
  return out
}

export function formatReference(ref: ImageReference): string {
  let out = `${ref.registry}/${ref.repository}`
  if (ref.tag) out += `:${ref.tag}`
  if (ref.digest) out += `@${ref.digest}`
  return out
}

/** The registry speaks plain HTTP on loopback, as dockerd assumes (127.0.0.0/8, localhost, ::1). */
export function isLoopback(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '')
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host)
}
