import { describe, expect, test } from '@jest/globals'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import {
  checkAction,
  checkFiles,
  checkMarkdown,
  checkWorkflow,
  defaultFiles,
  shapeOf,
  yamlBlocks
} from '../../scripts/check-yaml.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const fence = '```'

// The README's old headline snippet: `${{` inside a flow mapping is not YAML.
const brokenHeadline = [
  '# Example',
  '',
  `${fence}yaml`,
  '- uses: docker/setup-buildx-action@v4',
  '- uses: docker/login-action@v4',
  '  with: { registry: registry.example.com, username: ${{ vars.REGISTRY_USER }}, password: ${{ secrets.REGISTRY_TOKEN }} }',
  fence,
  ''
].join('\n')

const goodSteps = [
  'Text before.',
  '',
  `${fence}yaml`,
  '- uses: actions/checkout@v7',
  '- uses: docker/login-action@v4',
  '  with:',
  '    registry: registry.example.com',
  '    username: ${{ vars.REGISTRY_USER }}',
  '    password: ${{ secrets.REGISTRY_TOKEN }}',
  fence,
  ''
].join('\n')

describe('yamlBlocks', () => {
  test('finds yaml and yml fences with the line of their first body line, skips other languages', () => {
    const text = [
      'a',
      `${fence}yaml title`,
      'x: 1',
      fence,
      `${fence}sh`,
      'echo',
      fence,
      '~~~yml',
      'y: 2',
      '~~~'
    ].join('\n')
    expect(yamlBlocks(text)).toEqual([
      { line: 3, info: 'yaml title', body: 'x: 1\n' },
      { line: 9, info: 'yml', body: 'y: 2\n' }
    ])
  })
})

describe('shapeOf', () => {
  test.each([
    [{ on: 'push', jobs: {} }, 'workflow'],
    [{ 'runs-on': 'ubuntu-latest', steps: [] }, 'job'],
    [{ uses: 'imagegate/imagegate/.github/workflows/images.yml@v1', with: {} }, 'job'],
    [{ uses: 'imagegate/imagegate@v1', with: {} }, 'other'],
    [[{ uses: 'actions/checkout@v7' }, { run: 'echo' }], 'steps'],
    [[{ uses: 'a@v1' }, { name: 'no uses, no run' }], 'other'],
    [{ version: 1, images: [] }, 'other'],
    [[], 'other'],
    ['text', 'other']
  ])('%j is %s', (value, shape) => {
    expect(shapeOf(value)).toBe(shape)
  })
})

describe('checkMarkdown', () => {
  test('the old headline snippet fails with its markdown line', async () => {
    const { snippets, findings } = await checkMarkdown(brokenHeadline, 'README.md')
    expect(snippets).toEqual([{ line: 4, shape: 'invalid' }])
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ file: 'README.md', line: 6 })
    expect(findings[0]?.message).toMatch(/^not valid YAML \(column 54\)/)
  })

  test('a good list of steps passes, linted inside a one-job workflow', async () => {
    expect(await checkMarkdown(goodSteps, 'README.md')).toEqual({
      snippets: [{ line: 4, shape: 'steps' }],
      findings: []
    })
  })

  test('actionlint findings of a steps snippet point at the snippet line', async () => {
    const text = goodSteps.replace('${{ vars.REGISTRY_USER }}', '${{ github.no_such_property }}')
    const { findings } = await checkMarkdown(text, 'docs/x.md')
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ file: 'docs/x.md', line: 8 })
    expect(findings[0]?.message).toMatch(/actionlint \[expression\].*no_such_property/)
  })

  test("`vars` is a context (GitHub's parser knows it, actionlint 1.6.22 does not); `varz` is not", async () => {
    expect(await checkMarkdown(goodSteps, 'README.md')).toEqual({
      snippets: [{ line: 4, shape: 'steps' }],
      findings: []
    })
    const text = goodSteps.replace('${{ secrets.REGISTRY_TOKEN }}', '${{ varz.REGISTRY_TOKEN }}')
    const { findings } = await checkMarkdown(text, 'README.md')
    expect(findings).toEqual([
      expect.objectContaining({
        line: 9,
        message: "GitHub's workflow parser: Unrecognized named-value: 'varz'"
      })
    ])
  })

  test('a context where GitHub does not allow it is refused by the parser (actionlint says it too: once)', async () => {
    const text = [
      `${fence}yaml`,
      'runs-on: ubuntu-latest',
      "if: secrets.TOKEN != ''",
      'steps:',
      '  - run: echo',
      fence
    ].join('\n')
    const { findings } = await checkMarkdown(text, 'README.md')
    expect(findings).toEqual([
      expect.objectContaining({
        line: 3,
        message: "GitHub's workflow parser: Unrecognized named-value: 'secrets'"
      })
    ])
  })

  test('job.workflow_sha and job.workflow_repository are known; another job property is not', async () => {
    const text = goodSteps
      .replace('${{ vars.REGISTRY_USER }}', '${{ job.workflow_repository }}')
      .replace('${{ secrets.REGISTRY_TOKEN }}', '${{ job.workflow_sha }}')
    expect((await checkMarkdown(text, 'README.md')).findings).toEqual([])
    const { findings } = await checkMarkdown(
      text.replace('job.workflow_sha', 'job.workflow_shaa'),
      'README.md'
    )
    expect(findings).toEqual([
      expect.objectContaining({
        line: 9,
        message: expect.stringMatching(/actionlint \[expression\].*"workflow_shaa"/)
      })
    ])
  })

  test('a job is linted inside a workflow, its findings on the snippet lines', async () => {
    const text = [
      `${fence}yaml`,
      'permissions:',
      '  contents: read',
      '  no-such-scope: write',
      'uses: imagegate/imagegate/.github/workflows/images.yml@v1',
      fence
    ].join('\n')
    const { snippets, findings } = await checkMarkdown(text, 'README.md')
    expect(snippets).toEqual([{ line: 2, shape: 'job' }])
    expect(findings).toEqual([
      expect.objectContaining({
        line: 4,
        message: "GitHub's workflow parser: Unexpected value 'no-such-scope'"
      })
    ])
  })

  test('a whole workflow without `on` is a finding; a catalog is parsed only', async () => {
    const text = [
      `${fence}yaml`,
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo',
      fence,
      `${fence}yaml`,
      'version: 1',
      'images:',
      '  - name: backend',
      fence,
      `${fence}yaml parse-only`,
      '- uses: x',
      '  with: { a: b }',
      fence
    ].join('\n')
    const { snippets, findings } = await checkMarkdown(text, 'README.md')
    expect(snippets.map(snippet => snippet.shape)).toEqual(['workflow', 'other', 'other'])
    expect(findings.map(finding => finding.line)).toEqual([2])
    expect(findings[0]?.message).toBe("GitHub's workflow parser: Required property is missing: on")
  })
})

describe('checkWorkflow', () => {
  test('YAML that does not parse is reported by the parser, not thrown by actionlint', async () => {
    const findings = await checkWorkflow('on: push\njobs:\n  a:\n    steps: [\n', 'w.yml')
    expect(findings).toHaveLength(1)
    expect(findings[0]?.message).toMatch(/^not valid YAML/)
  })

  test('a permission scope actionlint does not know is a finding', async () => {
    const text =
      'on: push\npermissions:\n  no-such-scope: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'
    const findings = await checkWorkflow(text, 'w.yml')
    expect(findings).toEqual([expect.objectContaining({ file: 'w.yml', line: 3 })])
  })
})

describe('checkWorkflow: what GitHub refuses, and what it accepts but gets wrong', () => {
  const job = (lines: string[]) =>
    ['on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', ...lines.map(line => `    ${line}`), ''].join(
      '\n'
    )

  test.each([
    [
      'an unknown job key',
      job(['step:', '  - run: echo']),
      5,
      "GitHub's workflow parser: Unexpected value 'step'"
    ],
    [
      'a step with both uses and run',
      job(['steps:', '  - uses: actions/checkout@v7', '    run: echo']),
      7,
      "GitHub's workflow parser: Unexpected value 'run'"
    ],
    [
      'an expression that does not parse',
      job(['steps:', '  - if: ${{ github.event_name == }}', '    run: echo']),
      6,
      "GitHub's workflow parser: Unexpected end of expression: '=='"
    ],
    [
      'a step output of a step that does not exist',
      job(['steps:', '  - run: echo ${{ steps.missing.outputs.x }}']),
      6,
      'actionlint [expression]: property "missing" is not defined in object type {}'
    ]
  ])('%s', async (_, text, line, message) => {
    expect(await checkWorkflow(text, 'w.yml')).toEqual([{ file: 'w.yml', line, message }])
  })
})

describe('checkAction', () => {
  test("action.yml is checked by GitHub's action parser", async () => {
    const text = 'name: x\ndescription: y\nruns:\n  using: node24\n  main: dist/index.js\n'
    expect(await checkAction(text, 'action.yml')).toEqual([])
    expect(await checkAction(`${text}colour: green\n`, 'action.yml')).toEqual([
      { file: 'action.yml', line: 6, message: "GitHub's action parser: Unexpected value 'colour'" }
    ])
    const findings = await checkAction(text.replace('  main:', '  mian:'), 'action.yml')
    expect(findings.map(finding => [finding.line, finding.message])).toEqual([
      [5, "GitHub's action parser: Unexpected value 'mian'"],
      [4, expect.stringMatching(/^GitHub's action parser: There's not enough info .* main, /)]
    ])
  })
})

describe('the repository', () => {
  test('every workflow, action.yml and every YAML snippet of README.md and docs/ is clean', async () => {
    const files = defaultFiles(root)
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'action.yml', '.github/workflows/images.yml', 'docs/trust.md'])
    )
    const { findings } = await checkFiles(files, root)
    expect(findings).toEqual([])
  })
})
