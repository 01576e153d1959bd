// The record a platform job (push-by-digest) leaves for the merge: which commit, which images, and per
// platform the manifest it uploaded by digest, the config it scanned, the verdict and the evidence files.
// Its schema, how it is read back (files or directories, every problem named with its file), and the
// merge's policy over a set of records (pure): every planned platform of every planned image has exactly
// one record, from this commit, that passed and was uploaded.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { z } from 'zod'
import { parseJson } from '../json.js'
import type { Plan } from '../plan/plan.js'

export const RECORD_SCHEMA = 'imagegate.record/v1'
export const RECORD_PREFIX = 'imagegate-record-'

const digest = z.string().regex(/^sha256:[a-f0-9]{64}$/, 'not a sha256 digest')
const DescriptorSchema = z.looseObject({
  mediaType: z.string().min(1),
  digest,
  size: z.number().int().nonnegative(),
  platform: z
    .looseObject({ os: z.string(), architecture: z.string(), variant: z.string().optional() })
    .optional(),
  annotations: z.record(z.string(), z.string()).optional()
})
export type RecordDescriptor = z.infer<typeof DescriptorSchema>

const PlatformSchema = z.object({
  platform: z.string().min(1),
  /** The platform manifest's descriptor, as buildx's index had it (platform included). */
  manifest: DescriptorSchema,
  /** The config digest of the manifest the scanner read (Trivy's ImageID). */
  config: digest,
  /** buildx's attestation manifests for this platform (they name it in vnd.docker.reference.digest). */
  attestations: z.array(DescriptorSchema),
  findings: z.record(z.string(), z.number().int().nonnegative()),
  /** Trivy's JSON report, relative to the record file's directory. */
  report: z.string().optional(),
  /** SBOM files, relative to the record file's directory. */
  sboms: z.array(z.object({ format: z.string(), file: z.string() }))
})
export type RecordPlatform = z.infer<typeof PlatformSchema>

const ImageSchema = z.object({
  name: z.string().min(1),
  repository: z.string().min(1),
  /** The gate's verdict on this image, for this job's platforms. */
  passed: z.boolean(),
  /** Why it did not pass (the gate's reasons, a build error). */
  reasons: z.array(z.string()),
  /** Every platform manifest of `platforms` is in `repository` by digest. */
  uploaded: z.boolean(),
  uploadError: z.string().optional(),
  platforms: z.array(PlatformSchema)
})
export type RecordImage = z.infer<typeof ImageSchema>

export const RecordSchema = z.object({
  schema: z.literal(RECORD_SCHEMA),
  /** GITHUB_SHA of the platform job. */
  commit: z.string().regex(/^[0-9a-f]{40}$/, 'not a 40-hex commit id'),
  ref: z.string(),
  environment: z.string(),
  /** The platforms this job built (the `platforms` input, or every image's). */
  platforms: z.array(z.string()),
  run: z.object({
    repository: z.string(),
    id: z.string(),
    attempt: z.string(),
    job: z.string()
  }),
  scanner: z.object({ trivyVersion: z.string(), dbUpdatedAt: z.string() }),
  created: z.string(),
  images: z.array(ImageSchema)
})
export type PlatformRecord = z.infer<typeof RecordSchema>

/** A record and the file it was read from (evidence paths are relative to its directory). */
export interface RecordFile {
  file: string
  record: PlatformRecord
}

export class RecordError extends Error {
  override name = 'RecordError'
}

/** Reads one record file; every problem names the file and the field. */
export function readRecordFile(file: string): RecordFile {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    throw new RecordError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
  const json = parseJson(text, () => `${file}: not JSON`)
  const r = RecordSchema.safeParse(json)
  if (!r.success) {
    const problems = r.error.issues.map(i => `${i.path.join('.') || '(top)'}: ${i.message}`)
    throw new RecordError(`${file}: not an imagegate record: ${problems.slice(0, 5).join('; ')}`)
  }
  return { file, record: r.data }
}

/**
 * The record files named by the `records` input: files as given, directories searched (recursively) for
 * imagegate-record-*.json. Paths are relative to the workspace. An entry that finds nothing is an error.
 */
export function findRecordFiles(entries: readonly string[], workspace: string): string[] {
  const out: string[] = []
  for (const entry of entries) {
    const at = path.resolve(workspace, entry)
    let stat: fs.Stats
    try {
      stat = fs.statSync(at)
    } catch {
      throw new RecordError(`input records: ${entry} does not exist (in ${workspace})`)
    }
    if (stat.isFile()) {
      out.push(at)
      continue
    }
    const found = (fs.readdirSync(at, { recursive: true, encoding: 'utf8' }) as string[])
      .filter(f => path.basename(f).startsWith(RECORD_PREFIX) && f.endsWith('.json'))
      .map(f => path.join(at, f))
      .sort()
    if (found.length === 0)
      throw new RecordError(`input records: no ${RECORD_PREFIX}*.json under ${entry} (in ${workspace})`)
    out.push(...found)
  }
  return [...new Set(out)]
}

/** One planned image and platform, with the record entry that covers it. */
export interface MergePlatform {
  platform: string
  /** The record's entry for the image (its verdict, upload, repository) and for this platform. */
  image: RecordImage
  entry: RecordPlatform
  /** The record file it came from. */
  file: string
  record: PlatformRecord
}

export interface MergeImage {
  name: string
  repository: string
  /** The planned platforms that passed, in the plan's order (all of them when `problems` is empty). */
  platforms: MergePlatform[]
  /** Why this image must not be published, one line each, naming the platform and the record. */
  problems: string[]
}

export interface MergeCheck {
  /** Every planned image. */
  images: MergeImage[]
  /** Why no image may be published (a record of another commit), naming the record. */
  problems: string[]
  /** Records and entries the plan does not ask for (other environments, images, platforms): left alone. */
  ignored: string[]
}

/** The merge's policy over the records (pure). */
export function checkRecords(plan: Plan, all: readonly RecordFile[]): MergeCheck {
  const problems: string[] = []
  const ignored: string[] = []
  const commit = plan.git.sha
  // another environment's platform jobs (a download pattern that also matched them) speak for other
  // repositories: left alone, and listed
  const records = all.filter(({ file, record }) => {
    if (record.environment === plan.environment) return true
    ignored.push(`${file} (environment ${record.environment}, this merge is for ${plan.environment})`)
    return false
  })
  for (const { file, record } of records) {
    if (record.commit !== commit) {
      problems.push(`${file}: made at commit ${record.commit}, this merge runs at ${commit}`)
    }
  }
  const images: MergeImage[] = []
  for (const image of plan.images) {
    const merged: MergeImage = { name: image.name, repository: image.repository, platforms: [], problems: [] }
    const problem = (line: string): void => void merged.problems.push(line)
    images.push(merged)
    for (const platform of image.platforms) {
      const where = `${image.name} ${platform}`
      const found: MergePlatform[] = []
      /** Jobs that were to build this platform and hold no manifest of it (a build error...). */
      const failedIn: string[] = []
      const speaking = latestAttempts(
        records.filter(({ record }) => {
          const entry = record.images.find(i => i.name === image.name)
          return (
            entry &&
            (record.platforms.includes(platform) || entry.platforms.some(x => x.platform === platform))
          )
        })
      )
      for (const { file, record } of speaking) {
        const entry = record.images.find(i => i.name === image.name)
        if (!entry) continue
        const p = entry.platforms.find(x => x.platform === platform)
        if (p) found.push({ platform, image: entry, entry: p, file, record })
        else if (record.platforms.includes(platform)) {
          failedIn.push(
            `${file}: ${entry.reasons.length > 0 ? entry.reasons.join('; ') : 'no platform manifest'}`
          )
        }
      }
      if (found.length === 0) {
        problem(
          failedIn.length > 0
            ? `${where}: failed in its platform job (${failedIn.join(' | ')})`
            : `${where}: no record (its platform job failed before writing one, or its artifact was not downloaded into records)`
        )
        continue
      }
      const digests = new Set(found.map(f => f.entry.manifest.digest))
      if (digests.size > 1) {
        problem(
          `${where}: records disagree on the manifest (${[...digests].join(', ')}) in ${found.map(f => f.file).join(', ')}`
        )
        continue
      }
      const first = found[0] as MergePlatform
      const entry = first.image
      if (entry.repository !== image.repository) {
        problem(
          `${where}: ${first.file} uploaded to ${entry.repository}, the plan's repository is ${image.repository}`
        )
        continue
      }
      if (!entry.passed) {
        const why = entry.reasons.length > 0 ? entry.reasons.join('; ') : 'see its job'
        problem(`${where}: failed the gate in its platform job (${first.file}): ${why}`)
        continue
      }
      if (!entry.uploaded) {
        problem(
          `${where}: not uploaded by its platform job (${first.file})${entry.uploadError ? `: ${entry.uploadError}` : ''}`
        )
        continue
      }
      merged.platforms.push(first)
    }
  }
  for (const { file, record } of records) {
    for (const entry of record.images) {
      const planned = plan.images.find(i => i.name === entry.name)
      for (const p of entry.platforms) {
        if (!planned?.platforms.includes(p.platform)) ignored.push(`${entry.name} ${p.platform} (${file})`)
      }
    }
  }
  return { images, problems, ignored }
}

/**
 * Of the records of one workflow run (its repository and run id), only those of its latest attempt: a
 * re-run platform job leaves its earlier attempt's artifact in the run, and the re-run is what counts.
 * Records without a run id (made outside GitHub Actions) are all kept.
 */
export function latestAttempts(records: readonly RecordFile[]): RecordFile[] {
  const runKey = (r: RecordFile): string => `${r.record.run.repository}#${r.record.run.id}`
  const attempt = (r: RecordFile): number => Number(r.record.run.attempt) || 0
  const latest = new Map<string, number>()
  for (const r of records) {
    if (r.record.run.id) latest.set(runKey(r), Math.max(latest.get(runKey(r)) ?? 0, attempt(r)))
  }
  return records.filter(r => !r.record.run.id || attempt(r) === latest.get(runKey(r)))
}

/** The multi-platform index of one image: each platform's manifest, then its attestation manifests. */
export function assembleIndex(image: MergeImage): Buffer {
  const manifests = image.platforms.flatMap(p => [p.entry.manifest, ...p.entry.attestations])
  return Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests })
  )
}
