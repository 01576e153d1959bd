import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Catalog } from '../../src/catalog/schema.js'
import {
  assembleIndex,
  checkRecords,
  findRecordFiles,
  readRecordFile,
  RECORD_SCHEMA,
  RecordError,
  type PlatformRecord,
  type RecordFile,
  type RecordImage
} from '../../src/distribute/record.js'
import { buildPlan, type Plan } from '../../src/plan/plan.js'

const SHA = '9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3'
const OTHER = '0000000000000000000000000000000000000001'
const digest = (c: string): string => `sha256:${c.repeat(64).slice(0, 64)}`

const catalog: Catalog = {
  defaults: { registry: 'registry.example.com', platforms: ['linux/amd64', 'linux/arm64'] },
  images: [
    { name: 'api', context: 'services/api' },
    { name: 'web', context: 'services/web' }
  ]
} as Catalog

function plan(only: string[] = []): Plan {
  return buildPlan(
    catalog,
    '.github/images.yml',
    {
      environment: 'dev',
      tags: [],
      labels: {},
      buildArgs: {},
      cacheFrom: [],
      cacheTo: [],
      only,
      semverAliases: true,
      rules: 'enforce'
    },
    { eventName: 'push', ref: 'refs/heads/main', sha: SHA, defaultBranch: 'main', now: new Date(0) }
  )
}

const p = plan()
const repo = (name: string): string => p.images.find(i => i.name === name)?.repository as string

function image(name: string, platform: string, o: Partial<RecordImage> = {}, d = 'a'): RecordImage {
  const [os_, architecture] = platform.split('/') as [string, string]
  return {
    name,
    repository: repo(name),
    passed: true,
    reasons: [],
    uploaded: true,
    platforms: [
      {
        platform,
        manifest: {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: digest(d),
          size: 100,
          platform: { os: os_, architecture }
        },
        config: digest('c'),
        attestations: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: digest(`${d}e`),
            size: 50,
            platform: { os: 'unknown', architecture: 'unknown' },
            annotations: {
              'vnd.docker.reference.digest': digest(d),
              'vnd.docker.reference.type': 'attestation-manifest'
            }
          }
        ],
        findings: { HIGH: 0 },
        report: `../artifacts/scans/${name}.json`,
        sboms: []
      }
    ],
    ...o
  }
}

function record(platform: string, images: RecordImage[], o: Partial<PlatformRecord> = {}): PlatformRecord {
  return {
    schema: RECORD_SCHEMA,
    commit: SHA,
    ref: 'refs/heads/main',
    environment: 'dev',
    platforms: [platform],
    run: { repository: 'acme/platform', id: '1', attempt: '1', job: 'images' },
    scanner: { trivyVersion: '0.44.1', dbUpdatedAt: '' },
    created: '2026-11-29T00:00:00Z',
    images,
    ...o
  }
}

const files = (...records: PlatformRecord[]): RecordFile[] =>
  records.map((record, i) => ({ file: `records/${i}/imagegate-record-${i}.json`, record }))

const amd = (o: Partial<RecordImage> = {}) => [
  image('api', 'linux/amd64', o, '1'),
  image('web', 'linux/amd64', {}, '2')
]
const arm = () => [image('api', 'linux/arm64', {}, '3'), image('web', 'linux/arm64', {}, '4')]

describe('checkRecords: the merge policy', () => {
  test('every planned platform of every image passed at this commit: nothing to say, platforms in plan order', () => {
    // arm64's record first: the index still lists amd64 first, as the plan does
    const check = checkRecords(p, files(record('linux/arm64', arm()), record('linux/amd64', amd())))
    expect(check.problems).toEqual([])
    expect(check.images.map(i => [i.name, i.problems, i.platforms.map(x => x.platform)])).toEqual([
      ['api', [], ['linux/amd64', 'linux/arm64']],
      ['web', [], ['linux/amd64', 'linux/arm64']]
    ])
  })

  test('a missing platform job is named per image and platform', () => {
    const check = checkRecords(p, files(record('linux/amd64', amd())))
    expect(check.images.flatMap(i => i.problems)).toEqual([
      expect.stringMatching(/^api linux\/arm64: no record/),
      expect.stringMatching(/^web linux\/arm64: no record/)
    ])
  })

  test("an image that failed its gate, or was not uploaded, is refused with the job's reasons", () => {
    const failed = checkRecords(
      p,
      files(
        record('linux/amd64', amd({ passed: false, reasons: ['api: 2 CRITICAL findings'] })),
        record('linux/arm64', arm())
      )
    )
    expect(failed.images[0]?.problems).toEqual([
      'api linux/amd64: failed the gate in its platform job (records/0/imagegate-record-0.json): api: 2 CRITICAL findings'
    ])
    expect(failed.images[1]?.problems).toEqual([])
    const notUploaded = checkRecords(
      p,
      files(
        record('linux/amd64', amd({ uploaded: false, uploadError: 'HTTP 500' })),
        record('linux/arm64', arm())
      )
    )
    expect(notUploaded.images[0]?.problems[0]).toMatch(
      /api linux\/amd64: not uploaded by its platform job .*HTTP 500/
    )
  })

  test('a job that was to build a platform and holds none of it (a build error) says why', () => {
    const broken = image('api', 'linux/amd64', {
      passed: false,
      reasons: ['api: docker buildx build failed (exit 1)'],
      platforms: []
    })
    const check = checkRecords(
      p,
      files(record('linux/amd64', [broken, ...amd().slice(1)]), record('linux/arm64', arm()))
    )
    expect(check.images[0]?.problems).toEqual([
      'api linux/amd64: failed in its platform job (records/0/imagegate-record-0.json: api: docker buildx build failed (exit 1))'
    ])
  })

  test('a record of another commit refuses the whole merge; one of another environment is left alone', () => {
    const check = checkRecords(
      p,
      files(
        record('linux/amd64', amd(), { commit: OTHER }),
        record('linux/arm64', arm(), { environment: 'prod' })
      )
    )
    expect(check.problems).toEqual([
      `records/0/imagegate-record-0.json: made at commit ${OTHER}, this merge runs at ${SHA}`
    ])
    expect(check.ignored).toContain(
      'records/1/imagegate-record-1.json (environment prod, this merge is for dev)'
    )
    // and so arm64 has no record of this environment
    expect(check.images[0]?.problems).toEqual([expect.stringMatching(/^api linux\/arm64: no record/)])
  })

  test('two records that disagree on a platform manifest, or another repository, are refused', () => {
    const again = record('linux/amd64', [
      image('api', 'linux/amd64', {}, '9'),
      image('web', 'linux/amd64', {}, '2')
    ])
    const check = checkRecords(p, files(record('linux/amd64', amd()), again, record('linux/arm64', arm())))
    expect(check.images[0]?.problems[0]).toMatch(/^api linux\/amd64: records disagree on the manifest/)
    expect(check.images[1]?.problems).toEqual([]) // the same web manifest twice (a re-run job) is fine
    const elsewhere = checkRecords(
      p,
      files(
        record('linux/amd64', amd({ repository: 'registry.example.com/other/api' })),
        record('linux/arm64', arm())
      )
    )
    expect(elsewhere.images[0]?.problems[0]).toMatch(
      /uploaded to registry.example.com\/other\/api, the plan's repository is/
    )
  })

  test('of one workflow run, only the latest attempt of a re-run platform job counts', () => {
    const run = (attempt: string) => ({ repository: 'acme/platform', id: '7', attempt, job: 'build' })
    const failedFirst = record('linux/amd64', amd({ passed: false, reasons: ['api: flaky'] }), {
      run: run('1')
    })
    const rerun = record(
      'linux/amd64',
      [image('api', 'linux/amd64', {}, '5'), image('web', 'linux/amd64', {}, '2')],
      {
        run: run('2')
      }
    )
    const arm64 = record('linux/arm64', arm(), { run: run('1') })
    const check = checkRecords(p, files(failedFirst, rerun, arm64))
    expect(check.images.map(i => i.problems)).toEqual([[], []])
    expect(check.images[0]?.platforms[0]?.entry.manifest.digest).toBe(digest('5'))
    // another run's record of the same platform is not an earlier attempt: both speak, and they disagree
    const other = record('linux/amd64', amd(), { run: { ...run('1'), id: '8' } })
    expect(checkRecords(p, files(rerun, other, arm64)).images[0]?.problems[0]).toMatch(/records disagree/)
  })

  test('records of images or platforms outside the plan are left alone and listed', () => {
    const check = checkRecords(
      plan(['web']),
      files(record('linux/amd64', amd()), record('linux/arm64', arm()))
    )
    expect(check.images.map(i => i.name)).toEqual(['web'])
    expect(check.images[0]?.problems).toEqual([])
    expect(check.ignored).toEqual([
      'api linux/amd64 (records/0/imagegate-record-0.json)',
      'api linux/arm64 (records/1/imagegate-record-1.json)'
    ])
  })
})

describe('assembleIndex', () => {
  test('an OCI index of each platform manifest followed by its attestation manifests, descriptors unchanged', () => {
    const check = checkRecords(p, files(record('linux/amd64', amd()), record('linux/arm64', arm())))
    const api = check.images[0]
    if (!api) throw new Error('no api')
    const index = JSON.parse(assembleIndex(api).toString()) as {
      mediaType: string
      manifests: { digest: string }[]
    }
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json')
    expect(index.manifests.map(m => m.digest)).toEqual([digest('1'), digest('1e'), digest('3'), digest('3e')])
    expect(index.manifests[0]).toEqual(api.platforms[0]?.entry.manifest)
  })
})

describe('reading records', () => {
  const dir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-records-'))

  test('directories are searched recursively for imagegate-record-*.json; files are taken as given', () => {
    const ws = dir()
    fs.mkdirSync(path.join(ws, 'records', 'a', 'artifacts'), { recursive: true })
    fs.mkdirSync(path.join(ws, 'records', 'b', 'artifacts'), { recursive: true })
    fs.writeFileSync(
      path.join(ws, 'records', 'a', 'artifacts', 'imagegate-record-dev-linux-amd64-1.json'),
      '{}'
    )
    fs.writeFileSync(
      path.join(ws, 'records', 'b', 'artifacts', 'imagegate-record-dev-linux-arm64-2.json'),
      '{}'
    )
    fs.writeFileSync(path.join(ws, 'records', 'b', 'artifacts', 'imagegate-findings.json'), '{}')
    fs.writeFileSync(path.join(ws, 'one.json'), '{}')
    expect(findRecordFiles(['records', 'one.json'], ws).map(f => path.relative(ws, f))).toEqual([
      'records/a/artifacts/imagegate-record-dev-linux-amd64-1.json',
      'records/b/artifacts/imagegate-record-dev-linux-arm64-2.json',
      'one.json'
    ])
  })

  test('an entry that does not exist, or a directory without records, is an input error naming it', () => {
    const ws = dir()
    fs.mkdirSync(path.join(ws, 'empty'))
    expect(() => findRecordFiles(['nope'], ws)).toThrow(
      new RecordError(`input records: nope does not exist (in ${ws})`)
    )
    expect(() => findRecordFiles(['empty'], ws)).toThrow(
      /input records: no imagegate-record-\*\.json under empty/
    )
  })

  test('a record file that is not JSON or not a record names the file and the fields', () => {
    const ws = dir()
    const bad = path.join(ws, 'imagegate-record-x.json')
    fs.writeFileSync(bad, '{not json')
    expect(() => readRecordFile(bad)).toThrow(`${bad}: not JSON`)
    fs.writeFileSync(bad, JSON.stringify({ ...record('linux/amd64', amd()), commit: 'main' }))
    expect(() => readRecordFile(bad)).toThrow(
      `${bad}: not an imagegate record: commit: not a 40-hex commit id`
    )
    const good = record('linux/amd64', amd())
    fs.writeFileSync(bad, JSON.stringify(good))
    expect(readRecordFile(bad).record).toEqual(good)
  })
})
