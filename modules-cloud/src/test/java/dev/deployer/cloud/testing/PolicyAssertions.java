package dev.deployer.cloud.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.cloud.PolicyDocuments;
import java.util.ArrayList;
import java.util.List;

/** Compares the policies deployer builds with the ones Databricks and the provider document. */
public final class PolicyAssertions {
  private PolicyAssertions() {}

  /** The statements without their Sids (the documented policies name few), in normal form. */
  public static List<JsonNode> statements(JsonNode doc) {
    List<JsonNode> out = new ArrayList<>();
    doc.get("Statement")
        .forEach(
            s -> {
              ObjectNode copy = s.deepCopy();
              copy.remove("Sid");
              out.add(PolicyDocuments.normalize(copy));
            });
    return out;
  }

  /** Statement by statement, in order, so a failure names the first that differs. */
  public static void assertSameStatements(JsonNode built, JsonNode documented) {
    List<JsonNode> b = statements(built);
    List<JsonNode> d = statements(documented);
    for (int i = 0; i < Math.min(b.size(), d.size()); i++) {
      assertThat(b.get(i)).as("statement %d", i).isEqualTo(d.get(i));
    }
    assertThat(b).hasSameSizeAs(d);
  }
}
