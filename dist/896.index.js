export const id = 896;
export const ids = [896];
export const modules = {

/***/ 86896:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lookUp: () => (/* binding */ lookUp),
  openStore: () => (/* binding */ openStore),
  short: () => (/* binding */ reuse_short)
});

// EXTERNAL MODULE: ./src/frames/digest.ts
var digest = __webpack_require__(2108);
// EXTERNAL MODULE: ./src/minimax/rules.ts
var rules = __webpack_require__(84852);
;// CONCATENATED MODULE: ./src/cache/fingerprint.ts
/**
 * A paid request's fingerprint: the SHA-256 of a canonical JSON of everything that changes what
 * MiniMax would make, so two runs that would pay for the same video agree on it. The API version,
 * the model, the exact prompt sent, each frame's bytes as sent (their hash, not their paths), the
 * resolution, the duration, the prompt optimizer (V1) or expansion (V2), the watermark, and `take`
 * (a new take of the same inputs is paid for again). Never the key, the base URL or the waiting settings.
 */


/** Bump when the canonical form changes: old records then simply stop matching. */
const FORM = 1;
async function fingerprint(job, take) {
    const api = (0,rules/* rulesOf */.fD)(job.model).api;
    const canonical = {
        form: FORM,
        api,
        model: job.model,
        prompt: job.prompt ?? null,
        first_frame: await (0,digest/* frameIdentity */.m4)(job.firstFrame),
        last_frame: await (0,digest/* frameIdentity */.m4)(job.lastFrame),
        resolution: job.resolution,
        duration: job.duration,
        // V2 ignores the prompt optimizer; its own setting is added only there, so V1 fingerprints stay as they were.
        prompt_optimizer: api === 'v1' ? job.promptOptimizer : null,
        ...(api === 'v2' ? { prompt_expansion: job.promptExpansion ?? null } : {}),
        aigc_watermark: job.aigcWatermark,
        take
    };
    // JSON.stringify keeps the key order written above: one fixed order is the canonical form.
    return (0,digest/* sha256 */.sc)(JSON.stringify(canonical));
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
;// CONCATENATED MODULE: ./src/cache/backend.ts
/** What the record store (store.ts) asks of where records live: a folder, or the GitHub Actions cache. */
/** The files of a recorded clip, as a backend hands them over. */
const FILE_RECORD = 'record.json';
const FILE_CLIP = 'clip.mp4';

;// CONCATENATED MODULE: ./src/cache/actions-cache.ts
/** The record store's backend in the GitHub Actions cache service, through @actions/cache. */



const TASK_KEY = 'minimax-video-task-';
const CLIP_KEY = 'minimax-video-clip-';
/**
 * Records in the GitHub Actions cache. Its keys are immutable, so each kind has its own key:
 * a clip is saved once under minimax-video-clip-<fp>; a task under minimax-video-task-<fp>-<time>
 * (a task that failed is followed by a newer one), looked up by prefix, newest first.
 *
 * @actions/cache archives paths relative to GITHUB_WORKSPACE and hashes the path list into the
 * entry's version, so each call gets its own folder in RUNNER_TEMP holding one fixed relative path
 * (`record` or `clip`), with GITHUB_WORKSPACE and the working directory pointed at it for the
 * call. The calls run one at a time for that reason (each takes tens of milliseconds).
 */
function actionsCacheBackend(runnerTemp) {
    let queue = Promise.resolve();
    const inFolder = (fn) => {
        const run = queue.then(async () => {
            const cache = await __webpack_require__.e(/* import() */ 131).then(__webpack_require__.bind(__webpack_require__, 57131));
            const root = await (0,promises_.mkdtemp)(external_node_path_default().join(runnerTemp, 'minimax-records-'));
            const workspace = process.env.GITHUB_WORKSPACE;
            const cwd = process.cwd();
            process.env.GITHUB_WORKSPACE = root;
            process.chdir(root);
            const failures = catchFailures();
            try {
                const result = await fn(root, cache);
                // @actions/cache reports a failed call as a warning of its own and returns a miss: it
                // becomes this store's one warning instead, and the store is not asked again.
                if (failures.seen[0])
                    throw new Error(failures.seen[0]);
                return result;
            }
            finally {
                failures.stop();
                process.chdir(cwd);
                if (workspace === undefined)
                    delete process.env.GITHUB_WORKSPACE;
                else
                    process.env.GITHUB_WORKSPACE = workspace;
                await (0,promises_.rm)(root, { recursive: true, force: true });
            }
        });
        queue = run.catch(() => undefined);
        return run;
    };
    return {
        name: 'the GitHub Actions cache',
        getTask: fingerprint => inFolder(async (root, cache) => {
            const prefix = `${TASK_KEY}${fingerprint}-`;
            const key = await cache.restoreCache(['record'], prefix);
            // A hit is ours only when its key is one of our task keys for this fingerprint.
            if (!key?.startsWith(prefix))
                return undefined;
            return (0,promises_.readFile)(external_node_path_default().join(root, 'record', FILE_RECORD), 'utf8');
        }),
        hasClip: fingerprint => inFolder(async (_root, cache) => {
            const key = `${CLIP_KEY}${fingerprint}`;
            return (await cache.restoreCache(['clip'], key, [], { lookupOnly: true })) === key;
        }),
        getClip: (fingerprint, into) => inFolder(async (root, cache) => {
            const key = `${CLIP_KEY}${fingerprint}`;
            if ((await cache.restoreCache(['clip'], key)) !== key)
                return false;
            await (0,promises_.copyFile)(external_node_path_default().join(root, 'clip', FILE_RECORD), external_node_path_default().join(into, FILE_RECORD));
            await (0,promises_.copyFile)(external_node_path_default().join(root, 'clip', FILE_CLIP), external_node_path_default().join(into, FILE_CLIP));
            return true;
        }),
        putTask: (fingerprint, text) => inFolder(async (root, cache) => {
            await (0,promises_.mkdir)(external_node_path_default().join(root, 'record'));
            await (0,promises_.writeFile)(external_node_path_default().join(root, 'record', FILE_RECORD), text);
            await cache.saveCache(['record'], `${TASK_KEY}${fingerprint}-${Date.now()}`);
        }),
        putClip: (fingerprint, text, file) => inFolder(async (root, cache) => {
            await (0,promises_.mkdir)(external_node_path_default().join(root, 'clip'));
            await (0,promises_.copyFile)(file, external_node_path_default().join(root, 'clip', FILE_CLIP));
            await (0,promises_.writeFile)(external_node_path_default().join(root, 'clip', FILE_RECORD), text);
            // -1 when the key exists already (another run saved this clip first): nothing lost.
            await cache.saveCache(['clip'], `${CLIP_KEY}${fingerprint}`);
        })
    };
}
/**
 * While a call runs, the "Failed to restore/save" warnings @actions/cache writes to stdout are
 * kept back (the calls run one at a time, so they are this call's); every other line passes.
 */
function catchFailures() {
    const seen = [];
    const write = process.stdout.write;
    process.stdout.write = function (chunk, ...rest) {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        const failure = /^::warning::(Failed to (?:restore|save): [^\n]*)/.exec(text)?.[1];
        if (failure) {
            // The first line of the message (core escapes line breaks as %0A).
            seen.push(failure.split('%0A')[0].replace(/%25/g, '%'));
            return true;
        }
        return write.call(this, chunk, ...rest);
    };
    return { seen, stop: () => void (process.stdout.write = write) };
}

;// CONCATENATED MODULE: ./src/cache/folder.ts
/** The record store's cache-dir backend: records as files in a folder of the workspace. */




/** Records in a folder: task-<fp>.json, clip-<fp>.json and clip-<fp>.mp4, each written atomically. */
function folderBackend(dir) {
    const at = (name) => external_node_path_default().join(dir, name);
    const write = async (name, data) => {
        await (0,promises_.mkdir)(dir, { recursive: true });
        const partial = at(`.${name}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`);
        await (0,promises_.writeFile)(partial, data);
        await (0,promises_.rename)(partial, at(name));
    };
    const exists = (name) => (0,promises_.stat)(at(name)).then(s => s.isFile(), () => false);
    const read = (name) => (0,promises_.readFile)(at(name), 'utf8').catch(() => undefined);
    return {
        name: `the folder ${dir} (cache-dir)`,
        getTask: fingerprint => read(`task-${fingerprint}.json`),
        hasClip: async (fingerprint) => (await exists(`clip-${fingerprint}.json`)) && (await exists(`clip-${fingerprint}.mp4`)),
        async getClip(fingerprint, into) {
            if (!(await this.hasClip(fingerprint)))
                return false;
            await (0,promises_.copyFile)(at(`clip-${fingerprint}.json`), external_node_path_default().join(into, FILE_RECORD));
            await (0,promises_.copyFile)(at(`clip-${fingerprint}.mp4`), external_node_path_default().join(into, FILE_CLIP));
            return true;
        },
        putTask: (fingerprint, text) => write(`task-${fingerprint}.json`, text),
        async putClip(fingerprint, text, file) {
            await (0,promises_.mkdir)(dir, { recursive: true });
            const partial = at(`.clip-${fingerprint}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.mp4`);
            await (0,promises_.copyFile)(file, partial);
            await (0,promises_.rename)(partial, at(`clip-${fingerprint}.mp4`));
            // The record last: a record always has its clip.
            await write(`clip-${fingerprint}.json`, text);
        }
    };
}

;// CONCATENATED MODULE: ./src/cache/store.ts
/**
 * Where records live across runs: a folder (cache-dir), or the GitHub Actions cache service
 * (@actions/cache, loaded only when a record is really looked up or saved). The store never fails
 * a run: every call has a deadline of a few seconds, and a slow, failing or unreachable service, a
 * corrupt or foreign record, or a save that loses a race is a warning (once) and a miss. After a
 * failure of the service itself, the store is not asked again in this run.
 */









/** The records' schema (zod) is loaded only when a store is used: a run without one never pays for it. */
const codec = () => Promise.all(/* import() */[__webpack_require__.e(395), __webpack_require__.e(996)]).then(__webpack_require__.bind(__webpack_require__, 51996));
/** How long a record lookup or save may take, and a clip's (it carries the video). */
const RECORD_DEADLINE_MS = 5_000;
const CLIP_DEADLINE_MS = 10_000;
class RecordStore {
    #backend;
    #log;
    #temp;
    #broken = false;
    #abandoned = false;
    constructor(backend, log, temp) {
        this.#backend = backend;
        this.#log = log;
        this.#temp = temp;
    }
    /** "the folder …" or "the GitHub Actions cache". */
    get name() {
        return this.#backend.name;
    }
    /** A call was left running at its deadline: the process must exit rather than wait for it. */
    get abandoned() {
        return this.#abandoned;
    }
    async lookup(fingerprint) {
        const [text, clip] = await Promise.all([
            this.#call('look up a task record', RECORD_DEADLINE_MS, () => this.#backend.getTask(fingerprint)),
            this.#call('look up a clip record', RECORD_DEADLINE_MS, () => this.#backend.hasClip(fingerprint))
        ]);
        const found = { clip: clip === true };
        if (text) {
            const decoded = (await codec()).decodeRecord(text, 'task', fingerprint);
            if ('record' in decoded)
                found.task = decoded.record;
            else
                this.#log.warning(`A task record in ${this.name} was ignored: ${decoded.reason}`);
        }
        return found;
    }
    /**
     * Put the recorded clip where `destinationFor` says (it may depend on the recorded task id),
     * checked against its record: the record and the path, or undefined.
     */
    async restoreClip(fingerprint, destinationFor) {
        const dir = await (0,promises_.mkdtemp)(external_node_path_default().join(this.#temp, 'minimax-clip-'));
        try {
            const got = await this.#call('restore a clip', CLIP_DEADLINE_MS, () => this.#backend.getClip(fingerprint, dir));
            if (!got)
                return undefined;
            const { decodeRecord } = await codec();
            const decoded = decodeRecord(await (0,promises_.readFile)(external_node_path_default().join(dir, FILE_RECORD), 'utf8'), 'clip', fingerprint);
            const file = external_node_path_default().join(dir, FILE_CLIP);
            const problem = 'reason' in decoded
                ? decoded.reason
                : (await (0,promises_.stat)(file)).size !== decoded.record.bytes || (await fileSha256(file)) !== decoded.record.sha256
                    ? 'the video is not the one recorded (its size or SHA-256 differ)'
                    : undefined;
            if (problem || !('record' in decoded)) {
                this.#log.warning(`A clip recorded in ${this.name} was ignored: ${problem}`);
                return undefined;
            }
            const destination = destinationFor(decoded.record);
            await (0,promises_.mkdir)(external_node_path_default().dirname(destination), { recursive: true });
            const partial = `${destination}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.part`;
            await (0,promises_.copyFile)(file, partial);
            await (0,promises_.rename)(partial, destination);
            return { record: decoded.record, path: destination };
        }
        catch (error) {
            this.#log.warning(`A clip recorded in ${this.name} could not be restored: ${(0,errors/* errorMessage */.gJ)(error)}`);
            return undefined;
        }
        finally {
            await (0,promises_.rm)(dir, { recursive: true, force: true });
        }
    }
    async saveTask(record) {
        await this.#call('save a task record', RECORD_DEADLINE_MS, async () => this.#backend.putTask(record.fingerprint, (await codec()).encodeRecord(record)));
    }
    async saveClip(record, file) {
        await this.#call('save a clip', CLIP_DEADLINE_MS, async () => this.#backend.putClip(record.fingerprint, (await codec()).encodeRecord(record), file));
    }
    /** One call with its deadline; a failure is a warning and a miss (undefined), never an error. */
    async #call(what, deadlineMs, work) {
        if (this.#broken)
            return undefined;
        let timer;
        const running = work();
        // A late rejection is ignored, never unhandled.
        running.catch(() => undefined);
        const late = new Promise(resolve => {
            timer = setTimeout(() => resolve('late'), deadlineMs);
        });
        try {
            const outcome = await Promise.race([running, late]);
            if (outcome === 'late') {
                this.#abandoned = true;
                this.#fail(`${this.name} did not ${what} within ${deadlineMs / 1000} s`);
                return undefined;
            }
            return outcome;
        }
        catch (error) {
            this.#fail(`${this.name} could not ${what}: ${(0,errors/* errorMessage */.gJ)(error)}`);
            return undefined;
        }
        finally {
            clearTimeout(timer);
        }
    }
    #fail(message) {
        if (this.#broken)
            return;
        this.#broken = true;
        this.#log.warning(`${message}. This run goes on without it: what it would have reused is paid for again.`);
    }
}
async function fileSha256(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(file))
        hash.update(chunk);
    return hash.digest('hex');
}
/**
 * The run's store: cache-dir when it is set, else the Actions cache when this run has one, else
 * none (one warning on a runner; a local run simply has none).
 */
function openRecordStore(options, env, log) {
    if (!options.cache)
        return undefined;
    const temp = env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
    if (options.cacheDir)
        return new RecordStore(folderBackend(external_node_path_default().resolve(options.workspace, options.cacheDir)), log, temp);
    if (env.ACTIONS_RESULTS_URL && env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_CACHE_SERVICE_V2 && env.RUNNER_TEMP) {
        return new RecordStore(actionsCacheBackend(env.RUNNER_TEMP), log, temp);
    }
    const message = 'cache is on, but this run has neither a cache-dir nor the GitHub Actions cache service (v2): nothing is ' +
        'recorded or reused, as with cache: false';
    if (env.GITHUB_ACTIONS === 'true')
        log.warning(message);
    else
        log.debug(message);
    return undefined;
}

;// CONCATENATED MODULE: ./src/cache/reuse.ts


/** The run's record store (cache-dir, the Actions cache, or none). */
function openStore(inputs, workspace, log) {
    return openRecordStore({ cache: inputs.cache, cacheDir: inputs.cacheDir, workspace }, process.env, log);
}
async function lookUp(clips, store, log) {
    const fingerprints = await Promise.all(clips.map(c => (c.job ? fingerprint(c.job, c.take) : undefined)));
    const distinct = [...new Set(fingerprints.filter((f) => f !== undefined))];
    const recorded = new Map();
    if (store) {
        const looked = await Promise.all(distinct.map(print => store.lookup(print)));
        distinct.forEach((print, i) => recorded.set(print, looked[i]));
        const clips = looked.filter(r => r.clip).length;
        const tasks = looked.filter(r => !r.clip && r.task).length;
        const paid = distinct.length - clips - tasks;
        log.info(`In ${store.name}: ${clips} video${clips === 1 ? '' : 's'} and ${tasks} task${tasks === 1 ? '' : 's'} ` +
            `from earlier runs with the same inputs; ${paid} to pay for.`);
    }
    return { fingerprints, recorded };
}
/** A fingerprint shortened for a log line (the whole one is in the outputs). */
const reuse_short = (fingerprint) => `${fingerprint.slice(0, 12)}...`;


/***/ }),

/***/ 2108:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m4: () => (/* binding */ frameIdentity),
/* harmony export */   sc: () => (/* binding */ sha256)
/* harmony export */ });
/* unused harmony export frameDigest */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(57975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_2__);
/**
 * The SHA-256 of a frame's bytes as they are sent (a file through the descriptor kept open since
 * its check, a data URL's decoded bytes), computed once per frame: a keyframe shared by two clips
 * is hashed once. A URL frame is identified by the bytes fetched from it, or by the URL itself when
 * it could not be fetched.
 */



const readAsync = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_1__.read);
const digests = new WeakMap();
const CHUNK = 1024 * 1024;
function frameDigest(frame) {
    let digest = digests.get(frame);
    if (!digest) {
        digest = frame.kind === 'data' ? Promise.resolve(sha256(frame.bytes)) : fileDigest(frame);
        digests.set(frame, digest);
    }
    return digest;
}
/** What identifies a frame in a fingerprint: its bytes' hash, or its URL. */
async function frameIdentity(frame) {
    if (!frame)
        return null;
    // A URL frame fetched before paying is identified by its bytes, like a file: an image replaced
    // at the same URL is another request.
    if (frame.kind === 'url')
        return frame.fetched ? { sha256: frame.fetched.sha256 } : { url: frame.url };
    return { sha256: await frameDigest(frame) };
}
const sha256 = (bytes) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex');
/** Exactly `size` bytes from the open descriptor (positioned reads: the file may be sent at the same time). */
async function fileDigest(frame) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1, frame.size)));
    for (let position = 0; position < frame.size;) {
        const { bytesRead } = await readAsync(frame.fd, buffer, 0, Math.min(buffer.length, frame.size - position), position);
        if (bytesRead === 0)
            throw new Error(`${frame.path} shrank while it was being hashed`);
        hash.update(buffer.subarray(0, bytesRead));
        position += bytesRead;
    }
    return hash.digest('hex');
}


/***/ })

};

//# sourceMappingURL=896.index.js.map