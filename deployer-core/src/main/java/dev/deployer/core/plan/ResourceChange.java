package dev.deployer.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.core.diff.FieldChange;
import java.util.List;

/**
 * The planned change of one resource.
 *
 * @param before the spec as recorded and refreshed (null when it does not exist)
 * @param after the desired spec, with markers for values known only after apply (null on delete)
 * @param changes the field-level differences, for display
 * @param dependencies what must be done first (config edges; state edges for deletes)
 * @param reason why, for display only (drift, adoption, taint)
 * @param destroysData for a delete or replacement, what it would destroy that cannot be recreated
 *     (shown as {@code # destroys data: ...}); apply refuses it unless the address is allowed; else
 *     null
 */
public record ResourceChange(
    String address,
    String type,
    Action action,
    String id,
    JsonNode before,
    JsonNode after,
    List<FieldChange> changes,
    List<String> replaceFields,
    List<String> dependencies,
    String reason,
    String destroysData) {

  public ResourceChange {
    changes = copyOf(changes);
    replaceFields = copyOf(replaceFields);
    dependencies = copyOf(dependencies);
  }

  /** An unmodifiable copy; none for null. */
  private static <T> List<T> copyOf(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  public ResourceChange withDestroysData(String what) {
    return new ResourceChange(
        address,
        type,
        action,
        id,
        before,
        after,
        changes,
        replaceFields,
        dependencies,
        reason,
        what);
  }
}
