package dev.deployer.core.bench;

import dev.deployer.core.Catalogue;
import dev.deployer.core.Engine;
import dev.deployer.core.EngineListener;
import dev.deployer.core.EngineRuntime;
import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.core.state.FileStateStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The engine at scale with a handler of zero latency over an in-memory cloud: full apply, no-op
 * plan, a 1% change and destroy of N resources in a graph of depth 7 with 1.7 edges per node on
 * average, state in a {@link FileStateStore}. Prints one Markdown row per N: times, the bytes the
 * process wrote while applying (from /proc/self/io) and the peak heap. Run by {@code
 * bench/engine.sh}.
 */
public final class EngineBench {
  static final int DEPTH = 7;

  public record Spec(String name, String size, List<String> parents) {}

  /** Creates, reads, updates and deletes in a map; no latency, no recording. */
  static final class MemoryHandler implements ResourceHandler<Spec> {
    static final ResourceType<Spec> TYPE =
        ResourceType.of("bench_thing", Spec.class)
            .outputs("arn")
            .replaceOnChange("name")
            .identifiedBy("name");
    final Map<String, Spec> cloud = new ConcurrentHashMap<>();
    final AtomicLong ids = new AtomicLong();

    @Override
    public ResourceType<Spec> type() {
      return TYPE;
    }

    @Override
    public Optional<Observed<Spec>> read(HandlerContext ctx, String id, Spec prior) {
      Spec s = cloud.get(id);
      return s == null
          ? Optional.empty()
          : Optional.of(new Observed<>(s, Map.of("arn", "arn:" + id)));
    }

    @Override
    public Created create(HandlerContext ctx, Spec spec) {
      String id = "t-" + ids.incrementAndGet();
      cloud.put(id, spec);
      return new Created(id, Map.of("arn", "arn:" + id));
    }

    @Override
    public Map<String, Object> update(HandlerContext ctx, String id, Spec prior, Spec desired) {
      cloud.put(id, desired);
      return Map.of("arn", "arn:" + id);
    }

    @Override
    public void delete(HandlerContext ctx, String id, Spec prior) {
      cloud.remove(id);
    }
  }

  /** N resources in DEPTH layers; each below the first refers to one or two of the layer above. */
  static StackDefinition stack(int n, String changedSuffix, int changedEvery) {
    StackBuilder b = new StackBuilder("bench", Map.of("Owner", "bench"));
    Random random = new Random(7);
    List<List<Resource<Spec>>> layers = new ArrayList<>();
    int perLayer = (n + DEPTH - 1) / DEPTH;
    int made = 0;
    for (int layer = 0; layer < DEPTH && made < n; layer++) {
      List<Resource<Spec>> these = new ArrayList<>();
      for (int i = 0; i < perLayer && made < n; i++, made++) {
        String name = "thing" + made;
        List<Resource<Spec>> parents = new ArrayList<>();
        if (layer > 0) {
          List<Resource<Spec>> above = layers.get(layer - 1);
          parents.add(above.get(random.nextInt(above.size())));
          // 1.7 edges per node over the whole graph: a second parent for most of the lower layers.
          if (random.nextDouble() < 0.98 && above.size() > 1) {
            parents.add(above.get(random.nextInt(above.size())));
          }
        }
        String size = changedEvery > 0 && made % changedEvery == 0 ? "m" + changedSuffix : "m";
        List<Resource<Spec>> ps = List.copyOf(parents);
        these.add(
            b.add(
                "layer" + layer + ".thing[\"" + made + "\"]",
                MemoryHandler.TYPE,
                r -> new Spec(name, size, ps.stream().map(p -> r.get(p.out("arn"))).toList())));
      }
      layers.add(these);
    }
    return b.build();
  }

  static long writtenBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
        if (line.startsWith("wchar:")) {
          return Long.parseLong(line.substring(6).trim());
        }
      }
    } catch (IOException e) {
      // not Linux: bytes are reported as unknown
    }
    return -1;
  }

  static void resetPeak() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  record Timed(double seconds, long bytes) {}

  interface Step {
    void run();
  }

  static Timed time(Step step) {
    long b0 = writtenBytes();
    long t0 = System.nanoTime();
    step.run();
    return new Timed((System.nanoTime() - t0) / 1e9, writtenBytes() - b0);
  }

  static ApplyResult applyOk(Engine engine, StackDefinition def, FileStateStore store, boolean d) {
    Plan plan = engine.plan(def, store, d);
    ApplyResult r = engine.apply(def, plan, store);
    if (!r.succeeded()) {
      throw new IllegalStateException("apply failed: " + r.failures().get(0).describe());
    }
    return r;
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String a : args) {
      sizes.add(Integer.parseInt(a.replace("_", "").replace(",", "")));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(1_000, 10_000, 30_000);
    }
    System.out.println(
        "| resources | edges | full apply | bytes written | no-op plan | 1% change (plan+apply)"
            + " | destroy | peak heap |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (int n : sizes) {
      Path dir = Files.createTempDirectory("deployer-bench");
      try {
        row(n, dir);
      } finally {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  static void row(int n, Path dir) {
    resetPeak();
    MemoryHandler handler = new MemoryHandler();
    Engine engine =
        new Engine(EngineRuntime.system(10, EngineListener.QUIET), new Catalogue(List.of(handler)));
    FileStateStore store = new FileStateStore(dir, "bench");
    StackDefinition def = stack(n, "", 0);
    long edges =
        def.graph().nodes().stream().mapToLong(a -> def.graph().dependenciesOf(a).size()).sum();
    Timed apply = time(() -> applyOk(engine, def, store, false));
    Timed[] noop = new Timed[1];
    noop[0] =
        time(
            () -> {
              if (engine.plan(def, store, false).hasChanges()) {
                throw new IllegalStateException("the no-op plan has changes");
              }
            });
    StackDefinition changed = stack(n, "-large", 100);
    Timed change = time(() -> applyOk(engine, changed, store, false));
    Timed destroy = time(() -> applyOk(engine, changed, store, true));
    if (!handler.cloud.isEmpty()) {
      throw new IllegalStateException(handler.cloud.size() + " objects left after destroy");
    }
    System.out.printf(
        "| %,d | %,d | %.2f s | %.1f MB | %.2f s | %.2f s | %.2f s | %,d MB |%n",
        n,
        edges,
        apply.seconds(),
        apply.bytes() / 1e6,
        noop[0].seconds(),
        change.seconds(),
        destroy.seconds(),
        peakHeap() >> 20);
  }
}
