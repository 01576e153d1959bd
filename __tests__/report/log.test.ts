import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { BuildProgress, describeCache, logGroup, seconds } from '../../src/report/log.js'

const written = (fn: () => void): string => {
  const chunks: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    chunks.push(String(chunk))
    return true
  })
  try {
    fn()
  } finally {
    spy.mockRestore()
  }
  return chunks.join('')
}

describe('logGroup', () => {
  const saved = process.env.GITHUB_ACTIONS
  afterEach(() => {
    if (saved === undefined) delete process.env.GITHUB_ACTIONS
    else process.env.GITHUB_ACTIONS = saved
  })

  test('on a runner: one collapsible group holding the whole text', () => {
    process.env.GITHUB_ACTIONS = 'true'
    expect(written(() => logGroup('web: built in 1.2 s', '#1 DONE\n#2 CACHED\n'))).toBe(
      '::group::web: built in 1.2 s\n#1 DONE\n#2 CACHED\n::endgroup::\n'
    )
  })

  test('in a terminal: a title line and the text indented, no workflow commands', () => {
    delete process.env.GITHUB_ACTIONS
    expect(written(() => logGroup('web: build failed', 'line 1\nline 2'))).toBe(
      '> web: build failed\n  line 1\n  line 2\n'
    )
  })
})

describe('BuildProgress', () => {
  const saved = process.env.GITHUB_ACTIONS
  afterEach(() => {
    if (saved === undefined) delete process.env.GITHUB_ACTIONS
    else process.env.GITHUB_ACTIONS = saved
  })
  const build = (grouped: boolean) => {
    const progress = new BuildProgress('web', grouped)
    progress.start('build started (linux/amd64)')
    progress.line('#7 [linux/amd64 2/4] RUN make')
    progress.line('#7 DONE 3.0s')
    progress.end('built in 3.2 s, 0/2 steps cached (0 %)')
  }

  test('one image on a runner: a group opened as the build starts, each line as it comes, closed before the result', () => {
    process.env.GITHUB_ACTIONS = 'true'
    expect(written(() => build(true)).split('\n')).toEqual([
      '::group::web: build started (linux/amd64)',
      '#7 [linux/amd64 2/4] RUN make',
      '#7 DONE 3.0s',
      '::endgroup::',
      'web: built in 3.2 s, 0/2 steps cached (0 %)',
      ''
    ])
  })

  test('several images at once: no group (they cannot interleave), every line named', () => {
    process.env.GITHUB_ACTIONS = 'true'
    expect(written(() => build(false)).split('\n')).toEqual([
      'web: build started (linux/amd64)',
      'web | #7 [linux/amd64 2/4] RUN make',
      'web | #7 DONE 3.0s',
      'web: built in 3.2 s, 0/2 steps cached (0 %)',
      ''
    ])
  })

  test('in a terminal a group is a title and indented lines', () => {
    delete process.env.GITHUB_ACTIONS
    expect(written(() => build(true)).split('\n')).toEqual([
      '> web: build started (linux/amd64)',
      '  #7 [linux/amd64 2/4] RUN make',
      '  #7 DONE 3.0s',
      'web: built in 3.2 s, 0/2 steps cached (0 %)',
      ''
    ])
  })
})

test.each<[number, string]>([
  [850, '850 ms'],
  [1000, '1.0 s'],
  [12_345, '12.3 s']
])('seconds(%d) = %s', (ms, text) => expect(seconds(ms)).toBe(text))

test.each<[{ steps: number; cached: number }, string]>([
  [{ steps: 0, cached: 0 }, 'no build steps'],
  [{ steps: 6, cached: 4 }, '4/6 steps cached (67 %)'],
  [{ steps: 3, cached: 3 }, '3/3 steps cached (100 %)']
])('describeCache(%j) = %s', (cache, text) => expect(describeCache(cache)).toBe(text))
