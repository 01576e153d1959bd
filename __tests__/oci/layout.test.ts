import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { blobPath, platformManifests, readLayout, verifyBlob } from '../../src/oci/layout.js'
import { writeFixture } from './oci-fixture.js'

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-layout-'))

describe('readLayout', () => {
  test('an index with two platforms and an attestation manifest', () => {
    const fx = writeFixture(tmp())
    const layout = readLayout(fx.dir)
    expect(layout.kind).toBe('index')
    expect(layout.root).toMatchObject({
      digest: fx.root.digest,
      size: fx.root.size,
      mediaType: 'application/vnd.oci.image.index.v1+json'
    })
    expect(layout.rootBytes.equals(fs.readFileSync(blobPath(fx.dir, fx.root.digest)))).toBe(true)
    expect(layout.children.map(c => c.descriptor.digest)).toEqual(fx.manifests.map(m => m.digest))
    expect(layout.blobs.map(b => b.digest).sort()).toEqual(fx.blobs.map(b => b.digest).sort())
    expect(platformManifests(layout)).toEqual([
      expect.objectContaining({
        platform: 'linux/amd64',
        os: 'linux',
        architecture: 'amd64',
        digest: fx.manifests[0]?.digest
      }),
      expect.objectContaining({
        platform: 'linux/arm64',
        os: 'linux',
        architecture: 'arm64',
        digest: fx.manifests[1]?.digest
      })
    ])
  })

  test('a variant is part of the platform name', () => {
    const layout = readLayout(writeFixture(tmp(), { platforms: ['linux/arm/v7'] }).dir)
    expect(platformManifests(layout)).toEqual([
      expect.objectContaining({ platform: 'linux/arm/v7', architecture: 'arm', variant: 'v7' })
    ])
  })

  test('index.json pointing straight at a manifest (single platform)', () => {
    const fx = writeFixture(tmp(), { platforms: ['linux/arm64'], single: true })
    const layout = readLayout(fx.dir)
    expect(layout.kind).toBe('manifest')
    expect(layout.root.digest).toBe(fx.manifests[0]?.digest)
    expect(layout.children).toEqual([])
    expect(layout.blobs).toHaveLength(2)
    expect(platformManifests(layout)).toEqual([
      expect.objectContaining({ platform: 'linux/arm64', digest: fx.manifests[0]?.digest })
    ])
  })

  test('a corrupt manifest is refused with its digest', () => {
    const fx = writeFixture(tmp())
    const file = blobPath(fx.dir, fx.manifests[1]?.digest ?? '')
    const bytes = fs.readFileSync(file)
    bytes[bytes.length - 2] = 0x20
    fs.writeFileSync(file, bytes)
    expect(() => readLayout(fx.dir)).toThrow(`blob ${fx.manifests[1]?.digest} is corrupt`)
  })

  test('a missing layer is refused; a corrupt layer fails verifyBlob', async () => {
    const fx = writeFixture(tmp())
    const layer = fx.blobs[1]
    if (!layer) throw new Error('fixture without a layer')
    const file = blobPath(fx.dir, layer.digest)
    const bytes = fs.readFileSync(file)
    bytes[20] = (bytes[20] ?? 0) ^ 0xff
    fs.writeFileSync(file, bytes)
    await expect(verifyBlob(fx.dir, layer)).rejects.toThrow(`blob ${layer.digest} is corrupt`)
    fs.rmSync(file)
    expect(() => readLayout(fx.dir)).toThrow(`blob ${layer.digest} (index.json manifests[0]) is missing`)
  })

  test('not a layout; more than one image', () => {
    const dir = tmp()
    expect(() => readLayout(dir)).toThrow('is not an OCI image layout (no index.json)')
    const fx = writeFixture(dir)
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as {
      manifests: unknown[]
    }
    index.manifests.push({ ...fx.root })
    fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index))
    expect(() => readLayout(dir)).toThrow('expected exactly one image, found 2 descriptors')
  })
})
