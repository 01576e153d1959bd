// One image, from its build to its verdict's inputs: the build's OCI layout checked, every platform's
// evidence (scan, hidden files, SBOMs), the hardening rules, the Dockerfile findings and the smoke test.
// Takes the run's shared parts, returns one ImageRun; never throws (a failure is the image's error).
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { BuildResult, CacheUse } from '../buildx/build.js'
import type { Semaphore } from '../concurrency.js'
import { nativePlatform } from '../docker/platform.js'
import type { Check, ImageOutcome } from '../gate/gate.js'
import { basePinnedVerdicts, checkBasePinned } from '../hardening/dockerfile.js'
import { readPlatformConfigs, type PlatformConfig } from '../hardening/image-config.js'
import { checkImage } from '../hardening/rules.js'
import type { ImagePlan } from '../plan/plan.js'
import { platformManifests, readLayout, type PlatformManifest } from '../oci/layout.js'
import { withHeartbeat } from '../report/heartbeat.js'
import { findingsTable } from '../report/table.js'
import type { RunContext } from '../run-context.js'
import type { SbomFormat, SbomSummary } from '../sbom/sbom.js'
import type { Misconfiguration } from '../trivy/config.js'
import { platformLayout } from '../oci/platform-layout.js'
import type { HiddenFileScan } from '../trivy/hidden-files.js'
import type { BaseAgeRow } from '../policy/base-age.js'
import type { BaseAgeReader } from './base-age.js'
import { platformEvidence, type PlatformJob, type Scanner } from './platform.js'
import { smokeEvidence } from './smoke.js'

export interface ImageRun {
  plan: ImagePlan
  outcome: ImageOutcome
  digest?: string
  layoutDir?: string
  reportFiles: string[]
  sboms: SbomSummary[]
  buildMs?: number
  cache?: CacheUse
  /** Platforms whose evidence came from the results cache. */
  reused: number
  /** Platform -> manifest digest scanned. */
  manifests?: Map<string, string>
  /** The base-age rule's reads (when base-max-age is set). */
  baseAges?: BaseAgeRow[]
}

/** What an image's inspection waits on, shared with the other images of the run. */
export interface ImageInputs {
  /** The image's build, started by main.ts (undefined: it was never started). */
  build: Promise<BuildResult> | undefined
  scanner: Promise<Scanner>
  /** Trivy's Dockerfile findings by image name (one scan for the catalog). */
  dockerfiles: Promise<Map<string, Misconfiguration[]>>
  /** Platform scans at once, for the whole run (bounded apart from the builds). */
  scans: Semaphore
  /** The run's secret scan of hidden files: one Trivy for every platform of every image. */
  hidden: HiddenFileScan
  /** The .trivyignore files merged into one. */
  ignoreFile?: string
  /** Reads base images' ages from their registries (the base-age rule, with base-max-age). */
  baseAges?: BaseAgeReader
}

export async function inspectImage(ctx: RunContext, image: ImagePlan, deps: ImageInputs): Promise<ImageRun> {
  const run: ImageRun = {
    plan: image,
    outcome: { name: image.name, scans: [] },
    reportFiles: [],
    sboms: [],
    reused: 0
  }
  // the base images' ages are read from their registries while the image builds and is scanned
  const ages = readBaseAges(ctx, image, deps.baseAges)
  ages.catch(() => undefined)
  try {
    if (!deps.build) throw new Error(`${image.name}: its build was never started`)
    const built = await deps.build
    core.info(`${image.name}: inspecting ${built.digest}`)
    run.digest = built.digest
    run.layoutDir = built.layoutDir
    run.buildMs = built.ms
    run.cache = built.cache
    const layout = readLayout(built.layoutDir)
    if (layout.root.digest !== built.digest) {
      throw new Error(`the OCI layout holds ${layout.root.digest}, buildx reported ${built.digest}`)
    }
    const platforms = platformManifests(layout)
    run.manifests = new Map(platforms.map(pm => [pm.platform, pm.digest]))
    const configs = readPlatformConfigs(layout)
    // the smoke test runs beside the scans (docker and the container, while Trivy reads the layout)
    const smoke = runSmoke(ctx, image, built.layoutDir, platforms, configs)
    smoke.catch(() => undefined)
    const scanner = await deps.scanner
    const scanned = await Promise.all(
      platforms.map(manifest =>
        scanPlatform(ctx, image, built, manifest, platforms.length, configs, scanner, deps)
      )
    )
    for (const s of scanned) {
      run.outcome.scans.push({ platform: s.platform, findings: s.findings })
      run.reportFiles.push(s.reportFile, s.table)
      run.sboms.push(...s.sboms)
      if (s.reused) run.reused++
    }
    run.outcome.checks = [
      ...hardeningChecks(ctx, image, configs),
      ...dockerfileVerdicts(image, (await deps.dockerfiles).get(image.name), ctx.inputs.severity),
      ...(await smoke)
    ]
    const aged = await ages
    if (image.baseMaxAge !== undefined) run.baseAges = aged.rows
    run.outcome.checks.push(...aged.checks)
    const findings = run.outcome.scans.reduce((n, s) => n + s.findings.length, 0)
    const failed = run.outcome.checks.filter(c => !c.passed).length
    core.info(
      `${image.name}: inspected ${platforms.length} platform${platforms.length === 1 ? '' : 's'}: ${findings} findings, ${failed} of ${run.outcome.checks.length} checks not passed`
    )
  } catch (err) {
    run.outcome.error = err instanceof Error ? err.message : String(err)
  } finally {
    // its platforms submit nothing more: the run's hidden-file scan does not wait for them
    deps.hidden.release(image.name)
  }
  return run
}

/** One platform's evidence, and the human-readable findings table beside its JSON report. */
async function scanPlatform(
  ctx: RunContext,
  image: ImagePlan,
  built: BuildResult,
  manifest: PlatformManifest,
  platforms: number,
  configs: readonly PlatformConfig[],
  scanner: Scanner,
  deps: ImageInputs
) {
  const { inputs, files, plan } = ctx
  const input = platformLayout(built.layoutDir, manifest, files.platformLayout(image.name, manifest.platform))
  // what a long scan waits for: its turn, its own processes, then the run's one hidden-file scan
  let waiting = `a scan slot (max-parallel ${inputs['max-parallel']})`
  const slot = async <T>(work: () => Promise<T>): Promise<T> =>
    await deps.scans.use(async () => {
      waiting = `trivy${inputs['sbom-generator'] === 'syft' ? ' and syft' : ''}`
      try {
        return await work()
      } finally {
        waiting = "the run's hidden-file scan (it starts once every image is built)"
      }
    })
  const scanning = platformEvidence(
    {
      image: image.name,
      repository: image.repository,
      platform: manifest.platform,
      platforms,
      manifest: manifest.digest,
      input,
      layoutDir: built.layoutDir,
      layers: configs.find(c => c.digest === manifest.digest)?.manifest.layers ?? [],
      config: configs.find(c => c.digest === manifest.digest)?.manifest.config.digest,
      shortSha: plan.git.shortSha,
      out: files.out,
      work: files.imageWork(image.name),
      ignoreUnfixed: inputs['ignore-unfixed'],
      ignoreFile: deps.ignoreFile,
      ...scanOptions(ctx),
      sbom: { generator: inputs['sbom-generator'], formats: inputs['sbom-format'] as SbomFormat[] }
    },
    scanner,
    ctx.results,
    // the platform's own work inside the run's bound on scans, the wait for the hidden-file scan outside
    { hidden: deps.hidden, slot }
  )
  const evidence = await withHeartbeat(
    () => `${image.name} ${manifest.platform}: scanning: waiting for ${waiting}`,
    scanning
  )
  const table = files.findingsTable(image.name, manifest.platform)
  fs.writeFileSync(table, findingsTable(image.name, manifest.platform, evidence.findings))
  return { platform: manifest.platform, table, ...evidence }
}

/** The plan's scanner options as a platform's scan takes them (the trivy.yaml by its absolute path). */
function scanOptions(ctx: RunContext): Pick<PlatformJob, 'scan' | 'secrets'> {
  const scan = ctx.plan.scan
  if (!scan) return {}
  const { trivyConfig, scanners, ...flags } = scan
  return {
    scan: { ...flags, ...(trivyConfig ? { trivyConfig: path.resolve(ctx.workspace, trivyConfig) } : {}) },
    secrets: scanners.includes('secret')
  }
}

/** The base-age rule (base-max-age): every FROM's creation time, read from its registry. */
async function readBaseAges(
  ctx: RunContext,
  image: ImagePlan,
  reader: BaseAgeReader | undefined
): Promise<{ rows: BaseAgeRow[]; checks: Check[] }> {
  if (image.baseMaxAge === undefined || !reader) return { rows: [], checks: [] }
  return await reader.forImage({
    image: image.name,
    file: image.file,
    dockerfile: fs.readFileSync(path.resolve(ctx.workspace, image.file), 'utf8'),
    buildArgs: image.buildArgs,
    platforms: image.platforms,
    maxAgeDays: image.baseMaxAge
  })
}

/** The hardening rules on every platform's image config, and the Dockerfile's base pinning. */
function hardeningChecks(ctx: RunContext, image: ImagePlan, configs: readonly PlatformConfig[]): Check[] {
  const release = ctx.plan.git.version !== undefined
  const checks: Check[] = configs.flatMap(pc =>
    checkImage({
      image: image.name,
      platform: pc.platform,
      config: pc.config,
      sizeBytes: pc.sizeBytes,
      expect: image.expect,
      rules: image.rules,
      release
    })
  )
  const dockerfile = fs.readFileSync(path.resolve(ctx.workspace, image.file), 'utf8')
  const bases = checkBasePinned(dockerfile, image.file, image.buildArgs)
  checks.push(
    ...basePinnedVerdicts({ image: image.name, file: image.file, bases, mode: image.rules['base-pinned'] })
  )
  return checks
}

/** Findings at the gate's severities are failed checks of the dockerfile-config rule. */
export function dockerfileVerdicts(
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
    message: `${image.name}: ${image.file}${m.line ? `:${m.line}` : ''} ${m.severity} ${m.id} ${m.title}`,
    file: image.file,
    ...(m.line ? { line: m.line } : {})
  }))
}

/** The image contract smoke test, where the catalog declares one, on the runner's native platform. */
async function runSmoke(
  ctx: RunContext,
  image: ImagePlan,
  layoutDir: string,
  platforms: readonly PlatformManifest[],
  configs: readonly PlatformConfig[]
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
  const r = await withHeartbeat(
    `${image.name}: smoke test on ${platform}: waiting for its container (load, start, checks)`,
    smokeEvidence(
      {
        image: image.name,
        platform,
        layoutDir,
        manifest,
        content,
        smoke: image.smoke,
        values: ctx.inputs['smoke-env']
      },
      ctx.results
    )
  )
  core.info(`${r.message}${r.logs ? `\n${image.name}: last log lines:\n${r.logs}` : ''}`)
  const message = r.logs ? `${r.message}; last log lines:\n${r.logs}` : r.message
  return [{ rule: 'smoke', mode: 'enforce', passed: r.passed, message }]
}
