package dev.floe.core.conversion.iceberg;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Tunes how one record component or bean field becomes an Iceberg column. Put it on the record
 * component, or on the bean field or its getter.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD})
public @interface IcebergField {
  /** The Iceberg column name; empty keeps the Java name. */
  String name() default "";

  /**
   * Whether the column is required. Primitives are always required; {@code Optional} fields can
   * never be.
   */
  boolean required() default false;

  /** The column's documentation in the Iceberg schema; empty means none. */
  String doc() default "";
}
