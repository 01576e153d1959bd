// Trivy scans only the first manifest of a multi-platform OCI layout (it ignores --platform there), so
// each platform gets a layout of its own: an index.json naming that platform's manifest, and the
// blobs of the built layout (symlinked, never copied).
import * as fs from 'node:fs'
import * as path from 'node:path'
import { writeSingleIndex, type PlatformManifest } from './layout.js'

export function platformLayout(layoutDir: string, pm: PlatformManifest, dest: string): string {
  fs.rmSync(dest, { recursive: true, force: true })
  writeSingleIndex(dest, {
    mediaType: pm.mediaType,
    digest: pm.digest,
    size: pm.size,
    platform: { os: pm.os, architecture: pm.architecture, ...(pm.variant ? { variant: pm.variant } : {}) }
  })
  fs.symlinkSync(path.resolve(layoutDir, 'blobs'), path.join(dest, 'blobs'))
  return dest
}
