// End to end: gate mode new against the scan attestation of the deployed digest. A first run builds,
// signs, attests and pushes v1 (with findings, gate mode report) under `latest`; a second run builds v2
// adding one finding with gate mode new and no `baseline` input: red with only the new finding blocking,
// the baseline named as the attestation of <repo>@<digest>. A `latest` without a scan attestation is red
// with that reason. cosign verifies what the first run attested (the verdict's provenance in `vuln`).
import { beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { cosignBundleStatements } from './bundles.js'
import {
  bedRun,
  FIXTURES,
  registryDigest,
  registryTags,
  testbed,
  type BedRun,
  type TestImage
} from './testbed.js'

const bed = testbed()
const amd64 = ['linux/amd64']
const web = (trees: string[]): TestImage => ({ name: 'web', platforms: amd64, trees, extra: '' })
const keys = { dir: '', key: '', pub: '', password: `pw-${process.pid}` }

beforeAll(() => {
  keys.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-baseline-keys-'))
  const r = spawnSync('cosign', ['generate-key-pair'], {
    cwd: keys.dir,
    env: { ...process.env, COSIGN_PASSWORD: keys.password },
    encoding: 'utf8'
  })
  if (r.status !== 0) throw new Error(`cosign generate-key-pair: ${r.stderr}`)
  keys.key = path.join(keys.dir, 'cosign.key')
  keys.pub = path.join(keys.dir, 'cosign.pub')
})

const run = (from: TestImage[] | string, inputs: Record<string, string>, org?: string): Promise<BedRun> =>
  bedRun(from, { prefix: 'deployed', ...(org ? { org } : {}), inputs })

const signing = (): Record<string, string> => ({
  sign: 'true',
  'cosign-key': fs.readFileSync(keys.key, 'utf8'),
  'cosign-password': keys.password
})

/** Replace the image's files with these fixture trees (and a marker, so each version has its own digest). */
function setTrees(ws: string, trees: string[], marker: string): void {
  const rootfs = path.join(ws, 'services', 'web', 'rootfs')
  fs.rmSync(rootfs, { recursive: true, force: true })
  fs.mkdirSync(rootfs, { recursive: true })
  fs.writeFileSync(path.join(rootfs, 'version'), marker)
  for (const tree of trees) fs.cpSync(path.join(FIXTURES, 'images', tree), rootfs, { recursive: true })
}

describe('baseline from the scan attestation of the deployed digest', () => {
  test('v1 signed and attested under latest; v2 in gate mode new: only the new finding blocks', async () => {
    const first = await run([web(['alpine-vuln'])], { ...signing(), 'gate-mode': 'report', tags: 'latest' })
    expect(first.r.exitCode).toBe(0)
    const repository = `${bed.REGISTRY}/${first.org}/web`
    const deployed = await registryDigest(`${repository}:latest`)
    expect(deployed).toMatch(/^sha256:[0-9a-f]{64}$/)

    // the vuln attestation names what judged it: gate mode, DB digest, as cosign verifies it
    const verified = cosignBundleStatements(`${repository}@${deployed}`, 'vuln', keys.pub)
    expect(verified.status).toBe(0)
    const statement = verified.statements[0] as unknown as {
      predicate: { invocation: { parameters: unknown } }
    }
    expect(statement.predicate.invocation.parameters).toMatchObject({
      platform: 'linux/amd64',
      db: { digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
      policy: { mode: 'report', severities: ['HIGH', 'CRITICAL'], passed: true }
    })

    // v2 adds lodash (CVE-2099-0004, HIGH); no baseline input: the attestation of latest's digest is it
    setTrees(first.ws, ['alpine-vuln', 'npm-vuln'], 'v2')
    const added = await run(
      first.ws,
      {
        'gate-mode': 'new',
        'cosign-key': fs.readFileSync(keys.key, 'utf8'),
        'cosign-password': keys.password
      },
      first.org
    )
    expect(added.r.exitCode).toBe(1)
    const errors = added.r.errors.join('\n')
    expect(errors).toContain('web linux/amd64: HIGH CVE-2099-0004 in lodash 4.17.20')
    for (const known of ['CVE-2099-0001', 'CVE-2099-0002', 'CVE-2099-0003'])
      expect(errors).not.toContain(known)
    expect(added.r.summary).toMatch(/\| web \| new \| 1 \| 3 \| 0 \|/)
    expect(added.r.summary).toContain(`baseline: scan attestation of ${repository}@${deployed}`)
    expect(JSON.parse(added.r.outputs.metadata ?? '{}').verdict).toMatchObject({
      policy: { modes: { web: 'new' }, baseline: `scan attestation of ${repository}@${deployed}` }
    })
    // red: latest still names v1
    expect(await registryDigest(`${repository}:latest`)).toBe(deployed)
  })

  test('latest exists without a scan attestation: red in gate mode new, with that reason', async () => {
    const unsigned = await run([web(['alpine-vuln'])], { 'gate-mode': 'report', tags: 'latest' })
    expect(unsigned.r.exitCode).toBe(0)
    const repository = `${bed.REGISTRY}/${unsigned.org}/web`
    expect(await registryTags(bed.REGISTRY, `${unsigned.org}/web`)).toContain('latest')
    const deployed = await registryDigest(`${repository}:latest`)
    const again = await run(
      unsigned.ws,
      { 'gate-mode': 'new', push: 'false', ...signing(), sign: 'false' },
      unsigned.org
    )
    expect(again.r.exitCode).toBe(1)
    expect(again.r.errors.join('\n')).toContain(
      `web: the baseline is unavailable (scan attestation of ${repository}@${deployed}): web: ${repository}:latest is ${deployed}: no scan attestation signed by the key SHA256:`
    )
  })

  test('registry with auth: cosign gets the credentials; the same bytes again are green in gate mode new', async () => {
    const auth = { registry: bed.AUTH_REGISTRY, username: bed.AUTH_USER, password: bed.AUTH_PASSWORD }
    const first = await run([web(['alpine-vuln'])], {
      ...auth,
      ...signing(),
      'gate-mode': 'report',
      tags: 'latest'
    })
    expect(first.r.exitCode).toBe(0)
    const repository = `${bed.AUTH_REGISTRY}/${first.org}/web`
    const deployed = await registryDigest(`${repository}:latest`, {
      user: bed.AUTH_USER,
      password: bed.AUTH_PASSWORD
    })
    expect(deployed).toMatch(/^sha256:/)
    const again = await run(
      first.ws,
      { ...auth, ...signing(), sign: 'false', push: 'false', 'gate-mode': 'new' },
      first.org
    )
    expect(again.r.exitCode).toBe(0)
    expect(again.r.summary).toMatch(/\| web \| new \| 0 \| 3 \| 0 \|/)
    expect(again.r.summary).toContain(`baseline: scan attestation of ${repository}@${deployed}`)
  })
})
