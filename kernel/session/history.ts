/*
 * Input history kept across kernel restarts (Jupyter messaging spec 5.3, "History"): one JSON line
 * per executed cell {session, line, input} appended to a file (VTLAB_HISTORY_FILE, or
 * $XDG_DATA_HOME/vtlab/history.jsonl, default ~/.local/share/vtlab/history.jsonl). Each kernel start
 * is a new session numbered after the last one in the file. Answers tail, range (session 0 = this
 * one, negative = relative to it; stop exclusive) and search (glob `*` and `?`, case-sensitive, last
 * n matches, optionally unique), as IPython's history manager does.
 * Leaves out: storing outputs (`output: true` returns the input with a null output).
 */
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { homedir } from "node:os";
import { log } from "../wire/log";

export type HistoryEntry = [number, number, string];

interface Row {
  session: number;
  line: number;
  input: string;
}

export function defaultHistoryPath(): string {
  if (process.env.VTLAB_HISTORY_FILE) return process.env.VTLAB_HISTORY_FILE;
  const data = process.env.XDG_DATA_HOME || join(homedir(), ".local", "share");
  return join(data, "vtlab", "history.jsonl");
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${body}$`);
}

export class History {
  private readonly rows: Row[] = [];
  readonly session: number;

  constructor(private readonly path = defaultHistoryPath()) {
    let last = 0;
    try {
      for (const text of readFileSync(path, "utf8").split("\n")) {
        if (text.trim() === "") continue;
        try {
          const r = JSON.parse(text) as Row;
          if (typeof r.session === "number" && typeof r.line === "number" && typeof r.input === "string") {
            this.rows.push(r);
            last = Math.max(last, r.session);
          }
        } catch {
          log(`history: skipped a corrupt line in ${path}`);
        }
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") log(`history: cannot read ${path}: ${(e as Error).message}`);
    }
    this.session = last + 1;
  }

  append(line: number, input: string): void {
    const row = { session: this.session, line, input };
    this.rows.push(row);
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      appendFileSync(this.path, JSON.stringify(row) + "\n");
    } catch (e) {
      log(`history: cannot write ${this.path}: ${(e as Error).message}`);
    }
  }

  private static entry(r: Row): HistoryEntry {
    return [r.session, r.line, r.input];
  }

  tail(n: number): HistoryEntry[] {
    return n > 0 ? this.rows.slice(-n).map(History.entry) : [];
  }

  range(session: number, start: number, stop: number | undefined): HistoryEntry[] {
    const s = session <= 0 ? this.session + session : session;
    return this.rows.filter((r) => r.session === s && r.line >= start && (stop === undefined || r.line < stop)).map(History.entry);
  }

  search(pattern: string, n: number | undefined, unique: boolean): HistoryEntry[] {
    const re = globToRegExp(pattern);
    let hits = this.rows.filter((r) => re.test(r.input));
    if (unique) {
      const seen = new Set<string>();
      const kept: Row[] = [];
      for (let i = hits.length - 1; i >= 0; i--) {
        if (seen.has(hits[i].input)) continue;
        seen.add(hits[i].input);
        kept.unshift(hits[i]);
      }
      hits = kept;
    }
    if (n !== undefined && n > 0) hits = hits.slice(-n);
    return hits.map(History.entry);
  }
}
