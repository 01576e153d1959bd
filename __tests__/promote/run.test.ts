import { describe, expect, test } from '@jest/globals'
import { promoteSummaryMarkdown } from '../../src/promote/run.js'

describe('promoteSummaryMarkdown', () => {
  test('one row per image: source digest, target refs, what was verified, the result', () => {
    const digest = 'sha256:' + 'a'.repeat(64)
    const md = promoteSummaryMarkdown({
      source: 'dev',
      target: 'prod',
      production: true,
      version: '1.3.0',
      passed: false,
      images: [
        {
          name: 'api',
          source: 'reg/dev/app/api',
          target: 'reg/app/api',
          digest,
          refs: ['reg/app/api:1.3.0', `reg/app/api@${digest}`],
          verified: ['signature on x by the given key'],
          status: 'promoted',
          reasons: [],
          copy: {
            mountedBlobs: 3,
            uploadedBlobs: 0,
            uploadedBytes: 0,
            presentBlobs: 1,
            manifests: 3,
            attached: []
          }
        },
        {
          name: 'worker',
          source: 'reg/dev/app/worker',
          target: 'reg/app/worker',
          refs: [],
          verified: [],
          status: 'refused',
          reasons: ['worker: not signed']
        }
      ]
    })
    expect(md).toContain('## imagegate promote: dev -> prod (production), version `1.3.0`')
    expect(md).toContain(
      `| api | \`${digest}\` | \`reg/app/api:1.3.0\`<br>\`reg/app/api@${digest}\` | signature on x by the given key | promoted (3 blobs mounted, 0 uploaded, 1 present) |`
    )
    expect(md).toContain('| worker | - | - | - | refused |')
    expect(md).toContain('- worker: not signed')
  })
})
