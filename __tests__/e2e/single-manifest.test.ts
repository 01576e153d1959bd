// An image whose root is one manifest, not an index: one platform, built without buildx's provenance
// (`provenance: false`), so the OCI layout's index.json names the platform's manifest itself. Through
// dist/ on the real test bed: pushed as that manifest, signed and attested (bundles on the manifest),
// verified from the registry alone (mode verify), promoted dev -> prod by digest, verified there; cosign
// finds the signature and the SBOM attestation with the public key.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { StorySchema, type Story } from '../../src/verify/story.js'
import { cosignBundleStatements } from './bundles.js'
import { plainLog, runAction, TEST_SHA, type RunResult } from './runner.js'
import { bedRun, registryDigest, testbed, trivyCache, uniqueOrg, workspace } from './testbed.js'

const bed = testbed()
const org = uniqueOrg('solo')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-solo-'))
const PROD = `${bed.REGISTRY}/${org}-prod`
const TAG = `sha-${TEST_SHA.slice(0, 7)}`
const noDockerConfig = path.join(tmp, 'no-docker-config')
let ws = ''
let digest = ''

const pub = (): string => fs.readFileSync(path.join(tmp, 'cosign.pub'), 'utf8')

function storyOf(r: RunResult): Story {
  return StorySchema.parse(JSON.parse(r.outputs.story ?? 'null'))
}

async function verify(environment: string): Promise<RunResult> {
  return await runAction({
    workspace: ws,
    inputs: { mode: 'verify', org, version: TAG, 'cosign-key': pub(), environment },
    env: { DOCKER_CONFIG: noDockerConfig, TRIVY_CACHE_DIR: trivyCache() }
  })
}

beforeAll(async () => {
  const made = spawnSync('cosign', ['generate-key-pair', '--output-key-prefix', path.join(tmp, 'cosign')], {
    encoding: 'utf8',
    env: { ...process.env, COSIGN_PASSWORD: '' }
  })
  if (made.status !== 0) throw new Error(`cosign generate-key-pair failed: ${made.stderr}`)
  ws = workspace(
    [{ name: 'solo', trees: ['alpine-clean'], platforms: ['linux/amd64'] }],
    [
      'environments:',
      `  dev: { registry: ${bed.REGISTRY} }`,
      `  prod: { registry: ${PROD}, production: true }`
    ].join('\n')
  )
  digest = await build()
}, 900_000)

/** The signed build into dev (reproducible: the same commit time gives the same digest); its digest. */
async function build(): Promise<string> {
  const { r } = await bedRun(ws, {
    org,
    inputs: {
      environment: 'dev',
      platforms: 'linux/amd64',
      provenance: 'false',
      sign: 'true',
      'cosign-key': fs.readFileSync(path.join(tmp, 'cosign.key'), 'utf8'),
      'upload-artifacts': 'false'
    },
    env: { SOURCE_DATE_EPOCH: '1700000000' }
  })
  if (r.exitCode !== 0) throw new Error(`the build failed:\n${plainLog(r.log)}`)
  return (JSON.parse(r.outputs.digests ?? '{}') as Record<string, string>).solo as string
}

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe('an image whose root is one manifest (one platform, no buildx provenance)', () => {
  test('pushed as that manifest; verified, promoted by digest and verified again; cosign finds its evidence', async () => {
    const ref = `${bed.REGISTRY}/${org}/solo`
    // the tag resolves to the single manifest (no index above it)
    const got = spawnSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${ref}:${TAG}`], {
      encoding: 'utf8'
    })
    expect(got.status).toBe(0)
    const manifest = JSON.parse(got.stdout) as { mediaType?: string; manifests?: unknown; layers?: unknown[] }
    expect(manifest.manifests).toBeUndefined()
    expect(manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json')
    expect(await registryDigest(`${ref}:${TAG}`)).toBe(digest)

    const dev = await verify('dev')
    expect([dev.exitCode, plainLog(dev.log)]).toEqual([0, expect.any(String)])
    const image = storyOf(dev).images[0]!
    expect(image).toMatchObject({ name: 'solo', digest, passed: true, reasons: [] })
    expect(image.contains).toHaveLength(1)
    expect(image.scanned).toHaveLength(1)
    expect(image.signedBy?.formats).toEqual(['bundle'])

    const promoted = await runAction({
      workspace: ws,
      inputs: {
        mode: 'promote',
        'source-environment': 'dev',
        environment: 'prod',
        version: TAG,
        org,
        'cosign-key': pub()
      },
      env: { DOCKER_CONFIG: noDockerConfig }
    })
    expect([promoted.exitCode, plainLog(promoted.log)]).toEqual([0, expect.any(String)])
    expect(await registryDigest(`${PROD}/${org}/solo:${TAG}`)).toBe(digest)

    const prod = await verify('prod')
    expect([prod.exitCode, plainLog(prod.log)]).toEqual([0, expect.any(String)])
    expect(storyOf(prod).images[0]).toMatchObject({ digest, passed: true })

    // cosign 2.5 (its own client, through the referrers tag) verifies the promoted digest's SBOM
    // attestation with the public key
    const sbom = cosignBundleStatements(
      `${PROD}/${org}/solo@${digest}`,
      'https://spdx.dev/Document',
      path.join(tmp, 'cosign.pub'),
      { ...process.env, DOCKER_CONFIG: noDockerConfig }
    )
    expect([sbom.status, sbom.stderr]).toEqual([0, expect.any(String)])
    expect(sbom.statements.map(st => st.subject[0]?.digest.sha256)).toEqual([digest.slice(7)])
  }, 600_000)

  test('built again from the same commit (the same digest, attested twice): verified, every part named linux/amd64', async () => {
    expect(await build()).toBe(digest)
    const dev = await verify('dev')
    expect([dev.exitCode, plainLog(dev.log)]).toEqual([0, expect.any(String)])
    const image = storyOf(dev).images[0]!
    expect(image).toMatchObject({ digest, passed: true, reasons: [] })
    expect(image.platforms).toEqual(['linux/amd64'])
    expect(image.contains?.map(c => c.platform)).toEqual(['linux/amd64'])
    expect(image.scanned?.map(s => s.platform)).toContain('linux/amd64')
  }, 600_000)
})
