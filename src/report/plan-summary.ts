// The plan as a job summary table and as log lines. Pure rendering: returns text.
import type { Plan } from '../plan/plan.js'

const code = (s: string): string => `\`${s}\``

export function planSummaryMarkdown(plan: Plan): string {
  const rows = plan.images.map(
    i =>
      `| ${i.name} | ${i.platforms.map(code).join(' ')} | ${i.tags.map(t => code(t.tag)).join(' ')} | ${code(i.repository)} | ${code(i.file)} |`
  )
  return [
    `## imagegate plan: ${plan.images.length} image${plan.images.length === 1 ? '' : 's'} for ${plan.environment}`,
    '',
    `Catalog ${code(plan.catalog)}, ${plan.git.event} on ${code(plan.git.ref || '(no ref)')} at ${code(plan.git.shortSha)}${plan.production ? ', production registry' : ''}.`,
    '',
    ...defaultOrgLines(plan).flatMap(line => [line, '']),
    '| Image | Platforms | Tags | Repository | Dockerfile |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    ''
  ].join('\n')
}

/**
 * Every repository the run pushes to, with its tags, and where the built-in org was applied: the first
 * lines of the log, before anything is built. `push`: true (it pushes), false (push is off: where it
 * would), undefined (mode plan). `byDigest`: a platform job of a distributed build (no tags).
 * `dependencySnapshot`: the run submits its SBOMs to the dependency graph (dependency-snapshot).
 */
export function planTargetLines(
  plan: Plan,
  o: { push?: boolean; byDigest?: boolean; dependencySnapshot?: boolean } = {}
): string[] {
  const n = plan.images.length
  const repositories = `${n} repositor${n === 1 ? 'y' : 'ies'}`
  const head =
    o.push === undefined
      ? `The plan pushes to ${repositories} in ${plan.environment}:`
      : !o.push
        ? `push is false: nothing is pushed; with push it would go to ${repositories} in ${plan.environment}:`
        : o.byDigest
          ? `Pushing by digest (no tags; mode merge tags them) to ${repositories} in ${plan.environment}:`
          : `Pushing to ${repositories} in ${plan.environment}:`
  const lines = [head]
  for (const i of plan.images) {
    lines.push(o.byDigest ? `  ${i.repository}` : `  ${i.repository}: ${i.tags.map(t => t.tag).join(', ')}`)
  }
  lines.push(...defaultOrgLines(plan))
  if (o.dependencySnapshot) {
    const n = plan.images.reduce((sum, i) => sum + i.platforms.length, 0)
    lines.push(
      `Dependency snapshots: ${n} (one per image and platform), each image's SPDX SBOM to the repository's dependency graph.`
    )
  }
  return lines
}

/** Which images got the built-in org, and how to name another one. */
function defaultOrgLines(plan: Plan): string[] {
  const byOrg = new Map<string, string[]>()
  for (const i of plan.images) {
    if (i.defaultOrg) byOrg.set(i.defaultOrg, [...(byOrg.get(i.defaultOrg) ?? []), i.name])
  }
  return [...byOrg].map(
    ([org, names]) =>
      `The default org "${org}" was applied to ${names.join(', ')} (no org in the image, ${org === 'ops' ? 'environments.<name>.infra-org or defaults.infra-org' : 'the org input, environments.<name>.org or defaults.org'}).`
  )
}

export function planLogLines(plan: Plan): string[] {
  const lines: string[] = []
  for (const i of plan.images) {
    lines.push(`${i.name}: ${i.repository}${i.defaultOrg ? ` (default org ${i.defaultOrg})` : ''}`)
    lines.push(`  build    ${i.context} (${i.file}${i.target ? `, target ${i.target}` : ''})`)
    lines.push(`  platforms ${i.platforms.join(', ')}`)
    lines.push(`  tags     ${i.tags.map(t => t.tag).join(', ')}`)
  }
  return lines
}
