// Runs the bundled action on the example catalog in plan mode, as the runner would, and prints the plan.
// Usage: npm run plan:example [-- environment [ref]]   e.g. npm run plan:example -- prod refs/tags/v1.3.0
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const [environment = 'dev', ref = 'refs/heads/main'] = process.argv.slice(2)
const root = new URL('..', import.meta.url).pathname
const tmp = mkdtempSync(join(tmpdir(), 'imagegate-plan-'))
const event = join(tmp, 'event.json')
writeFileSync(event, JSON.stringify({ repository: { default_branch: 'main' } }))
const sha = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim()
const env = {
  ...process.env,
  GITHUB_WORKSPACE: join(root, 'example'),
  GITHUB_EVENT_NAME: ref.startsWith('refs/pull/') ? 'pull_request' : 'push',
  GITHUB_EVENT_PATH: event,
  GITHUB_REF: ref,
  GITHUB_SHA: /^[0-9a-f]{40}$/.test(sha) ? sha : '0'.repeat(40),
  GITHUB_REPOSITORY: 'example/platform',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_OUTPUT: join(tmp, 'output'),
  GITHUB_STEP_SUMMARY: join(tmp, 'summary.md'),
  INPUT_MODE: 'plan',
  INPUT_ENVIRONMENT: environment
}
writeFileSync(env.GITHUB_OUTPUT, '')
writeFileSync(env.GITHUB_STEP_SUMMARY, '')
const r = spawnSync(process.execPath, [join(root, 'dist', 'index.js')], { env, stdio: 'inherit' })
try {
  process.stdout.write('\n' + readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'))
} catch {
  // no summary: the run failed before writing it
}
process.exit(r.status ?? 1)
