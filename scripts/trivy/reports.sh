#!/usr/bin/env bash
# reports.sh: regenerates the REAL Trivy JSON reports the renderer tests read (SARIF, table),
# __tests__/fixtures/trivy-reports/<fixture>.json, one per fixture tree in __tests__/fixtures/images/:
#
#   alpine-vuln          openssl CVE-2099-0001 CRITICAL (fixed), zlib CVE-2099-0002 HIGH (no fix yet),
#                        busybox CVE-2099-0003 MEDIUM (fixed)
#   alpine-unfixed-only  zlib CVE-2099-0002 HIGH (no fix yet), nothing else
#   alpine-clean         an Alpine OS without findings
#   npm-vuln             lodash CVE-2099-0004 HIGH in app/node_modules (a language package, no OS)
#   secret               a private key in app/config/deploy-key.pem, line 1 (secret scanner, no OS)
#
# Each tree is scanned with the test bed's Trivy (TRIVY_BIN_DIR in .testbed/env; run
# scripts/testbed/up.sh first) as `trivy rootfs`, offline (no DB, Java DB or policy download), against a
# fresh temporary copy of the committed DB fixture __tests__/fixtures/trivy-db per tree: Trivy writes its
# fanal cache beside the DB, so the fixture is never touched and no cache is carried from tree to tree.
#
# Deterministic: trees are scanned from the repository root by their relative paths, so ArtifactName and
# Target hold no machine's path; the per-run stamps of newer Trivy versions (CreatedAt, ReportID) are
# replaced, as text, by fixed values, and a check proves nothing else changed: every other byte is what
# Trivy wrote. A rerun leaves `git status` clean unless Trivy, the DB fixture or a tree changed.
# (combined.json in the same folder is not made here.)
# Usage: scripts/trivy/reports.sh [OUT_DIR]
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ENV_FILE="${TESTBED:-$REPO/.testbed}/env"
OUT="${1:-$REPO/__tests__/fixtures/trivy-reports}"
FIXTURES=(alpine-vuln alpine-unfixed-only alpine-clean npm-vuln secret)

[ -f "$ENV_FILE" ] || { echo "no $ENV_FILE: run scripts/testbed/up.sh first" >&2; exit 1; }
TRIVY_BIN_DIR=$(sed -n 's/^TRIVY_BIN_DIR=//p' "$ENV_FILE")
TRIVY="$TRIVY_BIN_DIR/trivy"
[ -x "$TRIVY" ] || { echo "no Trivy at $TRIVY (TRIVY_BIN_DIR in $ENV_FILE): run scripts/testbed/up.sh" >&2; exit 1; }
DB="$REPO/__tests__/fixtures/trivy-db"
[ -f "$DB/db/trivy.db" ] || { echo "no DB fixture at $DB (scripts/trivy-db/build.sh)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imagegate-trivy-reports-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
echo "trivy: $TRIVY ($("$TRIVY" --version 2>/dev/null | head -1))"

# normalize RAW OUT: fixed CreatedAt/ReportID (when present), checked to be the only change
normalize() {
  # shellcheck disable=SC2016 # a JavaScript program: its ${...} are not for the shell
  node -e '
const fs = require("node:fs")
const assert = require("node:assert/strict")
const [raw, out] = process.argv.slice(1)
const text = fs.readFileSync(raw, "utf8")
const before = JSON.parse(text)
if (before.SchemaVersion !== 2) throw new Error(`${raw}: SchemaVersion ${before.SchemaVersion}, expected 2`)
const fixed = text
  .replace(/^  "CreatedAt": "[^"]*"/m, `  "CreatedAt": "1970-01-01T00:00:00Z"`)
  .replace(/^  "ReportID": "[^"]*"/m, `  "ReportID": "00000000-0000-0000-0000-000000000000"`)
const after = JSON.parse(fixed)
for (const k of ["CreatedAt", "ReportID"]) {
  assert.equal(k in after, k in before, `${raw}: ${k}`)
  delete before[k]
  delete after[k]
}
assert.deepEqual(after, before, `${raw}: only CreatedAt and ReportID may change`)
fs.writeFileSync(out, fixed.endsWith("\n") ? fixed : fixed + "\n")
const results = after.Results ?? []
const vulns = results.flatMap(r => r.Vulnerabilities ?? []).map(v => `${v.VulnerabilityID} ${v.Severity}`)
const secrets = results.flatMap(r => r.Secrets ?? []).map(s => `${s.RuleID} ${s.Severity}`)
console.log(`${out}: ${[...vulns, ...secrets].join(", ") || "no findings"}`)
' "$1" "$2"
}

cd "$REPO"
for name in "${FIXTURES[@]}"; do
  tree="__tests__/fixtures/images/$name"
  [ -d "$tree" ] || { echo "no fixture tree $tree" >&2; exit 1; }
  rm -rf "$WORK/cache"
  cp -R "$DB" "$WORK/cache"
  raw="$WORK/$name.json"
  if ! "$TRIVY" rootfs --cache-dir "$WORK/cache" --skip-db-update --skip-java-db-update --skip-policy-update \
    --scanners vuln,secret --severity UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL \
    --format json --output "$raw" --quiet "$tree"; then
    echo "trivy failed on $tree" >&2
    exit 1
  fi
  normalize "$raw" "$OUT/$name.json"
done
