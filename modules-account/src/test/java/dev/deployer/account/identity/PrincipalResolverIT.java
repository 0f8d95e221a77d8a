package dev.deployer.account.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.User;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksSettings;
import dev.deployer.core.ApiCalls;
import dev.deployer.core.DeployerException;
import dev.deployer.emulator.DatabricksEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Principal lookups against the emulator's account SCIM, which pages and filters as Databricks
 * does: 10,000 identities in a few hundred requests with progress lines, names compared as the
 * service compares them, and a long list of unknown names cut to a count.
 */
class PrincipalResolverIT {
  static final int N = 10_000;
  static final String ACCOUNT = "0d7e4a3c-1b2f-4c5d-8e9f-a1b2c3d4e5f6";
  static DatabricksEmulator emulator;
  static final ApiCalls calls = new ApiCalls();
  static DatabricksClients db;

  static String user(int i) {
    return String.format("user%05d@example.com", i);
  }

  @BeforeAll
  static void seed() throws Exception {
    emulator = DatabricksEmulator.builder().port(0).start();
    db =
        new DatabricksClients(
            new DatabricksSettings(
                emulator.baseUrl(),
                ACCOUNT,
                "http://{deployment}.localhost:" + emulator.port(),
                Optional.empty(),
                true),
            calls);
    // The directory is seeded in one admin request: ten thousand SCIM creates would take most of
    // a minute and are not what this test is about.
    StringBuilder users = new StringBuilder("{\"Resources\": [");
    for (int i = 0; i < N; i++) {
      users.append(i == 0 ? "" : ",").append("{\"userName\": \"").append(user(i)).append("\"}");
    }
    HttpResponse<String> seeded =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            emulator.baseUrl() + "/_emulator/accounts/" + ACCOUNT + "/scim/Users"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(users.append("]}").toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(seeded.statusCode()).as(seeded.body()).isEqualTo(200);
    db.account().groups().create(new Group().setDisplayName("Admins"));
    db.account().groups().create(new Group().setDisplayName("admins-team"));
  }

  @AfterAll
  static void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  /** What a fresh resolver over the emulated account finds for names of the config's kinds. */
  List<Principal> resolve(List<Principal.Kind> kinds, List<String> names, String source) {
    return new PrincipalResolver(db).resolve(kinds, names, source);
  }

  @Test
  void tenThousandIdentities_areResolvedInBatchedPagedRequests_withProgressLines() {
    List<String> names = new ArrayList<>(IntStream.range(0, N).mapToObj(i -> user(i)).toList());
    Collections.shuffle(names, new java.util.Random(7));
    List<Principal.Kind> kinds = Collections.nCopies(N, Principal.Kind.USER);
    List<String> progress = new CopyOnWriteArrayList<>();
    long before = calls.total();
    long t0 = System.nanoTime();

    List<Principal> found =
        new PrincipalResolver(db, progress::add).resolve(kinds, names, "dev.json $.identities");

    long ms = (System.nanoTime() - t0) / 1_000_000;
    long requests = calls.total() - before;
    System.out.printf(
        "PrincipalResolverIT: %,d identities resolved in %,d ms with %,d SCIM requests%n",
        N, ms, requests);
    assertThat(found).hasSize(N);
    assertThat(found.get(0).name()).isEqualTo(names.get(0));
    assertThat(found).extracting(Principal::id).doesNotHaveDuplicates().doesNotContainNull();
    // One request per 50 names (each answer fits one page), not one per name.
    assertThat(requests).isLessThanOrEqualTo(N / PrincipalResolver.BATCH + 10);
    assertThat(progress.get(0))
        .contains("looking up 10,000 principals")
        .contains("200 requests of up to 50 names");
    assertThat(progress)
        .contains("looked up 10,000 of 10,000 principals")
        .anyMatch(p -> p.equals("looked up 1,000 of 10,000 principals"))
        .hasSizeBetween(10, 13);
  }

  @Test
  void tenThousandUnknownIdentities_areOneErrorListingTenAndCountingTheRest() {
    List<String> names =
        IntStream.range(0, N).mapToObj(i -> "nobody" + i + "@example.com").toList();
    assertThatThrownBy(
            () ->
                resolve(
                    Collections.nCopies(N, Principal.Kind.USER), names, "dev.json $.identities"))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining(
            "Unknown principals in dev.json $.identities: user 'nobody0@example.com'")
        .hasMessageContaining("user 'nobody9@example.com' ... and 9,990 more not found")
        .hasMessageNotContaining("nobody10@example.com")
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(1_000));
  }

  @Test
  void userNamesMatchWithoutCase_groupNamesOnlyExactly() {
    List<Principal> found =
        resolve(
            List.of(Principal.Kind.USER, Principal.Kind.GROUP),
            List.of("USER00042@Example.COM", "Admins"),
            "dev.json $.identities");
    assertThat(found.get(0).name()).isEqualTo("USER00042@Example.COM");
    assertThat(found.get(0).id())
        .isEqualTo(
            db.account()
                .users()
                .impl()
                .list(
                    new com.databricks.sdk.service.iam.ListAccountUsersRequest()
                        .setFilter("userName eq \"user00042@example.com\""))
                .getResources()
                .iterator()
                .next()
                .getId());
    // The service's filter matches "admins" to "Admins" too, but group names are case-sensitive.
    assertThatThrownBy(() -> resolve(List.of(Principal.Kind.GROUP), List.of("admins"), "dev.json"))
        .hasMessageContaining("group 'admins'");
  }

  @Test
  void theEmulatorKeepsUserNamesLowerCased_andGroupNamesUniqueWithCase_asTheServiceDoes() {
    User u = db.account().users().create(new User().setUserName("Mixed.Case@Example.com"));
    assertThat(db.account().users().get(u.getId()).getUserName())
        .isEqualTo("mixed.case@example.com");
    assertThatThrownBy(
            () -> db.account().users().create(new User().setUserName("MIXED.CASE@example.com")))
        .isInstanceOf(com.databricks.sdk.core.DatabricksError.class);

    Group lower = db.account().groups().create(new Group().setDisplayName("ops"));
    Group upper = db.account().groups().create(new Group().setDisplayName("Ops"));
    assertThat(lower.getId()).isNotEqualTo(upper.getId());
    List<Principal> both =
        resolve(
            List.of(Principal.Kind.GROUP, Principal.Kind.GROUP), List.of("Ops", "ops"), "dev.json");
    assertThat(both).extracting(Principal::id).containsExactly(upper.getId(), lower.getId());
  }

  @Test
  void theEmulatorPagesAsTheServiceDoes_defaultAndLargestPageTenThousand_over200NodesRefused() {
    for (int i = 0; i < 5; i++) {
      db.account().users().create(new User().setUserName("extra" + i + "@example.com"));
    }
    var users = db.account().users().impl();
    var first =
        users.list(
            new com.databricks.sdk.service.iam.ListAccountUsersRequest()
                .setStartIndex(1L)
                .setCount(50_000L));
    assertThat(first.getTotalResults()).isGreaterThan(10_000L);
    assertThat(first.getResources()).hasSize(10_000);
    var defaulted =
        users.list(new com.databricks.sdk.service.iam.ListAccountUsersRequest().setStartIndex(1L));
    assertThat(defaulted.getResources()).hasSize(10_000);
    var page =
        users.list(
            new com.databricks.sdk.service.iam.ListAccountUsersRequest()
                .setStartIndex(first.getTotalResults() - 9)
                .setCount(100L));
    assertThat(page.getResources()).hasSize(10);
    assertThat(page.getStartIndex()).isEqualTo(first.getTotalResults() - 9);
    String big =
        String.join(
            " or ",
            IntStream.range(0, 101).mapToObj(i -> "userName eq \"" + user(i) + "\"").toList());
    assertThatThrownBy(
            () ->
                users.list(
                    new com.databricks.sdk.service.iam.ListAccountUsersRequest().setFilter(big)))
        .isInstanceOf(com.databricks.sdk.core.DatabricksError.class)
        .hasMessageContaining("200 nodes");
  }
}
