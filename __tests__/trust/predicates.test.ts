// The vulnerability scan record and SLSA provenance predicates: shapes, what is kept, what is dropped.
import { describe, expect, test } from '@jest/globals'
import {
  baseImageDependency,
  BUILD_TYPE,
  runIdentity,
  slsaPredicate,
  splitBuildArgs,
  vulnPredicate
} from '../../src/trust/predicates.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'
const ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/images.yml@refs/heads/main',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_EVENT_NAME: 'push'
}
const T0 = '2026-11-29T10:00:00.000Z'
const T1 = '2026-11-29T10:02:00.000Z'

describe('runIdentity', () => {
  test.each([
    [
      'a GitHub run',
      ENV,
      {
        builderId: 'https://github.com/acme/shop/.github/workflows/images.yml@refs/heads/main',
        invocationUri: 'https://github.com/acme/shop/actions/runs/4242/attempts/2',
        runId: '4242'
      }
    ],
    ['outside Actions', {}, { builderId: '', invocationUri: '', runId: '' }]
  ])('%s', (_name, env, want) => {
    expect(runIdentity(env)).toEqual(want)
  })
})

describe('vulnPredicate', () => {
  const report = { SchemaVersion: 2, ArtifactName: 'oci', Results: [{ Target: 'x', Vulnerabilities: [] }] }
  const base = {
    platform: 'linux/arm64',
    report,
    trivyVersion: 'v0.44.1',
    dbRepository: 'ghcr.io/aquasecurity/trivy-db',
    dbUpdatedAt: '2026-11-28T06:00:00Z',
    severities: ['HIGH', 'CRITICAL'],
    ignoreUnfixed: true,
    ignoreFiles: ['.trivyignore'],
    passed: true,
    run: runIdentity(ENV),
    startedOn: T0,
    finishedOn: T1
  }

  test('scanner, DB, the report as Trivy wrote it, and the policy that judged it', () => {
    expect(vulnPredicate(base)).toEqual({
      invocation: {
        parameters: {
          platform: 'linux/arm64',
          policy: {
            severities: ['HIGH', 'CRITICAL'],
            ignoreUnfixed: true,
            ignoreFiles: ['.trivyignore'],
            passed: true
          }
        },
        uri: 'https://github.com/acme/shop/actions/runs/4242/attempts/2',
        event_id: '4242',
        'builder.id': 'https://github.com/acme/shop/.github/workflows/images.yml@refs/heads/main'
      },
      scanner: {
        uri: 'pkg:github/aquasecurity/trivy@v0.44.1',
        version: '0.44.1',
        db: {
          uri: 'pkg:oci/trivy-db?repository_url=ghcr.io%2Faquasecurity%2Ftrivy-db',
          version: '2026-11-28T06:00:00Z'
        },
        result: report
      },
      metadata: { scanStartedOn: T0, scanFinishedOn: T1 }
    })
  })

  test('the rest of the verdict: gate mode, exceptions file and digest, baseline, DB digest', () => {
    const p = vulnPredicate({
      ...base,
      verdict: {
        mode: 'new',
        exceptions: { file: '.github/imagegate-exceptions.yml', digest: 'sha256:' + 'e'.repeat(64) },
        baseline: 'scan attestation of r/o/web@sha256:' + '1'.repeat(64),
        dbDigest: 'sha256:' + 'd'.repeat(64)
      }
    })
    expect(p.invocation.parameters.policy).toEqual({
      severities: ['HIGH', 'CRITICAL'],
      ignoreUnfixed: true,
      ignoreFiles: ['.trivyignore'],
      passed: true,
      mode: 'new',
      exceptions: { file: '.github/imagegate-exceptions.yml', digest: 'sha256:' + 'e'.repeat(64) },
      baseline: 'scan attestation of r/o/web@sha256:' + '1'.repeat(64)
    })
    expect(p.invocation.parameters.db).toEqual({ digest: 'sha256:' + 'd'.repeat(64) })
  })

  test.each([
    ['a report that is not Trivy JSON', { report: { Results: [] } }, 'SchemaVersion'],
    ['no Trivy version', { trivyVersion: '' }, 'version'],
    ['a time that is not RFC 3339', { startedOn: 'yesterday' }, 'scanStartedOn']
  ])('refused: %s', (_name, change, path) => {
    expect(() => vulnPredicate({ ...base, ...change })).toThrow(path)
  })
})

describe('splitBuildArgs', () => {
  test.each([
    [{ VERSION: '1.2', NODE_ENV: 'production' }, { VERSION: '1.2', NODE_ENV: 'production' }, []],
    [
      {
        NPM_TOKEN: 't',
        DB_PASSWORD: 'p',
        API_KEY: 'k',
        GH_PAT_SECRET: 's',
        SSH_PRIVATE: 'x',
        KEYCLOAK_URL: 'u'
      },
      { KEYCLOAK_URL: 'u' },
      ['API_KEY', 'DB_PASSWORD', 'GH_PAT_SECRET', 'NPM_TOKEN', 'SSH_PRIVATE']
    ],
    [{ AUTH_HEADER: 'h', SIGNING_KEY: 'k', monkey: 'm' }, { monkey: 'm' }, ['AUTH_HEADER', 'SIGNING_KEY']]
  ])('%j', (args, shown, redacted) => {
    expect(splitBuildArgs(args)).toEqual({ shown, redacted })
  })
})

describe('baseImageDependency', () => {
  test.each([
    [
      `127.0.0.1:5000/base/busybox@sha256:${'e'.repeat(64)}`,
      { uri: 'pkg:docker/127.0.0.1:5000/base/busybox', digest: { sha256: 'e'.repeat(64) } }
    ],
    [
      `python:3.12-slim@sha256:${'1'.repeat(64)}`,
      { uri: 'pkg:docker/python:3.12-slim', digest: { sha256: '1'.repeat(64) } }
    ],
    ['python:3.12-slim', { uri: 'pkg:docker/python:3.12-slim', annotations: { pinned: 'false' } }]
  ])('%s', (ref, want) => {
    expect(baseImageDependency(ref)).toEqual(want)
  })
})

describe('slsaPredicate', () => {
  const input = {
    image: {
      name: 'api',
      context: 'services/api',
      file: 'services/api/Dockerfile',
      platforms: ['linux/amd64', 'linux/arm64']
    },
    buildArgs: { VERSION: '1.2.3', NPM_TOKEN: 'npm_secret_value' },
    baseImages: [
      `127.0.0.1:5000/base/busybox@sha256:${'e'.repeat(64)}`,
      `127.0.0.1:5000/base/busybox@sha256:${'e'.repeat(64)}`
    ],
    env: ENV,
    commit: SHA,
    environment: 'prod',
    startedOn: T0,
    finishedOn: T1
  }

  test('builder = the workflow; source repo + commit and the base digests as dependencies; no secret value', () => {
    const p = slsaPredicate(input)
    expect(p).toEqual({
      buildDefinition: {
        buildType: BUILD_TYPE,
        externalParameters: {
          workflow: {
            ref: 'refs/heads/main',
            repository: 'https://github.com/acme/shop',
            path: '.github/workflows/images.yml'
          },
          source: { repository: 'https://github.com/acme/shop', commit: SHA },
          image: input.image,
          buildArgs: { VERSION: '1.2.3' },
          redactedBuildArgs: ['NPM_TOKEN']
        },
        internalParameters: { environment: 'prod', event: 'push' },
        resolvedDependencies: [
          { uri: 'git+https://github.com/acme/shop@refs/heads/main', digest: { gitCommit: SHA } },
          { uri: 'pkg:docker/127.0.0.1:5000/base/busybox', digest: { sha256: 'e'.repeat(64) } }
        ]
      },
      runDetails: {
        builder: { id: 'https://github.com/acme/shop/.github/workflows/images.yml@refs/heads/main' },
        metadata: {
          invocationId: 'https://github.com/acme/shop/actions/runs/4242/attempts/2',
          startedOn: T0,
          finishedOn: T1
        }
      }
    })
    expect(JSON.stringify(p)).not.toContain('npm_secret_value')
  })

  test('a target is kept; a commit that is not 40 hex is refused', () => {
    expect(
      slsaPredicate({ ...input, image: { ...input.image, target: 'runtime' } }).buildDefinition
        .externalParameters.image.target
    ).toBe('runtime')
    expect(() => slsaPredicate({ ...input, commit: 'main' })).toThrow('commit')
  })
})
