// SARIF rendering from the REAL Trivy reports of scripts/trivy/reports.sh (__tests__/fixtures/trivy-reports).
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {
  describeTruncation,
  FINGERPRINT_KEY,
  imageUri,
  MAX_RESULTS_PER_RUN,
  MAX_RUNS,
  SARIF_LEVEL,
  sarifCategory,
  SECURITY_SEVERITY,
  toSarif,
  TOOL_NAME,
  type SarifLog,
  type SarifRunInput
} from '../../src/report/sarif.js'
import { findingsOf, parseReport, type Finding, type Severity } from '../../src/trivy/report.js'

const REPORTS = path.resolve(
  import.meta.dirname ?? new URL('.', import.meta.url).pathname,
  '..',
  'fixtures',
  'trivy-reports'
)
type Fixture = 'alpine-vuln' | 'alpine-unfixed-only' | 'alpine-clean' | 'npm-vuln' | 'secret'

/** A real report: its findings, and the path Trivy scanned (what the pipeline passes as reportTarget). */
function real(name: Fixture): { findings: Finding[]; reportTarget: string } {
  const file = path.join(REPORTS, `${name}.json`)
  const report = parseReport(fs.readFileSync(file, 'utf8'), file)
  return { findings: findingsOf(report), reportTarget: report.ArtifactName ?? '' }
}

function run(image: string, platform: string, fixture: Fixture): SarifRunInput {
  return { image, platform, ...real(fixture) }
}

const GATE = ['HIGH', 'CRITICAL']
const render = (runs: SarifRunInput[], severities = GATE): SarifLog =>
  toSarif(runs, { severities, toolVersion: '0.58.1' }).sarif

/** `at(x, 'a', 'b', 0)` is x.a.b[0], or undefined: reads untyped JSON without trusting its shape. */
function at(x: unknown, ...keys: (string | number)[]): unknown {
  let v = x
  for (const k of keys) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<string | number, unknown>)[k]
  }
  return v
}
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : [])
const text = (x: unknown): boolean => typeof x === 'string' && x !== ''

/**
 * What GitHub's upload requires, checked by hand on the serialized document (what upload-sarif reads):
 * a list of what is wrong, empty when valid.
 */
function problems(doc: SarifLog): string[] {
  const out: string[] = []
  const j: unknown = JSON.parse(JSON.stringify(doc))
  if (at(j, 'version') !== '2.1.0') out.push('version is not 2.1.0')
  if (!String(at(j, '$schema')).startsWith('https://')) out.push('no $schema')
  if (!Array.isArray(at(j, 'runs'))) return [...out, 'runs is not an array']
  const categories = new Set<string>()
  list(at(j, 'runs')).forEach((r, i) => {
    const runAt = `runs[${i}]`
    if (!text(at(r, 'tool', 'driver', 'name'))) out.push(`${runAt}.tool.driver.name`)
    const id = at(r, 'automationDetails', 'id')
    if (typeof id !== 'string' || !id.endsWith('/')) out.push(`${runAt}.automationDetails.id ${String(id)}`)
    else if (categories.has(id)) out.push(`${runAt}: category ${id} repeated`)
    else categories.add(id)
    const rules = list(at(r, 'tool', 'driver', 'rules'))
    if (new Set(rules.map(x => at(x, 'id'))).size !== rules.length) out.push(`${runAt}: rules repeated`)
    if (!Array.isArray(at(r, 'results'))) out.push(`${runAt}.results`)
    list(at(r, 'results')).forEach((x, k) => {
      const where = `${runAt}.results[${k}]`
      if (!text(at(x, 'ruleId'))) out.push(`${where}.ruleId`)
      if (!text(at(x, 'message', 'text'))) out.push(`${where}.message.text`)
      if (!['error', 'warning', 'note', 'none'].includes(String(at(x, 'level')))) out.push(`${where}.level`)
      const index = at(x, 'ruleIndex')
      if (typeof index !== 'number' || at(rules, index, 'id') !== at(x, 'ruleId'))
        out.push(`${where}.ruleIndex does not point at its rule`)
      const locations = list(at(x, 'locations'))
      if (locations.length === 0) out.push(`${where}.locations`)
      for (const l of locations) {
        const uri = at(l, 'physicalLocation', 'artifactLocation', 'uri')
        if (typeof uri !== 'string' || uri === '' || uri.startsWith('/') || /\s/.test(uri))
          out.push(`${where}: physicalLocation.artifactLocation.uri ${String(uri)}`)
        const line = at(l, 'physicalLocation', 'region', 'startLine')
        if (!(typeof line === 'number' && Number.isInteger(line) && line >= 1))
          out.push(`${where}: region.startLine`)
      }
      if (Object.keys(at(x, 'partialFingerprints') ?? {}).length === 0)
        out.push(`${where}.partialFingerprints`)
    })
  })
  return out
}

test('the SARIF check catches what GitHub rejects', () => {
  const doc = render([run('a', 'linux/amd64', 'alpine-vuln'), run('b', 'linux/amd64', 'npm-vuln')])
  expect(problems(doc)).toEqual([])
  const broken = JSON.parse(JSON.stringify(doc)) as SarifLog
  const first = broken.runs[0]?.results[0] as SarifLog['runs'][number]['results'][number]
  first.locations = []
  first.message.text = ''
  ;(broken.runs[1] as SarifLog['runs'][number]).automationDetails.id = 'imagegate/a/linux-amd64/'
  expect(problems(broken)).toEqual([
    'runs[0].results[0].message.text',
    'runs[0].results[0].locations',
    'runs[1]: category imagegate/a/linux-amd64/ repeated'
  ])
})

const ids = (doc: SarifLog, i = 0): string[] => (doc.runs[i]?.results ?? []).map(r => r.ruleId)
const ruleIds = (doc: SarifLog, i = 0): string[] => (doc.runs[i]?.tool.driver.rules ?? []).map(r => r.id)

const ALL_FIXTURES: SarifRunInput[] = [
  run('alpine-vuln', 'linux/amd64', 'alpine-vuln'),
  run('alpine-vuln', 'linux/arm64', 'alpine-vuln'),
  run('alpine-unfixed-only', 'linux/amd64', 'alpine-unfixed-only'),
  run('alpine-clean', 'linux/amd64', 'alpine-clean'),
  run('npm-vuln', 'linux/arm/v7', 'npm-vuln'),
  run('secret', 'linux/amd64', 'secret')
]

describe('the real reports', () => {
  test('hold what reports.sh says they hold', () => {
    const brief = (f: Fixture): string[] =>
      real(f).findings.map(x => `${x.kind} ${x.id} ${x.severity} ${x.pkg}`)
    expect(brief('alpine-vuln').sort()).toEqual([
      'vulnerability CVE-2099-0001 CRITICAL openssl',
      'vulnerability CVE-2099-0002 HIGH zlib',
      'vulnerability CVE-2099-0003 MEDIUM busybox'
    ])
    expect(brief('alpine-unfixed-only')).toEqual(['vulnerability CVE-2099-0002 HIGH zlib'])
    expect(brief('alpine-clean')).toEqual([])
    expect(brief('npm-vuln')).toEqual(['vulnerability CVE-2099-0004 HIGH lodash'])
    expect(brief('secret')).toEqual(['secret private-key HIGH app/config/deploy-key.pem'])
  })
})

describe('toSarif', () => {
  test('is valid SARIF 2.1.0 for upload-sarif, one run per image and platform', () => {
    const doc = render(ALL_FIXTURES)
    expect(problems(doc)).toEqual([])
    expect(doc.version).toBe('2.1.0')
    expect(doc.runs.map(r => r.tool.driver.name)).toEqual(Array(6).fill(TOOL_NAME))
    expect(doc.runs.map(r => r.tool.driver.version)).toEqual(Array(6).fill('0.58.1'))
    // a clean image still has its run: it closes the alerts of earlier runs of its category
    expect(doc.runs.find(r => r.properties.image === 'alpine-clean')?.results).toEqual([])
  })

  test('gives every image and platform its own category', () => {
    const categories = render(ALL_FIXTURES).runs.map(r => r.automationDetails.id)
    expect(categories).toEqual([
      'imagegate/alpine-clean/linux-amd64/',
      'imagegate/alpine-unfixed-only/linux-amd64/',
      'imagegate/alpine-vuln/linux-amd64/',
      'imagegate/alpine-vuln/linux-arm64/',
      'imagegate/npm-vuln/linux-arm-v7/',
      'imagegate/secret/linux-amd64/'
    ])
    expect(new Set(categories).size).toBe(categories.length)
    expect(sarifCategory('api', 'linux/arm64')).toBe('imagegate/api/linux-arm64/')
  })

  test('merges inputs of one image and platform into one run (GitHub rejects a repeated category)', () => {
    const doc = render([run('api', 'linux/amd64', 'alpine-vuln'), run('api', 'linux/amd64', 'npm-vuln')])
    expect(doc.runs).toHaveLength(1)
    expect(ids(doc)).toEqual(['CVE-2099-0001', 'CVE-2099-0002', 'CVE-2099-0004'])
    expect(problems(doc)).toEqual([])
  })

  test('holds only the gate severities: MEDIUM CVE-2099-0003 absent with HIGH,CRITICAL', () => {
    const doc = render([run('alpine-vuln', 'linux/amd64', 'alpine-vuln')], ['HIGH', 'CRITICAL'])
    expect(ids(doc)).toEqual(['CVE-2099-0001', 'CVE-2099-0002'])
    expect(ruleIds(doc)).toEqual(['CVE-2099-0001', 'CVE-2099-0002'])
    expect(JSON.stringify(doc)).not.toContain('CVE-2099-0003')
    expect(doc.runs[0]?.properties.severities).toEqual(['CRITICAL', 'HIGH'])
  })

  test('holds MEDIUM CVE-2099-0003 when MEDIUM is a gate severity', () => {
    const doc = render([run('alpine-vuln', 'linux/amd64', 'alpine-vuln')], ['medium', 'HIGH', 'CRITICAL'])
    expect(ids(doc)).toEqual(['CVE-2099-0001', 'CVE-2099-0002', 'CVE-2099-0003'])
    const medium = doc.runs[0]?.results.find(r => r.ruleId === 'CVE-2099-0003')
    expect(medium?.level).toBe('warning')
  })

  test('holds nothing at a severity the gate ignores, e.g. only CRITICAL', () => {
    const doc = render(ALL_FIXTURES, ['CRITICAL'])
    expect(
      doc.runs.flatMap(r => r.results.map(x => `${r.properties.image} ${r.properties.platform} ${x.ruleId}`))
    ).toEqual(['alpine-vuln linux/amd64 CVE-2099-0001', 'alpine-vuln linux/arm64 CVE-2099-0001'])
  })

  test('deduplicates rules within a run: one rule per id, every result pointing at it', () => {
    const { findings, reportTarget } = real('alpine-vuln')
    const zlib = findings.find(f => f.id === 'CVE-2099-0002') as Finding
    // Alpine rates one CVE on every subpackage it hits: the same advisory on zlib and zlib-dev
    const doc = render([
      {
        image: 'api',
        platform: 'linux/amd64',
        findings: [...findings, { ...zlib, pkg: 'zlib-dev' }],
        reportTarget
      }
    ])
    expect(ids(doc)).toEqual(['CVE-2099-0001', 'CVE-2099-0002', 'CVE-2099-0002'])
    expect(ruleIds(doc)).toEqual(['CVE-2099-0001', 'CVE-2099-0002'])
    const [, a, b] = doc.runs[0]?.results ?? []
    expect(a?.ruleIndex).toBe(1)
    expect(b?.ruleIndex).toBe(1)
    expect(a?.partialFingerprints).not.toEqual(b?.partialFingerprints)
  })

  test("a rule takes its most severe finding's severity", () => {
    const { findings } = real('alpine-vuln')
    const zlib = findings.find(f => f.id === 'CVE-2099-0002') as Finding
    const doc = render(
      [
        {
          image: 'api',
          platform: 'linux/amd64',
          findings: [zlib, { ...zlib, pkg: 'zlib-dev', severity: 'CRITICAL' }]
        }
      ],
      ['HIGH', 'CRITICAL']
    )
    const rule = doc.runs[0]?.tool.driver.rules[0]
    expect(rule?.properties['security-severity']).toBe('9.5')
    expect(doc.runs[0]?.results.map(r => r.level)).toEqual(['error', 'error'])
  })

  // Trivy's own mapping: pkg/report/sarif.go, toSarifErrorLevel and severityToScore
  test.each<[Severity, string, string]>([
    ['CRITICAL', '9.5', 'error'],
    ['HIGH', '8.0', 'error'],
    ['MEDIUM', '5.5', 'warning'],
    ['LOW', '2.0', 'note'],
    ['UNKNOWN', '0.0', 'note']
  ])('%s: security-severity %s, level %s', (severity, score, level) => {
    expect(SECURITY_SEVERITY[severity]).toBe(score)
    expect(SARIF_LEVEL[severity]).toBe(level)
    // a real finding, rated at this severity (the fixtures have no LOW or UNKNOWN advisory)
    const f = { ...(real('alpine-vuln').findings[0] as Finding), severity }
    const doc = render([{ image: 'api', platform: 'linux/amd64', findings: [f] }], [severity])
    const rule = doc.runs[0]?.tool.driver.rules[0]
    expect(rule?.properties['security-severity']).toBe(score)
    expect(rule?.properties.tags).toEqual(['vulnerability', 'security', severity])
    expect(rule?.defaultConfiguration.level).toBe(level)
    expect(doc.runs[0]?.results[0]?.level).toBe(level)
  })

  test('real severities of the fixtures: CRITICAL 9.5, HIGH 8.0, MEDIUM 5.5', () => {
    const doc = render([run('alpine-vuln', 'linux/amd64', 'alpine-vuln')], ['MEDIUM', 'HIGH', 'CRITICAL'])
    const score = Object.fromEntries(
      (doc.runs[0]?.tool.driver.rules ?? []).map(r => [r.id, r.properties['security-severity']])
    )
    expect(score).toEqual({ 'CVE-2099-0001': '9.5', 'CVE-2099-0002': '8.0', 'CVE-2099-0003': '5.5' })
  })

  test('locates OS packages at the image, language packages and secrets at their files', () => {
    const doc = render([
      run('ghcr.io/acme/api:1.2', 'linux/amd64', 'alpine-vuln'),
      run('npm-vuln', 'linux/amd64', 'npm-vuln'),
      run('secret', 'linux/amd64', 'secret')
    ])
    const where = doc.runs.flatMap(r =>
      r.results.map(x => {
        const p = x.locations[0]?.physicalLocation
        return `${x.ruleId} ${p?.artifactLocation.uri}:${p?.region.startLine}`
      })
    )
    expect(where).toEqual([
      'CVE-2099-0001 acme/api:1',
      'CVE-2099-0002 acme/api:1',
      'CVE-2099-0004 app/node_modules/lodash/package.json:1',
      'private-key app/config/deploy-key.pem:1'
    ])
    // no scan path (a temporary directory in the pipeline) reaches the SARIF
    expect(JSON.stringify(doc)).not.toContain('__tests__')
  })

  test("locates a hidden file's secret (src/trivy/hidden-files.ts) at the file, line 1", () => {
    const secret = real('secret').findings[0] as Finding
    // what scanHiddenFiles makes of a secret in a file a later layer deleted
    const shown = '/app/config/deploy-key.pem (deleted, still in layer 2)'
    const doc = render([
      { image: 'api', platform: 'linux/amd64', findings: [{ ...secret, pkg: shown, target: shown }] }
    ])
    const result = doc.runs[0]?.results[0]
    expect(result?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'app/config/deploy-key.pem' },
      region: { startLine: 1, endLine: 1 }
    })
    expect(result?.locations[0]?.message.text).toBe(shown)
    expect(result?.message.text).toContain('still in layer 2')
  })

  test.each([
    ['api', 'api'],
    ['ghcr.io/acme/api:1.2', 'acme/api'],
    ['127.0.0.1:5000/app/api@sha256:0b01b5af', 'app/api'],
    ['localhost/api:dev', 'api'],
    ['library/alpine:3.18', 'library/alpine']
  ])('imageUri(%s) = %s', (image, uri) => {
    expect(imageUri(image)).toBe(uri)
  })

  test('fingerprints are stable across runs: not the scan path, not the installed version', () => {
    const first = real('alpine-vuln')
    // the same image scanned again elsewhere, its packages upgraded without a fix
    const moved = first.findings.map(f => ({
      ...f,
      installed: `${f.installed}-r9`,
      target: f.target.replace(first.reportTarget, '/tmp/imagegate/9999/api/platforms/linux-amd64')
    }))
    const a = render([{ image: 'api', platform: 'linux/amd64', ...first }])
    const b = render([
      {
        image: 'api',
        platform: 'linux/amd64',
        findings: moved,
        reportTarget: '/tmp/imagegate/9999/api/platforms/linux-amd64'
      }
    ])
    const fps = (d: SarifLog): string[] =>
      (d.runs[0]?.results ?? []).map(r => r.partialFingerprints[FINGERPRINT_KEY] as string)
    expect(fps(a)).toEqual(fps(b))
    expect(fps(a).every(f => /^[0-9a-f]{64}$/.test(f))).toBe(true)
    expect(new Set(fps(a)).size).toBe(fps(a).length)
    expect(render([{ image: 'api', platform: 'linux/amd64', ...first }])).toEqual(a)
  })

  test('does not depend on the order of its input', () => {
    const shuffled = [...ALL_FIXTURES].reverse()
    expect(JSON.stringify(render(shuffled, ['MEDIUM', 'HIGH', 'CRITICAL']))).toBe(
      JSON.stringify(render(ALL_FIXTURES, ['MEDIUM', 'HIGH', 'CRITICAL']))
    )
  })
})

/** count findings built by repeating real ones, each with its own id (CVE-2099-0001-00000, ...). */
function many(count: number, fixture: Fixture = 'alpine-vuln'): Finding[] {
  const base = real(fixture).findings
  return Array.from({ length: count }, (_, i) => {
    const f = base[i % base.length] as Finding
    return { ...f, id: `${f.id}-${String(i).padStart(5, '0')}` }
  })
}

describe("GitHub's limits", () => {
  test('the defaults are 25,000 results per run and 20 runs per file', () => {
    expect(MAX_RESULTS_PER_RUN).toBe(25000)
    expect(MAX_RUNS).toBe(20)
  })

  test('a run over 25,000 results keeps the 25,000 most severe, and says how many were cut', () => {
    // 30,000 real findings: 10,000 each CRITICAL, HIGH, MEDIUM
    const findings = many(30000)
    const { sarif, truncated } = toSarif([{ image: 'big', platform: 'linux/amd64', findings }], {
      severities: ['MEDIUM', 'HIGH', 'CRITICAL'],
      toolVersion: '0.58.1'
    })
    const results = sarif.runs[0]?.results ?? []
    expect(results).toHaveLength(25000)
    expect(truncated).toEqual({ runsDropped: 0, resultsDropped: 5000, droppedCategories: [] })
    expect(sarif.runs[0]?.properties.resultsDropped).toBe(5000)
    const bySeverity = (s: Severity): number => results.filter(r => r.properties.severity === s).length
    expect([bySeverity('CRITICAL'), bySeverity('HIGH'), bySeverity('MEDIUM')]).toEqual([10000, 10000, 5000])
    // the MEDIUM ones kept are the first 5,000 by id: the cut is deterministic
    const medium = results.filter(r => r.properties.severity === 'MEDIUM').map(r => r.ruleId)
    expect(medium[0]).toBe('CVE-2099-0003-00000')
    expect(medium.at(-1)).toBe('CVE-2099-0003-14997')
    expect(sarif.runs[0]?.tool.driver.rules).toHaveLength(25000)
    expect(problems(sarif)).toEqual([])
    expect(describeTruncation(truncated)).toBe(
      "SARIF cut to GitHub's limits (20 runs per file, 25,000 results per run): 5000 result(s) not in the file. " +
        'The most severe findings were kept; the Trivy JSON reports hold every finding.'
    )
  })

  test('exactly 25,000 results: nothing is cut', () => {
    const { sarif, truncated } = toSarif([{ image: 'big', platform: 'linux/amd64', findings: many(25000) }], {
      severities: ['MEDIUM', 'HIGH', 'CRITICAL'],
      toolVersion: '0.58.1'
    })
    expect(sarif.runs[0]?.results).toHaveLength(25000)
    expect(truncated).toEqual({ runsDropped: 0, resultsDropped: 0, droppedCategories: [] })
    expect(describeTruncation(truncated)).toBeUndefined()
  })

  test('results at severities outside the gate do not count towards the limit', () => {
    // 30,000 findings, of which 20,000 HIGH or CRITICAL: under the limit
    const { sarif, truncated } = toSarif([{ image: 'big', platform: 'linux/amd64', findings: many(30000) }], {
      severities: GATE,
      toolVersion: '0.58.1'
    })
    expect(sarif.runs[0]?.results).toHaveLength(20000)
    expect(truncated.resultsDropped).toBe(0)
  })

  test('over 20 runs: the 20 with the most severe results are kept, the rest left out and named', () => {
    // 24 image/platform pairs: 2 with a CRITICAL (alpine-vuln), 20 with one HIGH (npm-vuln), 2 clean
    const inputs: SarifRunInput[] = Array.from({ length: 24 }, (_, i) => {
      const image = `img-${String(i).padStart(2, '0')}`
      const fixture: Fixture = i === 5 || i === 17 ? 'alpine-vuln' : i >= 22 ? 'alpine-clean' : 'npm-vuln'
      return run(image, 'linux/amd64', fixture)
    })
    const { sarif, truncated } = toSarif(inputs, { severities: GATE, toolVersion: '0.58.1' })
    expect(sarif.runs).toHaveLength(20)
    expect(truncated).toEqual({
      runsDropped: 4,
      resultsDropped: 2,
      droppedCategories: [
        'imagegate/img-20/linux-amd64/',
        'imagegate/img-21/linux-amd64/',
        'imagegate/img-22/linux-amd64/',
        'imagegate/img-23/linux-amd64/'
      ]
    })
    const kept = sarif.runs.map(r => r.properties.image)
    expect(kept).toContain('img-05')
    expect(kept).toContain('img-17')
    // kept runs come out in category order
    expect(kept).toEqual([...kept].sort())
    expect(problems(sarif)).toEqual([])
    expect(describeTruncation(truncated)).toContain(
      '4 image/platform run(s) left out (imagegate/img-20/linux-amd64/, imagegate/img-21/linux-amd64/, ' +
        'imagegate/img-22/linux-amd64/, imagegate/img-23/linux-amd64/); 2 result(s) not in the file'
    )
    // the same cut whatever the input order
    expect(toSarif([...inputs].reverse(), { severities: GATE, toolVersion: '0.58.1' })).toEqual({
      sarif,
      truncated
    })
  })

  test('both limits at once, with smaller limits given', () => {
    const inputs: SarifRunInput[] = [
      { image: 'a', platform: 'linux/amd64', findings: many(30) },
      { image: 'b', platform: 'linux/amd64', findings: many(3) },
      { image: 'c', platform: 'linux/amd64', findings: many(12, 'npm-vuln') }
    ]
    const { sarif, truncated } = toSarif(inputs, {
      severities: GATE,
      toolVersion: '0.58.1',
      maxResultsPerRun: 5,
      maxRuns: 2
    })
    // a (20 at the gate) and b (2) have CRITICALs; c (12 HIGH only) is left out
    expect(sarif.runs.map(r => [r.properties.image, r.results.length])).toEqual([
      ['a', 5],
      ['b', 2]
    ])
    expect(truncated).toEqual({
      runsDropped: 1,
      resultsDropped: 15 + 12,
      droppedCategories: ['imagegate/c/linux-amd64/']
    })
  })
})
