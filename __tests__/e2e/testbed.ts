// The test bed as the end-to-end tests see it: .testbed/env (written by scripts/testbed/up.sh), test
// workspaces built from fixture trees, and independent reads of what the registry holds.
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { ROOT, runAction, type RunOptions, type RunResult } from './runner.js'

export interface Testbed {
  REGISTRY: string
  AUTH_REGISTRY: string
  AUTH_USER: string
  AUTH_PASSWORD: string
  BASE_IMAGE: string
  TRIVY_BIN_DIR: string
  TRIVY_DB_FIXTURE: string
}

export function testbed(): Testbed {
  const file = path.join(ROOT, '.testbed', 'env')
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run scripts/testbed/up.sh (npm test does)`)
  const env: Record<string, string> = {}
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=')
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1)
  }
  for (const k of [
    'REGISTRY',
    'AUTH_REGISTRY',
    'AUTH_USER',
    'AUTH_PASSWORD',
    'BASE_IMAGE',
    'TRIVY_BIN_DIR',
    'TRIVY_DB_FIXTURE'
  ]) {
    if (!env[k]) throw new Error(`${file} has no ${k}: run scripts/testbed/up.sh again`)
  }
  return env as unknown as Testbed
}

export const FIXTURES = path.join(ROOT, '__tests__', 'fixtures')

export interface TestImage {
  name: string
  /** Fixture trees (under __tests__/fixtures/images) copied into the image. */
  trees?: string[]
  platforms?: string[]
  /** Extra Dockerfile lines at the end. */
  extra?: string
  /** Extra catalog lines for this image (indented under it), e.g. a smoke block. */
  catalog?: string[]
}

/** A workspace with a catalog and one context per image, each `FROM ${BASE_IMAGE}` plus fixture files. */
export function workspace(images: TestImage[], catalogExtra = ''): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-e2e-'))
  const lines = [
    'version: 1',
    'defaults:',
    '  registry: registry.invalid',
    '  platforms: [linux/amd64, linux/arm64]',
    catalogExtra,
    'images:'
  ]
  for (const image of images) {
    const ctx = path.join(ws, 'services', image.name)
    fs.mkdirSync(path.join(ctx, 'rootfs'), { recursive: true })
    fs.writeFileSync(path.join(ctx, 'rootfs', '.keep'), '')
    for (const tree of image.trees ?? []) {
      fs.cpSync(path.join(FIXTURES, 'images', tree), path.join(ctx, 'rootfs'), { recursive: true })
    }
    fs.writeFileSync(
      path.join(ctx, 'Dockerfile'),
      [
        'ARG BASE_IMAGE',
        'FROM ${BASE_IMAGE}',
        'COPY rootfs/ /',
        'RUN uname -m > /etc/built-arch',
        'USER 10001:10001',
        'HEALTHCHECK --interval=30s CMD ["true"]',
        // one CMD only (a second one is a Dockerfile misconfiguration the dockerfile-config rule reports)
        image.extra?.includes('CMD') ? '' : 'CMD ["uname", "-m"]',
        image.extra ?? '',
        ''
      ].join('\n')
    )
    lines.push(`  - name: ${image.name}`, `    context: services/${image.name}`)
    if (image.platforms) lines.push(`    platforms: [${image.platforms.join(', ')}]`)
    for (const l of image.catalog ?? []) lines.push(`    ${l}`)
  }
  fs.mkdirSync(path.join(ws, '.github'))
  fs.writeFileSync(path.join(ws, '.github', 'images.yml'), lines.filter(l => l !== '').join('\n') + '\n')
  return ws
}

/** A fresh copy of the fixture DB (Trivy writes its layer cache beside it). */
export function trivyCache(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-trivy-'))
  fs.cpSync(testbed().TRIVY_DB_FIXTURE, dir, { recursive: true })
  return dir
}

/** A unique org per test, so tests never see each other's repositories. */
export function uniqueOrg(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
}

export interface BedRunOptions {
  /** Prefix of the unique org (default `e2e`); not used when `org` is given. */
  prefix?: string
  /** An explicit org, e.g. to run again into the same repositories. */
  org?: string
  /** Files written into the workspace (path relative to it) before the run. */
  files?: Record<string, string>
  /** Extra catalog lines under `defaults:` (see workspace()). */
  catalogExtra?: string
  /** Over the default inputs; `undefined` leaves a default input out. */
  inputs?: Record<string, string | undefined>
  /** Over the default env (PATH with the bed's Trivy first, a fresh TRIVY_CACHE_DIR). */
  env?: Record<string, string>
  /** See RunOptions.onStart. */
  onStart?: RunOptions['onStart']
}

export interface BedRun {
  r: RunResult
  org: string
  ws: string
}

/**
 * Runs the action on the test bed: pushing to the bed's registry under a unique org, offline DB, Trivy
 * SBOMs, `BASE_IMAGE` as build arg. `from` is the images to build a workspace of, or a workspace to run
 * in again.
 */
export async function bedRun(from: TestImage[] | string, o: BedRunOptions = {}): Promise<BedRun> {
  const bed = testbed()
  const ws = typeof from === 'string' ? from : workspace(from, o.catalogExtra)
  for (const [file, text] of Object.entries(o.files ?? {})) fs.writeFileSync(path.join(ws, file), text)
  const org = o.org ?? uniqueOrg(o.prefix ?? 'e2e')
  const inputs: Record<string, string | undefined> = {
    registry: bed.REGISTRY,
    org,
    push: 'true',
    'offline-db': 'true',
    'sbom-generator': 'trivy',
    'build-args': `BASE_IMAGE=${bed.BASE_IMAGE}`,
    ...o.inputs
  }
  const r = await runAction({
    workspace: ws,
    inputs: Object.fromEntries(
      Object.entries(inputs).filter((e): e is [string, string] => e[1] !== undefined)
    ),
    env: {
      PATH: `${bed.TRIVY_BIN_DIR}:${process.env.PATH}`,
      // a fresh copy only when the call does not bring its own
      TRIVY_CACHE_DIR: o.env?.TRIVY_CACHE_DIR ?? trivyCache(),
      ...o.env
    },
    onStart: o.onStart
  })
  return { r, org, ws }
}

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

/** What the registry answers for host/name:tag: the digest, or undefined when it has nothing. */
export async function registryDigest(
  ref: string,
  auth?: { user: string; password: string }
): Promise<string | undefined> {
  const slash = ref.indexOf('/')
  const colon = ref.lastIndexOf(':')
  const host = ref.slice(0, slash)
  const name = ref.slice(slash + 1, colon)
  const tag = ref.slice(colon + 1)
  const headers: Record<string, string> = { Accept: ACCEPT }
  if (auth) headers.Authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`
  const res = await fetch(`http://${host}/v2/${name}/manifests/${tag}`, { method: 'HEAD', headers })
  if (res.status === 404) return undefined
  if (!res.ok) throw new Error(`HEAD ${ref}: HTTP ${res.status}`)
  return res.headers.get('docker-content-digest') ?? undefined
}

/** The registry's tag list for a repository (empty when the repository does not exist). */
export async function registryTags(
  host: string,
  name: string,
  auth?: { user: string; password: string }
): Promise<string[]> {
  const headers: Record<string, string> = {}
  if (auth) headers.Authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`
  const res = await fetch(`http://${host}/v2/${name}/tags/list`, { headers })
  if (res.status === 404) return []
  const body = (await res.json()) as { tags?: string[] | null }
  return body.tags ?? []
}

export function docker(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('docker', args, { encoding: 'utf8', timeout: 300_000 })
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' }
}
