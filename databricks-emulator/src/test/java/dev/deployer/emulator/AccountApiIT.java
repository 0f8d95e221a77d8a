package dev.deployer.emulator;

import com.databricks.sdk.AccountClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The account API ITs' emulator: started once for each class and closed after it, with its SDK
 * account client. The fields are static for the classes' static helpers; the classes run one after
 * another (failsafe's default), each with its own emulator.
 */
abstract class AccountApiIT {
  static TestEmulator emu;
  static AccountClient a;

  @BeforeAll
  static void startEmulator() {
    emu = TestEmulator.start();
    a = emu.account();
  }

  @AfterAll
  static void stopEmulator() {
    emu.close();
  }
}
