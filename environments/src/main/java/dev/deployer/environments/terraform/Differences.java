package dev.deployer.environments.terraform;

import dev.deployer.core.diff.FieldChange;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.plan.ResourceChange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Why the first plan after adopting the reference's estate changes what it changes: the places
 * where deployer deliberately differs from the reference (RESOURCES.md's fixes and naming), and a
 * plain statement for anything else.
 */
public final class Differences {
  private Differences() {}

  private static final Map<String, String> BY_FIELD =
      Map.ofEntries(
          Map.entry(
              "aws_s3_bucket sse_algorithm",
              "the reference sets no default encryption on this bucket; deployer turns on SSE-S3"
                  + " (RESOURCES.md 2.3)"),
          Map.entry(
              "aws_s3_bucket object_ownership",
              "deployer enforces object ownership BucketOwnerEnforced (ACLs off), the reference"
                  + " leaves the default"),
          Map.entry(
              "tags",
              "deployer tags what it manages with deployer:stack and deployer:address (to find an"
                  + " object again after a crash) and its own Name tags"),
          Map.entry(
              "aws_iam_role_policy policy",
              "deployer writes the policy RESOURCES.md gives for this role (2.2: Databricks'"
                  + " current cross-account policy, which postdates the reference's; 4.1: the"
                  + " catalog role's bucket access and self-assumption)"),
          Map.entry(
              "aws_s3_bucket_policy policy",
              "deployer writes the bucket policy RESOURCES.md gives for this bucket (2.3, 1.1),"
                  + " statement by statement"),
          Map.entry(
              "databricks_storage_credential comment",
              "deployer's comment on the credential differs from the reference's (none)"),
          Map.entry(
              "databricks_external_location comment",
              "deployer's comment differs from the reference's (Managed by TF)"),
          Map.entry(
              "databricks_catalog properties",
              "the reference sets a purpose property on the catalog; deployer sets none"),
          Map.entry(
              "aws_iam_role_policy policy_name",
              "deployer names the role's inline policy after the role; the old policy is removed"
                  + " once the new one is in place"),
          Map.entry(
              "aws_iam_role assume_role_policy",
              "deployer's trust policy differs from the reference's (RESOURCES.md 2.2, 4.1)"),
          Map.entry(
              "aws_security_group group_name",
              "Terraform named the group itself (terraform-...); deployer's configuration names"
                  + " it {prefix}-data-plane-sg"),
          Map.entry(
              "aws_security_group description",
              "Terraform's default description (Managed by Terraform) differs from deployer's"),
          Map.entry(
              "databricks_metastore_assignment default_catalog_name",
              "the configuration sets the workspace's default catalog; the reference leaves it"
                  + " unset"),
          Map.entry(
              "databricks_external_location name",
              "deployer names the catalog's external location {prefix}-catalog"),
          Map.entry(
              "databricks_mws_log_delivery config_name",
              "deployer names log deliveries {prefix}-billable-usage and {prefix}-audit-logs"),
          Map.entry(
              "databricks_workspace_conf settings",
              "the configuration's workspace settings (hardening defaults plus workspace_conf)"
                  + " differ from the reference's custom_config"),
          Map.entry(
              "databricks_cluster_policy description",
              "deployer describes the policy as managed by deployer"),
          Map.entry(
              "databricks_catalog comment",
              "deployer's comment on the catalog differs from the reference's"));

  /** One line per changed resource of the plan: what changes and why. */
  public static List<String> explain(Plan plan) {
    List<String> out = new ArrayList<>();
    for (ResourceChange c : plan.changes()) {
      if (c.action() == Action.NO_OP) {
        continue;
      }
      if (c.action() == Action.CREATE) {
        out.add(
            c.address()
                + ": created (no Terraform counterpart"
                + (c.reason() == null ? "" : "; " + c.reason())
                + ")");
        continue;
      }
      Set<String> why = new LinkedHashSet<>();
      for (FieldChange f : c.changes()) {
        String field = top(f.path());
        String reason = BY_FIELD.get(c.type() + " " + field);
        if (reason == null) {
          reason = BY_FIELD.get(field);
        }
        why.add(
            field
                + (f.forcesReplacement() ? " (forces replacement)" : "")
                + ": "
                + (reason == null ? "the configuration asks for a different value" : reason));
      }
      out.add(c.address() + ": " + c.action().planPhrase() + "; " + String.join("; ", why));
    }
    return out;
  }

  private static String top(String path) {
    String p = path.startsWith("$.") ? path.substring(2) : path;
    int cut = p.length();
    for (char ch : new char[] {'.', '['}) {
      int i = p.indexOf(ch);
      if (i > 0 && i < cut) {
        cut = i;
      }
    }
    return p.substring(0, cut);
  }
}
