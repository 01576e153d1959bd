// The one seam every child process goes through: argv only (never a shell), logged with core.debug,
// output captured, exit code returned, timings recorded for the run's metadata.
import * as core from '@actions/core'
import { spawn } from 'node:child_process'

export interface ExecOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Text written to the child's standard input. */
  input?: string
  /** Kill the child after this many milliseconds (the result says so). */
  timeoutMs?: number
  /** Stream the child's output to the log as it comes (default: only debug). */
  stream?: boolean
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

/** Every child process's (and every push's) wall time: the action's own time is the rest. */
export const timings: Timing[] = []

export function recordTiming(stage: string, label: string, start: number): void {
  timings.push({ stage, label, start, ms: Date.now() - start })
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
  list: readonly Timing[] = timings
): Record<string, { count: number; sumMs: number; wallMs: number }> {
  const out: Record<string, { count: number; sumMs: number; wallMs: number }> = {}
  for (const stage of new Set(list.map(t => t.stage))) {
    const of = list.filter(t => t.stage === stage)
    out[stage] = { count: of.length, sumMs: of.reduce((n, t) => n + t.ms, 0), wallMs: coveredMs(of) }
  }
  return out
}

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text
  for (const s of secrets) if (s) out = out.split(s).join('***')
  return out
}

export async function exec(command: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const line = redact([command, ...args].join(' '), opts.secrets)
  if (core.isDebug()) core.debug(`exec: ${line}`)
  const start = Date.now()
  return await new Promise<ExecResult>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      shell: false
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    let timedOut = false
    const timer =
      opts.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true
            child.kill('SIGKILL')
          }, opts.timeoutMs)
        : undefined
    child.stdout?.on('data', (d: Buffer) => {
      out.push(d)
      if (opts.stream) process.stdout.write(redact(d.toString(), opts.secrets))
    })
    child.stderr?.on('data', (d: Buffer) => {
      err.push(d)
      if (opts.stream) process.stdout.write(redact(d.toString(), opts.secrets))
    })
    child.on('error', e => {
      if (timer) clearTimeout(timer)
      const code = (e as NodeJS.ErrnoException).code
      reject(new Error(code === 'ENOENT' ? `${command}: not found on PATH` : `${command}: ${e.message}`))
    })
    child.on('close', code => {
      if (timer) clearTimeout(timer)
      const ms = Date.now() - start
      timings.push({ label: `${command} ${args[0] ?? ''}`.trim(), stage: opts.stage ?? 'other', start, ms })
      resolve({
        command,
        args,
        exitCode: code ?? -1,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
        timedOut,
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

/** The last lines of a tool's output, for error messages. */
export function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}
