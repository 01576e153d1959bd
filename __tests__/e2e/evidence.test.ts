// End to end: the evidence a run leaves behind (SBOMs, scan reports, the summary) and its upload as a
// workflow artifact through @actions/artifact, against Azurite + the loopback artifact service.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { alive, ARTIFACT_SCRIPTS, serviceState, startArtifactBed, type ArtifactBed } from './artifact-bed.js'
import { ROOT } from './runner.js'
import { bedRun, testbed, type BedRun, type TestImage } from './testbed.js'

const tb = testbed()
let bed: ArtifactBed
let child: ChildProcessWithoutNullStreams
let artifactEnv: Record<string, string>

beforeAll(async () => {
  ;({ bed, child } = await startArtifactBed())
  const { artifactServiceEnv } = (await import(path.join(ARTIFACT_SCRIPTS, 'env.mjs'))) as {
    artifactServiceEnv: (o: { resultsUrl: string; job?: string }) => Record<string, string>
  }
  artifactEnv = artifactServiceEnv({ resultsUrl: bed.service.url, job: 'images' })
})

afterAll(async () => {
  child.stdin.end()
  await new Promise(resolve => setTimeout(resolve, 500))
  for (const pid of [bed?.azurite.pid, bed?.service.pid, child?.pid])
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL')
})

const run = (images: TestImage[], inputs: Record<string, string> = {}, extraPath = ''): Promise<BedRun> =>
  bedRun(images, {
    prefix: 'evidence',
    inputs: { 'retention-days': '12', ...inputs },
    env: {
      ...artifactEnv,
      // a distinct job per run: two runs of one job would collide on the artifact name, as on GitHub
      GITHUB_JOB: `job-${Math.random().toString(36).slice(2, 8)}`,
      PATH: `${extraPath}${tb.TRIVY_BIN_DIR}:${process.env.PATH}`
    }
  })

const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex')

describe('evidence', () => {
  test('a clean run: SPDX SBOM per platform, reports, summary row, and an artifact that downloads byte for byte', async () => {
    const { r, ws } = await run([{ name: 'web', trees: ['alpine-clean'] }])
    expect(r.exitCode).toBe(0)
    const sboms = (r.outputs['sbom-paths'] ?? '').split('\n').sort()
    expect(sboms).toEqual([
      path.join(ws, 'sbom', 'web-9f2c1ab-linux-amd64.spdx.json'),
      path.join(ws, 'sbom', 'web-9f2c1ab-linux-arm64.spdx.json')
    ])
    for (const file of sboms) {
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'))
      expect(doc.spdxVersion).toBe('SPDX-2.3')
      const names = doc.packages.map((p: { name: string }) => p.name)
      expect(names).toEqual(expect.arrayContaining(['openssl', 'musl']))
    }
    expect(r.summary).toMatch(
      /\| web \| `linux\/amd64` `linux\/arm64` \| [\d.]+ m?s, \d+\/\d+ steps cached \(\d+ %\) \| .* \| 0 \/ 0 \/ 0 \/ 0 \| passed \| yes \| \d+ \/ \d+ \|/
    )
    // full digest and the refs pushed, the evidence link, the timings of every stage that ran
    const digest = (JSON.parse(r.outputs.digests ?? '{}') as Record<string, string>).web as string
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(r.summary).toContain(`@${digest}\``)
    for (const ref of JSON.parse(r.outputs.refs ?? '{}').web as string[])
      expect(r.summary).toContain(`pushed \`${ref}\``)
    expect(r.summary).toContain(`](${r.outputs['artifact-url']}).`)
    expect(r.summary).toMatch(/\| build \| 1 \| [\d.]+ m?s \| [\d.]+ m?s \|/)
    expect(r.summary).toMatch(/\| scan \| \d+ \|/)

    // the artifact: uploaded with the retention asked for, and what comes back is what was written
    const id = Number(r.outputs['artifact-id'])
    expect(id).toBeGreaterThan(0)
    expect(r.outputs['artifact-url']).toBe(
      `https://github.com/acme/platform/actions/runs/4242/artifacts/${id}`
    )
    const state = await serviceState(bed)
    const artifact = state.artifacts.find(a => a.id === id)
    expect(artifact?.retentionDays).toBe(12)
    expect(artifact?.state).toBe('finalized')

    const saved: Record<string, string | undefined> = {}
    for (const [k, v] of Object.entries(artifactEnv)) {
      saved[k] = process.env[k]
      process.env[k] = v
    }
    try {
      const { DefaultArtifactClient } = await import('@actions/artifact')
      const client = new DefaultArtifactClient()
      const down = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-download-'))
      await client.downloadArtifact(id, { path: down })
      const local = [
        ...sboms,
        ...(r.outputs['report-paths'] ?? '').split('\n'),
        path.join(ws, 'artifacts', 'imagegate-plan.json'),
        // the next run's baseline
        path.join(ws, 'artifacts', 'imagegate-findings.json')
      ]
      for (const file of local) {
        const rel = path.relative(ws, file)
        expect([rel, sha256(path.join(down, rel))]).toEqual([rel, sha256(file)])
      }
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
    }
  })

  test('a red run still uploads its evidence, reports naming the CVE, before it fails', async () => {
    const { r } = await run([{ name: 'vuln', trees: ['alpine-vuln'], platforms: ['linux/amd64'] }])
    expect(r.exitCode).toBe(1)
    const id = Number(r.outputs['artifact-id'])
    expect(id).toBeGreaterThan(0)
    const report = (r.outputs['report-paths'] ?? '').split('\n')[0] as string
    expect(path.basename(report)).toBe('vuln-linux-amd64.trivy.json')
    expect(fs.readFileSync(report, 'utf8')).toContain('CVE-2099-0001')
    expect(r.summary).toContain('### Blocking findings (2)')
    expect(r.summary).toContain(
      '| vuln | linux/amd64 | [CVE-2099-0001](https://avd.aquasec.com/nvd/cve-2099-0001) | CRITICAL | openssl | 3.1.3-r0 | 3.1.4-r1 |'
    )
    // the human-readable table, and SARIF holding the gate's severities only, one category per platform
    const table = (r.outputs['report-paths'] ?? '')
      .split('\n')
      .find(p => p.endsWith('vuln-linux-amd64.txt')) as string
    expect(fs.readFileSync(table, 'utf8')).toMatch(
      /^vuln linux\/amd64: 3 findings \(CRITICAL 1, HIGH 1, MEDIUM 1/
    )
    const sarif = JSON.parse(fs.readFileSync(r.outputs.sarif as string, 'utf8'))
    expect(sarif.runs.map((run: { automationDetails: { id: string } }) => run.automationDetails.id)).toEqual([
      'imagegate/vuln/linux-amd64/'
    ])
    const ids = sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId).sort()
    expect(ids).toEqual(['CVE-2099-0001', 'CVE-2099-0002'])
    // the upload came before the red status
    expect(r.log.indexOf('evidence uploaded as artifact')).toBeLessThan(
      r.log.indexOf('::error::imagegate: 1 of 1 images failed')
    )
  })

  test('the syft path, through a stand-in that says it is one', async () => {
    const standIn = path.join(ROOT, '__tests__', 'fixtures', 'bin')
    const { r } = await run(
      [{ name: 'api', trees: ['alpine-clean'], platforms: ['linux/amd64'] }],
      { 'sbom-generator': 'syft', 'sbom-format': 'spdx-json,cyclonedx' },
      `${standIn}:`
    )
    expect(r.exitCode).toBe(0)
    const files = (r.outputs['sbom-paths'] ?? '')
      .split('\n')
      .map(f => path.basename(f))
      .sort()
    expect(files).toEqual(['api-9f2c1ab.cdx.json', 'api-9f2c1ab.spdx.json'])
    const spdx = JSON.parse(
      fs.readFileSync(
        (r.outputs['sbom-paths'] ?? '').split('\n').find(f => f.endsWith('.spdx.json')) as string,
        'utf8'
      )
    )
    expect(spdx.creationInfo.creators).toContain('Tool: syft-stand-in (imagegate test bed)')
    expect(r.log).toContain('syft stand-in (imagegate test bed): this is not syft')
  })

  test('outside GitHub nothing is uploaded and the run says where the files are', async () => {
    // no push input, and none of the artifact service's env
    const { r, ws } = await bedRun([{ name: 'api', platforms: ['linux/amd64'] }], {
      prefix: 'local',
      inputs: { push: undefined }
    })
    expect(r.exitCode).toBe(0)
    expect(r.log).toContain(
      `evidence not uploaded: not running on GitHub Actions (no ACTIONS_RUNTIME_TOKEN): files stay in ${ws}`
    )
    expect(r.outputs['artifact-id']).toBeUndefined()
  })
})
