package org.roadscan.detector.eval;

import java.util.List;
import java.util.Optional;
import org.roadscan.detector.DamageClass;

/**
 * Classes scored as one in addition to their own rows: a prediction of any member class matches a
 * label of any member class. For the RDD crack codes this is the honest headline while their
 * subtypes are derived from mask shapes rather than drawn by people: a crack found but called
 * longitudinal where the label says alligator is still a crack found. Immutable.
 *
 * @param name the row's name, e.g. {@code crack}
 * @param members the member class names, at least two, in synset order
 */
public record ClassGroup(String name, List<String> members) {

  /** The RDD crack codes: longitudinal, transverse and alligator cracks ({@link DamageClass}). */
  public static final List<String> RDD_CRACKS = DamageClass.crackCodes();

  public ClassGroup {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a class group needs a name");
    }
    members = List.copyOf(members);
    if (members.size() < 2 || members.stream().distinct().count() != members.size()) {
      throw new IllegalArgumentException("a class group needs two or more distinct members, got "
          + members);
    }
  }

  /**
   * The {@code crack} group of the RDD crack codes that {@code classNames} has, when it has two or
   * more of them; empty otherwise (a model of other classes gets no group).
   */
  public static Optional<ClassGroup> rddCracksIn(List<String> classNames) {
    List<String> present = classNames.stream().filter(RDD_CRACKS::contains).toList();
    return present.size() >= 2 ? Optional.of(new ClassGroup("crack", present))
        : Optional.empty();
  }
}
