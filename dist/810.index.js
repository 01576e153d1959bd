export const id = 810;
export const ids = [810,144];
export const modules = {

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

/***/ 89144:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FETCH: () => (/* binding */ FETCH),
/* harmony export */   KEYLESS_SIGNING_LIMIT_MS: () => (/* binding */ KEYLESS_SIGNING_LIMIT_MS),
/* harmony export */   OneCertificateSigner: () => (/* binding */ OneCertificateSigner),
/* harmony export */   bundleBuilder: () => (/* binding */ bundleBuilder),
/* harmony export */   keySigner: () => (/* binding */ keySigner),
/* harmony export */   makeBundle: () => (/* binding */ makeBundle),
/* harmony export */   sigstoreFailure: () => (/* binding */ sigstoreFailure)
/* harmony export */ });
/* harmony import */ var _sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(61040);
/* harmony import */ var _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(15179);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _bundle_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(31284);
/* harmony import */ var _statements_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(49150);
// Sigstore bundles made in process with @sigstore/sign: a DSSEBundleBuilder with a key signer, or
// keyless with one Fulcio certificate per run and a Rekor entry or signed timestamps (bundle.ts checks
// them). Loaded only by a run that signs: @sigstore/sign brings its own HTTP client.





/**
 * A request to a Sigstore service (make-fetch-happen's options): 15 s per attempt and one retry 1 s
 * later, so a service that hangs costs about 31 s and one that answers 500 or is down about 1 s, where
 * the libraries' own 30 s x 3 would cost about 92 s of a hang.
 */
const FETCH = { timeout: 15_000, retry: { retries: 1, factor: 2, minTimeout: 1000, maxTimeout: 1000 } };
/** A certificate lives 10 minutes: a run's bundles share one until it is this old. */
const CERTIFICATE_REUSE_MS = 8 * 60_000;
/**
 * The whole of a run's keyless signing, from its first signature: no new signature starts later than
 * this (one already asked of a service still ends within FETCH's bound).
 */
const KEYLESS_SIGNING_LIMIT_MS = 5 * 60_000;
/**
 * Signs with a key; the verifier brings the key. The bundle names no key hint: sigstore-js writes the
 * hint as the DSSE signature's keyid too, and cosign 2.5 then skips the signature as made by another
 * key (measured: "accepted signatures do not match threshold, Found: 0") while it takes the same bundle
 * without one.
 */
function keySigner(key) {
    return {
        sign: async (data) => ({
            signature: key.sign(data),
            key: { $case: 'publicKey', publicKey: key.publicKeyPem }
        })
    };
}
/**
 * Keyless: one ephemeral key and one Fulcio certificate for all bundles of a run (a certificate per
 * bundle would ask Fulcio, and the OIDC provider, once per bundle), renewed when it is about to expire.
 * Bundles made at once wait for the same request; a request that failed is not asked again within the
 * run (every later bundle fails at once with its reason, instead of waiting on a broken service again).
 */
class OneCertificateSigner {
    privateKey;
    holder;
    fulcio;
    now;
    limitMs;
    started;
    current;
    constructor(o) {
        const pair = node_crypto__WEBPACK_IMPORTED_MODULE_2__.generateKeyPairSync('ec', { namedCurve: 'P-256' });
        this.privateKey = pair.privateKey;
        const publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
        this.holder = {
            sign: async (data) => ({
                signature: node_crypto__WEBPACK_IMPORTED_MODULE_2__.sign('sha256', data, this.privateKey),
                key: { $case: 'publicKey', publicKey }
            })
        };
        this.fulcio = new _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__/* .FulcioSigner */ .$o({
            fulcioBaseURL: o.fulcioUrl,
            identityProvider: o.identity,
            keyHolder: this.holder,
            ...FETCH
        });
        this.now = o.now ?? Date.now;
        this.limitMs = o.limitMs ?? KEYLESS_SIGNING_LIMIT_MS;
    }
    certificate() {
        const now = this.now();
        if (!this.current || now - this.current.at >= CERTIFICATE_REUSE_MS) {
            // FulcioSigner proves possession of the key with the token's subject; the data it signs is not kept
            const pem = this.fulcio.sign(Buffer.from('imagegate keyless certificate')).then(s => {
                if (s.key.$case !== 'x509Certificate')
                    throw new Error('Fulcio gave no certificate');
                return s.key.certificate;
            });
            pem.catch(() => undefined); // awaited by every signature; an unawaited rejection must not end the run
            this.current = { at: now, pem };
        }
        return this.current.pem;
    }
    async sign(data) {
        this.started ??= this.now();
        if (this.now() - this.started > this.limitMs) {
            throw new _bundle_js__WEBPACK_IMPORTED_MODULE_3__/* .BundleError */ .rJ(`keyless signing ran past its time limit of ${Math.round(this.limitMs / 1000)} s: no further signature is made`);
        }
        const certificate = await this.certificate();
        const signature = await this.holder.sign(data);
        return { signature: signature.signature, key: { $case: 'x509Certificate', certificate } };
    }
}
/** A bundle builder: with a key, no witness (a key signature needs no log); keyless, Rekor and/or a TSA. */
function bundleBuilder(signer, keyless) {
    const witnesses = [];
    if (keyless?.rekorUrl)
        witnesses.push(new _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__/* .RekorWitness */ .fU({ rekorBaseURL: keyless.rekorUrl, ...FETCH }));
    if (keyless?.tsaUrl)
        witnesses.push(new _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__/* .TSAWitness */ .gs({ tsaBaseURL: keyless.tsaUrl, ...FETCH }));
    return new _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__/* .DSSEBundleBuilder */ .VV({ signer, witnesses });
}
/** One statement in one bundle, serialized as it is stored (the bundle's JSON bytes). */
async function makeBundle(builder, statement) {
    let bundle;
    try {
        bundle = await builder.create({
            data: Buffer.from(JSON.stringify(statement)),
            type: _statements_js__WEBPACK_IMPORTED_MODULE_4__/* .IN_TOTO_PAYLOAD_TYPE */ .T4
        });
    }
    catch (err) {
        throw new _bundle_js__WEBPACK_IMPORTED_MODULE_3__/* .BundleError */ .rJ(sigstoreFailure(err));
    }
    return Buffer.from(JSON.stringify((0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__.bundleToJSON)(bundle)));
}
/** The service each of @sigstore/sign's error codes is about. */
const SERVICE_OF_CODE = {
    IDENTITY_TOKEN_READ_ERROR: 'the OIDC token',
    IDENTITY_TOKEN_PARSE_ERROR: 'the OIDC token',
    CA_CREATE_SIGNING_CERTIFICATE_ERROR: 'Fulcio',
    TLOG_CREATE_ENTRY_ERROR: 'Rekor',
    TSA_CREATE_TIMESTAMP_ERROR: 'the timestamp authority'
};
/**
 * A signing failure in one line, the service first and every cause after it: @sigstore/sign's own
 * message ("error creating signing certificate") says what failed, its causes say why.
 */
function sigstoreFailure(err) {
    const parts = [];
    let service;
    let at = err;
    for (let depth = 0; at instanceof Error && depth < 5; depth++) {
        const code = at.code;
        if (!service && typeof code === 'string')
            service = SERVICE_OF_CODE[code];
        if (at.message && !parts.some(p => p.includes(at instanceof Error ? at.message : '')))
            parts.push(at.message);
        at = at.cause;
    }
    if (parts.length === 0)
        parts.push(String(err));
    return `${service ? `${service}: ` : ''}${parts.join(': ')}`;
}


/***/ }),

/***/ 17810:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BundleSigner: () => (/* binding */ BundleSigner),
/* harmony export */   CosignSigner: () => (/* binding */ CosignSigner)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _registry_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(17345);
/* harmony import */ var _registry_copy_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(39190);
/* harmony import */ var _oci_layout_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(25823);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(8301);
/* harmony import */ var _registry_reference_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(79310);
/* harmony import */ var _bundle_sign_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(89144);
/* harmony import */ var _predicates_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(54005);
/* harmony import */ var _statements_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(49150);
/* harmony import */ var _store_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(26543);
// The Signer implementations. BundleSigner: every signature and attestation a Sigstore bundle made in
// process (bundle.ts) and attached as a referrer (store.ts), as cosign 3 does by default; with
// `legacy-signatures`, also a cosign 2 `.sig` for every image, all in one cosign process. CosignSigner:
// cosign 2's `.sig`/`.att` tags for a KMS key (the key never leaves the KMS; cosign speaks to it).
// Both take back what they attached when the publish does not tag the image.










/** Bundles made and attached at once per image (registry round trips and small signatures). */
const AT_ONCE = 4;
function repositoryOf(clientFor, repository) {
    return { client: clientFor(repository), name: (0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .parseReference */ .F2)(repository).repository };
}
/** Every manifest an index lists (none for a single manifest). */
async function indexChildren(repo, image) {
    if (!_oci_layout_js__WEBPACK_IMPORTED_MODULE_3__/* .INDEX_TYPES */ .V.includes(image.mediaType))
        return [];
    const index = await repo.client.getManifest(repo.name, image.digest);
    const parsed = (0,_json_js__WEBPACK_IMPORTED_MODULE_9__/* .parseJson */ .q)(index.bytes.toString('utf8'), () => `${image.repository}@${image.digest} is not JSON`);
    return parsed.manifests ?? [];
}
/** The platform manifests of an index (buildx's attestation manifests left out), or none. */
async function platformManifests(repo, image) {
    return (await indexChildren(repo, image))
        .filter(m => m.platform?.os && m.platform.os !== 'unknown')
        .map(m => ({
        digest: m.digest,
        mediaType: m.mediaType,
        size: m.size,
        platform: [m.platform?.os, m.platform?.architecture, m.platform?.variant].filter(Boolean).join('/')
    }));
}
function attachItem(request, image) {
    return {
        kind: request.kind,
        predicateType: request.predicateType,
        predicate: predicateOf(request, image),
        ...(request.platform ? { platform: request.platform } : {})
    };
}
/** A predicate given as a file (the SBOM as written) is read as JSON; any other value is the predicate. */
function predicateOf(request, image) {
    if (typeof request.predicate !== 'string')
        return request.predicate;
    const file = request.predicate;
    return (0,_json_js__WEBPACK_IMPORTED_MODULE_9__/* .parseJson */ .q)(node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync(file, 'utf8'), reason => `${image.name}: the ${request.kind} ${file} is not JSON (${reason})`);
}
/** What a run attached to each image, by `repository@digest`. */
class Ledger {
    records = new Map();
    record(image) {
        const key = `${image.repository}@${image.digest}`;
        let r = this.records.get(key);
        if (!r) {
            r = { attached: [], referrers: new Map(), tags: new Map() };
            this.records.set(key, r);
        }
        return r;
    }
}
/**
 * cosign 2 tags (`sha256-<hex>.sig`, `.att`) as they were before this run touched them, so that a run
 * that does not tag an image can put them back: cosign appends to an existing tag, and the earlier
 * signatures on it (a re-run of the same bytes) must survive a withdrawal.
 */
async function snapshotTags(repo, tags, into) {
    await (0,_registry_client_js__WEBPACK_IMPORTED_MODULE_1__/* .mapLimit */ .sf)([...tags], AT_ONCE, async (tag) => {
        if (into.tags.has(tag))
            return;
        const head = await repo.client.headManifest(repo.name, tag);
        into.tags.set(tag, head ? await repo.client.getManifest(repo.name, tag) : undefined);
    });
}
async function restoreTags(repo, record) {
    await (0,_registry_client_js__WEBPACK_IMPORTED_MODULE_1__/* .mapLimit */ .sf)([...record.tags], AT_ONCE, async ([tag, before]) => {
        const now = await repo.client.headManifest(repo.name, tag);
        if (before) {
            if (now?.digest !== before.digest)
                await repo.client.putManifest(repo.name, tag, before.bytes, before.mediaType);
        }
        else if (now) {
            const digest = now.digest || (await repo.client.getManifest(repo.name, tag)).digest;
            await repo.client.deleteManifest(repo.name, digest);
        }
    });
    record.tags.clear();
}
/**
 * cosign 2 `.sig` signatures of every image, recursively (the index and each manifest it lists), in one
 * cosign process (the key is read once); each `.sig` tag it may change snapshotted first, so that a
 * withdrawal puts it back.
 */
async function cosignSignAll(cosign, images, repoOf, ledger) {
    for (const image of images) {
        const children = await indexChildren(repoOf(image), image);
        const tags = [image.digest, ...children.map(c => c.digest)].map(d => (0,_registry_copy_js__WEBPACK_IMPORTED_MODULE_2__/* .cosignTag */ .qv)(d, 'sig'));
        await snapshotTags(repoOf(image), tags, ledger.record(image));
    }
    await cosign.signMany(images.map(i => `${i.repository}@${i.digest}`), true);
    for (const image of images) {
        ledger.record(image).attached.push({
            kind: 'signature',
            predicateType: 'cosign container image signature',
            format: 'cosign2',
            where: (0,_registry_copy_js__WEBPACK_IMPORTED_MODULE_2__/* .cosignTag */ .qv)(image.digest, 'sig')
        });
    }
}
/** Signatures and attestations as Sigstore bundles, attached as OCI referrers. */
class BundleSigner {
    setup;
    builder;
    legacy;
    identity;
    ledger = new Ledger();
    now;
    constructor(setup, builder, 
    /** cosign 2 `.sig` signatures beside the bundles (`legacy-signatures`), one process for all images. */
    legacy) {
        this.setup = setup;
        this.builder = builder;
        this.legacy = legacy;
        this.identity = setup.identity;
        this.now = setup.now ?? (() => new Date());
    }
    repo(image) {
        return repositoryOf(this.setup.clientFor, image.repository);
    }
    /** Makes a bundle of each statement about `subject` and attaches them all (one referrers update). */
    async attachAll(image, subject, items) {
        const bundles = [];
        await (0,_registry_client_js__WEBPACK_IMPORTED_MODULE_1__/* .mapLimit */ .sf)([...items.keys()], AT_ONCE, async (i) => {
            const item = items[i];
            bundles[i] = {
                bundle: await (0,_bundle_sign_js__WEBPACK_IMPORTED_MODULE_5__.makeBundle)(this.builder, (0,_statements_js__WEBPACK_IMPORTED_MODULE_7__/* .statementFor */ .JM)({ repository: image.repository, digest: subject.digest }, item.predicateType, item.predicate)),
                predicateType: item.predicateType,
                ...(item.platform ? { platform: item.platform } : {})
            };
        });
        const referrers = await (0,_store_js__WEBPACK_IMPORTED_MODULE_8__/* .attachBundles */ .Z6)(this.repo(image), subject, bundles, this.now().toISOString());
        const record = this.ledger.record(image);
        record.referrers.set(subject.digest, [...(record.referrers.get(subject.digest) ?? []), ...referrers]);
        const store = this.setup.store;
        if (store) {
            await (0,_registry_client_js__WEBPACK_IMPORTED_MODULE_1__/* .mapLimit */ .sf)(bundles, AT_ONCE, async (b) => store.record(b.bundle, `${image.repository}@${subject.digest} (${b.predicateType}${b.platform ? `, ${b.platform}` : ''})`));
        }
        items.forEach((item, i) => record.attached.push({
            kind: item.kind,
            predicateType: item.predicateType,
            ...(item.platform ? { platform: item.platform } : {}),
            format: 'bundle',
            where: referrers[i]
        }));
    }
    /** With cosign 2 `.sig` signatures beside the bundles: one cosign process for all images. */
    get signsAtOnce() {
        return this.legacy !== undefined;
    }
    /**
     * The image's signatures: the index and each platform manifest (a platform digest verifies on its
     * own, as with cosign --recursive); `withIndex` adds more bundles to the index's referrers update.
     */
    async signImage(image, withIndex = []) {
        const platforms = await platformManifests(this.repo(image), image);
        await (0,_registry_client_js__WEBPACK_IMPORTED_MODULE_1__/* .mapLimit */ .sf)([image, ...platforms], AT_ONCE, async (subject) => {
            const platform = 'platform' in subject ? subject.platform : undefined;
            const signature = {
                kind: 'signature',
                predicateType: _statements_js__WEBPACK_IMPORTED_MODULE_7__/* .SIGN_PREDICATE_TYPE */ .LK,
                predicate: {},
                ...(platform ? { platform } : {})
            };
            await this.attachAll(image, subject, subject === image ? [signature, ...withIndex] : [signature]);
        });
    }
    async sign(images) {
        await (0,_registry_client_js__WEBPACK_IMPORTED_MODULE_1__/* .mapLimit */ .sf)([...images], AT_ONCE, async (image) => await this.signImage(image));
        if (this.legacy)
            await cosignSignAll(this.legacy, images, image => this.repo(image), this.ledger);
    }
    async attest(image, attestations) {
        await this.attachAll(image, image, attestations.map(request => attachItem(request, image)));
    }
    async signAndAttest(image, attestations) {
        await this.signImage(image, attestations.map(request => attachItem(request, image)));
        if (this.legacy)
            await cosignSignAll(this.legacy, [image], i => this.repo(i), this.ledger);
    }
    async withdraw(image) {
        const record = this.ledger.record(image);
        const repo = this.repo(image);
        for (const [subject, referrers] of record.referrers)
            await (0,_store_js__WEBPACK_IMPORTED_MODULE_8__/* .withdrawBundles */ .ak)(repo, subject, referrers);
        record.referrers.clear();
        await restoreTags(repo, record);
        record.attached = [];
    }
    attached(image) {
        return [...this.ledger.record(image).attached];
    }
    dispose() {
        this.legacy?.dispose();
    }
}
/** cosign's `--type` for each attestation kind (cosign 2's tags). */
const COSIGN_TYPE = {
    sbom: 'spdxjson',
    vuln: 'vuln',
    provenance: _predicates_js__WEBPACK_IMPORTED_MODULE_6__/* .SLSA_PROVENANCE_V1 */ .us
};
/** cosign 2 signatures and attestations (`.sig`/`.att` tags), for a KMS key. */
class CosignSigner {
    setup;
    cosign;
    identity;
    signsAtOnce = true;
    ledger = new Ledger();
    constructor(setup, cosign) {
        this.setup = setup;
        this.cosign = cosign;
        this.identity = setup.identity;
    }
    repo(image) {
        return repositoryOf(this.setup.clientFor, image.repository);
    }
    async sign(images) {
        await cosignSignAll(this.cosign, images, image => this.repo(image), this.ledger);
    }
    async attest(image, attestations) {
        const record = this.ledger.record(image);
        await snapshotTags(this.repo(image), [(0,_registry_copy_js__WEBPACK_IMPORTED_MODULE_2__/* .cosignTag */ .qv)(image.digest, 'att')], record);
        for (const request of attestations) {
            const slug = `${image.name}-${request.platform?.replace(/\//g, '-') ?? 'image'}-${request.kind}`;
            await this.cosign.attest(`${image.repository}@${image.digest}`, COSIGN_TYPE[request.kind], request.predicate, slug);
            record.attached.push({
                kind: request.kind,
                predicateType: request.predicateType,
                ...(request.platform ? { platform: request.platform } : {}),
                format: 'cosign2',
                where: (0,_registry_copy_js__WEBPACK_IMPORTED_MODULE_2__/* .cosignTag */ .qv)(image.digest, 'att')
            });
        }
    }
    async withdraw(image) {
        const record = this.ledger.record(image);
        await restoreTags(this.repo(image), record);
        record.attached = [];
    }
    attached(image) {
        return [...this.ledger.record(image).attached];
    }
    dispose() {
        this.cosign.dispose();
    }
}


/***/ })

};
