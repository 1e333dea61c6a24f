import { PlatformError, ShopfloorError } from '@shopfloor/sdk';

/** The line to show a person: the server's problem detail, the bridge's message, else the error's. */
export function errorMessage(error: unknown): string {
  if (error instanceof ShopfloorError) return error.problem?.detail ?? error.problem?.title ?? error.message;
  if (error instanceof PlatformError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
