// Keyless end to end through dist/: the runner's OIDC token (the stand-in's), one Fulcio certificate per
// run, Rekor entries for a public repository and signed timestamps (no Rekor request at all) for a
// private one, every bundle also recorded in the attestations API stand-in; bundles checked with the
// test's own code (@sigstore/verify against the stand-in's trusted root, naming the workflow) and with
// cosign 2.5; promotion by certificate identity accepting the right workflow and refusing another
// workflow, repository and issuer; and the bad inputs that must stop a run before anything is uploaded.
// This file starts its own loopback Sigstore and attestations API (sigstore-bed.ts).
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { plainLog, runAction, type RunResult } from './runner.js'
import { SIGN_TYPE, storedBundles } from './bundles.js'
import { StorySchema } from '../../src/verify/story.js'
import {
  cosignKeyless,
  GITHUB_ISSUER,
  startAttestationsApi,
  startSigstore,
  verifyKeyless,
  type AttestationsApi,
  type LoopbackSigstore
} from './sigstore-bed.js'
import { bedRun, registryDigest, registryTags, testbed, uniqueOrg, type BedRun } from './testbed.js'

const bed = testbed()
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-keyless-'))
const API_TOKEN = `ghs_test_${randomBytes(8).toString('hex')}`

let sigstore: LoopbackSigstore
let api: AttestationsApi

beforeAll(async () => {
  sigstore = await startSigstore()
  api = await startAttestationsApi(API_TOKEN)
}, 60_000)

afterEach(async () => {
  await sigstore.reset()
  await api.fault('ok')
  api.calls.length = 0
  api.recorded.length = 0
})

afterAll(async () => {
  await sigstore?.stop()
  await api?.close()
  fs.rmSync(work, { recursive: true, force: true })
})

function eventFile(visibility: 'public' | 'private'): string {
  const file = path.join(work, `event-${visibility}.json`)
  fs.writeFileSync(
    file,
    JSON.stringify({
      repository: { default_branch: 'main', visibility, private: visibility === 'private' }
    })
  )
  return file
}

/** The runner's environment of a keyless job (`id-token: write`) in imagegate-test/example. */
function keylessEnv(visibility: 'public' | 'private', query = ''): Record<string, string> {
  return {
    ...sigstore.oidcEnv(query),
    GITHUB_EVENT_PATH: eventFile(visibility),
    GITHUB_REPOSITORY: 'imagegate-test/example',
    GITHUB_API_URL: api.url
  }
}

function keylessInputs(visibility: 'public' | 'private'): Record<string, string> {
  const { urls } = sigstore.state
  return {
    sign: 'true',
    'fulcio-url': urls.fulcio,
    ...(visibility === 'public' ? { 'rekor-url': urls.rekor } : { 'tsa-url': urls.tsa }),
    'github-token': API_TOKEN
  }
}

/** The platform manifests of an index in the bed's open registry. */
async function platformDigests(name: string, digest: string): Promise<string[]> {
  const res = await fetch(`http://${bed.REGISTRY}/v2/${name}/manifests/${digest}`, {
    headers: { accept: 'application/vnd.oci.image.index.v1+json' }
  })
  const index = (await res.json()) as { manifests: { digest: string; platform?: { os?: string } }[] }
  return index.manifests.filter(m => m.platform?.os && m.platform.os !== 'unknown').map(m => m.digest)
}

const identity = (): { identity: string; issuer: string } => ({
  identity: sigstore.state.oidc.identity,
  issuer: GITHUB_ISSUER
})

/** Every bundle of an image (index and platforms) verified with @sigstore/verify; how many of each. */
async function checkBundles(
  name: string,
  digest: string,
  visibility: 'public' | 'private'
): Promise<{ onIndex: number; onPlatforms: number; platforms: string[] }> {
  const onIndex = await storedBundles(bed.REGISTRY, name, digest)
  const platforms = await platformDigests(name, digest)
  let onPlatforms = 0
  for (const p of platforms) {
    const stored = await storedBundles(bed.REGISTRY, name, p)
    expect(stored.map(b => b.statement.predicateType)).toEqual([SIGN_TYPE])
    onPlatforms += stored.length
    onIndex.push(...stored)
  }
  for (const b of onIndex) {
    const v = verifyKeyless(b.bundle, sigstore.state.trustedRoot, identity())
    expect(v.identity).toBe(sigstore.state.oidc.identity)
    expect([v.tlogEntries, v.timestamps]).toEqual(visibility === 'public' ? [1, 0] : [0, 1])
    // another workflow's identity is refused by the same verifier
    expect(() =>
      verifyKeyless(b.bundle, sigstore.state.trustedRoot, {
        identity: sigstore.state.oidc.identity.replace('release.yml', 'other.yml'),
        issuer: GITHUB_ISSUER
      })
    ).toThrow()
  }
  return { onIndex: onIndex.length - onPlatforms, onPlatforms, platforms }
}

const errorsOf = (r: RunResult): string => r.errors.join('\n')
const environments = (stage: string): string =>
  ['environments:', `  dev: { registry: ${bed.REGISTRY} }`, `  stage: { registry: ${stage} }`].join('\n')

let published: BedRun & { digest: string; stage: string }

describe('keyless signing through dist/', () => {
  test('a public repository: one Fulcio certificate, a Rekor entry in every bundle, all recorded in the attestations API', async () => {
    const stage = `${bed.REGISTRY}/${uniqueOrg('keyless-stage')}`
    const run = await bedRun([{ name: 'api', trees: ['alpine-clean'] }], {
      prefix: 'keyless-public',
      catalogExtra: environments(stage),
      inputs: keylessInputs('public'),
      env: keylessEnv('public')
    })
    const { r, org } = run
    expect(plainLog(r.log)).toContain('signing keyless as')
    expect(r.exitCode).toBe(0)
    const log = plainLog(r.log)
    expect(log).toContain(
      `signing keyless as ${sigstore.state.oidc.identity} (issuer ${GITHUB_ISSUER}; Rekor ${sigstore.state.urls.rekor}, recorded in GitHub's attestations of imagegate-test/example)`
    )
    expect(
      r.log
        .split('\n')
        .filter(l => !l.startsWith('::add-mask::'))
        .join('\n')
    ).not.toContain(API_TOKEN)
    const digest = (JSON.parse(r.outputs.digests ?? '{}') as Record<string, string>).api as string
    expect(await registryDigest(`${bed.REGISTRY}/${org}/api:sha-9f2c1ab`)).toBe(digest)
    const counts = await checkBundles(`${org}/api`, digest, 'public')
    // a signature, the provenance, per platform an SBOM and a scan record; a signature per platform
    expect(counts).toMatchObject({ onIndex: 6, onPlatforms: 2 })
    const bundles = counts.onIndex + counts.onPlatforms
    // the request logs: one token, one certificate, one log entry per bundle, no timestamp
    expect((await sigstore.requests('oidc')).length).toBe(1)
    const fulcio = await sigstore.requests('fulcio')
    expect(fulcio.map(f => f.status)).toEqual([201])
    expect(fulcio[0]?.detail).toMatchObject({ san: sigstore.state.oidc.identity })
    expect((await sigstore.requests('rekor')).filter(q => q.status === 201).length).toBe(bundles)
    expect(await sigstore.requests('tsa')).toEqual([])
    // every bundle recorded once, for the digest it is about
    expect(api.problems).toEqual([])
    expect(api.recorded.length).toBe(bundles)
    expect(new Set(api.recorded.map(a => a.repository))).toEqual(new Set(['imagegate-test/example']))
    expect(new Set(api.recorded.map(a => a.mediaType))).toEqual(
      new Set(['application/vnd.dev.sigstore.bundle.v0.3+json'])
    )
    expect(api.recorded.filter(a => a.subjectDigests.includes(digest)).length).toBe(6)
    for (const p of counts.platforms) {
      expect(api.recorded.filter(a => a.subjectDigests.includes(p)).map(a => a.predicateType)).toEqual([
        SIGN_TYPE
      ])
    }
    // cosign 2.5 finds and verifies them by the tag, naming the workflow identity
    const tag = `${bed.REGISTRY}/${org}/api:sha-9f2c1ab`
    const opts = { trustedRoot: sigstore.state.trustedRoot, ...identity() }
    const signature = cosignKeyless(tag, SIGN_TYPE, opts)
    expect(signature.stderr).not.toMatch(/Error/)
    expect(signature.status).toBe(0)
    expect(cosignKeyless(tag, 'vuln', opts).status).toBe(0)
    const other = cosignKeyless(tag, 'vuln', {
      ...opts,
      identity: opts.identity.replace('release.yml', 'other.yml')
    })
    expect(other.status).not.toBe(0)
    expect(other.stderr).toMatch(
      /none of the attestations matched the predicate type|expected SAN|no matching/i
    )
    published = { ...run, digest, stage }
  }, 600_000)

  test('a private repository: signed timestamps, no Rekor request at all, cosign verifies with --use-signed-timestamps', async () => {
    const { r, org } = await bedRun([{ name: 'api', trees: ['alpine-clean'] }], {
      prefix: 'keyless-private',
      inputs: keylessInputs('private'),
      env: keylessEnv('private')
    })
    expect(plainLog(r.log)).toContain(`timestamps from ${sigstore.state.urls.tsa}`)
    expect(r.exitCode).toBe(0)
    const digest = (JSON.parse(r.outputs.digests ?? '{}') as Record<string, string>).api as string
    const counts = await checkBundles(`${org}/api`, digest, 'private')
    expect(counts).toMatchObject({ onIndex: 6, onPlatforms: 2 })
    expect(await sigstore.requests('rekor')).toEqual([])
    expect((await sigstore.requests('fulcio')).length).toBe(1)
    expect((await sigstore.requests('tsa')).filter(q => q.status === 200 || q.status === 201).length).toBe(8)
    expect(api.recorded.length).toBe(8)
    const tag = `${bed.REGISTRY}/${org}/api:sha-9f2c1ab`
    const opts = { trustedRoot: sigstore.state.trustedRoot, ...identity(), timestamps: true }
    expect(cosignKeyless(tag, SIGN_TYPE, opts).status).toBe(0)
    expect(cosignKeyless(tag, 'vuln', opts).status).toBe(0)
    // without the timestamp flags cosign asks for a log entry the bundle does not have
    const strict = cosignKeyless(tag, SIGN_TYPE, { ...opts, timestamps: false })
    expect(strict.status).not.toBe(0)
  }, 600_000)

  test('Fulcio answering 500: red with the reason, no tag moved, nothing left in the registry', async () => {
    await sigstore.faults({ fulcio: '500' })
    const started = Date.now()
    const { r, org } = await bedRun([{ name: 'api', platforms: ['linux/amd64'] }], {
      prefix: 'keyless-fulcio-500',
      inputs: keylessInputs('public'),
      env: keylessEnv('public')
    })
    expect(r.exitCode).toBe(1)
    expect(errorsOf(r)).toMatch(
      /api: signing and attesting failed: Fulcio: error creating signing certificate/
    )
    expect(errorsOf(r)).toContain('injected fault: fulcio answers 500')
    expect((await registryTags(bed.REGISTRY, `${org}/api`)).filter(t => !t.startsWith('sha256-'))).toEqual([])
    expect((await sigstore.requests('fulcio')).map(q => q.status)).toEqual([500, 500])
    expect(api.recorded).toEqual([])
    expect(Date.now() - started).toBeLessThan(300_000)
  }, 600_000)
})

describe('promotion by certificate identity', () => {
  async function promote(from: { ws: string; org: string }, more: Record<string, string> = {}) {
    return await runAction({
      workspace: from.ws,
      inputs: {
        mode: 'promote',
        'source-environment': 'dev',
        environment: 'stage',
        org: from.org,
        version: 'sha-9f2c1ab',
        'certificate-identity': sigstore.state.oidc.identity,
        'certificate-oidc-issuer': GITHUB_ISSUER,
        'trusted-root': sigstore.state.trustedRoot,
        ...more
      },
      env: { DOCKER_CONFIG: path.join(work, 'no-docker-config') }
    })
  }

  test('the right workflow is accepted: the image and its bundles copied to stage', async () => {
    expect(published).toBeDefined()
    const r = await promote(published)
    expect(plainLog(r.log)).toContain('verified for')
    expect(r.exitCode).toBe(0)
    expect(await registryDigest(`${published.stage}/${published.org}/api:sha-9f2c1ab`)).toBe(published.digest)
    const metadata = JSON.parse(r.outputs.metadata ?? '{}') as { images: { verified: string[] }[] }
    expect(metadata.images[0]?.verified[0]).toContain(sigstore.state.oidc.identity)
    const copied = await storedBundles(
      bed.REGISTRY,
      `${published.stage.slice(bed.REGISTRY.length + 1)}/${published.org}/api`,
      published.digest
    )
    expect(copied.length).toBe(6)
  }, 600_000)

  test('mode verify by certificate identity: the story names the workflow, the issuer and the Rekor entry; another identity is red', async () => {
    expect(published).toBeDefined()
    const verify = async (more: Record<string, string> = {}): Promise<RunResult> =>
      await runAction({
        workspace: published.ws,
        inputs: {
          mode: 'verify',
          environment: 'dev',
          org: published.org,
          version: 'sha-9f2c1ab',
          'certificate-identity': sigstore.state.oidc.identity,
          'certificate-oidc-issuer': GITHUB_ISSUER,
          'trusted-root': sigstore.state.trustedRoot,
          ...more
        },
        env: { DOCKER_CONFIG: path.join(work, 'no-docker-config') }
      })
    const r = await verify()
    expect(errorsOf(r)).toBe('')
    expect(r.exitCode).toBe(0)
    const story = StorySchema.parse(JSON.parse(r.outputs.story ?? 'null'))
    const api = story.images[0]
    expect(api?.digest).toBe(published.digest)
    expect(api?.passed).toBe(true)
    expect(api?.signedBy).toMatchObject({ identity: sigstore.state.oidc.identity, issuer: GITHUB_ISSUER })
    // a public repository: the signatures carry Rekor entries, no signed timestamp
    expect(api?.signedBy?.tlogIndexes.length).toBeGreaterThan(0)
    expect(api?.signedBy?.timestamps).toBe(0)
    const other = sigstore.state.oidc.identity.replace('release.yml', 'other.yml')
    const refused = await verify({ 'certificate-identity': other })
    expect(refused.exitCode).toBe(1)
    expect(errorsOf(refused)).toContain(`no signature by ${other} (issuer ${GITHUB_ISSUER})`)
  }, 600_000)

  test('an identity that matches nothing: refused naming it, nothing moved', async () => {
    const nobody = 'https://github.com/nobody/nothing/.github/workflows/none.yml@refs/heads/main'
    const r = await promote(published, { 'certificate-identity': nobody, tags: 'nobody-tag' })
    expect(r.exitCode).toBe(1)
    expect(errorsOf(r)).toContain(`no signature by ${nobody} (issuer ${GITHUB_ISSUER})`)
    expect(await registryDigest(`${published.stage}/${published.org}/api:nobody-tag`)).toBeUndefined()
  }, 600_000)

  // bundles made by another run: the stand-in's token variants, through the same dist/
  test.each([
    ['another workflow', '&workflow=.github/workflows/other.yml'],
    ['another repository', '&repository=someone/else'],
    ['another issuer', '&issuer=https://issuer.example.test'],
    // its SAN (...@refs/heads/main-evil) starts with the identity asked for: matched exactly, not as a pattern
    ['another branch', '&ref=refs/heads/main-evil']
  ])(
    '%s: refused with the right identity, nothing moved',
    async (_what, query) => {
      const stage = `${bed.REGISTRY}/${uniqueOrg('keyless-stage')}`
      const built = await bedRun([{ name: 'api', platforms: ['linux/amd64'] }], {
        prefix: 'keyless-variant',
        catalogExtra: environments(stage),
        inputs: { ...keylessInputs('public'), 'github-attestations': 'false' },
        env: keylessEnv('public', query)
      })
      expect(built.r.exitCode).toBe(0)
      const fulcio = await sigstore.requests('fulcio')
      expect(fulcio.length).toBe(1)
      const r = await promote(built)
      expect(r.exitCode).toBe(1)
      expect(errorsOf(r)).toMatch(
        new RegExp(
          `api: no signature by ${sigstore.state.oidc.identity.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`
        )
      )
      expect(await registryDigest(`${stage}/${built.org}/api:sha-9f2c1ab`)).toBeUndefined()
    },
    600_000
  )
})

describe('bad input: stopped before anything is uploaded', () => {
  test('keyless without id-token: write (no ACTIONS_ID_TOKEN_REQUEST_URL)', async () => {
    const env = keylessEnv('public')
    delete env.ACTIONS_ID_TOKEN_REQUEST_URL
    delete env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
    const { r, org } = await bedRun([{ name: 'api', platforms: ['linux/amd64'] }], {
      prefix: 'keyless-no-token',
      inputs: keylessInputs('public'),
      env
    })
    expect(r.exitCode).toBe(1)
    // refused before the first build: the run's Signer is made before anything is built
    expect(errorsOf(r)).toMatch(
      /input sign: keyless signing needs an OIDC token: give the job `permissions: id-token: write`/
    )
    expect(r.log).not.toContain('build started')
    // the registry holds nothing of the run: no repository at all
    expect(await registryTags(bed.REGISTRY, `${org}/api`)).toEqual([])
    const headers = { accept: 'application/vnd.oci.image.index.v1+json' }
    const digest = (JSON.parse(r.outputs.digests ?? '{}') as Record<string, string>).api
    if (digest) {
      expect(
        (await fetch(`http://${bed.REGISTRY}/v2/${org}/api/manifests/${digest}`, { headers })).status
      ).toBe(404)
    }
    expect(await sigstore.requests('fulcio')).toEqual([])
  }, 600_000)

  test('a private repository asked to log to the public Rekor without public-log: true', async () => {
    const { r, org } = await bedRun([{ name: 'api', platforms: ['linux/amd64'] }], {
      prefix: 'keyless-public-log',
      inputs: { ...keylessInputs('private'), 'rekor-url': 'https://rekor.sigstore.dev' },
      env: keylessEnv('private')
    })
    expect(r.exitCode).toBe(1)
    expect(errorsOf(r)).toMatch(
      /input rekor-url: https:\/\/rekor\.sigstore\.dev is Sigstore's public transparency log, and this repository is private: .*set public-log: true/
    )
    expect(r.log).not.toContain('build started')
    expect(await registryTags(bed.REGISTRY, `${org}/api`)).toEqual([])
    expect(await sigstore.requests('oidc')).toEqual([])
    expect(await sigstore.requests('fulcio')).toEqual([])
  }, 600_000)
})
