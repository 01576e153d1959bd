// The action's inputs, read once into one typed object. Keys are spelled as in action.yml.
import * as core from '@actions/core'
import { CsvError } from 'csv-parse'
import { parse } from 'csv-parse/sync'
import * as os from 'node:os'
import * as path from 'node:path'
import { z } from 'zod'
import {
  annotationKeyProblem,
  cacheEntryProblem,
  CONTEXT_NAME,
  keyedEntries,
  provenanceProblem,
  sshSyntaxProblem
} from './buildx/option-syntax.js'
import { escapes } from './catalog/load.js'
import type { Limit } from './exec.js'
import { isPlatform, isRegistry, isRepositoryPath } from './plan/grammar.js'
import { checksumProblem, TOOLS, type Tool } from './tools/checksums.js'
import {
  PKG_TYPES,
  scannerProblem,
  skipPathProblem,
  type GatedScanner,
  type PkgType
} from './trivy/options.js'

/**
 * A list input read with docker's rules (docker/build-push-action's getInputList): CSV records, one or
 * more a line, so a value in double quotes keeps its commas and newlines (`"KEY=a,b"`, a PEM) and loses
 * its quotes; a quote inside a value stays (`KEY="x"`). Entries are trimmed, blank ones dropped.
 * `ignoreComma`: an unquoted comma is part of the entry (build-args, labels, secrets, cache entries).
 * Throws ListError on a quote that is never closed.
 */
export function dockerList(value: string, { ignoreComma = false } = {}): string[] {
  if (value.trim() === '') return []
  let records: string[][]
  try {
    records = parse(value, {
      columns: false,
      relaxQuotes: true,
      relaxColumnCount: true,
      skipEmptyLines: true
    })
  } catch (err) {
    if (err instanceof CsvError) {
      // the library's message may quote the field: a secret's value must not reach a log
      const line = typeof err.lines === 'number' ? ` (line ${err.lines})` : ''
      throw new ListError(
        err.code === 'CSV_QUOTE_NOT_CLOSED'
          ? `a double quote is opened and never closed${line}`
          : `not a list docker can read (${err.code})${line}`
      )
    }
    throw err
  }
  const entries = records.flatMap(record => (ignoreComma ? [record.join(',')] : record))
  return entries.map(entry => entry.trim()).filter(entry => entry.length > 0)
}

export class ListError extends Error {
  override name = 'ListError'
}

/** Comma or newline separated list (platforms, tags, images...), read with docker's rules. */
export function parseList(value: string): string[] {
  return dockerList(value)
}

/** One entry a line, commas kept (cache entries, KEY=value lists), read with docker's rules. */
export function parseLines(value: string): string[] {
  return dockerList(value, { ignoreComma: true })
}

/** A list input: docker's rules, an unreadable list named as the input's problem. */
const list = (name: string, options: { ignoreComma?: boolean } = {}) =>
  z.string().transform((v, ctx) => {
    try {
      return dockerList(v, options)
    } catch (err) {
      if (!(err instanceof ListError)) throw err
      ctx.addIssue({ code: 'custom', message: `input ${name}: ${err.message}` })
      return z.NEVER
    }
  })

/** buildx cache entries, one a line (their commas are theirs), each checked (buildx-option-syntax). */
const cacheList = (name: string) =>
  list(name, { ignoreComma: true }).superRefine((entries, ctx) => {
    for (const entry of entries) {
      const problem = cacheEntryProblem(entry)
      if (problem)
        ctx.addIssue({ code: 'custom', message: `input ${name}: ${JSON.stringify(entry)} ${problem}` })
    }
  })

const bool = (name: string) =>
  z.string().transform((v, ctx) => {
    const s = v.trim().toLowerCase()
    if (s === '' || s === 'false') return false
    if (s === 'true') return true
    ctx.addIssue({ code: 'custom', message: `input ${name}: "${v}" is not true or false` })
    return z.NEVER
  })

/**
 * KEY=value entries, docker's list rules (a quoted entry may hold commas and newlines). `secret`: an entry
 * without `=` is named by its position, never shown (it may be the secret itself).
 */
const keyValues = (name: string, check: { key?: RegExp; what?: string; secret?: boolean } = {}) =>
  list(name, { ignoreComma: true }).transform((entries, ctx) => {
    const out: Record<string, string> = {}
    entries.forEach((entry, index) => {
      const eq = entry.indexOf('=')
      if (eq <= 0) {
        const shown = check.secret ? `entry ${index + 1}` : JSON.stringify(entry.split('\n')[0]?.slice(0, 40))
        ctx.addIssue({ code: 'custom', message: `input ${name}: ${shown} is not KEY=value` })
        return
      }
      const key = entry.slice(0, eq).trim()
      if (check.key && !check.key.test(key)) {
        ctx.addIssue({
          code: 'custom',
          message: `input ${name}: ${JSON.stringify(key)} is not ${check.what}`
        })
        return
      }
      out[key] = entry.slice(eq + 1)
    })
    return out
  })

const oneOf = <T extends string>(name: string, values: readonly T[]) =>
  z.string().transform((v, ctx) => {
    const s = v.trim() as T
    if (values.includes(s)) return s
    ctx.addIssue({ code: 'custom', message: `input ${name}: "${v}" is not one of ${values.join(', ')}` })
    return z.NEVER
  })

const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1000 } as const

/**
 * A time limit: `90s`, `10m`, `1h`, `1h30m` or plain seconds (`600`); `0` means none, and so does an
 * empty value (the default of an input without one).
 */
export function parseDuration(value: string): number | undefined {
  const s = value.trim().toLowerCase()
  if (/^\d+$/.test(s)) return Number(s) * 1000
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s)
  if (!m || s === '') return undefined
  return Number(m[1] ?? 0) * UNIT_MS.h + Number(m[2] ?? 0) * UNIT_MS.m + Number(m[3] ?? 0) * UNIT_MS.s
}

const limit = (name: string) =>
  z.string().transform((v, ctx): Limit | undefined => {
    if (v.trim() === '') return undefined
    const ms = parseDuration(v)
    if (ms === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `input ${name}: "${v}" is not a duration (90s, 10m, 1h, or seconds; 0 for none)`
      })
      return z.NEVER
    }
    return ms === 0 ? undefined : { ms, input: name }
  })

/** An https (or, on loopback, http) URL of a service; empty: the default. */
const url = (name: string) =>
  z.string().transform((v, ctx) => {
    const s = v.trim().replace(/\/+$/, '')
    if (s === '') return ''
    let parsed: URL | undefined
    try {
      parsed = new URL(s)
    } catch {
      parsed = undefined
    }
    const loopback = parsed && /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(parsed.hostname)
    if (parsed && (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback))) return s
    ctx.addIssue({ code: 'custom', message: `input ${name}: "${v}" is not an https URL` })
    return z.NEVER
  })

/** A number of days (`7` or `7d`) of at least `least`; empty: none. */
const days = (name: string, least: number) =>
  z.string().transform((v, ctx) => {
    if (v.trim() === '') return undefined
    const n = Number(v.trim().replace(/d$/, ''))
    if (Number.isInteger(n) && n >= least) return n
    ctx.addIssue({ code: 'custom', message: `input ${name}: "${v}" is not a whole number of days` })
    return z.NEVER
  })

const SEVERITIES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const

/** skip-dirs, skip-files: trivy-action's comma-separated paths in the image, none above its root. */
const skipPaths = (name: string) =>
  list(name).superRefine((entries, ctx) => {
    for (const entry of entries) {
      const problem = skipPathProblem(entry)
      if (problem)
        ctx.addIssue({ code: 'custom', message: `input ${name}: ${JSON.stringify(entry)} ${problem}` })
    }
  })

/** pkg-types (vuln-type, trivy-action's name for it): os, library; empty: Trivy's default (both). */
const pkgTypes = (name: string) =>
  list(name).transform((entries, ctx): PkgType[] | undefined => {
    for (const entry of entries) {
      if (!(PKG_TYPES as readonly string[]).includes(entry))
        ctx.addIssue({
          code: 'custom',
          message: `input ${name}: ${JSON.stringify(entry)} is not a package type Trivy knows (${PKG_TYPES.join(', ')})`
        })
    }
    return entries.length > 0 ? [...new Set(entries as PkgType[])] : undefined
  })

/** `name=value` entries as a mapping, each name checked. */
const namedEntries = (name: string, check: (key: string) => string | undefined) =>
  list(name, { ignoreComma: true }).transform((entries, ctx) => {
    const { map, bad } = keyedEntries(entries)
    for (const entry of bad)
      ctx.addIssue({
        code: 'custom',
        message: `input ${name}: ${JSON.stringify(entry.slice(0, 60))} is not name=value`
      })
    for (const key of Object.keys(map)) {
      const problem = check(key)
      if (problem)
        ctx.addIssue({ code: 'custom', message: `input ${name}: ${JSON.stringify(key)} ${problem}` })
    }
    return map
  })

const environmentName = (name: string, fallback: string) =>
  z
    .string()
    .transform(v => v.trim() || fallback)
    .refine(v => (fallback === '' && v === '') || /^[a-z][a-z0-9-]*$/.test(v), {
      error: iss => `input ${name}: "${iss.input}" is not an environment name`
    })

const text = z.string().transform(v => v.trim())

export const MODES = ['plan', 'build', 'promote', 'merge', 'verify'] as const
export type Mode = (typeof MODES)[number]

// Each mode's inputs are the groups it reads plus its own fields: an input belongs where the code that
// reads it runs, so adding an input to one mode is one line in that mode's shape (and its default below).

/** Read by every mode. */
const every = {
  catalog: z.string().transform(v => v.trim() || '.github/images.yml'),
  images: list('images'),
  environment: environmentName('environment', 'dev')
}

/** What the plan reads (main.ts makePlan): where images go, their tags, labels and rules. */
const planning = {
  registry: z
    .string()
    .transform(v => v.trim())
    .refine(v => v === '' || isRegistry(v), {
      error: iss =>
        `input registry: ${JSON.stringify(iss.input)} is not a registry (a host[:port] with optional /path, no scheme, e.g. ghcr.io/acme)`
    }),
  org: z
    .string()
    .transform(v => v.trim())
    .refine(v => v === '' || isRepositoryPath(v), {
      error: iss =>
        `input org: ${JSON.stringify(iss.input)} is not a repository path (lowercase a-z, 0-9, separators . _ - and /)`
    }),
  platforms: list('platforms').superRefine((platforms, ctx) => {
    platforms.forEach((p, i) => {
      if (!isPlatform(p))
        ctx.addIssue({ code: 'custom', message: `input platforms: "${p}" is not a platform` })
      else if (platforms.indexOf(p) !== i)
        ctx.addIssue({ code: 'custom', message: `input platforms: "${p}" is listed twice` })
    })
  }),
  tags: list('tags'),
  labels: keyValues('labels', { key: /^[a-zA-Z0-9][a-zA-Z0-9._/-]*$/, what: 'a label key' }),
  'build-args': keyValues('build-args', { key: /^[A-Za-z_][A-Za-z0-9_]*$/, what: 'a build argument name' }),
  'cache-from': cacheList('cache-from'),
  'cache-to': cacheList('cache-to'),
  'semver-aliases': bool('semver-aliases'),
  hardening: oneOf('hardening', ['off', 'warn', 'enforce'] as const),
  'gate-mode': z.string().transform((v, ctx) => {
    const s = v.trim()
    if (s === '') return undefined
    if (s === 'report' || s === 'new' || s === 'all') return s
    ctx.addIssue({ code: 'custom', message: `input gate-mode: "${v}" is not one of report, new, all` })
    return z.NEVER
  }),
  'base-max-age': days('base-max-age', 0),
  /** A platform job of a distributed build: upload its platform manifests by digest, no tag, no index. */
  'push-by-digest': bool('push-by-digest'),
  'output-dir': z.string().transform(v => v.trim() || '.'),
  // scanner options, trivy-action's names (every platform's image scan; the plan records them)
  'skip-dirs': skipPaths('skip-dirs'),
  'skip-files': skipPaths('skip-files'),
  'pkg-types': pkgTypes('pkg-types'),
  'vuln-type': pkgTypes('vuln-type'),
  scanners: list('scanners').transform((entries, ctx): GatedScanner[] => {
    for (const entry of entries) {
      const problem = scannerProblem(entry)
      if (problem) ctx.addIssue({ code: 'custom', message: `input scanners: ${problem}` })
    }
    if (entries.length > 0 && !entries.includes('vuln'))
      ctx.addIssue({
        code: 'custom',
        message: 'input scanners: must hold vuln (the gate and the vulnerability record read its findings)'
      })
    return entries.length > 0 ? (entries as GatedScanner[]) : ['vuln', 'secret']
  }),
  'trivy-config': z.string().transform(v => v.trim()),
  // build options, build-push-action's names (an image's own in the catalog win; the plan carries them)
  'no-cache': bool('no-cache'),
  pull: bool('pull'),
  annotations: namedEntries('annotations', annotationKeyProblem),
  ssh: list('ssh').superRefine((entries, ctx) => {
    for (const entry of entries) {
      const problem = sshSyntaxProblem(entry)
      if (problem) ctx.addIssue({ code: 'custom', message: `input ssh: ${problem}` })
    }
  }),
  'build-contexts': namedEntries('build-contexts', key =>
    CONTEXT_NAME.test(key) ? undefined : 'is not a build context name'
  )
}

/** A registry login, for every registry that asks. */
const login = { username: z.string(), password: z.string() }

/**
 * tool-checksums: `TOOL=SHA256` entries, one a line (or comma-separated), `sha256:` prefix allowed: the
 * SHA-256 of this runner's release file of a tool, one per tool. Each problem names the line.
 */
const toolChecksums = (name: string) =>
  z.string().transform((v, ctx): Partial<Record<Tool, string>> => {
    const out: Partial<Record<Tool, string>> = {}
    const issue = (message: string): void => void ctx.addIssue({ code: 'custom', message })
    v.split(/\r?\n/).forEach((text, index) => {
      for (const raw of text.split(',')) {
        const entry = raw.trim()
        if (entry === '' || entry.startsWith('#')) continue
        const where = `input ${name} line ${index + 1}`
        const eq = entry.indexOf('=')
        if (eq <= 0) {
          issue(
            `${where}: ${JSON.stringify(entry.slice(0, 60))} is not TOOL=SHA256 (e.g. trivy=sha256:<64 hex digits>)`
          )
          continue
        }
        const tool = entry.slice(0, eq).trim()
        const value = entry.slice(eq + 1)
        if (!(TOOLS as readonly string[]).includes(tool)) {
          issue(`${where}: ${JSON.stringify(tool)} is not a tool imagegate installs (${TOOLS.join(', ')})`)
          continue
        }
        const problem = checksumProblem(value)
        if (problem) {
          issue(`${where}: the checksum for ${tool}: ${problem}`)
          continue
        }
        if (out[tool as Tool] !== undefined) {
          issue(`${where}: a second checksum for ${tool} (one a tool: this runner's release file of it)`)
          continue
        }
        out[tool as Tool] = value
          .trim()
          .replace(/^sha256:/i, '')
          .toLowerCase()
      }
    })
    return out
  })

/** Images worked on at once, and how tools the run starts are installed. */
const running = {
  'max-parallel': z.string().transform((v, ctx) => {
    if (v.trim() === '') return Math.max(1, os.availableParallelism())
    const n = Number(v)
    if (Number.isInteger(n) && n >= 1 && n <= 64) return n
    ctx.addIssue({ code: 'custom', message: `input max-parallel: "${v}" is not a whole number from 1 to 64` })
    return z.NEVER
  }),
  'install-tools': oneOf('install-tools', ['auto', 'pinned'] as const),
  'cosign-version': text,
  'tool-checksums': toolChecksums('tool-checksums'),
  /** A mirror of the tools' GitHub release files (`OWNER/REPO/releases/download/TAG/FILE` under it). */
  'tool-mirror': url('tool-mirror')
}

/** The key that signs, or whose public half verifies. */
const key = { 'cosign-key': z.string(), 'cosign-password': z.string() }

/** Who must have signed, without a key (keyless), and the root their certificates chain to. */
const identity = {
  'certificate-identity': text,
  'certificate-oidc-issuer': text,
  'trusted-root': text
}

/** How the run signs and attests what it publishes (build and merge). */
const signing = {
  ...key,
  sign: bool('sign'),
  /** Empty: attest when signing. */
  attest: z.string().transform((v, ctx) => {
    const s = v.trim().toLowerCase()
    if (s === '') return undefined
    if (s === 'true' || s === 'false') return s === 'true'
    ctx.addIssue({ code: 'custom', message: `input attest: "${v}" is not true, false or empty` })
    return z.NEVER
  }),
  'legacy-signatures': bool('legacy-signatures'),
  'fulcio-url': url('fulcio-url'),
  'rekor-url': url('rekor-url'),
  'tsa-url': url('tsa-url'),
  /** A private repository's keyless signatures may go to the public-good Rekor only when this is true. */
  'public-log': bool('public-log'),
  /** The token of GitHub's attestations API (`attestations: write`) and dependency submission API. */
  'github-token': text,
  /** Keyless: record every bundle in the repository's GitHub attestations too. */
  'github-attestations': bool('github-attestations')
}

/** The gate's severities and ignore files: what a scan record names as the policy that judged it. */
const judging = {
  severity: list('severity').transform((entries, ctx) => {
    const severities = entries.map(s => s.toUpperCase())
    for (const s of severities) {
      if (!(SEVERITIES as readonly string[]).includes(s)) {
        ctx.addIssue({
          code: 'custom',
          message: `input severity: "${s}" is not one of ${SEVERITIES.join(', ')}`
        })
      }
    }
    return severities.length > 0 ? severities : ['HIGH', 'CRITICAL']
  }),
  'ignore-unfixed': bool('ignore-unfixed'),
  trivyignores: list('trivyignores'),
  'db-repository': text
}

/** Trivy and its DB, run by this job (build scans images; verify re-scans SBOMs). */
const scanning = {
  ...judging,
  'trivy-version': text,
  'offline-db': bool('offline-db'),
  /** The Trivy DB restored from and saved to the Actions cache (not read with offline-db). */
  'db-cache': bool('db-cache'),
  'db-max-age': days('db-max-age', 1),
  'scan-timeout': limit('scan-timeout'),
  baseline: text,
  exceptions: text
}

/** The version a promotion or a verification is about: a tag or a digest. */
const version = { version: text }

const PlanSchema = z.object({ mode: z.literal('plan'), ...every, ...planning })

const BuildSchema = z.object({
  mode: z.literal('build'),
  ...every,
  ...planning,
  ...login,
  ...running,
  ...signing,
  ...identity,
  ...scanning,
  push: bool('push'),
  'push-strategy': oneOf('push-strategy', ['all-or-nothing', 'per-image'] as const),
  /** The buildx builder (`--builder`); empty: the current one. */
  builder: z
    .string()
    .transform(v => v.trim())
    .refine(v => v === '' || /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v), {
      error: iss => `input builder: ${JSON.stringify(iss.input)} is not a buildx builder name`
    }),
  secrets: keyValues('secrets', { key: /^[A-Za-z0-9_.-]+$/, what: 'a secret id', secret: true }),
  provenance: text.superRefine((v, ctx) => {
    const problem = provenanceProblem(v)
    if (problem) ctx.addIssue({ code: 'custom', message: `input provenance: ${problem}` })
  }),
  /** Clamp layer file times to SOURCE_DATE_EPOCH (BuildKit's rewrite-timestamp): main.ts checks the variable. */
  'rewrite-timestamp': bool('rewrite-timestamp'),
  'reuse-results': bool('reuse-results'),
  'baseline-tag': text,
  'smoke-env': keyValues('smoke-env', {
    key: /^[A-Za-z_][A-Za-z0-9_]*$/,
    what: 'an environment variable name',
    secret: true
  }),
  'sbom-generator': oneOf('sbom-generator', ['syft', 'trivy'] as const),
  'sbom-format': list('sbom-format').transform((formats, ctx) => {
    for (const f of formats) {
      if (f !== 'spdx-json' && f !== 'cyclonedx') {
        ctx.addIssue({ code: 'custom', message: `input sbom-format: "${f}" is not spdx-json or cyclonedx` })
      }
    }
    return formats.length > 0 ? formats : ['spdx-json']
  }),
  'upload-artifacts': bool('upload-artifacts'),
  /** Every platform's SPDX SBOM to the repository's dependency graph (github-token, contents: write). */
  'dependency-snapshot': bool('dependency-snapshot'),
  'retention-days': z.string().transform((v, ctx) => {
    const n = Number(v.trim() || '30')
    if (Number.isInteger(n) && n >= 1 && n <= 90) return n
    ctx.addIssue({
      code: 'custom',
      message: `input retention-days: "${v}" is not a whole number from 1 to 90`
    })
    return z.NEVER
  }),
  'syft-version': text,
  'build-timeout': limit('build-timeout')
})

const MergeSchema = z.object({
  mode: z.literal('merge'),
  ...every,
  ...planning,
  ...login,
  ...running,
  ...signing,
  ...judging,
  'push-strategy': BuildSchema.shape['push-strategy'],
  /** The record files (or directories holding them) of the platform jobs. */
  records: list('records')
})

const PromoteSchema = z.object({
  mode: z.literal('promote'),
  ...every,
  ...version,
  ...login,
  ...running,
  ...key,
  ...identity,
  /** Read only to refuse it: both registries come from the catalog's environments. */
  registry: planning.registry,
  org: planning.org,
  tags: planning.tags,
  'semver-aliases': planning['semver-aliases'],
  severity: judging.severity,
  'ignore-unfixed': judging['ignore-unfixed'],
  'push-strategy': BuildSchema.shape['push-strategy'],
  'source-environment': environmentName('source-environment', '')
})

const VerifySchema = z.object({
  mode: z.literal('verify'),
  ...every,
  ...version,
  ...login,
  ...running,
  ...key,
  ...identity,
  ...scanning,
  org: planning.org,
  'gate-mode': planning['gate-mode'],
  'output-dir': planning['output-dir'],
  /** Scan the attested SBOMs again with today's DB and judge them at this run's policy. */
  rescan: bool('rescan')
})

/** Each mode's inputs, parsed after the mode itself. */
export const MODE_SCHEMAS = {
  plan: PlanSchema,
  build: BuildSchema,
  promote: PromoteSchema,
  merge: MergeSchema,
  verify: VerifySchema
} as const satisfies Record<Mode, z.ZodObject>

/** The inputs as one type per mode: narrow with `inputs.mode === ...`. */
export const InputsSchema = z.discriminatedUnion('mode', [
  PlanSchema,
  BuildSchema,
  PromoteSchema,
  MergeSchema,
  VerifySchema
])
export type Inputs = z.infer<typeof InputsSchema>
export type PlanInputs = z.infer<typeof PlanSchema>
export type BuildInputs = z.infer<typeof BuildSchema>
export type MergeInputs = z.infer<typeof MergeSchema>
export type PromoteInputs = z.infer<typeof PromoteSchema>
export type VerifyInputs = z.infer<typeof VerifySchema>
/** The modes that plan the catalog's builds (main.ts makePlan). */
export type PlanningInputs = PlanInputs | BuildInputs | MergeInputs

/** Every input of action.yml, whichever mode reads it. */
export const INPUT_NAMES: readonly string[] = [
  'mode',
  ...new Set(Object.values(MODE_SCHEMAS).flatMap(s => Object.keys(s.shape).filter(k => k !== 'mode')))
]
export type InputName = { [M in Mode]: keyof z.input<(typeof MODE_SCHEMAS)[M]> }[Mode]

/** The inputs one piece of code reads, whichever modes hold them (`Pick` over the union does not). */
export type InputsOf<K extends InputName> = {
  [P in K]: Extract<Inputs, { [Q in P]: unknown }>[P]
}

/** Defaults as action.yml declares them (the runner sets them; local runs without INPUT_* get the same). */
const DEFAULTS: Partial<Record<InputName, string>> = {
  catalog: '.github/images.yml',
  mode: 'build',
  environment: 'dev',
  push: 'false',
  'push-by-digest': 'false',
  'rewrite-timestamp': 'false',
  'push-strategy': 'all-or-nothing',
  'semver-aliases': 'true',
  severity: 'HIGH,CRITICAL',
  hardening: 'enforce',
  'sbom-generator': 'syft',
  'sbom-format': 'spdx-json',
  'upload-artifacts': 'true',
  'dependency-snapshot': 'false',
  'retention-days': '30',
  'reuse-results': 'true',
  'output-dir': '.',
  'install-tools': 'auto',
  'scan-timeout': '10m',
  'legacy-signatures': 'false',
  'ignore-unfixed': 'false',
  'offline-db': 'false',
  'db-cache': 'true',
  sign: 'false',
  rescan: 'false',
  'no-cache': 'false',
  pull: 'false',
  'public-log': 'false',
  'github-attestations': 'true'
}

const SECRET_INPUTS: InputName[] = ['password', 'cosign-key', 'cosign-password', 'github-token']

export class InputError extends Error {
  override name = 'InputError'
}

/**
 * Masks a credential: the whole value, and each of its lines apart, because the runner masks log lines
 * one at a time and a multi-line value (a PEM key, a password with a newline) never appears whole in one.
 */
export function maskSecret(value: string): void {
  if (value.trim() === '') return
  core.setSecret(value)
  const lines = value.split(/\r?\n/).map(line => line.trim())
  if (lines.length > 1) for (const line of new Set(lines)) if (line) core.setSecret(line)
}

/** The output-dir input as an absolute path, refused when it leads out of the workspace. */
export function outputDirectory(dir: string, workspace: string): string {
  const absolute = path.resolve(workspace, dir)
  const escape = escapes(absolute, workspace)
  if (escape) throw new InputError(`input output-dir: ${JSON.stringify(dir)} ${escape}`)
  return absolute
}

export function getInputs(): Inputs {
  const raw: Record<string, string> = {}
  for (const name of INPUT_NAMES as InputName[]) {
    const value = core.getInput(name)
    raw[name] = value === '' ? (DEFAULTS[name] ?? '') : value
  }
  // Mask credentials before anything else can print them.
  for (const name of SECRET_INPUTS) maskSecret(raw[name] ?? '')
  for (const name of ['secrets', 'smoke-env'] as const) {
    const text = raw[name] ?? ''
    let entries: string[]
    try {
      entries = dockerList(text, { ignoreComma: true })
    } catch {
      entries = text.split('\n') // unreadable (and refused below): every line is masked instead
    }
    for (const entry of entries) maskSecret(entry.slice(entry.indexOf('=') + 1))
  }
  const mode = oneOf('mode', MODES).safeParse(raw.mode)
  if (!mode.success) throw new InputError(mode.error.issues.map(i => i.message).join('\n'))
  const schema: z.ZodObject = MODE_SCHEMAS[mode.data]
  for (const name of unreadInputs(mode.data, raw))
    core.warning(`input ${name}: not read by mode ${mode.data}`)
  const parsed = schema.safeParse({ ...raw, mode: mode.data })
  if (!parsed.success) throw new InputError(parsed.error.issues.map(i => i.message).join('\n'))
  const inputs = parsed.data as Inputs
  const half = halfCredential(inputs)
  if (half) throw new InputError(half)
  return inputs
}

/** The inputs set to something other than their default that `mode` does not read (each is a warning). */
export function unreadInputs(mode: Mode, raw: Readonly<Record<string, string>>): string[] {
  const read = new Set(Object.keys(MODE_SCHEMAS[mode].shape))
  return INPUT_NAMES.filter(
    name =>
      !read.has(name) && !RUNNER_FILLED.has(name) && (raw[name] ?? '') !== (DEFAULTS[name as InputName] ?? '')
  )
}

/** Inputs whose action.yml default the runner fills with a value of its own (`${{ github.token }}`). */
const RUNNER_FILLED: ReadonlySet<string> = new Set(['github-token'])

/**
 * A username without its password or the reverse (a secret missing in a fork's run, a typo in its name):
 * refused in the modes that log in, instead of an anonymous push that fails late or a login ignored.
 * Never shows either value.
 */
export function halfCredential(inputs: Inputs): string | undefined {
  if (inputs.mode === 'plan') return undefined
  const user = inputs.username.trim() !== ''
  const password = inputs.password.trim() !== ''
  if (user === password) return undefined
  return user
    ? 'input password: empty while username is set (give both for a registry that needs a login, or neither; is the secret available to this run?)'
    : 'input username: empty while password is set (give both for a registry that needs a login, or neither)'
}
