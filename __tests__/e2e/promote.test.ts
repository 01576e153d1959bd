// mode promote on the real test bed: images built and pushed with buildx into the dev registry, scanned
// per platform by Trivy (`--format cosign-vuln`), signed and attested with cosign (a key pair made
// here), then promoted by dist/ dev -> stage (one registry: blob mounts) -> prod (the registry with
// auth). Asserts on what the target registries hold and on cosign verifying there; every bad input
// must leave the target untouched.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { ROOT, plainLog, runAction, type RunResult } from './runner.js'
import { cosignBundleStatements, SIGN_TYPE, storedBundles, verifiesWith } from './bundles.js'
import { bedRun, FIXTURES, registryDigest, registryTags, testbed, trivyCache, uniqueOrg } from './testbed.js'

const bed = testbed()
const org = uniqueOrg('promote')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-promote-'))
const ws = path.join(tmp, 'ws')
const DEV = `${bed.REGISTRY}/${org}-dev`
const STAGE = `${bed.REGISTRY}/${org}-stage`
const PROD = `${bed.AUTH_REGISTRY}/${org}-prod`
const auth = { user: bed.AUTH_USER, password: bed.AUTH_PASSWORD }
const dockerConfig = path.join(tmp, 'docker')

function run(command: string, args: string[], env: Record<string, string> = {}): string {
  const r = spawnSync(command, args, {
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, COSIGN_PASSWORD: '', ...env }
  })
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}${r.stdout}`)
  return r.stdout
}

/** Builds `ref` (a tag in dev) FROM the bed's base with a unique file (and fixture trees), pushes it, returns its digest. */
function buildPush(ref: string, platforms: string[], trees: string[] = []): string {
  const ctx = fs.mkdtempSync(path.join(tmp, 'ctx-'))
  fs.mkdirSync(path.join(ctx, 'rootfs'))
  fs.writeFileSync(path.join(ctx, 'rootfs', 'marker'), randomBytes(16).toString('hex'))
  for (const tree of trees)
    fs.cpSync(path.join(FIXTURES, 'images', tree), path.join(ctx, 'rootfs'), { recursive: true })
  fs.writeFileSync(path.join(ctx, 'Dockerfile'), 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY rootfs/ /\n')
  const metadata = path.join(ctx, 'metadata.json')
  run('docker', [
    'buildx',
    'build',
    '--platform',
    platforms.join(','),
    '--build-arg',
    `BASE_IMAGE=${bed.BASE_IMAGE}`,
    '--metadata-file',
    metadata,
    '--push',
    '-t',
    ref,
    ctx
  ])
  const digest = (JSON.parse(fs.readFileSync(metadata, 'utf8')) as Record<string, string>)[
    'containerimage.digest'
  ]
  if (!digest) throw new Error(`no digest for ${ref}`)
  return digest
}

function repoOf(ref: string): string {
  return ref.replace(/[:@][^/]*$/, '')
}

function sign(ref: string, digest: string, key = path.join(tmp, 'cosign.key')): void {
  run('cosign', ['sign', '--key', key, '--tlog-upload=false', '--yes', `${repoOf(ref)}@${digest}`])
}

/** Trivy's own cosign-vuln predicate of each platform (scanned from its own layout, as imagegate does), attested on the index. */
function attestScans(ref: string, digest: string, platforms: string[]): void {
  const cache = trivyCache()
  for (const platform of platforms) {
    const arch = platform.split('/')[1] as string
    const layout = fs.mkdtempSync(path.join(tmp, 'layout-'))
    run('skopeo', [
      'copy',
      '--src-tls-verify=false',
      '--override-arch',
      arch,
      `docker://${repoOf(ref)}@${digest}`,
      `oci:${layout}:image`
    ])
    const predicate = path.join(layout, 'vuln.json')
    run(path.join(bed.TRIVY_BIN_DIR, 'trivy'), [
      'image',
      '--cache-dir',
      cache,
      '--skip-db-update',
      '--skip-java-db-update',
      '--skip-policy-update',
      '--quiet',
      '--input',
      layout,
      '--format',
      'cosign-vuln',
      '--output',
      predicate
    ])
    run('cosign', [
      'attest',
      '--key',
      path.join(tmp, 'cosign.key'),
      '--type',
      'vuln',
      '--predicate',
      predicate,
      '--tlog-upload=false',
      '--yes',
      `${repoOf(ref)}@${digest}`
    ])
  }
}

async function promote(inputs: Record<string, string>): Promise<RunResult> {
  return await runAction({
    workspace: ws,
    inputs: {
      mode: 'promote',
      'cosign-key': fs.readFileSync(path.join(tmp, 'cosign.pub'), 'utf8'),
      ...inputs
    },
    env: { DOCKER_CONFIG: path.join(tmp, 'no-docker-config') }
  })
}

function cosignVerifies(ref: string): boolean {
  const r = spawnSync(
    'cosign',
    ['verify', '--key', path.join(tmp, 'cosign.pub'), '--insecure-ignore-tlog', ref],
    { encoding: 'utf8', env: { ...process.env, DOCKER_CONFIG: dockerConfig } }
  )
  return r.status === 0
}

function uploadsInLog(repository: string): { mounted: number; uploaded: number } {
  const log = fs.readFileSync(path.join(ROOT, '.testbed', 'logs', 'registry.log'), 'utf8')
  const lines = log.split('\n').filter(l => l.includes(`/v2/${repository}/blobs/uploads/`))
  return {
    mounted: lines.filter(l => /"POST [^"]*mount=[^"]*" 201 /.test(l)).length,
    uploaded: lines.filter(l => /"PUT [^"]*" 201 /.test(l)).length
  }
}

const digests: Record<string, string> = {}

/** The log without the runner's `::add-mask::` commands (which name the secret so that it is masked). */
function unmasked(log: string): string {
  return log
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')
}

beforeAll(() => {
  run('cosign', ['generate-key-pair', '--output-key-prefix', path.join(tmp, 'cosign')])
  run('cosign', ['generate-key-pair', '--output-key-prefix', path.join(tmp, 'other')])
  fs.mkdirSync(dockerConfig)
  const basic = Buffer.from(`${auth.user}:${auth.password}`).toString('base64')
  fs.writeFileSync(
    path.join(dockerConfig, 'config.json'),
    JSON.stringify({ auths: { [bed.AUTH_REGISTRY]: { auth: basic } } })
  )
  fs.mkdirSync(path.join(ws, '.github'), { recursive: true })
  // a checkout: the catalog is validated as for a build (its Dockerfiles exist)
  fs.writeFileSync(path.join(ws, 'Dockerfile'), 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n')
  fs.writeFileSync(
    path.join(ws, '.github', 'images.yml'),
    [
      'version: 1',
      'environments:',
      `  dev: { registry: ${DEV} }`,
      `  stage: { registry: ${STAGE} }`,
      `  prod: { registry: ${PROD}, production: true }`,
      'images:',
      '  - name: api',
      '  - name: worker',
      '  - name: tool-debug',
      ''
    ].join('\n')
  )
  // the good release: api on two platforms, worker on one; each signed, each platform scanned and attested
  for (const [name, platforms] of [
    ['api', ['linux/amd64', 'linux/arm64']],
    ['worker', ['linux/amd64']]
  ] as const) {
    const ref = `${DEV}/app/${name}:sha-1111111`
    const digest = buildPush(ref, [...platforms], ['alpine-clean'])
    run('skopeo', [
      'copy',
      '--all',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      `docker://${repoOf(ref)}@${digest}`,
      `docker://${repoOf(ref)}:1.3.0`
    ])
    sign(ref, digest)
    attestScans(ref, digest, [...platforms])
    digests[name] = digest
  }
  // bad versions of api
  const api = `${DEV}/app/api`
  digests.unsigned = buildPush(`${api}:sha-2222222`, ['linux/amd64'])
  digests.noatt = buildPush(`${api}:sha-3333333`, ['linux/amd64'])
  sign(`${api}:sha-3333333`, digests.noatt)
  digests.vuln = buildPush(`${api}:sha-4444444`, ['linux/amd64'], ['alpine-vuln'])
  sign(`${api}:sha-4444444`, digests.vuln)
  attestScans(`${api}:sha-4444444`, digests.vuln, ['linux/amd64'])
  // a signature moved under another digest: cosign's .sig tag of sha-5555555 holds the signature of the good api
  digests.swapped = buildPush(`${api}:sha-5555555`, ['linux/amd64'])
  run('skopeo', [
    'copy',
    '--src-tls-verify=false',
    '--dest-tls-verify=false',
    `docker://${api}:${digests.api?.replace(':', '-')}.sig`,
    `docker://${api}:${digests.swapped.replace(':', '-')}.sig`
  ])
}, 600_000)

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe('mode promote on the test bed', () => {
  test('dev -> stage in one registry: same digest, tags, signatures; every blob mounted, none uploaded', async () => {
    const r = await promote({
      'source-environment': 'dev',
      environment: 'stage',
      version: '1.3.0',
      images: 'api,worker'
    })
    expect(plainLog(r.log)).toContain('verified for')
    expect(r.exitCode).toBe(0)
    for (const name of ['api', 'worker']) {
      expect(await registryDigest(`${STAGE}/app/${name}:1.3.0`)).toBe(digests[name])
      expect(await registryDigest(`${STAGE}/app/${name}:1.3`)).toBe(digests[name])
      expect(await registryDigest(`${STAGE}/app/${name}:1`)).toBe(digests[name])
      expect(cosignVerifies(`${STAGE}/app/${name}@${digests[name]}`)).toBe(true)
    }
    expect(JSON.parse(r.outputs.digests ?? '{}')).toEqual({ api: digests.api, worker: digests.worker })
    const metadata = JSON.parse(r.outputs.metadata ?? '{}') as {
      images: {
        name: string
        copy: { mountedBlobs: number; uploadedBlobs: number; uploadedBytes: number }
        verified: string[]
      }[]
    }
    for (const image of metadata.images) {
      expect(image.copy.uploadedBlobs).toBe(0)
      expect(image.copy.uploadedBytes).toBe(0)
      expect(image.copy.mountedBlobs).toBeGreaterThan(0)
    }
    const api = metadata.images.find(i => i.name === 'api')
    expect(api?.verified.filter(v => v.startsWith('scan attestation')).length).toBe(2)
    // the registry's own log: mounts answered 201, no blob PUT into the stage repositories
    const log = uploadsInLog(`${org}-stage/app/api`)
    expect(log.uploaded).toBe(0)
    expect(log.mounted).toBeGreaterThan(0)
    expect(r.summary).toContain('| api |')
    // the attestation came along: verify-attestation works in stage
    const att = spawnSync(
      'cosign',
      [
        'verify-attestation',
        '--key',
        path.join(tmp, 'cosign.pub'),
        '--insecure-ignore-tlog',
        '--type',
        'vuln',
        `${STAGE}/app/api@${digests.api}`
      ],
      { encoding: 'utf8' }
    )
    expect(att.status).toBe(0)

    // again: the same digest is a no-op
    const again = await promote({
      'source-environment': 'dev',
      environment: 'stage',
      version: '1.3.0',
      images: 'api,worker'
    })
    expect(again.exitCode).toBe(0)
    const second = JSON.parse(again.outputs.metadata ?? '{}') as { images: { status: string }[] }
    expect(second.images.map(i => i.status)).toEqual(['unchanged', 'unchanged'])
  })

  test('stage -> prod across registries, with credentials: copied, tagged, verifiable in prod', async () => {
    const r = await promote({
      'source-environment': 'stage',
      environment: 'prod',
      version: '1.3.0',
      images: 'api,worker',
      username: auth.user,
      password: auth.password
    })
    expect(r.exitCode).toBe(0)
    expect(unmasked(r.log)).not.toContain(auth.password)
    for (const name of ['api', 'worker']) {
      expect(await registryDigest(`${PROD}/app/${name}:1.3.0`, auth)).toBe(digests[name])
      expect(cosignVerifies(`${PROD}/app/${name}@${digests[name]}`)).toBe(true)
    }
    const metadata = JSON.parse(r.outputs.metadata ?? '{}') as {
      images: { copy: { uploadedBlobs: number } }[]
    }
    for (const image of metadata.images) expect(image.copy.uploadedBlobs).toBeGreaterThan(0)
  })

  // each: a clear red naming the image and the reason, and nothing in the target
  test.each<[string, Record<string, string>, RegExp]>([
    [
      'an unsigned image',
      { version: 'sha-2222222' },
      /api: not signed: no signature bundle is attached to sha256:[a-f0-9]{64}, nor a cosign 2 signature \(cosign: /
    ],
    [
      'a signature by another key',
      { version: 'sha-1111111', 'cosign-key': 'OTHER' },
      /api: no signature by the given key/
    ],
    ['a missing scan attestation', { version: 'sha-3333333' }, /api: no scan attestation/],
    ['a failed scan attestation', { version: 'sha-4444444' }, /api: scan attestation: .*CRITICAL CVE-2099-/],
    [
      'a digest that differs from the signed one',
      { version: 'sha-5555555' },
      /api: the signature is for sha256:[a-f0-9]{64}, not for the resolved digest sha256:/
    ],
    ['latest', { version: 'latest' }, /api: "latest" is never promoted/],
    ['a branch tag (dev only)', { version: 'dev-main' }, /api: "dev-main" is a dev-only tag/],
    [
      'a source tag that does not exist',
      { version: 'sha-0000000' },
      /api: the tag "sha-0000000" does not exist/
    ]
  ])('refused: %s', async (_what, inputs, reason) => {
    const key =
      inputs['cosign-key'] === 'OTHER' ? fs.readFileSync(path.join(tmp, 'other.pub'), 'utf8') : undefined
    const r = await promote({
      'source-environment': 'dev',
      environment: 'stage',
      images: 'api,worker',
      ...inputs,
      ...(key ? { 'cosign-key': key } : {})
    })
    expect(r.exitCode).not.toBe(0)
    expect(r.errors.join('\n')).toMatch(reason)
    // all-or-nothing: the worker (when it was fine) did not move either
    expect(await registryDigest(`${STAGE}/app/api:${inputs.version}`)).toBeUndefined()
    expect(await registryDigest(`${STAGE}/app/worker:${inputs.version}`)).toBeUndefined()
  })

  test('refused: a -debug image into prod', async () => {
    const r = await promote({
      'source-environment': 'stage',
      environment: 'prod',
      version: '1.3.0',
      images: 'tool-debug'
    })
    expect(r.exitCode).not.toBe(0)
    expect(r.errors.join('\n')).toMatch(/tool-debug.*-debug images never go to a production/)
  })

  /** skopeo copy of every platform, on the bed's plain-HTTP registry. */
  const copy = (from: string, to: string): string =>
    run('skopeo', [
      'copy',
      '--all',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      `docker://${from}`,
      `docker://${to}`
    ])

  test.each<[string, string, string, string | undefined]>([
    ['a SemVer tag', '2.0.0', 'SemVer', '2.0'],
    ['a sha-<7> tag (another build of that commit)', 'sha-6666666', 'sha-<7>', undefined]
  ])('refused: %s already at another digest in the target', async (_what, tag, kind, alias) => {
    // stage's worker:<tag> already holds another image; dev's <tag> is the good worker
    copy(`${DEV}/app/worker@${digests.worker}`, `${DEV}/app/worker:${tag}`)
    copy(bed.BASE_IMAGE, `${STAGE}/app/worker:${tag}`)
    const before = await registryDigest(`${STAGE}/app/worker:${tag}`)
    const r = await promote({
      'source-environment': 'dev',
      environment: 'stage',
      version: tag,
      images: 'worker'
    })
    expect(r.exitCode).not.toBe(0)
    expect(r.errors.join('\n')).toContain(`worker:${tag} already points to sha256:`)
    expect(r.errors.join('\n')).toContain(`${kind} tags are immutable`)
    expect(await registryDigest(`${STAGE}/app/worker:${tag}`)).toBe(before)
    // nor an alias of it moved
    if (alias) expect(await registryDigest(`${STAGE}/app/worker:${alias}`)).toBeUndefined()
  })

  test('refused: wrong registry credentials for the target', async () => {
    const r = await promote({
      'source-environment': 'stage',
      environment: 'prod',
      version: '1.3.0',
      images: 'api',
      username: auth.user,
      password: 'not-the-password'
    })
    expect(r.exitCode).not.toBe(0)
    expect(r.errors.join('\n')).toMatch(/api: authentication failed for 127\.0\.0\.1:\d+ \(user /)
    expect(unmasked(r.log)).not.toContain('not-the-password')
  })

  test('the registries were not touched by the refused runs', async () => {
    const stageTags = await registryTags(bed.REGISTRY, `${org}-stage/app/api`)
    expect(stageTags.filter(t => !t.startsWith('sha256-')).sort()).toEqual(['1', '1.3', '1.3.0'])
  })
})

describe('what imagegate itself built, signed and attested', () => {
  test('is promoted dev -> stage with the public key: the scan attestation of every platform judged again', async () => {
    const password = `pw-${randomBytes(4).toString('hex')}`
    const keys = fs.mkdtempSync(path.join(tmp, 'keys-'))
    run('cosign', ['generate-key-pair', '--output-key-prefix', path.join(keys, 'cosign')], {
      COSIGN_PASSWORD: password
    })
    const stage = `${bed.REGISTRY}/${uniqueOrg('stage')}`
    const environments = [
      'environments:',
      `  dev: { registry: ${bed.REGISTRY} }`,
      `  stage: { registry: ${stage} }`
    ].join('\n')
    const built = await bedRun([{ name: 'api', trees: ['alpine-clean'] }], {
      prefix: 'promote-built',
      catalogExtra: environments,
      inputs: {
        sign: 'true',
        'cosign-key': fs.readFileSync(path.join(keys, 'cosign.key'), 'utf8'),
        'cosign-password': password
      },
      env: { GITHUB_WORKFLOW_REF: 'acme/platform/.github/workflows/images.yml@refs/heads/main' }
    })
    expect(built.r.exitCode).toBe(0)
    const digest = JSON.parse(built.r.outputs.digests ?? '{}').api as string
    expect(digest).toMatch(/^sha256:/)
    const r = await runAction({
      workspace: built.ws,
      inputs: {
        mode: 'promote',
        'source-environment': 'dev',
        environment: 'stage',
        org: built.org,
        version: 'sha-9f2c1ab',
        'cosign-key': fs.readFileSync(path.join(keys, 'cosign.pub'), 'utf8')
      },
      env: { DOCKER_CONFIG: path.join(tmp, 'no-docker-config') }
    })
    expect(plainLog(r.log)).toContain('verified for')
    expect(r.exitCode).toBe(0)
    expect(await registryDigest(`${stage}/${built.org}/api:sha-9f2c1ab`)).toBe(digest)
    const metadata = JSON.parse(r.outputs.metadata ?? '{}') as { images: { verified: string[] }[] }
    expect(
      metadata.images[0]?.verified.filter(v => /^scan attestation linux\/(amd64|arm64)/.test(v))
    ).toHaveLength(2)
    // signed in process as Sigstore bundles: verified as bundles, and copied to stage with the image
    expect(metadata.images[0]?.verified[0]).toMatch(
      /^signature on sha256:\S+ by the key SHA256:\S+ \(Sigstore bundle\)/
    )
    const source = await storedBundles(bed.REGISTRY, `${built.org}/api`, digest)
    const target = await storedBundles(
      bed.REGISTRY,
      `${stage.slice(bed.REGISTRY.length + 1)}/${built.org}/api`,
      digest
    )
    expect(target.map(b => b.digest).sort()).toEqual(source.map(b => b.digest).sort())
    expect(source.length).toBe(6) // a signature, the provenance, per platform an SBOM and a scan record
    const pub = fs.readFileSync(path.join(keys, 'cosign.pub'), 'utf8')
    for (const b of target) expect(verifiesWith(b.bundle, pub)).toBe(true)
    expect(
      cosignBundleStatements(`${stage}/${built.org}/api@${digest}`, SIGN_TYPE, path.join(keys, 'cosign.pub'))
        .status
    ).toBe(0)

    // another key: refused, nothing moved
    const other = fs.mkdtempSync(path.join(tmp, 'keys-other-'))
    run('cosign', ['generate-key-pair', '--output-key-prefix', path.join(other, 'cosign')], {
      COSIGN_PASSWORD: 'x'
    })
    const refused = await runAction({
      workspace: built.ws,
      inputs: {
        mode: 'promote',
        'source-environment': 'dev',
        environment: 'stage',
        org: built.org,
        version: 'sha-9f2c1ab',
        tags: 'extra-tag',
        'cosign-key': fs.readFileSync(path.join(other, 'cosign.pub'), 'utf8')
      },
      env: { DOCKER_CONFIG: path.join(tmp, 'no-docker-config') }
    })
    expect(refused.exitCode).toBe(1)
    expect(refused.errors.join('\n')).toMatch(
      /api: no signature by the key SHA256:\S+: .*not signed by the key/
    )
    expect(await registryDigest(`${stage}/${built.org}/api:extra-tag`)).toBeUndefined()
  })
})
