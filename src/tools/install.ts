// Installing trivy, syft and cosign safely and once: the tool on PATH when it is the wanted version,
// else the runner's tool cache, else the official release file, verified by SHA-256 against the table
// in checksums.ts BEFORE anything is extracted or run. The pure pieces (versions, architectures,
// digests, `--version` parsing) come first; installTool() is the only part that does I/O.
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import { CancelledError, exec, recordTiming, tail } from '../exec.js'
import {
  type Arch,
  type ChecksumTable,
  CHECKSUMS,
  DEFAULT_VERSIONS,
  GITHUB,
  knownVersions,
  lookupChecksum,
  REFUSED,
  RELEASES,
  releaseFileName,
  releaseUrl,
  type Tool
} from './checksums.js'
import { which } from './path.js'
import { extractTree } from '../oci/tar.js'

export interface InstallSpec {
  tool: Tool
  /** The wanted version, `0.74.0` or `v0.74.0`; empty or absent: the pinned default. */
  version?: string
  /**
   * SHA-256 of this runner's release file (64 hex digits, `sha256:` prefix allowed), from an input: the
   * only way to install a version the table does not know. For a version it knows, it must agree.
   */
  checksum?: string
  /** Do not use the tool on PATH: the verified release (from the tool cache, or downloaded) is used. */
  force?: boolean
  /** Use the tool on PATH whatever version it reports (a test bed's stand-ins). */
  anyVersionOnPath?: boolean
  /** Replaces https://github.com in release URLs (tests, a mirror of the release files). */
  baseUrl?: string
  /** Replaces the checksum table (tests). */
  checksums?: ChecksumTable
  /**
   * What a PATH binary's version check said before (by file identity), so an unchanged binary is not
   * started again only to print its version; `remember` is told what a check found.
   */
  versions?: { recall(file: string): string | undefined; remember(file: string, version: string): void }
}

export interface InstalledTool {
  /** The executable's full path. */
  path: string
  version: string
  source: 'path' | 'cache' | 'download'
}

// ---------------------------------------------------------------------------------------------- pure

const VERSION = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/

/** The wanted version without its `v`; the pinned default when none is given. */
export function normalizeVersion(tool: Tool, input: string | undefined): string {
  const raw = (input ?? '').trim()
  if (!raw) return DEFAULT_VERSIONS[tool]
  const m = VERSION.exec(raw)
  if (!m?.[1])
    throw new Error(
      `${tool} version "${raw}" is not an exact release version like ${DEFAULT_VERSIONS[tool]}: ` +
        'imagegate installs pinned releases only (a name like "latest" proves nothing)'
    )
  return m[1]
}

/** The release files' architecture for this runner, or an error naming the platform and arch. */
export function toolArch(tool: Tool, platform: string, arch: string): Arch {
  if (platform === 'linux' && arch === 'x64') return 'amd64'
  if (platform === 'linux' && arch === 'arm64') return 'arm64'
  throw new Error(
    `imagegate installs ${tool} on Linux x64 and arm64 runners only; this runner is ${platform}/${arch} ` +
      `(put a ${tool} on PATH yourself to use one here)`
  )
}

/** A SHA-256 as given in an input: trimmed, `sha256:` prefix dropped, lowercase, 64 hex digits. */
export function normalizeChecksum(tool: Tool, input: string): string {
  const v = input
    .trim()
    .replace(/^sha256:/i, '')
    .toLowerCase()
  if (!/^[0-9a-f]{64}$/.test(v))
    throw new Error(`the checksum given for ${tool} ("${input.trim()}") is not a SHA-256 (64 hex digits)`)
  return v
}

/** Refuses versions that must never run, whatever checksum comes with them. */
export function assertNotRefused(tool: Tool, version: string): void {
  const why = REFUSED[tool]?.[version]
  if (why) throw new Error(`${tool} ${version} is refused: it is ${why}`)
}

/**
 * The digest a release file must have: the table's, or the one given (for a version the table does not
 * know). A version neither knows is refused; a given digest that contradicts the table is refused.
 */
export function expectedDigest(o: {
  tool: Tool
  version: string
  arch: Arch
  checksum?: string
  table?: ChecksumTable
}): { sha256: string; from: 'table' | 'input' } {
  const table = o.table ?? CHECKSUMS
  assertNotRefused(o.tool, o.version)
  const file = releaseFileName(o.tool, o.version, o.arch)
  const known = lookupChecksum(o.tool, o.version, o.arch, table)
  const given = o.checksum?.trim() ? normalizeChecksum(o.tool, o.checksum) : undefined
  if (known && given && known !== given)
    throw new Error(
      `the checksum given for ${file} (${given}) differs from imagegate's table (${known}): ` +
        'one of them is wrong, and nothing is installed'
    )
  if (known) return { sha256: known, from: 'table' }
  if (given) return { sha256: given, from: 'input' }
  const versions = knownVersions(o.tool, o.arch, table)
  throw new Error(
    `${o.tool} ${o.version} is not in imagegate's checksum table ` +
      `(it knows ${versions.length ? versions.join(', ') : 'no version'} for linux/${o.arch}), ` +
      'and imagegate runs no release it cannot verify: give the SHA-256 of ' +
      `${file} (from the release's ${RELEASES[o.tool].checksumsFile(o.version)}) as its checksum, ` +
      'or use a version the table knows'
  )
}

/** The tool's own version from what its version command printed (`v` dropped), if it says. */
export function parseToolVersion(tool: Tool, output: string): string | undefined {
  const patterns: Record<Tool, RegExp[]> = {
    // `Version: 0.74.0` first; the DB's own `  Version: 2` lines that follow are indented
    trivy: [/^Version:\s*v?(\S+)/m],
    // `syft 1.51.0` (--version); `Version: 1.51.0` (`syft version`)
    syft: [/^syft\s+v?(\d\S*)/m, /^Version:\s*v?(\S+)/m],
    // `GitVersion:    v2.6.1` (`cosign version`)
    cosign: [/^GitVersion:\s*v?(\S+)/m]
  }
  for (const re of patterns[tool]) {
    const m = re.exec(output)
    if (m?.[1]) return m[1]
  }
  return undefined
}

// ------------------------------------------------------------------------------------------------ I/O

/** The run's timing of each release download (`download trivy`): the metadata counts them. */
export const DOWNLOAD = 'download '

/** Written beside a tool in the cache: which verified release file it was made from. */
const STAMP = '.imagegate-release.json'

interface Stamp {
  file: string
  url: string
  sha256: string
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256')
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

function runnerDir(name: 'RUNNER_TOOL_CACHE' | 'RUNNER_TEMP'): string {
  // @actions/tool-cache reads these from process.env when it is called (not from an `env` argument)
  const dir = process.env[name]
  if (!dir)
    throw new Error(
      `${name} is not set: installing tools needs the runner's tool cache and temp directories ` +
        '(GitHub runners set RUNNER_TOOL_CACHE and RUNNER_TEMP; for a local run point them at directories)'
    )
  return dir
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

function readStamp(dir: string): Stamp | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, STAMP), 'utf8')) as Stamp
  } catch {
    return undefined
  }
}

function addToPath(dir: string, env: NodeJS.ProcessEnv): void {
  core.addPath(dir) // this process's PATH, and GITHUB_PATH for the job's later steps
  if (env !== process.env) env.PATH = `${dir}${path.delimiter}${env.PATH ?? ''}`
}

async function versionOf(tool: Tool, file: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const r = await exec(file, RELEASES[tool].versionArgs, { env, timeoutMs: 60_000, stage: 'tools' })
    if (r.exitCode !== 0) {
      core.info(`${file} ${RELEASES[tool].versionArgs.join(' ')} exited ${r.exitCode}: ${tail(r.stderr, 3)}`)
      return undefined
    }
    return parseToolVersion(tool, r.stdout) ?? parseToolVersion(tool, r.stderr)
  } catch (e) {
    // a cancelled job downloads nothing instead
    if (e instanceof CancelledError) throw e
    core.info(`${file}: ${(e as Error).message}`)
    return undefined
  }
}

/**
 * Why installTool(spec) could not give the wanted version on this runner, or undefined when it can: an
 * unreadable or refused version, one the checksum table does not know (unless that very version is on
 * PATH and `force` is off). Run before anything is built, so a bad version input is an input error and
 * not the failure of every image after its build. A PATH binary's version is probed only for a version
 * the table does not know, and remembered through `spec.versions` for installTool.
 */
export async function installProblem(
  spec: InstallSpec,
  env: NodeJS.ProcessEnv = process.env
): Promise<string | undefined> {
  const { tool } = spec
  let version: string
  try {
    version = normalizeVersion(tool, spec.version)
    assertNotRefused(tool, version)
  } catch (err) {
    return (err as Error).message
  }
  let arch: Arch
  try {
    arch = toolArch(tool, process.platform, process.arch)
  } catch (err) {
    // nothing can be downloaded here: only a tool on PATH will do, which installTool looks for first
    return spec.force ? (err as Error).message : undefined
  }
  const table = spec.checksums ?? CHECKSUMS
  if (lookupChecksum(tool, version, arch, table) || spec.checksum?.trim()) return undefined
  if (!spec.force) {
    const found = which(RELEASES[tool].binary, env)
    if (found) {
      const recalled = spec.versions?.recall(found)
      const onPath = recalled ?? (await versionOf(tool, found, env))
      if (onPath !== undefined && recalled === undefined) spec.versions?.remember(found, onPath)
      if (onPath === version) return undefined
    }
  }
  const versions = knownVersions(tool, arch, table)
  return (
    `${tool} ${version} cannot be installed: imagegate installs only releases its checksum table knows ` +
    `(${versions.length ? versions.join(', ') : 'none'} for linux/${arch})` +
    (spec.force ? ' and install-tools is pinned' : `, and no ${tool} ${version} is on PATH`) +
    `: use one of those, leave the input empty for the pinned default, or put ${tool} ${version} on PATH`
  )
}

/** Concurrent installs of the same release share one download (a catalog's images in parallel). */
const inflight = new Map<string, Promise<InstalledTool>>()

/**
 * The tool, ready to run: from PATH when it reports the wanted version (unless `force`), else from the
 * tool cache, else downloaded, verified and cached. Cache and download put its directory on PATH.
 * `env` is where PATH is looked up (and the environment of the version check); the tool cache's
 * directories come from process.env (RUNNER_TOOL_CACHE, RUNNER_TEMP), where @actions/tool-cache reads them.
 */
export async function installTool(
  spec: InstallSpec,
  env: NodeJS.ProcessEnv = process.env
): Promise<InstalledTool> {
  const { tool } = spec
  const release = RELEASES[tool]
  const version = normalizeVersion(tool, spec.version)
  assertNotRefused(tool, version)

  if (!spec.force) {
    const found = which(release.binary, env)
    if (found) {
      const recalled = spec.versions?.recall(found)
      const v = recalled ?? (await versionOf(tool, found, env))
      if (v !== undefined && recalled === undefined) spec.versions?.remember(found, v)
      const refused = v !== undefined && REFUSED[tool]?.[v] !== undefined
      if (v !== undefined && !refused && (v === version || spec.anyVersionOnPath)) {
        core.info(`${tool} ${v}: ${found} (on PATH)`)
        return { path: found, version: v, source: 'path' }
      }
      core.info(
        `${tool} on PATH (${found}) is ${refused ? `the refused ${v}` : (v ?? 'of unknown version')}, ` +
          `not ${version}: using the verified release`
      )
    }
  }

  const arch = toolArch(tool, process.platform, process.arch)
  const expected = expectedDigest({ tool, version, arch, checksum: spec.checksum, table: spec.checksums })
  const cacheRoot = runnerDir('RUNNER_TOOL_CACHE')
  const temp = runnerDir('RUNNER_TEMP')
  const baseUrl = spec.baseUrl ?? GITHUB

  const key = [tool, version, process.arch, expected.sha256, cacheRoot, baseUrl].join('|')
  const pending = inflight.get(key)
  if (pending) return withPath(await pending, env)
  const p = fromCacheOrDownload({ tool, version, arch, sha256: expected.sha256, temp, baseUrl }, env)
  inflight.set(key, p)
  try {
    return await p
  } finally {
    inflight.delete(key)
  }
}

/** A shared result, with its directory also on this caller's PATH. */
function withPath(r: InstalledTool, env: NodeJS.ProcessEnv): InstalledTool {
  if (env !== process.env) env.PATH = `${path.dirname(r.path)}${path.delimiter}${env.PATH ?? ''}`
  return { ...r }
}

async function fromCacheOrDownload(
  o: { tool: Tool; version: string; arch: Arch; sha256: string; temp: string; baseUrl: string },
  env: NodeJS.ProcessEnv
): Promise<InstalledTool> {
  const { tool, version, arch, sha256 } = o
  const release = RELEASES[tool]

  // loaded on first use: a tool found on PATH needs none of it (its HTTP client is a large module)
  const tc = await import('@actions/tool-cache')
  const cached = tc.find(tool, version, process.arch)
  if (cached) {
    const bin = path.join(cached, release.binary)
    const stamp = readStamp(cached)
    if (isExecutable(bin) && stamp?.sha256 === sha256) {
      core.info(`${tool} ${version}: ${bin} (tool cache, from ${stamp.file} sha256:${sha256})`)
      addToPath(cached, env)
      return { path: bin, version, source: 'cache' }
    }
    core.info(
      `${tool} ${version} in the tool cache (${cached}) was not verified against sha256:${sha256}: replacing it`
    )
  }

  const file = releaseFileName(tool, version, arch)
  const url = releaseUrl(tool, version, arch, o.baseUrl)
  const work = path.join(o.temp, `imagegate-${tool}-${crypto.randomUUID()}`)
  const archive = path.join(work, file)
  const start = Date.now()
  try {
    core.info(`${tool} ${version}: downloading ${url}`)
    try {
      await tc.downloadTool(url, archive)
    } catch (e) {
      throw new Error(`could not download ${tool} ${version} from ${url}: ${(e as Error).message}`, {
        cause: e
      })
    }
    const actual = await sha256File(archive)
    if (actual !== sha256) {
      fs.rmSync(archive, { force: true })
      throw new Error(
        `checksum mismatch for ${file}: expected ${sha256}, got ${actual} ` +
          `(downloaded from ${url}; the file was deleted and nothing from it was extracted or run)`
      )
    }
    core.info(`${file}: sha256:${actual} verified`)

    const content = path.join(work, 'content')
    fs.mkdirSync(content)
    if (release.kind === 'tar.gz') {
      try {
        await extractTree(archive, content)
      } catch (e) {
        throw new Error(`could not extract ${file}: ${(e as Error).message}`, { cause: e })
      }
    } else {
      fs.copyFileSync(archive, path.join(content, release.binary))
    }
    const bin = path.join(content, release.binary)
    if (!fs.existsSync(bin) || !fs.statSync(bin).isFile())
      throw new Error(`${file} (sha256:${actual}) holds no ${release.binary} at its top`)
    fs.chmodSync(bin, 0o755)
    const stamp: Stamp = { file, url, sha256: actual }
    fs.writeFileSync(path.join(content, STAMP), `${JSON.stringify(stamp)}\n`)

    const dir = await tc.cacheDir(content, tool, version, process.arch)
    addToPath(dir, env)
    core.info(`${tool} ${version}: ${path.join(dir, release.binary)} (downloaded, verified, cached)`)
    return { path: path.join(dir, release.binary), version, source: 'download' }
  } finally {
    recordTiming('tools', `${DOWNLOAD}${tool}`, start)
    fs.rmSync(work, { recursive: true, force: true })
  }
}
