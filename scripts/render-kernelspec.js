#!/usr/bin/env node
// Renders the vtlab kernelspec directory (kernel.json + logos) from kernelspec/kernel.json.template,
// following the Jupyter kernelspec format (jupyter_client docs, "Kernel specs"): argv with the
// {connection_file} placeholder, display_name, language, interrupt_mode ("signal" | "message").
// install.sh hands the result to `jupyter kernelspec install`; the e2e tests render variants
// (e.g. interrupt_mode "message") into temporary JUPYTER_PATH directories.
// Usage: node scripts/render-kernelspec.js <outDir> [--interrupt-mode message|signal]  (default message)
//        [--display-name NAME] [--node /abs/node]
"use strict";
const fs = require("fs");
const path = require("path");

function parseArgs(argv) {
  const opts = { outDir: "", interruptMode: "message", displayName: "", node: process.execPath };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`render-kernelspec: ${a} needs a value`);
      return argv[++i];
    };
    if (a === "--interrupt-mode") opts.interruptMode = next();
    else if (a === "--display-name") opts.displayName = next();
    else if (a === "--node") opts.node = next();
    else if (a.startsWith("--")) throw new Error(`render-kernelspec: unknown option ${a}`);
    else opts.outDir = a;
  }
  if (!opts.outDir) throw new Error("render-kernelspec: missing <outDir>");
  if (!["signal", "message"].includes(opts.interruptMode))
    throw new Error(`render-kernelspec: interrupt mode must be signal or message, not ${opts.interruptMode}`);
  return opts;
}

/** The kernelspec (kernel.json contents) for `opts`, from the template; no files written. */
function kernelspec(opts) {
  const repo = path.resolve(__dirname, "..");
  const main = path.join(repo, "dist", "kernel", "main.js");
  const template = fs.readFileSync(path.join(repo, "kernelspec", "kernel.json.template"), "utf8");
  // Substitute inside parsed JSON so paths with quotes or backslashes stay valid JSON.
  const subst = (v) =>
    typeof v === "string"
      ? v
          .replace("@NODE@", path.resolve(opts.node))
          .replace("@MAIN@", main)
          .replace("@REPO@", repo)
          .replace("@INTERRUPT_MODE@", opts.interruptMode)
      : Array.isArray(v)
        ? v.map(subst)
        : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, subst(x)]))
          : v;
  const spec = subst(JSON.parse(template));
  if (opts.displayName) spec.display_name = opts.displayName;
  return spec;
}

function render(opts) {
  const specDir = path.join(__dirname, "..", "kernelspec");
  const spec = kernelspec(opts);
  fs.mkdirSync(opts.outDir, { recursive: true });
  fs.writeFileSync(path.join(opts.outDir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  for (const logo of ["logo-32x32.png", "logo-64x64.png"])
    fs.copyFileSync(path.join(specDir, logo), path.join(opts.outDir, logo));
  return spec;
}

module.exports = { kernelspec };

if (require.main === module) {
  try {
    render(parseArgs(process.argv.slice(2)));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
}
