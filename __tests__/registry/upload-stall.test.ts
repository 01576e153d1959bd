// A blob upload has no limit on its length (a large layer on a slow link) but one on a stall: through the
// client's own transport, against a loopback server that stops reading the body, or reads it and never
// answers. Each is retried, then red with the reason; a healthy upload's bytes arrive whole.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { RegistryClient } from '../../src/registry/client.js'

type Mode = 'stop-reading' | 'no-answer' | 'healthy'
let mode: Mode = 'healthy'
let puts = 0
let received = ''
const sockets = new Set<import('node:net').Socket>()
const server = http.createServer((req, res) => {
  if (req.method === 'POST') {
    res.writeHead(202, { location: '/v2/app/blobs/uploads/u1', 'content-length': '0' })
    res.end()
    return
  }
  puts++
  if (mode === 'stop-reading') {
    req.pause() // the client's socket fills, then takes nothing more
    return
  }
  const hash = createHash('sha256')
  req.on('data', (chunk: Buffer) => hash.update(chunk))
  req.on('end', () => {
    received = `sha256:${hash.digest('hex')}`
    if (mode === 'no-answer') return
    res.writeHead(201, { 'docker-content-digest': received, 'content-length': '0' })
    res.end()
  })
})
server.on('connection', s => {
  sockets.add(s)
  s.on('close', () => sockets.delete(s))
})

let dir = ''
let blob = { path: '', size: 0, digest: '' }
beforeAll(async () => {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-stall-'))
  const bytes = Buffer.alloc(16 * 1024 * 1024, 7) // more than the sockets' buffers hold
  blob = {
    path: path.join(dir, 'blob'),
    size: bytes.length,
    digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`
  }
  fs.writeFileSync(blob.path, bytes)
})
afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise(resolve => server.close(resolve))
  fs.rmSync(dir, { recursive: true, force: true })
})

const client = (): RegistryClient =>
  new RegistryClient({
    registry: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    dockerConfig: false,
    timeoutMs: 400,
    attempts: 2,
    baseDelayMs: 10
  })

describe('a blob upload is limited on a stall, not on its length', () => {
  test('a healthy upload: every byte arrives, through the stall meter', async () => {
    mode = 'healthy'
    expect(await client().uploadBlob('app', blob.digest, { path: blob.path, size: blob.size })).toBe(
      'uploaded'
    )
    expect(received).toBe(blob.digest)
  })

  test.each<[Mode, string]>([
    ['stop-reading', 'a registry that stops reading the body'],
    ['no-answer', 'a registry that takes the body and never answers']
  ])(
    '%s (%s): retried, then red saying it timed out',
    async m => {
      mode = m
      puts = 0
      const started = Date.now()
      await expect(
        client().uploadBlob('app', blob.digest, { path: blob.path, size: blob.size })
      ).rejects.toThrow(
        /upload blob sha256:[a-f0-9]{64} .*no progress for 400 ms \(timed out\).*gave up after 2 attempts/
      )
      expect(puts).toBe(2)
      expect(Date.now() - started).toBeLessThan(10_000)
    },
    30_000
  )
})
