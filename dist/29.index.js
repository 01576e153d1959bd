export const id = 29;
export const ids = [29];
export const modules = {

/***/ 96212:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CV: () => (/* binding */ judgeScans),
/* harmony export */   S4: () => (/* binding */ immutableTagConflicts),
/* harmony export */   kS: () => (/* binding */ versionRefusals),
/* harmony export */   ot: () => (/* binding */ parseVersion),
/* harmony export */   t: () => (/* binding */ targetTags)
/* harmony export */ });
/* unused harmony exports isSemverTag, isDevOnlyTag, isImmutableTag */
/* harmony import */ var _gate_gate_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4512);
/* harmony import */ var _plan_git_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(16347);
/* harmony import */ var _plan_grammar_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37530);
/* harmony import */ var _plan_tags_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(49458);
/* harmony import */ var _trivy_report_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76744);





/** The `version` input: a tag of the source repository (`sha-9f2c1ab`, `1.3.0`) or a `sha256:` digest. */
function parseVersion(version) {
    const value = version.trim();
    if (value.startsWith('sha256:')) {
        if (!_plan_grammar_js__WEBPACK_IMPORTED_MODULE_1__/* .DIGEST */ .Dh.test(value))
            throw new Error(`input version: "${value}" is not a sha256 digest (sha256:<64 hex>)`);
        return { kind: 'digest', digest: value };
    }
    if (!_plan_grammar_js__WEBPACK_IMPORTED_MODULE_1__/* .TAG */ .Dk.test(value))
        throw new Error(`input version: "${value}" is neither a tag nor a sha256: digest`);
    return { kind: 'tag', tag: value };
}
/** A full SemVer version tag (`1.3.0`, `2.0.0-rc.1`): immutable once in a repository. */
function isSemverTag(tag) {
    return !tag.startsWith('v') && (0,_plan_git_js__WEBPACK_IMPORTED_MODULE_4__/* .parseSemver */ .kf)(tag)?.version === tag;
}
/** The tags the promoted image gets in the target: the version's own tag (and its aliases), then extra tags. */
function targetTags(version, o) {
    const tags = [];
    const add = (tag) => {
        if (!tags.includes(tag))
            tags.push(tag);
    };
    if (version.kind === 'tag') {
        add(version.tag);
        const semver = isSemverTag(version.tag) ? (0,_plan_git_js__WEBPACK_IMPORTED_MODULE_4__/* .parseSemver */ .kf)(version.tag) : undefined;
        if (semver && !semver.prerelease && o.semverAliases) {
            add(`${semver.major}.${semver.minor}`);
            // as the build's tag policy: no `0` alias for major version zero
            if (semver.major > 0)
                add(String(semver.major));
        }
    }
    for (const tag of o.extra)
        add(tag);
    return tags;
}
/** A tag the build gives in dev only (docs/tags.md): `dev-<branch>`, `pr-<number>`. */
function isDevOnlyTag(tag) {
    return /^dev-./.test(tag) || /^pr-\d+$/.test(tag);
}
/**
 * Why this promotion is refused before any registry is asked (latest; a dev-only tag out of dev; -debug
 * into production).
 */
function versionRefusals(o) {
    const out = [];
    if (o.version.kind === 'tag' && o.version.tag === 'latest') {
        out.push('"latest" is never promoted: give a sha-<7> or SemVer tag, or a digest');
    }
    else if (o.version.kind === 'tag' &&
        isDevOnlyTag(o.version.tag) &&
        (o.target.environment !== _plan_tags_js__WEBPACK_IMPORTED_MODULE_2__/* .DEV_ENVIRONMENT */ .Kb || o.target.production)) {
        out.push(`"${o.version.tag}" is a dev-only tag (dev-<branch>, pr-<number>), never promoted to ${o.target.environment}: give a sha-<7> or SemVer tag, or a digest`);
    }
    if (o.target.production) {
        if (/-debug$/.test(o.image)) {
            out.push(`-debug images never go to a production environment (${o.target.environment})`);
        }
        for (const tag of o.tags) {
            if (/-debug$/.test(tag)) {
                out.push(`"${tag}": -debug tags never go to a production environment (${o.target.environment})`);
            }
        }
    }
    return out;
}
/** A tag that never moves once in a repository: a full SemVer version, or the commit's `sha-<7 hex>`. */
function isImmutableTag(tag) {
    return isSemverTag(tag) || /^sha-[0-9a-f]{7}$/.test(tag);
}
/**
 * SemVer and sha-<7> tags are immutable: a target tag already at another digest is an error (another
 * build of that version or commit); at this digest, a no-op. `existing` is what the target answers for
 * each tag (undefined: no such tag).
 */
function immutableTagConflicts(digest, existing, targetRepository) {
    const out = [];
    for (const [tag, current] of existing) {
        if (current && current !== digest && isImmutableTag(tag)) {
            out.push(`${targetRepository}:${tag} already points to ${current}; ${isSemverTag(tag) ? 'SemVer' : 'sha-<7>'} tags are immutable (the promoted digest is ${digest})`);
        }
    }
    return out;
}
/**
 * Judges the attested scans again at the target's policy: every platform needs an attestation whose
 * Trivy report is of that platform's image (`Metadata.ImageID` = its config digest; a report without an
 * ImageID matches by the predicate's `invocation.parameters.platform`, or when it is the only one of a
 * one-platform image), and no finding at the target's severities.
 */
function judgeScans(image, attestations, platforms, policy) {
    const reasons = [];
    const reports = [];
    for (const attestation of attestations) {
        const report = _trivy_report_js__WEBPACK_IMPORTED_MODULE_3__/* .ReportSchema */ .M9.safeParse(attestation.result);
        if (!report.success) {
            reasons.push(`a scan attestation (${attestation.scanner}) holds no Trivy JSON report`);
            continue;
        }
        let findings = (0,_trivy_report_js__WEBPACK_IMPORTED_MODULE_3__/* .findingsOf */ .WX)(report.data);
        if (policy.ignoreUnfixed)
            findings = findings.filter(f => f.kind !== 'vulnerability' || f.fixed);
        reports.push({ attestation, imageId: report.data.Metadata?.ImageID, findings });
    }
    const scans = [];
    const outcomes = [];
    for (const platform of platforms) {
        const match = reports.find(r => r.imageId === platform.configDigest) ??
            reports.find(r => !r.imageId && r.attestation.platform === platform.platform) ??
            (platforms.length === 1 && reports.length === 1 && !reports[0]?.imageId ? reports[0] : undefined);
        if (!match) {
            reasons.push(`no scan attestation covers ${platform.platform} (image config ${platform.configDigest})`);
            continue;
        }
        scans.push({
            platform: platform.platform,
            scanner: match.attestation.scanner,
            finishedOn: match.attestation.finishedOn,
            findings: match.findings.length
        });
        outcomes.push({ platform: platform.platform, findings: match.findings });
    }
    const verdict = (0,_gate_gate_js__WEBPACK_IMPORTED_MODULE_0__/* .gate */ .Gj)([{ name: image, scans: outcomes }], policy.severity).images[0];
    for (const reason of verdict?.reasons ?? [])
        reasons.push(`scan attestation: ${reason}`);
    return { passed: reasons.length === 0, reasons, scans };
}


/***/ }),

/***/ 10643:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J7: () => (/* binding */ describeTruncation),
/* harmony export */   l2: () => (/* binding */ stampVerdict),
/* harmony export */   zv: () => (/* binding */ toSarif)
/* harmony export */ });
/* unused harmony exports SARIF_SCHEMA, SARIF_VERSION, TOOL_NAME, MAX_RESULTS_PER_RUN, MAX_RUNS, FINGERPRINT_KEY, SARIF_LEVEL, SECURITY_SEVERITY, sarifCategory, imageUri */
/* harmony import */ var _plan_grammar_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37530);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _gate_gate_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4512);
/* harmony import */ var _trivy_report_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76744);
/* harmony import */ var _table_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(790);
// Findings as SARIF 2.1.0 for github/codeql-action/upload-sarif. Pure: returns the document and what was
// cut to stay within GitHub's limits.
//
// What trivy-action users trip over, and how this file avoids it:
// - The SARIF holds only the gate's severities (trivy-action's SARIF holds every severity whatever
//   `severity` says), so Code Scanning shows what failed the job, not more.
// - One run per image and platform, each with its own category (`automationDetails.id`
//   `imagegate/<image>/<os>-<arch>/`): GitHub rejects several runs of one tool with one category in an
//   upload, and an image's alerts are closed only by a later run of the same category. (Leave
//   upload-sarif's `category` input unset: the file's own categories are used.)
// - GitHub's limits (docs.github.com, "SARIF results exceed one or more limits"): 25,000 results per run
//   and 20 runs per file are hard limits (the upload is rejected). Cut deterministically, most severe
//   kept, and reported in `truncated`.
//
// Levels and security-severity are Trivy's own (pkg/report/sarif.go: toSarifErrorLevel,
// severityToScore): CRITICAL/HIGH error, MEDIUM warning, LOW/UNKNOWN note; 9.5, 8.0, 5.5, 2.0, 0.0.
// (Trivy's writer prefers a vendor CVSS v3 score for vulnerabilities when it has one; a Finding carries
// none, so the score is always the severity's.)





const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SARIF_VERSION = '2.1.0';
const TOOL_NAME = 'imagegate (Trivy)';
/** GitHub's hard limits: above them the whole upload is rejected. */
const MAX_RESULTS_PER_RUN = 25000;
const MAX_RUNS = 20;
/** partialFingerprints key: versioned, so a change of what is hashed can never match old alerts. */
const FINGERPRINT_KEY = 'imagegateFinding/v1';
const SARIF_LEVEL = {
    CRITICAL: 'error',
    HIGH: 'error',
    MEDIUM: 'warning',
    LOW: 'note',
    UNKNOWN: 'note'
};
/** GitHub: over 9.0 critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, 3.9 or less low. */
const SECURITY_SEVERITY = {
    CRITICAL: '9.5',
    HIGH: '8.0',
    MEDIUM: '5.5',
    LOW: '2.0',
    UNKNOWN: '0.0'
};
/** `imagegate/<image>/<os>-<arch>[-<variant>]/`: the trailing slash makes it the whole category. */
function sarifCategory(image, platform) {
    return `imagegate/${image}/${(0,_plan_grammar_js__WEBPACK_IMPORTED_MODULE_0__/* .platformSlug */ .DN)(platform)}/`;
}
/** `node_modules/@scope/x` stays readable; what a relative URI cannot hold (`:`, `#`, `?`, spaces) is escaped. */
function toUri(path) {
    const segments = path
        .replace(/\\/g, '/')
        .split('/')
        .filter(s => s !== '' && s !== '.');
    return segments.map(s => encodeURIComponent(s).replace(/%40/g, '@')).join('/') || '.';
}
/**
 * Where GitHub shows an image: its repository path without registry, tag or digest, as Trivy's own
 * SARIF writer does (pkg/report/sarif.go ToPathUri): `ghcr.io/org/api:1.2` -> `org/api`.
 */
function imageUri(image) {
    let ref = image.split('@')[0];
    const slash = ref.lastIndexOf('/');
    const colon = ref.lastIndexOf(':');
    if (colon > slash)
        ref = ref.slice(0, colon);
    const parts = ref.split('/');
    const first = parts[0];
    if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost'))
        parts.shift();
    return toUri(parts.join('/'));
}
/** Trivy's OS target `<path> (alpine 3.18.4)`; also a hidden file's `/etc/x (deleted, still in layer 2)`. */
const PAREN_SUFFIX = /^(.+?)\s+\([^)]*\)$/;
function locate(f, atImageUri, reportTarget) {
    if (f.kind === 'secret') {
        // in the image config (its history, ENTRYPOINT, ENV): located at the image, as an OS package is
        if (f.pkg === _trivy_report_js__WEBPACK_IMPORTED_MODULE_3__/* .IMAGE_CONFIG */ .Ve)
            return { uri: atImageUri, atImage: true };
        // findingsOf: target is `<file>:<line>` when Trivy knew the line, else the file (pkg)
        const m = f.target.startsWith(`${f.pkg}:`) ? /^(\d+)$/.exec(f.target.slice(f.pkg.length + 1)) : null;
        const file = PAREN_SUFFIX.exec(f.pkg)?.[1] ?? f.pkg;
        return { uri: toUri(stripRoot(file, reportTarget)), line: m ? Number(m[1]) : undefined, atImage: false };
    }
    const t = f.target;
    const atImage = (reportTarget !== undefined &&
        reportTarget !== '' &&
        (t === reportTarget || t.startsWith(`${reportTarget} (`))) ||
        PAREN_SUFFIX.test(t);
    if (atImage)
        return { uri: atImageUri, atImage: true };
    return { uri: toUri(stripRoot(t, reportTarget)), atImage: false };
}
function stripRoot(path, root) {
    if (root && path.startsWith(`${root}/`))
        return path.slice(root.length + 1);
    return path;
}
function fingerprint(parts) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.createHash)('sha256')
        .update(parts.map(p => String(p ?? '')).join('\0'))
        .digest('hex');
}
function ruleFor(f, at, severity) {
    const title = (f.title ?? '').trim() || f.id;
    const name = f.kind === 'secret'
        ? 'Secret'
        : at.atImage
            ? 'OsPackageVulnerability'
            : 'LanguageSpecificPackageVulnerability';
    const what = f.kind === 'secret' ? 'Secret' : 'Vulnerability';
    const link = f.url ? `\nLink: [${f.id}](${f.url})` : '';
    return {
        id: f.id,
        name,
        shortDescription: { text: title },
        fullDescription: { text: title },
        ...(f.url ? { helpUri: f.url } : {}),
        help: {
            text: `${what} ${f.id}\nSeverity: ${severity}\n${title}${link}`,
            markdown: `**${what} ${f.id}**\n\n| Severity | Title |\n| --- | --- |\n| ${severity} | ${title.replace(/\|/g, '\\|')} |\n${f.url ? `\n[${f.id}](${f.url})\n` : ''}`
        },
        defaultConfiguration: { level: SARIF_LEVEL[severity] },
        properties: {
            tags: [f.kind, 'security', severity],
            precision: 'very-high',
            'security-severity': SECURITY_SEVERITY[severity]
        }
    };
}
function buildRun(p, severities, toolVersion, max) {
    const kept = p.findings.slice(0, max);
    const rules = new Map();
    const atImageUri = imageUri(p.image);
    const located = kept.map(f => {
        const at = locate(f, atImageUri, p.reportTarget);
        const known = rules.get(f.id);
        // a rule's severity is its most severe finding's (one CVE can be rated per package source)
        if (!known || (0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .severityRank */ .qs)(f.severity) < (0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .severityRank */ .qs)(known.severity)) {
            rules.set(f.id, { rule: ruleFor(f, at, f.severity), severity: f.severity });
        }
        return { f, at };
    });
    const ruleList = [...rules.values()].map(r => r.rule).sort((a, b) => (0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .compareNatural */ .dk)(a.id, b.id));
    const index = new Map(ruleList.map((r, i) => [r.id, i]));
    const results = located.map(({ f, at }) => {
        const line = at.line ?? 1;
        const where = f.kind === 'secret' ? f.target : at.atImage ? `${p.image} (${p.platform})` : f.target;
        // describeFinding names a secret's title already; a vulnerability's follows it
        const title = f.kind === 'vulnerability' ? f.title?.trim() : undefined;
        return {
            ruleId: f.id,
            ruleIndex: index.get(f.id),
            level: SARIF_LEVEL[f.severity],
            message: {
                text: (0,_gate_gate_js__WEBPACK_IMPORTED_MODULE_2__/* .describeFinding */ .jb)({ ...f, image: p.image, platform: p.platform }) + (title ? `: ${title}` : '')
            },
            locations: [
                {
                    physicalLocation: { artifactLocation: { uri: at.uri }, region: { startLine: line, endLine: line } },
                    message: { text: f.kind === 'secret' ? where : `${where}: ${f.pkg}@${f.installed ?? ''}` }
                }
            ],
            // stable across runs: no version (an upgrade that does not fix keeps the alert), no scan path
            partialFingerprints: {
                [FINGERPRINT_KEY]: fingerprint([
                    f.kind,
                    f.id,
                    f.pkg,
                    at.uri,
                    f.kind === 'secret' ? at.line : undefined
                ])
            },
            properties: { image: p.image, platform: p.platform, severity: f.severity, package: f.pkg }
        };
    });
    return {
        run: {
            tool: {
                driver: {
                    name: TOOL_NAME,
                    version: toolVersion,
                    informationUri: 'https://github.com/aquasecurity/trivy',
                    rules: ruleList
                }
            },
            automationDetails: { id: p.category },
            columnKind: 'utf16CodeUnits',
            results,
            properties: {
                image: p.image,
                platform: p.platform,
                severities,
                resultsDropped: p.findings.length - kept.length
            }
        },
        dropped: p.findings.length - kept.length
    };
}
/**
 * One SARIF run per image and platform, with only the findings at the gate's severities. Deterministic
 * whatever the input order: runs come out in category order, results most severe first (then id,
 * package, target), rules by id.
 *
 * Cutting, when GitHub's limits are exceeded:
 * - results: a run keeps its first maxResultsPerRun results in that order (the most severe);
 * - runs: the maxRuns runs kept are those with the most severe results (then the most results, then
 *   the category); the others are left out whole. A clean run ranks last: it only closes old alerts.
 * Inputs with the same image and platform are one run (GitHub rejects a repeated category).
 */
function toSarif(runs, o) {
    const maxResults = o.maxResultsPerRun ?? MAX_RESULTS_PER_RUN;
    const maxRuns = o.maxRuns ?? MAX_RUNS;
    const wanted = new Set(o.severities.map(s => s.trim().toUpperCase()));
    const severities = _trivy_report_js__WEBPACK_IMPORTED_MODULE_3__/* .SEVERITIES */ .oC.filter(s => wanted.has(s)).sort((a, b) => (0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .severityRank */ .qs)(a) - (0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .severityRank */ .qs)(b));
    const gated = new Set(severities);
    const byCategory = new Map();
    for (const r of runs) {
        const category = sarifCategory(r.image, r.platform);
        const p = byCategory.get(category) ?? {
            category,
            image: r.image,
            platform: r.platform,
            findings: [],
            reportTarget: r.reportTarget
        };
        p.findings.push(...r.findings.filter(f => gated.has(f.severity)));
        byCategory.set(category, p);
    }
    const prepared = [...byCategory.values()];
    for (const p of prepared)
        p.findings.sort(_table_js__WEBPACK_IMPORTED_MODULE_4__/* .compareFindings */ .Eg);
    const worst = (p) => p.findings[0] ? (0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .severityRank */ .qs)(p.findings[0].severity) : _trivy_report_js__WEBPACK_IMPORTED_MODULE_3__/* .SEVERITIES */ .oC.length;
    const ranked = [...prepared].sort((a, b) => worst(a) - worst(b) || b.findings.length - a.findings.length || (0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .compareNatural */ .dk)(a.category, b.category));
    const keptRuns = ranked.slice(0, Math.max(0, maxRuns));
    const droppedRuns = ranked.slice(keptRuns.length);
    let resultsDropped = droppedRuns.reduce((n, p) => n + p.findings.length, 0);
    const out = [];
    for (const p of keptRuns.sort((a, b) => (0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .compareNatural */ .dk)(a.category, b.category))) {
        const { run, dropped } = buildRun(p, severities, o.toolVersion, Math.max(0, maxResults));
        resultsDropped += dropped;
        out.push(run);
    }
    return {
        sarif: { $schema: SARIF_SCHEMA, version: SARIF_VERSION, runs: out },
        truncated: {
            runsDropped: droppedRuns.length,
            resultsDropped,
            droppedCategories: droppedRuns.map(p => p.category).sort(_table_js__WEBPACK_IMPORTED_MODULE_4__/* .compareNatural */ .dk)
        }
    };
}
/** A line for the log and the summary when something was cut; undefined when nothing was. */
function describeTruncation(t, o) {
    if (t.runsDropped === 0 && t.resultsDropped === 0)
        return undefined;
    const maxResults = (o?.maxResultsPerRun ?? MAX_RESULTS_PER_RUN).toLocaleString('en-US');
    const maxRuns = o?.maxRuns ?? MAX_RUNS;
    const parts = [];
    if (t.runsDropped > 0)
        parts.push(`${t.runsDropped} image/platform run(s) left out (${t.droppedCategories.join(', ')})`);
    parts.push(`${t.resultsDropped} result(s) not in the file`);
    return (`SARIF cut to GitHub's limits (${maxRuns} runs per file, ${maxResults} results per run): ` +
        `${parts.join('; ')}. The most severe findings were kept; the Trivy JSON reports hold every finding.`);
}
/** Names in every run what judged it, so a verdict can be reproduced from the SARIF file alone. */
function stampVerdict(sarif, verdictOf) {
    for (const run of sarif.runs)
        run.properties.verdict = verdictOf(run.properties.image, run.properties.platform);
    return sarif;
}


/***/ }),

/***/ 86029:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runVerify: () => (/* binding */ runVerify)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/cache/results.ts
var results = __webpack_require__(17044);
// EXTERNAL MODULE: ./src/catalog/load.ts
var load = __webpack_require__(6043);
// EXTERNAL MODULE: ./src/github/context.ts
var context = __webpack_require__(19556);
// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var src_inputs = __webpack_require__(60233);
// EXTERNAL MODULE: ./src/output-layout.ts
var output_layout = __webpack_require__(13525);
// EXTERNAL MODULE: ./src/pipeline/scanner.ts + 2 modules
var pipeline_scanner = __webpack_require__(77152);
// EXTERNAL MODULE: ./src/policy/baseline.ts
var policy_baseline = __webpack_require__(34887);
// EXTERNAL MODULE: ./src/policy/run-policy.ts
var run_policy = __webpack_require__(66570);
// EXTERNAL MODULE: ./src/policy/trivyignore.ts
var trivyignore = __webpack_require__(25764);
// EXTERNAL MODULE: ./src/registry/client.ts + 2 modules
var registry_client = __webpack_require__(17345);
// EXTERNAL MODULE: ./src/report/run-summary.ts + 1 modules
var run_summary = __webpack_require__(55663);
// EXTERNAL MODULE: ./src/report/sarif.ts
var report_sarif = __webpack_require__(10643);
// EXTERNAL MODULE: ./src/run-dir.ts
var run_dir = __webpack_require__(88216);
// EXTERNAL MODULE: ./src/tools/install.ts + 1 modules
var install = __webpack_require__(36238);
// EXTERNAL MODULE: ./src/trivy/db.ts
var db = __webpack_require__(25904);
// EXTERNAL MODULE: ./src/trust/setup.ts + 5 modules
var setup = __webpack_require__(18142);
// EXTERNAL MODULE: ./src/exec.ts
var exec = __webpack_require__(73190);
// EXTERNAL MODULE: ./src/gate/gate.ts
var gate = __webpack_require__(4512);
// EXTERNAL MODULE: ./src/trivy/env.ts
var env = __webpack_require__(76331);
// EXTERNAL MODULE: ./src/trivy/report.ts
var trivy_report = __webpack_require__(76744);
// EXTERNAL MODULE: ./src/trivy/scan.ts
var scan = __webpack_require__(54911);
;// CONCATENATED MODULE: ./src/verify/rescan.ts
// Re-judged today: the attested SPDX SBOM of every platform scanned again with this run's Trivy and DB
// (`trivy sbom`: no image pulled, nothing rebuilt), and the findings judged at this run's policy
// (severities, gate mode, baseline, exceptions) by the gate the build uses.







/**
 * Pure: the argv of one SBOM's scan, offline as the image scans are (scan.ts scanArgs). `trivy sbom`
 * runs no checks, so it takes no checks-update flag (it refuses one).
 */
function sbomScanArgs(o) {
    const args = ['sbom', o.sbom, '--format', 'json', '--output', o.output];
    args.push('--severity', trivy_report/* SEVERITIES */.oC.join(','));
    args.push('--cache-dir', o.cacheDir, '--skip-db-update', '--skip-java-db-update');
    if (o.ignoreUnfixed)
        args.push('--ignore-unfixed');
    if (o.ignoreFile)
        args.push('--ignorefile', o.ignoreFile);
    args.push('--timeout', o.timeout, '--quiet');
    return args;
}
/** The re-scan of every image, and the SARIF runs of every platform it scanned. */
function sbomRescan(setup) {
    const sarifRuns = [];
    const rescan = async ({ name, evidence }) => {
        const scans = [];
        for (const sbom of evidence.sboms) {
            const slug = `${name}-${sbom.platform.replace(/[^a-z0-9]+/gi, '-')}`;
            const sbomFile = external_node_path_.join(setup.work, `${slug}.spdx.json`);
            const output = external_node_path_.join(setup.work, `${slug}.trivy.json`);
            external_node_fs_.mkdirSync(setup.work, { recursive: true });
            external_node_fs_.writeFileSync(sbomFile, JSON.stringify(sbom.statement.predicate));
            external_node_fs_.rmSync(output, { force: true });
            const what = `${name} ${sbom.platform} (attested SBOM)`;
            const r = await (0,env/* runTrivy */.m)(setup.scanner.trivy, sbomScanArgs({
                sbom: sbomFile,
                output,
                cacheDir: setup.scanner.db.cacheDir,
                ignoreUnfixed: setup.policy.ignoreUnfixed,
                ...(setup.policy.ignoreFile ? { ignoreFile: setup.policy.ignoreFile } : {}),
                timeout: (0,scan/* trivyTimeout */.cC)(setup.scanner.timeout)
            }), { stage: 'scan', limit: setup.scanner.timeout, subject: what });
            if (r.exitCode !== 0 || !external_node_fs_.existsSync(output)) {
                throw new scan/* ScannerError */.VM(`the re-scan of ${what} failed: trivy ${r.timedOut ? 'timed out' : `exited ${r.exitCode}`}\n${(0,exec.tail)(r.stderr || r.stdout, 12)}`);
            }
            const findings = (0,trivy_report/* findingsOf */.WX)((0,trivy_report/* parseReport */.MM)(external_node_fs_.readFileSync(output, 'utf8'), output));
            scans.push({ platform: sbom.platform, findings });
            sarifRuns.push({ image: name, platform: sbom.platform, findings });
        }
        const verdict = (0,gate/* gate */.Gj)([{ name, scans }], setup.policy.severity, {
            modes: setup.policy.modes,
            ...(setup.policy.exceptions ? { exceptions: setup.policy.exceptions } : {}),
            ...(setup.policy.baseline ? { baseline: setup.policy.baseline } : {})
        }).images[0];
        return {
            trivyVersion: setup.scanner.version.version,
            db: {
                ...(setup.scanner.db.updatedAt ? { updatedAt: setup.scanner.db.updatedAt } : {}),
                ...(setup.dbDigest ? { digest: setup.dbDigest } : {})
            },
            passed: verdict?.passed ?? false,
            reasons: verdict?.reasons ?? [`${name}: the gate gave no verdict`],
            platforms: scans.map(s => ({
                platform: s.platform,
                findings: (0,trivy_report/* countBySeverity */.Ot)(s.findings),
                blocking: (verdict?.blocking ?? [])
                    .filter(f => f.platform === s.platform)
                    .map(f => ({
                    id: f.id,
                    severity: f.severity,
                    pkg: f.pkg,
                    ...(f.installed ? { installed: f.installed } : {}),
                    ...(f.fixed ? { fixed: f.fixed } : {})
                }))
            }))
        };
    };
    return { rescan, sarifRuns };
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 10 modules
var schemas = __webpack_require__(13798);
// EXTERNAL MODULE: ./src/trust/predicates.ts + 1 modules
var predicates = __webpack_require__(54005);
// EXTERNAL MODULE: ./src/trust/statements.ts
var statements = __webpack_require__(49150);
// EXTERNAL MODULE: ./src/policy/exceptions.ts
var exceptions = __webpack_require__(45866);
;// CONCATENATED MODULE: ./src/verify/story.ts
// The story of one digest, told from what verified (trusted.ts): built by, from, contains, scanned,
// signed by, stands in, and re-judged today. Pure: the registry's and Trivy's answers come in. The
// schema is the `story` output's (documented in docs/verify.md).





const Counts = schemas/* object */.Ikc(Object.fromEntries(trivy_report/* SEVERITIES */.oC.map(s => [s, schemas/* number */.aig().int().min(0)])));
const FindingSchema = schemas/* object */.Ikc({
    id: schemas/* string */.YjP(),
    severity: schemas/* enum */.k5n(trivy_report/* SEVERITIES */.oC),
    pkg: schemas/* string */.YjP(),
    installed: schemas/* string */.YjP().optional(),
    fixed: schemas/* string */.YjP().optional()
});
const ImageStorySchema = schemas/* object */.Ikc({
    name: schemas/* string */.YjP(),
    /** `host/path`, no tag. */
    repository: schemas/* string */.YjP(),
    /** The version asked for: a tag or a digest. */
    version: schemas/* string */.YjP(),
    digest: schemas/* string */.YjP().optional(),
    passed: schemas/* boolean */.zMY(),
    /** Why not, one line each, naming the image. */
    reasons: schemas/* array */.YOg(schemas/* string */.YjP()),
    platforms: schemas/* array */.YOg(schemas/* string */.YjP()),
    builtBy: schemas/* object */.Ikc({
        workflow: schemas/* object */.Ikc({ repository: schemas/* string */.YjP(), path: schemas/* string */.YjP(), ref: schemas/* string */.YjP() }),
        repository: schemas/* string */.YjP(),
        commit: schemas/* string */.YjP(),
        /** The run that built it (SLSA runDetails.metadata.invocationId). */
        run: schemas/* string */.YjP(),
        builder: schemas/* string */.YjP(),
        buildType: schemas/* string */.YjP(),
        startedOn: schemas/* string */.YjP(),
        finishedOn: schemas/* string */.YjP()
    })
        .optional(),
    /** The base images (and the source) as the provenance's resolvedDependencies name them. */
    from: schemas/* array */.YOg(schemas/* object */.Ikc({ uri: schemas/* string */.YjP(), digest: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).optional() }))
        .optional(),
    contains: schemas/* array */.YOg(schemas/* object */.Ikc({
        platform: schemas/* string */.YjP(),
        spdxVersion: schemas/* string */.YjP(),
        packages: schemas/* number */.aig().int().min(0),
        /** The bundle referrer holding the SBOM (a manifest digest in the image's repository). */
        referrer: schemas/* string */.YjP().optional(),
        /** A command that fetches and verifies it. */
        get: schemas/* string */.YjP()
    }))
        .optional(),
    scanned: schemas/* array */.YOg(schemas/* object */.Ikc({
        platform: schemas/* string */.YjP(),
        scanner: schemas/* string */.YjP(),
        trivyVersion: schemas/* string */.YjP(),
        db: schemas/* object */.Ikc({ repository: schemas/* string */.YjP(), updatedAt: schemas/* string */.YjP(), digest: schemas/* string */.YjP().optional() }),
        finishedOn: schemas/* string */.YjP(),
        findings: Counts,
        policy: schemas/* object */.Ikc({
            severities: schemas/* array */.YOg(schemas/* string */.YjP()),
            ignoreUnfixed: schemas/* boolean */.zMY(),
            ignoreFiles: schemas/* array */.YOg(schemas/* string */.YjP()),
            mode: schemas/* string */.YjP().optional(),
            baseline: schemas/* string */.YjP().optional(),
            /** The exceptions file and its sha256. */
            exceptions: schemas/* object */.Ikc({ file: schemas/* string */.YjP(), digest: schemas/* string */.YjP() }).optional(),
            /** The exceptions that covered this platform's findings then, with their expiry and owner. */
            exceptionsApplied: schemas/* array */.YOg(schemas/* object */.Ikc({
                id: schemas/* string */.YjP(),
                package: schemas/* string */.YjP().optional(),
                expires: schemas/* string */.YjP(),
                owner: schemas/* string */.YjP(),
                reason: schemas/* string */.YjP(),
                at: schemas/* string */.YjP(),
                /** The expiry has passed on the day of this verify run: the finding blocks again. */
                expired: schemas/* boolean */.zMY()
            }))
                .optional()
        }),
        /** The verdict then. */
        passed: schemas/* boolean */.zMY()
    }))
        .optional(),
    signedBy: schemas/* object */.Ikc({
        /** `the key SHA256:...`, or `IDENTITY (issuer ISSUER)`. */
        signer: schemas/* string */.YjP(),
        identity: schemas/* string */.YjP().optional(),
        issuer: schemas/* string */.YjP().optional(),
        formats: schemas/* array */.YOg(schemas/* enum */.k5n(['bundle', 'cosign2'])),
        tlogIndexes: schemas/* array */.YOg(schemas/* string */.YjP()),
        timestamps: schemas/* number */.aig().int().min(0)
    })
        .optional(),
    standsIn: schemas/* array */.YOg(schemas/* object */.Ikc({
        environment: schemas/* string */.YjP(),
        repository: schemas/* string */.YjP(),
        /** Tags of the repository that resolve to this digest. */
        tags: schemas/* array */.YOg(schemas/* string */.YjP()),
        /** Present by digest (tags aside). */
        present: schemas/* boolean */.zMY(),
        /** More tags than were looked at (the bound). */
        truncated: schemas/* boolean */.zMY(),
        /** Why the environment's registry could not be read (then nothing is known of it). */
        unreadable: schemas/* string */.YjP().optional()
    }))
        .optional(),
    rescan: schemas/* object */.Ikc({
        trivyVersion: schemas/* string */.YjP(),
        db: schemas/* object */.Ikc({ updatedAt: schemas/* string */.YjP().optional(), digest: schemas/* string */.YjP().optional() }),
        passed: schemas/* boolean */.zMY(),
        /** Why it fails today, one line each (image, platform, finding, fixed version). */
        reasons: schemas/* array */.YOg(schemas/* string */.YjP()),
        platforms: schemas/* array */.YOg(schemas/* object */.Ikc({ platform: schemas/* string */.YjP(), findings: Counts, blocking: schemas/* array */.YOg(FindingSchema) }))
    })
        .optional()
});
const StorySchema = schemas/* object */.Ikc({
    environment: schemas/* string */.YjP(),
    version: schemas/* string */.YjP(),
    passed: schemas/* boolean */.zMY(),
    images: schemas/* array */.YOg(ImageStorySchema)
});
/** The story parts the verified evidence tells (everything but stands-in and the re-scan). */
function evidenceStory(o) {
    const { evidence } = o;
    const now = o.now ?? new Date();
    const out = {};
    const provenance = evidence.provenance
        .map(a => predicates/* SlsaPredicateSchema */.ED.safeParse(a.statement.predicate))
        .find(p => p.success)?.data;
    if (provenance) {
        const external = provenance.buildDefinition.externalParameters;
        out.builtBy = {
            workflow: external.workflow,
            repository: external.source.repository,
            commit: external.source.commit,
            run: provenance.runDetails.metadata.invocationId,
            builder: provenance.runDetails.builder.id,
            buildType: provenance.buildDefinition.buildType,
            startedOn: provenance.runDetails.metadata.startedOn,
            finishedOn: provenance.runDetails.metadata.finishedOn
        };
        out.from = provenance.buildDefinition.resolvedDependencies.map(d => ({
            uri: d.uri,
            ...(d.digest ? { digest: d.digest } : {})
        }));
    }
    if (evidence.sboms.length > 0) {
        out.contains = evidence.sboms.map(s => ({
            platform: s.platform,
            spdxVersion: s.spdxVersion,
            packages: s.packages,
            ...(s.referrer ? { referrer: s.referrer } : {}),
            get: `cosign verify-attestation --new-bundle-format --type ${statements/* SPDX_PREDICATE_TYPE */.vX} ${o.repository}@${o.digest}`
        }));
    }
    out.scanned = evidence.scans.map(scan => {
        const predicate = predicates/* VulnPredicateSchema */.cf.safeParse(scan.statement.predicate);
        const report = trivy_report/* ReportSchema */.M9.safeParse(scan.result);
        const findings = (0,trivy_report/* countBySeverity */.Ot)(report.success ? (0,trivy_report/* findingsOf */.WX)(report.data) : []);
        const p = predicate.success ? predicate.data : undefined;
        const policy = p?.invocation.parameters.policy;
        const dbRepository = decodeURIComponent(/repository_url=([^&]*)/.exec(p?.scanner.db.uri ?? '')?.[1] ?? '');
        return {
            platform: scan.platform ?? 'the image',
            scanner: scan.scanner,
            trivyVersion: p?.scanner.version ?? 'unknown',
            db: {
                repository: dbRepository,
                updatedAt: p?.scanner.db.version ?? 'unknown',
                ...(p?.invocation.parameters.db?.digest ? { digest: p.invocation.parameters.db.digest } : {})
            },
            finishedOn: scan.finishedOn ?? 'unknown',
            findings,
            policy: {
                severities: policy?.severities ?? [],
                ignoreUnfixed: policy?.ignoreUnfixed ?? false,
                ignoreFiles: policy?.ignoreFiles ?? [],
                ...(policy?.mode ? { mode: policy.mode } : {}),
                ...(policy?.baseline ? { baseline: policy.baseline } : {}),
                ...(policy?.exceptions ? { exceptions: policy.exceptions } : {}),
                ...(policy?.exceptionsApplied && policy.exceptionsApplied.length > 0
                    ? {
                        exceptionsApplied: policy.exceptionsApplied.map(a => ({
                            ...a,
                            expired: (0,exceptions/* daysLeft */.H_)(a.expires, now) < 0
                        }))
                    }
                    : {})
            },
            passed: policy?.passed ?? false
        };
    });
    const first = evidence.signatures.find(s => s.subject) ?? evidence.signatures[0];
    out.signedBy = {
        signer: o.signer,
        ...(first?.subject ? { identity: first.subject } : {}),
        ...(first?.issuer ? { issuer: first.issuer } : {}),
        formats: [...new Set(evidence.signatures.map(s => s.format))],
        tlogIndexes: [...new Set(evidence.signatures.flatMap(s => s.tlogIndexes ?? []))],
        timestamps: evidence.signatures.reduce((n, s) => n + (s.timestamps ?? 0), 0)
    };
    return out;
}
const code = (s) => `\`${s}\``;
/** One image's job summary page. */
function storyMarkdown(story, environment) {
    const lines = [
        `## ${story.name} ${story.passed ? 'verified' : '**refused**'} in ${environment}: ${code(story.version)}`,
        '',
        `${code(`${story.repository}@${story.digest ?? '?'}`)}${story.platforms.length > 0 ? ` (${story.platforms.join(', ')})` : ''}`,
        ''
    ];
    if (story.reasons.length > 0)
        lines.push('### Why', '', ...story.reasons.map(r => `- ${r}`), '');
    const rows = [];
    if (story.builtBy) {
        const b = story.builtBy;
        rows.push([
            'built by',
            `${b.workflow.path || '?'}@${b.workflow.ref || '?'} of ${b.repository || '?'}, commit ${code(b.commit)}, run ${b.run || '?'}, builder ${b.builder}`
        ]);
    }
    if (story.from)
        rows.push([
            'from',
            story.from
                .map(d => `${code(d.uri)}${d.digest
                ? ` ${Object.entries(d.digest)
                    .map(([k, v]) => `${k}:${v}`)
                    .join(' ')}`
                : ''}`)
                .join('<br>') || '-'
        ]);
    if (story.contains)
        rows.push([
            'contains',
            story.contains
                .map(c => `${c.platform}: ${c.packages} packages (${c.spdxVersion}${c.referrer ? `, referrer ${code(c.referrer)}` : ''})`)
                .join('<br>')
        ]);
    if (story.scanned)
        rows.push([
            'scanned',
            story.scanned
                .map(s => {
                const counts = trivy_report/* SEVERITIES */.oC.filter(k => s.findings[k] > 0)
                    .map(k => `${s.findings[k]} ${k}`)
                    .join(', ');
                const applied = (s.policy.exceptionsApplied ?? [])
                    .map(a => `${a.id}${a.package ? ` (${a.package})` : ''} until ${a.expires}${a.expired ? ', expired' : ''}`)
                    .join('; ');
                const exceptions = s.policy.exceptions
                    ? `, exceptions ${s.policy.exceptions.file}${applied ? ` (applied: ${applied})` : ''}`
                    : '';
                return `${s.platform}: Trivy ${s.trivyVersion}, DB ${s.db.updatedAt}${s.db.digest ? ` (${s.db.digest.slice(0, 19)})` : ''}, ${counts || 'no findings'}; policy ${s.policy.severities.join(',')}${s.policy.mode ? ` mode ${s.policy.mode}` : ''}${exceptions}: ${s.passed ? 'passed' : 'failed'} at ${s.finishedOn}`;
            })
                .join('<br>')
        ]);
    if (story.signedBy) {
        const s = story.signedBy;
        const log = s.tlogIndexes.length > 0 ? `, Rekor index ${s.tlogIndexes.join(', ')}` : '';
        const stamps = s.timestamps > 0 ? `, ${s.timestamps} signed timestamp(s)` : '';
        // keyless: the certificate's own identity and issuer (what the policy matched), else the key
        const who = s.identity ? `${s.identity} (issuer ${s.issuer ?? 'not stated'})` : s.signer;
        rows.push(['signed by', `${who} (${s.formats.join(', ')}${log}${stamps})`]);
    }
    if (story.standsIn)
        rows.push([
            'stands in',
            story.standsIn
                .filter(e => e.present || e.tags.length > 0 || e.unreadable)
                .map(e => e.unreadable
                ? `${e.environment}: not known (${e.repository} could not be read)`
                : `${e.environment}: ${e.tags.map(code).join(', ') || 'by digest only'}${e.truncated ? ' (more tags than looked at)' : ''}`)
                .join('<br>') || 'no environment'
        ]);
    if (story.rescan) {
        const r = story.rescan;
        rows.push([
            're-judged today',
            `Trivy ${r.trivyVersion}, DB ${r.db.updatedAt ?? '?'}: ${r.passed ? 'passed' : 'failed'}${r.platforms
                .flatMap(p => p.blocking.map(f => `<br>${p.platform}: ${f.severity} ${f.id} in ${f.pkg} ${f.installed ?? ''} (${f.fixed ? `fixed in ${f.fixed}` : 'no fix yet'})`))
                .join('')}`
        ]);
    }
    if (rows.length > 0)
        lines.push('| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`));
    return lines.join('\n') + '\n';
}

// EXTERNAL MODULE: ./src/catalog/errors.ts
var errors = __webpack_require__(65668);
// EXTERNAL MODULE: ./src/concurrency.ts
var concurrency = __webpack_require__(81532);
// EXTERNAL MODULE: ./src/plan/plan.ts + 1 modules
var plan = __webpack_require__(96341);
// EXTERNAL MODULE: ./src/promote/policy.ts
var policy = __webpack_require__(96212);
// EXTERNAL MODULE: ./src/registry/reference.ts
var registry_reference = __webpack_require__(79310);
// EXTERNAL MODULE: ./src/trust/trust.ts
var trust = __webpack_require__(94324);
// EXTERNAL MODULE: ./src/verify/trusted.ts
var trusted = __webpack_require__(92558);
;// CONCATENATED MODULE: ./src/verify/verify.ts









/** Tags looked at per repository for "stands in", and HEADs at once. */
const STANDS_IN_TAGS = 100;
const HEADS_AT_ONCE = 8;
/** Images verified at once at least: their verification waits on the registry, not on this machine's cores. */
const VERIFY_IMAGES = 4;
/** The catalog's images in an environment, planned as promotion plans them. */
function planFor(input, environment, gateMode) {
    return (0,plan/* buildPlan */.Gg)(input.catalog, input.file, {
        environment,
        org: input.org,
        tags: [],
        labels: {},
        buildArgs: {},
        cacheFrom: [],
        cacheTo: [],
        only: input.only,
        semverAliases: false,
        rules: 'off',
        ...(gateMode ? { gateMode } : {})
    }, input.git);
}
async function verify(input) {
    const environments = Object.keys(input.catalog.environments ?? {});
    if (!environments.includes(input.environment)) {
        throw new errors/* CatalogError */.G$([
            {
                file: input.file,
                path: ['environments'],
                message: `the environment "${input.environment}" (input environment) is not in the catalog (${environments.join(', ') || 'none'})`
            }
        ]);
    }
    if (!input.version)
        throw new Error('input version: required with mode verify (a tag such as sha-9f2c1ab or 1.3.0, or a sha256: digest)');
    const version = (0,policy/* parseVersion */.ot)(input.version);
    const plan = planFor(input, input.environment);
    // where each image would stand in every environment of the catalog
    const others = environments.map(environment => ({ environment, plan: planFor(input, environment) }));
    const scans = new concurrency/* Semaphore */.j(input.parallel);
    const settled = await (0,concurrency/* mapSettled */.A)(plan.images, Math.max(input.parallel, VERIFY_IMAGES), image => verifyImage(input, version, image.name, image.repository, others, scans));
    const images = settled.map((s, i) => {
        if (s.status === 'fulfilled')
            return s.value;
        const image = plan.images[i];
        return {
            name: image.name,
            repository: image.repository,
            version: input.version,
            passed: false,
            reasons: [`${image.name}: ${s.reason?.message ?? String(s.reason)}`],
            platforms: []
        };
    });
    return {
        environment: input.environment,
        version: input.version,
        passed: images.every(i => i.passed),
        images
    };
}
async function verifyImage(input, version, name, repository, environments, scans) {
    const story = {
        name,
        repository,
        version: input.version,
        passed: false,
        reasons: [],
        platforms: []
    };
    const refuse = (reason) => {
        story.reasons.push(`${name}: ${reason}`);
        return story;
    };
    const client = input.clientFor(repository);
    const repo = { client, name: (0,registry_reference/* parseReference */.F2)(repository).repository };
    const reference = version.kind === 'tag' ? version.tag : version.digest;
    let root;
    try {
        root = await client.getManifest(repo.name, reference);
    }
    catch (err) {
        if (err instanceof registry_client/* RegistryError */.gl && err.status === 404) {
            return refuse(version.kind === 'tag'
                ? `the tag "${version.tag}" does not exist in ${repository} (${input.environment})`
                : `the digest ${version.digest} is not in ${repository} (${input.environment})`);
        }
        throw err;
    }
    story.digest = root.digest;
    // where the digest stands is asked of the registries while its evidence is verified
    const where = standsIn(input, name, root.digest, environments);
    where.catch(() => undefined); // awaited below, unless the image is refused before
    // the platform manifests are read while the digest's referrers are
    const reading = (0,trusted/* platformImages */.QF)(repo, root.digest, root.bytes, root.mediaType);
    reading.catch(() => undefined); // awaited below, unless the verification is refused before
    let evidence;
    let platforms;
    try {
        evidence = await (0,trusted/* verifyDigest */.Ub)({
            verifier: input.verifier,
            repository,
            digest: root.digest,
            platforms: reading,
            require: { provenance: true, sbom: true }
        });
        platforms = await reading;
        story.platforms = platforms.map(p => p.platform);
    }
    catch (err) {
        story.platforms = (await reading.catch(() => [])).map(p => p.platform);
        if (!(err instanceof trust/* VerifyError */.G))
            throw err;
        // a tag that resolves to a digest without any signature: it moved after signing, or was never signed
        // (one signed by someone else says so itself)
        const moved = version.kind === 'tag' && err.failure === 'unsigned'
            ? ` (the tag ${version.tag} resolves to ${root.digest}: moved after signing, or never signed by ${input.verifier.describe})`
            : '';
        return refuse(`${err.message}${moved}`);
    }
    Object.assign(story, evidenceStory({
        evidence,
        signer: input.verifier.describe,
        repository,
        digest: root.digest,
        now: input.git.now
    }));
    story.standsIn = await where;
    if (input.rescan) {
        const rescan = input.rescan;
        story.rescan = await scans.use(async () => await rescan({ name, digest: root.digest, evidence, platforms }));
        for (const reason of story.rescan.reasons)
            story.reasons.push(`re-scan today: ${reason}`);
    }
    story.passed = story.reasons.length === 0;
    return story;
}
/**
 * Which of the catalog's environments hold the digest, under which tags (at most STANDS_IN_TAGS looked
 * at). Another environment's registry that cannot be read (no credentials for it in this job, down)
 * is said so in its entry: where else the digest stands is the story's, not the verdict's.
 */
async function standsIn(input, name, digest, environments) {
    const entries = environments.flatMap(({ environment, plan }) => {
        const repository = plan.images.find(i => i.name === name)?.repository;
        return repository ? [{ environment, repository }] : [];
    });
    return await Promise.all(entries.map(async ({ environment, repository }) => {
        try {
            return await standsInOne(input, environment, repository, digest);
        }
        catch (err) {
            const why = err instanceof Error ? err.message : String(err);
            return { environment, repository, tags: [], present: false, truncated: false, unreadable: why };
        }
    }));
}
async function standsInOne(input, environment, repository, digest) {
    const client = input.clientFor(repository);
    const repo = (0,registry_reference/* parseReference */.F2)(repository).repository;
    const present = (await client.headManifest(repo, digest)) !== undefined;
    if (!present)
        return { environment, repository, tags: [], present, truncated: false };
    // one more than the bound: whether there were more
    const listed = await client.listTags(repo, STANDS_IN_TAGS + 1);
    const candidates = listed.filter(t => !/^sha256-[0-9a-f]{64}/.test(t)); // cosign's and the referrers' tags
    const looked = candidates.slice(0, STANDS_IN_TAGS);
    const tags = [];
    await (0,registry_client/* mapLimit */.sf)(looked, HEADS_AT_ONCE, async (tag) => {
        const head = await client.headManifest(repo, tag);
        if (head?.digest === digest)
            tags.push(tag);
    });
    return {
        environment,
        repository,
        tags: tags.sort(),
        present,
        truncated: listed.length > STANDS_IN_TAGS
    };
}

;// CONCATENATED MODULE: ./src/verify/run.ts
// `mode: verify` from the action's inputs: the Verifier of the signer (the trust seam), the run's
// registry clients, the scanner and policy of the re-scan when asked, the verification itself, then the
// `story` output, the SARIF of the re-scan, a job summary page per image and annotations (before the red
// status).






















/** Runs the verification; returns the failure message (the job goes red), or undefined. */
async function runVerify(inputs, workspace) {
    const files = new output_layout/* OutputLayout */.M((0,src_inputs/* outputDirectory */.rk)(inputs['output-dir'], workspace), (0,run_dir/* runDir */.f)());
    const work = external_node_path_.join((0,run_dir/* runDir */.f)(), 'verify');
    const { file, catalog } = (0,load/* loadCatalog */.ak)(inputs.catalog, workspace);
    const git = (0,context/* readGitContext */.e)();
    const registries = [
        ...new Set(Object.values(catalog.environments ?? {}).map(e => e.registry.split('/')[0]))
    ];
    const clientFor = (0,registry_client/* registryClients */.Kh)(inputs);
    const tools = new results/* ResultCache */.Ai((0,run_dir/* cacheDir */.e)('imagegate-tools'));
    // a bad exceptions file, baseline or ignore file fails before anything is verified
    const rescanSetup = inputs.rescan ? await prepareRescan(inputs, workspace, work, file, git) : undefined;
    const verifier = (await (0,setup/* makeVerifier */.v$)({
        inputs,
        workspace,
        workDir: external_node_path_.join(work, '.trust'),
        clientFor,
        registries,
        cosign: async () => {
            const tool = await (0,install/* installTool */.Gn)((0,pipeline_scanner.toolSpec)(inputs, 'cosign', inputs['cosign-version'], tools));
            core/* info */.pq(`cosign ${tool.version} at ${tool.path} (an image without a Sigstore bundle)`);
            return tool.path;
        }
    }, true));
    core/* info */.pq(`verify: signatures and attestations must be by ${verifier.describe}`);
    const story = await verify({
        catalog,
        file,
        environment: inputs.environment,
        version: inputs.version,
        only: inputs.images,
        org: inputs.org || undefined,
        verifier,
        git,
        clientFor,
        parallel: inputs['max-parallel'],
        ...(rescanSetup ? { rescan: rescanSetup.rescan } : {})
    });
    // the re-scan's DB, when it was downloaded, was saved to the Actions cache beside the verification
    const dbCache = await (0,db/* settleDbCache */.Kl)(rescanSetup?.db.cache);
    await report(story, files, inputs, rescanSetup?.sarifRuns, rescanSetup?.trivyVersion, dbCache);
    if (story.passed)
        return undefined;
    const refused = story.images.filter(i => !i.passed);
    return [
        `verify ${inputs.version} in ${inputs.environment}: ${refused.map(i => i.name).join(', ')} refused`,
        ...refused.flatMap(i => i.reasons)
    ].join('\n');
}
async function prepareRescan(inputs, workspace, work, catalogFile, git) {
    const policy = (0,run_policy/* loadPolicyFiles */.gC)({ ...inputs, workspace });
    const baseline = inputs.baseline ? (0,policy_baseline/* readBaselineFile */.s$)(inputs.baseline, workspace) : undefined;
    const ignoreFile = (0,trivyignore/* mergeIgnoreFiles */.AT)(inputs.trivyignores, workspace, external_node_path_.join(work, '.trivyignore'));
    const { catalog } = (0,load/* loadCatalog */.ak)(inputs.catalog, workspace);
    const plan = planFor({ catalog, file: catalogFile, org: inputs.org || undefined, only: inputs.images, git }, inputs.environment, inputs['gate-mode']);
    const scanner = await (0,pipeline_scanner.prepareScanner)(inputs, new results/* ResultCache */.Ai((0,run_dir/* cacheDir */.e)('imagegate-tools')));
    (0,trivyignore/* checkIgnoreFileSupport */.Am)(ignoreFile, scanner.version.version);
    const { rescan, sarifRuns } = sbomRescan({
        scanner,
        work: external_node_path_.join(work, 'rescan'),
        policy: {
            severity: inputs.severity,
            ignoreUnfixed: inputs['ignore-unfixed'],
            ...(ignoreFile ? { ignoreFile } : {}),
            modes: (0,run_policy/* gateModes */.IS)(plan),
            ...(policy.exceptions ? { exceptions: policy.exceptions } : {}),
            ...(baseline ? { baseline } : {})
        },
        dbDigest: await (0,run_policy/* dbDigest */.zy)(scanner.db.cacheDir)
    });
    return { rescan, sarifRuns, trivyVersion: scanner.version.version, db: scanner.db };
}
async function report(story, files, inputs, sarifRuns, trivyVersion, dbCache) {
    const json = JSON.stringify(story);
    external_node_fs_.mkdirSync(files.artifacts, { recursive: true });
    external_node_fs_.writeFileSync(files.storyFile, JSON.stringify(story, null, 2) + '\n');
    core/* setOutput */.uH('story', json);
    core/* setOutput */.uH('digests', JSON.stringify(Object.fromEntries(story.images.map(i => [i.name, i.digest ?? null]))));
    if (sarifRuns) {
        const { sarif, truncated } = (0,report_sarif/* toSarif */.zv)(sarifRuns, {
            severities: inputs.severity,
            toolVersion: trivyVersion ?? ''
        });
        external_node_fs_.writeFileSync(files.verifySarifFile, JSON.stringify(sarif, null, 2));
        core/* setOutput */.uH('sarif', files.verifySarifFile);
        const cut = (0,report_sarif/* describeTruncation */.J7)(truncated);
        if (cut)
            core/* warning */.$e(cut);
    }
    for (const image of story.images) {
        for (const reason of image.reasons)
            core/* error */.z3(reason, { title: `imagegate verify: ${image.name}` });
        for (const e of image.standsIn ?? []) {
            if (e.unreadable)
                core/* warning */.$e(`${image.name}: whether ${e.environment} holds ${image.digest ?? 'it'} is not known: ${e.unreadable}`, {
                    title: `imagegate verify: ${image.name}`
                });
        }
        if (image.passed)
            core/* info */.pq(`${image.name}: ${image.digest ?? ''} verified in ${story.environment}`);
    }
    try {
        for (const image of story.images)
            core/* summary */.z.addRaw(storyMarkdown(image, story.environment));
        if (dbCache)
            core/* summary */.z.addRaw(`\nRe-scan's Trivy DB: ${(0,run_summary/* dbCacheSentence */.A4)(dbCache)}\n`);
        await core/* summary */.z.write();
    }
    catch (err) {
        core/* warning */.$e(`job summary not written: ${err.message}`);
    }
}


/***/ }),

/***/ 92558:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   QF: () => (/* binding */ platformImages),
/* harmony export */   Ub: () => (/* binding */ verifyDigest)
/* harmony export */ });
/* unused harmony export spdxDocument */
/* harmony import */ var _oci_layout_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(25823);
/* harmony import */ var _trust_cosign_verify_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(97083);
/* harmony import */ var _trust_statements_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(49150);
/* harmony import */ var _trust_trust_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(94324);
// "Is this digest trustworthy": the one check promotion and verification both make, through the trust
// seam only. The signature on the digest, then its attestations by the same signer: the vulnerability
// scan records (on the index, else on each platform manifest), and, when asked, the SLSA provenance and
// each platform's SPDX SBOM. Every attestation's subject is the digest (the Verifier refuses another).
// No policy here: promotion judges the scans again at the target's policy, verification tells the story.




/**
 * The digest's signature and attestations by the verifier's signer; a VerifyError naming what is
 * missing, invalid or signed by someone else otherwise.
 */
async function verifyDigest(question) {
    const { verifier, repository, digest } = question;
    // the reads of the attestations start beside the signature's; its refusal is the one reported first
    const onIndex = scansOn(verifier, repository, digest);
    const provenance = question.require?.provenance
        ? verifier.attestations(repository, digest, _trust_statements_js__WEBPACK_IMPORTED_MODULE_2__/* .SLSA_PROVENANCE_V1 */ .us)
        : Promise.resolve([]);
    const sboms = question.require?.sbom
        ? verifier.attestations(repository, digest, _trust_statements_js__WEBPACK_IMPORTED_MODULE_2__/* .SPDX_PREDICATE_TYPE */ .vX)
        : Promise.resolve([]);
    for (const p of [onIndex, provenance, sboms])
        p.catch(() => undefined);
    const signatures = await verifier.signature(repository, digest);
    const platforms = await question.platforms;
    const scans = await onIndex;
    if (scans.length === 0) {
        const none = `no scan attestation (vuln) signed by ${verifier.describe}`;
        // attestations may be on each platform's manifest instead of the index
        if (platforms.length === 1 && platforms[0]?.manifestDigest === digest)
            throw new _trust_trust_js__WEBPACK_IMPORTED_MODULE_3__/* .VerifyError */ .G(none, 'no-attestation');
        for (const platform of platforms) {
            const found = await scansOn(verifier, repository, platform.manifestDigest);
            if (found.length === 0) {
                throw new _trust_trust_js__WEBPACK_IMPORTED_MODULE_3__/* .VerifyError */ .G(`${none} on ${digest}; none on the ${platform.platform} image either`, 'no-attestation');
            }
            scans.push(...found);
        }
    }
    const evidence = { signatures, scans, provenance: await provenance, sboms: [] };
    if (question.require?.provenance && evidence.provenance.length === 0) {
        throw new _trust_trust_js__WEBPACK_IMPORTED_MODULE_3__/* .VerifyError */ .G(`no provenance attestation (${_trust_statements_js__WEBPACK_IMPORTED_MODULE_2__/* .SLSA_PROVENANCE_V1 */ .us}) signed by ${verifier.describe} on ${digest}`, 'no-attestation');
    }
    if (question.require?.sbom)
        evidence.sboms = platformSboms(await sboms, platforms, digest, verifier);
    return evidence;
}
async function scansOn(verifier, repository, digest) {
    const found = await verifier.attestations(repository, digest, _trust_statements_js__WEBPACK_IMPORTED_MODULE_2__/* .VULN_PREDICATE_TYPE */ .jF);
    return found.map((a, i) => {
        const scan = (0,_trust_cosign_verify_js__WEBPACK_IMPORTED_MODULE_1__/* .vulnAttestationOf */ .z7)(a.statement, `${repository}@${digest} scan attestation ${i + 1}`);
        if (!scan.platform && a.platform)
            scan.platform = a.platform;
        return { ...scan, statement: a.statement };
    });
}
/** The SPDX SBOM of each platform: one whose referrer names it, or one of a one-platform image. */
function platformSboms(found, platforms, digest, verifier) {
    const out = [];
    for (const platform of platforms) {
        // a one-platform image: any SBOM attestation of its digest by this signer (a re-run of the same
        // build attests the same digest again; older ones name no platform)
        const match = found.find(a => a.platform === platform.platform) ??
            (platforms.length === 1 ? (found.find(a => !a.platform) ?? found[0]) : undefined);
        if (!match) {
            throw new _trust_trust_js__WEBPACK_IMPORTED_MODULE_3__/* .VerifyError */ .G(`no SBOM attestation (${_trust_statements_js__WEBPACK_IMPORTED_MODULE_2__/* .SPDX_PREDICATE_TYPE */ .vX}) for ${platform.platform} signed by ${verifier.describe} on ${digest}${found.length > 0 ? ` (found for ${found.map(a => a.platform ?? 'no platform').join(', ')})` : ''}`, 'no-attestation');
        }
        const document = spdxDocument(match.statement.predicate);
        if (typeof document === 'string') {
            throw new _trust_trust_js__WEBPACK_IMPORTED_MODULE_3__/* .VerifyError */ .G(`the SBOM attestation of ${platform.platform} on ${digest} is not an SPDX JSON document: ${document}`, 'invalid');
        }
        out.push({
            platform: platform.platform,
            statement: match.statement,
            format: match.format,
            ...(match.referrer ? { referrer: match.referrer } : {}),
            packages: document.packages,
            spdxVersion: document.spdxVersion
        });
    }
    return out;
}
/** An SPDX JSON document's version and package count, or why the predicate is none. */
function spdxDocument(predicate) {
    if (typeof predicate !== 'object' || predicate === null || Array.isArray(predicate))
        return 'the predicate is not a JSON object';
    const doc = predicate;
    if (typeof doc.spdxVersion !== 'string' || !doc.spdxVersion.startsWith('SPDX-'))
        return 'it has no spdxVersion';
    if (!Array.isArray(doc.packages))
        return 'it has no packages list';
    return { spdxVersion: doc.spdxVersion, packages: doc.packages.length };
}
/** `os/architecture[/variant]` from an image config in the registry; 'the image' when it does not say. */
async function platformName(repo, configDigest) {
    if (!configDigest)
        return 'the image';
    try {
        const platform = (0,_oci_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .configPlatform */ .Ko)(JSON.parse((await repo.client.getBlob(repo.name, configDigest)).toString('utf8')));
        return platform ? (0,_oci_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .formatPlatform */ .Bq)(platform) : 'the image';
    }
    catch {
        return 'the image'; // the signature and attestations decide; the name is only what the story calls it
    }
}
/** The platform images of a root manifest: an index's children (buildx's attestation manifests left out), or itself. */
async function platformImages(repo, digest, bytes, mediaType) {
    const parsed = JSON.parse(bytes.toString('utf8'));
    const isIndex = _oci_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .INDEX_TYPES */ .V.includes(mediaType) || _oci_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .INDEX_TYPES */ .V.includes(parsed.mediaType ?? '') || !!parsed.manifests;
    if (!isIndex) {
        // one manifest: its platform is in its config (what the scan and SBOM attestations name)
        const configDigest = parsed.config?.digest ?? '';
        return [{ platform: await platformName(repo, configDigest), manifestDigest: digest, configDigest }];
    }
    // every platform's manifest at once, in the index's order
    const children = (parsed.manifests ?? []).filter(c => c.platform?.os && c.platform.os !== 'unknown');
    return await Promise.all(children.map(async (child) => {
        const p = child.platform;
        const manifest = await repo.client.getManifest(repo.name, child.digest);
        const body = JSON.parse(manifest.bytes.toString('utf8'));
        return {
            platform: (0,_oci_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .formatPlatform */ .Bq)({
                os: p.os ?? '',
                architecture: p.architecture ?? '',
                ...(p.variant ? { variant: p.variant } : {})
            }),
            manifestDigest: child.digest,
            configDigest: body.config?.digest ?? ''
        };
    }));
}


/***/ })

};
