import { describe, expect, test } from '@jest/globals'
import { CatalogError } from '../../src/catalog/errors.js'
import type { Catalog } from '../../src/catalog/schema.js'
import { buildPlan, type PlanOptions } from '../../src/plan/plan.js'

const SHA = '9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3'
const git = (ref = 'refs/heads/main', eventName = 'push') => ({
  eventName,
  ref,
  sha: SHA,
  defaultBranch: 'main',
  repositoryUrl: 'https://github.com/acme/platform',
  now: new Date('2024-05-30T02:15:00Z')
})
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
  defaults: {
    registry: 'registry.example.com',
    platforms: ['linux/amd64', 'linux/arm64'],
    labels: { team: 'platform' }
  },
  environments: {
    dev: { registry: 'registry.example.com/dev' },
    stage: { registry: 'registry.example.com/stage' },
    prod: { registry: 'registry.example.com', production: true }
  },
  images: [
    { name: 'backend', context: 'services/backend', 'build-args': { BASE_IMAGE: 'python:3.12-slim' } },
    { name: 'nginx', kind: 'infra', context: 'services/nginx', platforms: ['linux/amd64'] },
    { name: 'tools', org: 'platform/tools', rules: { size: 'warn' } }
  ]
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn()
  } catch (err) {
    if (err instanceof CatalogError) return err.message.split('\n').slice(1)
    throw err
  }
  throw new Error('no error')
}

describe('naming', () => {
  test('<registry>/<org>/<service>: app for first-party, ops for infra, explicit org wins', () => {
    const plan = buildPlan(catalog, 'images.yml', opts(), git())
    expect(plan.images.map(i => i.repository)).toEqual([
      'registry.example.com/dev/app/backend',
      'registry.example.com/dev/ops/nginx',
      'registry.example.com/dev/platform/tools/tools'
    ])
    expect(plan.images[0]?.refs).toEqual([
      'registry.example.com/dev/app/backend:dev-main',
      'registry.example.com/dev/app/backend:latest',
      'registry.example.com/dev/app/backend:sha-9f2c1ab'
    ])
  })

  test('the registry input overrides the environment; the org input the first-party org', () => {
    const plan = buildPlan(catalog, 'images.yml', opts({ registry: '127.0.0.1:5000', org: 'acme' }), git())
    expect(plan.images.map(i => i.repository)).toEqual([
      '127.0.0.1:5000/acme/backend',
      '127.0.0.1:5000/ops/nginx',
      '127.0.0.1:5000/platform/tools/tools'
    ])
  })

  test('prod is a production registry: no latest, no dev tags', () => {
    const plan = buildPlan(catalog, 'images.yml', opts({ environment: 'prod' }), git('refs/tags/v1.3.0'))
    expect(plan.production).toBe(true)
    expect(plan.images[0]?.refs).toEqual([
      'registry.example.com/app/backend:1.3.0',
      'registry.example.com/app/backend:1.3',
      'registry.example.com/app/backend:1',
      'registry.example.com/app/backend:sha-9f2c1ab'
    ])
    expect(plan.git.version).toBe('1.3.0')
  })

  test('a -debug image never goes to production', () => {
    const c: Catalog = { ...catalog, images: [{ name: 'backend-debug' }] }
    expect(problemsOf(() => buildPlan(c, 'images.yml', opts({ environment: 'prod' }), git()))).toEqual([
      'images.yml images[0].name: "backend-debug": -debug images never go to a production registry (prod)'
    ])
    expect(buildPlan(c, 'images.yml', opts({ environment: 'stage' }), git()).images[0]?.name).toBe(
      'backend-debug'
    )
  })

  test('an environment the catalog does not have is a problem of the input, naming the environments', () => {
    expect(problemsOf(() => buildPlan(catalog, 'images.yml', opts({ environment: 'qa' }), git()))).toEqual([
      `input environment: "qa" is not one of dev, stage, prod (the catalog's environments)`
    ])
  })

  test('a misspelt environment of a catalog whose registries are per environment: that alone, not "no registry"', () => {
    const c: Catalog = {
      environments: {
        dev: { registry: 'registry.example.com/dev' },
        prod: { registry: 'registry.example.com', production: true }
      },
      images: [{ name: 'api' }]
    }
    expect(problemsOf(() => buildPlan(c, 'images.yml', opts({ environment: 'prdo' }), git()))).toEqual([
      `input environment: "prdo" is not one of dev, prod (the catalog's environments)`
    ])
    expect(buildPlan(c, 'images.yml', opts({ environment: 'prod' }), git()).registry).toBe(
      'registry.example.com'
    )
  })

  test('without environments only dev, stage and prod are known; the environment comes before other problems', () => {
    const c: Catalog = { defaults: { registry: 'r.example.com' }, images: [{ name: 'api' }] }
    for (const environment of ['dev', 'stage', 'prod'])
      expect(buildPlan(c, 'f', opts({ environment }), git()).environment).toBe(environment)
    // an empty environments mapping declares none: the same three
    expect(buildPlan({ ...c, environments: {} }, 'f', opts({ environment: 'dev' }), git()).environment).toBe(
      'dev'
    )
    expect(problemsOf(() => buildPlan(c, 'f', opts({ environment: 'qa' }), git()))).toEqual([
      'input environment: "qa" is not one of dev, stage, prod (a catalog without environments knows only these: declare yours under environments)'
    ])
    // nothing to take the registry from either: both said, the environment first
    expect(
      problemsOf(() => buildPlan({ images: [{ name: 'api' }] }, 'f', opts({ environment: 'prdo' }), git()))
    ).toEqual([
      'input environment: "prdo" is not one of dev, stage, prod (a catalog without environments knows only these: declare yours under environments)',
      'f defaults.registry: no registry: set defaults.registry, environments.<name>.registry or the registry input'
    ])
  })

  test('without environments, prod is production by name', () => {
    const c: Catalog = { defaults: { registry: 'r.example.com' }, images: [{ name: 'api' }] }
    expect(buildPlan(c, 'f', opts({ environment: 'prod' }), git()).production).toBe(true)
    expect(buildPlan(c, 'f', opts({ environment: 'stage' }), git()).production).toBe(false)
    const named: Catalog = { ...c, environments: { production: { registry: 'r.example.com' } } }
    expect(buildPlan(named, 'f', opts({ environment: 'production' }), git()).production).toBe(true)
  })

  test('the plan says where the built-in org was applied, and only there', () => {
    const plan = buildPlan(catalog, 'images.yml', opts(), git())
    expect(plan.images.map(i => i.defaultOrg)).toEqual(['app', 'ops', undefined])
    const named = buildPlan(
      { ...catalog, defaults: { ...catalog.defaults, org: 'acme', 'infra-org': 'infra' } },
      'images.yml',
      opts(),
      git()
    )
    expect(named.images.map(i => i.defaultOrg)).toEqual([undefined, undefined, undefined])
    expect(named.images.map(i => i.repository)).toEqual([
      'registry.example.com/dev/acme/backend',
      'registry.example.com/dev/infra/nginx',
      'registry.example.com/dev/platform/tools/tools'
    ])
    expect(
      buildPlan(catalog, 'images.yml', opts({ org: 'team' }), git()).images[0]?.defaultOrg
    ).toBeUndefined()
  })

  test('no registry anywhere is an error', () => {
    expect(problemsOf(() => buildPlan({ images: [{ name: 'api' }] }, 'f', opts(), git()))).toEqual([
      'f defaults.registry: no registry: set defaults.registry, environments.<name>.registry or the registry input'
    ])
  })

  test('extra tags refused by the policy name the catalog field or the input', () => {
    const c: Catalog = { ...catalog, images: [{ name: 'api', tags: ['ok', 'latest'] }] }
    expect(
      problemsOf(() => buildPlan(c, 'f', opts({ environment: 'stage', tags: ['x-debug', 'latest'] }), git()))
    ).toEqual(['f images[0].tags[1]: "latest" is only for the dev environment, never stage'])
    expect(
      problemsOf(() => buildPlan(c, 'f', opts({ environment: 'prod', tags: ['x-debug'] }), git()))
    ).toEqual([
      'f images[0].tags[1]: "latest" is only for the dev environment, never prod',
      'input tags: "x-debug": -debug tags never go to a production registry (prod)'
    ])
  })

  test('a tags input the policy refuses is one input problem, not one per image', () => {
    let error: unknown
    try {
      buildPlan(catalog, 'f', opts({ environment: 'prod', tags: ['latest', 'x-debug'] }), git())
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(CatalogError)
    expect((error as CatalogError).message).toBe(
      '2 problems in the inputs:\n' +
        'input tags: "latest" is only for the dev environment, never prod\n' +
        'input tags: "x-debug": -debug tags never go to a production registry (prod)'
    )
    expect((error as CatalogError).problems.map(p => p.input)).toEqual(['tags', 'tags'])
  })

  test('a repository name longer than the registry accepts', () => {
    const c: Catalog = {
      defaults: { registry: 'r.example.com', org: 'a'.repeat(260) },
      images: [{ name: 'api' }]
    }
    expect(problemsOf(() => buildPlan(c, 'f', opts(), git()))[0]).toMatch(/is longer than 255 characters$/)
  })
})

describe('images', () => {
  test('platforms: input over image over defaults', () => {
    expect(buildPlan(catalog, 'f', opts(), git()).images.map(i => i.platforms)).toEqual([
      ['linux/amd64', 'linux/arm64'],
      ['linux/amd64'],
      ['linux/amd64', 'linux/arm64']
    ])
    expect(
      buildPlan(catalog, 'f', opts({ platforms: ['linux/arm64'] }), git()).images.map(i => i.platforms)
    ).toEqual([['linux/arm64'], ['linux/arm64'], ['linux/arm64']])
  })

  test('context and Dockerfile defaults', () => {
    const plan = buildPlan(catalog, 'f', opts(), git())
    expect(plan.images.map(i => [i.context, i.file])).toEqual([
      ['services/backend', 'services/backend/Dockerfile'],
      ['services/nginx', 'services/nginx/Dockerfile'],
      ['.', 'Dockerfile']
    ])
  })

  test('OCI labels, then catalog and input labels', () => {
    const plan = buildPlan(catalog, 'f', opts({ labels: { team: 'core' } }), git('refs/tags/v2.1.0'))
    expect(plan.images[0]?.labels).toEqual({
      'org.opencontainers.image.title': 'backend',
      'org.opencontainers.image.revision': SHA,
      'org.opencontainers.image.created': '2024-05-30T02:15:00.000Z',
      'org.opencontainers.image.version': '2.1.0',
      'org.opencontainers.image.source': 'https://github.com/acme/platform',
      team: 'core'
    })
  })

  test('build args: defaults, image, input', () => {
    const plan = buildPlan(
      catalog,
      'f',
      opts({ buildArgs: { BASE_IMAGE: 'local/base@sha256:' + 'a'.repeat(64) } }),
      git()
    )
    expect(plan.images[0]?.buildArgs).toEqual({ BASE_IMAGE: 'local/base@sha256:' + 'a'.repeat(64) })
  })

  test('the images input limits the run and unknown names are errors', () => {
    expect(buildPlan(catalog, 'f', opts({ only: ['nginx'] }), git()).images.map(i => i.name)).toEqual([
      'nginx'
    ])
    expect(problemsOf(() => buildPlan(catalog, 'f', opts({ only: ['ngnix'] }), git()))).toEqual([
      'input images: "ngnix" is not an image of the catalog'
    ])
  })

  test('rule modes: image over defaults over the hardening input', () => {
    const plan = buildPlan(catalog, 'f', opts({ rules: 'warn' }), git())
    expect(plan.images[0]?.rules['non-root']).toBe('warn')
    const c: Catalog = { ...catalog, defaults: { ...catalog.defaults, rules: { size: 'off' } } }
    const p2 = buildPlan(c, 'f', opts(), git())
    expect([p2.images[0]?.rules.size, p2.images[2]?.rules.size, p2.images[2]?.rules.secrets]).toEqual([
      'off',
      'warn',
      'enforce'
    ])
  })

  test('a platform job of a distributed build scopes the default gha cache by image and platforms', () => {
    const o = opts({ cacheTo: ['type=gha,mode=max'], cacheFrom: ['type=gha', 'type=gha,scope=mine'] })
    const one = buildPlan(catalog, 'f', o, git()).images[0]
    expect([one?.cacheFrom, one?.cacheTo]).toEqual([
      ['type=gha,scope=backend', 'type=gha,scope=mine'],
      ['type=gha,mode=max,scope=backend']
    ])
    const part = buildPlan(catalog, 'f', { ...o, platforms: ['linux/arm64'], scopePerPlatform: true }, git())
      .images[0]
    expect([part?.cacheFrom, part?.cacheTo]).toEqual([
      ['type=gha,scope=backend-linux-arm64', 'type=gha,scope=mine'],
      ['type=gha,mode=max,scope=backend-linux-arm64']
    ])
  })
})

describe('build and scanner options', () => {
  const withOptions: Catalog = {
    ...catalog,
    images: [
      {
        name: 'backend',
        context: 'services/backend',
        'no-cache': false,
        annotations: { 'index:com.example.owner': 'backend-team' },
        'build-contexts': { shared: 'services/backend/shared' },
        ssh: ['github=keys/backend']
      },
      { name: 'nginx', kind: 'infra', context: 'services/nginx' }
    ]
  }
  const build = {
    noCache: true,
    pull: true,
    annotations: { 'index:com.example.owner': 'platform', 'com.example.run': '42' },
    ssh: ['default', 'github=keys/ci'],
    buildContexts: { shared: 'libs/shared' }
  }
  test("an image's own beat the inputs'; mappings by key, ssh by id", () => {
    const plan = buildPlan(withOptions, 'images.yml', opts({ build }), git())
    const [backend, nginx] = plan.images
    expect(backend).toMatchObject({
      pull: true,
      annotations: { 'index:com.example.owner': 'backend-team', 'com.example.run': '42' },
      buildContexts: { shared: 'services/backend/shared' },
      ssh: ['default', 'github=keys/backend']
    })
    expect(backend).not.toHaveProperty('noCache')
    expect(nginx).toMatchObject({ noCache: true, pull: true, annotations: build.annotations, ssh: build.ssh })
  })
  test("none set: the plan says nothing of them; the scanner options are the plan's", () => {
    const plan = buildPlan(catalog, 'images.yml', opts(), git())
    for (const key of ['noCache', 'pull', 'annotations', 'ssh', 'buildContexts'])
      expect(plan.images[0]).not.toHaveProperty(key)
    expect(plan).not.toHaveProperty('scan')
    const scan = { skipDirs: ['/opt'], skipFiles: [], scanners: ['vuln' as const] }
    expect(buildPlan(catalog, 'images.yml', opts({ scan }), git()).scan).toEqual(scan)
  })
})
