package org.roadscan.detector.video;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Test and bench helper: writes a synthetic MPEG-4 Part 2 video in an MP4 container with JavaCV
 * (this FFmpeg build has no H.264 encoder but libopenh264; {@code mpeg4} is built in). Every frame
 * differs (a moving gradient with the frame number in its pixels), so its JPEG does too.
 */
public final class TestVideo {

  private TestVideo() {
  }

  /**
   * Writes a video.
   *
   * @param file the .mp4 to write
   * @param widthPx frame width
   * @param heightPx frame height
   * @param frames number of frames
   * @param frameRate frames per second
   * @param creationTime the container's {@code creation_time}, or null for none
   */
  public static void write(Path file, int widthPx, int heightPx, int frames, double frameRate,
      Instant creationTime) throws Exception {
    write(file, widthPx, heightPx, frames, frameRate, creationTime, "mpeg4");
  }

  /** Like {@link #write(Path, int, int, int, double, Instant)} with an FFmpeg encoder's name. */
  public static void write(Path file, int widthPx, int heightPx, int frames, double frameRate,
      Instant creationTime, String encoder) throws Exception {
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), widthPx,
        heightPx)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodecName(encoder);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(frameRate);
      recorder.setGopSize(12);
      recorder.setVideoBitrate(widthPx * heightPx * 4);
      if (creationTime != null) {
        recorder.setMetadata("creation_time", creationTime.toString());
      }
      recorder.start();
      Frame frame = new Frame(widthPx, heightPx, Frame.DEPTH_UBYTE, 3);
      ByteBuffer pixels = (ByteBuffer) frame.image[0];
      int stride = frame.imageStride;
      for (int i = 0; i < frames; i++) {
        for (int y = 0; y < heightPx; y++) {
          int row = y * stride;
          for (int x = 0; x < widthPx; x++) {
            int at = row + 3 * x;
            pixels.put(at, (byte) (x + 4 * i));
            pixels.put(at + 1, (byte) (y + 2 * i));
            pixels.put(at + 2, (byte) ((x ^ y) + i));
          }
        }
        recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
      }
    }
  }
}
