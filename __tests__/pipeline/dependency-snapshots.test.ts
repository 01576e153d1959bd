// Which platform images of a run get a dependency snapshot: those whose SPDX SBOM the run wrote.
import { describe, expect, test } from '@jest/globals'
import { OutputLayout } from '../../src/output-layout.js'
import type { ImageRun } from '../../src/pipeline/image.js'
import { snapshotTargets } from '../../src/pipeline/dependency-snapshots.js'
import type { ImagePlan, Plan } from '../../src/plan/plan.js'
import type { SbomFormat } from '../../src/sbom/sbom.js'

const files = new OutputLayout('/ws/out', '/tmp/run')
const plan = { environment: 'dev', git: { shortSha: '9f2c1ab' } } as Plan

function run(name: string, platforms: string[], formats: SbomFormat[], error?: string): ImageRun {
  return {
    plan: { name, file: `services/${name}/Dockerfile`, repository: `ghcr.io/acme/${name}` } as ImagePlan,
    outcome: {
      name,
      scans: platforms.map(platform => ({ platform, findings: [] })),
      ...(error ? { error } : {})
    },
    reportFiles: [],
    sboms: platforms.flatMap(p =>
      formats.map(format => ({
        file: files.sbomFile(name, '9f2c1ab', p, platforms.length, format),
        format,
        documentName: name,
        version: 'SPDX-2.3',
        packages: [],
        creators: []
      }))
    ),
    reused: 0,
    manifests: new Map(platforms.map((p, i) => [p, `sha256:${String(i).repeat(64)}`]))
  }
}

describe('snapshotTargets', () => {
  test('every platform with an SPDX SBOM, in order; an image without one named', () => {
    const { targets, without } = snapshotTargets({ plan, files }, [
      run('web', ['linux/amd64', 'linux/arm64'], ['spdx-json', 'cyclonedx']),
      run('api', ['linux/amd64'], ['spdx-json']),
      run('broken', [], [], 'its build failed'),
      run('cdx', ['linux/amd64'], ['cyclonedx'])
    ])
    expect(targets).toEqual([
      {
        image: 'web',
        platform: 'linux/amd64',
        dockerfile: 'services/web/Dockerfile',
        repository: 'ghcr.io/acme/web',
        manifest: `sha256:${'0'.repeat(64)}`,
        environment: 'dev',
        spdxFile: '/ws/out/sbom/web-9f2c1ab-linux-amd64.spdx.json'
      },
      expect.objectContaining({
        image: 'web',
        platform: 'linux/arm64',
        manifest: `sha256:${'1'.repeat(64)}`,
        spdxFile: '/ws/out/sbom/web-9f2c1ab-linux-arm64.spdx.json'
      }),
      expect.objectContaining({
        image: 'api',
        platform: 'linux/amd64',
        spdxFile: '/ws/out/sbom/api-9f2c1ab.spdx.json'
      })
    ])
    expect(without).toEqual(['broken', 'cdx linux/amd64'])
  })
})
