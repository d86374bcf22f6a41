/**
 * The fire brigade's live lane (issue #28): drone frames in, situational tags out while the
 * request waits, apart from the survey queue.
 *
 * <p>{@link org.roadscan.api.feed.FeedFrameHandler} ({@code POST /v1/feed/frames}) and {@link
 * org.roadscan.api.feed.FeedSocketHandler} ({@code GET /v1/feed/ws}) hand frames to the {@link
 * org.roadscan.api.feed.FeedPipeline}: metadata check on {@code roadscan-io} (a broken pose is a
 * 422 before it can hold up the lane), then the {@link org.roadscan.api.feed.FeedLane} (its own
 * {@code roadscan-feed} executor and predictors, a small queue per stream that drops the oldest
 * waiting frame), then the tags are answered, kept in the {@link
 * org.roadscan.api.feed.IncidentLog} for {@code /v1/incidents/{id}} and its events (in memory,
 * written to {@code incident_events} without waiting: it survives a restart), and
 * registered afterwards by {@link org.roadscan.api.feed.FeedRegistrar}, marked {@code
 * source = 'feed'}. {@link org.roadscan.api.feed.CotXml} writes tags as Cursor-on-Target events.
 */
package org.roadscan.api.feed;
