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

  test('mode promote and its inputs, trimmed; a bad source environment names the input', () => {
    set('mode', 'promote')
    set('source-environment', ' stage ')
    set('version', ' 1.3.0 ')
    set('certificate-identity', 'https://github.com/acme/app/.github/workflows/images.yml@refs/tags/v1.3.0')
    set('certificate-oidc-issuer', 'https://token.actions.githubusercontent.com')
    const inputs = getInputs()
    expect(inputs.mode).toBe('promote')
    expect(inputs['source-environment']).toBe('stage')
    expect(inputs.version).toBe('1.3.0')
    expect(inputs['certificate-oidc-issuer']).toBe('https://token.actions.githubusercontent.com')
    set('source-environment', 'Stage!')
    expect(() => getInputs()).toThrow('input source-environment: "Stage!" is not an environment name')
  })
})
