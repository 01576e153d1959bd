// Files an image no longer shows but still ships: added in one layer, deleted (whiteout) or replaced in
// a later one. Trivy's image scan keeps the secrets of every layer it secret-scans, hidden files included,
// but it does not secret-scan the layers it takes for the base image's (every layer up to the last CMD of
// the history that a layer follows: its guessBaseLayers), so a secret added there and deleted later would
// pass (__tests__/trivy/layer-secrets.test.ts). These files are extracted from their own layer and given to
// Trivy's secret scanner, one Trivy process for every platform of the run (HiddenFileScan, fs-scan.ts).
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { blobPath, type Descriptor } from '../oci/layout.js'
import { entryPath, extractFiles, listTar, type TarEntry } from '../oci/tar.js'
import { FsScanError, runFsScan, topFolder, type TrivyRun } from './fs-scan.js'
import { isSkipped, type ScanSettings } from './options.js'
import { findingsOf, parseReport, type Finding } from './report.js'

export type { TrivyRun } from './fs-scan.js'

const WHITEOUT = '.wh.'
const OPAQUE = '.wh..wh..opq'

export interface HiddenFile {
  /** The layer (0-based) that still holds it. */
  layer: number
  path: string
  how: string
  /** The entry whose content it has: its own path, or a hard link's target. */
  source: string
}

/**
 * Pure: for each layer's entries (in layer order), the files of each layer that a later layer deletes
 * (whiteout), hides (opaque directory) or replaces. Only what has content counts: regular files and hard
 * links (their target's content); whiteout markers, directories and symbolic links do not.
 */
export function hiddenFiles(layers: readonly (readonly Pick<TarEntry, 'name' | 'type' | 'linkname'>[])[]) {
  const out: HiddenFile[] = []
  const parsed = layers.map(entries => {
    const files: { path: string; source: string }[] = []
    const deleted = new Set<string>()
    const opaque = new Set<string>()
    const present = new Set<string>()
    for (const entry of entries) {
      const p = entryPath(entry.name)
      // the root, and names that climb out of it (no image filesystem holds them: containerd refuses them)
      if (p === '.' || p === '..' || p.startsWith('../')) continue
      const base = path.posix.basename(p)
      const dir = path.posix.dirname(p)
      if (base === OPAQUE) opaque.add(dir === '.' ? '' : dir)
      else if (base.startsWith(WHITEOUT)) deleted.add(path.posix.join(dir, base.slice(WHITEOUT.length)))
      else {
        present.add(p)
        if (entry.type === 'file') files.push({ path: p, source: p })
        else if (entry.type === 'link' && entry.linkname)
          files.push({ path: p, source: entryPath(entry.linkname) })
      }
    }
    return { files, deleted, opaque, present }
  })
  parsed.forEach((layer, i) => {
    for (const file of layer.files) {
      for (let j = i + 1; j < parsed.length; j++) {
        const later = parsed[j] as (typeof parsed)[number]
        const underDeleted = [...later.deleted].some(d => file.path === d || file.path.startsWith(`${d}/`))
        const underOpaque = [...later.opaque].some(d => d === '' || file.path.startsWith(`${d}/`))
        if (underDeleted || underOpaque || later.present.has(file.path)) {
          const how = later.present.has(file.path) ? 'replaced' : 'deleted'
          out.push({ layer: i, path: file.path, how: `${how} in layer ${j + 1}`, source: file.source })
          break
        }
      }
    }
  })
  return out
}

/** One platform image's layers, whose hidden files are to be scanned. */
export interface HiddenFilesJob {
  image: string
  platform: string
  /** How many platforms the image has: the submissions (add or skip) to wait for from it. */
  platforms: number
  layoutDir: string
  layers: readonly Descriptor[]
  /** skip-dirs and skip-files: a hidden file they match is not extracted, as the image scan skips it. */
  skip?: Pick<ScanSettings, 'skipDirs' | 'skipFiles'>
}

interface Submission {
  /** Its folder's name in the scanned tree: a number, so that no Trivy allow rule matches it. */
  id: string
  /** `<image> <platform>` */
  what: string
  dir: string
  /** A file's path below `dir` -> how a finding names it (its path in the image, and why it is hidden). */
  where: Map<string, string>
  trivy: TrivyRun
  resolve: (findings: Finding[]) => void
  reject: (err: unknown) => void
}

interface ImageState {
  /** Its platform count, known from its first submission. */
  expected?: number
  submitted: number
  released: boolean
}

/** What `add` gives back once the platform's hidden files are extracted. */
export interface HiddenSubmission {
  /** How many hidden files were extracted. */
  files: number
  /** Their secret findings, once the run's scan has run (at once when there are none). */
  findings: Promise<Finding[]>
}

/**
 * The run's scan of hidden files: every platform adds its extracted files (or skips, when its evidence
 * came from the results cache), and one `trivy fs` reads them all once every image has submitted as many
 * times as it has platforms, or has been released (its flow ended early), or `close` was called. The
 * findings are split back per platform by folder. A submission that comes after that scan (an image
 * released too early) gets a scan of its own. Also keeps the run's layer listings, once per digest: images
 * share layers (their base) and so do the platforms of one image.
 *
 * Created once per run, with every image of the plan.
 */
export class HiddenFileScan {
  private readonly images = new Map<string, ImageState>()
  private readonly listings = new Map<string, Promise<TarEntry[]>>()
  private pending: Submission[] = []
  private submissions = 0
  private scans = 0
  private closed = false

  constructor(private readonly o: { work: string; images: readonly string[] }) {
    for (const image of o.images) this.images.set(image, { submitted: 0, released: false })
  }

  /** Trivy processes this object started. */
  get trivyRuns(): number {
    return this.scans
  }

  /**
   * Lists the platform's layers, extracts the files later layers hide, and queues them for the run's
   * scan. Resolves once they are extracted (call it as soon as the platform's layout is read, outside any
   * bound on scans: the run's scan waits for every platform's files); await `findings` outside any slot
   * too. Counts as the platform's submission even when it fails.
   */
  async add(job: HiddenFilesJob, trivy: TrivyRun): Promise<HiddenSubmission> {
    this.state(job.image)
    const what = `${job.image} ${job.platform}`
    const id = String(++this.submissions)
    try {
      const lists = await Promise.all(job.layers.map(layer => this.listing(job.layoutDir, layer, what)))
      const skip = job.skip
      const hidden = hiddenFiles(lists).filter(h => !skip || !isSkipped(h.path, skip))
      if (hidden.length === 0) return { files: 0, findings: Promise.resolve([]) }
      const dir = path.join(this.o.work, 'staged', id)
      fs.rmSync(dir, { recursive: true, force: true })
      const where = new Map<string, string>()
      for (const [index, layer] of job.layers.entries()) {
        const files = hidden.filter(h => h.layer === index)
        if (files.length === 0) continue
        const wanted = new Map<string, string[]>()
        for (const f of files)
          wanted.set(f.source, [
            ...(wanted.get(f.source) ?? []),
            path.join(dir, `layer-${index + 1}`, f.path)
          ])
        let written: Set<string>
        try {
          written = await extractFiles(blobPath(job.layoutDir, layer.digest), wanted)
        } catch (err) {
          throw new Error(`${what}: cannot extract from layer ${layer.digest}: ${message(err)}`, {
            cause: err
          })
        }
        for (const f of files) {
          if (written.has(f.source))
            where.set(`layer-${index + 1}/${f.path}`, `/${f.path} (${f.how}, still in layer ${index + 1})`)
          else
            core.warning(`${what}: /${f.path} (${f.how}) has no content in layer ${index + 1}: not scanned`)
        }
      }
      if (where.size === 0) return { files: 0, findings: Promise.resolve([]) }
      let resolve: (findings: Finding[]) => void = () => undefined
      let reject: (err: unknown) => void = () => undefined
      const findings = new Promise<Finding[]>((res, rej) => {
        resolve = res
        reject = rej
      })
      findings.catch(() => undefined) // its owner may have failed before awaiting it
      this.pending.push({ id, what, dir, where, trivy, resolve, reject })
      return { files: where.size, findings }
    } finally {
      this.count(job.image, job.platforms)
    }
  }

  /** A platform that adds nothing (its evidence came from the results cache). */
  skip(image: string, platforms: number): void {
    this.state(image)
    this.count(image, platforms)
  }

  /** The image submits nothing more: its flow ended (failed) before all its platforms did. Idempotent. */
  release(image: string): void {
    this.state(image).released = true
    this.flushWhenDone()
  }

  /** No more submissions from anyone: scan what was added. */
  close(): void {
    this.closed = true
    this.flushWhenDone()
  }

  private state(image: string): ImageState {
    const state = this.images.get(image)
    if (!state) throw new Error(`the hidden-file scan was not told of image ${image}`)
    return state
  }

  private count(image: string, platforms: number): void {
    const state = this.state(image)
    state.expected ??= platforms
    state.submitted++
    this.flushWhenDone()
  }

  private listing(layoutDir: string, layer: Descriptor, what: string): Promise<TarEntry[]> {
    let listing = this.listings.get(layer.digest)
    if (!listing) {
      // a digest names the same bytes in every layout: each distinct layer is read once per run
      listing = listTar(blobPath(layoutDir, layer.digest))
      this.listings.set(layer.digest, listing)
      listing.catch(() => this.listings.delete(layer.digest)) // a failed listing is not kept
    }
    return listing.catch((err: unknown) => {
      throw new Error(`${what}: cannot list layer ${layer.digest}: ${message(err)}`, { cause: err })
    })
  }

  private flushWhenDone(): void {
    const done =
      this.closed ||
      [...this.images.values()].every(
        s => s.released || (s.expected !== undefined && s.submitted >= s.expected)
      )
    if (!done || this.pending.length === 0) return
    const batch = this.pending
    this.pending = []
    void this.scan(batch)
  }

  /** One `trivy fs` (secrets only) over the batch's folders; each submission gets its own findings. */
  private async scan(batch: Submission[]): Promise<void> {
    const hiddenOf = `the hidden files of ${batch.map(s => s.what).join(', ')}`
    const root = path.join(this.o.work, `scan-${++this.scans}`)
    const output = path.join(this.o.work, `scan-${this.scans}.json`)
    try {
      fs.rmSync(root, { recursive: true, force: true })
      fs.mkdirSync(root, { recursive: true })
      for (const s of batch) fs.renameSync(s.dir, path.join(root, s.id))
      const trivy = (batch[0] as Submission).trivy
      const text = await runFsScan({
        ...trivy,
        dir: root,
        output,
        secret: true,
        misconfig: false,
        subject: hiddenOf
      })
      this.splitHidden(batch, text, output)
    } catch (err) {
      const failed =
        err instanceof FsScanError
          ? new Error(`the secret scan of ${hiddenOf} failed: ${err.message}`, { cause: err })
          : err
      for (const s of batch) s.reject(failed)
    }
  }

  /** The secrets of each submission's folder. */
  private splitHidden(batch: Submission[], text: string, output: string): void {
    const report = parseReport(text, output)
    const byId = new Map(batch.map(s => [s.id, { submission: s, findings: [] as Finding[] }]))
    const secrets = (report.Results ?? []).map(res => ({ Target: res.Target, Secrets: res.Secrets }))
    for (const f of findingsOf({ ...report, Results: secrets })) {
      const { folder, rest } = topFolder(f.pkg)
      const owner = byId.get(folder)
      const shown = owner?.submission.where.get(rest)
      if (!owner || !shown)
        throw new Error(`the secret scan of hidden files names ${f.pkg}, not a file it was given`)
      owner.findings.push({ ...f, pkg: shown, target: shown })
    }
    for (const { submission, findings } of byId.values()) submission.resolve(findings)
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
