import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { ResultCache } from '../../src/cache/results.js'
import { dockerfileEvidence } from '../../src/pipeline/dockerfiles.js'
import { scannerIdentity, type Scanner } from '../../src/pipeline/platform.js'
import type { Misconfiguration } from '../../src/trivy/config.js'
import { realTrivy } from '../trivy/layers.js'

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
    outputFor: (name: string) => path.join(dir, 'out', `${name}.trivy.json`),
    work: path.join(dir, 'work')
  }
  return { dir, scanner, o, cache: new ResultCache(path.join(dir, 'results')) }
}

const ids = (found: Map<string, Misconfiguration[]>) =>
  Object.fromEntries([...found].map(([k, ms]) => [k, ms.map(m => m.id).sort()]))

describe('dockerfileEvidence: its own trivy fs, or the results cache', () => {
  test('computed and stored; a later run with the same Trivy and Dockerfiles reuses it without a Trivy process', async () => {
    const { dir, scanner, o, cache } = setup()
    expect(ids(await dockerfileEvidence(o, scanner, cache))).toEqual({ api: ['DS001', 'DS026'] })
    const report = fs.readFileSync(o.outputFor('api'), 'utf8')
    expect((JSON.parse(report) as { Results: { Target: string }[] }).Results.map(r => r.Target)).toEqual([
      'api/Dockerfile'
    ])

    fs.rmSync(path.join(dir, 'out'), { recursive: true })
    // a Trivy that cannot run: a hit must not need it
    const broken: Scanner = { ...scanner, trivy: '/bin/false' }
    expect(ids(await dockerfileEvidence(o, broken, cache))).toEqual({ api: ['DS001', 'DS026'] })
    expect(fs.readFileSync(o.outputFor('api'), 'utf8')).toBe(report)
  })

  test('another Dockerfile is scanned again', async () => {
    const { scanner, o, cache } = setup()
    await dockerfileEvidence(o, scanner, cache)
    fs.writeFileSync(
      o.dockerfiles.get('api') as string,
      'FROM alpine:3.19\nUSER 10001\nHEALTHCHECK CMD true\n'
    )
    const broken: Scanner = { ...scanner, trivy: '/bin/false' }
    await expect(dockerfileEvidence(o, broken, cache)).rejects.toThrow('the Dockerfile scan of api failed')
    expect(ids(await dockerfileEvidence(o, scanner, cache))).toEqual({ api: [] })
  })

  test('a Dockerfile that cannot be read is an error', async () => {
    const { scanner, o } = setup()
    const missing = { ...o, dockerfiles: new Map([['api', '/nonexistent/Dockerfile']]) }
    await expect(dockerfileEvidence(missing, scanner, undefined)).rejects.toThrow('ENOENT')
  })
})
