package org.roadscan.api.testing;

import java.nio.charset.StandardCharsets;
import org.roadscan.api.capture.ImageAnonymiser;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.detector.privacy.Anonymized;

/**
 * Narrow unit tests' stand-in for the anonymiser (tests of whole paths use the real one through
 * the service's configuration). {@link #MARKING} returns bytes that are recognisably not the
 * original, so a test can prove the store wrote the anonymiser's output and never the upload;
 * {@link #PASS_THROUGH} hands the bytes back unchanged for tests about something else that need
 * a decodable stored JPEG; {@link #UNUSED} fails the test when anything is written.
 */
public final class FakeAnonymiser {

  /** What {@link #MARKING} stores for an original with this SHA-256. */
  public static byte[] marked(String sha256) {
    return ("anonymised " + sha256).getBytes(StandardCharsets.US_ASCII);
  }

  public static final ImageAnonymiser MARKING = original -> {
    String sha256 = ImageStore.sha256(original);
    return new Anonymized(marked(sha256), 1, 0, "fake", sha256);
  };

  public static final ImageAnonymiser PASS_THROUGH = original ->
      new Anonymized(original.clone(), 0, 0, "fake", ImageStore.sha256(original));

  public static final ImageAnonymiser UNUSED = original -> {
    throw new AssertionError("this test's image store only reads");
  };

  private FakeAnonymiser() {
  }
}
