export const id = 142;
export const ids = [142,683,284];
export const modules = {

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


/***/ }),

/***/ 9191:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _J: () => (/* binding */ fetchArtifactBlob),
/* harmony export */   fT: () => (/* binding */ detachArtifacts),
/* harmony export */   iu: () => (/* binding */ registerReferrers),
/* harmony export */   wn: () => (/* binding */ listArtifacts),
/* harmony export */   zA: () => (/* binding */ attachArtifacts)
/* harmony export */ });
/* unused harmony exports EMPTY_JSON, EMPTY_CONFIG, referrersTag, updateReferrersTag */
/* harmony import */ var _plan_grammar_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37530);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8301);
/* harmony import */ var _oci_layout_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(25823);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(17345);
// OCI 1.1 artifacts attached to an image by `subject` (cosign's specs/BUNDLE_SPEC.md layout: an image
// manifest with `artifactType`, the empty config and one layer), stored, listed, read and removed. A
// registry with the referrers API indexes them itself; one without it (distribution 2.8 answers 404)
// gets the distribution spec's referrers tag schema: an image index tagged `sha256-<hex of subject>`,
// kept up to date here. Bytes with an artifact type only: what the blob says is its caller's business.




/** The OCI empty descriptor's blob (`{}`), the config of an artifact that needs none. */
const EMPTY_JSON = Buffer.from('{}');
const EMPTY_CONFIG = {
    mediaType: 'application/vnd.oci.empty.v1+json',
    digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    size: 2
};
const TITLE = 'org.opencontainers.image.title';
/** Tries of a referrers tag update before giving up on a writer that keeps replacing it. */
const TAG_UPDATE_ROUNDS = 10;
/** Least wait between a tag PUT and the read that checks it, and the random part added to it. */
const SETTLE_MS = 25;
const JITTER_MS = 40;
/**
 * The referrers tag schema's tag for `digest`: the algorithm (32 characters at most), `-`, the encoded
 * part (64 at most), any character a tag cannot hold replaced with `-`.
 */
function referrersTag(digest) {
    const colon = digest.indexOf(':');
    if (colon <= 0)
        throw new Error(`referrersTag: "${digest}" is not a digest (algorithm:encoded)`);
    const tag = `${digest.slice(0, colon).slice(0, 32)}-${digest.slice(colon + 1).slice(0, 64)}`;
    return tag.replace(/[^\w.-]/g, '-');
}
function checkDigest(digest, what) {
    if (!_plan_grammar_js__WEBPACK_IMPORTED_MODULE_0__/* .DIGEST */ .Dh.test(digest))
        throw new Error(`${what}: "${digest}" is not a sha256 digest (sha256:<64 hex>)`);
}
function where(repo, reference) {
    const sep = reference.startsWith('sha256:') ? '@' : ':';
    return `${repo.client.registry}/${repo.name}${sep}${reference}`;
}
/** Reads the referrers tag of `subjectDigest`: undefined when there is none (404). */
async function readTag(repo, subjectDigest) {
    const tag = referrersTag(subjectDigest);
    let got;
    try {
        got = await repo.client.getManifest(repo.name, tag, _client_js__WEBPACK_IMPORTED_MODULE_2__/* .MANIFEST_ACCEPT */ .dY);
    }
    catch (err) {
        if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryError */ .gl && err.status === 404)
            return undefined;
        throw err;
    }
    const index = (0,_json_js__WEBPACK_IMPORTED_MODULE_3__/* .parseJson */ .q)(got.bytes.toString('utf8'), reason => `${where(repo, tag)} (the referrers list of ${subjectDigest}) is not JSON: ${reason}`);
    const mediaType = got.mediaType || index.mediaType;
    if (mediaType !== _oci_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA */ .Rn.ociIndex || !Array.isArray(index.manifests)) {
        throw new Error(`${where(repo, tag)} should be the OCI image index listing the referrers of ${subjectDigest} ` +
            `(referrers tag schema), but it is ${mediaType || 'a manifest without a media type'}; left as it is`);
    }
    return { digest: got.digest, index };
}
function listed(tag) {
    return (tag?.index.manifests ?? []).filter(d => typeof d?.digest === 'string');
}
function isUnsupported(err) {
    return (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryError */ .gl &&
        (err.status === 405 || (err.status === 400 && /UNSUPPORTED/.test(err.message))));
}
/**
 * Adds `change.add` (those not listed yet) to, and removes `change.remove` from, the referrers tag of
 * `subjectDigest`, keeping every other entry. The registry has no conditional PUT, so another job may
 * replace the tag with an index it read before this PUT: after each PUT the tag is read again, once a
 * writer that read before it has had time to PUT (at least twice this round's own read-to-PUT time),
 * and the change is made again until the read shows it, TAG_UPDATE_ROUNDS times at most. Updates of one
 * tag by one client (one run) queue behind each other. An index left empty is deleted (the registry's
 * delete by digest drops the tag with it), or PUT empty where the registry does not delete.
 */
async function updateReferrersTag(repo, subjectDigest, change) {
    checkDigest(subjectDigest, 'updateReferrersTag');
    const add = change.add ?? [];
    const remove = new Set(change.remove ?? []);
    const tag = referrersTag(subjectDigest);
    const done = (entries) => add.every(d => entries.some(e => e.digest === d.digest)) && !entries.some(e => remove.has(e.digest));
    await repo.client.exclusive(`referrers tag ${repo.name}:${tag}`, async () => {
        for (let round = 1;; round++) {
            const started = Date.now();
            const current = await readTag(repo, subjectDigest);
            const entries = listed(current);
            if (done(entries))
                return;
            if (round > TAG_UPDATE_ROUNDS) {
                const missing = add.filter(d => !entries.some(e => e.digest === d.digest)).map(d => d.digest);
                const back = entries.filter(e => remove.has(e.digest)).map(e => e.digest);
                throw new Error(`${where(repo, tag)}: the referrers list of ${subjectDigest} was replaced by another writer ` +
                    `${TAG_UPDATE_ROUNDS} times in a row` +
                    (missing.length ? `; still missing ${missing.join(', ')}` : '') +
                    (back.length ? `; still listing ${back.join(', ')}` : '') +
                    ' (this registry has no referrers API and no conditional PUT: retry the run)');
            }
            const manifests = [
                ...(current?.index.manifests ?? []).filter(d => !remove.has(d?.digest)),
                ...add.filter(d => !entries.some(e => e.digest === d.digest))
            ];
            const index = { ...(current?.index ?? {}), schemaVersion: 2, mediaType: _oci_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA */ .Rn.ociIndex, manifests };
            let deleted = false;
            if (manifests.length === 0 && current) {
                try {
                    await repo.client.deleteManifest(repo.name, current.digest);
                    deleted = true;
                }
                catch (err) {
                    if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryError */ .gl && err.status === 404)
                        deleted = true;
                    else if (!isUnsupported(err))
                        throw err;
                }
            }
            if (!deleted) {
                const bytes = Buffer.from(JSON.stringify(index));
                const stored = await repo.client.putManifest(repo.name, tag, bytes, _oci_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA */ .Rn.ociIndex);
                if (stored !== (0,_oci_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256 */ .sc)(bytes)) {
                    throw new Error(`${where(repo, tag)} was stored with digest ${stored}, its bytes are ${(0,_oci_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256 */ .sc)(bytes)}`);
                }
            }
            const readToPut = Date.now() - started;
            await repo.client.wait(Math.max(SETTLE_MS, 2 * readToPut) + Math.floor(Math.random() * JITTER_MS));
        }
    });
}
/** The descriptor a referrers list holds for an artifact manifest (as the referrers API gives it). */
function referrerDescriptor(manifest, bytes) {
    const descriptor = {
        mediaType: _oci_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA */ .Rn.ociManifest,
        digest: (0,_oci_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256 */ .sc)(bytes),
        size: bytes.length,
        artifactType: manifest.artifactType
    };
    if (manifest.annotations && Object.keys(manifest.annotations).length > 0) {
        descriptor.annotations = { ...manifest.annotations };
    }
    return descriptor;
}
/**
 * Makes `descriptors` (artifact manifests already in `repo`, each with `subject` `subjectDigest`) show
 * in the referrers of `subjectDigest`: nothing to do where the registry has the referrers API (it
 * indexed them when they were PUT), else merged into the referrers tag.
 */
async function registerReferrers(repo, subjectDigest, descriptors) {
    if ((await repo.client.referrers(repo.name, subjectDigest)) !== undefined)
        return 'api';
    await updateReferrersTag(repo, subjectDigest, { add: descriptors });
    return 'tag';
}
/**
 * Attaches several artifacts to one `subject`: each stored at once, then one update of the referrers
 * tag for all of them (one read-modify-write instead of one per artifact: the tag's updates to a
 * subject queue one after another). Descriptors in the order of `artifacts`.
 */
async function attachArtifacts(repo, subject, artifacts) {
    checkDigest(subject.digest, 'attachArtifact subject.digest');
    if (![..._oci_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .INDEX_TYPES */ .V, ..._oci_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .MANIFEST_TYPES */ ._P].includes(subject.mediaType)) {
        throw new Error(`attachArtifact subject.mediaType: "${subject.mediaType}" is not an image manifest or index media type`);
    }
    if (!Number.isSafeInteger(subject.size) || subject.size <= 0) {
        throw new Error(`attachArtifact subject.size: ${subject.size} is not the size of a manifest in bytes`);
    }
    for (const artifact of artifacts) {
        if (!artifact.artifactType)
            throw new Error('attachArtifact artifact.artifactType: is required');
        if (!artifact.blobMediaType)
            throw new Error('attachArtifact artifact.blobMediaType: is required');
    }
    if (artifacts.length === 0)
        return [];
    const { client, name } = repo;
    const config = client.ensureBlob(name, EMPTY_CONFIG.digest, EMPTY_JSON);
    const stored = await Promise.all(artifacts.map(async (artifact) => {
        const blobDigest = (0,_oci_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256 */ .sc)(artifact.blob);
        await Promise.all([client.uploadBlob(name, blobDigest, artifact.blob), config]);
        const manifest = {
            schemaVersion: 2,
            mediaType: _oci_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA */ .Rn.ociManifest,
            artifactType: artifact.artifactType,
            config: EMPTY_CONFIG,
            layers: [
                {
                    mediaType: artifact.blobMediaType,
                    digest: blobDigest,
                    size: artifact.blob.length,
                    annotations: { [TITLE]: artifact.title ?? `${blobDigest.replace(':', '-')}.sigstore.json` }
                }
            ],
            subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size }
        };
        if (artifact.annotations && Object.keys(artifact.annotations).length > 0) {
            manifest.annotations = { ...artifact.annotations };
        }
        const bytes = Buffer.from(JSON.stringify(manifest));
        const descriptor = referrerDescriptor(manifest, bytes);
        const answer = await client.putManifestAnswer(name, descriptor.digest, bytes, _oci_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA */ .Rn.ociManifest);
        if (answer.digest !== descriptor.digest) {
            throw new Error(`${where(repo, descriptor.digest)}: the artifact manifest was stored with digest ${answer.digest}`);
        }
        return { descriptor, indexed: answer.ociSubject === subject.digest };
    }));
    const unindexed = stored.filter(s => !s.indexed).map(s => s.descriptor);
    if (unindexed.length > 0)
        await registerReferrers(repo, subject.digest, unindexed);
    return stored.map(s => s.descriptor);
}
/**
 * The artifacts attached to `subjectDigest` in `repo`: the referrers API's list where the registry
 * has one, else the referrers tag (none when it is absent), filtered by `artifactType` here whether or
 * not the registry filtered.
 */
async function listArtifacts(repo, subjectDigest, filter = {}, 
/** The repository's tags (`allTags`), when the caller listed them: no referrers tag read that is not there. */
tags) {
    checkDigest(subjectDigest, 'listArtifacts');
    const api = await repo.client.referrers(repo.name, subjectDigest, filter);
    const all = api ?? (tags && !tags.has(referrersTag(subjectDigest)) ? [] : listed(await readTag(repo, subjectDigest)));
    return filter.artifactType ? all.filter(d => d.artifactType === filter.artifactType) : all;
}
/**
 * An attached artifact's manifest, checked (an OCI image manifest of `expect.artifactType` with exactly
 * one layer), and that layer's bytes (their digest checked).
 */
async function fetchArtifactBlob(repo, artifactDigest, expect) {
    checkDigest(artifactDigest, 'fetchArtifactBlob');
    const at = where(repo, artifactDigest);
    const got = await repo.client.getManifest(repo.name, artifactDigest, [_oci_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA */ .Rn.ociManifest]);
    const manifest = (0,_json_js__WEBPACK_IMPORTED_MODULE_3__/* .parseJson */ .q)(got.bytes.toString('utf8'), reason => `${at} is not a JSON manifest: ${reason}`);
    const mediaType = got.mediaType || manifest?.mediaType;
    if (!manifest || mediaType !== _oci_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA */ .Rn.ociManifest) {
        throw new Error(`${at} is not an OCI image manifest (${mediaType || 'no media type'})`);
    }
    if (manifest.artifactType !== expect.artifactType) {
        throw new Error(`${at} has artifactType ${manifest.artifactType ?? '(none)'}, expected ${expect.artifactType}`);
    }
    const layers = Array.isArray(manifest.layers) ? manifest.layers : [];
    const layer = layers[0];
    if (layers.length !== 1 || !layer || typeof layer.digest !== 'string') {
        throw new Error(`${at} should have exactly one layer (the artifact), it has ${layers.length}`);
    }
    const blob = await repo.client.getBlob(repo.name, layer.digest);
    if (blob.length !== layer.size) {
        throw new Error(`${at}: its layer ${layer.digest} is ${blob.length} bytes, the manifest says ${layer.size}`);
    }
    return { manifest: manifest, digest: got.digest, blob };
}
/**
 * Removes the artifacts `digests` from `subjectDigest` in `repo`: out of the referrers tag (where the
 * registry has no referrers API; the same safe update as an attach), then their manifests deleted.
 * A registry that does not delete (405, 400 UNSUPPORTED) keeps them, unlisted: not an error.
 */
async function detachArtifacts(repo, subjectDigest, digests) {
    checkDigest(subjectDigest, 'detachArtifacts');
    for (const digest of digests)
        checkDigest(digest, 'detachArtifacts digests');
    const result = { deleted: [], kept: [] };
    if (digests.length === 0)
        return result;
    if ((await repo.client.referrers(repo.name, subjectDigest)) === undefined) {
        await updateReferrersTag(repo, subjectDigest, { remove: digests });
    }
    for (const digest of digests) {
        try {
            await repo.client.deleteManifest(repo.name, digest);
            result.deleted.push(digest);
        }
        catch (err) {
            if (err instanceof _client_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryError */ .gl && err.status === 404)
                result.deleted.push(digest);
            else if (isUnsupported(err))
                result.kept.push(digest);
            else
                throw err;
        }
    }
    return result;
}


/***/ }),

/***/ 31284:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HM: () => (/* reexport safe */ _sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__.BUNDLE_V03_MEDIA_TYPE),
/* harmony export */   IF: () => (/* binding */ verifyBundle),
/* harmony export */   rJ: () => (/* binding */ BundleError),
/* harmony export */   t1: () => (/* binding */ parseTrustedRoot),
/* harmony export */   verifyBlobBundle: () => (/* binding */ verifyBlobBundle)
/* harmony export */ });
/* harmony import */ var _sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(61040);
/* harmony import */ var _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(19654);
/* harmony import */ var _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(_sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _sigstore_verify__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(54187);
/* harmony import */ var _statements_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(49150);
// Sigstore bundles (v0.3, a DSSE envelope holding an in-toto statement), checked in process with
// @sigstore/verify against a public key or a trusted root; made by bundle-sign.ts. imagegate decides
// whose signature counts; the libraries own the formats and the cryptography. Nothing here loads
// @sigstore/sign (and its HTTP stack): a promotion or a verify run only verifies.





/** A trusted root file (`application/vnd.dev.sigstore.trustedroot+json`), parsed. */
function parseTrustedRoot(json) {
    return _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_1__.TrustedRoot.fromJSON(json);
}
const EMPTY_ROOT = _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_1__.TrustedRoot.fromJSON({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: []
});
/**
 * The certificate policy for @sigstore/verify. It matches a SAN given as a string as a regular expression,
 * unanchored (String.prototype.match), so `...@refs/heads/main` would let `...@refs/heads/main-evil` in:
 * an exact identity is left out of its policy and compared here (exactIdentity), a RegExp goes as it is.
 */
function certificatePolicy(trust) {
    return {
        ...(trust.identity instanceof RegExp ? { subjectAlternativeName: trust.identity } : {}),
        extensions: { issuer: trust.issuer }
    };
}
/** An exact identity equals the certificate's SAN, or the bundle is refused (worded as @sigstore/verify words it). */
function exactIdentity(trust, san, where) {
    if (typeof trust.identity === 'string' && san !== trust.identity)
        throw new BundleError(`${where}: not signed by ${trust.describe} (certificate identity error - expected ${trust.identity}, got ${san ?? 'no identity'})`);
}
function trustMaterial(trust) {
    if (trust.kind === 'key') {
        // the key is given, not found: any hint (or none) is answered with it, and the signature decides
        return (0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .toTrustMaterial */ .jO)(EMPTY_ROOT, () => ({ publicKey: trust.publicKey, validFor: () => true }));
    }
    return (0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .toTrustMaterial */ .jO)(trust.root);
}
class BundleError extends Error {
    name = 'BundleError';
}
/**
 * Checks a stored bundle (its JSON bytes): the format, the DSSE signature against the key or the
 * certificate chain of the trusted root with its identity and issuer, the log entry or timestamp a
 * keyless one needs; then reads its in-toto statement. Throws a BundleError saying why.
 */
function verifyBundle(bytes, trust, where) {
    let serialized;
    try {
        serialized = JSON.parse(bytes.toString('utf8'));
    }
    catch (err) {
        throw new BundleError(`${where}: not JSON (${err.message})`);
    }
    let bundle;
    try {
        bundle = (0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__.bundleFromJSON)(serialized);
    }
    catch (err) {
        throw new BundleError(`${where}: not a Sigstore bundle (${err.message})`);
    }
    if (bundle.content.$case !== 'dsseEnvelope') {
        throw new BundleError(`${where}: holds a ${bundle.content.$case}, not a DSSE envelope`);
    }
    const envelope = bundle.content.dsseEnvelope;
    if (envelope.payloadType !== _statements_js__WEBPACK_IMPORTED_MODULE_3__/* .IN_TOTO_PAYLOAD_TYPE */ .T4) {
        throw new BundleError(`${where}: its payload is ${envelope.payloadType}, not an in-toto statement`);
    }
    const keyless = trust.kind === 'keyless';
    const verifier = new _sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .Verifier */ .BL(trustMaterial(trust), {
        tlogThreshold: 0,
        ctlogThreshold: keyless ? 1 : 0,
        // keyless: the certificate must have been valid when the signature was made, so a time is needed
        timestampThreshold: keyless ? 1 : 0
    });
    let signer;
    try {
        signer = verifier.verify((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .toSignedEntity */ .DC)(bundle), trust.kind === 'keyless' ? certificatePolicy(trust) : undefined);
    }
    catch (err) {
        throw new BundleError(`${where}: not signed by ${trust.describe} (${err.message})`);
    }
    if (trust.kind === 'keyless')
        exactIdentity(trust, signer.identity?.subjectAlternativeName, where);
    const statement = (0,_statements_js__WEBPACK_IMPORTED_MODULE_3__/* .parseStatement */ .By)(envelope.payload, where);
    return {
        statement,
        ...(signer.identity?.subjectAlternativeName ? { identity: signer.identity.subjectAlternativeName } : {}),
        ...(signer.identity?.extensions?.issuer ? { issuer: signer.identity.extensions.issuer } : {}),
        tlogIndexes: bundle.verificationMaterial.tlogEntries.map(e => e.logIndex),
        timestamps: bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.length ?? 0
    };
}
/**
 * Checks a bundle over a file's bytes, as `cosign sign-blob --bundle` makes one (a message signature
 * over the file's SHA-256): the signature, the certificate chain of the trusted root with its identity
 * and issuer, and a transparency log entry (a public release is logged; its time proves the short-lived
 * certificate was valid). Throws a BundleError saying why not.
 */
function verifyBlobBundle(bytes, artifact, trust, where) {
    let bundle;
    try {
        bundle = (0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__.bundleFromJSON)(JSON.parse(bytes.toString('utf8')));
    }
    catch (err) {
        throw new BundleError(`${where}: not a Sigstore bundle (${err.message})`);
    }
    if (bundle.content.$case !== 'messageSignature') {
        throw new BundleError(`${where}: holds a ${bundle.content.$case}, not a signature over a file`);
    }
    const verifier = new _sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .Verifier */ .BL((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .toTrustMaterial */ .jO)(trust.root), {
        tlogThreshold: 1,
        ctlogThreshold: 1,
        timestampThreshold: 1
    });
    let signer;
    try {
        signer = verifier.verify((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .toSignedEntity */ .DC)(bundle, artifact), certificatePolicy(trust));
    }
    catch (err) {
        throw new BundleError(`${where}: not signed by ${trust.describe} (${err.message})`);
    }
    exactIdentity(trust, signer.identity?.subjectAlternativeName, where);
    return {
        ...(signer.identity?.subjectAlternativeName ? { identity: signer.identity.subjectAlternativeName } : {}),
        ...(signer.identity?.extensions?.issuer ? { issuer: signer.identity.extensions.issuer } : {}),
        tlogIndexes: bundle.verificationMaterial.tlogEntries.map(e => e.logIndex),
        timestamps: bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.length ?? 0
    };
}


/***/ }),

/***/ 77683:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   publicGoodRoot: () => (/* binding */ publicGoodRoot),
/* harmony export */   readTrustedRoot: () => (/* binding */ readTrustedRoot)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _bundle_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(31284);
// Sigstore trusted roots: a trusted root file (a private Sigstore, or the test bed's loopback one), or
// Sigstore's public-good root, fetched and kept fresh with TUF (@sigstore/tuf).



/**
 * A trusted root JSON file (`application/vnd.dev.sigstore.trustedroot+json`), relative to `base`; `where`
 * names what gave it in the error (`input trusted-root`, `SIGSTORE_ROOT_FILE`).
 */
function readTrustedRoot(file, where, base) {
    const full = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(base, file);
    let json;
    try {
        json = JSON.parse(node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync(full, 'utf8'));
    }
    catch (err) {
        throw new Error(`${where}: ${file} is not a readable trusted root JSON file (${err.message})`, {
            cause: err
        });
    }
    try {
        const root = (0,_bundle_js__WEBPACK_IMPORTED_MODULE_2__/* .parseTrustedRoot */ .t1)(json);
        if (root.certificateAuthorities.length === 0)
            throw new Error('it names no certificate authority');
        return root;
    }
    catch (err) {
        throw new Error(`${where}: ${file} is not a Sigstore trusted root (${err.message})`, {
            cause: err
        });
    }
}
/**
 * Sigstore's public-good trusted root through TUF, cached under RUNNER_TEMP (else `fallback`); a
 * failure says it was this root, with TUF's reason and the cause under it.
 */
async function publicGoodRoot(env, fallback) {
    const { getTrustedRoot } = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(694)]).then(__webpack_require__.bind(__webpack_require__, 84423));
    try {
        return await getTrustedRoot({
            cachePath: node_path__WEBPACK_IMPORTED_MODULE_1__.join(env.RUNNER_TEMP || fallback, 'imagegate-sigstore-tuf')
        });
    }
    catch (err) {
        const e = err;
        const cause = e.cause instanceof Error && e.cause.message !== e.message ? `: ${e.cause.message}` : '';
        throw new Error(`Sigstore's public-good trusted root could not be fetched through TUF (${e.message}${cause})`, { cause: err });
    }
}


/***/ }),

/***/ 18142:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  zD: () => (/* binding */ makeSigner),
  v$: () => (/* binding */ makeVerifier),
  Ho: () => (/* binding */ registriesOf)
});

// UNUSED EXPORTS: GITHUB_FULCIO_URL, GITHUB_TSA_URL, TrustSetupError, keylessEndpoints

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/registry/reference.ts
var reference = __webpack_require__(79310);
// EXTERNAL MODULE: ./src/trust/cosign/args.ts
var args = __webpack_require__(79235);
// EXTERNAL MODULE: ./src/trust/preflight.ts
var preflight = __webpack_require__(18189);
// EXTERNAL MODULE: ./src/exec.ts
var exec = __webpack_require__(73190);
;// CONCATENATED MODULE: ./src/trust/cosign/cosign.ts
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
            const id = (0,args/* keylessIdentity */.JT)(env);
            this.mode = {
                kind: 'keyless',
                fulcioUrl: o.fulcioUrl || args/* DEFAULT_FULCIO_URL */.jl,
                rekorUrl: o.rekorUrl || args/* DEFAULT_REKOR_URL */.AD,
                oidc: id.oidc
            };
            this.identity = id.identity;
        }
        if (o.registryAuth?.username) {
            const { registries, username, password } = o.registryAuth;
            this.env.DOCKER_CONFIG = writeDockerConfig(external_node_path_.join(o.workDir, 'docker'), registries, username, password);
        }
    }
    keyPath(key, workspace) {
        switch ((0,args/* keyKind */.qp)(key)) {
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
        await this.run((0,args/* signArgs */.Ng)({ ref, mode: this.mode, recursive }), `sign ${ref}`);
    }
    /** Signs every one of `refs` in one cosign process (the key is read, and decrypted, once). */
    async signMany(refs, recursive = true) {
        if (refs.length === 1)
            return await this.sign(refs[0], recursive);
        await this.run((0,args/* signArgs */.Ng)({ ref: refs, mode: this.mode, recursive }), `sign ${refs.join(' ')}`);
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
        await this.run((0,args/* attestArgs */.r7)({ ref, mode: this.mode, type, predicateFile: file }), `attest ${type} ${ref}`);
    }
    async run(args, what) {
        const r = await (0,exec.exec)(this.bin, args, { env: this.env, secrets: this.secrets, stage: 'sign' });
        if (r.exitCode !== 0) {
            const why = r.timedOut ? 'timed out' : `exited ${r.exitCode}`;
            throw new CosignError(`cosign ${what} ${why}:\n${(0,exec.tail)(r.stderr || r.stdout)}`);
        }
    }
    /** Removes the key file and the docker config. */
    dispose() {
        external_node_fs_.rmSync(external_node_path_.join(this.workDir, 'cosign.key'), { force: true });
        external_node_fs_.rmSync(external_node_path_.join(this.workDir, 'docker'), { recursive: true, force: true });
    }
}
/**
 * A docker config directory holding only `username`/`password` for `registries`, private to cosign
 * (cosign reads registry credentials from the docker config, as docker/login-action writes it).
 */
function writeDockerConfig(dir, registries, username, password) {
    external_node_fs_.mkdirSync(dir, { recursive: true, mode: 0o700 });
    external_node_fs_.writeFileSync(external_node_path_.join(dir, 'config.json'), (0,args/* dockerConfigJson */.TF)([...new Set(registries)], username, password), {
        mode: 0o600
    });
    return dir;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/@noble/ciphers/salsa.js + 3 modules
var salsa = __webpack_require__(46382);
;// CONCATENATED MODULE: ./src/trust/keys.ts
// The one place that reads signing keys and their passwords: the `cosign-key` input (PEM contents, a
// KMS URI, or a key file in the workspace) and `cosign-password`. A key held in this process becomes
// a SigningKey (it signs, and names its public half the way a Sigstore bundle does); a KMS URI stays a
// reference that only cosign resolves. Every error names the input and never echoes the key or the
// password.
//
// Which keys are accepted, and why. A signature must pass every verifier an imagegate signature meets:
// @sigstore/verify checks a DSSE envelope with `crypto.verify(undefined, pae, key, sig)` (Node's
// default digest for the key: SHA-256 for every ECDSA curve and for RSA) and a message signature with
// the bundle's digest algorithm (`crypto.verify('sha256', ...)`); cosign 2.5 `verify-blob --key` and
// `verify --key` load the key with `signature.LoadVerifier(pub, crypto.SHA256)` (sigstore/sigstore
// pkg/signature/verifier.go): ECDSA of any curve with SHA-256, RSA PKCS#1 v1.5 with SHA-256, Ed25519
// pure. So `sign` hashes with SHA-256 and the accepted keys are those for which SHA-256 is also what
// Sigstore's algorithm registry pairs with the key (sigstore/sigstore GetDefaultPublicKeyDetails):
// - ECDSA P-256 (PKIX_ECDSA_P256_SHA_256): what `cosign generate-key-pair` makes.
// - RSA 2048, 3072 or 4096 bits, PKCS#1 v1.5 (PKIX_RSA_PKCS1V15_*_SHA256).
// Refused: P-384 and P-521 (the registry pairs them with SHA-384 and SHA-512 and marks the SHA-256
// pairing deprecated, while the verifiers above check SHA-256: no one signature satisfies both);
// Ed25519 (cosign signs Ed25519ph, and @sigstore/verify cannot check an Ed25519 message signature:
// Node refuses a digest with an Ed25519 key); RSA-PSS keys and other RSA sizes (not in the registry
// for PKCS#1 v1.5); anything else.




/** A key input that cannot be used; `input` is the action input to fix. */
class KeyError extends Error {
    input;
    constructor(input, message) {
        super(`input ${input}: ${message}`);
        this.name = 'KeyError';
        this.input = input;
    }
}
const ACCEPTED = 'accepted keys are ECDSA P-256 (what `cosign generate-key-pair` makes) and RSA of 2048, 3072 or 4096 bits; make one with `cosign generate-key-pair`';
const KMS_URI = /^(awskms|gcpkms|azurekms|hashivault|k8s):\/\/|^pkcs11:/;
/** Key files are small; a large file is a wrong path, not a key. */
const MAX_KEY_FILE_BYTES = 64 * 1024;
/**
 * The private key `cosign-key` holds (its password in `cosign-password`), or the KMS URI it names.
 * A file is resolved against the workspace, as cosign was given it.
 */
async function loadSigningKey(input) {
    const source = keySource(input.value, input.workspace);
    if (source.kind === 'kms')
        return source;
    const block = firstPemBlock(source.text, source.where);
    if (block.type === 'PUBLIC KEY') {
        throw new KeyError('cosign-key', `holds a PUBLIC key${source.where}; signing needs the private key (cosign.key), the public key (cosign.pub) is for verifying`);
    }
    const privateKey = await privateKeyOf(block, input.password, source.where);
    const publicKey = (0,external_node_crypto_.createPublicKey)(privateKey);
    const details = verificationKey(publicKey, source.where);
    return {
        ...details,
        privateKey,
        sign: (data) => (0,external_node_crypto_.sign)('sha256', data, privateKey)
    };
}
/**
 * The public key to verify with: `PUBLIC KEY` PEM contents or file, or the public half of a private
 * key (any format `loadSigningKey` reads, with its password), or the KMS URI it names.
 */
async function loadPublicKey(input) {
    const source = keySource(input.value, input.workspace);
    if (source.kind === 'kms')
        return source;
    const block = firstPemBlock(source.text, source.where, 'public');
    if (block.type === 'PUBLIC KEY') {
        let publicKey;
        try {
            publicKey = (0,external_node_crypto_.createPublicKey)({ key: block.der, format: 'der', type: 'spki' });
        }
        catch {
            throw new KeyError('cosign-key', `holds a PUBLIC KEY block that is not a valid public key${source.where}`);
        }
        return verificationKey(publicKey, source.where);
    }
    return verificationKey((0,external_node_crypto_.createPublicKey)(await privateKeyOf(block, input.password ?? '', source.where)), source.where);
}
function keySource(value, workspace) {
    const trimmed = value.trim();
    if (!trimmed)
        throw new KeyError('cosign-key', 'is empty');
    if (trimmed.startsWith('-----BEGIN'))
        return { kind: 'text', text: trimmed, where: '' };
    if (KMS_URI.test(trimmed))
        return { kind: 'kms', uri: trimmed };
    const shown = shownPath(trimmed);
    const where = shown ? ` (file "${shown}")` : ' (a file in the workspace)';
    const file = external_node_path_.resolve(workspace, trimmed);
    let text;
    try {
        const stat = external_node_fs_.statSync(file);
        if (stat.isDirectory())
            throw new KeyError('cosign-key', `names a directory, not a key file${where}`);
        if (stat.size > MAX_KEY_FILE_BYTES) {
            throw new KeyError('cosign-key', `names a file of ${stat.size} bytes, too large for a key${where}`);
        }
        text = external_node_fs_.readFileSync(file, 'utf8');
    }
    catch (error) {
        if (error instanceof KeyError)
            throw error;
        const code = error.code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
            throw new KeyError('cosign-key', `is neither PEM contents (-----BEGIN ...), a KMS URI (awskms://, gcpkms://, azurekms://, hashivault://, k8s://, pkcs11:) nor a key file in the workspace: no such file${where}`);
        }
        throw new KeyError('cosign-key', `the key file cannot be read (${code ?? 'unknown error'})${where}`);
    }
    return { kind: 'text', text, where };
}
/**
 * The path as an error may show it: a value that looks like key material (several lines, or a long
 * run of base64 alone) is not repeated, in case a key lost its PEM armour on the way.
 */
function shownPath(value) {
    if (/\s/.test(value) || value.length > 200)
        return undefined;
    if (value.length >= 40 && /^[A-Za-z0-9+/=]+$/.test(value))
        return undefined;
    return value;
}
/** The first PEM block of `text`, as cosign (Go's pem.Decode) takes it; text around it is ignored. */
function firstPemBlock(text, where, expected = 'private') {
    const begin = /-----BEGIN ([A-Z0-9 ]{1,64})-----/.exec(text);
    const kinds = expected === 'private'
        ? '-----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----, as cosign.key'
        : '-----BEGIN PUBLIC KEY-----, as cosign.pub, or the private key whose public half it is';
    const notPem = `holds no PEM key (${kinds})${where}`;
    if (!begin)
        throw new KeyError('cosign-key', notPem);
    const type = begin[1];
    const bodyStart = begin.index + begin[0].length;
    const end = text.indexOf(`-----END ${type}-----`, bodyStart);
    if (end < 0)
        throw new KeyError('cosign-key', `has no -----END ${type}----- line${where}`);
    const headers = [];
    const body = [];
    for (const line of text.slice(bodyStart, end).split(/\r?\n/)) {
        const trimmed = line.trim();
        if (/^[A-Za-z][A-Za-z0-9-]*:/.test(trimmed))
            headers.push(trimmed);
        else
            body.push(trimmed.replace(/\s+/g, ''));
    }
    const base64 = body.join('');
    if (!base64 || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
        throw new KeyError('cosign-key', `its ${type} block is not valid base64${where}`);
    }
    return { type, headers, der: Buffer.from(base64, 'base64') };
}
function pemText(block) {
    const lines = block.der.toString('base64').match(/.{1,64}/g) ?? [];
    const headers = block.headers.length > 0 ? `${block.headers.join('\n')}\n\n` : '';
    return `-----BEGIN ${block.type}-----\n${headers}${lines.join('\n')}\n-----END ${block.type}-----\n`;
}
// --- private keys ----------------------------------------------------------------------------
/** PEM types node:crypto reads: PKCS#8 (plain or encrypted), SEC1 and PKCS#1 (plain or traditionally encrypted). */
const NODE_PRIVATE_TYPES = new Set([
    'PRIVATE KEY',
    'ENCRYPTED PRIVATE KEY',
    'EC PRIVATE KEY',
    'RSA PRIVATE KEY'
]);
/** cosign's own encrypted key: SIGSTORE since cosign 2, COSIGN before (pkg/cosign/keys.go). */
const COSIGN_TYPES = new Set(['ENCRYPTED SIGSTORE PRIVATE KEY', 'ENCRYPTED COSIGN PRIVATE KEY']);
async function privateKeyOf(block, password, where) {
    if (COSIGN_TYPES.has(block.type)) {
        const der = await openCosignEnvelope(block.der, password, where);
        try {
            return (0,external_node_crypto_.createPrivateKey)({ key: der, format: 'der', type: 'pkcs8' });
        }
        catch {
            throw new KeyError('cosign-key', `decrypts, but not to a PKCS#8 private key${where}`);
        }
        finally {
            der.fill(0);
        }
    }
    if (NODE_PRIVATE_TYPES.has(block.type)) {
        const encrypted = block.type === 'ENCRYPTED PRIVATE KEY' || block.headers.some(h => /^Proc-Type:.*ENCRYPTED/i.test(h));
        if (encrypted && password === '') {
            throw new KeyError('cosign-password', `is empty, but cosign-key is an encrypted private key: give its password${where}`);
        }
        try {
            return (0,external_node_crypto_.createPrivateKey)({
                key: pemText(block),
                format: 'pem',
                passphrase: encrypted ? password : undefined
            });
        }
        catch {
            // a wrong password can also "decrypt" to bytes that are no key: both mean the password is wrong
            if (encrypted)
                throw new KeyError('cosign-password', `does not decrypt cosign-key${where}`);
            throw new KeyError('cosign-key', `its ${block.type} block is not a valid private key${where}`);
        }
    }
    if (block.type === 'CERTIFICATE') {
        throw new KeyError('cosign-key', `holds a certificate, not a key${where}`);
    }
    throw new KeyError('cosign-key', `holds a "${block.type}" PEM block, not a private key cosign reads (PRIVATE KEY, ENCRYPTED PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY, ENCRYPTED SIGSTORE PRIVATE KEY)${where}`);
}
// cosign's encrypted key (`cosign generate-key-pair`, pkg/cosign/keys.go marshalKeyPair): the PEM body
// is the JSON that go-securesystemslib's `encrypted.Encrypt` writes (encrypted/encrypted.go):
//   {"kdf":{"name":"scrypt","params":{"N":65536,"r":8,"p":1},"salt":"<base64>"},
//    "cipher":{"name":"nacl/secretbox","nonce":"<base64, 24 bytes>"},"ciphertext":"<base64>"}
// key = scrypt(password, salt, N, r, p, 32 bytes); plaintext = secretbox.Open(ciphertext, nonce, key)
// (XSalsa20-Poly1305) = the PKCS#8 DER of the private key. An empty password is a real password here:
// cosign encrypts with it too. Decrypt (encrypted.go CheckParams) refuses any scrypt parameters but the
// three sets it writes, so that a tampered file cannot make it spend memory and time; so does this.
const SCRYPT_PARAMS = [
    { N: 32768, r: 8, p: 1 },
    { N: 65536, r: 8, p: 1 },
    { N: 131072, r: 8, p: 1 }
];
const SECRETBOX_NONCE_BYTES = 24;
const SECRETBOX_TAG_BYTES = 16;
async function openCosignEnvelope(body, password, where) {
    const malformed = (what) => new KeyError('cosign-key', `is not a cosign key envelope cosign can read: ${what}${where}`);
    let envelope;
    try {
        envelope = JSON.parse(body.toString('utf8'));
    }
    catch {
        throw malformed('its body is not JSON');
    }
    const kdf = field(envelope, 'kdf');
    const cipher = field(envelope, 'cipher');
    if (field(kdf, 'name') !== 'scrypt')
        throw malformed(`its kdf is ${shortName(field(kdf, 'name'))}, not scrypt`);
    if (field(cipher, 'name') !== 'nacl/secretbox') {
        throw malformed(`its cipher is ${shortName(field(cipher, 'name'))}, not nacl/secretbox`);
    }
    const params = field(kdf, 'params');
    const [N, r, p] = [field(params, 'N'), field(params, 'r'), field(params, 'p')];
    if (!SCRYPT_PARAMS.some(known => known.N === N && known.r === r && known.p === p)) {
        throw malformed(`its scrypt parameters (N=${shortName(N)}, r=${shortName(r)}, p=${shortName(p)}) are not ones cosign writes (N 32768, 65536 or 131072, r 8, p 1)`);
    }
    const salt = base64Field(field(kdf, 'salt'));
    const nonce = base64Field(field(cipher, 'nonce'));
    const ciphertext = base64Field(field(envelope, 'ciphertext'));
    if (!salt || salt.length === 0)
        throw malformed('its kdf salt is missing');
    if (!nonce || nonce.length !== SECRETBOX_NONCE_BYTES)
        throw malformed('its cipher nonce is not 24 bytes');
    if (!ciphertext || ciphertext.length <= SECRETBOX_TAG_BYTES)
        throw malformed('its ciphertext is missing');
    const cost = { N: N, r: r, p: p };
    // node's scrypt needs about 128 * N * r bytes (128 MiB for N = 131072, r = 8); its default cap is 32 MiB.
    // Asynchronous: a third of a second of CPU in libuv's thread pool, while the builds start
    const key = await new Promise((resolve, reject) => (0,external_node_crypto_.scrypt)(password, salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r }, (err, derived) => err ? reject(err) : resolve(derived)));
    try {
        return Buffer.from((0,salsa/* xsalsa20poly1305 */.uT)(key, nonce).decrypt(ciphertext));
    }
    catch {
        throw new KeyError('cosign-password', password === ''
            ? `is empty and does not decrypt cosign-key: give the password the key was made with${where}`
            : `does not decrypt cosign-key${where}`);
    }
    finally {
        key.fill(0);
    }
}
function field(value, name) {
    return typeof value === 'object' && value !== null ? value[name] : undefined;
}
/** A name from the envelope, cut short: it is shown in an error. */
function shortName(value) {
    if (value === undefined)
        return 'missing';
    return JSON.stringify(value).slice(0, 32);
}
/** Go's encoding/json writes a []byte as padded standard base64. */
function base64Field(value) {
    if (typeof value !== 'string' || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
        return undefined;
    return Buffer.from(value, 'base64');
}
// --- key types -------------------------------------------------------------------------------
function verificationKey(publicKey, where) {
    const algorithm = algorithmOf(publicKey, where);
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const digest = (0,external_node_crypto_.createHash)('sha256').update(der).digest();
    return {
        kind: 'key',
        publicKey,
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        hint: digest.toString('hex'),
        fingerprint: `SHA256:${digest.toString('base64').replace(/=+$/, '')}`,
        algorithm
    };
}
function algorithmOf(publicKey, where) {
    const details = publicKey.asymmetricKeyDetails ?? {};
    switch (publicKey.asymmetricKeyType) {
        case 'ec':
            if (details.namedCurve === 'prime256v1')
                return 'PKIX_ECDSA_P256_SHA_256';
            break;
        case 'rsa':
            if (details.modulusLength === 2048)
                return 'PKIX_RSA_PKCS1V15_2048_SHA256';
            if (details.modulusLength === 3072)
                return 'PKIX_RSA_PKCS1V15_3072_SHA256';
            if (details.modulusLength === 4096)
                return 'PKIX_RSA_PKCS1V15_4096_SHA256';
            break;
    }
    throw new KeyError('cosign-key', `holds a key of type ${keyTypeName(publicKey)}${where}, which is not accepted: ${ACCEPTED}`);
}
const CURVE_NAMES = {
    prime256v1: 'P-256',
    secp384r1: 'P-384',
    secp521r1: 'P-521',
    secp256k1: 'secp256k1'
};
/** "ECDSA P-384", "RSA 1024-bit", "Ed25519". */
function keyTypeName(publicKey) {
    const details = publicKey.asymmetricKeyDetails ?? {};
    switch (publicKey.asymmetricKeyType) {
        case 'ec':
            return `ECDSA ${CURVE_NAMES[details.namedCurve ?? ''] ?? details.namedCurve ?? 'of an unknown curve'}`;
        case 'rsa':
            return `RSA ${details.modulusLength ?? '?'}-bit`;
        case 'rsa-pss':
            return `RSA-PSS ${details.modulusLength ?? '?'}-bit`;
        case 'ed25519':
            return 'Ed25519';
        case 'ed448':
            return 'Ed448';
        default:
            return publicKey.asymmetricKeyType ?? 'unknown';
    }
}

// EXTERNAL MODULE: ./src/github/rest.ts
var rest = __webpack_require__(66417);
;// CONCATENATED MODULE: ./src/trust/github-store.ts
// GitHub's attestation store: every bundle of a keyless run also recorded in the repository's
// attestations, as @actions/attest's writeAttestation does (`POST {GITHUB_API_URL}/repos/{owner}/{repo}/
// attestations` with `{bundle}`, the bundle's JSON as it is), so that the attestations page and
// `gh attestation verify oci://IMAGE --owner OWNER` find them. GitHub verifies only bundles of its own
// trust roots (Sigstore's public good and GitHub's), so key-signed bundles are never sent. One call per
// bundle: the API takes one. Bounded (github/rest.ts): 15 s per attempt, one retry on 5xx, 429 or a
// dropped connection (@actions/attest retries 5 times with octokit's plugin; a run that waits on GitHub
// holds every tag).

const ATTESTATION_TIMEOUT_MS = rest/* REST_TIMEOUT_MS */.Mx;
class AttestationStoreError extends Error {
    name = 'AttestationStoreError';
}
function gitHubAttestationStore(o) {
    const url = `${o.apiUrl.replace(/\/+$/, '')}/repos/${o.repository}/attestations`;
    const timeoutMs = o.timeoutMs ?? ATTESTATION_TIMEOUT_MS;
    return {
        describe: `GitHub's attestations of ${o.repository}`,
        record: async (bundle, about) => {
            const outcome = await (0,rest/* postJson */.B2)({
                url,
                token: o.token,
                body: `{"bundle":${bundle.toString('utf8')}}`,
                timeoutMs
            });
            if (outcome.answered && outcome.ok)
                return;
            let last = (0,rest/* describeOutcome */.SS)(outcome);
            if (outcome.answered && (outcome.status === 403 || outcome.status === 401))
                last +=
                    ': give the job `permissions: attestations: write` (and a github-token that has it), or set github-attestations: false';
            throw new AttestationStoreError(`the attestation of ${about} could not be recorded in GitHub's attestations (POST ${url}): ${last}`);
        }
    };
}

;// CONCATENATED MODULE: ./src/trust/oidc.ts
// The runner's OIDC token for Fulcio, asked as @actions/core's getIDToken asks it (GET
// `$ACTIONS_ID_TOKEN_REQUEST_URL&audience=sigstore` with the request token as bearer, the JWT in `value`)
// but bounded in time: getIDToken's only bound is @actions/http-client's 3-minute socket timeout, and
// a request still open after a Promise.race keeps the action's process alive. fetch with an
// AbortSignal closes the connection when the time is up.

/** One attempt; a second one follows an answer of 5xx or a dropped connection. */
const OIDC_TIMEOUT_MS = 15_000;
const RETRY_AFTER_MS = 1000;
class OidcError extends Error {
    name = 'OidcError';
}
/** Why the token request failed, in words a workflow author can act on. */
function refusal(status, body) {
    let message = body.slice(0, 200);
    try {
        const parsed = JSON.parse(body);
        if (typeof parsed.message === 'string')
            message = parsed.message;
    }
    catch {
        // not JSON: the text as it came
    }
    return `the runner's OIDC endpoint answered HTTP ${status}${message ? ` (${message})` : ''}`;
}
/** The runner's OIDC token for `audience`, masked in the log; throws an OidcError saying why not. */
async function runnerIdToken(env, audience, timeoutMs = OIDC_TIMEOUT_MS) {
    const base = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!base || !requestToken) {
        throw new OidcError('keyless signing needs an OIDC token: give the job `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL is not set)');
    }
    const url = `${base}${base.includes('?') ? '&' : '?'}audience=${encodeURIComponent(audience)}`;
    let last = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
        let response;
        try {
            response = await fetch(url, {
                headers: { Accept: 'application/json', Authorization: `Bearer ${requestToken}` },
                signal: AbortSignal.timeout(timeoutMs)
            });
        }
        catch (err) {
            const e = err;
            last =
                e.name === 'TimeoutError'
                    ? `the runner's OIDC endpoint did not answer within ${timeoutMs / 1000} s`
                    : `the runner's OIDC endpoint could not be reached (${e.cause?.message ?? e.message})`;
            if (e.name === 'TimeoutError')
                break;
            await new Promise(resolve => setTimeout(resolve, RETRY_AFTER_MS));
            continue;
        }
        const body = await response.text();
        if (response.ok) {
            let value;
            try {
                value = JSON.parse(body).value;
            }
            catch {
                value = undefined;
            }
            if (typeof value !== 'string' || value === '') {
                throw new OidcError("the runner's OIDC endpoint answered without a token (no `value`)");
            }
            core/* setSecret */.Pq(value);
            return value;
        }
        last = refusal(response.status, body);
        if (response.status < 500)
            break;
        if (attempt < 2)
            await new Promise(resolve => setTimeout(resolve, RETRY_AFTER_MS));
    }
    throw new OidcError(last);
}

// EXTERNAL MODULE: ./src/trust/roots.ts
var roots = __webpack_require__(77683);
// EXTERNAL MODULE: ./src/registry/client.ts + 2 modules
var client = __webpack_require__(17345);
// EXTERNAL MODULE: ./src/trust/bundle.ts
var bundle = __webpack_require__(31284);
// EXTERNAL MODULE: ./src/trust/cosign/verify.ts
var verify = __webpack_require__(97083);
// EXTERNAL MODULE: ./src/trust/statements.ts
var statements = __webpack_require__(49150);
// EXTERNAL MODULE: ./src/trust/store.ts
var store = __webpack_require__(26543);
// EXTERNAL MODULE: ./src/trust/trust.ts
var trust = __webpack_require__(94324);
;// CONCATENATED MODULE: ./src/trust/verifier.ts
// The Verifier: an image's Sigstore bundle referrers read from the registry and verified in process
// (bundle.ts) against the accepted signer; an image without any bundle of the asked kind falls back to
// cosign 2's `.sig`/`.att` tags (images signed before bundles, or with a KMS key), through cosign.







/** Bundles read and verified at once per image. */
const AT_ONCE = 4;
/**
 * The checked bundles that verified, each about `digest`: one about another digest refuses them all
 * (digest-mismatch); none verifying is a wrong signer, with every bundle's reason.
 */
function verifiedOn(checked, digest, what, signer) {
    const good = checked.filter(c => c.verified);
    const other = good.find(c => !(0,statements/* subjectDigests */.IF)(c.verified.statement).includes(digest));
    if (other) {
        throw new trust/* VerifyError */.G(`the ${what} bundle ${other.referrer.digest} is for ${(0,statements/* subjectDigests */.IF)(other.verified.statement).join(', ') || 'no digest'}, not for ${digest}`, 'digest-mismatch');
    }
    if (good.length === 0) {
        throw new trust/* VerifyError */.G(`no ${what} by ${signer}: ${checked.map(c => c.problem).join('; ')}`, 'wrong-signer');
    }
    return good;
}
class BundleVerifier {
    setup;
    describe;
    /**
     * The bundle referrers of each `repository@digest`, listed once per run: the signature and every
     * attestation type of a digest are read from one list (a promotion, a verify run and the deployed
     * baseline only read the repositories they verify).
     */
    listings = new Map();
    constructor(setup) {
        this.setup = setup;
        this.describe = setup.trust.describe;
    }
    repo(repository) {
        return { client: this.setup.clientFor(repository), name: (0,reference/* parseReference */.F2)(repository).repository };
    }
    listed(repo, repository, digest) {
        const key = `${repository}@${digest}`;
        let listing = this.listings.get(key);
        if (!listing) {
            listing = (0,store/* listBundles */.Od)(repo, digest);
            this.listings.set(key, listing);
            listing.catch(() => {
                if (this.listings.get(key) === listing)
                    this.listings.delete(key);
            });
        }
        return listing;
    }
    /** Every bundle referrer of `digest` that may hold `predicateType`, each verified (or why not). */
    async check(repository, digest, predicateType) {
        const repo = this.repo(repository);
        let referrers;
        try {
            referrers = await this.listed(repo, repository, digest);
        }
        catch (err) {
            throw new trust/* VerifyError */.G(`the referrers of ${digest} could not be read: ${err.message}`, 'registry');
        }
        // a referrer that names another predicate type is not read; one that names none might hold it
        const candidates = referrers.filter(r => !r.predicateType || r.predicateType === predicateType);
        const out = candidates.map(referrer => ({ referrer }));
        await (0,client/* mapLimit */.sf)(out, AT_ONCE, async (c) => {
            const where = `${repository}@${digest} bundle ${c.referrer.digest}`;
            try {
                const bytes = await (0,store/* readBundle */.Bo)(repo, c.referrer.digest);
                c.verified = (0,bundle/* verifyBundle */.IF)(bytes, this.setup.trust, where);
            }
            catch (err) {
                // a bundle that does not verify (BundleError), or cannot be read: why it does not count
                c.problem = err instanceof Error ? err.message : String(err);
            }
        });
        return out.filter(c => !c.verified || c.verified.statement.predicateType === predicateType);
    }
    async signature(repository, digest) {
        const checked = await this.check(repository, digest, statements/* SIGN_PREDICATE_TYPE */.LK);
        if (checked.length === 0) {
            if (this.setup.legacy) {
                const { run, identity } = await this.setup.legacy();
                const signatures = await (0,verify/* verifySignature */.Od)(run, repository, digest, identity).catch((err) => {
                    // nothing in either form: said as the bundle check says it, with cosign's word after it
                    if (err instanceof trust/* VerifyError */.G && err.failure === 'unsigned')
                        throw new trust/* VerifyError */.G(`not signed: no signature bundle is attached to ${digest}, nor a cosign 2 signature (${err.message.replace(/^not signed \((.*)\)$/s, '$1')})`, 'unsigned');
                    throw err;
                });
                return signatures.map(s => ({
                    digest: s.digest,
                    format: 'cosign2',
                    ...(s.subject ? { subject: s.subject } : {}),
                    ...(s.issuer ? { issuer: s.issuer } : {})
                }));
            }
            throw new trust/* VerifyError */.G(`not signed: no signature bundle is attached to ${digest}`, 'unsigned');
        }
        const good = verifiedOn(checked, digest, 'signature', this.describe);
        return good.map(c => {
            const v = c.verified;
            return {
                digest,
                format: 'bundle',
                ...(v.identity ? { subject: v.identity } : {}),
                ...(v.issuer ? { issuer: v.issuer } : {}),
                ...(v.tlogIndexes.length > 0 ? { tlogIndexes: v.tlogIndexes } : {}),
                ...(v.timestamps > 0 ? { timestamps: v.timestamps } : {}),
                referrer: c.referrer.digest
            };
        });
    }
    async attestations(repository, digest, predicateType) {
        const checked = await this.check(repository, digest, predicateType);
        if (checked.length === 0) {
            if (!this.setup.legacy)
                return [];
            const { run, identity } = await this.setup.legacy();
            const statements = await (0,verify/* verifyAttestationStatements */.Ml)(run, repository, digest, identity, predicateType);
            return statements.map(statement => ({ statement, format: 'cosign2' }));
        }
        const good = verifiedOn(checked, digest, `attestation (${predicateType})`, this.describe);
        return good.map(c => {
            const v = c.verified;
            return {
                statement: v.statement,
                format: 'bundle',
                ...(c.referrer.platform ? { platform: c.referrer.platform } : {}),
                ...(v.identity ? { subject: v.identity } : {}),
                ...(v.issuer ? { issuer: v.issuer } : {}),
                referrer: c.referrer.digest
            };
        });
    }
}

;// CONCATENATED MODULE: ./src/trust/setup.ts
// The Signer and the Verifier of a run, from the action's inputs: the only code that reads cosign-key,
// cosign-password, the keyless identity and the Sigstore endpoints. A PEM or cosign key signs in
// process (Sigstore bundles); a KMS key signs through cosign 2; no key is keyless (GitHub's OIDC token,
// a Fulcio certificate, Rekor or a timestamp authority). cosign is installed only when it will run.













function cosignFor(ctx, bin, key) {
    const { inputs } = ctx;
    return new Cosign({
        cosign: bin,
        key,
        password: inputs['cosign-password'],
        workspace: ctx.workspace,
        workDir: ctx.workDir,
        registryAuth: inputs.username
            ? { registries: ctx.registries, username: inputs.username, password: inputs.password }
            : undefined,
        fulcioUrl: inputs['fulcio-url'],
        rekorUrl: inputs['rekor-url'],
        env: ctx.env
    });
}
/**
 * The OIDC token Fulcio takes: SIGSTORE_ID_TOKEN from an earlier step, else the runner's (audience
 * sigstore), asked once per certificate and bounded in time.
 */
function identityProvider(env) {
    return {
        getToken: async () => {
            const given = env.SIGSTORE_ID_TOKEN;
            if (given)
                return given;
            return await runnerIdToken(env, 'sigstore');
        }
    };
}
/**
 * GitHub's attestation store for a keyless run (github-attestations, on by default): the token is read
 * and masked here only. None without a token or a repository (a run outside GitHub Actions).
 */
function attestationStore(inputs, env) {
    if (inputs['github-attestations'] === false)
        return undefined;
    const token = (inputs['github-token'] ?? '').trim();
    const repository = env.GITHUB_REPOSITORY ?? '';
    if (!token || !/^[^/\s]+\/[^/\s]+$/.test(repository)) {
        core/* info */.pq(`github-attestations: no ${token ? 'GITHUB_REPOSITORY' : 'github-token'}: the bundles are not recorded in GitHub's attestations`);
        return undefined;
    }
    core/* setSecret */.Pq(token);
    return gitHubAttestationStore({
        token,
        repository,
        apiUrl: env.GITHUB_API_URL || 'https://api.github.com'
    });
}
/** The run's Signer: bundles in process for a PEM or cosign key and for keyless, cosign 2 for a KMS key. */
async function makeSigner(ctx) {
    const { inputs } = ctx;
    const env = ctx.env ?? process.env;
    const keyInput = inputs['cosign-key'].trim();
    const setup = { clientFor: ctx.clientFor };
    const how = (0,preflight/* signerPreflight */.mN)(inputs, env);
    // @sigstore/sign and its HTTP client: loaded by a run that signs only (a verifier never needs them)
    const [{ bundleBuilder, keySigner, OneCertificateSigner }, { BundleSigner, CosignSigner }] = await Promise.all([Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(88), __webpack_require__.e(275), __webpack_require__.e(179), __webpack_require__.e(144)]).then(__webpack_require__.bind(__webpack_require__, 89144)), Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(88), __webpack_require__.e(275), __webpack_require__.e(179), __webpack_require__.e(810)]).then(__webpack_require__.bind(__webpack_require__, 17810))]);
    if (how.kind === 'key') {
        const key = await loadSigningKey({
            value: keyInput,
            password: inputs['cosign-password'],
            workspace: ctx.workspace
        });
        if (key.kind === 'kms') {
            const cosign = cosignFor(ctx, await ctx.cosign(), key.uri);
            return new CosignSigner({ ...setup, identity: { kind: 'kms', who: key.uri } }, cosign);
        }
        const legacy = inputs['legacy-signatures'] ? cosignFor(ctx, await ctx.cosign(), keyInput) : undefined;
        return new BundleSigner({ ...setup, identity: { kind: 'key', who: key.fingerprint } }, bundleBuilder(keySigner(key)), legacy);
    }
    // keyless: the identity Fulcio will certify (or why this run cannot have one), checked by the preflight
    const { who, endpoints } = how;
    const signer = new OneCertificateSigner({ fulcioUrl: endpoints.fulcioUrl, identity: identityProvider(env) });
    const legacy = inputs['legacy-signatures'] ? cosignFor(ctx, await ctx.cosign(), '') : undefined;
    const store = attestationStore(inputs, env);
    return new BundleSigner({
        ...setup,
        ...(store ? { store } : {}),
        identity: {
            kind: 'keyless',
            who: who.identity,
            issuer: who.issuer,
            transparency: [
                endpoints.rekorUrl ? `Rekor ${endpoints.rekorUrl}` : '',
                endpoints.tsaUrl ? `timestamps from ${endpoints.tsaUrl}` : '',
                store ? `recorded in ${store.describe}` : ''
            ]
                .filter(Boolean)
                .join(', ')
        }
    }, bundleBuilder(signer, endpoints), legacy);
}
/** The trusted root keyless verification checks certificates against: a file, else Sigstore's public good. */
async function trustedRoot(inputs, workspace, env) {
    const file = inputs['trusted-root'] || env.SIGSTORE_ROOT_FILE || '';
    try {
        if (file) {
            return (0,roots.readTrustedRoot)(file, inputs['trusted-root'] ? 'input trusted-root' : 'SIGSTORE_ROOT_FILE', workspace);
        }
    }
    catch (err) {
        throw new preflight/* TrustSetupError */.U7(err.message, { cause: err });
    }
    try {
        return await (0,roots.publicGoodRoot)(env, workspace);
    }
    catch (err) {
        throw new preflight/* TrustSetupError */.U7(`keyless verification (certificate-identity): ${err.message}; a runner that cannot reach Sigstore's TUF repository needs the root as a file (input trusted-root)`, { cause: err });
    }
}
/**
 * The run's Verifier: who must have signed, from cosign-key (a public key, or the private key whose
 * public half it is; a KMS key's public half comes from cosign), else certificate-identity and
 * certificate-oidc-issuer. Undefined when the inputs name no signer (`required` throws instead).
 */
async function makeVerifier(ctx, required) {
    const { inputs } = ctx;
    const env = ctx.env ?? process.env;
    const keyInput = inputs['cosign-key'].trim();
    const identity = inputs['certificate-identity'].trim();
    const issuer = inputs['certificate-oidc-issuer'].trim();
    if (keyInput && identity) {
        throw new preflight/* TrustSetupError */.U7('inputs cosign-key and certificate-identity: give one way to verify, a key or a keyless identity');
    }
    external_node_fs_.mkdirSync(ctx.workDir, { recursive: true, mode: 0o700 });
    let trust;
    let cosignIdentity;
    if (keyInput) {
        if (inputs['trusted-root'].trim())
            core/* warning */.$e('input trusted-root: not read: a key (cosign-key) verifies without a Sigstore trusted root (it is for certificate-identity)');
        const key = await loadPublicKey({
            value: keyInput,
            workspace: ctx.workspace,
            password: inputs['cosign-password']
        });
        if (key.kind === 'kms') {
            cosignIdentity = { kind: 'key', key: key.uri };
            const pem = await kmsPublicKey(ctx, key.uri);
            const loaded = await loadPublicKey({ value: pem, workspace: ctx.workspace });
            if (loaded.kind !== 'key')
                throw new preflight/* TrustSetupError */.U7(`input cosign-key: cosign gave no public key for ${key.uri}`);
            trust = { kind: 'key', publicKey: loaded.publicKey, describe: `the key ${key.uri}` };
        }
        else {
            const file = external_node_path_.join(ctx.workDir, 'verify.pub');
            external_node_fs_.writeFileSync(file, key.publicKeyPem);
            cosignIdentity = { kind: 'key', key: file };
            trust = { kind: 'key', publicKey: key.publicKey, describe: `the key ${key.fingerprint}` };
        }
    }
    else if (identity || issuer) {
        if (!identity || !issuer) {
            throw new preflight/* TrustSetupError */.U7(`input ${identity ? 'certificate-oidc-issuer' : 'certificate-identity'}: keyless verification needs both certificate-identity and certificate-oidc-issuer${identity ? ` (GitHub's is ${args/* GITHUB_OIDC_ISSUER */.oP})` : ''}`);
        }
        cosignIdentity = { kind: 'keyless', identity, issuer };
        trust = {
            kind: 'keyless',
            root: await trustedRoot(inputs, ctx.workspace, env),
            identity,
            issuer,
            describe: `${identity} (issuer ${issuer})`
        };
    }
    else {
        if (required) {
            throw new preflight/* TrustSetupError */.U7('no signer to verify: set cosign-key (the public key), or certificate-identity and certificate-oidc-issuer (keyless)');
        }
        return undefined;
    }
    let legacyRun;
    const legacy = () => {
        legacyRun ??= (async () => {
            const bin = await ctx.cosign();
            const dockerConfig = inputs.username && inputs.password
                ? writeDockerConfig(external_node_path_.join(ctx.workDir, 'docker'), ctx.registries, inputs.username, inputs.password)
                : undefined;
            return {
                run: {
                    cosign: bin,
                    workDir: ctx.workDir,
                    env: dockerConfig ? { ...env, DOCKER_CONFIG: dockerConfig } : env,
                    secrets: inputs.password ? [inputs.password] : []
                },
                identity: cosignIdentity
            };
        })();
        return legacyRun;
    };
    return new BundleVerifier({ trust, clientFor: ctx.clientFor, legacy });
}
/** A KMS key's public half, by `cosign public-key --key URI`. */
async function kmsPublicKey(ctx, uri) {
    const { exec, tail } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 73190));
    const out = external_node_path_.join(ctx.workDir, 'kms.pub');
    const r = await exec(await ctx.cosign(), ['public-key', '--key', uri, '--outfile', out], {
        stage: 'verify'
    });
    if (r.exitCode !== 0)
        throw new preflight/* TrustSetupError */.U7(`input cosign-key: cosign public-key of ${uri} failed: ${tail(r.stderr || r.stdout, 3)}`);
    return external_node_fs_.readFileSync(out, 'utf8');
}
/** The registry hosts of some repositories (what cosign's docker config must name). */
function registriesOf(repositories) {
    return [...new Set(repositories.map(r => (0,reference/* parseReference */.F2)(r).registry))];
}


/***/ }),

/***/ 26543:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bo: () => (/* binding */ readBundle),
/* harmony export */   Od: () => (/* binding */ listBundles),
/* harmony export */   Z6: () => (/* binding */ attachBundles),
/* harmony export */   ak: () => (/* binding */ withdrawBundles)
/* harmony export */ });
/* unused harmony exports BUNDLE_ARTIFACT_TYPE, PLATFORM_ANNOTATION */
/* harmony import */ var _registry_referrers_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9191);
/* harmony import */ var _bundle_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(31284);


const BUNDLE_ARTIFACT_TYPE = _bundle_js__WEBPACK_IMPORTED_MODULE_1__/* .BUNDLE_V03_MEDIA_TYPE */ .HM;
const CONTENT = 'dev.sigstore.bundle.content';
const PREDICATE_TYPE = 'dev.sigstore.bundle.predicateType';
const CREATED = 'org.opencontainers.image.created';
/** imagegate's own: the platform an SBOM or a scan record is of (the subject is the index). */
const PLATFORM_ANNOTATION = 'dev.imagegate.platform';
/** Attaches bundles to `subject` (one referrers-tag update for all); their referrers' manifest digests. */
async function attachBundles(repo, subject, bundles, created) {
    const attached = await (0,_registry_referrers_js__WEBPACK_IMPORTED_MODULE_0__/* .attachArtifacts */ .zA)(repo, { mediaType: subject.mediaType, digest: subject.digest, size: subject.size }, bundles.map(b => ({
        artifactType: BUNDLE_ARTIFACT_TYPE,
        blob: b.bundle,
        blobMediaType: BUNDLE_ARTIFACT_TYPE,
        annotations: {
            [CONTENT]: 'dsse-envelope',
            [PREDICATE_TYPE]: b.predicateType,
            [CREATED]: created,
            ...(b.platform ? { [PLATFORM_ANNOTATION]: b.platform } : {})
        }
    })));
    return attached.map(d => d.digest);
}
/** The bundle referrers of `digest` (none on an image nothing was attached to). */
async function listBundles(repo, digest) {
    const found = await (0,_registry_referrers_js__WEBPACK_IMPORTED_MODULE_0__/* .listArtifacts */ .wn)(repo, digest, { artifactType: BUNDLE_ARTIFACT_TYPE });
    return found.map((d) => {
        const a = d.annotations ?? {};
        return {
            digest: d.digest,
            ...(a[PREDICATE_TYPE] ? { predicateType: a[PREDICATE_TYPE] } : {}),
            ...(a[PLATFORM_ANNOTATION] ? { platform: a[PLATFORM_ANNOTATION] } : {}),
            ...(a[CREATED] ? { created: a[CREATED] } : {})
        };
    });
}
/** The bundle's JSON bytes, from a referrer's manifest digest (the blob's digest checked). */
async function readBundle(repo, referrer) {
    const { blob } = await (0,_registry_referrers_js__WEBPACK_IMPORTED_MODULE_0__/* .fetchArtifactBlob */ ._J)(repo, referrer, { artifactType: BUNDLE_ARTIFACT_TYPE });
    return blob;
}
/** Takes the referrers back from `subjectDigest` (a run that did not tag the image). */
async function withdrawBundles(repo, subjectDigest, referrers) {
    if (referrers.length > 0)
        await (0,_registry_referrers_js__WEBPACK_IMPORTED_MODULE_0__/* .detachArtifacts */ .fT)(repo, subjectDigest, [...referrers]);
}


/***/ })

};
