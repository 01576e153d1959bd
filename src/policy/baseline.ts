// The baseline: the findings of the image deployed in the target environment, and the diff of a run's
// findings against it (new / known / fixed). A finding is identified by image, platform, vulnerability id
// and package, never by its line in a report or its order. Pure, except `readBaselineFile`.
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Finding } from '../trivy/report.js'
import {
  FINDINGS_FILE,
  parseFindingsFile,
  type FindingsFile,
  type RecordedFindingT
} from './findings-file.js'

/** The identity of a finding: image, platform, id and package (the file, for a secret). */
export function findingKey(image: string, platform: string, finding: Pick<Finding, 'id' | 'pkg'>): string {
  return JSON.stringify([image, platform, finding.id, finding.pkg])
}

export interface BaselineFinding extends RecordedFindingT {
  image: string
  platform: string
}

/** Where a baseline came from, for messages: `baseline file prev/imagegate-findings.json`. */
export type Baseline =
  | {
      available: true
      source: string
      /** The baseline's findings by key. */
      findings: ReadonlyMap<string, BaselineFinding>
      /** Images the baseline holds (an image it does not hold has no baseline). */
      images: ReadonlySet<string>
      /** The environment the baseline was recorded for. */
      environment?: string
    }
  | { available: false; source: string; reason: string }

export function baselineFromFile(data: FindingsFile, source: string): Baseline {
  const findings = new Map<string, BaselineFinding>()
  for (const image of data.images) {
    for (const p of image.platforms) {
      for (const f of p.findings) {
        findings.set(findingKey(image.name, p.platform, f), { ...f, image: image.name, platform: p.platform })
      }
    }
  }
  return {
    available: true,
    source,
    findings,
    images: new Set(data.images.map(i => i.name)),
    environment: data.environment
  }
}

/**
 * The `baseline` input: a previous run's findings file, or a directory holding one (a downloaded evidence
 * artifact: `imagegate-findings.json` or `artifacts/imagegate-findings.json` in it). Anything that cannot
 * be read is an unavailable baseline with its reason, never an empty one.
 */
export function readBaselineFile(input: string, workspace: string): Baseline {
  const source = `baseline file ${input}`
  const abs = path.resolve(workspace, input)
  let file = abs
  try {
    if (fs.statSync(abs).isDirectory()) {
      const inside = [path.join(abs, FINDINGS_FILE), path.join(abs, 'artifacts', FINDINGS_FILE)]
      const found = inside.find(f => fs.existsSync(f))
      if (!found) {
        return {
          available: false,
          source,
          reason: `${input} is a directory without ${FINDINGS_FILE} (nor artifacts/${FINDINGS_FILE})`
        }
      }
      file = found
    }
    const parsed = parseFindingsFile(fs.readFileSync(file, 'utf8'), path.relative(workspace, file) || file)
    return parsed.ok
      ? baselineFromFile(parsed.data, source)
      : { available: false, source, reason: parsed.reason }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'file not found' : (err as Error).message
    return { available: false, source, reason: `cannot read ${input}: ${why}` }
  }
}

export interface FindingsDiff {
  /** Keys of this image's findings that the baseline does not hold. */
  added: Set<string>
  /** Keys of this image's findings that the baseline holds. */
  known: Set<string>
  /** Baseline findings of this image that are gone. */
  fixed: BaselineFinding[]
}

/** One image's findings (per platform) against the baseline. The baseline must hold the image. */
export function diffImage(
  image: string,
  scans: readonly { platform: string; findings: readonly Finding[] }[],
  baseline: Extract<Baseline, { available: true }>
): FindingsDiff {
  const added = new Set<string>()
  const known = new Set<string>()
  for (const s of scans) {
    for (const f of s.findings) {
      const key = findingKey(image, s.platform, f)
      if (baseline.findings.has(key)) known.add(key)
      else added.add(key)
    }
  }
  const fixed = [...baseline.findings.entries()]
    .filter(([key, f]) => f.image === image && !added.has(key) && !known.has(key))
    .map(([, f]) => f)
  return { added, known, fixed }
}

/**
 * A baseline from scan results of the deployed digest, per image and platform (e.g. the Trivy reports
 * inside its `vuln` attestations: `scanner.result` of each platform's predicate). What the attestation
 * source of `resolveBaseline` hands to the gate.
 */
export function baselineFromScans(
  images: readonly {
    name: string
    platforms: readonly { platform: string; findings: readonly Finding[] }[]
  }[],
  source: string
): Baseline {
  const findings = new Map<string, BaselineFinding>()
  for (const image of images) {
    for (const p of image.platforms) {
      for (const f of p.findings) {
        const { kind, id, pkg, severity, installed, fixed, title, target } = f
        findings.set(findingKey(image.name, p.platform, f), {
          kind,
          id,
          pkg,
          severity,
          ...(installed ? { installed } : {}),
          ...(fixed ? { fixed } : {}),
          ...(title ? { title } : {}),
          target,
          image: image.name,
          platform: p.platform
        })
      }
    }
  }
  return { available: true, source, findings, images: new Set(images.map(i => i.name)) }
}
