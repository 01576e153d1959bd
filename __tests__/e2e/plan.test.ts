// End to end: the bundled action in plan mode on the README's example catalog, as the runner runs it.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { ROOT, runAction, TEST_SHA } from './runner.js'

const EXAMPLE = path.join(ROOT, 'example')

function copyExample(): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-ws-'))
  fs.cpSync(EXAMPLE, ws, { recursive: true, filter: src => !src.includes(`${path.sep}artifacts`) })
  return ws
}

describe('plan mode on the example catalog', () => {
  test('push to main in dev: outputs, plan file and summary', async () => {
    const ws = copyExample()
    const r = await runAction({ workspace: ws, inputs: { mode: 'plan' } })
    expect(r.exitCode).toBe(0)
    expect(r.outputs.result).toBe('passed')
    const plan = JSON.parse(r.outputs.plan ?? '{}')
    expect(plan.environment).toBe('dev')
    expect(plan.images.map((i: { name: string }) => i.name)).toEqual([
      'backend',
      'worker',
      'frontend',
      'nginx'
    ])
    expect(plan.images.map((i: { repository: string }) => i.repository)).toEqual([
      'registry.example.com/dev/app/backend',
      'registry.example.com/dev/app/worker',
      'registry.example.com/dev/app/frontend',
      'registry.example.com/dev/ops/nginx'
    ])
    for (const image of plan.images) {
      expect(image.platforms).toEqual(['linux/amd64', 'linux/arm64'])
      expect(image.tags.map((t: { tag: string }) => t.tag)).toEqual(['dev-main', 'latest', 'sha-9f2c1ab'])
      expect(image.labels['org.opencontainers.image.revision']).toBe(TEST_SHA)
      expect(image.labels['org.opencontainers.image.source']).toBe('https://github.com/acme/platform')
      expect(image.labels['org.opencontainers.image.vendor']).toBe('Example Corp')
    }
    expect(plan.images[2].target).toBe('runtime')
    expect(plan.images[0].buildArgs).toEqual({ BASE_IMAGE: 'python:3.12-slim' })
    expect(plan.images[0].expect).toEqual({
      user: 'app',
      uid: 10001,
      healthcheck: true,
      ports: [8000],
      size: { target: 500_000_000, max: 600_000_000 }
    })
    const file = r.outputs['plan-file'] as string
    expect(file).toBe(path.join(ws, 'artifacts', 'imagegate-plan.json'))
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(plan)
    expect(r.summary).toContain('## imagegate plan: 4 images for dev')
    expect(r.summary).toContain(
      '| backend | `linux/amd64` `linux/arm64` | `dev-main` `latest` `sha-9f2c1ab` | `registry.example.com/dev/app/backend` | `services/backend/Dockerfile` |'
    )
    expect(r.summary).toContain('| nginx |')
    expect(r.log).toContain('::group::Plan: 4 images for dev')
  })

  test('a release tag to prod: SemVer tags, no latest, production registry', async () => {
    const r = await runAction({
      workspace: copyExample(),
      inputs: { mode: 'plan', environment: 'prod' },
      ref: 'refs/tags/v1.3.0'
    })
    expect(r.exitCode).toBe(0)
    const plan = JSON.parse(r.outputs.plan ?? '{}')
    expect(plan.production).toBe(true)
    expect(plan.images[0].refs).toEqual([
      'registry.example.com/app/backend:1.3.0',
      'registry.example.com/app/backend:1.3',
      'registry.example.com/app/backend:1',
      'registry.example.com/app/backend:sha-9f2c1ab'
    ])
  })

  test('a nightly schedule gets the date tag', async () => {
    const r = await runAction({
      workspace: copyExample(),
      inputs: { mode: 'plan', environment: 'stage', images: 'worker' },
      eventName: 'schedule',
      env: { SOURCE_DATE_EPOCH: String(Date.UTC(2024, 4, 30, 2, 0, 0) / 1000) }
    })
    expect(r.exitCode).toBe(0)
    const plan = JSON.parse(r.outputs.plan ?? '{}')
    expect(plan.images).toHaveLength(1)
    expect(plan.images[0].refs).toEqual([
      'registry.example.com/stage/app/worker:2024-05-30',
      'registry.example.com/stage/app/worker:sha-9f2c1ab'
    ])
  })

  test('a broken catalog: red, every problem annotated on its line, nothing planned', async () => {
    const ws = copyExample()
    const file = path.join(ws, '.github', 'images.yml')
    const text = fs
      .readFileSync(file, 'utf8')
      .replace('platforms: [linux/amd64, linux/arm64]', 'platforms: [linux/amd64, linux/amd65]')
      .replace('    context: services/worker', '    contxt: services/worker')
    fs.writeFileSync(file, text)
    const r = await runAction({ workspace: ws, inputs: { mode: 'plan' } })
    expect(r.exitCode).toBe(1)
    expect(r.outputs.result).toBe('failed')
    expect(r.outputs.plan).toBeUndefined()
    const lineOf = (needle: string): number => text.split('\n').findIndex(l => l.includes(needle)) + 1
    expect(r.errors).toContain(
      `::error title=imagegate catalog,file=.github/images.yml,line=${lineOf('linux/amd65')}::.github/images.yml:${lineOf('linux/amd65')} defaults.platforms[1]: "linux/amd65" is not a platform (expected os/arch[/variant], e.g. linux/amd64)`
    )
    expect(r.errors).toContain(
      `::error title=imagegate catalog,file=.github/images.yml,line=${lineOf('contxt')}::.github/images.yml:${lineOf('contxt')} images[1].contxt: unknown field (did you mean "context"?)`
    )
    // the failure names the count once; each problem is its own annotation (above), not repeated here
    expect(r.errors).toContain('::error::2 problems in the image catalog (each annotated above)')
    expect(r.errors).toHaveLength(3)
  })

  test('a bad input is named and nothing runs', async () => {
    const r = await runAction({
      workspace: copyExample(),
      inputs: { mode: 'plan', platforms: 'linux/amd64,linux/sparc' }
    })
    expect(r.exitCode).toBe(1)
    expect(r.log).toContain('::error::input platforms: "linux/sparc" is not a platform')
  })
})
