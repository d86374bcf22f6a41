// The map: damages from the filtered register, grid-clustered when zoomed out (one marker per
// screen cell of CLUSTER_CELL_PX), footprints coloured by grade when zoomed in, a legend, and a
// background that works without the internet: OpenStreetMap tiles when they load, else a plain
// light background with a graticule underneath (always there, so the map stays readable while
// tiles load or when they fail).
//
// Markers are Leaflet markers with keyboard: true (tabbable, Enter opens); the repair list is the
// other keyboard path to every damage.

import { request } from './api.js';
import { GRADE_BANDS, gradeBand, gradeColour } from './grades.js';
import { className, formatGrade, formatNumber, onLanguageChange, t } from './i18n.js';

/* global L */

const OSM_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';
const BACKGROUND_KEY = 'roadscan.background';
const CLUSTER_CELL_PX = 56;
/** From this zoom on, damages are drawn with their footprints and never clustered. */
const FOOTPRINT_ZOOM = 17;
/** At most this many footprints are fetched for one view (each a damage page). */
const FOOTPRINT_FETCH_LIMIT = 80;
const TILE_WAIT_MS = 8000;
/** Deep enough to see a pothole's footprint (about 1 cm a pixel); OSM tiles are enlarged past 19. */
const MAX_ZOOM = 23;
const GERMANY = { center: [51.16, 10.45], zoom: 6 };

/** Graticule steps, degrees, coarse to fine. */
const GRATICULE_STEPS = [10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001,
  0.0005, 0.0002, 0.0001, 0.00005];

/** The graticule's step for a zoom: lines about 90 px or more apart. */
function graticuleStep(zoom, tileSizePx = 256) {
  const pxPerDeg = (tileSizePx * 2 ** zoom) / 360;
  let step = GRATICULE_STEPS[0];
  for (const s of GRATICULE_STEPS) {
    if (s * pxPerDeg >= 90) {
      step = s;
    }
  }
  return step;
}

const PlainBackground = L.GridLayer.extend({
  createTile(coords) {
    const size = this.getTileSize();
    const tile = document.createElement('canvas');
    tile.width = size.x;
    tile.height = size.y;
    const ctx = tile.getContext('2d');
    ctx.fillStyle = '#f3f1ea';
    ctx.fillRect(0, 0, size.x, size.y);
    const map = this._map;
    const origin = coords.scaleBy(size);
    const nw = map.unproject(origin, coords.z);
    const se = map.unproject(origin.add(size), coords.z);
    const step = graticuleStep(coords.z, size.x);
    ctx.strokeStyle = '#d6d1c4';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let lon = Math.ceil(nw.lng / step) * step; lon <= se.lng; lon += step) {
      const x = Math.round(map.project([nw.lat, lon], coords.z).x - origin.x) + 0.5;
      ctx.moveTo(x, 0);
      ctx.lineTo(x, size.y);
    }
    for (let lat = Math.ceil(se.lat / step) * step; lat <= nw.lat; lat += step) {
      const y = Math.round(map.project([lat, nw.lng], coords.z).y - origin.y) + 0.5;
      ctx.moveTo(0, y);
      ctx.lineTo(size.x, y);
    }
    ctx.stroke();
    return tile;
  },
});

export class DamageMap {
  /**
   * @param element the map's container
   * @param onOpen called with a damage id when a marker is chosen
   * @param onView called after the view settled (pan or zoom)
   */
  constructor(element, { onOpen, onView }) {
    this.element = element;
    this.onOpen = onOpen;
    this.onView = onView;
    this.features = [];
    this.footprints = new Map();
    this.footprintRequests = new Set();
    this.highlightRing = null;
    this.selection = null;
    this.fitted = false;
    this.map = L.map(element, { zoomControl: false, maxZoom: MAX_ZOOM, keyboard: true, worldCopyJump: false });
    this.map.setView(GERMANY.center, GERMANY.zoom);
    L.control.zoom({ position: 'topright' }).addTo(this.map);
    this.addFitAll();
    this.labels = L.DomUtil.create('div', 'graticule-labels', element);
    this.labels.setAttribute('aria-hidden', 'true');
    this.map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(this.map);
    this.damages = L.layerGroup().addTo(this.map);
    this.overlay = L.layerGroup().addTo(this.map);
    this.plain = new PlainBackground({ maxZoom: MAX_ZOOM, zIndex: 0 }).addTo(this.map);
    this.osm = null;
    this.addLegend();
    this.addBackgroundSwitch();
    if (localStorage.getItem(BACKGROUND_KEY) === 'plain') {
      this.setBackground('plain');
    } else {
      this.useOsm();
    }
    this.map.on('moveend', () => {
      this.render();
      this.drawLabels();
      this.onView?.();
    });
    this.map.on('move', () => this.drawLabels());
    onLanguageChange(() => {
      this.relabelControls();
      this.render();
    });
  }

  // ------------------------------------------------------------------ background

  useOsm() {
    let loadedAny = false;
    const osm = L.tileLayer(OSM_URL, {
      maxNativeZoom: 19, maxZoom: MAX_ZOOM, attribution: OSM_ATTRIBUTION, zIndex: 1,
    });
    osm.on('tileload', () => {
      loadedAny = true;
    });
    osm.on('tileerror', () => {
      if (!loadedAny && this.osm === osm) {
        // Leaflet is still inside its tile callback: leave it before removing the layer.
        setTimeout(() => {
          if (this.osm === osm) {
            this.setBackground('offline');
          }
        });
      }
    });
    this.osm = osm;
    osm.addTo(this.map);
    this.setBackground('osm');
    clearTimeout(this.tileTimer);
    this.tileTimer = setTimeout(() => {
      if (!loadedAny && this.osm) {
        this.setBackground('offline');
      }
    }, TILE_WAIT_MS);
  }

  /** mode: "osm", "plain" (chosen) or "offline" (tiles failed). */
  setBackground(mode) {
    if (mode !== 'osm' && this.osm) {
      this.map.removeLayer(this.osm);
      this.osm = null;
      clearTimeout(this.tileTimer);
    }
    this.backgroundMode = mode;
    this.element.dataset.background = mode === 'osm' ? 'osm' : 'plain';
    this.relabelControls();
    this.drawLabels();
  }

  /** Degree labels of the graticule along the top and left edges (plain background only). */
  drawLabels() {
    if (!this.labels) {
      return;
    }
    this.labels.replaceChildren();
    if (this.backgroundMode === 'osm') {
      return;
    }
    const bounds = this.map.getBounds();
    const step = graticuleStep(this.map.getZoom());
    const digits = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
    const size = this.map.getSize();
    for (let lon = Math.ceil(bounds.getWest() / step) * step; lon <= bounds.getEast(); lon += step) {
      const x = this.map.latLngToContainerPoint([bounds.getCenter().lat, lon]).x;
      if (x < 50 || x > size.x - 120) continue;
      const label = L.DomUtil.create('span', 'graticule-label lon', this.labels);
      label.textContent = `${Math.abs(lon).toFixed(digits)}° ${lon >= 0 ? 'E' : 'W'}`;
      L.DomUtil.setPosition(label, L.point(x + 3, 2));
    }
    for (let lat = Math.ceil(bounds.getSouth() / step) * step; lat <= bounds.getNorth(); lat += step) {
      const y = this.map.latLngToContainerPoint([lat, bounds.getCenter().lng]).y;
      if (y < 24 || y > size.y - 40) continue;
      const label = L.DomUtil.create('span', 'graticule-label lat', this.labels);
      label.textContent = `${Math.abs(lat).toFixed(digits)}° ${lat >= 0 ? 'N' : 'S'}`;
      L.DomUtil.setPosition(label, L.point(3, y - 16));
    }
  }

  addBackgroundSwitch() {
    const control = L.control({ position: 'bottomleft' });
    control.onAdd = () => {
      const box = L.DomUtil.create('div', 'leaflet-bar map-control background-switch');
      this.backgroundButton = L.DomUtil.create('button', 'map-button', box);
      this.backgroundButton.type = 'button';
      this.backgroundButton.id = 'background-toggle';
      L.DomEvent.disableClickPropagation(box);
      this.backgroundButton.addEventListener('click', () => {
        if (this.backgroundMode === 'osm') {
          localStorage.setItem(BACKGROUND_KEY, 'plain');
          this.setBackground('plain');
        } else {
          localStorage.removeItem(BACKGROUND_KEY);
          this.useOsm();
        }
      });
      return box;
    };
    control.addTo(this.map);
  }

  addFitAll() {
    const control = L.control({ position: 'topright' });
    control.onAdd = () => {
      const box = L.DomUtil.create('div', 'leaflet-bar map-control');
      this.fitAllButton = L.DomUtil.create('button', 'map-button', box);
      this.fitAllButton.type = 'button';
      this.fitAllButton.id = 'fit-all';
      L.DomEvent.disableClickPropagation(box);
      this.fitAllButton.addEventListener('click', () => {
        if (this.features.length > 0) {
          this.fitTo(this.features);
        }
      });
      return box;
    };
    control.addTo(this.map);
  }

  addLegend() {
    const control = L.control({ position: 'bottomright' });
    control.onAdd = () => {
      this.legend = L.DomUtil.create('div', 'map-control legend');
      this.legend.id = 'legend';
      return this.legend;
    };
    control.addTo(this.map);
  }

  relabelControls() {
    if (this.backgroundButton) {
      const mode = this.backgroundMode;
      this.backgroundButton.textContent = mode === 'osm' ? t('backgroundOsm')
        : mode === 'offline' ? t('backgroundPlainOffline') : t('backgroundPlain');
      this.backgroundButton.title = mode === 'osm' ? t('backgroundSwitchToPlain') : t('backgroundSwitchToOsm');
    }
    if (this.fitAllButton) {
      this.fitAllButton.textContent = t('fitAll');
    }
    if (this.legend) {
      this.legend.replaceChildren();
      const title = L.DomUtil.create('div', 'legend-title', this.legend);
      title.textContent = t('legend');
      const list = L.DomUtil.create('ul', 'legend-list', this.legend);
      GRADE_BANDS.forEach((band, i) => {
        const next = GRADE_BANDS[i + 1];
        const item = L.DomUtil.create('li', '', list);
        L.DomUtil.create('span', `swatch grade-${band.band}`, item);
        const text = L.DomUtil.create('span', '', item);
        text.textContent = (next ? `${formatGrade(band.from)}–${formatGrade(next.from)}`
          : `≥ ${formatGrade(band.from)}`)
          + (band.band === 4 ? ` · ${t('legendWarning')}` : band.band === 5 ? ` · ${t('legendThreshold')}` : '');
      });
    }
    this.element.setAttribute('aria-label', t('mapRegion'));
  }

  // ------------------------------------------------------------------ damages

  /** Replaces the damages shown (GeoJSON Point features of the repair list). */
  setDamages(features) {
    this.features = features;
    this.element.dataset.damages = String(features.length);
    if (!this.fitted && features.length > 0) {
      this.fitted = true;
      this.fitTo(features);
      return;
    }
    this.render();
  }

  fitTo(features) {
    const bounds = L.latLngBounds(features.map((f) => latLng(f)));
    this.map.fitBounds(bounds, { padding: [40, 40], maxZoom: 16 });
  }

  /** The view as [minLon, minLat, maxLon, maxLat], clamped to valid WGS84 degrees. */
  bbox() {
    const b = this.map.getBounds();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
      clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)];
  }

  render() {
    this.damages.clearLayers();
    this.markers = new Map();
    const zoom = this.map.getZoom();
    const view = this.map.getBounds().pad(0.3);
    const visible = this.features.filter((f) => view.contains(latLng(f)));
    if (zoom >= FOOTPRINT_ZOOM) {
      this.fetchFootprints(visible.slice(0, FOOTPRINT_FETCH_LIMIT));
      for (const f of visible) {
        this.drawFootprint(f);
        this.addMarker(f, 'damage-marker small');
      }
      return;
    }
    const cells = new Map();
    for (const f of visible) {
      const p = this.map.project(latLng(f), zoom);
      const key = `${Math.floor(p.x / CLUSTER_CELL_PX)}:${Math.floor(p.y / CLUSTER_CELL_PX)}`;
      if (!cells.has(key)) {
        cells.set(key, []);
      }
      cells.get(key).push(f);
    }
    for (const members of cells.values()) {
      if (members.length === 1) {
        this.addMarker(members[0], 'damage-marker');
      } else {
        this.addCluster(members);
      }
    }
  }

  addMarker(f, cssClass) {
    const p = f.properties;
    const band = gradeBand(p.grade);
    const size = cssClass.includes('small') ? 12 : 22;
    const marker = L.marker(latLng(f), {
      keyboard: true,
      title: t('markerTitle', { cls: className(p.class), id: p.id, grade: formatGrade(p.grade), score: formatNumber(p.score, 0) }),
      icon: L.divIcon({
        className: `${cssClass} grade-${band}${p.possiblyRepaired ? ' flagged' : ''}`,
        iconSize: [size, size],
        html: '',
      }),
      riseOnHover: true,
    });
    marker.on('click', () => this.onOpen?.(p.id));
    marker.on('add', () => {
      const el = marker.getElement();
      if (el) {
        el.dataset.id = String(p.id);
      }
    });
    marker.addTo(this.damages);
    this.markers.set(p.id, marker);
  }

  addCluster(members) {
    let lat = 0;
    let lng = 0;
    let worst = 0;
    for (const f of members) {
      const ll = latLng(f);
      lat += ll.lat;
      lng += ll.lng;
      worst = Math.max(worst, f.properties.grade);
    }
    const count = members.length;
    const size = count < 10 ? 32 : count < 100 ? 38 : 46;
    const marker = L.marker([lat / count, lng / count], {
      keyboard: true,
      title: t('clusterTitle', { n: count, grade: formatGrade(worst) }),
      icon: L.divIcon({
        className: `damage-cluster grade-${gradeBand(worst)}`,
        iconSize: [size, size],
        html: `<span>${count}</span>`,
      }),
    });
    marker.on('click', () => {
      const bounds = L.latLngBounds(members.map((f) => latLng(f)));
      if (bounds.getNorthEast().equals(bounds.getSouthWest())) {
        this.map.setView(bounds.getCenter(), FOOTPRINT_ZOOM);
      } else {
        this.map.fitBounds(bounds, { padding: [60, 60], maxZoom: FOOTPRINT_ZOOM + 1 });
      }
    });
    marker.addTo(this.damages);
  }

  drawFootprint(f) {
    const p = f.properties;
    const cached = this.footprints.get(p.id);
    const style = {
      color: '#1f1f1f', weight: 1.5, fillColor: gradeColour(p.grade), fillOpacity: 0.55, interactive: true,
    };
    let shape;
    if (cached && cached.version === p.version && cached.footprint) {
      shape = L.geoJSON(cached.footprint, { style: () => ({ ...style, className: 'damage-footprint measured' }) });
    } else {
      // Until the footprint is read (or where there is none): a circle of the damage's area.
      const radiusM = Math.max(0.25, Math.sqrt(Math.max(p.areaM2 || 0, 0) / Math.PI));
      shape = L.circle(latLng(f), {
        ...style, radius: radiusM, dashArray: '4 3', className: 'damage-footprint estimated',
      });
    }
    shape.on('click', () => this.onOpen?.(p.id));
    shape.addTo(this.damages);
  }

  async fetchFootprints(features) {
    const missing = features.filter((f) => {
      const cached = this.footprints.get(f.properties.id);
      return (!cached || cached.version !== f.properties.version)
        && !this.footprintRequests.has(f.properties.id);
    });
    if (missing.length === 0) {
      return;
    }
    let changed = false;
    const queue = [...missing];
    const worker = async () => {
      while (queue.length > 0) {
        const f = queue.shift();
        const id = f.properties.id;
        this.footprintRequests.add(id);
        const answer = await request(`/v1/damages/${id}`);
        this.footprintRequests.delete(id);
        if (answer.ok) {
          this.footprints.set(id, { version: answer.json.version, footprint: answer.json.footprint });
          changed = true;
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    if (changed && this.map.getZoom() >= FOOTPRINT_ZOOM) {
      this.render();
    }
  }

  // ------------------------------------------------------------------ list ↔ map

  /** Rings a damage (hover or focus in the list); null removes the ring. */
  highlight(id) {
    if (this.highlightRing) {
      this.overlay.removeLayer(this.highlightRing);
      this.highlightRing = null;
    }
    const f = id === null ? null : this.features.find((x) => x.properties.id === id);
    if (!f) {
      return;
    }
    this.highlightRing = L.circleMarker(latLng(f), {
      radius: 17, color: '#0b4f9c', weight: 4, fill: false, interactive: false,
      className: 'highlight-ring',
    }).addTo(this.overlay);
  }

  /** Shows the opened damage: its footprint outlined and the map moved to it. */
  select(detail) {
    if (this.selection) {
      this.overlay.removeLayer(this.selection);
      this.selection = null;
    }
    if (!detail) {
      return;
    }
    const position = [detail.position.lat, detail.position.lon];
    const group = L.featureGroup();
    if (detail.footprint) {
      L.geoJSON(detail.footprint, {
        style: () => ({ color: '#0b4f9c', weight: 3, fill: false, dashArray: '6 4', interactive: false }),
      }).addTo(group);
      this.footprints.set(detail.id, { version: detail.version, footprint: detail.footprint });
    }
    L.circleMarker(position, {
      radius: 20, color: '#0b4f9c', weight: 3, fill: false, interactive: false, className: 'selection-ring',
    }).addTo(group);
    this.selection = group.addTo(this.overlay);
    if (!this.map.getBounds().pad(-0.1).contains(position)) {
      this.map.panTo(position);
    }
  }

  /** Pans to a position unless it is well inside the view already (the zoom stays). */
  reveal(position) {
    const latLngValue = L.latLng(position.lat, position.lon);
    if (!this.map.getBounds().pad(-0.1).contains(latLngValue)) {
      this.map.panTo(latLngValue);
    }
  }

  /** Zooms in on a damage far enough to see its footprint. */
  zoomTo(damage) {
    if (damage.footprint) {
      this.map.fitBounds(L.geoJSON(damage.footprint).getBounds(), { padding: [120, 120], maxZoom: MAX_ZOOM });
    } else {
      this.map.setView([damage.position.lat, damage.position.lon], Math.max(this.map.getZoom(), 19));
    }
  }

  invalidate() {
    this.map.invalidateSize();
  }
}

function latLng(feature) {
  const [lon, lat] = feature.geometry.coordinates;
  return L.latLng(lat, lon);
}
