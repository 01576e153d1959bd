// End to end: build once, scan every platform, gate, push exactly what was scanned. The bundled dist/
// on the real test bed (Docker Engine + buildx, qemu arm64, distribution registries, Trivy + fixture DB).
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { RunResult } from './runner.js'
import { bedRun, docker, registryDigest, registryTags, testbed, trivyCache } from './testbed.js'

const bed = testbed()

const outputs = (r: RunResult, name: string): Record<string, unknown> => JSON.parse(r.outputs[name] ?? '{}')

describe('the pipeline on the real test bed', () => {
  test('a clean two-platform catalog: the registry holds the scanned index, both platforms run', async () => {
    const { r, org } = await bedRun([{ name: 'api' }, { name: 'web', trees: ['alpine-clean'] }])
    expect(r.exitCode).toBe(0)
    expect(r.outputs.result).toBe('passed')
    // Trivy came through the installer's code path (PATH first), not a hard-coded location
    expect(r.log).toContain(`trivy dev: ${bed.TRIVY_BIN_DIR}/trivy (on PATH)`)
    const digests = outputs(r, 'digests') as Record<string, string>
    const refs = outputs(r, 'refs') as Record<string, string[]>
    for (const name of ['api', 'web']) {
      const digest = digests[name] as string
      expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/)
      // every pushed tag resolves, in the registry, to the digest that was scanned
      const tagRef = `${bed.REGISTRY}/${org}/${name}:sha-9f2c1ab`
      expect(await registryDigest(tagRef)).toBe(digest)
      expect(await registryDigest(`${bed.REGISTRY}/${org}/${name}:latest`)).toBe(digest)
      expect(refs[name]).toContain(tagRef)
    }
    // each platform of each image was scanned: one report per platform
    const reports = (r.outputs['report-paths'] ?? '')
      .split('\n')
      .map(p => path.basename(p))
      .filter(p => p.endsWith('.trivy.json'))
      .sort()
    expect(reports).toEqual([
      'api-linux-amd64.trivy.json',
      'api-linux-arm64.trivy.json',
      'web-linux-amd64.trivy.json',
      'web-linux-arm64.trivy.json'
    ])
    // and both platforms pull and run
    const ref = `${bed.REGISTRY}/${org}/api:sha-9f2c1ab`
    expect(
      docker([
        'run',
        '--rm',
        '--network',
        'none',
        '--pull',
        'always',
        '--platform',
        'linux/arm64',
        ref
      ]).stdout.trim()
    ).toBe('aarch64')
    expect(
      docker([
        'run',
        '--rm',
        '--network',
        'none',
        '--pull',
        'always',
        '--platform',
        'linux/amd64',
        ref
      ]).stdout.trim()
    ).toBe('x86_64')
    // the pulled image is this test's own: the engine keeps nothing of it
    expect(docker(['image', 'rm', ref]).status).toBe(0)
  })

  test('one vulnerable image: red, named image/platform/package/CVE, and nothing of the catalog is pushed', async () => {
    const { r, org } = await bedRun([{ name: 'clean' }, { name: 'vuln', trees: ['alpine-vuln'] }])
    expect(r.exitCode).toBe(1)
    expect(r.outputs.result).toBe('failed')
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      expect(r.log).toContain(
        `vuln ${platform}: CRITICAL CVE-2099-0001 in openssl 3.1.3-r0 (fixed in 3.1.4-r1)`
      )
      expect(r.log).toContain(`vuln ${platform}: HIGH CVE-2099-0002 in zlib 1.2.13-r1 (no fix yet)`)
    }
    expect(r.log).not.toContain('CVE-2099-0003 in busybox') // MEDIUM: reported, never blocking
    expect(r.log).toMatch(/::error::imagegate: 1 of 2 images failed the gate; nothing was pushed/)
    expect(await registryTags(bed.REGISTRY, `${org}/clean`)).toEqual([])
    expect(await registryTags(bed.REGISTRY, `${org}/vuln`)).toEqual([])
    // the summary gives the digests as built, no registry reference that cannot be pulled
    expect(r.summary).toMatch(/- \*\*clean\*\*: `sha256:[a-f0-9]{64}` \(built and scanned, not pushed\)/)
    expect(r.summary).not.toContain(`${bed.REGISTRY}/${org}/clean@`)
    const findings = outputs(r, 'findings') as Record<string, Record<string, number>>
    expect(findings.vuln).toEqual({ UNKNOWN: 0, LOW: 0, MEDIUM: 2, HIGH: 2, CRITICAL: 2 })
    expect(findings.clean).toEqual({ UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 })
  })

  test('per-image pushing pushes the clean image, still red', async () => {
    const { r, org } = await bedRun([{ name: 'clean' }, { name: 'vuln', trees: ['npm-vuln'] }], {
      inputs: { 'push-strategy': 'per-image' }
    })
    expect(r.exitCode).toBe(1)
    expect(r.log).toContain('vuln linux/amd64: HIGH CVE-2099-0004 in lodash 4.17.20 (fixed in >=4.17.21)')
    expect(await registryTags(bed.REGISTRY, `${org}/clean`)).toContain('sha-9f2c1ab')
    expect(await registryTags(bed.REGISTRY, `${org}/vuln`)).toEqual([])
  })

  test("a build that fails: red with buildx's reason in the summary and the annotation, nothing of the catalog pushed", async () => {
    const { r, org } = await bedRun(
      [
        { name: 'fine', platforms: ['linux/amd64'] },
        { name: 'broken', platforms: ['linux/amd64'], extra: 'RUN exit 3' }
      ],
      {}
    )
    expect(r.exitCode).toBe(1)
    expect(r.summary).toContain('- **broken**: docker buildx build failed')
    expect(r.summary).toMatch(/```text\n(?: {2}.*\n)*? {2}ERROR: .*exit code: 3/)
    expect(r.errors.join('\n')).toMatch(/broken: .*exit code: 3/)
    expect(await registryTags(bed.REGISTRY, `${org}/fine`)).toEqual([])
    expect(await registryTags(bed.REGISTRY, `${org}/broken`)).toEqual([])
  })

  test('a failing build that prints a build secret: the value is *** in the outputs and the summary too', async () => {
    const secret = 's3cret-build-value-91'
    const { r } = await bedRun(
      [
        {
          name: 'chatty',
          platforms: ['linux/amd64'],
          extra: 'RUN --mount=type=secret,id=tok,mode=0444 echo "token is $(cat /run/secrets/tok)" && exit 4',
          catalog: ['secrets: [tok]']
        }
      ],
      { inputs: { secrets: `tok=${secret}` } }
    )
    expect(r.exitCode).toBe(1)
    expect(r.summary).toContain('token is ***')
    const kept = [r.summary, JSON.stringify(r.outputs), ...r.errors].join('\n')
    expect(kept).not.toContain(secret)
  })

  test('a private key in a layer: red, nothing pushed', async () => {
    const { r, org } = await bedRun([{ name: 'leaky', trees: ['secret'], platforms: ['linux/amd64'] }])
    expect(r.exitCode).toBe(1)
    expect(r.log).toContain(
      'leaky linux/amd64: HIGH secret private-key (Asymmetric Private Key) in /app/config/deploy-key.pem'
    )
    expect(await registryTags(bed.REGISTRY, `${org}/leaky`)).toEqual([])
  })

  test('a corrupt DB: the scanner failure is said plainly, red, nothing pushed', async () => {
    const cache = trivyCache()
    // as large as the real fixture, so only Trivy itself can tell it is garbage
    fs.writeFileSync(path.join(cache, 'db', 'trivy.db'), Buffer.alloc(64 * 1024, 'not a bolt database '))
    const { r, org } = await bedRun([{ name: 'api', platforms: ['linux/amd64'] }], {
      env: { TRIVY_CACHE_DIR: cache }
    })
    expect(r.exitCode).toBe(1)
    expect(r.log).toContain('api: the scanner failed on api linux/amd64: trivy exited 1')
    expect(r.outputs.result).toBe('failed')
    expect(await registryTags(bed.REGISTRY, `${org}/api`)).toEqual([])
  })

  test('an empty DB (Trivy would scan it and find nothing): refused, red, nothing pushed', async () => {
    const cache = trivyCache()
    fs.writeFileSync(path.join(cache, 'db', 'trivy.db'), '')
    const { r, org } = await bedRun([{ name: 'api', trees: ['alpine-vuln'], platforms: ['linux/amd64'] }], {
      env: { TRIVY_CACHE_DIR: cache }
    })
    expect(r.log).toContain('is 0 bytes: empty or truncated, refusing to scan with it')
    expect(r.exitCode).toBe(1)
    expect(await registryTags(bed.REGISTRY, `${org}/api`)).toEqual([])
  })

  test('a DB older than db-max-age: refused with its age, red, nothing pushed; the summary gives the age', async () => {
    // the fixture DB says UpdatedAt 2026-11-01: older than one day on any date this test runs
    const { r, org } = await bedRun([{ name: 'api', platforms: ['linux/amd64'] }], {
      inputs: { 'db-max-age': '1' }
    })
    expect(r.exitCode).toBe(1)
    expect(r.log).toMatch(
      /the Trivy DB was built 2026-11-01T00:00:00Z \(\d+ days ago\), older than db-max-age \(1 day\)/
    )
    expect(await registryTags(bed.REGISTRY, `${org}/api`)).toEqual([])
    const { r: ok } = await bedRun([{ name: 'api', platforms: ['linux/amd64'] }])
    expect(ok.exitCode).toBe(0)
    expect(ok.summary).toMatch(/Trivy DB: built 2026-11-01T00:00:00Z \(\d+ days old\)\./)
  })

  test('the authenticated registry: right credentials push, wrong ones fail clearly without the secret', async () => {
    const good = await bedRun([{ name: 'api', platforms: ['linux/amd64'] }], {
      inputs: { registry: bed.AUTH_REGISTRY, username: bed.AUTH_USER, password: bed.AUTH_PASSWORD }
    })
    expect(good.r.exitCode).toBe(0)
    const digest = (outputs(good.r, 'digests') as Record<string, string>).api
    expect(
      await registryDigest(`${bed.AUTH_REGISTRY}/${good.org}/api:sha-9f2c1ab`, {
        user: bed.AUTH_USER,
        password: bed.AUTH_PASSWORD
      })
    ).toBe(digest)

    const wrongPassword = 'not-the-password-31337'
    const bad = await bedRun([{ name: 'api', platforms: ['linux/amd64'] }], {
      inputs: { registry: bed.AUTH_REGISTRY, username: bed.AUTH_USER, password: wrongPassword }
    })
    expect(bad.r.exitCode).toBe(1)
    expect(bad.r.log).toContain(`authentication failed for ${bed.AUTH_REGISTRY} (user ${bed.AUTH_USER})`)
    // the runner consumes ::add-mask:: lines (they are how the secret gets masked); nothing else may hold it
    const shown = bad.r.log
      .split('\n')
      .filter(l => !l.startsWith('::add-mask::'))
      .join('\n')
    expect(bad.r.log).toContain(`::add-mask::${wrongPassword}`)
    expect(shown).not.toContain(wrongPassword)
    expect(shown).not.toContain(Buffer.from(`${bed.AUTH_USER}:${wrongPassword}`).toString('base64'))
    // fail late: outputs and summary are there even though the push failed
    expect(bad.r.outputs.result).toBe('failed')
    expect(bad.r.summary).toContain('## imagegate: failed')
  })

  test('a scanner version that cannot be installed: red naming the input before anything is built, nothing pushed', async () => {
    const { r, org } = await bedRun([{ name: 'api', platforms: ['linux/amd64'] }], {
      inputs: { 'trivy-version': '0.0.99', push: 'true' } // not on PATH, not in the tool cache, not in the checksum table
    })
    expect(r.exitCode).toBe(1)
    expect(r.errors.join('\n')).toContain('input trivy-version: trivy 0.0.99 cannot be installed')
    expect(r.outputs.result).toBe('failed')
    expect(r.log).not.toContain('build started')
    expect(await registryTags(bed.REGISTRY, `${org}/api`)).toEqual([])
  })

  test('ignore-unfixed turns an unfixed-only finding green, and nothing else', async () => {
    const red = await bedRun([{ name: 'zlib', trees: ['alpine-unfixed-only'], platforms: ['linux/amd64'] }])
    expect(red.r.exitCode).toBe(1)
    const green = await bedRun(
      [{ name: 'zlib', trees: ['alpine-unfixed-only'], platforms: ['linux/amd64'] }],
      { inputs: { 'ignore-unfixed': 'true' } }
    )
    expect(green.r.exitCode).toBe(0)
    expect(await registryTags(bed.REGISTRY, `${green.org}/zlib`)).toContain('sha-9f2c1ab')
    // a fixed CRITICAL stays red with ignore-unfixed
    const still = await bedRun([{ name: 'ssl', trees: ['alpine-vuln'], platforms: ['linux/amd64'] }], {
      inputs: { 'ignore-unfixed': 'true' }
    })
    expect(still.r.exitCode).toBe(1)
    expect(still.r.log).toContain('CVE-2099-0001')
    expect(still.r.log).not.toContain('CVE-2099-0002 in zlib')
  })

  test('a .trivyignore entry turns its finding green, and nothing else', async () => {
    const files = { '.trivyignore': '# accepted until the fix lands\nCVE-2099-0004\n' }
    const green = await bedRun([{ name: 'npm', trees: ['npm-vuln'], platforms: ['linux/amd64'] }], {
      files,
      inputs: { trivyignores: '.trivyignore' }
    })
    expect(green.r.exitCode).toBe(0)
    const red = await bedRun(
      [{ name: 'both', trees: ['npm-vuln', 'alpine-unfixed-only'], platforms: ['linux/amd64'] }],
      { files, inputs: { trivyignores: '.trivyignore' } }
    )
    expect(red.r.exitCode).toBe(1)
    expect(red.r.log).toContain('CVE-2099-0002')
    expect(red.r.log).not.toContain('CVE-2099-0004 in lodash')
  })
})
