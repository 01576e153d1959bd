// scripts/check-docs.mjs: the generated tables, the reusable workflow's inputs against action.yml, the pins.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import {
  actionTables,
  cell,
  checkDocs,
  fillTables,
  NOT_WORKFLOW_INPUTS,
  usesLines,
  versionProblems,
  workflowCoverage,
  workflowTables
} from '../../scripts/check-docs.mjs'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8')
const ACTION = read('action.yml')
const WORKFLOW = read('.github/workflows/images.yml')

describe('the tables', () => {
  test('one row per input of action.yml, in its order, with a row where each group starts', () => {
    const text = [
      'name: x',
      'inputs:',
      '  # --- first group ---',
      '  a:',
      '    description: The A.',
      '    default: one',
      '  b:',
      '    description: >-',
      '      Two lines,',
      '      one cell | with a pipe and <b>.',
      '  # --- second ---',
      '  c:',
      "    default: ''",
      'outputs:',
      '  out:',
      '    description: What `x<y>` gives.',
      'runs: { using: node24, main: x.js }',
      ''
    ].join('\n')
    const tables = actionTables(text)
    expect(tables['action-inputs'].split('\n')).toEqual([
      '| Input | Default | Description |',
      '| --- | --- | --- |',
      '| **first group** | | |',
      '| `a` | `one` | The A. |',
      '| `b` |  | Two lines, one cell \\| with a pipe and &lt;b>. |',
      '| **second** | | |',
      '| `c` |  |  |'
    ])
    expect(tables['action-outputs'].split('\n')).toEqual([
      '| Output | Description |',
      '| --- | --- |',
      '| `out` | What `x<y>` gives. |'
    ])
  })

  test('every input and output of action.yml has its row', () => {
    const tables = actionTables(ACTION)
    const inputs = Object.keys((parse(ACTION) as { inputs: Record<string, unknown> }).inputs)
    expect(inputs.length).toBeGreaterThan(50)
    for (const name of inputs) expect(tables['action-inputs']).toContain(`| \`${name}\` |`)
    const rows = tables['action-inputs'].split('\n').filter(line => line.startsWith('| `'))
    expect(rows).toHaveLength(inputs.length)
  })

  test('the workflow tables: inputs with their type, secrets, outputs', () => {
    const tables = workflowTables(WORKFLOW)
    expect(tables['workflow-inputs']).toContain('| `distribute` | boolean | `false` |')
    expect(tables['workflow-secrets']).toContain('| `build-secrets` |')
    expect(tables['workflow-outputs']).toContain('| `artifact-urls` |')
  })

  test('fillTables replaces what is between the markers, and names the markers it did not find', () => {
    const doc = 'a\n<!-- generated:t (from x) -->\nold\n<!-- /generated:t -->\nb\n'
    const { text, missing } = fillTables(doc, { t: '| x |', u: '| y |' })
    expect(text).toBe(
      'a\n<!-- generated:t (from x) -->\n<!-- prettier-ignore-start -->\n| x |\n<!-- prettier-ignore-end -->\n<!-- /generated:t -->\nb\n'
    )
    expect(missing).toEqual(['u'])
    expect(fillTables(text, { t: '| x |' }).text).toBe(text) // stable: a second run changes nothing
  })

  test('cell: backticks kept, newlines folded', () => {
    expect(cell('a\n  b `<c>` <d>')).toBe('a b `<c>` &lt;d>')
  })
})

describe('workflowCoverage: every action input reachable through the reusable workflow', () => {
  test('the repository: no problem', () => {
    expect(workflowCoverage(ACTION, WORKFLOW)).toEqual([])
  })

  test('an action input the workflow does not take is a problem naming it', () => {
    const action = ACTION.replace(
      '\noutputs:\n',
      '\n  brand-new:\n    description: New.\n    default: x\noutputs:\n'
    )
    expect(workflowCoverage(action, WORKFLOW)).toEqual([
      expect.stringMatching(/^input brand-new: not reachable through the reusable workflow/)
    ])
  })

  test('a workflow input that no step passes to the action is a problem', () => {
    const workflow = WORKFLOW.replace(/^ {10}trivy-version: \$\{\{ inputs\.trivy-version \}\}\n/m, '')
    expect(workflow).not.toBe(WORKFLOW)
    expect(workflowCoverage(ACTION, workflow)).toEqual([
      "input trivy-version: the workflow's inputs.trivy-version is passed to no step running the action"
    ])
  })

  test('a default that differs from the action is a problem, unless OWN_DEFAULTS says why', () => {
    const workflow = WORKFLOW.replace(/(\n {6}scan-timeout:\n(?: {8}.*\n)*? {8}default: )10m/, '$15m')
    expect(workflow).not.toBe(WORKFLOW)
    expect(workflowCoverage(ACTION, workflow)).toEqual([
      'input scan-timeout: default "5m" in the workflow, "10m" in action.yml (or add it to OWN_DEFAULTS with why)'
    ])
  })

  test('an allow-listed input that the workflow also takes, or that action.yml lacks, is a problem', () => {
    expect(Object.keys(NOT_WORKFLOW_INPUTS)).toEqual(expect.arrayContaining(['mode', 'username', 'password']))
    const workflow = WORKFLOW.replace(
      '\n      catalog:\n',
      '\n      mode:\n        type: string\n      catalog:\n'
    )
    expect(workflowCoverage(ACTION, workflow)).toEqual([
      'input mode: a workflow input and in NOT_WORKFLOW_INPUTS: drop one'
    ])
    const action = ACTION.replace(/\n {2}records:\n(?: {4}.*\n)+/, '\n')
    expect(action).not.toBe(ACTION)
    expect(workflowCoverage(action, WORKFLOW)).toEqual([
      'records: listed here but not an input of action.yml'
    ])
  })
})

describe('pins and versions', () => {
  test('a uses: by tag, or by SHA without a version comment, is a problem; local actions are not', () => {
    const text = [
      'steps:',
      '  - uses: actions/checkout@v7',
      '  - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1',
      '  - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
      '  - uses: ./.imagegate',
      '    # uses: in a comment is not a step'
    ].join('\n')
    expect(usesLines(text).map(entry => [entry.line, entry.problem])).toEqual([
      [2, 'actions/checkout@v7: not pinned by a full 40-hex commit SHA'],
      [
        3,
        'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1: no "# vX.Y.Z" comment naming the release of that commit'
      ],
      [4, undefined]
    ])
  })

  test('a snippet naming another major than the workflows is a problem, with its markdown line', () => {
    const workflows = [
      {
        file: 'w.yml',
        text: '      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n'
      }
    ]
    const fence = '```'
    const markdown = [
      {
        file: 'README.md',
        text: `x\n${fence}yaml\n- uses: actions/checkout@v7\n- uses: actions/checkout@v4\n${fence}\n`
      }
    ]
    expect(versionProblems(workflows, markdown)).toEqual([
      'README.md:4: actions/checkout@v4, the workflows use v7'
    ])
  })

  test('the repository: every table current, every input reachable, every action pinned, one major each', () => {
    expect(checkDocs(root)).toEqual({ problems: [], written: [] })
  })

  test('a README whose table was edited by hand is a problem, and --write puts it back', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-docs-'))
    for (const file of ['README.md', 'CHANGELOG.md', 'action.yml'])
      fs.copyFileSync(path.join(root, file), path.join(copy, file))
    fs.cpSync(path.join(root, 'docs'), path.join(copy, 'docs'), { recursive: true })
    fs.cpSync(path.join(root, '.github'), path.join(copy, '.github'), { recursive: true })
    const readme = path.join(copy, 'README.md')
    const original = fs.readFileSync(readme, 'utf8')
    fs.writeFileSync(
      readme,
      original.replace('| `catalog` | `.github/images.yml` |', '| `catalog` | `images.yml` |')
    )
    expect(checkDocs(copy).problems).toEqual([
      'README.md: its tables differ from action.yml: run npm run docs:tables'
    ])
    expect(checkDocs(copy, { write: true }).written).toEqual(['README.md'])
    expect(fs.readFileSync(readme, 'utf8')).toBe(original)
    fs.rmSync(copy, { recursive: true, force: true })
  })
})
