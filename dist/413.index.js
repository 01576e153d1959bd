export const id = 413;
export const ids = [413];
export const modules = {

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

/***/ 66417:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B2: () => (/* binding */ postJson),
/* harmony export */   Mx: () => (/* binding */ REST_TIMEOUT_MS),
/* harmony export */   SS: () => (/* binding */ describeOutcome)
/* harmony export */ });
/* unused harmony exports GITHUB_API_VERSION, messageOf */
// GitHub's REST API as the action calls it: a JSON POST with a token, GitHub's media type and API version
// (`Accept: application/vnd.github+json`, `X-GitHub-Api-Version`), bounded in time. Node's fetch with an
// AbortSignal rather than @actions/http-client, whose only bound is a 3-minute socket timeout (a request
// still open keeps the action's process alive; see trust/oidc.ts). Transport only: what an answer means
// is the caller's (trust/github-store.ts, github/dependency-submission.ts).
const GITHUB_API_VERSION = '2022-11-28';
/** One attempt's limit; a second attempt follows a 5xx, a 429 or a dropped connection, never a timeout. */
const REST_TIMEOUT_MS = 15_000;
const RETRIES = 1;
const RETRY_AFTER_MS = 1000;
/**
 * POSTs `body`; answers the last response (2xx or not), after one retry of a 5xx, a 429 or a dropped
 * connection. A timeout is not retried: an API that does not answer in 15 s is not waited on twice.
 */
async function postJson(o) {
    const timeoutMs = o.timeoutMs ?? REST_TIMEOUT_MS;
    let last = { answered: false, reason: 'not sent', attempts: 0 };
    for (let attempt = 1; attempt <= RETRIES + 1; attempt++) {
        if (attempt > 1)
            await new Promise(resolve => setTimeout(resolve, o.retryAfterMs ?? RETRY_AFTER_MS));
        let response;
        try {
            response = await fetch(o.url, {
                method: 'POST',
                headers: {
                    Accept: 'application/vnd.github+json',
                    Authorization: `Bearer ${o.token}`,
                    'Content-Type': 'application/json',
                    'User-Agent': 'imagegate',
                    'X-GitHub-Api-Version': GITHUB_API_VERSION
                },
                body: o.body,
                signal: AbortSignal.timeout(timeoutMs)
            });
        }
        catch (err) {
            const e = err;
            if (e.name === 'TimeoutError')
                return { answered: false, reason: `no answer within ${timeoutMs / 1000} s`, attempts: attempt };
            last = {
                answered: false,
                reason: `could not be reached (${e.cause?.message ?? e.message})`,
                attempts: attempt
            };
            continue;
        }
        const body = await response.text();
        last = { answered: true, status: response.status, ok: response.ok, body, attempts: attempt };
        if (response.ok || (response.status < 500 && response.status !== 429))
            return last;
    }
    return last;
}
/** GitHub's message from an error answer (`{"message": ...}`), else the start of the text. */
function messageOf(body) {
    try {
        const parsed = JSON.parse(body);
        if (typeof parsed.message === 'string')
            return parsed.message;
    }
    catch {
        // not JSON
    }
    return body.slice(0, 200);
}
/** `HTTP 403 (Resource not accessible by integration)`, or why there was no answer. */
function describeOutcome(outcome) {
    return outcome.answered ? `HTTP ${outcome.status} (${messageOf(outcome.body)})` : outcome.reason;
}


/***/ })

};
