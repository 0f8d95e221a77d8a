package dev.deployer.cli;

import dev.deployer.cli.doctor.Doctor;
import dev.deployer.cli.render.DoctorRenderer;
import picocli.CommandLine.Command;

@Command(
    name = "doctor",
    description = {
      "Check, with read calls only, what a first apply needs: AWS credentials, region,"
          + " permissions (IAM policy simulation), quotas; the Databricks account host, account"
          + " admin, tier, region, metastore and principals; that the names to create are free.",
      "plan and apply run it before a stack's first apply (--skip-doctor to skip)."
    })
final class DoctorCommand extends StackCommand {
  @Override
  Integer execute() {
    Cli c = cli();
    Doctor.Report r = c.doctor(env());
    c.out.print(new DoctorRenderer(c.style).render(r, options.sandbox));
    c.out.flush();
    return r.failed() ? ExitCodes.ERROR : ExitCodes.OK;
  }
}
