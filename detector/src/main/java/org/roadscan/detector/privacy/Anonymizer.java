package org.roadscan.detector.privacy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.image.PixelLimit;

/**
 * Blurs every face and number plate in a JPEG irreversibly, before the image is stored anywhere
 * (issue #31). Each region is widened by {@value #MARGIN} of its size on every side, pixelated to
 * at most {@value #BLOCKS} blocks along its longer side (each block one mean colour, so what was
 * inside is averaged away, not hidden behind an invertible filter), then Gaussian-blurred with a
 * sigma of one block so that no block edge is left; overlapping regions are blurred as one (no
 * seam between two blurs). Pixels outside every widened region are left as decoded; the whole
 * image is re-encoded as JPEG at quality {@value #QUALITY} with no metadata: EXIF (GPS, camera
 * serial), XMP and ICC are dropped; read metadata from the original before calling this.
 *
 * <p>Always runs both detectors over the whole frame; there is no path that skips one. Each
 * searches at the scale its smallest protected region needs (issue #31's speed work,
 * {@link FaceFinder}, {@link PlateFinder}): faces at full resolution in 960 px tiles, plates
 * reduced up to 2x in 640 px tiles. Plates are searched twice: by the plate network, which
 * learned Chinese plates, and by {@link BrightPlateFinder}, which looks for the bright,
 * character-marked rectangle of a European plate; every region either finds is blurred.
 *
 * <p>The plate network runs on a second thread beside the face network and the European-plate
 * search, which run on the caller's: OpenCV 4.9 spreads one small network poorly over its own
 * threads (a 1920 x 1080 frame's three searches took 608 ms one after the other with two OpenCV
 * threads, 670 ms with one), while two networks side by side, each on one thread, took 339 ms
 * ({@code bench/README.md}, "Both networks at once"). The caller waits for both.
 *
 * <p>Thread-safe: the OpenCV networks are not, so each call borrows a face and plate finder set
 * from a pool and returns it when done; when every set is busy a new one is loaded (about 0.1 s,
 * 5 MB), so the pool grows to the number of concurrent callers and no further; so do the plate
 * threads (idle ones end after a minute). OpenCV's own threads ({@code Core.setNumThreads}) are
 * shared by all callers. {@link #close()} releases the idle sets and the plate threads; call it
 * once no call is running.
 */
public final class Anonymizer implements AutoCloseable {

  /** Widening of each region on every side, as a fraction of its width and height. */
  public static final double MARGIN = 0.2;
  /** Most blocks along a region's longer side after pixelation. */
  public static final int BLOCKS = 6;
  /** JPEG quality of the re-encoded image. */
  public static final int QUALITY = 92;
  /** Version of the blurring code; part of {@link #detectorVersion()}. */
  public static final String BLUR_VERSION = "roadscan-anon-6";

  /** One face finder and both plate finders, lent to one call at a time (each to one thread). */
  private record Finders(FaceFinder faces, PlateFinder plates, BrightPlateFinder brightPlates) {

    Finders(PrivacyModels models) {
      this(new FaceFinder(models), new PlateFinder(models), new BrightPlateFinder());
    }
  }

  private final PrivacyModels models;
  private final ConcurrentLinkedDeque<Finders> idle = new ConcurrentLinkedDeque<>();
  private final ExecutorService plateThreads = Executors.newCachedThreadPool(plateThreadFactory());

  /**
   * Loads one pair of networks at once, so that a model that cannot be loaded fails here, at
   * start-up, not on the first capture.
   *
   * @throws PrivacyModelException when a model cannot be loaded
   */
  public Anonymizer(PrivacyModels models) {
    this.models = models;
    idle.push(new Finders(models));
  }

  /**
   * {@code yunet-2023mar+lpd-yunet-2023mar/roadscan-anon-6}: models, then search and blur code
   * (2: face score 0.3 instead of 0.6; 3: plates searched at up to half resolution, faces and
   * plates in tiles; 4: European plates also found by their look, {@link BrightPlateFinder};
   * 5: plate-network boxes more than {@link PlateFinder#MAX_SHORT_SIDE_PX} across both ways
   * dropped; 6: {@link BrightPlateFinder} also finds tilted plates and plates up to 120 px tall in
   * its search image; overlapping regions blurred as one).
   */
  public static String detectorVersion() {
    return PrivacyModels.MODELS_VERSION + "/" + BLUR_VERSION;
  }

  /**
   * Decodes a JPEG, blurs its faces and plates, and re-encodes it.
   *
   * @param jpeg the original capture; read, hashed, never kept
   * @throws CaptureException when the bytes are not a decodable JPEG or over the pixel limit
   */
  public Anonymized anonymize(byte[] jpeg, PixelLimit limit)
      throws CaptureException {
    return anonymize(jpeg, limit, false);
  }

  /**
   * As {@link #anonymize(byte[], PixelLimit)}; with {@code oneThread} every search runs on the
   * caller's thread, none beside it (for work that must leave cores to a latency-bound lane: it
   * takes longer, with the same result).
   */
  public Anonymized anonymize(byte[] jpeg, PixelLimit limit, boolean oneThread)
      throws CaptureException {
    String sha256 = sha256(jpeg);
    Mat image = ImageDecoder.decodeJpeg(jpeg, 1, limit);
    try {
      List<PrivacyRegion> regions = find(image, oneThread);
      blurAll(image, regions);
      long faceCount = regions.stream().filter(r -> r.kind() == PrivacyRegion.Kind.FACE).count();
      return new Anonymized(encode(image), (int) faceCount,
          regions.size() - (int) faceCount, detectorVersion(), sha256);
    } finally {
      image.release();
    }
  }

  /**
   * Finds and blurs the faces and plates of a decoded frame in place, with no JPEG round trip (for
   * frames that are already decoded, such as a feed's or a video's). Pixels outside the widened
   * regions are left exactly as they were.
   *
   * @param bgr 8-bit, 3 channels; modified
   * @return the regions blurred, in the frame's pixels, before widening
   */
  public List<PrivacyRegion> blurInPlace(Mat bgr) {
    List<PrivacyRegion> regions = find(bgr);
    blurAll(bgr, regions);
    return regions;
  }

  /** The faces and plates in a BGR image, in its pixels, before widening. */
  public List<PrivacyRegion> find(Mat bgr) {
    return find(bgr, false);
  }

  /** As {@link #find(Mat)}; with {@code oneThread} the plate network runs on the caller's too. */
  public List<PrivacyRegion> find(Mat bgr, boolean oneThread) {
    Finders f = idle.poll();
    if (f == null) {
      f = new Finders(models);
    }
    Finders finders = f;
    Future<List<PrivacyRegion>> plates = oneThread ? null
        : plateThreads.submit(() -> finders.plates().find(bgr));
    try {
      List<PrivacyRegion> all = new ArrayList<>(f.faces().find(bgr));
      all.addAll(f.brightPlates().find(bgr));
      all.addAll(plates == null ? f.plates().find(bgr) : awaitPlates(plates));
      return all;
    } finally {
      if (plates != null) {
        awaitQuietly(plates); // the set goes back only once its plate network is idle again
      }
      idle.push(f);
    }
  }

  private static List<PrivacyRegion> awaitPlates(Future<List<PrivacyRegion>> plates) {
    try {
      return plates.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while searching for plates", e);
    }
  }

  private static void awaitQuietly(Future<?> task) {
    boolean interrupted = false;
    while (!task.isDone()) {
      try {
        task.get();
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory plateThreadFactory() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "roadscan-plates-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The region actually blurred for a box: widened by {@link #MARGIN}, clipped to the image. */
  public static Rect widened(PixelBox box, int widthPx, int heightPx) {
    double mx = box.width() * MARGIN;
    double my = box.height() * MARGIN;
    int x0 = (int) Math.max(0, Math.floor(box.x0() - mx));
    int y0 = (int) Math.max(0, Math.floor(box.y0() - my));
    int x1 = (int) Math.min(widthPx, Math.ceil(box.x1() + mx));
    int y1 = (int) Math.min(heightPx, Math.ceil(box.y1() + my));
    return new Rect(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
  }

  /**
   * Blurs every region's widened box in place. Overlapping boxes are blurred as one: their
   * bounding rectangle is pixelated and blurred once and copied back inside the boxes only, so no
   * seam between two blurs is left where they meet, and no pixel outside every box changes.
   */
  static void blurAll(Mat image, List<PrivacyRegion> regions) {
    List<List<Rect>> groups = new ArrayList<>();
    for (PrivacyRegion r : regions) {
      Rect w = widened(r.box(), image.cols(), image.rows());
      if (w.width < 1 || w.height < 1) {
        continue;
      }
      List<Rect> group = new ArrayList<>(List.of(w));
      for (Iterator<List<Rect>> it = groups.iterator(); it.hasNext(); ) {
        List<Rect> other = it.next();
        if (other.stream().anyMatch(o -> overlap(o, group))) {
          group.addAll(other);
          it.remove();
        }
      }
      groups.add(group);
    }
    for (List<Rect> group : groups) {
      blurGroup(image, group);
    }
  }

  private static boolean overlap(Rect a, List<Rect> group) {
    for (Rect b : group) {
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height
          && b.y < a.y + a.height) {
        return true;
      }
    }
    return false;
  }

  /** Pixelates, then blurs, the bounding rectangle of {@code boxes}; copies it inside them. */
  private static void blurGroup(Mat image, List<Rect> boxes) {
    int x0 = Integer.MAX_VALUE;
    int y0 = Integer.MAX_VALUE;
    int x1 = 0;
    int y1 = 0;
    for (Rect b : boxes) {
      x0 = Math.min(x0, b.x);
      y0 = Math.min(y0, b.y);
      x1 = Math.max(x1, b.x + b.width);
      y1 = Math.max(y1, b.y + b.height);
    }
    Rect r = new Rect(x0, y0, x1 - x0, y1 - y0);
    Mat roi = image.submat(r);
    Mat blocks = pixelatedAndBlurred(roi);
    if (boxes.size() == 1) {
      blocks.copyTo(roi);
    } else {
      Mat mask = Mat.zeros(roi.size(), CvType.CV_8UC1);
      for (Rect b : boxes) {
        mask.submat(new Rect(b.x - x0, b.y - y0, b.width, b.height))
            .setTo(new Scalar(255));
      }
      blocks.copyTo(roi, mask);
      mask.release();
    }
    blocks.release();
    roi.release();
  }

  /**
   * The region pixelated to at most {@value #BLOCKS} blocks along its longer side, then
   * Gaussian-blurred with a sigma of one block (a new image of the region's size).
   */
  private static Mat pixelatedAndBlurred(Mat roi) {
    int longer = Math.max(roi.cols(), roi.rows());
    double block = Math.max(1.0, (double) longer / BLOCKS);
    Size coarse = new Size(Math.max(1, Math.round(roi.cols() / block)),
        Math.max(1, Math.round(roi.rows() / block)));
    Mat small = new Mat();
    Imgproc.resize(roi, small, coarse, 0, 0, Imgproc.INTER_AREA);
    Mat blocks = new Mat();
    Imgproc.resize(small, blocks, roi.size(), 0, 0, Imgproc.INTER_NEAREST);
    // sigma of one block melts the blocks into each other: no edge left to read a shape from
    int k = ((int) Math.ceil(3 * block) * 2) | 1;
    Imgproc.GaussianBlur(blocks, blocks, new Size(k, k), block);
    small.release();
    return blocks;
  }

  private static byte[] encode(Mat image) {
    MatOfByte out = new MatOfByte();
    MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, QUALITY);
    if (!Imgcodecs.imencode(".jpg", image, out, params)) {
      throw new IllegalStateException("JPEG encoding failed");
    }
    byte[] bytes = out.toArray();
    out.release();
    return bytes;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    plateThreads.shutdown();
    for (Finders f; (f = idle.poll()) != null; ) {
      f.faces().close();
      f.plates().close();
      f.brightPlates().close();
    }
  }
}
