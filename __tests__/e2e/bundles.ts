// What a registry holds of an image's Sigstore bundles, read and checked by the tests with their own
// code, not imagegate's: the referrers tag (distribution 2.8 has no referrers API) read over plain HTTP,
// every bundle verified with @sigstore/verify directly, and cosign 2.5 `--new-bundle-format` as the
// other verifier. Its trusted root is empty: a key signature needs no Sigstore authority.
import { spawnSync } from 'node:child_process'
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { bundleFromJSON } from '@sigstore/bundle'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify'

export const BUNDLE_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json'
export const SIGN_TYPE = 'https://sigstore.dev/cosign/sign/v1'

export interface Statement {
  _type: string
  predicateType: string
  subject: { name: string; digest: { sha256: string } }[]
  predicate: Record<string, unknown>
}

export interface StoredBundle {
  /** The referrer manifest's digest. */
  digest: string
  annotations: Record<string, string>
  bundle: unknown
  statement: Statement
}

const headers = (basic?: string, accept?: string): Record<string, string> => ({
  ...(basic ? { authorization: basic } : {}),
  ...(accept ? { accept } : {})
})

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
}

/** The referrers tag of `digest` in `registry/name`: its descriptors, none when there is no tag. */
export async function referrersList(
  registry: string,
  name: string,
  digest: string,
  basic?: string
): Promise<{ digest: string; artifactType?: string; annotations?: Record<string, string> }[]> {
  const res = await fetch(`http://${registry}/v2/${name}/manifests/${digest.replace(':', '-')}`, {
    headers: headers(basic, 'application/vnd.oci.image.index.v1+json')
  })
  if (res.status === 404) return []
  if (res.status !== 200) throw new Error(`referrers tag of ${digest}: HTTP ${res.status}`)
  return ((await res.json()) as { manifests: [] }).manifests
}

/** Every Sigstore bundle attached to `digest`, with its statement (not verified here). */
export async function storedBundles(
  registry: string,
  name: string,
  digest: string,
  basic?: string
): Promise<StoredBundle[]> {
  const out: StoredBundle[] = []
  for (const d of await referrersList(registry, name, digest, basic)) {
    if (d.artifactType !== BUNDLE_TYPE) continue
    const m = await fetch(`http://${registry}/v2/${name}/manifests/${d.digest}`, {
      headers: headers(basic, 'application/vnd.oci.image.manifest.v1+json')
    })
    const manifest = (await m.json()) as { subject: { digest: string }; layers: { digest: string }[] }
    if (manifest.subject.digest !== digest)
      throw new Error(`${d.digest}: its subject is ${manifest.subject.digest}`)
    const b = await fetch(`http://${registry}/v2/${name}/blobs/${manifest.layers[0]?.digest}`, {
      headers: headers(basic)
    })
    const bundle = (await b.json()) as { dsseEnvelope: { payload: string } }
    out.push({
      digest: d.digest,
      annotations: d.annotations ?? {},
      bundle,
      statement: JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString()) as Statement
    })
  }
  return out
}

/** @sigstore/verify on a stored bundle with a PEM public key: true when it verifies. */
export function verifiesWith(bundle: unknown, publicKeyPem: string): boolean {
  const key = crypto.createPublicKey(publicKeyPem)
  const root = TrustedRoot.fromJSON({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: []
  })
  const verifier = new Verifier(
    toTrustMaterial(root, () => ({ publicKey: key, validFor: () => true })),
    { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }
  )
  try {
    verifier.verify(toSignedEntity(bundleFromJSON(bundle)))
    return true
  } catch {
    return false
  }
}

/** An empty trusted root for cosign (`--trusted-root`): offline, a key signature needs nothing more. */
export function emptyTrustedRoot(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-root-')), 'trusted_root.json')
  fs.writeFileSync(
    file,
    JSON.stringify({
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [],
      certificateAuthorities: [],
      ctlogs: [],
      timestampAuthorities: []
    })
  )
  return file
}

/**
 * `cosign verify-attestation --new-bundle-format --type TYPE` with a public key (cosign 2.5 finds bundle
 * referrers through the referrers tag): the statements it verified, or its error.
 */
export function cosignBundleStatements(
  ref: string,
  type: string,
  pub: string,
  env: NodeJS.ProcessEnv = process.env
): { status: number; statements: Statement[]; stderr: string } {
  const r = spawnSync(
    '/usr/bin/cosign',
    [
      'verify-attestation',
      '--new-bundle-format',
      '--trusted-root',
      emptyTrustedRoot(),
      '--key',
      pub,
      '--insecure-ignore-tlog=true',
      '--type',
      type,
      ref
    ],
    { env, encoding: 'utf8', timeout: 120_000 }
  )
  const statements =
    r.status === 0
      ? r.stdout
          .trim()
          .split('\n')
          .filter(Boolean)
          .map(
            line =>
              JSON.parse(
                Buffer.from((JSON.parse(line) as { payload: string }).payload, 'base64').toString()
              ) as Statement
          )
      : []
  return { status: r.status ?? -1, statements, stderr: r.stderr ?? '' }
}
