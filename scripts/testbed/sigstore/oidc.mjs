// A stand-in for the GitHub Actions runner's OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL), and
// the check a Fulcio makes of the tokens it issues. Tokens are ES256 JWTs signed with a key made at
// start; the stand-in Fulcio (services.mjs) trusts that key and nothing else.
//
// What a client does (@actions/core 3 getIDToken, @sigstore/sign's CI provider): GET
// `${ACTIONS_ID_TOKEN_REQUEST_URL}&audience=sigstore` with `Authorization: Bearer
// ${ACTIONS_ID_TOKEN_REQUEST_TOKEN}`, and reads `{"value": "<JWT>"}`. GitHub's URL already carries a
// query (`?api-version=2.0`), so the stand-in's does too.
//
// The claims are GitHub's (docs.github.com "About security hardening with OpenID Connect"): iss, sub
// `repo:OWNER/REPO:ref:REF`, aud (the requested audience; `https://github.com/OWNER` when none is
// asked for), ref, ref_type, sha, repository, repository_owner, repository_id, repository_owner_id,
// repository_visibility, run_id, run_number, run_attempt, actor, actor_id, workflow, workflow_ref,
// workflow_sha, job_workflow_ref, job_workflow_sha, event_name, runner_environment, jti, iat, nbf
// (iat - 10 min, as GitHub sets it) and exp (iat + 5 min).
//
// Query parameters of the token request choose what is issued (for fault and identity tests):
//   variant=expired        exp 10 minutes ago
//   variant=audience       aud https://github.com/OWNER whatever audience was asked for (GitHub's
//                          default audience: what a token not meant for Sigstore carries)
//   variant=untrusted      signed by a key the stand-in Fulcio does not trust
//   repository=OWNER/REPO  another repository (sub, repository*, workflow_ref, job_workflow_ref follow)
//   workflow=PATH          another workflow file, e.g. .github/workflows/other.yml
//   ref=REF                another git ref, e.g. refs/tags/v1
//   issuer=URL             another issuer (the stand-in Fulcio accepts any issuer whose token it can
//                          verify, so a certificate can name another issuer)
//   job_workflow_ref=R     a reusable workflow's identity (OWNER/REPO/PATH@REF), apart from workflow_ref
import { Buffer } from 'node:buffer'
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign, verify } from 'node:crypto'

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
export const TOKEN_VARIANTS = ['expired', 'audience', 'untrusted']

const TOKEN_LIFETIME_S = 5 * 60
const NBF_BEFORE_IAT_S = 10 * 60

const b64url = data => Buffer.from(data).toString('base64url')

/** An ES256 JWT (RFC 7515 compact form; the signature is r || s, not DER). */
function signJwt(claims, privateKey, kid) {
  const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid }))
  const payload = b64url(JSON.stringify(claims))
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363'
  })
  return `${header}.${payload}.${b64url(signature)}`
}

/** The claims of a JWT, without checking anything. */
export function decodeJwt(token) {
  const parts = String(token).split('.')
  if (parts.length !== 3) throw new Error('not a JWT (three dot-separated parts)')
  return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
}

/**
 * The run a token describes: repository (OWNER/REPO), workflow file, ref and commit. Defaults are the
 * ones the server was started with; a token request's query overrides them.
 */
export function claimsFor(run, audience, variant, now = Date.now()) {
  const [owner] = run.repository.split('/')
  const iat = Math.floor(now / 1000) - (variant === 'expired' ? 15 * 60 : 0)
  const workflowRef = `${run.repository}/${run.workflow}@${run.ref}`
  const refType = run.ref.startsWith('refs/tags/') ? 'tag' : 'branch'
  return {
    jti: randomUUID(),
    sub: `repo:${run.repository}:ref:${run.ref}`,
    aud: variant === 'audience' || !audience ? `https://github.com/${owner}` : audience,
    ref: run.ref,
    ref_type: refType,
    ref_protected: 'false',
    sha: run.sha,
    repository: run.repository,
    repository_id: numericId(run.repository),
    repository_owner: owner,
    repository_owner_id: numericId(owner),
    repository_visibility: run.visibility,
    run_id: run.runId,
    run_number: '1',
    run_attempt: '1',
    actor: owner,
    actor_id: numericId(owner),
    workflow: run.workflow.replace(/^.*\//, ''),
    workflow_ref: workflowRef,
    workflow_sha: run.sha,
    job_workflow_ref: run.jobWorkflowRef || workflowRef,
    job_workflow_sha: run.sha,
    event_name: 'push',
    runner_environment: 'github-hosted',
    iss: run.issuer,
    nbf: iat - NBF_BEFORE_IAT_S,
    iat,
    exp: iat + TOKEN_LIFETIME_S
  }
}

/** A stable decimal id for a name (GitHub's ids are numbers as strings). */
function numericId(name) {
  return String(parseInt(createHash('sha256').update(name).digest('hex').slice(0, 8), 16))
}

/** The issuer: its signing key, the endpoint's request token, and the default run. */
export function createIssuer({ requestToken, run }) {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const kid = randomBytes(8).toString('hex')
  const token = requestToken || randomBytes(24).toString('hex')
  return {
    requestToken: token,
    run,
    /**
     * Answers GET <path>?...&audience=A: 401 without the request token, else `{"value": JWT}`.
     * Returns { status, body, detail } (detail goes to the request log).
     */
    answer(url, authorization) {
      const given = /^bearer\s+(.+)$/i.exec(authorization || '')?.[1]
      if (given !== token) {
        return { status: 401, body: { message: 'Bad credentials' }, detail: { refused: 'request token' } }
      }
      const query = url.searchParams
      const variant = query.get('variant') || ''
      if (variant && !TOKEN_VARIANTS.includes(variant)) {
        return { status: 400, body: { message: `unknown variant ${variant} (${TOKEN_VARIANTS.join(', ')})` } }
      }
      const chosen = {
        ...run,
        repository: query.get('repository') || run.repository,
        workflow: query.get('workflow') || run.workflow,
        ref: query.get('ref') || run.ref,
        issuer: query.get('issuer') || run.issuer,
        jobWorkflowRef: query.get('job_workflow_ref') || ''
      }
      const claims = claimsFor(chosen, query.get('audience') || '', variant)
      const jwt = signJwt(claims, (variant === 'untrusted' ? stranger : key).privateKey, kid)
      return {
        status: 200,
        body: { count: 1, value: jwt },
        detail: {
          variant: variant || 'valid',
          aud: claims.aud,
          sub: claims.sub,
          job_workflow_ref: claims.job_workflow_ref
        }
      }
    },
    /**
     * What Fulcio checks of an identity token before it certifies anything: the signature (by this
     * issuer's key), the audience `sigstore`, and the validity window. Returns the claims or throws.
     */
    verify(jwt, { audience = 'sigstore', now = Date.now() } = {}) {
      const parts = String(jwt).split('.')
      if (parts.length !== 3) throw new Error('the identity token is not a JWT')
      const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'))
      if (header.alg !== 'ES256')
        throw new Error(`the identity token is signed with ${header.alg}, not ES256`)
      const signed = verify(
        'sha256',
        Buffer.from(`${parts[0]}.${parts[1]}`),
        { key: key.publicKey, dsaEncoding: 'ieee-p1363' },
        Buffer.from(parts[2], 'base64url')
      )
      if (!signed) throw new Error('the identity token is not signed by a trusted issuer')
      const claims = decodeJwt(jwt)
      const auds = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
      if (!auds.includes(audience))
        throw new Error(`the identity token's audience is ${auds.join(', ')}, not ${audience}`)
      const seconds = Math.floor(now / 1000)
      if (typeof claims.exp !== 'number' || claims.exp <= seconds) {
        throw new Error(`the identity token expired at ${new Date(claims.exp * 1000).toISOString()}`)
      }
      if (typeof claims.nbf === 'number' && claims.nbf > seconds)
        throw new Error('the identity token is not valid yet')
      return claims
    }
  }
}
