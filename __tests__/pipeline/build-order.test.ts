import { describe, expect, it } from '@jest/globals'
import { buildOrder } from '../../src/pipeline/build-order.js'

const smoke = { health: { path: '/healthz', port: 8000 } }
const image = (name: string, o: { smoke?: boolean; platforms?: string[] } = {}) => ({
  name,
  platforms: o.platforms ?? ['linux/amd64', 'linux/arm64'],
  ...(o.smoke ? { smoke } : {})
})

describe('buildOrder', () => {
  it('starts the smoke-tested images first, each group in catalog order', () => {
    const images = [
      image('backend', { smoke: true }),
      image('worker'),
      image('frontend', { smoke: true }),
      image('nginx')
    ]
    expect(buildOrder(images, 'linux/amd64').map(i => i.name)).toEqual([
      'backend',
      'frontend',
      'worker',
      'nginx'
    ])
  })

  it('leaves an image whose smoke test cannot run here (not built for this platform) in catalog order', () => {
    const images = [
      image('a'),
      image('arm-only', { smoke: true, platforms: ['linux/arm64'] }),
      image('b', { smoke: true })
    ]
    expect(buildOrder(images, 'linux/amd64').map(i => i.name)).toEqual(['b', 'a', 'arm-only'])
    expect(buildOrder(images, 'linux/arm64').map(i => i.name)).toEqual(['arm-only', 'b', 'a'])
  })

  it('keeps the catalog order when no image, or every image, has a smoke test', () => {
    const none = [image('a'), image('b'), image('c')]
    expect(buildOrder(none, 'linux/amd64')).toEqual(none)
    const all = none.map(i => ({ ...i, smoke }))
    expect(buildOrder(all, 'linux/amd64')).toEqual(all)
  })
})
