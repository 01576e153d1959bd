// Builds small OCI image layouts from bytes, shaped as `buildx -o type=oci,tar=false` writes them:
// index.json -> image index -> one manifest per platform (+ a provenance attestation manifest).
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { gzipSync } from 'node:zlib'

export interface FixtureDescriptor {
  mediaType: string
  digest: string
  size: number
  platform?: { os: string; architecture: string; variant?: string }
  annotations?: Record<string, string>
}

export interface Fixture {
  dir: string
  /** The descriptor index.json points at (the index, or the only manifest). */
  root: FixtureDescriptor
  /** Per-platform manifests, then the attestation manifest (if any). */
  manifests: FixtureDescriptor[]
  /** Every config and layer blob. */
  blobs: FixtureDescriptor[]
}

export interface FixtureOptions {
  platforms?: string[]
  attestation?: boolean
  /** Makes every blob unique (a fresh push then uploads all of them). */
  nonce?: string
  /** index.json points straight at the (first platform's) manifest. */
  single?: boolean
}

/** A one-file POSIX tar (ustar), enough for a layer. */
export function tarFile(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512)
  const field = (value: string, offset: number, length: number): void => {
    header.write(value.slice(0, length), offset, 'ascii')
  }
  const octal = (n: number, length: number): string => n.toString(8).padStart(length - 1, '0') + '\0'
  field(name, 0, 100)
  field(octal(0o644, 8), 100, 8)
  field(octal(0, 8), 108, 8)
  field(octal(0, 8), 116, 8)
  field(octal(content.length, 12), 124, 12)
  field(octal(0, 12), 136, 12)
  field('        ', 148, 8)
  field('0', 156, 1)
  field('ustar\0', 257, 6)
  field('00', 263, 2)
  let sum = 0
  for (const b of header) sum += b
  field(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8)
  const pad = Buffer.alloc((512 - (content.length % 512)) % 512)
  return Buffer.concat([header, content, pad, Buffer.alloc(1024)])
}

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`

export function writeFixture(dir: string, o: FixtureOptions = {}): Fixture {
  const platforms = o.platforms ?? ['linux/amd64', 'linux/arm64']
  const nonce = o.nonce ?? 'fixed'
  fs.mkdirSync(path.join(dir, 'blobs', 'sha256'), { recursive: true })
  const blobs: FixtureDescriptor[] = []
  const put = (bytes: Buffer, mediaType: string): FixtureDescriptor => {
    const digest = sha(bytes)
    fs.writeFileSync(path.join(dir, 'blobs', 'sha256', digest.slice(7)), bytes)
    return { mediaType, digest, size: bytes.length }
  }
  const manifest = (config: FixtureDescriptor, layers: FixtureDescriptor[]): FixtureDescriptor => {
    const body = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers }
    return put(Buffer.from(JSON.stringify(body)), body.mediaType)
  }
  const manifests: FixtureDescriptor[] = []
  for (const p of platforms) {
    const [os = '', architecture = '', variant] = p.split('/')
    const tar = tarFile('etc/hello', Buffer.from(`hello from ${p} (${nonce})\n`))
    const layer = put(gzipSync(tar), 'application/vnd.oci.image.layer.v1.tar+gzip')
    const config = put(
      Buffer.from(
        JSON.stringify({
          architecture,
          os,
          ...(variant ? { variant } : {}),
          config: { Cmd: ['/bin/sh'] },
          rootfs: { type: 'layers', diff_ids: [sha(tar)] }
        })
      ),
      'application/vnd.oci.image.config.v1+json'
    )
    blobs.push(config, layer)
    const m = manifest(config, [layer])
    manifests.push({ ...m, platform: { os, architecture, ...(variant ? { variant } : {}) } })
  }
  if (o.attestation !== false && !o.single) {
    const statement = Buffer.from(
      JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', predicate: { nonce } })
    )
    const layer = {
      ...put(statement, 'application/vnd.in-toto+json'),
      annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' }
    }
    const config = put(
      Buffer.from(
        JSON.stringify({
          architecture: 'unknown',
          os: 'unknown',
          config: {},
          rootfs: { type: 'layers', diff_ids: [sha(statement)] }
        })
      ),
      'application/vnd.oci.image.config.v1+json'
    )
    blobs.push(config, layer)
    manifests.push({
      ...manifest(config, [layer]),
      platform: { os: 'unknown', architecture: 'unknown' },
      annotations: {
        'vnd.docker.reference.digest': manifests[0]?.digest ?? '',
        'vnd.docker.reference.type': 'attestation-manifest'
      }
    })
  }
  let root: FixtureDescriptor
  if (o.single) {
    const first = manifests[0] as FixtureDescriptor
    root = { mediaType: first.mediaType, digest: first.digest, size: first.size }
  } else {
    const index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }
    root = put(Buffer.from(JSON.stringify(index)), index.mediaType)
  }
  fs.writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  fs.writeFileSync(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [{ ...root, annotations: { 'org.opencontainers.image.created': '2024-05-30T02:15:00Z' } }]
    })
  )
  return { dir, root, manifests, blobs }
}
