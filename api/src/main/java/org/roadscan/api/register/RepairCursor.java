package org.roadscan.api.register;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Position in the repair list: the (score, id) of the last damage of a page. The list is ordered
 * by score descending, then id descending, so the position stays valid while damages are added.
 * Encoded as opaque URL-safe base64 for clients.
 *
 * @param priorityScore score of the last damage returned
 * @param damageId id of the last damage returned
 */
public record RepairCursor(double priorityScore, long damageId) {

  public String encode() {
    String plain = Double.toString(priorityScore) + ':' + damageId;
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** @throws IllegalArgumentException when {@code text} is not a cursor this service issued */
  public static RepairCursor decode(String text) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int colon = plain.lastIndexOf(':');
      double score = Double.parseDouble(plain.substring(0, colon));
      if (!Double.isFinite(score)) {
        throw new IllegalArgumentException("score not finite");
      }
      return new RepairCursor(score, Long.parseLong(plain.substring(colon + 1)));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed cursor", e);
    }
  }
}
