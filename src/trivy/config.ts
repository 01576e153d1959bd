// Trivy's Dockerfile misconfiguration scan (`trivy config`): every image's Dockerfile, alone, in one call.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { z } from 'zod'
import { tail, type Limit } from '../exec.js'
import { runTrivy } from './env.js'
import { trivyTimeout, type TrivyVersion } from './scan.js'
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

export function configArgs(o: {
  dir: string
  output: string
  cacheDir: string
  version: TrivyVersion
  /** scan-timeout: Trivy's own --timeout is set past it (trivyTimeout) */
  limit?: Limit
}): string[] {
  return [
    'config',
    '--format',
    'json',
    '--output',
    o.output,
    '--cache-dir',
    o.cacheDir,
    o.version.skipChecksFlag,
    '--timeout',
    trivyTimeout(o.limit),
    '--quiet',
    o.dir
  ]
}

/**
 * One `trivy config` for every image's Dockerfile (its rego checks take seconds to load, per call): each
 * Dockerfile is copied alone to `<work>/<key>/Dockerfile`, so no other file of a context is read, and the
 * report is split back per key, one report file per key (`outputFor`).
 */
export async function scanDockerfiles(o: {
  trivy: string
  version: TrivyVersion
  /** key (an image name: a valid directory name) -> the Dockerfile's absolute path */
  dockerfiles: ReadonlyMap<string, string>
  work: string
  outputFor: (key: string) => string
  cacheDir: string
  /** scan-timeout */
  limit?: Limit
}): Promise<Map<string, Misconfiguration[]>> {
  const found = new Map<string, Misconfiguration[]>()
  if (o.dockerfiles.size === 0) return found
  fs.rmSync(o.work, { recursive: true, force: true })
  for (const [key, file] of o.dockerfiles) {
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(key)) throw new Error(`not a directory name: ${key}`)
    fs.mkdirSync(path.join(o.work, 'files', key), { recursive: true })
    fs.copyFileSync(file, path.join(o.work, 'files', key, 'Dockerfile'))
  }
  const output = path.join(o.work, 'config.trivy.json')
  const r = await runTrivy(
    o.trivy,
    configArgs({
      dir: path.join(o.work, 'files'),
      output,
      cacheDir: o.cacheDir,
      version: o.version,
      limit: o.limit
    }),
    { stage: 'rules', limit: o.limit, subject: `the Dockerfiles of ${[...o.dockerfiles.keys()].join(', ')}` }
  )
  const names = [...o.dockerfiles.keys()].join(', ')
  if (r.exitCode !== 0)
    throw new Error(
      `the Dockerfile scan of ${names} failed: trivy exited ${r.exitCode}: ${tail(r.stderr, 5)}`
    )
  const text = fs.readFileSync(output, 'utf8')
  parseConfigReport(text, output) // the whole report is checked before it is split
  const report = JSON.parse(text) as { Results?: { Target?: string }[] | null }
  for (const key of o.dockerfiles.keys()) {
    const own = {
      ...report,
      Results: (report.Results ?? []).filter(res => res.Target === `${key}/Dockerfile`)
    }
    const file = o.outputFor(key)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, JSON.stringify(own, null, 2) + '\n')
    found.set(key, parseConfigReport(JSON.stringify(own), file))
  }
  return found
}
