// The image catalog's schema (zod): the single source of the catalog's shape and types.
// Leaf checks (grammar, platforms, sizes) live here so that every error is collected in one pass.
import { z } from 'zod'
import {
  annotationKeyProblem,
  cacheEntryProblem,
  CONTEXT_NAME,
  sshSyntaxProblem
} from '../buildx/option-syntax.js'
import { isPlatform, isRegistry, isRepositoryPath, isTag, PATH_COMPONENT } from '../plan/grammar.js'
import { parseSize } from './units.js'

const quoted = (v: unknown): string => JSON.stringify(v)

export const RULE_NAMES = [
  'non-root',
  'healthcheck',
  'oci-labels',
  'ports',
  'size',
  'secrets',
  'base-pinned',
  'dockerfile-config'
] as const
export const RuleName = z.enum(RULE_NAMES)
export const RuleMode = z.enum(['off', 'warn', 'enforce'])

/** How findings fail the gate: `report` never, `new` only those absent from the baseline, `all` every one. */
export const GATE_MODES = ['report', 'new', 'all'] as const
export const GateMode = z.enum(GATE_MODES)
/** Days a base image may have been built before the gate fails it (off when unset). */
export const BaseMaxAge = z
  .number({ error: 'must be a whole number of days' })
  .int({ error: 'must be a whole number of days' })
  .min(0, { error: 'must be a whole number of days (0 or more)' })

export const Platform = z.string().refine(isPlatform, {
  error: iss => `${quoted(iss.input)} is not a platform (expected os/arch[/variant], e.g. linux/amd64)`
})
const Platforms = z
  .array(Platform)
  .min(1, { error: 'must list at least one platform' })
  .superRefine((platforms, ctx) => {
    // buildx would build it twice and the index would name it twice
    platforms.forEach((p, i) => {
      const first = platforms.indexOf(p)
      if (first !== i)
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `${quoted(p)} is listed twice (also at [${first}])`
        })
    })
  })

export const Tag = z.string().refine(isTag, {
  error: iss => `${quoted(iss.input)} is not a valid tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})`
})

const Registry = z.string().refine(isRegistry, {
  error: iss => `${quoted(iss.input)} is not a registry (a host[:port] with optional /path, no scheme)`
})
const Org = z.string().refine(isRepositoryPath, {
  error: iss => `${quoted(iss.input)} is not a valid repository path (lowercase a-z, 0-9, separators . _ -)`
})
const ServiceName = z.string().refine(v => PATH_COMPONENT.test(v), {
  error: iss => `${quoted(iss.input)} is not a valid image name (lowercase a-z, 0-9, separators . _ -)`
})

const LabelKey = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._/-]*$/, { error: 'is not a valid label key' })
const Labels = z.record(LabelKey, z.string())
const ArgName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'is not a valid build argument name' })
const BuildArgs = z.record(ArgName, z.union([z.string(), z.number(), z.boolean()]).transform(String))

const Size = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const bytes = parseSize(v)
  if (bytes === undefined) {
    ctx.addIssue({ code: 'custom', message: `${quoted(v)} is not a size (e.g. 500MB, 1.5GiB)` })
    return z.NEVER
  }
  return bytes
})

const Port = z
  .number()
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be a port number (1-65535)' })
  .max(65535, { error: 'must be a port number (1-65535)' })

const RelPath = z.string().min(1, { error: 'must not be empty' })

export const ExpectSchema = z.strictObject({
  user: z.string().min(1).optional(),
  uid: z
    .number({ error: 'must be a uid (a whole number from 0 to 4294967295)' })
    .refine(v => Number.isSafeInteger(v) && v >= 0 && v <= 4294967295, {
      error: 'must be a uid (a whole number from 0 to 4294967295)'
    })
    .optional(),
  healthcheck: z.union([z.boolean(), z.literal('external')]).optional(),
  ports: z.array(Port).optional(),
  size: z
    .strictObject({ target: Size.optional(), max: Size.optional() })
    .refine(s => s.target === undefined || s.max === undefined || s.target <= s.max, {
      error: 'target must not be larger than max'
    })
    .optional()
})

export const SmokeSchema = z.strictObject({
  /** Environment for the smoke run. `null` means "required, value from the smoke-env input". */
  env: z
    .record(ArgName, z.union([z.string(), z.number(), z.boolean()]).transform(String).nullable())
    .optional(),
  health: z
    .strictObject({
      path: z.string().startsWith('/', { error: 'must start with /' }).default('/'),
      port: Port
    })
    .optional(),
  timeout: z.number().int().min(1).max(600).optional()
})

/**
 * A buildx cache entry: `type=...,key=value` or a bare registry reference. `mode=max` alone is what a YAML
 * flow list makes of an unquoted `[type=gha,mode=max]` (two entries): buildx would refuse it at build time.
 */
const CacheEntry = z
  .string()
  .min(1)
  .superRefine((v, ctx) => {
    const problem = cacheEntryProblem(v)
    if (problem) ctx.addIssue({ code: 'custom', message: `${quoted(v)} ${problem}` })
  })
const CacheList = z.array(CacheEntry)

/** buildx `--annotation`s, by key (`[type[platform]:]key`): a mapping, as labels are. */
const Annotations = z.record(
  z.string().superRefine((key, ctx) => {
    const problem = annotationKeyProblem(key)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  }),
  z.union([z.string(), z.number(), z.boolean()]).transform(String)
)
/** buildx `--ssh` entries: `default`, or `<id>=<socket or key>[,<key>]`. */
const SshList = z.array(
  z.string().superRefine((entry, ctx) => {
    const problem = sshSyntaxProblem(entry)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
)
/** Named contexts (`--build-context`), by name: a folder of the workspace, docker-image://, oci-layout://, a URL, target:. */
const BuildContexts = z.record(
  z.string().regex(CONTEXT_NAME, { error: 'is not a build context name' }),
  z.string().min(1, { error: 'must not be empty' })
)

export const ImageSchema = z.strictObject({
  name: ServiceName,
  kind: z.enum(['app', 'infra']).optional(),
  org: Org.optional(),
  context: RelPath.optional(),
  file: RelPath.optional(),
  target: z.string().min(1).optional(),
  platforms: Platforms.optional(),
  'build-args': BuildArgs.optional(),
  tags: z.array(Tag).optional(),
  labels: Labels.optional(),
  secrets: z.array(z.string().regex(/^[A-Za-z0-9_.-]+$/, { error: 'is not a valid secret id' })).optional(),
  'cache-from': CacheList.optional(),
  'cache-to': CacheList.optional(),
  'no-cache': z.boolean().optional(),
  pull: z.boolean().optional(),
  annotations: Annotations.optional(),
  ssh: SshList.optional(),
  'build-contexts': BuildContexts.optional(),
  expect: ExpectSchema.optional(),
  smoke: SmokeSchema.optional(),
  rules: z.partialRecord(RuleName, RuleMode).optional(),
  gate: GateMode.optional()
})

export const EnvironmentSchema = z.strictObject({
  registry: Registry,
  org: Org.optional(),
  'infra-org': Org.optional(),
  /** Production registries never receive `-debug` images or tags, nor `latest`. */
  production: z.boolean().optional(),
  gate: GateMode.optional(),
  'base-max-age': BaseMaxAge.optional()
})

/**
 * How a release's SemVer tag is spelled: `version` is docker/metadata-action's `{{version}}` (`1.3.0` from
 * git tag `v1.3.0`), `git-tag` keeps the git tag's own spelling (`v1.3.0`, aliases `v1.3` and `v1`).
 */
export const SEMVER_TAG_FORMS = ['version', 'git-tag'] as const
export type SemverTagForm = (typeof SEMVER_TAG_FORMS)[number]

export const DefaultsSchema = z.strictObject({
  registry: Registry.optional(),
  org: Org.optional(),
  'infra-org': Org.optional(),
  platforms: Platforms.optional(),
  labels: Labels.optional(),
  'build-args': BuildArgs.optional(),
  rules: z.partialRecord(RuleName, RuleMode).optional(),
  'semver-tag': z.enum(SEMVER_TAG_FORMS).optional(),
  gate: GateMode.optional(),
  'base-max-age': BaseMaxAge.optional()
})

export const CatalogSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1 (the only catalog version)' }).optional(),
  defaults: DefaultsSchema.optional(),
  environments: z
    .record(
      z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'is not a valid environment name' }),
      EnvironmentSchema
    )
    .optional(),
  images: z.array(ImageSchema).min(1, { error: 'must list at least one image' })
})

export type Catalog = z.infer<typeof CatalogSchema>
export type CatalogImage = z.infer<typeof ImageSchema>
export type CatalogEnvironment = z.infer<typeof EnvironmentSchema>
export type Expect = z.infer<typeof ExpectSchema>
export type Smoke = z.infer<typeof SmokeSchema>
export type RuleNameT = z.infer<typeof RuleName>
export type RuleModeT = z.infer<typeof RuleMode>
export type GateModeT = z.infer<typeof GateMode>
