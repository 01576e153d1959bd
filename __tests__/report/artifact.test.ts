import { afterEach, describe, expect, test } from '@jest/globals'
import * as os from 'node:os'
import {
  artifactName,
  artifactUrl,
  FORBIDDEN_NAME_CHARACTERS,
  MAX_ARTIFACT_NAME_LENGTH,
  uploadEvidence,
  type ArtifactNameContext
} from '../../src/report/artifact.js'

const HASH = /-[0-9a-f]{16}$/
const valid = (name: string): boolean =>
  name.length <= MAX_ARTIFACT_NAME_LENGTH &&
  /^[A-Za-z0-9._+-]+$/.test(name) &&
  !FORBIDDEN_NAME_CHARACTERS.some(c => name.includes(c))

describe('artifactName', () => {
  test.each<[string, ArtifactNameContext, RegExp]>([
    [
      'one job, all images',
      { job: 'images', runAttempt: '1', images: ['api', 'web'] },
      /^imagegate-evidence-images-api\+web-1-[0-9a-f]{16}$/
    ],
    [
      'a matrix job with a key',
      { job: 'build', runAttempt: '2', matrixKey: 'amd64', images: ['api'] },
      /^imagegate-evidence-build-amd64-api-2-[0-9a-f]{16}$/
    ],
    ['outside GitHub', { images: ['api'] }, /^imagegate-evidence-local-api-1-[0-9a-f]{16}$/],
    [
      'no images',
      { job: 'images', runAttempt: '3', images: [] },
      /^imagegate-evidence-images-3-[0-9a-f]{16}$/
    ]
  ])('%s', (_, ctx, expected) => {
    const name = artifactName(ctx)
    expect(name).toMatch(expected)
    expect(valid(name)).toBe(true)
  })

  test('deterministic: the same job and image set in any order gives the same name', () => {
    const a = artifactName({ job: 'images', runAttempt: '1', images: ['web', 'api', 'web'] })
    expect(artifactName({ job: 'images', runAttempt: '1', images: ['api', 'web'] })).toBe(a)
    expect(artifactName({ job: 'images', runAttempt: '1', images: ['web', 'api', 'web'] })).toBe(a)
  })

  test('jobs of one matrix differ: other images, other matrix key, other attempt', () => {
    const base = { job: 'images', runAttempt: '1' }
    const names = [
      artifactName({ ...base, images: ['api'] }),
      artifactName({ ...base, images: ['web'] }),
      artifactName({ ...base, images: ['api', 'web'] }),
      artifactName({ ...base, images: ['api'], matrixKey: 'linux-amd64' }),
      artifactName({ ...base, images: ['api'], matrixKey: 'linux-arm64' }),
      artifactName({ ...base, runAttempt: '2', images: ['api'] }),
      artifactName({ job: 'scan', runAttempt: '1', images: ['api'] })
    ]
    expect(new Set(names).size).toBe(names.length)
  })

  test('inputs that read alike still differ (the hash is of the exact inputs)', () => {
    // `-` separates the parts and also appears inside job ids and image names.
    expect(artifactName({ job: 'scan-web', runAttempt: '1', images: ['api'] })).not.toBe(
      artifactName({ job: 'scan', runAttempt: '1', images: ['web-api'] })
    )
    // Cleaning maps both keys to linux-amd64.
    const slash = artifactName({ job: 'b', matrixKey: 'linux/amd64', images: ['api'] })
    const colon = artifactName({ job: 'b', matrixKey: 'linux:amd64', images: ['api'] })
    expect(slash.replace(HASH, '')).toBe(colon.replace(HASH, ''))
    expect(slash).not.toBe(colon)
  })

  test('characters the artifact service refuses are removed', () => {
    const name = artifactName({
      job: 'a"b:c<d>e|f*g?h\ri\nj\\k/l m',
      runAttempt: '1',
      matrixKey: '{"os":"ubuntu-24.04","arch":"arm64"}',
      images: ['tools/base', 'ä:ö']
    })
    expect(valid(name)).toBe(true)
    expect(name).toMatch(/^imagegate-evidence-a-b-c-d-e-f-g-h-i-j-k-l-m-os-ubuntu-24\.04-arch-arm64-/)
    expect(name).not.toMatch(/--/)
  })

  test('long names are cut to 200 characters, deterministically, and keep their hash', () => {
    const images = Array.from({ length: 60 }, (_, i) => `service-number-${i}`)
    const long = artifactName({ job: 'images', runAttempt: '1', images })
    expect(long.length).toBeLessThanOrEqual(MAX_ARTIFACT_NAME_LENGTH)
    expect(long).toMatch(HASH)
    expect(valid(long)).toBe(true)
    expect(artifactName({ job: 'images', runAttempt: '1', images: [...images].reverse() })).toBe(long)
    // Two inputs that differ only past the cut still differ.
    const other = artifactName({
      job: 'images',
      runAttempt: '1',
      images: [...images.slice(0, 59), 'service-number-x']
    })
    expect(other.replace(HASH, '')).toBe(long.replace(HASH, ''))
    expect(other).not.toBe(long)
  })

  test('no collision over many contexts that clean to few spellings', () => {
    const jobs = ['a', 'a-b', 'a/b', 'a:b', 'b']
    const keys = [undefined, 'x', 'x-y', 'x/y']
    const imageSets = [[], ['a'], ['b'], ['a', 'b'], ['a-b'], ['b-x'], ['y']]
    const attempts = ['1', '2', '1-']
    const seen = new Map<string, string>()
    for (const job of jobs)
      for (const matrixKey of keys)
        for (const images of imageSets)
          for (const runAttempt of attempts) {
            const input = JSON.stringify({ job, matrixKey, images, runAttempt })
            const name = artifactName({ job, matrixKey, images, runAttempt })
            expect(valid(name)).toBe(true)
            expect(seen.get(name) ?? input).toBe(input)
            seen.set(name, input)
          }
    expect(seen.size).toBe(jobs.length * keys.length * imageSets.length * attempts.length)
  })
})

describe('artifactUrl', () => {
  test('as actions/upload-artifact builds it', () => {
    const env = {
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/platform',
      GITHUB_RUN_ID: '77'
    }
    expect(artifactUrl(12, env)).toBe('https://github.com/acme/platform/actions/runs/77/artifacts/12')
    expect(artifactUrl(12, { GITHUB_REPOSITORY: 'acme/platform', GITHUB_RUN_ID: '77' })).toBe(
      'https://github.com/acme/platform/actions/runs/77/artifacts/12'
    )
    expect(artifactUrl(12, {})).toBeUndefined()
  })
})

describe('uploadEvidence outside GitHub', () => {
  const saved = { token: process.env.ACTIONS_RUNTIME_TOKEN, url: process.env.ACTIONS_RESULTS_URL }
  afterEach(() => {
    for (const [k, v] of [
      ['ACTIONS_RUNTIME_TOKEN', saved.token],
      ['ACTIONS_RESULTS_URL', saved.url]
    ] as const) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  })

  test('uploads nothing and says where the files stay', async () => {
    delete process.env.ACTIONS_RUNTIME_TOKEN
    const dir = os.tmpdir()
    await expect(uploadEvidence([], dir, { name: 'x', retentionDays: 30 })).resolves.toEqual({
      uploaded: false,
      reason: `not running on GitHub Actions (no ACTIONS_RUNTIME_TOKEN): files stay in ${dir}`
    })
    process.env.ACTIONS_RUNTIME_TOKEN = 'a.b.c'
    delete process.env.ACTIONS_RESULTS_URL
    await expect(uploadEvidence([], dir, { name: 'x', retentionDays: 30 })).resolves.toMatchObject({
      uploaded: false,
      reason: expect.stringContaining('(no ACTIONS_RESULTS_URL)')
    })
  })

  test.each([0, -1, 1.5, Number.NaN])('retention-days %p is refused', async days => {
    await expect(uploadEvidence([], os.tmpdir(), { name: 'x', retentionDays: days })).rejects.toThrow(
      /retention-days must be a whole number of days, at least 1/
    )
  })
})
