// Azurite + the loopback artifact service (scripts/artifact-service/start.mjs) for end-to-end tests.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import * as path from 'node:path'
import { ROOT } from './runner.js'

export const ARTIFACT_SCRIPTS = path.join(ROOT, 'scripts', 'artifact-service')

export interface ArtifactBed {
  azurite: { pid: number; port: number; url: string }
  service: { pid: number; port: number; url: string }
  dir: string
}

export interface ServiceState {
  artifacts: {
    id: number
    name: string
    jobId: string
    state: string
    mimeType: string
    version: number
    retentionDays: number | null
    size: number
    digest?: string
  }[]
  calls: { method: string; status: number; name?: string }[]
}

/** Starts start.mjs and reads the ports and PIDs from its first line; it stops both when its stdin closes. */
export function startArtifactBed(): Promise<{ bed: ArtifactBed; child: ChildProcessWithoutNullStreams }> {
  const child = spawn(process.execPath, [path.join(ARTIFACT_SCRIPTS, 'start.mjs'), '--stop-on-stdin-close'], {
    stdio: ['pipe', 'pipe', 'pipe']
  })
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const onData = (d: Buffer): void => {
      out += d.toString()
      const nl = out.indexOf('\n')
      if (nl < 0) return
      child.stdout.off('data', onData)
      child.stdout.resume()
      try {
        resolve({ bed: JSON.parse(out.slice(0, nl)) as ArtifactBed, child })
      } catch (e) {
        reject(new Error(`start.mjs printed ${out.slice(0, nl)}: ${(e as Error).message}`))
      }
    }
    child.stdout.on('data', onData)
    child.on('exit', code => reject(new Error(`start.mjs exited with ${code} before it was ready:\n${err}`)))
  })
}

export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

export async function serviceState(bed: ArtifactBed): Promise<ServiceState> {
  const res = await fetch(`${bed.service.url}/_state`)
  return (await res.json()) as ServiceState
}
