// The evidence upload for real, through @actions/artifact itself: Azurite (a real Azure blob server)
// and a loopback implementation of GitHub's artifact service (scripts/artifact-service/), both on
// 127.0.0.1 and started here. Upload with uploadEvidence, then list and download with
// DefaultArtifactClient, and compare what came back with what was written, byte for byte.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  alive,
  ARTIFACT_SCRIPTS,
  serviceState as stateOf,
  startArtifactBed,
  type ArtifactBed,
  type ServiceState
} from './artifact-bed.js'

const SCRIPTS = ARTIFACT_SCRIPTS

interface EnvModule {
  artifactServiceEnv(o: {
    resultsUrl: string
    runBackendId?: string
    jobBackendId?: string
    runId?: string
    job?: string
    workspace?: string
  }): Record<string, string>
}
type ArtifactModule = typeof import('../../src/report/artifact.js')
type ClientModule = typeof import('@actions/artifact')

let starter: ChildProcessWithoutNullStreams | undefined
let bed: ArtifactBed
let envModule: EnvModule
let evidence: ArtifactModule
let client: InstanceType<ClientModule['DefaultArtifactClient']>
const runBackendId = randomUUID()
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-artifact-e2e-'))
const setKeys = new Set<string>()
const saved: Record<string, string | undefined> = {}

/** The runner's environment for one job of the run (each job has its own token). */
function becomeJob(job: string, jobBackendId: string): void {
  const env = envModule.artifactServiceEnv({
    resultsUrl: bed.service.url,
    runBackendId,
    jobBackendId,
    job,
    workspace: tmp
  })
  for (const [k, v] of Object.entries(env)) {
    if (!setKeys.has(k)) {
      setKeys.add(k)
      saved[k] = process.env[k]
    }
    process.env[k] = v
  }
}

const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex')

/** Every file under `dir`, relative path -> sha256. */
function digests(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    out[path.relative(dir, file)] = sha256(file)
  }
  return out
}

const serviceState = (): Promise<ServiceState> => stateOf(bed)

/** An evidence folder shaped as the pipeline writes it: sbom/ and artifacts/scans/. */
function writeEvidence(image: string): { root: string; files: string[] } {
  const root = fs.mkdtempSync(path.join(tmp, `evidence-${image}-`))
  const spdx = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `registry.local/app/${image}`,
    documentNamespace: `https://imagegate.invalid/spdx/${image}-${randomUUID()}`,
    creationInfo: { creators: ['Tool: trivy-0.44.1'], created: '2026-01-01T00:00:00Z' },
    packages: [
      { SPDXID: 'SPDXRef-Package-lodash', name: 'lodash', versionInfo: '4.17.20', downloadLocation: 'NONE' },
      { SPDXID: 'SPDXRef-Package-zlib', name: 'zlib', versionInfo: '1.2.13-r1', downloadLocation: 'NONE' }
    ]
  }
  const trivy = {
    SchemaVersion: 2,
    ArtifactName: `${image}-linux-amd64`,
    ArtifactType: 'container_image',
    Results: [
      {
        Target: `${image} (alpine 3.18.0)`,
        Class: 'os-pkgs',
        Type: 'alpine',
        Vulnerabilities: [
          {
            VulnerabilityID: 'CVE-2026-0001',
            PkgName: 'zlib',
            InstalledVersion: '1.2.13-r1',
            FixedVersion: '1.2.13-r2',
            Severity: 'CRITICAL'
          }
        ]
      }
    ]
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Trivy', version: '0.44.1', rules: [{ id: 'CVE-2026-0001' }] } },
        automationDetails: { id: `imagegate/${image}/linux-amd64/` },
        results: [
          { ruleId: 'CVE-2026-0001', level: 'error', message: { text: 'zlib 1.2.13-r1 → 1.2.13-r2' } }
        ]
      }
    ]
  }
  const content: Record<string, string | Buffer> = {
    [`sbom/${image}-9f2c1ab.spdx.json`]: `${JSON.stringify(spdx, null, 2)}\n`,
    [`artifacts/scans/${image}-linux-amd64.trivy.json`]: JSON.stringify(trivy),
    [`artifacts/scans/${image}-linux-amd64.sarif`]: JSON.stringify(sarif),
    [`artifacts/scans/${image}-linux-amd64.txt`]: 'zlib │ CVE-2026-0001 │ CRITICAL │ 1.2.13-r1 → 1.2.13-r2\n',
    // Bigger than one 8 MiB block of the blob upload, and incompressible: two blocks, then the block list.
    [`artifacts/scans/${image}-layer-sample.bin`]: randomBytes(9 * 1024 * 1024 + 123)
  }
  const files: string[] = []
  for (const [rel, data] of Object.entries(content)) {
    const file = path.join(root, rel)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, data)
    files.push(file)
  }
  return { root, files }
}

// @actions/core writes `::debug::` workflow commands (every request and response body) to stdout;
// the runner hides them, the test log drops them too.
const stdoutWrite = process.stdout.write.bind(process.stdout)
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
  typeof chunk === 'string' && chunk.startsWith('::debug::')
    ? true
    : stdoutWrite(chunk, ...rest)) as typeof process.stdout.write

beforeAll(async () => {
  ;({ bed, child: starter } = await startArtifactBed())
  // env.mjs is plain JS; a path held in a variable keeps TypeScript from looking for its types.
  const envPath = path.join(SCRIPTS, 'env.mjs')
  envModule = (await import(envPath)) as EnvModule
  // @actions/artifact reads its variables when called, not when loaded; set them first all the same.
  becomeJob('images', randomUUID())
  evidence = await import('../../src/report/artifact.js')
  const { DefaultArtifactClient } = await import('@actions/artifact')
  client = new DefaultArtifactClient()
}, 120_000)

afterAll(async () => {
  process.stdout.write = stdoutWrite
  for (const k of setKeys) {
    if (saved[k] === undefined) delete process.env[k]
    else process.env[k] = saved[k]
  }
  const child = starter
  if (child?.pid && child.exitCode === null && child.signalCode === null) {
    let timer: NodeJS.Timeout | undefined
    const exited = new Promise(resolve => child.once('exit', resolve))
    process.kill(child.pid, 'SIGTERM')
    await Promise.race([exited, new Promise(resolve => (timer = setTimeout(resolve, 20_000)))])
    clearTimeout(timer)
  }
  // start.mjs stops both servers by PID; make sure, by PID, that nothing it started is left.
  for (const pid of [bed?.azurite.pid, bed?.service.pid, child?.pid]) {
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL')
  }
  fs.rmSync(tmp, { recursive: true, force: true })
}, 60_000)

describe('evidence upload through the artifact service', () => {
  let first: { name: string; id: number; root: string; files: string[]; digest: string }

  test('one artifact per job: listed, downloaded, and every file equal byte for byte', async () => {
    const { root, files } = writeEvidence('api')
    const name = evidence.artifactName({
      job: process.env.GITHUB_JOB,
      runAttempt: process.env.GITHUB_RUN_ATTEMPT,
      images: ['api']
    })
    const r = await evidence.uploadEvidence(files, root, { name, retentionDays: 7 })
    expect(r.uploaded).toBe(true)
    expect(r.id).toBeGreaterThan(0)
    const id = r.id as number
    expect(r.url).toBe(`https://github.com/acme/platform/actions/runs/4242/artifacts/${id}`)
    expect(r.size).toBeGreaterThan(9 * 1024 * 1024)

    const { artifacts } = await client.listArtifacts()
    const listed = artifacts.find(a => a.name === name)
    expect(listed).toMatchObject({ id, size: r.size, digest: `sha256:${r.digest}` })
    const { artifact } = await client.getArtifact(name)
    expect(artifact.id).toBe(id)

    const out = fs.mkdtempSync(path.join(tmp, 'download-'))
    const dl = await client.downloadArtifact(id, { path: out, expectedHash: artifact.digest })
    expect(dl.digestMismatch).toBe(false)
    const written = digests(root)
    expect(Object.keys(written).sort()).toEqual([
      'artifacts/scans/api-layer-sample.bin',
      'artifacts/scans/api-linux-amd64.sarif',
      'artifacts/scans/api-linux-amd64.trivy.json',
      'artifacts/scans/api-linux-amd64.txt',
      'sbom/api-9f2c1ab.spdx.json'
    ])
    expect(digests(out)).toEqual(written)

    // What the service recorded: the retention asked for, a zip, finalized with the size and hash checked.
    const state = await serviceState()
    expect(state.artifacts.find(a => a.id === id)).toMatchObject({
      name,
      state: 'finalized',
      retentionDays: 7,
      mimeType: 'application/zip',
      version: 7,
      size: r.size,
      digest: `sha256:${r.digest}`
    })
    first = { name, id, root, files, digest: `sha256:${r.digest}` }
  }, 120_000)

  test('the same name again in the same run is a clear 409 error, and the first artifact stays', async () => {
    const started = Date.now()
    const err = await evidence
      .uploadEvidence(first.files, first.root, { name: first.name, retentionDays: 7 })
      .then(
        () => undefined,
        (e: unknown) => e as Error
      )
    expect(err).toBeInstanceOf(Error)
    expect(err?.message).toContain(`"${first.name}"`)
    expect(err?.message).toContain('already exists in this workflow run (409 Conflict)')
    expect(err?.message).not.toContain(process.env.ACTIONS_RUNTIME_TOKEN as string)
    // 409 is not retried (the client retries 5xx and 429 with seconds of back-off).
    expect(Date.now() - started).toBeLessThan(10_000)
    const last = (await serviceState()).calls.filter(c => c.method === 'CreateArtifact').at(-1)
    expect(last).toMatchObject({ status: 409, name: first.name })
    const { artifact } = await client.getArtifact(first.name)
    expect(artifact).toMatchObject({ id: first.id, digest: first.digest })
  }, 60_000)

  test('two jobs of one matrix (same GITHUB_JOB, other images) upload side by side', async () => {
    const uploaded: number[] = []
    for (const image of ['web', 'worker']) {
      becomeJob('images', randomUUID())
      const { root, files } = writeEvidence(image)
      const name = evidence.artifactName({
        job: process.env.GITHUB_JOB,
        runAttempt: process.env.GITHUB_RUN_ATTEMPT,
        images: [image]
      })
      expect(name).not.toBe(first.name)
      const r = await evidence.uploadEvidence(files.slice(0, 4), root, { name, retentionDays: 30 })
      expect(r.uploaded).toBe(true)
      uploaded.push(r.id as number)
    }
    const { artifacts } = await client.listArtifacts()
    expect(artifacts.map(a => a.id).sort((a, b) => a - b)).toEqual([first.id, ...uploaded])
    const state = await serviceState()
    const jobs = new Set(state.artifacts.filter(a => uploaded.includes(a.id)).map(a => a.jobId))
    expect(jobs.size).toBe(2)
    expect(state.artifacts.filter(a => uploaded.includes(a.id)).map(a => a.retentionDays)).toEqual([30, 30])
  }, 120_000)

  test('without the runner environment nothing is uploaded and the reason names the folder', async () => {
    const token = process.env.ACTIONS_RUNTIME_TOKEN
    const creates = (await serviceState()).calls.filter(c => c.method === 'CreateArtifact').length
    delete process.env.ACTIONS_RUNTIME_TOKEN
    try {
      const { root, files } = writeEvidence('local')
      const r = await evidence.uploadEvidence(files, root, { name: 'unused', retentionDays: 30 })
      expect(r).toEqual({
        uploaded: false,
        reason: `not running on GitHub Actions (no ACTIONS_RUNTIME_TOKEN): files stay in ${root}`
      })
    } finally {
      process.env.ACTIONS_RUNTIME_TOKEN = token
    }
    expect((await serviceState()).calls.filter(c => c.method === 'CreateArtifact')).toHaveLength(creates)
  })
})
