#pragma once
// The dashboard: one self-contained page over the admin API (no build step, no CDN), so
// support staff see transfers, read why a record failed, and replay it.

namespace skarv::host {

inline constexpr const char* kDashboardPage = R"HTML(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Skarv</title>
<style>
 body{font:14px system-ui,sans-serif;margin:2em;color:#222}
 h1{font-size:1.4em} h2{font-size:1.1em;margin-top:2em}
 table{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}
 .failed{color:#b00} button{font:inherit}
</style></head><body>
<h1>Skarv</h1>
<p id="health">…</p>
<h2>Connections</h2><table id="connections"><thead><tr><th>connection</th><th>entity</th><th>next run</th><th></th></tr></thead><tbody></tbody></table>
<h2>Latest transfers</h2><table id="reports"><thead><tr><th>#</th><th>connection/entity</th><th>considered</th><th>created</th><th>updated</th><th>unchanged</th><th>failed</th><th>errors</th></tr></thead><tbody></tbody></table>
<h2>Dead letters</h2><table id="dead"><thead><tr><th>#</th><th>record</th><th>attempts</th><th>error</th><th></th></tr></thead><tbody></tbody></table>
<script>
const esc = s => String(s).replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
async function load() {
  const health = await (await fetch('/health')).json();
  document.getElementById('health').textContent = 'Service ' + health.status + ', ' + health.passes + ' passes run';
  const conns = await (await fetch('/api/connections')).json();
  document.querySelector('#connections tbody').innerHTML = conns.jobs.map(j =>
    `<tr><td>${esc(j.connection)}</td><td>${esc(j.entity)}</td><td>${new Date(j.next_due_ms).toLocaleTimeString()}</td>
     <td><button onclick="runNow('${esc(j.connection)}','${esc(j.entity)}')">run now</button></td></tr>`).join('');
  const reports = await (await fetch('/api/reports?limit=25')).json();
  document.querySelector('#reports tbody').innerHTML = reports.reports.map(r =>
    `<tr><td>${r.id}</td><td>${esc(r.connection)}/${esc(r.entity)}</td><td>${r.considered}</td><td>${r.created}</td>
     <td>${r.updated}</td><td>${r.unchanged}</td><td class="${r.failed || r.read_failures ? 'failed' : ''}">${r.failed}${r.read_failures ? ' (+' + r.read_failures + ' reads)' : ''}</td>
     <td>${r.errors.map(e => esc(e.message)).join('<br>')}</td></tr>`).join('');
  const dead = await (await fetch('/api/deadletters')).json();
  document.querySelector('#dead tbody').innerHTML = dead.dead_letters.map(d =>
    `<tr><td>${d.id}</td><td>${esc(d.connection)}/${esc(d.entity)} ${esc(d.record)}</td><td>${d.attempts}</td>
     <td class="failed">${esc(d.error)}</td><td><button onclick="retry(${d.id})">retry</button></td></tr>`).join('');
}
async function retry(id) { await fetch('/api/deadletters/' + id + '/retry', {method: 'POST'}); load(); }
async function runNow(c, e) { await fetch('/api/connections/' + c + '/run?entity=' + e, {method: 'POST'}); setTimeout(load, 500); }
load(); setInterval(load, 5000);
</script></body></html>
)HTML";

}  // namespace skarv::host
