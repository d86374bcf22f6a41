// What the page asks the repair list for: the filters, the sort and (when the list follows the
// map) the view's bbox. One place builds the query string, so the list, the map and the
// downloads always ask for the same thing.

export const OPEN_STATUSES = ['new', 'confirmed', 'scheduled'];
export const ALL_STATUSES = ['new', 'confirmed', 'scheduled', 'repaired', 'verified', 'rejected'];
export const CLASSES = ['D40', 'D20', 'D10', 'D00'];

export function defaultFilters() {
  return {
    statuses: [...OPEN_STATUSES],
    classes: [...CLASSES],
    minGrade: '',
    from: '',
    to: '',
    survey: '',
    plausibility: 'plausible',
  };
}

/** How many filters differ from the defaults (for the filter summary). */
export function activeCount(filters) {
  const d = defaultFilters();
  let n = 0;
  if (!sameSet(filters.statuses, d.statuses)) n += 1;
  if (!sameSet(filters.classes, d.classes)) n += 1;
  if (filters.minGrade) n += 1;
  if (filters.from || filters.to) n += 1;
  if (filters.survey) n += 1;
  if (filters.plausibility !== d.plausibility) n += 1;
  return n;
}

/**
 * The query string (without "?") for the repair list routes. Parameters at their server default
 * are left out; datetime and survey are sent only when set.
 *
 * @param bbox [minLon, minLat, maxLon, maxLat] or null
 */
export function queryString(filters, { sort = 'priority', bbox = null, limit = null } = {}) {
  const parts = [];
  const add = (name, value) => parts.push(`${name}=${encodeURIComponent(value).replace(/%2C/g, ',')}`);
  if (!sameSet(filters.statuses, OPEN_STATUSES)) {
    add('status', sameSet(filters.statuses, ALL_STATUSES) ? 'all'
      : (filters.statuses.length ? filters.statuses.join(',') : 'none'));
  }
  if (!sameSet(filters.classes, CLASSES)) {
    add('class', filters.classes.length ? filters.classes.join(',') : 'none');
  }
  if (filters.minGrade) {
    add('minGrade', filters.minGrade);
  }
  if (filters.from || filters.to) {
    add('datetime', `${dayStart(filters.from)}/${dayEnd(filters.to)}`);
  }
  if (filters.survey) {
    add('survey', filters.survey);
  }
  if (filters.plausibility !== 'plausible') {
    add('plausibility', filters.plausibility);
  }
  if (bbox) {
    add('bbox', bbox.map((v) => v.toFixed(6)).join(','));
  }
  if (sort !== 'priority') {
    add('sort', sort);
  }
  if (limit) {
    add('limit', limit);
  }
  return parts.join('&');
}

/** Whether a filter leaves nothing to ask for (no status or no class ticked). */
export function matchesNothing(filters) {
  return filters.statuses.length === 0 || filters.classes.length === 0;
}

function dayStart(date) {
  return date ? new Date(`${date}T00:00:00`).toISOString() : '..';
}

function dayEnd(date) {
  return date ? new Date(new Date(`${date}T00:00:00`).getTime() + 86_400_000 - 1000).toISOString() : '..';
}

function sameSet(a, b) {
  return a.length === b.length && a.every((x) => b.includes(x));
}
