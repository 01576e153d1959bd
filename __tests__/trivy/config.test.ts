import { describe, expect, test } from '@jest/globals'
import { configArgs, parseConfigReport } from '../../src/trivy/config.js'

describe('trivy config', () => {
  test('argv: json to a file, offline checks, the directory holding only the Dockerfile', () => {
    expect(
      configArgs({
        dir: '/w/df',
        output: '/o/x.json',
        cacheDir: '/c',
        version: { version: 'dev', skipChecksFlag: '--skip-policy-update' },
        limit: { ms: 90_000, input: 'scan-timeout' }
      })
    ).toEqual([
      'config',
      '--format',
      'json',
      '--output',
      '/o/x.json',
      '--cache-dir',
      '/c',
      '--skip-policy-update',
      '--timeout',
      '2m30s',
      '--quiet',
      '/w/df'
    ])
  })

  test('failed checks only, with their line', () => {
    const report = {
      SchemaVersion: 2,
      Results: [
        {
          Target: 'Dockerfile',
          Misconfigurations: [
            {
              ID: 'DS002',
              Title: "Image user should not be 'root'",
              Severity: 'HIGH',
              Status: 'FAIL',
              CauseMetadata: { StartLine: 4 }
            },
            { ID: 'DS001', Title: "':latest' tag used", Severity: 'MEDIUM', Status: 'PASS' }
          ]
        },
        { Target: 'Dockerfile', MisconfSummary: { Successes: 26, Failures: 0 } }
      ]
    }
    expect(parseConfigReport(JSON.stringify(report), 'r.json')).toEqual([
      { id: 'DS002', severity: 'HIGH', title: "Image user should not be 'root'", message: undefined, line: 4 }
    ])
  })

  test('a report that is not JSON is an error', () => {
    expect(() => parseConfigReport('{', 'r.json')).toThrow('Trivy config report r.json is not JSON')
  })
})
