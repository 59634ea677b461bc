package dev.floe.flink.dynamodb.table;

import dev.floe.core.conversion.LogicalSchema;
import dev.floe.core.dynamodb.AttributePath;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.flink.table.types.logical.RowType;

/**
 * The columns of a {@code dynamodb} table named by {@code document-columns} and {@code
 * set-columns}. Flink has no type for a DynamoDB document or set, so a STRING or ARRAY column alone
 * does not say whether it holds one; the table's options do, and the scan, the lookups and the sink
 * all build their converters from {@link #schemaOf} (the source from {@link #producedSchemaOf}), so
 * they read and write the same attribute types. The factory checks the names and types before it
 * builds one.
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

  /**
   * The Floe schema of the produced rows of a source, whose column {@code i} is read from {@code
   * columnPaths.get(i)}. The options name top-level attributes, so only a column that is one of
   * them holds documents or sets: a field inside a map ({@code address.city}) never does, even when
   * Flink's name for it ({@code address_city}) happens to be one of the listed names.
   */
  LogicalSchema producedSchemaOf(RowType rowType, List<AttributePath> columnPaths) {
    List<String> documents = new ArrayList<>();
    List<String> sets = new ArrayList<>();
    for (int i = 0; i < columnPaths.size(); i++) {
      AttributePath path = columnPaths.get(i);
      if (path.isTopLevel()) {
        String column = rowType.getFieldNames().get(i);
        if (documentColumns.contains(path.topLevel())) {
          documents.add(column);
        } else if (setColumns.contains(path.topLevel())) {
          sets.add(column);
        }
      }
    }
    return FlinkTypeMapping.fromRowType(rowType, List.of(), documents, sets);
  }

  @Override
  public String toString() {
    return "document-columns=" + documentColumns + ", set-columns=" + setColumns;
  }
}
