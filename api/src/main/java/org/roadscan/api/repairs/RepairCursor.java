package org.roadscan.api.repairs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.roadscan.api.register.Damage;

/**
 * Position in the repair list: the sort key and id of the last damage of a page. The list is
 * ordered by that key descending, then id descending, so the position stays valid while damages
 * are added. Encoded as opaque URL-safe base64 for clients; a cursor only continues the sort it
 * was issued for.
 *
 * @param sort the order the cursor belongs to
 * @param key the last damage's sort key: the score or grade as a decimal, or the last-seen time
 *     as ISO 8601
 * @param damageId id of the last damage returned
 */
public record RepairCursor(RepairSort sort, String key, long damageId) {

  /** The cursor after a damage in a sort. */
  public static RepairCursor after(RepairSort sort, Damage last) {
    String key = switch (sort) {
      case PRIORITY -> Double.toString(last.priorityScore());
      case GRADE -> Double.toString(last.grade());
      case LAST_SEEN -> last.lastSeen().toString();
    };
    return new RepairCursor(sort, key, last.id());
  }

  public String encode() {
    String plain = sort.parameter() + ':' + key + '|' + damageId;
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** The key as the SQL parameter its sort compares with. */
  Object keyValue() {
    return sort == RepairSort.LAST_SEEN ? Instant.parse(key).atOffset(java.time.ZoneOffset.UTC)
        : Double.parseDouble(key);
  }

  /** @throws IllegalArgumentException when {@code text} is not a cursor this service issued */
  public static RepairCursor decode(String text) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int colon = plain.indexOf(':');
      int bar = plain.lastIndexOf('|');
      RepairSort sort = RepairSort.of(plain.substring(0, colon));
      if (sort == null) {
        throw new IllegalArgumentException("unknown sort");
      }
      RepairCursor cursor = new RepairCursor(sort, plain.substring(colon + 1, bar),
          Long.parseLong(plain.substring(bar + 1)));
      Object key = cursor.keyValue();
      if (key instanceof Double d && !Double.isFinite(d)) {
        throw new IllegalArgumentException("key not finite");
      }
      return cursor;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed cursor", e);
    }
  }
}
