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

/**
 * One build's progress in the job log as it comes. `grouped` (the run builds one image): its lines in a
 * collapsible group that opens with the build and closes when it ends. The runner's groups can neither
 * nest nor interleave, so with several images building at once each line instead carries the image's
 * name (`web | #7 [linux/amd64 2/4] RUN make`), no group: the lines of two builds interleave but each
 * says whose it is. In a terminal a group is a title line and indented lines, as logGroup writes them.
 */
export class BuildProgress {
  private open = false

  constructor(
    readonly image: string,
    readonly grouped: boolean
  ) {}

  /** The build started: `title` heads its group, or is said as the image's line. */
  start(title: string): void {
    const heading = `${this.image}: ${title}`
    if (!this.grouped) core.info(heading)
    else if (onRunner()) core.startGroup(heading)
    else core.info(`> ${heading}`)
    this.open = this.grouped
  }

  line(text: string): void {
    if (!this.grouped) core.info(`${this.image} | ${text}`)
    else core.info(onRunner() ? text : `  ${text}`)
  }

  /** The build ended: its group closes, then `summary` (built in ..., failed) is said outside it. */
  end(summary: string): void {
    if (this.open && onRunner()) core.endGroup()
    this.open = false
    core.info(`${this.image}: ${summary}`)
  }
}

const onRunner = (): boolean => process.env.GITHUB_ACTIONS === 'true'
