// The cold start of `node dist/index.js`: from spawn to its first child process (the first
// `::debug::exec:` line, printed just before the first child starts), and `node -e 0` beside it.
// NODE_EXTRA_CA_CERTS: set on this machine, not on GitHub-hosted runners. Node 20 reads and parses the
// bundle it names before any JavaScript runs (Node 24 defers it), which costs ~85 ms here; both are
// measured when it is set. From run.mjs: `measureColdStarts({...})`.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const median = xs => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

const hostedEnv = env => {
  const e = { ...env }
  delete e.NODE_EXTRA_CA_CERTS
  return e
}

function firstChildMs({ node, dist, tmp, cwd, env: base }, hosted) {
  return new Promise(resolve => {
    const dir = mkdtempSync(join(tmp, 'start-'))
    const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') }
    for (const f of Object.values(files)) writeFileSync(f, '')
    let env = { ...base, ...files, ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1', RUNNER_TEMP: dir }
    if (hosted) env = hostedEnv(env)
    delete env.ACTIONS_RUNTIME_TOKEN
    delete env.ACTIONS_RESULTS_URL
    const start = process.hrtime.bigint()
    const child = spawn(node, [dist], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    let buf = ''
    let ms
    const stop = () => {
      try {
        process.kill(-child.pid, 'SIGKILL') // the action and the child it just started (our own group)
      } catch {
        // already gone
      }
    }
    child.stdout.on('data', d => {
      if (ms !== undefined) return
      buf += d.toString()
      const m = /^::debug::exec: (.*)$/m.exec(buf)
      if (m) {
        ms = Number(process.hrtime.bigint() - start) / 1e6
        stop()
        resolve({ ms, first: m[1].split(' ').slice(0, 2).join(' ') })
      }
    })
    child.stderr.resume()
    child.on('close', () => {
      if (ms === undefined) resolve({ ms: NaN, first: `(exited before any child: ${buf.slice(-300)})` })
    })
  })
}

function nodeBareMs(node, hosted) {
  const start = process.hrtime.bigint()
  spawnSync(node, ['-e', '0'], hosted ? { env: hostedEnv(process.env) } : {})
  return Number(process.hrtime.bigint() - start) / 1e6
}

async function coldStart(o, hosted) {
  const version = spawnSync(o.node, ['--version'], { encoding: 'utf8' }).stdout.trim()
  await firstChildMs(o, hosted) // one unrecorded start (page cache)
  const samples = []
  let first = ''
  for (let i = 0; i < o.samples; i++) {
    const r = await firstChildMs(o, hosted)
    samples.push(r.ms)
    first = r.first
  }
  const bare = Array.from({ length: o.samples }, () => nodeBareMs(o.node, hosted))
  return {
    version,
    hosted,
    samples,
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    bare: median(bare),
    first
  }
}

/**
 * Each Node of `nodes`, in the hosted environment (no NODE_EXTRA_CA_CERTS) and, when this machine sets
 * it, in this one too: `samples` starts each after one unrecorded start. `env`: the action's environment.
 */
export async function measureColdStarts({ nodes, dist, tmp, cwd, env, samples, log }) {
  const starts = []
  for (const hosted of process.env.NODE_EXTRA_CA_CERTS ? [false, true] : [true]) {
    for (const node of nodes) {
      log(`cold start: ${node}${hosted ? '' : ' (NODE_EXTRA_CA_CERTS set)'}`)
      starts.push(await coldStart({ node, dist, tmp, cwd, env, samples }, hosted))
    }
  }
  return starts
}
