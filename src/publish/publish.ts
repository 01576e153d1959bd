// The publish policy: two phases, so "all or nothing" holds at the registry too.
// Phase 1 uploads every image by digest, with no tag. Signing and attesting (when on) are by digest,
// each image's as soon as its upload is through. Phase 2 moves the tags, only for images that went
// through every earlier phase; with all-or-nothing, only when every image did. No process calls and no HTTP here: the client and the
// hooks do that, so the policy is tested with fakes and, end to end, with the real registry.
import type { PushStrategy } from '../gate/gate.js'
import { mapSettled, Semaphore } from '../concurrency.js'
import type { TagResult, UploadResult } from '../registry/client.js'

export interface PublishImage {
  name: string
  /** `host/path`, no tag. */
  repository: string
  /** The OCI layout that was scanned. */
  layoutDir: string
  /** The scanned index (or manifest) digest: the registry must end up holding exactly this one. */
  digest: string
  tags: readonly string[]
}

/** The two registry verbs the policy needs (RegistryClient has both). */
export interface PublishClient {
  uploadLayout(layoutDir: string, repository: string): Promise<UploadResult>
  tag(repository: string, digest: string, tags: readonly string[]): Promise<TagResult[]>
}

/** An image after phase 1: in the registry by digest, untagged. */
export interface UploadedImage {
  name: string
  repository: string
  digest: string
  /** `host/path@digest` */
  ref: string
  /** The uploaded root manifest's media type and size (what a referrer's `subject` names). */
  mediaType: string
  size: number
  layoutDir: string
}

export interface PublishOptions {
  strategy: PushStrategy
  /** The client for a repository's registry. */
  clientFor: (repository: string) => PublishClient
  /** Images attested or signed one by one at once (cosign processes: CPU). */
  concurrency: number
  /** Images uploaded or tagged at once (network round trips); `concurrency` when absent. */
  uploadConcurrency?: number
  /**
   * Images signed and attested one by one at once when no cosign process does it (bundles made in
   * process: registry round trips); `concurrency` when absent.
   */
  trustConcurrency?: number
  /** Signs the uploaded digest (as soon as it is uploaded, before phase 2); throws when it could not. */
  sign?: (image: UploadedImage) => Promise<void>
  /**
   * Signs several uploaded digests in one go (one cosign process: the key is read once); used instead
   * of `sign` when given. When it throws, each image is signed on its own, so the failure is its own.
   */
  signMany?: (images: readonly UploadedImage[]) => Promise<void>
  /** Attaches the attestations to the uploaded digest (as soon as it is uploaded); throws when it could not. */
  attest?: (image: UploadedImage) => Promise<void>
  /**
   * Signs and attests the uploaded digest in one go, as soon as it is uploaded (one referrers update of
   * the digest for its signature and its attestations); used instead of `sign` and `attest` when given.
   */
  signAndAttest?: (image: UploadedImage) => Promise<void>
  /** Takes back the signatures and attestations of an image whose tags did not move. */
  withdraw?: (image: UploadedImage) => Promise<void>
}

export type Phase = 'upload' | 'sign' | 'tag'

export interface ImagePublishResult {
  name: string
  repository: string
  /** The digest in the registry (after phase 1). */
  digest?: string
  upload?: Omit<UploadResult, 'digest' | 'ref'>
  signed: boolean
  attested: boolean
  /** Tags that now point at `digest`. */
  tagsMoved: string[]
  /** Tags left where they were (all of them when phase 2 never ran for this image). */
  tagsNotMoved: string[]
  /** `host/path@digest`, then `host/path:tag` for each moved tag. */
  refs: string[]
  /** Why this image, or one of its tags, was not published. */
  errors: string[]
}

export interface PublishResult {
  /** The last phase that ran (for some image). */
  phase: Phase
  /** Every image uploaded, signed and attested when asked, and every tag moved. */
  passed: boolean
  images: ImagePublishResult[]
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err))

/**
 * Publishes `images` (those the gate let through) in two phases; never throws for a registry failure.
 * Each image is signed and attested as soon as its own upload is through (while others still upload),
 * except signatures made all in one `signMany` call, which follow every upload; tags move only after
 * every upload, signature and attestation (with all-or-nothing, of every image) is through.
 */
export async function publishImages(
  images: readonly PublishImage[],
  opts: PublishOptions
): Promise<PublishResult> {
  const results = images.map((image): ImagePublishResult => ({
    name: image.name,
    repository: image.repository,
    signed: false,
    attested: false,
    tagsMoved: [],
    tagsNotMoved: [...image.tags],
    refs: [],
    errors: []
  }))
  const limit = Math.max(1, opts.concurrency)
  const uploadLimit = Math.max(1, opts.uploadConcurrency ?? opts.concurrency)
  const allOrNothing = opts.strategy === 'all-or-nothing'
  /** What failed, per image, in the order it failed (`upload`, `signing`, `attesting`). */
  const failures: { index: number; what: string }[] = []
  const fail = (index: number, what: string, err: unknown): void => {
    const r = results[index] as ImagePublishResult
    r.errors.push(`${r.name}: ${what} failed: ${message(err)}`)
    failures.push({ index, what })
  }
  const uploaded = (i: number): UploadedImage => {
    const image = images[i] as PublishImage
    const r = results[i] as ImagePublishResult
    return {
      name: image.name,
      repository: image.repository,
      digest: r.digest as string,
      ref: r.refs[0] as string,
      mediaType: r.upload?.mediaType ?? '',
      size: r.upload?.size ?? 0,
      layoutDir: image.layoutDir
    }
  }
  const upload = async (i: number): Promise<void> => {
    const image = images[i] as PublishImage
    const r = results[i] as ImagePublishResult
    const up = await opts.clientFor(image.repository).uploadLayout(image.layoutDir, image.repository)
    if (up.digest !== image.digest) {
      throw new Error(`the registry holds ${up.digest}, the scanned image is ${image.digest}`)
    }
    const { digest, ref, ...counts } = up
    r.digest = digest
    r.upload = counts
    r.refs.push(ref)
  }

  // phase 1, and each image's attestations as soon as its upload is through
  const { signMany, signAndAttest } = opts
  const sign = signMany || signAndAttest ? undefined : opts.sign
  const attest = signAndAttest ? undefined : opts.attest
  const uploadSlots = new Semaphore(uploadLimit)
  const trustSlots = new Semaphore(Math.max(1, opts.trustConcurrency ?? limit))
  let trusted = false
  const uploads = images.map(async (_, i) => {
    try {
      await uploadSlots.use(async () => await upload(i))
    } catch (err) {
      fail(i, 'upload', err)
      return false
    }
    return true
  })
  // each image signed and attested as soon as its own upload is through, while others still upload:
  // an image whose tags do not move then (another's upload failed, with all-or-nothing) has them taken
  // back below
  const trust = async (
    i: number,
    what: string,
    hook: (image: UploadedImage) => Promise<void>,
    done: (r: ImagePublishResult) => void
  ): Promise<void> => {
    trusted = true
    try {
      await trustSlots.use(async () => await hook(uploaded(i)))
      done(results[i] as ImagePublishResult)
    } catch (err) {
      fail(i, what, err)
    }
  }
  const attested = uploads.map(async (done, i) => {
    if (!(await done)) return
    const steps: Promise<void>[] = []
    if (signAndAttest) {
      steps.push(
        trust(i, 'signing and attesting', signAndAttest, r => {
          r.signed = true
          r.attested = true
        })
      )
    }
    if (attest) steps.push(trust(i, 'attesting', attest, r => (r.attested = true)))
    if (sign) steps.push(trust(i, 'signing', sign, r => (r.signed = true)))
    await Promise.all(steps)
  })
  // signatures made several at once (one cosign process: the key read once) wait for every upload
  const signed = (async (): Promise<void> => {
    const done = await Promise.all(uploads)
    const going = images.map((_, i) => i).filter(i => done[i])
    if (going.length === 0 || !signMany) return
    // all-or-nothing: a failed upload means no tag will move; no signature on a digest of this publish
    if (allOrNothing && going.length < images.length) return
    trusted = true
    const one = async (i: number): Promise<void> => await signMany([uploaded(i)])
    if (going.length > 1) {
      try {
        await signMany(going.map(uploaded))
        for (const i of going) (results[i] as ImagePublishResult).signed = true
        return
      } catch {
        // signed one by one below, so each image's failure is its own
      }
    }
    const settled = await mapSettled(going, limit, one)
    settled.forEach((s, k) => {
      const i = going[k] as number
      if (s.status === 'fulfilled') (results[i] as ImagePublishResult).signed = true
      else fail(i, 'signing', s.reason)
    })
  })()
  await Promise.all([...attested, signed])

  // phase 2: tags, for the images through every phase (with all-or-nothing: only if all are)
  const failedImages = new Set(failures.map(f => f.index))
  if (failedImages.size > 0 && allOrNothing) {
    const byWhat = new Map<string, string[]>()
    for (const f of failures) {
      const names = byWhat.get(f.what) ?? []
      const name = (results[f.index] as ImagePublishResult).name
      if (!names.includes(name)) names.push(name)
      byWhat.set(f.what, names)
    }
    const why = [...byWhat].map(([what, names]) => `${what} failed for ${names.join(', ')}`).join('; ')
    for (const [i, r] of results.entries()) {
      if (!failedImages.has(i)) r.errors.push(`${r.name}: no tag moved: ${why} (all-or-nothing)`)
    }
  }
  const going =
    allOrNothing && failedImages.size > 0 ? [] : images.map((_, i) => i).filter(i => !failedImages.has(i))
  let phase: Phase = 'upload'
  if (going.length > 0) {
    phase = 'tag'
    await mapSettled(going, uploadLimit, async i => {
      const image = images[i] as PublishImage
      const r = results[i] as ImagePublishResult
      let tagged: TagResult[]
      try {
        tagged = await opts.clientFor(image.repository).tag(image.repository, r.digest as string, image.tags)
      } catch (err) {
        r.errors.push(`${r.name}: tagging failed, no tag moved: ${message(err)}`)
        return
      }
      r.tagsMoved = tagged.filter(t => t.moved).map(t => t.tag)
      r.tagsNotMoved = tagged.filter(t => !t.moved).map(t => t.tag)
      r.refs.push(...tagged.filter(t => t.moved).map(t => t.ref))
      for (const t of tagged)
        if (!t.moved) r.errors.push(`${r.name}: tag ${t.tag} not moved: ${t.error ?? ''}`)
    })
  } else if (trusted && !failures.some(f => f.what === 'upload')) {
    phase = 'sign'
  }

  // nothing left behind: an uploaded image none of whose tags moved keeps no signature or attestation
  if (trusted && opts.withdraw) {
    const withdraw = opts.withdraw
    const untagged = images
      .map((image, i) => ({ image, i, r: results[i] as ImagePublishResult }))
      .filter(({ image, r }) => r.digest && r.upload && image.tags.length > 0 && r.tagsMoved.length === 0)
    await mapSettled(untagged, uploadLimit, async ({ i, r }) => {
      try {
        await withdraw(uploaded(i))
        r.signed = false
        r.attested = false
      } catch (err) {
        r.errors.push(`${r.name}: its signatures and attestations could not be taken back: ${message(err)}`)
      }
    })
  }
  return { phase, passed: results.every(r => r.errors.length === 0), images: results }
}

/** One line on how far the publish went. */
export function phaseLine(result: PublishResult): string {
  if (result.passed) return `publish: ${result.images.length} images uploaded by digest, then tagged`
  switch (result.phase) {
    case 'upload':
      return 'publish: phase 1 (upload by digest) failed: no tag moved'
    case 'sign':
      return 'publish: signing or attesting failed: no tag of an unsigned image moved'
    case 'tag':
      return 'publish: not every image or tag was published: each image below says which tags moved'
  }
}

/** Log lines: per image, what is in the registry and which tags moved; phase 2 failures say exactly which. */
export function publishLines(result: PublishResult): string[] {
  return result.images.map(r => {
    const where = r.digest ? `${r.repository}@${r.digest}` : `${r.repository} (not uploaded)`
    const trust = [r.signed ? 'signed' : '', r.attested ? 'attested' : ''].filter(Boolean).join(', ')
    const moved = r.tagsMoved.length > 0 ? `tags moved: ${r.tagsMoved.join(', ')}` : 'no tag moved'
    const not =
      r.tagsMoved.length > 0 && r.tagsNotMoved.length > 0 ? `; NOT moved: ${r.tagsNotMoved.join(', ')}` : ''
    return `${r.name}: ${where}${trust ? ` (${trust})` : ''}; ${moved}${not}`
  })
}
