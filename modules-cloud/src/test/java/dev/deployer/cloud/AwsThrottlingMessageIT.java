package dev.deployer.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.deployer.core.retry.Retrier;
import dev.deployer.core.retry.RetriesExhaustedException;
import dev.deployer.core.retry.RetryPolicy;
import dev.deployer.core.retry.Sleeper;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An endpoint on loopback that answers every call 503 SlowDown, as S3 does when throttling: the
 * exhausted retry names the status, the code, "rate limited", the host and the operation (issue 12
 * finding 12), which the SDK's exception alone does not carry.
 */
class AwsThrottlingMessageIT {
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void alwaysSlowDown_exhaustedRetrySaysWhy() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          calls.incrementAndGet();
          byte[] body =
              ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                      + "<Message>Please reduce your request rate.</Message>"
                      + "<RequestId>r1</RequestId></Error>")
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/xml");
          ex.sendResponseHeaders(503, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
    Retrier retrier =
        new Retrier(
            new RetryPolicy(3, Duration.ZERO, Duration.ZERO, 1.0, Duration.ofMinutes(1)),
            Clock.systemUTC(),
            Sleeper.system(),
            new Random(1));

    try (AwsClients aws = new AwsClients(AwsSettings.emulator("us-east-1", endpoint))) {
      assertThatThrownBy(
              () ->
                  retrier.call(
                      "creating storage.root_bucket",
                      () -> aws.s3().getBucketVersioning(b -> b.bucket("acme-dev-root")),
                      e -> e instanceof S3Exception s && s.statusCode() == 503))
          .isInstanceOf(RetriesExhaustedException.class)
          .hasMessageContaining("still failing after 3 attempts")
          .hasMessageContaining(
              "3 x HTTP 503 SlowDown (rate limited) from 127.0.0.1, s3 GetBucketVersioning")
          .hasMessageContaining("lower --parallelism");
    }
    assertThat(calls.get()).isGreaterThanOrEqualTo(3);
  }
}
