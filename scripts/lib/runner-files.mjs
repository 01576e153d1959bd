// What the local scripts (example run, benchmarks) read back: the test bed's env file and the
// GITHUB_OUTPUT file an action run wrote.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** `.testbed/env` (KEY=value lines, written by scripts/testbed/up.sh) as an object. */
export function readTestbedEnv(root) {
  return Object.fromEntries(
    readFileSync(join(root, '.testbed/env'), 'utf8')
      .split('\n')
      .filter(l => l.includes('='))
      .map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])
  )
}

/** `name<<DELIMITER` blocks of a GITHUB_OUTPUT file, as @actions/core writes them. */
export function parseOutputs(text) {
  const outputs = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (!m) continue
    const value = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i])
    outputs[m[1]] = value.join('\n')
  }
  return outputs
}
