// Human sizes ("500MB", "1.5 GiB", 1024) to bytes, and back.

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3
}

export function parseSize(value: string | number): number | undefined {
  if (typeof value === 'number') {
    // a fraction of a byte is no size (0.4 would round to 0, a limit no image meets)
    const bytes = Number.isFinite(value) ? Math.round(value) : 0
    return bytes > 0 ? bytes : undefined
  }
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*$/.exec(value)
  if (!m) return undefined
  const unit = UNITS[(m[2] || 'b').toLowerCase()]
  if (unit === undefined) return undefined
  const bytes = Math.round(Number(m[1]) * unit)
  return bytes > 0 ? bytes : undefined
}

export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`
  return `${bytes} B`
}
