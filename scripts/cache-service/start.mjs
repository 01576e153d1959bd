// Starts Azurite's blob server and the loopback cache service (server.mjs) on 127.0.0.1, waits until
// both answer, and stops both by PID (the artifact service's start.mjs, with the cache service).
//
//   node scripts/cache-service/start.mjs [--stop-on-stdin-close]
//
// prints one JSON line, {"azurite":{"pid","port","url"},"service":{"pid","port","url"},"dir"}, then
// runs until SIGTERM or SIGINT (or, with --stop-on-stdin-close, until its standard input closes), stops
// both servers and removes its data folder. As a module: `await startCacheBed()` returns the same
// object plus `stop()`.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { serveBed, startAzurite, startService, stopChild } from '../artifact-service/start.mjs'

const HERE = path.dirname(fileURLToPath(import.meta.url))

export async function startCacheBed({ dir, blobPort = 0, servicePort = 0 } = {}) {
  const ownDir = !dir
  const root = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-cache-service-'))
  const children = []
  const stop = async () => {
    for (const child of children.reverse()) await stopChild(child)
    if (ownDir) fs.rmSync(root, { recursive: true, force: true })
  }
  const serviceLog = path.join(root, 'service.log')
  try {
    const azurite = await startAzurite({ root, blobPort, children })
    const service = await startService({
      script: path.join(HERE, 'server.mjs'),
      env: { AZURITE_BLOB_URL: azurite.url, CACHE_SERVICE_PORT: String(servicePort) },
      logFile: serviceLog,
      what: 'the cache service',
      children
    })
    return {
      azurite: { pid: azurite.pid, port: azurite.port, url: azurite.url, version: azurite.version },
      service,
      dir: root,
      logs: { azurite: azurite.log, service: serviceLog },
      stop
    }
  } catch (err) {
    await stop()
    throw err
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  serveBed(() =>
    startCacheBed({
      blobPort: Number(process.env.AZURITE_BLOB_PORT ?? 0),
      servicePort: Number(process.env.CACHE_SERVICE_PORT ?? 0)
    })
  ).catch(err => {
    console.error(err.message)
    process.exit(1)
  })
}
