// The SPDX written from a scan report, against the SPDX real Trivy wrote for the same image
// (fixtures/trivy-sbom/README.md): same packages, versions, purls, checksums, layers and containment.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatPurl, imagePurl, packagePurl } from '../../src/trivy/purl.js'
import { parseReport } from '../../src/trivy/report.js'
import { licenseExpression, spdxFromReport, type SpdxDocument } from '../../src/trivy/spdx.js'
import { validateSbom } from '../../src/sbom/sbom.js'
import { IMAGEGATE_VERSION } from '../../src/version.js'
import { comparable, type AnyDocument } from './spdx-compare.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const dir = path.join(here, '..', 'fixtures', 'trivy-sbom')
const MANIFEST = `sha256:${'ab'.repeat(32)}`

function ours(fixture: string, platform = 'linux/amd64'): SpdxDocument {
  const file = path.join(dir, `${fixture}.report.json`)
  return spdxFromReport(parseReport(fs.readFileSync(file, 'utf8'), file), {
    repository: '127.0.0.1:5000/app/web',
    platform,
    manifest: MANIFEST,
    created: '2026-11-23T12:00:00Z',
    uuid: '00000000-0000-4000-8000-000000000000',
    imagegateVersion: IMAGEGATE_VERSION,
    trivyVersion: '0.44.1'
  })
}

const trivys = (fixture: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, `${fixture}.trivy-spdx.json`), 'utf8')) as AnyDocument

describe('SPDX from the scan report', () => {
  test.each(['alpine-npm', 'debian-python-npm', 'licenses'])(
    "%s: the packages, purls, checksums, layers and containment of Trivy's own SPDX",
    fixture => {
      expect(comparable(ours(fixture))).toEqual(comparable(trivys(fixture)))
    }
  )

  test('licenses: single ids as Trivy writes them; none is NOASSERTION (Trivy v0.44: NONE, which asserts none)', () => {
    const lic = (doc: AnyDocument, name: string) => doc.packages.find(p => p.name === name)?.licenseConcluded
    for (const [name, trivy] of [
      ['busybox', 'MIT'],
      ['lodash', 'MIT'],
      ['Flask-Cors', 'MIT']
    ] as const) {
      const fixture = name === 'Flask-Cors' ? 'debian-python-npm' : 'alpine-npm'
      expect(lic(trivys(fixture), name)).toBe(trivy)
      expect(lic(ours(fixture), name)).toBe(trivy)
    }
    expect(lic(trivys('debian-python-npm'), 'libc6')).toBe('NONE')
    expect(lic(ours('debian-python-npm'), 'libc6')).toBe('NOASSERTION')
  })

  test('license lists Trivy v0.44 mangles: kept as valid SPDX expressions', () => {
    // Trivy dropped libbaz's license altogether (its WITH, split into three entries, failed to parse)
    const doc = ours('licenses')
    const lic = (name: string) => doc.packages.find(p => p.name === name)?.licenseConcluded
    expect(lic('libfoo')).toBe('GPL-2.0 AND MIT')
    expect(lic('libbaz')).toBe('GPL-2.0 WITH Classpath-exception-2.0 AND BSD-3-Clause')
    // ids by their syntax, as Trivy writes them (the SPDX license list is not consulted)
    expect(lic('libbar')).toBe('Custom AND Thing')
    expect(doc.hasExtractedLicensingInfos).toBeUndefined()
  })

  test('a license that is no SPDX id: a LicenseRef, its text extracted; none: NOASSERTION', () => {
    const r = licenseExpression(['MIT', 'Custom License (see COPYING)', 'Custom License (see COPYING)'])
    expect(r.extracted).toHaveLength(2)
    const id = r.extracted[0]?.licenseId as string
    expect(id).toMatch(/^LicenseRef-[0-9a-f]{16}$/)
    expect(r.expression).toBe(`MIT AND ${id} AND ${id}`)
    expect(r.extracted[0]).toEqual({
      licenseId: id,
      name: 'Custom License (see COPYING)',
      extractedText: 'This component is licensed under "Custom License (see COPYING)"'
    })
    expect(licenseExpression([])).toEqual({ expression: 'NOASSERTION', extracted: [] })
  })

  test('the document: names the image and platform, says who wrote it from what, and validates', () => {
    const doc = ours('alpine-npm', 'linux/arm64/v8')
    expect(doc.name).toBe('127.0.0.1:5000/app/web@linux/arm64/v8')
    expect(doc.creationInfo.creators).toEqual([`Tool: imagegate-${IMAGEGATE_VERSION}`, 'Tool: trivy-0.44.1'])
    expect(doc.creationInfo.comment).toContain(MANIFEST)
    expect(doc.documentNamespace).toMatch(
      /^https:\/\/spdx\.org\/spdxdocs\/imagegate\/.+-00000000-0000-4000-8000-000000000000$/
    )
    const root = doc.packages[0]
    expect(root?.primaryPackagePurpose).toBe('CONTAINER')
    expect(root?.externalRefs?.[0]?.referenceLocator).toBe(
      `pkg:oci/web@sha256%3A${'ab'.repeat(32)}?arch=arm64&variant=v8&repository_url=127.0.0.1:5000/app/web`
    )
    expect(root?.attributionTexts).toContain(`ManifestDigest: ${MANIFEST}`)
    const ids = doc.packages.map(p => p.SPDXID)
    expect(new Set(ids).size).toBe(ids.length)
    for (const r of doc.relationships) {
      if (r.spdxElementId !== 'SPDXRef-DOCUMENT') expect(ids).toContain(r.spdxElementId)
      expect(ids).toContain(r.relatedSpdxElement)
    }
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-spdx-')), 'x.spdx.json')
    fs.writeFileSync(file, JSON.stringify(doc))
    try {
      const summary = validateSbom(file, 'spdx-json')
      expect(summary.packages.map(p => p.name)).toEqual(
        expect.arrayContaining(['busybox', 'lodash', 'openssl', 'zlib'])
      )
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true })
    }
  })

  test('twin packages (same name and version in two places) get distinct ids', () => {
    const pkg = { Name: 'lodash', Version: '4.17.20', FilePath: 'a/node_modules/lodash/package.json' }
    const doc = spdxFromReport(
      {
        SchemaVersion: 2,
        Results: [
          {
            Target: 'Node.js',
            Class: 'lang-pkgs',
            Type: 'node-pkg',
            Packages: [pkg, { ...pkg }, { ...pkg, FilePath: 'b/x' }]
          }
        ]
      },
      {
        repository: 'r/o/n',
        platform: 'linux/amd64',
        manifest: MANIFEST,
        created: 'x',
        uuid: 'u',
        imagegateVersion: 'v',
        trivyVersion: 't'
      }
    )
    const ids = doc.packages.map(p => p.SPDXID)
    expect(ids).toHaveLength(5)
    expect(new Set(ids).size).toBe(5)
  })
})

describe('purls as Trivy writes them', () => {
  const os = { Family: 'debian', Name: '12.5' }
  test.each([
    [
      'debian',
      os,
      { Name: 'diffutils', Version: '3.8', Release: '4', Epoch: 1, Arch: 'amd64' },
      'pkg:deb/debian/diffutils@3.8-4?arch=amd64&epoch=1&distro=debian-12.5'
    ],
    [
      'alpine',
      { Family: 'alpine', Name: '3.18.4' },
      { Name: 'busybox', Version: '1.36.1-r2', Arch: 'x86_64' },
      'pkg:apk/alpine/busybox@1.36.1-r2?arch=x86_64&distro=3.18.4'
    ],
    [
      'redhat',
      { Family: 'redhat', Name: '8.6' },
      {
        Name: 'openssl',
        Version: '1.1.1k',
        Release: '7.el8_6',
        Epoch: 1,
        Arch: 'x86_64',
        Modularitylabel: 'a:b'
      },
      'pkg:rpm/redhat/openssl@1.1.1k-7.el8_6?arch=x86_64&epoch=1&distro=redhat-8.6&modularitylabel=a:b'
    ],
    ['node-pkg', os, { Name: '@Babel/Core', Version: '7.22.5' }, 'pkg:npm/%40babel/core@7.22.5'],
    ['python-pkg', os, { Name: 'Flask_Cors', Version: '3.0.10' }, 'pkg:pypi/flask-cors@3.0.10'],
    [
      'jar',
      os,
      { Name: 'org.apache.logging.log4j:log4j-core', Version: '2.14.1' },
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'
    ],
    [
      'gobinary',
      os,
      { Name: 'github.com/Sirupsen/logrus', Version: 'v1.9.0' },
      'pkg:golang/github.com/sirupsen/logrus@v1.9.0'
    ],
    [
      'composer',
      os,
      { Name: 'symfony/http-kernel', Version: '5.4.0' },
      'pkg:composer/symfony/http-kernel@5.4.0'
    ],
    ['cargo', os, { Name: 'serde', Version: '1.0.0' }, 'pkg:cargo/serde@1.0.0'],
    ['gemspec', os, { Name: 'rails', Version: '7.0.0' }, 'pkg:gem/rails@7.0.0']
  ])('%s %j', (type, osInfo, pkg, expected) => {
    expect(formatPurl(packagePurl(type, osInfo, pkg))).toBe(expected)
  })

  test('no OS known: no arch or distro qualifiers', () => {
    expect(
      formatPurl(packagePurl('debian', undefined, { Name: 'tar', Version: '1.34', Arch: 'amd64' }))
    ).toBe('pkg:deb/tar@1.34')
  })

  test('the image: an oci purl by manifest digest', () => {
    expect(imagePurl('ghcr.io/Org/API', MANIFEST, 'amd64')).toBe(
      `pkg:oci/api@sha256%3A${'ab'.repeat(32)}?arch=amd64&repository_url=ghcr.io/Org/API`
    )
  })
})

test("IMAGEGATE_VERSION is package.json's version", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(here, '..', '..', 'package.json'), 'utf8')) as {
    version: string
  }
  expect(IMAGEGATE_VERSION).toBe(pkg.version)
})
