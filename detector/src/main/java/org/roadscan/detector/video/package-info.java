/**
 * Frames worth analysing from a survey video: {@link org.roadscan.detector.video.VideoSampler}
 * decodes a video with FFmpeg (JavaCV's {@code FFmpegFrameGrabber}; openpnp's OpenCV cannot open
 * MP4 here), picks frames by ground distance on its {@link org.roadscan.detector.track.FrameTrack}
 * ({@link org.roadscan.detector.video.SampleSpacing}: drone frames overlapping by a third of their
 * footprint, vehicle frames every few metres), encodes only those as JPEG ({@link
 * org.roadscan.detector.video.FrameJpegEncoder}) and hands each to a {@link
 * org.roadscan.detector.video.FrameSink} with a {@link org.roadscan.detector.geo.CaptureContext}
 * carrying its telemetry, for the same {@code CaptureAnalyzer.analyze(jpeg, context)} as a photo.
 *
 * <p><b>The FFmpeg build</b> ({@code org.bytedeco:ffmpeg:8.1.2-1.5.14}, linux-x86_64), checked
 * with {@code avcodec_find_encoder_by_name}: encoders {@code libopenh264} (H.264), {@code mpeg4},
 * {@code mjpeg}, {@code mpeg2video}, {@code libvpx} / {@code libvpx-vp9}, {@code libaom-av1},
 * {@code libsvtav1}; <em>no</em> {@code libx264}, {@code libx265} or native {@code h264} / {@code
 * hevc} encoder. Decoders include {@code h264}, {@code hevc}, {@code mpeg4}, {@code mjpeg}, {@code
 * vp9} and {@code av1}, so drone and dashcam H.264/H.265 files decode. Sample videos for tests are
 * written with {@code mpeg4} in MP4 (or {@code libopenh264} for H.264).
 */
package org.roadscan.detector.video;
