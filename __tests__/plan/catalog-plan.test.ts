// One report for a catalog: schema, workspace and policy problems together, each with its line.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { CatalogError, type Problem } from '../../src/catalog/errors.js'
import { readCatalog } from '../../src/catalog/load.js'
import { planCatalog } from '../../src/plan/catalog-plan.js'
import type { PlanOptions } from '../../src/plan/plan.js'

const FILE = '.github/images.yml'
const SHA = '9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3'
let ws: string

beforeAll(() => {
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-catalog-plan-'))
  for (const dir of ['services/api', 'services/worker']) {
    fs.mkdirSync(path.join(ws, dir), { recursive: true })
    fs.writeFileSync(path.join(ws, dir, 'Dockerfile'), 'FROM scratch\n')
  }
})
afterAll(() => fs.rmSync(ws, { recursive: true, force: true }))

const git = (ref = 'refs/tags/v1.3.0') => ({
  eventName: 'push',
  ref,
  sha: SHA,
  defaultBranch: 'main',
  now: new Date('2024-05-30T02:15:00Z')
})
const opts = (o: Partial<PlanOptions> = {}): PlanOptions => ({
  environment: 'prod',
  tags: [],
  labels: {},
  buildArgs: {},
  cacheFrom: [],
  cacheTo: [],
  only: [],
  semverAliases: true,
  rules: 'enforce',
  ...o
})

function report(text: string, o: Partial<PlanOptions> = {}): Problem[] {
  try {
    planCatalog(readCatalog(text, FILE, ws), opts(o), git())
  } catch (err) {
    if (err instanceof CatalogError) return [...err.problems]
    throw err
  }
  throw new Error('the catalog was accepted')
}

const HEAD = `environments:
  dev: { registry: r.example.com/dev }
  prod: { registry: r.example.com, production: true }
images:
`

describe('one catalog report', () => {
  test('a typo, a missing context and latest in prod: all three in one run, each on its line', () => {
    const text = `${HEAD}  - name: api
    context: services/api
    platfroms: [linux/amd64]
  - name: worker
    context: services/wrker
  - name: web
    context: services/api
    tags: [stable, latest]
`
    const problems = report(text)
    expect(problems.map(p => [p.line, p.message])).toEqual([
      [7, 'unknown field (did you mean "platforms"?)'],
      [9, '"services/wrker" is not a directory in the workspace'],
      [12, '"latest" is only for the dev environment, never prod']
    ])
    expect(problems.map(p => p.file)).toEqual([FILE, FILE, FILE])
    expect(new CatalogError(problems).message).toBe(
      '3 problems in the image catalog:\n' +
        '.github/images.yml:7 images[0].platfroms: unknown field (did you mean "platforms"?)\n' +
        '.github/images.yml:9 images[1].context: "services/wrker" is not a directory in the workspace\n' +
        '.github/images.yml:12 images[2].tags[1]: "latest" is only for the dev environment, never prod'
    )
  })

  test('policy problems of images after one the schema refused keep their file index and line', () => {
    const problems = report(`${HEAD}  - name: Api
    context: services/api
  - name: worker-debug
    context: services/worker
    tags: [latest]
`)
    expect(problems.map(p => `${p.line} ${p.path.join('.')}`)).toEqual([
      '5 images.0.name',
      '7 images.1.name',
      '9 images.1.tags.0'
    ])
  })

  test('a tags input refused by the policy: once, as the input, after the catalog problems', () => {
    const problems = report(
      `${HEAD}  - name: api\n    context: services/nope\n  - name: worker\n    context: services/worker\n`,
      {
        tags: ['latest']
      }
    )
    expect(problems.map(p => (p.input ? `input ${p.input}` : `${p.file}:${p.line}`))).toEqual([
      '.github/images.yml:6',
      'input tags'
    ])
    expect(new CatalogError(problems).message).toBe(
      '1 problem in the image catalog and 1 in the inputs:\n' +
        '.github/images.yml:6 images[0].context: "services/nope" is not a directory in the workspace\n' +
        'input tags: "latest" is only for the dev environment, never prod'
    )
  })

  test('a misspelt environment comes first, before the catalog problems it may cause', () => {
    const problems = report(`${HEAD}  - name: api\n    context: services/nope\n`, { environment: 'prdo' })
    expect(new CatalogError(problems).message).toBe(
      '1 problem in the image catalog and 1 in the inputs:\n' +
        `input environment: "prdo" is not one of dev, prod (the catalog's environments)\n` +
        '.github/images.yml:6 images[0].context: "services/nope" is not a directory in the workspace'
    )
  })

  test('a field the schema refused is not reported again by planning', () => {
    // the registry is refused by the schema; planning must not add "no registry"
    const problems = report(
      `environments:\n  prod: { registry: "https://r.example.com" }\nimages:\n  - name: api\n    context: services/api\n`
    )
    expect(problems.map(p => `${p.line} ${p.message}`)).toEqual([
      '2 "https://r.example.com" is not a registry (a host[:port] with optional /path, no scheme)'
    ])
  })

  test('a valid catalog plans as before', () => {
    const plan = planCatalog(
      readCatalog(`${HEAD}  - name: api\n    context: services/api\n`, FILE, ws),
      opts(),
      git()
    )
    expect(plan.images[0]?.refs).toEqual([
      'r.example.com/app/api:1.3.0',
      'r.example.com/app/api:1.3',
      'r.example.com/app/api:1',
      'r.example.com/app/api:sha-9f2c1ab'
    ])
  })

  test("semver-tag: git-tag gives the design doc's v1.3.0, and the version label follows", () => {
    const plan = planCatalog(
      readCatalog(
        `defaults:\n  semver-tag: git-tag\n${HEAD}  - name: api\n    context: services/api\n`,
        FILE,
        ws
      ),
      opts(),
      git()
    )
    expect(plan.images[0]?.refs).toEqual([
      'r.example.com/app/api:v1.3.0',
      'r.example.com/app/api:v1.3',
      'r.example.com/app/api:v1',
      'r.example.com/app/api:sha-9f2c1ab'
    ])
    expect(plan.images[0]?.labels['org.opencontainers.image.version']).toBe('v1.3.0')
    expect(plan.git.version).toBe('1.3.0')
  })

  test('cache-to type=gha gets a scope per image; a scope the catalog set stays', () => {
    const plan = planCatalog(
      readCatalog(
        `${HEAD}  - name: api\n    context: services/api\n  - name: worker\n    context: services/worker\n    cache-to: ["type=gha,scope=jobs"]\n`,
        FILE,
        ws
      ),
      opts({ cacheFrom: ['type=gha'], cacheTo: ['type=gha,mode=max'] }),
      git()
    )
    expect(plan.images.map(i => [i.cacheFrom, i.cacheTo])).toEqual([
      [['type=gha,scope=api'], ['type=gha,mode=max,scope=api']],
      [['type=gha,scope=worker'], ['type=gha,scope=jobs', 'type=gha,mode=max,scope=worker']]
    ])
  })
})
