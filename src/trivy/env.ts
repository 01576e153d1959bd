// Every Trivy process goes through here: the exec seam with Trivy's environment.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { exec, type ExecOptions, type ExecResult } from '../exec.js'

/**
 * Trivy compiles its rego checks when it starts, about a second of CPU per call, half of it in the
 * garbage collector. GOGC=400 cuts that CPU by about a quarter (measured on Trivy 0.44: 1.30 s to 0.98 s of
 * user time per image scan) for about 50 MB more memory per process. A GOGC the user set wins.
 */
export function trivyEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return base.GOGC ? base : { ...base, GOGC: '400' }
}

let neutral: string | undefined

/**
 * Where Trivy runs: an empty directory of the run's own. Trivy reads `trivy.yaml` and `.trivyignore` from
 * its working directory by default; in the workspace, a repository's files there would change every scan
 * and SBOM unrecorded (the trivy-config and trivyignores inputs are how a policy takes them, by path).
 */
function neutralDirectory(): string {
  neutral ??= fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-trivy-cwd-'))
  return neutral
}

/**
 * Runs Trivy (argv only, as every child; paths absolute) with trivyEnv over the given or the process's
 * environment, in an empty working directory unless told otherwise.
 */
export async function runTrivy(trivy: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  return await exec(trivy, args, {
    ...opts,
    cwd: opts.cwd ?? neutralDirectory(),
    env: trivyEnv(opts.env ?? process.env)
  })
}
