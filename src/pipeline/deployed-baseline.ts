// The attestation source of the baseline for one run (policy/deployed.ts): the deployed tag, the signer
// to verify with (the trust seam's Verifier). Nothing is installed or asked before an image in gate
// mode new needs it (resolveBaseline calls the source only then).
import * as core from '@actions/core'
import * as path from 'node:path'
import { ResultCache } from '../cache/results.js'
import { deployedScan, deployedTag, verifierPlan } from '../policy/deployed.js'
import type { AttestationBaselineSource } from '../policy/run-policy.js'
import { makeVerifier, registriesOf } from '../trust/setup.js'
import type { Verifier } from '../trust/trust.js'
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
    const verifier = await makeVerifier(
      {
        inputs,
        workspace: ctx.workspace,
        workDir: path.join(ctx.files.work, '.baseline'),
        clientFor: ctx.registry,
        registries: registriesOf(images.map(i => i.repository)),
        cosign: async () =>
          (
            await installTool(
              toolSpec(
                inputs,
                'cosign',
                inputs['cosign-version'],
                new ResultCache(cacheDir('imagegate-tools'))
              )
            )
          ).path
      },
      true
    )
    const scans = await Promise.all(
      images.map(i =>
        deployedScan({ ...i, client: ctx.registry(i.repository), verifier: verifier as Verifier })
      )
    )
    for (const s of scans) core.info(`baseline of ${s.name}: ${s.kind} ${s.ref}`)
    return scans
  }
  return { tag, attestations }
}
