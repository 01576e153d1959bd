// The base-pinned rule: every FROM of a Dockerfile names its base image by digest
// (`FROM name@sha256:...`, directly or through a global ARG whose value is such a reference).
// Pure: the Dockerfile's text and the build args in, one finding per FROM out, with its line number.
// The parser follows BuildKit's: parser directives (`# escape=`), line continuations (comment and
// blank lines inside them skipped), heredocs, quotes, and `$VAR` / `${VAR}` / `${VAR:-word}` expansion.
import type { RuleModeT } from '../catalog/schema.js'
import { DIGEST } from '../plan/grammar.js'
import type { Verdict } from './rules.js'

export interface Instruction {
  /** The line the instruction starts on (1-based). */
  line: number
  /** Upper-cased: `FROM`, `ARG`, ... */
  keyword: string
  /** Everything after the keyword, continuation lines joined. */
  args: string
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The instructions of a Dockerfile, with the escape character its `# escape=` directive sets. */
export function parseDockerfile(text: string): { escape: string; instructions: Instruction[] } {
  const lines = text.split(/\r?\n/)
  let escape = '\\'
  let i = 0
  // Parser directives: only at the very top, before any comment, blank line or instruction.
  for (; i < lines.length; i++) {
    const d = /^\s*#\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*(\S+)\s*$/.exec(lines[i] ?? '')
    if (!d) break
    if (d[1]?.toLowerCase() === 'escape' && (d[2] === '`' || d[2] === '\\')) escape = d[2]
  }
  const continuation = new RegExp(`${escapeRegExp(escape)}[ \\t]*$`)
  const instructions: Instruction[] = []
  while (i < lines.length) {
    const first = (lines[i] ?? '').trimStart()
    const line = ++i
    if (first === '' || first.startsWith('#')) continue
    let text = first
    let more = continuation.test(text)
    if (more) text = text.replace(continuation, '')
    while (more && i < lines.length) {
      const next = lines[i++] ?? ''
      if (next.trimStart().startsWith('#') || next.trim() === '') continue
      more = continuation.test(next)
      text += more ? next.replace(continuation, '') : next
    }
    const m = /^(\S+)\s*([\s\S]*)$/.exec(text)
    if (!m) continue
    const keyword = (m[1] as string).toUpperCase()
    const args = (m[2] as string).trim()
    if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') {
      // heredocs: their bodies are not instructions
      for (const h of args.matchAll(/<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g)) {
        const word = h[3] as string
        while (i < lines.length) {
          const body = lines[i++] ?? ''
          if ((h[1] === '-' ? body.replace(/^\t+/, '') : body) === word) break
        }
      }
    }
    instructions.push({ line, keyword, args })
  }
  return { escape, instructions }
}

/** Splits on blanks outside quotes; quotes and escapes stay in the words. */
export function splitWords(s: string, escape = '\\'): string[] {
  const words: string[] = []
  let word = ''
  let quote = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string
    if (c === escape && quote !== "'" && i + 1 < s.length) {
      word += c + s[++i]
    } else if (quote) {
      if (c === quote) quote = ''
      word += c
    } else if (c === '"' || c === "'") {
      quote = c
      word += c
    } else if (/\s/.test(c)) {
      if (word) words.push(word)
      word = ''
    } else {
      word += c
    }
  }
  if (word) words.push(word)
  return words
}

/** BuildKit fills these for every build; in a FROM they depend on the platform being built. */
const PLATFORM_ARGS = new Set([
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT'
])

interface Scope {
  /** A declared ARG: its value, or undefined when it has no default and no build arg. */
  vars: Map<string, string | undefined>
  escape: string
  /** Names used without a value (`${X}` with no default: the build would see an empty string). */
  missing: Set<string>
}

/** Quote removal and variable expansion of one word, as BuildKit's shell lexer does it. */
export function processWord(word: string, scope: Scope): string {
  let out = ''
  let quote = ''
  for (let i = 0; i < word.length; i++) {
    const c = word[i] as string
    if (quote === "'") {
      if (c === "'") quote = ''
      else out += c
    } else if (c === scope.escape && i + 1 < word.length) {
      const next = word[i + 1] as string
      if (quote === '"' && !['$', '"', scope.escape].includes(next)) out += c
      out += next
      i++
    } else if (c === '"' || (c === "'" && !quote)) {
      quote = quote === c ? '' : c
    } else if (c === '$') {
      const [value, end] = expandAt(word, i, scope)
      out += value
      i = end - 1
    } else {
      out += c
    }
  }
  return out
}

/** Expands the `$...` at `at`; returns the value and the index after it. */
function expandAt(s: string, at: number, scope: Scope): [string, number] {
  const lookup = (name: string, plain: boolean): string | undefined => {
    const v = scope.vars.get(name)
    if (v !== undefined) return v
    if (PLATFORM_ARGS.has(name) && !scope.vars.has(name)) return `\${${name}}`
    if (plain) scope.missing.add(name)
    return undefined
  }
  const simple = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(s.slice(at))
  if (simple) return [lookup(simple[1] as string, true) ?? '', at + simple[0].length]
  if (s[at + 1] !== '{') return ['$', at + 1]
  // ${...}: find the matching brace
  let depth = 0
  let end = -1
  for (let j = at + 1; j < s.length; j++) {
    if (s[j] === '{') depth++
    else if (s[j] === '}' && --depth === 0) {
      end = j
      break
    }
  }
  if (end < 0) return [s.slice(at), s.length]
  const inner = s.slice(at + 2, end)
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([\s\S]*))?$/.exec(inner)
  if (!m) return [s.slice(at, end + 1), end + 1]
  const name = m[1] as string
  const op = m[2]
  if (!op) return [lookup(name, true) ?? '', end + 1]
  const value = lookup(name, false)
  const set = op.startsWith(':') ? value !== undefined && value !== '' : value !== undefined
  const word = (): string => processWord(m[3] ?? '', scope)
  if (op.endsWith('-')) return [set ? (value as string) : word(), end + 1]
  if (op.endsWith('+')) return [set ? word() : '', end + 1]
  if (!set) scope.missing.add(name) // ${X:?message}: the build fails without X
  return [value ?? '', end + 1]
}

export interface BaseImage {
  file: string
  line: number
  /** The image as written (`${BASE_IMAGE}`). */
  written: string
  /** After expansion (`python:3.12-slim@sha256:...`). */
  ref: string
  /** `AS name` */
  stage?: string
  kind: 'image' | 'stage' | 'scratch'
  passed: boolean
  /** `services/backend/Dockerfile:3 FROM python:3.12-slim is not pinned by digest` */
  message: string
}

/**
 * One finding per FROM: an image pinned by digest, an earlier stage or scratch passes; a tag, no tag,
 * `latest`, an invalid digest or an ARG without a value fails. Global ARGs (before the first FROM)
 * take their defaults, overridden by the build args; nothing else is visible to a FROM.
 */
export function checkBasePinned(
  dockerfileText: string,
  file: string,
  buildArgs: Record<string, string> = {}
): BaseImage[] {
  const { escape, instructions } = parseDockerfile(dockerfileText)
  const vars = new Map<string, string | undefined>()
  const stages: string[] = []
  const out: BaseImage[] = []
  let global = true
  for (const ins of instructions) {
    if (ins.keyword === 'ARG' && global) {
      for (const w of splitWords(ins.args, escape)) {
        const eq = w.indexOf('=')
        const name = eq < 0 ? w : w.slice(0, eq)
        const scope: Scope = { vars, escape, missing: new Set() }
        const fallback = eq < 0 ? undefined : processWord(w.slice(eq + 1), scope)
        vars.set(name, Object.hasOwn(buildArgs, name) ? buildArgs[name] : fallback)
      }
      continue
    }
    if (ins.keyword !== 'FROM') continue
    global = false
    const words = splitWords(ins.args, escape).filter(w => !w.startsWith('--'))
    const written = words[0] ?? ''
    const stage = words[1]?.toLowerCase() === 'as' ? words[2]?.toLowerCase() : undefined
    const scope: Scope = { vars, escape, missing: new Set() }
    const ref = processWord(written, scope)
    const at = `${file}:${ins.line} FROM`
    const shown = written.includes('$') && ref !== written ? `${written} (${ref})` : written
    const base = { file, line: ins.line, written, ref, ...(stage ? { stage } : {}) }
    const push = (kind: BaseImage['kind'], passed: boolean, message: string): void => {
      out.push({ ...base, kind, passed, message: `${at} ${message}` })
    }

    if (scope.missing.size > 0) {
      const why = [...scope.missing].map(name =>
        vars.has(name)
          ? `ARG ${name} has no default and no build arg sets it`
          : `${name} is not an ARG declared before the first FROM`
      )
      push('image', false, `${written} has no value: ${why.join('; ')}`)
    } else if (!ref) {
      push('image', false, `names no image`)
    } else if (stages.includes(ref.toLowerCase())) {
      push('stage', true, `${shown} is the earlier stage ${ref.toLowerCase()}`)
    } else if (ref.toLowerCase() === 'scratch') {
      push('scratch', true, `${shown} is the empty base`)
    } else {
      const [name = '', digest] = ref.split('@')
      if (digest !== undefined) {
        if (DIGEST.test(digest)) push('image', true, `${shown} is pinned by digest`)
        else push('image', false, `${shown} has an invalid digest (expected sha256: and 64 hex digits)`)
      } else {
        const colon = name.lastIndexOf(':')
        const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined
        const why =
          tag === undefined
            ? ', and without a tag it is latest'
            : tag === 'latest'
              ? ', and latest moves with every push'
              : ''
        push('image', false, `${shown} is not pinned by digest${why}`)
      }
    }
    if (stage) stages.push(stage)
  }
  return out
}

/**
 * The rule's verdicts for one image: each failing FROM (`backend: services/backend/Dockerfile:3 FROM
 * ...`), or one passing verdict. Nothing when the rule is off.
 */
export function basePinnedVerdicts(o: {
  image: string
  file: string
  bases: BaseImage[]
  mode: RuleModeT
}): Verdict[] {
  if (o.mode === 'off') return []
  const mode = o.mode
  const failed = o.bases.filter(b => !b.passed)
  if (failed.length > 0) {
    return failed.map(b => ({
      rule: 'base-pinned',
      mode,
      passed: false,
      message: `${o.image}: ${b.message}`,
      file: b.file,
      line: b.line
    }))
  }
  const images = o.bases.filter(b => b.kind === 'image').length
  const message =
    images > 0
      ? `${o.image}: ${o.file}: every base image is pinned by digest`
      : `${o.image}: ${o.file}: no base image to pin (scratch and stages only)`
  return [{ rule: 'base-pinned', mode, passed: true, message }]
}
