// ncc writes an ESM bundle; the runner needs dist/package.json to say so.
import { writeFileSync } from 'node:fs'
writeFileSync(
  new URL('../dist/package.json', import.meta.url),
  JSON.stringify({ type: 'module' }, null, 2) + '\n'
)
