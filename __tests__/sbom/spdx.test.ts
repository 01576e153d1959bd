import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { spdxPackageUrls, type SpdxPackageUrls } from '../../src/sbom/spdx.js'

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'trivy-sbom')
const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'))

const purl = (locator: string) => [
  { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: locator }
]
const pkg = (id: string, externalRefs?: unknown[], extra: Record<string, unknown> = {}) => ({
  SPDXID: `SPDXRef-${id}`,
  name: id,
  ...(externalRefs ? { externalRefs } : {}),
  ...extra
})
const rel = (from: string, type: string, to: string) => ({
  spdxElementId: from === 'DOCUMENT' ? 'SPDXRef-DOCUMENT' : `SPDXRef-${from}`,
  relationshipType: type,
  relatedSpdxElement: `SPDXRef-${to}`
})
const doc = (packages: unknown[], relationships: unknown[] = [], extra: Record<string, unknown> = {}) => ({
  spdxVersion: 'SPDX-2.3',
  SPDXID: 'SPDXRef-DOCUMENT',
  name: 'test',
  packages,
  relationships,
  ...extra
})

const IMAGE = pkg('image', purl('pkg:oci/web@sha256%3Aabc?arch=amd64'), {
  primaryPackagePurpose: 'CONTAINER'
})
const OS = pkg('os', undefined, { primaryPackagePurpose: 'OPERATING-SYSTEM', versionInfo: '3.18.4' })
const LODASH = pkg('lodash', purl('pkg:npm/lodash@4.17.20'))
const EXPRESS = pkg('express', purl('pkg:npm/express@4.18.2'))
const ZLIB = pkg('zlib', purl('pkg:apk/alpine/zlib@1.2.13-r1?arch=x86_64&distro=3.18.4'))

describe('spdxPackageUrls: the purls of an SPDX document and what each depends on', () => {
  test.each<[string, unknown, SpdxPackageUrls]>([
    [
      'the described image is not one of its packages; a package without a purl is counted',
      doc([IMAGE, OS, ZLIB, LODASH], [rel('DOCUMENT', 'DESCRIBES', 'image'), rel('image', 'CONTAINS', 'os')]),
      {
        packages: [
          { purl: 'pkg:apk/alpine/zlib@1.2.13-r1?arch=x86_64&distro=3.18.4', dependsOn: [] },
          { purl: 'pkg:npm/lodash@4.17.20', dependsOn: [] }
        ],
        withoutPurl: 1
      }
    ],
    [
      'documentDescribes names the subject too (SPDX 2.2)',
      doc([IMAGE, LODASH], [], { documentDescribes: ['SPDXRef-image'] }),
      { packages: [{ purl: 'pkg:npm/lodash@4.17.20', dependsOn: [] }], withoutPurl: 0 }
    ],
    [
      'DESCRIBED_BY, the other way round',
      doc([IMAGE, LODASH], [rel('image', 'DESCRIBED_BY', 'DOCUMENT')]),
      { packages: [{ purl: 'pkg:npm/lodash@4.17.20', dependsOn: [] }], withoutPurl: 0 }
    ],
    [
      'DEPENDS_ON and DEPENDENCY_OF (read the other way) are the dependencies; CONTAINS is not',
      doc(
        [OS, EXPRESS, LODASH, ZLIB],
        [
          rel('os', 'CONTAINS', 'zlib'),
          rel('express', 'DEPENDS_ON', 'lodash'),
          rel('zlib', 'DEPENDENCY_OF', 'express')
        ]
      ),
      {
        packages: [
          { purl: 'pkg:apk/alpine/zlib@1.2.13-r1?arch=x86_64&distro=3.18.4', dependsOn: [] },
          {
            purl: 'pkg:npm/express@4.18.2',
            dependsOn: ['pkg:apk/alpine/zlib@1.2.13-r1?arch=x86_64&distro=3.18.4', 'pkg:npm/lodash@4.17.20']
          },
          { purl: 'pkg:npm/lodash@4.17.20', dependsOn: [] }
        ],
        withoutPurl: 1
      }
    ],
    [
      'a dependency on a package without a purl is dropped (nothing to name it by)',
      doc([EXPRESS, pkg('local', undefined)], [rel('express', 'DEPENDS_ON', 'local')]),
      { packages: [{ purl: 'pkg:npm/express@4.18.2', dependsOn: [] }], withoutPurl: 1 }
    ],
    [
      'one package found twice (two node_modules copies) is one entry, dependencies merged',
      doc(
        [
          pkg('lodash-a', purl('pkg:npm/lodash@4.17.20')),
          pkg('lodash-b', purl('pkg:npm/lodash@4.17.20')),
          EXPRESS,
          ZLIB
        ],
        [rel('lodash-a', 'DEPENDS_ON', 'express'), rel('lodash-b', 'DEPENDS_ON', 'zlib')]
      ),
      {
        packages: [
          { purl: 'pkg:apk/alpine/zlib@1.2.13-r1?arch=x86_64&distro=3.18.4', dependsOn: [] },
          { purl: 'pkg:npm/express@4.18.2', dependsOn: [] },
          {
            purl: 'pkg:npm/lodash@4.17.20',
            dependsOn: ['pkg:apk/alpine/zlib@1.2.13-r1?arch=x86_64&distro=3.18.4', 'pkg:npm/express@4.18.2']
          }
        ],
        withoutPurl: 0
      }
    ],
    [
      'only a purl reference counts: advisory links, CPEs and locators that are not purls do not',
      doc([
        pkg('busybox', [
          {
            referenceCategory: 'SECURITY',
            referenceType: 'cpe23Type',
            referenceLocator: 'cpe:2.3:a:busybox'
          },
          {
            referenceCategory: 'SECURITY',
            referenceType: 'advisory',
            referenceLocator: 'https://avd.example'
          },
          {
            referenceCategory: 'PACKAGE-MANAGER',
            referenceType: 'purl',
            referenceLocator: 'pkg:apk/alpine/busybox@1.36.1-r2'
          }
        ]),
        pkg('bad', purl('npm/lodash@1')),
        pkg('blank', purl('pkg:'))
      ]),
      { packages: [{ purl: 'pkg:apk/alpine/busybox@1.36.1-r2', dependsOn: [] }], withoutPurl: 2 }
    ],
    [
      'a package that depends on itself does not list itself',
      doc([LODASH], [rel('lodash', 'DEPENDS_ON', 'lodash')]),
      { packages: [{ purl: 'pkg:npm/lodash@4.17.20', dependsOn: [] }], withoutPurl: 0 }
    ],
    ['no packages, no relationships', doc([]), { packages: [], withoutPurl: 0 }]
  ])('%s', (_what, json, expected) => {
    expect(spdxPackageUrls(json, 'sbom.spdx.json')).toEqual(expected)
  })

  test('not an SPDX document: named with the file and the field', () => {
    expect(() => spdxPackageUrls({ bomFormat: 'CycloneDX' }, 'web.cdx.json')).toThrow(
      /^SBOM web\.cdx\.json is not an SPDX JSON document: SPDXID: /
    )
    expect(() => spdxPackageUrls(doc([{ name: 'no id' }]), 'web.spdx.json')).toThrow(/packages\.0\.SPDXID/)
  })
})

describe("spdxPackageUrls on Trivy 0.68.2's own SPDX (the test bed's Trivy, trivy convert of a report)", () => {
  test('an image-like root: the OS packages and node_modules, not the root, not the OS component', () => {
    expect(spdxPackageUrls(fixture('alpine-npm.trivy-0.68.2-spdx.json'), 'f')).toEqual({
      packages: [
        { purl: 'pkg:apk/alpine/busybox@1.36.1-r2?arch=x86_64&distro=3.18.4', dependsOn: [] },
        { purl: 'pkg:apk/alpine/openssl@3.1.3-r0?arch=x86_64&distro=3.18.4', dependsOn: [] },
        { purl: 'pkg:apk/alpine/zlib@1.2.13-r1?arch=x86_64&distro=3.18.4', dependsOn: [] },
        { purl: 'pkg:npm/lodash@4.17.20', dependsOn: [] }
      ],
      withoutPurl: 1 // the alpine OperatingSystem component
    })
  })

  test('a lockfile: the dependency graph kept (express-like DEPENDS_ON lodash), the application left out', () => {
    expect(spdxPackageUrls(fixture('npm-lock.trivy-0.68.2-spdx.json'), 'f')).toEqual({
      packages: [
        { purl: 'pkg:npm/express-like@1.0.0', dependsOn: ['pkg:npm/lodash@4.17.20'] },
        { purl: 'pkg:npm/lodash@4.17.20', dependsOn: [] }
      ],
      withoutPurl: 1 // the app/package-lock.json Application component
    })
  })

  test('the SPDX Trivy 0.44.1 wrote from an OCI layout (its Application node-pkg has no purl)', () => {
    const read = spdxPackageUrls(fixture('alpine-npm.trivy-spdx.json'), 'f')
    expect(read.packages.map(p => p.purl)).toEqual([
      'pkg:apk/alpine/busybox@1.36.1-r2?arch=x86_64&distro=3.18.4',
      'pkg:apk/alpine/openssl@3.1.3-r0?arch=x86_64&distro=3.18.4',
      'pkg:apk/alpine/zlib@1.2.13-r1?arch=x86_64&distro=3.18.4',
      'pkg:npm/lodash@4.17.20'
    ])
    expect(read.withoutPurl).toBe(2) // the OS, the node-pkg Application (the image is the subject)
  })
})
