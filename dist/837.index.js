export const id = 837;
export const ids = [837];
export const modules = {

/***/ 72846:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hw: () => (/* binding */ assembleIndex),
/* harmony export */   RI: () => (/* binding */ RECORD_PREFIX),
/* harmony export */   c4: () => (/* binding */ findRecordFiles),
/* harmony export */   ep: () => (/* binding */ RECORD_SCHEMA),
/* harmony export */   fi: () => (/* binding */ checkRecords),
/* harmony export */   m7: () => (/* binding */ readRecordFile)
/* harmony export */ });
/* unused harmony exports RecordSchema, RecordError, latestAttempts */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(13798);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8301);
// The record a platform job (push-by-digest) leaves for the merge: which commit, which images, and per
// platform the manifest it uploaded by digest, the config it scanned, the verdict and the evidence files.
// Its schema, how it is read back (files or directories, every problem named with its file), and the
// merge's policy over a set of records (pure): every planned platform of every planned image has exactly
// one record, from this commit, that passed and was uploaded.




const RECORD_SCHEMA = 'imagegate.record/v1';
const RECORD_PREFIX = 'imagegate-record-';
const digest = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().regex(/^sha256:[a-f0-9]{64}$/, 'not a sha256 digest');
const DescriptorSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .looseObject */ ._H3({
    mediaType: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1),
    digest,
    size: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().nonnegative(),
    platform: zod__WEBPACK_IMPORTED_MODULE_2__/* .looseObject */ ._H3({ os: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), architecture: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), variant: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional() })
        .optional(),
    annotations: zod__WEBPACK_IMPORTED_MODULE_2__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()).optional()
});
const PlatformSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    platform: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1),
    /** The platform manifest's descriptor, as buildx's index had it (platform included). */
    manifest: DescriptorSchema,
    /** The config digest of the manifest the scanner read (Trivy's ImageID). */
    config: digest,
    /** buildx's attestation manifests for this platform (they name it in vnd.docker.reference.digest). */
    attestations: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(DescriptorSchema),
    findings: zod__WEBPACK_IMPORTED_MODULE_2__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().nonnegative()),
    /** Trivy's JSON report, relative to the record file's directory. */
    report: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    /** SBOM files, relative to the record file's directory. */
    sboms: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ format: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), file: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP() }))
});
const ImageSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    name: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1),
    repository: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1),
    /** The gate's verdict on this image, for this job's platforms. */
    passed: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY(),
    /** Why it did not pass (the gate's reasons, a build error). */
    reasons: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()),
    /** Every platform manifest of `platforms` is in `repository` by digest. */
    uploaded: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY(),
    uploadError: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    platforms: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(PlatformSchema)
});
const RecordSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    schema: zod__WEBPACK_IMPORTED_MODULE_2__/* .literal */ .euz(RECORD_SCHEMA),
    /** GITHUB_SHA of the platform job. */
    commit: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().regex(/^[0-9a-f]{40}$/, 'not a 40-hex commit id'),
    ref: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    environment: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    /** The platforms this job built (the `platforms` input, or every image's). */
    platforms: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()),
    run: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        repository: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
        id: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
        attempt: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
        job: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()
    }),
    scanner: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ trivyVersion: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), dbUpdatedAt: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP() }),
    created: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    images: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(ImageSchema)
});
class RecordError extends Error {
    name = 'RecordError';
}
/** Reads one record file; every problem names the file and the field. */
function readRecordFile(file) {
    let text;
    try {
        text = node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync(file, 'utf8');
    }
    catch (err) {
        throw new RecordError(`${file}: cannot be read (${err.code ?? String(err)})`);
    }
    const json = (0,_json_js__WEBPACK_IMPORTED_MODULE_3__/* .parseJson */ .q)(text, () => `${file}: not JSON`);
    const r = RecordSchema.safeParse(json);
    if (!r.success) {
        const problems = r.error.issues.map(i => `${i.path.join('.') || '(top)'}: ${i.message}`);
        throw new RecordError(`${file}: not an imagegate record: ${problems.slice(0, 5).join('; ')}`);
    }
    return { file, record: r.data };
}
/**
 * The record files named by the `records` input: files as given, directories searched (recursively) for
 * imagegate-record-*.json. Paths are relative to the workspace. An entry that finds nothing is an error.
 */
function findRecordFiles(entries, workspace) {
    const out = [];
    for (const entry of entries) {
        const at = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(workspace, entry);
        let stat;
        try {
            stat = node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync(at);
        }
        catch {
            throw new RecordError(`input records: ${entry} does not exist (in ${workspace})`);
        }
        if (stat.isFile()) {
            out.push(at);
            continue;
        }
        const found = node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync(at, { recursive: true, encoding: 'utf8' })
            .filter(f => node_path__WEBPACK_IMPORTED_MODULE_1__.basename(f).startsWith(RECORD_PREFIX) && f.endsWith('.json'))
            .map(f => node_path__WEBPACK_IMPORTED_MODULE_1__.join(at, f))
            .sort();
        if (found.length === 0)
            throw new RecordError(`input records: no ${RECORD_PREFIX}*.json under ${entry} (in ${workspace})`);
        out.push(...found);
    }
    return [...new Set(out)];
}
/** The merge's policy over the records (pure). */
function checkRecords(plan, all) {
    const problems = [];
    const ignored = [];
    const commit = plan.git.sha;
    // another environment's platform jobs (a download pattern that also matched them) speak for other
    // repositories: left alone, and listed
    const records = all.filter(({ file, record }) => {
        if (record.environment === plan.environment)
            return true;
        ignored.push(`${file} (environment ${record.environment}, this merge is for ${plan.environment})`);
        return false;
    });
    for (const { file, record } of records) {
        if (record.commit !== commit) {
            problems.push(`${file}: made at commit ${record.commit}, this merge runs at ${commit}`);
        }
    }
    const images = [];
    for (const image of plan.images) {
        const merged = { name: image.name, repository: image.repository, platforms: [], problems: [] };
        const problem = (line) => void merged.problems.push(line);
        images.push(merged);
        for (const platform of image.platforms) {
            const where = `${image.name} ${platform}`;
            const found = [];
            /** Jobs that were to build this platform and hold no manifest of it (a build error...). */
            const failedIn = [];
            const speaking = latestAttempts(records.filter(({ record }) => {
                const entry = record.images.find(i => i.name === image.name);
                return (entry &&
                    (record.platforms.includes(platform) || entry.platforms.some(x => x.platform === platform)));
            }));
            for (const { file, record } of speaking) {
                const entry = record.images.find(i => i.name === image.name);
                if (!entry)
                    continue;
                const p = entry.platforms.find(x => x.platform === platform);
                if (p)
                    found.push({ platform, image: entry, entry: p, file, record });
                else if (record.platforms.includes(platform)) {
                    failedIn.push(`${file}: ${entry.reasons.length > 0 ? entry.reasons.join('; ') : 'no platform manifest'}`);
                }
            }
            if (found.length === 0) {
                problem(failedIn.length > 0
                    ? `${where}: failed in its platform job (${failedIn.join(' | ')})`
                    : `${where}: no record (its platform job failed before writing one, or its artifact was not downloaded into records)`);
                continue;
            }
            const digests = new Set(found.map(f => f.entry.manifest.digest));
            if (digests.size > 1) {
                problem(`${where}: records disagree on the manifest (${[...digests].join(', ')}) in ${found.map(f => f.file).join(', ')}`);
                continue;
            }
            const first = found[0];
            const entry = first.image;
            if (entry.repository !== image.repository) {
                problem(`${where}: ${first.file} uploaded to ${entry.repository}, the plan's repository is ${image.repository}`);
                continue;
            }
            if (!entry.passed) {
                const why = entry.reasons.length > 0 ? entry.reasons.join('; ') : 'see its job';
                problem(`${where}: failed the gate in its platform job (${first.file}): ${why}`);
                continue;
            }
            if (!entry.uploaded) {
                problem(`${where}: not uploaded by its platform job (${first.file})${entry.uploadError ? `: ${entry.uploadError}` : ''}`);
                continue;
            }
            merged.platforms.push(first);
        }
    }
    for (const { file, record } of records) {
        for (const entry of record.images) {
            const planned = plan.images.find(i => i.name === entry.name);
            for (const p of entry.platforms) {
                if (!planned?.platforms.includes(p.platform))
                    ignored.push(`${entry.name} ${p.platform} (${file})`);
            }
        }
    }
    return { images, problems, ignored };
}
/**
 * Of the records of one workflow run (its repository and run id), only those of its latest attempt: a
 * re-run platform job leaves its earlier attempt's artifact in the run, and the re-run is what counts.
 * Records without a run id (made outside GitHub Actions) are all kept.
 */
function latestAttempts(records) {
    const runKey = (r) => `${r.record.run.repository}#${r.record.run.id}`;
    const attempt = (r) => Number(r.record.run.attempt) || 0;
    const latest = new Map();
    for (const r of records) {
        if (r.record.run.id)
            latest.set(runKey(r), Math.max(latest.get(runKey(r)) ?? 0, attempt(r)));
    }
    return records.filter(r => !r.record.run.id || attempt(r) === latest.get(runKey(r)));
}
/** The multi-platform index of one image: each platform's manifest, then its attestation manifests. */
function assembleIndex(image) {
    const manifests = image.platforms.flatMap(p => [p.entry.manifest, ...p.entry.attestations]);
    return Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
}


/***/ }),

/***/ 43413:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  submissionOptions: () => (/* binding */ submissionOptions),
  B: () => (/* binding */ submitDependencySnapshots)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/json.ts
var json = __webpack_require__(8301);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 10 modules
var schemas = __webpack_require__(13798);
;// CONCATENATED MODULE: ./src/sbom/spdx.ts
// An SPDX 2.x JSON SBOM read as package URLs: every package named by a purl (its `externalRefs` entry of
// `referenceType: purl`), with the purls it depends on (DEPENDS_ON, and DEPENDENCY_OF read the other
// way). Pure. The document's own subject (what it DESCRIBES: the image, for Trivy and syft) is not one of
// its packages; a package without a purl (Trivy's operating system and application components, a package
// its generator could not name) has no name another tool can look up, and is left out and counted.

const SpdxSchema = schemas/* looseObject */._H3({
    SPDXID: schemas/* string */.YjP(),
    documentDescribes: schemas/* array */.YOg(schemas/* string */.YjP()).optional(),
    packages: schemas/* array */.YOg(schemas/* looseObject */._H3({
        SPDXID: schemas/* string */.YjP(),
        externalRefs: schemas/* array */.YOg(schemas/* looseObject */._H3({ referenceType: schemas/* string */.YjP(), referenceLocator: schemas/* string */.YjP() }))
            .optional()
    }))
        .default([]),
    relationships: schemas/* array */.YOg(schemas/* looseObject */._H3({
        spdxElementId: schemas/* string */.YjP(),
        relatedSpdxElement: schemas/* string */.YjP(),
        relationshipType: schemas/* string */.YjP()
    }))
        .default([])
});
/** A purl as the purl spec writes one: `pkg:<type>/...`. */
const PURL = /^pkg:[A-Za-z.+-][A-Za-z0-9.+-]*\/\S+$/;
/** The packages of a parsed SPDX JSON document as purls; throws naming `file` when it is not SPDX. */
function spdxPackageUrls(json, file) {
    const parsed = SpdxSchema.safeParse(json);
    if (!parsed.success)
        throw new Error(`SBOM ${file} is not an SPDX JSON document: ${parsed.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const doc = parsed.data;
    const subjects = new Set(doc.documentDescribes ?? []);
    for (const r of doc.relationships) {
        if (r.relationshipType === 'DESCRIBES' && r.spdxElementId === doc.SPDXID)
            subjects.add(r.relatedSpdxElement);
        if (r.relationshipType === 'DESCRIBED_BY' && r.relatedSpdxElement === doc.SPDXID)
            subjects.add(r.spdxElementId);
    }
    const purlOf = new Map();
    let withoutPurl = 0;
    for (const p of doc.packages) {
        if (subjects.has(p.SPDXID))
            continue;
        const purl = p.externalRefs?.find(ref => ref.referenceType === 'purl' && PURL.test(ref.referenceLocator))?.referenceLocator;
        if (purl)
            purlOf.set(p.SPDXID, purl);
        else
            withoutPurl++;
    }
    const dependsOn = new Map([...new Set(purlOf.values())].map(purl => [purl, new Set()]));
    const edge = (from, to) => {
        const a = purlOf.get(from);
        const b = purlOf.get(to);
        if (a && b && a !== b)
            dependsOn.get(a)?.add(b);
    };
    for (const r of doc.relationships) {
        if (r.relationshipType === 'DEPENDS_ON')
            edge(r.spdxElementId, r.relatedSpdxElement);
        else if (r.relationshipType === 'DEPENDENCY_OF')
            edge(r.relatedSpdxElement, r.spdxElementId);
    }
    return {
        packages: [...dependsOn]
            .map(([purl, deps]) => ({ purl, dependsOn: [...deps].sort() }))
            .sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0)),
        withoutPurl
    };
}

// EXTERNAL MODULE: ./src/github/rest.ts
var rest = __webpack_require__(66417);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/github/snapshot.ts
// A platform image's packages as a snapshot of GitHub's dependency submission API (`POST /repos/{owner}/
// {repo}/dependency-graph/snapshots`, the `snapshot` schema of GitHub's REST description): pure.
//
// One snapshot per image and platform, as anchore/sbom-action submits one per SBOM. Its correlator is
// GITHUB_WORKFLOW and GITHUB_JOB (GitHub's suggestion, sbom-action's `<workflow>_<job>`) plus the image and
// the platform: GitHub keeps only the latest snapshot of each correlator and detector, so the next run
// replaces an image platform's packages instead of adding to them, one image never replaces another, and
// the jobs of a distributed build (one job id, one job per image and platform) do not either.
//
// Each snapshot holds one manifest: the image platform, its file the image's Dockerfile (a path in the
// repository, where GitHub can point). What the SBOM cannot say is left out rather than guessed:
// `relationship` (direct or indirect) is omitted, which the API allows: an image's SBOM does not tell a
// package the Dockerfile asked for from one pulled in by another (Trivy's SPDX CONTAINS means "no parent in
// the graph", not "direct"; syft's submitter calls every package direct). The dependency graph is kept:
// each package lists the purls it DEPENDS_ON. `scope` is runtime: every package listed ships in the image.

const DETECTOR = {
    name: 'imagegate',
    version: version/* IMAGEGATE_VERSION */.U,
    url: 'https://github.com/imagegate/imagegate'
};
/**
 * GitHub's dependency review reads snapshots of a pull request's head commit; GITHUB_SHA of a pull_request
 * run is the merge commit (as sbom-action and dependency-submission-toolkit read it). pull_request_target
 * runs on the base commit: its GITHUB_SHA is the commit it built.
 */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment']);
/** The run as a snapshot names it, or what in the environment is missing. */
function snapshotRun(env, payload) {
    const head = payload.pull_request?.head?.sha;
    const sha = PULL_REQUEST_EVENTS.has(env.GITHUB_EVENT_NAME ?? '') && typeof head === 'string' ? head : env.GITHUB_SHA;
    const missing = [
        ['GITHUB_REPOSITORY', env.GITHUB_REPOSITORY],
        ['GITHUB_WORKFLOW', env.GITHUB_WORKFLOW],
        ['GITHUB_JOB', env.GITHUB_JOB],
        ['GITHUB_RUN_ID', env.GITHUB_RUN_ID]
    ].flatMap(([name, value]) => (value ? [] : [name]));
    if (missing.length > 0)
        return { problem: `${missing.join(', ')} not set (the runner sets them)` };
    if (!sha || !/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(sha))
        return { problem: `the commit ${sha ? `"${sha}"` : '(GITHUB_SHA not set)'} is not a commit id` };
    const ref = env.GITHUB_REF ?? '';
    if (!ref.startsWith('refs/'))
        return { problem: `GITHUB_REF ${ref ? `"${ref}"` : 'not set'} is not a ref` };
    const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    return {
        workflow: env.GITHUB_WORKFLOW,
        job: env.GITHUB_JOB,
        runId: env.GITHUB_RUN_ID,
        runUrl: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`,
        sha,
        ref
    };
}
/** `<workflow>_<job>_<image>_<platform>`: one snapshot per image and platform, replaced by the next run's. */
function snapshotCorrelator(run, image, platform) {
    return `${run.workflow}_${run.job}_${image}_${platform}`;
}
/** The manifest's name: the image and the platform, as the log names them. */
const manifestName = (subject) => `${subject.image} ${subject.platform}`;
/**
 * The snapshot of one image platform. `scanned`: when it is submitted, not when the SBOM was written (a
 * reused SBOM may be older than the snapshot it replaces, and GitHub keeps the latest).
 */
function dependencySnapshot(run, subject, packages, scanned) {
    const resolved = {};
    for (const p of packages) {
        resolved[p.purl] = {
            package_url: p.purl,
            scope: 'runtime',
            ...(p.dependsOn.length > 0 ? { dependencies: p.dependsOn } : {})
        };
    }
    const name = manifestName(subject);
    return {
        version: 0,
        job: {
            correlator: snapshotCorrelator(run, subject.image, subject.platform),
            id: run.runId,
            html_url: run.runUrl
        },
        sha: run.sha,
        ref: run.ref,
        detector: { ...DETECTOR },
        manifests: {
            [name]: {
                name,
                file: { source_location: subject.dockerfile },
                metadata: {
                    'imagegate:image': subject.image,
                    'imagegate:platform': subject.platform,
                    'imagegate:repository': subject.repository,
                    'imagegate:environment': subject.environment,
                    ...(subject.manifest ? { 'imagegate:manifest': subject.manifest } : {})
                },
                resolved
            }
        },
        scanned: scanned.toISOString()
    };
}

;// CONCATENATED MODULE: ./src/github/dependency-submission.ts
// `dependency-snapshot: true`: every platform image's SPDX SBOM submitted to the repository's dependency
// graph (github/snapshot.ts says what a snapshot holds), so that Dependabot alerts on the packages the images
// ship. One POST per snapshot, one after another (GitHub asks for mutating requests in series), each bounded
// (github/rest.ts: 15 s, one retry of a 5xx, a 429 or a dropped connection).
//
// A submission that fails is a warning naming the image, the platform, GitHub's answer and what to change,
// never a red job: it runs after the images were built, judged and pushed, and what it feeds (Dependabot)
// is advice about images that already passed or failed on their own findings; the SBOMs themselves are in
// the evidence artifact either way. This is what the workflow does with a SARIF that code scanning refuses,
// and what anchore/sbom-action does with a snapshot GitHub refuses. An answer that would be the same for
// every snapshot (the token refused, the repository not found, the API down) stops the submissions there.






const TITLE = 'imagegate dependency snapshot';
/**
 * The submissions' settings from the inputs and the runner's environment (undefined: dependency-snapshot
 * is off), or why they cannot be made: checked before anything is built, since a snapshot asked for and
 * impossible from the start (no token, no SPDX SBOM, not a GitHub Actions run) is a mistake in the inputs.
 * The token is masked here.
 */
function submissionOptions(inputs, env, payload) {
    if (!inputs['dependency-snapshot'])
        return undefined;
    const problem = (why) => ({ problem: `input dependency-snapshot: ${why}` });
    if (!inputs['sbom-format'].includes('spdx-json'))
        return problem('needs spdx-json in sbom-format (the snapshot is read from the SPDX SBOM)');
    const token = inputs['github-token'].trim();
    if (!token)
        return problem('needs github-token (its default, the job token, with `permissions: contents: write`)');
    core/* setSecret */.Pq(token);
    const repository = env.GITHUB_REPOSITORY ?? '';
    if (repository && !/^[^/\s]+\/[^/\s]+$/.test(repository))
        return problem(`GITHUB_REPOSITORY "${repository}" is not owner/name`);
    const run = snapshotRun(env, payload);
    if ('problem' in run)
        return problem(run.problem);
    return { run, repository, apiUrl: env.GITHUB_API_URL || 'https://api.github.com', token };
}
/** What to change for an answer that every snapshot would get. */
function remedy(status, repository) {
    if (status === 401 || status === 403)
        return 'give the job `permissions: contents: write` (the dependency submission API needs it) and a github-token that has it, or set dependency-snapshot: false';
    if (status === 404)
        return `GitHub does not find ${repository} for this token (GITHUB_REPOSITORY, GITHUB_API_URL, a token of another repository)`;
    return undefined;
}
/** Submits one snapshot per target, in order; never throws: each result says what happened. */
async function submitDependencySnapshots(targets, o) {
    core/* setSecret */.Pq(o.token);
    const url = `${o.apiUrl.replace(/\/+$/, '')}/repos/${o.repository}/dependency-graph/snapshots`;
    const now = o.now ?? (() => new Date());
    const results = [];
    let stopped;
    const missed = [];
    for (const target of targets) {
        const about = manifestName(target);
        const result = {
            image: target.image,
            platform: target.platform,
            correlator: snapshotCorrelator(o.run, target.image, target.platform)
        };
        results.push(result);
        if (stopped) {
            result.error = `not submitted: ${stopped}`;
            missed.push(about);
            continue;
        }
        let body;
        try {
            const read = spdxPackageUrls((0,json/* parseJson */.q)(external_node_fs_.readFileSync(target.spdxFile, 'utf8'), r => `SBOM ${target.spdxFile} is not JSON: ${r}`), target.spdxFile);
            result.packages = read.packages.length;
            body = JSON.stringify(dependencySnapshot(o.run, target, read.packages, now()));
            if (read.withoutPurl > 0)
                core/* info */.pq(`${about}: ${read.withoutPurl} SBOM packages without a package URL are not in its snapshot`);
        }
        catch (err) {
            result.error = err instanceof Error ? err.message : String(err);
            core/* warning */.$e(`${about}: no dependency snapshot: ${result.error}`, { title: TITLE });
            continue;
        }
        const outcome = await (0,rest/* postJson */.B2)({
            url,
            token: o.token,
            body,
            timeoutMs: o.timeoutMs,
            retryAfterMs: o.retryAfterMs
        });
        if (outcome.answered && outcome.ok) {
            const answer = parseAnswer(outcome.body);
            result.id = answer.id;
            result.result = answer.result;
            if (answer.result === 'INVALID') {
                result.error = `GitHub found the snapshot invalid: ${answer.message ?? '(no message)'}`;
                core/* warning */.$e(`${about}: ${result.error}`, { title: TITLE });
            }
            else {
                core/* info */.pq(`${about}: dependency snapshot ${answer.id ?? '?'} ${answer.result ?? 'created'} (${result.packages} packages, correlator ${result.correlator})${answer.message ? `: ${answer.message}` : ''}`);
            }
            continue;
        }
        const why = `POST ${url}: ${(0,rest/* describeOutcome */.SS)(outcome)}`;
        result.error = why;
        // a 400 or 422 is about this snapshot's body; anything else every other snapshot would get too
        if (outcome.answered && (outcome.status === 400 || outcome.status === 422)) {
            core/* warning */.$e(`${about}: the dependency snapshot was refused: ${why}`, { title: TITLE });
            continue;
        }
        const hint = outcome.answered ? remedy(outcome.status, o.repository) : undefined;
        stopped = hint ? `${why}: ${hint}` : why;
        result.error = stopped;
        missed.push(about);
    }
    if (stopped) {
        core/* warning */.$e(`dependency snapshots not submitted for ${missed.join(', ')}: ${stopped}`, { title: TITLE });
    }
    return results;
}
/** The 201 answer: `{id, created_at, result, message}`. */
function parseAnswer(body) {
    try {
        const a = JSON.parse(body);
        return {
            ...(typeof a.id === 'number' ? { id: a.id } : {}),
            ...(typeof a.result === 'string' ? { result: a.result } : {}),
            ...(typeof a.message === 'string' && a.message ? { message: a.message } : {})
        };
    }
    catch {
        return {};
    }
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

/***/ 3837:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runStages: () => (/* binding */ runStages)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/run-dir.ts
var run_dir = __webpack_require__(88216);
// EXTERNAL MODULE: ./src/concurrency.ts
var concurrency = __webpack_require__(81532);
// EXTERNAL MODULE: ./src/gate/gate.ts
var gate = __webpack_require__(4512);
// EXTERNAL MODULE: ./src/cache/results.ts
var results = __webpack_require__(17044);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 10 modules
var schemas = __webpack_require__(13798);
// EXTERNAL MODULE: ./src/json.ts
var src_json = __webpack_require__(8301);
// EXTERNAL MODULE: ./src/trivy/fs-scan.ts
var fs_scan = __webpack_require__(60879);
;// CONCATENATED MODULE: ./src/trivy/config.ts
// Trivy's Dockerfile misconfiguration findings: every image's Dockerfile, copied alone, is scanned by one
// `trivy fs` for the whole catalog (fs-scan.ts), started with the run: it needs no build, and it is the
// costly Trivy process of a run (it compiles Trivy's Dockerfile checks: about a second and a half of CPU
// on Trivy 0.68, where a secret scan of the hidden files takes 0.2 s). Its report is split back per image.





const ConfigReportSchema = schemas/* looseObject */._H3({
    Results: schemas/* array */.YOg(schemas/* looseObject */._H3({
        Target: schemas/* string */.YjP(),
        Misconfigurations: schemas/* array */.YOg(schemas/* looseObject */._H3({
            ID: schemas/* string */.YjP(),
            AVDID: schemas/* string */.YjP().optional(),
            Title: schemas/* string */.YjP(),
            Severity: schemas/* string */.YjP(),
            Status: schemas/* string */.YjP(),
            Message: schemas/* string */.YjP().optional(),
            CauseMetadata: schemas/* looseObject */._H3({ StartLine: schemas/* number */.aig().optional() }).optional()
        }))
            .nullish()
    }))
        .nullish()
});
function parseConfigReport(text, file) {
    const json = (0,src_json/* parseJson */.q)(text, () => `Trivy config report ${file} is not JSON`);
    const r = ConfigReportSchema.safeParse(json);
    if (!r.success)
        throw new Error(`Trivy config report ${file} is not a Trivy JSON report`);
    return (r.data.Results ?? []).flatMap(res => (res.Misconfigurations ?? [])
        .filter(m => m.Status === 'FAIL')
        .map(m => ({
        id: m.ID,
        severity: m.Severity,
        title: m.Title,
        message: m.Message,
        line: m.CauseMetadata?.StartLine
    })));
}
/** A folder name Trivy reads as it is (image names are). */
const NAME = /^[a-z0-9][a-z0-9._-]*$/;
/**
 * Copies each Dockerfile alone to `<dir>/<key>/Dockerfile`, so that no other file of a build context is
 * read. `key`: an image name, a valid directory name.
 */
function stageDockerfiles(dir, dockerfiles) {
    external_node_fs_.rmSync(dir, { recursive: true, force: true });
    for (const [key, file] of dockerfiles) {
        if (!NAME.test(key))
            throw new Error(`not a directory name: ${key}`);
        external_node_fs_.mkdirSync(external_node_path_.join(dir, key), { recursive: true });
        external_node_fs_.copyFileSync(file, external_node_path_.join(dir, key, 'Dockerfile'));
    }
}
/** The folder of the scanned root that holds the staged Dockerfiles. */
const DOCKERFILES = 'dockerfiles';
/**
 * Scans the Dockerfiles (key: an image name -> its path) for misconfigurations in one `trivy fs` below
 * `work` (emptied first), and writes one report file per key (`outputFor`). No Dockerfile, no process.
 */
async function scanDockerfiles(o, trivy) {
    if (o.dockerfiles.size === 0)
        return new Map();
    const root = external_node_path_.join(o.work, 'root');
    const output = external_node_path_.join(o.work, 'dockerfiles.json');
    external_node_fs_.rmSync(o.work, { recursive: true, force: true });
    stageDockerfiles(external_node_path_.join(root, DOCKERFILES), o.dockerfiles);
    const names = [...o.dockerfiles.keys()].join(', ');
    let text;
    try {
        text = await (0,fs_scan/* runFsScan */.Oy)({
            ...trivy,
            dir: root,
            output,
            secret: false,
            misconfig: true,
            subject: `the Dockerfiles of ${names}`
        });
    }
    catch (err) {
        if (err instanceof fs_scan/* FsScanError */.bu)
            throw new Error(`the Dockerfile scan of ${names} failed: ${err.message}`, { cause: err });
        throw err;
    }
    return splitDockerfileReport({
        text,
        file: output,
        folder: DOCKERFILES,
        keys: o.dockerfiles.keys(),
        outputFor: o.outputFor
    });
}
/**
 * Splits the misconfigurations of a report whose root held the staged Dockerfiles in `folder` into one
 * report file per key (`outputFor`): the report with only that Dockerfile's misconfiguration results, its
 * target named `<key>/Dockerfile` as if the folder were the root. Other results (the secret scan's, other
 * folders') are not the Dockerfile scan's.
 */
function splitDockerfileReport(o) {
    parseConfigReport(o.text, o.file); // the whole report is checked before it is split
    const report = JSON.parse(o.text);
    const found = new Map();
    for (const key of o.keys) {
        const own = {
            ...report,
            Results: (report.Results ?? [])
                .filter(res => res.Target === `${o.folder}/${key}/Dockerfile` && res.Class !== 'secret')
                .map(res => ({ ...res, Target: `${key}/Dockerfile` }))
        };
        const file = o.outputFor(key);
        external_node_fs_.mkdirSync(external_node_path_.dirname(file), { recursive: true });
        external_node_fs_.writeFileSync(file, JSON.stringify(own, null, 2) + '\n');
        found.set(key, parseConfigReport(JSON.stringify(own), file));
    }
    return found;
}

;// CONCATENATED MODULE: ./src/pipeline/dockerfiles.ts
// Trivy's Dockerfile misconfiguration scan for the whole catalog, or its reports from the results cache
// when the same Dockerfiles were scanned with the same Trivy before (then no Trivy process runs).





async function dockerfileEvidence(o, scanner, cache) {
    const names = [...o.dockerfiles.keys()];
    const key = (0,results/* resultKey */.ZH)({
        kind: 'dockerfiles',
        trivy: scanner.identity.trivy,
        files: names.map(n => [n, (0,results/* fileDigest */.hd)(o.dockerfiles.get(n))])
    });
    const entry = (name) => `${name}.trivy.json`;
    const { value } = await (0,results/* throughCache */.AT)(names.length > 0 ? cache : undefined, key, {
        what: 'the Dockerfile scan',
        names: names.map(entry),
        restore: hit => {
            const found = new Map();
            for (const name of names) {
                const file = o.outputFor(name);
                external_node_fs_.mkdirSync(external_node_path_.dirname(file), { recursive: true });
                external_node_fs_.copyFileSync(hit.get(entry(name)), file);
                found.set(name, parseConfigReport(external_node_fs_.readFileSync(file, 'utf8'), file));
            }
            core/* info */.pq(`Dockerfiles of ${names.join(', ')}: scanned before with this Trivy: reports reused`);
            return found;
        },
        compute: () => scanDockerfiles({ work: o.work, dockerfiles: o.dockerfiles, outputFor: o.outputFor }, {
            trivy: scanner.trivy,
            version: scanner.version,
            cacheDir: scanner.db.cacheDir,
            limit: scanner.timeout
        }),
        store: (_found, results, entryKey) => void results.put(entryKey, new Map(names.map(n => [entry(n), o.outputFor(n)])))
    });
    return value;
}

// EXTERNAL MODULE: ./src/docker/platform.ts
var docker_platform = __webpack_require__(88421);
// EXTERNAL MODULE: ./src/hardening/dockerfile.ts
var hardening_dockerfile = __webpack_require__(69558);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/errors.js
var errors = __webpack_require__(37428);
// EXTERNAL MODULE: ./src/oci/layout.ts
var oci_layout = __webpack_require__(25823);
;// CONCATENATED MODULE: ./src/hardening/image-config.ts
// The OCI image config of every platform of a built image (an OCI layout as `buildx build -o type=oci`
// writes it), validated with zod. Only the fields the hardening rules read; reading is checked against
// the digests by src/oci/layout.ts.



const HealthcheckSchema = schemas/* object */.Ikc({
    /** `["CMD-SHELL", "..."]`, `["CMD", ...]`, or `["NONE"]` (HEALTHCHECK NONE). */
    Test: schemas/* array */.YOg(schemas/* string */.YjP()).nullish(),
    Interval: schemas/* number */.aig().optional(),
    Timeout: schemas/* number */.aig().optional(),
    StartPeriod: schemas/* number */.aig().optional(),
    Retries: schemas/* number */.aig().optional()
});
const ContainerConfigSchema = schemas/* object */.Ikc({
    User: schemas/* string */.YjP().optional(),
    /** `NAME=value` strings. */
    Env: schemas/* array */.YOg(schemas/* string */.YjP()).nullish(),
    /** `"8000/tcp": {}` */
    ExposedPorts: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()).nullish(),
    Labels: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).nullish(),
    Healthcheck: HealthcheckSchema.nullish()
});
const HistorySchema = schemas/* object */.Ikc({
    created: schemas/* string */.YjP().optional(),
    /** BuildKit: `RUN |1 X=y /bin/sh -c ... # buildkit`, `ENV A=b`, `ARG X=default`, ... */
    created_by: schemas/* string */.YjP().optional(),
    comment: schemas/* string */.YjP().optional(),
    empty_layer: schemas/* boolean */.zMY().optional()
});
const ImageConfigSchema = schemas/* object */.Ikc({
    architecture: schemas/* string */.YjP(),
    os: schemas/* string */.YjP(),
    variant: schemas/* string */.YjP().optional(),
    config: ContainerConfigSchema.nullish(),
    history: schemas/* array */.YOg(HistorySchema).nullish()
});
function parseImageConfig(text, where) {
    const json = (0,src_json/* parseJson */.q)(text, reason => `${where}: the image config is not JSON: ${reason}`);
    const r = ImageConfigSchema.safeParse(json);
    if (!r.success)
        throw new Error(`${where}: not an OCI image config:\n${errors/* prettifyError */.S1(r.error)}`);
    return r.data;
}
/** The config's environment as name/value pairs, in order (`NAME=value`, split at the first `=`). */
function envOf(config) {
    return (config.config?.Env ?? []).map(entry => {
        const eq = entry.indexOf('=');
        return eq < 0 ? { name: entry, value: '' } : { name: entry.slice(0, eq), value: entry.slice(eq + 1) };
    });
}
/** Every platform of the layout's image (attestations left out), with its config and size. */
function readPlatformConfigs(layout) {
    const layoutDir = layout.dir;
    const manifests = new Map();
    if (layout.kind === 'manifest')
        manifests.set(layout.root.digest, layout.rootManifest);
    for (const c of layout.children) {
        if ('layers' in c.manifest)
            manifests.set(c.descriptor.digest, c.manifest);
    }
    return (0,oci_layout/* platformManifests */.OS)(layout).map(pm => {
        const manifest = manifests.get(pm.digest);
        if (!manifest)
            throw new Error(`${layoutDir}: the manifest of ${pm.platform} (${pm.digest}) is missing`);
        const where = `${layoutDir}: config ${manifest.config.digest} (${pm.platform})`;
        const config = parseImageConfig((0,oci_layout/* readBlob */.gm)(layoutDir, manifest.config).toString('utf8'), where);
        const sizeBytes = manifest.layers.reduce((sum, l) => sum + l.size, manifest.config.size);
        return { platform: pm.platform, digest: pm.digest, config, sizeBytes, manifest };
    });
}

// EXTERNAL MODULE: ./src/catalog/schema.ts
var schema = __webpack_require__(53596);
// EXTERNAL MODULE: ./src/catalog/units.ts
var units = __webpack_require__(196);
;// CONCATENATED MODULE: ./src/hardening/secrets.ts
// Secrets in an image's config and history: ENV values and labels under secret-looking names, known
// token shapes anywhere, passwords on RUN command lines, and build args BuildKit writes into the
// history of every RUN step (`RUN |2 NPM_TOKEN=... APP_VERSION=1.0.0 /bin/sh -c ...`).
// Pure. A finding says WHERE and never holds the value: only a masked prefix of it.
// File content in the layers is Trivy's secret scanner's job (each layer, deleted files included).

/** Shapes that are secrets wherever they appear. `group` is the secret part of the match. */
const VALUE_PATTERNS = [
    { what: 'an AWS access key id', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
    // the header is not the secret: it is shown as it is
    { what: 'a private key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g, showMatch: true },
    { what: 'a GitHub token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g },
    { what: 'an npm token', re: /\bnpm_[A-Za-z0-9]{36,}/g },
    { what: 'a GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20,}/g },
    { what: 'a Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
    { what: 'a Google API key', re: /\bAIza[0-9A-Za-z_-]{35}/g },
    { what: 'a Stripe live key', re: /\b[rs]k_live_[0-9A-Za-z]{16,}/g },
    { what: 'a password in a URL', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]+:([^\s/@'"]+)@/gi, group: 1 }
];
/** `*_KEY`, `*SECRET*`, `*TOKEN*`, `*PASSWORD*`, `*PASSWD*`, `*_PASS`, `*CREDENTIAL*` (names upper-cased). */
const SECRET_NAME = /(?:^|_)KEY$|APIKEY|SECRET|TOKEN|PASSWORD|PASSWD|(?:^|_)PASS$|CREDENTIAL/;
/** A word in a name that makes it about a secret, not the secret itself (`DB_PASSWORD_FILE`, `GPG_KEY`). */
const NOT_SECRET_WORDS = new Set([
    'GPG',
    'PGP',
    'PUBLIC',
    'PUB',
    'FINGERPRINT',
    'TOKENIZER',
    'TOKENIZERS',
    'FILE',
    'PATH',
    'DIR',
    'URL',
    'URI',
    'ENDPOINT',
    'HOST',
    'PORT',
    'TYPE',
    'NAME',
    'ID',
    'HEADER',
    'PREFIX',
    'ALGORITHM',
    'ALG',
    'HASHER',
    'HASHERS',
    'ENABLED',
    'REQUIRED',
    'POLICY',
    'EXPIRE',
    'EXPIRES',
    'EXPIRY',
    'EXPIRATION',
    'TTL',
    'TIMEOUT',
    'AGE',
    'LIFETIME',
    'LENGTH',
    'MIN',
    'MAX',
    'SECONDS',
    'MINUTES',
    'HOURS',
    'DAYS'
]);
/** Whether an ENV name, label key or build arg name says its value is a secret. */
function isSecretName(name) {
    const n = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    if (!SECRET_NAME.test(n))
        return false;
    return !n.split('_').some(w => NOT_SECRET_WORDS.has(w));
}
const PLACEHOLDER_WORD = /^(?:change[-_.]?me|change[-_.]?it|placeholder|replace[-_.]?me|to[-_.]?do|tbd|dummy|example|sample|fake|test|secret|password|redacted|none|null|nil|undefined|unset|empty|true|false|yes|no|on|off|disabled?|enabled?)$/i;
const PLACEHOLDER = [
    /^(.)\1*$/, // x, xxxx, ****, 0000
    /^\$\{?[A-Za-z_][A-Za-z0-9_]*(?:(?::?[-+?=])[^}]*)?\}?$/, // $VAR, ${VAR}, ${VAR:-default}
    /^\$\(/, // $(cat /run/secrets/x): computed when it runs
    /^\{\{.*\}\}$/, // {{ template }}
    /^<[^<>]+>$/, // <your-token>
    /^%[A-Za-z_][A-Za-z0-9_]*%$/,
    /^(?:your|my|some)[-_ ]/i, // your-api-key-here
    /[-_](?:here|goes[-_]here)$/i,
    /^(?:\/|\.{1,2}\/|~\/)[\w.@/-]*$/, // a file path (SSL_KEY=/etc/ssl/private/app.key)
    /^[a-z][a-z0-9+.-]*:\/\/[^\s@]*$/i, // a URL without credentials
    /^(?:vault|op|sm|gsm|awssm|azkv|ssm|secretsmanager|k8s|ref\+[a-z0-9]+):/i, // a secret manager's reference
    /^arn:aws[a-z-]*:(?:secretsmanager|ssm|kms):/i,
    /^projects\/[^/]+\/secrets\//
];
function unquote(v) {
    const t = v.trim();
    if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t.at(-1) === t[0])
        return t.slice(1, -1);
    return t;
}
/** An empty value, a reference (`${VAR}`, `$(cat ...)`, a path, a vault reference) or a placeholder. */
function isPlaceholder(raw) {
    const v = unquote(raw).replace(/^\\+(?=\$)/, '');
    if (v === '')
        return true;
    return PLACEHOLDER_WORD.test(v) || PLACEHOLDER.some(re => re.test(v));
}
/**
 * What may be shown of a secret: at most its first 4 characters, and never more than a quarter of it
 * (a 6-character password shows 1), then `…`.
 */
function mask(value) {
    return `${value.slice(0, Math.min(4, Math.floor(value.length / 4)))}…`;
}
function patternHits(text) {
    const hits = [];
    for (const p of VALUE_PATTERNS) {
        for (const m of text.matchAll(p.re)) {
            const value = m[p.group ?? 0] ?? '';
            if (p.group !== undefined && isPlaceholder(value))
                continue;
            hits.push({ what: p.what, value, shown: p.showMatch ? value : mask(value), pattern: true });
        }
    }
    return hits;
}
/** A NAME=value pair: the shapes in its value, or its secret-looking name with a real value. */
function judge(name, raw) {
    const value = unquote(raw);
    const hits = patternHits(value);
    if (hits.length === 0 && isSecretName(name) && !isPlaceholder(value)) {
        hits.push({ what: 'a value under a secret-looking name', value, shown: mask(value), pattern: false });
    }
    return hits;
}
/** `RUN`, `ENV`, ... and the rest, from a history `created_by` (BuildKit's or the classic builder's). */
function historyInstruction(createdBy) {
    let t = createdBy.trim().replace(/\s+# buildkit$/, '');
    const nop = /^\/bin\/sh -c #\(nop\)\s*/.exec(t);
    if (nop)
        t = t.slice(nop[0].length);
    else if (/^\|\d+\s/.test(t) || t.startsWith('/bin/sh -c '))
        return { instruction: 'RUN', rest: t };
    const m = /^([A-Z]+)(?:\s+|$)/.exec(t);
    if (!m)
        return { instruction: '', rest: t };
    return { instruction: m[1], rest: t.slice(m[0].length) };
}
/**
 * `NAME=value NAME2=value2` as BuildKit writes ENV, LABEL and ARG into the history (unquoted: a value
 * runs up to the next ` NAME=`).
 */
function historyPairs(text, key = /[A-Za-z_][A-Za-z0-9_]*/) {
    const re = new RegExp(`(?:^|\\s)(${key.source})=`, 'g');
    const starts = [...text.matchAll(re)];
    return starts.map((m, i) => {
        const from = (m.index ?? 0) + m[0].length;
        const next = starts[i + 1];
        const to = next ? (next.index ?? text.length) : text.length;
        return { name: m[1], value: text.slice(from, to).trim() };
    });
}
/**
 * `|2 NPM_TOKEN=x APP_VERSION=1.0.0 /bin/sh -c cmd` (a RUN step's build args, as BuildKit and the
 * classic builder write them) -> the args and the command. The last value ends at a blank.
 */
function runBuildArgs(text) {
    const head = /^\|(\d+)\s+/.exec(text);
    if (!head)
        return { args: [], command: text };
    const count = Number(head[1]);
    let rest = text.slice(head[0].length);
    const args = [];
    for (let i = 0; i < count; i++) {
        const name = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(rest);
        if (!name)
            break;
        rest = rest.slice(name[0].length);
        const end = i < count - 1 ? rest.search(/\s[A-Za-z_][A-Za-z0-9_]*=/) : rest.search(/\s/);
        const to = end < 0 ? rest.length : end;
        args.push({ name: name[1], value: rest.slice(0, to) });
        rest = rest.slice(to).trimStart();
    }
    return { args, command: rest };
}
/** `password=...`, `--token ...` on a command line (not `$VAR` or `$(cat ...)`). */
const ASSIGNMENT = /(?:^|[^A-Za-z0-9_])([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key)[A-Za-z0-9_.-]*)(?:\s*=\s*|:\s+)(["']?)([^\s"'`;&|)]+)/gi;
const FLAG = /(?:^|\s)--(password|passwd|token|api-key|secret)\s+(["']?)([^\s"'`;&|)-][^\s"'`;&|)]*)/gi;
function commandHits(command) {
    const hits = patternHits(command);
    for (const [re, shape] of [
        [ASSIGNMENT, (name, v) => `${name}=${v}`],
        [FLAG, (name, v) => `--${name} ${v}`]
    ]) {
        for (const m of command.matchAll(re)) {
            const name = m[1] ?? '';
            const value = m[3] ?? '';
            if (!isSecretName(name.replace(/^-+/, '')) || isPlaceholder(value))
                continue;
            if (hits.some(h => h.value === value || value.includes(h.value)))
                continue;
            hits.push({ what: 'a secret', value, shown: shape(name, mask(value)), pattern: false });
        }
    }
    return hits;
}
/** Every secret-looking value in the config (ENV, labels) and the history, each once. */
function findSecrets(config) {
    const out = [];
    const inConfig = new Set();
    for (const { name, value } of envOf(config)) {
        for (const h of judge(name, value)) {
            inConfig.add(h.value);
            out.push(finding(`env ${name}`, h, `env ${name} holds ${h.what} (${h.shown})`));
        }
    }
    for (const [key, value] of Object.entries(config.config?.Labels ?? {})) {
        for (const h of judge(key, value)) {
            inConfig.add(h.value);
            out.push(finding(`label ${key}`, h, `label ${key} holds ${h.what} (${h.shown})`));
        }
    }
    // The history: the same secret in several steps (a build arg is in every RUN after its ARG) is one
    // finding that names the first step and lists the others.
    const grouped = new Map();
    const note = (step, where, hit, tail) => {
        const key = `${tail}\0${hit.value}`;
        const seen = grouped.get(key);
        if (seen)
            seen.also.push(step);
        else
            grouped.set(key, { step, where, hit, tail, also: [] });
    };
    (config.history ?? []).forEach((entry, i) => {
        const step = i + 1;
        const { instruction, rest } = historyInstruction(entry.created_by ?? '');
        if (instruction === 'RUN') {
            const { args, command } = runBuildArgs(rest);
            for (const a of args) {
                for (const h of judge(a.name, a.value)) {
                    const what = h.pattern ? `, ${h.what}` : '';
                    note(step, 'RUN', h, `leaks the build arg ${a.name}${what} (${h.shown})`);
                }
            }
            for (const h of commandHits(command))
                note(step, 'RUN', h, `has ${h.what} in its command (${h.shown})`);
        }
        else if (instruction === 'ENV' || instruction === 'ARG' || instruction === 'LABEL') {
            const pairs = instruction === 'LABEL' ? historyPairs(rest, /[^\s=]+/) : historyPairs(rest);
            for (const p of pairs) {
                // still in the config: reported there, where it is
                for (const h of judge(p.name, p.value).filter(h => !inConfig.has(h.value))) {
                    note(step, `${instruction} ${p.name}`, h, `holds ${h.what} (${h.shown})`);
                }
            }
        }
        else {
            // CMD, ENTRYPOINT, HEALTHCHECK, ADD, ...: command lines and URLs too
            for (const h of commandHits(rest))
                note(step, instruction || 'step', h, `has ${h.what} (${h.shown})`);
        }
    });
    for (const g of grouped.values()) {
        const also = g.also.length === 0 ? '' : `; also in step${g.also.length > 1 ? 's' : ''} ${g.also.join(', ')}`;
        const where = `history step ${g.step} (${g.where})`;
        out.push(finding(where, g.hit, `${where} ${g.tail}${also}`));
    }
    return out;
}
function finding(where, hit, message) {
    return { where, what: hit.what, shown: hit.shown, message };
}

;// CONCATENATED MODULE: ./src/hardening/rules.ts
// The hardening rules over one platform of one built image: its config (user, health check, labels,
// ports), its size and the secrets in its config and history. Pure: a config in, verdicts out.
// The Dockerfile rule (base images pinned by digest) is in ./dockerfile.ts.



/** The OCI labels every image carries; `version` on releases only. */
const REQUIRED_LABELS = ['title', 'revision', 'created', 'source'];
const OCI = 'org.opencontainers.image.';
/** Per platform, the rules that read the image: base-pinned and dockerfile-config read the Dockerfile. */
const IMAGE_RULES = {
    'non-root': i => [nonRoot(i.config, i.expect)],
    healthcheck: i => [healthcheck(i.config, i.expect)],
    'oci-labels': i => [ociLabels(i.config, i.release)],
    ports: i => [ports(i.config, i.expect)],
    size: i => [size(i.sizeBytes, i.expect)],
    secrets: i => secrets(i.config)
};
/** Every enabled rule's verdicts for one platform of an image, in the catalog's rule order. */
function checkImage(input) {
    const verdicts = [];
    for (const rule of schema/* RULE_NAMES */.iU) {
        const mode = input.rules[rule] ?? 'off';
        const check = IMAGE_RULES[rule];
        if (mode === 'off' || !check)
            continue;
        for (const o of check(input)) {
            verdicts.push({
                rule,
                mode: o.warnOnly ? 'warn' : mode,
                passed: o.passed,
                message: `${input.image} ${input.platform}: ${o.message}`
            });
        }
    }
    return verdicts;
}
function expected(e) {
    if (e.user !== undefined && e.uid !== undefined)
        return `${e.user} (${e.uid})`;
    if (e.user !== undefined)
        return e.user;
    if (e.uid !== undefined)
        return String(e.uid);
    return undefined;
}
/**
 * USER: `name`, `uid`, `name:group`, `uid:gid`. Unset, `root` and uid 0 fail. Against the catalog's
 * user and uid: a number is checked against the uid, a name against the user. A name cannot be checked
 * against a uid (that needs the image's /etc/passwd): with expect.user it passes when the name
 * matches (noted); with only expect.uid it fails, as Kubernetes' runAsNonRoot refuses such a user too.
 */
function nonRoot(config, e) {
    const raw = (config.config?.User ?? '').trim();
    const want = expected(e);
    const suffix = want === undefined ? '' : `; expected ${want}`;
    const user = raw.split(':')[0] ?? '';
    const numeric = /^[0-9]+$/.test(user);
    if (raw === '')
        return { passed: false, message: `runs as root (USER not set)${suffix}` };
    if (numeric && Number(user) === 0)
        return { passed: false, message: `runs as user 0 (root)${suffix}` };
    if (user === 'root')
        return { passed: false, message: `runs as root (USER ${raw})${suffix}` };
    if (want === undefined)
        return { passed: true, message: `runs as ${raw} (non-root)` };
    if (numeric) {
        if (e.uid !== undefined) {
            return Number(user) === e.uid
                ? { passed: true, message: `runs as ${raw}, the expected uid` }
                : { passed: false, message: `runs as ${raw}${suffix}` };
        }
        return {
            passed: true,
            message: `runs as ${raw} (non-root); the user name ${e.user} is not checked (USER gives a uid, not a name)`
        };
    }
    if (e.user !== undefined) {
        if (user !== e.user)
            return { passed: false, message: `runs as ${raw}${suffix}` };
        const note = e.uid === undefined ? '' : `; its uid is not checked against ${e.uid} (USER names no uid)`;
        return { passed: true, message: `runs as ${raw}, as expected${note}` };
    }
    return {
        passed: false,
        message: `runs as ${raw}${suffix} (a user name cannot be checked against a uid: set USER ${e.uid} or expect.user)`
    };
}
function healthcheck(config, e) {
    if (e.healthcheck === 'external') {
        return { passed: true, message: 'HEALTHCHECK not required: the probe is external (expect.healthcheck)' };
    }
    if (e.healthcheck === false) {
        return { passed: true, message: 'HEALTHCHECK not required (expect.healthcheck: false)' };
    }
    const test = config.config?.Healthcheck?.Test ?? [];
    if (test[0] === 'NONE') {
        return {
            passed: false,
            message: 'HEALTHCHECK NONE disables the health check (expect.healthcheck: external skips this)'
        };
    }
    if (test.length === 0)
        return { passed: false, message: 'no HEALTHCHECK (expect.healthcheck: external skips this)' };
    const command = test.join(' ');
    return {
        passed: true,
        message: `has a HEALTHCHECK (${command.length > 80 ? `${command.slice(0, 79)}…` : command})`
    };
}
function ociLabels(config, release) {
    const names = [...REQUIRED_LABELS, ...(release ? ['version'] : [])];
    const labels = config.config?.Labels ?? {};
    const missing = names.filter(n => !labels[`${OCI}${n}`]?.trim());
    if (missing.length > 0) {
        return { passed: false, message: `missing OCI labels: ${missing.map(n => OCI + n).join(', ')}` };
    }
    return { passed: true, message: `carries the OCI labels ${names.join(', ')}` };
}
/** `8000/tcp` -> 8000, `tcp` (a key without a protocol is tcp). */
function exposed(config) {
    return Object.keys(config.config?.ExposedPorts ?? {})
        .map(k => {
        const [port = '', proto = 'tcp'] = k.split('/');
        return { key: `${port}/${proto}`, port: Number(port) };
    })
        .sort((a, b) => a.port - b.port || a.key.localeCompare(b.key));
}
/** The catalog lists port numbers: each is allowed with any protocol. */
function ports(config, e) {
    const all = exposed(config);
    const list = all.map(p => p.key).join(', ');
    if (e.ports === undefined) {
        return { passed: true, message: `ports not checked (no expect.ports); exposes ${list || 'no ports'}` };
    }
    const allowed = [...e.ports].sort((a, b) => a - b);
    const allowedText = allowed.length > 0 ? allowed.join(', ') : '(none)';
    const bad = all.filter(p => !allowed.includes(p.port));
    if (bad.length > 0) {
        return {
            passed: false,
            message: `exposes ${bad.map(p => p.key).join(', ')}, not in the allowed ports ${allowedText}`
        };
    }
    return {
        passed: true,
        message: all.length > 0 ? `exposes ${list} (allowed: ${allowedText})` : 'exposes no ports'
    };
}
/** Above the maximum: fails in the rule's mode. Above the target only: a warning, whatever the mode. */
function size(bytes, e) {
    const { target, max } = e.size ?? {};
    const actual = (0,units/* formatSize */.X)(bytes);
    if (max !== undefined && bytes > max) {
        return { passed: false, message: `size ${actual} is above the maximum ${(0,units/* formatSize */.X)(max)}` };
    }
    const limits = [
        target !== undefined ? `target ${(0,units/* formatSize */.X)(target)}` : '',
        max !== undefined ? `maximum ${(0,units/* formatSize */.X)(max)}` : ''
    ].filter(Boolean);
    if (target !== undefined && bytes > target) {
        const of = max !== undefined ? ` (maximum ${(0,units/* formatSize */.X)(max)})` : '';
        return {
            passed: false,
            warnOnly: true,
            message: `size ${actual} is above the target ${(0,units/* formatSize */.X)(target)}${of}`
        };
    }
    if (limits.length === 0)
        return { passed: true, message: `size ${actual} (no expect.size)` };
    return { passed: true, message: `size ${actual} (${limits.join(', ')})` };
}
function secrets(config) {
    const found = findSecrets(config);
    if (found.length === 0)
        return [{ passed: true, message: 'no secrets in the image config or history' }];
    return found.map(f => ({ passed: false, message: f.message }));
}

// EXTERNAL MODULE: ./src/report/heartbeat.ts
var heartbeat = __webpack_require__(60990);
// EXTERNAL MODULE: ./src/report/table.ts
var report_table = __webpack_require__(790);
;// CONCATENATED MODULE: ./src/oci/platform-layout.ts
// Trivy scans only the first manifest of a multi-platform OCI layout (it ignores --platform there), so
// each platform gets a layout of its own: an index.json naming that platform's manifest, and the
// blobs of the built layout (symlinked, never copied).



function platformLayout(layoutDir, pm, dest) {
    external_node_fs_.rmSync(dest, { recursive: true, force: true });
    (0,oci_layout/* writeSingleIndex */.Cq)(dest, {
        mediaType: pm.mediaType,
        digest: pm.digest,
        size: pm.size,
        platform: { os: pm.os, architecture: pm.architecture, ...(pm.variant ? { variant: pm.variant } : {}) }
    });
    external_node_fs_.symlinkSync(external_node_path_.resolve(layoutDir, 'blobs'), external_node_path_.join(dest, 'blobs'));
    return dest;
}

// EXTERNAL MODULE: ./src/pipeline/platform.ts + 2 modules
var platform = __webpack_require__(81503);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/docker/smoke-env.ts
var smoke_env = __webpack_require__(96735);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./src/cancel.ts
var cancel = __webpack_require__(90833);
// EXTERNAL MODULE: ./src/exec.ts
var exec = __webpack_require__(73190);
// EXTERNAL MODULE: ./src/docker/image-store.ts
var image_store = __webpack_require__(44753);
// EXTERNAL MODULE: ./src/oci/tar.ts
var tar = __webpack_require__(29654);
;// CONCATENATED MODULE: ./src/docker/smoke.ts
// The image contract smoke test: run the built image as it will run in production (read-only root,
// writable /tmp, no capabilities, no privilege escalation) with the catalog's environment, wait for the
// health endpoint (or the HEALTHCHECK), check the process is not root, and always remove the container
// and the image it ran: only the tested platform's image is loaded, under a name of imagegate's own. The
// removal runs once the result is known, beside the rest of the run (it is nothing a verdict waits for);
// the run awaits every removal before it ends (smokeCleanups).










/** `docker run` argv: hardened; env passed by name only (values travel in the CLI's environment). */
function runArgs(o) {
    const args = ['run', '--detach', '--name', o.name, '--platform', o.platform];
    args.push('--read-only', '--tmpfs', '/tmp', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges');
    for (const name of o.env)
        args.push('--env', name);
    if (o.port !== undefined)
        args.push('--publish', `127.0.0.1::${o.port}`);
    args.push(o.ref);
    return args;
}
async function docker(args, o = {}) {
    return await (0,exec.exec)('docker', args, { ...o, stage: 'rules' });
}
/**
 * Removes the smoke container and the image loaded for it; also what a cancelled job does, so it runs as
 * a clean-up (after a cancellation too) and says nothing when they are gone already.
 */
async function removeSmoke(container, imageName) {
    await docker(['rm', '--force', container], { cleanup: true });
    await docker(['image', 'rm', imageName], { cleanup: true });
}
/** The removals of the run's smoke tests still under way. */
const cleanups = new Set();
/** Resolves once every smoke test's container and image are removed (a build run awaits it before it ends). */
async function smokeCleanups() {
    while (cleanups.size > 0)
        await Promise.all([...cleanups]);
}
/**
 * The engine's name for the image a smoke test runs: imagegate's own (never one of the catalog's tags, so
 * nothing of the user's is replaced), unique to the run, removed after it.
 */
function smokeImageName(image, unique) {
    return `localhost/imagegate-smoke/${image}:${unique}`;
}
/**
 * An OCI archive of one platform's image: an index naming that manifest alone (under `name`), and only
 * the blobs it references (the other platforms' never reach the engine). Writes `oci-layout` and
 * `index.json` into `dir`; returns the blobs' paths relative to the layout (their names in the archive).
 * The manifest's content comes from the layout as readLayout checked it (digests, sizes): nothing is
 * parsed again here.
 */
function platformArchive(layoutDir, manifest, content, name, dir) {
    const digests = [manifest.digest, content.config.digest, ...content.layers.map(l => l.digest)];
    const blobs = [...new Set(digests)].map(d => external_node_path_.relative(layoutDir, (0,oci_layout/* blobPath */.nD)(layoutDir, d)));
    (0,oci_layout/* writeSingleIndex */.Cq)(dir, {
        mediaType: manifest.mediaType,
        digest: manifest.digest,
        size: manifest.size,
        // the full name under both keys, as buildx's exporters write it (docker load reads either)
        annotations: { 'io.containerd.image.name': name, 'org.opencontainers.image.ref.name': name }
    });
    return blobs;
}
/** Loads one platform's image into the engine as `name`; returns the reference docker gives it. */
async function loadPlatform(o, name, work) {
    const dir = external_node_path_.join(work, 'layout');
    const blobs = platformArchive(o.layoutDir, o.manifest, o.content, name, dir);
    const tarFile = external_node_path_.join(work, 'smoke-image.tar');
    try {
        await (0,tar/* writeTar */.FJ)(tarFile, [
            { name: 'oci-layout', file: external_node_path_.join(dir, 'oci-layout') },
            { name: 'index.json', file: external_node_path_.join(dir, 'index.json') },
            ...blobs.map(name => ({ name, file: external_node_path_.join(o.layoutDir, name) }))
        ]);
    }
    catch (err) {
        throw new Error(`could not archive the image for the smoke test: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const load = async () => await (0,image_store/* usingImageStore */.J)(async () => await docker(['load', '--input', tarFile]));
    let r = await load();
    // another process's image removal (a second job on a shared engine) can take a parent snapshot from
    // under the unpack, as this run's own could before image-store.ts: the load is made once more
    if (r.exitCode !== 0 && /snapshot .*does not exist|failed to unpack loaded image/.test(r.stderr)) {
        core/* info */.pq(`docker load failed (${(0,exec.tail)(r.stderr, 1)}); once more`);
        r = await load();
    }
    external_node_fs_.rmSync(tarFile, { force: true });
    const loaded = /Loaded image: (\S+)/.exec(r.stdout)?.[1];
    const id = /Loaded image ID: (sha256:[a-f0-9]{64})/.exec(r.stdout)?.[1];
    if (r.exitCode !== 0 || !(loaded ?? id))
        throw new Error(`docker load failed: ${(0,exec.tail)(r.stderr || r.stdout)}`);
    return (loaded ?? id);
}
/**
 * Replaces, in what the container printed and what the test says, every value the smoke-env input gave
 * (the catalog's null entries: secrets on GitHub) with ***. The log masks them; the outputs, the summary
 * and the files a later step reads must not hold them either.
 */
function redactor(smoke, values) {
    const secrets = Object.entries(smoke.env ?? {})
        .filter(([, value]) => value === null)
        .map(([name]) => values[name])
        .filter((v) => v !== undefined && v !== '');
    return text => (0,exec/* redact */.E$)(text, secrets);
}
async function smokeTest(o) {
    const hide = redactor(o.smoke, o.values);
    const r = await testContainer(o);
    return { ...r, message: hide(r.message), ...(r.logs !== undefined ? { logs: hide(r.logs) } : {}) };
}
async function testContainer(o) {
    const work = external_node_fs_.mkdtempSync(external_node_path_.join(external_node_os_.tmpdir(), 'imagegate-smoke-'));
    const unique = `${process.pid}-${Date.now().toString(36)}`;
    const name = `imagegate-smoke-${o.image}-${unique}`;
    const what = `${o.image} ${o.platform}`;
    // docker run was tried: its container may exist (run --name creates it before it fails to start)
    let tried = false;
    const imageName = smokeImageName(o.image, unique);
    let ref;
    // a cancelled job removes them whatever this test is doing then (the container outlives docker run)
    const forget = cancel/* runCancellation */.pc.onCancel(async () => await removeSmoke(name, imageName));
    try {
        const env = (0,smoke_env/* smokeEnv */.b)(o.image, o.smoke, o.values);
        ref = await loadPlatform(o, imageName, work);
        const health = o.smoke.health;
        tried = true;
        const run = await docker(runArgs({ name, ref, platform: o.platform, env: Object.keys(env), port: health?.port }), {
            env: { ...process.env, ...env }
        });
        if (run.exitCode !== 0)
            return { passed: false, message: `${what}: the container did not start: ${(0,exec.tail)(run.stderr, 5)}` };
        const deadline = Date.now() + (o.timeoutSeconds ?? o.smoke.timeout ?? 60) * 1000;
        let healthy = false;
        let last = '';
        while (!healthy && Date.now() < deadline) {
            const state = await docker([
                'inspect',
                '--format',
                '{{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{end}}',
                name
            ]);
            const [status, exitCode, hc] = state.stdout.trim().split(' ');
            if (status !== 'running') {
                last = `the container stopped (${status}${status === 'exited' ? `, exit code ${exitCode}` : ''})`;
                break;
            }
            if (health) {
                const port = await docker(['port', name, `${health.port}/tcp`]);
                const hostPort = /:(\d+)\s*$/m.exec(port.stdout)?.[1];
                if (hostPort) {
                    try {
                        const res = await fetch(`http://127.0.0.1:${hostPort}${health.path}`, {
                            signal: AbortSignal.timeout(2000)
                        });
                        last = `GET ${health.path} answered ${res.status}`;
                        healthy = res.status === 200;
                    }
                    catch (err) {
                        last = `GET ${health.path}: ${fetchFailure(err)}`;
                    }
                }
            }
            else {
                last = `HEALTHCHECK ${hc || 'not defined'}`;
                healthy = hc === 'healthy';
                if (!hc)
                    break;
            }
            if (!healthy)
                await new Promise(resolve => setTimeout(resolve, 500));
        }
        if (!healthy) {
            const logs = await docker(['logs', '--tail', '20', name]);
            return {
                passed: false,
                message: `${what}: never became healthy (${last})`,
                logs: (0,exec.tail)(logs.stdout + logs.stderr, 20)
            };
        }
        const id = await docker(['exec', name, 'id', '-u']);
        const uid = id.stdout.trim();
        if (id.exitCode === 0 && uid === '0')
            return { passed: false, message: `${what}: the process runs as root (uid 0)` };
        const who = id.exitCode === 0 ? `uid ${uid}` : 'uid unknown (no id in the image)';
        return { passed: true, message: `${what}: healthy (${last}), runs as ${who}` };
    }
    catch (err) {
        return { passed: false, message: `${what}: ${err instanceof Error ? err.message : String(err)}` };
    }
    finally {
        // the result is known: the container and the image go beside the rest of the run
        const cleanup = removeAfterTest({ tried, name, imageName, ref, what, work }).finally(() => {
            forget();
            cleanups.delete(cleanup);
        });
        cleanups.add(cleanup);
    }
}
/** Why a health request failed: fetch's own message says only 'fetch failed'; its cause says why. */
function fetchFailure(err) {
    if (err instanceof Error && err.name === 'TimeoutError')
        return 'no answer within 2 s';
    const message = err instanceof Error ? err.message : String(err);
    const cause = err instanceof Error ? err.cause : undefined;
    const why = cause?.code ?? cause?.message;
    return why ? `${message} (${why})` : message;
}
/**
 * After a smoke test: its container (when docker run was tried: a container that failed to start exists
 * too, and holds the image) and the image loaded for it. Only the name given
 * to the load goes (never by ID: the engine may have held these bytes under other names); also after a
 * failed load, which may have tagged the name before it failed. Never rejects: what cannot be removed is
 * said in the log.
 */
async function removeAfterTest(o) {
    try {
        if (o.tried)
            await docker(['rm', '--force', o.name], { cleanup: true });
        if (o.ref === o.imageName || o.ref === undefined) {
            // the engine may still hold the removed container's reference for a moment: one more try
            const removeImage = async () => await (0,image_store/* removingImages */.W)(async () => await docker(['image', 'rm', o.imageName], { cleanup: true }));
            let rm = await removeImage();
            const absent = (r) => /no such image/i.test(r.stderr);
            if (rm.exitCode !== 0 && absent(rm))
                rm = { ...rm, exitCode: 0 }; // never loaded: nothing to remove
            if (rm.exitCode !== 0) {
                await new Promise(resolve => setTimeout(resolve, 1000));
                rm = await removeImage();
            }
            if (rm.exitCode !== 0)
                core/* info */.pq(`${o.what}: could not remove ${o.imageName}: ${(0,exec.tail)(rm.stderr || rm.stdout)}`);
        }
    }
    catch (err) {
        core/* info */.pq(`${o.what}: could not remove the smoke container or image: ${String(err)}`);
    }
    finally {
        external_node_fs_.rmSync(o.work, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/pipeline/smoke.ts
// The smoke test of an image, or its result from the results cache when these exact bytes passed the same
// smoke test (same smoke block, same environment values, same platform) before. Only a pass is kept: a
// failed smoke test always runs again.






/** Bumped when what a smoke test checks changes: older passes are not reused. */
const SMOKE_TEST = 1;
/**
 * What a smoke result depends on: the platform image run (its manifest digest), the smoke block, and the
 * environment's values, digested (they may be secrets: the key file holds only a hash of a hash).
 */
function smokeKey(o) {
    const env = (0,smoke_env/* smokeEnv */.b)(o.image, o.smoke, o.values);
    const values = (0,external_node_crypto_.createHash)('sha256')
        .update(JSON.stringify(Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1))))
        .digest('hex');
    return (0,results/* resultKey */.ZH)({
        kind: 'smoke',
        test: SMOKE_TEST,
        image: o.image,
        platform: o.platform,
        manifest: o.manifest.digest,
        smoke: o.smoke,
        timeout: o.timeoutSeconds,
        env: values
    });
}
const ENTRY = 'smoke.json';
async function smokeEvidence(o, cache, run = smokeTest) {
    let key;
    try {
        key = cache ? smokeKey(o) : undefined;
    }
    catch {
        key = undefined; // a missing env value: the test itself says so
    }
    const { value, reused } = await (0,results/* throughCache */.AT)(cache, key, {
        what: `${o.image} ${o.platform}: the smoke test`,
        names: [ENTRY],
        restore: hit => {
            const before = JSON.parse(external_node_fs_.readFileSync(hit.get(ENTRY), 'utf8'));
            // only a pass is kept; anything else in the entry is not a result
            if (before.passed !== true || typeof before.message !== 'string')
                throw new Error('not a passed test');
            core/* info */.pq(`${o.image} ${o.platform}: ${o.manifest.digest} passed this smoke test before: result reused`);
            return { passed: true, message: `${before.message} (passed before: result reused)` };
        },
        compute: () => run(o),
        store: (r, results, entryKey) => {
            if (r.passed)
                results.putJson(entryKey, ENTRY, { passed: true, message: r.message });
        }
    });
    return { ...value, reused };
}

;// CONCATENATED MODULE: ./src/pipeline/image.ts
// One image, from its build to its verdict's inputs: the build's OCI layout checked, every platform's
// evidence (scan, hidden files, SBOMs), the hardening rules, the Dockerfile findings and the smoke test.
// Takes the run's shared parts, returns one ImageRun; never throws (a failure is the image's error).













async function inspectImage(ctx, image, deps) {
    const run = {
        plan: image,
        outcome: { name: image.name, scans: [] },
        reportFiles: [],
        sboms: [],
        reused: 0
    };
    // the base images' ages are read from their registries while the image builds and is scanned
    const ages = readBaseAges(ctx, image, deps.baseAges);
    ages.catch(() => undefined);
    try {
        if (!deps.build)
            throw new Error(`${image.name}: its build was never started`);
        const built = await deps.build;
        core/* info */.pq(`${image.name}: inspecting ${built.digest}`);
        run.digest = built.digest;
        run.layoutDir = built.layoutDir;
        run.buildMs = built.ms;
        run.cache = built.cache;
        const layout = (0,oci_layout/* readLayout */.T4)(built.layoutDir);
        if (layout.root.digest !== built.digest) {
            throw new Error(`the OCI layout holds ${layout.root.digest}, buildx reported ${built.digest}`);
        }
        const platforms = (0,oci_layout/* platformManifests */.OS)(layout);
        run.manifests = new Map(platforms.map(pm => [pm.platform, pm.digest]));
        const configs = readPlatformConfigs(layout);
        // the smoke test runs beside the scans (docker and the container, while Trivy reads the layout)
        const smoke = runSmoke(ctx, image, built.layoutDir, platforms, configs);
        smoke.catch(() => undefined);
        const scanner = await deps.scanner;
        const scanned = await Promise.all(platforms.map(manifest => scanPlatform(ctx, image, built, manifest, platforms.length, configs, scanner, deps)));
        for (const s of scanned) {
            run.outcome.scans.push({ platform: s.platform, findings: s.findings });
            run.reportFiles.push(s.reportFile, s.table);
            run.sboms.push(...s.sboms);
            if (s.reused)
                run.reused++;
        }
        run.outcome.checks = [
            ...hardeningChecks(ctx, image, configs),
            ...dockerfileVerdicts(image, (await deps.dockerfiles).get(image.name), ctx.inputs.severity),
            ...(await smoke)
        ];
        const aged = await ages;
        if (image.baseMaxAge !== undefined)
            run.baseAges = aged.rows;
        run.outcome.checks.push(...aged.checks);
        const findings = run.outcome.scans.reduce((n, s) => n + s.findings.length, 0);
        const failed = run.outcome.checks.filter(c => !c.passed).length;
        core/* info */.pq(`${image.name}: inspected ${platforms.length} platform${platforms.length === 1 ? '' : 's'}: ${findings} findings, ${failed} of ${run.outcome.checks.length} checks not passed`);
    }
    catch (err) {
        run.outcome.error = err instanceof Error ? err.message : String(err);
    }
    finally {
        // its platforms submit nothing more: the run's hidden-file scan does not wait for them
        deps.hidden.release(image.name);
    }
    return run;
}
/** One platform's evidence, and the human-readable findings table beside its JSON report. */
async function scanPlatform(ctx, image, built, manifest, platforms, configs, scanner, deps) {
    const { inputs, files, plan } = ctx;
    const input = platformLayout(built.layoutDir, manifest, files.platformLayout(image.name, manifest.platform));
    // what a long scan waits for: its turn, its own processes, then the run's one hidden-file scan
    let waiting = `a scan slot (max-parallel ${inputs['max-parallel']})`;
    const slot = async (work) => await deps.scans.use(async () => {
        waiting = `trivy${inputs['sbom-generator'] === 'syft' ? ' and syft' : ''}`;
        try {
            return await work();
        }
        finally {
            waiting = "the run's hidden-file scan (it starts once every image is built)";
        }
    });
    const scanning = (0,platform/* platformEvidence */.nc)({
        image: image.name,
        repository: image.repository,
        platform: manifest.platform,
        platforms,
        manifest: manifest.digest,
        input,
        layoutDir: built.layoutDir,
        layers: configs.find(c => c.digest === manifest.digest)?.manifest.layers ?? [],
        config: configs.find(c => c.digest === manifest.digest)?.manifest.config.digest,
        shortSha: plan.git.shortSha,
        out: files.out,
        work: files.imageWork(image.name),
        ignoreUnfixed: inputs['ignore-unfixed'],
        ignoreFile: deps.ignoreFile,
        ...scanOptions(ctx),
        sbom: { generator: inputs['sbom-generator'], formats: inputs['sbom-format'] }
    }, scanner, ctx.results, 
    // the platform's own work inside the run's bound on scans, the wait for the hidden-file scan outside
    { hidden: deps.hidden, slot });
    const evidence = await (0,heartbeat/* withHeartbeat */.px)(() => `${image.name} ${manifest.platform}: scanning: waiting for ${waiting}`, scanning);
    const table = files.findingsTable(image.name, manifest.platform);
    external_node_fs_.writeFileSync(table, (0,report_table/* findingsTable */.f9)(image.name, manifest.platform, evidence.findings));
    return { platform: manifest.platform, table, ...evidence };
}
/** The plan's scanner options as a platform's scan takes them (the trivy.yaml by its absolute path). */
function scanOptions(ctx) {
    const scan = ctx.plan.scan;
    if (!scan)
        return {};
    const { trivyConfig, scanners, ...flags } = scan;
    return {
        scan: { ...flags, ...(trivyConfig ? { trivyConfig: external_node_path_.resolve(ctx.workspace, trivyConfig) } : {}) },
        secrets: scanners.includes('secret')
    };
}
/** The base-age rule (base-max-age): every FROM's creation time, read from its registry. */
async function readBaseAges(ctx, image, reader) {
    if (image.baseMaxAge === undefined || !reader)
        return { rows: [], checks: [] };
    return await reader.forImage({
        image: image.name,
        file: image.file,
        dockerfile: external_node_fs_.readFileSync(external_node_path_.resolve(ctx.workspace, image.file), 'utf8'),
        buildArgs: image.buildArgs,
        platforms: image.platforms,
        maxAgeDays: image.baseMaxAge
    });
}
/** The hardening rules on every platform's image config, and the Dockerfile's base pinning. */
function hardeningChecks(ctx, image, configs) {
    const release = ctx.plan.git.version !== undefined;
    const checks = configs.flatMap(pc => checkImage({
        image: image.name,
        platform: pc.platform,
        config: pc.config,
        sizeBytes: pc.sizeBytes,
        expect: image.expect,
        rules: image.rules,
        release
    }));
    const dockerfile = external_node_fs_.readFileSync(external_node_path_.resolve(ctx.workspace, image.file), 'utf8');
    const bases = (0,hardening_dockerfile/* checkBasePinned */.iM)(dockerfile, image.file, image.buildArgs);
    checks.push(...(0,hardening_dockerfile/* basePinnedVerdicts */.Wq)({ image: image.name, file: image.file, bases, mode: image.rules['base-pinned'] }));
    return checks;
}
/** Findings at the gate's severities are failed checks of the dockerfile-config rule. */
function dockerfileVerdicts(image, found, severities) {
    const mode = image.rules['dockerfile-config'];
    if (mode === 'off' || found === undefined)
        return [];
    const gated = found.filter(m => severities.includes(m.severity));
    if (gated.length === 0) {
        return [
            {
                rule: 'dockerfile-config',
                mode,
                passed: true,
                message: `${image.name}: ${image.file}: no misconfiguration at ${severities.join(', ')}`
            }
        ];
    }
    return gated.map(m => ({
        rule: 'dockerfile-config',
        mode,
        passed: false,
        message: `${image.name}: ${image.file}${m.line ? `:${m.line}` : ''} ${m.severity} ${m.id} ${m.title}`,
        file: image.file,
        ...(m.line ? { line: m.line } : {})
    }));
}
/** The image contract smoke test, where the catalog declares one, on the runner's native platform. */
async function runSmoke(ctx, image, layoutDir, platforms, configs) {
    if (!image.smoke)
        return [];
    const platform = (0,docker_platform/* nativePlatform */.N)();
    const manifest = platforms.find(p => p.platform === platform);
    const content = configs.find(c => c.platform === platform)?.manifest;
    if (!image.platforms.includes(platform) || !manifest || !content) {
        return [
            {
                rule: 'smoke',
                mode: 'warn',
                passed: false,
                message: `${image.name}: smoke test skipped: the image is not built for ${platform}`
            }
        ];
    }
    const r = await (0,heartbeat/* withHeartbeat */.px)(`${image.name}: smoke test on ${platform}: waiting for its container (load, start, checks)`, smokeEvidence({
        image: image.name,
        platform,
        layoutDir,
        manifest,
        content,
        smoke: image.smoke,
        values: ctx.inputs['smoke-env']
    }, ctx.results));
    core/* info */.pq(`${r.message}${r.logs ? `\n${image.name}: last log lines:\n${r.logs}` : ''}`);
    const message = r.logs ? `${r.message}; last log lines:\n${r.logs}` : r.message;
    return [{ rule: 'smoke', mode: 'enforce', passed: r.passed, message }];
}

// EXTERNAL MODULE: ./src/policy/deployed.ts + 1 modules
var deployed = __webpack_require__(73960);
// EXTERNAL MODULE: ./src/trust/setup.ts + 5 modules
var setup = __webpack_require__(18142);
// EXTERNAL MODULE: ./src/tools/install.ts + 1 modules
var install = __webpack_require__(36238);
// EXTERNAL MODULE: ./src/pipeline/scanner.ts + 2 modules
var pipeline_scanner = __webpack_require__(77152);
;// CONCATENATED MODULE: ./src/pipeline/deployed-baseline.ts
// The attestation source of the baseline for one run (policy/deployed.ts): the deployed tag, the signer
// to verify with (the trust seam's Verifier). Nothing is installed or asked before an image in gate
// mode new needs it (resolveBaseline calls the source only then).








/** What resolveBaseline needs to read the deployed digests' scan attestations in this run. */
function deployedBaseline(ctx) {
    const { inputs, plan } = ctx;
    const tag = (0,deployed/* deployedTag */.Vi)({
        input: inputs['baseline-tag'],
        environment: plan.environment,
        production: plan.production
    });
    if (!tag) {
        return {
            attestationsOff: `${plan.environment} has no deployed tag to read a scan attestation from (input baseline-tag)`
        };
    }
    const verifier = (0,deployed/* verifierPlan */.CC)({
        key: inputs['cosign-key'],
        identity: inputs['certificate-identity'],
        issuer: inputs['certificate-oidc-issuer'],
        workspace: ctx.workspace
    });
    if (verifier.kind === 'none') {
        return {
            tag,
            attestationsOff: `the scan attestation of the deployed tag ${tag} cannot be verified: ${verifier.why}`
        };
    }
    const attestations = async ({ images }) => {
        const verifier = await (0,setup/* makeVerifier */.v$)({
            inputs,
            workspace: ctx.workspace,
            workDir: external_node_path_.join(ctx.files.work, '.baseline'),
            clientFor: ctx.registry,
            registries: (0,setup/* registriesOf */.Ho)(images.map(i => i.repository)),
            cosign: async () => (await (0,install/* installTool */.Gn)((0,pipeline_scanner.toolSpec)(inputs, 'cosign', inputs['cosign-version'], new results/* ResultCache */.Ai((0,run_dir/* cacheDir */.e)('imagegate-tools'))))).path
        }, true);
        const scans = await Promise.all(images.map(i => (0,deployed/* deployedScan */.eT)({ ...i, client: ctx.registry(i.repository), verifier: verifier })));
        for (const s of scans)
            core/* info */.pq(`baseline of ${s.name}: ${s.kind} ${s.ref}`);
        return scans;
    };
    return { tag, attestations };
}

// EXTERNAL MODULE: ./src/pipeline/publish.ts + 1 modules
var publish = __webpack_require__(12396);
// EXTERNAL MODULE: ./src/plan/grammar.ts
var grammar = __webpack_require__(37530);
// EXTERNAL MODULE: ./src/plan/plan.ts + 1 modules
var plan_plan = __webpack_require__(96341);
// EXTERNAL MODULE: ./src/trivy/report.ts
var trivy_report = __webpack_require__(76744);
// EXTERNAL MODULE: ./src/distribute/record.ts
var distribute_record = __webpack_require__(72846);
;// CONCATENATED MODULE: ./src/distribute/part.ts
// A platform job of a distributed build (push-by-digest): what it uploads and the record it leaves.
// Only the images the gate and the strategy let through are uploaded, and of them only the platform
// manifests (and buildx's attestation manifests) with their blobs, by digest: no index, no tag. The
// merge (distribute/merge.ts) assembles, checks and tags. The record is written whatever the verdict, so
// the merge can say which platform of which image failed and why.













/** Uploads the platform manifests of the images allowed, by digest; nothing when the gate stops them. */
async function uploadPlatforms(ctx, images, verdict) {
    const { inputs } = ctx;
    const out = { pushed: new Map(), errors: new Map() };
    if (cancel/* runCancellation */.pc.cancelled) {
        core/* info */.pq(`${cancel/* runCancellation */.pc.reason}: nothing is uploaded`);
        return out;
    }
    const allowed = new Set((0,gate/* pushable */.Ny)(verdict, inputs['push-strategy']));
    const candidates = images.filter(i => allowed.has(i.plan.name) && i.layoutDir && i.digest);
    if (candidates.length === 0) {
        core/* info */.pq('the gate failed: no platform manifest is uploaded');
        return out;
    }
    if (inputs.sign || inputs.attest)
        core/* info */.pq('push-by-digest: signing and attesting happen in the merge');
    const clientFor = ctx.registry;
    await (0,concurrency/* mapSettled */.A)(candidates, inputs['max-parallel'], async (image) => {
        const repo = image.plan.repository;
        const start = Date.now();
        try {
            cancel/* runCancellation */.pc.throwIfCancelled(`the upload to ${repo}`);
            const up = await clientFor(repo).uploadLayout(image.layoutDir, repo, { index: false });
            const manifests = [...(image.manifests?.values() ?? [])];
            out.pushed.set(image.plan.name, {
                digest: up.digest,
                mediaType: up.mediaType,
                uploadedBlobs: up.uploadedBlobs,
                uploadedBytes: up.uploadedBytes,
                skippedBlobs: up.skippedBlobs,
                skippedBytes: up.skippedBytes,
                mountedBlobs: up.mountedBlobs,
                refs: manifests.map(m => `${repo}@${m}`)
            });
            core/* info */.pq(`${image.plan.name}: ${manifests.length} platform manifest${manifests.length === 1 ? '' : 's'} uploaded to ${repo} by digest (${up.uploadedBlobs} blobs uploaded, ${up.skippedBlobs} already there); no tag, no index: the merge publishes`);
        }
        catch (err) {
            const why = err instanceof Error ? err.message : String(err);
            out.errors.set(image.plan.name, `${image.plan.name}: upload by digest failed: ${why}`);
        }
        finally {
            (0,exec/* recordTiming */.oo)('push', `upload ${repo} by digest`, start);
        }
    });
    return out;
}
/** The platform manifests of a layout, each with its descriptor, config digest and attestation manifests. */
function layoutPlatforms(layout) {
    const configOf = (d) => {
        const m = layout.root.digest === d.digest
            ? layout.rootManifest
            : layout.children.find(c => c.descriptor.digest === d.digest)?.manifest;
        const config = m?.config?.digest;
        if (!config)
            throw new Error(`${layout.dir}: manifest ${d.digest} has no config`);
        return config;
    };
    if (layout.kind === 'manifest') {
        const p = layout.rootPlatform;
        if (!p)
            return [];
        const platform = [p.os, p.architecture, p.variant].filter(Boolean).join('/');
        return [
            { platform, manifest: { ...layout.root, platform: p }, config: configOf(layout.root), attestations: [] }
        ];
    }
    const index = layout.rootManifest;
    const attestations = index.manifests.filter(oci_layout/* isAttestation */.H3);
    return index.manifests
        .filter(d => d.platform && !(0,oci_layout/* isAttestation */.H3)(d))
        .map(d => {
        const p = d.platform;
        return {
            platform: (0,oci_layout/* formatPlatform */.Bq)(p),
            manifest: d,
            config: configOf(d),
            attestations: attestations.filter(a => a.annotations?.['vnd.docker.reference.digest'] === d.digest)
        };
    });
}
/** The record file's name: the environment, the platforms and a hash of the run's images and job. */
function recordFileName(ctx) {
    const platforms = (0,plan_plan/* planPlatforms */.CT)(ctx.plan);
    const hash = (0,external_node_crypto_.createHash)('sha256')
        .update(JSON.stringify({
        images: ctx.plan.images.map(i => i.name).sort(),
        platforms,
        job: process.env.GITHUB_JOB ?? '',
        attempt: process.env.GITHUB_RUN_ATTEMPT ?? ''
    }))
        .digest('hex')
        .slice(0, 12);
    return `${distribute_record/* RECORD_PREFIX */.RI}${ctx.plan.environment}-${platforms.map(grammar/* platformSlug */.DN).join('+')}-${hash}.json`;
}
/** Writes the run's record (outputs record and record-file); returns its path. */
function writeRecord(ctx, run) {
    const { plan, files } = ctx;
    const file = files.recordFile(recordFileName(ctx));
    const dir = external_node_path_.dirname(file);
    const relative = (f) => external_node_fs_.existsSync(f) ? external_node_path_.relative(dir, f).split(external_node_path_.sep).join('/') : undefined;
    const images = run.images.map((image) => {
        const v = run.verdict.images.find(i => i.name === image.plan.name);
        const reasons = [...(v?.reasons ?? [])];
        if (image.outcome.error && !reasons.includes(image.outcome.error))
            reasons.push(image.outcome.error);
        const uploadError = run.published.errors.get(image.plan.name);
        let platforms = [];
        if (image.layoutDir && image.digest && external_node_fs_.existsSync(image.layoutDir)) {
            const scans = image.outcome.scans;
            platforms = layoutPlatforms((0,oci_layout/* readLayout */.T4)(image.layoutDir)).map(p => {
                const findings = scans.find(s => s.platform === p.platform)?.findings ?? [];
                const report = relative(files.scanReport(image.plan.name, p.platform));
                const sboms = image.sboms
                    .filter(b => b.file ===
                    files.sbomFile(image.plan.name, plan.git.shortSha, p.platform, scans.length, b.format))
                    .flatMap(b => {
                    const f = relative(b.file);
                    return f ? [{ format: b.format, file: f }] : [];
                });
                return {
                    platform: p.platform,
                    manifest: p.manifest,
                    config: p.config,
                    attestations: p.attestations,
                    findings: (0,trivy_report/* countBySeverity */.Ot)(findings),
                    ...(report ? { report } : {}),
                    sboms
                };
            });
        }
        return {
            name: image.plan.name,
            repository: image.plan.repository,
            passed: v?.passed ?? false,
            reasons,
            uploaded: run.published.pushed.has(image.plan.name),
            ...(uploadError ? { uploadError } : {}),
            platforms
        };
    });
    const env = process.env;
    const record = {
        schema: distribute_record/* RECORD_SCHEMA */.ep,
        commit: plan.git.sha,
        ref: plan.git.ref,
        environment: plan.environment,
        platforms: (0,plan_plan/* planPlatforms */.CT)(ctx.plan),
        run: {
            repository: env.GITHUB_REPOSITORY ?? '',
            id: env.GITHUB_RUN_ID ?? '',
            attempt: env.GITHUB_RUN_ATTEMPT ?? '',
            job: env.GITHUB_JOB ?? ''
        },
        scanner: {
            trivyVersion: run.scanner?.version.version ?? 'unknown',
            dbUpdatedAt: run.scanner?.db.updatedAt ?? ''
        },
        created: new Date().toISOString(),
        images
    };
    external_node_fs_.mkdirSync(dir, { recursive: true });
    const text = JSON.stringify(record, null, 2) + '\n';
    external_node_fs_.writeFileSync(file, text);
    core/* setOutput */.uH('record', JSON.stringify(record));
    core/* setOutput */.uH('record-file', file);
    core/* info */.pq(`record of this platform job written to ${file}`);
    return file;
}

// EXTERNAL MODULE: ./src/github/dependency-submission.ts + 2 modules
var dependency_submission = __webpack_require__(43413);
;// CONCATENATED MODULE: ./src/pipeline/dependency-snapshots.ts
// The run's dependency snapshots (dependency-snapshot: true): one per platform image whose SPDX SBOM this
// run wrote, whatever its verdict (a failed image's packages are what Dependabot should know about), sent
// to GitHub's dependency graph (github/dependency-submission.ts). A platform job of a distributed build
// sends its own platforms: each snapshot is one image platform, so the merge has none left to send.


/** The platform images with an SPDX SBOM, in the plan's order; an image without one is said in the log. */
function snapshotTargets(ctx, images) {
    const { plan, files } = ctx;
    const targets = [];
    const without = [];
    for (const run of images) {
        const platforms = run.outcome.scans.map(s => s.platform);
        for (const platform of platforms) {
            const spdxFile = files.sbomFile(run.plan.name, plan.git.shortSha, platform, platforms.length, 'spdx-json');
            if (!run.sboms.some(s => s.file === spdxFile)) {
                without.push(`${run.plan.name} ${platform}`);
                continue;
            }
            targets.push({
                image: run.plan.name,
                platform,
                dockerfile: run.plan.file,
                repository: run.plan.repository,
                manifest: run.manifests?.get(platform),
                environment: plan.environment,
                spdxFile
            });
        }
        if (platforms.length === 0)
            without.push(run.plan.name); // its build or scan failed: its own error
    }
    return { targets, without };
}
/** The snapshots of the run's SBOMs; undefined when dependency-snapshot is off. Never throws. */
async function submitSnapshots(ctx, images) {
    const options = ctx.dependencySnapshots;
    if (!options)
        return undefined;
    const { targets, without } = snapshotTargets(ctx, images);
    if (without.length > 0)
        core/* info */.pq(`no SPDX SBOM, no dependency snapshot: ${without.join(', ')}`);
    if (targets.length === 0)
        return [];
    core/* info */.pq(`dependency snapshots: ${targets.length} to ${options.repository}'s dependency graph (one per image and platform)`);
    return await (0,dependency_submission/* submitDependencySnapshots */.B)(targets, options);
}

// EXTERNAL MODULE: ./src/trivy/db.ts
var trivy_db = __webpack_require__(25904);
;// CONCATENATED MODULE: ./src/report/artifact.ts
// The evidence (SBOMs, scan reports) as one workflow artifact per job, uploaded with @actions/artifact.
// Outside GitHub Actions nothing is uploaded and the caller is told where the files stay.


/** actions/upload-artifact's `retention-days` default is the repository's (90); evidence keeps 30. */
const DEFAULT_RETENTION_DAYS = 30;
const MAX_ARTIFACT_NAME_LENGTH = 200;
const PREFIX = 'imagegate-evidence';
const HASH_LENGTH = 16;
/** The characters the artifact service refuses in a name (as @actions/artifact validates them). */
const FORBIDDEN_NAME_CHARACTERS = (/* unused pure expression or super */ null && (['"', ':', '<', '>', '|', '*', '?', '\r', '\n', '\\', '/']));
const cleanPart = (s) => s
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
/**
 * The artifact name for one job's evidence. The rule:
 *
 *   imagegate-evidence-<job>[-<matrix key>][-<image>+<image>...]-<attempt>-<hash>
 *
 * - job = GITHUB_JOB (`local` when unset), attempt = GITHUB_RUN_ATTEMPT (`1` when unset), images sorted
 *   and de-duplicated (the same set in any order gives the same name).
 * - Each readable part keeps only A-Z a-z 0-9 . _ - (runs of anything else become one `-`); images are
 *   joined with `+`, which no image name contains. None of the characters the service refuses
 *   (" : < > | * ? \r \n \ /) can appear.
 * - <hash> is the first 16 hex digits of the sha256 of the exact inputs (job, matrix key, image set,
 *   attempt). The readable part alone is not enough: `-` separates parts but also appears inside job
 *   ids and image names (job `scan-web` running `api` and job `scan` running `web-api` would read
 *   alike), and cleaning can map two inputs to one spelling. With the hash, two different inputs give
 *   two different names, and one input always gives the same name.
 * - At most 200 characters: a longer readable part is cut (the hash stays whole).
 *
 * Within one run every job has its own GITHUB_JOB, and the jobs of one matrix share it but run
 * different images (or carry different matrix keys), so no two jobs of a run upload the same name.
 */
function artifactName(ctx) {
    const job = ctx.job?.trim() || 'local';
    const attempt = ctx.runAttempt?.trim() || '1';
    const matrixKey = ctx.matrixKey?.trim() ?? '';
    const images = [...new Set(ctx.images.map(i => i.trim()).filter(Boolean))].sort();
    const hash = (0,external_node_crypto_.createHash)('sha256')
        .update(JSON.stringify({ job, matrixKey, images, attempt }))
        .digest('hex')
        .slice(0, HASH_LENGTH);
    const parts = [PREFIX, cleanPart(job) || 'job'];
    if (cleanPart(matrixKey))
        parts.push(cleanPart(matrixKey));
    const imagePart = images.map(cleanPart).filter(Boolean).join('+');
    if (imagePart)
        parts.push(imagePart);
    parts.push(cleanPart(attempt) || '1');
    const readable = parts
        .join('-')
        .slice(0, MAX_ARTIFACT_NAME_LENGTH - HASH_LENGTH - 1)
        .replace(/[-.+_]+$/, '');
    return `${readable}-${hash}`;
}
/**
 * Uploads `files` (absolute, or relative to `rootDir`) as one artifact; paths inside it are relative
 * to `rootDir`, so `sbom/` and `artifacts/scans/` keep their folders. Without the runner's artifact
 * service (ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL) nothing is uploaded and `reason` says where the
 * files stay. A failed upload throws an Error saying what failed; no token or signed URL is in it.
 */
async function uploadEvidence(files, rootDir, o) {
    // @actions/artifact reads these from process.env at call time, so this check reads the same place.
    const env = process.env;
    if (!Number.isInteger(o.retentionDays) || o.retentionDays < 1) {
        throw new Error(`retention-days must be a whole number of days, at least 1 (got ${o.retentionDays})`);
    }
    const root = external_node_path_.resolve(rootDir);
    for (const variable of ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL']) {
        if (!env[variable]) {
            return {
                uploaded: false,
                reason: `not running on GitHub Actions (no ${variable}): files stay in ${root}`
            };
        }
    }
    if (files.length === 0)
        return { uploaded: false, reason: `no evidence files to upload in ${root}` };
    const absolute = files.map(f => external_node_path_.resolve(root, f));
    // loaded when it is needed: the artifact client (Azure storage, protobuf) is most of the bundle, and
    // parsing it before the first build would delay every run by about half a second
    const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(275), __webpack_require__.e(30), __webpack_require__.e(458)]).then(__webpack_require__.bind(__webpack_require__, 67458));
    const client = new DefaultArtifactClient();
    let response;
    try {
        response = await client.uploadArtifact(o.name, absolute, root, { retentionDays: o.retentionDays });
    }
    catch (err) {
        const detail = redact(err instanceof Error ? err.message : String(err), env);
        const what = `uploading the evidence artifact "${o.name}" (${absolute.length} files from ${root}) failed`;
        if (/\(409\)/.test(detail)) {
            throw new Error(`${what}: an artifact with this name already exists in this workflow run (409 Conflict). ` +
                `Two jobs or steps uploaded the same name: give each matrix job its own images or matrix key. (${detail})`, { cause: err });
        }
        throw new Error(`${what}: ${detail}`, { cause: err });
    }
    if (response.id === undefined) {
        throw new Error(`uploading the evidence artifact "${o.name}" returned no artifact id`);
    }
    return {
        uploaded: true,
        id: response.id,
        url: artifactUrl(response.id, env),
        size: response.size,
        digest: response.digest
    };
}
/** `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}/artifacts/${id}`, as upload-artifact builds it. */
function artifactUrl(id, env = process.env) {
    const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID)
        return undefined;
    return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${id}`;
}
/** The runtime token and any SAS signature out of a message. */
function redact(message, env) {
    let out = message.replace(/([?&]sig=)[^&\s"']+/gi, '$1***');
    const token = env.ACTIONS_RUNTIME_TOKEN;
    if (token)
        out = out.split(token).join('***');
    return out;
}

// EXTERNAL MODULE: ./src/report/sarif.ts
var report_sarif = __webpack_require__(10643);
// EXTERNAL MODULE: ./src/policy/run-policy.ts
var run_policy = __webpack_require__(66570);
// EXTERNAL MODULE: ./src/report/run-summary.ts + 1 modules
var run_summary = __webpack_require__(55663);
// EXTERNAL MODULE: ./src/trust/statements.ts
var statements = __webpack_require__(49150);
;// CONCATENATED MODULE: ./src/report/trust-summary.ts

const COSIGN_TYPE = {
    sbom: 'spdxjson',
    vuln: 'vuln',
    provenance: 'slsaprovenance1'
};
/** The verify commands of one image, for the signer that made its evidence. */
function verifyCommands(image, signer) {
    const ref = `${image.repository}@${image.digest}`;
    const kinds = [...new Set(image.attached.map(a => a.kind))];
    const bundles = image.attached.some(a => a.format === 'bundle');
    const legacy = image.attached.some(a => a.format === 'cosign2');
    const who = signer.kind === 'keyless'
        ? `--certificate-identity '${signer.who}' --certificate-oidc-issuer '${signer.issuer ?? ''}'`
        : signer.kind === 'kms'
            ? `--key '${signer.who}'`
            : '--key cosign.pub';
    // a key signature has no transparency-log entry to look for
    const tlog = signer.kind === 'keyless' ? '' : ' --insecure-ignore-tlog=true';
    const out = [];
    if (bundles) {
        if (kinds.includes('signature')) {
            out.push(`cosign verify ${who}${tlog} ${ref}`);
            out.push(`cosign verify-attestation --new-bundle-format ${who}${tlog} --type ${statements/* SIGN_PREDICATE_TYPE */.LK} ${ref}`);
        }
        for (const kind of kinds.filter(k => k !== 'signature')) {
            out.push(`cosign verify-attestation --new-bundle-format ${who}${tlog} --type ${COSIGN_TYPE[kind] ?? kind} ${ref}`);
        }
        if (signer.kind === 'keyless') {
            const owner = image.repository.split('/')[1] ?? 'OWNER';
            out.push(`gh attestation verify oci://${ref} --bundle-from-oci --owner ${owner}`);
        }
    }
    if (legacy) {
        if (kinds.includes('signature'))
            out.push(`cosign verify ${who}${tlog} ${ref}`);
        for (const kind of kinds.filter(k => k !== 'signature')) {
            out.push(`cosign verify-attestation ${who}${tlog} --type ${COSIGN_TYPE[kind] ?? kind} ${ref}`);
        }
    }
    return [...new Set(out)];
}
/** The job summary's trust section: who signed, then per image what was attached and how to verify it. */
function trustSummaryMarkdown(images, signer) {
    const made = images.filter(i => i.attached.length > 0);
    if (made.length === 0)
        return '';
    const by = signer.kind === 'keyless'
        ? `keyless as \`${signer.who}\` (issuer \`${signer.issuer ?? ''}\`; ${signer.transparency ?? ''})`
        : signer.kind === 'kms'
            ? `the KMS key \`${signer.who}\``
            : `the key \`${signer.who}\``;
    const lines = ['### Signatures and attestations', '', `Signed by ${by}.`, ''];
    lines.push('| Image | Evidence | Format | Where |', '| --- | --- | --- | --- |');
    for (const image of made) {
        for (const a of image.attached) {
            const what = a.platform ? `${a.kind} (${a.platform})` : a.kind;
            const format = a.format === 'bundle' ? 'Sigstore bundle (OCI referrer)' : 'cosign 2 tag';
            lines.push(`| ${image.name} | ${what} | ${format} | \`${a.where}\` |`);
        }
    }
    lines.push('', '<details><summary>Verify</summary>', '');
    for (const image of made) {
        lines.push(`**${image.name}**`, '', '```sh', ...verifyCommands(image, signer), '```', '');
    }
    lines.push('cosign 2.5 needs `--trusted-root FILE` offline (an empty trusted root will do for a key); `cosign verify --new-bundle-format` of cosign 2.5 does not find an image signature through the referrers tag a registry without the referrers API keeps: use `verify-attestation --type ' +
        statements/* SIGN_PREDICATE_TYPE */.LK +
        '`, or `legacy-signatures: true`.', '', '</details>', '');
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/report/outputs.ts
// What a build run leaves behind, whatever its verdict: the SARIF file, the evidence artifact, the step's
// outputs, and the message that turns the job red.













/** One SARIF file for github/codeql-action/upload-sarif: a run per image and platform, the gate's severities. */
function writeSarif(ctx, images, trivyVersion, 
/** What judged the findings: stamped on every run with the digests scanned. */
provenance) {
    const runs = images.flatMap(i => i.outcome.scans.map(s => ({ image: i.plan.name, platform: s.platform, findings: s.findings })));
    const { sarif, truncated } = (0,report_sarif/* toSarif */.zv)(runs, { severities: ctx.inputs.severity, toolVersion: trivyVersion });
    if (provenance) {
        (0,report_sarif/* stampVerdict */.l2)(sarif, (image, platform) => {
            const run = images.find(i => i.plan.name === image);
            return { ...provenance, digest: run?.digest, manifest: run?.manifests?.get(platform) };
        });
    }
    const file = ctx.files.sarifFile;
    external_node_fs_.mkdirSync(external_node_path_.dirname(file), { recursive: true });
    external_node_fs_.writeFileSync(file, JSON.stringify(sarif, null, 2));
    core/* setOutput */.uH('sarif', file);
    const cut = (0,report_sarif/* describeTruncation */.J7)(truncated);
    if (cut)
        core/* warning */.$e(cut, { title: 'imagegate: SARIF cut to GitHub limits' });
}
function listFiles(dir) {
    return external_node_fs_.existsSync(dir) ? external_node_fs_.readdirSync(dir).map(f => external_node_path_.join(dir, f)) : [];
}
/** SBOMs, reports and the plan as one workflow artifact: also (above all) when the gate failed. */
async function uploadEvidenceFiles(ctx, reports, 
/** Files beyond the plan, reports and SBOMs (a platform job's record). */
extra = []) {
    const { plan, inputs, files: layout } = ctx;
    const out = layout.out;
    const files = [
        layout.planFile,
        layout.sarifFile,
        layout.findingsFile,
        ...reports.flatMap(r => [...r.reportFiles, ...r.sboms.map(b => b.file)]),
        ...listFiles(layout.scansDir), // also the Dockerfile scan reports
        ...extra
    ]
        .filter(f => external_node_fs_.existsSync(f))
        .filter((f, i, all) => all.indexOf(f) === i);
    if (!inputs['upload-artifacts']) {
        core/* info */.pq(`upload-artifacts is false: the evidence stays in ${out}`);
        return {};
    }
    const name = artifactName({
        job: process.env.GITHUB_JOB,
        runAttempt: process.env.GITHUB_RUN_ATTEMPT,
        // the jobs of a distributed build run the same images on different platforms
        matrixKey: inputs['push-by-digest']
            ? [plan.environment, ...(0,plan_plan/* planPlatforms */.CT)(plan)].join('-')
            : plan.environment,
        images: plan.images.map(i => i.name)
    });
    try {
        const r = await uploadEvidence(files, out, { name, retentionDays: inputs['retention-days'] });
        if (!r.uploaded) {
            core/* info */.pq(`evidence not uploaded: ${r.reason ?? ''}`);
            return {};
        }
        core/* info */.pq(`evidence uploaded as artifact ${name} (id ${r.id}, ${files.length} files, kept ${inputs['retention-days']} days)`);
        if (r.id !== undefined)
            core/* setOutput */.uH('artifact-id', String(r.id));
        if (r.url)
            core/* setOutput */.uH('artifact-url', r.url);
        return { artifact: { name, url: r.url } };
    }
    catch (err) {
        return { error: `the evidence upload failed: ${err instanceof Error ? err.message : String(err)}` };
    }
}
/** What the signer attached to each published image (none when nothing was signed or attested). */
function trustedImages(published) {
    const signer = published.signer;
    if (!signer || !published.result)
        return [];
    return published.result.images.flatMap(r => r.digest && r.upload
        ? [
            {
                name: r.name,
                repository: r.repository,
                digest: r.digest,
                attached: signer.attached({
                    name: r.name,
                    repository: r.repository,
                    digest: r.digest,
                    mediaType: r.upload.mediaType,
                    size: r.upload.size
                })
            }
        ]
        : []);
}
function toReport(image, verdict, published) {
    const v = verdict.images.find(i => i.name === image.plan.name);
    const pushError = published.errors.get(image.plan.name);
    const findings = image.outcome.scans.flatMap(s => s.findings);
    return {
        name: image.plan.name,
        repository: image.plan.repository,
        platforms: image.outcome.scans.map(s => s.platform),
        digest: image.digest,
        tags: image.plan.tags.map(t => t.tag),
        counts: (0,trivy_report/* countBySeverity */.Ot)(findings),
        passed: v?.passed ?? false,
        reasons: v?.reasons ?? [],
        pushedRefs: published.pushed.get(image.plan.name)?.refs ?? [],
        reportFiles: image.reportFiles,
        sboms: image.sboms.map(b => ({ file: b.file, format: b.format, packages: b.packages.length })),
        error: image.outcome.error ?? pushError,
        buildMs: image.buildMs,
        cache: image.cache
    };
}
/**
 * The `digest` output: the one image's digest when the run has exactly one image (what a later step of a
 * one-image repository passes on, as docker/build-push-action's `digest`), else empty: with several, the
 * `digests` map says which is which.
 */
function singleDigest(digests) {
    return digests.length === 1 ? (digests[0] ?? '') : '';
}
function setRunOutputs(ctx, reports, passed, db, 
/** What the Actions cache did for the DB, once its save ended (settleDbCache). */
dbCache, reusedPlatforms, 
/** What judged the findings (scanner, DB, policy): in the metadata output as `verdict`. */
verdict, 
/** The dependency snapshots (dependency-snapshot: true): in the metadata output as `dependencySnapshots`. */
snapshots) {
    const { plan, started } = ctx;
    const obj = (f) => Object.fromEntries(reports.map(r => [r.name, f(r)]));
    core/* setOutput */.uH('digests', JSON.stringify(obj(r => r.digest ?? null)));
    core/* setOutput */.uH('digest', singleDigest(reports.map(r => r.digest)));
    core/* setOutput */.uH('refs', JSON.stringify(obj(r => r.pushedRefs)));
    core/* setOutput */.uH('findings', JSON.stringify(obj(r => r.counts)));
    core/* setOutput */.uH('report-paths', reports.flatMap(r => r.reportFiles).join('\n'));
    core/* setOutput */.uH('sbom-paths', reports.flatMap(r => r.sboms.map(b => b.file)).join('\n'));
    const wall = Date.now() - started;
    const { timings } = ctx;
    const outside = wall - (0,exec/* coveredMs */.nR)(timings);
    core/* setOutput */.uH('metadata', JSON.stringify({
        environment: plan.environment,
        passed,
        images: reports,
        trivyDb: {
            updatedAt: db?.updatedAt,
            downloaded: db?.downloaded ?? false,
            ...(dbCache ? { cache: dbCache } : {}),
            preparations: timings.filter(t => t.stage === 'db' && t.label === trivy_db/* DB_PREPARATION */.p0).length
        },
        toolDownloads: timings.filter(t => t.stage === 'tools' && t.label.startsWith(install/* DOWNLOAD */.dC)).length,
        reusedPlatforms,
        ...(verdict ? { verdict } : {}),
        ...(snapshots ? { dependencySnapshots: snapshots } : {}),
        timings: {
            wallMs: wall,
            // the action's own time: wall time when no child process or push was running
            ownMs: outside,
            stages: (0,exec/* stageTimings */.sV)(timings),
            children: timings.map(t => ({ stage: t.stage, label: t.label, startMs: t.start - started, ms: t.ms }))
        }
    }));
}
function failureMessage(verdict, published) {
    const pushErrors = [...published.errors.values()];
    if (verdict.passed && pushErrors.length === 0)
        return undefined;
    const failed = verdict.images.filter(i => !i.passed);
    const lines = [...failed.flatMap(i => i.reasons), ...pushErrors];
    const shown = lines.slice(0, 20);
    const more = lines.length > shown.length ? [`... and ${lines.length - shown.length} more (see the job summary)`] : [];
    const pushedNames = [...published.pushed.keys()];
    const head = verdict.passed
        ? `imagegate: ${pushErrors.length} of ${verdict.images.length} images could not be pushed`
        : `imagegate: ${failed.length} of ${verdict.images.length} images failed the gate`;
    // an image with an error and some tags moved (a tag the registry refused) is not "pushed"
    const whole = pushedNames.filter(n => !published.errors.has(n));
    const partly = pushedNames.filter(n => published.errors.has(n));
    const notes = [
        ...(whole.length > 0 ? [`pushed: ${whole.join(', ')}`] : []),
        ...(partly.length > 0 ? [`partly pushed, some tags not moved: ${partly.join(', ')}`] : [])
    ];
    const pushedNote = notes.length > 0 ? ` (${notes.join('; ')})` : '; nothing was pushed';
    return [head + pushedNote, ...shown, ...more].join('\n');
}
/** What the run leaves behind, whatever its verdict, then why it fails (undefined: it passed). */
async function reportRun(ctx, run) {
    const { plan, inputs } = ctx;
    const { images, verdict, published, provenance } = run;
    const ready = run.scanner;
    const reports = images.map(i => toReport(i, verdict, published));
    (0,run_policy/* writeFindingsFile */.sr)({
        file: ctx.files.findingsFile,
        plan,
        images: images.map(i => ({
            outcome: i.outcome,
            repository: i.plan.repository,
            digest: i.digest,
            manifests: i.manifests
        })),
        verdict,
        provenance
    });
    writeSarif(ctx, images, ready?.version.version ?? 'unknown', provenance);
    const evidence = await uploadEvidenceFiles(ctx, reports, run.record ? [run.record] : []);
    const passed = verdict.passed && published.errors.size === 0 && !evidence.error;
    // the DB's save to the Actions cache ran beside the scans: its outcome is in the outputs and summary
    const dbCache = await (0,trivy_db/* settleDbCache */.Kl)(ready?.db.cache);
    setRunOutputs(ctx, reports, passed, ready?.db, dbCache, images.reduce((n, i) => n + i.reused, 0), provenance, run.snapshots);
    // the annotation counting what GitHub would not show points at the files that list everything
    const listed = [ctx.files.findingsFile, ctx.files.sarifFile].map(f => external_node_path_.relative(ctx.workspace, f));
    (0,run_summary/* annotate */.fz)(verdict, {
        fullList: `the job summary, ${listed.join(' and ')}${evidence.artifact ? ` (artifact ${evidence.artifact.name})` : ''}`
    });
    const trusted = trustedImages(published);
    if (published.signer) {
        const signer = published.signer.identity;
        core/* setOutput */.uH('attestations', JSON.stringify(Object.fromEntries(trusted.map(i => [i.name, i.attached]))));
        core/* setOutput */.uH('verify-commands', JSON.stringify(Object.fromEntries(trusted.map(i => [i.name, verifyCommands(i, signer)]))));
    }
    await (0,run_summary/* writeJobSummary */.j7)((0,run_summary/* runSummaryMarkdown */.fU)(plan, reports, verdict, {
        push: inputs.push,
        passed,
        dbUpdatedAt: ready?.db.updatedAt ?? '',
        ...(dbCache ? { dbCache } : {}),
        artifact: evidence.artifact,
        stages: (0,exec/* stageTimings */.sV)(ctx.timings),
        wallMs: Date.now() - ctx.started,
        provenance,
        baseAges: images
            .filter(i => i.baseAges)
            .map(i => ({ image: i.plan.name, rows: i.baseAges ?? [], maxAgeDays: i.plan.baseMaxAge })),
        snapshots: run.snapshots
    }) + (published.signer ? trustSummaryMarkdown(trusted, published.signer.identity) : ''));
    const failure = failureMessage(verdict, published);
    return evidence.error ? [failure, evidence.error].filter(Boolean).join('\n') : failure;
}

// EXTERNAL MODULE: ./src/trivy/hidden-files.ts
var hidden_files = __webpack_require__(42528);
;// CONCATENATED MODULE: ./src/policy/base-age.ts
/**
 * `created` as a time, or undefined when missing, unparseable, or the Unix epoch (builds made with
 * SOURCE_DATE_EPOCH=0 or by tools that write no time): an unknown age, never a young one.
 */
function createdTime(created) {
    if (!created)
        return undefined;
    const t = Date.parse(created);
    return Number.isNaN(t) || t <= 0 ? undefined : t;
}
function baseAgeRows(bases, now) {
    return bases.map(b => {
        const t = createdTime(b.created);
        if (t === undefined)
            return { ...b };
        const ageMs = Math.max(0, now.getTime() - t);
        return { ...b, ageDays: Math.floor(ageMs / 86_400_000), ageMs };
    });
}
const days = (n) => `${n} day${n === 1 ? '' : 's'}`;
/** The base-age checks of one image: one failure per old or unreadable base, else one pass. */
function baseAgeChecks(image, rows, maxAgeDays) {
    if (maxAgeDays === undefined)
        return [];
    const failed = [];
    for (const r of rows) {
        const what = `${image} ${r.platform}: ${r.at} FROM ${r.ref}`;
        const pinned = r.manifest ?? r.digest;
        if (r.error) {
            failed.push({
                rule: 'base-age',
                mode: 'enforce',
                passed: false,
                message: `${what}: cannot read its age: ${r.error}`
            });
        }
        else if (r.ageDays === undefined) {
            failed.push({
                rule: 'base-age',
                mode: 'enforce',
                passed: false,
                message: `${what} (${pinned ?? '?'}): build time unknown (created: ${r.created ? JSON.stringify(r.created) : 'missing'}), base-max-age is ${days(maxAgeDays)}`
            });
        }
        else if ((r.ageMs ?? 0) > maxAgeDays * 86_400_000) {
            failed.push({
                rule: 'base-age',
                mode: 'enforce',
                passed: false,
                message: `${what} (${pinned ?? '?'}) was built ${r.created} (${r.ageDays === 0 ? 'less than a day' : days(r.ageDays)} ago), older than base-max-age (${days(maxAgeDays)})`
            });
        }
    }
    if (failed.length > 0)
        return failed;
    const message = rows.length === 0
        ? `${image}: no base image to check (scratch and stages only)`
        : `${image}: every base image is at most ${days(maxAgeDays)} old`;
    return [{ rule: 'base-age', mode: 'enforce', passed: true, message }];
}

// EXTERNAL MODULE: ./src/registry/client.ts + 2 modules
var client = __webpack_require__(17345);
// EXTERNAL MODULE: ./src/registry/reference.ts
var reference = __webpack_require__(79310);
;// CONCATENATED MODULE: ./src/pipeline/base-age.ts
// Reads what the base-age rule judges: for every FROM of an image's Dockerfile (ARGs resolved as the
// base-pinned rule does) and every platform of the image, the base's digest and its config's `created`,
// from its registry. Errors are facts (the rule fails on them), never thrown.






const IndexSchema = schemas/* object */.Ikc({
    manifests: schemas/* array */.YOg(schemas/* object */.Ikc({
        digest: schemas/* string */.YjP(),
        mediaType: schemas/* string */.YjP().optional(),
        platform: schemas/* object */.Ikc({ os: schemas/* string */.YjP(), architecture: schemas/* string */.YjP(), variant: schemas/* string */.YjP().optional() })
            .optional()
    }))
});
const ManifestSchema = schemas/* object */.Ikc({ config: schemas/* object */.Ikc({ digest: schemas/* string */.YjP() }) });
const ConfigSchema = schemas/* object */.Ikc({ created: schemas/* string */.YjP().nullish() });
/** The registry host a client speaks to: Docker Hub's API is not at docker.io. */
function apiHost(registry) {
    return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}
/** One base on one platform: digest (index and platform manifest) and created. */
async function readBase(client, ref, platform) {
    try {
        const parsed = (0,reference/* parseReference */.F2)(ref);
        const root = await client.getManifest(parsed.repository, parsed.digest ?? parsed.tag ?? 'latest');
        let manifestBytes = root.bytes;
        let manifest;
        if (oci_layout/* INDEX_TYPES */.V.includes(root.mediaType) ||
            /"manifests"\s*:/.test(root.bytes.toString('utf8', 0, 4096))) {
            const index = IndexSchema.parse(JSON.parse(root.bytes.toString('utf8')));
            const [os, arch, variant] = platform.split('/');
            const entry = index.manifests.find(m => m.platform?.os === os &&
                m.platform?.architecture === arch &&
                (!variant || m.platform?.variant === variant));
            if (!entry)
                return { ref, digest: root.digest, error: `${ref} has no ${platform} image` };
            manifest = entry.digest;
            manifestBytes = (await client.getManifest(parsed.repository, entry.digest)).bytes;
        }
        const config = ManifestSchema.parse(JSON.parse(manifestBytes.toString('utf8'))).config.digest;
        const created = ConfigSchema.parse(JSON.parse((await client.getBlob(parsed.repository, config)).toString('utf8'))).created;
        return { ref, digest: root.digest, ...(manifest ? { manifest } : {}), ...(created ? { created } : {}) };
    }
    catch (err) {
        return { ref, error: err instanceof Error ? err.message.split('\n')[0] : String(err) };
    }
}
/**
 * Every image base of a Dockerfile (not scratch, not earlier stages) on every platform. `cache`: reads of
 * this run by `ref platform`, shared by images with the same base.
 */
async function baseImageFacts(o) {
    const bases = (0,hardening_dockerfile/* checkBasePinned */.iM)(o.dockerfile, o.file, o.buildArgs).filter(b => b.kind === 'image');
    const jobs = bases.flatMap(b => o.platforms.map(async (platform) => {
        const at = `${b.file}:${b.line}`;
        // ${TARGETARCH} and friends stay unexpanded in the rule's view: the platform decides them
        const ref = b.ref.replace(/\$\{TARGET(OS|ARCH|PLATFORM|VARIANT)\}/g, (_, what) => {
            const [os, arch, variant] = platform.split('/');
            return { OS: os, ARCH: arch, PLATFORM: platform, VARIANT: variant ?? '' }[what] ?? '';
        });
        let host;
        try {
            host = apiHost((0,reference/* parseReference */.F2)(ref).registry);
        }
        catch (err) {
            return { at, platform, ref, error: err.message };
        }
        const key = `${ref} ${platform}`;
        let read = o.cache.get(key);
        if (!read) {
            read = readBase(o.clientFor(host), ref, platform);
            o.cache.set(key, read);
        }
        return { at, platform, ...(await read) };
    }));
    return await Promise.all(jobs);
}
/**
 * The base-age rule of one run: registry clients by host (the `username`/`password` inputs for the
 * target registry's host, the docker config elsewhere) and the reads shared between images.
 */
class BaseAgeReader {
    credentials;
    makeClient;
    clients = new Map();
    cache = new Map();
    constructor(credentials = {}, makeClient = o => new client/* RegistryClient */.bP(o)) {
        this.credentials = credentials;
        this.makeClient = makeClient;
    }
    clientFor(host) {
        let client = this.clients.get(host);
        if (!client) {
            const own = this.credentials.registry === host;
            client = this.makeClient({
                registry: host,
                username: own ? this.credentials.username || undefined : undefined,
                password: own ? this.credentials.password || undefined : undefined
            });
            this.clients.set(host, client);
        }
        return client;
    }
    /** The image's bases on every platform and the rule's checks; nothing when base-max-age is off. */
    async forImage(o) {
        if (o.maxAgeDays === undefined)
            return { rows: [], checks: [] };
        const facts = await baseImageFacts({
            dockerfile: o.dockerfile,
            file: o.file,
            buildArgs: o.buildArgs,
            platforms: o.platforms,
            clientFor: host => this.clientFor(host),
            cache: this.cache
        });
        const rows = baseAgeRows(facts, o.now ?? new Date());
        return { rows, checks: baseAgeChecks(o.image, rows, o.maxAgeDays) };
    }
}

// EXTERNAL MODULE: ./src/policy/trivyignore.ts
var trivyignore = __webpack_require__(25764);
;// CONCATENATED MODULE: ./src/stages.ts
// Everything after the builds start, in order: scanner (while the images build) -> each image inspected
// (pipeline/image.ts; the Dockerfiles scanned beside the builds, every hidden file in one trivy fs) -> gate -> publish
// (beside it, the dependency snapshots) -> evidence, outputs, summary. Only
// sequences: the work sits in the modules it calls. Loaded by main.ts (import()) while the first images
// build, so Node compiles none of it before the first child process starts.




















/**
 * The stages after the builds; returns why the job fails, or undefined when it passes. The smoke tests'
 * containers and images are removed beside the gate, the push and the report, and gone when it returns.
 */
async function runStages(...args) {
    try {
        return await stages(...args);
    }
    finally {
        await smokeCleanups();
    }
}
async function stages(ctx, builds, ignoreFile, 
/** The exceptions file (loaded before the builds) and the baseline input. */
policy) {
    const { plan, inputs } = ctx;
    // The tools and the DB get ready while the images build (neither needs the other).
    const scanner = (0,pipeline_scanner.prepareScanner)(inputs, new results/* ResultCache */.Ai((0,run_dir/* cacheDir */.e)('imagegate-tools'))).then(sc => {
        (0,trivyignore/* checkIgnoreFileSupport */.Am)(ignoreFile, sc.version.version);
        return sc;
    });
    const dbSum = scanner.then(sc => (0,run_policy/* dbDigest */.zy)(sc.db.cacheDir)).catch(() => undefined);
    // the baseline (the deployed digest's scan attestation, a previous run's findings file) is read while
    // the images build
    const baseline = (0,run_policy/* resolveBaseline */.oL)({
        input: policy?.baselineInput ?? inputs.baseline,
        workspace: ctx.workspace,
        plan,
        ...deployedBaseline(ctx)
    });
    baseline.catch(() => undefined);
    const baseAges = new BaseAgeReader({
        registry: (0,reference/* parseReference */.F2)(plan.images[0]?.repository ?? plan.registry).registry,
        username: inputs.username,
        password: inputs.password
    });
    // the secret scan of every platform's hidden files, once all have given theirs
    const hidden = new hidden_files/* HiddenFileScan */.m({ work: ctx.files.hiddenFilesWork, images: plan.images.map(i => i.name) });
    // the Dockerfiles' misconfigurations as soon as Trivy is ready: beside the builds
    const dockerfiles = scanner.then(sc => dockerfileFindings(ctx, sc));
    for (const p of [scanner, dockerfiles])
        p.catch(() => undefined); // awaited below and by every image
    // scans bounded by max-parallel apart from the builds: an image builds while earlier ones are scanned
    const scans = new concurrency/* Semaphore */.j(inputs['max-parallel']);
    const settled = await (0,concurrency/* mapSettled */.A)(plan.images, plan.images.length, image => inspectImage(ctx, image, {
        build: builds.get(image.name),
        scanner,
        dockerfiles,
        scans,
        hidden,
        ignoreFile,
        baseAges
    }));
    const images = settled.map((s, i) => {
        if (s.status === 'fulfilled')
            return s.value;
        const image = plan.images[i];
        return {
            plan: image,
            outcome: { name: image.name, scans: [], error: String(s.reason) },
            reportFiles: [],
            sboms: [],
            reused: 0
        };
    });
    // the SBOMs to the dependency graph while the gate judges and the publish pushes (GitHub's API is
    // neither's wait)
    const snapshots = submitSnapshots(ctx, images);
    snapshots.catch(() => undefined);
    const modes = (0,run_policy/* gateModes */.IS)(plan);
    const exceptions = policy?.exceptions;
    const base = await baseline;
    const verdict = (0,gate/* gate */.Gj)(images.map(i => i.outcome), inputs.severity, { modes, exceptions, baseline: base });
    // a scanner that never got ready (a failed tool download) is every image's error already: the report
    // is still written, with what is known
    const ready = await scanner.catch(() => undefined);
    const provenance = (0,run_policy/* verdictProvenance */.jZ)({
        trivyVersion: ready?.version.version ?? 'unknown',
        db: { updatedAt: ready?.db.updatedAt, digest: await dbSum },
        severities: inputs.severity,
        modes,
        exceptions,
        verdict,
        baseline: base,
        ...(plan.scan ? { scanner: (0,run_policy/* scannerPolicy */.nO)(plan.scan, ctx.workspace) } : {})
    });
    // a platform job of a distributed build uploads its platform manifests by digest and leaves a record
    const part = inputs['push-by-digest'];
    const published = await (0,heartbeat/* withHeartbeat */.px)(() => pushWait(ctx, part), part ? uploadPlatforms(ctx, images, verdict) : (0,publish.publish)(ctx, images, verdict, scanner, provenance));
    const record = part ? writeRecord(ctx, { images, verdict, published, scanner: ready }) : undefined;
    // Fail late: outputs, annotations and the summary first, then the red status.
    return await reportRun(ctx, {
        images,
        verdict,
        published,
        scanner: ready,
        provenance,
        record,
        snapshots: await snapshots
    });
}
/** What a long push waits for: the registries it talks to. */
function pushWait(ctx, byDigest) {
    const registries = [...new Set(ctx.plan.images.map(i => (0,reference/* parseReference */.F2)(i.repository).registry))];
    const what = byDigest ? 'uploading platform manifests by digest' : 'publishing (uploads, then tags)';
    return `${what}: waiting for ${registries.join(', ')}`;
}
/** Trivy's Dockerfile misconfiguration scan, one `trivy fs` for every image whose rule is on. */
async function dockerfileFindings(ctx, scanner) {
    const on = ctx.plan.images.filter(i => i.rules['dockerfile-config'] !== 'off');
    return await dockerfileEvidence({
        dockerfiles: new Map(on.map(i => [i.name, external_node_path_.resolve(ctx.workspace, i.file)])),
        outputFor: name => ctx.files.dockerfileReport(name),
        work: ctx.files.dockerfileScanWork
    }, scanner, ctx.results);
}


/***/ })

};
