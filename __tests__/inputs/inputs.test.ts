import { afterEach, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parse } from 'yaml'
import { getInputs, InputsSchema } from '../../src/inputs.js'

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

test('action.yml is valid YAML and declares every input the schema reads, and no other', () => {
  const root = path.resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..')
  const action = parse(fs.readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { description: string; default?: string }>
  }
  expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(InputsSchema.shape).sort())
  for (const [name, input] of Object.entries(action.inputs)) {
    expect([name, typeof input.description]).toEqual([name, 'string'])
  }
})
