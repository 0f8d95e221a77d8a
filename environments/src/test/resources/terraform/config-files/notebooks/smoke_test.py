# Databricks notebook source
print('smoke test')
