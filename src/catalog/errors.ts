// Catalog problems: where (file, line, field path) and what. All of them are collected, then thrown once.

export type FieldPath = readonly (string | number)[]

export interface Problem {
  file: string
  line?: number
  path: FieldPath
  message: string
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
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file
  const field = p.path.length > 0 ? ` ${formatPath(p.path)}` : ''
  return `${where}${field}: ${p.message}`
}

export class CatalogError extends Error {
  readonly problems: readonly Problem[]
  /** `subject`: what the file is (the exceptions file reuses this error and its annotations). */
  constructor(problems: readonly Problem[], subject = 'the image catalog') {
    const n = problems.length
    super(
      `${n} problem${n === 1 ? '' : 's'} in ${subject}:\n` + problems.map(p => formatProblem(p)).join('\n')
    )
    this.name = 'CatalogError'
    this.problems = problems
  }
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
