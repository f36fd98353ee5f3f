/**
 * MiniMax's error codes (base_resp.status_code in V1, the code in a V2 message): what each means,
 * whether a retry can help, what to do, and whether a submit that got it may still have created a
 * task. The same rules serve V1 and V2.
 */
export interface CodeInfo {
  meaning: string
  retry: boolean
  advice: string
  /** An internal error: the task may exist although the answer is an error, so a submit is not repeated. */
  mayHaveCreated?: true
  /** A rate limit: the pacer slows down, and the request is sent again in its turn. */
  rateLimit?: true
}

const REGION_HINT =
  'API keys are tied to a region: a mainland China key works with base-url https://api.minimaxi.com, an ' +
  'international key with https://api.minimax.io'

export const ERROR_CODES: Readonly<Record<number, CodeInfo>> = {
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
}

export function describeCode(code: number): CodeInfo {
  return (
    ERROR_CODES[code] ?? {
      meaning: 'an error code this action does not know',
      retry: false,
      advice: "look it up in MiniMax's error code list"
    }
  )
}

/**
 * Whether a submit answered with this HTTP status may have created a task. Only answers that
 * prove the request was turned away say no: 429, 529 (MiniMax's overloaded), a 4xx other than
 * 408, and a 503 that is MiniMax's own error answer (`fromMiniMax`). A bare 503 may come from a
 * proxy in between after the request reached MiniMax (Envoy answers 503 for an upstream reset),
 * so like a 500, 502, 504 or 408 it may come after MiniMax created the task.
 */
export function statusMayHaveCreated(status: number, fromMiniMax: boolean): boolean {
  if (status === 429 || status === 529 || (status === 503 && fromMiniMax)) return false
  return !(status >= 400 && status < 500 && status !== 408)
}

/** Whether a request answered with this HTTP status may succeed when repeated. */
export function statusRetryable(status: number): boolean {
  return status === 429 || status === 408 || status >= 500
}
