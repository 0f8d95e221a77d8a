package dev.deployer.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local, stateful Databricks account and workspace API for tests and the sandbox.
 *
 * <p>Served by the JDK's own {@code com.sun.net.httpserver}: it ships with every JDK 17, needs no
 * dependency (nothing to converge with the AWS and Databricks SDKs' HTTP stacks) and is plenty for
 * a handful of local clients. A small {@link Router} maps method + path templates to handlers.
 *
 * <p>Account API calls are under {@code /api/2.0/accounts/{account_id}/...} on any host; any
 * account id works and several accounts live side by side. Workspace API calls are routed by the
 * {@code Host} header {@code {deployment_name}.localhost[:port]} or by the {@code
 * X-Databricks-Workspace-Id} header, because the Databricks SDK drops any path from the host.
 */
public final class DatabricksEmulator implements AutoCloseable {
  /** Waits for injected latency; tests can pass one that records instead of waiting. */
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final Builder config;
  private final Store store;
  private final Ctx ctx;
  private final Faults faults;
  private final HostBehaviours hosts;
  private final AwsView aws;
  private HttpServer server;
  private ExecutorService executor;

  private DatabricksEmulator(Builder b) {
    this.config = b;
    this.store = new Store(b.snapshot, b.accountId);
    this.aws = b.awsEndpoint == null ? AwsView.NONE : new AwsSdkView(b.awsEndpoint, b.awsRegion);
    this.ctx = new Ctx(store, b.clock, aws, b.raceWindow, b.provisioningDelay, b.random);
    ctx.ucLag = b.ucLag;
    ctx.permissionAssignmentLag = b.permissionAssignmentLag;
    ctx.autoUnityCatalog = b.autoUnityCatalog;
    this.faults = new Faults(new Random(b.random.nextLong()), b.sleeper);
    if (b.faultRate > 0) {
      faults.set(java.util.List.of(Faults.uniform(b.faultRate)), null);
    }
    this.hosts = new HostBehaviours(new Random(b.random.nextLong()));
    hosts.unreachableAfterRunning(b.unreachableAfterRunning);
    hosts.flakyAfterRunning(b.flakyAfterRunning);
    hosts.defaultDeploymentPrefix(b.deploymentPrefix);
    hosts.pricingTierEcho(b.pricingTierEcho);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds and starts serving; returns this for chaining. */
  public synchronized DatabricksEmulator start() {
    if (server != null) {
      return this;
    }
    Router router = new Router();
    AccountConfigsApi configs = new AccountConfigsApi(ctx);
    EncryptionKeysApi keys = new EncryptionKeysApi(ctx);
    Workspaces workspaces = new Workspaces(ctx, configs, hosts, keys);
    IdentityApi identity = new IdentityApi(ctx, workspaces);
    hosts.register(router);
    OAuthApi oauth = new OAuthApi(ctx);
    oauth.refusePatOnAccount = config.refusePatOnAccount;
    oauth.register(router);
    // Before IdentityApi, whose own Me route it replaces.
    new WorkspaceScimApi(ctx, identity).register(router);
    new AdminApi(
            ctx,
            faults,
            identity,
            config.awsEndpoint == null ? null : config.awsEndpoint.toString())
        .register(router);
    configs.register(router);
    new PrivateLinkApi(ctx).register(router);
    keys.register(router);
    workspaces.register(router);
    MetastoresApi metastores = new MetastoresApi(ctx, workspaces);
    metastores.register(router);
    workspaces.onCreate(metastores::autoEnable);
    new LogDeliveryApi(ctx).register(router);
    identity.register(router);
    new UnityCatalogApi(ctx).register(router);
    new WorkspaceSettingsApi(ctx).register(router);
    new IpAccessListsApi(ctx).register(router);
    new SecuritySettingsApi(ctx).register(router);
    new ClustersApi(ctx).register(router);
    new PermissionsApi(ctx).register(router);
    new WorkspaceFilesApi(ctx).register(router);
    try {
      server = HttpServer.create(new InetSocketAddress(config.bindAddress, config.port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot listen on " + config.bindAddress + ":" + config.port, e);
    }
    AtomicInteger n = new AtomicInteger();
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "databricks-emulator-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", new Front(router, store, faults, workspaces, oauth));
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The host for account API calls and for workspace calls that send X-Databricks-Workspace-Id. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The host a workspace answers on; clients must resolve *.localhost to 127.0.0.1. */
  public String workspaceUrl(String deploymentName) {
    return "http://" + deploymentName + ".localhost:" + port();
  }

  /** The account the sandbox uses: fixed by the builder, else generated once and snapshotted. */
  public String accountId() {
    return store.defaultAccountId();
  }

  /** Forgets all objects (null) or one account's. */
  public void reset(String accountIdOrNull) {
    store.reset(accountIdOrNull);
  }

  /** All state as JSON. */
  public String dump() {
    return store.dump();
  }

  public void setRaceWindow(Duration window) {
    ctx.race.window(Objects.requireNonNull(window));
  }

  public void setProvisioningDelay(Duration delay) {
    ctx.provisioningDelay = Objects.requireNonNull(delay);
  }

  /** How long Unity Catalog answers "No metastore assigned" after an assignment. */
  public void setUnityCatalogLag(Duration lag) {
    ctx.ucLag = Objects.requireNonNull(lag);
  }

  /** How long permission assignment is refused after a workspace is created or assigned. */
  public void setPermissionAssignmentLag(Duration lag) {
    ctx.permissionAssignmentLag = Objects.requireNonNull(lag);
  }

  /** Automatic Unity Catalog enablement for accounts without a setting of their own. */
  public void setAutoUnityCatalog(boolean on) {
    ctx.autoUnityCatalog = on;
  }

  /** How long a new workspace host drops every connection, then answers unreliably. */
  public void setHostLag(Duration unreachable, Duration flaky) {
    hosts.unreachableAfterRunning(unreachable);
    hosts.flakyAfterRunning(flaky);
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      try {
        executor.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server = null;
    }
    if (aws instanceof AwsSdkView v) {
      v.close();
    }
  }

  /** Settings; every one has a default that suits in-process tests. */
  public static final class Builder {
    private int port;
    private String bindAddress = "127.0.0.1";
    private Clock clock = Clock.systemUTC();
    private Path snapshot;
    private URI awsEndpoint;
    private String awsRegion = "us-east-1";
    private Duration raceWindow = Duration.ZERO;
    private Duration provisioningDelay = Duration.ZERO;
    private Duration ucLag = Duration.ZERO;
    private Duration permissionAssignmentLag = Duration.ZERO;
    private boolean autoUnityCatalog;
    private Duration unreachableAfterRunning = Duration.ZERO;
    private Duration flakyAfterRunning = Duration.ZERO;
    private String deploymentPrefix;
    private boolean refusePatOnAccount;
    private double faultRate;
    private HostBehaviours.PricingTierEcho pricingTierEcho = HostBehaviours.PricingTierEcho.AS_SENT;
    private String accountId;
    // Always seeded, so the seed of a run can be printed and given again.
    private long seed = new Random().nextLong();
    private Random random = new Random(seed);
    // The injected latency of fault injection; tests pass one that records instead of waiting.
    private Sleeper sleeper =
        millis -> {
          long deadline = System.nanoTime() + millis * 1_000_000L;
          long left;
          while ((left = deadline - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
              throw new InterruptedException();
            }
          }
        };

    private Builder() {}

    /** 0 (the default) picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder bindAddress(String address) {
      this.bindAddress = address;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * JSON file loaded at start and rewritten atomically after every change; null = memory only.
     */
    public Builder snapshot(Path snapshot) {
      this.snapshot = snapshot;
      return this;
    }

    /** An AWS endpoint (moto, LocalStack) turns on the AWS-aware checks. */
    public Builder awsEndpoint(URI endpoint) {
      this.awsEndpoint = endpoint;
      return this;
    }

    public Builder awsEndpoint(String endpoint) {
      return awsEndpoint(endpoint == null ? null : URI.create(endpoint));
    }

    public Builder awsRegion(String region) {
      this.awsRegion = Objects.requireNonNull(region);
      return this;
    }

    /** How long after its creation an IAM role is refused (the propagation race); 0 = off. */
    public Builder raceWindow(Duration window) {
      this.raceWindow = Objects.requireNonNull(window);
      return this;
    }

    /** How long a new or updated workspace stays PROVISIONING. */
    public Builder provisioningDelay(Duration delay) {
      this.provisioningDelay = Objects.requireNonNull(delay);
      return this;
    }

    /** How long Unity Catalog answers "No metastore assigned" after an assignment; 0 = off. */
    public Builder unityCatalogLag(Duration lag) {
      this.ucLag = Objects.requireNonNull(lag);
      return this;
    }

    /** How long permission assignment is refused after creation or assignment; 0 = off. */
    public Builder permissionAssignmentLag(Duration lag) {
      this.permissionAssignmentLag = Objects.requireNonNull(lag);
      return this;
    }

    /** Automatic Unity Catalog enablement for accounts without a setting of their own. */
    public Builder autoUnityCatalog(boolean on) {
      this.autoUnityCatalog = on;
      return this;
    }

    /**
     * After a workspace first turns RUNNING, its host drops every connection for {@code
     * unreachable}, then drops or refuses (503) about half the requests for {@code flaky}.
     */
    public Builder hostLag(Duration unreachable, Duration flaky) {
      this.unreachableAfterRunning = Objects.requireNonNull(unreachable);
      this.flakyAfterRunning = Objects.requireNonNull(flaky);
      return this;
    }

    /** A share of every API call answered 429, 503 or with a reset connection (a third each). */
    public Builder faultRate(double rate) {
      Faults.uniform(rate);
      this.faultRate = rate;
      return this;
    }

    /** Refuses personal access tokens (dapi...) on the account API, as the service does. */
    public Builder refusePatOnAccount(boolean refuse) {
      this.refusePatOnAccount = refuse;
      return this;
    }

    /** Every account's deployment-name prefix (the API answers {@code <prefix>-<name>}). */
    public Builder deploymentPrefix(String prefix) {
      this.deploymentPrefix = prefix;
      return this;
    }

    /** How workspace objects spell pricing_tier: as_sent, lower_case or absent. */
    public Builder pricingTierEcho(String echo) {
      this.pricingTierEcho = HostBehaviours.PricingTierEcho.parse(echo);
      return this;
    }

    /** Fixes the default account id (otherwise generated and kept in the snapshot). */
    public Builder accountId(String accountId) {
      this.accountId = accountId;
      return this;
    }

    /** Seeds ids and fault injection, for repeatable tests. */
    public Builder seed(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
      return this;
    }

    /** The seed of the draws (given, or picked at random), for a run to be repeated. */
    public long seedInUse() {
      return seed;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper);
      return this;
    }

    public DatabricksEmulator build() {
      return new DatabricksEmulator(this);
    }

    public DatabricksEmulator start() {
      return build().start();
    }
  }
}
