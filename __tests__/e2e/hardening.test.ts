// End to end: the hardening rules on real images built by the test bed, each rule broken by one image,
// and the catalog all-or-nothing: nothing is pushed when one rule is broken.
import { describe, expect, test } from '@jest/globals'
import { bedRun, registryTags, testbed, type BedRun, type TestImage } from './testbed.js'

const bed = testbed()
const TAGGED_BASE = `${bed.REGISTRY}/base/busybox:1`
const amd64 = ['linux/amd64']

// the base image comes from each image's catalog build-args (pinned or not), never from the input
const run = (images: TestImage[], inputs: Record<string, string> = {}): Promise<BedRun> =>
  bedRun(images, {
    prefix: 'hardening',
    inputs: { 'build-args': undefined, 'push-strategy': 'per-image', ...inputs }
  })

const pinned = [`build-args: { BASE_IMAGE: "${bed.BASE_IMAGE}" }`]

describe('hardening rules on real images', () => {
  test('one image per broken rule: each named with its platform and reason; the compliant one is pushed', async () => {
    const { r, org } = await run([
      {
        name: 'good',
        platforms: amd64,
        catalog: [...pinned, 'expect: { user: "10001", ports: [8080], size: { max: 50MB } }'],
        extra: 'EXPOSE 8080'
      },
      { name: 'rooty', platforms: amd64, catalog: pinned, extra: 'USER root' },
      { name: 'nohealth', platforms: amd64, catalog: pinned, extra: 'HEALTHCHECK NONE' },
      {
        name: 'porty',
        platforms: amd64,
        catalog: [...pinned, 'expect: { ports: [8080] }'],
        extra: 'EXPOSE 8080 22'
      },
      { name: 'fat', platforms: amd64, catalog: [...pinned, 'expect: { size: { target: 1kB, max: 2kB } }'] },
      {
        name: 'tokeny',
        platforms: amd64,
        catalog: pinned,
        extra: 'ENV GITHUB_TOKEN=ghp_NotARealTokenImagegateTestBed0123456789'
      },
      { name: 'floating', platforms: amd64, catalog: [`build-args: { BASE_IMAGE: "${TAGGED_BASE}" }`] },
      {
        name: 'deleted',
        platforms: amd64,
        trees: ['secret'],
        catalog: pinned,
        extra: 'USER 0\nRUN rm /app/config/deploy-key.pem\nUSER 10001:10001'
      }
    ])
    expect(r.exitCode).toBe(1)
    const errors = r.errors.join('\n')
    expect(errors).toContain('rooty linux/amd64: runs as root (USER root)')
    // and Trivy's Dockerfile misconfiguration scan says the same of the Dockerfile
    expect(errors).toMatch(
      /rooty: services\/rooty\/Dockerfile:\d+ HIGH DS002 Image user should not be 'root'/
    )
    expect(errors).toContain('nohealth linux/amd64: HEALTHCHECK NONE disables the health check')
    expect(errors).toContain('porty linux/amd64: exposes 22/tcp, not in the allowed ports 8080')
    expect(errors).toMatch(/fat linux\/amd64: size [\d.]+ [kM]B is above the maximum 2\.0 kB/)
    expect(errors).toMatch(/tokeny linux\/amd64: .*GITHUB_TOKEN/)
    expect(errors).not.toContain('ghp_NotARealTokenImagegateTestBed0123456789')
    expect(errors).toContain(
      `floating: services/floating/Dockerfile:2 FROM \${BASE_IMAGE} (${TAGGED_BASE}) is not pinned by digest`
    )
    // a file added in one layer and deleted in a later one is still in the image's history: caught
    expect(errors).toContain(
      'deleted linux/amd64: HIGH secret private-key (Asymmetric Private Key) in /app/config/deploy-key.pem'
    )
    expect(errors).not.toMatch(/good linux\/amd64/)
    // per-image strategy: the compliant image is pushed, none of the others
    expect(await registryTags(bed.REGISTRY, `${org}/good`)).toContain('sha-9f2c1ab')
    for (const name of ['rooty', 'nohealth', 'porty', 'fat', 'tokeny', 'floating', 'deleted']) {
      expect([name, await registryTags(bed.REGISTRY, `${org}/${name}`)]).toEqual([name, []])
    }
    expect(r.summary).toContain('### Hardening and contract checks')
  })

  test('a rule in warn mode reports but does not block; off says nothing', async () => {
    const warn = await run([
      {
        name: 'rooty',
        platforms: amd64,
        catalog: [...pinned, 'rules: { non-root: warn, dockerfile-config: warn }'],
        extra: 'USER root'
      }
    ])
    expect(warn.r.exitCode).toBe(0)
    expect(warn.r.warnings.join('\n')).toContain('rooty linux/amd64: runs as root (USER root)')
    expect(await registryTags(bed.REGISTRY, `${warn.org}/rooty`)).toContain('sha-9f2c1ab')
    const off = await run([{ name: 'rooty', platforms: amd64, catalog: pinned, extra: 'USER root' }], {
      hardening: 'off'
    })
    expect(off.r.exitCode).toBe(0)
    expect(off.r.log).not.toContain('runs as root')
  })
})
