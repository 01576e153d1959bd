import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { findingsFile, parseFindingsFile } from '../../src/policy/findings-file.js'
import { scannerPolicy, verdictProvenance } from '../../src/policy/run-policy.js'

describe("the scanner options in the verdict's provenance", () => {
  test('recorded with the trivy.yaml by path and sha256, and read back from the findings file', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-scanner-policy-'))
    try {
      const text = 'vulnerability:\n  ignore-unfixed: true\n'
      fs.writeFileSync(path.join(ws, 'trivy.yaml'), text)
      const scanner = scannerPolicy(
        {
          skipDirs: ['/opt/certs'],
          skipFiles: ['/app/package.json'],
          pkgTypes: ['os'],
          scanners: ['vuln'],
          trivyConfig: 'trivy.yaml'
        },
        ws
      )
      expect(scanner).toEqual({
        skipDirs: ['/opt/certs'],
        skipFiles: ['/app/package.json'],
        pkgTypes: ['os'],
        scanners: ['vuln'],
        config: { file: 'trivy.yaml', digest: `sha256:${createHash('sha256').update(text).digest('hex')}` }
      })
      const provenance = verdictProvenance({
        trivyVersion: '0.44.1',
        db: {},
        severities: ['HIGH'],
        modes: {},
        scanner
      })
      expect(provenance.policy.scanner).toEqual(scanner)
      const file = findingsFile({
        environment: 'dev',
        created: '2026-12-07T00:00:00Z',
        provenance,
        images: []
      })
      const read = parseFindingsFile(JSON.stringify(file), 'f.json')
      expect(read.ok && read.data.provenance?.policy.scanner).toEqual(scanner)
    } finally {
      fs.rmSync(ws, { recursive: true, force: true })
    }
  })

  test("Trivy's defaults: no package types, no config; none given: no scanner field at all", () => {
    expect(scannerPolicy({ skipDirs: [], skipFiles: [], scanners: ['vuln', 'secret'] }, '/nowhere')).toEqual({
      skipDirs: [],
      skipFiles: [],
      scanners: ['vuln', 'secret']
    })
    expect(
      verdictProvenance({ trivyVersion: '0.44.1', db: {}, severities: [], modes: {} }).policy
    ).not.toHaveProperty('scanner')
  })
})

test('verdictProvenance: the exceptions that covered each image, once each, with their expiry', () => {
  const entry = (index: number, id: string) => ({
    id,
    images: ['api'],
    reason: 'accepted',
    owner: '@acme/platform',
    expires: '2026-12-31',
    at: `x.yml:${index}`,
    index
  })
  const a = entry(1, 'CVE-2099-0001')
  const b = { ...entry(2, 'CVE-2099-0002'), package: 'libfoo' }
  const provenance = verdictProvenance({
    trivyVersion: '0.68.2',
    db: {},
    severities: ['HIGH'],
    modes: {},
    verdict: {
      images: [
        // two platforms' findings under one entry, and another entry
        { name: 'api', excepted: [{ exception: a }, { exception: a }, { exception: b }] },
        { name: 'web', excepted: [] },
        { name: 'worker' }
      ]
    }
  })
  expect(provenance.policy.applied).toEqual({
    api: [
      {
        id: 'CVE-2099-0001',
        expires: '2026-12-31',
        owner: '@acme/platform',
        reason: 'accepted',
        at: 'x.yml:1'
      },
      {
        id: 'CVE-2099-0002',
        package: 'libfoo',
        expires: '2026-12-31',
        owner: '@acme/platform',
        reason: 'accepted',
        at: 'x.yml:2'
      }
    ]
  })
  expect(
    verdictProvenance({ trivyVersion: '0.68.2', db: {}, severities: [], modes: {} }).policy.applied
  ).toBeUndefined()
})
