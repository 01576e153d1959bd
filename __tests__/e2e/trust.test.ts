// The trust chain on the real test bed: the two-phase publish against the bed's registries (faults
// injected into the client's fetch, as registry.test.ts does), cosign from Debian signing and attesting
// by digest with a key pair made here, and the bundled action signing what it pushes.
import { beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { recordTimingsIn, type Timing } from '../../src/exec.js'
import { publishImages, type PublishImage } from '../../src/publish/publish.js'
import { trustHooks, type ImageEvidence } from '../../src/trust/evidence.js'
import { makeSigner, makeVerifier, type TrustInputs } from '../../src/trust/setup.js'
import type { Signer } from '../../src/trust/trust.js'
import type { FetchLike } from '../../src/registry/auth.js'
import { RegistryClient } from '../../src/registry/client.js'
import { writeFixture, type Fixture } from '../oci/oci-fixture.js'
import { basicAuth, cosignBundleStatements, SIGN_TYPE, storedBundles, verifiesWith } from './bundles.js'
import { bedRun, FIXTURES, registryDigest, registryTags, testbed } from './testbed.js'

const bed = testbed()
const COSIGN = '/usr/bin/cosign'
const nonce = (): string => `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`
const tmp = (prefix: string): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix))
const fixture = (): Fixture => writeFixture(tmp('imagegate-oci-'), { nonce: nonce() })
const auth = { user: bed.AUTH_USER, password: bed.AUTH_PASSWORD }

/** A key pair made by cosign itself, with a password. */
interface KeyPair {
  dir: string
  key: string
  pub: string
  password: string
}
let keys: KeyPair

beforeAll(() => {
  const dir = tmp('imagegate-cosign-keys-')
  const password = `pw-${nonce()}`
  const r = spawnSync(COSIGN, ['generate-key-pair'], {
    cwd: dir,
    env: { ...process.env, COSIGN_PASSWORD: password },
    encoding: 'utf8'
  })
  if (r.status !== 0) throw new Error(`cosign generate-key-pair: ${r.stderr}`)
  keys = { dir, key: path.join(dir, 'cosign.key'), pub: path.join(dir, 'cosign.pub'), password }
})

/** A docker config for the test's own cosign calls against the registry with auth. */
function verifierEnv(): NodeJS.ProcessEnv {
  const dir = tmp('imagegate-verifier-')
  const b64 = Buffer.from(`${auth.user}:${auth.password}`).toString('base64')
  fs.writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({ auths: { [bed.AUTH_REGISTRY]: { auth: b64 } } })
  )
  return { ...process.env, DOCKER_CONFIG: dir }
}

function runCosign(args: string[], env = verifierEnv()): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(COSIGN, args, { env, encoding: 'utf8', timeout: 120_000 })
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' }
}

/** The child processes a call ran (the exec seam's timings). */
async function timingsOf<T>(fn: () => Promise<T>): Promise<{ value: T; timings: Timing[] }> {
  const timings: Timing[] = []
  const value = await recordTimingsIn(timings, fn)
  return { value, timings }
}

const manifestDigest = async (
  registry: string,
  name: string,
  digest: string,
  basic?: string
): Promise<number> => {
  const headers: Record<string, string> = { accept: 'application/vnd.oci.image.index.v1+json' }
  if (basic) headers.authorization = basic
  return (await fetch(`http://${registry}/v2/${name}/manifests/${digest}`, { method: 'HEAD', headers }))
    .status
}

describe('two-phase publish on the real registry', () => {
  /** Two images of one catalog; `refuse` answers a PUT of a manifest in that repository with 400. */
  async function twoImages(
    strategy: 'all-or-nothing' | 'per-image',
    refuse: (name: string, reference: string) => boolean
  ): Promise<{
    org: string
    fx: Record<string, Fixture>
    result: Awaited<ReturnType<typeof publishImages>>
  }> {
    const org = `imagegate-test/two-phase-${nonce()}`
    const fx = { api: fixture(), web: fixture() }
    const fetchFn: FetchLike = async (url, init) => {
      const m = /\/v2\/(.+)\/manifests\/([^/?]+)$/.exec(new URL(url).pathname)
      if (init.method === 'PUT' && m && refuse(m[1] ?? '', m[2] ?? '')) {
        return new Response('{"errors":[{"code":"MANIFEST_INVALID","message":"injected refusal"}]}', {
          status: 400
        })
      }
      return await fetch(url, init)
    }
    const client = new RegistryClient({ registry: bed.REGISTRY, dockerConfig: false, fetch: fetchFn })
    const images: PublishImage[] = (['api', 'web'] as const).map(name => ({
      name,
      repository: `${bed.REGISTRY}/${org}/${name}`,
      layoutDir: fx[name].dir,
      digest: fx[name].root.digest,
      tags: ['1.0.0', 'latest']
    }))
    const result = await publishImages(images, { strategy, clientFor: () => client, concurrency: 2 })
    return { org, fx, result }
  }

  test('all-or-nothing: one image manifest refused leaves no tag of either image', async () => {
    const { org, fx, result } = await twoImages('all-or-nothing', name => name.endsWith('/web'))
    expect(result.passed).toBe(false)
    expect(result.phase).toBe('upload')
    expect(await registryTags(bed.REGISTRY, `${org}/api`)).toEqual([])
    expect(await registryTags(bed.REGISTRY, `${org}/web`)).toEqual([])
    // api went through phase 1: in the registry by digest, untagged
    expect(await manifestDigest(bed.REGISTRY, `${org}/api`, fx.api?.root.digest ?? '')).toBe(200)
    const web = result.images.find(i => i.name === 'web')
    expect(web?.errors[0]).toContain('web: upload failed:')
    expect(web?.errors[0]).toContain('HTTP 400 (MANIFEST_INVALID: injected refusal)')
    expect(result.images.find(i => i.name === 'api')?.errors).toEqual([
      'api: no tag moved: upload failed for web (all-or-nothing)'
    ])
  })

  test('per-image: the refused image has no tag, the other one has all of its tags', async () => {
    const { org, fx, result } = await twoImages('per-image', name => name.endsWith('/web'))
    expect(result.passed).toBe(false)
    expect((await registryTags(bed.REGISTRY, `${org}/api`)).sort()).toEqual(['1.0.0', 'latest'])
    expect(await registryDigest(`${bed.REGISTRY}/${org}/api:latest`)).toBe(fx.api?.root.digest)
    expect(await registryTags(bed.REGISTRY, `${org}/web`)).toEqual([])
  })

  test('a refusal in phase 2: exactly which tags moved, and the run is red', async () => {
    const { org, fx, result } = await twoImages(
      'all-or-nothing',
      (name, reference) => name.endsWith('/web') && reference === 'latest'
    )
    expect(result.passed).toBe(false)
    expect(result.phase).toBe('tag')
    const web = result.images.find(i => i.name === 'web')
    expect(web?.tagsMoved).toEqual(['1.0.0'])
    expect(web?.tagsNotMoved).toEqual(['latest'])
    expect(await registryTags(bed.REGISTRY, `${org}/web`)).toEqual(['1.0.0'])
    expect(await registryDigest(`${bed.REGISTRY}/${org}/web:1.0.0`)).toBe(fx.web?.root.digest)
    expect((await registryTags(bed.REGISTRY, `${org}/api`)).sort()).toEqual(['1.0.0', 'latest'])
  })
})

describe('signing and attesting between the phases, registry with auth', () => {
  const SPDX = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: 'api',
    documentNamespace: 'http://imagegate.test/api',
    creationInfo: { created: '2026-11-29T10:00:00Z', creators: ['Tool: imagegate-test'] },
    packages: [{ name: 'busybox', SPDXID: 'SPDXRef-Package-busybox', versionInfo: '1.36.1' }]
  }
  const ENV = {
    ...process.env,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/images.yml@refs/heads/main',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '77'
  }

  function evidence(dir: string): (name: string) => ImageEvidence {
    const spdx = path.join(dir, 'sbom.spdx.json')
    fs.writeFileSync(spdx, JSON.stringify(SPDX))
    return name => ({
      name,
      context: `services/${name}`,
      file: `services/${name}/Dockerfile`,
      buildArgs: { VERSION: '1.0.0', NPM_TOKEN: 'npm-secret-value' },
      baseImages: [bed.BASE_IMAGE],
      passed: true,
      platforms: [
        {
          platform: 'linux/amd64',
          reportFile: path.join(FIXTURES, 'trivy-reports', 'alpine-clean.json'),
          spdxFile: spdx
        }
      ]
    })
  }

  const client = (): RegistryClient =>
    new RegistryClient({
      registry: bed.AUTH_REGISTRY,
      username: auth.user,
      password: auth.password,
      dockerConfig: false
    })

  /** The run's Signer as the action makes it, from the inputs a workflow gives. */
  async function signerFor(
    key: string,
    password = keys.password,
    more: Partial<TrustInputs> = {}
  ): Promise<{ signer: Signer; work: string }> {
    const work = tmp('imagegate-trust-')
    const registry = client()
    const signer = await makeSigner({
      inputs: {
        'cosign-key': key,
        'cosign-password': password,
        'certificate-identity': '',
        'certificate-oidc-issuer': '',
        'fulcio-url': '',
        'rekor-url': '',
        'tsa-url': '',
        'trusted-root': '',
        'legacy-signatures': false,
        username: auth.user,
        password: auth.password,
        ...more
      },
      workspace: work,
      workDir: path.join(work, '.trust'),
      clientFor: () => registry,
      registries: [bed.AUTH_REGISTRY],
      cosign: async () => COSIGN,
      env: ENV
    })
    return { signer, work }
  }

  const hooksFor = (signer: Signer, work: string) =>
    trustHooks({
      signer,
      sign: true,
      attest: true,
      evidence: evidence(work),
      scanner: {
        trivyVersion: '0.44.1',
        dbRepository: 'ghcr.io/aquasecurity/trivy-db',
        dbUpdatedAt: '2026-11-28T06:00:00Z'
      },
      policy: { severities: ['HIGH', 'CRITICAL'], ignoreUnfixed: false, ignoreFiles: [] },
      commit: '9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3',
      environment: 'prod',
      startedOn: new Date(),
      env: ENV
    })

  test('sign + attest by digest with a cosign key (PEM contents): Sigstore bundle referrers, verified by cosign 2.5 and @sigstore/verify, then tagged', async () => {
    // the key as a workflow gives it: the PEM contents of a secret
    const { signer, work } = await signerFor(fs.readFileSync(keys.key, 'utf8'))
    expect(signer.identity.kind).toBe('key')
    const org = `imagegate-test/trust-${nonce()}`
    const fx = fixture()
    const repository = `${bed.AUTH_REGISTRY}/${org}/api`
    const registry = client()
    const order: string[] = []
    const hooks = hooksFor(signer, work)
    const result = await publishImages(
      [{ name: 'api', repository, layoutDir: fx.dir, digest: fx.root.digest, tags: ['1.0.0'] }],
      {
        strategy: 'all-or-nothing',
        clientFor: () => registry,
        concurrency: 1,
        // a signer that makes bundles in process signs and attests in one go, one referrers update
        signAndAttest: async u => {
          // when the signature is made, the tag does not exist yet
          order.push(`sign, tag there: ${String(await registryDigest(`${repository}:1.0.0`, auth))}`)
          await hooks.signAndAttest?.(u)
        },
        withdraw: hooks.withdraw
      }
    )
    signer.dispose()
    expect(result.images[0]?.errors).toEqual([])
    expect(result.passed).toBe(true)
    expect(order).toEqual(['sign, tag there: undefined'])
    expect(await registryDigest(`${repository}:1.0.0`, auth)).toBe(fx.root.digest)
    // no cosign process and no key file: the key was read in process
    expect(fs.existsSync(path.join(work, '.trust', 'cosign.key'))).toBe(false)

    const pub = fs.readFileSync(keys.pub, 'utf8')
    const basic = basicAuth(auth.user, auth.password)
    const name = `${org}/api`
    const onIndex = await storedBundles(bed.AUTH_REGISTRY, name, fx.root.digest, basic)
    // a signature, the provenance, and per platform (the fixture has one) an SBOM and a scan record
    expect(onIndex.map(b => b.statement.predicateType).sort()).toEqual(
      [
        SIGN_TYPE,
        'https://cosign.sigstore.dev/attestation/vuln/v1',
        'https://slsa.dev/provenance/v1',
        'https://spdx.dev/Document'
      ].sort()
    )
    for (const b of onIndex) {
      expect(verifiesWith(b.bundle, pub)).toBe(true)
      expect(b.statement.subject[0]?.digest.sha256).toBe(fx.root.digest.slice('sha256:'.length))
      expect(b.annotations['dev.sigstore.bundle.predicateType']).toBe(b.statement.predicateType)
      expect(b.annotations['dev.sigstore.bundle.content']).toBe('dsse-envelope')
    }
    const other = tmp('imagegate-cosign-other-')
    spawnSync(COSIGN, ['generate-key-pair'], { cwd: other, env: { ...process.env, COSIGN_PASSWORD: 'x' } })
    const otherPub = path.join(other, 'cosign.pub')
    expect(onIndex.some(b => verifiesWith(b.bundle, fs.readFileSync(otherPub, 'utf8')))).toBe(false)
    // each platform manifest carries its own signature bundle (buildx's attestation manifest none)
    for (const m of fx.manifests.filter(d => d.platform && d.platform.os !== 'unknown')) {
      const onPlatform = await storedBundles(bed.AUTH_REGISTRY, name, m.digest, basic)
      expect(onPlatform.map(b => b.statement.predicateType)).toEqual([SIGN_TYPE])
      expect(verifiesWith(onPlatform[0]?.bundle, pub)).toBe(true)
    }

    // cosign 2.5 finds them over the referrers tag and verifies them with the public key
    const byDigest = `${repository}@${fx.root.digest}`
    const env = verifierEnv()
    const signature = cosignBundleStatements(byDigest, SIGN_TYPE, keys.pub, env)
    expect(signature.stderr).not.toContain('Error')
    expect(signature.statements).toHaveLength(1)
    expect(cosignBundleStatements(byDigest, SIGN_TYPE, otherPub, env).status).not.toBe(0)
    // the tag resolves to the signed digest
    expect(cosignBundleStatements(`${repository}:1.0.0`, SIGN_TYPE, keys.pub, env).status).toBe(0)

    const [sbom] = cosignBundleStatements(byDigest, 'spdxjson', keys.pub, env).statements
    expect(sbom?.predicateType).toBe('https://spdx.dev/Document')
    expect(sbom?.subject[0]?.digest.sha256).toBe(fx.root.digest.slice('sha256:'.length))
    expect(sbom?.predicate).toMatchObject({ name: 'api', packages: [{ name: 'busybox' }] })

    const [vuln] = cosignBundleStatements(byDigest, 'vuln', keys.pub, env).statements
    expect(vuln?.predicateType).toBe('https://cosign.sigstore.dev/attestation/vuln/v1')
    const clean = JSON.parse(
      fs.readFileSync(path.join(FIXTURES, 'trivy-reports', 'alpine-clean.json'), 'utf8')
    ) as {
      ArtifactName: string
    }
    expect(vuln?.predicate).toMatchObject({
      scanner: {
        uri: 'pkg:github/aquasecurity/trivy@v0.44.1',
        version: '0.44.1',
        db: { version: '2026-11-28T06:00:00Z' },
        result: { ArtifactName: clean.ArtifactName }
      },
      invocation: {
        parameters: { platform: 'linux/amd64', policy: { severities: ['HIGH', 'CRITICAL'], passed: true } },
        'builder.id': 'https://github.com/acme/shop/.github/workflows/images.yml@refs/heads/main'
      }
    })

    const [slsa] = cosignBundleStatements(byDigest, 'slsaprovenance1', keys.pub, env).statements
    expect(slsa?.predicateType).toBe('https://slsa.dev/provenance/v1')
    expect(slsa?.predicate).toMatchObject({
      runDetails: {
        builder: { id: 'https://github.com/acme/shop/.github/workflows/images.yml@refs/heads/main' },
        metadata: { invocationId: 'https://github.com/acme/shop/actions/runs/77/attempts/1' }
      },
      buildDefinition: {
        externalParameters: {
          source: {
            repository: 'https://github.com/acme/shop',
            commit: '9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3'
          },
          buildArgs: { VERSION: '1.0.0' },
          redactedBuildArgs: ['NPM_TOKEN']
        },
        resolvedDependencies: [
          {
            uri: 'git+https://github.com/acme/shop@refs/heads/main',
            digest: { gitCommit: '9f2c1ab3d4e5f60718293a4b5c6d7e8f90a1b2c3' }
          },
          {
            uri: `pkg:docker/${bed.BASE_IMAGE.split('@')[0]}`,
            digest: { sha256: bed.BASE_IMAGE.split('@sha256:')[1] }
          }
        ]
      }
    })
    expect(JSON.stringify(slsa)).not.toContain('npm-secret-value')

    // the trust seam reads them back the same way
    const verifier = await makeVerifier(
      {
        inputs: {
          'cosign-key': pub,
          'cosign-password': '',
          'certificate-identity': '',
          'certificate-oidc-issuer': '',
          'fulcio-url': '',
          'rekor-url': '',
          'tsa-url': '',
          'trusted-root': '',
          'legacy-signatures': false,
          username: auth.user,
          password: auth.password
        },
        workspace: work,
        workDir: path.join(work, '.verify'),
        clientFor: () => registry,
        registries: [bed.AUTH_REGISTRY],
        cosign: async () => {
          throw new Error('no cosign: every image here has bundles')
        }
      },
      true
    )
    const signatures = await verifier?.signature(repository, fx.root.digest)
    expect(signatures?.map(s => [s.digest, s.format])).toEqual([[fx.root.digest, 'bundle']])
    const scans = await verifier?.attestations(
      repository,
      fx.root.digest,
      'https://cosign.sigstore.dev/attestation/vuln/v1'
    )
    expect(scans?.map(a => a.platform)).toEqual(['linux/amd64'])
  })

  test('a wrong key password is a red naming cosign-password before anything is uploaded', async () => {
    await expect(signerFor(keys.key, `wrong-${keys.password}`)).rejects.toThrow(
      /^input cosign-password: .*does not decrypt cosign-key/
    )
  })

  test('legacy-signatures: a cosign 2 .sig beside the bundles, made by one cosign process for both images', async () => {
    const { signer, work } = await signerFor(keys.key, keys.password, { 'legacy-signatures': true })
    const org = `imagegate-test/trust-legacy-${nonce()}`
    const registry = client()
    const fx = { api: fixture(), web: fixture() }
    const hooks = hooksFor(signer, work)
    const before = timingsOf(async () =>
      publishImages(
        (['api', 'web'] as const).map(name => ({
          name,
          repository: `${bed.AUTH_REGISTRY}/${org}/${name}`,
          layoutDir: fx[name].dir,
          digest: fx[name].root.digest,
          tags: ['1.0.0']
        })),
        { strategy: 'all-or-nothing', clientFor: () => registry, concurrency: 2, ...hooks }
      )
    )
    const { value: result, timings } = await before
    signer.dispose()
    expect(result.passed).toBe(true)
    expect(timings.filter(t => t.label.startsWith('/usr/bin/cosign sign')).length).toBe(1)
    expect(timings.filter(t => t.label.startsWith('/usr/bin/cosign attest')).length).toBe(0)
    for (const name of ['api', 'web'] as const) {
      const ref = `${bed.AUTH_REGISTRY}/${org}/${name}@${fx[name].root.digest}`
      expect(verifyByKey(ref).status).toBe(0)
      expect(cosignBundleStatements(ref, SIGN_TYPE, keys.pub, verifierEnv()).status).toBe(0)
    }
  })

  test("nothing orphaned: all-or-nothing with one upload refused takes back the other image's signatures and attestations", async () => {
    const { signer, work } = await signerFor(fs.readFileSync(keys.key, 'utf8'), keys.password, {
      'legacy-signatures': true
    })
    const org = `imagegate-test/trust-orphan-${nonce()}`
    const fx = { api: fixture(), web: fixture() }
    const fetchFn: FetchLike = async (url, init) => {
      const m = /\/v2\/(.+)\/manifests\/([^/?]+)$/.exec(new URL(url).pathname)
      if (init.method === 'PUT' && m && m[1]?.endsWith('/web') && m[2] === fx.web.root.digest) {
        return new Response('{"errors":[{"code":"MANIFEST_INVALID","message":"injected refusal"}]}', {
          status: 400
        })
      }
      return await fetch(url, init)
    }
    const registry = new RegistryClient({
      registry: bed.AUTH_REGISTRY,
      username: auth.user,
      password: auth.password,
      dockerConfig: false,
      fetch: fetchFn
    })
    const hooks = hooksFor(signer, work)
    const result = await publishImages(
      (['api', 'web'] as const).map(name => ({
        name,
        repository: `${bed.AUTH_REGISTRY}/${org}/${name}`,
        layoutDir: fx[name].dir,
        digest: fx[name].root.digest,
        tags: ['1.0.0']
      })),
      { strategy: 'all-or-nothing', clientFor: () => registry, concurrency: 2, ...hooks }
    )
    signer.dispose()
    expect(result.passed).toBe(false)
    const basic = basicAuth(auth.user, auth.password)
    // api was uploaded (by digest) and attested as soon as it was; no tag moved, so it keeps nothing
    expect(await manifestDigest(bed.AUTH_REGISTRY, `${org}/api`, fx.api.root.digest, basic)).toBe(200)
    expect(await registryTags(bed.AUTH_REGISTRY, `${org}/api`, auth)).toEqual([])
    expect(await storedBundles(bed.AUTH_REGISTRY, `${org}/api`, fx.api.root.digest, basic)).toEqual([])
    for (const m of fx.api.manifests.filter(d => d.platform && d.platform.os !== 'unknown')) {
      expect(await storedBundles(bed.AUTH_REGISTRY, `${org}/api`, m.digest, basic)).toEqual([])
    }
    expect(result.images.find(i => i.name === 'api')).toMatchObject({ signed: false, attested: false })
  })
})

function verifyByKey(ref: string): { status: number; stdout: string; stderr: string } {
  return runCosign(['verify', '--key', keys.pub, '--insecure-ignore-tlog=true', ref])
}

describe('the bundled action with sign: true', () => {
  test.each([
    [
      'a wrong key password',
      () => ({ 'cosign-key': fs.readFileSync(keys.key, 'utf8'), 'cosign-password': 'wrong' }),
      /input cosign-password: .*does not decrypt cosign-key/,
      false
    ],
    [
      'a public key to sign with',
      () => ({ 'cosign-key': fs.readFileSync(keys.pub, 'utf8') }),
      /input cosign-key: holds a PUBLIC key/,
      false
    ],
    [
      'keyless without id-token: write',
      () => ({}),
      /keyless signing needs an OIDC token: give the job `permissions: id-token: write`/,
      true
    ]
  ])(
    '%s: red naming the input before any scan (keyless: before any build), nothing pushed',
    async (_what, key, message, beforeBuild) => {
      const { r, org } = await bedRun([{ name: 'api' }], {
        prefix: 'trust-bad',
        inputs: {
          registry: bed.AUTH_REGISTRY,
          username: auth.user,
          password: auth.password,
          sign: 'true',
          ...key()
        },
        env: { GITHUB_WORKFLOW_REF: 'acme/platform/.github/workflows/images.yml@refs/heads/main' }
      })
      expect(r.exitCode).toBe(1)
      expect(r.errors.join('\n')).toMatch(message)
      // a key is opened beside the builds, and failing, it stops them before any scan; what needs no
      // I/O (keyless without a token) is asked before the first build
      expect(r.log).not.toMatch(/scanned|scanning/i)
      if (beforeBuild) expect(r.log).not.toContain('build started')
      expect(r.log).not.toContain(keys.password)
      expect(await registryTags(bed.AUTH_REGISTRY, `${org}/api`, auth)).toEqual([])
    }
  )

  test('pushes to the registry with auth, signs and attests every image by digest in process; cosign 2.5 verifies the bundles by the tag', async () => {
    const { r, org } = await bedRun([{ name: 'api' }], {
      prefix: 'trust',
      inputs: {
        registry: bed.AUTH_REGISTRY,
        username: auth.user,
        password: auth.password,
        sign: 'true',
        'cosign-key': fs.readFileSync(keys.key, 'utf8'),
        'cosign-password': keys.password
      },
      env: { GITHUB_WORKFLOW_REF: 'acme/platform/.github/workflows/images.yml@refs/heads/main' }
    })
    const log = r.log
      .split('\n')
      // workflow commands (::add-mask:: carries the secrets to the runner, which hides them) left out
      .filter(l => !l.startsWith('::'))
      .join('\n')
    expect(r.exitCode).toBe(0)
    expect(log).not.toContain(keys.password)
    expect(log).not.toContain('PRIVATE KEY-----\n')
    const digest = (JSON.parse(r.outputs.digests ?? '{}') as Record<string, string>).api as string
    const tag = `${bed.AUTH_REGISTRY}/${org}/api:sha-9f2c1ab`
    expect(await registryDigest(tag, auth)).toBe(digest)
    expect(log).toContain(`api: ${bed.AUTH_REGISTRY}/${org}/api@${digest} (signed, attested); tags moved:`)
    expect(log).toMatch(/signing in process with the key SHA256:\S+ \(Sigstore bundles\)/)
    // signed and attested in process: no cosign process ran
    expect(log).not.toMatch(/cosign (sign|attest)\b.*--key/)
    const env = verifierEnv()
    expect(
      cosignBundleStatements(`${bed.AUTH_REGISTRY}/${org}/api@${digest}`, SIGN_TYPE, keys.pub, env).status
    ).toBe(0)
    const sboms = cosignBundleStatements(tag, 'spdxjson', keys.pub, env).statements
    expect(sboms).toHaveLength(2) // one per platform
    const vulns = cosignBundleStatements(tag, 'vuln', keys.pub, env).statements
    expect(
      vulns
        .map(v => (v.predicate.invocation as { parameters: { platform: string } }).parameters.platform)
        .sort()
    ).toEqual(['linux/amd64', 'linux/arm64'])
    const [slsa] = cosignBundleStatements(tag, 'slsaprovenance1', keys.pub, env).statements
    expect(slsa?.subject[0]?.digest.sha256).toBe(digest.slice('sha256:'.length))
    expect(slsa?.predicate).toMatchObject({
      runDetails: {
        builder: { id: 'https://github.com/acme/platform/.github/workflows/images.yml@refs/heads/main' }
      }
    })
    // the referrers name each platform's SBOM and scan record, and the summary lists what was made
    const stored = await storedBundles(
      bed.AUTH_REGISTRY,
      `${org}/api`,
      digest,
      basicAuth(auth.user, auth.password)
    )
    expect(
      stored
        .filter(b => b.statement.predicateType === 'https://spdx.dev/Document')
        .map(b => b.annotations['dev.imagegate.platform'])
        .sort()
    ).toEqual(['linux/amd64', 'linux/arm64'])
    expect(r.summary).toContain('cosign verify-attestation --new-bundle-format')
    const attestations = JSON.parse(r.outputs.attestations ?? '{}') as Record<
      string,
      { kind: string; platform?: string; format: string }[]
    >
    // the index's signature and each platform manifest's, the provenance, per platform an SBOM and a scan record
    expect(attestations.api?.map(a => `${a.kind} ${a.platform ?? 'index'} ${a.format}`).sort()).toEqual(
      [
        'provenance index bundle',
        'sbom linux/amd64 bundle',
        'sbom linux/arm64 bundle',
        'signature index bundle',
        'signature linux/amd64 bundle',
        'signature linux/arm64 bundle',
        'vuln linux/amd64 bundle',
        'vuln linux/arm64 bundle'
      ].sort()
    )
  }, 600_000)
})

/**
 * A registry in front of the bed's open one, on its own loopback port, that answers a PUT of a manifest
 * whose path matches `refuse` with 400 and passes everything else through untouched.
 */
async function refusingRegistry(
  refuse: RegExp
): Promise<{ host: string; refused: string[]; close: () => void }> {
  const [upstreamHost, upstreamPort] = bed.REGISTRY.split(':')
  const refused: string[] = []
  const server = http.createServer((req, res) => {
    if (req.method === 'PUT' && refuse.test(req.url ?? '')) {
      refused.push(req.url ?? '')
      req.resume()
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end('{"errors":[{"code":"MANIFEST_INVALID","message":"refused by the test"}]}')
      return
    }
    const upstream = http.request(
      {
        host: upstreamHost,
        port: Number(upstreamPort),
        method: req.method,
        path: req.url,
        headers: req.headers
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    upstream.on('error', err => {
      res.writeHead(502)
      res.end(String(err))
    })
    req.pipe(upstream)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return { host: `127.0.0.1:${port}`, refused, close: () => server.close() }
}

describe('the bundled action, all-or-nothing at the registry', () => {
  test('a two-image catalog where the registry refuses one image manifest leaves no tag of either', async () => {
    const proxy = await refusingRegistry(/\/web\/manifests\//)
    try {
      const { r, org } = await bedRun([{ name: 'api' }, { name: 'web' }], {
        prefix: 'two-phase',
        inputs: { registry: proxy.host }
      })
      const log = r.log
        .split('\n')
        .filter(l => !l.startsWith('::'))
        .join('\n')
      expect(r.exitCode).toBe(1)
      expect(r.outputs.result).toBe('failed')
      expect(proxy.refused.length).toBeGreaterThan(0)
      expect(log).toContain('publish: phase 1 (upload by digest) failed: no tag moved')
      expect(log).toContain('web: 127.0.0.1') // the per-image line
      expect(log).toMatch(/web: \S+\/web \(not uploaded\); no tag moved/)
      // the job's failure names the refusal and the image that was held back with it
      const failure = r.errors.join('\n')
      expect(failure).toContain('web: upload failed:')
      expect(failure).toContain('MANIFEST_INVALID: refused by the test')
      expect(failure).toContain('api: no tag moved: upload failed for web (all-or-nothing)')
      // asked of the registry itself, not through the refusing front
      expect(await registryTags(bed.REGISTRY, `${org}/api`)).toEqual([])
      expect(await registryTags(bed.REGISTRY, `${org}/web`)).toEqual([])
      // api's scanned index is there by digest, untagged
      const digests = JSON.parse(r.outputs.digests ?? '{}') as Record<string, string>
      expect(await manifestDigest(bed.REGISTRY, `${org}/api`, digests.api ?? '')).toBe(200)
      expect(JSON.parse(r.outputs.refs ?? '{}')).toEqual({ api: [], web: [] })
    } finally {
      proxy.close()
    }
  }, 600_000)
})
