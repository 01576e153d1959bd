// The runner's side of the action: workflow commands on stdout (`::error file=...::message`) and the
// file commands (GITHUB_OUTPUT, GITHUB_PATH, GITHUB_STEP_SUMMARY), as documented in GitHub's "Workflow
// commands for GitHub Actions". The subset imagegate uses, with @actions/core's names and behaviour,
// without its HTTP client (loaded only for OIDC tokens imagegate never asks for: a third of the start-up
// before the first build). The lazily loaded artifact and tool-cache clients still use @actions/core.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

export interface AnnotationProperties {
  title?: string
  file?: string
  startLine?: number
  endLine?: number
  startColumn?: number
  endColumn?: number
}

/** Message data: %, CR and LF escaped (the runner decodes them). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Property values: as data, plus the separators `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** `::command key=value,key=value::message` */
export function commandLine(
  command: string,
  properties: Record<string, string | number | undefined>,
  message: string
): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',')
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`
}

function issue(
  command: string,
  properties: Record<string, string | number | undefined>,
  message: string
): void {
  process.stdout.write(commandLine(command, properties, message) + os.EOL)
}

function annotationProps(p: AnnotationProperties): Record<string, string | number | undefined> {
  return {
    title: p.title,
    file: p.file,
    line: p.startLine,
    endLine: p.endLine,
    col: p.startColumn,
    endColumn: p.endColumn
  }
}

export function info(message: string): void {
  process.stdout.write(message + os.EOL)
}

export function debug(message: string): void {
  issue('debug', {}, message)
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  issue('error', annotationProps(properties), message)
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  issue('warning', annotationProps(properties), message)
}

export function startGroup(name: string): void {
  issue('group', {}, name)
}

export function endGroup(): void {
  issue('endgroup', {}, '')
}

/** The runner masks the value in every later log line. */
export function setSecret(secret: string): void {
  issue('add-mask', {}, secret)
}

/** An error annotation and a failed step (exit code 1 once the event loop is done). */
export function setFailed(message: string): void {
  process.exitCode = 1
  error(message)
}

/** `INPUT_<NAME>` (spaces as `_`, upper case), trimmed; '' when not set. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

/**
 * `name<<delimiter` blocks; the delimiter is random and must not occur in the value. The Web Crypto
 * global, not `node:crypto`: loading that module costs several milliseconds at start-up, and the first
 * output is written only after the builds have started.
 */
export function fileCommandBlock(name: string, value: string): string {
  const delimiter = `ghadelimiter_${globalThis.crypto.randomUUID()}`
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`output ${name}: its value contains the delimiter ${delimiter}`)
  return `${name}<<${delimiter}${os.EOL}${value}${os.EOL}${delimiter}${os.EOL}`
}

export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT
  if (file) fs.appendFileSync(file, fileCommandBlock(name, value), 'utf8')
  else issue('set-output', { name }, value) // outside a runner: still visible in the log
}

/** Prepends to this process's PATH and, through GITHUB_PATH, to the job's later steps. */
export function addPath(dir: string): void {
  const file = process.env.GITHUB_PATH
  if (file) fs.appendFileSync(file, dir + os.EOL, 'utf8')
  process.env.PATH = `${dir}${path.delimiter}${process.env.PATH ?? ''}`
}

/** The job summary (GITHUB_STEP_SUMMARY): `summary.addRaw(md).write()`, as @actions/core's. */
class Summary {
  private buffer = ''

  addRaw(text: string): this {
    this.buffer += text
    return this
  }

  async write(): Promise<this> {
    const file = process.env.GITHUB_STEP_SUMMARY
    if (!file) {
      throw new Error(
        'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
      )
    }
    await fs.promises.appendFile(file, this.buffer, 'utf8')
    this.buffer = ''
    return this
  }
}

export const summary = new Summary()

/** Appends markdown to the job summary; nothing outside a runner (no GITHUB_STEP_SUMMARY). */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await summary.addRaw(markdown).write()
}
