// A distributed build on the real test bed: two platform jobs (push-by-digest), each in its own runner
// directories (workspace, temp, tool cache), as two machines would have them, then merge runs fed their
// records and evidence the way actions/download-artifact lays them out (one directory per artifact).
// What the registry holds afterwards is the assertion: nothing tagged until a merge accepted every
// platform of every image, and then an index made of exactly the scanned platform manifests.
import { beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { PlatformRecord } from '../../src/distribute/record.js'
import {
  bedRun,
  registryDigest,
  registryTags,
  testbed,
  uniqueOrg,
  workspace,
  type BedRun
} from './testbed.js'
import { cosignBundleStatements, SIGN_TYPE, storedBundles, verifiesWith } from './bundles.js'
import { plainLog } from './runner.js'

const bed = testbed()
const tmp = (prefix: string): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix))
const TAG = 'sha-9f2c1ab'

/** The platform jobs' shared catalog: two clean images and one that fails the gate on every platform. */
const IMAGES = [
  { name: 'api', trees: ['alpine-clean'] },
  { name: 'web', trees: ['alpine-clean'] },
  { name: 'vuln', trees: ['alpine-vuln'] }
]

/** A copy of the workspace: what a fresh runner's checkout of the same commit holds. */
function checkout(from: string): string {
  const to = tmp('imagegate-checkout-')
  fs.cpSync(from, to, { recursive: true })
  return to
}

/** The evidence a platform job uploads, downloaded into `into/<name>/` as download-artifact does. */
function download(job: BedRun, into: string, name: string): void {
  for (const dir of ['artifacts', 'sbom']) {
    const from = path.join(job.ws, dir)
    if (fs.existsSync(from)) fs.cpSync(from, path.join(into, name, dir), { recursive: true })
  }
}

async function manifestJson(repo: string, reference: string): Promise<Record<string, unknown>> {
  const res = await fetch(`http://${bed.REGISTRY}/v2/${repo}/manifests/${reference}`, {
    headers: {
      Accept: 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json'
    }
  })
  if (!res.ok) throw new Error(`GET ${repo}/${reference}: HTTP ${res.status}`)
  return (await res.json()) as Record<string, unknown>
}

const log = (r: BedRun['r']): string =>
  plainLog(r.log)
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')

describe('per-platform jobs and a merge (push-by-digest, mode merge)', () => {
  const org = uniqueOrg('dist')
  let source: string
  let amd64: BedRun
  let arm64: BedRun
  let keys: { key: string; pub: string; password: string }

  beforeAll(async () => {
    source = workspace(IMAGES)
    const part = (platform: string): Promise<BedRun> =>
      bedRun(checkout(source), {
        org,
        inputs: {
          platforms: platform,
          'push-by-digest': 'true',
          // the clean images are uploaded even though vuln fails (the merge decides for the catalog)
          'push-strategy': 'per-image',
          push: 'false'
        },
        env: { GITHUB_JOB: `images-${platform.replace('/', '-')}` }
      })
    // one after the other here; on GitHub, two runners at once
    amd64 = await part('linux/amd64')
    arm64 = await part('linux/arm64')
    const dir = tmp('imagegate-cosign-')
    const password = 'merge-test-pw'
    const g = spawnSync('cosign', ['generate-key-pair'], {
      cwd: dir,
      env: { ...process.env, COSIGN_PASSWORD: password },
      encoding: 'utf8'
    })
    if (g.status !== 0) throw new Error(`cosign generate-key-pair: ${g.stderr}`)
    keys = { key: path.join(dir, 'cosign.key'), pub: path.join(dir, 'cosign.pub'), password }
  }, 900_000)

  const record = (job: BedRun): PlatformRecord =>
    JSON.parse(fs.readFileSync(job.r.outputs['record-file'] as string, 'utf8')) as PlatformRecord

  test('each platform job uploads its passing platform manifests by digest, tags nothing, and records what it did', async () => {
    for (const [job, platform] of [
      [amd64, 'linux/amd64'],
      [arm64, 'linux/arm64']
    ] as const) {
      // red: vuln failed its gate; the record says so
      expect(job.r.exitCode).toBe(1)
      const rec = record(job)
      expect(rec.commit).toBe('9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3')
      expect(rec.platforms).toEqual([platform])
      expect(JSON.parse(job.r.outputs.record as string)).toEqual(rec)
      const api = rec.images.find(i => i.name === 'api')
      expect(api).toMatchObject({ passed: true, uploaded: true })
      expect(api?.platforms.map(p => p.platform)).toEqual([platform])
      const vuln = rec.images.find(i => i.name === 'vuln')
      expect(vuln).toMatchObject({ passed: false, uploaded: false })
      expect(vuln?.reasons.join('\n')).toMatch(/CRITICAL|HIGH/)
      // the manifest is in the registry by digest, with the config the record names
      const p = api?.platforms[0]
      const manifest = await manifestJson(`${org}/api`, p?.manifest.digest as string)
      expect((manifest.config as { digest: string }).digest).toBe(p?.config)
      // the evidence paths resolve next to the record
      const dir = path.dirname(job.r.outputs['record-file'] as string)
      expect(fs.existsSync(path.resolve(dir, p?.report as string))).toBe(true)
    }
    for (const name of ['api', 'web', 'vuln'])
      expect(await registryTags(bed.REGISTRY, `${org}/${name}`)).toEqual([])
  })

  test('a merge missing one platform job, or including an image that failed, is red and tags nothing', async () => {
    const ws = checkout(source)
    download(amd64, path.join(ws, 'records'), 'amd64') // the arm64 job's artifact is missing
    const missing = await bedRun(ws, {
      org,
      inputs: { mode: 'merge', records: 'records', images: 'api,web' }
    })
    expect(missing.r.exitCode).toBe(1)
    expect(log(missing.r)).toContain('api linux/arm64: no record')
    expect(log(missing.r)).toContain('imagegate merge: refused, nothing tagged')

    download(arm64, path.join(ws, 'records'), 'arm64')
    const failed = await bedRun(ws, { org, inputs: { mode: 'merge', records: 'records' } })
    expect(failed.r.exitCode).toBe(1)
    expect(log(failed.r)).toMatch(/vuln linux\/amd64: failed the gate in its platform job/)
    for (const name of ['api', 'web', 'vuln'])
      expect(await registryTags(bed.REGISTRY, `${org}/${name}`)).toEqual([])
  }, 300_000)

  test('a record naming another manifest than the one scanned is red and tags nothing', async () => {
    const ws = checkout(source)
    const into = path.join(ws, 'records')
    download(amd64, into, 'amd64')
    download(arm64, into, 'arm64')
    // api's amd64 entry now names its arm64 manifest (which is in the registry): the scanned config differs
    const file = path.join(
      into,
      'amd64',
      'artifacts',
      path.basename(amd64.r.outputs['record-file'] as string)
    )
    const rec = JSON.parse(fs.readFileSync(file, 'utf8')) as PlatformRecord
    const armApi = record(arm64).images.find(i => i.name === 'api')?.platforms[0]
    const api = rec.images.find(i => i.name === 'api')?.platforms[0]
    if (!api || !armApi) throw new Error('no api entries')
    api.manifest = { ...api.manifest, digest: armApi.manifest.digest, size: armApi.manifest.size }
    fs.writeFileSync(file, JSON.stringify(rec))
    const { r } = await bedRun(ws, { org, inputs: { mode: 'merge', records: 'records', images: 'api,web' } })
    expect(r.exitCode).toBe(1)
    expect(log(r)).toContain(`the platform job scanned ${api.config}`)
    // and when the record is rewritten consistently (the arm64 config too), the scanner's own report,
    // downloaded with it, names the image it really scanned
    api.config = armApi.config
    fs.writeFileSync(file, JSON.stringify(rec))
    const again = await bedRun(ws, { org, inputs: { mode: 'merge', records: 'records', images: 'api,web' } })
    expect(again.r.exitCode).toBe(1)
    expect(log(again.r)).toMatch(
      /api linux\/amd64: the scan report .*api-linux-amd64\.trivy\.json is of image sha256:[0-9a-f]{64}, the record names config/
    )
    for (const name of ['api', 'web']) expect(await registryTags(bed.REGISTRY, `${org}/${name}`)).toEqual([])
  }, 300_000)

  test('a record edited to claim a platform no job built, or to name a file outside its evidence: red, nothing tagged', async () => {
    const ws = checkout(source)
    const into = path.join(ws, 'records')
    download(amd64, into, 'amd64') // the arm64 job's records left out
    const file = path.join(
      into,
      'amd64',
      'artifacts',
      path.basename(amd64.r.outputs['record-file'] as string)
    )
    const original = fs.readFileSync(file, 'utf8')
    const rec = JSON.parse(original) as PlatformRecord
    const api = rec.images.find(i => i.name === 'api')
    const entry = api?.platforms[0]
    if (!api || !entry) throw new Error('no api entry')
    // the amd64 manifest (its own scan report and config) claimed for linux/arm64 as well
    api.platforms.push({ ...entry, platform: 'linux/arm64' })
    rec.platforms = ['linux/amd64', 'linux/arm64']
    fs.writeFileSync(file, JSON.stringify(rec))
    const claimed = await bedRun(ws, { org, inputs: { mode: 'merge', records: 'records', images: 'api' } })
    expect(claimed.r.exitCode).toBe(1)
    expect(log(claimed.r)).toMatch(
      new RegExp(
        `api linux/arm64: .* names manifest ${entry.manifest.digest} for linux/arm64, but its config is for linux/amd64`
      )
    )
    // the record's scan report is a file of the runner's, outside the downloaded evidence
    const leak = JSON.parse(original) as PlatformRecord
    const leaking = leak.images.find(i => i.name === 'api')?.platforms[0]
    if (!leaking) throw new Error('no api entry')
    leaking.report = '../../../../../../../../etc/hostname'
    fs.writeFileSync(file, JSON.stringify(leak))
    const outside = await bedRun(ws, {
      org,
      inputs: { mode: 'merge', records: 'records', images: 'api', platforms: 'linux/amd64' }
    })
    expect(outside.r.exitCode).toBe(1)
    expect(log(outside.r)).toMatch(
      /the scan report \.\.\/.*etc\/hostname that .* names is outside the evidence artifact it came with/
    )
    expect(await registryTags(bed.REGISTRY, `${org}/api`)).toEqual([])
  }, 300_000)

  test('the merge of every platform assembles each index from the scanned manifests, signs, attests, then tags', async () => {
    const ws = checkout(source)
    download(amd64, path.join(ws, 'records'), 'amd64')
    download(arm64, path.join(ws, 'records'), 'arm64')
    const { r } = await bedRun(ws, {
      org,
      inputs: {
        mode: 'merge',
        records: 'records',
        images: 'api,web',
        sign: 'true',
        'cosign-key': fs.readFileSync(keys.key, 'utf8'),
        'cosign-password': keys.password
      }
    })
    expect(log(r)).not.toContain(keys.password)
    expect(r.exitCode).toBe(0)
    const digests = JSON.parse(r.outputs.digests as string) as Record<string, string>
    for (const name of ['api', 'web']) {
      const ref = `${bed.REGISTRY}/${org}/${name}:${TAG}`
      expect(await registryDigest(ref)).toBe(digests[name])
      const index = await manifestJson(`${org}/${name}`, digests[name] as string)
      const platforms = (index.manifests as { digest: string; platform?: { architecture: string } }[]).filter(
        m => m.platform?.architecture !== 'unknown'
      )
      const scanned = [amd64, arm64].map(
        job => record(job).images.find(i => i.name === name)?.platforms[0]?.manifest.digest
      )
      expect(platforms.map(m => m.digest)).toEqual(scanned)
      // signed and attested in process as Sigstore bundles; cosign 2.5 verifies them
      const byDigest = `${bed.REGISTRY}/${org}/${name}@${digests[name]}`
      expect(cosignBundleStatements(byDigest, SIGN_TYPE, keys.pub).status).toBe(0)
      const vulns = cosignBundleStatements(ref, 'vuln', keys.pub)
      expect(vulns.status).toBe(0)
      // one vuln statement per platform, each naming its platform
      expect(
        vulns.statements
          .map(v => (v.predicate.invocation as { parameters: { platform: string } }).parameters.platform)
          .sort()
      ).toEqual(['linux/amd64', 'linux/arm64'])
      const pub = fs.readFileSync(keys.pub, 'utf8')
      for (const b of await storedBundles(bed.REGISTRY, `${org}/${name}`, digests[name] as string)) {
        expect(verifiesWith(b.bundle, pub)).toBe(true)
      }
    }
    expect(await registryTags(bed.REGISTRY, `${org}/vuln`)).toEqual([])
    expect(r.summary).toContain('imagegate merge')
  }, 300_000)
})

describe('mode merge: bad input is red before anything is read from or written to the registry', () => {
  test.each([
    [{}, 'input records: required with mode merge'],
    [{ records: 'downloads' }, 'input records: downloads does not exist'],
    [{ records: 'services' }, 'input records: no imagegate-record-*.json under services'],
    [{ records: 'services', 'push-by-digest': 'true' }, 'input push-by-digest: not used by mode merge']
  ])('%j', async (inputs, message) => {
    const { r, org } = await bedRun([{ name: 'api' }], { inputs: { mode: 'merge', ...inputs } })
    expect(r.exitCode).toBe(1)
    expect(r.outputs.result).toBe('failed')
    expect(log(r)).toContain(message)
    expect(await registryTags(bed.REGISTRY, `${org}/api`)).toEqual([])
  })
})
