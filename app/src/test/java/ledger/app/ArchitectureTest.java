package ledger.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module boundaries of DESIGN §1, checked on the compiled classes of every module. */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("ledger");
  }

  @Test
  void the_command_role_does_not_depend_on_the_other_roles() {
    noClasses().that().resideInAPackage("ledger.command..")
        .should().dependOnClassesThat().resideInAnyPackage("ledger.projection..", "ledger.query..", "ledger.app..")
        .check(classes);
  }

  @Test
  void the_projection_role_does_not_depend_on_the_other_roles() {
    noClasses().that().resideInAPackage("ledger.projection..")
        .should().dependOnClassesThat().resideInAnyPackage("ledger.command..", "ledger.query..", "ledger.app..")
        .check(classes);
  }

  @Test
  void the_query_role_does_not_depend_on_the_other_roles() {
    noClasses().that().resideInAPackage("ledger.query..")
        .should().dependOnClassesThat().resideInAnyPackage("ledger.command..", "ledger.projection..", "ledger.app..")
        .check(classes);
  }

  @Test
  void the_domain_knows_nothing_of_storage_transport_or_frameworks() {
    noClasses().that().resideInAPackage("ledger.domain..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.grpc..", "com.google..", "ledger.store..",
            "ledger.readmodel..", "ledger.grpc..", "ledger.v1..", "java.sql..", "java.net..", "java.nio.file..")
        .check(classes);
  }

  @Test
  void the_event_store_is_postgresql_only() {
    noClasses().that().resideInAPackage("ledger.store..")
        .should().dependOnClassesThat().resideInAnyPackage("ledger.grpc..", "ledger.v1..", "io.grpc..",
            "ledger.readmodel..", "io.vertx.redis..",
            "ledger.command..", "ledger.projection..", "ledger.query..", "ledger.app..")
        .check(classes);
  }

  @Test
  void the_read_model_knows_no_role_and_no_api() {
    noClasses().that().resideInAPackage("ledger.readmodel..")
        .should().dependOnClassesThat().resideInAnyPackage("ledger.grpc..", "ledger.v1..", "io.grpc..",
            "ledger.command..", "ledger.projection..", "ledger.query..", "ledger.app..")
        .check(classes);
  }

  @Test
  void the_shared_grpc_plumbing_knows_no_role() {
    noClasses().that().resideInAPackage("ledger.grpc..")
        .should().dependOnClassesThat().resideInAnyPackage("ledger.command..", "ledger.projection..",
            "ledger.query..", "ledger.app..", "ledger.store..", "ledger.readmodel..")
        .check(classes);
  }

  /** Failures are typed: a bare message would be taken for a client's transport failure (UnavailableBackends). */
  @Test
  void no_future_is_failed_with_a_bare_message() {
    noClasses().that().resideInAPackage("ledger..")
        .should().callMethod(Future.class, "failedFuture", String.class)
        .orShould().callMethod(Promise.class, "fail", String.class)
        .orShould().callMethod(Promise.class, "tryFail", String.class)
        .orShould().callMethod(Completable.class, "fail", String.class)
        .check(classes);
  }

  /** The wire speaks contract names (EventCodec.typeOf, Reason): a renamed class cannot change what callers see. */
  @Test
  void the_service_never_puts_a_java_class_name_on_the_wire() {
    noClasses().that().resideInAnyPackage("ledger.domain..", "ledger.store..", "ledger.readmodel..", "ledger.grpc..",
            "ledger.command..", "ledger.projection..", "ledger.query..")
        .should().callMethod(Class.class, "getSimpleName")
        .orShould().callMethod(Class.class, "getName")
        .check(classes);
  }
}
