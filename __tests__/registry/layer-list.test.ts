import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as zlib from 'node:zlib'
import {
  TarLister,
  headerNumber,
  listLayer,
  listTar,
  paxRecords,
  quoteName
} from '../../src/registry/layer-list.js'

// GNU tar quotes names by the locale: the lister prints them as tar does in a UTF-8 one (C.UTF-8)
const env = { ...process.env, LC_ALL: 'C.UTF-8' }

function tar(args: string[], cwd?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('tar', args, { cwd, env, maxBuffer: 1 << 28 })
  return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') }
}

function make(args: string[]): void {
  const r = tar(args)
  if (r.status !== 0) throw new Error(`tar ${args.join(' ')}: ${r.stderr}`)
}

/** What GNU tar lists: its lines, -z for a gzip file as the old caller ran it. */
function tarList(file: string): string[] {
  const gzip = fs
    .readFileSync(file)
    .subarray(0, 2)
    .equals(Buffer.from([0x1f, 0x8b]))
  const r = tar([gzip ? '-tzf' : '-tf', file])
  if (r.status !== 0) throw new Error(`tar -t ${file}: ${r.stderr}`)
  const lines = r.stdout.split('\n')
  expect(lines.pop()).toBe('')
  return lines
}

// --- hand-built archives -------------------------------------------------------------------------

interface HeaderOpts {
  name?: string | Buffer
  type?: string
  size?: number
  sizeField?: Buffer
  linkname?: string
  prefix?: string
  magic?: 'ustar' | 'gnu' | 'v7'
  set?: (h: Buffer) => void
}

function header(o: HeaderOpts = {}): Buffer {
  const h = Buffer.alloc(512)
  Buffer.from(o.name ?? 'file').copy(h, 0, 0, 100)
  h.write('0000644\0', 100, 'latin1')
  h.write('0000000\0', 108, 'latin1')
  h.write('0000000\0', 116, 'latin1')
  if (o.sizeField) o.sizeField.copy(h, 124)
  else h.write(`${(o.size ?? 0).toString(8).padStart(11, '0')}\0`, 124, 'latin1')
  h.write('14712345670\0', 136, 'latin1')
  h.write(o.type ?? '0', 156, 'latin1')
  h.write(o.linkname ?? '', 157, 'latin1')
  const magic = o.magic ?? 'ustar'
  if (magic === 'ustar') h.write('ustar\u000000', 257, 'latin1')
  if (magic === 'gnu') h.write('ustar  \0', 257, 'latin1')
  h.write(o.prefix ?? '', 345, 'latin1')
  o.set?.(h)
  h.fill(0x20, 148, 156)
  const sum = h.reduce((n, c) => n + c, 0)
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1')
  return h
}

const data = (content: Buffer): Buffer => {
  const out = Buffer.alloc(Math.ceil(content.length / 512) * 512)
  content.copy(out)
  return out
}

/** A pax extended header's data: "<len> <key>=<value>\n" records, len counting itself. */
function pax(records: [string, string][]): Buffer {
  return Buffer.concat(
    records.map(([key, value]) => {
      const body = Buffer.from(` ${key}=${value}\n`)
      let len = body.length + 1
      while (String(len).length + body.length !== len) len++
      return Buffer.concat([Buffer.from(String(len)), body])
    })
  )
}

const paxHeader = (type: 'x' | 'g', records: [string, string][]): Buffer => {
  const body = pax(records)
  return Buffer.concat([header({ name: 'PaxHeaders/x', type, size: body.length }), data(body)])
}

const END = Buffer.alloc(1024)

function base256(n: number): Buffer {
  const field = Buffer.alloc(12)
  field[0] = 0x80
  field.writeUIntBE(n, 6, 6)
  return field
}

// --- files made with GNU tar ---------------------------------------------------------------------

let tmp: string

/** A tree with what a layer holds: long names (> 100, > 255), links, an empty dir, whiteouts. */
function tree(dir: string, opts: { veryLong: boolean; longLinks: boolean }): string[] {
  const file = (rel: string, content = rel): void => {
    fs.mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), content)
  }
  const long = `${'d'.repeat(60)}/${'e'.repeat(50)}/over-a-hundred.txt`
  expect(long.length).toBeGreaterThan(100)
  file('etc/config.txt', 'password=hunter2\n')
  file('app/run.sh', '#!/bin/sh\n')
  file(long)
  file('etc/.wh.foo', '')
  file('etc/secret/.wh..wh..opq', '')
  file('usr/share/café au lait.txt')
  file('var/lib/a b/c\\d')
  fs.mkdirSync(path.join(dir, 'empty'))
  fs.symlinkSync('../etc/config.txt', path.join(dir, 'app/config-link'))
  fs.linkSync(path.join(dir, 'app/run.sh'), path.join(dir, 'app/run-hard'))
  if (opts.veryLong) {
    const veryLong = `${['f', 'g', 'h', 'i'].map(c => c.repeat(60)).join('/')}/past-two-hundred-fifty-five.txt`
    expect(veryLong.length).toBeGreaterThan(255)
    file(veryLong)
  }
  if (opts.longLinks) {
    // link targets over 100 characters: GNU writes them in 'K' headers, pax in linkpath=
    fs.symlinkSync(`/${long}`, path.join(dir, 'app/long-symlink'))
    fs.linkSync(path.join(dir, long), path.join(dir, 'app/long-hard'))
  }
  return fs.readdirSync(dir).sort()
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-layer-list-'))
})

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('listLayer lists what GNU tar lists', () => {
  const cases: { format: string; veryLong: boolean; longLinks: boolean }[] = [
    { format: 'gnu', veryLong: true, longLinks: true },
    { format: 'oldgnu', veryLong: true, longLinks: true },
    { format: 'posix', veryLong: true, longLinks: true },
    // ustar: names up to 255 (prefix + name), link targets up to 100
    { format: 'ustar', veryLong: false, longLinks: false }
  ]
  for (const c of cases) {
    for (const gzip of [true, false]) {
      for (const dotSlash of [true, false]) {
        test(`--format=${c.format}, ${gzip ? 'gzip' : 'uncompressed'}, ${dotSlash ? './ names' : 'bare names'}`, async () => {
          const dir = fs.mkdtempSync(path.join(tmp, 'tree-'))
          const top = tree(dir, c)
          const file = path.join(tmp, `${path.basename(dir)}.${gzip ? 'tgz' : 'tar'}`)
          make([
            '-C',
            dir,
            `--format=${c.format}`,
            gzip ? '-czf' : '-cf',
            file,
            '--',
            ...(dotSlash ? ['.'] : top)
          ])
          const want = tarList(file)
          expect(want.length).toBeGreaterThan(15)
          expect(want.some(n => n.length > 100)).toBe(true)
          expect(want.some(n => n.startsWith('./'))).toBe(dotSlash)
          expect(await listLayer(file)).toEqual(want)
        })
      }
    }
  }

  test('--format=v7: no magic, no prefix', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'v7-'))
    fs.mkdirSync(path.join(dir, 'bin'))
    fs.writeFileSync(path.join(dir, 'bin/tool'), 'x')
    fs.symlinkSync('tool', path.join(dir, 'bin/alias'))
    fs.linkSync(path.join(dir, 'bin/tool'), path.join(dir, 'bin/hard'))
    const file = path.join(tmp, 'v7.tar')
    make(['-C', dir, '--format=v7', '-cf', file, 'bin'])
    const want = tarList(file)
    expect(want).toHaveLength(4)
    expect(await listLayer(file)).toEqual(want)
  })

  test('a 20 MB file, gzip-compressed: its contents are skipped, the entries after it listed', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'big-'))
    fs.writeFileSync(path.join(dir, 'a-first'), 'a')
    fs.writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(20 * 1024 * 1024, 0))
    fs.writeFileSync(path.join(dir, 'z-last'), 'z')
    for (const format of ['gnu', 'posix']) {
      const file = path.join(tmp, `big-${format}.tgz`)
      make(['-C', dir, `--format=${format}`, '--sort=name', '-czf', file, '.'])
      expect(fs.statSync(file).size).toBeLessThan(1024 * 1024)
      const want = tarList(file)
      expect(want).toEqual(['./', './a-first', './big.bin', './z-last'])
      expect(await listLayer(file)).toEqual(want)
    }
  })

  test('sparse files: old GNU sparse headers with extension blocks, pax sparse 0.0, 0.1 and 1.0', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'sparse-'))
    // 30 data regions in 30 MB: more than the 4 an old GNU header holds, so extension blocks follow it
    const fd = fs.openSync(path.join(dir, 'holes.img'), 'w')
    for (let i = 0; i < 30; i++) fs.writeSync(fd, Buffer.alloc(4096, i + 1), 0, 4096, i * 1024 * 1024)
    fs.ftruncateSync(fd, 30 * 1024 * 1024)
    fs.closeSync(fd)
    fs.writeFileSync(path.join(dir, 'after.txt'), 'after')
    const variants: [string, string[]][] = [
      ['gnu', ['--format=gnu']],
      ['pax-0.0', ['--format=posix', '--sparse-version=0.0']],
      ['pax-0.1', ['--format=posix', '--sparse-version=0.1']],
      ['pax-1.0', ['--format=posix', '--sparse-version=1.0']]
    ]
    for (const [name, flags] of variants) {
      for (const gzip of [false, true]) {
        const file = path.join(tmp, `sparse-${name}.${gzip ? 'tgz' : 'tar'}`)
        make(['-C', dir, '-S', ...flags, gzip ? '-czf' : '-cf', file, 'holes.img', 'after.txt'])
        const want = tarList(file)
        expect(want).toEqual(['holes.img', 'after.txt'])
        expect(await listLayer(file)).toEqual(want)
        if (name === 'gnu' && !gzip) {
          // the archive really has an 'S' header whose extension blocks the lister had to skip
          const raw = fs.readFileSync(file)
          expect(raw[156]).toBe('S'.charCodeAt(0))
          expect(raw[482]).toBe(1)
          expect(raw.length).toBeLessThan(1024 * 1024)
        }
      }
    }
  })

  test('names GNU tar quotes: controls, a backslash, invalid UTF-8; printable UTF-8 as it is', async () => {
    const names = [
      'plain',
      'back\\slash',
      'new\nline',
      'tab\tbell\x07bs\bff\fcr\rvt\v',
      'esc\x1bdel\x7f',
      'café',
      'emoji 😀',
      'nbsp\u00a0soft\u00adbom\ufeff',
      'c1 \u0085 line-sep \u2028',
      'nonchar \ufffe',
      'quotes?"\'$ {}#~!'
    ].map(n => Buffer.from(n))
    const invalid = [
      Buffer.from([0x61, 0xff, 0x62]),
      Buffer.from([0x61, 0x80]),
      Buffer.from([0x61, 0xc0, 0xaf]), // overlong
      Buffer.from([0x61, 0xed, 0xa0, 0x80]), // a surrogate
      Buffer.from([0x61, 0xe2, 0x82]), // cut short at the end
      Buffer.from([0x61, 0xe2, 0x82, 0x28]) // cut short, then ASCII
    ]
    const file = path.join(tmp, 'quoting.tar')
    fs.writeFileSync(file, Buffer.concat([...[...names, ...invalid].map(name => header({ name })), END]))
    const want = tarList(file)
    expect(want).toContain('back\\\\slash')
    expect(want).toContain('new\\nline')
    expect(want).toContain('a\\377b')
    expect(await listLayer(file)).toEqual(want)
  })

  test('hand-built archives: the corners of GNU tar 1.34 behaviour', async () => {
    const L = (name: string): Buffer =>
      Buffer.concat([
        header({ name: '././@LongLink', type: 'L', size: name.length + 1, magic: 'gnu' }),
        data(Buffer.from(`${name}\0`))
      ])
    const archives: Record<string, Buffer[]> = {
      'a directory stored without its slash is printed without it': [
        header({ name: 'dir', type: '5' }),
        header({ name: 'dir/file' })
      ],
      'leading slashes are printed as stored': [
        header({ name: '/etc/passwd' }),
        header({ name: '//x/', type: '5' })
      ],
      'prefix + name with the POSIX magic only': [
        header({ name: 'n1', prefix: 'p1' }),
        header({ name: 'n2', prefix: 'p2', magic: 'gnu' }),
        header({ name: 'n3', prefix: 'p3', magic: 'v7' }),
        header({ name: 'n'.repeat(100), prefix: 'p'.repeat(155) })
      ],
      "a directory's size is not skipped, a hard link's is read as 0, a symlink's is": [
        header({ name: 'd/', type: '5', size: 512 }),
        header({ name: 'hard', type: '1', size: 512, linkname: 'x' }),
        header({ name: 'sym', type: '2', size: 10, linkname: 'x' }),
        data(Buffer.alloc(10, 0x41)),
        header({ name: 'after' })
      ],
      'long names and long link names': [
        L('long/name/one'),
        header({ name: 'short1', magic: 'gnu' }),
        Buffer.concat([
          header({ name: '././@LongLink', type: 'K', size: 5, magic: 'gnu' }),
          data(Buffer.from('tgt\0\0'))
        ]),
        header({ name: 'link', type: '2', magic: 'gnu' }),
        L('long\0cut at the NUL'),
        header({ name: 'short2', magic: 'gnu' })
      ],
      'pax: path and GNU.sparse.name, the last one wins; size= overrides the header': [
        paxHeader('x', [
          ['path', 'first'],
          ['GNU.sparse.name', 'second'],
          ['mtime', '1.5'],
          ['SCHILY.xattr.user.x', 'y']
        ]),
        header({ name: 'ignored' }),
        paxHeader('x', [['size', '1000']]),
        header({ name: 'sized', size: 0 }),
        data(Buffer.alloc(1000, 0x42)),
        L('from-L'),
        paxHeader('x', [['path', 'pax-wins-over-L']]),
        header({ name: 'short' }),
        header({ name: 'plain' })
      ],
      'a global header overrides every later entry, its first path= winning': [
        header({ name: 'before' }),
        paxHeader('g', [
          ['path', 'G1'],
          ['path', 'G2']
        ]),
        header({ name: 'a' }),
        header({ name: 'b' })
      ],
      'an empty global header clears the last one': [
        paxHeader('g', [['path', 'G']]),
        header({ name: 'a' }),
        header({ name: 'g', type: 'g' }),
        header({ name: 'b' })
      ],
      'a pax volume label is printed before the first pax entry': [
        paxHeader('g', [['GNU.volume.label', 'VOL']]),
        header({ name: 'ustar-entry' }),
        paxHeader('x', [['mtime', '1']]),
        header({ name: 'pax-entry' }),
        paxHeader('x', [['mtime', '1']]),
        header({ name: 'pax-entry-2' })
      ],
      'other type flags are entries: volume header, multi-volume, unknown': [
        header({ name: 'label', type: 'V', magic: 'gnu' }),
        header({ name: 'cont', type: 'M', size: 3, magic: 'gnu' }),
        data(Buffer.from('abc')),
        header({ name: 'fifo', type: '6' }),
        header({ name: 'unknown', type: 'Z' })
      ],
      'GNU base-256 size': [
        header({ name: 'big', sizeField: base256(700) }),
        data(Buffer.alloc(700)),
        header({ name: 'after' })
      ],
      'an empty name is printed as an empty line': [header({ name: '' }), header({ name: 'x' })],
      'a lone zero block ends the archive': [header({ name: 'a' }), Buffer.alloc(512), header({ name: 'b' })],
      'no end blocks: the end of the input ends it': [header({ name: 'a' }), header({ name: 'b' })],
      'a signed checksum (old Sun tars) is accepted': [
        (() => {
          const h = header({ name: Buffer.from([0x61, 0xe9]) })
          const signed = h.reduce((n, c, i) => n + (i >= 148 && i < 156 ? 0x20 : c > 127 ? c - 256 : c), 0)
          h.write(`${signed.toString(8).padStart(6, '0')}\0 `, 148, 'latin1')
          return h
        })()
      ]
    }
    for (const [what, parts] of Object.entries(archives)) {
      const file = path.join(tmp, 'corner.tar')
      fs.writeFileSync(file, Buffer.concat([...parts, END]))
      const want = tarList(file)
      expect({ what, names: await listLayer(file) }).toEqual({ what, names: want })
    }
  })
})

describe('listLayer rejects what GNU tar rejects, naming the file', () => {
  let gzipped: string
  let plain: string
  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(tmp, 'bad-'))
    fs.writeFileSync(path.join(dir, 'first'), 'first')
    fs.writeFileSync(path.join(dir, 'random.bin'), zlib.deflateSync(Buffer.alloc(1 << 20, 7)))
    const rnd = Buffer.alloc(256 * 1024)
    for (let i = 0; i < rnd.length; i++) rnd[i] = (i * 2654435761) >>> 24
    fs.writeFileSync(path.join(dir, 'noise.bin'), rnd)
    fs.writeFileSync(path.join(dir, 'zz-last'), 'last')
    gzipped = path.join(tmp, 'good.tgz')
    plain = path.join(tmp, 'good.tar')
    make(['-C', dir, '--sort=name', '-czf', gzipped, '.'])
    make(['-C', dir, '--sort=name', '-cf', plain, '.'])
  })

  async function rejects(file: string): Promise<string> {
    expect(tar(['-tf', file]).status).not.toBe(0)
    const err = await listLayer(file).then(
      () => new Error('listed'),
      (e: unknown) => e as Error
    )
    expect(err.message).toContain(file)
    return err.message
  }

  test('a truncated gzip archive', async () => {
    const file = path.join(tmp, 'truncated.tgz')
    const bytes = fs.readFileSync(gzipped)
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)))
    expect(await rejects(file)).toMatch(/unexpected end of file/)
  })

  test('a gzip archive cut after its tar end blocks: the gzip stream is read to its end', async () => {
    const file = path.join(tmp, 'cut-trailer.tgz')
    const bytes = fs.readFileSync(gzipped)
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 4))
    expect(tar(['-tzf', file]).stdout).toContain('zz-last')
    expect(await rejects(file)).toMatch(/unexpected end of file/)
    // 4 MB of zeros after the end blocks: GNU tar closes its pipe before gzip gets to the cut and does
    // not notice (it does with less than a pipe's buffer after them); the lister reads to the end
    const long = zlib.gzipSync(Buffer.concat([fs.readFileSync(plain), Buffer.alloc(4 * 1024 * 1024)]))
    fs.writeFileSync(file, long.subarray(0, long.length - 4))
    expect(tar(['-tzf', file]).status).toBe(0)
    await expect(listLayer(file)).rejects.toThrow(`${file}: gzip: unexpected end of file`)
  })

  test('an uncompressed archive cut inside a file', async () => {
    const file = path.join(tmp, 'truncated.tar')
    fs.writeFileSync(file, fs.readFileSync(plain).subarray(0, 512 * 10 + 100))
    expect(await rejects(file)).toMatch(/truncated tar archive: it ends inside an entry/)
  })

  test('a corrupted header checksum', async () => {
    const bytes = Buffer.from(fs.readFileSync(plain))
    const names = listTar(bytes)
    expect(names).toEqual(['./', './first', './noise.bin', './random.bin', './zz-last'])
    // the header of ./first is the second block; change a byte of its name, not its checksum
    expect(bytes.toString('latin1', 512, 519)).toBe('./first')
    bytes[514] = 'F'.charCodeAt(0)
    const file = path.join(tmp, 'bad-checksum.tar')
    fs.writeFileSync(file, bytes)
    expect(await rejects(file)).toMatch(/bad tar header checksum at byte 512/)
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes))
    expect(await rejects(`${file}.gz`)).toMatch(/bad tar header checksum at byte 512/)
  })

  test('files that are not tar archives: text, gzip-compressed text, zstd', async () => {
    const text = path.join(tmp, 'manifest.json')
    fs.writeFileSync(text, JSON.stringify({ schemaVersion: 2, layers: [] }).repeat(40))
    expect(await rejects(text)).toMatch(/not a tar archive/)
    const gz = path.join(tmp, 'manifest.json.gz')
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(text)))
    expect(await rejects(gz)).toMatch(/not a tar archive/)
    const zstd = path.join(tmp, 'layer.zst')
    fs.writeFileSync(zstd, Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(600)]))
    expect(await rejects(zstd)).toMatch(/zstd/)
  })

  test('a file that does not exist', async () => {
    const missing = path.join(tmp, 'no-such-blob')
    await expect(listLayer(missing)).rejects.toThrow(missing)
  })
})

describe('TarLister (pure)', () => {
  const archive = Buffer.concat([
    header({ name: 'dir/', type: '5' }),
    paxHeader('x', [
      ['path', `${'p'.repeat(120)}/über.txt`],
      ['size', '700']
    ]),
    header({ name: 'truncated-name', size: 0 }),
    data(Buffer.alloc(700, 0x43)),
    header({ name: 'big.bin', sizeField: base256(1500) }),
    data(Buffer.alloc(1500, 0x44)),
    header({ name: 'last', size: 3 }),
    data(Buffer.from('end')),
    END
  ])
  const expected = ['dir/', `${'p'.repeat(120)}/über.txt`, 'big.bin', 'last']

  test('a pax path= and size= header and a GNU base-256 size', () => {
    expect(listTar(archive)).toEqual(expected)
  })

  test('fed in chunks of any size, the same entries', () => {
    for (const size of [1, 7, 511, 512, 513, 1000, 4096]) {
      const lister = new TarLister()
      for (let i = 0; i < archive.length; i += size) lister.push(archive.subarray(i, i + size))
      expect({ size, entries: lister.end() }).toEqual({ size, entries: expected })
    }
  })

  test('done after the end blocks: what follows is not read', () => {
    const lister = new TarLister()
    lister.push(Buffer.concat([archive, Buffer.from('trailing garbage')]))
    expect(lister.done).toBe(true)
    expect(lister.end()).toEqual(expected)
  })

  test('cut short inside a header, data or a pax header: an error', () => {
    for (const cut of [100, 512 + 512 + 10, 512 * 4 + 300]) {
      expect(() => listTar(archive.subarray(0, cut))).toThrow(/truncated tar archive/)
    }
    // at a block boundary where a header is due, the archive just ends (GNU tar: no error either)
    expect(listTar(archive.subarray(0, 512))).toEqual(['dir/'])
  })

  test('headerNumber: octal with blanks and NULs, base-256, and what GNU tar rejects', () => {
    expect(headerNumber(Buffer.from('00000001750\0'))).toBe(1000)
    expect(headerNumber(Buffer.from('     1750 \0\0'))).toBe(1000)
    expect(headerNumber(Buffer.from('\x001750\0\0\0\0\0\0\0'))).toBe(1000)
    expect(headerNumber(Buffer.alloc(12))).toBe(0)
    expect(headerNumber(base256(2 ** 40 + 5))).toBe(2 ** 40 + 5)
    expect(headerNumber(Buffer.from('            '))).toBeUndefined()
    expect(headerNumber(Buffer.from('0000000175x\0'))).toBeUndefined()
    expect(headerNumber(Buffer.from([0x81, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0]))).toBeUndefined()
    expect(
      headerNumber(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0]))
    ).toBeUndefined()
    expect(headerNumber(base256(512), true)).toBeUndefined()
  })

  test('paxRecords: records with lengths counting themselves; malformed ones are errors', () => {
    const records = paxRecords(
      pax([
        ['path', 'a=b\nc'],
        ['size', '12']
      ])
    )
    expect(records.map(([k, v]) => [k, v.toString()])).toEqual([
      ['path', 'a=b\nc'],
      ['size', '12']
    ])
    expect(paxRecords(Buffer.concat([pax([['path', 'x']]), Buffer.alloc(20)]))).toHaveLength(1)
    expect(() => paxRecords(Buffer.from('12 path=abc'))).toThrow(/out of range/)
    expect(() => paxRecords(Buffer.from('9 path=ab\n'))).toThrow(/missing newline/)
    expect(() => paxRecords(Buffer.from('9 pathabc\n'))).toThrow(/missing equal sign/)
    expect(() => paxRecords(Buffer.from('x path=a\n'))).toThrow(/missing length/)
  })

  test('a bad size= in a pax header is an error, as in GNU tar', () => {
    const bad = Buffer.concat([paxHeader('x', [['size', '12k']]), header({ name: 'a' }), END])
    expect(() => listTar(bad)).toThrow(/invalid size=12k/)
  })

  test('quoteName escapes as GNU tar does', () => {
    expect(quoteName(Buffer.from('usr/bin/env'))).toBe('usr/bin/env')
    expect(quoteName(Buffer.from('a\\b\nc\td\x01\x7f'))).toBe('a\\\\b\\nc\\td\\001\\177')
    expect(quoteName(Buffer.from('naïve 😀'))).toBe('naïve 😀')
    expect(quoteName(Buffer.from([0x61, 0xc2, 0x80, 0xff]))).toBe('a\\302\\200\\377')
  })
})
