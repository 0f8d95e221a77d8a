package dev.deployer.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.deployer.core.state.StackState;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Jackson's binding errors are worded as the JSON path and what is wrong with the value: no
 * reference chain, no source description, no Java class name.
 */
class JsonErrorsTest {
  private static final String STATE =
      """
      {"version": 1, "serial": 3, "lineage": "l", "stack": "dev", "outputs": {},
       "resources": [
         {"address": "a", "type": "t", "id": "i", "inputs": {}, "outputs": {},
          "dependencies": [], "status": "ready"},
         {"address": "b", "type": "t", "id": "j", "inputs": {}, "outputs": {},
          "dependencies": [], "status": "ready"}]}
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      unknown status   | "status": "ready"}]} | "status": "done"}]}      | $.resources[1].status | done
      serial not a number | "serial": 3         | "serial": "three"        | $.serial              | 'three' is not a number
      resources an object | "resources": [      | "resources": {"x": [     | $.resources           | expected an array, found an object
      dependencies a string | "dependencies": [], "status": "ready"}]} | "dependencies": "a", "status": "ready"}]} | $.resources[1].dependencies | expected an array
      malformed        | "serial": 3,         | "serial": 3              | ''                    | malformed JSON at line 1
      """)
  void aStateFileThatDoesNotBind_isDescribedByFieldPathAndValue(
      String label, String from, String to, String field, String says) {
    String text = label.equals("resources an object") ? STATE.replace("}]}", "}]}}") : STATE;
    Throwable e =
        catchThrowable(() -> Json.mapper().readValue(text.replace(from, to), StackState.class));

    assertThat(e).as(label).isNotNull();
    assertThat(JsonErrors.field(e)).isEqualTo(field);
    assertThat(JsonErrors.describe(e)).as(label).contains(says);
    for (String leak :
        List.of("reference chain", "[Source", "`", "dev.deployer", "java.", "JsonToken")) {
      assertThat(JsonErrors.describe(e)).as(label + " must not show " + leak).doesNotContain(leak);
    }
  }

  @org.junit.jupiter.api.Test
  void classNamesInAnyOtherJacksonMessage_becomeWhatKindOfValueTheyTake() {
    assertThat(
            JsonErrors.plain(
                "Cannot deserialize value of type `java.util.ArrayList<java.lang.String>` from"
                    + " Object value (token `JsonToken.START_OBJECT`) (through reference chain:"
                    + " dev.deployer.core.state.StackState[\"resources\"])"))
        .isEqualTo(
            "Cannot deserialize value of type a value from Object value (token start object)");
    assertThat(
            JsonErrors.plain("Cannot construct instance of `dev.deployer.core.state.StackState`"))
        .isEqualTo("Cannot construct instance of an object");
  }
}
