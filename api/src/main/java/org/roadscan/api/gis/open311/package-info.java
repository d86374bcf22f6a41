/**
 * Open311 GeoReport v2: one service per damage class and the damages as service requests, for the
 * city's issue-tracking systems.
 */
package org.roadscan.api.gis.open311;
