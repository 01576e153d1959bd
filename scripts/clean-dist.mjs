// Before ncc writes dist/: removes the JavaScript it wrote last time. ncc only adds and overwrites, so a
// chunk whose id changed (a lazily loaded module moved) would otherwise stay behind, committed and dead.
import { existsSync, readdirSync, rmSync } from 'node:fs'

const dist = new URL('../dist/', import.meta.url)
for (const name of existsSync(dist) ? readdirSync(dist, { withFileTypes: true }) : [])
  if (name.isFile() && /\.js$/.test(name.name)) rmSync(new URL(name.name, dist))
