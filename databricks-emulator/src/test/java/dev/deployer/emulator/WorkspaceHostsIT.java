package dev.deployer.emulator;

import static dev.deployer.emulator.TestEmulator.all;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListGroupsRequest;
import com.databricks.sdk.service.iam.ListUsersRequest;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.provisioning.PricingTier;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.workspace.CreateRepoRequest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Workspace hosts and the protocol as the real service has them, through databricks-sdk-java: host
 * metadata, the org-id header, the workspace URL, workspace SCIM, JSON error bodies, workspace-conf
 * keys, repo parents, the reachability lag, I/O faults, the deployment-name prefix and
 * pricing_tier.
 */
class WorkspaceHostsIT {

  private static Response send(DatabricksConfig cfg, Request r) throws IOException {
    return cfg.getHttpClient().execute(r.withHeader("Authorization", "Bearer t"));
  }

  private static JsonNode json(Response r) throws IOException {
    return Json.MAPPER.readTree(r.getBody());
  }

  @Test
  void hostMetadata_workspaceHostNamesItsWorkspace_accountHostGivesTheAccountOidcRoot() {
    try (TestEmulator emu = TestEmulator.start()) {
      Workspace ws = TestEmulator.runningWorkspace(emu.account());
      // The SDK reads /.well-known/databricks-config on resolve and fills what it learns.
      DatabricksConfig wsCfg = emu.workspaceByHost(ws.getDeploymentName()).config();
      assertThat(wsCfg.getWorkspaceId()).isEqualTo(Long.toString(ws.getWorkspaceId()));
      assertThat(wsCfg.getAccountId()).isEqualTo(emu.accountId);
      assertThat(wsCfg.getDiscoveryUrl())
          .isEqualTo(
              emu.emu.workspaceUrl(ws.getDeploymentName())
                  + "/oidc/.well-known/oauth-authorization-server");

      AccountClient acct = emu.account();
      assertThat(acct.config().getDiscoveryUrl())
          .isEqualTo(
              emu.emu.baseUrl()
                  + "/oidc/accounts/"
                  + emu.accountId
                  + "/.well-known/oauth-authorization-server");
    }
  }

  @Test
  void workspaceScopedAnswers_carryTheOrgIdHeader_andWorkspaceObjectsTheirUrl() throws Exception {
    try (TestEmulator emu = TestEmulator.start()) {
      AccountClient a = emu.account();
      Workspace ws = TestEmulator.runningWorkspace(a);
      WorkspaceClient w = emu.workspaceByHost(ws.getDeploymentName());
      DatabricksConfig cfg = w.config();
      String host = emu.emu.workspaceUrl(ws.getDeploymentName());

      Response ok = send(cfg, new Request("GET", host + "/api/2.0/preview/scim/v2/Me"));
      assertThat(ok.getFirstHeader("X-Databricks-Org-Id"))
          .isEqualTo(Long.toString(ws.getWorkspaceId()));
      Response err = send(cfg, new Request("GET", host + "/api/2.0/repos/12345"));
      assertThat(err.getStatusCode()).isEqualTo(404);
      assertThat(err.getFirstHeader("X-Databricks-Org-Id"))
          .isEqualTo(Long.toString(ws.getWorkspaceId()));
      // Account-scoped answers do not name a workspace.
      Response acct =
          send(
              a.config(),
              new Request(
                  "GET",
                  emu.emu.baseUrl()
                      + "/api/2.0/accounts/"
                      + emu.accountId
                      + "/workspaces/"
                      + ws.getWorkspaceId()));
      assertThat(acct.getFirstHeader("X-Databricks-Org-Id")).isNull();
      assertThat(json(acct).path("workspace_url").asText()).isEqualTo(host);
    }
  }

  @Test
  void workspaceScim_meUsersAndGroups_areTheAssignedAccountPrincipals() {
    try (TestEmulator emu = TestEmulator.start()) {
      Workspace ws = TestEmulator.runningWorkspace(emu.account());
      WorkspaceClient w = emu.workspaceByHost(ws.getDeploymentName());

      assertThat(w.currentUser().me(new MeRequest()).getUserName()).isEqualTo(IdentityApi.ME_USER);
      User added = w.users().create(new User().setUserName("ana@example.com"));
      assertThat(
              all(
                  w.users()
                      .list(new ListUsersRequest().setFilter("userName eq \"ana@example.com\""))))
          .extracting(User::getId)
          .containsExactly(added.getId());
      // Added here = an account user assigned to the workspace.
      assertThat(
              all(
                  emu.account()
                      .users()
                      .list(new com.databricks.sdk.service.iam.ListAccountUsersRequest())))
          .extracting(User::getUserName)
          .contains("ana@example.com");
      Group g = w.groups().create(new Group().setDisplayName("data-eng"));
      assertThat(all(w.groups().list(new ListGroupsRequest())))
          .extracting(Group::getDisplayName)
          .contains("admins", "users", "data-eng");
      w.groups().delete(g.getId());
      assertThatThrownBy(() -> w.groups().get(g.getId())).isInstanceOf(NotFound.class);
      w.users().delete(added.getId());
      assertThatThrownBy(() -> w.users().get(added.getId())).isInstanceOf(NotFound.class);
    }
  }

  @Test
  void workspaceConf_requiresKeys_andAnswersErrorsInTheServiceWording() throws Exception {
    try (TestEmulator emu = TestEmulator.start()) {
      Workspace ws = TestEmulator.runningWorkspace(emu.account());
      WorkspaceClient w = emu.workspaceByHost(ws.getDeploymentName());
      String host = emu.emu.workspaceUrl(ws.getDeploymentName());

      // databricks-sdk-java 0.141.0 sends no ?keys= at all: refused.
      assertThatThrownBy(() -> w.workspaceConf().getStatus("enableIpAccessLists"))
          .isInstanceOf(InvalidParameterValue.class)
          .hasMessage("Missing required field: keys");
      w.workspaceConf().setStatus(Map.of("enableIpAccessLists", "true"));
      Map<String, String> got =
          w.apiClient()
              .getStringMap(
                  new Request("GET", "/api/2.0/workspace-conf")
                      .withQueryParam("keys", "enableIpAccessLists,enableTokensConfig")
                      .withHeader("Accept", "application/json"));
      assertThat(got)
          .containsEntry("enableIpAccessLists", "true")
          .containsKey("enableTokensConfig");

      assertThatThrownBy(() -> w.workspaceConf().setStatus(Map.of("enableByocUi", "true")))
          .isInstanceOf(InvalidParameterValue.class)
          .hasMessage("Invalid keys: [\"enableByocUi\"]");
      assertThatThrownBy(() -> w.workspaceConf().setStatus(Map.of("enableIpAccessLists", "")))
          .isInstanceOf(InvalidParameterValue.class)
          .hasMessage("Some values are not allowed: {\"enableIpAccessLists\":\"\"}");
      // The body is the service's JSON: error_code and message.
      Response raw =
          send(
              w.config(),
              new Request("GET", host + "/api/2.0/workspace-conf").withQueryParam("keys", "nope"));
      assertThat(raw.getStatusCode()).isEqualTo(400);
      JsonNode body = json(raw);
      assertThat(body.path("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
      assertThat(body.path("message").asText()).isEqualTo("Invalid keys: [\"nope\"]");
    }
  }

  @Test
  void repos_needTheirParentFolder() {
    try (TestEmulator emu = TestEmulator.start()) {
      Workspace ws = TestEmulator.runningWorkspace(emu.account());
      WorkspaceClient w = emu.workspaceByHost(ws.getDeploymentName());
      CreateRepoRequest req =
          new CreateRepoRequest()
              .setUrl("https://github.com/acme/jobs.git")
              .setProvider("gitHub")
              .setPath("/Repos/platform/jobs");
      assertThatThrownBy(() -> w.repos().create(req))
          .isInstanceOf(NotFound.class)
          .hasMessage("Parent directory /Repos/platform does not exist.");
      w.workspace().mkdirs("/Repos/platform");
      assertThat(w.repos().create(req).getPath()).isEqualTo("/Repos/platform/jobs");
    }
  }

  @Test
  void newWorkspaceHost_dropsConnectionsThenFlickers_thenAnswers() {
    try (TestEmulator emu =
        TestEmulator.onFakeClock(b -> b.hostLag(Duration.ofSeconds(30), Duration.ofSeconds(60)))) {
      Workspace ws = TestEmulator.runningWorkspace(emu.account());
      WorkspaceClient w = emu.workspaceByHost(ws.getDeploymentName());
      // Unreachable: what the SDK makes of a connection that ends without an answer.
      assertThatThrownBy(() -> w.workspace().mkdirs("/Shared/x"))
          .satisfies(WorkspaceHostsIT::assertIoError);
      emu.clock.advance(Duration.ofSeconds(31));
      // Flaky: some requests fail, some pass (seeded, so the mix is repeatable).
      int failed = 0;
      for (int i = 0; i < 8; i++) {
        try {
          w.workspace().mkdirs("/Shared/y" + i);
        } catch (DatabricksException e) {
          failed++;
        }
      }
      assertThat(failed).isBetween(1, 7);
      emu.clock.advance(Duration.ofSeconds(61));
      for (int i = 0; i < 20; i++) {
        w.workspace().mkdirs("/Shared/z" + i);
      }
    }
  }

  /** The SDK reports I/O failure as a 523 IO_ERROR DatabricksError, maybe wrapped once. */
  static void assertIoError(Throwable t) {
    Throwable e = t;
    while (e != null && !(e instanceof DatabricksError)) {
      e = e.getCause();
    }
    assertThat(e).as("a DatabricksError in the cause chain of %s", t).isNotNull();
    DatabricksError d = (DatabricksError) e;
    assertThat(d.getStatusCode()).isEqualTo(523);
    assertThat(d.getErrorCode()).isEqualTo("IO_ERROR");
    assertThat(d.getCause()).isInstanceOf(IOException.class);
  }

  @Test
  void ioFaults_resetAndCutShort_reachTheSdkAsIoErrors() {
    try (TestEmulator emu = TestEmulator.start()) {
      Workspace ws = TestEmulator.runningWorkspace(emu.account());
      WorkspaceClient w = emu.workspaceByHost(ws.getDeploymentName());
      mkdirsFailsWithIoError(emu, w, "rate_reset", "/Shared/reset");
      // A reset request was never handled.
      assertThatThrownBy(() -> w.workspace().getStatus("/Shared/reset"))
          .isInstanceOf(NotFound.class);

      mkdirsFailsWithIoError(emu, w, "rate_cut", "/Shared/cut");
      // A cut-short answer was handled: the folder is there.
      assertThat(w.workspace().getStatus("/Shared/cut").getPath()).isEqualTo("/Shared/cut");
      assertThat(emu.admin("GET", "/faults", null).statusCode()).isEqualTo(200);
    }
  }

  /** Under the fault {@code rate} on every mkdirs, the SDK sees an I/O error; then no faults. */
  private static void mkdirsFailsWithIoError(
      TestEmulator emu, WorkspaceClient w, String rate, String path) {
    emu.admin(
        "PUT",
        "/faults",
        "{\"rules\":[{\"path_regex\":\"/api/2.0/workspace/mkdirs\",\"" + rate + "\":1}]}");
    assertThatThrownBy(() -> w.workspace().mkdirs(path)).satisfies(WorkspaceHostsIT::assertIoError);
    emu.admin("DELETE", "/faults", null);
  }

  @Test
  void deploymentNamePrefix_andPricingTierSpelling_followTheAccountSettings() {
    try (TestEmulator emu =
        TestEmulator.start(b -> b.deploymentPrefix("acme").pricingTierEcho("lower_case"))) {
      AccountClient a = emu.account();
      String creds = TestEmulator.credentialsId(a, "arn:aws:iam::123456789012:role/r1");
      String storage = TestEmulator.storageId(a, "bucket-1");
      Workspace created;
      try {
        created =
            a.workspaces()
                .create(
                    TestEmulator.workspaceRequest(creds, storage, null)
                        .setDeploymentName("analytics")
                        .setPricingTier(PricingTier.PREMIUM))
                .get(Duration.ofSeconds(30));
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError(e);
      }
      assertThat(created.getDeploymentName()).isEqualTo("acme-analytics");
      // "premium" is no PricingTier constant: the SDK reads it as null.
      assertThat(created.getPricingTier()).isNull();
      // The workspace answers on the prefixed host.
      assertThat(
              emu.workspaceByHost("acme-analytics").currentUser().me(new MeRequest()).getUserName())
          .isEqualTo(IdentityApi.ME_USER);

      emu.admin("PUT", "/hosts", "{\"pricing_tier_echo\":\"absent\"}");
      emu.admin("PUT", "/accounts/" + emu.accountId + "/deployment-prefix", "{\"prefix\":\"\"}");
      assertThat(a.workspaces().get(created.getWorkspaceId()).getPricingTier()).isNull();
      emu.admin("PUT", "/hosts", "{\"pricing_tier_echo\":\"as_sent\"}");
      assertThat(a.workspaces().get(created.getWorkspaceId()).getPricingTier())
          .isEqualTo(PricingTier.PREMIUM);
      assertThat(emu.admin("GET", "/hosts", null).body())
          .contains("\"account_prefixes\":{\"" + emu.accountId + "\":\"\"}");
    }
  }

  /** OAuth M2M as the sandbox's client, with this secret. */
  private static DatabricksConfig m2m(String secret) {
    return new DatabricksConfig()
        .setClientId(OAuthApi.SANDBOX_CLIENT_ID)
        .setClientSecret(secret)
        .setAuthType("oauth-m2m");
  }

  @Test
  void oauthM2m_tokensFromTheAccountAndWorkspaceEndpoints_patRefusedOnTheAccountApi() {
    try (TestEmulator emu = TestEmulator.start(b -> b.refusePatOnAccount(true))) {
      Workspace ws = TestEmulator.runningWorkspace(emu.account());
      AccountClient m2m = emu.account(emu.accountId, m2m(OAuthApi.SANDBOX_CLIENT_SECRET));
      assertThat(all(m2m.workspaces().list()))
          .extracting(Workspace::getWorkspaceId)
          .containsExactly(ws.getWorkspaceId());

      WorkspaceClient w =
          emu.workspaceByHost(
              ws.getDeploymentName(), OAuthApi.SANDBOX_CLIENT_ID, OAuthApi.SANDBOX_CLIENT_SECRET);
      assertThat(w.currentUser().me(new MeRequest()).getUserName()).isEqualTo(IdentityApi.ME_USER);

      AccountClient pat =
          emu.account(
              emu.accountId, new DatabricksConfig().setToken("dapi-personal").setAuthType("pat"));
      assertThatThrownBy(() -> all(pat.workspaces().list()))
          .isInstanceOf(com.databricks.sdk.core.error.platform.Unauthenticated.class)
          .hasMessageContaining("use OAuth");

      AccountClient wrong = emu.account(emu.accountId, m2m("wrong"));
      assertThatThrownBy(() -> all(wrong.workspaces().list()))
          .isInstanceOf(DatabricksException.class);
      assertThat(
              emu.api("GET", "/api/2.0/accounts/" + emu.accountId + "/workspaces", null)
                  .statusCode())
          .as("a token that is neither a PAT nor one of ours is not checked")
          .isEqualTo(200);
    }
  }
}
