// Trivy's Dockerfile misconfiguration scan (`trivy config`), on the image's Dockerfile alone.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { z } from 'zod'
import { exec, tail } from '../exec.js'
import type { TrivyVersion } from './scan.js'

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
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error(`Trivy config report ${file} is not JSON`)
  }
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
    '--quiet',
    o.dir
  ]
}

/** Scans the Dockerfile alone (copied into an empty directory, so no other file of the context is read). */
export async function scanDockerfile(
  o: {
    trivy: string
    version: TrivyVersion
    dockerfile: string
    work: string
    output: string
    cacheDir: string
  },
  what: string
): Promise<Misconfiguration[]> {
  fs.rmSync(o.work, { recursive: true, force: true })
  fs.mkdirSync(o.work, { recursive: true })
  fs.copyFileSync(o.dockerfile, path.join(o.work, 'Dockerfile'))
  fs.mkdirSync(path.dirname(o.output), { recursive: true })
  const r = await exec(
    o.trivy,
    configArgs({ dir: o.work, output: o.output, cacheDir: o.cacheDir, version: o.version }),
    {
      stage: 'rules'
    }
  )
  if (r.exitCode !== 0)
    throw new Error(`the Dockerfile scan of ${what} failed: trivy exited ${r.exitCode}: ${tail(r.stderr, 5)}`)
  return parseConfigReport(fs.readFileSync(o.output, 'utf8'), o.output)
}
