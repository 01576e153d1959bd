// The image contract smoke test: run the built image as it will run in production (read-only root,
// writable /tmp, no capabilities, no privilege escalation) with the catalog's environment, wait for the
// health endpoint (or the HEALTHCHECK), check the process is not root, and always remove the container
// and the image it ran: only the tested platform's image is loaded, under a name of imagegate's own. The
// removal runs once the result is known, beside the rest of the run (it is nothing a verdict waits for);
// the run awaits every removal before it ends (smokeCleanups).
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as core from '@actions/core'
import { runCancellation } from '../cancel.js'
import { exec, redact, tail } from '../exec.js'
import { removingImages, usingImageStore } from './image-store.js'
import type { Smoke } from '../catalog/schema.js'
import { smokeEnv } from './smoke-env.js'
import { blobPath, writeSingleIndex, type Descriptor, type ImageManifest } from '../oci/layout.js'
import { writeTar } from '../oci/tar.js'

export interface SmokeOpts {
  image: string
  platform: string
  /** The OCI layout buildx wrote. */
  layoutDir: string
  /** The tested platform's manifest in that layout: the one image loaded into the engine for the run. */
  manifest: Pick<Descriptor, 'digest' | 'size' | 'mediaType'>
  /** What that manifest references (as the layout was read and checked): the blobs loaded with it. */
  content: Pick<ImageManifest, 'config' | 'layers'>
  smoke: Smoke
  /** Values for env entries the catalog leaves null (the smoke-env input). */
  values: Record<string, string>
  /** Bounded wait for health, seconds (catalog smoke.timeout, default 60). */
  timeoutSeconds?: number
}

export interface SmokeResult {
  passed: boolean
  message: string
  logs?: string
}

/** `docker run` argv: hardened; env passed by name only (values travel in the CLI's environment). */
export function runArgs(o: {
  name: string
  ref: string
  platform: string
  env: string[]
  port?: number
}): string[] {
  const args = ['run', '--detach', '--name', o.name, '--platform', o.platform]
  args.push('--read-only', '--tmpfs', '/tmp', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges')
  for (const name of o.env) args.push('--env', name)
  if (o.port !== undefined) args.push('--publish', `127.0.0.1::${o.port}`)
  args.push(o.ref)
  return args
}

async function docker(
  args: string[],
  o: { env?: NodeJS.ProcessEnv; input?: string; cleanup?: boolean } = {}
) {
  return await exec('docker', args, { ...o, stage: 'rules' })
}

/**
 * Removes the smoke container and the image loaded for it; also what a cancelled job does, so it runs as
 * a clean-up (after a cancellation too) and says nothing when they are gone already.
 */
async function removeSmoke(container: string, imageName: string): Promise<void> {
  await docker(['rm', '--force', container], { cleanup: true })
  await docker(['image', 'rm', imageName], { cleanup: true })
}

/** The removals of the run's smoke tests still under way. */
const cleanups = new Set<Promise<void>>()

/** Resolves once every smoke test's container and image are removed (a build run awaits it before it ends). */
export async function smokeCleanups(): Promise<void> {
  while (cleanups.size > 0) await Promise.all([...cleanups])
}

/**
 * The engine's name for the image a smoke test runs: imagegate's own (never one of the catalog's tags, so
 * nothing of the user's is replaced), unique to the run, removed after it.
 */
export function smokeImageName(image: string, unique: string): string {
  return `localhost/imagegate-smoke/${image}:${unique}`
}

/**
 * An OCI archive of one platform's image: an index naming that manifest alone (under `name`), and only
 * the blobs it references (the other platforms' never reach the engine). Writes `oci-layout` and
 * `index.json` into `dir`; returns the blobs' paths relative to the layout (their names in the archive).
 * The manifest's content comes from the layout as readLayout checked it (digests, sizes): nothing is
 * parsed again here.
 */
export function platformArchive(
  layoutDir: string,
  manifest: SmokeOpts['manifest'],
  content: SmokeOpts['content'],
  name: string,
  dir: string
): string[] {
  const digests = [manifest.digest, content.config.digest, ...content.layers.map(l => l.digest)]
  const blobs = [...new Set(digests)].map(d => path.relative(layoutDir, blobPath(layoutDir, d)))
  writeSingleIndex(dir, {
    mediaType: manifest.mediaType,
    digest: manifest.digest,
    size: manifest.size,
    // the full name under both keys, as buildx's exporters write it (docker load reads either)
    annotations: { 'io.containerd.image.name': name, 'org.opencontainers.image.ref.name': name }
  })
  return blobs
}

/** Loads one platform's image into the engine as `name`; returns the reference docker gives it. */
export async function loadPlatform(
  o: Pick<SmokeOpts, 'layoutDir' | 'manifest' | 'content'>,
  name: string,
  work: string
): Promise<string> {
  const dir = path.join(work, 'layout')
  const blobs = platformArchive(o.layoutDir, o.manifest, o.content, name, dir)
  const tarFile = path.join(work, 'smoke-image.tar')
  try {
    await writeTar(tarFile, [
      { name: 'oci-layout', file: path.join(dir, 'oci-layout') },
      { name: 'index.json', file: path.join(dir, 'index.json') },
      ...blobs.map(name => ({ name, file: path.join(o.layoutDir, name) }))
    ])
  } catch (err) {
    throw new Error(
      `could not archive the image for the smoke test: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err }
    )
  }
  const load = async (): Promise<Awaited<ReturnType<typeof docker>>> =>
    await usingImageStore(async () => await docker(['load', '--input', tarFile]))
  let r = await load()
  // another process's image removal (a second job on a shared engine) can take a parent snapshot from
  // under the unpack, as this run's own could before image-store.ts: the load is made once more
  if (r.exitCode !== 0 && /snapshot .*does not exist|failed to unpack loaded image/.test(r.stderr)) {
    core.info(`docker load failed (${tail(r.stderr, 1)}); once more`)
    r = await load()
  }
  fs.rmSync(tarFile, { force: true })
  const loaded = /Loaded image: (\S+)/.exec(r.stdout)?.[1]
  const id = /Loaded image ID: (sha256:[a-f0-9]{64})/.exec(r.stdout)?.[1]
  if (r.exitCode !== 0 || !(loaded ?? id))
    throw new Error(`docker load failed: ${tail(r.stderr || r.stdout)}`)
  return (loaded ?? id) as string
}

/**
 * Replaces, in what the container printed and what the test says, every value the smoke-env input gave
 * (the catalog's null entries: secrets on GitHub) with ***. The log masks them; the outputs, the summary
 * and the files a later step reads must not hold them either.
 */
export function redactor(smoke: Smoke, values: Record<string, string>): (text: string) => string {
  const secrets = Object.entries(smoke.env ?? {})
    .filter(([, value]) => value === null)
    .map(([name]) => values[name])
    .filter((v): v is string => v !== undefined && v !== '')
  return text => redact(text, secrets)
}

export async function smokeTest(o: SmokeOpts): Promise<SmokeResult> {
  const hide = redactor(o.smoke, o.values)
  const r = await testContainer(o)
  return { ...r, message: hide(r.message), ...(r.logs !== undefined ? { logs: hide(r.logs) } : {}) }
}

async function testContainer(o: SmokeOpts): Promise<SmokeResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-smoke-'))
  const unique = `${process.pid}-${Date.now().toString(36)}`
  const name = `imagegate-smoke-${o.image}-${unique}`
  const what = `${o.image} ${o.platform}`
  // docker run was tried: its container may exist (run --name creates it before it fails to start)
  let tried = false
  const imageName = smokeImageName(o.image, unique)
  let ref: string | undefined
  // a cancelled job removes them whatever this test is doing then (the container outlives docker run)
  const forget = runCancellation.onCancel(async () => await removeSmoke(name, imageName))
  try {
    const env = smokeEnv(o.image, o.smoke, o.values)
    ref = await loadPlatform(o, imageName, work)
    const health = o.smoke.health
    tried = true
    const run = await docker(
      runArgs({ name, ref, platform: o.platform, env: Object.keys(env), port: health?.port }),
      {
        env: { ...process.env, ...env }
      }
    )
    if (run.exitCode !== 0)
      return { passed: false, message: `${what}: the container did not start: ${tail(run.stderr, 5)}` }
    const deadline = Date.now() + (o.timeoutSeconds ?? o.smoke.timeout ?? 60) * 1000
    let healthy = false
    let last = ''
    while (!healthy && Date.now() < deadline) {
      const state = await docker([
        'inspect',
        '--format',
        '{{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{end}}',
        name
      ])
      const [status, exitCode, hc] = state.stdout.trim().split(' ')
      if (status !== 'running') {
        last = `the container stopped (${status}${status === 'exited' ? `, exit code ${exitCode}` : ''})`
        break
      }
      if (health) {
        const port = await docker(['port', name, `${health.port}/tcp`])
        const hostPort = /:(\d+)\s*$/m.exec(port.stdout)?.[1]
        if (hostPort) {
          try {
            const res = await fetch(`http://127.0.0.1:${hostPort}${health.path}`, {
              signal: AbortSignal.timeout(2000)
            })
            last = `GET ${health.path} answered ${res.status}`
            healthy = res.status === 200
          } catch (err) {
            last = `GET ${health.path}: ${fetchFailure(err)}`
          }
        }
      } else {
        last = `HEALTHCHECK ${hc || 'not defined'}`
        healthy = hc === 'healthy'
        if (!hc) break
      }
      if (!healthy) await new Promise(resolve => setTimeout(resolve, 500))
    }
    if (!healthy) {
      const logs = await docker(['logs', '--tail', '20', name])
      return {
        passed: false,
        message: `${what}: never became healthy (${last})`,
        logs: tail(logs.stdout + logs.stderr, 20)
      }
    }
    const id = await docker(['exec', name, 'id', '-u'])
    const uid = id.stdout.trim()
    if (id.exitCode === 0 && uid === '0')
      return { passed: false, message: `${what}: the process runs as root (uid 0)` }
    const who = id.exitCode === 0 ? `uid ${uid}` : 'uid unknown (no id in the image)'
    return { passed: true, message: `${what}: healthy (${last}), runs as ${who}` }
  } catch (err) {
    return { passed: false, message: `${what}: ${err instanceof Error ? err.message : String(err)}` }
  } finally {
    // the result is known: the container and the image go beside the rest of the run
    const cleanup = removeAfterTest({ tried, name, imageName, ref, what, work }).finally(() => {
      forget()
      cleanups.delete(cleanup)
    })
    cleanups.add(cleanup)
  }
}

/** Why a health request failed: fetch's own message says only 'fetch failed'; its cause says why. */
function fetchFailure(err: unknown): string {
  if (err instanceof Error && err.name === 'TimeoutError') return 'no answer within 2 s'
  const message = err instanceof Error ? err.message : String(err)
  const cause =
    err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined
  const why = cause?.code ?? cause?.message
  return why ? `${message} (${why})` : message
}

/**
 * After a smoke test: its container (when docker run was tried: a container that failed to start exists
 * too, and holds the image) and the image loaded for it. Only the name given
 * to the load goes (never by ID: the engine may have held these bytes under other names); also after a
 * failed load, which may have tagged the name before it failed. Never rejects: what cannot be removed is
 * said in the log.
 */
async function removeAfterTest(o: {
  tried: boolean
  name: string
  imageName: string
  ref: string | undefined
  what: string
  work: string
}): Promise<void> {
  try {
    if (o.tried) await docker(['rm', '--force', o.name], { cleanup: true })
    if (o.ref === o.imageName || o.ref === undefined) {
      // the engine may still hold the removed container's reference for a moment: one more try
      const removeImage = async (): Promise<Awaited<ReturnType<typeof docker>>> =>
        await removingImages(async () => await docker(['image', 'rm', o.imageName], { cleanup: true }))
      let rm = await removeImage()
      const absent = (r: { stderr: string }): boolean => /no such image/i.test(r.stderr)
      if (rm.exitCode !== 0 && absent(rm)) rm = { ...rm, exitCode: 0 } // never loaded: nothing to remove
      if (rm.exitCode !== 0) {
        await new Promise(resolve => setTimeout(resolve, 1000))
        rm = await removeImage()
      }
      if (rm.exitCode !== 0)
        core.info(`${o.what}: could not remove ${o.imageName}: ${tail(rm.stderr || rm.stdout)}`)
    }
  } catch (err) {
    core.info(`${o.what}: could not remove the smoke container or image: ${String(err)}`)
  } finally {
    fs.rmSync(o.work, { recursive: true, force: true })
  }
}
