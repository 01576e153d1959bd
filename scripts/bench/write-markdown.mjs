// Writes a generated Markdown file through the project's Prettier settings, so `format:check` (run by CI)
// passes on whatever the benchmark scripts regenerate.
import { writeFileSync } from 'node:fs'
import * as prettier from 'prettier'

export async function writeMarkdown(file, text) {
  const options = (await prettier.resolveConfig(file)) ?? {}
  writeFileSync(file, await prettier.format(text, { ...options, filepath: file }))
}
