// The baseline input: a previous run's findings file (or the directory of its evidence artifact); anything
// unreadable is an unavailable baseline with its reason, never an empty one.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { baselineFromScans, findingKey, readBaselineFile } from '../../src/policy/baseline.js'
import { findingsFile, parseFindingsFile } from '../../src/policy/findings-file.js'
import type { Finding } from '../../src/trivy/report.js'

const ZLIB: Finding = {
  kind: 'vulnerability',
  id: 'CVE-2099-0002',
  severity: 'HIGH',
  pkg: 'zlib',
  installed: '1.2.13-r1',
  target: 'alpine 3.18'
}
const file = findingsFile({
  environment: 'prod',
  created: '2026-11-28T00:00:00Z',
  images: [
    {
      name: 'web',
      digest: 'sha256:' + '1'.repeat(64),
      platforms: [
        {
          platform: 'linux/amd64',
          manifest: 'sha256:' + '2'.repeat(64),
          findings: [ZLIB],
          status: ['blocking']
        }
      ]
    }
  ]
})
const ws = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-baseline-'))

describe('findings file and baseline', () => {
  test('identity ignores order, line and version fields', () => {
    expect(findingKey('web', 'linux/amd64', ZLIB)).toBe(
      findingKey('web', 'linux/amd64', {
        ...ZLIB,
        installed: '9',
        target: 'other',
        severity: 'LOW'
      } as Finding)
    )
    expect(findingKey('web', 'linux/amd64', ZLIB)).not.toBe(findingKey('web', 'linux/arm64', ZLIB))
    expect(findingKey('web', 'linux/amd64', ZLIB)).not.toBe(findingKey('api', 'linux/amd64', ZLIB))
  })

  test('a file round-trips; a directory holding artifacts/imagegate-findings.json is read too', () => {
    expect(file.images[0]?.platforms[0]?.findings[0]).toEqual({
      kind: 'vulnerability',
      id: 'CVE-2099-0002',
      pkg: 'zlib',
      severity: 'HIGH',
      installed: '1.2.13-r1',
      target: 'alpine 3.18',
      status: 'blocking'
    })
    const dir = ws()
    fs.mkdirSync(path.join(dir, 'prev', 'artifacts'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'prev', 'artifacts', 'imagegate-findings.json'), JSON.stringify(file))
    for (const input of ['prev', 'prev/artifacts/imagegate-findings.json']) {
      const b = readBaselineFile(input, dir)
      expect(b.available).toBe(true)
      if (b.available) {
        expect([...b.images]).toEqual(['web'])
        expect(b.environment).toBe('prod')
        expect(b.findings.get(findingKey('web', 'linux/amd64', ZLIB))?.id).toBe('CVE-2099-0002')
      }
    }
  })

  test.each([
    ['missing.json', undefined, 'cannot read missing.json: file not found'],
    ['bad.json', '{"schema": "imagegate-findings/v1"', 'bad.json is not JSON'],
    [
      'other.json',
      '{"Results": []}',
      'other.json is not an imagegate findings file (imagegate-findings/v1) at schema'
    ],
    ['empty-dir', null, 'empty-dir is a directory without imagegate-findings.json']
  ])('%s: unavailable, with the reason', (name, content, reason) => {
    const dir = ws()
    if (typeof content === 'string') fs.writeFileSync(path.join(dir, name), content)
    if (content === null) fs.mkdirSync(path.join(dir, name))
    const b = readBaselineFile(name, dir)
    expect(b).toMatchObject({ available: false, source: `baseline file ${name}` })
    if (!b.available) expect(b.reason).toContain(reason)
  })

  test('parseFindingsFile rejects a file of another schema', () => {
    expect(parseFindingsFile(JSON.stringify({ ...file, schema: 'v0' }), 'x.json').ok).toBe(false)
    expect(parseFindingsFile(JSON.stringify(file), 'x.json').ok).toBe(true)
  })
})

describe('baseline from scans (the attestation source)', () => {
  test('the findings of a Trivy report per platform, keyed as the findings file is', () => {
    const b = baselineFromScans(
      [{ name: 'web', platforms: [{ platform: 'linux/arm64', findings: [ZLIB] }] }],
      'scan attestation of 127.0.0.1:5000/app/web@sha256:1'
    )
    expect(b.available).toBe(true)
    if (b.available) {
      expect([...b.findings.keys()]).toEqual([findingKey('web', 'linux/arm64', ZLIB)])
      expect([...b.images]).toEqual(['web'])
    }
  })
})
