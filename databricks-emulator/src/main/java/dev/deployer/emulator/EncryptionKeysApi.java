package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.ACCOUNT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Customer-managed keys of the account API ({@code /customer-managed-keys}, the SDK's
 * EncryptionKeysAPI) and the checks a workspace referring to them meets.
 */
record EncryptionKeysApi(Ctx ctx) {
  private static final String BASE = "/api/2.0/accounts/{account_id}/customer-managed-keys";
  static final String MANAGED_SERVICES = "MANAGED_SERVICES";
  static final String STORAGE = "STORAGE";
  private static final Set<String> USE_CASES = Set.of(MANAGED_SERVICES, STORAGE);
  private static final Pattern KEY_ARN =
      Pattern.compile("arn:aws(-[a-z]+)*:kms:([a-z]{2}(-[a-z]+)+-\\d):(\\d{12}):key/[\\w-]+");

  void register(Router r) {
    r.add("POST", BASE, ACCOUNT, this::create);
    r.add("GET", BASE, ACCOUNT, AccountObjects.list(a -> a.keys));
    r.add("GET", BASE + "/{id}", ACCOUNT, AccountObjects.get(EncryptionKeysApi::find));
    r.add("DELETE", BASE + "/{id}", ACCOUNT, this::delete);
  }

  private static ObjectNode find(State.Account a, String id) {
    return AccountObjects.find(a.keys, id, "Customer-managed key");
  }

  /**
   * Registers a KMS key. The use cases must be MANAGED_SERVICES and/or STORAGE; the key's region is
   * its ARN's; with AWS known, the key must exist there and be enabled.
   */
  private HttpResp create(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    JsonNode body = q.json();
    List<String> useCases = Json.strings(body, "use_cases");
    if (useCases.isEmpty()) {
      throw ApiException.missing("use_cases");
    }
    for (String u : useCases) {
      if (!USE_CASES.contains(u)) {
        throw ApiException.invalid(
            "Invalid use case '" + u + "'; expected MANAGED_SERVICES or STORAGE.");
      }
    }
    JsonNode info = Json.requiredObject(body, "aws_key_info");
    String arn = Json.required(info, "key_arn");
    Matcher m = KEY_ARN.matcher(arn);
    if (!m.matches()) {
      throw ApiException.invalid("Invalid KMS key ARN: " + arn);
    }
    String region = m.group(2);
    String given = Json.text(info, "key_region");
    if (given != null && !given.equals(region)) {
      throw ApiException.invalid(
          "key_region " + given + " does not match the region " + region + " of key " + arn);
    }
    if (ctx.aws.enabled()) {
      AwsView.KmsKey key =
          ctx.aws
              .kmsKey(arn)
              .filter(k -> k.arn().equals(arn))
              .orElseThrow(
                  () ->
                      ApiException.invalid(
                          "KMS key " + arn + " does not exist or is not accessible."));
      if (!"Enabled".equals(key.keyState())) {
        throw ApiException.invalid("KMS key " + arn + " is " + key.keyState() + ", not Enabled.");
      }
    }
    String id = ctx.uuid();
    ObjectNode out =
        Json.obj()
            .put("customer_managed_key_id", id)
            .put("account_id", q.param("account_id"))
            .put("creation_time", ctx.now());
    ObjectNode keyInfo =
        out.putObject("aws_key_info").put("key_arn", arn).put("key_region", region);
    if (Json.text(info, "key_alias") != null) {
      keyInfo.put("key_alias", Json.text(info, "key_alias"));
    }
    if (useCases.contains(STORAGE)) {
      keyInfo.put(
          "reuse_key_for_cluster_volumes", Json.bool(info, "reuse_key_for_cluster_volumes", true));
    }
    useCases.forEach(out.putArray("use_cases")::add);
    return AccountObjects.stored(ctx, a.keys, id, out);
  }

  private HttpResp delete(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    String id = q.param("id");
    find(a, id);
    AccountObjects.refuseWhileAWorkspaceUses(
        a,
        id,
        "Customer-managed key",
        "storage_customer_managed_key_id",
        "managed_services_customer_managed_key_id");
    return AccountObjects.removed(ctx, a.keys, id);
  }

  /**
   * A workspace in {@code region} referring to keys: each must be registered, carry the use case of
   * the field, be in the workspace's region and, with AWS known, still be enabled.
   */
  void checkWorkspace(State.Account a, String region, String storageKeyId, String servicesKeyId) {
    checkUse(a, region, storageKeyId, STORAGE, "storage_customer_managed_key_id");
    checkUse(
        a, region, servicesKeyId, MANAGED_SERVICES, "managed_services_customer_managed_key_id");
  }

  private void checkUse(State.Account a, String region, String id, String useCase, String field) {
    if (id == null) {
      return;
    }
    ObjectNode key = a.keys.get(id);
    if (key == null) {
      throw ApiException.invalid(field + ": customer-managed key " + id + " does not exist.");
    }
    if (!Json.strings(key, "use_cases").contains(useCase)) {
      throw ApiException.invalid(
          field + ": customer-managed key " + id + " is not registered for " + useCase + ".");
    }
    String keyRegion = Json.text(key.path("aws_key_info"), "key_region");
    if (!region.equals(keyRegion)) {
      throw ApiException.invalid(
          field
              + ": customer-managed key "
              + id
              + " is in region "
              + keyRegion
              + ", not the workspace's region "
              + region
              + ".");
    }
    if (ctx.aws.enabled()) {
      String arn = Json.text(key.path("aws_key_info"), "key_arn");
      AwsView.KmsKey k = ctx.aws.kmsKey(arn).orElse(null);
      String state = k == null ? "deleted" : k.keyState();
      if (!"Enabled".equals(state)) {
        throw ApiException.invalid(field + ": KMS key " + arn + " is " + state + ".");
      }
      // The control plane encrypts and decrypts as its own account root (docs: "Configure
      // customer-managed keys for encryption", key policy statements for Databricks).
      for (String action : List.of("kms:Encrypt", "kms:Decrypt")) {
        if (!TrustPolicy.allowsKeyUse(k.policy(), TrustPolicy.DATABRICKS_ROOT, action)) {
          throw ApiException.invalid(
              field
                  + ": the key policy of "
                  + arn
                  + " does not allow "
                  + TrustPolicy.DATABRICKS_ROOT
                  + " to "
                  + action
                  + ".");
        }
      }
    }
  }
}
