// A small OCI distribution client: blobs, manifests, and pushing an OCI layout byte for byte, so the
// registry's digest is the digest that was scanned. Retries network errors, 429 and 5xx with
// exponential backoff; 400/401/403/404 become errors naming the registry, repository and status.
import * as core from '@actions/core'
import * as fs from 'node:fs'
import { pipeline, Readable, Transform } from 'node:stream'
import { TAG } from '../plan/grammar.js'
import {
  AuthError,
  basicHeader,
  describeCredential,
  fetchToken,
  parseChallenges,
  resolveCredential,
  type Credential,
  type FetchLike
} from './auth.js'
import {
  blobPath,
  INDEX_TYPES,
  MANIFEST_TYPES,
  MEDIA,
  readLayout,
  sha256,
  verifyBlob,
  type Descriptor
} from '../oci/layout.js'
import { isLoopback, parseReference } from './reference.js'
import { httpFetch } from './transport.js'

export const MANIFEST_ACCEPT: readonly string[] = [...INDEX_TYPES, ...MANIFEST_TYPES]

/** A manifest reference that is a digest (content-addressed), not a tag. */
const DIGEST_REFERENCE = /^sha256:[a-f0-9]{64}$/
/** Tags asked for per page of a whole listing, and the pages read before giving up on it. */
const TAG_PAGE = 1000
const MAX_TAG_PAGES = 50

export interface RegistryClientOptions {
  /** `host[:port]` */
  registry: string
  /** Explicit credentials; without them the docker config is read (when the registry asks). */
  username?: string
  password?: string
  /** Read the docker config when no explicit credentials are given (default true). */
  dockerConfig?: boolean
  /** Environment for DOCKER_CONFIG/HOME and credential helpers (default process.env). */
  env?: NodeJS.ProcessEnv
  /** Default: http for 127.0.0.0/8 and localhost (as dockerd), https otherwise. */
  protocol?: 'http' | 'https'
  /** Tries per operation, first included (default 4). */
  attempts?: number
  /** First retry delay; doubles each time (default 500 ms). */
  baseDelayMs?: number
  sleep?: (ms: number) => Promise<void>
  fetch?: FetchLike
  /** Blobs checked/uploaded at once (default 4). */
  concurrency?: number
  /** Time limit of each request (default 120 s); of a blob upload, the limit on a stall (no byte taken, no answer). */
  timeoutMs?: number
}

export interface ManifestResult {
  bytes: Buffer
  digest: string
  mediaType: string
}

/** What phase 1 (`uploadLayout`) put in the registry: the image, by digest, untagged. */
export interface UploadResult {
  digest: string
  mediaType: string
  /** The root manifest's size in bytes. */
  size: number
  /** `host/name@digest` */
  ref: string
  uploadedBlobs: number
  uploadedBytes: number
  skippedBlobs: number
  skippedBytes: number
  /** Blobs the registry took from `mountFrom` (counted apart from uploads). */
  mountedBlobs: number
}

/** One tag of phase 2 (`tag`): moved, or not and why. */
export interface TagResult {
  tag: string
  /** `host/name:tag` */
  ref: string
  moved: boolean
  error?: string
}

export interface PushResult {
  digest: string
  mediaType: string
  /** `host/name:tag` for each tag, then `host/name@digest`. */
  refs: string[]
  uploadedBlobs: number
  uploadedBytes: number
  skippedBlobs: number
  skippedBytes: number
  /** Blobs the registry took from `mountFrom` (counted apart from uploads). */
  mountedBlobs: number
}

/** Bytes in memory, or a file of known size (streamed). */
export type BlobSource = Uint8Array | { path: string; size: number }

export class RegistryError extends Error {
  readonly status: number | undefined
  readonly retryable: boolean
  readonly retryAfterMs: number | undefined
  constructor(message: string, o: { status?: number; retryable: boolean; retryAfterMs?: number }) {
    super(message)
    this.name = 'RegistryError'
    this.status = o.status
    this.retryable = o.retryable
    this.retryAfterMs = o.retryAfterMs
  }
}

interface Req {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE'
  /** A path below `/v2/<name>/`, or an absolute URL (an upload Location). */
  target: string
  name: string
  /** What we were doing, for messages: `HEAD blob sha256:...`. */
  what: string
  ok: number[]
  headers?: Record<string, string>
  body?: () => RequestInit['body']
  /** Repository scope actions for a bearer token (default pull,push). */
  scopes?: string[]
  /**
   * No limit on the whole request (blob uploads: a large layer on a slow link), only on a stall: no byte
   * of the body taken for timeoutMs, or no answer within timeoutMs after the last one.
   */
  long?: boolean
}

/**
 * An upload's limit on a stall, not on its length: aborted when the body gives no byte for `ms` (the
 * socket took nothing: a stream body goes through a pass-through that notes every chunk it hands on,
 * with the stream's back-pressure), or when no answer comes `ms` after its last byte. `done` once answered.
 */
function stallLimit(
  body: RequestInit['body'] | undefined,
  ms: number
): { body: RequestInit['body'] | undefined; signal: AbortSignal; done: () => void } {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const arm = (): void => {
    clearTimeout(timer)
    timer = setTimeout(
      () =>
        controller.abort(
          new Error(`no progress for ${ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`} (timed out)`)
        ),
      ms
    )
  }
  let metered = body
  if (body instanceof Readable) {
    const meter = new Transform({
      transform(chunk, _encoding, next) {
        arm()
        next(null, chunk)
      },
      flush(next) {
        arm()
        next()
      }
    })
    pipeline(body, meter, () => undefined) // an error of the source ends the meter with it
    metered = meter as unknown as RequestInit['body']
  }
  arm()
  return { body: metered, signal: controller.signal, done: () => clearTimeout(timer) }
}

/** Runs `fn` over `items`, at most `limit` at a time; after a failure no new item starts, and the first error is thrown. */
export async function mapLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>
): Promise<void> {
  let next = 0
  let failed = false
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++] as T
      await fn(item).catch((err: unknown) => {
        failed = true
        throw err
      })
    }
  }
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker)
  const results = await Promise.allSettled(workers)
  const rejected = results.find(r => r.status === 'rejected')
  if (rejected) throw rejected.reason
}

function errorCodes(text: string): string {
  try {
    const body = JSON.parse(text) as { errors?: { code?: string; message?: string }[] }
    const list = (body.errors ?? []).map(e => [e.code, e.message].filter(Boolean).join(': '))
    if (list.length > 0) return list.join('; ')
  } catch {
    // not JSON: fall through
  }
  return text.trim().slice(0, 200)
}

function retryAfter(res: Response): number | undefined {
  const v = res.headers.get('retry-after')
  return v && /^\d+$/.test(v) ? Number(v) * 1000 : undefined
}

export class RegistryClient {
  readonly registry: string
  private readonly base: string
  private readonly o: RegistryClientOptions
  private readonly fetchFn: FetchLike
  private credential: Promise<Credential | undefined> | undefined
  private basic: string | undefined
  private readonly tokens = new Map<string, string>()
  /** The last queued update per key (`exclusive`). */
  private readonly queues = new Map<string, Promise<unknown>>()
  /** The registry answered 404 to the referrers API: it has none (asked once per run). */
  private noReferrersApi = false
  /** Manifests read by digest (content-addressed: they never change), by `name@digest`. */
  private readonly byDigest = new Map<string, Promise<ManifestResult>>()
  /** Small blobs this run put (or found) in a repository, by `name@digest` (`ensureBlob`). */
  private readonly ensured = new Map<string, Promise<void>>()

  constructor(o: RegistryClientOptions) {
    this.registry = o.registry
    this.o = o
    const protocol = o.protocol ?? (isLoopback(o.registry) ? 'http' : 'https')
    this.base = `${protocol}://${o.registry}`
    this.fetchFn = o.fetch ?? httpFetch
  }

  private getCredential(): Promise<Credential | undefined> {
    this.credential ??=
      this.o.username || this.o.password || this.o.dockerConfig !== false
        ? resolveCredential(
            this.registry,
            { username: this.o.username, password: this.o.password },
            this.o.env ?? process.env
          )
        : Promise.resolve(undefined)
    return this.credential
  }

  private scopeList(r: Req): string[] {
    return (r.scopes ?? ['pull,push']).map(a =>
      a.startsWith('repository:') ? a : `repository:${r.name}:${a}`
    )
  }

  private authorization(scopes: string[]): string | undefined {
    if (this.basic) return this.basic
    const token = this.tokens.get(scopes.join(' '))
    return token ? `Bearer ${token}` : undefined
  }

  /** Answers a 401's challenge; false when there is nothing we can answer it with. */
  private async authenticate(res: Response, scopes: string[]): Promise<boolean> {
    const challenges = parseChallenges(res.headers.get('www-authenticate') ?? '')
    const challenge = challenges.find(c => c.scheme === 'bearer') ?? challenges[0]
    if (!challenge) return false
    const credential = await this.getCredential()
    if (challenge.scheme === 'basic') {
      if (credential?.kind !== 'basic') return false
      this.basic = basicHeader(credential.username, credential.password)
      return true
    }
    this.tokens.set(
      scopes.join(' '),
      await fetchToken(this.fetchFn, this.registry, challenge, scopes, credential)
    )
    return true
  }

  /** One attempt: the request, answering one auth challenge on the way; the status must be in `ok`. */
  private async send(r: Req): Promise<Response> {
    const url = /^https?:\/\//.test(r.target) ? r.target : `${this.base}/v2/${r.name}/${r.target}`
    const sameHost = new URL(url).host === new URL(this.base).host
    const scopes = this.scopeList(r)
    for (let round = 0; ; round++) {
      const headers: Record<string, string> = { ...r.headers }
      const auth = this.authorization(scopes)
      if (auth && sameHost) headers.authorization = auth
      const init: RequestInit & { duplex?: 'half' } = { method: r.method, headers, redirect: 'follow' }
      if (r.body) {
        init.body = r.body()
        init.duplex = 'half'
      }
      const limitMs = this.o.timeoutMs ?? 120_000
      const stall = r.long ? stallLimit(init.body, limitMs) : undefined
      if (stall) init.body = stall.body
      init.signal = stall?.signal ?? AbortSignal.timeout(limitMs)
      let res: Response
      try {
        res = await this.fetchFn(url, init)
      } catch (err) {
        const e = err as Error & { cause?: { code?: string; message?: string } }
        const why = e.cause?.code ?? e.cause?.message ?? e.message
        throw new RegistryError(
          `${this.registry}: ${r.what} in ${this.registry}/${r.name}: cannot reach the registry (${why})`,
          { retryable: true }
        )
      } finally {
        stall?.done()
      }
      if (res.status === 401 && round === 0 && sameHost) {
        const text = await res.text().catch(() => '')
        try {
          if (await this.authenticate(res, scopes)) continue
        } catch (err) {
          if (!(err instanceof AuthError)) throw err
          throw new RegistryError(err.message, { status: err.status, retryable: err.retryable })
        }
        throw await this.failure(res, r, text)
      }
      if (r.ok.includes(res.status)) return res
      throw await this.failure(res, r)
    }
  }

  private async failure(res: Response, r: Req, body?: string): Promise<RegistryError> {
    const text = body ?? (r.method === 'HEAD' ? '' : await res.text().catch(() => ''))
    const detail = errorCodes(text)
    const where = `${r.what} in ${this.registry}/${r.name} answered HTTP ${res.status}${detail ? ` (${detail})` : ''}`
    const status = res.status
    let message = `${this.registry}: ${where}`
    if (status === 401 || status === 403) {
      const who = describeCredential(await this.getCredential())
      message = `${status === 401 ? 'authentication failed for' : 'access denied by'} ${this.registry} (${who}): ${where}`
    }
    const retryable = status === 429 || status >= 500
    return new RegistryError(message, { status, retryable, retryAfterMs: retryAfter(res) })
  }

  /** Runs one operation with retries on network errors, 429 and 5xx. */
  private async retry<T>(fn: () => Promise<T>): Promise<T> {
    const attempts = this.o.attempts ?? 4
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn()
      } catch (err) {
        if (!(err instanceof RegistryError) || !err.retryable) throw err
        if (attempt >= attempts) {
          err.message += attempts > 1 ? ` (gave up after ${attempts} attempts)` : ''
          throw err
        }
        const delay = Math.min(
          30_000,
          Math.max((this.o.baseDelayMs ?? 500) * 2 ** (attempt - 1), err.retryAfterMs ?? 0)
        )
        core.debug(`${err.message}; retry ${attempt + 1}/${attempts} in ${delay} ms`)
        await this.wait(delay)
      }
    }
  }

  /** Waits `ms` with the client's sleep (the one its retries use). */
  async wait(ms: number): Promise<void> {
    await (this.o.sleep ?? ((delay: number) => new Promise<void>(resolve => setTimeout(resolve, delay))))(ms)
  }

  /**
   * Runs `update` once every earlier update queued on this client under `key` has settled, so one run
   * never races itself in a read-modify-write of a registry object (a referrers index tag).
   */
  async exclusive<T>(key: string, update: () => Promise<T>): Promise<T> {
    const before = this.queues.get(key) ?? Promise.resolve()
    const run = before.then(update, update)
    const settled = run.catch(() => undefined)
    this.queues.set(key, settled)
    try {
      return await run
    } finally {
      if (this.queues.get(key) === settled) this.queues.delete(key)
    }
  }

  /**
   * Makes sure the repository holds a small blob (an artifact's empty config): asked once per run and
   * repository, uploaded once when missing, whatever the number of callers at once. Two uploads of one
   * blob at once make distribution rewrite the repository's link to it while a manifest PUT may read it,
   * and the manifest is then refused (DIGEST_INVALID, MANIFEST_BLOB_UNKNOWN). A failure is not
   * remembered: the next caller asks again.
   */
  async ensureBlob(name: string, digest: string, bytes: Uint8Array): Promise<void> {
    const key = `${name}@${digest}`
    let ensuring = this.ensured.get(key)
    if (!ensuring) {
      ensuring = (async () => {
        if (!(await this.headBlob(name, digest))) await this.uploadBlob(name, digest, bytes)
      })()
      this.ensured.set(key, ensuring)
      ensuring.catch(() => {
        if (this.ensured.get(key) === ensuring) this.ensured.delete(key)
      })
    }
    await ensuring
  }

  async headBlob(name: string, digest: string): Promise<boolean> {
    return await this.retry(async () => {
      const res = await this.send({
        method: 'HEAD',
        name,
        target: `blobs/${digest}`,
        what: `HEAD blob ${digest}`,
        ok: [200, 404]
      })
      return res.status === 200
    })
  }

  /**
   * Copies one blob of `source` (a repository of this or another registry) into `name`. Within one
   * registry: a cross-repository mount straight away, no HEAD first (the registry answers 201 whether
   * or not `name` had the blob, and no layer bytes move either way). Across registries: nothing when
   * `name` has it (HEAD), else the bytes streamed from the source registry in one PUT (the registry
   * checks them against the digest). A registry that declines the mount gets the bytes too, unless a
   * HEAD then finds the blob there.
   */
  async copyBlob(
    source: { client: RegistryClient; name: string },
    name: string,
    blob: { digest: string; size: number }
  ): Promise<'present' | 'mounted' | 'uploaded'> {
    const sameRegistry = source.client.registry === this.registry && source.client.base === this.base
    if (!sameRegistry && (await this.headBlob(name, blob.digest))) return 'present'
    // one scope list for the POST and the PUT, so a bearer token fetched for one serves the other
    const scopes = sameRegistry ? ['pull,push', `repository:${source.name}:pull`] : undefined
    return await this.retry(async () => {
      const post = await this.send({
        method: 'POST',
        name,
        target: sameRegistry
          ? `blobs/uploads/?mount=${encodeURIComponent(blob.digest)}&from=${encodeURIComponent(source.name)}`
          : 'blobs/uploads/',
        what: sameRegistry ? `mount of ${blob.digest} from ${source.name}` : `start upload of ${blob.digest}`,
        ok: [201, 202],
        scopes
      })
      await post.body?.cancel()
      if (post.status === 201) return 'mounted'
      // a declined mount: the bytes would move, so first ask whether they need to
      if (sameRegistry && (await this.headBlob(name, blob.digest))) return 'present'
      const location = post.headers.get('location')
      if (!location)
        throw new RegistryError(`${this.registry}: no Location for the upload of ${blob.digest}`, {
          retryable: true
        })
      const url = new URL(location, `${this.base}/v2/${name}/blobs/uploads/`)
      url.searchParams.set('digest', blob.digest)
      const get = await source.client.retry(
        async () =>
          await source.client.send({
            method: 'GET',
            name: source.name,
            target: `blobs/${blob.digest}`,
            what: `GET blob ${blob.digest}`,
            ok: [200],
            scopes: ['pull'],
            long: true
          })
      )
      const put = await this.send({
        method: 'PUT',
        name,
        target: url.href,
        what: `upload blob ${blob.digest}`,
        ok: [201, 204],
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
        body: () => get.body,
        scopes,
        long: true
      })
      await put.body?.cancel()
      const got = put.headers.get('docker-content-digest')
      if (got && got !== blob.digest) {
        throw new RegistryError(`${this.registry}/${name}: blob ${blob.digest} was stored as ${got}`, {
          retryable: false
        })
      }
      return 'uploaded'
    })
  }

  /**
   * The OCI 1.1 referrers API's list for `digest` (every page), or undefined when the registry has no
   * referrers API (it answers 404; distribution 2.8 does): then the referrers tag schema is the
   * fallback. An empty list means the API is there and nothing refers to `digest`. With
   * `artifactType` the registry is asked to filter; it may not, so callers filter too.
   */
  async referrers(
    name: string,
    digest: string,
    filter: { artifactType?: string } = {}
  ): Promise<Descriptor[] | undefined> {
    if (this.noReferrersApi) return undefined
    const query = filter.artifactType ? `?artifactType=${encodeURIComponent(filter.artifactType)}` : ''
    const manifests: Descriptor[] = []
    let target = `referrers/${digest}${query}`
    for (let page = 1; ; page++) {
      const answer = await this.retry(async () => {
        const res = await this.send({
          method: 'GET',
          name,
          target,
          what: `GET referrers of ${digest}`,
          ok: [200, 404],
          headers: { accept: MEDIA.ociIndex },
          scopes: ['pull']
        })
        if (res.status === 404) {
          await res.body?.cancel()
          return undefined
        }
        return { text: await res.text(), link: res.headers.get('link') ?? '' }
      })
      if (!answer) {
        if (page === 1) {
          // a registry with the API never answers 404 (OCI distribution spec 1.1: an unknown subject
          // has an empty list): the answer holds for every repository of this registry
          this.noReferrersApi = true
          return undefined
        }
        throw new RegistryError(
          `${this.registry}/${name}: page ${page} of the referrers of ${digest} answered HTTP 404`,
          { status: 404, retryable: false }
        )
      }
      let body: { manifests?: unknown } | undefined
      try {
        body = JSON.parse(answer.text) as { manifests?: unknown }
      } catch {
        body = undefined
      }
      if (!body || !Array.isArray(body.manifests)) {
        throw new RegistryError(
          `${this.registry}/${name}: the referrers API answered for ${digest} with no image index (${answer.text.slice(0, 120)})`,
          { status: 200, retryable: false }
        )
      }
      manifests.push(...(body.manifests as Descriptor[]))
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(answer.link)?.[1]
      if (!next) return manifests
      if (page >= 100) {
        throw new RegistryError(
          `${this.registry}/${name}: the referrers of ${digest} run past 100 pages (${manifests.length} so far)`,
          { retryable: false }
        )
      }
      target = new URL(next, `${this.base}/v2/${name}/referrers/`).href
    }
  }

  /**
   * Uploads a blob: POST an upload session, then one PUT `?digest=` with the bytes. With `mountFrom`
   * (a repository in the same registry) the registry is first asked to mount the blob from there.
   */
  async uploadBlob(
    name: string,
    digest: string,
    source: BlobSource,
    opts: { mountFrom?: string } = {}
  ): Promise<'uploaded' | 'mounted'> {
    const size = source instanceof Uint8Array ? source.length : source.size
    const body = (): RequestInit['body'] =>
      source instanceof Uint8Array ? source : fs.createReadStream(source.path)
    return await this.retry(async () => {
      const mount = opts.mountFrom
      const post = await this.send({
        method: 'POST',
        name,
        target: mount
          ? `blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(mount)}`
          : 'blobs/uploads/',
        what: `start upload of ${digest}`,
        ok: [201, 202],
        scopes: mount ? ['pull,push', `repository:${mount}:pull`] : undefined
      })
      await post.body?.cancel()
      if (post.status === 201) return 'mounted'
      const location = post.headers.get('location')
      if (!location)
        throw new RegistryError(`${this.registry}: no Location for the upload of ${digest}`, {
          retryable: true
        })
      const url = new URL(location, `${this.base}/v2/${name}/blobs/uploads/`)
      url.searchParams.set('digest', digest)
      const put = await this.send({
        method: 'PUT',
        name,
        target: url.href,
        what: `upload blob ${digest}`,
        ok: [201, 204],
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
        body,
        long: true
      })
      await put.body?.cancel()
      const got = put.headers.get('docker-content-digest')
      if (got && got !== digest) {
        throw new RegistryError(`${this.registry}/${name}: blob ${digest} was stored as ${got}`, {
          retryable: false
        })
      }
      return 'uploaded'
    })
  }

  /** PUTs a manifest; returns the digest the registry gives it (`Docker-Content-Digest`). */
  async putManifest(name: string, reference: string, bytes: Uint8Array, mediaType: string): Promise<string> {
    return (await this.putManifestAnswer(name, reference, bytes, mediaType)).digest
  }

  /**
   * PUTs a manifest and returns what the registry answered: the digest it gives it, and its
   * `OCI-Subject` header (a registry with the referrers API sets it when it indexed the manifest's
   * `subject`; undefined otherwise).
   */
  async putManifestAnswer(
    name: string,
    reference: string,
    bytes: Uint8Array,
    mediaType: string
  ): Promise<{ digest: string; ociSubject: string | undefined }> {
    const answer = await this.retry(async () => {
      const res = await this.send({
        method: 'PUT',
        name,
        target: `manifests/${reference}`,
        what: `PUT manifest ${reference}`,
        ok: [200, 201, 202],
        headers: { 'content-type': mediaType },
        body: () => bytes
      })
      await res.body?.cancel()
      return {
        digest: res.headers.get('docker-content-digest'),
        ociSubject: res.headers.get('oci-subject') ?? undefined
      }
    })
    // Without the header, the digest of the bytes the registry now serves.
    const digest = answer.digest ?? (await this.getManifest(name, reference, [mediaType])).digest
    return { digest, ociSubject: answer.ociSubject }
  }

  async getManifest(
    name: string,
    reference: string,
    accept: readonly string[] = MANIFEST_ACCEPT
  ): Promise<ManifestResult> {
    if (!DIGEST_REFERENCE.test(reference)) return await this.fetchManifest(name, reference, accept)
    // read once per run, whatever a caller accepts: the bytes are checked against the digest (a
    // registry cannot convert them), and a failure is asked again; a caller that does not accept the
    // stored media type asks the registry itself (and gets its refusal)
    const key = `${name}@${reference}`
    const known = await this.byDigest.get(key)?.catch(() => undefined)
    if (known)
      return accept.includes(known.mediaType) ? known : await this.fetchManifest(name, reference, accept)
    let reading = this.byDigest.get(key)
    if (!reading) {
      reading = this.fetchManifest(name, reference, accept)
      this.byDigest.set(key, reading)
      reading.catch(() => {
        if (this.byDigest.get(key) === reading) this.byDigest.delete(key)
      })
    }
    return await reading
  }

  private async fetchManifest(
    name: string,
    reference: string,
    accept: readonly string[]
  ): Promise<ManifestResult> {
    return await this.retry(async () => {
      const res = await this.send({
        method: 'GET',
        name,
        target: `manifests/${reference}`,
        what: `GET manifest ${reference}`,
        ok: [200],
        headers: { accept: accept.join(', ') },
        scopes: ['pull']
      })
      const bytes = Buffer.from(await res.arrayBuffer())
      const digest = sha256(bytes)
      if (reference.startsWith('sha256:') && digest !== reference) {
        throw new RegistryError(
          `${this.registry}/${name}: manifest ${reference} came back with digest ${digest}`,
          {
            retryable: false
          }
        )
      }
      const header = res.headers.get('docker-content-digest')
      if (header && header !== digest) {
        throw new RegistryError(
          `${this.registry}/${name}: manifest ${reference} says ${header}, its bytes are ${digest}`,
          {
            retryable: false
          }
        )
      }
      return { bytes, digest, mediaType: (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '' }
    })
  }

  /** The digest, media type and size of a manifest, or undefined when the registry has no such manifest. */
  async headManifest(
    name: string,
    reference: string
  ): Promise<{ digest: string; mediaType: string; size: number } | undefined> {
    return await this.retry(async () => {
      const res = await this.send({
        method: 'HEAD',
        name,
        target: `manifests/${reference}`,
        what: `HEAD manifest ${reference}`,
        ok: [200, 404],
        headers: { accept: MANIFEST_ACCEPT.join(', ') },
        scopes: ['pull']
      })
      if (res.status === 404) return undefined
      return {
        digest: res.headers.get('docker-content-digest') ?? '',
        mediaType: (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '',
        size: Number(res.headers.get('content-length') ?? 0)
      }
    })
  }

  /**
   * The repository's tags, at most `limit` (the registry's own page size `n`, one request); an unknown
   * repository has none.
   */
  async listTags(name: string, limit: number): Promise<string[]> {
    return await this.retry(async () => {
      const res = await this.send({
        method: 'GET',
        name,
        target: `tags/list?n=${limit}`,
        what: 'GET tags/list',
        ok: [200, 404],
        headers: { accept: 'application/json' },
        scopes: ['pull']
      })
      if (res.status === 404) return []
      const body = (await res.json()) as { tags?: unknown }
      const tags = Array.isArray(body.tags) ? body.tags.filter((t): t is string => typeof t === 'string') : []
      return tags.slice(0, limit)
    })
  }

  /**
   * Every tag of the repository (the registry's pages followed through their `Link` headers), or
   * undefined when the registry does not list them (any answer but 200, or a 404 other than
   * NAME_UNKNOWN): callers then ask tag by tag. An unknown repository has none. A snapshot: tags put
   * later are not in it.
   */
  async allTags(name: string): Promise<Set<string> | undefined> {
    const tags = new Set<string>()
    let target = `tags/list?n=${TAG_PAGE}`
    for (let page = 1; page <= MAX_TAG_PAGES; page++) {
      let answer: { tags: unknown; link: string } | undefined
      try {
        answer = await this.retry(async () => {
          const res = await this.send({
            method: 'GET',
            name,
            target,
            what: 'GET tags/list',
            ok: [200, 404],
            headers: { accept: 'application/json' },
            scopes: ['pull']
          })
          if (res.status === 404) {
            // a repository that does not exist (yet) has no tag; any other 404 says nothing
            const unknown = /NAME_UNKNOWN/.test(errorCodes(await res.text().catch(() => '')))
            return unknown ? { tags: [], link: '' } : undefined
          }
          const body = (await res.json()) as { tags?: unknown }
          return { tags: body.tags, link: res.headers.get('link') ?? '' }
        })
      } catch (err) {
        if (err instanceof RegistryError && err.status !== undefined && err.status < 500) return undefined
        throw err
      }
      if (!answer) return undefined
      if (Array.isArray(answer.tags)) for (const t of answer.tags) if (typeof t === 'string') tags.add(t)
      const next = /<([^>]+)>;\s*rel="?next"?/.exec(answer.link)?.[1]
      if (!next) return tags
      target = new URL(next, `${this.base}/v2/${name}/`).href
    }
    return undefined
  }

  /** Deletes a manifest by digest (the registry must allow deletes). */
  async deleteManifest(name: string, digest: string): Promise<void> {
    this.byDigest.delete(`${name}@${digest}`)
    await this.retry(async () => {
      const res = await this.send({
        method: 'DELETE',
        name,
        target: `manifests/${digest}`,
        what: `DELETE manifest ${digest}`,
        ok: [200, 202],
        scopes: ['delete']
      })
      await res.body?.cancel()
    })
  }

  /**
   * Phase 1 of a publish: uploads an OCI layout to `repository` (`host/path`, this client's host) with
   * the layout's exact bytes and no tag: blobs the registry lacks (HEAD first), every child manifest by
   * digest, then the root by digest. Every digest the registry answers must equal the layout's.
   */
  async uploadLayout(
    layoutDir: string,
    repository: string,
    /** index false: the manifests below an index root, not the index (a platform job of a distributed build). */
    opts: { mountFrom?: string; index?: boolean } = {}
  ): Promise<UploadResult> {
    const name = this.repositoryName(repository, 'uploadLayout')
    const layout = readLayout(layoutDir)
    const result: UploadResult = {
      digest: layout.root.digest,
      mediaType: layout.root.mediaType,
      size: layout.rootBytes.length,
      ref: `${this.registry}/${name}@${layout.root.digest}`,
      uploadedBlobs: 0,
      uploadedBytes: 0,
      skippedBlobs: 0,
      skippedBytes: 0,
      mountedBlobs: 0
    }
    await mapLimit(layout.blobs, this.o.concurrency ?? 4, async blob => {
      if (await this.headBlob(name, blob.digest)) {
        result.skippedBlobs++
        result.skippedBytes += blob.size
        return
      }
      await verifyBlob(layoutDir, blob)
      const source = { path: blobPath(layoutDir, blob.digest), size: blob.size }
      if ((await this.uploadBlob(name, blob.digest, source, opts)) === 'mounted') {
        result.mountedBlobs++
      } else {
        result.uploadedBlobs++
        result.uploadedBytes += blob.size
      }
      if (core.isDebug())
        core.debug(`${this.registry}/${name}: pushed blob ${blob.digest} (${blob.size} bytes)`)
    })
    // the child manifests at once (each references blobs only, all uploaded above), then the root
    await Promise.all(
      layout.children.map(async child => {
        const d = child.descriptor
        this.expectDigest(
          name,
          await this.putManifest(name, d.digest, child.bytes, d.mediaType),
          d.digest,
          `manifest ${d.digest}`
        )
      })
    )
    const root = layout.root
    if (opts.index === false && layout.kind === 'index') return result
    this.expectDigest(
      name,
      await this.putManifest(name, root.digest, layout.rootBytes, root.mediaType),
      root.digest,
      'the image'
    )
    return result
  }

  /**
   * Phase 2 of a publish: points each tag at a manifest already in `repository` (uploaded by digest),
   * with the manifest's exact bytes read back from the registry. Every tag is tried; the result says,
   * tag by tag, which moved and why the others did not.
   */
  async tag(repository: string, digest: string, tags: readonly string[]): Promise<TagResult[]> {
    const name = this.repositoryName(repository, 'tag')
    for (const tag of tags) if (!TAG.test(tag)) throw new Error(`tag: "${tag}" is not a valid tag`)
    const manifest = await this.getManifest(name, digest)
    // every tag at once (each its own PUT of the same bytes); the result keeps the tags' order
    return await Promise.all(
      tags.map(async (tag): Promise<TagResult> => {
        try {
          this.expectDigest(
            name,
            await this.putManifest(name, tag, manifest.bytes, manifest.mediaType),
            digest,
            `tag ${tag}`
          )
          return { tag, ref: `${this.registry}/${name}:${tag}`, moved: true }
        } catch (err) {
          return {
            tag,
            ref: `${this.registry}/${name}:${tag}`,
            moved: false,
            error: err instanceof Error ? err.message : String(err)
          }
        }
      })
    )
  }

  /**
   * Both phases for one layout: upload by digest, then every tag (the first tag that fails is thrown).
   * `refs` lists `host/name:tag` for each tag, then `host/name@digest`.
   */
  async pushLayout(
    layoutDir: string,
    repository: string,
    tags: readonly string[],
    opts: { mountFrom?: string } = {}
  ): Promise<PushResult> {
    this.repositoryName(repository, 'pushLayout')
    for (const tag of tags) if (!TAG.test(tag)) throw new Error(`pushLayout: "${tag}" is not a valid tag`)
    const uploaded = await this.uploadLayout(layoutDir, repository, opts)
    const tagged = await this.tag(repository, uploaded.digest, tags)
    const failed = tagged.find(t => !t.moved)
    if (failed) throw new Error(failed.error)
    const { ref, ...counts } = uploaded
    return { ...counts, refs: [...tagged.map(t => t.ref), ref] }
  }

  /** `host/path` -> `path`, refusing a tag, a digest or another registry's host. */
  private repositoryName(repository: string, what: string): string {
    const ref = parseReference(repository)
    if (ref.tag || ref.digest)
      throw new Error(`${what}: "${repository}" must be a repository, without a tag or digest`)
    if (ref.registry !== this.registry) {
      throw new Error(`${what}: "${repository}" is not on this client's registry ${this.registry}`)
    }
    return ref.repository
  }

  private expectDigest(name: string, got: string, want: string, where: string): void {
    if (got !== want) {
      throw new Error(
        `${this.registry}/${name}: ${where} was stored with digest ${got}, the layout's is ${want}`
      )
    }
  }

  /** A (small) blob's bytes, e.g. an image config; its digest is checked. */
  async getBlob(name: string, digest: string): Promise<Buffer> {
    return await this.retry(async () => {
      const res = await this.send({
        method: 'GET',
        name,
        target: `blobs/${digest}`,
        what: `GET blob ${digest}`,
        ok: [200],
        scopes: ['pull']
      })
      const bytes = Buffer.from(await res.arrayBuffer())
      if (sha256(bytes) !== digest) {
        throw new RegistryError(
          `${this.registry}/${name}: blob ${digest} came back with digest ${sha256(bytes)}`,
          {
            retryable: false
          }
        )
      }
      return bytes
    })
  }
}

/**
 * One client per registry host, made on first use with the run's explicit credentials (empty: the docker
 * config), so a run's publish, upload, merge, signing and baseline reads share each host's client and
 * token. Asked with a repository (`host/path`) or a bare registry host.
 */
export function registryClients(credentials: {
  username?: string
  password?: string
}): (repository: string) => RegistryClient {
  const clients = new Map<string, RegistryClient>()
  return repository => {
    const host = repository.includes('/') ? parseReference(repository).registry : repository
    let client = clients.get(host)
    if (!client) {
      client = new RegistryClient({
        registry: host,
        username: credentials.username || undefined,
        password: credentials.password || undefined
      })
      clients.set(host, client)
    }
    return client
  }
}
