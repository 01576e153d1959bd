export const id = 396;
export const ids = [396];
export const modules = {

/***/ 69558:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Wq: () => (/* binding */ basePinnedVerdicts),
/* harmony export */   iM: () => (/* binding */ checkBasePinned)
/* harmony export */ });
/* unused harmony exports parseDockerfile, splitWords, processWord */
/* harmony import */ var _plan_grammar_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37530);

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
                if (_plan_grammar_js__WEBPACK_IMPORTED_MODULE_0__/* .DIGEST */ .Dh.test(digest))
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


/***/ }),

/***/ 12396:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  imageEvidence: () => (/* binding */ imageEvidence),
  prepareTrust: () => (/* binding */ prepareTrust),
  publish: () => (/* binding */ publish_publish),
  runSigner: () => (/* binding */ runSigner),
  signerLine: () => (/* binding */ signerLine),
  timedClients: () => (/* binding */ timedClients)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/cancel.ts
var cancel = __webpack_require__(90833);
// EXTERNAL MODULE: ./src/run-dir.ts
var run_dir = __webpack_require__(88216);
// EXTERNAL MODULE: ./src/cache/results.ts
var results = __webpack_require__(17044);
// EXTERNAL MODULE: ./src/exec.ts
var exec = __webpack_require__(73190);
// EXTERNAL MODULE: ./src/gate/gate.ts
var gate = __webpack_require__(4512);
// EXTERNAL MODULE: ./src/hardening/dockerfile.ts
var hardening_dockerfile = __webpack_require__(69558);
// EXTERNAL MODULE: ./src/publish/publish.ts
var publish = __webpack_require__(13456);
// EXTERNAL MODULE: ./src/json.ts
var json = __webpack_require__(8301);
// EXTERNAL MODULE: ./src/trust/predicates.ts + 1 modules
var predicates = __webpack_require__(54005);
// EXTERNAL MODULE: ./src/trust/statements.ts
var statements = __webpack_require__(49150);
;// CONCATENATED MODULE: ./src/trust/evidence.ts
// What is signed and attested for each uploaded image, and with which predicates, as the publish's
// hooks over the run's Signer. Signing: the index digest and each platform manifest, every image of the
// run at once. Attestations, all on the index digest (what a tag resolves to): SLSA provenance once,
// then per platform the SPDX SBOM and the vulnerability scan record. An image the publish did not tag
// has its signatures and attestations withdrawn.




/** An uploaded image as the trust seam names it. */
function subjectOf(image) {
    return {
        name: image.name,
        repository: image.repository,
        digest: image.digest,
        mediaType: image.mediaType,
        size: image.size
    };
}
/**
 * An image's attestations: SLSA provenance once, then per platform the SPDX SBOM (the file the
 * pipeline wrote, as it is) and the vulnerability scan record; all about the index digest (what a tag
 * resolves to), each platform's named.
 */
function imageAttestations(o, e) {
    const env = o.env ?? process.env;
    const startedOn = o.startedOn.toISOString();
    const finishedOn = (o.now?.() ?? new Date()).toISOString();
    const out = [
        {
            kind: 'provenance',
            predicateType: predicates/* SLSA_PROVENANCE_V1 */.us,
            predicate: (0,predicates/* slsaPredicate */.z)({
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
            })
        }
    ];
    for (const p of e.platforms) {
        if (p.spdxFile) {
            out.push({
                kind: 'sbom',
                predicateType: statements/* SPDX_PREDICATE_TYPE */.vX,
                predicate: p.spdxFile,
                platform: p.platform
            });
        }
        const report = (0,json/* parseJson */.q)(external_node_fs_.readFileSync(p.reportFile, 'utf8'), reason => `${e.name} ${p.platform}: the scan report ${p.reportFile} is not JSON: ${reason}`);
        out.push({
            kind: 'vuln',
            predicateType: predicates/* VULN_PREDICATE_TYPE */.jF,
            platform: p.platform,
            predicate: (0,predicates/* vulnPredicate */.Rl)({
                platform: p.platform,
                report,
                trivyVersion: o.scanner.trivyVersion,
                dbRepository: o.scanner.dbRepository,
                dbUpdatedAt: o.scanner.dbUpdatedAt,
                ...o.policy,
                passed: e.passed,
                ...(o.provenance ? { verdict: verdictOf(o.provenance, e.name) } : {}),
                run: (0,predicates/* runIdentity */.yK)(env),
                startedOn,
                finishedOn
            })
        });
    }
    return out;
}
/**
 * The hooks for publishImages: signatures, attestations and their withdrawal, through the Signer. A
 * signer that signs best all at once (a cosign process) signs every image in one call after the
 * uploads; any other signs each image as soon as it is uploaded, in the same referrers update as its
 * attestations when it can.
 */
function trustHooks(o) {
    const { signer } = o;
    const hooks = {
        withdraw: async (image) => await signer.withdraw(subjectOf(image))
    };
    const attestations = (image) => imageAttestations(o, o.evidence(image.name));
    if (o.sign && o.attest && !signer.signsAtOnce && signer.signAndAttest) {
        const both = signer.signAndAttest.bind(signer);
        hooks.signAndAttest = async (image) => await both(subjectOf(image), attestations(image));
        return hooks;
    }
    if (o.sign && signer.signsAtOnce)
        hooks.signMany = async (images) => await signer.sign(images.map(subjectOf));
    else if (o.sign)
        hooks.sign = async (image) => await signer.sign([subjectOf(image)]);
    if (o.attest)
        hooks.attest = async (image) => await signer.attest(subjectOf(image), attestations(image));
    return hooks;
}
/** What a vuln predicate adds from the run's verdict provenance, for one image. */
function verdictOf(provenance, image) {
    const mode = provenance.policy.modes[image];
    const applied = provenance.policy.applied?.[image];
    return {
        ...(mode ? { mode } : {}),
        ...(provenance.policy.scanner ? { scanner: provenance.policy.scanner } : {}),
        ...(provenance.policy.exceptions ? { exceptions: provenance.policy.exceptions } : {}),
        ...(applied && applied.length > 0 ? { applied } : {}),
        ...(provenance.policy.baseline ? { baseline: provenance.policy.baseline } : {}),
        ...(provenance.db.digest ? { dbDigest: provenance.db.digest } : {})
    };
}

// EXTERNAL MODULE: ./src/trust/setup.ts + 5 modules
var setup = __webpack_require__(18142);
// EXTERNAL MODULE: ./src/tools/install.ts + 1 modules
var install = __webpack_require__(36238);
// EXTERNAL MODULE: ./src/pipeline/scanner.ts + 2 modules
var scanner = __webpack_require__(77152);
;// CONCATENATED MODULE: ./src/pipeline/publish.ts
// The push of a run: the scanned layouts of the images the gate and the strategy allow, when push is on,
// through the two-phase publish (publish/publish.ts): every image uploaded by digest, signed and
// attested when asked, and only then the tags moved. The registry's digest must be the scanned one.














/** Images uploaded or tagged at once at least (the uploads wait on the registry, not on the cores). */
const UPLOADS = 4;
/** Trivy's default DB repository (what the vulnerability record names when `db-repository` is empty). */
const TRIVY_DB_REPOSITORY = 'ghcr.io/aquasecurity/trivy-db';
/** Publishes the scanned layouts, only those the gate and the strategy allow, only when push is on. */
async function publish_publish(ctx, images, verdict, scanner, 
/** What judged the verdict: named by every vuln attestation. */
provenance) {
    const { inputs } = ctx;
    const out = { pushed: new Map(), errors: new Map() };
    const attest = inputs.attest ?? inputs.sign;
    if (!inputs.push) {
        core/* info */.pq(`push is false: nothing is pushed${inputs.sign || attest ? ', signed or attested' : ''}`);
        return out;
    }
    if (cancel/* runCancellation */.pc.cancelled) {
        core/* info */.pq(`${cancel/* runCancellation */.pc.reason}: nothing is pushed`);
        return out;
    }
    const allowed = new Set((0,gate/* pushable */.Ny)(verdict, inputs['push-strategy']));
    const candidates = images.filter(i => allowed.has(i.plan.name) && i.layoutDir && i.digest);
    if (candidates.length === 0) {
        core/* info */.pq('the gate failed: nothing is pushed');
        return out;
    }
    const clientFor = timedClients(ctx.registry, (client, layoutDir, repo) => client.uploadLayout(layoutDir, repo));
    const toPublish = candidates.map(i => ({
        name: i.plan.name,
        repository: i.plan.repository,
        layoutDir: i.layoutDir,
        digest: i.digest,
        tags: i.plan.tags.map(t => t.tag)
    }));
    let signer;
    try {
        const hooks = inputs.sign || attest ? await trust(ctx, images, verdict, await scanner, attest, provenance) : undefined;
        signer = hooks?.signer;
        const result = await (0,publish/* publishImages */.YU)(toPublish, {
            strategy: inputs['push-strategy'],
            clientFor,
            concurrency: inputs['max-parallel'],
            // registry round trips, not CPU: at least UPLOADS images at once whatever the cores
            uploadConcurrency: Math.max(inputs['max-parallel'], UPLOADS),
            // bundles made in process wait on the registry (and Sigstore) too; cosign processes on the cores
            ...(signer && !signer.signsAtOnce
                ? { trustConcurrency: Math.max(inputs['max-parallel'], UPLOADS) }
                : {}),
            ...hooks?.hooks
        });
        out.result = result;
        out.signer = signer;
        core/* info */.pq((0,publish/* phaseLine */.Kl)(result));
        for (const line of (0,publish/* publishLines */.v2)(result))
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
        // before any upload: the key, the keyless identity, the tool could not be found
        const why = err instanceof Error ? err.message : String(err);
        for (const image of toPublish)
            out.errors.set(image.name, `${image.name}: nothing pushed: ${why}`);
    }
    finally {
        // the run's own Signer (made before the builds) is disposed by main.ts
        if (signer !== ctx.signer)
            signer?.dispose();
    }
    return out;
}
/**
 * The publish's registry verbs over a run's clients, phase 1 being `upload` (a layout's upload, or a
 * merge's index): the registry's time in the run's timings (signing is timed by timedHooks),
 * and after a cancellation no upload starts and no tag moves.
 */
function timedClients(registryFor, upload) {
    return repository => ({
        uploadLayout: async (layoutDir, repo) => {
            cancel/* runCancellation */.pc.throwIfCancelled(`the upload to ${repo}`);
            const start = Date.now();
            try {
                return await upload(registryFor(repository), layoutDir, repo);
            }
            finally {
                (0,exec/* recordTiming */.oo)('push', `upload ${repo}`, start);
            }
        },
        tag: async (repo, digest, tags) => {
            cancel/* runCancellation */.pc.throwIfCancelled(`the tags of ${repo}`);
            const start = Date.now();
            try {
                return await registryFor(repository).tag(repo, digest, tags);
            }
            finally {
                (0,exec/* recordTiming */.oo)('push', `tag ${repo}`, start);
            }
        }
    });
}
/** The run's Signer, and the evidence each image's attestations are made of. */
async function trust(ctx, images, verdict, scanner, attest, provenance) {
    const { plan } = ctx;
    return await prepareTrust({
        ...(ctx.signer ? { signer: ctx.signer } : {}),
        inputs: ctx.inputs,
        workspace: ctx.workspace,
        workDir: external_node_path_.join(ctx.files.work, '.trust'),
        clientFor: ctx.registry,
        repositories: images.map(i => i.plan.repository),
        attest,
        evidence: name => {
            const run = images.find(i => i.plan.name === name);
            if (!run)
                throw new Error(`${name}: no evidence for this image`);
            const platforms = run.outcome.scans.map(s => s.platform);
            const passed = verdict.images.find(v => v.name === name)?.passed ?? false;
            return imageEvidence(ctx.workspace, run.plan, passed, platforms.map(platform => {
                const spdx = ctx.files.sbomFile(name, plan.git.shortSha, platform, platforms.length, 'spdx-json');
                return {
                    platform,
                    reportFile: ctx.files.scanReport(name, platform),
                    spdxFile: run.sboms.some(s => s.file === spdx) ? spdx : undefined
                };
            }));
        },
        scanner: { trivyVersion: scanner.version.version, dbUpdatedAt: scanner.db.updatedAt ?? '' },
        provenance,
        commit: plan.git.sha,
        environment: plan.environment,
        startedOn: new Date(ctx.started)
    });
}
/** An image's evidence from its plan and Dockerfile (the base images as its FROM lines resolve). */
function imageEvidence(workspace, image, passed, platforms) {
    const dockerfile = external_node_fs_.readFileSync(external_node_path_.resolve(workspace, image.file), 'utf8');
    return {
        name: image.name,
        context: image.context,
        file: image.file,
        target: image.target,
        buildArgs: image.buildArgs,
        baseImages: (0,hardening_dockerfile/* checkBasePinned */.iM)(dockerfile, image.file, image.buildArgs)
            .filter(b => b.kind === 'image' && b.ref)
            .map(b => b.ref),
        passed,
        platforms
    };
}
async function installCosign(inputs) {
    const cache = new results/* ResultCache */.Ai((0,run_dir/* cacheDir */.e)('imagegate-tools'));
    return (await (0,install/* installTool */.Gn)((0,scanner.toolSpec)(inputs, 'cosign', inputs['cosign-version'], cache))).path;
}
/**
 * The Signer of a build run that will sign what it pushes, made before the first build: a key that does
 * not open, a public key given to sign, keyless without `id-token: write` are red before anything is
 * built, and the key is read once.
 */
async function runSigner(ctx) {
    return await (0,setup/* makeSigner */.zD)({
        inputs: ctx.inputs,
        workspace: ctx.workspace,
        workDir: external_node_path_.join(ctx.files.work, '.trust'),
        clientFor: ctx.registry,
        registries: (0,setup/* registriesOf */.Ho)(ctx.plan.images.map(i => i.repository)),
        cosign: async () => await installCosign(ctx.inputs)
    });
}
/** Who signs, in one log line. */
function signerLine(identity) {
    switch (identity.kind) {
        case 'key':
            return `signing in process with the key ${identity.who} (Sigstore bundles)`;
        case 'kms':
            return `signing with cosign and the KMS key ${identity.who} (cosign 2 signatures)`;
        case 'keyless':
            return `signing keyless as ${identity.who} (issuer ${identity.issuer ?? ''}; ${identity.transparency ?? ''})`;
    }
}
/** The run's Signer from the inputs, and the publish's sign/attest/withdraw hooks over it. */
async function prepareTrust(o) {
    const { inputs } = o;
    const signer = o.signer ??
        (await (0,setup/* makeSigner */.zD)({
            inputs,
            workspace: o.workspace,
            workDir: o.workDir,
            clientFor: o.clientFor,
            registries: (0,setup/* registriesOf */.Ho)(o.repositories),
            cosign: async () => await installCosign(inputs)
        }));
    core/* info */.pq(signerLine(signer.identity));
    const hooks = trustHooks({
        signer,
        sign: inputs.sign,
        attest: o.attest,
        evidence: o.evidence,
        scanner: {
            trivyVersion: o.scanner.trivyVersion,
            dbRepository: inputs['db-repository'] || TRIVY_DB_REPOSITORY,
            dbUpdatedAt: o.scanner.dbUpdatedAt
        },
        policy: {
            severities: inputs.severity,
            ignoreUnfixed: inputs['ignore-unfixed'],
            ignoreFiles: inputs.trivyignores
        },
        ...(o.provenance ? { provenance: o.provenance } : {}),
        commit: o.commit,
        environment: o.environment,
        startedOn: o.startedOn
    });
    return { signer, hooks: timedHooks(hooks) };
}
/** The trust hooks with their wall time in the run's timings (stage sign), as the registry's are. */
function timedHooks(hooks) {
    const timed = (label, fn) => fn &&
        (async (...args) => {
            cancel/* runCancellation */.pc.throwIfCancelled(label(...args));
            const start = Date.now();
            try {
                await fn(...args);
            }
            finally {
                (0,exec/* recordTiming */.oo)('sign', label(...args), start);
            }
        });
    return {
        ...(hooks.signMany
            ? { signMany: timed(images => `sign ${images.map(i => i.name).join(' ')}`, hooks.signMany) }
            : {}),
        ...(hooks.sign ? { sign: timed(image => `sign ${image.name}`, hooks.sign) } : {}),
        ...(hooks.attest ? { attest: timed(image => `attest ${image.name}`, hooks.attest) } : {}),
        ...(hooks.signAndAttest
            ? { signAndAttest: timed(image => `sign and attest ${image.name}`, hooks.signAndAttest) }
            : {}),
        ...(hooks.withdraw ? { withdraw: timed(image => `withdraw ${image.name}`, hooks.withdraw) } : {})
    };
}


/***/ }),

/***/ 13456:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kl: () => (/* binding */ phaseLine),
/* harmony export */   YU: () => (/* binding */ publishImages),
/* harmony export */   v2: () => (/* binding */ publishLines)
/* harmony export */ });
/* harmony import */ var _concurrency_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(81532);

const message = (err) => (err instanceof Error ? err.message : String(err));
/**
 * Publishes `images` (those the gate let through) in two phases; never throws for a registry failure.
 * Each image is signed and attested as soon as its own upload is through (while others still upload),
 * except signatures made all in one `signMany` call, which follow every upload; tags move only after
 * every upload, signature and attestation (with all-or-nothing, of every image) is through.
 */
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
    const uploadLimit = Math.max(1, opts.uploadConcurrency ?? opts.concurrency);
    const allOrNothing = opts.strategy === 'all-or-nothing';
    /** What failed, per image, in the order it failed (`upload`, `signing`, `attesting`). */
    const failures = [];
    const fail = (index, what, err) => {
        const r = results[index];
        r.errors.push(`${r.name}: ${what} failed: ${message(err)}`);
        failures.push({ index, what });
    };
    const uploaded = (i) => {
        const image = images[i];
        const r = results[i];
        return {
            name: image.name,
            repository: image.repository,
            digest: r.digest,
            ref: r.refs[0],
            mediaType: r.upload?.mediaType ?? '',
            size: r.upload?.size ?? 0,
            layoutDir: image.layoutDir
        };
    };
    const upload = async (i) => {
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
    };
    // phase 1, and each image's attestations as soon as its upload is through
    const { signMany, signAndAttest } = opts;
    const sign = signMany || signAndAttest ? undefined : opts.sign;
    const attest = signAndAttest ? undefined : opts.attest;
    const uploadSlots = new _concurrency_js__WEBPACK_IMPORTED_MODULE_0__/* .Semaphore */ .j(uploadLimit);
    const trustSlots = new _concurrency_js__WEBPACK_IMPORTED_MODULE_0__/* .Semaphore */ .j(Math.max(1, opts.trustConcurrency ?? limit));
    let trusted = false;
    const uploads = images.map(async (_, i) => {
        try {
            await uploadSlots.use(async () => await upload(i));
        }
        catch (err) {
            fail(i, 'upload', err);
            return false;
        }
        return true;
    });
    // each image signed and attested as soon as its own upload is through, while others still upload:
    // an image whose tags do not move then (another's upload failed, with all-or-nothing) has them taken
    // back below
    const trust = async (i, what, hook, done) => {
        trusted = true;
        try {
            await trustSlots.use(async () => await hook(uploaded(i)));
            done(results[i]);
        }
        catch (err) {
            fail(i, what, err);
        }
    };
    const attested = uploads.map(async (done, i) => {
        if (!(await done))
            return;
        const steps = [];
        if (signAndAttest) {
            steps.push(trust(i, 'signing and attesting', signAndAttest, r => {
                r.signed = true;
                r.attested = true;
            }));
        }
        if (attest)
            steps.push(trust(i, 'attesting', attest, r => (r.attested = true)));
        if (sign)
            steps.push(trust(i, 'signing', sign, r => (r.signed = true)));
        await Promise.all(steps);
    });
    // signatures made several at once (one cosign process: the key read once) wait for every upload
    const signed = (async () => {
        const done = await Promise.all(uploads);
        const going = images.map((_, i) => i).filter(i => done[i]);
        if (going.length === 0 || !signMany)
            return;
        // all-or-nothing: a failed upload means no tag will move; no signature on a digest of this publish
        if (allOrNothing && going.length < images.length)
            return;
        trusted = true;
        const one = async (i) => await signMany([uploaded(i)]);
        if (going.length > 1) {
            try {
                await signMany(going.map(uploaded));
                for (const i of going)
                    results[i].signed = true;
                return;
            }
            catch {
                // signed one by one below, so each image's failure is its own
            }
        }
        const settled = await (0,_concurrency_js__WEBPACK_IMPORTED_MODULE_0__/* .mapSettled */ .A)(going, limit, one);
        settled.forEach((s, k) => {
            const i = going[k];
            if (s.status === 'fulfilled')
                results[i].signed = true;
            else
                fail(i, 'signing', s.reason);
        });
    })();
    await Promise.all([...attested, signed]);
    // phase 2: tags, for the images through every phase (with all-or-nothing: only if all are)
    const failedImages = new Set(failures.map(f => f.index));
    if (failedImages.size > 0 && allOrNothing) {
        const byWhat = new Map();
        for (const f of failures) {
            const names = byWhat.get(f.what) ?? [];
            const name = results[f.index].name;
            if (!names.includes(name))
                names.push(name);
            byWhat.set(f.what, names);
        }
        const why = [...byWhat].map(([what, names]) => `${what} failed for ${names.join(', ')}`).join('; ');
        for (const [i, r] of results.entries()) {
            if (!failedImages.has(i))
                r.errors.push(`${r.name}: no tag moved: ${why} (all-or-nothing)`);
        }
    }
    const going = allOrNothing && failedImages.size > 0 ? [] : images.map((_, i) => i).filter(i => !failedImages.has(i));
    let phase = 'upload';
    if (going.length > 0) {
        phase = 'tag';
        await (0,_concurrency_js__WEBPACK_IMPORTED_MODULE_0__/* .mapSettled */ .A)(going, uploadLimit, async (i) => {
            const image = images[i];
            const r = results[i];
            let tagged;
            try {
                tagged = await opts.clientFor(image.repository).tag(image.repository, r.digest, image.tags);
            }
            catch (err) {
                r.errors.push(`${r.name}: tagging failed, no tag moved: ${message(err)}`);
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
    else if (trusted && !failures.some(f => f.what === 'upload')) {
        phase = 'sign';
    }
    // nothing left behind: an uploaded image none of whose tags moved keeps no signature or attestation
    if (trusted && opts.withdraw) {
        const withdraw = opts.withdraw;
        const untagged = images
            .map((image, i) => ({ image, i, r: results[i] }))
            .filter(({ image, r }) => r.digest && r.upload && image.tags.length > 0 && r.tagsMoved.length === 0);
        await (0,_concurrency_js__WEBPACK_IMPORTED_MODULE_0__/* .mapSettled */ .A)(untagged, uploadLimit, async ({ i, r }) => {
            try {
                await withdraw(uploaded(i));
                r.signed = false;
                r.attested = false;
            }
            catch (err) {
                r.errors.push(`${r.name}: its signatures and attestations could not be taken back: ${message(err)}`);
            }
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


/***/ })

};
