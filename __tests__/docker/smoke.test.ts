import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { platformArchive, redactor, runArgs, smokeImageName } from '../../src/docker/smoke.js'
import { smokeEnv } from '../../src/docker/smoke-env.js'
import { nativePlatform } from '../../src/docker/platform.js'
import { readPlatformConfigs } from '../../src/hardening/image-config.js'
import { readLayout } from '../../src/oci/layout.js'
import { writeFixture } from '../oci/oci-fixture.js'

describe('smoke argv', () => {
  test('hardened as in production; env by name only; port on loopback', () => {
    expect(
      runArgs({
        name: 'c',
        ref: 'sha256:abc',
        platform: 'linux/amd64',
        env: ['API_TOKEN', 'GREETING'],
        port: 8080
      })
    ).toEqual([
      'run',
      '--detach',
      '--name',
      'c',
      '--platform',
      'linux/amd64',
      '--read-only',
      '--tmpfs',
      '/tmp',
      '--cap-drop',
      'ALL',
      '--security-opt',
      'no-new-privileges',
      '--env',
      'API_TOKEN',
      '--env',
      'GREETING',
      '--publish',
      '127.0.0.1::8080',
      'sha256:abc'
    ])
  })

  test('env: catalog values, null ones from the inputs, missing ones named', () => {
    expect(smokeEnv('api', { env: { A: 'x', B: null } }, { B: 'y', C: 'z' })).toEqual({ A: 'x', B: 'y' })
    expect(() => smokeEnv('api', { env: { DATABASE_URL: null, JWT: null } }, {})).toThrow(
      'api: smoke test needs DATABASE_URL, JWT (catalog smoke.env is null: give it in the smoke-env input)'
    )
  })

  test.each([
    ['x64', 'linux/amd64'],
    ['arm64', 'linux/arm64']
  ])('native platform on %s', (arch, platform) => {
    expect(nativePlatform(arch)).toBe(platform)
  })
})

describe('the image a smoke test loads', () => {
  const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-smoke-archive-'))

  test("one platform's manifest under imagegate's own name, with only the blobs it references", () => {
    const layout = tmp()
    const f = writeFixture(layout, { platforms: ['linux/amd64', 'linux/arm64'] })
    const [amd64, arm64] = f.manifests
    if (!amd64 || !arm64) throw new Error('fixture without two platforms')
    const dir = tmp()
    const name = smokeImageName('web', '42-abc')
    expect(name).toBe('localhost/imagegate-smoke/web:42-abc')
    // the manifest's content as the pipeline has it: read (and checked) by readLayout
    const content = readPlatformConfigs(readLayout(layout)).find(c => c.digest === amd64.digest)?.manifest
    if (!content) throw new Error('no amd64 manifest in the layout')
    const blobs = platformArchive(layout, amd64, content, name, dir)

    const own = (d: string): string => `blobs/sha256/${d.slice('sha256:'.length)}`
    const amd64Body = JSON.parse(fs.readFileSync(path.join(layout, own(amd64.digest)), 'utf8')) as {
      config: { digest: string }
      layers: { digest: string }[]
    }
    expect(blobs.sort()).toEqual(
      [amd64.digest, amd64Body.config.digest, ...amd64Body.layers.map(l => l.digest)].map(own).sort()
    )
    expect(blobs).not.toContain(own(arm64.digest))
    for (const b of blobs) expect(fs.existsSync(path.join(layout, b))).toBe(true)

    const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as {
      manifests: { digest: string; size: number; mediaType: string; annotations: Record<string, string> }[]
    }
    expect(index.manifests).toEqual([
      {
        digest: amd64.digest,
        size: amd64.size,
        mediaType: amd64.mediaType,
        annotations: { 'io.containerd.image.name': name, 'org.opencontainers.image.ref.name': name }
      }
    ])
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'oci-layout'), 'utf8'))).toEqual({
      imageLayoutVersion: '1.0.0'
    })
  })
})

describe('a smoke test whose docker load fails', () => {
  test('is loaded once more, then still removes the name it loaded under (a failed load may have tagged it), and says why it failed', async () => {
    const { smokeTest, smokeCleanups } = await import('../../src/docker/smoke.js')
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-fake-docker-'))
    const calls = path.join(bin, 'calls')
    // a STAND-IN for the docker CLI (this test only): records its argv; `load` fails as the engine did
    // on the shared test bed ("parent snapshot ... does not exist") after tagging the image
    fs.writeFileSync(
      path.join(bin, 'docker'),
      [
        '#!/usr/bin/env node',
        `require('fs').appendFileSync(${JSON.stringify(calls)}, JSON.stringify(process.argv.slice(2)) + '\\n')`,
        "if (process.argv[2] === 'load') { console.error('failed to extract layer: parent snapshot sha256:1 does not exist'); process.exit(1) }"
      ].join('\n'),
      { mode: 0o755 }
    )
    const layout = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-smoke-layout-'))
    const f = writeFixture(layout, { platforms: ['linux/amd64'] })
    const manifest = f.manifests[0]
    const content = readPlatformConfigs(readLayout(layout)).find(c => c.digest === manifest?.digest)?.manifest
    if (!manifest || !content) throw new Error('fixture without an amd64 manifest')
    const PATH = process.env.PATH
    process.env.PATH = `${bin}:${PATH}`
    try {
      const r = await smokeTest({
        image: 'web',
        platform: 'linux/amd64',
        layoutDir: layout,
        manifest,
        content,
        smoke: {},
        values: {}
      })
      expect(r.passed).toBe(false)
      expect(r.message).toMatch(/^web linux\/amd64: docker load failed: .*parent snapshot/)
      await smokeCleanups() // the removal runs beside the rest of the run
    } finally {
      process.env.PATH = PATH
    }
    const argv = fs
      .readFileSync(calls, 'utf8')
      .trim()
      .split('\n')
      .map(l => JSON.parse(l) as string[])
    // loaded once more (another process's removal may have taken the snapshot), then given up
    expect(argv[0]?.[0]).toBe('load')
    expect(argv[1]?.[0]).toBe('load')
    expect(argv.slice(2)).toEqual([
      ['image', 'rm', expect.stringMatching(/^localhost\/imagegate-smoke\/web:\d+-/)]
    ])
  })
})

describe('redactor', () => {
  test('hides the values the smoke-env input gave, never the values of the catalog', () => {
    const hide = redactor(
      { env: { TOKEN: null, URL: null, MODE: 'debug', EMPTY: null } },
      { TOKEN: 'abc123', URL: 'postgres://u:abc123xyz@db/app', EMPTY: '' }
    )
    expect(hide('url postgres://u:abc123xyz@db/app token abc123 mode debug')).toBe(
      'url *** token *** mode debug'
    )
    expect(hide('nothing secret')).toBe('nothing secret')
  })
})
