import { seededRandom } from './random';

/**
 * Fault switches (issue 5), each a rate in [0, 1]: a 5xx instead of an answer, a slow
 * answer, a dropped connection before anything is applied, a malformed body, and — the
 * hard case for a push engine — a change applied and then the connection dropped.
 */
export interface FaultRates {
  error5xx: number;
  slow: number;
  drop: number;
  malformed: number;
  dropAfterApply: number;
}

export interface FaultSettings extends FaultRates {
  /** How long a slow answer waits, ms. */
  slowMs: number;
  seed: number;
}

export const NO_FAULTS: FaultSettings = { error5xx: 0, slow: 0, drop: 0, malformed: 0, dropAfterApply: 0, slowMs: 1500, seed: 1 };

export type FaultDraw = { before?: 'error5xx' | 'drop'; slow: boolean; after?: 'malformed' | 'dropAfterApply' };

/** Draws faults from a seeded PRNG, so a fault pattern is reproducible. */
export class FaultInjector {
  private settings: FaultSettings = NO_FAULTS;
  private random = seededRandom(NO_FAULTS.seed);

  set(change: Partial<FaultSettings>): FaultSettings {
    this.settings = { ...this.settings, ...change };
    for (const key of ['error5xx', 'slow', 'drop', 'malformed', 'dropAfterApply'] as const) {
      const rate = this.settings[key];
      if (!(rate >= 0 && rate <= 1)) throw new Error(`fault rate ${key} must be between 0 and 1`);
    }
    if (change.seed !== undefined) this.random = seededRandom(change.seed);
    return this.settings;
  }

  get(): FaultSettings {
    return this.settings;
  }

  draw(): FaultDraw {
    const s = this.settings;
    const r = () => this.random();
    const draw: FaultDraw = { slow: s.slow > 0 && r() < s.slow };
    if (s.error5xx > 0 && r() < s.error5xx) draw.before = 'error5xx';
    else if (s.drop > 0 && r() < s.drop) draw.before = 'drop';
    else if (s.dropAfterApply > 0 && r() < s.dropAfterApply) draw.after = 'dropAfterApply';
    else if (s.malformed > 0 && r() < s.malformed) draw.after = 'malformed';
    return draw;
  }
}
