// End to end: the SPDX SBOM imagegate has Trivy convert from its scan report (sbom-generator: trivy),
// against the SPDX Trivy writes when it scans the same platform image, read back from the registry by digest.
import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { comparable, type AnyDocument } from '../trivy/spdx-compare.js'
import { bedRun, testbed, trivyCache } from './testbed.js'

const bed = testbed()

describe('the SBOM written from the scan', () => {
  test('lists what Trivy lists for the pushed bytes, on every platform', async () => {
    const { r, org } = await bedRun([{ name: 'web', trees: ['debian-python-npm'] }], {
      prefix: 'sbom'
    })
    expect(r.exitCode).toBe(0)
    const digest = (JSON.parse(r.outputs.digests ?? '{}') as Record<string, string>).web as string
    const files = (r.outputs['sbom-paths'] ?? '').split('\n').sort()
    expect(files.map(f => path.basename(f))).toEqual([
      'web-9f2c1ab-linux-amd64.spdx.json',
      'web-9f2c1ab-linux-arm64.spdx.json'
    ])
    // one Trivy image process per platform: the scan (the SBOM is a conversion of its report; `tools` is the flag probe)
    const meta = JSON.parse(r.outputs.metadata ?? '{}') as {
      timings: { children: { stage: string; label: string }[] }
    }
    expect(
      meta.timings.children.filter(c => c.stage !== 'tools' && /trivy image$/.test(c.label)).map(c => c.stage)
    ).toEqual(['scan', 'scan'])
    // and the SBOM of each: Trivy's conversion of that report
    expect(meta.timings.children.filter(c => /trivy convert$/.test(c.label)).map(c => c.stage)).toEqual([
      'sbom',
      'sbom'
    ])
    const cache = trivyCache()
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-sbom-'))
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      const ours = JSON.parse(
        fs.readFileSync(
          files.find(f => f.endsWith(`${platform.replace('/', '-')}.spdx.json`)) as string,
          'utf8'
        )
      ) as AnyDocument & { name: string }
      const theirsFile = path.join(out, `${platform.replace('/', '-')}.spdx.json`)
      const t = spawnSync(
        path.join(bed.TRIVY_BIN_DIR, 'trivy'),
        [
          'image',
          '--platform',
          platform,
          '--format',
          'spdx-json',
          '--output',
          theirsFile,
          '--cache-dir',
          cache,
          '--skip-db-update',
          '--skip-java-db-update',
          '--skip-check-update',
          '--quiet',
          `${bed.REGISTRY}/${org}/web@${digest}`
        ],
        { encoding: 'utf8' }
      )
      expect(t.stderr).toBe('')
      expect(t.status).toBe(0)
      const theirs = JSON.parse(fs.readFileSync(theirsFile, 'utf8')) as AnyDocument
      const a = comparable(ours)
      expect(a).toEqual(comparable(theirs))
      // not an empty agreement: the fixture's OS, Python and npm packages are there
      expect(a.packages.map(p => p.name)).toEqual(
        expect.arrayContaining(['debian', 'libc6', 'diffutils', 'Flask-Cors', '@babel/core'])
      )
      // named as the pushed platform image, not the local layout it was scanned from
      const image = ours.packages.find(p => p.primaryPackagePurpose === 'CONTAINER')
      expect(ours.name).toMatch(new RegExp(`^${bed.REGISTRY}/${org}/web@sha256:[a-f0-9]{64}$`))
      expect(image?.name).toBe(ours.name)
      expect(image?.externalRefs?.map(r => r.referenceLocator)).toEqual([
        expect.stringMatching(
          new RegExp(`^pkg:oci/web@sha256%3A[a-f0-9]{64}\\?arch=${platform.split('/')[1]}&repository_url=`)
        )
      ])
    }
  })
})
