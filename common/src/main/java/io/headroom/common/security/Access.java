package io.headroom.common.security;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.headroom.common.problem.Problem;
import io.headroom.common.problem.ProblemType;
import io.headroom.common.problem.Problems;

/**
 * The authorization component every service calls: reads the {@link Caller} from the verified
 * token and enforces an {@link AccessPolicy} rule, throwing the matching problem (404 for an
 * object of another account, 403 for a missing right). Role checks on the endpoint itself stay
 * with {@code @RolesAllowed}.
 */
@RequestScoped
public class Access {

    public static final String ACCOUNT_ID_CLAIM = "account_id";
    public static final String PROJECT_ROLES_CLAIM = "project_roles";

    private final JsonWebToken token;
    private Caller caller;

    public Access(JsonWebToken token) {
        this.token = token;
    }

    public Caller caller() {
        if (caller == null) {
            caller = new Caller(token.getSubject(), token.getGroups(), token.getClaim(ACCOUNT_ID_CLAIM),
                    projectRoles(token.getClaim(PROJECT_ROLES_CLAIM)));
        }
        return caller;
    }

    public void requireAccountOwner(String accountId, String what, String id) {
        enforce(AccessPolicy.accountOwner(caller(), accountId), what, id);
    }

    public void requireAccountUser(String accountId, String what, String id) {
        enforce(AccessPolicy.accountUser(caller(), accountId), what, id);
    }

    public void requireProjectAdmin(String accountId, String projectId) {
        enforce(AccessPolicy.projectAdmin(caller(), accountId, projectId), "project", projectId);
    }

    public void requireProjectReader(String accountId, String projectId) {
        enforce(AccessPolicy.projectReader(caller(), accountId, projectId), "project", projectId);
    }

    public void requireProjectAdminOrGateway(String accountId, String projectId) {
        enforce(AccessPolicy.projectAdminOrGateway(caller(), accountId, projectId), "project", projectId);
    }

    public void requireProjectReaderOrGateway(String accountId, String projectId) {
        enforce(AccessPolicy.projectReaderOrGateway(caller(), accountId, projectId), "project", projectId);
    }

    public void requireOwnerOnly(String accountId, String what, String id) {
        enforce(AccessPolicy.ownerOnly(caller(), accountId), what, id);
    }

    public void requireAnyProjectAdmin(String accountId, String what, String id) {
        enforce(AccessPolicy.anyProjectAdmin(caller(), accountId), what, id);
    }

    public void requireNotificationSettingsOwner(String accountId, String projectId) {
        enforce(AccessPolicy.notificationSettings(caller(), accountId), "project", projectId);
    }

    private static void enforce(AccessPolicy.Decision decision, String what, String id) {
        switch (decision) {
            case ALLOWED -> {
            }
            case HIDDEN -> throw Problems.notFound(what, id);
            case FORBIDDEN -> throw Problem.of(ProblemType.FORBIDDEN)
                    .detail("your role on this account does not allow that").exception();
        }
    }

    private static Map<String, String> projectRoles(Object claim) {
        Map<String, String> roles = new HashMap<>();
        if (claim instanceof JsonObject json) {
            for (Map.Entry<String, JsonValue> entry : json.entrySet()) {
                if (entry.getValue() instanceof JsonString role) {
                    roles.put(entry.getKey(), role.getString());
                }
            }
        } else if (claim instanceof Map<?, ?> map) {
            map.forEach((k, v) -> roles.put(String.valueOf(k), String.valueOf(v)));
        }
        return roles;
    }
}
