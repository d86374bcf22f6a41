// Upload: photos, ZIPs of photos, or a video with its DJI .SRT or GPX, dropped or chosen. The
// page creates a survey (POST /v1/surveys), sends the files to its media in a few multipart
// requests with upload progress (XMLHttpRequest: fetch reports none; see batches()), then follows
// the survey's events
// (GET /v1/surveys/{id}/events, SSE) and its counts until it is done; each damage found makes
// the map and the list reload, so new damages appear without reloading the page.

import { authHeaders, describe, request } from './api.js';
import { formatDateTime, t } from './i18n.js';
import { openEvents } from './sse.js';

const STATUS_POLL_MS = 3000;
/**
 * Photos per media request. The server answers a request only once every photo in it is
 * anonymised (issue #31: seconds per 12 MP photo): a few photos per request give the crew
 * progress photo by photo, and a failed request costs only its few photos.
 */
export const IMAGES_PER_REQUEST = 4;
const STREAM_GRACE_MS = 10_000;

/** The multipart part a file goes in, by its name (and type), or null when it cannot go. */
export function partOf(file) {
  const name = file.name.toLowerCase();
  if (/\.jpe?g$/.test(name)) return 'image';
  if (name.endsWith('.zip')) return 'zip';
  if (name.endsWith('.srt')) return 'telemetry';
  if (name.endsWith('.gpx')) return 'track';
  if (/\.(mp4|mov|m4v|mkv|avi)$/.test(name) || (file.type || '').startsWith('video/')) return 'video';
  return null;
}

function baseName(fileName) {
  return fileName.replace(/\.[^.]*$/, '').toLowerCase();
}

/** Files with their parts, videos with their telemetry or track, and what cannot go. */
export function plan(files) {
  const items = files.map((file) => ({ file, part: partOf(file), pair: null }));
  const warnings = [];
  const videos = items.filter((i) => i.part === 'video');
  const tracks = items.filter((i) => i.part === 'telemetry' || i.part === 'track');
  for (const video of videos) {
    const byName = tracks.find((x) => baseName(x.file.name) === baseName(video.file.name));
    video.pair = byName || (videos.length === 1 && tracks.length === 1 ? tracks[0] : null);
    if (!video.pair) {
      warnings.push(t('uploadVideoUnpaired', { file: video.file.name }));
    }
  }
  for (const item of items.filter((i) => i.part === null)) {
    warnings.push(t('uploadIgnored', { file: item.file.name }));
  }
  return { items: items.filter((i) => i.part !== null), warnings };
}

/**
 * The media requests for planned items, in order: each video with its telemetry or track (the
 * server pairs them within one request), each ZIP alone, photos {@link IMAGES_PER_REQUEST} at a
 * time, and telemetry or tracks no video took.
 */
export function batches(items, imagesPerRequest = IMAGES_PER_REQUEST) {
  const paired = new Set(items.filter((i) => i.pair).map((i) => i.pair));
  const out = [];
  let photos = [];
  for (const item of items) {
    if (item.part === 'image') {
      photos.push(item);
      if (photos.length === imagesPerRequest) {
        out.push(photos);
        photos = [];
      }
    } else if (item.part === 'video') {
      out.push(item.pair ? [item, item.pair] : [item]);
    } else if (!paired.has(item)) {
      out.push([item]);
    }
  }
  if (photos.length) {
    out.push(photos);
  }
  return out;
}

export class UploadPanel {
  constructor(root, { onDamages, onDone }) {
    this.root = root;
    this.onDamages = onDamages;
    this.onDone = onDone;
    this.files = [];
    this.q = (id) => root.querySelector(`#${id}`);
    this.form = this.q('upload-form');
    this.input = this.q('upload-files');
    this.zone = this.q('drop-zone');
    this.selection = this.q('upload-selection');
    this.warnings = this.q('upload-warnings');
    this.kind = this.q('upload-kind');
    this.mount = this.q('upload-mount');
    this.progress = this.q('upload-progress');
    this.input.addEventListener('change', () => this.choose([...this.input.files]));
    this.zone.addEventListener('dragover', (event) => {
      event.preventDefault();
      this.zone.classList.add('dragging');
    });
    this.zone.addEventListener('dragleave', () => this.zone.classList.remove('dragging'));
    this.zone.addEventListener('drop', (event) => {
      event.preventDefault();
      this.zone.classList.remove('dragging');
      this.choose([...event.dataTransfer.files]);
    });
    this.kind.addEventListener('change', () => {
      this.mount.hidden = this.kind.value !== 'vehicle';
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.start();
    });
    this.q('upload-again').addEventListener('click', () => this.reset());
    this.q('upload-close').addEventListener('click', () => this.hide());
    root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        this.hide();
      }
    });
  }

  show() {
    this.root.hidden = false;
    if (!this.q('upload-name').value) {
      this.q('upload-name').value = `${t('upload')} ${formatDateTime(new Date().toISOString())}`;
    }
    this.q('upload-title').focus();
  }

  hide() {
    this.root.hidden = true;
    document.getElementById('upload-open')?.focus();
  }

  relabel() {
    this.showSelection();
  }

  choose(files) {
    this.files = files;
    this.showSelection();
  }

  showSelection() {
    const { items, warnings } = plan(this.files);
    this.selection.replaceChildren(...items.map((item) => {
      const li = document.createElement('li');
      li.textContent = item.pair ? `${item.file.name} + ${item.pair.file.name}` : item.file.name;
      const size = document.createElement('span');
      size.className = 'muted';
      size.textContent = ` (${item.part}, ${Math.max(1, Math.round(item.file.size / 1024))} kB)`;
      li.append(size);
      return li;
    }).filter((li, i) => !items.some((other) => other.pair === items[i])));
    this.warnings.replaceChildren(...warnings.map((w) => {
      const li = document.createElement('li');
      li.textContent = w;
      return li;
    }));
    this.q('upload-count').textContent = items.length ? t('uploadFiles', { n: items.length }) : '';
  }

  reset() {
    this.stop();
    this.files = [];
    this.input.value = '';
    this.q('upload-name').value = '';
    this.showSelection();
    this.form.hidden = false;
    this.progress.hidden = true;
    this.show();
  }

  stop() {
    this.events?.close();
    this.events = null;
    clearInterval(this.poll);
    this.poll = null;
  }

  message(text) {
    this.q('upload-state').textContent = text;
  }

  async start() {
    const { items } = plan(this.files);
    if (items.length === 0) {
      this.q('upload-form-message').textContent = t('uploadNoFiles');
      this.input.focus();
      return;
    }
    this.q('upload-form-message').textContent = '';
    const body = { name: this.q('upload-name').value.trim() || t('upload'), kind: this.kind.value };
    if (this.kind.value === 'vehicle') {
      const heightM = Number(this.q('upload-mount-height').value);
      const pitchDeg = Number(this.q('upload-mount-pitch').value);
      if (heightM > 0) {
        body.profile = { mount: { heightM, pitchDeg } };
      }
    }
    this.form.hidden = true;
    this.progress.hidden = false;
    this.q('upload-refused').replaceChildren();
    this.q('upload-bytes').value = 0;
    this.q('upload-jobs').removeAttribute('value');
    this.message(t('loading'));
    const created = await request('/v1/surveys', { method: 'POST', body });
    if (!created.ok) {
      this.message(t('failed', { detail: describe(created.problem) || t('problemNetwork') }));
      this.q('upload-again').hidden = false;
      return;
    }
    const survey = created.json;
    this.survey = survey;
    this.reported = false;
    this.root.dataset.survey = String(survey.id);
    delete this.root.dataset.state;
    delete this.root.dataset.events;
    delete this.root.dataset.lastEvent;
    this.q('upload-survey').textContent = `${t('uploadSurvey', { id: survey.id })}: ${survey.name}`;
    this.q('upload-again').hidden = true;
    const requests = batches(items);
    const total = items.reduce((sum, item) => sum + item.file.size, 0) || 1;
    const refused = [];
    let sent = 0;
    for (const batch of requests) {
      const form = new FormData();
      for (const item of batch) {
        form.append(item.part, item.file, item.file.name);
      }
      const size = batch.reduce((sum, item) => sum + item.file.size, 0);
      const answer = await this.send(survey.media, form, (loaded) => (sent + loaded) / total);
      refused.push(...(answer.json?.refused || []));
      this.showRefused(refused);
      if (answer.status < 200 || answer.status >= 300) {
        // what was answered before stays in the survey; sending the same files again is safe
        this.message(t('failed', { detail: describe(answer.json) || `HTTP ${answer.status}` }));
        this.q('upload-again').hidden = false;
        return;
      }
      sent += size;
    }
    this.q('upload-bytes').value = 100;
    this.message(t('uploadSent'));
    this.follow(survey);
  }

  /**
   * POSTs the form with upload progress ({@code share(bytesOfThisRequest)}: the whole upload's
   * share sent); resolves {status, json}.
   */
  send(url, form, share) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      for (const [name, value] of Object.entries(authHeaders({ Accept: 'application/json' }))) {
        xhr.setRequestHeader(name, value);
      }
      const bar = this.q('upload-bytes');
      xhr.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) {
          const percent = Math.min(100, Math.round(100 * share(event.loaded)));
          bar.value = percent;
          this.message(t('uploadSending', { percent }));
        }
      });
      xhr.addEventListener('load', () => {
        let json = null;
        try {
          json = JSON.parse(xhr.responseText);
        } catch (err) {
          json = null;
        }
        resolve({ status: xhr.status, json });
      });
      xhr.addEventListener('error', () => resolve({ status: 0, json: { detail: t('problemNetwork') } }));
      xhr.send(form);
    });
  }

  showRefused(refused) {
    this.q('upload-refused').replaceChildren(...refused.map((r) => {
      const li = document.createElement('li');
      li.textContent = t('uploadRefused', { file: r.fileName || r.part || '?', detail: describe(r.problem || r) });
      return li;
    }));
  }

  follow(survey) {
    this.stop();
    let received = 0;
    this.events = openEvents(survey.events, {
      onEvent: (kind) => {
        received += 1;
        this.root.dataset.events = String(received);
        this.root.dataset.lastEvent = kind;
        if (kind === 'damage-found') {
          this.onDamages?.();
        }
        this.refreshStatus();
        if (kind === 'survey-done') {
          this.stop();
        }
      },
    });
    this.poll = setInterval(() => this.refreshStatus(), STATUS_POLL_MS);
    this.refreshStatus();
  }

  async refreshStatus() {
    if (!this.survey) {
      return;
    }
    if (this.statusPending) {
      this.statusAgain = true; // one more read when this one is back
      return;
    }
    this.statusPending = true;
    this.statusAgain = false;
    const survey = this.survey;
    const answer = await request(survey.url);
    this.statusPending = false;
    if (this.statusAgain) {
      this.refreshStatus();
    }
    if (!answer.ok || this.survey !== survey) {
      return;
    }
    const s = answer.json;
    const jobs = this.q('upload-jobs');
    if (s.accepted > 0) {
      jobs.max = s.accepted;
      jobs.value = s.processed + s.failed;
    }
    this.root.dataset.state = s.state;
    const counts = { processed: s.processed, accepted: s.accepted, failed: s.failed };
    const seen = t('damagesFound', { n: s.damages });
    if (s.state === 'done') {
      this.message(`${t('uploadDone', counts)} ${seen}`);
      this.q('upload-again').hidden = false;
      clearInterval(this.poll);
      // the stream ends itself with survey-done; this only closes one that never sends it
      const events = this.events;
      setTimeout(() => events?.close(), STREAM_GRACE_MS);
      if (!this.reported) {
        this.reported = true;
        this.onDone?.(s);
      }
    } else if (s.accepted > 0) {
      this.message(`${t('uploadProgress', counts)} ${seen}`);
    }
  }
}
