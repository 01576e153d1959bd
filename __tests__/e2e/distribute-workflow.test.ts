// The reusable workflow's distributed shape (.github/workflows/images.yml, `distribute: true`) on the test
// bed, its artifact plumbing included: the plan job's own script turns a real plan into the matrix; each
// matrix entry runs the bundled action as the build job does (one image, one platform, push-by-digest),
// in its own runner directories, and uploads its evidence through @actions/artifact to the loopback
// artifact service (Azurite + scripts/artifact-service/) as one job of the run; the merge job downloads
// as actions/download-artifact does with the workflow's `pattern` and `path` (the run's latest artifacts,
// filtered, each into <path>/<name>) and runs the action with the workflow's merge inputs. What the
// registry holds afterwards is the assertion.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parse } from 'yaml'
import { alive, ARTIFACT_SCRIPTS, startArtifactBed, type ArtifactBed } from './artifact-bed.js'
import { plainLog, ROOT } from './runner.js'
import {
  bedRun,
  registryDigest,
  registryTags,
  testbed,
  uniqueOrg,
  workspace,
  type BedRun
} from './testbed.js'

interface Step {
  id?: string
  uses?: string
  run?: string
  with?: Record<string, string>
}
interface Workflow {
  jobs: Record<string, { steps: Step[] }>
}
interface MatrixEntry {
  image: string
  platform: string
  platforms: string
  runner: string
  key: string
}
interface EnvModule {
  artifactServiceEnv(o: {
    resultsUrl: string
    runBackendId?: string
    jobBackendId?: string
    runId?: string
    runAttempt?: string
    job?: string
    workspace?: string
  }): Record<string, string>
}

const bed = testbed()
const TAG = 'sha-9f2c1ab'
const workflow = parse(
  fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'images.yml'), 'utf8')
) as Workflow
const step = (job: string, find: (s: Step) => boolean): Step => {
  const found = workflow.jobs[job]?.steps.find(find)
  if (!found) throw new Error(`no such step in job ${job}`)
  return found
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-distribute-workflow-'))
const runBackendId = randomUUID() // one workflow run; each job its own backend id
let starter: ChildProcessWithoutNullStreams | undefined
let artifacts: ArtifactBed
let envModule: EnvModule
const saved = new Map<string, string | undefined>()

// @actions/core (inside @actions/artifact) writes `::debug::` commands to stdout; the runner hides them
const stdoutWrite = process.stdout.write.bind(process.stdout)
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
  typeof chunk === 'string' && chunk.startsWith('::debug::')
    ? true
    : stdoutWrite(chunk, ...rest)) as typeof process.stdout.write

/** The runner's variables of one job of the run, pointed at the loopback artifact service. */
const jobEnv = (job: string, ws: string): Record<string, string> =>
  envModule.artifactServiceEnv({
    resultsUrl: artifacts.service.url,
    runBackendId,
    jobBackendId: randomUUID(),
    runId: '4242',
    runAttempt: '1',
    job,
    workspace: ws
  })

/** A copy of the workspace: what a fresh runner's checkout of the same commit holds. */
function checkout(from: string): string {
  const to = fs.mkdtempSync(path.join(tmp, 'checkout-'))
  fs.cpSync(from, to, { recursive: true })
  return to
}

beforeAll(async () => {
  ;({ bed: artifacts, child: starter } = await startArtifactBed())
  // env.mjs is plain JS; a path held in a variable keeps TypeScript from looking for its types
  const envPath = path.join(ARTIFACT_SCRIPTS, 'env.mjs')
  envModule = (await import(envPath)) as EnvModule
}, 120_000)

afterAll(async () => {
  process.stdout.write = stdoutWrite
  for (const [k, v] of saved) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  const child = starter
  if (child?.pid && child.exitCode === null && child.signalCode === null) {
    let timer: NodeJS.Timeout | undefined
    const exited = new Promise(resolve => child.once('exit', resolve))
    process.kill(child.pid, 'SIGTERM')
    await Promise.race([exited, new Promise(resolve => (timer = setTimeout(resolve, 20_000)))])
    clearTimeout(timer)
  }
  for (const pid of [artifacts?.azurite.pid, artifacts?.service.pid, child?.pid]) {
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL')
  }
  fs.rmSync(tmp, { recursive: true, force: true })
}, 60_000)

describe('the reusable workflow, distribute: true, on the test bed', () => {
  const org = uniqueOrg('wf-dist')
  let source: string
  let matrix: MatrixEntry[]
  const jobs: { entry: MatrixEntry; run: BedRun }[] = []

  beforeAll(async () => {
    source = workspace([{ name: 'api', trees: ['alpine-clean'] }])
    // the plan job: the action in plan mode, then the workflow's own script over its plan file
    const plan = await bedRun(checkout(source), {
      org,
      inputs: { mode: 'plan', 'upload-artifacts': 'false' }
    })
    if (plan.r.exitCode !== 0) throw new Error(`plan: ${plainLog(plan.r.log)}`)
    const script = path.join(tmp, 'plan-step.sh')
    const output = path.join(tmp, 'plan-output')
    fs.writeFileSync(script, step('plan', s => s.id === 'images').run ?? '')
    fs.writeFileSync(output, '')
    const planStep = spawnSync('bash', ['-e', script], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        GITHUB_OUTPUT: output,
        PLAN_FILE: plan.r.outputs['plan-file'] ?? '',
        DISTRIBUTE: 'true',
        RUNNERS: '{"linux/arm64": "ubuntu-24.04-arm"}',
        RUNS_ON: 'ubuntu-latest'
      }
    })
    if (planStep.status !== 0) throw new Error(`plan step: ${planStep.stdout}${planStep.stderr}`)
    const line = fs
      .readFileSync(output, 'utf8')
      .split('\n')
      .find(l => l.startsWith('matrix='))
    matrix = JSON.parse(line?.slice('matrix='.length) ?? '[]') as MatrixEntry[]
    // the build jobs, one after the other here (on GitHub, one runner each, at once)
    for (const entry of matrix) {
      const ws = checkout(source)
      const run = await bedRun(ws, {
        org,
        inputs: {
          images: entry.image,
          platforms: entry.platform,
          push: 'false',
          'push-by-digest': 'true'
        },
        env: jobEnv('build', ws)
      })
      jobs.push({ entry, run })
    }
  }, 900_000)

  test('the plan step makes one build job per platform, on the runner named for it', () => {
    expect(matrix.map(e => [e.image, e.platform, e.runner])).toEqual([
      ['api', 'linux/amd64', 'ubuntu-latest'],
      ['api', 'linux/arm64', 'ubuntu-24.04-arm']
    ])
  })

  test('each build job passes, tags nothing and uploads its evidence artifact with its record', async () => {
    for (const { entry, run } of jobs) {
      expect({ platform: entry.platform, exitCode: run.r.exitCode }).toEqual({
        platform: entry.platform,
        exitCode: 0
      })
      expect(run.r.outputs['artifact-id']).toMatch(/^\d+$/)
      expect(run.r.outputs['record-file']).toMatch(/imagegate-record-.*\.json$/)
    }
    expect(await registryTags(bed.REGISTRY, `${org}/api`)).toEqual([])
  })

  test("the merge job gets exactly the build jobs' artifacts with the workflow's pattern, merges, then tags", async () => {
    // another environment's platform job in the same run: its artifact must not reach this merge
    const decoyWs = checkout(source)
    const decoy = await bedRun(decoyWs, {
      org,
      inputs: {
        environment: 'stage',
        images: 'api',
        platforms: 'linux/amd64',
        push: 'false',
        'push-by-digest': 'true'
      },
      env: jobEnv('build', decoyWs)
    })
    expect(decoy.r.outputs['artifact-id']).toMatch(/^\d+$/)

    // the merge job: checkout, then actions/download-artifact's own steps with the workflow's inputs
    const ws = checkout(source)
    const env = jobEnv('merge', ws)
    for (const [k, v] of Object.entries(env)) {
      if (!saved.has(k)) saved.set(k, process.env[k])
      process.env[k] = v
    }
    const download = step('merge', s => s.uses?.startsWith('actions/download-artifact@') ?? false).with ?? {}
    expect(download['merge-multiple']).toBeUndefined()
    const pattern = (download.pattern ?? '').replace('${{ inputs.environment }}', 'dev')
    expect(pattern).toMatch(/^[^*?[\]{}!]+\*$/) // a prefix and one trailing star, as minimatch reads it
    const { DefaultArtifactClient } = await import('@actions/artifact')
    const client = new DefaultArtifactClient()
    const { artifacts: listed } = await client.listArtifacts({ latest: true })
    const matched = listed.filter(a => a.name.startsWith(pattern.slice(0, -1)))
    expect(matched.map(a => String(a.id)).sort()).toEqual(
      jobs.map(j => j.run.r.outputs['artifact-id']).sort()
    )
    expect(listed.map(a => String(a.id))).toContain(decoy.r.outputs['artifact-id'])
    for (const artifact of matched) {
      const into = path.join(ws, download.path ?? '', artifact.name)
      const got = await client.downloadArtifact(artifact.id, { path: into, expectedHash: artifact.digest })
      expect(got.digestMismatch).toBe(false)
    }

    const merge = step('merge', s => s.uses === './.imagegate').with ?? {}
    const { r } = await bedRun(ws, {
      org,
      inputs: { mode: merge.mode, records: merge.records, push: merge.push },
      env: jobEnv('merge', ws)
    })
    expect(r.exitCode === 0 ? '' : plainLog(r.log)).toBe('')
    expect(r.outputs.result).toBe('passed')
    const digest = (JSON.parse(r.outputs.digests ?? '{}') as Record<string, string>).api
    expect(await registryDigest(`${bed.REGISTRY}/${org}/api:${TAG}`)).toBe(digest)
    // the index holds exactly the manifests the two platform jobs scanned and recorded
    const res = await fetch(`http://${bed.REGISTRY}/v2/${org}/api/manifests/${digest}`, {
      headers: { Accept: 'application/vnd.oci.image.index.v1+json' }
    })
    const index = (await res.json()) as {
      manifests: { digest: string; platform?: { architecture: string } }[]
    }
    const recorded = jobs.map(({ run }) => {
      const record = JSON.parse(fs.readFileSync(run.r.outputs['record-file'] ?? '', 'utf8')) as {
        images: { platforms: { manifest: { digest: string } }[] }[]
      }
      return record.images[0]?.platforms[0]?.manifest.digest
    })
    expect(index.manifests.filter(m => m.platform?.architecture !== 'unknown').map(m => m.digest)).toEqual(
      recorded
    )
  }, 600_000)
})
