import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  dockerCredential,
  fetchToken,
  normalizeHost,
  parseChallenges,
  resolveCredential,
  type FetchLike
} from '../../src/registry/auth.js'

describe('parseChallenges', () => {
  test.each([
    ['Basic realm="basic-realm"', [{ scheme: 'basic', params: { realm: 'basic-realm' } }]],
    [
      'Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:app/api:pull,push"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.example.com/token',
            service: 'registry.example.com',
            scope: 'repository:app/api:pull,push'
          }
        }
      ]
    ],
    [
      'bearer realm=https://a/token, service=reg',
      [{ scheme: 'bearer', params: { realm: 'https://a/token', service: 'reg' } }]
    ],
    [
      'Bearer realm="https://a/t", Basic realm="x"',
      [
        { scheme: 'bearer', params: { realm: 'https://a/t' } },
        { scheme: 'basic', params: { realm: 'x' } }
      ]
    ],
    ['Negotiate', []],
    ['', []]
  ])('%s', (header, want) => {
    expect(parseChallenges(header)).toEqual(want)
  })
})

describe('normalizeHost', () => {
  test.each([
    ['https://127.0.0.1:5001/v1/', '127.0.0.1:5001'],
    ['127.0.0.1:5001', '127.0.0.1:5001'],
    ['http://Registry.Example.com', 'registry.example.com'],
    ['https://index.docker.io/v1/', 'docker.io'],
    ['docker.io', 'docker.io']
  ])('%s -> %s', (key, want) => {
    expect(normalizeHost(key)).toBe(want)
  })
})

function dockerConfig(config: unknown): NodeJS.ProcessEnv {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-dockercfg-'))
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config))
  // A credential helper on PATH: answers for one host, "not found" for the rest.
  const helper = path.join(dir, 'docker-credential-fake')
  fs.writeFileSync(
    helper,
    [
      '#!/bin/sh',
      'read host',
      '[ "$1" = get ] || exit 2',
      'case "$host" in',
      '  helper.example.com) echo \'{"ServerURL":"helper.example.com","Username":"bob","Secret":"helper-pw"}\' ;;',
      '  token.example.com) echo \'{"ServerURL":"token.example.com","Username":"<token>","Secret":"refresh-xyz"}\' ;;',
      '  *) echo "credentials not found in native keychain"; exit 1 ;;',
      'esac'
    ].join('\n')
  )
  fs.chmodSync(helper, 0o755)
  return { DOCKER_CONFIG: dir, PATH: `${dir}:${process.env.PATH ?? ''}`, HOME: dir }
}

const b64 = (s: string): string => Buffer.from(s).toString('base64')

describe('docker config credentials', () => {
  const env = dockerConfig({
    auths: {
      'https://127.0.0.1:5001/v1/': { auth: b64('alice:pa:ss') },
      'id.example.com': { identitytoken: 'idtok' },
      'store.example.com': {}
    },
    credHelpers: { 'helper.example.com': 'fake', 'token.example.com': 'fake' },
    credsStore: 'fake'
  })

  test('auths[host].auth is base64 user:password (the password may hold colons)', async () => {
    expect(await dockerCredential('127.0.0.1:5001', env)).toEqual({
      kind: 'basic',
      username: 'alice',
      password: 'pa:ss'
    })
  })
  test('identitytoken', async () => {
    expect(await dockerCredential('id.example.com', env)).toEqual({ kind: 'identity-token', token: 'idtok' })
  })
  test('credHelpers[host] runs docker-credential-<name> get', async () => {
    expect(await dockerCredential('helper.example.com', env)).toEqual({
      kind: 'basic',
      username: 'bob',
      password: 'helper-pw'
    })
    expect(await dockerCredential('token.example.com', env)).toEqual({
      kind: 'identity-token',
      token: 'refresh-xyz'
    })
  })
  test('credsStore that knows nothing: anonymous', async () => {
    expect(await dockerCredential('store.example.com', env)).toBeUndefined()
  })
  test('no config file: anonymous', async () => {
    expect(await dockerCredential('127.0.0.1:5001', { DOCKER_CONFIG: '/nonexistent' })).toBeUndefined()
  })
  test('~/.docker/config.json when DOCKER_CONFIG is unset', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-home-'))
    fs.mkdirSync(path.join(home, '.docker'))
    fs.writeFileSync(
      path.join(home, '.docker', 'config.json'),
      JSON.stringify({ auths: { 'reg.example.com': { auth: b64('carol:pw') } } })
    )
    expect(await dockerCredential('reg.example.com', { HOME: home })).toEqual({
      kind: 'basic',
      username: 'carol',
      password: 'pw'
    })
  })
  test('explicit credentials win over the config; half of them is an error', async () => {
    expect(await resolveCredential('127.0.0.1:5001', { username: 'x', password: 'y' }, env)).toEqual({
      kind: 'basic',
      username: 'x',
      password: 'y'
    })
    await expect(resolveCredential('127.0.0.1:5001', { username: 'x' }, env)).rejects.toThrow(
      'both a username and a password'
    )
  })
})

describe('fetchToken', () => {
  const challenge = {
    scheme: 'bearer' as const,
    params: { realm: 'https://auth.example.com/token', service: 'reg.example.com' }
  }
  test('GET with basic auth, service and scope; takes token or access_token', async () => {
    const seen: { url: string; init: RequestInit }[] = []
    const fake: FetchLike = async (url, init) => {
      seen.push({ url, init })
      return Response.json({ access_token: 'tok-1' })
    }
    const cred = { kind: 'basic' as const, username: 'alice', password: 'pw' }
    expect(await fetchToken(fake, 'reg.example.com', challenge, ['repository:app/api:pull,push'], cred)).toBe(
      'tok-1'
    )
    const url = new URL(seen[0]?.url ?? '')
    expect(url.searchParams.get('service')).toBe('reg.example.com')
    expect(url.searchParams.get('scope')).toBe('repository:app/api:pull,push')
    expect((seen[0]?.init.headers as Record<string, string>).authorization).toBe(`Basic ${b64('alice:pw')}`)
  })
  test('a refused token request names the user, never the password', async () => {
    const fake: FetchLike = async () => new Response('nope', { status: 401 })
    const cred = { kind: 'basic' as const, username: 'alice', password: 'hunter2' }
    const err = await fetchToken(fake, 'reg.example.com', challenge, ['repository:a:pull'], cred).catch(
      e => e as Error
    )
    expect((err as Error).message).toContain('authentication failed for reg.example.com (user alice)')
    expect((err as Error).message).not.toContain('hunter2')
  })
  test('identity token: the OAuth2 refresh-token POST', async () => {
    let body = ''
    const fake: FetchLike = async (_url, init) => {
      body = String(init.body)
      return Response.json({ token: 'tok-2' })
    }
    const tok = await fetchToken(fake, 'r', challenge, ['repository:a:pull'], {
      kind: 'identity-token',
      token: 'rt'
    })
    expect(tok).toBe('tok-2')
    expect(new URLSearchParams(body).get('grant_type')).toBe('refresh_token')
    expect(new URLSearchParams(body).get('refresh_token')).toBe('rt')
  })
})
