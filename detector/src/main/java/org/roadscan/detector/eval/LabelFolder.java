package org.roadscan.detector.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A folder of label files, one per image with the image's base name: {@code NAME.txt} (YOLO) or
 * {@code NAME.xml} (Pascal VOC), chosen per file by extension. An image without a label file has
 * no damage. YOLO class indices refer to the model's synset unless the folder holds a
 * {@code classes.txt} (one name per line, the usual YOLO tooling convention), which then names
 * them. Immutable and thread-safe.
 */
public final class LabelFolder {

  /** Optional file naming the YOLO class indices of this folder. */
  public static final String CLASSES_FILE = "classes.txt";

  private final Path dir;
  private final List<String> modelClassNames;
  private final List<String> yoloClassNames;
  private final Set<String> ignoredVocNames;

  private LabelFolder(Path dir, List<String> modelClassNames, List<String> yoloClassNames,
      Set<String> ignoredVocNames) {
    this.dir = dir;
    this.modelClassNames = modelClassNames;
    this.yoloClassNames = yoloClassNames;
    this.ignoredVocNames = ignoredVocNames;
  }

  /**
   * Opens a label folder.
   *
   * @param modelClassNames the model's synset
   * @throws IOException when {@code classes.txt} exists but cannot be read
   */
  public static LabelFolder open(Path dir, List<String> modelClassNames) throws IOException {
    return open(dir, modelClassNames, Set.of());
  }

  /**
   * As {@link #open(Path, List)}; Pascal VOC objects named in {@code ignoredVocNames} (e.g.
   * RDD2022's {@code Repair}) are left out instead of refused.
   */
  public static LabelFolder open(Path dir, List<String> modelClassNames,
      Set<String> ignoredVocNames) throws IOException {
    Path classes = dir.resolve(CLASSES_FILE);
    List<String> yolo = modelClassNames;
    if (Files.isRegularFile(classes)) {
      yolo = Files.readAllLines(classes, StandardCharsets.UTF_8).stream().map(String::strip)
          .filter(s -> !s.isEmpty()).toList();
    }
    return new LabelFolder(dir, List.copyOf(modelClassNames), List.copyOf(yolo),
        Set.copyOf(ignoredVocNames));
  }

  /**
   * The labels of one image.
   *
   * @param imageBaseName the image file name without extension
   * @param imageWidth image width, px (YOLO coordinates are relative to it)
   * @param imageHeight image height, px
   * @return the labels; empty when there is no label file
   * @throws LabelFormatException when the label file is malformed or both a {@code .txt} and an
   *     {@code .xml} exist for the image
   */
  public List<LabelBox> labelsFor(String imageBaseName, int imageWidth, int imageHeight)
      throws IOException, LabelFormatException {
    Path txt = dir.resolve(imageBaseName + ".txt");
    Path xml = dir.resolve(imageBaseName + ".xml");
    boolean hasTxt = Files.isRegularFile(txt);
    boolean hasXml = Files.isRegularFile(xml);
    if (hasTxt && hasXml) {
      throw new LabelFormatException(xml, "both " + txt.getFileName() + " and "
          + xml.getFileName() + " exist; keep one label file per image");
    }
    if (hasTxt) {
      return YoloLabels.read(txt, imageWidth, imageHeight, yoloClassNames, modelClassNames);
    }
    if (hasXml) {
      return VocLabels.read(xml, modelClassNames, ignoredVocNames);
    }
    return List.of();
  }
}
