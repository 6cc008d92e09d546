// Checking a tool's input (a model's JSON): one clear line for a wrong or missing value, never a crash.
import { displayText } from '../../common/text';

export type ToolInput = Record<string, unknown>;

/** The caller's mistake: the answer is this message, marked as an error. */
export class ToolInputError extends Error {}

const MAX_STRING = 4096;

export function optionalString(input: ToolInput, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ToolInputError(`${key} must be a string`);
  if (value.length > MAX_STRING) throw new ToolInputError(`${key} is longer than ${MAX_STRING} characters`);
  return value;
}

export function requiredString(input: ToolInput, key: string): string {
  const value = optionalString(input, key);
  if (value === undefined) throw new ToolInputError(`${key} is required`);
  return value;
}

export function integer(input: ToolInput, key: string, fallback: number, min: number, max: number): number {
  const value = input[key];
  if (value === undefined || value === null) return fallback;
  const n = typeof value === 'string' && /^@?\d+$/.test(value) ? Number(value.replace('@', '')) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
    throw new ToolInputError(
      `${key} must be an integer from ${min} to ${max} (got ${displayText(JSON.stringify(value), 40)})`,
    );
  return n;
}
