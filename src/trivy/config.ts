// Trivy's Dockerfile misconfiguration findings: every image's Dockerfile, copied alone, is scanned by the
// run's one `trivy fs` (fs-scan.ts, beside the hidden files' secrets) and its report split back per image.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { z } from 'zod'
import { parseJson } from '../json.js'

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
