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
function azuriteBlobBin() {
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
function waitForOutput(child, stream, re, what) {
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
async function waitForHttp(url, what) {
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
async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  process.kill(child.pid, 'SIGTERM')
  const timedOut = await Promise.race([exited.then(() => false), sleep(STOP_MS).then(() => true)])
  if (timedOut && alive(child.pid)) {
    process.kill(child.pid, 'SIGKILL')
    await exited
  }
}

const logTail = file => {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n')
  } catch {
    return ''
  }
}

export async function startArtifactBed({ dir, blobPort = 0, servicePort = 0 } = {}) {
  const ownDir = !dir
  const root = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-artifact-service-'))
  fs.mkdirSync(path.join(root, 'azurite'), { recursive: true })
  const children = []
  const stop = async () => {
    for (const child of children.reverse()) await stopChild(child)
    if (ownDir) fs.rmSync(root, { recursive: true, force: true })
  }
  const azuriteLog = path.join(root, 'azurite.log')
  const serviceLog = path.join(root, 'service.log')
  try {
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

    const service = spawn(process.execPath, [path.join(HERE, 'server.mjs')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AZURITE_BLOB_URL: blobUrl, ARTIFACT_SERVICE_PORT: String(servicePort) }
    })
    children.push(service)
    const svcErr = fs.createWriteStream(serviceLog)
    service.stderr.pipe(svcErr)
    const [line] = await waitForOutput(service, service.stdout, /^\{.*\}\n/, 'the artifact service').catch(
      err => {
        throw new Error(`${err.message}\n${logTail(serviceLog)}`, { cause: err })
      }
    )
    service.stdout.pipe(svcErr)
    const info = JSON.parse(line)
    await waitForHttp(`${info.url}/_state`, 'the artifact service')
    return {
      azurite: { pid: azurite.pid, port: Number(new URL(blobUrl).port), url: blobUrl, version: bin.version },
      service: { pid: service.pid, port: info.port, url: info.url },
      dir: root,
      logs: { azurite: azuriteLog, service: serviceLog },
      stop
    }
  } catch (err) {
    await stop()
    throw err
  }
}

async function main() {
  const stopOnStdinClose = process.argv.includes('--stop-on-stdin-close')
  const bed = await startArtifactBed({
    blobPort: Number(process.env.AZURITE_BLOB_PORT ?? 0),
    servicePort: Number(process.env.ARTIFACT_SERVICE_PORT ?? 0)
  })
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch(err => {
    console.error(err.message)
    process.exit(1)
  })
}
