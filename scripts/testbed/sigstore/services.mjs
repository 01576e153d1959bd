// Fulcio, Rekor and a timestamp authority from @sigstore/mock's handlers (the same handlers its
// mockFulcio / mockRekor / mockTSA hand to nock), each behind a fix-up that makes what it answers
// what the real service answers, so that the real verifiers (@sigstore/verify, cosign 2.5's
// sigstore-go) accept it; and the trusted root naming their keys. No HTTP here: server.mjs serves it.
import { Buffer } from 'node:buffer'
import { createRequire } from 'node:module'
import { createHash, createPublicKey, generateKeyPairSync, verify, X509Certificate } from 'node:crypto'
import { GITHUB_ISSUER } from './oidc.mjs'

const require = createRequire(import.meta.url)
const mock = require('@sigstore/mock')
const { TrustedRoot, HashAlgorithm, PublicKeyDetails } = require('@sigstore/protobuf-specs')
const { dsse } = require('@sigstore/core')

export const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1'
/** Fulcio's GitHub principal names the workflow as a URI on this server (Fulcio's config baseURL). */
const GITHUB_SERVER = 'https://github.com'
/** The claim the mock Fulcio handler is told to take the certificate's SAN from (set here, see below). */
const SAN_CLAIM = 'imagegate_fulcio_san'

const ecKeyPair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' })
const sha256 = data => createHash('sha256').update(data).digest()
const fail = (statusCode, message) => ({
  statusCode,
  response: JSON.stringify({ code: statusCode === 401 ? 16 : 3, message }),
  contentType: 'application/json'
})

/**
 * The three services. `rekorUrl` names the log in its checkpoints (the mock writes its host as the
 * checkpoint's origin) and in the trusted root; the URLs only label, nothing is fetched.
 */
export async function createServices({ issuer, urls }) {
  const caKey = ecKeyPair()
  const ctKey = ecKeyPair()
  const rekorKey = ecKeyPair()
  const tsaKey = ecKeyPair()
  const ctlog = await mock.initializeCTLog(ctKey)
  const ca = await mock.initializeCA(caKey, ctlog)
  const tlog = await mock.initializeTLog(urls.rekor, rekorKey)
  const tsa = await mock.initializeTSA(tsaKey)

  const fulcio = mock.fulcioHandler(ca, { subjectClaim: SAN_CLAIM })
  const rekor = mock.rekorHandler(tlog)
  const timestamps = mock.tsaHandler(wholeSecondTimestamps(tsa))

  return {
    paths: { fulcio: fulcio.path, rekor: rekor.path, tsa: timestamps.path },
    fulcio: body => fulcioFixed(fulcio, issuer, body),
    rekor: body => rekorFixed(rekor, body),
    tsa: async body => ({ ...(await timestamps.fn(body)), detail: {} }),
    trustedRoot: () => trustedRoot({ ca, ctlog, ctKey, rekorKey, tsa, urls })
  }
}

// ---- Fulcio ---------------------------------------------------------------------------------------

/**
 * The mock Fulcio decodes the identity token without checking it and takes the SAN from one claim as
 * it is. Fulcio itself verifies the token (issuer's key, audience `sigstore`, expiry), checks the
 * proof of possession (the subject claim signed by the key to certify), and for a GitHub Actions token
 * certifies the workflow: SAN `https://github.com/` + job_workflow_ref. Those checks are made here
 * (401 as Fulcio answers an unusable token, 400 for a bad proof); the SAN goes to the mock as an extra
 * claim of the token it decodes (re-encoded with the claim added; its signature is not read again).
 */
async function fulcioFixed(handler, issuer, body) {
  let request
  try {
    request = JSON.parse(body)
  } catch {
    return { ...fail(400, 'the request is not JSON'), detail: {} }
  }
  const token = request?.credentials?.oidcIdentityToken
  let claims
  try {
    claims = issuer.verify(token)
  } catch (err) {
    return {
      ...fail(401, `There was an error processing the identity token: ${err.message}`),
      detail: { refused: err.message }
    }
  }
  const publicKey = request?.publicKeyRequest?.publicKey?.content
  const proof = request?.publicKeyRequest?.proofOfPossession
  const subject = claims.email || claims.sub
  let possessed
  try {
    possessed = verify(
      'sha256',
      Buffer.from(subject),
      createPublicKey(publicKey),
      Buffer.from(proof, 'base64')
    )
  } catch {
    possessed = false
  }
  if (!possessed) {
    return {
      ...fail(
        400,
        'The public key supplied in the request could not be parsed or the proof of possession failed'
      ),
      detail: { refused: 'proof of possession' }
    }
  }
  const san = claims.job_workflow_ref ? `${GITHUB_SERVER}/${claims.job_workflow_ref}` : subject
  const parts = token.split('.')
  const withSan = Buffer.from(JSON.stringify({ ...claims, [SAN_CLAIM]: san })).toString('base64url')
  request.credentials.oidcIdentityToken = `${parts[0]}.${withSan}.${parts[2]}`
  const answer = await handler.fn(JSON.stringify(request))
  return { ...answer, detail: { san, issuer: claims.iss, aud: claims.aud } }
}

// ---- Rekor ----------------------------------------------------------------------------------------

/**
 * The mock Rekor logs the proposed entry as it was sent. For a `dsse` entry that is the client's
 * `proposedContent` (the envelope and its verifiers), but Rekor stores, and signs in its SET and tree,
 * a canonical body it computes (rekor pkg/types/dsse/v0.0.1 Unmarshal + Canonicalize): the envelope's
 * and the payload's sha256 and each signature with its verifier, never the proposed content. The
 * verifiers compare that body with the bundle (@sigstore/verify: "signature count mismatch" on the
 * mock's body; sigstore-go parses it as Rekor's model). So the canonical body is computed here, after
 * checking every signature as Rekor does, and handed to the mock to log and sign.
 */
async function rekorFixed(handler, body) {
  let entry
  try {
    entry = JSON.parse(body)
  } catch {
    return { ...fail(400, 'the request is not JSON'), detail: {} }
  }
  const detail = { kind: entry?.kind, apiVersion: entry?.apiVersion }
  if (entry?.kind === 'dsse' && entry.spec?.proposedContent) {
    try {
      entry = canonicalDsseEntry(entry)
    } catch (err) {
      return { ...fail(400, err.message), detail: { ...detail, refused: err.message } }
    }
  }
  return { ...(await handler.fn(JSON.stringify(entry))), detail }
}

function canonicalDsseEntry(proposed) {
  const { envelope: envelopeJson, verifiers = [] } = proposed.spec.proposedContent
  const envelope = JSON.parse(envelopeJson)
  const payload = Buffer.from(envelope.payload, 'base64')
  const signed = dsse.preAuthEncoding(envelope.payloadType, payload)
  const keys = verifiers.map(v => Buffer.from(v, 'base64').toString('utf8'))
  const signatures = (envelope.signatures || []).map(s => {
    const verifier = keys.find(pem => {
      try {
        return verify('sha256', signed, verifierKey(pem), Buffer.from(s.sig, 'base64'))
      } catch {
        return false
      }
    })
    if (!verifier) throw new Error('all signatures must have a key that verifies it')
    return { signature: s.sig, verifier: Buffer.from(verifier).toString('base64') }
  })
  if (signatures.length === 0) throw new Error('the envelope has no signature')
  signatures.sort((a, b) => (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0))
  return {
    apiVersion: proposed.apiVersion,
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: sha256(envelopeJson).toString('hex') },
      payloadHash: { algorithm: 'sha256', value: sha256(payload).toString('hex') },
      signatures
    }
  }
}

/** A verifier is a PEM public key or a PEM certificate (keyless: Fulcio's). */
function verifierKey(pem) {
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem)
}

// ---- timestamp authority --------------------------------------------------------------------------

/**
 * The mock TSA writes genTime with its clock's milliseconds; asn1js encodes them as DER wants, without
 * trailing zeros (120 ms -> `...00.12Z`, 100 ms -> `.1Z`), but @sigstore/core's ASN.1 time parser
 * (asn1/parse.js) accepts only no fraction or exactly three digits (`(\.\d{3})?Z`), so every timestamp
 * made at a millisecond ending in 0, about 1 in 10, fails to verify with "invalid time". Each timestamp
 * is made here by a TSA with the same keys and certificates whose clock is the current whole second
 * (no fraction at all; the token says accuracy 1 s). The mock only takes a fixed clock at creation, so
 * a TSA of its class is made per request from the one made at start.
 */
function wholeSecondTimestamps(tsa) {
  const TSA = Object.getPrototypeOf(tsa).constructor
  if (!tsa.rootCert || !tsa.intCert || !tsa.keyPair) {
    throw new Error(
      '@sigstore/mock TSA internals changed (rootCert, intCert, keyPair): the timestamp fix-up needs updating'
    )
  }
  return {
    timestamp: request =>
      new TSA({
        rootCertificate: tsa.rootCert,
        intCertificate: tsa.intCert,
        keyPair: tsa.keyPair,
        clock: new Date(Math.floor(Date.now() / 1000) * 1000)
      }).timestamp(request)
  }
}

// ---- trusted root ---------------------------------------------------------------------------------

const notBefore = der => new Date(new X509Certificate(der).validFrom)
const logInstance = (baseUrl, publicKeyDer, start) => ({
  baseUrl,
  hashAlgorithm: HashAlgorithm.SHA2_256,
  publicKey: {
    rawBytes: publicKeyDer,
    keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
    validFor: { start }
  },
  logId: { keyId: sha256(publicKeyDer) },
  checkpointKeyId: undefined,
  operator: ''
})

/** The trusted root (protobuf-specs TrustedRoot, as JSON) naming the CA, CT log, Rekor and TSA. */
function trustedRoot({ ca, ctKey, rekorKey, tsa, urls }) {
  const caRoot = ca.rootCertificate
  const start = notBefore(caRoot)
  const spki = key => key.publicKey.export({ format: 'der', type: 'spki' })
  return TrustedRoot.toJSON({
    mediaType: TRUSTED_ROOT_MEDIA_TYPE,
    tlogs: [logInstance(urls.rekor, spki(rekorKey), start)],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: urls.fulcio,
        certChain: { certificates: [{ rawBytes: caRoot }] },
        validFor: { start },
        operator: ''
      }
    ],
    ctlogs: [logInstance(urls.ctlog, spki(ctKey), start)],
    timestampAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'tsa' },
        uri: urls.tsa,
        // the signing certificate first, then its root (sigstore-go takes the first as the TSA's leaf)
        certChain: { certificates: [{ rawBytes: tsa.intCertificate }, { rawBytes: tsa.rootCertificate }] },
        validFor: { start: notBefore(tsa.rootCertificate) },
        operator: ''
      }
    ]
  })
}

export { GITHUB_ISSUER }
