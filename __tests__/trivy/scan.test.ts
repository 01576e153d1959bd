import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { trivyEnv } from '../../src/trivy/env.js'
import {
  parseTrivyVersion,
  scan,
  scanArgs,
  ScannerError,
  skipChecksFlag,
  trivyTimeout,
  trivyVersion,
  type ScanFlags
} from '../../src/trivy/scan.js'

describe('trivy', () => {
  test.each([
    ['Version: 0.44.1\nVulnerability DB:\n  Version: 2', '0.44.1'],
    ['Version: dev', 'dev'],
    ['Version: v0.67.2', '0.67.2']
  ])('version line %#', (text, version) => {
    expect(parseTrivyVersion(text)).toBe(version)
  })

  test.each([
    ['      --skip-policy-update   skip fetching rego policy updates', 'dev', '--skip-policy-update'],
    ['      --skip-check-update    skip fetching rego check updates', 'dev', '--skip-check-update'],
    ['', '0.51.4', '--skip-policy-update'],
    ['', '0.52.0', '--skip-check-update'],
    ['', 'dev', '--skip-policy-update']
  ])('skip flag from the help text, else the version %#', (help, version, flag) => {
    expect(skipChecksFlag(help, version)).toBe(flag)
  })

  test('no version in the text', () => {
    expect(parseTrivyVersion('trivy: command not found')).toBeUndefined()
  })

  const base = {
    trivy: 'trivy',
    version: { version: '0.44.1', skipChecksFlag: '--skip-policy-update' as const },
    input: '/w/backend/platforms/linux-arm64',
    output: '/o/backend-linux-arm64.trivy.json',
    cacheDir: '/c',
    ignoreUnfixed: false,
    secrets: true,
    timeout: '10m'
  }

  test('scan argv: json to a file, the default exit code (findings come from the report), offline, every severity', () => {
    expect(scanArgs(base)).toEqual([
      'image',
      '--input',
      '/w/backend/platforms/linux-arm64',
      '--format',
      'json',
      '--output',
      '/o/backend-linux-arm64.trivy.json',
      '--severity',
      'UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL',
      '--scanners',
      'vuln,secret',
      '--cache-dir',
      '/c',
      '--skip-db-update',
      '--skip-java-db-update',
      '--skip-policy-update',
      // the policy on the command line, over any trivy.yaml or a .trivyignore in the working directory
      '--exit-code',
      '0',
      '--ignore-unfixed=false',
      '--ignorefile',
      os.devNull,
      '--timeout',
      '10m',
      '--quiet'
    ])
  })

  test('ignore-unfixed and an ignore file', () => {
    const args = scanArgs({ ...base, ignoreUnfixed: true, ignoreFile: '/w/trivyignore', secrets: false })
    expect(args).toContain('--ignore-unfixed')
    expect(args.slice(args.indexOf('--ignorefile'), args.indexOf('--ignorefile') + 2)).toEqual([
      '--ignorefile',
      '/w/trivyignore'
    ])
    expect(args.slice(args.indexOf('--scanners'), args.indexOf('--scanners') + 2)).toEqual([
      '--scanners',
      'vuln'
    ])
  })

  const v44 = base.version
  const v68 = { version: '0.68.2', skipChecksFlag: '--skip-check-update' as const }
  const dev = (pkgTypesFlag?: '--pkg-types' | '--vuln-type') => ({
    version: 'dev',
    skipChecksFlag: '--skip-check-update' as const,
    ...(pkgTypesFlag ? { pkgTypesFlag } : {})
  })
  test.each<[string, Parameters<typeof scanArgs>[0]['version'], ScanFlags, string[]]>([
    ['none', v44, { skipDirs: [], skipFiles: [] }, []],
    [
      'skip-dirs and skip-files, one flag each',
      v44,
      { skipDirs: ['/usr/share/doc', '**/testdata'], skipFiles: ['/app/package.json'] },
      ['--skip-dirs', '/usr/share/doc', '--skip-dirs', '**/testdata', '--skip-files', '/app/package.json']
    ],
    [
      'pkg-types on 0.44: --vuln-type',
      v44,
      { skipDirs: [], skipFiles: [], pkgTypes: ['os'] },
      ['--vuln-type', 'os']
    ],
    [
      'pkg-types on 0.68: --pkg-types',
      v68,
      { skipDirs: [], skipFiles: [], pkgTypes: ['os', 'library'] },
      ['--pkg-types', 'os,library']
    ],
    [
      'pkg-types on an unnumbered build: what its help said',
      dev('--pkg-types'),
      { skipDirs: [], skipFiles: [], pkgTypes: ['library'] },
      ['--pkg-types', 'library']
    ],
    [
      'pkg-types on an unnumbered build never probed: the old name, which every version takes',
      dev(),
      { skipDirs: [], skipFiles: [], pkgTypes: ['library'] },
      ['--vuln-type', 'library']
    ],
    [
      'a trivy.yaml',
      v68,
      { skipDirs: [], skipFiles: [], trivyConfig: '/w/trivy.yaml' },
      ['--config', '/w/trivy.yaml', '--exit-code', '0']
    ]
  ])('scanner options: %s', (_name, version, settings, extra) => {
    const args = scanArgs({ ...base, version, settings })
    const plain = scanArgs({ ...base, version })
    // the options come right after the input and output, before imagegate's own flags (which win)
    expect(args.slice(0, 7)).toEqual(plain.slice(0, 7))
    expect(args.slice(7, 7 + extra.length)).toEqual(extra)
    expect(args.slice(7 + extra.length)).toEqual(plain.slice(7))
  })

  test('every package in the report only when the SBOM is written from it', () => {
    expect(scanArgs(base)).not.toContain('--list-all-pkgs')
    expect(scanArgs({ ...base, listAllPkgs: true })).toContain('--list-all-pkgs')
  })
})

describe('trivyVersion with the version the installer read', () => {
  test('a numbered version starts no process (the binary is not even there)', async () => {
    await expect(trivyVersion('/nonexistent/trivy', '0.44.1')).resolves.toEqual({
      version: '0.44.1',
      skipChecksFlag: '--skip-policy-update'
    })
    await expect(trivyVersion('/nonexistent/trivy', '0.58.0')).resolves.toEqual({
      version: '0.58.0',
      skipChecksFlag: '--skip-check-update'
    })
  })
  test('an unnumbered build whose help fails: an error, not a guessed flag', async () => {
    await expect(trivyVersion('/bin/false', 'dev')).rejects.toThrow('/bin/false image --help failed (exit 1)')
  })
})

describe('trivyEnv', () => {
  test('GOGC=400 unless the user set GOGC', () => {
    expect(trivyEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', GOGC: '400' })
    expect(trivyEnv({ PATH: '/bin', GOGC: 'off' })).toEqual({ PATH: '/bin', GOGC: 'off' })
  })
})

describe("Trivy's own --timeout", () => {
  test.each([
    [{ ms: 600_000, input: 'scan-timeout' }, '11m'],
    [{ ms: 5_000, input: 'scan-timeout' }, '1m5s'],
    [undefined, '6h']
  ])('past scan-timeout %j: %s', (limit, flag) => {
    expect(trivyTimeout(limit)).toBe(flag)
  })
})

describe('a scan is judged by its report, and any non-zero exit is a failure', () => {
  let dir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-scan-exit-'))
  })
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true })
  })
  const REPORT = JSON.stringify({
    SchemaVersion: 2,
    Results: [
      {
        Target: 'app/package-lock.json',
        Vulnerabilities: [
          {
            VulnerabilityID: 'CVE-2026-0001',
            PkgName: 'lodash',
            InstalledVersion: '4.17.20',
            Severity: 'HIGH'
          }
        ]
      }
    ]
  })
  /** A stand-in Trivy that writes `report` (when given) to its --output, then exits `code`. */
  const fakeTrivy = (name: string, code: number, report?: string): string => {
    const file = path.join(dir, name)
    fs.writeFileSync(path.join(dir, `${name}.report`), report ?? '')
    fs.writeFileSync(
      file,
      [
        '#!/bin/sh',
        'while [ $# -gt 0 ]; do [ "$1" = --output ] && out="$2"; shift; done',
        ...(report === undefined ? [] : [`cat "${file}.report" > "$out"`]),
        `exit ${code}`,
        ''
      ].join('\n'),
      { mode: 0o755 }
    )
    return file
  }
  const run = (trivy: string, imageId?: string) =>
    scan(
      {
        trivy,
        version: { version: '0.68.2', skipChecksFlag: '--skip-check-update' },
        input: path.join(dir, 'layout'),
        ...(imageId ? { imageId } : {}),
        output: path.join(dir, 'out', `${path.basename(trivy)}.json`),
        cacheDir: path.join(dir, 'cache'),
        ignoreUnfixed: false,
        secrets: true,
        timeout: '10m'
      },
      'api linux/amd64'
    )

  test('exit 0 with a report: its findings', async () => {
    const r = await run(fakeTrivy('clean-exit', 0, REPORT))
    expect(r.findings.map(f => `${f.severity} ${f.id} ${f.pkg}`)).toEqual(['HIGH CVE-2026-0001 lodash'])
  })
  test.each([
    // a build that exits 1 for findings would be read as findings with --exit-code: it is a failure
    ['a report and exit 1', 1, REPORT, 'the scanner failed on api linux/amd64: trivy exited 1'],
    [
      'a report and the old findings code',
      13,
      REPORT,
      'the scanner failed on api linux/amd64: trivy exited 13'
    ],
    ['exit 0 and no report', 0, undefined, 'the scanner failed on api linux/amd64: trivy wrote no report'],
    [
      'exit 0 and half a report',
      0,
      REPORT.slice(0, 40),
      'the scanner failed on api linux/amd64: Trivy report'
    ],
    ['exit 0 and JSON of another kind', 0, '{"bomFormat":"CycloneDX"}', 'is not a Trivy JSON report']
  ])('%s: the scanner failed', async (name, code, report, message) => {
    const failed = run(fakeTrivy(name.replace(/\W+/g, '-'), code, report))
    await expect(failed).rejects.toThrow(ScannerError)
    await expect(failed).rejects.toThrow(message)
  })

  const CONFIG = `sha256:${'c'.repeat(64)}`
  const of = (imageId: string | undefined, severity = 'HIGH') => {
    const r = JSON.parse(REPORT) as {
      Metadata?: unknown
      Results: { Vulnerabilities: { Severity: string }[] }[]
    }
    if (imageId) r.Metadata = { ImageID: imageId }
    for (const v of r.Results[0]!.Vulnerabilities) v.Severity = severity
    return JSON.stringify(r)
  }

  test('a report of the scanned image (its config digest): its findings; a severity in lower case counts', async () => {
    const r = await run(fakeTrivy('own-image', 0, of(CONFIG, 'critical')), CONFIG)
    expect(r.findings.map(f => `${f.severity} ${f.id}`)).toEqual(['CRITICAL CVE-2026-0001'])
  })

  test.each([
    [
      'a report of another image',
      of(`sha256:${'0'.repeat(64)}`),
      `its report is of the image sha256:${'0'.repeat(64)}, not of the scanned one`
    ],
    [
      'a report of no image ({"SchemaVersion":2})',
      JSON.stringify({ SchemaVersion: 2 }),
      'its report is of no image (it has no Metadata.ImageID)'
    ],
    ['a severity Trivy does not have', of(CONFIG, 'SEVERE'), `"SEVERE" is not one of Trivy's severities`]
  ])('%s: the scanner failed, never a pass', async (name, report, message) => {
    const failed = run(fakeTrivy(name.replace(/\W+/g, '-'), 0, report), CONFIG)
    await expect(failed).rejects.toThrow(ScannerError)
    await expect(failed).rejects.toThrow(message)
  })
})
