package dev.deployer.environments;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.cloud.state.S3StateStore;
import dev.deployer.core.DeployerException;
import dev.deployer.core.json.Json;
import dev.deployer.core.state.FileStateStore;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.StateLock;
import dev.deployer.core.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Moves a stack's state, with its history, from one store to another. Both are locked for the move;
 * the history is written oldest first so the destination keeps it (file backup, bucket versions);
 * the source is read again at the end and must be unchanged; then it is retired so no run can keep
 * using it: a local file is renamed, an S3 state removed (its versions stay) and its lock left in
 * place naming the new location.
 */
public final class StateMigration {
  /** What was moved. */
  public record Result(long serial, int versions, String from, String to) {}

  private StateMigration() {}

  public static Result migrate(StateStore from, StateStore to, Consumer<String> warnings) {
    if (from.location().equals(to.location())) {
      throw new DeployerException(
          "The state of " + from.stack() + " is already at " + to.location() + ".");
    }
    try (StateLock source = from.lock("state migrate", warnings);
        StateLock ignored = to.lock("state migrate", warnings)) {
      StackState current =
          from.read()
              .orElseThrow(
                  () ->
                      new DeployerException(
                          "There is no state for stack "
                              + from.stack()
                              + " at "
                              + from.location()
                              + " to migrate."));
      Optional<StackState> there = to.read();
      if (there.isPresent()) {
        throw new DeployerException(
            "Refusing to migrate the state of "
                + from.stack()
                + ": "
                + to.location()
                + " already holds a state (serial "
                + there.get().serial()
                + ", lineage "
                + there.get().lineage()
                + "). Nothing was changed.");
      }
      List<StackState> history = history(from, current);
      for (StackState s : history) {
        to.write(s);
      }
      StackState again = from.read().orElse(null);
      if (again == null || !same(again, current)) {
        throw new DeployerException(
            "The state at "
                + from.location()
                + " changed during the migration (someone ignored the lock?). "
                + to.location()
                + " now holds serial "
                + current.serial()
                + "; compare both, remove the copy at the destination and migrate again.");
      }
      StackState copied = to.read().orElseThrow();
      if (!same(copied, current)) {
        throw new DeployerException(
            "The state read back from " + to.location() + " differs from what was written.");
      }
      retire(from, source, to.location());
      return new Result(current.serial(), history.size(), from.location(), to.location());
    }
  }

  private static boolean same(StackState a, StackState b) {
    return Json.tree(a).equals(Json.tree(b));
  }

  /** Earlier versions of the same lineage, oldest first, then {@code current}. */
  static List<StackState> history(StateStore from, StackState current) {
    List<StackState> all = new ArrayList<>();
    if (from instanceof S3StateStore s3) {
      all.addAll(s3.history());
    } else if (from instanceof FileStateStore file) {
      Path backup = file.file().resolveSibling(file.file().getFileName() + ".backup");
      if (Files.isRegularFile(backup)) {
        try {
          ObjectMapper m = Json.mapper();
          all.add(m.readValue(backup.toFile(), StackState.class));
        } catch (IOException e) {
          // An unreadable backup is not history worth refusing the move for.
        }
      }
    }
    List<StackState> out = new ArrayList<>();
    for (StackState s : all) {
      if (s.lineage().equals(current.lineage())
          && s.serial() < current.serial()
          && s.stack().equals(current.stack())
          && (out.isEmpty() || s.serial() > out.get(out.size() - 1).serial())) {
        out.add(s);
      }
    }
    out.add(current);
    return out;
  }

  private static void retire(StateStore from, StateLock held, String movedTo) {
    if (from instanceof S3StateStore s3) {
      s3.deleteIfUnchanged();
      s3.leaveMovedMarker(held, movedTo);
    } else if (from instanceof FileStateStore file) {
      Path f = file.file();
      try {
        Files.move(
            f,
            f.resolveSibling(f.getFileName() + ".migrated"),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new DeployerException(
            "Copied the state to "
                + movedTo
                + " but cannot rename "
                + f
                + ": "
                + e.getMessage()
                + ". Remove it yourself so no run uses it.",
            e);
      }
    }
  }
}
