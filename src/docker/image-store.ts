// The engine's image store, shared by this run's builds, smoke-image loads and smoke-image removals.
// With the containerd image store, removing an image deletes the snapshots of its layers that no other
// image holds at that moment; a `docker load` (or a BuildKit build) unpacking an image on the same base
// at the same time then fails: `failed to prepare extraction snapshot ... parent snapshot ... does not
// exist: not found` (seen on the test bed, a load beside another image's `docker image rm`), or a
// build's `lease ... not found`. So a removal waits until no load or build of this run is under way,
// and loads and builds wait while one runs. Loads and builds run side by side as before, and so do
// removals; removals are clean-ups run beside the rest of the run (awaited before it ends), so their
// wait is off its path.

type Kind = 'use' | 'remove'

const active: Record<Kind, number> = { use: 0, remove: 0 }
const waiting: { kind: Kind; go: () => void }[] = []

function other(kind: Kind): Kind {
  return kind === 'use' ? 'remove' : 'use'
}

/** Lets in, in order, every waiter whose kind may run now (none of the other kind active). */
function admit(): void {
  for (let i = 0; i < waiting.length;) {
    const w = waiting[i]
    if (!w || active[other(w.kind)] > 0) {
      i++
      continue
    }
    waiting.splice(i, 1)
    active[w.kind]++
    w.go()
  }
}

/**
 * Holds the store for `fn` as `kind`. A load or build waits only for a removal that runs, never for one
 * that waits (a smoke test never waits for another image's build); a removal waits for every load and
 * build under way, at the latest until the run's last one ends.
 */
async function hold<T>(kind: Kind, fn: () => Promise<T>): Promise<T> {
  if (active[other(kind)] > 0) {
    await new Promise<void>(go => waiting.push({ kind, go }))
  } else {
    active[kind]++
  }
  try {
    return await fn()
  } finally {
    active[kind]--
    admit()
  }
}

/** Runs a load into the engine or a build (`fn`): never while one of this run's image removals runs. */
export async function usingImageStore<T>(fn: () => Promise<T>): Promise<T> {
  return await hold('use', fn)
}

/** Runs an image removal (`fn`): never while one of this run's loads or builds runs. */
export async function removingImages<T>(fn: () => Promise<T>): Promise<T> {
  return await hold('remove', fn)
}
