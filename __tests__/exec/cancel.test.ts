import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import { Cancellation, CancelledError, cancelledFailure } from '../../src/cancel.js'
import { Children, exec } from '../../src/exec.js'

/** Alive and not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

describe('Cancellation', () => {
  test('cancel: children stopped, clean-ups run (their processes allowed), pushes refused', async () => {
    const children = new Children()
    const c = new Cancellation(children)
    const running = exec('sleep', ['311'], { children, subject: 'web linux/amd64' }).catch((e: unknown) => e)
    const removed: string[] = []
    c.onCancel(async () => {
      // a clean-up starts processes after the registry was closed
      const r = await exec('echo', ['imagegate-smoke-web'], { children, cleanup: true })
      removed.push(r.stdout.trim())
    })
    const dropped = c.onCancel(async () => void removed.push('already removed the ordinary way'))
    dropped()
    while (children.pids().length === 0) await new Promise(r => setTimeout(r, 20))
    const [pid] = children.pids()
    expect(c.cancelled).toBe(false)
    expect(() => c.throwIfCancelled('web: the push')).not.toThrow()

    const done = await c.cancel('SIGTERM', 1000)
    expect(done).toEqual({ stopped: 1, cleaned: 1 })
    expect(removed).toEqual(['imagegate-smoke-web'])
    const err = await running
    expect(err).toBeInstanceOf(CancelledError)
    expect((err as Error).message).toBe('web linux/amd64: sleep was stopped: the job was cancelled (SIGTERM)')
    expect(alive(pid as number)).toBe(false)
    expect(c.signal.aborted).toBe(true)
    expect(c.reason).toBe('the job was cancelled (SIGTERM)')
    expect(() => c.throwIfCancelled('web: the push')).toThrow(
      'web: the push: not started: the job was cancelled (SIGTERM)'
    )
    await expect(exec('true', [], { children })).rejects.toThrow(
      'true not started: the job was cancelled (SIGTERM)'
    )
    // a second signal does nothing more
    expect(await c.cancel('SIGINT')).toEqual({ stopped: 0, cleaned: 0 })
    expect(c.reason).toBe('the job was cancelled (SIGTERM)')
  })

  test('the failure names the cancellation first, then what else failed', async () => {
    const c = new Cancellation(new Children())
    expect(cancelledFailure(undefined, c)).toBeUndefined()
    expect(cancelledFailure('imagegate: 1 of 2 images failed the gate', c)).toBe(
      'imagegate: 1 of 2 images failed the gate'
    )
    await c.cancel('SIGINT')
    expect(cancelledFailure(undefined, c)).toBe(
      'imagegate: the job was cancelled (SIGINT): nothing was pushed after the signal'
    )
    expect(cancelledFailure('web: docker buildx build was stopped', c)).toBe(
      'imagegate: the job was cancelled (SIGINT): nothing was pushed after the signal\nweb: docker buildx build was stopped'
    )
  })
})
