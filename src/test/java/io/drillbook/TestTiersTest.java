package io.drillbook;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Guards the hermetic tier: a {@code *Test} (run by surefire, {@code mvn test}) reaches no helper that starts or
 * needs a real server, browser or binary, directly or through other test helpers. Those belong to {@code *IT}
 * (failsafe, {@code mvn verify}).
 */
class TestTiersTest {
  /** Test helpers that start or connect to something real: Prometheus, PostgreSQL, the control plane, kubectl. */
  static final Set<String> REAL_SERVER_HELPERS = Set.of(
      "io.drillbook.prometheus.PrometheusProcess",
      "io.drillbook.prometheus.RealPrometheus",
      "io.drillbook.schedule.PgSchema",
      "io.drillbook.schedule.DoomedSchedulerMain",
      "io.drillbook.realcluster.RealControlPlane",
      "io.drillbook.realcluster.RealControlPlaneExtension",
      "io.drillbook.realcluster.Kubectl",
      "io.drillbook.sandbox.KubectlBinary",
      "io.drillbook.cli.JarProcess");

  @Test
  void hermeticTestsReachNoRealServerHelperNorAnyIntegrationTest() {
    JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
        .importPackages("io.drillbook");
    noClasses().that(DescribedPredicate.describe("are hermetic *Test classes (or nested in one)",
            (JavaClass c) -> topLevelName(c).endsWith("Test")))
        .should().transitivelyDependOnClassesThat(DescribedPredicate.describe(
            "start a real server, browser or binary (or are *IT)",
            (JavaClass c) -> REAL_SERVER_HELPERS.contains(topLevelName(c)) || topLevelName(c).endsWith("IT")
                || c.getPackageName().startsWith("org.testcontainers")))
        .because("*Test must run with no server installed and no network; move the test to an *IT")
        .check(tests);
  }

  private static String topLevelName(JavaClass c) {
    String name = c.getName();
    int nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
  }
}
