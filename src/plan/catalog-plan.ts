// One report for a catalog: its schema, text and workspace problems (from the reading) and the policy
// problems of planning it (tags, names, registry, inputs), each with its file, line and field, thrown once.
// Pure: the reading is data.
import {
  CatalogError,
  sortProblems,
  uniqueProblems,
  type FieldPath,
  type Problem
} from '../catalog/errors.js'
import type { CatalogReading } from '../catalog/load.js'
import type { GitContext } from './git.js'
import { buildPlan, type Plan, type PlanOptions } from './plan.js'

export function planCatalog(reading: CatalogReading, opts: PlanOptions, git: GitContext): Plan {
  const { file, salvage, lineOf } = reading
  let plan: Plan | undefined
  let policy: Problem[] = []
  try {
    plan = buildPlan(salvage.catalog, file, opts, git)
  } catch (err) {
    if (!(err instanceof CatalogError)) throw err
    policy = err.problems.map(p => {
      if (p.input !== undefined) return p
      const at = inFile(p.path, salvage.indexes)
      return { ...p, path: at, line: lineOf(at) }
    })
  }
  // a field the schema refused was left out of the salvage: what planning then says about it is an echo
  const fresh = policy.filter(
    p => p.input !== undefined || !reading.problems.some(c => startsWith(c.path, p.path))
  )
  // a misspelt environment first: the registry, tag and name problems after it may be its echoes
  const problems = uniqueProblems([
    ...fresh.filter(p => p.input === 'environment'),
    ...sortProblems([...reading.problems, ...fresh.filter(p => p.input === undefined)]),
    ...fresh.filter(p => p.input !== undefined && p.input !== 'environment')
  ])
  if (problems.length > 0 || !plan) throw new CatalogError(problems)
  return plan
}

/** A path into the salvaged catalog as a path into the file (images the schema refused are not in it). */
function inFile(p: FieldPath, indexes: readonly number[]): FieldPath {
  const [head, index, ...rest] = p
  if (head !== 'images' || typeof index !== 'number') return p
  return ['images', indexes[index] ?? index, ...rest]
}

function startsWith(p: FieldPath, prefix: FieldPath): boolean {
  return prefix.length <= p.length && prefix.every((part, i) => p[i] === part)
}
