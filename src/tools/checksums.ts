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
// A version the table does not know is installed only with a SHA-256 from the tool-checksums input, or
// when its release's checksums file verifies against the project's Sigstore bundle (CHECKSUMS_SIGNING).

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
  /**
   * Without a version input, a binary on PATH is used only at the pinned default's major version: the
   * commands imagegate runs are written for that major (cosign 3 changed what `sign` writes by default).
   */
  sameMajorOnPath?: boolean
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
    checksumsFile: () => 'cosign_checksums.txt',
    sameMajorOnPath: true
  }
}

export const GITHUB = 'https://github.com'

/** GitHub Actions' OIDC issuer, and Google's (Cloud Build signs cosign's releases). */
const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com'
const GOOGLE_ISSUER = 'https://accounts.google.com'

/**
 * How a project signs its checksums file, keyless in Sigstore's public-good instance. `bundle`: a
 * Sigstore bundle (`<checksums file>.sigstore.json`) from the first version named, which imagegate
 * verifies; `sig-pem`: only cosign's detached `.sig` + `.pem`, which carry no log entry (a verifier must
 * search the log for one), so imagegate does not take them.
 *
 * Where each fact comes from (read at the commits named; each project's own files):
 * - trivy: goreleaser.yml `signs:` (`cosign sign-blob --bundle=${artifact}.sigstore.json`, `artifacts:
 *   all`) from tag v0.68.1 on (v0.68.0 still wrote `.sig`/`.pem`); docs/getting-started/
 *   signature-verification.md ("Since Trivy v0.68.1 ... Every release asset has a corresponding
 *   `.sigstore.json` bundle", identity `https://github.com/aquasecurity/trivy/.github/workflows/
 *   reusable-release.yaml@refs/tags/<release tag>`, issuer GitHub's); .github/workflows/release.yaml runs
 *   on a `v*` tag push and calls reusable-release.yaml, whose job Fulcio names (aquasecurity/trivy
 *   dc3c56eed58a, 2026-08-21).
 * - cosign: .goreleaser.yml `signs:` id `checksum-keyless` (`sign-blob --bundle ${artifact}.sigstore.json`,
 *   `artifacts: checksum`, name `cosign_checksums.txt`) from tag v3.0.1 on (commit af194232; v2.6.x wrote
 *   `cosign_checksums.txt-keyless.sig`/`-keyless.pem`); release/cloudbuild.yaml signs in Google Cloud
 *   Build as `keyless@${PROJECT_ID}.iam.gserviceaccount.com`, and sigstore/cosign-installer's action.yml
 *   verifies with `--certificate-identity=keyless@projectsigstore.iam.gserviceaccount.com
 *   --certificate-oidc-issuer=https://accounts.google.com` (sigstore/cosign d6d86c224e58, 2026-07-24;
 *   sigstore/cosign-installer 3094a48ba063, 2026-07-01).
 * - syft: .goreleaser.yaml `signs:` (`sign-blob --output-certificate=${artifact}.pem
 *   --output-signature=${artifact}.sig`, `artifacts: checksum`): no bundle; install.sh verifies with
 *   `--certificate-identity https://github.com/anchore/syft/.github/workflows/release.yaml@refs/heads/main`
 *   (a workflow_dispatch on main) and GitHub's issuer (anchore/syft bf82010f3c38, 2026-08-21).
 */
export type ChecksumsSigning =
  | {
      kind: 'bundle'
      /** The first release whose checksums file has a bundle. */
      since: string
      /** The certificate's subject (SAN) a release's bundle must name. */
      identity: (version: string) => string
      issuer: string
    }
  | { kind: 'sig-pem'; identity: string; issuer: string }

export const CHECKSUMS_SIGNING: Readonly<Record<Tool, ChecksumsSigning>> = {
  trivy: {
    kind: 'bundle',
    since: '0.68.1',
    identity: v =>
      `https://github.com/aquasecurity/trivy/.github/workflows/reusable-release.yaml@refs/tags/v${v}`,
    issuer: GITHUB_ACTIONS_ISSUER
  },
  cosign: {
    kind: 'bundle',
    since: '3.0.1',
    identity: () => 'keyless@projectsigstore.iam.gserviceaccount.com',
    issuer: GOOGLE_ISSUER
  },
  syft: {
    kind: 'sig-pem',
    identity: 'https://github.com/anchore/syft/.github/workflows/release.yaml@refs/heads/main',
    issuer: GITHUB_ACTIONS_ISSUER
  }
}

/**
 * Why a SHA-256 as given in an input is not one (its length, a character that is not hex), or undefined.
 * The value is shown only up to 80 characters.
 */
export function checksumProblem(input: string): string | undefined {
  const v = input.trim().replace(/^sha256:/i, '')
  const shown = JSON.stringify(input.trim().length > 80 ? `${input.trim().slice(0, 80)}...` : input.trim())
  if (!/^[0-9a-fA-F]*$/.test(v))
    return `${shown} is not a SHA-256: it holds characters that are not hex digits`
  if (v.length !== 64)
    return `${shown} is not a SHA-256: it has ${v.length} hex digits, a SHA-256 has 64 (sha256sum's first column)`
  return undefined
}

/** The Sigstore bundle published beside a checksums file. */
export function bundleFileName(checksumsFile: string): string {
  return `${checksumsFile}.sigstore.json`
}

/**
 * Who must have signed a release's checksums file, or why that release has no bundle imagegate can
 * verify (its project publishes none, or not yet at that version).
 */
export function checksumsSigner(
  tool: Tool,
  version: string
): { identity: string; issuer: string; bundleFile: string } | { none: string } {
  const signing = CHECKSUMS_SIGNING[tool]
  const file = RELEASES[tool].checksumsFile(version)
  if (signing.kind === 'sig-pem')
    return {
      none: `${tool} signs ${file} with a detached .sig and .pem only, which carry no transparency log entry: imagegate verifies Sigstore bundles`
    }
  if (compareVersions(version, signing.since) < 0)
    return { none: `${tool} publishes a Sigstore bundle of its checksums file from ${signing.since} on` }
  return { identity: signing.identity(version), issuer: signing.issuer, bundleFile: bundleFileName(file) }
}

/** Orders `1.2.3` and `1.2.3-rc.1` versions (a pre-release before its release); numbers as numbers. */
export function compareVersions(a: string, b: string): number {
  const split = (v: string): [number[], string] => {
    const [core = '', pre = ''] = v.split(/-(.*)/s)
    return [core.split('.').map(Number), pre]
  }
  const [ac, ap] = split(a)
  const [bc, bp] = split(b)
  for (let i = 0; i < Math.max(ac.length, bc.length); i++) {
    const d = (ac[i] ?? 0) - (bc[i] ?? 0)
    if (d !== 0) return d
  }
  if (ap === bp) return 0
  if (!ap) return 1
  if (!bp) return -1
  return ap < bp ? -1 : 1
}

/** The major version number, or undefined for a version that is not numbered (`devel`). */
export function majorOf(version: string): number | undefined {
  const m = /^v?(\d+)\.\d+/.exec(version)
  return m?.[1] === undefined ? undefined : Number(m[1])
}

/**
 * The SHA-256 a checksums file (`<hex>  <file>` lines, as goreleaser and sha256sum write them; `*` marks
 * binary mode) gives for one file, or undefined when it names no such file. A line naming the file twice
 * with two digests is an error.
 */
export function checksumInFile(text: string, file: string): string | undefined {
  const found = new Set<string>()
  for (const line of text.split(/\r?\n/)) {
    const m = /^([0-9a-fA-F]{64})\s+\*?(.+?)\s*$/.exec(line)
    if (m?.[1] && m[2] === file) found.add(m[1].toLowerCase())
  }
  if (found.size > 1) throw new Error(`it gives ${found.size} different digests for ${file}`)
  return [...found][0]
}

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

/** Where the release file is downloaded from; `baseUrl` replaces https://github.com (a mirror, tests). */
export function releaseUrl(tool: Tool, version: string, arch: Arch, baseUrl: string = GITHUB): string {
  return releaseFileUrl(tool, version, releaseFileName(tool, version, arch), baseUrl)
}

/** Where any file of a release is (the checksums file, its bundle), laid out as github.com lays it out. */
export function releaseFileUrl(tool: Tool, version: string, file: string, baseUrl: string = GITHUB): string {
  const base = baseUrl.replace(/\/+$/, '')
  return `${base}/${RELEASES[tool].repo}/releases/download/v${version}/${file}`
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

/** What the plan records of how the run's tools are installed, when the inputs say more than the defaults. */
export interface ToolSettings {
  /** Versions asked for by input (trivy-version, syft-version, cosign-version). */
  versions?: Partial<Record<Tool, string>>
  /** tool-checksums, as `sha256:<hex>`. */
  checksums?: Partial<Record<Tool, string>>
  /** tool-mirror: where release files are downloaded from instead of https://github.com. */
  mirror?: string
}

/** The plan's `tools`, or undefined when every tool is at its defaults. */
export function toolSettings(o: {
  versions: Partial<Record<Tool, string>>
  checksums: Partial<Record<Tool, string>>
  mirror: string
}): ToolSettings | undefined {
  const versions = Object.fromEntries(
    Object.entries(o.versions).filter(([, v]) => v)
  ) as ToolSettings['versions']
  const checksums = Object.fromEntries(Object.entries(o.checksums).map(([t, d]) => [t, `sha256:${d}`]))
  const settings: ToolSettings = {
    ...(Object.keys(versions ?? {}).length ? { versions } : {}),
    ...(Object.keys(checksums).length ? { checksums } : {}),
    ...(o.mirror ? { mirror: o.mirror } : {})
  }
  return Object.keys(settings).length ? settings : undefined
}
