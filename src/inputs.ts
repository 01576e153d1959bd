// The action's inputs, read once into one typed object. Keys are spelled as in action.yml.
import * as core from '@actions/core'
import { CsvError } from 'csv-parse'
import { parse } from 'csv-parse/sync'
import * as os from 'node:os'
import * as path from 'node:path'
import { z } from 'zod'
import { annotationKeyProblem, CONTEXT_NAME, keyedEntries, sshSyntaxProblem } from './buildx/option-syntax.js'
import { escapes } from './catalog/load.js'
import type { Limit } from './exec.js'
import { isPlatform, isRegistry, isRepositoryPath } from './plan/grammar.js'
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

export const InputsSchema = z.object({
  catalog: z.string().transform(v => v.trim() || '.github/images.yml'),
  images: list('images'),
  mode: oneOf('mode', ['plan', 'build', 'promote', 'merge'] as const),
  environment: z
    .string()
    .transform(v => v.trim() || 'dev')
    .refine(v => /^[a-z][a-z0-9-]*$/.test(v), {
      error: iss => `input environment: "${iss.input}" is not an environment name`
    }),
  // mode promote: from which environment, which version, and who must have signed it
  'source-environment': z
    .string()
    .transform(v => v.trim())
    .refine(v => v === '' || /^[a-z][a-z0-9-]*$/.test(v), {
      error: iss => `input source-environment: "${iss.input}" is not an environment name`
    }),
  version: z.string().transform(v => v.trim()),
  'certificate-identity': z.string().transform(v => v.trim()),
  'certificate-oidc-issuer': z.string().transform(v => v.trim()),
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
  push: bool('push'),
  /** A platform job of a distributed build: upload its platform manifests by digest, no tag, no index. */
  'push-by-digest': bool('push-by-digest'),
  /** mode merge: the record files (or directories holding them) of the platform jobs. */
  records: list('records'),
  /** The buildx builder (`--builder`); empty: the current one. */
  builder: z
    .string()
    .transform(v => v.trim())
    .refine(v => v === '' || /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v), {
      error: iss => `input builder: ${JSON.stringify(iss.input)} is not a buildx builder name`
    }),
  'push-strategy': oneOf('push-strategy', ['all-or-nothing', 'per-image'] as const),
  username: z.string(),
  password: z.string(),
  platforms: list('platforms').superRefine((platforms, ctx) => {
    for (const p of platforms) {
      if (!isPlatform(p))
        ctx.addIssue({ code: 'custom', message: `input platforms: "${p}" is not a platform` })
    }
  }),
  tags: list('tags'),
  labels: keyValues('labels', { key: /^[a-zA-Z0-9][a-zA-Z0-9._/-]*$/, what: 'a label key' }),
  'build-args': keyValues('build-args', { key: /^[A-Za-z_][A-Za-z0-9_]*$/, what: 'a build argument name' }),
  secrets: keyValues('secrets', { key: /^[A-Za-z0-9_.-]+$/, what: 'a secret id', secret: true }),
  'cache-from': list('cache-from', { ignoreComma: true }),
  'cache-to': list('cache-to', { ignoreComma: true }),
  provenance: z.string().transform(v => v.trim()),
  /** Clamp layer file times to SOURCE_DATE_EPOCH (BuildKit's rewrite-timestamp): main.ts checks the variable. */
  'rewrite-timestamp': bool('rewrite-timestamp'),
  'semver-aliases': bool('semver-aliases'),
  'max-parallel': z.string().transform((v, ctx) => {
    if (v.trim() === '') return Math.max(1, os.availableParallelism())
    const n = Number(v)
    if (Number.isInteger(n) && n >= 1 && n <= 64) return n
    ctx.addIssue({ code: 'custom', message: `input max-parallel: "${v}" is not a whole number from 1 to 64` })
    return z.NEVER
  }),
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
  'reuse-results': bool('reuse-results'),
  trivyignores: list('trivyignores'),
  'gate-mode': z.string().transform((v, ctx) => {
    const s = v.trim()
    if (s === '') return undefined
    if (s === 'report' || s === 'new' || s === 'all') return s
    ctx.addIssue({ code: 'custom', message: `input gate-mode: "${v}" is not one of report, new, all` })
    return z.NEVER
  }),
  baseline: z.string().transform(v => v.trim()),
  'baseline-tag': z.string().transform(v => v.trim()),
  exceptions: z.string().transform(v => v.trim()),
  'base-max-age': z.string().transform((v, ctx) => {
    if (v.trim() === '') return undefined
    const n = Number(v.trim().replace(/d$/, ''))
    if (Number.isInteger(n) && n >= 0) return n
    ctx.addIssue({ code: 'custom', message: `input base-max-age: "${v}" is not a whole number of days` })
    return z.NEVER
  }),
  hardening: oneOf('hardening', ['off', 'warn', 'enforce'] as const),
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
  'retention-days': z.string().transform((v, ctx) => {
    const n = Number(v.trim() || '30')
    if (Number.isInteger(n) && n >= 1 && n <= 90) return n
    ctx.addIssue({
      code: 'custom',
      message: `input retention-days: "${v}" is not a whole number from 1 to 90`
    })
    return z.NEVER
  }),
  'output-dir': z.string().transform(v => v.trim() || '.'),
  'trivy-version': z.string().transform(v => v.trim()),
  'syft-version': z.string().transform(v => v.trim()),
  'cosign-version': z.string().transform(v => v.trim()),
  'db-repository': z.string().transform(v => v.trim()),
  'offline-db': bool('offline-db'),
  'db-max-age': z.string().transform((v, ctx) => {
    if (v.trim() === '') return undefined
    const n = Number(v.trim().replace(/d$/, ''))
    if (Number.isInteger(n) && n >= 1) return n
    ctx.addIssue({ code: 'custom', message: `input db-max-age: "${v}" is not a whole number of days` })
    return z.NEVER
  }),
  'install-tools': oneOf('install-tools', ['auto', 'pinned'] as const),
  'scan-timeout': limit('scan-timeout'),
  'build-timeout': limit('build-timeout'),
  sign: bool('sign'),
  'cosign-key': z.string(),
  'cosign-password': z.string(),
  /** Empty: attest when signing. */
  attest: z.string().transform((v, ctx) => {
    const s = v.trim().toLowerCase()
    if (s === '') return undefined
    if (s === 'true' || s === 'false') return s === 'true'
    ctx.addIssue({ code: 'custom', message: `input attest: "${v}" is not true, false or empty` })
    return z.NEVER
  }),
  // scanner options, trivy-action's names (every platform's image scan and its Trivy SBOMs)
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
  // build options, build-push-action's names (an image's own in the catalog win)
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
  ),
  'legacy-signatures': bool('legacy-signatures'),
  'fulcio-url': url('fulcio-url'),
  'rekor-url': url('rekor-url'),
  'tsa-url': url('tsa-url'),
  'trusted-root': z.string().transform(v => v.trim())
})

export type Inputs = z.infer<typeof InputsSchema>
export type InputName = keyof z.input<typeof InputsSchema>

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
  'retention-days': '30',
  'reuse-results': 'true',
  'output-dir': '.',
  'install-tools': 'auto',
  'scan-timeout': '10m',
  'no-cache': 'false',
  pull: 'false',
  'legacy-signatures': 'false'
}

const SECRET_INPUTS: InputName[] = ['password', 'cosign-key', 'cosign-password']

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
  for (const name of Object.keys(InputsSchema.shape) as InputName[]) {
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
  const parsed = InputsSchema.safeParse(raw)
  if (!parsed.success) throw new InputError(parsed.error.issues.map(i => i.message).join('\n'))
  const half = halfCredential(parsed.data)
  if (half) throw new InputError(half)
  return parsed.data
}

/**
 * A username without its password or the reverse (a secret missing in a fork's run, a typo in its name):
 * refused in the modes that log in, instead of an anonymous push that fails late or a login ignored.
 * Never shows either value.
 */
export function halfCredential(inputs: Pick<Inputs, 'mode' | 'username' | 'password'>): string | undefined {
  if (inputs.mode === 'plan') return undefined
  const user = inputs.username.trim() !== ''
  const password = inputs.password.trim() !== ''
  if (user === password) return undefined
  return user
    ? 'input password: empty while username is set (give both for a registry that needs a login, or neither; is the secret available to this run?)'
    : 'input username: empty while password is set (give both for a registry that needs a login, or neither)'
}
