import { describe, expect, test } from '@jest/globals'
import type { Expect, RuleModeT, RuleNameT } from '../../src/catalog/schema.js'
import type { ImageConfig } from '../../src/hardening/image-config.js'
import { checkImage, type CheckImageInput, type Verdict } from '../../src/hardening/rules.js'
import { realConfig, variant } from './configs.js'

const MB = 1e6

/** The verdicts of one rule (enforced), for image `backend` on linux/arm64. */
function run(
  rule: RuleNameT,
  config: ImageConfig,
  expectBlock: Expect = {},
  o: Partial<CheckImageInput> = {}
): Verdict[] {
  return checkImage({
    image: 'backend',
    platform: 'linux/arm64',
    config,
    sizeBytes: 42 * MB,
    expect: expectBlock,
    rules: { [rule]: 'enforce' },
    release: false,
    ...o
  })
}

const failed = (message: string, mode: Verdict['mode'] = 'enforce') => ({ mode, passed: false, message })
const passed = (message: string) => ({ mode: 'enforce', passed: true, message })

describe('the real configs BuildKit wrote', () => {
  test('HEALTHCHECK lands in config.Healthcheck; history holds RUN build args and ARG defaults', () => {
    const hardened = realConfig('hardened')
    expect(hardened.config?.Healthcheck).toEqual({
      Test: ['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1:8000/health || exit 1'],
      Interval: 30e9,
      Timeout: 3e9,
      Retries: 3
    })
    expect(realConfig('named').config?.Healthcheck).toEqual({ Test: ['NONE'] })
    const history = realConfig('leaky').history?.map(h => h.created_by) ?? []
    expect(history).toContain('ARG NPM_TOKEN')
    expect(history).toContain('ARG APP_VERSION=1.0.0')
    expect(history).toContain(
      'RUN |2 NPM_TOKEN=npm_imagegateFixtureNotARealToken0123456 APP_VERSION=1.0.0 /bin/sh -c echo "installing $APP_VERSION with $NPM_TOKEN" > /dev/null # buildkit'
    )
    expect(history).toContain('EXPOSE map[22/tcp:{} 8000/tcp:{}]')
  })
})

describe('non-root', () => {
  test.each<[string, ImageConfig, Expect, ReturnType<typeof failed>]>([
    [
      'USER not set',
      realConfig('leaky'),
      { user: 'app', uid: 10001 },
      failed('backend linux/arm64: runs as root (USER not set); expected app (10001)')
    ],
    ['USER 0', variant('hardened', { User: '0' }), {}, failed('backend linux/arm64: runs as user 0 (root)')],
    [
      'USER 0:0',
      variant('hardened', { User: '0:0' }),
      { uid: 10001 },
      failed('backend linux/arm64: runs as user 0 (root); expected 10001')
    ],
    [
      'USER root',
      variant('hardened', { User: 'root' }),
      {},
      failed('backend linux/arm64: runs as root (USER root)')
    ],
    [
      'USER 1000, uid 10001 expected',
      variant('hardened', { User: '1000' }),
      { uid: 10001 },
      failed('backend linux/arm64: runs as 1000; expected 10001')
    ],
    [
      'USER 1000:1000, app (10001) expected',
      variant('hardened', { User: '1000:1000' }),
      { user: 'app', uid: 10001 },
      failed('backend linux/arm64: runs as 1000:1000; expected app (10001)')
    ],
    [
      'USER app, nextjs expected',
      realConfig('named'),
      { user: 'nextjs', uid: 1001 },
      failed('backend linux/arm64: runs as app; expected nextjs (1001)')
    ],
    [
      'USER app (a name), only a uid expected',
      realConfig('named'),
      { uid: 10001 },
      failed(
        'backend linux/arm64: runs as app; expected 10001 (a user name cannot be checked against a uid: set USER 10001 or expect.user)'
      )
    ]
  ])('breaks it: %s', (_, config, e, verdict) => {
    expect(run('non-root', config, e)).toEqual([{ rule: 'non-root', ...verdict }])
  })

  test.each<[string, ImageConfig, Expect, string]>([
    [
      'USER 10001:10001, app (10001) expected',
      realConfig('hardened'),
      { user: 'app', uid: 10001 },
      'backend linux/arm64: runs as 10001:10001, the expected uid'
    ],
    [
      'USER app (a name), app (10001) expected: the uid cannot be checked, and the message says so',
      realConfig('named'),
      { user: 'app', uid: 10001 },
      'backend linux/arm64: runs as app, as expected; its uid is not checked against 10001 (USER names no uid)'
    ],
    [
      'USER app, app expected',
      realConfig('named'),
      { user: 'app' },
      'backend linux/arm64: runs as app, as expected'
    ],
    [
      'USER 10001, only a name expected',
      variant('hardened', { User: '10001' }),
      { user: 'app' },
      'backend linux/arm64: runs as 10001 (non-root); the user name app is not checked (USER gives a uid, not a name)'
    ],
    [
      'USER 10001:0 (group root is fine), uid 10001 expected',
      variant('hardened', { User: '10001:0' }),
      { uid: 10001 },
      'backend linux/arm64: runs as 10001:0, the expected uid'
    ],
    ['nothing expected', realConfig('named'), {}, 'backend linux/arm64: runs as app (non-root)']
  ])('keeps it: %s', (_, config, e, message) => {
    expect(run('non-root', config, e)).toEqual([{ rule: 'non-root', ...passed(message) }])
  })
})

describe('healthcheck', () => {
  test('no HEALTHCHECK breaks it', () => {
    expect(run('healthcheck', realConfig('leaky'))).toEqual([
      {
        rule: 'healthcheck',
        ...failed('backend linux/arm64: no HEALTHCHECK (expect.healthcheck: external skips this)')
      }
    ])
  })

  test('HEALTHCHECK NONE breaks it', () => {
    expect(run('healthcheck', realConfig('named'), { healthcheck: true })).toEqual([
      {
        rule: 'healthcheck',
        ...failed(
          'backend linux/arm64: HEALTHCHECK NONE disables the health check (expect.healthcheck: external skips this)'
        )
      }
    ])
  })

  test('a HEALTHCHECK keeps it', () => {
    expect(run('healthcheck', realConfig('hardened'))).toEqual([
      {
        rule: 'healthcheck',
        ...passed(
          'backend linux/arm64: has a HEALTHCHECK (CMD-SHELL wget -q -O /dev/null http://127.0.0.1:8000/health || exit 1)'
        )
      }
    ])
  })

  test('an external probe (or healthcheck: false) needs none', () => {
    expect(run('healthcheck', realConfig('leaky'), { healthcheck: 'external' })).toEqual([
      {
        rule: 'healthcheck',
        ...passed('backend linux/arm64: HEALTHCHECK not required: the probe is external (expect.healthcheck)')
      }
    ])
    expect(run('healthcheck', realConfig('leaky'), { healthcheck: false })).toEqual([
      {
        rule: 'healthcheck',
        ...passed('backend linux/arm64: HEALTHCHECK not required (expect.healthcheck: false)')
      }
    ])
  })
})

describe('oci-labels', () => {
  test('missing labels break it, named in order', () => {
    expect(run('oci-labels', realConfig('named'))).toEqual([
      {
        rule: 'oci-labels',
        ...failed(
          'backend linux/arm64: missing OCI labels: org.opencontainers.image.created, org.opencontainers.image.source'
        )
      }
    ])
  })

  test('a release needs the version label; an empty label is missing', () => {
    const labels = { ...realConfig('hardened').config?.Labels, 'org.opencontainers.image.version': ' ' }
    expect(run('oci-labels', variant('hardened', { Labels: labels }), {}, { release: true })).toEqual([
      {
        rule: 'oci-labels',
        ...failed('backend linux/arm64: missing OCI labels: org.opencontainers.image.version')
      }
    ])
    expect(run('oci-labels', variant('hardened', { Labels: labels }), {}, { release: false })).toEqual([
      {
        rule: 'oci-labels',
        ...passed('backend linux/arm64: carries the OCI labels title, revision, created, source')
      }
    ])
  })

  test('all of them (and the version, on a release) keep it', () => {
    expect(run('oci-labels', realConfig('hardened'), {}, { release: true })).toEqual([
      {
        rule: 'oci-labels',
        ...passed('backend linux/arm64: carries the OCI labels title, revision, created, source, version')
      }
    ])
  })
})

describe('ports', () => {
  test.each<[string, ImageConfig, number[], string]>([
    [
      '22 exposed, 8000 allowed',
      realConfig('leaky'),
      [8000],
      'exposes 22/tcp, not in the allowed ports 8000'
    ],
    [
      '53/udp exposed (a port allows any protocol: 8000/tcp is fine)',
      realConfig('named'),
      [8001, 8000],
      'exposes 53/udp, not in the allowed ports 8000, 8001'
    ],
    ['no port allowed', realConfig('hardened'), [], 'exposes 8000/tcp, not in the allowed ports (none)']
  ])('breaks it: %s', (_, config, allowed, message) => {
    expect(run('ports', config, { ports: allowed })).toEqual([
      { rule: 'ports', ...failed(`backend linux/arm64: ${message}`) }
    ])
  })

  test.each<[string, ImageConfig, Expect, string]>([
    [
      '8000 exposed and allowed',
      realConfig('hardened'),
      { ports: [8000, 8001] },
      'exposes 8000/tcp (allowed: 8000, 8001)'
    ],
    ['nothing exposed', variant('hardened', { ExposedPorts: undefined }), { ports: [] }, 'exposes no ports'],
    [
      'no expect.ports: not checked',
      realConfig('leaky'),
      {},
      'ports not checked (no expect.ports); exposes 22/tcp, 8000/tcp'
    ]
  ])('keeps it: %s', (_, config, e, message) => {
    expect(run('ports', config, e)).toEqual([{ rule: 'ports', ...passed(`backend linux/arm64: ${message}`) }])
  })
})

describe('size', () => {
  const limits: Expect = { size: { target: 500 * MB, max: 600 * MB } }
  const sized = (bytes: number, e: Expect = limits, mode: RuleModeT = 'enforce'): Verdict[] =>
    checkImage({
      image: 'backend',
      platform: 'linux/amd64',
      config: realConfig('hardened'),
      sizeBytes: bytes,
      expect: e,
      rules: { size: mode },
      release: false
    })

  test('above the maximum: an error in the rule mode', () => {
    expect(sized(612.3 * MB)).toEqual([
      {
        rule: 'size',
        mode: 'enforce',
        passed: false,
        message: 'backend linux/amd64: size 612.3 MB is above the maximum 600.0 MB'
      }
    ])
    expect(sized(612.3 * MB, limits, 'warn')[0]?.mode).toBe('warn')
  })

  test('above the target only: a warning, even in enforce mode', () => {
    expect(sized(512 * MB)).toEqual([
      {
        rule: 'size',
        mode: 'warn',
        passed: false,
        message: 'backend linux/amd64: size 512.0 MB is above the target 500.0 MB (maximum 600.0 MB)'
      }
    ])
    expect(sized(512 * MB, { size: { target: 500 * MB } })[0]?.message).toBe(
      'backend linux/amd64: size 512.0 MB is above the target 500.0 MB'
    )
  })

  test('within the target keeps it (the limits are inclusive)', () => {
    expect(sized(500 * MB)).toEqual([
      {
        rule: 'size',
        mode: 'enforce',
        passed: true,
        message: 'backend linux/amd64: size 500.0 MB (target 500.0 MB, maximum 600.0 MB)'
      }
    ])
    expect(sized(600 * MB, { size: { max: 600 * MB } })[0]).toMatchObject({ passed: true })
    expect(sized(1.5e9, {})[0]?.message).toBe('backend linux/amd64: size 1.50 GB (no expect.size)')
  })
})

describe('secrets', () => {
  test('the leaky image: every secret, where it is, masked', () => {
    expect(run('secrets', realConfig('leaky')).map(v => v.message)).toEqual([
      'backend linux/arm64: env GITHUB_TOKEN holds a GitHub token (ghp_…)',
      'backend linux/arm64: env AWS_ACCESS_KEY_ID holds an AWS access key id (AKIA…)',
      'backend linux/arm64: label com.example.deploy-key holds a value under a secret-looking name (dk-i…)',
      'backend linux/arm64: history step 8 (RUN) leaks the build arg NPM_TOKEN, an npm token (npm_…); also in step 9',
      'backend linux/arm64: history step 9 (RUN) has a secret in its command (password=hun…)'
    ])
    expect(run('secrets', realConfig('leaky')).every(v => v.rule === 'secrets' && !v.passed)).toBe(true)
  })

  test('placeholders only: one passing verdict', () => {
    expect(run('secrets', realConfig('hardened'))).toEqual([
      { rule: 'secrets', ...passed('backend linux/arm64: no secrets in the image config or history') }
    ])
  })
})

describe('modes', () => {
  const all = (mode: RuleModeT): Record<RuleNameT, RuleModeT> => ({
    'non-root': mode,
    healthcheck: mode,
    'oci-labels': mode,
    ports: mode,
    size: mode,
    secrets: mode,
    'base-pinned': mode,
    'dockerfile-config': mode
  })
  const input = (rules: Partial<Record<RuleNameT, RuleModeT>>): CheckImageInput => ({
    image: 'backend',
    platform: 'linux/arm64',
    config: realConfig('hardened'),
    sizeBytes: 42 * MB,
    expect: { user: 'app', uid: 10001, ports: [8000] },
    rules,
    release: true
  })

  test('off (or left out) produces nothing; the Dockerfile rules are not per image config', () => {
    expect(checkImage(input(all('off')))).toEqual([])
    expect(checkImage(input({}))).toEqual([])
    expect(checkImage(input({ 'base-pinned': 'enforce', 'dockerfile-config': 'enforce' }))).toEqual([])
  })

  test('warn and enforce: one verdict per rule, in the catalog order, in that mode', () => {
    for (const mode of ['warn', 'enforce'] as const) {
      const verdicts = checkImage(input(all(mode)))
      expect(verdicts.map(v => v.rule)).toEqual([
        'non-root',
        'healthcheck',
        'oci-labels',
        'ports',
        'size',
        'secrets'
      ])
      expect(verdicts.every(v => v.mode === mode && v.passed)).toBe(true)
    }
  })
})
