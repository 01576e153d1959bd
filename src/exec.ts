// The one seam every child process goes through: argv only (never a shell), logged with core.debug,
// output captured, exit code returned, timings recorded for the run's metadata. Every child runs in a
// process group of its own, so a limit or a cancellation stops the tool together with whatever it started
// (a scanner's helpers, a shell's sleep), and is known to a registry of live children.
import { AsyncLocalStorage } from 'node:async_hooks'
import * as core from '@actions/core'
import { spawn } from 'node:child_process'
import * as path from 'node:path'
import { StringDecoder } from 'node:string_decoder'

export interface ExecOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Text written to the child's standard input. */
  input?: string
  /** Stop the child (its process group) after this many milliseconds; the result says so. */
  timeoutMs?: number
  /**
   * A limit a user set (scan-timeout, build-timeout): when it expires the process group is stopped and
   * exec rejects with a TimeoutError naming the process, `subject` and the limit.
   */
  limit?: Limit
  /** What the process works on (`backend linux/arm64`), for a TimeoutError's message. */
  subject?: string
  /**
   * Clean-up (removing a smoke container): started even after a cancellation closed the registry, where
   * every other process is refused.
   */
  cleanup?: boolean
  /** The registry of live children this process joins (default: the action process's own). */
  children?: Children
  /** Stream the child's output to the log as it comes (default: only debug). */
  stream?: boolean
  /**
   * Called with each whole line of the child's output as it comes (stdout and stderr each split apart,
   * `secrets` masked, no newline); a last line without a newline comes when the child closes.
   */
  onLine?: (line: string) => void
  /** Values that must never reach the log (masked in the argv line and in streamed output). */
  secrets?: string[]
  /** The pipeline stage this process belongs to, for the run's timings (build, sbom, scan...). */
  stage?: string
}

export interface ExecResult {
  command: string
  args: string[]
  exitCode: number
  stdout: string
  stderr: string
  timedOut: boolean
  ms: number
}

export interface Timing {
  label: string
  stage: string
  start: number
  ms: number
}

/**
 * Where the current run records every child process's (and every push's) wall time: the run context's
 * list, found through the async context the run was started in (recordTimingsIn), so no tool wrapper
 * needs a parameter for it and two runs in one process never share one.
 */
const runTimings = new AsyncLocalStorage<Timing[]>()

/** Runs `work` with every timing of it (and of everything it starts) recorded into `sink`. */
export function recordTimingsIn<T>(sink: Timing[], work: () => T): T {
  return runTimings.run(sink, work)
}

export function recordTiming(stage: string, label: string, start: number): void {
  runTimings.getStore()?.push({ stage, label, start, ms: Date.now() - start })
}

/** Wall time covered by a set of intervals (overlapping ones counted once). */
export function coveredMs(list: readonly Pick<Timing, 'start' | 'ms'>[]): number {
  const sorted = [...list].sort((a, b) => a.start - b.start)
  let total = 0
  let end = -Infinity
  for (const t of sorted) {
    const s = Math.max(t.start, end)
    const e = t.start + t.ms
    if (e > s) total += e - s
    end = Math.max(end, e)
  }
  return total
}

/** Per stage: how many processes, their summed time and the wall time they covered. */
export function stageTimings(
  list: readonly Timing[]
): Record<string, { count: number; sumMs: number; wallMs: number }> {
  const out: Record<string, { count: number; sumMs: number; wallMs: number }> = {}
  for (const stage of new Set(list.map(t => t.stage))) {
    const of = list.filter(t => t.stage === stage)
    out[stage] = { count: of.length, sumMs: of.reduce((n, t) => n + t.ms, 0), wallMs: coveredMs(of) }
  }
  return out
}

/**
 * Every secret's value replaced by ***, and each line of a multi-line one (a PEM: a tool may print a
 * part of it), as inputs.ts's maskSecret masks them in the log; the longest first, so a value inside a
 * longer one goes with it.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  const parts = new Set<string>()
  for (const s of secrets) {
    if (!s) continue
    parts.add(s)
    const lines = s.split(/\r?\n/).map(line => line.trim())
    if (lines.length > 1) for (const line of lines) if (line) parts.add(line)
  }
  let out = text
  for (const part of [...parts].sort((a, b) => b.length - a.length)) out = out.split(part).join('***')
  return out
}

/** A limit from an input: how long a process may run, and the input that says so (for the error). */
export interface Limit {
  ms: number
  /** The input's name, e.g. `scan-timeout`. */
  input: string
}

/** `90s`, `10m`, `1h`, `1h30m`, `250ms`: the shortest exact form of a duration. */
export function formatDuration(ms: number): string {
  if (ms % 1000 !== 0) return `${ms}ms`
  let seconds = ms / 1000
  if (seconds === 0) return '0s'
  const parts: string[] = []
  for (const [unit, size] of [
    ['h', 3600],
    ['m', 60],
    ['s', 1]
  ] as const) {
    const n = Math.floor(seconds / size)
    if (n > 0) parts.push(`${n}${unit}`)
    seconds -= n * size
  }
  return parts.join('')
}

/** How a process is named in messages: the program and its subcommands (`trivy image`, `docker buildx build`). */
export function processLabel(command: string, args: readonly string[]): string {
  const words = [path.basename(command)]
  for (const arg of args.slice(0, 2)) {
    if (!/^[a-z][a-z0-9-]*$/.test(arg)) break
    words.push(arg)
  }
  return words.join(' ')
}

/** A process stopped because its limit expired. */
export class TimeoutError extends Error {
  override name = 'TimeoutError'
  constructor(
    readonly label: string,
    readonly limit: Limit,
    readonly subject?: string
  ) {
    super(
      `${subject ? `${subject}: ` : ''}${label} was stopped after ${formatDuration(limit.ms)} (${limit.input})`
    )
  }
}

/** A process refused or stopped because the job was cancelled. */
export class CancelledError extends Error {
  override name = 'CancelledError'
}

/** SIGTERM first (a tool may clean up: buildx cancels its build), then SIGKILL after this long. */
export const KILL_GRACE_MS = 3000

/** Signals a whole process group; false when it is already gone (never throws: it runs in timers). */
export function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal)
    return true
  } catch {
    return false
  }
}

interface LiveChild {
  label: string
  /** Stops the child's process group (SIGTERM, then SIGKILL); resolves when the child has closed. */
  stop(why: 'cancelled', graceMs: number): Promise<void>
}

/**
 * The live children of the action process. Process groups are process-wide state (a signal handler has
 * to reach every child, whichever stage started it), so the action has one registry (`liveChildren`);
 * tests pass their own. Once closed by a cancellation it refuses new children, except clean-up ones.
 */
export class Children {
  private readonly live = new Map<number, LiveChild>()
  private closedWith: string | undefined

  /** Why new children are refused, when they are. */
  get closed(): string | undefined {
    return this.closedWith
  }

  /** Process group ids (= the children's pids) of the live children. */
  pids(): number[] {
    return [...this.live.keys()]
  }

  add(pid: number, child: LiveChild): void {
    this.live.set(pid, child)
  }

  delete(pid: number): void {
    this.live.delete(pid)
  }

  /**
   * Refuses new children from now on (`reason` says why) and stops every live one with its process
   * group; resolves with how many were stopped once all have closed.
   */
  async stopAll(reason: string, graceMs = KILL_GRACE_MS): Promise<number> {
    this.closedWith ??= reason
    const stopping = [...this.live.values()]
    await Promise.all(stopping.map(async child => await child.stop('cancelled', graceMs)))
    return stopping.length
  }
}

/** The action process's children. */
export const liveChildren = new Children()

export async function exec(command: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const line = redact([command, ...args].join(' '), opts.secrets)
  const label = processLabel(command, args)
  const children = opts.children ?? liveChildren
  if (children.closed !== undefined && !opts.cleanup) {
    throw new CancelledError(
      `${opts.subject ? `${opts.subject}: ` : ''}${label} not started: ${children.closed}`
    )
  }
  if (core.isDebug()) core.debug(`exec: ${line}`)
  const start = Date.now()
  return await new Promise<ExecResult>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      shell: false,
      // its own process group: a limit or a cancellation stops the child and everything it started
      detached: true
    })
    const pid = child.pid
    const out: Buffer[] = []
    const err: Buffer[] = []
    let stoppedBy: 'timeout' | 'limit' | 'cancelled' | undefined
    const timers: NodeJS.Timeout[] = []
    let closed = false
    const whenClosed: (() => void)[] = []

    /** SIGTERM to the group; SIGKILL after the grace; then the pipes are let go (a grandchild that escaped its group must not hold the action). */
    const stop = async (why: NonNullable<typeof stoppedBy>, graceMs: number): Promise<void> => {
      if (pid === undefined || closed) return
      stoppedBy ??= why
      const done = new Promise<void>(res => whenClosed.push(res))
      killGroup(pid, 'SIGTERM')
      timers.push(
        setTimeout(() => {
          killGroup(pid, 'SIGKILL')
          timers.push(
            setTimeout(() => {
              child.stdout?.destroy()
              child.stderr?.destroy()
            }, 1000)
          )
        }, graceMs)
      )
      await done
    }
    const limitMs = opts.limit?.ms ?? opts.timeoutMs
    if (limitMs !== undefined && pid !== undefined) {
      timers.push(setTimeout(() => void stop(opts.limit ? 'limit' : 'timeout', KILL_GRACE_MS), limitMs))
    }
    if (pid !== undefined) children.add(pid, { label, stop })

    const lines = opts.onLine
      ? [lineSplitter(opts.onLine, opts.secrets), lineSplitter(opts.onLine, opts.secrets)]
      : []
    child.stdout?.on('data', (d: Buffer) => {
      out.push(d)
      if (opts.stream) process.stdout.write(redact(d.toString(), opts.secrets))
      lines[0]?.push(d)
    })
    child.stderr?.on('data', (d: Buffer) => {
      err.push(d)
      if (opts.stream) process.stdout.write(redact(d.toString(), opts.secrets))
      lines[1]?.push(d)
    })
    const settle = (): void => {
      for (const l of lines) l.end()
      closed = true
      for (const t of timers) clearTimeout(t)
      if (pid !== undefined) {
        children.delete(pid)
        // what the child left behind in its group once it was told to stop (a grandchild past its SIGTERM)
        if (stoppedBy) killGroup(pid, 'SIGKILL')
      }
      for (const res of whenClosed) res()
    }
    child.on('error', e => {
      settle()
      const code = (e as NodeJS.ErrnoException).code
      reject(new Error(code === 'ENOENT' ? `${command}: not found on PATH` : `${command}: ${e.message}`))
    })
    child.on('close', code => {
      settle()
      const ms = Date.now() - start
      recordTiming(opts.stage ?? 'other', `${command} ${args[0] ?? ''}`.trim(), start)
      if (stoppedBy === 'limit' && opts.limit) {
        reject(new TimeoutError(label, opts.limit, opts.subject))
        return
      }
      if (stoppedBy === 'cancelled') {
        reject(
          new CancelledError(
            `${opts.subject ? `${opts.subject}: ` : ''}${label} was stopped: ${children.closed ?? 'cancelled'}`
          )
        )
        return
      }
      resolve({
        command,
        args,
        exitCode: code ?? -1,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
        timedOut: stoppedBy === 'timeout',
        ms
      })
    })
    if (child.stdin) {
      // a child that exits before reading its input must not crash the action (EPIPE)
      child.stdin.on('error', () => undefined)
      child.stdin.end(opts.input)
    }
  })
}

/**
 * Cuts a stream's chunks into lines for `onLine` (a chunk may end mid-line, or mid-character: the
 * decoder keeps a split UTF-8 sequence for the next one). Each line is masked whole, so a secret cut in
 * two by a chunk boundary is still masked.
 */
export function lineSplitter(
  onLine: (line: string) => void,
  secrets: readonly string[] = []
): { push(chunk: Buffer): void; end(): void } {
  const decoder = new StringDecoder('utf8')
  let rest = ''
  let ended = false
  const emit = (text: string): void => onLine(redact(text.replace(/\r$/, ''), secrets))
  return {
    push(chunk) {
      if (ended) return
      const parts = (rest + decoder.write(chunk)).split('\n')
      rest = parts.pop() ?? ''
      for (const part of parts) emit(part)
    },
    end() {
      if (ended) return
      ended = true
      rest += decoder.end()
      if (rest !== '') emit(rest)
      rest = ''
    }
  }
}

/** The last lines of a tool's output, for error messages. */
export function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}
