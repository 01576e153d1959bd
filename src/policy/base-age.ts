// Base image age (policy phase 3): every FROM's image, by digest, must have been built at most
// `base-max-age` days ago. Pure: what the registry said about each base in, the rule's checks out.
import type { Check } from '../gate/gate.js'

export interface BaseImageFacts {
  /** `services/web/Dockerfile:2` */
  at: string
  /** The reference the FROM resolves to (ARGs expanded). */
  ref: string
  /** The image platform this base was read for. */
  platform: string
  /** The digest the reference resolves to (index or manifest). */
  digest?: string
  /** The platform manifest's digest, when the base is an index. */
  manifest?: string
  /** The config's `created`, as the registry holds it. */
  created?: string
  /** Why the base could not be read. */
  error?: string
}

export interface BaseAgeRow extends BaseImageFacts {
  /** Whole days since `created`; undefined when it is missing, zero (epoch) or not a date. */
  ageDays?: number
  /** Milliseconds since `created` (the limit is exact: 0 days fails any base built before now). */
  ageMs?: number
}

/**
 * `created` as a time, or undefined when missing, unparseable, or the Unix epoch (builds made with
 * SOURCE_DATE_EPOCH=0 or by tools that write no time): an unknown age, never a young one.
 */
export function createdTime(created: string | undefined): number | undefined {
  if (!created) return undefined
  const t = Date.parse(created)
  return Number.isNaN(t) || t <= 0 ? undefined : t
}

export function baseAgeRows(bases: readonly BaseImageFacts[], now: Date): BaseAgeRow[] {
  return bases.map(b => {
    const t = createdTime(b.created)
    if (t === undefined) return { ...b }
    const ageMs = Math.max(0, now.getTime() - t)
    return { ...b, ageDays: Math.floor(ageMs / 86_400_000), ageMs }
  })
}

const days = (n: number): string => `${n} day${n === 1 ? '' : 's'}`

/** The base-age checks of one image: one failure per old or unreadable base, else one pass. */
export function baseAgeChecks(
  image: string,
  rows: readonly BaseAgeRow[],
  maxAgeDays: number | undefined
): Check[] {
  if (maxAgeDays === undefined) return []
  const failed: Check[] = []
  for (const r of rows) {
    const what = `${image} ${r.platform}: ${r.at} FROM ${r.ref}`
    const pinned = r.manifest ?? r.digest
    if (r.error) {
      failed.push({
        rule: 'base-age',
        mode: 'enforce',
        passed: false,
        message: `${what}: cannot read its age: ${r.error}`
      })
    } else if (r.ageDays === undefined) {
      failed.push({
        rule: 'base-age',
        mode: 'enforce',
        passed: false,
        message: `${what} (${pinned ?? '?'}): build time unknown (created: ${r.created ? JSON.stringify(r.created) : 'missing'}), base-max-age is ${days(maxAgeDays)}`
      })
    } else if ((r.ageMs ?? 0) > maxAgeDays * 86_400_000) {
      failed.push({
        rule: 'base-age',
        mode: 'enforce',
        passed: false,
        message: `${what} (${pinned ?? '?'}) was built ${r.created} (${r.ageDays === 0 ? 'less than a day' : days(r.ageDays)} ago), older than base-max-age (${days(maxAgeDays)})`
      })
    }
  }
  if (failed.length > 0) return failed
  const message =
    rows.length === 0
      ? `${image}: no base image to check (scratch and stages only)`
      : `${image}: every base image is at most ${days(maxAgeDays)} old`
  return [{ rule: 'base-age', mode: 'enforce', passed: true, message }]
}
