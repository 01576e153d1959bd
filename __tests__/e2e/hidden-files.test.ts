// End to end: secrets in files a later layer deletes or overwrites, on 2 images x 2 platforms, are found
// on every platform by ONE `trivy fs` for the whole run, the same process that reads the Dockerfiles for
// misconfigurations (no `trivy config`); a re-run takes both from the results cache with no Trivy at all.
// The bundled dist/ on the real test bed.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { RunResult } from './runner.js'
import { bedRun, testbed, trivyCache, uniqueOrg, workspace, type TestImage } from './testbed.js'

const bed = testbed()
const both = ['linux/amd64', 'linux/arm64']
const pinned = [`build-args: { BASE_IMAGE: "${bed.BASE_IMAGE}" }`]

interface Metadata {
  reusedPlatforms: number
  timings: { children: { stage: string; label: string }[] }
}

const metadata = (r: RunResult): Metadata => JSON.parse(r.outputs.metadata ?? '{}') as Metadata
const trivyCalls = (r: RunResult, verb: string): number =>
  metadata(r).timings.children.filter(c => c.stage !== 'tools' && c.label.endsWith(`trivy ${verb}`)).length

const images: TestImage[] = [
  {
    name: 'deleted',
    platforms: both,
    trees: ['secret'],
    catalog: pinned,
    extra: 'USER 0\nRUN rm /app/config/deploy-key.pem\nUSER 10001:10001'
  },
  {
    name: 'overwritten',
    platforms: both,
    trees: ['secret'],
    catalog: pinned,
    extra: 'USER 0\nRUN echo "no key here" > /app/config/deploy-key.pem\nUSER 10001:10001'
  },
  // nothing hidden; its Dockerfile's misconfiguration comes from the catalog's Dockerfile scan
  { name: 'rooty', platforms: ['linux/amd64'], catalog: pinned, extra: 'USER root' }
]

describe('secrets in files later layers hide', () => {
  test('found on every platform by one trivy fs per run, the Dockerfiles by another; a re-run reuses them with no Trivy', async () => {
    const ws = workspace(images)
    const org = uniqueOrg('hidden')
    const toolCache = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-toolcache-'))
    const cache = trivyCache()
    const run = async (): Promise<RunResult> =>
      (
        await bedRun(ws, {
          org,
          inputs: { 'build-args': undefined, 'push-strategy': 'per-image' },
          env: { TRIVY_CACHE_DIR: cache, RUNNER_TOOL_CACHE: toolCache, SOURCE_DATE_EPOCH: '1700000000' }
        })
      ).r
    const caught = (r: RunResult) => {
      const errors = r.errors.join('\n')
      for (const platform of both) {
        expect(errors).toContain(
          `deleted ${platform}: HIGH secret private-key (Asymmetric Private Key) in /app/config/deploy-key.pem (deleted in layer`
        )
        expect(errors).toContain(
          `overwritten ${platform}: HIGH secret private-key (Asymmetric Private Key) in /app/config/deploy-key.pem (replaced in layer`
        )
      }
      expect(errors).toMatch(
        /rooty: services\/rooty\/Dockerfile:\d+ HIGH DS002 Image user should not be 'root'/
      )
    }

    const first = await run()
    expect(first.exitCode).toBe(1)
    caught(first)
    expect(trivyCalls(first, 'image')).toBe(5)
    // the hidden files' secrets (every platform's) and the Dockerfiles' misconfigurations (every
    // image's): one process each, in the scan stage
    expect(trivyCalls(first, 'fs')).toBe(2)
    expect(trivyCalls(first, 'config')).toBe(0)
    expect(
      metadata(first)
        .timings.children.filter(c => c.label.endsWith('trivy fs'))
        .map(c => c.stage)
    ).toEqual(['scan', 'scan'])

    const again = await run()
    expect(again.exitCode).toBe(1)
    caught(again)
    expect(metadata(again).reusedPlatforms).toBe(5)
    expect(trivyCalls(again, 'image') + trivyCalls(again, 'fs') + trivyCalls(again, 'config')).toBe(0)
  })
})
