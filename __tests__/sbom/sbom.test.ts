import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { sbomFileName, validateSbom } from '../../src/sbom/sbom.js'
import { syftArgs } from '../../src/syft/sbom.js'
import { namedReport, trivyConvertArgs } from '../../src/trivy/sbom.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-sbom-'))
const write = (name: string, doc: unknown): string => {
  const file = path.join(tmp, name)
  fs.writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc))
  return file
}
const spdx = {
  spdxVersion: 'SPDX-2.3',
  SPDXID: 'SPDXRef-DOCUMENT',
  name: '127.0.0.1:5000/app/web',
  creationInfo: { creators: ['Tool: trivy-dev'] },
  packages: [
    { name: 'openssl', SPDXID: 'SPDXRef-Package-1', versionInfo: '3.1.4-r1' },
    { name: 'musl', SPDXID: 'SPDXRef-Package-2', versionInfo: '1.2.4-r2' }
  ]
}

describe('SBOM files', () => {
  test.each<[string, string, number, 'spdx-json' | 'cyclonedx', string]>([
    ['backend', 'linux/amd64', 1, 'spdx-json', 'backend-9f2c1ab.spdx.json'],
    ['backend', 'linux/arm64', 2, 'spdx-json', 'backend-9f2c1ab-linux-arm64.spdx.json'],
    ['backend', 'linux/arm/v7', 3, 'cyclonedx', 'backend-9f2c1ab-linux-arm-v7.cdx.json']
  ])('%s %s of %d platforms, %s', (image, platform, n, format, name) => {
    expect(sbomFileName(image, '9f2c1ab', platform, n, format)).toBe(name)
  })

  test('a valid SPDX document: name, version and packages', () => {
    const s = validateSbom(write('ok.spdx.json', spdx), 'spdx-json')
    expect([s.documentName, s.version, s.packages.map(p => p.name)]).toEqual([
      '127.0.0.1:5000/app/web',
      'SPDX-2.3',
      ['openssl', 'musl']
    ])
  })

  test.each([
    ['not JSON', '{', /is not readable JSON/],
    ['wrong version', { ...spdx, spdxVersion: 'SPDX-3.0' }, /spdxVersion: spdxVersion is not SPDX-2.x/],
    ['no name', { ...spdx, name: '' }, /name: the document has no name/],
    ['not a document', { hello: 'world' }, /is not a valid SPDX JSON document/]
  ])('%s is refused', (_n, doc, message) => {
    expect(() => validateSbom(write('bad.spdx.json', doc), 'spdx-json')).toThrow(message)
  })

  test('argv: syft and trivy write the format to the file', () => {
    expect(
      syftArgs({ input: '/w/p', output: '/o/a.spdx.json', format: 'spdx-json', name: 'r/app/a@linux/amd64' })
    ).toEqual([
      'scan',
      'oci-dir:/w/p',
      '--output',
      'spdx-json=/o/a.spdx.json',
      '--source-name',
      'r/app/a@linux/amd64',
      '--quiet'
    ])
    expect(syftArgs({ input: '/w/p', output: '/o/a.cdx.json', format: 'cyclonedx', name: 'n' })[3]).toBe(
      'cyclonedx-json=/o/a.cdx.json'
    )
  })

  test.each<['spdx-json' | 'cyclonedx', string]>([
    ['spdx-json', 'spdx-json'],
    ['cyclonedx', 'cyclonedx']
  ])("Trivy's own %s writer over the scan's report", (format, flag) => {
    expect(trivyConvertArgs({ report: '/w/a.report.json', output: '/o/a.sbom', format })).toEqual([
      'convert',
      '--format',
      flag,
      '--output',
      '/o/a.sbom',
      '--quiet',
      '/w/a.report.json'
    ])
  })

  test('the report Trivy converts is named as the pushed image; everything else stays', () => {
    const manifest = `sha256:${'b'.repeat(64)}`
    const report = {
      SchemaVersion: 2,
      ArtifactName: '/tmp/run/api/platforms/linux-amd64',
      ArtifactType: 'container_image',
      Metadata: { OS: { Family: 'alpine', Name: '3.18.4' }, ImageID: 'sha256:c', RepoDigests: [] },
      Results: [{ Target: 'x', Packages: [{ Name: 'musl', Version: '1.2.4-r2' }] }]
    }
    expect(
      JSON.parse(
        namedReport(JSON.stringify(report), 'r.json', { repository: '127.0.0.1:5000/app/api', manifest })
      )
    ).toEqual({
      ...report,
      ArtifactName: `127.0.0.1:5000/app/api@${manifest}`,
      Metadata: { ...report.Metadata, RepoDigests: [`127.0.0.1:5000/app/api@${manifest}`] }
    })
    expect(() => namedReport('{"Sche', 'r.json', { repository: 'r', manifest })).toThrow(
      'Trivy report r.json is not JSON'
    )
  })
})
