package dev.deployer.awsfaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.deployer.core.fixture.FakeClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The proxy's own failure paths of a create with tags, which no emulator produces on demand: an
 * upstream that cannot list, cannot tag, or drops the tagging call. Played by a loopback upstream
 * that answers the proxy's calls as told and records them; the client is the real SDK.
 */
class BucketTagsOnCreateIT {
  private final List<String> upstreamCalls = new CopyOnWriteArrayList<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private HttpServer upstream;
  private AwsFaultProxy proxy;

  /** How the upstream answers ListBuckets and PutBucketTagging; -1 drops the connection. */
  private S3Client through(int listStatus, int taggingStatus) throws IOException {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext(
        "/",
        ex -> {
          String call =
              ex.getRequestMethod()
                  + " "
                  + ex.getRequestURI().getRawPath()
                  + (ex.getRequestURI().getRawQuery() == null
                      ? ""
                      : "?" + ex.getRequestURI().getRawQuery());
          upstreamCalls.add(call);
          ex.getRequestBody().readAllBytes();
          if (call.equals("GET /")) {
            answer(
                ex,
                listStatus,
                "<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>");
          } else if (call.endsWith("?tagging")) {
            if (taggingStatus < 0) {
              ex.close(); // no answer at all
            } else {
              answer(ex, taggingStatus, "<Error><Code>ServiceUnavailable</Code></Error>");
            }
          } else if (call.startsWith("DELETE ")) {
            ex.sendResponseHeaders(204, -1);
            ex.close();
          } else {
            answer(ex, 200, "");
          }
        });
    upstream.start();
    proxy =
        AwsFaultProxy.start(
            0,
            "http://127.0.0.1:" + upstream.getAddress().getPort(),
            "{\"rules\":[]}",
            new FakeClock(),
            log::add);
    return S3Client.builder()
        .endpointOverride(URI.create(proxy.endpoint()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.builder().build())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/xml");
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
    ex.close();
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (upstream != null) {
      upstream.stop(0);
    }
  }

  private static S3Exception createTagged(S3Client s3) {
    return createTagged(s3, "deployer:stack");
  }

  /** A CreateBucket of acme-dev with the one tag {@code key}=dev; what it threw, or null. */
  private static S3Exception createTagged(S3Client s3, String key) {
    Tag tag = Tag.builder().key(key).value("dev").build();
    return catchThrowableOfType(
        S3Exception.class,
        () ->
            s3.createBucket(r -> r.bucket("acme-dev").createBucketConfiguration(c -> c.tags(tag))));
  }

  @Test
  void taggingRefusedUpstream_undoesTheCreate_andAnswersTheRefusal() throws IOException {
    S3Exception e = createTagged(through(200, 503));
    assertThat(e).isNotNull();
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(upstreamCalls)
        .containsExactly("GET /", "PUT /acme-dev", "PUT /acme-dev?tagging", "DELETE /acme-dev");
    assertThat(log).anyMatch(l -> l.contains("acme-dev undone") && l.contains("(503)"));
  }

  @Test
  void taggingWithoutAnAnswer_undoesTheCreate_andAnswersInternalError() throws IOException {
    S3Exception e = createTagged(through(200, -1));
    assertThat(e).isNotNull();
    assertThat(e.statusCode()).isEqualTo(500);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
    assertThat(upstreamCalls).contains("PUT /acme-dev?tagging").endsWith("DELETE /acme-dev");
    assertThat(log).anyMatch(l -> l.contains("acme-dev undone") && l.contains("tagging failed"));
  }

  @Test
  void noListOfOwnedBuckets_createsNothing_andAnswersInternalError() throws IOException {
    S3Exception e = createTagged(through(503, 200));
    assertThat(e).isNotNull();
    assertThat(e.statusCode()).isEqualTo(500);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
    assertThat(upstreamCalls).containsExactly("GET /");
  }

  @Test
  void aTagSetS3Refuses_isRefusedBeforeAnyUpstreamCall() throws IOException {
    S3Exception e = createTagged(through(200, 200), "bad*key");
    assertThat(e).isNotNull();
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidTag");
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("The TagKey you have provided is invalid");
    assertThat(upstreamCalls).isEmpty();
  }
}
