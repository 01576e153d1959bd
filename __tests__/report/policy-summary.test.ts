// The policy part of the job summary: verdict provenance, the baseline split, exceptions and base ages.
import { describe, expect, test } from '@jest/globals'
import { gate } from '../../src/gate/gate.js'
import { baselineFromFile } from '../../src/policy/baseline.js'
import { parseExceptions } from '../../src/policy/exceptions.js'
import { findingsFile } from '../../src/policy/findings-file.js'
import { policySummaryLines } from '../../src/report/policy-summary.js'
import type { Finding } from '../../src/trivy/report.js'

const vuln = (id: string, pkg: string): Finding => ({
  kind: 'vulnerability',
  id,
  severity: 'HIGH',
  pkg,
  target: 't'
})
const NOW = new Date('2026-11-29T10:00:00Z')

describe('policy summary', () => {
  test('provenance, new / known / fixed, exceptions with days left, base ages', () => {
    const baseline = baselineFromFile(
      findingsFile({
        environment: 'prod',
        created: 'x',
        images: [
          {
            name: 'web',
            platforms: [{ platform: 'linux/amd64', findings: [vuln('CVE-1', 'a'), vuln('CVE-2', 'b')] }]
          }
        ]
      }),
      'baseline file prev'
    )
    const exceptions = parseExceptions(
      [
        'exceptions:',
        '  - { id: CVE-3, images: [web], reason: "r | pipe", owner: "@o", expires: 2026-12-09 }',
        '  - { id: CVE-9, images: [web], reason: r, owner: "@o", expires: 2026-12-09 }'
      ].join('\n'),
      'ex.yml',
      ['web']
    )
    const verdict = gate(
      [
        {
          name: 'web',
          scans: [
            {
              platform: 'linux/amd64',
              findings: [vuln('CVE-1', 'a'), vuln('CVE-3', 'c'), vuln('CVE-4', 'd')]
            }
          ]
        }
      ],
      ['HIGH'],
      { modes: { web: 'new' }, baseline, exceptions, now: NOW }
    )
    const lines = policySummaryLines(verdict, {
      provenance: {
        imagegate: '0.1.0',
        trivy: { version: '0.44.1' },
        db: { updatedAt: '2026-11-01T00:00:00Z', digest: 'sha256:abc' },
        policy: {
          severities: ['HIGH'],
          modes: { web: 'new' },
          exceptions: { file: 'ex.yml', digest: 'sha256:def' },
          baseline: 'baseline file prev'
        }
      },
      baseAges: [
        {
          image: 'web',
          maxAgeDays: 7,
          rows: [
            {
              at: 'Dockerfile:1',
              ref: 'r/b@sha256:1',
              platform: 'linux/amd64',
              digest: 'sha256:' + '1'.repeat(64),
              created: '2026-11-19T10:00:00Z',
              ageDays: 10,
              ageMs: 10 * 86_400_000
            }
          ]
        }
      ]
    })
    expect(lines.join('\n')).toBe(
      [
        'Verdict: Trivy 0.44.1, DB built 2026-11-01T00:00:00Z (`sha256:abc`); gate mode `new`, severities HIGH; exceptions `ex.yml` `sha256:def`; baseline: baseline file prev.',
        '',
        '### Against the baseline',
        '',
        '| Image | Gate mode | New | Already known | Fixed since the baseline |',
        '| --- | --- | --- | --- | --- |',
        '| web | new | 2 | 1 | 1 |',
        '',
        'Fixed since the baseline: web linux/amd64 CVE-2 (b).',
        '',
        'Known findings at the gated severities (in the baseline, not blocking in gate mode new): 1.',
        '',
        '### Exceptions (`ex.yml`)',
        '',
        '| Finding | Images | Owner | Expires | State | Findings covered | Reason |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        '| CVE-3 | web | @o | 2026-12-09 | active, 10 days left | 1 | r \\| pipe |',
        '| CVE-9 | web | @o | 2026-12-09 | stale: matches no finding | 0 | r |',
        '',
        '### Base images',
        '',
        '| Image | Platform | FROM | Platform manifest | Built | Age |',
        '| --- | --- | --- | --- | --- | --- |',
        '| web | linux/amd64 | Dockerfile:1 `r/b@sha256:1` | `sha256:111111111111` | 2026-11-19T10:00:00Z | 10 days (**over 7 days**) |',
        ''
      ].join('\n')
    )
  })

  test('an unavailable baseline is said in bold', () => {
    const verdict = gate([{ name: 'web', scans: [] }], ['HIGH'], {
      modes: { web: 'new' },
      baseline: { available: false, source: 'baseline file x', reason: 'cannot read x: file not found' }
    })
    expect(policySummaryLines(verdict, {})).toEqual([
      '**Baseline unavailable** (baseline file x): cannot read x: file not found',
      ''
    ])
  })
})
