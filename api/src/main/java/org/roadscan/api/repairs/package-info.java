/**
 * The repair list: damages ranked by priority with filters, sort and keyset pages, its HTTP
 * handler and the CSV/GeoJSON downloads for work orders.
 */
package org.roadscan.api.repairs;
