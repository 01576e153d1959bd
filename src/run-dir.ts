// Where a run keeps its scratch files and imagegate its caches (main.ts and stages.ts both use them).
import * as os from 'node:os'
import * as path from 'node:path'

/** This run's scratch directory: one directory per image (named as the image), `.dockerfiles` beside. */
export function runDir(): string {
  return path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'imagegate', String(process.pid))
}

/** imagegate's caches: in the tool cache's directory on a runner, the user's cache elsewhere. */
export function cacheDir(name: 'imagegate-results' | 'imagegate-tools'): string {
  const base = process.env.RUNNER_TOOL_CACHE || path.join(os.homedir(), '.cache')
  return path.join(base, name)
}
