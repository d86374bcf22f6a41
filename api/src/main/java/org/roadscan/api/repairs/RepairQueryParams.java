package org.roadscan.api.repairs;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.roadscan.api.gis.LonLatBox;
import org.roadscan.api.gis.TimeInterval;
import org.roadscan.api.http.BboxParameter;
import org.roadscan.api.http.DatetimeParameter;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.register.DamageStatus;

/**
 * The query parameters shared by the repair list and its downloads, checked into a {@link
 * RepairQuery}:
 * <ul>
 *   <li>{@code status}: comma-separated statuses, or {@code all}; default the open ones
 *       ({@code new,confirmed,scheduled});
 *   <li>{@code class}: comma-separated damage classes (e.g. {@code D40,D20}); default all;
 *   <li>{@code bbox}: {@code minLon,minLat,maxLon,maxLat}, WGS84 degrees ({@link BboxParameter});
 *   <li>{@code minGrade}: 1.0..5.0, e.g. 3.5 for everything at or beyond the warning value;
 *   <li>{@code sort}: {@code priority} (default), {@code grade} or {@code lastSeen}, each
 *       descending;
 *   <li>{@code plausibility}: {@code plausible} (default for the repair list), {@code implausible}
 *       (damages too large for their class or off-road, to review them) or {@code all};
 *   <li>{@code datetime}: damages last seen at an RFC 3339 instant or on a date, or within an
 *       interval {@code start/end} with {@code ..} for an open end ({@link DatetimeParameter}),
 *       e.g. {@code 2026-10-01/..}; ends included;
 *   <li>{@code survey}: a survey id: damages with at least one observation in an image of that
 *       survey (an unknown id lists nothing).
 * </ul>
 * Anything unreadable is a 400 problem naming the parameter.
 */
final class RepairQueryParams {

  /** Parameters any repair-list route accepts besides the filters. */
  static final Set<String> FILTERS = Set.of("status", "class", "bbox", "minGrade", "sort",
      "plausibility", "datetime", "survey");

  private RepairQueryParams() {
  }

  static RepairQuery parse(MultiMap params, Set<String> alsoAllowed) throws ProblemException {
    return parse(params, alsoAllowed, RepairQuery.DEFAULT);
  }

  /**
   * As {@link #parse(MultiMap, Set)}, with the statuses and plausibility of {@code defaults} when
   * the request does not give them.
   */
  static RepairQuery parse(MultiMap params, Set<String> alsoAllowed, RepairQuery defaults)
      throws ProblemException {
    for (String name : params.names()) {
      if (!FILTERS.contains(name) && !alsoAllowed.contains(name)) {
        List<String> known = new ArrayList<>(FILTERS);
        known.addAll(alsoAllowed);
        throw invalid(name, "unknown parameter '" + name + "'; known: "
            + String.join(", ", known.stream().sorted().toList()));
      }
    }
    List<String> statuses = defaults.statuses();
    String statusText = params.get("status");
    if (statusText != null) {
      statuses = statusText.equalsIgnoreCase("all") ? DamageStatus.allValues()
          : list(statusText, "status");
      for (String status : statuses) {
        if (!DamageStatus.allValues().contains(status)) {
          throw invalid("status", "unknown status '" + status + "'; one of "
              + String.join(", ", DamageStatus.allValues().stream().sorted().toList())
              + ", or all");
        }
      }
    }
    List<String> classes = List.of();
    String classText = params.get("class");
    if (classText != null) {
      classes = list(classText, "class");
      for (String c : classes) {
        if (!c.matches("[A-Za-z0-9_]{1,32}")) {
          throw invalid("class", "not a class name: '" + c + "'");
        }
      }
    }
    LonLatBox bbox = BboxParameter.parse(params.get("bbox"));
    double minGrade = 1.0;
    String gradeText = params.get("minGrade");
    if (gradeText != null) {
      try {
        minGrade = Double.parseDouble(gradeText);
      } catch (NumberFormatException e) {
        minGrade = Double.NaN;
      }
      if (!(minGrade >= 1.0 && minGrade <= 5.0)) {
        throw invalid("minGrade", "minGrade must be a number 1.0..5.0, was '" + gradeText + "'");
      }
    }
    RepairSort sort = RepairSort.PRIORITY;
    String sortText = params.get("sort");
    if (sortText != null) {
      sort = RepairSort.of(sortText);
      if (sort == null) {
        throw invalid("sort", "sort must be priority, grade or lastSeen, was '" + sortText + "'");
      }
    }
    Plausibility plausibility = defaults.plausibility();
    String plausibilityText = params.get("plausibility");
    if (plausibilityText != null) {
      plausibility = Plausibility.of(plausibilityText).orElseThrow(() -> invalid("plausibility",
          "plausibility must be plausible, implausible or all, was '" + plausibilityText + "'"));
    }
    TimeInterval lastSeen = DatetimeParameter.parse(params.get("datetime"));
    Long surveyId = null;
    String surveyText = params.get("survey");
    if (surveyText != null) {
      try {
        surveyId = Long.parseLong(surveyText);
      } catch (NumberFormatException e) {
        surveyId = -1L;
      }
      if (surveyId < 1) {
        throw invalid("survey", "survey must be a survey id (a positive integer), was '"
            + surveyText + "'");
      }
    }
    return new RepairQuery(statuses, classes, bbox, minGrade, sort, plausibility, lastSeen,
        surveyId);
  }

  /** The filters of a query as query parameters (for next links), without leading '&'. */
  static String encode(RepairQuery query) {
    List<String> parts = new ArrayList<>();
    if (!query.statuses().equals(DamageStatus.openValues())) {
      parts.add("status=" + (query.statuses().containsAll(DamageStatus.allValues()) ? "all"
          : String.join(",", query.statuses())));
    }
    if (!query.classes().isEmpty()) {
      parts.add("class=" + String.join(",", query.classes()));
    }
    if (query.bbox() != null) {
      LonLatBox b = query.bbox();
      parts.add(String.format(Locale.ROOT, "bbox=%s,%s,%s,%s", b.minLonDeg(), b.minLatDeg(),
          b.maxLonDeg(), b.maxLatDeg()));
    }
    if (query.minGrade() > 1.0) {
      parts.add("minGrade=" + query.minGrade());
    }
    if (query.sort() != RepairSort.PRIORITY) {
      parts.add("sort=" + query.sort().parameter());
    }
    if (query.plausibility() != Plausibility.PLAUSIBLE) {
      parts.add("plausibility=" + query.plausibility().parameter());
    }
    if (query.lastSeen() != null) {
      // as instants (UTC, "Z"): nothing in them needs escaping in a query
      TimeInterval t = query.lastSeen();
      parts.add("datetime=" + (t.start() != null && t.start().equals(t.end()) ? t.start()
          : (t.start() == null ? ".." : t.start()) + "/" + (t.end() == null ? ".." : t.end())));
    }
    if (query.surveyId() != null) {
      parts.add("survey=" + query.surveyId());
    }
    return String.join("&", parts);
  }

  private static List<String> list(String text, String name) throws ProblemException {
    List<String> items = new ArrayList<>();
    for (String item : text.split(",")) {
      if (!item.isBlank()) {
        items.add(item.strip());
      }
    }
    if (items.isEmpty()) {
      throw invalid(name, name + " is empty");
    }
    return items;
  }

  private static ProblemException invalid(String name, String detail) {
    return new ProblemException(ProblemType.INVALID_PARAMETER, detail, name);
  }
}
