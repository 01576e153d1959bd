// The evidence of one platform image: Trivy's report (vulnerabilities and secrets), secrets in files a
// later layer hides, and the SBOMs; or the same files from the results cache when these exact bytes were
// already scanned with the same scanner, DB and options.
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Limit } from '../exec.js'
import {
  fileDigest,
  fileIdentity,
  fileSize,
  resultKey,
  throughCache,
  type ResultCache
} from '../cache/results.js'
import { sbomFileName, validateSbom, type SbomFormat, type SbomSummary } from '../sbom/sbom.js'
import { syftSbom } from '../syft/sbom.js'
import { HiddenFileScan } from '../trivy/hidden-files.js'
import type { Descriptor } from '../oci/layout.js'
import { findingsOf, parseReport, type Finding } from '../trivy/report.js'
import type { DbInfo } from '../trivy/db.js'
import { scan, trivyTimeout, type ScanFlags, type TrivyVersion } from '../trivy/scan.js'
import { trivySbom } from '../trivy/sbom.js'

export interface Scanner {
  trivy: string
  syft?: string
  version: TrivyVersion
  db: DbInfo
  /** What cached results depend on about the scanner, read once per run (scannerIdentity). */
  identity: ScannerIdentity
  /** The scan-timeout input: the limit of every Trivy and syft process (none when undefined). */
  timeout?: Limit
}

export interface ScannerIdentity {
  trivy: { version: string; file: string }
  syft?: string
  /** The DB by content (metadata: its build time) and size, not by path: a copied DB is the same DB. */
  db: { metadata?: string; bytes?: number }
}

export function scannerIdentity(o: {
  trivy: string
  version: TrivyVersion
  syft?: string
  cacheDir: string
}): ScannerIdentity {
  const db = path.join(o.cacheDir, 'db')
  return {
    trivy: { version: o.version.version, file: fileIdentity(o.trivy) },
    ...(o.syft ? { syft: fileIdentity(o.syft) } : {}),
    db: { metadata: fileDigest(path.join(db, 'metadata.json')), bytes: fileSize(path.join(db, 'trivy.db')) }
  }
}

export interface PlatformJob {
  image: string
  /** `<registry>/<org>/<service>`: the SBOM's subject for syft. */
  repository: string
  platform: string
  /** How many platforms the image has (the SBOM file name's platform suffix). */
  platforms: number
  /** The platform image's manifest digest: what the cached results are keyed on. */
  manifest: string
  /** The single-platform OCI layout Trivy and the SBOM generator read. */
  input: string
  layoutDir: string
  /** The platform image's layers, in order (read for files a later layer hides). */
  layers: Descriptor[]
  /** The platform image's config digest: the image Trivy's report must be of (its Metadata.ImageID). */
  config?: string
  shortSha: string
  out: string
  work: string
  ignoreUnfixed: boolean
  ignoreFile?: string
  /** The scanner options (skip-dirs, skip-files, pkg-types, the trivy.yaml's absolute path). */
  scan?: ScanFlags
  /** Secret scanning (the scanners input holds secret): the image's files and its hidden files. Default on. */
  secrets?: boolean
  sbom: { generator: 'syft' | 'trivy'; formats: SbomFormat[] }
}

export interface PlatformEvidence {
  reportFile: string
  findings: Finding[]
  sboms: SbomSummary[]
  /** True when the files came from the results cache. */
  reused: boolean
}

const REPORT = 'report.trivy.json'
const HIDDEN = 'hidden-findings.json'
const sbomEntry = (format: SbomFormat) => `sbom.${format}.json`

/**
 * With Trivy as the generator, every SBOM is Trivy's own conversion of the scan's report
 * (`--list-all-pkgs`): the layout is analysed once, and the SBOM lists the packages the gate judged.
 */
export const sbomFromScan = (job: PlatformJob) => job.sbom.generator === 'trivy'
/** How SBOMs are made from a report, in the results key: cached SBOMs made another way are not reused. */
const SBOM_FROM_REPORT = 'trivy convert'

/** Everything the platform's evidence depends on besides its bytes' digest. */
export function platformKey(job: PlatformJob, scanner: Scanner): string {
  return resultKey({
    kind: 'platform',
    image: job.image,
    manifest: job.manifest,
    platform: job.platform,
    trivy: scanner.identity.trivy,
    syft: job.sbom.generator === 'syft' ? scanner.identity.syft : undefined,
    db: scanner.identity.db,
    ignoreUnfixed: job.ignoreUnfixed,
    ignore: fileDigest(job.ignoreFile),
    ...scanKey(job),
    sbom: job.sbom,
    ...(sbomFromScan(job) ? { sbomFromReport: SBOM_FROM_REPORT } : {})
  })
}

/** The scanner options in the results key: absent when none is set, so earlier keys stay valid. */
function scanKey(job: PlatformJob): Record<string, unknown> {
  const secrets = job.secrets ?? true
  const { trivyConfig, ...flags } = job.scan ?? { skipDirs: [], skipFiles: [] }
  const set = flags.skipDirs.length + flags.skipFiles.length > 0 || flags.pkgTypes || trivyConfig || !secrets
  if (!set) return {}
  return { scan: { ...flags, secrets, ...(trivyConfig ? { config: fileDigest(trivyConfig) } : {}) } }
}

/** What the platforms of one run share. */
export interface RunScans {
  /** The run's secret scan of hidden files: one Trivy process for every platform. */
  hidden: HiddenFileScan
  /**
   * The run's bound on parallel scans (max-parallel): the platform's Trivy scan and its SBOMs run inside
   * it; the extraction of its hidden files (in process) and the wait for the run's hidden-file scan, which
   * needs every other platform's files first, never do.
   */
  slot?: <T>(work: () => Promise<T>) => Promise<T>
}

/** A hidden-file scan of this platform alone: closed, so that its one submission is scanned at once. */
function alone(job: PlatformJob, slug: string): HiddenFileScan {
  const scan = new HiddenFileScan({ work: path.join(job.work, 'hidden', slug), images: [job.image] })
  scan.close()
  return scan
}

/**
 * The evidence of one platform image. Every call submits to the run's hidden-file scan exactly once (its
 * files, or a skip when its evidence comes from the results cache or it fails first). Without `run`, the
 * platform's hidden files get a Trivy process of their own.
 */
export async function platformEvidence(
  job: PlatformJob,
  scanner: Scanner,
  cache: ResultCache | undefined,
  run?: RunScans
): Promise<PlatformEvidence> {
  const what = `${job.image} ${job.platform}`
  const slug = job.platform.replace(/\//g, '-')
  const hidden = run?.hidden ?? alone(job, slug)
  const slot = run?.slot ?? (<T>(work: () => Promise<T>) => work())
  let submitted = false
  const submitHidden = () => {
    submitted = true
    return hidden.add(
      {
        image: job.image,
        platform: job.platform,
        platforms: job.platforms,
        layoutDir: job.layoutDir,
        layers: job.layers,
        ...(job.scan ? { skip: job.scan } : {})
      },
      {
        trivy: scanner.trivy,
        version: scanner.version,
        cacheDir: scanner.db.cacheDir,
        limit: scanner.timeout
      }
    )
  }
  const reportFile = path.join(job.out, 'artifacts', 'scans', `${job.image}-${slug}.trivy.json`)
  const sbomFiles = job.sbom.formats.map(
    format =>
      [
        format,
        path.join(job.out, 'sbom', sbomFileName(job.image, job.shortSha, job.platform, job.platforms, format))
      ] as const
  )
  try {
    const { value, reused } = await throughCache(cache, cache ? platformKey(job, scanner) : undefined, {
      names: [REPORT, HIDDEN, ...job.sbom.formats.map(sbomEntry)],
      what,
      restore: hit => {
        const place = (from: string, to: string) => {
          fs.mkdirSync(path.dirname(to), { recursive: true })
          fs.copyFileSync(from, to)
        }
        place(hit.get(REPORT) as string, reportFile)
        for (const [format, file] of sbomFiles) place(hit.get(sbomEntry(format)) as string, file)
        const report = parseReport(fs.readFileSync(reportFile, 'utf8'), reportFile)
        const hidden = JSON.parse(fs.readFileSync(hit.get(HIDDEN) as string, 'utf8')) as Finding[]
        const sboms = sbomFiles.map(([format, file]) => validateSbom(file, format))
        core.info(
          `${what}: ${job.manifest} was scanned before with this Trivy, DB and options: reports reused`
        )
        return { findings: [...findingsOf(report), ...hidden], hidden, sboms }
      },
      compute: async () => {
        // the files a later layer hides (the image scan does not read them in the layers Trivy takes for
        // the base image's) are extracted at once, outside the bound on scans: the run's one secret scan of them
        // starts as soon as every platform has given its files, not when the last platform's turn comes
        // without secret scanning (scanners: vuln) no hidden file is read: the finally block skips them
        const submission = (job.secrets ?? true) ? submitHidden() : undefined
        submission?.catch(() => undefined) // awaited after the scan
        const { s, sboms } = await slot(async () => {
          const s = await scan(
            {
              trivy: scanner.trivy,
              version: scanner.version,
              input: job.input,
              ...(job.config ? { imageId: job.config } : {}),
              output: reportFile,
              cacheDir: scanner.db.cacheDir,
              ignoreUnfixed: job.ignoreUnfixed,
              ignoreFile: job.ignoreFile,
              secrets: job.secrets ?? true,
              ...(job.scan ? { settings: job.scan } : {}),
              listAllPkgs: sbomFromScan(job),
              timeout: trivyTimeout(scanner.timeout),
              limit: scanner.timeout
            },
            what
          )
          return { s, sboms: await writeSboms(job, scanner, s.reportFile, sbomFiles, what) }
        })
        // the run's one secret scan of hidden files, once every platform has submitted
        const hidden = submission ? await (await submission).findings : []
        return { findings: [...s.findings, ...hidden], hidden, sboms }
      },
      store: (computed, results, key) => {
        const hiddenFile = path.join(job.work, `${slug}-${HIDDEN}`)
        fs.mkdirSync(job.work, { recursive: true })
        fs.writeFileSync(hiddenFile, JSON.stringify(computed.hidden))
        const files = new Map<string, string>([
          [REPORT, reportFile],
          [HIDDEN, hiddenFile]
        ])
        for (const [format, file] of sbomFiles) files.set(sbomEntry(format), file)
        results.put(key, files)
      }
    })
    return { reportFile, findings: value.findings, sboms: value.sboms, reused }
  } finally {
    if (!submitted) hidden.skip(job.image, job.platforms)
  }
}

async function writeSboms(
  job: PlatformJob,
  scanner: Scanner,
  reportFile: string,
  sbomFiles: readonly (readonly [SbomFormat, string])[],
  what: string
): Promise<SbomSummary[]> {
  const sboms: SbomSummary[] = []
  for (const [format, output] of sbomFiles) {
    if (sbomFromScan(job)) {
      await trivySbom(
        scanner.trivy,
        {
          reportFile,
          image: { repository: job.repository, manifest: job.manifest },
          output,
          format,
          work: job.work,
          limit: scanner.timeout
        },
        what
      )
    } else {
      await syftSbom(
        scanner.syft as string,
        {
          input: job.input,
          output,
          format,
          name: `${job.repository}@${job.platform}`,
          limit: scanner.timeout
        },
        what
      )
    }
    sboms.push(validateSbom(output, format))
  }
  return sboms
}
