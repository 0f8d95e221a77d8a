package dev.deployer.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the emulator remembers, as plain Jackson-serialisable maps so the snapshot file is
 * just this object written as JSON. Guarded by {@link Store}'s lock; never touched without it.
 * Objects are stored as the JSON the API returns, plus bookkeeping fields whose names start with
 * '_' (stripped on output).
 */
final class State {
  /** Account used by the sandbox; generated once and kept in the snapshot. */
  public String defaultAccountId;

  public Map<String, Account> accounts = new TreeMap<>();

  /** First time each IAM role ARN was seen (epoch millis), for the race without AWS. */
  public Map<String, Long> roleFirstSeen = new TreeMap<>();

  Account account(String accountId) {
    return accounts.computeIfAbsent(accountId, k -> new Account());
  }

  /** The objects of the workspace a workspace-level request runs in (the front resolved it). */
  WorkspaceData workspaceData(HttpReq q) {
    return account(q.workspace.accountId()).workspaceData(q.workspace.workspaceId());
  }

  /** One Databricks account: account-level objects plus per-workspace and per-metastore data. */
  static final class Account {
    /**
     * Automatic Unity Catalog enablement: the account's first workspace in a region gets a
     * metastore created and assigned, and later ones are assigned the region's metastore. Null
     * follows the emulator's default (the sandbox turns it on).
     */
    public Boolean autoUnityCatalog;

    public Map<String, ObjectNode> credentials = new LinkedHashMap<>();
    public Map<String, ObjectNode> storageConfigurations = new LinkedHashMap<>();
    public Map<String, ObjectNode> networks = new LinkedHashMap<>();

    /** Registered VPC endpoints, private access settings and customer-managed keys, by id. */
    public Map<String, ObjectNode> vpcEndpoints = new LinkedHashMap<>();

    public Map<String, ObjectNode> privateAccessSettings = new LinkedHashMap<>();
    public Map<String, ObjectNode> keys = new LinkedHashMap<>();
    public Map<Long, ObjectNode> workspaces = new LinkedHashMap<>();
    public Map<String, ObjectNode> metastores = new LinkedHashMap<>();

    /** Workspace id -> {metastore_id, workspace_id, default_catalog_name}. */
    public Map<Long, ObjectNode> metastoreAssignments = new LinkedHashMap<>();

    public Map<String, ObjectNode> logDeliveries = new LinkedHashMap<>();
    public Map<String, ObjectNode> users = new LinkedHashMap<>();
    public Map<String, ObjectNode> groups = new LinkedHashMap<>();
    public Map<String, ObjectNode> servicePrincipals = new LinkedHashMap<>();

    /** Workspace id -> principal id -> permissions array node. */
    public Map<Long, Map<Long, ObjectNode>> permissionAssignments = new LinkedHashMap<>();

    public Map<Long, WorkspaceData> workspaceData = new LinkedHashMap<>();

    /** Unity Catalog objects live in the metastore, shared by its workspaces. */
    public Map<String, Metastore> unityCatalog = new LinkedHashMap<>();

    WorkspaceData workspaceData(long workspaceId) {
      return workspaceData.computeIfAbsent(workspaceId, k -> new WorkspaceData());
    }

    Metastore uc(String metastoreId) {
      return unityCatalog.computeIfAbsent(metastoreId, k -> new Metastore());
    }
  }

  /** Objects that live inside one workspace. */
  static final class WorkspaceData {
    public Map<String, ObjectNode> clusterPolicies = new LinkedHashMap<>();
    public Map<String, String> conf = new TreeMap<>();
    public Map<Long, ObjectNode> repos = new LinkedHashMap<>();

    /** IP access lists by list id. */
    public Map<String, ObjectNode> ipAccessLists = new LinkedHashMap<>();

    /** All-purpose clusters by cluster id. */
    public Map<String, ObjectNode> clusters = new LinkedHashMap<>();

    /** Access control lists by "object type/object id" (clusters/..., cluster-policies/...). */
    public Map<String, ObjectNode> permissions = new LinkedHashMap<>();

    /** Settings API values by setting type (shield_csp_enablement_ws_db, ...). */
    public Map<String, ObjectNode> settings = new LinkedHashMap<>();

    /** Workspace tree, by absolute path; directories included. */
    public Map<String, ObjectNode> objects = new TreeMap<>();
  }

  /** Unity Catalog securables of one metastore; names are kept lower-case like the service. */
  static final class Metastore {
    public Map<String, ObjectNode> storageCredentials = new LinkedHashMap<>();
    public Map<String, ObjectNode> externalLocations = new LinkedHashMap<>();
    public Map<String, ObjectNode> catalogs = new LinkedHashMap<>();

    /** Full name (catalog.schema) -> schema. */
    public Map<String, ObjectNode> schemas = new LinkedHashMap<>();

    /** "securable_type/name" -> workspace id -> binding type. */
    public Map<String, Map<Long, String>> bindings = new LinkedHashMap<>();

    /** "SECURABLE_TYPE/full_name" -> principal -> privileges. */
    public Map<String, Map<String, java.util.TreeSet<String>>> grants = new LinkedHashMap<>();
  }
}
