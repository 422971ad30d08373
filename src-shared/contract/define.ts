import type { z } from 'zod';

/**
 * One call of the contract: a zod schema for what goes in (validated at every door:
 * IPC, HTTP, CLI) and a phantom type for what comes back.
 */
export interface CallSpec<I extends z.ZodType, O> {
  input: I;
  /** One line for docs and errors. */
  summary: string;
  /** Never set at run time; carries the output type. */
  readonly __output?: O;
}

/** `call(schema, summary).returns<Output>()`: the input is inferred, the output named. */
export function call<I extends z.ZodType>(input: I, summary: string) {
  return {
    returns<O>(): CallSpec<I, O> {
      return { input, summary };
    },
  };
}
