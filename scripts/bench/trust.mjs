// Issue 15's measured targets, on the example catalog against the test bed:
//   - what signing and attesting add to a warm build run with push (the same run without them,
//     interleaved A B A B, medians; the results cache emptied before each run, as run.mjs's warm state);
//   - promotion dev -> stage within one registry: its wall time against the warm build run, and the
//     blobs it uploaded (counted from the registry's own request log: 0 when every blob was mounted);
//   - each cosign process's CPU (a wrapper on PATH times the real cosign with bash's `times`).
// The images go to a registry of the benchmark's own (docker-registry, as the bed starts it, on a free
// port, logging every request as JSON), so its log holds this benchmark's requests only and the bed's
// registries are untouched.
//
// Usage: node scripts/bench/trust.mjs [--runs N] [--keep]   (dist/ must be bundled: npm run bundle)
// From run.mjs: `trustBench({ root, runs, log })`, then `trustMarkdown(result)` for docs/benchmarks.md.
import { spawn, spawnSync } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import { join } from 'node:path'
import { pathToFileURL, URLSearchParams } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseOutputs, readTestbedEnv } from '../lib/runner-files.mjs'

const median = xs => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const sum = xs => xs.reduce((a, b) => a + b, 0)
const sec = v => (Number.isFinite(v) ? `${v.toFixed(2)} s` : 'n/a')
const pct = v => (Number.isFinite(v) ? `${(100 * v).toFixed(1)} %` : 'n/a')

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for the registry). */
async function freePort() {
  return await new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** Starts docker-registry (distribution) in `dir` on a free port, logging each request as JSON. */
async function startRegistry(dir) {
  const port = await freePort()
  const addr = `127.0.0.1:${port}`
  const config = join(dir, 'registry.yml')
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: {level: info, formatter: json, accesslog: {disabled: true}}',
      'storage:',
      `  filesystem: {rootdirectory: ${join(dir, 'registry-data')}}`,
      '  delete: {enabled: true}',
      `http: {addr: ${addr}}`,
      ''
    ].join('\n')
  )
  const logFile = join(dir, 'registry.log')
  const out = openSync(logFile, 'a')
  const child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', out, out], detached: true })
  child.unref()
  for (let i = 0; i < 100; i++) {
    try {
      const r = await globalThis.fetch(`http://${addr}/v2/`)
      if (r.status === 200) return { addr, logFile, pid: child.pid }
    } catch {
      // not up yet
    }
    await sleep(100)
  }
  try {
    process.kill(child.pid)
  } catch {
    // gone already
  }
  throw new Error(`docker-registry did not answer on http://${addr}/v2/ (see ${logFile})`)
}

/** The registry's "response completed" entries (one JSON object per line), from byte `from` on. */
function registryRequests(logFile, from = 0) {
  const text = readFileSync(logFile).subarray(from).toString('utf8')
  const out = []
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue
    let entry
    try {
      entry = JSON.parse(line)
    } catch {
      continue
    }
    if (entry.msg !== 'response completed') continue
    out.push({
      method: entry['http.request.method'],
      uri: entry['http.request.uri'],
      status: entry['http.response.status'],
      agent: entry['http.request.useragent'] ?? '',
      time: Date.parse(entry.time)
    })
  }
  return out
}

/**
 * Blob traffic into repositories under `prefix/` from the registry's log: finished uploads (`PUT
 * .../blobs/uploads/...?digest=`, 201), mounts (`POST ...?mount=`: 201 mounted, 202 fell back to an
 * upload) and the bytes of every uploaded blob (its size as the registry answers a HEAD).
 */
async function blobTraffic(registry, requests, prefix) {
  const uploads = []
  let mounted = 0
  let mountMissed = 0
  for (const r of requests) {
    const m = /^\/v2\/(.+)\/blobs\/uploads\/[^?]*(\?.*)?$/.exec(r.uri ?? '')
    if (!m || !m[1].startsWith(`${prefix}/`)) continue
    const query = new URLSearchParams(m[2] ?? '')
    if (r.method === 'POST' && query.has('mount')) {
      if (r.status === 201) mounted++
      else mountMissed++
    }
    if (r.method === 'PUT' && r.status === 201 && query.get('digest')) {
      uploads.push({ repository: m[1], digest: query.get('digest') })
    }
  }
  let bytes = 0
  for (const u of uploads) {
    const head = await globalThis.fetch(`http://${registry}/v2/${u.repository}/blobs/${u.digest}`, {
      method: 'HEAD'
    })
    bytes += Number(head.headers.get('content-length') ?? 0)
  }
  return { uploads: uploads.length, bytes, mounted, mountMissed }
}

/** `sub start end childUser childSys` lines of the cosign wrapper, as objects. */
function cosignCalls(file) {
  if (!existsSync(file)) return []
  const seconds = t => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t)
    return m ? Number(m[1]) * 60 + Number(m[2]) : NaN
  }
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [sub, start, end, user, sys, status] = line.split(' ')
      return {
        sub,
        start: Number(start) * 1000,
        end: Number(end) * 1000,
        wall: Number(end) - Number(start),
        cpu: seconds(user) + seconds(sys),
        status: Number(status)
      }
    })
}

/**
 * Runs the benchmark: `runs` interleaved pairs of warm build runs (push, then push + sign + attest),
 * `runs` promotions dev -> a fresh stage environment, and one promotion again to the first (nothing new).
 */
export async function trustBench({
  root,
  runs = 3,
  log = m => process.stderr.write(`[trust] ${m}\n`),
  keep = false
}) {
  const bed = readTestbedEnv(root)
  for (const k of ['BASE_IMAGE', 'TRIVY_BIN_DIR', 'TRIVY_DB_FIXTURE', 'COSIGN_BIN'])
    if (!bed[k]) throw new Error(`.testbed/env has no ${k}`)
  const dist = join(root, 'dist/index.js')
  if (!existsSync(dist)) throw new Error('dist/index.js is missing: npm run bundle')
  const tmp = mkdtempSync(join(os.tmpdir(), 'imagegate-trust-'))
  let registry
  try {
    registry = await startRegistry(tmp)
    log(`registry of the benchmark's own on ${registry.addr} (log ${registry.logFile})`)
    const loadBefore = os.loadavg()
    const result = await measure({ root, bed, dist, tmp, registry, runs, log })
    return { ...result, load: { before: loadBefore, after: os.loadavg(), cores: os.cpus().length } }
  } finally {
    if (registry) {
      try {
        process.kill(registry.pid)
      } catch {
        // gone already
      }
    }
    if (keep) log(`kept ${tmp}`)
    else rmSync(tmp, { recursive: true, force: true })
  }
}

async function measure({ root, bed, dist, tmp, registry, runs, log }) {
  // the example catalog, its environments in the benchmark's registry; one fresh stage per promotion
  const ws = join(tmp, 'workspace')
  cpSync(join(root, 'example'), ws, { recursive: true, filter: src => !src.includes('/artifacts') })
  const catalogFile = join(ws, '.github/images.yml')
  const stages = Array.from({ length: runs }, (_, i) => (i === 0 ? 'stage' : `stage-${i + 1}`))
  const catalog = readFileSync(catalogFile, 'utf8')
    .replaceAll('registry.example.com', registry.addr)
    .replace(
      /^( {2}stage:\n {4}registry: .*\n)/m,
      (all, _) =>
        all +
        stages
          .slice(1)
          .map(s => `  ${s}:\n    registry: ${registry.addr}/${s}\n`)
          .join('')
    )
  writeFileSync(catalogFile, catalog)

  // a key pair made by cosign itself, with a password (as a user's would be)
  const keys = join(tmp, 'keys')
  mkdirSync(keys)
  const password = `bench-${process.pid}-${Date.now()}`
  const gen = spawnSync(bed.COSIGN_BIN, ['generate-key-pair', '--output-key-prefix', join(keys, 'cosign')], {
    env: { ...process.env, COSIGN_PASSWORD: password },
    encoding: 'utf8'
  })
  if (gen.status !== 0) throw new Error(`cosign generate-key-pair failed: ${gen.stderr}`)

  // cosign on PATH is a wrapper timing the real one: `sub start end childUser childSys status` per call
  const wrapDir = join(tmp, 'bin')
  mkdirSync(wrapDir)
  const cosignLog = join(tmp, 'cosign-calls')
  writeFileSync(
    join(wrapDir, 'cosign'),
    `#!/usr/bin/env bash
# Generated by scripts/bench/trust.mjs: runs the real cosign, then appends its subcommand, start, end
# and CPU (bash's \`times\`, run in this shell: the children's user and system time) to
# $IMAGEGATE_BENCH_COSIGN_LOG.
start=$EPOCHREALTIME
${JSON.stringify(bed.COSIGN_BIN)} "$@"
status=$?
end=$EPOCHREALTIME
times > "$IMAGEGATE_BENCH_COSIGN_LOG.$$"
{ read -r _; read -r user sys; } < "$IMAGEGATE_BENCH_COSIGN_LOG.$$"
rm -f "$IMAGEGATE_BENCH_COSIGN_LOG.$$"
echo "$1 $start $end $user $sys $status" >> "$IMAGEGATE_BENCH_COSIGN_LOG"
exit $status
`
  )
  chmodSync(join(wrapDir, 'cosign'), 0o755)

  const cache = join(tmp, 'trivy-cache')
  cpSync(bed.TRIVY_DB_FIXTURE, cache, { recursive: true })
  const toolCache = join(tmp, 'tool-cache')
  const runnerTemp = join(tmp, 'runner-temp')
  const runsDir = join(tmp, 'runs')
  for (const d of [toolCache, runnerTemp, runsDir]) mkdirSync(d)
  const eventFile = join(tmp, 'event.json')
  writeFileSync(eventFile, JSON.stringify({ repository: { default_branch: 'main' } }))
  const gitSha = spawnSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim()
  const sha = /^[0-9a-f]{40}$/.test(gitSha) ? gitSha : '0'.repeat(40)
  const baseEnv = {
    PATH: `${wrapDir}:${bed.TRIVY_BIN_DIR}:${process.env.PATH}`,
    HOME: process.env.HOME ?? tmp,
    IMAGEGATE_BENCH_COSIGN_LOG: cosignLog,
    RUNNER_TOOL_CACHE: toolCache,
    SOURCE_DATE_EPOCH: '1700000000',
    TRIVY_CACHE_DIR: cache,
    RUNNER_TEMP: runnerTemp,
    TMPDIR: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    GITHUB_WORKSPACE: ws,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: sha,
    GITHUB_REPOSITORY: 'example/platform',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '1',
    GITHUB_JOB: 'images',
    ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {})
  }
  const buildInputs = {
    INPUT_ENVIRONMENT: 'dev',
    INPUT_PUSH: 'true',
    'INPUT_OFFLINE-DB': 'true',
    'INPUT_SBOM-GENERATOR': 'trivy',
    'INPUT_SMOKE-ENV': 'DATABASE_URL=postgres://example@db.invalid/app',
    'INPUT_BUILD-ARGS': `BASE_IMAGE=${bed.BASE_IMAGE}\nBUILDER_IMAGE=${bed.BASE_IMAGE}`
  }
  const signInputs = {
    INPUT_SIGN: 'true',
    'INPUT_COSIGN-KEY': join(keys, 'cosign.key'),
    'INPUT_COSIGN-PASSWORD': password
  }

  /** One action run as the runner starts it; its wall time, outputs, cosign calls and registry requests. */
  // a run that failed is run once more, and the page says so (the shared engine has failed a smoke
  // image's `docker load` for another test's removed snapshot); a second failure stops the benchmark
  const retried = []
  const runAction = (label, inputs) => {
    try {
      return runOnce(label, inputs)
    } catch (err) {
      log(`${label} failed; once more: ${String(err.message).split('\n')[0]}`)
      retried.push(label)
      return runOnce(`${label}-again`, inputs)
    }
  }
  const runOnce = (label, inputs) => {
    const dir = mkdtempSync(join(runsDir, `${label}-`))
    const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') }
    for (const f of Object.values(files)) writeFileSync(f, '')
    rmSync(join(toolCache, 'imagegate-results'), { recursive: true, force: true })
    const calls = cosignCalls(cosignLog).length
    const logAt = readFileSync(registry.logFile).length
    const start = Date.now()
    const r = spawnSync(process.execPath, [dist], {
      cwd: ws,
      env: { ...baseEnv, ...files, ...inputs },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024
    })
    const end = Date.now()
    writeFileSync(join(dir, 'log'), `${r.stdout ?? ''}${r.stderr ?? ''}`)
    if (r.status !== 0) {
      throw new Error(
        `${label} failed (exit ${r.status}); log ${join(dir, 'log')}:\n${(r.stdout ?? '').slice(-3000)}`
      )
    }
    return {
      label,
      start,
      end,
      wall: (end - start) / 1000,
      outputs: parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
      cosign: cosignCalls(cosignLog).slice(calls),
      requests: registryRequests(registry.logFile, logAt)
    }
  }

  log('warm-up: one build run without and one with signing (fills the build cache and the registry)')
  runAction('warmup-plain', buildInputs)
  runAction('warmup-signed', { ...buildInputs, ...signInputs })

  const plain = []
  const signed = []
  for (let i = 1; i <= runs; i++) {
    log(`warm ${i}/${runs}: push, then push + sign + attest`)
    plain.push(runAction(`plain-${i}`, buildInputs))
    signed.push(runAction(`signed-${i}`, { ...buildInputs, ...signInputs }))
  }

  // what a promotion moves: a commit built, signed and attested once (the build runs above signed
  // their digests again and again, which piles signatures up on them)
  const promotedSha = `${sha.startsWith('f') ? 'e' : 'f'}${sha.slice(1)}`
  const version = `sha-${promotedSha.slice(0, 7)}`
  log(`the promotion's source: one signed build run of another commit (${version})`)
  const source = runAction('promotion-source', { ...buildInputs, ...signInputs, GITHUB_SHA: promotedSha })
  const refs = Object.values(JSON.parse(source.outputs.refs ?? '{}')).flat()
  if (!refs.some(ref => String(ref).endsWith(`:${version}`)))
    throw new Error(`the signed run did not tag ${version}: refs ${JSON.stringify(refs)}`)

  const promoteInputs = target => ({
    INPUT_MODE: 'promote',
    'INPUT_SOURCE-ENVIRONMENT': 'dev',
    INPUT_ENVIRONMENT: target,
    INPUT_VERSION: version,
    'INPUT_COSIGN-KEY': join(keys, 'cosign.pub')
  })
  const promotions = []
  for (const [i, target] of stages.entries()) {
    log(`promotion ${i + 1}/${runs}: dev -> ${target}`)
    const run = runAction(`promote-${target}`, promoteInputs(target))
    run.traffic = await blobTraffic(registry.addr, run.requests, target)
    run.target = target
    promotions.push(run)
  }
  log(`promotion again: dev -> ${stages[0]} (every tag already there)`)
  const again = runAction(`promote-again`, promoteInputs(stages[0]))
  again.traffic = await blobTraffic(registry.addr, again.requests, stages[0])
  return {
    ...summarize({ plain, signed, promotions, again, runs, version, registry: registry.addr }),
    retried
  }
}

/** Where a promotion's time went: before the first cosign call, the cosign calls, the registry writes after them. */
function promotionSteps(run) {
  const verifies = run.cosign.filter(c => c.sub === 'verify' || c.sub === 'verify-attestation')
  const firstCosign = Math.min(...run.cosign.map(c => c.start))
  const lastVerify = Math.max(...verifies.map(c => c.end))
  const writes = run.requests.filter(r => r.method !== 'GET' && r.method !== 'HEAD' && r.time >= lastVerify)
  const lastWrite = writes.length ? Math.max(...writes.map(r => r.time)) : lastVerify
  return {
    beforeCosign: (firstCosign - run.start) / 1000,
    verify: (lastVerify - firstCosign) / 1000,
    copyAndTag: (lastWrite - lastVerify) / 1000,
    exit: (run.end - lastWrite) / 1000,
    verifyCalls: verifies.length,
    otherCosign: run.cosign.filter(c => c.sub !== 'verify' && c.sub !== 'verify-attestation').map(c => c.sub)
  }
}

function summarize({ plain, signed, promotions, again, runs, version, registry }) {
  const warm = median(plain.map(r => r.wall))
  const withTrust = median(signed.map(r => r.wall))
  const pairs = plain.map((p, i) => signed[i].wall / p.wall - 1)
  const bySub = new Map()
  for (const run of [...signed, ...promotions]) {
    const kind = run.label.startsWith('promote') ? 'promote' : 'build'
    for (const c of run.cosign) {
      const key = `${kind} ${c.sub}`
      if (!bySub.has(key)) bySub.set(key, { kind, sub: c.sub, calls: [], runs: new Set() })
      bySub.get(key).calls.push(c)
      bySub.get(key).runs.add(run.label)
    }
  }
  const cosignRows = [...bySub.values()].map(g => ({
    kind: g.kind,
    sub: g.sub,
    perRun: g.calls.length / g.runs.size,
    wall: median(g.calls.map(c => c.wall)),
    cpu: median(g.calls.map(c => c.cpu)),
    cpuPerRun: sum(g.calls.map(c => c.cpu)) / g.runs.size
  }))
  const steps = promotions.map(promotionSteps)
  const promote = median(promotions.map(r => r.wall))
  return {
    runs,
    version,
    registry,
    build: {
      warm,
      withTrust,
      added: withTrust / warm - 1,
      pairAdded: median(pairs),
      plainRuns: plain.map(r => r.wall),
      signedRuns: signed.map(r => r.wall),
      cosignCpuPerRun: median(signed.map(r => sum(r.cosign.map(c => c.cpu)))),
      cosignCallsPerRun: median(signed.map(r => r.cosign.length))
    },
    promotion: {
      wall: promote,
      share: promote / warm,
      runs: promotions.map(r => r.wall),
      again: again.wall,
      uploads: Math.max(...promotions.map(r => r.traffic.uploads)),
      bytes: Math.max(...promotions.map(r => r.traffic.bytes)),
      mounted: median(promotions.map(r => r.traffic.mounted)),
      mountMissed: Math.max(...promotions.map(r => r.traffic.mountMissed)),
      againUploads: again.traffic.uploads,
      steps: {
        beforeCosign: median(steps.map(s => s.beforeCosign)),
        verify: median(steps.map(s => s.verify)),
        copyAndTag: median(steps.map(s => s.copyAndTag)),
        exit: median(steps.map(s => s.exit)),
        verifyCalls: median(steps.map(s => s.verifyCalls)),
        otherCosign: [...new Set(steps.flatMap(s => s.otherCosign))]
      }
    },
    cosign: cosignRows
  }
}

/** Rows for a caller's own table (goal, measured value, met). */
export function trustGoals(result) {
  const b = result.build
  const p = result.promotion
  return [
    {
      goal: 'signing and attesting add under 15 % to a warm build run',
      value: `${pct(b.added)} (${sec(b.warm)} -> ${sec(b.withTrust)})`,
      met: b.added < 0.15
    },
    {
      goal: "promotion of the example catalog takes under 10 % of a build run's time",
      value: `${pct(p.share)} (${sec(p.wall)} of ${sec(b.warm)})`,
      met: p.share < 0.1
    },
    {
      goal: 'promotion within one registry moves 0 layer bytes',
      value: `${p.uploads} blob uploads, ${p.bytes} bytes; ${p.mounted} blobs mounted`,
      met: p.uploads === 0 && p.bytes === 0
    }
  ]
}

/** The section for docs/benchmarks.md. */
export function trustMarkdown(result) {
  const b = result.build
  const p = result.promotion
  const mark = met => (met ? 'met' : '**missed**')
  const list = xs => xs.map(sec).join(', ')
  return `
## Trust: signing, attesting and promotion (issue 15)

\`scripts/bench/trust.mjs\`, ${result.runs} runs each, on the example catalog in a registry of the benchmark's own (distribution, logging every request). Warm build runs with push, without and with \`sign: true\` (a key pair from \`cosign generate-key-pair\`, with a password; attestations on), interleaved, the results cache emptied before each. Promotion \`dev -> stage\` of \`${result.version}\` (another commit, built, signed and attested once) with the public key, each to a fresh stage repository of the same registry.

Load average (1, 5, 15 min) on ${result.load.cores} cores: ${result.load.before.map(l => l.toFixed(1)).join(', ')} before, ${result.load.after.map(l => l.toFixed(1)).join(', ')} after: the ratios come from interleaved runs, the absolute times from a machine shared with that load.

| goal | measured | |
| --- | --- | --- |
${trustGoals(result)
  .map(g => `| ${g.goal} | ${g.value} | ${mark(g.met)} |`)
  .join('\n')}

| | median | runs |
| --- | --- | --- |
| warm build run, push | ${sec(b.warm)} | ${list(b.plainRuns)} |
| warm build run, push + sign + attest | ${sec(b.withTrust)} (pairwise: +${pct(b.pairAdded)}) | ${list(b.signedRuns)} |
| promotion dev -> stage | ${sec(p.wall)} | ${list(p.runs)} |
| promotion again (every tag already there) | ${sec(p.again)} | |

${result.retried.length ? `Failed once and run again: ${result.retried.join(', ')}.\n\n` : ''}Blob traffic of a promotion, from the registry's log: ${p.uploads} uploads (${p.bytes} bytes), ${p.mounted} cross-repository mounts, ${p.mountMissed} mounts refused; the promotion again uploaded ${p.againUploads}.

Where a promotion's time goes (medians): ${sec(p.steps.beforeCosign)} from the start to the first cosign call (Node start, catalog, plan, resolving the digests), ${sec(p.steps.verify)} of cosign verification (${p.steps.verifyCalls} calls${p.steps.otherCosign.length ? `, plus \`cosign ${p.steps.otherCosign.join('`, `cosign ')}\`` : ''}), ${sec(p.steps.copyAndTag)} copying and tagging after the last verification, ${sec(p.steps.exit)} to the exit.

cosign processes (CPU: user + system of the process, from bash's \`times\` in a wrapper on PATH; medians):

| run | command | per run | wall each | CPU each | CPU per run |
| --- | --- | --- | --- | --- | --- |
${result.cosign
  .map(
    c =>
      `| ${c.kind} | \`cosign ${c.sub}\` | ${c.perRun.toFixed(1)} | ${sec(c.wall)} | ${sec(c.cpu)} | ${sec(c.cpuPerRun)} |`
  )
  .join('\n')}
`
}

// --- alone: node scripts/bench/trust.mjs [--runs N] [--keep] --------------------------------------
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2)
  const i = argv.indexOf('--runs')
  const runs = i >= 0 ? Number(argv[i + 1]) : 3
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write('[trust] --runs must be a positive integer\n')
    process.exit(1)
  }
  const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '')
  try {
    const result = await trustBench({ root, runs, keep: argv.includes('--keep') })
    process.stdout.write(trustMarkdown(result))
    process.stdout.write(`\n<!-- ${JSON.stringify(result)} -->\n`)
  } catch (err) {
    process.stderr.write(`[trust] error: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  }
}
