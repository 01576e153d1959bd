// End to end: a cancelled job. The runner sends SIGINT, then SIGTERM, then kills; here SIGTERM arrives
// while imagegate's children run (a scan that hangs beside a smoke container; a build). The run exits
// non-zero, leaves no process of its own, no smoke container or image, and pushes nothing.
import { describe, expect, test } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  descendants,
  hangingTrivy,
  sleepMarker,
  stillRunning,
  waitUntil,
  withMarker,
  type Proc
} from './processes.js'
import { bedRun, docker, registryTags, testbed } from './testbed.js'

const bed = testbed()

const SERVER = [
  'USER 0',
  'RUN mkdir -p /srv && echo ok > /srv/healthz',
  'USER 10001:10001',
  'EXPOSE 8080',
  'CMD ["httpd", "-f", "-p", "8080", "-h", "/srv"]'
].join('\n')

/** The smoke containers and images of an image name (unique to the test). */
function smokeLeftovers(image: string): string {
  return [
    docker(['ps', '--all', '--filter', `name=imagegate-smoke-${image}-`, '--format', '{{.Names}}']).stdout,
    docker([
      'image',
      'ls',
      '--filter',
      `reference=localhost/imagegate-smoke/${image}`,
      '--format',
      '{{.Repository}}:{{.Tag}}'
    ]).stdout
  ]
    .join('\n')
    .trim()
}

interface Signalled {
  /** The action's processes below it when the signal was sent. */
  before: Proc[]
  /** ms from the signal to the action's exit. */
  exitMs: number
}

/**
 * Sends SIGTERM to the action once `ready` holds (checked every 250 ms); records its processes at that
 * moment and how long it took to exit after the signal.
 */
function cancelWhen(ready: (log: string) => boolean): {
  onStart: (child: ChildProcess, log: () => string) => void
  signalled: Promise<Signalled>
} {
  let resolve: (s: Signalled) => void = () => undefined
  const signalled = new Promise<Signalled>(r => (resolve = r))
  const onStart = (child: ChildProcess, log: () => string): void => {
    const poll = setInterval(() => {
      if (child.exitCode !== null || !ready(log())) return
      clearInterval(poll)
      const before = descendants(child.pid as number)
      const sent = Date.now()
      child.on('exit', () => resolve({ before, exitMs: Date.now() - sent }))
      child.kill('SIGTERM')
    }, 250)
    child.on('exit', () => clearInterval(poll))
  }
  return { onStart, signalled }
}

describe('a cancelled job', () => {
  test('SIGTERM while a scan hangs and a smoke container runs: children stopped, container removed, red, nothing pushed', async () => {
    const marker = sleepMarker()
    const fake = hangingTrivy(fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-cancel-')), marker)
    const image = `stuck${Math.random().toString(36).slice(2, 7)}`
    const { onStart, signalled } = cancelWhen(
      () =>
        withMarker(marker).length > 0 &&
        docker([
          'ps',
          '--filter',
          `name=imagegate-smoke-${image}-`,
          '--format',
          '{{.Names}}'
        ]).stdout.trim() !== ''
    )
    const { r, org } = await bedRun(
      [
        {
          name: image,
          platforms: ['linux/amd64'],
          extra: SERVER,
          catalog: ['smoke:', '  health: { path: /never, port: 8080 }', '  timeout: 300']
        }
      ],
      {
        prefix: 'cancel',
        env: { PATH: `${fake}:${bed.TRIVY_BIN_DIR}:${process.env.PATH}` },
        onStart
      }
    )
    const { before, exitMs } = await signalled
    expect(r.exitCode).not.toBe(0)
    expect(r.log).toContain('imagegate: SIGTERM: the job was cancelled')
    expect(r.errors.join('\n')).toContain(
      'imagegate: the job was cancelled (SIGTERM): nothing was pushed after the signal'
    )
    // within the runner's grace between its SIGINT and its kill (7.5 s + 2.5 s)
    expect(exitMs).toBeLessThan(10_000)
    // the hanging scan was among the processes stopped
    expect(before.some(p => p.argv.includes(marker))).toBe(true)
    expect(stillRunning(before)).toEqual([])
    expect(withMarker(marker)).toEqual([])
    expect(smokeLeftovers(image)).toBe('')
    expect(await registryTags(bed.REGISTRY, `${org}/${image}`)).toEqual([])
  })

  test('SIGTERM during the build: buildx stopped, red, nothing pushed', async () => {
    const marker = sleepMarker()
    const { onStart, signalled } = cancelWhen(() => withMarker(marker).length > 0)
    const { r, org } = await bedRun(
      [{ name: 'building', platforms: ['linux/amd64'], extra: `RUN sleep ${marker}` }],
      { prefix: 'cancel', onStart }
    )
    const { before, exitMs } = await signalled
    expect(r.exitCode).not.toBe(0)
    expect(r.log).toContain('imagegate: SIGTERM: the job was cancelled')
    expect(r.errors.join('\n')).toContain(
      'imagegate: the job was cancelled (SIGTERM): nothing was pushed after the signal'
    )
    expect(exitMs).toBeLessThan(10_000)
    expect(before.some(p => p.argv.includes('buildx'))).toBe(true)
    expect(stillRunning(before)).toEqual([])
    // buildx cancels its build when stopped: the RUN step in BuildKit ends too
    expect(await waitUntil(() => withMarker(marker).length === 0, 15_000)).toBe(true)
    expect(await registryTags(bed.REGISTRY, `${org}/building`)).toEqual([])
  })
})
