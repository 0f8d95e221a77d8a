package dev.deployer.account;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.commons.CommonsHttpClient;
import com.databricks.sdk.core.http.HttpClient;
import dev.deployer.core.ApiCalls;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.DnsResolver;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.impl.conn.SystemDefaultDnsResolver;

/**
 * The Databricks clients of one run: one account client, and one workspace client per workspace
 * host, built on first use and shared by every handler.
 */
public final class DatabricksClients {
  private final DatabricksSettings settings;
  private final ApiCalls calls;
  private final Map<String, String> env;
  private final DatabricksConfig accountConfig;
  private final AccountClient account;
  private final Map<String, WorkspaceClient> workspaces = new ConcurrentHashMap<>();

  public DatabricksClients(DatabricksSettings settings) {
    this(settings, new ApiCalls());
  }

  /**
   * Clients that count every HTTP call into {@code calls} ("databricks-account",
   * "databricks-workspace").
   */
  public DatabricksClients(DatabricksSettings settings, ApiCalls calls) {
    this(settings, calls, System.getenv());
  }

  /** With the environment given, so that tests need not touch the process's own. */
  DatabricksClients(DatabricksSettings settings, ApiCalls calls, Map<String, String> env) {
    this.settings = settings;
    this.calls = calls;
    this.env = env;
    if (!settings.sandbox()) {
      // From the environment and the config file alone: no request has been sent yet.
      DatabricksAuth.refusePatOnAccount(settings.profile(), env, settings.accountHost());
    }
    DatabricksConfig cfg =
        base(settings.accountHost(), "databricks-account", null).setAccountId(settings.accountId());
    this.accountConfig = cfg;
    this.account = new AccountClient(cfg);
  }

  public DatabricksSettings settings() {
    return settings;
  }

  public String accountId() {
    return settings.accountId();
  }

  public AccountClient account() {
    return account;
  }

  /** The client for a workspace, addressed by its deployment name through the host template. */
  public WorkspaceClient workspace(String deploymentName, String workspaceId) {
    String host = settings.workspaceHost(deploymentName);
    return workspaces.computeIfAbsent(
        host,
        h -> {
          // Every workspace host is called as the account's OAuth identity (RESOURCES.md: a PAT
          // belongs to one workspace and a new workspace has none).
          DatabricksConfig cfg = base(h, "databricks-workspace", accountConfig);
          if (workspaceId != null) {
            cfg.setWorkspaceId(workspaceId);
          }
          return new WorkspaceClient(cfg);
        });
  }

  public String workspaceUrl(String deploymentName) {
    return settings.workspaceHost(deploymentName);
  }

  /** The account client's resolved configuration (auth type, identity), for messages. */
  public DatabricksConfig accountConfig() {
    return accountConfig;
  }

  private DatabricksConfig base(String host, String service, DatabricksConfig identity) {
    DatabricksConfig cfg = new DatabricksConfig().setHost(host).setHttpTimeoutSeconds(60);
    CommonsHttpClient.Builder http =
        new CommonsHttpClient.Builder().withDatabricksConfig(cfg).withTimeoutSeconds(60);
    if (settings.sandbox()) {
      // The emulator's own OAuth token endpoints: the sandbox authenticates as real runs do.
      cfg.setClientId(DatabricksSettings.SANDBOX_CLIENT_ID)
          .setClientSecret(DatabricksSettings.SANDBOX_CLIENT_SECRET)
          .setAuthType("oauth-m2m");
      http.withConnectionManager(loopbackConnections());
    } else if (identity != null && DatabricksAuth.isOAuthM2m(identity)) {
      cfg.setClientId(identity.getClientId())
          .setClientSecret(identity.getClientSecret())
          .setAuthType("oauth-m2m");
    } else {
      DatabricksAuth.profile(settings.profile(), env)
          .ifPresent(
              p -> cfg.setProfile(p).setConfigFile(DatabricksAuth.configFile(env).toString()));
    }
    HttpClient inner = http.build();
    cfg.setHttpClient(
        request -> {
          calls.record(service);
          DatabricksErrorClassifier.calling(service, request.getMethod(), request.getUri());
          return inner.execute(request);
        });
    return cfg;
  }

  /** Resolves every {@code *.localhost} name to 127.0.0.1, as browsers do (RFC 6761). */
  static PoolingHttpClientConnectionManager loopbackConnections() {
    DnsResolver dns =
        host -> {
          if (host.equals("localhost") || host.endsWith(".localhost")) {
            return new InetAddress[] {InetAddress.getLoopbackAddress()};
          }
          return SystemDefaultDnsResolver.INSTANCE.resolve(host);
        };
    PoolingHttpClientConnectionManager cm =
        new PoolingHttpClientConnectionManager(
            RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .register("https", SSLConnectionSocketFactory.getSocketFactory())
                .build(),
            dns);
    cm.setMaxTotal(100);
    cm.setDefaultMaxPerRoute(20);
    return cm;
  }
}
