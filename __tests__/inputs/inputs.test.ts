import { afterEach, describe, expect, test } from '@jest/globals'
import { getInputs } from '../../src/inputs.js'

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
    ['', '', { sign: false, attest: undefined }],
    ['true', '', { sign: true, attest: undefined }],
    ['true', 'false', { sign: true, attest: false }],
    ['false', 'TRUE', { sign: false, attest: true }]
  ])('sign %j, attest %j', (sign, attest, want) => {
    set('sign', sign)
    set('attest', attest)
    const inputs = getInputs()
    expect({ sign: inputs.sign, attest: inputs.attest }).toEqual(want)
  })

  test('attest: anything else names the input', () => {
    set('attest', 'yes')
    expect(() => getInputs()).toThrow('input attest: "yes" is not true, false or empty')
  })
})
