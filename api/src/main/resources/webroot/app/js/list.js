// The repair list beside the map: ranked by the chosen sort, paged with the service's own keyset
// cursors ("next"), each row with its score and the parts the score is made of. Rows are buttons:
// the keyboard path to every damage.

import { describe, download, request, token } from './api.js';
import { PARTS, gradeBand } from './grades.js';
import {
  className, formatArea, formatDate, formatGrade, formatNumber, statusName, t,
} from './i18n.js';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;

export class RepairList {
  /** @param pageSize rows per page, 1..500 (the service's limit); others give the default 50 */
  constructor({ list, count, more, empty, error, csv, geojson, onOpen, onHover, pageSize }) {
    this.pageSize = pageSize >= 1 && pageSize <= MAX_PAGE_SIZE ? Math.floor(pageSize) : DEFAULT_PAGE_SIZE;
    this.listEl = list;
    this.countEl = count;
    this.moreEl = more;
    this.emptyEl = empty;
    this.errorEl = error;
    this.csvEl = csv;
    this.geojsonEl = geojson;
    this.downloads = { csv: true, geojson: true };
    this.onOpen = onOpen;
    this.onHover = onHover;
    this.items = [];
    this.next = null;
    this.selectedId = null;
    this.generation = 0;
    this.moreEl.addEventListener('click', () => this.loadMore());
    for (const link of [csv, geojson]) {
      link.addEventListener('click', (event) => {
        if (!token()) {
          return; // the link works as it is
        }
        event.preventDefault();
        download(link.href, link.getAttribute('download'));
      });
    }
  }

  /** Which downloads the signed-in role may fetch (GET /v1/me); the others are not offered. */
  allowDownloads({ csv, geojson }) {
    this.downloads = { csv, geojson };
    const nothing = this.query === null;
    this.csvEl.hidden = nothing || !csv;
    this.geojsonEl.hidden = nothing || !geojson;
  }

  /** Loads the first page for a query string (see query.js); null shows an empty list. */
  async load(query) {
    const generation = ++this.generation;
    this.query = query;
    this.csvEl.href = `/v1/repairs.csv${query ? `?${query}` : ''}`;
    this.geojsonEl.href = `/v1/repairs.geojson${query ? `?${query}` : ''}`;
    // nothing to ask for (no status or no class ticked): nothing to download either
    this.csvEl.hidden = query === null || !this.downloads.csv;
    this.geojsonEl.hidden = query === null || !this.downloads.geojson;
    if (query === null) {
      this.show([], null, generation);
      return;
    }
    this.listEl.setAttribute('aria-busy', 'true');
    const answer = await request(`/v1/repairs?${query}${query ? '&' : ''}limit=${this.pageSize}`);
    if (generation !== this.generation) {
      return; // a newer load is under way
    }
    this.listEl.removeAttribute('aria-busy');
    if (!answer.ok) {
      this.fail(answer.problem);
      return;
    }
    this.items = [];
    this.listEl.replaceChildren();
    this.show(answer.json.repairs, answer.json.next, generation);
  }

  async loadMore() {
    if (!this.next) {
      return;
    }
    const generation = this.generation;
    this.moreEl.disabled = true;
    const answer = await request(this.next);
    this.moreEl.disabled = false;
    if (generation !== this.generation) {
      return;
    }
    if (!answer.ok) {
      this.fail(answer.problem);
      return;
    }
    const firstNew = this.items.length;
    this.show(answer.json.repairs, answer.json.next, generation);
    this.listEl.children[firstNew]?.querySelector('button')?.focus();
  }

  show(repairs, next, generation) {
    if (generation !== this.generation) {
      return;
    }
    this.errorEl.hidden = true;
    if (this.items.length === 0) {
      this.listEl.replaceChildren();
    }
    for (const damage of repairs) {
      this.items.push(damage);
      this.listEl.append(this.row(damage, this.items.length));
    }
    this.next = next;
    this.moreEl.hidden = !next;
    this.emptyEl.hidden = this.items.length > 0;
    this.updateCount();
  }

  fail(problem) {
    this.errorEl.hidden = false;
    this.errorEl.textContent = t('failed', { detail: describe(problem) || t('problemNetwork') });
  }

  updateCount() {
    this.countEl.textContent = t(this.next ? 'listCountMore' : 'listCount', { n: this.items.length });
  }

  /** Redraws the rows in the current language. */
  relabel() {
    this.listEl.replaceChildren(...this.items.map((d, i) => this.row(d, i + 1)));
    this.updateCount();
  }

  select(id) {
    this.selectedId = id;
    for (const row of this.listEl.children) {
      const selected = Number(row.dataset.id) === id;
      row.classList.toggle('selected', selected);
      row.querySelector('button').setAttribute('aria-current', selected ? 'true' : 'false');
    }
  }

  /** Focuses the row of a damage, if listed (after the detail closes). */
  focus(id) {
    const row = [...this.listEl.children].find((r) => Number(r.dataset.id) === id);
    row?.querySelector('button').focus();
  }

  row(damage, rank) {
    const li = document.createElement('li');
    li.className = 'repair-row';
    li.dataset.id = String(damage.id);
    if (damage.id === this.selectedId) {
      li.classList.add('selected');
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'row-button';
    button.setAttribute('aria-current', damage.id === this.selectedId ? 'true' : 'false');
    button.addEventListener('click', () => this.onOpen?.(damage.id, damage.position));
    button.addEventListener('mouseenter', () => this.onHover?.(damage.id));
    button.addEventListener('mouseleave', () => this.onHover?.(null));
    button.addEventListener('focus', () => this.onHover?.(damage.id));
    button.addEventListener('blur', () => this.onHover?.(null));

    const top = span('row-top');
    top.append(span('rank', String(rank)));
    const title = span('row-title');
    title.append(span('cls', className(damage.class)), span('damage-id', `#${damage.id}`));
    top.append(title);
    const grade = span(`grade-badge grade-${gradeBand(damage.grade)}`, formatGrade(damage.grade));
    grade.title = t('grade');
    top.append(grade);
    const score = span('score');
    score.append(span('score-value', formatNumber(damage.score, 0)), span('score-label', t('score')));
    top.append(score);
    button.append(top);

    button.append(partsBar(damage.parts));

    const bottom = span('row-bottom');
    bottom.append(span('parts-text', partsText(damage.parts)));
    button.append(bottom);

    const meta = span('row-meta');
    meta.append(span(`status-chip status-${damage.status}`, statusName(damage.status)));
    if (damage.areaM2 > 0) {
      meta.append(span('meta', formatArea(damage.areaM2)));
    }
    meta.append(span('meta', t('sightings', { n: damage.observationCount })));
    meta.append(span('meta', t('lastSeenOn', { date: formatDate(damage.lastSeen) })));
    if (damage.possiblyRepaired) {
      meta.append(span('flag', t('possiblyRepaired')));
    }
    if (damage.implausible && damage.implausible.length) {
      const flag = span('flag warn', t('implausibleBadge'));
      flag.title = damage.implausible.map((r) => r.detail).join('; ');
      meta.append(flag);
    }
    button.append(meta);
    li.append(button);
    return li;
  }
}

/** A bar of the score's parts: each segment as wide as the points it adds (of 100). */
export function partsBar(parts) {
  const bar = span('parts-bar');
  bar.setAttribute('role', 'img');
  const spoken = [];
  for (const part of PARTS) {
    const p = parts?.[part.name];
    if (!p || p.points <= 0) {
      continue;
    }
    const segment = span(`part part-${part.name}`);
    segment.style.width = `${Math.min(100, p.points)}%`;
    segment.title = `${t(`part_${part.name}`)}: ${formatNumber(p.points, 1)} – ${p.why}`;
    bar.append(segment);
    spoken.push(`${t(`part_${part.name}`)} ${formatNumber(p.points, 0)}`);
  }
  bar.setAttribute('aria-label', `${t('partsLabel')}: ${spoken.join(', ')}`);
  return bar;
}

/** The largest parts in words: "Severity 35 · Road 10 · Size 8". */
export function partsText(parts) {
  return PARTS.map((part) => ({ name: part.name, points: parts?.[part.name]?.points ?? 0 }))
    .filter((p) => p.points >= 0.5)
    .sort((a, b) => b.points - a.points)
    .slice(0, 4)
    .map((p) => `${t(`part_${p.name}`)} ${formatNumber(p.points, 0)}`)
    .join(' · ');
}

function span(cssClass, text) {
  const el = document.createElement('span');
  el.className = cssClass;
  if (text !== undefined) {
    el.textContent = text;
  }
  return el;
}
