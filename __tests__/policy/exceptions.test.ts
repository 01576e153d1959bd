// The exceptions file: validated like the catalog (every problem with file, line and field), and the
// days an exception has left.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { CatalogError } from '../../src/catalog/errors.js'
import {
  daysLeft,
  globMatches,
  loadExceptions,
  parseDay,
  parseExceptions
} from '../../src/policy/exceptions.js'

const FILE = '.github/imagegate-exceptions.yml'
const IMAGES = ['web', 'api-users', 'api-orders']

const problems = (text: string): string[] => {
  try {
    parseExceptions(text, FILE, IMAGES)
  } catch (err) {
    if (err instanceof CatalogError) return err.message.split('\n')
    throw err
  }
  throw new Error('no error')
}

describe('exceptions file', () => {
  test('a valid file: entries with where they are written, and the file digest', () => {
    const text = [
      'version: 1',
      'exceptions:',
      '  - id: CVE-2099-0002',
      '    images: [web, "api-*"]',
      '    reason: no fix upstream yet',
      '    owner: "@acme/platform"',
      '    expires: 2027-01-31'
    ].join('\n')
    const e = parseExceptions(text, FILE, IMAGES)
    expect(e.entries).toEqual([
      {
        id: 'CVE-2099-0002',
        images: ['web', 'api-*'],
        reason: 'no fix upstream yet',
        owner: '@acme/platform',
        expires: '2027-01-31',
        index: 0,
        at: `${FILE}:3`
      }
    ])
    expect(e.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
  })

  test('a blank reason or owner is an empty one', () => {
    const text = [
      'exceptions:',
      '  - id: CVE-2099-0001',
      '    images: [web]',
      '    reason: "  "',
      "    owner: ' '",
      '    expires: 2030-01-01'
    ].join('\n')
    const found = problems(text)
    expect(found).toContain(`${FILE}:4 exceptions[0].reason: "  " must not be empty`)
    expect(found).toContain(`${FILE}:5 exceptions[0].owner: " " must not be empty`)
  })

  test('every problem at once, each with file, line and field', () => {
    const text = [
      'exceptions:',
      '  - id: CVE-2099-0001', // 2
      '    images: [web]',
      '    reason: r', // no owner, no expiry
      '  - id: CVE-2099-0002', // 5
      '    images: [wbe, "nope-*"]', // 6
      '    reason: r',
      '    owner: o',
      '    expires: 2027-02-30', // 9: not a date
      '  - id: CVE-2099-0003', // 10
      '    images: [web]',
      '    reason: r',
      '    owner: o',
      '    expires: next week', // 14
      '    ownr: x' // 15
    ].join('\n')
    expect(problems(text)).toEqual([
      '5 problems in the exceptions file:',
      `${FILE}:2 exceptions[0].owner: is required (who answers for it, e.g. @org/team)`,
      `${FILE}:2 exceptions[0].expires: is required (a date, YYYY-MM-DD)`,
      `${FILE}:9 exceptions[1].expires: "2027-02-30" is not a date (YYYY-MM-DD)`,
      `${FILE}:14 exceptions[2].expires: "next week" is not a date (YYYY-MM-DD)`,
      `${FILE}:15 exceptions[2].ownr: unknown field (did you mean "owner"?)`
    ])
    // images are checked once the schema holds
    const images = problems(text.replace(/expires: 2027-02-30/, 'expires: 2027-02-28'))
    expect(images).toContain(
      `${FILE}:2 exceptions[0].owner: is required (who answers for it, e.g. @org/team)`
    )
    const fixed = [
      'exceptions:',
      '  - id: CVE-2099-0002',
      '    images: [wbe, "nope-*"]',
      '    reason: r',
      '    owner: o',
      '    expires: 2027-02-28'
    ].join('\n')
    expect(problems(fixed)).toEqual([
      '2 problems in the exceptions file:',
      `${FILE}:3 exceptions[0].images[0]: "wbe" covers no image of the catalog (did you mean "web"?)`,
      `${FILE}:3 exceptions[0].images[1]: "nope-*" covers no image of the catalog`
    ])
  })

  test('not YAML, empty, wrong shape', () => {
    expect(problems('exceptions: [')[1]).toMatch(/^\.github\/imagegate-exceptions\.yml:1: not valid YAML: /)
    expect(problems('')).toEqual([
      '1 problem in the exceptions file:',
      `${FILE}: the exceptions file is empty (expected a mapping with \`exceptions\`)`
    ])
    expect(problems('exceptions: {}')[1]).toBe(`${FILE}:1 exceptions: expected a list, got a mapping`)
  })

  test('the default file is optional; a file given must exist', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-exc-'))
    expect(loadExceptions('', ws, () => IMAGES)).toBeUndefined()
    expect(() => loadExceptions('policy/missing.yml', ws, () => IMAGES)).toThrow(
      'policy/missing.yml: input exceptions: cannot read it: file not found'
    )
    expect(() => loadExceptions('../outside.yml', ws, () => IMAGES)).toThrow('is outside the workspace')
    fs.mkdirSync(path.join(ws, '.github'))
    fs.writeFileSync(
      path.join(ws, FILE),
      'exceptions:\n  - { id: X, images: [web], reason: r, owner: o, expires: 2030-01-01 }\n'
    )
    expect(loadExceptions('', ws, () => IMAGES)?.entries.map(e => e.at)).toEqual([`${FILE}:2`])
  })
})

describe('dates and globs', () => {
  test.each([
    ['2027-01-31', true],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2027-1-31', false],
    ['31.01.2027', false]
  ])('parseDay(%s) is a date: %s', (text, ok) => {
    expect(parseDay(text) !== undefined).toBe(ok)
  })

  test.each([
    ['2026-11-29', 0],
    ['2026-11-30', 1],
    ['2026-11-28', -1],
    ['2027-11-29', 365]
  ])('expiring %s, on 2026-11-29 at 23:59 UTC: %i days left', (expires, left) => {
    expect(daysLeft(expires, new Date('2026-11-29T23:59:00Z'))).toBe(left)
  })

  test.each([
    ['api-*', 'api-users', true],
    ['api-*', 'web', false],
    ['web', 'web', true],
    ['web', 'web2', false],
    ['we?', 'web', true],
    ['a.b', 'axb', false]
  ])('%s matches %s: %s', (pattern, name, ok) => {
    expect(globMatches(pattern, name)).toBe(ok)
  })
})
