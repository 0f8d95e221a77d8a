package dev.deployer.cli.render;

import dev.deployer.cli.doctor.Check;
import dev.deployer.cli.doctor.Doctor;
import java.util.List;

/** Doctor's findings grouped by area, one line each, with what to do under a warning or failure. */
public final class DoctorRenderer {
  private final Style style;

  public DoctorRenderer(Style style) {
    this.style = style;
  }

  /** One line for checks that passed, plus each warning: what a first apply prints. */
  public String summary(Doctor.Report r) {
    StringBuilder sb = new StringBuilder();
    sb.append(
            style.faint(
                "Doctor (first apply of "
                    + r.stack()
                    + "): "
                    + r.count(Check.Status.PASS)
                    + " checks passed, "
                    + r.count(Check.Status.WARN)
                    + " warning(s); 'deployer doctor --env "
                    + r.stack()
                    + "' shows them all."))
        .append("\n");
    for (Check c : r.checks()) {
      if (c.status() == Check.Status.WARN) {
        sb.append(style.yellow("Warning: "))
            .append(c.area())
            .append(" ")
            .append(c.name())
            .append(": ")
            .append(c.detail())
            .append(c.fix() == null ? "" : " (" + c.fix() + ")")
            .append("\n");
      }
    }
    return sb.toString();
  }

  public String render(Doctor.Report r, boolean sandbox) {
    StringBuilder sb = new StringBuilder();
    List<String> others = r.stacks().stream().filter(s -> !s.equals(r.stack())).toList();
    sb.append(
            style.bold(
                "Doctor: stack "
                    + r.stack()
                    + (others.isEmpty()
                        ? ""
                        : " (with " + String.join(", ", others) + ", which is applied first)")
                    + (sandbox ? " in the sandbox" : "")))
        .append("\n");
    int width = r.checks().stream().mapToInt(c -> c.name().length()).max().orElse(10);
    String area = null;
    for (Check c : r.checks()) {
      if (!c.area().equals(area)) {
        area = c.area();
        sb.append("\n").append(style.bold(area)).append("\n");
      }
      String mark =
          switch (c.status()) {
            case PASS -> style.green("PASS");
            case WARN -> style.yellow("WARN");
            case FAIL -> style.red("FAIL");
          };
      sb.append("  ")
          .append(mark)
          .append("  ")
          .append(c.name())
          .append(" ".repeat(Math.max(1, width - c.name().length() + 2)))
          .append(c.detail())
          .append("\n");
      if (c.fix() != null && c.status() != Check.Status.PASS) {
        sb.append(" ".repeat(width + 10)).append(style.faint("-> " + c.fix())).append("\n");
      }
    }
    long pass = r.count(Check.Status.PASS);
    long warn = r.count(Check.Status.WARN);
    long fail = r.count(Check.Status.FAIL);
    String summary =
        pass + " passed, " + warn + " warning" + (warn == 1 ? "" : "s") + ", " + fail + " failed.";
    sb.append("\n").append(fail > 0 ? style.red(summary) : style.green(summary)).append("\n");
    return sb.toString();
  }
}
