package dev.deployer.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(
          10, Duration.ofMillis(250), Duration.ofSeconds(15), 2.0, Duration.ofSeconds(90));

  @ParameterizedTest(name = "after attempt {0} the delay is at most {1}ms")
  @CsvSource({"1, 250", "2, 500", "3, 1000", "5, 4000", "7, 15000", "30, 15000"})
  void delayAfter_isFullJitterUnderAnExponentialCap(int attempt, long capMillis) {
    Random random = new Random(3);
    long max = 0;
    for (int i = 0; i < 2000; i++) {
      Duration d = policy.delayAfter(attempt, random);
      assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(capMillis));
      max = Math.max(max, d.toMillis());
    }
    // Full jitter spreads over the whole range, not just near the cap.
    assertThat(max).isGreaterThan(capMillis * 9 / 10);
  }

  @Test
  void delayAfter_withZeroInitialDelay_isZero() {
    assertThat(RetryPolicy.none().delayAfter(1, new Random())).isEqualTo(Duration.ZERO);
  }

  @Test
  void standard_isBoundedToAboutAMinuteAndAHalf() {
    RetryPolicy standard = RetryPolicy.standard();

    assertThat(standard.maxAttempts()).isEqualTo(10);
    assertThat(standard.maxElapsed()).isEqualTo(Duration.ofSeconds(90));
    assertThat(standard.withMaxElapsed(Duration.ofMinutes(5)).maxElapsed())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void constructor_rejectsNonsense() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1, Duration.ZERO))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0.5, Duration.ZERO))
        .hasMessageContaining("multiplier");
  }
}
