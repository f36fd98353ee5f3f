/** MiniMax's base_resp.status_code values: what each means, whether a retry can help, what to do. */
export interface CodeInfo {
  meaning: string
  retry: boolean
  advice: string
}

const REGION_HINT =
  'API keys are tied to a region: a mainland China key works with base-url https://api.minimaxi.com, an ' +
  'international key with https://api.minimax.io'

export const ERROR_CODES: Readonly<Record<number, CodeInfo>> = {
  1000: { meaning: 'unknown error', retry: true, advice: 'retry later' },
  1001: { meaning: 'request timeout', retry: true, advice: 'retry' },
  1002: {
    meaning: 'rate limit (requests per minute)',
    retry: true,
    advice: 'retry with backoff; in a matrix, lower max-parallel'
  },
  1004: {
    meaning: 'not authorized / key does not match',
    retry: false,
    advice: `check the api-key secret. ${REGION_HINT}`
  },
  1008: { meaning: 'insufficient balance', retry: false, advice: 'top up the MiniMax account' },
  1013: { meaning: 'internal service error', retry: true, advice: 'retry' },
  1024: { meaning: 'internal error', retry: true, advice: 'retry' },
  1026: { meaning: 'input contains sensitive content', retry: false, advice: 'change the prompt or the frames' },
  1027: { meaning: 'output contains sensitive content', retry: false, advice: 'change the prompt or the frames' },
  1033: { meaning: 'system error', retry: true, advice: 'retry' },
  1039: { meaning: 'token limit', retry: true, advice: 'retry with backoff' },
  1041: { meaning: 'connection limit', retry: true, advice: 'retry with backoff; run fewer jobs at once' },
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
    advice: 'retry with backoff; spread the jobs out'
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
