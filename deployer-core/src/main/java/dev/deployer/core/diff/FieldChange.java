package dev.deployer.core.diff;

import com.fasterxml.jackson.databind.JsonNode;

/** One changed field: its JSON path, old and new value, and whether it forces replacement. */
public record FieldChange(
    String path, JsonNode before, JsonNode after, boolean forcesReplacement) {}
