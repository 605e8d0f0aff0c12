// A lower bound on the size of the program RE2 compiles a regex into, which is what Envoy
// limits (`regex_max_size` in the ambassador Module, default 200): over it, Envoy rejects the
// whole route table, not just the one route. It is meant as a lower bound, so that it does not
// refuse a regex Envoy would accept (tests compare it with the sizes Envoy reports, recorded and
// live). Calibrated against Envoy 1.40: a program has 4
// instructions of overhead; a literal, class, `.` or escape costs at least 1; `+ ?` add 1; a
// capture adds 2; counted repetitions copy their atom; a `^` literal prefix is not compiled;
// alternatives of literal strings cost what their minimal automaton has edges (RE2 shares
// common prefixes and identical tails, and merges characters leading to the same place).
import { automatonEdges } from "./literal-automaton.js";
import { boundedMemo } from "../../util/bounded-memo.js";

interface Node {
  readonly size: number;
  /** The literal text this node matches when it is plain literals only (for prefix sharing). */
  readonly literal?: string;
  /** Matches exactly one character (merges with its neighbours in an alternation). */
  readonly single?: boolean;
  /** Leading plain literal characters (possibly shared with other alternatives). */
  readonly lead?: number;
}

const OVERHEAD = 4;
const COUNTED = /\{(\d+)(?:(,)(\d*))?\}\??/y;
const FLAGS = /\?[imsU-]*\)/y;
const FLAG_GROUP = /\(\?[imsU-]*\)/y;
const GROUP_HEAD = /\?(?:[imsU-]*:|P?<[A-Za-z0-9_]+>)/y;
const PREFIX_CHAR = /[A-Za-z0-9/_\-]/;

export const regexProgramSizeAtLeast: (pattern: string) => number = boundedMemo((pattern) => estimate(pattern));

function estimate(pattern: string): number {
  try {
    const p = new Parser(pattern);
    const anchoredPrefix = p.skipLeadingFlags() && p.peek() === "^" ? p.leadingLiteralLength() : 0;
    const root = p.alternation();
    return OVERHEAD + Math.max(0, root.size - anchoredPrefix);
  } catch {
    return 0; // not parseable here: the syntax check reports it
  }
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  /** Matches a sticky regex at the current position, without copying the rest. */
  private match(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.i;
    return re.exec(this.s);
  }

  peek(): string | undefined {
    return this.s[this.i];
  }

  /** Skips `(?i)`-style flag groups at the start (they compile to nothing); always true. */
  skipLeadingFlags(): boolean {
    for (let m = this.match(FLAG_GROUP); m; m = this.match(FLAG_GROUP)) this.i += m[0].length;
    return true;
  }

  /** Literal characters right after a leading `^`, when the top level has no alternation. */
  leadingLiteralLength(): number {
    if (hasTopLevelAlternation(this.s)) return 0;
    let n = 0;
    const start = this.i + 1;
    for (let k = start; k < this.s.length && PREFIX_CHAR.test(this.s.charAt(k)); k++) n++;
    const next = this.s[start + n];
    // A quantifier binds to the last literal, which is then not part of the prefix.
    return next === "*" || next === "+" || next === "?" || next === "{" ? Math.max(0, n - 1) : n;
  }

  alternation(): Node {
    const branches: Node[] = [this.sequence()];
    while (this.s[this.i] === "|") {
      this.i++;
      branches.push(this.sequence());
    }
    const [only] = branches;
    if (only && branches.length === 1) return only;
    if (branches.every((b) => b.single)) return { size: 1, single: true };
    const literals = branches.flatMap((b) => (b.literal === undefined ? [] : [b.literal]));
    // Other alternatives may share their leading literals with anything: count only the rest.
    const others = branches.filter((b) => b.literal === undefined).reduce((n, b) => n + b.size - (b.lead ?? 0), 0);
    return { size: automatonEdges(literals) + others };
  }

  private sequence(): Node {
    let size = 0;
    let literal: string | undefined = "";
    let lead = 0;
    let count = 0;
    let single = false;
    while (this.i < this.s.length && this.s[this.i] !== "|" && this.s[this.i] !== ")") {
      const item = this.quantified();
      size += item.size;
      count++;
      single = item.single === true;
      literal = literal !== undefined && item.literal !== undefined ? literal + item.literal : undefined;
      if (literal !== undefined) lead = literal.length;
    }
    return { size, ...(literal !== undefined ? { literal } : {}), lead, single: count === 1 && single };
  }

  private quantified(): Node {
    const atom = this.atom();
    const c = this.s[this.i];
    if (c === "*" || c === "+" || c === "?") {
      this.i++;
      if (this.s[this.i] === "?") this.i++;
      return { size: atom.size + (c === "*" ? 0 : 1) };
    }
    const m = c === "{" ? this.match(COUNTED) : null;
    if (!m) return atom;
    this.i += m[0].length;
    const n = Number(m[1]);
    if (m[2] === undefined) return { size: n * atom.size };
    if (m[3] === "") return { size: n === 0 ? atom.size : n * atom.size + 1 };
    return { size: n * atom.size + (Number(m[3]) - n) * (atom.size + 1) };
  }

  private atom(): Node {
    const c = this.s.charAt(this.i++);
    switch (c) {
      case "(":
        return this.group();
      case "[":
        this.skipClass();
        return { size: 1, single: true };
      case "\\":
        return this.escape();
      case "^":
      case "$":
        return { size: 0, literal: "" };
      case ".":
        return { size: 1, single: true };
      default:
        return { size: 1, literal: c, single: true };
    }
  }

  private group(): Node {
    let capture = true;
    if (this.s[this.i] === "?") {
      const flags = this.match(FLAGS);
      if (flags) {
        this.i += flags[0].length;
        return { size: 0, literal: "" };
      }
      const head = this.match(GROUP_HEAD);
      if (!head) throw new Error("unsupported group");
      capture = head[0].includes("<");
      this.i += head[0].length;
    }
    const inner = this.alternation();
    if (this.s[this.i++] !== ")") throw new Error("unbalanced");
    return capture ? { size: inner.size + 2 } : inner;
  }

  private escape(): Node {
    const e = this.s[this.i++];
    if (e === undefined) throw new Error("trailing backslash");
    if (e === "p" || e === "P") {
      if (this.s[this.i] === "{") this.i = this.s.indexOf("}", this.i) + 1;
      else this.i++;
      return { size: 1, single: true };
    }
    if (e === "Q") throw new Error("quoted literal");
    if ("bBAz".includes(e)) return { size: 0 };
    if ("dDwWsS".includes(e)) return { size: 1, single: true };
    if (/[A-Za-z0-9]/.test(e)) return { size: 1, single: true };
    return { size: 1, literal: e, single: true };
  }

  private skipClass(): void {
    if (this.s[this.i] === "^") this.i++;
    if (this.s[this.i] === "]") this.i++;
    while (this.i < this.s.length && this.s[this.i] !== "]") {
      if (this.s[this.i] === "\\") this.i++;
      else if (this.s.startsWith("[:", this.i)) this.i = this.s.indexOf(":]", this.i) + 1;
      this.i++;
    }
    if (this.s[this.i++] !== "]") throw new Error("unterminated class");
  }
}

function sharedPrefix(a: string | undefined, b: string | undefined): number {
  if (!a || !b) return 0;
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function hasTopLevelAlternation(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") i++;
    else if (c === "[") {
      i = s.indexOf("]", i + 2);
      if (i < 0) return false;
    } else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) return true;
  }
  return false;
}
