// The tables of the documentation that action.yml and the reusable workflow already say, and the checks
// that keep the two in step (`npm run check:docs`, a step of .ci/run):
//   - README.md: the action's inputs and outputs; docs/reusable-workflow.md: the reusable workflow's
//     inputs, secrets and outputs. Each table sits between `<!-- generated:NAME -->` and
//     `<!-- /generated:NAME -->` and is written from the YAML, in its order, with a row per `# --- group`
//     comment; prettier leaves it alone (prettier-ignore), so what is written is what is compared.
//   - every input of the action is reachable through .github/workflows/images.yml: a workflow input or
//     secret of the same name that a step running the action passes on, or an entry of
//     NOT_WORKFLOW_INPUTS saying how the workflow sets it or why a caller cannot; a workflow input with an
//     action input's name has the action's default, or an entry of OWN_DEFAULTS saying why not;
//   - every `uses:` of a workflow under .github/workflows/ is a local action (./...) or pinned by a full
//     40-hex commit SHA with a `# vX.Y.Z` comment (GitHub's "require actions pinned to a full-length commit
//     SHA" policy), and every ```yaml snippet of README.md and docs/ names the same major version of an
//     action as those comments (one version of each action everywhere).
//
// Usage: node scripts/check-docs.mjs            check; exit 1 with one line per problem
//        node scripts/check-docs.mjs --write    rewrite the generated tables (npm run docs:tables)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse } from 'yaml'
import { yamlBlocks } from './check-yaml.mjs'

/** Action inputs the reusable workflow takes under another name, or sets itself, or cannot take. */
export const NOT_WORKFLOW_INPUTS = {
  ssh: "a called workflow's job has no SSH agent, and a key must not be a plain input",
  'vuln-type': "pkg-types under trivy-action's new name (one setting)",
  mode: 'each job sets its own (plan, build, merge); promotion and verification are workflows of their own (docs/trust.md, docs/verify.md)',
  'source-environment': 'mode promote only',
  version: 'modes promote and verify only',
  rescan: 'mode verify only: a verification is a workflow of its own (docs/verify.md), never a build job',
  'push-by-digest': 'set per job from distribute',
  records: "set by the merge job: the platform jobs' downloaded evidence",
  username:
    'secret registry-username: a called workflow takes credentials as secrets; docker/login-action logs in',
  password: 'secret registry-password, as username',
  secrets: 'secret build-secrets (the name `secrets` would read secrets.secrets)',
  builder:
    'each job sets up its own builder with docker/setup-buildx-action: a builder name from the caller does not exist on that runner',
  'upload-artifacts': "always on: the merge and the summary read every job's evidence artifact"
}

/** Workflow inputs whose default is not the action's, and why. */
export const OWN_DEFAULTS = {
  push: 'the workflow publishes unless told not to (never on a pull request); the action pushes only when told',
  'github-attestations':
    'its jobs do not ask for attestations: write (a caller gives a token that has it as the github-token secret), so it is off unless asked'
}

const SHA_PIN = /^[^@\s]+@[0-9a-f]{40}$/
const VERSION_COMMENT = /^#\s*(v\d+\.\d+\.\d+)\b/

/** The inputs (or outputs) of a YAML mapping section, in order, with the `# --- group` comment above each. */
function entriesWithGroups(text, section, indent) {
  const entries = []
  let group
  let inside = false
  for (const line of text.split('\n')) {
    const top = new RegExp(`^${' '.repeat(indent - 2)}(\\S[^:]*):`).exec(line)
    if (top) inside = top[1] === section
    if (!inside) continue
    const comment = new RegExp(`^ {${indent}}# --- ([^-].*?)\\s*-*$`).exec(line)
    if (comment) group = comment[1]
    const key = new RegExp(`^ {${indent}}([A-Za-z0-9_-]+):`).exec(line)
    if (key) entries.push({ name: key[1], group })
  }
  return entries
}

/** Markdown of a table cell: one line, pipes escaped, `<` outside code spans as an entity. */
export function cell(value) {
  const text = String(value ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .trim()
  return text
    .split(/(`[^`]*`)/)
    .map(part => (part.startsWith('`') ? part : part.replace(/</g, '&lt;')))
    .join('')
    .replace(/\|/g, '\\|')
}

const code = value => (value === undefined || value === '' ? '' : `\`${String(value).replace(/`/g, "'")}\``)

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows].join('\n')
}

/** Rows of entries, a bold row where a new group starts. */
function groupedRows(entries, width, row) {
  const rows = []
  let group
  for (const entry of entries) {
    if (entry.group && entry.group !== group) {
      group = entry.group
      rows.push(`| **${cell(group)}** |${' |'.repeat(width - 1)}`)
    }
    rows.push(row(entry))
  }
  return rows
}

/** The tables of action.yml: action-inputs, action-outputs. */
export function actionTables(actionText) {
  const action = parse(actionText)
  const inputs = entriesWithGroups(actionText, 'inputs', 2)
  const outputs = entriesWithGroups(actionText, 'outputs', 2)
  return {
    'action-inputs': table(
      ['Input', 'Default', 'Description'],
      groupedRows(inputs, 3, ({ name }) => {
        const input = action.inputs[name] ?? {}
        const required = input.required === true ? ' (required)' : ''
        return `| \`${name}\`${required} | ${code(input.default)} | ${cell(input.description)} |`
      })
    ),
    'action-outputs': table(
      ['Output', 'Description'],
      outputs.map(({ name }) => `| \`${name}\` | ${cell(action.outputs[name]?.description)} |`)
    )
  }
}

/** The tables of a reusable workflow: workflow-inputs, workflow-secrets, workflow-outputs. */
export function workflowTables(workflowText) {
  const call = parse(workflowText).on.workflow_call
  const inputs = entriesWithGroups(workflowText, 'inputs', 6)
  return {
    'workflow-inputs': table(
      ['Input', 'Type', 'Default', 'Description'],
      groupedRows(inputs, 4, ({ name }) => {
        const input = call.inputs[name]
        return `| \`${name}\` | ${input.type} | ${code(input.default)} | ${cell(input.description)} |`
      })
    ),
    'workflow-secrets': table(
      ['Secret', 'Description'],
      Object.entries(call.secrets ?? {}).map(
        ([name, secret]) => `| \`${name}\` | ${cell(secret.description)} |`
      )
    ),
    'workflow-outputs': table(
      ['Output', 'Description'],
      Object.entries(call.outputs ?? {}).map(
        ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`
      )
    )
  }
}

const markers = name =>
  new RegExp(`(<!-- generated:${name}\\b[^>]*-->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`, 'g')

/**
 * A markdown text with the named tables put between their markers.
 * @param {string} text
 * @param {Record<string, string>} tables
 * @returns {{ text: string, missing: string[] }} missing: tables whose markers the text lacks
 */
export function fillTables(text, tables) {
  const missing = []
  let out = text
  for (const [name, body] of Object.entries(tables)) {
    const pattern = markers(name)
    if (!pattern.test(out)) {
      missing.push(name)
      continue
    }
    out = out.replace(
      markers(name),
      (_, open, close) =>
        `${open}<!-- prettier-ignore-start -->\n${body}\n<!-- prettier-ignore-end -->\n${close}`
    )
  }
  return { text: out, missing }
}

/** Every step of a workflow whose `uses:` is the action (./.imagegate), with the env of its job. */
function actionSteps(workflow) {
  return Object.values(workflow.jobs ?? {}).flatMap(job =>
    (job.steps ?? [])
      .filter(step => step.uses === './.imagegate')
      .map(step => ({ with: step.with ?? {}, env: job.env ?? {} }))
  )
}

/** Whether a `with:` value reads inputs.NAME or secrets.NAME, directly or through an env of its job. */
function reads(value, env, context, name) {
  const mention = `${context}.${name}`
  const pattern = new RegExp(`\\b${mention.replace('.', '\\.')}(?![\\w-])`)
  if (pattern.test(String(value))) return true
  return [...String(value).matchAll(/\benv\.([A-Za-z_][A-Za-z0-9_]*)/g)].some(([, key]) =>
    pattern.test(String(env[key] ?? ''))
  )
}

/**
 * Problems of the reusable workflow against action.yml (see the header).
 * @param {string} actionText
 * @param {string} workflowText
 * @returns {string[]}
 */
export function workflowCoverage(actionText, workflowText) {
  const action = parse(actionText)
  const workflow = parse(workflowText)
  const call = workflow.on?.workflow_call ?? {}
  const inputs = call.inputs ?? {}
  const secrets = call.secrets ?? {}
  const steps = actionSteps(workflow)
  const problems = []
  if (steps.length === 0) problems.push('no step runs the action (uses: ./.imagegate)')
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    const listed = Object.hasOwn(NOT_WORKFLOW_INPUTS, name)
    const context = Object.hasOwn(inputs, name)
      ? 'inputs'
      : Object.hasOwn(secrets, name)
        ? 'secrets'
        : undefined
    if (listed && context) {
      problems.push(`input ${name}: a workflow ${context.slice(0, -1)} and in NOT_WORKFLOW_INPUTS: drop one`)
    } else if (!listed && !context) {
      problems.push(
        `input ${name}: not reachable through the reusable workflow: add it to its inputs (or secrets) and pass it to the action, or to NOT_WORKFLOW_INPUTS with why`
      )
    } else if (context) {
      if (!steps.some(step => reads(step.with[name], step.env, context, name))) {
        problems.push(
          `input ${name}: the workflow's ${context}.${name} is passed to no step running the action`
        )
      }
      if (context === 'inputs') {
        const own = String(inputs[name].default ?? '')
        const theirs = String(input.default ?? '')
        const excused = Object.hasOwn(OWN_DEFAULTS, name)
        if (own !== theirs && !excused) {
          problems.push(
            `input ${name}: default ${JSON.stringify(own)} in the workflow, ${JSON.stringify(theirs)} in action.yml (or add it to OWN_DEFAULTS with why)`
          )
        } else if (own === theirs && excused) {
          problems.push(`input ${name}: in OWN_DEFAULTS but the defaults agree: drop it`)
        }
      }
    }
  }
  for (const name of [...Object.keys(NOT_WORKFLOW_INPUTS), ...Object.keys(OWN_DEFAULTS)]) {
    if (!Object.hasOwn(action.inputs ?? {}, name))
      problems.push(`${name}: listed here but not an input of action.yml`)
  }
  return problems
}

/**
 * `uses:` lines of a workflow text that are not a local action nor pinned by commit with a version comment.
 * @param {string} text
 * @returns {{ line: number, uses: string, version?: string, problem?: string }[]}
 */
export function usesLines(text) {
  const found = []
  text.split('\n').forEach((line, index) => {
    const match = /^\s*(?:-\s+)?uses:\s*(\S+)\s*(#.*)?$/.exec(line)
    if (!match) return
    const [, uses = '', comment = ''] = match
    if (uses.startsWith('./') || uses.startsWith('$/') || uses.startsWith('docker://')) return
    const version = VERSION_COMMENT.exec(comment)?.[1]
    let problem
    if (!SHA_PIN.test(uses)) problem = `${uses}: not pinned by a full 40-hex commit SHA`
    else if (!version) problem = `${uses}: no "# vX.Y.Z" comment naming the release of that commit`
    found.push({ line: index + 1, uses, version, problem })
  })
  return found
}

/** owner/repo of a `uses:` value (sub-actions, such as github/codeql-action/upload-sarif, count as theirs). */
const repositoryOf = uses => uses.split('@')[0].split('/').slice(0, 2).join('/')
const majorOf = ref => /^v(\d+)/.exec(ref)?.[1]

/**
 * Problems of the `uses:` lines: pins of the workflows, and the majors of the markdown snippets against them.
 * @param {{ file: string, text: string }[]} workflows
 * @param {{ file: string, text: string }[]} markdown
 * @returns {string[]}
 */
export function versionProblems(workflows, markdown) {
  const problems = []
  const majors = new Map() // owner/repo -> major of the workflows' version comments
  for (const { file, text } of workflows) {
    for (const entry of usesLines(text)) {
      if (entry.problem) problems.push(`${file}:${entry.line}: ${entry.problem}`)
      const major = entry.version && majorOf(entry.version)
      if (major) {
        const repo = repositoryOf(entry.uses)
        const known = majors.get(repo)
        if (known && known !== major)
          problems.push(`${file}:${entry.line}: ${repo} v${major}, elsewhere v${known}`)
        majors.set(repo, known ?? major)
      }
    }
  }
  const seen = new Map()
  for (const { file, text } of markdown) {
    for (const block of yamlBlocks(text)) {
      block.body.split('\n').forEach((line, index) => {
        const match = /^\s*(?:-\s+)?uses:\s*([\w.-]+\/[\w./-]+)@(v\d+[\w.-]*)/.exec(line)
        if (!match) return
        const [, uses = '', ref = ''] = match
        const repo = repositoryOf(uses)
        if (repo === 'imagegate/imagegate') return
        const major = majorOf(ref)
        const expected = majors.get(repo) ?? seen.get(repo)
        const at = `${file}:${block.line + index}`
        if (expected && major !== expected)
          problems.push(`${at}: ${uses}@${ref}, the workflows use v${expected}`)
        if (!seen.has(repo)) seen.set(repo, major)
      })
    }
  }
  return problems
}

const GENERATED = [
  { file: 'README.md', from: 'action.yml', tables: actionTables },
  { file: 'docs/reusable-workflow.md', from: '.github/workflows/images.yml', tables: workflowTables }
]

function markdownFiles(root) {
  const files = ['README.md', 'CHANGELOG.md'].filter(name => existsSync(join(root, name)))
  const walk = dir => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name))
      else if (entry.name.endsWith('.md')) files.push(join(dir, entry.name))
    }
  }
  if (existsSync(join(root, 'docs'))) walk('docs')
  return files
}

/**
 * Every check over a repository root; with write, the tables are rewritten first.
 * @param {string} root
 * @param {{ write?: boolean }} options
 * @returns {{ problems: string[], written: string[] }}
 */
export function checkDocs(root, { write = false } = {}) {
  const read = file => readFileSync(join(root, file), 'utf8')
  const problems = []
  const written = []
  for (const { file, from, tables } of GENERATED) {
    const current = read(file)
    const { text, missing } = fillTables(current, tables(read(from)))
    for (const name of missing)
      problems.push(`${file}: no <!-- generated:${name} --> ... <!-- /generated:${name} -->`)
    if (text === current) continue
    if (write) {
      writeFileSync(join(root, file), text)
      written.push(file)
    } else {
      problems.push(`${file}: its tables differ from ${from}: run npm run docs:tables`)
    }
  }
  problems.push(...workflowCoverage(read('action.yml'), read('.github/workflows/images.yml')))
  const workflowDir = join(root, '.github', 'workflows')
  const workflows = readdirSync(workflowDir)
    .filter(name => /\.ya?ml$/.test(name))
    .sort()
    .map(name => ({ file: `.github/workflows/${name}`, text: readFileSync(join(workflowDir, name), 'utf8') }))
  const markdown = markdownFiles(root).map(file => ({ file, text: read(file) }))
  problems.push(...versionProblems(workflows, markdown))
  return { problems, written }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { problems, written } = checkDocs(process.cwd(), { write: process.argv.includes('--write') })
  for (const file of written) console.log(`wrote the tables of ${file}`)
  for (const problem of problems) console.error(problem)
  if (problems.length > 0) {
    console.error(
      `${problems.length} problem(s) in the generated tables, the reusable workflow or the action pins`
    )
    process.exit(1)
  }
  console.log('tables, reusable workflow inputs and action pins agree with action.yml')
}
