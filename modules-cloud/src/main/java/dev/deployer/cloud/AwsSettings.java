package dev.deployer.cloud;

import java.net.URI;
import java.util.Optional;

/**
 * Where and as whom to call AWS. An endpoint override (config, or {@code AWS_ENDPOINT_URL}) points
 * every client at an emulator; static keys are for the sandbox only, real runs use the default
 * credential chain and profiles.
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

  /** The endpoint: the configured one, else {@code AWS_ENDPOINT_URL} if set. */
  public Optional<URI> effectiveEndpoint() {
    if (endpoint.isPresent()) {
      return endpoint;
    }
    String env = System.getenv("AWS_ENDPOINT_URL");
    return env == null || env.isBlank() ? Optional.empty() : Optional.of(URI.create(env));
  }
}
