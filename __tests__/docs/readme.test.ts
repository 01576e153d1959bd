// The README's snippets are what a new user copies: its first workflow and smallest catalog go through the
// real catalog loader and planner, and every `with:` of a snippet that calls imagegate (in the README and
// docs/) names an input the action or the reusable workflow has.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { readCatalog } from '../../src/catalog/load.js'
import { GATE_MODES, RuleMode } from '../../src/catalog/schema.js'
import { planCatalog } from '../../src/plan/catalog-plan.js'
import { yamlBlocks } from '../../scripts/check-yaml.mjs'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8')
const README = read('README.md')

interface Step {
  uses?: string
  with?: Record<string, unknown>
}
interface Workflow {
  jobs: Record<string, { steps?: Step[]; uses?: string; with?: Record<string, unknown>; secrets?: object }>
}

const blocks = yamlBlocks(README)
const action = parse(read('action.yml')) as { inputs: Record<string, unknown> }
const reusable = (
  parse(read('.github/workflows/images.yml')) as {
    on: { workflow_call: { inputs: Record<string, unknown>; secrets: Record<string, unknown> } }
  }
).on.workflow_call

function planOf(catalogText: string, sha = '9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3') {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-readme-'))
  fs.writeFileSync(path.join(ws, 'Dockerfile'), 'FROM scratch\n')
  try {
    return planCatalog(
      readCatalog(catalogText, '.github/images.yml', ws),
      {
        environment: 'dev',
        tags: [],
        labels: {},
        buildArgs: {},
        cacheFrom: [],
        cacheTo: [],
        only: [],
        semverAliases: true,
        rules: 'enforce'
      },
      {
        eventName: 'push',
        ref: 'refs/heads/main',
        sha,
        defaultBranch: 'main',
        now: new Date('2026-12-01T12:00:00Z')
      }
    )
  } finally {
    fs.rmSync(ws, { recursive: true, force: true })
  }
}

describe("the README's quick start", () => {
  const [workflowBlock, catalogBlock] = blocks

  test('the first snippet is a workflow whose imagegate step reads the catalog of the second', () => {
    const workflow = parse(workflowBlock?.body ?? '') as Workflow
    const steps = Object.values(workflow.jobs).flatMap(job => job.steps ?? [])
    const step = steps.find(s => s.uses?.startsWith('imagegate/imagegate@'))
    expect(step?.with?.catalog).toBe('.github/images.yml')
    expect(catalogBlock?.body.startsWith('# .github/images.yml\n')).toBe(true)
    // the catalog comes right under the workflow: nothing but prose between them
    const between = README.slice(
      README.indexOf(workflowBlock?.body ?? '') + (workflowBlock?.body.length ?? 0)
    )
    expect(between.indexOf('```yaml')).toBe(between.indexOf('```yaml\n# .github/images.yml'))
  })

  test('the smallest catalog is version, defaults.registry and images of name and context, and it plans', () => {
    const catalog = parse(catalogBlock?.body ?? '') as Record<string, unknown>
    expect(Object.keys(catalog)).toEqual(['version', 'defaults', 'images'])
    expect(Object.keys(catalog.defaults as object)).toEqual(['registry'])
    expect((catalog.images as object[]).map(image => Object.keys(image))).toEqual([['name', 'context']])
    const plan = planOf(catalogBlock?.body ?? '')
    expect(plan.images).toHaveLength(1)
  })

  test('the repository the README names is the one the plan pushes to (the default org, app)', () => {
    const named = /pushes to `([^`]+)`/.exec(README)?.[1]
    const plan = planOf(catalogBlock?.body ?? '')
    expect(plan.images[0]?.repository).toBe(named)
    expect(named).toMatch(/\/app\/[^/]+$/)
    // and the tags it names for a push to main in dev
    expect(plan.images[0]?.tags.map(tag => tag.tag).sort()).toEqual(['dev-main', 'latest', 'sha-9f2c1ab'])
    expect(README).toContain('`sha-<7 hex>`, and on a push to main `dev-main` and `latest`')
  })

  test('the org the README says to set gives the repository it says', () => {
    const catalog = (catalogBlock?.body ?? '').replace(
      /registry: ghcr\.io\/acme.*\n/,
      'registry: ghcr.io\n  org: acme\n'
    )
    expect(README).toContain('For `ghcr.io/acme/web`, write\n`registry: ghcr.io` and `org: acme`')
    expect(planOf(catalog).images[0]?.repository).toBe('ghcr.io/acme/web')
  })
})

describe('every snippet that calls imagegate names inputs it has', () => {
  const markdown = [
    'README.md',
    ...fs.readdirSync(path.join(root, 'docs')).map(name => `docs/${name}`)
  ].filter(file => file.endsWith('.md'))
  const snippets = markdown.flatMap(file =>
    yamlBlocks(read(file)).map(block => ({
      at: `${file}:${block.line}`,
      value: parse(block.body) as unknown
    }))
  )

  /** Every step or job of a snippet: a workflow, a job, or a list of steps. */
  function callers(value: unknown): Step[] {
    if (Array.isArray(value)) return value.flatMap(callers)
    if (!value || typeof value !== 'object') return []
    const object = value as Record<string, unknown>
    const nested = ['jobs', 'steps'].flatMap(key =>
      object[key] && typeof object[key] === 'object' ? callers(Object.values(object[key] as object)) : []
    )
    return typeof object.uses === 'string' ? [object as Step, ...nested] : nested
  }

  test('action steps: every with: key is an input of action.yml; the first-run values are ones it takes', () => {
    let count = 0
    for (const { at, value } of snippets) {
      for (const step of callers(value).filter(s => /^imagegate\/imagegate@/.test(s.uses ?? ''))) {
        count++
        for (const key of Object.keys(step.with ?? {}))
          expect(`${at} ${key}`).toBe(`${at} ${key}${key in action.inputs ? '' : ' (no such input)'}`)
      }
    }
    expect(count).toBeGreaterThan(5)
    const firstRun = callers(blocks.map(block => parse(block.body))).find(
      s => s.with?.['gate-mode'] !== undefined
    )
    expect(GATE_MODES).toContain(firstRun?.with?.['gate-mode'])
    expect(RuleMode.options).toContain(firstRun?.with?.hardening)
  })

  test('reusable workflow calls: every with: key is a workflow input, every secret a workflow secret', () => {
    let count = 0
    for (const { at, value } of snippets) {
      for (const job of callers(value).filter(s => (s.uses ?? '').includes('.github/workflows/images.yml'))) {
        count++
        for (const key of Object.keys(job.with ?? {}))
          expect(`${at} ${key}`).toBe(`${at} ${key}${key in reusable.inputs ? '' : ' (no such input)'}`)
        const secrets = (job as { secrets?: object }).secrets ?? {}
        for (const key of Object.keys(secrets))
          expect(`${at} ${key}`).toBe(`${at} ${key}${key in reusable.secrets ? '' : ' (no such secret)'}`)
      }
    }
    expect(count).toBeGreaterThanOrEqual(2)
  })
})
