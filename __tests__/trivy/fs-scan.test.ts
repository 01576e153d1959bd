import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  FsScanError,
  fsScanArgs,
  hasMisconfigScanners,
  runFsScan,
  topFolder
} from '../../src/trivy/fs-scan.js'
import type { TrivyVersion } from '../../src/trivy/scan.js'

const v044: TrivyVersion = { version: '0.44.1', skipChecksFlag: '--skip-policy-update' }
const v056: TrivyVersion = { version: '0.56.0', skipChecksFlag: '--skip-check-update' }

describe("the run's trivy fs: argv", () => {
  const tail = (skip: string, timeout = '6h') => [
    '--format',
    'json',
    '--output',
    '/o.json',
    '--cache-dir',
    '/c',
    '--skip-db-update',
    skip,
    '--timeout',
    timeout,
    '--quiet',
    '/d'
  ]
  const args = (version: TrivyVersion, secret: boolean, misconfig: boolean) =>
    fsScanArgs({ trivy: 'trivy', version, cacheDir: '/c', dir: '/d', output: '/o.json', secret, misconfig })

  test.each([
    ['hidden files only, Trivy 0.44', v044, true, false, ['--scanners', 'secret']],
    ['hidden files only, Trivy 0.56', v056, true, false, ['--scanners', 'secret']],
    // `trivy config` is `fs --scanners config`; 0.44 has no --misconfig-scanners
    ['Dockerfiles only, Trivy 0.44', v044, false, true, ['--scanners', 'config']],
    ['both, Trivy 0.44', v044, true, true, ['--scanners', 'secret,config']],
    // from 0.48 on: the scanner's current name (config is a deprecated alias there), and only the
    // Dockerfile checks, so a hidden YAML file costs no Kubernetes check
    [
      'Dockerfiles only, Trivy 0.56',
      v056,
      false,
      true,
      ['--scanners', 'misconfig', '--misconfig-scanners', 'dockerfile']
    ],
    [
      'both, Trivy 0.56',
      v056,
      true,
      true,
      ['--scanners', 'secret,misconfig', '--misconfig-scanners', 'dockerfile']
    ]
  ])('%s', (_name, version, secret, misconfig, scanners) => {
    expect(args(version, secret, misconfig)).toEqual(['fs', ...scanners, ...tail(version.skipChecksFlag)])
  })

  test('scan-timeout: Trivy stops a minute after it', () => {
    expect(
      fsScanArgs({
        trivy: 'trivy',
        version: v044,
        cacheDir: '/c',
        dir: '/d',
        output: '/o.json',
        secret: true,
        misconfig: true,
        limit: { ms: 90_000, input: 'scan-timeout' }
      }).slice(3)
    ).toEqual(tail('--skip-policy-update', '2m30s'))
  })
})

describe('--misconfig-scanners: from Trivy 0.48', () => {
  test.each([
    [v044, false],
    [{ ...v044, version: '0.47.0' }, false],
    [{ ...v044, version: '0.48.0' }, true],
    [{ ...v056, version: '1.0.0' }, true],
    // an unnumbered build: the v0.52 skip flag tells
    [{ version: 'dev', skipChecksFlag: '--skip-policy-update' as const }, false],
    [{ version: 'dev', skipChecksFlag: '--skip-check-update' as const }, true]
  ])('%j: %s', (version, has) => {
    expect(hasMisconfigScanners(version)).toBe(has)
  })
})

describe("a result's top-level folder", () => {
  test.each([
    ['1/layer-2/app/key.pem', { folder: '1', rest: 'layer-2/app/key.pem' }],
    ['/dockerfiles/api/Dockerfile', { folder: 'dockerfiles', rest: 'api/Dockerfile' }],
    ['Dockerfile', { folder: 'Dockerfile', rest: '' }]
  ])('%s', (target, expected) => {
    expect(topFolder(target)).toEqual(expected)
  })
})

describe("the run's trivy fs: a failed Trivy", () => {
  const run = (trivy: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-fs-exit-'))
    return runFsScan({
      trivy,
      version: v056,
      cacheDir: path.join(dir, 'cache'),
      dir,
      output: path.join(dir, 'report.json'),
      secret: true,
      misconfig: false,
      subject: 'the hidden files of api linux/amd64'
    })
  }
  test.each([
    ['a non-zero exit', '/bin/false', 'trivy exited 1'],
    ['exit 0 without a report', '/bin/true', 'trivy exited 0 but wrote no report']
  ])('%s', async (_name, trivy, message) => {
    await expect(run(trivy)).rejects.toThrow(FsScanError)
    await expect(run(trivy)).rejects.toThrow(message)
  })
})
