/**
 * Read-only searches of the register shared by the GIS interfaces: bounding boxes, time
 * intervals, keyset feature pages and the register's extent. The protocols are in {@code ogc} and
 * {@code open311}.
 */
package org.roadscan.api.gis;
