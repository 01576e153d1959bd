// Tar archives in this process, through tar-stream: the entries of a layer (gzip-compressed or not) read
// as a stream with file contents skipped unread, chosen files written out, and an archive written from
// files on disk (the image a smoke test loads). No `tar` child.
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as zlib from 'node:zlib'
import { extract, pack, type Header } from 'tar-stream'

export type EntryType = 'file' | 'directory' | 'symlink' | 'link' | 'other'

export interface TarEntry {
  /** The name as stored, after GNU long names and pax `path` records (a leading `./` or `/` kept). */
  name: string
  type: EntryType
  /** The target of a symbolic or hard link. */
  linkname?: string
  size: number
  /** Its permission bits. */
  mode: number
}

/**
 * The entry's name as a path below the archive's root, normalized: no `./`, no leading or trailing `/`;
 * `.` for the root itself, and a path starting with `../` for a name that climbs out of it.
 */
export function entryPath(name: string): string {
  return path.posix.normalize(name.replace(/^\/+/, '')).replace(/(.)\/+$/, '$1')
}

function typeOf(header: Header): EntryType {
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
      return 'file'
    case 'directory':
    case 'symlink':
    case 'link':
      return header.type
    default:
      return 'other'
  }
}

const GZIP = Buffer.from([0x1f, 0x8b])
const ZSTD = Buffer.from([0x28, 0xb5, 0x2f, 0xfd])

async function magic(file: string): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r')
  try {
    const buf = Buffer.alloc(4)
    const { bytesRead } = await handle.read(buf, 0, 4, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** An error from a stream of another realm (zlib's and fs's, as under jest) as one that names the file. */
function namedError(file: string, err: unknown): Error {
  const { message, code } = (err ?? {}) as { message?: unknown; code?: unknown }
  const reason = typeof message === 'string' ? message : String(err)
  const gzip = typeof code === 'string' && code.startsWith('Z_') ? 'gzip: ' : ''
  return new Error(`${file}: ${gzip}${reason}`, { cause: err })
}

/**
 * Reads a tar file entry by entry, gunzipped when it starts with gzip's magic bytes (whatever a media type
 * says). `onEntry` may read the entry's body; whatever it leaves unread is skipped. Errors name the file.
 */
export async function readTar(
  file: string,
  onEntry: (entry: TarEntry, body: AsyncIterable<Buffer>) => Promise<void> | void
): Promise<void> {
  try {
    const head = await magic(file)
    if (head.equals(ZSTD))
      throw new Error('a zstd-compressed layer: only gzip-compressed or uncompressed tars can be read')
    const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 })
    // gunzip in 128 KiB pieces rather than 16: a fifth less CPU on a large layer
    const gzip = head.subarray(0, 2).equals(GZIP)
    const source = gzip ? input.pipe(zlib.createGunzip({ chunkSize: 128 * 1024 })) : input
    const entries = extract()
    const fail = (err: unknown): void => {
      entries.destroy(err instanceof Error ? err : new Error(String(err)))
    }
    input.on('error', fail)
    source.on('error', fail)
    source.pipe(entries)
    try {
      for await (const body of entries) {
        const { header } = body
        const entry: TarEntry = {
          name: header.name,
          type: typeOf(header),
          size: header.size,
          mode: header.mode
        }
        if (header.linkname) entry.linkname = header.linkname
        await onEntry(entry, body as AsyncIterable<Buffer>) // (its chunks are Buffers under Node)
        body.resume()
      }
    } finally {
      input.destroy()
    }
  } catch (err) {
    throw namedError(file, err)
  }
}

/** Every entry of a tar file, in archive order; contents skipped, never held. */
export async function listTar(file: string): Promise<TarEntry[]> {
  const out: TarEntry[] = []
  await readTar(file, entry => {
    out.push(entry)
  })
  return out
}

/**
 * Writes chosen regular files of a tar out: `wanted` maps an entry's path (as `entryPath` gives it) to
 * the files to write its content to. A hard link's content is its target's, written when the target's
 * entry is read (tar stores the target first): to take a hard link, ask for its target. Only regular
 * files are written (never a link, a device or a directory entry), so nothing lands outside the given
 * paths. Returns the paths written.
 */
export async function extractFiles(
  file: string,
  wanted: ReadonlyMap<string, readonly string[]>
): Promise<Set<string>> {
  const written = new Set<string>()
  await readTar(file, async (entry, body) => {
    const key = entryPath(entry.name)
    const outputs = wanted.get(key)
    if (entry.type !== 'file' || !outputs || outputs.length === 0) return
    const [first, ...copies] = outputs as [string, ...string[]]
    fs.mkdirSync(path.dirname(first), { recursive: true })
    await writeBody(first, body)
    for (const copy of copies) {
      fs.mkdirSync(path.dirname(copy), { recursive: true })
      fs.copyFileSync(first, copy)
    }
    written.add(key)
  })
  return written
}

/**
 * Writes a whole archive's directories and regular files below `dest` (a release archive): a file keeps
 * its owner's execute bit, never its owner or set-id bits. Names that climb out of `dest` are an error;
 * links and devices are skipped (nothing is written through a link, since none is made).
 */
export async function extractTree(file: string, dest: string): Promise<void> {
  await readTar(file, async (entry, body) => {
    const rel = entryPath(entry.name)
    if (rel === '..' || rel.startsWith('../'))
      throw new Error(`the entry ${JSON.stringify(entry.name)} climbs out of the archive`)
    const out = path.join(dest, rel)
    if (entry.type === 'directory') fs.mkdirSync(out, { recursive: true })
    if (entry.type !== 'file') return
    fs.mkdirSync(path.dirname(out), { recursive: true })
    await writeBody(out, body, entry.mode & 0o100 ? 0o755 : 0o644)
  })
}

async function writeBody(out: string, body: AsyncIterable<Buffer>, mode = 0o644): Promise<void> {
  const handle = await fs.promises.open(out, 'w', mode)
  try {
    for await (const chunk of body) await handle.write(chunk)
  } finally {
    await handle.close()
  }
}

export interface ArchiveEntry {
  /** The name inside the archive. */
  name: string
  /** The file on disk whose content it holds. */
  file: string
}

/**
 * Writes a plain (uncompressed) tar of files on disk under names of the caller's choosing, contents
 * streamed (a layer may be large), names in pax records when ustar cannot hold them.
 */
export async function writeTar(dest: string, entries: readonly ArchiveEntry[]): Promise<void> {
  const archive = pack()
  const output = fs.createWriteStream(dest)
  const written = new Promise<void>((resolve, reject) => {
    output.on('finish', resolve)
    output.on('error', reject)
    archive.on('error', reject)
  })
  archive.pipe(output)
  try {
    for (const entry of entries) {
      const stat = await fs.promises.stat(entry.file)
      await new Promise<void>((resolve, reject) => {
        const sink = archive.entry(
          { name: entry.name, size: stat.size, mode: 0o644, mtime: new Date(0) },
          err => (err ? reject(err) : resolve())
        )
        const input = fs.createReadStream(entry.file)
        input.on('error', err => {
          sink.destroy(err)
          reject(err)
        })
        input.pipe(sink)
      })
    }
    archive.finalize()
  } catch (err) {
    // a file that cannot be read: the archive stops, and its file is closed and removed before the
    // error is said (a write stream still opening would create it after the caller moved on)
    const e = err instanceof Error ? err : new Error(String(err))
    written.catch(() => undefined)
    archive.destroy(e)
    await new Promise<void>(resolve => {
      output.once('close', () => resolve())
      output.destroy()
    })
    fs.rmSync(dest, { force: true })
    throw e
  }
  await written
}
