export const id = 996;
export const ids = [996];
export const modules = {

/***/ 1996:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   decodeRecord: () => (/* binding */ decodeRecord),
/* harmony export */   encodeRecord: () => (/* binding */ encodeRecord)
/* harmony export */ });
/* harmony import */ var zod_mini__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8395);
/* harmony import */ var zod_mini__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3305);
/* harmony import */ var _frames_digest_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2108);
/**
 * What is recorded across runs: which task a fingerprint was paid for, and the clip it made. A
 * record holds hashes and ids only (never the key, never the prompt), and carries its own
 * checksum: a corrupt or foreign record is a miss, never a wrong answer.
 */


const hex = zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().check(zod_mini__WEBPACK_IMPORTED_MODULE_2__/* ._regex */ .Fk(/^[0-9a-f]{64}$/));
const digits = zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().check(zod_mini__WEBPACK_IMPORTED_MODULE_2__/* ._regex */ .Fk(/^\d{1,20}$/));
const schemas = {
    task: zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
        kind: zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz('task'),
        fingerprint: hex,
        taskId: zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .optional */ .lqM(digits),
        lostAnswer: zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()),
        model: zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()),
        createdAt: zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
        sentAt: zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()),
        known: zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(digits))
    }),
    clip: zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
        kind: zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz('clip'),
        fingerprint: hex,
        taskId: digits,
        bytes: zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().check(zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .int */ .Whr(), zod_mini__WEBPACK_IMPORTED_MODULE_2__/* ._positive */ .NC()),
        sha256: hex,
        createdAt: zod_mini__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()
    })
};
/** The record as stored: its fields and a checksum over them. */
function encodeRecord(record) {
    const body = JSON.stringify(record);
    return JSON.stringify({ record, checksum: (0,_frames_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256 */ .sc)(body) });
}
/**
 * The record in `text` if it is whole, of this kind and for this fingerprint; otherwise why not
 * (a reason for the log: the run treats it as a miss).
 */
function decodeRecord(text, kind, fingerprint) {
    let stored;
    try {
        stored = JSON.parse(text);
    }
    catch {
        return { reason: 'it is not JSON' };
    }
    if (typeof stored !== 'object' || stored === null || stored.checksum !== (0,_frames_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256 */ .sc)(JSON.stringify(stored.record))) {
        return { reason: 'its checksum does not match' };
    }
    const parsed = schemas[kind].safeParse(stored.record);
    if (!parsed.success)
        return { reason: `it is not a ${kind} record of this action` };
    if (parsed.data.fingerprint !== fingerprint)
        return { reason: 'it is for another fingerprint' };
    return { record: parsed.data };
}


/***/ })

};

//# sourceMappingURL=996.index.js.map