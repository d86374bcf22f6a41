// Wires the page: filters → map and list; list ↔ map; detail; upload; language; sign-in.

import {
  may, me, onUnauthorized, request, setToken, takeTokenFromAddress, token,
} from './api.js';
import { DamageDetail } from './detail.js';
import { applyLabels, lang, onLanguageChange, setLanguage, t } from './i18n.js';
import { RepairList } from './list.js';
import { DamageMap } from './map.js';
import {
  ALL_STATUSES, CLASSES, activeCount, defaultFilters, matchesNothing, queryString,
} from './query.js';
import { UploadPanel } from './upload.js';

const $ = (id) => document.getElementById(id);
const REFRESH_AFTER_FIND_MS = 3000;

takeTokenFromAddress();
applyLabels(document);

const page = {
  filters: defaultFilters(),
  sort: 'priority',
  follow: true,
};

const map = new DamageMap($('map'), {
  onOpen: (id) => openDamage(id),
  onView: () => scheduleList(),
});

const list = new RepairList({
  list: $('repair-list'),
  count: $('list-count'),
  more: $('list-more'),
  empty: $('list-empty'),
  error: $('list-error'),
  csv: $('download-csv'),
  geojson: $('download-geojson'),
  onOpen: (id, position) => {
    if (position) {
      map.reveal(position);
    }
    openDamage(id);
  },
  onHover: (id) => map.highlight(id),
  // rows per page from the address (/?limit=200), else 50
  pageSize: Number(new URLSearchParams(window.location.search).get('limit')),
});

const detail = new DamageDetail({
  panel: $('detail'),
  title: $('detail-title'),
  body: $('detail-body'),
  closeButton: $('detail-close'),
  onLoaded: (damage) => {
    map.select(damage);
    list.select(damage.id);
    window.history.replaceState(null, '', `#damage=${damage.id}`);
  },
  onClose: (id) => {
    map.select(null);
    list.select(null);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    if (id !== null) {
      list.focus(id);
    }
  },
  onChanged: () => refresh(),
  onShowOnMap: (damage) => map.zoomTo(damage),
});

const upload = new UploadPanel($('upload-panel'), {
  onDamages: () => scheduleRefresh(),
  onDone: () => {
    refresh();
    loadSurveys();
  },
});

function openDamage(id) {
  detail.open(id);
}

// ------------------------------------------------------------------ data

let mapGeneration = 0;

/** Reloads the map's damages (whole filtered list, no bbox) and then the list. */
async function refresh() {
  const generation = ++mapGeneration;
  if (matchesNothing(page.filters)) {
    map.setDamages([]);
    list.load(null);
    return;
  }
  const answer = await request(`/v1/repairs.geojson?${queryString(page.filters)}`);
  if (generation !== mapGeneration) {
    return;
  }
  // A refused filter empties the map; the list below says why.
  map.setDamages(answer.ok ? answer.json.features : []);
  loadList();
}

function loadList() {
  clearTimeout(listTimer);
  if (matchesNothing(page.filters)) {
    list.load(null);
    return;
  }
  list.load(queryString(page.filters, { sort: page.sort, bbox: page.follow ? map.bbox() : null }));
}

let listTimer = null;
function scheduleList() {
  if (!page.follow) {
    return;
  }
  clearTimeout(listTimer);
  listTimer = setTimeout(loadList, 250);
}

let refreshTimer = null;
function scheduleRefresh() {
  if (refreshTimer) {
    return;
  }
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    refresh();
  }, REFRESH_AFTER_FIND_MS);
}

// ------------------------------------------------------------------ filters

const filterForm = $('filters');

function readFilters() {
  const f = page.filters;
  f.statuses = ALL_STATUSES.filter((s) => filterForm.querySelector(`input[name=status][value=${s}]`).checked);
  f.classes = CLASSES.filter((c) => filterForm.querySelector(`input[name=class][value=${c}]`).checked);
  f.minGrade = $('filter-grade').value;
  f.from = $('filter-from').value;
  f.to = $('filter-to').value;
  f.survey = $('filter-survey').value;
  f.plausibility = $('filter-plausibility').value;
}

function writeFilters() {
  const f = page.filters;
  filterForm.querySelectorAll('input[name=status]').forEach((box) => { box.checked = f.statuses.includes(box.value); });
  filterForm.querySelectorAll('input[name=class]').forEach((box) => { box.checked = f.classes.includes(box.value); });
  $('filter-grade').value = f.minGrade;
  $('filter-from').value = f.from;
  $('filter-to').value = f.to;
  $('filter-survey').value = f.survey;
  $('filter-plausibility').value = f.plausibility;
}

function showActiveFilters() {
  const n = activeCount(page.filters);
  $('filters-active').textContent = n ? t('activeFilters', { n }) : '';
}

filterForm.addEventListener('change', () => {
  readFilters();
  showActiveFilters();
  refresh();
});
filterForm.addEventListener('submit', (event) => event.preventDefault());
$('filter-reset').addEventListener('click', () => {
  page.filters = defaultFilters();
  writeFilters();
  showActiveFilters();
  refresh();
});

async function loadSurveys() {
  if (!may(await me(), 'GET /v1/surveys')) {
    return; // surveys are the crews' and the road department's (a viewer sees none)
  }
  const answer = await request('/v1/surveys?limit=100');
  if (!answer.ok) {
    return;
  }
  const select = $('filter-survey');
  const chosen = select.value;
  const first = select.options[0];
  select.replaceChildren(first, ...answer.json.surveys.map((s) => {
    const option = document.createElement('option');
    option.value = String(s.id);
    option.textContent = `#${s.id} ${s.name}`;
    return option;
  }));
  select.value = chosen;
}

// ------------------------------------------------------------------ sort, follow

document.querySelectorAll('#sort button[data-sort]').forEach((button) => {
  button.addEventListener('click', () => {
    page.sort = button.dataset.sort;
    document.querySelectorAll('#sort button[data-sort]').forEach((b) => {
      b.setAttribute('aria-pressed', String(b === button));
    });
    loadList();
  });
});

$('follow-map').addEventListener('change', (event) => {
  page.follow = event.target.checked;
  loadList();
});

// ------------------------------------------------------------------ language, sign-in, upload

function showLanguageButton() {
  $('lang-toggle').lang = lang() === 'de' ? 'en' : 'de';
}
showLanguageButton();
$('lang-toggle').addEventListener('click', () => setLanguage(lang() === 'de' ? 'en' : 'de'));
onLanguageChange(() => {
  showLanguageButton();
  showActiveFilters();
  list.relabel();
  detail.relabel();
  upload.relabel();
});

/**
 * Shows who is signed in and offers only what the token's role may do (GET /v1/me, issue #30):
 * upload for crews and the road department, the CSV download for the road department, status
 * changes (detail.js) for the road department. Without a usable token the sign-in form opens.
 */
async function showSignIn() {
  const who = await me();
  $('signin-open').hidden = Boolean(who);
  $('signout').hidden = !who;
  $('signed-in').hidden = !who;
  $('signed-in').textContent = who ? t('signedInAs', { name: who.name, role: who.role }) : '';
  $('upload-open').hidden = !may(who, 'POST /v1/surveys');
  list.allowDownloads({
    csv: may(who, 'GET /v1/repairs.csv'), geojson: may(who, 'GET /v1/repairs.geojson'),
  });
  if (!who && !$('signin-dialog').open) {
    $('signin-dialog').showModal();
  }
  return who;
}
onUnauthorized(() => {
  $('signin-open').hidden = false;
  if (!$('signin-dialog').open) {
    $('signin-dialog').showModal();
  }
});
$('signin-open').addEventListener('click', () => $('signin-dialog').showModal());
$('signin-cancel').addEventListener('click', () => $('signin-dialog').close());
$('signin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  setToken($('signin-token').value.trim());
  $('signin-token').value = '';
  $('signin-dialog').close();
  showSignIn();
  refresh();
  loadSurveys();
});
$('signout').addEventListener('click', () => {
  setToken(null);
  detail.close();
  map.setDamages([]);
  list.load(null);
  showSignIn();
});

$('upload-open').addEventListener('click', () => upload.show());

window.addEventListener('resize', () => map.invalidate());

// A link followed into an open page (#token=…, #damage=…) changes only the fragment.
window.addEventListener('hashchange', () => {
  if (takeTokenFromAddress()) {
    showSignIn();
    refresh();
    loadSurveys();
    return;
  }
  const match = window.location.hash.match(/^#damage=(\d+)$/);
  if (match && Number(match[1]) !== detail.openId) {
    openDamage(Number(match[1]));
  }
});

// ------------------------------------------------------------------ start

showSignIn()
  .then((who) => (who ? refresh() : null))
  .then(() => {
    const match = window.location.hash.match(/^#damage=(\d+)$/);
    if (match) {
      openDamage(Number(match[1]));
    }
  });
loadSurveys();
