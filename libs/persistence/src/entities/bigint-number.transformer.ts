import type { ValueTransformer } from 'typeorm';

/** Seqs are bigint in SQL; pg returns them as strings. They stay far below 2^53. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
