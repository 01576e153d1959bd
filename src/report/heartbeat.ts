// A step that runs long says what it is waiting for, so a quiet log never looks like a hung job (a RUN
// that prints nothing for minutes, a scan waiting for its turn, a registry slow to take a layer).
import * as core from '@actions/core'
import { formatDuration } from '../exec.js'

/** How often a step still running says so. */
export const HEARTBEAT_MS = 30_000

/** Time and a repeating timer: the real ones in the action, a fake one in tests (no real waiting). */
export interface Clock {
  now(): number
  /** Calls `tick` every `ms` until the returned function is called. */
  every(ms: number, tick: () => void): () => void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms)
    timer.unref() // a heartbeat never keeps the process alive
    return () => clearInterval(timer)
  }
}

export interface HeartbeatOptions {
  every?: number
  clock?: Clock
  /** Where the line goes (default: the job log). */
  say?: (line: string) => void
}

/**
 * Awaits `work`; every `every` ms that it is still running, says `waiting()` (read at each beat, so it can
 * name the current phase) and how long the step has run: `web: building: waiting for #7 [2/4] RUN make
 * (1m0s so far)`. Nothing is said for a step that ends sooner.
 */
export async function withHeartbeat<T>(
  waiting: string | (() => string),
  work: Promise<T>,
  options: HeartbeatOptions = {}
): Promise<T> {
  const clock = options.clock ?? systemClock
  const say = options.say ?? ((line: string) => core.info(line))
  const started = clock.now()
  const stop = clock.every(options.every ?? HEARTBEAT_MS, () => {
    const text = typeof waiting === 'string' ? waiting : waiting()
    const ran = Math.round((clock.now() - started) / 1000) * 1000
    say(`${text} (${formatDuration(ran)} so far)`)
  })
  try {
    return await work
  } finally {
    stop()
  }
}
