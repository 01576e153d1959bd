// Installing trivy, syft and cosign safely and once: the tool on PATH when it is the wanted version,
// else the runner's tool cache, else the official release file (or a mirror's copy), verified by SHA-256
// BEFORE anything is extracted or run. The digest comes from the table in checksums.ts, else from the
// tool-checksums input, else from the release's own checksums file once its Sigstore bundle verifies
// (through the trust seam, passed in as `signatures`); a version none of them vouches for is refused.
// The pure pieces (versions, architectures, digests, `--version` parsing) come first; installTool() and
// installProblem() are the parts that do I/O.
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import { CancelledError, exec, recordTiming, tail } from '../exec.js'
import {
  type Arch,
  type ChecksumTable,
  CHECKSUMS,
  checksumInFile,
  checksumProblem,
  CHECKSUMS_SIGNING,
  checksumsSigner,
  DEFAULT_VERSIONS,
  GITHUB,
  knownVersions,
  lookupChecksum,
  majorOf,
  REFUSED,
  RELEASES,
  releaseFileName,
  releaseFileUrl,
  releaseUrl,
  type Tool
} from './checksums.js'
import { which } from './path.js'
import type { ReleaseSignatures } from '../trust/release.js'
import { extractTree } from '../oci/tar.js'

/** The input a given checksum comes from, named in every message about it. */
export const CHECKSUM_INPUT = 'tool-checksums'

/**
 * Checks a Sigstore bundle over a release file against the identity that must have signed it: the trust
 * seam's releaseSignatures() is the implementation (its type only is imported here).
 */
export type { ReleaseSignatures }

export interface InstallSpec {
  tool: Tool
  /** The wanted version, `0.74.0` or `v0.74.0`; empty or absent: the pinned default. */
  version?: string
  /**
   * SHA-256 of this runner's release file (64 hex digits, `sha256:` prefix allowed), from the
   * tool-checksums input: how a version the table does not know is installed when its release has no
   * Sigstore-signed checksums file. For a version the table knows, it must agree.
   */
  checksum?: string
  /**
   * Verifies the release's checksums file against its Sigstore bundle, for a version neither the table
   * nor `checksum` knows; absent: such a version is refused.
   */
  signatures?: ReleaseSignatures
  /** Do not use the tool on PATH: the verified release (from the tool cache, or downloaded) is used. */
  force?: boolean
  /** Use the tool on PATH whatever version it reports (a test bed's stand-ins). */
  anyVersionOnPath?: boolean
  /** Replaces https://github.com in release URLs (the tool-mirror input: a mirror of the release files). */
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
  const problem = checksumProblem(input)
  if (problem) throw new Error(`the checksum given for ${tool}: ${problem}`)
  return input
    .trim()
    .replace(/^sha256:/i, '')
    .toLowerCase()
}

/** Refuses versions that must never run, whatever checksum comes with them. */
export function assertNotRefused(tool: Tool, version: string): void {
  const why = REFUSED[tool]?.[version]
  if (why) throw new Error(`${tool} ${version} is refused: it is ${why}`)
}

/** The digest a release file must have, and what vouches for it (for logs and messages). */
export interface ExpectedDigest {
  sha256: string
  from: 'table' | 'input' | 'signature'
  /** `imagegate's table`, `input tool-checksums`, `trivy_0.75.0_checksums.txt signed by ...`. */
  by: string
}

/**
 * The digest a release file must have when the table or the checksum given knows it; undefined when
 * neither does (then only the release's signed checksums file can vouch for it). A refused version, and
 * a given digest that contradicts the table, are errors.
 */
export function expectedDigest(o: {
  tool: Tool
  version: string
  arch: Arch
  checksum?: string
  table?: ChecksumTable
}): ExpectedDigest | undefined {
  const table = o.table ?? CHECKSUMS
  assertNotRefused(o.tool, o.version)
  const file = releaseFileName(o.tool, o.version, o.arch)
  const known = lookupChecksum(o.tool, o.version, o.arch, table)
  const given = o.checksum?.trim() ? normalizeChecksum(o.tool, o.checksum) : undefined
  if (known && given && known !== given)
    throw new Error(
      `input ${CHECKSUM_INPUT}: the checksum given for ${o.tool} (${given}) differs from imagegate's table ` +
        `for ${file} (${known}): one of them is wrong, and nothing is installed`
    )
  if (known) return { sha256: known, from: 'table', by: "imagegate's table" }
  if (given) {
    const other = fileOfDigest(given, table)
    if (other)
      throw new Error(
        `input ${CHECKSUM_INPUT}: the checksum given for ${o.tool} (${given}) is imagegate's table's digest of ` +
          `${other}, not of ${file}: give the line of ${file} in the release's ` +
          `${RELEASES[o.tool].checksumsFile(o.version)}`
      )
    return { sha256: given, from: 'input', by: `input ${CHECKSUM_INPUT}` }
  }
  return undefined
}

/** The release file the table gives this digest for, if any. */
function fileOfDigest(sha256: string, table: ChecksumTable): string | undefined {
  for (const [tool, byVersion] of Object.entries(table) as [Tool, ChecksumTable[Tool]][])
    for (const [version, byArch] of Object.entries(byVersion ?? {}))
      for (const [arch, digest] of Object.entries(byArch) as [Arch, string][])
        if (digest === sha256) return releaseFileName(tool, version, arch)
  return undefined
}

/**
 * A version neither the table, nor the input, nor a verified checksums file vouches for: refused, naming
 * both ways to install it (the checksum, or a release whose checksums file is Sigstore-signed) and why the
 * second did not do (`why`).
 */
export function unverifiedMessage(o: {
  tool: Tool
  version: string
  arch: Arch
  table?: ChecksumTable
  why: string
}): string {
  const file = releaseFileName(o.tool, o.version, o.arch)
  const checksums = RELEASES[o.tool].checksumsFile(o.version)
  const versions = knownVersions(o.tool, o.arch, o.table ?? CHECKSUMS)
  const signing = CHECKSUMS_SIGNING[o.tool]
  const signed =
    signing.kind === 'bundle'
      ? `or use a ${o.tool} version from ${signing.since} on, whose checksums file is Sigstore-signed by ` +
        `${o.tool}'s release workflow (imagegate verifies it)`
      : `(${o.tool} publishes no Sigstore bundle of its checksums file: for ${o.tool} the checksum is the way)`
  return (
    `${o.tool} ${o.version} cannot be installed: it is not in imagegate's checksum table ` +
    `(${versions.length ? versions.join(', ') : 'no version'} for linux/${o.arch}), and ${o.why}. ` +
    'imagegate runs no release it cannot verify: give the SHA-256 of ' +
    `${file} (its line of the release's ${checksums}) in input ${CHECKSUM_INPUT} as ${o.tool}=<sha256>, ` +
    signed
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
  /** What vouched for the digest (absent in stamps written before it was recorded). */
  from?: ExpectedDigest['from']
  by?: string
  /** A signed checksums file's certificate identity. */
  identity?: string
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

/** The version a PATH binary reports, asked once per binary (by `spec.versions`). */
async function pathVersion(
  spec: InstallSpec,
  found: string,
  env: NodeJS.ProcessEnv
): Promise<string | undefined> {
  const recalled = spec.versions?.recall(found)
  const v = recalled ?? (await versionOf(spec.tool, found, env))
  if (v !== undefined && recalled === undefined) spec.versions?.remember(found, v)
  return v
}

/**
 * Why a PATH binary of another major version than the pinned default's must not stand in for it when no
 * version is asked for (cosign: imagegate's cosign commands are cosign 2's), or undefined when it may.
 * `unknown`: it reports no numbered version, so its major cannot be told (used, with a warning).
 */
export function pathMajorProblem(
  tool: Tool,
  onPath: string,
  found: string
): { refuse: string } | { unknown: string } | undefined {
  if (!RELEASES[tool].sameMajorOnPath) return undefined
  const want = majorOf(DEFAULT_VERSIONS[tool])
  const have = majorOf(onPath)
  if (have === want) return undefined
  if (have === undefined)
    return {
      unknown:
        `${tool} on PATH (${found}) reports version ${JSON.stringify(onPath)}: imagegate cannot tell whether it is ` +
        `${tool} ${want} and uses it as such; set ${tool}-version, or install-tools: pinned, for a verified ${tool}`
    }
  return {
    refuse:
      `${tool} on PATH (${found}) is ${tool} ${onPath}, another major version than the ${tool} ${want} ` +
      `imagegate's commands are written for: it is not used, the verified ${tool} ${DEFAULT_VERSIONS[tool]} is ` +
      `installed instead (set ${tool}-version: ${onPath} to use that version)`
  }
}

/** A file of a release downloaded to `dest`, or an error naming it and its URL. */
async function downloadReleaseFile(url: string, dest: string, what: string): Promise<void> {
  const tc = await import('@actions/tool-cache')
  try {
    await tc.downloadTool(url, dest)
  } catch (e) {
    if (e instanceof CancelledError) throw e
    throw new Error(`could not download ${what} from ${url}: ${(e as Error).message}`, { cause: e })
  }
}

/**
 * The release file's digest from the release's checksums file, once its Sigstore bundle verifies against
 * the project's release identity (CHECKSUMS_SIGNING). Both small files are downloaded from the same base
 * as the release file itself, and deleted after. Throws why not, in words that follow "and ".
 */
async function signedDigest(o: {
  tool: Tool
  version: string
  arch: Arch
  baseUrl: string
  signatures?: ReleaseSignatures
}): Promise<ExpectedDigest & { identity: string }> {
  const { tool, version, arch } = o
  const signer = checksumsSigner(tool, version)
  if ('none' in signer) throw new Error(signer.none)
  if (!o.signatures) throw new Error('no verifier of Sigstore bundles was given for tool releases')
  const checksumsFile = RELEASES[tool].checksumsFile(version)
  const file = releaseFileName(tool, version, arch)
  const work = path.join(runnerDir('RUNNER_TEMP'), `imagegate-${tool}-checksums-${crypto.randomUUID()}`)
  try {
    const checksumsPath = path.join(work, checksumsFile)
    const bundlePath = path.join(work, signer.bundleFile)
    const checksumsUrl = releaseFileUrl(tool, version, checksumsFile, o.baseUrl)
    const bundleUrl = releaseFileUrl(tool, version, signer.bundleFile, o.baseUrl)
    // both downloads end before either's failure is reported: none is left writing into `work` after
    // it is removed below
    const downloads = await Promise.allSettled([
      downloadReleaseFile(checksumsUrl, checksumsPath, checksumsFile),
      downloadReleaseFile(bundleUrl, bundlePath, signer.bundleFile)
    ])
    for (const d of downloads) if (d.status === 'rejected') throw d.reason
    const bytes = fs.readFileSync(checksumsPath)
    let verified: { signer: string }
    try {
      verified = await o.signatures.verify({
        file: checksumsFile,
        bytes,
        bundleFile: signer.bundleFile,
        bundle: fs.readFileSync(bundlePath),
        identity: signer.identity,
        issuer: signer.issuer
      })
    } catch (e) {
      if (e instanceof CancelledError) throw e
      throw new Error(`the release's ${checksumsFile} was refused: ${(e as Error).message}`, { cause: e })
    }
    let sha256: string | undefined
    try {
      sha256 = checksumInFile(bytes.toString('utf8'), file)
    } catch (e) {
      throw new Error(`the release's ${checksumsFile} is unusable: ${(e as Error).message}`, { cause: e })
    }
    if (!sha256) throw new Error(`the release's ${checksumsFile} (${verified.signer}) names no ${file}`)
    return {
      sha256,
      from: 'signature',
      by: `${checksumsFile}, ${verified.signer}`,
      identity: signer.identity
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

/**
 * A release imagegate downloaded before on a signed checksums file by the same identity: the tool cache's
 * stamp says so (as it says which digest the table or the input vouched for), so no checksums file is
 * fetched again.
 */
async function cachedSigned(
  tool: Tool,
  version: string,
  arch: Arch
): Promise<(ExpectedDigest & { identity: string }) | undefined> {
  const signer = checksumsSigner(tool, version)
  if ('none' in signer) return undefined
  const tc = await import('@actions/tool-cache')
  const cached = tc.find(tool, version, process.arch)
  const stamp = cached ? readStamp(cached) : undefined
  if (
    stamp?.from === 'signature' &&
    stamp.identity === signer.identity &&
    stamp.file === releaseFileName(tool, version, arch) &&
    /^[0-9a-f]{64}$/.test(stamp.sha256)
  )
    return {
      sha256: stamp.sha256,
      from: 'signature',
      by: `${stamp.by ?? 'a signed checksums file'}, as cached`,
      identity: stamp.identity
    }
  return undefined
}

/**
 * The digest the release file must have: the table's, the input's, or the signed checksums file's (the
 * tool cache's record of one first); else an error naming both ways to install the version.
 */
async function releaseDigest(
  spec: InstallSpec,
  version: string,
  arch: Arch,
  baseUrl: string
): Promise<ExpectedDigest & { identity?: string }> {
  const { tool } = spec
  const known = expectedDigest({ tool, version, arch, checksum: spec.checksum, table: spec.checksums })
  if (known) return known
  const signer = checksumsSigner(tool, version)
  const why =
    'none' in signer
      ? signer.none
      : spec.signatures
        ? undefined
        : 'no verifier of Sigstore bundles was given for tool releases'
  if (why) throw new Error(unverifiedMessage({ tool, version, arch, table: spec.checksums, why }))
  const cached = process.env.RUNNER_TOOL_CACHE ? await cachedSigned(tool, version, arch) : undefined
  if (cached) return cached
  try {
    return await signedDigest({ tool, version, arch, baseUrl, signatures: spec.signatures })
  } catch (e) {
    if (e instanceof CancelledError) throw e
    throw new Error(
      unverifiedMessage({ tool, version, arch, table: spec.checksums, why: (e as Error).message }),
      {
        cause: e
      }
    )
  }
}

/**
 * Why installTool(spec) could not give the wanted version on this runner, or undefined when it can: an
 * unreadable or refused version, a given checksum that contradicts the table or is not the release
 * file's, a version nothing vouches for (unless that very version is on PATH and `force` is off). Run
 * before anything is built, so a bad version or checksum input is an input error and not the failure of
 * every image after its build. For a version the table does not know, a PATH binary's version is probed
 * (and remembered through `spec.versions`); then a version only the given checksum vouches for is
 * installed now (its download checked against it, and cached), and any other has its release's signed
 * checksums file fetched and verified.
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
  let known: ExpectedDigest | undefined
  try {
    known = expectedDigest({ tool, version, arch, checksum: spec.checksum, table: spec.checksums })
  } catch (err) {
    return (err as Error).message
  }
  if (known?.from === 'table') return undefined
  if (!spec.force) {
    const found = which(RELEASES[tool].binary, env)
    if (found && (await pathVersion(spec, found, env)) === version) return undefined
  }
  if (known) {
    // only the checksum given vouches for it: downloaded and checked now (and cached for the run), so a
    // checksum of another file is the input's error before anything is built
    try {
      await installTool(spec, env)
      return undefined
    } catch (err) {
      if (err instanceof CancelledError) throw err
      return (err as Error).message
    }
  }
  try {
    await releaseDigest(spec, version, arch, spec.baseUrl ?? GITHUB)
    return undefined
  } catch (err) {
    if (err instanceof CancelledError) throw err
    const message = (err as Error).message
    return spec.force
      ? `${message} (install-tools is pinned: a ${tool} on PATH is not used)`
      : `${message}; or put ${tool} ${version} on PATH`
  }
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
      const v = await pathVersion(spec, found, env)
      const refused = v !== undefined && REFUSED[tool]?.[v] !== undefined
      const major = v !== undefined && v !== version ? pathMajorProblem(tool, v, found) : undefined
      if (v !== undefined && !refused && (v === version || spec.anyVersionOnPath)) {
        if (major && 'refuse' in major) {
          core.warning(major.refuse)
        } else {
          if (major) core.warning(major.unknown)
          core.info(`${tool} ${v}: ${found} (on PATH)`)
          return { path: found, version: v, source: 'path' }
        }
      } else {
        core.info(
          `${tool} on PATH (${found}) is ${refused ? `the refused ${v}` : (v ?? 'of unknown version')}, ` +
            `not ${version}: using the verified release`
        )
      }
    }
  }

  const arch = toolArch(tool, process.platform, process.arch)
  const cacheRoot = runnerDir('RUNNER_TOOL_CACHE')
  const temp = runnerDir('RUNNER_TEMP')
  const baseUrl = spec.baseUrl ?? GITHUB
  const expected = await releaseDigest(spec, version, arch, baseUrl)

  const key = [tool, version, process.arch, expected.sha256, cacheRoot, baseUrl].join('|')
  const pending = inflight.get(key)
  if (pending) return withPath(await pending, env)
  const p = fromCacheOrDownload({ tool, version, arch, expected, temp, baseUrl }, env)
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

/** The mismatch of a downloaded release file with its expected digest, in words that say what to do. */
export function mismatchMessage(o: {
  file: string
  url: string
  expected: ExpectedDigest
  actual: string
  checksumsFile: string
}): string {
  const { file, expected, actual } = o
  const where = `downloaded from ${o.url}; the file was deleted and nothing from it was extracted or run`
  const base = `checksum mismatch for ${file}: expected ${expected.sha256}, got ${actual}`
  if (expected.from === 'input')
    return (
      `input ${CHECKSUM_INPUT}: ${base} (${where}). The checksum given is not this file's: ` +
      `is it the checksum of another file of the release (another architecture or package)? ` +
      `Give the line of ${file} in the release's ${o.checksumsFile}`
    )
  return `${base} (${expected.by}; ${where})`
}

async function fromCacheOrDownload(
  o: {
    tool: Tool
    version: string
    arch: Arch
    expected: ExpectedDigest & { identity?: string }
    temp: string
    baseUrl: string
  },
  env: NodeJS.ProcessEnv
): Promise<InstalledTool> {
  const { tool, version, arch, expected } = o
  const { sha256 } = expected
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
    await downloadReleaseFile(url, archive, `${tool} ${version}`)
    const actual = await sha256File(archive)
    if (actual !== sha256) {
      fs.rmSync(archive, { force: true })
      throw new Error(
        mismatchMessage({ file, url, expected, actual, checksumsFile: release.checksumsFile(version) })
      )
    }
    core.info(`${file}: sha256:${actual} verified (${expected.by})`)

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
    const stamp: Stamp = {
      file,
      url,
      sha256: actual,
      from: expected.from,
      by: expected.by,
      ...(expected.identity ? { identity: expected.identity } : {})
    }
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
