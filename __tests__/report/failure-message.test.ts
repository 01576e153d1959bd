import { describe, expect, test } from '@jest/globals'
import type { GateResult } from '../../src/gate/gate.js'
import type { Published } from '../../src/pipeline/publish.js'
import type { PushResult } from '../../src/registry/client.js'
import { failureMessage } from '../../src/report/outputs.js'

const passed = {
  passed: true,
  images: [
    { name: 'backend', passed: true, reasons: [] },
    { name: 'worker', passed: true, reasons: [] }
  ]
} as unknown as GateResult
const pushed = {} as PushResult

describe('failureMessage', () => {
  test('an image whose tag the registry refused after others moved is partly pushed, not pushed', () => {
    const published: Published = {
      pushed: new Map([
        ['backend', pushed],
        ['worker', pushed]
      ]),
      errors: new Map([['worker', 'worker: tag latest not moved: ... answered HTTP 503']])
    }
    const [head, ...rest] = (failureMessage(passed, published) ?? '').split('\n')
    expect(head).toBe(
      'imagegate: 1 of 2 images could not be pushed (pushed: backend; partly pushed, some tags not moved: worker)'
    )
    expect(rest).toEqual(['worker: tag latest not moved: ... answered HTTP 503'])
  })

  test('nothing pushed says so', () => {
    const published: Published = {
      pushed: new Map(),
      errors: new Map([['backend', 'backend: nothing pushed: x']])
    }
    expect(failureMessage(passed, published)).toMatch(
      /^imagegate: 1 of 2 images could not be pushed; nothing was pushed/
    )
  })
})
