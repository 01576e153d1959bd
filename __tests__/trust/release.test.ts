// The trust seam's check of tool releases (src/trust/release.ts): a checksums file and the Sigstore
// bundle its project publishes beside it, signed here by a loopback Sigstore of this test's own
// (sigstore-bed.ts: Fulcio, Rekor, a timestamp authority and an OIDC stand-in on free ports) the way
// `cosign sign-blob --bundle` signs a release, and checked against that Sigstore's trusted root.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { bundleToJSON } from '@sigstore/bundle'
import { FulcioSigner, MessageSignatureBundleBuilder, TSAWitness, type Signature } from '@sigstore/sign'
import * as crypto from 'node:crypto'
import { releaseSignatures } from '../../src/trust/release.js'
import { checksumsFile, signBlob } from '../e2e/release-bed.js'
import { GITHUB_ISSUER, startSigstore, type LoopbackSigstore } from '../e2e/sigstore-bed.js'

const TRIVY = 'aquasecurity/trivy/.github/workflows/reusable-release.yaml@refs/tags/v0.99.0'
const IDENTITY = `https://github.com/${TRIVY}`

let sigstore: LoopbackSigstore
beforeAll(async () => {
  sigstore = await startSigstore()
}, 60_000)
afterAll(async () => {
  await sigstore?.stop()
})

const checks = (): ReturnType<typeof releaseSignatures> =>
  releaseSignatures({ SIGSTORE_ROOT_FILE: sigstore.state.trustedRoot }, process.cwd())
const file = checksumsFile({ 'trivy_0.99.0_Linux-64bit.tar.gz': Buffer.from('not trivy') })
const check = (bundle: Buffer, o: { bytes?: Buffer; identity?: string; issuer?: string } = {}) => ({
  file: 'trivy_0.99.0_checksums.txt',
  bytes: o.bytes ?? file,
  bundleFile: 'trivy_0.99.0_checksums.txt.sigstore.json',
  bundle,
  identity: o.identity ?? IDENTITY,
  issuer: o.issuer ?? GITHUB_ISSUER
})

describe('release signatures', () => {
  test('a checksums file signed by the release workflow verifies, naming the signer and its log entry', async () => {
    const bundle = await signBlob(sigstore, file, TRIVY)
    const verified = await checks().verify(check(bundle))
    const prefix = `signed by ${IDENTITY} (issuer ${GITHUB_ISSUER}), log index `
    expect(verified.signer.startsWith(prefix)).toBe(true)
    expect(verified.signer.slice(prefix.length)).toMatch(/^\d+$/)
  }, 60_000)

  test('another identity, another issuer, another file, a bundle that is no bundle: each refused, saying why', async () => {
    const bundle = await signBlob(sigstore, file, TRIVY)
    const other = await signBlob(
      sigstore,
      file,
      'someone/trivy/.github/workflows/release.yaml@refs/heads/main'
    )
    const v = checks()
    await expect(v.verify(check(other))).rejects.toThrow(
      `trivy_0.99.0_checksums.txt.sigstore.json: not signed by ${IDENTITY} (issuer ${GITHUB_ISSUER}) ` +
        `(certificate identity error - expected ${IDENTITY}, got https://github.com/someone/trivy/.github/workflows/release.yaml@refs/heads/main)`
    )
    await expect(v.verify(check(bundle, { issuer: 'https://accounts.google.com' }))).rejects.toThrow(
      `expected issuer=https://accounts.google.com, got issuer=${GITHUB_ISSUER}`
    )
    await expect(
      v.verify(check(bundle, { bytes: Buffer.concat([file, Buffer.from('\n')]) }))
    ).rejects.toThrow('(signature verification failed)')
    await expect(v.verify(check(Buffer.from('<html>Not Found</html>')))).rejects.toThrow(
      'trivy_0.99.0_checksums.txt.sigstore.json: not a Sigstore bundle'
    )
  }, 60_000)

  test('a signature with a signed timestamp but no transparency log entry is refused: a public release is logged', async () => {
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
      getToken: async () => {
        const res = await fetch(
          `${state.oidc.url}&audience=sigstore&job_workflow_ref=${encodeURIComponent(TRIVY)}`,
          { headers: { authorization: `Bearer ${state.oidc.requestToken}` } }
        )
        return ((await res.json()) as { value: string }).value
      }
    }
    const bundle = await new MessageSignatureBundleBuilder({
      signer: new FulcioSigner({ fulcioBaseURL: state.urls.fulcio, identityProvider, keyHolder: holder }),
      witnesses: [new TSAWitness({ tsaBaseURL: state.urls.tsa })]
    }).create({ data: file })
    await expect(checks().verify(check(Buffer.from(JSON.stringify(bundleToJSON(bundle)))))).rejects.toThrow(
      `not signed by ${IDENTITY} (issuer ${GITHUB_ISSUER}) (expected 1 tlog entries, got 0)`
    )
  }, 60_000)

  test('a trusted root file that is not one is named as SIGSTORE_ROOT_FILE', async () => {
    const bundle = await signBlob(sigstore, file, TRIVY)
    await expect(
      releaseSignatures({ SIGSTORE_ROOT_FILE: '/nonexistent/root.json' }, process.cwd()).verify(check(bundle))
    ).rejects.toThrow('SIGSTORE_ROOT_FILE: /nonexistent/root.json is not a readable trusted root JSON file')
  }, 60_000)
})
