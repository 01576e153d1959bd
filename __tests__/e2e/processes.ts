// What processes a run leaves behind: read from /proc (pids with their start times, so a reused pid is
// never taken for a leftover), and a Trivy that hangs, for the limit and cancellation tests.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { testbed } from './testbed.js'

export interface Proc {
  pid: number
  ppid: number
  /** Clock ticks after boot: with the pid, one process for good. */
  start: string
  state: string
  argv: string[]
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // the command name may hold spaces and parentheses: the fields start after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
    return { pid, ppid: Number(fields[1]), start: fields[19] ?? '', state: fields[0] ?? '', argv }
  } catch {
    return undefined
  }
}

/** Every process running now (zombies left out: they run nothing). */
export function processes(): Proc[] {
  return fs
    .readdirSync('/proc')
    .filter(d => /^\d+$/.test(d))
    .map(d => readProc(Number(d)))
    .filter((p): p is Proc => p !== undefined && p.state !== 'Z')
}

/** The processes below `root` (children, grandchildren...), now. */
export function descendants(root: number): Proc[] {
  const all = processes()
  const found: Proc[] = []
  let level = [root]
  while (level.length > 0) {
    const next = all.filter(p => level.includes(p.ppid))
    found.push(...next)
    level = next.map(p => p.pid)
  }
  return found
}

/** Those of `procs` still running (same pid, same start time). */
export function stillRunning(procs: readonly Proc[]): Proc[] {
  return procs.filter(p => {
    const now = readProc(p.pid)
    return now !== undefined && now.start === p.start && now.state !== 'Z'
  })
}

/** Processes whose argv holds `marker` as a whole argument. */
export function withMarker(marker: string): Proc[] {
  return processes().filter(p => p.argv.includes(marker))
}

export async function waitUntil(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return true
    await new Promise(r => setTimeout(r, 250))
  }
  return await check()
}

/**
 * A `trivy` for the front of PATH: its version, help and `config` come from the bed's real Trivy (whose
 * version is `dev`: imagegate reads `image --help`); scans (`image`, `fs`, `rootfs`) never return (a `sleep <marker>` child, waited for). Returns the directory to put first.
 */
export function hangingTrivy(dir: string, marker: string): string {
  const bin = path.join(dir, 'hanging-trivy')
  fs.mkdirSync(bin, { recursive: true })
  const real = path.join(testbed().TRIVY_BIN_DIR, 'trivy')
  fs.writeFileSync(
    path.join(bin, 'trivy'),
    [
      '#!/bin/sh',
      'case "$1 $2" in',
      '  *--help*) ;;',
      `  image*|fs*|rootfs*) sleep ${marker} & wait; exit 1 ;;`,
      'esac',
      `exec ${real} "$@"`,
      ''
    ].join('\n'),
    { mode: 0o755 }
  )
  return bin
}

/** A number of seconds no other test sleeps: a marker to find a run's own `sleep` by. */
export function sleepMarker(): string {
  return String(100_000 + Math.floor(Math.random() * 800_000))
}
