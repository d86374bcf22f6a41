package org.roadscan.detector.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.detector.PixelBox;

class LabelReadersTest {

  private static final List<String> NAMES = List.of("D00", "D10", "D20", "D40");

  @TempDir
  Path dir;

  @Test
  void yoloBoxesAreNormalisedCentreAndSize() throws Exception {
    Path f = Files.writeString(dir.resolve("a.txt"), "3 0.5 0.25 0.2 0.1\n\n0 0.1 0.1 0.2 0.2\n");
    List<LabelBox> l = YoloLabels.read(f, 640, 400, NAMES, NAMES);
    assertThat(l).containsExactly(
        new LabelBox(3, new PixelBox(256, 80, 384, 120)),
        new LabelBox(0, new PixelBox(0, 0, 128, 80))); // clipped at the image border
  }

  @Test
  void yoloPolygonsBecomeTheirBoundingBox() throws Exception {
    Path f = Files.writeString(dir.resolve("a.txt"), "0 0.1 0.2 0.3 0.25 0.2 0.5 0.15 0.4\n");
    List<LabelBox> l = YoloLabels.read(f, 100, 200, List.of("D40"), NAMES);
    assertThat(l).containsExactly(new LabelBox(3, new PixelBox(10, 40, 30, 100)));
  }

  @Test
  void yoloNamesTheFileAndLineOfAnUnknownClass() throws Exception {
    Path f = Files.writeString(dir.resolve("bad.txt"), "3 0.5 0.5 0.1 0.1\n7 0.5 0.5 0.1 0.1\n");
    assertThatThrownBy(() -> YoloLabels.read(f, 100, 100, NAMES, NAMES))
        .isInstanceOf(LabelFormatException.class)
        .hasMessageContaining("bad.txt").hasMessageContaining("line 2")
        .hasMessageContaining("class index 7");
    Path g = Files.writeString(dir.resolve("short.txt"), "3 0.5 0.5\n");
    assertThatThrownBy(() -> YoloLabels.read(g, 100, 100, NAMES, NAMES))
        .isInstanceOf(LabelFormatException.class).hasMessageContaining("short.txt");
  }

  @Test
  void vocReadsNamedBoxesInPixels() throws Exception {
    Path f = Files.writeString(dir.resolve("a.xml"), """
        <annotation><filename>a.jpg</filename>
          <object><name>D40</name><difficult>0</difficult>
            <bndbox><xmin>10</xmin><ymin>20.5</ymin><xmax>110</xmax><ymax>80</ymax></bndbox>
          </object>
          <object><name> D10 </name>
            <bndbox><xmin>0</xmin><ymin>0</ymin><xmax>5</xmax><ymax>6</ymax></bndbox>
          </object>
        </annotation>
        """);
    assertThat(VocLabels.read(f, NAMES)).containsExactly(
        new LabelBox(3, new PixelBox(10, 20.5, 110, 80)),
        new LabelBox(1, new PixelBox(0, 0, 5, 6)));
  }

  @Test
  void vocNamesTheFileAndTheUnknownClass() throws Exception {
    Path f = Files.writeString(dir.resolve("pothole.xml"), """
        <annotation><object><name>pothole</name>
          <bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox>
        </object></annotation>
        """);
    assertThatThrownBy(() -> VocLabels.read(f, NAMES))
        .isInstanceOf(LabelFormatException.class)
        .hasMessageContaining("pothole.xml").hasMessageContaining("'pothole'")
        .hasMessageContaining("[D00, D10, D20, D40]");
  }

  @Test
  void vocLeavesOutTheNamesItIsToldToIgnore() throws Exception {
    // RDD2022 annotates patched surface ("Repair"), which is no class of the model
    Path f = Files.writeString(dir.resolve("China_Drone_000001.xml"), """
        <annotation>
          <object><name>Repair</name>
            <bndbox><xmin>1</xmin><ymin>1</ymin><xmax>50</xmax><ymax>50</ymax></bndbox></object>
          <object><name>D00</name>
            <bndbox><xmin>10</xmin><ymin>20</ymin><xmax>30</xmax><ymax>200</ymax></bndbox></object>
        </annotation>
        """);
    assertThatThrownBy(() -> VocLabels.read(f, NAMES))
        .isInstanceOf(LabelFormatException.class)
        .hasMessageContaining("'Repair'").hasMessageContaining("--ignore-class 'Repair'");
    assertThat(VocLabels.read(f, NAMES, Set.of("Repair", "Block crack")))
        .containsExactly(new LabelBox(0, new PixelBox(10, 20, 30, 200)));
  }

  @Test
  void vocRefusesDoctypes() throws Exception {
    Path f = Files.writeString(dir.resolve("xxe.xml"), """
        <?xml version="1.0"?>
        <!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>
        <annotation><object><name>&x;</name></object></annotation>
        """);
    assertThatThrownBy(() -> VocLabels.read(f, NAMES))
        .isInstanceOf(LabelFormatException.class).hasMessageContaining("xxe.xml");
  }

  @Test
  void aFolderPicksTheFormatByExtensionAndTreatsMissingFilesAsNoDamage() throws Exception {
    Files.writeString(dir.resolve("classes.txt"), "D40\n");
    Files.writeString(dir.resolve("a.txt"), "0 0.5 0.5 0.5 0.5\n");
    Files.writeString(dir.resolve("b.xml"), "<annotation><object><name>D20</name><bndbox>"
        + "<xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object></annotation>");
    LabelFolder folder = LabelFolder.open(dir, NAMES);
    assertThat(folder.labelsFor("a", 100, 100))
        .containsExactly(new LabelBox(3, new PixelBox(25, 25, 75, 75)));
    assertThat(folder.labelsFor("b", 100, 100))
        .containsExactly(new LabelBox(2, new PixelBox(1, 2, 3, 4)));
    assertThat(folder.labelsFor("c", 100, 100)).isEmpty();
  }
}
