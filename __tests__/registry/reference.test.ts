import { describe, expect, test } from '@jest/globals'
import { formatReference, isLoopback, parseReference } from '../../src/registry/reference.js'

const D = `sha256:${'a'.repeat(64)}`

describe('parseReference', () => {
  test.each([
    [
      '127.0.0.1:5000/app/backend:1.2.3',
      { registry: '127.0.0.1:5000', repository: 'app/backend', tag: '1.2.3' }
    ],
    ['127.0.0.1:5000/app/backend', { registry: '127.0.0.1:5000', repository: 'app/backend' }],
    [`ghcr.io/acme/api@${D}`, { registry: 'ghcr.io', repository: 'acme/api', digest: D }],
    [`ghcr.io/acme/api:v1@${D}`, { registry: 'ghcr.io', repository: 'acme/api', tag: 'v1', digest: D }],
    ['localhost/x:y', { registry: 'localhost', repository: 'x', tag: 'y' }],
    ['localhost:5000/a/b/c', { registry: 'localhost:5000', repository: 'a/b/c' }],
    ['acme/api:v1', { registry: 'docker.io', repository: 'acme/api', tag: 'v1' }],
    ['nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    [
      'registry.example.com/dev/app/backend:sha-9f2c1ab',
      {
        registry: 'registry.example.com',
        repository: 'dev/app/backend',
        tag: 'sha-9f2c1ab'
      }
    ]
  ])('%s', (ref, want) => {
    expect(parseReference(ref)).toEqual(want)
    expect(formatReference(parseReference(ref))).toBe(
      ref === 'nginx' ? 'docker.io/library/nginx' : ref.startsWith('acme') ? `docker.io/${ref}` : ref
    )
  })

  test.each([
    ['127.0.0.1:5000/App/backend', /"App" is not a valid lower-case path component/],
    ['127.0.0.1:5000/app:-bad', /"-bad" is not a valid tag/],
    ['127.0.0.1:5000/app@sha256:abc', /is not a sha256 digest/],
    ['127.0.0.1:5000/', /"" is not a valid/]
  ])('rejects %s', (ref, message) => {
    expect(() => parseReference(ref)).toThrow(message)
  })
})

describe('isLoopback (plain HTTP as dockerd)', () => {
  test.each([
    ['127.0.0.1:5000', true],
    ['127.1.2.3', true],
    ['localhost:5001', true],
    ['localhost', true],
    ['ghcr.io', false],
    ['127.0.0.1.nip.io:5000', false],
    ['10.0.0.1:5000', false]
  ])('%s -> %s', (host, want) => {
    expect(isLoopback(host)).toBe(want)
  })
})
