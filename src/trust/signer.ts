// The Signer implementations. BundleSigner: every signature and attestation a Sigstore bundle made in
// process (bundle.ts) and attached as a referrer (store.ts), as cosign 3 does by default; with
// `legacy-signatures`, also a cosign 2 `.sig` for every image, all in one cosign process. CosignSigner:
// cosign 2's `.sig`/`.att` tags for a KMS key (the key never leaves the KMS; cosign speaks to it).
// Both take back what they attached when the publish does not tag the image.
import * as fs from 'node:fs'
import type { DSSEBundleBuilder } from '@sigstore/sign'
import { mapLimit, type RegistryClient } from '../registry/client.js'
import { cosignTag } from '../registry/copy.js'
import { INDEX_TYPES } from '../oci/layout.js'
import { parseJson } from '../json.js'
import { parseReference } from '../registry/reference.js'
import { makeBundle } from './bundle-sign.js'
import type { AttestationStore } from './github-store.js'
import type { AttestationType } from './cosign/args.js'
import type { Cosign } from './cosign/cosign.js'
import { SLSA_PROVENANCE_V1 } from './predicates.js'
import { SIGN_PREDICATE_TYPE, statementFor } from './statements.js'
import { attachBundles, withdrawBundles, type BundleToAttach, type Repository } from './store.js'
import type { ManifestResult } from '../registry/client.js'
import type {
  AttestationRequest,
  Attached,
  Signer,
  SignerIdentityDescription,
  SubjectImage
} from './trust.js'

/** Bundles made and attached at once per image (registry round trips and small signatures). */
const AT_ONCE = 4

export interface SignerSetup {
  identity: SignerIdentityDescription
  /** The run's registry client for a repository's host. */
  clientFor: (repository: string) => RegistryClient
  /** Where every bundle is also recorded once it is in the registry (GitHub's attestations, keyless). */
  store?: AttestationStore
  now?: () => Date
}

function repositoryOf(clientFor: SignerSetup['clientFor'], repository: string): Repository {
  return { client: clientFor(repository), name: parseReference(repository).repository }
}

interface ChildManifest {
  digest: string
  mediaType: string
  size: number
  platform?: { os?: string; architecture?: string; variant?: string }
}

/** Every manifest an index lists (none for a single manifest). */
async function indexChildren(repo: Repository, image: SubjectImage): Promise<ChildManifest[]> {
  if (!INDEX_TYPES.includes(image.mediaType)) return []
  const index = await repo.client.getManifest(repo.name, image.digest)
  const parsed = parseJson(
    index.bytes.toString('utf8'),
    () => `${image.repository}@${image.digest} is not JSON`
  ) as { manifests?: ChildManifest[] }
  return parsed.manifests ?? []
}

/** The platform manifests of an index (buildx's attestation manifests left out), or none. */
async function platformManifests(
  repo: Repository,
  image: SubjectImage
): Promise<(Pick<SubjectImage, 'digest' | 'mediaType' | 'size'> & { platform: string })[]> {
  return (await indexChildren(repo, image))
    .filter(m => m.platform?.os && m.platform.os !== 'unknown')
    .map(m => ({
      digest: m.digest,
      mediaType: m.mediaType,
      size: m.size,
      platform: [m.platform?.os, m.platform?.architecture, m.platform?.variant].filter(Boolean).join('/')
    }))
}

/** One statement to make a bundle of. */
interface AttachItem {
  kind: Attached['kind']
  predicateType: string
  predicate: unknown
  platform?: string
}

function attachItem(request: AttestationRequest, image: SubjectImage): AttachItem {
  return {
    kind: request.kind,
    predicateType: request.predicateType,
    predicate: predicateOf(request, image),
    ...(request.platform ? { platform: request.platform } : {})
  }
}

/** A predicate given as a file (the SBOM as written) is read as JSON; any other value is the predicate. */
function predicateOf(request: AttestationRequest, image: SubjectImage): unknown {
  if (typeof request.predicate !== 'string') return request.predicate
  const file = request.predicate
  return parseJson(
    fs.readFileSync(file, 'utf8'),
    reason => `${image.name}: the ${request.kind} ${file} is not JSON (${reason})`
  )
}

interface AttachedRecord {
  attached: Attached[]
  /** Bundle referrers made, by the digest they are attached to. */
  referrers: Map<string, string[]>
  /** cosign 2 tags as they were before this run (undefined: there was none). */
  tags: Map<string, ManifestResult | undefined>
}

/** What a run attached to each image, by `repository@digest`. */
class Ledger {
  private readonly records = new Map<string, AttachedRecord>()
  record(image: SubjectImage): AttachedRecord {
    const key = `${image.repository}@${image.digest}`
    let r = this.records.get(key)
    if (!r) {
      r = { attached: [], referrers: new Map(), tags: new Map() }
      this.records.set(key, r)
    }
    return r
  }
}

/**
 * cosign 2 tags (`sha256-<hex>.sig`, `.att`) as they were before this run touched them, so that a run
 * that does not tag an image can put them back: cosign appends to an existing tag, and the earlier
 * signatures on it (a re-run of the same bytes) must survive a withdrawal.
 */
async function snapshotTags(repo: Repository, tags: readonly string[], into: AttachedRecord): Promise<void> {
  await mapLimit([...tags], AT_ONCE, async tag => {
    if (into.tags.has(tag)) return
    const head = await repo.client.headManifest(repo.name, tag)
    into.tags.set(tag, head ? await repo.client.getManifest(repo.name, tag) : undefined)
  })
}

async function restoreTags(repo: Repository, record: AttachedRecord): Promise<void> {
  await mapLimit([...record.tags], AT_ONCE, async ([tag, before]) => {
    const now = await repo.client.headManifest(repo.name, tag)
    if (before) {
      if (now?.digest !== before.digest)
        await repo.client.putManifest(repo.name, tag, before.bytes, before.mediaType)
    } else if (now) {
      const digest = now.digest || (await repo.client.getManifest(repo.name, tag)).digest
      await repo.client.deleteManifest(repo.name, digest)
    }
  })
  record.tags.clear()
}

/**
 * cosign 2 `.sig` signatures of every image, recursively (the index and each manifest it lists), in one
 * cosign process (the key is read once); each `.sig` tag it may change snapshotted first, so that a
 * withdrawal puts it back.
 */
async function cosignSignAll(
  cosign: Cosign,
  images: readonly SubjectImage[],
  repoOf: (image: SubjectImage) => Repository,
  ledger: Ledger
): Promise<void> {
  for (const image of images) {
    const children = await indexChildren(repoOf(image), image)
    const tags = [image.digest, ...children.map(c => c.digest)].map(d => cosignTag(d, 'sig'))
    await snapshotTags(repoOf(image), tags, ledger.record(image))
  }
  await cosign.signMany(
    images.map(i => `${i.repository}@${i.digest}`),
    true
  )
  for (const image of images) {
    ledger.record(image).attached.push({
      kind: 'signature',
      predicateType: 'cosign container image signature',
      format: 'cosign2',
      where: cosignTag(image.digest, 'sig')
    })
  }
}

/** Signatures and attestations as Sigstore bundles, attached as OCI referrers. */
export class BundleSigner implements Signer {
  readonly identity: SignerIdentityDescription
  private readonly ledger = new Ledger()
  private readonly now: () => Date

  constructor(
    private readonly setup: SignerSetup,
    private readonly builder: DSSEBundleBuilder,
    /** cosign 2 `.sig` signatures beside the bundles (`legacy-signatures`), one process for all images. */
    private readonly legacy?: Cosign
  ) {
    this.identity = setup.identity
    this.now = setup.now ?? (() => new Date())
  }

  private repo(image: SubjectImage): Repository {
    return repositoryOf(this.setup.clientFor, image.repository)
  }

  /** Makes a bundle of each statement about `subject` and attaches them all (one referrers update). */
  private async attachAll(
    image: SubjectImage,
    subject: Pick<SubjectImage, 'digest' | 'mediaType' | 'size'>,
    items: readonly AttachItem[]
  ): Promise<void> {
    const bundles: BundleToAttach[] = []
    await mapLimit([...items.keys()], AT_ONCE, async i => {
      const item = items[i] as (typeof items)[number]
      bundles[i] = {
        bundle: await makeBundle(
          this.builder,
          statementFor(
            { repository: image.repository, digest: subject.digest },
            item.predicateType,
            item.predicate
          )
        ),
        predicateType: item.predicateType,
        ...(item.platform ? { platform: item.platform } : {})
      }
    })
    const referrers = await attachBundles(this.repo(image), subject, bundles, this.now().toISOString())
    const record = this.ledger.record(image)
    record.referrers.set(subject.digest, [...(record.referrers.get(subject.digest) ?? []), ...referrers])
    const store = this.setup.store
    if (store) {
      await mapLimit(bundles, AT_ONCE, async b =>
        store.record(
          b.bundle,
          `${image.repository}@${subject.digest} (${b.predicateType}${b.platform ? `, ${b.platform}` : ''})`
        )
      )
    }
    items.forEach((item, i) =>
      record.attached.push({
        kind: item.kind,
        predicateType: item.predicateType,
        ...(item.platform ? { platform: item.platform } : {}),
        format: 'bundle',
        where: referrers[i] as string
      })
    )
  }

  /** With cosign 2 `.sig` signatures beside the bundles: one cosign process for all images. */
  get signsAtOnce(): boolean {
    return this.legacy !== undefined
  }

  /**
   * The image's signatures: the index and each platform manifest (a platform digest verifies on its
   * own, as with cosign --recursive); `withIndex` adds more bundles to the index's referrers update.
   */
  private async signImage(image: SubjectImage, withIndex: readonly AttachItem[] = []): Promise<void> {
    const platforms = await platformManifests(this.repo(image), image)
    await mapLimit([image, ...platforms], AT_ONCE, async subject => {
      const platform = 'platform' in subject ? subject.platform : undefined
      const signature: AttachItem = {
        kind: 'signature',
        predicateType: SIGN_PREDICATE_TYPE,
        predicate: {},
        ...(platform ? { platform } : {})
      }
      await this.attachAll(image, subject, subject === image ? [signature, ...withIndex] : [signature])
    })
  }

  async sign(images: readonly SubjectImage[]): Promise<void> {
    await mapLimit([...images], AT_ONCE, async image => await this.signImage(image))
    if (this.legacy) await cosignSignAll(this.legacy, images, image => this.repo(image), this.ledger)
  }

  async attest(image: SubjectImage, attestations: readonly AttestationRequest[]): Promise<void> {
    await this.attachAll(
      image,
      image,
      attestations.map(request => attachItem(request, image))
    )
  }

  async signAndAttest(image: SubjectImage, attestations: readonly AttestationRequest[]): Promise<void> {
    await this.signImage(
      image,
      attestations.map(request => attachItem(request, image))
    )
    if (this.legacy) await cosignSignAll(this.legacy, [image], i => this.repo(i), this.ledger)
  }

  async withdraw(image: SubjectImage): Promise<void> {
    const record = this.ledger.record(image)
    const repo = this.repo(image)
    for (const [subject, referrers] of record.referrers) await withdrawBundles(repo, subject, referrers)
    record.referrers.clear()
    await restoreTags(repo, record)
    record.attached = []
  }

  attached(image: SubjectImage): Attached[] {
    return [...this.ledger.record(image).attached]
  }

  dispose(): void {
    this.legacy?.dispose()
  }
}

/** cosign's `--type` for each attestation kind (cosign 2's tags). */
const COSIGN_TYPE: Record<AttestationRequest['kind'], AttestationType> = {
  sbom: 'spdxjson',
  vuln: 'vuln',
  provenance: SLSA_PROVENANCE_V1
}

/** cosign 2 signatures and attestations (`.sig`/`.att` tags), for a KMS key. */
export class CosignSigner implements Signer {
  readonly identity: SignerIdentityDescription
  readonly signsAtOnce = true
  private readonly ledger = new Ledger()

  constructor(
    private readonly setup: SignerSetup,
    private readonly cosign: Cosign
  ) {
    this.identity = setup.identity
  }

  private repo(image: SubjectImage): Repository {
    return repositoryOf(this.setup.clientFor, image.repository)
  }

  async sign(images: readonly SubjectImage[]): Promise<void> {
    await cosignSignAll(this.cosign, images, image => this.repo(image), this.ledger)
  }

  async attest(image: SubjectImage, attestations: readonly AttestationRequest[]): Promise<void> {
    const record = this.ledger.record(image)
    await snapshotTags(this.repo(image), [cosignTag(image.digest, 'att')], record)
    for (const request of attestations) {
      const slug = `${image.name}-${request.platform?.replace(/\//g, '-') ?? 'image'}-${request.kind}`
      await this.cosign.attest(
        `${image.repository}@${image.digest}`,
        COSIGN_TYPE[request.kind],
        request.predicate,
        slug
      )
      record.attached.push({
        kind: request.kind,
        predicateType: request.predicateType,
        ...(request.platform ? { platform: request.platform } : {}),
        format: 'cosign2',
        where: cosignTag(image.digest, 'att')
      })
    }
  }

  async withdraw(image: SubjectImage): Promise<void> {
    const record = this.ledger.record(image)
    await restoreTags(this.repo(image), record)
    record.attached = []
  }

  attached(image: SubjectImage): Attached[] {
    return [...this.ledger.record(image).attached]
  }

  dispose(): void {
    this.cosign.dispose()
  }
}
