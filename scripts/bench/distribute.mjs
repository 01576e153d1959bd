// Issue 16's measurement: the example catalog as one job against the distributed shape (one platform
// job per platform, push-by-digest, then a mode merge run), warm, on the local test bed. Each "runner"
// (one-job, amd64, arm64, merge) has its own workspace, RUNNER_TEMP and tool cache, as separate machines
// would; the Docker engine (and so the build cache) is this machine's one. The platform jobs run one after
// the other here; on GitHub they run at once, so the distributed wall time is reported as the longer of
// the two plus the merge. The merge's own time is compared with the one-job build run's.
//
// Usage: node scripts/bench/distribute.mjs [--runs N]   (needs `npm run bundle` and the test bed up)
// Also imported by scripts/bench/run.mjs: measureDistribute() and distributeMarkdown().
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import * as os from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseOutputs, readTestbedEnv } from '../lib/runner-files.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '')
const PLATFORMS = ['linux/amd64', 'linux/arm64']

const median = xs => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/**
 * Runs the comparison; returns per-run wall times (ms) and the medians.
 * @param {{ runs?: number, node?: string, log?: (msg: string) => void }} o
 */
export function measureDistribute(o = {}) {
  const runs = o.runs ?? 3
  const node = o.node ?? process.execPath
  const log = o.log ?? (m => process.stderr.write(`[distribute] ${m}\n`))
  const bed = readTestbedEnv(root)
  const tmp = mkdtempSync(join(os.tmpdir(), 'imagegate-bench-distribute-'))
  const cache = join(tmp, 'trivy-cache')
  cpSync(bed.TRIVY_DB_FIXTURE, cache, { recursive: true })
  const sha = spawnSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim()
  const org = `bench-distribute-${process.pid}`
  const event = join(tmp, 'event.json')
  writeFileSync(event, JSON.stringify({ repository: { default_branch: 'main' } }))

  /** A runner: its own checkout of the example, temp and tool cache. */
  const runner = name => {
    const dir = join(tmp, name)
    const ws = join(dir, 'workspace')
    cpSync(join(root, 'example'), ws, { recursive: true, filter: src => !src.includes('/artifacts') })
    for (const d of ['temp', 'tool-cache']) mkdirSync(join(dir, d), { recursive: true })
    return { name, dir, ws }
  }
  const one = runner('one-job')
  const parts = PLATFORMS.map(p => ({ ...runner(p.replace('/', '-')), platform: p }))
  const merge = runner('merge')

  const run = (r, inputs, job) => {
    const files = { GITHUB_OUTPUT: join(r.dir, 'output'), GITHUB_STEP_SUMMARY: join(r.dir, 'summary') }
    for (const f of Object.values(files)) writeFileSync(f, '')
    const env = {
      PATH: `${bed.TRIVY_BIN_DIR}:${process.env.PATH}`,
      HOME: process.env.HOME ?? tmp,
      RUNNER_TEMP: join(r.dir, 'temp'),
      TMPDIR: join(r.dir, 'temp'),
      RUNNER_TOOL_CACHE: join(r.dir, 'tool-cache'),
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      TRIVY_CACHE_DIR: cache,
      SOURCE_DATE_EPOCH: '1700000000',
      GITHUB_WORKSPACE: r.ws,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: event,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SHA: /^[0-9a-f]{40}$/.test(sha) ? sha : '0'.repeat(40),
      GITHUB_REPOSITORY: 'example/platform',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '1',
      GITHUB_JOB: job,
      ...files,
      INPUT_REGISTRY: bed.REGISTRY,
      INPUT_ORG: org,
      'INPUT_OFFLINE-DB': 'true',
      'INPUT_SBOM-GENERATOR': 'trivy',
      // every run scans: the results cache would make repeated runs trivially fast
      'INPUT_REUSE-RESULTS': 'false',
      'INPUT_SMOKE-ENV': 'DATABASE_URL=postgres://example@db.invalid/app',
      'INPUT_BUILD-ARGS': `BASE_IMAGE=${bed.BASE_IMAGE}\nBUILDER_IMAGE=${bed.BASE_IMAGE}`,
      'INPUT_UPLOAD-ARTIFACTS': 'false'
    }
    for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
    const start = process.hrtime.bigint()
    const p = spawnSync(node, [join(root, 'dist/index.js')], { cwd: r.ws, env, encoding: 'utf8' })
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (p.status !== 0) {
      throw new Error(`${r.name} (${job}) failed (exit ${p.status}):\n${(p.stdout + p.stderr).slice(-3000)}`)
    }
    return { ms, outputs: parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8')) }
  }
  /** The platform jobs' evidence, laid out as download-artifact does (one directory per artifact). */
  const download = partRuns => {
    const into = join(merge.ws, 'records')
    rmSync(into, { recursive: true, force: true })
    for (const { part, outputs } of partRuns) {
      const artifacts = dirname(outputs['record-file'])
      cpSync(artifacts, join(into, part.name, basename(artifacts)), { recursive: true })
      cpSync(join(part.ws, 'sbom'), join(into, part.name, 'sbom'), { recursive: true })
    }
  }
  const once = () => {
    const oneJob = run(one, { push: 'true' }, 'images').ms
    const partRuns = parts.map(part => ({
      part,
      ...run(part, { platforms: part.platform, 'push-by-digest': 'true' }, `images-${part.name}`)
    }))
    download(partRuns)
    const mergeMs = run(merge, { mode: 'merge', records: 'records' }, 'merge').ms
    return { oneJob, parts: partRuns.map(p => p.ms), merge: mergeMs }
  }
  try {
    log('warm-up: one unmeasured run of each (fills the build cache)')
    once()
    const samples = []
    for (let i = 0; i < runs; i++) {
      log(`run ${i + 1} of ${runs}`)
      samples.push(once())
    }
    const distributed = samples.map(s => Math.max(...s.parts) + s.merge)
    return {
      runs,
      samples,
      medians: {
        oneJob: median(samples.map(s => s.oneJob)),
        parts: PLATFORMS.map((_, i) => median(samples.map(s => s.parts[i]))),
        merge: median(samples.map(s => s.merge)),
        distributed: median(distributed)
      },
      mergeShare: median(samples.map(s => s.merge / s.oneJob)),
      platforms: PLATFORMS
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

const sec = ms => `${(ms / 1000).toFixed(1)} s`

/** The benchmark page's section for a measureDistribute() result. */
export function distributeMarkdown(r) {
  const m = r.medians
  const pct = x => `${(x * 100).toFixed(1)} %`
  return [
    '## One job against per-platform jobs and a merge (issue 16)',
    '',
    `The example catalog, warm (the build cache filled by an unmeasured run of each), the results cache off (every run scans). One job: every image and platform, pushed. Distributed: one platform job per platform (\`platforms: <p>\`, \`push-by-digest: true\`), each in its own workspace, RUNNER_TEMP and tool cache, then a \`mode: merge\` run in a fourth, fed the platform jobs' records and evidence laid out as actions/download-artifact does. Here the platform jobs share this machine's 2 cores and Docker engine and run one after the other; on GitHub they run at once on separate runners, so the distributed wall time is the longer platform job plus the merge. arm64 is emulated (QEMU) in both shapes here, so the distributed shape's real gain on native arm64 runners (no emulation) cannot be measured on this machine. ${r.runs} run${r.runs > 1 ? 's' : ''}, medians.`,
    '',
    '| shape | wall (median) | per-run |',
    '| --- | --- | --- |',
    `| one job (${r.platforms.length} platforms) | ${sec(m.oneJob)} | ${r.samples.map(s => sec(s.oneJob)).join(', ')} |`,
    ...r.platforms.map(
      (p, i) =>
        `| platform job ${p} | ${sec(m.parts[i])} | ${r.samples.map(s => sec(s.parts[i])).join(', ')} |`
    ),
    `| merge | ${sec(m.merge)} | ${r.samples.map(s => sec(s.merge)).join(', ')} |`,
    `| distributed (longer platform job + merge) | ${sec(m.distributed)} | ${r.samples.map(s => sec(Math.max(...s.parts) + s.merge)).join(', ')} |`,
    '',
    `The merge takes ${pct(r.mergeShare)} of a one-job build run (median of the per-run ratios; goal < 5 %: **${r.mergeShare < 0.05 ? 'met' : 'missed'}**).`,
    ''
  ].join('\n')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--runs')
  const result = measureDistribute({ runs: i >= 0 ? Number(process.argv[i + 1]) : 3 })
  process.stdout.write(distributeMarkdown(result))
}
