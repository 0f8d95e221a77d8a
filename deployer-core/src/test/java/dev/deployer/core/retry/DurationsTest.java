package dev.deployer.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "500ms, PT0.5S",
    "10s, PT10S",
    "1.5s, PT1.5S",
    "2m, PT2M",
    "1h, PT1H",
    " 3S , PT3S",
    "PT5S, PT5S",
    "PT2M, PT2M",
    "PT1H30M, PT1H30M",
    "P1D, PT24H"
  })
  void parse_acceptsShortFormsAndIso8601(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ten seconds", "5x", "ms"})
  void parse_whenNotADuration_saysWhatIsAccepted(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use e.g. 500ms, 10s, 2m");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"PT0.85S, 850ms", "PT1.5S, 1.5s", "PT12S, 12s", "PT2M5S, 2m5s", "PT0S, 0ms"})
  void human_isShortAndReadable(String iso, String expected) {
    assertThat(Durations.human(Duration.parse(iso))).isEqualTo(expected);
  }
}
