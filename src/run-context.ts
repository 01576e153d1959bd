// What every stage of one run shares: the inputs, the plan, where files go, and the results cache. Made
// once by main.ts and passed down; no stage keeps its own module-level state about a run.
import type { ResultCache } from './cache/results.js'
import type { SubmissionOptions } from './github/dependency-submission.js'
import type { Timing } from './exec.js'
import type { BuildInputs } from './inputs.js'
import type { OutputLayout } from './output-layout.js'
import type { Plan } from './plan/plan.js'
import type { RegistryClient } from './registry/client.js'
import type { Signer } from './trust/trust.js'

export interface RunContext {
  inputs: BuildInputs
  plan: Plan
  workspace: string
  files: OutputLayout
  /** Evidence of content already scanned (`reuse-results`); undefined when reuse is off. */
  results?: ResultCache
  /** Date.now() when run() started: the metadata output's wall time counts from there. */
  started: number
  /** Every child process's and push's wall time (exec records into it: recordTimingsIn). */
  timings: Timing[]
  /** The run's registry client for a repository's host: made once, so every stage shares its tokens. */
  registry: (repository: string) => RegistryClient
  /** The run's Signer, made while the builds run when the run will sign what it pushes. */
  signer?: Signer
  /** Where and as what the SBOMs go to the dependency graph (dependency-snapshot: true), checked before the builds. */
  dependencySnapshots?: SubmissionOptions
}
