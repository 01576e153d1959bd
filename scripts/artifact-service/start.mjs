// Starts Azurite's blob server and the loopback artifact service (server.mjs) on 127.0.0.1, waits until
// both answer, and stops both by PID.
//
//   node scripts/artifact-service/start.mjs [--stop-on-stdin-close]
//
// prints one JSON line, {"azurite":{"pid","port","url"},"service":{"pid","port","url"},"dir"}, then
// runs until SIGTERM or SIGINT (or, with --stop-on-stdin-close, until its standard input closes: a
// test that dies cannot leave the servers behind), stops both servers and removes its data folder.
// As a module: `await startArtifactBed()` returns the same object plus `stop()`.
//
// Azurite flags: --skipApiVersionCheck because @azure/storage-blob (12.32 in @actions/artifact 6.2.1)
// sends x-ms-version 2026-04-06, newer than Azurite knows; --disableTelemetry because Azurite would
// otherwise send usage data to an Azure endpoint (the machine has no network beyond the registries).
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as http from 'node:http'
import { createRequire } from 'node:module'
import * as os from 'node:os'
import * as path from 'node:path'
import { clearTimeout, setTimeout } from 'node:timers'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const STARTUP_MS = 60_000
const STOP_MS = 10_000

/** The azurite-blob entry point from the installed azurite package (its `bin` field). */
export function azuriteBlobBin() {
  const require = createRequire(import.meta.url)
  let pkgPath
  try {
    pkgPath = require.resolve('azurite/package.json')
  } catch {
    throw new Error('the azurite package is not installed (a devDependency of this project): run npm ci')
  }
  const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'))
  const bin = typeof pkg.bin === 'object' ? pkg.bin['azurite-blob'] : undefined
  if (!bin) throw new Error(`azurite ${pkg.version} has no azurite-blob program`)
  return { file: path.join(path.dirname(pkgPath), bin), version: pkg.version }
}

/** Resolves with the first match of `re` in a child's output; rejects when it exits or times out. */
export function waitForOutput(child, stream, re, what) {
  return new Promise((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(
      () => done(new Error(`${what} did not start within ${STARTUP_MS / 1000} s`)),
      STARTUP_MS
    )
    const onData = chunk => {
      seen += chunk.toString()
      const m = re.exec(seen)
      if (m) done(null, m)
    }
    const onExit = code => done(new Error(`${what} exited with ${code} before it was ready`))
    function done(err, m) {
      clearTimeout(timer)
      stream.off('data', onData)
      child.off('exit', onExit)
      if (err) reject(err)
      else resolve(m)
    }
    stream.on('data', onData)
    child.on('exit', onExit)
  })
}

/** Resolves once `url` answers HTTP at all (any status). */
export async function waitForHttp(url, what) {
  const deadline = Date.now() + STARTUP_MS
  for (;;) {
    const ok = await new Promise(resolve => {
      const req = http.get(url, res => {
        res.resume()
        resolve(true)
      })
      req.on('error', () => resolve(false))
      req.setTimeout(2000, () => req.destroy())
    })
    if (ok) return
    if (Date.now() > deadline) throw new Error(`${what} at ${url} does not answer`)
    await sleep(100)
  }
}

const alive = pid => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** SIGTERM by PID, then SIGKILL if it is still there after STOP_MS. */
export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  process.kill(child.pid, 'SIGTERM')
  const timedOut = await Promise.race([exited.then(() => false), sleep(STOP_MS).then(() => true)])
  if (timedOut && alive(child.pid)) {
    process.kill(child.pid, 'SIGKILL')
    await exited
  }
}

export const logTail = file => {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n')
  } catch {
    return ''
  }
}

/**
 * Starts Azurite's blob server with its data in `root`/azurite and its log in `root`/azurite.log; the
 * child is pushed on `children` (stopped by the caller). Resolves with its blob endpoint.
 */
export async function startAzurite({ root, blobPort = 0, children }) {
  fs.mkdirSync(path.join(root, 'azurite'), { recursive: true })
  const azuriteLog = path.join(root, 'azurite.log')
  const bin = azuriteBlobBin()
  const azurite = spawn(
    process.execPath,
    [
      bin.file,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(blobPort),
      '--location',
      path.join(root, 'azurite'),
      '--silent',
      '--skipApiVersionCheck',
      '--disableTelemetry'
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  children.push(azurite)
  const azOut = fs.createWriteStream(azuriteLog)
  azurite.stdout.pipe(azOut)
  azurite.stderr.pipe(azOut)
  const [, blobUrl] = await waitForOutput(
    azurite,
    azurite.stdout,
    /successfully listens on (http:\/\/127\.0\.0\.1:\d+)/,
    `Azurite ${bin.version}`
  ).catch(err => {
    throw new Error(`${err.message}\n${logTail(azuriteLog)}`, { cause: err })
  })
  await waitForHttp(`${blobUrl}/devstoreaccount1?comp=list`, 'Azurite')
  return {
    pid: azurite.pid,
    port: Number(new URL(blobUrl).port),
    url: blobUrl,
    version: bin.version,
    log: azuriteLog
  }
}

/**
 * Starts a loopback service (a server.mjs that prints its {"port","url"} line first) with `env`, its
 * output in `logFile`; the child is pushed on `children`. Resolves once GET /_state answers.
 */
export async function startService({ script, env, logFile, what, children }) {
  const service = spawn(process.execPath, [script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env }
  })
  children.push(service)
  const svcErr = fs.createWriteStream(logFile)
  service.stderr.pipe(svcErr)
  const [line] = await waitForOutput(service, service.stdout, /^\{.*\}\n/, what).catch(err => {
    throw new Error(`${err.message}\n${logTail(logFile)}`, { cause: err })
  })
  service.stdout.pipe(svcErr)
  const info = JSON.parse(line)
  await waitForHttp(`${info.url}/_state`, what)
  return { pid: service.pid, port: info.port, url: info.url }
}

export async function startArtifactBed({ dir, blobPort = 0, servicePort = 0 } = {}) {
  const ownDir = !dir
  const root = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-artifact-service-'))
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
      env: { AZURITE_BLOB_URL: azurite.url, ARTIFACT_SERVICE_PORT: String(servicePort) },
      logFile: serviceLog,
      what: 'the artifact service',
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

/**
 * What main() of a bed's start.mjs does: print the bed (without stop) as one JSON line, then run until
 * SIGTERM or SIGINT (or, with --stop-on-stdin-close, until standard input closes) and stop it.
 */
export async function serveBed(start) {
  const stopOnStdinClose = process.argv.includes('--stop-on-stdin-close')
  const bed = await start()
  const { stop, ...shown } = bed
  console.log(JSON.stringify(shown))
  let stopping = false
  const shutdown = () => {
    if (stopping) return
    stopping = true
    stop().then(
      () => process.exit(0),
      err => {
        console.error(err.message)
        process.exit(1)
      }
    )
  }
  process.once('SIGTERM', shutdown)
  process.once('SIGINT', shutdown)
  if (stopOnStdinClose) {
    process.stdin.on('end', shutdown)
    process.stdin.on('close', shutdown)
    process.stdin.resume()
  }
}

async function main() {
  await serveBed(() =>
    startArtifactBed({
      blobPort: Number(process.env.AZURITE_BLOB_PORT ?? 0),
      servicePort: Number(process.env.ARTIFACT_SERVICE_PORT ?? 0)
    })
  )
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch(err => {
    console.error(err.message)
    process.exit(1)
  })
}
