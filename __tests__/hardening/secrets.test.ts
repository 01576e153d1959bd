import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import {
  findSecrets,
  historyInstruction,
  isPlaceholder,
  isSecretName,
  mask,
  runBuildArgs
} from '../../src/hardening/secrets.js'
import { configFile, realConfig, variant } from './configs.js'

/** The fake secrets of the fixture images and of the variants below: none may appear in a finding. */
const SECRETS = [
  'ghp_imagegateFixtureNotARealToken0123456',
  'AKIAIOSFODNN7EXAMPLE',
  'dk-imagegate-fixture-not-a-secret',
  'npm_imagegateFixtureNotARealToken0123456',
  'hunter2-fixture',
  'tok-5f3a9c1e77d2',
  's3cr3t-pw',
  'sup3r-s3cret'
]

const messages = (config = realConfig('leaky')): string[] => findSecrets(config).map(f => f.message)

describe('findSecrets on real BuildKit configs', () => {
  test('a token in ENV, a secret-looking label, a leaked build arg, a password in a RUN step', () => {
    expect(findSecrets(realConfig('leaky'))).toEqual([
      {
        where: 'env GITHUB_TOKEN',
        what: 'a GitHub token',
        shown: 'ghp_…',
        message: 'env GITHUB_TOKEN holds a GitHub token (ghp_…)'
      },
      {
        where: 'env AWS_ACCESS_KEY_ID',
        what: 'an AWS access key id',
        shown: 'AKIA…',
        message: 'env AWS_ACCESS_KEY_ID holds an AWS access key id (AKIA…)'
      },
      {
        where: 'label com.example.deploy-key',
        what: 'a value under a secret-looking name',
        shown: 'dk-i…',
        message: 'label com.example.deploy-key holds a value under a secret-looking name (dk-i…)'
      },
      {
        where: 'history step 8 (RUN)',
        what: 'an npm token',
        shown: 'npm_…',
        message: 'history step 8 (RUN) leaks the build arg NPM_TOKEN, an npm token (npm_…); also in step 9'
      },
      {
        where: 'history step 9 (RUN)',
        what: 'a secret',
        shown: 'password=hun…',
        message: 'history step 9 (RUN) has a secret in its command (password=hun…)'
      }
    ])
  })

  test('placeholders are not flagged: empty, changeme, ${VAR}, \\$VAR, a path, *_FILE, TOKENIZERS_*', () => {
    const hardened = realConfig('hardened')
    expect(hardened.config?.Env).toEqual(
      expect.arrayContaining(['API_KEY=', 'SECRET_KEY=changeme', 'GITHUB_TOKEN=${GITHUB_TOKEN}'])
    )
    expect(findSecrets(hardened)).toEqual([])
    expect(findSecrets(realConfig('named'))).toEqual([])
  })

  test('the ENV and LABEL history steps of a value still in the config are not reported twice', () => {
    const steps = realConfig('leaky').history?.map(h => h.created_by) ?? []
    expect(steps[5]).toMatch(/^ENV GITHUB_TOKEN=/)
    expect(messages().filter(m => m.startsWith('history step 6') || m.startsWith('history step 7'))).toEqual(
      []
    )
  })

  test('masking never shows a whole value, nor more than a quarter of it', () => {
    const configs = [
      realConfig('leaky'),
      variant('hardened', { Env: ['DATABASE_URL=postgres://app:s3cr3t-pw@db:5432/app'] }),
      variant('hardened', {}, ['RUN /bin/sh -c mysql --password sup3r-s3cret -e "select 1" # buildkit']),
      variant('hardened', {}, ['ENV API_TOKEN=tok-5f3a9c1e77d2', 'ENV API_TOKEN='])
    ]
    const text = JSON.stringify(configs.map(findSecrets))
    for (const secret of SECRETS) expect(text).not.toContain(secret)
    // and the files the findings come from do hold them
    expect(fs.readFileSync(configFile('leaky'), 'utf8')).toContain(SECRETS[0])
  })

  test('mask: at most 4 characters, at most a quarter', () => {
    expect(mask('ghp_imagegateFixtureNotARealToken0123456')).toBe('ghp_…')
    expect(mask('hunter2-fixture')).toBe('hun…')
    expect(mask('s3cr3t')).toBe('s…')
    expect(mask('abc')).toBe('…')
    expect(mask('')).toBe('…')
  })
})

describe('findSecrets, one source at a time', () => {
  test.each<[string, string[], string[]]>([
    [
      'a token in ENV under a harmless name',
      ['CONFIG=retries=3 token=ghp_imagegateFixtureNotARealToken0123456'],
      ['env CONFIG holds a GitHub token (ghp_…)']
    ],
    [
      'a password under a secret-looking name',
      ['DB_PASSWORD=s3cr3t-pw'],
      ['env DB_PASSWORD holds a value under a secret-looking name (s3…)']
    ],
    [
      'a password in a URL',
      ['DATABASE_URL=postgres://app:s3cr3t-pw@db:5432/app'],
      ['env DATABASE_URL holds a password in a URL (s3…)']
    ],
    ['a URL whose password is a reference', ['DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app'], []],
    [
      'a private key (its header is shown, not its body)',
      ['TLS_KEY=-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA'],
      ['env TLS_KEY holds a private key (-----BEGIN RSA PRIVATE KEY-----)']
    ],
    [
      'a public key is no secret',
      ['GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D', 'PUBLIC_KEY=ssh-ed25519 AAAA'],
      []
    ],
    ['a token lifetime is no secret', ['ACCESS_TOKEN_EXPIRE_MINUTES=30', 'TOKENIZERS_PARALLELISM=false'], []]
  ])('ENV: %s', (_, env, expected) => {
    expect(messages(variant('hardened', { Env: env, Labels: undefined }))).toEqual(expected)
  })

  test.each<[string, string[], string[]]>([
    [
      'a password in a RUN command',
      ['RUN /bin/sh -c echo "db_password=s3cr3t-pw" >> /app/.env # buildkit'],
      ['history step 1 (RUN) has a secret in its command (db_password=s3…)']
    ],
    [
      'a --password flag',
      ['RUN /bin/sh -c mysql --password sup3r-s3cret -e "select 1" # buildkit'],
      ['history step 1 (RUN) has a secret in its command (--password sup…)']
    ],
    [
      'a password read at run time is fine',
      ['RUN /bin/sh -c echo "password=$(cat /run/secrets/pw)" > /dev/null'],
      []
    ],
    [
      'a build arg leaked into every later RUN',
      [
        'ARG NPM_TOKEN',
        'RUN |1 NPM_TOKEN=tok-5f3a9c1e77d2 /bin/sh -c npm ci # buildkit',
        'COPY . /app # buildkit',
        'RUN |1 NPM_TOKEN=tok-5f3a9c1e77d2 /bin/sh -c npm run build # buildkit',
        'RUN |1 NPM_TOKEN=tok-5f3a9c1e77d2 /bin/sh -c npm prune # buildkit'
      ],
      ['history step 2 (RUN) leaks the build arg NPM_TOKEN (tok-…); also in steps 4, 5']
    ],
    [
      'the classic builder: |1 TOKEN=... /bin/sh -c and #(nop) ENV',
      [
        '|1 API_TOKEN=tok-5f3a9c1e77d2 /bin/sh -c make',
        '/bin/sh -c #(nop)  ENV DB_PASSWORD=s3cr3t-pw',
        '/bin/sh -c #(nop)  ENV DB_PASSWORD='
      ],
      [
        'history step 1 (RUN) leaks the build arg API_TOKEN (tok-…)',
        'history step 2 (ENV DB_PASSWORD) holds a value under a secret-looking name (s3…)'
      ]
    ],
    [
      'an ENV secret overwritten later is still in the history',
      ['ENV API_TOKEN=tok-5f3a9c1e77d2', 'RUN /bin/sh -c true # buildkit', 'ENV API_TOKEN='],
      ['history step 1 (ENV API_TOKEN) holds a value under a secret-looking name (tok-…)']
    ],
    [
      'an ARG default',
      ['ARG NPM_TOKEN=tok-5f3a9c1e77d2 APP_VERSION=1.0.0'],
      ['history step 1 (ARG NPM_TOKEN) holds a value under a secret-looking name (tok-…)']
    ],
    [
      'a URL with credentials in ADD',
      ['ADD https://ci:sup3r-s3cret@artifacts.example.com/app.tgz /app.tgz # buildkit'],
      ['history step 1 (ADD) has a password in a URL (sup…)']
    ],
    [
      'a password in CMD',
      ['CMD ["app" "--password=sup3r-s3cret"]'],
      ['history step 1 (CMD) has a secret (--password=sup…)']
    ],
    [
      'build args and commands without secrets',
      [
        'ARG APP_VERSION=1.2.3',
        'RUN |2 APP_VERSION=1.2.3 SECRET_KEY=changeme /bin/sh -c echo "token=$TOKEN" # buildkit',
        'HEALTHCHECK &{["CMD-SHELL" "wget -q -O /dev/null http://127.0.0.1:8000/health || exit 1"] "30s" "3s" "0s" "0s" \'\\x03\'}',
        'RUN /bin/sh -c --mount=type=secret,id=npmrc npm ci # buildkit'
      ],
      []
    ]
  ])('history: %s', (_, history, expected) => {
    expect(messages(variant('hardened', { Env: [], Labels: {} }, history))).toEqual(expected)
  })
})

describe('the pieces', () => {
  test('runBuildArgs reads the |N prefix BuildKit writes', () => {
    expect(
      runBuildArgs(
        '|2 NPM_TOKEN=npm_x APP_VERSION=1.0.0 /bin/sh -c echo "installing $APP_VERSION" > /dev/null'
      )
    ).toEqual({
      args: [
        { name: 'NPM_TOKEN', value: 'npm_x' },
        { name: 'APP_VERSION', value: '1.0.0' }
      ],
      command: '/bin/sh -c echo "installing $APP_VERSION" > /dev/null'
    })
    expect(runBuildArgs('|2 A= B=two words /bin/sh -c x')).toEqual({
      args: [
        { name: 'A', value: '' },
        { name: 'B', value: 'two' }
      ],
      command: 'words /bin/sh -c x'
    })
    expect(runBuildArgs('/bin/sh -c make')).toEqual({ args: [], command: '/bin/sh -c make' })
  })

  test('historyInstruction: BuildKit and the classic builder', () => {
    expect(historyInstruction('RUN |1 A=b /bin/sh -c make # buildkit')).toEqual({
      instruction: 'RUN',
      rest: '|1 A=b /bin/sh -c make'
    })
    expect(historyInstruction('/bin/sh -c #(nop)  LABEL a=b')).toEqual({ instruction: 'LABEL', rest: 'a=b' })
    expect(historyInstruction('/bin/sh -c apk add curl')).toEqual({
      instruction: 'RUN',
      rest: '/bin/sh -c apk add curl'
    })
    expect(historyInstruction('USER 10001:10001')).toEqual({ instruction: 'USER', rest: '10001:10001' })
  })

  test.each([
    ['GITHUB_TOKEN', true],
    ['API_KEY', true],
    ['SECRET_KEY_BASE', true],
    ['CLIENT_SECRET', true],
    ['DB_PASSWD', true],
    ['REDIS_PASS', true],
    ['com.example.deploy-key', true],
    ['DB_PASSWORD_FILE', false],
    ['GPG_KEY', false],
    ['TOKENIZERS_PARALLELISM', false],
    ['AWS_ACCESS_KEY_ID', false],
    ['KEYCLOAK_URL', false],
    ['PATH', false]
  ])('isSecretName(%s) is %s', (name, expected) => {
    expect(isSecretName(name)).toBe(expected)
  })

  test.each([
    '',
    '""',
    'changeme',
    'CHANGE_ME',
    'xxxxxxxx',
    '********',
    '${GITHUB_TOKEN}',
    '$DB_PASSWORD',
    '\\$DB_PASSWORD',
    '${TOKEN:-}',
    '$(cat /run/secrets/token)',
    '<your-token>',
    '{{ .Values.token }}',
    'your-api-key-here',
    '/run/secrets/db_password',
    'https://auth.example.com/token',
    'vault:secret/data/app#token',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app',
    'false'
  ])('isPlaceholder(%j)', value => {
    expect(isPlaceholder(value)).toBe(true)
  })

  test.each(['s3cr3t-pw', 'hunter2', '123456', 'tok-5f3a9c1e77d2', 'abc$def'])(
    'not a placeholder: %j',
    value => {
      expect(isPlaceholder(value)).toBe(false)
    }
  )
})
