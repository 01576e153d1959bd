// `mode: promote` from the action's inputs: the Verifier of the signer (the trust seam), the run's
// registry clients, the promotion itself, then outputs, the job summary and annotations (before the red
// status).
import * as core from '@actions/core'
import * as path from 'node:path'
import { loadCatalog } from '../catalog/load.js'
import { readGitContext } from '../github/context.js'
import type { PromoteInputs } from '../inputs.js'
import { ResultCache } from '../cache/results.js'
import { toolSpec } from '../pipeline/scanner.js'
import { registryClients } from '../registry/client.js'
import { makeVerifier } from '../trust/setup.js'
import type { Verifier } from '../trust/trust.js'
import { cacheDir, runDir } from '../run-dir.js'
import { installTool } from '../tools/install.js'
import { promote, type PromoteResult } from './promote.js'

/** Runs the promotion; returns the failure message (the job goes red), or undefined. */
export async function runPromote(inputs: PromoteInputs, workspace: string): Promise<string | undefined> {
  const version = inputs.version.trim()
  const source = inputs['source-environment'].trim()
  if (!source) throw new Error('input source-environment: required with mode promote (e.g. dev)')
  if (!version)
    throw new Error(
      'input version: required with mode promote (a tag such as sha-9f2c1ab or 1.3.0, or a sha256: digest)'
    )
  if (inputs.registry) {
    throw new Error(
      'input registry: not used by mode promote (both registries come from the catalog environments)'
    )
  }
  const work = path.join(runDir(), 'promote')
  const privateKey = /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(inputs['cosign-key'])
  if (privateKey) {
    throw new Error(
      'input cosign-key: mode promote verifies with the PUBLIC key (cosign.pub), not the private key'
    )
  }
  const { file, catalog } = loadCatalog(inputs.catalog, workspace)
  const registries = [
    ...new Set(Object.values(catalog.environments ?? {}).map(e => e.registry.split('/')[0] as string))
  ]
  const clientFor = registryClients(inputs)
  // cosign is installed only for an image that has no Sigstore bundle (signed by cosign 2)
  const verifier = (await makeVerifier(
    {
      inputs,
      workspace,
      workDir: work,
      clientFor,
      registries,
      cosign: async () => {
        const tool = await installTool(
          toolSpec(inputs, 'cosign', inputs['cosign-version'], new ResultCache(cacheDir('imagegate-tools')))
        )
        core.info(`cosign ${tool.version} at ${tool.path} (an image without a Sigstore bundle)`)
        return tool.path
      }
    },
    true
  )) as Verifier
  core.info(`promote: signatures must be by ${verifier.describe}`)
  const result = await promote({
    catalog,
    file,
    source,
    target: inputs.environment,
    version,
    only: inputs.images,
    org: inputs.org || undefined,
    tags: inputs.tags,
    semverAliases: inputs['semver-aliases'],
    policy: { severity: inputs.severity, ignoreUnfixed: inputs['ignore-unfixed'] },
    strategy: inputs['push-strategy'],
    verifier,
    git: readGitContext(),
    client: registry => clientFor(registry),
    username: inputs.username || undefined,
    password: inputs.password || undefined,
    parallel: inputs['max-parallel']
  })
  await report(result)
  if (result.passed) return undefined
  const moved = result.images.filter(i => i.status === 'promoted' || i.status === 'unchanged')
  const reasons = result.images.flatMap(i => i.reasons)
  return [
    `promotion ${source} -> ${inputs.environment} refused; ${moved.length > 0 ? `moved only ${moved.map(i => i.name).join(', ')}` : 'nothing moved'}`,
    ...reasons
  ].join('\n')
}

const code = (s: string): string => `\`${s}\``

export function promoteSummaryMarkdown(result: PromoteResult): string {
  const lines = [
    `## imagegate promote: ${result.source} -> ${result.target}${result.production ? ' (production)' : ''}, version ${code(result.version)}`,
    '',
    result.passed ? 'Every image verified and promoted.' : '**Refused**: see the reasons below.',
    '',
    '| Image | Source digest | Target refs | Verified | Result |',
    '| --- | --- | --- | --- | --- |'
  ]
  for (const image of result.images) {
    const copy = image.copy
      ? ` (${image.copy.mountedBlobs} blobs mounted, ${image.copy.uploadedBlobs} uploaded, ${image.copy.presentBlobs} present)`
      : ''
    lines.push(
      `| ${image.name} | ${image.digest ? code(image.digest) : '-'} | ${image.refs.map(code).join('<br>') || '-'} | ${image.verified.join('<br>') || '-'} | ${image.status}${copy} |`
    )
  }
  const reasons = result.images.flatMap(i => i.reasons)
  if (reasons.length > 0) lines.push('', '### Why', '', ...reasons.map(r => `- ${r}`))
  return lines.join('\n') + '\n'
}

async function report(result: PromoteResult): Promise<void> {
  const byImage = <T>(fn: (i: PromoteResult['images'][number]) => T): Record<string, T> =>
    Object.fromEntries(result.images.map(i => [i.name, fn(i)]))
  core.setOutput('digests', JSON.stringify(byImage(i => i.digest ?? null)))
  core.setOutput('refs', JSON.stringify(byImage(i => i.refs)))
  core.setOutput('metadata', JSON.stringify(result))
  for (const image of result.images) {
    for (const reason of image.reasons) core.error(reason, { title: `imagegate promote: ${image.name}` })
    if (image.status === 'promoted' || image.status === 'unchanged') {
      core.info(`${image.name}: ${image.status} ${image.digest ?? ''} -> ${image.refs.join(', ')}`)
    }
  }
  try {
    await core.summary.addRaw(promoteSummaryMarkdown(result)).write()
  } catch (err) {
    core.warning(`job summary not written: ${(err as Error).message}`)
  }
}
