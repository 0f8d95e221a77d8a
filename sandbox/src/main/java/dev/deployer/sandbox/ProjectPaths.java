package dev.deployer.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project root: {@code DEPLOYER_HOME}, the {@code deployer.root} property, or upwards.
 */
public final class ProjectPaths {
  private ProjectPaths() {}

  public static Path root() {
    String env = System.getenv("DEPLOYER_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    String prop = System.getProperty("deployer.root");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("deployer-core")) && Files.exists(p.resolve("pom.xml"))) {
        return p;
      }
    }
    return dir;
  }

  /** {@code <root>/.deployer}: the virtualenv, sandbox data and default state live here. */
  public static Path workDir() {
    return root().resolve(".deployer");
  }
}
