package dev.deployer.emulator;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.commons.CommonsHttpClient;
import com.databricks.sdk.service.catalog.AccountsCreateMetastore;
import com.databricks.sdk.service.catalog.AccountsCreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.CreateAccountsMetastore;
import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;
import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.databricks.sdk.service.provisioning.CreateNetworkRequest;
import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.CreateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.PricingTier;
import com.databricks.sdk.service.provisioning.RootBucketInfo;
import com.databricks.sdk.service.provisioning.UpdateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.support.Wait;
import dev.deployer.core.fixture.FakeClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/** An in-process emulator on a free port plus SDK clients wired to it. */
final class TestEmulator implements AutoCloseable {
  final DatabricksEmulator emu;
  final String accountId;

  /** The clock the emulator runs on when {@link #onFakeClock} started it; null otherwise. */
  final FakeClock clock;

  private final HttpClient http = HttpClient.newHttpClient();

  private TestEmulator(DatabricksEmulator emu, FakeClock clock) {
    this.emu = emu;
    this.accountId = emu.accountId();
    this.clock = clock;
  }

  static TestEmulator start() {
    return start(b -> {});
  }

  static TestEmulator start(Consumer<DatabricksEmulator.Builder> customizer) {
    return start(customizer, null);
  }

  /**
   * An emulator on a fresh {@link FakeClock}, for the lags, windows and races that wait on time:
   * the test moves them on with {@code emu.clock.advance}; {@code customizer} sets the rest.
   */
  static TestEmulator onFakeClock(Consumer<DatabricksEmulator.Builder> customizer) {
    FakeClock clock = new FakeClock();
    return start(b -> customizer.accept(b.clock(clock)), clock);
  }

  private static TestEmulator start(
      Consumer<DatabricksEmulator.Builder> customizer, FakeClock clock) {
    DatabricksEmulator.Builder b = DatabricksEmulator.builder().seed(42);
    customizer.accept(b);
    return new TestEmulator(b.start(), clock);
  }

  AccountClient account() {
    return account(accountId);
  }

  AccountClient account(String acct) {
    return account(acct, new DatabricksConfig().setToken("t").setAuthType("pat"));
  }

  /** The account API of {@code acct} on this emulator, authenticating as {@code auth} says. */
  AccountClient account(String acct, DatabricksConfig auth) {
    return new AccountClient(auth.setHost(emu.baseUrl()).setAccountId(acct));
  }

  /** Workspace client routed by the X-Databricks-Workspace-Id header. */
  WorkspaceClient workspace(long workspaceId) {
    return new WorkspaceClient(
        new DatabricksConfig()
            .setHost(emu.baseUrl())
            .setToken("t")
            .setAuthType("pat")
            .setWorkspaceId(Long.toString(workspaceId)));
  }

  /**
   * Workspace client routed by host name, as the deployer's sandbox does it: the workspace URL
   * {deployment}.localhost:PORT, with *.localhost resolved to 127.0.0.1 by a custom resolver.
   */
  WorkspaceClient workspaceByHost(String deploymentName) {
    return workspaceByHost(deploymentName, new DatabricksConfig().setToken("t").setAuthType("pat"));
  }

  /** By host, authenticating with OAuth M2M as this client. */
  WorkspaceClient workspaceByHost(String deploymentName, String clientId, String clientSecret) {
    return workspaceByHost(
        deploymentName,
        new DatabricksConfig()
            .setClientId(clientId)
            .setClientSecret(clientSecret)
            .setAuthType("oauth-m2m"));
  }

  private WorkspaceClient workspaceByHost(String deploymentName, DatabricksConfig config) {
    var registry =
        RegistryBuilder.<ConnectionSocketFactory>create()
            .register("http", PlainConnectionSocketFactory.getSocketFactory())
            .build();
    var manager =
        new PoolingHttpClientConnectionManager(
            registry,
            null,
            host ->
                host.endsWith(".localhost")
                    ? new InetAddress[] {InetAddress.getLoopbackAddress()}
                    : InetAddress.getAllByName(host));
    config.setHost(emu.workspaceUrl(deploymentName));
    config.setHttpClient(
        new CommonsHttpClient.Builder()
            .withDatabricksConfig(config)
            .withConnectionManager(manager)
            .build());
    return new WorkspaceClient(config);
  }

  /** Plain HTTP, for what the SDK hides (status codes, headers, admin API). */
  HttpResponse<String> raw(String method, String path, String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(emu.baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> api(String method, String path, String body) {
    return raw(method, path, body, "Authorization", "Bearer t", "Content-Type", "application/json");
  }

  HttpResponse<String> admin(String method, String path, String body) {
    return raw(method, "/_emulator" + path, body, "Content-Type", "application/json");
  }

  /** SDK paginators iterate once; copy to a list before asserting. */
  static <T> List<T> all(Iterable<T> items) {
    List<T> out = new java.util.ArrayList<>();
    items.forEach(out::add);
    return out;
  }

  // ---- fixtures ----

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String credentialsId(AccountClient a, String roleArn) {
    return a.credentials()
        .create(
            new CreateCredentialRequest()
                .setCredentialsName(unique("creds"))
                .setAwsCredentials(
                    new CreateCredentialAwsCredentials()
                        .setStsRole(new CreateCredentialStsRole().setRoleArn(roleArn))))
        .getCredentialsId();
  }

  static String storageId(AccountClient a, String bucket) {
    return a.storage()
        .create(
            new CreateStorageConfigurationRequest()
                .setStorageConfigurationName(unique("storage"))
                .setRootBucketInfo(new RootBucketInfo().setBucketName(bucket)))
        .getStorageConfigurationId();
  }

  static String networkId(AccountClient a, String vpc, List<String> subnets, List<String> sgs) {
    return a.networks()
        .create(
            new CreateNetworkRequest()
                .setNetworkName(unique("network"))
                .setVpcId(vpc)
                .setSubnetIds(subnets)
                .setSecurityGroupIds(sgs))
        .getNetworkId();
  }

  static CreateWorkspaceRequest workspaceRequest(String creds, String storage, String network) {
    return new CreateWorkspaceRequest()
        .setWorkspaceName(unique("ws"))
        .setAwsRegion("us-east-1")
        .setCredentialsId(creds)
        .setStorageConfigurationId(storage)
        .setNetworkId(network)
        .setPricingTier(PricingTier.ENTERPRISE);
  }

  /** A new metastore named {@code name} in {@code region}; its id. */
  static String metastoreId(AccountClient a, String name, String region) {
    return a.metastores()
        .create(
            new AccountsCreateMetastore()
                .setMetastoreInfo(new CreateAccountsMetastore().setName(name).setRegion(region)))
        .getMetastoreInfo()
        .getMetastoreId();
  }

  /** The account API's request that assigns metastore {@code mid} to the workspace. */
  static AccountsCreateMetastoreAssignment assignment(long workspaceId, String mid) {
    return new AccountsCreateMetastoreAssignment()
        .setWorkspaceId(workspaceId)
        .setMetastoreId(mid)
        .setMetastoreAssignment(new CreateMetastoreAssignment().setMetastoreId(mid));
  }

  static void assignMetastore(AccountClient a, long workspaceId, String mid) {
    a.metastoreAssignments().create(assignment(workspaceId, mid));
  }

  /** A new us-east-1 metastore assigned to the workspace; its id. */
  static String assignNewMetastore(AccountClient a, long workspaceId) {
    String mid = metastoreId(a, unique("ms"), "us-east-1");
    assignMetastore(a, workspaceId, mid);
    return mid;
  }

  /**
   * The account API's update of the workspace: the fields {@code mask} names, from {@code fields}.
   */
  static UpdateWorkspaceRequest workspaceUpdate(long workspaceId, String mask, Workspace fields) {
    return new UpdateWorkspaceRequest()
        .setWorkspaceId(workspaceId)
        .setUpdateMask(mask)
        .setCustomerFacingWorkspace(fields);
  }

  /** Sends the account API's update of the fields {@code mask} names, from {@code fields}. */
  static Wait<Workspace, Workspace> updateWorkspace(
      AccountClient a, long workspaceId, String mask, Workspace fields) {
    return a.workspaces().update(workspaceUpdate(workspaceId, mask, fields));
  }

  /** A RUNNING workspace with its own credentials, storage and network configurations. */
  static Workspace runningWorkspace(AccountClient a) {
    String creds = credentialsId(a, "arn:aws:iam::123456789012:role/" + unique("role"));
    String storage = storageId(a, unique("bucket"));
    String network = networkId(a, "vpc-1", List.of("subnet-a", "subnet-b"), List.of("sg-1"));
    try {
      return a.workspaces()
          .create(workspaceRequest(creds, storage, network))
          .get(Duration.ofSeconds(30));
    } catch (TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    emu.close();
  }
}
