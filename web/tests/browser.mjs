// Browser tests of marsad's web page, run by scripts/browser-test.sh against a running
// `marsad serve` over a store of the seed reports and examples/.
//
//   node browser.mjs BASE_URL ARTEFACT_DIR [WRITE_TOKEN]
//
// Drives Chromium (CHROMIUM, default /usr/bin/chromium) through playwright-core. Every step
// checks what a person would see against what the API says, and saves a screenshot. The page
// must log no error (a CSP violation is one). Ends with "N passed, N failed".

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, artefacts, token] = process.argv.slice(2);
if (!base || !artefacts) {
  console.error('usage: node browser.mjs BASE_URL ARTEFACT_DIR [WRITE_TOKEN]');
  process.exit(2);
}
mkdirSync(artefacts, { recursive: true });

const api = async (path) => {
  const response = await fetch(new URL(path, base));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
};

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // Root in a container has no user namespace for Chromium's sandbox.
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const pageErrors = [];
page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
page.on('pageerror', (e) => pageErrors.push(e.message));
// The page must need nothing but this server.
const foreign = [];
page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) foreign.push(r.url()); });

const results = [];
async function step(name, fn) {
  try {
    await fn();
    results.push([name, null]);
    console.log(`ok   ${name}`);
  } catch (e) {
    results.push([name, e]);
    console.log(`FAIL ${name}: ${e.message}`);
    await page.screenshot({ path: join(artefacts, `failed-${name.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => {});
  }
}

const shot = (name) => page.screenshot({ path: join(artefacts, `${name}.png`), fullPage: true });
const rows = () => page.$$eval('table.events tbody tr', (trs) => trs.map((tr) => ({
  id: tr.dataset.event, cells: [...tr.querySelectorAll('td')].map((td) => td.textContent),
})));

const all = await api('/api/events?limit=1000');
const mapped = all.events.filter((e) => e.location && e.location.lat != null);
const seeds = all.events.filter((e) => e.doc_id.startsWith('seed-'));

await step('the page shows the seed events on the map and in the table', async () => {
  await page.goto(base);
  await page.waitForSelector('path.event-marker');
  const markers = await page.$$eval('path.event-marker', (ps) => ps.length);
  check(markers === mapped.length, `${markers} markers for ${mapped.length} events with coordinates`);
  check(seeds.length > 0, 'the store has seed events');
  const shown = new Set((await rows()).map((r) => r.id));
  for (const e of seeds) check(shown.has(e.event_id), `seed event ${e.event_id} is not in the table`);
  const outline = await page.$$eval('.leaflet-overlay-pane path:not(.event-marker)', (ps) => ps.length);
  check(outline >= 14, `the map shows ${outline} governorates, not 14`);
  // The biggest marker is the event with the most killed.
  const radii = await page.$$eval('path.event-marker', (ps) => ps.map((p) => p.getBBox().width));
  check(Math.max(...radii) > Math.min(...radii), 'markers are sized by fatalities');
  const bars = await page.$$eval('#timeline rect.bar', (rs) => rs.length);
  check(bars === new Set(all.events.filter((e) => e.date).map((e) => e.date)).size, `timeline has ${bars} bars`);
  await shot('events');
});

await step('a report shows each field of its event highlighted and labelled', async () => {
  const event = seeds.find((e) => e.doc_id === 'seed-003') || seeds[0];
  await page.click(`tr[data-event="${event.event_id}"] td:last-child a`);
  await page.waitForSelector('#report-text');
  const dir = await page.$eval('#report-text', (n) => getComputedStyle(n).direction);
  check(dir === 'rtl', `report text direction is ${dir}`);
  const fields = [...new Set(event.evidence.map((v) => v.field))];
  check(fields.length >= 3, `event has evidence for ${fields}`);
  for (const field of fields) {
    const marks = await page.$$eval(`#report-text mark[data-fields~="${field}"]`, (ms) => ms.map((m) => m.textContent));
    check(marks.length > 0, `no highlighted evidence for ${field}`);
    const labels = await page.$$(`#report-text .label[data-field="${field}"]`);
    check(labels.length > 0, `no label for ${field}`);
  }
  // Each span's words are on the page, in order, inside marks.
  const marked = await page.$$eval('#report-text mark', (ms) => ms.map((m) => [...m.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('')).join(''));
  for (const v of event.evidence) check(marked.includes(v.text), `evidence ${JSON.stringify(v.text)} is not highlighted`);
  await shot('report');
});

await step('filtering by actor shows only that actor\'s events', async () => {
  await page.goto(base);
  await page.waitForSelector('#f-actor option[value="Qaterji Militia"]', { state: 'attached' });
  await page.selectOption('#f-actor', 'Qaterji Militia');
  await page.click('#f-apply');
  await page.waitForFunction(() => location.hash.includes('actor='));
  await page.waitForSelector('table.events');
  const expected = await api('/api/events?actor=Qaterji%20Militia&limit=1000');
  const shown = await rows();
  check(shown.length === expected.total, `${shown.length} rows for ${expected.total} events`);
  check(shown.length < all.total, 'the filter narrows the list');
  for (const r of shown) check(r.cells[4] === 'Qaterji Militia' || r.cells[5] === 'Qaterji Militia', `row ${r.id} has no Qaterji side`);
  const markers = await page.$$eval('path.event-marker', (ps) => ps.length);
  check(markers === expected.events.filter((e) => e.location && e.location.lat != null).length, 'the map shows the same events');
  await shot('filter-actor');
});

await step('filtering by date shows only that period', async () => {
  await page.goto(base);
  await page.waitForSelector('#f-from');
  await page.fill('#f-from', '2024-01-10');
  await page.fill('#f-to', '2024-01-31');
  await page.click('#f-apply');
  await page.waitForFunction(() => location.hash.includes('from=2024-01-10'));
  await page.waitForSelector('table.events');
  const expected = await api('/api/events?from=2024-01-10&to=2024-01-31');
  const shown = await rows();
  check(expected.total > 0 && shown.length === expected.total, `${shown.length} rows for ${expected.total} events`);
  for (const r of shown) check(r.cells[0] >= '2024-01-10' && r.cells[0] <= '2024-01-31', `row dated ${r.cells[0]}`);
  await shot('filter-date');
});

await step('a place shows its control history', async () => {
  await page.goto(new URL('#/place/C5210', base).href);
  await page.waitForSelector('#control-history');
  const expected = await api('/api/places/C5210/control');
  const holders = await page.$$eval('#control-history tbody tr', (trs) => trs.map((tr) => tr.dataset.holder));
  check(holders.length === expected.periods.length && holders.length > 0, `${holders.length} periods shown of ${expected.periods.length}`);
  check(holders.includes('ndf'), 'the NDF period is shown');
  const text = await page.$eval('#control-history', (t) => t.textContent);
  check(text.includes('2024-01-13') && text.includes('Qaterji'), 'since and taken-from are shown');
  const reportLinks = await page.$$eval('#control-history a[href^="#/report/"]', (as) => as.map((a) => a.textContent));
  const docIds = expected.periods.flatMap((p) => p.doc_ids);
  check(JSON.stringify(reportLinks) === JSON.stringify(docIds), `report links ${reportLinks} for ${docIds}`);
  check(!text.includes('http'), 'the table shows names, not addresses');
  await shot('place-control');
});

await step('the control view colours every held place on the chosen day', async () => {
  await page.goto(new URL('#/control?date=2024-02-01', base).href);
  await page.waitForSelector('#control-table');
  const expected = await api('/api/control?date=2024-02-01');
  const markers = await page.$$eval('path.control-marker', (ps) => ps.map((p) => p.getAttribute('fill')));
  check(markers.length === expected.places.filter((p) => p.lat != null).length && markers.length > 0, `${markers.length} control markers`);
  check(new Set(markers).size === new Set(expected.places.map((p) => p.holder_id)).size, 'one colour per holder');
  await shot('control');
});

await step('an actor page draws its relations as a graph', async () => {
  await page.goto(new URL('#/actor/ndf', base).href);
  await page.waitForSelector('#relation-graph');
  const expected = await api('/api/actors/ndf');
  const edges = await page.$$eval('#relation-graph path.edge', (ps) => ps.length);
  check(edges === expected.relations.length, `${edges} edges for ${expected.relations.length} relations`);
  await shot('actor');
});

if (token) {
  await step('report text with markup is shown as text and never run', async () => {
    const text = 'عاجل <img src=x onerror="window.__marsadPwned=1"><script>window.__marsadPwned=2</script> قصف جوي على مدينة إدلب أدى إلى مقتل ثلاثة مدنيين';
    const response = await fetch(new URL('/api/documents?doc_id=browser-markup&published=2024-03-01', base), {
      method: 'POST', headers: { 'Content-Type': 'text/plain', Authorization: `Bearer ${token}` }, body: text,
    });
    check(response.status === 201 || response.status === 200, `POST answered ${response.status}`);
    await page.goto(new URL('#/report/browser-markup', base).href);
    await page.waitForSelector('#report-text');
    const shown = await page.$eval('#report-text', (n) => n.textContent);
    check(shown.includes('<img src=x onerror=') && shown.includes('<script>'), 'the markup is shown as text');
    check(await page.$('#report-text img') === null && await page.$('#report-text script') === null, 'no element was made from the text');
    check(await page.evaluate(() => window.__marsadPwned) === undefined, 'script from the report ran');
    await shot('report-markup');
  });
}

await step('the page logged no error and loaded nothing from elsewhere', async () => {
  check(pageErrors.length === 0, `errors: ${pageErrors.join(' | ')}`);
  check(foreign.length === 0, `requests elsewhere: ${foreign.join(', ')}`);
});

await browser.close();
const failed = results.filter(([, e]) => e).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
