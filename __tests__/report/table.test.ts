// The text table of findings, from the REAL Trivy reports of scripts/trivy/reports.sh.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {
  compareFindings,
  compareNatural,
  findingsTable,
  SEVERITY_ORDER,
  tableFileName
} from '../../src/report/table.js'
import { findingsOf, parseReport, type Finding } from '../../src/trivy/report.js'

const REPORTS = path.resolve(
  import.meta.dirname ?? new URL('.', import.meta.url).pathname,
  '..',
  'fixtures',
  'trivy-reports'
)

function real(
  name: 'alpine-vuln' | 'alpine-unfixed-only' | 'alpine-clean' | 'npm-vuln' | 'secret'
): Finding[] {
  const file = path.join(REPORTS, `${name}.json`)
  return findingsOf(parseReport(fs.readFileSync(file, 'utf8'), file))
}

/** The ID column of a rendered table, in order. */
const idColumn = (table: string): string[] =>
  table
    .split('\n')
    .slice(3)
    .filter(l => l !== '')
    .map(l => l.split(/\s{2,}/)[1] as string)

describe('findingsTable', () => {
  test('alpine-vuln: header with counts, then rows critical first', () => {
    expect(findingsTable('alpine-vuln', 'linux/amd64', real('alpine-vuln'))).toBe(
      [
        'alpine-vuln linux/amd64: 3 findings (CRITICAL 1, HIGH 1, MEDIUM 1, LOW 0, UNKNOWN 0)',
        '',
        'SEVERITY  ID             PACKAGE  INSTALLED  FIXED       TITLE',
        'CRITICAL  CVE-2099-0001  openssl  3.1.3-r0   3.1.4-r1    openssl: fake test advisory, remote code execution',
        'HIGH      CVE-2099-0002  zlib     1.2.13-r1  -           zlib: fake test advisory, heap overflow (no fix yet)',
        'MEDIUM    CVE-2099-0003  busybox  1.36.1-r2  1.36.1-r99  busybox: fake test advisory, local information leak',
        ''
      ].join('\n')
    )
  })

  test('Trivy reports busybox (MEDIUM) first; the table puts it last', () => {
    expect(real('alpine-vuln').map(f => f.id)).toEqual(['CVE-2099-0003', 'CVE-2099-0001', 'CVE-2099-0002'])
    expect(idColumn(findingsTable('x', 'linux/amd64', real('alpine-vuln')))).toEqual([
      'CVE-2099-0001',
      'CVE-2099-0002',
      'CVE-2099-0003'
    ])
  })

  test('several kinds together: severity first, then id; a secret shows its file and line', () => {
    const findings = [...real('secret'), ...real('alpine-vuln'), ...real('npm-vuln')]
    const table = findingsTable('api', 'linux/arm64', findings)
    expect(table.split('\n')[0]).toBe(
      'api linux/arm64: 5 findings (CRITICAL 1, HIGH 3, MEDIUM 1, LOW 0, UNKNOWN 0)'
    )
    expect(idColumn(table)).toEqual([
      'CVE-2099-0001',
      'CVE-2099-0002',
      'CVE-2099-0004',
      'private-key',
      'CVE-2099-0003'
    ])
    const secret = table.split('\n').find(l => l.includes('private-key')) as string
    expect(secret.split(/\s{2,}/)).toEqual([
      'HIGH',
      'private-key',
      'app/config/deploy-key.pem:1',
      '-',
      '-',
      'Asymmetric Private Key'
    ])
    const lodash = table.split('\n').find(l => l.includes('lodash')) as string
    expect(lodash.split(/\s{2,}/).slice(2, 5)).toEqual(['lodash', '4.17.20', '>=4.17.21'])
  })

  test('columns line up: every cell of a column starts at the same offset', () => {
    const table = findingsTable('api', 'linux/amd64', [
      ...real('alpine-vuln'),
      ...real('npm-vuln'),
      ...real('secret')
    ])
    const lines = table.split('\n').slice(2, -1)
    const header = lines[0] as string
    const starts = ['ID', 'PACKAGE', 'INSTALLED', 'FIXED', 'TITLE'].map(h => header.indexOf(h))
    for (const l of lines.slice(1)) {
      for (const s of starts) {
        expect(l[s - 1]).toBe(' ')
        expect(l[s]).not.toBe(' ')
      }
      expect(l).toBe(l.trimEnd())
    }
  })

  test('the order is the same whatever the input order', () => {
    const findings = [
      ...real('secret'),
      ...real('alpine-vuln'),
      ...real('npm-vuln'),
      ...real('alpine-unfixed-only')
    ]
    expect(findingsTable('api', 'linux/amd64', [...findings].reverse())).toBe(
      findingsTable('api', 'linux/amd64', findings)
    )
  })

  test('a clean image: the header only', () => {
    expect(real('alpine-clean')).toEqual([])
    expect(findingsTable('alpine-clean', 'linux/amd64', real('alpine-clean'))).toBe(
      'alpine-clean linux/amd64: 0 findings (CRITICAL 0, HIGH 0, MEDIUM 0, LOW 0, UNKNOWN 0)\n'
    )
  })

  test('one finding: singular', () => {
    expect(findingsTable('x', 'linux/amd64', real('npm-vuln')).split('\n')[0]).toBe(
      'x linux/amd64: 1 finding (CRITICAL 0, HIGH 1, MEDIUM 0, LOW 0, UNKNOWN 0)'
    )
  })

  test('a title with line breaks stays on its row', () => {
    const f = { ...(real('npm-vuln')[0] as Finding), title: 'first line\nsecond\tline  ' }
    const rows = findingsTable('x', 'linux/amd64', [f]).split('\n')
    expect(rows).toHaveLength(5)
    expect(rows[3]?.endsWith('first line second line')).toBe(true)
  })

  test('ids compare by their numbers: CVE-2099-9999 before CVE-2099-10000; LOW and UNKNOWN last', () => {
    const [medium, critical] = real('alpine-vuln') as [Finding, Finding]
    const findings: Finding[] = [
      { ...critical, id: 'CVE-2099-10000' },
      { ...critical, id: 'CVE-2099-9999' },
      { ...medium, id: 'CVE-2099-0005', severity: 'UNKNOWN' },
      { ...medium, id: 'CVE-2099-0006', severity: 'LOW' },
      { ...medium, id: 'CVE-2100-0001' }
    ]
    expect(idColumn(findingsTable('x', 'linux/amd64', findings))).toEqual([
      'CVE-2099-9999',
      'CVE-2099-10000',
      'CVE-2100-0001',
      'CVE-2099-0006',
      'CVE-2099-0005'
    ])
  })
})

describe('ordering helpers', () => {
  test('SEVERITY_ORDER is critical first', () => {
    expect(SEVERITY_ORDER).toEqual(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'])
  })

  test.each([
    ['CVE-2024-9999', 'CVE-2024-10000', -1],
    ['CVE-2024-10000', 'CVE-2024-9999', 1],
    ['GHSA-aaaa', 'GHSA-aaab', -1],
    ['CVE-2024-0001', 'CVE-2024-0001', 0],
    ['CVE-2024-1', 'CVE-2024-01', -1],
    ['CVE-2024', 'CVE-2024-1', -1]
  ])('compareNatural(%s, %s) has the sign %d', (a, b, sign) => {
    expect(Math.sign(compareNatural(a, b))).toBe(sign)
  })

  test('compareFindings is a total order: equal only for the same finding', () => {
    const all = [
      ...real('alpine-vuln'),
      ...real('npm-vuln'),
      ...real('secret'),
      ...real('alpine-unfixed-only')
    ]
    for (const a of all)
      for (const b of all)
        expect(compareFindings(a, b) === 0).toBe(a === b || JSON.stringify(a) === JSON.stringify(b))
  })
})

test.each([
  ['api', 'linux/amd64', 'api-linux-amd64.txt'],
  ['api', 'linux/arm/v7', 'api-linux-arm-v7.txt']
])('tableFileName(%s, %s) = %s', (image, platform, file) => {
  expect(tableFileName(image, platform)).toBe(file)
})
