import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parseConfigReport, splitDockerfileReport, stageDockerfiles } from '../../src/trivy/config.js'

describe("Trivy's Dockerfile misconfigurations", () => {
  test('failed checks only, with their line', () => {
    const report = {
      SchemaVersion: 2,
      Results: [
        {
          Target: 'Dockerfile',
          Misconfigurations: [
            {
              ID: 'DS002',
              Title: "Image user should not be 'root'",
              Severity: 'HIGH',
              Status: 'FAIL',
              CauseMetadata: { StartLine: 4 }
            },
            { ID: 'DS001', Title: "':latest' tag used", Severity: 'MEDIUM', Status: 'PASS' }
          ]
        },
        { Target: 'Dockerfile', MisconfSummary: { Successes: 26, Failures: 0 } }
      ]
    }
    expect(parseConfigReport(JSON.stringify(report), 'r.json')).toEqual([
      { id: 'DS002', severity: 'HIGH', title: "Image user should not be 'root'", message: undefined, line: 4 }
    ])
  })

  test('a report that is not JSON is an error', () => {
    expect(() => parseConfigReport('{', 'r.json')).toThrow('Trivy config report r.json is not JSON')
  })

  test('each Dockerfile is staged alone, in a folder named after its image', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-stage-'))
    const context = path.join(dir, 'context')
    fs.mkdirSync(context)
    fs.writeFileSync(path.join(context, 'api.Dockerfile'), 'FROM scratch\n')
    fs.writeFileSync(path.join(context, 'deploy.yaml'), 'kind: Pod\n')
    stageDockerfiles(path.join(dir, 'staged'), new Map([['api', path.join(context, 'api.Dockerfile')]]))
    expect(fs.readdirSync(path.join(dir, 'staged'), { recursive: true }).sort()).toEqual([
      'api',
      path.join('api', 'Dockerfile')
    ])
    expect(() => stageDockerfiles(path.join(dir, 'bad'), new Map([['../x', 'f']]))).toThrow(
      'not a directory name: ../x'
    )
  })

  test("a combined report split per image: its Dockerfile's misconfigurations only, named as `trivy config` named them", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegate-split-'))
    const failing = (id: string) => ({ ID: id, Title: id, Severity: 'HIGH', Status: 'FAIL' })
    const report = {
      SchemaVersion: 2,
      ArtifactName: '/w/scan-1',
      Results: [
        {
          Target: 'dockerfiles/api/Dockerfile',
          Class: 'config',
          Type: 'dockerfile',
          Misconfigurations: [failing('DS002')]
        },
        // the secret scan's result for the same file, and a hidden file's misconfiguration: not the Dockerfile scan's
        { Target: 'dockerfiles/api/Dockerfile', Class: 'secret', Secrets: [{ RuleID: 'github-pat' }] },
        {
          Target: '1/layer-1/app/Dockerfile',
          Class: 'config',
          Type: 'dockerfile',
          Misconfigurations: [failing('DS001')]
        },
        {
          Target: 'dockerfiles/web/Dockerfile',
          Class: 'config',
          Type: 'dockerfile',
          Misconfigurations: [failing('DS026')]
        }
      ]
    }
    const outputFor = (key: string) => path.join(dir, 'reports', `${key}.trivy.json`)
    const found = splitDockerfileReport({
      text: JSON.stringify(report),
      file: 'r.json',
      folder: 'dockerfiles',
      keys: ['api', 'web', 'db'],
      outputFor
    })
    expect(Object.fromEntries([...found].map(([k, ms]) => [k, ms.map(m => m.id)]))).toEqual({
      api: ['DS002'],
      web: ['DS026'],
      db: []
    })
    const api = JSON.parse(fs.readFileSync(outputFor('api'), 'utf8')) as typeof report
    expect(api).toEqual({
      SchemaVersion: 2,
      ArtifactName: '/w/scan-1',
      Results: [{ ...report.Results[0], Target: 'api/Dockerfile' }]
    })
    expect((JSON.parse(fs.readFileSync(outputFor('db'), 'utf8')) as typeof report).Results).toEqual([])
  })
})
