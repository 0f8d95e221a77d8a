package dev.deployer.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.EditPolicy;
import com.databricks.sdk.service.compute.ListClusterPoliciesRequest;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.databricks.sdk.service.workspace.ListReposRequest;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.workspace.conf.WorkspaceConfHandler;
import dev.deployer.workspace.conf.WorkspaceConfSpec;
import dev.deployer.workspace.policy.ClusterPolicies;
import dev.deployer.workspace.policy.ClusterPolicyHandler;
import dev.deployer.workspace.policy.ClusterPolicySpec;
import dev.deployer.workspace.testing.EmulatedWorkspace;
import dev.deployer.workspace.testing.WorkspaceTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cluster policy, workspace conf, repos and notebooks against the emulator, through the engine. */
class WorkspaceSettingsAndFilesIT extends EmulatedWorkspace {
  static final String POLICY = "workspace.cluster_policy";
  static final String CONF = "workspace.workspace_conf";
  static final String NB = "workspace_files.notebook[\"/Shared/acme/hello\"]";

  @Override
  protected void prepare() throws Exception {
    Files.writeString(dir.resolve("hello.py"), "print('hello')\n");
  }

  StackDefinition stack(String branch, String repoPath, int dbus) {
    WorkspaceTestSupport.Base base = t.stack();
    var b = base.builder();
    var dep = base.workspace().out("deployment_name");
    var ws = base.workspace().out("workspace_id");
    b.add(
        POLICY,
        ClusterPolicyHandler.TYPE,
        r -> {
          r.after(base.assignment());
          return new ClusterPolicySpec(
              r.get(dep),
              r.get(ws),
              ClusterPolicies.name("data"),
              ClusterPolicies.definition(
                  "data",
                  Map.of(
                      "dbus_per_hour",
                      dev.deployer.core.json.Json.mapper()
                          .createObjectNode()
                          .put("type", "range")
                          .put("maxValue", dbus))),
              "it");
        });
    b.add(
        CONF,
        WorkspaceConfHandler.TYPE,
        r -> {
          r.after(base.assignment());
          return new WorkspaceConfSpec(r.get(dep), r.get(ws), WorkspaceConfSpec.defaults());
        });
    WorkspaceFilesModule.declare(
        b,
        "workspace_files",
        new WorkspaceFilesModule.Inputs(
            dep,
            ws,
            base.assignment(),
            List.of(
                new WorkspaceFilesModule.Repo(
                    "https://github.com/acme/etl.git", "gitHub", repoPath, branch, null)),
            List.of(
                new WorkspaceFilesModule.Notebook(
                    "/Shared/acme/hello", "hello.py", "python", null)),
            dir));
    return b.build();
  }

  static String repoAddress(String path) {
    return "workspace_files.repo[\"" + path + "\"]";
  }

  @Test
  void lifecycle_createNoOpDriftRepairUpdateReplaceDestroy() throws Exception {
    WorkspaceClient ws = t.client();
    StackDefinition def = stack("main", "/Repos/acme/etl", 10);
    t.applyOk(def);
    assertThat(t.plan(def).hasChanges()).isFalse();
    assertThat(conf(ws).get("enableWebTerminal")).isEqualTo("false");

    // Out of band: the policy edited, a conf key flipped, the notebook overwritten.
    String policyId =
        ws.clusterPolicies().list(new ListClusterPoliciesRequest()).iterator().next().getPolicyId();
    ws.clusterPolicies()
        .edit(
            new EditPolicy()
                .setPolicyId(policyId)
                .setName("data cluster policy")
                .setDefinition("{\"dbus_per_hour\":{\"type\":\"unlimited\"}}")
                .setDescription("it"));
    ws.workspaceConf().setStatus(Map.of("enableWebTerminal", "true"));
    ws.workspace()
        .importContent(
            new Import()
                .setPath("/Shared/acme/hello")
                .setFormat(ImportFormat.SOURCE)
                .setLanguage(Language.PYTHON)
                .setOverwrite(true)
                .setContent(
                    Base64.getEncoder()
                        .encodeToString("print('pwned')".getBytes(StandardCharsets.UTF_8))));
    t.repairsDrift(def, Map.of(POLICY, Action.UPDATE, CONF, Action.UPDATE, NB, Action.UPDATE));
    assertThat(conf(ws).get("enableWebTerminal")).isEqualTo("false");
    assertThat(exported(ws, "/Shared/acme/hello")).isEqualTo("print('hello')\n");

    // In place: a new branch, a stricter policy, a changed notebook file.
    Files.writeString(dir.resolve("hello.py"), "print('hello, world')\n");
    StackDefinition changed = stack("release", "/Repos/acme/etl", 5);
    Plan update = t.plan(changed);
    assertThat(update.change(repoAddress("/Repos/acme/etl")).action()).isEqualTo(Action.UPDATE);
    assertThat(update.change(POLICY).action()).isEqualTo(Action.UPDATE);
    assertThat(update.change(NB).action()).isEqualTo(Action.UPDATE);
    t.applyOk(changed);
    assertThat(t.plan(changed).hasChanges()).isFalse();
    assertThat(ws.repos().list(new ListReposRequest()).iterator().next().getBranch())
        .isEqualTo("release");
    assertThat(exported(ws, "/Shared/acme/hello")).isEqualTo("print('hello, world')\n");

    // The repo's path is fixed for life: a new path replaces it (a new address here, so the old
    // one is destroyed and the new one created).
    StackDefinition moved = stack("release", "/Repos/acme/etl2", 5);
    Plan move = t.plan(moved);
    assertThat(move.change(repoAddress("/Repos/acme/etl")).action()).isEqualTo(Action.DELETE);
    assertThat(move.change(repoAddress("/Repos/acme/etl2")).action()).isEqualTo(Action.CREATE);
    t.applyOk(moved);
    assertThat(ws.repos().list(new ListReposRequest()))
        .extracting(r -> r.getPath())
        .containsExactly("/Repos/acme/etl2");

    assertThat(t.destroy(moved).succeeded()).isTrue();
    assertThat(ws.repos().list(new ListReposRequest())).isEmpty();
    assertThat(ws.clusterPolicies().list(new ListClusterPoliciesRequest())).isEmpty();
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> ws.workspace().getStatus("/Shared/acme/hello")))
        .isNotNull();
    // The hardening keys are reset, not left as set.
    assertThat(conf(ws).get("enableWebTerminal")).isEqualTo("true");
    assertThat(conf(ws).get("enableVerboseAuditLogs")).isEqualTo("false");
  }

  @Test
  void repoPathChangeUnderTheSameAddress_isAReplacement() throws Exception {
    var handler = new dev.deployer.workspace.files.RepoHandler(t.databricks);
    var a =
        new dev.deployer.workspace.files.RepoSpec(
            "d", "1", "https://github.com/a/b.git", "gitHub", "/Repos/a/b", "main", null);
    var moved =
        new dev.deployer.workspace.files.RepoSpec(
            "d", "1", "https://github.com/a/b.git", "gitHub", "/Repos/a/c", "main", null);
    var branch =
        new dev.deployer.workspace.files.RepoSpec(
            "d", "1", "https://github.com/a/b.git", "gitHub", "/Repos/a/b", "dev", null);
    assertThat(handler.diff(a, moved).forcesReplacement()).isTrue();
    assertThat(handler.diff(a, branch).forcesReplacement()).isFalse();
  }

  /** With the keys query the API requires (the SDK's getStatus drops it). */
  static Map<String, String> conf(WorkspaceClient ws) {
    return WorkspaceTestSupport.workspaceConf(ws, "enableWebTerminal", "enableVerboseAuditLogs");
  }

  static String exported(WorkspaceClient ws, String path) {
    return new String(
        Base64.getDecoder().decode(ws.workspace().export(path).getContent()),
        StandardCharsets.UTF_8);
  }
}
