/** Interns strings to dense ids 0..n-1 so per-lot attributes fit in typed arrays. */
export class StringDictionary {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  get size(): number {
    return this.values.length;
  }

  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  idOf(value: string): number | undefined {
    return this.ids.get(value);
  }
}
