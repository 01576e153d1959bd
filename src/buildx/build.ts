// docker buildx: the argv for one image (pure), running it, and reading buildx's metadata file.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { z } from 'zod'
import { usingImageStore } from '../docker/image-store.js'
import { exec, redact, tail, type Limit } from '../exec.js'
import type { ImagePlan } from '../plan/plan.js'
import { parseJson } from '../json.js'
import { buildOptionArgs } from './options.js'

export interface BuildOpts {
  /** The buildx builder (`--builder`, the builder input); empty or absent: the current one. */
  builder?: string
  /** The workspace: the image's context and Dockerfile are relative to it. */
  workspace: string
  /** OCI layout directory buildx writes (created by buildx). */
  layoutDir: string
  /** buildx --metadata-file. */
  metadataFile: string
  /** The provenance input ('' leaves buildx's default). */
  provenance: string
  /** Build secrets available to the run, by id (values never reach argv). */
  secrets: Record<string, string>
  /**
   * The rewrite-timestamp input: layer file times are clamped to SOURCE_DATE_EPOCH too, so a rebuild
   * without cache gives the same digests. Off by default: BuildKit then decompresses and recompresses
   * every layer of every platform on every export, cached or not. SOURCE_DATE_EPOCH alone (buildx passes
   * it to BuildKit) already fixes the config's and the history's times.
   */
  rewriteTimestamp?: boolean
  /** build-timeout: the build (all platforms) is stopped when it expires. */
  timeout?: Limit
  /** Each line of buildx's plain progress as it comes (secrets masked), for the job log. */
  onLine?: (line: string) => void
}

/** The environment variable a build secret's value travels in (argv only names it). */
export function secretEnvName(id: string): string {
  return `IMAGEGATE_SECRET_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`
}

export function buildArgs(image: ImagePlan, o: BuildOpts): string[] {
  const args = ['buildx', 'build']
  if (o.builder) args.push('--builder', o.builder)
  args.push('--platform', image.platforms.join(','))
  args.push('--file', path.resolve(o.workspace, image.file))
  if (image.target) args.push('--target', image.target)
  for (const [k, v] of Object.entries(image.buildArgs)) args.push('--build-arg', `${k}=${v}`)
  for (const [k, v] of Object.entries(image.labels)) args.push('--label', `${k}=${v}`)
  for (const ref of image.refs) args.push('--tag', ref)
  for (const c of image.cacheFrom) args.push('--cache-from', c)
  for (const c of image.cacheTo) args.push('--cache-to', c)
  if (o.provenance) args.push(`--provenance=${o.provenance}`)
  for (const id of image.secrets) args.push('--secret', `id=${id},env=${secretEnvName(id)}`)
  args.push(...buildOptionArgs(image, o.workspace))
  args.push(
    '--output',
    `type=oci,dest=${o.layoutDir},tar=false${o.rewriteTimestamp ? ',rewrite-timestamp=true' : ''}`
  )
  // plain progress: readable in the log, and the step lines cacheUse() counts
  args.push('--progress', 'plain', '--metadata-file', o.metadataFile)
  args.push(path.resolve(o.workspace, image.context))
  return args
}

/** The environment of the buildx process: the runner's, plus the image's secrets by name. */
export function buildEnv(image: ImagePlan, secrets: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const id of image.secrets) {
    const value = secrets[id]
    if (value === undefined)
      throw new Error(`${image.name}: build secret "${id}" is not in the secrets input`)
    env[secretEnvName(id)] = value
  }
  return env
}

const MetadataSchema = z.looseObject({
  'containerimage.digest': z.string().regex(/^sha256:[a-f0-9]{64}$/),
  'containerimage.descriptor': z
    .looseObject({ mediaType: z.string(), digest: z.string(), size: z.number() })
    .optional(),
  'buildx.build.ref': z.string().optional()
})
export type BuildMetadata = z.infer<typeof MetadataSchema>

export function parseMetadata(text: string, file: string): BuildMetadata {
  const json = parseJson(text, () => `buildx metadata file ${file} is not JSON`)
  const r = MetadataSchema.safeParse(json)
  if (!r.success) throw new Error(`buildx metadata file ${file} has no image digest (containerimage.digest)`)
  return r.data
}

export interface BuildResult {
  digest: string
  layoutDir: string
  ms: number
  log: string
  cache: CacheUse
}

/** Build steps (Dockerfile instructions, per platform) and how many of them BuildKit found cached. */
export interface CacheUse {
  steps: number
  cached: number
}

/**
 * What a build is busy with, from its plain progress as it comes: the vertex started last that has not
 * ended (`#8 [linux/amd64 base 2/2] RUN make`, `#12 exporting to oci image format`). A vertex's first
 * line names it; `#8 DONE 0.8s`, `#8 CACHED`, `#8 ERROR ...`, `#8 CANCELED` end it.
 */
export class ProgressSteps {
  private readonly names = new Map<string, string>()
  private readonly running: string[] = []

  line(text: string): void {
    const m = /^#(\d+) (.+)$/.exec(text.trim())
    // #0 is buildx's banner (`building with "default" instance`), never a step and never ended
    if (!m || m[1] === '0') return
    const id = m[1] as string
    const rest = m[2] as string
    if (!this.names.has(id)) {
      this.names.set(id, `#${id} ${rest.slice(0, 120)}`)
      this.running.push(id)
    } else if (/^(DONE|CACHED|ERROR|CANCELED)\b/.test(rest)) {
      const at = this.running.indexOf(id)
      if (at >= 0) this.running.splice(at, 1)
    }
  }

  /** The step in progress (the one started last), or undefined before the first and after the last. */
  current(): string | undefined {
    const id = this.running[this.running.length - 1]
    return id === undefined ? undefined : this.names.get(id)
  }
}

/**
 * Cache use from BuildKit's plain progress: a step is a vertex named `[<platform> <stage> n/m] ...`
 * (`#7 [linux/arm64 runtime 2/4] RUN ...`); a cached one has a `#7 CACHED` line. Internal vertices
 * (context, metadata, exporting) and FROM (the base, resolved, never built) are not steps.
 */
export function cacheUse(log: string): CacheUse {
  const steps = new Set<string>()
  const cached = new Set<string>()
  for (const line of log.split('\n')) {
    const step = /^#(\d+) \[(?:[^\]]*\s)?\d+\/\d+\] (\S+)/.exec(line)
    if (step && step[2] !== 'FROM') steps.add(step[1] as string)
    const hit = /^#(\d+) CACHED\s*$/.exec(line)
    if (hit) cached.add(hit[1] as string)
  }
  return { steps: steps.size, cached: [...cached].filter(id => steps.has(id)).length }
}

/** A failed build, with its whole log for the job's log group. */
export class BuildError extends Error {
  constructor(
    message: string,
    readonly log: string
  ) {
    super(message)
  }
}

export async function build(image: ImagePlan, o: BuildOpts): Promise<BuildResult> {
  fs.rmSync(o.layoutDir, { recursive: true, force: true })
  fs.mkdirSync(path.dirname(o.metadataFile), { recursive: true })
  const secretValues = image.secrets.map(id => o.secrets[id] ?? '')
  // never beside one of the run's smoke-image removals (docker/image-store.ts)
  const r = await usingImageStore(
    async () =>
      await exec('docker', buildArgs(image, o), {
        env: buildEnv(image, o.secrets),
        secrets: secretValues,
        stage: 'build',
        limit: o.timeout,
        subject: image.name,
        ...(o.onLine ? { onLine: o.onLine } : {})
      })
  )
  // what the run keeps of the build's output (its error, outputs, summary) holds no secret's value
  const log = redact(r.stderr + r.stdout, secretValues)
  if (r.exitCode !== 0) {
    throw new BuildError(
      `${image.name}: docker buildx build failed (exit ${r.exitCode}):\n${tail(log, 20)}`,
      log
    )
  }
  const metadata = parseMetadata(fs.readFileSync(o.metadataFile, 'utf8'), o.metadataFile)
  return {
    digest: metadata['containerimage.digest'],
    layoutDir: o.layoutDir,
    ms: r.ms,
    log,
    cache: cacheUse(log)
  }
}
