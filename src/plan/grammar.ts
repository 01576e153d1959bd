// The OCI distribution grammar for references, and the platform names buildx accepts.
// Pure functions: no I/O.

/** One path component of a repository name (distribution/reference). */
export const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
/** A registry host with an optional port (and no scheme). */
export const REGISTRY_HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?$/
/** A tag. */
export const TAG = /^[\w][\w.-]{0,127}$/
/** An image digest. */
export const DIGEST = /^sha256:[a-f0-9]{64}$/

/** The longest repository name (registry host excluded) a registry must accept. */
export const MAX_NAME_LENGTH = 255

const OS = new Set(['linux', 'windows', 'darwin', 'freebsd'])
const ARCH = new Set(['amd64', '386', 'arm', 'arm64', 'ppc64le', 's390x', 'riscv64', 'mips64le', 'loong64'])
const VARIANTS: Record<string, Set<string>> = {
  arm: new Set(['v5', 'v6', 'v7']),
  arm64: new Set(['v8']),
  amd64: new Set(['v1', 'v2', 'v3', 'v4'])
}

export function isPlatform(value: string): boolean {
  const [os, arch, variant, ...rest] = value.split('/')
  if (rest.length > 0 || !os || !arch) return false
  if (!OS.has(os) || !ARCH.has(arch)) return false
  if (variant === undefined) return true
  return VARIANTS[arch]?.has(variant) ?? false
}

export function isTag(value: string): boolean {
  return TAG.test(value)
}

/** `org` may hold several path components (`team/app`). */
export function isRepositoryPath(value: string): boolean {
  return value.split('/').every(part => PATH_COMPONENT.test(part))
}

/**
 * A registry: a host, optionally followed by path components (`ghcr.io/acme`).
 * A first part without a dot, a colon or being `localhost` would be read by docker as a path, not a host.
 */
export function isRegistry(value: string): boolean {
  const [host, ...path] = value.split('/')
  if (!host || !REGISTRY_HOST.test(host)) return false
  if (!host.includes('.') && !host.includes(':') && host !== 'localhost') return false
  return path.every(part => PATH_COMPONENT.test(part))
}

/** Turns any text (a branch name) into a valid tag, the way docker/metadata-action sanitises refs. */
export function sanitizeTag(value: string, maxLength = 128): string {
  let out = value.replace(/[^a-zA-Z0-9._-]+/g, '-')
  out = out.replace(/^[.-]+/, '')
  if (out.length > maxLength) out = out.slice(0, maxLength)
  return out.replace(/[.-]+$/, '')
}

/** `linux/arm64/v8` -> `linux-arm64-v8`: a platform as one path or category segment. */
export function platformSlug(platform: string): string {
  return platform.replace(/\//g, '-')
}
