// dist/licenses.txt: the license of every production dependency the bundle may contain (the action's
// runtime dependencies and theirs, from package-lock.json). ncc's own --license writes one file per
// chunk to the same name, so a code-split bundle kept only one chunk's list; this replaces it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))
const seen = new Map()
for (const [where, entry] of Object.entries(lock.packages ?? {})) {
  if (!where.startsWith('node_modules/') || entry.dev || entry.devOptional) continue
  const dir = join(root, where)
  if (!existsSync(join(dir, 'package.json'))) continue
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const key = `${pkg.name}@${pkg.version}`
  if (seen.has(key)) continue
  const file = readdirSync(dir).find(f => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f))
  const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'UNKNOWN')
  seen.set(key, { name: pkg.name, license, text: file ? readFileSync(join(dir, file), 'utf8').trim() : '' })
}
const entries = [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v)
writeFileSync(
  join(root, 'dist/licenses.txt'),
  entries.map(e => `${e.name}\n${e.license}${e.text ? `\n${e.text}` : ''}\n`).join('\n')
)
