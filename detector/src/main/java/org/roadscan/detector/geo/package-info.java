/**
 * Camera and ground geometry: from a pixel of a capture to a WGS84 position on the ground.
 *
 * <p>Conventions used throughout: positions are WGS84 with longitude first ({@link
 * org.roadscan.detector.geo.GeoPoint}, JTS coordinates (x = lon, y = lat), SRID 4326 via {@link
 * org.roadscan.detector.geo.Wgs84}); metric work happens in a {@link
 * org.roadscan.detector.geo.LocalFrame} (metres east, north, up) built on GeographicLib geodesics,
 * never on degrees; pixels as in {@link org.roadscan.detector.PixelBox} (x right, y down);
 * angles in degrees as DJI writes them (yaw clockwise from north, pitch -90 = straight down, see
 * {@link org.roadscan.detector.geo.CameraPose}).
 *
 * <p>{@link org.roadscan.detector.geo.GeoreferenceOp} is the entry point for the detector: it
 * chooses per capture between a drone (nadir or oblique), a vehicle and a camera-position placement,
 * from the image's tags and the upload's {@link org.roadscan.detector.geo.SurveyProfile}; {@link
 * org.roadscan.detector.geo.CameraIntrinsics} finds the focal length, {@link
 * org.roadscan.detector.geo.GroundProjector} intersects rays with the ground (a {@link
 * org.roadscan.detector.geo.Terrain} is the seam for elevation models), {@link
 * org.roadscan.detector.geo.TrackHeadingOp} derives a vehicle's heading from its fixes. The
 * project's {@code docs/georeferencing.md} explains the whole path.
 */
package org.roadscan.detector.geo;
