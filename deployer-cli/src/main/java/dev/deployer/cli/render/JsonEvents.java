package dev.deployer.cli.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.core.EngineListener;
import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.json.Json;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.plan.ResourceChange;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --json} event stream of apply and destroy: one JSON object per line, each with {@code
 * version}, {@code type}, {@code time} and {@code stack}. The format is docs/json-events.md; a
 * change that breaks a reader raises {@link #VERSION}.
 */
public final class JsonEvents implements EngineListener {
  public static final int VERSION = 1;

  /** One object per line: the shared mapper indents. */
  private static final com.fasterxml.jackson.databind.ObjectWriter COMPACT =
      Json.mapper()
          .writer()
          .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

  private final PrintWriter out;
  private final Clock clock;
  private final String stack;

  public JsonEvents(PrintWriter out, Clock clock, String stack) {
    this.out = out;
    this.clock = clock;
    this.stack = stack;
  }

  /** The same stream for another stack (the sandbox applies common first in the same run). */
  public JsonEvents forStack(String other) {
    return new JsonEvents(out, clock, other);
  }

  private ObjectNode event(String type) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("version", VERSION);
    n.put("type", type);
    n.put("time", clock.instant().toString());
    n.put("stack", stack);
    return n;
  }

  private void emit(ObjectNode n) {
    String line;
    try {
      line = COMPACT.writeValueAsString(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    // One lock for every writer of the stream, so lines of parallel operations never interleave.
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  public void runStarted(String operation, boolean sandbox) {
    ObjectNode n = event("run_started");
    n.put("operation", operation);
    n.put("sandbox", sandbox);
    emit(n);
  }

  public void plan(Plan plan) {
    ObjectNode n = event("plan");
    n.put("destroy", plan.destroy());
    n.put("add", plan.toAdd());
    n.put("change", plan.toChange());
    n.put("remove", plan.toDestroy());
    ArrayNode changes = n.putArray("changes");
    for (ResourceChange c : plan.changes()) {
      if (c.action() == Action.NO_OP) {
        continue;
      }
      ObjectNode ch = changes.addObject();
      ch.put("address", c.address());
      ch.put("resource_type", c.type());
      ch.put("action", c.action().name().toLowerCase(Locale.ROOT));
      if (c.reason() != null) {
        ch.put("reason", c.reason());
      }
    }
    emit(n);
  }

  /** The run's end: counts, duration, outputs, and {@code outcome} ok, failed or no_changes. */
  public void runSummary(String operation, Plan plan, ApplyResult r) {
    ObjectNode n = event("run_summary");
    n.put("operation", operation);
    n.put("outcome", !r.succeeded() ? "failed" : plan.hasChanges() ? "ok" : "no_changes");
    n.put("added", r.added());
    n.put("changed", r.changed());
    n.put("destroyed", r.destroyed());
    n.put("failed", r.failures().size());
    n.put("skipped", r.skipped().size());
    n.put("duration_ms", r.elapsed().toMillis());
    n.put("resources_in_state", r.state().resources().size());
    ArrayNode errors = n.putArray("errors");
    for (ApplyResult.Failure f : r.failures()) {
      ObjectNode e = errors.addObject();
      e.put("address", f.address());
      e.put("message", f.describe());
    }
    ObjectNode outputs = n.putObject("outputs");
    for (Map.Entry<String, Object> e : r.state().outputs().entrySet()) {
      outputs.set(e.getKey(), Json.tree(e.getValue()));
    }
    emit(n);
  }

  /** A run that stopped before or outside the engine (refused, cancelled, an error). */
  public void runError(String operation, String message) {
    ObjectNode n = event("run_summary");
    n.put("operation", operation);
    n.put("outcome", "error");
    n.put("message", message);
    emit(n);
  }

  private static String operation(String verb) {
    return switch (verb) {
      case "Creating" -> "create";
      case "Modifying" -> "update";
      case "Destroying" -> "delete";
      default -> verb.toLowerCase(Locale.ROOT);
    };
  }

  private ObjectNode resource(String type, ResourceChange c, String verb) {
    ObjectNode n = event(type);
    n.put("address", c.address());
    n.put("resource_type", c.type());
    n.put("operation", operation(verb));
    n.put("action", c.action().name().toLowerCase(Locale.ROOT));
    return n;
  }

  @Override
  public void started(ResourceChange change, String verb) {
    running.put(change.address(), verb);
    emit(resource("resource_started", change, verb));
  }

  @Override
  public void finished(ResourceChange change, String noun, String id, Duration elapsed) {
    ObjectNode n = resource("resource_finished", change, startedVerb(change, noun));
    n.put("outcome", "ok");
    n.put("duration_ms", elapsed.toMillis());
    if (id != null) {
      n.put("id", id);
    }
    if (!NOUNS.containsKey(noun)) {
      // The engine found the planned replacement unneeded and checked the object in place.
      n.put("kept_in_place", true);
    }
    emit(n);
  }

  private static final Map<String, String> NOUNS =
      Map.of("Creation", "Creating", "Modifications", "Modifying", "Destruction", "Destroying");

  /**
   * The verb the operation started with: a resource's steps (the two halves of a replacement) run
   * one after the other, so the address names the running one.
   */
  private String startedVerb(ResourceChange change, String noun) {
    String verb = running.remove(change.address());
    return verb != null ? verb : NOUNS.getOrDefault(noun, "Modifying");
  }

  private final Map<String, String> running = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public void failed(ResourceChange change, String verb, Throwable error, Duration elapsed) {
    running.remove(change.address());
    ObjectNode n = resource("resource_finished", change, verb);
    n.put("outcome", "error");
    n.put("duration_ms", elapsed.toMillis());
    n.put("error", error.getMessage() == null ? error.toString() : error.getMessage());
    emit(n);
  }

  @Override
  public void skipped(ResourceChange change, String because) {
    ObjectNode n = event("resource_skipped");
    n.put("address", change.address());
    n.put("resource_type", change.type());
    n.put("reason", because);
    emit(n);
  }

  @Override
  public void stillRunning(ResourceChange change, String verb, Duration elapsed) {
    ObjectNode n = resource("still_running", change, verb);
    n.put("elapsed_ms", elapsed.toMillis());
    emit(n);
  }

  @Override
  public void progress(String address, String message) {
    ObjectNode n = event("progress");
    n.put("address", address);
    n.put("message", message);
    emit(n);
  }

  @Override
  public void warning(String message) {
    ObjectNode n = event("warning");
    n.put("message", message);
    emit(n);
  }
}
