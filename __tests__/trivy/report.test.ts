import { describe, expect, test } from '@jest/globals'
import { findingsOf, parseReport } from '../../src/trivy/report.js'

// The shape of Trivy 0.68's report of `trivy image --input <layout>` for an image whose ENTRYPOINT holds
// a token (seen on the test bed): the secret's Result is named by the artifact itself.
const LAYOUT = '/home/runner/work/_temp/imagegate/1134/api/platforms/linux-amd64'
const report = parseReport(
  JSON.stringify({
    SchemaVersion: 2,
    ArtifactName: LAYOUT,
    ArtifactType: 'container_image',
    Results: [
      {
        Target: LAYOUT,
        Class: 'secret',
        Secrets: [
          {
            RuleID: 'github-pat',
            Category: 'GitHub',
            Severity: 'CRITICAL',
            Title: 'GitHub Personal Access Token',
            StartLine: 30,
            EndLine: 30,
            Match: '"****"'
          }
        ]
      },
      {
        Target: '/app/.env',
        Class: 'secret',
        Secrets: [
          {
            RuleID: 'github-pat',
            Category: 'GitHub',
            Severity: 'CRITICAL',
            Title: 'GitHub Personal Access Token',
            StartLine: 2,
            EndLine: 2,
            Match: '****'
          }
        ]
      }
    ]
  }),
  'report.json'
)

describe('findingsOf', () => {
  test("a secret in the image config is said to be there, not in the runner's path of the layout", () => {
    const [config, file] = findingsOf(report)
    expect(config).toMatchObject({
      kind: 'secret',
      id: 'github-pat',
      pkg: 'the image config',
      target: 'the image config (line 30 of its JSON)'
    })
    expect(JSON.stringify(config)).not.toContain('/_temp/')
    expect(file).toMatchObject({ kind: 'secret', pkg: '/app/.env', target: '/app/.env:2' })
  })
})
