// Runs the whole pipeline on the example catalog against the local test bed: build (both platforms),
// scan every platform, gate, push to the test bed's registry. The example Dockerfiles take their base
// image as a build ARG; here it is the test bed's busybox base, pushed by digest (no image is pulled).
// Usage: npm run example:local
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readTestbedEnv } from './lib/runner-files.mjs'

const root = new URL('..', import.meta.url).pathname
const up = spawnSync('bash', [join(root, 'scripts/testbed/up.sh')], { stdio: 'inherit' })
if (up.status !== 0) process.exit(up.status ?? 1)
const bed = readTestbedEnv(root)
const tmp = mkdtempSync(join(tmpdir(), 'imagegate-example-'))
const ws = join(tmp, 'workspace')
cpSync(join(root, 'example'), ws, { recursive: true, filter: src => !src.includes('/artifacts') })
const cache = join(tmp, 'trivy-cache')
cpSync(bed.TRIVY_DB_FIXTURE, cache, { recursive: true })
const files = {
  output: join(tmp, 'output'),
  summary: join(tmp, 'summary.md'),
  event: join(tmp, 'event.json')
}
writeFileSync(files.output, '')
writeFileSync(files.summary, '')
writeFileSync(files.event, JSON.stringify({ repository: { default_branch: 'main' } }))
const sha = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim()
const env = {
  ...process.env,
  PATH: `${bed.TRIVY_BIN_DIR}:${process.env.PATH}`,
  TRIVY_CACHE_DIR: cache,
  RUNNER_TEMP: tmp,
  GITHUB_WORKSPACE: ws,
  GITHUB_EVENT_NAME: 'push',
  GITHUB_EVENT_PATH: files.event,
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: /^[0-9a-f]{40}$/.test(sha) ? sha : '0'.repeat(40),
  GITHUB_REPOSITORY: 'example/platform',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_OUTPUT: files.output,
  GITHUB_STEP_SUMMARY: files.summary,
  INPUT_REGISTRY: bed.REGISTRY,
  INPUT_PUSH: 'true',
  'INPUT_OFFLINE-DB': 'true',
  'INPUT_SBOM-GENERATOR': 'trivy',
  // the backend's smoke test needs DATABASE_URL (a secret on GitHub); any value starts this example
  'INPUT_SMOKE-ENV': 'DATABASE_URL=postgres://example@db.invalid/app',
  'INPUT_BUILD-ARGS': `BASE_IMAGE=${bed.BASE_IMAGE}\nBUILDER_IMAGE=${bed.BASE_IMAGE}`
}
const r = spawnSync(process.execPath, [join(root, 'dist/index.js')], { env, stdio: 'inherit' })
process.stdout.write('\n' + readFileSync(files.summary, 'utf8'))
console.log(`\nworkspace, reports and SBOMs: ${ws}`)
process.exit(r.status ?? 1)
