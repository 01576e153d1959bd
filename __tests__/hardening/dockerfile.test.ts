import { describe, expect, test } from '@jest/globals'
import {
  basePinnedVerdicts,
  checkBasePinned,
  parseDockerfile,
  splitWords
} from '../../src/hardening/dockerfile.js'

const FILE = 'services/backend/Dockerfile'
const D = `sha256:${'0b01b5af9f0760d6'.repeat(4)}`
const PY = `python:3.12-slim@${D}`

/** The messages of the FROM lines, pass or fail: `true`/`false` first. */
const check = (text: string, buildArgs: Record<string, string> = {}): [boolean, string][] =>
  checkBasePinned(text, FILE, buildArgs).map(b => [b.passed, b.message])

describe('checkBasePinned', () => {
  test.each<[string, string, Record<string, string>, [boolean, string][]]>([
    ['pinned by digest', `FROM ${PY}`, {}, [[true, `${FILE}:1 FROM ${PY} is pinned by digest`]]],
    [
      'pinned, with a registry port and --platform',
      `FROM --platform=$BUILDPLATFORM 127.0.0.1:5000/base/busybox@${D} AS build`,
      {},
      [[true, `${FILE}:1 FROM 127.0.0.1:5000/base/busybox@${D} is pinned by digest`]]
    ],
    [
      'pinned through an ARG default',
      `ARG BASE=${PY}\nFROM \${BASE}`,
      {},
      [[true, `${FILE}:2 FROM \${BASE} (${PY}) is pinned by digest`]]
    ],
    [
      'pinned through a build-arg override of an ARG default',
      'ARG BASE=python:3.12-slim\nFROM $BASE',
      { BASE: PY },
      [[true, `${FILE}:2 FROM $BASE (${PY}) is pinned by digest`]]
    ],
    [
      'the same ARG default, without the build arg',
      'ARG BASE=python:3.12-slim\nFROM $BASE',
      {},
      [[false, `${FILE}:2 FROM $BASE (python:3.12-slim) is not pinned by digest`]]
    ],
    [
      'an ARG without a default, given by a build arg (the test bed: ARG BASE_IMAGE)',
      'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}',
      { BASE_IMAGE: `127.0.0.1:5000/base/busybox@${D}` },
      [[true, `${FILE}:2 FROM \${BASE_IMAGE} (127.0.0.1:5000/base/busybox@${D}) is pinned by digest`]]
    ],
    [
      'ARG defaults built from other ARGs, quoted; ${X:-default}',
      `ARG REGISTRY=docker.io\nARG IMAGE="\${REGISTRY}/library/python:3.12-slim@${D}"\nFROM \${IMAGE}\nFROM \${OTHER:-${PY}}`,
      {},
      [
        [true, `${FILE}:3 FROM \${IMAGE} (docker.io/library/python:3.12-slim@${D}) is pinned by digest`],
        [true, `${FILE}:4 FROM \${OTHER:-${PY}} (${PY}) is pinned by digest`]
      ]
    ],
    [
      'a stage reference, scratch',
      `FROM ${PY} AS Build\nRUN make\nFROM scratch\nCOPY --from=build /app /app\nFROM build AS test`,
      {},
      [
        [true, `${FILE}:1 FROM ${PY} is pinned by digest`],
        [true, `${FILE}:3 FROM scratch is the empty base`],
        [true, `${FILE}:5 FROM build is the earlier stage build`]
      ]
    ],
    [
      'a tag only (the issue example)',
      '# syntax=docker/dockerfile:1\n\nFROM python:3.12-slim',
      {},
      [[false, `${FILE}:3 FROM python:3.12-slim is not pinned by digest`]]
    ],
    [
      'latest',
      'FROM python:latest',
      {},
      [[false, `${FILE}:1 FROM python:latest is not pinned by digest, and latest moves with every push`]]
    ],
    [
      'untagged (a registry port is not a tag)',
      'FROM python\nFROM localhost:5000/base/busybox',
      {},
      [
        [false, `${FILE}:1 FROM python is not pinned by digest, and without a tag it is latest`],
        [
          false,
          `${FILE}:2 FROM localhost:5000/base/busybox is not pinned by digest, and without a tag it is latest`
        ]
      ]
    ],
    [
      'an invalid digest',
      'FROM python:3.12@sha256:abc',
      {},
      [
        [
          false,
          `${FILE}:1 FROM python:3.12@sha256:abc has an invalid digest (expected sha256: and 64 hex digits)`
        ]
      ]
    ],
    [
      'an ARG without a value',
      'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}',
      {},
      [
        [
          false,
          `${FILE}:2 FROM \${BASE_IMAGE} has no value: ARG BASE_IMAGE has no default and no build arg sets it`
        ]
      ]
    ],
    [
      'an ARG declared inside a stage is not visible to a later FROM (nor is a build arg for it)',
      `FROM ${PY} AS base\nARG NEXT=${PY}\nFROM $NEXT`,
      { NEXT: PY },
      [
        [true, `${FILE}:1 FROM ${PY} is pinned by digest`],
        [false, `${FILE}:3 FROM $NEXT has no value: NEXT is not an ARG declared before the first FROM`]
      ]
    ],
    [
      'a platform ARG in the name',
      'FROM --platform=$TARGETPLATFORM acme/base-${TARGETARCH}:1.0',
      {},
      [[false, `${FILE}:1 FROM acme/base-\${TARGETARCH}:1.0 is not pinned by digest`]]
    ],
    [
      'lower-case keywords',
      `from ${PY} as base\nfrom base`,
      {},
      [
        [true, `${FILE}:1 FROM ${PY} is pinned by digest`],
        [true, `${FILE}:2 FROM base is the earlier stage base`]
      ]
    ]
  ])('%s', (_, text, buildArgs, expected) => {
    expect(check(text, buildArgs)).toEqual(expected)
  })

  test('continuation lines, comments and blank lines inside them: the line the FROM starts on', () => {
    const text = [
      '# a comment', // 1
      'ARG BASE=python:3.12-slim', // 2
      '', // 3
      'FROM \\', // 4
      '  # a comment inside the instruction', // 5
      '  --platform=$BUILDPLATFORM \\', // 6
      '', // 7
      '  ${BASE} \\', // 8
      '  AS build', // 9
      'RUN apt-get update && \\', // 10
      '    apt-get install -y curl', // 11
      'FROM python:3.12-slim@sha256:abc\\', // 12
      'def AS final' // 13: joined with no blank, as BuildKit does
    ].join('\n')
    expect(checkBasePinned(text, FILE)).toEqual([
      {
        file: FILE,
        line: 4,
        written: '${BASE}',
        ref: 'python:3.12-slim',
        stage: 'build',
        kind: 'image',
        passed: false,
        message: `${FILE}:4 FROM \${BASE} (python:3.12-slim) is not pinned by digest`
      },
      expect.objectContaining({
        line: 12,
        ref: 'python:3.12-slim@sha256:abcdef',
        stage: 'final',
        passed: false
      })
    ])
  })

  test('# escape=` (Windows Dockerfiles): backtick continuations', () => {
    const text = [
      '# escape=`',
      '',
      'ARG BASE=mcr.microsoft.com/windows/nanoserver:ltsc2022',
      'FROM `',
      '  $BASE'
    ].join('\n')
    expect(check(text)).toEqual([
      [false, `${FILE}:4 FROM $BASE (mcr.microsoft.com/windows/nanoserver:ltsc2022) is not pinned by digest`]
    ])
  })

  test('heredoc bodies are not instructions', () => {
    const text = [
      `FROM ${PY}`,
      'RUN <<EOF',
      'FROM python:latest',
      'EOF',
      'COPY <<-"CONF" /etc/app.conf',
      '\tFROM node:latest',
      '\tCONF',
      `FROM ${PY}`
    ].join('\n')
    expect(check(text).map(([passed, m]) => `${passed} ${m}`)).toEqual([
      `true ${FILE}:1 FROM ${PY} is pinned by digest`,
      `true ${FILE}:8 FROM ${PY} is pinned by digest`
    ])
  })
})

describe('basePinnedVerdicts', () => {
  const bases = checkBasePinned(`FROM ${PY} AS build\nFROM python:3.12-slim\nFROM build`, FILE)

  test('each failing FROM is a verdict, named by the image', () => {
    expect(basePinnedVerdicts({ image: 'backend', file: FILE, bases, mode: 'enforce' })).toEqual([
      {
        rule: 'base-pinned',
        mode: 'enforce',
        passed: false,
        message: 'backend: services/backend/Dockerfile:2 FROM python:3.12-slim is not pinned by digest',
        file: 'services/backend/Dockerfile',
        line: 2
      }
    ])
  })

  test('all pinned: one passing verdict; off: nothing', () => {
    const pinned = checkBasePinned(`FROM ${PY} AS build\nFROM scratch`, FILE)
    expect(basePinnedVerdicts({ image: 'backend', file: FILE, bases: pinned, mode: 'warn' })).toEqual([
      {
        rule: 'base-pinned',
        mode: 'warn',
        passed: true,
        message: 'backend: services/backend/Dockerfile: every base image is pinned by digest'
      }
    ])
    expect(basePinnedVerdicts({ image: 'backend', file: FILE, bases, mode: 'off' })).toEqual([])
  })
})

describe('the parser', () => {
  test('parser directives only at the top; instructions with their first line', () => {
    const { escape, instructions } = parseDockerfile(
      '# syntax=docker/dockerfile:1\n# escape=`\nFROM a\n# escape=\\\nRUN b'
    )
    expect(escape).toBe('`')
    expect(instructions).toEqual([
      { line: 3, keyword: 'FROM', args: 'a' },
      { line: 5, keyword: 'RUN', args: 'b' }
    ])
  })

  test('splitWords keeps quoted blanks together', () => {
    expect(splitWords(`A="x y" B='1 2' C=3\\ 4`)).toEqual([`A="x y"`, `B='1 2'`, 'C=3\\ 4'])
  })
})
