package dev.deployer.environments.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deployer.core.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Terraform state file as Terraform 0.12 to 1.x writes it (format version 4): the managed
 * resource instances with their attributes. Deployer only reads it, never writes it.
 */
public record TerraformState(
    Path file,
    String terraformVersion,
    long serial,
    List<Instance> instances,
    List<Instance> dataSources) {
  public static final int SUPPORTED_VERSION = 4;

  public TerraformState {
    instances = List.copyOf(instances);
    dataSources = List.copyOf(dataSources);
  }

  /**
   * One resource instance.
   *
   * @param address Terraform's address, e.g. {@code module.vpc.aws_subnet.private[1]}
   * @param provider the provider address, e.g. {@code
   *     provider["registry.terraform.io/hashicorp/aws"]}
   */
  public record Instance(
      Path file, String address, String type, String provider, JsonNode attributes) {

    /** An attribute as text, or null when absent or null (numbers are rendered as Terraform). */
    public String text(String name) {
      JsonNode v = attributes.get(name);
      if (v == null || v.isNull()) {
        return null;
      }
      return v.isTextual() ? v.textValue() : v.toString();
    }

    public JsonNode at(String pointer) {
      return attributes.at(pointer);
    }

    /** The instance's id attribute, which every managed resource has. */
    public String id() {
      return text("id");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A state file, or every {@code terraform.tfstate} under a directory (one per Terraform root, as
   * in the reference's folders), in path order.
   */
  public static List<TerraformState> readAll(Path fileOrDir) {
    if (!Files.exists(fileOrDir)) {
      throw new ConfigException(
          fileOrDir.toString(), "", "no such file or directory (--from-terraform)");
    }
    if (!Files.isDirectory(fileOrDir)) {
      return List.of(read(fileOrDir));
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(fileOrDir)) {
      files =
          walk.filter(p -> p.getFileName().toString().equals("terraform.tfstate"))
              .filter(p -> !p.toString().contains("/.terraform/"))
              .sorted(Comparator.comparing(Path::toString))
              .toList();
    } catch (IOException e) {
      throw new ConfigException(fileOrDir.toString(), "", "cannot be listed: " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new ConfigException(
          fileOrDir.toString(),
          "",
          "holds no terraform.tfstate file; with remote state run 'terraform state pull >"
              + " terraform.tfstate' in each folder first");
    }
    return files.stream().map(TerraformState::read).toList();
  }

  public static TerraformState read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(
          file.toString(),
          "",
          "is not a Terraform state (not JSON): " + dev.deployer.core.json.JsonErrors.reason(e));
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(file.toString(), "", "is not a Terraform state (no JSON object)");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.canConvertToInt()) {
      throw new ConfigException(
          file.toString(), "$.version", "missing: this is not a Terraform state file");
    }
    if (version.asInt() != SUPPORTED_VERSION) {
      String tf = root.path("terraform_version").asText("unknown");
      throw new ConfigException(
          file.toString(),
          "$.version",
          "state format version "
              + version.asInt()
              + " (written by Terraform "
              + tf
              + ") is not supported; deployer reads format "
              + SUPPORTED_VERSION
              + ", which Terraform 0.12 and later write. Upgrade the state with Terraform 1.x"
              + " first ('terraform init' then 'terraform apply -refresh-only' in that folder"
              + " rewrites it as version 4), then import again.");
    }
    List<Instance> out = new ArrayList<>();
    List<Instance> data = new ArrayList<>();
    JsonNode resources = arrayAt(file, root, "resources", "$");
    for (int i = 0; i < resources.size(); i++) {
      JsonNode r = resources.get(i);
      String where = "$.resources[" + i + "]";
      if (!r.isObject()) {
        throw new ConfigException(file.toString(), where, "expected an object (a resource)");
      }
      // Data sources own nothing; they are kept for what they name (a user's id and name).
      boolean managed = "managed".equals(r.path("mode").asText());
      String type = required(file, r, "type", where);
      String name = required(file, r, "name", where);
      String module = r.path("module").asText("");
      String base =
          (module.isEmpty() ? "" : module + ".") + (managed ? "" : "data.") + type + "." + name;
      JsonNode instances = arrayAt(file, r, "instances", where);
      for (int j = 0; j < instances.size(); j++) {
        JsonNode inst = instances.get(j);
        JsonNode attrs = inst.isObject() ? inst.get("attributes") : null;
        if (attrs == null || !attrs.isObject()) {
          throw new ConfigException(
              file.toString(),
              where + ".instances[" + j + "].attributes",
              "missing (an instance without attributes is not format 4)");
        }
        if (inst.hasNonNull("deposed")) {
          continue; // a deposed object is Terraform's leftover from create_before_destroy
        }
        (managed ? out : data)
            .add(
                new Instance(
                    file,
                    base + indexSuffix(inst.get("index_key")),
                    type,
                    r.path("provider").asText(),
                    attrs));
      }
    }
    return new TerraformState(
        file, root.path("terraform_version").asText(""), root.path("serial").asLong(), out, data);
  }

  private static String indexSuffix(JsonNode key) {
    if (key == null || key.isNull()) {
      return "";
    }
    return key.isNumber() ? "[" + key.asLong() + "]" : "[\"" + key.asText() + "\"]";
  }

  /** The array under {@code field} (empty when absent); anything else is not format 4. */
  private static JsonNode arrayAt(Path file, JsonNode parent, String field, String where) {
    JsonNode v = parent.path(field);
    if (!v.isMissingNode() && !v.isNull() && !v.isArray()) {
      throw new ConfigException(
          file.toString(), where + "." + field, "expected an array, as Terraform writes it");
    }
    return v;
  }

  private static String required(Path file, JsonNode r, String field, String where) {
    JsonNode v = r.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new ConfigException(file.toString(), where + "." + field, "missing");
    }
    return v.asText();
  }
}
