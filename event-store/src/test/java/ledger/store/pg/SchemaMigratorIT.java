package ledger.store.pg;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SchemaMigratorIT {

  @RegisterExtension
  static final StoreFixture fixture = new StoreFixture();

  @Test
  void every_migration_file_is_listed_in_order() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted((a, b) -> version(a) - version(b)))
          .containsExactlyElementsOf(SchemaMigrator.MIGRATIONS);
    }
  }

  @Test
  void migrating_again_applies_nothing() {
    assertThat(await(new SchemaMigrator(fixture.pool).migrate())).isZero();
  }

  @Test
  void instances_starting_together_apply_each_migration_once() throws Exception {
    try (StoreFixture fresh = StoreFixture.openedFor("migrator_race")) {
      await(fresh.pool.query("DROP SCHEMA ledger CASCADE").execute());
      Future<Integer> a = new SchemaMigrator(fresh.pool).migrate();
      Future<Integer> b = new SchemaMigrator(fresh.pool).migrate();
      await(Future.all(a, b));
      assertThat(a.result() + b.result()).isEqualTo(SchemaMigrator.MIGRATIONS.size());
    }
  }

  @Test
  void an_applied_migration_that_was_edited_stops_the_start() {
    await(fixture.pool.query("UPDATE ledger.schema_migrations SET checksum = 'edited' WHERE version = 2").execute());
    try {
      assertThatThrownBy(() -> await(new SchemaMigrator(fixture.pool).migrate()))
          .hasMessageContaining("V2__commands.sql was changed after it was applied");
    } finally {
      await(fixture.pool.query("UPDATE ledger.schema_migrations SET checksum = '"
          + SchemaMigrator.Migration.load("V2__commands.sql").checksum() + "' WHERE version = 2").execute());
    }
  }

  @Test
  void pending_names_every_migration_of_an_empty_database_and_writes_nothing() throws Exception {
    try (StoreFixture fresh = StoreFixture.openedFor("migrator_pending")) {
      await(fresh.pool.query("DROP SCHEMA ledger CASCADE").execute());

      assertThat(await(new SchemaMigrator(fresh.pool).pending())).containsExactlyElementsOf(SchemaMigrator.MIGRATIONS);
      assertThat(await(fresh.pool.query("SELECT to_regnamespace('ledger') IS NULL AS gone").execute())
          .iterator().next().getBoolean("gone")).isTrue();
    }
  }

  @Test
  void pending_names_what_is_missing_and_nothing_once_migrated() throws Exception {
    try (StoreFixture fresh = StoreFixture.openedFor("migrator_behind")) {
      assertThat(await(new SchemaMigrator(fresh.pool).pending())).isEmpty();
      await(fresh.pool.query("DELETE FROM ledger.schema_migrations WHERE version = 6").execute());

      assertThat(await(new SchemaMigrator(fresh.pool).pending())).containsExactly("V6__commands_subject.sql");
    }
  }

  @Test
  void pending_refuses_an_applied_migration_that_was_edited() {
    await(fixture.pool.query("UPDATE ledger.schema_migrations SET checksum = 'edited' WHERE version = 3").execute());
    try {
      assertThatThrownBy(() -> await(new SchemaMigrator(fixture.pool).pending()))
          .hasMessageContaining("V3__events_are_immutable.sql was changed after it was applied");
    } finally {
      await(fixture.pool.query("UPDATE ledger.schema_migrations SET checksum = '"
          + SchemaMigrator.Migration.load("V3__events_are_immutable.sql").checksum() + "' WHERE version = 3").execute());
    }
  }

  private static int version(String file) {
    return Integer.parseInt(file.substring(1, file.indexOf("__")));
  }
}
