// The OCI image config of every platform of a built image (an OCI layout as `buildx build -o type=oci`
// writes it), validated with zod. Only the fields the hardening rules read; reading is checked against
// the digests by src/oci/layout.ts.
import { z } from 'zod'
import { platformManifests, readBlob, type ImageManifest, type Layout } from '../oci/layout.js'
import { parseJson } from '../json.js'

const HealthcheckSchema = z.object({
  /** `["CMD-SHELL", "..."]`, `["CMD", ...]`, or `["NONE"]` (HEALTHCHECK NONE). */
  Test: z.array(z.string()).nullish(),
  Interval: z.number().optional(),
  Timeout: z.number().optional(),
  StartPeriod: z.number().optional(),
  Retries: z.number().optional()
})

const ContainerConfigSchema = z.object({
  User: z.string().optional(),
  /** `NAME=value` strings. */
  Env: z.array(z.string()).nullish(),
  /** `"8000/tcp": {}` */
  ExposedPorts: z.record(z.string(), z.unknown()).nullish(),
  Labels: z.record(z.string(), z.string()).nullish(),
  Healthcheck: HealthcheckSchema.nullish()
})

const HistorySchema = z.object({
  created: z.string().optional(),
  /** BuildKit: `RUN |1 X=y /bin/sh -c ... # buildkit`, `ENV A=b`, `ARG X=default`, ... */
  created_by: z.string().optional(),
  comment: z.string().optional(),
  empty_layer: z.boolean().optional()
})

export const ImageConfigSchema = z.object({
  architecture: z.string(),
  os: z.string(),
  variant: z.string().optional(),
  config: ContainerConfigSchema.nullish(),
  history: z.array(HistorySchema).nullish()
})

export type ImageConfig = z.infer<typeof ImageConfigSchema>
export type HistoryEntry = z.infer<typeof HistorySchema>

export function parseImageConfig(text: string, where: string): ImageConfig {
  const json = parseJson(text, reason => `${where}: the image config is not JSON: ${reason}`)
  const r = ImageConfigSchema.safeParse(json)
  if (!r.success) throw new Error(`${where}: not an OCI image config:\n${z.prettifyError(r.error)}`)
  return r.data
}

/** The config's environment as name/value pairs, in order (`NAME=value`, split at the first `=`). */
export function envOf(config: ImageConfig): { name: string; value: string }[] {
  return (config.config?.Env ?? []).map(entry => {
    const eq = entry.indexOf('=')
    return eq < 0 ? { name: entry, value: '' } : { name: entry.slice(0, eq), value: entry.slice(eq + 1) }
  })
}

export interface PlatformConfig {
  /** `linux/arm64/v8` */
  platform: string
  /** The platform manifest's digest. */
  digest: string
  config: ImageConfig
  /** The config blob plus every layer, as the manifest gives them: the compressed (pushed) size. */
  sizeBytes: number
  /** The platform's manifest (its config and layers), as the layout holds it. */
  manifest: ImageManifest
}

/** Every platform of the layout's image (attestations left out), with its config and size. */
export function readPlatformConfigs(layout: Layout): PlatformConfig[] {
  const layoutDir = layout.dir
  const manifests = new Map<string, ImageManifest>()
  if (layout.kind === 'manifest') manifests.set(layout.root.digest, layout.rootManifest as ImageManifest)
  for (const c of layout.children) {
    if ('layers' in c.manifest) manifests.set(c.descriptor.digest, c.manifest)
  }
  return platformManifests(layout).map(pm => {
    const manifest = manifests.get(pm.digest)
    if (!manifest) throw new Error(`${layoutDir}: the manifest of ${pm.platform} (${pm.digest}) is missing`)
    const where = `${layoutDir}: config ${manifest.config.digest} (${pm.platform})`
    const config = parseImageConfig(readBlob(layoutDir, manifest.config).toString('utf8'), where)
    const sizeBytes = manifest.layers.reduce((sum, l) => sum + l.size, manifest.config.size)
    return { platform: pm.platform, digest: pm.digest, config, sizeBytes, manifest }
  })
}
