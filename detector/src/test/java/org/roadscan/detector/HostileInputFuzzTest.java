package org.roadscan.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.roadscan.detector.geo.SurveyProfile;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.image.JpegFrame;
import org.roadscan.detector.image.PixelLimit;
import org.roadscan.detector.testing.HostileJpeg;
import org.roadscan.detector.testing.SyntheticJpeg;

/**
 * Issue #30: a seeded mutation fuzzer over what the service runs on an upload before accepting it
 * (the pixel check, {@link CaptureCheck}: EXIF, XMP, pose) and over the guarded decoder. Seeds are
 * real photos with EXIF and DJI XMP and hand-built hostile files; each mutation flips, overwrites,
 * inserts, deletes, duplicates or splices bytes, or sets a 16-bit field (a segment length, an SOF
 * size, an IFD count) to an extreme. The only outcome allowed besides success is a {@link
 * CaptureException} (the documented refusals); anything else fails the test and writes the input to
 * {@code target/fuzz-failures/}.
 *
 * <p>In CI it runs {@value #DEFAULT_ITERATIONS} metadata and a quarter as many decode mutations
 * (seconds). Longer runs: {@code mvn -o -pl detector test -Dtest=HostileInputFuzzTest
 * -Droadscan.fuzz.iterations=200000 -Droadscan.fuzz.seed=42} (see bench/README.md).
 */
class HostileInputFuzzTest {

  static final int DEFAULT_ITERATIONS = 3000;
  private static final int ITERATIONS = Integer.getInteger("roadscan.fuzz.iterations",
      DEFAULT_ITERATIONS);
  private static final long SEED = Long.getLong("roadscan.fuzz.seed", 20261205L);
  /** Bytes of a big sample kept: its metadata and frame header, and some scan data. */
  private static final int HEAD_BYTES = 96 * 1024;
  private static final PixelLimit DECODE_LIMIT = PixelLimit.ofMegapixels(4);

  private final CaptureCheck check = new CaptureCheck();

  @Test
  void metadataAndPixelChecksRefuseMutationsOnlyAsDocumented() {
    List<byte[]> seeds = seeds();
    assertTimeoutPreemptively(Duration.ofSeconds(60L + ITERATIONS / 50), () -> {
      SplittableRandom random = new SplittableRandom(SEED);
      int refused = 0;
      for (int i = 0; i < ITERATIONS; i++) {
        byte[] input = mutate(random, seeds);
        try {
          PixelLimit.DEFAULT.check(input);
          JpegFrame.read(input);
          check.check(input, SurveyProfile.NONE);
        } catch (CaptureException documented) {
          refused++;
        } catch (Throwable e) {
          throw failure("metadata", i, input, e);
        }
      }
      // the mutations must reach both outcomes, or the fuzzer tests nothing
      assertThat(refused).isBetween(1, ITERATIONS - 1);
    });
  }

  @Test
  void theGuardedDecoderRefusesMutationsOnlyAsDocumented() {
    List<byte[]> seeds = List.of(
        SyntheticJpeg.builder(320, 240).gps(7.1, 51.5).marker(100, 100).build(),
        HostileJpeg.pixelBomb(256, 256),
        HostileJpeg.pixelBomb(60_000, 60_000));
    int iterations = Math.max(1, ITERATIONS / 4);
    assertTimeoutPreemptively(Duration.ofSeconds(60L + iterations / 20), () -> {
      SplittableRandom random = new SplittableRandom(SEED + 1);
      int decoded = 0;
      for (int i = 0; i < iterations; i++) {
        byte[] input = mutate(random, seeds);
        try {
          Mat image = ImageDecoder.decodeJpeg(input, 1 << random.nextInt(4), DECODE_LIMIT);
          assertThat((long) image.cols() * image.rows()).isLessThanOrEqualTo(
              DECODE_LIMIT.maxPixels());
          image.release();
          decoded++;
        } catch (CaptureException documented) {
          // refused: unsupported, corrupt or too many pixels
        } catch (Throwable e) {
          throw failure("decode", i, input, e);
        }
      }
      assertThat(decoded).isPositive();
    });
  }

  private static AssertionError failure(String what, int iteration, byte[] input, Throwable e) {
    Path dir = Path.of("target", "fuzz-failures");
    Path file = dir.resolve(what + "-seed" + SEED + "-" + iteration + ".jpg");
    try {
      Files.createDirectories(dir);
      Files.write(file, input);
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    }
    return new AssertionError(what + " mutation " + iteration + " (seed " + SEED + ", input "
        + file + ") threw " + e, e);
  }

  /** Real photos (their heads), the metadata fixtures and hand-built hostile files. */
  private static List<byte[]> seeds() {
    List<byte[]> seeds = new ArrayList<>();
    for (Path dir : List.of(Path.of("src/test/resources/metadata"), Path.of("../sample-images"))) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
          byte[] bytes = Files.readAllBytes(file);
          seeds.add(Arrays.copyOf(bytes, Math.min(bytes.length, HEAD_BYTES)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    byte[] drone = SyntheticJpeg.builder(160, 120).gps(7.1, 51.5).gpsAltitudeM(120)
        .djiXmp("GimbalPitchDegree", "-90.0").djiXmp("RelativeAltitude", "+60.0")
        .djiXmp("FlightYawDegree", "12.5").make("DJI").model("FC6310").focalLengthMm(8.8)
        .build();
    seeds.add(drone);
    seeds.add(HostileJpeg.pixelBomb(60_000, 60_000));
    seeds.add(HostileJpeg.withExifGps(HostileJpeg.pixelBomb(64, 48),
        new long[] {51, 1, 30, 1, 0, 1}, "N", new long[] {7, 1, 6, 1, 0, 1}, "E", false, true));
    assertThat(seeds).hasSizeGreaterThan(10);
    return seeds;
  }

  /** One to four mutations of a seed (or of two seeds spliced). */
  static byte[] mutate(SplittableRandom random, List<byte[]> seeds) {
    byte[] bytes = seeds.get(random.nextInt(seeds.size())).clone();
    int rounds = 1 + random.nextInt(4);
    for (int r = 0; r < rounds && bytes.length > 4; r++) {
      int at = position(random, bytes.length);
      switch (random.nextInt(8)) {
        case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> {
          int n = Math.min(bytes.length - at, 1 + random.nextInt(16));
          for (int k = 0; k < n; k++) {
            bytes[at + k] = (byte) random.nextInt(256);
          }
        }
        case 2 -> {
          // a 16-bit field set to an extreme: a segment length, an SOF size, an IFD count
          if (at + 1 < bytes.length) {
            int value = new int[] {0, 1, 2, 0x7FFF, 0xFFFF, 0x8000}[random.nextInt(6)];
            bytes[at] = (byte) (value >> 8);
            bytes[at + 1] = (byte) value;
          }
        }
        case 3 -> bytes = Arrays.copyOf(bytes, Math.max(2, at)); // truncated
        case 4 -> { // a run inserted
          byte[] run = new byte[1 + random.nextInt(64)];
          Arrays.fill(run, (byte) (random.nextBoolean() ? 0xFF : random.nextInt(256)));
          bytes = HostileJpeg.concat(Arrays.copyOf(bytes, at), run,
              Arrays.copyOfRange(bytes, at, bytes.length));
        }
        case 5 -> { // a run deleted
          int end = Math.min(bytes.length, at + 1 + random.nextInt(256));
          bytes = HostileJpeg.concat(Arrays.copyOf(bytes, at),
              Arrays.copyOfRange(bytes, end, bytes.length));
        }
        case 6 -> { // a run duplicated (segments repeated)
          int end = Math.min(bytes.length, at + 1 + random.nextInt(4096));
          bytes = HostileJpeg.concat(Arrays.copyOf(bytes, end),
              Arrays.copyOfRange(bytes, at, bytes.length));
        }
        default -> { // spliced with another seed
          byte[] other = seeds.get(random.nextInt(seeds.size()));
          int from = position(random, other.length);
          bytes = HostileJpeg.concat(Arrays.copyOf(bytes, at),
              Arrays.copyOfRange(other, from, other.length));
        }
      }
    }
    return bytes;
  }

  /** Mostly in the first kilobytes, where the segments a header parser reads are. */
  private static int position(SplittableRandom random, int length) {
    int window = random.nextInt(4) == 0 ? length : Math.min(length, 4096);
    return random.nextInt(window);
  }
}
