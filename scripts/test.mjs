// The test command (README: `npm test`). Starts the test bed the end-to-end tests need
// (scripts/testbed/up.sh: idempotent), then runs jest in ESM mode over the unit and e2e projects.
// Extra arguments go to jest, e.g. `npm test -- --selectProjects unit`.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

const args = process.argv.slice(2)
const unitOnly = args.includes('unit') && !args.includes('e2e')
const up = new URL('./testbed/up.sh', import.meta.url).pathname
if (!unitOnly && process.env.IMAGEGATE_TESTBED !== 'skip' && existsSync(up)) {
  const r = spawnSync('bash', [up], { stdio: 'inherit' })
  if (r.status !== 0) {
    console.error('the test bed did not start (scripts/testbed/up.sh): see above')
    console.log('\n0 passed, 1 failed')
    process.exit(1)
  }
}

const require = createRequire(import.meta.url)
const jest = require.resolve('jest/bin/jest')
const r = spawnSync(process.execPath, [jest, ...args], {
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() }
})
process.exit(r.status ?? 1)
