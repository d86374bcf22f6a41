package org.roadscan.api.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.jclouds.blobstore.domain.Blob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.roadscan.api.config.ConfigException;
import org.roadscan.api.config.ImageStoreConfig;
import org.roadscan.api.testing.S3Server;
import org.roadscan.api.testing.TestImages;

/**
 * The {@link ImageBlobsContract} of an S3 bucket on a real S3 server in this JVM (S3Proxy, see
 * {@link S3Server}), a fresh bucket per test; and what the server holds, and how a bucket that
 * cannot be used is refused at start.
 */
class S3ImageBlobsTest extends ImageBlobsContract {

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3Server server;
  private S3ImageBlobs blobs;
  private String bucket;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3Server.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @BeforeEach
  void createBucket() {
    bucket = "images-" + BUCKETS.incrementAndGet();
    server.createBucket(bucket);
    blobs = S3ImageBlobs.of(server.settings(bucket, "city/roadscan"));
  }

  @AfterEach
  void closeClient() {
    blobs.close();
  }

  @Override
  ImageBlobs blobs() {
    return blobs;
  }

  @Test
  void anImageIsAnObjectUnderThePrefixAndItsHash() throws Exception {
    byte[] jpeg = TestImages.jpeg(31);
    String sha256 = ImageStore.sha256(jpeg);
    blobs.putIfAbsent(sha256, jpeg);

    String key = "city/roadscan/" + sha256.substring(0, 2) + "/" + sha256 + ".jpg";
    assertThat(blobs.keyOf(sha256)).isEqualTo(key);
    assertThat(blobs.location(sha256)).isEqualTo(URI.create("s3://" + bucket + "/" + key));
    Blob blob = server.blobStore().getBlob(bucket, key);
    assertThat(blob).as("the object on the server").isNotNull();
    try (var in = blob.getPayload().openStream()) {
      assertThat(in.readAllBytes()).isEqualTo(jpeg);
    }
    assertThat(blob.getMetadata().getContentMetadata().getContentType()).isEqualTo("image/jpeg");
    assertThat(server.blobStore().countBlobs(bucket)).isEqualTo(1);
  }

  @Test
  void aMissingBucketIsRefusedNamingTheBucketKey() {
    try (S3ImageBlobs missing = S3ImageBlobs.of(server.settings("no-such-bucket", ""))) {
      assertThatThrownBy(missing::check).isInstanceOf(ConfigException.class)
          .hasMessageContaining(ImageStoreConfig.S3_BUCKET).hasMessageContaining("no-such-bucket");
    }
  }

  @Test
  void refusedCredentialsAreRefusedNamingTheAccessKeyAndNeverShowingTheSecret() {
    ImageStoreConfig.S3 wrong = new ImageStoreConfig.S3(server.endpoint(), null, bucket, "",
        S3Server.ACCESS_KEY, "not-the-secret-at-all");
    try (S3ImageBlobs refused = S3ImageBlobs.of(wrong)) {
      assertThatThrownBy(refused::check).isInstanceOf(ConfigException.class)
          .hasMessageContaining(ImageStoreConfig.S3_ACCESS_KEY)
          .hasMessageNotContaining("not-the-secret-at-all");
    }
  }

  @Test
  void anUnreachableEndpointIsRefusedNamingTheEndpointKey() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ImageStoreConfig.S3 nowhere = new ImageStoreConfig.S3(
        URI.create("http://127.0.0.1:" + closedPort), null, bucket, "", S3Server.ACCESS_KEY,
        S3Server.SECRET_KEY);
    try (S3ImageBlobs unreachable = S3ImageBlobs.of(nowhere)) {
      assertThatThrownBy(unreachable::check).isInstanceOf(ConfigException.class)
          .hasMessageContaining(ImageStoreConfig.S3_ENDPOINT);
    }
  }
}
