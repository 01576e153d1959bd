// The heartbeat of a long step, on a fake clock: no real waiting.
import { describe, expect, test } from '@jest/globals'
import { HEARTBEAT_MS, withHeartbeat, type Clock } from '../../src/report/heartbeat.js'

/** A clock whose time moves only when the test says, firing the timers it passes. */
function fakeClock(): Clock & { advance(ms: number): void; timers(): number } {
  let now = 1_000_000
  const timers = new Map<number, { every: number; next: number; tick: () => void }>()
  let id = 0
  return {
    now: () => now,
    every(ms, tick) {
      const key = ++id
      timers.set(key, { every: ms, next: now + ms, tick })
      return () => timers.delete(key)
    },
    advance(ms) {
      const end = now + ms
      for (;;) {
        const due = [...timers.values()].filter(t => t.next <= end).sort((a, b) => a.next - b.next)[0]
        if (!due) break
        now = due.next
        due.next += due.every
        due.tick()
      }
      now = end
    },
    timers: () => timers.size
  }
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(err: Error): void } {
  let resolve!: (value: T) => void
  let reject!: (err: Error) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('withHeartbeat', () => {
  test('says what it waits for every 30 s while the step runs, then stops', async () => {
    const clock = fakeClock()
    const said: string[] = []
    const step = deferred<string>()
    let phase = 'a scan slot'
    const running = withHeartbeat(() => `web linux/amd64: scanning: waiting for ${phase}`, step.promise, {
      clock,
      say: line => said.push(line)
    })
    clock.advance(HEARTBEAT_MS - 1)
    expect(said).toEqual([])
    clock.advance(1)
    phase = 'trivy'
    clock.advance(HEARTBEAT_MS)
    clock.advance(HEARTBEAT_MS * 2)
    step.resolve('done')
    await expect(running).resolves.toBe('done')
    expect(said).toEqual([
      'web linux/amd64: scanning: waiting for a scan slot (30s so far)',
      'web linux/amd64: scanning: waiting for trivy (1m so far)',
      'web linux/amd64: scanning: waiting for trivy (1m30s so far)',
      'web linux/amd64: scanning: waiting for trivy (2m so far)'
    ])
    expect(clock.timers()).toBe(0)
    clock.advance(HEARTBEAT_MS * 10)
    expect(said).toHaveLength(4)
  })

  test('a step shorter than a beat says nothing; a failing one stops its timer and keeps its error', async () => {
    const clock = fakeClock()
    const said: string[] = []
    await expect(withHeartbeat('quick', Promise.resolve(1), { clock, say: l => said.push(l) })).resolves.toBe(
      1
    )
    const step = deferred<number>()
    const running = withHeartbeat('publishing: waiting for 127.0.0.1:5000', step.promise, {
      clock,
      every: 10_000,
      say: l => said.push(l)
    })
    clock.advance(10_000)
    step.reject(new Error('HTTP 500'))
    await expect(running).rejects.toThrow('HTTP 500')
    expect(said).toEqual(['publishing: waiting for 127.0.0.1:5000 (10s so far)'])
    expect(clock.timers()).toBe(0)
  })
})
