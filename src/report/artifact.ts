// The evidence (SBOMs, scan reports) as one workflow artifact per job, uploaded with @actions/artifact.
// Outside GitHub Actions nothing is uploaded and the caller is told where the files stay.
import { createHash } from 'node:crypto'
import * as path from 'node:path'

/** actions/upload-artifact's `retention-days` default is the repository's (90); evidence keeps 30. */
export const DEFAULT_RETENTION_DAYS = 30
export const MAX_ARTIFACT_NAME_LENGTH = 200
const PREFIX = 'imagegate-evidence'
const HASH_LENGTH = 16

export interface ArtifactNameContext {
  /** GITHUB_JOB: the job's id in the workflow, the same for every job of one matrix. */
  job?: string
  /** GITHUB_RUN_ATTEMPT: artifacts of earlier attempts stay in the run, so the attempt is part of the name. */
  runAttempt?: string
  /** Anything else that tells matrix jobs apart (e.g. the matrix values), when they run the same images. */
  matrixKey?: string
  /** The catalog images this job ran (a matrix job runs a subset through the `images` input). */
  images: string[]
}

/** The characters the artifact service refuses in a name (as @actions/artifact validates them). */
export const FORBIDDEN_NAME_CHARACTERS = ['"', ':', '<', '>', '|', '*', '?', '\r', '\n', '\\', '/'] as const

const cleanPart = (s: string): string =>
  s
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')

/**
 * The artifact name for one job's evidence. The rule:
 *
 *   imagegate-evidence-<job>[-<matrix key>][-<image>+<image>...]-<attempt>-<hash>
 *
 * - job = GITHUB_JOB (`local` when unset), attempt = GITHUB_RUN_ATTEMPT (`1` when unset), images sorted
 *   and de-duplicated (the same set in any order gives the same name).
 * - Each readable part keeps only A-Z a-z 0-9 . _ - (runs of anything else become one `-`); images are
 *   joined with `+`, which no image name contains. None of the characters the service refuses
 *   (" : < > | * ? \r \n \ /) can appear.
 * - <hash> is the first 16 hex digits of the sha256 of the exact inputs (job, matrix key, image set,
 *   attempt). The readable part alone is not enough: `-` separates parts but also appears inside job
 *   ids and image names (job `scan-web` running `api` and job `scan` running `web-api` would read
 *   alike), and cleaning can map two inputs to one spelling. With the hash, two different inputs give
 *   two different names, and one input always gives the same name.
 * - At most 200 characters: a longer readable part is cut (the hash stays whole).
 *
 * Within one run every job has its own GITHUB_JOB, and the jobs of one matrix share it but run
 * different images (or carry different matrix keys), so no two jobs of a run upload the same name.
 */
export function artifactName(ctx: ArtifactNameContext): string {
  const job = ctx.job?.trim() || 'local'
  const attempt = ctx.runAttempt?.trim() || '1'
  const matrixKey = ctx.matrixKey?.trim() ?? ''
  const images = [...new Set(ctx.images.map(i => i.trim()).filter(Boolean))].sort()
  const hash = createHash('sha256')
    .update(JSON.stringify({ job, matrixKey, images, attempt }))
    .digest('hex')
    .slice(0, HASH_LENGTH)
  const parts = [PREFIX, cleanPart(job) || 'job']
  if (cleanPart(matrixKey)) parts.push(cleanPart(matrixKey))
  const imagePart = images.map(cleanPart).filter(Boolean).join('+')
  if (imagePart) parts.push(imagePart)
  parts.push(cleanPart(attempt) || '1')
  const readable = parts
    .join('-')
    .slice(0, MAX_ARTIFACT_NAME_LENGTH - HASH_LENGTH - 1)
    .replace(/[-.+_]+$/, '')
  return `${readable}-${hash}`
}

export interface UploadOptions {
  name: string
  /** Days GitHub keeps the artifact (at least 1; the repository's maximum applies). */
  retentionDays: number
}

export interface UploadResult {
  uploaded: boolean
  id?: number
  /** The artifact's page, as actions/upload-artifact prints it. */
  url?: string
  /** Bytes uploaded (the zip). */
  size?: number
  /** sha256 of the uploaded zip, hex. */
  digest?: string
  /** Why nothing was uploaded. */
  reason?: string
}

/**
 * Uploads `files` (absolute, or relative to `rootDir`) as one artifact; paths inside it are relative
 * to `rootDir`, so `sbom/` and `artifacts/scans/` keep their folders. Without the runner's artifact
 * service (ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL) nothing is uploaded and `reason` says where the
 * files stay. A failed upload throws an Error saying what failed; no token or signed URL is in it.
 */
export async function uploadEvidence(
  files: string[],
  rootDir: string,
  o: UploadOptions
): Promise<UploadResult> {
  // @actions/artifact reads these from process.env at call time, so this check reads the same place.
  const env = process.env
  if (!Number.isInteger(o.retentionDays) || o.retentionDays < 1) {
    throw new Error(`retention-days must be a whole number of days, at least 1 (got ${o.retentionDays})`)
  }
  const root = path.resolve(rootDir)
  for (const variable of ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'] as const) {
    if (!env[variable]) {
      return {
        uploaded: false,
        reason: `not running on GitHub Actions (no ${variable}): files stay in ${root}`
      }
    }
  }
  if (files.length === 0) return { uploaded: false, reason: `no evidence files to upload in ${root}` }
  const absolute = files.map(f => path.resolve(root, f))
  // loaded when it is needed: the artifact client (Azure storage, protobuf) is most of the bundle, and
  // parsing it before the first build would delay every run by about half a second
  const { DefaultArtifactClient } = await import('@actions/artifact')
  const client = new DefaultArtifactClient()
  let response: { id?: number; size?: number; digest?: string }
  try {
    response = await client.uploadArtifact(o.name, absolute, root, { retentionDays: o.retentionDays })
  } catch (err) {
    const detail = redact(err instanceof Error ? err.message : String(err), env)
    const what = `uploading the evidence artifact "${o.name}" (${absolute.length} files from ${root}) failed`
    if (/\(409\)/.test(detail)) {
      throw new Error(
        `${what}: an artifact with this name already exists in this workflow run (409 Conflict). ` +
          `Two jobs or steps uploaded the same name: give each matrix job its own images or matrix key. (${detail})`,
        { cause: err }
      )
    }
    throw new Error(`${what}: ${detail}`, { cause: err })
  }
  if (response.id === undefined) {
    throw new Error(`uploading the evidence artifact "${o.name}" returned no artifact id`)
  }
  return {
    uploaded: true,
    id: response.id,
    url: artifactUrl(response.id, env),
    size: response.size,
    digest: response.digest
  }
}

/** `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}/artifacts/${id}`, as upload-artifact builds it. */
export function artifactUrl(id: number, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return undefined
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${id}`
}

/** The runtime token and any SAS signature out of a message. */
function redact(message: string, env: NodeJS.ProcessEnv): string {
  let out = message.replace(/([?&]sig=)[^&\s"']+/gi, '$1***')
  const token = env.ACTIONS_RUNTIME_TOKEN
  if (token) out = out.split(token).join('***')
  return out
}
