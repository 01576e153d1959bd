// The `trivyignores` input: Trivy takes one --ignorefile, so several files are joined into one. Plain
// `.trivyignore` files stay plain lines; as soon as one is a `.trivyignore.yaml` (Trivy's YAML format,
// with paths, purls, statements and expiry dates), everything is joined into one YAML file whose name
// ends in `.yaml` (Trivy chooses the parser by the extension), plain ids becoming YAML entries.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parse, stringify } from 'yaml'

const SECTIONS = ['vulnerabilities', 'misconfigurations', 'secrets', 'licenses'] as const
type Section = (typeof SECTIONS)[number]
type YamlIgnore = Record<Section, Record<string, unknown>[]>

/** Trivy's first version that reads an ignore file ending in .yaml/.yml as YAML (older ones read its lines). */
export const YAML_IGNORE_MIN_VERSION = '0.48.0'

export const isYamlIgnore = (file: string): boolean => /\.ya?ml$/i.test(file)

/** A plain .trivyignore's entries: `ID` or `ID exp:YYYY-MM-DD`, `#` comments. */
export function plainEntries(text: string): { id: string; expired_at?: string }[] {
  const out: { id: string; expired_at?: string }[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const [id, ...rest] = line.split(/\s+/)
    const exp = rest.find(f => f.startsWith('exp:'))?.slice(4)
    if (id) out.push(exp ? { id, expired_at: exp } : { id })
  }
  return out
}

/** One YAML ignore document from several files (plain ones apply to every kind of finding, as in Trivy). */
export function mergeToYaml(files: readonly { name: string; text: string }[]): string {
  const merged: YamlIgnore = { vulnerabilities: [], misconfigurations: [], secrets: [], licenses: [] }
  for (const f of files) {
    if (!isYamlIgnore(f.name)) {
      for (const e of plainEntries(f.text)) for (const s of SECTIONS) merged[s].push({ ...e })
      continue
    }
    let doc: unknown
    try {
      doc = parse(f.text)
    } catch (err) {
      throw new Error(
        `input trivyignores: ${f.name} is not valid YAML: ${(err as Error).message.split('\n')[0]}`,
        { cause: err }
      )
    }
    if (doc === null || doc === undefined) continue
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      throw new Error(`input trivyignores: ${f.name} is not a Trivy YAML ignore file (expected a mapping)`)
    }
    for (const [key, value] of Object.entries(doc)) {
      if (!(SECTIONS as readonly string[]).includes(key)) {
        throw new Error(
          `input trivyignores: ${f.name}: "${key}" is not a section of a Trivy ignore file (${SECTIONS.join(', ')})`
        )
      }
      if (value === null || value === undefined) continue
      if (!Array.isArray(value) || value.some(v => typeof v !== 'object' || v === null || !('id' in v))) {
        throw new Error(`input trivyignores: ${f.name}: ${key} must be a list of entries with an id`)
      }
      merged[key as Section].push(...(value as Record<string, unknown>[]))
    }
  }
  return stringify(merged)
}

/**
 * The merged ignore file for Trivy (`target`, or `target.yaml` when one of the files is YAML), or
 * undefined without trivyignores.
 */
export function mergeIgnoreFiles(
  files: readonly string[],
  workspace: string,
  target: string
): string | undefined {
  if (files.length === 0) return undefined
  const read = files.map(f => {
    const abs = path.resolve(workspace, f)
    if (!fs.existsSync(abs)) throw new Error(`input trivyignores: ${f} not found in the workspace`)
    return { name: f, text: fs.readFileSync(abs, 'utf8') }
  })
  fs.mkdirSync(path.dirname(target), { recursive: true })
  if (read.some(f => isYamlIgnore(f.name))) {
    const merged = `${target}.yaml`
    fs.writeFileSync(merged, mergeToYaml(read))
    return merged
  }
  const merged = target
  fs.writeFileSync(merged, read.map(f => `# ${f.name}\n${f.text}\n`).join(''))
  return merged
}

const versionParts = (v: string): number[] | undefined => {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v)
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined
}

/**
 * A YAML ignore file with a Trivy that would read it as plain lines (ignoring nothing, silently) is an
 * error. An unnumbered build (`dev`) is trusted to be recent.
 */
export function checkIgnoreFileSupport(ignoreFile: string | undefined, trivyVersion: string): void {
  if (!ignoreFile || !isYamlIgnore(ignoreFile)) return
  const have = versionParts(trivyVersion)
  const need = versionParts(YAML_IGNORE_MIN_VERSION) as number[]
  if (!have) return
  for (let i = 0; i < 3; i++) {
    if ((have[i] as number) > (need[i] as number)) return
    if ((have[i] as number) < (need[i] as number)) {
      throw new Error(
        `input trivyignores: Trivy ${trivyVersion} reads an ignore file as plain lines: the .trivyignore.yaml entries would silently ignore nothing. Use Trivy ${YAML_IGNORE_MIN_VERSION} or later (trivy-version), plain .trivyignore files, or imagegate's exceptions file`
      )
    }
  }
}
