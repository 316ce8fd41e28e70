import { packetBytes } from './packet-bytes';

describe('packetBytes (socket egress per packet)', () => {
  it('counts the type digit and the UTF-8 bytes of a string packet, multi-byte characters included', () => {
    const frame = '2["message.created",{"body":"hi"}]';
    expect(packetBytes(frame)).toBe(1 + frame.length);
    expect(packetBytes('é€😀')).toBe(1 + 2 + 3 + 4);
    // Measured again (a broadcast's next recipient), and a different string of the same length.
    expect(packetBytes('é€😀')).toBe(10);
    expect(packetBytes('ab')).toBe(3);
    expect(packetBytes('éb')).toBe(4);
  });

  it('counts binary attachments as their bytes and a bare packet (ping) as its type', () => {
    expect(packetBytes(Buffer.alloc(17))).toBe(17);
    expect(packetBytes(new Uint8Array(5).buffer)).toBe(5);
    expect(packetBytes(undefined)).toBe(1);
  });
});
