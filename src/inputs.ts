// The action's inputs, read once into one typed object. Keys are spelled as in action.yml.
import * as core from '@actions/core'
import * as os from 'node:os'
import { z } from 'zod'
import { isPlatform } from './plan/grammar.js'

/** Comma or newline separated list; blank entries and surrounding spaces dropped. */
export function parseList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map(s => s.trim())
    .filter(s => s.length > 0)
}

/** Newline separated lines; blank ones dropped (values may contain commas). */
export function parseLines(value: string): string[] {
  return value
    .split('\n')
    .map(s => s.trim())
    .filter(s => s.length > 0)
}

const bool = (name: string) =>
  z.string().transform((v, ctx) => {
    const s = v.trim().toLowerCase()
    if (s === '' || s === 'false') return false
    if (s === 'true') return true
    ctx.addIssue({ code: 'custom', message: `input ${name}: "${v}" is not true or false` })
    return z.NEVER
  })

const keyValues = (name: string) =>
  z.string().transform((v, ctx) => {
    const out: Record<string, string> = {}
    for (const line of parseLines(v)) {
      const eq = line.indexOf('=')
      if (eq <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `input ${name}: "${line.split('=')[0]}..." is not KEY=value`
        })
        continue
      }
      out[line.slice(0, eq).trim()] = line.slice(eq + 1)
    }
    return out
  })

const oneOf = <T extends string>(name: string, values: readonly T[]) =>
  z.string().transform((v, ctx) => {
    const s = v.trim() as T
    if (values.includes(s)) return s
    ctx.addIssue({ code: 'custom', message: `input ${name}: "${v}" is not one of ${values.join(', ')}` })
    return z.NEVER
  })

const SEVERITIES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const

export const InputsSchema = z.object({
  catalog: z.string().transform(v => v.trim() || '.github/images.yml'),
  images: z.string().transform(parseList),
  mode: oneOf('mode', ['plan', 'build'] as const),
  environment: z
    .string()
    .transform(v => v.trim() || 'dev')
    .refine(v => /^[a-z][a-z0-9-]*$/.test(v), {
      error: iss => `input environment: "${iss.input}" is not an environment name`
    }),
  registry: z.string().transform(v => v.trim()),
  org: z.string().transform(v => v.trim()),
  push: bool('push'),
  'push-strategy': oneOf('push-strategy', ['all-or-nothing', 'per-image'] as const),
  username: z.string(),
  password: z.string(),
  platforms: z
    .string()
    .transform(parseList)
    .superRefine((list, ctx) => {
      for (const p of list) {
        if (!isPlatform(p))
          ctx.addIssue({ code: 'custom', message: `input platforms: "${p}" is not a platform` })
      }
    }),
  tags: z.string().transform(parseList),
  labels: keyValues('labels'),
  'build-args': keyValues('build-args'),
  secrets: keyValues('secrets'),
  'cache-from': z.string().transform(parseLines),
  'cache-to': z.string().transform(parseLines),
  provenance: z.string().transform(v => v.trim()),
  'semver-aliases': bool('semver-aliases'),
  'max-parallel': z.string().transform((v, ctx) => {
    if (v.trim() === '') return Math.max(1, os.availableParallelism())
    const n = Number(v)
    if (Number.isInteger(n) && n >= 1 && n <= 64) return n
    ctx.addIssue({ code: 'custom', message: `input max-parallel: "${v}" is not a whole number from 1 to 64` })
    return z.NEVER
  }),
  severity: z.string().transform((v, ctx) => {
    const list = parseList(v.toUpperCase())
    for (const s of list) {
      if (!(SEVERITIES as readonly string[]).includes(s)) {
        ctx.addIssue({
          code: 'custom',
          message: `input severity: "${s}" is not one of ${SEVERITIES.join(', ')}`
        })
      }
    }
    return list.length > 0 ? list : ['HIGH', 'CRITICAL']
  }),
  'ignore-unfixed': bool('ignore-unfixed'),
  'reuse-results': bool('reuse-results'),
  trivyignores: z.string().transform(parseList),
  'gate-mode': z.string().transform((v, ctx) => {
    const s = v.trim()
    if (s === '') return undefined
    if (s === 'report' || s === 'new' || s === 'all') return s
    ctx.addIssue({ code: 'custom', message: `input gate-mode: "${v}" is not one of report, new, all` })
    return z.NEVER
  }),
  baseline: z.string().transform(v => v.trim()),
  exceptions: z.string().transform(v => v.trim()),
  'base-max-age': z.string().transform((v, ctx) => {
    if (v.trim() === '') return undefined
    const n = Number(v.trim().replace(/d$/, ''))
    if (Number.isInteger(n) && n >= 0) return n
    ctx.addIssue({ code: 'custom', message: `input base-max-age: "${v}" is not a whole number of days` })
    return z.NEVER
  }),
  hardening: oneOf('hardening', ['off', 'warn', 'enforce'] as const),
  'smoke-env': keyValues('smoke-env'),
  'sbom-generator': oneOf('sbom-generator', ['syft', 'trivy'] as const),
  'sbom-format': z.string().transform((v, ctx) => {
    const list = parseList(v)
    for (const f of list) {
      if (f !== 'spdx-json' && f !== 'cyclonedx') {
        ctx.addIssue({ code: 'custom', message: `input sbom-format: "${f}" is not spdx-json or cyclonedx` })
      }
    }
    return list.length > 0 ? list : ['spdx-json']
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
  'fulcio-url': z.string().transform(v => v.trim()),
  'rekor-url': z.string().transform(v => v.trim())
})

export type Inputs = z.infer<typeof InputsSchema>
export type InputName = keyof z.input<typeof InputsSchema>

/** Defaults as action.yml declares them (the runner sets them; local runs without INPUT_* get the same). */
const DEFAULTS: Partial<Record<InputName, string>> = {
  catalog: '.github/images.yml',
  mode: 'build',
  environment: 'dev',
  push: 'false',
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
  'install-tools': 'auto'
}

const SECRET_INPUTS: InputName[] = ['password', 'cosign-key', 'cosign-password']

export class InputError extends Error {
  override name = 'InputError'
}

export function getInputs(): Inputs {
  const raw: Record<string, string> = {}
  for (const name of Object.keys(InputsSchema.shape) as InputName[]) {
    const value = core.getInput(name)
    raw[name] = value === '' ? (DEFAULTS[name] ?? '') : value
  }
  // Mask credentials before anything else can print them.
  for (const name of SECRET_INPUTS) if (raw[name]) core.setSecret(raw[name])
  for (const name of ['secrets', 'smoke-env'] as const) {
    for (const line of parseLines(raw[name] ?? '')) {
      const value = line.slice(line.indexOf('=') + 1)
      if (value) core.setSecret(value)
    }
  }
  const parsed = InputsSchema.safeParse(raw)
  if (!parsed.success) throw new InputError(parsed.error.issues.map(i => i.message).join('\n'))
  return parsed.data
}
