export const id = 914;
export const ids = [914];
export const modules = {

/***/ 4914:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cancelQueued: () => (/* reexport */ cancelQueued),
  clientFor: () => (/* binding */ clientFor),
  closeDispatchers: () => (/* reexport */ closeDispatchers),
  executePlan: () => (/* binding */ executePlan)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/inputs/inputs.ts
var inputs_inputs = __webpack_require__(8028);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./src/net/clock.ts
/**
 * Time, in one place: every wait in the action goes through a Clock, so tests can run the retry
 * policy, the waiting and the pacing on a fake one.
 */


async function sleep(ms, signal) {
    try {
        await (0,promises_.setTimeout)(ms, undefined, signal ? { signal } : undefined);
    }
    catch (error) {
        if (signal?.aborted)
            throw signal.reason instanceof Error ? signal.reason : new errors/* CancelledError */.cc('The run was cancelled.');
        throw error;
    }
}
const realClock = { now: Date.now, sleep, random: Math.random };

// EXTERNAL MODULE: ./src/net/hosts.ts
var hosts = __webpack_require__(3256);
;// CONCATENATED MODULE: ./src/net/http.ts
/**
 * One HTTP request to MiniMax or its download host, with undici (loaded on first use), the
 * request timeout applied to connect, headers and body, and every failure classified: may a
 * retry help, and could the request already have had its effect (a created task)?
 */


/**
 * Two agents for the run, loaded and made on the first request (a dry run or a refused input never
 * pays for undici): one that honours HTTP(S)_PROXY / NO_PROXY, for self-hosted runners behind a
 * proxy, and one that never uses a proxy, for loopback (a proxy there would only get to see the
 * API key). The connect timeout is the first request's timeout (request-timeout).
 */
const agents = {};
function agentFor(url, connectTimeoutMs) {
    const connect = { timeout: connectTimeoutMs };
    if ((0,hosts/* isLoopbackHost */.c)(url.hostname)) {
        agents.direct ??= Promise.all(/* import() */[__webpack_require__.e(7), __webpack_require__.e(191)]).then(__webpack_require__.bind(__webpack_require__, 8191)).then(({ DirectAgent }) => new DirectAgent({ connect }));
        return agents.direct;
    }
    agents.proxied ??= Promise.all(/* import() */[__webpack_require__.e(7), __webpack_require__.e(191)]).then(__webpack_require__.bind(__webpack_require__, 8191)).then(({ ProxyAgent }) => new ProxyAgent({ connect }));
    return agents.proxied;
}
/** A request with connect, answer and body together bounded by timeoutMs (and the run's signal). */
async function request(url, options) {
    const target = new URL(url);
    const dispatcher = await agentFor(target, options.timeoutMs);
    const deadline = AbortSignal.timeout(options.timeoutMs);
    return dispatcher.request({
        method: options.method,
        headers: options.headers,
        // undici streams any async iterable (its types only list Readable).
        body: options.body,
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        signal: options.signal ? AbortSignal.any([deadline, options.signal]) : deadline
    });
}
async function closeDispatchers() {
    const closing = [agents.proxied, agents.direct];
    agents.proxied = agents.direct = undefined;
    await Promise.all(closing.map(async (agent) => (await agent)?.close().catch(() => undefined)));
}
/** Network failures that happen before a request is sent: retrying cannot duplicate anything. */
const BEFORE_SEND = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'UND_ERR_CONNECT_TIMEOUT'
]);
const TLS = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/;
function errorCode(error) {
    let e = error;
    for (let depth = 0; e && depth < 4; depth++) {
        const code = e.code;
        if (typeof code === 'string' && code !== 'UND_ERR_SOCKET')
            return code;
        e = e.cause;
    }
    return error.code;
}
const DESCRIBE = {
    ECONNREFUSED: 'the connection was refused',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name could not be resolved (DNS)',
    ECONNRESET: 'the connection was reset',
    UND_ERR_SOCKET: 'the server closed the connection',
    UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
    UND_ERR_HEADERS_TIMEOUT: 'no answer came within request-timeout',
    UND_ERR_BODY_TIMEOUT: 'the answer stalled for longer than request-timeout',
    DEADLINE: 'no complete answer came within request-timeout'
};
/**
 * Turn a thrown network error into an ApiError; errors of our own pass through unchanged, and a
 * cancelled run's abort becomes its CancelledError.
 */
function networkError(what, error, timeoutSeconds, signal) {
    if (error instanceof errors/* ActionError */.lZ)
        return error;
    if (signal?.aborted)
        return signal.reason instanceof Error ? signal.reason : new errors/* CancelledError */.cc('The run was cancelled.');
    let code = errorCode(error) ?? 'unknown';
    // The request's own deadline (AbortSignal.timeout) fired: the whole request took too long.
    if (error.name === 'TimeoutError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
        code = 'DEADLINE';
    }
    if (TLS.test(code)) {
        return new errors/* ApiError */.hD(`${what}: TLS failure (${code}); check base-url and any proxy in between`, {
            retryable: false,
            cause: error
        });
    }
    const described = DESCRIBE[code] ?? (error instanceof Error ? error.message : String(error));
    const timeout = /TIMEOUT|DEADLINE/.test(code) ? ` (request-timeout is ${timeoutSeconds} s)` : '';
    return new errors/* ApiError */.hD(`${what}: ${described} [${code}]${timeout}`, {
        retryable: true,
        maybeCreated: !BEFORE_SEND.has(code),
        cause: error
    });
}
/** "HTTP 200, Trace-Id abc": how an answer is named in messages (MiniMax support asks for the Trace-Id). */
function describeHttp(status, traceId) {
    return `HTTP ${status}${traceId ? `, Trace-Id ${traceId}` : ''}`;
}
/** Read at most `limit` bytes of a body; more than that is an error, not a memory spike. */
async function readCapped(body, limit) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        size += chunk.length;
        if (size > limit) {
            body.destroy();
            return undefined;
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
}
const MAX_RESPONSE_BYTES = 1024 * 1024;
function header(headers, name) {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
}
/** One request to MiniMax's API: its answer read whole (at most 1 MiB) within the deadline. */
async function send(what, url, options) {
    let response;
    try {
        response = await request(url, options);
    }
    catch (error) {
        throw networkError(what, error, options.timeoutSeconds, options.signal);
    }
    const traceId = header(response.headers, 'trace-id') ?? header(response.headers, 'x-trace-id');
    let text;
    try {
        text = await readCapped(response.body, MAX_RESPONSE_BYTES);
    }
    catch (error) {
        throw networkError(`${what} (${describeHttp(response.statusCode, traceId)})`, error, options.timeoutSeconds, options.signal);
    }
    if (text === undefined) {
        throw new errors/* ApiError */.hD(`${what}: the answer (${describeHttp(response.statusCode, traceId)}) is larger than ` +
            `${MAX_RESPONSE_BYTES} bytes, which no MiniMax answer is; is base-url right?`, {
            retryable: false,
            maybeCreated: true
        });
    }
    return { status: response.statusCode, headers: response.headers, text, traceId };
}
/** Retry-After in milliseconds: delta-seconds or an HTTP date. */
function retryAfterMs(value, now = Date.now()) {
    if (!value)
        return undefined;
    if (/^\d+$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// EXTERNAL MODULE: ./src/net/cancel.ts
var cancel = __webpack_require__(7301);
;// CONCATENATED MODULE: ./src/net/retry.ts
/**
 * The one retry loop. Every request the action sends (submit, query, retrieve, download) runs in
 * it; a policy says how often and for how long, and whether a failed attempt may be repeated at
 * all. Only ApiErrors are retried: anything else (a disk error, a bug) ends the loop at once.
 */


/** Why a request that creates a task is not sent again after an answer that may hide the task. */
const MAYBE_CREATED = 'The request may have reached MiniMax and created a task, so it was not sent again (a second task would be ' +
    "billed twice). Check the task list in MiniMax's console before running this again.";
/** A Retry-After longer than this is not waited for. */
const MAX_RETRY_AFTER_MS = 120_000;
/** Backoff cap: no single wait between attempts is longer than this. */
const MAX_BACKOFF_MS = 30_000;
/** Full-jitter exponential backoff before retry n (1-based): uniform in [0, min(cap, initial x 2^(n-1))]. */
function backoffMs(retry, initialSeconds, random = Math.random) {
    return Math.round(random() * Math.min(MAX_BACKOFF_MS, initialSeconds * 1000 * 2 ** (retry - 1)));
}
/**
 * Run `attempt` until it succeeds or the policy says stop. Each attempt gets the time it may take
 * (the attempt timeout, or less near the deadline) and its number.
 */
async function withRetries(policy, clock, log, attempt, redact = text => text) {
    const { what, maxRetries } = policy;
    const tally = { rateLimits: 0 };
    const of = policy.untilDeadline ? ', until the wait deadline' : ` of at most ${maxRetries + 1}`;
    for (let n = 1;; n++) {
        (0,cancel/* throwIfCancelled */.dZ)(policy.signal);
        const timeoutMs = Math.max(1, Math.min(policy.attemptTimeoutMs, policy.deadline - clock.now()));
        log.debug(`${what}: attempt ${n}${policy.untilDeadline ? '' : ` of at most ${maxRetries + 1}`}`);
        try {
            return await attempt(timeoutMs, n);
        }
        catch (error) {
            if (!(error instanceof errors/* ApiError */.hD))
                throw error;
            const final = ending(error, redact);
            log.debug(`${what}: attempt ${n} failed: ${redact(error.message)}`);
            const { wait, pacer } = nextWait(policy, clock, error, n, tally, final);
            // Messages start with what failed ("Submitting the task: HTTP 503"), so they stand alone.
            log.info(`${redact(error.message)}; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${n + 1}${of})`);
            if (pacer) {
                // Everyone waits out the rate limit; this request goes first when it is over.
                pacer.rateLimited(wait);
                await pacer.acquire(policy.signal, true);
                // Its turn may have come late: a submit is sent only with its whole request-timeout ahead.
                if (tooLate(policy, clock, 0)) {
                    throw final({
                        detail: `(gave up after ${n} attempts: its next turn in the pacer came too late for the time allowed)`,
                        outOfTime: true
                    });
                }
            }
            else {
                await clock.sleep(wait, policy.signal);
            }
        }
    }
}
/** The error that ends the loop: redacted, no longer retryable, and saying why it ended. */
function ending(error, redact) {
    const failure = redact(error.failure);
    const advice = error.advice && redact(error.advice);
    return options => error.with({
        failure,
        advice: options.maybeCreated ? MAYBE_CREATED : advice,
        details: options.detail ? [...error.details, options.detail] : error.details,
        retryable: false,
        maybeCreated: options.maybeCreated ?? false,
        outOfTime: options.outOfTime ?? false,
        cause: error
    });
}
/**
 * After attempt n failed with `error`: how long to wait before the next one, and the pacer to wait
 * in (a rate limit of a paced request), or the error that ends the loop instead. `tally` counts the
 * rate limits that do not use up a retry.
 */
function nextWait(policy, clock, error, n, tally, final) {
    const { maxRetries } = policy;
    if (error.maybeCreated && !policy.idempotent)
        throw final({ maybeCreated: true });
    if (!error.retryable)
        throw final({ outOfTime: clock.now() >= policy.deadline });
    // A paced request that was rate-limited is sent again in its turn: never dropped while time allows.
    const pacer = error.rateLimited ? policy.pacer : undefined;
    if (pacer)
        tally.rateLimits++;
    if (n - tally.rateLimits > maxRetries && !policy.untilDeadline) {
        throw final({ detail: `(gave up after ${n} attempts; max-retries is ${maxRetries})` });
    }
    const wait = error.retryAfterMs ?? backoffMs(n, policy.initialDelaySeconds, clock.random);
    if (wait > MAX_RETRY_AFTER_MS || tooLate(policy, clock, wait)) {
        throw final({
            detail: `(gave up after ${n} attempts: the next one, in ${(wait / 1000).toFixed(1)} s, would pass the time ` +
                `allowed)`,
            outOfTime: wait <= MAX_RETRY_AFTER_MS
        });
    }
    return { wait, pacer };
}
/**
 * Whether an attempt that starts `extra` ms from now would start too late. A submit is sent again
 * only with its whole request-timeout ahead: one cut short by the deadline could create a task
 * whose id never arrives.
 */
function tooLate(policy, clock, extra) {
    const needs = policy.idempotent ? 0 : policy.attemptTimeoutMs;
    return clock.now() + extra + needs >= policy.deadline;
}

// EXTERNAL MODULE: ./src/minimax/api.ts
var api = __webpack_require__(4103);
;// CONCATENATED MODULE: ./src/minimax/error-codes.ts
const REGION_HINT = 'API keys are tied to a region: a mainland China key works with base-url https://api.minimaxi.com, an ' +
    'international key with https://api.minimax.io';
const ERROR_CODES = {
    1000: { meaning: 'unknown error', retry: true, advice: 'retry later', mayHaveCreated: true },
    1001: { meaning: 'request timeout', retry: true, advice: 'retry', mayHaveCreated: true },
    1002: {
        meaning: 'rate limit (requests per minute)',
        retry: true,
        advice: 'retry with backoff; in a matrix, lower max-parallel',
        rateLimit: true
    },
    1004: {
        meaning: 'not authorized / key does not match',
        retry: false,
        advice: `check the api-key secret. ${REGION_HINT}`
    },
    1008: { meaning: 'insufficient balance', retry: false, advice: 'top up the MiniMax account' },
    1013: { meaning: 'internal service error', retry: true, advice: 'retry', mayHaveCreated: true },
    1024: { meaning: 'internal error', retry: true, advice: 'retry', mayHaveCreated: true },
    1026: { meaning: 'input contains sensitive content', retry: false, advice: 'change the prompt or the frames' },
    1027: { meaning: 'output contains sensitive content', retry: false, advice: 'change the prompt or the frames' },
    1033: { meaning: 'system error', retry: true, advice: 'retry', mayHaveCreated: true },
    1039: { meaning: 'token limit', retry: true, advice: 'retry with backoff', rateLimit: true },
    1041: {
        meaning: 'connection limit',
        retry: true,
        advice: 'retry with backoff; run fewer jobs at once',
        rateLimit: true
    },
    1042: {
        meaning: 'too many invisible characters in input',
        retry: false,
        advice: 'remove invisible characters from the prompt'
    },
    2013: { meaning: 'invalid parameters', retry: false, advice: 'check the inputs against the rules in the README' },
    2038: {
        meaning: 'real-name verification required',
        retry: false,
        advice: 'complete real-name verification in the MiniMax console'
    },
    2045: {
        meaning: 'rate growth limit (request spike)',
        retry: true,
        advice: 'retry with backoff; spread the jobs out',
        rateLimit: true
    },
    2049: { meaning: 'invalid API key', retry: false, advice: `check the api-key secret. ${REGION_HINT}` },
    2056: { meaning: 'usage limit exceeded', retry: false, advice: 'wait for the next usage window' }
};
function describeCode(code) {
    return (ERROR_CODES[code] ?? {
        meaning: 'an error code this action does not know',
        retry: false,
        advice: "look it up in MiniMax's error code list"
    });
}
/**
 * Whether a submit answered with this HTTP status may have created a task. Only answers that
 * prove the request was turned away say no: 429, 529 (MiniMax's overloaded), a 4xx other than
 * 408, and a 503 that is MiniMax's own error answer (`fromMiniMax`). A bare 503 may come from a
 * proxy in between after the request reached MiniMax (Envoy answers 503 for an upstream reset),
 * so like a 500, 502, 504 or 408 it may come after MiniMax created the task.
 */
function statusMayHaveCreated(status, fromMiniMax) {
    if (status === 429 || status === 529 || (status === 503 && fromMiniMax))
        return false;
    return !(status >= 400 && status < 500 && status !== 408);
}
/** Whether a request answered with this HTTP status may succeed when repeated. */
function statusRetryable(status) {
    return status === 429 || status === 408 || status >= 500;
}

// EXTERNAL MODULE: ./src/minimax/rules.ts
var rules = __webpack_require__(4852);
;// CONCATENATED MODULE: ./src/minimax/client.ts
/**
 * MiniMax's video APIs: V1 (MiniMax-Hailuo-02: submit, query, retrieve; errors in base_resp) and
 * V2 (MiniMax-H3: submit, query, cancel; errors as HTTP statuses). Both share one retry loop, one
 * pacer and one error table; each keeps ids as strings and says which answer a message is about
 * (V1's Trace-Id, V2's request_id).
 */







const V1_STATUSES = {
    Preparing: 'pending',
    Queueing: 'pending',
    Processing: 'pending',
    Success: 'succeeded',
    Fail: 'failed'
};
/** V2's statuses; `expired` is not in the official list, but MiniMax's CLI and resellers see it. */
const V2_STATUSES = {
    queued: 'pending',
    running: 'pending',
    succeeded: 'succeeded',
    failed: 'failed',
    cancelled: 'failed',
    expired: 'failed'
};
const CHECK_INPUTS = "No video was made; check the frames and prompt, or MiniMax's console for the reason";
const CHECK_CONSOLE = "The task is paid for: look for its video in MiniMax's console";
const ID = /^\d{1,20}$/;
/** Parse JSON keeping every *_id (and id) that arrives as a bare number as its exact digits. */
function parseJsonKeepingIds(text) {
    return JSON.parse(text, function (key, value, context) {
        if (typeof value === 'number' && /(^|_)id$/.test(key) && context?.source)
            return context.source;
        return value;
    });
}
/** What both APIs share: the retry loop, the pacer, the key kept out of messages, the counts. */
class VideoClient {
    /** Requests sent per operation, retries included: the summary shows them, to reconcile with MiniMax's console. */
    attempts = { submit: 0, query: 0, retrieve: 0, cancel: 0, list: 0 };
    options;
    clock;
    transport;
    constructor(options) {
        this.options = options;
        this.clock = {
            now: options.now ?? realClock.now,
            sleep: options.sleep ?? realClock.sleep,
            random: options.random ?? realClock.random
        };
        this.transport = options.transport ?? send;
    }
    get timeoutMs() {
        return Math.round(this.options.requestTimeoutSeconds * 1000);
    }
    /** The retry budget of one operation: three request-timeouts (3 minutes with the defaults). */
    get budgetMs() {
        return 3 * this.timeoutMs;
    }
    redact = (text) => {
        const key = this.options.apiKey;
        return key ? text.split(key).join('***') : text;
    };
    async call(operation, what, request, options) {
        const { log, retryInitialDelaySeconds } = this.options;
        const policy = {
            what,
            maxRetries: options.maxRetries ?? this.options.maxRetries,
            initialDelaySeconds: retryInitialDelaySeconds,
            deadline: options.deadline ?? this.clock.now() + this.budgetMs,
            untilDeadline: options.untilDeadline,
            idempotent: options.idempotent,
            attemptTimeoutMs: this.timeoutMs,
            signal: options.signal ?? this.options.signal,
            pacer: options.pacer
        };
        const said = options.label ? labelled(log, options.label) : log;
        return withRetries(policy, this.clock, said, async (timeoutMs) => {
            this.attempts[operation]++;
            const response = await request(timeoutMs);
            const checked = this.check(what, response);
            log.debug(`${what}: HTTP ${response.status}${checked.trace ? `, ${checked.trace}` : ''}, success`);
            return checked;
        }, this.redact);
    }
    /**
     * Create the task. `label` names the clip in log lines ("Clip 2 of 5"). `stop` keeps
     * it from starting (its turn in the pacer, a repeat after a rate limit) but never cuts off a
     * request already sent: that one runs to its answer or its request-timeout, so a task MiniMax
     * made is never lost. Only the run's own cancellation (the runner's SIGINT) ends it early.
     */
    async submit(body, options = {}) {
        const { baseUrl, log } = this.options;
        const url = `${baseUrl}${this.submitPath}`;
        const what = 'Submitting the task';
        const run = this.options.signal;
        const waits = [run, options.stop].filter((s) => s !== undefined);
        const waiting = waits.length > 1 ? AbortSignal.any(waits) : waits[0];
        // The first attempt waits its turn in the pacer; the time to keep trying starts when it is sent.
        const pacer = this.options.pacer;
        await pacer?.acquire(waiting);
        const deadline = this.clock.now() + (this.options.submitWindowMs ?? this.budgetMs);
        // When the attempt out now was sent, and whether it is still out (a cancel cuts it off unanswered).
        let sentAt;
        let out = false;
        let answer;
        try {
            answer = await this.call('submit', what, async (timeoutMs) => {
                log.debug(`${what}: POST ${url} (${body.contentLength} bytes)`);
                sentAt = Date.now();
                out = true;
                try {
                    const response = await this.transport(what, url, {
                        method: 'POST',
                        headers: {
                            ...this.headers(),
                            'content-type': 'application/json',
                            'content-length': String(body.contentLength)
                        },
                        body: body.stream(),
                        timeoutMs,
                        timeoutSeconds: this.options.requestTimeoutSeconds,
                        signal: run
                    });
                    out = false;
                    return response;
                }
                catch (error) {
                    out = run?.aborted === true;
                    throw error;
                }
            }, { idempotent: false, deadline, pacer, signal: waiting, label: options.label });
        }
        catch (error) {
            if (error instanceof errors/* CancelledError */.cc && out) {
                throw new errors/* ApiError */.hD(`${what}: the run was cancelled while the request was out`, {
                    retryable: false,
                    maybeCreated: true,
                    cause: error,
                    sentAt,
                    advice: "The request may have reached MiniMax and created a task; check the task list in MiniMax's console " +
                        'before running this again.'
                });
            }
            if (error instanceof errors/* ApiError */.hD && error.maybeCreated)
                throw error.with({ sentAt });
            throw error;
        }
        const { json, trace } = answer;
        const taskId = json.task_id;
        if (typeof taskId !== 'string' || !ID.test(taskId)) {
            const got = taskId === undefined
                ? 'no task_id'
                : `task_id ${JSON.stringify(taskId).slice(0, 60)}, which is not a string of digits`;
            throw new errors/* ApiError */.hD(`${what}: MiniMax answered success (HTTP 200${trace ? `, ${trace}` : ''}) but with ${got}`, {
                retryable: false,
                maybeCreated: true,
                sentAt,
                advice: "A task may have been created: check MiniMax's console before running this again."
            });
        }
        return { taskId, trace };
    }
    headers() {
        return {
            authorization: `Bearer ${this.options.apiKey}`,
            accept: 'application/json',
            'user-agent': 'minimax-first-last-frame-video-action'
        };
    }
    get(what, url, timeoutMs, signal = this.options.signal) {
        this.options.log.debug(`${what}: GET ${url}`);
        return this.transport(what, url, {
            method: 'GET',
            headers: this.headers(),
            timeoutMs,
            timeoutSeconds: this.options.requestTimeoutSeconds,
            signal
        });
    }
    /** The answer as an object, or an ApiError naming what came instead (the request may have done its work). */
    parse(what, response, answer) {
        let json;
        try {
            json = parseJsonKeepingIds(response.text);
        }
        catch {
            const kind = response.text.trim() === '' ? 'an empty body' : `a body that is not JSON${snippet(response)}`;
            return fail(`${what}: ${answer} with ${kind}`, { retryable: true, maybeCreated: true });
        }
        if (typeof json !== 'object' || json === null || Array.isArray(json)) {
            return fail(`${what}: ${answer} with JSON that is not an object${snippet(response)}`, {
                retryable: true,
                maybeCreated: true
            });
        }
        return json;
    }
}
/** V1 (MiniMax-Hailuo-02): every answer is HTTP 200 with base_resp; the video is a file to retrieve. */
class MiniMaxClient extends VideoClient {
    api = 'v1';
    succeeded = 'Success';
    findsLostTasks = (0,api/* apiTraits */.s)('v1').findsLostTasks;
    cancelsQueued = (0,api/* apiTraits */.s)('v1').cancelsQueued;
    submitPath = (0,api/* apiTraits */.s)('v1').submitPath;
    /** HTTP status, JSON, base_resp: anything but a clean success is an ApiError. */
    check(what, response) {
        const trace = response.traceId ? `Trace-Id ${response.traceId}` : undefined;
        const http = describeHttp(response.status, response.traceId);
        const after = retryAfterMs(header(response.headers, 'retry-after'));
        if (response.status !== 200) {
            // MiniMax's own answers carry base_resp; anything else came from something in between.
            const own = /"base_resp"\s*:/.test(response.text);
            return fail(`${what}: ${http}${snippet(response)}`, {
                retryable: statusRetryable(response.status),
                rateLimited: response.status === 429,
                maybeCreated: statusMayHaveCreated(response.status, own),
                retryAfterMs: after
            });
        }
        const json = this.parse(what, response, http);
        const base = json.base_resp;
        if (!base || typeof base.status_code !== 'number') {
            return fail(`${what}: ${http} without base_resp.status_code${snippet(response)}`, {
                retryable: true,
                maybeCreated: true
            });
        }
        if (base.status_code !== 0)
            codeError(what, base.status_code, base.status_msg, trace, { retryAfterMs: after });
        return { json, trace };
    }
    async query(taskId, deadline) {
        const url = `${this.options.baseUrl}/v1/query/video_generation?task_id=${encodeURIComponent(taskId)}`;
        const what = `Querying task ${taskId}`;
        const { json, trace } = await this.call('query', what, timeoutMs => this.get(what, url, timeoutMs), {
            idempotent: true,
            deadline,
            untilDeadline: deadline !== undefined
        });
        const status = json.status;
        const phase = typeof status === 'string' ? V1_STATUSES[status] : undefined;
        if (typeof status !== 'string' || !phase)
            throw unknownStatus(what, status, trace);
        const state = { taskId, status, phase, trace };
        if (typeof json.file_id === 'string' && ID.test(json.file_id))
            state.fileId = json.file_id;
        if (typeof json.video_width === 'number')
            state.videoWidth = json.video_width;
        if (typeof json.video_height === 'number')
            state.videoHeight = json.video_height;
        if (phase === 'failed')
            Object.assign(state, { failure: 'failed (status Fail)', advice: CHECK_INPUTS });
        if (phase === 'succeeded' && !state.fileId) {
            Object.assign(state, { phase: 'failed', failure: 'succeeded but MiniMax gave no file_id', advice: CHECK_CONSOLE });
        }
        return state;
    }
    async videoLink(state, deadline) {
        const file = await this.retrieve(state.fileId ?? '', deadline);
        return { url: file.downloadUrl, bytes: file.bytes };
    }
    async retrieve(fileId, deadline) {
        const url = `${this.options.baseUrl}/v1/files/retrieve?file_id=${encodeURIComponent(fileId)}`;
        const what = `Retrieving file ${fileId}`;
        const { json, trace } = await this.call('retrieve', what, timeoutMs => this.get(what, url, timeoutMs), {
            idempotent: true,
            deadline
        });
        const file = json.file;
        const downloadUrl = file?.download_url;
        if (typeof downloadUrl !== 'string' || !/^https?:\/\//i.test(downloadUrl)) {
            throw new errors/* ApiError */.hD(`${what}: MiniMax's answer has no download_url${note(trace)}`, { retryable: false });
        }
        const info = { fileId: typeof file?.file_id === 'string' ? file.file_id : fileId, downloadUrl };
        if (typeof file?.bytes === 'number' && file.bytes > 0)
            info.bytes = file.bytes;
        if (typeof file?.filename === 'string')
            info.filename = file.filename;
        return info;
    }
    /** V1 has no way to cancel a task. */
    async cancel() {
        throw new errors/* ApiError */.hD('MiniMax-Hailuo-02 tasks cannot be cancelled', { retryable: false });
    }
    /** V1 has no task list. */
    async listTasks() {
        throw new errors/* ApiError */.hD('MiniMax-Hailuo-02 has no task list', { retryable: false });
    }
    async peek(taskId) {
        return (await this.query(taskId)).status;
    }
}
const PAY_AS_YOU_GO = 'MiniMax-H3 and MiniMax-H3-Max take a pay-as-you-go API key: Token Plan (subscription) keys and video ' +
    'packages do not cover the V2 API. Create a pay-as-you-go key in the MiniMax console and store it as the ' +
    'api-key secret';
/** A V2 error without a code in its message: the code its HTTP status stands for. */
const V2_STATUS_CODES = {
    400: 2013,
    401: 1004,
    403: 1004,
    402: 1008,
    422: 1026,
    429: 1002,
    500: 1000
};
/** V2 (MiniMax-H3, MiniMax-H3-Max): errors are HTTP statuses with a JSON envelope; the task carries its video link. */
class MiniMaxV2Client extends VideoClient {
    api = 'v2';
    succeeded = 'succeeded';
    findsLostTasks = (0,api/* apiTraits */.s)('v2').findsLostTasks;
    cancelsQueued = (0,api/* apiTraits */.s)('v2').cancelsQueued;
    submitPath = (0,api/* apiTraits */.s)('v2').submitPath;
    check(what, response) {
        const after = retryAfterMs(header(response.headers, 'retry-after'));
        const trace = v2Trace(response);
        const http = `HTTP ${response.status}${trace ? `, ${trace}` : ''}`;
        if (response.status !== 200)
            return v2StatusError(what, response, http, after);
        const json = this.parse(what, response, http);
        // Not in V2's contract, but MiniMax's own CLI guards against it: an error inside a 200.
        const base = json.base_resp;
        if (base && typeof base.status_code === 'number' && base.status_code !== 0) {
            codeError(what, base.status_code, base.status_msg, trace, { retryAfterMs: after });
        }
        return { json, trace };
    }
    async query(taskId, deadline) {
        const url = `${this.options.baseUrl}/v2/query/video_generation/${encodeURIComponent(taskId)}`;
        const what = `Querying task ${taskId}`;
        let answer;
        try {
            answer = await this.call('query', what, timeoutMs => this.get(what, url, timeoutMs), {
                idempotent: true,
                deadline,
                untilDeadline: deadline !== undefined
            });
        }
        catch (error) {
            if (!(error instanceof errors/* ApiError */.hD) || error.code !== 2013)
                throw error;
            // A query's only parameter is the task id: MiniMax does not know it.
            throw error.with({
                advice: 'MiniMax does not know this task: it keeps V2 tasks for 7 days, and only the API key (and region) that ' +
                    'created a task can query it.',
                retryable: false,
                cause: error
            });
        }
        return v2TaskState(taskId, what, answer.json, answer.trace);
    }
    /**
     * The task's link. A link from an earlier query may have expired (V2 does not say when), so a
     * state without one is queried again.
     */
    async videoLink(state, deadline) {
        const url = state.videoUrl ?? (await this.query(state.taskId, deadline)).videoUrl;
        if (!url)
            throw new errors/* ApiError */.hD(`Task ${state.taskId}: MiniMax gave no video link`, { retryable: false });
        return { url };
    }
    /** At most 5 pages of 50, newest first. */
    async listTasks(model, fromSeconds) {
        const found = [];
        // The whole search within one budget (three request-timeouts), however many pages it reads.
        const deadline = this.clock.now() + this.budgetMs;
        for (let page = 1; page <= 5; page++) {
            const query = new URLSearchParams({
                page_num: String(page),
                page_size: '50',
                'filter.model': model,
                'filter.task_type': 'generation'
            });
            const url = `${this.options.baseUrl}/v2/query/video_generation?${query}`;
            const what = `Listing ${model} tasks`;
            const { json } = await this.call('list', what, timeoutMs => this.get(what, url, timeoutMs), {
                idempotent: true,
                deadline
            });
            const items = Array.isArray(json.items) ? json.items : [];
            for (const entry of items) {
                // An item that is not a task is skipped, never a crash that would hide the lost answer.
                if (typeof entry !== 'object' || entry === null)
                    continue;
                const item = entry;
                const id = item.id;
                const createdAt = item.created_at;
                if (typeof id !== 'string' || !ID.test(id) || typeof createdAt !== 'number')
                    continue;
                found.push({
                    taskId: id,
                    createdAt,
                    resolution: typeof item.resolution === 'string' ? item.resolution : undefined,
                    duration: typeof item.duration === 'number' ? item.duration : undefined
                });
            }
            const oldest = found.at(-1)?.createdAt;
            if (items.length < 50 || (oldest !== undefined && oldest < fromSeconds))
                break;
        }
        return found.filter(task => task.createdAt >= fromSeconds);
    }
    async peek(taskId, withinMs) {
        const url = `${this.options.baseUrl}/v2/query/video_generation/${encodeURIComponent(taskId)}`;
        const what = `Checking task ${taskId}`;
        // The run's own signal has fired already (that is why this is asked): a fresh, short deadline.
        const signal = AbortSignal.timeout(Math.max(1, withinMs));
        const { json, trace } = await this.call('query', what, timeoutMs => this.get(what, url, timeoutMs, signal), {
            idempotent: true,
            deadline: this.clock.now() + withinMs,
            signal,
            maxRetries: 0
        });
        const status = json.task?.status;
        if (typeof status !== 'string' || !V2_STATUSES[status])
            throw unknownStatus(what, status, trace);
        return status;
    }
    async cancel(taskId, withinMs) {
        const url = `${this.options.baseUrl}/v2/video_generation/${encodeURIComponent(taskId)}`;
        const what = `Cancelling task ${taskId}`;
        // The run's own signal has fired already (that is why tasks are cancelled): a fresh, short deadline.
        const signal = AbortSignal.timeout(Math.max(1, withinMs));
        const { json } = await this.call('cancel', what, timeoutMs => {
            this.options.log.debug(`${what}: DELETE ${url}`);
            return this.transport(what, url, {
                method: 'DELETE',
                headers: this.headers(),
                timeoutMs,
                timeoutSeconds: withinMs / 1000,
                signal
            });
        }, { idempotent: true, deadline: this.clock.now() + withinMs, signal, maxRetries: 0 });
        return typeof json.action === 'string' ? json.action : 'cancelled';
    }
}
/** The client of the API that serves `model` (the only place that picks one). */
function createClient(model, options) {
    return (0,rules/* rulesOf */.fD)(model).api === 'v2' ? new MiniMaxV2Client(options) : new MiniMaxClient(options);
}
/** V2's `{type, error: {type, message, http_code}}`, with the code MiniMax puts at the end of the message. */
function errorEnvelope(text) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    const error = json?.error;
    if (typeof error !== 'object' || error === null)
        return undefined;
    const { type, message } = error;
    const text2 = typeof message === 'string' ? message : undefined;
    const code = /\((\d{3,6})\)\s*$/.exec(text2 ?? '')?.[1];
    return {
        type: typeof type === 'string' ? type : undefined,
        message: text2,
        code: code === undefined ? undefined : Number(code)
    };
}
/** The body's request_id names the answer for MiniMax support; a Trace-Id header, if there is no body. */
function v2Trace(response) {
    const requestId = /"request_id"\s*:\s*"([\w.-]{1,100})"/.exec(response.text)?.[1];
    if (requestId)
        return `request_id ${requestId}`;
    return response.traceId ? `Trace-Id ${response.traceId}` : undefined;
}
/** A V2 answer with an error status: the code it carries (or the status stands for), explained. */
function v2StatusError(what, response, http, after) {
    const envelope = errorEnvelope(response.text);
    const code = envelope?.code ?? V2_STATUS_CODES[response.status];
    const info = code === undefined ? undefined : describeCode(code);
    const flags = v2ErrorFlags(response.status, envelope !== undefined, info, after);
    if (!envelope && code === undefined)
        return fail(`${what}: ${http}${snippet(response)}`, flags);
    const said = quoted(envelope?.message);
    if (code === undefined || !info) {
        return fail(`${what}: ${http}, MiniMax ${envelope?.type ?? 'error'}${said}`, flags);
    }
    const advice = v2Advice(code, envelope?.message, info);
    return fail(`${what}: ${http}, MiniMax error ${code}, ${info.meaning}${said}`, { ...flags, code, advice });
}
/** Whether a V2 error status is worth another try, is a rate limit, and may hide a created task. */
function v2ErrorFlags(status, fromMiniMax, info, after) {
    // V2 says it with the status: only one that proves the request was turned away says no task was made.
    const maybeCreated = statusMayHaveCreated(status, fromMiniMax);
    return {
        // A rate-limit code (1039, 1041, 2045) in a status that proves no task was made is worth another try.
        retryable: statusRetryable(status) || (!maybeCreated && info?.retry === true),
        rateLimited: status === 429 || info?.rateLimit === true,
        maybeCreated,
        retryAfterMs: after
    };
}
/** A 2013 that names the Token Plan or credits means a subscription key, which V2 does not take. */
function v2Advice(code, message, info) {
    return code === 2013 && /token\s*plan|credit/i.test(message ?? '') ? PAY_AS_YOU_GO : capitalise(info.advice);
}
/** MiniMax's words are quoted (JSON) and cut short: never raw text in a log line. */
function quoted(message) {
    return message ? ` (${JSON.stringify(message.slice(0, 200))})` : '';
}
/** A V2 task as a TaskState: its phase, its link, and why it has no video when it has none. */
function v2TaskState(taskId, what, json, trace) {
    const task = json.task;
    const status = task?.status;
    const phase = typeof status === 'string' ? V2_STATUSES[status] : undefined;
    if (typeof status !== 'string' || !phase)
        throw unknownStatus(what, status, trace);
    const state = { taskId, status, phase, trace };
    const link = task?.content?.url;
    if (typeof link === 'string' && /^https?:\/\//i.test(link))
        state.videoUrl = link;
    Object.assign(state, v2NoVideo(status, task?.error));
    if (phase === 'succeeded' && !state.videoUrl) {
        Object.assign(state, {
            phase: 'failed',
            failure: 'succeeded but MiniMax gave no content.url',
            advice: CHECK_CONSOLE
        });
    }
    return state;
}
/** Why a task that ended without running, or failed, has no video (nothing for any other status). */
function v2NoVideo(status, error) {
    if (status === 'failed')
        return taskError(error);
    if (status !== 'cancelled' && status !== 'expired')
        return undefined;
    return {
        failure: status === 'cancelled' ? 'was cancelled (status cancelled)' : 'expired (status expired)',
        advice: 'It never ran, so nothing is charged for it; run this again to make the video'
    };
}
/** A failed V2 task's `error: {code: "1026", message}`, explained with the same table as every other code. */
function taskError(error) {
    const { code, message } = (typeof error === 'object' && error !== null ? error : {});
    const said = typeof message === 'string' && message ? ` (${JSON.stringify(message.slice(0, 200))})` : '';
    const number = typeof code === 'number' ? code : typeof code === 'string' && /^\d{1,6}$/.test(code) ? Number(code) : NaN;
    if (Number.isNaN(number))
        return { failure: `failed (status failed)${said}`, advice: CHECK_INPUTS };
    const info = describeCode(number);
    return {
        failure: `failed with MiniMax error ${number}, ${info.meaning}${said}`,
        advice: `No video was made; ${info.advice}`
    };
}
/** The log with every line saying which clip it is about. */
function labelled(log, label) {
    return {
        debug: message => log.debug(`${label}: ${message}`),
        info: message => log.info(`${label}: ${message}`),
        warning: message => log.warning(`${label}: ${message}`)
    };
}
/** An error code in an answer: its meaning, whether to retry, and what to do. */
function codeError(what, code, message, trace, extra) {
    const info = describeCode(code);
    // MiniMax's words are quoted (JSON): never raw text in a log line.
    const said = typeof message === 'string' && message ? ` (${JSON.stringify(message.slice(0, 200))})` : '';
    return fail(`${what}: MiniMax error ${code}, ${info.meaning}${said}${trace ? `, ${trace}` : ''}`, {
        advice: capitalise(info.advice),
        retryable: info.retry,
        // An error code says the task was not created, except an internal error's.
        maybeCreated: info.mayHaveCreated === true,
        rateLimited: info.rateLimit === true,
        retryAfterMs: extra.retryAfterMs,
        code
    });
}
function unknownStatus(what, status, trace) {
    return new errors/* ApiError */.hD(`${what}: MiniMax answered with an unknown status ${JSON.stringify(status)}${note(trace)}`, {
        retryable: false
    });
}
function note(trace) {
    return trace ? ` (${trace})` : '';
}
function fail(message, options) {
    throw new errors/* ApiError */.hD(message, options);
}
function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/** The start of an unexpected body, on one line, for an error message. */
function snippet(response) {
    const type = header(response.headers, 'content-type');
    const text = response.text.replace(/\s+/g, ' ').trim().slice(0, 120);
    return `${type ? ` (content-type ${type})` : ''}${text ? `: ${JSON.stringify(text)}` : ''}`;
}

;// CONCATENATED MODULE: ./src/net/pacer.ts
/**
 * One pacer for every request that creates a task: at most `perMinute` of them, evenly spaced,
 * for all clips together (MiniMax's limits are per minute, per account, and it answers a burst
 * with 2045, "rate growth limit"). Callers wait their turn in order; a turn is taken only when it
 * comes, so a slow-down applies to everyone still waiting.
 *
 * A rate-limit answer (429, 1002, ...) pauses the pacer until its Retry-After (or backoff) has
 * passed and doubles the spacing for what follows, up to one a minute. The request that got it is
 * sent again first when the pause ends: it is never dropped. Queries and downloads are not paced
 * here (they follow poll-interval).
 */

class Pacer {
    #clock;
    #intervalMs;
    #last = -Infinity;
    #notBefore = -Infinity;
    #waiting = [];
    #pumping = false;
    /**
     * Ends the pump's sleep early: when a waiter arrives that may be due sooner, and when nobody is
     * left waiting (a cancelled run must not be kept alive by it).
     */
    #nap;
    constructor(perMinute, clock = realClock) {
        this.#intervalMs = 60_000 / perMinute;
        this.#clock = clock;
    }
    get intervalMs() {
        return this.#intervalMs;
    }
    /** Wait for this caller's turn. `again`: a request being sent again after a rate limit. */
    acquire(signal, again = false) {
        return new Promise((resolve, reject) => {
            signal?.throwIfAborted();
            const waiter = { grant: resolve, again };
            const at = again ? this.#waiting.findIndex(w => !w.again) : -1;
            this.#waiting.splice(at < 0 ? this.#waiting.length : at, 0, waiter);
            signal?.addEventListener('abort', () => {
                const i = this.#waiting.indexOf(waiter);
                if (i >= 0)
                    this.#waiting.splice(i, 1);
                if (this.#waiting.length === 0)
                    this.#nap?.abort();
                reject(signal.reason);
            }, { once: true });
            // Wake the pump: the newcomer may be due sooner than the one it was sleeping for.
            this.#nap?.abort();
            void this.#pump();
        });
    }
    /** MiniMax answered with a rate limit: hold every request for `ms`, and space what follows twice as far apart. */
    rateLimited(ms) {
        this.#notBefore = Math.max(this.#notBefore, this.#clock.now() + ms);
        this.#intervalMs = Math.min(60_000, this.#intervalMs * 2);
    }
    /** Grants turns one at a time; checks again after each sleep (a pause or slow-down may have come). */
    async #pump() {
        if (this.#pumping)
            return;
        this.#pumping = true;
        try {
            for (let next = this.#waiting[0]; next; next = this.#waiting[0]) {
                const wait = this.#wait(next);
                if (wait > 0) {
                    this.#nap = new AbortController();
                    await this.#clock.sleep(wait, this.#nap.signal).catch(() => undefined);
                    continue;
                }
                this.#waiting.shift();
                this.#last = this.#clock.now();
                next.grant();
            }
        }
        finally {
            this.#pumping = false;
        }
    }
    #wait(next) {
        const spaced = next.again ? -Infinity : this.#last + this.#intervalMs;
        return Math.max(spaced, this.#notBefore) - this.#clock.now();
    }
}

// EXTERNAL MODULE: ./src/minimax/prices.ts
var prices = __webpack_require__(1321);
// EXTERNAL MODULE: ./src/plan/cost.ts
var cost = __webpack_require__(58);
// EXTERNAL MODULE: ./src/video/destination.ts
var destination = __webpack_require__(3951);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/execute/film.ts
/**
 * A storyboard's end: every clip made, or the run fails naming each clip that is not (with its task
 * id, the reason, and its keyframe's line); then the clips joined without re-encoding into the film.
 */


/** Where clip i (0-based) is kept: beside the film, in <film>.clips/. */
function clipPath(film, index) {
    return external_node_path_default().join(`${film}.clips`, `${String(index + 1).padStart(2, '0')}.mp4`);
}
/** Fail naming every clip that failed, with its task id and the reason; the others are kept. */
function failIfAny(clips, film) {
    const failed = clips.filter(c => c.failure);
    if (failed.length === 0)
        return;
    const kept = clips.filter(c => c.video).length;
    const lines = failed.map(c => `clip ${c.index + 1}${c.taskId ? ` (task ${c.taskId})` : ''}: ${c.failure}`);
    throw new errors/* ClipsFailedError */.fj(`${failed.length} of ${clips.length} clips failed, so there is no film:\n- ${lines.join('\n- ')}` +
        (kept > 0
            ? `\n${kept === 1 ? 'The clip that was made is' : `The ${kept} clips that were made are`} kept in ` +
                `${external_node_path_default().dirname(clipPath(film, 0))}.`
            : ''));
}
/**
 * Join the clips, in order, into `film`, and say what was done at each seam. A join refused
 * keeps the clips, says where they are, and how to make an odd clip again alone (a take on its
 * keyframe: every other clip is reused).
 */
async function joinFilm(clips, film, keyframes, log, signal) {
    return log.group(`Joining ${clips.length} clips`, async () => {
        const { joinClips, ClipMismatchError } = await __webpack_require__.e(/* import() */ 375).then(__webpack_require__.bind(__webpack_require__, 6375));
        const paths = clips.map(c => c.video.path);
        let joined;
        try {
            joined = await joinClips({ clips: paths, output: film, signal });
        }
        catch (error) {
            if (!(error instanceof errors/* JoinError */.hO))
                throw error;
            const kept = `The clips are kept in ${external_node_path_default().dirname(paths[0])} (their paths are in the segments output).`;
            const odd = error instanceof ClipMismatchError ? error.oddClips : [];
            const again = odd.map(n => {
                const line = keyframes.lines[n - 1];
                return `clip ${n}: add  take: 2  to keyframes[${n - 1}]${line ? ` (${keyframes.file} line ${line})` : ''}`;
            });
            const way = again.length > 0 ? `\nTo make ${odd.length > 1 ? 'them' : 'it'} again alone, ${again.join('; ')}.` : '';
            throw new errors/* JoinError */.hO(`${error.message}\n${kept}${way}`, error.differences);
        }
        for (const seam of joined.seams)
            log.info(describeSeam(seam));
        if (joined.unfillable) {
            const { objectType, channelConfiguration } = joined.unfillable;
            log.warning(`The clips' sound (AAC object type ${objectType}, ${channelConfiguration} channels) has no silent frame ` +
                `here: where a clip's sound is shorter than its picture, the sound after it plays early by the gap.`);
        }
        const video = clips[0].video;
        log.info(`Film written: ${film} (${joined.bytes} bytes, ${joined.durationSeconds.toFixed(2)} s)`);
        return {
            path: film,
            bytes: joined.bytes,
            durationSeconds: joined.durationSeconds,
            width: video.width,
            height: video.height,
            frameRate: video.frameRate,
            sound: video.sound,
            seams: joined.seams
        };
    });
}
/** "Seam 1|2: the shared keyframe shown once (clip 1's copy left out); 60 ms of silence after clip 1's sound". */
function describeSeam(seam) {
    const picture = seam.video === 'dropped'
        ? `the shared keyframe shown once (clip ${seam.after}'s copy left out, nothing refers to it)`
        : `the shared keyframe's two copies shown half a frame each (clip ${seam.after}'s B-frames refer to its copy)`;
    const sound = [
        seam.silenceMs > 0 ? `${Math.round(seam.silenceMs)} ms of silence after clip ${seam.after}'s sound` : '',
        seam.gapMs > 0 ? `a ${Math.round(seam.gapMs)} ms gap left in the sound (no silent frame for it)` : ''
    ].filter(Boolean);
    return `Seam ${seam.after}|${seam.after + 1}: ${picture}${sound.length > 0 ? `; ${sound.join('; ')}` : ''}`;
}

// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/minimax/body.ts
var minimax_body = __webpack_require__(3895);
// EXTERNAL MODULE: ./src/plan/decide.ts
var decide = __webpack_require__(2759);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/fs/mp4.ts
var mp4 = __webpack_require__(5772);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/fs/cleanup.ts
var cleanup = __webpack_require__(828);
;// CONCATENATED MODULE: ./src/video/download.ts
/**
 * Download the video: stream it to a temporary file beside the destination (hashing it on the
 * way, so nothing reads it again for its SHA-256), check its length against what the server
 * announced and that it is an MP4 (an ftyp box first), then rename it into place. A download cut
 * short is retried and never leaves a partial file at the destination. The download host is not
 * MiniMax's API: the API key is never sent to it.
 */












/** Where neither MiniMax nor the download host says how big the video is, it may be this big at most. */
const MAX_VIDEO_BYTES = 512 * 1024 * 1024;
/** A download gets request-timeout for each this many bytes (at least one): about 270 KB/s with the defaults. */
const BYTES_PER_TIMEOUT = 16 * 1024 * 1024;
/** Redirects followed at most (GET, and never an Authorization header: none is ever sent here). */
const MAX_REDIRECTS = 5;
const DISK_ERRORS = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'the file system is read-only',
    EISDIR: 'a folder is in the way',
    ENOTDIR: 'a file is in the way of a folder',
    ENOENT: 'the folder is gone',
    EEXIST: 'a file is in the way'
};
/** The URL without its query (a signature), for logs; parsed, so it cannot carry a line break. */
function withoutQuery(url) {
    try {
        const parsed = new URL(url);
        return `${parsed.origin}${parsed.pathname}`;
    }
    catch {
        return JSON.stringify(url.replace(/[?#].*$/, ''));
    }
}
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** GET the video, following at most MAX_REDIRECTS redirects to http(s) URLs. */
async function get(options, what, timeoutMs) {
    let url = options.url;
    for (let hops = 0;; hops++) {
        let response;
        try {
            response = await request(url, { method: 'GET', timeoutMs, signal: options.signal });
        }
        catch (error) {
            throw networkError(what, error, options.requestTimeoutSeconds, options.signal);
        }
        const location = header(response.headers, 'location');
        if (!REDIRECTS.has(response.statusCode) || !location)
            return response;
        response.body.resume();
        const next = new URL(location, url);
        if (next.protocol !== 'https:' && next.protocol !== 'http:') {
            throw new errors/* ApiError */.hD(`${what}: redirected to a ${next.protocol} URL, which is not a download`, { retryable: false });
        }
        if (hops + 1 > MAX_REDIRECTS) {
            throw new errors/* ApiError */.hD(`${what}: more than ${MAX_REDIRECTS} redirects`, { retryable: false });
        }
        url = next.href;
    }
}
async function attempt(options, partial) {
    const what = `Downloading the video from ${withoutQuery(options.url)}`;
    const response = await get(options, what, downloadTimeoutMs(options));
    if (response.statusCode !== 200)
        refuseStatus(what, response);
    const announced = Number(header(response.headers, 'content-length') ?? NaN);
    const limit = Math.min(Number.isFinite(announced) ? announced : MAX_VIDEO_BYTES, options.expectedBytes ?? MAX_VIDEO_BYTES, MAX_VIDEO_BYTES);
    if (announced > MAX_VIDEO_BYTES) {
        response.body.destroy();
        throw new errors/* ApiError */.hD(`${what}: the host announces ${announced} bytes, more than any video (${MAX_VIDEO_BYTES})`, {
            retryable: false
        });
    }
    const { received, sha256 } = await save(options, what, response, partial, limit);
    checkLength(options, what, received, announced);
    if (!(0,mp4/* startsLikeMp4 */.i)(partial))
        throw new errors/* NotAVideoError */.kS(`${what}: the file is not an MP4 video (no ftyp box at its start)`);
    return { bytes: received, sha256 };
}
/** Request-timeout for each BYTES_PER_TIMEOUT of the video (four of them when its size is not known). */
function downloadTimeoutMs(options) {
    const sizeForTime = options.expectedBytes ?? 4 * BYTES_PER_TIMEOUT;
    return Math.round(options.requestTimeoutSeconds * 1000) * Math.max(1, Math.ceil(sizeForTime / BYTES_PER_TIMEOUT));
}
/** An answer other than 200 is no video: retried where the host may answer better later. */
function refuseStatus(what, response) {
    response.body.resume();
    const status = response.statusCode;
    throw new errors/* ApiError */.hD(`${what}: HTTP ${status}${status === 403 ? ' (the link may have expired)' : ''}`, {
        retryable: status === 429 || status >= 500,
        retryAfterMs: retryAfterMs(header(response.headers, 'retry-after'))
    });
}
/** Stream the body to `partial`, hashing it on the way; an error says whether the disk or the network failed. */
async function save(options, what, response, partial, limit) {
    let received = 0;
    let overflow = false;
    const hash = (0,external_node_crypto_.createHash)('sha256');
    // Stop at the size that was announced: a body that runs on past it is cut, never written.
    const count = new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            received += chunk.length;
            if (received > limit) {
                overflow = true;
                done(new Error('over the announced size'));
                return;
            }
            hash.update(chunk);
            done(null, chunk);
        }
    });
    try {
        await (0,external_node_stream_promises_.pipeline)(response.body, count, (0,external_node_fs_.createWriteStream)(partial));
    }
    catch (error) {
        if (overflow) {
            throw new errors/* ApiError */.hD(`${what}: the body runs past ${limit} bytes, the size announced for it; it was cut off`, {
                retryable: false,
                cause: error
            });
        }
        const code = error.code ?? '';
        // The disk, not the network: retrying would not help.
        if (DISK_ERRORS[code])
            throw new errors/* DiskError */.Q6(`Could not save the video at ${partial}: ${DISK_ERRORS[code]} (${code})`, { cause: error });
        throw networkError(`${what}: cut off after ${received} bytes`, error, options.requestTimeoutSeconds, options.signal);
    }
    return { received, sha256: hash.digest('hex') };
}
/** A body shorter than the host or MiniMax announced was cut short: worth another try. */
function checkLength(options, what, received, announced) {
    const expected = Number.isFinite(announced) ? announced : options.expectedBytes;
    if (expected !== undefined && received !== expected) {
        throw new errors/* ApiError */.hD(`${what}: got ${received} of ${expected} bytes (cut short)`, { retryable: true });
    }
    if (options.expectedBytes !== undefined && received !== options.expectedBytes) {
        throw new errors/* ApiError */.hD(`${what}: got ${received} bytes, but MiniMax announced ${options.expectedBytes}`, {
            retryable: true
        });
    }
}
async function downloadVideo(options) {
    const destination = external_node_path_default().resolve(options.destination);
    await (0,external_node_fs_promises_.mkdir)(external_node_path_default().dirname(destination), { recursive: true });
    const partial = external_node_path_default().join(external_node_path_default().dirname(destination), `.${external_node_path_default().basename(destination)}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.part`);
    const forget = (0,cleanup/* removeAtExit */.m)(partial);
    const policy = {
        signal: options.signal,
        what: `Downloading the video from ${withoutQuery(options.url)}`,
        maxRetries: options.maxRetries,
        initialDelaySeconds: options.retryInitialDelaySeconds,
        deadline: Infinity,
        idempotent: true,
        attemptTimeoutMs: Math.round(options.requestTimeoutSeconds * 1000)
    };
    try {
        return await withRetries(policy, options.clock ?? realClock, options.log, async () => {
            try {
                const got = await attempt(options, partial);
                await (0,external_node_fs_promises_.rename)(partial, destination);
                return { path: destination, ...got };
            }
            catch (error) {
                await (0,external_node_fs_promises_.rm)(partial, { force: true });
                throw error;
            }
        });
    }
    finally {
        await (0,external_node_fs_promises_.rm)(partial, { force: true });
        forget();
    }
}

;// CONCATENATED MODULE: ./src/execute/video.ts
/**
 * A finished task's video on disk: downloaded at once (its link expires), read back from its own
 * tracks (size, length, sound: H3 clips run past whole seconds, so nothing is assumed), held
 * against what was asked for, and copied to every clip that is the same request.
 */







/** A MiniMax clip runs at most this far past its requested duration (H3: 0.1 to 0.5 s past whole seconds). */
const LENGTH_SLACK_SECONDS = 1.5;
/**
 * The task's video, downloaded to `destination` at once: its link expires (V1's in about an hour,
 * V2's when MiniMax decides). `found` hears the link as soon as MiniMax gives it.
 */
async function downloadResult(context, state, destination, found) {
    const { client, inputs, log } = context;
    const link = await client.videoLink(state);
    found(link.url);
    return downloadVideo({
        url: link.url,
        destination,
        expectedBytes: link.bytes,
        requestTimeoutSeconds: inputs.requestTimeout,
        maxRetries: inputs.maxRetries,
        retryInitialDelaySeconds: inputs.retryInitialDelay,
        log,
        signal: context.signal
    });
}
/**
 * The video's tracks, and whether it is what the request could have made: an H.264 MP4 that
 * starts with a keyframe, no larger than the resolution asked for, and not longer than the
 * duration asked for (plus what MiniMax adds). A clip restored from records is held to this
 * before it is used: anyone who can write the cache scope could have put another file there.
 */
async function checkVideo(file, job) {
    let info;
    try {
        const { probeClip } = await __webpack_require__.e(/* import() */ 375).then(__webpack_require__.bind(__webpack_require__, 6375));
        info = await probeClip(file);
    }
    catch (error) {
        return { problem: `its tracks could not be read (${(0,errors/* errorMessage */.gJ)(error)})` };
    }
    const { video, audio } = info;
    const turned = video.rotation === 90 || video.rotation === 270;
    const tracks = {
        width: turned ? video.codedHeight : video.codedWidth,
        height: turned ? video.codedWidth : video.codedHeight,
        durationSeconds: video.duration,
        frameRate: video.frameRate,
        sound: audio
            ? `${audio.codecString}, ${audio.channels === 2 ? 'stereo' : `${audio.channels} channels`}, ` +
                `${audio.sampleRate} Hz`
            : undefined
    };
    if (video.codec !== 'avc' || !video.startsWithIdr)
        return { problem: 'it is not an H.264 video that starts with a keyframe' };
    if (!job)
        return { tracks };
    const side = rules/* RESOLUTION_SHORT_SIDE */.qo[job.resolution];
    if (side !== undefined && Math.min(tracks.width, tracks.height) > side) {
        return { problem: `it is ${tracks.width}x${tracks.height}, larger than ${job.resolution}` };
    }
    if (!(video.duration > 0) || video.duration > job.duration + LENGTH_SLACK_SECONDS) {
        return { problem: `it lasts ${video.duration.toFixed(2)} s, not the ${job.duration} s asked for` };
    }
    return { tracks };
}
/** A copy of the video for another clip that is the same request (written whole, then renamed). */
async function copyVideo(from, to) {
    if (external_node_path_default().resolve(from) === external_node_path_default().resolve(to))
        return;
    await (0,external_node_fs_promises_.mkdir)(external_node_path_default().dirname(to), { recursive: true });
    const partial = `${to}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.part`;
    const forget = (0,cleanup/* removeAtExit */.m)(partial);
    try {
        await (0,external_node_fs_promises_.copyFile)(from, partial);
        await (0,external_node_fs_promises_.rename)(partial, to);
    }
    catch (error) {
        await (0,external_node_fs_promises_.rm)(partial, { force: true });
        throw error;
    }
    finally {
        forget();
    }
}

// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
;// CONCATENATED MODULE: ./src/execute/wait.ts
/**
 * Wait for a task: poll its status until it succeeded, failed or the deadline passed, logging each change with
 * the time elapsed and a heartbeat while nothing changes. Transient trouble is ridden out inside
 * the deadline (the client retries it); a final error code ends the wait at once.
 */



const HEARTBEAT_MS = 60_000;
async function waitForTask(options) {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? realClock.sleep;
    const started = now();
    const deadline = options.deadline ?? started + options.timeoutSeconds * 1000;
    const elapsed = () => (0,src_text/* formatDuration */.a3)((now() - started) / 1000);
    let last;
    let lastLine = started;
    let polls = 0;
    const timedOut = (status) => new errors/* WaitTimeoutError */.Do(`Task ${options.taskId} did not finish within wait-timeout (${options.timeoutSeconds} s); its last ` +
        `status was ${status ?? 'not known yet'}. ` +
        `It may still finish, and it is paid for: collect it later with this action and task-id: ${options.taskId} ` +
        `(for example in a later job: with: { task-id: \${{ needs.<job>.outputs.task_id }} }).`, { taskId: options.taskId, timeoutSeconds: options.timeoutSeconds, lastStatus: status });
    for (;;) {
        let state;
        try {
            state = await options.client.query(options.taskId, deadline);
        }
        catch (error) {
            // The deadline cut a status query short (or left no time to repeat one): that is the timeout.
            if (error instanceof errors/* ApiError */.hD && error.outOfTime)
                throw timedOut(last);
            throw error;
        }
        polls++;
        if (state.status !== last) {
            options.log(`[${elapsed()}] Task ${options.taskId}: ${state.status}`);
            options.onStatus?.(state.status, state.phase);
            last = state.status;
            lastLine = now();
        }
        else if (now() - lastLine >= HEARTBEAT_MS) {
            options.log(`[${elapsed()}] Task ${options.taskId}: still ${state.status} (${polls} status checks so far)`);
            lastLine = now();
        }
        if (state.phase === 'succeeded')
            return { ...state, elapsedSeconds: (now() - started) / 1000 };
        if (state.phase === 'failed')
            throw taskFailed(options.taskId, state, elapsed());
        const left = deadline - now();
        if (left <= 0)
            throw timedOut(state.status);
        await sleep(Math.min(options.pollIntervalSeconds * 1000, left), options.signal);
    }
}
function taskFailed(taskId, state, elapsed) {
    return new errors/* TaskFailedError */.zX(`MiniMax reports that task ${taskId} ${state.failure ?? `ended with status ${state.status}`} after ` +
        `${elapsed}${state.trace ? ` (${state.trace})` : ''}. ` +
        `${state.advice ?? "Check MiniMax's console for the reason"}.`);
}

;// CONCATENATED MODULE: ./src/execute/lifecycle.ts
/**
 * The life of one paid request, the same for a single clip and for every clip of a storyboard:
 * start from what was decided before paying (an earlier run's video, its task, a task the inputs
 * name, an earlier answer that was lost, or a new task, paid for); record the task the moment it
 * exists (its id goes out first); wait for it; download and check the video; record it; hand it
 * to every clip that is the same request. A recorded task that MiniMax no longer has is replaced
 * once, within max-paid-tasks. An ActionError ends the request; the caller decides what that
 * means for the run (a single clip fails it, a storyboard names the clip at the end).
 */









async function runRequest(context, scheduler, unit) {
    try {
        const { start } = unit.request;
        if (start.kind === 'video') {
            const used = await useRecordedVideo(context, scheduler, unit).finally(() => scheduler.restored());
            if (used)
                return;
        }
        const task = await obtainTask(context, scheduler, unit, start);
        if (!context.waits)
            return;
        try {
            await collect(context, scheduler, unit, task.taskId);
        }
        catch (error) {
            if (!task.fromRecord || !taskGone(error))
                throw error;
            await replace(context, scheduler, unit, task.taskId, error);
        }
    }
    finally {
        scheduler.done(unit);
    }
}
/** An earlier run's task that is no good now: failed, or unknown to this account (too old, another key). */
function taskGone(error) {
    return error instanceof errors/* TaskFailedError */.zX || (error instanceof errors/* ApiError */.hD && error.code === 2013);
}
const lead = (unit) => (unit.label ? `${unit.label}: ` : '');
const setAll = (unit, patch) => unit.clips.forEach(clip => Object.assign(clip, patch));
const group = (context, unit, name, fn) => unit.verbose ? context.log.group(name, fn) : fn();
const again = (unit) => `from an earlier run with the same inputs (fingerprint ${(0,src_text/* shortHash */.BC)(unit.request.fingerprint ?? '')})`;
/** The task this request is: named by the inputs, recorded by an earlier run, found, or paid for now. */
async function obtainTask(context, scheduler, unit, start) {
    const { log } = context;
    if (start.kind === 'given') {
        setAll(unit, { taskId: start.taskId, cacheHit: false });
        unit.changed();
        log.info(`${lead(unit)}Collecting existing task ${start.taskId}; nothing new is submitted.`);
        // "This task is what these inputs made": later runs with them reuse it, and a lost answer is cleared.
        await recordTask(context, unit, start.taskId);
        return { taskId: start.taskId, fromRecord: false };
    }
    const recorded = start.kind === 'task' || start.kind === 'video' ? start.taskId : undefined;
    if (recorded) {
        setAll(unit, { taskId: recorded, cacheHit: true });
        unit.changed();
        log.info(`${lead(unit)}Reusing task ${recorded} ${again(unit)}; set take: 2 to pay for a new one.`);
        return { taskId: recorded, fromRecord: true };
    }
    if (start.kind === 'lost')
        return { taskId: await findRecordedLost(context, scheduler, unit, start), fromRecord: true };
    // A recorded video that could not be used, with no task to fall back on, is paid for beyond the plan.
    if (start.kind === 'video' && !scheduler.spend(jobOf(unit)))
        throw overBudget(context, scheduler.blockedBy(jobOf(unit)), 'its recorded video could not be used');
    return { taskId: await payFor(context, scheduler, unit), fromRecord: false };
}
/** A new task, paid for: its id goes out, is announced and recorded before anything else can fail. */
async function payFor(context, scheduler, unit) {
    const { client, inputs, log } = context;
    const job = jobOf(unit);
    const body = (0,minimax_body/* buildBody */.zm)(job);
    const taskId = await group(context, unit, 'Submitting the task', async () => {
        if (unit.verbose)
            log.info(`Submitting to ${inputs.baseUrl} (${body.contentLength} bytes)...`);
        try {
            return await scheduler.submit(body, job, unit.label, unit);
        }
        catch (error) {
            if (!(error instanceof errors/* ApiError */.hD) || !error.maybeCreated)
                throw error;
            // Recorded at once, before anything else can fail: MiniMax may have made this task.
            unit.lost = { error, sentAt: error.sentAt };
            await recordLostAnswer(context, scheduler, unit);
            if (!client.findsLostTasks)
                throw error;
            const sent = error.sentAt ?? Date.now() - client.budgetMs;
            const found = await scheduler.findLost(job, { from: sent, until: Date.now() }, error).catch(async (final) => {
                // Again if the lookup, which waited for every submit out, came to know more task ids.
                if ((unit.lost?.known ?? 0) < scheduler.known.length)
                    await recordLostAnswer(context, scheduler, unit);
                throw final;
            });
            unit.lost = undefined;
            return found;
        }
    });
    setAll(unit, { taskId, cacheHit: false, created: true });
    try {
        unit.changed();
    }
    finally {
        // Announced and recorded even if writing the outputs failed: the task is paid for.
        log.notice(`${lead(unit)}MiniMax task ${taskId} created (${job.model}, ${job.resolution}, ${job.duration} s).`, {
            title: 'Video task created'
        });
        await recordTask(context, unit, taskId);
    }
    return taskId;
}
/**
 * An earlier run's submit of this request lost its answer, so MiniMax may have made the task.
 * With a task list (V2) it is looked for there, within the time that request was out; otherwise,
 * or when the list does not show exactly one, the clip is not paid for again: the user says which.
 */
async function findRecordedLost(context, scheduler, unit, lost) {
    const { client, log } = context;
    const { what, advice } = (0,decide/* lostAnswer */.dw)(lost, unit.keyframe);
    if (!client.findsLostTasks)
        throw new errors/* ActionError */.lZ(`${what}: ${advice}`);
    const sent = Date.parse(lost.sentAt);
    const error = new errors/* ApiError */.hD(`${what[0].toUpperCase()}${what.slice(1)}`, {
        retryable: false,
        maybeCreated: true,
        advice
    });
    const taskId = await scheduler.findLost(jobOf(unit), { from: sent, until: sent + client.budgetMs }, error);
    setAll(unit, { taskId, cacheHit: true });
    unit.changed();
    log.info(`${lead(unit)}Task ${taskId} is the one an earlier run paid for; it is collected and recorded.`);
    await recordTask(context, unit, taskId);
    return taskId;
}
/** A task from an earlier run that MiniMax no longer has: one new task instead, within max-paid-tasks. */
async function replace(context, scheduler, unit, taskId, error) {
    const why = `task ${taskId} from an earlier run cannot be used (${(0,errors/* errorMessage */.gJ)(error)})`;
    if (!scheduler.spend(jobOf(unit)))
        throw overBudget(context, scheduler.blockedBy(jobOf(unit)), why);
    context.log.warning(`${lead(unit)}${why[0].toUpperCase()}${why.slice(1)}; paying for a new one.`);
    for (const clip of unit.clips) {
        for (const key of ['taskId', 'status', 'elapsedSeconds', 'fileId', 'downloadUrl', 'failure'])
            delete clip[key];
    }
    setAll(unit, { cacheHit: false });
    unit.changed();
    await collect(context, scheduler, unit, await payFor(context, scheduler, unit));
}
function overBudget(context, cap, why) {
    const { maxPaidTasks, maxCost } = context.inputs;
    const caps = cap === 'max-cost' && maxCost
        ? `max-cost (${(0,prices/* formatMoney */.up)(maxCost)}, of which what is left does not cover its price)`
        : `max-paid-tasks (${maxPaidTasks})`;
    return new errors/* ActionError */.lZ(`${why}, and ${caps} leaves no task to pay for instead: nothing was paid for this clip. Raise the cap to ` +
        `make it.`);
}
/** The video an earlier run recorded, if it can still be used: checked, and put where this run's goes. */
async function useRecordedVideo(context, scheduler, unit) {
    const { records, client, log } = context;
    const fingerprint = unit.request.fingerprint;
    if (!records || !fingerprint)
        return false;
    const owner = unit.clips[0];
    const restored = await records.restoreClip(fingerprint, record => unit.destination(owner, record.taskId));
    if (!restored)
        return false;
    const checked = await checkVideo(restored.path, unit.request.job);
    if ('problem' in checked) {
        log.warning(`${lead(unit)}The video recorded ${again(unit)} was not used: ${checked.problem}.`);
        await (0,external_node_fs_promises_.rm)(restored.path, { force: true });
        return false;
    }
    const { taskId } = restored.record;
    scheduler.know(taskId);
    setAll(unit, { taskId, status: client.succeeded, cacheHit: true });
    await keepVideo(unit, taskId, { path: restored.path, bytes: restored.record.bytes }, checked.tracks);
    unit.changed();
    log.info(`${lead(unit)}Reusing the video of task ${taskId} ${again(unit)}. Nothing was sent to MiniMax.`);
    return true;
}
/** Wait for the task, download its video, check it and record it. */
async function collect(context, scheduler, unit, taskId) {
    const { client, inputs, log } = context;
    const done = await group(context, unit, `Waiting for task ${taskId}`, async () => {
        if (unit.verbose) {
            log.info(`Waiting for task ${taskId} (at most ${inputs.waitTimeout} s, a status check every ${inputs.pollInterval} s)...`);
        }
        try {
            return await waitForTask({
                client,
                taskId,
                deadline: scheduler.deadline,
                timeoutSeconds: inputs.waitTimeout,
                pollIntervalSeconds: inputs.pollInterval,
                log: line => unit.verbose && log.info(line),
                signal: context.signal,
                onStatus: (status, phase) => {
                    setAll(unit, { status });
                    if (phase !== 'pending')
                        scheduler.done(unit);
                    unit.changed();
                }
            });
        }
        catch (error) {
            if (error instanceof errors/* WaitTimeoutError */.Do && unit.keyframe)
                throw storyboardTimeout(context, unit, error);
            throw error;
        }
    });
    setAll(unit, { elapsedSeconds: done.elapsedSeconds, fileId: done.fileId });
    unit.changed();
    const owner = unit.clips[0];
    const { saved, tracks } = await group(context, unit, 'Downloading the video', async () => {
        const destination = unit.destination(owner, taskId);
        const saved = await downloadResult(context, done, destination, url => {
            setAll(unit, { downloadUrl: url });
            unit.changed();
            if (unit.verbose)
                log.info(`Downloading ${withoutQuery(url)} to ${destination}...`);
        });
        const checked = await checkVideo(saved.path, unit.request.job);
        // It is paid for: kept whatever it is, with a warning when it is not what was asked for.
        if ('problem' in checked) {
            log.warning(`${lead(unit)}The video was saved to ${saved.path}, but ${checked.problem}: it is kept (it is paid for), ` +
                `but not recorded for later runs.`);
        }
        const tracks = 'tracks' in checked ? checked.tracks : undefined;
        if (unit.verbose)
            log.info(`Video written: ${saved.path} (${describeVideo(saved.bytes, tracks, done)})`);
        return { saved, tracks };
    });
    await keepVideo(unit, taskId, saved, tracks, done);
    unit.changed();
    // A video that is not what was asked for is kept (it is paid for) but not recorded: a later run
    // would refuse it anyway, and collecting its task again costs nothing while MiniMax keeps it.
    if (tracks)
        await recordClip(context, unit, saved);
}
function describeVideo(bytes, tracks, state) {
    const width = tracks?.width ?? state.videoWidth;
    const height = tracks?.height ?? state.videoHeight;
    return [
        `${bytes} bytes`,
        width ? `${width}x${height}` : '',
        tracks ? `${tracks.durationSeconds.toFixed(2)} s` : '',
        tracks ? (tracks.sound ? `sound: ${tracks.sound}` : 'no sound') : ''
    ]
        .filter(Boolean)
        .join(', ');
}
/** The video becomes each served clip's own: the first clip's file, copies for the others. */
async function keepVideo(unit, taskId, saved, tracks, state = {}) {
    for (const clip of unit.clips) {
        const file = clip === unit.clips[0] ? saved.path : unit.destination(clip, taskId);
        await copyVideo(saved.path, file);
        clip.video = {
            path: file,
            bytes: saved.bytes,
            width: tracks?.width ?? state.videoWidth,
            height: tracks?.height ?? state.videoHeight,
            durationSeconds: tracks?.durationSeconds,
            frameRate: tracks?.frameRate,
            sound: tracks?.sound
        };
    }
}
/** In a storyboard, a task that did not finish in time is collected by running the storyboard again. */
function storyboardTimeout(context, unit, error) {
    const way = context.records
        ? 'a re-run of this storyboard collects it (its task is recorded)'
        : `add  task-id: "${error.taskId}"  to keyframes[${unit.keyframe.index}] to collect it`;
    return new errors/* WaitTimeoutError */.Do(`Task ${error.taskId} did not finish within wait-timeout (${error.timeoutSeconds} s); its last ` +
        `status was ${error.lastStatus ?? 'not known yet'}. It may still finish, and it is paid for: ${way}`, error);
}
function jobOf(unit) {
    const { job } = unit.request;
    if (!job)
        throw new Error('a request without its inputs can only be collected');
    return job;
}
/** Right after MiniMax accepts (or the inputs name) a task: its record, so a later run collects it, not pays. */
async function recordTask(context, unit, taskId) {
    const { fingerprint } = unit.request;
    if (!context.records || !fingerprint)
        return;
    await context.records.saveTask({
        kind: 'task',
        fingerprint,
        taskId,
        model: jobOf(unit).model,
        createdAt: new Date().toISOString()
    });
}
/**
 * A submit whose answer was lost (it may have created a task): recorded, so that the next run with
 * these inputs looks before it pays instead of paying a second time; with every task id this run
 * knows, which a later look in the task list must not take for this one.
 */
async function recordLostAnswer(context, scheduler, unit) {
    const { fingerprint } = unit.request;
    if (!context.records || !fingerprint || !unit.lost)
        return;
    const { error, sentAt } = unit.lost;
    unit.lost.known = scheduler.known.length;
    await context.records.saveTask({
        kind: 'task',
        fingerprint,
        lostAnswer: error.failure,
        model: jobOf(unit).model,
        createdAt: new Date().toISOString(),
        sentAt: new Date(sentAt ?? Date.now()).toISOString(),
        known: scheduler.known
    });
}
/** Once the video is downloaded and checked: the clip itself, so a later run needs no request at all. */
async function recordClip(context, unit, saved) {
    const { fingerprint } = unit.request;
    const taskId = unit.clips[0].taskId;
    if (!context.records || !fingerprint || !taskId)
        return;
    await context.records.saveClip({
        kind: 'clip',
        fingerprint,
        taskId,
        bytes: saved.bytes,
        sha256: saved.sha256,
        createdAt: new Date().toISOString()
    }, saved.path);
}

;// CONCATENATED MODULE: ./src/execute/progress.ts
/**
 * A storyboard's progress in the log: one line when something changed (a clip sent, done or
 * failed), and a heartbeat when nothing has for a while; never the same line twice in a row.
 */

class Progress {
    #clips;
    #succeeded;
    #log;
    #started = Date.now();
    #timer;
    #counts = '';
    #line = '';
    #printedAt = Date.now();
    /** `succeeded`: the status a finished task has (V1 Success, V2 succeeded): its clip is done while it downloads. */
    constructor(clips, succeeded, log, heartbeatMs) {
        this.#clips = clips;
        this.#succeeded = succeeded;
        this.#log = log;
        this.#timer = setInterval(() => {
            if (Date.now() - this.#printedAt >= heartbeatMs)
                this.#print();
        }, heartbeatMs).unref();
    }
    /** Print a line if the counts changed since the last one. */
    update() {
        if (this.#tally() !== this.#counts)
            this.#print();
    }
    close() {
        clearInterval(this.#timer);
    }
    #tally() {
        const n = this.#clips.length;
        const failed = this.#clips.filter(c => c.failure).length;
        const done = this.#clips.filter(c => !c.failure && (c.video || c.status === this.#succeeded)).length;
        const queued = this.#clips.filter(c => !c.taskId && !c.failure && !c.video).length;
        const processing = n - done - failed - queued;
        return (`${done} of ${n} clips done, ${processing} processing, ${failed} failed` +
            `${queued ? `, ${queued} waiting to be sent` : ''}`);
    }
    #print() {
        // Nothing to say until a clip has a task (or an end): "0 of 5 done, 5 waiting" says nothing.
        if (!this.#clips.some(c => c.taskId || c.failure || c.video))
            return;
        const counts = this.#tally();
        const line = `${counts}, ${(0,src_text/* compactDuration */.sQ)((Date.now() - this.#started) / 1000)}`;
        this.#counts = counts;
        this.#printedAt = Date.now();
        if (line === this.#line)
            return;
        this.#line = line;
        this.#log(line);
    }
}

;// CONCATENATED MODULE: ./src/execute/lost.ts
/**
 * A submit whose answer was lost may still have made a task (V2 only: V1 has no task list). MiniMax's
 * task list is searched for one of the same model, resolution and duration, created within the
 * window the request was out, that the run does not know already. Exactly one, and no other lost
 * answer of the same kind: that is the task. Anything else: the submit's error, saying what the
 * list showed. The list knows nothing of prompts or frames, so the warning says what was assumed.
 */

/** How far MiniMax's clock may be from the runner's when a lost task is matched by its creation time. */
const CLOCK_SLACK_SECONDS = 5;
async function findLostTask(client, log, job, window, error, known, others) {
    if (!client.findsLostTasks)
        throw error;
    const kind = (n) => `${job.model} task${n === 1 ? '' : 's'} (${job.resolution}, ${job.duration} s)`;
    const from = Math.floor(window.from / 1000) - CLOCK_SLACK_SECONDS;
    const until = window.until / 1000 + CLOCK_SLACK_SECONDS;
    let matches;
    try {
        const listed = await client.listTasks(job.model, from);
        matches = listed
            .filter(t => t.createdAt <= until && t.resolution === job.resolution && t.duration === job.duration)
            .filter(t => !known.has(t.taskId))
            .map(t => t.taskId);
    }
    catch (listing) {
        // Whatever went wrong reading the list (a cancel aside), the submit's own error stands: the task may exist.
        if (listing instanceof errors/* CancelledError */.cc)
            throw listing;
        throw error.withDetail(`MiniMax's task list could not be read either: ${(0,errors/* errorMessage */.gJ)(listing)}`);
    }
    if (matches.length === 1 && others === 0) {
        log.warning(`${error.failure}. MiniMax's task list shows exactly one ${kind(1)} created meanwhile, task ${matches[0]}: ` +
            `this run takes it as its own instead of paying again (if another job submitted the same model, ` +
            `resolution and duration with this key at that moment, check it in MiniMax's console).`);
        return matches[0];
    }
    const shows = matches.length === 0
        ? `shows no ${kind(1)} created meanwhile (yet)`
        : `shows ${matches.length} ${kind(matches.length)} created meanwhile (${matches.join(', ')}), ` +
            (others > 0 ? `and ${others + 1} answers for ${kind(2)} were lost in this run, ` : '') +
            `so this run cannot tell which is its own; collect it with task-id`;
    throw error.withDetail(`MiniMax's task list ${shows}.`);
}

;// CONCATENATED MODULE: ./src/execute/scheduler.ts
/**
 * What the clips of one run share while they run: the wait deadline, the stop that keeps submits
 * from starting (an account error, wait-timeout), V2's limit of tasks in flight, the lost-answer
 * lookups (one at a time, with no submit out: every other task id is known then), the task ids
 * the run knows, and the budget of tasks it may still pay for. The client's one pacer spaces the
 * submits. A single clip is a storyboard of one here: the same rules hold for both.
 */



/** Answers that fail every clip alike (the key, the balance): submits not yet started are not sent. */
const ACCOUNT_CODES = new Set([1004, 1008, 2038, 2049, 2056]);
/** Lost answers of one kind (model, resolution, duration) cannot be told apart in MiniMax's task list. */
const kindOf = (job) => `${job.model}/${job.resolution}/${job.duration}`;
class Scheduler {
    deadline;
    #client;
    #log;
    #stop = new AbortController();
    #slots;
    #spare;
    #spareMoney;
    #priceOf;
    #known;
    #lostOfKind = new Map();
    #out = 0;
    #lookups = 0;
    #lookupsDone = Promise.resolve();
    #whenNoneOut = [];
    #whenNoLookups = [];
    #timer;
    constructor(options) {
        const clock = options.clock ?? realClock;
        this.deadline = options.deadline;
        this.#client = options.client;
        this.#log = options.log;
        this.#slots = new Slots(options.maxInFlight, this.#stop.signal);
        const { budget } = options;
        this.#spare = budget.maxTasks - budget.planned;
        this.#spareMoney = budget.maxCost && budget.maxCost.minor - (budget.plannedCost?.minor ?? 0);
        this.#priceOf = budget.priceOf ?? (() => undefined);
        this.#known = new Set(options.known);
        for (const job of options.lost)
            this.#countLost(job);
        // Until each recorded video is restored (or not), its task id may be unknown: lookups wait.
        this.#out = options.restores ?? 0;
        // At the deadline, submits still waiting their turn are not sent; one already sent finishes.
        this.#timer = setTimeout(() => this.stop(options.timeoutText), Math.max(0, this.deadline - clock.now())).unref();
    }
    /** Keep every submit that has not started from starting (one already sent is never cut off). */
    stop(reason) {
        if (!this.#stop.signal.aborted)
            this.#stop.abort(new errors/* ActionError */.lZ(reason));
    }
    get stopped() {
        return this.#stop.signal.aborted;
    }
    /** A task id this run knows: a lookup for a lost answer never takes it. */
    know(taskId) {
        this.#known.add(taskId);
    }
    /** Every task id this run knows now (a lost answer's record keeps them for later runs). */
    get known() {
        return [...this.#known];
    }
    /** A recorded video was restored, or could not be (its task id, if any, is known by now). */
    restored() {
        this.#settle();
    }
    /**
     * One more task for `job` beyond the plan (a recorded task that failed, replaced): false when it
     * does not fit max-paid-tasks, or max-cost (a price that is not known does not fit a cap).
     */
    spend(job) {
        if (this.blockedBy(job))
            return false;
        if (this.#spareMoney !== undefined)
            this.#spareMoney -= this.#priceOf(job).minor;
        this.#spare--;
        return true;
    }
    /** Which cap keeps one more task for this job from being paid for, if any (for the message). */
    blockedBy(job) {
        if (this.#spare <= 0)
            return 'max-paid-tasks';
        if (this.#spareMoney === undefined)
            return undefined;
        const price = this.#priceOf(job);
        return !price || price.minor > this.#spareMoney ? 'max-cost' : undefined;
    }
    /**
     * Create the task: in the pacer's turn, within the tasks-in-flight limit, never while a lookup
     * for a lost answer runs. `label` names the clip in log lines ("Clip 2 of 5"); `slot`
     * identifies its hold on the in-flight limit (given back with `done`). The stop keeps it from
     * starting; once sent it runs to its answer.
     */
    async submit(body, job, label, slot) {
        await this.#slots.take(slot);
        try {
            while (this.#lookups > 0)
                await new Promise(resolve => this.#whenNoLookups.push(resolve));
            this.#stop.signal.throwIfAborted();
            this.#out++;
            try {
                const { taskId } = await this.#client.submit(body, { label, stop: this.#stop.signal });
                this.know(taskId);
                return taskId;
            }
            catch (error) {
                // Counted before the submit is no longer out: a lookup waiting for it must see this loss.
                if (error instanceof errors/* ApiError */.hD && error.maybeCreated)
                    this.#countLost(job);
                throw error;
            }
            finally {
                this.#settle();
            }
        }
        catch (error) {
            this.#slots.give(slot);
            if (error instanceof errors/* ApiError */.hD && error.code !== undefined && ACCOUNT_CODES.has(error.code)) {
                this.stop(`not sent: ${(0,errors/* errorMessage */.gJ)(error)}`);
            }
            throw error;
        }
    }
    /** The clip's task is no longer queued or running: its place in flight goes to the next clip. */
    done(slot) {
        this.#slots.give(slot);
    }
    /**
     * Look for the task a lost answer may have made, in MiniMax's task list: one lookup at a time,
     * each once no submit is out, so every other task id is known (and a task one lookup takes is
     * known to the next). `error` is what the submit ended with (thrown again, with what the list
     * showed, when there is not exactly one candidate).
     */
    findLost(job, window, error) {
        this.#lookups++;
        const turn = this.#lookupsDone.then(async () => {
            if (this.#out > 0)
                await new Promise(resolve => this.#whenNoneOut.push(resolve));
            const others = (this.#lostOfKind.get(kindOf(job)) ?? 1) - 1;
            const taskId = await findLostTask(this.#client, this.#log, job, window, error, this.#known, others);
            this.know(taskId);
            return taskId;
        });
        this.#lookupsDone = turn.catch(() => undefined);
        return turn.finally(() => {
            if (--this.#lookups === 0)
                this.#whenNoLookups.splice(0).forEach(go => go());
        });
    }
    close() {
        clearTimeout(this.#timer);
    }
    /** One submit (or restore) fewer out: lookups waiting for none go. */
    #settle() {
        if (--this.#out === 0)
            this.#whenNoneOut.splice(0).forEach(go => go());
    }
    #countLost(job) {
        this.#lostOfKind.set(kindOf(job), (this.#lostOfKind.get(kindOf(job)) ?? 0) + 1);
    }
}
/** At most `limit` clips hold a slot (a task in flight); the others wait, in order, until one is given back. */
class Slots {
    #held = new Set();
    #waiting = [];
    #limit;
    #signal;
    constructor(limit, signal) {
        this.#limit = limit;
        this.#signal = signal;
        signal.addEventListener('abort', () => this.#waiting.splice(0).forEach(go => go()), { once: true });
    }
    async take(holder) {
        while (this.#held.size >= this.#limit && !this.#signal.aborted) {
            await new Promise(resolve => this.#waiting.push(resolve));
        }
        this.#signal.throwIfAborted();
        this.#held.add(holder);
    }
    give(holder) {
        if (this.#held.delete(holder))
            this.#waiting.shift()?.();
    }
}

;// CONCATENATED MODULE: ./src/execute/cancel.ts
/**
 * After the run was cancelled: the tasks this run created that have not started are cancelled
 * (V2: MiniMax charges nothing for them). Each task's status is asked for first, and only a task
 * still `queued` is sent the DELETE: on a finished task it would delete the record, and its video
 * with it. A running task is left alone (its id is in the outputs). Tasks from earlier runs (task-id,
 * or reused) are not this run's to cancel. All within the seconds the cancelled run has left.
 */


/** Time kept, out of a cancelled run's last seconds, for the outputs and the job summary. */
const KEEP_FOR_REPORT_MS = 1500;
async function cancelQueued(context, result, changed) {
    const { client, log } = context;
    if (!client.cancelsQueued)
        return;
    const ids = new Set(result.clips
        .filter(c => c.taskId && c.created && !c.video && (c.status === undefined || c.status === 'queued'))
        .map(c => c.taskId));
    if (ids.size === 0)
        return;
    const withinMs = Math.min(3000, ((0,cancel/* exitDeadline */.nB)() ?? Date.now() + 3000) - Date.now() - KEEP_FOR_REPORT_MS);
    if (withinMs < 200) {
        log.warning(`No time was left to cancel the tasks that had not started (${[...ids].join(', ')}); they will run and be ` +
            `charged, and their ids are in the outputs.`);
        return;
    }
    const until = Date.now() + withinMs;
    const setStatus = (taskId, status) => {
        for (const clip of result.clips)
            if (clip.taskId === taskId)
                clip.status = status;
    };
    await Promise.all([...ids].map(async (taskId) => {
        try {
            const status = await client.peek(taskId, until - Date.now());
            if (status !== 'queued')
                return setStatus(taskId, status);
            const action = await client.cancel(taskId, until - Date.now());
            setStatus(taskId, action === 'cancelled' ? 'cancelled' : status);
            if (action === 'cancelled') {
                log.info(`Cancelled task ${taskId}, which had not started: MiniMax charges nothing for it.`);
            }
            else {
                log.warning(`Task ${taskId}: MiniMax answered the cancel with ${JSON.stringify(action.slice(0, 40))}.`);
            }
        }
        catch (error) {
            log.warning(`Task ${taskId} was not cancelled (${(0,errors/* errorMessage */.gJ)(error)}); it may have started, and its id is in the ` +
                `outputs.`);
        }
    }));
    changed();
}

;// CONCATENATED MODULE: ./src/execute/run.ts
/**
 * Running a plan: each paid request through its lifecycle (execute/lifecycle.ts) under one
 * scheduler, then, for a storyboard, the film; then the release asset. Loaded only by runs that
 * send something (it brings the client, undici, waiting and downloading).
 */














/** The client for this run: every request it sends is counted in `attempts`. */
function clientFor(inputs, log, signal) {
    const budgetMs = 3 * inputs.requestTimeout * 1000;
    return createClient(inputs.model, {
        signal,
        // One pacer for every request that creates a task, whatever clip it is for.
        pacer: new Pacer((0,inputs_inputs/* submitRateOf */.cA)(inputs)),
        // A submit kept waiting by rate limits may keep trying for as long as the run may wait.
        submitWindowMs: Math.max(budgetMs, (0,inputs_inputs/* waits */.l4)(inputs) ? inputs.waitTimeout * 1000 : 0),
        baseUrl: inputs.baseUrl,
        apiKey: inputs.apiKey,
        requestTimeoutSeconds: inputs.requestTimeout,
        maxRetries: inputs.maxRetries,
        retryInitialDelaySeconds: inputs.retryInitialDelay,
        log
    });
}
async function executePlan(context, run) {
    const { inputs, log } = context;
    const { plan, decided, result } = run;
    const storyboard = plan.storyboard;
    const film = storyboard && (0,destination/* videoDestination */.E)(inputs.outputPath, storyboard.filmName, context.workspace);
    const scheduler = schedulerFor(context, run);
    const progress = storyboard
        ? new Progress(result.clips, context.client.succeeded, line => log.info(line), inputs.pollInterval * 6000)
        : undefined;
    const changed = () => {
        run.changed();
        progress?.update();
    };
    const n = plan.clips.length;
    const units = decided.requests.map(request => ({
        request,
        clips: request.clips.map(i => result.clips[i]),
        label: storyboard ? `Clip ${request.clips.map(i => i + 1).join(' and ')} of ${n}` : '',
        keyframe: storyboard && {
            file: storyboard.file,
            index: request.clips[0],
            line: plan.clips[request.clips[0]].keyframe?.line
        },
        destination: (clip, taskId) => film ? clipPath(film, clip.index) : (0,destination/* videoDestination */.E)(inputs.outputPath, `${taskId}.mp4`, context.workspace),
        verbose: !storyboard,
        changed
    }));
    try {
        if (!storyboard)
            await runRequest(context, scheduler, units[0]);
        else
            await runClips(context, scheduler, units, plan, run);
    }
    finally {
        // A lost answer recorded now knows every task this run made, including those made after it.
        const later = units.filter(u => u.lost && (u.lost.known ?? 0) < scheduler.known.length);
        for (const unit of later)
            await recordLostAnswer(context, scheduler, unit);
        scheduler.close();
        progress?.close();
        // What this run created (replacements included) is what it costs; the run is over, so there
        // is no "at most" left, and a reused task whose clip failed saved nothing.
        const created = (0,cost/* estimate */.jA)(decided.requests, run.cost.currency, {
            waits: false,
            isNew: r => result.clips[r.clips[0]]?.created === true,
            used: r => !result.clips[r.clips[0]]?.failure
        });
        result.cost = (0,cost/* costResult */.z$)(created, plan.clips.length);
        changed();
    }
    const file = film ?? result.clips[0].video?.path;
    if (film && context.waits) {
        failIfAny(result.clips, film);
        const lines = plan.clips.map(c => c.keyframe?.line);
        result.film = await joinFilm(result.clips, film, { file: storyboard.file, lines }, log, context.signal);
        changed();
    }
    else if (film)
        failIfAny(result.clips, film);
    if (run.release && file && context.waits)
        await attach(context, run.release, file, result, changed);
}
/** The scheduler's limits come from the inputs; what it already knows comes from the decisions. */
function schedulerFor(context, run) {
    const { inputs, log } = context;
    const { decided } = run;
    return new Scheduler({
        client: context.client,
        log,
        deadline: Date.now() + inputs.waitTimeout * 1000,
        timeoutText: `not sent within wait-timeout (${inputs.waitTimeout} s)`,
        maxInFlight: context.waits ? ((0,rules/* rulesOf */.fD)(inputs.model).maxInFlight ?? Infinity) : Infinity,
        budget: {
            maxTasks: inputs.maxPaidTasks,
            planned: decided.pays.sure,
            maxCost: inputs.maxCost,
            plannedCost: run.cost.total,
            priceOf: job => (0,prices/* listPrice */.i3)(job.model, job.resolution, job.duration, run.cost.currency)
        },
        known: decided.requests.flatMap(({ start }) => start.kind === 'lost' ? (start.known ?? []) : 'taskId' in start && start.taskId ? [start.taskId] : []),
        lost: decided.requests.flatMap(r => (r.start.kind === 'lost' && r.job ? [r.job] : [])),
        restores: decided.requests.filter(r => r.start.kind === 'video').length
    });
}
/** Every clip of a storyboard at once; a clip that fails does not stop the others. */
async function runClips(context, scheduler, units, plan, run) {
    const { inputs, log } = context;
    const paid = run.decided.pays.sure;
    const reused = units.filter(u => u.request.start.kind !== 'pay').flatMap(u => u.clips).length;
    if (reused > 0) {
        log.info(`${reused} of ${plan.clips.length} clips reused from earlier runs; set take: 2 to pay for new ones.`);
    }
    const title = context.waits ? `Generating ${plan.clips.length} clips` : `Submitting ${paid} clips`;
    await log.group(title, async () => {
        if (paid > 0) {
            log.info(`Submitting ${paid} clips (at most ${(0,inputs_inputs/* submitRateOf */.cA)(inputs)} a minute)` +
                (context.waits
                    ? `, waiting at most ${inputs.waitTimeout} s, a status check every ${inputs.pollInterval} s...`
                    : '...'));
        }
        const settled = await Promise.allSettled(units.map(async (unit) => {
            try {
                await runRequest(context, scheduler, unit);
            }
            catch (error) {
                if (!(error instanceof errors/* ActionError */.lZ))
                    throw error;
                for (const clip of unit.clips)
                    clip.failure = (0,errors/* errorMessage */.gJ)(error);
                const at = unit.keyframe && { file: unit.keyframe.file, startLine: unit.keyframe.line };
                log.warning(`${unit.label}: ${(0,errors/* errorMessage */.gJ)(error)}`, at);
                unit.changed();
            }
        }));
        // A bug in one clip is thrown once every other clip has finished (their tasks are paid for).
        const bug = settled.find(s => s.status === 'rejected');
        if (bug)
            throw bug.reason;
    });
}
async function attach(context, release, file, result, changed) {
    const { uploadAsset } = await __webpack_require__.e(/* import() */ 386).then(__webpack_require__.bind(__webpack_require__, 5386));
    const url = await context.log.group(`Attaching the ${result.film ? 'film' : 'video'} to the release`, () => uploadAsset(context.inputs.githubToken, release, file, line => context.log.info(line)));
    if (result.film)
        result.film.releaseAssetUrl = url;
    else
        result.clips[0].releaseAssetUrl = url;
    changed();
}


/***/ }),

/***/ 828:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ removeAtExit)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/** Files still being written are removed when the process exits, whatever the way out (a cancel, a bug, exit()). */

const unfinished = new Set();
let exitHook = false;
/** Remove `file` if the process exits before `done()` is called. */
function removeAtExit(file) {
    if (!exitHook) {
        exitHook = true;
        process.on('exit', () => {
            for (const path of unfinished)
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(path, { force: true });
        });
    }
    unfinished.add(file);
    return () => unfinished.delete(file);
}


/***/ })

};

//# sourceMappingURL=914.index.js.map