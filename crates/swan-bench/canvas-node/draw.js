// The other side of `swan-bench --only canvas`: draws the same poster as swan-canvas with
// @napi-rs/canvas (Skia), from the same JSON list of Calls, start (image files on disk) to PNG
// on disk, RUNS times after one untimed run, and prints one JSON line:
//   {"ms": [per-run milliseconds], "vmhwm_kib": peak resident set of this process}
//
//   node draw.js MODULE_DIR JOB.json
//
// MODULE_DIR holds node_modules/@napi-rs/canvas (swan-bench installs it under target/).
// JOB: {width, height, calls, base (folder image sources are relative to), out, runs,
//       fonts: [font files to register], fallbacks: [their family names]}.
"use strict";
const fs = require("fs");
const path = require("path");

const [moduleDir, jobFile] = process.argv.slice(2);
const { createCanvas, loadImage, GlobalFonts } = require(
  path.join(moduleDir, "node_modules", "@napi-rs", "canvas"),
);
const job = JSON.parse(fs.readFileSync(jobFile, "utf8"));
job.fonts.forEach((file, i) => GlobalFonts.registerFromPath(file, job.fallbacks[i]));

// The same per-glyph fallback the crate does: its bundled fonts after the page's families.
const withFallbacks = (font) =>
  job.fallbacks.length ? font + ", " + job.fallbacks.map((f) => JSON.stringify(f)).join(", ") : font;

function sources(calls) {
  const out = new Set();
  for (const { method, args } of calls) {
    if (method === "drawImage") out.add(args[0]);
    if (method === "set" && args[1] && args[1].pattern) out.add(args[1].pattern);
  }
  return [...out];
}

async function once() {
  // Reading and decoding the files is part of the work, as it is for swan-canvas.
  const images = {};
  for (const src of sources(job.calls)) {
    images[src] = await loadImage(fs.readFileSync(path.join(job.base, src)));
  }
  const canvas = createCanvas(job.width, job.height);
  const ctx = canvas.getContext("2d");
  const style = (v) => {
    if (typeof v === "string") return v;
    let g = null;
    if (v.linearGradient) g = ctx.createLinearGradient(...v.linearGradient);
    else if (v.radialGradient) g = ctx.createRadialGradient(...v.radialGradient);
    else if (v.pattern) return ctx.createPattern(images[v.pattern], v.repetition || "repeat");
    for (const [o, c] of v.stops) g.addColorStop(o, c);
    return g;
  };
  for (const { method, args } of job.calls) {
    if (method === "set") {
      const [prop, value] = args;
      if (prop === "fillStyle" || prop === "strokeStyle") ctx[prop] = style(value);
      else if (prop === "font") ctx.font = withFallbacks(value);
      else ctx[prop] = value;
    } else if (method === "drawImage") {
      ctx.drawImage(images[args[0]], ...args.slice(1));
    } else {
      ctx[method](...args);
    }
  }
  fs.writeFileSync(job.out, await canvas.encode("png"));
}

function vmhwm() {
  const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) : 0;
}

(async () => {
  await once();
  const ms = [];
  for (let i = 0; i < job.runs; i++) {
    const t = process.hrtime.bigint();
    await once();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  console.log(JSON.stringify({ ms, vmhwm_kib: vmhwm() }));
})().catch((e) => {
  console.error(String((e && e.stack) || e));
  process.exit(1);
});
