import { lineStarts, positionAt, type Locate, type PathSegment } from './source-position.js';

/**
 * Positions for a JSON text that was parsed with JSON.parse. The first few look-ups walk straight
 * to their path, skipping everything else; after that one pass records where every key and value
 * starts, as a tree mirroring the document. Nothing runs until a diagnostic asks for a position,
 * so clean files pay nothing. Hand-written because the general parsers with positions were
 * measured at 50-350 ms on the 1 MB CTID files (this scanner needs a few ms), and JSON's grammar
 * is small. The text is known to be valid JSON (JSON.parse accepted it), so nothing is validated.
 */
interface Place {
  readonly key: number;
  readonly value: number;
  /** Object members by key, or array items by index. */
  readonly children?: Map<string, Place> | Place[];
}

/** Look-ups answered by a direct walk before the whole document is indexed. */
const DIRECT_LOOKUPS = 16;

export function createJsonLocator(text: string): Locate {
  let root: Place | undefined;
  let starts: number[] | undefined;
  let lookups = 0;
  return (path, part = 'value') => {
    starts ??= lineStarts(text);
    if (!root && ++lookups <= DIRECT_LOOKUPS) return positionAt(starts, new JsonScanner(text).find(path, part));
    root ??= new JsonScanner(text).index();
    let place = root;
    let depth = 0;
    for (const segment of path) {
      const children = place.children;
      const next = Array.isArray(children) ? children[Number(segment)] : children?.get(String(segment));
      if (!next) break;
      place = next;
      depth++;
    }
    return positionAt(starts, part === 'key' && depth === path.length ? place.key : place.value);
  };
}

class JsonScanner {
  private i: number;
  constructor(private readonly text: string) {
    this.i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  /** Offset of the value (or key) at `path`, or of the deepest existing ancestor. */
  find(path: readonly PathSegment[], part: 'key' | 'value'): number {
    this.ws();
    let key = this.i;
    for (let depth = 0; depth < path.length; depth++) {
      const segment = String(path[depth]);
      const c = this.text.charCodeAt(this.i);
      const at = this.i;
      let found = false;
      if (c === 123) {
        this.i++;
        this.ws();
        while (this.text.charCodeAt(this.i) !== 125) {
          this.ws();
          const keyAt = this.i;
          const name = this.string(true);
          this.ws();
          this.i++; // ':'
          this.ws();
          if (name === segment) {
            key = keyAt;
            found = true;
            break;
          }
          this.skip();
          this.ws();
          if (this.text.charCodeAt(this.i) === 44) this.i++;
          this.ws();
        }
      } else if (c === 91) {
        const wanted = Number(segment);
        this.i++;
        this.ws();
        for (let n = 0; this.text.charCodeAt(this.i) !== 93; n++) {
          this.ws();
          if (n === wanted) {
            key = this.i;
            found = true;
            break;
          }
          this.skip();
          this.ws();
          if (this.text.charCodeAt(this.i) === 44) this.i++;
          this.ws();
        }
      }
      if (!found) return at;
    }
    return part === 'key' ? key : this.i;
  }

  index(): Place {
    this.ws();
    return this.value(this.i);
  }

  private value(keyOffset: number): Place {
    this.ws();
    const at = this.i;
    const c = this.text.charCodeAt(at);
    if (c === 123) {
      this.i++;
      const members = new Map<string, Place>();
      this.ws();
      while (this.text.charCodeAt(this.i) !== 125) {
        this.ws();
        const keyAt = this.i;
        const name = this.string(true);
        this.ws();
        this.i++; // ':'
        members.set(name, this.value(keyAt));
        this.ws();
        if (this.text.charCodeAt(this.i) === 44) this.i++;
        this.ws();
      }
      this.i++;
      return { key: keyOffset, value: at, children: members };
    }
    if (c === 91) {
      this.i++;
      const items: Place[] = [];
      this.ws();
      while (this.text.charCodeAt(this.i) !== 93) {
        this.ws();
        items.push(this.value(this.i));
        this.ws();
        if (this.text.charCodeAt(this.i) === 44) this.i++;
        this.ws();
      }
      this.i++;
      return { key: keyOffset, value: at, children: items };
    }
    this.skip();
    return { key: keyOffset, value: at };
  }

  /** Skips one value of any kind. */
  private skip(): void {
    const c = this.text.charCodeAt(this.i);
    if (c === 34) {
      this.string(false);
      return;
    }
    if (c === 123 || c === 91) {
      // Nested containers: track depth, stepping over strings (which may hold brackets).
      let depth = 0;
      for (;;) {
        const d = this.text.charCodeAt(this.i);
        if (d === 34) {
          this.string(false);
          continue;
        }
        this.i++;
        if (d === 123 || d === 91) depth++;
        else if ((d === 125 || d === 93) && --depth === 0) return;
      }
    }
    // number, true, false, null
    let d = c;
    while (this.i < this.text.length && d !== 44 && d !== 93 && d !== 125 && d !== 32 && d !== 10 && d !== 13 && d !== 9) d = this.text.charCodeAt(++this.i);
  }

  /** Reads a string starting at its quote; decodes it only when asked. */
  private string(decode: boolean): string {
    const text = this.text;
    const start = ++this.i;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(this.i);
      if (c === 92) {
        escaped = true;
        this.i += 2;
      } else if (c === 34 || Number.isNaN(c)) {
        break;
      } else {
        this.i++;
      }
    }
    const end = this.i++;
    if (!decode) return '';
    const raw = text.slice(start, end);
    return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

  private ws(): void {
    let c = this.text.charCodeAt(this.i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = this.text.charCodeAt(++this.i);
  }
}
