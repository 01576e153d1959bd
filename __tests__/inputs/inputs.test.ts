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

  test('sign: true is refused with a message naming the input, not ignored', () => {
    set('sign', 'true')
    expect(() => getInputs()).toThrow(
      'input sign: cosign signing is not available in this version of imagegate; set sign to false (nothing was built or pushed)'
    )
  })
})
