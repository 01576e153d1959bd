// What the sign and attest hooks ask cosign for, with a fake cosign: by digest, in which order, which predicates.
import { expect, test } from '@jest/globals'
import * as path from 'node:path'
import type { Cosign } from '../../src/cosign/cosign.js'
import { trustHooks, verdictOf, type ImageEvidence } from '../../src/publish/trust.js'

const FIXTURES = path.join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'fixtures')
const DIGEST = `sha256:${'b'.repeat(64)}`
const REF = `127.0.0.1:5000/app/api@${DIGEST}`

function fakeCosign(): {
  cosign: Cosign
  calls: { verb: string; ref: string; type?: string; predicate?: unknown }[]
} {
  const calls: { verb: string; ref: string; type?: string; predicate?: unknown }[] = []
  const cosign = {
    sign: async (ref: string, recursive: boolean) => {
      calls.push({ verb: `sign recursive=${recursive}`, ref })
    },
    signMany: async (refs: string[], recursive: boolean) => {
      calls.push({ verb: `signMany recursive=${recursive}`, ref: refs.join(' ') })
    },
    attest: async (ref: string, type: string, predicate: unknown) => {
      calls.push({ verb: 'attest', ref, type, predicate })
    }
  }
  return { cosign: cosign as unknown as Cosign, calls }
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

const options = (spdx: boolean, sign: boolean, attest: boolean) => {
  const fake = fakeCosign()
  const hooks = trustHooks({
    cosign: fake.cosign,
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

const uploaded = {
  name: 'api',
  repository: '127.0.0.1:5000/app/api',
  digest: DIGEST,
  ref: REF,
  layoutDir: '/l'
}

test('sign: the index digest, recursively; attest: provenance, then per platform the SBOM and the scan record', async () => {
  const { hooks, calls } = options(true, true, true)
  await hooks.sign?.(uploaded)
  await hooks.attest?.(uploaded)
  expect(calls.map(c => [c.verb, c.ref, c.type ?? ''])).toEqual([
    ['sign recursive=true', REF, ''],
    ['attest', REF, 'https://slsa.dev/provenance/v1'],
    ['attest', REF, 'spdxjson'],
    ['attest', REF, 'vuln'],
    ['attest', REF, 'spdxjson'],
    ['attest', REF, 'vuln']
  ])
  expect(calls[2]?.predicate).toBe('/out/sbom/api-linux-amd64.spdx.json')
  const vuln = calls[5]?.predicate as {
    invocation: { parameters: { platform: string; policy: { passed: boolean } } }
  }
  expect(vuln.invocation.parameters).toMatchObject({ platform: 'linux/arm64', policy: { passed: false } })
})

test('signMany: every uploaded digest in one cosign call, recursively', async () => {
  const { hooks, calls } = options(true, true, false)
  const web = {
    ...uploaded,
    name: 'web',
    repository: '127.0.0.1:5000/app/web',
    ref: `127.0.0.1:5000/app/web@${DIGEST}`
  }
  await hooks.signMany?.([uploaded, web])
  expect(calls).toEqual([{ verb: 'signMany recursive=true', ref: `${REF} ${web.ref}` }])
  expect(hooks.attest).toBeUndefined()
})

test('no SPDX SBOM (cyclonedx only): provenance and scan records only', async () => {
  const { hooks, calls } = options(false, false, true)
  expect(hooks.sign).toBeUndefined()
  await hooks.attest?.(uploaded)
  expect(calls.map(c => c.type)).toEqual(['https://slsa.dev/provenance/v1', 'vuln', 'vuln'])
})

test('neither: no hooks', () => {
  expect(options(true, false, false).hooks).toEqual({})
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
