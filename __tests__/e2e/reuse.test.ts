// End to end: an unchanged re-run reuses the evidence of the platform images it already scanned (same
// manifest digest, same Trivy, DB and options), and still gates and pushes on it; a new DB scans again.
// The bundled dist/ on the real test bed, with SOURCE_DATE_EPOCH set as a reproducible workflow sets it.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { RunResult } from './runner.js'
import { bedRun, registryDigest, registryTags, testbed, trivyCache, uniqueOrg, workspace } from './testbed.js'

const bed = testbed()

interface Metadata {
  reusedPlatforms: number
  timings: { children: { stage: string; label: string }[] }
}

const metadata = (r: RunResult): Metadata => JSON.parse(r.outputs.metadata ?? '{}') as Metadata
const trivyImageCalls = (r: RunResult): number =>
  metadata(r).timings.children.filter(c => c.stage !== 'tools' && /trivy image$/.test(c.label)).length

describe('re-running an unchanged catalog', () => {
  test('reuses the scans of the same bytes, still gates and pushes; a new DB scans again', async () => {
    const ws = workspace([{ name: 'api' }, { name: 'vuln', trees: ['alpine-vuln'] }])
    const org = uniqueOrg('reuse')
    const toolCache = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-toolcache-'))
    const cache = trivyCache()
    const run = async (trivyCacheDir: string): Promise<RunResult> => {
      const { r } = await bedRun(ws, {
        org,
        inputs: { 'push-strategy': 'per-image' },
        env: { TRIVY_CACHE_DIR: trivyCacheDir, RUNNER_TOOL_CACHE: toolCache, SOURCE_DATE_EPOCH: '1700000000' }
      })
      return r
    }
    const blocked = (r: RunResult) => {
      for (const platform of ['linux/amd64', 'linux/arm64'])
        expect(r.log).toContain(
          `vuln ${platform}: CRITICAL CVE-2099-0001 in openssl 3.1.3-r0 (fixed in 3.1.4-r1)`
        )
    }

    const first = await run(cache)
    expect(first.exitCode).toBe(1)
    blocked(first)
    expect(metadata(first).reusedPlatforms).toBe(0)
    expect(trivyImageCalls(first)).toBe(4) // one per platform (the SPDX SBOM is written from its report), 2 x 2
    const apiDigest = await registryDigest(`${bed.REGISTRY}/${org}/api:sha-9f2c1ab`)
    expect(apiDigest).toMatch(/^sha256:/)

    const again = await run(cache)
    expect(again.exitCode).toBe(1)
    blocked(again) // reused findings block exactly as scanned ones do
    expect(metadata(again).reusedPlatforms).toBe(4)
    expect(trivyImageCalls(again)).toBe(0)
    expect(again.log).toMatch(/api linux\/arm64: sha256:[a-f0-9]{64} was scanned before/)
    expect(again.outputs.findings).toBe(first.outputs.findings)
    // the evidence is all there again: reports and SBOMs of every platform
    for (const file of (again.outputs['sbom-paths'] ?? '').split('\n')) expect(fs.existsSync(file)).toBe(true)
    expect((again.outputs['sbom-paths'] ?? '').split('\n')).toHaveLength(4)
    // and the clean image is pushed (again), the blocked one still not
    expect(await registryDigest(`${bed.REGISTRY}/${org}/api:sha-9f2c1ab`)).toBe(
      (JSON.parse(again.outputs.digests ?? '{}') as Record<string, string>).api
    )
    expect(await registryTags(bed.REGISTRY, `${org}/vuln`)).toEqual([])

    // a DB built at another time is another DB: every platform is scanned again
    const newer = trivyCache()
    const meta = path.join(newer, 'db', 'metadata.json')
    const m = JSON.parse(fs.readFileSync(meta, 'utf8')) as Record<string, unknown>
    fs.writeFileSync(meta, JSON.stringify({ ...m, UpdatedAt: '2026-11-22T00:00:00Z' }))
    const third = await run(newer)
    expect(third.exitCode).toBe(1)
    blocked(third)
    expect(metadata(third).reusedPlatforms).toBe(0)
    expect(trivyImageCalls(third)).toBe(4)
  })
})
