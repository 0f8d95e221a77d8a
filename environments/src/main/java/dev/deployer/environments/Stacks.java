package dev.deployer.environments;

import dev.deployer.account.AccountModule;
import dev.deployer.account.HandlerSettings;
import dev.deployer.account.identity.DeployingPrincipal;
import dev.deployer.account.identity.Principal;
import dev.deployer.account.identity.PrincipalResolver;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.common.CommonConfig;
import dev.deployer.common.CommonStack;
import dev.deployer.core.ApiCalls;
import dev.deployer.core.DeployerException;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.state.StateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Turns a stack name into an {@link LoadedStack}: loads and validates the config (no API call
 * before this succeeds), builds the clients once for the run, defines the stack.
 */
public final class Stacks {
  private final Path configDir;
  private final Path stateDir;
  private final Target target;
  private final ApiCalls calls;
  private final StateBackends backends;

  /** The process environment; tests replace it. */
  Map<String, String> env = System.getenv();

  /** Where lines about work before the plan go (the principal lookups of large configs). */
  private java.util.function.Consumer<String> progress = m -> {};

  /** Sends progress lines of the work done before planning to {@code sink}. */
  public Stacks onProgress(java.util.function.Consumer<String> sink) {
    this.progress = sink;
    return this;
  }

  public Stacks(Path configDir, Path stateDir, Target target) {
    this(configDir, stateDir, target, new ApiCalls());
  }

  /** Stacks whose clients count their API calls into {@code calls}. */
  public Stacks(Path configDir, Path stateDir, Target target, ApiCalls calls) {
    this(
        configDir,
        stateDir,
        target,
        calls,
        new StateBackends(configDir, stateDir, target, java.util.Optional.empty()));
  }

  /** Stacks whose state stores {@code backends} chooses (local, or S3 per config or flag). */
  public Stacks(
      Path configDir, Path stateDir, Target target, ApiCalls calls, StateBackends backends) {
    this.configDir = configDir;
    this.stateDir = stateDir;
    this.target = target;
    this.calls = calls;
    this.backends = backends;
  }

  public StateBackends backends() {
    return backends;
  }

  public Path stateDir() {
    return stateDir;
  }

  /** Validates the named stack's config; throws ConfigException naming file and field. */
  public void validate(String name) {
    if (COMMON.equals(name)) {
      ConfigLoader.loadCommon(configDir);
    } else {
      ConfigLoader.loadEnvironment(configDir, name);
    }
  }

  /**
   * Refuses a real run while {@code AWS_ENDPOINT_URL*} is set and the config names no {@code
   * aws.endpoint}: the AWS SDK follows those variables, so a shell left over from sandbox work
   * would point a real apply at a local emulator. The sandbox and an explicit endpoint override
   * them.
   */
  public void refuseStrayEndpoints(String name, String configuredEndpoint) {
    if (target.sandbox() || configuredEndpoint != null) {
      return;
    }
    List<String> vars = AwsSettings.endpointVariables(env);
    if (vars.isEmpty()) {
      return;
    }
    throw new DeployerException(
        String.join(", ", vars)
            + (vars.size() == 1 ? " is" : " are")
            + " set, so the AWS SDK would send this real run of stack "
            + name
            + " to "
            + env.get(vars.get(0))
            + " instead of AWS. Nothing was called. Unset "
            + (vars.size() == 1 ? "it" : "them")
            + ", add --sandbox to target the sandbox, or set aws.endpoint in "
            + ConfigLoader.configFile(configDir, name)
            + " to use that endpoint on purpose.");
  }

  private LoadedStack openCommon(boolean online) {
    CommonConfig c = ConfigLoader.loadCommon(configDir);
    if (online) {
      refuseStrayEndpoints(COMMON, c.aws().endpoint());
    }
    Clients clients = Clients.create(c.aws(), c.databricks(), target, calls);
    try {
      StackDefinition def = CommonStack.define(c, clients.databricks().accountId());
      HandlerSettings settings =
          new HandlerSettings(c.raceDeadline(), HandlerSettings.DEFAULT_WORKSPACE_TIMEOUT, false);
      return new LoadedStack(
          COMMON,
          ConfigLoader.configFile(configDir, COMMON),
          def,
          clients.catalogue(settings),
          store(COMMON),
          clients);
    } catch (RuntimeException e) {
      clients.close();
      throw e;
    }
  }

  /**
   * The stacks whose outputs {@code name} reads and that have not produced them yet (the common
   * stack's metastore_id, unless the config names a metastore id itself).
   */
  public List<String> missingUpstream(String name) {
    if (COMMON.equals(name)) {
      return List.of();
    }
    EnvironmentConfig c = ConfigLoader.loadEnvironment(configDir, name);
    if (c.metastore().id() != null) {
      return List.of();
    }
    String from = c.metastore().fromStackOrDefault();
    return upstreamOutput(from, "metastore_id").isPresent() ? List.of() : List.of(from);
  }

  /** An output of another stack, from its state. */
  public java.util.Optional<String> upstreamOutput(String stack, String output) {
    return store(stack).read().map(s -> s.outputs().get(output)).map(String::valueOf);
  }

  /**
   * The metastore an environment's workspace is assigned to: from config, or the upstream stack.
   */
  String metastoreId(EnvironmentConfig c) {
    if (c.metastore().id() != null) {
      return c.metastore().id();
    }
    String from = c.metastore().fromStackOrDefault();
    return upstreamOutput(from, "metastore_id")
        .orElseThrow(
            () ->
                new DeployerException(
                    "Stack "
                        + c.environment()
                        + " reads metastore_id from stack '"
                        + from
                        + "', which has no such output in "
                        + store(from).location()
                        + ". Apply it first ('deployer apply --env "
                        + from
                        + "'), or set "
                        + "metastore.id in "
                        + ConfigLoader.configFile(configDir, c.environment())
                        + "."));
  }

  public static final String COMMON = "common";

  /**
   * The config's identities with their SCIM ids. Looked up before planning (the one lookup a plan
   * makes besides refresh), so an unknown principal is reported before anything changes; {@code
   * lookUp} false (for graph) uses placeholders and calls nothing.
   */
  static List<AccountModule.Assignment> identities(
      EnvironmentConfig c, Clients clients, boolean lookUp) {
    return identities(c, clients, lookUp, m -> {});
  }

  static List<AccountModule.Assignment> identities(
      EnvironmentConfig c,
      Clients clients,
      boolean lookUp,
      java.util.function.Consumer<String> progress) {
    // Groups this config creates are not in SCIM yet: their assignments follow the group resource.
    List<EnvironmentConfig.Identity> listed =
        c.identities().stream()
            .filter(i -> !("group".equals(i.kind()) && c.groupNames().contains(i.principal())))
            .toList();
    List<Principal.Kind> kinds = listed.stream().map(i -> Principal.Kind.parse(i.kind())).toList();
    List<String> names = listed.stream().map(EnvironmentConfig.Identity::principal).toList();
    List<Principal> principals =
        principals(c, clients, lookUp, progress, kinds, names, "$.identities");
    List<AccountModule.Assignment> out = new java.util.ArrayList<>();
    for (int i = 0; i < principals.size(); i++) {
      out.add(new AccountModule.Assignment(principals.get(i), listed.get(i).permission()));
    }
    deployingPrincipal(c, clients, lookUp, out).ifPresent(out::add);
    return out;
  }

  /**
   * The members of the config's groups that are not groups of the config, looked up in SCIM before
   * planning like the identities (by {@link PrincipalResolver#key}); placeholders for graph.
   */
  static java.util.Map<String, Principal> groupMembers(
      EnvironmentConfig c, Clients clients, boolean lookUp) {
    List<Principal.Kind> kinds = new java.util.ArrayList<>();
    List<String> names = new java.util.ArrayList<>();
    for (EnvironmentConfig.Group g : c.groups()) {
      for (EnvironmentConfig.GroupMember m : g.members()) {
        if (!("group".equals(m.kind()) && c.groupNames().contains(m.principal()))) {
          kinds.add(Principal.Kind.parse(m.kind()));
          names.add(m.principal());
        }
      }
    }
    java.util.Map<String, Principal> out = new java.util.HashMap<>();
    if (names.isEmpty()) {
      return out;
    }
    List<Principal> found =
        principals(c, clients, lookUp, m -> {}, kinds, names, "$.groups[].members");
    for (Principal p : found) {
      out.put(p.kind().configName() + ":" + PrincipalResolver.key(p.kind(), p.name()), p);
    }
    return out;
  }

  /**
   * The principals named at {@code field} of the config, looked up in SCIM; without {@code lookUp},
   * placeholders with id "0" (for graph, which makes no API call).
   */
  private static List<Principal> principals(
      EnvironmentConfig c,
      Clients clients,
      boolean lookUp,
      java.util.function.Consumer<String> progress,
      List<Principal.Kind> kinds,
      List<String> names,
      String field) {
    if (!lookUp) {
      return java.util.stream.IntStream.range(0, names.size())
          .mapToObj(i -> new Principal(kinds.get(i), names.get(i), "0"))
          .toList();
    }
    return new PrincipalResolver(clients.databricks(), progress)
        .resolve(
            kinds,
            names,
            ConfigLoader.configFile(Path.of(""), c.environment()).getFileName() + " " + field);
  }

  /**
   * The principal running deployer as ADMIN on the workspace, so that the next operator or a
   * rotated CI principal is not locked out; nothing when the config already lists it (as it is
   * written there) or when it cannot be known (token auth without deploying_principal).
   */
  static java.util.Optional<AccountModule.Assignment> deployingPrincipal(
      EnvironmentConfig c, Clients clients, boolean lookUp, List<AccountModule.Assignment> listed) {
    EnvironmentConfig.DeployingPrincipal d = c.deployingPrincipal();
    java.util.Optional<DeployingPrincipal.Named> who =
        lookUp || d != null
            ? DeployingPrincipal.of(
                clients.databricks(), d == null ? null : d.kind(), d == null ? null : d.principal())
            : java.util.Optional.empty();
    if (who.isEmpty()) {
      return java.util.Optional.empty();
    }
    DeployingPrincipal.Named n = who.get();
    boolean already =
        listed.stream()
            .anyMatch(
                a ->
                    a.principal().kind() == n.kind()
                        && PrincipalResolver.key(n.kind(), a.principal().name())
                            .equals(PrincipalResolver.key(n.kind(), n.name())));
    if (already) {
      return java.util.Optional.empty();
    }
    Principal p =
        lookUp
            ? new PrincipalResolver(clients.databricks())
                .resolve(
                    List.of(n.kind()),
                    List.of(n.name()),
                    ConfigLoader.configFile(Path.of(""), c.environment()).getFileName()
                        + (d == null
                            ? " (the OAuth client deployer authenticates as)"
                            : " $.deploying_principal"))
                .get(0)
            : new Principal(n.kind(), n.name(), "0");
    return java.util.Optional.of(new AccountModule.Assignment(p, "ADMIN"));
  }

  /** The stack's state store; for another stack's outputs it is only read, never locked. */
  public StateStore store(String name) {
    return backends.open(name);
  }

  public LoadedStack open(String name) {
    return open(name, true);
  }

  /**
   * The stack for reading its shape only (graph): no principal lookups and no upstream outputs
   * needed, so nothing is called and nothing else must have been applied.
   */
  /**
   * The sandbox holds no VPC of a real account (prod's shared-services VPC): a peering to a VPC the
   * sandbox does not have is left out, saying so, so that the rest of the stack still deploys.
   */
  private java.util.function.Predicate<EnvironmentConfig.Peering> peerInSandbox(Clients clients) {
    return p -> {
      try {
        clients.aws().ec2().describeVpcs(b -> b.vpcIds(p.peerVpcId()));
        return true;
      } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
        if (e.awsErrorDetails() != null
            && "InvalidVpcID.NotFound".equals(e.awsErrorDetails().errorCode())) {
          progress.accept(
              "peering "
                  + p.name()
                  + " left out in the sandbox: peer VPC "
                  + p.peerVpcId()
                  + " does not exist there");
          return false;
        }
        throw e;
      }
    };
  }

  public LoadedStack openOffline(String name) {
    return open(name, false);
  }

  private LoadedStack open(String name, boolean online) {
    if (COMMON.equals(name)) {
      return openCommon(online);
    }
    EnvironmentConfig loaded = ConfigLoader.loadEnvironment(configDir, name);
    EnvironmentConfig c =
        target.sandbox() ? loaded.withSecurity(loaded.security().withSandboxCaller()) : loaded;
    if (online) {
      // graph calls nothing, so it stays usable from a sandbox shell.
      refuseStrayEndpoints(name, c.aws().endpoint());
    }
    Clients clients = Clients.create(c.aws(), c.databricks(), target, calls);
    try {
      String metastore =
          online || c.metastore().id() != null
              ? metastoreId(c)
              : upstreamOutput(c.metastore().fromStackOrDefault(), "metastore_id")
                  .orElse("(metastore_id of stack " + c.metastore().fromStackOrDefault() + ")");
      StackDefinition def =
          EnvironmentStack.define(
              c,
              clients.aws().region(),
              clients.databricks().accountId(),
              metastore,
              identities(c, clients, online, progress),
              groupMembers(c, clients, online),
              configDir,
              online && target.sandbox() ? peerInSandbox(clients) : peer -> true);
      return new LoadedStack(
          name,
          ConfigLoader.configFile(configDir, name),
          def,
          clients.catalogue(EnvironmentStack.handlerSettings(c)),
          store(name),
          clients);
    } catch (RuntimeException e) {
      clients.close();
      throw e;
    }
  }
}
