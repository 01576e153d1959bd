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
  checksumInFile,
  checksumProblem,
  checksumsSigner,
  type ChecksumTable,
  compareVersions,
  DEFAULT_VERSIONS,
  knownVersions,
  lookupChecksum,
  majorOf,
  releaseFileName,
  releaseFileUrl,
  releaseUrl,
  type Tool,
  toolSettings,
  TOOLS
} from '../../src/tools/checksums.js'
import {
  DOWNLOAD,
  expectedDigest,
  installProblem,
  installTool,
  mismatchMessage,
  normalizeChecksum,
  normalizeVersion,
  parseToolVersion,
  pathMajorProblem,
  type ReleaseSignatures,
  toolArch,
  unverifiedMessage
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

  const C = 'c'.repeat(64)
  const withArm: ChecksumTable = { trivy: { '1.0.0': { amd64: A, arm64: C } } }
  test.each<[string, string | undefined, { sha256: string; from: string; by: string } | undefined | string]>([
    ['1.0.0', undefined, { sha256: A, from: 'table', by: "imagegate's table" }],
    ['1.0.0', A.toUpperCase(), { sha256: A, from: 'table', by: "imagegate's table" }],
    [
      '1.0.0',
      B,
      `input tool-checksums: the checksum given for trivy (${B}) differs from imagegate's table for trivy_1.0.0_Linux-64bit.tar.gz (${A}): one of them is wrong, and nothing is installed`
    ],
    ['2.0.0', `sha256:${B}`, { sha256: B, from: 'input', by: 'input tool-checksums' }],
    // neither knows it: only the release's signed checksums file can vouch for it
    ['2.0.0', '', undefined],
    ['2.0.0', undefined, undefined],
    [
      '2.0.0',
      C,
      `input tool-checksums: the checksum given for trivy (${C}) is imagegate's table's digest of trivy_1.0.0_Linux-ARM64.tar.gz, not of trivy_2.0.0_Linux-64bit.tar.gz: give the line of trivy_2.0.0_Linux-64bit.tar.gz in the release's trivy_2.0.0_checksums.txt`
    ],
    [
      '2.0.0',
      'abc',
      'the checksum given for trivy: "abc" is not a SHA-256: it has 3 hex digits, a SHA-256 has 64'
    ],
    ['0.69.4', A, 'trivy 0.69.4 is refused: it is a malicious release']
  ])('trivy %s with checksum %p -> %p', (version, checksum, want) => {
    const run = (): unknown =>
      expectedDigest({ tool: 'trivy', version, arch: 'amd64', checksum, table: withArm })
    if (typeof want === 'string') expect(run).toThrow(want)
    else expect(run()).toEqual(want)
  })

  test('checksum inputs are normalized', () => {
    expect(normalizeChecksum('syft', ` SHA256:${'C'.repeat(64)}\n`)).toBe('c'.repeat(64))
  })

  test.each<[string, string | undefined]>([
    [A, undefined],
    [`sha256:${A.toUpperCase()}`, undefined],
    [` ${A}\n`, undefined],
    [
      A.slice(1),
      `"${A.slice(1)}" is not a SHA-256: it has 63 hex digits, a SHA-256 has 64 (sha256sum's first column)`
    ],
    [`${A}0`, 'it has 65 hex digits'],
    ['e3b0c442  trivy_0.74.0_Linux-64bit.tar.gz', 'it holds characters that are not hex digits'],
    ['', 'it has 0 hex digits'],
    ['f'.repeat(100), `"${'f'.repeat(80)}..." is not a SHA-256: it has 100 hex digits`]
  ])('checksum %p -> %p', (input, problem) => {
    if (problem === undefined) expect(checksumProblem(input)).toBeUndefined()
    else expect(checksumProblem(input)).toContain(problem)
  })

  test('a version nothing vouches for: the message names both ways, per tool', () => {
    expect(unverifiedMessage({ tool: 'trivy', version: '0.60.0', arch: 'amd64', table, why: 'WHY' })).toBe(
      "trivy 0.60.0 cannot be installed: it is not in imagegate's checksum table (1.0.0 for linux/amd64), and WHY. " +
        'imagegate runs no release it cannot verify: give the SHA-256 of trivy_0.60.0_Linux-64bit.tar.gz ' +
        "(its line of the release's trivy_0.60.0_checksums.txt) in input tool-checksums as trivy=<sha256>, " +
        "or use a trivy version from 0.68.1 on, whose checksums file is Sigstore-signed by trivy's release workflow (imagegate verifies it)"
    )
    expect(
      unverifiedMessage({ tool: 'syft', version: '1.60.0', arch: 'arm64', table: {}, why: 'WHY' })
    ).toContain(
      'in input tool-checksums as syft=<sha256>, (syft publishes no Sigstore bundle of its checksums file: for syft the checksum is the way)'
    )
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

describe('signed checksums files: the facts, and reading them', () => {
  test.each<[Tool, string, string | RegExp]>([
    [
      'trivy',
      '0.74.0',
      'https://github.com/aquasecurity/trivy/.github/workflows/reusable-release.yaml@refs/tags/v0.74.0 https://token.actions.githubusercontent.com trivy_0.74.0_checksums.txt.sigstore.json'
    ],
    ['trivy', '0.68.1', /reusable-release\.yaml@refs\/tags\/v0\.68\.1 /],
    ['trivy', '0.68.0', 'trivy publishes a Sigstore bundle of its checksums file from 0.68.1 on'],
    ['trivy', '0.68.1-rc.1', /from 0\.68\.1 on$/],
    [
      'cosign',
      '3.0.6',
      'keyless@projectsigstore.iam.gserviceaccount.com https://accounts.google.com cosign_checksums.txt.sigstore.json'
    ],
    ['cosign', '2.6.1', 'cosign publishes a Sigstore bundle of its checksums file from 3.0.1 on'],
    ['syft', '1.51.0', /^syft signs syft_1\.51\.0_checksums\.txt with a detached \.sig and \.pem only/]
  ])('%s %s -> %p', (tool, version, want) => {
    const s = checksumsSigner(tool, version)
    const said = 'none' in s ? s.none : `${s.identity} ${s.issuer} ${s.bundleFile}`
    if (want instanceof RegExp) expect(said).toMatch(want)
    else expect(said).toBe(want)
  })

  test.each<[string, string, number]>([
    ['0.68.1', '0.68.1', 0],
    ['0.68.10', '0.68.9', 1],
    ['0.69.0', '0.68.1', 1],
    ['1.0.0', '0.99.99', 1],
    ['0.68.1-rc.1', '0.68.1', -1],
    ['0.68.1-rc.2', '0.68.1-rc.1', 1]
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign)
    expect(Math.sign(compareVersions(b, a))).toBe(-sign || 0)
  })

  test.each<[string, number | undefined]>([
    ['2.6.1', 2],
    ['v3.0.6', 3],
    ['devel', undefined],
    ['', undefined]
  ])('the major of %p is %p', (v, major) => {
    expect(majorOf(v)).toBe(major)
  })

  const A = 'a'.repeat(64)
  const B = 'b'.repeat(64)
  const goreleaser = [
    `${A}  trivy_0.99.0_Linux-64bit.tar.gz`,
    `${B}  trivy_0.99.0_Linux-ARM64.tar.gz`,
    `${'d'.repeat(64)}  trivy_0.99.0_Linux-64bit.deb`,
    ''
  ].join('\n')
  test('a checksums file gives the line of one file, and no other', () => {
    expect(checksumInFile(goreleaser, 'trivy_0.99.0_Linux-64bit.tar.gz')).toBe(A)
    expect(checksumInFile(goreleaser, 'trivy_0.99.0_Linux-ARM64.tar.gz')).toBe(B)
    expect(checksumInFile(goreleaser, 'trivy_0.99.0_Linux-64bit')).toBeUndefined()
    expect(checksumInFile(`${A.toUpperCase()} *cosign-linux-amd64\r\n`, 'cosign-linux-amd64')).toBe(A)
    expect(checksumInFile('<html>not found</html>', 'cosign-linux-amd64')).toBeUndefined()
    expect(() =>
      checksumInFile(`${A}  cosign-linux-amd64\n${B}  cosign-linux-amd64\n`, 'cosign-linux-amd64')
    ).toThrow('it gives 2 different digests for cosign-linux-amd64')
  })

  test('every file of a release is at the same place as the release file', () => {
    expect(
      releaseFileUrl(
        'trivy',
        '0.99.0',
        'trivy_0.99.0_checksums.txt.sigstore.json',
        'https://mirror.example/gh/'
      )
    ).toBe(
      'https://mirror.example/gh/aquasecurity/trivy/releases/download/v0.99.0/trivy_0.99.0_checksums.txt.sigstore.json'
    )
  })

  test('the plan records tool inputs only when there are any', () => {
    expect(toolSettings({ versions: { trivy: '', cosign: '' }, checksums: {}, mirror: '' })).toBeUndefined()
    expect(
      toolSettings({
        versions: { trivy: '0.99.0', cosign: '' },
        checksums: { syft: A },
        mirror: 'https://m.example'
      })
    ).toEqual({
      versions: { trivy: '0.99.0' },
      checksums: { syft: `sha256:${A}` },
      mirror: 'https://m.example'
    })
  })

  test("a cosign on PATH of another major than the pinned default's is not used without cosign-version", () => {
    expect(pathMajorProblem('cosign', '2.5.0', '/usr/bin/cosign')).toBeUndefined()
    expect(pathMajorProblem('cosign', '3.0.6', '/usr/bin/cosign')).toEqual({
      refuse: `cosign on PATH (/usr/bin/cosign) is cosign 3.0.6, another major version than the cosign 2 imagegate's commands are written for: it is not used, the verified cosign ${DEFAULT_VERSIONS.cosign} is installed instead (set cosign-version: 3.0.6 to use that version)`
    })
    expect(pathMajorProblem('cosign', '1.13.1', '/x/cosign')).toHaveProperty('refuse')
    expect(pathMajorProblem('cosign', 'devel', '/usr/bin/cosign')).toEqual({
      unknown:
        'cosign on PATH (/usr/bin/cosign) reports version "devel": imagegate cannot tell whether it is cosign 2 and uses it as such; set cosign-version, or install-tools: pinned, for a verified cosign'
    })
    // Trivy's and syft's flags are probed, not assumed from a major
    expect(pathMajorProblem('trivy', '0.44.1', '/x/trivy')).toBeUndefined()
    expect(pathMajorProblem('syft', '0.99.0', '/x/syft')).toBeUndefined()
  })

  test('a mismatch names the file, both digests and what vouched for the expected one', () => {
    const o = {
      file: 'syft_1.60.0_linux_amd64.tar.gz',
      url: 'https://m.example/x',
      actual: B,
      checksumsFile: 'syft_1.60.0_checksums.txt'
    }
    expect(
      mismatchMessage({ ...o, expected: { sha256: A, from: 'input', by: 'input tool-checksums' } })
    ).toBe(
      `input tool-checksums: checksum mismatch for syft_1.60.0_linux_amd64.tar.gz: expected ${A}, got ${B} ` +
        '(downloaded from https://m.example/x; the file was deleted and nothing from it was extracted or run). ' +
        "The checksum given is not this file's: is it the checksum of another file of the release (another " +
        "architecture or package)? Give the line of syft_1.60.0_linux_amd64.tar.gz in the release's syft_1.60.0_checksums.txt"
    )
    expect(mismatchMessage({ ...o, expected: { sha256: A, from: 'table', by: "imagegate's table" } })).toBe(
      `checksum mismatch for syft_1.60.0_linux_amd64.tar.gz: expected ${A}, got ${B} (imagegate's table; downloaded from https://m.example/x; the file was deleted and nothing from it was extracted or run)`
    )
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
      `trivy 2.0.0 cannot be installed: it is not in imagegate's checksum table (1.0.0 for linux/${arch}), and no verifier of Sigstore bundles was given for tool releases. imagegate runs no release it cannot verify: give the SHA-256 of`
    ],
    ['0.60.0', 'and trivy publishes a Sigstore bundle of its checksums file from 0.68.1 on.'],
    ['2.0.0', '; or put trivy 2.0.0 on PATH']
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
      '; or put trivy 2.0.1 on PATH'
    )
    expect(
      await installProblem({ tool: 'trivy', version: '2.0.0', checksums: table, force: true }, env)
    ).toContain("cannot be installed: it is not in imagegate's checksum table (1.0.0 for linux/")
    expect(
      await installProblem({ tool: 'trivy', version: '2.0.0', checksums: table, force: true }, env)
    ).toContain('(install-tools is pinned: a trivy on PATH is not used)')
    // a checksum for a version the table knows must agree with it
    expect(
      await installProblem(
        { tool: 'trivy', version: '1.0.0', checksums: table, checksum: 'b'.repeat(64) },
        env
      )
    ).toContain('input tool-checksums: the checksum given for trivy (bbbb')
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
  /** Paths answered only after this many ms, and the paths whose answer was sent in full. */
  const slow = new Map<string, number>()
  const answered: string[] = []

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
      const send = (): void => {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length })
        res.end(body, () => answered.push(req.url ?? ''))
      }
      const delay = slow.get(req.url ?? '')
      if (delay) setTimeout(send, delay)
      else send()
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
    slow.clear()
    requests.length = 0
    answered.length = 0
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
      /trivy 0\.98\.0 cannot be installed: it is not in imagegate's checksum table .* give the SHA-256 of trivy_0\.98\.0_Linux-/
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

  /** The ::warning:: lines `fn` writes (core.warning writes workflow commands to stdout), kept out of the output. */
  async function warningsOf<T>(fn: () => Promise<T>): Promise<{ value: T; warnings: string[] }> {
    const warnings: string[] = []
    const write = process.stdout.write
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      const text = String(chunk)
      if (text.startsWith('::warning::')) {
        warnings.push(text.slice('::warning::'.length).trim())
        return true
      }
      return (write as (...args: unknown[]) => boolean).call(process.stdout, chunk, ...rest)
    }) as typeof process.stdout.write
    try {
      return { value: await fn(), warnings }
    } finally {
      process.stdout.write = write
    }
  }

  /** A verifier standing in for the trust seam's: accepts a bundle whose text is `signed:IDENTITY`. */
  function fakeSignatures(): ReleaseSignatures & { calls: string[] } {
    const calls: string[] = []
    return {
      calls,
      verify: async o => {
        calls.push(`${o.file} ${o.bundleFile} ${o.identity} ${o.issuer}`)
        const said = o.bundle.toString()
        if (said !== `signed:${o.identity}`)
          throw new Error(`${o.bundleFile}: not signed by ${o.identity} (${said})`)
        return { signer: `signed by ${o.identity} (issuer ${o.issuer})` }
      }
    }
  }
  const trivyIdentity = (v: string): string =>
    `https://github.com/aquasecurity/trivy/.github/workflows/reusable-release.yaml@refs/tags/v${v}`
  /** A release of trivy `version` whose checksums file lists the archive, and its bundle saying `bundle`. */
  function signedRelease(
    version: string,
    bundle: string | undefined,
    archive = trivyArchive(version)
  ): Buffer {
    serve('trivy', version, archive)
    const checksums = `${sha(archive)}  ${releaseFileName('trivy', version, arch)}\n${sha('other')}  trivy_${version}_Linux-64bit.deb\n`
    files.set(
      new URL(releaseFileUrl('trivy', version, `trivy_${version}_checksums.txt`, baseUrl)).pathname,
      Buffer.from(checksums)
    )
    if (bundle !== undefined)
      files.set(
        new URL(releaseFileUrl('trivy', version, `trivy_${version}_checksums.txt.sigstore.json`, baseUrl))
          .pathname,
        Buffer.from(bundle)
      )
    return archive
  }
  const releasePath = (version: string, file: string): string =>
    `/aquasecurity/trivy/releases/download/v${version}/${file}`

  test('a version the table does not know, vouched for by its signed checksums file: verified, installed, cached', async () => {
    signedRelease('0.99.0', `signed:${trivyIdentity('0.99.0')}`)
    const signatures = fakeSignatures()
    const spec = { tool: 'trivy' as const, version: '0.99.0', baseUrl, checksums: {}, signatures }

    expect(await installProblem(spec, bareEnv())).toBeUndefined()
    const r = await installTool(spec, bareEnv())

    expect(r.source).toBe('download')
    expect(spawnSync(r.path, ['--version']).stdout.toString()).toBe('Version: 0.99.0\n')
    expect(signatures.calls).toEqual(
      Array(2).fill(
        `trivy_0.99.0_checksums.txt trivy_0.99.0_checksums.txt.sigstore.json ${trivyIdentity('0.99.0')} https://token.actions.githubusercontent.com`
      )
    )
    expect([...requests].sort()).toEqual(
      [
        releasePath('0.99.0', 'trivy_0.99.0_checksums.txt'),
        releasePath('0.99.0', 'trivy_0.99.0_checksums.txt'),
        releasePath('0.99.0', 'trivy_0.99.0_checksums.txt.sigstore.json'),
        releasePath('0.99.0', 'trivy_0.99.0_checksums.txt.sigstore.json'),
        releasePath('0.99.0', releaseFileName('trivy', '0.99.0', arch))
      ].sort()
    )
    const stamp = JSON.parse(
      fs.readFileSync(path.join(path.dirname(r.path), '.imagegate-release.json'), 'utf8')
    ) as Record<string, string>
    expect(stamp).toMatchObject({
      from: 'signature',
      identity: trivyIdentity('0.99.0'),
      by: `trivy_0.99.0_checksums.txt, signed by ${trivyIdentity('0.99.0')} (issuer https://token.actions.githubusercontent.com)`
    })
    // the next run's install: the tool cache's record of the verified digest, nothing fetched
    requests.length = 0
    expect(await installProblem(spec, bareEnv())).toBeUndefined()
    expect(await installTool(spec, bareEnv())).toEqual({ ...r, source: 'cache' })
    expect(requests).toEqual([])
    expect(fs.readdirSync(temp)).toEqual([])
  })

  test('a checksums file signed by another identity is refused: nothing downloaded but the two small files', async () => {
    signedRelease(
      '0.99.1',
      'signed:https://github.com/someone/trivy/.github/workflows/release.yaml@refs/heads/main'
    )
    const spec = {
      tool: 'trivy' as const,
      version: '0.99.1',
      baseUrl,
      checksums: {},
      signatures: fakeSignatures()
    }

    const problem = await installProblem(spec, bareEnv())
    expect(problem).toContain(
      `trivy 0.99.1 cannot be installed: it is not in imagegate's checksum table (no version for linux/${arch}), and the release's trivy_0.99.1_checksums.txt was refused: trivy_0.99.1_checksums.txt.sigstore.json: not signed by ${trivyIdentity('0.99.1')}`
    )
    expect(problem).toContain('in input tool-checksums as trivy=<sha256>')
    await expect(installTool(spec, bareEnv())).rejects.toThrow(
      'was refused: trivy_0.99.1_checksums.txt.sigstore.json: not signed by'
    )
    expect(requests.filter(r => r.endsWith('.tar.gz'))).toEqual([])
    expect(fs.readdirSync(toolCache)).toEqual([])
    expect(fs.readdirSync(temp)).toEqual([])
  })

  test('a release without a bundle: its checksums file, still downloading, is awaited before the refusal', async () => {
    const checksums = releasePath('0.99.5', 'trivy_0.99.5_checksums.txt')
    files.set(checksums, Buffer.from(`${sha('x')}  ${releaseFileName('trivy', '0.99.5', arch)}\n`))
    slow.set(checksums, 300) // the bundle's 404 comes first
    const problem = await installProblem(
      { tool: 'trivy', version: '0.99.5', baseUrl, checksums: {}, signatures: fakeSignatures() },
      bareEnv()
    )
    expect(problem).toContain('could not download trivy_0.99.5_checksums.txt.sigstore.json')
    // nothing of this install is left running (writing into its removed work directory, or into a
    // later install's requests)
    expect(answered).toEqual([checksums])
    expect(fs.readdirSync(temp)).toEqual([])
  })

  test('a release without a bundle, a checksums file without the file, an old release, syft: refused, saying why', async () => {
    const signatures = fakeSignatures()
    signedRelease('0.99.2', undefined)
    expect(
      await installProblem(
        { tool: 'trivy', version: '0.99.2', baseUrl, checksums: {}, signatures },
        bareEnv()
      )
    ).toContain(
      `and could not download trivy_0.99.2_checksums.txt.sigstore.json from ${baseUrl}${releasePath('0.99.2', 'trivy_0.99.2_checksums.txt.sigstore.json')}: Unexpected HTTP response: 404`
    )

    files.set(
      releasePath('0.99.3', 'trivy_0.99.3_checksums.txt'),
      Buffer.from(`${sha('x')}  trivy_0.99.3_Linux-S390X.tar.gz\n`)
    )
    files.set(
      releasePath('0.99.3', 'trivy_0.99.3_checksums.txt.sigstore.json'),
      Buffer.from(`signed:${trivyIdentity('0.99.3')}`)
    )
    expect(
      await installProblem(
        { tool: 'trivy', version: '0.99.3', baseUrl, checksums: {}, signatures },
        bareEnv()
      )
    ).toContain(
      `and the release's trivy_0.99.3_checksums.txt (signed by ${trivyIdentity('0.99.3')} (issuer https://token.actions.githubusercontent.com)) names no ${releaseFileName('trivy', '0.99.3', arch)}`
    )

    requests.length = 0
    expect(
      await installProblem(
        { tool: 'trivy', version: '0.60.0', baseUrl, checksums: {}, signatures },
        bareEnv()
      )
    ).toContain('and trivy publishes a Sigstore bundle of its checksums file from 0.68.1 on.')
    expect(
      await installProblem({ tool: 'syft', version: '1.60.0', baseUrl, checksums: {}, signatures }, bareEnv())
    ).toContain('and syft signs syft_1.60.0_checksums.txt with a detached .sig and .pem only')
    expect(requests).toEqual([])
  })

  test('the March 2026 Trivy releases stay refused, whatever signs their checksums file', async () => {
    signedRelease('0.69.4', `signed:${trivyIdentity('0.69.4')}`)
    const signatures = fakeSignatures()
    const spec = { tool: 'trivy' as const, version: '0.69.4', baseUrl, checksums: {}, signatures }
    expect(await installProblem(spec, bareEnv())).toBe(
      'trivy 0.69.4 is refused: it is a malicious release (the March 2026 Trivy compromise, CVE-2026-33634)'
    )
    await expect(installTool(spec, bareEnv())).rejects.toThrow('trivy 0.69.4 is refused')
    await expect(installTool({ ...spec, checksum: sha(trivyArchive('0.69.4')) }, bareEnv())).rejects.toThrow(
      'trivy 0.69.4 is refused'
    )
    expect(requests).toEqual([])
    expect(signatures.calls).toEqual([])
  })

  test('a checksum given for another file: the download is refused naming the file, both digests and the input; nothing installed', async () => {
    const archive = trivyArchive('0.98.0')
    serve('trivy', '0.98.0', archive)
    const other = sha('the checksum of trivy_0.98.0_Linux-64bit.deb')
    await expect(
      installTool({ tool: 'trivy', version: '0.98.0', baseUrl, checksums: {}, checksum: other }, bareEnv())
    ).rejects.toThrow(
      `input tool-checksums: checksum mismatch for ${releaseFileName('trivy', '0.98.0', arch)}: expected ${other}, got ${sha(archive)}`
    )
    expect(fs.readdirSync(toolCache)).toEqual([])
    expect(fs.readdirSync(temp)).toEqual([])
    expect(fs.readFileSync(githubPath, 'utf8')).toBe('')
  })

  test('the input check installs a version only the checksum given vouches for: a wrong one is its problem', async () => {
    const archive = trivyArchive('0.98.1')
    serve('trivy', '0.98.1', archive)
    const spec = { tool: 'trivy' as const, version: '0.98.1', baseUrl, checksums: {} }
    expect(await installProblem({ ...spec, checksum: sha('another file') }, bareEnv())).toContain(
      `input tool-checksums: checksum mismatch for ${releaseFileName('trivy', '0.98.1', arch)}: expected ${sha('another file')}, got ${sha(archive)}`
    )
    expect(fs.readdirSync(toolCache)).toEqual([])
    expect(await installProblem({ ...spec, checksum: sha(archive) }, bareEnv())).toBeUndefined()
    // the install that follows is the tool cache's
    expect((await installTool({ ...spec, checksum: sha(archive) }, bareEnv())).source).toBe('cache')
    expect(requests).toHaveLength(2)
  })

  test('a given checksum comes before the signed checksums file: no checksums file is fetched', async () => {
    const archive = signedRelease('0.99.4', 'signed:nobody')
    const signatures = fakeSignatures()
    const r = await installTool(
      { tool: 'trivy', version: '0.99.4', baseUrl, checksums: {}, checksum: sha(archive), signatures },
      bareEnv()
    )
    expect(r.source).toBe('download')
    expect(requests).toEqual([releasePath('0.99.4', releaseFileName('trivy', '0.99.4', arch))])
    expect(signatures.calls).toEqual([])
  })

  describe('a cosign on PATH', () => {
    const cosignScript = (version: string): string =>
      `#!/bin/sh\n[ "$1" = version ] && echo "GitVersion:    ${version}"\n`
    const pathWithCosign = (version: string): NodeJS.ProcessEnv => {
      const bin = fs.mkdtempSync(path.join(root, 'bin-'))
      fs.writeFileSync(path.join(bin, 'cosign'), cosignScript(version), { mode: 0o755 })
      return { ...process.env, PATH: bin }
    }
    const pinned = DEFAULT_VERSIONS.cosign
    const servePinned = (): ChecksumTable => {
      const body = Buffer.from(cosignScript(`v${pinned}`))
      serve('cosign', pinned, body)
      return table('cosign', pinned, sha(body))
    }

    test('of the same major: used as it is, without a word', async () => {
      const env = pathWithCosign('v2.5.0')
      const { value, warnings } = await warningsOf(() =>
        installTool({ tool: 'cosign', baseUrl, checksums: servePinned(), anyVersionOnPath: true }, env)
      )
      expect(value).toMatchObject({ source: 'path', version: '2.5.0' })
      expect(warnings).toEqual([])
      expect(requests).toEqual([])
    })

    test('of another major: a warning naming it, and the verified pinned cosign instead', async () => {
      const env = pathWithCosign('v3.0.6')
      const { value, warnings } = await warningsOf(() =>
        installTool({ tool: 'cosign', baseUrl, checksums: servePinned(), anyVersionOnPath: true }, env)
      )
      expect(value).toMatchObject({ source: 'download', version: pinned })
      expect(warnings).toEqual([
        expect.stringContaining(
          `is cosign 3.0.6, another major version than the cosign 2 imagegate's commands are written for: it is not used, the verified cosign ${pinned} is installed instead`
        )
      ])
      // asked for by version, it is the user's choice: used
      const asked = await warningsOf(() =>
        installTool({ tool: 'cosign', version: '3.0.6', baseUrl, checksums: {} }, pathWithCosign('v3.0.6'))
      )
      expect(asked.value).toMatchObject({ source: 'path', version: '3.0.6' })
      expect(asked.warnings).toEqual([])
    })

    test('of unknown major (`devel`, as distributions build it): used, with a warning', async () => {
      const { value, warnings } = await warningsOf(() =>
        installTool(
          { tool: 'cosign', baseUrl, checksums: servePinned(), anyVersionOnPath: true },
          pathWithCosign('devel')
        )
      )
      expect(value).toMatchObject({ source: 'path', version: 'devel' })
      expect(warnings).toEqual([
        expect.stringContaining('reports version "devel": imagegate cannot tell whether it is cosign 2')
      ])
      expect(requests).toEqual([])
    })
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
