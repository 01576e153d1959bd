// Runs the bundled action (dist/index.js) the way the GitHub runner does: INPUT_* variables, the
// GITHUB_* context, and the file commands (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY), then reads them back.
import { spawn, type ChildProcess } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parseOutputs } from '../../scripts/lib/runner-files.mjs'

export const ROOT = path.resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..')
export const DIST = path.join(ROOT, 'dist', 'index.js')

export interface RunOptions {
  workspace: string
  inputs: Record<string, string>
  eventName?: string
  ref?: string
  sha?: string
  event?: Record<string, unknown>
  env?: Record<string, string>
  timeoutMs?: number
  /** Called once the action's process runs, with its log so far on demand (to signal it mid-run). */
  onStart?: (child: ChildProcess, log: () => string) => void
}

export interface RunResult {
  exitCode: number
  /** stdout + stderr, as the job log shows them. */
  log: string
  outputs: Record<string, string>
  summary: string
  /** ::error / ::warning workflow commands found in the log. */
  errors: string[]
  warnings: string[]
}

export const TEST_SHA = '9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3'

export async function runAction(o: RunOptions): Promise<RunResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-run-'))
  const files = {
    output: path.join(tmp, 'output'),
    summary: path.join(tmp, 'summary'),
    event: path.join(tmp, 'event.json'),
    env: path.join(tmp, 'env'),
    path: path.join(tmp, 'path')
  }
  for (const f of [files.output, files.summary, files.env, files.path]) fs.writeFileSync(f, '')
  fs.writeFileSync(files.event, JSON.stringify(o.event ?? { repository: { default_branch: 'main' } }))
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmp,
    RUNNER_TEMP: tmp,
    // the tool cache (and imagegate's results cache in it) of a fresh runner, unless a test passes one
    RUNNER_TOOL_CACHE: path.join(tmp, 'tool-cache'),
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_EVENT_NAME: o.eventName ?? 'push',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REF: o.ref ?? 'refs/heads/main',
    GITHUB_SHA: o.sha ?? TEST_SHA,
    GITHUB_REPOSITORY: 'acme/platform',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '1',
    GITHUB_JOB: 'images',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    ...o.env
  }
  for (const [name, value] of Object.entries(o.inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const { exitCode, log } = await new Promise<{ exitCode: number; log: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [DIST], {
      cwd: o.workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const chunks: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => chunks.push(d))
    child.stderr.on('data', (d: Buffer) => chunks.push(d))
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 600_000)
    o.onStart?.(child, () => Buffer.concat(chunks).toString())
    child.on('error', reject)
    child.on('close', code => {
      clearTimeout(timer)
      resolve({ exitCode: code ?? -1, log: Buffer.concat(chunks).toString() })
    })
  })
  const lines = log.split('\n')
  const result: RunResult = {
    exitCode,
    log,
    outputs: parseOutputs(fs.readFileSync(files.output, 'utf8')),
    summary: fs.readFileSync(files.summary, 'utf8'),
    errors: lines.filter(l => l.startsWith('::error')),
    warnings: lines.filter(l => l.startsWith('::warning'))
  }
  fs.rmSync(tmp, { recursive: true, force: true })
  return result
}

/** Workflow commands out of the log, for readable failure messages (as actions/cache's jest config). */
export function plainLog(log: string): string {
  return log
    .split('\n')
    .filter(l => !l.startsWith('::debug'))
    .join('\n')
}
