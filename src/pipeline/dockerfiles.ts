// Trivy's Dockerfile misconfiguration scan for the whole catalog, or its reports from the results cache
// when the same Dockerfiles were scanned with the same Trivy before (then no Trivy process runs).
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileDigest, resultKey, throughCache, type ResultCache } from '../cache/results.js'
import { parseConfigReport, scanDockerfiles, type Misconfiguration } from '../trivy/config.js'
import type { Scanner } from './platform.js'

export async function dockerfileEvidence(
  o: {
    /** image name -> its Dockerfile's absolute path */
    dockerfiles: ReadonlyMap<string, string>
    outputFor: (name: string) => string
    /** Where the scan stages the Dockerfiles and writes its report. */
    work: string
  },
  scanner: Scanner,
  cache: ResultCache | undefined
): Promise<Map<string, Misconfiguration[]>> {
  const names = [...o.dockerfiles.keys()]
  const key = resultKey({
    kind: 'dockerfiles',
    trivy: scanner.identity.trivy,
    files: names.map(n => [n, fileDigest(o.dockerfiles.get(n))])
  })
  const entry = (name: string) => `${name}.trivy.json`
  const { value } = await throughCache(names.length > 0 ? cache : undefined, key, {
    what: 'the Dockerfile scan',
    names: names.map(entry),
    restore: hit => {
      const found = new Map<string, Misconfiguration[]>()
      for (const name of names) {
        const file = o.outputFor(name)
        fs.mkdirSync(path.dirname(file), { recursive: true })
        fs.copyFileSync(hit.get(entry(name)) as string, file)
        found.set(name, parseConfigReport(fs.readFileSync(file, 'utf8'), file))
      }
      core.info(`Dockerfiles of ${names.join(', ')}: scanned before with this Trivy: reports reused`)
      return found
    },
    compute: () =>
      scanDockerfiles(
        { work: o.work, dockerfiles: o.dockerfiles, outputFor: o.outputFor },
        {
          trivy: scanner.trivy,
          version: scanner.version,
          cacheDir: scanner.db.cacheDir,
          limit: scanner.timeout
        }
      ),
    store: (_found, results, entryKey) =>
      void results.put(entryKey, new Map(names.map(n => [entry(n), o.outputFor(n)])))
  })
  return value
}
