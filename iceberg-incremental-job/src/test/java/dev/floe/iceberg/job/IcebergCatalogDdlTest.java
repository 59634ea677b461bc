package dev.floe.iceberg.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IcebergCatalogDdlTest {

  @Test
  void quotesNamesAndValuesAndSortsProperties() {
    String ddl =
        IcebergCatalogDdl.createCatalog(
            "my`cat", Map.of("warehouse", "file:/tmp/it's", "catalog-impl", "a.B"));

    assertThat(ddl)
        .isEqualTo(
            "CREATE CATALOG `my``cat` WITH ('type' = 'iceberg', 'catalog-impl' = 'a.B',"
                + " 'warehouse' = 'file:/tmp/it''s')");
  }

  @Test
  void rejectsAnotherCatalogType() {
    assertThatThrownBy(() -> IcebergCatalogDdl.createCatalog("c", Map.of("type", "hive")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot register Iceberg catalog 'c': property 'type' must be 'iceberg' or unset,"
                + " but is 'hive'");
  }
}
