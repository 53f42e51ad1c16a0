package ledger.load.template;

import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/** What one rendering sees: the call's data, its random source and the variables declared so far. */
final class Scope {

  private final CallData data;
  private final RandomGenerator random;
  private final Map<String, Object> variables = new HashMap<>();

  Scope(CallData data, RandomGenerator random) {
    this.data = data;
    this.random = random;
  }

  CallData data() {
    return data;
  }

  RandomGenerator random() {
    return random;
  }

  void declare(String name, Object value) {
    variables.put(name, value);
  }

  Object variable(String name) {
    Object value = variables.get(name);
    if (value == null) {
      throw new TemplateException("undefined variable $" + name);
    }
    return value;
  }
}
