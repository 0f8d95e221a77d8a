package dev.deployer.environments.terraform;

import dev.deployer.core.DeployerException;
import dev.deployer.core.Engine;
import dev.deployer.core.apply.ApplyGraph;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.plan.ResourceChange;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Adoption of a mapped Terraform estate: every mapped object is read through its handler (as {@code
 * deployer import ADDRESS ID} does) and recorded, in dependency order so that each read knows the
 * ids of what it refers to. Then a plan is made; a replacement or deletion of a workspace,
 * metastore, catalog or bucket that the user did not allow undoes the adoption. Terraform's state
 * is only ever read.
 */
public final class TerraformImport {
  /** Objects whose replacement loses data or a workspace: only with --allow-replace ADDRESS. */
  public static final Set<String> PROTECTED_TYPES =
      Set.of(
          "databricks_mws_workspaces",
          "databricks_metastore",
          "databricks_catalog",
          "aws_s3_bucket");

  /**
   * @param adopted addresses recorded by this run
   * @param kept addresses already in state with the same id (an earlier, interrupted run)
   * @param plan the first plan after adoption
   * @param unorderable the operations of that plan that wait on each other, which apply refuses (an
   *     allowed replacement of a workspace that objects created first depend on): empty when the
   *     plan can be applied as it is
   */
  public record Result(
      List<String> adopted, List<String> kept, Plan plan, List<String> unorderable) {}

  private TerraformImport() {}

  public static Result adopt(
      Engine engine,
      StackDefinition def,
      StateStore store,
      Mapping mapping,
      Set<String> allowReplace) {
    for (String a : allowReplace) {
      if (!def.resources().containsKey(a)) {
        throw new DeployerException(
            "--allow-replace "
                + a
                + ": stack "
                + def.stack()
                + " has no such address; 'deployer graph --env "
                + def.stack()
                + "' lists them.");
      }
    }
    Map<String, Mapping.Mapped> rows = new HashMap<>();
    mapping.adopted().forEach(r -> rows.put(r.deployerAddress(), r));
    StackState before = engine.stored(store);
    List<String> kept = new ArrayList<>();
    List<String> todo = new ArrayList<>();
    for (String address : def.graph().topologicalOrder()) {
      Mapping.Mapped r = rows.get(address);
      if (r == null) {
        continue;
      }
      var recorded = before.find(address);
      if (recorded.isPresent()) {
        if (!r.id().equals(recorded.get().id())) {
          throw new DeployerException(
              address
                  + " is already in the state with id "
                  + recorded.get().id()
                  + ", but "
                  + r.terraformAddress()
                  + " in "
                  + r.file()
                  + " is "
                  + r.id()
                  + ". Nothing was imported; 'deployer state rm "
                  + address
                  + "' first if the Terraform object is the right one.");
        }
        kept.add(address);
      } else {
        todo.add(address);
      }
    }
    List<String> adopted = new ArrayList<>();
    for (String address : todo) {
      Mapping.Mapped r = rows.get(address);
      try {
        engine.importResource(def, store, address, r.id());
      } catch (RuntimeException e) {
        throw new DeployerException(
            "Adopting "
                + r.terraformAddress()
                + " as "
                + address
                + " failed: "
                + e.getMessage()
                + (adopted.isEmpty()
                    ? ""
                    : " The "
                        + adopted.size()
                        + " objects adopted before it stay recorded; run the import again to"
                        + " continue."),
            e);
      }
      adopted.add(address);
    }
    Plan plan;
    try {
      // Unordered: a replacement the planner cannot order must still be named by the guard below.
      plan = engine.planUnordered(def, store, false);
    } catch (RuntimeException e) {
      // A first plan that cannot be made (a read fails, a region differs) would leave the estate
      // half adopted under a config that does not fit it.
      undo(engine, store, adopted);
      throw new DeployerException(
          "The first plan after adoption failed: "
              + e.getMessage()
              + "\nThe adoption was undone; the state is as before.",
          e);
    }
    List<ResourceChange> refused = new ArrayList<>();
    for (ResourceChange c : plan.changes()) {
      boolean destructive = c.action().isReplace() || c.action() == Action.DELETE;
      if (destructive
          && PROTECTED_TYPES.contains(c.type())
          && rows.containsKey(c.address())
          && !allowReplace.contains(c.address())) {
        refused.add(c);
      }
    }
    if (!refused.isEmpty()) {
      undo(engine, store, adopted);
      List<String> lines = new ArrayList<>();
      for (ResourceChange c : refused) {
        Set<String> fields = new TreeSet<>(c.replaceFields());
        lines.add(
            c.address()
                + " ("
                + c.type()
                + ", id "
                + c.id()
                + ") would be "
                + c.action().pastTense()
                + (fields.isEmpty() ? "" : " because of " + String.join(", ", fields)));
      }
      throw new DeployerException(
          "The first plan after adoption would replace objects that hold data or a workspace:\n  "
              + String.join("\n  ", lines)
              + "\nThe adoption was undone; the state is as before. Change the configuration so"
              + " that these fields match the estate (--write-config proposes one), or confirm"
              + " each address with --allow-replace ADDRESS.");
    }
    return new Result(adopted, kept, plan, ApplyGraph.of(plan).unorderable());
  }

  /** Forgets what this run recorded; the objects themselves were only read. */
  private static void undo(Engine engine, StateStore store, List<String> adopted) {
    StackState now = engine.stored(store);
    StackState undone = now;
    for (String a : adopted) {
      undone = undone.without(a);
    }
    store.write(undone.withSerial(now.serial() + 1));
  }
}
