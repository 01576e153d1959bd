export const id = 952;
export const ids = [952];
export const modules = {

/***/ 80144:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _D: () => (/* binding */ writeDockerConfig),
/* harmony export */   _d: () => (/* binding */ Cosign)
/* harmony export */ });
/* unused harmony export CosignError */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33838);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(14981);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(22974);
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
        node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync(o.workDir, { recursive: true, mode: 0o700 });
        this.secrets = [o.password, o.key, o.registryAuth?.password ?? ''].filter(s => s.length > 0);
        for (const secret of this.secrets)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(secret);
        this.env = { ...env };
        if (o.key.trim()) {
            this.mode = { kind: 'key', key: this.keyPath(o.key, o.workspace) };
            this.identity = undefined;
            // cosign asks for the password on a terminal otherwise; an empty one is a key without password
            this.env.COSIGN_PASSWORD = o.password;
        }
        else {
            const id = (0,_args_js__WEBPACK_IMPORTED_MODULE_4__/* .keylessIdentity */ .JT)(env);
            this.mode = {
                kind: 'keyless',
                fulcioUrl: o.fulcioUrl || _args_js__WEBPACK_IMPORTED_MODULE_4__/* .DEFAULT_FULCIO_URL */ .jl,
                rekorUrl: o.rekorUrl || _args_js__WEBPACK_IMPORTED_MODULE_4__/* .DEFAULT_REKOR_URL */ .AD,
                oidc: id.oidc
            };
            this.identity = id.identity;
        }
        if (o.registryAuth?.username) {
            const { registries, username, password } = o.registryAuth;
            this.env.DOCKER_CONFIG = writeDockerConfig(node_path__WEBPACK_IMPORTED_MODULE_2__.join(o.workDir, 'docker'), registries, username, password);
        }
    }
    keyPath(key, workspace) {
        switch ((0,_args_js__WEBPACK_IMPORTED_MODULE_4__/* .keyKind */ .qp)(key)) {
            case 'kms':
                return key.trim();
            case 'pem': {
                const file = node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.workDir, 'cosign.key');
                node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync(file, key.trim() + '\n', { mode: 0o600 });
                return file;
            }
            case 'file': {
                const file = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(workspace, key.trim());
                if (!node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync(file)) {
                    throw new CosignError('input cosign-key: neither PEM contents (-----BEGIN ...), a KMS URI (awskms://, gcpkms://, azurekms://, hashivault://, k8s://) nor a key file in the workspace');
                }
                return file;
            }
        }
    }
    /** Signs `ref` (`host/path@sha256:...`); with `recursive`, each manifest of an index too. */
    async sign(ref, recursive = true) {
        await this.run((0,_args_js__WEBPACK_IMPORTED_MODULE_4__/* .signArgs */ .Ng)({ ref, mode: this.mode, recursive }), `sign ${ref}`);
    }
    /** Signs every one of `refs` in one cosign process (the key is read, and decrypted, once). */
    async signMany(refs, recursive = true) {
        if (refs.length === 1)
            return await this.sign(refs[0], recursive);
        await this.run((0,_args_js__WEBPACK_IMPORTED_MODULE_4__/* .signArgs */ .Ng)({ ref: refs, mode: this.mode, recursive }), `sign ${refs.join(' ')}`);
    }
    /** Attaches `predicate` (a JSON value, or the path of a JSON file) as an in-toto attestation of `ref`. */
    async attest(ref, type, predicate, label) {
        let file;
        if (typeof predicate === 'string') {
            file = predicate;
        }
        else {
            const dir = node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.workDir, 'predicates');
            node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync(dir, { recursive: true });
            const kind = type.startsWith('https://') ? 'provenance' : type;
            file = node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, `${label.replace(/[^A-Za-z0-9._-]+/g, '-')}.${kind}.json`);
            node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync(file, JSON.stringify(predicate));
        }
        await this.run((0,_args_js__WEBPACK_IMPORTED_MODULE_4__/* .attestArgs */ .r7)({ ref, mode: this.mode, type, predicateFile: file }), `attest ${type} ${ref}`);
    }
    async run(args, what) {
        const r = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .exec */ .m0)(this.bin, args, { env: this.env, secrets: this.secrets, stage: 'sign' });
        if (r.exitCode !== 0) {
            const why = r.timedOut ? 'timed out' : `exited ${r.exitCode}`;
            throw new CosignError(`cosign ${what} ${why}:\n${(0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .tail */ .RT)(r.stderr || r.stdout)}`);
        }
    }
    /** Removes the key file and the docker config. */
    dispose() {
        node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync(node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.workDir, 'cosign.key'), { force: true });
        node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync(node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.workDir, 'docker'), { recursive: true, force: true });
    }
}
/**
 * A docker config directory holding only `username`/`password` for `registries`, private to cosign
 * (cosign reads registry credentials from the docker config, as docker/login-action writes it).
 */
function writeDockerConfig(dir, registries, username, password) {
    node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync(dir, { recursive: true, mode: 0o700 });
    node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync(node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'config.json'), (0,_args_js__WEBPACK_IMPORTED_MODULE_4__/* .dockerConfigJson */ .TF)([...new Set(registries)], username, password), {
        mode: 0o600
    });
    return dir;
}


/***/ }),

/***/ 25823:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bq: () => (/* binding */ formatPlatform),
/* harmony export */   Cq: () => (/* binding */ writeSingleIndex),
/* harmony export */   H3: () => (/* binding */ isAttestation),
/* harmony export */   OS: () => (/* binding */ platformManifests),
/* harmony export */   Rn: () => (/* binding */ MEDIA),
/* harmony export */   T4: () => (/* binding */ readLayout),
/* harmony export */   V: () => (/* binding */ INDEX_TYPES),
/* harmony export */   _P: () => (/* binding */ MANIFEST_TYPES),
/* harmony export */   gm: () => (/* binding */ readBlob),
/* harmony export */   nD: () => (/* binding */ blobPath),
/* harmony export */   sc: () => (/* binding */ sha256),
/* harmony export */   tB: () => (/* binding */ verifyBlob)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _plan_grammar_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(37530);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8301);
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
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex')}`;
}
function blobPath(dir, digest) {
    if (!_plan_grammar_js__WEBPACK_IMPORTED_MODULE_3__/* .DIGEST */ .Dh.test(digest))
        throw new Error(`unsupported or invalid digest "${digest}" in ${dir}`);
    return node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length));
}
/**
 * Writes `oci-layout` and an `index.json` naming one manifest into `dir`: the layout of that image alone
 * (its blobs are the caller's to provide).
 */
function writeSingleIndex(dir, manifest) {
    node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync(dir, { recursive: true });
    node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync(node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    const index = { schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests: [manifest] };
    node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync(node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'index.json'), JSON.stringify(index));
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function asDescriptor(v, where) {
    if (!isObject(v) || typeof v.digest !== 'string' || typeof v.size !== 'number') {
        throw new Error(`${where}: not a descriptor (digest and size are required)`);
    }
    if (!_plan_grammar_js__WEBPACK_IMPORTED_MODULE_3__/* .DIGEST */ .Dh.test(v.digest))
        throw new Error(`${where}: unsupported or invalid digest "${v.digest}"`);
    return { ...v, mediaType: typeof v.mediaType === 'string' ? v.mediaType : '' };
}
/** Reads a blob whole and checks its size and sha256 against the descriptor. */
function readBlob(dir, d) {
    const file = blobPath(dir, d.digest);
    if (!node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync(file))
        throw new Error(`${dir}: blob ${d.digest} is missing`);
    const bytes = node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync(file);
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
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    let size = 0;
    for await (const chunk of node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream(file)) {
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
    const v = (0,_json_js__WEBPACK_IMPORTED_MODULE_4__/* .parseJson */ .q)(bytes.toString('utf8'), reason => `${where}: not valid JSON: ${reason}`);
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
    const indexFile = node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'index.json');
    if (!node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync(indexFile))
        throw new Error(`${dir} is not an OCI image layout (no index.json)`);
    const layoutFile = node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'oci-layout');
    if (node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync(layoutFile)) {
        const version = parseJson(node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync(layoutFile), layoutFile).imageLayoutVersion;
        if (version !== '1.0.0')
            throw new Error(`${layoutFile}: unsupported imageLayoutVersion ${String(version)}`);
    }
    const top = parseIndex(parseJson(node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync(indexFile), indexFile), indexFile);
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
            if (!node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync(file))
                throw new Error(`${dir}: blob ${b.digest} (${where}) is missing`);
            const size = node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync(file).size;
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


/***/ }),

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
        archive.destroy(err instanceof Error ? err : new Error(String(err)));
    }
    await written;
}


/***/ }),

/***/ 87342:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  nc: () => (/* binding */ platformEvidence),
  fs: () => (/* binding */ scannerIdentity)
});

// UNUSED EXPORTS: platformKey, sbomFromScan

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/cache/results.ts
var results = __webpack_require__(17044);
// EXTERNAL MODULE: ./src/sbom/sbom.ts
var sbom = __webpack_require__(5272);
// EXTERNAL MODULE: ./src/exec.ts + 1 modules
var exec = __webpack_require__(14981);
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
    const r = await (0,exec/* exec */.m0)(syft, syftArgs(o), { stage: 'sbom', limit: o.limit, subject: what });
    if (r.exitCode !== 0)
        throw new Error(`the SBOM of ${what} failed: syft exited ${r.exitCode}: ${(0,exec/* tail */.RT)(r.stderr || r.stdout, 8)}`);
    // what syft says on stderr even when it succeeds (warnings; a stand-in saying it is one)
    if (r.stderr.trim())
        core/* info */.pq(`syft (${what}): ${(0,exec/* tail */.RT)(r.stderr, 5)}`);
}

// EXTERNAL MODULE: ./src/trivy/hidden-files.ts + 1 modules
var hidden_files = __webpack_require__(79977);
// EXTERNAL MODULE: ./src/trivy/report.ts
var trivy_report = __webpack_require__(76744);
// EXTERNAL MODULE: ./src/trivy/scan.ts
var scan = __webpack_require__(54911);
// EXTERNAL MODULE: ./src/trivy/env.ts
var env = __webpack_require__(76331);
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
        '--timeout',
        (0,scan/* trivyTimeout */.cC)(o.limit),
        '--quiet'
    ];
}
async function trivySbom(trivy, o, what) {
    external_node_fs_.mkdirSync(external_node_path_.dirname(o.output), { recursive: true });
    const r = await (0,env/* runTrivy */.m)(trivy, trivySbomArgs(o), { stage: 'sbom', limit: o.limit, subject: what });
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

// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
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
            layers: job.layers
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
                // the base image's) are extracted at once, outside the bound on scans: the run's one trivy fs
                // starts as soon as every platform has given its files, not when the last platform's turn comes
                const submission = submitHidden();
                submission.catch(() => undefined); // awaited after the scan
                const { s, sboms } = await slot(async () => {
                    const s = await (0,scan/* scan */.SQ)({
                        trivy: scanner.trivy,
                        version: scanner.version,
                        input: job.input,
                        output: reportFile,
                        cacheDir: scanner.db.cacheDir,
                        ignoreUnfixed: job.ignoreUnfixed,
                        ignoreFile: job.ignoreFile,
                        secrets: true,
                        listAllPkgs: sbomFromScan(job),
                        timeout: (0,scan/* trivyTimeout */.cC)(scanner.timeout),
                        limit: scanner.timeout
                    }, what);
                    return { s, sboms: await writeSboms(job, scanner, s.report, sbomFiles, what) };
                });
                // the run's one secret scan of hidden files, once every platform has submitted
                const hidden = await (await submission).findings;
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
                imagegateVersion: version/* IMAGEGATE_VERSION */.U,
                trivyVersion: scanner.version.version
            });
            external_node_fs_.mkdirSync(external_node_path_.dirname(output), { recursive: true });
            external_node_fs_.writeFileSync(output, `${JSON.stringify(doc, null, 2)}\n`);
        }
        else if (job.sbom.generator === 'trivy') {
            await trivySbom(scanner.trivy, {
                input: job.input,
                output,
                format,
                cacheDir: scanner.db.cacheDir,
                version: scanner.version,
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

/***/ 78192:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ toolSpec),
/* harmony export */   m: () => (/* binding */ prepareScanner)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33838);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _cache_results_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(17044);
/* harmony import */ var _tools_install_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(63789);
/* harmony import */ var _trivy_scan_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(54911);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(87342);
// The scanner a run uses: Trivy (and syft when it writes the SBOMs) found or installed, Trivy's version
// probed once per binary, and its vulnerability DB ready. Started while the images build.







/**
 * `facts`: what the tools' probes said, by binary identity (path, size, mtime): like the tool cache
 * itself, kept whatever `reuse-results` says (it holds nothing about images).
 */
async function prepareScanner(inputs, facts) {
    const [installed, syft] = await Promise.all([
        (0,_tools_install_js__WEBPACK_IMPORTED_MODULE_4__/* .installTool */ .Gn)(toolSpec(inputs, 'trivy', inputs['trivy-version'], facts)),
        inputs['sbom-generator'] === 'syft'
            ? (0,_tools_install_js__WEBPACK_IMPORTED_MODULE_4__/* .installTool */ .Gn)(toolSpec(inputs, 'syft', inputs['syft-version'], facts)).then(t => t.path)
            : undefined
    ]);
    const trivy = installed.path;
    // the skip flag of this very binary (an unnumbered build needs `image --help`), read once per runner
    const factsKey = (0,_cache_results_js__WEBPACK_IMPORTED_MODULE_3__/* .resultKey */ .ZH)({ kind: 'trivy-facts', file: (0,_cache_results_js__WEBPACK_IMPORTED_MODULE_3__/* .fileIdentity */ .l6)(trivy), version: installed.version });
    const known = _trivy_scan_js__WEBPACK_IMPORTED_MODULE_5__/* .TrivyVersionSchema */ ._r.safeParse(facts.getJson(factsKey, 'trivy.json'));
    const version = known.success ? known.data : await (0,_trivy_scan_js__WEBPACK_IMPORTED_MODULE_5__/* .trivyVersion */ .Hj)(trivy, installed.version);
    if (!known.success)
        facts.putJson(factsKey, 'trivy.json', version);
    const cacheDir = process.env.TRIVY_CACHE_DIR || node_path__WEBPACK_IMPORTED_MODULE_2__.join(node_os__WEBPACK_IMPORTED_MODULE_1__.homedir(), '.cache', 'trivy');
    const db = await (0,_trivy_scan_js__WEBPACK_IMPORTED_MODULE_5__/* .prepareDb */ .Sn)({
        trivy,
        cacheDir,
        offline: inputs['offline-db'],
        maxAgeDays: inputs['db-max-age'],
        repository: inputs['db-repository'] || undefined
    });
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Trivy ${version.version} at ${trivy}; DB ${db.updatedAt ?? '(date unknown)'} in ${cacheDir}`);
    const identity = (0,_platform_js__WEBPACK_IMPORTED_MODULE_6__/* .scannerIdentity */ .fs)({ trivy, version, syft, cacheDir });
    return { trivy, syft, version, db, identity, timeout: inputs['scan-timeout'] };
}
/**
 * PATH first (any version when none is pinned by input), then the tool cache, then the checksum-verified
 * release; `install-tools: pinned` always takes the verified release.
 */
function toolSpec(inputs, tool, version, facts) {
    const pinned = inputs['install-tools'] === 'pinned';
    // a PATH binary's version, remembered by the file's identity (path, size, mtime)
    const key = (file) => (0,_cache_results_js__WEBPACK_IMPORTED_MODULE_3__/* .resultKey */ .ZH)({ kind: 'tool-version', tool, file: (0,_cache_results_js__WEBPACK_IMPORTED_MODULE_3__/* .fileIdentity */ .l6)(file) });
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


/***/ }),

/***/ 20258:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  bP: () => (/* binding */ RegistryClient),
  gl: () => (/* binding */ RegistryError),
  sf: () => (/* binding */ mapLimit),
  Kh: () => (/* binding */ registryClients)
});

// UNUSED EXPORTS: MANIFEST_ACCEPT

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/plan/grammar.ts
var grammar = __webpack_require__(37530);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/exec.ts + 1 modules
var exec = __webpack_require__(14981);
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

// EXTERNAL MODULE: ./src/oci/layout.ts
var oci_layout = __webpack_require__(25823);
// EXTERNAL MODULE: ./src/registry/reference.ts
var reference = __webpack_require__(79310);
;// CONCATENATED MODULE: ./src/registry/client.ts
// A small OCI distribution client: blobs, manifests, and pushing an OCI layout byte for byte, so the
// registry's digest is the digest that was scanned. Retries network errors, 429 and 5xx with
// exponential backoff; 400/401/403/404 become errors naming the registry, repository and status.






const MANIFEST_ACCEPT = [...oci_layout/* INDEX_TYPES */.V, ...oci_layout/* MANIFEST_TYPES */._P];
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
        const protocol = o.protocol ?? ((0,reference/* isLoopback */.U9)(o.registry) ? 'http' : 'https');
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
     * Copies one blob of `source` (a repository of this or another registry) into `name`: nothing when
     * `name` has it (HEAD), a cross-repository mount when both are on this registry (no layer bytes move),
     * else the bytes streamed from the source registry in one PUT (the registry checks them against the
     * digest). A registry that declines the mount gets the bytes too.
     */
    async copyBlob(source, name, blob) {
        if (await this.headBlob(name, blob.digest))
            return 'present';
        const sameRegistry = source.client.registry === this.registry && source.client.base === this.base;
        // one scope list for the POST and the PUT, so a bearer token fetched for one serves the other
        const scopes = sameRegistry ? ['pull,push', `repository:${source.name}:pull`] : undefined;
        return await this.retry(async () => {
            const post = await this.send({
                method: 'POST',
                name,
                target: sameRegistry
                    ? `blobs/uploads/?mount=${encodeURIComponent(blob.digest)}&from=${encodeURIComponent(source.name)}`
                    : 'blobs/uploads/',
                what: sameRegistry ? `mount of ${blob.digest} from ${source.name}` : `start upload of ${blob.digest}`,
                ok: [201, 202],
                scopes
            });
            await post.body?.cancel();
            if (post.status === 201)
                return 'mounted';
            const location = post.headers.get('location');
            if (!location)
                throw new RegistryError(`${this.registry}: no Location for the upload of ${blob.digest}`, {
                    retryable: true
                });
            const url = new URL(location, `${this.base}/v2/${name}/blobs/uploads/`);
            url.searchParams.set('digest', blob.digest);
            const get = await source.client.retry(async () => await source.client.send({
                method: 'GET',
                name: source.name,
                target: `blobs/${blob.digest}`,
                what: `GET blob ${blob.digest}`,
                ok: [200],
                scopes: ['pull'],
                long: true
            }));
            const put = await this.send({
                method: 'PUT',
                name,
                target: url.href,
                what: `upload blob ${blob.digest}`,
                ok: [201, 204],
                headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
                body: () => get.body,
                scopes,
                long: true
            });
            await put.body?.cancel();
            const got = put.headers.get('docker-content-digest');
            if (got && got !== blob.digest) {
                throw new RegistryError(`${this.registry}/${name}: blob ${blob.digest} was stored as ${got}`, {
                    retryable: false
                });
            }
            return 'uploaded';
        });
    }
    /**
     * The OCI 1.1 referrers of a manifest (signatures, attestations pushed with a `subject`), or an empty
     * list when the registry has no referrers API (distribution 2.8 answers 404).
     */
    async referrers(name, digest) {
        return await this.retry(async () => {
            const res = await this.send({
                method: 'GET',
                name,
                target: `referrers/${digest}`,
                what: `GET referrers of ${digest}`,
                ok: [200, 404],
                headers: { accept: oci_layout/* MEDIA */.Rn.ociIndex },
                scopes: ['pull']
            });
            if (res.status === 404) {
                await res.body?.cancel();
                return [];
            }
            const body = (await res.json().catch(() => ({})));
            return Array.isArray(body.manifests) ? body.manifests : [];
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
            const digest = (0,oci_layout/* sha256 */.sc)(bytes);
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
    async uploadLayout(layoutDir, repository, 
    /** index false: the manifests below an index root, not the index (a platform job of a distributed build). */
    opts = {}) {
        const name = this.repositoryName(repository, 'uploadLayout');
        const layout = (0,oci_layout/* readLayout */.T4)(layoutDir);
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
            await (0,oci_layout/* verifyBlob */.tB)(layoutDir, blob);
            const source = { path: (0,oci_layout/* blobPath */.nD)(layoutDir, blob.digest), size: blob.size };
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
        // the child manifests at once (each references blobs only, all uploaded above), then the root
        await Promise.all(layout.children.map(async (child) => {
            const d = child.descriptor;
            this.expectDigest(name, await this.putManifest(name, d.digest, child.bytes, d.mediaType), d.digest, `manifest ${d.digest}`);
        }));
        const root = layout.root;
        if (opts.index === false && layout.kind === 'index')
            return result;
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
        // every tag at once (each its own PUT of the same bytes); the result keeps the tags' order
        return await Promise.all(tags.map(async (tag) => {
            try {
                this.expectDigest(name, await this.putManifest(name, tag, manifest.bytes, manifest.mediaType), digest, `tag ${tag}`);
                return { tag, ref: `${this.registry}/${name}:${tag}`, moved: true };
            }
            catch (err) {
                return {
                    tag,
                    ref: `${this.registry}/${name}:${tag}`,
                    moved: false,
                    error: err instanceof Error ? err.message : String(err)
                };
            }
        }));
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
        const ref = (0,reference/* parseReference */.F2)(repository);
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
    /** A (small) blob's bytes, e.g. an image config; its digest is checked. */
    async getBlob(name, digest) {
        return await this.retry(async () => {
            const res = await this.send({
                method: 'GET',
                name,
                target: `blobs/${digest}`,
                what: `GET blob ${digest}`,
                ok: [200],
                scopes: ['pull']
            });
            const bytes = Buffer.from(await res.arrayBuffer());
            if ((0,oci_layout/* sha256 */.sc)(bytes) !== digest) {
                throw new RegistryError(`${this.registry}/${name}: blob ${digest} came back with digest ${(0,oci_layout/* sha256 */.sc)(bytes)}`, {
                    retryable: false
                });
            }
            return bytes;
        });
    }
}
/**
 * One client per registry host, made on first use with the run's explicit credentials (empty: the docker
 * config), so a run's publish, upload, merge and baseline reads share each host's client and token.
 */
function registryClients(credentials) {
    const clients = new Map();
    return repository => {
        const host = (0,reference/* parseReference */.F2)(repository).registry;
        let client = clients.get(host);
        if (!client) {
            client = new RegistryClient({
                registry: host,
                username: credentials.username || undefined,
                password: credentials.password || undefined
            });
            clients.set(host, client);
        }
        return client;
    };
}


/***/ }),

/***/ 63789:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dC: () => (/* binding */ DOWNLOAD),
  Gn: () => (/* binding */ installTool)
});

// UNUSED EXPORTS: assertNotRefused, expectedDigest, normalizeChecksum, normalizeVersion, parseToolVersion, sha256File, toolArch

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./src/exec.ts + 1 modules
var exec = __webpack_require__(14981);
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

// EXTERNAL MODULE: ./src/oci/tar.ts
var tar = __webpack_require__(29654);
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
        const r = await (0,exec/* exec */.m0)(file, RELEASES[tool].versionArgs, { env, timeoutMs: 60_000, stage: 'tools' });
        if (r.exitCode !== 0) {
            core/* info */.pq(`${file} ${RELEASES[tool].versionArgs.join(' ')} exited ${r.exitCode}: ${(0,exec/* tail */.RT)(r.stderr, 3)}`);
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
        const stamp = { file, url, sha256: actual };
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

/***/ 67764:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gi: () => (/* binding */ stageDockerfiles),
/* harmony export */   I1: () => (/* binding */ parseConfigReport),
/* harmony export */   VN: () => (/* binding */ splitDockerfileReport)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(13798);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8301);
// Trivy's Dockerfile misconfiguration findings: every image's Dockerfile, copied alone, is scanned by the
// run's one `trivy fs` (fs-scan.ts, beside the hidden files' secrets) and its report split back per image.




const ConfigReportSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .looseObject */ ._H3({
    Results: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .looseObject */ ._H3({
        Target: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
        Misconfigurations: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .looseObject */ ._H3({
            ID: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
            AVDID: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
            Title: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
            Severity: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
            Status: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
            Message: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
            CauseMetadata: zod__WEBPACK_IMPORTED_MODULE_2__/* .looseObject */ ._H3({ StartLine: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().optional() }).optional()
        }))
            .nullish()
    }))
        .nullish()
});
function parseConfigReport(text, file) {
    const json = (0,_json_js__WEBPACK_IMPORTED_MODULE_3__/* .parseJson */ .q)(text, () => `Trivy config report ${file} is not JSON`);
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
    node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync(dir, { recursive: true, force: true });
    for (const [key, file] of dockerfiles) {
        if (!NAME.test(key))
            throw new Error(`not a directory name: ${key}`);
        node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, key), { recursive: true });
        node_fs__WEBPACK_IMPORTED_MODULE_0__.copyFileSync(file, node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, key, 'Dockerfile'));
    }
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
        node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync(node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(file), { recursive: true });
        node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync(file, JSON.stringify(own, null, 2) + '\n');
        found.set(key, parseConfigReport(JSON.stringify(own), file));
    }
    return found;
}


/***/ }),

/***/ 79977:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  m: () => (/* binding */ HiddenFileScan)
});

// UNUSED EXPORTS: hiddenFiles

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/oci/layout.ts
var layout = __webpack_require__(25823);
// EXTERNAL MODULE: ./src/oci/tar.ts
var tar = __webpack_require__(29654);
// EXTERNAL MODULE: ./src/trivy/config.ts
var config = __webpack_require__(67764);
// EXTERNAL MODULE: ./src/exec.ts + 1 modules
var exec = __webpack_require__(14981);
// EXTERNAL MODULE: ./src/trivy/env.ts
var env = __webpack_require__(76331);
// EXTERNAL MODULE: ./src/trivy/scan.ts
var scan = __webpack_require__(54911);
;// CONCATENATED MODULE: ./src/trivy/fs-scan.ts
// The run's one `trivy fs`. Every Trivy process costs about a second of CPU before it reads a byte (it
// compiles its rego checks when it starts), so the secret scan of the run's hidden files (hidden-files.ts)
// and the misconfiguration scan of the catalog's Dockerfiles (config.ts) share one process: one root holds
// both, each part in its own top-level folders, and each part reads back only its own kind of result.




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
        (0,scan/* trivyTimeout */.cC)(o.limit),
        '--quiet',
        o.dir
    ];
}
/**
 * Runs the scan of `dir` and returns its JSON report's text. `subject` names what it reads (in a timeout's
 * error); a Trivy that exits non-zero is an FsScanError, which each part words as its own failure.
 */
async function runFsScan(o) {
    external_node_fs_.rmSync(o.output, { force: true });
    const r = await (0,env/* runTrivy */.m)(o.trivy, fsScanArgs(o), { stage: 'scan', limit: o.limit, subject: o.subject });
    if (r.exitCode !== 0)
        throw new FsScanError(r.exitCode, (0,exec/* tail */.RT)(r.stderr, 5));
    return external_node_fs_.readFileSync(o.output, 'utf8');
}
/** A Trivy that exited non-zero: each part words its own error from it. */
class FsScanError extends Error {
    exitCode;
    said;
    name = 'FsScanError';
    constructor(exitCode, said) {
        super(`trivy exited ${exitCode}: ${said}`);
        this.exitCode = exitCode;
        this.said = said;
    }
}
/** A report's result's top-level folder below the scanned root (Trivy's targets are relative to it). */
function topFolder(target) {
    const rel = target.replace(/^\/+/, '');
    const slash = rel.indexOf('/');
    return slash < 0 ? { folder: rel, rest: '' } : { folder: rel.slice(0, slash), rest: rel.slice(slash + 1) };
}

// EXTERNAL MODULE: ./src/trivy/report.ts
var trivy_report = __webpack_require__(76744);
;// CONCATENATED MODULE: ./src/trivy/hidden-files.ts
// Files an image no longer shows but still ships: added in one layer, deleted (whiteout) or replaced in
// a later one. Trivy's image scan keeps the secrets of every layer it secret-scans, hidden files included,
// but it does not secret-scan the layers it takes for the base image's (every layer up to the last CMD of
// the history that a layer follows: its guessBaseLayers), so a secret added there and deleted later would
// pass (__tests__/trivy/layer-secrets.test.ts). These files are extracted from their own layer and given to
// Trivy's secret scanner, one Trivy process for every platform of the run (HiddenFileScan), which also
// reads the catalog's Dockerfiles for misconfigurations (the run's one `trivy fs`, fs-scan.ts).








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
            const p = (0,tar/* entryPath */.s3)(entry.name);
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
                    files.push({ path: p, source: (0,tar/* entryPath */.s3)(entry.linkname) });
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
/** The top-level folder of the scanned root that holds the Dockerfiles (the hidden files' are numbers). */
const DOCKERFILES = 'dockerfiles';
/**
 * The run's scan of hidden files: every platform adds its extracted files (or skips, when its evidence
 * came from the results cache), and one `trivy fs` reads them all once every image has submitted as many
 * times as it has platforms, or has been released (its flow ended early), or `close` was called. The
 * findings are split back per platform by folder. A submission that comes after that scan (an image
 * released too early) gets a scan of its own. Also keeps the run's layer listings, once per digest: images
 * share layers (their base) and so do the platforms of one image.
 *
 * The same process reads the catalog's Dockerfiles for misconfigurations (`addDockerfiles`): Trivy's start
 * costs as much as a small scan. Created with `dockerfiles: true`, the scan also waits for that part to be
 * added or declined (`noDockerfiles`); the Dockerfiles are scanned even when no image submits anything.
 *
 * Created once per run, with every image of the plan.
 */
class HiddenFileScan {
    o;
    images = new Map();
    listings = new Map();
    pending = [];
    dockerfiles;
    /** Whether the Dockerfile part is known: added, declined, or never expected. */
    dockerfilesKnown;
    submissions = 0;
    scans = 0;
    closed = false;
    constructor(o) {
        this.o = o;
        for (const image of o.images)
            this.images.set(image, { submitted: 0, released: false });
        this.dockerfilesKnown = !o.dockerfiles;
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
                    written = await (0,tar/* extractFiles */.lm)((0,layout/* blobPath */.nD)(job.layoutDir, layer.digest), wanted);
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
    /**
     * The Dockerfiles (key: an image name -> its path) to read for misconfigurations in the run's scan:
     * each is copied alone now; the findings (and one report file per key, `outputFor`) come once that scan
     * ran. After the run's scan (or with `close`d), they get a scan of their own at once.
     */
    addDockerfiles(part, trivy) {
        if (part.dockerfiles.size === 0) {
            this.noDockerfiles();
            return Promise.resolve(new Map());
        }
        if (this.dockerfiles)
            throw new Error('the run scan was given its Dockerfiles twice');
        try {
            const dir = external_node_path_.join(this.o.work, 'staged', DOCKERFILES);
            (0,config/* stageDockerfiles */.Gi)(dir, part.dockerfiles);
            return new Promise((resolve, reject) => {
                this.dockerfiles = { ...part, dir, trivy, resolve, reject };
            });
        }
        finally {
            this.noDockerfiles();
        }
    }
    /** No (more) Dockerfile part comes: the run's scan does not wait for one. Idempotent. */
    noDockerfiles() {
        this.dockerfilesKnown = true;
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
            listing = (0,tar/* listTar */.wl)((0,layout/* blobPath */.nD)(layoutDir, layer.digest));
            this.listings.set(layer.digest, listing);
            listing.catch(() => this.listings.delete(layer.digest)); // a failed listing is not kept
        }
        return listing.catch((err) => {
            throw new Error(`${what}: cannot list layer ${layer.digest}: ${message(err)}`, { cause: err });
        });
    }
    flushWhenDone() {
        const done = this.closed ||
            (this.dockerfilesKnown &&
                [...this.images.values()].every(s => s.released || (s.expected !== undefined && s.submitted >= s.expected)));
        if (!done || (this.pending.length === 0 && !this.dockerfiles))
            return;
        const batch = this.pending;
        const dockerfiles = this.dockerfiles;
        this.pending = [];
        this.dockerfiles = undefined;
        void this.scan(batch, dockerfiles);
    }
    /** One `trivy fs` over the batch's folders and the Dockerfiles; each part gets its own results. */
    async scan(batch, dockerfiles) {
        const hiddenOf = `the hidden files of ${batch.map(s => s.what).join(', ')}`;
        const names = [...(dockerfiles?.dockerfiles.keys() ?? [])].join(', ');
        const subject = [
            ...(batch.length > 0 ? [hiddenOf] : []),
            ...(dockerfiles ? [`the Dockerfiles of ${names}`] : [])
        ].join(' and ');
        const root = external_node_path_.join(this.o.work, `scan-${++this.scans}`);
        const output = external_node_path_.join(this.o.work, `scan-${this.scans}.json`);
        let text;
        try {
            external_node_fs_.rmSync(root, { recursive: true, force: true });
            external_node_fs_.mkdirSync(root, { recursive: true });
            for (const s of batch)
                external_node_fs_.renameSync(s.dir, external_node_path_.join(root, s.id));
            if (dockerfiles)
                external_node_fs_.renameSync(dockerfiles.dir, external_node_path_.join(root, DOCKERFILES));
            const trivy = (batch[0]?.trivy ?? dockerfiles?.trivy);
            text = await runFsScan({
                ...trivy,
                dir: root,
                output,
                secret: batch.length > 0,
                misconfig: dockerfiles !== undefined,
                subject
            });
        }
        catch (err) {
            const failed = (what) => err instanceof FsScanError ? new Error(`${what} failed: ${err.message}`, { cause: err }) : err;
            for (const s of batch)
                s.reject(failed(`the secret scan of ${hiddenOf}`));
            dockerfiles?.reject(failed(`the Dockerfile scan of ${names}`));
            return;
        }
        if (dockerfiles) {
            try {
                const { dockerfiles: files, outputFor } = dockerfiles;
                dockerfiles.resolve((0,config/* splitDockerfileReport */.VN)({ text, file: output, folder: DOCKERFILES, keys: files.keys(), outputFor }));
            }
            catch (err) {
                dockerfiles.reject(err);
            }
        }
        if (batch.length > 0) {
            try {
                this.splitHidden(batch, text, output);
            }
            catch (err) {
                for (const s of batch)
                    s.reject(err);
            }
        }
    }
    /** The secrets of each submission's folder; the Dockerfiles' secrets and every misconfiguration aside. */
    splitHidden(batch, text, output) {
        const report = (0,trivy_report/* parseReport */.MM)(text, output);
        const byId = new Map(batch.map(s => [s.id, { submission: s, findings: [] }]));
        const secrets = (report.Results ?? [])
            .filter(res => topFolder(res.Target).folder !== DOCKERFILES)
            .map(res => ({ Target: res.Target, Secrets: res.Secrets }));
        for (const f of (0,trivy_report/* findingsOf */.WX)({ ...report, Results: secrets })) {
            const { folder, rest } = topFolder(f.pkg);
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
