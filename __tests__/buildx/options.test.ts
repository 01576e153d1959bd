import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { annotationKeyProblem, contextKind, sshSyntaxProblem } from '../../src/buildx/option-syntax.js'
import {
  buildHostProblems,
  contextFolderProblem,
  mergeBuildOptions,
  sshAgentProblem,
  type BuildOptions
} from '../../src/buildx/options.js'
import { formatProblem } from '../../src/catalog/errors.js'

let ws: string
let agent: net.Server
let sock: string
beforeAll(async () => {
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-build-options-'))
  fs.mkdirSync(path.join(ws, 'libs/shared'), { recursive: true })
  fs.writeFileSync(path.join(ws, 'libs/file.txt'), 'x')
  fs.mkdirSync(path.join(ws, 'keys'))
  fs.writeFileSync(path.join(ws, 'keys/deploy'), 'not a real key')
  fs.symlinkSync(os.tmpdir(), path.join(ws, 'outside'))
  // a real unix socket, as an agent's is
  sock = path.join(ws, 'agent.sock')
  agent = net.createServer()
  await new Promise<void>(resolve => agent.listen(sock, resolve))
})
afterAll(async () => {
  await new Promise<void>(resolve => agent.close(() => resolve()))
  fs.rmSync(ws, { recursive: true, force: true })
})

describe('annotation keys', () => {
  test.each([
    ['org.opencontainers.image.description', undefined],
    ['index:org.opencontainers.image.description', undefined],
    ['manifest-descriptor:com.example.x', undefined],
    ['manifest[linux/arm64]:com.example.x', undefined],
    ['manifest[linux/arm/v7]:com.example.x', undefined],
    [
      'layer:com.example.x',
      'has the type "layer", not one of manifest, index, manifest-descriptor, index-descriptor'
    ],
    ['manifest[arm64]:com.example.x', 'names "arm64", not a platform (os/arch[/variant])'],
    ['has space', /is not an annotation key/],
    ['', /is not an annotation key/]
  ])('%j', (key, problem) => {
    const said = annotationKeyProblem(key)
    if (problem === undefined) expect(said).toBeUndefined()
    else expect(said).toMatch(problem)
  })
})

describe('build contexts', () => {
  test.each([
    ['libs/shared', 'path'],
    ['./libs', 'path'],
    ['docker-image://alpine:3.20', 'image'],
    ['oci-layout:///tmp/l@sha256:1', 'layout'],
    ['https://github.com/acme/x.git', 'url'],
    ['git@github.com:acme/x.git', 'url'],
    ['target:builder', 'target']
  ])('%s is a %s', (value, kind) => {
    expect(contextKind(value)).toBe(kind)
  })

  test.each([
    ['libs/shared', undefined],
    ['libs/missing', '"libs/missing" is not a folder in the workspace'],
    ['libs/file.txt', '"libs/file.txt" is not a folder in the workspace'],
    ['../elsewhere', '"../elsewhere" is outside the workspace'],
    ['outside', '"outside" leads outside the workspace through a symbolic link'],
    ['docker-image://127.0.0.1:5000/missing', undefined],
    ['oci-layout:///no/such/layout', undefined],
    ['https://example.invalid/x.git', undefined],
    ['target:builder', undefined]
  ])('%s', (value, problem) => {
    const said = contextFolderProblem(value, ws)
    if (problem === undefined) expect(said).toBeUndefined()
    else expect(said).toContain(problem)
  })
})

describe('ssh', () => {
  test.each([
    ['default', undefined],
    ['github=keys/deploy', undefined],
    ['github=a,b', undefined],
    ['github=', '"github=" names an empty socket or key path'],
    ['bad id=x', '"bad id=x" is not default or <id>[=<socket>|<key>[,<key>]]']
  ])('syntax of %j', (entry, problem) => {
    expect(sshSyntaxProblem(entry)).toBe(problem)
  })

  test.each<[string, NodeJS.ProcessEnv, string | undefined]>([
    ['default', {}, 'forwards the SSH agent, but SSH_AUTH_SOCK is not set'],
    [
      'default',
      { SSH_AUTH_SOCK: '/nonexistent/agent.sock' },
      'SSH_AUTH_SOCK (/nonexistent/agent.sock) does not exist'
    ],
    ['default', { SSH_AUTH_SOCK: '<keys/deploy>' }, 'is not a socket'],
    ['default', { SSH_AUTH_SOCK: '<agent.sock>' }, undefined],
    ['github=keys/deploy', {}, undefined],
    ['github=<agent.sock>', {}, undefined],
    [
      'github=keys/missing',
      {},
      '"github=keys/missing": "keys/missing" does not exist (a key file or an agent socket)'
    ]
  ])('%s with %j', (entry, env, problem) => {
    const place = (v: string) => v.replace(/<([^>]+)>/, (_m, p: string) => path.join(ws, p))
    const said = sshAgentProblem(
      place(entry),
      { ...(env.SSH_AUTH_SOCK ? { SSH_AUTH_SOCK: place(env.SSH_AUTH_SOCK) } : {}) },
      ws
    )
    if (problem === undefined) expect(said).toBeUndefined()
    else expect(said).toContain(problem)
  })
})

describe("an image's build options over the inputs'", () => {
  test.each<[string, BuildOptions, BuildOptions | undefined, BuildOptions]>([
    [
      'nothing set',
      { noCache: false, pull: false, annotations: {}, ssh: [], buildContexts: {} },
      undefined,
      {}
    ],
    ['the inputs alone', { noCache: true, pull: true }, {}, { noCache: true, pull: true }],
    [
      "the image's false beats the input's true",
      { noCache: true, pull: true },
      { noCache: false, pull: false },
      {}
    ],
    ["the image's true without the input", {}, { noCache: true }, { noCache: true }],
    [
      'mappings merge by key, the image winning',
      { annotations: { a: '1', b: '2' }, buildContexts: { shared: 'libs/shared', base: 'docker-image://x' } },
      { annotations: { b: 'image' }, buildContexts: { shared: 'services/api/shared' } },
      {
        annotations: { a: '1', b: 'image' },
        buildContexts: { shared: 'services/api/shared', base: 'docker-image://x' }
      }
    ],
    [
      'ssh merges by id, the image winning',
      { ssh: ['default', 'github=keys/ci'] },
      { ssh: ['github=keys/deploy', 'gitlab=keys/gl'] },
      { ssh: ['default', 'github=keys/deploy', 'gitlab=keys/gl'] }
    ]
  ])('%s', (_name, input, image, merged) => {
    expect(mergeBuildOptions(input, image)).toEqual(merged)
  })
})

describe('before any build: what the runner must have', () => {
  const lines: Record<string, number> = { 'images.1.ssh.0': 14 }
  const check = (o: {
    input?: BuildOptions
    images?: { index: number; ssh?: string[] }[]
    env?: NodeJS.ProcessEnv
  }) =>
    buildHostProblems({
      input: o.input ?? {},
      catalogImages: o.images ?? [],
      file: '.github/images.yml',
      lineOf: p => lines[p.join('.')],
      env: o.env ?? {},
      workspace: ws
    }).map(formatProblem)

  test('an input ssh without an agent names the input', () => {
    expect(check({ input: { ssh: ['default'] } })).toEqual([
      expect.stringMatching(/^input ssh: "default" forwards the SSH agent, but SSH_AUTH_SOCK is not set/)
    ])
  })
  test("a catalog image's ssh names its file, line and field", () => {
    expect(check({ images: [{ index: 1, ssh: ['default'] }] })).toEqual([
      expect.stringMatching(
        /^\.github\/images\.yml:14 images\[1\]\.ssh\[0\]: "default" forwards the SSH agent/
      )
    ])
  })
  test('an input build context that is not a folder names the input and the context', () => {
    expect(check({ input: { buildContexts: { shared: 'libs/missing', base: 'docker-image://x' } } })).toEqual(
      [
        expect.stringMatching(
          /^input build-contexts: shared: "libs\/missing" is not a folder in the workspace/
        )
      ]
    )
  })
  test('with an agent and the folders there: nothing to say', () => {
    expect(
      check({
        input: { ssh: ['default'], buildContexts: { shared: 'libs/shared' } },
        images: [{ index: 0, ssh: ['github=keys/deploy'] }],
        env: { SSH_AUTH_SOCK: sock }
      })
    ).toEqual([])
  })
})
