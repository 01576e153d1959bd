// End to end: `dependency-snapshot: true` through the bundled action against a loopback stand-in of GitHub's
// dependency submission API (dependency-graph-api.ts: the path, the bearer token, the headers and the body
// checked against GitHub's snapshot schema). A catalog of two images, one of them two platforms: one
// snapshot per image and platform, each holding exactly the purls of the SBOM the run wrote for it. Then
// the token refused (403): a warning naming the image and the permission, the job still green.
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { startDependencyGraphApi, type DependencyGraphApi } from './dependency-graph-api.js'
import { TEST_SHA } from './runner.js'
import { bedRun, type TestImage } from './testbed.js'

const TOKEN = `ghs_e2e_${randomBytes(8).toString('hex')}`
let api: DependencyGraphApi

beforeAll(async () => {
  api = await startDependencyGraphApi(TOKEN)
})
afterEach(() => api.reset())
afterAll(async () => {
  await api?.close()
})

const snapshotting = (o: { inputs?: Record<string, string> } = {}) => ({
  inputs: { 'dependency-snapshot': 'true', 'github-token': TOKEN, 'gate-mode': 'report', ...o.inputs },
  env: { GITHUB_API_URL: api.url, GITHUB_WORKFLOW: 'images' }
})

/** The purls of an SPDX file as the SBOM names them: every package's purl reference but the image's own. */
function sbomPurls(file: string): string[] {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    packages: {
      primaryPackagePurpose?: string
      externalRefs?: { referenceType: string; referenceLocator: string }[]
    }[]
  }
  return [
    ...new Set(
      doc.packages
        .filter(p => p.primaryPackagePurpose !== 'CONTAINER')
        .flatMap(p =>
          (p.externalRefs ?? []).filter(r => r.referenceType === 'purl').map(r => r.referenceLocator)
        )
    )
  ].sort()
}

/** The token anywhere in the log but the runner's mask command. */
const tokenLeaks = (log: string): string[] =>
  log.split('\n').filter(l => l.includes(TOKEN) && l !== `::add-mask::${TOKEN}`)

const IMAGES: TestImage[] = [
  { name: 'api', trees: ['alpine-clean', 'npm-vuln'], platforms: ['linux/amd64', 'linux/arm64'] },
  { name: 'web', trees: ['debian-python-npm'], platforms: ['linux/amd64'] }
]

describe('dependency snapshots', () => {
  test('one per image and platform, each with the purls of its SBOM', async () => {
    const { r, ws } = await bedRun(IMAGES, { prefix: 'depsnap', ...snapshotting() })
    expect(r.exitCode).toBe(0)
    expect(api.problems).toEqual([])
    expect(r.warnings.filter(w => w.includes('dependency snapshot'))).toEqual([])
    expect(r.log).toContain(
      "Dependency snapshots: 3 (one per image and platform), each image's SPDX SBOM to the repository's dependency graph."
    )

    const byCorrelator = new Map(api.submitted.map(s => [s.snapshot.job.correlator, s]))
    expect([...byCorrelator.keys()].sort()).toEqual([
      'images_images_api_linux/amd64',
      'images_images_api_linux/arm64',
      'images_images_web_linux/amd64'
    ])
    expect(api.submitted.map(s => s.repository)).toEqual(['acme/platform', 'acme/platform', 'acme/platform'])

    const sboms = (r.outputs['sbom-paths'] ?? '').split('\n')
    const meta = JSON.parse(r.outputs.metadata ?? '{}') as {
      dependencySnapshots: {
        image: string
        platform: string
        id?: number
        result?: string
        packages?: number
      }[]
    }
    for (const [image, platform, file] of [
      ['api', 'linux/amd64', 'api-9f2c1ab-linux-amd64.spdx.json'],
      ['api', 'linux/arm64', 'api-9f2c1ab-linux-arm64.spdx.json'],
      ['web', 'linux/amd64', 'web-9f2c1ab.spdx.json']
    ] as const) {
      const sent = byCorrelator.get(`images_images_${image}_${platform}`)?.snapshot
      expect(sent).toMatchObject({
        version: 0,
        sha: TEST_SHA,
        ref: 'refs/heads/main',
        job: { id: '1', html_url: 'https://github.com/acme/platform/actions/runs/1' },
        detector: { name: 'imagegate', url: 'https://github.com/imagegate/imagegate' }
      })
      const manifest = sent?.manifests?.[`${image} ${platform}`]
      expect(manifest?.file).toEqual({ source_location: `services/${image}/Dockerfile` })
      expect(manifest?.metadata).toMatchObject({ 'imagegate:image': image, 'imagegate:platform': platform })
      expect(manifest?.metadata?.['imagegate:manifest']).toMatch(/^sha256:[a-f0-9]{64}$/)
      const spdx = sboms.find(f => path.basename(f) === file) as string
      expect(fs.existsSync(path.resolve(ws, spdx))).toBe(true)
      const purls = sbomPurls(path.resolve(ws, spdx))
      expect(Object.keys(manifest?.resolved ?? {}).sort()).toEqual(purls)
      for (const dep of Object.values(manifest?.resolved ?? {})) {
        expect(dep.scope).toBe('runtime')
        expect(dep).not.toHaveProperty('relationship')
      }
      expect(meta.dependencySnapshots).toContainEqual(
        expect.objectContaining({ image, platform, result: 'SUCCESS', packages: purls.length })
      )
    }
    // not an empty agreement: the npm, apk, deb and pip packages of the fixtures are there
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      const resolved = byCorrelator.get(`images_images_api_${platform}`)?.snapshot.manifests?.[
        `api ${platform}`
      ]?.resolved
      expect(Object.keys(resolved ?? {})).toEqual(
        expect.arrayContaining(['pkg:npm/lodash@4.17.20', expect.stringMatching(/^pkg:apk\/alpine\//)])
      )
    }
    const web = Object.keys(
      byCorrelator.get('images_images_web_linux/amd64')?.snapshot.manifests?.['web linux/amd64']?.resolved ??
        {}
    )
    expect(web).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^pkg:deb\/debian\/libc6@/),
        expect.stringMatching(/^pkg:npm\/%40babel\/core@/),
        expect.stringMatching(/^pkg:pypi\/flask-cors@/i)
      ])
    )
    expect(r.summary).toContain('Dependency snapshots: 3 of 3 submitted')
    expect(api.authorizations).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`, `Bearer ${TOKEN}`])
    expect(tokenLeaks(r.log)).toEqual([])
  })

  test('the token refused (403): one warning naming the image and the permission, the job green', async () => {
    api.fault(403)
    const { r } = await bedRun([{ name: 'web', trees: ['debian-python-npm'], platforms: ['linux/amd64'] }], {
      prefix: 'depsnap-403',
      ...snapshotting()
    })
    expect(r.exitCode).toBe(0)
    expect(api.calls).toEqual([403]) // a 403 is not retried
    const warnings = r.warnings.filter(w => w.includes('dependency snapshot'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /dependency snapshots not submitted for web linux\/amd64: POST http:\/\/127\.0\.0\.1:\d+\/repos\/acme\/platform\/dependency-graph\/snapshots: HTTP 403 \(Resource not accessible by integration\): give the job `permissions: contents: write`/
    )
    expect(r.outputs.result).toBe('passed')
    expect(r.summary).toContain('Dependency snapshots: 0 of 1 submitted')
    expect(tokenLeaks(r.log)).toEqual([])
  })

  test('asked for without an SPDX SBOM: an input error before anything is built', async () => {
    const { r } = await bedRun([{ name: 'web', platforms: ['linux/amd64'] }], {
      prefix: 'depsnap-cdx',
      ...snapshotting({ inputs: { 'sbom-format': 'cyclonedx' } })
    })
    expect(r.exitCode).toBe(1)
    expect(r.errors.join('\n')).toContain(
      'input dependency-snapshot: needs spdx-json in sbom-format (the snapshot is read from the SPDX SBOM)'
    )
    expect(r.log).not.toContain('build started')
    expect(api.calls).toEqual([])
  })
})
