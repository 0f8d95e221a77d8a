package dev.deployer.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.fixture.FakeClock;
import dev.deployer.core.fixture.FakeSleeper;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrierTest {
  private final FakeClock clock = new FakeClock();
  private final FakeSleeper sleeper = new FakeSleeper(clock);
  private final RetryPolicy policy =
      new RetryPolicy(
          4, Duration.ofMillis(100), Duration.ofMillis(300), 2.0, Duration.ofMinutes(1));
  private final Retrier retrier = new Retrier(policy, clock, sleeper, new Random(7));

  private static final class Flaky extends RuntimeException {
    Flaky(String m) {
      super(m);
    }
  }

  @Test
  void call_whenRetryableFailuresThenSuccess_returnsResultAndTellsTheListener() {
    AtomicInteger n = new AtomicInteger();
    List<String> told = new ArrayList<>();

    String result =
        retrier.call(
            "reading x",
            () -> {
              if (n.incrementAndGet() < 3) {
                throw new Flaky("try " + n.get());
              }
              return "ok";
            },
            e -> e instanceof Flaky,
            (attempt, e, delay, elapsed) -> told.add(attempt + ":" + e.getMessage()));

    assertThat(result).isEqualTo("ok");
    assertThat(told).containsExactly("1:try 1", "2:try 2");
    assertThat(sleeper.sleeps()).hasSize(2);
    assertThat(sleeper.sleeps().get(0)).isLessThanOrEqualTo(Duration.ofMillis(100));
    assertThat(sleeper.sleeps().get(1)).isLessThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void call_whenNotRetryable_throwsTheOriginalAtOnce() {
    IllegalStateException boom = new IllegalStateException("boom");
    AtomicInteger n = new AtomicInteger();

    assertThatThrownBy(
            () ->
                retrier.call(
                    "x",
                    () -> {
                      n.incrementAndGet();
                      throw boom;
                    },
                    e -> false))
        .isSameAs(boom);
    assertThat(n).hasValue(1);
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void call_whenCheckedNonRetryable_wrapsIt() {
    assertThatThrownBy(
            () ->
                retrier.call(
                    "x",
                    () -> {
                      throw new IOException("disk");
                    },
                    e -> false))
        .isInstanceOf(RuntimeException.class)
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void call_whenAlwaysFailing_stopsAtMaxAttemptsWithDelaysCappedByMaxDelay() {
    AtomicInteger n = new AtomicInteger();

    assertThatThrownBy(
            () ->
                retrier.call(
                    "creating x",
                    () -> {
                      n.incrementAndGet();
                      throw new Flaky("still");
                    },
                    e -> true))
        .isInstanceOfSatisfying(
            RetriesExhaustedException.class,
            e -> {
              assertThat(e.attempts()).isEqualTo(4);
              assertThat(e.getCause()).isInstanceOf(Flaky.class);
              assertThat(e.getMessage()).startsWith("creating x still failing after 4 attempts");
            });
    assertThat(n).hasValue(4);
    assertThat(sleeper.sleeps())
        .hasSize(3)
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(300)));
  }

  @Test
  void call_whenTimeBoundWouldBePassed_stopsEarly() {
    Retrier bounded =
        new Retrier(
            new RetryPolicy(
                100, Duration.ofSeconds(10), Duration.ofSeconds(10), 1.0, Duration.ofSeconds(15)),
            clock,
            sleeper,
            new Random(1));
    AtomicInteger n = new AtomicInteger();

    assertThatThrownBy(
            () ->
                bounded.call(
                    "x",
                    () -> {
                      n.incrementAndGet();
                      clock.advance(Duration.ofSeconds(6)); // each attempt takes 6s
                      throw new Flaky("slow");
                    },
                    e -> true))
        .isInstanceOf(RetriesExhaustedException.class);
    assertThat(n.get()).isBetween(2, 3);
    assertThat(Duration.between(java.time.Instant.parse("2025-01-01T00:00:00Z"), clock.instant()))
        .isLessThanOrEqualTo(Duration.ofSeconds(15 + 6));
  }

  @Test
  void call_retriesCommonTransientErrorsEvenWhenThePredicateSaysNo() {
    AtomicInteger n = new AtomicInteger();

    String r =
        retrier.call(
            "x",
            () -> {
              if (n.incrementAndGet() == 1) {
                throw new RuntimeException("wrapped", new SocketTimeoutException("read timed out"));
              }
              return "ok";
            },
            e -> false);

    assertThat(r).isEqualTo("ok");
  }

  @Test
  void isCommonTransient_recognisesTimeoutsAndTransientMarker() {
    class Marked extends RuntimeException implements Transient {}

    assertThat(Retrier.isCommonTransient(new Marked())).isTrue();
    assertThat(Retrier.isCommonTransient(new java.net.ConnectException())).isTrue();
    assertThat(Retrier.isCommonTransient(new RuntimeException(new SocketTimeoutException())))
        .isTrue();
    assertThat(Retrier.isCommonTransient(new IllegalArgumentException("bad"))).isFalse();
    assertThat(Retrier.isCommonTransient(new java.nio.channels.ClosedByInterruptException()))
        .isFalse();
  }
}
