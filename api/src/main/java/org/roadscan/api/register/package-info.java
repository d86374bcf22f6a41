/**
 * The damage register: its domain rules (merge, coverage flags, status workflow, growth), the
 * PostgreSQL code that applies them (batched registration, damages, observations, events) and the
 * handlers of a damage (detail, events, status change) with its shared JSON.
 */
package org.roadscan.api.register;
