import { afterEach, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parse } from 'yaml'
import { getInputs, InputsSchema, parseDuration } from '../../src/inputs.js'

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
