// The reusable workflow's two shapes (.github/workflows/images.yml): one job per image, or with
// `distribute: true` one job per image and platform (push-by-digest) and a merge job. The wiring is read
// from the parsed file; the plan and summary steps' scripts are run with bash and jq, as the runner runs
// them, on a real plan (planned from a catalog by src/plan) and on result files as the jobs write them.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { readCatalog } from '../../src/catalog/load.js'
import { planCatalog } from '../../src/plan/catalog-plan.js'
import { artifactName } from '../../src/report/artifact.js'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

interface Step {
  id?: string
  name?: string
  uses?: string
  run?: string
  if?: string
  env?: Record<string, string>
  with?: Record<string, string>
}
interface Job {
  needs?: string | string[]
  if?: string
  name?: string
  'runs-on'?: string
  env?: Record<string, string>
  permissions?: Record<string, string>
  strategy?: { 'fail-fast'?: boolean; matrix?: { include?: string } }
  outputs?: Record<string, string>
  steps: Step[]
}
interface Workflow {
  on: {
    workflow_call: {
      inputs: Record<string, { type: string; default?: unknown }>
      secrets: Record<string, unknown>
      outputs: Record<string, { value: string }>
    }
  }
  jobs: Record<string, Job>
}

const workflow = parse(
  fs.readFileSync(path.join(root, '.github', 'workflows', 'images.yml'), 'utf8')
) as Workflow
const jobs = workflow.jobs
const needsOf = (job: Job): string[] => [job.needs ?? []].flat()
const stepOf = (job: Job, find: (step: Step) => boolean): Step => {
  const step = job.steps.find(find)
  if (!step) throw new Error('no such step')
  return step
}
const action = (job: Job): Step => stepOf(job, step => step.uses === './.imagegate')

describe('the wiring of both shapes', () => {
  test('inputs: distribute (off by default), runners, sign and attest, gha-cache, the cosign secrets', () => {
    const { inputs, secrets } = workflow.on.workflow_call
    expect(inputs.distribute).toEqual(expect.objectContaining({ type: 'boolean', default: false }))
    expect(inputs.runners).toEqual(expect.objectContaining({ type: 'string', default: '{}' }))
    expect(inputs.sign).toEqual(expect.objectContaining({ type: 'boolean', default: false }))
    expect(inputs.attest).toEqual(expect.objectContaining({ type: 'string', default: '' }))
    expect(inputs['gha-cache']).toEqual(expect.objectContaining({ type: 'boolean', default: false }))
    expect(Object.keys(secrets)).toEqual(expect.arrayContaining(['cosign-key', 'cosign-password']))
  })

  test('plan -> build (matrix from the plan, on the runner of each entry) -> merge -> summary', () => {
    expect(Object.keys(jobs)).toEqual(['plan', 'build', 'merge', 'summary'])
    const { plan, build, merge, summary } = jobs as Record<string, Job>
    expect(plan?.outputs?.matrix).toBe('${{ steps.images.outputs.matrix }}')
    expect(needsOf(build!)).toEqual(['plan'])
    expect(build?.strategy?.matrix?.include).toBe('${{ fromJSON(needs.plan.outputs.matrix) }}')
    expect(build?.strategy?.['fail-fast']).toBe(false)
    expect(build?.['runs-on']).toBe('${{ matrix.runner }}')
    expect(needsOf(merge!).sort()).toEqual(['build', 'plan'])
    // no always(): a failed or cancelled platform job skips the merge, so nothing is tagged
    expect(merge?.if).toMatch(/^inputs\.distribute && inputs\.push && github\.event_name != 'pull_request'/)
    expect(merge?.if).not.toMatch(/always\(\)|failure\(\)/)
    expect(needsOf(summary!).sort()).toEqual(['build', 'merge', 'plan'])
    expect(summary?.if).toBe("always() && needs.plan.result == 'success'")
    for (const [name, output] of Object.entries(workflow.on.workflow_call.outputs)) {
      expect(output.value).toBe(`\${{ jobs.summary.outputs.${name} }}`)
    }
    for (const name of ['digests', 'result', 'artifact-urls']) {
      expect(summary?.outputs?.[name]).toBe(`\${{ steps.summary.outputs.${name} }}`)
    }
  })

  test('a build job pushes whole images, or with distribute only its platform by digest, never both', () => {
    const step = action(jobs.build!)
    expect(step.with?.images).toBe('${{ matrix.image }}')
    expect(step.with?.push).toBe("${{ !inputs.distribute && env.PUBLISH == 'true' }}")
    expect(step.with?.['push-by-digest']).toBe("${{ inputs.distribute && env.PUBLISH == 'true' }}")
    expect(step.with?.platforms).toBe('${{ inputs.distribute && matrix.platform || inputs.platforms }}')
    // signing and attesting belong to whatever tags: the merge job when distributing
    expect(step.with?.sign).toBe('${{ !inputs.distribute && inputs.sign }}')
    expect(step.with?.attest).toBe("${{ inputs.distribute && 'false' || inputs.attest }}")
    expect(jobs.build?.env?.PUBLISH).toBe("${{ inputs.push && github.event_name != 'pull_request' }}")
    // one cache scope per job (image, or image and platform): jobs sharing a scope overwrite its index
    expect(step.with?.['cache-from']).toBe(
      "${{ inputs.cache-from }}\n${{ inputs.gha-cache && format('type=gha,scope={0}', matrix.key) || '' }}\n"
    )
    expect(step.with?.['cache-to']).toBe(
      "${{ inputs.cache-to }}\n${{ inputs.gha-cache && format('type=gha,mode=max,scope={0}', matrix.key) || '' }}\n"
    )
    const qemu = stepOf(jobs.build!, s => s.uses?.startsWith('docker/setup-qemu-action@') ?? false)
    expect(qemu.if).toBe("steps.emulate.outputs.platforms != ''")
    expect(stepOf(jobs.build!, s => s.id === 'emulate').env?.PLATFORMS).toBe('${{ matrix.platforms }}')
  })

  test('the merge job downloads every platform job evidence artifact into its own directory, then merges it', () => {
    const merge = jobs.merge!
    const download = stepOf(merge, s => s.uses?.startsWith('actions/download-artifact@') ?? false)
    expect(download.with?.['merge-multiple']).toBeUndefined() // each artifact keeps its own sub-directory
    const step = action(merge)
    expect(step.with).toEqual(
      expect.objectContaining({
        mode: 'merge',
        records: download.with?.path,
        push: 'true',
        sign: '${{ inputs.sign }}',
        attest: '${{ inputs.attest }}',
        'cosign-key': '${{ secrets.cosign-key }}'
      })
    )
    // the same plan as the platform jobs': same catalog, images, environment, registry, org, platforms, tags
    const plan = action(jobs.plan!)
    for (const input of [
      'catalog',
      'images',
      'environment',
      'registry',
      'org',
      'platforms',
      'tags',
      'semver-aliases'
    ]) {
      expect(step.with?.[input]).toBe(plan.with?.[input])
    }
    expect(merge.permissions).toEqual(expect.objectContaining({ 'id-token': 'write', packages: 'write' }))
    expect(download.with?.pattern).toBe('imagegate-evidence-build-${{ inputs.environment }}-*')
  })

  test("the download pattern matches the action's evidence artifact names of the build jobs, and only those", () => {
    const pattern = jobs.merge!.steps.find(s => s.uses?.startsWith('actions/download-artifact@'))?.with
      ?.pattern
    const prefixFor = (environment: string): string => {
      const filled = (pattern ?? '').replace('${{ inputs.environment }}', environment)
      expect(filled).toMatch(/^[^*?[\]{}!]+\*$/) // one trailing star: a prefix match, nothing else
      return filled.slice(0, -1)
    }
    const name = (job: string, environment: string, images: string[]) =>
      artifactName({ job, matrixKey: environment, images, runAttempt: '1' })
    expect(name('build', 'dev', ['backend']).startsWith(prefixFor('dev'))).toBe(true)
    // a push-by-digest job's key is the environment and its platforms (report/outputs.ts)
    expect(name('build', 'dev-linux/arm64', ['backend']).startsWith(prefixFor('dev'))).toBe(true)
    expect(name('build', 'dev-linux/arm/v7', ['web-api']).startsWith(prefixFor('dev'))).toBe(true)
    expect(name('build', 'prod', ['web-api']).startsWith(prefixFor('prod'))).toBe(true)
    expect(name('merge', 'dev', ['backend']).startsWith(prefixFor('dev'))).toBe(false)
    expect(name('build', 'prod', ['backend']).startsWith(prefixFor('dev'))).toBe(false)
  })

  test('no run script interpolates an expression (inputs reach scripts through env only)', () => {
    const scripts = Object.values(jobs).flatMap(job => job.steps.flatMap(step => step.run ?? []))
    expect(scripts.length).toBeGreaterThan(4)
    for (const script of scripts) expect(script).not.toContain('${{')
  })
})

// ---- the scripts, run as the runner runs them (bash -e FILE, with the step's env) --------------------

let tmp: string
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-images-workflow-'))
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

interface StepRun {
  status: number | null
  stderr: string
  stdout: string
  outputs: Record<string, string>
  summary: string
}

let runs = 0
function runStep(step: Step, env: Record<string, string>, cwd = tmp): StepRun {
  const dir = path.join(tmp, `step-${++runs}`)
  fs.mkdirSync(dir)
  const script = path.join(dir, 'script.sh')
  const output = path.join(dir, 'output')
  const summary = path.join(dir, 'summary')
  fs.writeFileSync(script, step.run ?? '')
  fs.writeFileSync(output, '')
  fs.writeFileSync(summary, '')
  const result = spawnSync('bash', ['-e', script], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, ...env }
  })
  const outputs: Record<string, string> = {}
  for (const line of fs.readFileSync(output, 'utf8').split('\n').filter(Boolean)) {
    const at = line.indexOf('=')
    outputs[line.slice(0, at)] = line.slice(at + 1)
  }
  return {
    status: result.status,
    stderr: result.stderr,
    stdout: result.stdout,
    outputs,
    summary: fs.readFileSync(summary, 'utf8')
  }
}

const CATALOG = `version: 1
defaults:
  platforms: [linux/amd64, linux/arm64]
environments:
  dev: { registry: r.example.com/dev }
images:
  - name: api
    context: services/api
  - name: worker
    context: services/worker
    platforms: [linux/amd64]
`

function planFile(catalog: string): string {
  const ws = fs.mkdtempSync(path.join(tmp, 'ws-'))
  for (const dir of ['services/api', 'services/worker']) {
    fs.mkdirSync(path.join(ws, dir), { recursive: true })
    fs.writeFileSync(path.join(ws, dir, 'Dockerfile'), 'FROM scratch\n')
  }
  const plan = planCatalog(
    readCatalog(catalog, '.github/images.yml', ws),
    {
      environment: 'dev',
      tags: [],
      labels: {},
      buildArgs: {},
      cacheFrom: [],
      cacheTo: [],
      only: [],
      semverAliases: true,
      rules: 'enforce'
    },
    {
      eventName: 'push',
      ref: 'refs/heads/main',
      sha: '9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3',
      defaultBranch: 'main',
      now: new Date('2026-11-29T12:00:00Z')
    }
  )
  const file = path.join(ws, 'imagegate-plan.json')
  fs.writeFileSync(file, JSON.stringify(plan, null, 2) + '\n') // as main.ts writes the plan file
  return file
}

describe("the action at the workflow's own commit, the SARIF upload", () => {
  const jobsWithAction = ['plan', 'build', 'merge'] as const

  test.each(jobsWithAction)(
    '%s: the action is checked out at job.workflow_sha, after the caller, before it runs',
    name => {
      const steps = jobs[name]!.steps
      const own = steps.findIndex(s => s.with?.ref === '${{ job.workflow_sha }}')
      const caller = steps.findIndex(s => s.uses?.startsWith('actions/checkout@') && s.with === undefined)
      const run = steps.findIndex(s => s.uses === './.imagegate')
      expect(steps[own]?.uses).toMatch(/^actions\/checkout@[0-9a-f]{40}$/)
      expect(steps[own]?.with).toEqual({
        repository: '${{ job.workflow_repository }}',
        ref: '${{ job.workflow_sha }}',
        path: '.imagegate',
        'sparse-checkout': 'dist',
        'persist-credentials': false
      })
      // the caller's checkout (clean: true by default) would remove an earlier .imagegate
      expect(caller).toBeGreaterThanOrEqual(0)
      expect(caller).toBeLessThan(own)
      expect(own).toBeLessThan(run)
      expect(steps.filter(s => s.uses?.startsWith('imagegate/'))).toEqual([])
    }
  )

  test('the plan job stops, naming both fields, when GitHub gives no workflow identity', () => {
    const guard = stepOf(jobs.plan!, s => s.env?.WORKFLOW_SHA !== undefined)
    expect(jobs.plan!.steps.indexOf(guard)).toBe(0)
    expect(guard.env).toEqual({
      WORKFLOW_REPOSITORY: '${{ job.workflow_repository }}',
      WORKFLOW_SHA: '${{ job.workflow_sha }}'
    })
    const empty = runStep(guard, { WORKFLOW_REPOSITORY: '', WORKFLOW_SHA: '' })
    expect(empty.status).toBe(1)
    expect(empty.stdout).toMatch(
      /^::error title=imagegate::job\.workflow_repository and job\.workflow_sha are empty/m
    )
    const sha = '3d3c42e5aac5ba805825da76410c181273ba90b1'
    const given = runStep(guard, { WORKFLOW_REPOSITORY: 'imagegate/imagegate', WORKFLOW_SHA: sha })
    expect(given.status).toBe(0)
    expect(given.stdout).toContain(`imagegate from imagegate/imagegate at ${sha}`)
  })

  test('a failed SARIF upload warns and leaves the job its verdict; upload-sarif false skips it', () => {
    const build = jobs.build!
    const upload = stepOf(build, s => s.uses?.startsWith('github/codeql-action/upload-sarif@') ?? false)
    expect(upload.id).toBe('sarif')
    expect((upload as { 'continue-on-error'?: boolean })['continue-on-error']).toBe(true)
    expect(upload.if).toBe("always() && inputs.upload-sarif && steps.imagegate.outputs.sarif != ''")
    const warn = stepOf(build, s => s.if === "always() && steps.sarif.outcome == 'failure'")
    expect(build.steps.indexOf(warn)).toBe(build.steps.indexOf(upload) + 1)
    const run = runStep(warn, {})
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^::warning title=SARIF not uploaded::/m)
    expect(workflow.on.workflow_call.inputs['upload-sarif']).toEqual(
      expect.objectContaining({ type: 'boolean', default: true })
    )
  })
})

describe('the plan job: one matrix entry per job', () => {
  const step = () => stepOf(jobs.plan!, s => s.id === 'images')
  const env = (file: string, distribute: boolean, runners = '{}') => ({
    PLAN_FILE: file,
    DISTRIBUTE: String(distribute),
    RUNNERS: runners,
    RUNS_ON: 'ubuntu-latest'
  })

  test('the step reads the inputs it is given', () => {
    expect(step().env).toEqual({
      PLAN_FILE: '${{ steps.plan.outputs.plan-file }}',
      DISTRIBUTE: '${{ inputs.distribute }}',
      RUNNERS: '${{ inputs.runners }}',
      RUNS_ON: '${{ inputs.runs-on }}'
    })
  })

  test('without distribute: one job per image with all its platforms, on runs-on', () => {
    const run = runStep(step(), env(planFile(CATALOG), false, '{"linux/arm64":"ubuntu-24.04-arm"}'))
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(JSON.parse(run.outputs.images ?? '')).toEqual(['api', 'worker'])
    expect(JSON.parse(run.outputs.matrix ?? '')).toEqual([
      {
        image: 'api',
        platform: '',
        platforms: 'linux/amd64,linux/arm64',
        runner: 'ubuntu-latest',
        key: 'api'
      },
      { image: 'worker', platform: '', platforms: 'linux/amd64', runner: 'ubuntu-latest', key: 'worker' }
    ])
  })

  test("with distribute: one job per image and platform (each image's own platforms), runners by platform", () => {
    const run = runStep(step(), env(planFile(CATALOG), true, '{"linux/arm64": "ubuntu-24.04-arm"}'))
    expect(run.status).toBe(0)
    expect(JSON.parse(run.outputs.matrix ?? '')).toEqual([
      {
        image: 'api',
        platform: 'linux/amd64',
        platforms: 'linux/amd64',
        runner: 'ubuntu-latest',
        key: 'api-linux-amd64'
      },
      {
        image: 'api',
        platform: 'linux/arm64',
        platforms: 'linux/arm64',
        runner: 'ubuntu-24.04-arm',
        key: 'api-linux-arm64'
      },
      {
        image: 'worker',
        platform: 'linux/amd64',
        platforms: 'linux/amd64',
        runner: 'ubuntu-latest',
        key: 'worker-linux-amd64'
      }
    ])
  })

  test.each([['not json'], ['["ubuntu-24.04-arm"]'], ['{"linux/arm64": 5}']])(
    'runners %s is refused with an error annotation',
    runners => {
      const run = runStep(step(), env(planFile(CATALOG), true, runners))
      expect(run.status).toBe(1)
      expect(run.stdout).toMatch(/^::error title=runners::runners must be a JSON object/m)
      expect(run.outputs.matrix).toBeUndefined()
    }
  )

  test('more jobs than a matrix runs (256) is refused, naming the count and the way out', () => {
    const images = Array.from({ length: 129 }, (_, i) => `  - name: img${i}\n    context: services/api\n`)
    const catalog = CATALOG.replace(/images:\n[\s\S]*$/, `images:\n${images.join('')}`)
    const file = planFile(catalog)
    expect(runStep(step(), env(file, false)).status).toBe(0) // 129 jobs
    const run = runStep(step(), env(file, true)) // 258 jobs
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(/::error title=Too many jobs::the plan needs 258 jobs.*images input/)
  })
})

describe('the summary job: both shapes', () => {
  const step = () => stepOf(jobs.summary!, s => s.id === 'summary')
  const DISTRIBUTED = [
    { image: 'api', platform: 'linux/amd64', platforms: 'linux/amd64', runner: 'x', key: 'api-linux-amd64' },
    { image: 'api', platform: 'linux/arm64', platforms: 'linux/arm64', runner: 'y', key: 'api-linux-arm64' },
    {
      image: 'worker',
      platform: 'linux/amd64',
      platforms: 'linux/amd64',
      runner: 'x',
      key: 'worker-linux-amd64'
    }
  ]
  const ONE_JOB = [
    { image: 'api', platform: '', platforms: 'linux/amd64,linux/arm64', runner: 'x', key: 'api' },
    { image: 'worker', platform: '', platforms: 'linux/amd64', runner: 'x', key: 'worker' }
  ]
  const url = (key: string) => `https://github.com/o/r/actions/runs/1/artifacts/${key}`
  const digest = (c: string) => `sha256:${c.repeat(64)}`

  /** A workspace with results/ as download-artifact leaves it: one file per job that reported. */
  function results(matrix: typeof DISTRIBUTED, passed: (key: string) => string | undefined): string {
    const ws = fs.mkdtempSync(path.join(tmp, 'summary-'))
    fs.mkdirSync(path.join(ws, 'results'))
    for (const job of matrix) {
      const result = passed(job.key)
      if (result === undefined) continue // the job died before reporting
      fs.writeFileSync(
        path.join(ws, 'results', `${job.key}.json`),
        JSON.stringify({
          image: job.image,
          platform: job.platform,
          result,
          digests: { [job.image]: digest(job.platform ? '1' : '2') },
          artifactUrl: url(job.key)
        })
      )
    }
    return ws
  }
  const merged = { api: digest('a'), worker: digest('b') }
  const env = (matrix: unknown, o: Record<string, string>) => ({
    MATRIX: JSON.stringify(matrix),
    DISTRIBUTE: 'true',
    BUILD: 'success',
    MERGE: 'success',
    MERGE_RESULT: 'passed',
    MERGE_DIGESTS: JSON.stringify(merged),
    ...o
  })

  test('the step reads what the jobs left', () => {
    expect(step().env).toEqual({
      MATRIX: '${{ needs.plan.outputs.matrix }}',
      DISTRIBUTE: '${{ inputs.distribute }}',
      BUILD: '${{ needs.build.result }}',
      MERGE: '${{ needs.merge.result }}',
      MERGE_RESULT: '${{ needs.merge.outputs.result }}',
      MERGE_DIGESTS: '${{ needs.merge.outputs.digests }}'
    })
  })

  test('distributed, every platform and the merge passed: the merged digests, evidence per platform', () => {
    const run = runStep(
      step(),
      env(DISTRIBUTED, {}),
      results(DISTRIBUTED, () => 'passed')
    )
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.outputs.result).toBe('passed')
    expect(JSON.parse(run.outputs.digests ?? '')).toEqual(merged) // not a platform job's digest
    expect(JSON.parse(run.outputs['artifact-urls'] ?? '')).toEqual({
      api: { 'linux/amd64': url('api-linux-amd64'), 'linux/arm64': url('api-linux-arm64') },
      worker: { 'linux/amd64': url('worker-linux-amd64') }
    })
    expect(run.summary).toContain('| api | linux/arm64 | passed | [artifact](')
    expect(run.summary).toContain('Merge: passed (job success)')
  })

  test.each([
    // the result files alone decide these two (BUILD says success: the files are checked, not only it)
    [
      'a platform job died without reporting',
      (key: string) => (key === 'api-linux-arm64' ? undefined : 'passed'),
      { MERGE: 'skipped', MERGE_RESULT: '', MERGE_DIGESTS: '' }
    ],
    [
      'a platform failed',
      (key: string) => (key === 'worker-linux-amd64' ? 'failed' : 'passed'),
      { MERGE: 'skipped', MERGE_RESULT: '', MERGE_DIGESTS: '' }
    ],
    [
      'the merge refused',
      () => 'passed',
      { MERGE: 'failure', MERGE_RESULT: 'failed', MERGE_DIGESTS: '{"api":null,"worker":null}' }
    ],
    [
      'the merge job passed but said failed',
      () => 'passed',
      { MERGE_RESULT: 'failed', MERGE_DIGESTS: '{"api":null,"worker":null}' }
    ],
    ['the merge was cancelled', () => 'passed', { MERGE: 'cancelled', MERGE_RESULT: '', MERGE_DIGESTS: '' }],
    ['a build job was cancelled', () => 'passed', { BUILD: 'cancelled', MERGE: 'skipped', MERGE_DIGESTS: '' }]
  ])('distributed, %s: failed, and the job is red', (_, passed, o) => {
    const run = runStep(step(), env(DISTRIBUTED, o), results(DISTRIBUTED, passed))
    expect(run.status).toBe(1)
    expect(run.outputs.result).toBe('failed')
    expect(run.outputs.digests).toBe('{}') // nothing was tagged: no digest to deploy
  })

  test('distributed without a merge (a pull request): passed on the platform jobs alone, no digest', () => {
    const o = { MERGE: 'skipped', MERGE_RESULT: '', MERGE_DIGESTS: '' }
    const run = runStep(
      step(),
      env(DISTRIBUTED, o),
      results(DISTRIBUTED, () => 'passed')
    )
    expect(run.status).toBe(0)
    expect(run.outputs.result).toBe('passed')
    expect(run.outputs.digests).toBe('{}')
    expect(run.summary).not.toContain('Merge:')
  })

  test('one job per image: each image job digests and evidence, a missing image is "no result"', () => {
    const o = { DISTRIBUTE: 'false', MERGE: 'skipped', MERGE_RESULT: '', MERGE_DIGESTS: '' }
    const all = runStep(
      step(),
      env(ONE_JOB, o),
      results(ONE_JOB, () => 'passed')
    )
    expect(all.status).toBe(0)
    expect(JSON.parse(all.outputs.digests ?? '')).toEqual({ api: digest('2'), worker: digest('2') })
    expect(JSON.parse(all.outputs['artifact-urls'] ?? '')).toEqual({ api: url('api'), worker: url('worker') })
    const one = runStep(
      step(),
      env(ONE_JOB, o),
      results(ONE_JOB, key => (key === 'api' ? 'passed' : undefined))
    )
    expect(one.status).toBe(1)
    expect(one.outputs.result).toBe('failed')
    expect(one.summary).toContain('| worker | linux/amd64 | no result |  |')
  })
})
