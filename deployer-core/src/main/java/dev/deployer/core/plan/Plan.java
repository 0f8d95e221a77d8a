package dev.deployer.core.plan;

import dev.deployer.core.state.StackState;
import java.util.List;
import java.util.Map;

/**
 * What will change, decided before anything changes. Apply consumes exactly this.
 *
 * @param destroy whether this is a destroy plan
 * @param baseSerial the serial of the stored state the plan was made from (-1 for none); apply
 *     refuses the plan if the stored state has moved since
 * @param baseLineage the lineage of that state
 * @param refreshed the state after refresh (adoptions included), which apply starts from
 * @param drift addresses whose recorded spec differed from the world, with a reason
 */
public record Plan(
    int formatVersion,
    String stack,
    boolean destroy,
    long baseSerial,
    String baseLineage,
    List<ResourceChange> changes,
    StackState refreshed,
    Map<String, String> drift) {

  public static final int FORMAT_VERSION = 1;

  public Plan {
    changes = List.copyOf(changes);
    drift = Map.copyOf(drift);
  }

  public long count(Action... actions) {
    return changes.stream().filter(c -> List.of(actions).contains(c.action())).count();
  }

  public long toAdd() {
    return changes.stream().filter(c -> c.action().creates()).count();
  }

  public long toImport() {
    return count(Action.IMPORT);
  }

  public long toChange() {
    return count(Action.UPDATE);
  }

  public long toDestroy() {
    return changes.stream().filter(c -> c.action().deletes()).count();
  }

  public boolean hasChanges() {
    return changes.stream().anyMatch(c -> c.action() != Action.NO_OP);
  }

  public ResourceChange change(String address) {
    return changes.stream().filter(c -> c.address().equals(address)).findFirst().orElse(null);
  }
}
