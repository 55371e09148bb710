package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Pod-template comparison and hashing the way the Deployment controller does it. */
final class PodTemplates {

  static final String HASH_LABEL = "pod-template-hash";

  // The controller's rand.SafeEncodeString alphabet: no vowels, no look-alike characters.
  private static final String SAFE_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PodTemplates() {}

  /** True when both templates are equal once the {@code pod-template-hash} label is ignored. */
  static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
    return canonical(a).equals(canonical(b));
  }

  /**
   * A 10-or-fewer character hash of the template without its hash label: FNV-1a 32 of a canonical JSON form,
   * printed in decimal and safe-encoded, which gives names shaped like the real controller's.
   */
  static String hash(PodTemplateSpec template) {
    byte[] bytes = canonical(template).toString().getBytes(StandardCharsets.UTF_8);
    int hash = 0x811c9dc5;
    for (byte b : bytes) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    String decimal = Integer.toUnsignedString(hash);
    StringBuilder encoded = new StringBuilder(decimal.length());
    for (char c : decimal.toCharArray()) {
      encoded.append(SAFE_ALPHANUMS.charAt(c % SAFE_ALPHANUMS.length()));
    }
    return encoded.toString();
  }

  /** A deep copy of the template, parsed by fabric8 so its own serializers apply. */
  static PodTemplateSpec copy(PodTemplateSpec template) {
    return Serialization.unmarshal(Serialization.asJson(template), PodTemplateSpec.class);
  }

  /** A copy of the template without the {@code pod-template-hash} label. */
  static PodTemplateSpec withoutHash(PodTemplateSpec template) {
    PodTemplateSpec copy = copy(template);
    if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
      copy.getMetadata().getLabels().remove(HASH_LABEL);
    }
    return copy;
  }

  private static JsonNode canonical(PodTemplateSpec template) {
    try {
      JsonNode node = JSON.readTree(Serialization.asJson(withoutHash(template)));
      return normalize(node);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("pod template is not valid JSON", e);
    }
  }

  // Drops nulls and empty objects/arrays (absent and empty mean the same to the API) and sorts keys.
  private static JsonNode normalize(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      ObjectNode out = JSON.createObjectNode();
      for (String name : names) {
        JsonNode value = normalize(node.get(name));
        if (!isEmpty(value)) {
          out.set(name, value);
        }
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        out.add(normalize(it.next()));
      }
      return out;
    }
    return node;
  }

  private static boolean isEmpty(JsonNode value) {
    return value == null || value.isNull() || (value.isContainerNode() && value.isEmpty());
  }

  /** Labels plus the hash label. */
  static Map<String, String> withHash(Map<String, String> labels, String hash) {
    Map<String, String> out = new java.util.LinkedHashMap<>(labels == null ? Map.of() : labels);
    out.put(HASH_LABEL, hash);
    return out;
  }
}
