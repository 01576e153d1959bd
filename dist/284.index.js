export const id = 284;
export const ids = [284];
export const modules = {

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


/***/ })

};
