// Where a run's files go: the evidence under `output-dir` (what the artifact uploads and the outputs name)
// and the scratch files under the run directory. Every path of either is computed here and nowhere else.
import * as path from 'node:path'
import { platformSlug } from './plan/grammar.js'
import { tableFileName } from './report/table.js'
import { sbomFileName, type SbomFormat } from './sbom/sbom.js'

export class OutputLayout {
  /**
   * @param out the evidence directory (`output-dir` resolved against the workspace)
   * @param work this run's scratch directory (one directory per image, named as the image)
   */
  constructor(
    readonly out: string,
    readonly work: string
  ) {}

  get artifacts(): string {
    return path.join(this.out, 'artifacts')
  }

  get planFile(): string {
    return path.join(this.artifacts, 'imagegate-plan.json')
  }

  get sarifFile(): string {
    return path.join(this.artifacts, 'imagegate.sarif')
  }

  /** mode verify: the SARIF of the re-scan of the attested SBOMs, and the story. */
  get verifySarifFile(): string {
    return path.join(this.artifacts, 'imagegate-verify.sarif')
  }

  get storyFile(): string {
    return path.join(this.artifacts, 'imagegate-story.json')
  }

  /** Every finding with its identity and status: the next run's `baseline`. */
  get findingsFile(): string {
    return path.join(this.artifacts, 'imagegate-findings.json')
  }

  /** A platform job's record for the merge (push-by-digest); its name says which job it is. */
  recordFile(name: string): string {
    return path.join(this.artifacts, name)
  }

  /** Trivy's JSON reports and the findings tables. */
  get scansDir(): string {
    return path.join(this.artifacts, 'scans')
  }

  scanReport(image: string, platform: string): string {
    return path.join(this.scansDir, `${image}-${platformSlug(platform)}.trivy.json`)
  }

  findingsTable(image: string, platform: string): string {
    return path.join(this.scansDir, tableFileName(image, platform))
  }

  dockerfileReport(image: string): string {
    return path.join(this.scansDir, `${image}-dockerfile.trivy.json`)
  }

  sbomFile(image: string, shortSha: string, platform: string, platforms: number, format: SbomFormat): string {
    return path.join(this.out, 'sbom', sbomFileName(image, shortSha, platform, platforms, format))
  }

  /** An image's scratch directory: its OCI layout, buildx's metadata file, per-platform layouts. */
  imageWork(image: string): string {
    return path.join(this.work, image)
  }

  imageLayout(image: string): string {
    return path.join(this.imageWork(image), 'oci')
  }

  buildMetadata(image: string): string {
    return path.join(this.imageWork(image), 'metadata.json')
  }

  /** The single-platform layout Trivy and the SBOM generator read. */
  platformLayout(image: string, platform: string): string {
    return path.join(this.imageWork(image), 'platforms', platformSlug(platform))
  }

  /** The hidden files of every platform, extracted for the run's one secret scan of them. */
  get hiddenFilesWork(): string {
    return path.join(this.work, '.hidden-files')
  }

  /** The catalog's Dockerfiles, staged for their misconfiguration scan, and its report. */
  get dockerfileScanWork(): string {
    return path.join(this.work, '.dockerfile-scan')
  }

  /** The merged ignore file Trivy takes as its one --ignorefile. */
  get ignoreFile(): string {
    return path.join(this.work, 'trivyignore')
  }
}
