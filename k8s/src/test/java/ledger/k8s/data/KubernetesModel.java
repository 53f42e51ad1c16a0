package ledger.k8s.data;

import java.util.List;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import ledger.k8s.Model;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.JsonNode;

/**
 * A manifest in the fabric8 Kubernetes model, with the fields the model does not know. fabric8
 * keeps an unknown field in the object's additionalProperties instead of refusing it, so a
 * misspelt field (readinessprobe, securitycontext) would pass a plain parse: this finds them.
 */
final class KubernetesModel {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private KubernetesModel() {
  }

  /** The typed object of a manifest; fails for a kind the model does not have. */
  static KubernetesResource typed(JsonNode manifest) {
    KubernetesResource resource = SERIALIZATION.unmarshal(manifest.toString());
    if (resource instanceof GenericKubernetesResource) {
      throw new AssertionError(manifest.path("apiVersion").asString() + " " + manifest.path("kind").asString()
          + " is not a kind of the fabric8 model");
    }
    return resource;
  }

  /** The custom resource as the untyped model holds it (its schema is checked by CrdSchema). */
  static GenericKubernetesResource generic(JsonNode manifest) {
    return SERIALIZATION.unmarshal(manifest.toString(), GenericKubernetesResource.class);
  }

  /** The paths of every field the model kept as unknown. */
  static List<String> unknownFields(Object model) {
    return Model.unknownFields(model, "");
  }
}
