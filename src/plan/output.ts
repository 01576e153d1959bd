// The `plan` output: the plan as JSON, unless that is too large for a step output. Pure.
import type { Plan } from './plan.js'

/**
 * The largest `plan` output written whole. GitHub keeps a step output of up to 1 MB; half of that leaves
 * room for the run's other outputs (the metadata output grows with the catalog too).
 */
export const PLAN_OUTPUT_MAX_BYTES = 512 * 1024

export interface PlanOutput {
  /** The value of the `plan` output. */
  value: string
  /** True when the plan was too large and the value is its summary with a pointer to the plan file. */
  capped: boolean
}

/**
 * The whole plan as JSON when it fits; else the plan without the per-image details (each image's name,
 * repository and tags kept, or none when even those do not fit) and `truncated` saying where the whole
 * plan is (the `plan-file` output).
 */
export function planOutput(plan: Plan, planFile: string, maxBytes = PLAN_OUTPUT_MAX_BYTES): PlanOutput {
  const whole = JSON.stringify(plan)
  if (Buffer.byteLength(whole) <= maxBytes) return { value: whole, capped: false }
  const truncated = {
    reason: `the plan is ${Buffer.byteLength(whole)} bytes, more than the ${maxBytes} a step output carries here`,
    'plan-file': planFile,
    images: plan.images.length
  }
  const brief = JSON.stringify({
    ...plan,
    truncated,
    images: plan.images.map(image => ({
      name: image.name,
      repository: image.repository,
      tags: image.tags.map(t => t.tag)
    }))
  })
  if (Buffer.byteLength(brief) <= maxBytes) return { value: brief, capped: true }
  return { value: JSON.stringify({ ...plan, truncated, images: [] }), capped: true }
}
