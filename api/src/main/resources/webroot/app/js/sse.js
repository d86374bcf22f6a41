// Server-Sent Events read with fetch instead of EventSource: EventSource cannot send the
// Authorization header, and a token in the URL would end up in server logs. Reconnects after an
// error with Last-Event-ID, as EventSource would, waiting longer each time (1 s up to 15 s).

import { authHeaders } from './api.js';

/**
 * Opens a stream; onEvent(kind, data, id) gets each event (data parsed as JSON when it is).
 * Returns {close()}.
 */
export function openEvents(url, { onEvent, onError } = {}) {
  let lastId = null;
  let stopped = false;
  let controller = null;

  async function readOnce() {
    controller = new AbortController();
    const headers = authHeaders({ Accept: 'text/event-stream' });
    if (lastId !== null) {
      headers['Last-Event-ID'] = lastId;
    }
    const response = await fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
    if (!response.ok || !response.body) {
      throw new Error(`HTTP ${response.status}`);
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        dispatch(block);
      }
    }
  }

  function dispatch(block) {
    let kind = 'message';
    let id = null;
    const data = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) {
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') {
        kind = value;
      } else if (field === 'data') {
        data.push(value);
      } else if (field === 'id') {
        id = value;
      }
    }
    if (id !== null) {
      lastId = id;
    }
    if (data.length === 0) {
      return;
    }
    const text = data.join('\n');
    let parsed = text;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      // not JSON: hand over the text
    }
    onEvent?.(kind, parsed, id);
  }

  (async () => {
    let delayMs = 1000;
    while (!stopped) {
      try {
        await readOnce();
        delayMs = 1000;
      } catch (err) {
        if (stopped) {
          return;
        }
        onError?.(err);
      }
      if (stopped) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(delayMs * 2, 15_000);
    }
  })();

  return {
    close() {
      stopped = true;
      controller?.abort();
    },
  };
}
