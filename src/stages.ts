// Everything after the builds start: tools and DB, scans, rules, gate, push, evidence, outputs, summary.
// Loaded by main.ts (import()) while the first images build, so Node compiles and evaluates none of it
// before the first child process starts.
import * as core from './runner/core.js'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { BuildResult } from './buildx/build.js'
import { cacheDir, runDir } from './run-dir.js'
import { mapSettled, Semaphore } from './concurrency.js'
import { coveredMs, recordTiming, stageTimings, timings } from './exec.js'
import { gate, pushable, type Check, type GateResult, type ImageOutcome } from './gate/gate.js'
import { nativePlatform } from './docker/smoke.js'
import { basePinnedVerdicts, checkBasePinned } from './hardening/dockerfile.js'
import { readPlatformConfigs, type PlatformConfig } from './hardening/image-config.js'
import { type Misconfiguration } from './trivy/config.js'
import { dockerfileEvidence } from './pipeline/dockerfiles.js'
import { checkImage } from './hardening/rules.js'
import type { Inputs } from './inputs.js'
import type { ImagePlan, Plan } from './plan/plan.js'
import { RegistryClient, type PushResult } from './registry/client.js'
import { platformManifests, readLayout, type PlatformManifest } from './registry/layout.js'
import { parseReference } from './registry/reference.js'
import { artifactName, uploadEvidence } from './report/artifact.js'
import { describeTruncation, stampVerdict, toSarif } from './report/sarif.js'
import { findingsTable, tableFileName } from './report/table.js'
import { annotate, runSummaryMarkdown, type ImageReport } from './report/run-summary.js'
import { platformLayout } from './trivy/platform-layout.js'
import { countBySeverity } from './trivy/report.js'
import { dbPreparationCount, prepareDb, trivyVersion, TrivyVersionSchema, type DbInfo } from './trivy/scan.js'
import { downloadCount, installTool, type InstallSpec } from './tools/install.js'
import { type SbomFormat, type SbomSummary } from './sbom/sbom.js'
import { fileIdentity, ResultCache, resultKey } from './cache/results.js'
import { platformEvidence, scannerIdentity, type Scanner } from './pipeline/platform.js'
import { smokeEvidence } from './pipeline/smoke.js'
import { BaseAgeReader } from './pipeline/base-age.js'
import type { BaseAgeRow } from './policy/base-age.js'
import {
  dbDigest,
  gateModes,
  resolveBaseline,
  verdictProvenance,
  writeFindingsFile,
  type PolicyFiles
} from './policy/run-policy.js'
import type { VerdictProvenance } from './policy/findings-file.js'
import { checkIgnoreFileSupport } from './policy/trivyignore.js'
import { annotateExceptions } from './report/policy-summary.js'

/** What main.ts has started: the plan, the inputs, and a build per image (bounded by max-parallel). */
export interface Started {
  plan: Plan
  inputs: Inputs
  workspace: string
  /** The .trivyignore files merged into one (checked before any build started). */
  ignoreFile?: string
  builds: ReadonlyMap<string, Promise<BuildResult>>
  /** Date.now() when run() started: the metadata output's wall time counts from there. */
  started: number
  /** The exceptions file (loaded before the builds) and the baseline input. */
  policy?: PolicyFiles
}

/** The stages after the builds; returns why the job fails, or undefined when it passes. */
export async function runStages(s: Started): Promise<string | undefined> {
  const { plan, inputs, workspace, started } = s
  const out = path.resolve(workspace, inputs['output-dir'])
  const results = inputs['reuse-results'] ? new ResultCache(cacheDir('imagegate-results')) : undefined
  // The tools, the DB and the Dockerfile scan get ready while the images build (neither needs the other).
  const scanner = prepareScanner(inputs, new ResultCache(cacheDir('imagegate-tools'))).then(sc => {
    checkIgnoreFileSupport(s.ignoreFile, sc.version.version)
    return sc
  })
  const dbSum = scanner.then(sc => dbDigest(sc.db.cacheDir)).catch(() => undefined)
  const baseline = resolveBaseline({ input: s.policy?.baselineInput ?? inputs.baseline, workspace, plan })
  baseline.catch(() => undefined)
  const dockerfiles = scanner.then(sc => scanDockerfilesOnce(plan, workspace, out, sc, results))
  for (const p of [scanner, dockerfiles]) p.catch(() => undefined) // awaited below and by every image
  const baseAges = new BaseAgeReader({
    registry: parseReference(plan.images[0]?.repository ?? plan.registry).registry,
    username: inputs.username,
    password: inputs.password
  })
  const images = await buildAndScan(s, out, scanner, dockerfiles, results, baseAges)
  const modes = gateModes(plan)
  const exceptions = s.policy?.exceptions
  const base = await baseline
  const verdict = gate(
    images.map(i => i.outcome),
    inputs.severity,
    { modes, exceptions, baseline: base }
  )
  const published = await publish(images, verdict, inputs)

  // Fail late: outputs, annotations and the summary first, then the red status.
  const reports = images.map(i => toReport(i, verdict, published))
  const { version, db } = await scanner
  const provenance = verdictProvenance({
    trivyVersion: version.version,
    db: { updatedAt: db.updatedAt, digest: await dbSum },
    severities: inputs.severity,
    modes,
    exceptions,
    baseline: base
  })
  writeFindingsFile({
    out,
    plan,
    images: images.map(i => ({
      outcome: i.outcome,
      repository: i.plan.repository,
      digest: i.digest,
      manifests: i.manifests
    })),
    verdict,
    provenance
  })
  writeSarif(images, inputs, out, version.version, provenance)
  const evidence = await uploadEvidenceFiles(plan, reports, inputs, out)
  const passed = verdict.passed && published.errors.size === 0 && !evidence.error
  const reused = images.reduce((n, i) => n + i.reused, 0)
  setRunOutputs(plan, reports, passed, db, started, reused)
  annotate(verdict)
  annotateExceptions(verdict)
  await core.writeSummary(
    runSummaryMarkdown(plan, reports, verdict, {
      push: inputs.push,
      passed,
      dbUpdatedAt: db.updatedAt ?? '',
      provenance,
      baseAges: images
        .filter(i => i.baseAges)
        .map(i => ({ image: i.plan.name, rows: i.baseAges ?? [], maxAgeDays: i.plan.baseMaxAge }))
    })
  )
  const failure = failureMessage(verdict, published)
  return evidence.error ? [failure, evidence.error].filter(Boolean).join('\n') : failure
}

/**
 * `facts`: what the tools' probes said, by binary identity (path, size, mtime): like the tool cache
 * itself, kept whatever `reuse-results` says (it holds nothing about images).
 */
async function prepareScanner(inputs: Inputs, facts: ResultCache): Promise<Scanner> {
  const [installed, syft] = await Promise.all([
    installTool(toolSpec(inputs, 'trivy', inputs['trivy-version'], facts)),
    inputs['sbom-generator'] === 'syft'
      ? installTool(toolSpec(inputs, 'syft', inputs['syft-version'], facts)).then(t => t.path)
      : undefined
  ])
  const trivy = installed.path
  // the skip flag of this very binary (an unnumbered build needs `image --help`), read once per runner
  const factsKey = resultKey({ kind: 'trivy-facts', file: fileIdentity(trivy), version: installed.version })
  const known = TrivyVersionSchema.safeParse(facts.getJson(factsKey, 'trivy.json'))
  const version = known.success ? known.data : await trivyVersion(trivy, installed.version)
  if (!known.success) facts.putJson(factsKey, 'trivy.json', version)
  const cacheDir = process.env.TRIVY_CACHE_DIR || path.join(os.homedir(), '.cache', 'trivy')
  const db = await prepareDb({
    trivy,
    cacheDir,
    offline: inputs['offline-db'],
    maxAgeDays: inputs['db-max-age'],
    repository: inputs['db-repository'] || undefined
  })
  core.info(`Trivy ${version.version} at ${trivy}; DB ${db.updatedAt ?? '(date unknown)'} in ${cacheDir}`)
  return { trivy, syft, version, db, identity: scannerIdentity({ trivy, version, syft, cacheDir }) }
}

/**
 * PATH first (any version when none is pinned by input), then the tool cache, then the checksum-verified
 * release; `install-tools: pinned` always takes the verified release.
 */
function toolSpec(
  inputs: Inputs,
  tool: 'trivy' | 'syft' | 'cosign',
  version: string,
  facts: ResultCache
): InstallSpec {
  const pinned = inputs['install-tools'] === 'pinned'
  // a PATH binary's version, remembered by the file's identity (path, size, mtime)
  const key = (file: string) => resultKey({ kind: 'tool-version', tool, file: fileIdentity(file) })
  const versions = {
    recall: (file: string) => {
      const v = facts.getJson(key(file), 'version.json')
      return typeof v === 'string' && v.length > 0 ? v : undefined
    },
    remember: (file: string, v: string) => void facts.putJson(key(file), 'version.json', v)
  }
  return {
    tool,
    version: version || undefined,
    force: pinned,
    anyVersionOnPath: !version && !pinned,
    versions
  }
}

interface ImageRun {
  plan: ImagePlan
  outcome: ImageOutcome
  digest?: string
  layoutDir?: string
  reportFiles: string[]
  sboms: SbomSummary[]
  buildMs?: number
  /** Platforms whose evidence came from the results cache. */
  reused: number
  /** Platform -> manifest digest scanned. */
  manifests?: Map<string, string>
  /** The base-age rule's reads (when base-max-age is set). */
  baseAges?: BaseAgeRow[]
}

/** Builds every image once (all its platforms), then scans each platform; images in parallel. */
async function buildAndScan(
  s: Started,
  out: string,
  scannerReady: Promise<Scanner>,
  dockerfiles: Promise<Map<string, Misconfiguration[]>>,
  results: ResultCache | undefined,
  baseAges: BaseAgeReader
): Promise<ImageRun[]> {
  const { plan, inputs, workspace, ignoreFile } = s
  const work = runDir()
  // scans bounded by max-parallel apart from the builds (started by main): an image builds while earlier
  // ones are scanned
  const scans = new Semaphore(inputs['max-parallel'])
  const settled = await mapSettled(plan.images, plan.images.length, async image => {
    const dir = path.join(work, image.name)
    const result: ImageRun = {
      plan: image,
      outcome: { name: image.name, scans: [] },
      reportFiles: [],
      sboms: [],
      reused: 0
    }
    // the base images' ages are read from their registries while the image builds and is scanned
    const ages = readBaseAges(image, workspace, baseAges)
    ages.catch(() => undefined)
    try {
      const building = s.builds.get(image.name)
      if (!building) throw new Error(`${image.name}: its build was never started`)
      const built = await building
      core.info(`${image.name}: built ${built.digest} in ${(built.ms / 1000).toFixed(1)} s`)
      result.digest = built.digest
      result.layoutDir = built.layoutDir
      result.buildMs = built.ms
      const layout = readLayout(built.layoutDir)
      if (layout.root.digest !== built.digest) {
        throw new Error(`the OCI layout holds ${layout.root.digest}, buildx reported ${built.digest}`)
      }
      const platforms = platformManifests(layout)
      result.manifests = new Map(platforms.map(pm => [pm.platform, pm.digest]))
      const configs = readPlatformConfigs(layout)
      // the smoke test runs beside the scans (docker and the container, while Trivy reads the layout)
      const smoke = runSmoke(image, built.layoutDir, platforms, configs, inputs, results)
      smoke.catch(() => undefined)
      const scanner = await scannerReady
      const scanned = await Promise.all(
        platforms.map(pm =>
          scans.use(async () => {
            const slug = pm.platform.replace(/\//g, '-')
            const input = platformLayout(built.layoutDir, pm, path.join(dir, 'platforms', slug))
            const e = await platformEvidence(
              {
                image: image.name,
                repository: image.repository,
                platform: pm.platform,
                platforms: platforms.length,
                manifest: pm.digest,
                input,
                layoutDir: built.layoutDir,
                layers: configs.find(c => c.digest === pm.digest)?.manifest.layers ?? [],
                shortSha: plan.git.shortSha,
                out,
                work: dir,
                ignoreUnfixed: inputs['ignore-unfixed'],
                ignoreFile,
                sbom: { generator: inputs['sbom-generator'], formats: inputs['sbom-format'] as SbomFormat[] }
              },
              scanner,
              results
            )
            if (e.reused) result.reused++
            const { findings, reportFile, sboms } = e
            // the human-readable table beside the JSON report
            const table = path.join(path.dirname(reportFile), tableFileName(image.name, pm.platform))
            fs.writeFileSync(table, findingsTable(image.name, pm.platform, findings))
            return { platform: pm.platform, findings, reportFile, table, sboms }
          })
        )
      )
      for (const s of scanned) {
        result.outcome.scans.push({ platform: s.platform, findings: s.findings })
        result.reportFiles.push(s.reportFile, s.table)
        result.sboms.push(...s.sboms)
      }
      result.outcome.checks = [
        ...hardeningChecks(image, configs, workspace, plan.git.version !== undefined),
        ...dockerfileVerdicts(image, (await dockerfiles).get(image.name), inputs.severity),
        ...(await smoke)
      ]
      const aged = await ages
      if (image.baseMaxAge !== undefined) result.baseAges = aged.rows
      result.outcome.checks.push(...aged.checks)
    } catch (err) {
      result.outcome.error = err instanceof Error ? err.message : String(err)
    }
    return result
  })
  return settled.map((s, i) =>
    s.status === 'fulfilled'
      ? s.value
      : {
          plan: plan.images[i] as ImagePlan,
          outcome: { name: plan.images[i]?.name ?? '?', scans: [], error: String(s.reason) },
          reportFiles: [],
          sboms: [],
          reused: 0
        }
  )
}

/** The base-age rule (base-max-age): every FROM's creation time, read from its registry. */
async function readBaseAges(
  image: ImagePlan,
  workspace: string,
  reader: BaseAgeReader
): Promise<Awaited<ReturnType<BaseAgeReader['forImage']>>> {
  if (image.baseMaxAge === undefined) return { rows: [], checks: [] }
  return await reader.forImage({
    image: image.name,
    file: image.file,
    dockerfile: fs.readFileSync(path.resolve(workspace, image.file), 'utf8'),
    buildArgs: image.buildArgs,
    platforms: image.platforms,
    maxAgeDays: image.baseMaxAge
  })
}

/** The hardening rules on every platform's image config, and the Dockerfile's base pinning. */
function hardeningChecks(
  image: ImagePlan,
  configs: PlatformConfig[],
  workspace: string,
  release: boolean
): Check[] {
  const checks: Check[] = []
  for (const pc of configs) {
    checks.push(
      ...checkImage({
        image: image.name,
        platform: pc.platform,
        config: pc.config,
        sizeBytes: pc.sizeBytes,
        expect: image.expect,
        rules: image.rules,
        release
      })
    )
  }
  const dockerfile = fs.readFileSync(path.resolve(workspace, image.file), 'utf8')
  const bases = checkBasePinned(dockerfile, image.file, image.buildArgs)
  checks.push(
    ...basePinnedVerdicts({ image: image.name, file: image.file, bases, mode: image.rules['base-pinned'] })
  )
  return checks
}

/** Trivy's Dockerfile misconfiguration scan, one call for every image whose rule is on. */
async function scanDockerfilesOnce(
  plan: Plan,
  workspace: string,
  out: string,
  scanner: Scanner,
  results: ResultCache | undefined
): Promise<Map<string, Misconfiguration[]>> {
  const on = plan.images.filter(i => i.rules['dockerfile-config'] !== 'off')
  // not a valid image name, so never an image's own directory
  const work = path.join(runDir(), '.dockerfiles')
  return await dockerfileEvidence(
    {
      dockerfiles: new Map(on.map(i => [i.name, path.resolve(workspace, i.file)])),
      work,
      outputFor: name => path.join(out, 'artifacts', 'scans', `${name}-dockerfile.trivy.json`)
    },
    scanner,
    results
  )
}

/** Findings at the gate's severities are failed checks of the dockerfile-config rule. */
function dockerfileVerdicts(
  image: ImagePlan,
  found: Misconfiguration[] | undefined,
  severities: string[]
): Check[] {
  const mode = image.rules['dockerfile-config']
  if (mode === 'off' || found === undefined) return []
  const gated = found.filter(m => severities.includes(m.severity))
  if (gated.length === 0) {
    return [
      {
        rule: 'dockerfile-config',
        mode,
        passed: true,
        message: `${image.name}: ${image.file}: no misconfiguration at ${severities.join(', ')}`
      }
    ]
  }
  return gated.map(m => ({
    rule: 'dockerfile-config',
    mode,
    passed: false,
    message: `${image.name}: ${image.file}${m.line ? `:${m.line}` : ''} ${m.severity} ${m.id} ${m.title}`
  }))
}

/** The image contract smoke test, where the catalog declares one, on the runner's native platform. */
async function runSmoke(
  image: ImagePlan,
  layoutDir: string,
  platforms: readonly PlatformManifest[],
  configs: readonly PlatformConfig[],
  inputs: Inputs,
  results: ResultCache | undefined
): Promise<Check[]> {
  if (!image.smoke) return []
  const platform = nativePlatform()
  const manifest = platforms.find(p => p.platform === platform)
  const content = configs.find(c => c.platform === platform)?.manifest
  if (!image.platforms.includes(platform) || !manifest || !content) {
    return [
      {
        rule: 'smoke',
        mode: 'warn',
        passed: false,
        message: `${image.name}: smoke test skipped: the image is not built for ${platform}`
      }
    ]
  }
  const r = await smokeEvidence(
    {
      image: image.name,
      platform,
      layoutDir,
      manifest,
      content,
      smoke: image.smoke,
      values: inputs['smoke-env']
    },
    results
  )
  core.info(`${r.message}${r.logs ? `\n${image.name}: last log lines:\n${r.logs}` : ''}`)
  const message = r.logs ? `${r.message}; last log lines:\n${r.logs}` : r.message
  return [{ rule: 'smoke', mode: 'enforce', passed: r.passed, message }]
}

interface Published {
  pushed: Map<string, PushResult>
  /** Push failures by image (a registry that refused, bad credentials...). */
  errors: Map<string, string>
}

/** Pushes the scanned layouts, only those the gate and the strategy allow, only when push is on. */
async function publish(images: ImageRun[], verdict: GateResult, inputs: Inputs): Promise<Published> {
  const out: Published = { pushed: new Map(), errors: new Map() }
  if (!inputs.push) {
    core.info('push is false: nothing is pushed')
    return out
  }
  const allowed = new Set(pushable(verdict, inputs['push-strategy']))
  if (allowed.size === 0) {
    core.info('the gate failed: nothing is pushed')
    return out
  }
  const clients = new Map<string, RegistryClient>()
  const clientFor = (host: string): RegistryClient => {
    let client = clients.get(host)
    if (!client) {
      client = new RegistryClient({
        registry: host,
        username: inputs.username || undefined,
        password: inputs.password || undefined
      })
      clients.set(host, client)
    }
    return client
  }
  await mapSettled(
    images.filter(i => allowed.has(i.plan.name) && i.layoutDir),
    inputs['max-parallel'],
    async image => {
      const start = Date.now()
      try {
        const host = parseReference(image.plan.repository).registry
        const result = await clientFor(host).pushLayout(
          image.layoutDir as string,
          image.plan.repository,
          image.plan.tags.map(t => t.tag)
        )
        if (result.digest !== image.digest) {
          throw new Error(`the registry holds ${result.digest}, the scanned image is ${image.digest}`)
        }
        core.info(
          `${image.plan.name}: pushed ${result.digest} to ${result.refs.join(', ')} (${result.uploadedBlobs} blobs uploaded, ${result.skippedBlobs} already there)`
        )
        out.pushed.set(image.plan.name, result)
        recordTiming('push', image.plan.name, start)
      } catch (err) {
        out.errors.set(
          image.plan.name,
          `${image.plan.name}: push failed: ${err instanceof Error ? err.message : String(err)}`
        )
      }
    }
  )
  return out
}

/** One SARIF file for github/codeql-action/upload-sarif: a run per image and platform, the gate's severities. */
function writeSarif(
  images: ImageRun[],
  inputs: Inputs,
  out: string,
  trivyVersion: string,
  provenance: VerdictProvenance
): void {
  const runs = images.flatMap(i =>
    i.outcome.scans.map(s => ({ image: i.plan.name, platform: s.platform, findings: s.findings }))
  )
  const { sarif, truncated } = toSarif(runs, { severities: inputs.severity, toolVersion: trivyVersion })
  stampVerdict(sarif, (image, platform) => {
    const run = images.find(i => i.plan.name === image)
    return { ...provenance, digest: run?.digest, manifest: run?.manifests?.get(platform) }
  })
  const file = path.join(out, 'artifacts', 'imagegate.sarif')
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify(sarif, null, 2))
  core.setOutput('sarif', file)
  const cut = describeTruncation(truncated)
  if (cut) core.warning(cut, { title: 'imagegate: SARIF cut to GitHub limits' })
}

function listFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).map(f => path.join(dir, f)) : []
}

/** SBOMs, reports and the plan as one workflow artifact: also (above all) when the gate failed. */
async function uploadEvidenceFiles(
  plan: Plan,
  reports: ImageReport[],
  inputs: Inputs,
  out: string
): Promise<{ error?: string }> {
  const files = [
    path.join(out, 'artifacts', 'imagegate-plan.json'),
    path.join(out, 'artifacts', 'imagegate.sarif'),
    path.join(out, 'artifacts', 'imagegate-findings.json'),
    ...reports.flatMap(r => [...r.reportFiles, ...r.sboms.map(b => b.file)]),
    ...listFiles(path.join(out, 'artifacts', 'scans')) // also the Dockerfile scan reports
  ]
    .filter(f => fs.existsSync(f))
    .filter((f, i, all) => all.indexOf(f) === i)
  if (!inputs['upload-artifacts']) {
    core.info(`upload-artifacts is false: the evidence stays in ${out}`)
    return {}
  }
  const name = artifactName({
    job: process.env.GITHUB_JOB,
    runAttempt: process.env.GITHUB_RUN_ATTEMPT,
    matrixKey: plan.environment,
    images: plan.images.map(i => i.name)
  })
  try {
    const r = await uploadEvidence(files, out, { name, retentionDays: inputs['retention-days'] })
    if (!r.uploaded) {
      core.info(`evidence not uploaded: ${r.reason ?? ''}`)
      return {}
    }
    core.info(
      `evidence uploaded as artifact ${name} (id ${r.id}, ${files.length} files, kept ${inputs['retention-days']} days)`
    )
    if (r.id !== undefined) core.setOutput('artifact-id', String(r.id))
    if (r.url) core.setOutput('artifact-url', r.url)
    return {}
  } catch (err) {
    return { error: `the evidence upload failed: ${err instanceof Error ? err.message : String(err)}` }
  }
}

function toReport(image: ImageRun, verdict: GateResult, published: Published): ImageReport {
  const v = verdict.images.find(i => i.name === image.plan.name)
  const pushError = published.errors.get(image.plan.name)
  const findings = image.outcome.scans.flatMap(s => s.findings)
  return {
    name: image.plan.name,
    repository: image.plan.repository,
    platforms: image.outcome.scans.map(s => s.platform),
    digest: image.digest,
    tags: image.plan.tags.map(t => t.tag),
    counts: countBySeverity(findings),
    passed: v?.passed ?? false,
    reasons: v?.reasons ?? [],
    pushedRefs: published.pushed.get(image.plan.name)?.refs ?? [],
    reportFiles: image.reportFiles,
    sboms: image.sboms.map(b => ({ file: b.file, format: b.format, packages: b.packages.length })),
    error: image.outcome.error ?? pushError
  }
}

function setRunOutputs(
  plan: Plan,
  reports: ImageReport[],
  passed: boolean,
  db: DbInfo,
  started: number,
  reusedPlatforms: number
): void {
  const obj = <T>(f: (r: ImageReport) => T): Record<string, T> =>
    Object.fromEntries(reports.map(r => [r.name, f(r)]))
  core.setOutput('digests', JSON.stringify(obj(r => r.digest ?? null)))
  core.setOutput('refs', JSON.stringify(obj(r => r.pushedRefs)))
  core.setOutput('findings', JSON.stringify(obj(r => r.counts)))
  core.setOutput('report-paths', reports.flatMap(r => r.reportFiles).join('\n'))
  core.setOutput('sbom-paths', reports.flatMap(r => r.sboms.map(b => b.file)).join('\n'))
  const wall = Date.now() - started
  const outside = wall - coveredMs(timings)
  core.setOutput(
    'metadata',
    JSON.stringify({
      environment: plan.environment,
      passed,
      images: reports,
      trivyDb: { updatedAt: db.updatedAt, downloaded: db.downloaded, preparations: dbPreparationCount() },
      toolDownloads: downloadCount(),
      reusedPlatforms,
      timings: {
        wallMs: wall,
        // the action's own time: wall time when no child process or push was running
        ownMs: outside,
        stages: stageTimings(),
        children: timings.map(t => ({ stage: t.stage, label: t.label, startMs: t.start - started, ms: t.ms }))
      }
    })
  )
}

function failureMessage(verdict: GateResult, published: Published): string | undefined {
  const pushErrors = [...published.errors.values()]
  if (verdict.passed && pushErrors.length === 0) return undefined
  const failed = verdict.images.filter(i => !i.passed)
  const lines = [...failed.flatMap(i => i.reasons), ...pushErrors]
  const shown = lines.slice(0, 20)
  const more =
    lines.length > shown.length ? [`... and ${lines.length - shown.length} more (see the job summary)`] : []
  const pushedNames = [...published.pushed.keys()]
  const head = verdict.passed
    ? `imagegate: ${pushErrors.length} of ${verdict.images.length} images could not be pushed`
    : `imagegate: ${failed.length} of ${verdict.images.length} images failed the gate`
  const pushedNote = pushedNames.length > 0 ? ` (pushed: ${pushedNames.join(', ')})` : '; nothing was pushed'
  return [head + pushedNote, ...shown, ...more].join('\n')
}
