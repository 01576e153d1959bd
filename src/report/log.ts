// The job log: a tool's whole output as one collapsible group on a runner, or as an indented block in a
// terminal (outside a runner `::group::` lines would only be noise).
import * as core from '@actions/core'

/** Written in one go, so the groups of builds that end together never interleave. */
export function logGroup(title: string, text: string): void {
  const body = text.trimEnd()
  if (process.env.GITHUB_ACTIONS === 'true') {
    core.startGroup(title)
    if (body) core.info(body)
    core.endGroup()
  } else {
    core.info([`> ${title}`, ...(body ? body.split('\n').map(l => `  ${l}`) : [])].join('\n'))
  }
}

/** `12.3 s`, `850 ms` */
export function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** `4/6 steps cached (67 %)`, or `no build steps` */
export function describeCache(cache: { steps: number; cached: number }): string {
  if (cache.steps === 0) return 'no build steps'
  return `${cache.cached}/${cache.steps} steps cached (${Math.round((100 * cache.cached) / cache.steps)} %)`
}
