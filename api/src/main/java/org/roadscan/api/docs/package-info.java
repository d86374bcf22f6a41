/**
 * The API's own description: {@code /openapi.json} (OpenAPI 3.1, written by hand in {@code
 * openapi/openapi.json} beside the code it describes) and {@code /api}, the same rendered as a
 * readable HTML page. {@link RouteTable} lists the router's routes so a test can prove the
 * document names every route and no other.
 */
package org.roadscan.api.docs;
