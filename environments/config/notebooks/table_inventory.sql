-- Databricks notebook source
-- Lists every table of the environment's catalog with its owner, for the weekly access review.

-- COMMAND ----------

SELECT table_catalog, table_schema, table_name, table_owner
FROM system.information_schema.tables
ORDER BY table_schema, table_name
