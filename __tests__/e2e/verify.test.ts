// mode verify on the real test bed, through dist/: an image built, pushed, signed and attested by the
// action (a cosign key made here), promoted dev -> prod by the action, then verified from the registry
// alone: the story (checked against its documented schema), and the refusals the bed can make (another
// key, a digest not in the environment, a tag moved after signing). Then re-judged today: a second DB
// (scripts/trivy-db, in a temp dir) that learnt of an advisory for a package the image's SBOM lists
// turns it red, naming the image, platform, finding and fixed version; an exception turns it green.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { dbCachePrefix } from '../../src/trivy/db.js'
import { StorySchema, type Story } from '../../src/verify/story.js'
import { cacheEnv, startCacheBed, startDbMirror } from './cache-bed.js'
import { plainLog, ROOT, runAction, TEST_SHA, type RunResult } from './runner.js'
import { bedRun, FIXTURES, registryDigest, testbed, trivyCache, uniqueOrg, workspace } from './testbed.js'

const bed = testbed()
const org = uniqueOrg('verify')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-verify-'))
const PROD = `${bed.REGISTRY}/${org}-prod`
const TAG = `sha-${TEST_SHA.slice(0, 7)}`
const NEW_CVE = 'CVE-2099-0100'
const FIXTURE_DB = path.join(FIXTURES, 'trivy-db', 'db')
let ws = ''
let digest = ''

function run(command: string, args: string[]): string {
  const r = spawnSync(command, args, {
    encoding: 'utf8',
    timeout: 600_000,
    env: { ...process.env, COSIGN_PASSWORD: '' }
  })
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}${r.stdout}`)
  return r.stdout
}

const pub = (name = 'cosign') => fs.readFileSync(path.join(tmp, `${name}.pub`), 'utf8')

async function verify(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<RunResult> {
  return await runAction({
    workspace: ws,
    inputs: { mode: 'verify', org, version: TAG, 'cosign-key': pub(), environment: 'dev', ...inputs },
    env: {
      PATH: `${bed.TRIVY_BIN_DIR}:${process.env.PATH}`,
      TRIVY_CACHE_DIR: trivyCache(),
      DOCKER_CONFIG: path.join(tmp, 'no-docker-config'),
      ...env
    }
  })
}

function storyOf(r: RunResult): Story {
  return StorySchema.parse(JSON.parse(r.outputs.story ?? 'null'))
}

beforeAll(async () => {
  run('cosign', ['generate-key-pair', '--output-key-prefix', path.join(tmp, 'cosign')])
  run('cosign', ['generate-key-pair', '--output-key-prefix', path.join(tmp, 'other')])
  ws = workspace(
    [{ name: 'api', trees: ['alpine-clean'] }],
    [
      'environments:',
      `  dev: { registry: ${bed.REGISTRY} }`,
      `  prod: { registry: ${PROD}, production: true }`
    ].join('\n')
  )
  // built, scanned, pushed, signed and attested by the action (bundles: provenance, SBOM and scan per platform)
  const { r } = await bedRun(ws, {
    org,
    inputs: {
      environment: 'dev',
      sign: 'true',
      'cosign-key': fs.readFileSync(path.join(tmp, 'cosign.key'), 'utf8'),
      'upload-artifacts': 'false'
    }
  })
  if (r.exitCode !== 0) throw new Error(`the build failed:\n${plainLog(r.log)}`)
  digest = (JSON.parse(r.outputs.digests ?? '{}') as Record<string, string>).api as string
  // promoted to prod by the action: the digest then stands in both environments
  const promoted = await runAction({
    workspace: ws,
    inputs: {
      mode: 'promote',
      'source-environment': 'dev',
      environment: 'prod',
      version: TAG,
      org,
      'cosign-key': pub()
    },
    env: { DOCKER_CONFIG: path.join(tmp, 'no-docker-config') }
  })
  if (promoted.exitCode !== 0) throw new Error(`the promotion failed:\n${plainLog(promoted.log)}`)
}, 900_000)

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe('mode verify', () => {
  test('green: the whole story of a built and promoted digest, as the schema documents it', async () => {
    const r = await verify({ environment: 'prod' })
    expect([r.exitCode, plainLog(r.log)]).toEqual([0, expect.any(String)])
    expect(r.outputs.result).toBe('passed')
    const story = storyOf(r)
    const api = story.images[0]!
    expect(api).toMatchObject({
      name: 'api',
      repository: `${PROD}/${org}/api`,
      digest,
      passed: true,
      reasons: [],
      platforms: ['linux/amd64', 'linux/arm64'],
      builtBy: {
        repository: 'https://github.com/acme/platform',
        commit: TEST_SHA,
        run: 'https://github.com/acme/platform/actions/runs/1/attempts/1'
      }
    })
    // from: the source commit and the pinned base image of the build
    expect(api.from).toContainEqual({
      uri: `pkg:docker/${bed.BASE_IMAGE.split('@')[0]}`,
      digest: { sha256: bed.BASE_IMAGE.split('@sha256:')[1] }
    })
    for (const c of api.contains ?? []) {
      expect(c.packages).toBeGreaterThanOrEqual(2) // openssl and musl at least
      expect(c.referrer).toMatch(/^sha256:/)
    }
    expect(api.contains?.map(c => c.platform)).toEqual(['linux/amd64', 'linux/arm64'])
    expect(api.scanned?.map(s => [s.platform, s.trivyVersion, s.passed, s.db.updatedAt])).toEqual([
      ['linux/amd64', expect.any(String), true, '2026-11-01T00:00:00Z'],
      ['linux/arm64', expect.any(String), true, '2026-11-01T00:00:00Z']
    ])
    expect(api.scanned?.[0]?.db.digest).toMatch(/^sha256:/)
    expect(api.signedBy?.signer).toMatch(/^the key SHA256:/)
    expect(api.standsIn).toEqual([
      {
        environment: 'dev',
        repository: `${bed.REGISTRY}/${org}/api`,
        tags: expect.arrayContaining([TAG]),
        present: true,
        truncated: false
      },
      { environment: 'prod', repository: `${PROD}/${org}/api`, tags: [TAG], present: true, truncated: false }
    ])
    expect(r.summary).toContain('## api verified in prod')
    expect(r.summary).toContain('| signed by |')
  }, 300_000)

  test("another environment this job cannot read (the bed's registry with auth, no credentials): a warning, the verdict stands", async () => {
    const withVault = workspace(
      [{ name: 'api', trees: ['alpine-clean'] }],
      [
        'environments:',
        `  dev: { registry: ${bed.REGISTRY} }`,
        `  prod: { registry: ${PROD}, production: true }`,
        `  vault: { registry: ${bed.AUTH_REGISTRY}/${org}-vault }`
      ].join('\n')
    )
    const r = await runAction({
      workspace: withVault,
      inputs: { mode: 'verify', org, version: TAG, 'cosign-key': pub(), environment: 'dev' },
      env: { DOCKER_CONFIG: path.join(tmp, 'no-docker-config') }
    })
    expect([r.exitCode, plainLog(r.log)]).toEqual([0, expect.any(String)])
    const standsIn = storyOf(r).images[0]?.standsIn ?? []
    expect(standsIn.map(e => [e.environment, e.present])).toEqual([
      ['dev', true],
      ['prod', true],
      ['vault', false]
    ])
    const vault = standsIn.find(e => e.environment === 'vault')
    expect(vault?.unreadable).toMatch(/401|authentication/)
    expect(r.warnings.join('\n')).toContain(`api: whether vault holds ${digest} is not known`)
    expect(r.summary).toContain(
      `vault: not known (${bed.AUTH_REGISTRY}/${org}-vault/${org}/api could not be read)`
    )
  }, 300_000)

  test('red: signed by another key, naming the image', async () => {
    const r = await verify({ 'cosign-key': pub('other') })
    expect(r.exitCode).toBe(1)
    expect(storyOf(r).images[0]?.passed).toBe(false)
    expect(r.errors.join('\n')).toMatch(/imagegate verify%3A api::api: no signature by the key SHA256:/)
    expect(r.errors.join('\n')).not.toContain('moved after signing') // the tag did not move
  }, 300_000)

  test('red: a digest that is not in the environment', async () => {
    const absent = `sha256:${'0'.repeat(64)}`
    const r = await verify({ version: absent })
    expect(r.exitCode).toBe(1)
    expect(storyOf(r).images[0]?.reasons).toEqual([
      `api: the digest ${absent} is not in ${bed.REGISTRY}/${org}/api (dev)`
    ])
    // the promoted digest is in prod: asked by digest there, green
    const other = await verify({ version: digest, environment: 'prod' })
    expect(other.exitCode).toBe(0)
  }, 300_000)

  test('red: a tag moved after signing (it now resolves to a digest nobody signed)', async () => {
    const repository = `${bed.REGISTRY}/${org}/api`
    run('skopeo', [
      'copy',
      '--all',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      `docker://${repository}@${digest}`,
      `docker://${repository}:moving`
    ])
    expect((await verify({ version: 'moving' })).exitCode).toBe(0)
    run('skopeo', [
      'copy',
      '--all',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      `docker://${bed.BASE_IMAGE}`,
      `docker://${repository}:moving`
    ])
    const now = await registryDigest(`${repository}:moving`)
    const r = await verify({ version: 'moving' })
    expect(r.exitCode).toBe(1)
    expect(storyOf(r).images[0]?.reasons[0]).toMatch(
      new RegExp(`^api: not signed: .*\\(the tag moving resolves to ${now}: moved after signing`)
    )
  }, 300_000)

  test("rescan: red with today's DB that knows a new advisory, green again with an exception", async () => {
    // today's DB: the fixture's advisories and one more, for musl, which the image's SBOM lists
    const db = path.join(tmp, 'db-today')
    const extra = path.join(tmp, 'extra.json')
    fs.writeFileSync(
      extra,
      JSON.stringify({
        advisories: [
          { Bucket: 'alpine 3.18', Pkg: 'musl', ID: NEW_CVE, Value: { FixedVersion: '1.2.4-r3' } }
        ],
        vulns: [
          {
            ID: NEW_CVE,
            Title: 'musl: fake test advisory, found after the build',
            Severity: 'HIGH',
            NVD: 3,
            Score: 7.5,
            Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
            CWE: 'CWE-787'
          }
        ],
        updatedAt: '2026-12-06T00:00:00Z'
      })
    )
    run('bash', [path.join(ROOT, 'scripts', 'trivy-db', 'build.sh'), db, extra])
    const cacheWith = (): string => {
      const dir = fs.mkdtempSync(path.join(tmp, 'cache-'))
      fs.cpSync(db, dir, { recursive: true })
      return dir
    }
    // the build's DB: nothing new, green
    const before = await verify({ rescan: 'true', 'offline-db': 'true' })
    expect([before.exitCode, plainLog(before.log)]).toEqual([0, expect.any(String)])

    const r = await verify({ rescan: 'true', 'offline-db': 'true' }, { TRIVY_CACHE_DIR: cacheWith() })
    expect(r.exitCode).toBe(1)
    const api = storyOf(r).images[0]!
    expect(api.rescan).toMatchObject({ passed: false, db: { updatedAt: '2026-12-06T00:00:00Z' } })
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      expect(api.reasons).toContainEqual(
        `re-scan today: api ${platform}: HIGH ${NEW_CVE} in musl 1.2.4-r2 (fixed in 1.2.4-r3)`
      )
    }
    const sarif = JSON.parse(fs.readFileSync(r.outputs.sarif as string, 'utf8')) as {
      runs: { results: { ruleId: string }[] }[]
    }
    expect(sarif.runs.flatMap(run => run.results.map(x => x.ruleId))).toContain(NEW_CVE)

    fs.writeFileSync(
      path.join(ws, 'exceptions.yml'),
      [
        'exceptions:',
        `  - id: ${NEW_CVE}`,
        '    images: [api]',
        '    reason: musl is not reachable from the network in this image',
        '    owner: "@acme/platform"',
        '    expires: 2999-01-01',
        ''
      ].join('\n')
    )
    const excepted = await verify(
      { rescan: 'true', 'offline-db': 'true', exceptions: 'exceptions.yml' },
      { TRIVY_CACHE_DIR: cacheWith() }
    )
    expect([excepted.exitCode, plainLog(excepted.log)]).toEqual([0, expect.any(String)])
    expect(storyOf(excepted).images[0]?.rescan?.passed).toBe(true)
  }, 600_000)

  test("the re-scan's DB through the Actions cache: the first verification saves it, the next downloads nothing", async () => {
    const { bed: cache, child } = await startCacheBed()
    const mirror = await startDbMirror(bed.REGISTRY, `${uniqueOrg('verify-db')}/trivy-db`, FIXTURE_DB)
    try {
      const env = { ...(await cacheEnv(cache, 'verify')), TRIVY_CACHE_DIR: path.join(tmp, 'rescan-trivy') }
      const inputs = { rescan: 'true', 'db-repository': mirror.repository }
      const key = `${dbCachePrefix(mirror.repository)}2026-11-01T00:00:00Z`
      const first = await verify(inputs, env)
      expect([first.exitCode, plainLog(first.log)]).toEqual([0, expect.any(String)])
      expect(mirror.requests.length).toBeGreaterThan(0)
      expect(first.summary).toContain(
        `Re-scan's Trivy DB: Actions cache: **miss**; downloaded, saved as \`${key}\`.`
      )
      fs.rmSync(env.TRIVY_CACHE_DIR, { recursive: true, force: true })
      const asked = mirror.requests.length
      const next = await verify(inputs, env)
      expect([next.exitCode, plainLog(next.log)]).toEqual([0, expect.any(String)])
      expect(mirror.requests.slice(asked)).toEqual([])
      expect(next.summary).toContain(
        `Re-scan's Trivy DB: Actions cache: **hit** (\`${key}\`); nothing downloaded.`
      )
      expect(storyOf(next).images[0]?.rescan?.passed).toBe(true)
    } finally {
      await mirror.close()
      child.stdin.end()
    }
  })
})
