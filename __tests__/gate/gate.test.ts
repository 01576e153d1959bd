import { describe, expect, test } from '@jest/globals'
import { gate, pushable, type ImageOutcome } from '../../src/gate/gate.js'
import type { Finding } from '../../src/trivy/report.js'

const vuln = (id: string, severity: Finding['severity'], fixed?: string): Finding => ({
  kind: 'vulnerability',
  id,
  severity,
  pkg: 'openssl',
  installed: '3.1.3-r0',
  fixed,
  target: 'alpine 3.18'
})

const clean: ImageOutcome = {
  name: 'frontend',
  scans: [
    { platform: 'linux/amd64', findings: [vuln('CVE-1', 'MEDIUM', '1')] },
    { platform: 'linux/arm64', findings: [] }
  ]
}
const bad: ImageOutcome = {
  name: 'backend',
  scans: [
    { platform: 'linux/amd64', findings: [] },
    { platform: 'linux/arm64', findings: [vuln('CVE-2099-0001', 'CRITICAL', '3.1.4-r1')] }
  ]
}

describe('gate', () => {
  test('a CRITICAL finding on one platform fails that image and the catalog', () => {
    const r = gate([clean, bad], ['HIGH', 'CRITICAL'])
    expect(r.passed).toBe(false)
    expect(r.images.map(i => i.passed)).toEqual([true, false])
    expect(r.images[1]?.reasons).toEqual([
      'backend linux/arm64: CRITICAL CVE-2099-0001 in openssl 3.1.3-r0 (fixed in 3.1.4-r1)'
    ])
  })

  test('severities below the gate do not block', () => {
    expect(gate([clean], ['HIGH', 'CRITICAL']).passed).toBe(true)
    expect(gate([clean], ['MEDIUM']).passed).toBe(false)
  })

  test('an image that could not be built or scanned blocks, with its error', () => {
    const r = gate(
      [{ name: 'worker', scans: [], error: 'the scanner failed on worker linux/amd64: trivy exited 1' }],
      ['HIGH']
    )
    expect(r.passed).toBe(false)
    expect(r.images[0]?.reasons).toEqual(['worker: the scanner failed on worker linux/amd64: trivy exited 1'])
  })

  test('secrets are described with their file', () => {
    const s: Finding = {
      kind: 'secret',
      id: 'private-key',
      severity: 'HIGH',
      pkg: '/app/key.pem',
      title: 'Asymmetric Private Key',
      target: '/app/key.pem:1'
    }
    const r = gate([{ name: 'api', scans: [{ platform: 'linux/amd64', findings: [s] }] }], ['HIGH'])
    expect(r.images[0]?.reasons).toEqual([
      'api linux/amd64: HIGH secret private-key (Asymmetric Private Key) in /app/key.pem:1'
    ])
  })

  test('all-or-nothing pushes nothing when one image failed; per-image pushes the ones that passed', () => {
    const r = gate([clean, bad], ['HIGH', 'CRITICAL'])
    expect(pushable(r, 'all-or-nothing')).toEqual([])
    expect(pushable(r, 'per-image')).toEqual(['frontend'])
    expect(pushable(gate([clean], ['HIGH']), 'all-or-nothing')).toEqual(['frontend'])
  })

  test('an enforced check that failed blocks; a warning does not', () => {
    const checks = [
      {
        rule: 'non-root',
        mode: 'enforce' as const,
        passed: false,
        message: 'api linux/amd64: runs as root (USER not set)'
      },
      {
        rule: 'size',
        mode: 'warn' as const,
        passed: false,
        message: 'api linux/amd64: size 520.0 MB is above the target 500.0 MB'
      },
      { rule: 'healthcheck', mode: 'enforce' as const, passed: true, message: 'ok' }
    ]
    const r = gate([{ name: 'api', scans: [], checks }], ['HIGH'])
    expect(r.passed).toBe(false)
    expect(r.images[0]?.reasons).toEqual(['api linux/amd64: runs as root (USER not set)'])
    expect(r.images[0]?.warnings.map(w => w.rule)).toEqual(['size'])
    expect(gate([{ name: 'api', scans: [], checks: checks.slice(1) }], ['HIGH']).passed).toBe(true)
  })
})
