import { afterEach, describe, expect, test } from '@jest/globals'
import { getInputs, parseDuration } from '../../src/inputs.js'

const set = (name: string, value: string) => (process.env[`INPUT_${name.toUpperCase()}`] = value)

describe('getInputs', () => {
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k]
  })

  test('defaults as action.yml declares them, reuse-results on', () => {
    const inputs = getInputs()
    expect(inputs.catalog).toBe('.github/images.yml')
    expect(inputs['reuse-results']).toBe(true)
    expect(inputs.sign).toBe(false)
  })

  test('reuse-results: false turns the results cache off', () => {
    set('reuse-results', 'false')
    expect(getInputs()['reuse-results']).toBe(false)
  })

  test('db-max-age: days, with or without a d; anything else names the input', () => {
    expect(getInputs()['db-max-age']).toBeUndefined()
    set('db-max-age', '7d')
    expect(getInputs()['db-max-age']).toBe(7)
    set('db-max-age', 'a week')
    expect(() => getInputs()).toThrow('input db-max-age: "a week" is not a whole number of days')
  })

  test.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['600', 600_000],
    [' 5S ', 5_000],
    ['0', 0],
    ['ten minutes', undefined],
    ['10x', undefined],
    ['-5', undefined],
    ['1.5m', undefined]
  ])('parseDuration(%j) = %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  test('scan-timeout: 10m unless set, 0 for none; build-timeout: none unless set', () => {
    expect(getInputs()['scan-timeout']).toEqual({ ms: 600_000, input: 'scan-timeout' })
    expect(getInputs()['build-timeout']).toBeUndefined()
    set('scan-timeout', '90s')
    set('build-timeout', '1h')
    expect(getInputs()['scan-timeout']).toEqual({ ms: 90_000, input: 'scan-timeout' })
    expect(getInputs()['build-timeout']).toEqual({ ms: 3_600_000, input: 'build-timeout' })
    set('scan-timeout', '0')
    expect(getInputs()['scan-timeout']).toBeUndefined()
  })

  test('a timeout that is not a duration names the input', () => {
    set('build-timeout', 'soon')
    expect(() => getInputs()).toThrow(
      'input build-timeout: "soon" is not a duration (90s, 10m, 1h, or seconds; 0 for none)'
    )
  })

  test('sign: true is refused with a message naming the input, not ignored', () => {
    set('sign', 'true')
    expect(() => getInputs()).toThrow(
      'input sign: cosign signing is not available in this version of imagegate; set sign to false (nothing was built or pushed)'
    )
  })
})
