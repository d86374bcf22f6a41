// One damage: its picture (the excerpt of a sighting's photo with the detected box drawn, or the
// whole photo), the status buttons with a comment (sent with If-Match: the ETag read, so a change
// made by someone else meanwhile is shown as a conflict instead of being overwritten), every
// sighting over time with the area's growth, the score's parts and the audit trail.

import { describe, loadImage, may, me, request } from './api.js';
import { PARTS, gradeBand } from './grades.js';
import {
  className, formatArea, formatDate, formatDateTime, formatGrade, formatMetres, formatNumber,
  formatShortDateTime, has, statusName, t,
} from './i18n.js';


/** The status buttons per status: [target status, label key]; the service's transition table. */
const ACTIONS = {
  new: [['confirmed', 'action_confirmed_from_new'], ['rejected', 'action_rejected']],
  confirmed: [['scheduled', 'action_scheduled'], ['rejected', 'action_rejected']],
  scheduled: [['repaired', 'action_repaired'], ['confirmed', 'action_confirmed_from_scheduled']],
  repaired: [['verified', 'action_verified'], ['scheduled', 'action_scheduled_from_repaired']],
  verified: [],
  rejected: [['new', 'action_new']],
};

export class DamageDetail {
  constructor({ panel, title, body, closeButton, onClose, onChanged, onLoaded, onShowOnMap }) {
    this.onShowOnMap = onShowOnMap;
    this.panel = panel;
    this.titleEl = title;
    this.body = body;
    this.onClose = onClose;
    this.onChanged = onChanged;
    this.onLoaded = onLoaded;
    this.damage = null;
    this.etag = null;
    this.events = [];
    this.draftComment = '';
    this.pictureObservationId = null;
    this.pictureView = 'crop';
    this.notice = null;
    this.who = null;
    closeButton.addEventListener('click', () => this.close());
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !this.panel.hidden && !document.querySelector('dialog[open]')) {
        this.close();
      }
    });
  }

  get openId() {
    return this.panel.hidden || !this.damage ? null : this.damage.id;
  }

  /** Opens (or reloads) a damage. */
  async open(id, { keepNotice = false } = {}) {
    const [damage, events, who] = await Promise.all([
      request(`/v1/damages/${id}`), request(`/v1/damages/${id}/events`), me(),
    ]);
    this.who = who;
    if (!keepNotice) {
      this.notice = null;
    }
    const reopening = this.damage && this.damage.id === id && !this.panel.hidden;
    if (!damage.ok) {
      this.damage = null;
      this.panel.hidden = false;
      this.titleEl.textContent = `#${id}`;
      this.body.replaceChildren(paragraph('error', t('failed', { detail: describe(damage.problem) || t('problemNetwork') })));
      return;
    }
    if (!reopening) {
      this.pictureObservationId = null;
      this.pictureView = 'crop';
      this.draftComment = '';
    }
    this.reopened = reopening;
    this.damage = damage.json;
    this.etag = damage.etag;
    this.events = events.ok ? events.json.events : [];
    this.panel.hidden = false;
    this.panel.dataset.id = String(id);
    this.render();
    if (!reopening) {
      this.titleEl.focus();
    }
    this.onLoaded?.(this.damage);
  }

  close() {
    if (this.panel.hidden) {
      return;
    }
    const id = this.damage?.id ?? null;
    this.panel.hidden = true;
    delete this.panel.dataset.id;
    this.damage = null;
    this.onClose?.(id);
  }

  relabel() {
    if (this.damage && !this.panel.hidden) {
      this.render();
    }
  }

  // ------------------------------------------------------------------ rendering

  render() {
    const d = this.damage;
    this.titleEl.textContent = t('detailTitle', { cls: className(d.class), id: d.id });
    const keepScroll = this.reopened ? this.panel.scrollTop : 0;
    // status changes only for roles that may make them (road department, admin)
    const changes = may(this.who, 'PATCH /v1/damages/{id}');
    this.body.replaceChildren(...[
      this.chips(d),
      this.picture(d),
      this.summary(d),
      changes ? this.actions(d) : null,
      this.observations(d),
      this.scoreParts(d),
      this.audit(),
    ].filter(Boolean));
    this.panel.scrollTop = keepScroll;
  }

  chips(d) {
    const chips = el('div', 'chips detail-chips');
    const status = el('span', `status-chip status-${d.status}`, statusName(d.status));
    status.id = 'detail-status';
    status.dataset.status = d.status;
    chips.append(status);
    const grade = el('span', `grade-badge grade-${gradeBand(d.grade)}`, `${t('grade')} ${formatGrade(d.grade)}`);
    chips.append(grade);
    chips.append(el('span', 'score-chip', `${t('score')} ${formatNumber(d.score, 0)}`));
    if (d.possiblyRepaired) {
      chips.append(el('span', 'flag', `${t('possiblyRepaired')} (${formatDate(d.possiblyRepairedSince)})`));
    }
    if (d.implausible && d.implausible.length) {
      const flag = el('span', 'flag warn', t('implausibleBadge'));
      flag.title = d.implausible.map((r) => r.detail).join('; ');
      chips.append(flag);
    }
    return chips;
  }

  summary(d) {
    const box = el('div', 'detail-summary');
    const facts = el('dl', 'facts');
    const fact = (label, value) => facts.append(el('dt', '', label), el('dd', '', value));
    fact(t('area'), d.areaM2 > 0 ? formatArea(d.areaM2) : t('areaUnknown'));
    if (d.lengthM > 0) fact(t('length'), formatMetres(d.lengthM));
    fact(t('detailPosition'), `${d.position.lat.toFixed(6)}° N, ${d.position.lon.toFixed(6)}° E`);
    fact(t('detailUncertainty'), `± ${formatMetres(d.uncertaintyM)}`);
    fact(t('detailFirstSeen'), formatDateTime(d.firstSeen));
    fact(t('detailLastSeen'), formatDateTime(d.lastSeen));
    fact(t('detailVersion'), String(d.version));
    box.append(facts);
    if (d.footprint) {
      const show = el('button', 'btn small', t('showOnMap'));
      show.type = 'button';
      show.id = 'detail-show-on-map';
      show.addEventListener('click', () => this.onShowOnMap?.(d));
      box.append(show);
    }
    return box;
  }

  picture(d) {
    const section = el('section', 'detail-section picture');
    section.setAttribute('aria-label', t('picture'));
    const observations = d.observations || [];
    const withImage = observations.filter((o) => o.image);
    let chosen = observations.find((o) => o.id === this.pictureObservationId);
    if (!chosen) {
      chosen = withImage[withImage.length - 1] || observations[observations.length - 1];
    }
    if (!chosen || !chosen.image) {
      section.append(paragraph('muted', t('pictureNone')));
      return section;
    }
    this.pictureObservationId = chosen.id;
    const useFrame = this.pictureView === 'frame' && chosen.frame;
    const frame = el('div', 'picture-frame');
    const img = document.createElement('img');
    img.id = 'detail-image';
    img.decoding = 'async';
    img.alt = t(useFrame ? 'frameAlt' : 'pictureAlt', { cls: className(chosen.class), date: formatDateTime(chosen.seenAt) });
    img.addEventListener('error', () => {
      frame.replaceChildren(paragraph('error', t('pictureFailed')));
    });
    loadImage(img, useFrame ? chosen.frame : chosen.image);
    frame.append(img);
    section.append(frame);
    const caption = el('p', 'caption', t('pictureOf', {
      date: formatDateTime(chosen.seenAt), confidence: formatNumber(chosen.confidence * 100, 0) + ' %',
    }));
    section.append(caption);
    if (chosen.frame) {
      const switcher = el('div', 'segmented');
      switcher.setAttribute('role', 'group');
      switcher.setAttribute('aria-label', t('picture'));
      for (const [view, key] of [['crop', 'pictureCrop'], ['frame', 'pictureFrame']]) {
        const button = el('button', 'segment', t(key));
        button.type = 'button';
        button.setAttribute('aria-pressed', String(this.pictureView === view));
        button.addEventListener('click', () => {
          this.pictureView = view;
          this.render();
        });
        switcher.append(button);
      }
      section.append(switcher);
    }
    return section;
  }

  actions(d) {
    const section = el('section', 'detail-section actions');
    section.id = 'detail-actions';
    section.append(el('h3', '', t('actions')));
    const conflict = el('div', 'conflict');
    conflict.id = 'detail-conflict';
    conflict.setAttribute('role', 'alert');
    conflict.hidden = true;
    const message = el('p', 'message');
    message.id = 'detail-message';
    message.setAttribute('role', 'status');
    const actions = ACTIONS[d.status] || [];
    if (actions.length === 0) {
      section.append(paragraph('muted', t('actionsNone')));
    } else {
      // the audit trail records the signed-in token's name: no name to type (issue #30)
      const help = el('p', 'help', t('actorHelp', { name: this.who?.name || '' }));
      help.id = 'actor-help';
      const comment = labelled('textarea', 'comment', t('comment'));
      comment.input.rows = 2;
      comment.input.maxLength = 2000;
      comment.input.value = this.draftComment;
      comment.input.addEventListener('input', () => {
        this.draftComment = comment.input.value;
      });
      const buttons = el('div', 'button-row');
      for (const [to, key] of actions) {
        const button = el('button', `btn ${to === 'rejected' ? 'danger' : 'primary'}`, t(key));
        button.type = 'button';
        button.dataset.to = to;
        button.addEventListener('click', () => this.change(to, comment.input, buttons, message, conflict));
        buttons.append(button);
      }
      section.append(help, comment.label, buttons);
    }
    if (this.notice) {
      message.textContent = this.notice;
    }
    section.append(message, conflict);
    return section;
  }

  async change(to, commentInput, buttons, message, conflict) {
    conflict.hidden = true;
    const body = { status: to };
    const comment = commentInput.value.trim();
    if (comment) {
      body.comment = comment;
    }
    buttons.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    message.textContent = t('loading');
    const id = this.damage.id;
    const answer = await request(`/v1/damages/${id}`, {
      method: 'PATCH', body, headers: { 'If-Match': this.etag },
    });
    buttons.querySelectorAll('button').forEach((b) => { b.disabled = false; });
    if (answer.ok) {
      this.draftComment = '';
      this.notice = t('changed', { status: statusName(answer.json.status) });
      await this.open(id, { keepNotice: true });
      this.onChanged?.(answer.json);
      return;
    }
    message.textContent = '';
    if (answer.status === 412) {
      this.showConflict(conflict, answer.problem);
    } else if (answer.status === 409 && answer.problem.from) {
      message.textContent = t('transitionRefused', {
        from: statusName(answer.problem.from),
        allowed: (answer.problem.allowed || []).map(statusName).join(', ') || '–',
      });
    } else if (answer.status === 403) {
      message.textContent = t('forbidden');
    } else {
      message.textContent = t('failed', { detail: describe(answer.problem) || t('problemNetwork') });
    }
  }

  showConflict(conflict, problem) {
    conflict.replaceChildren();
    conflict.append(el('strong', '', t('conflictTitle')));
    conflict.append(paragraph('', t('conflictText', { version: problem.currentVersion ?? '?' })));
    const reload = el('button', 'btn', t('conflictReload'));
    reload.type = 'button';
    reload.id = 'detail-reload';
    reload.addEventListener('click', () => this.open(this.damage.id));
    conflict.append(reload);
    conflict.hidden = false;
    reload.focus();
  }

  observations(d) {
    const section = el('section', 'detail-section observations');
    section.append(el('h3', '', t('observations')));
    const g = d.growth || {};
    const observations = d.observations || [];
    if (observations.length > 0 && observations.every((o) => !(o.areaM2 > 0))) {
      section.append(paragraph('muted', t('growthUnknown')));
    } else if (observations.length > 1) {
      const text = g.areaChangePerMonthM2 === null || g.areaChangePerMonthM2 === undefined
        ? t('growthTextNoRate', { first: formatArea(g.firstAreaM2), last: formatArea(g.lastAreaM2), change: signedArea(g.areaChangeM2) })
        : t('growthText', {
          first: formatArea(g.firstAreaM2), last: formatArea(g.lastAreaM2),
          change: signedArea(g.areaChangeM2), perMonth: signedArea(g.areaChangePerMonthM2),
        });
      section.append(paragraph('growth', `${t('growth')}: ${text}`));
      section.append(growthChart(observations));
    } else {
      section.append(paragraph('muted', t('growthOnce')));
    }
    const table = el('table', 'data-table');
    table.id = 'detail-observations';
    const head = el('tr');
    // the class column only when the sightings differ in class (a crack that became a pothole)
    const classes = new Set(observations.map((o) => o.class));
    const columns = ['obsDate', 'obsClass', 'obsConfidence', 'obsSize', 'obsUncertainty', 'obsProjection']
      .filter((key) => key !== 'obsClass' || classes.size > 1);
    for (const key of columns) {
      const th = el('th', '', t(`${key}Short`));
      th.scope = 'col';
      th.title = t(key);
      head.append(th);
    }
    table.append(el('thead'), el('tbody'));
    table.tHead.append(head);
    for (const o of observations) {
      const tr = el('tr');
      if (o.id === this.pictureObservationId) {
        tr.className = 'current';
      }
      const date = el('td', 'date');
      if (o.image) {
        const show = el('button', 'link-button', formatShortDateTime(o.seenAt));
        show.type = 'button';
        show.title = t('obsShow', { date: formatDateTime(o.seenAt) });
        show.setAttribute('aria-pressed', String(o.id === this.pictureObservationId));
        show.addEventListener('click', () => {
          this.pictureObservationId = o.id;
          this.render();
        });
        date.append(show);
      } else {
        date.textContent = formatShortDateTime(o.seenAt);
      }
      tr.append(date);
      if (classes.size > 1) {
        tr.append(el('td', '', className(o.class)));
      }
      tr.append(el('td', 'num', `${formatNumber(o.confidence * 100, 0)} %`),
        el('td', 'num wrap', [o.areaM2 > 0 ? formatArea(o.areaM2) : '', o.lengthM > 0 ? formatMetres(o.lengthM) : '']
          .filter(Boolean).join(' · ') || '–'),
        el('td', 'num', formatMetres(o.uncertaintyM)), el('td', '', has(`projection_${o.projection}`) ? t(`projection_${o.projection}`) : (o.projection || '–')));
      table.tBodies[0].append(tr);
    }
    const scroller = el('div', 'table-scroll');
    scroller.append(table);
    section.append(scroller);
    return section;
  }

  scoreParts(d) {
    const section = el('section', 'detail-section parts');
    section.append(el('h3', '', `${t('scoreParts')}: ${formatNumber(d.score, 0)} / 100`));
    const table = el('table', 'data-table');
    table.id = 'detail-parts';
    table.append(el('thead'), el('tbody'));
    const head = el('tr');
    for (const key of ['partName', 'partValue', 'partWeight', 'partPoints', 'partWhy']) {
      const th = el('th', '', t(key));
      th.scope = 'col';
      head.append(th);
    }
    table.tHead.append(head);
    for (const part of PARTS) {
      const p = d.parts?.[part.name];
      if (!p) continue;
      const tr = el('tr');
      const name = el('th', '');
      name.scope = 'row';
      name.append(el('span', `swatch part-${part.name}`), document.createTextNode(t(`part_${part.name}`)));
      tr.append(name, el('td', 'num', formatNumber(p.value, 2)), el('td', 'num', formatNumber(p.weight, 2)),
        el('td', 'num', formatNumber(p.points, 1)), el('td', 'why', p.why));
      table.tBodies[0].append(tr);
    }
    const scroller = el('div', 'table-scroll');
    scroller.append(table);
    section.append(scroller);
    section.append(paragraph('muted', t('gradeWhy', { grade: formatGrade(d.grade) })));
    return section;
  }

  audit() {
    const section = el('section', 'detail-section audit');
    section.append(el('h3', '', t('audit')));
    const list = el('ol', 'events');
    list.id = 'detail-events';
    for (const e of this.events) {
      const item = el('li', `event event-${e.kind}`);
      item.append(el('time', 'when', formatDateTime(e.at)));
      const what = el('span', 'what', t(`event_${e.kind}`));
      item.append(what);
      const detail = e.detail || {};
      const parts = [];
      if (e.kind === 'status') {
        parts.push(t('eventStatusText', { from: statusName(detail.from), to: statusName(detail.to) }));
      } else if (e.kind === 'merged' && detail.classFrom && detail.classTo) {
        parts.push(t('eventMergedClass', { from: className(detail.classFrom), to: className(detail.classTo) }));
      }
      if (e.actor) {
        parts.push(t('eventBy', { actor: e.actor }));
      }
      if (parts.length) {
        item.append(el('span', 'event-text', parts.join(' · ')));
      }
      if (detail.comment) {
        item.append(el('q', 'comment', detail.comment));
      }
      list.append(item);
    }
    section.append(list);
    return section;
  }
}

// ------------------------------------------------------------------ helpers

function growthChart(observations) {
  const ns = 'http://www.w3.org/2000/svg';
  const width = 320;
  const height = 90;
  const pad = { left: 44, right: 12, top: 10, bottom: 22 };
  const times = observations.map((o) => new Date(o.seenAt).getTime());
  const areas = observations.map((o) => o.areaM2 || 0);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const aMax = Math.max(...areas, 0.01);
  const x = (time) => pad.left + (t1 === t0 ? 0.5 : (time - t0) / (t1 - t0)) * (width - pad.left - pad.right);
  const y = (area) => height - pad.bottom - (area / aMax) * (height - pad.top - pad.bottom);
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'growth-chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${t('growthChart')}: ${observations.map((o) => `${formatDate(o.seenAt)} ${formatArea(o.areaM2)}`).join(', ')}`);
  const line = (x1, y1, x2, y2, cls) => {
    const l = document.createElementNS(ns, 'line');
    l.setAttribute('x1', x1); l.setAttribute('y1', y1); l.setAttribute('x2', x2); l.setAttribute('y2', y2);
    l.setAttribute('class', cls);
    svg.append(l);
  };
  const text = (tx, ty, value, anchor) => {
    const node = document.createElementNS(ns, 'text');
    node.setAttribute('x', tx); node.setAttribute('y', ty); node.setAttribute('text-anchor', anchor);
    node.textContent = value;
    svg.append(node);
  };
  line(pad.left, height - pad.bottom, width - pad.right, height - pad.bottom, 'axis');
  line(pad.left, pad.top, pad.left, height - pad.bottom, 'axis');
  text(pad.left - 4, pad.top + 8, formatArea(aMax), 'end');
  text(pad.left - 4, height - pad.bottom, '0', 'end');
  text(pad.left, height - 6, formatDate(new Date(t0).toISOString()), 'start');
  if (t1 !== t0) {
    text(width - pad.right, height - 6, formatDate(new Date(t1).toISOString()), 'end');
  }
  const path = document.createElementNS(ns, 'polyline');
  path.setAttribute('points', observations.map((o, i) => `${x(times[i])},${y(areas[i])}`).join(' '));
  path.setAttribute('class', 'series');
  svg.append(path);
  observations.forEach((o, i) => {
    const dot = document.createElementNS(ns, 'circle');
    dot.setAttribute('cx', x(times[i]));
    dot.setAttribute('cy', y(areas[i]));
    dot.setAttribute('r', 3.5);
    dot.setAttribute('class', 'dot');
    svg.append(dot);
  });
  return svg;
}

function signedArea(m2) {
  if (m2 === null || m2 === undefined) return '–';
  return `${m2 >= 0 ? '+' : '−'}${formatArea(Math.abs(m2))}`;
}

function el(tag, cssClass = '', text) {
  const node = document.createElement(tag);
  if (cssClass) node.className = cssClass;
  if (text !== undefined) node.textContent = text;
  return node;
}

function paragraph(cssClass, text) {
  return el('p', cssClass, text);
}

function labelled(tag, id, labelText) {
  const label = el('label', 'field');
  label.htmlFor = id;
  label.append(el('span', 'field-label', labelText));
  const input = document.createElement(tag);
  input.id = id;
  label.append(input);
  return { label, input };
}
