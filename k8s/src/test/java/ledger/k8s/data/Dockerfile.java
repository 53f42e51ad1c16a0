package ledger.k8s.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Dockerfile read the way the builder reads it: comments dropped, continuation lines joined,
 * global ARG defaults substituted into FROM, one {@link Stage} per FROM. Enough to check its
 * structure here, where no Docker daemon runs.
 */
record Dockerfile(Map<String, String> args, List<Stage> stages) {

  /** One build stage: its base image, its name, and its instructions in order. */
  record Stage(String image, String name, List<Instruction> instructions) {
    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    Instruction last(String keyword) {
      List<Instruction> found = all(keyword);
      if (found.isEmpty()) {
        throw new AssertionError("stage " + name + " has no " + keyword);
      }
      return found.get(found.size() - 1);
    }
  }

  /** An instruction: its keyword upper-cased and the rest of its (joined) line. */
  record Instruction(String keyword, String arguments) {
  }

  static Dockerfile read(Path file) {
    Map<String, String> args = new HashMap<>();
    List<Stage> stages = new ArrayList<>();
    for (String line : logicalLines(file)) {
      String[] parts = line.split("\\s+", 2);
      Instruction instruction = new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1].trim() : "");
      if (instruction.keyword().equals("FROM")) {
        String[] from = instruction.arguments().split("\\s+");
        String image = substitute(from[0], args);
        stages.add(new Stage(image, from.length == 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null, new ArrayList<>()));
      } else if (stages.isEmpty() && instruction.keyword().equals("ARG")) {
        String[] arg = instruction.arguments().split("=", 2);
        args.put(arg[0], arg.length > 1 ? arg[1] : "");
      } else if (!stages.isEmpty()) {
        stages.get(stages.size() - 1).instructions().add(instruction);
      }
    }
    return new Dockerfile(args, stages);
  }

  Stage stage(String name) {
    return stages.stream().filter(s -> name.equals(s.name())).findFirst()
        .orElseThrow(() -> new AssertionError("no stage " + name));
  }

  Stage last() {
    return stages.get(stages.size() - 1);
  }

  private static String substitute(String text, Map<String, String> args) {
    String result = text;
    for (Map.Entry<String, String> arg : args.entrySet()) {
      result = result.replace("${" + arg.getKey() + "}", arg.getValue()).replace("$" + arg.getKey(), arg.getValue());
    }
    return result;
  }

  private static List<String> logicalLines(Path file) {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    try {
      for (String raw : Files.readAllLines(file)) {
        String line = raw.strip();
        if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
          continue;
        }
        if (line.endsWith("\\")) {
          current.append(line, 0, line.length() - 1).append(' ');
          continue;
        }
        current.append(line);
        if (current.length() > 0) {
          lines.add(current.toString().strip());
        }
        current.setLength(0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }
}
