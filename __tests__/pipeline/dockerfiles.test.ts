import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { ResultCache } from '../../src/cache/results.js'
import { dockerfileEvidence } from '../../src/pipeline/dockerfiles.js'
import { scannerIdentity, type Scanner } from '../../src/pipeline/platform.js'
import type { Misconfiguration } from '../../src/trivy/config.js'
import { HiddenFileScan } from '../../src/trivy/hidden-files.js'
import { KEY, realTrivy, writeLayout } from '../trivy/layers.js'

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-dockerfiles-'))
  const cacheDir = path.join(dir, 'trivy-cache')
  const trivy = realTrivy()
  const version = { version: '0.44.1', skipChecksFlag: '--skip-policy-update' as const }
  const scanner: Scanner = {
    trivy,
    version,
    db: { cacheDir, downloaded: false },
    identity: scannerIdentity({ trivy, version, cacheDir })
  }
  const file = path.join(dir, 'ctx', 'Dockerfile')
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, 'FROM alpine:latest\nUSER 10001\n')
  const o = {
    dockerfiles: new Map([['api', file]]),
    outputFor: (name: string) => path.join(dir, 'out', `${name}.trivy.json`)
  }
  const run = (name: string) =>
    new HiddenFileScan({ work: path.join(dir, name), images: ['api'], dockerfiles: true })
  return { dir, scanner, o, run, cache: new ResultCache(path.join(dir, 'results')) }
}

const ids = (found: Map<string, Misconfiguration[]>) =>
  Object.fromEntries([...found].map(([k, ms]) => [k, ms.map(m => m.id).sort()]))

describe("dockerfileEvidence: a part of the run's one trivy fs, or the results cache", () => {
  test('computed in the run scan and stored; a later run reuses it and its scan has no Dockerfile part', async () => {
    const { dir, scanner, o, run, cache } = setup()
    const first = run('first')
    const computed = dockerfileEvidence(o, scanner, cache, first)
    first.skip('api', 1) // every platform reused: the scan reads the Dockerfiles only
    expect(ids(await computed)).toEqual({ api: ['DS001', 'DS026'] })
    expect(first.trivyRuns).toBe(1)
    const report = fs.readFileSync(o.outputFor('api'), 'utf8')
    expect((JSON.parse(report) as { Results: { Target: string }[] }).Results.map(r => r.Target)).toEqual([
      'api/Dockerfile'
    ])

    fs.rmSync(path.join(dir, 'out'), { recursive: true })
    const second = run('second')
    const deleted = await writeLayout(dir, [['app/key.pem', KEY]], [['app/.wh.key.pem', '']])
    const hidden = await second.add(
      { image: 'api', platform: 'linux/amd64', platforms: 1, ...deleted },
      { trivy: scanner.trivy, version: scanner.version, cacheDir: scanner.db.cacheDir }
    )
    // the image has submitted, but the run's scan waits to know whether the Dockerfiles join it
    expect(second.trivyRuns).toBe(0)
    expect(ids(await dockerfileEvidence(o, scanner, cache, second))).toEqual({ api: ['DS001', 'DS026'] })
    expect(fs.readFileSync(o.outputFor('api'), 'utf8')).toBe(report)
    // a cache hit: the scan runs for the hidden files alone
    expect((await hidden.findings).map(f => f.id)).toEqual(['private-key'])
    expect(second.trivyRuns).toBe(1)
    expect(fs.readdirSync(path.join(dir, 'second', 'scan-1'))).toEqual(['1'])
  })

  test('a Dockerfile scan that fails before its part is added keeps no one waiting', async () => {
    const { scanner, o, run } = setup()
    const scan = run('failing')
    scan.release('api')
    const missing = { ...o, dockerfiles: new Map([['api', '/nonexistent/Dockerfile']]) }
    await expect(dockerfileEvidence(missing, scanner, undefined, scan)).rejects.toThrow('ENOENT')
    expect(scan.trivyRuns).toBe(0)
  })
})
