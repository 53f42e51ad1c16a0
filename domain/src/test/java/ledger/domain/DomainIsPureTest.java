package ledger.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The domain is a pure decider: only the JDK and itself, and no clock or random ids of its own. */
@AnalyzeClasses(packages = "ledger.domain", importOptions = ImportOption.DoNotIncludeTests.class)
class DomainIsPureTest {

  @ArchTest
  static final ArchRule the_domain_depends_only_on_the_jdk_and_itself = classes()
      .that().resideInAPackage("ledger.domain..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "ledger.domain..");

  @ArchTest
  static final ArchRule the_domain_does_no_io = noClasses()
      .that().resideInAPackage("ledger.domain..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "io.vertx..", "io.grpc..", "com.google..", "redis..", "io.lettuce..",
          "java.sql..", "javax.sql..", "java.net..", "java.nio.file..", "java.io..");

  @ArchTest
  static final ArchRule the_domain_takes_time_and_ids_from_the_command = noClasses()
      .that().resideInAPackage("ledger.domain..")
      .should().callMethodWhere(callTo(Instant.class, "now")
          .or(callTo(System.class, "currentTimeMillis"))
          .or(callTo(UUID.class, "randomUUID")));

  @Test
  void the_clock_rule_catches_a_class_that_reads_the_clock() {
    assertThat(the_domain_takes_time_and_ids_from_the_command
        .evaluate(new ClassFileImporter().importClasses(ReadsTheClock.class))
        .hasViolation()).isTrue();
  }

  @Test
  void the_io_rule_catches_a_class_that_reaches_the_network() {
    assertThat(the_domain_does_no_io
        .evaluate(new ClassFileImporter().importClasses(ReachesTheNetwork.class))
        .hasViolation()).isTrue();
  }

  private static DescribedPredicate<JavaCall<?>> callTo(Class<?> owner, String method) {
    return DescribedPredicate.describe(owner.getSimpleName() + "." + method,
        call -> call.getTargetOwner().isEquivalentTo(owner) && call.getName().equals(method));
  }

  /** Counter-examples, imported only by the tests above. */
  static final class ReadsTheClock {
    long stamp() {
      return Instant.now().toEpochMilli() + System.currentTimeMillis() + UUID.randomUUID().hashCode();
    }
  }

  static final class ReachesTheNetwork {
    java.net.URI home() {
      return java.net.URI.create("https://example.com");
    }
  }
}
