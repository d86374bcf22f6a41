/**
 * Retention (issue #31, privacy): images and survey media older than {@code
 * ROADSCAN_IMAGE_RETENTION_DAYS} are deleted by {@link org.roadscan.api.retention.ImageRetention}
 * on a worker executor, after the excerpt of each observation is kept in the {@link
 * org.roadscan.api.retention.CropStore}; each deletion is audited in {@code retention_deletions}
 * ({@link org.roadscan.api.retention.PgRetention}). See {@code docs/data-protection.md}.
 */
package org.roadscan.api.retention;
