package io.headroom.common.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The one error boundary of every service: each failure a request can meet becomes an RFC 9457
 * {@code application/problem+json} answer, counted by type in the metric
 * {@code headroom.problems}. Nothing of the failure's internals (message of a library exception,
 * stack trace, SQL, class names) reaches the response; unexpected failures are logged with a
 * reference the response carries.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final String UNIQUE_VIOLATION = "23505";
    /** A row refers to one deleted meanwhile (a project deleted while a call for it was admitted). */
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    /** SQL state class 22, data exception: a value out of range or not encodable, from the request. */
    private static final String DATA_EXCEPTION_CLASS = "22";

    private final MeterRegistry registry;

    public ProblemMapper(MeterRegistry registry) {
        this.registry = registry;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return respond(unauthorizedProblem(), uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return respond(unauthorizedProblem(), uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.FORBIDDEN).detail("this role may not do that").build(), uri);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldOf(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort((a, b) -> a.field().compareTo(b.field()));
        return respond(Problem.of(ProblemType.VALIDATION).detail("the request has invalid fields")
                .errors(errors).build(), uri);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return respond(jsonProblem(json), uri);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        Problem problem = switch (status) {
            case 400 -> Problem.of(ProblemType.VALIDATION).detail("the request could not be read")
                    .errors(List.of()).build();
            case 401 -> unauthorizedProblem();
            case 403 -> Problem.of(ProblemType.FORBIDDEN).build();
            case 404 -> Problem.of(ProblemType.NOT_FOUND).detail("nothing is here").build();
            case 405 -> withAllow(Problem.http(405, "Method not allowed")
                    .detail("this resource does not answer that method"), e, uri).build();
            case 406 -> Problem.http(406, "Not acceptable").detail("no representation for that Accept header").build();
            case 413 -> Problem.of(ProblemType.PAYLOAD_TOO_LARGE).build();
            case 415 -> Problem.http(415, "Unsupported media type").detail("send application/json").build();
            default -> status >= 500 ? null : Problem.http(status, "HTTP " + status).build();
        };
        return problem == null ? unexpected(e, uri) : respond(problem, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProblemException problem) {
                return problem(problem, uri);
            }
            String sqlState = SqlStates.of(t);
            if (UNIQUE_VIOLATION.equals(sqlState)) {
                return respond(Problem.of(ProblemType.CONFLICT).detail("an object with this id already exists")
                        .build(), uri);
            }
            if (sqlState != null && sqlState.startsWith(DATA_EXCEPTION_CLASS)) {
                LOG.warnf("a value PostgreSQL refused on %s: %s", uri == null ? "?" : uri.getPath(), sqlState);
                return respond(Problem.of(ProblemType.VALIDATION).detail("a value in this request cannot be stored"
                        + " (such as a NUL character or a date out of range)").build(), uri);
            }
            if (FOREIGN_KEY_VIOLATION.equals(sqlState)) {
                return respond(Problem.of(ProblemType.NOT_FOUND).detail("what this request refers to was deleted")
                        .build(), uri);
            }
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure on %s, reference %s", uri == null ? "?" : uri.getPath(), reference);
        return respond(Problem.of(ProblemType.INTERNAL).detail("an unexpected error occurred")
                .with("reference", reference).build(), uri);
    }

    private Response respond(Problem problem, UriInfo uri) {
        registry.counter("headroom.problems", "type", problem.type().slug(), "status",
                Integer.toString(problem.status())).increment();
        Response.ResponseBuilder response = Response.status(problem.status())
                .type(ProblemType.MEDIA_TYPE)
                .entity(problem.body(uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "")));
        problem.headers().forEach(response::header);
        return response.build();
    }

    private static Problem unauthorizedProblem() {
        return Problem.of(ProblemType.UNAUTHORIZED).detail("a valid bearer token is required")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private static Problem.Builder withAllow(Problem.Builder builder, WebApplicationException e, UriInfo uri) {
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow == null && uri != null) {
            allow = AllowedMethods.forPath(uri.getPath());
        }
        return allow == null ? builder : builder.header(HttpHeaders.ALLOW, allow);
    }

    private static Problem jsonProblem(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = pathOf(mapping);
            String message;
            if (e instanceof UnrecognizedPropertyException) {
                message = "is not a known field";
            } else if (e instanceof InvalidFormatException format && format.getTargetType() != null
                    && format.getTargetType().isEnum()) {
                message = "must be one of " + enumValues(format.getTargetType());
            } else {
                message = "has the wrong type or format";
            }
            return Problem.of(ProblemType.VALIDATION).detail(field + " " + message)
                    .errors(List.of(new Problem.FieldError(field, message))).build();
        }
        return Problem.of(ProblemType.VALIDATION).detail("the body is not valid JSON of the expected shape")
                .errors(List.of()).build();
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }

    private static String enumValues(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            names.add(constant.toString());
        }
        return names.toString();
    }

    /** {@code create.request.items[0].name} → {@code items[0].name}; a bare parameter keeps its name. */
    static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (kind == ElementKind.PARAMETER || kind == ElementKind.CROSS_PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.getName() == null) {
                continue;
            }
            if (field.length() > 0) {
                field.append('.');
            }
            field.append(node.getName());
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                field.append('[').append(node.getKey()).append(']');
            }
        }
        if (field.length() > 0) {
            return field.toString();
        }
        return parameter == null ? "request" : parameter;
    }
}
