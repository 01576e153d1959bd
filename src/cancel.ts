// A cancelled job. The runner sends SIGINT to the action's process, then SIGTERM 7.5 s later, then kills
// it: every child (with its process group) is stopped at once, the smoke containers it started are
// removed, no push or tag move starts after the signal, and the action exits non-zero.
import * as core from '@actions/core'
import { CancelledError, liveChildren, type Children } from './exec.js'

export { CancelledError }

/** How long the pipeline may take, after the clean-up, to fail its images and write its summary. */
export const UNWIND_MS = 3000

/** The run-wide cancellation: an AbortSignal for the pipeline, clean-ups for what outlives a child process. */
export class Cancellation {
  private readonly controller = new AbortController()
  private readonly cleanups = new Set<() => Promise<void>>()

  constructor(readonly children: Children = liveChildren) {}

  /** Aborted when the job is cancelled (its reason: `the job was cancelled (SIGTERM)`). */
  get signal(): AbortSignal {
    return this.controller.signal
  }

  get cancelled(): boolean {
    return this.controller.signal.aborted
  }

  /** Why: `the job was cancelled (SIGTERM)`; undefined while it is not. */
  get reason(): string | undefined {
    return this.cancelled ? String(this.controller.signal.reason) : undefined
  }

  /**
   * What to undo when the job is cancelled (a smoke container started with --detach outlives the docker
   * CLI). Returns the function that drops it once it was undone the ordinary way.
   */
  onCancel(cleanup: () => Promise<void>): () => void {
    this.cleanups.add(cleanup)
    return () => void this.cleanups.delete(cleanup)
  }

  /** Throws a CancelledError naming `what` (a push, a tag) once the job was cancelled. */
  throwIfCancelled(what: string): void {
    if (this.cancelled) throw new CancelledError(`${what}: not started: ${this.reason ?? 'cancelled'}`)
  }

  /**
   * Stops every live child and its process group (new ones are refused from now on, except clean-ups),
   * and runs every clean-up, side by side. Resolves with what was done; a second call does nothing.
   */
  async cancel(signal: string, graceMs?: number): Promise<{ stopped: number; cleaned: number }> {
    if (this.cancelled) return { stopped: 0, cleaned: 0 }
    const reason = `the job was cancelled (${signal})`
    this.controller.abort(reason)
    const cleanups = [...this.cleanups]
    this.cleanups.clear()
    const [stopped, cleaned] = await Promise.all([
      this.children.stopAll(reason, graceMs),
      Promise.allSettled(cleanups.map(async cleanup => await cleanup())).then(
        all => all.filter(r => r.status === 'fulfilled').length
      )
    ])
    return { stopped, cleaned }
  }
}

/** The action's run: one per process, as the signals that cancel it are. */
export const runCancellation = new Cancellation()

/**
 * SIGINT and SIGTERM cancel the run: a line in the log, every child stopped, clean-ups run; then the
 * pipeline has UNWIND_MS to fail its images and write its summary before the process exits with 1.
 * Returns the function that removes the handlers.
 */
export function cancelOnSignals(
  cancellation: Cancellation = runCancellation,
  exit: (code: number) => void = code => process.exit(code)
): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (cancellation.cancelled) return
    core.error(
      `imagegate: ${signal}: the job was cancelled; stopping every tool it started and removing its smoke containers; nothing is pushed`
    )
    void cancellation.cancel(signal).then(({ stopped, cleaned }) => {
      core.info(`imagegate: cancelled: ${stopped} processes stopped, ${cleaned} smoke containers removed`)
      process.exitCode = 1
      setTimeout(() => exit(1), UNWIND_MS).unref()
    })
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** The run's failure once it was cancelled: the cancellation first, then what else failed. */
export function cancelledFailure(
  failure: string | undefined,
  cancellation = runCancellation
): string | undefined {
  if (!cancellation.cancelled) return failure
  return [`imagegate: ${cancellation.reason ?? 'cancelled'}: nothing was pushed after the signal`, failure]
    .filter(Boolean)
    .join('\n')
}
