// trivyignores: plain files joined as lines; any .trivyignore.yaml makes one YAML file (Trivy picks the
// parser by extension), and a Trivy too old to read YAML is refused rather than silently ignoring nothing.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parse } from 'yaml'
import { checkIgnoreFileSupport, mergeIgnoreFiles, plainEntries } from '../../src/policy/trivyignore.js'

const ws = (files: Record<string, string>): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-ignore-'))
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text)
  return dir
}

describe('trivyignores', () => {
  test('plain lines: ids and exp: dates, comments skipped', () => {
    expect(plainEntries('# c\nCVE-1\n\nCVE-2 exp:2027-01-01\n')).toEqual([
      { id: 'CVE-1' },
      { id: 'CVE-2', expired_at: '2027-01-01' }
    ])
  })

  test('plain files only: one plain file, as before', () => {
    const dir = ws({ a: 'CVE-1\n', b: 'CVE-2\n' })
    const merged = mergeIgnoreFiles(['a', 'b'], dir, path.join(dir, 'work', 'trivyignore')) as string
    expect(path.basename(merged)).toBe('trivyignore')
    expect(fs.readFileSync(merged, 'utf8')).toBe('# a\nCVE-1\n\n# b\nCVE-2\n\n')
  })

  test('a YAML file among them: one .yaml file, YAML entries kept, plain ids in every section', () => {
    const dir = ws({
      '.trivyignore': 'CVE-1 exp:2027-01-01\n',
      '.trivyignore.yaml':
        'vulnerabilities:\n  - id: CVE-2\n    paths: [usr/lib/x]\n    statement: accepted\nsecrets:\n  - id: aws-access-key-id\n'
    })
    const merged = mergeIgnoreFiles(
      ['.trivyignore', '.trivyignore.yaml'],
      dir,
      path.join(dir, 'work', 'trivyignore')
    ) as string
    expect(merged.endsWith('trivyignore.yaml')).toBe(true)
    expect(parse(fs.readFileSync(merged, 'utf8'))).toEqual({
      vulnerabilities: [
        { id: 'CVE-1', expired_at: '2027-01-01' },
        { id: 'CVE-2', paths: ['usr/lib/x'], statement: 'accepted' }
      ],
      misconfigurations: [{ id: 'CVE-1', expired_at: '2027-01-01' }],
      secrets: [{ id: 'CVE-1', expired_at: '2027-01-01' }, { id: 'aws-access-key-id' }],
      licenses: [{ id: 'CVE-1', expired_at: '2027-01-01' }]
    })
  })

  test.each([
    ['x.yaml', 'vulnerabilities: [', /x\.yaml is not valid YAML/],
    ['x.yaml', '- id: CVE-1', /x\.yaml is not a Trivy YAML ignore file/],
    ['x.yaml', 'vulns:\n  - id: CVE-1', /"vulns" is not a section/],
    ['x.yml', 'vulnerabilities:\n  - CVE-1', /vulnerabilities must be a list of entries with an id/],
    ['missing', undefined, /missing not found in the workspace/]
  ])('%s: %s is refused', (name, text, error) => {
    const dir = ws(text === undefined ? {} : { [name]: text })
    expect(() => mergeIgnoreFiles([name], dir, path.join(dir, 'work', 'trivyignore'))).toThrow(error)
  })

  test.each([
    ['0.44.1', 'trivyignore.yaml', true],
    ['0.47.9', 'trivyignore.yaml', true],
    ['0.48.0', 'trivyignore.yaml', false],
    ['1.0.0', 'trivyignore.yaml', false],
    ['dev', 'trivyignore.yaml', false],
    ['0.44.1', 'trivyignore', false]
  ])('Trivy %s with %s: refused %s', (version, file, refused) => {
    const check = () => checkIgnoreFileSupport(`/w/${file}`, version)
    if (refused) expect(check).toThrow(/reads an ignore file as plain lines/)
    else expect(check).not.toThrow()
  })
})
