/**
 * Floating-point data in every unit NASM accepts (NASM manual 3.4.6): exact decimal conversion
 * with round-to-nearest-even, subnormals, 80-bit extended with its explicit integer bit, the
 * 8-bit and half formats, and the special constants. nasm decides the bytes at test time.
 */
import { describe, it } from "vitest";
import { expectSameAsNasm } from "./hunt";

describe("hunt: floating-point data vs nasm", () => {
  it("dd and dq, including values a JS double would round twice", () => {
    expectSameAsNasm("dd 1.5, -2.25e2, 1e10, 0.1, 3.4e38, 1e-45, 1e-40, 16777217.0, -0.0, 1., 1_000.5, 3.4028235e38\n" +
      "dq 0.1, 1.0e-300, 4.9e-324, 1e308, 2.5e-320, 123456789.123456789\n");
  });

  it("dw (half), db (8-bit) and dt (80-bit extended)", () => {
    expectSameAsNasm("dw 1.5, 0.1, 65504.0, 6e-8, 1e-5, -2.0\ndb 1.0, 0.1, 240.0, 0.001953125, 2.5\ndt 1.5, 0.1, -3.0e100, 1e-4940, 1e4000\n");
  });

  it("__Infinity__, __QNaN__, __SNaN__ in each unit", () => {
    expectSameAsNasm("dd __Infinity__, __QNaN__, __SNaN__, -__Infinity__, __?Infinity?__\ndq __Infinity__, __QNaN__, __SNaN__\ndw __Infinity__, __QNaN__\ndt __Infinity__, __QNaN__, __SNaN__\n");
  });

  it("an exponent letter without digits is exponent 0 (10e, 1.5e)", () => {
    expectSameAsNasm("dd 10e, 1.5e\ndq 2e\ndd 0e5h, 0e\n");
  });
});
