#pragma once
// The dashboard: one self-contained page over the admin API (no build step, no CDN), so
// support staff see transfers, read why a record failed, and replay it. It signs in with
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
<h2>Connections</h2><table id="connections"><thead><tr><th>connection</th><th>entity</th><th>next run</th><th></th></tr></thead><tbody></tbody></table>
<h2>Latest transfers</h2><table id="reports"><thead><tr><th>#</th><th>connection/entity</th><th>considered</th><th>created</th><th>updated</th><th>unchanged</th><th>failed</th><th>errors</th></tr></thead><tbody></tbody></table>
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
  load(); if (!timer) timer = setInterval(load, 5000);
}
async function load() {
  const health = await get('/health');
  $('health').textContent = 'Service ' + health.status + ', ' + health.passes + ' passes run';
  const conns = await get('/api/connections');
  document.querySelector('#connections tbody').innerHTML = conns.jobs.map(j =>
    `<tr><td>${esc(j.connection)}</td><td>${esc(j.entity)}</td><td>${new Date(j.next_due_ms).toLocaleTimeString()}</td>
     <td><button data-run="${esc(j.connection)}" data-entity="${esc(j.entity)}">run now</button></td></tr>`).join('');
  const reports = await get('/api/reports?limit=25');
  document.querySelector('#reports tbody').innerHTML = reports.reports.map(r =>
    `<tr><td>${r.id}</td><td>${esc(r.connection)}/${esc(r.entity)}</td><td>${r.considered}</td><td>${r.created}</td>
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
