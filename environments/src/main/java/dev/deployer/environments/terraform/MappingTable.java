package dev.deployer.environments.terraform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The dry-run's text: the mapping table, then what is left alone and what will be created. */
public final class MappingTable {
  private MappingTable() {}

  public static String render(Mapping m, Path base) {
    StringBuilder sb = new StringBuilder();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"TERRAFORM ADDRESS", "DEPLOYER ADDRESS", "ID", "MATCHED BY"});
    String lastFile = null;
    for (Mapping.Mapped r : m.mapped()) {
      if (!r.file().equals(lastFile)) {
        rows.add(new String[] {"# " + relative(base, r.file()), "", "", ""});
        lastFile = r.file();
      }
      rows.add(
          new String[] {
            r.terraformAddress(),
            r.adopted() ? r.deployerAddress() : "(in " + r.deployerAddress() + ")",
            r.id(),
            r.how()
          });
    }
    sb.append("Terraform -> deployer, stack ")
        .append(m.stack())
        .append(": ")
        .append(m.adopted().size())
        .append(" to adopt, ")
        .append(m.mapped().size() - m.adopted().size())
        .append(" settings folded into them\n\n");
    table(sb, rows);
    section(
        sb,
        "Left alone",
        "Terraform instances with no deployer counterpart",
        m.unmapped().stream().map(u -> u.terraformAddress() + ": " + u.reason()).toList());
    section(
        sb,
        "To be created",
        "deployer resources with no Terraform counterpart",
        m.toCreate().stream().map(c -> c.deployerAddress() + ": " + c.reason()).toList());
    return sb.toString();
  }

  /** A titled list, one indented line per entry, "(none)" when empty. */
  private static void section(StringBuilder sb, String title, String what, List<String> lines) {
    sb.append('\n').append(title).append(" (").append(lines.size()).append(' ').append(what);
    sb.append("):\n");
    if (lines.isEmpty()) {
      sb.append("  (none)\n");
    }
    for (String line : lines) {
      sb.append("  ").append(line).append('\n');
    }
  }

  private static String relative(Path base, String file) {
    Path f = Path.of(file);
    if (base != null) {
      Path b = base.toAbsolutePath().normalize();
      Path a = f.toAbsolutePath().normalize();
      if (a.startsWith(b) && !a.equals(b)) {
        return b.relativize(a).toString();
      }
    }
    return f.getFileName().toString();
  }

  private static void table(StringBuilder sb, List<String[]> rows) {
    int[] width = new int[4];
    for (String[] r : rows) {
      if (r[0].startsWith("# ")) {
        continue;
      }
      for (int c = 0; c < 3; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    for (String[] r : rows) {
      if (r[0].startsWith("# ")) {
        sb.append(r[0]).append('\n');
        continue;
      }
      for (int c = 0; c < 3; c++) {
        sb.append(r[c]).append(" ".repeat(width[c] - r[c].length() + 2));
      }
      sb.append(r[3]).append('\n');
    }
  }
}
