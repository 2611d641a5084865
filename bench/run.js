#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.js in turn (each a plain Node script that requires the
// built package from dist/ and prints its own figures as ratios against a peer measured in the same run).
"use strict";
const { readdirSync } = require("fs");
const { join } = require("path");
const { spawnSync } = require("child_process");

const only = process.argv.slice(2);
const files = readdirSync(__dirname)
  .filter((f) => f.endsWith(".bench.js"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n== ${f} ==\n`);
  const r = spawnSync(process.execPath, [join(__dirname, f)], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
