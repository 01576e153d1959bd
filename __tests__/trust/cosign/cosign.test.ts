// Setting cosign up: which mode a cosign-key value gives, the private files it writes, the refusals.
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { Cosign, type CosignSetup } from '../../../src/trust/cosign/cosign.js'

const PEM =
  '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nabc\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----'
const ACTIONS = {
  GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/images.yml@refs/heads/main',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x/token',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't'
}

function setup(o: Partial<CosignSetup>): { cosign: Cosign; work: string } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-cosign-unit-'))
  const cosign = new Cosign({
    cosign: '/usr/bin/cosign',
    key: '',
    password: '',
    workspace: work,
    workDir: path.join(work, '.cosign'),
    env: {},
    ...o
  })
  return { cosign, work }
}

const mode = (file: string): number => fs.statSync(file).mode & 0o777

describe('Cosign setup', () => {
  test('PEM contents: a 0600 key file, removed by dispose', () => {
    const { cosign, work } = setup({ key: PEM, password: 'pw' })
    const file = path.join(work, '.cosign', 'cosign.key')
    expect(cosign.mode).toEqual({ kind: 'key', key: file })
    expect(cosign.identity).toBeUndefined()
    expect(fs.readFileSync(file, 'utf8')).toBe(`${PEM}\n`)
    expect(mode(file)).toBe(0o600)
    cosign.dispose()
    expect(fs.existsSync(file)).toBe(false)
  })

  test('a KMS URI is given to cosign as it is; a key file is found in the workspace', () => {
    expect(setup({ key: ' gcpkms://projects/p/k ' }).cosign.mode).toEqual({
      kind: 'key',
      key: 'gcpkms://projects/p/k'
    })
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-cosign-ws-'))
    fs.mkdirSync(path.join(work, '.github'))
    fs.writeFileSync(path.join(work, '.github', 'cosign.key'), PEM)
    expect(setup({ key: '.github/cosign.key', workspace: work }).cosign.mode).toEqual({
      kind: 'key',
      key: path.join(work, '.github', 'cosign.key')
    })
  })

  test('a key that is none of them: an error naming the input, not the value', () => {
    expect(() => setup({ key: 'not-a-file-s3cr3t' })).toThrow('input cosign-key: neither PEM contents')
    expect(() => setup({ key: 'not-a-file-s3cr3t' })).not.toThrow('s3cr3t')
  })

  test('registry credentials: a private docker config with one auth per registry, removed by dispose', () => {
    const { cosign, work } = setup({
      key: PEM,
      registryAuth: {
        registries: ['127.0.0.1:5001', '127.0.0.1:5001', 'ghcr.io'],
        username: 'u',
        password: 'p'
      }
    })
    const file = path.join(work, '.cosign', 'docker', 'config.json')
    expect(mode(file)).toBe(0o600)
    expect(Object.keys((JSON.parse(fs.readFileSync(file, 'utf8')) as { auths: object }).auths)).toEqual([
      '127.0.0.1:5001',
      'ghcr.io'
    ])
    cosign.dispose()
    expect(fs.existsSync(file)).toBe(false)
  })

  test('no key: keyless with the workflow identity and sigstore defaults, or private URLs', () => {
    const { cosign } = setup({ env: ACTIONS })
    expect(cosign.identity).toBe('https://github.com/acme/shop/.github/workflows/images.yml@refs/heads/main')
    expect(cosign.mode).toEqual({
      kind: 'keyless',
      fulcioUrl: 'https://fulcio.sigstore.dev',
      rekorUrl: 'https://rekor.sigstore.dev',
      oidc: 'github-actions'
    })
    expect(
      setup({ env: ACTIONS, fulcioUrl: 'https://f.example', rekorUrl: 'https://r.example' }).cosign.mode
    ).toMatchObject({ fulcioUrl: 'https://f.example', rekorUrl: 'https://r.example' })
  })

  test('no key and no id-token permission: refused before anything runs', () => {
    expect(() => setup({ env: { GITHUB_WORKFLOW_REF: ACTIONS.GITHUB_WORKFLOW_REF } })).toThrow(
      'permissions: id-token: write'
    )
  })
})
