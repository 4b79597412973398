/**
 * Runs async sections one at a time, in arrival order. Update handlers await
 * activities; without this, two updates could interleave and the second would
 * apply its command to a state the first is about to replace.
 */
export class Lock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
