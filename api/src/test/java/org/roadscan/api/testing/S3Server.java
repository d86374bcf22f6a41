package org.roadscan.api.testing;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.roadscan.api.config.ImageStoreConfig;

/**
 * A real S3 server in the test JVM: S3Proxy (the S3 protocol on Jetty, with AWS signature V4
 * authentication) over a jclouds in-memory ("transient") blob store, on a free port of 127.0.0.1.
 * Tests talk to it over HTTP like to MinIO, and look at what it holds through {@link #blobStore()}
 * (the server's side, not the client under test). Thread-safe as S3Proxy and jclouds are.
 */
public final class S3Server implements AutoCloseable {

  public static final String ACCESS_KEY = "roadscan-test-access";
  public static final String SECRET_KEY = "roadscan-test-secret-0123456789abcdef";

  private final BlobStoreContext context;
  private final S3Proxy proxy;

  private S3Server(BlobStoreContext context, S3Proxy proxy) {
    this.context = context;
    this.proxy = proxy;
  }

  /** Starts a server with no buckets. Blocking (well under a second). */
  public static S3Server start() throws Exception {
    BlobStoreContext context = ContextBuilder.newBuilder("transient")
        .credentials("identity", "credential")
        .overrides(new Properties())
        .build(BlobStoreContext.class);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(5);
    }
    return new S3Server(context, proxy);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Creates {@code bucket} on the server's side. */
  public void createBucket(String bucket) {
    context.getBlobStore().createContainerInLocation(null, bucket);
  }

  /** What the server holds. */
  public BlobStore blobStore() {
    return context.getBlobStore();
  }

  /** Settings of {@code bucket} with the right credentials. */
  public ImageStoreConfig.S3 settings(String bucket, String prefix) {
    return new ImageStoreConfig.S3(endpoint(), null, bucket, prefix, ACCESS_KEY, SECRET_KEY);
  }

  /** The ROADSCAN_* keys that put the service's images into {@code bucket}. */
  public Map<String, String> config(String bucket, String prefix) {
    Map<String, String> env = new HashMap<>();
    env.put(ImageStoreConfig.IMAGE_STORE, "s3");
    env.put(ImageStoreConfig.S3_ENDPOINT, endpoint().toString());
    env.put(ImageStoreConfig.S3_BUCKET, bucket);
    env.put(ImageStoreConfig.S3_PREFIX, prefix);
    env.put(ImageStoreConfig.S3_ACCESS_KEY, ACCESS_KEY);
    env.put(ImageStoreConfig.S3_SECRET_KEY, SECRET_KEY);
    return env;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    context.close();
  }
}
