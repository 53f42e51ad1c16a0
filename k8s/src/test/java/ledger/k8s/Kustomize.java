package ledger.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a Kustomize directory in Java, as {@code kustomize build} would, for the subset these
 * manifests use: resources (files and directories), components, configMapGenerator and
 * secretGenerator (files, literals; generated names keep no hash suffix), patches (strategic merge
 * or JSON 6902, by the patch's kind and name or by a target's kind, name and label selector),
 * namespace, labels, commonLabels, commonAnnotations, images and replicas. A field of a
 * kustomization it does not know stops the render, so nothing is silently ignored that kustomize
 * would apply.
 *
 * <p>A Component (kind Component, apiVersion kustomize.config.k8s.io/v1alpha1) is applied as
 * kustomize applies it: after the including kustomization's resources are gathered, its own
 * resources join them and its generators and patches act on all of them, before the including
 * kustomization's own generators and transformers. A Component listed as a resource, or a
 * Kustomization listed as a component, is refused as kustomize refuses it.
 */
final class Kustomize {

  static final String KUSTOMIZATION_API = "kustomize.config.k8s.io/v1beta1";
  static final String COMPONENT_API = "kustomize.config.k8s.io/v1alpha1";
  private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "resources", "components", "namespace", "images", "replicas",
      "patches", "labels", "commonLabels", "commonAnnotations", "configMapGenerator", "secretGenerator",
      "generatorOptions");
  /** Kinds without a namespace, among those a Ledger deployment may hold. */
  private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
      "CustomResourceDefinition", "ClusterIssuer", "PersistentVolume", "StorageClass", "PriorityClass",
      "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");
  private static final Set<String> GENERATOR_FIELDS = Set.of("name", "behavior", "literals", "files", "envs",
      "options", "type");
  private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");

  private Kustomize() {
  }

  /** The objects of {@code dir}'s kustomization.yaml, transformed. */
  static List<Map<String, Object>> build(Path dir) {
    List<Map<String, Object>> objects = new ArrayList<>();
    accumulate(dir, objects, false);
    return objects;
  }

  /**
   * Adds the objects of {@code dir}'s kustomization (or Component) to {@code objects} and runs its
   * generators and transformers over all of them: for a Kustomization {@code objects} starts empty,
   * for a Component it holds what the including kustomization has gathered so far.
   */
  @SuppressWarnings("unchecked")
  private static void accumulate(Path dir, List<Map<String, Object>> objects, boolean component) {
    Path file = dir.resolve("kustomization.yaml");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("no kustomization.yaml in " + dir);
    }
    Map<String, Object> k = Yaml.documents(file).get(0);
    for (String field : k.keySet()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalStateException(file + ": kustomization field '" + field + "' is not rendered by this test");
      }
    }
    String kind = (String) k.getOrDefault("kind", "Kustomization");
    if (component != kind.equals("Component")) {
      throw new IllegalStateException(file + ": kind " + kind + (component
          ? " listed under components (expected kind Component)" : " listed under resources (a Component goes under components)"));
    }
    Object api = k.get("apiVersion");
    if (component ? !COMPONENT_API.equals(api) : api != null && !KUSTOMIZATION_API.equals(api)) {
      throw new IllegalStateException(file + ": apiVersion " + api + " for kind " + kind);
    }
    for (Object entry : list(k.get("resources"))) {
      Path resource = dir.resolve((String) entry).normalize();
      if (Files.isDirectory(resource)) {
        objects.addAll(build(resource));
      } else if (Files.isRegularFile(resource)) {
        objects.addAll(Yaml.documents(resource));
      } else {
        throw new IllegalStateException(file + ": resource " + entry + " does not exist");
      }
    }
    for (Object entry : list(k.get("components"))) {
      Path included = dir.resolve((String) entry).normalize();
      if (!Files.isDirectory(included)) {
        throw new IllegalStateException(file + ": component " + entry + " is not a directory");
      }
      accumulate(included, objects, true);
    }
    Map<String, Object> generatorOptions = map(k.get("generatorOptions"));
    for (Object generator : list(k.get("configMapGenerator"))) {
      objects.add(generated(dir, "ConfigMap", (Map<String, Object>) generator, generatorOptions));
    }
    for (Object generator : list(k.get("secretGenerator"))) {
      objects.add(generated(dir, "Secret", (Map<String, Object>) generator, generatorOptions));
    }
    for (Object patch : list(k.get("patches"))) {
      patch(dir, objects, (Map<String, Object>) patch);
    }
    if (k.get("namespace") instanceof String namespace) {
      objects.stream().filter(o -> !CLUSTER_SCOPED.contains(o.get("kind")))
          .forEach(o -> metadata(o).put("namespace", namespace));
    }
    for (Object entry : list(k.get("labels"))) {
      Map<String, Object> labels = (Map<String, Object>) entry;
      boolean selectors = Boolean.TRUE.equals(labels.get("includeSelectors"));
      boolean templates = selectors || Boolean.TRUE.equals(labels.get("includeTemplates"));
      objects.forEach(o -> label(o, map(labels.get("pairs")), selectors, templates));
    }
    objects.forEach(o -> label(o, map(k.get("commonLabels")), true, true));
    if (!map(k.get("commonAnnotations")).isEmpty()) {
      objects.forEach(o -> child(metadata(o), "annotations").putAll(map(k.get("commonAnnotations"))));
    }
    for (Object image : list(k.get("images"))) {
      objects.forEach(o -> image(o, (Map<String, Object>) image));
    }
    for (Object replicas : list(k.get("replicas"))) {
      Map<String, Object> r = (Map<String, Object>) replicas;
      List<Map<String, Object>> targets = objects.stream()
          .filter(o -> WORKLOADS.contains(o.get("kind")) && r.get("name").equals(metadata(o).get("name"))).toList();
      if (targets.isEmpty()) {
        throw new IllegalStateException(file + ": replicas of " + r.get("name") + ", which is not rendered");
      }
      targets.forEach(o -> child(o, "spec").put("replicas", r.get("count")));
    }
  }

  /**
   * One entry of patches: a strategic merge patch (a mapping), or a JSON 6902 patch (a list of
   * operations, inline, which then needs a target), as kustomize tells them apart.
   */
  @SuppressWarnings("unchecked")
  private static void patch(Path dir, List<Map<String, Object>> objects, Map<String, Object> entry) {
    Object patch = entry.get("path") != null
        ? Yaml.documents(dir.resolve((String) entry.get("path"))).get(0)
        : Yaml.value((String) Objects.requireNonNull(entry.get("patch"), "a patch without path or patch"));
    Map<String, Object> target = map(entry.get("target"));
    if (patch instanceof List<?> && target.isEmpty()) {
      throw new IllegalStateException(dir + ": a JSON 6902 patch needs a target: " + entry);
    }
    List<Map<String, Object>> matched = objects.stream().filter(o -> target.isEmpty()
        ? Objects.equals(o.get("kind"), ((Map<String, Object>) patch).get("kind"))
            && Objects.equals(metadata(o).get("name"), metadata((Map<String, Object>) patch).get("name"))
        : selected(o, target)).toList();
    if (matched.isEmpty()) {
      throw new IllegalStateException(dir + ": patch " + entry + " matches nothing");
    }
    for (Map<String, Object> object : matched) {
      if (patch instanceof List<?> operations) {
        JsonPatch.apply(object, (List<Object>) Yaml.copy(operations));
        continue;
      }
      Map<String, Object> body = Yaml.copy((Map<String, Object>) patch);
      if (!target.isEmpty()) {
        // with a target, the patch's own name and kind select nothing
        body.remove("metadata");
      }
      StrategicMerge.apply(object, body);
    }
  }

  private static boolean selected(Map<String, Object> object, Map<String, Object> target) {
    if (target.get("kind") != null && !target.get("kind").equals(object.get("kind"))) {
      return false;
    }
    if (target.get("name") != null && !target.get("name").equals(metadata(object).get("name"))) {
      return false;
    }
    if (target.get("labelSelector") instanceof String selector) {
      Map<String, Object> labels = map(metadata(object).get("labels"));
      for (String term : selector.split(",")) {
        String[] pair = term.trim().split("=", 2);
        if (!pair[1].equals(labels.get(pair[0]))) {
          return false;
        }
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> generated(Path dir, String kind, Map<String, Object> generator,
                                               Map<String, Object> options) {
    for (String field : generator.keySet()) {
      if (!GENERATOR_FIELDS.contains(field)) {
        throw new IllegalStateException(dir + ": generator field '" + field + "' is not rendered by this test");
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    for (Object envs : list(generator.get("envs"))) {
      try {
        for (String line : Files.readAllLines(dir.resolve((String) envs))) {
          if (!line.isBlank() && !line.startsWith("#")) {
            String[] pair = line.split("=", 2);
            data.put(pair[0].trim(), pair.length == 2 ? pair[1] : "");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(dir + ": generator envs " + envs, e);
      }
    }
    for (Object literal : list(generator.get("literals"))) {
      String[] pair = ((String) literal).split("=", 2);
      data.put(pair[0], pair[1]);
    }
    for (Object source : list(generator.get("files"))) {
      String[] pair = ((String) source).split("=", 2);
      Path path = dir.resolve(pair[pair.length - 1]);
      try {
        data.put(pair.length == 2 ? pair[0] : path.getFileName().toString(), Files.readString(path));
      } catch (IOException e) {
        throw new UncheckedIOException(dir + ": generator file " + source, e);
      }
    }
    if (kind.equals("Secret")) {
      data.replaceAll((key, value) -> Base64.getEncoder().encodeToString(((String) value).getBytes(StandardCharsets.UTF_8)));
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", generator.get("name"));
    Map<String, Object> own = map(generator.get("options"));
    Map<String, Object> labels = new LinkedHashMap<>(map(options.get("labels")));
    labels.putAll(map(own.get("labels")));
    Map<String, Object> annotations = new LinkedHashMap<>(map(options.get("annotations")));
    annotations.putAll(map(own.get("annotations")));
    if (!labels.isEmpty()) {
      metadata.put("labels", labels);
    }
    if (!annotations.isEmpty()) {
      metadata.put("annotations", annotations);
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", kind);
    object.put("metadata", metadata);
    object.put("data", data);
    if (generator.get("type") != null) {
      object.put("type", generator.get("type"));
    }
    return object;
  }

  private static void label(Map<String, Object> object, Map<String, Object> pairs, boolean selectors, boolean templates) {
    if (pairs.isEmpty()) {
      return;
    }
    child(metadata(object), "labels").putAll(pairs);
    Map<String, Object> spec = map(object.get("spec"));
    if (selectors) {
      if ("Service".equals(object.get("kind"))) {
        child(spec, "selector").putAll(pairs);
      } else if (WORKLOADS.contains(object.get("kind"))) {
        child(child(spec, "selector"), "matchLabels").putAll(pairs);
      }
    }
    if (templates && WORKLOADS.contains(object.get("kind"))) {
      child(child(child(spec, "template"), "metadata"), "labels").putAll(pairs);
    }
  }

  @SuppressWarnings("unchecked")
  private static void image(Map<String, Object> object, Map<String, Object> rule) {
    Map<String, Object> template = map(map(object.get("spec")).get("template"));
    Map<String, Object> pod = map(template.get("spec"));
    for (String field : List.of("containers", "initContainers")) {
      for (Object c : list(pod.get(field))) {
        Map<String, Object> container = (Map<String, Object>) c;
        String image = (String) container.get("image");
        if (image == null) {
          // an operator's pod template may leave the image to the operator (CloudNativePG's Pooler)
          continue;
        }
        String name = image.split("[:@]", 2)[0];
        if (!name.equals(rule.get("name"))) {
          continue;
        }
        String newName = rule.get("newName") != null ? (String) rule.get("newName") : name;
        String tag = image.contains(":") ? ":" + image.substring(image.indexOf(':') + 1) : "";
        if (rule.get("newTag") != null) {
          tag = ":" + rule.get("newTag");
        }
        container.put("image", rule.get("digest") != null ? newName + "@" + rule.get("digest") : newName + tag);
      }
    }
  }

  static Map<String, Object> metadata(Map<String, Object> object) {
    return child(object, "metadata");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.computeIfAbsent(key, k -> new LinkedHashMap<>());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value == null ? new LinkedHashMap<>() : (Map<String, Object>) value;
  }

  private static List<?> list(Object value) {
    return value == null ? List.of() : (List<?>) value;
  }
}
