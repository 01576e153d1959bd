// The keyless tests' own stand-ins: a loopback Sigstore (scripts/testbed/sigstore/server.mjs, started
// here on free ports so that faults and request logs are this file's alone, never the shared bed's),
// and a STAND-IN of GitHub's attestations API (`POST /repos/{owner}/{repo}/attestations`) that checks
// what it receives (the bearer token, a `{bundle}` body of media type v0.3, the in-toto subject digests)
// and counts the calls. Everything that talks to them is real: dist/, @sigstore/sign, @sigstore/verify,
// cosign 2.5.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import * as fs from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { bundleFromJSON } from '@sigstore/bundle'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify'
import { ROOT } from './runner.js'

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
export const BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json'

export type Service = 'fulcio' | 'rekor' | 'tsa' | 'oidc'
export type Fault = 'ok' | '500' | 'hang' | 'down'

export interface SigstoreState {
  pid: number
  urls: { fulcio: string; rekor: string; tsa: string; admin: string }
  oidc: { url: string; requestToken: string; issuer: string; identity: string; workflowRef: string }
  trustedRoot: string
}

export interface LoggedRequest {
  method: string
  path: string
  status: number | 'hang'
  detail?: Record<string, unknown>
}

export interface LoopbackSigstore {
  state: SigstoreState
  /** The runner's OIDC variables for this instance; `query` picks a token variant (`&variant=expired`). */
  oidcEnv(query?: string): Record<string, string>
  requests(service: Service): Promise<LoggedRequest[]>
  faults(set: Partial<Record<Service, Fault>>): Promise<void>
  reset(): Promise<void>
  stop(): Promise<void>
}

/** Starts server.mjs on free ports; its first stdout line is its state. */
export async function startSigstore(): Promise<LoopbackSigstore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-keyless-sigstore-'))
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [
      path.join(ROOT, 'scripts', 'testbed', 'sigstore', 'server.mjs'),
      '--state',
      path.join(dir, 'state.json'),
      '--stop-on-stdin-close'
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] }
  )
  const state = await new Promise<SigstoreState>((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const onData = (d: Buffer): void => {
      out += d.toString()
      const nl = out.indexOf('\n')
      if (nl < 0) return
      child.stdout.off('data', onData)
      child.stdout.resume()
      resolve(JSON.parse(out.slice(0, nl)) as SigstoreState)
    }
    child.stdout.on('data', onData)
    child.on('exit', code => reject(new Error(`server.mjs exited with ${code} before it was ready:\n${err}`)))
  })
  const admin = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${state.urls.admin}${route}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${await response.text()}`)
    return (await response.json()) as T
  }
  return {
    state,
    oidcEnv: (query = '') => ({
      ACTIONS_ID_TOKEN_REQUEST_URL: `${state.oidc.url}${query}`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: state.oidc.requestToken,
      GITHUB_WORKFLOW_REF: state.oidc.workflowRef
    }),
    requests: async service =>
      (await admin<Record<Service, { requests: LoggedRequest[] }>>('GET', '/_requests'))[service].requests,
    faults: async set => {
      await admin('POST', '/_faults', set)
    },
    reset: async () => {
      await admin('POST', '/_reset')
    },
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise(resolve => child.once('exit', resolve))
      child.stdin.end()
      await exited
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** @sigstore/verify on a stored bundle against the stand-in's trusted root and a keyless identity. */
export function verifyKeyless(
  bundle: unknown,
  trustedRoot: string,
  policy: { identity: string; issuer: string }
): { identity?: string; tlogEntries: number; timestamps: number } {
  const root = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(trustedRoot, 'utf8')))
  const parsed = bundleFromJSON(bundle)
  const signer = new Verifier(toTrustMaterial(root), {
    tlogThreshold: 0,
    ctlogThreshold: 1,
    timestampThreshold: 1
  }).verify(toSignedEntity(parsed), {
    subjectAlternativeName: policy.identity,
    extensions: { issuer: policy.issuer }
  })
  return {
    ...(signer.identity?.subjectAlternativeName ? { identity: signer.identity.subjectAlternativeName } : {}),
    tlogEntries: parsed.verificationMaterial.tlogEntries.length,
    timestamps: parsed.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.length ?? 0
  }
}

/**
 * cosign 2.5 `verify-attestation --new-bundle-format` of an image, keyless, offline against the
 * stand-in's trusted root. `timestamps`: a private repository's bundles (signed timestamps, no log entry).
 */
export function cosignKeyless(
  ref: string,
  type: string,
  o: { trustedRoot: string; identity: string; issuer: string; timestamps?: boolean }
): { status: number; stdout: string; stderr: string } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-cosign-home-'))
  // for an image, cosign 2.5 still loads Fulcio's roots from SIGSTORE_ROOT_FILE, which it reads as PEM
  const roots = path.join(home, 'fulcio-roots.pem')
  fs.writeFileSync(roots, fulcioRootsPem(o.trustedRoot))
  const r = spawnSync(
    '/usr/bin/cosign',
    [
      'verify-attestation',
      '--new-bundle-format',
      '--trusted-root',
      o.trustedRoot,
      '--certificate-identity',
      o.identity,
      '--certificate-oidc-issuer',
      o.issuer,
      ...(o.timestamps ? ['--use-signed-timestamps', '--insecure-ignore-tlog'] : []),
      '--type',
      type,
      ref
    ],
    {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, SIGSTORE_ROOT_FILE: roots, HOME: home }
    }
  )
  fs.rmSync(home, { recursive: true, force: true })
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' }
}

/** The certificate authorities' chains of a trusted root, as PEM (cosign's SIGSTORE_ROOT_FILE). */
export function fulcioRootsPem(trustedRoot: string): string {
  const root = JSON.parse(fs.readFileSync(trustedRoot, 'utf8')) as {
    certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[]
  }
  return root.certificateAuthorities
    .flatMap(ca => ca.certChain.certificates)
    .map(
      c =>
        `-----BEGIN CERTIFICATE-----\n${(c.rawBytes.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`
    )
    .join('')
}

/** One call the attestations API stand-in took. */
export interface RecordedAttestation {
  repository: string
  mediaType: string
  predicateType: string
  subjectDigests: string[]
  bundle: unknown
}

export interface AttestationsApi {
  /** GITHUB_API_URL for the action. */
  url: string
  token: string
  /** Calls that were accepted (201). */
  recorded: RecordedAttestation[]
  /** Every call, with the status answered (or `hang`). */
  calls: (number | 'hang')[]
  /** Problems with what was sent: a wrong token, path, media type, or a bundle without a subject. */
  problems: string[]
  fault(mode: Fault): Promise<void>
  close(): Promise<void>
}

/**
 * A STAND-IN of GitHub's attestations API on 127.0.0.1: `POST /repos/OWNER/REPO/attestations` with
 * `{"bundle": ...}` answers 201 `{"id": N}` as GitHub does; a wrong bearer token 401; what it finds
 * wrong with a body 422 (and in `problems`). Faults: 500, hang, down.
 */
export async function startAttestationsApi(token: string): Promise<AttestationsApi> {
  const api: Omit<AttestationsApi, 'url' | 'fault' | 'close'> = {
    token,
    recorded: [],
    calls: [],
    problems: []
  }
  let mode: Fault = 'ok'
  const held = new Set<http.ServerResponse>()
  const sockets = new Set<import('node:net').Socket>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (d: Buffer) => chunks.push(d))
    req.on('end', () => {
      if (mode === 'hang') {
        api.calls.push('hang')
        held.add(res)
        return
      }
      const answer = (status: number, body: unknown): void => {
        api.calls.push(status)
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      if (mode === '500') return answer(500, { message: 'injected fault: the attestations API answers 500' })
      const m = /^\/repos\/([^/]+\/[^/]+)\/attestations$/.exec(req.url ?? '')
      if (req.method !== 'POST' || !m) return answer(404, { message: 'Not Found' })
      if (req.headers.authorization !== `Bearer ${token}`) return answer(401, { message: 'Bad credentials' })
      let bundle: { mediaType?: string; dsseEnvelope?: { payload?: string; payloadType?: string } }
      try {
        bundle = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { bundle: typeof bundle }).bundle
      } catch {
        api.problems.push('a body that is not JSON')
        return answer(422, { message: 'Invalid request: the body is not JSON' })
      }
      const payload = bundle?.dsseEnvelope?.payload
      if (bundle?.mediaType !== BUNDLE_V03 || !payload) {
        api.problems.push(`a bundle of media type ${String(bundle?.mediaType)}`)
        return answer(422, { message: `Invalid request: bundle media type ${String(bundle?.mediaType)}` })
      }
      const statement = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as {
        predicateType: string
        subject?: { digest?: { sha256?: string } }[]
      }
      const digests = (statement.subject ?? []).map(s => s.digest?.sha256).filter((d): d is string => !!d)
      if (digests.length === 0) {
        api.problems.push('a statement without a sha256 subject')
        return answer(422, { message: 'Invalid request: no subject digest' })
      }
      api.recorded.push({
        repository: m[1] as string,
        mediaType: bundle.mediaType,
        predicateType: statement.predicateType,
        subjectDigests: digests.map(d => `sha256:${d}`),
        bundle
      })
      answer(201, { id: api.recorded.length })
    })
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const listen = (port = 0): Promise<number> =>
    new Promise(resolve =>
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
    )
  const port = await listen()
  const closeServer = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy()
    if (server.listening) await new Promise<void>(resolve => server.close(() => resolve()))
  }
  return {
    ...api,
    url: `http://127.0.0.1:${port}`,
    fault: async next => {
      if (mode === 'hang' && next !== 'hang') {
        for (const res of held) res.destroy()
        held.clear()
      }
      if (next === 'down' && mode !== 'down') await closeServer()
      if (mode === 'down' && next !== 'down') await listen(port)
      mode = next
    },
    close: async () => {
      for (const res of held) res.destroy()
      await closeServer()
    }
  }
}
