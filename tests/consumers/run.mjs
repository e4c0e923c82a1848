// Consumer tests: the `npm pack` tarball of pkg/ installed into small real projects
// (Vite, webpack 5, esbuild, React 19, React 18, TypeScript with React 19 and 18
// JSX types, Node, a cross-origin
// static host), each built with its own pinned lockfile and, for the browser ones,
// loaded in Chromium: every chart drawn (canvas not blank), data-state=ready, no
// console error, no failed request. Plus publint and attw on the tarball.
//
//   scripts/build.sh && node tests/consumers/run.mjs            # every scenario
//   node tests/consumers/run.mjs vite react19                   # some of them
//
// Each project is copied to target/consumers/work/<name> and installed with `npm ci`
// from one shared cache (target/consumers/npm-cache): a warm run needs no network, a
// fresh machine fills the cache from the npm registry. The lockfiles pin every
// third-party package; the entry for khuyencong-charts points at the fresh tarball
// (target/consumers/khuyencong-charts.tgz), whose integrity is written in before `npm ci`.

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, EXECUTABLE } from "../e2e/chromium.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const OUT = path.join(ROOT, "target/consumers");
const WORK = path.join(OUT, "work");
const CACHE = process.env.KC_NPM_CACHE ? path.resolve(process.env.KC_NPM_CACHE) : path.join(OUT, "npm-cache");
const TARBALL = path.join(OUT, "khuyencong-charts.tgz");
const DATASET = path.join(ROOT, "tests/malformed/valid_only_plans.json");
/** The page's main chart (the one without an id; `#custom` has a custom dataset). */
const MAIN = "khuyencong-chart:not([id])";
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'";

const log = (...a) => console.log("[consumers]", ...a);
const results = [];

// ---------------------------------------------------------------- processes

function run(cmd, args, { cwd, env, quiet = true } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) {
        if (!quiet) process.stdout.write(out);
        resolve(out);
      } else {
        reject(new Error(`${cmd} ${args.join(" ")} (in ${path.relative(ROOT, cwd ?? ROOT)}) exited ${code}:\n${out.slice(-4000)}`));
      }
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts a long-running server (vite dev / preview) and waits until it answers. */
async function startServer(cmd, args, cwd) {
  const port = await freePort();
  const child = spawn(cmd, [...args, "--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${cmd} ${args.join(" ")} exited ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(url);
      if (res.ok) return { url, stop: () => child.kill("SIGTERM"), output: () => out };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill("SIGTERM");
  throw new Error(`${cmd} did not answer on ${url} within 30 s:\n${out}`);
}

// ---------------------------------------------------------------- static server

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};

/** Serves `dir` on 127.0.0.1 with the given extra headers; `rewrite(file, text)` may edit HTML. */
function serve(dir, headers = {}, rewrite = (_f, t) => t) {
  const server = createServer(async (req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html";
    const file = path.resolve(dir, rel);
    if (!file.startsWith(path.resolve(dir) + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      let body = await readFile(file);
      const ext = path.extname(file);
      if (ext === ".html") body = rewrite(file, body.toString("utf8"));
      res.writeHead(200, { "content-type": TYPES[ext] ?? "application/octet-stream", "cache-control": "no-store", ...headers });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain", ...headers }).end("404 Not Found");
    }
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, origin: `http://127.0.0.1:${port}`, stop: () => server.close() });
    }),
  );
}

// ---------------------------------------------------------------- browser checks

let browser = null;
async function getBrowser() {
  browser ??= await chromium.launch({ executablePath: EXECUTABLE, args: CHROMIUM_ARGS });
  return browser;
}

/** In the page: every <khuyencong-chart> and chart canvas, with how much is drawn on it. */
function pageState() {
  const inked = (canvas) => {
    const { width, height } = canvas;
    if (!width || !height) return { width, height, ink: 0, colors: 0 };
    const d = canvas.getContext("2d").getImageData(0, 0, width, height).data;
    const bg = [d[0], d[1], d[2], d[3]];
    let ink = 0;
    let n = 0;
    const colors = new Set();
    for (let i = 0; i < d.length; i += 4 * 7) {
      n++;
      if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) + Math.abs(d[i + 3] - bg[3]) > 24) ink++;
      if (colors.size < 64) colors.add(`${d[i] >> 4},${d[i + 1] >> 4},${d[i + 2] >> 4}`);
    }
    return { width, height, ink: ink / n, colors: colors.size };
  };
  return {
    // Containers of charts mounted with the ES API.
    mounts: document.querySelectorAll("#api").length,
    elements: [...document.querySelectorAll("khuyencong-chart")].map((el) => ({
      id: el.id || `[chart=${el.getAttribute("chart")}]`,
      state: el.dataset.state ?? null,
      error: el.querySelector(":scope > .kc-error")?.textContent ?? null,
    })),
    canvases: [...document.querySelectorAll("canvas.kc-canvas")].map((c) => ({
      owner: ((o) => o?.id || (o ? `${o.localName}[chart=${o.getAttribute("chart")}]` : ""))(c.closest("khuyencong-chart, [id]")),
      label: c.getAttribute("aria-label") ?? "",
      ...inked(c),
    })),
  };
}

class Check {
  constructor(name) {
    this.name = name;
    this.failures = [];
    this.notes = [];
  }
  expect(ok, msg) {
    if (!ok) this.failures.push(msg);
    return ok;
  }
  note(msg) {
    this.notes.push(msg);
  }
}

/**
 * Opens `url` in Chromium and checks the charts. `expected(url)` says which failed
 * requests / console errors are part of the scenario. `body(page, check)` adds checks.
 */
async function inBrowser(check, url, { expected = () => false, settle = (s) => s.elements.every((e) => e.state !== "loading"), body } = {}) {
  const b = await getBrowser();
  const context = await b.newContext({ viewport: { width: 1000, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  // Chromium asks every origin for a favicon; none of these pages has one.
  const allowed = expected;
  expected = (url, text) => /\/favicon\.ico$/.test(url) || allowed(url, text);
  page.on("console", (m) => {
    if (m.type() === "error" && !expected(m.location()?.url ?? "", m.text())) problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => {
    if (!expected(r.url())) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !expected(r.url())) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  try {
    await page.goto(url, { waitUntil: "load" });
    let state;
    const deadline = Date.now() + 20_000;
    for (;;) {
      state = await page.evaluate(pageState);
      if (state.elements.length > 0 && settle(state)) break;
      if (Date.now() > deadline) break;
      await page.waitForTimeout(100);
    }
    await page.waitForTimeout(150);
    state = await page.evaluate(pageState);
    if (body) await body(page, check, state);
    else checkDrawn(check, state);
  } catch (e) {
    check.expect(false, `${url}: ${e.message}`);
  } finally {
    for (const p of problems) check.expect(false, `${url}: ${p}`);
    await context.close();
  }
}

/** Every element ready, every chart canvas drawn. */
function checkDrawn(check, state, { minCanvases = state.elements.length + state.mounts } = {}) {
  check.expect(state.elements.length > 0, "no <khuyencong-chart> in the page");
  for (const e of state.elements) {
    check.expect(e.state === "ready", `<khuyencong-chart id=${e.id}> is "${e.state}"${e.error ? `: ${e.error}` : ""}`);
  }
  check.expect(state.canvases.length >= minCanvases, `${state.canvases.length} chart canvas(es), expected ${minCanvases}`);
  for (const c of state.canvases) {
    check.expect(
      c.width > 200 && c.height > 100 && c.ink > 0.02 && c.colors >= 4,
      `canvas of #${c.owner} looks blank: ${c.width}×${c.height}, ${(c.ink * 100).toFixed(1)} % inked, ${c.colors} colours`,
    );
  }
  check.note(state.canvases.map((c) => `#${c.owner} ${c.width}×${c.height} ${(c.ink * 100).toFixed(0)} % inked`).join(", "));
}

async function waitFor(page, fn, arg, what, check) {
  try {
    await page.waitForFunction(fn, arg, { timeout: 10_000, polling: 50 });
    return true;
  } catch {
    check.expect(false, `timed out waiting for ${what}`);
    return false;
  }
}

// ---------------------------------------------------------------- projects

/** Each scenario's install, started ahead by main() (a few at a time) or on first use. */
const installs = new Map();
function install(name) {
  if (!installs.has(name)) installs.set(name, installNow(name));
  return installs.get(name);
}

/** Copies a scenario to its work dir and installs it from its lockfile. */
async function installNow(name) {
  const src = path.join(HERE, name);
  const dir = path.join(WORK, name);
  // Keep node_modules (npm ci replaces it anyway); everything else is fresh.
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(dir)) if (entry !== "node_modules") rmSync(path.join(dir, entry), { recursive: true, force: true });
  cpSync(src, dir, { recursive: true, filter: (f) => !f.includes(`${path.sep}node_modules`) });
  const lockFile = path.join(dir, "package-lock.json");
  const lock = JSON.parse(readFileSync(lockFile, "utf8"));
  const entry = lock.packages?.["node_modules/khuyencong-charts"];
  if (entry) {
    entry.integrity = `sha512-${createHash("sha512").update(readFileSync(TARBALL)).digest("base64")}`;
    writeFileSync(lockFile, JSON.stringify(lock, null, 2) + "\n");
  }
  await run("npm", ["ci", "--cache", CACHE, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir });
  return dir;
}

const bin = (dir, name) => path.join(dir, "node_modules/.bin", name);

const SCENARIOS = {
  async vite(check) {
    const dir = await install("vite");
    cpSync(DATASET, path.join(dir, "src/dataset.json"));
    const values = new Set(JSON.parse(readFileSync(DATASET, "utf8")).figures.map((f) => f.value));
    const body = async (page, check, state) => {
      checkDrawn(check, state);
      const api = await page.evaluate(() => window.__api);
      check.expect(api?.bars > 0, `mount() drew ${api?.bars} bars`);
      const apiLabel = await page.evaluate(() => document.querySelector("#api canvas.kc-canvas")?.getAttribute("aria-label"));
      check.expect(/phía Nam/.test(apiLabel ?? ""), `chart.update() to phia-nam/vi: the API chart is "${apiLabel}"`);
      const custom = await page.evaluate(() => document.getElementById("custom").handle?.bars().map((b) => b.value) ?? []);
      check.expect(custom.length > 0 && custom.every((v) => values.has(v)), `el.data = object: bars ${JSON.stringify(custom)} are not the dataset's`);
      // Properties reflect attributes and redraw.
      const before = state.canvases.find((c) => c.owner.startsWith("khuyencong-chart"))?.label;
      await page.evaluate((sel) => {
        const el = document.querySelector(sel);
        el.region = "phia-nam";
        el.pixelRatio = 2;
        el.hiddenSeries = ["plan"];
      }, MAIN);
      await waitFor(page, ([sel, b]) => document.querySelector(`${sel} canvas.kc-canvas`)?.getAttribute("aria-label") !== b, [MAIN, before], "el.region to redraw", check);
      const p = await page.evaluate((sel) => {
        const el = document.querySelector(sel);
        const c = el.querySelector("canvas.kc-canvas");
        return {
          attrs: [el.getAttribute("region"), el.getAttribute("pixel-ratio"), el.getAttribute("hidden-series")],
          props: [el.chart, el.region, el.pixelRatio, el.hiddenSeries],
          ratio: c.width / c.getBoundingClientRect().width,
          plans: el.handle.bars().filter((b) => b.basis === "plan").length,
          state: el.dataset.state,
        };
      }, MAIN);
      check.expect(JSON.stringify(p.attrs) === JSON.stringify(["phia-nam", "2", "plan"]), `properties not reflected: ${JSON.stringify(p.attrs)}`);
      check.expect(JSON.stringify(p.props) === JSON.stringify(["funding", "phia-nam", 2, ["plan"]]), `properties read back ${JSON.stringify(p.props)}`);
      check.expect(Math.abs(p.ratio - 2) < 0.05 && p.plans === 0 && p.state === "ready", `after setting properties: ratio ${p.ratio}, ${p.plans} plan bars, ${p.state}`);
    };
    await run(bin(dir, "vite"), ["build"], { cwd: dir });
    const preview = await startServer(bin(dir, "vite"), ["preview"], dir);
    try {
      await inBrowser(check, preview.url, { body });
    } finally {
      preview.stop();
    }
    const dev = await startServer(bin(dir, "vite"), [], dir);
    try {
      await inBrowser(check, dev.url, { body });
    } finally {
      dev.stop();
    }
    check.note("vite build + preview, vite dev");
  },

  async webpack(check) {
    const dir = await install("webpack");
    const out = await run(bin(dir, "webpack"), [], { cwd: dir });
    const wasm = readdirSync(path.join(dir, "dist")).filter((f) => f.endsWith(".wasm"));
    check.expect(wasm.length === 1, `webpack emitted ${wasm.length} .wasm files: ${wasm.join(", ")}`);
    const warnings = [...out.matchAll(/^WARNING in ([^\n]*)/gm)].map((m) => m[1]);
    check.expect(warnings.every((w) => /^configuration$|size limit|performance recommendations/i.test(w)), `webpack warnings other than size and the missing mode: ${warnings.join("; ")}`);
    check.note(`webpack: ${/compiled[^\n]*/.exec(out)?.[0] ?? "built"} (${warnings.join("; ")})`);
    cpSync(path.join(dir, "public/index.html"), path.join(dir, "dist/index.html"));
    const server = await serve(path.join(dir, "dist"), { "content-security-policy": CSP });
    try {
      await inBrowser(check, server.url, {
        body: async (page, check, state) => {
          checkDrawn(check, state);
          const api = await page.evaluate(() => window.__api);
          check.expect(api?.bars > 0, `mount() drew ${api?.bars} bars`);
          const classic = await page.evaluate(() => [...document.scripts].every((s) => s.type === ""));
          check.expect(classic, "the bundle is not loaded as a classic script");
        },
      });
    } finally {
      server.stop();
    }
  },

  async cdn(check) {
    const dir = await install("cdn");
    const cdn = await serve(path.join(dir, "node_modules/khuyencong-charts"), { "access-control-allow-origin": "*" });
    const csp = `default-src 'self'; script-src 'self' ${cdn.origin} 'wasm-unsafe-eval'; connect-src 'self' ${cdn.origin}; style-src 'self'`;
    const site = await serve(dir, { "content-security-policy": csp }, (_f, t) => t.replaceAll("%CDN%", cdn.origin));
    const wasmFrom = [];
    try {
      await inBrowser(check, `${site.url}page.html`, {
        body: async (page, check, state) => {
          checkDrawn(check, state);
          const fallbackHidden = await page.evaluate(() => document.querySelector("table.kc-fallback").hidden || !document.querySelector("table.kc-fallback").checkVisibility());
          check.expect(fallbackHidden, "the fallback table is still shown next to the chart");
          const entries = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
          wasmFrom.push(...entries.filter((u) => u.endsWith(".wasm")));
        },
      });
      check.expect(wasmFrom.length === 1 && wasmFrom[0].startsWith(cdn.origin), `wasm loaded from ${wasmFrom.join(", ")}, expected ${cdn.origin}`);
    } finally {
      site.stop();
      cdn.stop();
    }
  },

  async esbuild(check) {
    const dir = await install("esbuild");
    await run("npm", ["run", "build", "--silent"], { cwd: dir });
    const dist = path.join(dir, "dist");
    const wasm = readdirSync(dist).filter((f) => f.endsWith(".wasm"));
    check.expect(wasm.length === 1, `esbuild --loader:.wasm=file emitted ${wasm.length} .wasm files`);
    const server = await serve(dist, { "content-security-policy": CSP });
    try {
      await inBrowser(check, `${server.url}index.html`, {
        body: async (page, check, state) => {
          checkDrawn(check, state);
          const img = await page.evaluate(() => document.getElementById("svg").naturalWidth);
          check.expect(img === 800, `the prerendered SVG is ${img} px wide, expected 800`);
          const table = await page.evaluate(() => document.querySelectorAll("table.kc-fallback td").length);
          check.expect(table > 10, `the prerendered fallback table has ${table} cells`);
        },
      });
      // Without the wasm option: no .wasm next to the bundle; the element says so in place.
      await inBrowser(check, `${server.url}plain.html`, {
        expected: (url, text = "") => url.endsWith(".wasm") || /404/.test(text),
        body: async (page, check, state) => {
          const el = state.elements[0];
          check.expect(el?.state === "error", `without the wasm: state "${el?.state}", expected "error"`);
          const shown = await page.evaluate(() => {
            const msg = document.querySelector("khuyencong-chart > .kc-error");
            const table = document.querySelector("table.kc-fallback");
            return {
              text: msg?.textContent ?? "",
              visible: !!msg && msg.checkVisibility() && msg.getBoundingClientRect().height > 10,
              table: !!table && table.checkVisibility() && table.getBoundingClientRect().height > 50,
            };
          });
          check.expect(shown.visible && /Không tải được biểu đồ/.test(shown.text) && /could not be loaded/.test(shown.text), `no readable message in place: ${JSON.stringify(shown)}`);
          check.expect(shown.table, "the fallback table is not visible when the wasm is missing");
          check.note(`missing wasm shows: ${shown.text.slice(0, 120)}`);
        },
      });
      // The same bundle with the wasm-url attribute: drawn.
      await inBrowser(check, `${server.url}attr.html`);
    } finally {
      server.stop();
    }
  },

  async react19(check) {
    await reactScenario(check, "react19", true);
  },

  async react18(check) {
    await reactScenario(check, "react18", false);
  },

  async typescript(check) {
    await tscScenario(check, "typescript", 7);
  },

  async typescript18(check) {
    await tscScenario(check, "typescript18", 2);
  },

  async node(check) {
    const dir = await install("node");
    const out = await run(process.execPath, ["--test"], {
      cwd: dir,
      env: { KC_SNAPSHOTS: path.join(ROOT, "tests/snapshots"), KC_DATASET: DATASET },
    }).catch((e) => {
      check.expect(false, e.message);
      return "";
    });
    const pass = /# pass (\d+)/.exec(out)?.[1];
    check.expect(Number(pass) >= 7, `node --test: ${pass} passed`);
    check.note(`node --test: ${pass} passed`);
  },

  async readme(check) {
    checkReadme(check);
  },

  async lint(check) {
    const dir = await install("lint");
    const unpacked = path.join(dir, "unpacked");
    mkdirSync(unpacked, { recursive: true });
    await run("tar", ["-xzf", TARBALL, "-C", unpacked]);
    const pub = await run(bin(dir, "publint"), ["run", path.join(unpacked, "package"), "--strict"], { cwd: dir }).catch((e) => {
      check.expect(false, `publint: ${e.message}`);
      return "";
    });
    check.expect(/All good!/.test(pub), `publint found something:\n${pub}`);
    check.note(`publint: ${pub.trim().split("\n").pop()}`);
    // attw exits non-zero on any problem; esm-only ignores only the CommonJS resolutions.
    const attw = await run(bin(dir, "attw"), [TARBALL, "--profile", "esm-only", "--format", "ascii"], { cwd: dir }).then(
      (out) => check.note("attw --profile esm-only: no problems (exit 0)") ?? out,
      (e) => check.expect(false, `attw: ${e.message}`),
    );
    void attw;
  },
};

/**
 * The npm README's snippets are the tested code: each fenced block is preceded by
 * `<!-- test: FILE... (FROM=TO ...) -->` and every line of it must occur in one of the
 * files (after the replacements). Skipped: blank lines, comment-only lines (but not
 * `@ts-expect-error`), lines with "…" or `console.` (placeholders for the reader's code).
 * `<!-- test: none (why) -->` marks a block no test can run.
 */
function checkReadme(check) {
  const readme = readFileSync(path.join(ROOT, "js/README.npm.md"), "utf8");
  check.expect(readme === readFileSync(path.join(ROOT, "pkg/README.md"), "utf8"), "pkg/README.md is not js/README.npm.md: rebuild");
  const lines = readme.split("\n");
  let blocks = 0;
  let checked = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!/^```\w*/.test(lines[i])) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith("```"));
    const code = lines.slice(i + 1, end);
    blocks++;
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === "") k--;
    const tag = /^<!-- test: (.*) -->$/.exec(lines[k] ?? "");
    i = end;
    if (!check.expect(tag, `README line ${k + 2}: code block without a <!-- test: … --> tag`)) continue;
    if (tag[1].startsWith("none")) continue;
    const [, files, pairs = ""] = /^([^()]*?)\s*(?:\((.*)\))?$/.exec(tag[1]);
    const haystack = files
      .split(/\s+/)
      .map((f) => readFileSync(path.join(ROOT, f), "utf8"))
      .join("\n")
      .split("\n")
      .map((l) => l.trim());
    const swaps = pairs ? pairs.split(/\s+/).map((p) => p.split("=")) : [];
    for (const raw of code) {
      let line = raw.trim();
      if (line === "" || line.includes("…") || line.includes("console.")) continue;
      if (/^(\/\/|<!--|#)/.test(line) && !line.includes("@ts-expect-error")) continue;
      for (const [from, to] of swaps) line = line.replaceAll(from, to);
      checked++;
      check.expect(haystack.some((h) => h.includes(line)), `README block at line ${k + 2}: "${raw.trim()}" is not in ${files}`);
    }
  }
  check.note(`README: ${blocks} code blocks, ${checked} lines found in the tested sources`);
}

/**
 * `tsc --noEmit` must pass; then, with every `@ts-expect-error` turned into a plain
 * comment, it must report exactly `expected` errors: the misuse really is a type error
 * (an `any` would let it through).
 */
async function tscScenario(check, name, expected) {
  const dir = await install(name);
  const out = await run(bin(dir, "tsc"), ["--noEmit", "-p", "."], { cwd: dir }).catch((e) => {
    check.expect(false, e.message);
    return "";
  });
  check.note(`tsc --noEmit: ${out.trim() || "no errors"}`);
  const src = path.join(dir, "src");
  for (const f of readdirSync(src)) {
    const file = path.join(src, f);
    writeFileSync(file, readFileSync(file, "utf8").replaceAll("@ts-expect-error", "(expected error)"));
  }
  const bad = await run(bin(dir, "tsc"), ["--noEmit", "-p", "."], { cwd: dir }).then(
    () => "",
    (e) => e.message,
  );
  const errors = bad.match(/error TS\d+/g) ?? [];
  check.expect(errors.length === expected, `without @ts-expect-error, tsc reports ${errors.length} errors (expected ${expected}):\n${bad.slice(0, 3000)}`);
  check.note(`without @ts-expect-error: ${errors.length} errors, as expected`);
}

async function reactScenario(check, name, react19) {
  const dir = await install(name);
  if (react19) cpSync(DATASET, path.join(dir, "src/dataset.json"));
  await run(bin(dir, "vite"), ["build"], { cwd: dir });
  const server = await serve(path.join(dir, "dist"), { "content-security-policy": CSP });
  try {
    await inBrowser(check, server.url, {
      body: async (page, check, state) => {
        checkDrawn(check, state);
        if (react19) {
          // data={object} can only arrive as a property.
          const values = new Set(JSON.parse(readFileSync(DATASET, "utf8")).figures.map((f) => f.value));
          const custom = await page.evaluate(() => document.getElementById("custom").handle?.bars().map((b) => b.value) ?? []);
          check.expect(custom.length > 0 && custom.every((v) => values.has(v)), `data={dataset}: bars ${JSON.stringify(custom)} are not the dataset's`);
        }
        const events = await page.evaluate(() => window.__events);
        check.expect(events.some(([t, n]) => t === "ready" && n > 0), `khuyencong-ready not received through ${react19 ? "onkhuyencong-ready" : "a ref"}: ${JSON.stringify(events)}`);
        const before = state.canvases.find((c) => c.owner.startsWith("khuyencong-chart"))?.label;
        await page.click("#region");
        await waitFor(page, ([sel, b]) => document.querySelector(`${sel} canvas.kc-canvas`)?.getAttribute("aria-label") !== b, [MAIN, before], "the region state change to redraw", check);
        const after = await page.evaluate((sel) => {
          const el = document.querySelector(sel);
          return { region: el.getAttribute("region"), state: el.dataset.state, label: el.querySelector("canvas.kc-canvas")?.getAttribute("aria-label") };
        }, MAIN);
        check.expect(after.region === "phia-nam" && after.state === "ready", `after setRegion: ${JSON.stringify(after)}`);
        check.note(`state change: "${before}" → "${after.label}"`);
        await page.click("#unmount");
        await waitFor(page, (sel) => !document.querySelector(sel), MAIN, "the chart to unmount", check);
        const left = await page.evaluate(() => ({
          buttons: document.querySelectorAll("#root > button").length,
          tooltips: document.querySelectorAll(".kc-tooltip").length,
          charts: document.querySelectorAll("khuyencong-chart").length,
        }));
        check.expect(left.buttons === 2, `the React root lost its content: ${JSON.stringify(left)}`);
        check.expect(left.tooltips === left.charts, `${left.tooltips} tooltips left for ${left.charts} charts after unmount`);
        await page.mouse.move(200, 200);
        await page.waitForTimeout(100);
      },
    });
  } finally {
    server.stop();
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const t0 = Date.now();
  const wanted = process.argv.slice(2);
  const names = wanted.length ? wanted : Object.keys(SCENARIOS);
  for (const n of names) if (!SCENARIOS[n]) throw new Error(`unknown scenario "${n}" (have: ${Object.keys(SCENARIOS).join(", ")})`);
  if (!existsSync(path.join(ROOT, "pkg/package.json"))) throw new Error("no pkg/: run scripts/build.sh first");
  mkdirSync(WORK, { recursive: true });
  const packed = JSON.parse(await run("npm", ["pack", path.join(ROOT, "pkg"), "--pack-destination", OUT, "--json", "--cache", CACHE], { cwd: OUT }));
  renameSync(path.join(OUT, packed[0].filename), TARBALL);
  log(`packed ${packed[0].filename}: ${packed[0].files.length} files, ${packed[0].size} B`);
  // Installs are mostly network and disk: run up to three ahead of the scenarios.
  const toInstall = names.filter((n) => existsSync(path.join(HERE, n, "package.json")));
  const prefetch = async () => {
    for (let n; (n = toInstall.shift()); ) await install(n).catch(() => {});
  };
  const prefetching = Promise.all([prefetch(), prefetch(), prefetch()]);
  for (const name of names) {
    const check = new Check(name);
    const t = Date.now();
    try {
      await SCENARIOS[name](check);
    } catch (e) {
      check.expect(false, e.stack ?? String(e));
    }
    const secs = ((Date.now() - t) / 1000).toFixed(1);
    const ok = check.failures.length === 0;
    results.push({ name, ok, secs });
    log(`${ok ? "ok  " : "FAIL"} ${name} (${secs} s)`);
    for (const n of check.notes) log(`       ${n}`);
    for (const f of check.failures) log(`       ✗ ${f}`);
  }
  await prefetching;
  await browser?.close();
  const failed = results.filter((r) => !r.ok).length;
  log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch(async (e) => {
  console.error(e);
  await browser?.close();
  process.exit(1);
});
