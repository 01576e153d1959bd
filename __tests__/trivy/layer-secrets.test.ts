// What imagegate's own image scan (scan(), its argv, secret scanning on) reports of files a later layer
// deletes, replaces or hides, on real OCI layouts read by the real Trivy, and what it does not: why the
// hidden-file scan (HiddenFileScan) stays. Trivy keeps the secrets of every layer it secret-scans (its
// layer applier's mergeSecrets), but it does not secret-scan the layers it takes for the base image's:
// every layer up to the last CMD of the history that a layer follows (its guessBaseLayers).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { HiddenFileScan } from '../../src/trivy/hidden-files.js'
import { scan, trivyTimeout, trivyVersion, type TrivyVersion } from '../../src/trivy/scan.js'
import { KEY, realTrivy, writeImageLayout, type LayerSpec } from './layers.js'

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures')
const TOKEN = 'GITHUB_TOKEN=ghp_NotARealTokenImagegateLayers0123456789abc\n'
/** Another private key: the same rule (private-key) as KEY, other bytes. */
const OTHER_KEY = KEY.toString().replace('testfixtureONLY', 'otherfixtureONL')
/** 12 MiB of text (lines of 80 bytes) with a key at its end. */
const BIG_LINES = 157_286
const BIG = Buffer.concat([Buffer.from(`${'x'.repeat(79)}\n`.repeat(BIG_LINES)), KEY])
/** Trivy reports a private key at its first line below `-----BEGIN ... KEY-----` (KEY's line 2). */
const KEY_LINE = 2

let tmp: string
let cacheDir: string
/** The real binary's version and flags, as the action reads them. */
let trivyFlags: TrivyVersion

beforeAll(async () => {
  trivyFlags = await trivyVersion(realTrivy())
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-layer-secrets-'))
  cacheDir = path.join(tmp, 'trivy-cache')
  fs.cpSync(path.join(FIXTURES, 'trivy-db'), cacheDir, { recursive: true })
})

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})

interface RawReport {
  Metadata?: { DiffIDs?: string[] }
  Results?: {
    Target: string
    Secrets?: { RuleID: string; Severity: string; StartLine?: number; Layer?: { DiffID?: string } }[]
  }[]
}

/** imagegate's scan of the layout; its secrets as `<severity> <rule> in <file>:<line>, layer <n>`, sorted. */
async function imageScan(input: string, platform: string, secrets = true): Promise<string[]> {
  const s = await scan(
    {
      trivy: realTrivy(),
      version: trivyFlags,
      input,
      output: `${input}.json`,
      cacheDir,
      ignoreUnfixed: false,
      secrets,
      listAllPkgs: true,
      timeout: trivyTimeout(undefined)
    },
    `api ${platform}`
  )
  // the layer of each secret, as Trivy reports it (the findings do not carry it)
  const raw = JSON.parse(fs.readFileSync(s.reportFile, 'utf8')) as RawReport
  const diffIds = raw.Metadata?.DiffIDs ?? []
  const shown = (raw.Results ?? []).flatMap(r =>
    (r.Secrets ?? []).map(
      x =>
        `${x.Severity} ${x.RuleID} in ${r.Target}:${x.StartLine}, layer ${diffIds.indexOf(x.Layer?.DiffID ?? '') + 1}`
    )
  )
  expect(shown.length).toBe(s.findings.filter(f => f.kind === 'secret').length)
  return shown.sort()
}

const added: LayerSpec = [
  ['app/config/deploy-key.pem', KEY],
  ['app/key.pem', KEY],
  ['app/key-link', { link: 'app/key.pem' }],
  ['app/conf', KEY],
  ['app/rotated.pem', KEY],
  ['etc/app.env', TOKEN],
  ['etc/secret/a', KEY],
  ['creds/aws', KEY],
  ['opt/big.txt', BIG],
  ['usr/lib/hidden/key.pem', KEY]
]
const hiding: LayerSpec = [
  ['etc/.wh.base-key.pem', ''], // the first layer's file deleted
  ['app/config/.wh.deploy-key.pem', ''], // deleted (whiteout)
  ['app/.wh.key.pem', ''], // a hard link's target deleted: the link keeps the bytes
  ['app/conf', { symlink: '/dev/null' }], // replaced by a symbolic link
  ['app/rotated.pem', OTHER_KEY], // replaced by another key
  ['etc/app.env', 'GITHUB_TOKEN=\n'], // overwritten
  ['etc/secret/.wh..wh..opq', ''], // hidden by an opaque directory
  ['.wh.creds', ''], // its directory deleted
  ['opt/.wh.big.txt', ''], // a big file deleted
  ['usr/lib/hidden/.wh.key.pem', '']
]

describe('the image scan: secrets in files later layers hide, in the layers Trivy secret-scans', () => {
  test.each(['linux/amd64', 'linux/arm64'])('%s, no CMD in the history: every layer', async platform => {
    const image = await writeImageLayout(
      tmp,
      { platform },
      [
        ['bin/sh', 'binary'],
        ['etc/base-key.pem', KEY]
      ],
      added,
      hiding
    )
    expect(await imageScan(image.input, platform)).toEqual(
      [
        `HIGH private-key in /etc/base-key.pem:${KEY_LINE}, layer 1`,
        `HIGH private-key in /app/config/deploy-key.pem:${KEY_LINE}, layer 2`,
        // a hard link's bytes are its target's, where Trivy reads them
        `HIGH private-key in /app/key.pem:${KEY_LINE}, layer 2`,
        `HIGH private-key in /app/conf:${KEY_LINE}, layer 2`,
        'CRITICAL github-pat in /etc/app.env:1, layer 2',
        `HIGH private-key in /etc/secret/a:${KEY_LINE}, layer 2`,
        `HIGH private-key in /creds/aws:${KEY_LINE}, layer 2`,
        `HIGH private-key in /opt/big.txt:${BIG_LINES + KEY_LINE}, layer 2`,
        // a key replaced by another key of the same rule: one finding per file and rule, the upper one's
        `HIGH private-key in /app/rotated.pem:${KEY_LINE}, layer 3`
        // not /usr/lib/...: Trivy's built-in allow rule (usr-dirs) skips /usr/lib, hidden or not
      ].sort()
    )
  })

  test('secret scanning off: none of them', async () => {
    const image = await writeImageLayout(tmp, { platform: 'linux/amd64' }, added, hiding)
    expect(await imageScan(image.input, 'linux/amd64', false)).toEqual([])
  })
})

describe('layers below a CMD (the base image, to Trivy): not secret-scanned; the hidden-file scan reads them', () => {
  test('a key deleted from a base layer: only the hidden-file scan finds it', async () => {
    const image = await writeImageLayout(
      tmp,
      { platform: 'linux/amd64', cmdAfter: 1 },
      [
        ['etc/base-deleted.pem', KEY],
        ['etc/base-visible.pem', KEY]
      ],
      [['app/deleted.pem', KEY]],
      [
        ['etc/.wh.base-deleted.pem', ''],
        ['app/.wh.deleted.pem', '']
      ]
    )
    // the image scan: the key of layer 2 only (layer 1 is the base image's to Trivy, visible files too)
    expect(await imageScan(image.input, 'linux/amd64')).toEqual([
      `HIGH private-key in /app/deleted.pem:${KEY_LINE}, layer 2`
    ])

    const hidden = new HiddenFileScan({ work: path.join(tmp, 'hidden'), images: ['api'] })
    hidden.close()
    const submission = await hidden.add(
      {
        image: 'api',
        platform: 'linux/amd64',
        platforms: 1,
        layoutDir: image.input,
        layers: image.descriptors
      },
      { trivy: realTrivy(), version: trivyFlags, cacheDir }
    )
    expect((await submission.findings).map(f => `${f.id} in ${f.pkg}`).sort()).toEqual([
      'private-key in /app/deleted.pem (deleted in layer 3, still in layer 2)',
      'private-key in /etc/base-deleted.pem (deleted in layer 3, still in layer 1)'
    ])
  })
})
