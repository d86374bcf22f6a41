package org.roadscan.api.capture;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import org.roadscan.api.config.ConfigException;
import org.roadscan.api.config.ImageStoreConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Images as objects of an S3-compatible bucket (MinIO, Ceph's RADOS gateway, a city's object
 * storage, AWS S3): key {@code <prefix>ab/abcdef….jpg}, the same relative names as {@link
 * DirectoryImageBlobs}, so a directory store moves to a bucket by copying the tree.
 *
 * <p>An object is written in one PUT, which S3 makes visible whole or not at all; a write is
 * skipped when a HEAD finds the key, and sent with {@code If-None-Match: *} so that of two
 * replicas storing the same new photo at once only one reports it created (a store that ignores
 * the condition overwrites with the identical bytes, which is harmless).
 *
 * <p>Path-style addressing ({@code <endpoint>/<bucket>/<key>}), the AWS SDK v2 synchronous client
 * over the JDK's {@code HttpURLConnection} (no Netty beside Vert.x's), checksums only where an
 * operation requires them (stores other than AWS often refuse the SDK's default trailing
 * checksums). Every method blocks on the network: call them on a worker executor. Thread-safe
 * (the SDK client is).
 */
public final class S3ImageBlobs implements ImageBlobs, AutoCloseable {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
  private static final String JPEG = "image/jpeg";

  private final S3Client s3;
  private final ImageStoreConfig.S3 settings;

  S3ImageBlobs(S3Client s3, ImageStoreConfig.S3 settings) {
    this.s3 = s3;
    this.settings = settings;
  }

  /** A client of the bucket in {@code settings}; nothing is sent before the first call. */
  public static S3ImageBlobs of(ImageStoreConfig.S3 settings) {
    S3ClientBuilder builder = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT)
            .socketTimeout(SOCKET_TIMEOUT)
            .build())
        .region(Region.of(settings.region()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT));
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return new S3ImageBlobs(builder.build(), settings);
  }

  /** The object key of an image: the prefix and {@code ab/abcdef….jpg}. */
  public String keyOf(String sha256) {
    return settings.prefix() + ImageBlobs.relativeName(sha256);
  }

  @Override
  public boolean putIfAbsent(String sha256, byte[] bytes) throws IOException {
    return put(sha256, RequestBody.fromBytes(bytes));
  }

  private boolean put(String sha256, RequestBody body) throws IOException {
    if (contains(sha256)) {
      return false;
    }
    String key = keyOf(sha256);
    try {
      s3.putObject(PutObjectRequest.builder().bucket(settings.bucket()).key(key)
          .contentType(JPEG).ifNoneMatch("*").build(), body);
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 412) {
        return false; // another writer stored the same bytes meanwhile
      }
      throw failed("PUT", key, e);
    } catch (SdkException e) {
      throw failed("PUT", key, e);
    }
  }

  @Override
  public boolean contains(String sha256) throws IOException {
    String key = keyOf(sha256);
    try {
      s3.headObject(b -> b.bucket(settings.bucket()).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw failed("HEAD", key, e);
    } catch (SdkException e) {
      throw failed("HEAD", key, e);
    }
  }

  @Override
  public byte[] read(String sha256) throws IOException {
    String key = keyOf(sha256);
    try {
      return s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(key)).asByteArray();
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(location(sha256).toString());
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new NoSuchFileException(location(sha256).toString());
      }
      throw failed("GET", key, e);
    } catch (SdkException e) {
      throw failed("GET", key, e);
    }
  }

  @Override
  public void delete(String sha256) throws IOException {
    String key = keyOf(sha256);
    try {
      // S3 answers 204 whether or not the key existed
      s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
    } catch (SdkException e) {
      throw failed("DELETE", key, e);
    }
  }

  @Override
  public URI location(String sha256) {
    return URI.create("s3://" + settings.bucket() + "/" + keyOf(sha256));
  }

  /**
   * HEADs the bucket: it must exist and the credentials must reach it.
   *
   * @throws ConfigException naming {@code ROADSCAN_S3_ENDPOINT} when the store cannot be reached,
   *     {@code ROADSCAN_S3_BUCKET} when the bucket is missing, {@code ROADSCAN_S3_ACCESS_KEY} when
   *     the credentials are refused
   */
  @Override
  public void check() {
    try {
      s3.headBucket(b -> b.bucket(settings.bucket()));
    } catch (S3Exception e) {
      int status = e.statusCode();
      if (status == 404) {
        throw new ConfigException(ImageStoreConfig.S3_BUCKET, "no bucket '" + settings.bucket()
            + "' in " + settings.describe() + " (create it first)");
      }
      if (status == 401 || status == 403) {
        throw new ConfigException(ImageStoreConfig.S3_ACCESS_KEY, "the credentials were refused"
            + " for bucket '" + settings.bucket() + "' (HTTP " + status + ") in "
            + settings.describe());
      }
      throw new ConfigException(ImageStoreConfig.S3_BUCKET, "HEAD of bucket '"
          + settings.bucket() + "' failed (HTTP " + status + ") in " + settings.describe());
    } catch (SdkClientException e) {
      throw new ConfigException(ImageStoreConfig.S3_ENDPOINT, "cannot reach "
          + settings.describe() + ": " + e.getMessage());
    }
  }

  private IOException failed(String operation, String key, SdkException e) {
    return new IOException("S3 " + operation + " of " + settings.bucket() + "/" + key
        + " failed: " + e.getMessage(), e);
  }

  /** Closes the HTTP client. */
  @Override
  public void close() {
    s3.close();
  }

  @Override
  public String toString() {
    return settings.describe();
  }
}
