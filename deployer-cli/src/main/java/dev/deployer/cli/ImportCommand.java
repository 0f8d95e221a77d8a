package dev.deployer.cli;

import dev.deployer.cli.render.PlanRenderer;
import dev.deployer.core.DeployerException;
import dev.deployer.core.Engine;
import dev.deployer.core.state.ResourceState;
import dev.deployer.environments.LoadedStack;
import dev.deployer.environments.terraform.Differences;
import dev.deployer.environments.terraform.Mapping;
import dev.deployer.environments.terraform.MappingTable;
import dev.deployer.environments.terraform.ProposedConfig;
import dev.deployer.environments.terraform.TerraformImport;
import dev.deployer.environments.terraform.TerraformMapper;
import dev.deployer.environments.terraform.TerraformState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "import",
    description = {
      "Adopt an existing object under a configured address (import ADDRESS ID),",
      "or a whole Terraform estate (import --from-terraform FILE|DIR)."
    })
final class ImportCommand extends StackCommand {
  @Parameters(index = "0", paramLabel = "ADDRESS", arity = "0..1")
  String address;

  @Parameters(index = "1", paramLabel = "ID", arity = "0..1")
  String id;

  @Option(
      names = "--from-terraform",
      paramLabel = "FILE|DIR",
      description =
          "A Terraform state (format 4), or a folder whose terraform.tfstate files are read. Only"
              + " read, never changed.")
  Path fromTerraform;

  @Option(
      names = "--dry-run",
      description =
          "With --from-terraform: print the mapping and what is left over; change nothing.")
  boolean dryRun;

  @Option(
      names = "--allow-replace",
      paramLabel = "ADDRESS",
      description =
          "With --from-terraform: accept that the first plan replaces this workspace, metastore,"
              + " catalog or bucket (repeatable).")
  List<String> allowReplace = List.of();

  @Option(
      names = "--write-config",
      description =
          "With --from-terraform: write a proposed <env>.json matching the estate into the config"
              + " dir (an existing config is left alone: <env>.proposed.json), then stop.")
  boolean writeConfig;

  @Override
  Integer execute() {
    if (fromTerraform == null) {
      if (address == null || id == null || dryRun || writeConfig || !allowReplace.isEmpty()) {
        throw new DeployerException(
            "import takes ADDRESS and ID (one object), or --from-terraform FILE|DIR (an estate);"
                + " --dry-run, --allow-replace and --write-config go with --from-terraform.");
      }
      return importOne();
    }
    if (address != null) {
      throw new DeployerException(
          "import --from-terraform maps every object itself; drop the ADDRESS and ID arguments.");
    }
    List<TerraformState> states = TerraformState.readAll(fromTerraform);
    Cli c = cli();
    if (writeConfig) {
      Path dir = c.configDir();
      Path target = dir.resolve(env() + ".json");
      if (Files.exists(target)) {
        target = dir.resolve(env() + ".proposed.json");
      }
      ProposedConfig.write(env(), states, target);
      c.out.println(
          "Wrote "
              + target
              + " from "
              + fromTerraform
              + ". Review it (names, identities, metastore), then run\n  deployer import"
              + " --from-terraform "
              + fromTerraform
              + " --env "
              + env()
              + " --dry-run");
      return ExitCodes.OK;
    }
    try (LoadedStack stack = c.open(env())) {
      Mapping mapping = TerraformMapper.map(stack.definition(), states);
      c.out.print(MappingTable.render(mapping, fromTerraform));
      if (dryRun) {
        boolean identities =
            stack.definition().resources().values().stream()
                .anyMatch(d -> d.type().name().equals("databricks_mws_permission_assignment"));
        c.out.println(
            "\nDry run: nothing was recorded, and nothing was created or changed. It read the"
                + " Terraform state"
                + (identities
                    ? " and, for the ids of the config's identities, the account's SCIM directory"
                        + " (reads only)"
                    : "")
                + "; the estate's objects are read through deployer's handlers when they are"
                + " adopted. Run without --dry-run to adopt the "
                + mapping.adopted().size()
                + " objects.");
        return ExitCodes.OK;
      }
      Engine engine = c.engine(stack);
      TerraformImport.Result r =
          engine.locked(
              stack.store(),
              "import",
              () ->
                  TerraformImport.adopt(
                      engine,
                      stack.definition(),
                      stack.store(),
                      mapping,
                      Set.copyOf(allowReplace)));
      c.out.println(
          "\n"
              + c.style.green("Adopted " + r.adopted().size() + " objects")
              + (r.kept().isEmpty() ? "" : " (" + r.kept().size() + " were already recorded)")
              + " into stack "
              + env()
              + ". Terraform's state was not changed.\n");
      c.out.print(new PlanRenderer(c.style).render(r.plan()));
      List<String> why = Differences.explain(r.plan());
      if (!why.isEmpty()) {
        c.out.println("\nWhy the first plan changes these:");
        why.forEach(w -> c.out.println("  " + w));
      }
      if (!r.unorderable().isEmpty()) {
        c.out.println(
            "\n"
                + c.style.yellow("Apply will refuse this plan as it stands:")
                + " these operations wait on each other ("
                + String.join(", ", r.unorderable())
                + "): a replacement that must be created before its old object goes depends on"
                + " one that must be deleted first. Make the change in two steps, or change the"
                + " configuration back; what was adopted stays recorded either way.");
      }
      return ExitCodes.OK;
    }
  }

  private Integer importOne() {
    Cli c = cli();
    try (LoadedStack stack = c.open(env())) {
      Engine engine = c.engine(stack);
      ResourceState r =
          engine.locked(
              stack.store(),
              "import",
              () -> engine.importResource(stack.definition(), stack.store(), address, id));
      c.out.println(
          c.style.green("Import successful!")
              + " "
              + r.address()
              + " [id="
              + r.id()
              + "] is now managed. "
              + "Run plan to see how it differs from the configuration.");
      return ExitCodes.OK;
    }
  }
}
