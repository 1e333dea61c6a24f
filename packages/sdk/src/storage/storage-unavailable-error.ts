/** Neither IndexedDB nor localStorage can be used (e.g. storage disabled by the browser's privacy settings). */
export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}
