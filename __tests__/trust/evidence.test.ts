// What the publish's trust hooks ask of the Signer, with a fake one: by digest, in which order, which predicates.
import { expect, test } from '@jest/globals'
import * as path from 'node:path'
import { trustHooks, verdictOf, type ImageEvidence } from '../../src/trust/evidence.js'
import type { AttestationRequest, Signer } from '../../src/trust/trust.js'

const FIXTURES = path.join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'fixtures')
const DIGEST = `sha256:${'b'.repeat(64)}`
const REF = `127.0.0.1:5000/app/api@${DIGEST}`

/** A Signer that records what the hooks ask of it. */
function fakeSigner(): {
  signer: Signer
  calls: { verb: string; images: string[]; requests?: AttestationRequest[] }[]
} {
  const calls: { verb: string; images: string[]; requests?: AttestationRequest[] }[] = []
  const signer: Signer = {
    identity: { kind: 'key', who: 'SHA256:test' },
    signsAtOnce: true,
    sign: async images => {
      calls.push({
        verb: 'sign',
        images: images.map(i => `${i.repository}@${i.digest} ${i.mediaType} ${i.size}`)
      })
    },
    attest: async (image, requests) => {
      calls.push({ verb: 'attest', images: [`${image.repository}@${image.digest}`], requests: [...requests] })
    },
    withdraw: async image => {
      calls.push({ verb: 'withdraw', images: [`${image.repository}@${image.digest}`] })
    },
    attached: () => [],
    dispose: () => undefined
  }
  return { signer, calls }
}

const evidence = (spdx: boolean): ImageEvidence => ({
  name: 'api',
  context: 'services/api',
  file: 'services/api/Dockerfile',
  buildArgs: {},
  baseImages: [],
  passed: false,
  platforms: ['linux/amd64', 'linux/arm64'].map(platform => ({
    platform,
    reportFile: path.join(FIXTURES, 'trivy-reports', 'alpine-vuln.json'),
    spdxFile: spdx ? `/out/sbom/api-${platform.replace('/', '-')}.spdx.json` : undefined
  }))
})

const options = (spdx: boolean, sign: boolean, attest: boolean, inProcess = false) => {
  const fake = fakeSigner()
  if (inProcess) {
    // a signer that makes bundles in process: no batch, and both in one referrers update
    Object.assign(fake.signer, {
      signsAtOnce: false,
      signAndAttest: async (
        image: { repository: string; digest: string },
        requests: AttestationRequest[]
      ) => {
        fake.calls.push({ verb: 'signAndAttest', images: [`${image.repository}@${image.digest}`], requests })
      }
    })
  }
  const hooks = trustHooks({
    signer: fake.signer,
    sign,
    attest,
    evidence: () => evidence(spdx),
    scanner: {
      trivyVersion: '0.44.1',
      dbRepository: 'mirror.example/trivy-db',
      dbUpdatedAt: '2026-11-28T06:00:00Z'
    },
    policy: { severities: ['CRITICAL'], ignoreUnfixed: false, ignoreFiles: [] },
    commit: '9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3',
    environment: 'dev',
    startedOn: new Date('2026-11-29T10:00:00Z'),
    env: {},
    now: () => new Date('2026-11-29T10:05:00Z')
  })
  return { ...fake, hooks }
}

const INDEX = 'application/vnd.oci.image.index.v1+json'
const uploaded = {
  name: 'api',
  repository: '127.0.0.1:5000/app/api',
  digest: DIGEST,
  ref: REF,
  mediaType: INDEX,
  size: 1234,
  layoutDir: '/l'
}

test('attest: provenance, then per platform the SBOM (the file as written) and the scan record, all on the index digest', async () => {
  const { hooks, calls } = options(true, true, true)
  await hooks.attest?.(uploaded)
  expect(calls).toHaveLength(1)
  expect(calls[0]?.images).toEqual([REF])
  const requests = calls[0]?.requests ?? []
  expect(requests.map(r => [r.kind, r.predicateType, r.platform ?? ''])).toEqual([
    ['provenance', 'https://slsa.dev/provenance/v1', ''],
    ['sbom', 'https://spdx.dev/Document', 'linux/amd64'],
    ['vuln', 'https://cosign.sigstore.dev/attestation/vuln/v1', 'linux/amd64'],
    ['sbom', 'https://spdx.dev/Document', 'linux/arm64'],
    ['vuln', 'https://cosign.sigstore.dev/attestation/vuln/v1', 'linux/arm64']
  ])
  expect(requests[1]?.predicate).toBe('/out/sbom/api-linux-amd64.spdx.json')
  const vuln = requests[4]?.predicate as {
    invocation: { parameters: { platform: string; policy: { passed: boolean } } }
    metadata: { scanStartedOn: string; scanFinishedOn: string }
  }
  expect(vuln.invocation.parameters).toMatchObject({ platform: 'linux/arm64', policy: { passed: false } })
  expect(vuln.metadata).toEqual({
    scanStartedOn: '2026-11-29T10:00:00.000Z',
    scanFinishedOn: '2026-11-29T10:05:00.000Z'
  })
})

test('signMany: every uploaded digest in one call to the signer, with its media type and size', async () => {
  const { hooks, calls } = options(true, true, false)
  const web = {
    ...uploaded,
    name: 'web',
    repository: '127.0.0.1:5000/app/web',
    ref: `127.0.0.1:5000/app/web@${DIGEST}`
  }
  await hooks.signMany?.([uploaded, web])
  expect(calls).toEqual([{ verb: 'sign', images: [`${REF} ${INDEX} 1234`, `${web.ref} ${INDEX} 1234`] }])
  expect(hooks.attest).toBeUndefined()
})

test('a signer that signs in process: one signAndAttest per image with its attestations; sign alone is per image', async () => {
  const both = options(true, true, true, true)
  expect(Object.keys(both.hooks).sort()).toEqual(['signAndAttest', 'withdraw'])
  await both.hooks.signAndAttest?.(uploaded)
  expect(both.calls.map(c => [c.verb, c.images, c.requests?.length])).toEqual([['signAndAttest', [REF], 5]])
  const signOnly = options(true, true, false, true)
  expect(Object.keys(signOnly.hooks).sort()).toEqual(['sign', 'withdraw'])
  await signOnly.hooks.sign?.(uploaded)
  expect(signOnly.calls.map(c => [c.verb, c.images])).toEqual([['sign', [`${REF} ${INDEX} 1234`]]])
  const attestOnly = options(true, false, true, true)
  expect(Object.keys(attestOnly.hooks).sort()).toEqual(['attest', 'withdraw'])
})

test('withdraw: always there, it takes back what the signer attached to the image', async () => {
  const { hooks, calls } = options(true, false, false)
  await hooks.withdraw?.(uploaded)
  expect(calls).toEqual([{ verb: 'withdraw', images: [REF] }])
})

test('no SPDX SBOM (cyclonedx only): provenance and scan records only', async () => {
  const { hooks, calls } = options(false, false, true)
  expect(hooks.signMany).toBeUndefined()
  await hooks.attest?.(uploaded)
  expect(calls[0]?.requests?.map(r => r.kind)).toEqual(['provenance', 'vuln', 'vuln'])
})

test('neither: only the withdrawal', () => {
  expect(Object.keys(options(true, false, false).hooks)).toEqual(['withdraw'])
})

test.each([
  [
    'everything known',
    {
      imagegate: '0.1.0',
      trivy: { version: '0.56.2' },
      db: { updatedAt: '2026-11-01T00:00:00Z', digest: `sha256:${'d'.repeat(64)}` },
      policy: {
        severities: ['HIGH'],
        modes: { api: 'new', web: 'all' },
        exceptions: { file: 'x.yml', digest: `sha256:${'e'.repeat(64)}` },
        baseline: 'baseline file prev'
      }
    },
    {
      mode: 'new',
      exceptions: { file: 'x.yml', digest: `sha256:${'e'.repeat(64)}` },
      baseline: 'baseline file prev',
      dbDigest: `sha256:${'d'.repeat(64)}`
    }
  ],
  [
    'no DB digest, no exceptions, no baseline',
    {
      imagegate: '0.1.0',
      trivy: { version: 'dev' },
      db: {},
      policy: { severities: [], modes: { api: 'all' } }
    },
    { mode: 'all' }
  ]
])(
  "verdictOf: the vuln predicate gets the image's part of the provenance (%s)",
  (_name, provenance, want) => {
    expect(verdictOf(provenance, 'api')).toEqual(want)
  }
)

test('verdictOf and the vuln predicate carry the scanner options (skip-files, pkg-types, trivy-config)', async () => {
  const scanner = {
    skipDirs: ['/opt'],
    skipFiles: ['/app/package.json'],
    pkgTypes: ['os' as const],
    scanners: ['vuln' as const]
  }
  const provenance = {
    imagegate: '0.1.0',
    trivy: { version: '0.68.2' },
    db: {},
    policy: { severities: ['HIGH'], modes: { api: 'all' }, scanner }
  }
  expect(verdictOf(provenance, 'api')).toEqual({ mode: 'all', scanner })
  const fake = fakeSigner()
  const hooks = trustHooks({
    signer: fake.signer,
    sign: false,
    attest: true,
    evidence: () => evidence(false),
    scanner: { trivyVersion: '0.68.2', dbRepository: 'x', dbUpdatedAt: '2026-11-28T06:00:00Z' },
    policy: { severities: ['HIGH'], ignoreUnfixed: false, ignoreFiles: [] },
    provenance,
    commit: '9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3',
    environment: 'dev',
    startedOn: new Date('2026-11-29T10:00:00Z'),
    env: {}
  })
  await hooks.attest?.(uploaded)
  const vuln = fake.calls[0]?.requests?.find(r => r.kind === 'vuln')?.predicate as {
    invocation: { parameters: { policy: { scanner?: unknown } } }
  }
  expect(vuln.invocation.parameters.policy.scanner).toEqual(scanner)
})
