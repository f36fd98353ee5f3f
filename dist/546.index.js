export const id = 546;
export const ids = [546];
export const modules = {

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
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var _probe_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7408);
/* harmony import */ var _source_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8049);
/* harmony import */ var _types_frame_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(8840);









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
        const accept = options.rules.formats.map(format => _types_frame_js__WEBPACK_IMPORTED_MODULE_8__/* .IMAGE_FORMATS */ .l[format]).join(', ');
        const path = `${url.pathname}${url.search}`;
        const response = await agent.request({ origin: url.origin, path, method: 'GET', headers: { accept }, signal });
        if (response.statusCode === 200)
            return { response };
        await response.body.dump();
        const location = first(response.headers.location);
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
    const announced = Number(first(response.headers['content-length']));
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
        image = await (0,_probe_js__WEBPACK_IMPORTED_MODULE_6__/* .probeImage */ .m)((0,_probe_js__WEBPACK_IMPORTED_MODULE_6__/* .bufferReader */ .S)(bytes));
    }
    catch (error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ProbeError */ .B2)
            return refused(`${where} ${error.message}`);
        throw error;
    }
    const problems = (0,_source_js__WEBPACK_IMPORTED_MODULE_7__/* .imageProblems */ .yR)(image, rules);
    if (problems.length > 0)
        return refused(...problems.map(p => `${where} ${p}`));
    return { kind: 'fetched', bytes, image, sha256: (0,node_crypto__WEBPACK_IMPORTED_MODULE_5__.createHash)('sha256').update(bytes).digest('hex') };
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
/** A header's value (the first, if it came more than once). */
const first = (value) => (Array.isArray(value) ? value[0] : value);


/***/ })

};

//# sourceMappingURL=546.index.js.map