/** A driver's subscribers to one kind of event (keypad use, reachability): subscribe returns the unsubscribe. */
export class Listeners<T> {
  readonly #listeners = new Set<(value: T) => void>();

  subscribe(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls every listener; one that unsubscribes (or subscribes another) meanwhile does not disturb the round. */
  emit(value: T): void {
    for (const listener of [...this.#listeners]) listener(value);
  }

  clear(): void {
    this.#listeners.clear();
  }
}
