package dev.deployer.cloud;

import java.util.List;

/** What the cloud modules' {@code declare} methods do alike with their inputs. */
public final class ModuleInputs {
  private ModuleInputs() {}

  /**
   * Refuses inputs with problems before anything is declared, listing every problem (each names its
   * config field), so one run shows them all.
   *
   * @param what the configuration, as the message names it ("network", "peering")
   * @throws IllegalArgumentException unless {@code problems} is empty
   */
  public static void requireValid(String what, List<String> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid " + what + " configuration:\n  " + String.join("\n  ", problems));
    }
  }
}
