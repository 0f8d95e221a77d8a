#!/usr/bin/env python3
"""Adds the reference's databricks_* instances to a state Terraform wrote for the AWS half.

The Databricks provider cannot be installed offline, so these instances are written by hand in the
provider's schema (attribute names from databricks/terraform-provider-databricks: mws/*.go,
catalog/*.go, policies/, workspace/, repos/), with the ids of the AWS objects Terraform created.
Usage: databricks_instances.py dev|logging|unity_catalog AWS_STATE OUT
"""
import json
import sys

ACCOUNT = "0d7e4a3c-1b2f-4c5d-8e9f-a1b2c3d4e5f6"
WS = 3141592653589793
METASTORE = "8c1f3f7e-5a4b-4d0e-9b2c-7e6d5c4b3a21"
MWS = 'provider["registry.terraform.io/databricks/databricks"].mws'
WSP = 'provider["registry.terraform.io/databricks/databricks"].workspace'
PLAIN = 'provider["registry.terraform.io/databricks/databricks"]'


def res(module, type_, name, provider, attrs, deps=(), index=None):
    inst = {"schema_version": 0, "attributes": attrs, "sensitive_attributes": [], "dependencies": list(deps)}
    if index is not None:
        inst["index_key"] = index
    r = {"mode": "managed", "type": type_, "name": name, "provider": provider, "instances": [inst]}
    if module:
        r["module"] = module
    return r


def data(module, type_, name, provider, attrs):
    r = res(module, type_, name, provider, attrs)
    r["mode"] = "data"
    del r["instances"][0]["dependencies"]
    return r


def find(state, module, type_, name, index=None):
    for r in state["resources"]:
        if r.get("module", "") == module and r["type"] == type_ and r["name"] == name:
            for i in r["instances"]:
                if i.get("index_key") == index:
                    return i["attributes"]
    raise SystemExit("not in state: %s %s.%s[%s]" % (module, type_, name, index))


def dev(state):
    net = "module.cloud_provider.module.cloud_provider_network"
    vpc = find(state, net + ".module.vpc", "aws_vpc", "this", 0)["id"]
    subnets = [find(state, net + ".module.vpc", "aws_subnet", "private", i)["id"] for i in (0, 1)]
    sg = find(state, net, "aws_security_group", "sg")["id"]
    role = find(state, "module.cloud_provider.module.cloud_provider_credential", "aws_iam_role", "cross_account_role")
    uc_role = find(state, "module.databricks_workspace.module.uc_catalog", "aws_iam_role", "unity_catalog_role")
    acc = "module.databricks_account.module.workspace"
    cred_id = "5e0b6c1a-3f4d-4e2b-9a8c-1d2e3f4a5b6c"
    stor_id = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"
    net_id = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"
    catalog = "acme-dev-catalog-%d" % WS
    out = [
        res(acc, "null_resource", "previous", 'provider["registry.terraform.io/hashicorp/null"]',
            {"id": "4213658301941217381", "triggers": None}),
        res(acc, "time_sleep", "wait_30_seconds", 'provider["registry.terraform.io/hashicorp/time"]',
            {"create_duration": "30s", "destroy_duration": None, "id": "2026-11-30T09:12:44Z", "triggers": None},
            ["module.databricks_account.module.workspace.null_resource.previous"]),
        res(acc, "databricks_mws_credentials", "this", MWS, {
            "account_id": ACCOUNT, "creation_time": 1764493964000, "credentials_id": cred_id,
            "credentials_name": "acme-dev-credentials", "external_id": ACCOUNT,
            "id": ACCOUNT + "/" + cred_id, "role_arn": role["arn"]}),
        res(acc, "databricks_mws_storage_configurations", "this", MWS, {
            "account_id": ACCOUNT, "bucket_name": "acme-dev-workspace-root", "creation_time": 1764493965000,
            "id": ACCOUNT + "/" + stor_id, "storage_configuration_id": stor_id,
            "storage_configuration_name": "acme-dev-storage"}),
        res(acc, "databricks_mws_networks", "this", MWS, {
            "account_id": ACCOUNT, "creation_time": 1764493966000, "error_messages": [],
            "gcp_network_info": [], "id": ACCOUNT + "/" + net_id, "network_id": net_id,
            "network_name": "acme-dev-network", "security_group_ids": [sg], "subnet_ids": subnets,
            "vpc_endpoints": [], "vpc_id": vpc, "vpc_status": "VALID", "workspace_id": 0}),
        res(acc, "databricks_mws_workspaces", "this", MWS, {
            "account_id": ACCOUNT, "aws_region": "us-east-1", "cloud": "aws", "cloud_resource_container": [],
            "creation_time": 1764494000000, "credentials_id": cred_id, "custom_tags": None,
            "customer_managed_key_id": None, "deployment_name": "dbc-4f2a9c1e-77b3",
            "external_customer_info": [], "gcp_managed_network_config": [], "gke_config": [],
            "id": ACCOUNT + "/" + str(WS), "is_no_public_ip_enabled": True, "location": None,
            "managed_services_customer_managed_key_id": None, "network_id": net_id,
            "pricing_tier": "ENTERPRISE", "private_access_settings_id": None,
            "storage_configuration_id": stor_id, "storage_customer_managed_key_id": None,
            "timeouts": None, "token": [], "workspace_id": WS, "workspace_name": "acme-dev",
            "workspace_status": "RUNNING", "workspace_status_message": "Workspace is running.",
            "workspace_url": "https://dbc-4f2a9c1e-77b3.cloud.databricks.com"}),
        res("module.databricks_account.module.metastore_assignment", "databricks_metastore_assignment", "this", MWS, {
            "default_catalog_name": None, "id": "%d|%s" % (WS, METASTORE), "metastore_id": METASTORE,
            "workspace_id": WS}),
        data("module.databricks_account.module.identity_assignment", "databricks_user", "user", MWS, {
            "acl_principal_id": "users/admin@example.com", "active": True, "alphanumeric": "admin",
            "application_id": None, "display_name": "Platform Admin", "external_id": None,
            "home": "/Users/admin@example.com", "id": "4452917365514431", "repos": "/Repos/admin@example.com",
            "user_id": "4452917365514431", "user_name": "admin@example.com"}),
        res("module.databricks_account.module.identity_assignment", "databricks_mws_permission_assignment", "user", MWS, {
            "id": "%d|%d" % (WS, 4452917365514431), "permissions": ["ADMIN"], "principal_id": 4452917365514431,
            "workspace_id": WS}),
    ]
    uc = "module.databricks_workspace.module.uc_catalog"
    out += [
        res(uc, "null_resource", "previous", 'provider["registry.terraform.io/hashicorp/null"]',
            {"id": "7311297150233946612", "triggers": None}),
        res(uc, "databricks_storage_credential", "workspace_catalog_storage_credential", WSP, {
            "aws_iam_role": [{"external_id": ACCOUNT, "role_arn": uc_role["arn"],
                              "unity_catalog_iam_arn": "arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL"}],
            "azure_managed_identity": [], "azure_service_principal": [], "cloudflare_api_token": [],
            "comment": None, "databricks_gcp_service_account": [], "force_destroy": False, "force_update": False,
            "id": uc_role["name"], "isolation_mode": "ISOLATION_MODE_OPEN", "metastore_id": METASTORE,
            "name": uc_role["name"], "owner": "admin@example.com", "read_only": False, "skip_validation": False,
            "storage_credential_id": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"}),
        res(uc, "databricks_external_location", "workspace_catalog_external_location", WSP, {
            "access_point": None, "comment": "Managed by TF", "credential_name": uc_role["name"],
            "encryption_details": [], "fallback": False, "force_destroy": False, "force_update": False,
            "id": catalog, "isolation_mode": "ISOLATION_MODE_OPEN", "metastore_id": METASTORE, "name": catalog,
            "owner": "admin@example.com", "read_only": False, "skip_validation": True,
            "url": "s3://%s/catalog/" % catalog}),
        res(uc, "databricks_catalog", "workspace_catalog", WSP, {
            "comment": "This catalog is for workspace - %d" % WS, "connection_name": None,
            "enable_predictive_optimization": "INHERIT", "force_destroy": False, "id": catalog,
            "isolation_mode": "ISOLATED", "metastore_id": METASTORE, "name": catalog, "options": None,
            "owner": "admin@example.com", "properties": {"purpose": "Catalog for workspace - %d" % WS},
            "provider_name": None, "share_name": None, "storage_root": "s3://%s/catalog/" % catalog}),
        res(uc, "databricks_grant", "workspace_catalog", WSP, {
            "catalog": catalog, "credential": None, "external_location": None, "foreign_connection": None,
            "function": None, "id": "catalog/%s/admin@example.com" % catalog, "metastore": None, "model": None,
            "pipeline": None, "principal": "admin@example.com", "privileges": ["ALL_PRIVILEGES"],
            "recipient": None, "schema": None, "share": None, "storage_credential": None, "table": None,
            "volume": None}),
        res("module.databricks_workspace.module.dev_compute_policy", "databricks_cluster_policy", "fair_use", WSP, {
            "definition": json.dumps({
                "autotermination_minutes": {"hidden": True, "type": "fixed", "value": 20},
                "custom_tags.Team": {"type": "fixed", "value": "data-platform"},
                "dbus_per_hour": {"maxValue": 10, "type": "range"},
                "spark_conf.spark.databricks.io.cache.enabled": {"type": "fixed", "value": "true"}},
                separators=(",", ":"), sort_keys=True),
            "description": None, "id": "D06B2C9A1E000001", "libraries": [], "max_clusters_per_user": 0,
            "name": "data-platform cluster policy", "policy_family_definition_overrides": None,
            "policy_family_id": None, "policy_id": "D06B2C9A1E000001"}),
        res("module.databricks_workspace.module.workspace_config", "databricks_workspace_conf", "just_config_map", WSP, {
            "custom_config": {
                "enable-X-Content-Type-Options": "true", "enable-X-Frame-Options": "true",
                "enable-X-XSS-Protection": "true", "enableDbfsFileBrowser": "false",
                "enableNotebookGitVersioning": "true", "enableNotebookTableClipboard": "false",
                "enableResultsDownloading": "false", "enableVerboseAuditLogs": "true",
                "enableWebTerminal": "false", "enforceUserIsolation": "true"},
            "id": "_"}),
    ]
    return out


def logging(state):
    role = find(state, "", "aws_iam_role", "log_delivery")
    cred_id = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
    stor_id = "6f5e4d3c-2b1a-4f0e-9d8c-7b6a5f4e3d2c"
    out = [
        res("", "databricks_mws_credentials", "log_writer", PLAIN, {
            "account_id": ACCOUNT, "creation_time": 1764490000000, "credentials_id": cred_id,
            "credentials_name": "acme-shared-log-delivery-credential", "external_id": ACCOUNT,
            "id": ACCOUNT + "/" + cred_id, "role_arn": role["arn"]}),
        res("", "databricks_mws_storage_configurations", "log_bucket", PLAIN, {
            "account_id": ACCOUNT, "bucket_name": "acme-shared-log-delivery", "creation_time": 1764490001000,
            "id": ACCOUNT + "/" + stor_id, "storage_configuration_id": stor_id,
            "storage_configuration_name": "acme-shared-log-delivery-bucket"}),
    ]
    for name, cfg, typ, fmt, prefix, cid in (
            ("billable_usage_logs", "Billable Usage Logs", "BILLABLE_USAGE", "CSV", "billable-usage-logs",
             "0f1e2d3c-4b5a-4968-8776-000000000001"),
            ("audit_logs", "Audit Logs", "AUDIT_LOGS", "JSON", "audit-logs", "0f1e2d3c-4b5a-4968-8776-000000000002")):
        out.append(res("", "databricks_mws_log_delivery", name, PLAIN, {
            "account_id": ACCOUNT, "config_id": cid, "config_name": cfg, "credentials_id": cred_id,
            "delivery_path_prefix": prefix, "delivery_start_time": "2026-11", "id": ACCOUNT + "|" + cid,
            "log_type": typ, "output_format": fmt, "status": "ENABLED", "storage_configuration_id": stor_id,
            "workspace_ids_filter": None}))
    return out


def unity_catalog(_state):
    return [res("", "databricks_metastore", "this", PLAIN, {
        "cloud": "aws", "created_at": 1764490100000, "created_by": "deployer-ci@example.com",
        "default_data_access_config_id": None, "delta_sharing_organization_name": None,
        "delta_sharing_recipient_token_lifetime_in_seconds": None, "delta_sharing_scope": None,
        "force_destroy": True, "global_metastore_id": "aws:us-east-1:" + METASTORE, "id": METASTORE,
        "metastore_id": METASTORE, "name": "unity-catalog-acme-shared", "owner": "deployer-ci@example.com",
        "region": "us-east-1", "storage_root": None, "storage_root_credential_id": None,
        "updated_at": 1764490100000, "updated_by": "deployer-ci@example.com"})]


def main():
    kind, src, dst = sys.argv[1:4]
    if src == "-":
        state = {"version": 4, "terraform_version": "1.11.4", "serial": 1,
                 "lineage": "3b9f0c2e-6a1d-4e5f-8b7c-9d0e1f2a3b4c", "outputs": {}, "resources": [],
                 "check_results": None}
    else:
        state = json.load(open(src))
    state["resources"] += {"dev": dev, "logging": logging, "unity_catalog": unity_catalog}[kind](state)
    state["serial"] += 1
    with open(dst, "w") as f:
        json.dump(state, f, indent=2)
        f.write("\n")


main()
