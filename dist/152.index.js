export const id = 152;
export const ids = [152];
export const modules = {

/***/ 29654:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FJ: () => (/* binding */ writeTar),
/* harmony export */   MO: () => (/* binding */ extractTree),
/* harmony export */   lm: () => (/* binding */ extractFiles),
/* harmony export */   s3: () => (/* binding */ entryPath),
/* harmony export */   wl: () => (/* binding */ listTar)
/* harmony export */ });
/* unused harmony export readTar */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(38522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var tar_stream__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(56118);
// Tar archives in this process, through tar-stream: the entries of a layer (gzip-compressed or not) read
// as a stream with file contents skipped unread, chosen files written out, and an archive written from
// files on disk (the image a smoke test loads). No `tar` child.




/**
 * The entry's name as a path below the archive's root, normalized: no `./`, no leading or trailing `/`;
 * `.` for the root itself, and a path starting with `../` for a name that climbs out of it.
 */
function entryPath(name) {
    return node_path__WEBPACK_IMPORTED_MODULE_1__.posix.normalize(name.replace(/^\/+/, '')).replace(/(.)\/+$/, '$1');
}
function typeOf(header) {
    switch (header.type) {
        case 'file':
        case 'contiguous-file':
            return 'file';
        case 'directory':
        case 'symlink':
        case 'link':
            return header.type;
        default:
            return 'other';
    }
}
const GZIP = Buffer.from([0x1f, 0x8b]);
const ZSTD = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
async function magic(file) {
    const handle = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.open(file, 'r');
    try {
        const buf = Buffer.alloc(4);
        const { bytesRead } = await handle.read(buf, 0, 4, 0);
        return buf.subarray(0, bytesRead);
    }
    finally {
        await handle.close();
    }
}
/** An error from a stream of another realm (zlib's and fs's, as under jest) as one that names the file. */
function namedError(file, err) {
    const { message, code } = (err ?? {});
    const reason = typeof message === 'string' ? message : String(err);
    const gzip = typeof code === 'string' && code.startsWith('Z_') ? 'gzip: ' : '';
    return new Error(`${file}: ${gzip}${reason}`, { cause: err });
}
/**
 * Reads a tar file entry by entry, gunzipped when it starts with gzip's magic bytes (whatever a media type
 * says). `onEntry` may read the entry's body; whatever it leaves unread is skipped. Errors name the file.
 */
async function readTar(file, onEntry) {
    try {
        const head = await magic(file);
        if (head.equals(ZSTD))
            throw new Error('a zstd-compressed layer: only gzip-compressed or uncompressed tars can be read');
        const input = node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream(file, { highWaterMark: 256 * 1024 });
        // gunzip in 128 KiB pieces rather than 16: a fifth less CPU on a large layer
        const gzip = head.subarray(0, 2).equals(GZIP);
        const source = gzip ? input.pipe(node_zlib__WEBPACK_IMPORTED_MODULE_2__.createGunzip({ chunkSize: 128 * 1024 })) : input;
        const entries = (0,tar_stream__WEBPACK_IMPORTED_MODULE_3__.extract)();
        const fail = (err) => {
            entries.destroy(err instanceof Error ? err : new Error(String(err)));
        };
        input.on('error', fail);
        source.on('error', fail);
        source.pipe(entries);
        try {
            for await (const body of entries) {
                const { header } = body;
                const entry = {
                    name: header.name,
                    type: typeOf(header),
                    size: header.size,
                    mode: header.mode
                };
                if (header.linkname)
                    entry.linkname = header.linkname;
                await onEntry(entry, body); // (its chunks are Buffers under Node)
                body.resume();
            }
        }
        finally {
            input.destroy();
        }
    }
    catch (err) {
        throw namedError(file, err);
    }
}
/** Every entry of a tar file, in archive order; contents skipped, never held. */
async function listTar(file) {
    const out = [];
    await readTar(file, entry => {
        out.push(entry);
    });
    return out;
}
/**
 * Writes chosen regular files of a tar out: `wanted` maps an entry's path (as `entryPath` gives it) to
 * the files to write its content to. A hard link's content is its target's, written when the target's
 * entry is read (tar stores the target first): to take a hard link, ask for its target. Only regular
 * files are written (never a link, a device or a directory entry), so nothing lands outside the given
 * paths. Returns the paths written.
 */
async function extractFiles(file, wanted) {
    const written = new Set();
    await readTar(file, async (entry, body) => {
        const key = entryPath(entry.name);
        const outputs = wanted.get(key);
        if (entry.type !== 'file' || !outputs || outputs.length === 0)
            return;
        const [first, ...copies] = outputs;
        node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync(node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(first), { recursive: true });
        await writeBody(first, body);
        for (const copy of copies) {
            node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync(node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(copy), { recursive: true });
            node_fs__WEBPACK_IMPORTED_MODULE_0__.copyFileSync(first, copy);
        }
        written.add(key);
    });
    return written;
}
/**
 * Writes a whole archive's directories and regular files below `dest` (a release archive): a file keeps
 * its owner's execute bit, never its owner or set-id bits. Names that climb out of `dest` are an error;
 * links and devices are skipped (nothing is written through a link, since none is made).
 */
async function extractTree(file, dest) {
    await readTar(file, async (entry, body) => {
        const rel = entryPath(entry.name);
        if (rel === '..' || rel.startsWith('../'))
            throw new Error(`the entry ${JSON.stringify(entry.name)} climbs out of the archive`);
        const out = node_path__WEBPACK_IMPORTED_MODULE_1__.join(dest, rel);
        if (entry.type === 'directory')
            node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync(out, { recursive: true });
        if (entry.type !== 'file')
            return;
        node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync(node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(out), { recursive: true });
        await writeBody(out, body, entry.mode & 0o100 ? 0o755 : 0o644);
    });
}
async function writeBody(out, body, mode = 0o644) {
    const handle = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.open(out, 'w', mode);
    try {
        for await (const chunk of body)
            await handle.write(chunk);
    }
    finally {
        await handle.close();
    }
}
/**
 * Writes a plain (uncompressed) tar of files on disk under names of the caller's choosing, contents
 * streamed (a layer may be large), names in pax records when ustar cannot hold them.
 */
async function writeTar(dest, entries) {
    const archive = (0,tar_stream__WEBPACK_IMPORTED_MODULE_3__.pack)();
    const output = node_fs__WEBPACK_IMPORTED_MODULE_0__.createWriteStream(dest);
    const written = new Promise((resolve, reject) => {
        output.on('finish', resolve);
        output.on('error', reject);
        archive.on('error', reject);
    });
    archive.pipe(output);
    try {
        for (const entry of entries) {
            const stat = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.stat(entry.file);
            await new Promise((resolve, reject) => {
                const sink = archive.entry({ name: entry.name, size: stat.size, mode: 0o644, mtime: new Date(0) }, err => (err ? reject(err) : resolve()));
                const input = node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream(entry.file);
                input.on('error', err => {
                    sink.destroy(err);
                    reject(err);
                });
                input.pipe(sink);
            });
        }
        archive.finalize();
    }
    catch (err) {
        // a file that cannot be read: the archive stops, and its file is closed and removed before the
        // error is said (a write stream still opening would create it after the caller moved on)
        const e = err instanceof Error ? err : new Error(String(err));
        written.catch(() => undefined);
        archive.destroy(e);
        await new Promise(resolve => {
            output.once('close', () => resolve());
            output.destroy();
        });
        node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync(dest, { force: true });
        throw e;
    }
    await written;
}


/***/ }),

/***/ 81503:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  nc: () => (/* binding */ platformEvidence),
  fs: () => (/* binding */ scannerIdentity)
});

// UNUSED EXPORTS: platformKey, sbomFromScan

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/cache/results.ts
var results = __webpack_require__(17044);
// EXTERNAL MODULE: ./src/sbom/sbom.ts
var sbom = __webpack_require__(5272);
// EXTERNAL MODULE: ./src/exec.ts
var exec = __webpack_require__(73190);
;// CONCATENATED MODULE: ./src/syft/sbom.ts
// SBOMs with syft (the default generator on GitHub runners), from a platform's OCI layout.




function syftArgs(o) {
    const format = o.format === 'spdx-json' ? 'spdx-json' : 'cyclonedx-json';
    return [
        'scan',
        `oci-dir:${o.input}`,
        '--output',
        `${format}=${o.output}`,
        '--source-name',
        o.name,
        '--quiet'
    ];
}
async function syftSbom(syft, o, what) {
    external_node_fs_.mkdirSync(external_node_path_.dirname(o.output), { recursive: true });
    const r = await (0,exec.exec)(syft, syftArgs(o), { stage: 'sbom', limit: o.limit, subject: what });
    if (r.exitCode !== 0)
        throw new Error(`the SBOM of ${what} failed: syft exited ${r.exitCode}: ${(0,exec.tail)(r.stderr || r.stdout, 8)}`);
    // what syft says on stderr even when it succeeds (warnings; a stand-in saying it is one)
    if (r.stderr.trim())
        core/* info */.pq(`syft (${what}): ${(0,exec.tail)(r.stderr, 5)}`);
}

// EXTERNAL MODULE: ./src/trivy/hidden-files.ts
var hidden_files = __webpack_require__(42528);
// EXTERNAL MODULE: ./src/trivy/report.ts
var trivy_report = __webpack_require__(76744);
// EXTERNAL MODULE: ./src/trivy/scan.ts
var scan = __webpack_require__(54911);
// EXTERNAL MODULE: ./src/json.ts
var json = __webpack_require__(8301);
// EXTERNAL MODULE: ./src/trivy/env.ts
var env = __webpack_require__(76331);
;// CONCATENATED MODULE: ./src/trivy/sbom.ts
// SBOMs with Trivy's own writers (`trivy convert`), from the platform's scan report: the packages the gate
// judged are the packages the SBOM lists, and the layout is read once.





/**
 * Pure: the scan report named as the pushed image rather than the local layout it was read from (Trivy
 * names the document and its root package after ArtifactName, and writes the image's purl from its
 * RepoDigests), as a scan of `<repository>@<manifest>` from the registry would have it.
 */
function namedReport(text, file, image) {
    const report = (0,json/* parseJson */.q)(text, () => `Trivy report ${file} is not JSON`);
    const metadata = (report.Metadata ?? {});
    const ref = `${image.repository}@${image.manifest}`;
    return JSON.stringify({ ...report, ArtifactName: ref, Metadata: { ...metadata, RepoDigests: [ref] } });
}
/** Pure: the argv of Trivy's conversion of a JSON report (`--list-all-pkgs`) to an SBOM format. */
function trivyConvertArgs(o) {
    return [
        'convert',
        '--format',
        o.format === 'spdx-json' ? 'spdx-json' : 'cyclonedx',
        '--output',
        o.output,
        '--quiet',
        o.report
    ];
}
/**
 * Writes the SBOM of a scanned platform from its report with Trivy's own writer. `work`: where the named
 * copy of the report goes (the report itself is evidence, kept as Trivy wrote it).
 */
async function trivySbom(trivy, o, what) {
    const report = external_node_path_.join(o.work, `${external_node_path_.basename(o.output)}.report.json`);
    external_node_fs_.mkdirSync(o.work, { recursive: true });
    external_node_fs_.writeFileSync(report, namedReport(external_node_fs_.readFileSync(o.reportFile, 'utf8'), o.reportFile, o.image));
    external_node_fs_.mkdirSync(external_node_path_.dirname(o.output), { recursive: true });
    external_node_fs_.rmSync(o.output, { force: true });
    const r = await (0,env/* runTrivy */.m)(trivy, trivyConvertArgs({ report, output: o.output, format: o.format }), {
        stage: 'sbom',
        limit: o.limit,
        subject: what
    });
    if (r.exitCode !== 0)
        throw new Error(`the SBOM of ${what} failed: trivy exited ${r.exitCode}: ${(0,exec.tail)(r.stderr || r.stdout, 8) || '(no message)'}`);
    // the caller validates the document; a missing one is Trivy's failure, not a malformed SBOM
    if (!external_node_fs_.existsSync(o.output))
        throw new Error(`the SBOM of ${what} failed: trivy exited 0 but wrote no SBOM`);
}

;// CONCATENATED MODULE: ./src/pipeline/platform.ts
// The evidence of one platform image: Trivy's report (vulnerabilities and secrets), secrets in files a
// later layer hides, and the SBOMs; or the same files from the results cache when these exact bytes were
// already scanned with the same scanner, DB and options.










function scannerIdentity(o) {
    const db = external_node_path_.join(o.cacheDir, 'db');
    return {
        trivy: { version: o.version.version, file: (0,results/* fileIdentity */.l6)(o.trivy) },
        ...(o.syft ? { syft: (0,results/* fileIdentity */.l6)(o.syft) } : {}),
        db: { metadata: (0,results/* fileDigest */.hd)(external_node_path_.join(db, 'metadata.json')), bytes: (0,results/* fileSize */.Ov)(external_node_path_.join(db, 'trivy.db')) }
    };
}
const REPORT = 'report.trivy.json';
const HIDDEN = 'hidden-findings.json';
const sbomEntry = (format) => `sbom.${format}.json`;
/**
 * With Trivy as the generator, every SBOM is Trivy's own conversion of the scan's report
 * (`--list-all-pkgs`): the layout is analysed once, and the SBOM lists the packages the gate judged.
 */
const sbomFromScan = (job) => job.sbom.generator === 'trivy';
/** How SBOMs are made from a report, in the results key: cached SBOMs made another way are not reused. */
const SBOM_FROM_REPORT = 'trivy convert';
/** Everything the platform's evidence depends on besides its bytes' digest. */
function platformKey(job, scanner) {
    return (0,results/* resultKey */.ZH)({
        kind: 'platform',
        image: job.image,
        manifest: job.manifest,
        platform: job.platform,
        trivy: scanner.identity.trivy,
        syft: job.sbom.generator === 'syft' ? scanner.identity.syft : undefined,
        db: scanner.identity.db,
        ignoreUnfixed: job.ignoreUnfixed,
        ignore: (0,results/* fileDigest */.hd)(job.ignoreFile),
        ...scanKey(job),
        sbom: job.sbom,
        ...(sbomFromScan(job) ? { sbomFromReport: SBOM_FROM_REPORT } : {})
    });
}
/** The scanner options in the results key: absent when none is set, so earlier keys stay valid. */
function scanKey(job) {
    const secrets = job.secrets ?? true;
    const { trivyConfig, ...flags } = job.scan ?? { skipDirs: [], skipFiles: [] };
    const set = flags.skipDirs.length + flags.skipFiles.length > 0 || flags.pkgTypes || trivyConfig || !secrets;
    if (!set)
        return {};
    return { scan: { ...flags, secrets, ...(trivyConfig ? { config: (0,results/* fileDigest */.hd)(trivyConfig) } : {}) } };
}
/** A hidden-file scan of this platform alone: closed, so that its one submission is scanned at once. */
function alone(job, slug) {
    const scan = new hidden_files/* HiddenFileScan */.m({ work: external_node_path_.join(job.work, 'hidden', slug), images: [job.image] });
    scan.close();
    return scan;
}
/**
 * The evidence of one platform image. Every call submits to the run's hidden-file scan exactly once (its
 * files, or a skip when its evidence comes from the results cache or it fails first). Without `run`, the
 * platform's hidden files get a Trivy process of their own.
 */
async function platformEvidence(job, scanner, cache, run) {
    const what = `${job.image} ${job.platform}`;
    const slug = job.platform.replace(/\//g, '-');
    const hidden = run?.hidden ?? alone(job, slug);
    const slot = run?.slot ?? ((work) => work());
    let submitted = false;
    const submitHidden = () => {
        submitted = true;
        return hidden.add({
            image: job.image,
            platform: job.platform,
            platforms: job.platforms,
            layoutDir: job.layoutDir,
            layers: job.layers,
            ...(job.scan ? { skip: job.scan } : {})
        }, {
            trivy: scanner.trivy,
            version: scanner.version,
            cacheDir: scanner.db.cacheDir,
            limit: scanner.timeout
        });
    };
    const reportFile = external_node_path_.join(job.out, 'artifacts', 'scans', `${job.image}-${slug}.trivy.json`);
    const sbomFiles = job.sbom.formats.map(format => [
        format,
        external_node_path_.join(job.out, 'sbom', (0,sbom/* sbomFileName */.R)(job.image, job.shortSha, job.platform, job.platforms, format))
    ]);
    try {
        const { value, reused } = await (0,results/* throughCache */.AT)(cache, cache ? platformKey(job, scanner) : undefined, {
            names: [REPORT, HIDDEN, ...job.sbom.formats.map(sbomEntry)],
            what,
            restore: hit => {
                const place = (from, to) => {
                    external_node_fs_.mkdirSync(external_node_path_.dirname(to), { recursive: true });
                    external_node_fs_.copyFileSync(from, to);
                };
                place(hit.get(REPORT), reportFile);
                for (const [format, file] of sbomFiles)
                    place(hit.get(sbomEntry(format)), file);
                const report = (0,trivy_report/* parseReport */.MM)(external_node_fs_.readFileSync(reportFile, 'utf8'), reportFile);
                const hidden = JSON.parse(external_node_fs_.readFileSync(hit.get(HIDDEN), 'utf8'));
                const sboms = sbomFiles.map(([format, file]) => (0,sbom/* validateSbom */.A)(file, format));
                core/* info */.pq(`${what}: ${job.manifest} was scanned before with this Trivy, DB and options: reports reused`);
                return { findings: [...(0,trivy_report/* findingsOf */.WX)(report), ...hidden], hidden, sboms };
            },
            compute: async () => {
                // the files a later layer hides (the image scan does not read them in the layers Trivy takes for
                // the base image's) are extracted at once, outside the bound on scans: the run's one secret scan of them
                // starts as soon as every platform has given its files, not when the last platform's turn comes
                // without secret scanning (scanners: vuln) no hidden file is read: the finally block skips them
                const submission = (job.secrets ?? true) ? submitHidden() : undefined;
                submission?.catch(() => undefined); // awaited after the scan
                const { s, sboms } = await slot(async () => {
                    const s = await (0,scan/* scan */.SQ)({
                        trivy: scanner.trivy,
                        version: scanner.version,
                        input: job.input,
                        ...(job.config ? { imageId: job.config } : {}),
                        output: reportFile,
                        cacheDir: scanner.db.cacheDir,
                        ignoreUnfixed: job.ignoreUnfixed,
                        ignoreFile: job.ignoreFile,
                        secrets: job.secrets ?? true,
                        ...(job.scan ? { settings: job.scan } : {}),
                        listAllPkgs: sbomFromScan(job),
                        timeout: (0,scan/* trivyTimeout */.cC)(scanner.timeout),
                        limit: scanner.timeout
                    }, what);
                    return { s, sboms: await writeSboms(job, scanner, s.reportFile, sbomFiles, what) };
                });
                // the run's one secret scan of hidden files, once every platform has submitted
                const hidden = submission ? await (await submission).findings : [];
                return { findings: [...s.findings, ...hidden], hidden, sboms };
            },
            store: (computed, results, key) => {
                const hiddenFile = external_node_path_.join(job.work, `${slug}-${HIDDEN}`);
                external_node_fs_.mkdirSync(job.work, { recursive: true });
                external_node_fs_.writeFileSync(hiddenFile, JSON.stringify(computed.hidden));
                const files = new Map([
                    [REPORT, reportFile],
                    [HIDDEN, hiddenFile]
                ]);
                for (const [format, file] of sbomFiles)
                    files.set(sbomEntry(format), file);
                results.put(key, files);
            }
        });
        return { reportFile, findings: value.findings, sboms: value.sboms, reused };
    }
    finally {
        if (!submitted)
            hidden.skip(job.image, job.platforms);
    }
}
async function writeSboms(job, scanner, reportFile, sbomFiles, what) {
    const sboms = [];
    for (const [format, output] of sbomFiles) {
        if (sbomFromScan(job)) {
            await trivySbom(scanner.trivy, {
                reportFile,
                image: { repository: job.repository, manifest: job.manifest },
                output,
                format,
                work: job.work,
                limit: scanner.timeout
            }, what);
        }
        else {
            await syftSbom(scanner.syft, {
                input: job.input,
                output,
                format,
                name: `${job.repository}@${job.platform}`,
                limit: scanner.timeout
            }, what);
        }
        sboms.push((0,sbom/* validateSbom */.A)(output, format));
    }
    return sboms;
}


/***/ }),

/***/ 77152:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checkToolVersions: () => (/* binding */ checkToolVersions),
  prepareScanner: () => (/* binding */ prepareScanner),
  toolSpec: () => (/* binding */ toolSpec),
  toolsOfRun: () => (/* binding */ toolsOfRun)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/cache/results.ts
var results = __webpack_require__(17044);
// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var src_inputs = __webpack_require__(60233);
// EXTERNAL MODULE: ./src/trust/cosign/args.ts
var args = __webpack_require__(79235);
;// CONCATENATED MODULE: ./src/trust/release.ts
/**
 * The checker of release signatures. The trusted root is read once, when the first bundle is checked
 * (a run that installs only tools the checksum table knows reads none). `base`: what a relative
 * SIGSTORE_ROOT_FILE is relative to, and the TUF cache's home without RUNNER_TEMP.
 */
function releaseSignatures(env, base) {
    let root;
    const trustedRoot = () => {
        root ??= (async () => {
            const { publicGoodRoot, readTrustedRoot } = await Promise.all(/* import() */[__webpack_require__.e(168), __webpack_require__.e(683)]).then(__webpack_require__.bind(__webpack_require__, 77683));
            const file = env.SIGSTORE_ROOT_FILE;
            if (file)
                return readTrustedRoot(file, 'SIGSTORE_ROOT_FILE', base);
            return await publicGoodRoot(env, base);
        })();
        return root;
    };
    return {
        async verify(check) {
            const describe = `${check.identity} (issuer ${check.issuer})`;
            const root = await trustedRoot();
            const { verifyBlobBundle } = await Promise.all(/* import() */[__webpack_require__.e(168), __webpack_require__.e(284)]).then(__webpack_require__.bind(__webpack_require__, 31284));
            const verified = verifyBlobBundle(check.bundle, check.bytes, {
                kind: 'keyless',
                root,
                identity: check.identity,
                issuer: check.issuer,
                describe
            }, check.bundleFile);
            const logged = verified.tlogIndexes.length ? `, log index ${verified.tlogIndexes.join(', ')}` : '';
            return {
                signer: `signed by ${verified.identity ?? check.identity} (issuer ${verified.issuer ?? check.issuer})${logged}`
            };
        }
    };
}

// EXTERNAL MODULE: ./src/tools/install.ts + 1 modules
var install = __webpack_require__(36238);
// EXTERNAL MODULE: ./src/exec.ts
var exec = __webpack_require__(73190);
;// CONCATENATED MODULE: ./src/cache/actions-cache.ts
// GitHub's Actions cache (the cache service of the runner, through @actions/cache): the seam the DB
// preparation restores from and saves to. Tests pass a fake of ActionsCache instead.
//
// @actions/cache never throws on a service failure (only a ValidationError for a bad key): a failed
// restore is logged as a warning and returns no key, a failed save is logged and returns -1. It archives
// with tar (zstd when it is on PATH, else gzip), run through @actions/exec with an argv (no shell).


/** The timings of the cache's transfers (stage db): they sit on the path to the first scan or beside it. */
const CACHE_RESTORE = 'restore from the Actions cache';
const CACHE_SAVE = 'save to the Actions cache';
/** The runner's cache service, through @actions/cache (loaded on first use). */
const actionsCache = {
    async available() {
        const cache = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(88), __webpack_require__.e(30), __webpack_require__.e(956)]).then(__webpack_require__.bind(__webpack_require__, 89956));
        return cache.isFeatureAvailable();
    },
    async restore(paths, key, restoreKeys) {
        const start = Date.now();
        try {
            const cache = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(88), __webpack_require__.e(30), __webpack_require__.e(956)]).then(__webpack_require__.bind(__webpack_require__, 89956));
            return await cache.restoreCache(paths, key, restoreKeys);
        }
        catch (err) {
            core/* warning */.$e(`Actions cache: restore of ${key} failed: ${err.message}`);
            return undefined;
        }
        finally {
            (0,exec/* recordTiming */.oo)('db', CACHE_RESTORE, start);
        }
    },
    async save(paths, key) {
        const start = Date.now();
        try {
            const cache = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(88), __webpack_require__.e(30), __webpack_require__.e(956)]).then(__webpack_require__.bind(__webpack_require__, 89956));
            return (await cache.saveCache(paths, key)) > 0;
        }
        catch (err) {
            core/* info */.pq(`Actions cache: save of ${key} failed: ${err.message}`);
            return false;
        }
        finally {
            (0,exec/* recordTiming */.oo)('db', CACHE_SAVE, start);
        }
    }
};

// EXTERNAL MODULE: ./src/trivy/db.ts
var trivy_db = __webpack_require__(25904);
// EXTERNAL MODULE: ./src/trivy/scan.ts
var scan = __webpack_require__(54911);
// EXTERNAL MODULE: ./src/pipeline/platform.ts + 2 modules
var platform = __webpack_require__(81503);
;// CONCATENATED MODULE: ./src/pipeline/scanner.ts
// The scanner a run uses: Trivy (and syft when it writes the SBOMs) found or installed, Trivy's version
// probed once per binary, and its vulnerability DB ready. Started while the images build.












async function prepareScanner(inputs, facts) {
    const [installed, syft] = await Promise.all([
        (0,install/* installTool */.Gn)(toolSpec(inputs, 'trivy', inputs['trivy-version'], facts)),
        inputs['sbom-generator'] === 'syft'
            ? (0,install/* installTool */.Gn)(toolSpec(inputs, 'syft', inputs['syft-version'] ?? '', facts)).then(t => t.path)
            : undefined
    ]);
    const trivy = installed.path;
    // the skip flag of this very binary (an unnumbered build needs `image --help`), read once per runner
    const factsKey = (0,results/* resultKey */.ZH)({ kind: 'trivy-facts', file: (0,results/* fileIdentity */.l6)(trivy), version: installed.version });
    const known = scan/* TrivyVersionSchema */._r.safeParse(facts.getJson(factsKey, 'trivy.json'));
    const version = known.success ? known.data : await (0,scan/* trivyVersion */.Hj)(trivy, installed.version);
    if (!known.success)
        facts.putJson(factsKey, 'trivy.json', version);
    const cacheDir = process.env.TRIVY_CACHE_DIR || external_node_path_.join(external_node_os_.homedir(), '.cache', 'trivy');
    const db = await (0,trivy_db/* prepareDb */.Sn)({
        trivy,
        cacheDir,
        offline: inputs['offline-db'],
        maxAgeDays: inputs['db-max-age'],
        repository: inputs['db-repository'] || undefined,
        ...(inputs['db-cache'] ? { cache: actionsCache } : {})
    });
    core/* info */.pq(`Trivy ${version.version} at ${trivy}; DB ${db.updatedAt ?? '(date unknown)'} in ${cacheDir}`);
    const identity = (0,platform/* scannerIdentity */.fs)({ trivy, version, syft, cacheDir });
    return { trivy, syft, version, db, identity, timeout: inputs['scan-timeout'] };
}
/** The tools a run in this mode will start, each with its version input. */
function toolsOfRun(inputs) {
    const out = [];
    if (inputs.mode === 'build') {
        out.push({ tool: 'trivy', input: 'trivy-version', version: inputs['trivy-version'] });
        if (inputs['sbom-generator'] === 'syft')
            out.push({ tool: 'syft', input: 'syft-version', version: inputs['syft-version'] });
    }
    if (inputs.mode !== 'build' && inputs.mode !== 'merge')
        return out;
    // cosign signs only for a KMS key or a cosign 2 `.sig` (bundles are made in process; a verification
    // installs it only for an image without bundles: not checked here)
    const signs = (inputs.sign || (inputs.attest ?? inputs.sign)) && (0,args/* signsWithCosign */.ap)(inputs);
    // a build pushes (and signs) only with push: true; a merge always publishes
    if ((inputs.mode === 'merge' || inputs.push) && signs)
        out.push({ tool: 'cosign', input: 'cosign-version', version: inputs['cosign-version'] });
    return out;
}
/**
 * Every tool version (or tool checksum) input of the run that cannot be installed, as one InputError,
 * before anything is built or pushed (otherwise each image would fail after its build, when its scanner
 * is installed).
 */
async function checkToolVersions(inputs, facts, env = process.env) {
    if (inputs.mode !== 'build' && inputs.mode !== 'merge')
        return; // starts no tool it installs first
    const problems = await Promise.all(toolsOfRun(inputs).map(async ({ tool, input, version }) => {
        const problem = await (0,install/* installProblem */.F5)(toolSpec(inputs, tool, version, facts), env);
        // a problem of the tool-checksums input already names it
        if (problem === undefined)
            return undefined;
        return problem.startsWith('input ') ? problem : `input ${input}: ${problem}`;
    }));
    const found = problems.filter((p) => p !== undefined);
    if (found.length > 0)
        throw new src_inputs/* InputError */.dz(found.join('\n'));
}
/**
 * PATH first (any version when none is pinned by input; cosign at its pinned major), then the tool
 * cache, then the verified release (from tool-mirror when given): its digest from imagegate's table,
 * tool-checksums, or the release's Sigstore-signed checksums file. `install-tools: pinned` always takes
 * the verified release.
 */
function toolSpec(inputs, tool, version, facts) {
    const pinned = inputs['install-tools'] === 'pinned';
    // a PATH binary's version, remembered by the file's identity (path, size, mtime)
    const key = (file) => (0,results/* resultKey */.ZH)({ kind: 'tool-version', tool, file: (0,results/* fileIdentity */.l6)(file) });
    const versions = {
        recall: (file) => {
            const v = facts.getJson(key(file), 'version.json');
            return typeof v === 'string' && v.length > 0 ? v : undefined;
        },
        remember: (file, v) => void facts.putJson(key(file), 'version.json', v)
    };
    const checksum = inputs['tool-checksums'][tool];
    return {
        tool,
        version: version || undefined,
        ...(checksum ? { checksum } : {}),
        ...(inputs['tool-mirror'] ? { baseUrl: inputs['tool-mirror'] } : {}),
        signatures: releaseSignatures(process.env, process.env.GITHUB_WORKSPACE || process.cwd()),
        force: pinned,
        anyVersionOnPath: !version && !pinned,
        versions
    };
}


/***/ }),

/***/ 36238:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dC: () => (/* binding */ DOWNLOAD),
  F5: () => (/* binding */ installProblem),
  Gn: () => (/* binding */ installTool)
});

// UNUSED EXPORTS: CHECKSUM_INPUT, assertNotRefused, expectedDigest, mismatchMessage, normalizeChecksum, normalizeVersion, parseToolVersion, pathMajorProblem, sha256File, toolArch, unverifiedMessage

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./src/exec.ts
var exec = __webpack_require__(73190);
// EXTERNAL MODULE: ./src/tools/checksums.ts
var tools_checksums = __webpack_require__(28103);
;// CONCATENATED MODULE: ./src/tools/path.ts
// Finding a tool on PATH (the tool-cache installer puts its tools there too).


function which(name, env = process.env) {
    for (const dir of (env.PATH ?? '').split(external_node_path_.delimiter)) {
        if (!dir)
            continue;
        const candidate = external_node_path_.join(dir, name);
        try {
            external_node_fs_.accessSync(candidate, external_node_fs_.constants.X_OK);
            if (external_node_fs_.statSync(candidate).isFile())
                return candidate;
        }
        catch {
            // not here
        }
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/oci/tar.ts
var tar = __webpack_require__(29654);
;// CONCATENATED MODULE: ./src/tools/install.ts
// Installing trivy, syft and cosign safely and once: the tool on PATH when it is the wanted version,
// else the runner's tool cache, else the official release file (or a mirror's copy), verified by SHA-256
// BEFORE anything is extracted or run. The digest comes from the table in checksums.ts, else from the
// tool-checksums input, else from the release's own checksums file once its Sigstore bundle verifies
// (through the trust seam, passed in as `signatures`); a version none of them vouches for is refused.
// The pure pieces (versions, architectures, digests, `--version` parsing) come first; installTool() and
// installProblem() are the parts that do I/O.








/** The input a given checksum comes from, named in every message about it. */
const CHECKSUM_INPUT = 'tool-checksums';
// ---------------------------------------------------------------------------------------------- pure
const VERSION = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;
/** The wanted version without its `v`; the pinned default when none is given. */
function normalizeVersion(tool, input) {
    const raw = (input ?? '').trim();
    if (!raw)
        return tools_checksums/* DEFAULT_VERSIONS */.iX[tool];
    const m = VERSION.exec(raw);
    if (!m?.[1])
        throw new Error(`${tool} version "${raw}" is not an exact release version like ${tools_checksums/* DEFAULT_VERSIONS */.iX[tool]}: ` +
            'imagegate installs pinned releases only (a name like "latest" proves nothing)');
    return m[1];
}
/** The release files' architecture for this runner, or an error naming the platform and arch. */
function toolArch(tool, platform, arch) {
    if (platform === 'linux' && arch === 'x64')
        return 'amd64';
    if (platform === 'linux' && arch === 'arm64')
        return 'arm64';
    throw new Error(`imagegate installs ${tool} on Linux x64 and arm64 runners only; this runner is ${platform}/${arch} ` +
        `(put a ${tool} on PATH yourself to use one here)`);
}
/** A SHA-256 as given in an input: trimmed, `sha256:` prefix dropped, lowercase, 64 hex digits. */
function normalizeChecksum(tool, input) {
    const problem = (0,tools_checksums/* checksumProblem */.lm)(input);
    if (problem)
        throw new Error(`the checksum given for ${tool}: ${problem}`);
    return input
        .trim()
        .replace(/^sha256:/i, '')
        .toLowerCase();
}
/** Refuses versions that must never run, whatever checksum comes with them. */
function assertNotRefused(tool, version) {
    const why = tools_checksums/* REFUSED */.ln[tool]?.[version];
    if (why)
        throw new Error(`${tool} ${version} is refused: it is ${why}`);
}
/**
 * The digest a release file must have when the table or the checksum given knows it; undefined when
 * neither does (then only the release's signed checksums file can vouch for it). A refused version, and
 * a given digest that contradicts the table, are errors.
 */
function expectedDigest(o) {
    const table = o.table ?? tools_checksums/* CHECKSUMS */.vM;
    assertNotRefused(o.tool, o.version);
    const file = (0,tools_checksums/* releaseFileName */.pJ)(o.tool, o.version, o.arch);
    const known = (0,tools_checksums/* lookupChecksum */.oJ)(o.tool, o.version, o.arch, table);
    const given = o.checksum?.trim() ? normalizeChecksum(o.tool, o.checksum) : undefined;
    if (known && given && known !== given)
        throw new Error(`input ${CHECKSUM_INPUT}: the checksum given for ${o.tool} (${given}) differs from imagegate's table ` +
            `for ${file} (${known}): one of them is wrong, and nothing is installed`);
    if (known)
        return { sha256: known, from: 'table', by: "imagegate's table" };
    if (given) {
        const other = fileOfDigest(given, table);
        if (other)
            throw new Error(`input ${CHECKSUM_INPUT}: the checksum given for ${o.tool} (${given}) is imagegate's table's digest of ` +
                `${other}, not of ${file}: give the line of ${file} in the release's ` +
                `${tools_checksums/* RELEASES */.pH[o.tool].checksumsFile(o.version)}`);
        return { sha256: given, from: 'input', by: `input ${CHECKSUM_INPUT}` };
    }
    return undefined;
}
/** The release file the table gives this digest for, if any. */
function fileOfDigest(sha256, table) {
    for (const [tool, byVersion] of Object.entries(table))
        for (const [version, byArch] of Object.entries(byVersion ?? {}))
            for (const [arch, digest] of Object.entries(byArch))
                if (digest === sha256)
                    return (0,tools_checksums/* releaseFileName */.pJ)(tool, version, arch);
    return undefined;
}
/**
 * A version neither the table, nor the input, nor a verified checksums file vouches for: refused, naming
 * both ways to install it (the checksum, or a release whose checksums file is Sigstore-signed) and why the
 * second did not do (`why`).
 */
function unverifiedMessage(o) {
    const file = (0,tools_checksums/* releaseFileName */.pJ)(o.tool, o.version, o.arch);
    const checksums = tools_checksums/* RELEASES */.pH[o.tool].checksumsFile(o.version);
    const versions = (0,tools_checksums/* knownVersions */.J0)(o.tool, o.arch, o.table ?? tools_checksums/* CHECKSUMS */.vM);
    const signing = tools_checksums/* CHECKSUMS_SIGNING */.$k[o.tool];
    const signed = signing.kind === 'bundle'
        ? `or use a ${o.tool} version from ${signing.since} on, whose checksums file is Sigstore-signed by ` +
            `${o.tool}'s release workflow (imagegate verifies it)`
        : `(${o.tool} publishes no Sigstore bundle of its checksums file: for ${o.tool} the checksum is the way)`;
    return (`${o.tool} ${o.version} cannot be installed: it is not in imagegate's checksum table ` +
        `(${versions.length ? versions.join(', ') : 'no version'} for linux/${o.arch}), and ${o.why}. ` +
        'imagegate runs no release it cannot verify: give the SHA-256 of ' +
        `${file} (its line of the release's ${checksums}) in input ${CHECKSUM_INPUT} as ${o.tool}=<sha256>, ` +
        signed);
}
/** The tool's own version from what its version command printed (`v` dropped), if it says. */
function parseToolVersion(tool, output) {
    const patterns = {
        // `Version: 0.74.0` first; the DB's own `  Version: 2` lines that follow are indented
        trivy: [/^Version:\s*v?(\S+)/m],
        // `syft 1.51.0` (--version); `Version: 1.51.0` (`syft version`)
        syft: [/^syft\s+v?(\d\S*)/m, /^Version:\s*v?(\S+)/m],
        // `GitVersion:    v2.6.1` (`cosign version`)
        cosign: [/^GitVersion:\s*v?(\S+)/m]
    };
    for (const re of patterns[tool]) {
        const m = re.exec(output);
        if (m?.[1])
            return m[1];
    }
    return undefined;
}
// ------------------------------------------------------------------------------------------------ I/O
/** The run's timing of each release download (`download trivy`): the metadata counts them. */
const DOWNLOAD = 'download ';
/** Written beside a tool in the cache: which verified release file it was made from. */
const STAMP = '.imagegate-release.json';
async function sha256File(file) {
    const hash = external_node_crypto_.createHash('sha256');
    for await (const chunk of external_node_fs_.createReadStream(file))
        hash.update(chunk);
    return hash.digest('hex');
}
function runnerDir(name) {
    // @actions/tool-cache reads these from process.env when it is called (not from an `env` argument)
    const dir = process.env[name];
    if (!dir)
        throw new Error(`${name} is not set: installing tools needs the runner's tool cache and temp directories ` +
            '(GitHub runners set RUNNER_TOOL_CACHE and RUNNER_TEMP; for a local run point them at directories)');
    return dir;
}
function isExecutable(file) {
    try {
        external_node_fs_.accessSync(file, external_node_fs_.constants.X_OK);
        return external_node_fs_.statSync(file).isFile();
    }
    catch {
        return false;
    }
}
function readStamp(dir) {
    try {
        return JSON.parse(external_node_fs_.readFileSync(external_node_path_.join(dir, STAMP), 'utf8'));
    }
    catch {
        return undefined;
    }
}
function addToPath(dir, env) {
    core/* addPath */.fM(dir); // this process's PATH, and GITHUB_PATH for the job's later steps
    if (env !== process.env)
        env.PATH = `${dir}${external_node_path_.delimiter}${env.PATH ?? ''}`;
}
async function versionOf(tool, file, env) {
    try {
        const r = await (0,exec.exec)(file, tools_checksums/* RELEASES */.pH[tool].versionArgs, { env, timeoutMs: 60_000, stage: 'tools' });
        if (r.exitCode !== 0) {
            core/* info */.pq(`${file} ${tools_checksums/* RELEASES */.pH[tool].versionArgs.join(' ')} exited ${r.exitCode}: ${(0,exec.tail)(r.stderr, 3)}`);
            return undefined;
        }
        return parseToolVersion(tool, r.stdout) ?? parseToolVersion(tool, r.stderr);
    }
    catch (e) {
        // a cancelled job downloads nothing instead
        if (e instanceof exec/* CancelledError */.cc)
            throw e;
        core/* info */.pq(`${file}: ${e.message}`);
        return undefined;
    }
}
/** The version a PATH binary reports, asked once per binary (by `spec.versions`). */
async function pathVersion(spec, found, env) {
    const recalled = spec.versions?.recall(found);
    const v = recalled ?? (await versionOf(spec.tool, found, env));
    if (v !== undefined && recalled === undefined)
        spec.versions?.remember(found, v);
    return v;
}
/**
 * Why a PATH binary of another major version than the pinned default's must not stand in for it when no
 * version is asked for (cosign: imagegate's cosign commands are cosign 2's), or undefined when it may.
 * `unknown`: it reports no numbered version, so its major cannot be told (used, with a warning).
 */
function pathMajorProblem(tool, onPath, found) {
    if (!tools_checksums/* RELEASES */.pH[tool].sameMajorOnPath)
        return undefined;
    const want = (0,tools_checksums/* majorOf */.Ds)(tools_checksums/* DEFAULT_VERSIONS */.iX[tool]);
    const have = (0,tools_checksums/* majorOf */.Ds)(onPath);
    if (have === want)
        return undefined;
    if (have === undefined)
        return {
            unknown: `${tool} on PATH (${found}) reports version ${JSON.stringify(onPath)}: imagegate cannot tell whether it is ` +
                `${tool} ${want} and uses it as such; set ${tool}-version, or install-tools: pinned, for a verified ${tool}`
        };
    return {
        refuse: `${tool} on PATH (${found}) is ${tool} ${onPath}, another major version than the ${tool} ${want} ` +
            `imagegate's commands are written for: it is not used, the verified ${tool} ${tools_checksums/* DEFAULT_VERSIONS */.iX[tool]} is ` +
            `installed instead (set ${tool}-version: ${onPath} to use that version)`
    };
}
/** A file of a release downloaded to `dest`, or an error naming it and its URL. */
async function downloadReleaseFile(url, dest, what) {
    const tc = await Promise.all(/* import() */[__webpack_require__.e(88), __webpack_require__.e(805)]).then(__webpack_require__.bind(__webpack_require__, 59805));
    try {
        await tc.downloadTool(url, dest);
    }
    catch (e) {
        if (e instanceof exec/* CancelledError */.cc)
            throw e;
        throw new Error(`could not download ${what} from ${url}: ${e.message}`, { cause: e });
    }
}
/**
 * The release file's digest from the release's checksums file, once its Sigstore bundle verifies against
 * the project's release identity (CHECKSUMS_SIGNING). Both small files are downloaded from the same base
 * as the release file itself, and deleted after. Throws why not, in words that follow "and ".
 */
async function signedDigest(o) {
    const { tool, version, arch } = o;
    const signer = (0,tools_checksums/* checksumsSigner */.Pl)(tool, version);
    if ('none' in signer)
        throw new Error(signer.none);
    if (!o.signatures)
        throw new Error('no verifier of Sigstore bundles was given for tool releases');
    const checksumsFile = tools_checksums/* RELEASES */.pH[tool].checksumsFile(version);
    const file = (0,tools_checksums/* releaseFileName */.pJ)(tool, version, arch);
    const work = external_node_path_.join(runnerDir('RUNNER_TEMP'), `imagegate-${tool}-checksums-${external_node_crypto_.randomUUID()}`);
    try {
        const checksumsPath = external_node_path_.join(work, checksumsFile);
        const bundlePath = external_node_path_.join(work, signer.bundleFile);
        const checksumsUrl = (0,tools_checksums/* releaseFileUrl */.gJ)(tool, version, checksumsFile, o.baseUrl);
        const bundleUrl = (0,tools_checksums/* releaseFileUrl */.gJ)(tool, version, signer.bundleFile, o.baseUrl);
        // both downloads end before either's failure is reported: none is left writing into `work` after
        // it is removed below
        const downloads = await Promise.allSettled([
            downloadReleaseFile(checksumsUrl, checksumsPath, checksumsFile),
            downloadReleaseFile(bundleUrl, bundlePath, signer.bundleFile)
        ]);
        for (const d of downloads)
            if (d.status === 'rejected')
                throw d.reason;
        const bytes = external_node_fs_.readFileSync(checksumsPath);
        let verified;
        try {
            verified = await o.signatures.verify({
                file: checksumsFile,
                bytes,
                bundleFile: signer.bundleFile,
                bundle: external_node_fs_.readFileSync(bundlePath),
                identity: signer.identity,
                issuer: signer.issuer
            });
        }
        catch (e) {
            if (e instanceof exec/* CancelledError */.cc)
                throw e;
            throw new Error(`the release's ${checksumsFile} was refused: ${e.message}`, { cause: e });
        }
        let sha256;
        try {
            sha256 = (0,tools_checksums/* checksumInFile */.PC)(bytes.toString('utf8'), file);
        }
        catch (e) {
            throw new Error(`the release's ${checksumsFile} is unusable: ${e.message}`, { cause: e });
        }
        if (!sha256)
            throw new Error(`the release's ${checksumsFile} (${verified.signer}) names no ${file}`);
        return {
            sha256,
            from: 'signature',
            by: `${checksumsFile}, ${verified.signer}`,
            identity: signer.identity
        };
    }
    finally {
        external_node_fs_.rmSync(work, { recursive: true, force: true });
    }
}
/**
 * A release imagegate downloaded before on a signed checksums file by the same identity: the tool cache's
 * stamp says so (as it says which digest the table or the input vouched for), so no checksums file is
 * fetched again.
 */
async function cachedSigned(tool, version, arch) {
    const signer = (0,tools_checksums/* checksumsSigner */.Pl)(tool, version);
    if ('none' in signer)
        return undefined;
    const tc = await Promise.all(/* import() */[__webpack_require__.e(88), __webpack_require__.e(805)]).then(__webpack_require__.bind(__webpack_require__, 59805));
    const cached = tc.find(tool, version, process.arch);
    const stamp = cached ? readStamp(cached) : undefined;
    if (stamp?.from === 'signature' &&
        stamp.identity === signer.identity &&
        stamp.file === (0,tools_checksums/* releaseFileName */.pJ)(tool, version, arch) &&
        /^[0-9a-f]{64}$/.test(stamp.sha256))
        return {
            sha256: stamp.sha256,
            from: 'signature',
            by: `${stamp.by ?? 'a signed checksums file'}, as cached`,
            identity: stamp.identity
        };
    return undefined;
}
/**
 * The digest the release file must have: the table's, the input's, or the signed checksums file's (the
 * tool cache's record of one first); else an error naming both ways to install the version.
 */
async function releaseDigest(spec, version, arch, baseUrl) {
    const { tool } = spec;
    const known = expectedDigest({ tool, version, arch, checksum: spec.checksum, table: spec.checksums });
    if (known)
        return known;
    const signer = (0,tools_checksums/* checksumsSigner */.Pl)(tool, version);
    const why = 'none' in signer
        ? signer.none
        : spec.signatures
            ? undefined
            : 'no verifier of Sigstore bundles was given for tool releases';
    if (why)
        throw new Error(unverifiedMessage({ tool, version, arch, table: spec.checksums, why }));
    const cached = process.env.RUNNER_TOOL_CACHE ? await cachedSigned(tool, version, arch) : undefined;
    if (cached)
        return cached;
    try {
        return await signedDigest({ tool, version, arch, baseUrl, signatures: spec.signatures });
    }
    catch (e) {
        if (e instanceof exec/* CancelledError */.cc)
            throw e;
        throw new Error(unverifiedMessage({ tool, version, arch, table: spec.checksums, why: e.message }), {
            cause: e
        });
    }
}
/**
 * Why installTool(spec) could not give the wanted version on this runner, or undefined when it can: an
 * unreadable or refused version, a given checksum that contradicts the table or is not the release
 * file's, a version nothing vouches for (unless that very version is on PATH and `force` is off). Run
 * before anything is built, so a bad version or checksum input is an input error and not the failure of
 * every image after its build. For a version the table does not know, a PATH binary's version is probed
 * (and remembered through `spec.versions`); then a version only the given checksum vouches for is
 * installed now (its download checked against it, and cached), and any other has its release's signed
 * checksums file fetched and verified.
 */
async function installProblem(spec, env = process.env) {
    const { tool } = spec;
    let version;
    try {
        version = normalizeVersion(tool, spec.version);
        assertNotRefused(tool, version);
    }
    catch (err) {
        return err.message;
    }
    let arch;
    try {
        arch = toolArch(tool, process.platform, process.arch);
    }
    catch (err) {
        // nothing can be downloaded here: only a tool on PATH will do, which installTool looks for first
        return spec.force ? err.message : undefined;
    }
    let known;
    try {
        known = expectedDigest({ tool, version, arch, checksum: spec.checksum, table: spec.checksums });
    }
    catch (err) {
        return err.message;
    }
    if (known?.from === 'table')
        return undefined;
    if (!spec.force) {
        const found = which(tools_checksums/* RELEASES */.pH[tool].binary, env);
        if (found && (await pathVersion(spec, found, env)) === version)
            return undefined;
    }
    if (known) {
        // only the checksum given vouches for it: downloaded and checked now (and cached for the run), so a
        // checksum of another file is the input's error before anything is built
        try {
            await installTool(spec, env);
            return undefined;
        }
        catch (err) {
            if (err instanceof exec/* CancelledError */.cc)
                throw err;
            return err.message;
        }
    }
    try {
        await releaseDigest(spec, version, arch, spec.baseUrl ?? tools_checksums/* GITHUB */.U0);
        return undefined;
    }
    catch (err) {
        if (err instanceof exec/* CancelledError */.cc)
            throw err;
        const message = err.message;
        return spec.force
            ? `${message} (install-tools is pinned: a ${tool} on PATH is not used)`
            : `${message}; or put ${tool} ${version} on PATH`;
    }
}
/** Concurrent installs of the same release share one download (a catalog's images in parallel). */
const inflight = new Map();
/**
 * The tool, ready to run: from PATH when it reports the wanted version (unless `force`), else from the
 * tool cache, else downloaded, verified and cached. Cache and download put its directory on PATH.
 * `env` is where PATH is looked up (and the environment of the version check); the tool cache's
 * directories come from process.env (RUNNER_TOOL_CACHE, RUNNER_TEMP), where @actions/tool-cache reads them.
 */
async function installTool(spec, env = process.env) {
    const { tool } = spec;
    const release = tools_checksums/* RELEASES */.pH[tool];
    const version = normalizeVersion(tool, spec.version);
    assertNotRefused(tool, version);
    if (!spec.force) {
        const found = which(release.binary, env);
        if (found) {
            const v = await pathVersion(spec, found, env);
            const refused = v !== undefined && tools_checksums/* REFUSED */.ln[tool]?.[v] !== undefined;
            const major = v !== undefined && v !== version ? pathMajorProblem(tool, v, found) : undefined;
            if (v !== undefined && !refused && (v === version || spec.anyVersionOnPath)) {
                if (major && 'refuse' in major) {
                    core/* warning */.$e(major.refuse);
                }
                else {
                    if (major)
                        core/* warning */.$e(major.unknown);
                    core/* info */.pq(`${tool} ${v}: ${found} (on PATH)`);
                    return { path: found, version: v, source: 'path' };
                }
            }
            else {
                core/* info */.pq(`${tool} on PATH (${found}) is ${refused ? `the refused ${v}` : (v ?? 'of unknown version')}, ` +
                    `not ${version}: using the verified release`);
            }
        }
    }
    const arch = toolArch(tool, process.platform, process.arch);
    const cacheRoot = runnerDir('RUNNER_TOOL_CACHE');
    const temp = runnerDir('RUNNER_TEMP');
    const baseUrl = spec.baseUrl ?? tools_checksums/* GITHUB */.U0;
    const expected = await releaseDigest(spec, version, arch, baseUrl);
    const key = [tool, version, process.arch, expected.sha256, cacheRoot, baseUrl].join('|');
    const pending = inflight.get(key);
    if (pending)
        return withPath(await pending, env);
    const p = fromCacheOrDownload({ tool, version, arch, expected, temp, baseUrl }, env);
    inflight.set(key, p);
    try {
        return await p;
    }
    finally {
        inflight.delete(key);
    }
}
/** A shared result, with its directory also on this caller's PATH. */
function withPath(r, env) {
    if (env !== process.env)
        env.PATH = `${external_node_path_.dirname(r.path)}${external_node_path_.delimiter}${env.PATH ?? ''}`;
    return { ...r };
}
/** The mismatch of a downloaded release file with its expected digest, in words that say what to do. */
function mismatchMessage(o) {
    const { file, expected, actual } = o;
    const where = `downloaded from ${o.url}; the file was deleted and nothing from it was extracted or run`;
    const base = `checksum mismatch for ${file}: expected ${expected.sha256}, got ${actual}`;
    if (expected.from === 'input')
        return (`input ${CHECKSUM_INPUT}: ${base} (${where}). The checksum given is not this file's: ` +
            `is it the checksum of another file of the release (another architecture or package)? ` +
            `Give the line of ${file} in the release's ${o.checksumsFile}`);
    return `${base} (${expected.by}; ${where})`;
}
async function fromCacheOrDownload(o, env) {
    const { tool, version, arch, expected } = o;
    const { sha256 } = expected;
    const release = tools_checksums/* RELEASES */.pH[tool];
    // loaded on first use: a tool found on PATH needs none of it (its HTTP client is a large module)
    const tc = await Promise.all(/* import() */[__webpack_require__.e(88), __webpack_require__.e(805)]).then(__webpack_require__.bind(__webpack_require__, 59805));
    const cached = tc.find(tool, version, process.arch);
    if (cached) {
        const bin = external_node_path_.join(cached, release.binary);
        const stamp = readStamp(cached);
        if (isExecutable(bin) && stamp?.sha256 === sha256) {
            core/* info */.pq(`${tool} ${version}: ${bin} (tool cache, from ${stamp.file} sha256:${sha256})`);
            addToPath(cached, env);
            return { path: bin, version, source: 'cache' };
        }
        core/* info */.pq(`${tool} ${version} in the tool cache (${cached}) was not verified against sha256:${sha256}: replacing it`);
    }
    const file = (0,tools_checksums/* releaseFileName */.pJ)(tool, version, arch);
    const url = (0,tools_checksums/* releaseUrl */.XA)(tool, version, arch, o.baseUrl);
    const work = external_node_path_.join(o.temp, `imagegate-${tool}-${external_node_crypto_.randomUUID()}`);
    const archive = external_node_path_.join(work, file);
    const start = Date.now();
    try {
        core/* info */.pq(`${tool} ${version}: downloading ${url}`);
        await downloadReleaseFile(url, archive, `${tool} ${version}`);
        const actual = await sha256File(archive);
        if (actual !== sha256) {
            external_node_fs_.rmSync(archive, { force: true });
            throw new Error(mismatchMessage({ file, url, expected, actual, checksumsFile: release.checksumsFile(version) }));
        }
        core/* info */.pq(`${file}: sha256:${actual} verified (${expected.by})`);
        const content = external_node_path_.join(work, 'content');
        external_node_fs_.mkdirSync(content);
        if (release.kind === 'tar.gz') {
            try {
                await (0,tar/* extractTree */.MO)(archive, content);
            }
            catch (e) {
                throw new Error(`could not extract ${file}: ${e.message}`, { cause: e });
            }
        }
        else {
            external_node_fs_.copyFileSync(archive, external_node_path_.join(content, release.binary));
        }
        const bin = external_node_path_.join(content, release.binary);
        if (!external_node_fs_.existsSync(bin) || !external_node_fs_.statSync(bin).isFile())
            throw new Error(`${file} (sha256:${actual}) holds no ${release.binary} at its top`);
        external_node_fs_.chmodSync(bin, 0o755);
        const stamp = {
            file,
            url,
            sha256: actual,
            from: expected.from,
            by: expected.by,
            ...(expected.identity ? { identity: expected.identity } : {})
        };
        external_node_fs_.writeFileSync(external_node_path_.join(content, STAMP), `${JSON.stringify(stamp)}\n`);
        const dir = await tc.cacheDir(content, tool, version, process.arch);
        addToPath(dir, env);
        core/* info */.pq(`${tool} ${version}: ${external_node_path_.join(dir, release.binary)} (downloaded, verified, cached)`);
        return { path: external_node_path_.join(dir, release.binary), version, source: 'download' };
    }
    finally {
        (0,exec/* recordTiming */.oo)('tools', `${DOWNLOAD}${tool}`, start);
        external_node_fs_.rmSync(work, { recursive: true, force: true });
    }
}


/***/ }),

/***/ 60879:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Oy: () => (/* binding */ runFsScan),
/* harmony export */   bu: () => (/* binding */ FsScanError),
/* harmony export */   iq: () => (/* binding */ topFolder)
/* harmony export */ });
/* unused harmony exports hasMisconfigScanners, fsScanArgs */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73190);
/* harmony import */ var _env_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76331);
/* harmony import */ var _scan_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(54911);
// A run's `trivy fs` processes: the misconfiguration scan of the catalog's Dockerfiles (config.ts), started
// with the run, and the secret scan of the run's hidden files (hidden-files.ts), once every platform has
// given its own. They were one process while a Trivy start cost about a second of CPU (v0.44 compiled
// every rego check at start); from v0.55 on Trivy loads its checks only for a misconfiguration scan, so
// the secret scan starts in 0.05 s and the Dockerfile checks no longer wait for the last build.




/**
 * `--misconfig-scanners` (Trivy v0.48): only the Dockerfile checks run, so a hidden YAML or JSON file
 * costs no Kubernetes or CloudFormation check. An unnumbered build has it when it has the v0.52 skip flag.
 */
function hasMisconfigScanners(version) {
    const m = /^(\d+)\.(\d+)\./.exec(version.version);
    if (m)
        return Number(m[1]) > 0 || Number(m[2]) >= 48;
    return version.skipChecksFlag === '--skip-check-update';
}
/**
 * Pure: the argv of the run's `trivy fs` (`trivy config` is this very scan with misconfig only). The
 * misconfiguration scanner is `misconfig` from v0.48 on, where `config` is a deprecated alias; before it,
 * `config` is its only name.
 */
function fsScanArgs(o) {
    const current = hasMisconfigScanners(o.version);
    const scanners = [
        ...(o.secret ? ['secret'] : []),
        ...(o.misconfig ? [current ? 'misconfig' : 'config'] : [])
    ];
    return [
        'fs',
        '--scanners',
        scanners.join(','),
        ...(o.misconfig && current ? ['--misconfig-scanners', 'dockerfile'] : []),
        '--format',
        'json',
        '--output',
        o.output,
        '--cache-dir',
        o.cacheDir,
        '--skip-db-update',
        o.version.skipChecksFlag,
        '--timeout',
        (0,_scan_js__WEBPACK_IMPORTED_MODULE_3__/* .trivyTimeout */ .cC)(o.limit),
        '--quiet',
        o.dir
    ];
}
/**
 * Runs the scan of `dir` and returns its JSON report's text (each part parses its own results from it).
 * `subject` names what it reads (in a timeout's error). No `--exit-code`: a Trivy that exits non-zero, or
 * exits 0 without a report, failed: an FsScanError, which each part words as its own failure.
 */
async function runFsScan(o) {
    node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync(o.output, { force: true });
    const r = await (0,_env_js__WEBPACK_IMPORTED_MODULE_2__/* .runTrivy */ .m)(o.trivy, fsScanArgs(o), { stage: 'scan', limit: o.limit, subject: o.subject });
    if (r.exitCode !== 0) {
        const said = (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__.tail)(r.stderr || r.stdout, 5) || '(no message: Trivy says nothing on some failures)';
        throw new FsScanError(`trivy exited ${r.exitCode}: ${said}`);
    }
    if (!node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync(o.output))
        throw new FsScanError('trivy exited 0 but wrote no report');
    return node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync(o.output, 'utf8');
}
/** A Trivy that failed (a non-zero exit, no report): each part words its own error from it. */
class FsScanError extends Error {
    name = 'FsScanError';
}
/** A report's result's top-level folder below the scanned root (Trivy's targets are relative to it). */
function topFolder(target) {
    const rel = target.replace(/^\/+/, '');
    const slash = rel.indexOf('/');
    return slash < 0 ? { folder: rel, rest: '' } : { folder: rel.slice(0, slash), rest: rel.slice(slash + 1) };
}


/***/ }),

/***/ 42528:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ HiddenFileScan)
/* harmony export */ });
/* unused harmony export hiddenFiles */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33838);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _oci_layout_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(25823);
/* harmony import */ var _oci_tar_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(29654);
/* harmony import */ var _fs_scan_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(60879);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(83730);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(76744);
// Files an image no longer shows but still ships: added in one layer, deleted (whiteout) or replaced in
// a later one. Trivy's image scan keeps the secrets of every layer it secret-scans, hidden files included,
// but it does not secret-scan the layers it takes for the base image's (every layer up to the last CMD of
// the history that a layer follows: its guessBaseLayers), so a secret added there and deleted later would
// pass (__tests__/trivy/layer-secrets.test.ts). These files are extracted from their own layer and given to
// Trivy's secret scanner, one Trivy process for every platform of the run (HiddenFileScan, fs-scan.ts).








const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';
/**
 * Pure: for each layer's entries (in layer order), the files of each layer that a later layer deletes
 * (whiteout), hides (opaque directory) or replaces. Only what has content counts: regular files and hard
 * links (their target's content); whiteout markers, directories and symbolic links do not.
 */
function hiddenFiles(layers) {
    const out = [];
    const parsed = layers.map(entries => {
        const files = [];
        const deleted = new Set();
        const opaque = new Set();
        const present = new Set();
        for (const entry of entries) {
            const p = (0,_oci_tar_js__WEBPACK_IMPORTED_MODULE_4__/* .entryPath */ .s3)(entry.name);
            // the root, and names that climb out of it (no image filesystem holds them: containerd refuses them)
            if (p === '.' || p === '..' || p.startsWith('../'))
                continue;
            const base = node_path__WEBPACK_IMPORTED_MODULE_2__.posix.basename(p);
            const dir = node_path__WEBPACK_IMPORTED_MODULE_2__.posix.dirname(p);
            if (base === OPAQUE)
                opaque.add(dir === '.' ? '' : dir);
            else if (base.startsWith(WHITEOUT))
                deleted.add(node_path__WEBPACK_IMPORTED_MODULE_2__.posix.join(dir, base.slice(WHITEOUT.length)));
            else {
                present.add(p);
                if (entry.type === 'file')
                    files.push({ path: p, source: p });
                else if (entry.type === 'link' && entry.linkname)
                    files.push({ path: p, source: (0,_oci_tar_js__WEBPACK_IMPORTED_MODULE_4__/* .entryPath */ .s3)(entry.linkname) });
            }
        }
        return { files, deleted, opaque, present };
    });
    parsed.forEach((layer, i) => {
        for (const file of layer.files) {
            for (let j = i + 1; j < parsed.length; j++) {
                const later = parsed[j];
                const underDeleted = [...later.deleted].some(d => file.path === d || file.path.startsWith(`${d}/`));
                const underOpaque = [...later.opaque].some(d => d === '' || file.path.startsWith(`${d}/`));
                if (underDeleted || underOpaque || later.present.has(file.path)) {
                    const how = later.present.has(file.path) ? 'replaced' : 'deleted';
                    out.push({ layer: i, path: file.path, how: `${how} in layer ${j + 1}`, source: file.source });
                    break;
                }
            }
        }
    });
    return out;
}
/**
 * The run's scan of hidden files: every platform adds its extracted files (or skips, when its evidence
 * came from the results cache), and one `trivy fs` reads them all once every image has submitted as many
 * times as it has platforms, or has been released (its flow ended early), or `close` was called. The
 * findings are split back per platform by folder. A submission that comes after that scan (an image
 * released too early) gets a scan of its own. Also keeps the run's layer listings, once per digest: images
 * share layers (their base) and so do the platforms of one image.
 *
 * Created once per run, with every image of the plan.
 */
class HiddenFileScan {
    o;
    images = new Map();
    listings = new Map();
    pending = [];
    submissions = 0;
    scans = 0;
    closed = false;
    constructor(o) {
        this.o = o;
        for (const image of o.images)
            this.images.set(image, { submitted: 0, released: false });
    }
    /** Trivy processes this object started. */
    get trivyRuns() {
        return this.scans;
    }
    /**
     * Lists the platform's layers, extracts the files later layers hide, and queues them for the run's
     * scan. Resolves once they are extracted (call it as soon as the platform's layout is read, outside any
     * bound on scans: the run's scan waits for every platform's files); await `findings` outside any slot
     * too. Counts as the platform's submission even when it fails.
     */
    async add(job, trivy) {
        this.state(job.image);
        const what = `${job.image} ${job.platform}`;
        const id = String(++this.submissions);
        try {
            const lists = await Promise.all(job.layers.map(layer => this.listing(job.layoutDir, layer, what)));
            const skip = job.skip;
            const hidden = hiddenFiles(lists).filter(h => !skip || !(0,_options_js__WEBPACK_IMPORTED_MODULE_6__/* .isSkipped */ .JR)(h.path, skip));
            if (hidden.length === 0)
                return { files: 0, findings: Promise.resolve([]) };
            const dir = node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.o.work, 'staged', id);
            node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync(dir, { recursive: true, force: true });
            const where = new Map();
            for (const [index, layer] of job.layers.entries()) {
                const files = hidden.filter(h => h.layer === index);
                if (files.length === 0)
                    continue;
                const wanted = new Map();
                for (const f of files)
                    wanted.set(f.source, [
                        ...(wanted.get(f.source) ?? []),
                        node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, `layer-${index + 1}`, f.path)
                    ]);
                let written;
                try {
                    written = await (0,_oci_tar_js__WEBPACK_IMPORTED_MODULE_4__/* .extractFiles */ .lm)((0,_oci_layout_js__WEBPACK_IMPORTED_MODULE_3__/* .blobPath */ .nD)(job.layoutDir, layer.digest), wanted);
                }
                catch (err) {
                    throw new Error(`${what}: cannot extract from layer ${layer.digest}: ${message(err)}`, {
                        cause: err
                    });
                }
                for (const f of files) {
                    if (written.has(f.source))
                        where.set(`layer-${index + 1}/${f.path}`, `/${f.path} (${f.how}, still in layer ${index + 1})`);
                    else
                        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`${what}: /${f.path} (${f.how}) has no content in layer ${index + 1}: not scanned`);
                }
            }
            if (where.size === 0)
                return { files: 0, findings: Promise.resolve([]) };
            let resolve = () => undefined;
            let reject = () => undefined;
            const findings = new Promise((res, rej) => {
                resolve = res;
                reject = rej;
            });
            findings.catch(() => undefined); // its owner may have failed before awaiting it
            this.pending.push({ id, what, dir, where, trivy, resolve, reject });
            return { files: where.size, findings };
        }
        finally {
            this.count(job.image, job.platforms);
        }
    }
    /** A platform that adds nothing (its evidence came from the results cache). */
    skip(image, platforms) {
        this.state(image);
        this.count(image, platforms);
    }
    /** The image submits nothing more: its flow ended (failed) before all its platforms did. Idempotent. */
    release(image) {
        this.state(image).released = true;
        this.flushWhenDone();
    }
    /** No more submissions from anyone: scan what was added. */
    close() {
        this.closed = true;
        this.flushWhenDone();
    }
    state(image) {
        const state = this.images.get(image);
        if (!state)
            throw new Error(`the hidden-file scan was not told of image ${image}`);
        return state;
    }
    count(image, platforms) {
        const state = this.state(image);
        state.expected ??= platforms;
        state.submitted++;
        this.flushWhenDone();
    }
    listing(layoutDir, layer, what) {
        let listing = this.listings.get(layer.digest);
        if (!listing) {
            // a digest names the same bytes in every layout: each distinct layer is read once per run
            listing = (0,_oci_tar_js__WEBPACK_IMPORTED_MODULE_4__/* .listTar */ .wl)((0,_oci_layout_js__WEBPACK_IMPORTED_MODULE_3__/* .blobPath */ .nD)(layoutDir, layer.digest));
            this.listings.set(layer.digest, listing);
            listing.catch(() => this.listings.delete(layer.digest)); // a failed listing is not kept
        }
        return listing.catch((err) => {
            throw new Error(`${what}: cannot list layer ${layer.digest}: ${message(err)}`, { cause: err });
        });
    }
    flushWhenDone() {
        const done = this.closed ||
            [...this.images.values()].every(s => s.released || (s.expected !== undefined && s.submitted >= s.expected));
        if (!done || this.pending.length === 0)
            return;
        const batch = this.pending;
        this.pending = [];
        void this.scan(batch);
    }
    /** One `trivy fs` (secrets only) over the batch's folders; each submission gets its own findings. */
    async scan(batch) {
        const hiddenOf = `the hidden files of ${batch.map(s => s.what).join(', ')}`;
        const root = node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.o.work, `scan-${++this.scans}`);
        const output = node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.o.work, `scan-${this.scans}.json`);
        try {
            node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync(root, { recursive: true, force: true });
            node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync(root, { recursive: true });
            for (const s of batch)
                node_fs__WEBPACK_IMPORTED_MODULE_1__.renameSync(s.dir, node_path__WEBPACK_IMPORTED_MODULE_2__.join(root, s.id));
            const trivy = batch[0].trivy;
            const text = await (0,_fs_scan_js__WEBPACK_IMPORTED_MODULE_5__/* .runFsScan */ .Oy)({
                ...trivy,
                dir: root,
                output,
                secret: true,
                misconfig: false,
                subject: hiddenOf
            });
            this.splitHidden(batch, text, output);
        }
        catch (err) {
            const failed = err instanceof _fs_scan_js__WEBPACK_IMPORTED_MODULE_5__/* .FsScanError */ .bu
                ? new Error(`the secret scan of ${hiddenOf} failed: ${err.message}`, { cause: err })
                : err;
            for (const s of batch)
                s.reject(failed);
        }
    }
    /** The secrets of each submission's folder. */
    splitHidden(batch, text, output) {
        const report = (0,_report_js__WEBPACK_IMPORTED_MODULE_7__/* .parseReport */ .MM)(text, output);
        const byId = new Map(batch.map(s => [s.id, { submission: s, findings: [] }]));
        const secrets = (report.Results ?? []).map(res => ({ Target: res.Target, Secrets: res.Secrets }));
        for (const f of (0,_report_js__WEBPACK_IMPORTED_MODULE_7__/* .findingsOf */ .WX)({ ...report, Results: secrets })) {
            const { folder, rest } = (0,_fs_scan_js__WEBPACK_IMPORTED_MODULE_5__/* .topFolder */ .iq)(f.pkg);
            const owner = byId.get(folder);
            const shown = owner?.submission.where.get(rest);
            if (!owner || !shown)
                throw new Error(`the secret scan of hidden files names ${f.pkg}, not a file it was given`);
            owner.findings.push({ ...f, pkg: shown, target: shown });
        }
        for (const { submission, findings } of byId.values())
            submission.resolve(findings);
    }
}
function message(err) {
    return err instanceof Error ? err.message : String(err);
}


/***/ })

};
