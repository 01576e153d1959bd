// Tar reading and writing in process (src/oci/tar.ts) on archives GNU tar writes in each of its formats,
// gzip-compressed or not: every file put in the tree is listed with its type, and chosen files come out
// with their bytes.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { gzipSync } from 'node:zlib'
import { pack } from 'tar-stream'
import { entryPath, extractFiles, extractTree, listTar, writeTar, type EntryType } from '../../src/oci/tar.js'

let tmp: string

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-tar-'))
})

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})

function gnuTar(args: string[]): string {
  const r = spawnSync('tar', args, { encoding: 'utf8' })
  expect([r.status, r.stderr]).toEqual([0, ''])
  return r.stdout
}

/** Names over 100 and over 255 characters (GNU 'L' headers, pax `path=`), links, a non-ASCII name. */
const LONG = `${'d'.repeat(60)}/${'e'.repeat(60)}/a-name-past-one-hundred.txt`
const VERY_LONG = `${['f', 'g', 'h', 'i'].map(c => c.repeat(60)).join('/')}/past-two-hundred-fifty-five.txt`

/** A tree of every kind of entry a layer holds; returns what each path is. */
function tree(dir: string, veryLong: boolean): Map<string, EntryType> {
  const want = new Map<string, EntryType>()
  const file = (p: string, content = `content of ${p}\n`): void => {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true })
    fs.writeFileSync(path.join(dir, p), content)
    want.set(p, 'file')
  }
  file('app/run.sh')
  file('app/config/.wh.key.pem', '')
  file('etc/.wh..wh..opq', '')
  file('etc/ünïcödé-名前.txt')
  file(LONG)
  if (veryLong) file(VERY_LONG)
  fs.symlinkSync('run.sh', path.join(dir, 'app/alias'))
  want.set('app/alias', 'symlink')
  fs.linkSync(path.join(dir, 'app/run.sh'), path.join(dir, 'app/run-hard'))
  want.set('app/run-hard', 'link')
  for (const d of [
    'app',
    'app/config',
    'etc',
    ...new Set([LONG, ...(veryLong ? [VERY_LONG] : [])].flatMap(ancestors))
  ])
    want.set(d, 'directory')
  return want
}

function ancestors(p: string): string[] {
  const out: string[] = []
  for (let d = path.posix.dirname(p); d !== '.'; d = path.posix.dirname(d)) out.push(d)
  return out
}

describe('listTar: the entries of a layer, as stored', () => {
  const formats: { format: string; veryLong: boolean }[] = [
    { format: 'gnu', veryLong: true },
    { format: 'posix', veryLong: true },
    // ustar holds names up to 255 characters (prefix + name)
    { format: 'ustar', veryLong: false }
  ]
  for (const { format, veryLong } of formats) {
    for (const gzip of [true, false]) {
      for (const dotSlash of [true, false]) {
        test(`--format=${format}, ${gzip ? 'gzip' : 'uncompressed'}, ${dotSlash ? './ names' : 'bare names'}`, async () => {
          const dir = fs.mkdtempSync(path.join(tmp, 'tree-'))
          const want = tree(dir, veryLong)
          const file = path.join(tmp, `${path.basename(dir)}.tar${gzip ? '.gz' : ''}`)
          const top = fs.readdirSync(dir).sort()
          gnuTar([
            '-C',
            dir,
            `--format=${format}`,
            gzip ? '-czf' : '-cf',
            file,
            '--',
            ...(dotSlash ? ['.'] : top)
          ])

          const entries = await listTar(file)
          const got = new Map(entries.map(e => [entryPath(e.name), e.type]))
          if (dotSlash) expect(got.get('.')).toBe('directory')
          got.delete('.')
          expect(got).toEqual(want)
          expect(entries.every(e => e.name.startsWith('./') === dotSlash)).toBe(true)
          const hard = entries.find(e => entryPath(e.name) === 'app/run-hard')
          expect(hard && entryPath(hard.linkname ?? '')).toBe('app/run.sh')
          expect(entries.find(e => e.name.endsWith('app/alias'))?.linkname).toBe('run.sh')
        })
      }
    }
  }

  test('a 20 MB file is skipped, not held: the entries after it are listed', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'big-'))
    fs.writeFileSync(path.join(dir, 'a-big'), Buffer.alloc(20 * 1024 * 1024, 7))
    fs.writeFileSync(path.join(dir, 'b-after'), 'x')
    const file = path.join(tmp, 'big.tar.gz')
    gnuTar(['-C', dir, '-czf', file, 'a-big', 'b-after'])
    expect((await listTar(file)).map(({ name, type, size }) => ({ name, type, size }))).toEqual([
      { name: 'a-big', type: 'file', size: 20 * 1024 * 1024 },
      { name: 'b-after', type: 'file', size: 1 }
    ])
  })

  test('a cut-off gzip stream, a cut-off tar, a zstd layer and a file that is no tar are errors naming the file', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'bad-'))
    fs.writeFileSync(path.join(dir, 'f'), Buffer.alloc(64 * 1024, 1))
    const good = path.join(tmp, 'good.tar')
    gnuTar(['-C', dir, '-cf', good, 'f'])
    const bytes = fs.readFileSync(good)
    const cut = path.join(tmp, 'cut.tar.gz')
    const gz = gzipSync(bytes)
    fs.writeFileSync(cut, gz.subarray(0, gz.length - 100))
    await expect(listTar(cut)).rejects.toThrow(`${cut}: `)
    const short = path.join(tmp, 'short.tar')
    fs.writeFileSync(short, bytes.subarray(0, 512 + 1000))
    await expect(listTar(short)).rejects.toThrow(`${short}: `)
    const zstd = path.join(tmp, 'layer.zst')
    fs.writeFileSync(zstd, Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]))
    await expect(listTar(zstd)).rejects.toThrow(`${zstd}: a zstd-compressed layer`)
    const text = path.join(tmp, 'text.tar')
    fs.writeFileSync(text, 'not a tar at all\n'.repeat(64))
    await expect(listTar(text)).rejects.toThrow(`${text}: `)
  })
})

describe('extractFiles: chosen regular files, with their bytes', () => {
  test("a file, a hard link's content (through its target) and nothing else", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'x-'))
    tree(dir, true)
    fs.writeFileSync(path.join(dir, 'app/config/key.pem'), 'PRIVATE\n')
    const file = path.join(tmp, 'x.tar.gz')
    gnuTar(['-C', dir, '--format=posix', '-czf', file, '.'])
    const out = fs.mkdtempSync(path.join(tmp, 'out-'))
    const written = await extractFiles(
      file,
      new Map([
        ['app/config/key.pem', [path.join(out, 'one/key.pem')]],
        // the hard link app/run-hard holds app/run.sh's bytes: both outputs come from that entry
        ['app/run.sh', [path.join(out, 'one/run.sh'), path.join(out, 'two/run-hard')]],
        [VERY_LONG, [path.join(out, 'long.txt')]],
        ['app/alias', [path.join(out, 'alias')]],
        ['no/such/file', [path.join(out, 'missing')]]
      ])
    )
    expect([...written].sort()).toEqual(['app/config/key.pem', 'app/run.sh', VERY_LONG].sort())
    expect(fs.readFileSync(path.join(out, 'one/key.pem'), 'utf8')).toBe('PRIVATE\n')
    expect(fs.readFileSync(path.join(out, 'one/run.sh'), 'utf8')).toBe('content of app/run.sh\n')
    expect(fs.readFileSync(path.join(out, 'two/run-hard'), 'utf8')).toBe('content of app/run.sh\n')
    expect(fs.readFileSync(path.join(out, 'long.txt'), 'utf8')).toBe(`content of ${VERY_LONG}\n`)
    // a symbolic link is never written (it could point anywhere)
    expect(fs.existsSync(path.join(out, 'alias'))).toBe(false)
    expect(fs.existsSync(path.join(out, 'missing'))).toBe(false)
  })
})

describe('extractTree: a release archive below a directory', () => {
  test('directories and files, the execute bit kept; no link made', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'rel-'))
    fs.writeFileSync(path.join(dir, 'trivy'), '#!/bin/sh\n', { mode: 0o755 })
    fs.mkdirSync(path.join(dir, 'contrib'))
    fs.writeFileSync(path.join(dir, 'contrib/html.tpl'), 'template', { mode: 0o644 })
    fs.symlinkSync('/etc/passwd', path.join(dir, 'contrib/escape'))
    const file = path.join(tmp, 'release.tar.gz')
    gnuTar(['-C', dir, '-czf', file, 'trivy', 'contrib'])
    const out = fs.mkdtempSync(path.join(tmp, 'rel-out-'))
    await extractTree(file, out)
    expect(fs.statSync(path.join(out, 'trivy')).mode & 0o777).toBe(0o755)
    expect(fs.statSync(path.join(out, 'contrib/html.tpl')).mode & 0o777).toBe(0o644)
    expect(fs.readFileSync(path.join(out, 'contrib/html.tpl'), 'utf8')).toBe('template')
    expect(fs.readdirSync(path.join(out, 'contrib'))).toEqual(['html.tpl'])
  })

  test('a name that climbs out of the directory is an error; nothing lands outside', async () => {
    const archive = pack()
    const chunks: Buffer[] = []
    archive.on('data', (c: unknown) => chunks.push(c as Buffer))
    const done = new Promise<void>(resolve => archive.on('end', () => resolve()))
    archive.entry({ name: '../outside.txt' }, 'x')
    archive.finalize()
    await done
    const file = path.join(tmp, 'climb.tar')
    fs.writeFileSync(file, Buffer.concat(chunks))
    const out = path.join(fs.mkdtempSync(path.join(tmp, 'climb-')), 'in')
    fs.mkdirSync(out)
    await expect(extractTree(file, out)).rejects.toThrow(
      `${file}: the entry "../outside.txt" climbs out of the archive`
    )
    expect(fs.existsSync(path.join(out, '..', 'outside.txt'))).toBe(false)
  })
})

describe('writeTar: an archive of files on disk under chosen names', () => {
  test('GNU tar reads back every name and byte, a large file streamed', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'w-'))
    const big = path.join(dir, 'big')
    fs.writeFileSync(big, Buffer.alloc(3 * 1024 * 1024 + 17, 9))
    fs.writeFileSync(path.join(dir, 'index.json'), '{"schemaVersion":2}')
    const blob = `blobs/sha256/${'a'.repeat(64)}`
    const longName = `${'n'.repeat(120)}/${'m'.repeat(150)}`
    const dest = path.join(tmp, 'written.tar')
    await writeTar(dest, [
      { name: 'index.json', file: path.join(dir, 'index.json') },
      { name: blob, file: big },
      { name: longName, file: path.join(dir, 'index.json') }
    ])
    expect(gnuTar(['-tf', dest]).trim().split('\n')).toEqual(['index.json', blob, longName])
    const out = fs.mkdtempSync(path.join(tmp, 'w-out-'))
    gnuTar(['-xf', dest, '-C', out])
    expect(fs.readFileSync(path.join(out, blob)).equals(fs.readFileSync(big))).toBe(true)
    expect(fs.readFileSync(path.join(out, 'index.json'), 'utf8')).toBe('{"schemaVersion":2}')
    expect(fs.readFileSync(path.join(out, longName), 'utf8')).toBe('{"schemaVersion":2}')
  })

  test('a missing file is an error, and no archive is left (nor written after it)', async () => {
    const dest = path.join(tmp, 'never.tar')
    await expect(writeTar(dest, [{ name: 'x', file: path.join(tmp, 'no-such-file') }])).rejects.toThrow(
      'no-such-file'
    )
    expect(fs.existsSync(dest)).toBe(false)
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(fs.existsSync(dest)).toBe(false)
  })
})

describe('entryPath', () => {
  test.each([
    ['./etc/key.pem', 'etc/key.pem'],
    ['/etc/key.pem', 'etc/key.pem'],
    ['app/', 'app'],
    ['./', '.'],
    ['a//b/./c', 'a/b/c'],
    ['a/../../b', '../b']
  ])('%s -> %s', (name, want) => {
    expect(entryPath(name)).toBe(want)
  })
})
