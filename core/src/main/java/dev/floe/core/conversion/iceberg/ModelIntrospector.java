package dev.floe.core.conversion.iceberg;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Java record or JavaBean class, and the classes it contains, into a {@link StructModel}.
 * One instance per root class: it remembers the classes being read, to reject recursive types.
 *
 * <p>Properties, in order: a record's components in declaration order; a bean's non-static,
 * non-transient fields in declaration order, superclass fields first. (The order of bean fields is
 * the order {@link Class#getDeclaredFields()} reports, which is declaration order on every current
 * JVM though the specification does not promise it.)
 */
final class ModelIntrospector {
  /** Annotations, by simple name, that make a column required whatever library they come from. */
  private static final Set<String> NOT_NULL = Set.of("NotNull", "NonNull", "Nonnull");

  private final Deque<Class<?>> inProgress = new ArrayDeque<>();

  private ModelIntrospector() {}

  /** Throws {@link FieldFailure} naming the property path when the class cannot be mapped. */
  static StructModel introspect(Class<?> root) {
    return new ModelIntrospector().struct(root);
  }

  private StructModel struct(Class<?> type) {
    if (inProgress.contains(type)) {
      throw new FieldFailure(
          String.format(
              "recursive type %s: an Iceberg struct cannot contain itself", type.getName()));
    }
    inProgress.push(type);
    try {
      return type.isRecord() ? recordStruct(type) : beanStruct(type);
    } finally {
      inProgress.pop();
    }
  }

  private StructModel recordStruct(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    List<PropertyModel> properties = new ArrayList<>(components.length);
    Class<?>[] parameterTypes = new Class<?>[components.length];
    for (int i = 0; i < components.length; i += 1) {
      RecordComponent component = components[i];
      parameterTypes[i] = component.getType();
      try {
        Method accessor = component.getAccessor();
        properties.add(
            property(
                component.getName(),
                component.getType(),
                component.getAnnotatedType(),
                List.of(component, accessor, declaredField(type, component.getName())),
                getter(accessor),
                null));
      } catch (FieldFailure failure) {
        throw failure.inField(component.getName());
      }
    }
    checkProperties(type, properties);
    MethodHandle constructor;
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(parameterTypes);
      MethodHandle handle = unreflect(canonical);
      constructor =
          handle.asType(handle.type().generic()).asSpreader(Object[].class, parameterTypes.length);
    } catch (NoSuchMethodException e) {
      throw new FieldFailure("the record has no canonical constructor", e);
    }
    MethodHandle create = constructor;
    return new StructModel(type, properties, values -> (Object) create.invokeExact(values));
  }

  private StructModel beanStruct(Class<?> type) {
    checkBeanClass(type);
    MethodHandle constructor;
    try {
      Constructor<?> noArg = type.getDeclaredConstructor();
      MethodHandle handle = unreflect(noArg);
      constructor = handle.asType(MethodType.methodType(Object.class));
    } catch (NoSuchMethodException e) {
      throw new FieldFailure(
          String.format(
              "expected a record or a JavaBean with a no-arg constructor, found %s without one",
              type.getName()));
    }

    List<PropertyModel> properties = new ArrayList<>();
    for (Field field : beanFields(type)) {
      try {
        properties.add(beanProperty(type, field));
      } catch (FieldFailure failure) {
        throw failure.inField(field.getName());
      }
    }
    checkProperties(type, properties);
    MethodHandle create = constructor;
    List<PropertyModel> setters = List.copyOf(properties);
    return new StructModel(
        type,
        properties,
        values -> {
          Object bean = (Object) create.invokeExact();
          for (int i = 0; i < values.length; i += 1) {
            PropertyModel property = setters.get(i);
            try {
              property.write(bean, values[i]);
            } catch (FieldFailure failure) {
              throw failure.inField(property.javaName());
            }
          }
          return bean;
        });
  }

  private static void checkBeanClass(Class<?> type) {
    String kind = null;
    if (type.isInterface()) {
      kind = "an interface";
    } else if (type.isArray()) {
      kind = "an array";
    } else if (type.isPrimitive() || type.getName().startsWith("java.")) {
      kind = "a JDK class that is not a supported type";
    } else if (Modifier.isAbstract(type.getModifiers())) {
      kind = "an abstract class";
    } else if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
      kind = "an inner class that needs an enclosing instance (make it static)";
    }
    if (kind != null) {
      throw new FieldFailure(
          String.format(
              "unsupported Java type %s: %s; supported: %s",
              type.getName(), kind, ScalarModels.SUPPORTED));
    }
  }

  private static List<Field> beanFields(Class<?> type) {
    Deque<Class<?>> hierarchy = new ArrayDeque<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      hierarchy.push(c);
    }
    List<Field> fields = new ArrayList<>();
    for (Class<?> c : hierarchy) {
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (!Modifier.isStatic(modifiers)
            && !Modifier.isTransient(modifiers)
            && !field.isSynthetic()) {
          fields.add(field);
        }
      }
    }
    return fields;
  }

  private PropertyModel beanProperty(Class<?> type, Field field) {
    String name = field.getName();
    String suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    boolean publicField = Modifier.isPublic(field.getModifiers());

    Method getterMethod = publicMethod(type, "get" + suffix, field.getType());
    if (getterMethod == null
        && (field.getType() == boolean.class || field.getType() == Boolean.class)) {
      getterMethod = publicMethod(type, "is" + suffix, field.getType());
    }
    MethodHandle getter;
    if (getterMethod != null) {
      getter = getter(getterMethod);
    } else if (publicField) {
      getter = fieldGetter(field);
    } else {
      throw new FieldFailure(
          String.format(
              "expected a public getter get%s() or a public field, found neither"
                  + " (mark the field transient to leave it out)",
              suffix));
    }

    MethodHandle setter;
    Method setterMethod = publicSetter(type, "set" + suffix, field.getType());
    if (setterMethod != null) {
      setter = setter(setterMethod);
    } else if (publicField && !Modifier.isFinal(field.getModifiers())) {
      setter = fieldSetter(field);
    } else {
      throw new FieldFailure(
          String.format(
              "expected a public setter set%s(%s) or a public non-final field, found neither"
                  + " (mark the field transient to leave it out)",
              suffix, field.getType().getSimpleName()));
    }

    List<AnnotatedElement> declarations = new ArrayList<>();
    declarations.add(field);
    if (getterMethod != null) {
      declarations.add(getterMethod);
    }
    return property(name, field.getType(), field.getAnnotatedType(), declarations, getter, setter);
  }

  private PropertyModel property(
      String javaName,
      Class<?> rawType,
      AnnotatedType annotatedType,
      List<AnnotatedElement> declarations,
      MethodHandle getter,
      MethodHandle setter) {
    IcebergField settings = null;
    boolean notNull = hasNotNull(annotatedType.getAnnotations());
    for (AnnotatedElement declaration : declarations) {
      if (declaration == null) {
        continue;
      }
      if (settings == null) {
        settings = declaration.getAnnotation(IcebergField.class);
      }
      notNull |= hasNotNull(declaration.getAnnotations());
    }

    ModelType type = resolve(annotatedType, null);
    boolean optional = type instanceof OptionalModel;
    if (optional && settings != null && settings.required()) {
      throw new FieldFailure(
          "an Optional field cannot be required; remove required = true or the Optional");
    }
    // A not-null annotation on an Optional is about the Optional reference, not its content.
    boolean required =
        rawType.isPrimitive()
            || (!optional && (notNull || (settings != null && settings.required())));
    String icebergName =
        settings == null || settings.name().isBlank() ? javaName : settings.name().strip();
    String doc = settings == null || settings.doc().isEmpty() ? null : settings.doc();
    return new PropertyModel(javaName, icebergName, doc, required, type, getter, setter);
  }

  private static boolean hasNotNull(Annotation[] annotations) {
    for (Annotation annotation : annotations) {
      if (NOT_NULL.contains(annotation.annotationType().getSimpleName())) {
        return true;
      }
    }
    return false;
  }

  private static void checkProperties(Class<?> type, List<PropertyModel> properties) {
    if (properties.isEmpty()) {
      throw new FieldFailure(
          String.format(
              "%s has no fields, but an Iceberg struct needs at least one", type.getName()));
    }
    Map<String, String> javaNameByColumn = new HashMap<>();
    for (PropertyModel property : properties) {
      String previous = javaNameByColumn.putIfAbsent(property.icebergName(), property.javaName());
      if (previous != null) {
        throw new FieldFailure(
                String.format(
                    "column name '%s' is already used by field '%s'; rename one with"
                        + " @IcebergField(name = ...)",
                    property.icebergName(), previous))
            .inField(property.javaName());
      }
    }
  }

  /**
   * The model of a Java type. {@code inheritedDecimal} is an {@link IcebergDecimal} written on an
   * enclosing {@code Optional}, so {@code @IcebergDecimal(..) Optional<BigDecimal>} works too.
   */
  private ModelType resolve(AnnotatedType annotated, IcebergDecimal inheritedDecimal) {
    Type type = annotated.getType();
    IcebergDecimal decimal = annotated.getAnnotation(IcebergDecimal.class);
    if (decimal == null) {
      decimal = inheritedDecimal;
    }
    if (type instanceof Class<?> c) {
      return resolveClass(c, decimal);
    }
    if (type instanceof ParameterizedType parameterized
        && annotated instanceof AnnotatedParameterizedType annotatedParameterized) {
      return resolveParameterized(
          (Class<?>) parameterized.getRawType(),
          annotatedParameterized.getAnnotatedActualTypeArguments(),
          decimal,
          type);
    }
    if (type instanceof WildcardType) {
      throw new FieldFailure(
          String.format(
              "unsupported wildcard type %s; declare a concrete type, e.g. List<String>",
              type.getTypeName()));
    }
    if (type instanceof TypeVariable<?>) {
      throw new FieldFailure(
          String.format(
              "unsupported type variable %s; generic records and beans are not supported,"
                  + " declare a concrete type",
              type.getTypeName()));
    }
    // Generic arrays (T[], List<String>[]) and anything else left.
    throw unsupported(type);
  }

  private ModelType resolveClass(Class<?> type, IcebergDecimal decimal) {
    checkDecimalTarget(decimal, type == BigDecimal.class, type);
    ScalarModel scalar = ScalarModels.forClass(type, decimal);
    if (scalar != null) {
      return scalar;
    }
    if (type == Optional.class
        || Collection.class.isAssignableFrom(type)
        || Map.class.isAssignableFrom(type)) {
      if (type.getTypeParameters().length > 0) {
        throw new FieldFailure(
            String.format(
                "unsupported raw type %s; declare its type arguments, e.g. %s<String>",
                type.getName(), type.getSimpleName()));
      }
      throw unsupported(type);
    }
    if (type == Object.class || type.isArray() || type.isPrimitive()) {
      throw unsupported(type);
    }
    return struct(type);
  }

  private ModelType resolveParameterized(
      Class<?> raw, AnnotatedType[] arguments, IcebergDecimal decimal, Type type) {
    if (raw == Optional.class) {
      ModelType inner = resolve(arguments[0], decimal);
      if (inner instanceof OptionalModel) {
        throw new FieldFailure(
            String.format("unsupported nested Optional %s; use one Optional", type.getTypeName()));
      }
      return new OptionalModel(inner);
    }
    checkDecimalTarget(decimal, false, type);
    if (raw == List.class || raw == Collection.class) {
      return new CollectionModel(resolve(arguments[0], null), false);
    }
    if (raw == Set.class) {
      return new CollectionModel(resolve(arguments[0], null), true);
    }
    if (raw == Map.class) {
      ModelType key = resolve(arguments[0], null);
      if (!(key instanceof ScalarModel scalarKey)) {
        throw new FieldFailure(
            String.format(
                "unsupported map key type %s; map keys must be one of the scalar types (boolean,"
                    + " numbers, BigDecimal, String, CharSequence, char, enums, UUID, byte[],"
                    + " ByteBuffer, dates and times)",
                arguments[0].getType().getTypeName()));
      }
      return new MapModel(scalarKey, resolve(arguments[1], null));
    }
    throw unsupported(type);
  }

  private static void checkDecimalTarget(IcebergDecimal decimal, boolean isDecimal, Type type) {
    if (decimal != null && !isDecimal) {
      throw new FieldFailure(
          String.format(
              "@IcebergDecimal applies only to java.math.BigDecimal, found %s",
              type.getTypeName()));
    }
  }

  private static FieldFailure unsupported(Type type) {
    return new FieldFailure(
        String.format(
            "unsupported Java type %s; supported: %s", type.getTypeName(), ScalarModels.SUPPORTED));
  }

  private static Field declaredField(Class<?> type, String name) {
    try {
      return type.getDeclaredField(name);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  private static Method publicMethod(Class<?> type, String name, Class<?> returnType) {
    try {
      Method method = type.getMethod(name);
      return method.getReturnType() == returnType && !Modifier.isStatic(method.getModifiers())
          ? method
          : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static Method publicSetter(Class<?> type, String name, Class<?> parameterType) {
    try {
      Method method = type.getMethod(name, parameterType);
      return Modifier.isStatic(method.getModifiers()) ? null : method;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static MethodHandle getter(Method method) {
    return unreflect(method).asType(MethodType.methodType(Object.class, Object.class));
  }

  private static MethodHandle setter(Method method) {
    return unreflect(method).asType(MethodType.methodType(void.class, Object.class, Object.class));
  }

  private static MethodHandle fieldGetter(Field field) {
    makeAccessible(field);
    try {
      return MethodHandles.lookup()
          .unreflectGetter(field)
          .asType(MethodType.methodType(Object.class, Object.class));
    } catch (IllegalAccessException e) {
      throw inaccessible(field, e);
    }
  }

  private static MethodHandle fieldSetter(Field field) {
    makeAccessible(field);
    try {
      return MethodHandles.lookup()
          .unreflectSetter(field)
          .asType(MethodType.methodType(void.class, Object.class, Object.class));
    } catch (IllegalAccessException e) {
      throw inaccessible(field, e);
    }
  }

  private static MethodHandle unreflect(Method method) {
    makeAccessible(method);
    try {
      return MethodHandles.lookup().unreflect(method);
    } catch (IllegalAccessException e) {
      throw inaccessible(method, e);
    }
  }

  private static MethodHandle unreflect(Constructor<?> constructor) {
    makeAccessible(constructor);
    try {
      return MethodHandles.lookup().unreflectConstructor(constructor);
    } catch (IllegalAccessException e) {
      throw inaccessible(constructor, e);
    }
  }

  /**
   * Public members of a non-public class (a package-private record, say) are not accessible from
   * this package without this; in a named module the package must be open to Floe.
   */
  private static void makeAccessible(AccessibleObject member) {
    try {
      member.setAccessible(true);
    } catch (RuntimeException e) {
      throw inaccessible(member, e);
    }
  }

  private static FieldFailure inaccessible(Object member, Exception cause) {
    return new FieldFailure(
        String.format(
            "cannot access %s: %s; make it public or open its package to Floe", member, cause),
        cause);
  }
}
