export const id = 250;
export const ids = [250];
export const modules = {

/***/ 5250:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lookUp: () => (/* binding */ lookUp),
  openStore: () => (/* binding */ openStore)
});

// EXTERNAL MODULE: ./src/frames/digest.ts
var digest = __webpack_require__(2108);
// EXTERNAL MODULE: ./src/minimax/api.ts
var minimax_api = __webpack_require__(4103);
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
    const api = (0,minimax_api/* traitsOf */.J)(job.model);
    const canonical = {
        form: FORM,
        api: api.name,
        model: job.model,
        prompt: job.prompt ?? null,
        first_frame: await (0,digest/* frameIdentity */.m4)(job.firstFrame),
        last_frame: await (0,digest/* frameIdentity */.m4)(job.lastFrame),
        resolution: job.resolution,
        duration: job.duration,
        // Each API's own settings (V1's prompt optimizer, V2's expansion), where V1's always stood.
        ...api.fingerprintSettings(job),
        aigc_watermark: job.aigcWatermark,
        take
    };
    // JSON.stringify keeps the key order written above: one fixed order is the canonical form.
    return (0,digest/* sha256 */.sc)(JSON.stringify(canonical));
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/cache/backend.ts
/** The files of a recorded clip, as a backend hands them over. */
const FILE_RECORD = 'record.json';
const FILE_CLIP = 'clip.mp4';
/** The records' schema (zod) is loaded only when a store is used: a run without one never pays for it. */
const codec = () => Promise.all(/* import() */[__webpack_require__.e(395), __webpack_require__.e(996)]).then(__webpack_require__.bind(__webpack_require__, 1996));
/** A backend call that did not give an answer. */
class CacheCallError extends Error {
    name = 'CacheCallError';
    reason;
    deadlineMs;
    detail;
    constructor(failure) {
        super(failure.reason === 'late'
            ? `no answer within ${failure.deadlineMs} ms`
            : failure.reason === 'closed'
                ? 'the record store is closed'
                : (failure.detail ?? 'failed'));
        this.reason = failure.reason;
        this.deadlineMs = failure.deadlineMs;
        this.detail = failure.detail;
    }
}
/** `work`, or a late CacheCallError once `ms` have passed (work that cannot be stopped is left to finish). */
async function withDeadline(ms, work) {
    let timer;
    // A late rejection is ignored, never unhandled.
    work.catch(() => undefined);
    const late = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new CacheCallError({ reason: 'late', deadlineMs: ms })), ms);
    });
    try {
        return await Promise.race([work, late]);
    }
    finally {
        clearTimeout(timer);
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
;// CONCATENATED MODULE: ./src/cache/worker-protocol.ts
/**
 * What the worker pool (worker-pool.ts) and its child processes (cache-worker.ts) say to each
 * other over the IPC channel. Nothing here loads @actions/cache: the action's process never does.
 */
/**
 * The line a worker writes to its stdout after each call: the parent has read the call's log (and
 * any failure in it) when it reads this line, whatever order the two channels arrive in.
 */
const DONE_MARK = '::minimax-cache-worker-done::';

;// CONCATENATED MODULE: ./src/cache/worker-pool.ts
/**
 * The child processes that make the @actions/cache calls (cache-worker.ts). A worker's working
 * directory, GITHUB_WORKSPACE and RUNNER_TEMP are its own, so the action's process never changes
 * its own while other clips download. A worker's stdout carries @actions/cache's log (::add-mask::
 * lines, signed URLs in debug lines): it is read for failure annotations only and never shown.
 * Answers come over the IPC channel.
 *
 * Deadlines count from when a call starts: a worker's start-up (until @actions/cache is loaded)
 * has one, and each call has one from the moment its worker starts it. Past it, the worker is
 * killed, so nothing of a late call keeps the run alive.
 */






/**
 * The worker beside this module: its bundle (dist/cache-worker/index.js, next to the chunk this
 * module is in), or, when the action runs from src/ (npm run local, the tests), its source with
 * the hooks that let Node run src/ directly.
 */
function workerScript() {
    const here = external_node_path_default().dirname((0,external_node_url_.fileURLToPath)(import.meta.url));
    if (!import.meta.url.endsWith('.ts'))
        return { file: external_node_path_default().join(here, 'cache-worker', 'index.js'), execArgv: [] };
    const hooks = (0,external_node_url_.pathToFileURL)(external_node_path_default().join(here, '..', '..', 'scripts', 'source-hooks.ts')).href;
    return { file: external_node_path_default().join(here, 'cache-worker.ts'), execArgv: ['--import', hooks] };
}
/**
 * What a worker inherits: the action's environment without the step's inputs (the MiniMax key is
 * one) and without the files through which a step changes the job (outputs, env, path, state).
 */
function workerEnv(env) {
    const stepFiles = new Set(['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']);
    return Object.fromEntries(Object.entries(env).filter(([name]) => !/^INPUT_/i.test(name) && !stepFiles.has(name)));
}
/** How long a worker with nothing to do waits for another call before it ends. */
const IDLE_MS = 1000;
class WorkerPool {
    #options;
    #env;
    #workers = new Set();
    /** Every folder's use, so close() can wait until each is removed. */
    #uses = new Set();
    /** V8's compile cache, shared by the workers: each after the first starts about a quarter faster. */
    #compileCache;
    /** Batches waiting for a slot (false: closed). */
    #waiting = [];
    /** Single calls waiting for a worker. */
    #queue = [];
    /** Lanes whose worker is up and waiting for a call (false: end instead). */
    #idle = [];
    #busy = 0;
    #closed = false;
    constructor(options) {
        this.#options = options;
        this.#env = workerEnv(options.env);
    }
    /** `use` gets fresh folders for a call, removed when it is done. */
    inFolder(use) {
        const work = (async () => {
            const root = await (0,promises_.mkdtemp)(external_node_path_default().join(this.#options.temp, 'minimax-cache-'));
            try {
                const folder = { workspace: external_node_path_default().join(root, 'workspace'), temp: external_node_path_default().join(root, 'temp') };
                await (0,promises_.mkdir)(folder.workspace);
                await (0,promises_.mkdir)(folder.temp);
                return await use(folder);
            }
            finally {
                await (0,promises_.rm)(root, { recursive: true, force: true });
            }
        })();
        this.#uses.add(work);
        void work.then(() => this.#uses.delete(work), () => this.#uses.delete(work));
        return work;
    }
    /**
     * `ops` in one worker of their own, started in `folder`, `concurrency` at a time: their answers,
     * in order. Rejects with a CacheCallError; what `onValue` heard before it stands.
     */
    async run(folder, ops, options) {
        if (!(await this.#slot()))
            throw new CacheCallError({ reason: 'closed' });
        let worker;
        try {
            worker = await this.#start(folder, options.deadlineMs);
            const calls = ops.map(op => ({ op, deadlineMs: options.deadlineMs }));
            const { values, failure } = await worker.request(calls, options.concurrency ?? 1, options.onValue);
            if (failure)
                throw failure;
            return values;
        }
        finally {
            // Its folder is removed next: the worker is gone first.
            await worker?.end();
            this.#release();
        }
    }
    /**
     * One call in `folder`. Calls share workers, one call at a time in each: a worker takes the next
     * waiting call when it is done with one (a worker costs about 0.15 s of CPU to start; on a
     * runner's two cores, that, not the service, is what a storyboard's restores would wait for).
     * Its deadline counts from when its worker starts it, not from when it was queued.
     */
    call(folder, op, deadlineMs) {
        if (this.#closed)
            return Promise.reject(new CacheCallError({ reason: 'closed' }));
        return new Promise((resolve, reject) => {
            this.#queue.push({ op: { ...op, folder }, deadlineMs, resolve, reject });
            const idle = this.#idle.shift();
            if (idle)
                idle(true);
            else
                this.#kick();
        });
    }
    /**
     * Start up to `count` workers for calls about to come (a lookup found clips to restore): they
     * load @actions/cache while the lookups finish. A worker with nothing to do ends after IDLE_MS.
     */
    prewarm(count, deadlineMs) {
        for (let i = 0; i < count && this.#busy < this.#options.max && !this.#closed; i++) {
            this.#busy++;
            void this.#lane(undefined, deadlineMs);
        }
    }
    /** Kill every worker still running, refuse new calls, and wait until every folder is removed. */
    async close() {
        this.#closed = true;
        for (const wake of this.#waiting.splice(0))
            wake(false);
        for (const idle of this.#idle.splice(0))
            idle(false);
        for (const queued of this.#queue.splice(0))
            queued.reject(new CacheCallError({ reason: 'closed' }));
        for (const worker of this.#workers)
            worker.kill();
        await Promise.allSettled([...this.#uses, ...[...this.#workers].map(w => w.closed)]);
        const compiled = await this.#compileCache?.catch(() => undefined);
        if (compiled)
            await (0,promises_.rm)(compiled, { recursive: true, force: true });
    }
    async #slot() {
        if (this.#closed)
            return false;
        if (this.#busy < this.#options.max) {
            this.#busy++;
            return true;
        }
        // Idle workers make way.
        for (const idle of this.#idle.splice(0))
            idle(false);
        const ok = await new Promise(resolve => this.#waiting.push(resolve));
        if (ok)
            this.#busy++;
        return ok;
    }
    #release() {
        this.#busy--;
        const batch = this.#waiting.shift();
        if (batch)
            batch(true);
        else
            this.#kick();
    }
    #kick() {
        while (this.#queue.length > 0 && this.#busy < this.#options.max && !this.#closed) {
            this.#busy++;
            void this.#lane(this.#queue.shift());
        }
    }
    /**
     * One worker taking waiting calls one after another, and waiting IDLE_MS for more when there are
     * none (a storyboard's saves come one by one); a killed worker is replaced at the next call.
     */
    async #lane(first, deadlineMs = first?.deadlineMs ?? 0) {
        const home = { workspace: this.#options.temp, temp: this.#options.temp };
        let worker;
        try {
            if (!first)
                worker = await this.#start(home, deadlineMs);
            for (let queued = first ?? (await this.#next()); queued; queued = await this.#next()) {
                try {
                    if (worker?.dead)
                        worker = undefined;
                    worker ??= await this.#start(home, queued.deadlineMs);
                    const { values, failure } = await worker.request([queued], 1);
                    if (failure)
                        queued.reject(failure);
                    else
                        queued.resolve(values[0]);
                }
                catch (error) {
                    queued.reject(asCallError(error));
                }
            }
        }
        catch {
            // A worker that could not start for no call: the next call starts its own.
        }
        finally {
            void worker?.end();
            this.#release();
        }
    }
    /** The next waiting call, or, after IDLE_MS without one (or when a batch needs the slot), none. */
    async #next() {
        const queued = this.#queue.shift();
        if (queued || this.#closed || this.#waiting.length > 0)
            return queued;
        const take = await new Promise(resolve => {
            const wake = (take) => {
                clearTimeout(timer);
                resolve(take);
            };
            const timer = setTimeout(() => {
                this.#idle = this.#idle.filter(w => w !== wake);
                resolve(false);
            }, IDLE_MS);
            this.#idle.push(wake);
        });
        return take ? this.#next() : undefined;
    }
    async #start(folder, deadlineMs) {
        this.#compileCache ??= (0,promises_.mkdtemp)(external_node_path_default().join(this.#options.temp, 'minimax-cache-code-'));
        const compileCache = await this.#compileCache;
        if (this.#closed)
            throw new CacheCallError({ reason: 'closed' });
        const { script } = this.#options;
        const child = (0,external_node_child_process_.fork)(script.file, [], {
            cwd: folder.workspace,
            env: {
                ...this.#env,
                GITHUB_WORKSPACE: folder.workspace,
                RUNNER_TEMP: folder.temp,
                NODE_COMPILE_CACHE: compileCache
            },
            execArgv: script.execArgv,
            stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
            serialization: 'json'
        });
        const worker = new Worker(child, deadlineMs);
        this.#workers.add(worker);
        void worker.closed.then(() => this.#workers.delete(worker));
        return worker;
    }
}
const asCallError = (error) => error instanceof CacheCallError
    ? error
    : new CacheCallError({ reason: 'failed', detail: error instanceof Error ? error.message : String(error) });
/** One child process: its requests one at a time, its deadlines, and what its log says went wrong. */
class Worker {
    closed;
    #child;
    #timers = new Map();
    #log;
    #pending;
    /** Why it can take no more requests (killed, or ended). */
    #dead;
    constructor(child, startupMs) {
        this.#child = child;
        this.#log = new WorkerLog(index => this.#settle(`mark ${index}`));
        this.#arm(-1, startupMs);
        child.stdout.setEncoding('utf8').on('data', (chunk) => this.#log.stdout(chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk) => this.#log.stderr(chunk));
        child.on('message', (message) => this.#message(message));
        this.closed = new Promise(resolve => {
            const end = (code, signal) => {
                for (const timer of this.#timers.values())
                    clearTimeout(timer);
                this.#log.flush();
                this.#dead ??= this.#crashed(code, signal);
                this.#finish(this.#dead);
                resolve();
            };
            child.on('close', end);
            child.on('error', error => {
                this.#dead ??= new CacheCallError({ reason: 'failed', detail: error.message });
                // A worker that never started has no 'close' to wait for.
                if (child.pid === undefined)
                    end(null, null);
            });
        });
    }
    get dead() {
        return this.#dead !== undefined;
    }
    /** Run `calls`, `concurrency` at a time. */
    request(calls, concurrency, onValue) {
        if (this.#dead)
            return Promise.resolve({ values: [], failure: this.#dead });
        return new Promise(finish => {
            this.#pending = {
                values: calls.map(() => null),
                left: new Set(calls.flatMap((_, i) => [`answer ${i}`, `mark ${i}`])),
                deadlines: calls.map(c => c.deadlineMs),
                onValue,
                finish
            };
            const request = { ops: calls.map(c => c.op), concurrency };
            this.#child.send(request, error => error && this.#kill(new CacheCallError({ reason: 'failed', detail: error.message })));
        });
    }
    /** No more requests: the worker exits (it is killed if it has not within a second). */
    end() {
        // A message, not disconnect(): after a disconnect from this side, node never emits 'close'.
        if (this.#child.connected)
            this.#child.send('end', () => undefined);
        const timer = setTimeout(() => this.#child.kill('SIGKILL'), 1000);
        return this.closed.finally(() => clearTimeout(timer));
    }
    kill() {
        this.#kill(new CacheCallError({ reason: 'closed' }));
    }
    #kill(failure) {
        this.#dead ??= failure;
        this.#child.kill('SIGKILL');
    }
    #message(message) {
        if (message.type === 'ready')
            return this.#disarm(-1);
        const pending = this.#pending;
        if (!pending)
            return;
        if (message.type === 'start')
            return this.#arm(message.index, pending.deadlines[message.index]);
        this.#disarm(message.index);
        if (message.type === 'threw')
            pending.failure ??= new CacheCallError({ reason: 'failed', detail: message.message });
        else {
            pending.values[message.index] = message.value;
            pending.onValue?.(message.index, message.value);
        }
        this.#settle(`answer ${message.index}`);
    }
    #settle(what) {
        const pending = this.#pending;
        if (!pending)
            return;
        pending.left.delete(what);
        if (pending.left.size === 0)
            this.#finish(undefined);
    }
    /** The request is over: every op answered and marked, or the worker is gone. */
    #finish(dead) {
        const pending = this.#pending;
        if (!pending)
            return;
        this.#pending = undefined;
        const logged = this.#log.takeFailure();
        const failure = dead ?? pending.failure ?? (logged ? new CacheCallError({ reason: 'failed', detail: logged }) : undefined);
        pending.finish({ values: pending.values, ...(failure ? { failure } : {}) });
    }
    /** Why a worker ended: its last words on stderr, if it ended in the middle of a request. */
    #crashed(code, signal) {
        const how = signal ? `was ended by ${signal}` : `exited with code ${code}`;
        const said = this.#pending ? this.#log.lastError() : undefined;
        return new CacheCallError({ reason: 'failed', detail: `its worker ${how}${said ? ` (${said})` : ''}` });
    }
    #arm(index, deadlineMs) {
        const late = () => this.#kill(new CacheCallError({ reason: 'late', deadlineMs }));
        this.#timers.set(index, setTimeout(late, deadlineMs));
    }
    #disarm(index) {
        clearTimeout(this.#timers.get(index));
        this.#timers.delete(index);
    }
}
/** Decoded as @actions/core encodes a command's message. */
const worker_pool_unescape = (s) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
/**
 * A worker's log, read line by line: the values it asked the runner to mask, the first warning or
 * error annotation since the last request (@actions/cache reports each failed call with one, e.g.
 * "Failed to restore: ..."), masked values replaced by ***, and the worker's mark after each call.
 * The rest is dropped.
 */
class WorkerLog {
    #masks = new Set();
    #marked;
    #partial = '';
    #failure;
    #stderr = '';
    constructor(marked) {
        this.#marked = marked;
    }
    stdout(chunk) {
        const lines = (this.#partial + chunk).split('\n');
        // A line too long to be an annotation worth keeping (debug output) is not kept whole.
        this.#partial = lines.pop().slice(-65_536);
        for (const line of lines)
            this.#line(line.replace(/\r$/, ''));
    }
    stderr(chunk) {
        this.#stderr = (this.#stderr + chunk).slice(-4096);
    }
    flush() {
        if (this.#partial)
            this.#line(this.#partial);
        this.#partial = '';
    }
    /** The failure logged since the last time it was taken (masked), if any. */
    takeFailure() {
        const failure = this.#failure;
        this.#failure = undefined;
        return failure === undefined ? undefined : this.#masked(failure);
    }
    /** The last line the worker wrote to stderr (a crash's message), masked. */
    lastError() {
        const last = this.#stderr.trim().split('\n').pop()?.trim();
        return last ? this.#masked(last).slice(0, 300) : undefined;
    }
    #line(line) {
        const mark = line.startsWith(DONE_MARK) ? Number(line.slice(DONE_MARK.length)) : undefined;
        if (mark !== undefined)
            return this.#marked(mark);
        const mask = /^::add-mask::(.+)$/.exec(line)?.[1];
        if (mask)
            this.#masks.add(worker_pool_unescape(mask));
        const annotation = /^::(?:warning|error)(?: [^:]*)?::(.*)$/.exec(line)?.[1];
        if (annotation !== undefined && this.#failure === undefined) {
            this.#failure = worker_pool_unescape(annotation).split('\n')[0].slice(0, 1000);
        }
    }
    #masked(text) {
        let out = text;
        for (const mask of this.#masks)
            out = out.split(mask).join('***');
        return out;
    }
}

;// CONCATENATED MODULE: ./src/cache/actions-cache.ts
/**
 * Records in the GitHub Actions cache, through @actions/cache in child processes (worker-pool.ts).
 * Its keys are immutable and a lookup can answer with the matched key alone (lookupOnly: no
 * download), so each kind of record has its own key and a task's key says what a lookup needs:
 *
 *   minimax-video-clip-<fp>                      the clip: record.json and clip.mp4 under `clip/`
 *   minimax-video-task-<fp>-<ms>-<task id|lost>  the task (or that its submit's answer was lost,
 *                                                and when), the whole record under `record/`
 *
 * A task that failed is followed by a newer key; a lookup by the prefix gets the newest. Keys of
 * the earlier form (minimax-video-task-<fp>-<ms>, before the key carried the task) and lost
 * answers (for their message) are read from the entry's content: a download of a few hundred
 * bytes, rare, in a worker of its own.
 *
 * The paths are part of an entry's version, so they are fixed relative paths (`record`, `clip`)
 * in each worker's own workspace.
 */




const TASK_KEY = 'minimax-video-task-';
const CLIP_KEY = 'minimax-video-clip-';
const TASK_PATHS = ['record'];
const CLIP_PATHS = ['clip'];
function actionsCacheBackend(runnerTemp, env, options = {}) {
    const workers = options.workers ?? 6;
    const pool = new WorkerPool({ script: options.script ?? workerScript(), env, temp: runnerTemp, max: workers });
    const lookupsAtOnce = options.lookupsAtOnce ?? 40;
    return {
        name: 'the GitHub Actions cache',
        lookupAll: (fingerprints, deadlineMs, answer) => lookupAll(pool, fingerprints, { deadlineMs, lookupsAtOnce, workers }, answer),
        getClip: (fingerprint, into, deadlineMs) => pool.inFolder(async (folder) => {
            const key = `${CLIP_KEY}${fingerprint}`;
            if ((await pool.call(folder, { kind: 'restore', paths: CLIP_PATHS, key }, deadlineMs)) !== key)
                return false;
            const from = external_node_path_default().join(folder.workspace, 'clip');
            await (0,promises_.copyFile)(external_node_path_default().join(from, FILE_RECORD), external_node_path_default().join(into, FILE_RECORD));
            await (0,promises_.copyFile)(external_node_path_default().join(from, FILE_CLIP), external_node_path_default().join(into, FILE_CLIP));
            return true;
        }),
        putTask: (record, text, deadlineMs) => pool.inFolder(async (folder) => {
            await (0,promises_.mkdir)(external_node_path_default().join(folder.workspace, 'record'));
            await (0,promises_.writeFile)(external_node_path_default().join(folder.workspace, 'record', FILE_RECORD), text);
            await pool.call(folder, { kind: 'save', paths: TASK_PATHS, key: taskKey(record) }, deadlineMs);
        }),
        putClip: (fingerprint, text, file, deadlineMs) => pool.inFolder(async (folder) => {
            const into = external_node_path_default().join(folder.workspace, 'clip');
            await (0,promises_.mkdir)(into);
            await (0,promises_.copyFile)(file, external_node_path_default().join(into, FILE_CLIP));
            await (0,promises_.writeFile)(external_node_path_default().join(into, FILE_RECORD), text);
            // -1 when the key exists already (another run saved this clip first): nothing lost.
            await pool.call(folder, { kind: 'save', paths: CLIP_PATHS, key: `${CLIP_KEY}${fingerprint}` }, deadlineMs);
        }),
        close: () => pool.close()
    };
}
/** The task's key: its fingerprint, when it was made (ms), and its id, or `lost`. */
function taskKey(record) {
    const ms = Date.parse(record.createdAt);
    return `${TASK_KEY}${record.fingerprint}-${Number.isNaN(ms) ? Date.now() : ms}-${record.taskId ?? 'lost'}`;
}
/** The record a task key says (`earlier`: a key of the earlier form, whose record is in the content only). */
function parseTaskKey(key, fingerprint) {
    const parts = /^minimax-video-task-([0-9a-f]{64})-(\d{1,15})(?:-(\d{1,20}|lost))?$/.exec(key);
    if (!parts || parts[1] !== fingerprint)
        return { reason: `its key (${key.slice(0, 120)}) is not one of this action's` };
    if (parts[3] === undefined)
        return 'earlier';
    const createdAt = new Date(Number(parts[2])).toISOString();
    const record = { kind: 'task', fingerprint, createdAt };
    if (parts[3] !== 'lost')
        record.taskId = parts[3];
    return { record };
}
/**
 * Every fingerprint's task and clip, looked up in one worker (lookupsAtOnce at a time), each
 * answered as it comes; then the contents of the task entries whose key does not say it all.
 */
async function lookupAll(pool, fingerprints, options, answer) {
    const ops = fingerprints.flatMap((fingerprint) => [
        { kind: 'lookup', paths: TASK_PATHS, key: `${TASK_KEY}${fingerprint}-` },
        { kind: 'lookup', paths: CLIP_PATHS, key: `${CLIP_KEY}${fingerprint}` }
    ]);
    const contents = [];
    let warmed = 0;
    const onValue = (op, value) => {
        const index = op >> 1;
        const fingerprint = fingerprints[index];
        const clip = op % 2 === 1 && value === `${CLIP_KEY}${fingerprint}`;
        // A recorded clip is restored next (when the run waits for videos): a worker for it starts
        // now, while the lookups finish; one that gets nothing to do ends by itself.
        if (clip && warmed < options.workers - 1) {
            warmed++;
            pool.prewarm(1, options.deadlineMs);
        }
        if (op % 2 === 1)
            return answer(index, { clip });
        if (typeof value !== 'string')
            return;
        const task = parseTaskKey(value, fingerprint);
        const lost = task !== 'earlier' && 'record' in task && !task.record.taskId;
        if (task === 'earlier' || lost)
            contents.push({ index, key: value, lost });
        // A lost answer is answered from its key at once: its message below is a detail, the block is not.
        if (task !== 'earlier')
            answer(index, { task });
    };
    await pool.inFolder(folder => pool.run(folder, ops, { deadlineMs: options.deadlineMs, concurrency: options.lookupsAtOnce, onValue }));
    await Promise.all(contents.map(async ({ index, key, lost }) => {
        const task = await taskContent(pool, key, fingerprints[index], options.deadlineMs);
        // For a lost answer the content only adds its message: it counts if it says the same.
        if (task && (!lost || ('record' in task && !task.record.taskId)))
            answer(index, { task });
    }));
}
/** The record in a task entry's content (undefined: there is none). */
async function taskContent(pool, key, fingerprint, deadlineMs) {
    return pool.inFolder(async (folder) => {
        if ((await pool.call(folder, { kind: 'restore', paths: TASK_PATHS, key }, deadlineMs)) !== key)
            return undefined;
        const text = await (0,promises_.readFile)(external_node_path_default().join(folder.workspace, 'record', FILE_RECORD), 'utf8').catch(() => undefined);
        if (text === undefined)
            return { reason: 'its entry holds no record' };
        return (await codec()).decodeRecord(text, 'task', fingerprint);
    });
}

;// CONCATENATED MODULE: ./src/cache/folder.ts
/** The record store's cache-dir backend: records as files in a folder of the workspace. */




/**
 * Records in a folder: task-<fp>.json, clip-<fp>.json and clip-<fp>.mp4, each written atomically.
 * File calls cannot be stopped: past its deadline one is left to finish, and its answer is ignored.
 */
function folderBackend(dir) {
    let closed = false;
    const at = (name) => external_node_path_default().join(dir, name);
    const write = async (name, data) => {
        await (0,promises_.mkdir)(dir, { recursive: true });
        const partial = at(`.${name}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`);
        await (0,promises_.writeFile)(partial, data);
        await (0,promises_.rename)(partial, at(name));
    };
    const exists = (name) => (0,promises_.stat)(at(name)).then(s => s.isFile(), () => false);
    const read = (name) => (0,promises_.readFile)(at(name), 'utf8').catch(() => undefined);
    const hasClip = async (fingerprint) => (await exists(`clip-${fingerprint}.json`)) && (await exists(`clip-${fingerprint}.mp4`));
    const call = (deadlineMs, work) => closed ? Promise.reject(new CacheCallError({ reason: 'closed' })) : withDeadline(deadlineMs, work());
    return {
        name: `the folder ${dir} (cache-dir)`,
        lookupAll: (fingerprints, deadlineMs, answer) => call(deadlineMs, async () => {
            const { decodeRecord } = await codec();
            await Promise.all(fingerprints.map(async (fingerprint, i) => {
                const [text, clip] = await Promise.all([read(`task-${fingerprint}.json`), hasClip(fingerprint)]);
                answer(i, { clip, ...(text === undefined ? {} : { task: decodeRecord(text, 'task', fingerprint) }) });
            }));
        }),
        getClip: (fingerprint, into, deadlineMs) => call(deadlineMs, async () => {
            if (!(await hasClip(fingerprint)))
                return false;
            await (0,promises_.copyFile)(at(`clip-${fingerprint}.json`), external_node_path_default().join(into, FILE_RECORD));
            await (0,promises_.copyFile)(at(`clip-${fingerprint}.mp4`), external_node_path_default().join(into, FILE_CLIP));
            return true;
        }),
        putTask: (record, text, deadlineMs) => call(deadlineMs, () => write(`task-${record.fingerprint}.json`, text)),
        putClip: (fingerprint, text, file, deadlineMs) => call(deadlineMs, async () => {
            await (0,promises_.mkdir)(dir, { recursive: true });
            const partial = at(`.clip-${fingerprint}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.mp4`);
            await (0,promises_.copyFile)(file, partial);
            await (0,promises_.rename)(partial, at(`clip-${fingerprint}.mp4`));
            // The record last: a record always has its clip.
            await write(`clip-${fingerprint}.json`, text);
        }),
        close: async () => {
            closed = true;
        }
    };
}

;// CONCATENATED MODULE: ./src/cache/store.ts
/**
 * Where records live across runs: a folder (cache-dir), or the GitHub Actions cache service
 * (@actions/cache, in child processes: actions-cache.ts). The store never fails a run: every call
 * has a deadline of a few seconds from when it starts, and a slow, failing or unreachable
 * service, a corrupt or foreign record, or a save that loses a race is a warning (once) and a
 * miss. After a failure of the service itself, the store is not asked again in this run.
 */









/** How long a record lookup or save may take, and a clip's (it carries the video). */
const RECORD_DEADLINE_MS = 5_000;
const CLIP_DEADLINE_MS = 10_000;
class RecordStore {
    #backend;
    #log;
    #temp;
    #deadlines;
    #time = { calls: 0, running: 0, since: 0, busyMs: 0 };
    /**
     * After a failure of the service itself, that kind of call is not made again this run: a failed
     * lookup stops lookups (a slow or broken service costs time, not more failures), a failed save
     * stops saves. One never stops the other: a late lookup must not keep this run's paid tasks
     * from being recorded.
     */
    #broken = { lookup: false, save: false };
    #closing;
    constructor(backend, log, temp, options = {}) {
        this.#backend = backend;
        this.#log = log;
        this.#temp = temp;
        this.#deadlines = {
            record: options.recordDeadlineMs ?? RECORD_DEADLINE_MS,
            clip: options.clipDeadlineMs ?? CLIP_DEADLINE_MS
        };
    }
    /** "the folder …" or "the GitHub Actions cache". */
    get name() {
        return this.#backend.name;
    }
    /**
     * What earlier runs recorded for each fingerprint, in the order given, in one call (the Actions
     * cache: one worker, its lookups concurrent, no download). What was answered before a failure
     * or the deadline is kept: a slow cache costs time, never a task paid again that it had found.
     */
    async lookupAll(fingerprints) {
        const unique = [...new Set(fingerprints)];
        const answers = unique.map(() => ({}));
        if (unique.length > 0) {
            let open = true;
            await this.#call('lookup', `look up ${unique.length * 2} records`, this.#deadlines.record, deadlineMs => this.#backend.lookupAll(unique, deadlineMs, (i, found) => {
                if (open)
                    Object.assign(answers[i], found);
            }));
            open = false;
        }
        const found = new Map(unique.map((fingerprint, i) => [fingerprint, this.#found(answers[i])]));
        return fingerprints.map(fingerprint => found.get(fingerprint));
    }
    #found(answer) {
        const { task } = answer;
        if (task && 'reason' in task)
            this.#log.warning(`A task record in ${this.name} was ignored: ${task.reason}`);
        return task && 'record' in task ? { task: task.record, clip: answer.clip === true } : { clip: answer.clip === true };
    }
    /**
     * Put the recorded clip where `destinationFor` says (it may depend on the recorded task id),
     * checked against its record: the record and the path, or undefined.
     */
    async restoreClip(fingerprint, destinationFor) {
        const dir = await (0,promises_.mkdtemp)(external_node_path_default().join(this.#temp, 'minimax-clip-'));
        try {
            const got = await this.#call('lookup', 'restore a clip', this.#deadlines.clip, deadlineMs => this.#backend.getClip(fingerprint, dir, deadlineMs));
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
            try {
                await (0,promises_.copyFile)(file, partial);
                await (0,promises_.rename)(partial, destination);
            }
            catch (error) {
                await (0,promises_.rm)(partial, { force: true });
                throw error;
            }
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
    /** A task's record: tried again after a quick failure (it is what keeps a re-run from paying for this task again). */
    async saveTask(record) {
        const text = (await codec()).encodeRecord(record);
        await this.#call('save', 'save a task record', this.#deadlines.record, deadlineMs => this.#backend.putTask(record, text, deadlineMs), true);
    }
    async saveClip(record, file) {
        const text = (await codec()).encodeRecord(record);
        await this.#call('save', 'save a clip', this.#deadlines.clip, deadlineMs => this.#backend.putClip(record.fingerprint, text, file, deadlineMs));
    }
    /**
     * End every call still running (the Actions cache: kill its workers) and wait for their files
     * to be removed; later calls are misses, without a warning. Idempotent. Logs (debug) the time
     * the run spent with at least one cache call running.
     */
    close() {
        this.#closing ??= this.#backend.close().then(() => {
            const { calls, busyMs } = this.#time;
            const n = `${calls} call${calls === 1 ? '' : 's'}`;
            if (calls > 0)
                this.#log.debug(`${this.name}: ${n}, ${Math.round(busyMs)} ms in cache calls`);
        });
        return this.#closing;
    }
    /**
     * One call with its deadline; a failure is a warning and a miss (undefined), never an error.
     * `again`: a quick failure is tried once more (one that took half the deadline says the service
     * is down or slow, and a second try would only make the run wait as long again).
     */
    async #call(kind, what, deadlineMs, work, again = false) {
        if (this.#broken[kind] || this.#closing)
            return undefined;
        this.#started();
        const started = performance.now();
        try {
            return await work(deadlineMs);
        }
        catch (error) {
            // Ended by close(): the run is over, nothing to say.
            if (this.#closing)
                return undefined;
            if (again && performance.now() - started < deadlineMs / 2)
                return await this.#call(kind, what, deadlineMs, work);
            const late = error instanceof CacheCallError && error.reason === 'late';
            const detail = error instanceof CacheCallError ? (error.detail ?? error.message) : (0,errors/* errorMessage */.gJ)(error);
            this.#fail(kind, late
                ? `${this.name} did not ${what} within ${deadlineMs / 1000} s`
                : `${this.name} could not ${what}: ${detail}`);
            return undefined;
        }
        finally {
            this.#ended();
        }
    }
    #started() {
        this.#time.calls++;
        if (this.#time.running++ === 0)
            this.#time.since = performance.now();
    }
    #ended() {
        if (--this.#time.running === 0)
            this.#time.busyMs += performance.now() - this.#time.since;
    }
    #fail(kind, message) {
        if (this.#broken[kind])
            return;
        this.#broken[kind] = true;
        this.#log.warning(kind === 'lookup'
            ? `${message}. This run goes on without it: what it would have reused is paid for again.`
            : `${message}. This run goes on without recording: a re-run may pay again for what this run paid for.`);
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
        return new RecordStore(actionsCacheBackend(env.RUNNER_TEMP, env), log, temp);
    }
    // Said once, as a plain line: a local run has no store by design, and a runner without the
    // service (GHES) is told where records can go instead.
    log.info('Records of paid tasks are off: this run has neither a cache-dir nor the GitHub Actions cache service (v2), ' +
        'so nothing is recorded or reused, as with cache: false');
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
        // One call for all of them: each fingerprint's task and clip, looked up at once.
        const looked = await store.lookupAll(distinct);
        distinct.forEach((print, i) => recorded.set(print, looked[i]));
        const clips = looked.filter(r => r.clip).length;
        const tasks = looked.filter(r => !r.clip && r.task).length;
        const paid = distinct.length - clips - tasks;
        log.info(`In ${store.name}: ${clips} video${clips === 1 ? '' : 's'} and ${tasks} task${tasks === 1 ? '' : 's'} ` +
            `from earlier runs with the same inputs; ${paid} to pay for.`);
    }
    return { fingerprints, recorded };
}


/***/ }),

/***/ 2108:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m4: () => (/* binding */ frameIdentity),
/* harmony export */   sc: () => (/* binding */ sha256)
/* harmony export */ });
/* unused harmony export frameDigest */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7975);
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

//# sourceMappingURL=250.index.js.map