// Issue 15's measured targets, on the example catalog against the test bed:
//   - what signing and attesting add to a warm build run with push (the same run without them,
//     interleaved A B A B, medians; the results cache emptied before each run, as run.mjs's warm state);
//   - promotion dev -> stage within one registry: its wall time against the warm build run, and the
//     blobs it uploaded (counted from the registry's own request log: 0 when every blob was mounted);
//   - issue 25: with a PEM key and with a cosign key; the CPU of the run's `sign` stage (the action
//     process's own CPU inside the trust hooks' intervals, sampled from /proc) against the cosign CLI
//     making the same evidence for the same images; cosign processes per signing run (wrappers on PATH).
// The images go to a registry of the benchmark's own (docker-registry, as the bed starts it, on a free
// port, logging every request as JSON), so its log holds this benchmark's requests only and the bed's
// registries are untouched.
//
// Usage: node scripts/bench/trust.mjs [--runs N] [--keep]   (dist/ must be bundled: npm run bundle)
// From run.mjs: `trustBench({ root, runs, log })`, then `trustMarkdown(result)` for docs/benchmarks.md.
import { Buffer } from 'node:buffer'
import { spawn, spawnSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import {
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
import {
  alignTimings,
  CLK_TCK,
  cpuTotal,
  cpuWithin,
  ownTicks,
  readProcLog,
  runSampled,
  union,
  writeWrappers
} from './procs.mjs'

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

  // two keys, as users have them: a plain PKCS#8 PEM (node:crypto), and a cosign key pair with a password
  const keys = join(tmp, 'keys')
  mkdirSync(keys)
  const pem = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' }
  })
  writeFileSync(join(keys, 'pem.key'), pem.privateKey)
  writeFileSync(join(keys, 'pem.pub'), pem.publicKey)
  const password = `bench-${process.pid}-${Date.now()}`
  const gen = spawnSync(bed.COSIGN_BIN, ['generate-key-pair', '--output-key-prefix', join(keys, 'cosign')], {
    env: { ...process.env, COSIGN_PASSWORD: password },
    encoding: 'utf8'
  })
  if (gen.status !== 0) throw new Error(`cosign generate-key-pair failed: ${gen.stderr}`)

  // cosign, docker and trivy on PATH are wrappers timing the real ones (procs.mjs): a signing run's cosign
  // processes are counted, and the wrappers' clocks put the metadata's timings on the sampler's clock
  const realDocker = spawnSync('bash', ['-c', 'command -v docker'], { encoding: 'utf8' }).stdout.trim()
  const wrapDir = writeWrappers(join(tmp, 'bin'), {
    cosign: bed.COSIGN_BIN,
    trivy: join(bed.TRIVY_BIN_DIR, 'trivy'),
    ...(realDocker ? { docker: realDocker } : {})
  })

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
  const signWith = {
    pem: { INPUT_SIGN: 'true', 'INPUT_COSIGN-KEY': join(keys, 'pem.key') },
    cosign: {
      INPUT_SIGN: 'true',
      'INPUT_COSIGN-KEY': join(keys, 'cosign.key'),
      'INPUT_COSIGN-PASSWORD': password
    }
  }

  // keyless (issue 26): the test bed's loopback Fulcio, Rekor and OIDC endpoint (stand-ins: see
  // docs/testbed-sigstore.md), a public repository (a Rekor entry per bundle), one certificate per run;
  // GitHub's attestation store off (no stand-in of it here)
  if (bed.SIGSTORE_FULCIO_URL && bed.SIGSTORE_OIDC_URL) {
    const publicEvent = join(tmp, 'event-public.json')
    writeFileSync(
      publicEvent,
      JSON.stringify({ repository: { default_branch: 'main', visibility: 'public', private: false } })
    )
    const workflowRef = bed.SIGSTORE_WORKFLOW_REF ?? ''
    signWith.keyless = {
      INPUT_SIGN: 'true',
      'INPUT_FULCIO-URL': bed.SIGSTORE_FULCIO_URL,
      'INPUT_REKOR-URL': bed.SIGSTORE_REKOR_URL,
      'INPUT_GITHUB-ATTESTATIONS': 'false',
      ACTIONS_ID_TOKEN_REQUEST_URL: bed.SIGSTORE_OIDC_URL,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: bed.SIGSTORE_OIDC_REQUEST_TOKEN ?? '',
      GITHUB_WORKFLOW_REF: workflowRef,
      GITHUB_REPOSITORY: workflowRef.split('/').slice(0, 2).join('/'),
      GITHUB_EVENT_PATH: publicEvent
    }
  }

  // a run that failed is run once more, and the page says so (the shared engine has failed a smoke
  // image's `docker load` for another test's removed snapshot); a second failure stops the benchmark
  const retried = []
  const runAction = async (label, inputs) => {
    try {
      return await runOnce(label, inputs)
    } catch (err) {
      // the run's own error lines say why (the log itself goes with the temporary directory)
      const lines = String(err.message).split('\n')
      const why = lines.filter(l => l.startsWith('::error')).slice(-3)
      log(`${label} failed; once more: ${[lines[0], ...(why.length ? why : lines.slice(-3))].join('\n  ')}`)
      retried.push(label)
      return await runOnce(`${label}-again`, inputs)
    }
  }
  /** One action run as the runner starts it: wall, outputs, metadata, its processes, the CPU samples. */
  const runOnce = async (label, inputs) => {
    const dir = mkdtempSync(join(runsDir, `${label}-`))
    const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') }
    for (const f of Object.values(files)) writeFileSync(f, '')
    rmSync(join(toolCache, 'imagegate-results'), { recursive: true, force: true })
    const procLog = join(dir, 'procs')
    const logAt = readFileSync(registry.logFile).length
    const registryBefore = ownTicks(registry.pid)
    const r = await runSampled(process.execPath, [dist], {
      cwd: ws,
      env: { ...baseEnv, ...files, ...inputs, IMAGEGATE_BENCH_PROC_LOG: procLog }
    })
    writeFileSync(join(dir, 'log'), `${r.stdout}${r.stderr}`)
    if (r.status !== 0) {
      throw new Error(
        `${label} failed (exit ${r.status}); log ${join(dir, 'log')}:\n${r.stdout.slice(-3000)}`
      )
    }
    const outputs = parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8'))
    const meta = outputs.metadata ? JSON.parse(outputs.metadata) : undefined
    const calls = readProcLog(procLog)
    return {
      label,
      dir,
      start: r.spawnedAt,
      end: r.endedAt,
      wall: (r.endedAt - r.spawnedAt) / 1000,
      outputs,
      calls,
      cosign: calls.filter(c => c.tool === 'cosign'),
      own: cpuTotal(r.samples, 'own'),
      // the registry's own work for this run (the last answers are given before the action exits)
      registryCpu: (ownTicks(registry.pid) - registryBefore) / CLK_TCK,
      sign: meta?.timings ? signStage(meta, calls, r.samples) : undefined,
      requests: registryRequests(registry.logFile, logAt)
    }
  }

  log('warm-up: one build run without signing and one with each key (fills the build cache and the registry)')
  await runAction('warmup-plain', buildInputs)
  await runAction('warmup-pem', { ...buildInputs, ...signWith.pem })
  await runAction('warmup-cosign', { ...buildInputs, ...signWith.cosign })
  if (signWith.keyless) await runAction('warmup-keyless', { ...buildInputs, ...signWith.keyless })

  const plain = []
  const signed = { pem: [], cosign: [], keyless: [] }
  const cli = []
  const cliLog = join(tmp, 'cosign-cli-procs')
  for (let i = 1; i <= runs; i++) {
    log(`warm ${i}/${runs}: push; push + sign + attest (PEM key); the same (cosign key); the cosign CLI`)
    plain.push(await runAction(`plain-${i}`, buildInputs))
    signed.pem.push(await runAction(`pem-${i}`, { ...buildInputs, ...signWith.pem }))
    const run = await runAction(`cosign-${i}`, { ...buildInputs, ...signWith.cosign })
    signed.cosign.push(run)
    if (signWith.keyless)
      signed.keyless.push(await runAction(`keyless-${i}`, { ...buildInputs, ...signWith.keyless }))
    cli.push(
      await cosignCli({
        run,
        registry: registry.addr,
        dir: mkdtempSync(join(tmp, `cosign-cli-${i}-`)),
        cosign: join(wrapDir, 'cosign'),
        key: join(keys, 'cosign.key'),
        password,
        procLog: cliLog
      })
    )
  }

  // what a promotion moves: a commit built, signed and attested once (the build runs above signed
  // their digests again and again, which piles signatures up on them)
  const promotedSha = `${sha.startsWith('f') ? 'e' : 'f'}${sha.slice(1)}`
  const version = `sha-${promotedSha.slice(0, 7)}`
  log(`the promotion's source: one signed build run of another commit (${version})`)
  const source = await runAction('promotion-source', {
    ...buildInputs,
    ...signWith.cosign,
    GITHUB_SHA: promotedSha
  })
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
    const run = await runAction(`promote-${target}`, promoteInputs(target))
    run.traffic = await blobTraffic(registry.addr, run.requests, target)
    run.target = target
    promotions.push(run)
  }
  log(`promotion again: dev -> ${stages[0]} (every tag already there)`)
  const again = await runAction(`promote-again`, promoteInputs(stages[0]))
  again.traffic = await blobTraffic(registry.addr, again.requests, stages[0])

  // issue 27: `mode: verify` of the promoted version where it was promoted to, with the public key as
  // promotion uses, and the same with `rescan: true` (the attested SBOMs scanned again, offline, with the
  // run's DB), interleaved; not run again on a failure: a failed verification is a failed benchmark
  const verifyInputs = rescan => ({
    INPUT_MODE: 'verify',
    INPUT_ENVIRONMENT: stages[0],
    INPUT_VERSION: version,
    'INPUT_COSIGN-KEY': join(keys, 'cosign.pub'),
    ...(rescan ? { INPUT_RESCAN: 'true', 'INPUT_OFFLINE-DB': 'true' } : {})
  })
  const verifyRun = async (label, rescan) => {
    let run
    try {
      run = await runOnce(label, verifyInputs(rescan))
    } catch (err) {
      log(String(err instanceof Error ? err.message : err))
      throw new Error(`${label}: ${String(err instanceof Error ? err.message : err).split('\n')[0]}`, {
        cause: err
      })
    }
    if (!run.outputs.story) {
      const tail = readFileSync(join(run.dir, 'log'), 'utf8').slice(-3000)
      log(`${label}: no story output; log ${join(run.dir, 'log')}:\n${tail}`)
      throw new Error(`${label} exited 0 without a story output`)
    }
    run.story = JSON.parse(run.outputs.story)
    run.rescan = rescan
    return run
  }
  const verified = { plain: [], rescan: [] }
  for (let i = 1; i <= runs; i++) {
    log(`verify ${i}/${runs}: ${version} in ${stages[0]}; the same with rescan: true`)
    verified.plain.push(await verifyRun(`verify-${i}`, false))
    verified.rescan.push(await verifyRun(`verify-rescan-${i}`, true))
  }
  return {
    ...summarize({ plain, signed, cli, promotions, again, verified, runs, version, registry: registry.addr }),
    retried
  }
}

/** The most intervals ({ start, end }) open at one time (a sweep over their starts and ends). */
function mostAtOnce(intervals) {
  const edges = intervals.flatMap(i => [
    [i.start, 1],
    [i.end, -1]
  ])
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let open = 0
  let most = 0
  for (const [, d] of edges) most = Math.max(most, (open += d))
  return most
}

/**
 * What a verify run verified, from its `story` output (nothing counted here but what it says): images,
 * their platforms, the attestations it checked (provenance, SBOM and scan record per platform), the
 * signature formats, and the re-scan's platforms, Trivy and DB; with the wrapped tools' processes
 * (trivy, cosign) and the registry requests of the run, where its time goes beside the action's own.
 */
function verifiedFacts(run) {
  const images = run.story.images ?? []
  const trivy = run.calls.filter(c => c.tool === 'trivy')
  const sbomScans = trivy.filter(c => c.args[0] === 'sbom')
  return {
    passed: run.story.passed === true && images.every(i => i.passed),
    environment: run.story.environment,
    version: run.story.version,
    images: images.length,
    platforms: [...new Set(images.flatMap(i => i.platforms ?? []))],
    imagePlatforms: sum(images.map(i => (i.platforms ?? []).length)),
    provenance: images.filter(i => i.builtBy).length,
    sboms: sum(images.map(i => (i.contains ?? []).length)),
    scanRecords: sum(images.map(i => (i.scanned ?? []).length)),
    signatures: images.filter(i => i.signedBy).length,
    formats: [...new Set(images.flatMap(i => i.signedBy?.formats ?? []))],
    rescanned: sum(images.map(i => (i.rescan?.platforms ?? []).length)),
    rescanPassed: images.every(i => !i.rescan || i.rescan.passed),
    trivyVersion: images.find(i => i.rescan)?.rescan.trivyVersion,
    dbUpdatedAt: images.find(i => i.rescan)?.rescan.db.updatedAt,
    trivy: { processes: trivy.length, wall: sum(trivy.map(c => c.wall)), cpu: sum(trivy.map(c => c.cpu)) },
    // the run's wall with a `trivy sbom` running (they overlap: the images are verified in parallel),
    // the processes' walls summed, and the most at once
    sbomScans: {
      count: sbomScans.length,
      wall: sum(union(sbomScans).map(w => w.end - w.start)) / 1000,
      summed: sum(sbomScans.map(c => c.wall)),
      atOnce: mostAtOnce(sbomScans)
    },
    cosign: run.cosign.length,
    requests: run.requests.length,
    own: run.own
  }
}

/**
 * The `sign` stage of a run (the trust hooks' timings: `sign <images>`, `attest <image>`, `withdraw
 * <image>`): its wall (the union of its intervals), the action process's CPU inside those intervals
 * (from the /proc samples), the share of them during which a push of another image also ran in the
 * process (that push's CPU is in the number too), and its cosign processes.
 */
function signStage(meta, calls, samples) {
  const children = meta.timings.children
  const { origin } = alignTimings(children, calls)
  const abs = c => ({ start: origin + c.startMs, end: origin + c.startMs + c.ms })
  const windows = union(children.filter(c => c.stage === 'sign').map(abs))
  const pushes = union(children.filter(c => c.stage === 'push').map(abs))
  const wall = sum(windows.map(w => w.end - w.start))
  const shared = sum(
    windows.flatMap(w => pushes.map(p => Math.max(0, Math.min(w.end, p.end) - Math.max(w.start, p.start))))
  )
  // without a clock to put the timings on (no wrapped process matched) or without a sign interval, the
  // stage's CPU is unknown: never 0, which would pass the goal
  const known = Number.isFinite(origin) && windows.length > 0
  return {
    wall: wall / 1000,
    cpu: known ? cpuWithin(samples, 'own', windows) : NaN,
    pushShare: wall > 0 ? shared / wall : NaN,
    labels: children.filter(c => c.stage === 'sign').map(c => c.label.split(' ')[0])
  }
}

/** `GET` of a registry path on the benchmark's own (anonymous) registry, as bytes. */
async function registryGet(registry, path, accept) {
  const r = await globalThis.fetch(`http://${registry}/v2/${path}`, accept ? { headers: { accept } } : {})
  if (!r.ok) throw new Error(`GET ${path}: ${r.status}`)
  return Buffer.from(await r.arrayBuffer())
}

/**
 * The cosign CLI making the evidence a signing run made, for the same images, as imagegate's old code
 * did: one `cosign sign --recursive` for every image, then one `cosign attest --type <predicateType>` per
 * attestation, with the predicate the run attested (read back from the run's bundles in the registry:
 * the `attestations` output names each bundle's referrer manifest). The evidence goes to a repository of
 * its own (COSIGN_REPOSITORY), so nothing is added to the images imagegate signs and promotes.
 */
async function cosignCli({ run, registry, dir, cosign, key, password, procLog }) {
  const attestations = JSON.parse(run.outputs.attestations ?? '{}')
  const digests = JSON.parse(run.outputs.digests ?? '{}')
  const refs = JSON.parse(run.outputs.refs ?? '{}')
  const images = Object.keys(digests).map(name => {
    const ref = String((refs[name] ?? [])[0] ?? '')
    const repository = ref.replace(/[:@][^/]*$/, '')
    return { name, repository, digest: digests[name] }
  })
  if (images.length === 0 || images.some(i => !i.repository || !i.digest))
    throw new Error(`cosign CLI: the run's outputs name no images to sign (${JSON.stringify(refs)})`)
  const path = repository => repository.slice(repository.indexOf('/') + 1)
  const attests = []
  for (const image of images) {
    for (const a of attestations[image.name] ?? []) {
      if (a.kind === 'signature' || a.format !== 'bundle') continue
      const manifest = JSON.parse(
        (
          await registryGet(
            registry,
            `${path(image.repository)}/manifests/${a.where}`,
            'application/vnd.oci.image.manifest.v1+json'
          )
        ).toString('utf8')
      )
      const bundle = JSON.parse(
        (
          await registryGet(registry, `${path(image.repository)}/blobs/${manifest.layers[0].digest}`)
        ).toString('utf8')
      )
      const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'))
      const file = join(dir, `${image.name}-${attests.length}.json`)
      writeFileSync(file, JSON.stringify(statement.predicate))
      attests.push({ image, type: statement.predicateType, file })
    }
  }
  if (attests.length === 0) throw new Error('cosign CLI: the run attested nothing (no attestations output)')
  const env = {
    ...process.env,
    COSIGN_PASSWORD: password,
    COSIGN_REPOSITORY: `${registry}/cosign-cli`,
    IMAGEGATE_BENCH_PROC_LOG: procLog
  }
  const before = readProcLog(procLog).length
  const offlineFlags = ['--key', key, '--tlog-upload=false', '--yes']
  const runCosign = args => {
    const r = spawnSync(cosign, args, { env, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`cosign ${args[0]} failed: ${(r.stderr || r.stdout).slice(-1500)}`)
  }
  runCosign(['sign', ...offlineFlags, '--recursive', ...images.map(i => `${i.repository}@${i.digest}`)])
  for (const a of attests)
    runCosign([
      'attest',
      ...offlineFlags,
      '--type',
      a.type,
      '--predicate',
      a.file,
      `${a.image.repository}@${a.image.digest}`
    ])
  const calls = readProcLog(procLog).slice(before)
  return {
    processes: calls.length,
    attests: attests.length,
    cpu: sum(calls.map(c => c.cpu)),
    wall: sum(calls.map(c => c.wall)),
    bySub: Object.fromEntries(
      ['sign', 'attest'].map(sub => {
        const of = calls.filter(c => c.args[0] === sub)
        return [sub, { count: of.length, cpu: sum(of.map(c => c.cpu)), wall: sum(of.map(c => c.wall)) }]
      })
    )
  }
}

function summarize({ plain, signed, cli, promotions, again, verified, runs, version, registry }) {
  const warm = median(plain.map(r => r.wall))
  const plainOwn = median(plain.map(r => r.own))
  const plainRegistry = median(plain.map(r => r.registryCpu))
  const plainRequests = median(plain.map(r => r.requests.length))
  const cliCpu = median(cli.map(c => c.cpu))
  const keyRow = list => {
    const withTrust = median(list.map(r => r.wall))
    const signCpu = median(list.map(r => r.sign?.cpu))
    return {
      withTrust,
      added: withTrust / warm - 1,
      pairAdded: median(list.map((r, i) => r.wall / plain[i].wall - 1)),
      runs: list.map(r => r.wall),
      signWall: median(list.map(r => r.sign?.wall)),
      signCpu,
      pushShare: median(list.map(r => r.sign?.pushShare)),
      // the action process's own CPU with signing minus without (medians): the other way to see it
      ownAdded: median(list.map(r => r.own)) - plainOwn,
      // the registry's CPU and requests with signing minus without (medians)
      registryAdded: median(list.map(r => r.registryCpu)) - plainRegistry,
      requestsAdded: median(list.map(r => r.requests.length)) - plainRequests,
      cosignPerRun: median(list.map(r => r.cosign.length)),
      cosignSubs: [...new Set(list.flatMap(r => r.cosign.map(c => c.args[0])))],
      vsCli: signCpu / cliCpu
    }
  }
  const promote = median(promotions.map(r => r.wall))
  // verify's share of the same denominator as promotion's: the warm build run without signing
  const verifyRow = list => {
    const wall = median(list.map(r => r.wall))
    const facts = list.map(verifiedFacts)
    return {
      wall,
      share: wall / warm,
      runs: list.map(r => r.wall),
      facts: facts[facts.length - 1],
      trivyWall: median(facts.map(f => f.trivy.wall)),
      sbomScanWall: median(facts.map(f => f.sbomScans.wall)),
      sbomScanSummed: median(facts.map(f => f.sbomScans.summed)),
      own: median(facts.map(f => f.own)),
      registryCpu: median(list.map(r => r.registryCpu)),
      ownCpu: median(list.map(r => r.own)),
      requests: median(facts.map(f => f.requests))
    }
  }
  return {
    runs,
    version,
    registry,
    build: {
      warm,
      plainRuns: plain.map(r => r.wall),
      plainOwn,
      plainRegistry,
      plainRequests,
      pem: keyRow(signed.pem),
      cosign: keyRow(signed.cosign),
      ...(signed.keyless.length > 0 ? { keyless: keyRow(signed.keyless) } : {})
    },
    cli: {
      cpu: cliCpu,
      wall: median(cli.map(c => c.wall)),
      processes: median(cli.map(c => c.processes)),
      attests: median(cli.map(c => c.attests)),
      sign: { cpu: median(cli.map(c => c.bySub.sign.cpu)), count: median(cli.map(c => c.bySub.sign.count)) },
      attest: {
        cpu: median(cli.map(c => c.bySub.attest.cpu)),
        count: median(cli.map(c => c.bySub.attest.count))
      }
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
      cosign: Math.max(...promotions.map(r => r.cosign.length)),
      registryCpu: median(promotions.map(r => r.registryCpu)),
      ownCpu: median(promotions.map(r => r.own)),
      requests: median(promotions.map(r => r.requests.length))
    },
    verify: {
      environment: verified.plain[0]?.story.environment,
      plain: verifyRow(verified.plain),
      rescan: verifyRow(verified.rescan)
    }
  }
}

/** Rows for a caller's own table (goal, measured value, met). */
export function trustGoals(result) {
  const b = result.build
  const p = result.promotion
  const v = result.verify
  const added = (row, name) => ({
    goal: `signing and attesting add at most 10 % to a warm build run (${name})`,
    value: `${pct(row.added)} (${sec(b.warm)} -> ${sec(row.withTrust)}; pairwise ${pct(row.pairAdded)})`,
    met: row.added <= 0.1
  })
  const cpu = (row, name) => ({
    goal: `the sign stage's CPU at most 0.25x the cosign CLI's for the same evidence (${name})`,
    value: `${row.vsCli.toFixed(2)}x (${sec(row.signCpu)} against ${sec(result.cli.cpu)})`,
    met: row.vsCli <= 0.25
  })
  return [
    added(b.pem, 'PEM key'),
    added(b.cosign, 'cosign key'),
    ...(b.keyless ? [added(b.keyless, 'keyless, loopback Fulcio and Rekor (issue 26)')] : []),
    cpu(b.pem, 'PEM key'),
    cpu(b.cosign, 'cosign key'),
    {
      goal: 'no cosign process for attestations (cosign processes in a signing run)',
      value: `PEM key ${b.pem.cosignPerRun}, cosign key ${b.cosign.cosignPerRun}`,
      met: b.pem.cosignPerRun === 0 && b.cosign.cosignPerRun === 0
    },
    {
      goal: "promotion of the example catalog takes at most 10 % of a build run's time",
      value: `${pct(p.share)} (${sec(p.wall)} of ${sec(b.warm)})`,
      met: p.share <= 0.1
    },
    {
      goal: 'promotion within one registry uploads no blob',
      value: `${p.uploads} blob uploads, ${p.bytes} bytes; ${p.mounted} blobs mounted`,
      met: p.uploads === 0 && p.bytes === 0
    },
    {
      goal: "`mode: verify` of the example catalog takes at most 10 % of a build run's time",
      value: `${pct(v.plain.share)} (${sec(v.plain.wall)} of ${sec(b.warm)})`,
      met: v.plain.share <= 0.1
    },
    {
      goal: "`mode: verify` with `rescan: true` takes at most 30 % of a build run's time",
      value: `${pct(v.rescan.share)} (${sec(v.rescan.wall)} of ${sec(b.warm)})`,
      met: v.rescan.share <= 0.3
    }
  ]
}

/** The section for docs/benchmarks.md. */
export function trustMarkdown(result) {
  const b = result.build
  const p = result.promotion
  const c = result.cli
  const v = result.verify
  const mark = met => (met ? 'met' : '**missed**')
  const list = xs => xs.map(sec).join(', ')
  const keyLine = (name, row) =>
    `| ${name} | ${sec(row.withTrust)} | ${pct(row.added)} (pairwise ${pct(row.pairAdded)}) | ${sec(row.signWall)} | ${sec(row.signCpu)} | ${pct(row.pushShare)} | ${sec(row.ownAdded)} | ${row.cosignPerRun}${row.cosignSubs.length ? ` (\`cosign ${row.cosignSubs.join('`, `cosign ')}\`)` : ''} | ${list(row.runs)} |`
  return `
## Trust: signing, attesting, promotion and verification (issues 15, 25, 26 and 27)

\`scripts/bench/trust.mjs\`, ${result.runs} run${result.runs > 1 ? 's' : ''} each, on the example catalog in a registry of the benchmark's own (distribution, logging every request). Warm build runs with push, interleaved: without signing, with \`sign: true\` and a plain PKCS#8 PEM key (ECDSA P-256, made with \`node:crypto\`), with a key pair from \`cosign generate-key-pair\` (with a password)${b.keyless ? ", and keyless against the test bed's loopback Sigstore (stand-ins of Fulcio, Rekor and the runner's OIDC endpoint on 127.0.0.1, a public repository: one certificate per run, a Rekor entry per bundle; GitHub's attestation store off)" : ''}; attestations on (SLSA provenance, and per platform the SPDX SBOM and the scan record), the results cache emptied before each. After each cosign-key run, the cosign CLI (${c.processes} processes: ${c.sign.count} \`cosign sign --recursive\` for every image, ${c.attest.count} \`cosign attest --type <predicateType>\`, one per attestation the run made, with the predicate read back from the run's bundle in the registry) makes the same evidence for the same digests, into a repository of its own (\`COSIGN_REPOSITORY\`). Promotion \`dev -> stage\` of \`${result.version}\` (another commit, built, signed and attested once) with the public key, each to a fresh stage repository of the same registry. Cold start is measured above ("Cold start"), on the same bundle.

Load average (1, 5, 15 min) on ${result.load.cores} cores: ${result.load.before.map(l => l.toFixed(1)).join(', ')} before, ${result.load.after.map(l => l.toFixed(1)).join(', ')} after: the ratios come from interleaved runs, the absolute times from a machine shared with that load.

| goal | measured | |
| --- | --- | --- |
${trustGoals(result)
  .map(g => `| ${g.goal} | ${g.value} | ${mark(g.met)} |`)
  .join('\n')}

| warm build run, push | median | added to the run | sign stage wall | sign stage CPU | of it beside a push | action CPU added | cosign processes | runs |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| without signing | ${sec(b.warm)} | | | | | | | ${list(b.plainRuns)} |
${keyLine('+ sign + attest, PEM key', b.pem)}
${keyLine('+ sign + attest, cosign key', b.cosign)}
${b.keyless ? `${keyLine('+ sign + attest, keyless (loopback Sigstore)', b.keyless)}\n` : ''}
*sign stage*: the trust hooks' intervals in the metadata's timings (\`sign and attest <image>\`, \`sign <images>\`, \`attest <image>\`, \`withdraw <image>\`, stage \`sign\`), their union; its CPU is the action process's own (utime + stime of every thread, no child; \`/proc/<pid>/stat\` sampled every 20 ms by \`scripts/bench/procs.mjs\`) inside those intervals, which includes the CPU of another image's push when one ran in the process at the same time (the "beside a push" share of the stage's wall). *action CPU added*: the action process's own CPU with signing minus without (medians), the other way to see the cost, noisier. The cosign CLI: ${sec(c.cpu)} of CPU (user + system from bash's \`times\` in a wrapper on PATH: ${sec(c.sign.cpu)} for the sign, ${sec(c.attest.cpu)} for the ${c.attest.count} attests), ${sec(c.wall)} of wall one after another.

| promotion | median | runs |
| --- | --- | --- |
| dev -> stage | ${sec(p.wall)} (${pct(p.share)} of a warm build run) | ${list(p.runs)} |
| again (every tag already there) | ${sec(p.again)} | |

${result.retried.length ? `Failed once and run again: ${result.retried.join(', ')}.\n\n` : ''}Blob traffic of a promotion, from the registry's log: ${p.uploads} uploads (${p.bytes} bytes), ${p.mounted} cross-repository mounts, ${p.mountMissed} mounts refused; the promotion again uploaded ${p.againUploads}. cosign processes in a promotion: ${p.cosign}.

| verify | median | runs |
| --- | --- | --- |
| \`mode: verify\` | ${sec(v.plain.wall)} (${pct(v.plain.share)} of a warm build run) | ${list(v.plain.runs)} |
| \`mode: verify\`, \`rescan: true\` | ${sec(v.rescan.wall)} (${pct(v.rescan.share)} of a warm build run) | ${list(v.rescan.runs)} |

${verifySentence(v)}

${floorTable(result)}
`
}

/**
 * What the registry and the action process need of the CPU for each trust goal: on N cores a run
 * cannot add less wall than that CPU / cores, whatever overlaps what.
 */
function floorTable(result) {
  const b = result.build
  const p = result.promotion
  const v = result.verify
  const cores = result.load.cores
  const row = (name, wall, registryCpu, ownCpu, requests) => {
    const floor = (registryCpu + ownCpu) / cores
    return `| ${name} | ${sec(wall)} (${pct(wall / b.warm)}) | ${requests} | ${sec(registryCpu)} | ${sec(ownCpu)} | ${sec(floor)} (${pct(floor / b.warm)}) |`
  }
  const added = (name, r) =>
    row(`${name}: added to a build run`, r.withTrust - b.warm, r.registryAdded, r.ownAdded, r.requestsAdded)
  return `### The CPU the trust goals need

The registry's CPU in each run (the benchmark's own \`docker-registry\` process, user + system from \`/proc/<pid>/stat\` before and after the run) and the action process's own (as above); for signing, the run with signing minus the run without (medians). On ${cores} cores, the two together cannot take less wall than their CPU / ${cores}, however well they overlap; the goals allow 10 % of the warm build run (${sec(0.1 * b.warm)}). A build run without signing made ${b.plainRequests} registry requests and used ${sec(b.plainRegistry)} of the registry's CPU.

| goal's work | wall (of a warm build run) | registry requests | registry CPU | action CPU | their CPU / ${cores} cores (of a warm build run) |
| --- | --- | --- | --- | --- | --- |
${added('sign + attest, PEM key', b.pem)}
${added('sign + attest, cosign key', b.cosign)}
${
  b.keyless
    ? `${added('sign + attest, keyless', b.keyless)}
`
    : ''
}${row('promotion dev -> stage', p.wall, p.registryCpu, p.ownCpu, p.requests)}
${row('`mode: verify`', v.plain.wall, v.plain.registryCpu, v.plain.ownCpu, v.plain.requests)}`
}

/** What the verify runs verified and re-scanned, from their story output (the last run of each). */
function verifySentence(v) {
  const f = v.plain.facts
  const r = v.rescan.facts
  const n = (count, one, many = `${one}s`) => `${count} ${count === 1 ? one : many}`
  const platforms = f.platforms.map(pl => `\`${pl}\``).join(' and ')
  return (
    `Verified, from the registry alone with the public key promotion uses (interleaved with the re-scan): \`${f.version}\` of ${n(f.images, 'image')} in \`${f.environment}\` (${platforms}: ${n(f.imagePlatforms, 'image platform')}), ` +
    `${n(f.signatures, 'signature')} (${f.formats.join(', ')}) and ${n(f.provenance + f.sboms + f.scanRecords, 'attestation')} by the same key about each digest ` +
    `(${n(f.provenance, 'SLSA provenance', 'SLSA provenances')}, ${n(f.sboms, 'SPDX SBOM')}, ${n(f.scanRecords, 'scan record')}); ${n(f.requests, 'registry request')} per run (median ${v.plain.requests}), ${f.cosign} cosign and ${f.trivy.processes} trivy processes. ` +
    `With \`rescan: true\`, the same, then \`trivy sbom\` of each platform's attested SBOM (${n(r.rescanned, 'SBOM')}, Trivy ${r.trivyVersion ?? 'n/a'}, the run's DB${r.dbUpdatedAt ? ` of ${r.dbUpdatedAt}` : ''}, offline: \`offline-db: true\`), ${r.rescanPassed ? 'no new finding' : '**a finding blocks today**'}: ` +
    `${sec(v.rescan.sbomScanWall)} of the run's wall with a \`trivy sbom\` running (${r.sbomScans.count} processes, at most ${r.sbomScans.atOnce} at once, ${sec(v.rescan.sbomScanSummed)} summed), ${r.trivy.processes} trivy processes in all.`
  )
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
