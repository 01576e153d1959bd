// Exceptions with accountability: each entry names the finding, the images it covers (names or globs), a
// reason, an owner and an expiry date. Validated like the catalog (every problem with file, line and
// field); applied by the gate itself, whatever the Trivy version. Loading reads the file; matching is pure.
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { z } from 'zod'
import { CatalogError, closest, type FieldPath, type Problem } from '../catalog/errors.js'
import { escapes, parseYamlWithSchema } from '../catalog/load.js'

export const DEFAULT_EXCEPTIONS_FILE = '.github/imagegate-exceptions.yml'
const SUBJECT = 'the exceptions file'

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** `2027-01-31` as a UTC day, or undefined when it is not a real calendar date. */
export function parseDay(text: string): Date | undefined {
  const m = DATE.exec(text)
  if (!m) return undefined
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === text ? d : undefined
}

const Required = (what: string) =>
  z.string({ error: iss => (iss.input === undefined ? `is required (${what})` : `must be text (${what})`) })

const EntrySchema = z.strictObject({
  /** The finding: a vulnerability id (CVE-..., GHSA-...) or a secret rule id. */
  id: Required('the finding id, e.g. CVE-2024-1234').min(1, { error: 'must not be empty' }),
  /** Catalog image names or globs (`api-*`). */
  images: z
    .array(z.string().min(1, { error: 'must not be empty' }), {
      error: iss =>
        iss.input === undefined ? 'is required (the images it covers, names or globs)' : undefined
    })
    .min(1, { error: 'must list at least one image (names or globs)' }),
  /** Only this package (or, for a secret, this file). */
  package: z.string().min(1).optional(),
  // blank is empty: an exception nobody answers for, for no reason, is none
  reason: Required('why the finding is accepted').trim().min(1, { error: 'must not be empty' }),
  owner: Required('who answers for it, e.g. @org/team').trim().min(1, { error: 'must not be empty' }),
  expires: Required('a date, YYYY-MM-DD').transform((text, ctx) => {
    if (!parseDay(text)) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} is not a date (YYYY-MM-DD)` })
      return z.NEVER
    }
    return text
  })
})

export const ExceptionsFileSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1 (the only version)' }).optional(),
  exceptions: z.array(EntrySchema)
})

export interface ExceptionEntry extends z.infer<typeof EntrySchema> {
  /** Where it is written: `file:line`. */
  at: string
  index: number
}

export interface Exceptions {
  /** The file, relative to the workspace. */
  file: string
  /** sha256 of the file's bytes: the policy a verdict can be reproduced with. */
  digest: string
  entries: ExceptionEntry[]
}

const allowedKeys = (issue: z.core.$ZodIssue): string[] => {
  if (issue.path.length === 0) return Object.keys(ExceptionsFileSchema.shape)
  if (issue.path[0] === 'exceptions' && issue.path.length === 2) return Object.keys(EntrySchema.shape)
  return []
}

/** `api-*`, `web`: `*` any run of characters, `?` one. */
export function globMatches(pattern: string, name: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${re}$`).test(name)
}

/**
 * Parses and validates an exceptions file. `catalogImages`: every image of the catalog (not only this
 * run's): a name or glob that covers none of them is an error.
 */
export function parseExceptions(text: string, file: string, catalogImages: readonly string[]): Exceptions {
  const { data, lineOf } = parseYamlWithSchema(text, file, ExceptionsFileSchema, {
    subject: SUBJECT,
    empty: 'the exceptions file is empty (expected a mapping with `exceptions`)',
    allowedKeys
  })
  const problems: Problem[] = []
  const add = (p: FieldPath, message: string): void => {
    problems.push({ file, line: lineOf(p), path: p, message })
  }
  data.exceptions.forEach((e, i) => {
    e.images.forEach((pattern, j) => {
      if (catalogImages.some(name => globMatches(pattern, name))) return
      const hint =
        pattern.includes('*') || pattern.includes('?') ? undefined : closest(pattern, catalogImages)
      add(
        ['exceptions', i, 'images', j],
        `"${pattern}" covers no image of the catalog${hint ? ` (did you mean "${hint}"?)` : ''}`
      )
    })
  })
  if (problems.length > 0) throw new CatalogError(problems, SUBJECT)
  return {
    file,
    digest: `sha256:${createHash('sha256').update(text).digest('hex')}`,
    entries: data.exceptions.map((e, index) => ({
      ...e,
      index,
      at: `${file}:${lineOf(['exceptions', index]) ?? '?'}`
    }))
  }
}

/**
 * The exceptions input: the file given, else `.github/imagegate-exceptions.yml` when it exists, else none.
 * A file given but missing is an error (a typo must not silently drop every exception).
 */
export function loadExceptions(
  input: string,
  workspace: string,
  /** Every image of the catalog; called only when there is a file. */
  catalogImages: () => readonly string[]
): Exceptions | undefined {
  const given = input.trim()
  const file = given || DEFAULT_EXCEPTIONS_FILE
  const abs = path.resolve(workspace, file)
  if (!given && !fs.existsSync(abs)) return undefined
  const escape = escapes(abs, workspace)
  if (escape)
    throw new CatalogError([{ file, path: [], message: `input exceptions: the path ${escape}` }], SUBJECT)
  let text: string
  try {
    text = fs.readFileSync(abs, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : String(err)
    throw new CatalogError([{ file, path: [], message: `input exceptions: cannot read it: ${why}` }], SUBJECT)
  }
  return parseExceptions(text, file, catalogImages())
}

/** Whole days from `now`'s UTC day to the expiry day: 0 on the last day, negative once expired. */
export function daysLeft(expires: string, now: Date): number {
  const day = parseDay(expires)
  if (!day) return -Infinity
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  return Math.round((day.getTime() - today) / 86_400_000)
}

/** The exception covering a finding of `image`, preferring an active one over an expired one. */
export function exceptionFor(
  exceptions: Exceptions | undefined,
  image: string,
  finding: { id: string; pkg: string },
  now: Date
): { entry: ExceptionEntry; expired: boolean } | undefined {
  if (!exceptions) return undefined
  const matching = exceptions.entries.filter(
    e =>
      e.id.toUpperCase() === finding.id.toUpperCase() &&
      (e.package === undefined || e.package === finding.pkg) &&
      e.images.some(p => globMatches(p, image))
  )
  const active = matching.find(e => daysLeft(e.expires, now) >= 0)
  if (active) return { entry: active, expired: false }
  const expired = matching[0]
  return expired ? { entry: expired, expired: true } : undefined
}

export interface ExceptionUse {
  entry: ExceptionEntry
  daysLeft: number
  /** Findings it covered in this run (platforms counted apart). */
  matches: number
}

export interface ExceptionsReport {
  file: string
  digest: string
  /** Not expired and covering at least one finding. */
  active: ExceptionUse[]
  /** Expired and covering findings: those findings block again. */
  expired: ExceptionUse[]
  /** Covering no finding of the images of this run it names. */
  stale: ExceptionUse[]
  /** Naming no image of this run (another job's): not judged here. */
  elsewhere: ExceptionEntry[]
}

/**
 * Sorts every entry by what it did in this run. `matched`: findings matched per entry index (the gate
 * counts them while it applies the entries); `runImages`: the images of this run.
 */
export function exceptionsReport(
  exceptions: Exceptions,
  matched: ReadonlyMap<number, number>,
  runImages: readonly string[],
  now: Date
): ExceptionsReport {
  const out: ExceptionsReport = {
    file: exceptions.file,
    digest: exceptions.digest,
    active: [],
    expired: [],
    stale: [],
    elsewhere: []
  }
  for (const entry of exceptions.entries) {
    const use = { entry, daysLeft: daysLeft(entry.expires, now), matches: matched.get(entry.index) ?? 0 }
    if (!runImages.some(name => entry.images.some(p => globMatches(p, name)))) out.elsewhere.push(entry)
    else if (use.matches === 0) out.stale.push(use)
    else if (use.daysLeft < 0) out.expired.push(use)
    else out.active.push(use)
  }
  return out
}
