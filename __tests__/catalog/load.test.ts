import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { CatalogError } from '../../src/catalog/errors.js'
import { loadCatalog, parseCatalog } from '../../src/catalog/load.js'

let ws: string
const FILE = '.github/images.yml'

beforeAll(() => {
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-catalog-'))
  fs.mkdirSync(path.join(ws, 'services/api'), { recursive: true })
  fs.writeFileSync(path.join(ws, 'services/api/Dockerfile'), 'FROM scratch\n')
  fs.writeFileSync(path.join(ws, 'services/api/Dockerfile.prod'), 'FROM scratch\n')
  fs.mkdirSync(path.join(ws, '.github'))
  fs.symlinkSync(os.tmpdir(), path.join(ws, 'outside'))
})
afterAll(() => fs.rmSync(ws, { recursive: true, force: true }))

/** The error lines a catalog text gets (without the "N problems" header). */
function problems(text: string, file = FILE): string[] {
  try {
    parseCatalog(text, file, ws)
  } catch (err) {
    if (err instanceof CatalogError) return err.message.split('\n').slice(1)
    throw err
  }
  throw new Error('the catalog was accepted')
}

const api = 'images:\n  - name: api\n    context: services/api\n'

test('a valid catalog parses with its defaults', () => {
  const catalog = parseCatalog(
    `version: 1
defaults:
  registry: registry.example.com
  platforms: [linux/amd64, linux/arm64]
${api}    file: services/api/Dockerfile.prod
    expect: { user: app, uid: 10001, ports: [8000], size: { target: 500MB, max: 600MB } }
`,
    FILE,
    ws
  )
  expect(catalog.images[0]?.expect?.size).toEqual({ target: 500_000_000, max: 600_000_000 })
  expect(catalog.defaults?.platforms).toEqual(['linux/amd64', 'linux/arm64'])
})

test('JSON catalogs are read too, with line numbers', () => {
  const text = JSON.stringify(
    { images: [{ name: 'api', context: 'services/api', platforms: ['linux/amd65'] }] },
    null,
    2
  )
  expect(problems(text, 'images.json')).toEqual([
    'images.json:7 images[0].platforms[0]: "linux/amd65" is not a platform (expected os/arch[/variant], e.g. linux/amd64)'
  ])
})

test('a missing file names the file', () => {
  expect(() => loadCatalog('.github/nope.yml', ws)).toThrow(
    '.github/nope.yml: cannot read the image catalog: file not found'
  )
})

test('a catalog path outside the workspace is refused', () => {
  expect(() => loadCatalog('../etc/images.yml', ws)).toThrow('the catalog path is outside the workspace')
})

test('every problem is reported at once, in line order', () => {
  const lines = problems(`images:
  - name: API
    context: services/api
    platforms: [linux/amd65]
  - name: worker
    contxt: services/worker
`)
  expect(lines).toEqual([
    '.github/images.yml:2 images[0].name: "API" is not a valid image name (lowercase a-z, 0-9, separators . _ -)',
    '.github/images.yml:4 images[0].platforms[0]: "linux/amd65" is not a platform (expected os/arch[/variant], e.g. linux/amd64)',
    '.github/images.yml:6 images[1].contxt: unknown field (did you mean "context"?)'
  ])
})

describe('malformed catalogs', () => {
  test.each<[string, string, string[]]>([
    ['empty file', '', ['.github/images.yml: the catalog is empty (expected a mapping with `images`)']],
    ['a list at the top', '- a\n- b\n', ['.github/images.yml:1: expected a mapping, got a list']],
    [
      'not YAML',
      'images: [\n',
      [
        '.github/images.yml:2: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'
      ]
    ],
    [
      'duplicate keys',
      'images: []\nimages: []\n',
      ['.github/images.yml:2: not valid YAML: Map keys must be unique']
    ],
    ['no images', 'version: 1\n', ['.github/images.yml:1 images: is required (a list)']],
    ['empty image list', 'images: []\n', ['.github/images.yml:1 images: must list at least one image']],
    [
      'images is a mapping',
      'images:\n  api: {}\n',
      ['.github/images.yml:1 images: expected a list, got a mapping']
    ],
    [
      'unknown top-level field',
      `imags: []\n${api}`,
      ['.github/images.yml:1 imags: unknown field (did you mean "images"?)']
    ],
    [
      'wrong version',
      `version: 2\n${api}`,
      ['.github/images.yml:1 version: must be 1 (the only catalog version)']
    ],
    [
      'image without name',
      'images:\n  - context: services/api\n',
      ['.github/images.yml:2 images[0].name: is required (a string)']
    ],
    [
      'name is a number',
      'images:\n  - name: 42\n    context: services/api\n',
      ['.github/images.yml:2 images[0].name: expected a string, got number 42']
    ],
    [
      'uppercase name',
      'images:\n  - name: Api\n    context: services/api\n',
      [
        '.github/images.yml:2 images[0].name: "Api" is not a valid image name (lowercase a-z, 0-9, separators . _ -)'
      ]
    ],
    [
      'duplicate names',
      `${api}  - name: api\n    context: services/api\n`,
      ['.github/images.yml:4 images[1].name: "api" is already the name of images[0]']
    ],
    [
      'unknown image field with hint',
      `${api}    dockerfile: Dockerfile\n`,
      ['.github/images.yml:4 images[0].dockerfile: unknown field (did you mean "file"?)']
    ],
    [
      'expectation at the wrong level',
      `${api}    user: app\n`,
      ['.github/images.yml:4 images[0].user: unknown field (did you mean "expect"?)']
    ],
    [
      'typo of platforms',
      `${api}    platform: [linux/amd64]\n`,
      ['.github/images.yml:4 images[0].platform: unknown field (did you mean "platforms"?)']
    ],
    [
      'bad platform',
      `${api}    platforms: [linux/amd65]\n`,
      [
        '.github/images.yml:4 images[0].platforms[0]: "linux/amd65" is not a platform (expected os/arch[/variant], e.g. linux/amd64)'
      ]
    ],
    [
      'platform variant',
      `${api}    platforms: [linux/arm64/v7]\n`,
      [
        '.github/images.yml:4 images[0].platforms[0]: "linux/arm64/v7" is not a platform (expected os/arch[/variant], e.g. linux/amd64)'
      ]
    ],
    [
      'a platform listed twice',
      `${api}    platforms: [linux/amd64, linux/arm64, linux/amd64]\n`,
      ['.github/images.yml:4 images[0].platforms[2]: "linux/amd64" is listed twice (also at [0])']
    ],
    [
      'platforms is a string',
      `${api}    platforms: linux/amd64\n`,
      ['.github/images.yml:4 images[0].platforms: expected a list, got "linux/amd64"']
    ],
    [
      'empty platforms',
      `${api}    platforms: []\n`,
      ['.github/images.yml:4 images[0].platforms: must list at least one platform']
    ],
    [
      'bad tag',
      `${api}    tags: [".hidden"]\n`,
      [
        '.github/images.yml:4 images[0].tags[0]: ".hidden" is not a valid tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})'
      ]
    ],
    [
      'tag too long',
      `${api}    tags: [${'a'.repeat(129)}]\n`,
      [
        `.github/images.yml:4 images[0].tags[0]: "${'a'.repeat(129)}" is not a valid tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})`
      ]
    ],
    [
      'registry with scheme',
      `defaults:\n  registry: https://registry.example.com\n${api}`,
      [
        '.github/images.yml:2 defaults.registry: "https://registry.example.com" is not a registry (a host[:port] with optional /path, no scheme)'
      ]
    ],
    [
      'registry without a host',
      `defaults:\n  registry: myregistry\n${api}`,
      [
        '.github/images.yml:2 defaults.registry: "myregistry" is not a registry (a host[:port] with optional /path, no scheme)'
      ]
    ],
    [
      'bad org',
      `defaults:\n  org: My_Org\n${api}`,
      [
        '.github/images.yml:2 defaults.org: "My_Org" is not a valid repository path (lowercase a-z, 0-9, separators . _ -)'
      ]
    ],
    [
      'unknown defaults field',
      `defaults:\n  registy: r.example.com\n${api}`,
      ['.github/images.yml:2 defaults.registy: unknown field (did you mean "registry"?)']
    ],
    [
      'environment without registry',
      `environments:\n  prod: { production: true }\n${api}`,
      ['.github/images.yml:2 environments.prod.registry: is required (a string)']
    ],
    [
      'environment production not boolean',
      `environments:\n  prod:\n    registry: r.example.com\n    production: yes please\n${api}`,
      ['.github/images.yml:4 environments.prod.production: expected a boolean, got "yes please"']
    ],
    [
      'environment bad name',
      `environments:\n  Prod: { registry: r.example.com }\n${api}`,
      ['.github/images.yml:2 environments.Prod: "Prod" is not a valid environment name']
    ],
    [
      'bad kind',
      `${api}    kind: library\n`,
      ['.github/images.yml:4 images[0].kind: "library" is not one of "app", "infra"']
    ],
    [
      'build arg name',
      `${api}    build-args: { "BAD-NAME": x }\n`,
      ['.github/images.yml:4 images[0].build-args.BAD-NAME: "BAD-NAME" is not a valid build argument name']
    ],
    [
      'build arg is a list',
      `${api}    build-args: [A=1]\n`,
      ['.github/images.yml:4 images[0].build-args: expected a mapping, got a list']
    ],
    [
      'label value not a string',
      `${api}    labels: { team: [a, b] }\n`,
      ['.github/images.yml:4 images[0].labels.team: expected a string, got a list']
    ],
    [
      'port out of range',
      `${api}    expect: { ports: [80000] }\n`,
      ['.github/images.yml:4 images[0].expect.ports[0]: must be a port number (1-65535)']
    ],
    [
      'port as string',
      `${api}    expect: { ports: ["8000"] }\n`,
      ['.github/images.yml:4 images[0].expect.ports[0]: expected a number, got "8000"']
    ],
    [
      'bad size',
      `${api}    expect: { size: { max: lots } }\n`,
      ['.github/images.yml:4 images[0].expect.size.max: "lots" is not a size (e.g. 500MB, 1.5GiB)']
    ],
    [
      'size target above max',
      `${api}    expect: { size: { target: 700MB, max: 600MB } }\n`,
      ['.github/images.yml:4 images[0].expect.size: target must not be larger than max']
    ],
    [
      'negative uid',
      `${api}    expect: { uid: -1 }\n`,
      ['.github/images.yml:4 images[0].expect.uid: must be a uid (a whole number from 0 to 4294967295)']
    ],
    [
      'a uid past 2^32 - 1',
      `${api}    expect: { uid: 4294967296 }\n`,
      ['.github/images.yml:4 images[0].expect.uid: must be a uid (a whole number from 0 to 4294967295)']
    ],
    [
      'a size below one byte',
      `${api}    expect: { size: { max: 0.4 } }\n`,
      ['.github/images.yml:4 images[0].expect.size.max: 0.4 is not a size (e.g. 500MB, 1.5GiB)']
    ],
    [
      'healthcheck word',
      `${api}    expect: { healthcheck: sometimes }\n`,
      ['.github/images.yml:4 images[0].expect.healthcheck: "sometimes" is not allowed here']
    ],
    [
      'unknown expect field',
      `${api}    expect: { usr: app }\n`,
      ['.github/images.yml:4 images[0].expect.usr: unknown field (did you mean "user"?)']
    ],
    [
      'smoke path without slash',
      `${api}    smoke: { health: { path: healthz, port: 8000 } }\n`,
      ['.github/images.yml:4 images[0].smoke.health.path: "healthz" must start with /']
    ],
    [
      'unknown rule',
      `${api}    rules: { root: enforce }\n`,
      [
        '.github/images.yml:4 images[0].rules.root: unknown field (allowed: non-root, healthcheck, oci-labels, ports, size, secrets, base-pinned, dockerfile-config)'
      ]
    ],
    [
      'bad rule mode',
      `${api}    rules: { non-root: strict }\n`,
      ['.github/images.yml:4 images[0].rules.non-root: "strict" is not one of "off", "warn", "enforce"']
    ],
    [
      'cache entry split by a YAML flow list',
      `${api}    cache-to: [type=gha,mode=max]\n`,
      [
        '.github/images.yml:4 images[0].cache-to[1]: "mode=max" has no type= (a YAML flow list splits at commas: quote the entry, ["type=gha,mode=max"])'
      ]
    ],
    [
      'a cache type buildx has no backend for',
      `${api}    cache-from: ["type=bogus,ref=x"]\n`,
      [
        '.github/images.yml:4 images[0].cache-from[0]: "type=bogus,ref=x" has type=bogus, not a cache backend (registry, local, inline, gha, s3, azblob)'
      ]
    ],
    [
      'a build context that is not a folder of the workspace, on its own line',
      `${api}    build-contexts:\n      shared: libs/missing\n      base: docker-image://127.0.0.1:5000/base/busybox\n      up: ../../etc\n`,
      [
        '.github/images.yml:5 images[0].build-contexts.shared: "libs/missing" is not a folder in the workspace (a local context; docker-image://, oci-layout://, a URL or target: are not read from disk)',
        '.github/images.yml:7 images[0].build-contexts.up: "../../etc" is outside the workspace'
      ]
    ],
    [
      'a build context name',
      `${api}    build-contexts: { "-x": services }\n`,
      ['.github/images.yml:4 images[0].build-contexts["-x"]: "-x" is not a build context name']
    ],
    [
      'an annotation of an unknown type',
      `${api}    annotations:\n      "layer:com.example.x": "1"\n`,
      [
        '.github/images.yml:5 images[0].annotations["layer:com.example.x"]: "layer:com.example.x" has the type "layer", not one of manifest, index, manifest-descriptor, index-descriptor'
      ]
    ],
    [
      'an ssh entry that is not one',
      `${api}    ssh: ["github="]\n`,
      ['.github/images.yml:4 images[0].ssh[0]: "github=" names an empty socket or key path']
    ],
    [
      'no-cache and pull are booleans',
      `${api}    no-cache: yes please\n    pull: 1\n`,
      [
        '.github/images.yml:4 images[0].no-cache: expected a boolean, got "yes please"',
        '.github/images.yml:5 images[0].pull: expected a boolean, got number 1'
      ]
    ],
    [
      'context escapes',
      'images:\n  - name: api\n    context: ../../etc\n',
      ['.github/images.yml:3 images[0].context: "../../etc" is outside the workspace']
    ],
    [
      'context through a symlink',
      'images:\n  - name: api\n    context: outside\n',
      [
        '.github/images.yml:3 images[0].context: "outside" leads outside the workspace through a symbolic link'
      ]
    ],
    [
      'context missing',
      'images:\n  - name: api\n    context: services/nope\n',
      ['.github/images.yml:3 images[0].context: "services/nope" is not a directory in the workspace']
    ],
    [
      'file missing',
      `${api}    file: services/api/Containerfile\n`,
      ['.github/images.yml:4 images[0].file: Dockerfile "services/api/Containerfile" not found']
    ],
    [
      'file is a directory',
      `${api}    file: services/api\n`,
      ['.github/images.yml:4 images[0].file: "services/api" is a directory, not a Dockerfile']
    ],
    [
      'an empty context: said once, no Dockerfile looked for in the workspace root',
      'images:\n  - name: api\n    context: ""\n',
      ['.github/images.yml:3 images[0].context: "" must not be empty']
    ],
    [
      'default Dockerfile missing',
      'images:\n  - name: api\n',
      ['.github/images.yml:2 images[0].name: Dockerfile "Dockerfile" not found']
    ],
    [
      'file escapes',
      `${api}    file: /etc/passwd\n`,
      ['.github/images.yml:4 images[0].file: "/etc/passwd" is outside the workspace']
    ]
  ])('%s', (_name, text, expected) => {
    expect(problems(text)).toEqual(expected)
  })
})

describe('YAML aliases', () => {
  test('anchors reused by 150 images are a valid catalog', () => {
    const images = Array.from(
      { length: 150 },
      (_, i) => `  - name: api-${i}\n    context: services/api\n    expect: *expect\n    labels: *labels\n`
    ).join('')
    const first = `  - name: api\n    context: services/api\n    expect: &expect { user: app, uid: 10001 }\n    labels: &labels { team: platform }\n`
    const catalog = parseCatalog(`images:\n${first}${images}`, FILE, ws)
    expect(catalog.images).toHaveLength(151)
    expect(catalog.images[150]?.expect).toEqual({ user: 'app', uid: 10001 })
  })

  test('an alias of an anchor not yet set names its line', () => {
    expect(problems(`images:\n  - name: api\n    context: services/api\n    labels: *labels\n`)).toEqual([
      '.github/images.yml:4: not valid YAML: Unresolved alias (the anchor must be set before the alias): labels'
    ])
  })

  test('150 images merging one anchor of defaults', () => {
    const images = Array.from({ length: 150 }, (_, i) => `  - <<: *base\n    name: api-${i}\n`).join('')
    const text = `images:\n  - &base\n    name: api\n    context: services/api\n    labels: { team: platform }\n${images}`
    expect(parseCatalog(text, FILE, ws).images).toHaveLength(151)
  })

  test('one wide anchor copied into thousands of images is refused, on the line where it passes the limit', () => {
    const labels = Array.from({ length: 2000 }, (_, i) => `      l${i}: v${i}`).join('\n')
    const images = Array.from({ length: 4999 }, (_, i) => `  - name: s${i}\n    labels: *big`).join('\n')
    const text = `images:\n  - name: first\n    context: services/api\n    labels: &big\n${labels}\n${images}\n`
    const found = problems(text)
    expect(found).toHaveLength(1)
    const m =
      /^\.github\/images\.yml:(\d+): YAML aliases expand the catalog to more than 1000000 values/.exec(
        found[0] as string
      )
    // the line of the image whose copy passed the limit (a few hundred copies in)
    const line = Number(m?.[1])
    expect(text.split('\n')[line - 1]).toMatch(/^ {2}- name: s\d+$/)
    expect(line).toBeGreaterThan(2005)
  })

  test('an alias bomb is a catalog problem naming the file and the line of the nesting', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i)
      const name = String.fromCharCode(97 + i)
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`)
    }
    // the bomb inside a field the schema does not know: the reader must stop it before the schema
    const bomb = `bomb:\n${levels.map(l => `  ${l}`).join('\n')}\n${api}`
    const started = Date.now()
    expect(problems(bomb)).toEqual([
      `.github/images.yml:4: YAML aliases expand to more than 10000 copies (Excessive alias count indicates a resource exhaustion attack): reuse anchors, but do not nest aliases of anchors that themselves hold aliases`
    ])
    expect(Date.now() - started).toBeLessThan(5000)
  })
})

describe('text no command can carry', () => {
  test.each<[string, string, string[]]>([
    [
      'NUL in a label value',
      `${api}    labels: { team: "plat\\0form" }\n`,
      [
        '.github/images.yml:4 images[0].labels.team: contains a NUL character (\\0), which no build argument, label or command line can carry'
      ]
    ],
    [
      'NUL in a build-arg value',
      `defaults:\n  build-args:\n    BASE: "alpine\\x00"\n${api}`,
      [
        '.github/images.yml:3 defaults.build-args.BASE: contains a NUL character (\\0), which no build argument, label or command line can carry'
      ]
    ],
    [
      'an unpaired surrogate',
      `${api}    build-args: { NAME: "a\\uD800b" }\n`,
      [
        '.github/images.yml:4 images[0].build-args.NAME: is not valid Unicode (an unpaired surrogate such as "\\uD800")'
      ]
    ]
  ])('%s', (_name, text, expected) => {
    expect(problems(text)).toEqual(expected)
  })

  test('a byte that is not UTF-8 is refused with its line, not read as U+FFFD', () => {
    const file = path.join(ws, '.github', 'latin1.yml')
    const text = Buffer.concat([
      Buffer.from(`${api}    labels:\n      team: caf`),
      Buffer.from([0xe9]), // é in Latin-1
      Buffer.from('\n')
    ])
    fs.writeFileSync(file, text)
    expect(() => loadCatalog('.github/latin1.yml', ws)).toThrow(
      '.github/latin1.yml:5: not UTF-8: this line holds a byte sequence that is not UTF-8 text (save the file as UTF-8)'
    )
  })

  test('UTF-8 text, a literal U+FFFD included, is read', () => {
    const file = path.join(ws, '.github', 'utf8.yml')
    fs.writeFileSync(file, `${api}    labels: { team: "café \uFFFD" }\n`)
    expect(loadCatalog('.github/utf8.yml', ws).catalog.images[0]?.labels).toEqual({ team: 'café \uFFFD' })
  })
})

describe('checks after the schema', () => {
  test('a typo does not hide a missing context of the same image', () => {
    expect(
      problems(`images:\n  - name: api\n    context: services/nope\n    platfroms: [linux/amd64]\n`)
    ).toEqual([
      '.github/images.yml:3 images[0].context: "services/nope" is not a directory in the workspace',
      '.github/images.yml:4 images[0].platfroms: unknown field (did you mean "platforms"?)'
    ])
  })

  test('an image after a broken one keeps its own index', () => {
    expect(
      problems(`images:\n  - context: services/api\n  - name: worker\n    context: services/worker\n`)
    ).toEqual([
      '.github/images.yml:2 images[0].name: is required (a string)',
      '.github/images.yml:4 images[1].context: "services/worker" is not a directory in the workspace'
    ])
  })

  test('semver-tag takes version or git-tag', () => {
    expect(parseCatalog(`defaults:\n  semver-tag: git-tag\n${api}`, FILE, ws).defaults?.['semver-tag']).toBe(
      'git-tag'
    )
    expect(problems(`defaults:\n  semver-tag: raw\n${api}`)).toEqual([
      '.github/images.yml:2 defaults.semver-tag: "raw" is not one of "version", "git-tag"'
    ])
    expect(problems(`defaults:\n  semver_tag: git-tag\n${api}`)).toEqual([
      '.github/images.yml:2 defaults.semver_tag: unknown field (did you mean "semver-tag"?)'
    ])
  })
})
