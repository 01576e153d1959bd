// The scanner options a user sets (trivy-action's names: skip-dirs, skip-files, vuln-type/pkg-types,
// scanners, trivy-config): their rules (pure), the argv they add to an image scan or a Trivy SBOM for the
// Trivy version found, and the check of the config file against the workspace.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { escapes } from '../catalog/load.js'
import type { TrivyVersion } from './scan.js'

/** The package types Trivy knows (`--pkg-types`, `--vuln-type` before v0.54). */
export const PKG_TYPES = ['os', 'library'] as const
export type PkgType = (typeof PKG_TYPES)[number]

/** What Trivy's image scan can look for; `config` is misconfig's name before v0.48. */
export const TRIVY_SCANNERS = ['vuln', 'secret', 'misconfig', 'config', 'license'] as const
/** What imagegate's gate judges in an image scan, and so what `scanners` may hold. */
export const GATED_SCANNERS = ['vuln', 'secret'] as const
export type GatedScanner = (typeof GATED_SCANNERS)[number]

/** The scanner options of a run: every platform's image scan and its Trivy SBOMs read them. */
export interface ScanSettings {
  /** `--skip-dirs`: paths (or globs) in the image. */
  skipDirs: string[]
  /** `--skip-files`: paths (or globs) in the image. */
  skipFiles: string[]
  /** `--pkg-types`; absent: Trivy's default (os,library), no flag. */
  pkgTypes?: PkgType[]
  /** What the image scan detects (vuln always; secret unless left out). */
  scanners: GatedScanner[]
  /** A trivy.yaml, relative to the workspace (`--config`). */
  trivyConfig?: string
}

/**
 * Why a skip-dirs or skip-files entry is refused, or undefined. Trivy takes them as paths in the image
 * (a leading `/` or none); one that climbs above the image's root with `..` names nothing Trivy walks.
 */
export function skipPathProblem(entry: string): string | undefined {
  const relative = path.posix.normalize(entry.replace(/\\/g, '/').replace(/^\/+/, ''))
  if (relative === '..' || relative.startsWith('../')) return 'escapes the image root (the scanned context)'
  if (entry.includes('\0')) return 'holds a NUL character'
  return undefined
}

/** Why a scanners entry is refused, or undefined. */
export function scannerProblem(entry: string): string | undefined {
  if ((GATED_SCANNERS as readonly string[]).includes(entry)) return undefined
  if ((TRIVY_SCANNERS as readonly string[]).includes(entry)) {
    return entry === 'license'
      ? `"license" is a Trivy scanner imagegate does not gate (allowed: ${GATED_SCANNERS.join(', ')})`
      : `"${entry}" is a Trivy scanner imagegate does not run on images (the Dockerfile's misconfigurations: rules.dockerfile-config; allowed: ${GATED_SCANNERS.join(', ')})`
  }
  return `"${entry}" is not a scanner Trivy knows (vuln, secret, misconfig, license)`
}

/**
 * `--pkg-types` (Trivy v0.54, which renamed `--vuln-type`; the old name stays as a deprecated alias). An
 * unnumbered build (`dev`) has what its help text said; when that is unknown, the old name, which every
 * supported version accepts.
 */
export function pkgTypesFlag(version: TrivyVersion): '--pkg-types' | '--vuln-type' {
  const m = /^(\d+)\.(\d+)\./.exec(version.version)
  if (m) return Number(m[1]) > 0 || Number(m[2]) >= 54 ? '--pkg-types' : '--vuln-type'
  return version.pkgTypesFlag ?? '--vuln-type'
}

/** `--scanners`' name for a scanner in this Trivy (the names imagegate runs are the same in every version). */
export function scannersArg(scanners: readonly GatedScanner[]): string {
  return GATED_SCANNERS.filter(s => scanners.includes(s)).join(',')
}

/**
 * Pure: the argv the scanner options add to `trivy image` (a scan or an SBOM). The trivy.yaml goes first
 * in effect only: every flag imagegate sets itself on the command line wins over it (Trivy's order:
 * flags, then environment, then the config file).
 */
export function settingsArgs(
  settings: Pick<ScanSettings, 'skipDirs' | 'skipFiles' | 'pkgTypes'> & { trivyConfig?: string },
  version: TrivyVersion
): string[] {
  const args: string[] = []
  // a trivy.yaml's exit-code would make any command that reads it (a scan, the SBOM's convert) exit
  // non-zero on findings: Trivy's default, said on the command line, wins over the file
  if (settings.trivyConfig) args.push('--config', settings.trivyConfig, '--exit-code', '0')
  for (const dir of settings.skipDirs) args.push('--skip-dirs', dir)
  for (const file of settings.skipFiles) args.push('--skip-files', file)
  if (settings.pkgTypes && settings.pkgTypes.length > 0)
    args.push(pkgTypesFlag(version), settings.pkgTypes.join(','))
  return args
}

/**
 * The trivy-config input as an absolute path: a file in the workspace, else why not (the message names
 * the input).
 */
export function trivyConfigFile(file: string, workspace: string): { path: string } | { problem: string } {
  const absolute = path.resolve(workspace, file)
  const escape = escapes(absolute, workspace)
  if (escape) return { problem: `input trivy-config: ${JSON.stringify(file)} ${escape}` }
  let stat: fs.Stats
  try {
    stat = fs.statSync(absolute)
  } catch {
    return { problem: `input trivy-config: ${JSON.stringify(file)} is not a file in the workspace` }
  }
  if (!stat.isFile())
    return { problem: `input trivy-config: ${JSON.stringify(file)} is not a file (a Trivy YAML config)` }
  return { path: absolute }
}

/** The scanner inputs, as inputs.ts reads them. */
export interface ScannerInputs {
  'skip-dirs': string[]
  'skip-files': string[]
  'pkg-types'?: PkgType[]
  'vuln-type'?: PkgType[]
  scanners: GatedScanner[]
  'trivy-config': string
}

/**
 * The run's ScanSettings from the inputs. `vuln-type` (trivy-action's name) and `pkg-types` (Trivy's,
 * since v0.54) are one setting: either may be given, both only with the same types.
 */
export function scanSettings(inputs: ScannerInputs): ScanSettings | { problem: string } {
  const [pkg, vuln] = [inputs['pkg-types'], inputs['vuln-type']]
  if (pkg && vuln && [...pkg].sort().join(',') !== [...vuln].sort().join(','))
    return {
      problem: `inputs pkg-types (${pkg.join(',')}) and vuln-type (${vuln.join(',')}) are one setting (vuln-type is trivy-action's name for it): give one`
    }
  const pkgTypes = pkg ?? vuln
  return {
    skipDirs: inputs['skip-dirs'],
    skipFiles: inputs['skip-files'],
    ...(pkgTypes ? { pkgTypes } : {}),
    scanners: inputs.scanners,
    ...(inputs['trivy-config'] ? { trivyConfig: inputs['trivy-config'] } : {})
  }
}

/** A Trivy skip pattern as a regular expression: `**` any folders (or none), `*` and `?` within one name. */
function globRegex(pattern: string): RegExp {
  const clean = path.posix.normalize(pattern.replace(/\\/g, '/').replace(/^\/+/, '')).replace(/\/+$/, '')
  let out = ''
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i] as string
    if (c === '*' && clean[i + 1] === '*') {
      // `**/` matches no folder too; a trailing `**` anything below
      if (clean[i + 2] === '/') {
        out += '(?:.*/)?'
        i += 2
      } else {
        out += '.*'
        i += 1
      }
    } else if (c === '*') out += '[^/]*'
    else if (c === '?') out += '[^/]'
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${out}$`)
}

/**
 * Whether a file of the image (its path from the root) is one Trivy's skips leave out: it matches a
 * skip-files pattern, or a folder above it matches a skip-dirs one. Pure: the hidden files the run's
 * `trivy fs` reads are staged under other names, so its own skips would not match them.
 */
export function isSkipped(file: string, skip: Pick<ScanSettings, 'skipDirs' | 'skipFiles'>): boolean {
  const rel = path.posix.normalize(file.replace(/^\/+/, ''))
  if (skip.skipFiles.some(p => globRegex(p).test(rel))) return true
  const parts = rel.split('/')
  const dirs = skip.skipDirs.map(globRegex)
  for (let n = 1; n < parts.length; n++) {
    const dir = parts.slice(0, n).join('/')
    if (dirs.some(d => d.test(dir))) return true
  }
  return false
}
