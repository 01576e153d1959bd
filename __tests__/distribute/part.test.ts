import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { layoutPlatforms } from '../../src/distribute/part.js'
import { readLayout } from '../../src/oci/layout.js'
import { writeFixture } from '../oci/oci-fixture.js'

const dir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-part-'))

describe('layoutPlatforms: what a platform job records of its layout', () => {
  test('each platform manifest of the index with its config, and the attestation manifest that names it', () => {
    const f = writeFixture(dir(), { platforms: ['linux/amd64', 'linux/arm64'] })
    const layout = readLayout(f.dir)
    const got = layoutPlatforms(layout)
    expect(got.map(p => p.platform)).toEqual(['linux/amd64', 'linux/arm64'])
    expect(got.map(p => p.manifest.digest)).toEqual([f.manifests[0]?.digest, f.manifests[1]?.digest])
    // the descriptor as the index holds it (platform included), the config as the manifest names it
    const manifest = JSON.parse(
      fs.readFileSync(path.join(f.dir, 'blobs/sha256', (f.manifests[0]?.digest ?? '').slice(7)), 'utf8')
    ) as { config: { digest: string } }
    expect(got[0]?.config).toBe(manifest.config.digest)
    expect(got[0]?.manifest.platform).toEqual({ os: 'linux', architecture: 'amd64' })
    // the fixture's one attestation manifest refers to the first platform
    expect(got[0]?.attestations.map(a => a.digest)).toEqual([f.manifests[2]?.digest])
    expect(got[1]?.attestations).toEqual([])
  })

  test('a single-manifest layout (provenance off, one platform): the manifest, its platform from the config', () => {
    const f = writeFixture(dir(), { platforms: ['linux/arm64'], single: true })
    const got = layoutPlatforms(readLayout(f.dir))
    expect(got).toHaveLength(1)
    expect(got[0]).toMatchObject({
      platform: 'linux/arm64',
      manifest: { digest: f.root.digest, platform: { os: 'linux', architecture: 'arm64' } },
      attestations: []
    })
  })
})
