// The plan: every image with its context, Dockerfile, platforms, repository, tags and labels.
// Pure: built from the validated catalog, the run's options and the git context; no I/O.
import * as path from 'node:path'
import { CatalogError, uniqueProblems, type FieldPath, type Problem } from '../catalog/errors.js'
import {
  RULE_NAMES,
  type Catalog,
  type CatalogImage,
  type Expect,
  type GateModeT,
  type RuleModeT,
  type RuleNameT,
  type Smoke
} from '../catalog/schema.js'
import { mergeBuildOptions, type BuildOptions } from '../buildx/options.js'
import type { ToolSettings } from '../tools/checksums.js'
import type { ScanSettings } from '../trivy/options.js'
import { withCacheScope } from './cache.js'
import { releaseVersion, type GitContext } from './git.js'
import { MAX_NAME_LENGTH, platformSlug } from './grammar.js'
import { computeTags, shortSha, type TagSource } from './tags.js'

export interface PlanOptions {
  environment: string
  /** Overrides the environment's registry (e.g. a local registry). */
  registry?: string
  /** Overrides the first-party org. */
  org?: string
  /** When set, every image builds for these platforms. */
  platforms?: string[]
  tags: string[]
  labels: Record<string, string>
  buildArgs: Record<string, string>
  cacheFrom: string[]
  cacheTo: string[]
  /** Limit the run to these catalog images (names); empty: all. */
  only: string[]
  semverAliases: boolean
  /** Default mode of every hardening rule, before the catalog's overrides. */
  rules: RuleModeT
  /** Input `gate-mode`: every image's gate mode, over the catalog's. */
  gateMode?: GateModeT
  /** Input `base-max-age` (days), over the catalog's. */
  baseMaxAge?: number
  /**
   * A platform job of a distributed build: the default type=gha cache scope names the platforms too, so
   * the jobs of one image on different runners do not overwrite each other's cache.
   */
  scopePerPlatform?: boolean
  /** The build options of the inputs (no-cache, pull, annotations, ssh, build-contexts): an image's own win. */
  build?: BuildOptions
  /** The scanner options of the inputs (skip-dirs, skip-files, pkg-types, scanners, trivy-config). */
  scan?: ScanSettings
  /** How the run's tools are installed, when the inputs say more than the defaults (build, merge). */
  tools?: ToolSettings
}

/**
 * One image of the plan. Its build options (BuildOptions: noCache, pull, annotations, ssh, buildContexts)
 * are the inputs' merged with the catalog's (mergeBuildOptions), present only when set.
 */
export interface ImagePlan extends BuildOptions {
  name: string
  kind: 'app' | 'infra'
  /** registry/org/name, without a tag. */
  repository: string
  /**
   * Set when the org in `repository` is the built-in one (app, ops for infra images): neither the image,
   * the org input, the environment nor the catalog's defaults name one. The plan log says so.
   */
  defaultOrg?: string
  context: string
  file: string
  target?: string
  platforms: string[]
  tags: { tag: string; source: TagSource }[]
  /** repository:tag for every tag. */
  refs: string[]
  labels: Record<string, string>
  buildArgs: Record<string, string>
  secrets: string[]
  cacheFrom: string[]
  cacheTo: string[]
  expect: Expect
  smoke?: Smoke
  rules: Record<RuleNameT, RuleModeT>
  /** How findings fail the gate: the input, else the image's, environment's, defaults' `gate`, else all. */
  gate?: GateModeT
  /** Base images built more than this many days ago fail the gate (input, environment, defaults); unset: off. */
  baseMaxAge?: number
}

export interface Plan {
  catalog: string
  environment: string
  production: boolean
  registry: string
  git: { event: string; ref: string; sha: string; shortSha: string; version?: string }
  created: string
  /** The scanner options every platform's scan reads (absent when the run has none to say). */
  scan?: ScanSettings
  /** Tool versions, checksums and mirror the inputs give (absent when every tool is at its defaults). */
  tools?: ToolSettings
  images: ImagePlan[]
}

export const DEFAULT_PLATFORMS = ['linux/amd64']
export const DEFAULT_ORG = 'app'
export const DEFAULT_INFRA_ORG = 'ops'
const PRODUCTION_NAMES = new Set(['prod', 'production'])
/** The environments a catalog without an `environments` block knows (the design documents' three). */
export const DEFAULT_ENVIRONMENTS = ['dev', 'stage', 'prod'] as const

/** Every platform of the plan (the union over its images, in the plan's order). */
export function planPlatforms(plan: Plan): string[] {
  return [...new Set(plan.images.flatMap(i => i.platforms))]
}

export function buildPlan(catalog: Catalog, file: string, opts: PlanOptions, git: GitContext): Plan {
  const problems: Problem[] = []
  const problem = (p: FieldPath, message: string): void => {
    problems.push({ file, path: p, message })
  }
  // a problem in an action input is the input's, once, whatever the number of images
  const inputProblem = (input: string, message: string): void => {
    problems.push({ file, path: [], message, input })
  }

  // `environments: {}` declares none: the defaults hold, as without the key
  const envs =
    catalog.environments && Object.keys(catalog.environments).length > 0 ? catalog.environments : undefined
  const env = envs?.[opts.environment]
  const known: readonly string[] = envs ? Object.keys(envs) : DEFAULT_ENVIRONMENTS
  const unknownEnvironment = !known.includes(opts.environment)
  if (unknownEnvironment) {
    inputProblem(
      'environment',
      `"${opts.environment}" is not one of ${known.join(', ')} (${envs ? "the catalog's environments" : 'a catalog without environments knows only these: declare yours under environments'})`
    )
  }
  const production = env?.production ?? PRODUCTION_NAMES.has(opts.environment)
  const registry = opts.registry || env?.registry || catalog.defaults?.registry
  // the registry of an environment the catalog does not have is unknown, not missing
  if (!registry && !(envs && unknownEnvironment)) {
    problem(
      ['defaults', 'registry'],
      'no registry: set defaults.registry, environments.<name>.registry or the registry input'
    )
  }

  const selected = opts.only.length > 0 ? new Set(opts.only) : undefined
  if (selected) {
    for (const name of selected) {
      if (!catalog.images.some(i => i.name === name)) {
        inputProblem('images', `"${name}" is not an image of the catalog`)
      }
    }
  }

  const images: ImagePlan[] = []
  catalog.images.forEach((image, i) => {
    if (selected && !selected.has(image.name)) return
    const at = (...p: (string | number)[]): FieldPath => ['images', i, ...p]
    const kind = image.kind ?? 'app'
    const named =
      image.org ??
      (kind === 'infra'
        ? (env?.['infra-org'] ?? catalog.defaults?.['infra-org'])
        : opts.org || env?.org || catalog.defaults?.org)
    const builtIn = kind === 'infra' ? DEFAULT_INFRA_ORG : DEFAULT_ORG
    const org = named || builtIn
    const repository = `${registry ?? 'registry.invalid'}/${org}/${image.name}`
    const pathLength = repository.length - repository.indexOf('/') - 1
    if (pathLength > MAX_NAME_LENGTH) {
      problem(at('name'), `the repository name "${repository}" is longer than ${MAX_NAME_LENGTH} characters`)
    }
    if (production && /-debug$/.test(image.name)) {
      problem(
        at('name'),
        `"${image.name}": -debug images never go to a production registry (${opts.environment})`
      )
    }
    const policy = computeTags(git, {
      environment: opts.environment,
      production,
      semverAliases: opts.semverAliases,
      semverTag: catalog.defaults?.['semver-tag'],
      extra: [...(image.tags ?? []), ...opts.tags]
    })
    for (const r of policy.refused) {
      const index = image.tags?.indexOf(r.tag) ?? -1
      if (index >= 0) problem(at('tags', index), r.reason)
      else inputProblem('tags', r.reason)
    }
    const context = normalise(image.context ?? '.')
    const version =
      policy.tags.find(t => t.source === 'semver')?.tag ?? policy.tags[0]?.tag ?? `sha-${shortSha(git.sha)}`
    const platforms = opts.platforms?.length
      ? opts.platforms
      : (image.platforms ?? catalog.defaults?.platforms ?? DEFAULT_PLATFORMS)
    const scope = opts.scopePerPlatform ? [image.name, ...platforms.map(platformSlug)].join('-') : image.name
    images.push({
      name: image.name,
      kind,
      repository,
      ...(named ? {} : { defaultOrg: builtIn }),
      context,
      file: normalise(image.file ?? path.posix.join(context, 'Dockerfile')),
      target: image.target,
      platforms,
      tags: policy.tags,
      refs: policy.tags.map(t => `${repository}:${t.tag}`),
      labels: labelsFor(image, catalog, opts, git, version),
      buildArgs: { ...catalog.defaults?.['build-args'], ...image['build-args'], ...opts.buildArgs },
      secrets: image.secrets ?? [],
      cacheFrom: withCacheScope([...(image['cache-from'] ?? []), ...opts.cacheFrom], scope),
      cacheTo: withCacheScope([...(image['cache-to'] ?? []), ...opts.cacheTo], scope),
      expect: image.expect ?? {},
      smoke: image.smoke,
      rules: resolveRules(opts.rules, catalog.defaults?.rules, image.rules),
      gate: opts.gateMode ?? image.gate ?? env?.gate ?? catalog.defaults?.gate ?? 'all',
      ...withBaseMaxAge(opts.baseMaxAge ?? env?.['base-max-age'] ?? catalog.defaults?.['base-max-age']),
      ...mergeBuildOptions(opts.build ?? {}, catalogBuildOptions(image))
    })
  })
  if (problems.length > 0) {
    // the environment first: every other problem may be an echo of a misspelt one
    const first = problems.filter(p => p.input === 'environment')
    const rest = problems.filter(p => p.input !== 'environment')
    throw new CatalogError(
      uniqueProblems([...first, ...rest.filter(p => !p.input), ...rest.filter(p => p.input)])
    )
  }

  return {
    catalog: file,
    environment: opts.environment,
    production,
    registry: registry as string,
    git: {
      event: git.eventName,
      ref: git.ref,
      sha: git.sha,
      shortSha: shortSha(git.sha),
      version: releaseVersion(git.ref)?.version
    },
    created: git.now.toISOString(),
    ...(opts.scan ? { scan: opts.scan } : {}),
    ...(opts.tools ? { tools: opts.tools } : {}),
    images
  }
}

/** The build options a catalog image sets, in BuildOptions' words. */
function catalogBuildOptions(image: CatalogImage): BuildOptions {
  return {
    ...(image['no-cache'] !== undefined ? { noCache: image['no-cache'] } : {}),
    ...(image.pull !== undefined ? { pull: image.pull } : {}),
    ...(image.annotations ? { annotations: image.annotations } : {}),
    ...(image.ssh ? { ssh: image.ssh } : {}),
    ...(image['build-contexts'] ? { buildContexts: image['build-contexts'] } : {})
  }
}

function withBaseMaxAge(days: number | undefined): { baseMaxAge?: number } {
  return days === undefined ? {} : { baseMaxAge: days }
}

function normalise(p: string): string {
  const n = path.posix.normalize(p.replace(/\\/g, '/'))
  return n.endsWith('/') && n.length > 1 ? n.slice(0, -1) : n
}

function labelsFor(
  image: CatalogImage,
  catalog: Catalog,
  opts: PlanOptions,
  git: GitContext,
  version: string
): Record<string, string> {
  const oci: Record<string, string> = {
    'org.opencontainers.image.title': image.name,
    'org.opencontainers.image.revision': git.sha,
    'org.opencontainers.image.created': git.now.toISOString(),
    'org.opencontainers.image.version': version
  }
  if (git.repositoryUrl) oci['org.opencontainers.image.source'] = git.repositoryUrl
  return { ...oci, ...catalog.defaults?.labels, ...image.labels, ...opts.labels }
}

function resolveRules(
  base: RuleModeT,
  defaults: Partial<Record<RuleNameT, RuleModeT>> | undefined,
  image: Partial<Record<RuleNameT, RuleModeT>> | undefined
): Record<RuleNameT, RuleModeT> {
  const out = {} as Record<RuleNameT, RuleModeT>
  for (const rule of RULE_NAMES) out[rule] = image?.[rule] ?? defaults?.[rule] ?? base
  return out
}
