// The tool installer: pure pieces with tables, then real I/O against a loopback HTTP server that serves
// release files this test builds (a tar.gz holding a small `trivy` shell script), with a temp tool cache.
// @actions/tool-cache 4 reads RUNNER_TOOL_CACHE and RUNNER_TEMP from process.env when it is called, not
// when it is loaded, so static imports are fine and each test gets fresh directories.
import { recordTimingsIn, type Timing } from '../../src/exec.js'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  type Arch,
  CHECKSUMS,
  type ChecksumTable,
  DEFAULT_VERSIONS,
  knownVersions,
  lookupChecksum,
  releaseFileName,
  releaseUrl,
  type Tool,
  TOOLS
} from '../../src/tools/checksums.js'
import {
  DOWNLOAD,
  expectedDigest,
  installProblem,
  installTool,
  normalizeChecksum,
  normalizeVersion,
  parseToolVersion,
  toolArch
} from '../../src/tools/install.js'
import { which } from '../../src/tools/path.js'

const sha = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex')

describe('release names and URLs', () => {
  test.each<[Tool, string, Arch, string]>([
    ['trivy', '0.74.0', 'amd64', 'trivy_0.74.0_Linux-64bit.tar.gz'],
    ['trivy', '0.74.0', 'arm64', 'trivy_0.74.0_Linux-ARM64.tar.gz'],
    ['syft', '1.51.0', 'amd64', 'syft_1.51.0_linux_amd64.tar.gz'],
    ['syft', '1.51.0', 'arm64', 'syft_1.51.0_linux_arm64.tar.gz'],
    ['cosign', '2.6.1', 'amd64', 'cosign-linux-amd64'],
    ['cosign', '2.6.1', 'arm64', 'cosign-linux-arm64']
  ])('%s %s %s -> %s', (tool, version, arch, file) => {
    expect(releaseFileName(tool, version, arch)).toBe(file)
  })

  test.each<[Tool, string, Arch, string | undefined, string]>([
    [
      'trivy',
      '0.74.0',
      'amd64',
      undefined,
      'https://github.com/aquasecurity/trivy/releases/download/v0.74.0/trivy_0.74.0_Linux-64bit.tar.gz'
    ],
    [
      'syft',
      '1.51.0',
      'arm64',
      undefined,
      'https://github.com/anchore/syft/releases/download/v1.51.0/syft_1.51.0_linux_arm64.tar.gz'
    ],
    [
      'cosign',
      '2.6.1',
      'amd64',
      undefined,
      'https://github.com/sigstore/cosign/releases/download/v2.6.1/cosign-linux-amd64'
    ],
    [
      'cosign',
      '2.6.1',
      'arm64',
      'http://127.0.0.1:8080/',
      'http://127.0.0.1:8080/sigstore/cosign/releases/download/v2.6.1/cosign-linux-arm64'
    ]
  ])('%s %s %s from %s', (tool, version, arch, base, url) => {
    expect(releaseUrl(tool, version, arch, base)).toBe(url)
  })
})

describe('the checksum table', () => {
  test.each(TOOLS.flatMap(t => (['amd64', 'arm64'] as const).map(a => [t, a] as const)))(
    'the pinned %s has a digest for linux/%s',
    (tool, arch) => {
      expect(lookupChecksum(tool, DEFAULT_VERSIONS[tool], arch)).toMatch(/^[0-9a-f]{64}$/)
    }
  )

  test('every digest is 64 lowercase hex digits, and no two files share one', () => {
    const all = Object.values(CHECKSUMS).flatMap(byVersion =>
      Object.values(byVersion ?? {}).flatMap(byArch => Object.values(byArch))
    )
    for (const d of all) expect(d).toMatch(/^[0-9a-f]{64}$/)
    expect(new Set(all).size).toBe(all.length)
  })

  test('known versions per tool and arch', () => {
    expect(knownVersions('trivy', 'amd64')).toEqual([DEFAULT_VERSIONS.trivy])
    expect(knownVersions('trivy', 'amd64', {})).toEqual([])
  })
})

describe('versions, architectures, digests', () => {
  test.each<[string | undefined, string]>([
    [undefined, DEFAULT_VERSIONS.trivy],
    ['', DEFAULT_VERSIONS.trivy],
    ['  ', DEFAULT_VERSIONS.trivy],
    ['0.74.0', '0.74.0'],
    ['v0.74.0', '0.74.0'],
    [' v0.75.0-rc.1 ', '0.75.0-rc.1']
  ])('version %p -> %s', (input, version) => {
    expect(normalizeVersion('trivy', input)).toBe(version)
  })

  test.each(['latest', '0.74', 'v', '0.74.0/../../x', '0.74.0+meta', '1.2.3 4'])(
    'version %p is refused',
    input => {
      expect(() => normalizeVersion('trivy', input)).toThrow(/is not an exact release version/)
    }
  )

  test.each<[string, string, Arch | RegExp]>([
    ['linux', 'x64', 'amd64'],
    ['linux', 'arm64', 'arm64'],
    ['darwin', 'arm64', /on Linux x64 and arm64 runners only; this runner is darwin\/arm64/],
    ['win32', 'x64', /this runner is win32\/x64/],
    ['linux', 'arm', /this runner is linux\/arm/],
    ['linux', 's390x', /this runner is linux\/s390x/]
  ])('%s/%s -> %p', (platform, arch, want) => {
    if (want instanceof RegExp) expect(() => toolArch('trivy', platform, arch)).toThrow(want)
    else expect(toolArch('trivy', platform, arch)).toBe(want)
  })

  const A = 'a'.repeat(64)
  const B = 'b'.repeat(64)
  const table: ChecksumTable = { trivy: { '1.0.0': { amd64: A } } }

  test.each<[string, string | undefined, { sha256: string; from: string } | RegExp]>([
    ['1.0.0', undefined, { sha256: A, from: 'table' }],
    ['1.0.0', A.toUpperCase(), { sha256: A, from: 'table' }],
    [
      '1.0.0',
      B,
      /the checksum given for trivy_1.0.0_Linux-64bit.tar.gz \(b{64}\) differs from imagegate's table \(a{64}\)/
    ],
    ['2.0.0', `sha256:${B}`, { sha256: B, from: 'input' }],
    ['2.0.0', '', /trivy 2.0.0 is not in imagegate's checksum table \(it knows 1.0.0 for linux\/amd64\)/],
    [
      '2.0.0',
      undefined,
      /SHA-256 of trivy_2.0.0_Linux-64bit.tar.gz \(from the release's trivy_2.0.0_checksums.txt\)/
    ],
    ['2.0.0', 'abc', /the checksum given for trivy \("abc"\) is not a SHA-256/],
    ['0.69.4', A, /trivy 0.69.4 is refused: it is a malicious release/]
  ])('trivy %s with checksum %p -> %p', (version, checksum, want) => {
    const run = (): unknown => expectedDigest({ tool: 'trivy', version, arch: 'amd64', checksum, table })
    if (want instanceof RegExp) expect(run).toThrow(want)
    else expect(run()).toEqual(want)
  })

  test('checksum inputs are normalized', () => {
    expect(normalizeChecksum('syft', ` SHA256:${'C'.repeat(64)}\n`)).toBe('c'.repeat(64))
  })

  const trivyOut = [
    'Version: 0.74.0',
    'Vulnerability DB:',
    '  Version: 2',
    '  UpdatedAt: 2026-11-22 06:13:42.123 +0000 UTC'
  ].join('\n')
  const cosignOut = [
    '  ______   ______        _______. __    _______ .__   __.',
    'cosign: A tool for Container Signing, Verification and Storage in an OCI registry.',
    '',
    'GitVersion:    v2.6.1',
    'GitCommit:     634fabe54f9fbbab55d821a83ba93b2d25bdba5f',
    'Platform:      linux/amd64'
  ].join('\n')
  test.each<[Tool, string, string | undefined]>([
    ['trivy', trivyOut, '0.74.0'],
    ['trivy', 'Version: v0.99.0\n', '0.99.0'],
    ['trivy', '  Version: 2\n', undefined],
    ['syft', 'syft 1.51.0\n', '1.51.0'],
    ['syft', 'Application:   syft\nVersion:       1.51.0\nBuildDate: x\n', '1.51.0'],
    [
      'syft',
      'Application: syft-stand-in (imagegate test bed, not syft)\nVersion: 0.0.0-stand-in',
      '0.0.0-stand-in'
    ],
    ['cosign', cosignOut, '2.6.1'],
    ['cosign', 'GitVersion:    devel\n', 'devel'],
    ['cosign', 'Error: unknown flag: --version\n', undefined]
  ])('%s prints %p -> %p', (tool, out, version) => {
    expect(parseToolVersion(tool, out)).toBe(version)
  })
})

// ------------------------------------------------------------------------------------- real I/O

describe('installProblem: a version input that cannot be installed, found before anything is built', () => {
  const runner = process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64')
  const arch: Arch = process.arch === 'arm64' ? 'arm64' : 'amd64'
  const table: ChecksumTable = { trivy: { '1.0.0': { amd64: 'a'.repeat(64), arm64: 'a'.repeat(64) } } }
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-install-problem-'))
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))
  /** A PATH holding one `trivy` that prints this version (and counts its runs), or nothing. */
  const pathWith = (version?: string): NodeJS.ProcessEnv => {
    if (version)
      fs.writeFileSync(
        path.join(dir, 'trivy'),
        `#!/bin/sh\necho run >> ${dir}/runs\necho "Version: ${version}"\n`,
        {
          mode: 0o755
        }
      )
    return { ...process.env, PATH: dir }
  }
  const runs = (): number =>
    fs.existsSync(path.join(dir, 'runs'))
      ? fs.readFileSync(path.join(dir, 'runs'), 'utf8').split('\n').length - 1
      : 0

  test.each<[string, string | undefined]>([
    ['', undefined],
    ['1.0.0', undefined],
    ['v1.0.0', undefined],
    ['latest', 'trivy version "latest" is not an exact release version like'],
    ['0.69.4', 'trivy 0.69.4 is refused: it is a malicious release'],
    [
      '2.0.0',
      `trivy 2.0.0 cannot be installed: imagegate installs only releases its checksum table knows (1.0.0 for linux/${arch}), and no trivy 2.0.0 is on PATH: use one of those, leave the input empty for the pinned default, or put trivy 2.0.0 on PATH`
    ]
  ])('trivy-version %p -> %p, without starting anything', async (version, problem) => {
    if (!runner) return
    const found = await installProblem(
      { tool: 'trivy', version, checksums: version ? table : undefined },
      pathWith()
    )
    if (problem === undefined) expect(found).toBeUndefined()
    else expect(found).toContain(problem)
  })

  test('a version the table does not know is fine when that very version is on PATH (asked once, remembered)', async () => {
    if (!runner) return
    const remembered = new Map<string, string>()
    const versions = {
      recall: (f: string) => remembered.get(f),
      remember: (f: string, v: string) => void remembered.set(f, v)
    }
    const env = pathWith('2.0.0')
    expect(
      await installProblem({ tool: 'trivy', version: '2.0.0', checksums: table, versions }, env)
    ).toBeUndefined()
    expect(
      await installProblem({ tool: 'trivy', version: '2.0.0', checksums: table, versions }, env)
    ).toBeUndefined()
    expect(runs()).toBe(1)
    expect(remembered.get(path.join(dir, 'trivy'))).toBe('2.0.0')
    // what installTool then does with it: the same binary, no download
    expect(
      await installTool({ tool: 'trivy', version: '2.0.0', checksums: table, versions }, env)
    ).toMatchObject({
      source: 'path',
      version: '2.0.0'
    })
    expect(runs()).toBe(1)
    // another version on PATH, or install-tools: pinned, does not do
    expect(await installProblem({ tool: 'trivy', version: '2.0.1', checksums: table }, env)).toContain(
      'no trivy 2.0.1 is on PATH'
    )
    expect(
      await installProblem({ tool: 'trivy', version: '2.0.0', checksums: table, force: true }, env)
    ).toContain(
      'cannot be installed: imagegate installs only releases its checksum table knows (1.0.0 for linux/'
    )
  })
})

const linux = process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64')
const io = linux ? describe : describe.skip

io('installing from a loopback release server', () => {
  const arch: Arch = process.arch === 'arm64' ? 'arm64' : 'amd64'
  const globals = globalThis as Record<string, unknown>
  let root: string
  let toolCache: string
  let temp: string
  let githubPath: string
  let marker: string
  let savedEnv: NodeJS.ProcessEnv
  let server: http.Server
  let baseUrl: string
  const files = new Map<string, Buffer>()
  const requests: string[] = []

  /** A trivy release archive: a shell script `trivy` (and a README), as `tar -czf` writes it. */
  function trivyArchive(version: string, extra = ''): Buffer {
    const stage = fs.mkdtempSync(path.join(root, 'stage-'))
    const script = path.join(stage, 'trivy')
    fs.writeFileSync(script, `#!/bin/sh\n${extra}echo "Version: ${version}"\n`, { mode: 0o755 })
    fs.writeFileSync(path.join(stage, 'README.md'), 'not trivy\n')
    const out = path.join(stage, 'release.tar.gz')
    const r = spawnSync('tar', ['-czf', out, '-C', stage, 'trivy', 'README.md'])
    expect(r.status).toBe(0)
    return fs.readFileSync(out)
  }

  function serve(tool: Tool, version: string, body: Buffer): string {
    const url = releaseUrl(tool, version, arch, baseUrl)
    files.set(new URL(url).pathname, body)
    return url
  }

  /** The same digest for both arches: the test serves the same bytes whatever the runner. */
  const table = (tool: Tool, version: string, digest: string): ChecksumTable => ({
    [tool]: { [version]: { amd64: digest, arm64: digest } }
  })

  /** An environment whose PATH holds only an empty directory (no trivy, syft or cosign). */
  function bareEnv(): NodeJS.ProcessEnv {
    const empty = fs.mkdtempSync(path.join(root, 'empty-'))
    return { ...process.env, PATH: empty }
  }

  beforeAll(async () => {
    // downloadTool waits 10-20 s between its 3 attempts; its own test hooks make that 0 here
    globals.TEST_DOWNLOAD_TOOL_RETRY_MIN_SECONDS = 0
    globals.TEST_DOWNLOAD_TOOL_RETRY_MAX_SECONDS = 0
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '')
      const body = files.get(req.url ?? '')
      if (!body) {
        res.writeHead(404).end('not found')
        return
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length })
      res.end(body)
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    delete globals.TEST_DOWNLOAD_TOOL_RETRY_MIN_SECONDS
    delete globals.TEST_DOWNLOAD_TOOL_RETRY_MAX_SECONDS
    await new Promise<void>(resolve => server.close(() => resolve()))
  })

  beforeEach(() => {
    savedEnv = { ...process.env }
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-tools-'))
    toolCache = path.join(root, 'toolcache')
    temp = path.join(root, 'temp')
    fs.mkdirSync(toolCache)
    fs.mkdirSync(temp)
    githubPath = path.join(root, 'github_path')
    fs.writeFileSync(githubPath, '')
    marker = path.join(root, 'EXECUTED')
    process.env.RUNNER_TOOL_CACHE = toolCache
    process.env.RUNNER_TEMP = temp
    process.env.GITHUB_PATH = githubPath
    files.clear()
    requests.length = 0
  })

  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k]
    Object.assign(process.env, savedEnv)
    fs.rmSync(root, { recursive: true, force: true })
  })

  test('happy path: downloaded, verified, cached, on PATH, and it runs', async () => {
    const archive = trivyArchive('0.99.0')
    serve('trivy', '0.99.0', archive)
    const timings: Timing[] = []
    const r = await recordTimingsIn(timings, () =>
      installTool(
        { tool: 'trivy', version: '0.99.0', baseUrl, checksums: table('trivy', '0.99.0', sha(archive)) },
        bareEnv()
      )
    )

    const dir = path.join(toolCache, 'trivy', '0.99.0', process.arch)
    expect(r).toEqual({ path: path.join(dir, 'trivy'), version: '0.99.0', source: 'download' })
    expect(requests).toEqual([
      `/aquasecurity/trivy/releases/download/v0.99.0/${releaseFileName('trivy', '0.99.0', arch)}`
    ])
    // the run's timings count it: the metadata output's toolDownloads
    expect(timings.map(t => [t.stage, t.label])).toEqual([['tools', `${DOWNLOAD}trivy`]])
    // on PATH for this process and, through GITHUB_PATH, for the job's later steps
    expect(process.env.PATH?.split(path.delimiter)[0]).toBe(dir)
    expect(fs.readFileSync(githubPath, 'utf8')).toContain(dir)
    expect(which('trivy')).toBe(r.path)
    expect(spawnSync(r.path, ['--version']).stdout.toString()).toBe('Version: 0.99.0\n')
    // the whole archive is kept (Trivy's contrib/ templates live beside it), the download is not
    expect(fs.existsSync(path.join(dir, 'README.md'))).toBe(true)
    expect(fs.readdirSync(temp)).toEqual([])
  })

  test('a tampered archive is refused, never extracted or run, and nothing is cached', async () => {
    const good = trivyArchive('0.99.0')
    const tampered = trivyArchive('0.99.0', `touch '${marker}'\n`)
    serve('trivy', '0.99.0', tampered)
    const pathBefore = process.env.PATH

    await expect(
      installTool(
        { tool: 'trivy', version: '0.99.0', baseUrl, checksums: table('trivy', '0.99.0', sha(good)) },
        bareEnv()
      )
    ).rejects.toThrow(
      `checksum mismatch for ${releaseFileName('trivy', '0.99.0', arch)}: expected ${sha(good)}, got ${sha(tampered)}`
    )
    expect(requests).toHaveLength(1)
    expect(fs.existsSync(marker)).toBe(false)
    expect(fs.readdirSync(toolCache)).toEqual([])
    expect(fs.readdirSync(temp)).toEqual([]) // the download was deleted, nothing was extracted
    expect(process.env.PATH).toBe(pathBefore)
    expect(fs.readFileSync(githubPath, 'utf8')).toBe('')
  })

  test('the second install downloads nothing: the tool cache answers', async () => {
    const archive = trivyArchive('0.99.0')
    serve('trivy', '0.99.0', archive)
    const spec = {
      tool: 'trivy' as const,
      version: '0.99.0',
      baseUrl,
      checksums: table('trivy', '0.99.0', sha(archive))
    }

    const first = await installTool(spec, bareEnv())
    const timings: Timing[] = []
    const second = await recordTimingsIn(timings, () => installTool(spec, bareEnv()))

    expect(first.source).toBe('download')
    expect(second).toEqual({ ...first, source: 'cache' })
    expect(requests).toHaveLength(1)
    expect(timings.filter(t => t.label.startsWith(DOWNLOAD))).toEqual([])
  })

  test('installs started together share one download', async () => {
    const archive = trivyArchive('0.99.0')
    serve('trivy', '0.99.0', archive)
    const spec = {
      tool: 'trivy' as const,
      version: '0.99.0',
      baseUrl,
      checksums: table('trivy', '0.99.0', sha(archive))
    }

    const all = await Promise.all([1, 2, 3, 4].map(() => installTool(spec, bareEnv())))

    expect(new Set(all.map(r => r.path)).size).toBe(1)
    expect(requests).toHaveLength(1)
  })

  test('a cache entry imagegate did not verify for this digest is replaced', async () => {
    const archive = trivyArchive('0.99.0')
    serve('trivy', '0.99.0', archive)
    const spec = {
      tool: 'trivy' as const,
      version: '0.99.0',
      baseUrl,
      checksums: table('trivy', '0.99.0', sha(archive))
    }
    const first = await installTool(spec, bareEnv())
    fs.rmSync(path.join(path.dirname(first.path), '.imagegate-release.json'))

    const again = await installTool(spec, bareEnv())

    expect(again.source).toBe('download')
    expect(requests).toHaveLength(2)
  })

  test('an unreachable server is a clear error naming the URL', async () => {
    const closed = http.createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>(resolve => closed.close(() => resolve()))
    const url = releaseUrl('trivy', '0.99.0', arch, `http://127.0.0.1:${port}`)

    await expect(
      installTool(
        {
          tool: 'trivy',
          version: '0.99.0',
          baseUrl: `http://127.0.0.1:${port}`,
          checksums: table('trivy', '0.99.0', 'a'.repeat(64))
        },
        bareEnv()
      )
    ).rejects.toThrow(
      new RegExp(`^could not download trivy 0\\.99\\.0 from ${url.replace(/\./g, '\\.')}: .*ECONNREFUSED`)
    )
    expect(fs.readdirSync(toolCache)).toEqual([])
  })

  test('a missing release file is a clear error naming the URL and the status', async () => {
    const url = releaseUrl('trivy', '0.99.0', arch, baseUrl)
    await expect(
      installTool(
        { tool: 'trivy', version: '0.99.0', baseUrl, checksums: table('trivy', '0.99.0', 'a'.repeat(64)) },
        bareEnv()
      )
    ).rejects.toThrow(`could not download trivy 0.99.0 from ${url}: Unexpected HTTP response: 404`)
    expect(requests).toHaveLength(1) // a 404 is not retried
  })

  test('a tool on PATH at the wanted version is used as is: no request', async () => {
    const bin = fs.mkdtempSync(path.join(root, 'bin-'))
    fs.writeFileSync(path.join(bin, 'trivy'), '#!/bin/sh\necho "Version: 0.99.0"\n', { mode: 0o755 })
    const env = { ...process.env, PATH: bin }

    const r = await installTool({ tool: 'trivy', version: 'v0.99.0', baseUrl, checksums: {} }, env)

    expect(r).toEqual({ path: path.join(bin, 'trivy'), version: '0.99.0', source: 'path' })
    expect(requests).toEqual([])
    expect(env.PATH).toBe(bin)
  })

  test('a tool on PATH at another version, or with force, gives way to the verified release', async () => {
    const bin = fs.mkdtempSync(path.join(root, 'bin-'))
    fs.writeFileSync(path.join(bin, 'trivy'), '#!/bin/sh\necho "Version: 0.98.0"\n', { mode: 0o755 })
    const archive = trivyArchive('0.99.0')
    serve('trivy', '0.99.0', archive)
    const checksums = table('trivy', '0.99.0', sha(archive))

    const other = await installTool(
      { tool: 'trivy', version: '0.99.0', baseUrl, checksums },
      { ...process.env, PATH: bin }
    )
    expect(other.source).toBe('download')

    fs.writeFileSync(path.join(bin, 'trivy'), '#!/bin/sh\necho "Version: 0.99.0"\n', { mode: 0o755 })
    const forced = await installTool(
      { tool: 'trivy', version: '0.99.0', baseUrl, checksums, force: true },
      { ...process.env, PATH: bin }
    )
    expect(forced.source).toBe('cache')

    const any = await installTool(
      { tool: 'trivy', version: '1.2.3', baseUrl, checksums, anyVersionOnPath: true },
      { ...process.env, PATH: bin }
    )
    expect(any).toEqual({ path: path.join(bin, 'trivy'), version: '0.99.0', source: 'path' })
    expect(requests).toHaveLength(1)
  })

  test('a version the table does not know is refused, unless a checksum is given', async () => {
    const archive = trivyArchive('0.98.0')
    serve('trivy', '0.98.0', archive)
    const checksums = table('trivy', '0.99.0', 'a'.repeat(64))

    await expect(
      installTool({ tool: 'trivy', version: '0.98.0', baseUrl, checksums }, bareEnv())
    ).rejects.toThrow(
      /trivy 0\.98\.0 is not in imagegate's checksum table .* give the SHA-256 of trivy_0\.98\.0_Linux-/
    )
    expect(requests).toEqual([])

    const r = await installTool(
      {
        tool: 'trivy',
        version: '0.98.0',
        baseUrl,
        checksums,
        checksum: `sha256:${sha(archive).toUpperCase()}`
      },
      bareEnv()
    )
    expect(r.source).toBe('download')
    expect(spawnSync(r.path, ['--version']).stdout.toString()).toBe('Version: 0.98.0\n')
  })

  test('a bare binary release (cosign) is made executable and asked its version with `version`', async () => {
    const body = Buffer.from('#!/bin/sh\n[ "$1" = version ] && echo "GitVersion:    v9.9.9"\n')
    serve('cosign', '9.9.9', body)

    const r = await installTool(
      { tool: 'cosign', version: '9.9.9', baseUrl, checksums: table('cosign', '9.9.9', sha(body)) },
      bareEnv()
    )

    expect(r.path).toBe(path.join(toolCache, 'cosign', '9.9.9', process.arch, 'cosign'))
    expect(fs.statSync(r.path).mode & 0o111).toBe(0o111)
    // the installed cosign on PATH is recognised by its `version` output: a third install is a PATH hit
    const onPath = await installTool({ tool: 'cosign', version: '9.9.9', baseUrl, checksums: {} })
    expect(onPath).toEqual({ ...r, source: 'path' })
    expect(requests).toHaveLength(1)
  })

  test('without RUNNER_TOOL_CACHE the error says what to set', async () => {
    delete process.env.RUNNER_TOOL_CACHE
    await expect(
      installTool(
        { tool: 'trivy', version: '0.99.0', baseUrl, checksums: table('trivy', '0.99.0', 'a'.repeat(64)) },
        bareEnv()
      )
    ).rejects.toThrow(/RUNNER_TOOL_CACHE is not set/)
  })
})
