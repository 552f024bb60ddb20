package io.headroom.common.problem;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import io.quarkus.arc.Arc;

/**
 * The methods each resource path answers, for the {@code Allow} header RFC 9110 requires on a 405
 * (Quarkus REST raises its 405 without one). Read once from the service's resource classes.
 */
final class AllowedMethods {

    private static final List<Class<? extends Annotation>> VERBS =
            List.of(GET.class, POST.class, PUT.class, PATCH.class, DELETE.class, HEAD.class);

    private record Route(Pattern path, String method) {
    }

    private static volatile List<Route> routes;

    private AllowedMethods() {
    }

    /** The {@code Allow} value for {@code path}, or null when no resource matches it. */
    static String forPath(String path) {
        Set<String> allowed = new TreeSet<>();
        String normalized = "/" + path.replaceAll("^/+|/+$", "");
        for (Route route : routes()) {
            if (route.path().matcher(normalized).matches()) {
                allowed.add(route.method());
            }
        }
        if (allowed.isEmpty()) {
            return null;
        }
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        allowed.add("OPTIONS");
        return String.join(", ", allowed);
    }

    private static List<Route> routes() {
        if (routes == null) {
            List<Route> found = new ArrayList<>();
            for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
                Path root = bean.getBeanClass().getAnnotation(Path.class);
                if (root != null) {
                    addRoutes(found, root.value(), bean.getBeanClass());
                }
            }
            routes = List.copyOf(found);
        }
        return routes;
    }

    private static void addRoutes(List<Route> found, String root, Class<?> resource) {
        for (Method method : resource.getMethods()) {
            Path sub = method.getAnnotation(Path.class);
            String template = "/" + (root + "/" + (sub == null ? "" : sub.value())).replaceAll("/+", "/")
                    .replaceAll("^/|/$", "");
            Pattern pattern = Pattern.compile(Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
            for (Class<? extends Annotation> verb : VERBS) {
                if (method.isAnnotationPresent(verb)) {
                    found.add(new Route(pattern, verb.getSimpleName()));
                }
            }
        }
    }
}
