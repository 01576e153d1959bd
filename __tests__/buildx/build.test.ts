import { describe, expect, test } from '@jest/globals'
import type { ImagePlan } from '../../src/plan/plan.js'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {
  buildArgs,
  buildEnv,
  cacheUse,
  parseMetadata,
  ProgressSteps,
  secretEnvName,
  type CacheUse
} from '../../src/buildx/build.js'

const image = (o: Partial<ImagePlan> = {}): ImagePlan => ({
  name: 'backend',
  kind: 'app',
  repository: '127.0.0.1:5000/app/backend',
  context: 'services/backend',
  file: 'services/backend/Dockerfile',
  platforms: ['linux/amd64', 'linux/arm64'],
  tags: [{ tag: 'sha-9f2c1ab', source: 'sha' }],
  refs: ['127.0.0.1:5000/app/backend:sha-9f2c1ab'],
  labels: { 'org.opencontainers.image.title': 'backend' },
  buildArgs: {},
  secrets: [],
  cacheFrom: [],
  cacheTo: [],
  expect: {},
  rules: {} as ImagePlan['rules'],
  ...o
})
const opts = {
  workspace: '/ws',
  layoutDir: '/tmp/w/oci',
  metadataFile: '/tmp/w/meta.json',
  provenance: '',
  secrets: {}
}
const tail = [
  '--output',
  'type=oci,dest=/tmp/w/oci,tar=false',
  '--progress',
  'plain',
  '--metadata-file',
  '/tmp/w/meta.json',
  '/ws/services/backend'
]

describe('buildx argv', () => {
  test.each<[string, Partial<ImagePlan>, string, string[]]>([
    ['plain', {}, '', []],
    [
      'target and build args',
      { target: 'runtime', buildArgs: { BASE_IMAGE: 'b@sha256:1', X: 'a b' } },
      '',
      ['--target', 'runtime', '--build-arg', 'BASE_IMAGE=b@sha256:1', '--build-arg', 'X=a b']
    ],
    [
      'cache',
      { cacheFrom: ['type=gha'], cacheTo: ['type=gha,mode=max'] },
      '',
      ['--cache-from', 'type=gha', '--cache-to', 'type=gha,mode=max']
    ],
    ['provenance', {}, 'false', ['--provenance=false']],
    [
      'secrets by id, never values',
      { secrets: ['npm_token'] },
      '',
      ['--secret', 'id=npm_token,env=IMAGEGATE_SECRET_NPM_TOKEN']
    ],
    ['no-cache', { noCache: true }, '', ['--no-cache']],
    ['pull', { pull: true }, '', ['--pull']],
    ['no-cache false, pull false: no flag', { noCache: false, pull: false }, '', []],
    [
      'annotations, with and without a type',
      {
        annotations: {
          'index:org.opencontainers.image.description': 'the api, a, b',
          'manifest[linux/arm64]:com.example.arch': 'arm'
        }
      },
      '',
      [
        '--annotation',
        'index:org.opencontainers.image.description=the api, a, b',
        '--annotation',
        'manifest[linux/arm64]:com.example.arch=arm'
      ]
    ],
    [
      'build contexts: a local folder made absolute, the other kinds as given',
      {
        buildContexts: {
          shared: 'libs/shared',
          base: 'docker-image://127.0.0.1:5000/base/busybox@sha256:1',
          layout: 'oci-layout:///tmp/layout@sha256:2',
          repo: 'https://github.com/acme/x.git#main',
          stage: 'target:builder'
        }
      },
      '',
      [
        '--build-context',
        'shared=/ws/libs/shared',
        '--build-context',
        'base=docker-image://127.0.0.1:5000/base/busybox@sha256:1',
        '--build-context',
        'layout=oci-layout:///tmp/layout@sha256:2',
        '--build-context',
        'repo=https://github.com/acme/x.git#main',
        '--build-context',
        'stage=target:builder'
      ]
    ],
    [
      'ssh: the agent as it is, key paths made absolute',
      { ssh: ['default', 'github=keys/deploy,/home/u/.ssh/id_ed25519'] },
      '',
      ['--ssh', 'default', '--ssh', 'github=/ws/keys/deploy,/home/u/.ssh/id_ed25519']
    ]
  ])('%s', (_n, o, provenance, extra) => {
    const args = buildArgs(image(o), { ...opts, provenance })
    expect(args.slice(0, 6)).toEqual([
      'buildx',
      'build',
      '--platform',
      'linux/amd64,linux/arm64',
      '--file',
      '/ws/services/backend/Dockerfile'
    ])
    expect(args.slice(-tail.length)).toEqual(tail)
    const middle = args.slice(6, -tail.length)
    const base = [
      '--label',
      'org.opencontainers.image.title=backend',
      '--tag',
      '127.0.0.1:5000/app/backend:sha-9f2c1ab'
    ]
    // the fixed part is there, and the case's own flags are there in order
    expect(middle.filter(a => !base.includes(a))).toEqual(extra.filter(a => !base.includes(a)))
    for (const a of base) expect(middle).toContain(a)
  })

  test('a builder is named right after the subcommand; none leaves buildx the current one', () => {
    expect(buildArgs(image({}), { ...opts, builder: 'ci-builder' }).slice(0, 5)).toEqual([
      'buildx',
      'build',
      '--builder',
      'ci-builder',
      '--platform'
    ])
    expect(buildArgs(image({}), { ...opts, builder: '' })).not.toContain('--builder')
    expect(buildArgs(image({}), opts)).not.toContain('--builder')
  })

  test('rewrite-timestamp: layer file times clamped to SOURCE_DATE_EPOCH only when asked (it recompresses every layer)', () => {
    const args = buildArgs(image({}), { ...opts, rewriteTimestamp: true })
    expect(args[args.indexOf('--output') + 1]).toBe(
      'type=oci,dest=/tmp/w/oci,tar=false,rewrite-timestamp=true'
    )
    const plain = buildArgs(image({}), opts)
    expect(plain[plain.indexOf('--output') + 1]).toBe('type=oci,dest=/tmp/w/oci,tar=false')
  })

  test('a secret value travels in the environment only', () => {
    const img = image({ secrets: ['npm_token'] })
    const env = buildEnv(img, { npm_token: 's3cr3t-value' })
    expect(env[secretEnvName('npm_token')]).toBe('s3cr3t-value')
    expect(buildArgs(img, opts).join(' ')).not.toContain('s3cr3t-value')
  })

  test('a secret the inputs do not have is an error naming it', () => {
    expect(() => buildEnv(image({ secrets: ['npm_token'] }), {})).toThrow(
      'backend: build secret "npm_token" is not in the secrets input'
    )
  })
})

describe('buildx metadata file', () => {
  const digest = 'sha256:' + 'ab'.repeat(32)
  test('the index digest comes from containerimage.digest', () => {
    const text = JSON.stringify({
      'buildx.build.ref': 'default/default/x',
      'containerimage.descriptor': {
        mediaType: 'application/vnd.oci.image.index.v1+json',
        digest,
        size: 856
      },
      'containerimage.digest': digest
    })
    expect(parseMetadata(text, 'm.json')['containerimage.digest']).toBe(digest)
  })
  test.each([
    ['{', 'buildx metadata file m.json is not JSON'],
    ['{"buildx.build.ref":"x"}', 'buildx metadata file m.json has no image digest (containerimage.digest)'],
    [
      '{"containerimage.digest":"sha256:short"}',
      'buildx metadata file m.json has no image digest (containerimage.digest)'
    ]
  ])('%s', (text, message) => {
    expect(() => parseMetadata(text, 'm.json')).toThrow(message)
  })
})

describe('cacheUse (BuildKit plain progress, real logs of a two-platform, two-stage build)', () => {
  const log = (name: string) =>
    fs.readFileSync(path.join(process.cwd(), '__tests__', 'fixtures', 'buildx', name), 'utf8')
  test.each<[string, string, CacheUse]>([
    [
      'first build: nothing cached (FROM and internal vertices are not steps)',
      'first-build.progress.txt',
      { steps: 6, cached: 0 }
    ],
    [
      'rebuild after one file changed: 4 of 6 steps cached',
      'cached-rebuild.progress.txt',
      { steps: 6, cached: 4 }
    ],
    ['no progress at all', '', { steps: 0, cached: 0 }]
  ])('%s', (_n, file, expected) => {
    expect(cacheUse(file ? log(file) : '')).toEqual(expected)
  })

  test('a CACHED line of an internal vertex is not a cached step', () => {
    expect(cacheUse('#3 [internal] load build context\n#3 CACHED\n#4 [2/2] RUN x\n#4 CACHED\n')).toEqual({
      steps: 1,
      cached: 1
    })
  })
})

describe('ProgressSteps: what a quiet build waits for', () => {
  test('the vertex started last and not ended, from the first line naming it', () => {
    const steps = new ProgressSteps()
    expect(steps.current()).toBeUndefined()
    const feed = (text: string) => text.split('\n').forEach(l => steps.line(l))
    feed(
      '#0 building with "default" instance using docker driver\n\n#1 [internal] load build definition from Dockerfile'
    )
    feed('#1 transferring dockerfile: 210B done')
    expect(steps.current()).toBe('#1 [internal] load build definition from Dockerfile')
    feed('#8 [linux/amd64 base 2/2] RUN sleep 100\n#9 [linux/arm64 base 2/2] RUN make\n#9 0.512 compiling')
    expect(steps.current()).toBe('#9 [linux/arm64 base 2/2] RUN make')
    feed('#9 DONE 3.1s')
    expect(steps.current()).toBe('#8 [linux/amd64 base 2/2] RUN sleep 100')
    feed('#8 CACHED\n#1 DONE 0.0s\n#0 DONE 0.0s')
    expect(steps.current()).toBeUndefined()
    feed('#12 exporting to oci image format\n#12 exporting layers 0.1s done')
    expect(steps.current()).toBe('#12 exporting to oci image format')
  })

  test('on a real two-platform build: at its end nothing is left running', () => {
    const steps = new ProgressSteps()
    const text = fs.readFileSync(
      path.join(process.cwd(), '__tests__', 'fixtures', 'buildx', 'first-build.progress.txt'),
      'utf8'
    )
    const lines = text.split('\n')
    lines
      .slice(0, lines.findIndex(l => l.startsWith('#8 [linux/amd64 base 2/2]')) + 1)
      .forEach(l => steps.line(l))
    expect(steps.current()).toBe('#8 [linux/amd64 base 2/2] RUN echo hi > /x')
    lines.forEach(l => steps.line(l))
    expect(steps.current()).toBeUndefined()
  })
})
