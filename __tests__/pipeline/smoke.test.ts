// Reusing a smoke test's pass: only for the same bytes, smoke block, environment values and platform;
// never a failure. The smoke test itself is the real one in the e2e suite; here it is counted.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { ResultCache } from '../../src/cache/results.js'
import type { SmokeOpts, SmokeResult } from '../../src/docker/smoke.js'
import { smokeEvidence } from '../../src/pipeline/smoke.js'

const MANIFEST = `sha256:${'c'.repeat(64)}`
const base = {
  image: 'web',
  platform: 'linux/amd64',
  layoutDir: '/nowhere',
  smoke: { env: { GREETING: 'hello', API_TOKEN: null }, health: { path: '/healthz', port: 8080 } },
  values: { API_TOKEN: 'secret-1' },
  manifest: { digest: MANIFEST, size: 1, mediaType: 'application/vnd.oci.image.manifest.v1+json' },
  content: { config: { digest: `sha256:${'e'.repeat(64)}`, size: 1, mediaType: '' }, layers: [] }
} as SmokeOpts

function counting(result: SmokeResult) {
  const calls: SmokeOpts[] = []
  return { calls, run: async (o: SmokeOpts) => (calls.push(o), result) }
}
const cache = () => new ResultCache(fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-smoke-cache-')))

describe('smoke results reused', () => {
  test('a pass is reused for the same bytes, block and values; the test does not run again', async () => {
    const c = cache()
    const t = counting({
      passed: true,
      message: 'web linux/amd64: healthy (GET /healthz answered 200), runs as uid 10001'
    })
    const first = await smokeEvidence(base, c, t.run)
    expect(first).toMatchObject({ passed: true, reused: false })
    const again = await smokeEvidence(base, c, t.run)
    expect(again.reused).toBe(true)
    expect(again.passed).toBe(true)
    expect(again.message).toBe(`${first.message} (passed before: result reused)`)
    expect(t.calls).toHaveLength(1)
  })

  test('other bytes, another value, another block or no cache: the test runs', async () => {
    const c = cache()
    const t = counting({ passed: true, message: 'ok' })
    await smokeEvidence(base, c, t.run)
    await smokeEvidence(
      { ...base, manifest: { ...base.manifest, digest: `sha256:${'d'.repeat(64)}` } },
      c,
      t.run
    )
    await smokeEvidence({ ...base, values: { API_TOKEN: 'secret-2' } }, c, t.run)
    await smokeEvidence(
      { ...base, smoke: { ...base.smoke, health: { path: '/ready', port: 8080 } } },
      c,
      t.run
    )
    await smokeEvidence(base, undefined, t.run)
    expect(t.calls).toHaveLength(5)
  })

  test('a failure is never kept: the next run tests again', async () => {
    const c = cache()
    const t = counting({ passed: false, message: 'never became healthy' })
    await smokeEvidence(base, c, t.run)
    const again = await smokeEvidence(base, c, t.run)
    expect(again).toMatchObject({ passed: false, reused: false })
    expect(t.calls).toHaveLength(2)
  })

  test('nothing stored holds an environment value', async () => {
    const c = cache()
    await smokeEvidence(base, c, counting({ passed: true, message: 'ok' }).run)
    const files = fs.readdirSync(c.dir, { recursive: true, withFileTypes: true }).filter(e => e.isFile())
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) {
      const file = path.join(f.parentPath, f.name)
      expect(`${file}\n${fs.readFileSync(file, 'utf8')}`).not.toContain('secret-1')
    }
  })

  test('a value missing from the inputs: no key, the test runs and says so', async () => {
    const t = counting({ passed: false, message: 'web: smoke test needs API_TOKEN' })
    const r = await smokeEvidence({ ...base, values: {} }, cache(), t.run)
    expect(r.passed).toBe(false)
    expect(t.calls).toHaveLength(1)
  })
})
