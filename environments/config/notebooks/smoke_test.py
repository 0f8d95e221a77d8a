# Databricks notebook source
# A smoke test deployed by deployer into every environment: it proves the workspace can reach its
# isolated Unity Catalog catalog.

# COMMAND ----------

catalog = spark.conf.get("spark.databricks.sql.initial.catalog.name", "main")
display(spark.sql(f"SHOW SCHEMAS IN {catalog}"))
