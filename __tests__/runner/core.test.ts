// The workflow and file commands, in the formats GitHub's runner reads (and @actions/core writes).
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as core from '../../src/runner/core.js'
import { parseOutputs } from '../../scripts/lib/runner-files.mjs'

const tmpFile = () => {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-core-')), 'file')
  fs.writeFileSync(f, '')
  return f
}

function stdout(fn: () => void): string {
  const chunks: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    chunks.push(String(c))
    return true
  })
  try {
    fn()
  } finally {
    spy.mockRestore()
  }
  return chunks.join('')
}

describe('workflow commands', () => {
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved }
    process.exitCode = undefined
  })

  test('messages escape %, CR and LF; properties also : and ,', () => {
    expect(core.escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext')
    expect(core.escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25')
    expect(core.commandLine('error', { title: 'imagegate: t', file: undefined, line: 14 }, 'x\ny')).toBe(
      '::error title=imagegate%3A t,line=14::x%0Ay'
    )
  })

  test('annotations carry file and line as the runner names them', () => {
    const out = stdout(() =>
      core.error('bad', { file: '.github/images.yml', startLine: 3, title: 'catalog' })
    )
    expect(out).toBe(`::error title=catalog,file=.github/images.yml,line=3::bad${os.EOL}`)
    expect(stdout(() => core.warning('w'))).toBe(`::warning::w${os.EOL}`)
    expect(stdout(() => core.setSecret('p@ss:word'))).toBe(`::add-mask::p@ss:word${os.EOL}`)
    expect(stdout(() => core.startGroup('Plan'))).toBe(`::group::Plan${os.EOL}`)
  })

  test('setFailed: an error annotation and exit code 1', () => {
    expect(stdout(() => core.setFailed('red'))).toBe(`::error::red${os.EOL}`)
    expect(process.exitCode).toBe(1)
  })

  test('outputs go to GITHUB_OUTPUT as delimited blocks, multi-line values intact', () => {
    const file = tmpFile()
    process.env.GITHUB_OUTPUT = file
    core.setOutput('plan', '{"a":1}\nsecond line')
    core.setOutput('result', 'passed')
    expect(parseOutputs(fs.readFileSync(file, 'utf8'))).toEqual({
      plan: '{"a":1}\nsecond line',
      result: 'passed'
    })
  })

  test('inputs: INPUT_<NAME> upper-cased, trimmed, empty when unset', () => {
    process.env['INPUT_SBOM-FORMAT'] = '  spdx-json \n'
    expect(core.getInput('sbom-format')).toBe('spdx-json')
    expect(core.getInput('not-set')).toBe('')
  })

  test('addPath: this process first, and GITHUB_PATH for later steps', () => {
    const file = tmpFile()
    process.env.GITHUB_PATH = file
    core.addPath('/opt/tools/trivy')
    expect(process.env.PATH?.split(path.delimiter)[0]).toBe('/opt/tools/trivy')
    expect(fs.readFileSync(file, 'utf8')).toBe(`/opt/tools/trivy${os.EOL}`)
  })

  test('the summary appends to GITHUB_STEP_SUMMARY', async () => {
    const file = tmpFile()
    process.env.GITHUB_STEP_SUMMARY = file
    await core.summary.addRaw('## one\n').write()
    await core.summary.addRaw('## two\n').write()
    expect(fs.readFileSync(file, 'utf8')).toBe('## one\n## two\n')
  })
})
