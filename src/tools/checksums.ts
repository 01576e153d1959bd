// The tools imagegate installs: pinned default versions, release file names and URLs, and the SHA-256 of
// every release file it will run, kept in the source. A version name proves nothing (tags can be
// force-pushed); a checksum does. Pure data and pure functions: no I/O here.
//
// Where each digest comes from (the digests of the official release files, as recorded by projects that
// download and verify them; every source named agrees, and none of them was copied from a mirror):
// - trivy 0.74.0: cashapp/hermit-packages trivy.hcl (commit e97df12c, as of f0517fd7532f) and
//   cert-manager/makefile-modules modules/tools/00_mod.mk (commit a319a8bb56c8, "update dependency
//   aquasecurity/trivy to v0.74.0").
// - syft 1.51.0: cashapp/hermit-packages syft.hcl (commit 4c9767a7, as of f0517fd7532f).
// - cosign 2.6.1: cashapp/hermit-packages cosign.hcl (as of f0517fd7532f).
// - cosign 3.0.6: sigstore/cosign-installer action.yml (commit 6f9f17788090, "Bump cosign to 3.0.6": its
//   bootstrap digests) and cashapp/hermit-packages cosign.hcl.
// Never add the releases of the March 2026 Trivy compromise (REFUSED below).
// To add a version: copy the two linux lines from the release's own checksums file (never from a
// mirror of the binary), and say here where they came from.

export type Tool = 'trivy' | 'syft' | 'cosign'
/** The release files' architecture names (Go's), which runners map to from process.arch. */
export type Arch = 'amd64' | 'arm64'
/** SHA-256 (lowercase hex) of each linux release file, by tool, version and architecture. */
export type ChecksumTable = Partial<Record<Tool, Record<string, Partial<Record<Arch, string>>>>>

export const TOOLS: readonly Tool[] = ['trivy', 'syft', 'cosign']

/** The versions installed when no input names one. */
export const DEFAULT_VERSIONS: Readonly<Record<Tool, string>> = {
  trivy: '0.74.0',
  syft: '1.51.0',
  cosign: '2.6.1'
}

export const CHECKSUMS: ChecksumTable = {
  trivy: {
    '0.74.0': {
      amd64: '2ae6fe3ee734b7fdf11335663e18c75ea12dccc76062f09f164a3b0f8be4371a',
      arm64: 'b94ce1976bbf3c15b514b605ee88be7c6d94a29be2302847ff01cb794d47aad5'
    }
  },
  syft: {
    '1.51.0': {
      amd64: '2a2e837a2c8d59ec9af5472ee22d3b04ee463c4e44476ecf993fd1e5ab6ebc7f',
      arm64: '6c0466811541ea03add5213a60a1562f0851e4c0b0ecfdee1a694a9455285900'
    }
  },
  cosign: {
    '2.6.1': {
      amd64: '064954c5d8c7e3b28188eee5b1727b31c411550bc5fefd41aa672d3c761d103a',
      arm64: '56a16480bdd56ec789abaa65924402f6b92c0041f06885995853c05567b76f34'
    },
    '3.0.6': {
      amd64: 'c956e5dfcac53d52bcf058360d579472f0c1d2d9b69f55209e256fe7783f4c74',
      arm64: 'bedac92e8c3729864e13d4a17048007cfafa79d5deca993a43a90ffe018ef2b8'
    }
  }
}

/**
 * Versions refused even with a checksum input: the March 2026 Trivy compromise published malicious
 * v0.69.4 release binaries (CVE-2026-33634), and its v0.69.5 and v0.69.6 tags were attacker-made too.
 */
export const REFUSED: Readonly<Partial<Record<Tool, Readonly<Record<string, string>>>>> = {
  trivy: {
    '0.69.4': 'a malicious release (the March 2026 Trivy compromise, CVE-2026-33634)',
    '0.69.5': 'made by the attacker of the March 2026 Trivy compromise',
    '0.69.6': 'made by the attacker of the March 2026 Trivy compromise'
  }
}

export interface Release {
  /** owner/name on GitHub. */
  repo: string
  /** A gzipped tar holding the binary at its top, or the bare binary itself. */
  kind: 'tar.gz' | 'binary'
  /** The executable's name once installed. */
  binary: string
  /** The argv that makes the tool print its version (cosign has no --version flag). */
  versionArgs: string[]
  /** The checksums file the project publishes beside its release files. */
  checksumsFile: (version: string) => string
}

export const RELEASES: Readonly<Record<Tool, Release>> = {
  trivy: {
    repo: 'aquasecurity/trivy',
    kind: 'tar.gz',
    binary: 'trivy',
    versionArgs: ['--version'],
    checksumsFile: v => `trivy_${v}_checksums.txt`
  },
  syft: {
    repo: 'anchore/syft',
    kind: 'tar.gz',
    binary: 'syft',
    versionArgs: ['--version'],
    checksumsFile: v => `syft_${v}_checksums.txt`
  },
  cosign: {
    repo: 'sigstore/cosign',
    kind: 'binary',
    binary: 'cosign',
    versionArgs: ['version'],
    checksumsFile: () => 'cosign_checksums.txt'
  }
}

export const GITHUB = 'https://github.com'

/** The release file for a version and architecture, exactly as each project names it. */
export function releaseFileName(tool: Tool, version: string, arch: Arch): string {
  switch (tool) {
    case 'trivy':
      return `trivy_${version}_Linux-${arch === 'amd64' ? '64bit' : 'ARM64'}.tar.gz`
    case 'syft':
      return `syft_${version}_linux_${arch}.tar.gz`
    case 'cosign':
      return `cosign-linux-${arch}`
  }
}

/** Where the release file is downloaded from; `baseUrl` replaces https://github.com (tests, mirrors). */
export function releaseUrl(tool: Tool, version: string, arch: Arch, baseUrl: string = GITHUB): string {
  const base = baseUrl.replace(/\/+$/, '')
  return `${base}/${RELEASES[tool].repo}/releases/download/v${version}/${releaseFileName(tool, version, arch)}`
}

/** The table's digest for a release file, or undefined when the table does not know it. */
export function lookupChecksum(
  tool: Tool,
  version: string,
  arch: Arch,
  table: ChecksumTable = CHECKSUMS
): string | undefined {
  return table[tool]?.[version]?.[arch]
}

/** The versions the table knows for a tool and architecture, for error messages. */
export function knownVersions(tool: Tool, arch: Arch, table: ChecksumTable = CHECKSUMS): string[] {
  return Object.entries(table[tool] ?? {})
    .filter(([, byArch]) => byArch[arch] !== undefined)
    .map(([v]) => v)
}
