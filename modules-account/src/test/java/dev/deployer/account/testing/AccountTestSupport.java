package dev.deployer.account.testing;

import dev.deployer.account.AccountHandlers;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksSettings;
import dev.deployer.account.HandlerSettings;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.cloud.CloudHandlers;
import dev.deployer.cloud.network.NetworkInputs;
import dev.deployer.core.json.Json;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.core.testing.EngineTestSupport;
import dev.deployer.emulator.DatabricksEmulator;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * moto (shared, reset) plus a fresh in-process Databricks emulator that checks the AWS side through
 * it, the clients for both, and a temp-dir state store.
 */
public final class AccountTestSupport extends EngineTestSupport implements AutoCloseable {
  public static final String ACCOUNT_ID = "0d7e4a3c-1b2f-4c5d-8e9f-a1b2c3d4e5f6";
  public final AwsEmulator awsEmulator = AwsEmulator.shared();
  public final AwsClients aws;
  public final DatabricksEmulator emulator;
  public final DatabricksClients databricks;

  /** The settings the handlers of the next engine get (race deadline, workspace timeout). */
  public HandlerSettings settings = HandlerSettings.defaults();

  public AccountTestSupport(
      Path dir, String stack, Duration raceWindow, Duration provisioningDelay) {
    super(dir, stack);
    awsEmulator.reset();
    aws = new AwsClients(AwsSettings.emulator(AwsEmulator.REGION, awsEmulator.endpoint()));
    emulator =
        DatabricksEmulator.builder()
            .port(0)
            .awsEndpoint(awsEmulator.endpoint())
            .raceWindow(raceWindow)
            .provisioningDelay(provisioningDelay)
            .start();
    databricks = clientsFor(emulator);
  }

  /**
   * The deployer's clients for an emulator a test started: its account API, and its workspaces at
   * {@code <deployment>.localhost} on its port, with the sandbox's auth.
   */
  /** A network of the tests' prefix "it": one NAT gateway, the default security group rules. */
  public static NetworkInputs network(
      String vpcCidr, List<String> azs, List<String> pub, List<String> priv) {
    return new NetworkInputs("it", vpcCidr, azs, pub, priv, null, null, true, List.of());
  }

  /** The tests' usual network: 10.9.0.0/16 over two zones of us-east-1. */
  public static final NetworkInputs NETWORK =
      network(
          "10.9.0.0/16",
          List.of("us-east-1a", "us-east-1b"),
          List.of("10.9.0.0/24", "10.9.1.0/24"),
          List.of("10.9.16.0/20", "10.9.32.0/20"));

  public static DatabricksClients clientsFor(DatabricksEmulator emulator) {
    return new DatabricksClients(
        new DatabricksSettings(
            emulator.baseUrl(),
            ACCOUNT_ID,
            "http://{deployment}.localhost:" + emulator.port(),
            Optional.empty(),
            true));
  }

  /** The AWS clients the next engine's handlers get; another region's to test a region change. */
  public AwsClients handlerAws;

  /** The next engines' AWS handlers use {@code region}'s clients (on the same emulator). */
  public void handlerRegion(String region) {
    handlerAws = new AwsClients(AwsSettings.emulator(region, awsEmulator.endpoint()));
  }

  @Override
  protected List<ResourceHandler<?>> handlers() {
    List<ResourceHandler<?>> handlers =
        new ArrayList<>(CloudHandlers.all(handlerAws == null ? aws : handlerAws));
    handlers.addAll(AccountHandlers.all(databricks, settings));
    return handlers;
  }

  /** The cross-account role of a test stack {@code it} in {@code net}'s VPC. */
  public static dev.deployer.cloud.iam.CrossAccountRoleModule.Outputs crossAccountRole(
      dev.deployer.core.model.StackBuilder b,
      String region,
      dev.deployer.cloud.network.NetworkModule.Outputs net) {
    return dev.deployer.cloud.iam.CrossAccountRoleModule.declare(
        b,
        region,
        "cross_account",
        new dev.deployer.cloud.iam.CrossAccountInputs("it", ACCOUNT_ID, Optional.empty()),
        net.vpcId(),
        net.workspaceSecurityGroupId());
  }

  /** The account layer's inputs for a test stack of these cloud modules, before the workspace. */
  public static dev.deployer.account.AccountModule.Inputs.Builder inputs(
      String prefix,
      String region,
      dev.deployer.cloud.iam.CrossAccountRoleModule.Outputs role,
      dev.deployer.cloud.storage.StorageModule.Outputs storage,
      dev.deployer.cloud.network.NetworkModule.Outputs net,
      String metastoreId) {
    return dev.deployer.account.AccountModule.Inputs.builder()
        .prefix(prefix)
        .region(region)
        .crossAccountRoleArn(role.roleArn())
        .crossAccountRolePolicy(role.policy())
        .rootBucketName(storage.bucketName())
        .rootBucketPolicy(storage.policy())
        .vpcId(net.vpcId())
        .privateSubnetIds(net.privateSubnetIdList())
        .securityGroupIds(List.of(net.workspaceSecurityGroupId()))
        .metastoreId(metastoreId)
        .defaultCatalogName("main");
  }

  /** Sets the emulator's injected faults ({@code POST /_emulator/faults}). */
  public void faults(String json) {
    HttpResponse<String> r = post("/_emulator/faults", json, false);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("setting faults: " + r.statusCode() + " " + r.body());
    }
  }

  /** POSTs JSON to the emulator, as the account's admin when {@code auth}. */
  public HttpResponse<String> post(String path, String body, boolean auth) {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (auth) {
      rb.header("Authorization", "Bearer it");
    }
    try {
      return HttpClient.newHttpClient().send(rb.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A metastore in us-east-1 in the emulated account, as the common stack leaves one; its id. */
  public String createMetastore(String name) {
    HttpResponse<String> r =
        post(
            "/api/2.0/accounts/" + ACCOUNT_ID + "/metastores",
            "{\"metastore_info\":{\"name\":\"" + name + "\",\"region\":\"us-east-1\"}}",
            true);
    try {
      return Json.mapper().readTree(r.body()).get("metastore_info").get("metastore_id").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A role in moto trusting Databricks with the account id as external id. */
  public String createCrossAccountRole(String name) {
    String trust =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::414351767826:root\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
            + "{\"sts:ExternalId\":\""
            + ACCOUNT_ID
            + "\"}}}]}";
    return aws.iam().createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust)).role().arn();
  }

  @Override
  public void close() {
    emulator.close();
    aws.close();
  }
}
