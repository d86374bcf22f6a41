/**
 * Survey ingest (issue #27): a survey is one flight or drive under one profile. Its media (JPEG
 * images, a ZIP of a photo folder, videos with DJI telemetry or a GPX track) stream to disk part by
 * part ({@link org.roadscan.api.survey.SurveyMediaHandler}), become jobs of the shared queue, and
 * a video becomes frame jobs through the durable {@link org.roadscan.api.survey.MediaExpansion}
 * seam. Progress ({@code GET /v1/surveys/{id}}) and events (Server-Sent Events from the {@code
 * survey_events} table, written by triggers in the transaction that finishes a job) are read from
 * PostgreSQL, so any number of processes may serve them.
 */
package org.roadscan.api.survey;
