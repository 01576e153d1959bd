// The base-age rule: each base's age from its config's `created`, an unknown age (missing, epoch) is a
// failure, never a young image.
import { describe, expect, test } from '@jest/globals'
import { baseAgeChecks, baseAgeRows, createdTime, type BaseImageFacts } from '../../src/policy/base-age.js'

const NOW = new Date('2026-11-29T12:00:00Z')
const base = (o: Partial<BaseImageFacts>): BaseImageFacts => ({
  at: 'services/web/Dockerfile:2',
  ref: '127.0.0.1:5000/base/busybox@sha256:' + 'e'.repeat(64),
  platform: 'linux/amd64',
  digest: 'sha256:' + 'e'.repeat(64),
  manifest: 'sha256:' + 'a'.repeat(64),
  ...o
})

describe('base image age', () => {
  test.each([
    ['2026-11-20T12:00:00Z', 9],
    ['2026-11-29T11:00:00Z', 0],
    ['2026-10-30T12:00:01Z', 29]
  ])('created %s is %i days old', (created, days) => {
    expect(baseAgeRows([base({ created })], NOW)[0]?.ageDays).toBe(days)
  })

  test.each([undefined, '', '1970-01-01T00:00:00Z', 'yesterday'])('created %p: age unknown', created => {
    expect(createdTime(created)).toBeUndefined()
    expect(baseAgeRows([base({ created })], NOW)[0]?.ageDays).toBeUndefined()
  })

  test('off without base-max-age', () => {
    expect(
      baseAgeChecks('web', baseAgeRows([base({ created: '2000-01-01T00:00:00Z' })], NOW), undefined)
    ).toEqual([])
  })

  test.each<[string, number, boolean, string]>([
    // created, max, passed, message
    ['2026-11-20T12:00:00Z', 30, true, 'web: every base image is at most 30 days old'],
    [
      '2026-11-20T12:00:00Z',
      7,
      false,
      `web linux/amd64: services/web/Dockerfile:2 FROM 127.0.0.1:5000/base/busybox@sha256:${'e'.repeat(64)} (sha256:${'a'.repeat(64)}) was built 2026-11-20T12:00:00Z (9 days ago), older than base-max-age (7 days)`
    ],
    [
      '2026-11-29T11:00:00Z',
      0,
      false,
      `web linux/amd64: services/web/Dockerfile:2 FROM 127.0.0.1:5000/base/busybox@sha256:${'e'.repeat(64)} (sha256:${'a'.repeat(64)}) was built 2026-11-29T11:00:00Z (less than a day ago), older than base-max-age (0 days)`
    ],
    [
      '1970-01-01T00:00:00Z',
      30,
      false,
      `web linux/amd64: services/web/Dockerfile:2 FROM 127.0.0.1:5000/base/busybox@sha256:${'e'.repeat(64)} (sha256:${'a'.repeat(64)}): build time unknown (created: "1970-01-01T00:00:00Z"), base-max-age is 30 days`
    ]
  ])('created %s, max %i days: passed %s', (created, max, passed, message) => {
    const checks = baseAgeChecks('web', baseAgeRows([base({ created })], NOW), max)
    expect(checks).toEqual([{ rule: 'base-age', mode: 'enforce', passed, message }])
  })

  test('an unreadable base fails with the reason; scratch-only images pass', () => {
    const checks = baseAgeChecks(
      'web',
      baseAgeRows([base({ error: 'HTTP 404', digest: undefined })], NOW),
      30
    )
    expect(checks[0]?.passed).toBe(false)
    expect(checks[0]?.message).toMatch(/: cannot read its age: HTTP 404$/)
    expect(baseAgeChecks('web', [], 30)).toEqual([
      {
        rule: 'base-age',
        mode: 'enforce',
        passed: true,
        message: 'web: no base image to check (scratch and stages only)'
      }
    ])
  })
})
