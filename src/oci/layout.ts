// Reading an OCI image layout directory (`oci-layout`, `index.json`, `blobs/sha256/*`), as
// `buildx build -o type=oci,dest=DIR,tar=false` writes it, and writing the index of a one-image layout.
// Every manifest and config read is checked against its digest; layers are checked for size here and
// hashed by `verifyBlob` before an upload.
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { DIGEST } from '../plan/grammar.js'
import { parseJson as parseJsonText } from '../json.js'

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json'
} as const

export const INDEX_TYPES: readonly string[] = [MEDIA.ociIndex, MEDIA.dockerList]
export const MANIFEST_TYPES: readonly string[] = [MEDIA.ociManifest, MEDIA.dockerManifest]

export interface Platform {
  os: string
  architecture: string
  variant?: string
  'os.version'?: string
}

export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  platform?: Platform
  annotations?: Record<string, string>
  artifactType?: string
  urls?: string[]
}

export interface ImageIndex {
  schemaVersion: number
  mediaType?: string
  manifests: Descriptor[]
  annotations?: Record<string, string>
}

export interface ImageManifest {
  schemaVersion: number
  mediaType?: string
  config: Descriptor
  layers: Descriptor[]
  subject?: Descriptor
  annotations?: Record<string, string>
}

/** A manifest (or nested index) inside the layout, with the exact bytes the layout holds. */
export interface LayoutManifest {
  descriptor: Descriptor
  bytes: Buffer
  manifest: ImageManifest | ImageIndex
}

export interface Layout {
  dir: string
  /** The one descriptor of the layout's `index.json`: the image index, or a single manifest. */
  root: Descriptor
  rootBytes: Buffer
  /** The parsed root: an index (multi-platform) or a manifest (single platform). */
  rootManifest: ImageIndex | ImageManifest
  kind: 'index' | 'manifest'
  /** Every manifest below the root, children before their parents (the order to push them in). */
  children: LayoutManifest[]
  /** Every config and layer blob, once each. */
  blobs: Descriptor[]
  /** For a single-manifest root: its platform, read from the image config. */
  rootPlatform?: Platform
}

export interface PlatformManifest {
  /** `linux/arm64/v8` */
  platform: string
  os: string
  architecture: string
  variant?: string
  digest: string
  size: number
  mediaType: string
}

export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

export function blobPath(dir: string, digest: string): string {
  if (!DIGEST.test(digest)) throw new Error(`unsupported or invalid digest "${digest}" in ${dir}`)
  return path.join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length))
}

/**
 * Writes `oci-layout` and an `index.json` naming one manifest into `dir`: the layout of that image alone
 * (its blobs are the caller's to provide).
 */
export function writeSingleIndex(dir: string, manifest: Descriptor): void {
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  const index = { schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests: [manifest] }
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index))
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function asDescriptor(v: unknown, where: string): Descriptor {
  if (!isObject(v) || typeof v.digest !== 'string' || typeof v.size !== 'number') {
    throw new Error(`${where}: not a descriptor (digest and size are required)`)
  }
  if (!DIGEST.test(v.digest)) throw new Error(`${where}: unsupported or invalid digest "${v.digest}"`)
  return { ...(v as unknown as Descriptor), mediaType: typeof v.mediaType === 'string' ? v.mediaType : '' }
}

/** Reads a blob whole and checks its size and sha256 against the descriptor. */
export function readBlob(dir: string, d: Pick<Descriptor, 'digest' | 'size'>): Buffer {
  const file = blobPath(dir, d.digest)
  if (!fs.existsSync(file)) throw new Error(`${dir}: blob ${d.digest} is missing`)
  const bytes = fs.readFileSync(file)
  if (bytes.length !== d.size) {
    throw new Error(`${dir}: blob ${d.digest} has ${bytes.length} bytes, its descriptor says ${d.size}`)
  }
  const actual = sha256(bytes)
  if (actual !== d.digest) throw new Error(`${dir}: blob ${d.digest} is corrupt (its sha256 is ${actual})`)
  return bytes
}

/** Hashes a blob file as a stream (layers can be large) and checks it against the descriptor. */
export async function verifyBlob(dir: string, d: Pick<Descriptor, 'digest' | 'size'>): Promise<void> {
  const file = blobPath(dir, d.digest)
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  const actual = `sha256:${hash.digest('hex')}`
  if (size !== d.size)
    throw new Error(`${dir}: blob ${d.digest} has ${size} bytes, its descriptor says ${d.size}`)
  if (actual !== d.digest) throw new Error(`${dir}: blob ${d.digest} is corrupt (its sha256 is ${actual})`)
}

function parseJson(bytes: Buffer, where: string): Record<string, unknown> {
  const v = parseJsonText(bytes.toString('utf8'), reason => `${where}: not valid JSON: ${reason}`)
  if (!isObject(v)) throw new Error(`${where}: not a JSON object`)
  return v
}

/** The media type of a manifest blob: its own `mediaType`, which must agree with the descriptor's. */
function manifestType(d: Descriptor, doc: Record<string, unknown>, where: string): string {
  const own = typeof doc.mediaType === 'string' ? doc.mediaType : ''
  if (own && d.mediaType && own !== d.mediaType) {
    throw new Error(`${where}: the descriptor says ${d.mediaType}, the manifest says ${own}`)
  }
  const type = own || d.mediaType || (Array.isArray(doc.manifests) ? MEDIA.ociIndex : MEDIA.ociManifest)
  if (!INDEX_TYPES.includes(type) && !MANIFEST_TYPES.includes(type)) {
    throw new Error(`${where}: unsupported media type ${type}`)
  }
  return type
}

function parseIndex(doc: Record<string, unknown>, where: string): ImageIndex {
  if (!Array.isArray(doc.manifests)) throw new Error(`${where}: an index needs a "manifests" array`)
  const manifests = doc.manifests.map((m, i) => asDescriptor(m, `${where} manifests[${i}]`))
  return { ...(doc as unknown as ImageIndex), manifests }
}

function parseManifest(doc: Record<string, unknown>, where: string): ImageManifest {
  if (!Array.isArray(doc.layers)) throw new Error(`${where}: a manifest needs a "layers" array`)
  const config = asDescriptor(doc.config, `${where} config`)
  const layers = doc.layers.map((l, i) => asDescriptor(l, `${where} layers[${i}]`))
  return { ...(doc as unknown as ImageManifest), config, layers }
}

export function readLayout(dir: string): Layout {
  const indexFile = path.join(dir, 'index.json')
  if (!fs.existsSync(indexFile)) throw new Error(`${dir} is not an OCI image layout (no index.json)`)
  const layoutFile = path.join(dir, 'oci-layout')
  if (fs.existsSync(layoutFile)) {
    const version = parseJson(fs.readFileSync(layoutFile), layoutFile).imageLayoutVersion
    if (version !== '1.0.0')
      throw new Error(`${layoutFile}: unsupported imageLayoutVersion ${String(version)}`)
  }
  const top = parseIndex(parseJson(fs.readFileSync(indexFile), indexFile), indexFile)
  if (top.manifests.length !== 1) {
    throw new Error(`${indexFile}: expected exactly one image, found ${top.manifests.length} descriptors`)
  }
  const children: LayoutManifest[] = []
  const blobs = new Map<string, Descriptor>()
  const seen = new Set<string>()

  // Depth first, children before parents, each manifest once.
  const visit = (d: Descriptor, where: string): LayoutManifest => {
    const bytes = readBlob(dir, d)
    const doc = parseJson(bytes, `${where} (${d.digest})`)
    const mediaType = manifestType(d, doc, `${where} (${d.digest})`)
    const descriptor = { ...d, mediaType }
    if (INDEX_TYPES.includes(mediaType)) {
      const index = parseIndex(doc, `${where} (${d.digest})`)
      for (const [i, child] of index.manifests.entries()) {
        if (seen.has(child.digest)) continue
        seen.add(child.digest)
        children.push(visit(child, `${where} manifests[${i}]`))
      }
      return { descriptor, bytes, manifest: index }
    }
    const manifest = parseManifest(doc, `${where} (${d.digest})`)
    for (const b of [manifest.config, ...manifest.layers]) {
      const file = blobPath(dir, b.digest)
      if (!fs.existsSync(file)) throw new Error(`${dir}: blob ${b.digest} (${where}) is missing`)
      const size = fs.statSync(file).size
      if (size !== b.size) {
        throw new Error(`${dir}: blob ${b.digest} has ${size} bytes, its descriptor says ${b.size}`)
      }
      if (!blobs.has(b.digest)) blobs.set(b.digest, b)
    }
    return { descriptor, bytes, manifest }
  }

  const rootDescriptor = top.manifests[0] as Descriptor
  const root = visit(rootDescriptor, 'index.json')
  const layout: Layout = {
    dir,
    root: root.descriptor,
    rootBytes: root.bytes,
    rootManifest: root.manifest,
    kind: INDEX_TYPES.includes(root.descriptor.mediaType) ? 'index' : 'manifest',
    children,
    blobs: [...blobs.values()]
  }
  if (layout.kind === 'manifest') {
    const config = (root.manifest as ImageManifest).config
    const platform = configPlatform(parseJson(readBlob(dir, config), `config ${config.digest}`))
    if (platform) layout.rootPlatform = platform
    else if (rootDescriptor.platform) layout.rootPlatform = rootDescriptor.platform
  }
  return layout
}

export function isAttestation(d: Descriptor): boolean {
  return (
    d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown')
  )
}

/** The platform an image config is for (its os, architecture, variant); undefined when it names none. */
export function configPlatform(doc: unknown): Platform | undefined {
  const c = (doc ?? {}) as { os?: unknown; architecture?: unknown; variant?: unknown }
  if (typeof c.os !== 'string' || !c.os || typeof c.architecture !== 'string' || !c.architecture)
    return undefined
  return {
    os: c.os,
    architecture: c.architecture,
    ...(typeof c.variant === 'string' && c.variant ? { variant: c.variant } : {})
  }
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/')
}

/** The real platforms of the layout's image (attestation manifests left out). */
export function platformManifests(layout: Layout): PlatformManifest[] {
  const entry = (p: Platform, d: Descriptor): PlatformManifest => {
    const out: PlatformManifest = {
      platform: formatPlatform(p),
      os: p.os,
      architecture: p.architecture,
      digest: d.digest,
      size: d.size,
      mediaType: d.mediaType
    }
    if (p.variant) out.variant = p.variant
    return out
  }
  if (layout.kind === 'manifest') {
    return layout.rootPlatform ? [entry(layout.rootPlatform, layout.root)] : []
  }
  const index = layout.rootManifest as ImageIndex
  return index.manifests
    .filter(d => d.platform && !isAttestation(d) && MANIFEST_TYPES.includes(d.mediaType || MEDIA.ociManifest))
    .map(d => entry(d.platform as Platform, d))
}
