package dev.deployer.account.identity;

import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListAccountGroupsRequest;
import com.databricks.sdk.service.iam.ListAccountServicePrincipalsRequest;
import com.databricks.sdk.service.iam.ListAccountUsersRequest;
import com.databricks.sdk.service.iam.ListGroupsResponse;
import com.databricks.sdk.service.iam.ListServicePrincipalResponse;
import com.databricks.sdk.service.iam.ListUsersResponse;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.iam.User;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.DeployerException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Looks principals up by name in the account's SCIM directory before planning, so an unknown name
 * stops the run before anything changes. Names are asked for in batches (one {@code or} filter per
 * {@value #BATCH} names, a few batches at once) and each answer is read page by page, so 10,000
 * identities take a couple of hundred requests instead of 10,000 one after another.
 *
 * <p>Databricks compares user names without case (the provider suppresses case-only diffs of {@code
 * user_name}; the service stores it lower-cased) and service principals by application id (a UUID),
 * but keeps group names case-sensitive ("Admins" and "admins" are two groups, while the filter
 * matches both: provider #3596, #3597).
 */
public final class PrincipalResolver {
  /**
   * Names per request: 50 {@code eq} clauses joined by 49 {@code or}s stay well under the 200
   * filter nodes Databricks documents for account SCIM filters.
   */
  static final int BATCH = 50;

  /** Results per page asked for: Databricks' documented default (and the emulator's cap). */
  static final int PAGE = 10_000;

  /** How many unknown names an error lists before it counts the rest. */
  static final int LISTED = 10;

  private static final int PARALLEL = 4;

  private final DatabricksClients databricks;
  private final Consumer<String> progress;

  public PrincipalResolver(DatabricksClients databricks) {
    this(databricks, m -> {});
  }

  /** With a sink for progress lines ("looked up 2,500 of 10,000 principals"). */
  public PrincipalResolver(DatabricksClients databricks, Consumer<String> progress) {
    this.databricks = databricks;
    this.progress = progress;
  }

  /** How {@code kind} tells principals apart: the key two names of one principal share. */
  public static String key(Principal.Kind kind, String name) {
    return kind == Principal.Kind.GROUP ? name : name.toLowerCase(Locale.ROOT);
  }

  /** Every principal's id, in the order asked; every unknown one is named in a single error. */
  public List<Principal> resolve(List<Principal.Kind> kinds, List<String> names, String source) {
    Map<Principal.Kind, Set<String>> wanted = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      wanted.computeIfAbsent(kinds.get(i), k -> new LinkedHashSet<>()).add(names.get(i));
    }
    List<Batch> batches = new ArrayList<>();
    wanted.forEach(
        (kind, set) -> {
          List<String> all = List.copyOf(set);
          for (int from = 0; from < all.size(); from += BATCH) {
            batches.add(new Batch(kind, all.subList(from, Math.min(all.size(), from + BATCH))));
          }
        });
    int total = batches.stream().mapToInt(b -> b.names.size()).sum();
    Map<String, String> ids = lookUp(batches, total);
    List<Principal> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    Set<String> reported = new java.util.HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      Principal.Kind kind = kinds.get(i);
      String name = names.get(i);
      String id = ids.get(kind + ":" + key(kind, name));
      if (id != null) {
        found.add(new Principal(kind, name, id));
      } else if (reported.add(kind + ":" + name)) {
        missing.add(kind.configName() + " '" + name + "'");
      }
    }
    if (!missing.isEmpty()) {
      throw new DeployerException(
          "Unknown principal"
              + (missing.size() == 1 ? "" : "s")
              + " in "
              + source
              + ": "
              + listed(missing)
              + " not found in the Databricks account "
              + databricks.accountId()
              + ". Create them (or fix the names) and plan again; nothing was changed.");
    }
    return found;
  }

  /** The first {@value #LISTED} items, then how many more: an error stays one readable line. */
  static String listed(List<String> items) {
    if (items.size() <= LISTED) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, LISTED))
        + String.format(Locale.ROOT, " ... and %,d more", items.size() - LISTED);
  }

  private record Batch(Principal.Kind kind, List<String> names) {}

  private Map<String, String> lookUp(List<Batch> batches, int total) {
    Map<String, String> ids = new HashMap<>();
    if (batches.isEmpty()) {
      return ids;
    }
    boolean talk = batches.size() > 1;
    if (talk) {
      progress.accept(
          String.format(
              Locale.ROOT,
              "looking up %,d principals in the account's SCIM directory (%,d requests of up to %d"
                  + " names, %d at a time)",
              total,
              batches.size(),
              BATCH,
              PARALLEL));
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(PARALLEL, batches.size()),
            r -> {
              Thread t = new Thread(r, "deployer-scim");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Map<String, String>>> futures = new ArrayList<>();
      for (Batch b : batches) {
        futures.add(pool.submit(() -> lookUp(b)));
      }
      AtomicInteger done = new AtomicInteger();
      int step = Math.max(BATCH, total / 10);
      int nextReport = step;
      for (int i = 0; i < batches.size(); i++) {
        ids.putAll(futures.get(i).get());
        int now = done.addAndGet(batches.get(i).names.size());
        if (talk && (now >= nextReport || now == total)) {
          progress.accept(
              String.format(Locale.ROOT, "looked up %,d of %,d principals", now, total));
          while (nextReport <= now) {
            nextReport += step;
          }
        }
      }
      return ids;
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof RuntimeException r ? r : new DeployerException(String.valueOf(c), c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployerException("looking up principals was interrupted");
    } finally {
      pool.shutdownNow();
    }
  }

  /** One batch: one filter, read page by page; keyed {@code KIND:key}. */
  private Map<String, String> lookUp(Batch b) {
    Set<String> asked = new java.util.HashSet<>();
    b.names.forEach(n -> asked.add(key(b.kind, n)));
    String attr = b.kind.scimAttribute();
    StringBuilder filter = new StringBuilder();
    for (String n : b.names) {
      if (filter.length() > 0) {
        filter.append(" or ");
      }
      filter.append(attr).append(" eq \"").append(n.replace("\"", "\\\"")).append('"');
    }
    Map<String, String> out = new HashMap<>();
    long start = 1;
    long seen = 0;
    while (true) {
      Page page = page(b.kind, filter.toString(), start);
      for (Map.Entry<String, String> e : page.byName.entrySet()) {
        if (e.getKey() == null || e.getValue() == null) {
          continue;
        }
        String k = key(b.kind, e.getKey());
        if (asked.contains(k)) {
          out.putIfAbsent(b.kind + ":" + k, e.getValue());
        }
      }
      seen += page.size;
      start += page.size;
      if (page.size == 0 || seen >= page.total) {
        return out;
      }
    }
  }

  /** One page: name to id, how many it held, and how many there are in all. */
  private record Page(Map<String, String> byName, int size, long total) {}

  private Page page(Principal.Kind kind, String filter, long startIndex) {
    String attributes = "id," + kind.scimAttribute();
    Map<String, String> byName = new LinkedHashMap<>();
    switch (kind) {
      case USER -> {
        ListUsersResponse r =
            databricks
                .account()
                .users()
                .impl()
                .list(
                    new ListAccountUsersRequest()
                        .setFilter(filter)
                        .setAttributes(attributes)
                        .setStartIndex(startIndex)
                        .setCount((long) PAGE));
        for (User u : nonNull(r.getResources())) {
          byName.putIfAbsent(u.getUserName(), u.getId());
        }
        return new Page(byName, size(r.getResources()), total(r.getTotalResults()));
      }
      case GROUP -> {
        ListGroupsResponse r =
            databricks
                .account()
                .groups()
                .impl()
                .list(
                    new ListAccountGroupsRequest()
                        .setFilter(filter)
                        .setAttributes(attributes)
                        .setStartIndex(startIndex)
                        .setCount((long) PAGE));
        for (Group g : nonNull(r.getResources())) {
          byName.putIfAbsent(g.getDisplayName(), g.getId());
        }
        return new Page(byName, size(r.getResources()), total(r.getTotalResults()));
      }
      default -> {
        ListServicePrincipalResponse r =
            databricks
                .account()
                .servicePrincipals()
                .impl()
                .list(
                    new ListAccountServicePrincipalsRequest()
                        .setFilter(filter)
                        .setAttributes(attributes)
                        .setStartIndex(startIndex)
                        .setCount((long) PAGE));
        for (ServicePrincipal sp : nonNull(r.getResources())) {
          byName.putIfAbsent(sp.getApplicationId(), sp.getId());
        }
        return new Page(byName, size(r.getResources()), total(r.getTotalResults()));
      }
    }
  }

  private static <T> Collection<T> nonNull(Collection<T> c) {
    return c == null ? List.of() : c;
  }

  private static int size(Collection<?> c) {
    return c == null ? 0 : c.size();
  }

  private static long total(Long t) {
    return t == null ? 0 : t;
  }
}
