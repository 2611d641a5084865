import { defineConfig } from "vitest/config";

// One config for the whole suite. Tests mirror the source tree under test/.
// Oracle-backed tests (NASM, QEMU, Jupyter, Chromium) fail when the oracle is missing; they never skip.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
  },
});
