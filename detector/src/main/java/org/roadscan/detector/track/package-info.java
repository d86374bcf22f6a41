/**
 * A video's telemetry as a function of time: {@link org.roadscan.detector.track.FrameTrack}
 * (sorted {@link org.roadscan.detector.track.TrackPoint}s, interpolated into a {@link
 * org.roadscan.detector.track.TrackSample} at any instant, with the direction of travel), read
 * from the two formats survey ingest (issue #27) accepts.
 *
 * <p><b>DJI SRT</b> ({@link org.roadscan.detector.track.DjiSrt}): the subtitle file DJI drones
 * write beside each video; times are offsets from the start of the video. Recent drones:
 * <pre>
 * 1
 * 00:00:00,000 --&gt; 00:00:00,033
 * &lt;font size="28"&gt;FrameCnt: 1, DiffTime: 33ms
 * 2023-04-07 11:25:41.123
 * [iso: 100] [shutter: 1/1000.0] [fnum: 2.8] [ev: 0] [focal_len: 24.00] [latitude: 48.137154]
 * [longitude: 11.576124] [rel_alt: 30.000 abs_alt: 545.300] [gb_yaw: 12.3 gb_pitch: -90.0
 * gb_roll: 0.0] [ct: 5500] &lt;/font&gt;
 * </pre>
 * ({@code longtitude}, DJI's spelling on some firmware, is read too; {@code focal_len} is a 35 mm
 * equivalent). Older drones:
 * <pre>
 * 1
 * 00:00:00,000 --&gt; 00:00:01,000
 * HOME(11.5760,48.1370) 2017.08.05 14:11:51
 * GPS(11.5761,48.1371,19) BAROMETER:30.2
 * ISO:100 Shutter:60 EV:0 Fnum:F2.8
 * </pre>
 * ({@code GPS} is lon, lat, altitude; {@code BAROMETER} the height above take-off). Older SRTs
 * carry no gimbal angles: the video profile's pitch stands in.
 *
 * <p><b>GPX 1.0 / 1.1</b> ({@link org.roadscan.detector.track.Gpx}): {@code <trkpt lat lon>}
 * with {@code <time>} and optional {@code <ele>}, absolute times; a vehicle video's frame at
 * {@code t} ms is looked up at {@code videoStart + t + telemetryOffsetMs}.
 *
 * <p>Positions are WGS84 in (lon, lat) order; distances and headings are GeographicLib geodesics,
 * never degrees. Everything here is immutable or stateless, and thread-safe.
 */
package org.roadscan.detector.track;
