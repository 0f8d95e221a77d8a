package dev.deployer.environments.fleet;

import dev.deployer.core.config.ConfigException;
import dev.deployer.environments.ConfigLoader;
import dev.deployer.environments.EnvironmentConfig;
import dev.deployer.environments.Stacks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Which stacks a many-stack command works on, and which of them read which. */
public final class StackSet {
  private StackSet() {}

  /** {@code dev,qa,prod} as a list, in the given order, without repeats. */
  public static List<String> parse(String names) {
    Set<String> out = new LinkedHashSet<>();
    for (String n : names.split(",")) {
      if (!n.isBlank()) {
        out.add(n.trim());
      }
    }
    return List.copyOf(out);
  }

  /** Every stack with a config in {@code configDir} (the schemas aside), common first. */
  public static List<String> all(Path configDir) {
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(configDir)) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json") && !n.endsWith(".schema.json"))
          .map(n -> n.substring(0, n.length() - ".json".length()))
          .sorted()
          .forEach(names::add);
    } catch (IOException e) {
      throw new ConfigException(configDir.toString(), "", "cannot list configs: " + e.getMessage());
    }
    if (names.remove(Stacks.COMMON)) {
      names.add(0, Stacks.COMMON);
    }
    if (names.isEmpty()) {
      throw new ConfigException(configDir.toString(), "", "no stack configs (*.json) here");
    }
    return names;
  }

  /**
   * The stacks each one reads outputs from: an environment reads the metastore id of its {@code
   * metastore.from_stack} (default common) unless it names a metastore id itself.
   */
  public static Map<String, Set<String>> upstreams(Path configDir, List<String> stacks) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (String s : stacks) {
      if (Stacks.COMMON.equals(s)) {
        out.put(s, Set.of());
        continue;
      }
      EnvironmentConfig c = ConfigLoader.loadEnvironment(configDir, s);
      out.put(
          s, c.metastore().id() != null ? Set.of() : Set.of(c.metastore().fromStackOrDefault()));
    }
    return out;
  }
}
