/** Money as the action counts it: exact minor units (fen, cents), in the currency of a price list. */

export type Currency = 'CNY' | 'USD'
export const CURRENCIES: readonly Currency[] = ['CNY', 'USD']

/** An amount in minor units (hundredths: fen for CNY, cents for USD), a safe integer. */
export type Money = { minor: number; currency: Currency }
