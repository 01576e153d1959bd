// The smoke test of an image, or its result from the results cache when these exact bytes passed the same
// smoke test (same smoke block, same environment values, same platform) before. Only a pass is kept: a
// failed smoke test always runs again.
import { createHash } from 'node:crypto'
import * as core from '@actions/core'
import * as fs from 'node:fs'
import { resultKey, throughCache, type ResultCache } from '../cache/results.js'
import { smokeEnv } from '../docker/smoke-env.js'
import { smokeTest, type SmokeOpts, type SmokeResult } from '../docker/smoke.js'

/** Bumped when what a smoke test checks changes: older passes are not reused. */
const SMOKE_TEST = 1

/**
 * What a smoke result depends on: the platform image run (its manifest digest), the smoke block, and the
 * environment's values, digested (they may be secrets: the key file holds only a hash of a hash).
 */
export function smokeKey(o: SmokeOpts): string {
  const env = smokeEnv(o.image, o.smoke, o.values)
  const values = createHash('sha256')
    .update(JSON.stringify(Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1))))
    .digest('hex')
  return resultKey({
    kind: 'smoke',
    test: SMOKE_TEST,
    image: o.image,
    platform: o.platform,
    manifest: o.manifest.digest,
    smoke: o.smoke,
    timeout: o.timeoutSeconds,
    env: values
  })
}

const ENTRY = 'smoke.json'

export async function smokeEvidence(
  o: SmokeOpts,
  cache: ResultCache | undefined,
  run: (o: SmokeOpts) => Promise<SmokeResult> = smokeTest
): Promise<SmokeResult & { reused: boolean }> {
  let key: string | undefined
  try {
    key = cache ? smokeKey(o) : undefined
  } catch {
    key = undefined // a missing env value: the test itself says so
  }
  const { value, reused } = await throughCache(cache, key, {
    what: `${o.image} ${o.platform}: the smoke test`,
    names: [ENTRY],
    restore: hit => {
      const before = JSON.parse(fs.readFileSync(hit.get(ENTRY) as string, 'utf8')) as Partial<SmokeResult>
      // only a pass is kept; anything else in the entry is not a result
      if (before.passed !== true || typeof before.message !== 'string') throw new Error('not a passed test')
      core.info(`${o.image} ${o.platform}: ${o.manifest.digest} passed this smoke test before: result reused`)
      return { passed: true, message: `${before.message} (passed before: result reused)` }
    },
    compute: () => run(o),
    store: (r, results, entryKey) => {
      if (r.passed) results.putJson(entryKey, ENTRY, { passed: true, message: r.message })
    }
  })
  return { ...value, reused }
}
