import { parseArgs } from 'node:util';
import { parseDay } from '@shopfloor/bom-engine';
import { InputError, UsageError } from './errors.js';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** node:util parseArgs with one-line messages that point at the command's help. */
export function parseCommandArgs(argv: string[], options: OptionSpec, command: string): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    throw new UsageError(describeParseError(error), command);
  }
}

function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-[^ ']*)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option '${option}'`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/ambiguous/.test(message))
      return `${option} needs a value (write ${option}=-… for a value starting with '-')`;
    return /argument missing/.test(message) ? `${option} needs a value` : `${option} takes no value`;
  }
  return message.split('\n')[0];
}

export function requireString(values: ParsedArgs['values'], name: string, command: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`, command);
  return value;
}

export function parsePositiveNumber(name: string, text: string): number {
  const value = Number(text);
  if (!/^(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) || !Number.isFinite(value) || value <= 0) {
    throw new InputError(`--${name} must be a positive number, got '${text}'`);
  }
  return value;
}

export function parsePositiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value <= 0) {
    throw new InputError(`--${name} must be a positive whole number, got '${text}'`);
  }
  return value;
}

/** A real calendar date written `YYYY-MM-DD` (2026-02-30 is refused). */
export function parseDate(name: string, text: string): string {
  if (parseDay(text) === null) {
    throw new InputError(`--${name} must be a date YYYY-MM-DD, got '${text}'`);
  }
  return text;
}

export function expectPositionals(positionals: string[], names: string[], command: string): string[] {
  if (positionals.length < names.length) {
    throw new UsageError(
      `missing ${names
        .slice(positionals.length)
        .map((n) => `<${n}>`)
        .join(' ')}`,
      command,
    );
  }
  if (positionals.length > names.length) {
    throw new UsageError(`unexpected argument '${positionals[names.length]}'`, command);
  }
  return positionals;
}
