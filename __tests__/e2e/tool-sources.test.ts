// End to end: a Trivy version imagegate's checksum table does not know, on the user's cadence, from a
// loopback mirror of GitHub's release downloads (tool-mirror). Once vouched for by a SHA-256 the user
// gives (tool-checksums), once by the release's own checksums file and its Sigstore bundle, signed here
// by a loopback Sigstore (Fulcio, Rekor, an OIDC stand-in of this file's own) for the identity Trivy's
// release workflow has, and checked by dist/ against that Sigstore's trusted root (SIGSTORE_ROOT_FILE).
// A signature by another identity, a checksum of another file or of the wrong length, and the March
// 2026 Trivy releases are refused. The release archive holds a `trivy` that starts the bed's real Trivy
// (a copy would be 159 MB to pack per run), so every run scans for real with what it installed.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  checksumsFile,
  sha256,
  signBlob,
  startReleaseServer,
  tarGz,
  type ReleaseServer
} from './release-bed.js'
import { startSigstore, type LoopbackSigstore } from './sigstore-bed.js'
import { bedRun, testbed, workspace, type BedRun } from './testbed.js'

const bed = testbed()
const REPO = 'aquasecurity/trivy'
const arch = process.arch === 'arm64' ? 'ARM64' : '64bit'
const archiveName = (v: string): string => `trivy_${v}_Linux-${arch}.tar.gz`
const workflowRef = (v: string): string => `${REPO}/.github/workflows/reusable-release.yaml@refs/tags/v${v}`
const identity = (v: string): string => `https://github.com/${workflowRef(v)}`
const downloads = (releases: ReleaseServer): string[] => releases.requests.filter(r => r.endsWith('.tar.gz'))

let sigstore: LoopbackSigstore
let releases: ReleaseServer

beforeAll(async () => {
  ;[sigstore, releases] = await Promise.all([startSigstore(), startReleaseServer()])
}, 60_000)

afterAll(async () => {
  await Promise.all([sigstore?.stop(), releases?.stop()])
})

/** A release of Trivy `version` on the mirror: its archive, its checksums file, and (unless null) a bundle. */
async function release(
  version: string,
  signer: string | null = workflowRef(version)
): Promise<{ archive: Buffer; checksums: Buffer }> {
  const archive = tarGz({
    trivy: `#!/bin/sh\n# trivy ${version} of the loopback release: the test bed's Trivy\nexec ${bed.TRIVY_BIN_DIR}/trivy "$@"\n`
  })
  const checksums = checksumsFile({
    [archiveName(version)]: archive,
    [`trivy_${version}_Linux-64bit.deb`]: Buffer.from(`a deb of ${version}`)
  })
  releases.put(REPO, version, archiveName(version), archive)
  releases.put(REPO, version, `trivy_${version}_checksums.txt`, checksums)
  if (signer !== null)
    releases.put(
      REPO,
      version,
      `trivy_${version}_checksums.txt.sigstore.json`,
      await signBlob(sigstore, checksums, signer)
    )
  return { archive, checksums }
}

const image = [{ name: 'api', platforms: ['linux/amd64'] }]

/** A build run (no push) that installs Trivy from the mirror only: install-tools pinned, Trivy SBOMs. */
async function run(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<BedRun> {
  releases.requests.length = 0
  return await bedRun(workspace(image), {
    prefix: 'tools',
    inputs: { push: 'false', 'install-tools': 'pinned', 'tool-mirror': releases.url, ...inputs },
    env: { SIGSTORE_ROOT_FILE: sigstore.state.trustedRoot, ...env }
  })
}

const errors = (b: BedRun): string => b.r.errors.join('\n')

describe('tools on the user cadence', () => {
  test('a Trivy the table does not know: by the checksum given, and by its signed checksums file, from the mirror', async () => {
    const byChecksum = await release('0.99.0', null)
    const given = await run({
      'trivy-version': '0.99.0',
      'tool-checksums': `trivy=sha256:${sha256(byChecksum.archive)}`
    })
    expect([given.r.exitCode, errors(given)]).toEqual([0, ''])
    expect(given.r.log).toContain(
      `${archiveName('0.99.0')}: sha256:${sha256(byChecksum.archive)} verified (input tool-checksums)`
    )
    // the checksum given comes first: no checksums file is fetched; the archive is downloaded once, by
    // the input check before the build, and the scanner's install takes it from the tool cache
    expect(releases.requests).toEqual([`/${REPO}/releases/download/v0.99.0/${archiveName('0.99.0')}`])
    expect(given.r.log).toMatch(/trivy 0\.99\.0: \S+\/trivy\/0\.99\.0\/\w+\/trivy \(tool cache, from /)
    // the plan records what the inputs said about the tools
    expect((JSON.parse(given.r.outputs.plan ?? '{}') as { tools?: unknown }).tools).toEqual({
      versions: { trivy: '0.99.0' },
      checksums: { trivy: `sha256:${sha256(byChecksum.archive)}` },
      mirror: releases.url
    })

    const bySignature = await release('0.99.1')
    const signed = await run({ 'trivy-version': '0.99.1' })
    expect([signed.r.exitCode, errors(signed)]).toEqual([0, ''])
    expect(signed.r.log).toMatch(
      new RegExp(
        `${archiveName('0.99.1').replace(/\./g, '\\.')}: sha256:${sha256(bySignature.archive)} verified ` +
          `\\(trivy_0\\.99\\.1_checksums\\.txt, signed by ${identity('0.99.1').replace(/[./]/g, '\\$&')} ` +
          `\\(issuer https://token\\.actions\\.githubusercontent\\.com\\), log index \\d+\\)`
      )
    )
    // checked before the build (the input check) and again at the install, one archive download
    expect(downloads(releases)).toEqual([`/${REPO}/releases/download/v0.99.1/${archiveName('0.99.1')}`])
    expect(releases.requests.filter(r => r.endsWith('.sigstore.json'))).toHaveLength(2)
  })

  test('refused before anything is built: another signer, a checksum of the wrong length, the March 2026 releases', async () => {
    await release('0.99.2', `${REPO}/.github/workflows/other.yaml@refs/heads/main`)
    const other = await run({ 'trivy-version': '0.99.2' })
    expect(other.r.exitCode).toBe(1)
    expect(errors(other)).toContain(
      `input trivy-version: trivy 0.99.2 cannot be installed: it is not in imagegate's checksum table`
    )
    expect(errors(other)).toContain(
      `the release's trivy_0.99.2_checksums.txt was refused: trivy_0.99.2_checksums.txt.sigstore.json: not signed by ${identity('0.99.2')} (issuer https://token.actions.githubusercontent.com) (certificate identity error - expected ${identity('0.99.2')}, got https://github.com/${REPO}/.github/workflows/other.yaml@refs/heads/main)`
    )
    expect(errors(other)).toContain('in input tool-checksums as trivy=<sha256>')
    expect(other.r.log).not.toContain('build started')
    expect(downloads(releases)).toEqual([])

    const short = await run({ 'trivy-version': '0.99.2', 'tool-checksums': `trivy=${'a'.repeat(63)}` })
    expect(short.r.exitCode).toBe(1)
    expect(errors(short)).toContain(
      `input tool-checksums line 1: the checksum for trivy: "${'a'.repeat(63)}" is not a SHA-256: it has 63 hex digits, a SHA-256 has 64`
    )
    expect(short.r.log).not.toContain('build started')
    expect(releases.requests).toEqual([])

    // the compromised releases, even with a checksums file signed by Trivy's own release workflow
    const compromised = await release('0.69.4')
    const refused = await run({
      'trivy-version': '0.69.4',
      'tool-checksums': `trivy=${sha256(compromised.archive)}`
    })
    expect(refused.r.exitCode).toBe(1)
    expect(errors(refused)).toContain(
      'input trivy-version: trivy 0.69.4 is refused: it is a malicious release (the March 2026 Trivy compromise, CVE-2026-33634)'
    )
    expect(refused.r.log).not.toContain('build started')
    expect(releases.requests).toEqual([])
  })

  test('a checksum of another file of the release: refused before anything is built, naming the file, both digests and the input; nothing installed', async () => {
    const { archive } = await release('0.99.3', null)
    const deb = sha256(Buffer.from('a deb of 0.99.3'))
    const toolCache = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-toolcache-'))
    const wrong = await run(
      { 'trivy-version': '0.99.3', 'tool-checksums': `trivy=${deb}` },
      { RUNNER_TOOL_CACHE: toolCache }
    )
    expect(wrong.r.exitCode).toBe(1)
    expect(errors(wrong)).toContain(
      `input tool-checksums: checksum mismatch for ${archiveName('0.99.3')}: expected ${deb}, got ${sha256(archive)}`
    )
    expect(errors(wrong)).toContain(
      `Give the line of ${archiveName('0.99.3')} in the release's trivy_0.99.3_checksums.txt`
    )
    expect(wrong.r.errors).toHaveLength(1)
    expect(wrong.r.log).not.toContain('build started')
    expect(downloads(releases)).toEqual([`/${REPO}/releases/download/v0.99.3/${archiveName('0.99.3')}`])
    expect(fs.existsSync(path.join(toolCache, 'trivy'))).toBe(false)
    fs.rmSync(toolCache, { recursive: true, force: true })
  })
})
