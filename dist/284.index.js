export const id = 284;
export const ids = [284];
export const modules = {

/***/ 31284:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HM: () => (/* reexport safe */ _sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__.BUNDLE_V03_MEDIA_TYPE),
/* harmony export */   IF: () => (/* binding */ verifyBundle),
/* harmony export */   ND: () => (/* binding */ makeBundle),
/* harmony export */   Ye: () => (/* binding */ keySigner),
/* harmony export */   eI: () => (/* binding */ bundleBuilder),
/* harmony export */   gJ: () => (/* binding */ OneCertificateSigner),
/* harmony export */   t1: () => (/* binding */ parseTrustedRoot),
/* harmony export */   verifyBlobBundle: () => (/* binding */ verifyBlobBundle)
/* harmony export */ });
/* unused harmony exports FETCH, KEYLESS_SIGNING_LIMIT_MS, sigstoreFailure, BundleError */
/* harmony import */ var _sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(61040);
/* harmony import */ var _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(19654);
/* harmony import */ var _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(_sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _sigstore_sign__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(15179);
/* harmony import */ var _sigstore_verify__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(54187);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _statements_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(49150);
// Sigstore bundles (v0.3, a DSSE envelope holding an in-toto statement), made and checked in process
// with sigstore-js: @sigstore/sign's DSSEBundleBuilder with a key signer, or keyless with a Fulcio
// certificate and a Rekor entry or signed timestamps; @sigstore/verify against a public key or a
// trusted root. imagegate decides what is signed and whose signature counts; the libraries own the
// formats and the cryptography.







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
        const pair = node_crypto__WEBPACK_IMPORTED_MODULE_4__.generateKeyPairSync('ec', { namedCurve: 'P-256' });
        this.privateKey = pair.privateKey;
        const publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
        this.holder = {
            sign: async (data) => ({
                signature: node_crypto__WEBPACK_IMPORTED_MODULE_4__.sign('sha256', data, this.privateKey),
                key: { $case: 'publicKey', publicKey }
            })
        };
        this.fulcio = new _sigstore_sign__WEBPACK_IMPORTED_MODULE_2__/* .FulcioSigner */ .$o({
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
            throw new BundleError(`keyless signing ran past its time limit of ${Math.round(this.limitMs / 1000)} s: no further signature is made`);
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
        witnesses.push(new _sigstore_sign__WEBPACK_IMPORTED_MODULE_2__/* .RekorWitness */ .fU({ rekorBaseURL: keyless.rekorUrl, ...FETCH }));
    if (keyless?.tsaUrl)
        witnesses.push(new _sigstore_sign__WEBPACK_IMPORTED_MODULE_2__/* .TSAWitness */ .gs({ tsaBaseURL: keyless.tsaUrl, ...FETCH }));
    return new _sigstore_sign__WEBPACK_IMPORTED_MODULE_2__/* .DSSEBundleBuilder */ .VV({ signer, witnesses });
}
/** One statement in one bundle, serialized as it is stored (the bundle's JSON bytes). */
async function makeBundle(builder, statement) {
    let bundle;
    try {
        bundle = await builder.create({
            data: Buffer.from(JSON.stringify(statement)),
            type: _statements_js__WEBPACK_IMPORTED_MODULE_5__/* .IN_TOTO_PAYLOAD_TYPE */ .T4
        });
    }
    catch (err) {
        throw new BundleError(sigstoreFailure(err));
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
function trustMaterial(trust) {
    if (trust.kind === 'key') {
        // the key is given, not found: any hint (or none) is answered with it, and the signature decides
        return (0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_3__/* .toTrustMaterial */ .jO)(EMPTY_ROOT, () => ({ publicKey: trust.publicKey, validFor: () => true }));
    }
    return (0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_3__/* .toTrustMaterial */ .jO)(trust.root);
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
    if (envelope.payloadType !== _statements_js__WEBPACK_IMPORTED_MODULE_5__/* .IN_TOTO_PAYLOAD_TYPE */ .T4) {
        throw new BundleError(`${where}: its payload is ${envelope.payloadType}, not an in-toto statement`);
    }
    const keyless = trust.kind === 'keyless';
    const verifier = new _sigstore_verify__WEBPACK_IMPORTED_MODULE_3__/* .Verifier */ .BL(trustMaterial(trust), {
        tlogThreshold: 0,
        ctlogThreshold: keyless ? 1 : 0,
        // keyless: the certificate must have been valid when the signature was made, so a time is needed
        timestampThreshold: keyless ? 1 : 0
    });
    let signer;
    try {
        signer = verifier.verify((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_3__/* .toSignedEntity */ .DC)(bundle), keyless ? { subjectAlternativeName: trust.identity, extensions: { issuer: trust.issuer } } : undefined);
    }
    catch (err) {
        throw new BundleError(`${where}: not signed by ${trust.describe} (${err.message})`);
    }
    const statement = (0,_statements_js__WEBPACK_IMPORTED_MODULE_5__/* .parseStatement */ .By)(envelope.payload, where);
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
    const verifier = new _sigstore_verify__WEBPACK_IMPORTED_MODULE_3__/* .Verifier */ .BL((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_3__/* .toTrustMaterial */ .jO)(trust.root), {
        tlogThreshold: 1,
        ctlogThreshold: 1,
        timestampThreshold: 1
    });
    let signer;
    try {
        signer = verifier.verify((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_3__/* .toSignedEntity */ .DC)(bundle, artifact), {
            subjectAlternativeName: trust.identity,
            extensions: { issuer: trust.issuer }
        });
    }
    catch (err) {
        throw new BundleError(`${where}: not signed by ${trust.describe} (${err.message})`);
    }
    return {
        ...(signer.identity?.subjectAlternativeName ? { identity: signer.identity.subjectAlternativeName } : {}),
        ...(signer.identity?.extensions?.issuer ? { issuer: signer.identity.extensions.issuer } : {}),
        tlogIndexes: bundle.verificationMaterial.tlogEntries.map(e => e.logIndex),
        timestamps: bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.length ?? 0
    };
}


/***/ })

};
