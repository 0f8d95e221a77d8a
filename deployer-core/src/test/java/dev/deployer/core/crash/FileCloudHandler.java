package dev.deployer.core.crash;

import dev.deployer.core.json.Json;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.core.spi.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A cloud that survives the process: one file per object in a directory, each appearing whole (a
 * rename), found again by name as a real API's list call would. Calls take a little time so that a
 * kill lands between an intent and its result.
 */
public final class FileCloudHandler implements ResourceHandler<FileCloudHandler.Spec> {
  public record Spec(String name, String size, String parent) {}

  public static final ResourceType<Spec> TYPE =
      ResourceType.of("file_thing", Spec.class).outputs("arn").identifiedBy("name");

  private final Path dir;

  public FileCloudHandler(Path dir) {
    this.dir = dir;
  }

  @Override
  public ResourceType<Spec> type() {
    return TYPE;
  }

  private static void latency() {
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(200_000, 3_000_000));
  }

  @Override
  public Optional<Observed<Spec>> read(HandlerContext ctx, String id, Spec prior) {
    Path f = dir.resolve(id + ".json");
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Observed<>(Json.mapper().readValue(f.toFile(), Spec.class), Map.of("arn", id)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Created create(HandlerContext ctx, Spec spec) {
    latency();
    String id = "obj-" + UUID.randomUUID();
    write(id, spec);
    latency();
    return new Created(id, Map.of("arn", id));
  }

  private void write(String id, Spec spec) {
    try {
      Path tmp = dir.resolve(id + ".tmp");
      Files.write(tmp, Json.mapper().writeValueAsBytes(spec));
      Files.move(tmp, dir.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Map<String, Object> update(HandlerContext ctx, String id, Spec prior, Spec desired) {
    latency();
    write(id, desired);
    return Map.of("arn", id);
  }

  @Override
  public void delete(HandlerContext ctx, String id, Spec prior) {
    latency();
    try {
      Files.deleteIfExists(dir.resolve(id + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, Spec spec) {
    return objects().entrySet().stream()
        .filter(e -> e.getValue().name().equals(spec.name()))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** Every object by id. */
  public Map<String, Spec> objects() {
    try (Stream<Path> files = Files.list(dir)) {
      Map<String, Spec> out = new java.util.TreeMap<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        String id = f.getFileName().toString().replace(".json", "");
        try {
          out.put(id, Json.mapper().readValue(f.toFile(), Spec.class));
        } catch (java.nio.file.NoSuchFileException gone) {
          // deleted while listing
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
