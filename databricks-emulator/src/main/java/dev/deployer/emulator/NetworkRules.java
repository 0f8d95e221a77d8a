package dev.deployer.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** The customer-managed VPC rules Databricks applies to a network configuration. */
final class NetworkRules {
  private NetworkRules() {}

  /** Shape rules checked on create: at least two subnets, one to five security groups. */
  static void checkShape(String vpcId, List<String> subnetIds, List<String> securityGroupIds) {
    if (vpcId == null) {
      throw ApiException.missing("vpc_id");
    }
    if (subnetIds.size() < 2) {
      throw ApiException.invalid(
          "A network configuration needs at least 2 subnets in different availability zones;"
              + " got "
              + subnetIds.size());
    }
    if (new HashSet<>(subnetIds).size() != subnetIds.size()) {
      throw ApiException.invalid("subnet_ids contains duplicates");
    }
    if (securityGroupIds.isEmpty() || securityGroupIds.size() > 5) {
      throw ApiException.invalid(
          "A network configuration needs 1 to 5 security groups; got " + securityGroupIds.size());
    }
  }

  /** With AZs known: the subnets that exist must span at least two availability zones. */
  static void checkZones(Map<String, AwsView.Subnet> found) {
    if (found.size() >= 2
        && found.values().stream().map(AwsView.Subnet::availabilityZone).distinct().count() < 2) {
      throw ApiException.invalid(
          "Subnets " + found.keySet() + " must be in at least 2 different availability zones");
    }
  }

  /**
   * What the control plane reports when validating a network for a workspace: missing or mismatched
   * VPC, subnets and security groups, as {error_type, error_message} items.
   */
  static ArrayNode problems(
      String vpcId,
      boolean vpcExists,
      List<String> subnetIds,
      Map<String, AwsView.Subnet> subnets,
      List<String> sgIds,
      Map<String, String> sgs) {
    ArrayNode errors = Json.arr();
    if (!vpcExists) {
      errors.add(error("vpc", "VPC " + vpcId + " does not exist"));
    }
    for (String id : subnetIds) {
      AwsView.Subnet s = subnets.get(id);
      if (s == null) {
        errors.add(error("subnet", "Subnet " + id + " does not exist"));
      } else if (vpcExists && !vpcId.equals(s.vpcId())) {
        errors.add(error("subnet", "Subnet " + id + " is not in VPC " + vpcId));
      }
    }
    if (subnets.size() == subnetIds.size()
        && subnets.values().stream().map(AwsView.Subnet::availabilityZone).distinct().count() < 2) {
      errors.add(error("subnet", "Subnets must be in at least 2 different availability zones"));
    }
    for (String id : sgIds) {
      String vpc = sgs.get(id);
      if (vpc == null) {
        errors.add(error("securityGroup", "Security group " + id + " does not exist"));
      } else if (vpcExists && !vpcId.equals(vpc)) {
        errors.add(error("securityGroup", "Security group " + id + " is not in VPC " + vpcId));
      }
    }
    return errors;
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode error(String type, String msg) {
    return Json.obj().put("error_type", type).put("error_message", msg);
  }
}
