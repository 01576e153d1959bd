// End to end on the real engine: list inputs read with docker's rules reach the build as docker users
// mean them (a quoted build-arg, a multi-line secret), and the secret's lines never reach the log.
import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { bedRun, docker, registryDigest, testbed } from './testbed.js'

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
})
