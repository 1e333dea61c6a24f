import { PlatformError, ShopfloorError } from '@shopfloor/sdk';
import { localProblemText } from '../i18n/problems';

/**
 * The line to show a person: a known server problem in the reader's language, else the server's
 * problem detail, the bridge's message, or the error's.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ShopfloorError) {
    const problem = error.problem;
    return (
      localProblemText(problem?.type, problem?.params) ?? problem?.detail ?? problem?.title ?? error.message
    );
  }
  if (error instanceof PlatformError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
