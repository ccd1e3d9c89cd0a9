// The analyst's workbench: events on a map of Syria, a timeline, filters and a table; each
// report with its evidence highlighted; actors with their relations; places with their control
// history; and who held what on a chosen day.
//
// Report text is untrusted: it is only ever written with textContent / text nodes (see `el`);
// nothing here parses HTML or builds HTML strings, and Leaflet's popups and tooltips are given
// elements, never strings (Leaflet would parse a string as HTML).

import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './app.css';

const TYPE_COLOURS = {
  'Battles': '#d62728',
  'Explosions/Remote violence': '#ff7f0e',
  'Violence against civilians': '#9467bd',
  'Protests': '#2ca02c',
  'Riots': '#8c564b',
  'Strategic developments': '#1f77b4',
};
const EVENT_TYPES = Object.keys(TYPE_COLOURS);
const FIELD_LABELS = {
  event_type: 'type', sub_event_type: 'sub-type', date: 'date', location: 'place', actor1: 'actor 1',
  actor2: 'actor 2', assoc_actor1: 'assoc. 1', assoc_actor2: 'assoc. 2', fatalities: 'killed',
  injured: 'injured', arrested: 'arrested', civilian_targeting: 'civilians',
};

// ---- DOM helpers: text only ----

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'on') for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === 'on') for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else if (value !== undefined && value !== null) node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

function link(href, ...children) {
  return el('a', { href }, ...children);
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

// ---- API ----

async function api(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => ({ error: `${response.status} ${response.statusText}` }));
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

// ---- routing ----

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search] = hash.split('?');
  const params = Object.fromEntries(new URLSearchParams(search || ''));
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { parts, params };
}

function go(parts, params) {
  location.hash = '#/' + parts.map(enc).join('/') + query(params || {});
}

const main = () => document.getElementById('main');
let map = null;

async function render() {
  const { parts, params } = route();
  if (map) {
    map.remove();
    map = null;
  }
  const view = clear(main());
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.dataset.view === (parts[0] || 'events')));
  try {
    switch (parts[0]) {
      case undefined: await eventsView(view, params); break;
      case 'report': await reportView(view, parts[1], params); break;
      case 'actors': await actorsView(view); break;
      case 'actor': await actorView(view, parts[1]); break;
      case 'places': await placesView(view); break;
      case 'place': await placeView(view, parts[1]); break;
      case 'control': await controlView(view, params); break;
      default: view.append(el('p', { class: 'error' }, 'No such page.'));
    }
  } catch (e) {
    view.append(el('p', { class: 'error', role: 'alert' }, `Error: ${e.message}`));
  }
}

// ---- map ----

let boundaries = null;

async function syriaMap(container) {
  if (!boundaries) boundaries = await api('/syria.geojson');
  const m = L.map(container, { zoomSnap: 0.25, attributionControl: true, preferCanvas: false });
  const outline = L.geoJSON(boundaries, {
    style: () => ({ color: '#6b6b6b', weight: 1, fillColor: '#f3efe6', fillOpacity: 1 }),
    onEachFeature: (f, layer) => layer.bindTooltip(el('span', {}, `${f.properties.adm1_en} · ${f.properties.adm1_ar}`), { sticky: true }),
  }).addTo(m);
  m.attributionControl.setPrefix(false);
  m.attributionControl.addAttribution('Boundaries © UN OCHA (HDX, CC BY 3.0 IGO)');
  m.fitBounds(outline.getBounds(), { padding: [8, 8] });
  map = m;
  return m;
}

function radiusFor(fatalities) {
  return 5 + 3 * Math.sqrt(fatalities || 0);
}

function eventLabel(e) {
  return `${e.date || 'undated'} · ${e.sub_event_type} · ${placeName(e.location)}`;
}

function placeName(p) {
  if (!p) return '—';
  return p.name_en || p.name_ar;
}

function actorName(a) {
  return a ? a.name_en : '—';
}

function eventPopup(e) {
  return el('div', { class: 'popup' },
    el('strong', {}, e.sub_event_type), el('br'),
    `${e.date || 'undated'} · ${placeName(e.location)}`, el('br'),
    `${actorName(e.actor1)} vs ${actorName(e.actor2)}`, el('br'),
    `killed: ${e.fatalities}`, el('br'),
    link(`#/report/${enc(e.doc_id)}?event=${enc(e.event_id)}`, 'open the report'));
}

// ---- events: map, timeline, filters, table ----

async function eventsView(view, params) {
  const actors = (await api('/api/actors')).actors;
  const filters = filterForm(params, actors);
  const mapBox = el('div', { id: 'map', class: 'map' });
  const legend = el('div', { class: 'legend' }, EVENT_TYPES.map((t) =>
    el('span', { class: 'legend-item' }, el('span', { class: `swatch type-${slug(t)}` }), t)));
  const timeline = el('div', { id: 'timeline', class: 'timeline' });
  const summary = el('p', { id: 'summary', class: 'summary' });
  const table = el('div', { id: 'events-table' });
  view.append(el('h1', {}, 'Events'), filters, el('div', { class: 'grid' }, el('div', {}, mapBox, legend), el('div', {}, el('h2', {}, 'Timeline'), timeline)), summary, table);
  const page = await api('/api/events' + query({
    actor: params.actor, from: params.from, to: params.to, type: params.type, limit: 1000, sort: params.sort,
  }));
  const events = page.events;
  summary.textContent = `${page.total} events${page.total > events.length ? ` (first ${events.length} shown)` : ''}`;
  const m = await syriaMap(mapBox);
  for (const e of events) {
    const p = e.location;
    if (!p || p.lat == null || p.lon == null) continue;
    const colour = TYPE_COLOURS[e.event_type] || '#444';
    L.circleMarker([p.lat, p.lon], {
      radius: radiusFor(e.fatalities), color: '#222', weight: 1, fillColor: colour, fillOpacity: 0.75,
      className: 'event-marker',
    }).bindPopup(eventPopup(e)).bindTooltip(el('span', {}, eventLabel(e))).addTo(m);
  }
  drawTimeline(timeline, events, params);
  table.append(eventTable(events));
}

function slug(s) {
  return s.toLowerCase().replace(/[^a-z]+/g, '-');
}

function filterForm(params, actors) {
  const actorSelect = el('select', { id: 'f-actor', name: 'actor' },
    el('option', { value: '' }, 'any actor'),
    actors.map((a) => el('option', { value: a.name_en, selected: params.actor === a.name_en }, `${a.name_en} (${a.events})`)));
  const typeSelect = el('select', { id: 'f-type', name: 'type' },
    el('option', { value: '' }, 'any type'),
    EVENT_TYPES.map((t) => el('option', { value: t, selected: params.type === t }, t)));
  const from = el('input', { id: 'f-from', name: 'from', type: 'date', value: params.from || '' });
  const to = el('input', { id: 'f-to', name: 'to', type: 'date', value: params.to || '' });
  const form = el('form', { id: 'filters', class: 'filters', on: {
    submit: (ev) => {
      ev.preventDefault();
      go([], { actor: actorSelect.value, type: typeSelect.value, from: from.value, to: to.value });
    },
  } },
  el('label', {}, 'Actor ', actorSelect), el('label', {}, 'Type ', typeSelect),
  el('label', {}, 'From ', from), el('label', {}, 'To ', to),
  el('button', { type: 'submit', id: 'f-apply' }, 'Apply'),
  el('button', { type: 'button', id: 'f-clear', on: { click: () => go([], {}) } }, 'Clear'));
  return form;
}

function drawTimeline(box, events, params) {
  const dated = events.filter((e) => e.date);
  const undated = events.length - dated.length;
  if (!dated.length) {
    box.append(el('p', {}, 'No dated events.'));
  } else {
    const counts = new Map();
    for (const e of dated) counts.set(e.date, (counts.get(e.date) || 0) + 1);
    const days = [...counts.keys()].sort();
    const first = new Date(days[0] + 'T00:00:00Z');
    const last = new Date(days[days.length - 1] + 'T00:00:00Z');
    const span = Math.max(1, Math.round((last - first) / 86400000) + 1);
    const width = 460, height = 140, pad = 24;
    const max = Math.max(...counts.values());
    // A bar per day, never wider than a finger: a few days should not look like a wall.
    const barW = Math.min(24, Math.max(2, (width - 2 * pad) / span - 1));
    const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'timeline-chart', role: 'img', 'aria-label': 'events per day' });
    chart.append(svg('line', { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, class: 'axis' }));
    for (const day of days) {
      const offset = Math.round((new Date(day + 'T00:00:00Z') - first) / 86400000);
      const x = pad + offset * (width - 2 * pad) / span;
      const h = (height - 2 * pad) * counts.get(day) / max;
      chart.append(svg('rect', {
        x, y: height - pad - h, width: barW, height: h, class: 'bar', 'data-day': day,
        on: { click: () => go([], { ...params, from: day, to: day }) },
      }, svg('title', {}, `${day}: ${counts.get(day)} events (click to show that day)`)));
    }
    chart.append(svg('text', { x: pad, y: height - 6, class: 'tick' }, days[0]));
    chart.append(svg('text', { x: width - pad, y: height - 6, class: 'tick', 'text-anchor': 'end' }, days[days.length - 1]));
    chart.append(svg('text', { x: pad, y: pad - 8, class: 'tick' }, `max ${max} a day`));
    box.append(chart);
  }
  if (undated) box.append(el('p', { class: 'note' }, `${undated} events without a date are not on the timeline.`));
}

function eventTable(events) {
  if (!events.length) return el('p', {}, 'No events match.');
  return el('table', { class: 'events' },
    el('thead', {}, el('tr', {}, ['date', 'type', 'sub-type', 'place', 'actor 1', 'actor 2', 'killed', 'report'].map((h) => el('th', {}, h)))),
    el('tbody', {}, events.map((e) => el('tr', { dataset: { event: e.event_id } },
      el('td', {}, e.date || '—'),
      el('td', {}, el('span', { class: `swatch type-${slug(e.event_type)}` }), e.event_type),
      el('td', {}, e.sub_event_type),
      el('td', {}, e.location && e.location.gazetteer_id ? link(`#/place/${enc(e.location.gazetteer_id)}`, placeName(e.location)) : placeName(e.location)),
      el('td', {}, e.actor1 ? link(`#/actor/${enc(e.actor1.id)}`, e.actor1.name_en) : '—'),
      el('td', {}, e.actor2 ? link(`#/actor/${enc(e.actor2.id)}`, e.actor2.name_en) : '—'),
      el('td', { class: 'num' }, e.fatalities),
      el('td', {}, link(`#/report/${enc(e.doc_id)}?event=${enc(e.event_id)}`, e.doc_id))))));
}

// ---- the report, with evidence ----

async function reportView(view, docId, params) {
  const doc = await api(`/api/documents/${enc(docId)}`);
  const chosen = doc.events.find((e) => e.event_id === params.event) || doc.events[0];
  view.append(el('h1', {}, 'Report ', el('span', { class: 'doc-id' }, doc.doc_id)),
    el('p', { class: 'meta' }, [doc.source, doc.published, doc.url].filter(Boolean).join(' · ')));
  if (!doc.events.length) view.append(el('p', {}, 'No events were extracted from this report.'));
  const picker = el('ul', { class: 'event-picker' }, doc.events.map((e, i) => el('li', {},
    link(`#/report/${enc(doc.doc_id)}?event=${enc(e.event_id)}`, `${i + 1}. ${eventLabel(e)}`),
    e === chosen ? ' ◀' : '')));
  const spans = chosen ? doc.spans.filter((s) => s.event_id === chosen.event_id) : [];
  const detail = chosen ? await api(`/api/events/${enc(chosen.event_id)}`) : null;
  const others = detail ? detail.sources.filter((s) => s.doc_id !== doc.doc_id) : [];
  const text = el('div', { id: 'report-text', class: 'report-text', dir: 'rtl', lang: 'ar' }, highlighted(doc.text, spans));
  view.append(el('div', { class: 'report' },
    el('aside', {}, el('h2', {}, 'Events'), picker, chosen ? eventFields(chosen) : null,
      others.length ? el('div', { id: 'other-sources' }, el('h3', {}, 'Also told by (merged)'),
        el('ul', {}, others.map((s) => el('li', {}, link(`#/report/${enc(s.doc_id)}`, s.doc_id), s.source ? ` · ${s.source}` : '')))) : null),
    el('article', {}, el('h2', {}, 'Text'), el('p', { class: 'note' }, 'Highlighted: the words behind each field of the chosen event.'), text)));
}

// The text split at every span boundary; each piece inside spans becomes a <mark> naming its
// fields, and each span's start carries a label with its field. Offsets are characters (code
// points), so the text is indexed as an array of code points.
function highlighted(text, spans) {
  const chars = Array.from(text);
  const cuts = new Set([0, chars.length]);
  for (const s of spans) {
    cuts.add(Math.min(s.start, chars.length));
    cuts.add(Math.min(s.end, chars.length));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = chars.slice(a, b).join('');
    const covering = spans.filter((s) => s.start <= a && s.end >= b && s.end > s.start);
    if (!covering.length) {
      out.push(piece);
      continue;
    }
    const fields = [...new Set(covering.map((s) => s.field))];
    const starting = [...new Set(spans.filter((s) => s.start === a && s.end > s.start).map((s) => s.field))];
    out.push(el('mark', { class: `ev field-${fields[0]}`, dataset: { fields: fields.join(' ') }, title: fields.map(label).join(', ') },
      starting.map((f) => el('span', { class: `label field-${f}`, dataset: { field: f } }, label(f))),
      piece));
  }
  return out;
}

function label(field) {
  return FIELD_LABELS[field] || field.replace(/_/g, ' ');
}

function eventFields(e) {
  const actors = (list) => list.map((a) => link(`#/actor/${enc(a.id)}`, a.name_en));
  const rows = [
    ['type', `${e.event_type} / ${e.sub_event_type}`],
    ['date', `${e.date || 'undated'}${e.date_precision ? ` (${e.date_precision})` : ''}`],
    ['place', e.location ? (e.location.gazetteer_id ? link(`#/place/${enc(e.location.gazetteer_id)}`, `${placeName(e.location)} · ${e.location.name_ar}`) : e.location.name_ar) : '—'],
    ['actor 1', e.actor1 ? actors([e.actor1]) : '—'],
    ['actor 2', e.actor2 ? actors([e.actor2]) : '—'],
    ['killed', String(e.fatalities)],
    ['injured', e.injured == null ? '—' : String(e.injured)],
    ['notes', e.notes],
  ];
  const evidence = el('ul', { class: 'evidence' }, e.evidence.map((v) => el('li', {},
    el('span', { class: `label field-${v.field}` }, label(v.field)), ' ', el('span', { dir: 'rtl', lang: 'ar' }, v.text || ''),
    e.rules && e.rules[v.field] ? el('span', { class: 'rules' }, ` (${e.rules[v.field].join(', ')})`) : null)));
  return el('div', { class: 'fields' },
    el('table', {}, el('tbody', {}, rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))))),
    el('h3', {}, 'Evidence'), evidence);
}

// ---- actors ----

async function actorsView(view) {
  const { actors } = await api('/api/actors');
  view.append(el('h1', {}, 'Actors'), el('table', { class: 'list' },
    el('thead', {}, el('tr', {}, ['actor', 'Arabic', 'inter', 'events', 'reports'].map((h) => el('th', {}, h)))),
    el('tbody', {}, actors.map((a) => el('tr', {},
      el('td', {}, link(`#/actor/${enc(a.id)}`, a.name_en)), el('td', { dir: 'rtl', lang: 'ar' }, a.name_ar),
      el('td', { class: 'num' }, a.inter), el('td', { class: 'num' }, a.events), el('td', { class: 'num' }, a.documents))))));
}

const RELATION_COLOURS = { controls: '#1f77b4', fights: '#d62728', ally_of: '#2ca02c', part_of: '#7f7f7f', commands: '#9467bd', member_of: '#8c564b' };

async function actorView(view, id) {
  const a = await api(`/api/actors/${enc(id)}`);
  view.append(el('h1', {}, a.name_en, ' ', el('span', { dir: 'rtl', lang: 'ar' }, a.name_ar)),
    el('p', { class: 'meta' }, `id ${a.id} · inter ${a.inter} · ${a.events} events · ${a.documents} reports · `,
      link(`#/${query({ actor: a.name_en })}`, 'its events on the map')),
    el('h2', {}, 'Relations'), relationGraph(a),
    el('h2', {}, 'Names in the reports'), el('ul', { class: 'aliases', dir: 'rtl', lang: 'ar' }, a.aliases.map((n) => el('li', {}, n))),
    el('h2', {}, 'People'), a.people.length ? el('ul', {}, a.people.map((p) => el('li', {},
      el('span', { dir: 'rtl', lang: 'ar' }, p.name_ar), p.roles_en && p.roles_en.length ? ` — ${p.roles_en.join(', ')}` : ''))) : el('p', {}, 'None named.'));
}

// The actor in the middle, every entity it (or one of its people) is related to on a circle
// around it, one line per relation, coloured by kind.
function relationGraph(actor) {
  const width = 720, height = 420, cx = width / 2, cy = height / 2, r = 160;
  const nodes = new Map([[actor.id, { id: actor.id, name: actor.name_en, kind: 'actor', x: cx, y: cy }]]);
  for (const rel of actor.relations) {
    for (const [id, name, kind] of [[rel.subject_id, rel.subject_name, rel.subject_kind], [rel.object_id, rel.object_name, rel.object_kind]]) {
      if (!nodes.has(id)) nodes.set(id, { id, name, kind });
    }
  }
  const others = [...nodes.values()].filter((n) => n.id !== actor.id);
  others.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, others.length) - Math.PI / 2;
    n.x = cx + r * Math.cos(angle) * 1.5;
    n.y = cy + r * Math.sin(angle);
  });
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'graph', id: 'relation-graph', role: 'img', 'aria-label': 'relations' });
  const pairs = new Map();
  for (const rel of actor.relations) {
    const [s, o] = [nodes.get(rel.subject_id), nodes.get(rel.object_id)];
    const key = [s.id, o.id].sort().join('|');
    const n = pairs.get(key) || 0;
    pairs.set(key, n + 1);
    const bend = n * 14;
    const mx = (s.x + o.x) / 2 + bend, my = (s.y + o.y) / 2 - bend;
    const colour = RELATION_COLOURS[rel.kind] || '#555';
    chart.append(svg('path', { d: `M${s.x},${s.y} Q${mx},${my} ${o.x},${o.y}`, class: 'edge', stroke: colour, 'data-kind': rel.kind },
      svg('title', {}, `${rel.subject_name} ${rel.kind} ${rel.object_name} (${rel.doc_ids.join(', ')})`)));
    chart.append(svg('text', { x: mx, y: my, class: 'edge-label', fill: colour }, rel.kind.replace(/_/g, ' ')));
  }
  for (const n of nodes.values()) {
    const target = n.kind === 'actor' ? `#/actor/${enc(n.id)}` : n.kind === 'place' ? `#/place/${enc(n.id)}` : null;
    const group = svg('g', { class: `node node-${n.kind}`, 'data-id': n.id });
    group.append(svg('circle', { cx: n.x, cy: n.y, r: n.id === actor.id ? 12 : 8 }));
    group.append(svg('text', { x: n.x, y: n.y - 14, 'text-anchor': 'middle' }, n.name));
    if (target) {
      const a = svg('a', { href: target });
      a.append(group);
      chart.append(a);
    } else {
      chart.append(group);
    }
  }
  if (!actor.relations.length) return el('p', {}, 'No relations in the reports.');
  return el('div', {}, chart, el('div', { class: 'legend' }, Object.entries(RELATION_COLOURS).map(([k, c]) =>
    el('span', { class: 'legend-item' }, el('span', { class: `swatch rel-${k}` }), k.replace(/_/g, ' ')))));
}

// ---- places and control ----

async function placesView(view) {
  const { places } = await api('/api/places');
  view.append(el('h1', {}, 'Places'), el('table', { class: 'list' },
    el('thead', {}, el('tr', {}, ['place', 'Arabic', 'governorate', 'events', 'reports'].map((h) => el('th', {}, h)))),
    el('tbody', {}, places.map((p) => el('tr', {},
      el('td', {}, link(`#/place/${enc(p.id)}`, p.name_en || p.id)), el('td', { dir: 'rtl', lang: 'ar' }, p.name_ar),
      el('td', {}, p.admin1 || '—'), el('td', { class: 'num' }, p.events), el('td', { class: 'num' }, p.documents))))));
}

async function placeView(view, id) {
  const { place, periods } = await api(`/api/places/${enc(id)}/control`);
  const name = place ? place.name_en || place.name_ar : periods[0].place_en;
  view.append(el('h1', {}, name, ' ', el('span', { dir: 'rtl', lang: 'ar' }, place ? place.name_ar : '')),
    el('p', { class: 'meta' }, `gazetteer id ${id}`, place && place.admin1 ? ` · ${place.admin1}` : '',
      place ? ` · ${place.events} events · ${place.documents} reports` : ''),
    el('h2', {}, 'Control history'));
  if (!periods.length) {
    view.append(el('p', { id: 'control-history' }, 'No report says who holds this place.'));
  } else {
    view.append(el('table', { id: 'control-history', class: 'list' },
      el('thead', {}, el('tr', {}, ['holder', 'since', 'until', 'taken from', 'holds', 'reports'].map((h) => el('th', {}, h)))),
      el('tbody', {}, periods.map((p) => el('tr', { dataset: { holder: p.holder_id } },
        el('td', {}, el('span', { class: 'swatch', dataset: { colour: holderColour(p.holder_id) } }), link(`#/actor/${enc(p.holder_id)}`, p.holder)),
        el('td', {}, p.since || 'undated'), el('td', {}, p.until || '—'),
        el('td', {}, p.taken_from_id ? link(`#/actor/${enc(p.taken_from_id)}`, p.taken_from) : '—'),
        el('td', {}, p.facilities.join(', ') || '—'),
        el('td', {}, p.doc_ids.map((d, i) => [i ? ', ' : '', link(`#/report/${enc(d)}`, d)])))))));
    paintSwatches(view);
  }
  if (place && place.lat != null) {
    const box = el('div', { id: 'map', class: 'map small' });
    view.append(el('h2', {}, 'Where'), box);
    const m = await syriaMap(box);
    L.circleMarker([place.lat, place.lon], { radius: 8, color: '#222', weight: 1, fillColor: periods.length ? holderColour(periods[periods.length - 1].holder_id) : '#888', fillOpacity: 0.9 }).addTo(m);
  }
}

// A stable colour per holder: the hue from a hash of its id.
function holderColour(id) {
  let h = 0;
  for (const c of id) h = (h * 31 + c.codePointAt(0)) % 360;
  return `hsl(${h}, 65%, 45%)`;
}

// Swatches take their colour from data-colour through the CSSOM (allowed by the page's CSP,
// unlike style attributes).
function paintSwatches(root) {
  root.querySelectorAll('[data-colour]').forEach((n) => { n.style.backgroundColor = n.dataset.colour; });
}

async function controlView(view, params) {
  const date = params.date || new Date().toISOString().slice(0, 10);
  const input = el('input', { id: 'c-date', type: 'date', value: date });
  const form = el('form', { class: 'filters', on: { submit: (ev) => { ev.preventDefault(); go(['control'], { date: input.value }); } } },
    el('label', {}, 'Who held what on ', input), el('button', { type: 'submit', id: 'c-apply' }, 'Show'));
  const { places } = await api(`/api/control${query({ date })}`);
  const box = el('div', { id: 'map', class: 'map' });
  const holders = new Map();
  for (const p of places) holders.set(p.holder_id, p.holder);
  const legend = el('div', { class: 'legend', id: 'control-legend' }, [...holders].map(([id, name]) =>
    el('span', { class: 'legend-item' }, el('span', { class: 'swatch', dataset: { colour: holderColour(id) } }), name)));
  view.append(el('h1', {}, 'Control on ', date), form, box, legend,
    el('p', { class: 'summary' }, `${places.length} places whose holder is known on ${date}`),
    el('table', { class: 'list', id: 'control-table' },
      el('thead', {}, el('tr', {}, ['place', 'holder', 'since', 'taken from'].map((h) => el('th', {}, h)))),
      el('tbody', {}, places.map((p) => el('tr', {},
        el('td', {}, link(`#/place/${enc(p.place_id)}`, p.place_en)), el('td', {}, p.holder),
        el('td', {}, p.since || '—'), el('td', {}, p.taken_from || '—'))))));
  paintSwatches(view);
  const m = await syriaMap(box);
  for (const p of places) {
    if (p.lat == null || p.lon == null) continue;
    L.circleMarker([p.lat, p.lon], { radius: 9, color: '#222', weight: 1, fillColor: holderColour(p.holder_id), fillOpacity: 0.9, className: 'control-marker' })
      .bindTooltip(el('span', {}, `${p.place_en}: ${p.holder} since ${p.since || '?'}`))
      .bindPopup(el('div', {}, el('strong', {}, p.place_en), el('br'), `${p.holder} since ${p.since || '?'}`, el('br'), link(`#/place/${enc(p.place_id)}`, 'control history')))
      .addTo(m);
  }
}

window.addEventListener('hashchange', render);
window.addEventListener('DOMContentLoaded', render);
