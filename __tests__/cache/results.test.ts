import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileIdentity, ResultCache, resultKey } from '../../src/cache/results.js'

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-results-'))

describe('resultKey', () => {
  test('the same parts in any key order give the same key; any changed part another', () => {
    const a = resultKey({ manifest: 'sha256:aa', db: { metadata: 'x', bytes: 1 }, ignore: undefined })
    const b = resultKey({ db: { bytes: 1, metadata: 'x' }, manifest: 'sha256:aa' })
    expect(a).toMatch(/^[a-f0-9]{64}$/)
    expect(b).toBe(a)
    expect(resultKey({ manifest: 'sha256:ab', db: { metadata: 'x', bytes: 1 } })).not.toBe(a)
    expect(resultKey({ manifest: 'sha256:aa', db: { metadata: 'y', bytes: 1 } })).not.toBe(a)
    expect(resultKey({ list: [1, 2] })).not.toBe(resultKey({ list: [2, 1] }))
  })
})

describe('fileIdentity', () => {
  test('changes when the file is rewritten with another size; says missing for no file', () => {
    const dir = tmp()
    const f = path.join(dir, 'tool')
    fs.writeFileSync(f, 'one')
    const before = fileIdentity(f)
    fs.writeFileSync(f, 'three')
    expect(fileIdentity(f)).not.toBe(before)
    expect(fileIdentity(path.join(dir, 'none'))).toMatch(/:missing$/)
  })
})

describe('ResultCache', () => {
  const key = resultKey({ test: 'entry' })

  test('stores copies of files as one entry and gives them back; absent names miss', () => {
    const dir = tmp()
    const cache = new ResultCache(path.join(dir, 'cache'))
    const src = path.join(dir, 'report.json')
    fs.writeFileSync(src, '{"a":1}')
    expect(cache.get(key, ['report.json'])).toBeUndefined()
    expect(cache.put(key, new Map([['report.json', src]]))).toBe(true)
    fs.writeFileSync(src, 'changed after put') // the entry holds a copy
    const hit = cache.get(key, ['report.json'])
    expect(fs.readFileSync(hit?.get('report.json') as string, 'utf8')).toBe('{"a":1}')
    expect(cache.get(key, ['report.json', 'sbom.json'])).toBeUndefined()
  })

  test('a failed put leaves no entry and no temporary directory', () => {
    const dir = tmp()
    const cache = new ResultCache(path.join(dir, 'cache'))
    const ok = path.join(dir, 'ok.json')
    fs.writeFileSync(ok, '{}')
    const put = cache.put(
      key,
      new Map([
        ['ok.json', ok],
        ['gone.json', path.join(dir, 'gone.json')]
      ])
    )
    expect(put).toBe(false)
    expect(cache.get(key, ['ok.json'])).toBeUndefined()
    expect(fs.readdirSync(path.join(dir, 'cache'))).toEqual([])
  })

  test('names are plain file names and keys are digests', () => {
    const dir = tmp()
    const cache = new ResultCache(dir)
    const f = path.join(dir, 'f')
    fs.writeFileSync(f, '')
    expect(cache.put(key, new Map([['../escape', f]]))).toBe(false)
    expect(() => cache.get('../../etc', ['passwd'])).toThrow('not a result key')
  })

  test('JSON values round-trip; unreadable JSON is a miss', () => {
    const dir = tmp()
    const cache = new ResultCache(dir)
    expect(cache.putJson(key, 'v.json', { version: 'dev', flag: '--skip-policy-update' })).toBe(true)
    expect(cache.getJson(key, 'v.json')).toEqual({ version: 'dev', flag: '--skip-policy-update' })
    fs.writeFileSync(path.join(dir, key, 'v.json'), '{')
    expect(cache.getJson(key, 'v.json')).toBeUndefined()
    expect(fs.readdirSync(dir).filter(n => n.startsWith('.'))).toEqual([])
  })
})
