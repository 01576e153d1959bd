// The Verifier: an image's Sigstore bundle referrers read from the registry and verified in process
// (bundle.ts) against the accepted signer; an image without any bundle of the asked kind falls back to
// cosign 2's `.sig`/`.att` tags (images signed before bundles, or with a KMS key), through cosign.
import { mapLimit, type RegistryClient } from '../registry/client.js'
import { parseReference } from '../registry/reference.js'
import { verifyBundle, type BundleTrust, type VerifiedBundle } from './bundle.js'
import {
  verifySignature as cosignVerifySignature,
  verifyAttestationStatements as cosignAttestations,
  type CosignRun,
  type SignerIdentity
} from './cosign/verify.js'
import { SIGN_PREDICATE_TYPE, subjectDigests } from './statements.js'
import { listBundles, readBundle, type BundleReferrer, type Repository } from './store.js'
import { VerifyError, type VerifiedAttestation, type VerifiedSignature, type Verifier } from './trust.js'

/** Bundles read and verified at once per image. */
const AT_ONCE = 4

/** cosign 2 verification of the same signer, set up only when an image has no bundle. */
export type LegacyVerification = () => Promise<{ run: CosignRun; identity: SignerIdentity }>

export interface VerifierSetup {
  trust: BundleTrust
  clientFor: (repository: string) => RegistryClient
  legacy?: LegacyVerification
}

interface Checked {
  referrer: BundleReferrer
  verified?: VerifiedBundle
  problem?: string
}

/**
 * The checked bundles that verified, each about `digest`: one about another digest refuses them all
 * (digest-mismatch); none verifying is a wrong signer, with every bundle's reason.
 */
function verifiedOn(checked: readonly Checked[], digest: string, what: string, signer: string): Checked[] {
  const good = checked.filter(c => c.verified)
  const other = good.find(c => !subjectDigests(c.verified!.statement).includes(digest))
  if (other) {
    throw new VerifyError(
      `the ${what} bundle ${other.referrer.digest} is for ${subjectDigests(other.verified!.statement).join(', ') || 'no digest'}, not for ${digest}`,
      'digest-mismatch'
    )
  }
  if (good.length === 0) {
    throw new VerifyError(
      `no ${what} by ${signer}: ${checked.map(c => c.problem).join('; ')}`,
      'wrong-signer'
    )
  }
  return good
}

export class BundleVerifier implements Verifier {
  readonly describe: string
  /**
   * The bundle referrers of each `repository@digest`, listed once per run: the signature and every
   * attestation type of a digest are read from one list (a promotion, a verify run and the deployed
   * baseline only read the repositories they verify).
   */
  private readonly listings = new Map<string, Promise<BundleReferrer[]>>()

  constructor(private readonly setup: VerifierSetup) {
    this.describe = setup.trust.describe
  }

  private repo(repository: string): Repository {
    return { client: this.setup.clientFor(repository), name: parseReference(repository).repository }
  }

  private listed(repo: Repository, repository: string, digest: string): Promise<BundleReferrer[]> {
    const key = `${repository}@${digest}`
    let listing = this.listings.get(key)
    if (!listing) {
      listing = listBundles(repo, digest)
      this.listings.set(key, listing)
      listing.catch(() => {
        if (this.listings.get(key) === listing) this.listings.delete(key)
      })
    }
    return listing
  }

  /** Every bundle referrer of `digest` that may hold `predicateType`, each verified (or why not). */
  private async check(repository: string, digest: string, predicateType: string): Promise<Checked[]> {
    const repo = this.repo(repository)
    let referrers: BundleReferrer[]
    try {
      referrers = await this.listed(repo, repository, digest)
    } catch (err) {
      throw new VerifyError(
        `the referrers of ${digest} could not be read: ${(err as Error).message}`,
        'registry'
      )
    }
    // a referrer that names another predicate type is not read; one that names none might hold it
    const candidates = referrers.filter(r => !r.predicateType || r.predicateType === predicateType)
    const out: Checked[] = candidates.map(referrer => ({ referrer }))
    await mapLimit(out, AT_ONCE, async c => {
      const where = `${repository}@${digest} bundle ${c.referrer.digest}`
      try {
        const bytes = await readBundle(repo, c.referrer.digest)
        c.verified = verifyBundle(bytes, this.setup.trust, where)
      } catch (err) {
        // a bundle that does not verify (BundleError), or cannot be read: why it does not count
        c.problem = err instanceof Error ? err.message : String(err)
      }
    })
    return out.filter(c => !c.verified || c.verified.statement.predicateType === predicateType)
  }

  async signature(repository: string, digest: string): Promise<VerifiedSignature[]> {
    const checked = await this.check(repository, digest, SIGN_PREDICATE_TYPE)
    if (checked.length === 0) {
      if (this.setup.legacy) {
        const { run, identity } = await this.setup.legacy()
        const signatures = await cosignVerifySignature(run, repository, digest, identity).catch(
          (err: unknown) => {
            // nothing in either form: said as the bundle check says it, with cosign's word after it
            if (err instanceof VerifyError && err.failure === 'unsigned')
              throw new VerifyError(
                `not signed: no signature bundle is attached to ${digest}, nor a cosign 2 signature (${err.message.replace(/^not signed \((.*)\)$/s, '$1')})`,
                'unsigned'
              )
            throw err
          }
        )
        return signatures.map(s => ({
          digest: s.digest,
          format: 'cosign2' as const,
          ...(s.subject ? { subject: s.subject } : {}),
          ...(s.issuer ? { issuer: s.issuer } : {})
        }))
      }
      throw new VerifyError(`not signed: no signature bundle is attached to ${digest}`, 'unsigned')
    }
    const good = verifiedOn(checked, digest, 'signature', this.describe)
    return good.map(c => {
      const v = c.verified!
      return {
        digest,
        format: 'bundle' as const,
        ...(v.identity ? { subject: v.identity } : {}),
        ...(v.issuer ? { issuer: v.issuer } : {}),
        ...(v.tlogIndexes.length > 0 ? { tlogIndexes: v.tlogIndexes } : {}),
        ...(v.timestamps > 0 ? { timestamps: v.timestamps } : {}),
        referrer: c.referrer.digest
      }
    })
  }

  async attestations(
    repository: string,
    digest: string,
    predicateType: string
  ): Promise<VerifiedAttestation[]> {
    const checked = await this.check(repository, digest, predicateType)
    if (checked.length === 0) {
      if (!this.setup.legacy) return []
      const { run, identity } = await this.setup.legacy()
      const statements = await cosignAttestations(run, repository, digest, identity, predicateType)
      return statements.map(statement => ({ statement, format: 'cosign2' as const }))
    }
    const good = verifiedOn(checked, digest, `attestation (${predicateType})`, this.describe)
    return good.map(c => {
      const v = c.verified!
      return {
        statement: v.statement,
        format: 'bundle' as const,
        ...(c.referrer.platform ? { platform: c.referrer.platform } : {}),
        ...(v.identity ? { subject: v.identity } : {}),
        ...(v.issuer ? { issuer: v.issuer } : {}),
        referrer: c.referrer.digest
      }
    })
  }
}
