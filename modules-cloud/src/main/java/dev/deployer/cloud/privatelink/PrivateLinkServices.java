package dev.deployer.cloud.privatelink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Databricks' PrivateLink endpoint services per region: the one table of them, in {@code
 * endpoint-services.json} beside this class (its {@code source} names where it comes from).
 */
public final class PrivateLinkServices {
  /** The two back-end services of a region: the workspace REST API and the cluster relay. */
  public record Services(String workspace, String relay) {}

  private static final Map<String, Services> BY_REGION = load();

  private PrivateLinkServices() {}

  private static Map<String, Services> load() {
    try (InputStream in = PrivateLinkServices.class.getResourceAsStream("endpoint-services.json")) {
      if (in == null) {
        throw new IllegalStateException("endpoint-services.json is missing from the class path");
      }
      JsonNode regions = Json.mapper().readTree(in).path("regions");
      Map<String, Services> out = new TreeMap<>();
      regions
          .fields()
          .forEachRemaining(
              e ->
                  out.put(
                      e.getKey(),
                      new Services(
                          e.getValue().path("workspace").asText(),
                          e.getValue().path("relay").asText())));
      return Map.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The region's services; empty where Databricks offers no back-end PrivateLink. */
  public static Optional<Services> forRegion(String region) {
    return Optional.ofNullable(BY_REGION.get(region));
  }

  public static java.util.Set<String> regions() {
    return new java.util.TreeSet<>(BY_REGION.keySet());
  }
}
