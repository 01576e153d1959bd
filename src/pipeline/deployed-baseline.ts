// The attestation source of the baseline for one run (policy/deployed.ts): the deployed tag, the signer
// to verify with, cosign and registry credentials. Nothing is installed or asked before an image in gate
// mode new needs it (resolveBaseline calls the source only then).
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ResultCache } from '../cache/results.js'
import { writeDockerConfig } from '../cosign/cosign.js'
import type { SignerIdentity } from '../cosign/verify.js'
import { deployedScan, deployedTag, publicKeyOf, verifierPlan } from '../policy/deployed.js'
import { registryClients } from '../registry/client.js'
import type { AttestationBaselineSource } from '../policy/run-policy.js'
import { parseReference } from '../registry/reference.js'
import { cacheDir } from '../run-dir.js'
import type { RunContext } from '../run-context.js'
import { installTool } from '../tools/install.js'
import { toolSpec } from './scanner.js'

export interface DeployedBaseline {
  /** The deployed tag; undefined when the environment has none. */
  tag?: string
  attestations?: AttestationBaselineSource
  /** Why there is no attestation source. */
  attestationsOff?: string
}

/** What resolveBaseline needs to read the deployed digests' scan attestations in this run. */
export function deployedBaseline(ctx: RunContext): DeployedBaseline {
  const { inputs, plan } = ctx
  const tag = deployedTag({
    input: inputs['baseline-tag'],
    environment: plan.environment,
    production: plan.production
  })
  if (!tag) {
    return {
      attestationsOff: `${plan.environment} has no deployed tag to read a scan attestation from (input baseline-tag)`
    }
  }
  const verifier = verifierPlan({
    key: inputs['cosign-key'],
    identity: inputs['certificate-identity'],
    issuer: inputs['certificate-oidc-issuer'],
    workspace: ctx.workspace
  })
  if (verifier.kind === 'none') {
    return {
      tag,
      attestationsOff: `the scan attestation of the deployed tag ${tag} cannot be verified: ${verifier.why}`
    }
  }
  const attestations: AttestationBaselineSource = async ({ images }) => {
    const work = path.join(ctx.files.work, '.baseline')
    fs.mkdirSync(work, { recursive: true, mode: 0o700 })
    const tool = await installTool(
      toolSpec(inputs, 'cosign', inputs['cosign-version'], new ResultCache(cacheDir('imagegate-tools')))
    )
    let identity: SignerIdentity
    if (verifier.kind === 'identity') identity = verifier.identity
    else if (verifier.private) {
      const key = await publicKeyOf({
        cosign: tool.path,
        key: verifier.pem,
        password: inputs['cosign-password'],
        workDir: work
      })
      identity = { kind: 'key', key }
    } else {
      const key = path.join(work, 'baseline-signer.pub')
      fs.writeFileSync(key, verifier.pem.trim() + '\n')
      identity = { kind: 'key', key }
    }
    const registries = [...new Set(images.map(i => parseReference(i.repository).registry))]
    const dockerConfig =
      inputs.username && inputs.password
        ? writeDockerConfig(path.join(work, 'docker'), registries, inputs.username, inputs.password)
        : undefined
    const clientFor = registryClients(inputs)
    const cosign = {
      cosign: tool.path,
      workDir: work,
      env: dockerConfig ? { ...process.env, DOCKER_CONFIG: dockerConfig } : process.env,
      secrets: inputs.password ? [inputs.password] : []
    }
    try {
      const scans = await Promise.all(
        images.map(i => deployedScan({ ...i, client: clientFor(i.repository), cosign, identity }))
      )
      for (const s of scans) core.info(`baseline of ${s.name}: ${s.kind} ${s.ref}`)
      return scans
    } finally {
      if (dockerConfig) fs.rmSync(dockerConfig, { recursive: true, force: true })
    }
  }
  return { tag, attestations }
}
