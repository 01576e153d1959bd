// The hardening rules over one platform of one built image: its config (user, health check, labels,
// ports), its size and the secrets in its config and history. Pure: a config in, verdicts out.
// The Dockerfile rule (base images pinned by digest) is in ./dockerfile.ts.
import { RULE_NAMES, type Expect, type RuleModeT, type RuleNameT } from '../catalog/schema.js'
import { formatSize } from '../catalog/units.js'
import type { ImageConfig } from './image-config.js'
import { findSecrets } from './secrets.js'

/** One rule on one image and platform; the gate blocks on a failed `enforce` verdict. */
export interface Verdict {
  rule: RuleNameT
  mode: 'warn' | 'enforce'
  passed: boolean
  message: string
  /** The workspace file and line the verdict is about (Dockerfile rules). */
  file?: string
  line?: number
}

export interface CheckImageInput {
  /** The catalog's image name. */
  image: string
  /** `linux/arm64` */
  platform: string
  config: ImageConfig
  /** The manifest's config and layer sizes (the compressed, pushed size). */
  sizeBytes: number
  expect: Expect
  /** The resolved mode of every rule; a rule left out is off. */
  rules: Partial<Record<RuleNameT, RuleModeT>>
  /** A release build: the version label is required too. */
  release: boolean
}

/** The OCI labels every image carries; `version` on releases only. */
export const REQUIRED_LABELS = ['title', 'revision', 'created', 'source'] as const
const OCI = 'org.opencontainers.image.'

/** Per platform, the rules that read the image: base-pinned and dockerfile-config read the Dockerfile. */
const IMAGE_RULES: Partial<Record<RuleNameT, (i: CheckImageInput) => Outcome[]>> = {
  'non-root': i => [nonRoot(i.config, i.expect)],
  healthcheck: i => [healthcheck(i.config, i.expect)],
  'oci-labels': i => [ociLabels(i.config, i.release)],
  ports: i => [ports(i.config, i.expect)],
  size: i => [size(i.sizeBytes, i.expect)],
  secrets: i => secrets(i.config)
}

interface Outcome {
  passed: boolean
  message: string
  /** A failure that only warns whatever the rule's mode (size above the target, below the maximum). */
  warnOnly?: boolean
}

/** Every enabled rule's verdicts for one platform of an image, in the catalog's rule order. */
export function checkImage(input: CheckImageInput): Verdict[] {
  const verdicts: Verdict[] = []
  for (const rule of RULE_NAMES) {
    const mode = input.rules[rule] ?? 'off'
    const check = IMAGE_RULES[rule]
    if (mode === 'off' || !check) continue
    for (const o of check(input)) {
      verdicts.push({
        rule,
        mode: o.warnOnly ? 'warn' : mode,
        passed: o.passed,
        message: `${input.image} ${input.platform}: ${o.message}`
      })
    }
  }
  return verdicts
}

function expected(e: Expect): string | undefined {
  if (e.user !== undefined && e.uid !== undefined) return `${e.user} (${e.uid})`
  if (e.user !== undefined) return e.user
  if (e.uid !== undefined) return String(e.uid)
  return undefined
}

/**
 * USER: `name`, `uid`, `name:group`, `uid:gid`. Unset, `root` and uid 0 fail. Against the catalog's
 * user and uid: a number is checked against the uid, a name against the user. A name cannot be checked
 * against a uid (that needs the image's /etc/passwd): with expect.user it passes when the name
 * matches (noted); with only expect.uid it fails, as Kubernetes' runAsNonRoot refuses such a user too.
 */
export function nonRoot(config: ImageConfig, e: Expect): Outcome {
  const raw = (config.config?.User ?? '').trim()
  const want = expected(e)
  const suffix = want === undefined ? '' : `; expected ${want}`
  const user = raw.split(':')[0] ?? ''
  const numeric = /^[0-9]+$/.test(user)
  if (raw === '') return { passed: false, message: `runs as root (USER not set)${suffix}` }
  if (numeric && Number(user) === 0) return { passed: false, message: `runs as user 0 (root)${suffix}` }
  if (user === 'root') return { passed: false, message: `runs as root (USER ${raw})${suffix}` }
  if (want === undefined) return { passed: true, message: `runs as ${raw} (non-root)` }

  if (numeric) {
    if (e.uid !== undefined) {
      return Number(user) === e.uid
        ? { passed: true, message: `runs as ${raw}, the expected uid` }
        : { passed: false, message: `runs as ${raw}${suffix}` }
    }
    return {
      passed: true,
      message: `runs as ${raw} (non-root); the user name ${e.user} is not checked (USER gives a uid, not a name)`
    }
  }
  if (e.user !== undefined) {
    if (user !== e.user) return { passed: false, message: `runs as ${raw}${suffix}` }
    const note = e.uid === undefined ? '' : `; its uid is not checked against ${e.uid} (USER names no uid)`
    return { passed: true, message: `runs as ${raw}, as expected${note}` }
  }
  return {
    passed: false,
    message: `runs as ${raw}${suffix} (a user name cannot be checked against a uid: set USER ${e.uid} or expect.user)`
  }
}

export function healthcheck(config: ImageConfig, e: Expect): Outcome {
  if (e.healthcheck === 'external') {
    return { passed: true, message: 'HEALTHCHECK not required: the probe is external (expect.healthcheck)' }
  }
  if (e.healthcheck === false) {
    return { passed: true, message: 'HEALTHCHECK not required (expect.healthcheck: false)' }
  }
  const test = config.config?.Healthcheck?.Test ?? []
  if (test[0] === 'NONE') {
    return {
      passed: false,
      message: 'HEALTHCHECK NONE disables the health check (expect.healthcheck: external skips this)'
    }
  }
  if (test.length === 0)
    return { passed: false, message: 'no HEALTHCHECK (expect.healthcheck: external skips this)' }
  const command = test.join(' ')
  return {
    passed: true,
    message: `has a HEALTHCHECK (${command.length > 80 ? `${command.slice(0, 79)}…` : command})`
  }
}

export function ociLabels(config: ImageConfig, release: boolean): Outcome {
  const names: string[] = [...REQUIRED_LABELS, ...(release ? ['version'] : [])]
  const labels = config.config?.Labels ?? {}
  const missing = names.filter(n => !labels[`${OCI}${n}`]?.trim())
  if (missing.length > 0) {
    return { passed: false, message: `missing OCI labels: ${missing.map(n => OCI + n).join(', ')}` }
  }
  return { passed: true, message: `carries the OCI labels ${names.join(', ')}` }
}

/** `8000/tcp` -> 8000, `tcp` (a key without a protocol is tcp). */
function exposed(config: ImageConfig): { key: string; port: number }[] {
  return Object.keys(config.config?.ExposedPorts ?? {})
    .map(k => {
      const [port = '', proto = 'tcp'] = k.split('/')
      return { key: `${port}/${proto}`, port: Number(port) }
    })
    .sort((a, b) => a.port - b.port || a.key.localeCompare(b.key))
}

/** The catalog lists port numbers: each is allowed with any protocol. */
export function ports(config: ImageConfig, e: Expect): Outcome {
  const all = exposed(config)
  const list = all.map(p => p.key).join(', ')
  if (e.ports === undefined) {
    return { passed: true, message: `ports not checked (no expect.ports); exposes ${list || 'no ports'}` }
  }
  const allowed = [...e.ports].sort((a, b) => a - b)
  const allowedText = allowed.length > 0 ? allowed.join(', ') : '(none)'
  const bad = all.filter(p => !allowed.includes(p.port))
  if (bad.length > 0) {
    return {
      passed: false,
      message: `exposes ${bad.map(p => p.key).join(', ')}, not in the allowed ports ${allowedText}`
    }
  }
  return {
    passed: true,
    message: all.length > 0 ? `exposes ${list} (allowed: ${allowedText})` : 'exposes no ports'
  }
}

/** Above the maximum: fails in the rule's mode. Above the target only: a warning, whatever the mode. */
export function size(bytes: number, e: Expect): Outcome {
  const { target, max } = e.size ?? {}
  const actual = formatSize(bytes)
  if (max !== undefined && bytes > max) {
    return { passed: false, message: `size ${actual} is above the maximum ${formatSize(max)}` }
  }
  const limits = [
    target !== undefined ? `target ${formatSize(target)}` : '',
    max !== undefined ? `maximum ${formatSize(max)}` : ''
  ].filter(Boolean)
  if (target !== undefined && bytes > target) {
    const of = max !== undefined ? ` (maximum ${formatSize(max)})` : ''
    return {
      passed: false,
      warnOnly: true,
      message: `size ${actual} is above the target ${formatSize(target)}${of}`
    }
  }
  if (limits.length === 0) return { passed: true, message: `size ${actual} (no expect.size)` }
  return { passed: true, message: `size ${actual} (${limits.join(', ')})` }
}

export function secrets(config: ImageConfig): Outcome[] {
  const found = findSecrets(config)
  if (found.length === 0) return [{ passed: true, message: 'no secrets in the image config or history' }]
  return found.map(f => ({ passed: false, message: f.message }))
}
