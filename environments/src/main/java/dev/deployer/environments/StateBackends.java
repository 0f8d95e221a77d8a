package dev.deployer.environments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.cloud.state.LockOwner;
import dev.deployer.cloud.state.S3Location;
import dev.deployer.cloud.state.S3StateStore;
import dev.deployer.core.DeployerException;
import dev.deployer.core.config.ConfigException;
import dev.deployer.core.json.Json;
import dev.deployer.core.retry.Retrier;
import dev.deployer.core.retry.RetryPolicy;
import dev.deployer.core.retry.Sleeper;
import dev.deployer.core.state.FileStateStore;
import dev.deployer.core.state.StateStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Chooses each stack's state store: the {@code --state} flag ({@code local} or {@code
 * s3://bucket/prefix}) if given, else the {@code state} section of the stack's config, else the
 * local file. Reading the choice needs only the config's {@code state} and {@code aws} fields, so
 * read-only commands work without the rest of the config being valid or any emulator started.
 */
public final class StateBackends implements AutoCloseable {
  public static final String LOCAL = "local";

  private final Path configDir;
  private final Path stateDir;
  private final Target target;
  private final Optional<String> override;
  private final Map<String, AwsClients> clients;
  private final Map<String, Boolean> sandboxBuckets = new ConcurrentHashMap<>();

  public StateBackends(Path configDir, Path stateDir, Target target, Optional<String> override) {
    this(configDir, stateDir, target, override, new ConcurrentHashMap<>());
  }

  private StateBackends(
      Path configDir,
      Path stateDir,
      Target target,
      Optional<String> override,
      Map<String, AwsClients> clients) {
    this.clients = clients;
    this.configDir = configDir;
    this.stateDir = stateDir;
    this.target = target;
    this.override = override.filter(s -> !s.isBlank());
    this.override.ifPresent(
        o -> {
          if (!o.equals(LOCAL) && !o.startsWith("s3://")) {
            throw new DeployerException(
                "--state " + o + ": say 'local' or 's3://BUCKET[/PREFIX]'.");
          }
        });
  }

  public Path stateDir() {
    return stateDir;
  }

  public StateStore open(String stack) {
    return s3Location(stack).<StateStore>map(l -> s3(stack, l)).orElseGet(() -> local(stack));
  }

  public FileStateStore local(String stack) {
    return new FileStateStore(stateDir, stack);
  }

  /** The S3 location {@code stack}'s state is at, if it is not local. */
  public Optional<S3Location> s3Location(String stack) {
    Optional<JsonNode> config = rawConfig(stack);
    String region =
        config
            .map(c -> c.path("aws").path("region").asText(null))
            .orElseGet(() -> Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1"));
    if (override.isPresent()) {
      if (override.get().equals(LOCAL)) {
        return Optional.empty();
      }
      try {
        return Optional.of(S3Location.parse(override.get(), region, Optional.empty()));
      } catch (IllegalArgumentException e) {
        throw new DeployerException("--state: " + e.getMessage());
      }
    }
    return config.flatMap(c -> fromSection(stack, c, region));
  }

  /** Where {@code stack}'s state would be with the given {@code --state} value (for migrate). */
  public StateStore openAs(String stack, String backend) {
    return new StateBackends(configDir, stateDir, target, Optional.of(backend), clients)
        .open(stack);
  }

  private Optional<S3Location> fromSection(String stack, JsonNode c, String region) {
    JsonNode state = c.get("state");
    if (state == null || state.isNull()) {
      return Optional.empty();
    }
    String file = ConfigLoader.configFile(configDir, stack).toString();
    String bucket = state.path("bucket").asText("");
    if (bucket.isBlank()) {
      throw new ConfigException(file, "$.state.bucket", "is required when state is set");
    }
    return Optional.of(
        new S3Location(
            bucket,
            state.path("key_prefix").asText(EnvironmentConfig.StateSection.DEFAULT_PREFIX),
            state.path("region").asText(region),
            Optional.ofNullable(state.path("kms_key_id").asText(null))));
  }

  private Optional<JsonNode> rawConfig(String stack) {
    Path file = ConfigLoader.configFile(configDir, stack);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.mapper().readTree(file.toFile()));
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "", dev.deployer.core.json.JsonErrors.reason(e));
    }
  }

  public S3StateStore s3(String stack, S3Location l) {
    Optional<JsonNode> config = rawConfig(stack);
    AwsSettings settings =
        target.aws(
            l.region(),
            () ->
                new AwsSettings(
                    l.region(),
                    config.map(c -> c.path("aws").path("endpoint").asText(null)).map(URI::create),
                    config.map(c -> c.path("aws").path("profile").asText(null)),
                    Optional.empty()));
    AwsClients aws =
        clients.computeIfAbsent(
            settings.region() + " " + settings.endpoint() + " " + settings.profile(),
            k -> new AwsClients(settings));
    if (target.sandbox()) {
      sandboxBuckets.computeIfAbsent(l.bucket(), b -> ensureSandboxBucket(aws, b));
    }
    Clock clock = Clock.systemUTC();
    return new S3StateStore(
        aws.s3(),
        l,
        stack,
        LockOwner.current(),
        new Retrier(RetryPolicy.standard(), clock, Sleeper.system(), new Random()),
        S3StateStore.DEFAULT_HEARTBEAT);
  }

  /**
   * In the sandbox the state bucket is made on first use, versioned as docs/teams.md asks of a real
   * one; on real AWS creating it is the team's decision, so a missing bucket is an error there.
   */
  private static Boolean ensureSandboxBucket(AwsClients aws, String bucket) {
    try {
      aws.s3().headBucket(b -> b.bucket(bucket));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
      try {
        aws.s3().createBucket(b -> b.bucket(bucket));
      } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException raced) {
        // Another run of this sandbox made it first.
      }
      aws.s3()
          .putBucketVersioning(
              b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
    }
    return Boolean.TRUE;
  }

  @Override
  public void close() {
    clients.values().forEach(AwsClients::close);
  }
}
