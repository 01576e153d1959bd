// Reads what the base-age rule judges: for every FROM of an image's Dockerfile (ARGs resolved as the
// base-pinned rule does) and every platform of the image, the base's digest and its config's `created`,
// from its registry. Errors are facts (the rule fails on them), never thrown.
import { z } from 'zod'
import { checkBasePinned } from '../hardening/dockerfile.js'
import type { Check } from '../gate/gate.js'
import { baseAgeChecks, baseAgeRows, type BaseAgeRow, type BaseImageFacts } from '../policy/base-age.js'
import { RegistryClient } from '../registry/client.js'
import { INDEX_TYPES } from '../oci/layout.js'
import { parseReference } from '../registry/reference.js'

const IndexSchema = z.object({
  manifests: z.array(
    z.object({
      digest: z.string(),
      mediaType: z.string().optional(),
      platform: z
        .object({ os: z.string(), architecture: z.string(), variant: z.string().optional() })
        .optional()
    })
  )
})
const ManifestSchema = z.object({ config: z.object({ digest: z.string() }) })
const ConfigSchema = z.object({ created: z.string().nullish() })

/** The registry host a client speaks to: Docker Hub's API is not at docker.io. */
export function apiHost(registry: string): string {
  return registry === 'docker.io' ? 'registry-1.docker.io' : registry
}

type Read = Omit<BaseImageFacts, 'at' | 'platform'>

/** One base on one platform: digest (index and platform manifest) and created. */
export async function readBase(client: RegistryClient, ref: string, platform: string): Promise<Read> {
  try {
    const parsed = parseReference(ref)
    const root = await client.getManifest(parsed.repository, parsed.digest ?? parsed.tag ?? 'latest')
    let manifestBytes = root.bytes
    let manifest: string | undefined
    if (
      INDEX_TYPES.includes(root.mediaType) ||
      /"manifests"\s*:/.test(root.bytes.toString('utf8', 0, 4096))
    ) {
      const index = IndexSchema.parse(JSON.parse(root.bytes.toString('utf8')))
      const [os, arch, variant] = platform.split('/')
      const entry = index.manifests.find(
        m =>
          m.platform?.os === os &&
          m.platform?.architecture === arch &&
          (!variant || m.platform?.variant === variant)
      )
      if (!entry) return { ref, digest: root.digest, error: `${ref} has no ${platform} image` }
      manifest = entry.digest
      manifestBytes = (await client.getManifest(parsed.repository, entry.digest)).bytes
    }
    const config = ManifestSchema.parse(JSON.parse(manifestBytes.toString('utf8'))).config.digest
    const created = ConfigSchema.parse(
      JSON.parse((await client.getBlob(parsed.repository, config)).toString('utf8'))
    ).created
    return { ref, digest: root.digest, ...(manifest ? { manifest } : {}), ...(created ? { created } : {}) }
  } catch (err) {
    return { ref, error: err instanceof Error ? err.message.split('\n')[0] : String(err) }
  }
}

/**
 * Every image base of a Dockerfile (not scratch, not earlier stages) on every platform. `cache`: reads of
 * this run by `ref platform`, shared by images with the same base.
 */
export async function baseImageFacts(o: {
  dockerfile: string
  file: string
  buildArgs: Record<string, string>
  platforms: readonly string[]
  clientFor: (host: string) => RegistryClient
  cache: Map<string, Promise<Read>>
}): Promise<BaseImageFacts[]> {
  const bases = checkBasePinned(o.dockerfile, o.file, o.buildArgs).filter(b => b.kind === 'image')
  const jobs = bases.flatMap(b =>
    o.platforms.map(async platform => {
      const at = `${b.file}:${b.line}`
      // ${TARGETARCH} and friends stay unexpanded in the rule's view: the platform decides them
      const ref = b.ref.replace(/\$\{TARGET(OS|ARCH|PLATFORM|VARIANT)\}/g, (_, what: string) => {
        const [os, arch, variant] = platform.split('/')
        return { OS: os, ARCH: arch, PLATFORM: platform, VARIANT: variant ?? '' }[what] ?? ''
      })
      let host: string
      try {
        host = apiHost(parseReference(ref).registry)
      } catch (err) {
        return { at, platform, ref, error: (err as Error).message }
      }
      const key = `${ref} ${platform}`
      let read = o.cache.get(key)
      if (!read) {
        read = readBase(o.clientFor(host), ref, platform)
        o.cache.set(key, read)
      }
      return { at, platform, ...(await read) }
    })
  )
  return await Promise.all(jobs)
}

/**
 * The base-age rule of one run: registry clients by host (the `username`/`password` inputs for the
 * target registry's host, the docker config elsewhere) and the reads shared between images.
 */
export class BaseAgeReader {
  private readonly clients = new Map<string, RegistryClient>()
  private readonly cache = new Map<string, Promise<Read>>()
  constructor(
    private readonly credentials: { registry?: string; username?: string; password?: string } = {},
    private readonly makeClient: (o: ConstructorParameters<typeof RegistryClient>[0]) => RegistryClient = o =>
      new RegistryClient(o)
  ) {}

  private clientFor(host: string): RegistryClient {
    let client = this.clients.get(host)
    if (!client) {
      const own = this.credentials.registry === host
      client = this.makeClient({
        registry: host,
        username: own ? this.credentials.username || undefined : undefined,
        password: own ? this.credentials.password || undefined : undefined
      })
      this.clients.set(host, client)
    }
    return client
  }

  /** The image's bases on every platform and the rule's checks; nothing when base-max-age is off. */
  async forImage(o: {
    image: string
    file: string
    dockerfile: string
    buildArgs: Record<string, string>
    platforms: readonly string[]
    maxAgeDays: number | undefined
    now?: Date
  }): Promise<{ rows: BaseAgeRow[]; checks: Check[] }> {
    if (o.maxAgeDays === undefined) return { rows: [], checks: [] }
    const facts = await baseImageFacts({
      dockerfile: o.dockerfile,
      file: o.file,
      buildArgs: o.buildArgs,
      platforms: o.platforms,
      clientFor: host => this.clientFor(host),
      cache: this.cache
    })
    const rows = baseAgeRows(facts, o.now ?? new Date())
    return { rows, checks: baseAgeChecks(o.image, rows, o.maxAgeDays) }
  }
}
