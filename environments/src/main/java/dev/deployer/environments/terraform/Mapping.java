package dev.deployer.environments.terraform;

import java.util.List;

/**
 * How a Terraform state maps onto one deployer stack: what is adopted, what Terraform has that
 * deployer leaves alone, and what deployer will create because Terraform has no counterpart.
 */
public record Mapping(
    String stack, List<Mapped> mapped, List<Unmapped> unmapped, List<ToCreate> toCreate) {
  public Mapping {
    mapped = List.copyOf(mapped);
    unmapped = List.copyOf(unmapped);
    toCreate = List.copyOf(toCreate);
  }

  /**
   * A Terraform instance and the deployer address it becomes.
   *
   * @param id the id under which deployer records it (what its handler reads it by)
   * @param how the attributes that identified it
   * @param adopted false when the instance is a setting folded into another deployer resource (an
   *     S3 bucket's versioning or encryption), recorded with that resource
   * @param instance the Terraform instance
   * @param desired deployer's desired spec as JSON when it was matched (null for folded settings)
   */
  public record Mapped(
      String file,
      String terraformAddress,
      String terraformType,
      String deployerAddress,
      String id,
      String how,
      boolean adopted,
      TerraformState.Instance instance,
      com.fasterxml.jackson.databind.JsonNode desired) {}

  /** A Terraform instance deployer does not take over, and why. */
  public record Unmapped(String file, String terraformAddress, String type, String reason) {}

  /** A deployer resource with no Terraform counterpart: the first apply creates it. */
  public record ToCreate(String deployerAddress, String type, String reason) {}

  /** The adopted rows (not the folded settings), in the order they were matched. */
  public List<Mapped> adopted() {
    return mapped.stream().filter(Mapped::adopted).toList();
  }
}
