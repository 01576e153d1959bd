// End to end: a scanner that never returns and a build that takes too long are stopped at their limits
// (scan-timeout, build-timeout), with everything they started; the run is red and nothing is pushed.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { hangingTrivy, sleepMarker, waitUntil, withMarker } from './processes.js'
import { bedRun, registryTags, testbed } from './testbed.js'

const bed = testbed()

describe('limits', () => {
  test('a hung Trivy: stopped after scan-timeout with its child, red within a bound, nothing pushed', async () => {
    const marker = sleepMarker()
    const fake = hangingTrivy(fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-hang-')), marker)
    const started = Date.now()
    const { r, org } = await bedRun([{ name: 'hung', platforms: ['linux/amd64'] }], {
      prefix: 'limit',
      inputs: { 'scan-timeout': '5s' },
      env: { PATH: `${fake}:${bed.TRIVY_BIN_DIR}:${process.env.PATH}` }
    })
    const elapsed = Date.now() - started
    expect(r.exitCode).toBe(1)
    expect(r.log).toContain('hung linux/amd64: trivy image was stopped after 5s (scan-timeout)')
    expect(r.outputs.result).toBe('failed')
    // a build and a 5 s scan, not the hour the fake Trivy sleeps
    expect(elapsed).toBeLessThan(180_000)
    expect(await waitUntil(() => withMarker(marker).length === 0, 5000)).toBe(true)
    expect(await registryTags(bed.REGISTRY, `${org}/hung`)).toEqual([])
  })

  test('a build past build-timeout: stopped, red, naming buildx, the image and the limit', async () => {
    const marker = sleepMarker()
    const started = Date.now()
    const { r, org } = await bedRun(
      [{ name: 'slow', platforms: ['linux/amd64'], extra: `RUN sleep ${marker}` }],
      { prefix: 'limit', inputs: { 'build-timeout': '3s' } }
    )
    const elapsed = Date.now() - started
    expect(r.exitCode).toBe(1)
    expect(r.log).toContain('slow: docker buildx build was stopped after 3s (build-timeout)')
    expect(elapsed).toBeLessThan(60_000)
    // buildx cancels the build when it is stopped: BuildKit's RUN step ends too
    expect(await waitUntil(() => withMarker(marker).length === 0, 15_000)).toBe(true)
    expect(await registryTags(bed.REGISTRY, `${org}/slow`)).toEqual([])
  })
})
