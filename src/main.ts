// The pipeline, top to bottom. The only place that knows the order of the stages and calls setFailed.
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { CatalogError, formatProblem } from './catalog/errors.js'
import { loadCatalog } from './catalog/load.js'
import { readGitContext } from './github.js'
import { getInputs, type Inputs } from './inputs.js'
import { buildPlan, type Plan } from './plan/plan.js'
import { planLogLines, planSummaryMarkdown } from './report/plan-summary.js'

export function workspaceDir(): string {
  return path.resolve(process.env.GITHUB_WORKSPACE || process.cwd())
}

export function makePlan(inputs: Inputs, workspace: string): Plan {
  const { file, catalog } = loadCatalog(inputs.catalog, workspace)
  return buildPlan(
    catalog,
    file,
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
      rules: inputs.hardening
    },
    readGitContext()
  )
}

export async function run(): Promise<void> {
  try {
    const inputs = getInputs()
    const workspace = workspaceDir()
    const plan = makePlan(inputs, workspace)
    await core.group(`Plan: ${plan.images.length} images for ${plan.environment}`, async () => {
      for (const line of planLogLines(plan)) core.info(line)
    })
    const planJson = JSON.stringify(plan, null, 2)
    const planFile = path.join(workspace, inputs['output-dir'], 'artifacts', 'imagegate-plan.json')
    fs.mkdirSync(path.dirname(planFile), { recursive: true })
    fs.writeFileSync(planFile, planJson + '\n')
    core.setOutput('plan', JSON.stringify(plan))
    core.setOutput('plan-file', planFile)
    core.info(`Plan written to ${planFile}`)

    if (inputs.mode === 'plan') {
      await writeSummary(planSummaryMarkdown(plan))
      core.setOutput('result', 'passed')
      return
    }
    throw new Error('mode build is not available yet')
  } catch (err) {
    if (err instanceof CatalogError) {
      // one annotation per problem, on the catalog line it names
      for (const p of err.problems)
        core.error(formatProblem(p), { file: p.file, startLine: p.line, title: 'imagegate catalog' })
    }
    core.setOutput('result', 'failed')
    core.setFailed(err instanceof Error ? err.message : String(err))
  }
}

async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary.addRaw(markdown).write()
}
