// Reads a catalog file (YAML or JSON), validates it with the zod schema, checks what the schema cannot
// (workspace paths, duplicate names, text no command can carry) and collects every problem, each with its
// file, line and field path. The checks after the schema run on every part of the catalog that passed its
// own schema, so one run shows a typo, a missing context and a refused tag together.
import * as buffer from 'node:buffer'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
  type YAMLError
} from 'yaml'
import type { z } from 'zod'
import { contextFolderProblem } from '../buildx/options.js'
import {
  CatalogError,
  closest,
  sortProblems,
  uniqueProblems,
  type FieldPath,
  type Problem
} from './errors.js'
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

/** A catalog read and checked, problems collected rather than thrown (see planCatalog). */
export interface CatalogReading {
  /** The catalog file, relative to the workspace (as written in messages). */
  file: string
  /** The catalog, when it passed the schema. */
  catalog?: Catalog
  /**
   * Every part of the catalog that passed its own schema (the whole catalog when it is valid), and for
   * each of its images the index of that image in the file, for the checks that come after the schema.
   */
  salvage: Salvage
  /** Schema, text and workspace problems, in line order. */
  problems: Problem[]
  /** The line of a field path in the file (of its closest existing parent when it is missing). */
  lineOf: (p: FieldPath) => number | undefined
}

/**
 * How many aliases the YAML reader expands, counted as the yaml package counts them (each use of an
 * anchor times the aliases inside it). A catalog that reuses a few anchors in every one of 2,000 images
 * stays far below; an alias bomb (anchors of anchors, each level multiplying) passes it within 5 levels.
 */
export const MAX_ALIAS_COUNT = 10_000

/**
 * How many values (scalars, mappings, lists) a catalog may hold once its aliases are expanded. The alias
 * count does not weigh what an alias copies: one anchor of 2,000 labels reused by 5,000 images is 10
 * million values from 200 kB of text. A 2,000-image catalog is about 100,000.
 */
export const MAX_EXPANDED_VALUES = 1_000_000

export interface Salvage {
  catalog: Catalog
  /** For each image of `catalog`, its index in the file. */
  indexes: number[]
  /**
   * Images (by index in the file) with a misspelt `context` or `file`, or one the schema refused: their
   * Dockerfile is not looked for.
   */
  misspeltPaths?: ReadonlySet<number>
}

/** Placeholder for a registry the schema refused, so that the checks after it do not report it twice. */
const REFUSED_REGISTRY = 'registry.invalid'

export function loadCatalog(file: string, workspace: string): LoadedCatalog {
  const reading = readCatalogFile(file, workspace)
  if (reading.problems.length > 0 || !reading.catalog) throw new CatalogError(reading.problems)
  return { file: reading.file, catalog: reading.catalog }
}

/** Reads the catalog file; throws a CatalogError only when nothing in it can be checked. */
export function readCatalogFile(file: string, workspace: string): CatalogReading {
  const display = displayPath(file, workspace)
  const absolute = path.resolve(workspace, file)
  const escape = escapes(absolute, workspace)
  if (escape) throw new CatalogError([{ file: display, path: [], message: `the catalog path ${escape}` }])
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(absolute)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : String(err)
    throw new CatalogError([{ file: display, path: [], message: `cannot read the image catalog: ${why}` }])
  }
  const badLine = firstNonUtf8Line(bytes)
  if (badLine !== undefined) {
    throw new CatalogError([
      {
        file: display,
        line: badLine,
        path: [],
        message: 'not UTF-8: this line holds a byte sequence that is not UTF-8 text (save the file as UTF-8)'
      }
    ])
  }
  return readCatalog(bytes.toString('utf8'), display, workspace)
}

/** The valid catalog, or a CatalogError with every problem. */
export function parseCatalog(text: string, file: string, workspace: string): Catalog {
  const reading = readCatalog(text, file, workspace)
  if (reading.problems.length > 0 || !reading.catalog) throw new CatalogError(reading.problems)
  return reading.catalog
}

export function readCatalog(text: string, file: string, workspace: string): CatalogReading {
  const lines = new LineCounter()
  // merge keys (`<<: *base`), as docker compose files use them to share an image's settings
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true, merge: true })
  if (doc.errors.length > 0) throw new CatalogError(syntaxProblems(doc.errors, file))
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err
    if (!/excessive alias count/i.test(err.message)) {
      throw new CatalogError([
        { file, line: unresolvedAliasLine(doc, lines), path: [], message: `not valid YAML: ${err.message}` }
      ])
    }
    throw new CatalogError([
      {
        file,
        line: nestedAliasLine(doc, lines),
        path: [],
        message: `YAML aliases expand to more than ${MAX_ALIAS_COUNT} copies (${err.message}): reuse anchors, but do not nest aliases of anchors that themselves hold aliases`
      }
    ])
  }
  const expansion = expandedValues(doc, lines)
  if (expansion.values > MAX_EXPANDED_VALUES) {
    throw new CatalogError([
      {
        file,
        line: expansion.line,
        path: [],
        message: `YAML aliases expand the catalog to more than ${MAX_EXPANDED_VALUES} values (from here on): reuse small anchors, or write the values out`
      }
    ])
  }
  if (data === null || data === undefined) {
    throw new CatalogError([
      { file, path: [], message: 'the catalog is empty (expected a mapping with `images`)' }
    ])
  }
  const lineOf = (p: FieldPath): number | undefined => findLine(doc, lines, p)
  const result = CatalogSchema.safeParse(data)
  const schemaProblems = result.success
    ? []
    : result.error.issues.flatMap(i => toProblems(i, data, file, lineOf))
  const salvaged = result.success
    ? { catalog: result.data, indexes: result.data.images.map((_, i) => i) }
    : salvage(data)
  const problems = uniqueProblems(
    sortProblems([
      ...textProblems(data, file, lineOf),
      ...schemaProblems,
      ...checkSemantics(salvaged, file, workspace, lineOf)
    ])
  )
  return {
    file,
    catalog: result.success ? result.data : undefined,
    salvage: salvaged,
    problems,
    lineOf
  }
}

/** The first line (1-based) of a file that is not UTF-8, or undefined when all of it is. */
function firstNonUtf8Line(bytes: Buffer): number | undefined {
  if (buffer.isUtf8(bytes)) return undefined
  let start = 0
  for (let line = 1; ; line++) {
    const end = bytes.indexOf(0x0a, start)
    const slice = bytes.subarray(start, end < 0 ? bytes.length : end)
    if (!buffer.isUtf8(slice)) return line
    if (end < 0) return undefined
    start = end + 1
  }
}

/**
 * How many values the document holds with its aliases expanded (counting stops past the limit), and the
 * line where the count passed it. Each anchor is counted once (memoised), so an alias bomb costs no more
 * to count than to read.
 */
function expandedValues(doc: Document, lines: LineCounter): { values: number; line?: number } {
  const memo = new Map<unknown, number>()
  const open = new Set<unknown>()
  let line: number | undefined
  const lineOf = (node: unknown): number | undefined => {
    const range = (isPair(node) ? (node.key as Node | null) : (node as Node | null))?.range
    return range ? lines.linePos(range[0]).line : undefined
  }
  const count = (node: unknown): number => {
    if (isAlias(node)) return count(node.resolve(doc))
    if (isPair(node)) return count(node.key) + count(node.value)
    if (!isCollection(node)) return 1
    const known = memo.get(node)
    if (known !== undefined) return known
    if (open.has(node)) return 1 // an alias inside its own anchor
    open.add(node)
    let values = 1
    for (const item of node.items) {
      values += count(item)
      if (values > MAX_EXPANDED_VALUES) {
        line ??= lineOf(item)
        break
      }
    }
    open.delete(node)
    memo.set(node, values)
    return values
  }
  return { values: count(doc.contents), line }
}

/** The line of the first alias whose anchor is not set before it. */
function unresolvedAliasLine(doc: Document, lines: LineCounter): number | undefined {
  let line: number | undefined
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) !== undefined) return undefined
      line = node.range ? lines.linePos(node.range[0]).line : undefined
      return visit.BREAK
    }
  })
  return line
}

/**
 * Where an alias bomb is: the first alias of an anchor that itself holds aliases (nesting is what
 * multiplies), else the first alias.
 */
function nestedAliasLine(doc: Document, lines: LineCounter): number | undefined {
  let first: number | undefined
  let nested: number | undefined
  visit(doc, {
    Alias(_key, node) {
      const line = node.range ? lines.linePos(node.range[0]).line : undefined
      first ??= line
      const target = node.resolve(doc)
      let holdsAlias = false
      if (target && isCollection(target)) {
        visit(target, {
          Alias() {
            holdsAlias = true
            return visit.BREAK
          }
        })
      }
      if (holdsAlias) {
        nested = line
        return visit.BREAK
      }
      return undefined
    }
  })
  return nested ?? first
}

/**
 * Strings no command argument can carry: NUL (buildx and Node refuse an argument holding one) and
 * unpaired UTF-16 surrogates (from escapes such as "\uD800"; not Unicode, so not UTF-8 either).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function textProblems(data: unknown, file: string, lineOf: (p: FieldPath) => number | undefined): Problem[] {
  const problems: Problem[] = []
  const check = (text: string, p: FieldPath): void => {
    if (text.includes('\0')) {
      problems.push({
        file,
        line: lineOf(p),
        path: p,
        message: 'contains a NUL character (\\0), which no build argument, label or command line can carry'
      })
    } else if (LONE_SURROGATE.test(text)) {
      problems.push({
        file,
        line: lineOf(p),
        path: p,
        message: 'is not valid Unicode (an unpaired surrogate such as "\\uD800")'
      })
    }
  }
  // an alias is the anchor's own object: checked once, at its first place
  const seen = new WeakSet<object>()
  const walk = (value: unknown, p: (string | number)[]): void => {
    if (typeof value === 'string') return check(value, p)
    if (value === null || typeof value !== 'object' || seen.has(value)) return
    seen.add(value)
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...p, i]))
    else {
      for (const [key, item] of Object.entries(value)) {
        check(key, [...p, key])
        walk(item, [...p, key])
      }
    }
  }
  walk(data, [])
  return problems
}

type Fields = Record<string, unknown>

function isFields(value: unknown): value is Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** The fields of a mapping that pass their own schema; the others are left out. */
function validFields(schema: z.ZodObject, value: Fields): Fields {
  const out: Fields = {}
  for (const [key, field] of Object.entries(schema.shape)) {
    if (!(key in value)) continue
    const result = (field as z.ZodType).safeParse(value[key])
    if (result.success) out[key] = result.data
  }
  return out
}

/**
 * What the checks after the schema can still judge in a catalog the schema refused: each mapping's valid
 * fields, each image with a string name (its file index kept), each environment (a refused registry
 * replaced by a placeholder, so that no second "no registry" follows the schema's problem).
 */
function salvage(data: unknown): Salvage {
  const raw = isFields(data) ? data : {}
  const catalog: Fields = { images: [] }
  if (isFields(raw.defaults)) catalog.defaults = validFields(DefaultsSchema, raw.defaults)
  if (isFields(raw.environments)) {
    const environments: Fields = {}
    for (const [name, env] of Object.entries(raw.environments)) {
      environments[name] = {
        registry: REFUSED_REGISTRY,
        ...(isFields(env) ? validFields(EnvironmentSchema, env) : {})
      }
    }
    catalog.environments = environments
  }
  const images: Fields[] = []
  const indexes: number[] = []
  const misspeltPaths = new Set<number>()
  const known = Object.keys(ImageSchema.shape)
  if (Array.isArray(raw.images)) {
    raw.images.forEach((image: unknown, i) => {
      if (!isFields(image) || typeof image.name !== 'string') return
      const valid = validFields(ImageSchema, image)
      images.push({ ...valid, name: image.name })
      indexes.push(i)
      const meant = Object.keys(image)
        .filter(key => !known.includes(key))
        .map(key => ALIASES[key] ?? closest(key, known))
      if (meant.includes('context') || meant.includes('file')) misspeltPaths.add(i)
      // a context or file the schema refused (an empty one): said there, and no other Dockerfile looked for
      for (const key of ['context', 'file']) if (key in image && !(key in valid)) misspeltPaths.add(i)
    })
  }
  catalog.images = images
  return { catalog: catalog as Catalog, indexes, misspeltPaths }
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
  keysAt: (issue: z.core.$ZodIssue) => string[] = allowedKeys
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

/**
 * Why a path is not allowed (it escapes the workspace), or undefined. Follows the symbolic links of its
 * deepest part that exists (a directory still to be created under a link leads where the link does).
 */
export function escapes(absolute: string, workspace: string): string | undefined {
  const inside = (p: string, root: string): boolean => {
    const rel = path.relative(root, p)
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
  }
  if (!inside(absolute, workspace)) return 'is outside the workspace'
  let existing = absolute
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing)
  try {
    if (!inside(fs.realpathSync(existing), fs.realpathSync(workspace))) {
      return 'leads outside the workspace through a symbolic link'
    }
  } catch {
    // a workspace that does not exist holds nothing to follow
  }
  return undefined
}

function checkSemantics(
  { catalog, indexes, misspeltPaths }: Salvage,
  file: string,
  workspace: string,
  lineOf: (p: FieldPath) => number | undefined
): Problem[] {
  const problems: Problem[] = []
  const add = (p: FieldPath, message: string): void => {
    problems.push({ file, line: lineOf(p), path: p, message })
  }
  const seen = new Map<string, number>()
  catalog.images.forEach((image, position) => {
    const i = indexes[position] ?? position
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
    // without an explicit file, a bad context has already said it all; with a misspelt context or file,
    // the Dockerfile looked for is not the one meant
    if ((image.file || contextOk) && !misspeltPaths?.has(i)) {
      if (fileEscape) add(filePath, `"${fileRel}" ${fileEscape}`)
      else if (isDirectory(fileAbs)) add(filePath, `"${fileRel}" is a directory, not a Dockerfile`)
      else if (!isFile(fileAbs)) add(filePath, `Dockerfile "${fileRel}" not found`)
    }

    for (const [name, value] of Object.entries(image['build-contexts'] ?? {})) {
      const problem = contextFolderProblem(value, workspace)
      if (problem) add(['images', i, 'build-contexts', name], problem)
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

export interface YamlFileOptions {
  /** What the file is, for messages: `the exceptions file`. */
  subject: string
  /** The message for an empty document. */
  empty: string
  /** Allowed keys of the object at an issue's path, for "did you mean" hints. */
  allowedKeys?: (issue: z.core.$ZodIssue) => string[]
}

/**
 * Another small YAML file read the catalog's way (the exceptions file): validated by its zod schema, every
 * problem at once with its file, line and field path (one CatalogError naming `subject`). `lineOf` gives
 * the line of any path, for checks after the schema's.
 */
export function parseYamlWithSchema<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  o: YamlFileOptions
): { data: z.output<S>; lineOf: (p: FieldPath) => number | undefined } {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true })
  if (doc.errors.length > 0) throw new CatalogError(syntaxProblems(doc.errors, file), o.subject)
  const data: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
  if (data === null || data === undefined)
    throw new CatalogError([{ file, path: [], message: o.empty }], o.subject)
  const lineOf = (p: FieldPath): number | undefined => findLine(doc, lines, p)
  const result = schema.safeParse(data)
  if (!result.success) {
    const keysAt = o.allowedKeys ?? (() => [])
    throw new CatalogError(
      sortProblems(result.error.issues.flatMap(i => toProblems(i, data, file, lineOf, keysAt))),
      o.subject
    )
  }
  return { data: result.data, lineOf }
}

/** The YAML library's syntax errors as problems on their lines (its own position suffix dropped). */
function syntaxProblems(errors: readonly YAMLError[], file: string): Problem[] {
  return errors.map(e => ({
    file,
    line: e.linePos?.[0].line,
    path: [],
    message: `not valid ${file.endsWith('.json') ? 'JSON/' : ''}YAML: ${firstLine(e.message).replace(/ at line \d+, column \d+:?$/, '')}`
  }))
}
