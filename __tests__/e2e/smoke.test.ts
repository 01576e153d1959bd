// End to end: the image contract smoke test, on real images, hardened as in production, before push.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { bedRun, docker, registryTags, testbed, type BedRun, type TestImage } from './testbed.js'

const bed = testbed()
const SERVER = [
  'USER 0',
  'RUN mkdir -p /srv && echo ok > /srv/healthz',
  'USER 10001:10001',
  'EXPOSE 8080',
  'CMD ["httpd", "-f", "-p", "8080", "-h", "/srv"]'
].join('\n')

const run = (image: TestImage, inputs: Record<string, string> = {}): Promise<BedRun> =>
  bedRun([image], { prefix: 'smoke', inputs })

/** What a smoke test may leave in the engine: its containers, its images, the tested repository's images. */
const leftovers = (repository: string): string =>
  [
    docker(['ps', '--all', '--filter', 'name=imagegate-smoke-', '--format', '{{.Names}}']).stdout,
    docker([
      'image',
      'ls',
      '--filter',
      'reference=localhost/imagegate-smoke/*',
      '--format',
      '{{.Repository}}:{{.Tag}}'
    ]).stdout,
    docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])
      .stdout.split('\n')
      .filter(line => line.includes(repository))
      .join('\n')
  ]
    .join('\n')
    .trim()

describe('smoke test', () => {
  test('a server answering 200, run read-only without capabilities, with env from the inputs: green and pushed', async () => {
    const secret = 's3cret-smoke-value-42'
    const { r, org } = await run(
      {
        name: 'web',
        platforms: ['linux/amd64', 'linux/arm64'],
        extra: SERVER,
        catalog: [
          'smoke:',
          '  env: { GREETING: hello, API_TOKEN: null }',
          '  health: { path: /healthz, port: 8080 }',
          '  timeout: 30'
        ]
      },
      { 'smoke-env': `API_TOKEN=${secret}` }
    )
    expect(r.errors).toEqual([])
    expect(r.exitCode).toBe(0)
    expect(r.log).toMatch(/web linux\/amd64: healthy \(GET \/healthz answered 200\), runs as uid 10001/)
    expect(await registryTags(bed.REGISTRY, `${org}/web`)).toContain('sha-9f2c1ab')
    const shown = r.log.split('\n').filter(l => !l.startsWith('::add-mask::'))
    expect(shown.join('\n')).not.toContain(secret)
    expect(leftovers(`${org}/web`)).toBe('')
  })

  test('a server that never becomes healthy: red with its last log lines, nothing pushed, container removed', async () => {
    const { r, org } = await run({
      name: 'sick',
      platforms: ['linux/amd64'],
      extra: SERVER,
      catalog: ['smoke:', '  health: { path: /missing, port: 8080 }', '  timeout: 4']
    })
    expect(r.exitCode).toBe(1)
    expect(r.log).toContain('sick linux/amd64: never became healthy (GET /missing answered 404)')
    expect(await registryTags(bed.REGISTRY, `${org}/sick`)).toEqual([])
    expect(r.summary).toContain('| smoke | **failed** | sick linux/amd64: never became healthy')
    expect(leftovers(`${org}/sick`)).toBe('')
  })

  test('a container that cannot start: red with the engine reason, its container and image removed all the same', async () => {
    const { r, org } = await run({
      name: 'nostart',
      platforms: ['linux/amd64'],
      extra: ['USER 10001:10001', 'CMD ["/no-such-binary"]'].join('\n'),
      catalog: ['smoke:', '  health: { path: /healthz, port: 8080 }', '  timeout: 4']
    })
    expect(r.exitCode).toBe(1)
    expect(r.log).toMatch(/nostart linux\/amd64: the container did not start: .*no-such-binary/)
    expect(await registryTags(bed.REGISTRY, `${org}/nostart`)).toEqual([])
    // docker run --name creates the container before it fails to start it; it held the image too
    expect(leftovers(`${org}/nostart`)).toBe('')
    expect(r.log).not.toMatch(/could not remove/)
  })

  test('a container that prints a smoke-env value and exits: its exit code, and the value nowhere but masked', async () => {
    const secret = 's3cret-printed-value-77'
    const { r, org } = await run(
      {
        name: 'talker',
        platforms: ['linux/amd64'],
        extra: ['USER 10001:10001', 'CMD ["sh", "-c", "echo connecting to $API_TOKEN; exit 3"]'].join('\n'),
        catalog: [
          'smoke:',
          '  env: { API_TOKEN: null }',
          '  health: { path: /healthz, port: 8080 }',
          '  timeout: 10'
        ]
      },
      { 'smoke-env': `API_TOKEN=${secret}` }
    )
    expect(r.exitCode).toBe(1)
    expect(r.log).toContain(
      'talker linux/amd64: never became healthy (the container stopped (exited, exit code 3))'
    )
    expect(r.log).toContain('connecting to ***')
    const everything = [r.log, r.summary, JSON.stringify(r.outputs)].join('\n')
    expect(
      everything
        .split('\n')
        .filter(l => !l.startsWith('::add-mask::'))
        .join('\n')
    ).not.toContain(secret)
    expect(r.outputs.metadata).toContain('connecting to ***')
    expect(leftovers(`${org}/talker`)).toBe('')
  })

  test('a required env value missing from the inputs is a clear error', async () => {
    const { r } = await run({
      name: 'needy',
      platforms: ['linux/amd64'],
      extra: SERVER,
      catalog: ['smoke:', '  env: { DATABASE_URL: null }', '  health: { path: /healthz, port: 8080 }']
    })
    expect(r.exitCode).toBe(1)
    expect(r.errors).toContain(
      '::error title=imagegate input::input smoke-env: needy: smoke test needs DATABASE_URL (catalog smoke.env is null: give it in the smoke-env input)'
    )
    // found from the catalog and the inputs: nothing was built
    expect(r.log).not.toContain('build started')
  })

  test('a build secret the catalog names and the secrets input lacks: red before anything is built', async () => {
    const { r } = await run({
      name: 'private',
      platforms: ['linux/amd64'],
      extra: SERVER,
      catalog: ['secrets: [npm_token]']
    })
    expect(r.exitCode).toBe(1)
    expect(r.errors).toContain(
      '::error title=imagegate input::input secrets: private: build secret "npm_token" is not in the secrets input'
    )
    expect(r.log).not.toContain('build started')
  })

  test('an unchanged re-run reuses the pass of the same bytes; another value runs the test again', async () => {
    const image: TestImage = {
      name: 'again',
      platforms: ['linux/amd64'],
      extra: SERVER,
      catalog: ['smoke:', '  env: { API_TOKEN: null }', '  health: { path: /healthz, port: 8080 }']
    }
    const toolCache = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-toolcache-'))
    const env = { RUNNER_TOOL_CACHE: toolCache, SOURCE_DATE_EPOCH: '1700000000' }
    const first = await bedRun([image], { prefix: 'smoke', inputs: { 'smoke-env': 'API_TOKEN=one' }, env })
    const runAgain = (value: string) =>
      bedRun(first.ws, { org: first.org, inputs: { 'smoke-env': `API_TOKEN=${value}` }, env })
    const dockerRuns = (b: BedRun) =>
      (
        JSON.parse(b.r.outputs.metadata ?? '{}') as { timings: { children: { label: string }[] } }
      ).timings.children.filter(c => c.label === 'docker run').length
    expect(first.r.exitCode).toBe(0)
    expect(dockerRuns(first)).toBe(1)
    const again = await runAgain('one')
    expect(again.r.exitCode).toBe(0)
    expect(dockerRuns(again)).toBe(0)
    expect(again.r.log).toMatch(/again linux\/amd64: sha256:[a-f0-9]{64} passed this smoke test before/)
    expect(again.r.log).toMatch(
      /again linux\/amd64: healthy \(GET \/healthz answered 200\), runs as uid 10001 \(passed before: result reused\)/
    )
    const other = await runAgain('two')
    expect(other.r.exitCode).toBe(0)
    expect(dockerRuns(other)).toBe(1)
    expect(leftovers(`${first.org}/again`)).toBe('')
  })
})
