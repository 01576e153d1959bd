// `mode: verify`: for a version (a tag or a digest) of every catalog image, or a subset, in one of the
// catalog's environments, the whole story from the registry alone: the digest resolved, its signature
// and every attestation verified through the trust seam (trusted.ts, the check promotion makes too),
// where it stands in the catalog's environments, and, when asked, its SBOMs judged again today.
import type { Catalog, GateModeT } from '../catalog/schema.js'
import { CatalogError } from '../catalog/errors.js'
import { mapSettled, Semaphore } from '../concurrency.js'
import type { GitContext } from '../plan/git.js'
import { buildPlan, type Plan } from '../plan/plan.js'
import { parseVersion, type PromotionVersion } from '../promote/policy.js'
import { mapLimit, RegistryError, type RegistryClient } from '../registry/client.js'
import { parseReference } from '../registry/reference.js'
import { VerifyError, type Verifier } from '../trust/trust.js'
import { evidenceStory, type ImageStory, type Story } from './story.js'
import { platformImages, verifyDigest, type DigestEvidence, type PlatformImage } from './trusted.js'

/** Tags looked at per repository for "stands in", and HEADs at once. */
export const STANDS_IN_TAGS = 100
const HEADS_AT_ONCE = 8
/** Images verified at once at least: their verification waits on the registry, not on this machine's cores. */
const VERIFY_IMAGES = 4

/** The re-scan of one image's attested SBOMs (rescan.ts), as the story tells it. */
export type Rescan = (image: {
  name: string
  digest: string
  evidence: DigestEvidence
  platforms: readonly PlatformImage[]
}) => Promise<NonNullable<ImageStory['rescan']>>

export interface VerifyInput {
  catalog: Catalog
  /** The catalog file, for messages. */
  file: string
  environment: string
  version: string
  only: string[]
  org?: string
  verifier: Verifier
  git: GitContext
  /** The run's registry client for a repository's host. */
  clientFor: (repository: string) => RegistryClient
  /** Re-scans at once (max-parallel: Trivy's work is this machine's); images verify at least VERIFY_IMAGES at once. */
  parallel: number
  /** Judge the SBOMs again today (input rescan); undefined: not asked. */
  rescan?: Rescan
}

/** The catalog's images in an environment, planned as promotion plans them. */
export function planFor(
  input: Pick<VerifyInput, 'catalog' | 'file' | 'org' | 'only' | 'git'>,
  environment: string,
  gateMode?: GateModeT
): Plan {
  return buildPlan(
    input.catalog,
    input.file,
    {
      environment,
      org: input.org,
      tags: [],
      labels: {},
      buildArgs: {},
      cacheFrom: [],
      cacheTo: [],
      only: input.only,
      semverAliases: false,
      rules: 'off',
      ...(gateMode ? { gateMode } : {})
    },
    input.git
  )
}

export async function verify(input: VerifyInput): Promise<Story> {
  const environments = Object.keys(input.catalog.environments ?? {})
  if (!environments.includes(input.environment)) {
    throw new CatalogError([
      {
        file: input.file,
        path: ['environments'],
        message: `the environment "${input.environment}" (input environment) is not in the catalog (${environments.join(', ') || 'none'})`
      }
    ])
  }
  if (!input.version)
    throw new Error(
      'input version: required with mode verify (a tag such as sha-9f2c1ab or 1.3.0, or a sha256: digest)'
    )
  const version = parseVersion(input.version)
  const plan = planFor(input, input.environment)
  // where each image would stand in every environment of the catalog
  const others = environments.map(environment => ({ environment, plan: planFor(input, environment) }))
  const scans = new Semaphore(input.parallel)
  const settled = await mapSettled(plan.images, Math.max(input.parallel, VERIFY_IMAGES), image =>
    verifyImage(input, version, image.name, image.repository, others, scans)
  )
  const images = settled.map((s, i): ImageStory => {
    if (s.status === 'fulfilled') return s.value
    const image = plan.images[i] as Plan['images'][number]
    return {
      name: image.name,
      repository: image.repository,
      version: input.version,
      passed: false,
      reasons: [`${image.name}: ${(s.reason as Error)?.message ?? String(s.reason)}`],
      platforms: []
    }
  })
  return {
    environment: input.environment,
    version: input.version,
    passed: images.every(i => i.passed),
    images
  }
}

async function verifyImage(
  input: VerifyInput,
  version: PromotionVersion,
  name: string,
  repository: string,
  environments: readonly { environment: string; plan: Plan }[],
  scans: Semaphore
): Promise<ImageStory> {
  const story: ImageStory = {
    name,
    repository,
    version: input.version,
    passed: false,
    reasons: [],
    platforms: []
  }
  const refuse = (reason: string): ImageStory => {
    story.reasons.push(`${name}: ${reason}`)
    return story
  }
  const client = input.clientFor(repository)
  const repo = { client, name: parseReference(repository).repository }
  const reference = version.kind === 'tag' ? version.tag : version.digest
  let root
  try {
    root = await client.getManifest(repo.name, reference)
  } catch (err) {
    if (err instanceof RegistryError && err.status === 404) {
      return refuse(
        version.kind === 'tag'
          ? `the tag "${version.tag}" does not exist in ${repository} (${input.environment})`
          : `the digest ${version.digest} is not in ${repository} (${input.environment})`
      )
    }
    throw err
  }
  story.digest = root.digest
  // where the digest stands is asked of the registries while its evidence is verified
  const where = standsIn(input, name, root.digest, environments)
  where.catch(() => undefined) // awaited below, unless the image is refused before
  // the platform manifests are read while the digest's referrers are
  const reading = platformImages(repo, root.digest, root.bytes, root.mediaType)
  reading.catch(() => undefined) // awaited below, unless the verification is refused before
  let evidence: DigestEvidence
  let platforms: readonly PlatformImage[]
  try {
    evidence = await verifyDigest({
      verifier: input.verifier,
      repository,
      digest: root.digest,
      platforms: reading,
      require: { provenance: true, sbom: true }
    })
    platforms = await reading
    story.platforms = platforms.map(p => p.platform)
  } catch (err) {
    story.platforms = (await reading.catch(() => [])).map(p => p.platform)
    if (!(err instanceof VerifyError)) throw err
    // a tag that resolves to a digest without any signature: it moved after signing, or was never signed
    // (one signed by someone else says so itself)
    const moved =
      version.kind === 'tag' && err.failure === 'unsigned'
        ? ` (the tag ${version.tag} resolves to ${root.digest}: moved after signing, or never signed by ${input.verifier.describe})`
        : ''
    return refuse(`${err.message}${moved}`)
  }
  Object.assign(
    story,
    evidenceStory({
      evidence,
      signer: input.verifier.describe,
      repository,
      digest: root.digest,
      now: input.git.now
    })
  )
  story.standsIn = await where
  if (input.rescan) {
    const rescan = input.rescan
    story.rescan = await scans.use(
      async () => await rescan({ name, digest: root.digest, evidence, platforms })
    )
    for (const reason of story.rescan.reasons) story.reasons.push(`re-scan today: ${reason}`)
  }
  story.passed = story.reasons.length === 0
  return story
}

/**
 * Which of the catalog's environments hold the digest, under which tags (at most STANDS_IN_TAGS looked
 * at). Another environment's registry that cannot be read (no credentials for it in this job, down)
 * is said so in its entry: where else the digest stands is the story's, not the verdict's.
 */
async function standsIn(
  input: VerifyInput,
  name: string,
  digest: string,
  environments: readonly { environment: string; plan: Plan }[]
): Promise<NonNullable<ImageStory['standsIn']>> {
  const entries = environments.flatMap(({ environment, plan }) => {
    const repository = plan.images.find(i => i.name === name)?.repository
    return repository ? [{ environment, repository }] : []
  })
  return await Promise.all(
    entries.map(async ({ environment, repository }) => {
      try {
        return await standsInOne(input, environment, repository, digest)
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err)
        return { environment, repository, tags: [], present: false, truncated: false, unreadable: why }
      }
    })
  )
}

async function standsInOne(
  input: VerifyInput,
  environment: string,
  repository: string,
  digest: string
): Promise<NonNullable<ImageStory['standsIn']>[number]> {
  const client = input.clientFor(repository)
  const repo = parseReference(repository).repository
  const present = (await client.headManifest(repo, digest)) !== undefined
  if (!present) return { environment, repository, tags: [], present, truncated: false }
  // one more than the bound: whether there were more
  const listed = await client.listTags(repo, STANDS_IN_TAGS + 1)
  const candidates = listed.filter(t => !/^sha256-[0-9a-f]{64}/.test(t)) // cosign's and the referrers' tags
  const looked = candidates.slice(0, STANDS_IN_TAGS)
  const tags: string[] = []
  await mapLimit(looked, HEADS_AT_ONCE, async tag => {
    const head = await client.headManifest(repo, tag)
    if (head?.digest === digest) tags.push(tag)
  })
  return {
    environment,
    repository,
    tags: tags.sort(),
    present,
    truncated: listed.length > STANDS_IN_TAGS
  }
}
