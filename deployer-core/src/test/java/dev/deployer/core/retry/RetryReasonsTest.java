package dev.deployer.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.fixture.FakeClock;
import dev.deployer.core.fixture.FakeSleeper;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retries exhausted say why they retried: status, throttling, host (issue 12 finding 12). */
class RetryReasonsTest {
  private final FakeClock clock = new FakeClock();
  private final Retrier retrier =
      new Retrier(
          new RetryPolicy(
              4, Duration.ofMillis(100), Duration.ofMillis(300), 2.0, Duration.ofMinutes(1)),
          clock,
          new FakeSleeper(clock),
          new Random(7));

  @Test
  void alwaysRateLimited_saysHttp429RateLimitedAndTheHost_andWhatToDo() {
    assertThatThrownBy(
            () ->
                retrier.call(
                    "creating logging.credentials",
                    () -> {
                      throw new FakeHttpError(
                          429, "TOO_MANY_REQUESTS", "accounts.cloud.databricks.com", "slow down");
                    },
                    e -> e instanceof FakeHttpError))
        .isInstanceOf(RetriesExhaustedException.class)
        .hasMessageStartingWith("creating logging.credentials still failing after 4 attempts")
        .hasMessageContaining(
            "(retried because of 4 x HTTP 429 TOO_MANY_REQUESTS (rate limited) from"
                + " accounts.cloud.databricks.com, fake PutThing)")
        .hasMessageContaining(": slow down")
        .hasMessageContaining("run again later or with a lower --parallelism");
  }

  @Test
  void mixedCauses_areListedInOrderWithCounts() {
    AtomicInteger n = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retrier.call(
                    "reading network.vpc",
                    () -> {
                      if (n.incrementAndGet() == 1) {
                        throw new RuntimeException(
                            "call failed", new ConnectException("Connection refused"));
                      }
                      throw new FakeHttpError(503, "ServiceUnavailable", "ec2.amazonaws.com", "x");
                    },
                    e -> true))
        .hasMessageContaining(
            "(retried because of ConnectException (Connection refused); 3 x HTTP 503"
                + " ServiceUnavailable from ec2.amazonaws.com, fake PutThing)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("--parallelism"));
  }
}
