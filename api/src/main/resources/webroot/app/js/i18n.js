// Labels in German and English. The language comes from a stored choice, else the browser's;
// every element with data-i18n (text) or data-i18n-attr ("attr:key;attr:key") is relabelled on
// a switch, and the page's own renderers read t() as they draw.

const LANGUAGE_KEY = 'roadscan.lang';

const LABELS = {
  en: {
    appTitle: 'RoadScan – road damage',
    appSubtitle: 'Road damage register',
    skipToList: 'Skip to the repair list',
    upload: 'Upload',
    apiLink: 'API',
    apiLinkTitle: 'The API description',
    otherLanguage: 'Deutsch',
    otherLanguageLabel: 'Auf Deutsch umschalten',
    signIn: 'Sign in',
    signOut: 'Sign out',
    signedInAs: '{name} ({role})',
    signInTitle: 'Sign in',
    signInHelp: 'This service asks for an access token. Paste the token your administrator gave you; it is kept only in this browser tab.',
    token: 'Access token',
    cancel: 'Cancel',
    close: 'Close',
    mapRegion: 'Map of the damages',
    mapHeading: 'Map',
    backgroundOsm: 'Background: OpenStreetMap',
    backgroundPlain: 'Background: plain',
    backgroundPlainOffline: 'Background: plain (map tiles unreachable)',
    backgroundSwitchToPlain: 'Use the plain background',
    backgroundSwitchToOsm: 'Try the OpenStreetMap background',
    legend: 'Condition grade',
    fitAll: 'Show all damages',
    legendWarning: 'warning value 3.5',
    legendThreshold: 'threshold value 4.5',
    clusterTitle: '{n} damages, worst grade {grade}: zoom in',
    markerTitle: '{cls} #{id}, grade {grade}, score {score}',
    filters: 'Filters',
    filterStatus: 'Status',
    filterClass: 'Damage class',
    filterGrade: 'Grade at least',
    filterGradeAny: 'any',
    filterGradeMid: '2.5',
    filterGradeWarning: '3.5 (warning value)',
    filterGradeThreshold: '4.5 (threshold value)',
    filterFrom: 'Last seen from',
    filterTo: 'Last seen until',
    filterSurvey: 'Survey',
    filterSurveyAny: 'all surveys',
    filterPlausibility: 'Plausibility',
    plausible: 'plausible (repair list)',
    implausible: 'implausible (to review)',
    plausibilityAll: 'all',
    filterReset: 'Reset filters',
    activeFilters: { one: '{n} active', other: '{n} active' },
    listHeading: 'Repair list',
    followMap: 'Only what the map shows',
    sortBy: 'Sort by',
    sortPriority: 'Priority',
    sortGrade: 'Grade',
    sortLastSeen: 'Last seen',
    download: 'Download',
    downloadCsvTitle: 'The list as shown, as CSV (spreadsheets, work orders)',
    downloadGeoJsonTitle: 'The list as shown, as GeoJSON (QGIS)',
    listCount: { one: '{n} damage shown', other: '{n} damages shown' },
    listCountMore: { one: '{n} damage shown, more below', other: '{n} damages shown, more below' },
    listEmpty: 'No damage matches these filters here.',
    more: 'Show more',
    loading: 'Loading…',
    score: 'Score',
    grade: 'Grade',
    area: 'Area',
    length: 'Length',
    sightings: { one: '{n} sighting', other: '{n} sightings' },
    lastSeenOn: 'last seen {date}',
    possiblyRepaired: 'possibly repaired',
    implausibleBadge: 'implausible',
    partsLabel: 'Score parts',
    part_severity: 'Severity',
    part_size: 'Size',
    part_growth: 'Growth',
    part_road: 'Road',
    part_sensitive: 'Sensitive place',
    part_age: 'Age',
    class_D00: 'Longitudinal crack',
    class_D10: 'Transverse crack',
    class_D20: 'Alligator crack',
    class_D40: 'Pothole',
    status_new: 'new',
    status_confirmed: 'confirmed',
    status_scheduled: 'scheduled',
    status_repaired: 'repaired',
    status_verified: 'verified',
    status_rejected: 'rejected',
    detailTitle: '{cls} #{id}',
    detailClose: 'Close the damage (Esc)',
    detailPosition: 'Position',
    detailFirstSeen: 'First seen',
    detailLastSeen: 'Last seen',
    detailUncertainty: 'Position uncertainty',
    detailVersion: 'Version',
    showOnMap: 'Show its footprint on the map',
    picture: 'Picture',
    pictureAlt: '{cls} seen {date}: excerpt of the photo, the detected box drawn in',
    frameAlt: '{cls} seen {date}: the whole photo, the detected box drawn in',
    pictureCrop: 'Excerpt',
    pictureFrame: 'Whole photo',
    pictureNone: 'The service serves no picture of this sighting.',
    pictureFailed: 'The picture could not be loaded.',
    pictureOf: 'Sighting of {date}, confidence {confidence}',
    actions: 'Work on this damage',
    actorHelp: 'Recorded in the audit trail under {name}.',
    comment: 'Comment (optional)',
    action_confirmed_from_new: 'Confirm',
    action_rejected: 'Reject (no damage)',
    action_scheduled: 'Schedule repair',
    action_repaired: 'Mark repaired',
    action_confirmed_from_scheduled: 'Take off the schedule',
    action_verified: 'Verify repair',
    action_scheduled_from_repaired: 'Repair failed: schedule again',
    action_new: 'Undo rejection',
    actionsNone: 'Verified: nothing more to do.',
    changed: 'Saved: {status}.',
    conflictTitle: 'Changed meanwhile',
    conflictText: 'Someone changed this damage after you opened it (now version {version}). Your change was not saved. Reload to see what changed, then decide again.',
    conflictReload: 'Reload the damage',
    transitionRefused: 'Not possible from “{from}”; allowed: {allowed}.',
    forbidden: 'Your sign-in does not allow this.',
    failed: 'Failed: {detail}',
    observations: 'Sightings over time',
    obsDate: 'Seen',
    obsClass: 'Class',
    obsConfidence: 'Confidence',
    obsUncertainty: 'Uncertainty',
    obsProjection: 'Placed by',
    obsDateShort: 'Seen',
    obsClassShort: 'Class',
    obsConfidenceShort: 'Conf.',
    obsSize: 'Area and length',
    projection_NADIR: 'drone, straight down',
    projection_OBLIQUE: 'drone, oblique',
    projection_VEHICLE: 'vehicle camera',
    projection_CAMERA_POSITION: 'camera position',
    obsSizeShort: 'Size',
    obsUncertaintyShort: '±',
    obsProjectionShort: 'Placed',
    obsShow: 'Show picture of {date}',
    growth: 'Growth',
    growthText: '{first} → {last} ({change}, {perMonth} a month)',
    growthTextNoRate: '{first} → {last} ({change})',
    growthOnce: 'Seen once: no growth measured yet.',
    growthUnknown: 'No area known: the photos carry no camera pose, so the damage is placed at the camera position.',
    areaUnknown: 'not known (placed at the camera position)',
    growthChart: 'Area of each sighting over time',
    scoreParts: 'Why this score',
    partName: 'Part',
    partValue: 'Value',
    partWeight: 'Weight',
    partPoints: 'Points',
    partWhy: 'Because',
    gradeWhy: 'Condition grade {grade} (1 very good … 5 very poor; warning 3.5, threshold 4.5)',
    audit: 'Audit trail',
    event_created: 'Registered',
    event_merged: 'Seen again',
    event_status: 'Status changed',
    event_flagged: 'Flagged possibly repaired',
    event_unflagged: 'Flag cleared',
    eventStatusText: '{from} → {to}',
    eventMergedClass: 'class {from} → {to}',
    eventBy: 'by {actor}',
    uploadTitle: 'Upload photos or a video',
    uploadHelp: 'Drop photos (JPEG), a ZIP of photos, or a video with its .SRT or .GPX here.',
    uploadChoose: 'Choose files',
    uploadDrop: 'Drop files here',
    uploadName: 'Survey name',
    uploadKind: 'Taken from',
    kindDrone: 'drone',
    kindVehicle: 'vehicle',
    uploadMountHeight: 'Camera height above road (m)',
    uploadMountPitch: 'Camera pitch (°, down is negative)',
    uploadStart: 'Upload',
    uploadAnalysis: 'Analysis',
    uploadNoFiles: 'Choose at least one file.',
    uploadVideoUnpaired: '{file} needs its .SRT or .GPX (same name).',
    uploadIgnored: '{file} is not a photo, ZIP, video, SRT or GPX and is left out.',
    uploadSending: 'Sending {percent} %',
    uploadSent: 'Sent. Analysing…',
    uploadProgress: '{processed} of {accepted} analysed, {failed} failed.',
    uploadDone: 'Done: {processed} analysed, {failed} failed.',
    damagesFound: { one: '{n} damage seen.', other: '{n} damages seen.' },
    uploadRefused: '{file}: {detail}',
    uploadNew: 'New upload',
    uploadSurvey: 'Survey #{id}',
    uploadFiles: { one: '{n} file', other: '{n} files' },
    uploadLive: 'New damages appear on the map and in the list as they are found.',
    problemNetwork: 'The service cannot be reached.',
  },
  de: {
    appTitle: 'RoadScan – Straßenschäden',
    appSubtitle: 'Schadenskataster',
    skipToList: 'Zur Reparaturliste springen',
    upload: 'Hochladen',
    apiLink: 'API',
    apiLinkTitle: 'Die Beschreibung der Programmierschnittstelle',
    otherLanguage: 'English',
    otherLanguageLabel: 'Switch to English',
    signIn: 'Anmelden',
    signOut: 'Abmelden',
    signedInAs: '{name} ({role})',
    signInTitle: 'Anmelden',
    signInHelp: 'Dieser Dienst verlangt ein Zugangs-Token. Fügen Sie das Token ein, das Sie erhalten haben; es bleibt nur in diesem Browser-Tab.',
    token: 'Zugangs-Token',
    cancel: 'Abbrechen',
    close: 'Schließen',
    mapRegion: 'Karte der Schäden',
    mapHeading: 'Karte',
    backgroundOsm: 'Hintergrund: OpenStreetMap',
    backgroundPlain: 'Hintergrund: schlicht',
    backgroundPlainOffline: 'Hintergrund: schlicht (Kartenkacheln nicht erreichbar)',
    backgroundSwitchToPlain: 'Schlichten Hintergrund verwenden',
    backgroundSwitchToOsm: 'OpenStreetMap-Hintergrund versuchen',
    legend: 'Zustandsnote',
    fitAll: 'Alle Schäden zeigen',
    legendWarning: 'Warnwert 3,5',
    legendThreshold: 'Schwellenwert 4,5',
    clusterTitle: '{n} Schäden, schlechteste Note {grade}: hineinzoomen',
    markerTitle: '{cls} Nr. {id}, Note {grade}, Punktzahl {score}',
    filters: 'Filter',
    filterStatus: 'Status',
    filterClass: 'Schadensart',
    filterGrade: 'Note mindestens',
    filterGradeAny: 'alle',
    filterGradeMid: '2,5',
    filterGradeWarning: '3,5 (Warnwert)',
    filterGradeThreshold: '4,5 (Schwellenwert)',
    filterFrom: 'Zuletzt gesehen ab',
    filterTo: 'Zuletzt gesehen bis',
    filterSurvey: 'Befahrung/Befliegung',
    filterSurveyAny: 'alle',
    filterPlausibility: 'Plausibilität',
    plausible: 'plausibel (Reparaturliste)',
    implausible: 'unplausibel (zur Prüfung)',
    plausibilityAll: 'alle',
    filterReset: 'Filter zurücksetzen',
    activeFilters: { one: '{n} aktiv', other: '{n} aktiv' },
    listHeading: 'Reparaturliste',
    followMap: 'Nur was die Karte zeigt',
    sortBy: 'Sortieren nach',
    sortPriority: 'Priorität',
    sortGrade: 'Note',
    sortLastSeen: 'Zuletzt gesehen',
    download: 'Herunterladen',
    downloadCsvTitle: 'Die Liste wie gezeigt als CSV (Tabellen, Arbeitsaufträge)',
    downloadGeoJsonTitle: 'Die Liste wie gezeigt als GeoJSON (QGIS)',
    listCount: { one: '{n} Schaden angezeigt', other: '{n} Schäden angezeigt' },
    listCountMore: { one: '{n} Schaden angezeigt, weitere folgen', other: '{n} Schäden angezeigt, weitere folgen' },
    listEmpty: 'Hier passt kein Schaden zu diesen Filtern.',
    more: 'Weitere anzeigen',
    loading: 'Wird geladen …',
    score: 'Punktzahl',
    grade: 'Note',
    area: 'Fläche',
    length: 'Länge',
    sightings: { one: '{n} Sichtung', other: '{n} Sichtungen' },
    lastSeenOn: 'zuletzt gesehen {date}',
    possiblyRepaired: 'vielleicht repariert',
    implausibleBadge: 'unplausibel',
    partsLabel: 'Bestandteile der Punktzahl',
    part_severity: 'Schwere',
    part_size: 'Größe',
    part_growth: 'Wachstum',
    part_road: 'Straße',
    part_sensitive: 'Sensibler Ort',
    part_age: 'Alter',
    class_D00: 'Längsriss',
    class_D10: 'Querriss',
    class_D20: 'Netzriss',
    class_D40: 'Schlagloch',
    status_new: 'neu',
    status_confirmed: 'bestätigt',
    status_scheduled: 'eingeplant',
    status_repaired: 'repariert',
    status_verified: 'abgenommen',
    status_rejected: 'verworfen',
    detailTitle: '{cls} Nr. {id}',
    detailClose: 'Schaden schließen (Esc)',
    detailPosition: 'Lage',
    detailFirstSeen: 'Zuerst gesehen',
    detailLastSeen: 'Zuletzt gesehen',
    detailUncertainty: 'Lageunsicherheit',
    detailVersion: 'Version',
    showOnMap: 'Schadensfläche auf der Karte zeigen',
    picture: 'Bild',
    pictureAlt: '{cls}, gesehen {date}: Ausschnitt des Fotos mit eingezeichnetem Fundrahmen',
    frameAlt: '{cls}, gesehen {date}: das ganze Foto mit eingezeichnetem Fundrahmen',
    pictureCrop: 'Ausschnitt',
    pictureFrame: 'Ganzes Foto',
    pictureNone: 'Der Dienst liefert zu dieser Sichtung kein Bild.',
    pictureFailed: 'Das Bild konnte nicht geladen werden.',
    pictureOf: 'Sichtung vom {date}, Konfidenz {confidence}',
    actions: 'Bearbeiten',
    actorHelp: 'Wird unter {name} im Verlauf vermerkt.',
    comment: 'Kommentar (freiwillig)',
    action_confirmed_from_new: 'Bestätigen',
    action_rejected: 'Verwerfen (kein Schaden)',
    action_scheduled: 'Reparatur einplanen',
    action_repaired: 'Als repariert melden',
    action_confirmed_from_scheduled: 'Aus der Planung nehmen',
    action_verified: 'Reparatur abnehmen',
    action_scheduled_from_repaired: 'Reparatur mangelhaft: neu einplanen',
    action_new: 'Verwerfen rückgängig machen',
    actionsNone: 'Abgenommen: nichts mehr zu tun.',
    changed: 'Gespeichert: {status}.',
    conflictTitle: 'Inzwischen geändert',
    conflictText: 'Jemand hat diesen Schaden geändert, nachdem Sie ihn geöffnet haben (jetzt Version {version}). Ihre Änderung wurde nicht gespeichert. Laden Sie neu, sehen Sie nach, was sich geändert hat, und entscheiden Sie dann erneut.',
    conflictReload: 'Schaden neu laden',
    transitionRefused: 'Von „{from}“ aus nicht möglich; erlaubt: {allowed}.',
    forbidden: 'Ihre Anmeldung erlaubt das nicht.',
    failed: 'Fehlgeschlagen: {detail}',
    observations: 'Sichtungen im Zeitverlauf',
    obsDate: 'Gesehen',
    obsClass: 'Art',
    obsConfidence: 'Konfidenz',
    obsUncertainty: 'Unsicherheit',
    obsProjection: 'Verortet durch',
    obsDateShort: 'Gesehen',
    obsClassShort: 'Art',
    obsConfidenceShort: 'Konf.',
    obsSize: 'Fläche und Länge',
    projection_NADIR: 'Drohne, senkrecht',
    projection_OBLIQUE: 'Drohne, schräg',
    projection_VEHICLE: 'Fahrzeugkamera',
    projection_CAMERA_POSITION: 'Kameraposition',
    obsSizeShort: 'Größe',
    obsUncertaintyShort: '±',
    obsProjectionShort: 'Verortung',
    obsShow: 'Bild vom {date} zeigen',
    growth: 'Wachstum',
    growthText: '{first} → {last} ({change}, {perMonth} pro Monat)',
    growthTextNoRate: '{first} → {last} ({change})',
    growthOnce: 'Einmal gesehen: noch kein Wachstum messbar.',
    growthUnknown: 'Keine Fläche bekannt: die Fotos tragen keine Kamerapose, der Schaden liegt an der Kameraposition.',
    areaUnknown: 'unbekannt (an der Kameraposition verortet)',
    growthChart: 'Fläche jeder Sichtung im Zeitverlauf',
    scoreParts: 'Warum diese Punktzahl',
    partName: 'Bestandteil',
    partValue: 'Wert',
    partWeight: 'Gewicht',
    partPoints: 'Punkte',
    partWhy: 'Weil',
    gradeWhy: 'Zustandsnote {grade} (1 sehr gut … 5 sehr schlecht; Warnwert 3,5, Schwellenwert 4,5)',
    audit: 'Verlauf',
    event_created: 'Erfasst',
    event_merged: 'Erneut gesehen',
    event_status: 'Status geändert',
    event_flagged: 'Als vielleicht repariert markiert',
    event_unflagged: 'Markierung aufgehoben',
    eventStatusText: '{from} → {to}',
    eventMergedClass: 'Art {from} → {to}',
    eventBy: 'von {actor}',
    uploadTitle: 'Fotos oder ein Video hochladen',
    uploadHelp: 'Fotos (JPEG), ein ZIP mit Fotos oder ein Video mit seiner .SRT- oder .GPX-Datei hier ablegen.',
    uploadChoose: 'Dateien wählen',
    uploadDrop: 'Dateien hier ablegen',
    uploadName: 'Name der Befahrung',
    uploadKind: 'Aufgenommen von',
    kindDrone: 'Drohne',
    kindVehicle: 'Fahrzeug',
    uploadMountHeight: 'Kamerahöhe über der Straße (m)',
    uploadMountPitch: 'Kameraneigung (°, nach unten negativ)',
    uploadStart: 'Hochladen',
    uploadAnalysis: 'Auswertung',
    uploadNoFiles: 'Bitte mindestens eine Datei wählen.',
    uploadVideoUnpaired: '{file} braucht seine .SRT- oder .GPX-Datei (gleicher Name).',
    uploadIgnored: '{file} ist weder Foto, ZIP, Video, SRT noch GPX und wird weggelassen.',
    uploadSending: 'Wird gesendet: {percent} %',
    uploadSent: 'Gesendet. Wird ausgewertet …',
    uploadProgress: '{processed} von {accepted} ausgewertet, {failed} fehlgeschlagen.',
    uploadDone: 'Fertig: {processed} ausgewertet, {failed} fehlgeschlagen.',
    damagesFound: { one: '{n} Schaden gesehen.', other: '{n} Schäden gesehen.' },
    uploadRefused: '{file}: {detail}',
    uploadNew: 'Neuer Upload',
    uploadSurvey: 'Befahrung Nr. {id}',
    uploadFiles: { one: '{n} Datei', other: '{n} Dateien' },
    uploadLive: 'Neue Schäden erscheinen auf der Karte und in der Liste, sobald sie gefunden sind.',
    problemNetwork: 'Der Dienst ist nicht erreichbar.',
  },
};

let language = initialLanguage();
const listeners = [];

function initialLanguage() {
  const stored = localStorage.getItem(LANGUAGE_KEY);
  if (stored && LABELS[stored]) {
    return stored;
  }
  const preferred = (navigator.languages || [navigator.language || 'en']);
  for (const tag of preferred) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (LABELS[base]) {
      return base;
    }
  }
  return 'en';
}

/** The current language code: "de" or "en". */
export function lang() {
  return language;
}

/** The label of key in the current language, {name} placeholders filled from params. */
export function t(key, params = {}) {
  let value = LABELS[language][key] ?? LABELS.en[key] ?? key;
  if (typeof value === 'object') {
    const rule = new Intl.PluralRules(language).select(Number(params.n ?? 0));
    value = value[rule] ?? value.other;
  }
  return value.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** Whether a label exists (used for optional labels such as action names). */
export function has(key) {
  return key in LABELS.en;
}

/** Relabels the static page and tells the renderers. */
export function setLanguage(next) {
  if (!LABELS[next]) {
    return;
  }
  language = next;
  localStorage.setItem(LANGUAGE_KEY, next);
  applyLabels(document);
  listeners.forEach((listener) => listener(next));
}

export function onLanguageChange(listener) {
  listeners.push(listener);
}

/** Fills data-i18n texts and data-i18n-attr attributes below root. */
export function applyLabels(root) {
  document.documentElement.lang = language;
  document.title = t('appTitle');
  root.querySelectorAll('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n);
  });
  root.querySelectorAll('[data-i18n-attr]').forEach((el) => {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      el.setAttribute(attr.trim(), t(key.trim()));
    }
  });
}

// ------------------------------------------------------------------ formatting

export function formatNumber(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '–';
  }
  return new Intl.NumberFormat(language, { maximumFractionDigits: digits, minimumFractionDigits: 0 })
    .format(value);
}

/** A grade with its one decimal, e.g. "4,5" in German. */
export function formatGrade(value) {
  return new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
    .format(value);
}

export function formatDate(iso) {
  return iso ? new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(new Date(iso)) : '–';
}

export function formatDateTime(iso) {
  return iso ? new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' })
    .format(new Date(iso)) : '–';
}

/** Date and time in the short form for tables, e.g. "15.10.26, 11:20". */
export function formatShortDateTime(iso) {
  return iso ? new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' })
    .format(new Date(iso)) : '–';
}

export function formatArea(m2) {
  return `${formatNumber(m2, m2 < 1 ? 2 : 1)}\u00a0m²`; // no break between number and unit
}

export function formatMetres(m) {
  return `${formatNumber(m, m < 10 ? 1 : 0)}\u00a0m`;
}

export function className(code) {
  const key = `class_${code}`;
  return has(key) ? t(key) : code;
}

export function statusName(status) {
  const key = `status_${status}`;
  return has(key) ? t(key) : status;
}
