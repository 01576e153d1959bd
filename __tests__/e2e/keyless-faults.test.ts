// Faults on the keyless trust path, through the action's own seam (makeSigner from the inputs, the
// publish's hooks, publishImages) against the bed's registry and this file's own loopback Sigstore and
// attestations API stand-in (sigstore-bed.ts), so that no fault reaches another test's services. Each
// fault must end the publish red with its reason, move no tag, leave no bundle behind, and end within
// its bound (bundle.ts FETCH: 15 s per attempt, one retry; oidc.ts: 15 s; github-store.ts: 15 s, one
// retry). Images are small OCI layouts made here (no build): only the trust path is under test.
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { publishImages, type PublishResult } from '../../src/publish/publish.js'
import type { FetchLike } from '../../src/registry/auth.js'
import { RegistryClient } from '../../src/registry/client.js'
import { trustHooks, type ImageEvidence } from '../../src/trust/evidence.js'
import { makeSigner } from '../../src/trust/setup.js'
import { writeFixture } from '../oci/oci-fixture.js'
import { storedBundles } from './bundles.js'
import {
  startAttestationsApi,
  startSigstore,
  verifyKeyless,
  GITHUB_ISSUER,
  type AttestationsApi,
  type LoopbackSigstore
} from './sigstore-bed.js'
import { FIXTURES, registryTags, testbed } from './testbed.js'

const bed = testbed()
const nonce = (): string => `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-keyless-faults-'))
const API_TOKEN = `ghs_test_${randomBytes(8).toString('hex')}`
const REPOSITORY = 'imagegate-test/example'

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

function evidence(name: string): ImageEvidence {
  return {
    name,
    context: `services/${name}`,
    file: `services/${name}/Dockerfile`,
    buildArgs: {},
    baseImages: [],
    passed: true,
    platforms: [
      { platform: 'linux/amd64', reportFile: path.join(FIXTURES, 'trivy-reports', 'alpine-clean.json') }
    ]
  }
}

interface FaultRun {
  result: PublishResult
  ms: number
  errors: string
  org: string
  digest: string
}

/** One image published with keyless signing and attesting; `visibility` picks Rekor or the TSA. */
async function keylessPublish(o: {
  visibility: 'public' | 'private'
  oidcQuery?: string
  fetch?: FetchLike
  store?: boolean
  token?: string
}): Promise<FaultRun> {
  const org = `imagegate-test/keyless-fault-${nonce()}`
  const fx = writeFixture(fs.mkdtempSync(path.join(work, 'oci-')), {
    nonce: nonce(),
    platforms: ['linux/amd64']
  })
  const event = path.join(work, `event-${nonce()}.json`)
  fs.writeFileSync(event, JSON.stringify({ repository: { visibility: o.visibility } }))
  const client = new RegistryClient({
    registry: bed.REGISTRY,
    dockerConfig: false,
    ...(o.fetch ? { fetch: o.fetch } : {})
  })
  const { state } = sigstore
  const env = {
    PATH: process.env.PATH ?? '',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: api.url,
    ...sigstore.oidcEnv(o.oidcQuery)
  }
  const signer = await makeSigner({
    inputs: {
      'cosign-key': '',
      'cosign-password': '',
      'certificate-identity': '',
      'certificate-oidc-issuer': '',
      'fulcio-url': state.urls.fulcio,
      'rekor-url': o.visibility === 'public' ? state.urls.rekor : '',
      'tsa-url': o.visibility === 'private' ? state.urls.tsa : '',
      'trusted-root': '',
      'legacy-signatures': false,
      username: '',
      password: '',
      'github-token': o.token ?? API_TOKEN,
      'github-attestations': o.store ?? true
    },
    workspace: work,
    workDir: path.join(work, `.trust-${nonce()}`),
    clientFor: () => client,
    registries: [bed.REGISTRY],
    cosign: async () => {
      throw new Error('keyless signs in process: no cosign')
    },
    env
  })
  const hooks = trustHooks({
    signer,
    sign: true,
    attest: true,
    evidence,
    scanner: { trivyVersion: '0.68.2', dbRepository: 'ghcr.io/aquasecurity/trivy-db', dbUpdatedAt: '' },
    policy: { severities: ['HIGH', 'CRITICAL'], ignoreUnfixed: false, ignoreFiles: [] },
    commit: '9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3',
    environment: 'dev',
    startedOn: new Date(),
    env
  })
  const started = Date.now()
  const result = await publishImages(
    [
      {
        name: 'api',
        repository: `${bed.REGISTRY}/${org}/api`,
        layoutDir: fx.dir,
        digest: fx.root.digest,
        tags: ['1.0.0']
      }
    ],
    { strategy: 'all-or-nothing', clientFor: () => client, concurrency: 1, ...hooks }
  )
  signer.dispose()
  return {
    result,
    ms: Date.now() - started,
    errors: result.images.flatMap(i => i.errors).join('\n'),
    org,
    digest: fx.root.digest
  }
}

/** Red, with no tag moved and no bundle left on the image. */
async function expectRefused(run: FaultRun, reason: RegExp, boundMs: number): Promise<void> {
  expect(run.errors).toMatch(reason)
  expect(run.result.passed).toBe(false)
  expect(run.ms).toBeLessThan(boundMs)
  const tags = await registryTags(bed.REGISTRY, `${run.org}/api`)
  expect(tags.filter(t => !t.startsWith('sha256-'))).toEqual([])
  expect(await storedBundles(bed.REGISTRY, `${run.org}/api`, run.digest)).toEqual([])
}

const measured: string[] = []
afterAll(() => console.log(`keyless faults, time to red:\n${measured.join('\n')}`))

describe('the keyless seam with every service answering', () => {
  test('public and private: signed, attested, tagged, recorded in the attestations API', async () => {
    for (const visibility of ['public', 'private'] as const) {
      const run = await keylessPublish({ visibility })
      expect(run.errors).toBe('')
      expect(run.result.passed).toBe(true)
      expect(await registryTags(bed.REGISTRY, `${run.org}/api`)).toContain('1.0.0')
      const stored = await storedBundles(bed.REGISTRY, `${run.org}/api`, run.digest)
      // a signature, the provenance, an SBOM-less platform's scan record
      expect(stored.length).toBe(3)
      for (const b of stored) {
        const v = verifyKeyless(b.bundle, sigstore.state.trustedRoot, {
          identity: sigstore.state.oidc.identity,
          issuer: GITHUB_ISSUER
        })
        expect(v.tlogEntries).toBe(visibility === 'public' ? 1 : 0)
        expect(v.timestamps).toBe(visibility === 'public' ? 0 : 1)
      }
      expect((await sigstore.requests('fulcio')).length).toBe(1)
      expect((await sigstore.requests('oidc')).length).toBe(1)
      // the platform manifest's signature too: 4 bundles, each recorded once
      expect(api.recorded.filter(r => r.subjectDigests.includes(run.digest)).length).toBe(3)
      expect(api.recorded.length).toBe(4)
      expect(api.problems).toEqual([])
      await sigstore.reset()
      api.recorded.length = 0
    }
  }, 120_000)
})

describe('faults on the keyless trust path: red with the reason, no tag moved, bounded', () => {
  // 500 and down: two attempts 1 s apart; hang: two attempts of 15 s
  const QUICK = 20_000
  const HANG = 50_000
  const services: ['fulcio' | 'rekor' | 'tsa', 'public' | 'private', RegExp][] = [
    ['fulcio', 'public', /api: signing and attesting failed: Fulcio: error creating signing certificate/],
    ['rekor', 'public', /api: signing and attesting failed: Rekor: error creating tlog entry/],
    ['tsa', 'private', /api: signing and attesting failed: the timestamp authority: error creating timestamp/]
  ]

  test.each(services)(
    '%s answering 500',
    async (service, visibility, reason) => {
      await sigstore.faults({ [service]: '500' })
      const run = await keylessPublish({ visibility })
      await expectRefused(run, reason, QUICK)
      expect(run.errors).toContain(`injected fault: ${service} answers 500`)
      // one retry, and a failed certificate is not asked for again
      if (service === 'fulcio')
        expect((await sigstore.requests('fulcio')).map(r => r.status)).toEqual([500, 500])
      measured.push(`  ${service} 500: ${run.ms} ms`)
    },
    120_000
  )

  test.each(services)(
    '%s hanging',
    async (service, visibility, reason) => {
      await sigstore.faults({ [service]: 'hang' })
      const run = await keylessPublish({ visibility })
      await expectRefused(run, reason, HANG)
      expect(run.errors).toMatch(/timeout/i)
      expect(run.ms).toBeGreaterThanOrEqual(30_000)
      measured.push(`  ${service} hang: ${run.ms} ms`)
    },
    120_000
  )

  test.each(services)(
    '%s down',
    async (service, visibility, reason) => {
      await sigstore.faults({ [service]: 'down' })
      const run = await keylessPublish({ visibility })
      await expectRefused(run, reason, QUICK)
      expect(run.errors).toMatch(/ECONNREFUSED/)
      measured.push(`  ${service} down: ${run.ms} ms`)
    },
    120_000
  )

  test.each([
    ['expired', '&variant=expired', /Fulcio: .*expired/],
    ['for another audience', '&variant=audience', /Fulcio: .*audience/]
  ])(
    'an OIDC token %s: Fulcio refuses it',
    async (_what, query, reason) => {
      const run = await keylessPublish({ visibility: 'public', oidcQuery: query })
      await expectRefused(run, reason, QUICK)
      expect((await sigstore.requests('fulcio')).map(r => r.status)).toEqual([401])
      expect(await sigstore.requests('rekor')).toEqual([])
    },
    120_000
  )

  test('the OIDC endpoint hanging: the token request gives up after 15 s', async () => {
    await sigstore.faults({ oidc: 'hang' })
    const run = await keylessPublish({ visibility: 'public' })
    await expectRefused(run, /the runner's OIDC endpoint did not answer within 15 s/, 30_000)
    expect(run.ms).toBeGreaterThanOrEqual(15_000)
    expect(await sigstore.requests('fulcio')).toEqual([])
    measured.push(`  oidc hang: ${run.ms} ms`)
  }, 120_000)

  test.each(['500', 'hang', 'down'] as const)(
    'the attestations API %s',
    async fault => {
      await api.fault(fault)
      const run = await keylessPublish({ visibility: 'public' })
      const why = {
        '500': /HTTP 500 \(injected fault/,
        hang: /no answer within 15 s/,
        down: /could not be reached/
      }
      await expectRefused(run, why[fault], fault === 'hang' ? 30_000 : QUICK)
      expect(run.errors).toMatch(/could not be recorded in GitHub's attestations/)
      expect(api.recorded).toEqual([])
      if (fault === '500') expect(api.calls.filter(c => c === 500).length).toBeGreaterThanOrEqual(2)
      measured.push(`  attestations API ${fault}: ${run.ms} ms`)
    },
    120_000
  )

  test('the attestations API refusing the token: red naming the permission it needs', async () => {
    const run = await keylessPublish({ visibility: 'public', token: 'ghs_not_the_token' })
    await expectRefused(
      run,
      /HTTP 401 \(Bad credentials\): give the job `permissions: attestations: write`/,
      QUICK
    )
    expect(run.errors).not.toContain('ghs_not_the_token')
  }, 120_000)

  const BUNDLE_TYPE = '"artifactType":"application/vnd.dev.sigstore.bundle.v0.3+json"'
  test.each([
    [
      "the referrer's artifact type",
      (pathname: string, body: string) => body.includes(BUNDLE_TYPE) && !/sha256-[0-9a-f]{64}$/.test(pathname)
    ],
    ['the referrers fallback tag', (pathname: string) => /\/manifests\/sha256-[0-9a-f]{64}$/.test(pathname)]
  ])(
    'a registry refusing %s',
    async (_what, refuse) => {
      const refused: string[] = []
      const fetchFn: FetchLike = async (url, init) => {
        const { pathname } = new URL(url)
        const body =
          typeof init.body === 'string'
            ? init.body
            : init.body instanceof Uint8Array
              ? Buffer.from(init.body).toString()
              : ''
        if (init.method === 'PUT' && /\/manifests\//.test(pathname) && refuse(pathname, body)) {
          refused.push(pathname)
          return new Response('{"errors":[{"code":"MANIFEST_INVALID","message":"refused by the test"}]}', {
            status: 400
          })
        }
        return await fetch(url, init)
      }
      const run = await keylessPublish({ visibility: 'public', fetch: fetchFn })
      expect(refused.length).toBeGreaterThan(0)
      await expectRefused(run, /MANIFEST_INVALID: refused by the test/, QUICK)
    },
    120_000
  )
})
