// Issue 14's catalog variant and the recipes the benchmark compares imagegate with.
//
// The variant is the example catalog (same four images, two platforms each, same smoke tests and
// hardening expectations) where every image also carries a multi-megabyte layer and a later layer that
// replaces a file of that layer and a file of the base, so that every platform has hidden files (files
// a later layer replaces: src/trivy/hidden-files.ts) for imagegate's hidden-file secret scan. The data
// is generated at bench time (never committed): an AES-256-CTR keystream keyed by the image's name, so
// it is incompressible, differs per image, and is the same in every run (stable build cache and digests).
import { Buffer } from 'node:buffer'
import { createCipheriv, createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import YAML from 'yaml'

export const VARIANT_LAYER_BYTES = 4 * 2 ** 20
export const VARIANT_ORG = 'bench-variant'
export const VARIANT_INFRA_ORG = 'bench-variant-ops'

/** Lines added to every Dockerfile right after its last FROM (the stage the image is made of). */
export const VARIANT_LINES = [
  '# benchmark variant (scripts/bench/run.mjs): a multi-megabyte layer, then a layer that replaces a file',
  '# of it (VERSION) and a file of the base (/etc/passwd): both stay in the image as hidden files',
  'COPY bench-data/ /opt/bench-data/',
  "RUN echo 2 > /opt/bench-data/VERSION && echo 'bench:x:10002:10002:bench:/nonexistent:/bin/false' >> /etc/passwd"
]

/** Incompressible, reproducible bytes for one image: the AES-256-CTR keystream of a key made of its name. */
export function variantData(name, bytes = VARIANT_LAYER_BYTES) {
  const key = createHash('sha256').update(`imagegate-bench-variant:${name}`).digest()
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16))
  return Buffer.concat([cipher.update(Buffer.alloc(bytes)), cipher.final()])
}

/** The Dockerfile text with VARIANT_LINES after its last FROM line. */
export function variantDockerfile(text) {
  const lines = text.split('\n')
  const last = lines.map(l => /^\s*FROM\s/i.test(l)).lastIndexOf(true)
  if (last < 0) throw new Error('variant: a Dockerfile without FROM')
  return [...lines.slice(0, last + 1), ...VARIANT_LINES, ...lines.slice(last + 1)].join('\n')
}

/**
 * Writes the variant workspace into `dir` from the example catalog at `example`: the catalog's
 * images go to their own organisations (the registry keeps the example's and the variant's apart),
 * every service's Dockerfile gets VARIANT_LINES, every service's context a `bench-data/` folder.
 * Returns the catalog's image names.
 */
export function makeVariant(example, dir) {
  cpSync(example, dir, { recursive: true, filter: src => !src.includes('/artifacts') })
  const catalogFile = join(dir, '.github/images.yml')
  const catalog = YAML.parseDocument(readFileSync(catalogFile, 'utf8'))
  catalog.setIn(['defaults', 'org'], VARIANT_ORG)
  catalog.setIn(['defaults', 'infra-org'], VARIANT_INFRA_ORG)
  writeFileSync(catalogFile, catalog.toString())
  const images = catalog.toJS().images
  for (const image of images) {
    const context = join(dir, image.context)
    const dockerfile = join(dir, image.file ?? join(image.context, 'Dockerfile')) // as the plan resolves it
    writeFileSync(dockerfile, variantDockerfile(readFileSync(dockerfile, 'utf8')))
    mkdirSync(join(context, 'bench-data'), { recursive: true })
    writeFileSync(join(context, 'bench-data/blob.bin'), variantData(image.name))
    writeFileSync(join(context, 'bench-data/VERSION'), '1\n')
  }
  return images.map(i => i.name)
}

/**
 * Trivy's offline flags for the binary at `trivy`: the checks' flag as its own help spells it (0.44's
 * `--skip-policy-update`, renamed `--skip-check-update` in 0.52; the old name is deprecated on 0.68).
 */
export function offlineFlags(trivy) {
  const help = spawnSync(trivy, ['image', '--help'], { encoding: 'utf8' }).stdout ?? ''
  const checks = help.includes('--skip-check-update') ? '--skip-check-update' : '--skip-policy-update'
  return `--skip-db-update --skip-java-db-update ${checks}`
}

/** The build options every recipe passes to buildx for one image of imagegate's plan (same file, target and build args). */
export function buildArgv(image, workspace) {
  return [
    '--file',
    join(workspace, image.file),
    ...(image.target ? ['--target', image.target] : []),
    ...Object.entries(image.buildArgs).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`])
  ]
}

/** buildArgv, bash-quoted. */
function buildOpts(image, workspace, q) {
  return buildArgv(image, workspace).map(q).join(' ')
}

/**
 * A bash function the recipes judge a scan with, as imagegate does: Trivy runs with its default exit
 * code (a dev build such as the test bed's 0.68.2 exits 1 for any non-zero --exit-code, so an exit code
 * cannot tell findings from a crash); a non-zero exit (the step, under set -e) or no JSON report is a
 * crash; HIGH or CRITICAL findings in the report fail the recipe as trivy-action's exit-code 1 would.
 */
export const JUDGE_FN = `judge() {
  [ -s "$1" ] && grep -q '"SchemaVersion"' "$1" || { echo "trivy wrote no report: $1 (a crash)" >&2; exit 2; }
  if grep -qE '"Severity": "(HIGH|CRITICAL)"' "$1"; then echo "findings in $1" >&2; exit 1; fi
}`

/**
 * The usual recipe for one image (issue 8's peer): build-push-action --load (amd64), trivy-action on the
 * loaded image, sbom-action (Trivy), build-push-action --push (every platform). arm64 is never scanned.
 */
export function amd64OnlySteps(image, { workspace, scanTag, pushRef, offline, q }) {
  const opts = buildOpts(image, workspace, q)
  const ctx = q(join(workspace, image.context))
  const n = image.name
  return `# ${n}: build-push-action (load) -> trivy-action -> sbom-action (Trivy) -> build-push-action (push)
img=${q(n)}
step build-load docker buildx build --platform linux/amd64 --load -t ${q(scanTag)} ${opts} ${ctx}
step scan trivy image --severity HIGH,CRITICAL --format json --output "$run/${n}.trivy.json" ${offline} ${q(scanTag)}
judge "$run/${n}.trivy.json"
step sbom trivy image --format spdx-json --output "$run/${n}.spdx.json" ${offline} ${q(scanTag)}
step build-push docker buildx build --platform ${q(image.platforms.join(','))} --push -t ${q(pushRef)} ${opts} ${ctx}
`
}

/**
 * The same-work recipe for one image: what imagegate does, written as the usual steps. Per platform:
 * build-push-action exporting a docker-archive tarball (Trivy 0.44.1 exited 1 on a non-native image read
 * from the engine's containerd store, so no --load; a tarball is what trivy-action's `input` takes), the
 * vulnerability + secret scan of that tarball (trivy-action), its SPDX SBOM (sbom-action, Trivy); then
 * build-push-action --push of every platform (from the build cache). Trivy's image scan keeps the secrets
 * of every layer, files a later layer deleted or replaced included, so the recipe's scan step is also
 * its hidden-file secret scan: no further process.
 */
export function sameWorkSteps(image, { workspace, pushRef, offline, q }) {
  const opts = buildOpts(image, workspace, q)
  const ctx = q(join(workspace, image.context))
  const n = image.name
  const perPlatform = image.platforms.map(platform => {
    const arch = platform.split('/').slice(1).join('-')
    const tar = `"$run/${n}-${arch}.tar"`
    return `step build-export docker buildx build --platform ${q(platform)} -o type=docker,dest=${tar} ${opts} ${ctx}
step scan trivy image --input ${tar} --severity HIGH,CRITICAL --format json --output "$run/${n}-${arch}.trivy.json" ${offline}
judge "$run/${n}-${arch}.trivy.json"
step sbom trivy image --input ${tar} --format spdx-json --output "$run/${n}-${arch}.spdx.json" ${offline}
rm -f ${tar}`
  })
  return `# ${n}: per platform build-push-action (docker-archive tarball) -> trivy-action -> sbom-action (Trivy); then build-push-action (push)
img=${q(n)}
${perPlatform.join('\n')}
step build-push docker buildx build --platform ${q(image.platforms.join(','))} --push -t ${q(pushRef)} ${opts} ${ctx}
`
}

/**
 * A recipe's whole script: the images one after another, as workflow steps run. Every step's start and
 * end go to $run/steps; the machine's CPU at the start and end to $run/cpu.
 */
export function recipeScript({ title, label, runsDir, env, cpuSnapshotFn, body, q }) {
  return `#!/usr/bin/env bash
# Generated by scripts/bench/run.mjs: ${title}
# Same Trivy binary, same DB cache, same registry, same base. $1: a label for the run's directory.
set -euo pipefail
run=${q(runsDir)}/${label}-"\${1:-run}"-"$(date +%s%N)"
mkdir -p "$run"
${Object.entries(env)
  .map(([k, v]) => `export ${k}=${q(v)}`)
  .join('\n')}
exec > "$run/log" 2>&1
${cpuSnapshotFn}
${JUDGE_FN}
cpu start
step() {
  local name=$1 t0=$EPOCHREALTIME
  shift
  "$@"
  echo "$name $img $t0 $EPOCHREALTIME" >> "$run/steps"
}
${body}
cpu end
`
}
