// Issue 30, item 2: the critical path of a warm imagegate run on the variant catalog, profiled before
// anything is cut. Per stage and per process, wall and CPU; what waits on what; and the floor: what a
// bare `docker buildx build` of each image and one `trivy image --input` per platform need on their own.
//
// How: `runs` more warm runs (results cache emptied, not part of the timed comparison) with wrappers for
// docker and trivy first on PATH (procs.mjs: each process's wall, CPU from bash's `times`, the daemon's
// CPU ticks around it) and the action process sampled from /proc (its own CPU, the daemon's) every 20 ms.
// The metadata's `timings.children` say which stage each process and each in-process push or signature
// belongs to and when it ran; the wrappers' clocks put them on the same time line.
//
// From run.mjs: `measureCriticalPath({...})`, then `criticalPathMarkdown(result)`.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseOutputs } from '../lib/runner-files.mjs'
import { buildArgv } from './variant.mjs'
import {
  alignTimings,
  cpuTotal,
  cpuWithin,
  readProcLog,
  runSampled,
  toolOfLabel,
  union,
  writeWrappers
} from './procs.mjs'

const median = xs => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const sum = xs => xs.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0)
const s = v => (Number.isFinite(v) ? `${v.toFixed(2)} s` : 'n/a')

/** A child's command as the page names it: `docker buildx build`, `trivy image`, or `upload` for a push. */
function commandName(child, call) {
  if (call) return call.command
  const tool = toolOfLabel(child.label)
  if (tool) return [tool, ...child.label.split(' ').slice(1)].join(' ')
  return child.label.split(' ')[0] // upload <repo>, tag <repo>, sign <images>, attest <image>
}

/**
 * The chain of intervals that ends the run: from the run's end backwards, the interval that ended last,
 * then the one that ended last before that one started, and so on. Each one waited for the one before
 * it; the gaps between them are the action's own work (or waits on nothing measured).
 */
export function criticalChain(intervals, wallMs) {
  const chain = []
  let at = wallMs
  for (;;) {
    const before = intervals.filter(i => i.startMs + i.ms <= at + 1 && i.ms > 0 && i.startMs < at)
    if (before.length === 0) break
    const last = before.reduce((a, b) => (b.startMs + b.ms > a.startMs + a.ms ? b : a))
    chain.push({ ...last, gapAfterMs: Math.max(0, at - (last.startMs + last.ms)) })
    at = last.startMs
  }
  return { chain: chain.reverse(), leadMs: at }
}

/** One run's profile from its metadata, wrapper calls and samples. */
export function profileRun(run) {
  const { meta, calls, samples } = run
  const children = meta.timings.children
  const { origin, matched } = alignTimings(children, calls)
  const abs = c => ({ start: origin + c.startMs, end: origin + c.startMs + c.ms })
  const items = children.map((c, i) => {
    const call = matched.get(i)
    return { ...c, call, command: commandName(c, call), cpu: call?.cpu, daemon: call?.daemon }
  })
  const stages = {}
  for (const stage of new Set(items.map(i => i.stage))) {
    const of = items.filter(i => i.stage === stage)
    const windows = union(of.map(abs))
    stages[stage] = {
      count: of.length,
      processes: of.filter(i => i.call).length,
      first: Math.min(...of.map(i => i.startMs)) / 1000,
      last: Math.max(...of.map(i => i.startMs + i.ms)) / 1000,
      wall: sum(windows.map(w => w.end - w.start)) / 1000,
      sumWall: sum(of.map(i => i.ms)) / 1000,
      cpu: sum(of.map(i => i.cpu)),
      own: cpuWithin(samples, 'own', windows),
      daemonIn: cpuWithin(samples, 'daemon', windows)
    }
  }
  const commands = {}
  for (const i of items) {
    const key = `${i.stage}: ${i.command}`
    commands[key] ??= { stage: i.stage, command: i.command, walls: [], cpu: 0, daemon: 0, processes: 0 }
    const c = commands[key]
    c.walls.push(i.ms / 1000)
    if (i.call) {
      c.processes++
      c.cpu += i.cpu
      c.daemon += i.daemon
    }
  }
  const { chain, leadMs } = criticalChain(items, meta.timings.wallMs)
  const unmatched = calls.filter(c => ![...matched.values()].includes(c))
  return {
    wall: (run.endedAt - run.spawnedAt) / 1000,
    actionWall: meta.timings.wallMs / 1000,
    // from spawn to run(): Node's start and the main chunk (the timings count from run())
    startup: (origin - run.spawnedAt) / 1000,
    own: cpuTotal(samples, 'own'),
    daemon: cpuTotal(samples, 'daemon'),
    tools: sum(calls.map(c => c.cpu)),
    processes: calls.length,
    unmatched: unmatched.length,
    stages,
    commands,
    chain: chain.map(c => ({
      stage: c.stage,
      command: c.command,
      start: c.startMs / 1000,
      wall: c.ms / 1000,
      cpu: c.cpu,
      daemon: c.daemon,
      gapAfter: c.gapAfterMs / 1000
    })),
    lead: leadMs / 1000
  }
}

/**
 * The profile runs and the floor. `env` is the action's whole environment for the workspace (its PATH
 * holds the bed's Trivy); `clearResults` empties the results cache before each run.
 */
export async function measureCriticalPath({
  tmp,
  node,
  dist,
  env,
  workspace,
  images,
  daemonPids,
  clearResults,
  trivy,
  trivyCache,
  skipChecksFlag,
  runs,
  log
}) {
  const realDocker = spawnSync('bash', ['-c', 'command -v docker'], { env, encoding: 'utf8' }).stdout.trim()
  if (!realDocker) throw new Error('no docker on PATH')
  const wrapDir = writeWrappers(join(tmp, 'critical-path-bin'), { docker: realDocker, trivy }, daemonPids)
  const PATH = `${wrapDir}:${env.PATH}`
  const profiled = []
  for (let i = 1; i <= runs; i++) {
    log(`critical path: profiled warm run ${i}/${runs} (wrappers on PATH, /proc sampled)`)
    clearResults()
    const dir = mkdtempSync(join(tmp, 'critical-path-run-'))
    const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') }
    for (const f of Object.values(files)) writeFileSync(f, '')
    const procLog = join(dir, 'procs')
    const r = await runSampled(node, [dist], {
      env: { ...env, PATH, IMAGEGATE_BENCH_PROC_LOG: procLog, ...files },
      cwd: workspace,
      daemonPids
    })
    writeFileSync(join(dir, 'log'), r.stdout + r.stderr)
    const outputs = parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8'))
    const meta = outputs.metadata ? JSON.parse(outputs.metadata) : undefined
    if (r.status !== 0 || !meta?.passed)
      throw new Error(`profiled run ${i} failed (exit ${r.status}):\n${(r.stdout + r.stderr).slice(-2000)}`)
    profiled.push(profileRun({ ...r, meta, calls: readProcLog(procLog) }))
  }

  // the floor: what BuildKit and Trivy need on their own, one after another, through the same wrappers
  const floorDir = join(tmp, 'critical-path-floor')
  const floorLog = join(floorDir, 'procs')
  const floorEnv = { ...env, PATH, IMAGEGATE_BENCH_PROC_LOG: floorLog, GOGC: env.GOGC ?? '400' }
  const quiet = { env: floorEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
  const floor = { builds: [], scans: [] }
  for (let pass = 1; pass <= runs; pass++) {
    log(`critical path: floor ${pass}/${runs} (bare buildx builds, one trivy image per platform)`)
    rmSync(floorDir, { recursive: true, force: true })
    mkdirSync(floorDir, { recursive: true })
    for (const image of images) {
      const opts = buildArgv(image, workspace)
      const context = join(workspace, image.context)
      const layout = join(floorDir, `${image.name}-all`)
      const built = spawnSync(
        join(wrapDir, 'docker'),
        [
          'buildx',
          'build',
          '--platform',
          image.platforms.join(','),
          '-o',
          `type=oci,dest=${layout},tar=false`,
          ...opts,
          context
        ],
        quiet
      )
      if (built.status !== 0) throw new Error(`floor build of ${image.name}: ${built.stderr.slice(-1500)}`)
      floor.builds.push({ pass, image: image.name, call: readProcLog(floorLog).pop() })
      for (const platform of image.platforms) {
        // one platform's layout to scan (not measured: imagegate splits its one build's layout)
        const one = join(floorDir, `${image.name}-${platform.replace('/', '-')}`)
        const split = spawnSync(
          realDocker,
          [
            'buildx',
            'build',
            '--platform',
            platform,
            '-o',
            `type=oci,dest=${one},tar=false`,
            ...opts,
            context
          ],
          { ...quiet, env: env }
        )
        if (split.status !== 0) throw new Error(`floor layout ${image.name} ${platform}: ${split.stderr}`)
        const report = join(floorDir, `${image.name}-${platform.replace('/', '-')}.json`)
        // imagegate's scan argv (src/trivy/scan.ts), default exit code: a non-zero exit is a crash
        const scanned = spawnSync(
          join(wrapDir, 'trivy'),
          [
            'image',
            '--input',
            one,
            '--format',
            'json',
            '--output',
            report,
            '--severity',
            'UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL',
            '--scanners',
            'vuln,secret',
            '--list-all-pkgs',
            '--cache-dir',
            trivyCache,
            '--skip-db-update',
            '--skip-java-db-update',
            skipChecksFlag,
            '--quiet'
          ],
          quiet
        )
        if (scanned.status !== 0 || !readFileSync(report, 'utf8').includes('"SchemaVersion"'))
          throw new Error(`floor scan of ${image.name} ${platform} crashed: ${scanned.stderr.slice(-1500)}`)
        floor.scans.push({ pass, image: image.name, platform, call: readProcLog(floorLog).pop() })
      }
    }
  }
  const result = {
    runs,
    profiled,
    floor,
    images: images.map(i => ({ name: i.name, platforms: i.platforms }))
  }
  writeFileSync(join(tmp, 'critical-path.json'), JSON.stringify(result)) // for --keep
  return result
}

/** Medians over the profiled runs of one number of each. */
const med = (list, f) => median(list.map(f))

/** The page's section. `cores`: the machine's. */
export function criticalPathMarkdown(result, { cores }) {
  const runs = result.profiled
  const stageNames = [...new Set(runs.flatMap(r => Object.keys(r.stages)))].sort(
    (a, b) => med(runs, r => r.stages[a]?.first ?? Infinity) - med(runs, r => r.stages[b]?.first ?? Infinity)
  )
  const stageRows = stageNames.map(st => {
    const m = f => med(runs, r => (r.stages[st] ? f(r.stages[st]) : NaN))
    return `| ${st} | ${m(x => x.count)} (${m(x => x.processes)}) | ${s(m(x => x.first))} – ${s(m(x => x.last))} | ${s(m(x => x.wall))} | ${s(m(x => x.sumWall))} | ${s(m(x => x.cpu))} | ${s(m(x => x.own))} | ${s(m(x => x.daemonIn))} |`
  })
  const commandKeys = [...new Set(runs.flatMap(r => Object.keys(r.commands)))]
  const commandRows = commandKeys
    .map(key => {
      const of = runs.map(r => r.commands[key]).filter(Boolean)
      return {
        key,
        count: median(of.map(c => c.walls.length)),
        each: median(of.flatMap(c => c.walls)),
        wall: median(of.map(c => sum(c.walls))),
        cpu: median(of.map(c => (c.processes ? c.cpu : NaN))),
        daemon: median(of.map(c => (c.processes ? c.daemon : NaN)))
      }
    })
    .sort((a, b) => b.wall - a.wall)
    .map(c => `| ${c.key} | ${c.count} | ${s(c.each)} | ${s(c.wall)} | ${s(c.cpu)} | ${s(c.daemon)} |`)
  // the chain of the run with the median wall
  const byWall = [...runs].sort((a, b) => a.wall - b.wall)
  const mid = byWall[Math.floor((byWall.length - 1) / 2)]
  const chainRows = mid.chain.map(
    (c, i) =>
      `| ${i + 1} | ${s(c.start)} – ${s(c.start + c.wall)} | ${c.stage}: ${c.command} | ${s(c.wall)} | ${s(c.cpu)} | ${s(c.daemon)} | ${c.gapAfter >= 0.005 ? s(c.gapAfter) : ''} |`
  )
  const onChain = {}
  for (const c of mid.chain) onChain[c.stage] = (onChain[c.stage] ?? 0) + c.wall
  const chainGaps = mid.lead + sum(mid.chain.map(c => c.gapAfter))

  // the floor, medians over the passes
  const floorCall = of => ({
    wall: median(of.map(f => f.call?.wall)),
    cpu: median(of.map(f => f.call?.cpu)),
    daemon: median(of.map(f => f.call?.daemon))
  })
  const builds = result.images.map(image =>
    floorCall(result.floor.builds.filter(f => f.image === image.name))
  )
  const scans = result.images.map(image =>
    image.platforms.map(platform => ({
      platform,
      ...floorCall(result.floor.scans.filter(f => f.image === image.name && f.platform === platform))
    }))
  )
  const floorRows = result.images.map(
    (image, i) =>
      `| ${image.name} | ${s(builds[i].wall)} | ${s(builds[i].cpu)} | ${s(builds[i].daemon)} | ${scans[i].map(p => `${p.platform.replace('linux/', '')} ${s(p.wall)}`).join(', ')} | ${s(sum(scans[i].map(p => p.cpu)))} |`
  )
  const floorBuildWall = sum(builds.map(b => b.wall))
  const floorBuildCpu = sum(builds.map(b => b.cpu + b.daemon))
  const floorScanWall = sum(scans.flat().map(p => p.wall))
  const floorScanCpu = sum(scans.flat().map(p => p.cpu + p.daemon))
  const floorCpu = floorBuildCpu + floorScanCpu
  const platformCount = scans.flat().length

  const wall = med(runs, r => r.wall)
  const own = med(runs, r => r.own)
  const tools = med(runs, r => r.tools)
  const daemon = med(runs, r => r.daemon)
  const total = own + tools + daemon
  const stageWall = st => med(runs, r => r.stages[st]?.wall ?? 0)
  const stageCpu = st => med(runs, r => (r.stages[st] ? r.stages[st].cpu + r.stages[st].daemonIn : 0))

  // where the next second would come from: each stage's time on the critical chain above the floor of
  // what held it there (a chain's build is one image's build: its floor is one bare build; a chain's
  // `trivy image` one bare scan; nothing else has a floor in BuildKit or Trivy)
  const bareBuild = median(builds.map(b => b.wall))
  const bareScan = median(scans.flat().map(p => p.wall))
  const floorOfLink = c =>
    c.command === 'docker buildx build' ? bareBuild : c.command === 'trivy image' ? bareScan : 0
  const above = stages =>
    sum(mid.chain.filter(c => stages.includes(c.stage)).map(c => Math.max(0, c.wall - floorOfLink(c))))
  const chainOf = stages => sum(mid.chain.filter(c => stages.includes(c.stage)).map(c => c.wall))
  const biggest = [...mid.chain].sort((a, b) => b.wall - a.wall)[0]
  const candidates = [
    {
      above: above(['build']),
      text: `the builds (${s(stageWall('build'))} of wall, ${s(chainOf(['build']))} on the chain against ${s(bareBuild)} for a bare build of one image): the ${result.images.length} builds share ${cores} cores with each other and with the scans and smoke tests that start as soon as an image is built`
    },
    {
      above: above(['scan', 'sbom']),
      text: `the scans and SBOMs (${s(stageWall('scan'))} + ${s(stageWall('sbom'))} of wall, ${s(chainOf(['scan', 'sbom']))} on the chain; a bare \`trivy image --input\` takes ${s(bareScan)}, ${platformCount} of them ${s(floorScanWall)} one after another)`
    },
    {
      above: above(['rules']),
      text: `the smoke tests and rules (${s(stageWall('rules'))} of wall, ${s(chainOf(['rules']))} on the chain, ${s(stageCpu('rules'))} of CPU with the daemon's): nothing in BuildKit or Trivy; per smoke test a chain of Docker CLI processes (load, run, inspect, port, exec, rm), which issue 30 proposes to replace with the Engine API`
    },
    {
      above: above(['push', 'sign']),
      text: `the push (${s(stageWall('push'))} of wall, ${s(chainOf(['push', 'sign']))} on the chain), in process, after the last scan`
    },
    {
      above: chainGaps,
      text: `the gaps on the chain, where nothing of it ran (${s(chainGaps)}, Node's start before \`run()\` not included)`
    }
  ].sort((a, b) => b.above - a.above)
  const idle = cores * wall - total

  return `
## Critical path of a warm run (issue 30)

\`scripts/bench/critical-path.mjs\`: ${runs.length} more warm run${runs.length > 1 ? 's' : ''} of imagegate on the catalog variant (results cache emptied), after the timed ones, with \`docker\` and \`trivy\` wrappers first on PATH (\`scripts/bench/procs.mjs\`: each process's wall, its CPU from bash's \`times\` — the tool and what it waited for — and the Docker daemon's CPU ticks before and after it) and the action process sampled from \`/proc/<pid>/stat\` every 20 ms (its own CPU, all threads, no child; the daemon's). Stages, labels and intervals come from the metadata's \`timings.children\`; the wrappers' clocks put both on one time line. The wrappers cost a bash start per process: these runs are a little slower than the timed ones. Medians over the runs.

Run: ${s(wall)} of wall (the action's own clock, from \`run()\`: ${s(med(runs, r => r.actionWall))}; spawn to \`run()\`: ${s(med(runs, r => r.startup))}); CPU ${s(total)} = the action process ${s(own)} + its ${med(runs, r => r.processes)} tool processes ${s(tools)} + the Docker daemon ${s(daemon)} (dockerd and containerd, BuildKit's work included): ${(total / wall).toFixed(2)} of ${cores} cores busy on average.${med(runs, r => r.unmatched) > 0 ? ` (${med(runs, r => r.unmatched)} wrapped processes could not be matched to a metadata child.)` : ''}

| stage | children (processes) | first start – last end | wall | process time (sum) | processes' CPU | action process CPU in its windows | daemon CPU in its windows |
| --- | --- | --- | --- | --- | --- | --- | --- |
${stageRows.join('\n')}

*wall*: time during which at least one child of the stage ran; *process time*: their walls summed (more than wall when they run at once). The last two columns are the CPU inside the stage's windows; stages overlap, so a window's CPU is shared with whatever else ran in it.

| stage: command | per run | wall each | wall sum | CPU sum | daemon CPU during them |
| --- | --- | --- | --- | --- | --- |
${commandRows.join('\n')}

### What waits on what

The chain that ends the run (the run with the median wall): from its end backwards, the child that ended last, then the one that ended last before it started, and so on; each waited for the one before it. The last column is the time after it when nothing of the chain ran (the action's own work, or waiting on something unmeasured). ${s(mid.lead)} passed from \`run()\` to the chain's first child.

| # | from – to | stage: command | wall | CPU | daemon CPU during it | gap after |
| --- | --- | --- | --- | --- | --- | --- |
${chainRows.join('\n')}

### The floor: BuildKit and Trivy alone

Warm, one after another, through the same wrappers: per image one bare \`docker buildx build --platform ${result.images[0]?.platforms.join(',')} -o type=oci,dest=DIR,tar=false\` (same file, target and build args), then per platform one \`trivy image --input\` of that platform's layout with imagegate's scan flags (vuln and secret scanners, \`--list-all-pkgs\`, offline; the layout made by an unmeasured single-platform build). Medians over ${runs.length} pass${runs.length > 1 ? 'es' : ''}.

| image | build wall | build CLI CPU | build daemon CPU | trivy image wall per platform | Trivy CPU |
| --- | --- | --- | --- | --- | --- |
${floorRows.join('\n')}

Floor: builds ${s(floorBuildWall)} of wall (${s(floorBuildCpu)} of CPU, the daemon's included), scans ${s(floorScanWall)} (${s(floorScanCpu)}); one after another ${s(floorBuildWall + floorScanWall)}; their CPU alone needs ${s(floorCpu / cores)} of wall on ${cores} cores. imagegate's profiled run: ${s(wall)}, ${s(total)} of CPU.

### Where the next second would come from

Ranked by the time each holds on the chain above its floor: ${candidates.map((c, i) => `(${i + 1}) ${c.text}`).join('; ')}. The longest link is ${biggest ? `\`${biggest.stage}: ${biggest.command}\` (${s(biggest.wall)}, from ${s(biggest.start)})` : 'none'}. A second off the wall has to come off this chain. The run keeps ${(total / wall).toFixed(2)} of ${cores} cores busy (${s(idle)} of core time idle over its wall): starting a link of the chain earlier (overlap) gains wall as long as cores are idle; a process not started (a CLI call of the smoke tests, a Trivy start) gains wall and CPU.
`
}
