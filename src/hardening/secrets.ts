// Secrets in an image's config and history: ENV values and labels under secret-looking names, known
// token shapes anywhere, passwords on RUN command lines, and build args BuildKit writes into the
// history of every RUN step (`RUN |2 NPM_TOKEN=... APP_VERSION=1.0.0 /bin/sh -c ...`).
// Pure. A finding says WHERE and never holds the value: only a masked prefix of it.
// File content in the layers is Trivy's secret scanner's job (each layer, deleted files included).
import { envOf, type ImageConfig } from './image-config.js'

export interface SecretFinding {
  /** `env GITHUB_TOKEN`, `label com.example.deploy-key`, `history step 8 (RUN)`, ... */
  where: string
  /** `a GitHub token`, `the build arg NPM_TOKEN`, ... */
  what: string
  /** What the message shows of the value: a masked prefix (`ghp_…`), never the value. */
  shown: string
  /** The finding as one line, without the image and platform (they prefix it in a verdict). */
  message: string
}

/** Shapes that are secrets wherever they appear. `group` is the secret part of the match. */
const VALUE_PATTERNS: { what: string; re: RegExp; group?: number; showMatch?: boolean }[] = [
  { what: 'an AWS access key id', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  // the header is not the secret: it is shown as it is
  { what: 'a private key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g, showMatch: true },
  { what: 'a GitHub token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g },
  { what: 'an npm token', re: /\bnpm_[A-Za-z0-9]{36,}/g },
  { what: 'a GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { what: 'a Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { what: 'a Google API key', re: /\bAIza[0-9A-Za-z_-]{35}/g },
  { what: 'a Stripe live key', re: /\b[rs]k_live_[0-9A-Za-z]{16,}/g },
  { what: 'a password in a URL', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]+:([^\s/@'"]+)@/gi, group: 1 }
]

/** `*_KEY`, `*SECRET*`, `*TOKEN*`, `*PASSWORD*`, `*PASSWD*`, `*_PASS`, `*CREDENTIAL*` (names upper-cased). */
const SECRET_NAME = /(?:^|_)KEY$|APIKEY|SECRET|TOKEN|PASSWORD|PASSWD|(?:^|_)PASS$|CREDENTIAL/
/** A word in a name that makes it about a secret, not the secret itself (`DB_PASSWORD_FILE`, `GPG_KEY`). */
const NOT_SECRET_WORDS = new Set([
  'GPG',
  'PGP',
  'PUBLIC',
  'PUB',
  'FINGERPRINT',
  'TOKENIZER',
  'TOKENIZERS',
  'FILE',
  'PATH',
  'DIR',
  'URL',
  'URI',
  'ENDPOINT',
  'HOST',
  'PORT',
  'TYPE',
  'NAME',
  'ID',
  'HEADER',
  'PREFIX',
  'ALGORITHM',
  'ALG',
  'HASHER',
  'HASHERS',
  'ENABLED',
  'REQUIRED',
  'POLICY',
  'EXPIRE',
  'EXPIRES',
  'EXPIRY',
  'EXPIRATION',
  'TTL',
  'TIMEOUT',
  'AGE',
  'LIFETIME',
  'LENGTH',
  'MIN',
  'MAX',
  'SECONDS',
  'MINUTES',
  'HOURS',
  'DAYS'
])

/** Whether an ENV name, label key or build arg name says its value is a secret. */
export function isSecretName(name: string): boolean {
  const n = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')
  if (!SECRET_NAME.test(n)) return false
  return !n.split('_').some(w => NOT_SECRET_WORDS.has(w))
}

const PLACEHOLDER_WORD =
  /^(?:change[-_.]?me|change[-_.]?it|placeholder|replace[-_.]?me|to[-_.]?do|tbd|dummy|example|sample|fake|test|secret|password|redacted|none|null|nil|undefined|unset|empty|true|false|yes|no|on|off|disabled?|enabled?)$/i
const PLACEHOLDER: RegExp[] = [
  /^(.)\1*$/, // x, xxxx, ****, 0000
  /^\$\{?[A-Za-z_][A-Za-z0-9_]*(?:(?::?[-+?=])[^}]*)?\}?$/, // $VAR, ${VAR}, ${VAR:-default}
  /^\$\(/, // $(cat /run/secrets/x): computed when it runs
  /^\{\{.*\}\}$/, // {{ template }}
  /^<[^<>]+>$/, // <your-token>
  /^%[A-Za-z_][A-Za-z0-9_]*%$/,
  /^(?:your|my|some)[-_ ]/i, // your-api-key-here
  /[-_](?:here|goes[-_]here)$/i,
  /^(?:\/|\.{1,2}\/|~\/)[\w.@/-]*$/, // a file path (SSL_KEY=/etc/ssl/private/app.key)
  /^[a-z][a-z0-9+.-]*:\/\/[^\s@]*$/i, // a URL without credentials
  /^(?:vault|op|sm|gsm|awssm|azkv|ssm|secretsmanager|k8s|ref\+[a-z0-9]+):/i, // a secret manager's reference
  /^arn:aws[a-z-]*:(?:secretsmanager|ssm|kms):/i,
  /^projects\/[^/]+\/secrets\//
]

function unquote(v: string): string {
  const t = v.trim()
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t.at(-1) === t[0]) return t.slice(1, -1)
  return t
}

/** An empty value, a reference (`${VAR}`, `$(cat ...)`, a path, a vault reference) or a placeholder. */
export function isPlaceholder(raw: string): boolean {
  const v = unquote(raw).replace(/^\\+(?=\$)/, '')
  if (v === '') return true
  return PLACEHOLDER_WORD.test(v) || PLACEHOLDER.some(re => re.test(v))
}

/**
 * What may be shown of a secret: at most its first 4 characters, and never more than a quarter of it
 * (a 6-character password shows 1), then `…`.
 */
export function mask(value: string): string {
  return `${value.slice(0, Math.min(4, Math.floor(value.length / 4)))}…`
}

interface Hit {
  what: string
  value: string
  shown: string
  /** Found by its shape, not only by its name. */
  pattern: boolean
}

function patternHits(text: string): Hit[] {
  const hits: Hit[] = []
  for (const p of VALUE_PATTERNS) {
    for (const m of text.matchAll(p.re)) {
      const value = m[p.group ?? 0] ?? ''
      if (p.group !== undefined && isPlaceholder(value)) continue
      hits.push({ what: p.what, value, shown: p.showMatch ? value : mask(value), pattern: true })
    }
  }
  return hits
}

/** A NAME=value pair: the shapes in its value, or its secret-looking name with a real value. */
function judge(name: string, raw: string): Hit[] {
  const value = unquote(raw)
  const hits = patternHits(value)
  if (hits.length === 0 && isSecretName(name) && !isPlaceholder(value)) {
    hits.push({ what: 'a value under a secret-looking name', value, shown: mask(value), pattern: false })
  }
  return hits
}

/** `RUN`, `ENV`, ... and the rest, from a history `created_by` (BuildKit's or the classic builder's). */
export function historyInstruction(createdBy: string): { instruction: string; rest: string } {
  let t = createdBy.trim().replace(/\s+# buildkit$/, '')
  const nop = /^\/bin\/sh -c #\(nop\)\s*/.exec(t)
  if (nop) t = t.slice(nop[0].length)
  else if (/^\|\d+\s/.test(t) || t.startsWith('/bin/sh -c ')) return { instruction: 'RUN', rest: t }
  const m = /^([A-Z]+)(?:\s+|$)/.exec(t)
  if (!m) return { instruction: '', rest: t }
  return { instruction: m[1] as string, rest: t.slice(m[0].length) }
}

/**
 * `NAME=value NAME2=value2` as BuildKit writes ENV, LABEL and ARG into the history (unquoted: a value
 * runs up to the next ` NAME=`).
 */
export function historyPairs(
  text: string,
  key = /[A-Za-z_][A-Za-z0-9_]*/
): { name: string; value: string }[] {
  const re = new RegExp(`(?:^|\\s)(${key.source})=`, 'g')
  const starts = [...text.matchAll(re)]
  return starts.map((m, i) => {
    const from = (m.index ?? 0) + m[0].length
    const next = starts[i + 1]
    const to = next ? (next.index ?? text.length) : text.length
    return { name: m[1] as string, value: text.slice(from, to).trim() }
  })
}

/**
 * `|2 NPM_TOKEN=x APP_VERSION=1.0.0 /bin/sh -c cmd` (a RUN step's build args, as BuildKit and the
 * classic builder write them) -> the args and the command. The last value ends at a blank.
 */
export function runBuildArgs(text: string): { args: { name: string; value: string }[]; command: string } {
  const head = /^\|(\d+)\s+/.exec(text)
  if (!head) return { args: [], command: text }
  const count = Number(head[1])
  let rest = text.slice(head[0].length)
  const args: { name: string; value: string }[] = []
  for (let i = 0; i < count; i++) {
    const name = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(rest)
    if (!name) break
    rest = rest.slice(name[0].length)
    const end = i < count - 1 ? rest.search(/\s[A-Za-z_][A-Za-z0-9_]*=/) : rest.search(/\s/)
    const to = end < 0 ? rest.length : end
    args.push({ name: name[1] as string, value: rest.slice(0, to) })
    rest = rest.slice(to).trimStart()
  }
  return { args, command: rest }
}

/** `password=...`, `--token ...` on a command line (not `$VAR` or `$(cat ...)`). */
const ASSIGNMENT =
  /(?:^|[^A-Za-z0-9_])([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key)[A-Za-z0-9_.-]*)(?:\s*=\s*|:\s+)(["']?)([^\s"'`;&|)]+)/gi
const FLAG = /(?:^|\s)--(password|passwd|token|api-key|secret)\s+(["']?)([^\s"'`;&|)-][^\s"'`;&|)]*)/gi

function commandHits(command: string): Hit[] {
  const hits = patternHits(command)
  for (const [re, shape] of [
    [ASSIGNMENT, (name: string, v: string) => `${name}=${v}`],
    [FLAG, (name: string, v: string) => `--${name} ${v}`]
  ] as const) {
    for (const m of command.matchAll(re)) {
      const name = m[1] ?? ''
      const value = m[3] ?? ''
      if (!isSecretName(name.replace(/^-+/, '')) || isPlaceholder(value)) continue
      if (hits.some(h => h.value === value || value.includes(h.value))) continue
      hits.push({ what: 'a secret', value, shown: shape(name, mask(value)), pattern: false })
    }
  }
  return hits
}

/** Every secret-looking value in the config (ENV, labels) and the history, each once. */
export function findSecrets(config: ImageConfig): SecretFinding[] {
  const out: SecretFinding[] = []
  const inConfig = new Set<string>()

  for (const { name, value } of envOf(config)) {
    for (const h of judge(name, value)) {
      inConfig.add(h.value)
      out.push(finding(`env ${name}`, h, `env ${name} holds ${h.what} (${h.shown})`))
    }
  }
  for (const [key, value] of Object.entries(config.config?.Labels ?? {})) {
    for (const h of judge(key, value)) {
      inConfig.add(h.value)
      out.push(finding(`label ${key}`, h, `label ${key} holds ${h.what} (${h.shown})`))
    }
  }

  // The history: the same secret in several steps (a build arg is in every RUN after its ARG) is one
  // finding that names the first step and lists the others.
  const grouped = new Map<string, { step: number; where: string; hit: Hit; tail: string; also: number[] }>()
  const note = (step: number, where: string, hit: Hit, tail: string): void => {
    const key = `${tail}\0${hit.value}`
    const seen = grouped.get(key)
    if (seen) seen.also.push(step)
    else grouped.set(key, { step, where, hit, tail, also: [] })
  }
  ;(config.history ?? []).forEach((entry, i) => {
    const step = i + 1
    const { instruction, rest } = historyInstruction(entry.created_by ?? '')
    if (instruction === 'RUN') {
      const { args, command } = runBuildArgs(rest)
      for (const a of args) {
        for (const h of judge(a.name, a.value)) {
          const what = h.pattern ? `, ${h.what}` : ''
          note(step, 'RUN', h, `leaks the build arg ${a.name}${what} (${h.shown})`)
        }
      }
      for (const h of commandHits(command)) note(step, 'RUN', h, `has ${h.what} in its command (${h.shown})`)
    } else if (instruction === 'ENV' || instruction === 'ARG' || instruction === 'LABEL') {
      const pairs = instruction === 'LABEL' ? historyPairs(rest, /[^\s=]+/) : historyPairs(rest)
      for (const p of pairs) {
        // still in the config: reported there, where it is
        for (const h of judge(p.name, p.value).filter(h => !inConfig.has(h.value))) {
          note(step, `${instruction} ${p.name}`, h, `holds ${h.what} (${h.shown})`)
        }
      }
    } else {
      // CMD, ENTRYPOINT, HEALTHCHECK, ADD, ...: command lines and URLs too
      for (const h of commandHits(rest)) note(step, instruction || 'step', h, `has ${h.what} (${h.shown})`)
    }
  })
  for (const g of grouped.values()) {
    const also =
      g.also.length === 0 ? '' : `; also in step${g.also.length > 1 ? 's' : ''} ${g.also.join(', ')}`
    const where = `history step ${g.step} (${g.where})`
    out.push(finding(where, g.hit, `${where} ${g.tail}${also}`))
  }
  return out
}

function finding(where: string, hit: Hit, message: string): SecretFinding {
  return { where, what: hit.what, shown: hit.shown, message }
}
