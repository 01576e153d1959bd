// The tool version inputs a run will use, checked before anything is built: real inputs (INPUT_*
// variables), the real checksum table, a PATH the test controls.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { ResultCache } from '../../src/cache/results.js'
import { getInputs, InputError } from '../../src/inputs.js'
import { checkToolVersions, toolsOfRun } from '../../src/pipeline/scanner.js'
import { DEFAULT_VERSIONS, lookupChecksum, releaseFileName } from '../../src/tools/checksums.js'

const set = (inputs: Record<string, string>) => {
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
}

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-scanner-'))
})
afterEach(() => {
  for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k]
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('toolsOfRun: only the tools the run will start', () => {
  test.each<[Record<string, string>, string[]]>([
    [{}, ['trivy', 'syft']],
    [{ 'sbom-generator': 'trivy' }, ['trivy']],
    [{ 'sbom-generator': 'trivy', sign: 'true' }, ['trivy']], // push is false: nothing is signed
    // a PEM or cosign key, and keyless, sign in process: no cosign
    [{ 'sbom-generator': 'trivy', sign: 'true', push: 'true' }, ['trivy']],
    [{ 'sbom-generator': 'trivy', sign: 'true', push: 'true', 'cosign-key': 'cosign.key' }, ['trivy']],
    // a KMS key, or the cosign 2 .sig, run cosign
    [
      { 'sbom-generator': 'trivy', sign: 'true', push: 'true', 'cosign-key': 'awskms:///alias/x' },
      ['trivy', 'cosign']
    ],
    [
      { 'sbom-generator': 'trivy', attest: 'true', push: 'true', 'legacy-signatures': 'true' },
      ['trivy', 'cosign']
    ],
    [{ mode: 'merge', sign: 'true', 'legacy-signatures': 'true' }, ['cosign']],
    [{ mode: 'merge', sign: 'true' }, []],
    [{ mode: 'merge' }, []],
    [{ mode: 'plan', sign: 'true', push: 'true' }, []],
    [{ mode: 'promote', 'source-environment': 'dev' }, []]
  ])('inputs %j -> %j', (inputs, tools) => {
    set(inputs)
    expect(toolsOfRun(getInputs()).map(t => t.tool)).toEqual(tools)
  })
})

describe('checkToolVersions', () => {
  const check = async (inputs: Record<string, string>): Promise<string | undefined> => {
    set(inputs)
    try {
      await checkToolVersions(getInputs(), new ResultCache(path.join(dir, 'facts')), {
        ...process.env,
        PATH: dir
      })
      return undefined
    } catch (err) {
      expect(err).toBeInstanceOf(InputError)
      return (err as Error).message
    }
  }

  test('every bad version the run uses, each naming its input, in one error', async () => {
    const arch = process.arch === 'arm64' ? 'arm64' : 'amd64'
    expect(
      await check({ 'trivy-version': '0.50.0', 'syft-version': 'latest', 'cosign-version': '9.9.9' })
    ).toBe(
      [
        `input trivy-version: trivy 0.50.0 cannot be installed: it is not in imagegate's checksum table (${DEFAULT_VERSIONS.trivy} for linux/${arch}), and trivy publishes a Sigstore bundle of its checksums file from 0.68.1 on. imagegate runs no release it cannot verify: give the SHA-256 of trivy_0.50.0_Linux-${arch === 'amd64' ? '64bit' : 'ARM64'}.tar.gz (its line of the release's trivy_0.50.0_checksums.txt) in input tool-checksums as trivy=<sha256>, or use a trivy version from 0.68.1 on, whose checksums file is Sigstore-signed by trivy's release workflow (imagegate verifies it); or put trivy 0.50.0 on PATH`,
        `input syft-version: syft version "latest" is not an exact release version like ${DEFAULT_VERSIONS.syft}: imagegate installs pinned releases only (a name like "latest" proves nothing)`
      ].join('\n')
    ) // cosign: not signing, its version is not looked at
    expect(await check({ 'trivy-version': '0.69.5' })).toContain(
      'input trivy-version: trivy 0.69.5 is refused: it is made by the attacker'
    )
  })

  test('the pinned defaults, a version of the table and a tool the run does not use pass', async () => {
    expect(await check({})).toBeUndefined()
    expect(
      await check({
        'trivy-version': `v${DEFAULT_VERSIONS.trivy}`,
        'sbom-generator': 'trivy',
        'syft-version': 'nope'
      })
    ).toBeUndefined()
  })

  test('a tool checksum that contradicts the table is refused, naming tool-checksums alone', async () => {
    const arch = process.arch === 'arm64' ? 'arm64' : 'amd64'
    const pinned = lookupChecksum('trivy', DEFAULT_VERSIONS.trivy, arch) ?? ''
    expect(await check({ 'tool-checksums': `trivy=sha256:${pinned}` })).toBeUndefined()
    expect(await check({ 'tool-checksums': `trivy=${'0'.repeat(64)}` })).toBe(
      `input tool-checksums: the checksum given for trivy (${'0'.repeat(64)}) differs from imagegate's table for ${releaseFileName('trivy', DEFAULT_VERSIONS.trivy, arch)} (${pinned}): one of them is wrong, and nothing is installed`
    )
  })

  test('cosign is checked when the run signs with it', async () => {
    expect(
      await check({ 'cosign-version': '9.9.9', sign: 'true', push: 'true', 'legacy-signatures': 'true' })
    ).toContain('input cosign-version: cosign 9.9.9 cannot be installed')
  })
})
