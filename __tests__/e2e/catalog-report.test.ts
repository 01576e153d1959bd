// End to end (plan mode): the bundled action reports every problem of a catalog and of its inputs in one
// run, one annotation each, and refuses inputs that would write or push somewhere else than meant.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { ROOT, runAction } from './runner.js'

const EXAMPLE = path.join(ROOT, 'example')

function copyExample(): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-ws-'))
  fs.cpSync(EXAMPLE, ws, { recursive: true, filter: src => !src.includes(`${path.sep}artifacts`) })
  return ws
}

const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex(l => l.includes(needle)) + 1

describe('one report for a catalog and its inputs', () => {
  test('a typo, a missing context and latest in prod: three annotations in one run; a bad tags input once', async () => {
    const ws = copyExample()
    const file = path.join(ws, '.github', 'images.yml')
    const text = fs
      .readFileSync(file, 'utf8')
      .replace(
        '    context: services/backend\n',
        '    context: services/backend\n    platfrom: [linux/amd64]\n'
      )
      .replace('    context: services/worker', '    context: services/wroker')
      .replace('  - name: nginx\n', '  - name: nginx\n    tags: [latest]\n')
    fs.writeFileSync(file, text)
    const r = await runAction({
      workspace: ws,
      inputs: { mode: 'plan', environment: 'prod', tags: 'stable,edge-debug' },
      ref: 'refs/tags/v1.3.0'
    })
    expect(r.exitCode).toBe(1)
    expect(r.outputs.result).toBe('failed')
    expect(r.outputs.plan).toBeUndefined()
    const catalog = r.errors.filter(e => e.startsWith('::error title=imagegate catalog'))
    expect(catalog).toEqual([
      `::error title=imagegate catalog,file=.github/images.yml,line=${lineOf(text, 'platfrom')}::.github/images.yml:${lineOf(text, 'platfrom')} images[0].platfrom: unknown field (allowed: name, kind, org, context, file, target, platforms, build-args, tags, labels, secrets, cache-from, cache-to, no-cache, pull, annotations, ssh, build-contexts, expect, smoke, rules, gate)`,
      `::error title=imagegate catalog,file=.github/images.yml,line=${lineOf(text, 'wroker')}::.github/images.yml:${lineOf(text, 'wroker')} images[1].context: "services/wroker" is not a directory in the workspace`,
      `::error title=imagegate catalog,file=.github/images.yml,line=${lineOf(text, '[latest]')}::.github/images.yml:${lineOf(text, '[latest]')} images[3].tags[0]: "latest" is only for the dev environment, never prod`
    ])
    // the input's problem once (not once per image), on no catalog line
    const input = r.errors.filter(e => e.includes('edge-debug'))
    expect(input).toEqual([
      '::error title=imagegate input::input tags: "edge-debug": -debug tags never go to a production registry (prod)'
    ])
    expect(r.errors).toContain(
      '::error::3 problems in the image catalog and 1 in the inputs (each annotated above)'
    )
    expect(r.errors).toHaveLength(5)
    // the summary page says what stopped the run, every problem once
    expect(r.summary).toContain('## imagegate: failed')
    expect(r.summary).toContain('The run stopped: 4 problems.')
    expect(r.summary).toContain(
      `- .github/images.yml:${lineOf(text, 'wroker')} images[1].context: "services/wroker" is not a directory`
    )
    expect(r.summary).toContain(
      '- input tags: "edge-debug": -debug tags never go to a production registry (prod)'
    )
  })

  test('an alias bomb: refused fast with the file and line, not the YAML library bare', async () => {
    const ws = copyExample()
    const file = path.join(ws, '.github', 'images.yml')
    const levels = ['  a: &a [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i)
      const name = String.fromCharCode(97 + i)
      levels.push(`  ${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`)
    }
    fs.writeFileSync(file, `x-bomb:\n${levels.join('\n')}\n` + fs.readFileSync(file, 'utf8'))
    const started = Date.now()
    const r = await runAction({ workspace: ws, inputs: { mode: 'plan' } })
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(r.exitCode).toBe(1)
    expect(r.errors).toContainEqual(
      expect.stringMatching(
        /^::error title=imagegate catalog,file=\.github\/images\.yml,line=4::\.github\/images\.yml:4: YAML aliases expand to more than 10000 copies/
      )
    )
  })

  test.each([
    ['output-dir', '../../outside', 'input output-dir: "../../outside" is outside the workspace'],
    [
      'registry',
      'https://registry.example.com',
      'input registry: "https://registry.example.com" is not a registry'
    ],
    [
      'secrets',
      '"token=unclosed',
      'input secrets: a double quote is opened and never closed (line 1)',
      'build'
    ]
  ])('input %s: %s is refused, named as the input', async (name, value, message, mode = 'plan') => {
    const ws = copyExample()
    const r = await runAction({ workspace: ws, inputs: { mode, [name]: value } })
    expect(r.exitCode).toBe(1)
    expect(r.log).toContain(`::error::${message}`)
    expect(fs.existsSync(path.join(ws, '..', '..', 'outside'))).toBe(false)
  })

  test('an input the mode does not read is a warning naming it, never silently ignored (secrets in mode plan)', async () => {
    const r = await runAction({
      workspace: copyExample(),
      inputs: { mode: 'plan', secrets: '"token=unclosed' }
    })
    expect(r.exitCode).toBe(0)
    expect(r.warnings).toContainEqual(expect.stringContaining('input secrets: not read by mode plan'))
    // a credential is never shown, even in a warning (the runner takes ::add-mask:: lines, never prints them)
    const shown = r.log
      .split('\n')
      .filter(l => !l.startsWith('::add-mask::'))
      .join('\n')
    expect(shown).not.toContain('token=unclosed')
  })

  test('a 2,000-image plan: the plan output is capped and points at plan-file, which holds it whole', async () => {
    const ws = copyExample()
    const images = Array.from(
      { length: 2000 },
      (_, i) =>
        `  - name: svc-${i}\n    context: services/backend\n    labels:\n      org.example.description: "${'service number ' + i + ' '.repeat(200)}"\n`
    ).join('')
    fs.writeFileSync(
      path.join(ws, '.github', 'images.yml'),
      `defaults:\n  registry: registry.example.com\n  platforms: [linux/amd64, linux/arm64]\nimages:\n${images}`
    )
    const r = await runAction({ workspace: ws, inputs: { mode: 'plan' } })
    expect(r.exitCode).toBe(0)
    const planFile = r.outputs['plan-file'] as string
    const whole = JSON.parse(fs.readFileSync(planFile, 'utf8'))
    expect(whole.images).toHaveLength(2000)
    expect(fs.statSync(planFile).size).toBeGreaterThan(1024 * 1024)
    const output = r.outputs.plan as string
    expect(Buffer.byteLength(output)).toBeLessThanOrEqual(512 * 1024)
    const capped = JSON.parse(output)
    expect(capped.truncated['plan-file']).toBe(planFile)
    expect(capped.images).toHaveLength(2000)
    expect(capped.images[1999].repository).toBe('registry.example.com/app/svc-1999')
    expect(r.warnings.join('\n')).toContain('The plan is too large for the plan output')
  })
})
