/**
 * OGC API – Features (Part 1 Core, GeoJSON): landing page, conformance, service description,
 * the {@code damages} collection and its items, for QGIS and GDAL.
 */
package org.roadscan.api.gis.ogc;
