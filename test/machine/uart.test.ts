// 16550A UART (PC16550D data sheet: register map, DLAB, IER/IIR priorities, FIFO, LSR, loopback)
// driven the way real drivers (Linux 8250, the corpus frame) drive it.
import { describe, expect, it } from "vitest";
import { Uart16550 } from "../../src/machine/devices/uart16550";

function make(): { u: Uart16550; out: number[]; irq: { level: boolean; rises: number } } {
  const out: number[] = [];
  const irq = { level: false, rises: 0 };
  const u = new Uart16550((b) => out.push(b), (l) => {
    if (l && !irq.level) irq.rises++;
    irq.level = l;
  });
  return { u, out, irq };
}

describe("16550A UART", () => {
  it("transmits THR writes at once and reports THRE|TEMT", () => {
    const { u, out } = make();
    expect(u.ioRead(5, 1)).toBe(0x60);
    for (const c of "Hi") u.ioWrite(0, 1, c.charCodeAt(0));
    expect(String.fromCharCode(...out)).toBe("Hi");
    expect(u.ioRead(5, 1) & 0x60).toBe(0x60);
  });

  it("DLAB exposes the divisor latch at offsets 0 and 1 without transmitting", () => {
    const { u, out } = make();
    u.ioWrite(3, 1, 0x80);
    u.ioWrite(0, 1, 0x01);
    u.ioWrite(1, 1, 0x00);
    expect(u.ioRead(0, 1)).toBe(1);
    u.ioWrite(3, 1, 0x03); // 8N1, DLAB off
    expect(u.ioRead(3, 1)).toBe(0x03);
    expect(u.ioRead(1, 1)).toBe(0); // IER untouched
    expect(out).toEqual([]);
  });

  it("THRE interrupt: raised when enabled with THR empty, cleared by reading IIR, raised again by a write", () => {
    const { u, irq } = make();
    expect(u.ioRead(2, 1)).toBe(0x01);
    u.ioWrite(1, 1, 0x02);
    expect(irq.level).toBe(true);
    expect(u.ioRead(2, 1)).toBe(0x02);
    expect(irq.level).toBe(false);
    expect(u.ioRead(2, 1)).toBe(0x01);
    u.ioWrite(0, 1, 0x41);
    expect(irq.level).toBe(true);
    expect(irq.rises).toBe(2);
  });

  it("receives into a 16-byte FIFO with trigger levels, and IIR shows 0xC0 with FIFOs on", () => {
    const { u, irq } = make();
    u.ioWrite(2, 1, 0xc7); // enable + clear FIFOs, trigger 14
    u.ioWrite(1, 1, 0x01); // ERBFI
    u.receive([0x61, 0x62]);
    expect(u.ioRead(5, 1) & 1).toBe(1);
    expect(u.ioRead(2, 1)).toBe(0xcc); // below the trigger level: character timeout
    expect(irq.level).toBe(true);
    expect(u.ioRead(0, 1)).toBe(0x61);
    expect(u.ioRead(0, 1)).toBe(0x62);
    expect(u.ioRead(5, 1) & 1).toBe(0);
    expect(irq.level).toBe(false);
    u.receive(new Array(20).fill(0x30));
    expect(u.ioRead(2, 1)).toBe(0xc4); // at the trigger level: received data available
    expect(u.ioRead(5, 1) & 0x02).toBe(0x02); // 4 bytes were lost: overrun
    expect(u.ioRead(5, 1) & 0x02).toBe(0); // reading LSR clears OE
  });

  it("without FIFOs holds one byte and flags overrun", () => {
    const { u } = make();
    u.receive([1, 2]);
    expect(u.ioRead(5, 1) & 0x03).toBe(0x03);
    expect(u.ioRead(0, 1)).toBe(2);
  });

  it("line status interrupt has priority over received data", () => {
    const { u } = make();
    u.ioWrite(1, 1, 0x05);
    u.receive([1, 2]);
    expect(u.ioRead(2, 1)).toBe(0x06);
    u.ioRead(5, 1);
    expect(u.ioRead(2, 1)).toBe(0x04);
  });

  it("loopback mode feeds TX to RX and wires MCR outputs to MSR inputs", () => {
    const { u, out } = make();
    u.ioWrite(4, 1, 0x10 | 0x0b); // LOOP + DTR, RTS, OUT2
    u.ioWrite(0, 1, 0xae);
    expect(out).toEqual([]);
    expect(u.ioRead(0, 1)).toBe(0xae);
    expect(u.ioRead(6, 1) & 0xf0).toBe(0xb0); // DCD, DSR, CTS (RI from OUT1 is off)
    u.ioWrite(4, 1, 0x0b);
    u.ioWrite(0, 1, 0x42);
    expect(out).toEqual([0x42]);
  });

  it("scratch register and snapshot", () => {
    const { u } = make();
    u.ioWrite(7, 1, 0x5a);
    u.receive([9]);
    const saved = structuredClone(u.save());
    u.ioRead(0, 1);
    u.ioWrite(7, 1, 0);
    u.load(saved);
    expect(u.ioRead(7, 1)).toBe(0x5a);
    expect(u.ioRead(0, 1)).toBe(9);
  });

  it("queued host input has flow control: it waits for room instead of overrunning", () => {
    const { u } = make();
    u.queueInput([1, 2, 3]); // no FIFO: one byte at a time
    expect(u.queuedInput).toBe(2);
    expect(u.ioRead(0, 1)).toBe(1);
    expect(u.ioRead(0, 1)).toBe(2);
    expect(u.queuedInput).toBe(0);
    expect(u.ioRead(0, 1)).toBe(3);
    expect(u.ioRead(5, 1) & 0x03).toBe(0); // no data left, no overrun
    u.ioWrite(2, 1, 0x01); // FIFO on: 16 bytes of room
    u.queueInput(new Array(40).fill(7));
    expect(u.queuedInput).toBe(24);
    let n = 0;
    while (u.ioRead(5, 1) & 1) {
      u.ioRead(0, 1);
      n++;
    }
    expect(n).toBe(40);
  });
});
