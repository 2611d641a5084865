/*
 * kernel_info_reply content (Jupyter messaging spec 5.3, "Kernel info") and the version table
 * `%vtlab` prints. language_info describes the cells' language, TypeScript as tslab's compiler fork
 * implements it.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { PROTOCOL_VERSION } from "../wire/message";
import { plotlyVersion } from "./plotly";

/** The repository's package.json, found from dist/kernel/session/. */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(resolve(__dirname, "..", "..", "..", "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** Versions from package.json files, without loading the (slow to load) compiler. */
export function compilerVersions(): { typescript: string; tslab: string } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    typescript: (require("@tslab/typescript-for-tslab/package.json") as { version: string }).version,
    tslab: (require("tslab/package.json") as { version: string }).version,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

export interface Versions {
  kernel: string;
  engine: string;
  node: string;
  typescript: string;
  tslab: string;
  "plotly.js": string;
  protocol: string;
}

export function versions(tsVersion: string, tslabVersion: string, engineLoaded: boolean): Versions {
  const v = packageVersion();
  return {
    kernel: v,
    engine: engineLoaded ? v : "not built",
    node: process.versions.node,
    typescript: tsVersion,
    tslab: tslabVersion,
    "plotly.js": plotlyVersion(),
    protocol: PROTOCOL_VERSION,
  };
}

export function kernelInfo(v: Versions, engineNames: string[]): Record<string, unknown> {
  const preload = engineNames.length ? `Engine preloaded: ${engineNames.join(", ")}` : "Engine: not preloaded (nothing exported yet)";
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "vtlab",
    implementation_version: v.kernel,
    language_info: {
      name: "typescript",
      version: v.typescript,
      mimetype: "text/typescript",
      file_extension: ".ts",
      codemirror_mode: { name: "javascript", typescript: true },
      pygments_lexer: "typescript",
    },
    banner: `vtlab ${v.kernel}: TypeScript ${v.typescript} on Node ${v.node}, an x86 virtualization lab.\n${preload}\nMagics: %%asm %%html %%markdown %time %timeit %vtlab`,
    help_links: [
      { text: "vtlab", url: "https://github.com/vtlab/vtlab" },
      { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" },
      { text: "Node.js API", url: "https://nodejs.org/docs/latest-v20.x/api/" },
      { text: "Jupyter messaging", url: "https://jupyter-client.readthedocs.io/en/latest/messaging.html" },
    ],
    debugger: false,
  };
}
