// End to end with another buildx builder: the docker driver of the test bed's second engine (up.sh's
// engine2), reached through a docker context in the run's own DOCKER_CONFIG, as a workflow that set up
// its builder leaves it. What each engine's BuildKit cache holds says where the build ran.
import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { bedRun, registryDigest, registryTags, testbed } from './testbed.js'

const bed = testbed()
const bedEnv = bed as unknown as Record<string, string | undefined>
const ENGINE2_HOST = bedEnv.ENGINE2_HOST
const ENGINE1_HOST = bedEnv.DOCKER_HOST ?? 'unix:///var/run/docker.sock'

interface Child {
  stage: string
  label: string
  startMs: number
  ms: number
}

/** The docker CLI with this environment over the test's (argv, no shell); fails the test on an error. */
function dockerWith(env: Record<string, string>, args: string[]): string {
  const r = spawnSync('docker', args, { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } })
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')}: exit ${r.status}\n${r.stderr}`)
  return r.stdout
}

/** A DOCKER_CONFIG holding a docker context `engine2` for the second engine, current or not. */
function configWithEngine2(current: boolean): string {
  if (!ENGINE2_HOST)
    throw new Error(`${bed.REGISTRY}: .testbed/env has no ENGINE2_HOST: run scripts/testbed/up.sh`)
  const config = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-docker-config-'))
  dockerWith({ DOCKER_CONFIG: config }, ['context', 'create', 'engine2', '--docker', `host=${ENGINE2_HOST}`])
  if (current) dockerWith({ DOCKER_CONFIG: config }, ['context', 'use', 'engine2'])
  return config
}

/** `docker buildx du --verbose` of one engine: its BuildKit cache records, with their descriptions. */
function buildCache(host: string): string {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-docker-config-'))
  return dockerWith({ DOCKER_HOST: host, DOCKER_CONFIG: empty }, ['buildx', 'du', '--verbose'])
}

describe('builder input', () => {
  test('builder: a second engine builds the image, and what it built is pushed', async () => {
    const config = configWithEngine2(true)
    const nonce = `nonce-${randomBytes(8).toString('hex')}`
    const { r, org } = await bedRun(
      [{ name: 'api', extra: `ARG NONCE\nRUN echo "${nonce} $NONCE" > /tmp/nonce` }],
      {
        prefix: 'builder',
        inputs: {
          builder: 'engine2',
          'build-args': `BASE_IMAGE=${bed.BASE_IMAGE}\nNONCE=${nonce}`
        },
        // RUNNER_DEBUG: exec's debug lines give each child's argv
        env: { DOCKER_CONFIG: config, RUNNER_DEBUG: '1' }
      }
    )
    expect(r.errors).toEqual([])
    expect(r.exitCode).toBe(0)
    expect(r.outputs.result).toBe('passed')
    const digest = (JSON.parse(r.outputs.digests ?? '{}') as Record<string, string>).api
    expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(await registryDigest(`${bed.REGISTRY}/${org}/api:sha-9f2c1ab`)).toBe(digest)
    // the builder was named to buildx
    expect(r.log).toMatch(/exec: docker buildx build --builder engine2 --platform linux\/amd64,linux\/arm64 /)
    // and checked before: buildx's list, then (a docker context) the current context, both ended before
    // the first build started
    const { children } = (JSON.parse(r.outputs.metadata ?? '{}') as { timings: { children: Child[] } })
      .timings
    const check = children.filter(c => c.stage === 'builder')
    expect(check.map(c => c.label)).toEqual(['docker buildx', 'docker context'])
    const firstBuild = Math.min(...children.filter(c => c.stage === 'build').map(c => c.startMs))
    for (const c of check) expect(c.startMs + c.ms).toBeLessThanOrEqual(firstBuild)
    console.log(`builder check: ${check.map(c => `${c.label} ${c.ms} ms`).join(', ')}`)
    // the nonce's RUN step is in the second engine's build cache, and not in the first engine's
    expect(buildCache(ENGINE2_HOST as string)).toContain(nonce)
    expect(buildCache(ENGINE1_HOST)).not.toContain(nonce)
  })

  test('builder: no-such-builder is red before any build, naming the input and the name', async () => {
    const { r, org } = await bedRun([{ name: 'api', platforms: ['linux/amd64'] }], {
      prefix: 'builder',
      inputs: { builder: 'no-such-builder' }
    })
    expect(r.exitCode).toBe(1)
    expect(r.outputs.result).toBe('failed')
    expect(r.errors.join('\n')).toContain(
      'input builder: no buildx builder named "no-such-builder" (docker buildx ls lists them)'
    )
    expect(r.log).not.toContain('build started')
    expect(await registryTags(bed.REGISTRY, `${org}/api`)).toEqual([])
  })

  test('builder: a docker context that is not the current one is red before any build', async () => {
    const config = configWithEngine2(false)
    const { r, org } = await bedRun([{ name: 'api', platforms: ['linux/amd64'] }], {
      prefix: 'builder',
      inputs: { builder: 'engine2' },
      env: { DOCKER_CONFIG: config }
    })
    expect(r.exitCode).toBe(1)
    expect(r.errors.join('\n')).toContain(
      'input builder: "engine2" is a docker context (docker driver) and the current context is "default"'
    )
    expect(r.log).not.toContain('build started')
    expect(await registryTags(bed.REGISTRY, `${org}/api`)).toEqual([])
    // what buildx itself says of that builder, which the check above says before any build
    const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-builder-ctx-'))
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM scratch\n')
    const refused = spawnSync('docker', ['buildx', 'build', '--builder', 'engine2', ctx], {
      encoding: 'utf8',
      env: { ...process.env, DOCKER_CONFIG: config }
    })
    expect(refused.status).not.toBe(0)
    expect(refused.stderr).toContain('to switch to context "engine2"')
  })
})
