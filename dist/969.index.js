export const id = 969;
export const ids = [969];
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

/***/ 95969:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runPromote: () => (/* binding */ runPromote)
});

// UNUSED EXPORTS: promoteSummaryMarkdown

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/catalog/load.ts
var load = __webpack_require__(6043);
// EXTERNAL MODULE: ./src/github/context.ts
var context = __webpack_require__(19556);
// EXTERNAL MODULE: ./src/cache/results.ts
var results = __webpack_require__(17044);
// EXTERNAL MODULE: ./src/pipeline/scanner.ts + 2 modules
var scanner = __webpack_require__(77152);
// EXTERNAL MODULE: ./src/registry/client.ts + 2 modules
var registry_client = __webpack_require__(17345);
// EXTERNAL MODULE: ./src/trust/setup.ts + 5 modules
var setup = __webpack_require__(18142);
// EXTERNAL MODULE: ./src/run-dir.ts
var run_dir = __webpack_require__(88216);
// EXTERNAL MODULE: ./src/tools/install.ts + 1 modules
var install = __webpack_require__(36238);
// EXTERNAL MODULE: ./src/cancel.ts
var cancel = __webpack_require__(90833);
// EXTERNAL MODULE: ./src/catalog/errors.ts
var errors = __webpack_require__(65668);
// EXTERNAL MODULE: ./src/concurrency.ts
var concurrency = __webpack_require__(81532);
// EXTERNAL MODULE: ./src/trust/trust.ts
var trust = __webpack_require__(94324);
// EXTERNAL MODULE: ./src/verify/trusted.ts
var trusted = __webpack_require__(92558);
// EXTERNAL MODULE: ./src/plan/plan.ts + 1 modules
var plan = __webpack_require__(96341);
// EXTERNAL MODULE: ./src/registry/copy.ts
var copy = __webpack_require__(39190);
// EXTERNAL MODULE: ./src/registry/reference.ts
var reference = __webpack_require__(79310);
// EXTERNAL MODULE: ./src/promote/policy.ts
var policy = __webpack_require__(96212);
;// CONCATENATED MODULE: ./src/promote/promote.ts
// Promotion: moves images from one of the catalog's environments to another without rebuilding.
// Two phases, as publishing: every image is resolved and verified first (signature, scan attestation
// at the target's policy, tag rules); only when all passed (or, with `per-image`, each that passed) are
// they copied by digest with every signature and attestation attached to them, and only after every
// copy are tags put.











/** Images copied (and tagged) at once at least: the copy waits on the registry, not on this machine's cores. */
const COPY_IMAGES = 4;
function planFor(input, environment, tags) {
    const options = {
        environment,
        org: input.org,
        tags,
        labels: {},
        buildArgs: {},
        cacheFrom: [],
        cacheTo: [],
        only: input.only,
        semverAliases: input.semverAliases,
        rules: 'off'
    };
    return (0,plan/* buildPlan */.Gg)(input.catalog, input.file, options, input.git);
}
async function promote(input) {
    const environments = Object.keys(input.catalog.environments ?? {});
    for (const [name, environment] of [
        ['source-environment', input.source],
        ['environment', input.target]
    ]) {
        if (!environments.includes(environment)) {
            throw new errors/* CatalogError */.G$([
                {
                    file: input.file,
                    path: ['environments'],
                    message: `the environment "${environment}" (input ${name}) is not in the catalog (${environments.join(', ') || 'none'})`
                }
            ]);
        }
    }
    if (input.source === input.target) {
        throw new Error(`input source-environment: "${input.source}" is also the target environment`);
    }
    const version = (0,policy/* parseVersion */.ot)(input.version);
    // the target plan checks the extra tags against the target's tag policy (latest, -debug)
    const sourcePlan = planFor(input, input.source, []);
    const targetPlan = planFor(input, input.target, input.tags);
    const clients = new Map();
    const clientFor = (registry) => {
        let client = clients.get(registry);
        if (!client) {
            client =
                input.client?.(registry) ??
                    new registry_client/* RegistryClient */.bP({
                        registry,
                        username: input.username || undefined,
                        password: input.password || undefined
                    });
            clients.set(registry, client);
        }
        return client;
    };
    const repository = (full) => {
        const ref = (0,reference/* parseReference */.F2)(full);
        return { client: clientFor(ref.registry), name: ref.repository };
    };
    // phase 1: resolve and verify every image; nothing is written anywhere
    const resolved = await (0,concurrency/* mapSettled */.A)(sourcePlan.images, input.parallel, async (image) => {
        const targetImage = targetPlan.images.find(i => i.name === image.name);
        if (!targetImage)
            throw new Error(`${image.name} is not in the target plan`);
        return await resolveImage(input, version, targetPlan, image.repository, targetImage.repository, image.name, repository);
    });
    // the signature and the scan attestations of every resolved image, verified side by side
    const verified = await (0,concurrency/* mapSettled */.A)(resolved, input.parallel, async (settled) => {
        if (settled.status === 'rejected')
            throw settled.reason;
        return await checkImage(input, settled.value);
    });
    const checked = verified.map((settled, i) => {
        if (settled.status === 'fulfilled')
            return settled.value;
        const name = sourcePlan.images[i]?.name ?? '?';
        const targetImage = targetPlan.images.find(t => t.name === name);
        return {
            result: {
                name,
                source: sourcePlan.images[i]?.repository ?? '',
                target: targetImage?.repository ?? '',
                refs: [],
                verified: [],
                status: 'failed',
                reasons: [`${name}: ${settled.reason.message ?? String(settled.reason)}`]
            },
            sourceRepo: repository(sourcePlan.images[i]?.repository ?? ''),
            targetRepo: repository(targetImage?.repository ?? ''),
            tags: [],
            unchangedTags: new Set()
        };
    });
    const allPassed = checked.every(c => c.result.status !== 'refused' && c.result.status !== 'failed');
    const movable = checked.filter(c => c.result.status !== 'refused' &&
        c.result.status !== 'failed' &&
        (allPassed || input.strategy === 'per-image'));
    for (const c of checked)
        if (!movable.includes(c) && c.result.status !== 'refused' && c.result.status !== 'failed') {
            c.result.status = 'not-moved';
        }
    // phase 2: copy every movable image by digest, with its signatures and attestations; no tag yet.
    // Registry requests, not local work: at least COPY_IMAGES images at once whatever max-parallel is
    const copyLimit = Math.max(input.parallel, COPY_IMAGES);
    const copied = await (0,concurrency/* mapSettled */.A)(movable, copyLimit, async (c) => {
        const digest = c.result.digest;
        cancel/* runCancellation */.pc.throwIfCancelled(`${c.result.name}: copy to ${c.result.target}`);
        const counts = (0,copy/* emptyCounts */.W1)();
        const blobs = new Map();
        const digests = await (0,copy/* copyTree */.EL)(c.sourceRepo, c.targetRepo, digest, counts, blobs);
        await (0,copy/* copyAttached */.kz)(c.sourceRepo, c.targetRepo, digests, counts, blobs);
        c.result.copy = counts;
    });
    const copyFailed = copied.some(s => s.status === 'rejected');
    copied.forEach((settled, i) => {
        const c = movable[i];
        if (settled.status === 'rejected') {
            c.result.status = 'failed';
            c.result.reasons.push(`${c.result.name}: copy to ${c.result.target} failed: ${settled.reason.message}`);
        }
    });
    // phase 3: tags, only when every copy succeeded (or per image); images side by side, each its tags in order
    await (0,concurrency/* mapSettled */.A)(movable, copyLimit, async (c) => {
        if (c.result.status === 'failed')
            return;
        if (copyFailed && input.strategy !== 'per-image') {
            c.result.status = 'not-moved';
            return;
        }
        const digest = c.result.digest;
        try {
            for (const tag of c.tags) {
                cancel/* runCancellation */.pc.throwIfCancelled(`${c.result.name}: tag ${tag}`);
                if (!c.unchangedTags.has(tag))
                    await (0,copy/* putTag */.go)(c.targetRepo, tag, digest, c.sourceRepo);
                c.result.refs.push(`${c.result.target}:${tag}`);
            }
            c.result.refs.push(`${c.result.target}@${digest}`);
            const nothingNew = c.tags.every(t => c.unchangedTags.has(t)) && (c.result.copy?.manifests ?? 0) === 0;
            c.result.status = nothingNew ? 'unchanged' : 'promoted';
        }
        catch (err) {
            c.result.status = 'failed';
            c.result.reasons.push(`${c.result.name}: tagging in ${c.result.target} failed: ${err.message}`);
        }
    });
    const images = checked.map(c => c.result);
    return {
        source: input.source,
        target: input.target,
        production: targetPlan.production,
        version: input.version,
        passed: images.every(i => i.status === 'promoted' || i.status === 'unchanged'),
        images
    };
}
/** The tag rules, then the source digest and its platforms (registry reads only). */
async function resolveImage(input, version, targetPlan, sourceName, targetName, name, repository) {
    const result = {
        name,
        source: sourceName,
        target: targetName,
        refs: [],
        verified: [],
        status: 'refused',
        reasons: []
    };
    const sourceRepo = repository(sourceName);
    const targetRepo = repository(targetName);
    const tags = (0,policy/* targetTags */.t)(version, { semverAliases: input.semverAliases, extra: input.tags });
    const out = { result, sourceRepo, targetRepo, tags, unchangedTags: new Set() };
    const refused = (reason) => {
        result.reasons.push(`${name}: ${reason}`);
        return { out, platforms: [] };
    };
    const refusals = (0,policy/* versionRefusals */.kS)({
        image: name,
        version,
        tags,
        target: { environment: targetPlan.environment, production: targetPlan.production }
    });
    if (refusals.length > 0) {
        for (const r of refusals)
            result.reasons.push(`${name}: ${r}`);
        return { out, platforms: [] };
    }
    // the source digest
    const reference = version.kind === 'tag' ? version.tag : version.digest;
    let root;
    try {
        root = await sourceRepo.client.getManifest(sourceRepo.name, reference);
    }
    catch (err) {
        if (err instanceof registry_client/* RegistryError */.gl && err.status === 404) {
            return refused(version.kind === 'tag'
                ? `the tag "${version.tag}" does not exist in ${sourceName}`
                : `the digest ${version.digest} does not exist in ${sourceName}`);
        }
        throw err;
    }
    result.digest = root.digest;
    const platforms = await (0,trusted/* platformImages */.QF)(sourceRepo, root.digest, root.bytes, root.mediaType);
    return { out, root: { digest: root.digest }, platforms };
}
/**
 * The signature, then the scan attestations (on the index, else on each platform manifest) judged again
 * at the target's policy, then the target's tags.
 */
async function checkImage(input, resolved) {
    const { out, root, platforms } = resolved;
    if (!root)
        return out;
    const { result, targetRepo, tags } = out;
    const { name, source: sourceName, target: targetName } = result;
    const refuse = (reason) => {
        result.reasons.push(`${name}: ${reason}`);
        return out;
    };
    const { verifier } = input;
    let evidence;
    try {
        evidence = await (0,trusted/* verifyDigest */.Ub)({ verifier, repository: sourceName, digest: root.digest, platforms });
    }
    catch (err) {
        if (err instanceof trust/* VerifyError */.G)
            return refuse(err.message);
        throw err;
    }
    const signatures = evidence.signatures;
    const who = signatures.find(s => s.subject);
    const formats = [
        ...new Set(signatures.map(s => (s.format === 'bundle' ? 'Sigstore bundle' : 'cosign 2 .sig')))
    ];
    result.verified.push(`signature on ${root.digest} by ${verifier.describe} (${formats.join(', ')})${who ? ` (${who.subject}, ${who.issuer ?? 'no issuer'})` : ''}`);
    // the scan attestations, judged again at the target's policy
    const attestations = evidence.scans;
    const scan = (0,policy/* judgeScans */.CV)(name, attestations, platforms, input.policy);
    if (!scan.passed) {
        for (const r of scan.reasons)
            refuse(r);
        return out;
    }
    for (const s of scan.scans) {
        result.verified.push(`scan attestation ${s.platform}: ${s.scanner}${s.finishedOn ? ` at ${s.finishedOn}` : ''}, nothing at ${input.policy.severity.join(',')}${input.policy.ignoreUnfixed ? ' (unfixed ignored)' : ''}`);
    }
    // tags in the target: SemVer and sha-<7> never move
    const existing = new Map();
    for (const tag of tags) {
        const head = await targetRepo.client.headManifest(targetRepo.name, tag);
        existing.set(tag, head ? head.digest || (await targetRepo.client.getManifest(targetRepo.name, tag)).digest : undefined);
    }
    const conflicts = (0,policy/* immutableTagConflicts */.S4)(root.digest, existing, targetName);
    if (conflicts.length > 0) {
        for (const c of conflicts)
            refuse(c);
        return out;
    }
    for (const [tag, digest] of existing)
        if (digest === root.digest)
            out.unchangedTags.add(tag);
    result.verified.push(tags.length > 0
        ? `target tags ${tags.join(', ')}: ${out.unchangedTags.size} already at this digest`
        : 'no target tag (promoted by digest)');
    result.status = 'promoted';
    core/* info */.pq(`${name}: ${sourceName}@${root.digest} verified for ${targetName}`);
    return out;
}

;// CONCATENATED MODULE: ./src/promote/run.ts
// `mode: promote` from the action's inputs: the Verifier of the signer (the trust seam), the run's
// registry clients, the promotion itself, then outputs, the job summary and annotations (before the red
// status).











/** Runs the promotion; returns the failure message (the job goes red), or undefined. */
async function runPromote(inputs, workspace) {
    const version = inputs.version.trim();
    const source = inputs['source-environment'].trim();
    if (!source)
        throw new Error('input source-environment: required with mode promote (e.g. dev)');
    if (!version)
        throw new Error('input version: required with mode promote (a tag such as sha-9f2c1ab or 1.3.0, or a sha256: digest)');
    if (inputs.registry) {
        throw new Error('input registry: not used by mode promote (both registries come from the catalog environments)');
    }
    const work = external_node_path_.join((0,run_dir/* runDir */.f)(), 'promote');
    const privateKey = /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(inputs['cosign-key']);
    if (privateKey) {
        throw new Error('input cosign-key: mode promote verifies with the PUBLIC key (cosign.pub), not the private key');
    }
    const { file, catalog } = (0,load/* loadCatalog */.ak)(inputs.catalog, workspace);
    const registries = [
        ...new Set(Object.values(catalog.environments ?? {}).map(e => e.registry.split('/')[0]))
    ];
    const clientFor = (0,registry_client/* registryClients */.Kh)(inputs);
    // cosign is installed only for an image that has no Sigstore bundle (signed by cosign 2)
    const verifier = (await (0,setup/* makeVerifier */.v$)({
        inputs,
        workspace,
        workDir: work,
        clientFor,
        registries,
        cosign: async () => {
            const tool = await (0,install/* installTool */.Gn)((0,scanner.toolSpec)(inputs, 'cosign', inputs['cosign-version'], new results/* ResultCache */.Ai((0,run_dir/* cacheDir */.e)('imagegate-tools'))));
            core/* info */.pq(`cosign ${tool.version} at ${tool.path} (an image without a Sigstore bundle)`);
            return tool.path;
        }
    }, true));
    core/* info */.pq(`promote: signatures must be by ${verifier.describe}`);
    const result = await promote({
        catalog,
        file,
        source,
        target: inputs.environment,
        version,
        only: inputs.images,
        org: inputs.org || undefined,
        tags: inputs.tags,
        semverAliases: inputs['semver-aliases'],
        policy: { severity: inputs.severity, ignoreUnfixed: inputs['ignore-unfixed'] },
        strategy: inputs['push-strategy'],
        verifier,
        git: (0,context/* readGitContext */.e)(),
        client: registry => clientFor(registry),
        username: inputs.username || undefined,
        password: inputs.password || undefined,
        parallel: inputs['max-parallel']
    });
    await report(result);
    if (result.passed)
        return undefined;
    const moved = result.images.filter(i => i.status === 'promoted' || i.status === 'unchanged');
    const reasons = result.images.flatMap(i => i.reasons);
    return [
        `promotion ${source} -> ${inputs.environment} refused; ${moved.length > 0 ? `moved only ${moved.map(i => i.name).join(', ')}` : 'nothing moved'}`,
        ...reasons
    ].join('\n');
}
const code = (s) => `\`${s}\``;
function promoteSummaryMarkdown(result) {
    const lines = [
        `## imagegate promote: ${result.source} -> ${result.target}${result.production ? ' (production)' : ''}, version ${code(result.version)}`,
        '',
        result.passed ? 'Every image verified and promoted.' : '**Refused**: see the reasons below.',
        '',
        '| Image | Source digest | Target refs | Verified | Result |',
        '| --- | --- | --- | --- | --- |'
    ];
    for (const image of result.images) {
        const copy = image.copy
            ? ` (${image.copy.mountedBlobs} blobs mounted, ${image.copy.uploadedBlobs} uploaded, ${image.copy.presentBlobs} present)`
            : '';
        lines.push(`| ${image.name} | ${image.digest ? code(image.digest) : '-'} | ${image.refs.map(code).join('<br>') || '-'} | ${image.verified.join('<br>') || '-'} | ${image.status}${copy} |`);
    }
    const reasons = result.images.flatMap(i => i.reasons);
    if (reasons.length > 0)
        lines.push('', '### Why', '', ...reasons.map(r => `- ${r}`));
    return lines.join('\n') + '\n';
}
async function report(result) {
    const byImage = (fn) => Object.fromEntries(result.images.map(i => [i.name, fn(i)]));
    core/* setOutput */.uH('digests', JSON.stringify(byImage(i => i.digest ?? null)));
    core/* setOutput */.uH('refs', JSON.stringify(byImage(i => i.refs)));
    core/* setOutput */.uH('metadata', JSON.stringify(result));
    for (const image of result.images) {
        for (const reason of image.reasons)
            core/* error */.z3(reason, { title: `imagegate promote: ${image.name}` });
        if (image.status === 'promoted' || image.status === 'unchanged') {
            core/* info */.pq(`${image.name}: ${image.status} ${image.digest ?? ''} -> ${image.refs.join(', ')}`);
        }
    }
    try {
        await core/* summary */.z.addRaw(promoteSummaryMarkdown(result)).write();
    }
    catch (err) {
        core/* warning */.$e(`job summary not written: ${err.message}`);
    }
}


/***/ }),

/***/ 39190:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EL: () => (/* binding */ copyTree),
/* harmony export */   W1: () => (/* binding */ emptyCounts),
/* harmony export */   go: () => (/* binding */ putTag),
/* harmony export */   kz: () => (/* binding */ copyAttached),
/* harmony export */   qv: () => (/* binding */ cosignTag)
/* harmony export */ });
/* unused harmony export COSIGN_KINDS */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33838);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8301);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(17345);
/* harmony import */ var _referrers_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9191);
// Copying an image between repositories by digest, byte for byte: every manifest of the tree (all
// platforms, buildx's attestation manifests), every blob (a cross-repository mount when both are on one
// registry), and what was attached to each digest (cosign's `sha256-<hex>.sig|.att|.sbom` tags and OCI
// 1.1 referrers, through the referrers API or its `sha256-<hex>` tag), so `cosign verify` works against
// the target. Tags are put apart (`putTag`), after every
// image of a catalog was copied.




function emptyCounts() {
    return { mountedBlobs: 0, uploadedBlobs: 0, uploadedBytes: 0, presentBlobs: 0, manifests: 0, attached: [] };
}
/** The tag under which cosign stores a digest's signatures (`sig`), attestations (`att`) or SBOM. */
function cosignTag(digest, kind) {
    return `${digest.replace(':', '-')}.${kind}`;
}
const COSIGN_KINDS = ['sig', 'att', 'sbom'];
/** Requests in flight per image copy (blobs, child manifests, cosign's tags). */
const COPY_CONCURRENCY = 4;
/** Layers a registry must not be asked to hold (Windows foreign layers): referenced by URL. */
function isDistributable(blob) {
    return !/nondistributable|foreign/.test(blob.mediaType) && !(blob.urls && blob.urls.length > 0);
}
/**
 * Copies the manifest `digest` of `source` (and, for an index, every child first) into `target` by
 * digest. Returns every manifest digest of the tree (root first). A manifest the target already has is
 * neither put again nor walked: the registry accepted it only with everything it references.
 */
async function copyTree(source, target, digest, counts, inFlight = new Map(), 
/**
 * The target is known not to hold this manifest (its index was not there, or its referrers list
 * lacks it): no HEAD first. Were it there after all, its blobs are mounted and it is put again, which
 * changes nothing.
 */
absent = false) {
    const manifest = await source.client.getManifest(source.name, digest);
    const parsed = (0,_json_js__WEBPACK_IMPORTED_MODULE_3__/* .parseJson */ .q)(manifest.bytes.toString('utf8'), () => `${source.client.registry}/${source.name}@${digest} is not a JSON manifest`);
    const digests = [digest];
    // a registry only stores a manifest whose blobs and child manifests it has: the tree is all there
    if (!absent && (await target.client.headManifest(target.name, digest))) {
        return [...digests, ...(parsed.manifests ?? []).map(child => child.digest)];
    }
    if (Array.isArray(parsed.manifests)) {
        const children = parsed.manifests;
        const trees = children.map(() => []);
        await (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .mapLimit */ .sf)([...children.keys()], COPY_CONCURRENCY, async (i) => {
            trees[i] = await copyTree(source, target, children[i].digest, counts, inFlight, true);
        });
        for (const tree of trees)
            digests.push(...tree);
    }
    else {
        const blobs = [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])];
        await (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .mapLimit */ .sf)(blobs.filter(isDistributable), COPY_CONCURRENCY, async (blob) => {
            const copying = inFlight.get(blob.digest);
            if (copying) {
                await copying;
                counts.presentBlobs++;
                return;
            }
            const copy = target.client.copyBlob(source, target.name, blob);
            inFlight.set(blob.digest, copy);
            const how = await copy;
            if (how === 'mounted')
                counts.mountedBlobs++;
            else if (how === 'present')
                counts.presentBlobs++;
            else {
                counts.uploadedBlobs++;
                counts.uploadedBytes += blob.size;
            }
        });
    }
    const stored = await target.client.putManifest(target.name, digest, manifest.bytes, manifest.mediaType);
    if (stored !== digest) {
        throw new Error(`${target.client.registry}/${target.name}: manifest ${digest} was stored with digest ${stored}`);
    }
    counts.manifests++;
    return digests;
}
/**
 * Copies what was attached to each of `digests` in `source`: cosign's `.sig`, `.att` and `.sbom` tags
 * (their manifests and blobs, then the tag) and the OCI 1.1 referrers, found through the referrers API
 * or the referrers tag (`sha256-<hex>`). A target tag that already points elsewhere (signatures added
 * in the target) is kept, with a warning: cosign's signature manifests cannot be merged without
 * re-signing. Referrers are copied by digest and then registered in the target: its referrers API
 * indexes them by itself, else they are merged into its referrers tag, which keeps every entry the
 * target had (the source's referrers tag is never copied over it).
 */
async function copyAttached(source, target, digests, counts, inFlight = new Map()) {
    // both repositories' tags, one listing each (when the registries list them): cosign's tags and the
    // referrers tags that are not there are not asked for one by one
    const [sourceTags, targetTags] = await Promise.all([
        source.client.allTags(source.name),
        target.client.allTags(target.name)
    ]);
    const tags = digests
        .flatMap(digest => COSIGN_KINDS.map(kind => ({ kind, tag: cosignTag(digest, kind) })))
        .filter(({ tag }) => !sourceTags || sourceTags.has(tag));
    await (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .mapLimit */ .sf)(tags, COPY_CONCURRENCY, async ({ kind, tag }) => {
        const found = await source.client.headManifest(source.name, tag);
        if (!found)
            return;
        const attachedDigest = found.digest || (await source.client.getManifest(source.name, tag)).digest;
        await copyTree(source, target, attachedDigest, counts, inFlight);
        const existing = targetTags && !targetTags.has(tag) ? undefined : await target.client.headManifest(target.name, tag);
        if (existing && existing.digest === attachedDigest)
            return;
        if (existing) {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`${target.client.registry}/${target.name}:${tag} already holds other ${kind} data (${existing.digest}); kept as it is`);
            return;
        }
        await putTag(target, tag, attachedDigest, source);
        counts.attached.push(tag);
    });
    await (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .mapLimit */ .sf)(digests, COPY_CONCURRENCY, async (digest) => {
        const [listed, there] = await Promise.all([
            (0,_referrers_js__WEBPACK_IMPORTED_MODULE_2__/* .listArtifacts */ .wn)(source, digest, {}, sourceTags),
            (0,_referrers_js__WEBPACK_IMPORTED_MODULE_2__/* .listArtifacts */ .wn)(target, digest, {}, targetTags)
        ]);
        // a referrer the target already lists was copied and registered there before (a promotion again)
        const present = new Set(there.map(d => d.digest));
        const copied = new Set();
        await (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .mapLimit */ .sf)(listed.filter(referrer => !present.has(referrer.digest)), COPY_CONCURRENCY, async (referrer) => {
            try {
                await copyTree(source, target, referrer.digest, counts, inFlight, true);
            }
            catch (err) {
                // a list may name a manifest that is gone (deleted without updating the referrers tag)
                if (!(err instanceof _client_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl && err.status === 404))
                    throw err;
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`${source.client.registry}/${source.name}: referrer ${referrer.digest} of ${digest} is listed but cannot be read (${err.message}); not copied`);
                return;
            }
            copied.add(referrer.digest);
            counts.attached.push(`referrer ${referrer.digest}`);
        });
        const register = listed.filter(referrer => copied.has(referrer.digest));
        if (register.length > 0)
            await (0,_referrers_js__WEBPACK_IMPORTED_MODULE_2__/* .registerReferrers */ .iu)(target, digest, register);
    });
    counts.attached.sort();
}
/** Points `tag` of `target` at `digest` (a manifest already there), with the manifest's exact bytes. */
async function putTag(target, tag, digest, from = target) {
    const manifest = await from.client.getManifest(from.name, digest);
    const stored = await target.client.putManifest(target.name, tag, manifest.bytes, manifest.mediaType);
    if (stored !== digest) {
        throw new Error(`${target.client.registry}/${target.name}:${tag} was stored with digest ${stored}, not ${digest}`);
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
