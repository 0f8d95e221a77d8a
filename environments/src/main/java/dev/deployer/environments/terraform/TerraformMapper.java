package dev.deployer.environments.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.core.DeployerException;
import dev.deployer.core.json.Json;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.ResourceDecl;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.model.Unknown;
import dev.deployer.environments.terraform.Mapping.Mapped;
import dev.deployer.environments.terraform.Mapping.ToCreate;
import dev.deployer.environments.terraform.Mapping.Unmapped;
import dev.deployer.environments.terraform.Rules.Key;
import dev.deployer.environments.terraform.Rules.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps the instances of Terraform states onto a deployer stack's addresses by type and identifying
 * attributes. Deployer's desired specs are evaluated with the ids and outputs of what is already
 * matched, so a subnet is recognised by its VPC's Terraform id, CIDR and zone; matching repeats
 * until nothing new is found. Two candidates for one address, or one instance claimed by two
 * addresses, is an error: a migration never guesses.
 */
public final class TerraformMapper {
  private final StackDefinition def;
  private final List<TerraformState.Instance> instances = new ArrayList<>();
  private final Map<String, Mapped> byAddress = new LinkedHashMap<>();
  private final Map<TerraformState.Instance, String> claimed = new HashMap<>();
  private final Map<String, Map<String, String>> values = new HashMap<>();
  private final Map<String, String> noCounterpart = new LinkedHashMap<>();
  private final List<String> ambiguous = new ArrayList<>();

  private TerraformMapper(StackDefinition def, List<TerraformState> states) {
    this.def = def;
    states.forEach(s -> instances.addAll(s.instances()));
  }

  /**
   * The mapping of {@code states} onto {@code def}.
   *
   * @throws DeployerException listing every ambiguous match, when there is one
   */
  public static Mapping map(StackDefinition def, List<TerraformState> states) {
    return new TerraformMapper(def, states).run();
  }

  private Mapping run() {
    List<String> order = def.graph().topologicalOrder();
    boolean progress = true;
    while (progress && ambiguous.isEmpty()) {
      progress = false;
      for (String address : order) {
        if (!byAddress.containsKey(address) && tryForward(address)) {
          progress = true;
        }
      }
    }
    if (!ambiguous.isEmpty()) {
      throw new DeployerException(
          "The Terraform state cannot be mapped onto stack "
              + def.stack()
              + " without guessing:\n  "
              + String.join("\n  ", ambiguous)
              + "\nNothing was imported. Make the configuration identify one object per address"
              + " (names, CIDRs), or remove the extra instances from the state given to"
              + " --from-terraform.");
    }
    foldBucketSettings();
    List<Mapped> mapped = new ArrayList<>(byAddress.values());
    mapped.addAll(folded);
    return new Mapping(def.stack(), mapped, unmapped(), toCreate(order));
  }

  // ---- matching

  private final Map<String, String> markers = new HashMap<>();

  /** The desired spec as JSON, with unmatched references as markers; empty when not evaluable. */
  private Optional<JsonNode> spec(String address) {
    ResourceDecl<?> decl = def.resources().get(address);
    try {
      Object s =
          def.evaluate(
              decl,
              ref -> {
                Map<String, String> v = values.get(ref.address());
                if (v != null && v.get(ref.key()) != null) {
                  return v.get(ref.key());
                }
                String m = Unknown.of(ref);
                markers.put(m, ref.address() + "\u0000" + ref.key());
                return m;
              },
              null);
      return Optional.of(Json.tree(s));
    } catch (RuntimeException e) {
      // A spec that validates its fields refuses a marker; it is evaluable once its references are
      // matched.
      return Optional.empty();
    }
  }

  private static boolean known(JsonNode n) {
    return n != null && !n.isMissingNode() && !n.isNull() && !Unknown.in(n);
  }

  private static String text(JsonNode n) {
    return n.isTextual() ? n.textValue() : n.toString();
  }

  private static boolean equal(JsonNode desired, JsonNode tf) {
    if (tf == null || tf.isMissingNode() || tf.isNull()) {
      return false;
    }
    if (desired.isArray() || tf.isArray()) {
      return asSet(desired).equals(asSet(tf));
    }
    return text(desired).equals(text(tf));
  }

  private static Set<String> asSet(JsonNode n) {
    Set<String> s = new TreeSet<>();
    if (n.isArray()) {
      n.forEach(e -> s.add(text(e)));
    } else {
      s.add(text(n));
    }
    return s;
  }

  private boolean tryForward(String address) {
    ResourceDecl<?> decl = def.resources().get(address);
    if (VpcDrain.TYPE.equals(decl.type().name())) {
      return drain(address);
    }
    Rule rule = Rules.BY_DEPLOYER_TYPE.get(decl.type().name());
    if (rule == null) {
      return false;
    }
    Optional<JsonNode> maybe = spec(address);
    if (maybe.isEmpty()) {
      return false;
    }
    JsonNode spec = maybe.get();
    boolean anyKnown = false;
    List<String> tried = new ArrayList<>();
    for (List<Key> keys : rule.keySets()) {
      if (!keys.stream().allMatch(k -> known(spec.at(k.spec())))) {
        continue;
      }
      anyKnown = true;
      List<TerraformState.Instance> hits = new ArrayList<>();
      for (TerraformState.Instance i : instances) {
        if (rule.terraformTypes().contains(i.type())
            && keys.stream().allMatch(k -> equal(spec.at(k.spec()), i.at(k.terraform())))
            && (rule.extra() == null || rule.extra().test(spec, i))) {
          hits.add(i);
        }
      }
      String how = describe(keys, spec, rule);
      tried.add(how);
      if (hits.size() > 1) {
        ambiguous.add(
            address
                + " ("
                + how
                + ") matches "
                + hits.size()
                + " instances: "
                + String.join(", ", hits.stream().map(TerraformMapper::where).toList()));
        return false;
      }
      if (hits.size() == 1) {
        return match(address, rule, spec, hits.get(0), how);
      }
    }
    if (anyKnown) {
      noCounterpart.put(
          address,
          "no "
              + String.join(" or ", new TreeSet<>(rule.terraformTypes()))
              + " in the Terraform state with "
              + String.join("; nor with ", tried));
    }
    return false;
  }

  /** Names of deployer's VPC drain record, which has no object of its own. */
  private static final class VpcDrain {
    static final String TYPE = "deployer_vpc_drain";
  }

  /**
   * The VPC drain is a record of the VPC (no cloud object; on destroy it waits for Databricks'
   * instances to leave): it is adopted with the id of the VPC Terraform created, so that what reads
   * the VPC id through it (the network configuration) sees a known value rather than one known only
   * after apply, which would force a replacement.
   */
  private boolean drain(String address) {
    Optional<JsonNode> spec = spec(address);
    if (spec.isEmpty() || !known(spec.get().get("vpc_id"))) {
      return false;
    }
    String vpc = spec.get().get("vpc_id").asText();
    for (Mapped m : List.copyOf(byAddress.values())) {
      if (m.terraformType().equals("aws_vpc") && m.id().equals(vpc)) {
        byAddress.put(
            address,
            new Mapped(
                m.file(),
                m.terraformAddress(),
                m.terraformType(),
                address,
                vpc,
                "deployer-only record of the VPC " + vpc + " (no object of its own)",
                true,
                m.instance(),
                spec.get()));
        values.put(address, Map.of(Ref.ID, vpc, "vpc_id", vpc));
        return true;
      }
    }
    return false;
  }

  private static String describe(List<Key> keys, JsonNode spec, Rule rule) {
    if (keys.isEmpty()) {
      return "the only " + String.join("/", rule.terraformTypes()) + " in the state";
    }
    List<String> parts = new ArrayList<>();
    for (Key k : keys) {
      parts.add(k.label() + "=" + text(spec.at(k.spec())));
    }
    return String.join(", ", parts);
  }

  private boolean match(
      String address, Rule rule, JsonNode spec, TerraformState.Instance i, String how) {
    String other = claimed.get(i);
    if (other != null) {
      ambiguous.add(
          where(i) + " is the counterpart of both " + other + " and " + address + " (" + how + ")");
      return false;
    }
    String id = rule.id().apply(spec, i);
    if (id == null || Unknown.in(id) || id.isEmpty()) {
      return false;
    }
    record(address, i, id, how, spec);
    reverse(address, rule, spec, i);
    return true;
  }

  private void record(
      String address, TerraformState.Instance i, String id, String how, JsonNode desired) {
    claimed.put(i, address);
    byAddress.put(
        address,
        new Mapped(i.file().toString(), i.address(), i.type(), address, id, how, true, i, desired));
    Map<String, String> v = new HashMap<>();
    v.put(Ref.ID, id);
    ResourceDecl<?> decl = def.resources().get(address);
    for (String out : decl.type().outputs()) {
      String value = output(decl.type().name(), out, i);
      if (value != null) {
        v.put(out, value);
      }
    }
    values.put(address, v);
  }

  /**
   * An output deployer records, from the Terraform attributes: mostly the attribute of the same
   * name (both follow the APIs' names).
   */
  private static String output(String type, String out, TerraformState.Instance i) {
    if ("aws_iam_role".equals(type) && "account_id".equals(out)) {
      String arn = i.text("arn");
      String[] parts = arn == null ? new String[0] : arn.split(":");
      return parts.length > 4 ? parts[4] : null;
    }
    if ("databricks_storage_credential".equals(type)) {
      JsonNode role = i.at("/aws_iam_role/0/" + out);
      if (known(role)) {
        return text(role);
      }
    }
    if ("databricks_cluster_policy".equals(type) && "policy_id".equals(out)) {
      return i.text("policy_id");
    }
    return i.text(out);
  }

  /**
   * The resources this one refers to by id, whose Terraform counterpart is the object the matched
   * instance refers to by the same field (the NAT gateway's Elastic IP, the association's route
   * table).
   */
  private void reverse(String address, Rule rule, JsonNode spec, TerraformState.Instance i) {
    for (Key link : rule.links()) {
      JsonNode field = spec.at(link.spec());
      if (!field.isTextual() || !Unknown.isWhole(field.textValue())) {
        continue;
      }
      String ref = markers.get(field.textValue());
      if (ref == null) {
        continue;
      }
      String[] parts = ref.split("\u0000", 2);
      if (!Ref.ID.equals(parts[1]) || byAddress.containsKey(parts[0])) {
        continue;
      }
      String targetId = i.text(link.terraform().substring(1));
      if (targetId == null) {
        continue;
      }
      ResourceDecl<?> target = def.resources().get(parts[0]);
      Rule targetRule = Rules.BY_DEPLOYER_TYPE.get(target.type().name());
      if (targetRule == null) {
        continue;
      }
      for (TerraformState.Instance t : instances) {
        if (targetRule.terraformTypes().contains(t.type()) && targetId.equals(t.id())) {
          String how = "the " + link.label() + " of " + address + " (" + targetId + ")";
          String other = claimed.get(t);
          if (other != null && !other.equals(parts[0])) {
            // Two deployer addresses would share one object (one NAT gateway serving every zone
            // in deployer's config, one per zone in Terraform's): the second is created.
            continue;
          }
          if (other == null) {
            JsonNode targetSpec = spec(parts[0]).orElse(Json.mapper().createObjectNode());
            record(parts[0], t, targetRule.id().apply(targetSpec, t), how, targetSpec);
          }
        }
      }
    }
  }

  // ---- what is left over

  private final List<Mapped> folded = new ArrayList<>();

  /** Versioning and encryption resources of a matched bucket are settings of deployer's bucket. */
  private void foldBucketSettings() {
    Map<String, String> buckets = new HashMap<>();
    byAddress.values().stream()
        .filter(m -> m.terraformType().equals("aws_s3_bucket"))
        .forEach(m -> buckets.put(m.id(), m.deployerAddress()));
    for (TerraformState.Instance i : instances) {
      if (Rules.BUCKET_SETTINGS.contains(i.type()) && !claimed.containsKey(i)) {
        String bucket = i.text("bucket");
        String address = buckets.get(bucket);
        if (address != null) {
          claimed.put(i, address);
          folded.add(
              new Mapped(
                  i.file().toString(),
                  i.address(),
                  i.type(),
                  address,
                  bucket,
                  "a setting of bucket " + bucket + ", part of " + address + "'s spec",
                  false,
                  i,
                  null));
        }
      }
    }
  }

  private List<Unmapped> unmapped() {
    Set<String> handled = Rules.terraformTypes();
    List<Unmapped> out = new ArrayList<>();
    for (TerraformState.Instance i : instances) {
      if (claimed.containsKey(i)) {
        continue;
      }
      String reason;
      if (Rules.NOT_MANAGED.containsKey(i.type())) {
        reason = Rules.NOT_MANAGED.get(i.type());
      } else if (Rules.BUCKET_SETTINGS.contains(i.type())) {
        reason =
            "a setting of bucket "
                + i.text("bucket")
                + ", which has no counterpart in this stack; left as it is";
      } else if (handled.contains(i.type())) {
        reason =
            "deployer manages "
                + i.type()
                + ", but stack "
                + def.stack()
                + "'s configuration declares none with these attributes; left in place, untouched"
                + " (another stack's, or delete it yourself once the migration is done)";
      } else {
        reason =
            "deployer does not manage "
                + i.type()
                + "; left in place, untouched (keep managing it with Terraform, or 'terraform"
                + " state rm' it)";
      }
      out.add(new Unmapped(i.file().toString(), i.address(), i.type(), reason));
    }
    return out;
  }

  private List<ToCreate> toCreate(List<String> order) {
    List<ToCreate> out = new ArrayList<>();
    for (String address : order) {
      if (byAddress.containsKey(address)) {
        continue;
      }
      ResourceDecl<?> decl = def.resources().get(address);
      String type = decl.type().name();
      String reason = noCounterpart.get(address);
      if (reason == null) {
        reason = DEPLOYER_ONLY.get(type);
      }
      if (reason == null) {
        List<String> missing =
            def.graph().dependenciesOf(address).stream()
                .filter(d -> !byAddress.containsKey(d))
                .sorted()
                .toList();
        reason =
            missing.isEmpty()
                ? "no Terraform instance identifies it"
                : "it is identified through " + String.join(", ", missing) + ", which is created";
      }
      out.add(new ToCreate(address, type, reason));
    }
    return out;
  }

  /** Deployer resources that the reference has no resource for, and why they exist. */
  private static final Map<String, String> DEPLOYER_ONLY =
      Map.of(
          "deployer_vpc_drain",
          "deployer-only: on destroy it waits for Databricks' instances and network interfaces"
              + " to leave the VPC; no cloud object, created with the VPC",
          "databricks_workspace_binding",
          "Terraform's ISOLATED catalog was bound implicitly by the workspace that created it;"
              + " deployer records the binding as its own resource (creating it again is a no-op)");

  private static String where(TerraformState.Instance i) {
    return i.address() + " [id=" + i.id() + "]";
  }
}
