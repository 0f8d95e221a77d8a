package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.WORKSPACE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * The workspace settings API's security settings ({@code /api/2.0/settings/types/{type}/names/
 * default}): the compliance security profile and enhanced security monitoring, as
 * databricks-sdk-java's ComplianceSecurityProfileAPI and EnhancedSecurityMonitoringAPI call them.
 * Writes are read-modify-write: a PATCH carries the etag of the value it read, and a missing or
 * stale etag is refused 409 with the current etag in an ErrorInfo detail (the provider's
 * settings/generic_setting.go retries once with it). The profile cannot be turned off once on, and
 * turns monitoring on for good (provider docs of both settings); it needs the Enterprise tier.
 */
record SecuritySettingsApi(Ctx ctx) {
  static final String CSP = "shield_csp_enablement_ws_db";
  static final String ESM = "shield_esm_enablement_ws_db";

  /** Setting type -> the field of the setting object that holds its value. */
  private static final Map<String, String> FIELDS =
      Map.of(
          CSP, "compliance_security_profile_workspace",
          ESM, "enhanced_security_monitoring_workspace");

  /** databricks-sdk-java 0.141.0's ComplianceStandard. */
  static final Set<String> STANDARDS =
      Set.of(
          "CANADA_PROTECTED_B",
          "CYBER_ESSENTIAL_PLUS",
          "FEDRAMP_HIGH",
          "FEDRAMP_IL5",
          "FEDRAMP_MODERATE",
          "GERMANY_C5",
          "GERMANY_TISAX",
          "HIPAA",
          "HITRUST",
          "IRAP_PROTECTED",
          "ISMAP",
          "ITAR_EAR",
          "KSA_ECC_CCC_DCC",
          "K_FSI",
          "NONE",
          "PCI_DSS");

  private static final String PATH = "/api/2.0/settings/types/{type}/names/{name}";

  void register(Router r) {
    r.add("GET", PATH, WORKSPACE, (q, s) -> HttpResp.ok(current(q, s, type(q))));
    r.add("PATCH", PATH, WORKSPACE, this::patch);
  }

  private static String type(HttpReq q) {
    if (!FIELDS.containsKey(q.param("type"))) {
      throw ApiException.notFound("NOT_FOUND", "Setting type " + q.param("type") + " not found.");
    }
    if (!"default".equals(q.param("name"))) {
      throw ApiException.invalid(
          "Setting " + q.param("type") + " has only the name 'default', not " + q.param("name"));
    }
    return q.param("type");
  }

  /** The stored value, or the service's default (off) with the etag a first write must send. */
  private ObjectNode current(HttpReq q, State s, String type) {
    ObjectNode stored = s.workspaceData(q).settings.get(type);
    if (stored != null) {
      return stored.deepCopy();
    }
    ObjectNode value = Json.obj().put("is_enabled", false);
    if (type.equals(CSP)) {
      value.putArray("compliance_standards");
    }
    ObjectNode d = Json.obj().put("setting_name", "default").put("etag", defaultEtag(q));
    d.set(FIELDS.get(type), value);
    return d;
  }

  private static String defaultEtag(HttpReq q) {
    return "0-" + q.workspace.workspaceId();
  }

  private static boolean enabled(ObjectNode setting, String type) {
    return setting.path(FIELDS.get(type)).path("is_enabled").asBoolean(false);
  }

  private static HttpResp staleEtag(String message, String etag) {
    ObjectNode body = Json.obj().put("error_code", "RESOURCE_CONFLICT").put("message", message);
    ArrayNode details = body.putArray("details");
    ObjectNode info =
        details
            .addObject()
            .put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
            .put("reason", "RESOURCE_CONFLICT")
            .put("domain", "settings.databricks.com");
    info.putObject("metadata").put("etag", etag);
    return new HttpResp(409, body, Map.of());
  }

  private HttpResp patch(HttpReq q, State s) {
    String type = type(q);
    JsonNode body = q.json();
    ObjectNode setting = Json.requiredObject(body, "setting");
    Json.required(body, "field_mask");
    ObjectNode now = current(q, s, type);
    String etag = Json.text(setting, "etag");
    if (etag == null || !etag.equals(Json.text(now, "etag"))) {
      return staleEtag(
          "The setting was changed since it was read, or no etag was sent: read it again and send"
              + " its etag.",
          Json.text(now, "etag"));
    }
    ObjectNode value = Json.requiredObject(setting, FIELDS.get(type));
    JsonNode flag = value.get("is_enabled");
    if (flag == null || !flag.isBoolean()) {
      throw ApiException.missing(FIELDS.get(type) + ".is_enabled");
    }
    boolean on = flag.asBoolean();
    ObjectNode stored = Json.obj().put("setting_name", "default");
    ObjectNode newValue = stored.putObject(FIELDS.get(type)).put("is_enabled", on);
    if (type.equals(CSP)) {
      if (!on && enabled(now, CSP)) {
        throw ApiException.invalid(
            "The compliance security profile cannot be disabled once it is enabled.");
      }
      if (on) {
        String tier =
            s.account(q.workspace.accountId())
                .workspaces
                .get(q.workspace.workspaceId())
                .path("pricing_tier")
                .asText("");
        if (!"ENTERPRISE".equalsIgnoreCase(tier)) {
          throw ApiException.invalid(
              "The compliance security profile requires the Enterprise pricing tier; workspace "
                  + q.workspace.workspaceId()
                  + " is "
                  + tier
                  + ".");
        }
      }
      ArrayNode standards = newValue.putArray("compliance_standards");
      for (String st : Json.strings(value, "compliance_standards")) {
        if (!STANDARDS.contains(st)) {
          throw ApiException.invalid(
              "Invalid compliance standard '" + st + "'; expected one of " + STANDARDS);
        }
        standards.add(st);
      }
    } else if (!on && enabled(current(q, s, CSP), CSP)) {
      throw ApiException.invalid(
          "Enhanced security monitoring cannot be disabled while the compliance security profile"
              + " is enabled.");
    }
    stored.put("etag", ctx.hex(12));
    s.workspaceData(q).settings.put(type, stored);
    if (type.equals(CSP) && on) {
      // The profile turns monitoring on with it.
      ObjectNode esm = Json.obj().put("setting_name", "default").put("etag", ctx.hex(12));
      esm.putObject(FIELDS.get(ESM)).put("is_enabled", true);
      s.workspaceData(q).settings.put(ESM, esm);
    }
    ctx.store.changed();
    return HttpResp.ok(stored.deepCopy());
  }
}
