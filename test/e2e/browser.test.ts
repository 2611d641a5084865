/*
 * The whole stack as a person meets it: JupyterLab from .venv served on loopback, Debian's chromium
 * driven by playwright-core (fresh profile, headless), a notebook that uses the vtlab kernel, one cell
 * that displays a plotly figure. Passes when the plotly renderer (the jupyterlab-plotly extension
 * from the Python plotly package, fed application/vnd.plotly.v1+json) has drawn the plot's SVG.
 * Every request the browser makes (HTTP, WebSocket, workers) is recorded; none may leave loopback.
 * Chromium's resolver is also told to resolve no host but localhost, so a leak cannot reach the
 * network even while the test reports it. A screenshot goes to test-artifacts/ (git-ignored).
 * Second test: the kernel's self-contained text/html for plotly (what front ends without the plotly
 * renderer show) drawn in a bare page: the first figure of a session inlines plotly.js, the next
 * one waits for it, and nothing is fetched.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, CHROMIUM, guardedSetup, requireChromium, requireVtlabKernelspec } from "./helpers/env";
import { startJupyterServer, type JupyterServer } from "./helpers/jupyter-server";
import { connected, execute, kernelManager } from "./helpers/services";

/** The cell under test: a plotly bar chart through the kernel's plotly display helper. */
const PLOT_CELL = [
  'const fig = { data: [{ type: "bar", x: ["sensitive", "privileged", "other"], y: [3, 5, 8] }],',
  '              layout: { title: { text: "vtlab e2e" }, width: 500, height: 320 } };',
  "plotly(fig)",
].join("\n");

function notebookJson(source: string): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "vtlab", display_name: "VT-Lab (TypeScript)", language: "typescript" },
      language_info: { name: "typescript" },
    },
    cells: [{ cell_type: "code", id: "plot-cell", metadata: {}, source, outputs: [], execution_count: null }],
  });
}

/** True for URLs that stay on this machine (loopback hosts, or no network at all). */
function staysLocal(url: string): boolean {
  if (/^(data|blob|about|chrome|chrome-extension|devtools):/.test(url)) return true;
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

const setup = guardedSetup<{ server: JupyterServer; context: BrowserContext; profile: string }>();
/** Every URL the browser asked for during the current test (HTTP from pages and workers, WebSockets). */
let requests: string[] = [];

beforeAll(() =>
  setup.run(async () => {
    requireVtlabKernelspec();
    requireChromium();
    const root = mkdtempSync(join(tmpdir(), "vtlab-lab-"));
    writeFileSync(join(root, "plot.ipynb"), notebookJson(PLOT_CELL));
    const server = await startJupyterServer({ app: "lab", rootDir: root });
    const profile = mkdtempSync(join(tmpdir(), "vtlab-chromium-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
      ],
    });
    context.on("request", (r) => requests.push(r.url()));
    context.on("page", (p) => p.on("websocket", (ws) => requests.push(ws.url())));
    return { server, context, profile };
  }),
);

afterAll(async () => {
  try {
    const { server, context, profile } = setup.ready();
    await context.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  } catch {
    // set-up failed: the tests report why
  }
});

describe("JupyterLab in chromium with the vtlab kernel", () => {
  it("runs a plotly cell, draws its SVG, and makes no request off loopback", async () => {
    const { server, context } = setup.ready();
    requests = [];
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("websocket", (ws) => requests.push(ws.url()));
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));

    await page.goto(`${server.baseUrl}lab/tree/plot.ipynb?token=${server.token}`, { timeout: 90_000 });
    // The notebook is open and its kernel (vtlab, from the notebook metadata) is idle.
    await page.locator(".jp-Notebook .jp-Cell").first().waitFor({ timeout: 90_000 });
    await page.locator(".jp-NotebookPanel-toolbar .jp-KernelName", { hasText: "VT-Lab" }).waitFor({ timeout: 60_000 });
    // The kernel name shows before the kernel is up; a cell run before that is silently dropped.
    await page.locator(".jp-StatusBar-Widget", { hasText: /VT-Lab \(TypeScript\) \| Idle/ }).first().waitFor({ timeout: 90_000 });
    const prompt = page.locator(".jp-Notebook .jp-Cell").first().locator(".jp-InputArea-prompt");
    for (let attempt = 1; ; attempt++) {
      await page.locator(".jp-Notebook .jp-Cell .cm-content").first().click();
      await page.keyboard.press("Shift+Enter");
      // Queued or run: the prompt turns to [*] or [1]. A run JupyterLab dropped leaves [ ].
      const started = await expect
        .poll(() => prompt.innerText(), { timeout: 15_000 })
        .toMatch(/\[(\*|\d+)\]/)
        .then(() => true, () => false);
      if (started) break;
      if (attempt === 3) throw new Error("JupyterLab did not run the cell (prompt stayed [ ]) after three tries");
    }

    const plot = page.locator(".jp-OutputArea-output.js-plotly-plot svg.main-svg").first();
    try {
      await plot.waitFor({ timeout: 90_000 });
    } catch (e) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, "jupyterlab-plotly-FAILED.png"), fullPage: true });
      const out = await page.locator(".jp-OutputArea").first().innerText().catch(() => "");
      throw new Error(`no plotly SVG appeared; output area says: ${out.slice(0, 2000)}\npage errors: ${pageErrors.join("\n")}\n${e}`);
    }
    // Bars really drawn: one path per bar inside the SVG's bar layer.
    await expect.poll(() => page.locator(".js-plotly-plot .barlayer .point").count(), { timeout: 20_000 }).toBe(3);
    await expect(page.locator(".jp-Notebook .jp-InputArea-prompt").first().innerText()).resolves.toMatch(/\[\d+\]/);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "jupyterlab-plotly.png"), fullPage: true });

    // The filter itself tells a CDN from loopback (so an empty list below means something).
    expect(staysLocal("https://cdn.plot.ly/plotly-2.35.2.min.js")).toBe(false);
    expect(staysLocal("http://10.0.0.1:8888/lab")).toBe(false);
    expect(staysLocal(`${server.baseUrl}static/lab/main.js`)).toBe(true);
    expect(requests.length).toBeGreaterThan(10);
    const offLoopback = requests.filter((u) => !staysLocal(u));
    expect(offLoopback, "requests that left loopback").toEqual([]);
  });

  it("the self-contained text/html of plotly figures draws in a bare page: plotly.js inlined once, no network", async () => {
    const { server, context } = setup.ready();
    // Two figures from one fresh kernel session, through the same server (Jupyter REST + WebSocket).
    const manager = kernelManager(server);
    const kernel = await manager.startNew({ name: "vtlab" });
    let htmls: string[];
    try {
      await connected(kernel);
      htmls = [];
      for (const [i, y] of [[1, [3, 1, 2]], [2, [1, 4, 9]]] as const) {
        const ex = await execute(kernel, `plotly({ data: [{ type: "scatter", y: ${JSON.stringify(y)} }], layout: { title: { text: "fallback ${i}" } } })`);
        const result = ex.outputs.find((m) => m.header.msg_type === "execute_result");
        const html = (result?.content as { data?: Record<string, unknown> } | undefined)?.data?.["text/html"];
        expect(typeof html, `figure ${i} has text/html`).toBe("string");
        htmls.push(html as string);
      }
    } finally {
      await kernel.shutdown().catch(() => undefined);
      manager.dispose();
    }
    // The first figure of a session carries plotly.js; the second only waits for it.
    expect(htmls[0].length).toBeGreaterThan(500_000);
    expect(htmls[1].length).toBeLessThan(100_000);

    requests = [];
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    // Rendered in the order a front end shows outputs; the page has no server behind it at all.
    await page.setContent(`<!doctype html><html><body>${htmls.join("\n")}</body></html>`, { timeout: 60_000 });
    await expect
      .poll(() => page.locator(".js-plotly-plot svg.main-svg").count(), { timeout: 60_000, message: `plots drawn (page errors: ${errors.join("; ")})` })
      .toBeGreaterThanOrEqual(2);
    await expect(page.locator(".js-plotly-plot .gtitle").allTextContents()).resolves.toEqual(["fallback 1", "fallback 2"]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "plotly-html-fallback.png"), fullPage: true });
    await page.close();
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !staysLocal(u)), "requests that left loopback").toEqual([]);
  });
});
