// The test bed's loopback Sigstore (scripts/testbed/sigstore/server.mjs: @sigstore/mock's Fulcio, Rekor
// and TSA with fix-ups, and a stand-in of the runner's OIDC endpoint) against the real clients: the
// keyless flow of src/trust/bundle.ts (@actions/core getIDToken, @sigstore/sign FulcioSigner +
// RekorWitness or TSAWitness in a DSSEBundleBuilder), checked by @sigstore/verify and by cosign 2.5.
// The server is started here on free ports (not the test bed's instance), and stopped at the end.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import * as core from '@actions/core'
import { bundleFromJSON, bundleToJSON, type Bundle } from '@sigstore/bundle'
import { RFC3161Timestamp } from '@sigstore/core'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import {
  DSSEBundleBuilder,
  FulcioSigner,
  RekorWitness,
  TSAWitness,
  type IdentityProvider,
  type Signature,
  type Signer,
  type Witness
} from '@sigstore/sign'
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify'
import { BundleError, verifyBundle, type BundleTrust } from '../../src/trust/bundle.js'
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

const ROOT = path.resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..')
const SERVER = path.join(ROOT, 'scripts', 'testbed', 'sigstore', 'server.mjs')
const COSIGN = process.env.COSIGN_BIN || '/usr/bin/cosign'
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
const IN_TOTO = 'application/vnd.in-toto+json'
const PREDICATE = 'https://imagegate.test/loopback/v1'

interface State {
  pid: number
  urls: { fulcio: string; rekor: string; tsa: string; admin: string }
  ports: Record<'fulcio' | 'rekor' | 'tsa' | 'oidc' | 'admin', number>
  oidc: { url: string; requestToken: string; issuer: string; identity: string; repository: string }
  trustedRoot: string
}
type Service = 'fulcio' | 'rekor' | 'tsa' | 'oidc'
interface LoggedRequest {
  method: string
  path: string
  status: number | 'hang'
  detail?: Record<string, unknown>
}

let child: ChildProcessWithoutNullStreams
let state: State
let work: string
let root: TrustedRoot

/** Starts server.mjs on free ports; its first stdout line is its state. */
function startServer(stateFile: string): Promise<State> {
  child = spawn(process.execPath, [SERVER, '--state', stateFile, '--stop-on-stdin-close'], {
    stdio: ['pipe', 'pipe', 'pipe']
  })
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const onData = (d: Buffer): void => {
      out += d.toString()
      const nl = out.indexOf('\n')
      if (nl < 0) return
      child.stdout.off('data', onData)
      child.stdout.resume()
      resolve(JSON.parse(out.slice(0, nl)) as State)
    }
    child.stdout.on('data', onData)
    child.on('exit', code => reject(new Error(`server.mjs exited with ${code} before it was ready:\n${err}`)))
  })
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-loopback-sigstore-'))
  state = await startServer(path.join(work, 'state.json'))
  root = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(state.trustedRoot, 'utf8')))
}, 60_000)

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise(resolve => child.once('exit', resolve))
    child.stdin.end()
    await exited
  }
  fs.rmSync(work, { recursive: true, force: true })
})

async function admin<T>(method: string, route: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${state.urls.admin}${route}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  return { status: response.status, json: (await response.json()) as T }
}
const requests = async (service: Service): Promise<LoggedRequest[]> =>
  (await admin<Record<Service, { requests: LoggedRequest[] }>>('GET', '/_requests')).json[service].requests
const faults = async (set: Partial<Record<Service, string>>): Promise<void> => {
  const r = await admin('POST', '/_faults', set)
  expect(r.status).toBe(200)
}

beforeEach(async () => {
  await admin('POST', '/_reset')
})

// ---- the keyless flow of src/trust/bundle.ts --------------------------------------------------------

/** The runner's token as the action asks for it: @actions/core getIDToken('sigstore'). */
async function runnerToken(query = '', requestToken = state.oidc.requestToken): Promise<string> {
  const saved = {
    url: process.env.ACTIONS_ID_TOKEN_REQUEST_URL,
    token: process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  }
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `${state.oidc.url}${query}`
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = requestToken
  // getIDToken writes `::debug::` and `::add-mask::<token>` workflow commands: kept out of the test output
  const write = process.stdout.write
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean =>
    String(chunk).startsWith('::')
      ? true
      : (write as (...args: unknown[]) => boolean).call(
          process.stdout,
          chunk,
          ...rest
        )) as typeof process.stdout.write
  try {
    return await core.getIDToken('sigstore')
  } finally {
    process.stdout.write = write
    for (const [name, value] of [
      ['ACTIONS_ID_TOKEN_REQUEST_URL', saved.url],
      ['ACTIONS_ID_TOKEN_REQUEST_TOKEN', saved.token]
    ] as const) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}
const identity = (query = ''): IdentityProvider => ({ getToken: () => runnerToken(query) })
const claimsOf = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>

/** An ephemeral key, as bundle.ts's OneCertificateSigner holds it. */
function keyHolder(): Signer {
  const pair = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()
  return {
    sign: async (data: Buffer): Promise<Signature> => ({
      signature: crypto.sign('sha256', data, pair.privateKey),
      key: { $case: 'publicKey', publicKey }
    })
  }
}

interface FetchOptions {
  timeout?: number
  retry?: { retries: number; factor?: number; minTimeout?: number; maxTimeout?: number }
}
/** What bundle.ts gives every Sigstore request (make-fetch-happen's options). */
const LEAD_FETCH: FetchOptions = {
  timeout: 30_000,
  retry: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000 }
}

function builder(o: {
  witness: 'rekor' | 'tsa'
  query?: string
  fetch?: FetchOptions
  signer?: Signer
}): DSSEBundleBuilder {
  const fetchOptions = o.fetch ?? LEAD_FETCH
  const signer =
    o.signer ??
    new FulcioSigner({
      fulcioBaseURL: state.urls.fulcio,
      identityProvider: identity(o.query),
      keyHolder: keyHolder(),
      ...fetchOptions
    })
  const witnesses: Witness[] =
    o.witness === 'rekor'
      ? [new RekorWitness({ rekorBaseURL: state.urls.rekor, ...fetchOptions })]
      : [new TSAWitness({ tsaBaseURL: state.urls.tsa, ...fetchOptions })]
  return new DSSEBundleBuilder({ signer, witnesses })
}

/** An in-toto statement about a blob: the blob (for cosign) and the statement's bytes. */
function statementAbout(name: string): { blob: Buffer; statement: Buffer } {
  const blob = Buffer.from(`${name} ${crypto.randomBytes(8).toString('hex')}`)
  const digest = crypto.createHash('sha256').update(blob).digest('hex')
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name, digest: { sha256: digest } }],
    predicateType: PREDICATE,
    predicate: { made: 'loopback' }
  }
  return { blob, statement: Buffer.from(JSON.stringify(statement)) }
}

const sign = async (b: DSSEBundleBuilder, statement: Buffer): Promise<Bundle> =>
  await b.create({ data: statement, type: IN_TOTO })

/** @sigstore/verify as bundle.ts's verifyBundle calls it for a keyless trust. */
function verify(bundle: Bundle, policy: { identity: string | RegExp; issuer: string }): void {
  const verifier = new Verifier(toTrustMaterial(root), {
    ctlogThreshold: 1,
    timestampThreshold: 1,
    tlogThreshold: 0
  })
  // through the JSON form, as the bundle is stored and read back
  const stored = bundleFromJSON(JSON.parse(JSON.stringify(bundleToJSON(bundle))))
  verifier.verify(toSignedEntity(stored), {
    subjectAlternativeName: policy.identity,
    extensions: { issuer: policy.issuer }
  })
}

/** cosign 2.5 verifies the bundle of a blob's attestation offline, against the stand-in's trusted root. */
function cosignVerify(
  bundle: Bundle,
  blob: Buffer,
  o: { identity: string; issuer: string; timestamps?: boolean }
): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(work, 'cosign-'))
  fs.writeFileSync(path.join(dir, 'bundle.json'), JSON.stringify(bundleToJSON(bundle)))
  fs.writeFileSync(path.join(dir, 'blob'), blob)
  const args = [
    'verify-blob-attestation',
    '--new-bundle-format',
    '--bundle',
    path.join(dir, 'bundle.json'),
    '--trusted-root',
    state.trustedRoot,
    '--certificate-identity',
    o.identity,
    '--certificate-oidc-issuer',
    o.issuer,
    '--type',
    PREDICATE,
    // a private repository's bundle has signed timestamps and no log entry
    ...(o.timestamps ? ['--use-signed-timestamps', '--insecure-ignore-tlog'] : []),
    path.join(dir, 'blob')
  ]
  const r = spawnSync(COSIGN, args, {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, SIGSTORE_ROOT_FILE: state.trustedRoot, HOME: dir }
  })
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() }
}

// ---- tests -------------------------------------------------------------------------------------------

describe('the stand-in', () => {
  test('writes a trusted root naming its CA, CT log, Rekor and TSA; the state names every URL', () => {
    const json = JSON.parse(fs.readFileSync(state.trustedRoot, 'utf8')) as { mediaType: string }
    expect(json.mediaType).toBe('application/vnd.dev.sigstore.trustedroot+json;version=0.1')
    expect(root.certificateAuthorities).toHaveLength(1)
    expect(root.certificateAuthorities[0]?.uri).toBe(state.urls.fulcio)
    expect(root.ctlogs).toHaveLength(1)
    expect(root.tlogs.map(t => t.baseUrl)).toEqual([state.urls.rekor])
    expect(root.timestampAuthorities[0]?.certChain?.certificates).toHaveLength(2)
    for (const url of Object.values(state.urls)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(state.oidc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/token\?api-version=2\.0$/)
    expect(state.oidc.identity).toBe(
      `https://github.com/${state.oidc.repository}/.github/workflows/release.yml@refs/heads/main`
    )
  })

  test("the OIDC endpoint gives @actions/core a token with GitHub's claims, for the audience asked", async () => {
    const claims = claimsOf(await runnerToken())
    const workflowRef = `${state.oidc.repository}/.github/workflows/release.yml@refs/heads/main`
    expect(claims).toMatchObject({
      iss: GITHUB_ISSUER,
      aud: 'sigstore',
      sub: `repo:${state.oidc.repository}:ref:refs/heads/main`,
      repository: state.oidc.repository,
      repository_owner: state.oidc.repository.split('/')[0],
      ref: 'refs/heads/main',
      workflow_ref: workflowRef,
      job_workflow_ref: workflowRef
    })
    for (const name of ['sha', 'run_id', 'run_attempt', 'repository_id', 'jti'])
      expect(claims[name]).toEqual(expect.any(String))
    const now = Date.now() / 1000
    expect(claims.exp).toBeGreaterThan(now)
    expect(claims.iat).toBeLessThanOrEqual(now + 1)
    expect(claims.nbf).toBeLessThan(claims.iat as number)
    expect((await requests('oidc')).map(r => r.path)).toEqual(['/token?api-version=2.0&audience=sigstore'])
  })

  test('the OIDC endpoint refuses a wrong request token (401), as the runner does', async () => {
    await expect(runnerToken('', 'not-the-request-token')).rejects.toThrow(/Failed to get ID Token[\s\S]*401/)
  })

  test('the admin API refuses an unknown service or fault and says which', async () => {
    const service = await admin<{ message: string }>('POST', '/_faults', { vault: '500' })
    expect(service).toEqual({
      status: 400,
      json: { message: 'unknown service vault (fulcio, rekor, tsa, oidc)' }
    })
    const mode = await admin<{ message: string }>('POST', '/_faults', { rekor: 'slow' })
    expect(mode).toEqual({
      status: 400,
      json: { message: 'rekor: unknown fault slow (ok, 500, hang, down)' }
    })
    expect((await admin('GET', '/_faults')).json).toEqual({
      fulcio: 'ok',
      rekor: 'ok',
      tsa: 'ok',
      oidc: 'ok'
    })
  })
})

describe('public repository: Fulcio certificate + Rekor entry', () => {
  test('the bundle verifies with @sigstore/verify and cosign, naming the workflow; other identities are refused', async () => {
    const { blob, statement } = statementAbout('public')
    const bundle = await sign(builder({ witness: 'rekor' }), statement)
    expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1)
    expect(bundle.verificationMaterial.tlogEntries[0]?.kindVersion).toEqual({
      kind: 'dsse',
      version: '0.0.1'
    })
    expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? []).toHaveLength(0)
    // the log entry's body is Rekor's canonical dsse body (what the fix-up makes of the proposed entry)
    const body = JSON.parse(
      bundle.verificationMaterial.tlogEntries[0]?.canonicalizedBody.toString('utf8') ?? '{}'
    ) as {
      spec: Record<string, unknown>
    }
    expect(Object.keys(body.spec).sort()).toEqual(['envelopeHash', 'payloadHash', 'signatures'])

    const right = { identity: state.oidc.identity, issuer: GITHUB_ISSUER }
    expect(() => verify(bundle, right)).not.toThrow()
    expect(() =>
      verify(bundle, { identity: /^https:\/\/github\.com\/imagegate-test\/example\//, issuer: GITHUB_ISSUER })
    ).not.toThrow()
    const otherWorkflow = state.oidc.identity.replace('release.yml', 'other.yml')
    expect(() => verify(bundle, { ...right, identity: otherWorkflow })).toThrow(
      /subjectAlternativeName|identity|SAN|mismatch/i
    )
    expect(() => verify(bundle, { ...right, issuer: 'https://accounts.example.test' })).toThrow(
      /issuer|extension|mismatch/i
    )

    const cosign = cosignVerify(bundle, blob, right)
    expect(cosign).toEqual({ status: 0, output: expect.stringContaining('Verified OK') })
    const cosignOther = cosignVerify(bundle, blob, { ...right, identity: otherWorkflow })
    expect(cosignOther.status).not.toBe(0)
    expect(cosignOther.output).toContain(`expected SAN value "${otherWorkflow}"`)
    const cosignIssuer = cosignVerify(bundle, blob, { ...right, issuer: 'https://accounts.example.test' })
    expect(cosignIssuer.status).not.toBe(0)
    expect(cosignIssuer.output).toMatch(/issuer/i)

    expect((await requests('fulcio')).map(r => [r.status, r.detail?.san])).toEqual([
      [201, state.oidc.identity]
    ])
    expect((await requests('rekor')).map(r => [r.status, r.detail?.kind])).toEqual([[201, 'dsse']])
    expect(await requests('tsa')).toEqual([])
  }, 120_000)

  test("bundle.ts's verifyBundle matches certificate-identity exactly: another branch, a prefix or a pattern is refused", async () => {
    // @sigstore/verify takes a string SAN policy as an unanchored regular expression
    const evil = await sign(
      builder({ witness: 'rekor', query: '&ref=refs/heads/main-evil' }),
      statementAbout('evil').statement
    )
    const bytes = Buffer.from(JSON.stringify(bundleToJSON(evil)))
    const san = `${state.oidc.identity}-evil`
    const trust = (identity: string | RegExp): BundleTrust => ({
      kind: 'keyless',
      root,
      identity,
      issuer: GITHUB_ISSUER,
      describe: `the identity ${String(identity)}`
    })
    expect(verifyBundle(bytes, trust(san), 'evil').identity).toBe(san)
    for (const identity of [
      state.oidc.identity, // ...@refs/heads/main: a prefix of ...@refs/heads/main-evil
      'https://github.com/imagegate-test/',
      state.oidc.identity.replace('.yml', '.ym.').replace('main', 'main.*')
    ])
      expect(() => verifyBundle(bytes, trust(identity), 'evil')).toThrow(BundleError)
    // a regular expression the caller anchors itself still matches as one
    expect(() =>
      verifyBundle(bytes, trust(/^https:\/\/github\.com\/imagegate-test\/example\//), 'evil')
    ).not.toThrow()
  }, 60_000)

  test('a token for another workflow, repository or issuer gives a certificate the right policy refuses', async () => {
    const right = { identity: state.oidc.identity, issuer: GITHUB_ISSUER }
    const cases = [
      {
        query: '&workflow=.github/workflows/other.yml',
        san: state.oidc.identity.replace('release.yml', 'other.yml')
      },
      {
        query: '&repository=someone/else',
        san: 'https://github.com/someone/else/.github/workflows/release.yml@refs/heads/main'
      },
      {
        query: '&issuer=https://oidc.example.test',
        san: state.oidc.identity,
        issuer: 'https://oidc.example.test'
      }
    ]
    for (const c of cases) {
      const bundle = await sign(
        builder({ witness: 'rekor', query: c.query }),
        statementAbout('other').statement
      )
      expect(() => verify(bundle, { identity: c.san, issuer: c.issuer ?? GITHUB_ISSUER })).not.toThrow()
      expect(() => verify(bundle, right)).toThrow()
    }
  }, 60_000)
})

describe('private repository: Fulcio certificate + signed timestamps, no log', () => {
  test('30 bundles with one certificate: every timestamp verifies (the 1-in-10 `.12Z` time never comes back)', async () => {
    // one certificate for the run, as bundle.ts's OneCertificateSigner does
    const holder = keyHolder()
    const fulcio = new FulcioSigner({
      fulcioBaseURL: state.urls.fulcio,
      identityProvider: identity(),
      keyHolder: holder,
      ...LEAD_FETCH
    })
    let certificate: string | undefined
    const reusing: Signer = {
      sign: async data => {
        if (!certificate) {
          const first = await fulcio.sign(data)
          if (first.key.$case !== 'x509Certificate') throw new Error('Fulcio gave no certificate')
          certificate = first.key.certificate
          return first
        }
        return {
          signature: (await holder.sign(data)).signature,
          key: { $case: 'x509Certificate', certificate }
        }
      }
    }
    const b = builder({ witness: 'tsa', signer: reusing })
    const started = Date.now()
    const made: { bundle: Bundle; blob: Buffer }[] = []
    for (let i = 0; i < 30; i++) {
      const { blob, statement } = statementAbout(`private-${i}`)
      made.push({ bundle: await sign(b, statement), blob })
    }
    const signMs = Date.now() - started
    const right = { identity: state.oidc.identity, issuer: GITHUB_ISSUER }
    for (const { bundle } of made) {
      expect(bundle.verificationMaterial.tlogEntries).toHaveLength(0)
      const stamps = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? []
      expect(stamps).toHaveLength(1)
      // the fix-up: whole seconds, so no fraction for @sigstore/core's time parser to refuse
      expect(
        RFC3161Timestamp.parse(Buffer.from(stamps[0]?.signedTimestamp ?? [])).signingTime.getUTCMilliseconds()
      ).toBe(0)
      expect(() => verify(bundle, right)).not.toThrow()
    }
    for (const { bundle, blob } of made.slice(0, 3)) {
      expect(cosignVerify(bundle, blob, { ...right, timestamps: true })).toEqual({
        status: 0,
        output: expect.stringContaining('Verified OK')
      })
    }
    const otherRepository = 'https://github.com/someone/else/.github/workflows/release.yml@refs/heads/main'
    const [first] = made
    if (!first) throw new Error('no bundle made')
    expect(() => verify(first.bundle, { ...right, identity: otherRepository })).toThrow()
    const refused = cosignVerify(first.bundle, first.blob, {
      ...right,
      identity: otherRepository,
      timestamps: true
    })
    expect(refused.status).not.toBe(0)
    expect(refused.output).toContain(`expected SAN value "${otherRepository}"`)

    expect((await requests('fulcio')).length).toBe(1)
    expect((await requests('tsa')).filter(r => r.status === 201).length).toBe(30)
    expect(await requests('rekor')).toEqual([])
    console.log(`30 TSA bundles with one Fulcio certificate: ${signMs} ms`)
  }, 180_000)
})

describe('an identity token Fulcio must refuse', () => {
  test.each([
    ['expired', /expired at/],
    ['audience', /audience is https:\/\/github\.com\/imagegate-test, not sigstore/],
    ['untrusted', /not signed by a trusted issuer/]
  ])('variant=%s: Fulcio answers 401 once (not retried), signing fails saying why', async (variant, why) => {
    const claims = claimsOf(await runnerToken(`&variant=${variant}`))
    if (variant === 'expired') expect(claims.exp).toBeLessThan(Date.now() / 1000)
    if (variant === 'audience') expect(claims.aud).toBe('https://github.com/imagegate-test')
    await admin('POST', '/_reset')
    const failure = await sign(
      builder({ witness: 'rekor', query: `&variant=${variant}` }),
      statementAbout('t').statement
    ).then(
      () => undefined,
      (err: unknown) => err as Error & { code?: string; cause?: Error }
    )
    expect(failure?.code).toBe('CA_CREATE_SIGNING_CERTIFICATE_ERROR')
    expect(failure?.cause?.message).toMatch(why)
    expect((await requests('fulcio')).map(r => r.status)).toEqual([401])
    expect(await requests('rekor')).toEqual([])
  })
})

describe('faults on the trust path', () => {
  // small bounds so that each fault is answered within a few seconds here; bundle.ts's own are LEAD_FETCH
  const FAULT_FETCH: FetchOptions = {
    timeout: 1000,
    retry: { retries: 1, factor: 2, minTimeout: 100, maxTimeout: 200 }
  }
  const CODES = {
    fulcio: 'CA_CREATE_SIGNING_CERTIFICATE_ERROR',
    rekor: 'TLOG_CREATE_ENTRY_ERROR',
    tsa: 'TSA_CREATE_TIMESTAMP_ERROR'
  }
  const measured: string[] = []
  afterAll(() => console.log(`faults answered by @sigstore/sign:\n${measured.join('\n')}`))

  async function failWith(
    service: 'fulcio' | 'rekor' | 'tsa',
    fetchOptions: FetchOptions
  ): Promise<{ ms: number; err: Error & { code?: string; cause?: Error & { code?: string } } }> {
    const b = builder({ witness: service === 'tsa' ? 'tsa' : 'rekor', fetch: fetchOptions })
    const started = Date.now()
    const err = await sign(b, statementAbout('fault').statement).then(
      () => {
        throw new Error(`signing succeeded with ${service} faulty`)
      },
      (e: unknown) => e as Error & { code?: string; cause?: Error & { code?: string } }
    )
    return { ms: Date.now() - started, err }
  }

  test.each(['fulcio', 'rekor', 'tsa'] as const)(
    '%s answering 500: retried, then a clear error, in bounded time',
    async service => {
      await faults({ [service]: '500' })
      const { ms, err } = await failWith(service, FAULT_FETCH)
      expect(err.code).toBe(CODES[service])
      expect(err.cause?.message).toContain(`injected fault: ${service} answers 500`)
      // retries: 1 -> two attempts, 100 ms apart
      expect((await requests(service)).map(r => r.status)).toEqual([500, 500])
      expect(ms).toBeLessThan(2500)
      measured.push(`  ${service} 500 (timeout 1 s, 1 retry): ${ms} ms, 2 attempts`)
    }
  )

  test.each(['fulcio', 'rekor', 'tsa'] as const)(
    '%s hanging: each attempt times out, then a clear error',
    async service => {
      await faults({ [service]: 'hang' })
      const { ms, err } = await failWith(service, FAULT_FETCH)
      expect(err.code).toBe(CODES[service])
      expect(err.cause?.message).toMatch(/timeout/i)
      expect((await requests(service)).map(r => r.status)).toEqual(['hang', 'hang'])
      // two attempts of 1 s each, 100 ms apart
      expect(ms).toBeGreaterThanOrEqual(2000)
      expect(ms).toBeLessThan(4500)
      measured.push(`  ${service} hang (timeout 1 s, 1 retry): ${ms} ms, 2 attempts`)
    }
  )

  test.each(['fulcio', 'rekor', 'tsa'] as const)(
    '%s down: connection refused, retried, then a clear error',
    async service => {
      await faults({ [service]: 'down' })
      const { ms, err } = await failWith(service, FAULT_FETCH)
      expect(err.code).toBe(CODES[service])
      expect(err.cause?.code ?? err.cause?.message).toMatch(/ECONNREFUSED/)
      expect(await requests(service)).toEqual([])
      expect(ms).toBeLessThan(2500)
      measured.push(`  ${service} down (timeout 1 s, 1 retry): ${ms} ms`)
    }
  )

  test("with bundle.ts's options (timeout 30 s, 2 retries, 500 ms backoff doubling): 500 and down", async () => {
    await faults({ fulcio: '500' })
    const five = await failWith('fulcio', LEAD_FETCH)
    expect((await requests('fulcio')).map(r => r.status)).toEqual([500, 500, 500])
    // backoff 500 ms then 1000 ms
    expect(five.ms).toBeGreaterThanOrEqual(1500)
    expect(five.ms).toBeLessThan(5000)
    await faults({ fulcio: 'ok', rekor: 'down' })
    const down = await failWith('rekor', LEAD_FETCH)
    expect(down.err.code).toBe(CODES.rekor)
    expect(down.ms).toBeGreaterThanOrEqual(1500)
    expect(down.ms).toBeLessThan(5000)
    measured.push(`  fulcio 500 (bundle.ts options): ${five.ms} ms, 3 attempts`)
    measured.push(`  rekor down (bundle.ts options): ${down.ms} ms`)
  }, 30_000)

  test('a service back from down or hang serves again on the same port', async () => {
    await faults({ fulcio: 'down', rekor: 'hang' })
    await faults({ fulcio: 'ok', rekor: 'ok' })
    const bundle = await sign(
      builder({ witness: 'rekor', fetch: FAULT_FETCH }),
      statementAbout('back').statement
    )
    expect(() => verify(bundle, { identity: state.oidc.identity, issuer: GITHUB_ISSUER })).not.toThrow()
    expect((await requests('fulcio')).map(r => r.status)).toEqual([201])
  })

  test('the OIDC endpoint hanging: @actions/core getIDToken sets no time limit of its own', async () => {
    await faults({ oidc: 'hang' })
    const outcome = await Promise.race([
      runnerToken().then(
        () => 'token',
        () => 'error'
      ),
      new Promise(resolve => setTimeout(() => resolve('still waiting'), 3000))
    ])
    expect(outcome).toBe('still waiting')
    expect((await requests('oidc')).map(r => r.status)).toEqual(['hang'])
    // dropping the held request ends the client's wait (an error, not a token)
    await faults({ oidc: 'ok' })
  })
})
