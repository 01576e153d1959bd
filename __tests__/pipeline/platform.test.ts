import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ResultCache } from '../../src/cache/results.js'
import {
  platformEvidence,
  platformKey,
  scannerIdentity,
  type PlatformJob,
  type Scanner
} from '../../src/pipeline/platform.js'
import { HiddenFileScan } from '../../src/trivy/hidden-files.js'
import { KEY, realTrivy, writeLayout } from '../trivy/layers.js'

/** The scanner as prepareScanner makes it: its identity read from its binary and DB. */
const scannerOf = (s: Omit<Scanner, 'identity'>): Scanner => ({
  ...s,
  identity: scannerIdentity({ trivy: s.trivy, version: s.version, cacheDir: s.db.cacheDir })
})

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-key-'))
  const cacheDir = path.join(dir, 'trivy-cache')
  fs.mkdirSync(path.join(cacheDir, 'db'), { recursive: true })
  fs.writeFileSync(path.join(cacheDir, 'db', 'metadata.json'), '{"UpdatedAt":"2026-11-01T00:00:00Z"}')
  fs.writeFileSync(path.join(cacheDir, 'db', 'trivy.db'), Buffer.alloc(64 * 1024))
  const trivy = path.join(dir, 'trivy')
  fs.writeFileSync(trivy, '#!/bin/sh\n')
  const scanner = scannerOf({
    trivy,
    version: { version: '0.44.1', skipChecksFlag: '--skip-policy-update' },
    db: { cacheDir, downloaded: false }
  })
  const job: PlatformJob = {
    image: 'api',
    repository: 'registry.invalid/app/api',
    platform: 'linux/arm64',
    platforms: 2,
    manifest: `sha256:${'a'.repeat(64)}`,
    input: path.join(dir, 'layout'),
    layoutDir: path.join(dir, 'oci'),
    layers: [],
    shortSha: '9f2c1ab',
    out: dir,
    work: path.join(dir, 'work'),
    ignoreUnfixed: false,
    sbom: { generator: 'trivy', formats: ['spdx-json'] }
  }
  return { dir, scanner, job, cacheDir }
}

describe("platformKey: what a platform image's reused evidence depends on", () => {
  test("the same bytes, scanner, DB and options: the same key, whatever the run's paths and commit", () => {
    const { scanner, job } = setup()
    const key = platformKey(job, scanner)
    expect(
      platformKey({ ...job, input: '/elsewhere', work: '/w', out: '/o', shortSha: '0000000' }, scanner)
    ).toBe(key)
  })

  test('a copy of the same DB elsewhere is the same DB', () => {
    const { scanner, job, dir, cacheDir } = setup()
    const copy = path.join(dir, 'copy')
    fs.cpSync(cacheDir, copy, { recursive: true })
    expect(platformKey(job, scannerOf({ ...scanner, db: { ...scanner.db, cacheDir: copy } }))).toBe(
      platformKey(job, scanner)
    )
  })

  test('other bytes, another DB, other options or another scanner binary: another key', () => {
    const { scanner, job, cacheDir, dir } = setup()
    const key = platformKey(job, scanner)
    expect(platformKey({ ...job, manifest: `sha256:${'b'.repeat(64)}` }, scanner)).not.toBe(key)
    expect(platformKey({ ...job, ignoreUnfixed: true }, scanner)).not.toBe(key)
    expect(
      platformKey({ ...job, sbom: { generator: 'trivy', formats: ['spdx-json', 'cyclonedx'] } }, scanner)
    ).not.toBe(key)
    const ignore = path.join(dir, 'trivyignore')
    fs.writeFileSync(ignore, 'CVE-2099-0001\n')
    const withIgnore = platformKey({ ...job, ignoreFile: ignore }, scanner)
    expect(withIgnore).not.toBe(key)
    fs.writeFileSync(ignore, 'CVE-2099-0002\n')
    expect(platformKey({ ...job, ignoreFile: ignore }, scanner)).not.toBe(withIgnore)
    expect(
      platformKey(job, scannerOf({ ...scanner, version: { ...scanner.version, version: '0.45.0' } }))
    ).not.toBe(key)
    fs.writeFileSync(scanner.trivy, '#!/bin/sh\n# another build\n')
    expect(platformKey(job, scannerOf(scanner))).not.toBe(key)
    const before = platformKey(job, scannerOf(scanner))
    fs.writeFileSync(path.join(cacheDir, 'db', 'metadata.json'), '{"UpdatedAt":"2026-11-02T00:00:00Z"}')
    expect(platformKey(job, scannerOf(scanner))).not.toBe(before)
  })

  test('the scanner options are part of the key; none set keeps the key of a run without them', () => {
    const { scanner, job, dir } = setup()
    const key = platformKey(job, scanner)
    const none = { skipDirs: [], skipFiles: [] }
    expect(platformKey({ ...job, scan: none, secrets: true }, scanner)).toBe(key)
    const keys = [
      platformKey({ ...job, scan: { ...none, skipDirs: ['/opt'] } }, scanner),
      platformKey({ ...job, scan: { ...none, skipFiles: ['/opt'] } }, scanner),
      platformKey({ ...job, scan: { ...none, pkgTypes: ['os'] } }, scanner),
      platformKey({ ...job, secrets: false }, scanner)
    ]
    expect(new Set([key, ...keys]).size).toBe(5)
    const config = path.join(dir, 'trivy.yaml')
    fs.writeFileSync(config, 'severity: [CRITICAL]\n')
    const withConfig = platformKey({ ...job, scan: { ...none, trivyConfig: config } }, scanner)
    expect(withConfig).not.toBe(key)
    fs.writeFileSync(config, 'severity: [HIGH]\n')
    expect(platformKey({ ...job, scan: { ...none, trivyConfig: config } }, scanner)).not.toBe(withConfig)
  })
})

describe("platformEvidence and the run's one hidden-file scan", () => {
  test('a platform whose evidence comes from the results cache skips: the platform still scanning is not kept waiting', async () => {
    const { dir, scanner, job } = setup()
    const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures')
    const deleted = await writeLayout(dir, [['app/key.pem', KEY]], [['app/.wh.key.pem', '']])
    // linux/arm64 was scanned before: its report, hidden findings and SBOM are in the results cache
    const cache = new ResultCache(path.join(dir, 'results'))
    const cachedHidden = path.join(dir, 'cached-hidden.json')
    fs.writeFileSync(
      cachedHidden,
      JSON.stringify([
        { kind: 'secret', id: 'private-key', severity: 'HIGH', pkg: '/app/key.pem', target: '/app/key.pem' }
      ])
    )
    cache.put(
      platformKey(job, scanner),
      new Map([
        ['report.trivy.json', path.join(fixtures, 'trivy-reports', 'alpine-clean.json')],
        ['hidden-findings.json', cachedHidden],
        ['sbom.spdx-json.json', path.join(fixtures, 'trivy-sbom', 'alpine-npm.trivy-spdx.json')]
      ])
    )
    const hidden = new HiddenFileScan({ work: path.join(dir, 'hidden'), images: ['api'] })
    const trivy = { trivy: realTrivy(), version: scanner.version, cacheDir: scanner.db.cacheDir }
    // linux/amd64 (the image's other platform) submits its hidden key and waits for the run's scan
    const amd64 = await hidden.add({ image: 'api', platform: 'linux/amd64', platforms: 2, ...deleted }, trivy)
    expect(hidden.trivyRuns).toBe(0)

    const arm64 = await platformEvidence(job, scanner, cache, { hidden })
    expect(arm64.reused).toBe(true)
    expect(arm64.findings.filter(f => f.kind === 'secret').map(f => f.pkg)).toEqual(['/app/key.pem'])
    // its skip completed the image: the one scan ran, for linux/amd64's files
    expect(hidden.trivyRuns).toBe(1)
    expect((await amd64.findings).map(f => `${f.id} ${f.pkg}`)).toEqual([
      'private-key /app/key.pem (deleted in layer 2, still in layer 1)'
    ])
  })

  test("a platform's hidden files reach the run's scan before its own scan's turn comes", async () => {
    const { dir, scanner, job } = setup()
    const deleted = await writeLayout(dir, [['app/key.pem', KEY]], [['app/.wh.key.pem', '']])
    const hidden = new HiddenFileScan({ work: path.join(dir, 'hidden'), images: ['api'] })
    let open: () => void = () => undefined
    const turn = new Promise<void>(resolve => {
      open = resolve
    })
    // the run's bound on scans, full: this platform's turn has not come
    const slot = async <T>(work: () => Promise<T>): Promise<T> => {
      await turn
      return await work()
    }
    const evidence = platformEvidence(
      { ...job, platforms: 1, ...deleted },
      { ...scanner, trivy: realTrivy() },
      undefined,
      { hidden, slot }
    )
    evidence.catch(() => undefined)
    const until = async (done: () => boolean): Promise<void> => {
      for (let i = 0; i < 600 && !done(); i++) await new Promise(resolve => setTimeout(resolve, 50))
    }
    // its files extracted and the run's one trivy fs started, while its image scan still waits
    await until(() => hidden.trivyRuns === 1)
    expect(hidden.trivyRuns).toBe(1)
    open()
    await evidence.catch(() => undefined) // its image scan of a layout that is not there fails: not the point
    await until(() => fs.existsSync(path.join(dir, 'hidden', 'scan-1.json'))) // the run's scan is over
  })
})
