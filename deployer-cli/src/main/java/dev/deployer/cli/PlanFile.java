package dev.deployer.cli;

import dev.deployer.core.DeployerException;
import dev.deployer.core.json.Json;
import dev.deployer.core.json.JsonErrors;
import dev.deployer.core.plan.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A saved plan: the plan itself plus what it was made from (the config's digest, the target), so
 * that applying it later is refused when the config or the state has moved.
 */
public record PlanFile(
    int formatVersion, String stack, boolean sandbox, String configSha256, Plan plan) {
  public static final int FORMAT_VERSION = 1;

  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, Json.mapper().writeValueAsBytes(this));
    } catch (IOException e) {
      throw new DeployerException("Cannot write the plan to " + file + ": " + e.getMessage(), e);
    }
  }

  public static PlanFile read(Path file) {
    try {
      PlanFile p = Json.mapper().readValue(file.toFile(), PlanFile.class);
      if (p.formatVersion() != FORMAT_VERSION || p.plan() == null) {
        throw new DeployerException(
            file + " is not a deployer plan file (format " + p.formatVersion() + ").");
      }
      return p;
    } catch (IOException e) {
      throw new DeployerException(
          "Cannot read the plan file " + file + ": " + JsonErrors.describe(e), e);
    }
  }

  public static String digest(Path configFile) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(configFile)));
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new DeployerException("Cannot read " + configFile + ": " + e.getMessage(), e);
    }
  }
}
