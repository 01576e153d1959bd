// The keyless parts of the trust seam that need no Sigstore: the public-log opt-in, one certificate
// request shared by bundles made at once (and a failed one not asked again), the signing time limit,
// the bounded OIDC token request and the attestations API client, against small loopback servers here.
import { afterAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { OneCertificateSigner, sigstoreFailure } from '../../src/trust/bundle-sign.js'
import { gitHubAttestationStore } from '../../src/trust/github-store.js'
import { runnerIdToken } from '../../src/trust/oidc.js'
import { keylessEndpoints, type TrustInputs } from '../../src/trust/setup.js'

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-keyless-unit-'))
afterAll(() => fs.rmSync(workspace, { recursive: true, force: true }))

const inputs = (o: Partial<TrustInputs> = {}): TrustInputs => ({
  'cosign-key': '',
  'cosign-password': '',
  'certificate-identity': '',
  'certificate-oidc-issuer': '',
  'fulcio-url': '',
  'rekor-url': '',
  'tsa-url': '',
  'trusted-root': '',
  'legacy-signatures': false,
  username: '',
  password: '',
  ...o
})
const event = (visibility: string): NodeJS.ProcessEnv => {
  const file = path.join(workspace, `event-${visibility}.json`)
  fs.writeFileSync(file, JSON.stringify({ repository: { visibility } }))
  return { GITHUB_EVENT_PATH: file }
}

/** A loopback server answering with `handle`; its URL and the requests it saw. */
async function serve(
  handle: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void
): Promise<{
  url: string
  seen: { url: string; headers: http.IncomingHttpHeaders; body: string }[]
  close: () => void
}> {
  const seen: { url: string; headers: http.IncomingHttpHeaders; body: string }[] = []
  const sockets = new Set<import('node:net').Socket>()
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body })
      handle(req, body, res)
    })
  })
  server.on('connection', s => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => {
      for (const s of sockets) s.destroy()
      server.close()
    }
  }
}

describe('the public log of a private repository', () => {
  test('refused without public-log, naming rekor-url and the opt-in', () => {
    expect(() =>
      keylessEndpoints(inputs({ 'rekor-url': 'https://rekor.sigstore.dev' }), event('private'))
    ).toThrow(
      /^input rekor-url: https:\/\/rekor\.sigstore\.dev is Sigstore's public transparency log, and this repository is private: .*set public-log: true/
    )
    expect(() => keylessEndpoints(inputs({ 'rekor-url': 'https://rekor.sigstore.dev' }), {})).toThrow(
      /this repository is not known to be public/
    )
  })

  test('public-log: true opts in (the public-good instance, as for a public repository)', () => {
    expect(keylessEndpoints(inputs({ 'public-log': true }), event('private'))).toEqual({
      public: true,
      fulcioUrl: 'https://fulcio.sigstore.dev',
      rekorUrl: 'https://rekor.sigstore.dev'
    })
    expect(
      keylessEndpoints(inputs({ 'rekor-url': 'https://rekor.sigstore.dev' }), event('public')).rekorUrl
    ).toBe('https://rekor.sigstore.dev')
  })
})

describe('OneCertificateSigner', () => {
  test('bundles made at once share one certificate request; a failed one is not asked again', async () => {
    const fulcio = await serve((_req, _body, res) => {
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end('{"code":3,"message":"refused here"}')
    })
    let tokens = 0
    const signer = new OneCertificateSigner({
      fulcioUrl: fulcio.url,
      identity: {
        getToken: async () => {
          tokens++
          // a JWT whose subject FulcioSigner reads for its proof of possession
          const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url')
          return `${part({ alg: 'none' })}.${part({ sub: 'repo:acme/shop', iss: 'x' })}.sig`
        }
      }
    })
    const results = await Promise.allSettled([1, 2, 3, 4].map(n => signer.sign(Buffer.from(`data ${n}`))))
    expect(results.map(r => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected'])
    expect(tokens).toBe(1)
    expect(fulcio.seen.length).toBe(1) // a 400 is not retried
    await expect(signer.sign(Buffer.from('later'))).rejects.toThrow()
    expect(tokens).toBe(1)
    expect(sigstoreFailure((results[0] as PromiseRejectedResult).reason)).toMatch(
      /^Fulcio: error creating signing certificate.*refused here/
    )
    fulcio.close()
  })

  test('no signature starts past the time limit of the whole signing', async () => {
    let now = 0
    let tokens = 0
    const signer = new OneCertificateSigner({
      fulcioUrl: 'http://127.0.0.1:9',
      identity: {
        getToken: async () => {
          tokens++
          throw new Error('no token here')
        }
      },
      now: () => now,
      limitMs: 60_000
    })
    await expect(signer.sign(Buffer.from('first'))).rejects.toThrow()
    now = 60_001
    await expect(signer.sign(Buffer.from('late'))).rejects.toThrow(
      'keyless signing ran past its time limit of 60 s: no further signature is made'
    )
    expect(tokens).toBe(1)
  })
})

describe('the runner token, bounded', () => {
  test('without id-token: write: says which permission', async () => {
    await expect(runnerIdToken({}, 'sigstore')).rejects.toThrow(/permissions: id-token: write/)
  })

  test('asks with the request token and the audience; a refusal is named with its message', async () => {
    const oidc = await serve((req, _body, res) => {
      const ok = req.headers.authorization === 'Bearer request-token'
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
      res.end(ok ? '{"value":"the.jwt.value"}' : '{"message":"bad request token"}')
    })
    const env = { ACTIONS_ID_TOKEN_REQUEST_URL: `${oidc.url}/token?api-version=2.0` }
    expect(await runnerIdToken({ ...env, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token' }, 'sigstore')).toBe(
      'the.jwt.value'
    )
    expect(oidc.seen[0]?.url).toBe('/token?api-version=2.0&audience=sigstore')
    await expect(
      runnerIdToken({ ...env, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'other' }, 'sigstore')
    ).rejects.toThrow("the runner's OIDC endpoint answered HTTP 401 (bad request token)")
    oidc.close()
  })

  test('an endpoint that never answers: given up after the time limit, the connection closed', async () => {
    const oidc = await serve(() => undefined)
    const started = Date.now()
    await expect(
      runnerIdToken(
        { ACTIONS_ID_TOKEN_REQUEST_URL: `${oidc.url}/token?x=1`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' },
        'sigstore',
        300
      )
    ).rejects.toThrow("the runner's OIDC endpoint did not answer within 0.3 s")
    expect(Date.now() - started).toBeLessThan(2000)
    oidc.close()
  })
})

describe("GitHub's attestations API client", () => {
  test('POSTs {bundle} to the repository with the token; 403 names the permission', async () => {
    let answer = 201
    const apiServer = await serve((_req, _body, res) => {
      res.writeHead(answer, { 'content-type': 'application/json' })
      res.end(answer === 201 ? '{"id":1}' : '{"message":"Resource not accessible by integration"}')
    })
    const store = gitHubAttestationStore({
      token: 'ghs_x',
      repository: 'acme/shop',
      apiUrl: `${apiServer.url}/`
    })
    const bundle = Buffer.from('{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}')
    await store.record(bundle, 'the image')
    const [call] = apiServer.seen
    expect(call?.url).toBe('/repos/acme/shop/attestations')
    expect(call?.headers.authorization).toBe('Bearer ghs_x')
    expect(call?.headers.accept).toBe('application/vnd.github+json')
    expect(JSON.parse(call?.body ?? '')).toEqual({
      bundle: { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' }
    })
    answer = 403
    await expect(store.record(bundle, 'the image')).rejects.toThrow(
      /the attestation of the image could not be recorded .*HTTP 403 \(Resource not accessible by integration\): give the job `permissions: attestations: write`/
    )
    expect(apiServer.seen.length).toBe(2) // a 403 is not retried
    apiServer.close()
  })
})
