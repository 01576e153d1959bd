// Tool releases' signatures: a project's checksums file checked against the Sigstore bundle it publishes
// beside it, keyless, for the identity of the project's release workflow (src/tools/checksums.ts names
// them). Projects sign in Sigstore's public-good instance, so the root is the public-good one from TUF;
// SIGSTORE_ROOT_FILE (Sigstore clients' own variable) names another trusted root file instead.
// The Sigstore libraries are loaded when the first bundle is checked: a run whose tools are all in the
// checksum table (or on PATH) never loads them here.
import type { TrustedRoot } from '@sigstore/protobuf-specs'

export interface ReleaseFileCheck {
  /** The signed file's name, and its bytes. */
  file: string
  bytes: Buffer
  /** The bundle's file name, and its bytes. */
  bundleFile: string
  bundle: Buffer
  /** The certificate subject and OIDC issuer the signature must name. */
  identity: string
  issuer: string
}

export interface ReleaseSignatures {
  /** Resolves to who signed (`signed by IDENTITY (issuer ISSUER), Rekor log index N`); throws why not. */
  verify(check: ReleaseFileCheck): Promise<{ signer: string }>
}

/**
 * The checker of release signatures. The trusted root is read once, when the first bundle is checked
 * (a run that installs only tools the checksum table knows reads none). `base`: what a relative
 * SIGSTORE_ROOT_FILE is relative to, and the TUF cache's home without RUNNER_TEMP.
 */
export function releaseSignatures(env: NodeJS.ProcessEnv, base: string): ReleaseSignatures {
  let root: Promise<TrustedRoot> | undefined
  const trustedRoot = (): Promise<TrustedRoot> => {
    root ??= (async () => {
      const { publicGoodRoot, readTrustedRoot } = await import('./roots.js')
      const file = env.SIGSTORE_ROOT_FILE
      if (file) return readTrustedRoot(file, 'SIGSTORE_ROOT_FILE', base)
      return await publicGoodRoot(env, base)
    })()
    return root
  }
  return {
    async verify(check) {
      const describe = `${check.identity} (issuer ${check.issuer})`
      const root = await trustedRoot()
      const { verifyBlobBundle } = await import('./bundle.js')
      const verified = verifyBlobBundle(
        check.bundle,
        check.bytes,
        {
          kind: 'keyless',
          root,
          identity: check.identity,
          issuer: check.issuer,
          describe
        },
        check.bundleFile
      )
      const logged = verified.tlogIndexes.length ? `, log index ${verified.tlogIndexes.join(', ')}` : ''
      return {
        signer: `signed by ${verified.identity ?? check.identity} (issuer ${verified.issuer ?? check.issuer})${logged}`
      }
    }
  }
}
