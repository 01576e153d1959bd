// End to end on the real engine, registry and Trivy: the scanner options (skip-files keeps a vulnerable
// package.json out of the findings, and the verdict records it) and the build options (no-cache rebuilds,
// named build contexts reach COPY --from, annotations reach the pushed index, ssh without an agent and a
// missing context folder are refused before anything is built).
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { bedRun, docker, registryDigest, testbed, workspace } from './testbed.js'

const bed = testbed()
const TAG = 'sha-9f2c1ab'
const LODASH = '/app/node_modules/lodash/package.json'

const INDEX = 'application/vnd.oci.image.index.v1+json'
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json'

/** A manifest (or index) as the registry serves it. */
async function registryManifest(
  repository: string,
  reference: string
): Promise<{
  mediaType?: string
  annotations?: Record<string, string>
  manifests?: { digest: string; mediaType: string; platform?: { architecture: string } }[]
}> {
  const res = await fetch(`http://${bed.REGISTRY}/v2/${repository}/manifests/${reference}`, {
    headers: { Accept: `${INDEX}, ${MANIFEST}` }
  })
  if (!res.ok) throw new Error(`GET ${repository}:${reference}: HTTP ${res.status}`)
  return (await res.json()) as never
}

/** The body of the log group that starts with `title` (the build log of one image). */
/** One image's build log: its lines named `image | ...` (several images build at once). */
function group(log: string, title: RegExp): string {
  const image = /^(\S+):/.exec(title.source)?.[1] ?? ''
  return log
    .split('\n')
    .filter(l => l.startsWith(`${image} | `))
    .map(l => l.slice(image.length + 3))
    .join('\n')
}

/** The instructions of a BuildKit plain log's steps that say CACHED (the FROM vertex is no build step). */
function cachedSteps(log: string): string[] {
  const steps = new Map<string, string>()
  for (const m of log.matchAll(/^#(\d+) \[(?:\S+ )?\d+\/\d+\] (\S+)/gm))
    if (m[2] !== 'FROM') steps.set(m[1] as string, m[2] as string)
  return [...log.matchAll(/^#(\d+) CACHED\s*$/gm)].flatMap(m => {
    const step = steps.get(m[1] as string)
    return step ? [step] : []
  })
}

const readFile = (ref: string, file: string): string =>
  docker([
    'run',
    '--rm',
    '--network',
    'none',
    '--pull',
    'always',
    '--entrypoint',
    'cat',
    ref,
    file
  ]).stdout.trim()

describe('scanner options', () => {
  test('skip-files keeps a vulnerable package.json out of the findings; the plan and the verdict record it', async () => {
    const ws = workspace([{ name: 'app', trees: ['npm-vuln'], platforms: ['linux/amd64'] }])
    // the same image without the option: red on the package.json's advisory
    const plain = await bedRun(ws, { prefix: 'knobs-skip' })
    expect(plain.r.exitCode).toBe(1)
    expect(plain.r.log).toContain(
      'app linux/amd64: HIGH CVE-2099-0004 in lodash 4.17.20 (fixed in >=4.17.21)'
    )
    expect(await registryDigest(`${bed.REGISTRY}/${plain.org}/app:${TAG}`)).toBeUndefined()

    const skipped = await bedRun(ws, { prefix: 'knobs-skip', inputs: { 'skip-files': LODASH } })
    expect(skipped.r.exitCode).toBe(0)
    expect(skipped.r.log).not.toContain('CVE-2099-0004')
    expect(await registryDigest(`${bed.REGISTRY}/${skipped.org}/app:${TAG}`)).toMatch(/^sha256:/)
    const report = JSON.parse(
      fs.readFileSync(path.join(ws, 'artifacts', 'scans', 'app-linux-amd64.trivy.json'), 'utf8')
    ) as { Results?: { Target: string }[] | null }
    expect((report.Results ?? []).map(r => r.Target)).not.toContain(LODASH.slice(1))
    const plan = JSON.parse(fs.readFileSync(path.join(ws, 'artifacts', 'imagegate-plan.json'), 'utf8')) as {
      scan?: unknown
    }
    expect(plan.scan).toEqual({ skipDirs: [], skipFiles: [LODASH], scanners: ['vuln', 'secret'] })
    const findings = JSON.parse(
      fs.readFileSync(path.join(ws, 'artifacts', 'imagegate-findings.json'), 'utf8')
    ) as { provenance: { policy: { scanner?: unknown } } }
    expect(findings.provenance.policy.scanner).toEqual({
      skipDirs: [],
      skipFiles: [LODASH],
      scanners: ['vuln', 'secret']
    })
  })
})

describe('build options', () => {
  test("no-cache rebuilds every step; an image's no-cache: false beats the input", async () => {
    // two images with the same steps: after a first run, both are in BuildKit's cache
    const extra = `RUN echo knobs-no-cache-${process.pid}-${Date.now()} > /tmp/stamp`
    const ws = workspace([
      { name: 'fresh', platforms: ['linux/amd64'], extra },
      { name: 'cached', platforms: ['linux/amd64'], extra, catalog: ['no-cache: false'] }
    ])
    const warm = await bedRun(ws, { prefix: 'knobs-nocache' })
    expect(warm.r.exitCode).toBe(0)
    // one build at a time: BuildKit shows a vertex two concurrent builds share in both logs
    const again = await bedRun(ws, {
      prefix: 'knobs-nocache',
      inputs: { 'no-cache': 'true', 'max-parallel': '1' }
    })
    expect(again.r.exitCode).toBe(0)
    const fresh = group(again.r.log, /fresh: built in/)
    const cached = group(again.r.log, /cached: built in/)
    expect(fresh).toMatch(/^#\d+ \[(?:\S+ )?\d+\/\d+\] RUN echo knobs-no-cache/m)
    // no build step came from the cache (FROM, the base image the engine already holds, is no step)
    expect(cachedSteps(fresh)).toEqual([])
    expect(again.r.log).toMatch(/fresh: built in .*, 0\/\d+ steps cached/)
    // the control: the same steps, the image's own no-cache: false, all from the cache (BuildKit
    // reports cached steps in the order they resolve, which is not the Dockerfile's)
    expect(cachedSteps(cached).sort()).toEqual(['COPY', 'RUN', 'RUN'])
    expect(again.r.log).toMatch(/cached: built in .*, (\d+)\/\1 steps cached/)
  })

  test("build-contexts: a named local context read by COPY --from, an image's own beating the input's", async () => {
    const copy = 'COPY --from=shared greeting.txt /etc/greeting'
    const ws = workspace([
      { name: 'fromin', platforms: ['linux/amd64'], extra: copy },
      {
        name: 'fromcat',
        platforms: ['linux/amd64'],
        extra: copy,
        catalog: ['build-contexts: { shared: libs/own }']
      }
    ])
    for (const [dir, text] of [
      ['libs/shared', 'from the input'],
      ['libs/own', "from the image's own"]
    ] as const) {
      fs.mkdirSync(path.join(ws, dir), { recursive: true })
      fs.writeFileSync(path.join(ws, dir, 'greeting.txt'), `${text}\n`)
    }
    const { r, org } = await bedRun(ws, {
      prefix: 'knobs-ctx',
      inputs: { 'build-contexts': 'shared=libs/shared' }
    })
    expect(r.exitCode).toBe(0)
    for (const [name, text] of [
      ['fromin', 'from the input'],
      ['fromcat', "from the image's own"]
    ] as const) {
      const ref = `${bed.REGISTRY}/${org}/${name}:${TAG}`
      expect(readFile(ref, '/etc/greeting')).toBe(text)
      expect(docker(['image', 'rm', ref]).status).toBe(0)
    }
  })

  test('annotations reach the pushed index and its platform manifests', async () => {
    const ws = workspace([
      {
        name: 'annotated',
        platforms: ['linux/amd64', 'linux/arm64'],
        catalog: ['annotations:', '  "index:com.example.owner": team-a']
      }
    ])
    const { r, org } = await bedRun(ws, {
      prefix: 'knobs-annotations',
      inputs: {
        annotations: [
          'index:org.opencontainers.image.description=built by imagegate, annotated',
          'index:com.example.owner=input-team',
          'manifest:com.example.flavour=plain'
        ].join('\n')
      }
    })
    expect(r.exitCode).toBe(0)
    const repository = `${org}/annotated`
    const index = await registryManifest(repository, TAG)
    expect(index.mediaType).toBe(INDEX)
    expect(index.annotations).toEqual(
      expect.objectContaining({
        'org.opencontainers.image.description': 'built by imagegate, annotated',
        // the image's own wins over the input's
        'com.example.owner': 'team-a'
      })
    )
    const platforms = (index.manifests ?? []).filter(m => m.platform?.architecture !== 'unknown')
    expect(platforms.map(m => m.platform?.architecture).sort()).toEqual(['amd64', 'arm64'])
    for (const m of platforms) {
      const manifest = await registryManifest(repository, m.digest)
      expect(manifest.annotations?.['com.example.flavour']).toBe('plain')
    }
  })

  test('ssh without an agent and a missing context folder: red before anything is built, naming the input and the catalog line', async () => {
    const ws = workspace([
      { name: 'needs-ssh', platforms: ['linux/amd64'], catalog: ['ssh: ["deploy=keys/missing-key"]'] }
    ])
    const { r, org } = await bedRun(ws, {
      prefix: 'knobs-ssh',
      inputs: { ssh: 'default', 'build-contexts': 'shared=libs/nowhere' },
      env: { SSH_AUTH_SOCK: '' }
    })
    expect(r.exitCode).toBe(1)
    expect(r.log).toContain(
      'input ssh: "default" forwards the SSH agent, but SSH_AUTH_SOCK is not set (start an agent'
    )
    expect(r.log).toContain('input build-contexts: shared: "libs/nowhere" is not a folder in the workspace')
    // the catalog's entry: its file and line (line 9: the ssh field under the image)
    expect(r.log).toMatch(
      /\.github\/images\.yml:9 images\[0\]\.ssh\[0\]: "deploy=keys\/missing-key": "keys\/missing-key" does not exist/
    )
    expect(r.log).not.toContain('build started')
    expect(await registryDigest(`${bed.REGISTRY}/${org}/needs-ssh:${TAG}`)).toBeUndefined()
  })
})
