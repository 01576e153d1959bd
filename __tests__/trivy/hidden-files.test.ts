import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Descriptor } from '../../src/oci/layout.js'
import type { EntryType } from '../../src/oci/tar.js'
import { execFileSync } from 'node:child_process'
import {
  hiddenFiles,
  HiddenFileScan,
  type HiddenFilesJob,
  type TrivyRun
} from '../../src/trivy/hidden-files.js'
import { scanDockerfiles } from '../../src/trivy/config.js'
import { trivyVersion } from '../../src/trivy/scan.js'
import { KEY, realTrivy, writeLayout, type LayerSpec } from './layers.js'

/** Entries as a layer lists them: a trailing / is a directory, `a -> b` a hard link, `a => b` a symlink. */
const layer = (...names: string[]) =>
  names.map(n => {
    const hard = / -> (.*)$/.exec(n)?.[1]
    const soft = / => (.*)$/.exec(n)?.[1]
    const name = n.replace(/ [-=]> .*$/, '')
    const type: EntryType = hard ? 'link' : soft ? 'symlink' : name.endsWith('/') ? 'directory' : 'file'
    return { name, type, linkname: hard ?? soft }
  })

describe('files hidden by later layers', () => {
  test('a whiteout deletes a file of an earlier layer', () => {
    expect(
      hiddenFiles([layer('app/', 'app/config/key.pem', 'app/run.sh'), layer('app/config/.wh.key.pem')])
    ).toEqual([
      { layer: 0, path: 'app/config/key.pem', how: 'deleted in layer 2', source: 'app/config/key.pem' }
    ])
  })
  test('an opaque directory hides everything below it; ./ prefixes are the same paths', () => {
    expect(
      hiddenFiles([
        layer('./etc/secret/a', './etc/secret/b', './etc/keep'),
        layer('./etc/secret/.wh..wh..opq')
      ])
    ).toEqual([
      { layer: 0, path: 'etc/secret/a', how: 'deleted in layer 2', source: 'etc/secret/a' },
      { layer: 0, path: 'etc/secret/b', how: 'deleted in layer 2', source: 'etc/secret/b' }
    ])
  })
  test('a deleted directory takes its files; a replaced file is hidden too', () => {
    expect(hiddenFiles([layer('creds/aws', 'bin/tool'), layer('bin/tool'), layer('.wh.creds')])).toEqual([
      { layer: 0, path: 'creds/aws', how: 'deleted in layer 3', source: 'creds/aws' },
      { layer: 0, path: 'bin/tool', how: 'replaced in layer 2', source: 'bin/tool' }
    ])
  })
  test("a hard link has its target's content; a symbolic link has none; a file replaced by a symlink is hidden", () => {
    expect(
      hiddenFiles([
        layer('app/key.pem', 'app/key-link -> app/key.pem', 'app/alias => key.pem', 'app/conf'),
        layer('app/.wh.key-link', 'app/.wh.alias', 'app/conf => /dev/null')
      ])
    ).toEqual([
      { layer: 0, path: 'app/key-link', how: 'deleted in layer 2', source: 'app/key.pem' },
      { layer: 0, path: 'app/conf', how: 'replaced in layer 2', source: 'app/conf' }
    ])
  })
  test('names that climb out of the root are no file of the image', () => {
    expect(hiddenFiles([layer('../etc/passwd', 'a/../../x'), layer('../etc/passwd', '.wh.x')])).toEqual([])
  })
  test('nothing hidden: nothing to scan', () => {
    expect(hiddenFiles([layer('a', 'b/'), layer('c')])).toEqual([])
  })
})

// ----------------------------------------------------------------- real layers, real Trivy, one process

const TOKEN = Buffer.from('GITHUB_TOKEN=ghp_NotARealTokenImagegateLayers0123456789abc\n')
const KEY_FINDING = 'HIGH secret private-key'
const TOKEN_FINDING = 'CRITICAL secret github-pat'

let tmp: string
let trivy: TrivyRun

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-hidden-'))
  trivy = {
    trivy: realTrivy(),
    // the real binary's version and flags, as the action reads them
    version: await trivyVersion(realTrivy()),
    cacheDir: path.join(tmp, 'trivy-cache')
  }
})

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})

const layout = (...layers: LayerSpec[]) => writeLayout(tmp, ...layers)

const job = (
  image: string,
  platform: string,
  l: { layoutDir: string; layers: Descriptor[] }
): HiddenFilesJob => ({
  image,
  platform,
  platforms: 2,
  ...l
})

const summary = (findings: { severity: string; kind: string; id: string; pkg: string }[]) =>
  findings.map(f => `${f.severity} ${f.kind} ${f.id} in ${f.pkg}`).sort()

describe('HiddenFileScan: one Trivy process for every platform of the run', () => {
  test('2 images x 2 platforms: one scan once all have submitted, each platform gets its own findings', async () => {
    // api: a key added, then deleted (whiteout); web: a token file replaced; the layers differ per platform
    const base: LayerSpec = [['bin/sh', 'binary']]
    const apiAmd64 = await layout(
      base,
      [
        ['app/config/deploy-key.pem', KEY],
        ['app/run.sh', 'echo amd64']
      ],
      [['app/config/.wh.deploy-key.pem', '']]
    )
    const apiArm64 = await layout(
      base,
      // a hard link deleted while its target stays: the link's bytes (the key) are still shipped
      [
        ['app/key.pem', KEY],
        ['app/key-link', { link: 'app/key.pem' }]
      ],
      [['app/.wh.key-link', '']]
    )
    const webAmd64 = await layout([['etc/app.env', TOKEN]], [['etc/app.env', 'GITHUB_TOKEN=\n']])
    const work = path.join(tmp, 'batch')
    const scan = new HiddenFileScan({ work, images: ['api', 'web'] })

    const a = await scan.add(job('api', 'linux/amd64', apiAmd64), trivy)
    const b = await scan.add(job('api', 'linux/arm64', apiArm64), trivy)
    const c = await scan.add(job('web', 'linux/amd64', webAmd64), trivy)
    expect([a.files, b.files, c.files]).toEqual([1, 1, 1])
    // web linux/arm64 is still to come: nothing scanned yet
    expect(scan.trivyRuns).toBe(0)
    // ... and its evidence comes from the results cache: it skips, and the run's one scan starts
    scan.skip('web', 2)
    expect(scan.trivyRuns).toBe(1)

    expect(summary(await a.findings)).toEqual([
      `${KEY_FINDING} in /app/config/deploy-key.pem (deleted in layer 3, still in layer 2)`
    ])
    expect(summary(await b.findings)).toEqual([
      `${KEY_FINDING} in /app/key-link (deleted in layer 3, still in layer 2)`
    ])
    expect(summary(await c.findings)).toEqual([
      `${TOKEN_FINDING} in /etc/app.env (replaced in layer 2, still in layer 1)`
    ])
    expect(scan.trivyRuns).toBe(1)
  })

  test('nothing hidden anywhere: no Trivy at all', async () => {
    const plain = await layout([['bin/sh', 'binary']], [['app/run.sh', 'echo']])
    const scan = new HiddenFileScan({ work: path.join(tmp, 'none'), images: ['api'] })
    const a = await scan.add({ ...job('api', 'linux/amd64', plain), platforms: 1 }, trivy)
    expect(a.files).toBe(0)
    expect(await a.findings).toEqual([])
    expect(scan.trivyRuns).toBe(0)
  })

  test('an image whose flow ended early is released: the others do not wait for it', async () => {
    const deleted = await layout(
      [['app/config/deploy-key.pem', KEY]],
      [['app/config/.wh.deploy-key.pem', '']]
    )
    const scan = new HiddenFileScan({ work: path.join(tmp, 'released'), images: ['api', 'broken'] })
    const a = await scan.add({ ...job('api', 'linux/amd64', deleted), platforms: 1 }, trivy)
    expect(scan.trivyRuns).toBe(0)
    scan.release('broken')
    expect(summary(await a.findings)).toEqual([
      `${KEY_FINDING} in /app/config/deploy-key.pem (deleted in layer 2, still in layer 1)`
    ])
    // a submission after the run's scan (its image was released too early) is scanned on its own
    const late = await scan.add({ ...job('broken', 'linux/amd64', deleted), platforms: 1 }, trivy)
    expect(summary(await late.findings)).toEqual(summary(await a.findings))
    expect(scan.trivyRuns).toBe(2)
  })

  test('a layer is listed once per run: the same digest in another layout is not read again', async () => {
    const first = await layout([['app/config/deploy-key.pem', KEY]], [['app/config/.wh.deploy-key.pem', '']])
    // a copy of the layout without its second layer (the whiteout): only the run's listing knows it
    const second = fs.mkdtempSync(path.join(tmp, 'copy-'))
    fs.cpSync(first.layoutDir, second, { recursive: true })
    fs.rmSync(path.join(second, 'blobs', 'sha256', (first.layers[1] as Descriptor).digest.slice(7)))
    const scan = new HiddenFileScan({ work: path.join(tmp, 'once'), images: ['api'] })
    scan.close()
    const a = await scan.add(job('api', 'linux/amd64', first), trivy)
    const b = await scan.add(job('api', 'linux/arm64', { ...first, layoutDir: second }), trivy)
    expect([a.files, b.files]).toEqual([1, 1])
    expect(summary(await b.findings)).toEqual(summary(await a.findings))
    // another run lists again: the missing blob is an error naming the platform and the layer
    const next = new HiddenFileScan({ work: path.join(tmp, 'once-next'), images: ['api'] })
    await expect(next.add(job('api', 'linux/arm64', { ...first, layoutDir: second }), trivy)).rejects.toThrow(
      `api linux/arm64: cannot list layer ${(first.layers[1] as Descriptor).digest}`
    )
  })

  test('a failed Trivy fails every platform of the batch, with its exit code', async () => {
    const deleted = await layout(
      [['app/config/deploy-key.pem', KEY]],
      [['app/config/.wh.deploy-key.pem', '']]
    )
    const scan = new HiddenFileScan({ work: path.join(tmp, 'failing'), images: ['api'] })
    const broken = { ...trivy, trivy: '/bin/false' }
    const a = await scan.add(job('api', 'linux/amd64', deleted), broken)
    const b = await scan.add(job('api', 'linux/arm64', deleted), broken)
    await expect(a.findings).rejects.toThrow(
      'the secret scan of the hidden files of api linux/amd64, api linux/arm64 failed: trivy exited 1'
    )
    await expect(b.findings).rejects.toThrow('trivy exited 1')
  })

  test('an image the scan was not told of is an error', async () => {
    const scan = new HiddenFileScan({ work: path.join(tmp, 'unknown'), images: ['api'] })
    expect(() => scan.skip('web', 1)).toThrow('the hidden-file scan was not told of image web')
  })
})

// ------------------------------------------- the Dockerfiles: their own trivy fs, at once (misconfig only)

const DOCKERFILE = 'FROM alpine:latest\nRUN echo hi\nADD https://example.invalid/x /x\n'
/**
 * Trivy's Dockerfile checks on the two: a latest tag (DS001), root (DS002), no HEALTHCHECK (DS026), a
 * secret in ENV (DS031). `ADD <url>` is no DS005 (ADD instead of COPY) to the checks Trivy 0.68 embeds.
 */
const MISCONFIGS = { api: ['DS001', 'DS002', 'DS026'], web: ['DS026', 'DS031'] }

describe("scanDockerfiles: the catalog's Dockerfiles in one trivy fs of their own", () => {
  /**
   * Two Dockerfiles and where their reports go. web's holds a token in an ENV: a Dockerfile check (DS031,
   * secrets in ENV) of web's own Dockerfile, never a secret of the hidden-file part.
   */
  const dockerfiles = (name: string) => {
    const dir = path.join(tmp, name)
    fs.mkdirSync(path.join(dir, 'ctx'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'ctx', 'api.Dockerfile'), DOCKERFILE)
    fs.writeFileSync(
      path.join(dir, 'ctx', 'web.Dockerfile'),
      `FROM alpine:3.19\nENV ${TOKEN.toString()}USER 10001\n`
    )
    return {
      dockerfiles: new Map([
        ['api', path.join(dir, 'ctx', 'api.Dockerfile')],
        ['web', path.join(dir, 'ctx', 'web.Dockerfile')]
      ]),
      outputFor: (key: string) => path.join(dir, 'reports', `${key}.trivy.json`)
    }
  }
  const ids = (found: Map<string, { id: string }[]>) =>
    Object.fromEntries([...found].map(([k, ms]) => [k, ms.map(m => m.id).sort()]))
  /** Today's scan: `trivy config` over the Dockerfile alone, its report's results. */
  const trivyConfig = (file: string) => {
    const dir = fs.mkdtempSync(path.join(tmp, 'config-'))
    fs.mkdirSync(path.join(dir, 'files', 'api'), { recursive: true })
    fs.copyFileSync(file, path.join(dir, 'files', 'api', 'Dockerfile'))
    const output = path.join(dir, 'report.json')
    execFileSync(trivy.trivy, [
      'config',
      '--format',
      'json',
      '--output',
      output,
      '--cache-dir',
      trivy.cacheDir,
      trivy.version.skipChecksFlag,
      '--quiet',
      path.join(dir, 'files')
    ])
    return (JSON.parse(fs.readFileSync(output, 'utf8')) as { Results: unknown[] }).Results
  }

  test('misconfigurations per image, each report as `trivy config` wrote it; an ENV secret is a check, not a secret', async () => {
    const part = dockerfiles('df')
    const found = await scanDockerfiles({ work: path.join(tmp, 'df-work'), ...part }, trivy)
    expect(ids(found)).toEqual(MISCONFIGS)
    // the report file is today's: `trivy config`'s results for that Dockerfile alone
    const report = JSON.parse(fs.readFileSync(part.outputFor('api'), 'utf8')) as { Results: unknown[] }
    expect(report.Results).toEqual(trivyConfig(part.dockerfiles.get('api') as string))
    const web = JSON.parse(fs.readFileSync(part.outputFor('web'), 'utf8')) as { Results: { Class: string }[] }
    expect(web.Results.map(r => r.Class)).toEqual(['config'])
  })

  test('no Dockerfile (the rule off for every image): no process, nothing found', async () => {
    const broken = { ...trivy, trivy: '/bin/false' }
    const work = path.join(tmp, 'df-none')
    expect(await scanDockerfiles({ work, dockerfiles: new Map(), outputFor: () => '' }, broken)).toEqual(
      new Map()
    )
    expect(fs.existsSync(work)).toBe(false)
  })

  test('a failed Trivy is the Dockerfile scan failing, naming the images and the exit code', async () => {
    const broken = { ...trivy, trivy: '/bin/false' }
    const part = dockerfiles('df-failing')
    await expect(
      scanDockerfiles({ work: path.join(tmp, 'df-failing-work'), ...part }, broken)
    ).rejects.toThrow('the Dockerfile scan of api, web failed: trivy exited 1')
  })

  test('the hidden-file scan is secrets only: a deleted Dockerfile or Pod manifest is no finding of it', async () => {
    const deleted = await layout(
      [
        ['app/config/deploy-key.pem', KEY],
        ['app/Dockerfile', 'FROM ubuntu\nUSER root\n'],
        [
          'app/pod.yaml',
          'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: nginx\n'
        ]
      ],
      [
        ['app/config/.wh.deploy-key.pem', ''],
        ['app/.wh.Dockerfile', ''],
        ['app/.wh.pod.yaml', '']
      ]
    )
    const scan = new HiddenFileScan({ work: path.join(tmp, 'secrets-only'), images: ['api'] })
    const a = await scan.add({ ...job('api', 'linux/amd64', deleted), platforms: 1 }, trivy)
    expect(a.files).toBe(3)
    expect(scan.trivyRuns).toBe(1)
    expect(summary(await a.findings)).toEqual([
      `${KEY_FINDING} in /app/config/deploy-key.pem (deleted in layer 2, still in layer 1)`
    ])
  })
})
