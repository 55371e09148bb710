package io.drillbook.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.drillbook.config.ConfigLoader;
import io.drillbook.config.DrillConfig;
import io.drillbook.config.DrillbookConfig;
import io.drillbook.runbook.Runbook;
import io.drillbook.runbook.RunbookParser;
import io.drillbook.schedule.QuartzCron;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The deployment manifests under {@code k8s/} against the code: every document is a typed Kubernetes object with no
 * unknown field, the drill Role grants exactly {@link ApiPermissions#DRILL} to the ServiceAccount the workloads run
 * as, the CronJob cannot pile up or retry drills and runs unprivileged, the kustomizations name only what exists,
 * and the ConfigMap's config and runbook load as drillbook would load them.
 */
class RbacManifestTest {
  private static final Path K8S = Path.of("k8s");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Every Kubernetes document under k8s/ (kustomizations excluded), by file, in order. */
  private static final Map<Path, List<HasMetadata>> MANIFESTS = new LinkedHashMap<>();

  @BeforeAll
  static void loadEveryManifest() throws IOException {
    for (Path file : yamlFiles()) {
      if (isKustomization(file)) {
        continue;
      }
      List<HasMetadata> objects = new ArrayList<>();
      for (JsonNode doc : documents(file)) {
        KubernetesResource parsed = Serialization.unmarshal(doc.toString(), KubernetesResource.class);
        assertThat(parsed).as("%s: %s/%s", file, doc.path("apiVersion").asText(), doc.path("kind").asText())
            .isInstanceOf(HasMetadata.class).isNotInstanceOf(GenericKubernetesResource.class);
        objects.add((HasMetadata) parsed);
      }
      MANIFESTS.put(file, objects);
    }
  }

  @Test
  void everyManifestIsAKnownKindWithOnlyKnownFields() {
    assertThat(MANIFESTS.keySet()).contains(K8S.resolve("base/role.yaml"), K8S.resolve("cronjob.yaml"),
        K8S.resolve("ha/scheduler-deployment.yaml"), K8S.resolve("optional/runbook-check-clusterrole.yaml"),
        K8S.resolve("optional/helm-role.yaml"));
    MANIFESTS.forEach((file, objects) -> {
      assertThat(objects).as(file.toString()).isNotEmpty();
      for (HasMetadata o : objects) {
        assertThat(o.getMetadata().getName()).as("%s: %s name", file, o.getKind()).isNotBlank();
        List<String> unknown = new ArrayList<>();
        unknownFields(o, o.getKind(), unknown, new IdentityHashMap<>());
        assertThat(unknown).as("%s: fields fabric8's typed model does not know (a typo?)", file).isEmpty();
      }
    });
  }

  @Test
  void theDrillRoleGrantsExactlyWhatTheDrillCalls() {
    Role role = one(K8S.resolve("base/role.yaml"), Role.class);
    for (PolicyRule rule : role.getRules()) {
      assertThat(rule.getResourceNames()).as("resourceNames").isNullOrEmpty();
      assertThat(rule.getNonResourceURLs()).as("nonResourceURLs").isNullOrEmpty();
    }
    assertThat(grants(role.getRules())).isEqualTo(grantsOf(ApiPermissions.DRILL));
  }

  @Test
  void theOptionalHelmRoleGrantsExactlyWhatHelmCallsToTheSameServiceAccount() {
    Role role = one(K8S.resolve("optional/helm-role.yaml"), Role.class);
    assertThat(grants(role.getRules())).isEqualTo(grantsOf(ApiPermissions.HELM));
    RoleBinding binding = one(K8S.resolve("optional/helm-role.yaml"), RoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getName()).isEqualTo("drillbook");
      assertThat(s.getNamespace()).isEqualTo("drillbook");
    });
  }

  @ParameterizedTest
  @CsvSource({"optional/argocd-role.yaml, ARGOCD", "optional/flux-role.yaml, FLUX",
      "optional/argo-rollouts-role.yaml, ROLLOUTS"})
  void theOptionalGitOpsRolesGrantExactlyWhatTheOwnershipCheckAndPauseCall(String file, String rules)
      throws ReflectiveOperationException {
    Role role = one(K8S.resolve(file), Role.class);
    @SuppressWarnings("unchecked")
    List<ApiPermissions.Rule> expected = (List<ApiPermissions.Rule>) ApiPermissions.class.getField(rules).get(null);
    assertThat(grants(role.getRules())).isEqualTo(grantsOf(expected));
    RoleBinding binding = one(K8S.resolve(file), RoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getMetadata().getNamespace()).isEqualTo(role.getMetadata().getNamespace());
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getName()).isEqualTo("drillbook");
      assertThat(s.getNamespace()).isEqualTo("drillbook");
    });
  }

  @Test
  void theOptionalRunbookCheckClusterRolesGrantExactlyWhatTheDriftAuditReads() {
    List<PolicyRule> rules = objects(K8S.resolve("optional/runbook-check-clusterrole.yaml"), ClusterRole.class)
        .stream().flatMap(r -> r.getRules().stream()).toList();
    assertThat(grants(rules)).isEqualTo(grantsOf(ApiPermissions.RUNBOOK_CHECK));
    assertThat(grants(rules)).noneMatch(g -> g.endsWith(" watch") || g.endsWith(" patch") || g.endsWith(" create")
        || g.endsWith(" update") || g.endsWith(" delete"));
  }

  @Test
  void theRoleBindingGivesTheRoleToTheServiceAccountBothWorkloadsRunAs() {
    Role role = one(K8S.resolve("base/role.yaml"), Role.class);
    RoleBinding binding = one(K8S.resolve("base/rolebinding.yaml"), RoleBinding.class);
    ServiceAccount account = one(K8S.resolve("base/serviceaccount.yaml"), ServiceAccount.class);
    CronJob cronJob = one(K8S.resolve("cronjob.yaml"), CronJob.class);
    Deployment scheduler = one(K8S.resolve("ha/scheduler-deployment.yaml"), Deployment.class);

    assertThat(binding.getMetadata().getNamespace()).isEqualTo(role.getMetadata().getNamespace());
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects()).singleElement().satisfies((Subject s) -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
      assertThat(s.getNamespace()).isEqualTo(account.getMetadata().getNamespace());
    });
    PodSpec cronPod = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    PodSpec schedulerPod = scheduler.getSpec().getTemplate().getSpec();
    for (var workload : List.of(Map.entry(cronJob.getMetadata(), cronPod),
        Map.entry(scheduler.getMetadata(), schedulerPod))) {
      assertThat(workload.getValue().getServiceAccountName()).as(workload.getKey().getName())
          .isEqualTo(account.getMetadata().getName());
      assertThat(workload.getKey().getNamespace()).as(workload.getKey().getName())
          .isEqualTo(account.getMetadata().getNamespace());
      assertThat(workload.getValue().getAutomountServiceAccountToken()).isNotEqualTo(Boolean.FALSE);
    }
  }

  @Test
  void theCronJobNeitherPilesUpNorRetriesAndRunsUnprivileged() {
    CronJob cronJob = one(K8S.resolve("cronjob.yaml"), CronJob.class);
    assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(cronJob.getSpec().getStartingDeadlineSeconds()).isNotNull().isPositive();
    assertThat(cronJob.getSpec().getJobTemplate().getSpec().getBackoffLimit()).isZero();
    PodSpec pod = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertUnprivileged(pod);
    assertThat(pod.getContainers()).singleElement().satisfies(c -> assertThat(c.getArgs())
        .startsWith("drill").contains("--config", "/etc/drillbook/drillbook.yaml").containsSequence("--output", "json"));
  }

  @Test
  void theSchedulerIsHighlyAvailableAndUnprivileged() {
    Deployment scheduler = one(K8S.resolve("ha/scheduler-deployment.yaml"), Deployment.class);
    assertThat(scheduler.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
    PodSpec pod = scheduler.getSpec().getTemplate().getSpec();
    assertUnprivileged(pod);
    assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
        .isNotEmpty();
    Container c = pod.getContainers().get(0);
    assertThat(c.getArgs()).startsWith("schedule");
    assertThat(c.getPorts()).anySatisfy(p -> {
      assertThat(p.getName()).isEqualTo("metrics");
      assertThat(p.getContainerPort()).isEqualTo(9400);
    });
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(c.getEnv()).allSatisfy(e -> {
      if (e.getName().startsWith("DRILLBOOK_POSTGRES_")) {
        assertThat(e.getValue()).as(e.getName() + " comes from the Secret, not a literal").isNull();
        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("drillbook-postgres");
      }
    });
  }

  @Test
  void kustomizationsListOnlyWhatExistsAndNeverRenamespaceTheRole() throws IOException {
    List<Path> kustomizations = yamlFiles().stream().filter(RbacManifestTest::isKustomization).toList();
    assertThat(kustomizations).contains(K8S.resolve("kustomization.yaml"), K8S.resolve("ha/kustomization.yaml"));
    for (Path k : kustomizations) {
      JsonNode doc = documents(k).get(0);
      assertThat(doc.path("kind").asText()).isEqualTo("Kustomization");
      // A kustomize 'namespace:' would move the Role and RoleBinding out of the target namespace.
      assertThat(doc.has("namespace")).as("%s sets a namespace", k).isFalse();
      for (JsonNode entry : doc.path("resources")) {
        Path target = k.getParent().resolve(entry.asText()).normalize();
        assertThat(Files.isRegularFile(target) || Files.isRegularFile(target.resolve("kustomization.yaml")))
            .as("%s lists %s", k, entry.asText()).isTrue();
      }
    }
    assertThat(resourcesOf(K8S.resolve("kustomization.yaml"))).contains("cronjob.yaml")
        .doesNotContain("ha/scheduler-deployment.yaml");
    assertThat(resourcesOf(K8S.resolve("ha/kustomization.yaml"))).contains("scheduler-deployment.yaml")
        .noneMatch(r -> r.contains("cronjob"));
    assertThat(resourcesOf(K8S.resolve("base/kustomization.yaml")))
        .containsExactlyInAnyOrder("serviceaccount.yaml", "role.yaml", "rolebinding.yaml", "configmap.yaml");
  }

  @Test
  void theConfigMapsConfigAndRunbookLoadAndMatchTheRole(@TempDir Path etc) throws Exception {
    ConfigMap configMap = one(K8S.resolve("base/configmap.yaml"), ConfigMap.class);
    String runbookText = configMap.getData().get("runbook.md");
    Runbook runbook = new RunbookParser().parse("runbook.md", runbookText.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(runbook.thresholds()).isNotEmpty();
    assertThat(runbook.problems()).isEmpty();

    Files.writeString(etc.resolve("runbook.md"), runbookText);
    String config = configMap.getData().get("drillbook.yaml").replace("/etc/drillbook/", etc + "/");
    DrillbookConfig loaded = new ConfigLoader(QuartzCron.SYNTAX).parse("drillbook.yaml", new StringReader(config), etc);
    assertThat(loaded.evidence().store().name()).isEqualTo("GITHUB");

    CronJob cronJob = one(K8S.resolve("cronjob.yaml"), CronJob.class);
    String drillName = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0)
        .getArgs().get(1);
    DrillConfig drill = loaded.drill(drillName).orElseThrow(() -> new AssertionError("no drill " + drillName));
    Role role = one(K8S.resolve("base/role.yaml"), Role.class);
    assertThat(drill.target().namespace()).isEqualTo(role.getMetadata().getNamespace());
    assertThat(drill.target().context()).as("in-cluster credentials").isNull();
  }

  private static void assertUnprivileged(PodSpec pod) {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isNotNull().isNotZero();
    Set<String> emptyDirs = pod.getVolumes().stream().filter(v -> v.getEmptyDir() != null)
        .map(v -> v.getName()).collect(Collectors.toSet());
    for (Container c : pod.getContainers()) {
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getSecurityContext().getRunAsUser()).as("container overrides the uid").isNull();
      assertThat(c.getVolumeMounts()).anySatisfy(m -> {
        assertThat(m.getMountPath()).isEqualTo("/tmp");
        assertThat(emptyDirs).contains(m.getName());
      });
      assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
      assertThat(c.getResources().getLimits()).containsKey("memory");
      assertThat(c.getImage()).isNotBlank();
    }
  }

  /** "group resource verb" for every combination a set of rules grants ({@code *} would show up literally). */
  private static Set<String> grants(List<PolicyRule> rules) {
    Set<String> out = new TreeSet<>();
    for (PolicyRule r : rules) {
      for (String g : r.getApiGroups()) {
        for (String res : r.getResources()) {
          for (String v : r.getVerbs()) {
            out.add(g + " " + res + " " + v);
          }
        }
      }
    }
    return out;
  }

  private static Set<String> grantsOf(List<ApiPermissions.Rule> rules) {
    Set<String> out = new TreeSet<>();
    for (ApiPermissions.Rule r : rules) {
      r.verbs().forEach(v -> out.add(r.apiGroup() + " " + r.resource() + " " + v));
    }
    return out;
  }

  private static <T extends HasMetadata> List<T> objects(Path file, Class<T> type) {
    List<HasMetadata> all = MANIFESTS.get(file);
    assertThat(all).as(file + " loaded").isNotNull();
    return all.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T extends HasMetadata> T one(Path file, Class<T> type) {
    List<T> found = objects(file, type);
    assertThat(found).as("one %s in %s", type.getSimpleName(), file).hasSize(1);
    return found.get(0);
  }

  private static List<String> resourcesOf(Path kustomization) throws IOException {
    List<String> out = new ArrayList<>();
    documents(kustomization).get(0).path("resources").forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> files = Files.walk(K8S)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted().toList();
    }
  }

  private static boolean isKustomization(Path file) {
    String name = file.getFileName().toString();
    return name.equals("kustomization.yaml") || name.equals("kustomization.yml");
  }

  /** Every non-empty document of a (multi-document) YAML file. */
  private static List<JsonNode> documents(Path file) throws IOException {
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      List<JsonNode> docs = YAML.readValues(parser, new TypeReference<JsonNode>() {}).readAll();
      return docs.stream().filter(d -> d != null && !d.isNull() && !d.isMissingNode()).toList();
    }
  }

  /**
   * Walks fabric8's typed model: a field fabric8 does not know lands in some object's {@code additionalProperties}
   * instead of failing, so a misspelt {@code concurencyPolicy} would otherwise pass unnoticed.
   */
  private static void unknownFields(Object o, String path, List<String> out, IdentityHashMap<Object, Boolean> seen) {
    if (o == null || seen.put(o, Boolean.TRUE) != null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        unknownFields(e, path + "[" + i++ + "]", out, seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> unknownFields(v, path + "." + k, out, seen));
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : o.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class
          || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(o);
      } catch (ReflectiveOperationException | RuntimeException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          out.add(path + ": " + extra.keySet());
        }
        continue;
      }
      unknownFields(value, path + "." + getter.getName().replaceFirst("^(get|is)", ""), out, seen);
    }
  }
}
