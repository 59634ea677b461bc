package dev.floe.flink.dynamodb.table;

import dev.floe.core.conversion.LogicalSchema;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.flink.table.types.logical.RowType;

/**
 * The columns of a {@code dynamodb} table named by {@code document-columns} and {@code
 * set-columns}. Flink has no type for a DynamoDB document or set, so a STRING or ARRAY column alone
 * does not say whether it holds one; the table's options do, and the scan, the lookups and the sink
 * all build their converters from {@link #schemaOf}, so they read and write the same attribute
 * types. The factory checks the names and types before it builds one.
 */
final class DocumentAndSetColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  static final DocumentAndSetColumns NONE = new DocumentAndSetColumns(Set.of(), Set.of());

  private final Set<String> documentColumns;
  private final Set<String> setColumns;

  private DocumentAndSetColumns(Set<String> documentColumns, Set<String> setColumns) {
    this.documentColumns = documentColumns;
    this.setColumns = setColumns;
  }

  static DocumentAndSetColumns of(
      Collection<String> documentColumns, Collection<String> setColumns) {
    return new DocumentAndSetColumns(Set.copyOf(documentColumns), Set.copyOf(setColumns));
  }

  /** Whether the column holds DynamoDB JSON text, which compares in Flink only. */
  boolean isDocument(String column) {
    return documentColumns.contains(column);
  }

  /**
   * The Floe schema of rows of {@code rowType} (the table's columns or a projection of them); see
   * {@link FlinkTypeMapping#fromRowType(RowType, List, Collection, Collection)}.
   */
  LogicalSchema schemaOf(RowType rowType, List<String> keyAttributes) {
    return FlinkTypeMapping.fromRowType(rowType, keyAttributes, documentColumns, setColumns);
  }

  @Override
  public String toString() {
    return "document-columns=" + documentColumns + ", set-columns=" + setColumns;
  }
}
