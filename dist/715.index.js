export const id = 715;
export const ids = [715];
export const modules = {

/***/ 40715:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


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
// EXTERNAL MODULE: ./src/exec.ts + 1 modules
var exec = __webpack_require__(14981);
// EXTERNAL MODULE: ./src/gate/gate.ts
var gate = __webpack_require__(4512);
// EXTERNAL MODULE: ./src/report/run-summary.ts
var run_summary = __webpack_require__(13642);
// EXTERNAL MODULE: ./src/cache/results.ts
var results = __webpack_require__(17044);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 10 modules
var schemas = __webpack_require__(13798);
// EXTERNAL MODULE: ./src/trivy/env.ts
var env = __webpack_require__(76331);
// EXTERNAL MODULE: ./src/json.ts
var src_json = __webpack_require__(8301);
;// CONCATENATED MODULE: ./src/trivy/config.ts
// Trivy's Dockerfile misconfiguration scan (`trivy config`): every image's Dockerfile, alone, in one call.






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
function configArgs(o) {
    return [
        'config',
        '--format',
        'json',
        '--output',
        o.output,
        '--cache-dir',
        o.cacheDir,
        o.version.skipChecksFlag,
        '--quiet',
        o.dir
    ];
}
/**
 * One `trivy config` for every image's Dockerfile (its rego checks take seconds to load, per call): each
 * Dockerfile is copied alone to `<work>/<key>/Dockerfile`, so no other file of a context is read, and the
 * report is split back per key, one report file per key (`outputFor`).
 */
async function scanDockerfiles(o) {
    const found = new Map();
    if (o.dockerfiles.size === 0)
        return found;
    external_node_fs_.rmSync(o.work, { recursive: true, force: true });
    for (const [key, file] of o.dockerfiles) {
        if (!/^[a-z0-9][a-z0-9._-]*$/.test(key))
            throw new Error(`not a directory name: ${key}`);
        external_node_fs_.mkdirSync(external_node_path_.join(o.work, 'files', key), { recursive: true });
        external_node_fs_.copyFileSync(file, external_node_path_.join(o.work, 'files', key, 'Dockerfile'));
    }
    const output = external_node_path_.join(o.work, 'config.trivy.json');
    const r = await (0,env/* runTrivy */.m)(o.trivy, configArgs({ dir: external_node_path_.join(o.work, 'files'), output, cacheDir: o.cacheDir, version: o.version }), { stage: 'rules' });
    const names = [...o.dockerfiles.keys()].join(', ');
    if (r.exitCode !== 0)
        throw new Error(`the Dockerfile scan of ${names} failed: trivy exited ${r.exitCode}: ${(0,exec/* tail */.RT)(r.stderr, 5)}`);
    const text = external_node_fs_.readFileSync(output, 'utf8');
    parseConfigReport(text, output); // the whole report is checked before it is split
    const report = JSON.parse(text);
    for (const key of o.dockerfiles.keys()) {
        const own = {
            ...report,
            Results: (report.Results ?? []).filter(res => res.Target === `${key}/Dockerfile`)
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
// when the same Dockerfiles were scanned with the same Trivy before.





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
        compute: () => scanDockerfiles({
            trivy: scanner.trivy,
            version: scanner.version,
            dockerfiles: o.dockerfiles,
            work: o.work,
            outputFor: o.outputFor,
            cacheDir: scanner.db.cacheDir
        }),
        store: (_found, results, entryKey) => void results.put(entryKey, new Map(names.map(n => [entry(n), o.outputFor(n)])))
    });
    return value;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/plan/grammar.ts
var grammar = __webpack_require__(37530);
;// CONCATENATED MODULE: ./src/oci/layout.ts
// Reading an OCI image layout directory (`oci-layout`, `index.json`, `blobs/sha256/*`), as
// `buildx build -o type=oci,dest=DIR,tar=false` writes it, and writing the index of a one-image layout.
// Every manifest and config read is checked against its digest; layers are checked for size here and
// hashed by `verifyBlob` before an upload.





const MEDIA = {
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json'
};
const INDEX_TYPES = [MEDIA.ociIndex, MEDIA.dockerList];
const MANIFEST_TYPES = [MEDIA.ociManifest, MEDIA.dockerManifest];
function sha256(bytes) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
}
function blobPath(dir, digest) {
    if (!grammar/* DIGEST */.Dh.test(digest))
        throw new Error(`unsupported or invalid digest "${digest}" in ${dir}`);
    return external_node_path_.join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length));
}
/**
 * Writes `oci-layout` and an `index.json` naming one manifest into `dir`: the layout of that image alone
 * (its blobs are the caller's to provide).
 */
function writeSingleIndex(dir, manifest) {
    external_node_fs_.mkdirSync(dir, { recursive: true });
    external_node_fs_.writeFileSync(external_node_path_.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    const index = { schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests: [manifest] };
    external_node_fs_.writeFileSync(external_node_path_.join(dir, 'index.json'), JSON.stringify(index));
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function asDescriptor(v, where) {
    if (!isObject(v) || typeof v.digest !== 'string' || typeof v.size !== 'number') {
        throw new Error(`${where}: not a descriptor (digest and size are required)`);
    }
    if (!grammar/* DIGEST */.Dh.test(v.digest))
        throw new Error(`${where}: unsupported or invalid digest "${v.digest}"`);
    return { ...v, mediaType: typeof v.mediaType === 'string' ? v.mediaType : '' };
}
/** Reads a blob whole and checks its size and sha256 against the descriptor. */
function readBlob(dir, d) {
    const file = blobPath(dir, d.digest);
    if (!external_node_fs_.existsSync(file))
        throw new Error(`${dir}: blob ${d.digest} is missing`);
    const bytes = external_node_fs_.readFileSync(file);
    if (bytes.length !== d.size) {
        throw new Error(`${dir}: blob ${d.digest} has ${bytes.length} bytes, its descriptor says ${d.size}`);
    }
    const actual = sha256(bytes);
    if (actual !== d.digest)
        throw new Error(`${dir}: blob ${d.digest} is corrupt (its sha256 is ${actual})`);
    return bytes;
}
/** Hashes a blob file as a stream (layers can be large) and checks it against the descriptor. */
async function verifyBlob(dir, d) {
    const file = blobPath(dir, d.digest);
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    for await (const chunk of external_node_fs_.createReadStream(file)) {
        hash.update(chunk);
        size += chunk.length;
    }
    const actual = `sha256:${hash.digest('hex')}`;
    if (size !== d.size)
        throw new Error(`${dir}: blob ${d.digest} has ${size} bytes, its descriptor says ${d.size}`);
    if (actual !== d.digest)
        throw new Error(`${dir}: blob ${d.digest} is corrupt (its sha256 is ${actual})`);
}
function parseJson(bytes, where) {
    const v = (0,src_json/* parseJson */.q)(bytes.toString('utf8'), reason => `${where}: not valid JSON: ${reason}`);
    if (!isObject(v))
        throw new Error(`${where}: not a JSON object`);
    return v;
}
/** The media type of a manifest blob: its own `mediaType`, which must agree with the descriptor's. */
function manifestType(d, doc, where) {
    const own = typeof doc.mediaType === 'string' ? doc.mediaType : '';
    if (own && d.mediaType && own !== d.mediaType) {
        throw new Error(`${where}: the descriptor says ${d.mediaType}, the manifest says ${own}`);
    }
    const type = own || d.mediaType || (Array.isArray(doc.manifests) ? MEDIA.ociIndex : MEDIA.ociManifest);
    if (!INDEX_TYPES.includes(type) && !MANIFEST_TYPES.includes(type)) {
        throw new Error(`${where}: unsupported media type ${type}`);
    }
    return type;
}
function parseIndex(doc, where) {
    if (!Array.isArray(doc.manifests))
        throw new Error(`${where}: an index needs a "manifests" array`);
    const manifests = doc.manifests.map((m, i) => asDescriptor(m, `${where} manifests[${i}]`));
    return { ...doc, manifests };
}
function parseManifest(doc, where) {
    if (!Array.isArray(doc.layers))
        throw new Error(`${where}: a manifest needs a "layers" array`);
    const config = asDescriptor(doc.config, `${where} config`);
    const layers = doc.layers.map((l, i) => asDescriptor(l, `${where} layers[${i}]`));
    return { ...doc, config, layers };
}
function readLayout(dir) {
    const indexFile = external_node_path_.join(dir, 'index.json');
    if (!external_node_fs_.existsSync(indexFile))
        throw new Error(`${dir} is not an OCI image layout (no index.json)`);
    const layoutFile = external_node_path_.join(dir, 'oci-layout');
    if (external_node_fs_.existsSync(layoutFile)) {
        const version = parseJson(external_node_fs_.readFileSync(layoutFile), layoutFile).imageLayoutVersion;
        if (version !== '1.0.0')
            throw new Error(`${layoutFile}: unsupported imageLayoutVersion ${String(version)}`);
    }
    const top = parseIndex(parseJson(external_node_fs_.readFileSync(indexFile), indexFile), indexFile);
    if (top.manifests.length !== 1) {
        throw new Error(`${indexFile}: expected exactly one image, found ${top.manifests.length} descriptors`);
    }
    const children = [];
    const blobs = new Map();
    const seen = new Set();
    // Depth first, children before parents, each manifest once.
    const visit = (d, where) => {
        const bytes = readBlob(dir, d);
        const doc = parseJson(bytes, `${where} (${d.digest})`);
        const mediaType = manifestType(d, doc, `${where} (${d.digest})`);
        const descriptor = { ...d, mediaType };
        if (INDEX_TYPES.includes(mediaType)) {
            const index = parseIndex(doc, `${where} (${d.digest})`);
            for (const [i, child] of index.manifests.entries()) {
                if (seen.has(child.digest))
                    continue;
                seen.add(child.digest);
                children.push(visit(child, `${where} manifests[${i}]`));
            }
            return { descriptor, bytes, manifest: index };
        }
        const manifest = parseManifest(doc, `${where} (${d.digest})`);
        for (const b of [manifest.config, ...manifest.layers]) {
            const file = blobPath(dir, b.digest);
            if (!external_node_fs_.existsSync(file))
                throw new Error(`${dir}: blob ${b.digest} (${where}) is missing`);
            const size = external_node_fs_.statSync(file).size;
            if (size !== b.size) {
                throw new Error(`${dir}: blob ${b.digest} has ${size} bytes, its descriptor says ${b.size}`);
            }
            if (!blobs.has(b.digest))
                blobs.set(b.digest, b);
        }
        return { descriptor, bytes, manifest };
    };
    const rootDescriptor = top.manifests[0];
    const root = visit(rootDescriptor, 'index.json');
    const layout = {
        dir,
        root: root.descriptor,
        rootBytes: root.bytes,
        rootManifest: root.manifest,
        kind: INDEX_TYPES.includes(root.descriptor.mediaType) ? 'index' : 'manifest',
        children,
        blobs: [...blobs.values()]
    };
    if (layout.kind === 'manifest') {
        const config = root.manifest.config;
        const doc = parseJson(readBlob(dir, config), `config ${config.digest}`);
        if (typeof doc.os === 'string' && typeof doc.architecture === 'string') {
            layout.rootPlatform = { os: doc.os, architecture: doc.architecture };
            if (typeof doc.variant === 'string')
                layout.rootPlatform.variant = doc.variant;
        }
        else if (rootDescriptor.platform) {
            layout.rootPlatform = rootDescriptor.platform;
        }
    }
    return layout;
}
function isAttestation(d) {
    return (d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
        (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown'));
}
function formatPlatform(p) {
    return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}
/** The real platforms of the layout's image (attestation manifests left out). */
function platformManifests(layout) {
    const entry = (p, d) => {
        const out = {
            platform: formatPlatform(p),
            os: p.os,
            architecture: p.architecture,
            digest: d.digest,
            size: d.size,
            mediaType: d.mediaType
        };
        if (p.variant)
            out.variant = p.variant;
        return out;
    };
    if (layout.kind === 'manifest') {
        return layout.rootPlatform ? [entry(layout.rootPlatform, layout.root)] : [];
    }
    const index = layout.rootManifest;
    return index.manifests
        .filter(d => d.platform && !isAttestation(d) && MANIFEST_TYPES.includes(d.mediaType || MEDIA.ociManifest))
        .map(d => entry(d.platform, d));
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(56118);
;// CONCATENATED MODULE: ./src/oci/tar.ts
// Tar archives in this process, through tar-stream: the entries of a layer (gzip-compressed or not) read
// as a stream with file contents skipped unread, chosen files written out, and an archive written from
// files on disk (the image a smoke test loads). No `tar` child.




/**
 * The entry's name as a path below the archive's root, normalized: no `./`, no leading or trailing `/`;
 * `.` for the root itself, and a path starting with `../` for a name that climbs out of it.
 */
function entryPath(name) {
    return external_node_path_.posix.normalize(name.replace(/^\/+/, '')).replace(/(.)\/+$/, '$1');
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
    const handle = await external_node_fs_.promises.open(file, 'r');
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
        const input = external_node_fs_.createReadStream(file, { highWaterMark: 256 * 1024 });
        // gunzip in 128 KiB pieces rather than 16: a fifth less CPU on a large layer
        const gzip = head.subarray(0, 2).equals(GZIP);
        const source = gzip ? input.pipe(external_node_zlib_.createGunzip({ chunkSize: 128 * 1024 })) : input;
        const entries = (0,tar_stream.extract)();
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
        external_node_fs_.mkdirSync(external_node_path_.dirname(first), { recursive: true });
        await writeBody(first, body);
        for (const copy of copies) {
            external_node_fs_.mkdirSync(external_node_path_.dirname(copy), { recursive: true });
            external_node_fs_.copyFileSync(first, copy);
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
        const out = external_node_path_.join(dest, rel);
        if (entry.type === 'directory')
            external_node_fs_.mkdirSync(out, { recursive: true });
        if (entry.type !== 'file')
            return;
        external_node_fs_.mkdirSync(external_node_path_.dirname(out), { recursive: true });
        await writeBody(out, body, entry.mode & 0o100 ? 0o755 : 0o644);
    });
}
async function writeBody(out, body, mode = 0o644) {
    const handle = await external_node_fs_.promises.open(out, 'w', mode);
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
    const archive = (0,tar_stream.pack)();
    const output = external_node_fs_.createWriteStream(dest);
    const written = new Promise((resolve, reject) => {
        output.on('finish', resolve);
        output.on('error', reject);
        archive.on('error', reject);
    });
    archive.pipe(output);
    try {
        for (const entry of entries) {
            const stat = await external_node_fs_.promises.stat(entry.file);
            await new Promise((resolve, reject) => {
                const sink = archive.entry({ name: entry.name, size: stat.size, mode: 0o644, mtime: new Date(0) }, err => (err ? reject(err) : resolve()));
                const input = external_node_fs_.createReadStream(entry.file);
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
        archive.destroy(err instanceof Error ? err : new Error(String(err)));
    }
    await written;
}

;// CONCATENATED MODULE: ./src/docker/smoke.ts
// The image contract smoke test: run the built image as it will run in production (read-only root,
// writable /tmp, no capabilities, no privilege escalation) with the catalog's environment, wait for the
// health endpoint (or the HEALTHCHECK), check the process is not root, and always remove the container
// and the image it ran: only the tested platform's image is loaded, under a name of imagegate's own.







/** The platform docker runs natively here (no emulation). */
function nativePlatform(arch = process.arch) {
    return arch === 'arm64' ? 'linux/arm64' : 'linux/amd64';
}
/** The environment for the run: catalog values, null ones from the inputs; missing ones are an error. */
function smokeEnv(image, smoke, values) {
    const env = {};
    const missing = [];
    for (const [name, value] of Object.entries(smoke.env ?? {})) {
        const v = value ?? values[name];
        if (v === undefined)
            missing.push(name);
        else
            env[name] = v;
    }
    if (missing.length > 0) {
        throw new Error(`${image}: smoke test needs ${missing.join(', ')} (catalog smoke.env is null: give it in the smoke-env input)`);
    }
    return env;
}
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
    return await (0,exec/* exec */.m0)('docker', args, { ...o, stage: 'rules' });
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
    const blobs = [...new Set(digests)].map(d => external_node_path_.relative(layoutDir, blobPath(layoutDir, d)));
    writeSingleIndex(dir, {
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
        await writeTar(tarFile, [
            { name: 'oci-layout', file: external_node_path_.join(dir, 'oci-layout') },
            { name: 'index.json', file: external_node_path_.join(dir, 'index.json') },
            ...blobs.map(name => ({ name, file: external_node_path_.join(o.layoutDir, name) }))
        ]);
    }
    catch (err) {
        throw new Error(`could not archive the image for the smoke test: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const r = await docker(['load', '--input', tarFile]);
    external_node_fs_.rmSync(tarFile, { force: true });
    const loaded = /Loaded image: (\S+)/.exec(r.stdout)?.[1];
    const id = /Loaded image ID: (sha256:[a-f0-9]{64})/.exec(r.stdout)?.[1];
    if (r.exitCode !== 0 || !(loaded ?? id))
        throw new Error(`docker load failed: ${(0,exec/* tail */.RT)(r.stderr || r.stdout)}`);
    return (loaded ?? id);
}
async function smokeTest(o) {
    const work = external_node_fs_.mkdtempSync(external_node_path_.join(external_node_os_.tmpdir(), 'imagegate-smoke-'));
    const unique = `${process.pid}-${Date.now().toString(36)}`;
    const name = `imagegate-smoke-${o.image}-${unique}`;
    const what = `${o.image} ${o.platform}`;
    let started = false;
    const imageName = smokeImageName(o.image, unique);
    let ref;
    try {
        const env = smokeEnv(o.image, o.smoke, o.values);
        ref = await loadPlatform(o, imageName, work);
        const health = o.smoke.health;
        const run = await docker(runArgs({ name, ref, platform: o.platform, env: Object.keys(env), port: health?.port }), {
            env: { ...process.env, ...env }
        });
        if (run.exitCode !== 0)
            return { passed: false, message: `${what}: the container did not start: ${(0,exec/* tail */.RT)(run.stderr, 5)}` };
        started = true;
        const deadline = Date.now() + (o.timeoutSeconds ?? o.smoke.timeout ?? 60) * 1000;
        let healthy = false;
        let last = '';
        while (!healthy && Date.now() < deadline) {
            const state = await docker([
                'inspect',
                '--format',
                '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}',
                name
            ]);
            const [status, hc] = state.stdout.trim().split(' ');
            if (status !== 'running') {
                last = `the container stopped (${status})`;
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
                        last = `GET ${health.path}: ${err.message}`;
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
                logs: (0,exec/* tail */.RT)(logs.stdout + logs.stderr, 20)
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
        if (started)
            await docker(['rm', '--force', name]);
        // only the name given above goes (never by ID: the engine may have held these bytes under other names)
        if (ref === imageName) {
            // the engine may still hold the removed container's reference for a moment: one more try
            let rm = await docker(['image', 'rm', imageName]);
            if (rm.exitCode !== 0) {
                await new Promise(resolve => setTimeout(resolve, 1000));
                rm = await docker(['image', 'rm', imageName]);
            }
            if (rm.exitCode !== 0)
                core/* info */.pq(`${what}: could not remove ${imageName}: ${(0,exec/* tail */.RT)(rm.stderr || rm.stdout)}`);
        }
        external_node_fs_.rmSync(work, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/hardening/dockerfile.ts

function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/** The instructions of a Dockerfile, with the escape character its `# escape=` directive sets. */
function parseDockerfile(text) {
    const lines = text.split(/\r?\n/);
    let escape = '\\';
    let i = 0;
    // Parser directives: only at the very top, before any comment, blank line or instruction.
    for (; i < lines.length; i++) {
        const d = /^\s*#\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*(\S+)\s*$/.exec(lines[i] ?? '');
        if (!d)
            break;
        if (d[1]?.toLowerCase() === 'escape' && (d[2] === '`' || d[2] === '\\'))
            escape = d[2];
    }
    const continuation = new RegExp(`${escapeRegExp(escape)}[ \\t]*$`);
    const instructions = [];
    while (i < lines.length) {
        const first = (lines[i] ?? '').trimStart();
        const line = ++i;
        if (first === '' || first.startsWith('#'))
            continue;
        let text = first;
        let more = continuation.test(text);
        if (more)
            text = text.replace(continuation, '');
        while (more && i < lines.length) {
            const next = lines[i++] ?? '';
            if (next.trimStart().startsWith('#') || next.trim() === '')
                continue;
            more = continuation.test(next);
            text += more ? next.replace(continuation, '') : next;
        }
        const m = /^(\S+)\s*([\s\S]*)$/.exec(text);
        if (!m)
            continue;
        const keyword = m[1].toUpperCase();
        const args = m[2].trim();
        if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') {
            // heredocs: their bodies are not instructions
            for (const h of args.matchAll(/<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g)) {
                const word = h[3];
                while (i < lines.length) {
                    const body = lines[i++] ?? '';
                    if ((h[1] === '-' ? body.replace(/^\t+/, '') : body) === word)
                        break;
                }
            }
        }
        instructions.push({ line, keyword, args });
    }
    return { escape, instructions };
}
/** Splits on blanks outside quotes; quotes and escapes stay in the words. */
function splitWords(s, escape = '\\') {
    const words = [];
    let word = '';
    let quote = '';
    for (let i = 0; i < s.length; i++) {
        const c = s[i];
        if (c === escape && quote !== "'" && i + 1 < s.length) {
            word += c + s[++i];
        }
        else if (quote) {
            if (c === quote)
                quote = '';
            word += c;
        }
        else if (c === '"' || c === "'") {
            quote = c;
            word += c;
        }
        else if (/\s/.test(c)) {
            if (word)
                words.push(word);
            word = '';
        }
        else {
            word += c;
        }
    }
    if (word)
        words.push(word);
    return words;
}
/** BuildKit fills these for every build; in a FROM they depend on the platform being built. */
const PLATFORM_ARGS = new Set([
    'BUILDPLATFORM',
    'BUILDOS',
    'BUILDARCH',
    'BUILDVARIANT',
    'TARGETPLATFORM',
    'TARGETOS',
    'TARGETARCH',
    'TARGETVARIANT'
]);
/** Quote removal and variable expansion of one word, as BuildKit's shell lexer does it. */
function processWord(word, scope) {
    let out = '';
    let quote = '';
    for (let i = 0; i < word.length; i++) {
        const c = word[i];
        if (quote === "'") {
            if (c === "'")
                quote = '';
            else
                out += c;
        }
        else if (c === scope.escape && i + 1 < word.length) {
            const next = word[i + 1];
            if (quote === '"' && !['$', '"', scope.escape].includes(next))
                out += c;
            out += next;
            i++;
        }
        else if (c === '"' || (c === "'" && !quote)) {
            quote = quote === c ? '' : c;
        }
        else if (c === '$') {
            const [value, end] = expandAt(word, i, scope);
            out += value;
            i = end - 1;
        }
        else {
            out += c;
        }
    }
    return out;
}
/** Expands the `$...` at `at`; returns the value and the index after it. */
function expandAt(s, at, scope) {
    const lookup = (name, plain) => {
        const v = scope.vars.get(name);
        if (v !== undefined)
            return v;
        if (PLATFORM_ARGS.has(name) && !scope.vars.has(name))
            return `\${${name}}`;
        if (plain)
            scope.missing.add(name);
        return undefined;
    };
    const simple = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(s.slice(at));
    if (simple)
        return [lookup(simple[1], true) ?? '', at + simple[0].length];
    if (s[at + 1] !== '{')
        return ['$', at + 1];
    // ${...}: find the matching brace
    let depth = 0;
    let end = -1;
    for (let j = at + 1; j < s.length; j++) {
        if (s[j] === '{')
            depth++;
        else if (s[j] === '}' && --depth === 0) {
            end = j;
            break;
        }
    }
    if (end < 0)
        return [s.slice(at), s.length];
    const inner = s.slice(at + 2, end);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([\s\S]*))?$/.exec(inner);
    if (!m)
        return [s.slice(at, end + 1), end + 1];
    const name = m[1];
    const op = m[2];
    if (!op)
        return [lookup(name, true) ?? '', end + 1];
    const value = lookup(name, false);
    const set = op.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
    const word = () => processWord(m[3] ?? '', scope);
    if (op.endsWith('-'))
        return [set ? value : word(), end + 1];
    if (op.endsWith('+'))
        return [set ? word() : '', end + 1];
    if (!set)
        scope.missing.add(name); // ${X:?message}: the build fails without X
    return [value ?? '', end + 1];
}
/**
 * One finding per FROM: an image pinned by digest, an earlier stage or scratch passes; a tag, no tag,
 * `latest`, an invalid digest or an ARG without a value fails. Global ARGs (before the first FROM)
 * take their defaults, overridden by the build args; nothing else is visible to a FROM.
 */
function checkBasePinned(dockerfileText, file, buildArgs = {}) {
    const { escape, instructions } = parseDockerfile(dockerfileText);
    const vars = new Map();
    const stages = [];
    const out = [];
    let global = true;
    for (const ins of instructions) {
        if (ins.keyword === 'ARG' && global) {
            for (const w of splitWords(ins.args, escape)) {
                const eq = w.indexOf('=');
                const name = eq < 0 ? w : w.slice(0, eq);
                const scope = { vars, escape, missing: new Set() };
                const fallback = eq < 0 ? undefined : processWord(w.slice(eq + 1), scope);
                vars.set(name, Object.hasOwn(buildArgs, name) ? buildArgs[name] : fallback);
            }
            continue;
        }
        if (ins.keyword !== 'FROM')
            continue;
        global = false;
        const words = splitWords(ins.args, escape).filter(w => !w.startsWith('--'));
        const written = words[0] ?? '';
        const stage = words[1]?.toLowerCase() === 'as' ? words[2]?.toLowerCase() : undefined;
        const scope = { vars, escape, missing: new Set() };
        const ref = processWord(written, scope);
        const at = `${file}:${ins.line} FROM`;
        const shown = written.includes('$') && ref !== written ? `${written} (${ref})` : written;
        const base = { file, line: ins.line, written, ref, ...(stage ? { stage } : {}) };
        const push = (kind, passed, message) => {
            out.push({ ...base, kind, passed, message: `${at} ${message}` });
        };
        if (scope.missing.size > 0) {
            const why = [...scope.missing].map(name => vars.has(name)
                ? `ARG ${name} has no default and no build arg sets it`
                : `${name} is not an ARG declared before the first FROM`);
            push('image', false, `${written} has no value: ${why.join('; ')}`);
        }
        else if (!ref) {
            push('image', false, `names no image`);
        }
        else if (stages.includes(ref.toLowerCase())) {
            push('stage', true, `${shown} is the earlier stage ${ref.toLowerCase()}`);
        }
        else if (ref.toLowerCase() === 'scratch') {
            push('scratch', true, `${shown} is the empty base`);
        }
        else {
            const [name = '', digest] = ref.split('@');
            if (digest !== undefined) {
                if (grammar/* DIGEST */.Dh.test(digest))
                    push('image', true, `${shown} is pinned by digest`);
                else
                    push('image', false, `${shown} has an invalid digest (expected sha256: and 64 hex digits)`);
            }
            else {
                const colon = name.lastIndexOf(':');
                const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
                const why = tag === undefined
                    ? ', and without a tag it is latest'
                    : tag === 'latest'
                        ? ', and latest moves with every push'
                        : '';
                push('image', false, `${shown} is not pinned by digest${why}`);
            }
        }
        if (stage)
            stages.push(stage);
    }
    return out;
}
/**
 * The rule's verdicts for one image: each failing FROM (`backend: services/backend/Dockerfile:3 FROM
 * ...`), or one passing verdict. Nothing when the rule is off.
 */
function basePinnedVerdicts(o) {
    if (o.mode === 'off')
        return [];
    const mode = o.mode;
    const failed = o.bases.filter(b => !b.passed);
    if (failed.length > 0) {
        return failed.map(b => ({
            rule: 'base-pinned',
            mode,
            passed: false,
            message: `${o.image}: ${b.message}`,
            file: b.file,
            line: b.line
        }));
    }
    const images = o.bases.filter(b => b.kind === 'image').length;
    const message = images > 0
        ? `${o.image}: ${o.file}: every base image is pinned by digest`
        : `${o.image}: ${o.file}: no base image to pin (scratch and stages only)`;
    return [{ rule: 'base-pinned', mode, passed: true, message }];
}

// EXTERNAL MODULE: ./node_modules/zod/v4/core/errors.js
var errors = __webpack_require__(37428);
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
    return platformManifests(layout).map(pm => {
        const manifest = manifests.get(pm.digest);
        if (!manifest)
            throw new Error(`${layoutDir}: the manifest of ${pm.platform} (${pm.digest}) is missing`);
        const where = `${layoutDir}: config ${manifest.config.digest} (${pm.platform})`;
        const config = parseImageConfig(readBlob(layoutDir, manifest.config).toString('utf8'), where);
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

// EXTERNAL MODULE: ./src/report/table.ts
var report_table = __webpack_require__(790);
;// CONCATENATED MODULE: ./src/oci/platform-layout.ts
// Trivy scans only the first manifest of a multi-platform OCI layout (it ignores --platform there), so
// each platform gets a layout of its own: an index.json naming that platform's manifest, and the
// blobs of the built layout (symlinked, never copied).



function platformLayout(layoutDir, pm, dest) {
    external_node_fs_.rmSync(dest, { recursive: true, force: true });
    writeSingleIndex(dest, {
        mediaType: pm.mediaType,
        digest: pm.digest,
        size: pm.size,
        platform: { os: pm.os, architecture: pm.architecture, ...(pm.variant ? { variant: pm.variant } : {}) }
    });
    external_node_fs_.symlinkSync(external_node_path_.resolve(layoutDir, 'blobs'), external_node_path_.join(dest, 'blobs'));
    return dest;
}

// EXTERNAL MODULE: ./src/sbom/sbom.ts
var sbom = __webpack_require__(5272);
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
    const r = await (0,exec/* exec */.m0)(syft, syftArgs(o), { stage: 'sbom' });
    if (r.exitCode !== 0)
        throw new Error(`the SBOM of ${what} failed: syft exited ${r.exitCode}: ${(0,exec/* tail */.RT)(r.stderr || r.stdout, 8)}`);
    // what syft says on stderr even when it succeeds (warnings; a stand-in saying it is one)
    if (r.stderr.trim())
        core/* info */.pq(`syft (${what}): ${(0,exec/* tail */.RT)(r.stderr, 5)}`);
}

// EXTERNAL MODULE: ./src/trivy/report.ts
var trivy_report = __webpack_require__(76744);
;// CONCATENATED MODULE: ./src/trivy/hidden-files.ts
// Files an image no longer shows but still ships: added in one layer, deleted (whiteout) or replaced in
// a later one. Trivy scans the image's final filesystem only, so a secret added then deleted would pass;
// these files are extracted from their own layer and given to Trivy's secret scanner, one Trivy process
// for every platform of the run (HiddenFileScan).








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
            const p = entryPath(entry.name);
            // the root, and names that climb out of it (no image filesystem holds them: containerd refuses them)
            if (p === '.' || p === '..' || p.startsWith('../'))
                continue;
            const base = external_node_path_.posix.basename(p);
            const dir = external_node_path_.posix.dirname(p);
            if (base === OPAQUE)
                opaque.add(dir === '.' ? '' : dir);
            else if (base.startsWith(WHITEOUT))
                deleted.add(external_node_path_.posix.join(dir, base.slice(WHITEOUT.length)));
            else {
                present.add(p);
                if (entry.type === 'file')
                    files.push({ path: p, source: p });
                else if (entry.type === 'link' && entry.linkname)
                    files.push({ path: p, source: entryPath(entry.linkname) });
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
/** Pure: the argv of Trivy's secret scan of a directory tree of extracted files. */
function hiddenScanArgs(o) {
    return [
        'fs',
        '--scanners',
        'secret',
        '--format',
        'json',
        '--output',
        o.output,
        '--cache-dir',
        o.cacheDir,
        '--skip-db-update',
        o.version.skipChecksFlag,
        '--quiet',
        o.dir
    ];
}
/**
 * The run's scan of hidden files: every platform adds its extracted files (or skips, when its evidence
 * came from the results cache), and one `trivy fs --scanners secret` reads them all once every image
 * has submitted as many times as it has platforms, or has been released (its flow ended early), or
 * `close` was called. The findings are split back per platform by folder. A submission that comes after
 * that scan (an image released too early) gets a scan of its own. Also keeps the run's layer listings,
 * once per digest: images share layers (their base) and so do the platforms of one image.
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
     * scan. Resolves once they are extracted (call it inside the platform's scan slot); await `findings`
     * outside any slot, as it waits for the other platforms. Counts as the platform's submission even when
     * it fails.
     */
    async add(job, trivy) {
        this.state(job.image);
        const what = `${job.image} ${job.platform}`;
        const id = String(++this.submissions);
        try {
            const lists = await Promise.all(job.layers.map(layer => this.listing(job.layoutDir, layer, what)));
            const hidden = hiddenFiles(lists);
            if (hidden.length === 0)
                return { files: 0, findings: Promise.resolve([]) };
            const dir = external_node_path_.join(this.o.work, 'staged', id);
            external_node_fs_.rmSync(dir, { recursive: true, force: true });
            const where = new Map();
            for (const [index, layer] of job.layers.entries()) {
                const files = hidden.filter(h => h.layer === index);
                if (files.length === 0)
                    continue;
                const wanted = new Map();
                for (const f of files)
                    wanted.set(f.source, [
                        ...(wanted.get(f.source) ?? []),
                        external_node_path_.join(dir, `layer-${index + 1}`, f.path)
                    ]);
                let written;
                try {
                    written = await extractFiles(blobPath(job.layoutDir, layer.digest), wanted);
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
                        core/* warning */.$e(`${what}: /${f.path} (${f.how}) has no content in layer ${index + 1}: not scanned`);
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
            listing = listTar(blobPath(layoutDir, layer.digest));
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
    async scan(batch) {
        try {
            const root = external_node_path_.join(this.o.work, `scan-${++this.scans}`);
            external_node_fs_.rmSync(root, { recursive: true, force: true });
            external_node_fs_.mkdirSync(root, { recursive: true });
            for (const s of batch)
                external_node_fs_.renameSync(s.dir, external_node_path_.join(root, s.id));
            const { trivy } = batch[0];
            const output = external_node_path_.join(this.o.work, `scan-${this.scans}.json`);
            const r = await (0,env/* runTrivy */.m)(trivy.trivy, hiddenScanArgs({ ...trivy, dir: root, output }), {
                stage: 'scan'
            });
            if (r.exitCode !== 0)
                throw new Error(`the secret scan of the hidden files of ${batch.map(s => s.what).join(', ')} failed: ` +
                    `trivy exited ${r.exitCode}: ${(0,exec/* tail */.RT)(r.stderr, 5)}`);
            const byId = new Map(batch.map(s => [s.id, { submission: s, findings: [] }]));
            for (const f of (0,trivy_report/* findingsOf */.WX)((0,trivy_report/* parseReport */.MM)(external_node_fs_.readFileSync(output, 'utf8'), output))) {
                const rel = f.pkg.replace(/^\/+/, '');
                const slash = rel.indexOf('/');
                const owner = byId.get(rel.slice(0, slash));
                const shown = owner?.submission.where.get(rel.slice(slash + 1));
                if (!owner || !shown)
                    throw new Error(`the secret scan of hidden files names ${f.pkg}, not a file it was given`);
                owner.findings.push({ ...f, pkg: shown, target: shown });
            }
            for (const { submission, findings } of byId.values())
                submission.resolve(findings);
        }
        catch (err) {
            for (const s of batch)
                s.reject(err);
        }
    }
}
function message(err) {
    return err instanceof Error ? err.message : String(err);
}

// EXTERNAL MODULE: ./src/trivy/scan.ts
var scan = __webpack_require__(54911);
;// CONCATENATED MODULE: ./src/trivy/sbom.ts
// SBOMs with Trivy, from a platform's OCI layout (the real SBOM path on the test bed).




function trivySbomArgs(o) {
    return [
        'image',
        '--input',
        o.input,
        '--format',
        o.format === 'spdx-json' ? 'spdx-json' : 'cyclonedx',
        '--output',
        o.output,
        '--cache-dir',
        o.cacheDir,
        '--skip-db-update',
        '--skip-java-db-update',
        o.version.skipChecksFlag,
        '--quiet'
    ];
}
async function trivySbom(trivy, o, what) {
    external_node_fs_.mkdirSync(external_node_path_.dirname(o.output), { recursive: true });
    const r = await (0,env/* runTrivy */.m)(trivy, trivySbomArgs(o), { stage: 'sbom' });
    if (r.exitCode !== 0)
        throw new Error(`the SBOM of ${what} failed: trivy exited ${r.exitCode}: ${(0,exec/* tail */.RT)(r.stderr || r.stdout, 8)}`);
}

;// CONCATENATED MODULE: ./src/trivy/purl.ts
// Package URLs (purl-spec) of the packages in a Trivy report, as Trivy writes them in its own SBOMs: its
// JSON report does not carry them (v0.44), its SPDX writer derives them from the package, the result's
// type and the image's OS. Pure.
const RPM_FAMILIES = new Set([
    'redhat',
    'centos',
    'rocky',
    'alma',
    'amazon',
    'fedora',
    'oracle',
    'opensuse',
    'opensuse.leap',
    'opensuse.tumbleweed',
    'suse linux enterprise server',
    'photon',
    'cbl-mariner'
]);
/** The purl type of a Trivy result type (an OS family for OS packages, an analyzer for the others). */
function purlType(resultType) {
    switch (resultType) {
        case 'jar':
        case 'pom':
        case 'gradle':
            return 'maven';
        case 'bundler':
        case 'gemspec':
            return 'gem';
        case 'python-pkg':
        case 'pip':
        case 'pipenv':
        case 'poetry':
            return 'pypi';
        case 'gobinary':
        case 'gomod':
            return 'golang';
        case 'npm':
        case 'node-pkg':
        case 'yarn':
        case 'pnpm':
            return 'npm';
        case 'cargo':
        case 'rustbinary':
            return 'cargo';
        case 'nuget':
        case 'dotnet-core':
            return 'nuget';
        case 'conda-pkg':
            return 'conda';
        case 'alpine':
        case 'wolfi':
        case 'chainguard':
            return 'apk';
        case 'debian':
        case 'ubuntu':
            return 'deb';
    }
    return RPM_FAMILIES.has(resultType) ? 'rpm' : resultType;
}
/** Splits `a/b/c` into the namespace `a/b` and the name `c`. */
function splitLast(name) {
    const i = name.lastIndexOf('/');
    return i === -1 ? ['', name] : [name.slice(0, i), name.slice(i + 1)];
}
/** Go's url.QueryEscape: everything but unreserved characters, space as `+`. */
function queryEscape(s) {
    return encodeURIComponent(s)
        .replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%20/g, '+');
}
/** Go's url.PathEscape: like a path segment, which keeps `$&+:=@` (and escapes `/;,?`). */
function pathEscape(s) {
    return encodeURIComponent(s)
        .replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%(24|26|2B|3A|3D|40)/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}
/** A qualifier's value: as a path segment, `/` kept (the spec writes `repository_url=docker.io/library/x`). */
const qualifierEscape = (s) => pathEscape(s).replace(/%2F/g, '/');
/** `?k=v&...` (empty values left out), or nothing. */
const qualifierString = (qs) => {
    const kept = qs.filter(([, v]) => v !== '');
    return kept.length > 0 ? `?${kept.map(([k, v]) => `${k}=${qualifierEscape(v)}`).join('&')}` : '';
};
function formatPurl(p) {
    let s = `pkg:${p.type}/`;
    if (p.namespace)
        s += `${p.namespace.split('/').map(queryEscape).join('/')}/`;
    s += queryEscape(p.name);
    if (p.version)
        s += `@${pathEscape(p.version)}`;
    return s + qualifierString(p.qualifiers);
}
/** The purl of a package of a result of type `resultType`, in an image whose OS is `os` (if known). */
function packagePurl(resultType, os, pkg) {
    const type = purlType(resultType);
    const qualifiers = [];
    if (os) {
        if (pkg.Arch)
            qualifiers.push(['arch', pkg.Arch]);
        if (pkg.Epoch)
            qualifiers.push(['epoch', String(pkg.Epoch)]);
    }
    let namespace = '';
    let name = pkg.Name;
    const version = pkg.Release ? `${pkg.Version ?? ''}-${pkg.Release}` : (pkg.Version ?? '');
    switch (type) {
        case 'rpm': {
            if (os) {
                const family = os.Family === 'suse linux enterprise server' ? 'sles' : os.Family;
                namespace = family;
                qualifiers.push(['distro', `${family}-${os.Name ?? ''}`]);
                if (pkg.Modularitylabel)
                    qualifiers.push(['modularitylabel', pkg.Modularitylabel]);
            }
            break;
        }
        case 'deb':
            if (os) {
                namespace = os.Family;
                qualifiers.push(['distro', `${os.Family}-${os.Name ?? ''}`]);
            }
            break;
        case 'apk':
            if (os) {
                namespace = os.Family;
                qualifiers.push(['distro', os.Name ?? '']);
            }
            break;
        case 'maven':
            ;
            [namespace, name] = splitLast(name.replace(/:/g, '/'));
            break;
        case 'pypi':
            name = name.replace(/_/g, '-').toLowerCase();
            break;
        case 'composer':
            ;
            [namespace, name] = splitLast(name);
            break;
        case 'golang':
        case 'npm':
            ;
            [namespace, name] = splitLast(name.toLowerCase());
            break;
    }
    return { type, namespace, name, version, qualifiers };
}
/**
 * The purl of a platform image (purl-spec `oci`): its manifest digest as the version, `repository_url`
 * the repository it is pushed to. The digest's `:` is escaped, as the spec's examples write it.
 */
function imagePurl(repository, manifest, arch, variant) {
    const name = repository.slice(repository.lastIndexOf('/') + 1).toLowerCase();
    const qs = [
        ['arch', arch],
        ...(variant ? [['variant', variant]] : []),
        ['repository_url', repository]
    ];
    return `pkg:oci/${queryEscape(name)}@${encodeURIComponent(manifest)}${qualifierString(qs)}`;
}

;// CONCATENATED MODULE: ./src/trivy/spdx.ts
// An SPDX 2.3 JSON SBOM from the packages of a Trivy scan report (`--list-all-pkgs`): the packages the
// gate judged are the packages the SBOM lists, and one Trivy process per platform does both (each Trivy
// start costs about a second of CPU). The document follows the shape of Trivy's own SPDX writer: the
// image, its OS, the OS packages, one application per language result and its packages, with the same
// purls, versions, source info and layer attributions. Pure.


const hex16 = (s) => (0,external_node_crypto_.createHash)('sha256').update(s).digest('hex').slice(0, 16);
/** `epoch:version-release`, as Trivy prints a package's version. */
function formatVersion(epoch, version, release) {
    let v = version ?? '';
    if (release)
        v = `${v}-${release}`;
    if (epoch)
        v = `${epoch}:${v}`;
    return v;
}
const LICENSE_ID = /^[A-Za-z0-9.-]+\+?$/;
/**
 * Trivy's license list as one SPDX expression: ids joined with AND (Trivy splits `A WITH B` into three
 * entries: joined again), anything that is not an SPDX id a `LicenseRef-` with its text extracted.
 */
function licenseExpression(licenses) {
    const items = [];
    for (let i = 0; i < licenses.length; i++) {
        const l = (licenses[i] ?? '').trim();
        const next = licenses[i + 1];
        if (l === 'WITH' && items.length > 0 && next !== undefined) {
            items[items.length - 1] = `${items[items.length - 1]} WITH ${next.trim()}`;
            i++;
        }
        else if (l && l !== 'AND' && l !== 'OR')
            items.push(l);
    }
    if (items.length === 0)
        return { expression: 'NOASSERTION', extracted: [] };
    const extracted = [];
    const terms = items.map(item => {
        if (item.split(' WITH ').every(part => LICENSE_ID.test(part)))
            return item;
        const licenseId = `LicenseRef-${hex16(item)}`;
        extracted.push({ licenseId, extractedText: `This component is licensed under "${item}"`, name: item });
        return licenseId;
    });
    return { expression: terms.join(' AND '), extracted };
}
const CHECKSUM_ALGORITHMS = { sha1: 'SHA1', sha256: 'SHA256', md5: 'MD5' };
function spdxFromReport(report, o) {
    const meta = report.Metadata ?? {};
    const os = meta.OS ?? undefined;
    const [, arch = '', variant] = o.platform.split('/');
    const name = `${o.repository}@${o.platform}`;
    const used = new Set();
    /** A document-unique SPDX id from what identifies the element (a counter separates true twins). */
    const spdxId = (kind, ...what) => {
        const base = `SPDXRef-${kind}-${hex16(JSON.stringify([kind, ...what]))}`;
        let id = base;
        for (let n = 2; used.has(id); n++)
            id = `${base}-${n}`;
        used.add(id);
        return id;
    };
    /** Every package but the image's own (which comes first). */
    const packages = [];
    const relationships = [];
    const rel = (a, b, type) => relationships.push({ spdxElementId: a, relatedSpdxElement: b, relationshipType: type });
    const licenseRefs = new Map();
    const root = {
        name: o.repository,
        SPDXID: spdxId('ContainerImage', o.repository, o.manifest),
        downloadLocation: 'NONE',
        copyrightText: '',
        externalRefs: [
            {
                referenceCategory: 'PACKAGE-MANAGER',
                referenceType: 'purl',
                referenceLocator: imagePurl(o.repository, o.manifest, arch, variant)
            }
        ],
        attributionTexts: [
            `SchemaVersion: ${report.SchemaVersion}`,
            ...(meta.ImageID ? [`ImageID: ${meta.ImageID}`] : []),
            `ManifestDigest: ${o.manifest}`,
            ...(meta.DiffIDs ?? []).map(d => `DiffID: ${d}`)
        ],
        primaryPackagePurpose: 'CONTAINER'
    };
    rel('SPDXRef-DOCUMENT', root.SPDXID, 'DESCRIBES');
    let osId;
    if (os) {
        osId = spdxId('OperatingSystem', os.Family, os.Name);
        packages.push({
            name: os.Family,
            SPDXID: osId,
            versionInfo: os.Name,
            downloadLocation: 'NONE',
            copyrightText: '',
            primaryPackagePurpose: 'OPERATING-SYSTEM'
        });
        rel(root.SPDXID, osId, 'CONTAINS');
    }
    for (const result of report.Results ?? []) {
        const pkgs = result.Packages ?? [];
        if (pkgs.length === 0)
            continue;
        let parent;
        if (result.Class === 'os-pkgs')
            parent = osId ?? root.SPDXID;
        else {
            parent = spdxId('Application', result.Type, result.Target);
            packages.push({
                name: result.Type ?? result.Target,
                SPDXID: parent,
                downloadLocation: 'NONE',
                sourceInfo: result.Target,
                copyrightText: '',
                primaryPackagePurpose: 'APPLICATION'
            });
            rel(root.SPDXID, parent, 'CONTAINS');
        }
        for (const p of pkgs) {
            const { expression, extracted } = licenseExpression(p.Licenses ?? []);
            for (const e of extracted)
                licenseRefs.set(e.licenseId, e);
            const [algo, value] = (p.Digest ?? '').split(':');
            const checksum = algo && value ? CHECKSUM_ALGORITHMS[algo] : undefined;
            const sourceInfo = p.SrcName
                ? `built package from: ${p.SrcName} ${formatVersion(p.SrcEpoch, p.SrcVersion, p.SrcRelease)}`
                : p.FilePath
                    ? `package found in: ${p.FilePath}`
                    : undefined;
            const id = spdxId('Package', result.Target, p.ID, p.Name, p.Version, p.Release, p.Epoch, p.Arch, p.FilePath);
            packages.push({
                name: p.Name,
                SPDXID: id,
                versionInfo: formatVersion(p.Epoch, p.Version, p.Release),
                supplier: 'NOASSERTION',
                downloadLocation: 'NONE',
                ...(checksum && value ? { checksums: [{ algorithm: checksum, checksumValue: value }] } : {}),
                ...(sourceInfo ? { sourceInfo } : {}),
                licenseConcluded: expression,
                licenseDeclared: expression,
                copyrightText: '',
                externalRefs: [
                    {
                        referenceCategory: 'PACKAGE-MANAGER',
                        referenceType: 'purl',
                        referenceLocator: formatPurl(packagePurl(result.Type ?? '', os, p))
                    }
                ],
                attributionTexts: [
                    ...(p.ID ? [`PkgID: ${p.ID}`] : []),
                    ...(p.Layer?.Digest ? [`LayerDigest: ${p.Layer.Digest}`] : []),
                    ...(p.Layer?.DiffID ? [`LayerDiffID: ${p.Layer.DiffID}`] : [])
                ],
                primaryPackagePurpose: 'LIBRARY'
            });
            rel(parent, id, 'CONTAINS');
        }
    }
    // Trivy's order: by name, the image first
    // Trivy's order: the image, then by name
    packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.SPDXID < b.SPDXID ? -1 : 1));
    return {
        spdxVersion: 'SPDX-2.3',
        dataLicense: 'CC0-1.0',
        SPDXID: 'SPDXRef-DOCUMENT',
        name,
        documentNamespace: `https://spdx.org/spdxdocs/imagegate/${encodeURIComponent(name)}-${o.uuid}`,
        creationInfo: {
            creators: [`Tool: imagegate-${o.imagegateVersion}`, `Tool: trivy-${o.trivyVersion}`],
            created: o.created,
            comment: `The packages Trivy ${o.trivyVersion} found in ${o.manifest} while scanning it for vulnerabilities, written as SPDX by imagegate`
        },
        packages: [root, ...packages],
        relationships,
        ...(licenseRefs.size > 0 ? { hasExtractedLicensingInfos: [...licenseRefs.values()] } : {})
    };
}

;// CONCATENATED MODULE: ./src/version.ts
// imagegate's own version: in the SBOMs it writes (a unit test keeps it equal to package.json's).
const IMAGEGATE_VERSION = '0.1.0';

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
 * With Trivy as the generator, the SPDX SBOM is written from the scan's own report (`--list-all-pkgs`):
 * one Trivy process per platform instead of two. CycloneDX still comes from Trivy's own writer.
 */
const sbomFromScan = (job) => job.sbom.generator === 'trivy' && job.sbom.formats.includes('spdx-json');
/** Changes when the SPDX written from a report changes: cached SBOMs of another writer are not reused. */
const SPDX_WRITER = 1;
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
        sbom: job.sbom,
        ...(sbomFromScan(job) ? { spdxWriter: SPDX_WRITER } : {})
    });
}
/** A hidden-file scan of this platform alone: closed, so that its one submission is scanned at once. */
function alone(job, slug) {
    const scan = new HiddenFileScan({ work: external_node_path_.join(job.work, 'hidden', slug), images: [job.image] });
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
            layers: job.layers
        }, { trivy: scanner.trivy, version: scanner.version, cacheDir: scanner.db.cacheDir });
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
                const { s, submission, sboms } = await slot(async () => {
                    // the scan and the extraction of files a later layer hides (they are not in the final
                    // filesystem Trivy scans) read the same layout: side by side
                    const [s, submission] = await Promise.all([
                        (0,scan/* scan */.SQ)({
                            trivy: scanner.trivy,
                            version: scanner.version,
                            input: job.input,
                            output: reportFile,
                            cacheDir: scanner.db.cacheDir,
                            ignoreUnfixed: job.ignoreUnfixed,
                            ignoreFile: job.ignoreFile,
                            secrets: true,
                            listAllPkgs: sbomFromScan(job),
                            timeout: '10m'
                        }, what),
                        submitHidden()
                    ]);
                    return { s, submission, sboms: await writeSboms(job, scanner, s.report, sbomFiles, what) };
                });
                // the run's one secret scan of hidden files, once every platform has submitted
                const hidden = await submission.findings;
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
async function writeSboms(job, scanner, report, sbomFiles, what) {
    const sboms = [];
    for (const [format, output] of sbomFiles) {
        if (format === 'spdx-json' && sbomFromScan(job)) {
            const doc = spdxFromReport(report, {
                repository: job.repository,
                platform: job.platform,
                manifest: job.manifest,
                created: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
                uuid: (0,external_node_crypto_.randomUUID)(),
                imagegateVersion: IMAGEGATE_VERSION,
                trivyVersion: scanner.version.version
            });
            external_node_fs_.mkdirSync(external_node_path_.dirname(output), { recursive: true });
            external_node_fs_.writeFileSync(output, `${JSON.stringify(doc, null, 2)}\n`);
        }
        else if (job.sbom.generator === 'trivy') {
            await trivySbom(scanner.trivy, { input: job.input, output, format, cacheDir: scanner.db.cacheDir, version: scanner.version }, what);
        }
        else {
            await syftSbom(scanner.syft, { input: job.input, output, format, name: `${job.repository}@${job.platform}` }, what);
        }
        sboms.push((0,sbom/* validateSbom */.A)(output, format));
    }
    return sboms;
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
    const env = smokeEnv(o.image, o.smoke, o.values);
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
    try {
        if (!deps.build)
            throw new Error(`${image.name}: its build was never started`);
        const built = await deps.build;
        core/* info */.pq(`${image.name}: inspecting ${built.digest}`);
        run.digest = built.digest;
        run.layoutDir = built.layoutDir;
        run.buildMs = built.ms;
        run.cache = built.cache;
        const layout = readLayout(built.layoutDir);
        if (layout.root.digest !== built.digest) {
            throw new Error(`the OCI layout holds ${layout.root.digest}, buildx reported ${built.digest}`);
        }
        const platforms = platformManifests(layout);
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
    const evidence = await platformEvidence({
        image: image.name,
        repository: image.repository,
        platform: manifest.platform,
        platforms,
        manifest: manifest.digest,
        input,
        layoutDir: built.layoutDir,
        layers: configs.find(c => c.digest === manifest.digest)?.manifest.layers ?? [],
        shortSha: plan.git.shortSha,
        out: files.out,
        work: files.imageWork(image.name),
        ignoreUnfixed: inputs['ignore-unfixed'],
        ignoreFile: deps.ignoreFile,
        sbom: { generator: inputs['sbom-generator'], formats: inputs['sbom-format'] }
    }, scanner, ctx.results, 
    // the platform's own work inside the run's bound on scans, the wait for the hidden-file scan outside
    { hidden: deps.hidden, slot: work => deps.scans.use(work) });
    const table = files.findingsTable(image.name, manifest.platform);
    external_node_fs_.writeFileSync(table, (0,report_table/* findingsTable */.f9)(image.name, manifest.platform, evidence.findings));
    return { platform: manifest.platform, table, ...evidence };
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
    const bases = checkBasePinned(dockerfile, image.file, image.buildArgs);
    checks.push(...basePinnedVerdicts({ image: image.name, file: image.file, bases, mode: image.rules['base-pinned'] }));
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
    const platform = nativePlatform();
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
    const r = await smokeEvidence({
        image: image.name,
        platform,
        layoutDir,
        manifest,
        content,
        smoke: image.smoke,
        values: ctx.inputs['smoke-env']
    }, ctx.results);
    core/* info */.pq(`${r.message}${r.logs ? `\n${image.name}: last log lines:\n${r.logs}` : ''}`);
    const message = r.logs ? `${r.message}; last log lines:\n${r.logs}` : r.message;
    return [{ rule: 'smoke', mode: 'enforce', passed: r.passed, message }];
}

;// CONCATENATED MODULE: ./src/cosign/args.ts
// cosign's argv for signing and attesting by digest, and the keyless identity a GitHub workflow gets.
// Pure: no process, no file. Secrets never appear here: the key's password goes in COSIGN_PASSWORD,
// registry credentials in a DOCKER_CONFIG the runner writes, an OIDC token in SIGSTORE_ID_TOKEN.
/** The issuer of GitHub Actions' OIDC tokens (what Fulcio writes in the certificate). */
const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
const DEFAULT_FULCIO_URL = 'https://fulcio.sigstore.dev';
const DEFAULT_REKOR_URL = 'https://rekor.sigstore.dev';
const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
const DIGEST_REF = /^[^@\s]+@sha256:[0-9a-f]{64}$/;
function byDigest(ref) {
    if (!DIGEST_REF.test(ref))
        throw new Error(`cosign: "${ref}" is not a reference by digest (repo@sha256:...)`);
    return ref;
}
function modeArgs(mode) {
    if (mode.kind === 'key') {
        // a key signature is checked with the public key; no entry in a public transparency log
        return ['--key', mode.key, '--tlog-upload=false'];
    }
    return [
        `--fulcio-url=${mode.fulcioUrl}`,
        `--rekor-url=${mode.rekorUrl}`,
        ...(mode.oidc === 'github-actions' ? ['--oidc-provider=github-actions'] : [])
    ];
}
/**
 * `cosign sign` of one digest; `recursive` also signs each manifest of an index (the platforms),
 * still by digest, never by tag.
 */
function signArgs(o) {
    return ['sign', '--yes', ...modeArgs(o.mode), ...(o.recursive ? ['--recursive'] : []), byDigest(o.ref)];
}
/** `cosign attest` of one predicate file on one digest. */
function attestArgs(o) {
    return [
        'attest',
        '--yes',
        ...modeArgs(o.mode),
        '--type',
        o.type,
        '--predicate',
        o.predicateFile,
        byDigest(o.ref)
    ];
}
const KMS_URI = /^(awskms|gcpkms|azurekms|hashivault|k8s):\/\/|^pkcs11:/;
/** What the `cosign-key` input holds: PEM contents, a KMS URI, or a key file in the workspace. */
function keyKind(value) {
    const v = value.trim();
    if (v.startsWith('-----BEGIN'))
        return 'pem';
    if (KMS_URI.test(v))
        return 'kms';
    return 'file';
}
/**
 * The identity Fulcio will certify for this run, or an error saying what is missing: GitHub issues
 * the token only to a job with `permissions: id-token: write` (the runner then sets
 * ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN); SIGSTORE_ID_TOKEN is a token
 * fetched by an earlier step.
 */
function keylessIdentity(env) {
    const workflowRef = env.GITHUB_WORKFLOW_REF ?? '';
    if (!/^[^/\s]+\/[^/\s]+\/.+@.+$/.test(workflowRef)) {
        throw new Error(`input sign: keyless signing needs a GitHub Actions run (GITHUB_WORKFLOW_REF is ${workflowRef ? `"${workflowRef}"` : 'not set'}); give cosign-key to sign with a key`);
    }
    const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    const identity = `${server}/${workflowRef}`;
    if (env.SIGSTORE_ID_TOKEN)
        return { identity, issuer: GITHUB_OIDC_ISSUER, oidc: 'token' };
    if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
        return { identity, issuer: GITHUB_OIDC_ISSUER, oidc: 'github-actions' };
    }
    throw new Error('input sign: keyless signing needs an OIDC token: give the job `permissions: id-token: write` (and `packages: write` for GHCR), or give cosign-key to sign with a key');
}
/** A docker config holding basic credentials for each registry, for cosign's own registry client. */
function dockerConfigJson(registries, username, password) {
    const auth = Buffer.from(`${username}:${password}`).toString('base64');
    return JSON.stringify({ auths: Object.fromEntries(registries.map(registry => [registry, { auth }])) });
}

;// CONCATENATED MODULE: ./src/cosign/cosign.ts
// Running cosign to sign and attest by digest, through the exec seam. Secrets stay out of argv and logs:
// the key's password goes in COSIGN_PASSWORD, PEM key contents in a 0600 file, registry credentials in
// a DOCKER_CONFIG written for cosign alone (cosign reads the docker config, as docker/login-action
// leaves it, when imagegate has no username/password).





class CosignError extends Error {
    name = 'CosignError';
}
class Cosign {
    mode;
    /** The certificate identity of a keyless signature (undefined with a key). */
    identity;
    bin;
    env;
    secrets;
    workDir;
    constructor(o) {
        const env = o.env ?? process.env;
        this.bin = o.cosign;
        this.workDir = o.workDir;
        external_node_fs_.mkdirSync(o.workDir, { recursive: true, mode: 0o700 });
        this.secrets = [o.password, o.key, o.registryAuth?.password ?? ''].filter(s => s.length > 0);
        for (const secret of this.secrets)
            core/* setSecret */.Pq(secret);
        this.env = { ...env };
        if (o.key.trim()) {
            this.mode = { kind: 'key', key: this.keyPath(o.key, o.workspace) };
            this.identity = undefined;
            // cosign asks for the password on a terminal otherwise; an empty one is a key without password
            this.env.COSIGN_PASSWORD = o.password;
        }
        else {
            const id = keylessIdentity(env);
            this.mode = {
                kind: 'keyless',
                fulcioUrl: o.fulcioUrl || DEFAULT_FULCIO_URL,
                rekorUrl: o.rekorUrl || DEFAULT_REKOR_URL,
                oidc: id.oidc
            };
            this.identity = id.identity;
        }
        if (o.registryAuth?.username) {
            const dir = external_node_path_.join(o.workDir, 'docker');
            external_node_fs_.mkdirSync(dir, { recursive: true, mode: 0o700 });
            const { registries, username, password } = o.registryAuth;
            const config = dockerConfigJson([...new Set(registries)], username, password);
            external_node_fs_.writeFileSync(external_node_path_.join(dir, 'config.json'), config, { mode: 0o600 });
            this.env.DOCKER_CONFIG = dir;
        }
    }
    keyPath(key, workspace) {
        switch (keyKind(key)) {
            case 'kms':
                return key.trim();
            case 'pem': {
                const file = external_node_path_.join(this.workDir, 'cosign.key');
                external_node_fs_.writeFileSync(file, key.trim() + '\n', { mode: 0o600 });
                return file;
            }
            case 'file': {
                const file = external_node_path_.resolve(workspace, key.trim());
                if (!external_node_fs_.existsSync(file)) {
                    throw new CosignError('input cosign-key: neither PEM contents (-----BEGIN ...), a KMS URI (awskms://, gcpkms://, azurekms://, hashivault://, k8s://) nor a key file in the workspace');
                }
                return file;
            }
        }
    }
    /** Signs `ref` (`host/path@sha256:...`); with `recursive`, each manifest of an index too. */
    async sign(ref, recursive = true) {
        await this.run(signArgs({ ref, mode: this.mode, recursive }), `sign ${ref}`);
    }
    /** Attaches `predicate` (a JSON value, or the path of a JSON file) as an in-toto attestation of `ref`. */
    async attest(ref, type, predicate, label) {
        let file;
        if (typeof predicate === 'string') {
            file = predicate;
        }
        else {
            const dir = external_node_path_.join(this.workDir, 'predicates');
            external_node_fs_.mkdirSync(dir, { recursive: true });
            const kind = type.startsWith('https://') ? 'provenance' : type;
            file = external_node_path_.join(dir, `${label.replace(/[^A-Za-z0-9._-]+/g, '-')}.${kind}.json`);
            external_node_fs_.writeFileSync(file, JSON.stringify(predicate));
        }
        await this.run(attestArgs({ ref, mode: this.mode, type, predicateFile: file }), `attest ${type} ${ref}`);
    }
    async run(args, what) {
        const r = await (0,exec/* exec */.m0)(this.bin, args, { env: this.env, secrets: this.secrets, stage: 'sign' });
        if (r.exitCode !== 0) {
            const why = r.timedOut ? 'timed out' : `exited ${r.exitCode}`;
            throw new CosignError(`cosign ${what} ${why}:\n${(0,exec/* tail */.RT)(r.stderr || r.stdout)}`);
        }
    }
    /** Removes the key file and the docker config. */
    dispose() {
        external_node_fs_.rmSync(external_node_path_.join(this.workDir, 'cosign.key'), { force: true });
        external_node_fs_.rmSync(external_node_path_.join(this.workDir, 'docker'), { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/publish/publish.ts

const publish_message = (err) => (err instanceof Error ? err.message : String(err));
/** Publishes `images` (those the gate let through) in two phases; never throws for a registry failure. */
async function publishImages(images, opts) {
    const results = images.map((image) => ({
        name: image.name,
        repository: image.repository,
        signed: false,
        attested: false,
        tagsMoved: [],
        tagsNotMoved: [...image.tags],
        refs: [],
        errors: []
    }));
    const limit = Math.max(1, opts.concurrency);
    const allOrNothing = opts.strategy === 'all-or-nothing';
    /** Runs `step` for every image still going; returns the ones that came through. */
    const stage = async (going, what, step) => {
        const settled = await (0,concurrency/* mapSettled */.A)(going, limit, step);
        const failed = going.filter((_, i) => settled[i]?.status === 'rejected');
        settled.forEach((s, i) => {
            if (s.status === 'rejected') {
                const r = results[going[i]];
                r.errors.push(`${r.name}: ${what} failed: ${publish_message(s.reason)}`);
            }
        });
        if (failed.length > 0 && allOrNothing) {
            const names = failed.map(i => results[i]?.name).join(', ');
            for (const i of going) {
                if (failed.includes(i))
                    continue;
                const r = results[i];
                r.errors.push(`${r.name}: no tag moved: ${what} failed for ${names} (all-or-nothing)`);
            }
            return [];
        }
        return going.filter(i => !failed.includes(i));
    };
    let phase = 'upload';
    let going = await stage(images.map((_, i) => i), 'upload', async (i) => {
        const image = images[i];
        const r = results[i];
        const up = await opts.clientFor(image.repository).uploadLayout(image.layoutDir, image.repository);
        if (up.digest !== image.digest) {
            throw new Error(`the registry holds ${up.digest}, the scanned image is ${image.digest}`);
        }
        const { digest, ref, ...counts } = up;
        r.digest = digest;
        r.upload = counts;
        r.refs.push(ref);
    });
    const uploaded = (i) => {
        const image = images[i];
        const r = results[i];
        return {
            name: image.name,
            repository: image.repository,
            digest: r.digest,
            ref: r.refs[0],
            layoutDir: image.layoutDir
        };
    };
    const { sign, attest } = opts;
    if (going.length > 0 && (sign || attest)) {
        phase = 'sign';
        const what = sign && attest ? 'signing and attesting' : sign ? 'signing' : 'attesting';
        going = await stage(going, what, async (i) => {
            const r = results[i];
            if (sign) {
                await sign(uploaded(i));
                r.signed = true;
            }
            if (attest) {
                await attest(uploaded(i));
                r.attested = true;
            }
        });
    }
    if (going.length > 0) {
        phase = 'tag';
        await (0,concurrency/* mapSettled */.A)(going, limit, async (i) => {
            const image = images[i];
            const r = results[i];
            let tagged;
            try {
                tagged = await opts.clientFor(image.repository).tag(image.repository, r.digest, image.tags);
            }
            catch (err) {
                r.errors.push(`${r.name}: tagging failed, no tag moved: ${publish_message(err)}`);
                return;
            }
            r.tagsMoved = tagged.filter(t => t.moved).map(t => t.tag);
            r.tagsNotMoved = tagged.filter(t => !t.moved).map(t => t.tag);
            r.refs.push(...tagged.filter(t => t.moved).map(t => t.ref));
            for (const t of tagged)
                if (!t.moved)
                    r.errors.push(`${r.name}: tag ${t.tag} not moved: ${t.error ?? ''}`);
        });
    }
    return { phase, passed: results.every(r => r.errors.length === 0), images: results };
}
/** One line on how far the publish went. */
function phaseLine(result) {
    if (result.passed)
        return `publish: ${result.images.length} images uploaded by digest, then tagged`;
    switch (result.phase) {
        case 'upload':
            return 'publish: phase 1 (upload by digest) failed: no tag moved';
        case 'sign':
            return 'publish: signing or attesting failed: no tag of an unsigned image moved';
        case 'tag':
            return 'publish: not every image or tag was published: each image below says which tags moved';
    }
}
/** Log lines: per image, what is in the registry and which tags moved; phase 2 failures say exactly which. */
function publishLines(result) {
    return result.images.map(r => {
        const where = r.digest ? `${r.repository}@${r.digest}` : `${r.repository} (not uploaded)`;
        const trust = [r.signed ? 'signed' : '', r.attested ? 'attested' : ''].filter(Boolean).join(', ');
        const moved = r.tagsMoved.length > 0 ? `tags moved: ${r.tagsMoved.join(', ')}` : 'no tag moved';
        const not = r.tagsMoved.length > 0 && r.tagsNotMoved.length > 0 ? `; NOT moved: ${r.tagsNotMoved.join(', ')}` : '';
        return `${r.name}: ${where}${trust ? ` (${trust})` : ''}; ${moved}${not}`;
    });
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/iso.js
var iso = __webpack_require__(64377);
;// CONCATENATED MODULE: ./src/cosign/predicates.ts
// The predicates imagegate attests, built by pure functions and checked with zod before cosign wraps
// them in an in-toto statement: cosign's vulnerability scan record
// (https://cosign.sigstore.dev/attestation/vuln/v1) and SLSA provenance v1 (https://slsa.dev/provenance/v1).
// The SPDX SBOM is the file the pipeline already wrote, attested as it is.

const VULN_PREDICATE_TYPE = 'https://cosign.sigstore.dev/attestation/vuln/v1';
/** What an imagegate build is: the fields of externalParameters below (documented in the README). */
const BUILD_TYPE = 'https://github.com/imagegate/imagegate/blob/v1/docs/build-type.md';
// --- vulnerability scan record ------------------------------------------------------------------
const Time = iso/* datetime */.w$({ offset: true });
const VulnPredicateSchema = schemas/* object */.Ikc({
    invocation: schemas/* object */.Ikc({
        // cosign keeps `parameters` as any JSON: the policy that judged the result goes there
        parameters: schemas/* object */.Ikc({
            platform: schemas/* string */.YjP(),
            policy: schemas/* object */.Ikc({
                severities: schemas/* array */.YOg(schemas/* string */.YjP()),
                ignoreUnfixed: schemas/* boolean */.zMY(),
                ignoreFiles: schemas/* array */.YOg(schemas/* string */.YjP()),
                passed: schemas/* boolean */.zMY()
            })
        }),
        uri: schemas/* string */.YjP(),
        event_id: schemas/* string */.YjP(),
        'builder.id': schemas/* string */.YjP()
    }),
    scanner: schemas/* object */.Ikc({
        uri: schemas/* string */.YjP().min(1),
        version: schemas/* string */.YjP().min(1),
        db: schemas/* object */.Ikc({ uri: schemas/* string */.YjP(), version: schemas/* string */.YjP() }),
        result: schemas/* looseObject */._H3({ SchemaVersion: schemas/* number */.aig() })
    }),
    metadata: schemas/* object */.Ikc({ scanStartedOn: Time, scanFinishedOn: Time })
});
/** The run's identity from the runner's variables (blank fields outside Actions). */
function runIdentity(env) {
    const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    const repo = env.GITHUB_REPOSITORY ?? '';
    const runId = env.GITHUB_RUN_ID ?? '';
    return {
        builderId: env.GITHUB_WORKFLOW_REF ? `${server}/${env.GITHUB_WORKFLOW_REF}` : '',
        invocationUri: repo && runId
            ? `${server}/${repo}/actions/runs/${runId}/attempts/${env.GITHUB_RUN_ATTEMPT || '1'}`
            : '',
        runId
    };
}
function vulnPredicate(o) {
    const version = o.trivyVersion.replace(/^v/, '');
    return VulnPredicateSchema.parse({
        invocation: {
            parameters: {
                platform: o.platform,
                policy: {
                    severities: [...o.severities],
                    ignoreUnfixed: o.ignoreUnfixed,
                    ignoreFiles: [...o.ignoreFiles],
                    passed: o.passed
                }
            },
            uri: o.run.invocationUri,
            event_id: o.run.runId,
            'builder.id': o.run.builderId
        },
        scanner: {
            // a release is tagged v0.44.1; a build without a number (`dev`) is named as it says
            uri: `pkg:github/aquasecurity/trivy@${/^\d/.test(version) ? `v${version}` : version}`,
            version,
            db: {
                uri: `pkg:oci/trivy-db?repository_url=${encodeURIComponent(o.dbRepository)}`,
                version: o.dbUpdatedAt
            },
            result: o.report
        },
        metadata: { scanStartedOn: o.startedOn, scanFinishedOn: o.finishedOn }
    });
}
// --- SLSA provenance v1 -------------------------------------------------------------------------
const ResourceDescriptor = schemas/* object */.Ikc({
    uri: schemas/* string */.YjP().min(1),
    digest: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).optional(),
    name: schemas/* string */.YjP().optional(),
    annotations: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).optional()
});
const SlsaPredicateSchema = schemas/* object */.Ikc({
    buildDefinition: schemas/* object */.Ikc({
        buildType: schemas/* url */.OZ5(),
        externalParameters: schemas/* object */.Ikc({
            workflow: schemas/* object */.Ikc({ ref: schemas/* string */.YjP(), repository: schemas/* string */.YjP(), path: schemas/* string */.YjP() }),
            source: schemas/* object */.Ikc({ repository: schemas/* string */.YjP(), commit: schemas/* string */.YjP().regex(/^[0-9a-f]{40}$/) }),
            image: schemas/* object */.Ikc({
                name: schemas/* string */.YjP(),
                context: schemas/* string */.YjP(),
                file: schemas/* string */.YjP(),
                target: schemas/* string */.YjP().optional(),
                platforms: schemas/* array */.YOg(schemas/* string */.YjP())
            }),
            buildArgs: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()),
            /** Build args whose names look secret: listed, never their values. */
            redactedBuildArgs: schemas/* array */.YOg(schemas/* string */.YjP())
        }),
        internalParameters: schemas/* object */.Ikc({ environment: schemas/* string */.YjP(), event: schemas/* string */.YjP() }),
        resolvedDependencies: schemas/* array */.YOg(ResourceDescriptor)
    }),
    runDetails: schemas/* object */.Ikc({
        builder: schemas/* object */.Ikc({ id: schemas/* string */.YjP().min(1) }),
        metadata: schemas/* object */.Ikc({ invocationId: schemas/* string */.YjP(), startedOn: Time, finishedOn: Time })
    })
});
const predicates_SECRET_NAME = /secret|token|passw(or)?d|pwd|credential|private|(^|_)key($|_)|api_?key|auth/i;
/** Build args a provenance may show; the others are named only. */
function splitBuildArgs(args) {
    const shown = {};
    const redacted = [];
    for (const [name, value] of Object.entries(args)) {
        if (predicates_SECRET_NAME.test(name))
            redacted.push(name);
        else
            shown[name] = value;
    }
    return { shown, redacted: redacted.sort() };
}
/** `host/path@sha256:...` -> a resource descriptor with its digest; a ref without one keeps only its uri. */
function baseImageDependency(ref) {
    const at = ref.indexOf('@');
    if (at < 0)
        return { uri: `pkg:docker/${ref}`, annotations: { pinned: 'false' } };
    const [algorithm, hex] = ref.slice(at + 1).split(':');
    return { uri: `pkg:docker/${ref.slice(0, at)}`, digest: { [algorithm ?? 'sha256']: hex ?? '' } };
}
function slsaPredicate(o) {
    const server = (o.env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    const repository = o.env.GITHUB_REPOSITORY ?? '';
    const workflowRef = o.env.GITHUB_WORKFLOW_REF ?? '';
    const [workflowPath = '', ref = o.env.GITHUB_REF ?? ''] = workflowRef
        .replace(`${repository}/`, '')
        .split('@');
    const source = repository ? `git+${server}/${repository}` : '';
    const run = runIdentity(o.env);
    const args = splitBuildArgs(o.buildArgs);
    const dependencies = [
        ...(source ? [{ uri: `${source}@${o.env.GITHUB_REF ?? ref}`, digest: { gitCommit: o.commit } }] : []),
        ...[...new Set(o.baseImages)].map(baseImageDependency)
    ];
    return SlsaPredicateSchema.parse({
        buildDefinition: {
            buildType: BUILD_TYPE,
            externalParameters: {
                workflow: { ref, repository: repository ? `${server}/${repository}` : '', path: workflowPath },
                source: { repository: repository ? `${server}/${repository}` : '', commit: o.commit },
                image: {
                    name: o.image.name,
                    context: o.image.context,
                    file: o.image.file,
                    ...(o.image.target ? { target: o.image.target } : {}),
                    platforms: [...o.image.platforms]
                },
                buildArgs: args.shown,
                redactedBuildArgs: args.redacted
            },
            internalParameters: { environment: o.environment, event: o.env.GITHUB_EVENT_NAME ?? '' },
            resolvedDependencies: dependencies
        },
        runDetails: {
            builder: { id: run.builderId || `${server}/${repository || 'unknown'}` },
            metadata: { invocationId: run.invocationUri, startedOn: o.startedOn, finishedOn: o.finishedOn }
        }
    });
}

;// CONCATENATED MODULE: ./src/publish/trust.ts
// The sign and attest hooks of the publish: what is signed and attested for each uploaded image, and
// with which predicates. Signing: the index digest, recursively (each platform manifest too).
// Attestations, all on the index digest (what a tag resolves to): SLSA provenance once, then per
// platform the SPDX SBOM and the vulnerability scan record.




/** The hooks for publishImages; none when neither signing nor attesting is on. */
function trustHooks(o) {
    const env = o.env ?? process.env;
    const now = () => (o.now?.() ?? new Date()).toISOString();
    const startedOn = o.startedOn.toISOString();
    const hooks = {};
    if (o.sign)
        hooks.sign = async (image) => await o.cosign.sign(image.ref, true);
    if (o.attest) {
        hooks.attest = async (image) => {
            const e = o.evidence(image.name);
            const finishedOn = now();
            const provenance = slsaPredicate({
                image: {
                    name: e.name,
                    context: e.context,
                    file: e.file,
                    target: e.target,
                    platforms: e.platforms.map(p => p.platform)
                },
                buildArgs: e.buildArgs,
                baseImages: e.baseImages,
                env,
                commit: o.commit,
                environment: o.environment,
                startedOn,
                finishedOn
            });
            await o.cosign.attest(image.ref, SLSA_PROVENANCE_V1, provenance, `${e.name}-provenance`);
            for (const p of e.platforms) {
                const slug = `${e.name}-${p.platform.replace(/\//g, '-')}`;
                if (p.spdxFile)
                    await o.cosign.attest(image.ref, 'spdxjson', p.spdxFile, `${slug}-sbom`);
                const report = (0,src_json/* parseJson */.q)(external_node_fs_.readFileSync(p.reportFile, 'utf8'), reason => `${e.name} ${p.platform}: the scan report ${p.reportFile} is not JSON: ${reason}`);
                const vuln = vulnPredicate({
                    platform: p.platform,
                    report,
                    trivyVersion: o.scanner.trivyVersion,
                    dbRepository: o.scanner.dbRepository,
                    dbUpdatedAt: o.scanner.dbUpdatedAt,
                    ...o.policy,
                    passed: e.passed,
                    run: runIdentity(env),
                    startedOn,
                    finishedOn
                });
                await o.cosign.attest(image.ref, 'vuln', vuln, `${slug}-vuln`);
            }
        };
    }
    return hooks;
}

;// CONCATENATED MODULE: ./src/registry/auth.ts
// Registry credentials and the two challenges a registry answers 401 with (Basic, Bearer).
// Credentials come from the caller, else from the docker config (`auths`, `credHelpers`, `credsStore`).
// Secrets never reach the log: every password, identity token and bearer token is core.setSecret'd.





/** Who we are, for error messages: never a secret. */
function describeCredential(c) {
    if (!c)
        return 'no credentials';
    return c.kind === 'basic' ? `user ${c.username}` : 'identity token';
}
/**
 * Parses `WWW-Authenticate` (RFC 7235): one or more challenges, each a scheme and `key=value` or
 * `key="quoted, value"` parameters. Unknown schemes are dropped.
 */
function parseChallenges(header) {
    const out = [];
    let current;
    let i = 0;
    const skip = (re) => {
        while (i < header.length && re.test(header.charAt(i)))
            i++;
    };
    const token = () => {
        const start = i;
        while (i < header.length && /[^\s,=]/.test(header.charAt(i)))
            i++;
        return header.slice(start, i);
    };
    while (i < header.length) {
        skip(/[\s,]/);
        const word = token();
        if (!word)
            break;
        skip(/\s/);
        if (header.charAt(i) === '=' && current) {
            i++;
            skip(/\s/);
            let value = '';
            if (header.charAt(i) === '"') {
                i++;
                while (i < header.length && header.charAt(i) !== '"') {
                    if (header.charAt(i) === '\\')
                        i++;
                    value += header.charAt(i);
                    i++;
                }
                i++;
            }
            else {
                value = token();
            }
            current.params[word.toLowerCase()] = value;
        }
        else {
            current = { scheme: word.toLowerCase(), params: {} };
            out.push(current);
        }
    }
    return out.filter(c => c.scheme === 'basic' || c.scheme === 'bearer');
}
function basicHeader(username, password) {
    return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
function dockerConfigPath(env = process.env) {
    const dir = env.DOCKER_CONFIG || external_node_path_.join(env.HOME || external_node_os_.homedir(), '.docker');
    return external_node_path_.join(dir, 'config.json');
}
/** `https://127.0.0.1:5001/v1/` -> `127.0.0.1:5001`; docker.io's many names -> `docker.io`. */
function normalizeHost(key) {
    const host = key
        .replace(/^[a-z]+:\/\//i, '')
        .replace(/\/.*$/, '')
        .toLowerCase();
    return ['index.docker.io', 'registry-1.docker.io'].includes(host) ? 'docker.io' : host;
}
/** The name docker uses for a registry in its config and when asking a credential helper. */
function serverName(host) {
    return host === 'docker.io' ? 'https://index.docker.io/v1/' : host;
}
async function fromHelper(helper, host, env) {
    const command = `docker-credential-${helper}`;
    const r = await (0,exec/* exec */.m0)(command, ['get'], { input: serverName(host), env, timeoutMs: 60_000 });
    if (r.exitCode !== 0) {
        if (/credentials not found/i.test(r.stdout + r.stderr))
            return undefined;
        throw new Error(`${command} get ${host} failed (exit ${r.exitCode}): ${r.stderr.trim() || r.stdout.trim()}`);
    }
    let answer;
    try {
        answer = JSON.parse(r.stdout);
    }
    catch {
        throw new Error(`${command} get ${host} did not answer JSON`);
    }
    const secret = typeof answer.Secret === 'string' ? answer.Secret : '';
    const username = typeof answer.Username === 'string' ? answer.Username : '';
    if (!secret)
        return undefined;
    core/* setSecret */.Pq(secret);
    return username === '<token>' || !username
        ? { kind: 'identity-token', token: secret }
        : { kind: 'basic', username, password: secret };
}
/**
 * The credential docker would use for `host`: `credHelpers[host]`, else `auths[host]`, else
 * `credsStore`. Undefined when there is none (anonymous access).
 */
async function dockerCredential(host, env = process.env) {
    const file = dockerConfigPath(env);
    if (!external_node_fs_.existsSync(file))
        return undefined;
    let config;
    try {
        config = JSON.parse(external_node_fs_.readFileSync(file, 'utf8'));
    }
    catch (err) {
        throw new Error(`${file} is not valid JSON: ${err.message}`, { cause: err });
    }
    const want = normalizeHost(host);
    const helper = Object.entries(config.credHelpers ?? {}).find(([k]) => normalizeHost(k) === want)?.[1];
    if (helper)
        return await fromHelper(helper, want, env);
    const entry = Object.entries(config.auths ?? {}).find(([k]) => normalizeHost(k) === want)?.[1];
    if (entry?.identitytoken) {
        core/* setSecret */.Pq(entry.identitytoken);
        return { kind: 'identity-token', token: entry.identitytoken };
    }
    if (entry?.auth) {
        const text = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = text.indexOf(':');
        if (colon < 0)
            throw new Error(`${file}: auths["${host}"].auth is not base64 of user:password`);
        const password = text.slice(colon + 1);
        core/* setSecret */.Pq(password);
        return { kind: 'basic', username: text.slice(0, colon), password };
    }
    if (entry?.username && entry.password) {
        core/* setSecret */.Pq(entry.password);
        return { kind: 'basic', username: entry.username, password: entry.password };
    }
    if (config.credsStore)
        return await fromHelper(config.credsStore, want, env);
    return undefined;
}
/** Explicit username/password win; else the docker config. */
async function resolveCredential(host, explicit, env = process.env) {
    if (explicit?.username || explicit?.password) {
        if (!explicit.username || !explicit.password) {
            throw new Error(`credentials for ${host}: both a username and a password are needed`);
        }
        core/* setSecret */.Pq(explicit.password);
        return { kind: 'basic', username: explicit.username, password: explicit.password };
    }
    return await dockerCredential(host, env);
}
class AuthError extends Error {
    status;
    /** The token endpoint was unreachable or answered 429/5xx: worth another try. */
    retryable;
    constructor(message, o = {}) {
        super(message);
        this.name = 'AuthError';
        this.status = o.status;
        this.retryable = o.retryable ?? false;
    }
}
/**
 * Asks the challenge's token endpoint for a bearer token: GET with basic auth (or anonymous), or,
 * for an identity token, the OAuth2 refresh-token POST. Answers `token` or `access_token`.
 */
async function fetchToken(fetchFn, registry, challenge, scopes, credential) {
    const realm = challenge.params.realm;
    if (!realm)
        throw new AuthError(`${registry} asked for a bearer token without a realm`);
    const service = challenge.params.service;
    const url = new URL(realm);
    const endpoint = `the token endpoint ${url.origin}${url.pathname}`;
    let init;
    if (credential?.kind === 'identity-token') {
        const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: 'imagegate' });
        form.set('refresh_token', credential.token);
        if (service)
            form.set('service', service);
        form.set('scope', scopes.join(' '));
        init = { method: 'POST', body: form };
    }
    else {
        if (service)
            url.searchParams.set('service', service);
        for (const s of scopes)
            url.searchParams.append('scope', s);
        const headers = {};
        if (credential)
            headers.authorization = basicHeader(credential.username, credential.password);
        init = { headers };
    }
    let res;
    try {
        res = await fetchFn(url.href, { ...init, signal: AbortSignal.timeout(60_000) });
    }
    catch (err) {
        const cause = err.cause?.code ?? err.message;
        throw new AuthError(`${registry}: cannot reach ${endpoint} (${cause})`, { retryable: true });
    }
    if (!res.ok) {
        await res.body?.cancel();
        const status = res.status;
        const who = describeCredential(credential);
        throw new AuthError(status === 401 || status === 403
            ? `authentication failed for ${registry} (${who}): ${endpoint} answered ${status}`
            : `${registry}: ${endpoint} answered ${status}`, { status, retryable: status === 429 || status >= 500 });
    }
    const body = (await res.json());
    const token = typeof body.token === 'string' ? body.token : body.access_token;
    if (typeof token !== 'string' || !token) {
        throw new AuthError(`${registry}: the token endpoint answered without a token`);
    }
    core/* setSecret */.Pq(token);
    return token;
}

;// CONCATENATED MODULE: ./src/registry/reference.ts
// Image references: `host[:port]/path[:tag][@sha256:...]`. Pure: no I/O.

/** docker's rule: the first component is a host when it has a dot or a colon, or is `localhost`. */
function isHost(part) {
    return part.includes('.') || part.includes(':') || part === 'localhost';
}
function parseReference(ref) {
    const bad = (why) => new Error(`invalid image reference "${ref}": ${why}`);
    let rest = ref.trim();
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!grammar/* DIGEST */.Dh.test(digest))
            throw bad(`"${digest}" is not a sha256 digest`);
    }
    let tag;
    const slash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    if (colon > slash) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!grammar/* TAG */.Dk.test(tag))
            throw bad(`"${tag}" is not a valid tag`);
    }
    const parts = rest.split('/');
    let registry = 'docker.io';
    if (parts.length > 1 && isHost(parts[0] ?? '')) {
        registry = parts.shift() ?? '';
        if (!grammar/* REGISTRY_HOST */.zv.test(registry))
            throw bad(`"${registry}" is not a valid registry host`);
    }
    else if (parts.length === 1) {
        parts.unshift('library');
    }
    for (const part of parts) {
        if (!grammar/* PATH_COMPONENT */.SH.test(part))
            throw bad(`"${part}" is not a valid lower-case path component`);
    }
    const out = { registry, repository: parts.join('/') };
    if (tag !== undefined)
        out.tag = tag;
    if (digest !== undefined)
        out.digest = digest;
    return out;
}
function formatReference(ref) {
    let out = `${ref.registry}/${ref.repository}`;
    if (ref.tag)
        out += `:${ref.tag}`;
    if (ref.digest)
        out += `@${ref.digest}`;
    return out;
}
/** The registry speaks plain HTTP on loopback, as dockerd assumes (127.0.0.0/8, localhost, ::1). */
function isLoopback(registry) {
    const host = registry.replace(/:\d+$/, '');
    return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

;// CONCATENATED MODULE: ./src/registry/client.ts
// A small OCI distribution client: blobs, manifests, and pushing an OCI layout byte for byte, so the
// registry's digest is the digest that was scanned. Retries network errors, 429 and 5xx with
// exponential backoff; 400/401/403/404 become errors naming the registry, repository and status.






const MANIFEST_ACCEPT = [...INDEX_TYPES, ...MANIFEST_TYPES];
class RegistryError extends Error {
    status;
    retryable;
    retryAfterMs;
    constructor(message, o) {
        super(message);
        this.name = 'RegistryError';
        this.status = o.status;
        this.retryable = o.retryable;
        this.retryAfterMs = o.retryAfterMs;
    }
}
/** Runs `fn` over `items`, at most `limit` at a time; after a failure no new item starts, and the first error is thrown. */
async function mapLimit(items, limit, fn) {
    let next = 0;
    let failed = false;
    const worker = async () => {
        while (!failed && next < items.length) {
            const item = items[next++];
            await fn(item).catch((err) => {
                failed = true;
                throw err;
            });
        }
    };
    const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
    const results = await Promise.allSettled(workers);
    const rejected = results.find(r => r.status === 'rejected');
    if (rejected)
        throw rejected.reason;
}
function errorCodes(text) {
    try {
        const body = JSON.parse(text);
        const list = (body.errors ?? []).map(e => [e.code, e.message].filter(Boolean).join(': '));
        if (list.length > 0)
            return list.join('; ');
    }
    catch {
        // not JSON: fall through
    }
    return text.trim().slice(0, 200);
}
function retryAfter(res) {
    const v = res.headers.get('retry-after');
    return v && /^\d+$/.test(v) ? Number(v) * 1000 : undefined;
}
class RegistryClient {
    registry;
    base;
    o;
    fetchFn;
    credential;
    basic;
    tokens = new Map();
    constructor(o) {
        this.registry = o.registry;
        this.o = o;
        const protocol = o.protocol ?? (isLoopback(o.registry) ? 'http' : 'https');
        this.base = `${protocol}://${o.registry}`;
        this.fetchFn = o.fetch ?? ((url, init) => fetch(url, init));
    }
    getCredential() {
        this.credential ??=
            this.o.username || this.o.password || this.o.dockerConfig !== false
                ? resolveCredential(this.registry, { username: this.o.username, password: this.o.password }, this.o.env ?? process.env)
                : Promise.resolve(undefined);
        return this.credential;
    }
    scopeList(r) {
        return (r.scopes ?? ['pull,push']).map(a => a.startsWith('repository:') ? a : `repository:${r.name}:${a}`);
    }
    authorization(scopes) {
        if (this.basic)
            return this.basic;
        const token = this.tokens.get(scopes.join(' '));
        return token ? `Bearer ${token}` : undefined;
    }
    /** Answers a 401's challenge; false when there is nothing we can answer it with. */
    async authenticate(res, scopes) {
        const challenges = parseChallenges(res.headers.get('www-authenticate') ?? '');
        const challenge = challenges.find(c => c.scheme === 'bearer') ?? challenges[0];
        if (!challenge)
            return false;
        const credential = await this.getCredential();
        if (challenge.scheme === 'basic') {
            if (credential?.kind !== 'basic')
                return false;
            this.basic = basicHeader(credential.username, credential.password);
            return true;
        }
        this.tokens.set(scopes.join(' '), await fetchToken(this.fetchFn, this.registry, challenge, scopes, credential));
        return true;
    }
    /** One attempt: the request, answering one auth challenge on the way; the status must be in `ok`. */
    async send(r) {
        const url = /^https?:\/\//.test(r.target) ? r.target : `${this.base}/v2/${r.name}/${r.target}`;
        const sameHost = new URL(url).host === new URL(this.base).host;
        const scopes = this.scopeList(r);
        for (let round = 0;; round++) {
            const headers = { ...r.headers };
            const auth = this.authorization(scopes);
            if (auth && sameHost)
                headers.authorization = auth;
            const init = { method: r.method, headers, redirect: 'follow' };
            if (r.body) {
                init.body = r.body();
                init.duplex = 'half';
            }
            if (!r.long)
                init.signal = AbortSignal.timeout(this.o.timeoutMs ?? 120_000);
            let res;
            try {
                res = await this.fetchFn(url, init);
            }
            catch (err) {
                const e = err;
                const why = e.cause?.code ?? e.cause?.message ?? e.message;
                throw new RegistryError(`${this.registry}: ${r.what} in ${this.registry}/${r.name}: cannot reach the registry (${why})`, { retryable: true });
            }
            if (res.status === 401 && round === 0 && sameHost) {
                const text = await res.text().catch(() => '');
                try {
                    if (await this.authenticate(res, scopes))
                        continue;
                }
                catch (err) {
                    if (!(err instanceof AuthError))
                        throw err;
                    throw new RegistryError(err.message, { status: err.status, retryable: err.retryable });
                }
                throw await this.failure(res, r, text);
            }
            if (r.ok.includes(res.status))
                return res;
            throw await this.failure(res, r);
        }
    }
    async failure(res, r, body) {
        const text = body ?? (r.method === 'HEAD' ? '' : await res.text().catch(() => ''));
        const detail = errorCodes(text);
        const where = `${r.what} in ${this.registry}/${r.name} answered HTTP ${res.status}${detail ? ` (${detail})` : ''}`;
        const status = res.status;
        let message = `${this.registry}: ${where}`;
        if (status === 401 || status === 403) {
            const who = describeCredential(await this.getCredential());
            message = `${status === 401 ? 'authentication failed for' : 'access denied by'} ${this.registry} (${who}): ${where}`;
        }
        const retryable = status === 429 || status >= 500;
        return new RegistryError(message, { status, retryable, retryAfterMs: retryAfter(res) });
    }
    /** Runs one operation with retries on network errors, 429 and 5xx. */
    async retry(fn) {
        const attempts = this.o.attempts ?? 4;
        const sleep = this.o.sleep ?? ((ms) => new Promise(resolve => setTimeout(resolve, ms)));
        for (let attempt = 1;; attempt++) {
            try {
                return await fn();
            }
            catch (err) {
                if (!(err instanceof RegistryError) || !err.retryable)
                    throw err;
                if (attempt >= attempts) {
                    err.message += attempts > 1 ? ` (gave up after ${attempts} attempts)` : '';
                    throw err;
                }
                const delay = Math.min(30_000, Math.max((this.o.baseDelayMs ?? 500) * 2 ** (attempt - 1), err.retryAfterMs ?? 0));
                core/* debug */.Yz(`${err.message}; retry ${attempt + 1}/${attempts} in ${delay} ms`);
                await sleep(delay);
            }
        }
    }
    async headBlob(name, digest) {
        return await this.retry(async () => {
            const res = await this.send({
                method: 'HEAD',
                name,
                target: `blobs/${digest}`,
                what: `HEAD blob ${digest}`,
                ok: [200, 404]
            });
            return res.status === 200;
        });
    }
    /**
     * Uploads a blob: POST an upload session, then one PUT `?digest=` with the bytes. With `mountFrom`
     * (a repository in the same registry) the registry is first asked to mount the blob from there.
     */
    async uploadBlob(name, digest, source, opts = {}) {
        const size = source instanceof Uint8Array ? source.length : source.size;
        const body = () => source instanceof Uint8Array ? source : external_node_fs_.createReadStream(source.path);
        return await this.retry(async () => {
            const mount = opts.mountFrom;
            const post = await this.send({
                method: 'POST',
                name,
                target: mount
                    ? `blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(mount)}`
                    : 'blobs/uploads/',
                what: `start upload of ${digest}`,
                ok: [201, 202],
                scopes: mount ? ['pull,push', `repository:${mount}:pull`] : undefined
            });
            await post.body?.cancel();
            if (post.status === 201)
                return 'mounted';
            const location = post.headers.get('location');
            if (!location)
                throw new RegistryError(`${this.registry}: no Location for the upload of ${digest}`, {
                    retryable: true
                });
            const url = new URL(location, `${this.base}/v2/${name}/blobs/uploads/`);
            url.searchParams.set('digest', digest);
            const put = await this.send({
                method: 'PUT',
                name,
                target: url.href,
                what: `upload blob ${digest}`,
                ok: [201, 204],
                headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
                body,
                long: true
            });
            await put.body?.cancel();
            const got = put.headers.get('docker-content-digest');
            if (got && got !== digest) {
                throw new RegistryError(`${this.registry}/${name}: blob ${digest} was stored as ${got}`, {
                    retryable: false
                });
            }
            return 'uploaded';
        });
    }
    /** PUTs a manifest; returns the digest the registry gives it (`Docker-Content-Digest`). */
    async putManifest(name, reference, bytes, mediaType) {
        const digest = await this.retry(async () => {
            const res = await this.send({
                method: 'PUT',
                name,
                target: `manifests/${reference}`,
                what: `PUT manifest ${reference}`,
                ok: [200, 201, 202],
                headers: { 'content-type': mediaType },
                body: () => bytes
            });
            await res.body?.cancel();
            return res.headers.get('docker-content-digest');
        });
        // Without the header, the digest of the bytes the registry now serves.
        return digest ?? (await this.getManifest(name, reference, [mediaType])).digest;
    }
    async getManifest(name, reference, accept = MANIFEST_ACCEPT) {
        return await this.retry(async () => {
            const res = await this.send({
                method: 'GET',
                name,
                target: `manifests/${reference}`,
                what: `GET manifest ${reference}`,
                ok: [200],
                headers: { accept: accept.join(', ') },
                scopes: ['pull']
            });
            const bytes = Buffer.from(await res.arrayBuffer());
            const digest = sha256(bytes);
            if (reference.startsWith('sha256:') && digest !== reference) {
                throw new RegistryError(`${this.registry}/${name}: manifest ${reference} came back with digest ${digest}`, {
                    retryable: false
                });
            }
            const header = res.headers.get('docker-content-digest');
            if (header && header !== digest) {
                throw new RegistryError(`${this.registry}/${name}: manifest ${reference} says ${header}, its bytes are ${digest}`, {
                    retryable: false
                });
            }
            return { bytes, digest, mediaType: (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '' };
        });
    }
    /** The digest, media type and size of a manifest, or undefined when the registry has no such manifest. */
    async headManifest(name, reference) {
        return await this.retry(async () => {
            const res = await this.send({
                method: 'HEAD',
                name,
                target: `manifests/${reference}`,
                what: `HEAD manifest ${reference}`,
                ok: [200, 404],
                headers: { accept: MANIFEST_ACCEPT.join(', ') },
                scopes: ['pull']
            });
            if (res.status === 404)
                return undefined;
            return {
                digest: res.headers.get('docker-content-digest') ?? '',
                mediaType: (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '',
                size: Number(res.headers.get('content-length') ?? 0)
            };
        });
    }
    /** Deletes a manifest by digest (the registry must allow deletes). */
    async deleteManifest(name, digest) {
        await this.retry(async () => {
            const res = await this.send({
                method: 'DELETE',
                name,
                target: `manifests/${digest}`,
                what: `DELETE manifest ${digest}`,
                ok: [200, 202],
                scopes: ['delete']
            });
            await res.body?.cancel();
        });
    }
    /**
     * Phase 1 of a publish: uploads an OCI layout to `repository` (`host/path`, this client's host) with
     * the layout's exact bytes and no tag: blobs the registry lacks (HEAD first), every child manifest by
     * digest, then the root by digest. Every digest the registry answers must equal the layout's.
     */
    async uploadLayout(layoutDir, repository, opts = {}) {
        const name = this.repositoryName(repository, 'uploadLayout');
        const layout = readLayout(layoutDir);
        const result = {
            digest: layout.root.digest,
            mediaType: layout.root.mediaType,
            ref: `${this.registry}/${name}@${layout.root.digest}`,
            uploadedBlobs: 0,
            uploadedBytes: 0,
            skippedBlobs: 0,
            skippedBytes: 0,
            mountedBlobs: 0
        };
        await mapLimit(layout.blobs, this.o.concurrency ?? 4, async (blob) => {
            if (await this.headBlob(name, blob.digest)) {
                result.skippedBlobs++;
                result.skippedBytes += blob.size;
                return;
            }
            await verifyBlob(layoutDir, blob);
            const source = { path: blobPath(layoutDir, blob.digest), size: blob.size };
            if ((await this.uploadBlob(name, blob.digest, source, opts)) === 'mounted') {
                result.mountedBlobs++;
            }
            else {
                result.uploadedBlobs++;
                result.uploadedBytes += blob.size;
            }
            if (core/* isDebug */._o())
                core/* debug */.Yz(`${this.registry}/${name}: pushed blob ${blob.digest} (${blob.size} bytes)`);
        });
        for (const child of layout.children) {
            const d = child.descriptor;
            this.expectDigest(name, await this.putManifest(name, d.digest, child.bytes, d.mediaType), d.digest, `manifest ${d.digest}`);
        }
        const root = layout.root;
        this.expectDigest(name, await this.putManifest(name, root.digest, layout.rootBytes, root.mediaType), root.digest, 'the image');
        return result;
    }
    /**
     * Phase 2 of a publish: points each tag at a manifest already in `repository` (uploaded by digest),
     * with the manifest's exact bytes read back from the registry. Every tag is tried; the result says,
     * tag by tag, which moved and why the others did not.
     */
    async tag(repository, digest, tags) {
        const name = this.repositoryName(repository, 'tag');
        for (const tag of tags)
            if (!grammar/* TAG */.Dk.test(tag))
                throw new Error(`tag: "${tag}" is not a valid tag`);
        const manifest = await this.getManifest(name, digest);
        const out = [];
        for (const tag of tags) {
            try {
                this.expectDigest(name, await this.putManifest(name, tag, manifest.bytes, manifest.mediaType), digest, `tag ${tag}`);
                out.push({ tag, ref: `${this.registry}/${name}:${tag}`, moved: true });
            }
            catch (err) {
                out.push({
                    tag,
                    ref: `${this.registry}/${name}:${tag}`,
                    moved: false,
                    error: err instanceof Error ? err.message : String(err)
                });
            }
        }
        return out;
    }
    /**
     * Both phases for one layout: upload by digest, then every tag (the first tag that fails is thrown).
     * `refs` lists `host/name:tag` for each tag, then `host/name@digest`.
     */
    async pushLayout(layoutDir, repository, tags, opts = {}) {
        this.repositoryName(repository, 'pushLayout');
        for (const tag of tags)
            if (!grammar/* TAG */.Dk.test(tag))
                throw new Error(`pushLayout: "${tag}" is not a valid tag`);
        const uploaded = await this.uploadLayout(layoutDir, repository, opts);
        const tagged = await this.tag(repository, uploaded.digest, tags);
        const failed = tagged.find(t => !t.moved);
        if (failed)
            throw new Error(failed.error);
        const { ref, ...counts } = uploaded;
        return { ...counts, refs: [...tagged.map(t => t.ref), ref] };
    }
    /** `host/path` -> `path`, refusing a tag, a digest or another registry's host. */
    repositoryName(repository, what) {
        const ref = parseReference(repository);
        if (ref.tag || ref.digest)
            throw new Error(`${what}: "${repository}" must be a repository, without a tag or digest`);
        if (ref.registry !== this.registry) {
            throw new Error(`${what}: "${repository}" is not on this client's registry ${this.registry}`);
        }
        return ref.repository;
    }
    expectDigest(name, got, want, where) {
        if (got !== want) {
            throw new Error(`${this.registry}/${name}: ${where} was stored with digest ${got}, the layout's is ${want}`);
        }
    }
}

;// CONCATENATED MODULE: ./src/tools/checksums.ts
// The tools imagegate installs: pinned default versions, release file names and URLs, and the SHA-256 of
// every release file it will run, kept in the source. A version name proves nothing (tags can be
// force-pushed); a checksum does. Pure data and pure functions: no I/O here.
//
// Where each digest comes from (the digests of the official release files, as recorded by projects that
// download and verify them; every source named agrees, and none of them was copied from a mirror):
// - trivy 0.74.0: cashapp/hermit-packages trivy.hcl (commit e97df12c, as of f0517fd7532f) and
//   cert-manager/makefile-modules modules/tools/00_mod.mk (commit a319a8bb56c8, "update dependency
//   aquasecurity/trivy to v0.74.0").
// - syft 1.51.0: cashapp/hermit-packages syft.hcl (commit 4c9767a7, as of f0517fd7532f).
// - cosign 2.6.1: cashapp/hermit-packages cosign.hcl (as of f0517fd7532f).
// - cosign 3.0.6: sigstore/cosign-installer action.yml (commit 6f9f17788090, "Bump cosign to 3.0.6": its
//   bootstrap digests) and cashapp/hermit-packages cosign.hcl.
// Never add the releases of the March 2026 Trivy compromise (REFUSED below).
// To add a version: copy the two linux lines from the release's own checksums file (never from a
// mirror of the binary), and say here where they came from.
const TOOLS = (/* unused pure expression or super */ null && (['trivy', 'syft', 'cosign']));
/** The versions installed when no input names one. */
const DEFAULT_VERSIONS = {
    trivy: '0.74.0',
    syft: '1.51.0',
    cosign: '2.6.1'
};
const CHECKSUMS = {
    trivy: {
        '0.74.0': {
            amd64: '2ae6fe3ee734b7fdf11335663e18c75ea12dccc76062f09f164a3b0f8be4371a',
            arm64: 'b94ce1976bbf3c15b514b605ee88be7c6d94a29be2302847ff01cb794d47aad5'
        }
    },
    syft: {
        '1.51.0': {
            amd64: '2a2e837a2c8d59ec9af5472ee22d3b04ee463c4e44476ecf993fd1e5ab6ebc7f',
            arm64: '6c0466811541ea03add5213a60a1562f0851e4c0b0ecfdee1a694a9455285900'
        }
    },
    cosign: {
        '2.6.1': {
            amd64: '064954c5d8c7e3b28188eee5b1727b31c411550bc5fefd41aa672d3c761d103a',
            arm64: '56a16480bdd56ec789abaa65924402f6b92c0041f06885995853c05567b76f34'
        },
        '3.0.6': {
            amd64: 'c956e5dfcac53d52bcf058360d579472f0c1d2d9b69f55209e256fe7783f4c74',
            arm64: 'bedac92e8c3729864e13d4a17048007cfafa79d5deca993a43a90ffe018ef2b8'
        }
    }
};
/**
 * Versions refused even with a checksum input: the March 2026 Trivy compromise published malicious
 * v0.69.4 release binaries (CVE-2026-33634), and its v0.69.5 and v0.69.6 tags were attacker-made too.
 */
const REFUSED = {
    trivy: {
        '0.69.4': 'a malicious release (the March 2026 Trivy compromise, CVE-2026-33634)',
        '0.69.5': 'made by the attacker of the March 2026 Trivy compromise',
        '0.69.6': 'made by the attacker of the March 2026 Trivy compromise'
    }
};
const RELEASES = {
    trivy: {
        repo: 'aquasecurity/trivy',
        kind: 'tar.gz',
        binary: 'trivy',
        versionArgs: ['--version'],
        checksumsFile: v => `trivy_${v}_checksums.txt`
    },
    syft: {
        repo: 'anchore/syft',
        kind: 'tar.gz',
        binary: 'syft',
        versionArgs: ['--version'],
        checksumsFile: v => `syft_${v}_checksums.txt`
    },
    cosign: {
        repo: 'sigstore/cosign',
        kind: 'binary',
        binary: 'cosign',
        versionArgs: ['version'],
        checksumsFile: () => 'cosign_checksums.txt'
    }
};
const GITHUB = 'https://github.com';
/** The release file for a version and architecture, exactly as each project names it. */
function releaseFileName(tool, version, arch) {
    switch (tool) {
        case 'trivy':
            return `trivy_${version}_Linux-${arch === 'amd64' ? '64bit' : 'ARM64'}.tar.gz`;
        case 'syft':
            return `syft_${version}_linux_${arch}.tar.gz`;
        case 'cosign':
            return `cosign-linux-${arch}`;
    }
}
/** Where the release file is downloaded from; `baseUrl` replaces https://github.com (tests, mirrors). */
function releaseUrl(tool, version, arch, baseUrl = GITHUB) {
    const base = baseUrl.replace(/\/+$/, '');
    return `${base}/${RELEASES[tool].repo}/releases/download/v${version}/${releaseFileName(tool, version, arch)}`;
}
/** The table's digest for a release file, or undefined when the table does not know it. */
function lookupChecksum(tool, version, arch, table = CHECKSUMS) {
    return table[tool]?.[version]?.[arch];
}
/** The versions the table knows for a tool and architecture, for error messages. */
function knownVersions(tool, arch, table = CHECKSUMS) {
    return Object.entries(table[tool] ?? {})
        .filter(([, byArch]) => byArch[arch] !== undefined)
        .map(([v]) => v);
}

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

;// CONCATENATED MODULE: ./src/tools/install.ts
// Installing trivy, syft and cosign safely and once: the tool on PATH when it is the wanted version,
// else the runner's tool cache, else the official release file, verified by SHA-256 against the table
// in checksums.ts BEFORE anything is extracted or run. The pure pieces (versions, architectures,
// digests, `--version` parsing) come first; installTool() is the only part that does I/O.








// ---------------------------------------------------------------------------------------------- pure
const VERSION = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;
/** The wanted version without its `v`; the pinned default when none is given. */
function normalizeVersion(tool, input) {
    const raw = (input ?? '').trim();
    if (!raw)
        return DEFAULT_VERSIONS[tool];
    const m = VERSION.exec(raw);
    if (!m?.[1])
        throw new Error(`${tool} version "${raw}" is not an exact release version like ${DEFAULT_VERSIONS[tool]}: ` +
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
    const v = input
        .trim()
        .replace(/^sha256:/i, '')
        .toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(v))
        throw new Error(`the checksum given for ${tool} ("${input.trim()}") is not a SHA-256 (64 hex digits)`);
    return v;
}
/** Refuses versions that must never run, whatever checksum comes with them. */
function assertNotRefused(tool, version) {
    const why = REFUSED[tool]?.[version];
    if (why)
        throw new Error(`${tool} ${version} is refused: it is ${why}`);
}
/**
 * The digest a release file must have: the table's, or the one given (for a version the table does not
 * know). A version neither knows is refused; a given digest that contradicts the table is refused.
 */
function expectedDigest(o) {
    const table = o.table ?? CHECKSUMS;
    assertNotRefused(o.tool, o.version);
    const file = releaseFileName(o.tool, o.version, o.arch);
    const known = lookupChecksum(o.tool, o.version, o.arch, table);
    const given = o.checksum?.trim() ? normalizeChecksum(o.tool, o.checksum) : undefined;
    if (known && given && known !== given)
        throw new Error(`the checksum given for ${file} (${given}) differs from imagegate's table (${known}): ` +
            'one of them is wrong, and nothing is installed');
    if (known)
        return { sha256: known, from: 'table' };
    if (given)
        return { sha256: given, from: 'input' };
    const versions = knownVersions(o.tool, o.arch, table);
    throw new Error(`${o.tool} ${o.version} is not in imagegate's checksum table ` +
        `(it knows ${versions.length ? versions.join(', ') : 'no version'} for linux/${o.arch}), ` +
        'and imagegate runs no release it cannot verify: give the SHA-256 of ' +
        `${file} (from the release's ${RELEASES[o.tool].checksumsFile(o.version)}) as its checksum, ` +
        'or use a version the table knows');
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
const downloads = { trivy: 0, syft: 0, cosign: 0 };
/** Release files downloaded by this process (one tool, or all): a benchmark reports it. */
function downloadCount(tool) {
    return tool ? downloads[tool] : downloads.trivy + downloads.syft + downloads.cosign;
}
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
        const r = await (0,exec/* exec */.m0)(file, RELEASES[tool].versionArgs, { env, timeoutMs: 60_000, stage: 'tools' });
        if (r.exitCode !== 0) {
            core/* info */.pq(`${file} ${RELEASES[tool].versionArgs.join(' ')} exited ${r.exitCode}: ${(0,exec/* tail */.RT)(r.stderr, 3)}`);
            return undefined;
        }
        return parseToolVersion(tool, r.stdout) ?? parseToolVersion(tool, r.stderr);
    }
    catch (e) {
        core/* info */.pq(`${file}: ${e.message}`);
        return undefined;
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
    const release = RELEASES[tool];
    const version = normalizeVersion(tool, spec.version);
    assertNotRefused(tool, version);
    if (!spec.force) {
        const found = which(release.binary, env);
        if (found) {
            const recalled = spec.versions?.recall(found);
            const v = recalled ?? (await versionOf(tool, found, env));
            if (v !== undefined && recalled === undefined)
                spec.versions?.remember(found, v);
            const refused = v !== undefined && REFUSED[tool]?.[v] !== undefined;
            if (v !== undefined && !refused && (v === version || spec.anyVersionOnPath)) {
                core/* info */.pq(`${tool} ${v}: ${found} (on PATH)`);
                return { path: found, version: v, source: 'path' };
            }
            core/* info */.pq(`${tool} on PATH (${found}) is ${refused ? `the refused ${v}` : (v ?? 'of unknown version')}, ` +
                `not ${version}: using the verified release`);
        }
    }
    const arch = toolArch(tool, process.platform, process.arch);
    const expected = expectedDigest({ tool, version, arch, checksum: spec.checksum, table: spec.checksums });
    const cacheRoot = runnerDir('RUNNER_TOOL_CACHE');
    const temp = runnerDir('RUNNER_TEMP');
    const baseUrl = spec.baseUrl ?? GITHUB;
    const key = [tool, version, process.arch, expected.sha256, cacheRoot, baseUrl].join('|');
    const pending = inflight.get(key);
    if (pending)
        return withPath(await pending, env);
    const p = fromCacheOrDownload({ tool, version, arch, sha256: expected.sha256, temp, baseUrl }, env);
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
async function fromCacheOrDownload(o, env) {
    const { tool, version, arch, sha256 } = o;
    const release = RELEASES[tool];
    // loaded on first use: a tool found on PATH needs none of it (its HTTP client is a large module)
    const tc = await __webpack_require__.e(/* import() */ 805).then(__webpack_require__.bind(__webpack_require__, 59805));
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
    const file = releaseFileName(tool, version, arch);
    const url = releaseUrl(tool, version, arch, o.baseUrl);
    const work = external_node_path_.join(o.temp, `imagegate-${tool}-${external_node_crypto_.randomUUID()}`);
    const archive = external_node_path_.join(work, file);
    const start = Date.now();
    try {
        core/* info */.pq(`${tool} ${version}: downloading ${url}`);
        downloads[tool]++;
        try {
            await tc.downloadTool(url, archive);
        }
        catch (e) {
            throw new Error(`could not download ${tool} ${version} from ${url}: ${e.message}`, {
                cause: e
            });
        }
        const actual = await sha256File(archive);
        if (actual !== sha256) {
            external_node_fs_.rmSync(archive, { force: true });
            throw new Error(`checksum mismatch for ${file}: expected ${sha256}, got ${actual} ` +
                `(downloaded from ${url}; the file was deleted and nothing from it was extracted or run)`);
        }
        core/* info */.pq(`${file}: sha256:${actual} verified`);
        const content = external_node_path_.join(work, 'content');
        external_node_fs_.mkdirSync(content);
        if (release.kind === 'tar.gz') {
            try {
                await extractTree(archive, content);
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
        const stamp = { file, url, sha256: actual };
        external_node_fs_.writeFileSync(external_node_path_.join(content, STAMP), `${JSON.stringify(stamp)}\n`);
        const dir = await tc.cacheDir(content, tool, version, process.arch);
        addToPath(dir, env);
        core/* info */.pq(`${tool} ${version}: ${external_node_path_.join(dir, release.binary)} (downloaded, verified, cached)`);
        return { path: external_node_path_.join(dir, release.binary), version, source: 'download' };
    }
    finally {
        (0,exec/* recordTiming */.oo)('tools', `install ${tool}`, start);
        external_node_fs_.rmSync(work, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/pipeline/scanner.ts
// The scanner a run uses: Trivy (and syft when it writes the SBOMs) found or installed, Trivy's version
// probed once per binary, and its vulnerability DB ready. Started while the images build.







/**
 * `facts`: what the tools' probes said, by binary identity (path, size, mtime): like the tool cache
 * itself, kept whatever `reuse-results` says (it holds nothing about images).
 */
async function prepareScanner(inputs, facts) {
    const [installed, syft] = await Promise.all([
        installTool(toolSpec(inputs, 'trivy', inputs['trivy-version'], facts)),
        inputs['sbom-generator'] === 'syft'
            ? installTool(toolSpec(inputs, 'syft', inputs['syft-version'], facts)).then(t => t.path)
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
    const db = await (0,scan/* prepareDb */.Sn)({
        trivy,
        cacheDir,
        offline: inputs['offline-db'],
        maxAgeDays: inputs['db-max-age'],
        repository: inputs['db-repository'] || undefined
    });
    core/* info */.pq(`Trivy ${version.version} at ${trivy}; DB ${db.updatedAt ?? '(date unknown)'} in ${cacheDir}`);
    return { trivy, syft, version, db, identity: scannerIdentity({ trivy, version, syft, cacheDir }) };
}
/**
 * PATH first (any version when none is pinned by input), then the tool cache, then the checksum-verified
 * release; `install-tools: pinned` always takes the verified release.
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
    return {
        tool,
        version: version || undefined,
        force: pinned,
        anyVersionOnPath: !version && !pinned,
        versions
    };
}

;// CONCATENATED MODULE: ./src/pipeline/publish.ts
// The push of a run: the scanned layouts of the images the gate and the strategy allow, when push is on,
// through the two-phase publish (publish/publish.ts): every image uploaded by digest, signed and
// attested when asked, and only then the tags moved. The registry's digest must be the scanned one.















/** Trivy's default DB repository (what the vulnerability record names when `db-repository` is empty). */
const TRIVY_DB_REPOSITORY = 'ghcr.io/aquasecurity/trivy-db';
/** Publishes the scanned layouts, only those the gate and the strategy allow, only when push is on. */
async function publish(ctx, images, verdict, scanner) {
    const { inputs } = ctx;
    const out = { pushed: new Map(), errors: new Map() };
    const attest = inputs.attest ?? inputs.sign;
    if (!inputs.push) {
        core/* info */.pq(`push is false: nothing is pushed${inputs.sign || attest ? ', signed or attested' : ''}`);
        return out;
    }
    const allowed = new Set((0,gate/* pushable */.Ny)(verdict, inputs['push-strategy']));
    const candidates = images.filter(i => allowed.has(i.plan.name) && i.layoutDir && i.digest);
    if (candidates.length === 0) {
        core/* info */.pq('the gate failed: nothing is pushed');
        return out;
    }
    const clients = new Map();
    const registryFor = (repository) => {
        const host = parseReference(repository).registry;
        let client = clients.get(host);
        if (!client) {
            client = new RegistryClient({
                registry: host,
                username: inputs.username || undefined,
                password: inputs.password || undefined
            });
            clients.set(host, client);
        }
        return client;
    };
    // the registry's time in the run's timings (signing is timed by its cosign processes)
    const clientFor = (repository) => ({
        uploadLayout: async (layoutDir, repo) => {
            const start = Date.now();
            try {
                return await registryFor(repository).uploadLayout(layoutDir, repo);
            }
            finally {
                (0,exec/* recordTiming */.oo)('push', `upload ${repo}`, start);
            }
        },
        tag: async (repo, digest, tags) => {
            const start = Date.now();
            try {
                return await registryFor(repository).tag(repo, digest, tags);
            }
            finally {
                (0,exec/* recordTiming */.oo)('push', `tag ${repo}`, start);
            }
        }
    });
    const toPublish = candidates.map(i => ({
        name: i.plan.name,
        repository: i.plan.repository,
        layoutDir: i.layoutDir,
        digest: i.digest,
        tags: i.plan.tags.map(t => t.tag)
    }));
    let cosign;
    try {
        const hooks = inputs.sign || attest ? await trust(ctx, images, verdict, await scanner, attest) : undefined;
        cosign = hooks?.cosign;
        const result = await publishImages(toPublish, {
            strategy: inputs['push-strategy'],
            clientFor,
            concurrency: inputs['max-parallel'],
            ...hooks?.hooks
        });
        out.result = result;
        core/* info */.pq(phaseLine(result));
        for (const line of publishLines(result))
            core/* info */.pq(line);
        for (const r of result.images) {
            if (r.errors.length > 0)
                out.errors.set(r.name, r.errors.join('\n'));
            // what the refs output names: the tags that moved, then the digest (partly moved tags included)
            const tagged = r.tagsMoved.length > 0 || (r.tagsNotMoved.length === 0 && r.errors.length === 0);
            if (r.digest && r.upload && tagged) {
                out.pushed.set(r.name, {
                    digest: r.digest,
                    ...r.upload,
                    refs: [...r.refs.slice(1), r.refs[0]]
                });
            }
        }
    }
    catch (err) {
        // before any upload: the cosign key, the keyless identity, the tool could not be found
        const why = err instanceof Error ? err.message : String(err);
        for (const image of toPublish)
            out.errors.set(image.name, `${image.name}: nothing pushed: ${why}`);
    }
    finally {
        cosign?.dispose();
    }
    return out;
}
/** cosign, ready to sign by digest, and the evidence each image's attestations are made of. */
async function trust(ctx, images, verdict, scanner, attest) {
    const { inputs, plan } = ctx;
    const tool = await installTool(toolSpec(inputs, 'cosign', inputs['cosign-version'], new results/* ResultCache */.Ai((0,run_dir/* cacheDir */.e)('imagegate-tools'))));
    const cosign = new Cosign({
        cosign: tool.path,
        key: inputs['cosign-key'],
        password: inputs['cosign-password'],
        workspace: ctx.workspace,
        workDir: external_node_path_.join(ctx.files.work, '.cosign'),
        registryAuth: inputs.username
            ? {
                registries: images.map(i => parseReference(i.plan.repository).registry),
                username: inputs.username,
                password: inputs.password
            }
            : undefined,
        fulcioUrl: inputs['fulcio-url'],
        rekorUrl: inputs['rekor-url']
    });
    core/* info */.pq(cosign.identity
        ? `signing keyless as ${cosign.identity} (cosign ${tool.version ?? ''})`.trim()
        : `signing with the key from cosign-key (cosign ${tool.version ?? ''})`);
    const evidence = (name) => {
        const run = images.find(i => i.plan.name === name);
        if (!run)
            throw new Error(`${name}: no evidence for this image`);
        const image = run.plan;
        const platforms = run.outcome.scans.map(s => s.platform);
        const dockerfile = external_node_fs_.readFileSync(external_node_path_.resolve(ctx.workspace, image.file), 'utf8');
        return {
            name,
            context: image.context,
            file: image.file,
            target: image.target,
            buildArgs: image.buildArgs,
            baseImages: checkBasePinned(dockerfile, image.file, image.buildArgs)
                .filter(b => b.kind === 'image' && b.ref)
                .map(b => b.ref),
            passed: verdict.images.find(v => v.name === name)?.passed ?? false,
            platforms: platforms.map(platform => {
                const spdx = ctx.files.sbomFile(name, plan.git.shortSha, platform, platforms.length, 'spdx-json');
                return {
                    platform,
                    reportFile: ctx.files.scanReport(name, platform),
                    spdxFile: run.sboms.some(s => s.file === spdx) ? spdx : undefined
                };
            })
        };
    };
    const hooks = trustHooks({
        cosign,
        sign: inputs.sign,
        attest,
        evidence,
        scanner: {
            trivyVersion: scanner.version.version,
            dbRepository: inputs['db-repository'] || TRIVY_DB_REPOSITORY,
            dbUpdatedAt: scanner.db.updatedAt ?? ''
        },
        policy: {
            severities: inputs.severity,
            ignoreUnfixed: inputs['ignore-unfixed'],
            ignoreFiles: inputs.trivyignores
        },
        commit: plan.git.sha,
        environment: plan.environment,
        startedOn: new Date(ctx.started)
    });
    return { cosign, hooks };
}

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
    const { DefaultArtifactClient } = await __webpack_require__.e(/* import() */ 584).then(__webpack_require__.bind(__webpack_require__, 20584));
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

;// CONCATENATED MODULE: ./src/report/sarif.ts
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
    return `imagegate/${image}/${(0,grammar/* platformSlug */.DN)(platform)}/`;
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
    return (0,external_node_crypto_.createHash)('sha256')
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
        if (!known || (0,report_table/* severityRank */.qs)(f.severity) < (0,report_table/* severityRank */.qs)(known.severity)) {
            rules.set(f.id, { rule: ruleFor(f, at, f.severity), severity: f.severity });
        }
        return { f, at };
    });
    const ruleList = [...rules.values()].map(r => r.rule).sort((a, b) => (0,report_table/* compareNatural */.dk)(a.id, b.id));
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
                text: (0,gate/* describeFinding */.jb)({ ...f, image: p.image, platform: p.platform }) + (title ? `: ${title}` : '')
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
    const severities = trivy_report/* SEVERITIES */.oC.filter(s => wanted.has(s)).sort((a, b) => (0,report_table/* severityRank */.qs)(a) - (0,report_table/* severityRank */.qs)(b));
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
        p.findings.sort(report_table/* compareFindings */.Eg);
    const worst = (p) => p.findings[0] ? (0,report_table/* severityRank */.qs)(p.findings[0].severity) : trivy_report/* SEVERITIES */.oC.length;
    const ranked = [...prepared].sort((a, b) => worst(a) - worst(b) || b.findings.length - a.findings.length || (0,report_table/* compareNatural */.dk)(a.category, b.category));
    const keptRuns = ranked.slice(0, Math.max(0, maxRuns));
    const droppedRuns = ranked.slice(keptRuns.length);
    let resultsDropped = droppedRuns.reduce((n, p) => n + p.findings.length, 0);
    const out = [];
    for (const p of keptRuns.sort((a, b) => (0,report_table/* compareNatural */.dk)(a.category, b.category))) {
        const { run, dropped } = buildRun(p, severities, o.toolVersion, Math.max(0, maxResults));
        resultsDropped += dropped;
        out.push(run);
    }
    return {
        sarif: { $schema: SARIF_SCHEMA, version: SARIF_VERSION, runs: out },
        truncated: {
            runsDropped: droppedRuns.length,
            resultsDropped,
            droppedCategories: droppedRuns.map(p => p.category).sort(report_table/* compareNatural */.dk)
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

;// CONCATENATED MODULE: ./src/report/outputs.ts
// What a build run leaves behind, whatever its verdict: the SARIF file, the evidence artifact, the step's
// outputs, and the message that turns the job red.









/** One SARIF file for github/codeql-action/upload-sarif: a run per image and platform, the gate's severities. */
function writeSarif(ctx, images, trivyVersion) {
    const runs = images.flatMap(i => i.outcome.scans.map(s => ({ image: i.plan.name, platform: s.platform, findings: s.findings })));
    const { sarif, truncated } = toSarif(runs, { severities: ctx.inputs.severity, toolVersion: trivyVersion });
    const file = ctx.files.sarifFile;
    external_node_fs_.mkdirSync(external_node_path_.dirname(file), { recursive: true });
    external_node_fs_.writeFileSync(file, JSON.stringify(sarif, null, 2));
    core/* setOutput */.uH('sarif', file);
    const cut = describeTruncation(truncated);
    if (cut)
        core/* warning */.$e(cut, { title: 'imagegate: SARIF cut to GitHub limits' });
}
function listFiles(dir) {
    return external_node_fs_.existsSync(dir) ? external_node_fs_.readdirSync(dir).map(f => external_node_path_.join(dir, f)) : [];
}
/** SBOMs, reports and the plan as one workflow artifact: also (above all) when the gate failed. */
async function uploadEvidenceFiles(ctx, reports) {
    const { plan, inputs, files: layout } = ctx;
    const out = layout.out;
    const files = [
        layout.planFile,
        layout.sarifFile,
        ...reports.flatMap(r => [...r.reportFiles, ...r.sboms.map(b => b.file)]),
        ...listFiles(layout.scansDir) // also the Dockerfile scan reports
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
        matrixKey: plan.environment,
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
function setRunOutputs(ctx, reports, passed, db, reusedPlatforms) {
    const { plan, started } = ctx;
    const obj = (f) => Object.fromEntries(reports.map(r => [r.name, f(r)]));
    core/* setOutput */.uH('digests', JSON.stringify(obj(r => r.digest ?? null)));
    core/* setOutput */.uH('refs', JSON.stringify(obj(r => r.pushedRefs)));
    core/* setOutput */.uH('findings', JSON.stringify(obj(r => r.counts)));
    core/* setOutput */.uH('report-paths', reports.flatMap(r => r.reportFiles).join('\n'));
    core/* setOutput */.uH('sbom-paths', reports.flatMap(r => r.sboms.map(b => b.file)).join('\n'));
    const wall = Date.now() - started;
    const outside = wall - (0,exec/* coveredMs */.nR)(exec/* timings */.EX);
    core/* setOutput */.uH('metadata', JSON.stringify({
        environment: plan.environment,
        passed,
        images: reports,
        trivyDb: {
            updatedAt: db?.updatedAt,
            downloaded: db?.downloaded ?? false,
            preparations: (0,scan/* dbPreparationCount */.lL)()
        },
        toolDownloads: downloadCount(),
        reusedPlatforms,
        timings: {
            wallMs: wall,
            // the action's own time: wall time when no child process or push was running
            ownMs: outside,
            stages: (0,exec/* stageTimings */.sV)(),
            children: exec/* timings */.EX.map(t => ({ stage: t.stage, label: t.label, startMs: t.start - started, ms: t.ms }))
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
    const pushedNote = pushedNames.length > 0 ? ` (pushed: ${pushedNames.join(', ')})` : '; nothing was pushed';
    return [head + pushedNote, ...shown, ...more].join('\n');
}

;// CONCATENATED MODULE: ./src/stages.ts
// Everything after the builds start, in order: scanner and Dockerfile scan (while the images build) ->
// each image inspected (pipeline/image.ts) -> gate -> publish -> evidence, outputs, summary. Only
// sequences: the work sits in the modules it calls. Loaded by main.ts (import()) while the first images
// build, so Node compiles none of it before the first child process starts.













/** The stages after the builds; returns why the job fails, or undefined when it passes. */
async function runStages(ctx, builds, ignoreFile) {
    const { plan, inputs } = ctx;
    // The tools, the DB and the Dockerfile scan get ready while the images build (neither needs the other).
    const scanner = prepareScanner(inputs, new results/* ResultCache */.Ai((0,run_dir/* cacheDir */.e)('imagegate-tools')));
    const dockerfiles = scanner.then(sc => stages_scanDockerfiles(ctx, sc));
    for (const p of [scanner, dockerfiles])
        p.catch(() => undefined); // awaited below and by every image
    // scans bounded by max-parallel apart from the builds: an image builds while earlier ones are scanned
    const scans = new concurrency/* Semaphore */.j(inputs['max-parallel']);
    const hidden = new HiddenFileScan({ work: ctx.files.hiddenFilesWork, images: plan.images.map(i => i.name) });
    const settled = await (0,concurrency/* mapSettled */.A)(plan.images, plan.images.length, image => inspectImage(ctx, image, {
        build: builds.get(image.name),
        scanner,
        dockerfiles,
        scans,
        hidden,
        ignoreFile
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
    const verdict = (0,gate/* gate */.Gj)(images.map(i => i.outcome), inputs.severity);
    const published = await publish(ctx, images, verdict, scanner);
    // Fail late: outputs, annotations and the summary first, then the red status.
    const reports = images.map(i => toReport(i, verdict, published));
    // a scanner that never got ready (a failed tool download) is every image's error already: the report
    // is still written, with what is known
    const ready = await scanner.catch(() => undefined);
    writeSarif(ctx, images, ready?.version.version ?? 'unknown');
    const evidence = await uploadEvidenceFiles(ctx, reports);
    const passed = verdict.passed && published.errors.size === 0 && !evidence.error;
    setRunOutputs(ctx, reports, passed, ready?.db, images.reduce((n, i) => n + i.reused, 0));
    (0,run_summary/* annotate */.fz)(verdict);
    await (0,run_summary/* writeJobSummary */.j7)((0,run_summary/* runSummaryMarkdown */.fU)(plan, reports, verdict, {
        push: inputs.push,
        passed,
        dbUpdatedAt: ready?.db.updatedAt ?? '',
        artifact: evidence.artifact,
        stages: (0,exec/* stageTimings */.sV)(),
        wallMs: Date.now() - ctx.started
    }));
    const failure = failureMessage(verdict, published);
    return evidence.error ? [failure, evidence.error].filter(Boolean).join('\n') : failure;
}
/** Trivy's Dockerfile misconfiguration scan, one call for every image whose rule is on. */
async function stages_scanDockerfiles(ctx, scanner) {
    const on = ctx.plan.images.filter(i => i.rules['dockerfile-config'] !== 'off');
    return await dockerfileEvidence({
        dockerfiles: new Map(on.map(i => [i.name, external_node_path_.resolve(ctx.workspace, i.file)])),
        work: ctx.files.dockerfilesWork,
        outputFor: name => ctx.files.dockerfileReport(name)
    }, scanner, ctx.results);
}


/***/ })

};
