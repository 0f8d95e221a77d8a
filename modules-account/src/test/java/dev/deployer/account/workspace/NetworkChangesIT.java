package dev.deployer.account.workspace;

import static dev.deployer.account.testing.AccountTestSupport.network;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.provisioning.WorkspaceStatus;
import dev.deployer.account.AccountModule;
import dev.deployer.account.HandlerSettings;
import dev.deployer.account.testing.AccountTestSupport;
import dev.deployer.cloud.iam.CrossAccountRoleModule;
import dev.deployer.cloud.network.NetworkInputs;
import dev.deployer.cloud.network.NetworkModule;
import dev.deployer.cloud.storage.StorageModule;
import dev.deployer.core.DeployerException;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.state.StackState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Issue 12 finding 2 and 3, "done when" item 2: network changes under a running workspace, on moto
 * and the Databricks emulator (which refuses to delete a network configuration a workspace uses).
 * Each change either applies to a converged plan with the same workspace RUNNING throughout and
 * nothing left over, or is refused at plan time with nothing changed.
 */
class NetworkChangesIT {
  static final String AZ_A = "us-east-1a";
  static final String AZ_B = "us-east-1b";
  static final String AZ_C = "us-east-1c";

  @TempDir Path dir;
  @AutoClose AccountTestSupport t;
  String metastoreId;

  @BeforeEach
  void start() throws Exception {
    t = new AccountTestSupport(dir, "dev", Duration.ZERO, Duration.ofMillis(300));
    t.settings = new HandlerSettings(Duration.ofMinutes(1), Duration.ofMinutes(1), false);
    metastoreId = t.createMetastore("it-metastore");
  }

  static final NetworkInputs BASE = AccountTestSupport.NETWORK;

  /** BASE with other private subnet CIDRs for its two zones. */
  static NetworkInputs withPrivateSubnets(String first, String second) {
    return network(
        BASE.vpcCidr(), BASE.availabilityZones(), BASE.publicSubnetCidrs(), List.of(first, second));
  }

  StackDefinition stack(NetworkInputs in, String region) {
    StackBuilder b = new StackBuilder("dev", Map.of("Owner", "it"));
    NetworkModule.Outputs net = NetworkModule.declare(b, region, "network", in);
    CrossAccountRoleModule.Outputs role = AccountTestSupport.crossAccountRole(b, region, net);
    StorageModule.Outputs storage =
        StorageModule.declare(
            b,
            region,
            "storage",
            "it-root",
            AccountTestSupport.ACCOUNT_ID,
            true,
            StorageModule.Options.DEFAULT);
    AccountModule.declare(
        b,
        "account",
        AccountTestSupport.inputs("it", region, role, storage, net, metastoreId)
            .additionalSecurityGroupIds(List.of())
            .workspaceName("it")
            .customTags(Map.of())
            .identities(List.of())
            .build());
    return b.build();
  }

  /** Polls the workspace while {@code body} runs: every status it saw, and its id each time. */
  final class Watch implements AutoCloseable {
    final long id;
    final Set<String> statuses = ConcurrentHashMap.newKeySet();
    final Set<String> dangling = ConcurrentHashMap.newKeySet();
    final AtomicBoolean stop = new AtomicBoolean();
    final Thread thread;

    Watch(long id) {
      this.id = id;
      thread =
          new Thread(
              () -> {
                while (!stop.get()) {
                  try {
                    Workspace w = t.databricks.account().workspaces().get(id);
                    statuses.add(String.valueOf(w.getWorkspaceStatus()));
                    try {
                      t.databricks.account().networks().get(w.getNetworkId());
                    } catch (RuntimeException e) {
                      dangling.add(w.getNetworkId());
                    }
                  } catch (RuntimeException e) {
                    statuses.add("GONE: " + e.getMessage());
                  }
                  try {
                    Thread.sleep(20); // a sampling interval of the observer, not a wait for state
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "workspace-watch");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join();
    }
  }

  long workspaceId() {
    return Long.parseLong(
        t.store.read().orElseThrow().find("account.workspace").orElseThrow().id());
  }

  /** The changed stack applies with the workspace kept, moved create-first, and converges. */
  void appliesUnderTheRunningWorkspace(StackDefinition changed, int privateSubnets)
      throws Exception {
    long id = workspaceId();
    String oldNetwork = t.databricks.account().workspaces().get(id).getNetworkId();
    Plan p = t.plan(changed);
    assertThat(p.change("account.network_configuration").action())
        .isEqualTo(Action.CREATE_THEN_DELETE);
    assertThat(p.change("account.workspace").action()).isEqualTo(Action.UPDATE);
    assertThat(p.changes()).noneMatch(c -> c.action() == Action.DELETE_THEN_CREATE);

    try (Watch w = new Watch(id)) {
      t.applyOk(changed);
      w.close();
      // On its own VPC the workspace stays RUNNING through the PATCH (the API's update notes).
      assertThat(w.statuses).containsOnly("RUNNING");
      assertThat(w.dangling).isEmpty();
    }

    assertThat(t.plan(changed).hasChanges()).isFalse();
    Workspace now = t.databricks.account().workspaces().get(id);
    assertThat(now.getWorkspaceStatus()).isEqualTo(WorkspaceStatus.RUNNING);
    assertThat(now.getNetworkId()).isNotEqualTo(oldNetwork);
    // Nothing left over: one network configuration, and only the subnets the state records.
    assertThat(StreamSupport.stream(t.databricks.account().networks().list().spliterator(), false))
        .hasSize(1);
    StackState state = t.store.read().orElseThrow();
    long recordedSubnets =
        state.resources().stream().filter(r -> r.type().equals("aws_subnet")).count();
    assertThat(
            t.aws
                .ec2()
                .describeSubnets(
                    r ->
                        r.filters(
                            Filter.builder().name("tag:deployer:stack").values("dev").build()))
                .subnets())
        .hasSize((int) recordedSubnets);
    assertThat(recordedSubnets).isEqualTo(privateSubnets * 2L);
  }

  @Test
  void privateSubnetCidrChanged_toOneThatDoesNotOverlap_movesTheWorkspaceCreateFirst()
      throws Exception {
    t.applyOk(stack(BASE, "us-east-1"));

    appliesUnderTheRunningWorkspace(
        stack(withPrivateSubnets("10.9.16.0/20", "10.9.48.0/20"), "us-east-1"), 2);
  }

  @Test
  void availabilityZoneAdded_givesTheWorkspaceANewNetworkConfigurationCreateFirst()
      throws Exception {
    t.applyOk(stack(BASE, "us-east-1"));

    appliesUnderTheRunningWorkspace(
        stack(
            network(
                "10.9.0.0/16",
                List.of(AZ_A, AZ_B, AZ_C),
                List.of("10.9.0.0/24", "10.9.1.0/24", "10.9.2.0/24"),
                List.of("10.9.16.0/20", "10.9.32.0/20", "10.9.48.0/20")),
            "us-east-1"),
        3);
  }

  @Test
  void privateSubnetCidrChanged_toAnOverlappingOne_isRefusedAtPlanTime() throws Exception {
    t.applyOk(stack(BASE, "us-east-1"));
    StackState before = t.store.read().orElseThrow();

    StackDefinition overlapping =
        stack(withPrivateSubnets("10.9.16.0/20", "10.9.32.0/21"), "us-east-1");

    assertThatThrownBy(() -> t.plan(overlapping))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("network.private_subnet")
        .hasMessageContaining("overlaps");
    assertThat(t.store.read().orElseThrow().serial()).isEqualTo(before.serial());
    assertThat(t.plan(stack(BASE, "us-east-1")).hasChanges()).isFalse();
  }

  @Test
  void vpcCidrChanged_isRefusedAtPlanTime() throws Exception {
    t.applyOk(stack(BASE, "us-east-1"));

    StackDefinition moved =
        stack(
            network(
                "10.8.0.0/16",
                BASE.availabilityZones(),
                List.of("10.8.0.0/24", "10.8.1.0/24"),
                List.of("10.8.16.0/20", "10.8.32.0/20")),
            "us-east-1");

    assertThatThrownBy(() -> t.plan(moved))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("network.vpc")
        .hasMessageContaining("10.9.0.0/16")
        .hasMessageContaining("10.8.0.0/16");
    assertThat(t.plan(stack(BASE, "us-east-1")).hasChanges()).isFalse();
  }

  @Test
  void regionChanged_isRefusedAtPlanTime_andNothingIsReadAsDeletedOutside() throws Exception {
    t.applyOk(stack(BASE, "us-east-1"));
    int recorded = t.store.read().orElseThrow().resources().size();

    t.handlerRegion("eu-west-1");

    assertThatThrownBy(() -> t.plan(stack(BASE, "eu-west-1")))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("recorded in region us-east-1")
        .hasMessageContaining("eu-west-1");
    assertThatThrownBy(() -> t.engine(stack(BASE, "eu-west-1")).refresh(t.store))
        .isInstanceOf(DeployerException.class);
    assertThat(t.store.read().orElseThrow().resources()).hasSize(recorded);

    t.handlerRegion("us-east-1");
    assertThat(t.plan(stack(BASE, "us-east-1")).hasChanges()).isFalse();
  }

  /** BASE in us-east-1 with other public subnet CIDRs for its two zones. */
  StackDefinition withPublicSubnets(String first, String second) {
    return stack(
        network(
            BASE.vpcCidr(),
            BASE.availabilityZones(),
            List.of(first, second),
            BASE.privateSubnetCidrs()),
        "us-east-1");
  }

  @Test
  void publicSubnetCidrChanged_underTheNatGateway_isRefusedAtPlanTime_elsewhereAppliesCreateFirst()
      throws Exception {
    t.applyOk(stack(BASE, "us-east-1"));
    long serial = t.store.read().orElseThrow().serial();

    // The single NAT gateway is in the first zone's public subnet.
    StackDefinition underNat = withPublicSubnets("10.9.2.0/24", BASE.publicSubnetCidrs().get(1));
    assertThatThrownBy(() -> t.plan(underNat))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("network.nat_gateway")
        .hasMessageContaining("outbound traffic")
        .hasMessageContaining("network.public_subnet_cidrs");
    assertThat(t.store.read().orElseThrow().serial()).isEqualTo(serial);

    // The second zone's public subnet holds no gateway: replaced create-first, nothing else moves.
    StackDefinition noNat = withPublicSubnets(BASE.publicSubnetCidrs().get(0), "10.9.2.0/24");
    Plan p = t.plan(noNat);
    assertThat(p.changes())
        .filteredOn(c -> c.action() != Action.NO_OP)
        .allSatisfy(c -> assertThat(c.action()).isIn(Action.CREATE_THEN_DELETE, Action.UPDATE))
        .noneMatch(c -> c.address().startsWith("account."));
    long id = workspaceId();
    try (Watch w = new Watch(id)) {
      t.applyOk(noNat);
      w.close();
      assertThat(w.statuses).containsOnly("RUNNING");
    }
    assertThat(t.plan(noNat).hasChanges()).isFalse();
  }
}
