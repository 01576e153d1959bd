// The two-phase publish policy with a fake registry client: what is uploaded, signed and tagged, in
// which order, for each strategy and each phase that fails.
import { describe, expect, test } from '@jest/globals'
import type { PushStrategy } from '../../src/gate/gate.js'
import type { TagResult, UploadResult } from '../../src/registry/client.js'
import {
  publishImages,
  phaseLine,
  publishLines,
  type PublishClient,
  type PublishImage,
  type UploadedImage
} from '../../src/publish/publish.js'

const digestOf = (name: string): string => `sha256:${name.padEnd(64, '0')}`

const image = (name: string, tags: string[] = ['1.0.0', 'latest']): PublishImage => ({
  name,
  repository: `127.0.0.1:5000/app/${name}`,
  layoutDir: `/layouts/${name}`,
  digest: digestOf(name),
  tags
})

interface Faults {
  /** Images whose upload throws. */
  upload?: string[]
  /** `name:tag` refused in phase 2. */
  tag?: string[]
  /** Images whose upload answers another digest. */
  wrongDigest?: string[]
}

/** A fake registry: records every call in order; tags land in `tags` only when phase 2 moved them. */
function fakeClient(faults: Faults = {}): {
  client: PublishClient
  calls: string[]
  tags: Map<string, string>
} {
  const calls: string[] = []
  const tags = new Map<string, string>()
  const nameOf = (repository: string): string => repository.split('/').pop() as string
  const client: PublishClient = {
    async uploadLayout(layoutDir: string, repository: string): Promise<UploadResult> {
      const name = nameOf(repository)
      calls.push(`upload ${name}`)
      await Promise.resolve()
      if (faults.upload?.includes(name)) throw new Error(`PUT manifest refused for ${name}`)
      const digest = faults.wrongDigest?.includes(name) ? digestOf('other') : digestOf(name)
      expect(layoutDir).toBe(`/layouts/${name}`)
      return {
        digest,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        size: 512,
        ref: `${repository}@${digest}`,
        uploadedBlobs: 3,
        uploadedBytes: 300,
        skippedBlobs: 0,
        skippedBytes: 0,
        mountedBlobs: 0
      }
    },
    async tag(repository: string, digest: string, list: readonly string[]): Promise<TagResult[]> {
      const name = nameOf(repository)
      calls.push(`tag ${name}`)
      await Promise.resolve()
      return list.map(tag => {
        const ref = `${repository}:${tag}`
        if (faults.tag?.includes(`${name}:${tag}`)) return { tag, ref, moved: false, error: 'HTTP 500' }
        tags.set(`${name}:${tag}`, digest)
        return { tag, ref, moved: true }
      })
    }
  }
  return { client, calls, tags }
}

describe('two-phase publish', () => {
  test('every image uploaded before any tag moves; refs are digest then tags', async () => {
    const { client, calls, tags } = fakeClient()
    const r = await publishImages([image('api'), image('web')], {
      strategy: 'all-or-nothing',
      clientFor: () => client,
      concurrency: 2
    })
    expect(r.passed).toBe(true)
    expect(r.phase).toBe('tag')
    expect(calls.slice(0, 2).sort()).toEqual(['upload api', 'upload web'])
    expect(calls.slice(2).sort()).toEqual(['tag api', 'tag web'])
    expect([...tags.keys()].sort()).toEqual(['api:1.0.0', 'api:latest', 'web:1.0.0', 'web:latest'])
    const api = r.images.find(i => i.name === 'api')
    expect(api).toMatchObject({
      digest: digestOf('api'),
      tagsMoved: ['1.0.0', 'latest'],
      tagsNotMoved: [],
      errors: [],
      refs: [
        `127.0.0.1:5000/app/api@${digestOf('api')}`,
        '127.0.0.1:5000/app/api:1.0.0',
        '127.0.0.1:5000/app/api:latest'
      ]
    })
    expect(api?.upload?.uploadedBlobs).toBe(3)
  })

  test.each([
    ['all-or-nothing', [], ['api', 'web']],
    ['per-image', ['api:1.0.0', 'api:latest'], ['web']]
  ] as [PushStrategy, string[], string[]][])(
    'an upload failure of one image, %s: tags moved %j',
    async (strategy, moved, notMovedImages) => {
      const { client, calls, tags } = fakeClient({ upload: ['web'] })
      const r = await publishImages([image('api'), image('web')], {
        strategy,
        clientFor: () => client,
        concurrency: 1
      })
      expect(r.passed).toBe(false)
      expect([...tags.keys()]).toEqual(moved)
      expect(calls.filter(c => c.startsWith('tag'))).toEqual(moved.length > 0 ? ['tag api'] : [])
      for (const name of notMovedImages) {
        expect(r.images.find(i => i.name === name)?.tagsNotMoved).toEqual(['1.0.0', 'latest'])
      }
      const web = r.images.find(i => i.name === 'web')
      expect(web?.errors).toEqual(['web: upload failed: PUT manifest refused for web'])
      const api = r.images.find(i => i.name === 'api')
      if (strategy === 'all-or-nothing') {
        expect(r.phase).toBe('upload')
        expect(api?.errors).toEqual(['api: no tag moved: upload failed for web (all-or-nothing)'])
        expect(phaseLine(r)).toBe('publish: phase 1 (upload by digest) failed: no tag moved')
        expect(api?.digest).toBe(digestOf('api')) // uploaded by digest, left untagged
      } else {
        expect(r.phase).toBe('tag')
        expect(api?.errors).toEqual([])
      }
    }
  )

  test('a digest other than the scanned one is an upload failure', async () => {
    const { client, tags } = fakeClient({ wrongDigest: ['api'] })
    const r = await publishImages([image('api')], {
      strategy: 'per-image',
      clientFor: () => client,
      concurrency: 1
    })
    expect(r.passed).toBe(false)
    expect(tags.size).toBe(0)
    expect(r.images[0]?.errors[0]).toBe(
      `api: upload failed: the registry holds ${digestOf('other')}, the scanned image is ${digestOf('api')}`
    )
  })

  test('phase 2 failure: exactly which tags moved and which did not, and the run is red', async () => {
    const { client, tags } = fakeClient({ tag: ['web:latest'] })
    const r = await publishImages([image('api'), image('web')], {
      strategy: 'all-or-nothing',
      clientFor: () => client,
      concurrency: 2
    })
    expect(r.passed).toBe(false)
    expect(r.phase).toBe('tag')
    expect(tags.has('web:latest')).toBe(false)
    const web = r.images.find(i => i.name === 'web')
    expect(web?.tagsMoved).toEqual(['1.0.0'])
    expect(web?.tagsNotMoved).toEqual(['latest'])
    expect(web?.errors).toEqual(['web: tag latest not moved: HTTP 500'])
    expect(publishLines(r)).toEqual([
      `api: 127.0.0.1:5000/app/api@${digestOf('api')}; tags moved: 1.0.0, latest`,
      `web: 127.0.0.1:5000/app/web@${digestOf('web')}; tags moved: 1.0.0; NOT moved: latest`
    ])
  })
})

describe('signing and attesting between the phases', () => {
  test('sign and attest every uploaded digest before any tag moves', async () => {
    const { client, calls } = fakeClient()
    const hook =
      (what: string) =>
      async (u: UploadedImage): Promise<void> => {
        calls.push(`${what} ${u.name}`)
        await Promise.resolve()
      }
    const r = await publishImages([image('api'), image('web')], {
      strategy: 'all-or-nothing',
      clientFor: () => client,
      concurrency: 1,
      sign: hook('sign'),
      attest: hook('attest')
    })
    expect(r.passed).toBe(true)
    expect([...calls].sort()).toEqual(
      [
        'upload api',
        'upload web',
        'sign api',
        'sign web',
        'attest api',
        'attest web',
        'tag api',
        'tag web'
      ].sort()
    )
    for (const name of ['api', 'web']) {
      expect(calls.indexOf(`attest ${name}`)).toBeGreaterThan(calls.indexOf(`upload ${name}`))
      expect(calls.indexOf(`sign ${name}`)).toBeGreaterThan(calls.indexOf(`upload ${name}`))
    }
    // no tag before every signature and attestation of every image
    const firstTag = calls.findIndex(c => c.startsWith('tag'))
    expect(calls.slice(firstTag).every(c => c.startsWith('tag'))).toBe(true)
    expect(r.images.every(i => i.signed && i.attested)).toBe(true)
    expect(publishLines(r)[0]).toContain('(signed, attested)')
  })

  test('an image is attested as soon as its own upload is through, while another still uploads', async () => {
    const { client, calls } = fakeClient()
    let releaseWeb: () => void = () => undefined
    const webHeld = new Promise<void>(resolve => (releaseWeb = resolve))
    const held: PublishClient = {
      uploadLayout: async (layoutDir, repository) => {
        if (repository.endsWith('/web')) await webHeld
        return await client.uploadLayout(layoutDir, repository)
      },
      tag: async (repository, digest, tags) => await client.tag(repository, digest, tags)
    }
    const r = await publishImages([image('api'), image('web')], {
      strategy: 'all-or-nothing',
      clientFor: () => held,
      concurrency: 2,
      attest: async u => {
        calls.push(`attest ${u.name}`)
        // api's attestations are made while web's upload has not finished
        if (u.name === 'api') releaseWeb()
        await Promise.resolve()
      }
    })
    expect(r.passed).toBe(true)
    expect(calls.indexOf('attest api')).toBeLessThan(calls.indexOf('upload web'))
    expect(calls.slice(-2).sort()).toEqual(['tag api', 'tag web'])
  })

  test('signAndAttest: each image sealed as soon as its own upload is through, instead of sign and attest', async () => {
    const { client, calls } = fakeClient()
    let releaseWeb: () => void = () => undefined
    const webHeld = new Promise<void>(resolve => (releaseWeb = resolve))
    const held: PublishClient = {
      uploadLayout: async (layoutDir, repository) => {
        if (repository.endsWith('/web')) await webHeld
        return await client.uploadLayout(layoutDir, repository)
      },
      tag: async (repository, digest, tags) => await client.tag(repository, digest, tags)
    }
    const r = await publishImages([image('api'), image('web')], {
      strategy: 'all-or-nothing',
      clientFor: () => held,
      concurrency: 2,
      sign: async () => {
        throw new Error('sign must not be called when signAndAttest is given')
      },
      attest: async () => {
        throw new Error('attest must not be called when signAndAttest is given')
      },
      signAndAttest: async u => {
        calls.push(`seal ${u.name}`)
        if (u.name === 'api') releaseWeb()
        await Promise.resolve()
      }
    })
    expect(r.passed).toBe(true)
    expect(calls.indexOf('seal api')).toBeLessThan(calls.indexOf('upload web'))
    expect(calls.slice(-2).sort()).toEqual(['tag api', 'tag web'])
    expect(r.images.every(i => i.signed && i.attested)).toBe(true)
  })

  test('signAndAttest: trustConcurrency images at once (bundles made in process), concurrency without it', async () => {
    const peak = async (trustConcurrency?: number): Promise<number> => {
      const { client } = fakeClient()
      let now = 0
      let most = 0
      const names = ['api', 'web', 'db', 'jobs']
      const r = await publishImages(
        names.map(n => image(n)),
        {
          strategy: 'all-or-nothing',
          clientFor: () => client,
          concurrency: 1,
          uploadConcurrency: 4,
          ...(trustConcurrency ? { trustConcurrency } : {}),
          signAndAttest: async () => {
            most = Math.max(most, ++now)
            await new Promise(resolve => setTimeout(resolve, 20))
            now--
          }
        }
      )
      expect(r.passed).toBe(true)
      return most
    }
    expect(await peak(4)).toBe(4)
    expect(await peak()).toBe(1)
  })

  test('signAndAttest, all-or-nothing: another upload fails, the sealed image is untagged and withdrawn', async () => {
    const { client, tags } = fakeClient({ upload: ['web'] })
    const calls: string[] = []
    const r = await publishImages([image('api'), image('web')], {
      strategy: 'all-or-nothing',
      clientFor: () => client,
      concurrency: 2,
      signAndAttest: async u => {
        calls.push(`seal ${u.name}`)
      },
      withdraw: async u => {
        calls.push(`withdraw ${u.name}`)
      }
    })
    expect(r.passed).toBe(false)
    expect(tags.size).toBe(0)
    expect(calls).toEqual(['seal api', 'withdraw api'])
    expect(r.images.map(i => [i.name, i.signed, i.attested])).toEqual([
      ['api', false, false],
      ['web', false, false]
    ])
    expect(r.images[0]?.errors.join('\n')).toMatch(/no tag moved: upload failed for web/)
  })

  test('signAndAttest fails: named as signing and attesting, no tag moves', async () => {
    const { client, tags } = fakeClient()
    const r = await publishImages([image('api')], {
      strategy: 'per-image',
      clientFor: () => client,
      concurrency: 1,
      signAndAttest: async () => {
        throw new Error('the referrers tag could not be written')
      }
    })
    expect(r.passed).toBe(false)
    expect(tags.size).toBe(0)
    expect(r.images[0]?.errors).toEqual([
      'api: signing and attesting failed: the referrers tag could not be written'
    ])
  })

  test('signMany: one call for every uploaded digest, after every upload; sign is not used', async () => {
    const { client, calls } = fakeClient()
    const batches: string[][] = []
    const r = await publishImages([image('api'), image('web'), image('db')], {
      strategy: 'all-or-nothing',
      clientFor: () => client,
      concurrency: 2,
      sign: async () => {
        throw new Error('sign must not be called when signMany is given')
      },
      signMany: async list => {
        calls.push('sign')
        batches.push(list.map(u => u.ref))
        await Promise.resolve()
      }
    })
    expect(r.passed).toBe(true)
    expect(batches).toEqual([['api', 'web', 'db'].map(n => `127.0.0.1:5000/app/${n}@${digestOf(n)}`)])
    expect(calls.indexOf('sign')).toBe(3) // after the three uploads, before any tag
    expect(r.images.every(i => i.signed && !i.attested)).toBe(true)
  })

  test.each([
    ['all-or-nothing', []],
    ['per-image', ['api:1.0.0', 'api:latest']]
  ] as [PushStrategy, string[]][])(
    'signMany fails, %s: each image signed on its own, so the failure is its own',
    async (strategy, moved) => {
      const { client, tags } = fakeClient()
      const batches: string[][] = []
      const r = await publishImages([image('api'), image('web')], {
        strategy,
        clientFor: () => client,
        concurrency: 2,
        signMany: async list => {
          batches.push(list.map(u => u.name))
          await Promise.resolve()
          if (list.some(u => u.name === 'web')) throw new Error('cosign sign exited 1')
        }
      })
      expect(batches).toEqual([['api', 'web'], ['api'], ['web']])
      expect([...tags.keys()]).toEqual(moved)
      expect(r.images.find(i => i.name === 'api')?.signed).toBe(true)
      const web = r.images.find(i => i.name === 'web')
      expect(web?.signed).toBe(false)
      expect(web?.errors).toEqual(['web: signing failed: cosign sign exited 1'])
      expect(r.phase).toBe(strategy === 'per-image' ? 'tag' : 'sign')
    }
  )

  test('all-or-nothing: an upload failure and an attestation failure are both named; no tag moves, nothing signed', async () => {
    const { client, tags } = fakeClient({ upload: ['web'] })
    const signed: string[] = []
    const r = await publishImages([image('api'), image('web'), image('db')], {
      strategy: 'all-or-nothing',
      clientFor: () => client,
      concurrency: 3,
      signMany: async list => {
        signed.push(...list.map(u => u.name))
        await Promise.resolve()
      },
      attest: async u => {
        await Promise.resolve()
        if (u.name === 'api') throw new Error('no predicate')
      }
    })
    expect(tags.size).toBe(0)
    expect(r.phase).toBe('upload')
    expect(phaseLine(r)).toBe('publish: phase 1 (upload by digest) failed: no tag moved')
    expect(r.images.find(i => i.name === 'web')?.errors).toEqual([
      'web: upload failed: PUT manifest refused for web'
    ])
    expect(r.images.find(i => i.name === 'api')?.errors).toEqual(['api: attesting failed: no predicate'])
    expect(r.images.find(i => i.name === 'db')?.errors).toEqual([
      'db: no tag moved: upload failed for web; attesting failed for api (all-or-nothing)'
    ])
    // web was never uploaded: nothing of it is attested; no tag will move: nothing is signed
    expect(r.images.find(i => i.name === 'web')?.attested).toBe(false)
    expect(signed).toEqual([])
    expect(r.images.some(i => i.signed)).toBe(false)
    expect(r.images.find(i => i.name === 'db')?.attested).toBe(true)
  })

  test.each([
    ['all-or-nothing', []],
    ['per-image', ['api:1.0.0', 'api:latest']]
  ] as [PushStrategy, string[]][])(
    'a signing failure, %s: no tag points at an unsigned digest',
    async (strategy, moved) => {
      const { client, tags } = fakeClient()
      const r = await publishImages([image('api'), image('web')], {
        strategy,
        clientFor: () => client,
        concurrency: 2,
        sign: async u => {
          await Promise.resolve()
          if (u.name === 'web') throw new Error('cosign exited 1')
        }
      })
      expect(r.passed).toBe(false)
      expect([...tags.keys()]).toEqual(moved)
      const web = r.images.find(i => i.name === 'web')
      expect(web?.signed).toBe(false)
      expect(web?.tagsNotMoved).toEqual(['1.0.0', 'latest'])
      expect(web?.errors).toEqual(['web: signing failed: cosign exited 1'])
    }
  )

  test('an attestation failure after a signature: signed, not attested, not tagged', async () => {
    const { client, tags } = fakeClient()
    const r = await publishImages([image('api')], {
      strategy: 'all-or-nothing',
      clientFor: () => client,
      concurrency: 1,
      sign: async () => undefined,
      attest: async () => {
        throw new Error('no predicate')
      }
    })
    expect(r.images[0]).toMatchObject({ signed: true, attested: false, tagsMoved: [] })
    expect(r.phase).toBe('sign')
    expect(phaseLine(r)).toBe('publish: signing or attesting failed: no tag of an unsigned image moved')
    expect(tags.size).toBe(0)
  })

  test('nothing to publish: passed, nothing called', async () => {
    const { client, calls } = fakeClient()
    const r = await publishImages([], { strategy: 'all-or-nothing', clientFor: () => client, concurrency: 4 })
    expect(r).toEqual({ phase: 'upload', passed: true, images: [] })
    expect(calls).toEqual([])
  })

  test('uploads and tags go uploadConcurrency images at once, attestations concurrency at once', async () => {
    const running = { upload: 0, tag: 0, attest: 0 }
    const most = { upload: 0, tag: 0, attest: 0 }
    const busy = async (kind: keyof typeof running): Promise<void> => {
      running[kind]++
      most[kind] = Math.max(most[kind], running[kind])
      await new Promise(resolve => setTimeout(resolve, 5))
      running[kind]--
    }
    const { client } = fakeClient()
    const names = ['a', 'b', 'c', 'd', 'e', 'f']
    const r = await publishImages(
      names.map(n => image(n)),
      {
        strategy: 'all-or-nothing',
        clientFor: () => ({
          uploadLayout: async (dir, repo) => {
            await busy('upload')
            return await client.uploadLayout(dir, repo)
          },
          tag: async (repo, digest, tags) => {
            await busy('tag')
            return await client.tag(repo, digest, tags)
          }
        }),
        concurrency: 2,
        uploadConcurrency: 4,
        attest: async () => await busy('attest')
      }
    )
    expect(r.phase).toBe('tag')
    expect(most).toEqual({ upload: 4, tag: 4, attest: 2 })
  })
})

describe('nothing left behind', () => {
  const hooks = (calls: string[], fail: string[] = []) => ({
    signMany: async (images: readonly UploadedImage[]) => {
      calls.push(`sign ${images.map(i => i.name).join(' ')}`)
      for (const i of images) if (fail.includes(`sign ${i.name}`)) throw new Error(`no key for ${i.name}`)
    },
    attest: async (i: UploadedImage) => {
      calls.push(`attest ${i.name} ${i.mediaType} ${i.size}`)
      if (fail.includes(`attest ${i.name}`)) throw new Error('refused')
    },
    withdraw: async (i: UploadedImage) => {
      calls.push(`withdraw ${i.name}`)
    }
  })

  test('all tags moved: nothing is withdrawn', async () => {
    const { client } = fakeClient()
    const calls: string[] = []
    const r = await publishImages([image('api'), image('web')], {
      strategy: 'all-or-nothing',
      clientFor: () => client,
      concurrency: 2,
      ...hooks(calls)
    })
    expect(r.passed).toBe(true)
    expect(calls.filter(c => c.startsWith('withdraw'))).toEqual([])
    // the hooks see what a referrer's subject needs: the root's media type and size
    expect(calls).toContain('attest api application/vnd.oci.image.index.v1+json 512')
  })

  test('all-or-nothing, one attestation refused: both images uploaded, signed, untagged, and withdrawn', async () => {
    const { client, tags } = fakeClient()
    const calls: string[] = []
    const r = await publishImages([image('api'), image('web')], {
      strategy: 'all-or-nothing',
      clientFor: () => client,
      concurrency: 2,
      ...hooks(calls, ['attest web'])
    })
    expect(r.passed).toBe(false)
    expect(tags.size).toBe(0)
    expect(calls.filter(c => c.startsWith('withdraw')).sort()).toEqual(['withdraw api', 'withdraw web'])
    for (const i of r.images) expect([i.signed, i.attested]).toEqual([false, false])
  })

  test('per-image: only the image that was not tagged is withdrawn', async () => {
    const { client, tags } = fakeClient()
    const calls: string[] = []
    const r = await publishImages([image('api'), image('web')], {
      strategy: 'per-image',
      clientFor: () => client,
      concurrency: 2,
      ...hooks(calls, ['attest web'])
    })
    expect([...tags.keys()].sort()).toEqual(['api:1.0.0', 'api:latest'])
    expect(calls.filter(c => c.startsWith('withdraw'))).toEqual(['withdraw web'])
    expect(r.images.find(i => i.name === 'api')).toMatchObject({ signed: true, attested: true })
  })

  test('every tag refused in phase 2: the image is withdrawn; one tag moved: kept', async () => {
    const { client } = fakeClient({ tag: ['web:1.0.0', 'web:latest', 'api:latest'] })
    const calls: string[] = []
    await publishImages([image('api'), image('web')], {
      strategy: 'per-image',
      clientFor: () => client,
      concurrency: 2,
      ...hooks(calls)
    })
    expect(calls.filter(c => c.startsWith('withdraw'))).toEqual(['withdraw web'])
  })

  test('a withdrawal that fails is an error of the image', async () => {
    const { client } = fakeClient({ upload: ['web'] })
    const r = await publishImages([image('api'), image('web')], {
      strategy: 'all-or-nothing',
      clientFor: () => client,
      concurrency: 2,
      ...hooks([]),
      withdraw: async () => {
        throw new Error('HTTP 500')
      }
    })
    expect(r.images.find(i => i.name === 'api')?.errors).toContain(
      'api: its signatures and attestations could not be taken back: HTTP 500'
    )
  })
})
