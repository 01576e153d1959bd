// `mode: promote` from the action's inputs: cosign and the signer identity, registry credentials for
// cosign, the promotion itself, then outputs, the job summary and annotations (before the red status).
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { loadCatalog } from '../catalog/load.js'
import type { SignerIdentity } from '../cosign/verify.js'
import { readGitContext } from '../github.js'
import type { Inputs } from '../inputs.js'
import { ResultCache } from '../cache/results.js'
import { keyKind } from '../cosign/args.js'
import { writeDockerConfig } from '../cosign/cosign.js'
import { toolSpec } from '../pipeline/scanner.js'
import { cacheDir, runDir } from '../run-dir.js'
import { installTool } from '../tools/install.js'
import { promote, type PromoteResult } from './promote.js'

/** The signer identity from the inputs: `cosign-key` (PEM, a file, or a KMS URI), else keyless. */
export function signerIdentity(inputs: Inputs, workspace: string, work: string): SignerIdentity {
  const key = inputs['cosign-key'].trim()
  const identity = inputs['certificate-identity'].trim()
  const issuer = inputs['certificate-oidc-issuer'].trim()
  if (key && identity) {
    throw new Error(
      'inputs cosign-key and certificate-identity: give one way to verify, a key or a keyless identity'
    )
  }
  if (key) {
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) {
      throw new Error(
        'input cosign-key: mode promote verifies with the PUBLIC key (cosign.pub), not the private key'
      )
    }
    const kind = keyKind(key)
    if (kind === 'kms') return { kind: 'key', key }
    if (kind === 'pem') {
      fs.mkdirSync(work, { recursive: true })
      const file = path.join(work, 'cosign.pub')
      fs.writeFileSync(file, key + '\n')
      return { kind: 'key', key: file }
    }
    const file = path.resolve(workspace, key)
    if (!fs.existsSync(file)) {
      throw new Error(
        `input cosign-key: "${key}" is neither a PEM public key, a KMS URI nor a file in the workspace`
      )
    }
    return { kind: 'key', key: file }
  }
  if (!identity || !issuer) {
    throw new Error(
      'mode promote verifies signatures: set cosign-key (the public key), or certificate-identity and certificate-oidc-issuer (keyless)'
    )
  }
  return { kind: 'keyless', identity, issuer }
}

/** A docker config for cosign holding the explicit credentials for `registries` (cosign reads no other input). */
function cosignDockerConfig(inputs: Inputs, registries: string[], work: string): string | undefined {
  if (!inputs.username || !inputs.password) return undefined
  return writeDockerConfig(path.join(work, 'cosign-docker'), registries, inputs.username, inputs.password)
}

/** Runs the promotion; returns the failure message (the job goes red), or undefined. */
export async function runPromote(inputs: Inputs, workspace: string): Promise<string | undefined> {
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
  const identity = signerIdentity(inputs, workspace, work)
  const { file, catalog } = loadCatalog(inputs.catalog, workspace)
  const registries = [
    ...new Set(Object.values(catalog.environments ?? {}).map(e => e.registry.split('/')[0] as string))
  ]
  const dockerConfig = cosignDockerConfig(inputs, registries, work)
  const cosign = await installTool(
    toolSpec(inputs, 'cosign', inputs['cosign-version'], new ResultCache(cacheDir('imagegate-tools')))
  )
  core.info(`cosign ${cosign.version} at ${cosign.path}`)
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
    identity,
    cosign: {
      cosign: cosign.path,
      workDir: work,
      env: dockerConfig ? { ...process.env, DOCKER_CONFIG: dockerConfig } : process.env,
      secrets: inputs.password ? [inputs.password] : []
    },
    git: readGitContext(),
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
