import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { hiddenFiles, listLayerOnce } from '../../src/trivy/hidden-files.js'

describe('files hidden by later layers', () => {
  test('a whiteout deletes a file of an earlier layer', () => {
    expect(hiddenFiles([['app/', 'app/config/key.pem', 'app/run.sh'], ['app/config/.wh.key.pem']])).toEqual([
      { layer: 0, path: 'app/config/key.pem', how: 'deleted in layer 2' }
    ])
  })
  test('an opaque directory hides everything below it; ./ prefixes are the same paths', () => {
    expect(
      hiddenFiles([['./etc/secret/a', './etc/secret/b', './etc/keep'], ['./etc/secret/.wh..wh..opq']])
    ).toEqual([
      { layer: 0, path: 'etc/secret/a', how: 'deleted in layer 2' },
      { layer: 0, path: 'etc/secret/b', how: 'deleted in layer 2' }
    ])
  })
  test('a deleted directory takes its files; a replaced file is hidden too', () => {
    expect(hiddenFiles([['creds/aws', 'bin/tool'], ['bin/tool'], ['.wh.creds']])).toEqual([
      { layer: 0, path: 'creds/aws', how: 'deleted in layer 3' },
      { layer: 0, path: 'bin/tool', how: 'replaced in layer 2' }
    ])
  })
  test('nothing hidden: nothing to scan', () => {
    expect(hiddenFiles([['a', 'b/'], ['c']])).toEqual([])
  })
})

describe('layer listings, once per run by digest', () => {
  /** A layout dir holding one gzip tar blob of `files` under `digest` (the name is what is looked up). */
  function layoutWith(digest: string, files: string[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-listing-'))
    const root = path.join(dir, 'root')
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true })
      fs.writeFileSync(path.join(root, f), f)
    }
    const blobs = path.join(dir, 'blobs', 'sha256')
    fs.mkdirSync(blobs, { recursive: true })
    const r = spawnSync('tar', ['-czf', path.join(blobs, digest.slice(7)), '-C', root, ...files])
    expect(r.status).toBe(0)
    return dir
  }

  test('a digest listed in one layout is not read again from another: the same digest, the same bytes', async () => {
    const digest = `sha256:${'a1'.repeat(32)}`
    const first = layoutWith(digest, ['etc/key.pem', 'app/run.sh'])
    // a blob under the same name in a second layout, deliberately different: only a second read could see it
    const second = layoutWith(digest, ['other/file'])
    expect(await listLayerOnce(first, digest)).toEqual(['etc/key.pem', 'app/run.sh'])
    expect(await listLayerOnce(second, digest)).toEqual(['etc/key.pem', 'app/run.sh'])
    // another digest is read from its own blob
    const otherDigest = `sha256:${'b2'.repeat(32)}`
    expect(await listLayerOnce(layoutWith(otherDigest, ['other/file']), otherDigest)).toEqual(['other/file'])
  })

  test('a failed listing is not kept: the next call reads the blob again', async () => {
    const digest = `sha256:${'c3'.repeat(32)}`
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-listing-'))
    await expect(listLayerOnce(dir, digest)).rejects.toThrow(digest.slice(7))
    const good = layoutWith(digest, ['bin/tool'])
    expect(await listLayerOnce(good, digest)).toEqual(['bin/tool'])
  })
})
