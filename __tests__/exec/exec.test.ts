import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  CancelledError,
  Children,
  coveredMs,
  exec,
  formatDuration,
  lineSplitter,
  processLabel,
  recordTimingsIn,
  redact,
  stageTimings,
  TimeoutError,
  type Timing
} from '../../src/exec.js'

/** Alive and not a zombie (an orphan's zombie waits for a reaper; it runs nothing). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

/** Processes whose argv holds `marker`. */
function withMarker(marker: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter(d => /^\d+$/.test(d))
    .filter(d => {
      try {
        return fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').includes(marker)
      } catch {
        return false
      }
    })
    .map(Number)
    .filter(alive)
}

/**
 * A child (sh) that starts a grandchild `sleep <seconds>` and waits; the grandchild's pid is written to
 * `pidFile` so the test can look for it afterwards. `ignoreTerm`: both ignore SIGTERM (inherited).
 */
function parentOfSleeper(pidFile: string, seconds: string, ignoreTerm = false): string[] {
  return ['-c', `${ignoreTerm ? 'trap "" TERM; ' : ''}sleep ${seconds} & echo $! > "$0"; wait`, pidFile]
}

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!check() && Date.now() < end) await new Promise(r => setTimeout(r, 50))
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-exec-'))

describe('exec', () => {
  test('argv goes to the program as is: no shell ever reads it', async () => {
    const r = await exec('printf', ['%s|', '$(id)', '; echo pwned', '`x`'])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe('$(id)|; echo pwned|`x`|')
  })

  test('onLine: each line of stdout and stderr as it comes, masked, the last one without a newline too', async () => {
    const lines: string[] = []
    const r = await exec(
      'sh',
      ['-c', 'printf "one\\ntw"; sleep 0.1; printf "o\\n"; echo "err hunter2" >&2; printf "last"'],
      { onLine: line => lines.push(line), secrets: ['hunter2'] }
    )
    expect(r.exitCode).toBe(0)
    expect(lines).toEqual(['one', 'two', 'err ***', 'last'])
    expect(r.stdout).toBe('one\ntwo\nlast') // what is returned is unchanged
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

  test('every child leads a process group of its own', async () => {
    const r = await exec('sh', ['-c', 'echo $$ $(cut -d" " -f5 /proc/$$/stat)'])
    const [pid, pgid] = r.stdout.trim().split(' ')
    expect(pgid).toBe(pid)
    expect(Number(pgid)).not.toBe(process.pid)
  })

  test('a timeout stops the child and its grandchildren, and says so', async () => {
    const dir = tmp()
    const pidFile = path.join(dir, 'grandchild')
    const r = await exec('sh', parentOfSleeper(pidFile, '301'), { timeoutMs: 300 })
    expect(r.timedOut).toBe(true)
    expect(r.ms).toBeLessThan(2500)
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'))
    expect(grandchild).toBeGreaterThan(0)
    await waitFor(() => !alive(grandchild))
    expect(alive(grandchild)).toBe(false)
    expect(withMarker('301')).toEqual([])
  })

  test('a limit rejects with the process, the subject and the input that set it', async () => {
    const dir = tmp()
    const pidFile = path.join(dir, 'grandchild')
    const started = Date.now()
    const error = await exec('sh', parentOfSleeper(pidFile, '302'), {
      limit: { ms: 400, input: 'scan-timeout' },
      subject: 'backend linux/arm64'
    }).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as Error).message).toBe('backend linux/arm64: sh was stopped after 400ms (scan-timeout)')
    expect(Date.now() - started).toBeLessThan(2500)
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'))
    await waitFor(() => !alive(grandchild))
    expect(alive(grandchild)).toBe(false)
  })

  test('a group that ignores SIGTERM is killed after the grace', async () => {
    const dir = tmp()
    const pidFile = path.join(dir, 'grandchild')
    const started = Date.now()
    const r = await exec('sh', parentOfSleeper(pidFile, '303', true), { timeoutMs: 200 })
    expect(r.timedOut).toBe(true)
    // SIGTERM at 200 ms, ignored; SIGKILL 3 s later
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000)
    expect(Date.now() - started).toBeLessThan(6000)
    await waitFor(() => withMarker('303').length === 0)
    expect(withMarker('303')).toEqual([])
  }, 15_000)

  test('without a limit nothing is stopped', async () => {
    const r = await exec('node', ['-e', 'setTimeout(() => console.log("done"), 300)'], {
      limit: { ms: 5000, input: 'scan-timeout' }
    })
    expect([r.exitCode, r.stdout.trim(), r.timedOut]).toEqual([0, 'done', false])
  })

  test('stopAll: every live child and its group stopped, new children refused, clean-up still runs', async () => {
    const children = new Children()
    const dir = tmp()
    const pidFiles = [path.join(dir, 'a'), path.join(dir, 'b')]
    const running = pidFiles.map(async (file, i) =>
      exec('sh', parentOfSleeper(file, `30${4 + i}`), { children, subject: `image-${i}` }).catch(
        (err: unknown) => err
      )
    )
    await waitFor(() => pidFiles.every(f => fs.existsSync(f) && fs.readFileSync(f, 'utf8').trim() !== ''))
    expect(children.pids()).toHaveLength(2)
    const stopped = await children.stopAll('the job was cancelled (SIGTERM)', 1000)
    expect(stopped).toBe(2)
    const results = await Promise.all(running)
    for (const [i, r] of results.entries()) {
      expect(r).toBeInstanceOf(CancelledError)
      expect((r as Error).message).toBe(`image-${i}: sh was stopped: the job was cancelled (SIGTERM)`)
    }
    expect(children.pids()).toEqual([])
    for (const f of pidFiles) {
      const grandchild = Number(fs.readFileSync(f, 'utf8'))
      await waitFor(() => !alive(grandchild))
      expect(alive(grandchild)).toBe(false)
    }
    await expect(exec('true', [], { children, subject: 'web' })).rejects.toThrow(
      'web: true not started: the job was cancelled (SIGTERM)'
    )
    const cleanup = await exec('true', [], { children, cleanup: true })
    expect(cleanup.exitCode).toBe(0)
  })

  test('lineSplitter: chunks cut mid-line, mid-character and mid-secret still give whole, masked lines', () => {
    const lines: string[] = []
    const split = lineSplitter(line => lines.push(line), ['s3cret'])
    const bytes = Buffer.from('#7 [2/4] RUN make\r\npassword s3cr')
    split.push(bytes)
    split.push(Buffer.from('et\ngrüß'.slice(0, 7)))
    const umlaut = Buffer.from('ü')
    split.push(Buffer.concat([Buffer.from('x '), umlaut.subarray(0, 1)]))
    split.push(Buffer.concat([umlaut.subarray(1), Buffer.from('\n')]))
    split.end()
    split.end()
    expect(lines).toEqual(['#7 [2/4] RUN make', 'password ***', 'grüßx ü'])
  })

  test('secrets are masked in what may be logged', () => {
    expect(redact('login -p hunter2 -u x', ['hunter2'])).toBe('login -p *** -u x')
    // a multi-line value (a PEM) whole, and each of its lines where only part of it was printed
    const pem = '-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\nAQEFAASC\n-----END KEY-----'
    expect(redact(`key: ${pem}`, [pem])).toBe('key: ***')
    expect(redact('tail: AQEFAASC\n-----END KEY-----', [pem])).toBe('tail: ***\n***')
    // a value inside a longer one goes with the longer one
    expect(redact('url postgres://u:abc@db token abc', ['abc', 'postgres://u:abc@db'])).toBe(
      'url *** token ***'
    )
  })

  test.each([
    [90_000, '1m30s'],
    [600_000, '10m'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [3_000, '3s'],
    [250, '250ms']
  ])('formatDuration(%d) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  test.each([
    ['/opt/hostedtoolcache/trivy/0.44.1/x64/trivy', ['image', '--input', '/x'], 'trivy image'],
    ['docker', ['buildx', 'build', '--platform', 'linux/amd64'], 'docker buildx build'],
    ['syft', ['scan', 'oci-dir:/x', '--output', 'spdx-json=/y'], 'syft scan'],
    ['tar', ['-xf', 'blob'], 'tar'],
    ['sleep', ['5'], 'sleep']
  ])('processLabel(%s, %j) = %s', (command, args, label) => {
    expect(processLabel(command, args)).toBe(label)
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

  test("each run's timings go to its own context: two runs side by side never share, none outside a run", async () => {
    const first: Timing[] = []
    const second: Timing[] = []
    await Promise.all([
      recordTimingsIn(first, () => exec('true', [], { stage: 'build' })),
      recordTimingsIn(second, async () => {
        await exec('true', [], { stage: 'scan' })
        await exec('true', [], { stage: 'scan' })
      }),
      exec('true', [], { stage: 'other' }) // outside any run: recorded nowhere
    ])
    expect(first.map(t => [t.stage, t.label])).toEqual([['build', 'true']])
    expect(second.map(t => [t.stage, t.label])).toEqual([
      ['scan', 'true'],
      ['scan', 'true']
    ])
  })
})
