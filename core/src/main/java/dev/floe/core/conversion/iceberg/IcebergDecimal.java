package dev.floe.core.conversion.iceberg;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the Iceberg {@code decimal(precision, scale)} of a {@link java.math.BigDecimal}. It
 * annotates the type where it is used, so it also reaches into containers: {@code
 * List<@IcebergDecimal(precision = 10, scale = 2) BigDecimal>}. Without it a {@code BigDecimal}
 * maps to {@code decimal(38, 18)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface IcebergDecimal {
  /** Total number of digits, 1 to 38. */
  int precision();

  /** Digits after the decimal point, 0 to {@link #precision()}. */
  int scale();
}
