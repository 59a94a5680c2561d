// The dashboard: one self-contained page (no CDN, no network). Charts are
// drawn on canvas by the page's own code from /api/history and the /ws frames.
#include "faultline/live/server.hpp"

namespace faultline::live {

const std::string& dashboard_html() {
  static const std::string page = R"HTML(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>faultline live</title>
<style>
:root { --ok:#2e9d4f; --warn:#d99a00; --bad:#d33a2c; --idle:#9aa0a6; --ink:#1f2328; --muted:#656d76; --line:#d0d7de; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--ink); background:var(--bg); }
header { display:flex; align-items:center; gap:16px; padding:10px 16px; background:#fff; border-bottom:1px solid var(--line); position:sticky; top:0; z-index:2; }
header h1 { font-size:18px; margin:0; }
.badge { padding:2px 8px; border-radius:10px; font-weight:600; font-size:12px; color:#fff; background:var(--ok); }
.badge.paused { background:var(--warn); } .badge.ended { background:#555; } .badge.lag { background:var(--bad); } .badge.off { background:var(--idle); }
#clock { font:600 20px ui-monospace, monospace; }
#speed { color:var(--muted); }
main { display:grid; grid-template-columns: 330px 1fr; gap:12px; padding:12px; }
aside section, .panel { background:#fff; border:1px solid var(--line); border-radius:8px; padding:10px 12px; margin-bottom:12px; }
h2 { font-size:14px; margin:0 0 6px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); }
.charts { display:grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap:10px; }
.chart { background:#fff; border:1px solid var(--line); border-radius:8px; padding:6px 8px; }
.chart .title { font-weight:600; font-size:13px; display:flex; justify-content:space-between; }
.chart .now { color:var(--muted); font-weight:400; font-family:ui-monospace, monospace; }
.chart canvas { width:100%; height:130px; display:block; }
.legend { font-size:11px; color:var(--muted); } .legend i { display:inline-block; width:10px; height:3px; margin:0 3px 2px 8px; vertical-align:middle; }
#topo svg { width:100%; height:220px; }
ul.plain { list-style:none; padding:0; margin:0; } ul.plain li { padding:3px 0; border-bottom:1px dashed #eee; }
.fault { color:var(--bad); font-weight:600; }
button { font:inherit; padding:4px 10px; border:1px solid var(--line); border-radius:6px; background:#fff; cursor:pointer; }
button:hover { background:#eef; } button.primary { background:#0969da; color:#fff; border-color:#0969da; }
input, select { font:inherit; padding:3px 6px; border:1px solid var(--line); border-radius:6px; max-width:100%; }
.row { display:flex; gap:6px; flex-wrap:wrap; align-items:center; margin:4px 0; }
#status { font-size:12px; color:var(--muted); min-height:1.2em; }
#status.err { color:var(--bad); }
.pre { white-space:pre-wrap; }
#debrief { display:none; border-color:#0969da; }
#debrief table { border-collapse:collapse; width:100%; font-size:13px; } #debrief td, #debrief th { border-bottom:1px solid #eee; padding:3px 6px; text-align:left; }
.up { color:var(--ok); } .down { color:var(--bad); }
.muted { color:var(--muted); font-size:12px; }
</style>
</head>
<body>
<header>
  <h1 id="title">faultline live</h1>
  <span id="clock">t = 0 s</span>
  <span id="speed">×1</span>
  <span id="state" class="badge off">connecting</span>
  <span class="muted" id="role"></span>
</header>
<main>
<aside>
  <section id="briefing-box" style="display:none"><h2>Briefing</h2><div id="briefing" class="pre"></div></section>
  <section id="hints-box" style="display:none"><h2>Hints</h2><ul class="plain" id="hints"></ul></section>
  <section><h2>Active faults</h2><ul class="plain" id="faults"><li class="muted">none</li></ul></section>
  <section id="instructor" style="display:none"><h2>Instructor</h2>
    <div class="row"><button id="b-pause">Pause</button><button id="b-resume">Resume</button><button id="b-step">Step</button>
      <select id="speed-sel"><option>0.25</option><option>0.5</option><option selected>1</option><option>2</option><option>4</option><option>10</option><option>30</option></select><button id="b-speed">Set speed</button></div>
    <div class="row"><button id="b-hint">Show next hint</button><button id="b-reveal">Reveal cause</button></div>
    <h2 style="margin-top:8px">Inject a fault</h2>
    <div class="row"><select id="f-kind"><option>outage</option><option>latency</option><option>errors</option><option>capacity</option><option>pause</option><option>drop_responses</option></select>
      <select id="f-target"></select></div>
    <div class="row"><input id="f-duration" placeholder="duration, e.g. 60s" size="12"><input id="f-param" placeholder="add: 50ms" size="12"></div>
    <div class="row"><button class="primary" id="b-inject">Inject</button></div>
    <h2 style="margin-top:8px">Change a setting</h2>
    <div class="row"><input id="s-path" placeholder="clients.web.rate" size="22"><input id="s-value" placeholder="1200/s" size="8"><button id="b-set">Set</button></div>
  </section>
  <section id="participant" style="display:none"><h2>Try a mitigation</h2>
    <div class="row"><input id="p-name" placeholder="your name" size="16"></div>
    <div id="p-controls"></div>
  </section>
  <div id="status"></div>
  <section><h2>Actions</h2><ul class="plain" id="actions"><li class="muted">none yet</li></ul></section>
</aside>
<div>
  <section class="panel" id="debrief"><h2>Debrief</h2><div id="debrief-body"></div></section>
  <section class="panel" id="topo"><h2>Topology</h2><svg id="topo-svg"></svg></section>
  <div class="charts" id="charts"></div>
</div>
</main>
<script>
"use strict";
const params = new URLSearchParams(location.search);
const token = params.get("token");
const $ = (id) => document.getElementById(id);
const COLORS = ["#0969da", "#d33a2c", "#2e9d4f", "#8250df", "#d99a00", "#1b7c83"];
let hist = { times: [], series: new Map(), interval: 1 };  // "entity|metric" -> values
let last = null, charts = [], chartsKey = "";

function key(e, m) { return e + "|" + m; }
function fmt(v, unit) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  if (unit === "%") return (v * 100).toFixed(0) + "%";
  const a = Math.abs(v);
  return (a >= 1000 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2)) + (unit ? " " + unit : "");
}
function esc(s) { return String(s).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c])); }

async function loadHistory() {
  const h = await (await fetch("/api/history")).json();
  hist = { times: h.times_s, series: new Map(), interval: h.interval_s };
  for (const s of h.series) hist.series.set(key(s.entity, s.metric), s.values);
}

// Append the frame's last-interval values when it carries exactly the next sample.
function absorb(st) {
  if (st.samples === hist.times.length) return false;
  if (st.samples !== hist.times.length + 1) return "reload";
  hist.times.push(st.sample_time_s);
  for (const group of ["clients", "services", "edges"]) {
    for (const [name, metrics] of Object.entries(st[group] || {})) {
      for (const [m, v] of Object.entries(metrics)) {
        if (typeof v !== "number" && v !== null) continue;
        const k = key(group + "." + name, m);
        if (!hist.series.has(k)) hist.series.set(k, new Array(hist.times.length - 1).fill(null));
        hist.series.get(k).push(v);
      }
    }
  }
  return true;
}

function ratio(a, b) { return a.map((x, i) => (x === null || !b[i]) ? null : x / b[i]); }

// The charts each entity gets; lines whose series is absent are left out.
function chartSpecs(st) {
  const out = [];
  const S = (e, m) => hist.series.get(key(e, m));
  for (const c of Object.keys(st.clients)) {
    const e = "clients." + c;
    out.push({ id: e + ".goodput", title: c + " — goodput / s", lines: [["goodput", S(e, "goodput_per_s")], ["failed", S(e, "failed_per_s")], ["offered", S(e, "operations_per_s")]] });
    out.push({ id: e + ".p99", title: c + " — p99 latency", unit: "ms", lines: [["p99", S(e, "p99_ms")], ["p50", S(e, "p50_ms")]] });
  }
  for (const s of Object.keys(st.services)) {
    const e = "services." + s;
    out.push({ id: e + ".util", title: s + " — utilization vs CPU", unit: "%", max: 1, lines: [["workers held", S(e, "utilization")], ["CPU", S(e, "cpu_utilization")]] });
    out.push({ id: e + ".queue", title: s + " — queue length", lines: [["queue", S(e, "queue_length")]] });
    const arr = S(e, "arrivals_per_s") || [];
    out.push({ id: e + ".errors", title: s + " — error share by reason", unit: "%", lines: [["rejected", ratio(S(e, "rejected_per_s") || [], arr)], ["errors", ratio(S(e, "errors_per_s") || [], arr)], ["orphaned", ratio(S(e, "orphaned_per_s") || [], S(e, "completed_per_s") || [])]] });
  }
  for (const name of Object.keys(st.edges)) {
    const e = "edges." + name;
    out.push({ id: e + ".att", title: name + " — attempts / s", lines: [["attempts", S(e, "attempts_per_s")], ["retries", S(e, "retries_per_s")], ["short-circuited", S(e, "short_circuited_per_s")], ["budget denied", S(e, "budget_denied_per_s")]] });
    if (S(e, "breaker_state")) out.push({ id: e + ".brk", title: name + " — breaker (0 closed, 1 half-open, 2 open)", max: 2, lines: [["state", S(e, "breaker_state")]] });
    if (S(e, "budget_tokens")) out.push({ id: e + ".bud", title: name + " — retry budget tokens", lines: [["tokens", S(e, "budget_tokens")]] });
    if (S(e, "throttling_tokens")) out.push({ id: e + ".thr", title: name + " — throttling tokens", lines: [["tokens", S(e, "throttling_tokens")]] });
  }
  for (const c of out) c.lines = c.lines.filter(l => l[1] && l[1].some(v => v !== null && v !== 0));
  return out;
}

function buildCharts(specs) {
  const k = specs.map(s => s.id).join(",");
  if (k === chartsKey) return;
  chartsKey = k;
  const box = $("charts");
  box.innerHTML = "";
  charts = specs.map(s => {
    const div = document.createElement("div");
    div.className = "chart";
    div.dataset.id = s.id;
    div.innerHTML = `<div class="title"><span>${esc(s.title)}</span><span class="now"></span></div><canvas></canvas><div class="legend"></div>`;
    box.appendChild(div);
    return div;
  });
}

function drawChart(div, spec, st) {
  const cv = div.querySelector("canvas");
  const dpr = window.devicePixelRatio || 1;
  const w = cv.clientWidth, h = cv.clientHeight;
  if (cv.width !== w * dpr) { cv.width = w * dpr; cv.height = h * dpr; }
  const g = cv.getContext("2d");
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, h);
  const t = hist.times, n = t.length;
  const x0 = 38, x1 = w - 6, y0 = 6, y1 = h - 16;
  const tmax = Math.max(st.end_s ? Math.min(st.end_s, Math.max(60, (t[n - 1] || 0) * 1.1)) : 60, 1);
  let vmax = spec.max || 0;
  for (const [, vals] of spec.lines) for (const v of vals) if (v !== null && v > vmax) vmax = v;
  if (spec.unit === "%") vmax = Math.max(vmax, 0.1); else vmax = vmax * 1.1 || 1;
  const X = s => x0 + (x1 - x0) * s / tmax, Y = v => y1 - (y1 - y0) * v / vmax;
  // Fault windows shaded; actions as dashed lines.
  g.fillStyle = "rgba(211,58,44,0.10)";
  for (const f of st.fault_windows || []) {
    const a = X(f.start_s), b = X(f.end_s === null ? Math.min(st.time_s, tmax) : Math.min(f.end_s, tmax));
    g.fillRect(a, y0, Math.max(b - a, 1), y1 - y0);
  }
  g.strokeStyle = "#8250df"; g.setLineDash([3, 3]); g.lineWidth = 1;
  for (const a of st.actions || []) { const x = X(a.time_s); g.beginPath(); g.moveTo(x, y0); g.lineTo(x, y1); g.stroke(); }
  g.setLineDash([]);
  g.strokeStyle = "#ddd"; g.fillStyle = "#888"; g.font = "10px system-ui";
  for (let i = 0; i <= 2; i++) {
    const v = vmax * i / 2, y = Y(v);
    g.beginPath(); g.moveTo(x0, y); g.lineTo(x1, y); g.stroke();
    g.fillText(fmt(v, spec.unit), 2, y + 3);
  }
  g.fillText("0", x0, h - 4); g.fillText(Math.round(tmax) + " s", x1 - 30, h - 4);
  spec.lines.forEach(([, vals], i) => {
    g.strokeStyle = COLORS[i % COLORS.length]; g.lineWidth = 1.6; g.beginPath();
    let pen = false;
    for (let j = 0; j < n; j++) {
      const v = vals[j];
      if (v === null || v === undefined) { pen = false; continue; }
      const x = X(t[j]), y = Y(Math.min(v, vmax));
      if (pen) g.lineTo(x, y); else g.moveTo(x, y);
      pen = true;
    }
    g.stroke();
  });
  const first = spec.lines[0];
  div.querySelector(".now").textContent = first ? fmt(first[1][n - 1], spec.unit) : "";
  div.querySelector(".legend").innerHTML = spec.lines.map(([name], i) => `<i style="background:${COLORS[i % COLORS.length]}"></i>${esc(name)}`).join("");
}

const HEALTH = { ok: "var(--ok)", degraded: "var(--warn)", failing: "var(--bad)", idle: "var(--idle)" };
function drawTopology(st) {
  const svg = $("topo-svg");
  const depth = {};
  for (const c of Object.keys(st.clients)) depth[c] = 0;
  const edges = Object.entries(st.edges);
  for (let r = 0; r < 10; r++) for (const [, e] of edges) depth[e.to] = Math.max(depth[e.to] || 1, (depth[e.from] || 0) + 1);
  const cols = {};
  for (const [n, d] of Object.entries(depth)) (cols[d] = cols[d] || []).push(n);
  const W = svg.clientWidth || 800, H = 220, pos = {};
  const ncol = Object.keys(cols).length;
  Object.entries(cols).forEach(([d, names]) => names.forEach((n, i) => {
    pos[n] = { x: 70 + (W - 140) * (ncol > 1 ? d / (ncol - 1) : 0.5), y: H * (i + 1) / (names.length + 1) };
  }));
  const faulted = {};
  for (const f of st.faults || []) faulted[f.target.split("[")[0].split("->").pop()] = f.kind;
  let s = `<defs><marker id="arr" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto"><path d="M0,0L10,5L0,10z" fill="#666"/></marker></defs>`;
  for (const [name, e] of edges) {
    const a = pos[e.from], b = pos[e.to];
    if (!a || !b) continue;
    const col = HEALTH[e.health] || "#999";
    const wdt = 2 + Math.min(8, Math.log10(1 + (e.attempts_per_s || 0)) * 2);
    s += `<line x1="${a.x + 50}" y1="${a.y}" x2="${b.x - 52}" y2="${b.y}" stroke="${col}" stroke-width="${wdt}" marker-end="url(#arr)"><title>${esc(name)}: ${esc(e.health)}</title></line>`;
    s += `<text x="${(a.x + b.x) / 2}" y="${(a.y + b.y) / 2 - 8}" font-size="11" text-anchor="middle" fill="#444">${fmt(e.attempts_per_s)}/s${e.retries_per_s > 0 ? " (" + fmt(e.retries_per_s) + " retries)" : ""}</text>`;
  }
  for (const [n, p] of Object.entries(pos)) {
    const svc = st.services[n], f = faulted[n];
    const sub = svc ? "util " + fmt(svc.utilization, "%") + " · q " + fmt(svc.queue_length) : "goodput " + fmt((st.clients[n] || {}).goodput_per_s) + "/s";
    s += `<g><rect x="${p.x - 50}" y="${p.y - 20}" width="100" height="40" rx="8" fill="${svc ? "#fff" : "#eef4ff"}" stroke="${f ? "var(--bad)" : "#888"}" stroke-width="${f ? 3 : 1}"/>`;
    s += `<text x="${p.x}" y="${p.y - 3}" text-anchor="middle" font-weight="600" font-size="13">${esc(n)}${f ? " ⚡" : ""}</text>`;
    s += `<text x="${p.x}" y="${p.y + 13}" text-anchor="middle" font-size="10" fill="#555">${esc(f ? f : sub)}</text></g>`;
  }
  svg.innerHTML = s;
}

function renderSide(st) {
  const w = st.workshop || {};
  $("title").textContent = w.title || st.scenario;
  document.title = (w.title || st.scenario) + " — faultline live";
  $("clock").textContent = `t = ${st.time_s.toFixed(1)} s / ${st.end_s.toFixed(0)} s`;
  $("speed").textContent = "×" + st.speed;
  const sel = $("speed-sel");
  if (document.activeElement !== sel && [...sel.options].some(o => parseFloat(o.value) === st.speed)) sel.value = String(st.speed);
  const b = $("state");
  if (st.done) { b.textContent = "ENDED"; b.className = "badge ended"; }
  else if (st.paused) { b.textContent = "PAUSED"; b.className = "badge paused"; }
  else if (st.lagging) { b.textContent = "LAGGING " + st.lag_s.toFixed(1) + " s"; b.className = "badge lag"; }
  else { b.textContent = "LIVE"; b.className = "badge"; }
  if (w.present) { $("briefing-box").style.display = ""; $("briefing").textContent = w.briefing; }
  if (w.present && w.hints_total > 0) {
    $("hints-box").style.display = "";
    $("hints").innerHTML = (w.hints.length ? w.hints.map(h => `<li><b>${h.time_s.toFixed(0)} s</b> ${esc(h.text)}</li>`).join("") : "") + `<li class="muted">${w.hints.length} of ${w.hints_total} shown</li>`;
  }
  $("faults").innerHTML = (st.faults || []).length ? st.faults.map(f => `<li><span class="fault">#${f.id} ${esc(f.kind)}</span> on ${esc(f.target)} since ${f.start_s.toFixed(0)} s${f.end_s === null ? "" : ", until " + f.end_s.toFixed(0) + " s"} <span class="muted">${esc(f.source)}</span>${token ? ` <button data-clear="${f.id}">clear</button>` : ""}</li>`).join("") : `<li class="muted">none</li>`;
  $("actions").innerHTML = (st.actions || []).length ? st.actions.slice().reverse().map(a => `<li><b>${a.time_s.toFixed(1)} s</b> ${esc(a.by)}: ${esc(describe(a))}</li>`).join("") : `<li class="muted">none yet</li>`;
  const pc = w.participant_controls || [];
  if (pc.length && !token) {
    $("participant").style.display = "";
    if ($("p-controls").dataset.built !== "1") {
      $("p-controls").dataset.built = "1";
      $("p-controls").innerHTML = pc.map((p, i) => `<div class="row"><code>${esc(p)}</code><input id="pv${i}" size="8"><button data-pset="${i}">Apply</button></div>`).join("");
    }
  }
  if (token && $("f-target").options.length === 0) $("f-target").innerHTML = Object.keys(st.services).map(s => `<option>${esc(s)}</option>`).join("");
  renderDebrief(st);
}

function describe(a) {
  switch (a.action) {
    case "inject": return "inject " + JSON.stringify(a.fault) + (a.result ? " → #" + a.result.id : "");
    case "clear": return "clear fault #" + a.id;
    case "set": return "set " + a.path + " = " + a.value;
    case "speed": return "speed ×" + a.value;
    default: return a.action;
  }
}

function renderDebrief(st) {
  const d = st.debrief;
  if (!d) { $("debrief").style.display = "none"; return; }
  $("debrief").style.display = "block";
  const trig = d.trigger.map(f => `<tr><td>${f.start_s.toFixed(0)} s</td><td class="fault">${esc(f.kind)} on ${esc(f.target)}</td><td>${esc(f.source)}${f.end_s === null ? "" : ", ended " + f.end_s.toFixed(0) + " s"}</td><td></td></tr>`);
  const acts = d.timeline.map(a => {
    const before = a.goodput_before, after = a.goodput_after;
    const acts_on_run = ["inject", "clear", "set"].includes(a.action);
    const eff = !acts_on_run || before === null || after === null ? "–" : `${fmt(before)} → <span class="${after >= before ? "up" : "down"}">${fmt(after)}</span>/s`;
    return `<tr><td>${a.time_s.toFixed(0)} s</td><td>${esc(describe(a))}</td><td>${esc(a.by)}</td><td>${eff}</td></tr>`;
  });
  $("debrief-body").innerHTML =
    `<p><b>Cause:</b> <span class="pre">${esc(d.cause || "")}</span></p>` +
    `<table><tr><th>time</th><th>what</th><th>who</th><th>goodput before → after</th></tr>${trig.concat(acts).join("")}</table>` +
    `<p><b>Findings</b> (${esc(d.verdict)}${d.final ? "" : ", so far"}):</p><ul>${d.findings.map(f => `<li>${esc(f)}</li>`).join("") || "<li class='muted'>none</li>"}</ul>` +
    (d.text ? `<p class="pre">${esc(d.text)}</p>` : "");
}

function render(st) {
  last = st;
  renderSide(st);
  const specs = chartSpecs(st);
  buildCharts(specs);
  specs.forEach((s, i) => drawChart(charts[i], s, st));
  drawTopology(st);
}

async function onFrame(st) {
  const r = absorb(st);
  if (r === "reload") await loadHistory();
  render(st);
}

function connect() {
  const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
  ws.onmessage = (m) => onFrame(JSON.parse(m.data));
  ws.onclose = () => { $("state").textContent = "disconnected"; $("state").className = "badge off"; setTimeout(async () => { await loadHistory(); connect(); }, 1000); };
}

function say(text, err) { $("status").textContent = text; $("status").className = err ? "err" : ""; }

async function control(body, asParticipant) {
  const headers = { "Content-Type": "application/json" };
  if (token && !asParticipant) headers["Authorization"] = "Bearer " + token;
  const res = await fetch("/api/control", { method: "POST", headers, body: JSON.stringify(body) });
  const j = await res.json().catch(() => ({}));
  if (!res.ok) say(res.status + ": " + (j.error || res.statusText), true);
  else say("applied at " + j.time_s.toFixed(1) + " s" + (j.id !== undefined ? " (fault #" + j.id + ")" : ""));
  return j;
}

function wire() {
  if (token) { $("instructor").style.display = ""; $("role").textContent = "instructor"; }
  $("b-pause").onclick = () => control({ action: "pause" });
  $("b-resume").onclick = () => control({ action: "resume" });
  $("b-step").onclick = () => control({ action: "step" });
  $("b-speed").onclick = () => control({ action: "speed", value: parseFloat($("speed-sel").value) });
  $("b-hint").onclick = () => control({ action: "hint" });
  $("b-reveal").onclick = () => control({ action: "reveal" });
  const PARAM = { latency: ["add", "add: 50ms"], errors: ["probability", "probability: 0.3"], drop_responses: ["probability", "probability: 0.3"], capacity: ["workers", "workers: 4"] };
  $("f-kind").onchange = () => { const p = PARAM[$("f-kind").value]; $("f-param").style.display = p ? "" : "none"; if (p) $("f-param").placeholder = p[1]; };
  $("f-kind").onchange();
  $("b-inject").onclick = () => {
    const kind = $("f-kind").value, fault = { kind, target: $("f-target").value };
    if ($("f-duration").value) fault.duration = $("f-duration").value;
    const p = PARAM[kind], v = $("f-param").value.trim();
    if (p && v) fault[p[0]] = /^[0-9.]+$/.test(v) ? parseFloat(v) : v;
    control({ action: "inject", fault });
  };
  $("b-set").onclick = () => control({ action: "set", path: $("s-path").value, value: $("s-value").value });
  $("p-name").value = localStorage.getItem("faultline-name") || "";
  $("p-name").onchange = () => localStorage.setItem("faultline-name", $("p-name").value);
  document.addEventListener("click", (ev) => {
    const c = ev.target.dataset && ev.target.dataset.clear;
    if (c !== undefined) control({ action: "clear", id: parseInt(c, 10) });
    const p = ev.target.dataset && ev.target.dataset.pset;
    if (p !== undefined && last) {
      const path = last.workshop.participant_controls[parseInt(p, 10)];
      control({ action: "set", path, value: $("pv" + p).value, name: $("p-name").value }, true);
    }
  });
  window.addEventListener("resize", () => { if (last) render(last); });
}

wire();
loadHistory().then(connect);
</script>
</body>
</html>
)HTML";
  return page;
}

}  // namespace faultline::live
