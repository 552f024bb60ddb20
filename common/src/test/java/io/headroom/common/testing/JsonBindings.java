package io.headroom.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.ws.rs.HttpMethod;

import io.headroom.common.event.Event;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a native executable needs for Jackson, checked on the JVM without booting Quarkus: which
 * types a module binds to JSON, and which types {@code @RegisterForReflection} registers. A
 * module's test asserts that {@link #unregistered} is empty.
 *
 * <p>Only {@code io.headroom} types count: the JDK's and the libraries' are not ours to register.
 */
public final class JsonBindings {

    private static final String OURS = "io.headroom.";

    private JsonBindings() {
    }

    /**
     * Every class compiled into the classes directory {@code anchor} was loaded from: the module's
     * {@code target/classes} (not its tests), loaded without being initialized.
     */
    public static List<Class<?>> moduleClasses(Class<?> anchor) {
        Path root = classesDirectory(anchor);
        List<String> names;
        try (Stream<Path> files = Files.walk(root)) {
            names = files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString())
                    .filter(name -> name.endsWith(".class") && !name.endsWith("module-info.class")
                            && !name.endsWith("package-info.class"))
                    .map(name -> name.substring(0, name.length() - ".class".length())
                            .replace(root.getFileSystem().getSeparator(), "."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Class<?>> classes = new ArrayList<>(names.size());
        for (String name : names) {
            classes.add(load(name, anchor.getClassLoader()));
        }
        return classes;
    }

    /**
     * The types {@code classes} bind to JSON: the parameter and return types of their resource
     * methods (methods of a {@code @Path} class that carry {@code @Path} or an HTTP method such as
     * {@code @GET}), every {@link Event} they implement (the outbox writes it as JSON), and
     * {@code alsoBound} (what the module hands to an ObjectMapper itself); then, recursively, what
     * those contain: type arguments ({@code Uni<Page<View>>}), record components, the fields of a
     * plain class, array components and the permitted subclasses of a sealed type.
     */
    public static Set<Class<?>> jsonBound(Collection<Class<?>> classes, Collection<Class<?>> alsoBound) {
        Set<Class<?>> bound = new LinkedHashSet<>();
        for (Class<?> type : classes) {
            if (type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                for (Method method : type.getDeclaredMethods()) {
                    if (!method.isSynthetic() && isResourceMethod(method)) {
                        add(method.getGenericReturnType(), bound);
                        for (Type parameter : method.getGenericParameterTypes()) {
                            add(parameter, bound);
                        }
                    }
                }
            }
            if (Event.class.isAssignableFrom(type) && !type.isInterface()
                    && !Modifier.isAbstract(type.getModifiers())) {
                add(type, bound);
            }
        }
        for (Class<?> type : alsoBound) {
            add(type, bound);
        }
        return bound;
    }

    /**
     * The classes the {@code @RegisterForReflection} annotations on {@code annotated} register, as
     * Quarkus reads them: an annotation without {@code targets} and {@code classNames} registers the
     * class it is on, otherwise it registers those; each with its nested classes unless
     * {@code ignoreNested}.
     */
    public static Set<Class<?>> registered(Collection<Class<?>> annotated) {
        Set<Class<?>> registered = new HashSet<>();
        for (Class<?> type : annotated) {
            RegisterForReflection registration = type.getAnnotation(RegisterForReflection.class);
            if (registration == null) {
                continue;
            }
            List<Class<?>> targets = new ArrayList<>(List.of(registration.targets()));
            for (String name : registration.classNames()) {
                targets.add(load(name, type.getClassLoader()));
            }
            if (targets.isEmpty()) {
                targets.add(type);
            }
            for (Class<?> target : targets) {
                addWithNested(target, !registration.ignoreNested(), registered);
            }
        }
        return registered;
    }

    /** The names of the {@code bound} types that {@code registered} lacks, sorted; empty when none. */
    public static List<String> unregistered(Set<Class<?>> bound, Set<Class<?>> registered) {
        return bound.stream().filter(type -> !registered.contains(type)).map(Class::getName).sorted().toList();
    }

    private static boolean isResourceMethod(Method method) {
        if (method.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
            return true;
        }
        for (Annotation annotation : method.getAnnotations()) {
            if (annotation.annotationType().isAnnotationPresent(HttpMethod.class)) {
                return true;
            }
        }
        return false;
    }

    private static void add(Type type, Set<Class<?>> bound) {
        if (type instanceof Class<?> plain) {
            if (plain.isArray()) {
                add(plain.getComponentType(), bound);
            } else if (plain.getName().startsWith(OURS) && bound.add(plain)) {
                if (plain.isRecord()) {
                    for (RecordComponent component : plain.getRecordComponents()) {
                        add(component.getGenericType(), bound);
                    }
                } else if (!plain.isEnum() && !plain.isInterface()) {
                    for (Field field : plain.getDeclaredFields()) {
                        int modifiers = field.getModifiers();
                        if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers) && !field.isSynthetic()) {
                            add(field.getGenericType(), bound);
                        }
                    }
                }
                if (plain.isSealed()) {
                    for (Class<?> permitted : plain.getPermittedSubclasses()) {
                        add(permitted, bound);
                    }
                }
            }
        } else if (type instanceof ParameterizedType parameterized) {
            add(parameterized.getRawType(), bound);
            for (Type argument : parameterized.getActualTypeArguments()) {
                add(argument, bound);
            }
        } else if (type instanceof GenericArrayType array) {
            add(array.getGenericComponentType(), bound);
        } else if (type instanceof WildcardType wildcard) {
            for (Type upper : wildcard.getUpperBounds()) {
                add(upper, bound);
            }
            for (Type lower : wildcard.getLowerBounds()) {
                add(lower, bound);
            }
        }
        // A TypeVariable (the T of Page<T>) is bound where it is used, Page<ProjectView>: nothing here.
    }

    private static void addWithNested(Class<?> type, boolean nested, Set<Class<?>> registered) {
        registered.add(type);
        if (nested) {
            for (Class<?> member : type.getDeclaredClasses()) {
                addWithNested(member, true, registered);
            }
        }
    }

    private static Path classesDirectory(Class<?> anchor) {
        CodeSource source = anchor.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        Path directory = null;
        try {
            directory = location == null ? null : Path.of(location.toURI());
        } catch (Exception notAFile) {
            // reported below
        }
        if (directory == null || !Files.isDirectory(directory)) {
            throw new IllegalStateException(anchor.getName() + " was not loaded from a classes directory but from "
                    + location + ": run this test in its module's build (mvn test)");
        }
        return directory;
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("cannot load " + name, e);
        }
    }
}
