package io.drillbook;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of STYLE.md as tests over the main classes: the CLI is a thin front-end nothing else knows, the
 * core never imports the sandbox, Quartz stays in {@code schedule}, and time enters through one seam.
 */
class ArchitectureTest {
  /** The one package allowed to read the system clock and to sleep: the time seam. */
  static final String TIME_SEAM = "io.drillbook.time";

  /** Known uses of Quartz outside {@code schedule}, origin class to Quartz class: none. */
  static final Set<String> KNOWN_QUARTZ_USES = Set.of();

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.drillbook");
  }

  @Test
  void onlyTheCliKnowsTheCliAndPicocli() {
    noClasses().that().resideOutsideOfPackage("io.drillbook.cli..")
        .should().dependOnClassesThat().resideInAnyPackage("io.drillbook.cli..", "picocli..")
        .because("the CLI is a thin front-end over the core (STYLE.md habit 1)")
        .check(main);
  }

  @Test
  void theCoreNeverImportsTheSandbox() {
    // The composition root (app) wires the sandbox into plans; the CLI builds its options. Nothing else may know it.
    noClasses().that().resideOutsideOfPackages("io.drillbook.sandbox..", "io.drillbook.app..", "io.drillbook.cli..")
        .should().dependOnClassesThat().resideInAPackage("io.drillbook.sandbox..")
        .because("the sandbox is a stand-in for Kubernetes and GitHub, not part of the core (STYLE.md habit 2)")
        .check(main);
  }

  @Test
  void theCliReachesTheCoreOnlyThroughTheFacade() {
    // The CLI parses, calls io.drillbook.app.Drillbook and prints: it may read the values the core returns, but
    // never builds adapters, engines, schedulers or loaders itself.
    noClasses().that().resideInAPackage("io.drillbook.cli..")
        .should().dependOnClassesThat(resideInAnyPackage("io.drillbook.kube..", "io.drillbook.github..",
                "io.drillbook.prometheus..", "io.drillbook.verify..", "io.drillbook.logs..", "org.quartz..",
                "io.fabric8..", "org.kohsuke..")
            .or(resideInAPackage("io.drillbook.schedule..").and(not(simpleName("DaemonListener"))))
            .or(name("io.drillbook.drill.DrillEngine")).or(name("io.drillbook.drill.DrillService"))
            .or(name("io.drillbook.drill.Recovery")).or(name("io.drillbook.config.ConfigLoader"))
            .or(name("io.drillbook.runbook.RunbookParser")).or(name("io.drillbook.drift.DriftAudit"))
            .or(name("io.drillbook.evidence.ChainVerifier")).or(name("io.drillbook.report.ReportPolicy")))
        .because("the CLI is a thin shell over one core facade (issue CORE2, STYLE.md habit 1)")
        .check(main);
  }

  @Test
  void quartzStaysInSchedule() {
    noClasses().that().resideOutsideOfPackage("io.drillbook.schedule..")
        .should(dependOnQuartzBeyond(KNOWN_QUARTZ_USES))
        .because("the scheduler is one adapter; the rest of drillbook does not know it is Quartz")
        .check(main);
  }

  @Test
  void timeEntersOnlyThroughTheTimeSeam() {
    noClasses().that().resideOutsideOfPackage(TIME_SEAM)
        .should(readTheSystemClockOrSleep())
        .because("every timestamp, duration and wait goes through an injected clock (STYLE.md habit 4)")
        .check(main);
  }

  /** Any dependency on a class in {@code org.quartz} other than the {@code known} ones. */
  private static ArchCondition<JavaClass> dependOnQuartzBeyond(Set<String> known) {
    return new ArchCondition<>("depend on Quartz (beyond the known uses " + known + ")") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        for (Dependency d : item.getDirectDependenciesFromSelf()) {
          String origin = d.getOriginClass().getName().replaceFirst("\\$.*", "");
          if (d.getTargetClass().getPackageName().startsWith("org.quartz")
              && !known.contains(origin + " -> " + d.getTargetClass().getName())) {
            events.add(SimpleConditionEvent.satisfied(d, d.getDescription()));
          }
        }
      }
    };
  }

  /** Calls and method references to the system clock, the monotonic timer and sleeps. */
  private static ArchCondition<JavaClass> readTheSystemClockOrSleep() {
    List<String> anyArity = List.of("java.lang.Thread.sleep", "java.lang.System.currentTimeMillis",
        "java.lang.System.nanoTime", "java.time.Clock.systemUTC", "java.time.Clock.systemDefaultZone",
        "java.time.Clock.system", "java.util.concurrent.TimeUnit.sleep");
    // now(Clock) and now(ZoneId)-free variants: only the no-argument now() reads the system clock unseen.
    List<String> noArgs = List.of("java.time.Instant.now", "java.time.LocalDateTime.now", "java.time.LocalDate.now",
        "java.time.LocalTime.now", "java.time.ZonedDateTime.now", "java.time.OffsetDateTime.now");
    return new ArchCondition<>("read the system clock or sleep") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        for (JavaAccess<?> access : item.getAccessesFromSelf()) {
          String target = access.getTargetOwner().getName() + "." + access.getName();
          boolean noArgCall = access.getTarget().getDescription().contains("()");
          if (anyArity.contains(target) || (noArgs.contains(target) && noArgCall)) {
            events.add(SimpleConditionEvent.satisfied(access, access.getDescription()));
          }
        }
      }
    };
  }
}
