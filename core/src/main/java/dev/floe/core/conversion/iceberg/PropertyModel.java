package dev.floe.core.conversion.iceberg;

import java.lang.invoke.MethodHandle;

/**
 * One record component or bean property: its Java and Iceberg names, whether the column is
 * required, and how to read it (and, for beans, write it).
 *
 * @param getter {@code (Object) -> Object}
 * @param setter {@code (Object, Object) -> void}; null for records, which are built by their
 *     canonical constructor
 */
record PropertyModel(
    String javaName,
    String icebergName,
    String doc,
    boolean required,
    ModelType type,
    MethodHandle getter,
    MethodHandle setter) {

  Object read(Object instance) {
    try {
      return (Object) getter.invokeExact(instance);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw new FieldFailure("its getter threw " + e, e);
    }
  }

  void write(Object instance, Object value) {
    try {
      setter.invokeExact(instance, value);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw new FieldFailure("its setter threw " + e, e);
    }
  }
}
