// The engine's image store: smoke-image removals never run beside this run's loads or builds (the
// containerd snapshot race), loads and builds never wait for a removal that is only waiting.
import { expect, test } from '@jest/globals'
import { removingImages, usingImageStore } from '../../src/docker/image-store.js'

/** A task that records when it ran and ends when `release` is called. */
function task(log: string[], name: string): { run: () => Promise<string>; release: () => void } {
  let release!: () => void
  const ended = new Promise<void>(resolve => (release = resolve))
  return {
    run: async () => {
      log.push(`${name} start`)
      await ended
      log.push(`${name} end`)
      return name
    },
    release
  }
}

const tick = (): Promise<void> => new Promise(resolve => setImmediate(resolve))

test('a removal waits for the loads and builds under way; loads and builds run side by side', async () => {
  const log: string[] = []
  const build = task(log, 'build')
  const load = task(log, 'load')
  const rm = task(log, 'rm')
  const b = usingImageStore(build.run)
  const l = usingImageStore(load.run)
  const r = removingImages(rm.run)
  await tick()
  expect(log).toEqual(['build start', 'load start'])
  load.release()
  await l
  await tick()
  expect(log).not.toContain('rm start')
  build.release()
  await b
  await tick()
  expect(log.at(-1)).toBe('rm start')
  rm.release()
  expect(await r).toBe('rm')
})

test('a load waits while a removal runs, not for one that waits; removals run side by side', async () => {
  const log: string[] = []
  const rm1 = task(log, 'rm1')
  const rm2 = task(log, 'rm2')
  const load = task(log, 'load')
  const r1 = removingImages(rm1.run)
  const r2 = removingImages(rm2.run)
  const l = usingImageStore(load.run)
  await tick()
  expect(log).toEqual(['rm1 start', 'rm2 start'])
  rm1.release()
  await r1
  await tick()
  expect(log).not.toContain('load start')
  rm2.release()
  await r2
  await tick()
  expect(log.at(-1)).toBe('load start')

  // now a load holds the store: a removal waits, and a later build does not wait behind that removal
  const rm3 = task(log, 'rm3')
  const build = task(log, 'build')
  const r3 = removingImages(rm3.run)
  const b = usingImageStore(build.run)
  await tick()
  expect(log.slice(-1)).toEqual(['build start'])
  load.release()
  build.release()
  await Promise.all([l, b])
  await tick()
  expect(log.at(-1)).toBe('rm3 start')
  rm3.release()
  await r3
})

test('a failing task lets the store go', async () => {
  await expect(
    usingImageStore(async () => {
      throw new Error('load failed')
    })
  ).rejects.toThrow('load failed')
  await expect(removingImages(async () => 'removed')).resolves.toBe('removed')
})
