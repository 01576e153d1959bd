import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  isSkipped,
  pkgTypesFlag,
  scannerProblem,
  scanSettings,
  skipPathProblem,
  trivyConfigFile,
  type ScannerInputs
} from '../../src/trivy/options.js'

describe('skip-dirs and skip-files entries', () => {
  test.each([
    ['/usr/share/doc', undefined],
    ['usr/share/doc', undefined],
    ['**/testdata', undefined],
    ['/app/../app/x', undefined],
    ['..', 'escapes the image root (the scanned context)'],
    ['../etc', 'escapes the image root (the scanned context)'],
    ['/../etc', 'escapes the image root (the scanned context)'],
    ['/app/../../etc', 'escapes the image root (the scanned context)']
  ])('%j: %s', (entry, problem) => {
    expect(skipPathProblem(entry)).toBe(problem)
  })
})

describe('scanners entries', () => {
  test.each([
    ['vuln', undefined],
    ['secret', undefined],
    ['misconfig', /Trivy scanner imagegate does not run on images .*dockerfile-config/],
    ['config', /Trivy scanner imagegate does not run on images/],
    ['license', /"license" is a Trivy scanner imagegate does not gate/],
    ['vulns', /"vulns" is not a scanner Trivy knows \(vuln, secret, misconfig, license\)/]
  ])('%j', (entry, problem) => {
    const said = scannerProblem(entry)
    if (problem === undefined) expect(said).toBeUndefined()
    else expect(said).toMatch(problem)
  })
})

describe('the package-type flag by Trivy version', () => {
  test.each<[string, '--pkg-types' | '--vuln-type' | undefined, string]>([
    ['0.44.1', undefined, '--vuln-type'],
    ['0.53.0', undefined, '--vuln-type'],
    ['0.54.0', undefined, '--pkg-types'],
    ['0.68.2', undefined, '--pkg-types'],
    ['1.0.0', undefined, '--pkg-types'],
    ['dev', '--pkg-types', '--pkg-types'],
    ['dev', '--vuln-type', '--vuln-type'],
    ['dev', undefined, '--vuln-type']
  ])('%s (help said %s): %s', (version, said, flag) => {
    expect(
      pkgTypesFlag({
        version,
        skipChecksFlag: '--skip-check-update',
        ...(said ? { pkgTypesFlag: said } : {})
      })
    ).toBe(flag)
  })
})

describe("what Trivy's skips leave out (the hidden files are filtered the same way)", () => {
  const skip = {
    skipDirs: ['/opt/certs', '**/testdata', 'srv/*/cache'],
    skipFiles: ['/app/package.json', '**/*.pem']
  }
  test.each([
    ['opt/certs/key.txt', true],
    ['/opt/certs/deep/key.txt', true],
    ['opt/certs2/key.txt', false],
    ['opt/certs', false], // a file named like the folder is not under it
    ['a/b/testdata/x.json', true],
    ['testdata/x.json', true],
    ['srv/web/cache/x', true],
    ['srv/web/deep/cache/x', false],
    ['app/package.json', true],
    ['app/sub/package.json', false],
    ['etc/ssl/server.pem', true],
    ['server.pem', true],
    ['etc/passwd', false]
  ])('%s: %s', (file, skipped) => {
    expect(isSkipped(file, skip)).toBe(skipped)
  })
})

describe('the scanner inputs as one setting', () => {
  const inputs = (o: Partial<ScannerInputs> = {}): ScannerInputs => ({
    'skip-dirs': [],
    'skip-files': [],
    scanners: ['vuln', 'secret'],
    'trivy-config': '',
    ...o
  })
  test("vuln-type is trivy-action's name for pkg-types: either, or both when they agree", () => {
    expect(scanSettings(inputs({ 'vuln-type': ['os'] }))).toMatchObject({ pkgTypes: ['os'] })
    expect(scanSettings(inputs({ 'pkg-types': ['library'] }))).toMatchObject({ pkgTypes: ['library'] })
    expect(
      scanSettings(inputs({ 'pkg-types': ['os', 'library'], 'vuln-type': ['library', 'os'] }))
    ).toMatchObject({
      pkgTypes: ['os', 'library']
    })
    expect(scanSettings(inputs({ 'pkg-types': ['os'], 'vuln-type': ['library'] }))).toEqual({
      problem:
        "inputs pkg-types (os) and vuln-type (library) are one setting (vuln-type is trivy-action's name for it): give one"
    })
  })
  test("nothing set: no package types (Trivy's default), no config", () => {
    expect(scanSettings(inputs())).toEqual({ skipDirs: [], skipFiles: [], scanners: ['vuln', 'secret'] })
  })
})

describe('the trivy-config file', () => {
  let ws: string
  beforeAll(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-trivy-config-'))
    fs.writeFileSync(path.join(ws, 'trivy.yaml'), 'severity: [CRITICAL]\n')
    fs.mkdirSync(path.join(ws, 'conf'))
    fs.symlinkSync('/etc/hostname', path.join(ws, 'linked.yaml'))
  })
  afterAll(() => fs.rmSync(ws, { recursive: true, force: true }))
  test.each([
    ['trivy.yaml', undefined],
    ['missing.yaml', 'input trivy-config: "missing.yaml" is not a file in the workspace'],
    ['conf', 'input trivy-config: "conf" is not a file (a Trivy YAML config)'],
    ['../trivy.yaml', 'input trivy-config: "../trivy.yaml" is outside the workspace'],
    ['linked.yaml', 'input trivy-config: "linked.yaml" leads outside the workspace through a symbolic link']
  ])('%s', (file, problem) => {
    const found = trivyConfigFile(file, ws)
    if (problem === undefined) expect(found).toEqual({ path: path.join(ws, file) })
    else expect(found).toEqual({ problem })
  })
})
