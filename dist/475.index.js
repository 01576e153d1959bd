export const id = 475;
export const ids = [475];
export const modules = {

/***/ 55475:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runMerge: () => (/* binding */ runMerge)
/* harmony export */ });
/* unused harmony exports uploadIndex, mergeSummaryMarkdown */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33838);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(90833);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(8301);
/* harmony import */ var _catalog_load_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6043);
/* harmony import */ var _oci_layout_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(25823);
/* harmony import */ var _pipeline_publish_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(12396);
/* harmony import */ var _publish_publish_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(13456);
/* harmony import */ var _registry_client_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(17345);
/* harmony import */ var _registry_reference_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(79310);
/* harmony import */ var _report_run_summary_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(55663);
/* harmony import */ var _record_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(72846);
// `mode: merge`: the publish of a distributed build. Reads the records of the platform jobs, refuses
// unless every planned platform of every planned image passed at this commit, checks the registry holds
// each platform manifest the job scanned (its bytes by digest, and the config the scanner read), then
// publishes each assembled multi-platform index in two phases (publish/publish.ts): every index uploaded
// by digest, signed and attested when asked, and only then the tags.













/** Runs the merge; returns why the job fails, or undefined. */
async function runMerge(run) {
    const { inputs, plan, workspace } = run;
    if (inputs['push-by-digest'])
        throw new Error("input push-by-digest: not used by mode merge (it is the platform jobs')");
    if (inputs.records.length === 0) {
        throw new Error("input records: required with mode merge (the directory the platform jobs' evidence artifacts were downloaded into, or their record files)");
    }
    const records = (0,_record_js__WEBPACK_IMPORTED_MODULE_10__/* .findRecordFiles */ .c4)(inputs.records, workspace).map(_record_js__WEBPACK_IMPORTED_MODULE_10__/* .readRecordFile */ .m7);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`merge: ${records.length} record${records.length === 1 ? '' : 's'} from ${inputs.records.join(', ')}`);
    const check = (0,_record_js__WEBPACK_IMPORTED_MODULE_10__/* .checkRecords */ .fi)(plan, records);
    for (const line of check.ignored)
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`not in this merge's plan, left alone: ${line}`);
    const allOrNothing = inputs['push-strategy'] === 'all-or-nothing';
    const refused = check.problems.length > 0 || (allOrNothing && check.images.some(i => i.problems.length > 0));
    const ready = refused ? [] : check.images.filter(i => i.problems.length === 0);
    const indexes = new Map(ready.map(i => [i.name, (0,_record_js__WEBPACK_IMPORTED_MODULE_10__/* .assembleIndex */ .Hw)(i)]));
    // phase 1 of a merge: every scanned platform manifest checked in the registry, then the index by digest
    const registry = (0,_registry_client_js__WEBPACK_IMPORTED_MODULE_7__/* .registryClients */ .Kh)(inputs);
    const clientFor = (0,_pipeline_publish_js__WEBPACK_IMPORTED_MODULE_6__.timedClients)(registry, async (client, _layoutDir, repo) => {
        const image = ready.find(i => i.repository === repo);
        return await uploadIndex(client, image, indexes.get(image.name));
    });
    let result;
    let setupError;
    let signer;
    if (ready.length > 0) {
        const attest = inputs.attest ?? inputs.sign;
        try {
            const trust = inputs.sign || attest ? await mergeTrust(run, registry, ready, records, attest) : undefined;
            signer = trust?.signer;
            result = await (0,_publish_publish_js__WEBPACK_IMPORTED_MODULE_11__/* .publishImages */ .YU)(ready.map(i => ({
                name: i.name,
                repository: i.repository,
                layoutDir: run.files.imageWork(i.name),
                digest: (0,_oci_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .sha256 */ .sc)(indexes.get(i.name)),
                tags: (plan.images.find(p => p.name === i.name)?.tags ?? []).map(t => t.tag)
            })), {
                strategy: inputs['push-strategy'],
                clientFor,
                concurrency: inputs['max-parallel'],
                ...trust?.hooks
            });
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_publish_publish_js__WEBPACK_IMPORTED_MODULE_11__/* .phaseLine */ .Kl)(result));
            for (const line of (0,_publish_publish_js__WEBPACK_IMPORTED_MODULE_11__/* .publishLines */ .v2)(result))
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(line);
        }
        catch (err) {
            setupError = `nothing published: ${err instanceof Error ? err.message : String(err)}`;
        }
        finally {
            signer?.dispose();
        }
    }
    report(run, check, result, refused);
    await (0,_report_run_summary_js__WEBPACK_IMPORTED_MODULE_9__/* .writeJobSummary */ .j7)(mergeSummaryMarkdown(plan, check, result, refused));
    const reasons = [...check.problems, ...check.images.flatMap(i => i.problems)];
    const publishErrors = result?.images.flatMap(i => i.errors) ?? [];
    if (setupError)
        publishErrors.push(setupError);
    for (const line of reasons)
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(line, { title: 'imagegate merge' });
    if (reasons.length === 0 && publishErrors.length === 0)
        return (0,_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .cancelledFailure */ .Yq)(undefined);
    const published = result?.images.filter(i => i.errors.length === 0).map(i => i.name) ?? [];
    const head = refused
        ? `imagegate merge: refused, nothing tagged (${reasons.length} problem${reasons.length === 1 ? '' : 's'} in the platform jobs' records)`
        : `imagegate merge: not every image was published${published.length > 0 ? ` (published: ${published.join(', ')})` : '; nothing tagged'}`;
    return (0,_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .cancelledFailure */ .Yq)([head, ...reasons, ...publishErrors].join('\n'));
}
/**
 * Phase 1 for one image: each platform manifest the platform jobs uploaded is in the registry with the
 * bytes of its digest, the size and media type their index gave it and the config the scanner read;
 * its attestation manifests are there; then the assembled index is put by digest.
 */
async function uploadIndex(client, image, index) {
    const name = (0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_8__/* .parseReference */ .F2)(image.repository).repository;
    // the platforms (and their attestation manifests) are checked at once: independent reads
    await Promise.all(image.platforms.map(async (p) => {
        await checkPlatform(client, name, image, p);
        for (const a of p.entry.attestations) {
            const where = `${image.name} ${p.platform}: attestation manifest ${a.digest} (from ${p.file})`;
            const head = await client.headManifest(name, a.digest);
            if (!head)
                throw new Error(`${where} is not in ${image.repository}`);
            // what the index will say of it: its size and type as stored, about this platform's manifest
            if ((head.size && head.size !== a.size) || (head.mediaType && head.mediaType !== a.mediaType))
                throw new Error(`${where}: the registry's is ${head.size} bytes of ${head.mediaType}, the record says ${a.size} bytes of ${a.mediaType}`);
            const about = a.annotations?.['vnd.docker.reference.digest'];
            if (a.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest' ||
                about !== p.entry.manifest.digest)
                throw new Error(`${where}: is not the attestation manifest of ${p.entry.manifest.digest} (it names ${about ?? 'no manifest'})`);
        }
    }));
    const digest = (0,_oci_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .sha256 */ .sc)(index);
    const stored = await client.putManifest(name, digest, index, _oci_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .MEDIA */ .Rn.ociIndex);
    if (stored !== digest) {
        throw new Error(`${image.repository}: the index was stored with digest ${stored}, it is ${digest}`);
    }
    return {
        digest,
        mediaType: _oci_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .MEDIA */ .Rn.ociIndex,
        size: index.length,
        ref: `${image.repository}@${digest}`,
        uploadedBlobs: 0,
        uploadedBytes: 0,
        skippedBlobs: 0,
        skippedBytes: 0,
        mountedBlobs: 0
    };
}
async function checkPlatform(client, name, image, p) {
    const where = `${image.name} ${p.platform}`;
    const d = p.entry.manifest;
    let got;
    try {
        got = await client.getManifest(name, d.digest); // its bytes are checked against the digest
    }
    catch (err) {
        throw new Error(`${where}: manifest ${d.digest} (from ${p.file}) could not be read from ${image.repository}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (got.bytes.length !== d.size || (got.mediaType && got.mediaType !== d.mediaType)) {
        throw new Error(`${where}: the registry's ${d.digest} is ${got.bytes.length} bytes of ${got.mediaType}, the record says ${d.size} bytes of ${d.mediaType}`);
    }
    const manifest = (0,_json_js__WEBPACK_IMPORTED_MODULE_12__/* .parseJson */ .q)(got.bytes.toString('utf8'), r => `${where}: manifest ${d.digest} is not JSON: ${r}`);
    const config = manifest.config?.digest;
    if (config !== p.entry.config) {
        throw new Error(`${where}: the registry's manifest ${d.digest} has config ${String(config)}, the platform job scanned ${p.entry.config} (${p.file})`);
    }
    // the scanner's own report, when the evidence was downloaded with the record: its ImageID is the config
    const report = p.entry.report ? evidenceFile(p, p.entry.report, 'scan report') : undefined;
    if (report && node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync(report)) {
        const doc = (0,_json_js__WEBPACK_IMPORTED_MODULE_12__/* .parseJson */ .q)(node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync(report, 'utf8'), r => `${where}: ${report} is not JSON: ${r}`);
        const scanned = doc.Metadata?.ImageID;
        if (scanned && scanned !== p.entry.config) {
            throw new Error(`${where}: the scan report ${report} is of image ${scanned}, the record names config ${p.entry.config}`);
        }
    }
    // the platform the record claims is the one the image is for (its config says): a record edited to
    // name a platform no job built is refused, not published
    const claimed = parsePlatform(p.platform);
    const built = (0,_oci_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .configPlatform */ .Ko)((0,_json_js__WEBPACK_IMPORTED_MODULE_12__/* .parseJson */ .q)((await client.getBlob(name, config)).toString('utf8'), r => `${where}: config ${config} is not JSON: ${r}`));
    if (!built ||
        built.os !== claimed.os ||
        built.architecture !== claimed.architecture ||
        (claimed.variant !== undefined && built.variant !== claimed.variant)) {
        throw new Error(`${where}: ${p.file} names manifest ${d.digest} for ${p.platform}, but its config is for ${built ? (0,_oci_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .formatPlatform */ .Bq)(built) : 'no platform'}`);
    }
}
/** The Signer and the evidence of each image's attestations, from the records and their downloaded files. */
async function mergeTrust(run, registry, images, records, attest) {
    const { plan, workspace } = run;
    return await (0,_pipeline_publish_js__WEBPACK_IMPORTED_MODULE_6__.prepareTrust)({
        inputs: run.inputs,
        workspace,
        workDir: node_path__WEBPACK_IMPORTED_MODULE_2__.join(run.files.work, '.trust'),
        clientFor: registry,
        repositories: images.map(i => i.repository),
        attest,
        evidence: (name) => {
            const image = plan.images.find(i => i.name === name);
            const merged = images.find(i => i.name === name);
            if (!image || !merged)
                throw new Error(`${name}: no evidence for this image`);
            return (0,_pipeline_publish_js__WEBPACK_IMPORTED_MODULE_6__.imageEvidence)(workspace, image, true, merged.platforms.map(p => downloadedEvidence(name, p)));
        },
        // the platform jobs' scanner (the records of one commit name one Trivy and DB)
        scanner: records[0]?.record.scanner ?? { trivyVersion: 'unknown', dbUpdatedAt: '' },
        commit: plan.git.sha,
        environment: plan.environment,
        startedOn: new Date(run.started)
    });
}
function parsePlatform(platform) {
    const [os = '', architecture = '', variant] = platform.split('/');
    return { os, architecture, ...(variant ? { variant } : {}) };
}
/**
 * A file a record names (its scan report, its SBOM), relative to the record: only inside the platform
 * job's downloaded evidence artifact, whose root holds `artifacts/` (the record, the reports) and `sbom/`
 * (output-layout.ts). A record edited to name another file of the runner would have it signed into an
 * attestation.
 */
function evidenceFile(p, relative, what) {
    const dir = node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(p.file);
    const root = node_path__WEBPACK_IMPORTED_MODULE_2__.basename(dir) === 'artifacts' ? node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(dir) : dir;
    const file = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(dir, relative);
    const problem = (0,_catalog_load_js__WEBPACK_IMPORTED_MODULE_4__/* .escapes */ .r6)(file, root);
    if (problem)
        throw new Error(`${p.platform}: the ${what} ${relative} that ${p.file} names ${problem.replace('the workspace', 'the evidence artifact it came with')}`);
    return file;
}
/** A platform's scan report and SPDX SBOM, downloaded with its record (paths relative to the record). */
function downloadedEvidence(image, p) {
    const where = `${image} ${p.platform}`;
    if (!p.entry.report)
        throw new Error(`${where}: its record names no scan report (${p.file})`);
    const reportFile = evidenceFile(p, p.entry.report, 'scan report');
    if (!node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync(reportFile)) {
        throw new Error(`${where}: the scan report ${p.entry.report} is not next to ${p.file} (download the platform job's whole evidence artifact)`);
    }
    const spdx = p.entry.sboms.find(s => s.format === 'spdx-json');
    return { platform: p.platform, reportFile, spdxFile: spdx ? evidenceFile(p, spdx.file, 'SBOM') : undefined };
}
function report(run, check, result, refused) {
    const byImage = (fn) => Object.fromEntries(run.plan.images.map(i => [i.name, fn(i.name)]));
    const published = (name) => result?.images.find(i => i.name === name);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('digests', JSON.stringify(byImage(n => published(n)?.digest ?? null)));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('refs', JSON.stringify(byImage(n => published(n)?.refs ?? [])));
    const passed = !refused && check.images.every(i => i.problems.length === 0) && (result?.passed ?? false);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('metadata', JSON.stringify({
        environment: run.plan.environment,
        mode: 'merge',
        passed,
        images: check.images.map(i => ({
            name: i.name,
            repository: i.repository,
            platforms: i.platforms.map(p => ({
                platform: p.platform,
                manifest: p.entry.manifest.digest,
                config: p.entry.config,
                record: p.file,
                job: p.record.run.job
            })),
            problems: i.problems,
            publish: published(i.name)
        })),
        problems: check.problems,
        timings: { wallMs: Date.now() - run.started }
    }));
}
const code = (s) => `\`${s}\``;
function mergeSummaryMarkdown(plan, check, result, refused) {
    const lines = [
        `## imagegate merge: ${plan.images.length} image${plan.images.length === 1 ? '' : 's'} for ${plan.environment}`,
        '',
        refused
            ? '**Refused**: nothing was tagged. The reasons are below.'
            : result?.passed
                ? 'Every platform of every image passed in its platform job, was found in the registry as scanned, and is published.'
                : '**Not every image was published**: see below.',
        '',
        '| Image | Platforms (manifest scanned) | Index | Tags moved | Signed / attested | Problems |',
        '| --- | --- | --- | --- | --- | --- |'
    ];
    for (const image of check.images) {
        const r = result?.images.find(i => i.name === image.name);
        const platforms = image.platforms.map(p => `${p.platform} ${code(p.entry.manifest.digest.slice(0, 19))}`);
        const trust = r ? [r.signed ? 'signed' : '', r.attested ? 'attested' : ''].filter(Boolean).join(', ') : '';
        lines.push(`| ${image.name} | ${platforms.join('<br>') || '-'} | ${r?.digest ? code(r.digest) : '-'} | ${r?.tagsMoved.join(', ') || '-'} | ${trust || '-'} | ${[...image.problems, ...(r?.errors ?? [])].join('<br>') || '-'} |`);
    }
    if (check.problems.length > 0)
        lines.push('', '### Records refused', '', ...check.problems.map(p => `- ${p}`));
    return lines.join('\n') + '\n';
}


/***/ }),

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


/***/ })

};
