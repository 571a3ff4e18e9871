#pragma once
// The dashboard: one self-contained page over the admin API (no build step, no CDN), so
// support staff see each connection's health, the trends and usage, transfers with when
// they ran and how long they took, read why a record failed, and replay it. Charts are
// SVG the page draws itself; it refreshes every 30 s. It signs in with
// an admin token (the session is an HttpOnly cookie the page never sees) and sends the
// session's anti-forgery token with every POST. A search box finds an order, product or
// SKU and shows its journey (docs/tracing.md).

namespace skarv::host {

inline constexpr const char* kDashboardPage = R"HTML(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Skarv</title>
<style>
 body{font:14px system-ui,sans-serif;margin:2em;color:#222}
 h1{font-size:1.4em} h2{font-size:1.1em;margin-top:2em}
 table{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}
 .failed{color:#b00} button,input{font:inherit} [hidden]{display:none}
 .state-ok{color:#070} .state-late{color:#a60} .state-failing{color:#b00;font-weight:bold}
 .charts{display:flex;flex-wrap:wrap;gap:1em} .chart{flex:1 1 300px} .chart svg{width:100%;height:120px;background:#fafafa}
 .chart rect{fill:#4a7bb7} #trend-failures rect{fill:#b00} small{color:#666}
</style></head><body>
<h1>Skarv</h1>
<form id="signin" hidden>
 <p>Sign in with an admin token (<code>skarv token new</code> makes one).</p>
 <input id="token" type="password" autocomplete="current-password" size="72" aria-label="admin token">
 <button id="signin-button" type="submit">Sign in</button> <span id="signin-error" class="failed"></span>
</form>
<div id="main" hidden>
<p><span id="health">…</span> · signed in as <span id="holder"></span> <button id="signout">sign out</button></p>
<p id="status" role="status"></p>
<h2>Find a record</h2>
<form id="search"><input id="q" type="search" size="40" maxlength="200" aria-label="search"
 placeholder="order or ERP number, e-mail, payment reference, SKU"> <button id="search-button" type="submit">Search</button></form>
<div id="found"></div>
<div id="trace" hidden><h3 id="trace-title"></h3><p id="trace-note"></p>
<table><thead><tr><th>when</th><th>connection/entity</th><th>step</th><th>what</th></tr></thead><tbody></tbody></table></div>
<h2>Health</h2><table id="health-table"><thead><tr><th>connection</th><th>entity</th><th>state</th><th>why</th><th>queued</th><th>oldest queued</th><th>dead letters</th><th>error rate</th></tr></thead><tbody></tbody></table>
<h2>Trends <small id="trends-range"></small></h2>
<div class="charts">
 <div class="chart"><h3>Orders to the ERP per hour</h3><svg id="trend-orders" viewBox="0 0 720 120" preserveAspectRatio="none" role="img" aria-label="orders per hour"></svg></div>
 <div class="chart"><h3>Records per hour</h3><svg id="trend-records" viewBox="0 0 720 120" preserveAspectRatio="none" role="img" aria-label="records per hour"></svg></div>
 <div class="chart"><h3>Failures per hour</h3><svg id="trend-failures" viewBox="0 0 720 120" preserveAspectRatio="none" role="img" aria-label="failures per hour"></svg></div>
</div>
<h2>Usage</h2><table id="usage"><thead><tr><th>month</th><th>connection</th><th>orders</th><th>active SKUs</th></tr></thead><tbody></tbody></table>
<section id="workers-panel" hidden><h2>Workers</h2><p id="workers-summary"></p><table id="workers"><thead><tr><th>worker</th><th>version</th><th>last heard</th><th>connections held</th></tr></thead><tbody></tbody></table></section>
<h2>Connections</h2><table id="connections"><thead><tr><th>connection</th><th>entity</th><th>next run</th><th></th></tr></thead><tbody></tbody></table>
<h2>Latest transfers</h2><table id="reports"><thead><tr><th>#</th><th>ran</th><th>took</th><th>connection/entity</th><th>considered</th><th>created</th><th>updated</th><th>unchanged</th><th>failed</th><th>errors</th></tr></thead><tbody></tbody></table>
<h2>Payouts</h2><table id="payouts"><thead><tr><th>payout</th><th>date</th><th>amount</th><th>state</th><th>matched</th><th>unmatched</th><th>difference</th><th>booked in / why</th></tr></thead><tbody></tbody></table>
<h2>Dead letters</h2><table id="dead"><thead><tr><th>#</th><th>record</th><th>attempts</th><th>error</th><th></th></tr></thead><tbody></tbody></table>
</div>
<script>
'use strict';
let csrf = '';
let timer = null;
const $ = id => document.getElementById(id);
const esc = s => String(s).replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
async function get(url) {
  const r = await fetch(url, {credentials: 'same-origin'});
  if (r.status === 401) { showSignIn(); throw new Error('signed out'); }
  return r.json();
}
async function post(url, body) {
  return fetch(url, {method: 'POST', credentials: 'same-origin',
                     headers: {'Content-Type': 'application/json', 'X-Skarv-CSRF': csrf},
                     body: body === undefined ? '' : JSON.stringify(body)});
}
function showSignIn() { clearInterval(timer); timer = null; $('main').hidden = true; $('signin').hidden = false; }
function showMain(who) {
  csrf = who.csrf; $('holder').textContent = who.holder;
  $('signin').hidden = true; $('main').hidden = false;
  load(); if (!timer) timer = setInterval(load, 30000);
}
// Only tables and charts are redrawn: whatever the operator is typing stays.
const duration = ms => ms < 1000 ? ms + ' ms' : ms < 120000 ? (ms / 1000).toFixed(1) + ' s' : Math.round(ms / 60000) + ' min';
const age = s => s === null || s === undefined ? '' : duration(s * 1000);
function drawChart(svg, hours, field) {
  const max = Math.max(1, ...hours.map(h => h[field]));
  const w = 720 / hours.length;
  svg.innerHTML = hours.map((h, i) => {
    const height = Math.round(h[field] / max * 110);
    return `<rect x="${(i * w).toFixed(2)}" y="${120 - height}" width="${Math.max(w - 1, 1).toFixed(2)}" height="${height}">` +
           `<title>${new Date(h.hour_ms).toLocaleString()}: ${h[field]}</title></rect>`;
  }).join('') + `<text x="4" y="12" font-size="11">max ${max}</text>`;
}
async function loadTrends() {
  const t = await get('/api/trends?hours=72');
  const byHour = new Map(t.hours.map(h => [h.hour_ms, h]));
  const hours = [];
  for (let at = t.since_ms; at <= t.until_ms; at += 3600000)
    hours.push(byHour.get(at) || {hour_ms: at, passes: 0, orders: 0, records: 0, failures: 0});
  $('trends-range').textContent = 'last 72 hours, from ' + new Date(t.since_ms).toLocaleString();
  drawChart($('trend-orders'), hours, 'orders');
  drawChart($('trend-records'), hours, 'records');
  drawChart($('trend-failures'), hours, 'failures');
}
async function load() {
  const health = await get('/api/health');
  $('health').textContent = 'Service ' + health.status + ', health ' + health.state + ', ' + health.passes + ' passes run';
  $('health').className = 'state-' + health.state;
  document.querySelector('#health-table tbody').innerHTML = health.connections.map(h =>
    `<tr data-connection="${esc(h.connection)}" data-entity="${esc(h.entity)}"><td>${esc(h.connection)}</td><td>${esc(h.entity)}</td>
     <td class="state state-${esc(h.state)}">${esc(h.state)}</td><td>${esc(h.reason)}</td><td>${h.queue_depth}</td>
     <td>${age(h.oldest_queued_age_s)}</td><td class="${h.dead_letters ? 'failed' : ''}">${h.dead_letters}</td>
     <td>${(h.error_rate * 100).toFixed(1)} %</td></tr>`).join('');
  await loadTrends();
  const usage = await get('/api/usage');
  document.querySelector('#usage tbody').innerHTML = usage.usage.slice(0, 24).map(u =>
    `<tr><td>${esc(u.month)}${u.month === usage.current_month ? ' (so far)' : ''}</td><td>${esc(u.connection)}</td>
     <td>${u.orders}</td><td>${u.active_skus}</td></tr>`).join('');
  // Several workers on one PostgreSQL: who is alive and which merchants each runs.
  const w = await get('/api/workers');
  $('workers-panel').hidden = !w.shared;
  if (w.shared) {
    const held = {};
    let unheld = 0;
    for (const l of w.leases) {
      if (l.holder && w.workers.some(x => x.worker === l.holder)) (held[l.holder] = held[l.holder] || []).push(l.connection);
      else unheld++;
    }
    $('workers-summary').textContent = w.workers.length + ' live worker(s), lease ' + duration(w.lease_ms) +
      (unheld ? ', ' + unheld + ' connection(s) waiting for a worker' : '');
    document.querySelector('#workers tbody').innerHTML = w.workers.map(x => {
      const mine = held[x.worker] || [];
      return `<tr data-worker="${esc(x.worker)}"><td>${esc(x.worker)}${x.worker === w.this_worker ? ' (this one)' : ''}</td>
       <td>${esc(x.version)}</td><td>${new Date(x.heartbeat_at).toLocaleTimeString()}</td>
       <td>${mine.length}: ${esc(mine.join(', '))}</td></tr>`;
    }).join('');
  }
  const conns = await get('/api/connections');
  document.querySelector('#connections tbody').innerHTML = conns.jobs.map(j =>
    `<tr><td>${esc(j.connection)}</td><td>${esc(j.entity)}</td><td>${new Date(j.next_due_ms).toLocaleTimeString()}</td>
     <td><button data-run="${esc(j.connection)}" data-entity="${esc(j.entity)}">run now</button></td></tr>`).join('');
  const reports = await get('/api/reports?limit=25');
  document.querySelector('#reports tbody').innerHTML = reports.reports.map(r =>
    `<tr><td>${r.id}</td><td>${new Date(r.started_at).toLocaleString()}</td>
     <td>${r.ended_at === null ? 'running' : duration(r.ended_at - r.started_at)}</td>
     <td>${esc(r.connection)}/${esc(r.entity)}</td><td>${r.considered}</td><td>${r.created}</td>
     <td>${r.updated}</td><td>${r.unchanged}</td><td class="${r.failed || r.read_failures ? 'failed' : ''}">${r.failed}${r.read_failures ? ' (+' + r.read_failures + ' reads)' : ''}</td>
     <td>${r.errors.map(e => esc(e.message)).join('<br>')}</td></tr>`).join('');
  const money = m => m ? (m.minor / 100).toFixed(2) + ' ' + esc(m.currency) : '';
  const payouts = await get('/api/payouts?limit=50');
  document.querySelector('#payouts tbody').innerHTML = payouts.payouts.map(p =>
    `<tr><td>${esc(p.connection)} ${esc(p.provider)} ${esc(p.settlement_id)}</td><td>${esc(p.payout_date)}</td>
     <td>${money(p.payout)}</td><td class="${p.state === 'booked' ? '' : 'failed'}">${esc(p.state)}</td><td>${p.matched}</td>
     <td class="${p.unmatched ? 'failed' : ''}">${p.unmatched}</td>
     <td class="${p.difference && p.difference.minor ? 'failed' : ''}">${p.difference && p.difference.minor ? money(p.difference) : ''}</td>
     <td>${esc(p.state === 'booked' ? p.booked_in : p.reason)}</td></tr>`).join('');
  const dead = await get('/api/deadletters');
  document.querySelector('#dead tbody').innerHTML = dead.dead_letters.map(d =>
    `<tr id="dead-${d.id}"><td>${d.id}</td><td>${esc(d.connection)}/${esc(d.entity)} ${esc(d.record)}</td><td>${d.attempts}</td>
     <td class="failed">${esc(d.error)}</td><td><button data-retry="${d.id}">retry</button></td></tr>`).join('');
}
async function say(response, what) {
  const answer = await response.json().catch(() => ({}));
  $('status').textContent = response.ok ? what : 'refused: ' + (answer.error || response.status);
}
document.addEventListener('click', async ev => {
  const b = ev.target;
  if (b.dataset.retry) { await say(await post('/api/deadletters/' + b.dataset.retry + '/retry'), 'dead letter #' + b.dataset.retry + ' queued again'); load(); }
  if (b.dataset.run) { await say(await post('/api/connections/' + encodeURIComponent(b.dataset.run) + '/run?entity=' + encodeURIComponent(b.dataset.entity)), b.dataset.run + '/' + b.dataset.entity + ' started'); setTimeout(load, 500); }
});
$('signin').addEventListener('submit', async ev => {
  ev.preventDefault();
  const r = await fetch('/login', {method: 'POST', credentials: 'same-origin', headers: {'Content-Type': 'application/json'},
                                   body: JSON.stringify({token: $('token').value})});
  $('token').value = '';
  if (!r.ok) { $('signin-error').textContent = 'That token is not valid.'; return; }
  $('signin-error').textContent = '';
  showMain(await r.json());
});
// Search and trace: every value shown goes through esc() (a record may hold anything).
async function getAnswer(url) {
  const r = await fetch(url, {credentials: 'same-origin'});
  if (r.status === 401) { showSignIn(); throw new Error('signed out'); }
  return {ok: r.ok, body: await r.json().catch(() => ({error: 'answer ' + r.status}))};
}
$('search').addEventListener('submit', async ev => {
  ev.preventDefault();
  $('trace').hidden = true;
  const a = await getAnswer('/api/search?q=' + encodeURIComponent($('q').value));
  if (!a.ok) { $('found').innerHTML = `<p class="failed">${esc(a.body.error)}</p>`; return; }
  if (!a.body.matches.length) { $('found').innerHTML = `<p>Nothing is known by ${esc(a.body.query)}.</p>`; return; }
  $('found').innerHTML = '<ul>' + a.body.matches.map(m =>
    `<li><a href="#" data-trace-kind="${esc(m.subject)}" data-trace-id="${esc(m.id)}">${esc(m.subject)} ${esc(m.id)}</a>
     ${m.connection ? 'on ' + esc(m.connection) : ''} (by ${esc(m.matched_by.replace('_', ' '))})</li>`).join('') + '</ul>';
  if (a.body.matches.length === 1) showTrace(a.body.matches[0].subject, a.body.matches[0].id);
});
async function showTrace(kind, id) {
  const a = await getAnswer('/api/trace/' + encodeURIComponent(kind) + '/' + encodeURIComponent(id));
  $('trace').hidden = false;
  const rows = document.querySelector('#trace tbody');
  if (!a.ok) { $('trace-title').textContent = kind + ' ' + id; $('trace-note').textContent = a.body.error; rows.innerHTML = ''; return; }
  const j = a.body.journeys[0];
  $('trace-title').textContent = j.subject + ' ' + j.id;
  $('trace-note').textContent = j.pruned_before === null ? '' : 'Events before ' + new Date(j.pruned_before).toLocaleString() +
    ' were pruned (retention).';
  rows.innerHTML = j.events.map(e => `<tr class="step-${esc(e.step)}"><td>${new Date(e.at).toLocaleString()}</td>
    <td>${esc(e.connection)}/${esc(e.entity)}</td><td class="${e.step === 'dead_letter' || e.step === 'retry' ? 'failed' : ''}">${esc(e.step.replace('_', ' '))}</td>
    <td>${esc(e.detail)}</td></tr>`).join('');
}
document.addEventListener('click', ev => {
  const a = ev.target.closest('[data-trace-kind]');
  if (a) { ev.preventDefault(); showTrace(a.dataset.traceKind, a.dataset.traceId); }
});
$('signout').addEventListener('click', async () => { await post('/logout'); showSignIn(); });
fetch('/api/session', {credentials: 'same-origin'}).then(async r => r.ok ? showMain(await r.json()) : showSignIn());
</script></body></html>
)HTML";

}  // namespace skarv::host
