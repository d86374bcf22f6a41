package org.roadscan.detector.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.roadscan.detector.PixelBox;

/**
 * Reads a YOLO label file: one object per line, {@code class cx cy w h} with centre and size
 * normalised to 0..1 of the image, or a polygon {@code class x1 y1 x2 y2 ...} (normalised), which
 * becomes its bounding box. Coordinates are clipped to the image. Blank lines are skipped.
 * Stateless and thread-safe.
 */
public final class YoloLabels {

  private YoloLabels() {
  }

  /**
   * Reads one file.
   *
   * @param file the {@code .txt} file
   * @param imageWidth image width, px
   * @param imageHeight image height, px
   * @param fileClassNames what the file's class indices mean (a {@code classes.txt} next to the
   *     labels, or the model's synset)
   * @param modelClassNames the model's synset; every class must be one of these
   * @throws LabelFormatException on a malformed line, an index outside {@code fileClassNames} or a
   *     class the model does not know
   */
  public static List<LabelBox> read(Path file, int imageWidth, int imageHeight,
      List<String> fileClassNames, List<String> modelClassNames)
      throws IOException, LabelFormatException {
    List<LabelBox> boxes = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] v = line.split("\\s+");
      if (v.length < 5 || v.length % 2 == 0) {
        throw new LabelFormatException(file, "line " + (n + 1)
            + ": expected 'class cx cy w h' or 'class x1 y1 x2 y2 ...', got '" + line + "'");
      }
      double[] nums = new double[v.length - 1];
      int fileClass;
      try {
        double c = Double.parseDouble(v[0]);
        fileClass = (int) c;
        if (fileClass != c) {
          throw new NumberFormatException("class index is not an integer");
        }
        for (int i = 1; i < v.length; i++) {
          nums[i - 1] = Double.parseDouble(v[i]);
        }
      } catch (NumberFormatException e) {
        throw new LabelFormatException(file, "line " + (n + 1) + ": not a number in '" + line + "'");
      }
      if (fileClass < 0 || fileClass >= fileClassNames.size()) {
        throw new LabelFormatException(file, "line " + (n + 1) + ": class index " + fileClass
            + " is unknown; classes are " + fileClassNames);
      }
      String name = fileClassNames.get(fileClass);
      int modelClass = modelClassNames.indexOf(name);
      if (modelClass < 0) {
        throw new LabelFormatException(file, "line " + (n + 1) + ": class '" + name
            + "' is not one of the model's classes " + modelClassNames);
      }
      double x0;
      double y0;
      double x1;
      double y1;
      if (nums.length == 4) {
        x0 = nums[0] - nums[2] / 2;
        y0 = nums[1] - nums[3] / 2;
        x1 = nums[0] + nums[2] / 2;
        y1 = nums[1] + nums[3] / 2;
      } else {
        x0 = Double.POSITIVE_INFINITY;
        y0 = Double.POSITIVE_INFINITY;
        x1 = Double.NEGATIVE_INFINITY;
        y1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < nums.length; i += 2) {
          x0 = Math.min(x0, nums[i]);
          x1 = Math.max(x1, nums[i]);
          y0 = Math.min(y0, nums[i + 1]);
          y1 = Math.max(y1, nums[i + 1]);
        }
      }
      x0 = clip(x0) * imageWidth;
      x1 = clip(x1) * imageWidth;
      y0 = clip(y0) * imageHeight;
      y1 = clip(y1) * imageHeight;
      if (!(x1 >= x0 && y1 >= y0)) {
        throw new LabelFormatException(file, "line " + (n + 1) + ": negative box size in '"
            + line + "'");
      }
      boxes.add(new LabelBox(modelClass, new PixelBox(x0, y0, x1, y1)));
    }
    return boxes;
  }

  private static double clip(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
