// The buildx builder a run builds with (the `builder` input), checked once before any build: it exists,
// it can export the OCI layout every build writes, and (a docker context) buildx will build with it. What buildx knows of its builders comes from its
// own machine output (`docker buildx ls --format json`); anything it does not say is left to buildx's
// own error at build time.
import { z } from 'zod'
import { exec, tail } from '../exec.js'
import { parseJson } from '../json.js'

/**
 * The worker label BuildKit in dockerd sets when the engine uses the containerd image store; buildx's
 * docker driver reads the same label to decide whether it can export OCI (and build multi-platform).
 */
export const SNAPSHOTTER_LABEL = 'org.mobyproject.buildkit.worker.snapshotter'

const NodeSchema = z.looseObject({
  Name: z.string(),
  Status: z.string().optional(),
  Labels: z.record(z.string(), z.string()).nullish()
})
const BuilderSchema = z.looseObject({
  Name: z.string(),
  Driver: z.string(),
  Nodes: z.array(NodeSchema).nullish()
})
export type BuilderInfo = z.infer<typeof BuilderSchema>

/** buildx's list of builders (each docker context is one, with the docker driver), as JSON lines. */
export const LIST_ARGS = ['buildx', 'ls', '--format', 'json']

/** `docker buildx inspect NAME`: whether buildx knows the name, for a buildx without `ls --format`. */
export function inspectArgs(name: string): string[] {
  return ['buildx', 'inspect', name]
}

/** `docker buildx ls --format json` output: one builder per line (buildx 0.13 prints each twice). */
export function parseBuilderList(text: string): BuilderInfo[] {
  const builders = new Map<string, BuilderInfo>()
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue
    const json = parseJson(line, reason => `docker buildx ls line ${i + 1} is not JSON: ${reason}`)
    const r = BuilderSchema.safeParse(json)
    if (!r.success)
      throw new Error(`docker buildx ls line ${i + 1} is not a builder: ${z.prettifyError(r.error)}`)
    if (!builders.has(r.data.Name)) builders.set(r.data.Name, r.data)
  }
  return [...builders.values()]
}

export function missingBuilder(name: string): string {
  return `input builder: no buildx builder named "${name}" (docker buildx ls lists them)`
}

/**
 * Why the builder cannot run this action's builds, or undefined (pure). The docker driver exports an
 * OCI layout only on an engine with the containerd image store; buildx refuses it otherwise, for one
 * platform as for many. Known only when a node runs and reports its worker labels: a builder not yet
 * booted (a docker-container builder before its first build) says nothing, and buildx decides.
 */
export function builderProblem(name: string, builders: readonly BuilderInfo[]): string | undefined {
  const builder = builders.find(b => b.Name === name)
  if (!builder) return missingBuilder(name)
  if (builder.Driver !== 'docker') return undefined
  const reporting = (builder.Nodes ?? []).filter(n => n.Status === 'running' && n.Labels)
  if (reporting.length > 0 && reporting.every(n => !(SNAPSHOTTER_LABEL in (n.Labels ?? {})))) {
    return (
      `input builder: "${name}" is the docker driver on an engine without the containerd image store, ` +
      `which cannot export the OCI layout every image is built into: turn on the engine's containerd ` +
      `image store, or pass a builder of another driver (docker-container, remote, kubernetes, cloud)`
    )
  }
  return undefined
}

/** The docker context the docker CLI uses now (DOCKER_CONTEXT, DOCKER_HOST, then its config). */
export const CONTEXT_ARGS = ['context', 'show']

/**
 * A docker driver builder is a docker context, and buildx builds with one only while it is the current
 * context (otherwise: "use `docker --context=NAME buildx` to switch to context"). Pure.
 */
export function contextProblem(name: string, current: string): string | undefined {
  if (name === current) return undefined
  return (
    `input builder: "${name}" is a docker context (docker driver) and the current context is ` +
    `"${current}": buildx builds with a context's builder only while it is the current one ` +
    `(docker context use ${name} before this step, or a builder created on it: docker buildx create ${name})`
  )
}

/**
 * Throws, before any build, when the named builder is missing, cannot export an OCI layout, or is a
 * docker context other than the current one.
 */
export async function checkBuilder(name: string): Promise<void> {
  const listed = await exec('docker', LIST_ARGS, { stage: 'builder', subject: name })
  if (listed.exitCode === 0) {
    const builders = parseBuilderList(listed.stdout)
    const problem = builderProblem(name, builders)
    if (problem) throw new Error(problem)
    if (builders.find(b => b.Name === name)?.Driver !== 'docker') return
    const context = await exec('docker', CONTEXT_ARGS, { stage: 'builder', subject: name })
    const inContext = context.exitCode === 0 ? contextProblem(name, context.stdout.trim()) : undefined
    if (inContext) throw new Error(inContext)
    return
  }
  // a buildx older than 0.13 has no `ls --format`: ask about the one name
  const inspected = await exec('docker', inspectArgs(name), { stage: 'builder', subject: name })
  if (inspected.exitCode !== 0) {
    throw new Error(
      `input builder: docker buildx inspect ${name} failed (exit ${inspected.exitCode}), so the builder ` +
        `cannot be used (docker buildx ls lists them):\n${tail(inspected.stderr + inspected.stdout, 5)}`
    )
  }
}
