// The build options build-push-action has (no-cache, pull, annotations, ssh, build-contexts): their
// syntax (pure), how an image's own merge with the inputs', and the checks that need the runner (an SSH
// agent, a key file), run before anything is built.
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { FieldPath, Problem } from '../catalog/errors.js'
import { escapes } from '../catalog/load.js'
import { contextKind, sshId } from './option-syntax.js'

/** The build options of one image, as the inputs or the catalog give them. */
export interface BuildOptions {
  noCache?: boolean
  pull?: boolean
  /** `[type[platform]:]key=value` -> value, buildx's `--annotation` (type: manifest by default). */
  annotations?: Record<string, string>
  /** buildx `--ssh` entries: `default` or `<id>[=<socket>|<key>[,<key>]]`. */
  ssh?: string[]
  /** Named contexts (`--build-context name=value`): a folder, `docker-image://`, `oci-layout://`, a URL, `target:`. */
  buildContexts?: Record<string, string>
}

/** Why a local build context is refused (it escapes the workspace, or is not a folder), or undefined. */
export function contextFolderProblem(value: string, workspace: string): string | undefined {
  if (contextKind(value) !== 'path') return undefined
  const absolute = path.resolve(workspace, value)
  const escape = escapes(absolute, workspace)
  if (escape) return `${JSON.stringify(value)} ${escape}`
  try {
    if (fs.statSync(absolute).isDirectory()) return undefined
  } catch {
    // missing: said below
  }
  return `${JSON.stringify(value)} is not a folder in the workspace (a local context; docker-image://, oci-layout://, a URL or target: are not read from disk)`
}

/**
 * Why an ssh entry cannot be used on this runner, or undefined: an entry without paths forwards the agent
 * (SSH_AUTH_SOCK must be a socket); with paths, each must exist (a socket or a key file).
 */
export function sshAgentProblem(
  entry: string,
  env: NodeJS.ProcessEnv,
  workspace: string
): string | undefined {
  const eq = entry.indexOf('=')
  if (eq < 0) {
    const sock = env.SSH_AUTH_SOCK
    if (!sock)
      return `${JSON.stringify(entry)} forwards the SSH agent, but SSH_AUTH_SOCK is not set (start an agent, e.g. webfactory/ssh-agent, or give a key file: ${sshId(entry)}=path/to/key)`
    try {
      if (fs.statSync(sock).isSocket()) return undefined
    } catch {
      return `${JSON.stringify(entry)} forwards the SSH agent, but SSH_AUTH_SOCK (${sock}) does not exist`
    }
    return `${JSON.stringify(entry)} forwards the SSH agent, but SSH_AUTH_SOCK (${sock}) is not a socket`
  }
  for (const file of entry.slice(eq + 1).split(',')) {
    if (!fs.existsSync(path.resolve(workspace, file.trim())))
      return `${JSON.stringify(entry)}: ${JSON.stringify(file.trim())} does not exist (a key file or an agent socket)`
  }
  return undefined
}

/**
 * An image's build options over the inputs': a flag the image sets wins; mappings merge by key and ssh
 * entries by id, the image's entry winning where both name the same one.
 */
export function mergeBuildOptions(input: BuildOptions, image: BuildOptions | undefined): BuildOptions {
  const ssh = new Map<string, string>()
  for (const entry of [...(input.ssh ?? []), ...(image?.ssh ?? [])]) ssh.set(sshId(entry), entry)
  const annotations = { ...input.annotations, ...image?.annotations }
  const contexts = { ...input.buildContexts, ...image?.buildContexts }
  const noCache = image?.noCache ?? input.noCache
  const pull = image?.pull ?? input.pull
  return {
    ...(noCache ? { noCache } : {}),
    ...(pull ? { pull } : {}),
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    ...(ssh.size > 0 ? { ssh: [...ssh.values()] } : {}),
    ...(Object.keys(contexts).length > 0 ? { buildContexts: contexts } : {})
  }
}

/** Pure: the argv the options add to `docker buildx build`. Local contexts resolve against the workspace. */
export function buildOptionArgs(options: BuildOptions, workspace: string): string[] {
  const args: string[] = []
  if (options.noCache) args.push('--no-cache')
  if (options.pull) args.push('--pull')
  for (const [key, value] of Object.entries(options.annotations ?? {}))
    args.push('--annotation', `${key}=${value}`)
  for (const [name, value] of Object.entries(options.buildContexts ?? {}))
    args.push(
      '--build-context',
      `${name}=${contextKind(value) === 'path' ? path.resolve(workspace, value) : value}`
    )
  for (const entry of options.ssh ?? []) args.push('--ssh', sshArg(entry, workspace))
  return args
}

/** An ssh entry with its socket or key paths made absolute (they are read from the workspace, as checked). */
function sshArg(entry: string, workspace: string): string {
  const eq = entry.indexOf('=')
  if (eq < 0) return entry
  const paths = entry
    .slice(eq + 1)
    .split(',')
    .map(p => path.resolve(workspace, p.trim()))
  return `${entry.slice(0, eq)}=${paths.join(',')}`
}

/** What buildHostProblems reads: the inputs' entries and the catalog's, where the catalog's stand. */
export interface BuildHostCheck {
  input: Pick<BuildOptions, 'ssh' | 'buildContexts'>
  /** The run's images as the catalog file has them: their index in it and their own ssh entries. */
  catalogImages: readonly { index: number; ssh?: readonly string[] }[]
  /** The catalog file (as messages name it) and the line of a field path in it. */
  file: string
  lineOf: (p: FieldPath) => number | undefined
  env: NodeJS.ProcessEnv
  workspace: string
}

/**
 * Before anything is built: every ssh entry usable on this runner (an agent, key files), every local
 * build context of the inputs a folder of the workspace (the catalog's are checked where it is read). An
 * input's problem names the input; a catalog's its file, line and field.
 */
export function buildHostProblems(o: BuildHostCheck): Problem[] {
  const problems: Problem[] = []
  for (const entry of o.input.ssh ?? []) {
    const problem = sshAgentProblem(entry, o.env, o.workspace)
    if (problem) problems.push({ file: o.file, path: [], input: 'ssh', message: problem })
  }
  for (const [name, value] of Object.entries(o.input.buildContexts ?? {})) {
    const problem = contextFolderProblem(value, o.workspace)
    if (problem)
      problems.push({ file: o.file, path: [], input: 'build-contexts', message: `${name}: ${problem}` })
  }
  for (const image of o.catalogImages) {
    ;(image.ssh ?? []).forEach((entry, k) => {
      const problem = sshAgentProblem(entry, o.env, o.workspace)
      const at: FieldPath = ['images', image.index, 'ssh', k]
      if (problem) problems.push({ file: o.file, line: o.lineOf(at), path: at, message: problem })
    })
  }
  return problems
}
