// The push: the scanned layouts of the images the gate and the strategy allow, when push is on; the
// registry's digest must be the scanned one.
import * as core from '@actions/core'
import { mapSettled } from '../concurrency.js'
import { recordTiming } from '../exec.js'
import { pushable, type GateResult } from '../gate/gate.js'
import type { Inputs } from '../inputs.js'
import { RegistryClient, type PushResult } from '../registry/client.js'
import { parseReference } from '../registry/reference.js'
import type { ImageRun } from './image.js'

export interface Published {
  pushed: Map<string, PushResult>
  /** Push failures by image (a registry that refused, bad credentials...). */
  errors: Map<string, string>
}

/** Pushes the scanned layouts, only those the gate and the strategy allow, only when push is on. */
export async function publish(images: ImageRun[], verdict: GateResult, inputs: Inputs): Promise<Published> {
  const out: Published = { pushed: new Map(), errors: new Map() }
  if (!inputs.push) {
    core.info('push is false: nothing is pushed')
    return out
  }
  const allowed = new Set(pushable(verdict, inputs['push-strategy']))
  if (allowed.size === 0) {
    core.info('the gate failed: nothing is pushed')
    return out
  }
  const clients = new Map<string, RegistryClient>()
  const clientFor = (host: string): RegistryClient => {
    let client = clients.get(host)
    if (!client) {
      client = new RegistryClient({
        registry: host,
        username: inputs.username || undefined,
        password: inputs.password || undefined
      })
      clients.set(host, client)
    }
    return client
  }
  await mapSettled(
    images.filter(i => allowed.has(i.plan.name) && i.layoutDir),
    inputs['max-parallel'],
    async image => {
      const start = Date.now()
      try {
        const host = parseReference(image.plan.repository).registry
        const result = await clientFor(host).pushLayout(
          image.layoutDir as string,
          image.plan.repository,
          image.plan.tags.map(t => t.tag)
        )
        if (result.digest !== image.digest) {
          throw new Error(`the registry holds ${result.digest}, the scanned image is ${image.digest}`)
        }
        core.info(
          `${image.plan.name}: pushed ${result.digest} to ${result.refs.join(', ')} (${result.uploadedBlobs} blobs uploaded, ${result.skippedBlobs} already there)`
        )
        out.pushed.set(image.plan.name, result)
        recordTiming('push', image.plan.name, start)
      } catch (err) {
        out.errors.set(
          image.plan.name,
          `${image.plan.name}: push failed: ${err instanceof Error ? err.message : String(err)}`
        )
      }
    }
  )
  return out
}
