// The plan as the log's first lines and the job summary: every repository a run pushes to, with its
// tags, and where the built-in org was applied. Plans from the real planner.
import { describe, expect, test } from '@jest/globals'
import type { Catalog } from '../../src/catalog/schema.js'
import { buildPlan, type PlanOptions } from '../../src/plan/plan.js'
import { planLogLines, planSummaryMarkdown, planTargetLines } from '../../src/report/plan-summary.js'
import { singleDigest } from '../../src/report/outputs.js'

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
// the README's minimal catalog, and an infra image beside it
const minimal: Catalog = {
  defaults: { registry: 'ghcr.io/acme' },
  images: [
    { name: 'web', context: '.' },
    { name: 'nginx', kind: 'infra' }
  ]
}

describe('where the run pushes', () => {
  test('every repository with its tags, and the built-in orgs named with where to set another', () => {
    const plan = buildPlan(minimal, '.github/images.yml', opts(), git)
    expect(planTargetLines(plan, { push: true })).toEqual([
      'Pushing to 2 repositories in dev:',
      '  ghcr.io/acme/app/web: dev-main, latest, sha-9f2c1ab',
      '  ghcr.io/acme/ops/nginx: dev-main, latest, sha-9f2c1ab',
      'The default org "app" was applied to web (no org in the image, the org input, environments.<name>.org or defaults.org).',
      'The default org "ops" was applied to nginx (no org in the image, environments.<name>.infra-org or defaults.infra-org).'
    ])
    expect(planLogLines(plan)[0]).toBe('web: ghcr.io/acme/app/web (default org app)')
    expect(planSummaryMarkdown(plan)).toContain(
      'The default org "app" was applied to web (no org in the image, the org input, environments.<name>.org or defaults.org).'
    )
  })

  test('an org named anywhere: no default-org line; push off, plan mode and a platform job each say so', () => {
    const plan = buildPlan(
      { ...minimal, defaults: { registry: 'ghcr.io', org: 'acme', 'infra-org': 'acme-ops' } },
      '.github/images.yml',
      opts(),
      git
    )
    expect(planTargetLines(plan, { push: false })).toEqual([
      'push is false: nothing is pushed; with push it would go to 2 repositories in dev:',
      '  ghcr.io/acme/web: dev-main, latest, sha-9f2c1ab',
      '  ghcr.io/acme-ops/nginx: dev-main, latest, sha-9f2c1ab'
    ])
    expect(planTargetLines(plan)[0]).toBe('The plan pushes to 2 repositories in dev:')
    expect(planTargetLines(plan, { push: true, byDigest: true })).toEqual([
      'Pushing by digest (no tags; mode merge tags them) to 2 repositories in dev:',
      '  ghcr.io/acme/web',
      '  ghcr.io/acme-ops/nginx'
    ])
    expect(planSummaryMarkdown(plan)).not.toContain('default org')
  })

  test('dependency-snapshot: how many snapshots the run submits (one per image and platform)', () => {
    const plan = buildPlan(
      { ...minimal, defaults: { registry: 'ghcr.io', org: 'acme', 'infra-org': 'acme-ops' } },
      '.github/images.yml',
      opts({ platforms: ['linux/amd64', 'linux/arm64'] }),
      git
    )
    expect(planTargetLines(plan, { push: true, dependencySnapshot: true }).at(-1)).toBe(
      "Dependency snapshots: 4 (one per image and platform), each image's SPDX SBOM to the repository's dependency graph."
    )
    expect(planTargetLines(plan, { push: true }).join('\n')).not.toContain('Dependency snapshots')
  })
})

test.each<[(string | undefined)[], string]>([
  [[`sha256:${'a'.repeat(64)}`], `sha256:${'a'.repeat(64)}`],
  [[undefined], ''],
  [[`sha256:${'a'.repeat(64)}`, `sha256:${'b'.repeat(64)}`], ''],
  [[], '']
])('the digest output of images with digests %j: %j', (digests, output) => {
  expect(singleDigest(digests)).toBe(output)
})
