// The pipeline, top to bottom: load -> plan -> build, then (stages.ts) inspect -> gate -> publish -> report.
// The only place that calls setFailed. This module reads the inputs and the catalog, plans, makes the run
// context and starts the builds; the stages after them (stages.ts) are loaded while the first images
// build, so the first child process does not wait for their code.
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { liveChildren, recordTimingsIn } from './exec.js'
import { build, buildEnv, ProgressSteps, type BuildResult } from './buildx/build.js'
import { checkBuilder } from './buildx/builder.js'
import { BuildProgress, describeCache, logGroup, seconds } from './report/log.js'
import { withHeartbeat } from './report/heartbeat.js'
import { cancelledFailure } from './cancel.js'
import { CatalogError, formatProblem, type Problem } from './catalog/errors.js'
import { readCatalogFile, type CatalogReading } from './catalog/load.js'
import { buildHostProblems } from './buildx/options.js'
import { Semaphore } from './concurrency.js'
import { buildOrder } from './pipeline/build-order.js'
import { nativePlatform } from './docker/platform.js'
import { smokeEnv } from './docker/smoke-env.js'
import { readEventPayload, readGitContext } from './github/context.js'
import {
  getInputs,
  InputError,
  outputDirectory,
  type BuildInputs,
  type MergeInputs,
  type PlanningInputs
} from './inputs.js'
import { planCatalog } from './plan/catalog-plan.js'
import { planOutput } from './plan/output.js'
import type { Plan } from './plan/plan.js'
import { loadPolicyFiles } from './policy/run-policy.js'
import { mergeIgnoreFiles } from './policy/trivyignore.js'
import { planLogLines, planSummaryMarkdown, planTargetLines } from './report/plan-summary.js'
import { OutputLayout } from './output-layout.js'
import { cacheDir, runDir } from './run-dir.js'
import { ResultCache } from './cache/results.js'
import { registryClients } from './registry/client.js'
import type { RunContext } from './run-context.js'
import type { Signer } from './trust/trust.js'
import { signerPreflight } from './trust/preflight.js'
import { stoppedSummaryMarkdown, writeJobSummary } from './report/run-summary.js'
import { scanSettings, trivyConfigFile } from './trivy/options.js'
import { toolSettings } from './tools/checksums.js'

export function workspaceDir(): string {
  return path.resolve(process.env.GITHUB_WORKSPACE || process.cwd())
}

export function makePlan(
  inputs: PlanningInputs,
  workspace: string,
  reading: CatalogReading = readCatalogFile(inputs.catalog, workspace)
): Plan {
  const scan = scanSettings(inputs)
  if ('problem' in scan) throw new InputError(scan.problem)
  // every schema, workspace and policy problem of the catalog, thrown once
  return planCatalog(
    reading,
    {
      environment: inputs.environment,
      registry: inputs.registry || undefined,
      org: inputs.org || undefined,
      platforms: inputs.platforms,
      tags: inputs.tags,
      labels: inputs.labels,
      buildArgs: inputs['build-args'],
      cacheFrom: inputs['cache-from'],
      cacheTo: inputs['cache-to'],
      only: inputs.images,
      semverAliases: inputs['semver-aliases'],
      rules: inputs.hardening,
      gateMode: inputs['gate-mode'],
      baseMaxAge: inputs['base-max-age'],
      scopePerPlatform: inputs['push-by-digest'],
      build: {
        noCache: inputs['no-cache'],
        pull: inputs.pull,
        annotations: inputs.annotations,
        ssh: inputs.ssh,
        buildContexts: inputs['build-contexts']
      },
      scan,
      tools: inputs.mode === 'plan' ? undefined : planTools(inputs)
    },
    readGitContext()
  )
}

/** The plan's record of the tool inputs of a build or merge run. */
function planTools(inputs: BuildInputs | MergeInputs) {
  return toolSettings({
    versions:
      inputs.mode === 'build'
        ? {
            trivy: inputs['trivy-version'],
            syft: inputs['syft-version'],
            cosign: inputs['cosign-version']
          }
        : { cosign: inputs['cosign-version'] },
    checksums: inputs['tool-checksums'],
    mirror: inputs['tool-mirror']
  })
}

export async function run(): Promise<void> {
  const started = Date.now()
  let failure: string | undefined
  try {
    const inputs = getInputs()
    const workspace = workspaceDir()
    if (inputs.mode === 'promote') {
      const { runPromote } = await import('./promote/run.js')
      const refused = await runPromote(inputs, workspace)
      core.setOutput('result', refused === undefined ? 'passed' : 'failed')
      if (refused !== undefined) core.setFailed(refused)
      return
    }
    if (inputs.mode === 'verify') {
      const { runVerify } = await import('./verify/run.js')
      const refused = await runVerify(inputs, workspace)
      core.setOutput('result', refused === undefined ? 'passed' : 'failed')
      if (refused !== undefined) core.setFailed(refused)
      return
    }
    const files = new OutputLayout(outputDirectory(inputs['output-dir'], workspace), runDir())
    const reading = readCatalogFile(inputs.catalog, workspace)
    const plan = makePlan(inputs, workspace, reading)
    logPlan(plan, inputs)
    if (inputs.mode === 'plan') {
      writePlan(plan, files)
      await writeJobSummary(planSummaryMarkdown(plan))
      core.setOutput('result', 'passed')
      return
    }
    if (inputs.mode === 'merge') {
      // the publish of a distributed build: the platform jobs' records, checked, assembled, tagged
      await checkToolVersions(inputs)
      const { runMerge } = await import('./distribute/merge.js')
      failure = await runMerge({ inputs, plan, workspace, files, started })
    } else {
      checkBuildHost(inputs, plan, reading, workspace) // no agent, a missing folder: nothing built
      failure = await buildRun(inputs, plan, workspace, files, started)
    }
  } catch (err) {
    if (err instanceof CatalogError) {
      // one annotation per problem, on the catalog line it names (an input's problem on none)
      for (const p of err.problems) {
        if (p.input !== undefined) core.error(formatProblem(p), { title: 'imagegate input' })
        else core.error(formatProblem(p), { file: p.file, startLine: p.line, title: 'imagegate catalog' })
      }
      failure = `${err.summary} (each annotated above)`
    } else {
      failure = err instanceof Error ? err.message : String(err)
    }
    // the summary page says what stopped the run (it is empty otherwise)
    const problems = err instanceof CatalogError ? err.problems.map(formatProblem) : [failure]
    await writeJobSummary(stoppedSummaryMarkdown(problems)).catch(() => undefined)
  }
  failure = cancelledFailure(failure)
  if (failure !== undefined) {
    core.setOutput('result', 'failed')
    core.setFailed(failure)
  } else {
    core.setOutput('result', 'passed')
  }
}

/**
 * What the build options and the scanner's config file need from this runner, checked before any build:
 * an SSH agent or key files (ssh), the inputs' local build contexts, the trivy-config file.
 */
function checkBuildHost(inputs: BuildInputs, plan: Plan, reading: CatalogReading, workspace: string): void {
  if (inputs['trivy-config']) {
    const config = trivyConfigFile(inputs['trivy-config'], workspace)
    if ('problem' in config) throw new InputError(config.problem)
  }
  const run = new Set(plan.images.map(i => i.name))
  const catalogImages = reading.salvage.catalog.images.flatMap((image, k) =>
    run.has(image.name) && image.ssh ? [{ index: reading.salvage.indexes[k] ?? k, ssh: image.ssh }] : []
  )
  const problems = buildHostProblems({
    input: { ssh: inputs.ssh, buildContexts: inputs['build-contexts'] },
    catalogImages,
    file: reading.file,
    lineOf: reading.lineOf,
    env: process.env,
    workspace
  })
  problems.push(...secretInputProblems(inputs, plan, reading.file))
  if (problems.length > 0) throw new CatalogError(problems)
}

/**
 * What the catalog asks the inputs for and they do not give, found before any build: a build secret
 * (catalog `secrets`) missing from the secrets input, a smoke.env value the catalog leaves null missing
 * from smoke-env (for an image whose smoke test runs here). Otherwise each would be red only once its
 * image was built.
 */
function secretInputProblems(inputs: BuildInputs, plan: Plan, file: string): Problem[] {
  const problems: Problem[] = []
  // each the very check its step makes later (buildx's environment, the smoke test's), made now
  const check = (input: string, fn: () => unknown): void => {
    try {
      fn()
    } catch (err) {
      problems.push({ file, path: [], input, message: err instanceof Error ? err.message : String(err) })
    }
  }
  const native = nativePlatform()
  for (const image of plan.images) {
    check('secrets', () => buildEnv(image, inputs.secrets))
    const smoke = image.smoke
    if (smoke && image.platforms.includes(native))
      check('smoke-env', () => smokeEnv(image.name, smoke, inputs['smoke-env']))
  }
  return problems
}

/** mode build: the run context, the builds, then the stages after them; returns why the job fails. */
async function buildRun(
  inputs: BuildInputs,
  plan: Plan,
  workspace: string,
  files: OutputLayout,
  started: number
): Promise<string | undefined> {
  const ctx: RunContext = {
    inputs,
    plan,
    workspace,
    files,
    results: inputs['reuse-results'] ? new ResultCache(cacheDir('imagegate-results')) : undefined,
    started,
    timings: [],
    registry: registryClients(inputs)
  }
  const policy = loadPolicyFiles({ ...inputs, workspace }) // a bad exceptions file fails before any build
  if (inputs['rewrite-timestamp'] && !/^\d+$/.test(process.env.SOURCE_DATE_EPOCH ?? ''))
    throw new InputError(
      `input rewrite-timestamp: needs SOURCE_DATE_EPOCH (Unix seconds, e.g. git log -1 --format=%ct) in the step's environment`
    )
  if (inputs['dependency-snapshot']) {
    // no token, no SPDX SBOM, no run to name the snapshots after: nothing built
    const { submissionOptions } = await import('./github/dependency-submission.js')
    const snapshots = submissionOptions(inputs, process.env, readEventPayload())
    if (snapshots && 'problem' in snapshots) throw new InputError(snapshots.problem)
    ctx.dependencySnapshots = snapshots
  }
  return await recordTimingsIn(ctx.timings, async () => {
    // a missing or unfit builder, a tool version that cannot be installed: nothing built
    await Promise.all([inputs.builder ? checkBuilder(inputs.builder) : undefined, checkToolVersions(inputs)])
    const ignoreFile = mergeIgnoreFiles(inputs.trivyignores, workspace, files.ignoreFile)
    // keyless without `id-token: write`, a private repository asked to log publicly: nothing built
    if (willSign(inputs)) signerPreflight(inputs, process.env)
    try {
      const builds = startBuilds(ctx)
      // the signer gets ready while the images build (a cosign key's scrypt in the thread pool, keyless's
      // setup): a key that does not open stops the builds: nothing pushed
      const signer: Promise<Signer> | undefined = willSign(inputs)
        ? import('./pipeline/publish.js').then(async m => await m.runSigner(ctx))
        : undefined
      signer?.catch(() => undefined) // awaited below
      writePlan(plan, files) // the plan file and outputs are nothing the builds wait for
      // the rest of the pipeline's code, compiled while the first images build
      const stages = import('./stages.js')
      if (signer) ctx.signer = await signer.catch(async (err: unknown) => await stopBuilds(err))
      const { runStages } = await stages
      return await runStages(ctx, builds, ignoreFile, policy)
    } finally {
      ctx.signer?.dispose()
    }
  })
}

/** The signer could not be made: the builds it let start are stopped, and the run fails with its error. */
async function stopBuilds(err: unknown): Promise<never> {
  const why = err instanceof Error ? err.message : String(err)
  await liveChildren.stopAll(`the run cannot sign: ${why}`)
  throw err
}

/** A build run signs or attests what it pushes (a platform job of a distributed build leaves it to the merge). */
function willSign(inputs: BuildInputs): boolean {
  return inputs.push && !inputs['push-by-digest'] && (inputs.sign || (inputs.attest ?? inputs.sign))
}

/**
 * Every image's build, started now, at most max-parallel at a time, smoke-tested images first
 * (build-order.ts; scans are bounded apart, in stages.ts: an image builds while earlier ones are
 * scanned). A failed build is the image's error there.
 */
function startBuilds(ctx: RunContext): Map<string, Promise<BuildResult>> {
  const { plan, inputs, workspace, files } = ctx
  const slots = new Semaphore(inputs['max-parallel'])
  const builds = new Map<string, Promise<BuildResult>>()
  // one image: its progress in a group; several build at once: each line named (groups cannot interleave)
  const grouped = plan.images.length === 1
  for (const image of buildOrder(plan.images)) {
    const p = slots.use(async () => {
      const progress = new BuildProgress(image.name, grouped)
      progress.start(`build started (${image.platforms.join(', ')})`)
      const steps = new ProgressSteps()
      try {
        const built = await withHeartbeat(
          () =>
            `${image.name}: building (${image.platforms.join(', ')}): waiting for ${steps.current() ?? 'docker buildx build'}`,
          build(image, {
            workspace,
            builder: inputs.builder,
            layoutDir: files.imageLayout(image.name),
            metadataFile: files.buildMetadata(image.name),
            provenance: inputs.provenance,
            secrets: inputs.secrets,
            rewriteTimestamp: inputs['rewrite-timestamp'],
            timeout: inputs['build-timeout'],
            onLine: line => {
              steps.line(line)
              progress.line(line)
            }
          })
        )
        progress.end(`built in ${seconds(built.ms)}, ${describeCache(built.cache)}`)
        return built
      } catch (err) {
        progress.end('build failed')
        throw err
      }
    })
    p.catch(() => undefined) // awaited by the image's stages
    builds.set(image.name, p)
  }
  return builds
}

/** Where the run pushes, in the log's first lines (outside any group), then the plan in a group. */
function logPlan(plan: Plan, inputs: PlanningInputs): void {
  const push = inputs.mode === 'plan' ? undefined : inputs.mode === 'merge' || inputs.push
  const dependencySnapshot = inputs.mode === 'build' && inputs['dependency-snapshot']
  core.info(
    planTargetLines(plan, { push, byDigest: inputs['push-by-digest'], dependencySnapshot }).join('\n')
  )
  logGroup(`Plan: ${plan.images.length} images for ${plan.environment}`, planLogLines(plan).join('\n'))
}

/**
 * A tool version input that cannot be installed, or a tool checksum that contradicts the table, is an
 * input error before anything is built or pushed. Without either every tool is at its pinned default
 * (always installable): nothing to load or probe.
 */
async function checkToolVersions(inputs: BuildInputs | MergeInputs): Promise<void> {
  const pinned =
    inputs.mode === 'build'
      ? [inputs['trivy-version'], inputs['syft-version'], inputs['cosign-version']]
      : [inputs['cosign-version']]
  if (!pinned.some(Boolean) && Object.keys(inputs['tool-checksums']).length === 0) return
  const scanner = await import('./pipeline/scanner.js')
  await scanner.checkToolVersions(inputs, new ResultCache(cacheDir('imagegate-tools')))
}

/** The plan file and the `plan` and `plan-file` outputs. */
function writePlan(plan: Plan, files: OutputLayout): void {
  const planFile = files.planFile
  fs.mkdirSync(path.dirname(planFile), { recursive: true })
  fs.writeFileSync(planFile, JSON.stringify(plan, null, 2) + '\n')
  const output = planOutput(plan, planFile)
  if (output.capped) {
    core.warning(
      `The plan is too large for the plan output: it holds a summary; the whole plan is in ${planFile} (plan-file)`
    )
  }
  core.setOutput('plan', output.value)
  core.setOutput('plan-file', planFile)
  core.info(`Plan written to ${planFile}`)
}
