export const id = 144;
export const ids = [144];
export const modules = {

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


/***/ })

};
