// Files an image no longer shows but still ships: added in one layer, deleted (whiteout) or replaced in
// a later one. Trivy scans the image's final filesystem only, so a secret added then deleted would pass;
// these files are extracted from their own layer and given to Trivy's secret scanner.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { exec, tail, type Limit } from '../exec.js'
import { runTrivy } from './env.js'
import { blobPath } from '../registry/layout.js'
import { listLayer } from '../registry/layer-list.js'
import type { Descriptor } from '../registry/layout.js'
import { findingsOf, parseReport, type Finding } from './report.js'
import { trivyTimeout, type TrivyVersion } from './scan.js'

const WHITEOUT = '.wh.'
const OPAQUE = '.wh..wh..opq'

function clean(entry: string): string {
  return entry.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '')
}

/**
 * Pure: for each layer's file list (tar entries, in layer order), the files of each layer that a later
 * layer deletes (whiteout), hides (opaque directory) or replaces. Directories (entries ending in /)
 * and whiteout markers themselves are not files.
 */
export function hiddenFiles(layers: readonly string[][]): { layer: number; path: string; how: string }[] {
  const out: { layer: number; path: string; how: string }[] = []
  const parsed = layers.map(entries => {
    const files: string[] = []
    const deleted = new Set<string>()
    const opaque = new Set<string>()
    for (const raw of entries) {
      if (raw.endsWith('/')) continue
      const p = clean(raw)
      const base = path.posix.basename(p)
      const dir = path.posix.dirname(p)
      if (base === OPAQUE) opaque.add(dir === '.' ? '' : dir)
      else if (base.startsWith(WHITEOUT)) deleted.add(path.posix.join(dir, base.slice(WHITEOUT.length)))
      else files.push(p)
    }
    return { files, deleted, opaque, present: new Set(files) }
  })
  parsed.forEach((layer, i) => {
    for (const file of layer.files) {
      for (let j = i + 1; j < parsed.length; j++) {
        const later = parsed[j] as (typeof parsed)[number]
        const underDeleted = [...later.deleted].some(d => file === d || file.startsWith(`${d}/`))
        const underOpaque = [...later.opaque].some(d => d === '' || file.startsWith(`${d}/`))
        if (underDeleted || underOpaque || later.present.has(file)) {
          const how = later.present.has(file) ? 'replaced' : 'deleted'
          out.push({ layer: i, path: file, how: `${how} in layer ${j + 1}` })
          break
        }
      }
    }
  })
  return out
}

export interface HiddenScanOpts {
  trivy: string
  version: TrivyVersion
  layoutDir: string
  layers: Descriptor[]
  work: string
  cacheDir: string
  /** scan-timeout, for the Trivy process */
  limit?: Limit
}

/**
 * This run's layer listings by digest: images share layers (their base, buildx's empty layer) and so do
 * the platforms of one image (a COPY of the same files), and a digest names the same bytes wherever the
 * blob lies, so each distinct layer is read once per run. A failed listing is not kept.
 */
const listings = new Map<string, Promise<string[]>>()

export function listLayerOnce(layoutDir: string, digest: string): Promise<string[]> {
  let listing = listings.get(digest)
  if (!listing) {
    listing = listLayer(blobPath(layoutDir, digest)).then(
      entries => entries.filter(Boolean),
      (err: unknown) => {
        listings.delete(digest)
        throw err
      }
    )
    listings.set(digest, listing)
  }
  return listing
}

/** Lists every layer, extracts the hidden files, and runs Trivy's secret scanner on them. */
export async function scanHiddenFiles(o: HiddenScanOpts, what: string): Promise<Finding[]> {
  // every layer listed at once, in this process (no tar child: each one cost a fork of this process),
  // once per run; the names are those `tar -tzf` prints, so the extraction below can name its entries
  const lists = await Promise.all(
    o.layers.map(async layer => {
      try {
        return await listLayerOnce(o.layoutDir, layer.digest)
      } catch (err) {
        throw new Error(
          `${what}: cannot list layer ${layer.digest}: ${err instanceof Error ? err.message : String(err)}`,
          { cause: err }
        )
      }
    })
  )
  const hidden = hiddenFiles(lists)
  if (hidden.length === 0) return []
  fs.rmSync(o.work, { recursive: true, force: true })
  const where = new Map<string, string>()
  for (const [index, layer] of o.layers.entries()) {
    const files = hidden.filter(h => h.layer === index)
    if (files.length === 0) continue
    const dir = path.join(o.work, `layer-${index + 1}`)
    fs.mkdirSync(dir, { recursive: true })
    const listed = new Set(lists[index])
    // the tar entry exactly as the layer names it (with or without ./); -xf, not -xzf: tar finds out
    // itself whether the blob is gzip-compressed, as the listing does (an uncompressed layer too)
    const entries = files.map(f => (listed.has(f.path) ? f.path : `./${f.path}`))
    const r = await exec(
      'tar',
      [
        '-xf',
        blobPath(o.layoutDir, layer.digest),
        '-C',
        dir,
        '--no-same-owner',
        '--no-same-permissions',
        '--',
        ...entries
      ],
      { stage: 'scan' }
    )
    if (r.exitCode !== 0)
      throw new Error(`${what}: cannot extract from layer ${layer.digest}: ${tail(r.stderr, 3)}`)
    for (const f of files)
      where.set(`layer-${index + 1}/${f.path}`, `/${f.path} (${f.how}, still in layer ${index + 1})`)
  }
  const output = path.join(o.work, 'hidden-secrets.json')
  const r = await runTrivy(
    o.trivy,
    [
      'fs',
      '--scanners',
      'secret',
      '--format',
      'json',
      '--output',
      output,
      '--cache-dir',
      o.cacheDir,
      '--skip-db-update',
      o.version.skipChecksFlag,
      '--timeout',
      trivyTimeout(o.limit),
      '--quiet',
      o.work
    ],
    { stage: 'scan', limit: o.limit, subject: what }
  )
  if (r.exitCode !== 0)
    throw new Error(
      `the secret scan of ${what}'s hidden files failed: trivy exited ${r.exitCode}: ${tail(r.stderr, 5)}`
    )
  const findings = findingsOf(parseReport(fs.readFileSync(output, 'utf8'), output))
  return findings.map(f => {
    const rel = f.pkg.replace(/^\/+/, '')
    const shown = where.get(rel) ?? f.pkg
    return { ...f, pkg: shown, target: shown }
  })
}
