/**
 * Reads `text/event-stream` (the HTML standard's server-sent events) pushed in as chunks of bytes: lines ended by
 * LF, CRLF or CR, `field: value` lines, comments (`:...`) skipped, a blank line ends an event, which is dispatched
 * only if it had a `data` line (as a browser does). Lines are bounded so a broken server cannot fill the memory.
 * Port of the Java SDK's `ServerSentEvents`, for bodies read with `fetch` (EventSource cannot send Authorization).
 */
export interface ServerSentEvent { event: string; id: string | null; data: string }

export const MAX_LINE = 8 * 1024 * 1024;

export class SseParser {
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private skipLf = false; // the last line ended with CR: a LF right after it belongs to it
  private event: string | null = null;
  private id: string | null = null;
  private data: string[] | null = null;

  /** Feeds bytes; returns the events they complete. */
  push(chunk: Uint8Array): ServerSentEvent[] {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    const out: ServerSentEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      if (this.skipLf && c === 10 && i === start) { this.skipLf = false; start = i + 1; continue; }
      this.skipLf = c === 13;
      const dispatched = this.line(this.buffer.slice(start, i));
      if (dispatched) out.push(dispatched);
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    if (this.buffer.length > MAX_LINE) throw new Error(`a line of the event stream is longer than ${MAX_LINE} characters`);
    return out;
  }

  private line(line: string): ServerSentEvent | null {
    if (line === '') {
      const data = this.data;
      const event = this.event;
      this.data = null;
      this.event = null;
      return data ? { event: event || 'message', id: this.id, data: data.join('\n') } : null;
    }
    if (line.startsWith(':')) return null; // a comment: a keep-alive of some servers and proxies
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event': this.event = value; break;
      case 'id': if (!value.includes('\0')) this.id = value; break;
      case 'data': (this.data ??= []).push(value); break;
      default: break; // "retry" and unknown fields: the SDK keeps its own reconnection policy
    }
    return null;
  }
}
