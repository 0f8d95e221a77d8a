package dev.deployer.environments.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.DeployerException;
import dev.deployer.environments.fleet.Fleet.Order;
import dev.deployer.environments.fleet.Fleet.Outcome;
import dev.deployer.environments.fleet.Fleet.Report;
import dev.deployer.environments.fleet.Fleet.Result;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FleetTest {
  static final Map<String, Set<String>> UP =
      Map.of(
          "common", Set.of(),
          "dev", Set.of("common"),
          "qa", Set.of("common"),
          "staging", Set.of("common"),
          "other", Set.of());
  static final List<String> ALL = List.of("common", "dev", "qa", "staging", "other");

  final Fleet fleet = new Fleet(4, Clock.systemUTC());
  final List<String> events = Collections.synchronizedList(new ArrayList<>());

  Report ok(String s) {
    events.add("start " + s);
    events.add("end " + s);
    return new Report(Result.OK, "1 added");
  }

  /**
   * Runs every stack in {@code order}; {@code failing} throws {@code error}, the others succeed.
   */
  List<Outcome> runAll(Order order, String failing, RuntimeException error) {
    return fleet.run(
        ALL,
        UP,
        order,
        s -> {
          if (s.equals(failing)) {
            throw error;
          }
          return ok(s);
        },
        Fleet.Listener.NONE);
  }

  static Result resultOf(List<Outcome> out, String stack) {
    return out.stream().filter(o -> o.stack().equals(stack)).findFirst().orElseThrow().result();
  }

  @Test
  void upstreamStacksFinishBeforeTheirDependentsStart_andDependentsRunAtTheSameTime()
      throws Exception {
    CountDownLatch bothRunning = new CountDownLatch(2);
    List<Outcome> out =
        fleet.run(
            List.of("dev", "qa", "common"),
            UP,
            Order.UPSTREAM_FIRST,
            s -> {
              events.add("start " + s);
              if (!s.equals("common")) {
                bothRunning.countDown();
                // Each waits for the other: only possible if they run in parallel.
                assertThat(bothRunning.await(30, TimeUnit.SECONDS)).isTrue();
              }
              events.add("end " + s);
              return new Report(Result.OK, "");
            },
            Fleet.Listener.NONE);
    assertThat(out).extracting(Outcome::stack).containsExactly("dev", "qa", "common");
    assertThat(out).allMatch(o -> o.result() == Result.OK);
    assertThat(events.indexOf("end common")).isLessThan(events.indexOf("start dev"));
    assertThat(events.indexOf("end common")).isLessThan(events.indexOf("start qa"));
  }

  @Test
  void aFailedUpstreamSkipsOnlyItsDependents() {
    List<Outcome> out =
        runAll(Order.UPSTREAM_FIRST, "common", new DeployerException("boom in common"));
    assertThat(resultOf(out, "common")).isEqualTo(Result.FAILED);
    assertThat(out.get(0).detail()).isEqualTo("boom in common");
    for (String dep : List.of("dev", "qa", "staging")) {
      assertThat(resultOf(out, dep)).isEqualTo(Result.SKIPPED);
    }
    assertThat(out.get(1).detail()).contains("common did not succeed");
    assertThat(resultOf(out, "other")).isEqualTo(Result.OK);
    assertThat(events).doesNotContain("start dev", "start qa", "start staging");
  }

  @Test
  void aFailedEnvironmentLeavesTheOthersApplied() {
    List<Outcome> out = runAll(Order.UPSTREAM_FIRST, "qa", new IllegalStateException("qa broke"));
    assertThat(out)
        .extracting(Outcome::stack, Outcome::result)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("common", Result.OK),
            org.assertj.core.groups.Tuple.tuple("dev", Result.OK),
            org.assertj.core.groups.Tuple.tuple("qa", Result.FAILED),
            org.assertj.core.groups.Tuple.tuple("staging", Result.OK),
            org.assertj.core.groups.Tuple.tuple("other", Result.OK));
  }

  @Test
  void destroyGoesInReverse_andAFailedDependentKeepsItsUpstream() {
    List<Outcome> out =
        runAll(Order.DEPENDENTS_FIRST, "dev", new DeployerException("dev destroy failed"));
    assertThat(resultOf(out, "common")).isEqualTo(Result.SKIPPED);
    assertThat(out.get(0).detail()).contains("dev did not succeed and may still use it");
    assertThat(resultOf(out, "qa")).isEqualTo(Result.OK);
    assertThat(resultOf(out, "staging")).isEqualTo(Result.OK);
    assertThat(events).doesNotContain("start common");
  }

  @Test
  void destroyEndsWithTheUpstream() {
    fleet.run(ALL, UP, Order.DEPENDENTS_FIRST, this::ok, Fleet.Listener.NONE);
    int common = events.indexOf("start common");
    for (String dep : List.of("dev", "qa", "staging")) {
      assertThat(events.indexOf("end " + dep)).isLessThan(common);
    }
  }

  @Test
  void noMoreStacksRunAtOnceThanTheBound() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      many.add("s" + i);
    }
    new Fleet(3, Clock.systemUTC())
        .run(
            many,
            Map.of(),
            Order.NONE,
            s -> {
              int now = running.incrementAndGet();
              most.accumulateAndGet(now, Math::max);
              for (int i = 0; i < 2_000; i++) {
                Thread.onSpinWait();
              }
              running.decrementAndGet();
              return new Report(Result.OK, "");
            },
            Fleet.Listener.NONE);
    assertThat(most.get()).isBetween(1, 3);
  }

  @Test
  void aStackSkippedForAReasonOfItsOwnSaysWhyAndDoesNotBlockOthers() {
    List<Outcome> out =
        fleet.run(
            List.of("common", "dev"),
            UP,
            Order.UPSTREAM_FIRST,
            s ->
                s.equals("common")
                    ? new Report(Result.SKIPPED, "", "peer VPC missing")
                    : new Report(Result.OK, "1 added"),
            Fleet.Listener.NONE);
    assertThat(out.get(0).detail()).isEqualTo("peer VPC missing");
    assertThat(out.get(1).result()).isEqualTo(Result.OK);
  }

  @Test
  void aCycleIsAnErrorNamingIt() {
    assertThatThrownBy(
            () ->
                fleet.run(
                    List.of("a", "b"),
                    Map.of("a", Set.of("b"), "b", Set.of("a")),
                    Order.UPSTREAM_FIRST,
                    this::ok,
                    Fleet.Listener.NONE))
        .hasMessageContaining("a -> b -> a");
  }

  @Test
  void stackListsParseWithoutRepeats() {
    assertThat(StackSet.parse("dev, qa,dev,,prod")).containsExactly("dev", "qa", "prod");
  }
}
