// Real image configs, as BuildKit wrote them for the images of scripts/hardening-fixtures.sh
// (leaky, hardened, named), and variants of them with one field changed.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parseImageConfig, type ImageConfig } from '../../src/hardening/image-config.js'

export const CONFIGS = path.resolve(
  import.meta.dirname ?? new URL('.', import.meta.url).pathname,
  '..',
  'fixtures',
  'image-configs'
)

export type FixtureName = 'leaky' | 'hardened' | 'named'

export function configFile(name: FixtureName): string {
  return path.join(CONFIGS, `${name}.json`)
}

export function realConfig(name: FixtureName): ImageConfig {
  return parseImageConfig(fs.readFileSync(configFile(name), 'utf8'), configFile(name))
}

type Inner = NonNullable<ImageConfig['config']>

/** A real config with some of its `config` fields replaced (`undefined` removes one). */
export function variant(name: FixtureName, patch: Partial<Inner>, history?: string[]): ImageConfig {
  const base = realConfig(name)
  const config = { ...base.config, ...patch } as Inner
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete config[k as keyof Inner]
  const out: ImageConfig = { ...base, config }
  if (history) out.history = history.map(created_by => ({ created_by, comment: 'buildkit.dockerfile.v0' }))
  return out
}
