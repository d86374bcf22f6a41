package org.roadscan.detector.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.CascadeClassifier;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.image.OpenCvNatives;
import org.roadscan.detector.privacy.Anonymizer;
import org.roadscan.detector.privacy.BrightPlateFinder;
import org.roadscan.detector.privacy.FaceFinder;
import org.roadscan.detector.privacy.PlateFinder;
import org.roadscan.detector.privacy.PlateNetFinder;
import org.roadscan.detector.privacy.PrivacyModels;
import org.roadscan.detector.privacy.PrivacyRegion;
import org.roadscan.detector.privacy.RecallSet;
import org.roadscan.detector.privacy.TileGrid;

/**
 * Face and plate recall of the anonymiser on the hand-labelled set (issue #31), by height band,
 * the misses, time per image, and the false-blur rate on images without people or plates. Not a
 * test. Usage: {@code PrivacyRecallBench PRIVACY_DIR LABELS_JSON IMAGE_DIR... [--reduction R]
 * [--face-reduction R] [--plate-reduction R] [--enlarge-to-floor] [--untiled]
 * [--plate-cascade XML NEIGHBOURS] [--no-bright-plates] [--bright-plates-only]
 * [--face-threshold S] [--plate-threshold S] [--plate-net ONNX] [--plate-net-only]
 * [--plate-net-threshold S] [--negatives DIR MAX]}. {@code --reduction R} forces
 * both fine passes to reduction R (to measure how small a region the networks still find; the
 * per-detector options force one), {@code --enlarge-to-floor} enlarges each image so that its
 * smallest labelled region is 20 px tall ({@link RecallSet#enlargedToFloor()}), {@code --untiled}
 * searches plates in one input per pass as before the tiling, {@code --plate-cascade} replaces
 * the plate network by a Haar cascade (OpenCV's {@code haarcascade_russian_plate_number.xml}, not
 * shipped) with that many neighbours, {@code --no-bright-plates} leaves out {@link
 * BrightPlateFinder} (the plate network alone, as before {@code roadscan-anon-4}), {@code
 * --bright-plates-only} leaves out the plate network, {@code --plate-net} adds the candidate
 * {@link PlateNetFinder} (not in production: MODEL_CARD.md) to the search, {@code
 * --plate-net-only} searches plates with it alone, the
 * thresholds replace the finders' score thresholds; without them the production search runs. With
 * {@code --negatives}, up to MAX images of DIR whose name ends in a number below 1800 (nadir drone
 * frames, RDD2022 China_Drone) are searched; their damage boxes come from YOLO files in
 * {@code DIR/../labels}.
 */
public final class PrivacyRecallBench {

  private PrivacyRecallBench() {
  }

  public static void main(String[] args) throws Exception {
    OpenCvNatives.ensureLoaded();
    PrivacyModels models = PrivacyModels.load(Path.of(args[0]));
    RecallSet set = RecallSet.read(Path.of(args[1]));
    List<Path> dirs = new ArrayList<>();
    double faceReduction = 0;
    double plateReduction = 0;
    boolean enlarge = false;
    CascadeClassifier cascade = null;
    int cascadeNeighbours = 0;
    TileGrid tiles = PlateFinder.TILES;
    double faceThreshold = FaceFinder.SCORE_THRESHOLD;
    double plateThreshold = PlateFinder.SCORE_THRESHOLD;
    Path negatives = null;
    int negativesMax = 0;
    boolean bright = true;
    boolean network = true;
    Path plateNetModel = null;
    double plateNetThreshold = PlateNetFinder.SCORE_THRESHOLD;
    for (int i = 2; i < args.length; i++) {
      switch (args[i]) {
        case "--reduction" -> {
          faceReduction = Double.parseDouble(args[++i]);
          plateReduction = faceReduction;
        }
        case "--face-reduction" -> faceReduction = Double.parseDouble(args[++i]);
        case "--plate-reduction" -> plateReduction = Double.parseDouble(args[++i]);
        case "--enlarge-to-floor" -> enlarge = true;
        case "--untiled" -> tiles = new TileGrid(Integer.MAX_VALUE / 2, 0);
        case "--plate-cascade" -> {
          cascade = new CascadeClassifier(args[++i]);
          cascadeNeighbours = Integer.parseInt(args[++i]);
        }
        case "--no-bright-plates" -> bright = false;
        case "--bright-plates-only" -> network = false;
        case "--plate-net" -> plateNetModel = Path.of(args[++i]);
        case "--plate-net-only" -> {
          network = false;
          bright = false;
        }
        case "--plate-net-threshold" -> plateNetThreshold = Double.parseDouble(args[++i]);
        case "--face-threshold" -> faceThreshold = Double.parseDouble(args[++i]);
        case "--plate-threshold" -> plateThreshold = Double.parseDouble(args[++i]);
        case "--negatives" -> {
          negatives = Path.of(args[++i]);
          negativesMax = Integer.parseInt(args[++i]);
        }
        default -> dirs.add(Path.of(args[i]));
      }
    }
    if (enlarge) {
      set = set.enlargedToFloor();
    }
    try (FaceFinder faces = new FaceFinder(models, faceThreshold);
        PlateFinder plates = new PlateFinder(models);
        PlateNetFinder plateNets = plateNetModel == null ? null
            : new PlateNetFinder(plateNetModel);
        BrightPlateFinder brightPlates = new BrightPlateFinder();
        Anonymizer anonymizer = new Anonymizer(models)) {
      double fr = faceReduction;
      double pr = plateReduction;
      double pt = plateThreshold;
      TileGrid grid = tiles;
      CascadeClassifier c = cascade;
      int cn = cascadeNeighbours;
      boolean production = fr == 0 && pr == 0 && faceThreshold == FaceFinder.SCORE_THRESHOLD
          && pt == PlateFinder.SCORE_THRESHOLD && grid.equals(PlateFinder.TILES) && c == null
          && bright && network && plateNets == null;
      boolean withBright = bright;
      boolean withNetwork = network;
      boolean withPlateNet = plateNets != null;
      double pnt = plateNetThreshold;
      java.util.function.Function<Mat, List<PrivacyRegion>> search = production
          ? anonymizer::find
          : m -> {
            TileGrid faceGrid = grid.equals(PlateFinder.TILES) ? FaceFinder.TILES : grid;
            List<PrivacyRegion> all = new ArrayList<>(
                faces.find(m, fr > 0 ? fr : FaceFinder.reduction(m), faceGrid));
            double r = pr > 0 ? pr : PlateFinder.reduction(m);
            if (withNetwork) {
              all.addAll(c != null ? cascadePlates(c, cn, m, r) : plates.find(m, pt, r, grid));
            }
            if (withBright) {
              all.addAll(brightPlates.find(m));
            }
            if (withPlateNet) {
              all.addAll(plateNets.find(m, pnt));
            }
            return all;
          };
      RecallSet.Result res = set.score(dirs, PrivacyRecallBench::decode, search);
      System.out.printf(Locale.ROOT, "%d images%s, fine-pass reduction faces %s plates %s, plate"
              + " tiles %d px, face score >= %.2f, plate score >= %.2f, plate network %s,"
              + " bright-plate finder %s, PlateNet %s, covered >= %.0f%%:%n"
              + "  faces  %s%n  plates %s%n  %.0f ms per image (find only)%n",
          set.entries.size(), enlarge ? " enlarged to the 20 px floor" : "",
          fr > 0 ? String.valueOf(fr) : "production", pr > 0 ? String.valueOf(pr) : "production",
          grid.tilePx(), faceThreshold, pt, network ? "on" : "off", bright ? "on" : "off",
          plateNets != null ? "on (>= " + plateNetThreshold + ")" : "off",
          RecallSet.COVERED * 100,
          res.faces(), res.plates(),
          res.msPerImage());
      res.faces().missed().forEach(m -> System.out.println("  missed face  " + m));
      res.plates().missed().forEach(m -> System.out.println("  missed plate " + m));
      if (negatives != null) {
        negatives(negatives, negativesMax, search);
      }
    }
  }

  /**
   * Plates by a Haar cascade (issue #31's European-plate fallback candidate) on the grey frame
   * reduced by {@code reduction}; boxes in the frame's pixels, score 1.
   */
  private static List<PrivacyRegion> cascadePlates(CascadeClassifier cascade, int neighbours,
      Mat bgr, double reduction) {
    Mat grey = new Mat();
    Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
    if (reduction > 1) {
      Imgproc.resize(grey, grey, new Size(Math.round(grey.cols() / reduction),
          Math.round(grey.rows() / reduction)), 0, 0, Imgproc.INTER_AREA);
    }
    MatOfRect found = new MatOfRect();
    cascade.detectMultiScale(grey, found, 1.1, neighbours);
    double k = (double) bgr.cols() / grey.cols();
    List<PrivacyRegion> out = new ArrayList<>();
    for (Rect r : found.toArray()) {
      out.add(new PrivacyRegion(PrivacyRegion.Kind.PLATE,
          new PixelBox(r.x * k, r.y * k, (r.x + r.width) * k, (r.y + r.height) * k), 1));
    }
    grey.release();
    found.release();
    return out;
  }

  private static void negatives(Path dir, int max,
      java.util.function.Function<Mat, List<PrivacyRegion>> search) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> number(p) >= 0 && number(p) < 1800).sorted().limit(max).toList();
    }
    double blurredPx = 0;
    double allPx = 0;
    double damageBlurred = 0;
    double damageAll = 0;
    int withRegions = 0;
    int damageBoxes = 0;
    for (Path f : files) {
      Mat image = decode(f);
      List<PrivacyRegion> found = search.apply(image);
      withRegions += found.isEmpty() ? 0 : 1;
      Mat mask = RecallSet.blurredMask(found, image.cols(), image.rows());
      blurredPx += Core.countNonZero(mask);
      allPx += image.total();
      for (PixelBox b : damage(f, image.cols(), image.rows())) {
        damageBlurred += RecallSet.covered(mask, b) * b.area();
        damageAll += b.area();
        damageBoxes++;
      }
      mask.release();
      image.release();
    }
    System.out.printf(Locale.ROOT, "  negatives: %d frames, %d with any region, %.3f%% of"
            + " their pixels blurred, %.3f%% of road-damage box area blurred (%d boxes)%n",
        files.size(), withRegions, 100 * blurredPx / allPx,
        damageAll == 0 ? 0 : 100 * damageBlurred / damageAll, damageBoxes);
  }

  private static int number(Path p) {
    String n = p.getFileName().toString().replaceAll("\\D", "");
    return n.isEmpty() || !p.toString().endsWith(".jpg") ? -1 : Integer.parseInt(n);
  }

  /**
   * The damage boxes of an image: YOLO {@code labels/NAME.txt} (class cx cy w h, 0–1), or Pascal
   * VOC {@code labels/NAME.xml} as RDD2022 ships them (objects D00, D10, D20, D40; {@code Repair}
   * is not damage). Until 2026-12-05 late only the YOLO form was read, so the drone frames' "damage
   * area blurred" was measured against no boxes at all.
   */
  static List<PixelBox> damage(Path image, int w, int h) throws IOException {
    String name = image.getFileName().toString().replaceAll("\\.jpg$", ".txt");
    Path labels = image.getParent().resolveSibling("labels").resolve(name);
    Path voc = image.getParent().resolveSibling("labels").resolve(name.replaceAll("\\.txt$",
        ".xml"));
    if (!Files.isRegularFile(labels) && Files.isRegularFile(voc)) {
      return vocDamage(Files.readString(voc));
    }
    if (!Files.isRegularFile(labels)) {
      return List.of();
    }
    List<PixelBox> out = new ArrayList<>();
    for (String line : Files.readAllLines(labels)) {
      String[] v = line.trim().split("\\s+");
      if (v.length >= 5) {
        double cx = Double.parseDouble(v[1]) * w;
        double cy = Double.parseDouble(v[2]) * h;
        double bw = Double.parseDouble(v[3]) * w;
        double bh = Double.parseDouble(v[4]) * h;
        out.add(new PixelBox(cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2));
      }
    }
    return out;
  }

  private static final java.util.regex.Pattern VOC_OBJECT = java.util.regex.Pattern.compile(
      "<object>.*?<name>\\s*(\\w+)\\s*</name>.*?<xmin>([\\d.]+)</xmin>\\s*<ymin>([\\d.]+)</ymin>"
          + "\\s*<xmax>([\\d.]+)</xmax>\\s*<ymax>([\\d.]+)</ymax>.*?</object>",
      java.util.regex.Pattern.DOTALL);

  static List<PixelBox> vocDamage(String xml) {
    List<PixelBox> out = new ArrayList<>();
    java.util.regex.Matcher m = VOC_OBJECT.matcher(xml);
    while (m.find()) {
      if (m.group(1).matches("D\\d\\d")) {
        out.add(new PixelBox(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
            Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5))));
      }
    }
    return out;
  }

  static Mat decode(Path file) {
    try {
      return ImageDecoder.decodeJpeg(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(file.toString(), e);
    }
  }
}
