import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { envOf, parseImageConfig, readPlatformConfigs } from '../../src/hardening/image-config.js'
import { checkImage } from '../../src/hardening/rules.js'
import { readLayout } from '../../src/oci/layout.js'
import { writeFixture } from '../oci/oci-fixture.js'
import { configFile, realConfig } from './configs.js'

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-hardening-'))
const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`

/** An OCI layout (index -> one linux/amd64 manifest) whose config blob is a real BuildKit config. */
function layoutWithConfig(configBytes: Buffer, layerSizes: number[]): string {
  const dir = tmp()
  fs.mkdirSync(path.join(dir, 'blobs', 'sha256'), { recursive: true })
  const put = (bytes: Buffer, mediaType: string) => {
    const digest = sha(bytes)
    fs.writeFileSync(path.join(dir, 'blobs', 'sha256', digest.slice(7)), bytes)
    return { mediaType, digest, size: bytes.length }
  }
  const config = put(configBytes, 'application/vnd.oci.image.config.v1+json')
  const layers = layerSizes.map((n, i) =>
    put(Buffer.alloc(n, i + 1), 'application/vnd.oci.image.layer.v1.tar+gzip')
  )
  const manifest = put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config,
        layers
      })
    ),
    'application/vnd.oci.image.manifest.v1+json'
  )
  const index = put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [{ ...manifest, platform: { os: 'linux', architecture: 'amd64' } }]
      })
    ),
    'application/vnd.oci.image.index.v1+json'
  )
  fs.writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  fs.writeFileSync(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [index]
    })
  )
  return dir
}

describe('readPlatformConfigs', () => {
  test('every platform (attestations left out), its config, and config + layer sizes', () => {
    const fx = writeFixture(tmp())
    const configs = readPlatformConfigs(readLayout(fx.dir))
    expect(configs.map(c => [c.platform, c.config.architecture, c.digest])).toEqual([
      ['linux/amd64', 'amd64', fx.manifests[0]?.digest],
      ['linux/arm64', 'arm64', fx.manifests[1]?.digest]
    ])
    for (const c of configs) {
      const manifest = JSON.parse(
        fs.readFileSync(path.join(fx.dir, 'blobs', 'sha256', c.digest.slice(7)), 'utf8')
      )
      expect(c.manifest.config).toEqual(manifest.config)
      expect(c.manifest.layers).toEqual(manifest.layers)
      expect(c.sizeBytes).toBe(manifest.config.size + manifest.layers[0].size)
    }
  })

  test('index.json pointing straight at a manifest', () => {
    const fx = writeFixture(tmp(), { platforms: ['linux/arm/v7'], single: true })
    expect(readPlatformConfigs(readLayout(fx.dir)).map(c => [c.platform, c.config.variant])).toEqual([
      ['linux/arm/v7', 'v7']
    ])
  })

  test('a real BuildKit config read from a layout, then checked', () => {
    const bytes = fs.readFileSync(configFile('leaky'))
    const [amd64, ...rest] = readPlatformConfigs(readLayout(layoutWithConfig(bytes, [1000, 2345])))
    expect(rest).toEqual([])
    expect(amd64?.sizeBytes).toBe(bytes.length + 1000 + 2345)
    expect(amd64?.config).toEqual(realConfig('leaky'))
    const verdicts = checkImage({
      image: 'backend',
      platform: amd64?.platform ?? '',
      config: amd64?.config ?? realConfig('leaky'),
      sizeBytes: amd64?.sizeBytes ?? 0,
      expect: { user: 'app', uid: 10001, size: { max: 3000 } },
      rules: { 'non-root': 'enforce', size: 'warn' },
      release: false
    })
    expect(verdicts).toEqual([
      {
        rule: 'non-root',
        mode: 'enforce',
        passed: false,
        message: 'backend linux/amd64: runs as root (USER not set); expected app (10001)'
      },
      {
        rule: 'size',
        mode: 'warn',
        passed: false,
        message: `backend linux/amd64: size ${((bytes.length + 3345) / 1e3).toFixed(1)} kB is above the maximum 3.0 kB`
      }
    ])
  })

  test('a config blob that is not an image config is refused with its digest', () => {
    const dir = layoutWithConfig(Buffer.from(JSON.stringify({ os: 'linux' })), [10])
    expect(() => readPlatformConfigs(readLayout(dir))).toThrow(
      /config sha256:[0-9a-f]{64} \(linux\/amd64\): not an OCI image config/
    )
  })
})

describe('parseImageConfig', () => {
  test('the real configs parse; Docker-style nulls are accepted', () => {
    for (const name of ['leaky', 'hardened', 'named'] as const) {
      expect(realConfig(name)).toMatchObject({ os: 'linux', architecture: 'amd64' })
    }
    const nulls = parseImageConfig(
      JSON.stringify({
        os: 'linux',
        architecture: 'amd64',
        config: { Env: null, Labels: null, ExposedPorts: null, Healthcheck: null },
        history: null
      }),
      'nulls'
    )
    expect(envOf(nulls)).toEqual([])
    expect(
      checkImage({
        image: 'x',
        platform: 'linux/amd64',
        config: nulls,
        sizeBytes: 1,
        expect: { ports: [] },
        rules: { ports: 'enforce', secrets: 'enforce', 'oci-labels': 'enforce' },
        release: false
      }).map(v => v.passed)
    ).toEqual([false, true, true])
  })

  test('not JSON, or not a config: the file is named', () => {
    expect(() => parseImageConfig('{', 'cfg.json')).toThrow(/^cfg\.json: the image config is not JSON/)
    expect(() => parseImageConfig('{"os": "linux", "config": {"User": 0}}', 'cfg.json')).toThrow(
      [
        'cfg.json: not an OCI image config:',
        '✖ Invalid input: expected string, received undefined',
        '  → at architecture',
        '✖ Invalid input: expected string, received number',
        '  → at config.User'
      ].join('\n')
    )
  })

  test('envOf splits at the first =', () => {
    expect(envOf(realConfig('hardened')).slice(0, 3)).toEqual([
      { name: 'PATH', value: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
      { name: 'API_KEY', value: '' },
      { name: 'SECRET_KEY', value: 'changeme' }
    ])
    expect(
      envOf(parseImageConfig('{"os":"linux","architecture":"amd64","config":{"Env":["A=b=c","FLAG"]}}', 'x'))
    ).toEqual([
      { name: 'A', value: 'b=c' },
      { name: 'FLAG', value: '' }
    ])
  })
})
