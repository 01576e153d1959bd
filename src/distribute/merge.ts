// `mode: merge`: the publish of a distributed build. Reads the records of the platform jobs, refuses
// unless every planned platform of every planned image passed at this commit, checks the registry holds
// each platform manifest the job scanned (its bytes by digest, and the config the scanner read), then
// publishes each assembled multi-platform index in two phases (publish/publish.ts): every index uploaded
// by digest, signed and attested when asked, and only then the tags.
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { cancelledFailure } from '../cancel.js'
import type { MergeInputs } from '../inputs.js'
import { parseJson } from '../json.js'
import { escapes } from '../catalog/load.js'
import {
  configPlatform,
  formatPlatform,
  MEDIA,
  sha256,
  type ImageManifest,
  type Platform
} from '../oci/layout.js'
import type { OutputLayout } from '../output-layout.js'
import { imageEvidence, prepareTrust, timedClients } from '../pipeline/publish.js'
import type { Plan } from '../plan/plan.js'
import { phaseLine, publishImages, publishLines, type PublishResult } from '../publish/publish.js'
import type { PlatformEvidence } from '../trust/evidence.js'
import type { Signer } from '../trust/trust.js'
import { registryClients, type RegistryClient, type UploadResult } from '../registry/client.js'
import { parseReference } from '../registry/reference.js'
import { writeJobSummary } from '../report/run-summary.js'
import {
  assembleIndex,
  checkRecords,
  findRecordFiles,
  readRecordFile,
  type MergeCheck,
  type MergeImage,
  type MergePlatform,
  type RecordFile
} from './record.js'

export interface MergeRun {
  inputs: MergeInputs
  plan: Plan
  workspace: string
  files: OutputLayout
  started: number
}

/** Runs the merge; returns why the job fails, or undefined. */
export async function runMerge(run: MergeRun): Promise<string | undefined> {
  const { inputs, plan, workspace } = run
  if (inputs['push-by-digest'])
    throw new Error("input push-by-digest: not used by mode merge (it is the platform jobs')")
  if (inputs.records.length === 0) {
    throw new Error(
      "input records: required with mode merge (the directory the platform jobs' evidence artifacts were downloaded into, or their record files)"
    )
  }
  const records: RecordFile[] = findRecordFiles(inputs.records, workspace).map(readRecordFile)
  core.info(
    `merge: ${records.length} record${records.length === 1 ? '' : 's'} from ${inputs.records.join(', ')}`
  )
  const check = checkRecords(plan, records)
  for (const line of check.ignored) core.info(`not in this merge's plan, left alone: ${line}`)
  const allOrNothing = inputs['push-strategy'] === 'all-or-nothing'
  const refused = check.problems.length > 0 || (allOrNothing && check.images.some(i => i.problems.length > 0))
  const ready = refused ? [] : check.images.filter(i => i.problems.length === 0)

  const indexes = new Map(ready.map(i => [i.name, assembleIndex(i)]))
  // phase 1 of a merge: every scanned platform manifest checked in the registry, then the index by digest
  const registry = registryClients(inputs)
  const clientFor = timedClients(registry, async (client, _layoutDir, repo) => {
    const image = ready.find(i => i.repository === repo) as MergeImage
    return await uploadIndex(client, image, indexes.get(image.name) as Buffer)
  })

  let result: PublishResult | undefined
  let setupError: string | undefined
  let signer: Signer | undefined
  if (ready.length > 0) {
    const attest = inputs.attest ?? inputs.sign
    try {
      const trust =
        inputs.sign || attest ? await mergeTrust(run, registry, ready, records, attest) : undefined
      signer = trust?.signer
      result = await publishImages(
        ready.map(i => ({
          name: i.name,
          repository: i.repository,
          layoutDir: run.files.imageWork(i.name),
          digest: sha256(indexes.get(i.name) as Buffer),
          tags: (plan.images.find(p => p.name === i.name)?.tags ?? []).map(t => t.tag)
        })),
        {
          strategy: inputs['push-strategy'],
          clientFor,
          concurrency: inputs['max-parallel'],
          ...trust?.hooks
        }
      )
      core.info(phaseLine(result))
      for (const line of publishLines(result)) core.info(line)
    } catch (err) {
      setupError = `nothing published: ${err instanceof Error ? err.message : String(err)}`
    } finally {
      signer?.dispose()
    }
  }
  report(run, check, result, refused)
  await writeJobSummary(mergeSummaryMarkdown(plan, check, result, refused))
  const reasons = [...check.problems, ...check.images.flatMap(i => i.problems)]
  const publishErrors = result?.images.flatMap(i => i.errors) ?? []
  if (setupError) publishErrors.push(setupError)
  for (const line of reasons) core.error(line, { title: 'imagegate merge' })
  if (reasons.length === 0 && publishErrors.length === 0) return cancelledFailure(undefined)
  const published = result?.images.filter(i => i.errors.length === 0).map(i => i.name) ?? []
  const head = refused
    ? `imagegate merge: refused, nothing tagged (${reasons.length} problem${reasons.length === 1 ? '' : 's'} in the platform jobs' records)`
    : `imagegate merge: not every image was published${published.length > 0 ? ` (published: ${published.join(', ')})` : '; nothing tagged'}`
  return cancelledFailure([head, ...reasons, ...publishErrors].join('\n'))
}

/**
 * Phase 1 for one image: each platform manifest the platform jobs uploaded is in the registry with the
 * bytes of its digest, the size and media type their index gave it and the config the scanner read;
 * its attestation manifests are there; then the assembled index is put by digest.
 */
export async function uploadIndex(
  client: RegistryClient,
  image: MergeImage,
  index: Buffer
): Promise<UploadResult> {
  const name = parseReference(image.repository).repository
  // the platforms (and their attestation manifests) are checked at once: independent reads
  await Promise.all(
    image.platforms.map(async p => {
      await checkPlatform(client, name, image, p)
      for (const a of p.entry.attestations) {
        const where = `${image.name} ${p.platform}: attestation manifest ${a.digest} (from ${p.file})`
        const head = await client.headManifest(name, a.digest)
        if (!head) throw new Error(`${where} is not in ${image.repository}`)
        // what the index will say of it: its size and type as stored, about this platform's manifest
        if ((head.size && head.size !== a.size) || (head.mediaType && head.mediaType !== a.mediaType))
          throw new Error(
            `${where}: the registry's is ${head.size} bytes of ${head.mediaType}, the record says ${a.size} bytes of ${a.mediaType}`
          )
        const about = a.annotations?.['vnd.docker.reference.digest']
        if (
          a.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest' ||
          about !== p.entry.manifest.digest
        )
          throw new Error(
            `${where}: is not the attestation manifest of ${p.entry.manifest.digest} (it names ${about ?? 'no manifest'})`
          )
      }
    })
  )
  const digest = sha256(index)
  const stored = await client.putManifest(name, digest, index, MEDIA.ociIndex)
  if (stored !== digest) {
    throw new Error(`${image.repository}: the index was stored with digest ${stored}, it is ${digest}`)
  }
  return {
    digest,
    mediaType: MEDIA.ociIndex,
    size: index.length,
    ref: `${image.repository}@${digest}`,
    uploadedBlobs: 0,
    uploadedBytes: 0,
    skippedBlobs: 0,
    skippedBytes: 0,
    mountedBlobs: 0
  }
}

async function checkPlatform(
  client: RegistryClient,
  name: string,
  image: MergeImage,
  p: MergePlatform
): Promise<void> {
  const where = `${image.name} ${p.platform}`
  const d = p.entry.manifest
  let got
  try {
    got = await client.getManifest(name, d.digest) // its bytes are checked against the digest
  } catch (err) {
    throw new Error(
      `${where}: manifest ${d.digest} (from ${p.file}) could not be read from ${image.repository}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err }
    )
  }
  if (got.bytes.length !== d.size || (got.mediaType && got.mediaType !== d.mediaType)) {
    throw new Error(
      `${where}: the registry's ${d.digest} is ${got.bytes.length} bytes of ${got.mediaType}, the record says ${d.size} bytes of ${d.mediaType}`
    )
  }
  const manifest = parseJson(
    got.bytes.toString('utf8'),
    r => `${where}: manifest ${d.digest} is not JSON: ${r}`
  ) as ImageManifest
  const config = manifest.config?.digest
  if (config !== p.entry.config) {
    throw new Error(
      `${where}: the registry's manifest ${d.digest} has config ${String(config)}, the platform job scanned ${p.entry.config} (${p.file})`
    )
  }
  // the scanner's own report, when the evidence was downloaded with the record: its ImageID is the config
  const report = p.entry.report ? evidenceFile(p, p.entry.report, 'scan report') : undefined
  if (report && fs.existsSync(report)) {
    const doc = parseJson(fs.readFileSync(report, 'utf8'), r => `${where}: ${report} is not JSON: ${r}`) as {
      Metadata?: { ImageID?: string }
    }
    const scanned = doc.Metadata?.ImageID
    if (scanned && scanned !== p.entry.config) {
      throw new Error(
        `${where}: the scan report ${report} is of image ${scanned}, the record names config ${p.entry.config}`
      )
    }
  }
  // the platform the record claims is the one the image is for (its config says): a record edited to
  // name a platform no job built is refused, not published
  const claimed = parsePlatform(p.platform)
  const built = configPlatform(
    parseJson(
      (await client.getBlob(name, config)).toString('utf8'),
      r => `${where}: config ${config} is not JSON: ${r}`
    )
  )
  if (
    !built ||
    built.os !== claimed.os ||
    built.architecture !== claimed.architecture ||
    (claimed.variant !== undefined && built.variant !== claimed.variant)
  ) {
    throw new Error(
      `${where}: ${p.file} names manifest ${d.digest} for ${p.platform}, but its config is for ${built ? formatPlatform(built) : 'no platform'}`
    )
  }
}

/** The Signer and the evidence of each image's attestations, from the records and their downloaded files. */
async function mergeTrust(
  run: MergeRun,
  registry: (repository: string) => RegistryClient,
  images: readonly MergeImage[],
  records: readonly RecordFile[],
  attest: boolean
): Promise<Awaited<ReturnType<typeof prepareTrust>>> {
  const { plan, workspace } = run
  return await prepareTrust({
    inputs: run.inputs,
    workspace,
    workDir: path.join(run.files.work, '.trust'),
    clientFor: registry,
    repositories: images.map(i => i.repository),
    attest,
    evidence: (name: string) => {
      const image = plan.images.find(i => i.name === name)
      const merged = images.find(i => i.name === name)
      if (!image || !merged) throw new Error(`${name}: no evidence for this image`)
      return imageEvidence(
        workspace,
        image,
        true,
        merged.platforms.map(p => downloadedEvidence(name, p))
      )
    },
    // the platform jobs' scanner (the records of one commit name one Trivy and DB)
    scanner: records[0]?.record.scanner ?? { trivyVersion: 'unknown', dbUpdatedAt: '' },
    commit: plan.git.sha,
    environment: plan.environment,
    startedOn: new Date(run.started)
  })
}

function parsePlatform(platform: string): Platform {
  const [os = '', architecture = '', variant] = platform.split('/')
  return { os, architecture, ...(variant ? { variant } : {}) }
}

/**
 * A file a record names (its scan report, its SBOM), relative to the record: only inside the platform
 * job's downloaded evidence artifact, whose root holds `artifacts/` (the record, the reports) and `sbom/`
 * (output-layout.ts). A record edited to name another file of the runner would have it signed into an
 * attestation.
 */
function evidenceFile(p: MergePlatform, relative: string, what: string): string {
  const dir = path.dirname(p.file)
  const root = path.basename(dir) === 'artifacts' ? path.dirname(dir) : dir
  const file = path.resolve(dir, relative)
  const problem = escapes(file, root)
  if (problem)
    throw new Error(
      `${p.platform}: the ${what} ${relative} that ${p.file} names ${problem.replace('the workspace', 'the evidence artifact it came with')}`
    )
  return file
}

/** A platform's scan report and SPDX SBOM, downloaded with its record (paths relative to the record). */
function downloadedEvidence(image: string, p: MergePlatform): PlatformEvidence {
  const where = `${image} ${p.platform}`
  if (!p.entry.report) throw new Error(`${where}: its record names no scan report (${p.file})`)
  const reportFile = evidenceFile(p, p.entry.report, 'scan report')
  if (!fs.existsSync(reportFile)) {
    throw new Error(
      `${where}: the scan report ${p.entry.report} is not next to ${p.file} (download the platform job's whole evidence artifact)`
    )
  }
  const spdx = p.entry.sboms.find(s => s.format === 'spdx-json')
  return { platform: p.platform, reportFile, spdxFile: spdx ? evidenceFile(p, spdx.file, 'SBOM') : undefined }
}

function report(run: MergeRun, check: MergeCheck, result: PublishResult | undefined, refused: boolean): void {
  const byImage = <T>(fn: (name: string) => T): Record<string, T> =>
    Object.fromEntries(run.plan.images.map(i => [i.name, fn(i.name)]))
  const published = (name: string) => result?.images.find(i => i.name === name)
  core.setOutput('digests', JSON.stringify(byImage(n => published(n)?.digest ?? null)))
  core.setOutput('refs', JSON.stringify(byImage(n => published(n)?.refs ?? [])))
  const passed = !refused && check.images.every(i => i.problems.length === 0) && (result?.passed ?? false)
  core.setOutput(
    'metadata',
    JSON.stringify({
      environment: run.plan.environment,
      mode: 'merge',
      passed,
      images: check.images.map(i => ({
        name: i.name,
        repository: i.repository,
        platforms: i.platforms.map(p => ({
          platform: p.platform,
          manifest: p.entry.manifest.digest,
          config: p.entry.config,
          record: p.file,
          job: p.record.run.job
        })),
        problems: i.problems,
        publish: published(i.name)
      })),
      problems: check.problems,
      timings: { wallMs: Date.now() - run.started }
    })
  )
}

const code = (s: string): string => `\`${s}\``

export function mergeSummaryMarkdown(
  plan: Plan,
  check: MergeCheck,
  result: PublishResult | undefined,
  refused: boolean
): string {
  const lines = [
    `## imagegate merge: ${plan.images.length} image${plan.images.length === 1 ? '' : 's'} for ${plan.environment}`,
    '',
    refused
      ? '**Refused**: nothing was tagged. The reasons are below.'
      : result?.passed
        ? 'Every platform of every image passed in its platform job, was found in the registry as scanned, and is published.'
        : '**Not every image was published**: see below.',
    '',
    '| Image | Platforms (manifest scanned) | Index | Tags moved | Signed / attested | Problems |',
    '| --- | --- | --- | --- | --- | --- |'
  ]
  for (const image of check.images) {
    const r = result?.images.find(i => i.name === image.name)
    const platforms = image.platforms.map(p => `${p.platform} ${code(p.entry.manifest.digest.slice(0, 19))}`)
    const trust = r ? [r.signed ? 'signed' : '', r.attested ? 'attested' : ''].filter(Boolean).join(', ') : ''
    lines.push(
      `| ${image.name} | ${platforms.join('<br>') || '-'} | ${r?.digest ? code(r.digest) : '-'} | ${r?.tagsMoved.join(', ') || '-'} | ${trust || '-'} | ${[...image.problems, ...(r?.errors ?? [])].join('<br>') || '-'} |`
    )
  }
  if (check.problems.length > 0)
    lines.push('', '### Records refused', '', ...check.problems.map(p => `- ${p}`))
  return lines.join('\n') + '\n'
}
