// Reads a catalog file (YAML or JSON), validates it with the zod schema, checks what the schema cannot
// (workspace paths, duplicate names) and returns the typed catalog, or throws one CatalogError with
// every problem, each with its file, line and field path.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import type { z } from 'zod'
import { CatalogError, closest, type FieldPath, type Problem } from './errors.js'
import {
  CatalogSchema,
  DefaultsSchema,
  EnvironmentSchema,
  ImageSchema,
  RULE_NAMES,
  type Catalog
} from './schema.js'

export interface LoadedCatalog {
  /** The catalog file, relative to the workspace (as written in messages). */
  file: string
  catalog: Catalog
}

export function loadCatalog(file: string, workspace: string): LoadedCatalog {
  const display = displayPath(file, workspace)
  const absolute = path.resolve(workspace, file)
  const escape = escapes(absolute, workspace)
  if (escape) throw new CatalogError([{ file: display, path: [], message: `the catalog path ${escape}` }])
  let text: string
  try {
    text = fs.readFileSync(absolute, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : String(err)
    throw new CatalogError([{ file: display, path: [], message: `cannot read the image catalog: ${why}` }])
  }
  return { file: display, catalog: parseCatalog(text, display, workspace) }
}

export function parseCatalog(text: string, file: string, workspace: string): Catalog {
  const { data, lineOf } = parseYamlWithSchema(text, file, CatalogSchema, {
    subject: 'the image catalog',
    empty: 'the catalog is empty (expected a mapping with `images`)',
    allowedKeys
  })
  const problems = checkSemantics(data, file, workspace, lineOf)
  if (problems.length > 0) throw new CatalogError(sortProblems(problems))
  return data
}

export interface YamlFileOptions {
  /** What the file is, for messages: `the image catalog`, `the exceptions file`. */
  subject: string
  /** The message for an empty document. */
  empty: string
  /** Allowed keys of the object at an issue's path, for "did you mean" hints. */
  allowedKeys?: (issue: z.core.$ZodIssue) => string[]
}

/**
 * A YAML (or JSON) document validated by a zod schema; every problem at once, each with its file, line
 * and field path (one CatalogError). `lineOf` gives the line of any path, for checks after the schema's.
 */
export function parseYamlWithSchema<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  o: YamlFileOptions
): { data: z.output<S>; lineOf: (p: FieldPath) => number | undefined } {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true })
  if (doc.errors.length > 0) {
    throw new CatalogError(
      doc.errors.map(e => ({
        file,
        line: e.linePos?.[0].line,
        path: [],
        message: `not valid ${file.endsWith('.json') ? 'JSON/' : ''}YAML: ${firstLine(e.message).replace(/ at line \d+, column \d+:?$/, '')}`
      })),
      o.subject
    )
  }
  const data: unknown = doc.toJS()
  if (data === null || data === undefined) {
    throw new CatalogError([{ file, path: [], message: o.empty }], o.subject)
  }
  const lineOf = (p: FieldPath): number | undefined => findLine(doc, lines, p)
  const result = schema.safeParse(data)
  if (!result.success) {
    throw new CatalogError(
      sortProblems(result.error.issues.flatMap(i => toProblems(i, data, file, lineOf, o.allowedKeys))),
      o.subject
    )
  }
  return { data: result.data, lineOf }
}

export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text
}

/** Names users bring from docker/build-push-action or compose, and the catalog's word for them. */
const ALIASES: Record<string, string> = {
  dockerfile: 'file',
  buildArgs: 'build-args',
  build_args: 'build-args',
  args: 'build-args',
  service: 'name',
  image: 'name',
  healthcheck: 'expect',
  user: 'expect',
  ports: 'expect'
}

/** Allowed keys of the object schema at a path, for "did you mean" hints. */
function allowedKeys(issue: z.core.$ZodIssue): string[] {
  const { path: p } = issue
  const key = p[p.length - 1]
  const parent = p[p.length - 2]
  const head = p[0]
  if (p.length === 0) return Object.keys(CatalogSchema.shape)
  if (head === 'defaults' && p.length === 1) return Object.keys(DefaultsSchema.shape)
  if (head === 'environments' && p.length === 2) return Object.keys(EnvironmentSchema.shape)
  if (head === 'images' && p.length === 2) return Object.keys(ImageSchema.shape)
  if (head === 'images' && key === 'expect') return ['user', 'uid', 'healthcheck', 'ports', 'size']
  if (head === 'images' && key === 'size' && parent === 'expect') return ['target', 'max']
  if (head === 'images' && key === 'smoke') return ['env', 'health', 'timeout']
  if (head === 'images' && key === 'health') return ['path', 'port']
  if (key === 'rules') return [...RULE_NAMES]
  return []
}

function toProblems(
  issue: z.core.$ZodIssue,
  data: unknown,
  file: string,
  lineOf: (p: FieldPath) => number | undefined,
  keysAt: (issue: z.core.$ZodIssue) => string[] = () => []
): Problem[] {
  const p = issue.path.filter((x): x is string | number => typeof x !== 'symbol')
  if (issue.code === 'unrecognized_keys') {
    const allowed = keysAt(issue)
    return issue.keys.map(key => {
      const alias = ALIASES[key]
      const hint = alias && allowed.includes(alias) ? alias : closest(key, allowed)
      const help = hint
        ? ` (did you mean "${hint}"?)`
        : allowed.length > 0
          ? ` (allowed: ${allowed.join(', ')})`
          : ''
      return { file, line: lineOf([...p, key]), path: [...p, key], message: `unknown field${help}` }
    })
  }
  let message = issue.message
  if (issue.code === 'invalid_type') {
    const value = valueAt(data, p)
    // a schema's own "is required (...)" says more than the type it expects
    message =
      value === undefined
        ? issue.message.startsWith('is required')
          ? issue.message
          : `is required (${article(issue.expected)})`
        : `expected ${article(issue.expected)}, got ${describe(value)}`
  } else if (issue.code === 'invalid_value' && issue.message.startsWith('Invalid')) {
    message = `${describe(valueAt(data, p))} is not one of ${issue.values.map(v => JSON.stringify(v)).join(', ')}`
  } else if (issue.code === 'invalid_union') {
    message = `${describe(valueAt(data, p))} is not allowed here`
  } else if (issue.code === 'invalid_key') {
    const key = p[p.length - 1]
    message = `${JSON.stringify(key)} ${issue.issues[0]?.message ?? 'is not a valid key'}`
  } else if (issue.code === 'invalid_format' || (issue.code === 'too_small' && issue.origin === 'string')) {
    message = `${describe(valueAt(data, p))} ${issue.message}`
  }
  return [{ file, line: lineOf(p), path: p, message }]
}

function article(expected: string): string {
  if (expected === 'array') return 'a list'
  if (expected === 'object' || expected === 'record') return 'a mapping'
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return JSON.stringify(value)
  return `${typeof value} ${String(value)}`
}

function valueAt(data: unknown, p: FieldPath): unknown {
  let cur: unknown = data
  for (const part of p) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string | number, unknown>)[part]
  }
  return cur
}

/** The line of the node at a path; for a missing key, the line of the closest existing parent. */
function findLine(doc: Document, lines: LineCounter, p: FieldPath): number | undefined {
  for (let n = p.length; n >= 0; n--) {
    const sub = p.slice(0, n)
    const key = sub[sub.length - 1]
    const parentNode = sub.length === 0 ? doc.contents : doc.getIn(sub.slice(0, -1), true)
    let node: unknown = sub.length === 0 ? doc.contents : doc.getIn(sub, true)
    // A mapping key: point at the key itself, where the reader looks.
    if (isMap(parentNode) && key !== undefined) {
      const pair = parentNode.items.find(it => isPair(it) && isScalar(it.key) && it.key.value === key)
      if (pair && isScalar(pair.key)) node = pair.key
    }
    const range = (node as Node | undefined)?.range
    if (range) return lines.linePos(range[0]).line
  }
  return undefined
}

function displayPath(file: string, workspace: string): string {
  const rel = path.relative(workspace, path.resolve(workspace, file))
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file
}

/** Why a path is not allowed (it escapes the workspace), or undefined. Follows symlinks that exist. */
export function escapes(absolute: string, workspace: string): string | undefined {
  const inside = (p: string, root: string): boolean => {
    const rel = path.relative(root, p)
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
  }
  if (!inside(absolute, workspace)) return 'is outside the workspace'
  try {
    if (!inside(fs.realpathSync(absolute), fs.realpathSync(workspace))) {
      return 'leads outside the workspace through a symbolic link'
    }
  } catch {
    // a path that does not exist cannot lead anywhere; existence is checked by the caller
  }
  return undefined
}

function checkSemantics(
  catalog: Catalog,
  file: string,
  workspace: string,
  lineOf: (p: FieldPath) => number | undefined
): Problem[] {
  const problems: Problem[] = []
  const add = (p: FieldPath, message: string): void => {
    problems.push({ file, line: lineOf(p), path: p, message })
  }
  const seen = new Map<string, number>()
  catalog.images.forEach((image, i) => {
    const first = seen.get(image.name)
    if (first !== undefined)
      add(['images', i, 'name'], `"${image.name}" is already the name of images[${first}]`)
    else seen.set(image.name, i)

    const context = image.context ?? '.'
    const contextAbs = path.resolve(workspace, context)
    const contextEscape = escapes(contextAbs, workspace)
    const contextOk = !contextEscape && isDirectory(contextAbs)
    if (contextEscape) add(['images', i, 'context'], `"${context}" ${contextEscape}`)
    else if (!contextOk) add(['images', i, 'context'], `"${context}" is not a directory in the workspace`)

    const fileRel = image.file ?? path.join(context, 'Dockerfile')
    const fileAbs = path.resolve(workspace, fileRel)
    const fileEscape = escapes(fileAbs, workspace)
    const filePath: FieldPath = image.file ? ['images', i, 'file'] : ['images', i, 'name']
    // without an explicit file, a bad context has already said it all
    if (image.file || contextOk) {
      if (fileEscape) add(filePath, `"${fileRel}" ${fileEscape}`)
      else if (!isFile(fileAbs)) add(filePath, `Dockerfile "${fileRel}" not found`)
    }

    if (image.smoke && !image.smoke.health && image.expect?.healthcheck === false) {
      add(
        ['images', i, 'smoke'],
        'a smoke test needs smoke.health or a HEALTHCHECK (expect.healthcheck is false)'
      )
    }
  })
  return problems
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory()
  } catch {
    return false
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile()
  } catch {
    return false
  }
}
