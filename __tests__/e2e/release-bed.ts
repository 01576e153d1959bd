// A loopback release server for the tool installer: files served at GitHub's release download paths
// (`/OWNER/REPO/releases/download/vVERSION/FILE`), as a mirror of github.com serves them (tool-mirror),
// and releases this test bed signs the way the projects sign theirs: `cosign sign-blob --bundle` makes a
// Sigstore bundle holding a message signature over the checksums file, a Fulcio certificate naming the
// release workflow and a Rekor entry. Here @sigstore/sign does the same against a loopback Sigstore
// (sigstore-bed.ts): FulcioSigner with a token from its OIDC stand-in for the workflow asked
// (`job_workflow_ref`), RekorWitness, MessageSignatureBundleBuilder.
import { spawnSync } from 'node:child_process'
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { bundleToJSON } from '@sigstore/bundle'
import { FulcioSigner, MessageSignatureBundleBuilder, RekorWitness, type Signature } from '@sigstore/sign'
import type { LoopbackSigstore } from './sigstore-bed.js'

export interface ReleaseServer {
  /** http://127.0.0.1:PORT: the tool-mirror input. */
  url: string
  /** Serves `body` at `/OWNER/REPO/releases/download/vVERSION/FILE`. */
  put(repo: string, version: string, file: string, body: Buffer): void
  /** The paths asked for since the last reset, in order. */
  requests: string[]
  reset(): void
  stop(): Promise<void>
}

export async function startReleaseServer(): Promise<ReleaseServer> {
  const files = new Map<string, Buffer>()
  const requests: string[] = []
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '')
    const body = files.get(req.url ?? '')
    if (!body) {
      res.writeHead(404).end('Not Found')
      return
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length })
    res.end(body)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    put: (repo, version, file, body) =>
      void files.set(`/${repo}/releases/download/v${version}/${file}`, body),
    requests,
    reset: () => {
      files.clear()
      requests.length = 0
    },
    stop: () => new Promise<void>(resolve => server.close(() => resolve()))
  }
}

export const sha256 = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex')

/** A gzipped tar holding `files` (name -> text, executable) at its top, as `tar -czf` writes it. */
export function tarGz(files: Record<string, string>): Buffer {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-release-'))
  try {
    for (const [name, text] of Object.entries(files))
      fs.writeFileSync(path.join(stage, name), text, { mode: 0o755 })
    const out = path.join(stage, 'release.tar.gz')
    const r = spawnSync('tar', ['-czf', out, '-C', stage, ...Object.keys(files)])
    if (r.status !== 0) throw new Error(`tar: ${r.stderr.toString()}`)
    return fs.readFileSync(out)
  } finally {
    fs.rmSync(stage, { recursive: true, force: true })
  }
}

/** A checksums file as goreleaser writes it: `<sha256>  <file>` lines. */
export function checksumsFile(files: Record<string, Buffer>): Buffer {
  return Buffer.from(
    Object.entries(files)
      .map(([name, body]) => `${sha256(body)}  ${name}\n`)
      .join('')
  )
}

/**
 * A Sigstore bundle (v0.3 JSON) over `data`, keyless: a Fulcio certificate for a GitHub Actions token
 * whose job_workflow_ref is `workflowRef` (OWNER/REPO/PATH@REF: the certificate's SAN is
 * `https://github.com/` + it), and a Rekor entry.
 */
export async function signBlob(
  sigstore: LoopbackSigstore,
  data: Buffer,
  workflowRef: string
): Promise<Buffer> {
  const { state } = sigstore
  const pair = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()
  const holder = {
    sign: async (bytes: Buffer): Promise<Signature> => ({
      signature: crypto.sign('sha256', bytes, pair.privateKey),
      key: { $case: 'publicKey', publicKey }
    })
  }
  const identityProvider = {
    getToken: async (): Promise<string> => {
      const url = `${state.oidc.url}&audience=sigstore&job_workflow_ref=${encodeURIComponent(workflowRef)}`
      const res = await fetch(url, { headers: { authorization: `Bearer ${state.oidc.requestToken}` } })
      if (!res.ok) throw new Error(`OIDC stand-in: HTTP ${res.status}`)
      return ((await res.json()) as { value: string }).value
    }
  }
  const builder = new MessageSignatureBundleBuilder({
    signer: new FulcioSigner({ fulcioBaseURL: state.urls.fulcio, identityProvider, keyHolder: holder }),
    witnesses: [new RekorWitness({ rekorBaseURL: state.urls.rekor })]
  })
  const bundle = await builder.create({ data })
  return Buffer.from(JSON.stringify(bundleToJSON(bundle)))
}
