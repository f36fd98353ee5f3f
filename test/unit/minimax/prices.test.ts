/**
 * The price list: every clip the rules table allows has a price in both currencies or is
 * explicitly unknown; the currency follows base-url; max-cost amounts parse and print back the same.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MAX_MONEY,
  PRICE_LIST,
  PRICE_SOURCES,
  PRICES_READ_ON,
  addMoney,
  compareMoney,
  currencyOf,
  formatMoney,
  listPrice,
  parseMoney,
  priceFigure,
  sumMoney
} from '../../../src/minimax/prices.js'
import { MODELS, rulesOf } from '../../../src/minimax/rules.js'
import { CURRENCIES, type Currency, type Money } from '../../../src/types/money.js'
import type { Model } from '../../../src/types/rules.js'

// The figures of issue 19 as found on 2026-12-01, written apart from the list so a typo in either shows.
const PER_CLIP: Record<Currency, Record<string, string>> = {
  CNY: { '768P 6': '2.00 CNY', '768P 10': '4.00 CNY', '1080P 6': '3.50 CNY' },
  USD: { '768P 6': '0.28 USD', '768P 10': '0.56 USD', '1080P 6': '0.49 USD' }
}
const PER_SECOND: Record<Currency, Record<string, number>> = {
  CNY: { '768P': 50, '2K': 80 },
  USD: { '768P': 8, '2K': 13 }
}

/** What a clip should cost, or undefined for unknown. */
function expected(model: Model, resolution: string, duration: number, currency: Currency): string | undefined {
  if (model === 'MiniMax-Hailuo-02') return PER_CLIP[currency][`${resolution} ${duration}`]
  if (model === 'MiniMax-H3') return formatMoney({ minor: PER_SECOND[currency][resolution]! * duration, currency })
  return undefined
}

const allowed = MODELS.flatMap(model =>
  Object.entries(rulesOf(model).durations).flatMap(([resolution, durations]) =>
    durations.flatMap(duration => CURRENCIES.map(currency => ({ model, resolution, duration, currency })))
  )
)

describe('listPrice', () => {
  it('covers every model, resolution and duration the rules allow, in both currencies', () => {
    // 3 Hailuo-02 clips, 2 x 12 H3 durations, 2 x 11 H3-Max durations; each in CNY and USD.
    expect(allowed).toHaveLength((3 + 24 + 22) * 2)
  })

  it.each(allowed)('$model $resolution $duration s in $currency', ({ model, resolution, duration, currency }) => {
    const price = listPrice(model, resolution, duration, currency)
    expect(price && formatMoney(price)).toBe(expected(model, resolution, duration, currency))
    if (price) expect(price.currency).toBe(currency)
  })

  it('bills H3 per requested second: 10 s at 768P is 5.00 CNY, 15 s at 2K is 1.95 USD', () => {
    expect(listPrice('MiniMax-H3', '768P', 10, 'CNY')).toEqual({ minor: 500, currency: 'CNY' })
    expect(listPrice('MiniMax-H3', '2K', 15, 'USD')).toEqual({ minor: 195, currency: 'USD' })
  })

  it('knows no price for MiniMax-H3-Max, at any resolution or duration, rather than guessing one', () => {
    const maxClips = allowed.filter(c => c.model === 'MiniMax-H3-Max')
    expect(maxClips.length).toBeGreaterThan(0)
    expect(maxClips.map(c => listPrice(c.model, c.resolution, c.duration, c.currency))).toEqual(
      maxClips.map(() => undefined)
    )
  })

  it('has no price for a clip the model does not offer (never an extrapolated one)', () => {
    expect(listPrice('MiniMax-Hailuo-02', '1080P', 10, 'CNY')).toBeUndefined()
    expect(listPrice('MiniMax-Hailuo-02', '512P', 6, 'CNY')).toBeUndefined()
    expect(listPrice('MiniMax-H3', '768P', 3, 'USD')).toBeUndefined()
    expect(listPrice('MiniMax-H3', '768P', 16, 'USD')).toBeUndefined()
    expect(listPrice('MiniMax-H3', '768P', 6.5, 'CNY')).toBeUndefined()
    expect(listPrice('MiniMax-H3', '1080P', 6, 'CNY')).toBeUndefined()
  })
})

describe('the list against the rules table', () => {
  it('has an entry, known or explicitly unknown, for every model of MODEL_RULES', () => {
    for (const model of MODELS) expect(PRICE_LIST[model], model).toBeDefined()
    expect(Object.keys(PRICE_LIST).sort()).toEqual([...MODELS].sort())
  })

  it('prices exactly the clips a known model offers, in both currencies', () => {
    for (const model of MODELS) {
      const entry = PRICE_LIST[model]
      const offered = rulesOf(model).durations
      if (entry.per === 'unknown') {
        expect(entry.why, model).toMatch(/\S/)
      } else if (entry.per === 'second') {
        expect(Object.keys(entry.rates).sort(), model).toEqual(Object.keys(offered).sort())
        for (const rate of Object.values(entry.rates)) expect(Object.keys(rate).sort()).toEqual([...CURRENCIES].sort())
      } else {
        expect(Object.keys(entry.clips).sort(), model).toEqual(Object.keys(offered).sort())
        for (const [resolution, byDuration] of Object.entries(entry.clips)) {
          expect(Object.keys(byDuration).map(Number), `${model} ${resolution}`).toEqual([...offered[resolution]!])
          for (const figures of Object.values(byDuration)) {
            expect(Object.keys(figures).sort()).toEqual([...CURRENCIES].sort())
          }
        }
      }
    }
  })

  it('says for every known figure how it is known and where it was read', () => {
    const known = allowed.flatMap(c => priceFigure(c.model, c.resolution, c.duration, c.currency) ?? [])
    expect(known).toHaveLength((3 + 24) * 2)
    for (const figure of known) {
      expect(['V', 'I']).toContain(figure.basis)
      expect(PRICE_SOURCES[figure.source].url).toMatch(/^https:\/\//)
      expect(Number.isSafeInteger(figure.minor) && figure.minor > 0).toBe(true)
    }
    expect(PRICES_READ_ON).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })
})

describe('currencyOf', () => {
  it.each([
    ['https://api.minimax.io', 'USD'],
    ['https://api.minimax.io/', 'USD'],
    ['HTTPS://API.MINIMAX.IO', 'USD'],
    ['https://api.minimaxi.com', 'CNY'],
    ['https://api.minimax.cn', 'CNY'],
    ['http://127.0.0.1:8080', 'CNY'],
    ['https://proxy.example/minimax', 'CNY'],
    ['https://api.minimax.io.proxy.example', 'CNY'],
    ['not a url', 'CNY']
  ])('%s bills in %s', (baseUrl, currency) => {
    expect(currencyOf(baseUrl)).toBe(currency)
  })
})

describe('Money', () => {
  it('prints two decimals and the code', () => {
    expect(formatMoney({ minor: 800, currency: 'CNY' })).toBe('8.00 CNY')
    expect(formatMoney({ minor: 5, currency: 'CNY' })).toBe('0.05 CNY')
    expect(formatMoney({ minor: 150, currency: 'USD' })).toBe('1.50 USD')
    expect(formatMoney({ minor: 0, currency: 'USD' })).toBe('0.00 USD')
    expect(formatMoney({ minor: 123456789, currency: 'CNY' })).toBe('1234567.89 CNY')
  })

  it('adds in minor units, so ten 0.10 USD make exactly 1.00 USD', () => {
    const dime: Money = { minor: 10, currency: 'USD' }
    expect(
      formatMoney(
        sumMoney(
          Array.from({ length: 10 }, () => dime),
          'USD'
        )
      )
    ).toBe('1.00 USD')
    expect(addMoney({ minor: 200, currency: 'CNY' }, { minor: 350, currency: 'CNY' })).toEqual({
      minor: 550,
      currency: 'CNY'
    })
    expect(sumMoney([], 'CNY')).toEqual({ minor: 0, currency: 'CNY' })
  })

  it('refuses to combine two currencies', () => {
    const cny: Money = { minor: 100, currency: 'CNY' }
    const usd: Money = { minor: 100, currency: 'USD' }
    expect(() => addMoney(cny, usd)).toThrow(expect.objectContaining({ left: 'CNY', right: 'USD' }))
    expect(() => compareMoney(cny, usd)).toThrow(expect.objectContaining({ left: 'CNY', right: 'USD' }))
    expect(() => sumMoney([usd], 'CNY')).toThrow(expect.objectContaining({ left: 'CNY', right: 'USD' }))
  })

  it('compares amounts of one currency', () => {
    const cap: Money = { minor: 500, currency: 'CNY' }
    expect(compareMoney({ minor: 501, currency: 'CNY' }, cap)).toBeGreaterThan(0)
    expect(compareMoney({ minor: 500, currency: 'CNY' }, cap)).toBe(0)
    expect(compareMoney({ minor: 499, currency: 'CNY' }, cap)).toBeLessThan(0)
  })
})

describe('parseMoney', () => {
  it.each([
    ['5 CNY', 500, 'CNY'],
    ['1.50 USD', 150, 'USD'],
    ['1.5 USD', 150, 'USD'],
    ['5cny', 500, 'CNY'],
    ['0.05 Usd', 5, 'USD'],
    ['  12 CNY ', 1200, 'CNY'],
    ['0 CNY', 0, 'CNY'],
    [`${MAX_MONEY} USD`, MAX_MONEY * 100, 'USD']
  ])('reads %j', (text, minor, currency) => {
    expect(parseMoney(text)).toEqual({ minor, currency })
  })

  it.each([
    ['', /is empty/],
    ['5', /has no currency.*"5 CNY" or "5 USD"/],
    ['5 EUR', /"EUR".*CNY or USD/],
    ['5 RMB', /"RMB".*CNY or USD/],
    ['-5 CNY', /must not be negative/],
    ['1.505 USD', /more than 2 decimals/],
    ['1,000 CNY', /must be an amount then its currency/],
    ['1e3 CNY', /must be an amount then its currency/],
    ['.5 CNY', /must be an amount then its currency/],
    ['5. CNY', /must be an amount then its currency/],
    ['CNY 5', /must be an amount then its currency/],
    ['Infinity USD', /must be an amount then its currency/],
    ['$5', /not a symbol/],
    ['¥5', /not a symbol/],
    [`${MAX_MONEY}.01 CNY`, /at most 1000000 CNY/],
    ['99999999999999999999 CNY', /at most 1000000 CNY/]
  ])('refuses %j', (text, problem) => {
    const result = parseMoney(text)
    expect(result).toHaveProperty('problem')
    expect((result as { problem: string }).problem).toMatch(problem)
  })

  it('reads back every amount formatMoney prints, and prints back every amount it reads', () => {
    const money = fc.record({
      minor: fc.integer({ min: 0, max: MAX_MONEY * 100 }),
      currency: fc.constantFrom<Currency>(...CURRENCIES)
    })
    fc.assert(
      fc.property(money, m => {
        expect(parseMoney(formatMoney(m))).toEqual(m)
      })
    )
    const text = fc
      .tuple(
        fc.integer({ min: 0, max: 99_999 }),
        fc.constantFrom('', '.5', '.05', '.50'),
        fc.constantFrom('CNY', 'usd')
      )
      .map(([whole, decimals, code]) => `${whole}${decimals} ${code}`)
    fc.assert(
      fc.property(text, t => {
        const read = parseMoney(t) as Money
        expect(parseMoney(formatMoney(read))).toEqual(read)
      })
    )
  })
})
