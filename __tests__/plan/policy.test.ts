// The policy phases in the plan: the gate mode per image (input > image > environment > defaults > all)
// and base-max-age per environment (input > environment > defaults > off); bad values are catalog errors.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parseCatalog } from '../../src/catalog/load.js'
import type { Catalog } from '../../src/catalog/schema.js'
import { buildPlan, type PlanOptions } from '../../src/plan/plan.js'

const git = {
  eventName: 'push',
  ref: 'refs/heads/main',
  sha: '9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3',
  defaultBranch: 'main',
  now: new Date('2024-05-30T02:15:00Z')
}
const opts = (o: Partial<PlanOptions> = {}): PlanOptions => ({
  environment: 'dev',
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
const catalog: Catalog = {
  defaults: { registry: 'r.example.com', gate: 'new', 'base-max-age': 60 },
  environments: {
    dev: { registry: 'r.example.com/dev', gate: 'report', 'base-max-age': 90 },
    prod: { registry: 'r.example.com' }
  },
  images: [{ name: 'web' }, { name: 'legacy', gate: 'all' }]
}
const plan = (environment: string, o: Partial<PlanOptions> = {}) =>
  buildPlan(catalog, 'images.yml', opts({ environment, ...o }), git).images.map(i => [
    i.name,
    i.gate,
    i.baseMaxAge
  ])

describe('policy phases in the plan', () => {
  test.each([
    [
      'dev',
      {},
      [
        ['web', 'report', 90],
        ['legacy', 'all', 90]
      ]
    ],
    [
      'prod',
      {},
      [
        ['web', 'new', 60],
        ['legacy', 'all', 60]
      ]
    ],
    [
      'prod',
      { gateMode: 'report', baseMaxAge: 0 },
      [
        ['web', 'report', 0],
        ['legacy', 'report', 0]
      ]
    ]
  ])('%s %j', (env, o, expected) => {
    expect(plan(env, o as Partial<PlanOptions>)).toEqual(expected)
  })

  test('without any policy: gate all, base age off', () => {
    const p = buildPlan({ images: [{ name: 'web' }] }, 'x', opts({ registry: 'r.example.com' }), git)
    expect(p.images[0]?.gate).toBe('all')
    expect(p.images[0]?.baseMaxAge).toBeUndefined()
  })

  test('bad values are catalog errors with their line', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-plan-'))
    fs.writeFileSync(path.join(ws, 'Dockerfile'), 'FROM scratch\n')
    const text = [
      'defaults:',
      '  gate: strict',
      'environments:',
      '  prod: { registry: r.example.com, base-max-age: -1, gat: new }',
      'images:',
      '  - { name: web }'
    ].join('\n')
    expect(() => parseCatalog(text, 'images.yml', ws)).toThrow(
      [
        '3 problems in the image catalog:',
        'images.yml:2 defaults.gate: "strict" is not one of "report", "new", "all"',
        'images.yml:4 environments.prod.base-max-age: must be a whole number of days (0 or more)',
        'images.yml:4 environments.prod.gat: unknown field (did you mean "gate"?)'
      ].join('\n')
    )
  })
})
