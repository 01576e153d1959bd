import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {
  builderProblem,
  contextProblem,
  parseBuilderList,
  SNAPSHOTTER_LABEL,
  type BuilderInfo
} from '../../src/buildx/builder.js'

// `docker buildx ls --format json` (buildx 0.13.1) on the test bed, in a DOCKER_CONFIG with three docker
// contexts (default and engine2: engines with the containerd image store; classic: an engine without it)
// and a docker-container builder that never booted (see the fixture folder's README)
const LS = fs.readFileSync(
  path.join(process.cwd(), '__tests__', 'fixtures', 'buildx', 'ls-builders.jsonl'),
  'utf8'
)

describe('buildx ls --format json', () => {
  test('each builder once (buildx 0.13 prints each line twice), with driver, nodes and labels', () => {
    const builders = parseBuilderList(LS)
    expect(builders.map(b => [b.Name, b.Driver])).toEqual([
      ['ci-builder', 'docker-container'],
      ['classic', 'docker'],
      ['default', 'docker'],
      ['engine2', 'docker']
    ])
    const engine2 = builders.find(b => b.Name === 'engine2')
    expect(engine2?.Nodes?.[0]?.Status).toBe('running')
    expect(engine2?.Nodes?.[0]?.Labels?.[SNAPSHOTTER_LABEL]).toBe('overlayfs')
    expect(builders.find(b => b.Name === 'ci-builder')?.Nodes?.[0]?.Labels).toBeUndefined()
  })

  test.each([
    ['{"Name":"x"', 'docker buildx ls line 1 is not JSON'],
    ['\n{"Name":"x"}', 'docker buildx ls line 2 is not a builder'],
    ['{"Name":"x","Driver":"docker","Nodes":[{"Status":"running"}]}', 'is not a builder']
  ])('unreadable output is an error naming the line: %s', (text, message) => {
    expect(() => parseBuilderList(text)).toThrow(message)
  })

  test('no builders, no lines', () => {
    expect(parseBuilderList('\n')).toEqual([])
  })
})

describe('builder check', () => {
  const builders = parseBuilderList(LS)
  test.each<[string, string | undefined]>([
    // docker driver, containerd image store: OCI export and multi-platform builds
    ['default', undefined],
    ['engine2', undefined],
    // not booted: buildx says nothing of its worker yet, buildx decides at build time
    ['ci-builder', undefined],
    [
      'classic',
      'input builder: "classic" is the docker driver on an engine without the containerd image store, which cannot export the OCI layout every image is built into: turn on the engine\'s containerd image store, or pass a builder of another driver (docker-container, remote, kubernetes, cloud)'
    ],
    [
      'no-such-builder',
      'input builder: no buildx builder named "no-such-builder" (docker buildx ls lists them)'
    ],
    // names are exact: buildx's own lookup is
    ['Engine2', 'input builder: no buildx builder named "Engine2" (docker buildx ls lists them)']
  ])('%s', (name, problem) => {
    expect(builderProblem(name, builders)).toBe(problem)
  })

  test('only a running node that reports its labels is judged', () => {
    const docker = (nodes: BuilderInfo['Nodes']): BuilderInfo[] => [
      { Name: 'b', Driver: 'docker', Nodes: nodes }
    ]
    expect(builderProblem('b', docker([{ Name: 'b', Status: 'inactive' }]))).toBeUndefined()
    expect(builderProblem('b', docker(null))).toBeUndefined()
    expect(builderProblem('b', docker([{ Name: 'b', Status: 'running', Labels: {} }]))).toMatch(
      /without the containerd image store/
    )
  })

  test('another driver is never refused for its labels', () => {
    const remote: BuilderInfo[] = [
      { Name: 'r', Driver: 'remote', Nodes: [{ Name: 'r0', Status: 'running', Labels: {} }] }
    ]
    expect(builderProblem('r', remote)).toBeUndefined()
  })
})

describe('a docker context as the builder', () => {
  test('the current context: buildx builds with it', () => {
    expect(contextProblem('engine2', 'engine2')).toBeUndefined()
  })
  test('another context: refused before any build, saying how to make it current', () => {
    expect(contextProblem('engine2', 'default')).toBe(
      'input builder: "engine2" is a docker context (docker driver) and the current context is "default": buildx builds with a context\'s builder only while it is the current one (docker context use engine2 before this step, or a builder created on it: docker buildx create engine2)'
    )
  })
})
