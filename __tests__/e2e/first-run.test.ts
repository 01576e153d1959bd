// End to end: a new user's first run. The README's first workflow (catalog, environment dev, push) with
// the smallest catalog that validates (version, defaults.registry, images: [{name, context}]) and a stock
// Dockerfile (a base by tag, no USER, no HEALTHCHECK), run through dist/ on the test bed. The first-run
// path (gate-mode report + hardening warn) is green and names every finding and rule as a warning;
// with the defaults (tightened) the same repository is red, naming the rules, and nothing is pushed.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { runAction, type RunResult } from './runner.js'
import { FIXTURES, registryTags, testbed, trivyCache, uniqueOrg } from './testbed.js'

const bed = testbed()
// the bed's base by its tag, as a stock Dockerfile names its base
const BASE = `${bed.REGISTRY}/base/busybox:1`

/** A repository as a new user has it: the minimal catalog and a Dockerfile from a tutorial. */
function repository(namespace: string): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-first-run-'))
  fs.mkdirSync(path.join(ws, '.github'))
  fs.writeFileSync(
    path.join(ws, '.github', 'images.yml'),
    [
      'version: 1',
      'defaults:',
      `  registry: ${bed.REGISTRY}/${namespace}`,
      'images:',
      '  - name: web',
      '    context: .',
      ''
    ].join('\n')
  )
  // the app's files: an Alpine package database with known-vulnerable packages (the fixture DB's)
  fs.cpSync(path.join(FIXTURES, 'images', 'alpine-vuln'), path.join(ws, 'rootfs'), { recursive: true })
  fs.writeFileSync(
    path.join(ws, 'Dockerfile'),
    [`FROM ${BASE}`, 'COPY rootfs/ /', 'CMD ["uname", "-m"]', ''].join('\n')
  )
  return ws
}

/** The README's first workflow step (catalog, environment, push), plus what the test bed needs. */
async function firstRun(ws: string, inputs: Record<string, string> = {}, sha?: string): Promise<RunResult> {
  return await runAction({
    workspace: ws,
    ...(sha ? { sha } : {}),
    inputs: {
      catalog: '.github/images.yml',
      environment: 'dev',
      push: 'true',
      // the bed has no network: the fixture DB offline, Trivy as the SBOM generator (no syft here)
      'offline-db': 'true',
      'sbom-generator': 'trivy',
      ...inputs
    },
    env: { PATH: `${bed.TRIVY_BIN_DIR}:${process.env.PATH}`, TRIVY_CACHE_DIR: trivyCache() }
  })
}

describe('the first run of a new repository', () => {
  test('report + warn: green, every finding and rule a warning; the defaults: red, naming the rules', async () => {
    const namespace = uniqueOrg('first-run')
    const ws = repository(namespace)
    const repo = `${namespace}/app/web`

    const first = await firstRun(ws, { 'gate-mode': 'report', hardening: 'warn' })
    expect([first.exitCode, first.errors]).toEqual([0, []])
    // before anything is built, the log says where it pushes and that the default org was applied
    const log = first.log.split('\n')
    const at = log.indexOf('Pushing to 1 repository in dev:')
    expect(at).toBeGreaterThanOrEqual(0)
    expect(log[at + 1]).toBe(`  ${bed.REGISTRY}/${repo}: dev-main, latest, sha-9f2c1ab`)
    expect(log[at + 2]).toBe(
      'The default org "app" was applied to web (no org in the image, the org input, environments.<name>.org or defaults.org).'
    )
    expect(at).toBeLessThan(log.findIndex(l => l.includes('build started')))
    // one image: its build's progress streamed in a group of its own
    expect(first.log).toContain('::group::web: build started (linux/amd64)')
    expect(first.log).toMatch(
      /::group::web: build started[^]*#\d+ \[\d\/\d\] COPY rootfs\/ \/[^]*::endgroup::\nweb: built in/
    )

    // every finding at the gated severities named, with its advisory; every rule that would fail, named
    const warnings = first.warnings.join('\n')
    expect(first.warnings).toContain(
      '::warning title=imagegate%3A CVE-2099-0001::web linux/amd64: CRITICAL CVE-2099-0001 in openssl 3.1.3-r0 (fixed in 3.1.4-r1): reported, not blocking (gate mode report) https://avd.aquasec.com/nvd/cve-2099-0001'
    )
    expect(warnings).toContain('web linux/amd64: HIGH CVE-2099-0002 in zlib')
    expect(warnings).not.toContain('CVE-2099-0003') // MEDIUM: below the gated severities
    expect(warnings).toContain('web linux/amd64: runs as root (USER not set)')
    expect(warnings).toContain('web linux/amd64: no HEALTHCHECK')
    expect(warnings).toContain(`Dockerfile:1 FROM ${BASE} is not pinned by digest`)
    expect(warnings).toMatch(/DS002 Image user should not be 'root'/)
    expect(first.summary).toContain('### Findings at the gated severities that did not block (2)')
    expect(first.summary).toContain(
      '| web | linux/amd64 | [CVE-2099-0001](https://avd.aquasec.com/nvd/cve-2099-0001) | CRITICAL | openssl | 3.1.3-r0 | 3.1.4-r1 | reported (gate mode report) |'
    )
    // green, and pushed: the one image's digest is the `digest` output
    const digest = JSON.parse(first.outputs.digests ?? '{}').web
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(first.outputs.digest).toBe(digest)
    expect(await registryTags(bed.REGISTRY, repo)).toContain('sha-9f2c1ab')

    // tightened: the defaults (gate mode all, every rule enforced) on a new commit of the same repository
    const next = '0123456789abcdef0123456789abcdef01234567'
    const tightened = await firstRun(ws, {}, next)
    expect(tightened.exitCode).toBe(1)
    // each rule an error of its own, on the Dockerfile's line where it has one, then the findings
    expect(tightened.errors.slice(0, 6)).toEqual([
      '::error title=imagegate%3A non-root::web linux/amd64: runs as root (USER not set)',
      '::error title=imagegate%3A healthcheck::web linux/amd64: no HEALTHCHECK (expect.healthcheck: external skips this)',
      `::error title=imagegate%3A base-pinned,file=Dockerfile,line=1::web: Dockerfile:1 FROM ${BASE} is not pinned by digest`,
      "::error title=imagegate%3A dockerfile-config,file=Dockerfile::web: Dockerfile HIGH DS002 Image user should not be 'root'",
      '::error title=imagegate%3A CVE-2099-0001::web linux/amd64: CRITICAL CVE-2099-0001 in openssl 3.1.3-r0 (fixed in 3.1.4-r1)',
      '::error title=imagegate%3A CVE-2099-0002::web linux/amd64: HIGH CVE-2099-0002 in zlib 1.2.13-r1 (no fix yet)'
    ])
    const errors = tightened.errors.join('\n')
    expect(errors).toContain('imagegate: 1 of 1 images failed the gate; nothing was pushed')
    expect(tightened.outputs.result).toBe('failed')
    expect(await registryTags(bed.REGISTRY, repo)).not.toContain('sha-0123456')
  })

  test('inputs wrong the way people get them wrong: red before anything is built or pushed, the input named', async () => {
    const ws = repository(uniqueOrg('first-run'))
    const catalog = path.join(ws, '.github', 'images.yml')
    const cases: [Record<string, string>, string][] = [
      [{ username: 'ci-bot' }, 'input password: empty while username is set'],
      [{ password: 'not-shown-7c1d' }, 'input username: empty while password is set'],
      [{ 'trivy-version': '0.50.0' }, 'input trivy-version: trivy 0.50.0 cannot be installed'],
      [{ environment: 'qa' }, 'input environment: "qa" is not one of dev, stage, prod']
    ]
    for (const [inputs, message] of cases) {
      const r = await firstRun(ws, inputs)
      expect([inputs, r.exitCode]).toEqual([inputs, 1])
      expect(r.errors.join('\n')).toContain(message)
      expect(r.log).not.toContain('build started')
      // masked first (the runner takes ::add-mask:: in), then never shown
      const shown = r.log.split('\n').filter(l => !l.startsWith('::add-mask::'))
      expect(shown.join('\n')).not.toContain('not-shown-7c1d')
    }
    // a catalog with its registries per environment, and a misspelt one: that, not "no registry"
    fs.writeFileSync(
      catalog,
      [
        'version: 1',
        'environments:',
        `  dev: { registry: ${bed.REGISTRY}/dev }`,
        `  prod: { registry: ${bed.REGISTRY}/prod, production: true }`,
        'images:',
        '  - name: web',
        '    context: .',
        ''
      ].join('\n')
    )
    const r = await firstRun(ws, { environment: 'prdo' })
    expect(r.exitCode).toBe(1)
    expect(r.errors).toEqual([
      `::error title=imagegate input::input environment: "prdo" is not one of dev, prod (the catalog's environments)`,
      '::error::1 problem in the inputs (each annotated above)'
    ])
  })
})
