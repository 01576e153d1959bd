// The order in which the images' builds start (at most max-parallel at a time). An image's smoke test is
// the longest work after its build (load, start, wait for health, checks: a chain of engine calls that
// no core can shorten), so the images that have one build first: their smoke tests then run beside the
// other images' builds and scans, not after them. Catalog order otherwise (a stable sort).
import { nativePlatform } from '../docker/platform.js'
import type { ImagePlan } from '../plan/plan.js'

/** The images in the order their builds start: those with a smoke test on this platform first. */
export function buildOrder<T extends Pick<ImagePlan, 'smoke' | 'platforms'>>(
  images: readonly T[],
  platform: string = nativePlatform()
): T[] {
  const smokeTested = (i: T): boolean => i.smoke !== undefined && i.platforms.includes(platform)
  return [...images.filter(smokeTested), ...images.filter(i => !smokeTested(i))]
}
