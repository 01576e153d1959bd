// End to end: the policy phases on the real test bed with the fixture DB. Gate modes against a baseline
// recorded by a first run (a second version adding one finding is red in `new` mode with only that finding
// blocking; a version keeping only known findings is green), exceptions (active, expired, stale, bad
// file), and the base image age read from the registry.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { bedRun, FIXTURES, registryTags, testbed, type BedRun, type TestImage } from './testbed.js'

const bed = testbed()
const amd64 = ['linux/amd64']
const web = (trees: string[], extra = ''): TestImage => ({ name: 'web', platforms: amd64, trees, extra })

const run = (
  from: TestImage[] | string,
  inputs: Record<string, string> = {},
  org?: string
): Promise<BedRun> => bedRun(from, { prefix: 'policy', ...(org ? { org } : {}), inputs })

const findingsFile = (
  ws: string
): { images: { platforms: { findings: { id: string; status?: string }[] }[] }[] } =>
  JSON.parse(fs.readFileSync(path.join(ws, 'artifacts', 'imagegate-findings.json'), 'utf8'))

/** Replace the image's files with these fixture trees (and a marker, so each version has its own digest). */
function setTrees(ws: string, trees: string[], marker: string): void {
  const rootfs = path.join(ws, 'services', 'web', 'rootfs')
  fs.rmSync(rootfs, { recursive: true, force: true })
  fs.mkdirSync(rootfs, { recursive: true })
  fs.writeFileSync(path.join(rootfs, 'version'), marker)
  for (const tree of trees) fs.cpSync(path.join(FIXTURES, 'images', tree), rootfs, { recursive: true })
}

describe('policy phases', () => {
  test('gate modes against a baseline from a first run: all, report, new (one new finding), new (only known)', async () => {
    // v1: openssl (CRITICAL), zlib (HIGH), busybox (MEDIUM). `all`: today's behaviour, red.
    const first = await run([web(['alpine-vuln'])], { 'gate-mode': 'all' })
    const ws = first.ws
    expect(first.r.exitCode).toBe(1)
    expect(first.r.errors.join('\n')).toContain('CVE-2099-0001')
    // the findings file is in the evidence also when the gate failed: it becomes the next run's baseline
    const recorded = findingsFile(ws)
    expect(recorded.images[0]?.platforms[0]?.findings.map(f => f.id).sort()).toEqual([
      'CVE-2099-0001',
      'CVE-2099-0002',
      'CVE-2099-0003'
    ])
    fs.mkdirSync(path.join(ws, 'prev'))
    fs.copyFileSync(
      path.join(ws, 'artifacts', 'imagegate-findings.json'),
      path.join(ws, 'prev', 'imagegate-findings.json')
    )

    // v2 adds lodash (CVE-2099-0004, HIGH)
    setTrees(ws, ['alpine-vuln', 'npm-vuln'], 'v2')
    const report = await run(ws, { 'gate-mode': 'report', baseline: 'prev' })
    expect(report.r.exitCode).toBe(0)
    expect(report.r.summary).toContain('Reported, not blocking (gate mode report): 3 findings')
    expect(report.r.summary).toMatch(/\| web \| report \| 1 \| 3 \| 0 \|/)
    // report mode still pushes: it is never red
    expect(await registryTags(bed.REGISTRY, `${report.org}/web`)).toContain('sha-9f2c1ab')

    const added = await run(ws, { 'gate-mode': 'new', baseline: 'prev' })
    expect(added.r.exitCode).toBe(1)
    const errors = added.r.errors.join('\n')
    expect(errors).toContain('web linux/amd64: HIGH CVE-2099-0004 in lodash 4.17.20')
    for (const known of ['CVE-2099-0001', 'CVE-2099-0002', 'CVE-2099-0003'])
      expect(errors).not.toContain(known)
    expect(added.r.summary).toMatch(/\| web \| new \| 1 \| 3 \| 0 \|/)
    expect(added.r.summary).toContain('### Blocking findings (1)')
    expect(added.r.summary).toMatch(
      /Verdict: Trivy \S+, DB built \S+ \(`sha256:[0-9a-f]{64}`\); gate mode `new`, severities HIGH, CRITICAL; no exceptions file; baseline: baseline file prev\./
    )
    expect(await registryTags(bed.REGISTRY, `${added.org}/web`)).toEqual([])
    expect(JSON.parse(added.r.outputs.metadata ?? '{}').verdict).toMatchObject({
      policy: { modes: { web: 'new' }, baseline: 'baseline file prev' }
    })
    // the SARIF names what judged it
    const sarif = JSON.parse(fs.readFileSync(path.join(ws, 'artifacts', 'imagegate.sarif'), 'utf8'))
    expect(sarif.runs[0].properties.verdict).toMatchObject({
      trivy: { version: expect.stringMatching(/^\S+$/) },
      db: { digest: expect.stringMatching(/^sha256:/) },
      policy: { modes: { web: 'new' }, severities: ['HIGH', 'CRITICAL'] },
      manifest: expect.stringMatching(/^sha256:/)
    })
    expect(
      findingsFile(ws).images[0]?.platforms[0]?.findings.find(f => f.id === 'CVE-2099-0004')?.status
    ).toBe('blocking')

    // v3 keeps only known findings (openssl and zlib; busybox fixed): green in `new` mode, and pushed
    setTrees(ws, ['alpine-vuln'], 'v3')
    fs.writeFileSync(
      path.join(ws, 'services', 'web', 'rootfs', 'lib', 'apk', 'db', 'installed'),
      fs
        .readFileSync(path.join(FIXTURES, 'images', 'alpine-vuln', 'lib', 'apk', 'db', 'installed'), 'utf8')
        .split('\n\n')
        .filter(block => !/^P:busybox$/m.test(block))
        .join('\n\n')
    )
    const known = await run(ws, { 'gate-mode': 'new', baseline: 'prev/imagegate-findings.json' })
    expect(known.r.exitCode).toBe(0)
    expect(known.r.summary).toMatch(/\| web \| new \| 0 \| 2 \| 1 \|/)
    expect(known.r.summary).toContain('Fixed since the baseline: web linux/amd64 CVE-2099-0003 (busybox)')
    expect(await registryTags(bed.REGISTRY, `${known.org}/web`)).toContain('sha-9f2c1ab')

    // an unreachable baseline is red in `new` mode, with the reason
    const missing = await run(ws, { 'gate-mode': 'new', baseline: 'nowhere/imagegate-findings.json' })
    expect(missing.r.exitCode).toBe(1)
    expect(missing.r.errors.join('\n')).toContain(
      'web: the baseline is unavailable (baseline file nowhere/imagegate-findings.json): cannot read nowhere/imagegate-findings.json: file not found'
    )
  })

  test('a trivy.yaml and a .trivyignore in the workspace cannot change the policy: every finding still judged', async () => {
    const ignored = 'CVE-2099-0001\nCVE-2099-0002\n'
    const { r, org } = await bedRun([web(['alpine-vuln'])], {
      prefix: 'policy',
      files: {
        'trivy.yaml': 'exit-code: 1\nignorefile: ign\nvulnerability:\n  ignore-unfixed: true\n',
        ign: ignored,
        '.trivyignore': ignored // Trivy's default --ignorefile, in its working directory
      },
      inputs: { 'trivy-config': 'trivy.yaml' }
    })
    expect(r.exitCode).toBe(1)
    // judged from the report, not the exit code the file asked for; the unfixed finding counts
    expect(r.log).not.toContain('the scanner failed')
    expect(r.log).toContain('web linux/amd64: CRITICAL CVE-2099-0001 in openssl 3.1.3-r0 (fixed in 3.1.4-r1)')
    expect(r.log).toContain('web linux/amd64: HIGH CVE-2099-0002 in zlib 1.2.13-r1 (no fix yet)')
    expect(await registryTags(bed.REGISTRY, `${org}/web`)).toEqual([])
  })

  test('exceptions: active (days left), expired (red again, owner named), stale; a bad file fails before any build', async () => {
    const today = new Date()
    const day = (offset: number): string =>
      new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + offset))
        .toISOString()
        .slice(0, 10)
    const file = (zlibExpires: string): string =>
      [
        'version: 1',
        'exceptions:',
        '  - id: CVE-2099-0001',
        '    images: ["w*"]',
        '    reason: openssl is not reachable from the network in this image',
        '    owner: "@acme/web"',
        `    expires: ${day(10)}`,
        '  - id: CVE-2099-0002',
        '    images: [web]',
        '    package: zlib',
        '    reason: no fix upstream yet',
        '    owner: "@acme/platform"',
        `    expires: ${zlibExpires}`,
        '  - id: CVE-2099-0005',
        '    images: [web]',
        '    reason: minimist was removed',
        '    owner: "@acme/web"',
        `    expires: ${day(30)}`,
        ''
      ].join('\n')
    const expired = await run([web(['alpine-vuln'])], {})
    expect(expired.r.exitCode).toBe(1) // no exceptions file yet: openssl and zlib block
    fs.writeFileSync(path.join(expired.ws, '.github', 'imagegate-exceptions.yml'), file(day(-1)))
    const withFile = await run(expired.ws, {})
    expect(withFile.r.exitCode).toBe(1)
    const errors = withFile.r.errors.join('\n')
    expect(errors).toContain(
      `web linux/amd64: HIGH CVE-2099-0002 in zlib 1.2.13-r1 (no fix yet): its exception expired on ${day(-1)} (owner @acme/platform, .github/imagegate-exceptions.yml:8)`
    )
    expect(errors).not.toContain('CVE-2099-0001')
    expect(withFile.r.warnings.join('\n')).toMatch(
      /stale exception.*CVE-2099-0005 \(web, owner @acme\/web\) matches no finding/
    )
    expect(withFile.r.summary).toContain(
      `| CVE-2099-0001 | w* | @acme/web | ${day(10)} | active, 10 days left | 1 |`
    )
    expect(withFile.r.summary).toContain('| CVE-2099-0005 | web | @acme/web |')
    expect(withFile.r.summary).toContain('stale: matches no finding')

    // the owner renews it: green, and pushed
    fs.writeFileSync(path.join(expired.ws, '.github', 'imagegate-exceptions.yml'), file(day(0)))
    const renewed = await run(expired.ws, {})
    expect(renewed.r.exitCode).toBe(0)
    expect(renewed.r.summary).toContain('| active, 0 days left |')
    expect(await registryTags(bed.REGISTRY, `${renewed.org}/web`)).toContain('sha-9f2c1ab')

    // a bad file: catalog-style errors with file and line, annotated, and nothing built
    fs.writeFileSync(
      path.join(expired.ws, 'policy.yml'),
      'exceptions:\n  - id: CVE-2099-0002\n    images: [wbe]\n    reason: r\n    expires: 2027-13-01\n'
    )
    const bad = await run(expired.ws, { exceptions: 'policy.yml' })
    expect(bad.r.exitCode).toBe(1)
    expect(bad.r.errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'policy.yml:2 exceptions[0].owner: is required (who answers for it, e.g. @org/team)'
        ),
        expect.stringContaining('policy.yml:5 exceptions[0].expires: "2027-13-01" is not a date (YYYY-MM-DD)')
      ])
    )
    expect(bad.r.log).not.toContain('built sha256:')
  })

  test('base image age: the base read from the registry by digest; red over base-max-age, green under it', async () => {
    const old = await run([web(['alpine-clean'])], { 'base-max-age': '0' })
    expect(old.r.exitCode).toBe(1)
    const digest = bed.BASE_IMAGE.split('@')[1] as string
    expect(old.r.errors.join('\n')).toMatch(
      new RegExp(
        `web linux/amd64: services/web/Dockerfile:2 FROM ${bed.BASE_IMAGE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(sha256:[0-9a-f]{64}\\) was built \\S+ \\(less than a day ago\\), older than base-max-age \\(0 days\\)`
      )
    )
    expect(old.r.summary).toContain('### Base images')
    expect(old.r.summary).toContain(`${digest.slice(0, 19)}`)
    const young = await run(old.ws, { 'base-max-age': '30d' })
    expect(young.r.exitCode).toBe(0)
    expect(young.r.summary).toMatch(
      /\| web \| linux\/amd64 \| services\/web\/Dockerfile:2 .* \| less than a day \|/
    )
  })
})
