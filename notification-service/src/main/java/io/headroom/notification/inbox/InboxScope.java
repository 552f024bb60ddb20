package io.headroom.notification.inbox;

import java.util.List;
import java.util.Map;

import io.headroom.common.security.AccessPolicy;
import io.headroom.common.security.Caller;
import io.headroom.common.security.Roles;

/**
 * Whose inbox and what it shows: the rule {@link AccessPolicy#notificationReader} (the owner sees
 * every notification of the account, a member those of the projects the owner made them
 * {@code admin} of), in the form the inbox queries filter by. Read marks belong to the reader (the
 * token's subject), so one user's reading does not clear another's bell.
 */
public final class InboxScope {

    private final Caller caller;
    private final boolean wholeAccount;
    private final List<String> projects;

    private InboxScope(Caller caller, boolean wholeAccount, List<String> projects) {
        this.caller = caller;
        this.wholeAccount = wholeAccount;
        this.projects = List.copyOf(projects);
    }

    public static InboxScope of(Caller caller) {
        boolean owner = caller.isOwnerOf(caller.accountId());
        if (!owner && !caller.belongsTo(caller.accountId())) {
            return new InboxScope(caller, false, List.of());
        }
        List<String> adminOf = caller.projectRoles().entrySet().stream()
                .filter(entry -> Roles.PROJECT_ADMIN.equals(entry.getValue())).map(Map.Entry::getKey).sorted().toList();
        return new InboxScope(caller, owner, owner ? List.of() : adminOf);
    }

    /** Whose read marks: the token's subject. */
    public String reader() {
        return caller.subject();
    }

    /** The account whose notifications show (when the scope is not {@link #empty()}). */
    public String accountId() {
        return caller.accountId();
    }

    /** The owner's scope: every notification of the account. */
    public boolean wholeAccount() {
        return wholeAccount;
    }

    /** A member's scope: the projects they administer. */
    public List<String> projects() {
        return projects;
    }

    /** Nothing can show: a caller with no inbox, or a member who administers no project. */
    public boolean empty() {
        return !wholeAccount && projects.isEmpty();
    }

    /** Whether a notification of that account and project (null: account-wide) shows to this caller. */
    public boolean shows(String accountId, String projectId) {
        return AccessPolicy.notificationReader(caller, accountId, projectId) == AccessPolicy.Decision.ALLOWED;
    }
}
