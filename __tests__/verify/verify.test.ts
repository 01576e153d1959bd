import { afterAll, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parseCatalog } from '../../src/catalog/load.js'
import { RegistryClient, RegistryError } from '../../src/registry/client.js'
import {
  SLSA_PROVENANCE_V1,
  SPDX_PREDICATE_TYPE,
  VULN_PREDICATE_TYPE,
  type Statement
} from '../../src/trust/statements.js'
import {
  VerifyError,
  type VerifiedAttestation,
  type VerifiedSignature,
  type Verifier
} from '../../src/trust/trust.js'
import { slsaPredicate, vulnPredicate } from '../../src/trust/predicates.js'
import { StorySchema, storyMarkdown } from '../../src/verify/story.js'
import { verify } from '../../src/verify/verify.js'
import { sbomScanArgs } from '../../src/verify/rescan.js'

const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-verify-'))
afterAll(() => fs.rmSync(workspace, { recursive: true, force: true }))
fs.mkdirSync(path.join(workspace, 'api'))
fs.writeFileSync(path.join(workspace, 'api', 'Dockerfile'), 'FROM scratch\n')
const catalog = parseCatalog(
  [
    'version: 1',
    'environments:',
    '  dev: { registry: reg.test/dev }',
    '  prod: { registry: reg.test/prod, production: true }',
    'images:',
    '  - name: api',
    '    context: api',
    '    platforms: [linux/amd64, linux/arm64]'
  ].join('\n'),
  'images.yml',
  workspace
)

/** A registry in memory: manifests by repository and reference (tag or digest). */
class FakeRegistry {
  manifests = new Map<string, { bytes: Buffer; mediaType: string }>()
  put(repo: string, body: unknown, mediaType: string, tags: string[] = []): string {
    const bytes = Buffer.from(JSON.stringify(body))
    const digest = sha(bytes.toString())
    for (const ref of [digest, ...tags]) this.manifests.set(`${repo}@${ref}`, { bytes, mediaType })
    return digest
  }
  client(): RegistryClient {
    const find = (name: string, reference: string) => this.manifests.get(`${name}@${reference}`)
    return {
      getManifest: async (name: string, reference: string) => {
        const m = find(name, reference)
        if (!m) throw new RegistryError(`${name}:${reference} not found`, { status: 404, retryable: false })
        return { bytes: m.bytes, digest: sha(m.bytes.toString()), mediaType: m.mediaType }
      },
      headManifest: async (name: string, reference: string) => {
        const m = find(name, reference)
        return m
          ? { digest: sha(m.bytes.toString()), mediaType: m.mediaType, size: m.bytes.length }
          : undefined
      },
      listTags: async (name: string) =>
        [...this.manifests.keys()]
          .filter(k => k.startsWith(`${name}@`) && !k.includes('@sha256:'))
          .map(k => k.slice(name.length + 1))
    } as unknown as RegistryClient
  }
}

const INDEX = 'application/vnd.oci.image.index.v1+json'
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const commit = 'a'.repeat(40)

/** An image pushed to dev (and prod), its platform manifests and its index. */
function pushed(registry: FakeRegistry, tags = ['sha-aaaaaaa']) {
  const platforms = ['amd64', 'arm64'].map(arch => {
    const config = sha(`config ${arch}`)
    const digest = registry.put('dev/app/api', { mediaType: MANIFEST, config: { digest: config } }, MANIFEST)
    registry.put('prod/app/api', { mediaType: MANIFEST, config: { digest: config } }, MANIFEST)
    return { platform: `linux/${arch}`, digest, config }
  })
  const index = {
    mediaType: INDEX,
    manifests: platforms.map(p => ({
      digest: p.digest,
      platform: { os: 'linux', architecture: p.platform.split('/')[1] }
    }))
  }
  const digest = registry.put('dev/app/api', index, INDEX, tags)
  registry.put('prod/app/api', index, INDEX, ['1.0.0'])
  return { digest, platforms }
}

const statement = (digest: string, predicateType: string, predicate: unknown): Statement => ({
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'reg.test/dev/app/api', digest: { sha256: digest.slice(7) } }],
  predicateType,
  predicate
})

const trivyReport = (config: string, vulnerable: boolean) => ({
  SchemaVersion: 2,
  Metadata: { ImageID: config },
  Results: vulnerable
    ? [
        {
          Target: 'x',
          Vulnerabilities: [
            {
              VulnerabilityID: 'CVE-1',
              PkgName: 'lodash',
              InstalledVersion: '4.17.20',
              FixedVersion: '4.17.21',
              Severity: 'MEDIUM'
            }
          ]
        }
      ]
    : []
})

type Evidence = Partial<Record<'signature' | 'vuln' | 'sbom' | 'provenance', (digest: string) => unknown>>

/** A Verifier that answers from `evidence` (a function may throw what a real one throws). */
function fakeVerifier(image: ReturnType<typeof pushed>, evidence: Evidence = {}): Verifier {
  const base = {
    signature: (digest: string): VerifiedSignature[] => {
      if (digest !== image.digest)
        throw new VerifyError(`not signed: no signature bundle is attached to ${digest}`, 'unsigned')
      return [{ digest, format: 'bundle', tlogIndexes: ['7'], referrer: sha('sig') }]
    },
    vuln: (digest: string): VerifiedAttestation[] =>
      image.platforms.map(p => ({
        format: 'bundle',
        platform: p.platform,
        statement: statement(
          digest,
          VULN_PREDICATE_TYPE,
          vulnPredicate({
            platform: p.platform,
            report: trivyReport(p.config, true),
            trivyVersion: '0.68.2',
            dbRepository: 'mirror.gcr.io/aquasec/trivy-db:2',
            dbUpdatedAt: '2026-12-01T00:00:00Z',
            severities: ['HIGH', 'CRITICAL'],
            ignoreUnfixed: false,
            ignoreFiles: [],
            passed: true,
            verdict: {
              mode: 'all',
              exceptions: { file: '.github/imagegate-exceptions.yml', digest: sha('x') },
              applied: [
                {
                  id: 'CVE-2099-0001',
                  package: 'libfoo',
                  expires: '2026-12-31',
                  owner: '@acme/platform',
                  reason: 'no fix upstream',
                  at: '.github/imagegate-exceptions.yml:3'
                },
                {
                  id: 'CVE-2099-0002',
                  expires: '2026-12-01',
                  owner: '@acme/platform',
                  reason: 'bounded',
                  at: '.github/imagegate-exceptions.yml:9'
                }
              ],
              dbDigest: sha('db')
            },
            run: { builderId: 'b', invocationUri: 'u', runId: '1' },
            startedOn: '2026-12-01T00:00:00Z',
            finishedOn: '2026-12-01T00:01:00Z'
          })
        )
      })),
    sbom: (digest: string): VerifiedAttestation[] =>
      image.platforms.map(p => ({
        format: 'bundle',
        platform: p.platform,
        referrer: sha(`sbom ${p.platform}`),
        statement: statement(digest, SPDX_PREDICATE_TYPE, { spdxVersion: 'SPDX-2.3', packages: [{}, {}, {}] })
      })),
    provenance: (digest: string): VerifiedAttestation[] => [
      {
        format: 'bundle',
        statement: statement(
          digest,
          SLSA_PROVENANCE_V1,
          slsaPredicate({
            image: {
              name: 'api',
              context: 'api',
              file: 'api/Dockerfile',
              platforms: ['linux/amd64', 'linux/arm64']
            },
            buildArgs: {},
            baseImages: [`reg.test/base@${sha('base')}`],
            env: {
              GITHUB_REPOSITORY: 'acme/app',
              GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/images.yml@refs/heads/main',
              GITHUB_RUN_ID: '42',
              GITHUB_REF: 'refs/heads/main'
            },
            commit,
            environment: 'dev',
            startedOn: '2026-12-01T00:00:00Z',
            finishedOn: '2026-12-01T00:02:00Z'
          })
        )
      }
    ]
  }
  const pick = { ...base, ...evidence }
  const types: Record<string, keyof typeof base> = {
    [VULN_PREDICATE_TYPE]: 'vuln',
    [SPDX_PREDICATE_TYPE]: 'sbom',
    [SLSA_PROVENANCE_V1]: 'provenance'
  }
  return {
    describe: 'the key SHA256:test',
    signature: async (_repository, digest) => pick.signature(digest) as VerifiedSignature[],
    attestations: async (_repository, digest, predicateType) => {
      const kind = types[predicateType]
      return kind ? (pick[kind](digest) as VerifiedAttestation[]) : []
    }
  }
}

async function run(
  registry: FakeRegistry,
  verifier: Verifier,
  version = 'sha-aaaaaaa',
  /** The client of a repository, given the registry's own (default: that one for every repository). */
  clientOf: (repository: string, client: RegistryClient) => RegistryClient = (_, client) => client
) {
  const client = registry.client()
  return await verify({
    catalog,
    file: 'images.yml',
    environment: 'dev',
    version,
    only: [],
    verifier,
    git: { eventName: 'push', ref: 'refs/heads/main', sha: commit, now: new Date('2026-12-07T00:00:00Z') },
    clientFor: repository => clientOf(repository, client),
    parallel: 2
  })
}

describe('verify: the story of a digest', () => {
  test('green: every part of the story, valid against the documented schema', async () => {
    const registry = new FakeRegistry()
    const image = pushed(registry)
    const story = StorySchema.parse(await run(registry, fakeVerifier(image)))
    expect(story.passed).toBe(true)
    const api = story.images[0]!
    expect(api).toMatchObject({
      name: 'api',
      repository: 'reg.test/dev/app/api',
      digest: image.digest,
      platforms: ['linux/amd64', 'linux/arm64'],
      builtBy: {
        workflow: { path: '.github/workflows/images.yml', ref: 'refs/heads/main' },
        repository: 'https://github.com/acme/app',
        commit,
        run: 'https://github.com/acme/app/actions/runs/42/attempts/1'
      },
      signedBy: { signer: 'the key SHA256:test', formats: ['bundle'], tlogIndexes: ['7'] }
    })
    expect(api.from).toContainEqual({
      uri: 'pkg:docker/reg.test/base',
      digest: { sha256: sha('base').slice(7) }
    })
    expect(api.contains?.map(c => [c.platform, c.packages])).toEqual([
      ['linux/amd64', 3],
      ['linux/arm64', 3]
    ])
    expect(api.scanned?.[0]).toMatchObject({
      trivyVersion: '0.68.2',
      db: {
        updatedAt: '2026-12-01T00:00:00Z',
        digest: sha('db'),
        repository: 'mirror.gcr.io/aquasec/trivy-db:2'
      },
      findings: { MEDIUM: 1, HIGH: 0 },
      policy: {
        severities: ['HIGH', 'CRITICAL'],
        mode: 'all',
        exceptions: { file: '.github/imagegate-exceptions.yml' },
        // the exceptions that applied then, with their expiry judged on the day of this run (2026-12-07)
        exceptionsApplied: [
          {
            id: 'CVE-2099-0001',
            package: 'libfoo',
            expires: '2026-12-31',
            owner: '@acme/platform',
            expired: false
          },
          {
            id: 'CVE-2099-0002',
            expires: '2026-12-01',
            at: '.github/imagegate-exceptions.yml:9',
            expired: true
          }
        ]
      },
      passed: true
    })
    expect(storyMarkdown(api, 'dev')).toContain(
      'exceptions .github/imagegate-exceptions.yml (applied: CVE-2099-0001 (libfoo) until 2026-12-31; CVE-2099-0002 until 2026-12-01, expired)'
    )
    expect(api.standsIn).toEqual([
      {
        environment: 'dev',
        repository: 'reg.test/dev/app/api',
        tags: ['sha-aaaaaaa'],
        present: true,
        truncated: false
      },
      {
        environment: 'prod',
        repository: 'reg.test/prod/app/api',
        tags: ['1.0.0'],
        present: true,
        truncated: false
      }
    ])
    const page = storyMarkdown(api, 'dev')
    expect(page).toContain('| built by |')
    expect(page).toContain('linux/arm64: 3 packages')
  })

  test("another environment's registry that cannot be read: the story says so, the verdict stands", async () => {
    const registry = new FakeRegistry()
    const image = pushed(registry)
    // the prod registry refuses this job (no credentials for it)
    const refusing = (client: RegistryClient): RegistryClient =>
      ({
        ...client,
        headManifest: async () => {
          throw new RegistryError('authentication failed for reg.test (anonymous): HEAD answered HTTP 401', {
            status: 401,
            retryable: false
          })
        }
      }) as unknown as RegistryClient
    const story = StorySchema.parse(
      await run(registry, fakeVerifier(image), 'sha-aaaaaaa', (repository, client) =>
        repository.includes('/prod/') ? refusing(client) : client
      )
    )
    expect(story.passed).toBe(true)
    const api = story.images[0]!
    expect(api.standsIn).toEqual([
      {
        environment: 'dev',
        repository: 'reg.test/dev/app/api',
        tags: ['sha-aaaaaaa'],
        present: true,
        truncated: false
      },
      {
        environment: 'prod',
        repository: 'reg.test/prod/app/api',
        tags: [],
        present: false,
        truncated: false,
        unreadable: 'authentication failed for reg.test (anonymous): HEAD answered HTTP 401'
      }
    ])
    expect(storyMarkdown(api, 'dev')).toContain('prod: not known (reg.test/prod/app/api could not be read)')
  })

  test('by digest, the same story', async () => {
    const registry = new FakeRegistry()
    const image = pushed(registry)
    const story = await run(registry, fakeVerifier(image), image.digest)
    expect(story.images[0]).toMatchObject({ passed: true, digest: image.digest })
  })

  const refusals: [string, (image: ReturnType<typeof pushed>) => Evidence, RegExp][] = [
    [
      'unsigned',
      () => ({
        signature: d => {
          throw new VerifyError(`not signed: no signature bundle is attached to ${d}`, 'unsigned')
        }
      }),
      /^api: not signed/
    ],
    [
      'signed by another key',
      () => ({
        signature: () => {
          throw new VerifyError(
            'no signature by the key SHA256:test: signature does not match',
            'wrong-signer'
          )
        }
      }),
      /^api: no signature by the key SHA256:test/
    ],
    ['no SBOM at all', () => ({ sbom: () => [] }), /no SBOM attestation .* for linux\/amd64/],
    ['no provenance', () => ({ provenance: () => [] }), /^api: no provenance attestation/],
    [
      'an attestation about another digest',
      () => ({
        vuln: () => {
          throw new VerifyError(
            `an attestation (${VULN_PREDICATE_TYPE}) is for ${sha('other')}, not for X`,
            'digest-mismatch'
          )
        }
      }),
      /is for sha256:.*, not for/
    ],
    [
      'an SBOM that does not parse',
      image => ({
        sbom: d =>
          image.platforms.map(p => ({
            format: 'bundle',
            platform: p.platform,
            statement: statement(d, SPDX_PREDICATE_TYPE, { bom: 'cyclonedx' })
          }))
      }),
      /the SBOM attestation of linux\/amd64 .* is not an SPDX JSON document: it has no spdxVersion/
    ]
  ]
  test.each(refusals)('red: %s, naming the image and the reason', async (_name, evidence, reason) => {
    const registry = new FakeRegistry()
    const image = pushed(registry)
    const story = StorySchema.parse(await run(registry, fakeVerifier(image, evidence(image))))
    expect(story.passed).toBe(false)
    expect(story.images[0]?.reasons.join('\n')).toMatch(reason)
  })

  test('red: an SBOM for only one platform names the missing one', async () => {
    const registry = new FakeRegistry()
    const image = pushed(registry)
    const verifier = fakeVerifier(image, {
      sbom: d => [
        {
          format: 'bundle',
          platform: 'linux/arm64',
          statement: statement(d, SPDX_PREDICATE_TYPE, { spdxVersion: 'SPDX-2.3', packages: [] })
        }
      ]
    })
    const story = await run(registry, verifier)
    expect(story.images[0]?.reasons).toEqual([
      expect.stringMatching(
        /^api: no SBOM attestation \(https:\/\/spdx.dev\/Document\) for linux\/amd64 .*\(found for linux\/arm64\)$/
      )
    ])
  })

  test('red: a tag moved after signing names the tag and the digest it resolves to now', async () => {
    const registry = new FakeRegistry()
    const image = pushed(registry)
    // the tag now points at another index, which nobody signed
    const moved = registry.put('dev/app/api', { mediaType: INDEX, manifests: [] }, INDEX, ['sha-aaaaaaa'])
    const story = await run(registry, fakeVerifier(image))
    expect(story.images[0]?.reasons[0]).toContain(
      `the tag sha-aaaaaaa resolves to ${moved}: moved after signing`
    )
  })

  test('red: a digest not present in the environment', async () => {
    const registry = new FakeRegistry()
    const image = pushed(registry)
    const absent = sha('absent')
    const story = await run(registry, fakeVerifier(image), absent)
    expect(story.images[0]?.reasons).toEqual([
      `api: the digest ${absent} is not in reg.test/dev/app/api (dev)`
    ])
  })
})

test('the re-scan argv: trivy sbom, offline, JSON', () => {
  expect(
    sbomScanArgs({
      sbom: '/w/api.spdx.json',
      output: '/w/api.json',
      cacheDir: '/c',
      ignoreUnfixed: true,
      ignoreFile: '/w/.trivyignore',
      timeout: '11m'
    })
  ).toEqual([
    'sbom',
    '/w/api.spdx.json',
    '--format',
    'json',
    '--output',
    '/w/api.json',
    '--severity',
    'UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL',
    '--cache-dir',
    '/c',
    '--skip-db-update',
    '--skip-java-db-update',
    '--ignore-unfixed',
    '--ignorefile',
    '/w/.trivyignore',
    '--timeout',
    '11m',
    '--quiet'
  ])
})
