/*
 * A progress bar that redraws one display in place (update_display_data, Jupyter messaging spec 5.3
 * "Update Display Data"). Updates are throttled to one per 100 ms; the first and the final state are
 * always sent. Long engine runs call `update` between slices of work.
 */
import type { MimeBundle } from "./mime";
import { DISPLAY_SYMBOL } from "./mime";

interface Handle {
  update(value: unknown): void;
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export class ProgressBar {
  private value = 0;
  private note = "";
  private handle: Handle | undefined;
  private lastSent = 0;
  private finished = false;

  constructor(
    readonly total: number,
    readonly label: string,
    private readonly show: (value: unknown) => Handle,
  ) {
    if (!(total > 0)) throw new RangeError(`progress total must be positive, got ${total}`);
    this.handle = this.show(this.view());
    this.lastSent = Date.now();
  }

  get current(): number {
    return this.value;
  }

  update(value: number, note = ""): void {
    this.value = Math.max(0, Math.min(this.total, value));
    this.note = note;
    const now = Date.now();
    if (this.value >= this.total || now - this.lastSent >= 100) this.flush(now);
  }

  increment(by = 1, note = ""): void {
    this.update(this.value + by, note);
  }

  /** Marks the bar complete (or stopped early) and sends the final state. */
  done(note = ""): void {
    this.finished = true;
    this.note = note;
    this.flush(Date.now());
  }

  private flush(now: number): void {
    this.lastSent = now;
    this.handle?.update(this.view());
  }

  private view(): { [DISPLAY_SYMBOL](): MimeBundle } {
    const fraction = this.value / this.total;
    const pct = Math.floor(fraction * 100);
    const label = this.label ? `${this.label} ` : "";
    const tail = `${this.value}/${this.total}${this.note ? " " + this.note : ""}${this.finished && this.value < this.total ? " (stopped)" : ""}`;
    const bar = "#".repeat(Math.round(fraction * 30)).padEnd(30, ".");
    const plain = `${label}[${bar}] ${pct}% ${tail}`;
    const html =
      `<div class="vtlab-progress">${escapeHtml(label)}<progress value="${this.value}" max="${this.total}" style="width:20em"></progress> ` +
      `${pct}% <span>${escapeHtml(tail)}</span></div>`;
    return { [DISPLAY_SYMBOL]: () => ({ "text/html": html, "text/plain": plain }) };
  }
}
