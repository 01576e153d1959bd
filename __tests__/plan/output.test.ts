import { describe, expect, test } from '@jest/globals'
import { planOutput, PLAN_OUTPUT_MAX_BYTES } from '../../src/plan/output.js'
import type { ImagePlan, Plan } from '../../src/plan/plan.js'

function planOf(images: number): Plan {
  const image = (i: number): ImagePlan => ({
    name: `image-${i}`,
    kind: 'app',
    repository: `r.example.com/app/image-${i}`,
    context: `services/image-${i}`,
    file: `services/image-${i}/Dockerfile`,
    platforms: ['linux/amd64', 'linux/arm64'],
    tags: [{ tag: 'sha-9f2c1ab', source: 'sha' }],
    refs: [`r.example.com/app/image-${i}:sha-9f2c1ab`],
    labels: Object.fromEntries(
      Array.from({ length: 20 }, (_, l) => [`org.example.label-${l}`, 'x'.repeat(100)])
    ),
    buildArgs: {},
    secrets: [],
    cacheFrom: [],
    cacheTo: [],
    expect: {},
    rules: {} as ImagePlan['rules']
  })
  return {
    catalog: '.github/images.yml',
    environment: 'dev',
    production: false,
    registry: 'r.example.com',
    git: { event: 'push', ref: 'refs/heads/main', sha: '9f2c1ab', shortSha: '9f2c1ab' },
    created: '2024-05-30T02:15:00.000Z',
    images: Array.from({ length: images }, (_, i) => image(i))
  }
}

describe('the plan output', () => {
  test('a plan that fits is written whole', () => {
    const plan = planOf(4)
    expect(planOutput(plan, '/ws/artifacts/imagegate-plan.json')).toEqual({
      value: JSON.stringify(plan),
      capped: false
    })
  })

  test('a 2,000-image plan is capped, each image named, with a pointer to the plan file', () => {
    const plan = planOf(2000)
    expect(Buffer.byteLength(JSON.stringify(plan))).toBeGreaterThan(4 * 1024 * 1024)
    const out = planOutput(plan, '/ws/artifacts/imagegate-plan.json')
    expect(out.capped).toBe(true)
    expect(Buffer.byteLength(out.value)).toBeLessThanOrEqual(PLAN_OUTPUT_MAX_BYTES)
    const value = JSON.parse(out.value)
    expect(value.truncated['plan-file']).toBe('/ws/artifacts/imagegate-plan.json')
    expect(value.truncated.images).toBe(2000)
    expect(value.environment).toBe('dev')
    expect(value.images).toHaveLength(2000)
    expect(value.images[1999]).toEqual({
      name: 'image-1999',
      repository: 'r.example.com/app/image-1999',
      tags: ['sha-9f2c1ab']
    })
  })

  test('when even the names do not fit, the images are left out', () => {
    const out = planOutput(planOf(50), '/plan.json', 2000)
    const value = JSON.parse(out.value)
    expect(out.capped).toBe(true)
    expect(value.images).toEqual([])
    expect(value.truncated.images).toBe(50)
  })
})
