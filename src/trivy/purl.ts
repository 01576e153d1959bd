// Package URLs (purl-spec) of the packages in a Trivy report, as Trivy writes them in its own SBOMs: its
// JSON report does not carry them (v0.44), its SPDX writer derives them from the package, the result's
// type and the image's OS. Pure.

export interface PurlPackage {
  Name: string
  Version?: string
  Release?: string
  Epoch?: number
  Arch?: string
  Modularitylabel?: string
}

export interface PurlOs {
  Family: string
  Name?: string
}

const RPM_FAMILIES = new Set([
  'redhat',
  'centos',
  'rocky',
  'alma',
  'amazon',
  'fedora',
  'oracle',
  'opensuse',
  'opensuse.leap',
  'opensuse.tumbleweed',
  'suse linux enterprise server',
  'photon',
  'cbl-mariner'
])

/** The purl type of a Trivy result type (an OS family for OS packages, an analyzer for the others). */
export function purlType(resultType: string): string {
  switch (resultType) {
    case 'jar':
    case 'pom':
    case 'gradle':
      return 'maven'
    case 'bundler':
    case 'gemspec':
      return 'gem'
    case 'python-pkg':
    case 'pip':
    case 'pipenv':
    case 'poetry':
      return 'pypi'
    case 'gobinary':
    case 'gomod':
      return 'golang'
    case 'npm':
    case 'node-pkg':
    case 'yarn':
    case 'pnpm':
      return 'npm'
    case 'cargo':
    case 'rustbinary':
      return 'cargo'
    case 'nuget':
    case 'dotnet-core':
      return 'nuget'
    case 'conda-pkg':
      return 'conda'
    case 'alpine':
    case 'wolfi':
    case 'chainguard':
      return 'apk'
    case 'debian':
    case 'ubuntu':
      return 'deb'
  }
  return RPM_FAMILIES.has(resultType) ? 'rpm' : resultType
}

/** Splits `a/b/c` into the namespace `a/b` and the name `c`. */
function splitLast(name: string): [string, string] {
  const i = name.lastIndexOf('/')
  return i === -1 ? ['', name] : [name.slice(0, i), name.slice(i + 1)]
}

/** Go's url.QueryEscape: everything but unreserved characters, space as `+`. */
function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
}

/** Go's url.PathEscape: like a path segment, which keeps `$&+:=@` (and escapes `/;,?`). */
function pathEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%(24|26|2B|3A|3D|40)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

/** A qualifier's value: as a path segment, `/` kept (the spec writes `repository_url=docker.io/library/x`). */
const qualifierEscape = (s: string) => pathEscape(s).replace(/%2F/g, '/')

/** `?k=v&...` (empty values left out), or nothing. */
const qualifierString = (qs: readonly [string, string][]) => {
  const kept = qs.filter(([, v]) => v !== '')
  return kept.length > 0 ? `?${kept.map(([k, v]) => `${k}=${qualifierEscape(v)}`).join('&')}` : ''
}

export interface Purl {
  type: string
  namespace: string
  name: string
  version: string
  /** In the order written (Trivy's: arch, epoch, then the type's own). */
  qualifiers: [string, string][]
}

export function formatPurl(p: Purl): string {
  let s = `pkg:${p.type}/`
  if (p.namespace) s += `${p.namespace.split('/').map(queryEscape).join('/')}/`
  s += queryEscape(p.name)
  if (p.version) s += `@${pathEscape(p.version)}`
  return s + qualifierString(p.qualifiers)
}

/** The purl of a package of a result of type `resultType`, in an image whose OS is `os` (if known). */
export function packagePurl(resultType: string, os: PurlOs | undefined, pkg: PurlPackage): Purl {
  const type = purlType(resultType)
  const qualifiers: [string, string][] = []
  if (os) {
    if (pkg.Arch) qualifiers.push(['arch', pkg.Arch])
    if (pkg.Epoch) qualifiers.push(['epoch', String(pkg.Epoch)])
  }
  let namespace = ''
  let name = pkg.Name
  const version = pkg.Release ? `${pkg.Version ?? ''}-${pkg.Release}` : (pkg.Version ?? '')
  switch (type) {
    case 'rpm': {
      if (os) {
        const family = os.Family === 'suse linux enterprise server' ? 'sles' : os.Family
        namespace = family
        qualifiers.push(['distro', `${family}-${os.Name ?? ''}`])
        if (pkg.Modularitylabel) qualifiers.push(['modularitylabel', pkg.Modularitylabel])
      }
      break
    }
    case 'deb':
      if (os) {
        namespace = os.Family
        qualifiers.push(['distro', `${os.Family}-${os.Name ?? ''}`])
      }
      break
    case 'apk':
      if (os) {
        namespace = os.Family
        qualifiers.push(['distro', os.Name ?? ''])
      }
      break
    case 'maven':
      ;[namespace, name] = splitLast(name.replace(/:/g, '/'))
      break
    case 'pypi':
      name = name.replace(/_/g, '-').toLowerCase()
      break
    case 'composer':
      ;[namespace, name] = splitLast(name)
      break
    case 'golang':
    case 'npm':
      ;[namespace, name] = splitLast(name.toLowerCase())
      break
  }
  return { type, namespace, name, version, qualifiers }
}

/**
 * The purl of a platform image (purl-spec `oci`): its manifest digest as the version, `repository_url`
 * the repository it is pushed to. The digest's `:` is escaped, as the spec's examples write it.
 */
export function imagePurl(repository: string, manifest: string, arch: string, variant?: string): string {
  const name = repository.slice(repository.lastIndexOf('/') + 1).toLowerCase()
  const qs: [string, string][] = [
    ['arch', arch],
    ...(variant ? ([['variant', variant]] as [string, string][]) : []),
    ['repository_url', repository]
  ]
  return `pkg:oci/${queryEscape(name)}@${encodeURIComponent(manifest)}${qualifierString(qs)}`
}
