export const id = 546;
export const ids = [546];
export const modules = {

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


/***/ }),

/***/ 4546:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fetchUrlFrame: () => (/* binding */ fetchUrlFrame)
/* harmony export */ });
/* unused harmony export MAX_FRAME_REDIRECTS */
/* harmony import */ var node_dns_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1553);
/* harmony import */ var node_dns_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_dns_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _minimax_rules_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4852);
/* harmony import */ var _net_hosts_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3256);
/* harmony import */ var _net_http_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9663);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2108);
/* harmony import */ var _probe_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7408);
/* harmony import */ var _source_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(8049);









const MAX_FRAME_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
async function fetchUrlFrame(url, options) {
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
    const start = URL.parse(url);
    if (start?.protocol !== 'https:' && start?.protocol !== 'http:')
        return { kind: 'unfetched', problem: `${JSON.stringify(url)} is not an http(s) URL` };
    const shown = `${start.origin}${start.pathname}`;
    // Host name -> the addresses that were checked: the only ones the agent can connect to.
    const pins = new Map();
    const { DirectAgent } = await Promise.all(/* import() */[__webpack_require__.e(7), __webpack_require__.e(191)]).then(__webpack_require__.bind(__webpack_require__, 8191));
    const agent = new DirectAgent({
        connect: { timeout: options.timeoutMs, lookup: pinnedLookup(pins, options.route), ca: options.ca },
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs
    });
    try {
        const got = await follow(start, agent, pins, options, signal);
        if ('problem' in got)
            return { kind: 'unfetched', problem: `${shown} could not be fetched: ${got.problem}` };
        return await checkImage(got.response, `the image at ${shown}`, options.rules);
    }
    catch (error) {
        if (options.signal?.aborted)
            throw options.signal.reason;
        const why = deadline.aborted ? `it did not arrive whole within ${options.timeoutMs / 1000} s` : failure(error);
        if (why === undefined)
            throw error;
        return { kind: 'unfetched', problem: `${shown} could not be fetched: ${why}` };
    }
    finally {
        await agent.destroy().catch(() => undefined);
    }
}
/**
 * GET the URL, following at most MAX_FRAME_REDIRECTS redirects, each hop's host checked and pinned:
 * a 200's answer, or why there is none.
 */
async function follow(start, agent, pins, options, signal) {
    let url = start;
    for (let redirects = 0;; redirects++) {
        const refused = await checkHost(url, pins, options.lookup ?? (host => (0,node_dns_promises__WEBPACK_IMPORTED_MODULE_0__.lookup)(host, { all: true })), signal);
        if (refused)
            return { problem: redirects === 0 ? refused : `it redirects to ${url.origin}, and ${refused}` };
        // The model's formats only: a host that picks one by Accept must not pick another (AVIF, GIF).
        const accept = options.rules.formats.map(format => _minimax_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .IMAGE_FORMATS */ .l0[format]).join(', ');
        const path = `${url.pathname}${url.search}`;
        const response = await agent.request({ origin: url.origin, path, method: 'GET', headers: { accept }, signal });
        if (response.statusCode === 200)
            return { response };
        await response.body.dump();
        const location = (0,_net_http_js__WEBPACK_IMPORTED_MODULE_5__/* .header */ .wx)(response.headers, 'location');
        if (!REDIRECTS.has(response.statusCode) || location === undefined)
            return { problem: `the server answered HTTP ${response.statusCode}` };
        const next = URL.parse(location, url.href);
        if (!next || (next.protocol !== 'https:' && next.protocol !== 'http:'))
            return { problem: `it redirects to ${JSON.stringify(location)}, which is not an http(s) URL` };
        if (url.protocol === 'https:' && next.protocol === 'http:')
            return { problem: `it redirects from https to plain http (${next.origin}), which is refused` };
        if (redirects === MAX_FRAME_REDIRECTS)
            return { problem: `it redirects more than ${MAX_FRAME_REDIRECTS} times` };
        url = next;
    }
}
/** Why the URL's host may not be fetched from, or undefined once its addresses are checked and pinned. */
async function checkHost(url, pins, lookup, signal) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const named = (0,_net_hosts_js__WEBPACK_IMPORTED_MODULE_4__/* .notPublicReason */ .T)(host);
    if (named)
        return `its host ${host} ${named}`;
    const family = (0,node_net__WEBPACK_IMPORTED_MODULE_1__.isIP)(host);
    const addresses = family ? [{ address: host, family }] : await abortable(lookup(host), signal);
    if (addresses.length === 0)
        return `its host ${host} resolves to no address`;
    for (const { address } of addresses) {
        const reason = (0,_net_hosts_js__WEBPACK_IMPORTED_MODULE_4__/* .notPublicReason */ .T)(address);
        if (reason)
            return `its host ${host} resolves to ${address}, which ${reason}; only public addresses are fetched`;
    }
    pins.set(host, addresses);
    return undefined;
}
/** The lookup the agent's sockets use: the checked addresses of a host, never a new resolution. */
function pinnedLookup(pins, route = checked => checked) {
    return (hostname, options, callback) => {
        const addresses = pins.get(hostname)?.map(route);
        if (!addresses?.[0]) {
            const error = Object.assign(new Error(`${hostname} was not checked`), { code: 'ENOTFOUND' });
            callback(error, '', 0);
        }
        else if (options.all)
            callback(null, addresses);
        else
            callback(null, addresses[0].address, addresses[0].family);
    };
}
/** A 200's body, read up to the model's limit, then checked as a file would be. */
async function checkImage(response, where, rules) {
    const refused = (...problems) => ({ kind: 'refused', problems });
    const announced = Number((0,_net_http_js__WEBPACK_IMPORTED_MODULE_5__/* .header */ .wx)(response.headers, 'content-length'));
    if (announced > rules.maxBytes) {
        response.body.destroy();
        return refused(`${where}, by its Content-Length, ${(0,_minimax_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .frameSizeProblem */ .ce)(announced, rules)}`);
    }
    const bytes = await readAtMost(response.body, rules.maxBytes);
    if (!bytes) {
        return refused(`${where} is over ${rules.maxBytes} bytes (it was cut off there); MiniMax accepts frames ${rules.maxText}`);
    }
    const empty = (0,_minimax_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .frameSizeProblem */ .ce)(bytes.length, rules);
    if (empty)
        return refused(`${where} ${empty}`);
    let image;
    try {
        image = await (0,_probe_js__WEBPACK_IMPORTED_MODULE_7__/* .probeImage */ .m)((0,_probe_js__WEBPACK_IMPORTED_MODULE_7__/* .bufferReader */ .S)(bytes));
    }
    catch (error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ProbeError */ .B2)
            return refused(`${where} ${error.message}`);
        throw error;
    }
    const problems = (0,_source_js__WEBPACK_IMPORTED_MODULE_8__/* .imageProblems */ .yR)(image, rules);
    if (problems.length > 0)
        return refused(...problems.map(p => `${where} ${p}`));
    return { kind: 'fetched', bytes, image, sha256: (0,_digest_js__WEBPACK_IMPORTED_MODULE_6__/* .sha256 */ .sc)(bytes) };
}
/** The whole body, or undefined as soon as it runs past `limit` bytes (the rest is never read). */
async function readAtMost(body, limit) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        size += chunk.length;
        if (size > limit)
            return undefined;
        chunks.push(chunk);
    }
    return Buffer.concat(chunks, size);
}
const DESCRIBE = {
    ENOTFOUND: 'its host name does not resolve',
    EAI_AGAIN: 'its host name could not be resolved (DNS)',
    ECONNREFUSED: 'the connection was refused',
    ECONNRESET: 'the connection was reset',
    EHOSTUNREACH: 'the host cannot be reached from this runner',
    ENETUNREACH: 'the host cannot be reached from this runner',
    UND_ERR_SOCKET: 'the server closed the connection'
};
/** A network failure as a sentence; undefined for anything else (a bug, thrown on). */
function failure(error) {
    const code = codeOf(error);
    if (code === undefined)
        return undefined;
    if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code))
        return `its TLS certificate was refused (${code})`;
    return `${DESCRIBE[code] ?? error.message} (${code})`;
}
/** The first string code in the error, its causes, or (several addresses tried) its errors. */
function codeOf(error) {
    for (let e = error, depth = 0; e && depth < 4; depth++) {
        const { code, cause, errors } = e;
        if (typeof code === 'string')
            return code;
        e = cause ?? errors?.[0];
    }
    return undefined;
}
/** The promise, or the signal's reason as soon as it aborts (a lookup cannot be cancelled). */
function abortable(promise, signal) {
    return new Promise((resolve, reject) => {
        const abort = () => reject(signal.reason);
        if (signal.aborted)
            abort();
        signal.addEventListener('abort', abort, { once: true });
        promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
    });
}


/***/ }),

/***/ 9663:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Em: () => (/* binding */ request),
/* harmony export */   IH: () => (/* binding */ describeHttp),
/* harmony export */   Vs: () => (/* binding */ retryAfterMs),
/* harmony export */   b0: () => (/* binding */ closeDispatchers),
/* harmony export */   tN: () => (/* binding */ send),
/* harmony export */   wx: () => (/* binding */ header),
/* harmony export */   x6: () => (/* binding */ networkError)
/* harmony export */ });
/* unused harmony exports traceNote, MAX_RESPONSE_BYTES */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _hosts_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3256);
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
    if ((0,_hosts_js__WEBPACK_IMPORTED_MODULE_1__/* .isLoopbackHost */ .c)(url.hostname)) {
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
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ)
        return error;
    if (signal?.aborted)
        return signal.reason instanceof Error ? signal.reason : new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CancelledError */ .cc('The run was cancelled.');
    let code = errorCode(error) ?? 'unknown';
    // The request's own deadline (AbortSignal.timeout) fired: the whole request took too long.
    if (error.name === 'TimeoutError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
        code = 'DEADLINE';
    }
    if (TLS.test(code)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .hD(`${what}: TLS failure (${code}); check base-url and any proxy in between`, {
            retryable: false,
            cause: error
        });
    }
    const described = DESCRIBE[code] ?? (error instanceof Error ? error.message : String(error));
    const timeout = /TIMEOUT|DEADLINE/.test(code) ? ` (request-timeout is ${timeoutSeconds} s)` : '';
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .hD(`${what}: ${described} [${code}]${timeout}`, {
        retryable: true,
        maybeCreated: !BEFORE_SEND.has(code),
        cause: error
    });
}
/** "HTTP 200, Trace-Id abc": how an answer is named in messages (MiniMax support asks for the Trace-Id). */
function describeHttp(status, traceId) {
    return `HTTP ${status}${traceId ? `, Trace-Id ${traceId}` : ''}`;
}
/** " (Trace-Id abc)", or nothing: appended to a message about an answer. */
function traceNote(traceId) {
    return traceId ? ` (Trace-Id ${traceId})` : '';
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .hD(`${what}: the answer (${describeHttp(response.statusCode, traceId)}) is larger than ` +
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


/***/ })

};

//# sourceMappingURL=546.index.js.map