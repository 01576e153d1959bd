// Sigstore trusted roots: a trusted root file (a private Sigstore, or the test bed's loopback one), or
// Sigstore's public-good root, fetched and kept fresh with TUF (@sigstore/tuf).
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { TrustedRoot } from '@sigstore/protobuf-specs'
import { parseTrustedRoot } from './bundle.js'

/**
 * A trusted root JSON file (`application/vnd.dev.sigstore.trustedroot+json`), relative to `base`; `where`
 * names what gave it in the error (`input trusted-root`, `SIGSTORE_ROOT_FILE`).
 */
export function readTrustedRoot(file: string, where: string, base: string): TrustedRoot {
  const full = path.resolve(base, file)
  let json: unknown
  try {
    json = JSON.parse(fs.readFileSync(full, 'utf8'))
  } catch (err) {
    throw new Error(
      `${where}: ${file} is not a readable trusted root JSON file (${(err as Error).message})`,
      {
        cause: err
      }
    )
  }
  try {
    const root = parseTrustedRoot(json)
    if (root.certificateAuthorities.length === 0) throw new Error('it names no certificate authority')
    return root
  } catch (err) {
    throw new Error(`${where}: ${file} is not a Sigstore trusted root (${(err as Error).message})`, {
      cause: err
    })
  }
}

/**
 * Sigstore's public-good trusted root through TUF, cached under RUNNER_TEMP (else `fallback`); a
 * failure says it was this root, with TUF's reason and the cause under it.
 */
export async function publicGoodRoot(env: NodeJS.ProcessEnv, fallback: string): Promise<TrustedRoot> {
  const { getTrustedRoot } = await import('@sigstore/tuf')
  try {
    return await getTrustedRoot({
      cachePath: path.join(env.RUNNER_TEMP || fallback, 'imagegate-sigstore-tuf')
    })
  } catch (err) {
    const e = err as Error & { cause?: unknown }
    const cause = e.cause instanceof Error && e.cause.message !== e.message ? `: ${e.cause.message}` : ''
    throw new Error(
      `Sigstore's public-good trusted root could not be fetched through TUF (${e.message}${cause})`,
      { cause: err }
    )
  }
}
