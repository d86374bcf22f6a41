package org.roadscan.detector.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.roadscan.detector.PixelBox;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a Pascal VOC annotation: every {@code <object>} with a {@code <name>} that must be one of
 * the model's class names (e.g. {@code D40}) and a {@code <bndbox>} with {@code xmin, ymin, xmax,
 * ymax} in pixels (decimals accepted). DTDs and external entities are refused. Stateless and
 * thread-safe.
 */
public final class VocLabels {

  private VocLabels() {
  }

  /**
   * Reads one file.
   *
   * @throws LabelFormatException when the XML is malformed, a value is missing or not a number,
   *     or a class name is not one of {@code modelClassNames}
   */
  public static List<LabelBox> read(Path file, List<String> modelClassNames)
      throws IOException, LabelFormatException {
    return read(file, modelClassNames, Set.of());
  }

  /**
   * As {@link #read(Path, List)}, skipping objects whose name is in {@code ignored}: annotations
   * of things that are not damage to this model, such as RDD2022's {@code Repair} (patched
   * surface) and {@code Block crack}.
   */
  public static List<LabelBox> read(Path file, List<String> modelClassNames, Set<String> ignored)
      throws IOException, LabelFormatException {
    Document doc;
    try (InputStream in = Files.newInputStream(file)) {
      doc = newBuilder().parse(in);
    } catch (SAXException e) {
      throw new LabelFormatException(file, "not well-formed XML: " + e.getMessage(), e);
    }
    List<LabelBox> boxes = new ArrayList<>();
    NodeList objects = doc.getElementsByTagName("object");
    for (int i = 0; i < objects.getLength(); i++) {
      Element o = (Element) objects.item(i);
      String name = text(file, o, "name", i);
      if (ignored.contains(name)) {
        continue;
      }
      int cls = modelClassNames.indexOf(name);
      if (cls < 0) {
        throw new LabelFormatException(file, "object " + (i + 1) + ": class '" + name
            + "' is not one of the model's classes " + modelClassNames
            + (ignored.isEmpty() ? "; evaluate --ignore-class '" + name + "' leaves such objects out"
                : ""));
      }
      NodeList bb = o.getElementsByTagName("bndbox");
      if (bb.getLength() == 0) {
        throw new LabelFormatException(file, "object " + (i + 1) + " has no <bndbox>");
      }
      Element b = (Element) bb.item(0);
      double x0 = number(file, b, "xmin", i);
      double y0 = number(file, b, "ymin", i);
      double x1 = number(file, b, "xmax", i);
      double y1 = number(file, b, "ymax", i);
      if (!(x1 >= x0 && y1 >= y0)) {
        throw new LabelFormatException(file, "object " + (i + 1) + ": xmax < xmin or ymax < ymin");
      }
      boxes.add(new LabelBox(cls, new PixelBox(x0, y0, x1, y1)));
    }
    return boxes;
  }

  private static DocumentBuilder newBuilder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      // the default handler prints "[Fatal Error]" to stderr before throwing; we report instead
      b.setErrorHandler(new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      });
      return b;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the XML parser lacks secure processing", e);
    }
  }

  private static String text(Path file, Element parent, String tag, int object)
      throws LabelFormatException {
    NodeList l = parent.getElementsByTagName(tag);
    if (l.getLength() == 0 || l.item(0).getTextContent().isBlank()) {
      throw new LabelFormatException(file, "object " + (object + 1) + " has no <" + tag + ">");
    }
    return l.item(0).getTextContent().strip();
  }

  private static double number(Path file, Element parent, String tag, int object)
      throws LabelFormatException {
    String t = text(file, parent, tag, object);
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new LabelFormatException(file, "object " + (object + 1) + ": <" + tag
          + "> is not a number: '" + t + "'");
    }
  }
}
