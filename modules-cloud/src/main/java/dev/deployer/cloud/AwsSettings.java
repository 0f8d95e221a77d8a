package dev.deployer.cloud;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where and as whom to call AWS. An endpoint override (config, or the sandbox's) points every
 * client at an emulator; static keys are for the sandbox only, real runs use the default credential
 * chain and profiles. {@code AWS_ENDPOINT_URL*} is never read here: the SDK itself honours those
 * variables, so a real run with one set is refused before any client exists (see {@link
 * #endpointVariables}).
 */
public record AwsSettings(
    String region,
    Optional<URI> endpoint,
    Optional<String> profile,
    Optional<StaticKeys> staticKeys) {

  /** Fake credentials for emulators; never real ones (they would end up in config files). */
  public record StaticKeys(String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
      return "StaticKeys[" + accessKeyId + ", ***]";
    }
  }

  public static AwsSettings emulator(String region, String endpoint) {
    return new AwsSettings(
        region,
        Optional.of(URI.create(endpoint)),
        Optional.empty(),
        Optional.of(new StaticKeys("testing", "testing")));
  }

  /** The endpoint override: the configured one (config or sandbox), else none. */
  public Optional<URI> effectiveEndpoint() {
    return endpoint;
  }

  /**
   * The endpoint variables set in {@code env} that the SDK would follow ({@code AWS_ENDPOINT_URL}
   * and {@code AWS_ENDPOINT_URL_<SERVICE>}), sorted; none when {@code
   * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} is true, since the SDK then ignores them.
   */
  public static List<String> endpointVariables(Map<String, String> env) {
    if ("true".equalsIgnoreCase(env.getOrDefault("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", ""))) {
      return List.of();
    }
    return env.entrySet().stream()
        .filter(e -> e.getValue() != null && !e.getValue().isBlank())
        .map(Map.Entry::getKey)
        .filter(k -> k.equals("AWS_ENDPOINT_URL") || k.startsWith("AWS_ENDPOINT_URL_"))
        .sorted()
        .toList();
  }
}
