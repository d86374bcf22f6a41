package org.roadscan.detector;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The damage-class catalogue: every class code RoadScan knows (the RDD2022 codes a model's {@code
 * synset.txt} lists), with its plain-English name, its kind and its severity. The one place class
 * codes are defined: a model is checked against it when it loads ({@link #requireKnown}), the
 * register merges and ranks classes by it, the priority policy scores by it, Open311 and OGC name
 * them by it.
 *
 * <p>Declaration order is ascending severity ({@code D00 < D10 < D20 < D40}): a damage seen as two
 * compatible classes keeps the later one in this order. Immutable and thread-safe.
 */
public enum DamageClass {
  /** A crack along the direction of travel. */
  D00("Longitudinal crack", "longitudinal crack", Kind.CRACK, 0.4, 60, 50),
  /** A crack across the direction of travel. */
  D10("Transverse crack", "transverse crack", Kind.CRACK, 0.5, 60, 50),
  /** A mesh of connected cracks (fatigue, crocodile cracking). */
  D20("Alligator crack", "alligator cracking", Kind.CRACK, 0.7, 60, Double.POSITIVE_INFINITY),
  /** A hole in the surface. */
  D40("Pothole", "pothole", Kind.POTHOLE, 1.0, 6, 4);

  /** What a class is physically; decides whether its length counts as its size. */
  public enum Kind {
    CRACK, POTHOLE
  }

  private static final List<DamageClass> BY_SEVERITY = List.of(values());
  private static final List<String> CODES = BY_SEVERITY.stream().map(DamageClass::code).toList();

  private final String description;
  private final String phrase;
  private final Kind kind;
  private final double severity;
  private final double maxAreaM2;
  private final double maxLengthM;

  DamageClass(String description, String phrase, Kind kind, double severity, double maxAreaM2,
      double maxLengthM) {
    this.description = description;
    this.phrase = phrase;
    this.kind = kind;
    this.severity = severity;
    this.maxAreaM2 = maxAreaM2;
    this.maxLengthM = maxLengthM;
  }

  /** The code as {@code synset.txt}, the register and the API write it, e.g. {@code D40}. */
  public String code() {
    return name();
  }

  /** Plain-English name, capitalised, e.g. {@code Alligator crack} (Open311 service names). */
  public String description() {
    return description;
  }

  /**
   * Lower-case name used inside sentences, e.g. {@code alligator cracking} (the priority's
   * explanation, as the register has stored it since the first release).
   */
  public String phrase() {
    return phrase;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isCrack() {
    return kind == Kind.CRACK;
  }

  /** Severity, 0..1 (the priority's severity part); ascending in declaration order. */
  public double severity() {
    return severity;
  }

  /**
   * The largest ground footprint one real damage of this class can have, square metres: a generous
   * upper bound, not a typical size. A pothole: 6 m² (a 2 m × 3 m hole is already exceptional);
   * alligator cracking: 60 m² (a 3.5 m lane over 17 m); a longitudinal or transverse crack: 60 m²
   * of footprint (a diagonal crack's footprint is its bounding quadrilateral). Larger sightings are
   * the model's mistakes (a drone frame of fields gave "potholes" of 18 to 586 m²).
   */
  public double maxAreaM2() {
    return maxAreaM2;
  }

  /**
   * The longest one real damage of this class can be, metres: a pothole 4 m across, a longitudinal
   * or transverse crack 50 m in one frame; alligator cracking is bounded by its area only.
   */
  public double maxLengthM() {
    return maxLengthM;
  }

  /** Every class, mildest first. */
  public static List<DamageClass> bySeverity() {
    return BY_SEVERITY;
  }

  /** Every code, mildest first: {@code [D00, D10, D20, D40]}. */
  public static List<String> codes() {
    return CODES;
  }

  /** The class of a code (exact, upper case), or empty for a code not in the catalogue. */
  public static Optional<DamageClass> of(String code) {
    return Arrays.stream(values()).filter(c -> c.name().equals(code)).findFirst();
  }

  /** Whether {@code code} is a crack of the catalogue (false for unknown codes). */
  public static boolean isCrack(String code) {
    return of(code).map(DamageClass::isCrack).orElse(false);
  }

  /** The crack codes, mildest first: {@code [D00, D10, D20]}. */
  public static List<String> crackCodes() {
    return BY_SEVERITY.stream().filter(DamageClass::isCrack).map(DamageClass::code).toList();
  }

  /**
   * Checks that every class a model lists is in the catalogue, so that no part of the service
   * meets a class it cannot name, rank or merge.
   *
   * @param classNames the model's class names, e.g. read from {@code synset.txt}
   * @param source where they come from, for the message (e.g. the synset file's path)
   * @throws IllegalArgumentException naming the source, the unknown names and the catalogue
   */
  public static void requireKnown(List<String> classNames, Object source) {
    List<String> unknown = classNames.stream().filter(n -> of(n).isEmpty()).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(source + " lists classes that are not in the damage-class"
          + " catalogue (" + DamageClass.class.getName() + "): " + unknown + "; known: " + CODES
          + ". Add them to the catalogue with a description, kind and severity.");
    }
  }
}
