package dev.deployer.account;

import com.databricks.sdk.core.DatabricksConfig;
import dev.deployer.core.DeployerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.configuration2.INIConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * Auth as users have it (docs/authentication.md). The SDK skips {@code ~/.databrickscfg} entirely
 * when a host is set and no profile is named (ConfigLoader.loadFromConfig), so {@code [DEFAULT]} is
 * named here when nothing else says how to authenticate. The account API takes no personal access
 * token, so one is refused before any call with the way that works: OAuth M2M.
 */
public final class DatabricksAuth {
  private DatabricksAuth() {}

  /** Environment variables that configure auth on their own; with any set, no profile is added. */
  static final List<String> AUTH_ENV =
      List.of(
          "DATABRICKS_CONFIG_PROFILE",
          "DATABRICKS_TOKEN",
          "DATABRICKS_CLIENT_ID",
          "DATABRICKS_CLIENT_SECRET",
          "DATABRICKS_AUTH_TYPE",
          "DATABRICKS_USERNAME",
          "DATABRICKS_PASSWORD",
          "ARM_CLIENT_ID",
          "GOOGLE_CREDENTIALS",
          "DATABRICKS_OIDC_TOKEN",
          "DATABRICKS_OIDC_TOKEN_FILE");

  /**
   * The profile to name: the configured one, else {@code DEFAULT} when the config file has a
   * non-empty {@code [DEFAULT]} section and no environment variable configures auth.
   */
  public static Optional<String> profile(Optional<String> configured, Map<String, String> env) {
    if (configured.isPresent()) {
      return configured;
    }
    for (String v : AUTH_ENV) {
      String value = env.get(v);
      if (value != null && !value.isBlank()) {
        return Optional.empty();
      }
    }
    return hasDefaultSection(configFile(env)) ? Optional.of("DEFAULT") : Optional.empty();
  }

  static Path configFile(Map<String, String> env) {
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    String file = env.get("DATABRICKS_CONFIG_FILE");
    if (file == null || file.isBlank()) {
      return Path.of(home, ".databrickscfg");
    }
    return Path.of(file.startsWith("~") ? home + file.substring(1) : file);
  }

  static boolean hasDefaultSection(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    INIConfiguration ini = read(file);
    return ini.getSections().contains("DEFAULT") && !ini.getSection("DEFAULT").isEmpty();
  }

  private static INIConfiguration read(Path file) {
    INIConfiguration ini = new INIConfiguration();
    try (var reader = Files.newBufferedReader(file)) {
      ini.read(reader);
    } catch (IOException | ConfigurationException e) {
      throw new DeployerException(
          "Cannot read the Databricks config file " + file + ": " + e.getMessage(), e);
    }
    return ini;
  }

  /** True when the resolved config authenticates as a service principal with a client secret. */
  public static boolean isOAuthM2m(DatabricksConfig cfg) {
    return cfg.getClientId() != null
        && cfg.getClientSecret() != null
        && (cfg.getAuthType() == null || "oauth-m2m".equals(cfg.getAuthType()));
  }

  /**
   * A personal access token cannot call the account API (nor a workspace that does not exist yet):
   * refused before the first call, from what the environment and the profile hold, instead of a 401
   * halfway through an apply.
   */
  static void refusePatOnAccount(
      Optional<String> configured, Map<String, String> env, String accountHost) {
    String from = null;
    String authType = env.get("DATABRICKS_AUTH_TYPE");
    if ("pat".equals(authType)
        || (present(env, "DATABRICKS_TOKEN") && !present(env, "DATABRICKS_CLIENT_ID"))) {
      from = "DATABRICKS_TOKEN";
    } else if (authType == null && !present(env, "DATABRICKS_CLIENT_ID")) {
      String name =
          configured.orElse(
              present(env, "DATABRICKS_CONFIG_PROFILE")
                  ? env.get("DATABRICKS_CONFIG_PROFILE")
                  : profile(configured, env).orElse(null));
      Path file = configFile(env);
      if (name != null && Files.isRegularFile(file)) {
        var section = read(file).getSection(name);
        String type = section.getString("auth_type", null);
        if ("pat".equals(type)
            || (type == null
                && section.containsKey("token")
                && !section.containsKey("client_id"))) {
          from = "profile [" + name + "] of " + file;
        }
      }
    }
    if (from == null) {
      return;
    }
    throw new DeployerException(
        "A personal access token (from "
            + from
            + ") cannot authenticate to the account API at "
            + accountHost
            + ". Use OAuth M2M: create a service principal in the account console, give it an"
            + " OAuth secret and the account admin role, and set DATABRICKS_CLIENT_ID and"
            + " DATABRICKS_CLIENT_SECRET (or client_id and client_secret in the profile) instead"
            + " of a token. See docs/authentication.md.");
  }

  private static boolean present(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isBlank();
  }
}
