// Trivy's Dockerfile misconfiguration findings: every image's Dockerfile, copied alone, is scanned by one
// `trivy fs` for the whole catalog (fs-scan.ts), started with the run: it needs no build, and it is the
// costly Trivy process of a run (it compiles Trivy's Dockerfile checks: about a second and a half of CPU
// on Trivy 0.68, where a secret scan of the hidden files takes 0.2 s). Its report is split back per image.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { z } from 'zod'
import { parseJson } from '../json.js'
import { FsScanError, runFsScan, type TrivyRun } from './fs-scan.js'

const ConfigReportSchema = z.looseObject({
  Results: z
    .array(
      z.looseObject({
        Target: z.string(),
        Misconfigurations: z
          .array(
            z.looseObject({
              ID: z.string(),
              AVDID: z.string().optional(),
              Title: z.string(),
              Severity: z.string(),
              Status: z.string(),
              Message: z.string().optional(),
              CauseMetadata: z.looseObject({ StartLine: z.number().optional() }).optional()
            })
          )
          .nullish()
      })
    )
    .nullish()
})

export interface Misconfiguration {
  id: string
  severity: string
  title: string
  message?: string
  line?: number
}

export function parseConfigReport(text: string, file: string): Misconfiguration[] {
  const json = parseJson(text, () => `Trivy config report ${file} is not JSON`)
  const r = ConfigReportSchema.safeParse(json)
  if (!r.success) throw new Error(`Trivy config report ${file} is not a Trivy JSON report`)
  return (r.data.Results ?? []).flatMap(res =>
    (res.Misconfigurations ?? [])
      .filter(m => m.Status === 'FAIL')
      .map(m => ({
        id: m.ID,
        severity: m.Severity,
        title: m.Title,
        message: m.Message,
        line: m.CauseMetadata?.StartLine
      }))
  )
}

/** A folder name Trivy reads as it is (image names are). */
const NAME = /^[a-z0-9][a-z0-9._-]*$/

/**
 * Copies each Dockerfile alone to `<dir>/<key>/Dockerfile`, so that no other file of a build context is
 * read. `key`: an image name, a valid directory name.
 */
export function stageDockerfiles(dir: string, dockerfiles: ReadonlyMap<string, string>): void {
  fs.rmSync(dir, { recursive: true, force: true })
  for (const [key, file] of dockerfiles) {
    if (!NAME.test(key)) throw new Error(`not a directory name: ${key}`)
    fs.mkdirSync(path.join(dir, key), { recursive: true })
    fs.copyFileSync(file, path.join(dir, key, 'Dockerfile'))
  }
}

/** The folder of the scanned root that holds the staged Dockerfiles. */
const DOCKERFILES = 'dockerfiles'

/**
 * Scans the Dockerfiles (key: an image name -> its path) for misconfigurations in one `trivy fs` below
 * `work` (emptied first), and writes one report file per key (`outputFor`). No Dockerfile, no process.
 */
export async function scanDockerfiles(
  o: { work: string; dockerfiles: ReadonlyMap<string, string>; outputFor: (key: string) => string },
  trivy: TrivyRun
): Promise<Map<string, Misconfiguration[]>> {
  if (o.dockerfiles.size === 0) return new Map()
  const root = path.join(o.work, 'root')
  const output = path.join(o.work, 'dockerfiles.json')
  fs.rmSync(o.work, { recursive: true, force: true })
  stageDockerfiles(path.join(root, DOCKERFILES), o.dockerfiles)
  const names = [...o.dockerfiles.keys()].join(', ')
  let text: string
  try {
    text = await runFsScan({
      ...trivy,
      dir: root,
      output,
      secret: false,
      misconfig: true,
      subject: `the Dockerfiles of ${names}`
    })
  } catch (err) {
    if (err instanceof FsScanError)
      throw new Error(`the Dockerfile scan of ${names} failed: ${err.message}`, { cause: err })
    throw err
  }
  return splitDockerfileReport({
    text,
    file: output,
    folder: DOCKERFILES,
    keys: o.dockerfiles.keys(),
    outputFor: o.outputFor
  })
}

/**
 * Splits the misconfigurations of a report whose root held the staged Dockerfiles in `folder` into one
 * report file per key (`outputFor`): the report with only that Dockerfile's misconfiguration results, its
 * target named `<key>/Dockerfile` as if the folder were the root. Other results (the secret scan's, other
 * folders') are not the Dockerfile scan's.
 */
export function splitDockerfileReport(o: {
  text: string
  file: string
  folder: string
  keys: Iterable<string>
  outputFor: (key: string) => string
}): Map<string, Misconfiguration[]> {
  parseConfigReport(o.text, o.file) // the whole report is checked before it is split
  const report = JSON.parse(o.text) as { Results?: { Target?: string; Class?: string }[] | null }
  const found = new Map<string, Misconfiguration[]>()
  for (const key of o.keys) {
    const own = {
      ...report,
      Results: (report.Results ?? [])
        .filter(res => res.Target === `${o.folder}/${key}/Dockerfile` && res.Class !== 'secret')
        .map(res => ({ ...res, Target: `${key}/Dockerfile` }))
    }
    const file = o.outputFor(key)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, JSON.stringify(own, null, 2) + '\n')
    found.set(key, parseConfigReport(JSON.stringify(own), file))
  }
  return found
}
