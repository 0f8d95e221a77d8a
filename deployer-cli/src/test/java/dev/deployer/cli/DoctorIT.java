package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.account.DatabricksSettings;
import dev.deployer.cli.sandbox.Sandbox;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code deployer doctor --env dev --sandbox} as a process against its own sandbox: it passes, it
 * only reads (every call counted at the emulators), and it fails with its message when the
 * emulators are told to refuse each thing a first apply needs. Each test undoes what it set up.
 */
class DoctorIT {
  // Throttling and 5xx would only add retries to count; doctor's reads retry like any.
  @RegisterExtension
  static final SandboxCli sandbox =
      SandboxCli.withRaceWindow("2s")
          .env("DEPLOYER_SANDBOX_AWS_FAULTS", "off")
          .startedBeforeTests();

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String OTHER_ACCOUNT = "222233334444";

  @AfterEach
  void undo() throws Exception {
    http("DELETE", aws("/_faults/permissions"), null);
    setRoles(List.of("account_admin"));
  }

  static String aws(String path) {
    return sandbox.awsUrl(path);
  }

  static String databricks(String path) {
    return sandbox.databricksUrl(path);
  }

  static JsonNode http(String method, String url, String json, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    b.header(
        "Content-Type",
        json != null && json.startsWith("grant")
            ? "application/x-www-form-urlencoded"
            : "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isBetween(200, 299);
    return r.body().isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(r.body());
  }

  static void setRoles(List<String> roles) throws Exception {
    ObjectNode body = Json.mapper().createObjectNode();
    roles.forEach(body.putArray("roles")::add);
    http(
        "PUT",
        databricks(
            "/_emulator/accounts/"
                + Sandbox.ACCOUNT_ID
                + "/service-principals/"
                + DatabricksSettings.SANDBOX_CLIENT_ID
                + "/roles"),
        body.toString());
  }

  static CliProcess.Result doctor(String... more) {
    List<String> args = new ArrayList<>(List.of("doctor", "--env", "dev", "--sandbox"));
    args.addAll(List.of(more));
    return sandbox.deployer(args.toArray(String[]::new));
  }

  static CliProcess.Result failing(String... more) {
    CliProcess.Result r = doctor(more);
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).containsPattern("\\d+ passed, \\d+ warnings?, [1-9]\\d* failed\\.");
    return r;
  }

  static AwsClients awsClients() {
    return new AwsClients(AwsSettings.emulator("us-east-1", aws("")));
  }

  @Test
  void passesOnTheSandbox_andMakesOnlyReadCalls() throws Exception {
    http("DELETE", aws("/_faults/calls"), null);
    http("DELETE", databricks("/_emulator/requests"), null);
    CliProcess.Result r = doctor();
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Doctor: stack dev (with common, which is applied first) in the sandbox")
        .contains("PASS  credentials")
        .contains("PASS  permissions")
        .contains("PASS  quota: Elastic IPs")
        .contains("PASS  account admin")
        .contains("PASS  metastore")
        .contains("PASS  principals")
        .contains(" 0 failed.");

    Map<String, Long> awsCalls =
        Json.mapper()
            .convertValue(
                http("GET", aws("/_faults/calls"), null).get("calls"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Long>>() {});
    assertThat(awsCalls)
        .containsKeys(
            "sts:GetCallerIdentity",
            "iam:SimulatePrincipalPolicy",
            "ec2:DescribeAddresses",
            "s3:HeadBucket",
            "servicequotas:GetServiceQuota");
    assertThat(awsCalls.keySet())
        .allMatch(
            c ->
                c.matches(
                    "(sts:GetCallerIdentity|ec2:Describe\\w+|iam:(Get|List|Simulate)\\w+"
                        + "|s3:(Head|List|Get)\\w*|servicequotas:Get\\w+)"),
            "read-only");
    Map<String, Long> dbCalls =
        Json.mapper()
            .convertValue(
                http("GET", databricks("/_emulator/requests"), null).get("requests"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Long>>() {});
    assertThat(dbCalls).isNotEmpty();
    assertThat(dbCalls.keySet())
        .allMatch(
            k -> k.startsWith("GET ") || k.matches("POST /oidc/accounts/[^/]+/v1/token"),
            "read-only");
    assertThat(dbCalls.keySet())
        .anyMatch(k -> k.contains("/metastores"))
        .anyMatch(k -> k.contains("/scim/v2/ServicePrincipals"))
        .anyMatch(k -> k.contains("/scim/v2/Groups"));
  }

  @Test
  void failsWhenTheIdentityMayNotCallAnActionTheHandlersNeed() throws Exception {
    http(
        "PUT",
        aws("/_faults/permissions"),
        "{\"denied_actions\": [\"ec2:CreateNatGateway\", \"iam:PutRolePolicy\"]}");
    CliProcess.Result r = failing();
    assertThat(r.out())
        .contains("FAIL  permissions")
        .contains(
            "may not call: ec2:CreateNatGateway (implicitDeny), iam:PutRolePolicy (implicitDeny)")
        .contains(
            "-> allow these actions in a policy attached to arn:aws:iam::123456789012:user/moto");
  }

  @Test
  void failsWhenTheElasticIpQuotaIsUsedUp() throws Exception {
    List<String> allocated = new ArrayList<>();
    try (AwsClients aws = awsClients()) {
      for (int i = 0; i < 5; i++) {
        allocated.add(aws.ec2().allocateAddress(b -> b.domain("vpc")).allocationId());
      }
      CliProcess.Result r = failing();
      assertThat(r.out())
          .contains("FAIL  quota: Elastic IPs")
          .contains("5 in use + 1 to create, quota 5 (the account)")
          .contains("-> free 1 or ask for an increase in Service Quotas");
    } finally {
      try (AwsClients aws = awsClients()) {
        allocated.forEach(id -> aws.ec2().releaseAddress(b -> b.allocationId(id)));
      }
    }
  }

  @Test
  void failsWhenTheRootBucketNameBelongsToAnotherAccount() throws Exception {
    // moto keeps accounts apart by this header; bucket names are global across them, as in AWS.
    try (S3Client other =
        S3Client.builder()
            .endpointOverride(URI.create(aws("")))
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("other", "other")))
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .putHeader("x-moto-account-id", OTHER_ACCOUNT)
                    .build())
            .build()) {
      other.createBucket(b -> b.bucket("acme-dev-workspace-root"));
      try {
        CliProcess.Result r = failing();
        assertThat(r.out())
            .contains("FAIL  bucket acme-dev-workspace-root")
            .contains("taken by another AWS account")
            .contains("($.storage.root_bucket)");
      } finally {
        other.deleteBucket(b -> b.bucket("acme-dev-workspace-root"));
      }
    }
  }

  @Test
  void failsWhenTheOAuthIdentityIsNotAnAccountAdmin() throws Exception {
    setRoles(List.of());
    CliProcess.Result r = failing();
    assertThat(r.out())
        .contains("FAIL  account admin")
        .contains("is not an account admin")
        .contains("This API is disabled for users without account admin status");
  }

  @Test
  void failsWhenTheRegionAlreadyHasAMetastoreThatCommonWouldDuplicate() throws Exception {
    String form =
        "grant_type=client_credentials&scope=all-apis&client_id="
            + DatabricksSettings.SANDBOX_CLIENT_ID
            + "&client_secret="
            + DatabricksSettings.SANDBOX_CLIENT_SECRET;
    String token =
        http("POST", databricks("/oidc/accounts/" + Sandbox.ACCOUNT_ID + "/v1/token"), form)
            .get("access_token")
            .asText();
    JsonNode m =
        http(
            "POST",
            databricks("/api/2.0/accounts/" + Sandbox.ACCOUNT_ID + "/metastores"),
            "{\"metastore_info\": {\"name\": \"someone-elses\", \"region\": \"us-east-1\"}}",
            "Authorization",
            "Bearer " + token);
    String id = m.path("metastore_info").path("metastore_id").asText();
    try {
      CliProcess.Result r = failing();
      assertThat(r.out())
          .contains("FAIL  metastore")
          .contains("metastore someone-elses (" + id + ") already exists in us-east-1")
          .contains("Databricks allows one per region")
          .contains("-> set metastore.adopt_existing to true in common.json");
    } finally {
      http(
          "DELETE",
          databricks(
              "/api/2.0/accounts/" + Sandbox.ACCOUNT_ID + "/metastores/" + id + "?force=true"),
          null,
          "Authorization",
          "Bearer " + token);
    }
  }

  @Test
  void failsOnAPrincipalTheAccountDoesNotHave() throws Exception {
    Path other = sandbox.copyOfConfig("config-unknown-principal");
    ObjectNode dev = (ObjectNode) Json.mapper().readTree(other.resolve("dev.json").toFile());
    ObjectNode nobody =
        ((com.fasterxml.jackson.databind.node.ArrayNode) dev.get("identities")).addObject();
    nobody.put("principal", "nobody@example.com").put("kind", "user").put("permission", "USER");
    Files.writeString(other.resolve("dev.json"), Json.mapper().writeValueAsString(dev));
    CliProcess.Result r =
        sandbox.cli.run("doctor", "--env", "dev", "--sandbox", "--config-dir", other.toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.out())
        .contains("FAIL  principals")
        .contains("user 'nobody@example.com' (dev.json $.identities[2])");
  }

  @Test
  void theFirstPlanRunsDoctor_stopsOnAFailureBeforeAnyChange_andSkipDoctorSkipsIt()
      throws Exception {
    http("PUT", aws("/_faults/permissions"), "{\"denied_actions\": [\"ec2:CreateVpc\"]}");
    CliProcess.Result plan = sandbox.deployer("plan", "--env", "dev", "--sandbox");
    assertThat(plan.exit()).as(plan.toString()).isEqualTo(1);
    assertThat(plan.err())
        .contains("FAIL  permissions")
        .contains("ec2:CreateVpc (implicitDeny)")
        .contains("doctor found 1 problem(s) before the first apply of dev; nothing was changed");
    assertThat(plan.out()).doesNotContain("Plan:");
    CliProcess.Result skipped =
        sandbox.deployer("plan", "--env", "common", "--sandbox", "--skip-doctor");
    assertThat(skipped.exit()).as(skipped.toString()).isZero();
    assertThat(skipped.err()).doesNotContain("Doctor");
    http("DELETE", aws("/_faults/permissions"), null);
    CliProcess.Result ok = sandbox.deployer("plan", "--env", "common", "--sandbox");
    assertThat(ok.exit()).as(ok.toString()).isZero();
    assertThat(ok.err()).contains("Doctor (first apply of common):").contains("checks passed");
  }

  @Test
  void aDeniedActionIsAlsoRefusedWhenCalled_soDoctorAndApplyAgree() throws Exception {
    http("PUT", aws("/_faults/permissions"), "{\"denied_actions\": [\"ec2:AllocateAddress\"]}");
    try (AwsClients aws = awsClients()) {
      software.amazon.awssdk.services.ec2.model.Ec2Exception e =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              software.amazon.awssdk.services.ec2.model.Ec2Exception.class,
              () -> aws.ec2().allocateAddress(b -> b.domain("vpc")));
      assertThat(e).isNotNull();
      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
      assertThat(aws.ec2().describeAddresses().addresses()).isEmpty();
    }
  }
}
