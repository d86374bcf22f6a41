package org.roadscan.api.survey;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.TestService;

/** HTTP steps of the survey tests, waited for on the JUnit thread. */
final class SurveyTestClient {

  private final Vertx vertx;
  private final WebClient client;
  private final int port;

  SurveyTestClient(Vertx vertx, int port) {
    this.vertx = vertx;
    this.client = TestService.client(vertx);
    this.port = port;
  }

  /** Creates a survey and returns its id. */
  long create(JsonObject body) {
    HttpResponse<Buffer> created = Await.result(client.post(port, "localhost", "/v1/surveys")
        .sendJsonObject(body));
    if (created.statusCode() != 201) {
      throw new AssertionError("create: " + created.statusCode() + " " + created.bodyAsString());
    }
    return created.bodyAsJsonObject().getLong("id");
  }

  long createDrone(String name) {
    return create(new JsonObject().put("name", name).put("kind", "drone"));
  }

  HttpResponse<Buffer> post(String path, JsonObject body) {
    return Await.result(client.post(port, "localhost", path).sendJsonObject(body));
  }

  HttpResponse<Buffer> upload(long surveyId, MultipartForm form) {
    return Await.result(client.post(port, "localhost", "/v1/surveys/" + surveyId + "/media")
        .sendMultipartForm(form));
  }

  HttpResponse<Buffer> get(String path) {
    return Await.result(client.get(port, "localhost", path).send());
  }

  /** GETs the survey until it is done (bounded, about 20 s) and returns it. */
  JsonObject done(long surveyId) {
    for (int i = 0; i < 400; i++) {
      JsonObject survey = get("/v1/surveys/" + surveyId).bodyAsJsonObject();
      if ("done".equals(survey.getString("state"))) {
        return survey;
      }
      Await.result(vertx.timer(50));
    }
    throw new AssertionError("survey " + surveyId + " never done: "
        + get("/v1/surveys/" + surveyId).bodyAsString());
  }

  static MultipartForm images(String name, byte[]... images) {
    MultipartForm form = MultipartForm.create();
    for (int i = 0; i < images.length; i++) {
      form.binaryFileUpload(name, "photo-" + i + ".jpg", Buffer.buffer(images[i]), "image/jpeg");
    }
    return form;
  }

  /** A ZIP of {@code names[i]} with {@code contents[i]}, deflated. */
  static byte[] zip(String[] names, byte[][] contents) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < names.length; i++) {
        zip.putNextEntry(new ZipEntry(names[i]));
        zip.write(contents[i]);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

}
