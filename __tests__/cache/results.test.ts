import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileIdentity, ResultCache, resultKey, throughCache } from '../../src/cache/results.js'

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

describe('throughCache', () => {
  const key = resultKey({ test: 'through' })
  const step = (computed: string[], restoreThrows = false) => ({
    what: 'test',
    names: ['v.json'],
    restore: (hit: ReadonlyMap<string, string>) => {
      if (restoreThrows) throw new Error('broken entry')
      return JSON.parse(fs.readFileSync(hit.get('v.json') as string, 'utf8')) as string
    },
    compute: async () => {
      computed.push('x')
      return await Promise.resolve(`computed ${computed.length}`)
    },
    store: (value: string, cache: ResultCache, entryKey: string) =>
      void cache.putJson(entryKey, 'v.json', value)
  })

  test('computes and keeps on a miss, then restores without computing', async () => {
    const cache = new ResultCache(path.join(tmp(), 'cache'))
    const computed: string[] = []
    expect(await throughCache(cache, key, step(computed))).toEqual({ value: 'computed 1', reused: false })
    expect(await throughCache(cache, key, step(computed))).toEqual({ value: 'computed 1', reused: true })
    expect(computed).toHaveLength(1)
  })

  test('an unusable entry is computed again and replaced; no cache computes every time', async () => {
    const cache = new ResultCache(path.join(tmp(), 'cache'))
    const computed: string[] = []
    await throughCache(cache, key, step(computed))
    expect(await throughCache(cache, key, step(computed, true))).toEqual({
      value: 'computed 2',
      reused: false
    })
    expect(await throughCache(undefined, key, step(computed))).toEqual({ value: 'computed 3', reused: false })
    expect(await throughCache(cache, undefined, step(computed))).toEqual({
      value: 'computed 4',
      reused: false
    })
  })
})
