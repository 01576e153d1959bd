import { describe, expect, test } from '@jest/globals'
import { coveredMs, exec, redact, stageTimings } from '../../src/exec.js'

describe('exec', () => {
  test('argv goes to the program as is: no shell ever reads it', async () => {
    const r = await exec('printf', ['%s|', '$(id)', '; echo pwned', '`x`'])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe('$(id)|; echo pwned|`x`|')
  })

  test('exit codes and stderr are returned, not thrown', async () => {
    const r = await exec('sh', ['-c', 'echo oops >&2; exit 13'])
    expect([r.exitCode, r.stderr.trim()]).toEqual([13, 'oops'])
  })

  test('a missing program is a clear error', async () => {
    await expect(exec('no-such-tool-imagegate', [])).rejects.toThrow(
      'no-such-tool-imagegate: not found on PATH'
    )
  })

  test('a timeout kills the child and says so', async () => {
    const r = await exec('sleep', ['5'], { timeoutMs: 200 })
    expect(r.timedOut).toBe(true)
    expect(r.ms).toBeLessThan(4000)
  })

  test('secrets are masked in what may be logged', () => {
    expect(redact('login -p hunter2 -u x', ['hunter2'])).toBe('login -p *** -u x')
  })

  test('timings: overlapping intervals count once; stages summed and covered', () => {
    const list = [
      { stage: 'build', label: 'a', start: 0, ms: 100 },
      { stage: 'build', label: 'b', start: 50, ms: 100 },
      { stage: 'scan', label: 'c', start: 300, ms: 10 }
    ]
    expect(coveredMs(list)).toBe(160)
    expect(stageTimings(list)).toEqual({
      build: { count: 2, sumMs: 200, wallMs: 150 },
      scan: { count: 1, sumMs: 10, wallMs: 10 }
    })
  })
})
