// End to end on the real engine: list inputs read with docker's rules reach the build as docker users
// mean them (a quoted build-arg, a multi-line secret), and the secret's lines never reach the log.
import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { bedRun, docker, registryDigest, testbed, workspace } from './testbed.js'

const bed = testbed()

const PEM = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7imagegate',
  'c2VjcmV0LWxpbmUtdHdvLW9mLXRoZS10ZXN0LWtleS1mb3ItaW1hZ2VnYXRl',
  '-----END PRIVATE KEY-----'
].join('\n')

describe('list inputs on the engine', () => {
  test('a quoted build-arg and a multi-line secret arrive whole; the secret is masked line by line', async () => {
    const { r, org } = await bedRun(
      [
        {
          name: 'api',
          platforms: ['linux/amd64'],
          catalog: ['secrets: [tls_key]'],
          extra: [
            'ARG GREETING',
            'RUN --mount=type=secret,id=tls_key,uid=10001 sha256sum /run/secrets/tls_key | cut -c1-64 > /tmp/key.sha256',
            'RUN echo "$GREETING" > /tmp/greeting'
          ].join('\n')
        }
      ],
      {
        prefix: 'inputs',
        inputs: {
          // quoted as docker users write them: the quotes are CSV, not part of the name or the value
          'build-args': `"BASE_IMAGE=${bed.BASE_IMAGE}"\n"GREETING=hello, world"`,
          secrets: `"tls_key=${PEM}"`
        }
      }
    )
    expect(r.exitCode).toBe(0)
    const ref = `${bed.REGISTRY}/${org}/api:sha-9f2c1ab`
    expect(await registryDigest(ref)).toMatch(/^sha256:/)
    const read = (file: string): string =>
      docker([
        'run',
        '--rm',
        '--network',
        'none',
        '--pull',
        'always',
        '--entrypoint',
        'cat',
        ref,
        file
      ]).stdout.trim()
    // core.getInput trims the input, so the secret is the PEM without a trailing newline
    expect(read('/tmp/key.sha256')).toBe(createHash('sha256').update(PEM).digest('hex'))
    expect(read('/tmp/greeting')).toBe('hello, world')
    expect(docker(['image', 'rm', ref]).status).toBe(0)
    // every line of the secret was masked, and none was printed
    for (const line of PEM.split('\n')) {
      expect(r.log).toContain(`::add-mask::${line}`)
      expect(r.log.split('\n').filter(l => l.includes(line) && !l.startsWith('::add-mask::'))).toEqual([])
    }
  })

  test('rewrite-timestamp clamps layer file times to SOURCE_DATE_EPOCH only when asked; without the variable it is refused', async () => {
    const EPOCH = 1700000000
    const ws = workspace([
      { name: 'stamp', platforms: ['linux/amd64'], extra: 'RUN echo built > /tmp/stamp' }
    ])
    const stamp = (ref: string): number =>
      Number(
        docker([
          'run',
          '--rm',
          '--network',
          'none',
          '--pull',
          'always',
          '--entrypoint',
          '/bin/busybox',
          ref,
          'stat',
          '-c',
          '%Y',
          '/tmp/stamp'
        ]).stdout.trim()
      )
    // default: SOURCE_DATE_EPOCH fixes the config's times, BuildKit leaves the layers' file times alone
    const plain = await bedRun(ws, { prefix: 'rewrite', env: { SOURCE_DATE_EPOCH: String(EPOCH) } })
    expect(plain.r.exitCode).toBe(0)
    expect(plain.r.log).not.toContain('rewriting layers with source-date-epoch')
    const plainRef = `${bed.REGISTRY}/${plain.org}/stamp:sha-9f2c1ab`
    expect(stamp(plainRef)).toBeGreaterThan(EPOCH)
    expect(docker(['image', 'rm', plainRef]).status).toBe(0)

    // asked: the same cached layer, its file times clamped (a rebuild without cache gives the same bytes)
    const clamped = await bedRun(ws, {
      prefix: 'rewrite',
      inputs: { 'rewrite-timestamp': 'true' },
      env: { SOURCE_DATE_EPOCH: String(EPOCH) }
    })
    expect(clamped.r.exitCode).toBe(0)
    expect(clamped.r.log).toContain(`rewriting layers with source-date-epoch ${EPOCH}`)
    const clampedRef = `${bed.REGISTRY}/${clamped.org}/stamp:sha-9f2c1ab`
    expect(stamp(clampedRef)).toBeLessThanOrEqual(EPOCH)
    expect(docker(['image', 'rm', clampedRef]).status).toBe(0)

    // asked without the variable: a red job naming the input, nothing built or pushed
    const refused = await bedRun(ws, {
      prefix: 'rewrite',
      inputs: { 'rewrite-timestamp': 'true' },
      env: { SOURCE_DATE_EPOCH: '' }
    })
    expect(refused.r.exitCode).toBe(1)
    expect(refused.r.log).toContain('input rewrite-timestamp: needs SOURCE_DATE_EPOCH')
    expect(refused.r.log).not.toContain('build started')
    expect(await registryDigest(`${bed.REGISTRY}/${refused.org}/stamp:sha-9f2c1ab`)).toBeUndefined()
  })
})
