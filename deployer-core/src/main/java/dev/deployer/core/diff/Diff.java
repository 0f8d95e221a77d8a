package dev.deployer.core.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.deployer.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The differences between two specs, top-level field by field. */
public record Diff(List<FieldChange> changes) {
  public Diff {
    changes = List.copyOf(changes);
  }

  public static final Diff NONE = new Diff(List.of());

  /**
   * Compares the JSON forms of two specs; fields named in {@code replaceOnChange} force replace.
   */
  public static Diff of(Object prior, Object desired, Set<String> replaceOnChange) {
    return ofTrees(Json.tree(prior), Json.tree(desired), replaceOnChange);
  }

  public static Diff ofTrees(JsonNode prior, JsonNode desired, Set<String> replaceOnChange) {
    Set<String> names = new TreeSet<>();
    prior.fieldNames().forEachRemaining(names::add);
    desired.fieldNames().forEachRemaining(names::add);
    List<FieldChange> changes = new ArrayList<>();
    for (String name : names) {
      JsonNode before = orMissing(prior.get(name));
      JsonNode after = orMissing(desired.get(name));
      if (!equivalent(before, after)) {
        changes.add(new FieldChange(name, before, after, replaceOnChange.contains(name)));
      }
    }
    return new Diff(changes);
  }

  /** Null and missing are the same; a value that is not known yet always counts as a change. */
  private static boolean equivalent(JsonNode a, JsonNode b) {
    if (dev.deployer.core.model.Unknown.in(b)) {
      return false;
    }
    boolean aEmpty = a.isMissingNode() || a.isNull();
    boolean bEmpty = b.isMissingNode() || b.isNull();
    if (aEmpty || bEmpty) {
      return aEmpty && bEmpty;
    }
    return a.equals(b);
  }

  private static JsonNode orMissing(JsonNode node) {
    return node == null ? MissingNode.getInstance() : node;
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  public boolean forcesReplacement() {
    return changes.stream().anyMatch(FieldChange::forcesReplacement);
  }

  public List<String> replaceFields() {
    return changes.stream().filter(FieldChange::forcesReplacement).map(FieldChange::path).toList();
  }

  /** A diff with one more change (for handlers that compare some field semantically). */
  public Diff with(FieldChange change) {
    List<FieldChange> list = new ArrayList<>(changes);
    list.add(change);
    return new Diff(list);
  }

  /** A diff without the named field (for handlers that compare it semantically). */
  public Diff without(String path) {
    List<FieldChange> list = new ArrayList<>();
    for (Iterator<FieldChange> it = changes.iterator(); it.hasNext(); ) {
      FieldChange c = it.next();
      if (!c.path().equals(path)) {
        list.add(c);
      }
    }
    return new Diff(list);
  }
}
