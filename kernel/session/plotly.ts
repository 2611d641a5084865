/*
 * Plotly figures as self-contained HTML (no CDN, no network): the first figure of a kernel session
 * carries the plotly.js bundle from the npm package `plotly.js-cartesian-dist-min` inline; every
 * figure's own script waits until `window.Plotly` exists and then draws. Front ends with a plotly
 * renderer (JupyterLab with the plotly extension, VS Code) use `application/vnd.plotly.v1+json`
 * instead; others run the HTML (in trusted notebooks).
 * Leaves out: plotly.js trace types outside the cartesian bundle (3D, maps).
 */
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";
const PACKAGE = "plotly.js-cartesian-dist-min";

interface Figure {
  data?: Array<{ type?: string }>;
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** JSON that can sit inside a <script> element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v ?? null)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function plotlyVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`${PACKAGE}/package.json`) as { version: string }).version;
}

export class PlotlyInliner {
  private inlined = false;

  /** Whether the bundle has been sent in this session. */
  get bundleSent(): boolean {
    return this.inlined;
  }

  static describe(fig: unknown): string {
    const data = (fig as Figure | undefined)?.data ?? [];
    const types = [...new Set(data.map((t) => t.type ?? "scatter"))];
    return `Plotly figure (${data.length} trace${data.length === 1 ? "" : "s"}${types.length ? ": " + types.join(", ") : ""})`;
  }

  private bundleScript(): string {
    const source = readFileSync(require.resolve(PACKAGE), "utf8").replace(/<\/script/gi, "<\\/script");
    // Shadow CommonJS/AMD globals a page may define so the UMD wrapper sets window.Plotly.
    return `<script type="text/javascript">(function (module, exports, define) {\n${source}\n})();</script>\n`;
  }

  html(figure: unknown): string {
    const fig = (figure ?? {}) as Figure;
    const id = `vtlab-plot-${randomUUID()}`;
    const height = typeof fig.layout?.height === "number" ? `${fig.layout.height}px` : "450px";
    let out = "";
    if (!this.inlined) {
      out += this.bundleScript();
      this.inlined = true;
    }
    out +=
      `<div id="${id}" class="vtlab-plotly" style="width:100%;height:${height}"></div>\n` +
      `<script type="text/javascript">(function () {\n` +
      `  var fig = ${scriptJson(fig)};\n` +
      `  function draw(tries) {\n` +
      `    var el = document.getElementById(${JSON.stringify(id)});\n` +
      `    if (window.Plotly && el) { window.Plotly.newPlot(el, fig.data || [], fig.layout || {}, Object.assign({ responsive: true }, fig.config || {})); return; }\n` +
      `    if (tries < 600) setTimeout(function () { draw(tries + 1); }, 50);\n` +
      `  }\n` +
      `  draw(0);\n` +
      `})();</script>`;
    return out;
  }
}
