/**
 * Probes in flight in the order they were sent, with their deadlines: deadlines grow along it as
 * long as the RTO does not shrink. Entries of probes answered meanwhile stay until the head
 * passes them (`sentAt` no longer matches). A ring of typed arrays: no object per probe.
 */
export class TimeoutQueue {
  private position = new Int32Array(1024);
  private sentAt = new Float64Array(1024);
  private deadline = new Float64Array(1024);
  private head = 0;
  private tail = 0;

  get size(): number {
    return this.tail - this.head;
  }

  push(position: number, sentAt: number, deadline: number): void {
    if (this.tail - this.head === this.position.length) this.grow();
    const i = this.tail++ & (this.position.length - 1);
    this.position[i] = position;
    this.sentAt[i] = sentAt;
    this.deadline[i] = deadline;
  }

  /** index of the oldest entry (for the getters below), or -1 */
  first(): number {
    return this.head === this.tail ? -1 : this.head & (this.position.length - 1);
  }

  /** index of the entry after `index`, or -1 */
  nextOf(index: number): number {
    const next = (index + 1) & (this.position.length - 1);
    return next === (this.tail & (this.position.length - 1)) ? -1 : next;
  }

  shift(): void {
    this.head++;
  }

  positionAt(index: number): number {
    return this.position[index]!;
  }
  sentAtAt(index: number): number {
    return this.sentAt[index]!;
  }
  deadlineAt(index: number): number {
    return this.deadline[index]!;
  }

  private grow(): void {
    const size = this.position.length;
    const mask = size - 1;
    const position = new Int32Array(size * 2);
    const sentAt = new Float64Array(size * 2);
    const deadline = new Float64Array(size * 2);
    for (let k = 0; k < size; k++) {
      const i = (this.head + k) & mask;
      position[k] = this.position[i]!;
      sentAt[k] = this.sentAt[i]!;
      deadline[k] = this.deadline[i]!;
    }
    [this.position, this.sentAt, this.deadline] = [position, sentAt, deadline];
    this.head = 0;
    this.tail = size;
  }
}
