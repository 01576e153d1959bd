import { describe, expect, test } from '@jest/globals'
import { nativePlatform, runArgs, smokeEnv } from '../../src/docker/smoke.js'

describe('smoke argv', () => {
  test('hardened as in production; env by name only; port on loopback', () => {
    expect(
      runArgs({
        name: 'c',
        ref: 'sha256:abc',
        platform: 'linux/amd64',
        env: ['API_TOKEN', 'GREETING'],
        port: 8080
      })
    ).toEqual([
      'run',
      '--detach',
      '--name',
      'c',
      '--platform',
      'linux/amd64',
      '--read-only',
      '--tmpfs',
      '/tmp',
      '--cap-drop',
      'ALL',
      '--security-opt',
      'no-new-privileges',
      '--env',
      'API_TOKEN',
      '--env',
      'GREETING',
      '--publish',
      '127.0.0.1::8080',
      'sha256:abc'
    ])
  })

  test('env: catalog values, null ones from the inputs, missing ones named', () => {
    expect(smokeEnv('api', { env: { A: 'x', B: null } }, { B: 'y', C: 'z' })).toEqual({ A: 'x', B: 'y' })
    expect(() => smokeEnv('api', { env: { DATABASE_URL: null, JWT: null } }, {})).toThrow(
      'api: smoke test needs DATABASE_URL, JWT (catalog smoke.env is null: give it in the smoke-env input)'
    )
  })

  test.each([
    ['x64', 'linux/amd64'],
    ['arm64', 'linux/arm64']
  ])('native platform on %s', (arch, platform) => {
    expect(nativePlatform(arch)).toBe(platform)
  })
})
