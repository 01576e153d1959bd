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
    '| Image | Platforms | Tags | Repository | Dockerfile |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    ''
  ].join('\n')
}

export function planLogLines(plan: Plan): string[] {
  const lines: string[] = []
  for (const i of plan.images) {
    lines.push(`${i.name}: ${i.repository}`)
    lines.push(`  build    ${i.context} (${i.file}${i.target ? `, target ${i.target}` : ''})`)
    lines.push(`  platforms ${i.platforms.join(', ')}`)
    lines.push(`  tags     ${i.tags.map(t => t.tag).join(', ')}`)
  }
  return lines
}
