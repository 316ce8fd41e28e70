/** The last string measured: a room broadcast hands the same encoded string to every recipient. */
let lastString: string | null = null;
let lastBytes = 0;

/**
 * Bytes of one engine.io packet on the wire, framing of WebSocket/TLS aside: its type digit and
 * its UTF-8 data, or the raw bytes of a binary attachment. A broadcast is measured once, not per
 * recipient (the same string object comes back, and identity is checked first).
 */
export function packetBytes(data: unknown): number {
  if (typeof data === 'string') {
    if (data !== lastString) {
      lastString = data;
      lastBytes = 1 + Buffer.byteLength(data, 'utf8');
    }
    return lastBytes;
  }
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 1;
}
