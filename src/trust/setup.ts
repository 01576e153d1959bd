// The Signer and the Verifier of a run, from the action's inputs: the only code that reads cosign-key,
// cosign-password, the keyless identity and the Sigstore endpoints. A PEM or cosign key signs in
// process (Sigstore bundles); a KMS key signs through cosign 2; no key is keyless (GitHub's OIDC token,
// a Fulcio certificate, Rekor or a timestamp authority). cosign is installed only when it will run.
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { IdentityProvider } from '@sigstore/sign'
import type { InputsOf } from '../inputs.js'
import type { RegistryClient } from '../registry/client.js'
import { parseReference } from '../registry/reference.js'
import type { BundleTrust } from './bundle.js'
import { GITHUB_OIDC_ISSUER } from './cosign/args.js'
import { signerPreflight, TrustSetupError } from './preflight.js'
import { Cosign, writeDockerConfig } from './cosign/cosign.js'
import type { SignerIdentity } from './cosign/verify.js'
import { loadPublicKey, loadSigningKey } from './keys.js'
import { gitHubAttestationStore, type AttestationStore } from './github-store.js'
import { runnerIdToken } from './oidc.js'
import { publicGoodRoot, readTrustedRoot } from './roots.js'
import type { Signer, Verifier } from './trust.js'
import { BundleVerifier, type LegacyVerification } from './verifier.js'

/** What signing reads (modes build and merge hold these and more). */
export type SignerInputs = InputsOf<
  | 'cosign-key'
  | 'cosign-password'
  | 'fulcio-url'
  | 'rekor-url'
  | 'tsa-url'
  | 'legacy-signatures'
  | 'username'
  | 'password'
> &
  Partial<InputsOf<'public-log' | 'github-token' | 'github-attestations'>>

/** What verifying reads (modes build, promote and verify hold these and more). */
export type VerifierInputs = InputsOf<
  | 'cosign-key'
  | 'cosign-password'
  | 'certificate-identity'
  | 'certificate-oidc-issuer'
  | 'trusted-root'
  | 'username'
  | 'password'
>

/** Every trust input. */
export type TrustInputs = SignerInputs & VerifierInputs

export { GITHUB_FULCIO_URL, GITHUB_TSA_URL, keylessEndpoints, TrustSetupError } from './preflight.js'

export interface TrustContext<I = TrustInputs> {
  inputs: I
  workspace: string
  /** A private directory for cosign's key file and docker config. */
  workDir: string
  /** The run's registry clients (shared: one token per host). */
  clientFor: (repository: string) => RegistryClient
  /** The registries signed into or read from: cosign gets the explicit credentials for them. */
  registries: readonly string[]
  /** Installs cosign (only called when cosign will run); its path. */
  cosign: () => Promise<string>
  env?: NodeJS.ProcessEnv
}

function cosignFor(ctx: TrustContext<SignerInputs>, bin: string, key: string): Cosign {
  const { inputs } = ctx
  return new Cosign({
    cosign: bin,
    key,
    password: inputs['cosign-password'],
    workspace: ctx.workspace,
    workDir: ctx.workDir,
    registryAuth: inputs.username
      ? { registries: ctx.registries, username: inputs.username, password: inputs.password }
      : undefined,
    fulcioUrl: inputs['fulcio-url'],
    rekorUrl: inputs['rekor-url'],
    env: ctx.env
  })
}

/**
 * The OIDC token Fulcio takes: SIGSTORE_ID_TOKEN from an earlier step, else the runner's (audience
 * sigstore), asked once per certificate and bounded in time.
 */
function identityProvider(env: NodeJS.ProcessEnv): IdentityProvider {
  return {
    getToken: async () => {
      const given = env.SIGSTORE_ID_TOKEN
      if (given) return given
      return await runnerIdToken(env, 'sigstore')
    }
  }
}

/**
 * GitHub's attestation store for a keyless run (github-attestations, on by default): the token is read
 * and masked here only. None without a token or a repository (a run outside GitHub Actions).
 */
function attestationStore(inputs: SignerInputs, env: NodeJS.ProcessEnv): AttestationStore | undefined {
  if (inputs['github-attestations'] === false) return undefined
  const token = (inputs['github-token'] ?? '').trim()
  const repository = env.GITHUB_REPOSITORY ?? ''
  if (!token || !/^[^/\s]+\/[^/\s]+$/.test(repository)) {
    core.info(
      `github-attestations: no ${token ? 'GITHUB_REPOSITORY' : 'github-token'}: the bundles are not recorded in GitHub's attestations`
    )
    return undefined
  }
  core.setSecret(token)
  return gitHubAttestationStore({
    token,
    repository,
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com'
  })
}

/** The run's Signer: bundles in process for a PEM or cosign key and for keyless, cosign 2 for a KMS key. */
export async function makeSigner<I extends SignerInputs>(ctx: TrustContext<I>): Promise<Signer> {
  const { inputs } = ctx
  const env = ctx.env ?? process.env
  const keyInput = inputs['cosign-key'].trim()
  const setup = { clientFor: ctx.clientFor }
  const how = signerPreflight(inputs, env)
  // @sigstore/sign and its HTTP client: loaded by a run that signs only (a verifier never needs them)
  const [{ bundleBuilder, keySigner, OneCertificateSigner }, { BundleSigner, CosignSigner }] =
    await Promise.all([import('./bundle-sign.js'), import('./signer.js')])
  if (how.kind === 'key') {
    const key = await loadSigningKey({
      value: keyInput,
      password: inputs['cosign-password'],
      workspace: ctx.workspace
    })
    if (key.kind === 'kms') {
      const cosign = cosignFor(ctx, await ctx.cosign(), key.uri)
      return new CosignSigner({ ...setup, identity: { kind: 'kms', who: key.uri } }, cosign)
    }
    const legacy = inputs['legacy-signatures'] ? cosignFor(ctx, await ctx.cosign(), keyInput) : undefined
    return new BundleSigner(
      { ...setup, identity: { kind: 'key', who: key.fingerprint } },
      bundleBuilder(keySigner(key)),
      legacy
    )
  }
  // keyless: the identity Fulcio will certify (or why this run cannot have one), checked by the preflight
  const { who, endpoints } = how
  const signer = new OneCertificateSigner({ fulcioUrl: endpoints.fulcioUrl, identity: identityProvider(env) })
  const legacy = inputs['legacy-signatures'] ? cosignFor(ctx, await ctx.cosign(), '') : undefined
  const store = attestationStore(inputs, env)
  return new BundleSigner(
    {
      ...setup,
      ...(store ? { store } : {}),
      identity: {
        kind: 'keyless',
        who: who.identity,
        issuer: who.issuer,
        transparency: [
          endpoints.rekorUrl ? `Rekor ${endpoints.rekorUrl}` : '',
          endpoints.tsaUrl ? `timestamps from ${endpoints.tsaUrl}` : '',
          store ? `recorded in ${store.describe}` : ''
        ]
          .filter(Boolean)
          .join(', ')
      }
    },
    bundleBuilder(signer, endpoints),
    legacy
  )
}

/** The trusted root keyless verification checks certificates against: a file, else Sigstore's public good. */
async function trustedRoot(inputs: VerifierInputs, workspace: string, env: NodeJS.ProcessEnv) {
  const file = inputs['trusted-root'] || env.SIGSTORE_ROOT_FILE || ''
  try {
    if (file) {
      return readTrustedRoot(
        file,
        inputs['trusted-root'] ? 'input trusted-root' : 'SIGSTORE_ROOT_FILE',
        workspace
      )
    }
  } catch (err) {
    throw new TrustSetupError((err as Error).message, { cause: err })
  }
  try {
    return await publicGoodRoot(env, workspace)
  } catch (err) {
    throw new TrustSetupError(
      `keyless verification (certificate-identity): ${(err as Error).message}; a runner that cannot reach Sigstore's TUF repository needs the root as a file (input trusted-root)`,
      { cause: err }
    )
  }
}

/**
 * The run's Verifier: who must have signed, from cosign-key (a public key, or the private key whose
 * public half it is; a KMS key's public half comes from cosign), else certificate-identity and
 * certificate-oidc-issuer. Undefined when the inputs name no signer (`required` throws instead).
 */
export async function makeVerifier<I extends VerifierInputs>(
  ctx: TrustContext<I>,
  required: boolean
): Promise<Verifier | undefined> {
  const { inputs } = ctx
  const env = ctx.env ?? process.env
  const keyInput = inputs['cosign-key'].trim()
  const identity = inputs['certificate-identity'].trim()
  const issuer = inputs['certificate-oidc-issuer'].trim()
  if (keyInput && identity) {
    throw new TrustSetupError(
      'inputs cosign-key and certificate-identity: give one way to verify, a key or a keyless identity'
    )
  }
  fs.mkdirSync(ctx.workDir, { recursive: true, mode: 0o700 })
  let trust: BundleTrust
  let cosignIdentity: SignerIdentity
  if (keyInput) {
    if (inputs['trusted-root'].trim())
      core.warning(
        'input trusted-root: not read: a key (cosign-key) verifies without a Sigstore trusted root (it is for certificate-identity)'
      )
    const key = await loadPublicKey({
      value: keyInput,
      workspace: ctx.workspace,
      password: inputs['cosign-password']
    })
    if (key.kind === 'kms') {
      cosignIdentity = { kind: 'key', key: key.uri }
      const pem = await kmsPublicKey(ctx, key.uri)
      const loaded = await loadPublicKey({ value: pem, workspace: ctx.workspace })
      if (loaded.kind !== 'key')
        throw new TrustSetupError(`input cosign-key: cosign gave no public key for ${key.uri}`)
      trust = { kind: 'key', publicKey: loaded.publicKey, describe: `the key ${key.uri}` }
    } else {
      const file = path.join(ctx.workDir, 'verify.pub')
      fs.writeFileSync(file, key.publicKeyPem)
      cosignIdentity = { kind: 'key', key: file }
      trust = { kind: 'key', publicKey: key.publicKey, describe: `the key ${key.fingerprint}` }
    }
  } else if (identity || issuer) {
    if (!identity || !issuer) {
      throw new TrustSetupError(
        `input ${identity ? 'certificate-oidc-issuer' : 'certificate-identity'}: keyless verification needs both certificate-identity and certificate-oidc-issuer${identity ? ` (GitHub's is ${GITHUB_OIDC_ISSUER})` : ''}`
      )
    }
    cosignIdentity = { kind: 'keyless', identity, issuer }
    trust = {
      kind: 'keyless',
      root: await trustedRoot(inputs, ctx.workspace, env),
      identity,
      issuer,
      describe: `${identity} (issuer ${issuer})`
    }
  } else {
    if (required) {
      throw new TrustSetupError(
        'no signer to verify: set cosign-key (the public key), or certificate-identity and certificate-oidc-issuer (keyless)'
      )
    }
    return undefined
  }
  let legacyRun: ReturnType<LegacyVerification> | undefined
  const legacy: LegacyVerification = () => {
    legacyRun ??= (async () => {
      const bin = await ctx.cosign()
      const dockerConfig =
        inputs.username && inputs.password
          ? writeDockerConfig(
              path.join(ctx.workDir, 'docker'),
              ctx.registries,
              inputs.username,
              inputs.password
            )
          : undefined
      return {
        run: {
          cosign: bin,
          workDir: ctx.workDir,
          env: dockerConfig ? { ...env, DOCKER_CONFIG: dockerConfig } : env,
          secrets: inputs.password ? [inputs.password] : []
        },
        identity: cosignIdentity
      }
    })()
    return legacyRun
  }
  return new BundleVerifier({ trust, clientFor: ctx.clientFor, legacy })
}

/** A KMS key's public half, by `cosign public-key --key URI`. */
async function kmsPublicKey(ctx: TrustContext<VerifierInputs>, uri: string): Promise<string> {
  const { exec, tail } = await import('../exec.js')
  const out = path.join(ctx.workDir, 'kms.pub')
  const r = await exec(await ctx.cosign(), ['public-key', '--key', uri, '--outfile', out], {
    stage: 'verify'
  })
  if (r.exitCode !== 0)
    throw new TrustSetupError(
      `input cosign-key: cosign public-key of ${uri} failed: ${tail(r.stderr || r.stdout, 3)}`
    )
  return fs.readFileSync(out, 'utf8')
}

/** The registry hosts of some repositories (what cosign's docker config must name). */
export function registriesOf(repositories: readonly string[]): string[] {
  return [...new Set(repositories.map(r => parseReference(r).registry))]
}
