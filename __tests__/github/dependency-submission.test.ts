// The submissions against the loopback stand-in of the dependency submission API: what is sent, what
// each answer becomes (a warning, never a throw), and the settings checked before any build.
import { afterAll, afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  submissionOptions,
  submitDependencySnapshots,
  type SnapshotTarget,
  type SubmissionOptions
} from '../../src/github/dependency-submission.js'
import type { SnapshotRun } from '../../src/github/snapshot.js'
import { startDependencyGraphApi, type DependencyGraphApi } from '../e2e/dependency-graph-api.js'

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'trivy-sbom')
const TOKEN = 'ghs_unit_test_token_5f1e'
const RUN: SnapshotRun = {
  workflow: 'images',
  job: 'build',
  runId: '42',
  runUrl: 'https://github.com/acme/shop/actions/runs/42',
  sha: '9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3',
  ref: 'refs/heads/main'
}

let api: DependencyGraphApi
let options: SubmissionOptions
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-snapshots-'))

beforeAll(async () => {
  api = await startDependencyGraphApi(TOKEN)
  options = { run: RUN, repository: 'acme/shop', apiUrl: `${api.url}/`, token: TOKEN, retryAfterMs: 10 }
})
afterEach(() => api.reset())
afterAll(async () => {
  await api.close()
  fs.rmSync(work, { recursive: true, force: true })
})

const target = (
  image: string,
  platform: string,
  spdx = 'alpine-npm.trivy-0.68.2-spdx.json'
): SnapshotTarget => ({
  image,
  platform,
  dockerfile: `services/${image}/Dockerfile`,
  repository: `registry.example/acme/${image}`,
  manifest: `sha256:${'d'.repeat(64)}`,
  environment: 'dev',
  spdxFile: path.join(FIXTURES, spdx)
})
const TARGETS = [
  target('web', 'linux/amd64'),
  target('web', 'linux/arm64'),
  target('api', 'linux/amd64', 'npm-lock.trivy-0.68.2-spdx.json')
]

/** What core's workflow commands wrote to stdout while the submissions ran: the warnings' messages, every line. */
function spyWarnings(): { messages: string[]; lines: string[]; restore: () => void } {
  const lines: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    lines.push(
      ...String(chunk)
        .split('\n')
        .filter(l => l !== '')
    )
    return true
  })
  return {
    get messages() {
      return lines.filter(l => l.startsWith('::warning')).map(l => l.slice(l.indexOf('::', 2) + 2))
    },
    lines,
    restore: () => spy.mockRestore()
  }
}

describe('submitDependencySnapshots', () => {
  test('one snapshot per image and platform, in order, each the SBOM it was read from', async () => {
    const w = spyWarnings()
    const results = await submitDependencySnapshots(TARGETS, {
      ...options,
      now: () => new Date('2026-12-07T10:00:00Z')
    })
    w.restore()
    expect(w.messages).toEqual([])
    expect(api.problems).toEqual([])
    expect(results).toEqual([
      {
        image: 'web',
        platform: 'linux/amd64',
        correlator: 'images_build_web_linux/amd64',
        id: 1,
        result: 'SUCCESS',
        packages: 4
      },
      {
        image: 'web',
        platform: 'linux/arm64',
        correlator: 'images_build_web_linux/arm64',
        id: 2,
        result: 'SUCCESS',
        packages: 4
      },
      {
        image: 'api',
        platform: 'linux/amd64',
        correlator: 'images_build_api_linux/amd64',
        id: 3,
        result: 'SUCCESS',
        packages: 2
      }
    ])
    expect(api.submitted.map(s => s.repository)).toEqual(['acme/shop', 'acme/shop', 'acme/shop'])
    const api3 = api.submitted[2]?.snapshot
    expect(api3?.manifests?.['api linux/amd64']?.resolved).toEqual({
      'pkg:npm/express-like@1.0.0': {
        package_url: 'pkg:npm/express-like@1.0.0',
        scope: 'runtime',
        dependencies: ['pkg:npm/lodash@4.17.20']
      },
      'pkg:npm/lodash@4.17.20': { package_url: 'pkg:npm/lodash@4.17.20', scope: 'runtime' }
    })
    expect(api3?.scanned).toBe('2026-12-07T10:00:00.000Z')
  })

  test.each<[403 | 404 | 500, RegExp]>([
    [403, /HTTP 403 \(Resource not accessible by integration\): give the job `permissions: contents: write`/],
    [404, /HTTP 404 \(Not Found\): GitHub does not find acme\/shop for this token/],
    [500, /HTTP 500 \(injected fault/]
  ])(
    '%s: one warning naming every image platform and what to change; no other request',
    async (status, why) => {
      api.fault(status)
      const w = spyWarnings()
      const results = await submitDependencySnapshots(TARGETS, options)
      w.restore()
      // a 5xx is tried twice, anything else once; the other snapshots are not sent at all
      expect(api.calls).toEqual(status === 500 ? [500, 500] : [status])
      expect(w.messages).toHaveLength(1)
      expect(w.messages[0]).toMatch(
        /^dependency snapshots not submitted for web linux\/amd64, web linux\/arm64, api linux\/amd64: POST http:\/\/127\.0\.0\.1:\d+\/repos\/acme\/shop\/dependency-graph\/snapshots: /
      )
      expect(w.messages[0]).toMatch(why)
      expect(results.map(r => r.id)).toEqual([undefined, undefined, undefined])
      expect(results.every(r => r.error && why.test(r.error))).toBe(true)
      // the token only ever in the mask command
      expect(w.lines.filter(l => l.includes(TOKEN))).toEqual([`::add-mask::${TOKEN}`])
    }
  )

  test("a body GitHub refuses (422) is that snapshot's warning; the others go on", async () => {
    const broken = path.join(work, 'cdx.json')
    fs.writeFileSync(broken, JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5' }))
    const w = spyWarnings()
    const results = await submitDependencySnapshots(
      [{ ...target('bad', 'linux/amd64'), spdxFile: broken }, TARGETS[0] as SnapshotTarget],
      options
    )
    w.restore()
    expect(results[0]?.error).toMatch(/is not an SPDX JSON document/)
    expect(results[1]?.result).toBe('SUCCESS')
    expect(w.messages).toEqual([
      expect.stringMatching(/^bad linux\/amd64: no dependency snapshot: SBOM .* is not an SPDX/)
    ])

    api.reset()
    api.fault(422)
    const w2 = spyWarnings()
    const refused = await submitDependencySnapshots([TARGETS[0], TARGETS[2]] as SnapshotTarget[], options)
    w2.restore()
    expect(api.calls).toEqual([422, 422]) // both tried: a 422 is about one body
    expect(w2.messages).toEqual([
      expect.stringMatching(
        /^web linux\/amd64: the dependency snapshot was refused: .*HTTP 422 \(Invalid request\)/
      ),
      expect.stringMatching(/^api linux\/amd64: the dependency snapshot was refused: .*HTTP 422/)
    ])
    expect(refused.every(r => r.id === undefined)).toBe(true)
  })

  test('the API down: the snapshots give up at once, with a warning, no throw', async () => {
    const down = await startDependencyGraphApi(TOKEN)
    await down.close()
    const w = spyWarnings()
    const results = await submitDependencySnapshots(TARGETS, { ...options, apiUrl: down.url })
    w.restore()
    expect(w.messages).toEqual([
      expect.stringMatching(/^dependency snapshots not submitted for .*: could not be reached/)
    ])
    expect(results).toHaveLength(3)
  })
})

describe('submissionOptions: checked before any build', () => {
  const inputs = { 'dependency-snapshot': true, 'sbom-format': ['spdx-json'], 'github-token': TOKEN }
  const env = {
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_WORKFLOW: 'images',
    GITHUB_JOB: 'build',
    GITHUB_RUN_ID: '42',
    GITHUB_SHA: RUN.sha,
    GITHUB_REF: 'refs/heads/main'
  }
  test.each<[string, Partial<typeof inputs>, Record<string, string | undefined>, string | undefined]>([
    ['off: nothing to check', { 'dependency-snapshot': false, 'github-token': '' }, {}, undefined],
    ['on, everything there', {}, {}, ''],
    [
      'no SPDX SBOM to read',
      { 'sbom-format': ['cyclonedx'] },
      {},
      'input dependency-snapshot: needs spdx-json in sbom-format (the snapshot is read from the SPDX SBOM)'
    ],
    [
      'no token',
      { 'github-token': ' ' },
      {},
      'input dependency-snapshot: needs github-token (its default, the job token, with `permissions: contents: write`)'
    ],
    [
      'not a GitHub Actions run',
      {},
      { GITHUB_RUN_ID: undefined },
      'input dependency-snapshot: GITHUB_RUN_ID not set (the runner sets them)'
    ],
    [
      'a repository that is not owner/name',
      {},
      { GITHUB_REPOSITORY: 'shop' },
      'input dependency-snapshot: GITHUB_REPOSITORY "shop" is not owner/name'
    ]
  ])('%s', (_what, over, envOver, problem) => {
    const w = spyWarnings() // the token's mask command
    const got = submissionOptions({ ...inputs, ...over }, { ...env, ...envOver }, {})
    w.restore()
    if (problem === undefined) expect(got).toBeUndefined()
    else if (problem === '')
      expect(got).toMatchObject({ repository: 'acme/shop', apiUrl: 'https://api.github.com', token: TOKEN })
    else expect(got).toEqual({ problem })
  })
})
