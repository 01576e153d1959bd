// `mode: verify` from the action's inputs: the Verifier of the signer (the trust seam), the run's
// registry clients, the scanner and policy of the re-scan when asked, the verification itself, then the
// `story` output, the SARIF of the re-scan, a job summary page per image and annotations (before the red
// status).
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ResultCache } from '../cache/results.js'
import { loadCatalog } from '../catalog/load.js'
import { readGitContext } from '../github/context.js'
import { outputDirectory, type VerifyInputs } from '../inputs.js'
import { OutputLayout } from '../output-layout.js'
import { prepareScanner, toolSpec } from '../pipeline/scanner.js'
import { readBaselineFile } from '../policy/baseline.js'
import { dbDigest, gateModes, loadPolicyFiles } from '../policy/run-policy.js'
import { checkIgnoreFileSupport, mergeIgnoreFiles } from '../policy/trivyignore.js'
import { registryClients } from '../registry/client.js'
import { dbCacheSentence } from '../report/run-summary.js'
import { describeTruncation, toSarif, type SarifRunInput } from '../report/sarif.js'
import { cacheDir, runDir } from '../run-dir.js'
import { installTool } from '../tools/install.js'
import { settleDbCache, type DbCacheResult, type DbInfo } from '../trivy/db.js'
import { makeVerifier } from '../trust/setup.js'
import type { Verifier } from '../trust/trust.js'
import { sbomRescan } from './rescan.js'
import { storyMarkdown, type Story } from './story.js'
import { planFor, verify, type Rescan } from './verify.js'

/** Runs the verification; returns the failure message (the job goes red), or undefined. */
export async function runVerify(inputs: VerifyInputs, workspace: string): Promise<string | undefined> {
  const files = new OutputLayout(outputDirectory(inputs['output-dir'], workspace), runDir())
  const work = path.join(runDir(), 'verify')
  const { file, catalog } = loadCatalog(inputs.catalog, workspace)
  const git = readGitContext()
  const registries = [
    ...new Set(Object.values(catalog.environments ?? {}).map(e => e.registry.split('/')[0] as string))
  ]
  const clientFor = registryClients(inputs)
  const tools = new ResultCache(cacheDir('imagegate-tools'))
  // a bad exceptions file, baseline or ignore file fails before anything is verified
  const rescanSetup = inputs.rescan ? await prepareRescan(inputs, workspace, work, file, git) : undefined
  const verifier = (await makeVerifier(
    {
      inputs,
      workspace,
      workDir: path.join(work, '.trust'),
      clientFor,
      registries,
      cosign: async () => {
        const tool = await installTool(toolSpec(inputs, 'cosign', inputs['cosign-version'], tools))
        core.info(`cosign ${tool.version} at ${tool.path} (an image without a Sigstore bundle)`)
        return tool.path
      }
    },
    true
  )) as Verifier
  core.info(`verify: signatures and attestations must be by ${verifier.describe}`)
  const story = await verify({
    catalog,
    file,
    environment: inputs.environment,
    version: inputs.version,
    only: inputs.images,
    org: inputs.org || undefined,
    verifier,
    git,
    clientFor,
    parallel: inputs['max-parallel'],
    ...(rescanSetup ? { rescan: rescanSetup.rescan } : {})
  })
  // the re-scan's DB, when it was downloaded, was saved to the Actions cache beside the verification
  const dbCache = await settleDbCache(rescanSetup?.db.cache)
  await report(story, files, inputs, rescanSetup?.sarifRuns, rescanSetup?.trivyVersion, dbCache)
  if (story.passed) return undefined
  const refused = story.images.filter(i => !i.passed)
  return [
    `verify ${inputs.version} in ${inputs.environment}: ${refused.map(i => i.name).join(', ')} refused`,
    ...refused.flatMap(i => i.reasons)
  ].join('\n')
}

async function prepareRescan(
  inputs: VerifyInputs,
  workspace: string,
  work: string,
  catalogFile: string,
  git: ReturnType<typeof readGitContext>
): Promise<{ rescan: Rescan; sarifRuns: SarifRunInput[]; trivyVersion: string; db: DbInfo }> {
  const policy = loadPolicyFiles({ ...inputs, workspace })
  const baseline = inputs.baseline ? readBaselineFile(inputs.baseline, workspace) : undefined
  const ignoreFile = mergeIgnoreFiles(inputs.trivyignores, workspace, path.join(work, '.trivyignore'))
  const { catalog } = loadCatalog(inputs.catalog, workspace)
  const plan = planFor(
    { catalog, file: catalogFile, org: inputs.org || undefined, only: inputs.images, git },
    inputs.environment,
    inputs['gate-mode']
  )
  const scanner = await prepareScanner(inputs, new ResultCache(cacheDir('imagegate-tools')))
  checkIgnoreFileSupport(ignoreFile, scanner.version.version)
  const { rescan, sarifRuns } = sbomRescan({
    scanner,
    work: path.join(work, 'rescan'),
    policy: {
      severity: inputs.severity,
      ignoreUnfixed: inputs['ignore-unfixed'],
      ...(ignoreFile ? { ignoreFile } : {}),
      modes: gateModes(plan),
      ...(policy.exceptions ? { exceptions: policy.exceptions } : {}),
      ...(baseline ? { baseline } : {})
    },
    dbDigest: await dbDigest(scanner.db.cacheDir)
  })
  return { rescan, sarifRuns, trivyVersion: scanner.version.version, db: scanner.db }
}

async function report(
  story: Story,
  files: OutputLayout,
  inputs: VerifyInputs,
  sarifRuns: SarifRunInput[] | undefined,
  trivyVersion: string | undefined,
  dbCache: DbCacheResult | undefined
): Promise<void> {
  const json = JSON.stringify(story)
  fs.mkdirSync(files.artifacts, { recursive: true })
  fs.writeFileSync(files.storyFile, JSON.stringify(story, null, 2) + '\n')
  core.setOutput('story', json)
  core.setOutput(
    'digests',
    JSON.stringify(Object.fromEntries(story.images.map(i => [i.name, i.digest ?? null])))
  )
  if (sarifRuns) {
    const { sarif, truncated } = toSarif(sarifRuns, {
      severities: inputs.severity,
      toolVersion: trivyVersion ?? ''
    })
    fs.writeFileSync(files.verifySarifFile, JSON.stringify(sarif, null, 2))
    core.setOutput('sarif', files.verifySarifFile)
    const cut = describeTruncation(truncated)
    if (cut) core.warning(cut)
  }
  for (const image of story.images) {
    for (const reason of image.reasons) core.error(reason, { title: `imagegate verify: ${image.name}` })
    for (const e of image.standsIn ?? []) {
      if (e.unreadable)
        core.warning(
          `${image.name}: whether ${e.environment} holds ${image.digest ?? 'it'} is not known: ${e.unreadable}`,
          {
            title: `imagegate verify: ${image.name}`
          }
        )
    }
    if (image.passed) core.info(`${image.name}: ${image.digest ?? ''} verified in ${story.environment}`)
  }
  try {
    for (const image of story.images) core.summary.addRaw(storyMarkdown(image, story.environment))
    if (dbCache) core.summary.addRaw(`\nRe-scan's Trivy DB: ${dbCacheSentence(dbCache)}\n`)
    await core.summary.write()
  } catch (err) {
    core.warning(`job summary not written: ${(err as Error).message}`)
  }
}
