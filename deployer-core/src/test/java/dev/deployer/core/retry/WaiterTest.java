package dev.deployer.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.fixture.FakeClock;
import dev.deployer.core.fixture.FakeSleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaiterTest {
  private final FakeClock clock = new FakeClock();
  private final FakeSleeper sleeper = new FakeSleeper(clock);
  private final Waiter waiter = new Waiter(clock, sleeper);
  private final List<String> progress = new ArrayList<>();

  private String waitFor(Iterator<String> statuses, Duration timeout) {
    return waiter.until(
        "workspace ws1 RUNNING",
        timeout,
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        statuses::next,
        s ->
            switch (s) {
              case "RUNNING" -> Waiter.State.DONE;
              case "FAILED" -> Waiter.State.FAILED;
              default -> Waiter.State.PENDING;
            },
        s -> "status " + s,
        progress::add);
  }

  @Test
  void until_pollsWithGrowingIntervalsUntilDone() {
    String last =
        waitFor(
            List.of("PROVISIONING", "PROVISIONING", "PROVISIONING", "STARTING", "RUNNING")
                .iterator(),
            Duration.ofMinutes(10));

    assertThat(last).isEqualTo("RUNNING");
    assertThat(sleeper.sleeps())
        .containsExactly(
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            Duration.ofMillis(4500),
            Duration.ofSeconds(5));
    assertThat(progress).containsExactly("status PROVISIONING", "status STARTING");
  }

  @Test
  void until_whenFailedStateSeen_throwsWithTheDescription() {
    assertThatThrownBy(
            () -> waitFor(List.of("PROVISIONING", "FAILED").iterator(), Duration.ofMinutes(1)))
        .isInstanceOf(Waiter.WaitFailedException.class)
        .hasMessage("workspace ws1 RUNNING failed: status FAILED");
  }

  @Test
  void until_whenDeadlinePasses_throwsNamingTheLastStatusAndNeverSleepsPastIt() {
    Iterator<String> forever =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public String next() {
            return "PROVISIONING";
          }
        };

    assertThatThrownBy(() -> waitFor(forever, Duration.ofSeconds(30)))
        .isInstanceOf(Waiter.WaitFailedException.class)
        .hasMessageContaining("did not finish within 30s")
        .hasMessageContaining("last seen: status PROVISIONING");
    assertThat(sleeper.total()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void until_whenDoneAtOnce_doesNotSleep() {
    assertThat(waitFor(List.of("RUNNING").iterator(), Duration.ofSeconds(1))).isEqualTo("RUNNING");
    assertThat(sleeper.sleeps()).isEmpty();
  }
}
