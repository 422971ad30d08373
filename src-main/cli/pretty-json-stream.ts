/** Output is handed on in pieces of about this many characters. */
const FLUSH_AT = 1 << 20;

/**
 * Writes an object of arrays item by item, as the exact text `JSON.stringify(value, null, 2)`
 * would give (what every `--json` command prints), without the whole value or its text in
 * memory at once: `rekey resolve` prints a million decisions and users this way.
 */
export class PrettyJsonArrays {
  private buffer = '{';
  private arrays = 0;
  private items = 0;

  constructor(private readonly write: (text: string) => void) {}

  open(name: string): void {
    this.buffer += `${this.arrays++ ? ',' : ''}\n  ${JSON.stringify(name)}: [`;
    this.items = 0;
  }

  item(value: unknown): void {
    // JSON escapes line breaks inside strings, so every "\n" here is one between lines.
    const text = flatObjectText(value) ?? JSON.stringify(value, null, 2).replaceAll('\n', '\n    ');
    this.buffer += `${this.items++ ? ',' : ''}\n    ${text}`;
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  close(): void {
    this.buffer += this.items ? '\n  ]' : ']';
  }

  /** Ends the object and the line, and writes what is left. */
  end(): void {
    this.buffer += this.arrays ? '\n}\n' : '}\n';
    this.flush();
  }

  private flush(): void {
    this.write(this.buffer);
    this.buffer = '';
  }
}

/**
 * The text JSON.stringify(value, null, 2) gives an array item (indented by four) when the
 * item is an object of strings, numbers, booleans, nulls and lists of strings — a decision
 * or a user — built directly: stringifying a million of them and re-indenting the text
 * cost `rekey resolve` more than resolving. Undefined for any other value.
 */
function flatObjectText(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  let text = '';
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const v = (value as Record<string, unknown>)[key];
    let cell: string;
    if (typeof v === 'string' || typeof v === 'boolean' || v === null || (typeof v === 'number' && Number.isFinite(v))) cell = JSON.stringify(v);
    else if (v === undefined) continue;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) cell = v.length === 0 ? '[]' : `[\n        ${v.map((x) => JSON.stringify(x)).join(',\n        ')}\n      ]`;
    else return undefined;
    text += `${text ? ',' : ''}\n      ${JSON.stringify(key)}: ${cell}`;
  }
  return text ? `{${text}\n    }` : '{}';
}
