import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseParser, type ServerSentEvent } from '../../src/sdk/net/sse.ts';

function feed(chunks: string[]): ServerSentEvent[] {
  const parser = new SseParser();
  const enc = new TextEncoder();
  return chunks.flatMap((c) => parser.push(enc.encode(c)));
}

test('events with ids, multi-line data, comments and heartbeats, whatever the line endings', () => {
  const events = feed([': hello\n', 'event: entry\nid: trip:3\ndata: {"a":1}\n\n', 'event: heartbeat\r\ndata: {}\r\n\r\n',
    'data: one\rdata: two\r\r']);
  assert.deepEqual(events, [
    { event: 'entry', id: 'trip:3', data: '{"a":1}' },
    { event: 'heartbeat', id: 'trip:3', data: '{}' },
    { event: 'message', id: 'trip:3', data: 'one\ntwo' },
  ]);
});

test('an event split anywhere across chunks, a CRLF split between chunks, and UTF-8 split inside a character', () => {
  const bytes = new TextEncoder().encode('event: entry\r\ndata: {"title":"café ☕"}\r\n\r\n');
  const parser = new SseParser();
  const out: ServerSentEvent[] = [];
  for (let i = 0; i < bytes.length; i++) out.push(...parser.push(bytes.subarray(i, i + 1)));
  assert.deepEqual(out, [{ event: 'entry', id: null, data: '{"title":"café ☕"}' }]);
});

test('an event without data is not dispatched, and a field without a colon counts as empty', () => {
  assert.deepEqual(feed(['event: removed\n\n', 'data\n\n']), [{ event: 'message', id: null, data: '' }]);
});
