import { describe, expect, test } from '@jest/globals'
import { hiddenFiles } from '../../src/trivy/hidden-files.js'

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
