// Catalog problems: where (file, line, field path) and what. All of them are collected, then thrown once.
// A problem in an action input that only the catalog can judge (a `tags` value refused by the tag policy,
// an `images` name the catalog lacks) is reported once, as the input's, not on a catalog line.

export type FieldPath = readonly (string | number)[]

export interface Problem {
  file: string
  line?: number
  path: FieldPath
  message: string
  /** Set when the problem is in this action input, not in the catalog file. */
  input?: string
}

/** `images[2].platforms[0]`, `defaults.labels["org.opencontainers.image.vendor"]`. */
export function formatPath(path: FieldPath): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(part)) out += out ? `.${part}` : part
    else out += `[${JSON.stringify(part)}]`
  }
  return out
}

export function formatProblem(p: Problem): string {
  if (p.input !== undefined) return `input ${p.input}: ${p.message}`
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file
  const field = p.path.length > 0 ? ` ${formatPath(p.path)}` : ''
  return `${where}${field}: ${p.message}`
}

export class CatalogError extends Error {
  readonly problems: readonly Problem[]
  /** The first line of the message: how many problems, where. */
  readonly summary: string
  /** `subject`: another file read the catalog's way (the exceptions file), named in the summary line. */
  constructor(problems: readonly Problem[], subject?: string) {
    const n = problems.length
    const summary = subject ? `${n} problem${n === 1 ? '' : 's'} in ${subject}` : countProblems(problems)
    super(`${summary}:\n` + problems.map(p => formatProblem(p)).join('\n'))
    this.summary = summary
    this.name = 'CatalogError'
    this.problems = problems
  }
}

/** "3 problems in the image catalog", "1 problem in the image catalog and 1 in the inputs". */
function countProblems(problems: readonly Problem[]): string {
  const inputs = problems.filter(p => p.input !== undefined).length
  const catalog = problems.length - inputs
  const plural = (n: number): string => `${n} problem${n === 1 ? '' : 's'}`
  if (inputs === 0) return `${plural(catalog)} in the image catalog`
  if (catalog === 0) return `${plural(inputs)} in the inputs`
  return `${plural(catalog)} in the image catalog and ${inputs} in the inputs`
}

/** In line order; problems without a line (the file itself) first. Stable for equal lines. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
}

/** Each problem once (the same input problem found for several images, a check reached twice). */
export function uniqueProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>()
  return problems.filter(p => {
    const key = formatProblem(p)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** The closest candidate within a small edit distance, for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase())
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return best
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1)
      )
      prev = tmp
    }
  }
  return row[b.length] as number
}
