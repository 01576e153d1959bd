// The scanner a run uses: Trivy (and syft when it writes the SBOMs) found or installed, Trivy's version
// probed once per binary, and its vulnerability DB ready. Started while the images build.
import * as core from '@actions/core'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileIdentity, resultKey, type ResultCache } from '../cache/results.js'
import { InputError, type Inputs, type InputsOf } from '../inputs.js'
import { signsWithCosign } from '../trust/cosign/args.js'
import { releaseSignatures } from '../trust/release.js'
import { installProblem, installTool, type InstallSpec } from '../tools/install.js'
import { actionsCache } from '../cache/actions-cache.js'
import { prepareDb } from '../trivy/db.js'
import { trivyVersion, TrivyVersionSchema } from '../trivy/scan.js'
import { scannerIdentity, type Scanner } from './platform.js'

/**
 * `facts`: what the tools' probes said, by binary identity (path, size, mtime): like the tool cache
 * itself, kept whatever `reuse-results` says (it holds nothing about images).
 */
/** What preparing the scanner reads: Trivy and its DB (mode build, and verify's re-scan), syft (build). */
export type ScannerInputs = InputsOf<
  'trivy-version' | 'offline-db' | 'db-cache' | 'db-max-age' | 'db-repository' | 'scan-timeout'
> &
  ToolInputs &
  Partial<InputsOf<'sbom-generator' | 'syft-version'>>

export async function prepareScanner(inputs: ScannerInputs, facts: ResultCache): Promise<Scanner> {
  const [installed, syft] = await Promise.all([
    installTool(toolSpec(inputs, 'trivy', inputs['trivy-version'], facts)),
    inputs['sbom-generator'] === 'syft'
      ? installTool(toolSpec(inputs, 'syft', inputs['syft-version'] ?? '', facts)).then(t => t.path)
      : undefined
  ])
  const trivy = installed.path
  // the skip flag of this very binary (an unnumbered build needs `image --help`), read once per runner
  const factsKey = resultKey({ kind: 'trivy-facts', file: fileIdentity(trivy), version: installed.version })
  const known = TrivyVersionSchema.safeParse(facts.getJson(factsKey, 'trivy.json'))
  const version = known.success ? known.data : await trivyVersion(trivy, installed.version)
  if (!known.success) facts.putJson(factsKey, 'trivy.json', version)
  const cacheDir = process.env.TRIVY_CACHE_DIR || path.join(os.homedir(), '.cache', 'trivy')
  const db = await prepareDb({
    trivy,
    cacheDir,
    offline: inputs['offline-db'],
    maxAgeDays: inputs['db-max-age'],
    repository: inputs['db-repository'] || undefined,
    ...(inputs['db-cache'] ? { cache: actionsCache } : {})
  })
  core.info(`Trivy ${version.version} at ${trivy}; DB ${db.updatedAt ?? '(date unknown)'} in ${cacheDir}`)
  const identity = scannerIdentity({ trivy, version, syft, cacheDir })
  return { trivy, syft, version, db, identity, timeout: inputs['scan-timeout'] }
}

/** The tools a run in this mode will start, each with its version input. */
export function toolsOfRun(inputs: Inputs): RunTool[] {
  const out: RunTool[] = []
  if (inputs.mode === 'build') {
    out.push({ tool: 'trivy', input: 'trivy-version', version: inputs['trivy-version'] })
    if (inputs['sbom-generator'] === 'syft')
      out.push({ tool: 'syft', input: 'syft-version', version: inputs['syft-version'] })
  }
  if (inputs.mode !== 'build' && inputs.mode !== 'merge') return out
  // cosign signs only for a KMS key or a cosign 2 `.sig` (bundles are made in process; a verification
  // installs it only for an image without bundles: not checked here)
  const signs = (inputs.sign || (inputs.attest ?? inputs.sign)) && signsWithCosign(inputs)
  // a build pushes (and signs) only with push: true; a merge always publishes
  if ((inputs.mode === 'merge' || inputs.push) && signs)
    out.push({ tool: 'cosign', input: 'cosign-version', version: inputs['cosign-version'] })
  return out
}

type ToolVersionInput = 'trivy-version' | 'syft-version' | 'cosign-version'

/** A tool the run will start, the input that pins its version, and that input's value. */
export interface RunTool {
  tool: 'trivy' | 'syft' | 'cosign'
  input: ToolVersionInput
  version: string
}

/**
 * Every tool version (or tool checksum) input of the run that cannot be installed, as one InputError,
 * before anything is built or pushed (otherwise each image would fail after its build, when its scanner
 * is installed).
 */
export async function checkToolVersions(
  inputs: Inputs,
  facts: ResultCache,
  env: NodeJS.ProcessEnv = process.env
): Promise<void> {
  if (inputs.mode !== 'build' && inputs.mode !== 'merge') return // starts no tool it installs first
  const problems = await Promise.all(
    toolsOfRun(inputs).map(async ({ tool, input, version }) => {
      const problem = await installProblem(toolSpec(inputs, tool, version, facts), env)
      // a problem of the tool-checksums input already names it
      if (problem === undefined) return undefined
      return problem.startsWith('input ') ? problem : `input ${input}: ${problem}`
    })
  )
  const found = problems.filter((p): p is string => p !== undefined)
  if (found.length > 0) throw new InputError(found.join('\n'))
}

/** What installing a tool reads. */
export type ToolInputs = InputsOf<'install-tools' | 'tool-checksums' | 'tool-mirror'>

/**
 * PATH first (any version when none is pinned by input; cosign at its pinned major), then the tool
 * cache, then the verified release (from tool-mirror when given): its digest from imagegate's table,
 * tool-checksums, or the release's Sigstore-signed checksums file. `install-tools: pinned` always takes
 * the verified release.
 */
export function toolSpec(
  inputs: ToolInputs,
  tool: 'trivy' | 'syft' | 'cosign',
  version: string,
  facts: ResultCache
): InstallSpec {
  const pinned = inputs['install-tools'] === 'pinned'
  // a PATH binary's version, remembered by the file's identity (path, size, mtime)
  const key = (file: string) => resultKey({ kind: 'tool-version', tool, file: fileIdentity(file) })
  const versions = {
    recall: (file: string) => {
      const v = facts.getJson(key(file), 'version.json')
      return typeof v === 'string' && v.length > 0 ? v : undefined
    },
    remember: (file: string, v: string) => void facts.putJson(key(file), 'version.json', v)
  }
  const checksum = inputs['tool-checksums'][tool]
  return {
    tool,
    version: version || undefined,
    ...(checksum ? { checksum } : {}),
    ...(inputs['tool-mirror'] ? { baseUrl: inputs['tool-mirror'] } : {}),
    signatures: releaseSignatures(process.env, process.env.GITHUB_WORKSPACE || process.cwd()),
    force: pinned,
    anyVersionOnPath: !version && !pinned,
    versions
  }
}
