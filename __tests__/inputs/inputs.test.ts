import { afterEach, describe, expect, jest, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parse } from 'yaml'
import {
  dockerList,
  getInputs,
  INPUT_NAMES,
  outputDirectory,
  parseDuration,
  type Inputs,
  type Mode
} from '../../src/inputs.js'

const set = (name: string, value: string) => (process.env[`INPUT_${name.toUpperCase()}`] = value)

/** The inputs of one mode (the type of that mode, checked at run time). */
function inputsOf<M extends Mode>(mode: M): Extract<Inputs, { mode: M }> {
  const inputs = getInputs()
  expect(inputs.mode).toBe(mode)
  return inputs as Extract<Inputs, { mode: M }>
}

describe('getInputs', () => {
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k]
  })

  test('defaults as action.yml declares them, reuse-results on', () => {
    const inputs = inputsOf('build')
    expect(inputs.catalog).toBe('.github/images.yml')
    expect(inputs['reuse-results']).toBe(true)
    expect(inputs.sign).toBe(false)
  })

  test('reuse-results: false turns the results cache off', () => {
    set('reuse-results', 'false')
    expect(inputsOf('build')['reuse-results']).toBe(false)
  })

  test('db-cache: on unless false, in build and verify; mode plan does not read it', () => {
    expect(inputsOf('build')['db-cache']).toBe(true)
    set('db-cache', 'false')
    expect(inputsOf('build')['db-cache']).toBe(false)
    set('mode', 'verify')
    expect(inputsOf('verify')['db-cache']).toBe(false)
    set('mode', 'plan')
    expect(captureWarnings(() => inputsOf('plan'))).toEqual(['input db-cache: not read by mode plan'])
    set('mode', 'build')
    set('db-cache', 'sometimes')
    expect(() => getInputs()).toThrow('input db-cache: "sometimes" is not true or false')
  })

  test('db-max-age: days, with or without a d; anything else names the input', () => {
    expect(inputsOf('build')['db-max-age']).toBeUndefined()
    set('db-max-age', '7d')
    expect(inputsOf('build')['db-max-age']).toBe(7)
    set('db-max-age', 'a week')
    expect(() => getInputs()).toThrow('input db-max-age: "a week" is not a whole number of days')
  })

  test.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['600', 600_000],
    [' 5S ', 5_000],
    ['0', 0],
    ['ten minutes', undefined],
    ['10x', undefined],
    ['-5', undefined],
    ['1.5m', undefined]
  ])('parseDuration(%j) = %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  test('scan-timeout: 10m unless set, 0 for none; build-timeout: none unless set', () => {
    expect(inputsOf('build')['scan-timeout']).toEqual({ ms: 600_000, input: 'scan-timeout' })
    expect(inputsOf('build')['build-timeout']).toBeUndefined()
    set('scan-timeout', '90s')
    set('build-timeout', '1h')
    expect(inputsOf('build')['scan-timeout']).toEqual({ ms: 90_000, input: 'scan-timeout' })
    expect(inputsOf('build')['build-timeout']).toEqual({ ms: 3_600_000, input: 'build-timeout' })
    set('scan-timeout', '0')
    expect(inputsOf('build')['scan-timeout']).toBeUndefined()
  })

  test('a timeout that is not a duration names the input', () => {
    set('build-timeout', 'soon')
    expect(() => getInputs()).toThrow(
      'input build-timeout: "soon" is not a duration (90s, 10m, 1h, or seconds; 0 for none)'
    )
  })

  test.each([
    ['', '', { sign: false, attest: undefined }],
    ['true', '', { sign: true, attest: undefined }],
    ['true', 'false', { sign: true, attest: false }],
    ['false', 'TRUE', { sign: false, attest: true }]
  ])('sign %j, attest %j', (sign, attest, want) => {
    set('sign', sign)
    set('attest', attest)
    const inputs = inputsOf('build')
    expect({ sign: inputs.sign, attest: inputs.attest }).toEqual(want)
  })

  test('attest: anything else names the input', () => {
    set('attest', 'yes')
    expect(() => getInputs()).toThrow('input attest: "yes" is not true, false or empty')
  })

  test('mode promote and its inputs, trimmed; a bad source environment names the input', () => {
    set('mode', 'promote')
    set('source-environment', ' stage ')
    set('version', ' 1.3.0 ')
    set('certificate-identity', 'https://github.com/acme/app/.github/workflows/images.yml@refs/tags/v1.3.0')
    set('certificate-oidc-issuer', 'https://token.actions.githubusercontent.com')
    const inputs = inputsOf('promote')
    expect(inputs.mode).toBe('promote')
    expect(inputs['source-environment']).toBe('stage')
    expect(inputs.version).toBe('1.3.0')
    expect(inputs['certificate-oidc-issuer']).toBe('https://token.actions.githubusercontent.com')
    set('source-environment', 'Stage!')
    expect(() => getInputs()).toThrow('input source-environment: "Stage!" is not an environment name')
  })

  const A = 'a'.repeat(64)
  const B = 'B'.repeat(64)
  test('tool-checksums: TOOL=SHA256 a line (or comma-separated), sha256: prefix allowed; tool-mirror: a URL', () => {
    expect(inputsOf('build')['tool-checksums']).toEqual({})
    expect(inputsOf('build')['tool-mirror']).toBe('')
    set('tool-checksums', `trivy=sha256:${A}\n\n# syft from our own mirror\n syft = ${B} , cosign=${A}\n`)
    set('tool-mirror', 'https://artifacts.example.com/github/')
    for (const mode of ['build', 'merge', 'promote', 'verify'] as const) {
      set('mode', mode)
      const inputs = inputsOf(mode)
      expect(inputs['tool-checksums']).toEqual({ trivy: A, syft: B.toLowerCase(), cosign: A })
      expect(inputs['tool-mirror']).toBe('https://artifacts.example.com/github')
    }
  })

  test.each<[string, string]>([
    [
      `trivy=${A.slice(2)}`,
      `input tool-checksums line 1: the checksum for trivy: "${A.slice(2)}" is not a SHA-256: it has 62 hex digits, a SHA-256 has 64`
    ],
    [`# pinned by hand\ntrivy=sha256:${A}0`, 'input tool-checksums line 2: the checksum for trivy: '],
    [
      `syft=${A.slice(8)}  syft_1.60.0_linux_amd64.tar.gz`,
      'input tool-checksums line 1: the checksum for syft: "'
    ],
    [
      `grype=${A}`,
      'input tool-checksums line 1: "grype" is not a tool imagegate installs (trivy, syft, cosign)'
    ],
    [
      `${A}  trivy_0.99.0_Linux-64bit.tar.gz`,
      'input tool-checksums line 1: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" is not TOOL=SHA256 (e.g. trivy=sha256:<64 hex digits>)'
    ],
    [
      `trivy=${A}\ntrivy=${A}`,
      "input tool-checksums line 2: a second checksum for trivy (one a tool: this runner's release file of it)"
    ],
    [
      'trivy=',
      'input tool-checksums line 1: the checksum for trivy: "" is not a SHA-256: it has 0 hex digits'
    ]
  ])('tool-checksums %p -> %p', (value, message) => {
    set('tool-checksums', value)
    expect(() => getInputs()).toThrow(message)
  })

  test('tool-mirror must be an https URL (http on loopback only)', () => {
    set('tool-mirror', 'http://mirror.example.com')
    expect(() => getInputs()).toThrow('input tool-mirror: "http://mirror.example.com" is not an https URL')
    set('tool-mirror', 'http://127.0.0.1:8080/')
    expect(inputsOf('build')['tool-mirror']).toBe('http://127.0.0.1:8080')
  })
})

describe('one input type per mode', () => {
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k]
  })

  test('an input the mode does not read, set to something else than its default, is a warning naming it', () => {
    set('mode', 'promote')
    set('push', 'true')
    set('sbom-format', 'cyclonedx')
    set('severity', 'CRITICAL') // promote reads it
    set('semver-aliases', 'true') // the default: nothing to say
    const warnings = captureWarnings(() => inputsOf('promote'))
    expect(warnings).toEqual([
      'input push: not read by mode promote',
      'input sbom-format: not read by mode promote'
    ])
  })

  test("each mode's type holds only what it reads", () => {
    set('mode', 'verify')
    set('rescan', 'true')
    set('push', 'true')
    expect(captureWarnings(() => inputsOf('verify'))).toEqual(['input push: not read by mode verify'])
    let verify: Inputs | undefined
    captureWarnings(() => (verify = getInputs()))
    expect(verify).toMatchObject({ mode: 'verify', rescan: true })
    expect(verify && 'push' in verify).toBe(false)
    set('mode', 'build')
    expect(captureWarnings(() => inputsOf('build'))).toEqual(['input rescan: not read by mode build'])
  })

  test.each(['plan', 'build', 'promote', 'merge', 'verify'])(
    "mode %s: every input at action.yml's default (as the runner sets them) is no warning",
    mode => {
      const root = path.resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..')
      const action = parse(fs.readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
        inputs: Record<string, { default?: string }>
      }
      for (const [name, input] of Object.entries(action.inputs)) set(name, String(input.default ?? ''))
      set('mode', mode)
      expect(captureWarnings(() => getInputs())).toEqual([])
    }
  )

  test('a mode that is not one names the input and every mode', () => {
    set('mode', 'deploy')
    expect(() => getInputs()).toThrow(
      'input mode: "deploy" is not one of plan, build, promote, merge, verify'
    )
  })

  test("an unread input's value is not judged (only named)", () => {
    set('mode', 'plan')
    set('max-parallel', 'many')
    expect(captureWarnings(() => inputsOf('plan'))).toEqual(['input max-parallel: not read by mode plan'])
  })
})

describe('lists read with the rules of docker/build-push-action (CSV)', () => {
  test.each<[string, string, boolean, string[]]>([
    ['comma and newline separated', 'a,b\nc', false, ['a', 'b', 'c']],
    ['blank entries and spaces dropped', ' a ,, \n\n b ', false, ['a', 'b']],
    ['a quoted entry loses its quotes', '"BASE_IMAGE=alpine:3.20"', true, ['BASE_IMAGE=alpine:3.20']],
    ['a quote inside an entry stays', 'KEY="x"', true, ['KEY="x"']],
    [
      'ignoreComma keeps commas',
      'type=gha,mode=max\ntype=local,dest=/c',
      true,
      ['type=gha,mode=max', 'type=local,dest=/c']
    ],
    ['a quoted entry keeps its comma', '"A=1,2",B=3', false, ['A=1,2', 'B=3']],
    [
      'a quoted entry keeps its newlines (a PEM)',
      'id=x\n"KEY=-----BEGIN KEY-----\nabc\n-----END KEY-----"',
      true,
      ['id=x', 'KEY=-----BEGIN KEY-----\nabc\n-----END KEY-----']
    ],
    ['empty', '', false, []]
  ])('%s', (_name, value, ignoreComma, expected) => {
    expect(dockerList(value, { ignoreComma })).toEqual(expected)
  })
})

describe('list inputs', () => {
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k]
  })

  test('build-args quoted as docker users write them', () => {
    set('build-args', '"BASE_IMAGE=alpine:3.20"\nLIST=a,b\nQUOTED="x"')
    expect(inputsOf('build')['build-args']).toEqual({ BASE_IMAGE: 'alpine:3.20', LIST: 'a,b', QUOTED: '"x"' })
  })

  test("a build-arg name that is not one is the input's error", () => {
    set('build-args', '"BASE-IMAGE=alpine"')
    expect(() => getInputs()).toThrow('input build-args: "BASE-IMAGE" is not a build argument name')
  })

  test.each([
    ['labels', 'team', 'input labels: "team" is not KEY=value'],
    // a secret without its id may be the secret itself: named by position, never shown
    ['secrets', 'id=one\nghp_s3cr3tTOKEN', 'input secrets: entry 2 is not KEY=value'],
    ['smoke-env', 'p4ssw0rd', 'input smoke-env: entry 1 is not KEY=value']
  ])("%s: an entry without = is the input's error", (name, value, message) => {
    set(name, value)
    let error = ''
    captureMasks(() => {
      try {
        getInputs()
      } catch (err) {
        error = (err as Error).message
      }
    })
    expect(error).toBe(message)
  })

  test('scanner and build options: empty by default, trivy-action and build-push-action syntax', () => {
    const plain = inputsOf('build')
    expect(plain['skip-dirs']).toEqual([])
    expect(plain['pkg-types']).toBeUndefined()
    expect(plain.scanners).toEqual(['vuln', 'secret'])
    expect(plain['no-cache']).toBe(false)
    expect(plain.pull).toBe(false)
    expect(plain.annotations).toEqual({})
    set('skip-dirs', '/usr/share/doc,**/testdata')
    set('skip-files', '/app/package.json')
    set('vuln-type', 'os')
    set('scanners', 'vuln')
    set('trivy-config', ' trivy.yaml ')
    set('no-cache', 'true')
    set('annotations', 'index:org.opencontainers.image.description=a, b\nmanifest:com.example.x=1')
    set('ssh', 'default')
    set('build-contexts', 'shared=libs/shared\nbase=docker-image://alpine:3.20')
    const inputs = inputsOf('build')
    expect(inputs['skip-dirs']).toEqual(['/usr/share/doc', '**/testdata'])
    expect(inputs['skip-files']).toEqual(['/app/package.json'])
    expect(inputs['vuln-type']).toEqual(['os'])
    expect(inputs.scanners).toEqual(['vuln'])
    expect(inputs['trivy-config']).toBe('trivy.yaml')
    expect(inputs['no-cache']).toBe(true)
    expect(inputs.annotations).toEqual({
      'index:org.opencontainers.image.description': 'a, b',
      'manifest:com.example.x': '1'
    })
    expect(inputs.ssh).toEqual(['default'])
    expect(inputs['build-contexts']).toEqual({ shared: 'libs/shared', base: 'docker-image://alpine:3.20' })
  })

  test.each([
    ['skip-dirs', '/opt,../etc', 'input skip-dirs: "../etc" escapes the image root (the scanned context)'],
    [
      'skip-files',
      '/app/../../x',
      'input skip-files: "/app/../../x" escapes the image root (the scanned context)'
    ],
    ['pkg-types', 'os,npm', 'input pkg-types: "npm" is not a package type Trivy knows (os, library)'],
    ['vuln-type', 'lib', 'input vuln-type: "lib" is not a package type Trivy knows (os, library)'],
    [
      'scanners',
      'vuln,vulns',
      'input scanners: "vulns" is not a scanner Trivy knows (vuln, secret, misconfig, license)'
    ],
    [
      'scanners',
      'vuln,misconfig',
      'input scanners: "misconfig" is a Trivy scanner imagegate does not run on images'
    ],
    [
      'scanners',
      'secret',
      'input scanners: must hold vuln (the gate and the vulnerability record read its findings)'
    ],
    ['no-cache', 'yes', 'input no-cache: "yes" is not true or false'],
    ['pull', 'always', 'input pull: "always" is not true or false'],
    ['annotations', 'description', 'input annotations: "description" is not name=value'],
    ['annotations', 'layer:x=1', 'input annotations: "layer:x" has the type "layer", not one of manifest'],
    ['ssh', 'github=', 'input ssh: "github=" names an empty socket or key path'],
    ['build-contexts', 'libs/shared', 'input build-contexts: "libs/shared" is not name=value'],
    ['build-contexts', '-x=libs', 'input build-contexts: "-x" is not a build context name']
  ])("%s %j: the input's error", (name, value, message) => {
    set(name, value)
    expect(() => getInputs()).toThrow(message)
  })

  test('cache-to keeps its commas: one entry a line', () => {
    set('cache-to', 'type=gha,mode=max')
    expect(inputsOf('build')['cache-to']).toEqual(['type=gha,mode=max'])
  })

  test('tags and platforms are split at commas and newlines', () => {
    set('tags', 'stable, nightly\nedge')
    set('platforms', 'linux/amd64,linux/arm64')
    const inputs = inputsOf('build')
    expect(inputs.tags).toEqual(['stable', 'nightly', 'edge'])
    expect(inputs.platforms).toEqual(['linux/amd64', 'linux/arm64'])
  })

  test.each([
    [
      'provenance',
      'maybe',
      'input provenance: "maybe" is neither true/false nor key=value attributes (e.g. mode=max)'
    ],
    ['provenance', 'mode=maximum', 'input provenance: mode=maximum is not min or max'],
    ['cache-from', 'mode=max', 'input cache-from: "mode=max" has no type='],
    [
      'cache-to',
      'type=bogus,mode=max',
      'input cache-to: "type=bogus,mode=max" has type=bogus, not a cache backend'
    ]
  ])('input %s: %s is refused before any build', (name, value, message) => {
    set(name, value)
    expect(() => inputsOf('build')).toThrow(message)
  })

  test('buildx provenance and cache values that build', () => {
    for (const value of [
      'true',
      'false',
      'mode=max',
      'mode=min,builder-id=https://example.test/ci',
      'version=v1'
    ])
      expect(() => {
        set('provenance', value)
        inputsOf('build')
      }).not.toThrow()
    set('cache-from', 'type=gha\nregistry.example.com/app/cache:main\ntype=registry,ref=r.example.com/c')
    set('cache-to', 'type=gha,mode=max')
    expect(inputsOf('build')['cache-from']).toHaveLength(3)
  })

  test('a platform listed twice in the input is refused, naming it', () => {
    set('platforms', 'linux/amd64,linux/arm64,linux/amd64')
    expect(() => inputsOf('build')).toThrow('input platforms: "linux/amd64" is listed twice')
  })

  test('a multi-line secret (a PEM) is passed whole and masked line by line', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----'
    set('secrets', `"tls_key=${pem}"\nnpm_token=abc123`)
    const masked = captureMasks(() =>
      expect(inputsOf('build').secrets).toEqual({ tls_key: pem, npm_token: 'abc123' })
    )
    expect(masked).toEqual(
      expect.arrayContaining([
        pem.replace(/\n/g, '%0A'),
        '-----BEGIN PRIVATE KEY-----',
        'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
        '-----END PRIVATE KEY-----',
        'abc123'
      ])
    )
  })

  test("an unclosed quote is the input's error, and prints no secret", () => {
    set('secrets', '"token=s3cr3t-value')
    let message = ''
    captureMasks(() => {
      try {
        getInputs()
      } catch (err) {
        message = (err as Error).message
      }
    })
    expect(message).toBe('input secrets: a double quote is opened and never closed (line 1)')
  })

  test('a password with newlines is masked whole and line by line', () => {
    set('username', 'ci')
    set('password', 'first-line\nsecond-line')
    const masked = captureMasks(() => getInputs())
    expect(masked).toEqual(['first-line%0Asecond-line', 'first-line', 'second-line'])
  })
})

describe('credentials', () => {
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k]
  })

  test.each(['build', 'merge', 'promote'])(
    'mode %s: half a credential is refused, naming the empty one, showing neither',
    mode => {
      set('mode', mode)
      set('username', 'ci-bot')
      expect(() => getInputs()).toThrow(
        'input password: empty while username is set (give both for a registry that needs a login, or neither; is the secret available to this run?)'
      )
      set('password', '   ') // a blank secret is no password
      expect(() => getInputs()).toThrow('input password: empty while username is set')
      set('username', '')
      set('password', 's3cret-value')
      let message = ''
      try {
        getInputs()
      } catch (err) {
        message = (err as Error).message
      }
      expect(message).toBe(
        'input username: empty while password is set (give both for a registry that needs a login, or neither)'
      )
      expect(message).not.toContain('s3cret-value')
    }
  )

  test('both or neither are taken; mode plan logs in nowhere and is not refused', () => {
    expect(inputsOf('build').username).toBe('')
    set('username', 'ci-bot')
    set('password', 'pw')
    expect(getInputs()).toMatchObject({ username: 'ci-bot', password: 'pw' })
    set('mode', 'plan')
    set('password', '')
    expect(getInputs().mode).toBe('plan')
  })
})

describe('where images go', () => {
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k]
  })

  test.each([
    ['https://registry.example.com', 'input registry: "https://registry.example.com" is not a registry'],
    ['registry', 'input registry: "registry" is not a registry'],
    ['ghcr.io/Acme', 'input registry: "ghcr.io/Acme" is not a registry']
  ])('registry %s is refused', (value, message) => {
    set('registry', value)
    expect(() => getInputs()).toThrow(message)
  })

  test('a registry with a port and a path is read', () => {
    set('registry', '127.0.0.1:5000/acme')
    expect(inputsOf('build').registry).toBe('127.0.0.1:5000/acme')
  })

  test('org must be a repository path', () => {
    set('org', 'My Org')
    expect(() => getInputs()).toThrow('input org: "My Org" is not a repository path')
  })

  test('output-dir may not lead out of the workspace', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-out-'))
    try {
      fs.symlinkSync(os.tmpdir(), path.join(ws, 'tmp-link'))
      expect(outputDirectory('.', ws)).toBe(ws)
      expect(outputDirectory('out/evidence', ws)).toBe(path.join(ws, 'out', 'evidence'))
      expect(() => outputDirectory('../../outside', ws)).toThrow(
        'input output-dir: "../../outside" is outside the workspace'
      )
      expect(() => outputDirectory('/tmp/evidence', ws)).toThrow('is outside the workspace')
      expect(() => outputDirectory('tmp-link/x', ws)).toThrow(
        'input output-dir: "tmp-link/x" leads outside the workspace through a symbolic link'
      )
    } finally {
      fs.rmSync(ws, { recursive: true, force: true })
    }
  })
})

/** The warnings (`::warning::`) written while fn runs. */
function captureWarnings(fn: () => unknown): string[] {
  const warnings: string[] = []
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    const m = /^::warning::(.*)$/m.exec(String(chunk))
    if (m) warnings.push(m[1] as string)
    return true
  })
  try {
    fn()
  } finally {
    write.mockRestore()
  }
  return warnings
}

/** The values masked (`::add-mask::`) while fn runs. */
function captureMasks(fn: () => void): string[] {
  const masks: string[] = []
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    const m = /^::add-mask::(.*)$/m.exec(String(chunk))
    if (m) masks.push(m[1] as string)
    return true
  })
  try {
    fn()
  } finally {
    write.mockRestore()
  }
  return masks
}

test('action.yml is valid YAML and declares every input the schema reads, and no other', () => {
  const root = path.resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..')
  const action = parse(fs.readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { description: string; default?: string }>
  }
  expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort())
  for (const [name, input] of Object.entries(action.inputs)) {
    expect([name, typeof input.description]).toEqual([name, 'string'])
  }
})
