// The whole tree — engine, kernel and these tests — type-checks under the project's strict settings.
// `npm run build` checks src/ and kernel/ only (what ships); vitest itself strips types without
// checking them, so without this a test could call an API that no longer exists and still "pass".
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..");

describe("type check", () => {
  it("tsc -p tsconfig.test.json reports no errors (src, kernel and test, strict)", () => {
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.test.json")], {
      cwd: root,
      encoding: "utf8",
      timeout: 170_000,
    });
    expect(r.error, String(r.error)).toBeUndefined();
    expect(r.stdout + r.stderr, "tsc output").toBe("");
    expect(r.status).toBe(0);
  }, 180_000);
});
